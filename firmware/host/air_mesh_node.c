/* A mesh and its queue as a node of the simulated air (air_mesh_node.h).
 *
 * The queue's clock is the node's uptime in seconds, as on a board: at boot it starts again
 * from 0 and flashlog_open brings back what the relay held in that clock, so the time it was
 * off does not count against lifetimes (flashlog.h). An object the mesh takes from the air is
 * made durable at the end of the poll that took it, before any simulated time passes and
 * before the air carries anything the relay sends after it (its HAVE, its first fragment): in
 * simulated time, the same as a relay that answers only once the record is in flash.
 */
#include "air_mesh_node.h"

#include <stddef.h>
#include <string.h>

static uint32_t uptime_s(const air_mesh_node_t *n, uint32_t now_ms)
{
    return (now_ms - n->boot_ms) / 1000u;
}

/* New objects in the queue since the last look: their arrival, then their record in flash. */
static void took(air_mesh_node_t *n, uint32_t now_ms)
{
    uint32_t last = n->queue.next_cursor - 1u;
    for (uint32_t c = n->seen_cursor + 1u; c <= last; c++) {
        queue_obj_t obj;
        if (!queue_find_cursor(&n->queue, c, &obj)) {
            continue;
        }
        if (n->durable && flashlog_put(&n->log, c) != 0) {
            n->flash_failures++;
            queue_remove_cursor(&n->queue, c);
            continue;
        }
        if (n->arrival_n < AIR_NODE_ARRIVALS) {
            air_arrival_t *a = &n->arrivals[n->arrival_n];
            memcpy(a->id, obj.id, QUEUE_ID);
            a->cls = obj.cls;
            a->hops = obj.hops;
            a->at_ms = now_ms;
        }
        n->arrival_n++;
    }
    n->seen_cursor = last;
}

static void boot(air_mesh_node_t *n, uint32_t now_ms)
{
    radio_ops_t ops;
    n->boot_ms = now_ms;
    queue_init(&n->queue, n->arena, sizeof n->arena, AIR_NODE_BUDGET,
               (uint8_t)((1u << QUEUE_CLASSES) - 1u), n->hop_limit);
    air_radio(n->air, n->index, &ops);
    /* Before recovery, so the mesh takes what comes back from flash for the air again: a relay
     * that reboots carries on forwarding what it held. */
    mesh_init(&n->mesh, &ops, &n->queue, n->tag, n->device, &n->params,
              n->seed + n->boots * 7919u, now_ms);
    if (n->durable) {
        flash_hal_t hal;
        flash_emu_init(&n->emu, n->flash, sizeof n->flash, FLASH_EMU_NEVER, 0, NULL, &hal);
        if (flashlog_open(&n->log, &hal, &n->queue) < 0) {
            n->flash_failures++;
            n->durable = 0;
        }
    }
    n->seen_cursor = n->queue.next_cursor - 1u;
    n->boots++;
}

static void node_poll(void *ctx, uint32_t now_ms)
{
    air_mesh_node_t *n = ctx;
    uint32_t now_s = uptime_s(n, now_ms);
    if (n->durable) {
        flashlog_clock(&n->log, now_s);
    }
    mesh_poll(&n->mesh, now_ms, now_s);
    took(n, now_ms);
}

static uint32_t node_wake_in(void *ctx, uint32_t now_ms)
{
    const air_mesh_node_t *n = ctx;
    return mesh_wake_in(&n->mesh, now_ms);
}

static void node_power(void *ctx, int on, uint32_t now_ms)
{
    air_mesh_node_t *n = ctx;
    if (on) {
        boot(n, now_ms); /* off: nothing to do, RAM is simply not trusted at the next boot */
    }
}

int air_mesh_node_add(air_mesh_node_t *n, air_t *air, double x_m, double y_m,
                      const radio_modem_t *modem, const uint8_t tag[8],
                      const mesh_params_t *params, uint8_t hop_limit, int durable,
                      uint32_t seed)
{
    air_node_ops_t ops;
    int index;

    memset(n, 0, offsetof(air_mesh_node_t, arena));
    memset(n->flash, 0xFF, sizeof n->flash); /* a blank partition: an empty queue */
    ops.ctx = n;
    ops.poll = node_poll;
    ops.wake_in = node_wake_in;
    ops.power = node_power;
    index = air_add(air, x_m, y_m, modem, &ops);
    if (index < 0) {
        return -1;
    }
    n->air = air;
    n->index = (unsigned)index;
    memcpy(n->tag, tag, 8);
    n->device[0] = 0xA1;
    n->device[4] = (uint8_t)(index + 1);
    n->device[5] = 0xA1;
    n->params = *params;
    n->seed = seed;
    n->hop_limit = hop_limit;
    n->durable = (uint8_t)(durable != 0);
    boot(n, air_now_ms(air));
    return index;
}

int air_mesh_node_put(air_mesh_node_t *n, const uint8_t id[QUEUE_ID], uint8_t cls,
                      uint32_t ttl_s, const uint8_t *data, size_t len)
{
    uint32_t now_ms = air_now_ms(n->air);
    uint32_t now_s = uptime_s(n, now_ms);
    queue_status_t status;

    if (!n->air->nodes[n->index].on) {
        return -1;
    }
    if (n->durable) {
        flashlog_clock(&n->log, now_s);
    }
    status = queue_put(&n->queue, id, cls, 0, ttl_s, data, len, now_s);
    if (status == QUEUE_STORED && n->durable &&
        flashlog_put(&n->log, n->queue.next_cursor - 1u) != 0) {
        queue_remove_cursor(&n->queue, n->queue.next_cursor - 1u);
        status = QUEUE_FULL;
    }
    n->seen_cursor = n->queue.next_cursor - 1u;
    return (int)status;
}
