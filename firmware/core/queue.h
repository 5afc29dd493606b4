/* Store and forward of opaque objects (PROTOCOL.md §4), in an arena the caller provides.
 *
 * Objects lie back to back in arrival order, each behind a 28-byte header, so LIST is a walk
 * and removing one moves the tail down: no allocator, no fragmentation, and the arena can be a
 * static array. Lookups by id are linear; a relay holds at most a few hundred objects.
 */
#ifndef OBAMBU_QUEUE_H
#define OBAMBU_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#define QUEUE_ID 16u
#define QUEUE_MAX_OBJECT 8192u
#define QUEUE_HEADER 28u /* id[16] class hops len[2] cursor[4] expiry[4] */
#define QUEUE_SEEN 256u  /* ids remembered after they left, so a copy is not taken twice */
/* 0 governance, 1 blocks, 2 documents, 3 urgent (P0 posts): urgency is queue_rank, not the
 * number, since class 3 came after the others and the numbers on the wire stay. */
#define QUEUE_CLASSES 4u

/* PUT_RESULT statuses. */
typedef enum {
    QUEUE_STORED = 0,
    QUEUE_DUPLICATE = 1,
    QUEUE_FULL = 2,
    QUEUE_TOO_BIG = 3,
    QUEUE_CLASS_REFUSED = 4,
    QUEUE_HOP_LIMIT = 5
} queue_status_t;

typedef struct {
    const uint8_t *id;
    uint8_t cls;
    uint8_t hops;
    uint16_t len;
    uint32_t cursor; /* arrival number, from 1 */
    uint32_t expiry; /* in the queue's clock, seconds */
    const uint8_t *data;
} queue_obj_t;

typedef struct {
    uint8_t *arena;
    size_t cap;
    size_t used;
    uint32_t budget; /* data bytes the queue may hold (headers count against the arena only) */
    uint32_t bytes;  /* data bytes held */
    uint16_t count;
    uint8_t classes; /* bit per class the relay may carry */
    uint8_t hop_limit;
    uint32_t next_cursor;
    uint8_t seen[QUEUE_SEEN][QUEUE_ID];
    uint16_t seen_next, seen_count;
    uint32_t stored, duplicates, evicted, expired, refused;
    /* Told the cursor of every object that leaves (removed, evicted, expired), once the queue
     * is consistent again, so a durable store can record the removal (flashlog.c). */
    void (*dropped)(void *ctx, uint32_t cursor);
    void *dropped_ctx;
} queue_t;

void queue_init(queue_t *q, uint8_t *arena, size_t cap, uint32_t budget, uint8_t classes,
                uint8_t hop_limit);

/* Urgency of a class, lower first: governance 0, urgent 1, blocks 2, documents 3 (the order
 * mesh_rank uses on the air); QUEUE_CLASSES for a class the queue does not know. */
uint8_t queue_rank(uint8_t cls);

/* New limits; objects are evicted (least urgent, oldest first) until the new budget holds. */
void queue_configure(queue_t *q, uint32_t budget, uint8_t classes, uint8_t hop_limit);

queue_status_t queue_put(queue_t *q, const uint8_t id[QUEUE_ID], uint8_t cls, uint8_t hops,
                         uint32_t ttl_s, const uint8_t *data, size_t len, uint32_t now_s);

/* 1 and `*out` if held and not expired at `now_s`. */
int queue_get(const queue_t *q, const uint8_t id[QUEUE_ID], uint32_t now_s, queue_obj_t *out);

/* Walks objects in arrival order: start with `*offset` = 0; returns 0 at the end. */
int queue_walk(const queue_t *q, size_t *offset, queue_obj_t *out);

int queue_remove(queue_t *q, const uint8_t id[QUEUE_ID]);

/* Puts back an object recovered from flash with its own cursor, hops and expiry, in cursor
 * order, without the PUT checks (the budget is applied after recovery by queue_configure).
 * Returns 1 if restored, 0 if that cursor is already held or the arena cannot take it. */
int queue_restore(queue_t *q, const uint8_t id[QUEUE_ID], uint8_t cls, uint8_t hops,
                  uint32_t cursor, uint32_t expiry, const uint8_t *data, size_t len);

/* 1 and `*out` if an object with that cursor is held (expired or not). */
int queue_find_cursor(const queue_t *q, uint32_t cursor, queue_obj_t *out);

int queue_remove_cursor(queue_t *q, uint32_t cursor);

/* Drops expired objects; returns how many. */
unsigned queue_expire(queue_t *q, uint32_t now_s);

#endif
