/* Whole relays (relay_t, relay_host_api.h) on a fake shared air, for tests/test_relay_radio.py:
 * each relay runs its mesh through relay_attach_radio, and a node may instead be a laptop's
 * radio talking to a relay's link 2. A packet sent by one node reaches the nodes linked to it
 * once its time on air is over, unless the receiver was sending itself (half duplex); listen
 * before talk sees a linked node on air. No collisions here: tests/test_mesh.py covers them on
 * mesh_host_api.c's air; this one checks the wiring inside the relay. The clock is the
 * caller's; plain integers and byte pointers only cross ctypes. */
#include <string.h>

#include "mesh.h"
#include "radio.h"
#include "relay.h"
#include "relay_host_api.h"

#define RR_NODES 6u
#define RR_INBOX 64u

typedef struct rr_air rr_air_t;

typedef struct {
    rr_air_t *air;
    unsigned index;
    relay_t *relay; /* NULL: a laptop's radio, or a relay that lost its power */
    mesh_t mesh;
    radio_ops_t ops;
    radio_event_t inbox[RR_INBOX];
    unsigned in_head, in_count;
    uint8_t on_air;
    uint32_t tx_start, tx_end;
    uint8_t tx[RADIO_MAX_PACKET];
    uint8_t tx_len;
    uint32_t sent_mesh, sent_other, received, lost; /* lost: inbox full or sending (half duplex) */
} rr_node_t;

struct rr_air {
    unsigned n;
    radio_modem_t modem;
    uint8_t link[RR_NODES][RR_NODES];
    int16_t rssi[RR_NODES][RR_NODES];
    int8_t snr[RR_NODES][RR_NODES];
    rr_node_t nodes[RR_NODES];
};

size_t rr_size(void);
int rr_init(rr_air_t *air, size_t size, unsigned n, uint32_t bit_rate);
void rr_link(rr_air_t *air, unsigned a, unsigned b, int rssi_dbm, int snr_db);
int rr_attach(rr_air_t *air, unsigned i, relay_host_t *h, uint32_t window_ms, uint32_t permille,
              uint32_t seed);
void rr_power_cut(rr_air_t *air, unsigned i);
void rr_step(rr_air_t *air, uint32_t now_ms);
uint32_t rr_wake_in(const rr_air_t *air, uint32_t now_ms);
int rr_laptop_send(rr_air_t *air, unsigned i, const uint8_t *data, size_t len, uint32_t now_ms);
size_t rr_laptop_recv(rr_air_t *air, unsigned i, uint8_t *out, size_t cap);
void rr_counts(const rr_air_t *air, unsigned i, uint32_t out[4]);

size_t rr_size(void) { return sizeof(rr_air_t); }

static void push(rr_node_t *node, const radio_event_t *ev)
{
    if (node->in_count == RR_INBOX) {
        node->lost++;
        return;
    }
    node->inbox[(node->in_head + node->in_count) % RR_INBOX] = *ev;
    node->in_count++;
}

static uint32_t air_ms(const rr_air_t *air, size_t len)
{
    uint32_t us = radio_airtime_us(&air->modem, len);
    return (us + 999u) / 1000u + (us == 0);
}

/* The packet of `s` is over: to its linked neighbours that were listening, TX_DONE to it. */
static void land(rr_air_t *air, rr_node_t *s)
{
    radio_event_t ev;

    s->on_air = 0;
    for (unsigned r = 0; r < air->n; r++) {
        rr_node_t *rx = &air->nodes[r];
        if (r == s->index || !air->link[s->index][r]) {
            continue;
        }
        if (rx->on_air || (rx->tx_end > s->tx_start && rx->tx_start < s->tx_end)) {
            rx->lost++; /* it was sending: half duplex */
            continue;
        }
        memset(&ev, 0, sizeof ev);
        ev.kind = RADIO_EV_RX;
        ev.len = s->tx_len;
        ev.rssi_dbm = air->rssi[s->index][r];
        ev.snr_db = air->snr[s->index][r];
        memcpy(ev.data, s->tx, s->tx_len);
        rx->received++;
        push(rx, &ev);
    }
    if (s->relay != NULL) {
        memset(&ev, 0, sizeof ev);
        ev.kind = RADIO_EV_TX_DONE;
        push(s, &ev);
    }
}

static void air_until(rr_air_t *air, uint32_t now)
{
    for (;;) {
        rr_node_t *first = NULL;
        for (unsigned i = 0; i < air->n; i++) {
            rr_node_t *node = &air->nodes[i];
            if (node->on_air && node->tx_end <= now &&
                (first == NULL || node->tx_end < first->tx_end)) {
                first = node;
            }
        }
        if (first == NULL) {
            return;
        }
        land(air, first);
    }
}

static int start(rr_node_t *node, const uint8_t *data, size_t len, uint32_t now_ms)
{
    if (node->on_air || len == 0 || len > RADIO_MAX_PACKET) {
        return -1;
    }
    node->on_air = 1;
    node->tx_start = now_ms;
    node->tx_end = now_ms + air_ms(node->air, len);
    node->tx_len = (uint8_t)len;
    memcpy(node->tx, data, len);
    if (data[0] == MESH_MARK) {
        node->sent_mesh++;
    } else {
        node->sent_other++;
    }
    return 0;
}

static int fake_send(void *ctx, const uint8_t *data, size_t len, uint32_t now_ms)
{
    rr_node_t *node = ctx;
    air_until(node->air, now_ms);
    return start(node, data, len, now_ms);
}

static int fake_busy(void *ctx, uint32_t now_ms)
{
    rr_node_t *node = ctx;
    rr_air_t *air = node->air;
    air_until(air, now_ms);
    for (unsigned i = 0; i < air->n; i++) {
        if (i != node->index && air->link[i][node->index] && air->nodes[i].on_air) {
            return 1;
        }
    }
    return 0;
}

static int fake_poll(void *ctx, uint32_t now_ms, radio_event_t *ev)
{
    rr_node_t *node = ctx;
    air_until(node->air, now_ms);
    if (node->in_count == 0) {
        ev->kind = RADIO_EV_NONE;
        return 0;
    }
    *ev = node->inbox[node->in_head];
    node->in_head = (node->in_head + 1u) % RR_INBOX;
    node->in_count--;
    return 1;
}

/* `bit_rate`: ESP-NOW's (1000000, or 500000/250000 in long-range mode), fast enough that the
 * tests run in real time. */
int rr_init(rr_air_t *air, size_t size, unsigned n, uint32_t bit_rate)
{
    if (size < sizeof *air || n == 0 || n > RR_NODES || bit_rate == 0) {
        return -1;
    }
    memset(air, 0, sizeof *air);
    air->n = n;
    air->modem.kind = RADIO_ESPNOW;
    air->modem.freq_hz = 2412000000u;
    air->modem.bit_rate = bit_rate;
    air->modem.power_dbm = 20;
    for (unsigned i = 0; i < n; i++) {
        rr_node_t *node = &air->nodes[i];
        node->air = air;
        node->index = i;
        node->ops.ctx = node;
        node->ops.send = fake_send;
        node->ops.busy = fake_busy;
        node->ops.poll = fake_poll;
        node->ops.modem = &air->modem;
    }
    return 0;
}

void rr_link(rr_air_t *air, unsigned a, unsigned b, int rssi_dbm, int snr_db)
{
    if (a >= air->n || b >= air->n || a == b) {
        return;
    }
    air->link[a][b] = air->link[b][a] = 1;
    air->rssi[a][b] = air->rssi[b][a] = (int16_t)rssi_dbm;
    air->snr[a][b] = air->snr[b][a] = (int8_t)snr_db;
}

/* Node `i` becomes relay `h` (again, after a power cut: a new boot over the same flash). */
int rr_attach(rr_air_t *air, unsigned i, relay_host_t *h, uint32_t window_ms, uint32_t permille,
              uint32_t seed)
{
    mesh_params_t params;
    rr_node_t *node;
    int rc;

    if (i >= air->n || permille > 1000u) {
        return -1;
    }
    node = &air->nodes[i];
    node->in_count = 0;
    node->in_head = 0;
    params.window_ms = window_ms;
    params.permille = (uint16_t)permille;
    params.reassembly_ms = 5000u;
    params.slot_ms = 0;
    rc = relay_attach_radio(&h->relay, &node->mesh, &node->ops, &params, seed);
    node->relay = rc == 0 ? &h->relay : NULL;
    return rc;
}

/* The board loses its power: it hears nothing more and what it was sending is cut. */
void rr_power_cut(rr_air_t *air, unsigned i)
{
    if (i < air->n) {
        air->nodes[i].relay = NULL;
        air->nodes[i].on_air = 0;
        air->nodes[i].in_count = 0;
    }
}

void rr_step(rr_air_t *air, uint32_t now_ms)
{
    air_until(air, now_ms);
    for (unsigned i = 0; i < air->n; i++) {
        rr_node_t *node = &air->nodes[i];
        if (node->relay != NULL) {
            relay_tick(node->relay, now_ms); /* a laptop's inbox waits for rr_laptop_recv */
        }
    }
    air_until(air, now_ms);
}

uint32_t rr_wake_in(const rr_air_t *air, uint32_t now_ms)
{
    uint32_t wake = UINT32_MAX;
    for (unsigned i = 0; i < air->n; i++) {
        const rr_node_t *node = &air->nodes[i];
        uint32_t w = UINT32_MAX;
        if (node->on_air) {
            w = node->tx_end > now_ms ? node->tx_end - now_ms : 0u;
        }
        if (node->relay != NULL) {
            uint32_t r = relay_wake_in(node->relay, now_ms);
            w = r < w ? r : w;
            if (node->in_count > 0) {
                w = 0;
            }
        }
        wake = w < wake ? w : wake;
    }
    return wake;
}

int rr_laptop_send(rr_air_t *air, unsigned i, const uint8_t *data, size_t len, uint32_t now_ms)
{
    if (i >= air->n || air->nodes[i].relay != NULL) {
        return -1;
    }
    air_until(air, now_ms);
    return start(&air->nodes[i], data, len, now_ms);
}

size_t rr_laptop_recv(rr_air_t *air, unsigned i, uint8_t *out, size_t cap)
{
    rr_node_t *node;
    const radio_event_t *ev;
    if (i >= air->n || air->nodes[i].relay != NULL || air->nodes[i].in_count == 0) {
        return 0;
    }
    node = &air->nodes[i];
    ev = &node->inbox[node->in_head];
    node->in_head = (node->in_head + 1u) % RR_INBOX;
    node->in_count--;
    if (ev->len > cap) {
        return 0;
    }
    memcpy(out, ev->data, ev->len);
    return ev->len;
}

/* mesh packets sent, other packets sent (link frames), packets received, packets lost */
void rr_counts(const rr_air_t *air, unsigned i, uint32_t out[4])
{
    if (i < air->n) {
        out[0] = air->nodes[i].sent_mesh;
        out[1] = air->nodes[i].sent_other;
        out[2] = air->nodes[i].received;
        out[3] = air->nodes[i].lost;
    }
}
