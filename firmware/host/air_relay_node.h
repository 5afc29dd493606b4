/* A whole relay as a node of the simulated air (radio_air.h): the relay_t of core/relay.c,
 * configured by its CONFIG record as a technician leaves it, its queue in flashlog.c over an
 * emulated flash (flash_emu.c), its mesh on the air through relay_attach_radio, and its link 0
 * (the USB cable) as two byte buffers a laptop's Channel reaches from Python while the air runs.
 * A power cut loses RAM (the relay, its mesh, its links, the cable's bytes in flight); the next
 * boot reads the same CONFIG and the same flash, as the ESP-IDF port's main.c does. It records
 * when each object entered the queue, for latency figures. */
#ifndef OBAMBU_AIR_RELAY_NODE_H
#define OBAMBU_AIR_RELAY_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "flash_emu.h"
#include "flashlog.h"
#include "hal_host.h"
#include "mesh.h"
#include "radio_air.h"
#include "relay.h"

#define AIR_RELAY_ARENA (96u * 1024u)
#define AIR_RELAY_FLASH (16u * FLASH_SECTOR) /* 64 KiB: FLASHLOG_MIN_SECTORS and room */
#define AIR_RELAY_CABLE 8192u                /* bytes in flight on the cable, each way */
#define AIR_RELAY_ARRIVALS 128u

typedef struct {
    uint8_t id[QUEUE_ID];
    uint8_t cls, hops;
    uint32_t at_ms;
} air_relay_arrival_t;

typedef struct {
    air_t *air;
    unsigned index;
    uint8_t device[8];
    uint8_t config[CONFIG_SIZE]; /* the CONFIG in the board's NVS: it outlives a power cut */
    mesh_params_t params;
    uint32_t seed;
    uint32_t boots;
    uint32_t attach_failures; /* a boot whose flash or radio could not be attached */
    uint32_t seen_cursor;     /* queue cursors up to this one are recorded */
    uint32_t cable_lost;      /* laptop bytes refused: the buffer was full or the relay off */
    size_t in_len, out_len;
    relay_t relay;
    hal_host_t host;
    mesh_t mesh;
    flashlog_t log;
    flash_emu_t emu;
    air_relay_arrival_t arrivals[AIR_RELAY_ARRIVALS];
    uint32_t arrival_n;
    uint8_t in[AIR_RELAY_CABLE];  /* from the laptop, not yet given to the relay */
    uint8_t out[AIR_RELAY_CABLE]; /* from the relay, not yet read by the laptop */
    uint8_t arena[AIR_RELAY_ARENA];
    uint8_t flash[AIR_RELAY_FLASH];
} air_relay_node_t;

/* Adds the relay at (x, y) with its CONFIG record and boots it; returns its index, or -1 (the
 * air is full, or the record does not configure this device). */
int air_relay_node_add(air_relay_node_t *n, air_t *air, double x_m, double y_m,
                       const radio_modem_t *modem, const uint8_t device[8],
                       const uint8_t config[CONFIG_SIZE], const mesh_params_t *params,
                       uint32_t seed);

/* The laptop writes on the cable: returns the bytes taken (fewer when the buffer is full, 0
 * while the relay has no power: the bytes are lost on a dead UART). */
size_t air_relay_node_write(air_relay_node_t *n, const uint8_t *data, size_t len);

/* The laptop reads what the relay wrote on the cable; returns the bytes copied. */
size_t air_relay_node_read(air_relay_node_t *n, uint8_t *out, size_t cap);

#endif
