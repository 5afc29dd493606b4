/* Meshes on one machine for Python's ctypes: up to MESH_HOST_NODES relays (a queue and a
 * mesh_t each) on a fake shared air, driven by a clock the caller moves. The air is a graph:
 * a packet sent by one node reaches the nodes linked to it once its time on air is over,
 * unless the receiver was sending itself (half duplex), another linked node's packet overlapped
 * it (collisions, when switched on), or a drop rule of the test takes it. Everything is in one
 * mesh_host_t the caller allocates; plain integers and byte pointers only cross ctypes. */
#include <string.h>

#include "mesh.h"
#include "queue.h"
#include "radio.h"

#define MESH_HOST_NODES 8u
#define MESH_HOST_ARENA (48u * 1024u)
#define MESH_HOST_INBOX 64u
#define MESH_HOST_LOG 16384u
#define MESH_HOST_STATS 24u

typedef struct mesh_host mesh_host_t;

typedef struct {
    mesh_host_t *host;
    unsigned index;
    mesh_t mesh;
    queue_t queue;
    uint8_t arena[MESH_HOST_ARENA];
    radio_event_t inbox[MESH_HOST_INBOX];
    unsigned in_head, in_count;
    uint8_t on_air;
    uint32_t tx_start, tx_end;     /* the packet on air, or the last one */
    uint32_t prev_start, prev_end; /* the one before, for overlaps */
    uint8_t tx[RADIO_MAX_PACKET];
    uint8_t tx_len;
    uint32_t drop_skip, drop_count; /* of its packets: let `skip` through, then lose `count` */
    uint8_t drop_kind;              /* nonzero: every mesh packet of this kind it sends is lost */
} mesh_host_node_t;

struct mesh_host {
    unsigned n;
    uint8_t collisions;
    radio_modem_t modem;
    uint8_t link[MESH_HOST_NODES][MESH_HOST_NODES];
    int16_t rssi[MESH_HOST_NODES][MESH_HOST_NODES];
    int8_t snr[MESH_HOST_NODES][MESH_HOST_NODES];
    uint32_t now;
    uint32_t log[MESH_HOST_LOG][5]; /* node, start ms, airtime us, length, object id's 4 first */
    uint32_t log_n;
    uint32_t inbox_lost;
    mesh_host_node_t nodes[MESH_HOST_NODES];
};

size_t mesh_host_size(void) { return sizeof(mesh_host_t); }

static void push(mesh_host_node_t *node, const radio_event_t *ev)
{
    if (node->in_count == MESH_HOST_INBOX) {
        node->host->inbox_lost++;
        return;
    }
    node->inbox[(node->in_head + node->in_count) % MESH_HOST_INBOX] = *ev;
    node->in_count++;
}

static int overlaps(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    return a0 < b1 && b0 < a1;
}

static int sent_during(const mesh_host_node_t *o, uint32_t start, uint32_t end)
{
    return overlaps(o->tx_start, o->tx_end, start, end) ||
           overlaps(o->prev_start, o->prev_end, start, end);
}

/* The packet of `s` is over: to its neighbours, and TX_DONE to itself. */
static void land(mesh_host_t *h, mesh_host_node_t *s)
{
    radio_event_t ev;
    int lost = 0;

    s->on_air = 0;
    if (s->drop_skip > 0) {
        s->drop_skip--;
    } else if (s->drop_count > 0) {
        s->drop_count--;
        lost = 1;
    }
    if (s->drop_kind != 0 && s->tx_len >= 2u && s->tx[0] == MESH_MARK && s->tx[1] == s->drop_kind) {
        lost = 1;
    }
    for (unsigned r = 0; r < h->n && !lost; r++) {
        mesh_host_node_t *rx = &h->nodes[r];
        int clash = 0;
        if (r == s->index || !h->link[s->index][r] || sent_during(rx, s->tx_start, s->tx_end)) {
            continue;
        }
        for (unsigned o = 0; o < h->n && h->collisions; o++) {
            clash |= o != s->index && o != r && h->link[o][r] &&
                     sent_during(&h->nodes[o], s->tx_start, s->tx_end);
        }
        memset(&ev, 0, sizeof ev);
        ev.kind = clash ? RADIO_EV_RX_ERROR : RADIO_EV_RX;
        ev.len = clash ? 0 : s->tx_len;
        ev.rssi_dbm = h->rssi[s->index][r];
        ev.snr_db = h->snr[s->index][r];
        memcpy(ev.data, s->tx, ev.len);
        push(rx, &ev);
    }
    memset(&ev, 0, sizeof ev);
    ev.kind = RADIO_EV_TX_DONE;
    push(s, &ev);
}

static void air_until(mesh_host_t *h, uint32_t now)
{
    for (;;) {
        mesh_host_node_t *first = NULL;
        for (unsigned i = 0; i < h->n; i++) {
            mesh_host_node_t *node = &h->nodes[i];
            if (node->on_air && node->tx_end <= now && (first == NULL || node->tx_end < first->tx_end)) {
                first = node;
            }
        }
        if (first == NULL) {
            return;
        }
        land(h, first);
    }
}

static int fake_send(void *ctx, const uint8_t *data, size_t len, uint32_t now_ms)
{
    mesh_host_node_t *node = ctx;
    mesh_host_t *h = node->host;
    uint32_t air = radio_airtime_us(&h->modem, len);

    if (node->on_air || len > RADIO_MAX_PACKET) {
        return -1;
    }
    node->prev_start = node->tx_start;
    node->prev_end = node->tx_end;
    node->tx_start = now_ms;
    node->tx_end = now_ms + (air + 999u) / 1000u + (air == 0);
    node->on_air = 1;
    node->tx_len = (uint8_t)len;
    memcpy(node->tx, data, len);
    if (h->log_n < MESH_HOST_LOG) {
        h->log[h->log_n][0] = node->index;
        h->log[h->log_n][1] = now_ms;
        h->log[h->log_n][2] = air;
        h->log[h->log_n][3] = (uint32_t)len;
        h->log[h->log_n][4] = len >= MESH_HEADER && data[1] == MESH_FRAGMENT
                                  ? (uint32_t)data[10] << 24 | (uint32_t)data[11] << 16 |
                                        (uint32_t)data[12] << 8 | data[13]
                                  : 0;
    }
    h->log_n++;
    return 0;
}

static int fake_busy(void *ctx, uint32_t now_ms)
{
    mesh_host_node_t *node = ctx;
    mesh_host_t *h = node->host;
    for (unsigned o = 0; o < h->n; o++) {
        const mesh_host_node_t *other = &h->nodes[o];
        if (o != node->index && h->link[o][node->index] && other->on_air &&
            other->tx_start <= now_ms && now_ms < other->tx_end) {
            return 1;
        }
    }
    return 0;
}

static int fake_poll(void *ctx, uint32_t now_ms, radio_event_t *ev)
{
    mesh_host_node_t *node = ctx;
    (void)now_ms;
    if (node->in_count == 0) {
        ev->kind = RADIO_EV_NONE;
        return 0;
    }
    *ev = node->inbox[node->in_head];
    node->in_head = (node->in_head + 1u) % MESH_HOST_INBOX;
    node->in_count--;
    return 1;
}

/* params: kind, sf, bw_hz, cr, preamble, bit_rate, window_ms, permille, reassembly_ms,
 * slot_ms, hop_limit, collisions */
mesh_host_t *mesh_host_init(void *mem, size_t size, unsigned n, const uint32_t params[12],
                            const uint8_t tag[8], uint32_t seed)
{
    mesh_host_t *h = mem;
    mesh_params_t mp;

    if (size < sizeof *h || (uintptr_t)mem % 8 != 0 || n == 0 || n > MESH_HOST_NODES) {
        return NULL;
    }
    memset(h, 0, sizeof *h);
    h->n = n;
    h->modem.kind = (uint8_t)params[0];
    h->modem.sf = (uint8_t)params[1];
    h->modem.bw_hz = params[2];
    h->modem.cr = (uint8_t)params[3];
    h->modem.preamble = (uint16_t)params[4];
    h->modem.bit_rate = params[5];
    h->modem.freq_hz = 868100000u;
    h->modem.power_dbm = 14;
    mp.window_ms = params[6];
    mp.permille = (uint16_t)params[7];
    mp.reassembly_ms = params[8];
    mp.slot_ms = params[9];
    h->collisions = (uint8_t)params[11];
    for (unsigned i = 0; i < n; i++) {
        mesh_host_node_t *node = &h->nodes[i];
        uint8_t device[8] = {0xD0, 0, 0, 0, 0, 0, 0, (uint8_t)(i + 1u)};
        radio_ops_t ops;
        node->host = h;
        node->index = i;
        queue_init(&node->queue, node->arena, sizeof node->arena, MESH_HOST_ARENA / 2u, 0x07,
                   (uint8_t)params[10]);
        ops.ctx = node;
        ops.send = fake_send;
        ops.busy = fake_busy;
        ops.poll = fake_poll;
        ops.modem = &h->modem;
        mesh_init(&node->mesh, &ops, &node->queue, tag, device, &mp, seed + i, 0);
    }
    return h;
}

void mesh_host_link(mesh_host_t *h, unsigned a, unsigned b, int on, int rssi, int snr)
{
    if (a >= h->n || b >= h->n || a == b) {
        return;
    }
    h->link[a][b] = h->link[b][a] = (uint8_t)(on != 0);
    h->rssi[a][b] = h->rssi[b][a] = (int16_t)rssi;
    h->snr[a][b] = h->snr[b][a] = (int8_t)snr;
}

void mesh_host_drop(mesh_host_t *h, unsigned node, uint32_t skip, uint32_t count)
{
    if (node < h->n) {
        h->nodes[node].drop_skip = skip;
        h->nodes[node].drop_count = count;
    }
}

/* Every mesh packet of `kind` (second byte) that `node` sends is lost, e.g. all its hellos. */
void mesh_host_drop_kind(mesh_host_t *h, unsigned node, unsigned kind)
{
    if (node < h->n) {
        h->nodes[node].drop_kind = (uint8_t)kind;
    }
}

int mesh_host_put(mesh_host_t *h, unsigned node, const uint8_t id[16], unsigned cls,
                  unsigned hops, uint32_t ttl_s, const uint8_t *data, size_t len)
{
    if (node >= h->n) {
        return -1;
    }
    return (int)queue_put(&h->nodes[node].queue, id, (uint8_t)cls, (uint8_t)hops, ttl_s, data,
                          len, h->now / 1000u);
}

void mesh_host_inject(mesh_host_t *h, unsigned node, const uint8_t *data, size_t len, int rssi,
                      int snr)
{
    if (node < h->n) {
        mesh_receive(&h->nodes[node].mesh, data, len, (int16_t)rssi, (int8_t)snr, h->now,
                     h->now / 1000u);
    }
}

/* Runs the air and every mesh until `until_ms`, from event to event; returns the steps taken
 * (at most `max_steps`, so a bug cannot hang the test). */
uint32_t mesh_host_run(mesh_host_t *h, uint32_t until_ms, uint32_t max_steps)
{
    uint32_t steps = 0;
    while ((int32_t)(until_ms - h->now) > 0 && steps < max_steps) {
        uint32_t next = until_ms;
        steps++;
        air_until(h, h->now);
        for (unsigned i = 0; i < h->n; i++) {
            mesh_poll(&h->nodes[i].mesh, h->now, h->now / 1000u);
        }
        for (unsigned i = 0; i < h->n; i++) {
            mesh_host_node_t *node = &h->nodes[i];
            uint32_t wake = mesh_wake_in(&node->mesh, h->now);
            if (node->on_air && (int32_t)(node->tx_end - next) < 0) {
                next = node->tx_end;
            }
            if (node->in_count > 0) {
                wake = 0;
            }
            if (wake != UINT32_MAX && (int32_t)(h->now + wake - next) < 0) {
                next = h->now + wake;
            }
        }
        h->now = (int32_t)(next - h->now) > 0 ? next : h->now + 1u;
    }
    air_until(h, h->now);
    return steps;
}

uint32_t mesh_host_now(const mesh_host_t *h) { return h->now; }

/* packets_in, packets_out, objects_in, objects_out, rebroadcasts_cancelled, duplicates_heard,
 * hop_limit_reached, budget_waits, lbt_busy, lbt_gave_up, drops[9], queued, retries, needs_sent,
 * needs_answered, dead_ends */
void mesh_host_stats(const mesh_host_t *h, unsigned node, uint32_t out[MESH_HOST_STATS])
{
    const mesh_t *m;
    if (node >= h->n) {
        return;
    }
    m = &h->nodes[node].mesh;
    out[0] = m->packets_in;
    out[1] = m->packets_out;
    out[2] = m->objects_in;
    out[3] = m->objects_out;
    out[4] = m->rebroadcasts_cancelled;
    out[5] = m->duplicates_heard;
    out[6] = m->hop_limit_reached;
    out[7] = m->budget_waits;
    out[8] = m->lbt_busy;
    out[9] = m->lbt_gave_up;
    for (unsigned i = 0; i < MESH_DROP_REASONS; i++) {
        out[10 + i] = m->drops[i];
    }
    out[19] = h->nodes[node].queue.count;
    out[20] = m->retries;
    out[21] = m->needs_sent;
    out[22] = m->needs_answered;
    out[23] = m->dead_ends;
}

/* The objects a node holds, in arrival order: ids and hops; returns how many. */
size_t mesh_host_arrivals(const mesh_host_t *h, unsigned node, uint8_t *ids, uint8_t *hops,
                          size_t max)
{
    size_t offset = 0, n = 0;
    queue_obj_t obj;
    if (node >= h->n) {
        return 0;
    }
    while (n < max && queue_walk(&h->nodes[node].queue, &offset, &obj)) {
        memcpy(ids + n * QUEUE_ID, obj.id, QUEUE_ID);
        hops[n] = obj.hops;
        n++;
    }
    return n;
}

/* The object `id` held by `node`: its bytes into `out`; returns its length, or -1. */
int mesh_host_get(const mesh_host_t *h, unsigned node, const uint8_t id[16], uint8_t *out,
                  size_t cap, uint32_t fields[2])
{
    queue_obj_t obj;
    if (node >= h->n || !queue_get(&h->nodes[node].queue, id, h->now / 1000u, &obj) ||
        obj.len > cap) {
        return -1;
    }
    memcpy(out, obj.data, obj.len);
    fields[0] = obj.cls;
    fields[1] = obj.hops;
    return obj.len;
}

/* Every packet sent: (node, start ms, airtime us, length, the first 4 bytes of its object's id
 * big-endian or 0) rows; returns the count sent (the log keeps the first MESH_HOST_LOG). */
uint32_t mesh_host_log(const mesh_host_t *h, uint32_t *out, size_t max)
{
    size_t n = h->log_n < MESH_HOST_LOG ? h->log_n : MESH_HOST_LOG;
    n = n < max ? n : max;
    memcpy(out, h->log, n * sizeof h->log[0]);
    return h->log_n;
}

/* n, airtime_us, budget_us, queued, queued_bytes, dropped, packets_in, packets_out, then per
 * neighbour: id (little-endian), rssi, snr, age_s, packets */
void mesh_host_report(const mesh_host_t *h, unsigned node, int32_t out[8 + 5 * MESH_NEIGHBOURS])
{
    mesh_report_t r;
    if (node >= h->n) {
        return;
    }
    mesh_report(&h->nodes[node].mesh, h->now, &r);
    out[0] = r.n;
    out[1] = (int32_t)r.airtime_us;
    out[2] = (int32_t)r.budget_us;
    out[3] = r.queued;
    out[4] = (int32_t)r.queued_bytes;
    out[5] = (int32_t)r.dropped;
    out[6] = (int32_t)r.packets_in;
    out[7] = (int32_t)r.packets_out;
    for (unsigned i = 0; i < r.n; i++) {
        int32_t *e = out + 8 + 5 * i;
        e[0] = (int32_t)((uint32_t)r.neighbours[i].id[0] | (uint32_t)r.neighbours[i].id[1] << 8 |
                         (uint32_t)r.neighbours[i].id[2] << 16 |
                         (uint32_t)r.neighbours[i].id[3] << 24);
        e[1] = r.neighbours[i].rssi_dbm;
        e[2] = r.neighbours[i].snr_db;
        e[3] = (int32_t)r.neighbours[i].age_s;
        e[4] = (int32_t)r.neighbours[i].packets;
    }
}

uint32_t mesh_host_airtime_us(const mesh_host_t *h, size_t len)
{
    return radio_airtime_us(&h->modem, len);
}
