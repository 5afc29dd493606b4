#include "flashlog.h"

#include <string.h>
#include "crc32c.h"
#include "le.h"

#define SECTOR_MAGIC 0x5153424Fu /* "OBSQ" */
#define RECORD_MAGIC 0x4C51u     /* "QL" */
#define COMMIT 0x214B4F43u       /* "COK!": anything but the erased 0xFFFFFFFF */
#define NO_RECORD FLASH_SECTOR   /* a sector's `first` when no record starts in it */
#define SEQ_MAX 0x7FFFFFFFu      /* far beyond any flash's life; keeps seq + 1 from wrapping */
#define CHUNK 64u

/* A place in the log: a sector by its sequence number, an offset in it. */
typedef struct {
    uint32_t seq;
    uint32_t off;
} pos_t;

/* --- flash calls, counted ---------------------------------------------------------------- */

static uint32_t address(const flashlog_t *fl, uint32_t seq, uint32_t off)
{
    return (seq % fl->sectors) * FLASH_SECTOR + off;
}

static int flash_read(const flashlog_t *fl, uint32_t addr, uint8_t *buf, size_t len)
{
    return fl->hal.read(fl->hal.ctx, addr, buf, len) == 0 ? 0 : -1;
}

static int flash_program(flashlog_t *fl, uint32_t addr, const uint8_t *data, size_t len)
{
    fl->stats.programs++;
    fl->stats.programmed += (uint32_t)len;
    if (fl->hal.program(fl->hal.ctx, addr, data, len) != 0) {
        fl->stats.failures++;
        return -1;
    }
    return 0;
}

/* Erases a sector, its header's magic first programmed to zeros: an erase the power cuts may
 * leave any mix of erased and old bytes, old records among them (a PUT whose REMOVE is gone),
 * and that sector must never be taken for part of the ring at boot. With its magic zeroed
 * first, a half-erased sector has no header (its bytes are 0x00 or 0xFF, never "OBSQ"); a
 * sector with a good header is one whose last erase finished before the header went on. */
static int flash_erase(flashlog_t *fl, uint32_t slot)
{
    static const uint8_t zeros[4] = {0, 0, 0, 0};
    fl->stats.programs++;
    fl->stats.programmed += sizeof zeros;
    if (fl->hal.program(fl->hal.ctx, slot * FLASH_SECTOR, zeros, sizeof zeros) != 0) {
        fl->stats.failures++;
        return -1;
    }
    fl->stats.erases++;
    if (fl->hal.erase(fl->hal.ctx, slot) != 0) {
        fl->stats.failures++;
        return -1;
    }
    return 0;
}

/* --- the log as one stream of bytes over the sectors' data areas ------------------------- */

/* Reads `len` bytes at `*p` and moves it on; never past the end of sector `last`. */
static int stream_read(const flashlog_t *fl, pos_t *p, uint8_t *buf, size_t len, uint32_t last)
{
    while (len > 0) {
        size_t n;
        if (p->off >= FLASH_SECTOR) {
            if (p->seq >= last) {
                return -1;
            }
            p->seq++;
            p->off = FLASHLOG_SECTOR_HEADER;
        }
        if (p->seq > last) {
            return -1;
        }
        n = FLASH_SECTOR - p->off;
        n = n < len ? n : len;
        if (flash_read(fl, address(fl, p->seq, p->off), buf, n) != 0) {
            return -1;
        }
        buf += n;
        len -= n;
        p->off += (uint32_t)n;
    }
    return 0;
}

/* Programs `len` bytes at `*p` (in sectors already opened) and moves it on. */
static int stream_program(flashlog_t *fl, pos_t *p, const uint8_t *data, size_t len)
{
    while (len > 0) {
        size_t n;
        if (p->off >= FLASH_SECTOR) {
            p->seq++;
            p->off = FLASHLOG_SECTOR_HEADER;
        }
        n = FLASH_SECTOR - p->off;
        n = n < len ? n : len;
        if (flash_program(fl, address(fl, p->seq, p->off), data, n) != 0) {
            return -1;
        }
        data += n;
        len -= n;
        p->off += (uint32_t)n;
    }
    return 0;
}

/* --- sectors ------------------------------------------------------------------------------ */

/* 0 and the sector's sequence number and first record offset if its header holds. */
static int sector_header(const flashlog_t *fl, uint32_t slot, uint32_t *seq, uint32_t *first)
{
    uint8_t h[FLASHLOG_SECTOR_HEADER];
    if (flash_read(fl, slot * FLASH_SECTOR, h, sizeof h) != 0 || get32(h) != SECTOR_MAGIC ||
        get32(h + 12) != crc32c(h, 12)) {
        return -1;
    }
    *seq = get32(h + 4);
    *first = get16(h + 8);
    if (*seq > SEQ_MAX || *seq % fl->sectors != slot || *first < FLASHLOG_SECTOR_HEADER ||
        *first > NO_RECORD) {
        return -1;
    }
    return 0;
}

/* The first record offset of sector `seq` if it is really that sector, else NO_RECORD. */
static uint32_t first_of(const flashlog_t *fl, uint32_t seq)
{
    uint32_t got, first;
    if (sector_header(fl, seq % fl->sectors, &got, &first) != 0 || got != seq) {
        return NO_RECORD;
    }
    return first;
}

static int blank_from(const flashlog_t *fl, uint32_t seq, uint32_t off)
{
    uint8_t buf[CHUNK];
    while (off < FLASH_SECTOR) {
        size_t n = FLASH_SECTOR - off < CHUNK ? FLASH_SECTOR - off : CHUNK;
        if (flash_read(fl, address(fl, seq, off), buf, n) != 0) {
            return 0;
        }
        for (size_t i = 0; i < n; i++) {
            if (buf[i] != 0xFF) {
                return 0;
            }
        }
        off += (uint32_t)n;
    }
    return 1;
}

/* Takes the next sector of the ring. It is erased only if not blank already (a reclaimed
 * sector was erased when reclaimed), so each sector is erased once a lap. */
static int open_sector(flashlog_t *fl, uint32_t first)
{
    uint8_t h[FLASHLOG_SECTOR_HEADER];
    uint32_t seq = fl->head + 1;

    if (!blank_from(fl, seq, 0) && flash_erase(fl, seq % fl->sectors) != 0) {
        return -1;
    }
    put32(h, SECTOR_MAGIC);
    put32(h + 4, seq);
    put16(h + 8, (uint16_t)first);
    put16(h + 10, 0xFFFF);
    put32(h + 12, crc32c(h, 12));
    /* From here the sector is ours whatever happens: a failed header just wastes it. */
    fl->head = seq;
    fl->head_off = FLASH_SECTOR;
    fl->opened = 1;
    if (flash_program(fl, address(fl, seq, 0), h, sizeof h) != 0) {
        return -1;
    }
    fl->head_off = FLASHLOG_SECTOR_HEADER;
    return 0;
}

static uint32_t in_use(const flashlog_t *fl) { return fl->head + 1 - fl->tail; }

static uint32_t new_sectors(const flashlog_t *fl, size_t size)
{
    size_t room = FLASH_SECTOR - fl->head_off;
    if (size <= room) {
        return 0;
    }
    return (uint32_t)((size - room + FLASHLOG_SECTOR_DATA - 1) / FLASHLOG_SECTOR_DATA);
}

/* --- records ------------------------------------------------------------------------------ */

uint32_t flashlog_record_size(size_t len)
{
    return (uint32_t)(FLASHLOG_RECORD_HEADER + FLASHLOG_PUT_FIXED + len + FLASHLOG_RECORD_TRAILER);
}

static uint32_t log_time(const flashlog_t *fl, uint32_t t)
{
    return t > UINT32_MAX - fl->base ? UINT32_MAX : fl->base + t;
}

/* Header, CRC and commit marker around the `len` payload bytes already in the scratch. */
static size_t seal(flashlog_t *fl, uint8_t kind, size_t len)
{
    uint8_t *r = fl->scratch;
    size_t body = FLASHLOG_RECORD_HEADER + len;

    put16(r, RECORD_MAGIC);
    r[2] = kind;
    r[3] = 0xFF;
    put16(r + 4, (uint16_t)len);
    put16(r + 6, 0xFFFF);
    put32(r + 8, fl->next_seq++);
    put32(r + 12, log_time(fl, fl->now));
    put32(r + body, crc32c(r, body));
    put32(r + body + 4, COMMIT);
    return body + FLASHLOG_RECORD_TRAILER;
}

/* Reads the record at `*p` into the scratch and checks it; moves `*p` past it. */
static int read_record(flashlog_t *fl, pos_t *p, uint32_t last, uint8_t *kind, size_t *len)
{
    uint8_t *r = fl->scratch;
    size_t n;

    if (stream_read(fl, p, r, FLASHLOG_RECORD_HEADER, last) != 0 || get16(r) != RECORD_MAGIC) {
        return -1;
    }
    *kind = r[2];
    n = get16(r + 4);
    if (*kind == FLASHLOG_PUT) {
        if (n < FLASHLOG_PUT_FIXED || n - FLASHLOG_PUT_FIXED > QUEUE_MAX_OBJECT) {
            return -1;
        }
    } else if (!(*kind == FLASHLOG_REMOVE && n == FLASHLOG_REMOVE_BODY) &&
               !(*kind == FLASHLOG_SEEN && n == FLASHLOG_SEEN_BODY)) {
        return -1;
    }
    /* n is bounded above, so the scratch holds the whole record. */
    if (stream_read(fl, p, r + FLASHLOG_RECORD_HEADER, n + FLASHLOG_RECORD_TRAILER, last) != 0 ||
        get32(r + FLASHLOG_RECORD_HEADER + n) != crc32c(r, FLASHLOG_RECORD_HEADER + n) ||
        get32(r + FLASHLOG_RECORD_HEADER + n + 4) != COMMIT) {
        return -1;
    }
    *len = n;
    return 0;
}

static int ensure_room(flashlog_t *fl, size_t size);

/* Appends the sealed record in the scratch (ensure_room was called for it before it was
 * built there: reclaiming uses the scratch); 0 once its commit marker is programmed. */
static int append(flashlog_t *fl, size_t size)
{
    pos_t p;
    size_t left = size;
    size_t room;

    if (fl->head_off >= FLASH_SECTOR && open_sector(fl, FLASHLOG_SECTOR_HEADER) != 0) {
        return -1;
    }
    p.seq = fl->head;
    p.off = fl->head_off;
    room = FLASH_SECTOR - fl->head_off;
    /* Open the sectors it runs into first, each told where the next record will start in it,
     * so recovery can find its way past a record it cannot read. */
    while (left > room) {
        uint32_t first;
        left -= room;
        first = left < FLASHLOG_SECTOR_DATA ? FLASHLOG_SECTOR_HEADER + (uint32_t)left : NO_RECORD;
        if (open_sector(fl, first) != 0) {
            return -1;
        }
        room = FLASHLOG_SECTOR_DATA;
    }
    /* Everything but the marker, then the marker: until it is there the record does not
     * exist, and a cut anywhere before leaves bytes recovery refuses. */
    if (stream_program(fl, &p, fl->scratch, size - 4) != 0 ||
        stream_program(fl, &p, fl->scratch + size - 4, 4) != 0) {
        fl->head_off = FLASH_SECTOR; /* never program over what a failed call left */
        return -1;
    }
    fl->head_off = p.off;
    fl->stats.records++;
    return 0;
}

static int put_record(flashlog_t *fl, const queue_obj_t *obj)
{
    uint8_t *b = fl->scratch + FLASHLOG_RECORD_HEADER;
    if (ensure_room(fl, flashlog_record_size(obj->len)) != 0) {
        return -1;
    }
    memcpy(b, obj->id, QUEUE_ID);
    b[16] = obj->cls;
    b[17] = obj->hops;
    put32(b + 18, obj->cursor);
    put32(b + 22, log_time(fl, obj->expiry));
    memcpy(b + FLASHLOG_PUT_FIXED, obj->data, obj->len);
    return append(fl, seal(fl, FLASHLOG_PUT, FLASHLOG_PUT_FIXED + (size_t)obj->len));
}

/* Moves `*p` to where a record starts in a sector after its own; 0 if none does. */
static int next_start(const flashlog_t *fl, pos_t *p)
{
    do {
        if (p->seq >= fl->head) {
            return 0;
        }
        p->seq++;
        p->off = first_of(fl, p->seq);
    } while (p->off >= FLASH_SECTOR);
    return 1;
}

/* The next good record from `*p` (a record's start, or a sector's end after a good record):
 * 1 with the record in the scratch and `*p` after it, 0 at the log's end. A record whose
 * sequence number does not grow is stale: bad like a cut one. */
static int next_record(flashlog_t *fl, pos_t *p, uint32_t *last_seq, uint8_t *kind, size_t *len,
                       uint32_t *bad)
{
    for (;;) {
        pos_t start;
        if (p->off >= FLASH_SECTOR) {
            if (p->seq >= fl->head) {
                return 0;
            }
            p->seq++;
            p->off = FLASHLOG_SECTOR_HEADER;
        }
        start = *p;
        if (read_record(fl, p, fl->head, kind, len) == 0 && get32(fl->scratch + 8) > *last_seq) {
            *last_seq = get32(fl->scratch + 8);
            return 1;
        }
        /* A cut or damaged record: go on at the next sector where a record starts. */
        (*bad)++;
        *p = start;
        if (!next_start(fl, p)) {
            return 0;
        }
    }
}

/* Where records start in sector `seq` or the first one after it with any; 0 if none. */
static int walk_from(const flashlog_t *fl, uint32_t seq, pos_t *p)
{
    p->seq = seq;
    p->off = first_of(fl, seq);
    return p->off < FLASH_SECTOR || next_start(fl, p);
}

/* 1 if a PUT of `cursor` follows `p` (the record before it had sequence `last_seq`): a copy an
 * interrupted reclaim already made. */
static int copied_later(flashlog_t *fl, pos_t p, uint32_t last_seq, uint32_t cursor)
{
    uint8_t kind;
    size_t len;
    uint32_t bad = 0;
    while (next_record(fl, &p, &last_seq, &kind, &len, &bad)) {
        if (kind == FLASHLOG_PUT && get32(fl->scratch + FLASHLOG_RECORD_HEADER + 18) == cursor) {
            return 1;
        }
    }
    return 0;
}

/* 1 if `id` is among the `durable` ids the queue remembered last. */
static int recent(const flashlog_t *fl, const uint8_t *id)
{
    const queue_t *q = fl->queue;
    uint32_t n = q->seen_count < fl->durable ? q->seen_count : fl->durable;
    for (uint32_t j = 0; j < n; j++) {
        if (memcmp(q->seen[(q->seen_next + QUEUE_SEEN - 1u - j) % QUEUE_SEEN], id, QUEUE_ID) == 0) {
            return 1;
        }
    }
    return 0;
}

static int held(const queue_t *q, const uint8_t *id)
{
    size_t offset = 0;
    queue_obj_t obj;
    while (queue_walk(q, &offset, &obj)) {
        if (memcmp(obj.id, id, QUEUE_ID) == 0) {
            return 1;
        }
    }
    return 0;
}

/* 1 if the record in the scratch (a PUT of an object no longer held, or a SEEN) names an id
 * the queue remembered lately and no longer holds: its memory must outlive this record. */
static int forgotten_here(const flashlog_t *fl)
{
    const uint8_t *id = fl->scratch + FLASHLOG_RECORD_HEADER;
    return recent(fl, id) && !held(fl->queue, id);
}

/* Appends a SEEN record of `id` (which may point into the scratch). */
static int seen_record(flashlog_t *fl, const uint8_t *id)
{
    uint8_t copy[QUEUE_ID];
    memcpy(copy, id, QUEUE_ID);
    if (ensure_room(fl, FLASHLOG_SEEN_SIZE) != 0) {
        return -1;
    }
    memcpy(fl->scratch + FLASHLOG_RECORD_HEADER, copy, QUEUE_ID);
    if (append(fl, seal(fl, FLASHLOG_SEEN, FLASHLOG_SEEN_BODY)) != 0) {
        return -1;
    }
    fl->stats.remembered++;
    return 0;
}

/* Frees the oldest sector: its records still live in the queue are copied to the head (their
 * REMOVE records need no copy: a REMOVE follows its PUT, so both go together), then it is
 * erased. */
static int reclaim(flashlog_t *fl)
{
    pos_t p;
    uint8_t kind;
    size_t len;
    queue_obj_t obj;
    int ok = 0;

    p.seq = fl->tail;
    p.off = first_of(fl, fl->tail);
    fl->reclaiming = 1;
    while (p.off < FLASH_SECTOR && read_record(fl, &p, fl->head, &kind, &len) == 0) {
        uint32_t cursor = get32(fl->scratch + FLASHLOG_RECORD_HEADER + 18);
        pos_t after = p;
        if (kind == FLASHLOG_PUT && queue_find_cursor(fl->queue, cursor, &obj)) {
            if (!(fl->copies && copied_later(fl, after, get32(fl->scratch + 8), cursor))) {
                if (put_record(fl, &obj) != 0) {
                    ok = -1;
                    break;
                }
                fl->stats.relocated++;
            }
        } else if (kind != FLASHLOG_REMOVE && forgotten_here(fl)) {
            /* The last trace of an object that left, whose id the queue still remembers: it
             * goes forward as a SEEN record, so a reboot still refuses the object. */
            if (seen_record(fl, fl->scratch + FLASHLOG_RECORD_HEADER) != 0) {
                ok = -1;
                break;
            }
        }
        if (p.seq != fl->tail) {
            break; /* the next record starts in the next sector: it is not this one's to move */
        }
    }
    fl->reclaiming = 0;
    if (ok != 0 || flash_erase(fl, fl->tail % fl->sectors) != 0) {
        return -1;
    }
    fl->tail++;
    fl->copies = 0; /* the only originals of copies were in the tail recovery found */
    return 0;
}

static int ensure_room(flashlog_t *fl, size_t size)
{
    /* Copies made while reclaiming may use the reserve; nothing else may. */
    uint32_t reserve = fl->reclaiming ? 0 : FLASHLOG_RESERVE;
    for (uint32_t round = 0; round < 2 * fl->sectors; round++) {
        if (new_sectors(fl, size) + reserve <= fl->sectors - in_use(fl)) {
            return 0;
        }
        if (fl->reclaiming || in_use(fl) < 2 || reclaim(fl) != 0) {
            break;
        }
    }
    fl->stats.failures++;
    return -1;
}

/* --- the queue's side ----------------------------------------------------------------------- */

static void dropped(void *ctx, uint32_t cursor)
{
    flashlog_t *fl = ctx;
    size_t size = FLASHLOG_RECORD_HEADER + FLASHLOG_REMOVE_BODY + FLASHLOG_RECORD_TRAILER;
    /* A REMOVE that fails only means the object may come back at the next boot. */
    if (ensure_room(fl, size) == 0) {
        put32(fl->scratch + FLASHLOG_RECORD_HEADER, cursor);
        (void)append(fl, seal(fl, FLASHLOG_REMOVE, FLASHLOG_REMOVE_BODY));
    }
}

/* How many of the `durable` ids remembered last are not held: SEEN records the log keeps. */
static uint32_t forgotten(const flashlog_t *fl)
{
    const queue_t *q = fl->queue;
    uint32_t n = q->seen_count < fl->durable ? q->seen_count : fl->durable;
    uint32_t count = 0;
    for (uint32_t j = 0; j < n; j++) {
        count += (uint32_t)!held(q, q->seen[(q->seen_next + QUEUE_SEEN - 1u - j) % QUEUE_SEEN]);
    }
    return count;
}

void flashlog_clock(flashlog_t *fl, uint32_t now_s) { fl->now = now_s; }

int flashlog_put(flashlog_t *fl, uint32_t cursor)
{
    queue_obj_t obj;
    size_t offset = 0;
    uint32_t live = 0;

    if (!queue_find_cursor(fl->queue, cursor, &obj)) {
        return -1;
    }
    /* The log must keep room to move any sector's live records, so it takes no more live
     * bytes than its limit, whatever the queue's budget says. */
    while (queue_walk(fl->queue, &offset, &obj)) {
        live += flashlog_record_size(obj.len);
    }
    /* Each id remembered lately and no longer held may keep a SEEN record alive: they count. */
    live += forgotten(fl) * FLASHLOG_SEEN_SIZE;
    if (live <= fl->limit && queue_find_cursor(fl->queue, cursor, &obj) &&
        put_record(fl, &obj) == 0) {
        return 0;
    }
    fl->queue->dropped = NULL; /* it never was in the log: nothing to record */
    if (queue_find_cursor(fl->queue, cursor, &obj)) {
        uint8_t id[QUEUE_ID];
        memcpy(id, obj.id, QUEUE_ID);
        queue_remove_cursor(fl->queue, cursor);
        queue_forget(fl->queue, id); /* refused (FULL): taken if offered again */
    }
    fl->queue->dropped = dropped;
    fl->stats.failures++;
    return -1;
}

/* --- recovery ------------------------------------------------------------------------------- */

typedef struct {
    pos_t end;          /* just after the last good record */
    uint32_t last_seq;  /* of the last good record */
    uint32_t max_time;  /* the latest time a record carries */
    uint32_t max_cursor;
    uint32_t good, bad;
} scan_t;

/* One walk of the log from tail to head. With `apply`, records are replayed into the queue
 * (objects expired at log time `fl->base` are not put back). */
static void scan(flashlog_t *fl, scan_t *s, int apply)
{
    pos_t p;
    uint8_t kind;
    size_t len;
    queue_obj_t held;

    memset(s, 0, sizeof *s);
    if (!walk_from(fl, fl->tail, &p)) {
        s->end = p;
        return;
    }
    s->end = p;
    while (next_record(fl, &p, &s->last_seq, &kind, &len, &s->bad)) {
        const uint8_t *b = fl->scratch + FLASHLOG_RECORD_HEADER;
        uint32_t cursor = kind == FLASHLOG_SEEN ? 0 : get32(b + (kind == FLASHLOG_PUT ? 18 : 0));
        uint32_t time = get32(fl->scratch + 12);
        s->max_time = time > s->max_time ? time : s->max_time;
        s->max_cursor = cursor > s->max_cursor ? cursor : s->max_cursor;
        s->good++;
        s->end = p;
        if (apply && kind == FLASHLOG_PUT) {
            uint32_t expiry = get32(b + 22);
            if (queue_find_cursor(fl->queue, cursor, &held)) {
                fl->copies = 1; /* a reclaim was cut after copying: reclaims look for copies */
            } else if (expiry > fl->base &&
                       queue_restore(fl->queue, b, b[16], b[17], cursor, expiry - fl->base,
                                     b + FLASHLOG_PUT_FIXED, len - FLASHLOG_PUT_FIXED)) {
                fl->stats.restored++;
            } else {
                queue_remember(fl->queue, b); /* expired while off: still not taken again */
            }
        } else if (apply && kind == FLASHLOG_SEEN) {
            queue_remember(fl->queue, b);
        } else if (apply) {
            queue_remove_cursor(fl->queue, cursor);
        }
    }
}

int flashlog_open(flashlog_t *fl, const flash_hal_t *hal, queue_t *q)
{
    uint32_t seq, first;
    int found = 0;
    scan_t s;
    size_t offset = 0;
    queue_obj_t obj;

    memset(fl, 0, sizeof *fl);
    fl->hal = *hal;
    fl->queue = q;
    fl->sectors = hal->size / FLASH_SECTOR;
    if (fl->sectors > FLASHLOG_MAX_SECTORS) {
        fl->sectors = FLASHLOG_MAX_SECTORS;
    }
    if (fl->sectors < FLASHLOG_MIN_SECTORS) {
        return -1;
    }
    fl->limit = (fl->sectors - FLASHLOG_RESERVE - 2) * FLASHLOG_SECTOR_DATA;
    /* The dedupe list made durable takes at most a sixteenth of what the log holds: all 256
     * ids from 48 sectors up (the board's 64: 10 KiB of 227 KiB), fewer on a smaller one (12
     * sectors: 31, 16: 57). */
    fl->durable = fl->limit / 16u / FLASHLOG_SEEN_SIZE;
    fl->durable = fl->durable < QUEUE_SEEN ? fl->durable : QUEUE_SEEN;
    fl->next_seq = 1;
    fl->head_off = FLASH_SECTOR;
    /* The newest sector, then back while the sequence numbers run on: the ring in use. */
    for (uint32_t slot = 0; slot < fl->sectors; slot++) {
        if (sector_header(fl, slot, &seq, &first) == 0 && (!found || seq > fl->head)) {
            fl->head = seq;
            found = 1;
        }
    }
    fl->tail = fl->head + 1;
    if (found) {
        fl->opened = 1;
        fl->tail = fl->head;
        while (in_use(fl) < fl->sectors && fl->tail > 0 &&
               sector_header(fl, (fl->tail - 1) % fl->sectors, &seq, &first) == 0 &&
               seq == fl->tail - 1) {
            fl->tail--;
        }
        scan(fl, &s, 0);
        fl->base = s.max_time;
        scan(fl, &s, 1);
        fl->stats.skipped = s.bad;
        fl->next_seq = s.last_seq + 1;
        /* Cursors go on after every one the log names, removed ones too: LIST pages by them. */
        if (s.max_cursor >= q->next_cursor) {
            q->next_cursor = s.max_cursor == UINT32_MAX ? UINT32_MAX : s.max_cursor + 1;
        }
        /* Go on where the log ends (or where the head sector's records were to start, after a
         * cut record that opened it) only over bytes never programmed since the erase. */
        {
            uint32_t off = s.end.seq == fl->head ? s.end.off : first_of(fl, fl->head);
            if (off < FLASH_SECTOR && blank_from(fl, fl->head, off)) {
                fl->head_off = off;
            }
        }
    }
    while (queue_walk(q, &offset, &obj)) {
        if (obj.cursor >= q->next_cursor && obj.cursor < UINT32_MAX) {
            q->next_cursor = obj.cursor + 1;
        }
    }
    q->dropped = dropped;
    q->dropped_ctx = fl;
    return (int)fl->stats.restored;
}
