/* The simulated air (radio_air.h). The physics, kept simple and written down:
 *
 * Path loss, log-distance (as Meshtasticator's lib/phy.py and most LoRa studies):
 *   PL(d) = PL(1 m) + 10 n log10(d / 1 m) + X, X ~ N(0, sigma) drawn once per pair.
 * Defaults: 868 MHz, PL(1 m) = 31.2 dB (free space, 20 log10(4 pi / lambda)), n = 2.7 (open
 * rural ground, between free space's 2 and suburbs' 3-4), sigma 4 dB; 2.4 GHz, PL(1 m) =
 * 40.2 dB, n = 2.7, sigma 4 dB. No antenna gains: power_dbm is what reaches the antenna.
 *
 * Noise floor: -174 dBm/Hz + 10 log10(BW) + 6 dB noise figure. LoRa needs an SNR at or above
 * the demodulation floor of its SF (SX1276/77/78/79 datasheet, table "Range of spreading
 * factors": SF7 -7.5 dB, SF8 -10, SF9 -12.5, SF10 -15, SF11 -17.5, SF12 -20). ESP-NOW needs an
 * RSSI at or above the sensitivity at its bit rate: the ESP32 datasheet gives -98 dBm for
 * 802.11b at 1 Mb/s; for the long-range rates (500 and 250 kb/s, whose sensitivity Espressif
 * does not publish) we assume the ideal gain of a slower rate, 10 log10(1 Mb/s / rate): -101
 * and -104 dBm. An assumption, not a measurement.
 *
 * Collisions (Meshtasticator's rules, simplified): two packets of the same channel and modem
 * overlapping at a receiver, the other at least audible there (no more than 6 dB under the
 * receiver's sensitivity):
 *   - an overlap that ends before the critical part of our preamble (its last 5 symbols, as the
 *     radio locks on them) does not hurt us, whatever the power: the receiver syncs on us after;
 *   - otherwise we survive only if we are >= 6 dB stronger AND started first (the receiver was
 *     already locked on us; a later stronger packet is not re-captured here, though real chips
 *     sometimes do);
 *   - otherwise the packet is damaged: RADIO_EV_RX_ERROR.
 * ESP-NOW has no critical part: any overlap counts. Half duplex: a node that sent during any
 * part of a packet hears nothing of it; so does one that was off.
 *
 * busy (listen before talk) answers 1 when a packet is on air now whose signal at the node is
 * at or above its sensitivity (CAD finding a preamble is not modelled apart).
 */
#include "radio_air.h"

#include <math.h>
#include <string.h>

#define NEVER UINT64_MAX

static uint32_t mix(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7FEB352Du;
    x ^= x >> 15;
    x *= 0x846CA68Bu;
    x ^= x >> 16;
    return x;
}

/* A normal draw for the pair (a, b), a < b, fixed by the seed (Box-Muller). */
static double shadow(const air_t *a, unsigned i, unsigned j)
{
    uint32_t h = mix(a->seed ^ mix(i * 7919u + j * 104729u + 1u));
    double u1 = ((double)(h & 0xFFFFu) + 1.0) / 65537.0;
    double u2 = (double)(mix(h) & 0xFFFFu) / 65536.0;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

void air_init(air_t *a, uint32_t seed)
{
    memset(a, 0, sizeof *a);
    a->seed = seed;
    a->band_868.pl0_db = 31.2;
    a->band_868.n = 2.7;
    a->band_868.sigma_db = 4.0;
    a->band_2g4.pl0_db = 40.2;
    a->band_2g4.n = 2.7;
    a->band_2g4.sigma_db = 4.0;
}

void air_band(air_t *a, int sub_ghz, double pl0_db, double n, double sigma_db)
{
    air_band_t *b = sub_ghz ? &a->band_868 : &a->band_2g4;
    b->pl0_db = pl0_db;
    b->n = n;
    b->sigma_db = sigma_db;
}

double air_noise_floor_dbm(const radio_modem_t *m)
{
    /* ESP-NOW's 802.11b channel is 22 MHz wide */
    double bw = m->kind == RADIO_LORA ? (double)m->bw_hz : 22e6;
    return -174.0 + 10.0 * log10(bw > 1.0 ? bw : 1.0) + AIR_NOISE_FIGURE_DB;
}

double air_sensitivity_dbm(const radio_modem_t *m)
{
    if (m->kind == RADIO_LORA) {
        return air_noise_floor_dbm(m) - 7.5 - 2.5 * (double)(m->sf - 7);
    }
    return -98.0 - 10.0 * log10(1e6 / (double)(m->bit_rate > 0 ? m->bit_rate : 1000000u));
}

static double snr_floor_db(const radio_modem_t *m)
{
    return -7.5 - 2.5 * (double)(m->sf - 7);
}

/* Same channel and modulation: only then do two packets meet (LoRa SFs are treated as
 * orthogonal, as in Meshtasticator). */
static int same_channel(const radio_modem_t *x, const radio_modem_t *y)
{
    if (x->kind != y->kind || x->freq_hz != y->freq_hz) {
        return 0;
    }
    return x->kind != RADIO_LORA || (x->sf == y->sf && x->bw_hz == y->bw_hz);
}

static void pair(air_t *a, unsigned i, unsigned j)
{
    const air_node_t *x = &a->nodes[i], *y = &a->nodes[j];
    double dx = x->x_m - y->x_m, dy = x->y_m - y->y_m;
    double d = sqrt(dx * dx + dy * dy);
    const air_band_t *b = x->modem.freq_hz < 1000000000u ? &a->band_868 : &a->band_2g4;
    double pl = b->pl0_db + 10.0 * b->n * log10(d > 1.0 ? d : 1.0) +
                b->sigma_db * shadow(a, i < j ? i : j, i < j ? j : i);
    a->rssi[j][i] = (float)((double)x->modem.power_dbm - pl);
    a->rssi[i][j] = (float)((double)y->modem.power_dbm - pl);
}

int air_add(air_t *a, double x_m, double y_m, const radio_modem_t *modem,
            const air_node_ops_t *ops)
{
    air_node_t *node;
    uint32_t longest;
    if (a->n >= AIR_NODES) {
        return -1;
    }
    node = &a->nodes[a->n];
    memset(node, 0, sizeof *node);
    node->air = a;
    node->index = a->n;
    node->x_m = x_m;
    node->y_m = y_m;
    node->modem = *modem;
    node->ops = *ops;
    node->on = 1;
    node->tx = -1;
    longest = radio_airtime_us(modem, RADIO_MAX_PACKET);
    if (longest != UINT32_MAX && longest > a->longest_us) {
        a->longest_us = longest;
    }
    a->n++;
    for (unsigned i = 0; i + 1u < a->n; i++) {
        pair(a, i, a->n - 1u);
    }
    return (int)(a->n - 1u);
}

uint32_t air_now_ms(const air_t *a) { return (uint32_t)(a->now_us / 1000u); }

static void push(air_node_t *node, const radio_event_t *ev)
{
    if (node->in_count == AIR_INBOX) {
        node->inbox_lost++;
        return;
    }
    node->inbox[(node->in_head + node->in_count) % AIR_INBOX] = *ev;
    node->in_count++;
}

static int overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
    return a0 < b1 && b0 < a1;
}

/* Where the receiver locks: the start of the preamble's last 5 symbols (LoRa); ESP-NOW: at
 * once. */
static uint64_t critical_us(const air_tx_t *t, const radio_modem_t *m)
{
    uint64_t symbol_us, lead;
    if (m->kind != RADIO_LORA || m->bw_hz == 0 || m->preamble <= 5u) {
        return t->start_us;
    }
    symbol_us = ((uint64_t)1u << m->sf) * 1000000u / m->bw_hz;
    lead = (uint64_t)(m->preamble - 5u) * symbol_us;
    return t->start_us + lead;
}

/* 1 when `t` reaches receiver `r` whole. */
static int survives(const air_t *a, const air_tx_t *t, unsigned r, int *damaged)
{
    const air_node_t *s = &a->nodes[t->node];
    double mine = a->rssi[r][t->node];
    double audible = air_sensitivity_dbm(&a->nodes[r].modem) - AIR_CAPTURE_DB;
    uint64_t crit = critical_us(t, &s->modem);
    uint32_t k = a->recent_next;

    *damaged = 0;
    /* Back through the ring, newest first, to the packets that could still overlap. */
    for (uint32_t seen = 0; seen < AIR_RECENT && k > 0; seen++) {
        const air_tx_t *o = &a->recent[--k % AIR_RECENT];
        if (o->start_us + a->longest_us < t->start_us) {
            break;
        }
        if (o == t || !overlaps(o->start_us, o->end_us, t->start_us, t->end_us)) {
            continue;
        }
        if (o->node == r) {
            return 0; /* half duplex: it was sending */
        }
        if (!same_channel(&a->nodes[o->node].modem, &s->modem) ||
            (double)a->rssi[r][o->node] < audible || o->end_us <= crit) {
            continue;
        }
        if (mine >= (double)a->rssi[r][o->node] + AIR_CAPTURE_DB && t->start_us <= o->start_us) {
            continue; /* captured */
        }
        *damaged = 1;
    }
    return !*damaged;
}

/* Packet `t` is over: to everyone who hears it, TX_DONE to its sender. */
static void land(air_t *a, air_tx_t *t)
{
    air_node_t *s = &a->nodes[t->node];
    radio_event_t ev;

    t->landed = 1;
    if (s->tx >= 0 && &a->recent[s->tx] == t) {
        s->tx = -1;
    }
    if (t->aborted) {
        return; /* cut short by a power loss: nobody gets a whole packet, no TX_DONE */
    }
    for (unsigned r = 0; r < a->n; r++) {
        air_node_t *rx = &a->nodes[r];
        double rssi = a->rssi[r][t->node];
        double snr = rssi - air_noise_floor_dbm(&rx->modem);
        int damaged;
        if (r == t->node || !same_channel(&rx->modem, &s->modem)) {
            continue;
        }
        if (rssi < air_sensitivity_dbm(&rx->modem) ||
            (rx->modem.kind == RADIO_LORA && snr < snr_floor_db(&rx->modem))) {
            rx->weak++;
            continue;
        }
        if (!rx->on || rx->on_since_us > t->start_us) {
            rx->deaf++;
            continue;
        }
        memset(&ev, 0, sizeof ev);
        if (!survives(a, t, r, &damaged)) {
            if (!damaged) {
                rx->deaf++;
                continue;
            }
            rx->collided++;
            ev.kind = RADIO_EV_RX_ERROR;
        } else {
            rx->received++;
            ev.kind = RADIO_EV_RX;
            ev.len = t->len;
            memcpy(ev.data, t->data, t->len);
        }
        ev.rssi_dbm = (int16_t)floor(rssi + 0.5);
        if (rx->modem.kind == RADIO_LORA) {
            double clamped = snr > 127.0 ? 127.0 : snr < -128.0 ? -128.0 : snr;
            ev.snr_db = (int8_t)floor(clamped + 0.5);
        }
        push(rx, &ev);
    }
    memset(&ev, 0, sizeof ev);
    ev.kind = RADIO_EV_TX_DONE;
    push(s, &ev);
}

/* The earliest packet still on air that ends by `until_us`, or NULL. */
static air_tx_t *next_landing(air_t *a, uint64_t until_us)
{
    air_tx_t *first = NULL;
    for (unsigned i = 0; i < a->n; i++) {
        const air_node_t *node = &a->nodes[i];
        air_tx_t *t;
        if (node->tx < 0) {
            continue;
        }
        t = &a->recent[node->tx];
        if (t->end_us <= until_us && (first == NULL || t->end_us < first->end_us)) {
            first = t;
        }
    }
    return first;
}

static void land_until(air_t *a, uint64_t until_us)
{
    air_tx_t *t;
    while ((t = next_landing(a, until_us)) != NULL) {
        land(a, t);
    }
}

static int air_send(void *ctx, const uint8_t *data, size_t len, uint32_t now_ms)
{
    air_node_t *node = ctx;
    air_t *a = node->air;
    uint32_t air_us = radio_airtime_us(&node->modem, len);
    air_tx_t *t;
    uint32_t slot;

    (void)now_ms; /* the air's own clock, in microseconds, is the same instant */
    if (!node->on || node->tx >= 0 || len == 0 || len > RADIO_MAX_PACKET || air_us == UINT32_MAX) {
        return -1;
    }
    slot = a->recent_next % AIR_RECENT;
    t = &a->recent[slot];
    if (a->recent_next >= AIR_RECENT && !t->landed) {
        /* Its packet is still on air after AIR_RECENT newer ones started: refused (the mesh
         * sees a busy radio) rather than forgotten. Overlap checks look back as far. */
        return -1;
    }
    memset(t, 0, sizeof *t);
    t->start_us = a->now_us;
    t->end_us = a->now_us + air_us;
    t->node = (uint16_t)node->index;
    t->len = (uint8_t)len;
    memcpy(t->data, data, len);
    node->tx = (int32_t)slot;
    node->sent++;
    a->recent_next++;
    if (a->log_n < AIR_LOG) {
        uint32_t *row = a->log[a->log_n];
        row[0] = node->index;
        row[1] = (uint32_t)(a->now_us / 1000u);
        row[2] = air_us;
        row[3] = (uint32_t)len;
        /* a mesh fragment's object id, first 4 bytes big-endian (mesh.h's layout) */
        row[4] = len >= 14u && data[0] == 0x00u && data[1] == 0x01u
                     ? (uint32_t)data[10] << 24 | (uint32_t)data[11] << 16 |
                           (uint32_t)data[12] << 8 | data[13]
                     : 0;
        row[5] = len >= 2u ? data[1] : 0;
    }
    a->log_n++;
    return 0;
}

static int air_busy(void *ctx, uint32_t now_ms)
{
    const air_node_t *node = ctx;
    const air_t *a = node->air;
    double floor_dbm = air_sensitivity_dbm(&node->modem);
    (void)now_ms;
    for (unsigned o = 0; o < a->n; o++) {
        const air_node_t *other = &a->nodes[o];
        const air_tx_t *t;
        if (o == node->index || other->tx < 0) {
            continue;
        }
        t = &a->recent[other->tx];
        if (t->start_us <= a->now_us && a->now_us < t->end_us &&
            same_channel(&other->modem, &node->modem) && (double)a->rssi[node->index][o] >= floor_dbm) {
            return 1;
        }
    }
    return 0;
}

static int air_poll(void *ctx, uint32_t now_ms, radio_event_t *ev)
{
    air_node_t *node = ctx;
    (void)now_ms;
    if (node->in_count == 0) {
        ev->kind = RADIO_EV_NONE;
        return 0;
    }
    *ev = node->inbox[node->in_head];
    node->in_head = (node->in_head + 1u) % AIR_INBOX;
    node->in_count--;
    return 1;
}

void air_radio(air_t *a, unsigned node, radio_ops_t *out)
{
    memset(out, 0, sizeof *out);
    if (node >= a->n) {
        return;
    }
    out->ctx = &a->nodes[node];
    out->send = air_send;
    out->busy = air_busy;
    out->poll = air_poll;
    out->modem = &a->nodes[node].modem;
}

void air_power(air_t *a, unsigned node, int on)
{
    air_node_t *n;
    if (node >= a->n) {
        return;
    }
    n = &a->nodes[node];
    if (!on && n->on) {
        if (n->tx >= 0) {
            /* The packet stops here: it still took the air until now. */
            air_tx_t *t = &a->recent[n->tx];
            t->aborted = 1;
            t->end_us = a->now_us > t->start_us ? a->now_us : t->start_us + 1u;
            t->landed = 1;
            n->tx = -1;
        }
        n->on = 0;
        n->in_count = 0;
        n->cut++;
        if (n->ops.power != NULL) {
            n->ops.power(n->ops.ctx, 0, air_now_ms(a));
        }
    } else if (on && !n->on) {
        n->on = 1;
        n->on_since_us = a->now_us;
        if (n->ops.power != NULL) {
            n->ops.power(n->ops.ctx, 1, air_now_ms(a));
        }
    }
}

int air_schedule_power(air_t *a, unsigned node, uint32_t at_ms, int on)
{
    for (unsigned i = 0; i < AIR_EVENTS; i++) {
        air_event_t *e = &a->events[i];
        if (!e->used) {
            e->used = 1;
            e->at_us = (uint64_t)at_ms * 1000u;
            e->node = (uint16_t)node;
            e->on = (uint8_t)(on != 0);
            return 0;
        }
    }
    return -1;
}

static void apply_events(air_t *a)
{
    for (unsigned i = 0; i < AIR_EVENTS; i++) {
        air_event_t *e = &a->events[i];
        if (e->used && e->at_us <= a->now_us) {
            e->used = 0;
            air_power(a, e->node, e->on);
        }
    }
}

uint32_t air_run(air_t *a, uint32_t until_ms, uint32_t max_steps)
{
    uint64_t until_us = (uint64_t)until_ms * 1000u;
    uint32_t steps = 0;

    while (a->now_us < until_us && steps < max_steps) {
        uint64_t next = until_us;
        uint32_t now_ms = air_now_ms(a);
        uint64_t floor_us = ((uint64_t)now_ms + 1u) * 1000u; /* the nodes' clock ticks in ms */

        steps++;
        land_until(a, a->now_us);
        apply_events(a);
        for (unsigned i = 0; i < a->n; i++) {
            air_node_t *node = &a->nodes[i];
            /* a poll takes a bounded number of events: a few rounds empty the inbox */
            for (unsigned round = 0; round < 4u && node->on && node->ops.poll != NULL; round++) {
                node->ops.poll(node->ops.ctx, now_ms);
                if (node->in_count == 0) {
                    break;
                }
            }
        }
        for (unsigned i = 0; i < a->n; i++) {
            air_node_t *node = &a->nodes[i];
            uint32_t wake;
            if (node->tx >= 0 && a->recent[node->tx].end_us < next) {
                next = a->recent[node->tx].end_us;
            }
            if (!node->on || node->ops.wake_in == NULL) {
                continue;
            }
            wake = node->in_count > 0 ? 0u : node->ops.wake_in(node->ops.ctx, now_ms);
            if (wake != UINT32_MAX) {
                uint64_t at = ((uint64_t)now_ms + wake) * 1000u;
                if (at < floor_us) {
                    at = floor_us;
                }
                if (at < next) {
                    next = at;
                }
            }
        }
        for (unsigned i = 0; i < AIR_EVENTS; i++) {
            if (a->events[i].used && a->events[i].at_us < next) {
                next = a->events[i].at_us;
            }
        }
        a->now_us = next > a->now_us ? next : a->now_us + 1u;
    }
    land_until(a, a->now_us);
    apply_events(a);
    return steps;
}
