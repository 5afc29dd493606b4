/* One relay's radio side on the simulated air (radio_air.h): a mesh_t over its own queue_t,
 * and, when asked, the queue made durable by flashlog.c over an emulated flash (flash_emu.c),
 * so a power cut loses RAM but not what the relay took. It records when each object arrived,
 * for latency figures. Plugged into the air by air_mesh_node_ops. */
#ifndef OBAMBU_AIR_MESH_NODE_H
#define OBAMBU_AIR_MESH_NODE_H

#include <stdint.h>

#include "flash_emu.h"
#include "flashlog.h"
#include "mesh.h"
#include "queue.h"
#include "radio_air.h"

#define AIR_NODE_ARENA (96u * 1024u)
#define AIR_NODE_BUDGET (80u * 1024u)
#define AIR_NODE_FLASH (16u * FLASH_SECTOR) /* 64 KiB: FLASHLOG_MIN_SECTORS and room */
#define AIR_NODE_ARRIVALS 256u

typedef struct {
    uint8_t id[QUEUE_ID];
    uint8_t cls, hops;
    uint32_t at_ms;
} air_arrival_t;

typedef struct {
    air_t *air;
    unsigned index;
    uint8_t tag[8];
    uint8_t device[8];
    mesh_params_t params;
    uint32_t seed;
    uint8_t hop_limit;
    uint8_t durable;      /* the queue lives in flash too */
    uint32_t boots;
    uint32_t boot_ms;     /* the air's clock at the last boot: uptime counts from it */
    uint32_t seen_cursor; /* cursors up to this one are recorded (and durable) */
    mesh_t mesh;
    queue_t queue;
    flashlog_t log;
    flash_emu_t emu;
    air_arrival_t arrivals[AIR_NODE_ARRIVALS];
    uint32_t arrival_n;
    uint32_t flash_failures;
    uint8_t arena[AIR_NODE_ARENA];
    uint8_t flash[AIR_NODE_FLASH];
} air_mesh_node_t;

/* Adds the node to the air at (x, y) and boots it; returns its index or -1. */
int air_mesh_node_add(air_mesh_node_t *n, air_t *air, double x_m, double y_m,
                      const radio_modem_t *modem, const uint8_t tag[8],
                      const mesh_params_t *params, uint8_t hop_limit, int durable,
                      uint32_t seed);

/* A laptop's PUT over the cable: stored (and durable) now; returns the queue_status_t. */
int air_mesh_node_put(air_mesh_node_t *n, const uint8_t id[QUEUE_ID], uint8_t cls,
                      uint32_t ttl_s, const uint8_t *data, size_t len);

#endif
