/* Managed flooding after Meshtastic's FloodingRouter (ideas only): every relay that takes a
 * new object waits a random back-off, longer when it heard the object well (a near relay adds
 * little coverage), and gives up its rebroadcast if neighbours already sent enough copies. */
#include "mesh.h"

#include <string.h>

#include "crc32c.h"
#include "le.h"

#define NEVER UINT64_MAX
/* Time on air a relay may fill back to back before its gap: 3 ESP-NOW LR packets of 250
 * bytes (9.6 ms each); less than one LoRa packet at any SF, so LoRa keeps a gap after each. */
#define MESH_BURST_US 32000u

static void advance(mesh_t *m, uint32_t now_ms)
{
    m->clock_ms += (uint32_t)(now_ms - m->last_now);
    m->last_now = now_ms;
}

/* xorshift32: the back-off needs spread between relays, not secrecy. */
static uint32_t rnd(mesh_t *m)
{
    uint32_t x = m->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    m->rng = x;
    return x;
}

/* murmur3's finaliser: a bijection of 32 bits in which every input bit moves every output bit,
 * so seeds and ids that differ anyhow give unrelated back-offs (XOR alone let seed 1 + i and an
 * id ending in i + 1 cancel out: every relay drew the same numbers). */
static uint32_t mix32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    x *= 0xC2B2AE35u;
    x ^= x >> 16;
    return x;
}

static uint32_t seed_rng(uint32_t seed, const uint8_t device[8])
{
    uint32_t h = mix32(seed + 0x9E3779B9u);
    h = mix32(h ^ get32(device));
    h = mix32(h ^ get32(device + 4));
    return h != 0 ? h : 0x9E3779B9u; /* xorshift stays at zero */
}

/* The hello period: MESH_HELLO_MS, or longer where a hello is a large share of the duty-cycle
 * budget (LoRa SF12 at 1 %: a 1 s hello every 10 minutes took 17 % of it), so that hellos take
 * at most 1/MESH_HELLO_SHARE of it; never longer than half the window, so a neighbour is
 * heard at least twice in the window that decides whether it is near. */
static uint32_t hello_period(const mesh_t *m)
{
    uint64_t every = MESH_HELLO_MS;
    uint64_t half = m->params.window_ms / 2u;
    uint64_t cap = half > MESH_HELLO_MS ? half : MESH_HELLO_MS;
    if (m->radio.modem != NULL && m->params.permille > 0 && m->params.permille < 1000u) {
        uint32_t air = radio_airtime_us(m->radio.modem, MESH_HELLO_LEN);
        /* air us * share, over permille/1000 of each ms: the period in ms */
        uint64_t scaled =
            air == UINT32_MAX ? cap : (uint64_t)air * MESH_HELLO_SHARE / m->params.permille;
        every = scaled > every ? scaled : every;
    }
    return (uint32_t)(every < cap ? every : cap);
}

uint8_t mesh_rank(uint8_t cls)
{
    static const uint8_t rank[MESH_CLASSES] = {0, 2, 3, 1};
    return cls < MESH_CLASSES ? rank[cls] : MESH_CLASSES;
}

static uint32_t packet_ms(const mesh_t *m, size_t len)
{
    return m->radio.modem != NULL ? radio_airtime_us(m->radio.modem, len) / 1000u + 1u : 1u;
}

void mesh_init(mesh_t *m, const radio_ops_t *radio, queue_t *queue, const uint8_t tag[8],
               const uint8_t device[8], const mesh_params_t *params, uint32_t seed,
               uint32_t now_ms)
{
    uint32_t longest;

    memset(m, 0, sizeof *m);
    m->radio = *radio;
    m->queue = queue;
    m->params = *params;
    memcpy(m->tag, tag, 4);
    memcpy(m->self, device + 4, 4);
    m->last_now = now_ms;
    m->rng = seed_rng(seed, device);
    m->last_cursor = queue->next_cursor - 1u;
    longest = packet_ms(m, RADIO_MAX_PACKET);
    if (m->params.slot_ms == 0) {
        /* Half a packet: a neighbour that started first is on air by our next look. */
        m->params.slot_ms = longest / 2u + 1u;
    }
    if (m->params.window_ms < 60u) {
        m->params.window_ms = 60u;
    }
    /* A bucket outlasts any packet, so a packet's time counts in at most one bucket boundary
     * beyond the window: the check below covers the window plus one bucket each side. */
    m->bucket_ms = (m->params.window_ms + 59u) / 60u;
    if (m->bucket_ms <= longest) {
        m->bucket_ms = longest + 1u;
    }
    m->buckets_in_window = (m->params.window_ms + m->bucket_ms - 1u) / m->bucket_ms;
    for (unsigned i = 0; i < MESH_BUCKETS; i++) {
        m->bucket_id[i] = NEVER;
    }
    m->hello_every_ms = hello_period(m);
    /* Relays powered on together do not all say hello at once. */
    m->hello_ms = (uint64_t)(rnd(m) % 16u) * m->params.slot_ms;
}

/* --- duty cycle --------------------------------------------------------------------------- */

static uint64_t budget_us(const mesh_t *m)
{
    return (uint64_t)m->params.window_ms * m->params.permille; /* ms * 1000 us * permille/1000 */
}

static uint64_t used_us(const mesh_t *m, uint64_t clock_ms)
{
    uint64_t now = clock_ms / m->bucket_ms;
    uint64_t sum = 0;
    for (unsigned i = 0; i < MESH_BUCKETS; i++) {
        uint64_t id = m->bucket_id[i];
        if (id != NEVER && id <= now && now - id <= m->buckets_in_window + 1u) {
            sum += m->bucket_us[i];
        }
    }
    return sum;
}

static void spend(mesh_t *m, uint32_t air_us)
{
    uint64_t now = m->clock_ms / m->bucket_ms;
    unsigned slot = (unsigned)(now % MESH_BUCKETS);
    if (m->bucket_id[slot] != now) {
        m->bucket_id[slot] = now;
        m->bucket_us[slot] = 0;
    }
    m->bucket_us[slot] += air_us;
}

static uint64_t clock_at(const mesh_t *m, uint32_t now_ms)
{
    return m->clock_ms + (uint32_t)(now_ms - m->last_now);
}

uint32_t mesh_airtime_used(const mesh_t *m, uint32_t now_ms)
{
    return (uint32_t)used_us(m, clock_at(m, now_ms));
}

/* --- neighbours --------------------------------------------------------------------------- */

static void heard(mesh_t *m, const uint8_t id[4], int16_t rssi, int8_t snr)
{
    mesh_neighbour_t *slot = NULL;
    for (unsigned i = 0; i < MESH_NEIGHBOURS; i++) {
        mesh_neighbour_t *n = &m->neighbours[i];
        if (n->used && memcmp(n->id, id, 4) == 0) {
            slot = n;
            break;
        }
        if (slot == NULL || (slot->used && (!n->used || n->heard_ms < slot->heard_ms))) {
            slot = n; /* a free one, else the least recently heard */
        }
    }
    if (!slot->used || memcmp(slot->id, id, 4) != 0) {
        memset(slot, 0, sizeof *slot);
        memcpy(slot->id, id, 4);
        slot->used = 1;
    }
    slot->rssi_dbm = rssi;
    slot->snr_db = snr;
    slot->packets++;
    slot->heard_ms = m->clock_ms;
}

/* How many neighbours other than `from` were heard within the duty-cycle window (hellos make
 * sure each relay is heard at least every 10 minutes). */
static unsigned others_near(const mesh_t *m, const uint8_t from[4])
{
    unsigned n = 0;
    for (unsigned i = 0; i < MESH_NEIGHBOURS; i++) {
        const mesh_neighbour_t *nb = &m->neighbours[i];
        if (nb->used && memcmp(nb->id, from, 4) != 0 &&
            m->clock_ms - nb->heard_ms <= m->params.window_ms) {
            n++;
        }
    }
    return n;
}

static int from_cable(const uint8_t from[4])
{
    static const uint8_t cable[4] = {0, 0, 0, 0};
    return memcmp(from, cable, 4) == 0;
}

/* Whether to wait for an echo of an object taken from `from`: always for one from a cable;
 * for one from the air, when one neighbour is ahead, or none is known yet while hellos may still
 * be on their way (a relay that heard nobody else for a whole hello period is a dead end). */
static int in_line(const mesh_t *m, const uint8_t from[4])
{
    unsigned ahead = others_near(m, from);
    return from_cable(from) || ahead == 1 ||
           (ahead == 0 && m->clock_ms < (uint64_t)m->hello_every_ms + m->hello_every_ms / 8u);
}

/* No neighbour but `from` heard in a whole hello period since start. */
static int dead_end(const mesh_t *m, const uint8_t from[4])
{
    return !from_cable(from) && others_near(m, from) == 0 &&
           m->clock_ms >= (uint64_t)m->hello_every_ms + m->hello_every_ms / 8u;
}

/* --- what goes on air --------------------------------------------------------------------- */

static size_t stream_len(size_t len) { return len + MESH_STREAM_EXTRA; }

static uint64_t all_of(unsigned count)
{
    return count >= 64u ? UINT64_MAX : ((uint64_t)1u << count) - 1u;
}

static uint8_t lowest(uint64_t bits)
{
    uint8_t i = 0;
    while (!(bits >> i & 1u)) {
        i++;
    }
    return i;
}

static uint8_t fragments(size_t len)
{
    return (uint8_t)((stream_len(len) + MESH_FRAG_DATA - 1u) / MESH_FRAG_DATA);
}

static uint32_t object_crc(const uint8_t *id, const uint8_t *data, size_t len)
{
    return crc32c_update(crc32c(id, QUEUE_ID), data, len);
}

/* Takes `obj` for the air; 0 when there is no room (it waits in the queue). */
static int schedule(mesh_t *m, const queue_obj_t *obj, uint8_t limit, int8_t snr, int radio,
                    const uint8_t from[4])
{
    mesh_pending_t *p = NULL;
    uint32_t slots;

    if ((unsigned)obj->hops + 1u >= limit) {
        m->hop_limit_reached++; /* nobody past us may take it: kept for laptops only */
        return 1;
    }
    if (radio && from != NULL && dead_end(m, from)) {
        /* Nobody but the relay it came from hears us: a HAVE tells that relay it landed,
         * instead of the whole object sent back to it. */
        m->dead_ends++;
        if (m->have_count < MESH_HAVES) {
            memcpy(m->haves[m->have_count++], obj->id, 8);
        }
        return 1;
    }
    for (unsigned i = 0; i < MESH_PENDING && p == NULL; i++) {
        if (!m->pending[i].used) {
            p = &m->pending[i];
        }
    }
    if (p == NULL) {
        return 0;
    }
    memset(p, 0, sizeof *p);
    memcpy(p->id, obj->id, QUEUE_ID);
    p->used = 1;
    p->rank = mesh_rank(obj->cls);
    p->limit = limit;
    p->hops = obj->hops;
    if (from != NULL) {
        memcpy(p->from, from, 4);
    }
    p->count = fragments(obj->len);
    p->todo = all_of(p->count);
    p->expiry = obj->expiry;
    p->crc = object_crc(obj->id, obj->data, obj->len);
    if (radio) {
        /* Well heard (high SNR) means a near sender: wait longer, so far relays go first. */
        int s = snr < -20 ? -20 : snr > 10 ? 10 : snr;
        unsigned cw = 1u + (unsigned)(s + 20) * 3u / 30u;
        slots = 1u + rnd(m) % (1u << cw);
        p->copies = 1;
    } else {
        slots = 0; /* from a cable: nobody else has it, no copy to wait for */
    }
    p->due_ms = m->clock_ms + (uint64_t)slots * m->params.slot_ms;
    return 1;
}

/* New queue objects (from a cable, or reassembled here) into `pending`, in arrival order. */
static void scan(mesh_t *m)
{
    size_t offset = 0;
    queue_obj_t obj;
    while (queue_walk(m->queue, &offset, &obj)) {
        if (obj.cursor <= m->last_cursor) {
            continue;
        }
        if (!schedule(m, &obj, m->queue->hop_limit, 0, obj.hops > 0, NULL)) {
            return;
        }
        m->last_cursor = obj.cursor;
    }
}

static void stream_copy(uint8_t *out, const queue_obj_t *obj, uint32_t crc, size_t from, size_t n)
{
    uint8_t tail[4];
    put32(tail, crc);
    for (size_t i = 0; i < n; i++) {
        size_t at = from + i;
        out[i] = at < QUEUE_ID             ? obj->id[at]
                 : at < QUEUE_ID + obj->len ? obj->data[at - QUEUE_ID]
                                            : tail[at - QUEUE_ID - obj->len];
    }
}

static size_t build(const mesh_t *m, const mesh_pending_t *p, const queue_obj_t *obj,
                    uint8_t index, uint32_t now_s, uint8_t *out)
{
    size_t from = (size_t)index * MESH_FRAG_DATA;
    size_t left = stream_len(obj->len) - from;
    size_t n = left < MESH_FRAG_DATA ? left : MESH_FRAG_DATA;

    out[0] = MESH_MARK;
    out[1] = MESH_FRAGMENT;
    memcpy(out + 2, m->tag, 4);
    memcpy(out + 6, m->self, 4);
    memcpy(out + 10, obj->id, 8);
    out[18] = index;
    out[19] = p->count;
    out[20] = obj->cls;
    out[21] = obj->hops;
    out[22] = p->limit;
    put32(out + 23, obj->expiry - now_s);
    stream_copy(out + MESH_HEADER, obj, p->crc, from, n);
    return MESH_HEADER + n;
}

static unsigned popcount64(uint64_t bits)
{
    unsigned n = 0;
    for (; bits != 0; bits &= bits - 1u) {
        n++;
    }
    return n;
}

/* Whether the fragments `p` has still to send fit before its expiry at the duty cycle's pace
 * (full packets, the budget spread evenly): under 1 % an hour of budget is 100 hours away. */
static int can_finish(const mesh_t *m, const mesh_pending_t *p, uint32_t now_s)
{
    uint32_t air = radio_airtime_us(m->radio.modem, RADIO_MAX_PACKET);
    uint64_t pace_s;
    if (air == UINT32_MAX || m->params.permille == 0) {
        return 1; /* transmit() refuses it anyway */
    }
    /* us of air * 1000 / permille: us of time; / 1e6: seconds */
    pace_s = (uint64_t)air * popcount64(p->todo) / m->params.permille / 1000u;
    return (uint64_t)now_s + pace_s < p->expiry;
}

/* The most urgent object whose back-off is over: rank, then one already started (the budget
 * finishes what it began), then nearest expiry. Objects gone from the queue or expired are
 * forgotten; a rebroadcast that neighbours made for us is cancelled; one that could not finish
 * before it expires is not started. */
static mesh_pending_t *next_out(mesh_t *m, uint32_t now_s, queue_obj_t *obj)
{
    mesh_pending_t *best = NULL;
    for (unsigned i = 0; i < MESH_PENDING; i++) {
        mesh_pending_t *p = &m->pending[i];
        queue_obj_t o;
        if (!p->used || p->due_ms > m->clock_ms) {
            continue;
        }
        if (p->sent) {
            if (p->echo || p->retries >= MESH_RETRIES) {
                p->used = 0;
                continue;
            }
            /* Nobody passed it on: our copy was lost (a collision, a fade). Again, whole. */
            p->sent = 0;
            p->todo = all_of(p->count);
            p->started = 0;
            p->copies = 0;
            p->retries++;
            m->retries++;
        }
        if (!queue_get(m->queue, p->id, now_s, &o)) {
            p->used = 0;
            continue;
        }
        if (!p->started && !p->repair && p->copies >= MESH_CANCEL_COPIES) {
            m->rebroadcasts_cancelled++;
            /* The copies we heard may all come from relays as far as us or nearer, none of
             * them heard by a neighbour that only we reach (department seed 8: the one bridge
             * to a far corner cancelled; the corner never heard a fragment, so never asked).
             * A HAVE, 18 bytes instead of the fragments, tells such a neighbour the object
             * exists: it asks for it whole (a NEED of count 0), and we send it then. Not when
             * a copy came from farther out: the flood is seen going on past us. */
            if (!p->farther && m->have_count < MESH_HAVES) {
                memcpy(m->haves[m->have_count++], p->id, 8);
            }
            p->used = 0;
            continue;
        }
        if (!p->started && !can_finish(m, p, now_s)) {
            /* It would expire on the way (and later only nearer its expiry): the budget goes
             * to objects that arrive. It stays in the queue for laptops. */
            p->used = 0;
            continue;
        }
        if (best == NULL || p->rank < best->rank ||
            (p->rank == best->rank && p->started > best->started) ||
            (p->rank == best->rank && p->started == best->started && p->expiry < best->expiry)) {
            best = p;
            *obj = o;
        }
    }
    return best;
}

/* A slot's eighth: how often a relay that wants the channel looks at it again. */
static uint32_t mini_ms(const mesh_t *m) { return m->params.slot_ms / 8u + 1u; }

/* Puts `packet` on air if the budget and the channel allow; 0 when it went. A busy channel
 * holds back the relay, not the object, so what goes next is still the most urgent. */
static int transmit(mesh_t *m, const uint8_t *packet, size_t len)
{
    uint32_t air = radio_airtime_us(m->radio.modem, len);

    if (air == UINT32_MAX) {
        return -1; /* a modem the radio cannot compute: it never goes on air */
    }
    if (used_us(m, m->clock_ms) + air > budget_us(m)) {
        m->budget_waits++;
        return -1;
    }
    if (m->radio.busy != NULL && m->radio.busy(m->radio.ctx, m->last_now)) {
        uint64_t wait = (uint64_t)(1u + rnd(m) % MESH_CW) * mini_ms(m);
        m->lbt_busy++;
        if (++m->lbt >= MESH_LBT_TRIES) {
            m->lbt_gave_up++; /* a long conversation nearby: step back for longer */
            m->lbt = 0;
            wait = (uint64_t)(8u * (1u + rnd(m) % 4u)) * m->params.slot_ms;
        }
        m->quiet_ms = m->clock_ms + wait;
        return -1;
    }
    if (m->radio.send(m->radio.ctx, packet, len, m->last_now) != 0) {
        return -1;
    }
    m->tx_busy = 1;
    m->tx_since_ms = m->clock_ms + air / 1000u + 1000u; /* TX_DONE lost: free it by then */
    /* A gap after each burst, as long as a neighbour's look at the channel: without it the
     * relay with the most to send would keep the channel and its neighbours never pass on. A
     * burst is one packet, or as many short ones as fit in MESH_BURST_US: the clock counts
     * whole milliseconds, so a gap of 1 or 2 ms after each 10 ms ESP-NOW packet cost 13 % of
     * the channel, while a neighbour kept out for 30 ms instead of 10 loses nothing that
     * matters (its LBT looks again every 1 or 2 ms and takes the next gap). */
    if (m->clock_ms > m->quiet_ms + mini_ms(m)) {
        m->burst_us = 0; /* the channel was left to the others since our last packet */
    }
    m->quiet_ms = m->clock_ms + air / 1000u + 1u;
    m->burst_us += air;
    if (m->burst_us + air > MESH_BURST_US) {
        m->quiet_ms += (uint64_t)(1u + rnd(m) % MESH_CW) * mini_ms(m);
        m->burst_us = 0;
    }
    m->hello_ms = m->clock_ms + m->hello_every_ms + rnd(m) % (m->hello_every_ms / 8u);
    spend(m, air);
    m->packets_out++;
    m->lbt = 0;
    return 0;
}

static void send_hello(mesh_t *m)
{
    uint8_t packet[MESH_HELLO_LEN];
    packet[0] = MESH_MARK;
    packet[1] = MESH_HELLO;
    memcpy(packet + 2, m->tag, 4);
    memcpy(packet + 6, m->self, 4);
    if (transmit(m, packet, sizeof packet) != 0 && m->quiet_ms <= m->clock_ms) {
        m->hello_ms = m->clock_ms + m->params.slot_ms; /* out of budget: later */
    }
}

static uint64_t need_quiet_ms(const mesh_t *m)
{
    return (uint64_t)MESH_NEED_SLOTS * m->params.slot_ms;
}

/* When a partial object may ask for what it lacks (NEVER: it may not). */
static uint64_t need_at(const mesh_t *m, const mesh_partial_t *p)
{
    uint64_t at = p->heard_ms + need_quiet_ms(m);
    if (!p->used || p->needs >= MESH_NEEDS) {
        return NEVER;
    }
    return at > p->need_ms ? at : p->need_ms;
}

static int known(const mesh_t *m, const uint8_t oid[8]);
static int reassembling(const mesh_t *m, const uint8_t oid[8]);
static void forget_ask(mesh_t *m, unsigned i);

/* Asks for the fragments of a partial object that stopped coming; 1 if it tried. */
static int send_need(mesh_t *m)
{
    for (unsigned i = 0; i < MESH_PARTIALS; i++) {
        mesh_partial_t *p = &m->partials[i];
        uint8_t packet[MESH_NEED_LEN];
        uint64_t missing;
        if (need_at(m, p) > m->clock_ms) {
            continue;
        }
        missing = ~p->have & all_of(p->count);
        packet[0] = MESH_MARK;
        packet[1] = MESH_NEED;
        memcpy(packet + 2, m->tag, 4);
        memcpy(packet + 6, m->self, 4);
        memcpy(packet + 10, p->oid, 8);
        packet[18] = p->count;
        for (unsigned b = 0; b < 5u; b++) {
            packet[19 + b] = (uint8_t)(missing >> (8u * b));
        }
        if (transmit(m, packet, sizeof packet) == 0) {
            p->needs++;
            /* Holders answer within 8 slots: ask again only well after that. */
            p->need_ms = m->clock_ms + 2u * need_quiet_ms(m);
            m->needs_sent++;
        } else if (m->quiet_ms <= m->clock_ms) {
            p->need_ms = m->clock_ms + m->params.slot_ms; /* out of budget: later */
        }
        return 1;
    }
    for (unsigned i = 0; i < m->ask_count; i++) {
        uint8_t packet[MESH_NEED_LEN];
        if (m->ask_ms[i] > m->clock_ms) {
            continue;
        }
        if (known(m, m->asks[i]) || reassembling(m, m->asks[i])) {
            forget_ask(m, i);
            return 0; /* it came meanwhile; the next poll looks at the rest */
        }
        memset(packet, 0, sizeof packet);
        packet[0] = MESH_MARK;
        packet[1] = MESH_NEED;
        memcpy(packet + 2, m->tag, 4);
        memcpy(packet + 6, m->self, 4);
        memcpy(packet + 10, m->asks[i], 8);
        /* count 0, no bits: the whole object (PROTOCOL.md §5, Losses) */
        if (transmit(m, packet, sizeof packet) == 0) {
            m->needs_sent++;
            forget_ask(m, i);
        } else if (m->quiet_ms <= m->clock_ms) {
            m->ask_ms[i] = m->clock_ms + m->params.slot_ms; /* out of budget: later */
        }
        return 1;
    }
    return 0;
}

static void send_one(mesh_t *m, uint32_t now_s)
{
    uint8_t packet[RADIO_MAX_PACKET];
    queue_obj_t obj;
    mesh_pending_t *p;
    size_t len;
    uint8_t index;

    if (m->tx_busy || m->radio.send == NULL || m->radio.modem == NULL ||
        m->quiet_ms > m->clock_ms) {
        return;
    }
    if (m->other_count > 0) {
        /* A laptop waits on link 2's frames: they go before the mesh's own packets. */
        if (transmit(m, m->others[0], m->other_len[0]) == 0) {
            m->other_count--;
            memmove(m->others[0], m->others[1], (size_t)m->other_count * RADIO_MAX_PACKET);
            memmove(m->other_len, m->other_len + 1, m->other_count);
        }
        return;
    }
    if (send_need(m)) {
        return;
    }
    if (m->have_count > 0) {
        uint8_t packet[MESH_HAVE_LEN];
        packet[0] = MESH_MARK;
        packet[1] = MESH_HAVE;
        memcpy(packet + 2, m->tag, 4);
        memcpy(packet + 6, m->self, 4);
        memcpy(packet + 10, m->haves[0], 8);
        if (transmit(m, packet, sizeof packet) == 0) {
            m->have_count--;
            memmove(m->haves[0], m->haves[1], (size_t)m->have_count * 8u);
        }
        return;
    }
    p = next_out(m, now_s, &obj);
    if (p == NULL) {
        if (m->hello_ms <= m->clock_ms) {
            send_hello(m);
        }
        return;
    }
    /* A hello that is due waits for this fragment, which says as much (its header names us)
     * and puts the hello off by a period; if the budget holds the fragment back, the hello
     * waits too: under 1 % at SF12 a 1 s hello in the window left room for 3 fragments of 9 s
     * instead of 4. */
    index = lowest(p->todo);
    len = build(m, p, &obj, index, now_s, packet);
    if (transmit(m, packet, len) != 0) {
        return;
    }
    p->started = 1;
    p->todo &= ~((uint64_t)1u << index);
    if (p->todo == 0) {
        m->objects_out++;
        p->used = 0;
        /* A neighbour that takes it passes it on, unless the hop limit stops it there: that
         * rebroadcast, heard here, is the acknowledgement (Meshtastic's implicit ack). Where
         * several relays are ahead, those that heard a copy cancel their own and stay quiet,
         * so silence would not mean a loss: only a relay in a line waits for it. */
        if (!p->repair && (unsigned)p->hops + 2u < p->limit && !p->echo &&
            in_line(m, p->from)) {
            /* Jitter, so two relays that collided once do not collide again; and each
             * resend waits twice as long as the one before, because in a line the copies are
             * lost to a hidden relay's own burst two hops away, which a quick resend meets
             * again (seen on the line of 5: both resends of an object hit the same burst). */
            uint32_t slots = (MESH_ECHO_SLOTS + rnd(m) % MESH_ECHO_SLOTS) << p->retries;
            p->used = 1;
            p->sent = 1;
            p->due_ms = m->quiet_ms + (uint64_t)slots * m->params.slot_ms;
        }
    }
}

/* --- what comes from the air -------------------------------------------------------------- */

static int known(const mesh_t *m, const uint8_t oid[8])
{
    const queue_t *q = m->queue;
    size_t offset = 0;
    queue_obj_t obj;
    for (unsigned i = 0; i < q->seen_count; i++) {
        if (memcmp(q->seen[i], oid, 8) == 0) {
            return 1;
        }
    }
    while (queue_walk(q, &offset, &obj)) {
        if (memcmp(obj.id, oid, 8) == 0) {
            return 1;
        }
    }
    return 0;
}

/* A neighbour lacks fragments of an object: if we hold it, we send them (so does any other
 * holder that hears the NEED; each waits a random back-off, and drops what it hears another
 * send first). */
static void need_heard(mesh_t *m, const uint8_t *data)
{
    uint8_t count = data[18];
    uint64_t bits = 0;
    size_t offset = 0;
    queue_obj_t obj;
    mesh_pending_t *p = NULL, *free_slot = NULL;

    if (count > MESH_MAX_FRAGS) {
        m->drops[MESH_DROP_SHAPE]++;
        return;
    }
    for (unsigned b = 0; b < 5u; b++) {
        bits |= (uint64_t)data[19 + b] << (8u * b);
    }
    bits &= all_of(count);
    do {
        if (!queue_walk(m->queue, &offset, &obj)) {
            return; /* not ours to answer */
        }
    } while (memcmp(obj.id, data + 10, 8) != 0);
    if (count == 0) {
        /* The whole object, asked by a relay that heard only our HAVE of it: worth sending
         * only if that relay may take it (it would hold it at our hops + 1). */
        if ((unsigned)obj.hops + 1u >= m->queue->hop_limit) {
            return;
        }
        count = fragments(obj.len);
        bits = all_of(count);
    }
    if (bits == 0 || fragments(obj.len) != count) {
        return;
    }
    for (unsigned i = 0; i < MESH_PENDING && p == NULL; i++) {
        mesh_pending_t *e = &m->pending[i];
        if (e->used && memcmp(e->id, obj.id, QUEUE_ID) == 0) {
            p = e;
        } else if (!e->used && free_slot == NULL) {
            free_slot = e;
        }
    }
    if (p == NULL) {
        if (free_slot == NULL) {
            return; /* busy with other objects: it will ask again */
        }
        p = free_slot;
        memset(p, 0, sizeof *p);
        memcpy(p->id, obj.id, QUEUE_ID);
        p->used = 1;
        p->rank = mesh_rank(obj.cls);
        p->limit = m->queue->hop_limit;
        p->hops = obj.hops;
        p->count = count;
        p->expiry = obj.expiry;
        p->crc = object_crc(obj.id, obj.data, obj.len);
        p->due_ms = m->clock_ms + (uint64_t)(1u + rnd(m) % 8u) * m->params.slot_ms;
        p->repair = 1;
    } else if (p->sent) {
        /* Waiting for the echo: this NEED says our copy did not fully land. The missing
         * fragments go now, and the wait for the echo starts again after them. */
        p->sent = 0;
        p->due_ms = m->clock_ms + (uint64_t)(1u + rnd(m) % MESH_CW) * mini_ms(m);
    }
    p->todo |= bits;
    m->needs_answered++;
}

/* Another relay sent fragment `index` of an object we were about to repair: one copy is enough. */
static void repair_heard(mesh_t *m, const uint8_t oid[8], uint8_t index)
{
    for (unsigned i = 0; i < MESH_PENDING; i++) {
        mesh_pending_t *p = &m->pending[i];
        if (p->used && p->repair && memcmp(p->id, oid, 8) == 0) {
            p->todo &= ~((uint64_t)1u << index);
            if (p->todo == 0 && !p->sent) {
                p->used = 0;
            }
        }
    }
}

/* A HAVE: the neighbour took the object (it is the end of the line, or passed it on already). */
static void echo_heard(mesh_t *m, const uint8_t oid[8], const uint8_t sender[4])
{
    for (unsigned i = 0; i < MESH_PENDING; i++) {
        mesh_pending_t *p = &m->pending[i];
        if (p->used && memcmp(p->id, oid, 8) == 0 && memcmp(p->from, sender, 4) != 0) {
            p->echo = 1;
        }
    }
}

static int reassembling(const mesh_t *m, const uint8_t oid[8])
{
    for (unsigned i = 0; i < MESH_PARTIALS; i++) {
        if (m->partials[i].used && memcmp(m->partials[i].oid, oid, 8) == 0) {
            return 1;
        }
    }
    return 0;
}

/* A neighbour took an object we neither hold nor are receiving: it may be a dead end that
 * never heard us (our hellos all lost), keeping what the flood meant for us too. We ask for
 * it whole, once, after the silence a NEED waits for (fragments of it coming meanwhile make
 * the ask moot); the answer, and our NEED itself, tell that relay we are here. */
static void have_heard(mesh_t *m, const uint8_t oid[8])
{
    if (m->ask_count >= MESH_ASKS || known(m, oid) || reassembling(m, oid)) {
        return;
    }
    for (unsigned i = 0; i < m->ask_count; i++) {
        if (memcmp(m->asks[i], oid, 8) == 0) {
            return;
        }
    }
    memcpy(m->asks[m->ask_count], oid, 8);
    m->ask_ms[m->ask_count] =
        m->clock_ms + (uint64_t)(MESH_NEED_SLOTS + rnd(m) % 8u) * m->params.slot_ms;
    m->ask_count++;
}

static void forget_ask(mesh_t *m, unsigned i)
{
    m->ask_count--;
    memmove(m->asks[i], m->asks[i + 1u], (size_t)(m->ask_count - i) * 8u);
    memmove(&m->ask_ms[i], &m->ask_ms[i + 1u], (size_t)(m->ask_count - i) * sizeof m->ask_ms[0]);
}

static void copy_heard(mesh_t *m, const uint8_t oid[8], const uint8_t sender[4], uint8_t hops)
{
    for (unsigned i = 0; i < MESH_PENDING; i++) {
        mesh_pending_t *p = &m->pending[i];
        /* The relay we took it from sending it again says nothing of who else has it. */
        if (!p->used || memcmp(p->id, oid, 8) != 0 || memcmp(p->from, sender, 4) == 0) {
            continue;
        }
        if (!p->started && p->copies < 255u) {
            p->copies++;
        }
        if (hops > p->hops) {
            p->farther = 1; /* the sender holds it at more hops than we do: past us */
        }
        if (p->started || p->retries > 0) {
            p->echo = 1;
        }
    }
}

/* Fragment 0 of an object we hold, from a relay one hop nearer its source: that relay is
 * sending it again because it missed our echo (our rebroadcast, or a dead end's HAVE). A HAVE
 * tells it the object landed, instead of its next resends whole. */
static void resend_heard(mesh_t *m, const uint8_t *h)
{
    size_t offset = 0;
    queue_obj_t obj;
    while (queue_walk(m->queue, &offset, &obj)) {
        if (memcmp(obj.id, h + 10, 8) == 0) {
            if ((unsigned)h[21] + 1u == obj.hops && m->have_count < MESH_HAVES) {
                memcpy(m->haves[m->have_count++], obj.id, 8);
            }
            return;
        }
    }
}

static void complete(mesh_t *m, mesh_partial_t *part, uint32_t now_s)
{
    size_t total = (size_t)(part->count - 1u) * MESH_FRAG_DATA + part->last_len;
    const uint8_t *id = part->data;
    uint8_t limit = part->limit < m->queue->hop_limit ? part->limit : m->queue->hop_limit;
    uint8_t hops = (uint8_t)(part->hops + 1u);
    int caught_up = m->last_cursor + 1u == m->queue->next_cursor;
    queue_status_t status;

    part->used = 0;
    if (memcmp(id, part->oid, 8) != 0 ||
        crc32c(part->data, total - 4u) != get32(part->data + total - 4u)) {
        m->drops[MESH_DROP_CRC]++;
        return;
    }
    if (hops >= part->limit) {
        m->hop_limit_reached++;
        return;
    }
    status = queue_put(m->queue, id, part->cls, hops, part->ttl_s, id + QUEUE_ID,
                       total - MESH_STREAM_EXTRA, now_s);
    if (status == QUEUE_DUPLICATE) {
        m->duplicates_heard++;
    } else if (status != QUEUE_STORED) {
        m->drops[MESH_DROP_REFUSED]++;
    } else if (m->stored != NULL && m->stored(m->stored_ctx, m->queue->next_cursor - 1u) != 0) {
        m->drops[MESH_DROP_REFUSED]++; /* not durable: not taken, the sender's NEEDs go on */
    } else {
        queue_obj_t obj;
        m->objects_in++;
        /* Taken now rather than by scan() so the back-off knows how well we heard it. */
        if (caught_up && queue_get(m->queue, id, now_s, &obj) && schedule(m, &obj, limit, part->snr, 1,
                                                                      part->from)) {
            m->last_cursor = obj.cursor;
        }
    }
}

static mesh_partial_t *partial_for(mesh_t *m, const uint8_t *h)
{
    mesh_partial_t *slot = NULL;
    for (unsigned i = 0; i < MESH_PARTIALS; i++) {
        mesh_partial_t *p = &m->partials[i];
        if (p->used && memcmp(p->oid, h + 10, 8) == 0) {
            return p;
        }
        if (slot == NULL || (slot->used && (!p->used || p->heard_ms < slot->heard_ms))) {
            slot = p;
        }
    }
    if (slot->used) {
        m->drops[MESH_DROP_EVICTED]++;
    }
    slot->used = 1;
    memcpy(slot->oid, h + 10, 8);
    slot->count = h[19];
    slot->cls = h[20];
    slot->hops = h[21];
    slot->limit = h[22];
    slot->ttl_s = get32(h + 23);
    slot->have = 0;
    slot->last_len = 0;
    slot->needs = 0;
    slot->need_ms = 0;
    return slot;
}

void mesh_receive(mesh_t *m, const uint8_t *data, size_t len, int16_t rssi_dbm, int8_t snr_db,
                  uint32_t now_ms, uint32_t now_s)
{
    mesh_partial_t *part;
    size_t n;
    uint8_t index, count;
    uint64_t all;

    advance(m, now_ms);
    if (len > 0 && len <= RADIO_MAX_PACKET && data[0] != MESH_MARK) {
        if (m->other != NULL) {
            m->other(m->other_ctx, data, len); /* a link frame for link 2 */
        }
        return;
    }
    m->packets_in++;
    if (len == MESH_HELLO_LEN && data[1] == MESH_HELLO) {
        if (memcmp(data + 2, m->tag, 4) != 0) {
            m->drops[MESH_DROP_NETWORK]++;
        } else {
            heard(m, data + 6, rssi_dbm, snr_db);
        }
        return;
    }
    if (len == MESH_HAVE_LEN && data[1] == MESH_HAVE) {
        if (memcmp(data + 2, m->tag, 4) != 0) {
            m->drops[MESH_DROP_NETWORK]++;
        } else {
            heard(m, data + 6, rssi_dbm, snr_db);
            echo_heard(m, data + 10, data + 6);
            have_heard(m, data + 10);
        }
        return;
    }
    if (len == MESH_NEED_LEN && data[1] == MESH_NEED) {
        if (memcmp(data + 2, m->tag, 4) != 0) {
            m->drops[MESH_DROP_NETWORK]++;
        } else {
            heard(m, data + 6, rssi_dbm, snr_db);
            need_heard(m, data);
        }
        return;
    }
    if (len < MESH_HEADER || len > RADIO_MAX_PACKET || data[1] != MESH_FRAGMENT) {
        m->drops[MESH_DROP_SHORT]++;
        return;
    }
    if (memcmp(data + 2, m->tag, 4) != 0) {
        m->drops[MESH_DROP_NETWORK]++;
        return;
    }
    heard(m, data + 6, rssi_dbm, snr_db);
    index = data[18];
    count = data[19];
    n = len - MESH_HEADER;
    if (count == 0 || count > MESH_MAX_FRAGS || index >= count ||
        (index + 1u < count && n != MESH_FRAG_DATA) ||
        (index + 1u == count &&
         ((size_t)(count - 1u) * MESH_FRAG_DATA + n < MESH_STREAM_EXTRA ||
          (size_t)(count - 1u) * MESH_FRAG_DATA + n > MESH_MAX_STREAM || n == 0))) {
        m->drops[MESH_DROP_SHAPE]++;
        return;
    }
    if (known(m, data + 10)) {
        /* Someone rebroadcast what we hold: suppressed, and one more reason not to ourselves. */
        m->duplicates_heard++;
        if (index == 0) {
            copy_heard(m, data + 10, data + 6, data[21]);
            resend_heard(m, data);
        }
        repair_heard(m, data + 10, index);
        return;
    }
    part = partial_for(m, data);
    if (part->count != count || part->cls != data[20]) {
        m->drops[MESH_DROP_MISMATCH]++;
        return;
    }
    /* Repairs may come from another holder: the shortest path and the smallest limit win. */
    if (data[21] < part->hops) {
        part->hops = data[21];
    }
    if (data[22] < part->limit) {
        part->limit = data[22];
    }
    memcpy(part->data + (size_t)index * MESH_FRAG_DATA, data + MESH_HEADER, n);
    if (index + 1u == count) {
        part->last_len = (uint16_t)n;
    }
    if (!(part->have >> index & 1u)) {
        /* Progress: a holder is answering (a repair, or a whole resend after our NEEDs ran
         * out), so the NEEDs start again. Without this a partial that spent its NEEDs could
         * never ask for the one fragment a resend lost, and the object died one hop short.
         * Still bounded: every new budget costs a fragment not heard before. */
        part->needs = 0;
    }
    part->have |= (uint64_t)1u << index;
    part->heard_ms = m->clock_ms;
    part->snr = snr_db;
    memcpy(part->from, data + 6, 4);
    all = count == 64u ? UINT64_MAX : ((uint64_t)1u << count) - 1u;
    if (part->have == all) {
        complete(m, part, now_s);
    }
}

/* --- the loop ----------------------------------------------------------------------------- */

void mesh_poll(mesh_t *m, uint32_t now_ms, uint32_t now_s)
{
    radio_event_t ev;

    advance(m, now_ms);
    /* Bounded: a radio that keeps reporting cannot hold the loop. */
    for (unsigned i = 0; i < 16u && m->radio.poll != NULL; i++) {
        ev.kind = RADIO_EV_NONE;
        m->radio.poll(m->radio.ctx, now_ms, &ev);
        if (ev.kind == RADIO_EV_NONE) {
            break;
        }
        if (ev.kind == RADIO_EV_TX_DONE || ev.kind == RADIO_EV_TIMEOUT) {
            m->tx_busy = 0;
        } else if (ev.kind == RADIO_EV_RX) {
            size_t len = ev.len <= RADIO_MAX_PACKET ? ev.len : RADIO_MAX_PACKET;
            mesh_receive(m, ev.data, len, ev.rssi_dbm, ev.snr_db, now_ms, now_s);
        } else if (ev.kind == RADIO_EV_RX_ERROR) {
            m->drops[MESH_DROP_RADIO]++;
        }
    }
    if (m->tx_busy && m->clock_ms > m->tx_since_ms) {
        m->tx_busy = 0;
    }
    for (unsigned i = 0; i < MESH_PARTIALS; i++) {
        mesh_partial_t *p = &m->partials[i];
        if (p->used && m->clock_ms - p->heard_ms >= m->params.reassembly_ms) {
            p->used = 0;
            m->drops[MESH_DROP_TIMEOUT]++;
        }
    }
    scan(m);
    send_one(m, now_s);
}

int mesh_send_other(mesh_t *m, const uint8_t *data, size_t len, uint32_t now_ms)
{
    advance(m, now_ms);
    if (len == 0 || len > RADIO_MAX_PACKET || data[0] == MESH_MARK ||
        m->other_count >= MESH_OTHERS) {
        return -1;
    }
    memcpy(m->others[m->other_count], data, len);
    m->other_len[m->other_count] = (uint8_t)len;
    m->other_count++;
    return 0;
}

unsigned mesh_other_room(const mesh_t *m) { return MESH_OTHERS - m->other_count; }

uint32_t mesh_wake_in(const mesh_t *m, uint32_t now_ms)
{
    uint64_t clock = clock_at(m, now_ms);
    uint64_t wake = NEVER;
    int ready = 0;

    for (unsigned i = 0; i < MESH_PARTIALS; i++) {
        const mesh_partial_t *p = &m->partials[i];
        if (p->used && p->heard_ms + m->params.reassembly_ms < wake) {
            wake = p->heard_ms + m->params.reassembly_ms;
        }
    }
    if (!m->tx_busy && m->radio.send != NULL) {
        uint64_t hello = m->hello_ms > m->quiet_ms ? m->hello_ms : m->quiet_ms;
        if (hello < wake) {
            wake = hello;
        }
        if ((m->have_count > 0 || m->other_count > 0) && m->quiet_ms < wake) {
            wake = m->quiet_ms;
        }
        ready |= m->other_count > 0 && m->quiet_ms <= clock;
        for (unsigned i = 0; i < m->ask_count; i++) {
            uint64_t ask = m->ask_ms[i] > m->quiet_ms ? m->ask_ms[i] : m->quiet_ms;
            if (ask < wake) {
                wake = ask;
            }
        }
        for (unsigned i = 0; i < MESH_PARTIALS; i++) {
            uint64_t need = need_at(m, &m->partials[i]);
            need = need > m->quiet_ms || need == NEVER ? need : m->quiet_ms;
            if (need < wake) {
                wake = need;
            }
        }
    }
    if (m->tx_busy) {
        if (m->tx_since_ms < wake) {
            wake = m->tx_since_ms; /* TX_DONE comes by poll: the port wakes us for it */
        }
    } else {
        for (unsigned i = 0; i < MESH_PENDING; i++) {
            const mesh_pending_t *p = &m->pending[i];
            uint64_t due = p->due_ms > m->quiet_ms ? p->due_ms : m->quiet_ms;
            if (p->used) {
                ready |= due <= clock;
                if (due < wake) {
                    wake = due;
                }
            }
        }
    }
    if (ready) {
        /* Out of budget: nothing to do before the oldest bucket leaves the window. */
        if (m->radio.modem != NULL &&
            used_us(m, clock) + radio_airtime_us(m->radio.modem, RADIO_MAX_PACKET) > budget_us(m)) {
            wake = (clock / m->bucket_ms + 1u) * m->bucket_ms;
        }
    }
    if (m->queue->next_cursor - 1u != m->last_cursor) {
        for (unsigned i = 0; i < MESH_PENDING; i++) {
            if (!m->pending[i].used) {
                wake = clock; /* new objects to take, and room for them */
                break;
            }
        }
    }
    if (wake == NEVER) {
        return UINT32_MAX;
    }
    return wake <= clock ? 0u : (uint32_t)(wake - clock < UINT32_MAX ? wake - clock : UINT32_MAX);
}

void mesh_report(const mesh_t *m, uint32_t now_ms, mesh_report_t *out)
{
    uint64_t clock = clock_at(m, now_ms);

    memset(out, 0, sizeof *out);
    for (unsigned i = 0; i < MESH_NEIGHBOURS; i++) {
        const mesh_neighbour_t *n = &m->neighbours[i];
        if (n->used) {
            memcpy(out->neighbours[out->n].id, n->id, 4);
            out->neighbours[out->n].rssi_dbm = n->rssi_dbm;
            out->neighbours[out->n].snr_db = n->snr_db;
            out->neighbours[out->n].age_s = (uint32_t)((clock - n->heard_ms) / 1000u);
            out->neighbours[out->n].packets = n->packets;
            out->n++;
        }
    }
    out->airtime_us = mesh_airtime_used(m, now_ms);
    out->budget_us = (uint32_t)(budget_us(m) < UINT32_MAX ? budget_us(m) : UINT32_MAX);
    out->queued = m->queue->count;
    out->queued_bytes = m->queue->bytes;
    for (unsigned i = 0; i < MESH_DROP_REASONS; i++) {
        out->dropped += m->drops[i];
    }
    out->packets_in = m->packets_in;
    out->packets_out = m->packets_out;
}
