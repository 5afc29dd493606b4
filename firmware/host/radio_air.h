/* A radio network on one machine: a discrete-event air for N nodes, each running the real core
 * behind a radio_ops_t (radio.h), for the scenarios of tests/test_radio_network.py and
 * bench/radio_network.py (issue 22).
 *
 * The air knows where nodes stand (metres), what modem and power each has, and derives from
 * that, once per pair, the path loss (log-distance, per band, with a fixed shadowing drawn from
 * the seed), the RSSI and the SNR against the thermal noise floor. A packet sent lasts its
 * radio_airtime_us; when it ends, each node either gets it (RADIO_EV_RX), gets a damaged one
 * (RADIO_EV_RX_ERROR: a collision) or hears nothing (too weak, sending itself, off). The event
 * loop (air_run) jumps from event to event: the earliest transmission ending, node wake-up or
 * scheduled power change. Time is simulated only: an hour of air runs in well under a second.
 *
 * A node is pluggable (air_node_ops_t): a mesh over a queue today (air_mesh_node.c), a whole
 * relay_t once the relay is wired to its radio. No malloc: everything is in the caller's air_t.
 */
#ifndef OBAMBU_RADIO_AIR_H
#define OBAMBU_RADIO_AIR_H

#include <stddef.h>
#include <stdint.h>

#include "radio.h"

#define AIR_NODES 64u
#define AIR_INBOX 32u    /* events waiting for a node's poll */
#define AIR_RECENT 1024u /* transmissions kept for overlap checks (a ring, start order) */
#define AIR_LOG 131072u  /* transmissions logged for the caller (the first ones) */
#define AIR_EVENTS 64u   /* scheduled power changes */
#define AIR_LOG_FIELDS 6u
#define AIR_CAPTURE_DB 6.0 /* a packet survives an overlap only this much above the other */
#define AIR_NOISE_FIGURE_DB 6.0

/* What the air needs from whatever runs behind a radio. */
typedef struct {
    void *ctx;
    void (*poll)(void *ctx, uint32_t now_ms);
    /* ms until the node has something to do; UINT32_MAX: nothing until a packet. */
    uint32_t (*wake_in)(void *ctx, uint32_t now_ms);
    /* Power lost (on = 0: RAM gone) or back (on = 1: a boot). */
    void (*power)(void *ctx, int on, uint32_t now_ms);
} air_node_ops_t;

/* Log-distance path loss: PL(d) = pl0_db + 10 n log10(d / 1 m), plus a per-pair shadowing of
 * sigma_db (a normal draw fixed by the seed, the same both ways). */
typedef struct {
    double pl0_db;
    double n;
    double sigma_db;
} air_band_t;

typedef struct air air_t;

typedef struct {
    air_t *air;
    unsigned index;
    double x_m, y_m;
    radio_modem_t modem;
    air_node_ops_t ops;
    uint8_t on;
    uint64_t on_since_us; /* a packet that started before this was not heard whole */
    int32_t tx;           /* slot in air->recent of the packet it is sending, or -1 */
    radio_event_t inbox[AIR_INBOX];
    unsigned in_head, in_count;
    /* counters */
    uint32_t sent, received, collided, deaf, weak, inbox_lost, cut;
} air_node_t;

typedef struct {
    uint64_t start_us, end_us;
    uint16_t node;
    uint8_t len;
    uint8_t aborted; /* the sender lost power before the end */
    uint8_t landed;
    uint8_t data[RADIO_MAX_PACKET];
} air_tx_t;

typedef struct {
    uint64_t at_us;
    uint16_t node;
    uint8_t on;
    uint8_t used;
} air_event_t;

struct air {
    unsigned n;
    uint32_t seed;
    uint64_t now_us;
    air_band_t band_868, band_2g4; /* below and above 1 GHz */
    uint64_t longest_us;           /* the longest packet any node can send */
    float rssi[AIR_NODES][AIR_NODES]; /* dBm at [rx] of [tx]'s packets */
    air_node_t nodes[AIR_NODES];
    air_tx_t recent[AIR_RECENT];
    uint32_t recent_next; /* transmissions ever started */
    air_event_t events[AIR_EVENTS];
    uint32_t log[AIR_LOG][AIR_LOG_FIELDS];
    uint32_t log_n;
};

void air_init(air_t *a, uint32_t seed);

/* Sets the path loss of a band (freq below 1 GHz: sub_ghz = 1). Before air_add. */
void air_band(air_t *a, int sub_ghz, double pl0_db, double n, double sigma_db);

/* A node at (x, y) metres; returns its index, or -1 when the air is full. */
int air_add(air_t *a, double x_m, double y_m, const radio_modem_t *modem,
            const air_node_ops_t *ops);

/* The radio_ops_t the node's core uses. */
void air_radio(air_t *a, unsigned node, radio_ops_t *out);

/* Power off or on now, or at `at_ms` (0 on success, -1 when the schedule is full). */
void air_power(air_t *a, unsigned node, int on);
int air_schedule_power(air_t *a, unsigned node, uint32_t at_ms, int on);

/* Runs the air and the nodes until `until_ms`; returns the steps (at most `max_steps`). */
uint32_t air_run(air_t *a, uint32_t until_ms, uint32_t max_steps);

uint32_t air_now_ms(const air_t *a);

/* What a receiver needs, in dBm: LoRa, the noise floor plus the SF's demodulation floor;
 * ESP-NOW, the sensitivity at its bit rate. */
double air_sensitivity_dbm(const radio_modem_t *m);
double air_noise_floor_dbm(const radio_modem_t *m);

#endif
