/* A whole relay on the simulated air (air_relay_node.h).
 *
 * The boot is main.c's order: relay_init with the stored CONFIG, relay_attach_flash (what the
 * relay answered STORED, or took from the air, comes back), then relay_attach_radio. The
 * relay's clocks are the air's milliseconds; its uptime (the queue's clock) starts again at
 * each boot, as on a board. The cable's bytes cross in the node's poll, so the relay sees them
 * at the air's time of that poll: a laptop's Channel in Python talks to it while the air runs.
 */
#include "air_relay_node.h"

#include <string.h>

/* New objects in the queue since the last look (PUT by the laptop, or whole from the air):
 * when they came. Their record in flash is the relay's own business (relay.c). */
static void took(air_relay_node_t *n, uint32_t now_ms)
{
    uint32_t last = n->relay.queue.next_cursor - 1u;
    for (uint32_t c = n->seen_cursor + 1u; c <= last; c++) {
        queue_obj_t obj;
        if (!queue_find_cursor(&n->relay.queue, c, &obj)) {
            continue;
        }
        if (n->arrival_n < AIR_RELAY_ARRIVALS) {
            air_relay_arrival_t *a = &n->arrivals[n->arrival_n];
            memcpy(a->id, obj.id, QUEUE_ID);
            a->cls = obj.cls;
            a->hops = obj.hops;
            a->at_ms = now_ms;
        }
        n->arrival_n++;
    }
    n->seen_cursor = last;
}

static void boot(air_relay_node_t *n, uint32_t now_ms)
{
    relay_hal_t hal;
    flash_hal_t flash;
    radio_ops_t radio;
    uint8_t nvs[CONFIG_SIZE];

    /* The NVS outlives the power: a SET_CONFIG by cable before the cut is what boots now. */
    if (n->host.kv_len == (int)CONFIG_SIZE) {
        memcpy(nvs, n->host.kv, CONFIG_SIZE);
    } else {
        memcpy(nvs, n->config, CONFIG_SIZE);
    }
    hal_host_init(&n->host, &hal);
    memcpy(n->host.kv, nvs, CONFIG_SIZE);
    n->host.kv_len = (int)CONFIG_SIZE;
    n->in_len = 0;
    n->out_len = 0;
    relay_init(&n->relay, &hal, n->arena, sizeof n->arena, n->device, now_ms);
    flash_emu_init(&n->emu, n->flash, sizeof n->flash, FLASH_EMU_NEVER, 0, NULL, &flash);
    if (relay_attach_flash(&n->relay, &n->log, &flash) < 0) {
        n->attach_failures++;
    }
    air_radio(n->air, n->index, &radio);
    /* A new seed at each boot: a relay that reboots does not replay its old back-offs. */
    if (relay_attach_radio(&n->relay, &n->mesh, &radio, &n->params,
                           n->seed + n->boots * 7919u) != 0) {
        n->attach_failures++;
    }
    n->seen_cursor = n->relay.queue.next_cursor - 1u; /* recovered objects are not arrivals */
    n->boots++;
}

static void node_poll(void *ctx, uint32_t now_ms)
{
    air_relay_node_t *n = ctx;
    if (n->in_len > 0) {
        relay_feed(&n->relay, 0, n->in, n->in_len, now_ms);
        n->in_len = 0;
    }
    relay_tick(&n->relay, now_ms);
    took(n, now_ms);
    while (n->out_len < sizeof n->out) {
        size_t got = relay_poll(&n->relay, 0, now_ms, n->out + n->out_len,
                                sizeof n->out - n->out_len);
        if (got == 0) {
            break;
        }
        n->out_len += got;
    }
}

static uint32_t node_wake_in(void *ctx, uint32_t now_ms)
{
    const air_relay_node_t *n = ctx;
    return n->in_len > 0 ? 0u : relay_wake_in(&n->relay, now_ms);
}

static void node_power(void *ctx, int on, uint32_t now_ms)
{
    air_relay_node_t *n = ctx;
    if (on) {
        boot(n, now_ms); /* off: RAM is simply not trusted at the next boot */
    } else {
        n->in_len = 0;
        n->out_len = 0;
    }
}

int air_relay_node_add(air_relay_node_t *n, air_t *air, double x_m, double y_m,
                       const radio_modem_t *modem, const uint8_t device[8],
                       const uint8_t config[CONFIG_SIZE], const mesh_params_t *params,
                       uint32_t seed)
{
    air_node_ops_t ops;
    config_t parsed;
    int index;

    if (config_parse(config, CONFIG_SIZE, &parsed) != CONFIG_OK ||
        memcmp(parsed.device, device, 8) != 0) {
        return -1;
    }
    memset(n, 0, offsetof(air_relay_node_t, arena));
    memset(n->flash, 0xFF, sizeof n->flash); /* a blank partition: an empty queue */
    n->host.kv_len = -1;
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
    memcpy(n->device, device, 8);
    memcpy(n->config, config, CONFIG_SIZE);
    n->params = *params;
    n->seed = seed;
    boot(n, air_now_ms(air));
    return index;
}

size_t air_relay_node_write(air_relay_node_t *n, const uint8_t *data, size_t len)
{
    size_t room = sizeof n->in - n->in_len;
    size_t take = len < room ? len : room;
    if (!n->air->nodes[n->index].on) {
        n->cable_lost += (uint32_t)len;
        return 0;
    }
    memcpy(n->in + n->in_len, data, take);
    n->in_len += take;
    n->cable_lost += (uint32_t)(len - take);
    return take;
}

size_t air_relay_node_read(air_relay_node_t *n, uint8_t *out, size_t cap)
{
    size_t give = n->out_len < cap ? n->out_len : cap;
    memcpy(out, n->out, give);
    memmove(n->out, n->out + give, n->out_len - give);
    n->out_len -= give;
    return give;
}
