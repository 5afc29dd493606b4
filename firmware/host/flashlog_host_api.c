/* ctypes entry points for tests/test_flashlog.py: a queue made durable by flashlog.c over the
 * emulated flash of flash_emu.c, driven the way relay.c drives it (PUT is answered STORED only
 * once its record is in flash). */
#include <stdint.h>
#include <string.h>

#include "flash_emu.h"
#include "flashlog.h"
#include "queue.h"
#include "relay_host_api.h"

#define FQ_ARENA (256u * 1024u) /* as relay_host_api.c: room for a 64-sector log's worth */

typedef struct {
    flash_emu_t emu;
    flashlog_t log;
    queue_t queue;
    uint8_t arena[FQ_ARENA];
} fq_host_t;

size_t fq_host_size(void);
int fq_host_open(fq_host_t *h, uint8_t *mem, uint32_t size, uint32_t cut_at, uint32_t cut_keep,
                 uint32_t *erase_counts, uint32_t budget);
void fq_host_erase_cut(fq_host_t *h, unsigned mode);
int fq_host_put(fq_host_t *h, const uint8_t *id, uint8_t cls, uint8_t hops, uint32_t ttl_s,
                const uint8_t *data, size_t len, uint32_t now_s);
int fq_host_remove(fq_host_t *h, const uint8_t *id, uint32_t now_s);
unsigned fq_host_expire(fq_host_t *h, uint32_t now_s);
void fq_host_configure(fq_host_t *h, uint32_t budget, uint32_t now_s);
int fq_host_object(const fq_host_t *h, unsigned index, uint8_t *id, uint32_t *meta, uint8_t *data);
void fq_host_stats(const fq_host_t *h, uint32_t *out);
int fq_host_ids(const fq_host_t *h, uint8_t *ids, uint32_t *cursors, unsigned max);

size_t fq_host_size(void) { return sizeof(fq_host_t); }

/* How an erase the power cuts ends (flash_emu_erase_cut_t), for the boot just opened (opening
 * only reads, so the mode is in place before the first erase). */
void fq_host_erase_cut(fq_host_t *h, unsigned mode) { h->emu.erase_cut = (uint8_t)mode; }

/* A boot: a new emulated flash over `mem` (the same bytes as before the cut), an empty queue,
 * recovery. Returns what flashlog_open returns. */
int fq_host_open(fq_host_t *h, uint8_t *mem, uint32_t size, uint32_t cut_at, uint32_t cut_keep,
                 uint32_t *erase_counts, uint32_t budget)
{
    flash_hal_t hal;
    int restored;
    flash_emu_init(&h->emu, mem, size, cut_at, cut_keep, erase_counts, &hal);
    queue_init(&h->queue, h->arena, sizeof h->arena, budget, 0x07, 8);
    restored = flashlog_open(&h->log, &hal, &h->queue);
    return restored;
}

int fq_host_put(fq_host_t *h, const uint8_t *id, uint8_t cls, uint8_t hops, uint32_t ttl_s,
                const uint8_t *data, size_t len, uint32_t now_s)
{
    queue_status_t status;
    flashlog_clock(&h->log, now_s);
    status = queue_put(&h->queue, id, cls, hops, ttl_s, data, len, now_s);
    if (status == QUEUE_STORED && flashlog_put(&h->log, h->queue.next_cursor - 1) != 0) {
        return QUEUE_FULL;
    }
    return (int)status;
}

int fq_host_remove(fq_host_t *h, const uint8_t *id, uint32_t now_s)
{
    flashlog_clock(&h->log, now_s);
    return queue_remove(&h->queue, id);
}

unsigned fq_host_expire(fq_host_t *h, uint32_t now_s)
{
    flashlog_clock(&h->log, now_s);
    return queue_expire(&h->queue, now_s);
}

void fq_host_configure(fq_host_t *h, uint32_t budget, uint32_t now_s)
{
    flashlog_clock(&h->log, now_s);
    queue_configure(&h->queue, budget, 0x07, 8);
}

/* The index-th object in arrival order: id, meta = {class, hops, cursor, expiry}, data (8 KiB
 * room); returns its length, or -1 past the end. */
int fq_host_object(const fq_host_t *h, unsigned index, uint8_t *id, uint32_t *meta, uint8_t *data)
{
    size_t offset = 0;
    queue_obj_t obj;
    unsigned i = 0;
    while (queue_walk(&h->queue, &offset, &obj)) {
        if (i++ == index) {
            memcpy(id, obj.id, QUEUE_ID);
            meta[0] = obj.cls;
            meta[1] = obj.hops;
            meta[2] = obj.cursor;
            meta[3] = obj.expiry;
            memcpy(data, obj.data, obj.len);
            return obj.len;
        }
    }
    return -1;
}

/* steps, nor_errors, bounds_errors, programs, erases, programmed, records, relocated, restored,
 * skipped, failures, sectors in use, power off */
void fq_host_stats(const fq_host_t *h, uint32_t *out)
{
    const flashlog_stats_t *s = &h->log.stats;
    out[0] = h->emu.steps;
    out[1] = h->emu.nor_errors;
    out[2] = h->emu.bounds_errors;
    out[3] = s->programs;
    out[4] = s->erases;
    out[5] = s->programmed;
    out[6] = s->records;
    out[7] = s->relocated;
    out[8] = s->restored;
    out[9] = s->skipped;
    out[10] = s->failures;
    out[11] = h->log.opened ? h->log.head + 1 - h->log.tail : 0;
    out[12] = h->emu.off;
}

/* Every held id (16 bytes each) and cursor, in arrival order; returns how many (at most max). */
int fq_host_ids(const fq_host_t *h, uint8_t *ids, uint32_t *cursors, unsigned max)
{
    size_t offset = 0;
    queue_obj_t obj;
    unsigned n = 0;
    while (n < max && queue_walk(&h->queue, &offset, &obj)) {
        memcpy(ids + 16u * n, obj.id, QUEUE_ID);
        cursors[n++] = obj.cursor;
    }
    return (int)n;
}

/* --- the same over a whole relay (relay_host_t of relay_host_api.h) -------------------------- */

typedef struct {
    flash_emu_t emu;
    flashlog_t log;
} fq_relay_flash_t;

size_t fq_relay_flash_size(void);
int fq_relay_attach(relay_host_t *relay, fq_relay_flash_t *f, uint8_t *mem, uint32_t size,
                    uint32_t cut_at, uint32_t cut_keep);
uint32_t fq_relay_flash_off(const fq_relay_flash_t *f);

size_t fq_relay_flash_size(void) { return sizeof(fq_relay_flash_t); }

/* A relay's boot with its queue partition: recovery, then every PUT made durable. */
int fq_relay_attach(relay_host_t *relay, fq_relay_flash_t *f, uint8_t *mem, uint32_t size,
                    uint32_t cut_at, uint32_t cut_keep)
{
    flash_hal_t hal;
    flash_emu_init(&f->emu, mem, size, cut_at, cut_keep, NULL, &hal);
    return relay_attach_flash(&relay->relay, &f->log, &hal);
}

uint32_t fq_relay_flash_off(const fq_relay_flash_t *f) { return f->emu.off; }
