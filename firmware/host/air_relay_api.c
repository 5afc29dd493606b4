/* ctypes entry points for whole relays on the simulated air (air_relay_node.h, radio_air.h):
 * tests/journeys/test_radio_department.py, tests/test_air_relay.py and bench/radio_network.py
 * put relays configured by their CONFIG record on the air, talk to their link 0 with laptops'
 * Channels, run the clock and cut the power. Plain integers and byte pointers only cross
 * ctypes; everything is in one ar_sim_t the caller allocates (about 22 MB). */
#include <string.h>

#include "air_relay_node.h"
#include "radio_air.h"

#define AR_STATS 16u

typedef struct {
    air_t air;
    mesh_params_t params;
    uint32_t seed;
    air_relay_node_t nodes[AIR_NODES];
} ar_sim_t;

size_t ar_size(void);
ar_sim_t *ar_init(void *mem, size_t size, uint32_t seed, const uint32_t params[4]);
void ar_band(ar_sim_t *s, int sub_ghz, int pl0_cdb, int n_x100, int sigma_cdb);
int ar_add(ar_sim_t *s, int32_t x_m, int32_t y_m, const uint32_t modem[8],
           const uint8_t device[8], const uint8_t *config, size_t config_len);
size_t ar_write(ar_sim_t *s, unsigned node, const uint8_t *data, size_t len);
size_t ar_read(ar_sim_t *s, unsigned node, uint8_t *out, size_t cap);
uint32_t ar_run(ar_sim_t *s, uint32_t until_ms, uint32_t max_steps);
uint32_t ar_now(const ar_sim_t *s);
void ar_power(ar_sim_t *s, unsigned node, int on);
int ar_on_air(const ar_sim_t *s, unsigned node);
uint32_t ar_arrivals(const ar_sim_t *s, unsigned node, uint8_t *ids, uint32_t *meta,
                     uint32_t max);
uint32_t ar_held(const ar_sim_t *s, unsigned node, uint8_t *ids, uint32_t max);
uint32_t ar_log(const ar_sim_t *s, uint32_t *out, uint32_t max);
void ar_stats(const ar_sim_t *s, unsigned node, uint32_t out[AR_STATS]);
int ar_rssi_x10(const ar_sim_t *s, unsigned rx, unsigned tx);
int ar_sensitivity_x10(const ar_sim_t *s, unsigned node);

size_t ar_size(void) { return sizeof(ar_sim_t); }

/* params: window_ms, permille, reassembly_ms, slot_ms (0: the mesh's default). */
ar_sim_t *ar_init(void *mem, size_t size, uint32_t seed, const uint32_t params[4])
{
    ar_sim_t *s = mem;
    if (mem == NULL || size < sizeof *s || (uintptr_t)mem % 8u != 0 || params[1] > 1000u) {
        return NULL;
    }
    memset(s, 0, offsetof(ar_sim_t, nodes));
    air_init(&s->air, seed);
    s->params.window_ms = params[0];
    s->params.permille = (uint16_t)params[1];
    s->params.reassembly_ms = params[2];
    s->params.slot_ms = params[3];
    s->seed = seed;
    return s;
}

void ar_band(ar_sim_t *s, int sub_ghz, int pl0_cdb, int n_x100, int sigma_cdb)
{
    air_band(&s->air, sub_ghz, pl0_cdb / 100.0, n_x100 / 100.0, sigma_cdb / 100.0);
}

/* modem: kind, freq_hz, bw_hz, sf, cr, preamble, power_dbm, bit_rate (as sim_add). */
int ar_add(ar_sim_t *s, int32_t x_m, int32_t y_m, const uint32_t modem[8],
           const uint8_t device[8], const uint8_t *config, size_t config_len)
{
    radio_modem_t m;
    unsigned i = s->air.n;
    if (i >= AIR_NODES || config_len != CONFIG_SIZE) {
        return -1;
    }
    memset(&m, 0, sizeof m);
    m.kind = (uint8_t)modem[0];
    m.freq_hz = modem[1];
    m.bw_hz = modem[2];
    m.sf = (uint8_t)modem[3];
    m.cr = (uint8_t)modem[4];
    m.preamble = (uint16_t)modem[5];
    m.power_dbm = (int8_t)(int32_t)modem[6];
    m.bit_rate = modem[7];
    /* Multiplied, not added: mesh_init mixes the seed with the device id by XOR. */
    return air_relay_node_add(&s->nodes[i], &s->air, x_m, y_m, &m, device, config, &s->params,
                              (s->seed + 1u) * 2654435761u * (i + 1u));
}

size_t ar_write(ar_sim_t *s, unsigned node, const uint8_t *data, size_t len)
{
    return node < s->air.n ? air_relay_node_write(&s->nodes[node], data, len) : 0;
}

size_t ar_read(ar_sim_t *s, unsigned node, uint8_t *out, size_t cap)
{
    return node < s->air.n ? air_relay_node_read(&s->nodes[node], out, cap) : 0;
}

uint32_t ar_run(ar_sim_t *s, uint32_t until_ms, uint32_t max_steps)
{
    return air_run(&s->air, until_ms, max_steps);
}

uint32_t ar_now(const ar_sim_t *s) { return air_now_ms(&s->air); }

void ar_power(ar_sim_t *s, unsigned node, int on) { air_power(&s->air, node, on); }

/* 1 while the node's radio is sending a packet. */
int ar_on_air(const ar_sim_t *s, unsigned node)
{
    return node < s->air.n && s->air.nodes[node].tx >= 0;
}

/* Objects that entered the node's queue (by cable or from the air), in order: ids (16 bytes
 * each) and meta (class, hops, ms) for the first `max`; returns how many in all. */
uint32_t ar_arrivals(const ar_sim_t *s, unsigned node, uint8_t *ids, uint32_t *meta,
                     uint32_t max)
{
    const air_relay_node_t *n;
    uint32_t count;
    if (node >= s->air.n) {
        return 0;
    }
    n = &s->nodes[node];
    count = n->arrival_n < AIR_RELAY_ARRIVALS ? n->arrival_n : AIR_RELAY_ARRIVALS;
    for (uint32_t i = 0; i < count && i < max; i++) {
        memcpy(ids + 16u * i, n->arrivals[i].id, QUEUE_ID);
        meta[3u * i] = n->arrivals[i].cls;
        meta[3u * i + 1u] = n->arrivals[i].hops;
        meta[3u * i + 2u] = n->arrivals[i].at_ms;
    }
    return n->arrival_n;
}

/* The ids the relay's queue holds now (nothing while it is off); returns how many. */
uint32_t ar_held(const ar_sim_t *s, unsigned node, uint8_t *ids, uint32_t max)
{
    size_t offset = 0;
    queue_obj_t obj;
    uint32_t count = 0;
    if (node >= s->air.n || !s->air.nodes[node].on) {
        return 0;
    }
    while (count < max && queue_walk(&s->nodes[node].relay.queue, &offset, &obj)) {
        memcpy(ids + 16u * count++, obj.id, QUEUE_ID);
    }
    return count;
}

/* The air's log, as sim_log: (node, start ms, airtime us, length, object id head, kind). */
uint32_t ar_log(const ar_sim_t *s, uint32_t *out, uint32_t max)
{
    uint32_t n = s->air.log_n < AIR_LOG ? s->air.log_n : AIR_LOG;
    n = n < max ? n : max;
    memcpy(out, s->air.log, (size_t)n * sizeof s->air.log[0]);
    return s->air.log_n;
}

/* boots, attach failures, cable bytes lost, queued, mesh packets in/out, objects in/out,
 * air sent, received, collided, cut, hop limit reached, flash records, budget waits, drops
 * of objects refused by the queue */
void ar_stats(const ar_sim_t *s, unsigned node, uint32_t out[AR_STATS])
{
    const air_relay_node_t *n;
    const air_node_t *a;
    if (node >= s->air.n) {
        return;
    }
    n = &s->nodes[node];
    a = &s->air.nodes[node];
    out[0] = n->boots;
    out[1] = n->attach_failures;
    out[2] = n->cable_lost;
    out[3] = n->relay.queue.count;
    out[4] = n->mesh.packets_in;
    out[5] = n->mesh.packets_out;
    out[6] = n->mesh.objects_in;
    out[7] = n->mesh.objects_out;
    out[8] = a->sent;
    out[9] = a->received;
    out[10] = a->collided;
    out[11] = a->cut;
    out[12] = n->mesh.hop_limit_reached;
    out[13] = n->relay.log != NULL;
    out[14] = n->mesh.budget_waits;
    out[15] = n->mesh.drops[MESH_DROP_REFUSED];
}

int ar_rssi_x10(const ar_sim_t *s, unsigned rx, unsigned tx)
{
    if (rx >= s->air.n || tx >= s->air.n) {
        return -32768;
    }
    return (int)(s->air.rssi[rx][tx] * 10.0f);
}

int ar_sensitivity_x10(const ar_sim_t *s, unsigned node)
{
    return node < s->air.n ? (int)(air_sensitivity_dbm(&s->air.nodes[node].modem) * 10.0) : 0;
}
