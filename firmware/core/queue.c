#include "queue.h"

#include <string.h>
#include "le.h"

static void read_at(const queue_t *q, size_t at, queue_obj_t *out)
{
    const uint8_t *h = q->arena + at;
    out->id = h;
    out->cls = h[16];
    out->hops = h[17];
    out->len = get16(h + 18);
    out->cursor = get32(h + 20);
    out->expiry = get32(h + 24);
    out->data = h + QUEUE_HEADER;
}

static int expired(const queue_obj_t *obj, uint32_t now_s) { return now_s >= obj->expiry; }

void queue_init(queue_t *q, uint8_t *arena, size_t cap, uint32_t budget, uint8_t classes,
                uint8_t hop_limit)
{
    memset(q, 0, sizeof *q);
    q->arena = arena;
    q->cap = cap;
    q->next_cursor = 1;
    queue_configure(q, budget, classes, hop_limit);
}

int queue_walk(const queue_t *q, size_t *offset, queue_obj_t *out)
{
    if (*offset >= q->used) {
        return 0;
    }
    read_at(q, *offset, out);
    *offset += QUEUE_HEADER + out->len;
    return 1;
}

static int find(const queue_t *q, const uint8_t id[QUEUE_ID], size_t *at)
{
    size_t offset = 0;
    queue_obj_t obj;
    for (size_t here = 0; queue_walk(q, &offset, &obj); here = offset) {
        if (memcmp(obj.id, id, QUEUE_ID) == 0) {
            *at = here;
            return 1;
        }
    }
    return 0;
}

static void remove_at(queue_t *q, size_t at)
{
    queue_obj_t obj;
    size_t size;

    read_at(q, at, &obj);
    size = QUEUE_HEADER + obj.len;
    q->bytes -= obj.len;
    q->count--;
    memmove(q->arena + at, q->arena + at + size, q->used - at - size);
    q->used -= size;
    if (q->dropped != NULL) {
        q->dropped(q->dropped_ctx, obj.cursor);
    }
}

int queue_remove(queue_t *q, const uint8_t id[QUEUE_ID])
{
    size_t at;
    if (!find(q, id, &at)) {
        return 0;
    }
    remove_at(q, at);
    return 1;
}

int queue_get(const queue_t *q, const uint8_t id[QUEUE_ID], uint32_t now_s, queue_obj_t *out)
{
    size_t at;
    if (!find(q, id, &at)) {
        return 0;
    }
    read_at(q, at, out);
    return !expired(out, now_s);
}

static int find_cursor(const queue_t *q, uint32_t cursor, size_t *at)
{
    size_t offset = 0;
    queue_obj_t obj;
    for (size_t here = 0; queue_walk(q, &offset, &obj); here = offset) {
        if (obj.cursor == cursor) {
            *at = here;
            return 1;
        }
    }
    return 0;
}

int queue_find_cursor(const queue_t *q, uint32_t cursor, queue_obj_t *out)
{
    size_t at;
    if (!find_cursor(q, cursor, &at)) {
        return 0;
    }
    read_at(q, at, out);
    return 1;
}

int queue_remove_cursor(queue_t *q, uint32_t cursor)
{
    size_t at;
    if (!find_cursor(q, cursor, &at)) {
        return 0;
    }
    remove_at(q, at);
    return 1;
}

unsigned queue_expire(queue_t *q, uint32_t now_s)
{
    size_t offset = 0;
    unsigned dropped = 0;
    queue_obj_t obj;

    while (offset < q->used) {
        read_at(q, offset, &obj);
        if (expired(&obj, now_s)) {
            remove_at(q, offset);
            dropped++;
        } else {
            offset += QUEUE_HEADER + obj.len;
        }
    }
    q->expired += dropped;
    return dropped;
}

static int seen(const queue_t *q, const uint8_t id[QUEUE_ID])
{
    size_t at;
    for (unsigned i = 0; i < q->seen_count; i++) {
        if (memcmp(q->seen[i], id, QUEUE_ID) == 0) {
            return 1;
        }
    }
    return find(q, id, &at);
}

static void remember(queue_t *q, const uint8_t id[QUEUE_ID])
{
    memcpy(q->seen[q->seen_next], id, QUEUE_ID);
    q->seen_next = (uint16_t)((q->seen_next + 1) % QUEUE_SEEN);
    if (q->seen_count < QUEUE_SEEN) {
        q->seen_count++;
    }
}

static int fits(const queue_t *q, size_t bytes, size_t used, size_t len)
{
    return bytes + len <= q->budget && used + QUEUE_HEADER + len <= q->cap;
}

uint8_t queue_rank(uint8_t cls)
{
    static const uint8_t rank[QUEUE_CLASSES] = {0, 2, 3, 1};
    return cls < QUEUE_CLASSES ? rank[cls] : QUEUE_CLASSES;
}

/* The least urgent object (highest rank, the oldest of it) of rank >= `floor`. */
static int victim(const queue_t *q, uint8_t floor, size_t *at)
{
    size_t offset = 0;
    int found = 0;
    uint8_t worst = 0;
    queue_obj_t obj;

    for (size_t here = 0; queue_walk(q, &offset, &obj); here = offset) {
        uint8_t rank = queue_rank(obj.cls);
        if (rank >= floor && (!found || rank > worst)) {
            found = 1;
            worst = rank;
            *at = here;
        }
    }
    return found;
}

/* Makes room for `len` bytes of class `cls`, evicting only objects no more urgent than it;
 * evicts nothing unless that is enough. */
static int make_room(queue_t *q, uint8_t cls, size_t len)
{
    size_t offset = 0;
    size_t bytes = q->bytes;
    size_t used = q->used;
    size_t at = 0;
    uint8_t rank = queue_rank(cls);
    queue_obj_t obj;

    while (queue_walk(q, &offset, &obj)) {
        if (queue_rank(obj.cls) >= rank) {
            bytes -= obj.len;
            used -= QUEUE_HEADER + obj.len;
        }
    }
    if (!fits(q, bytes, used, len)) {
        return 0;
    }
    while (!fits(q, q->bytes, q->used, len) && victim(q, rank, &at)) {
        remove_at(q, at);
        q->evicted++;
    }
    return 1;
}

queue_status_t queue_put(queue_t *q, const uint8_t id[QUEUE_ID], uint8_t cls, uint8_t hops,
                         uint32_t ttl_s, const uint8_t *data, size_t len, uint32_t now_s)
{
    uint8_t *h;
    uint32_t expiry;

    if (len > QUEUE_MAX_OBJECT || len > q->budget || QUEUE_HEADER + len > q->cap) {
        q->refused++;
        return QUEUE_TOO_BIG;
    }
    if (cls >= QUEUE_CLASSES || !(q->classes >> cls & 1u)) {
        q->refused++;
        return QUEUE_CLASS_REFUSED;
    }
    if (hops >= q->hop_limit || ttl_s == 0) {
        q->refused++;
        return QUEUE_HOP_LIMIT;
    }
    if (seen(q, id)) {
        q->duplicates++;
        return QUEUE_DUPLICATE;
    }
    queue_expire(q, now_s); /* expired objects go before anything else */
    if (!make_room(q, cls, len)) {
        q->refused++;
        return QUEUE_FULL;
    }
    h = q->arena + q->used;
    expiry = ttl_s > UINT32_MAX - now_s ? UINT32_MAX : now_s + ttl_s;
    memcpy(h, id, QUEUE_ID);
    h[16] = cls;
    h[17] = hops;
    put16(h + 18, (uint16_t)len);
    put32(h + 20, q->next_cursor++);
    put32(h + 24, expiry);
    memcpy(h + QUEUE_HEADER, data, len);
    q->used += QUEUE_HEADER + len;
    q->bytes += (uint32_t)len;
    q->count++;
    q->stored++;
    remember(q, id);
    return QUEUE_STORED;
}

int queue_restore(queue_t *q, const uint8_t id[QUEUE_ID], uint8_t cls, uint8_t hops,
                  uint32_t cursor, uint32_t expiry, const uint8_t *data, size_t len)
{
    size_t offset = 0;
    size_t at = q->used;
    size_t at_id;
    queue_obj_t obj;
    uint8_t *h;

    if (len > QUEUE_MAX_OBJECT || q->used + QUEUE_HEADER + len > q->cap ||
        cls >= QUEUE_CLASSES) {
        return 0;
    }
    /* LIST pages by cursor, so the arena stays in cursor order whatever order flash gives. */
    for (size_t here = 0; queue_walk(q, &offset, &obj); here = offset) {
        if (obj.cursor == cursor) {
            return 0;
        }
        if (obj.cursor > cursor && at == q->used) {
            at = here;
        }
    }
    if (find(q, id, &at_id)) {
        return 0; /* one id once, whatever flash claims */
    }
    h = q->arena + at;
    memmove(h + QUEUE_HEADER + len, h, q->used - at);
    memcpy(h, id, QUEUE_ID);
    h[16] = cls;
    h[17] = hops;
    put16(h + 18, (uint16_t)len);
    put32(h + 20, cursor);
    put32(h + 24, expiry);
    memcpy(h + QUEUE_HEADER, data, len);
    q->used += QUEUE_HEADER + len;
    q->bytes += (uint32_t)len;
    q->count++;
    if (cursor >= q->next_cursor) {
        q->next_cursor = cursor == UINT32_MAX ? cursor : cursor + 1;
    }
    remember(q, id);
    return 1;
}

void queue_configure(queue_t *q, uint32_t budget, uint8_t classes, uint8_t hop_limit)
{
    size_t at = 0;
    q->budget = budget;
    q->classes = classes;
    q->hop_limit = hop_limit;
    while (q->bytes > q->budget && victim(q, 0, &at)) {
        remove_at(q, at);
        q->evicted++;
    }
}
