/* ctypes entry points for the radio network simulator (radio_air.h, air_mesh_node.h):
 * tests/test_radio_network.py and bench/radio_network.py build networks of real meshes on the
 * simulated air with these. Plain integers and byte pointers only cross ctypes; everything is
 * in one sim_t the caller allocates (about 14 MB for AIR_NODES nodes). */
#include <string.h>

#include "air_mesh_node.h"
#include "radio_air.h"

#define SIM_STATS 34u

typedef struct {
    air_t air;
    uint8_t tag[8];
    mesh_params_t params;
    uint8_t hop_limit;
    uint32_t seed;
    uint8_t raw[AIR_NODES]; /* a bare radio the caller drives (no mesh behind it) */
    air_mesh_node_t nodes[AIR_NODES];
} sim_t;

size_t sim_size(void);
sim_t *sim_init(void *mem, size_t size, uint32_t seed, const uint32_t params[5],
                const uint8_t tag[8]);
void sim_band(sim_t *s, int sub_ghz, int pl0_cdb, int n_x100, int sigma_cdb);
int sim_add(sim_t *s, int32_t x_m, int32_t y_m, const uint32_t modem[8], int durable);
int sim_put(sim_t *s, unsigned node, const uint8_t id[16], unsigned cls, uint32_t ttl_s,
            const uint8_t *data, size_t len);
uint32_t sim_run(sim_t *s, uint32_t until_ms, uint32_t max_steps);
uint32_t sim_now(const sim_t *s);
void sim_power(sim_t *s, unsigned node, int on);
int sim_schedule_power(sim_t *s, unsigned node, uint32_t at_ms, int on);
int sim_get(const sim_t *s, unsigned node, const uint8_t id[16], uint8_t *out, size_t cap,
            uint32_t fields[2]);
uint32_t sim_arrivals(const sim_t *s, unsigned node, uint8_t *ids, uint32_t *meta, uint32_t max);
uint32_t sim_held(const sim_t *s, unsigned node, uint8_t *ids, uint32_t max);
uint32_t sim_log(const sim_t *s, uint32_t *out, uint32_t max);
void sim_stats(const sim_t *s, unsigned node, uint32_t out[SIM_STATS]);
int sim_rssi_x10(const sim_t *s, unsigned rx, unsigned tx);
int sim_sensitivity_x10(const sim_t *s, unsigned node);
uint32_t sim_airtime_us(const sim_t *s, unsigned node, size_t len);
unsigned sim_p0_class(void);
int sim_add_raw(sim_t *s, int32_t x_m, int32_t y_m, const uint32_t modem[8]);
int sim_send_raw(sim_t *s, unsigned node, const uint8_t *data, size_t len);
int sim_busy_raw(sim_t *s, unsigned node);
int sim_recv_raw(sim_t *s, unsigned node, int32_t out[4], uint8_t *data);
unsigned sim_frag_data(void);

static void modem_from(const uint32_t f[8], radio_modem_t *m);

size_t sim_size(void) { return sizeof(sim_t); }

/* params: window_ms, permille, reassembly_ms, slot_ms (0: the mesh's default), hop_limit */
sim_t *sim_init(void *mem, size_t size, uint32_t seed, const uint32_t params[5],
                const uint8_t tag[8])
{
    sim_t *s = mem;
    if (mem == NULL || size < sizeof *s || (uintptr_t)mem % 8u != 0) {
        return NULL;
    }
    memset(s, 0, offsetof(sim_t, nodes));
    air_init(&s->air, seed);
    memcpy(s->tag, tag, 8);
    s->params.window_ms = params[0];
    s->params.permille = (uint16_t)params[1];
    s->params.reassembly_ms = params[2];
    s->params.slot_ms = params[3];
    s->hop_limit = (uint8_t)params[4];
    s->seed = seed;
    return s;
}

/* Path loss of a band in hundredths: PL(1 m) dB, exponent, shadowing sigma dB. */
void sim_band(sim_t *s, int sub_ghz, int pl0_cdb, int n_x100, int sigma_cdb)
{
    air_band(&s->air, sub_ghz, pl0_cdb / 100.0, n_x100 / 100.0, sigma_cdb / 100.0);
}

/* modem: kind, freq_hz, bw_hz, sf, cr, preamble, power_dbm, bit_rate. Returns the index. */
int sim_add(sim_t *s, int32_t x_m, int32_t y_m, const uint32_t modem[8], int durable)
{
    radio_modem_t m;
    unsigned i = s->air.n;
    if (i >= AIR_NODES) {
        return -1;
    }
    modem_from(modem, &m);
    /* Multiplied, not added: mesh_init mixes the seed with the relay's id by XOR, and
     * seed + i ^ (i + 1) would give several relays the same back-offs. */
    return air_mesh_node_add(&s->nodes[i], &s->air, x_m, y_m, &m, s->tag, &s->params,
                             s->hop_limit, durable, (s->seed + 1u) * 2654435761u * (i + 1u));
}

/* --- bare radios, for tests of the air's rules ---------------------------------------------- */

static void modem_from(const uint32_t f[8], radio_modem_t *m)
{
    memset(m, 0, sizeof *m);
    m->kind = (uint8_t)f[0];
    m->freq_hz = f[1];
    m->bw_hz = f[2];
    m->sf = (uint8_t)f[3];
    m->cr = (uint8_t)f[4];
    m->preamble = (uint16_t)f[5];
    m->power_dbm = (int8_t)(int32_t)f[6]; /* two's complement from Python */
    m->bit_rate = f[7];
}

/* A radio with nothing behind it: the caller sends and takes its events. */
int sim_add_raw(sim_t *s, int32_t x_m, int32_t y_m, const uint32_t modem[8])
{
    radio_modem_t m;
    air_node_ops_t none;
    int index;
    memset(&none, 0, sizeof none);
    modem_from(modem, &m);
    index = air_add(&s->air, x_m, y_m, &m, &none);
    if (index >= 0) {
        s->raw[index] = 1;
    }
    return index;
}

static int raw_radio(sim_t *s, unsigned node, radio_ops_t *ops)
{
    if (node >= s->air.n || !s->raw[node]) {
        return -1;
    }
    air_radio(&s->air, node, ops);
    return 0;
}

int sim_send_raw(sim_t *s, unsigned node, const uint8_t *data, size_t len)
{
    radio_ops_t ops;
    return raw_radio(s, node, &ops) == 0 ? ops.send(ops.ctx, data, len, sim_now(s)) : -1;
}

int sim_busy_raw(sim_t *s, unsigned node)
{
    radio_ops_t ops;
    return raw_radio(s, node, &ops) == 0 ? ops.busy(ops.ctx, sim_now(s)) : -1;
}

/* The next event of a bare radio: out = kind, len, rssi, snr; data gets its bytes. Returns 1
 * when there was one. */
int sim_recv_raw(sim_t *s, unsigned node, int32_t out[4], uint8_t *data)
{
    radio_ops_t ops;
    radio_event_t ev;
    if (raw_radio(s, node, &ops) != 0 || !ops.poll(ops.ctx, sim_now(s), &ev)) {
        return 0;
    }
    out[0] = ev.kind;
    out[1] = ev.len;
    out[2] = ev.rssi_dbm;
    out[3] = ev.snr_db;
    memcpy(data, ev.data, ev.len);
    return 1;
}

int sim_put(sim_t *s, unsigned node, const uint8_t id[16], unsigned cls, uint32_t ttl_s,
            const uint8_t *data, size_t len)
{
    if (node >= s->air.n || s->raw[node]) {
        return -1;
    }
    return air_mesh_node_put(&s->nodes[node], id, (uint8_t)cls, ttl_s, data, len);
}

uint32_t sim_run(sim_t *s, uint32_t until_ms, uint32_t max_steps)
{
    return air_run(&s->air, until_ms, max_steps);
}

uint32_t sim_now(const sim_t *s) { return air_now_ms(&s->air); }

void sim_power(sim_t *s, unsigned node, int on) { air_power(&s->air, node, on); }

int sim_schedule_power(sim_t *s, unsigned node, uint32_t at_ms, int on)
{
    return node < s->air.n ? air_schedule_power(&s->air, node, at_ms, on) : -1;
}

/* The object `id` held by `node` (alive and not expired): its bytes; fields = class, hops.
 * Returns its length, or -1. */
int sim_get(const sim_t *s, unsigned node, const uint8_t id[16], uint8_t *out, size_t cap,
            uint32_t fields[2])
{
    const air_mesh_node_t *n;
    queue_obj_t obj;
    if (node >= s->air.n || !s->air.nodes[node].on || s->raw[node]) {
        return -1;
    }
    n = &s->nodes[node];
    if (!queue_get(&n->queue, id, (air_now_ms(&s->air) - n->boot_ms) / 1000u, &obj) ||
        obj.len > cap) {
        return -1;
    }
    memcpy(out, obj.data, obj.len);
    fields[0] = obj.cls;
    fields[1] = obj.hops;
    return obj.len;
}

/* Objects the node took from the air, in order: ids (16 bytes each) and meta (class, hops,
 * ms) for the first `max`; returns how many it took in all (across boots). */
uint32_t sim_arrivals(const sim_t *s, unsigned node, uint8_t *ids, uint32_t *meta, uint32_t max)
{
    const air_mesh_node_t *n;
    uint32_t count;
    if (node >= s->air.n) {
        return 0;
    }
    n = &s->nodes[node];
    count = n->arrival_n < AIR_NODE_ARRIVALS ? n->arrival_n : AIR_NODE_ARRIVALS;
    for (uint32_t i = 0; i < count && i < max; i++) {
        memcpy(ids + 16u * i, n->arrivals[i].id, QUEUE_ID);
        meta[3u * i] = n->arrivals[i].cls;
        meta[3u * i + 1u] = n->arrivals[i].hops;
        meta[3u * i + 2u] = n->arrivals[i].at_ms;
    }
    return n->arrival_n;
}

/* The ids the node's queue holds now (nothing while it is off); returns how many. */
uint32_t sim_held(const sim_t *s, unsigned node, uint8_t *ids, uint32_t max)
{
    size_t offset = 0;
    queue_obj_t obj;
    uint32_t count = 0;
    if (node >= s->air.n || !s->air.nodes[node].on || s->raw[node]) {
        return 0;
    }
    while (count < max && queue_walk(&s->nodes[node].queue, &offset, &obj)) {
        memcpy(ids + 16u * count++, obj.id, QUEUE_ID);
    }
    return count;
}

/* Every packet put on air: rows of (node, start ms, airtime us, length, the first 4 bytes of a
 * fragment's object id big-endian or 0, the mesh packet kind); returns how many were sent (the
 * log keeps the first AIR_LOG). */
uint32_t sim_log(const sim_t *s, uint32_t *out, uint32_t max)
{
    uint32_t n = s->air.log_n < AIR_LOG ? s->air.log_n : AIR_LOG;
    n = n < max ? n : max;
    memcpy(out, s->air.log, (size_t)n * sizeof s->air.log[0]);
    return s->air.log_n;
}

/* The mesh's counters (as mesh_host_stats: 24), then the air's: sent, received, collided,
 * deaf, weak, inbox_lost, cut, boots, flash failures, queued. */
void sim_stats(const sim_t *s, unsigned node, uint32_t out[SIM_STATS])
{
    const air_mesh_node_t *n;
    const air_node_t *a;
    const mesh_t *m;
    if (node >= s->air.n) {
        return;
    }
    n = &s->nodes[node];
    a = &s->air.nodes[node];
    m = &n->mesh;
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
    out[19] = n->queue.count;
    out[20] = m->retries;
    out[21] = m->needs_sent;
    out[22] = m->needs_answered;
    out[23] = m->dead_ends;
    out[24] = a->sent;
    out[25] = a->received;
    out[26] = a->collided;
    out[27] = a->deaf;
    out[28] = a->weak;
    out[29] = a->inbox_lost;
    out[30] = a->cut;
    out[31] = n->boots;
    out[32] = n->flash_failures;
    out[33] = n->queue.count;
}

/* RSSI at `rx` of `tx`'s packets, and a node's sensitivity, in tenths of dBm. */
int sim_rssi_x10(const sim_t *s, unsigned rx, unsigned tx)
{
    if (rx >= s->air.n || tx >= s->air.n) {
        return -32768;
    }
    return (int)(s->air.rssi[rx][tx] * 10.0f);
}

int sim_sensitivity_x10(const sim_t *s, unsigned node)
{
    return node < s->air.n ? (int)(air_sensitivity_dbm(&s->air.nodes[node].modem) * 10.0) : 0;
}

uint32_t sim_airtime_us(const sim_t *s, unsigned node, size_t len)
{
    return node < s->air.n ? radio_airtime_us(&s->air.nodes[node].modem, len) : UINT32_MAX;
}

/* The queue class an urgent P0 post travels in: 3 once the queue carries it (mesh_rank ranks
 * class 3 second), the blocks' class 1 until then. */
unsigned sim_p0_class(void) { return QUEUE_CLASSES > 3u ? 3u : 1u; }

unsigned sim_frag_data(void) { return MESH_FRAG_DATA; }
