/* The relay's queue made durable: a log of its objects in a flash partition (PROTOCOL.md §4).
 *
 * The RAM queue (queue.c) stays the working copy; this log only records what happened to it:
 * a PUT record when an object is stored, a REMOVE record when one leaves (removed, evicted,
 * expired). Records are appended across the partition's 4 KiB sectors used as a ring, each
 * sector behind a small header naming its place in the ring (a sequence number); a record may
 * span sectors. Before the ring needs the oldest sector again, its records still live in the
 * queue are copied forward and the sector is erased, so every sector is erased once a lap (wear
 * levelling by construction). A record ends with its CRC-32C then a commit marker programmed
 * last: a record cut by a power loss has no marker and is ignored.
 *
 * At boot flashlog_open replays the log into an empty queue: PUTs come back with their cursor,
 * hops and remaining lifetime, REMOVEs take them out again. The ids the queue remembers after
 * their objects left (its dedupe list) survive too: when a reclaim erases the last PUT of such
 * an object, a SEEN record carrying its id goes forward instead, and so on each lap while the
 * queue still remembers it. The relay has no calendar clock, so
 * time in the log is "log time": the latest time any record carries plus the uptime since boot;
 * the time the relay was off does not count against an object's lifetime.
 *
 * No malloc: a flashlog_t holds one record's worth of scratch (about 8 KiB).
 */
#ifndef OBAMBU_FLASHLOG_H
#define OBAMBU_FLASHLOG_H

#include <stddef.h>
#include <stdint.h>

#include "flash_hal.h"
#include "queue.h"

#define FLASHLOG_SECTOR_HEADER 16u /* magic[4] seq[4] first[2] 0xFFFF crc[4] */
#define FLASHLOG_SECTOR_DATA (FLASH_SECTOR - FLASHLOG_SECTOR_HEADER)
#define FLASHLOG_RECORD_HEADER 16u /* magic[2] kind len[2] 0xFFFF.. seq[4] time[4] */
#define FLASHLOG_RECORD_TRAILER 8u /* crc[4] commit[4] */
#define FLASHLOG_PUT_FIXED 26u     /* id[16] class hops cursor[4] expiry[4], then the data */
#define FLASHLOG_REMOVE_BODY 4u    /* cursor[4] */
#define FLASHLOG_SEEN_BODY 16u     /* id[16] of an object that left: refused if it comes again */
#define FLASHLOG_SEEN_SIZE (FLASHLOG_RECORD_HEADER + FLASHLOG_SEEN_BODY + FLASHLOG_RECORD_TRAILER)
#define FLASHLOG_RECORD_MAX \
    (FLASHLOG_RECORD_HEADER + FLASHLOG_PUT_FIXED + QUEUE_MAX_OBJECT + FLASHLOG_RECORD_TRAILER)
/* Free sectors kept for copying one sector's live records forward (they may start anywhere in
 * it and run up to FLASHLOG_RECORD_MAX past its end: 4 sectors), plus the one a boot after a
 * cut may skip. */
#define FLASHLOG_RESERVE 5u
#define FLASHLOG_MIN_SECTORS (FLASHLOG_RESERVE + 4u)
#define FLASHLOG_MAX_SECTORS 4096u

enum flashlog_kind { FLASHLOG_PUT = 1, FLASHLOG_REMOVE = 2, FLASHLOG_SEEN = 3 };

typedef struct {
    uint32_t programs, erases;   /* flash calls made */
    uint32_t programmed;         /* bytes programmed */
    uint32_t records, relocated; /* records appended; of them, live ones copied forward */
    uint32_t restored, skipped;  /* at open: objects back in the queue; bad records passed over */
    uint32_t failures;           /* flash calls that failed, or no room: the object was refused */
    uint32_t remembered;         /* SEEN records written: ids carried past a reclaim */
} flashlog_stats_t;

typedef struct {
    flash_hal_t hal;
    queue_t *queue;
    uint32_t sectors;
    uint32_t tail;     /* sequence number of the oldest sector in use */
    uint32_t head;     /* sequence number of the sector being written */
    uint32_t head_off; /* next free byte in it; FLASH_SECTOR when full */
    uint8_t opened;    /* some sector is in use (tail..head) */
    uint8_t reclaiming;
    uint8_t copies; /* recovery met two copies of an object: reclaims skip copied ones */
    uint32_t next_seq; /* record sequence numbers only grow */
    uint32_t base;     /* log time at boot */
    uint32_t now;      /* the caller's latest uptime, seconds */
    uint32_t limit;    /* record bytes of live objects the log accepts */
    uint32_t durable;  /* how many of the ids the queue remembered last survive a reboot */
    flashlog_stats_t stats;
    uint8_t scratch[FLASHLOG_RECORD_MAX];
} flashlog_t;

/* Recovery: replays the partition into `q` (freshly initialised, its objects in the queue's
 * clock with now = 0), then watches `q` so that every object leaving it is recorded. A blank or
 * unreadable partition gives an empty queue. Returns the objects restored, or -1 if the
 * partition is too small (fewer than FLASHLOG_MIN_SECTORS sectors). */
int flashlog_open(flashlog_t *fl, const flash_hal_t *hal, queue_t *q);

/* The caller's uptime in seconds (the queue's clock), for the times records carry. */
void flashlog_clock(flashlog_t *fl, uint32_t now_s);

/* Makes the object `cursor` of the queue durable. 0 once its record (commit marker included)
 * is programmed: only then may the relay answer STORED. Negative if the log has no room or the
 * flash failed; the caller then takes the object out of the queue and answers FULL. */
int flashlog_put(flashlog_t *fl, uint32_t cursor);

/* Record bytes an object of `len` data bytes takes in the log. */
uint32_t flashlog_record_size(size_t len);

#endif
