#include "relay.h"

#include <string.h>
#include "le.h"

static const uint8_t REPORT_CONTEXT[] = "OBAMBU-LINK-REPORT-1";
#define REPORT_CONTEXT_LEN (sizeof REPORT_CONTEXT - 1)
#define STATUS_BODY (4 + 2 + 4 + 4 + 2 + RELAY_LINKS * 5 * 4)
#define RADIO_FIXED (1 + 4 + 4 + 1 + 1 + 4 + 4 + 4 + 4 + 4 + 4 + 1)
#define RADIO_NEIGHBOUR (4 + 2 + 1 + 4 + 4)
#define REPORT_BODY (8 + 4 + STATUS_BODY + RADIO_FIXED + MESH_NEIGHBOURS * RADIO_NEIGHBOUR)
#define LIST_ENTRY (QUEUE_ID + 1 + 2)
#define NEVER 0xFFFFFFFFu

/* Little-endian writer into a reply buffer (sizes are checked by the callers' arithmetic). */
typedef struct {
    uint8_t *p;
    size_t n;
} out_t;

static void w8(out_t *o, uint8_t v) { o->p[o->n++] = v; }

static void w16(out_t *o, uint16_t v)
{
    w8(o, (uint8_t)v);
    w8(o, (uint8_t)(v >> 8));
}

static void w32(out_t *o, uint32_t v)
{
    w16(o, (uint16_t)v);
    w16(o, (uint16_t)(v >> 16));
}

static void wbytes(out_t *o, const uint8_t *data, size_t len)
{
    memcpy(o->p + o->n, data, len);
    o->n += len;
}

/* --- clock and configuration ------------------------------------------------------------- */

static void advance(relay_t *relay, uint32_t now_ms)
{
    relay->clock_ms += (uint32_t)(now_ms - relay->last_now);
    relay->last_now = now_ms;
    if (relay->log != NULL) {
        flashlog_clock(relay->log, relay_uptime_s(relay)); /* the time its records carry */
    }
}

uint32_t relay_uptime_s(const relay_t *relay) { return (uint32_t)(relay->clock_ms / 1000u); }

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t any = 0;
    for (size_t i = 0; i < n; i++) {
        any |= p[i];
    }
    return any == 0;
}

static void apply_limits(relay_t *relay)
{
    uint32_t budget = (uint32_t)relay->config.budget_kib * 1024u;
    if (budget > relay->queue.cap) {
        budget = (uint32_t)relay->queue.cap;
    }
    queue_configure(&relay->queue, budget, relay->config.classes, relay->config.hop_limit);
}

void relay_init(relay_t *relay, const relay_hal_t *hal, uint8_t *arena, size_t arena_size,
                const uint8_t device[8], uint32_t now_ms)
{
    uint8_t record[CONFIG_SIZE];
    config_t stored;
    int len = -1;

    memset(relay, 0, sizeof *relay);
    relay->hal = *hal;
    relay->last_now = now_ms;
    config_default(&relay->config, device);
    if (hal->kv_load != NULL) {
        len = hal->kv_load(hal->ctx, record, sizeof record);
    }
    /* A blob written for another board (a copied flash image) does not configure this one. */
    if (len == (int)CONFIG_SIZE && config_parse(record, CONFIG_SIZE, &stored) == CONFIG_OK &&
        memcmp(stored.device, device, 8) == 0) {
        relay->config = stored;
    }
    queue_init(&relay->queue, arena, arena_size, 0, 0, 0);
    apply_limits(relay);
    for (unsigned i = 0; i < RELAY_LINKS; i++) {
        link_init(&relay->ports[i].link, LINK_WINDOW, now_ms);
        relay->ports[i].trusted = i != RELAY_RADIO;
    }
}

int relay_attach_flash(relay_t *relay, flashlog_t *log, const flash_hal_t *flash)
{
    int restored = flashlog_open(log, flash, &relay->queue);
    if (restored < 0) {
        return -1;
    }
    relay->log = log;
    flashlog_clock(log, relay_uptime_s(relay));
    apply_limits(relay); /* what the budget no longer holds leaves, and that is recorded */
    return restored;
}

/* A packet on the air that is not the mesh's: a laptop's link frame, for link 2, unless it is
 * another relay's answer to its own laptop (RELAY_DOWNLINK), which this relay must not take
 * for a laptop talking to it. */
static void radio_other(void *ctx, const uint8_t *data, size_t len)
{
    relay_t *relay = ctx;
    if (data[0] != RELAY_DOWNLINK) {
        relay_feed(relay, RELAY_RADIO, data, len, relay->last_now);
    }
}

/* An object whole from the air, in the queue: into the flash log before the mesh counts it in
 * or acknowledges it, as a PUT is before STORED. flashlog_put takes it out again on failure. */
static int radio_stored(void *ctx, uint32_t cursor)
{
    relay_t *relay = ctx;
    return relay->log != NULL ? flashlog_put(relay->log, cursor) : 0;
}

int relay_attach_radio(relay_t *relay, mesh_t *mesh, const radio_ops_t *radio,
                       const mesh_params_t *params, uint32_t seed)
{
    if (!config_is_configured(&relay->config)) {
        return -1;
    }
    mesh_init(mesh, radio, &relay->queue, relay->config.tag, relay->config.device, params, seed,
              relay->last_now);
    mesh->other = radio_other;
    mesh->other_ctx = relay;
    mesh->stored = radio_stored;
    mesh->stored_ctx = relay;
    /* What the flash gave back at this boot goes on air again: the relay cannot know what its
     * neighbours got before the power went, and an object answered STORED but cut before its
     * last fragment was out would otherwise stay here until a laptop came for it (the
     * department's power-cut test, tests/test_air_relay.py). Objects from the air keep their
     * hops, so they wait their back-off and a copy heard meanwhile cancels them as usual. */
    if (relay->log != NULL) {
        mesh->last_cursor = 0;
    }
    relay->mesh = mesh;
    return 0;
}

int relay_set_config(relay_t *relay, const uint8_t *record, size_t len)
{
    uint8_t stored[CONFIG_SIZE];
    config_t config;

    if (config_parse(record, len, &config) != CONFIG_OK) {
        return RELAY_SET_BAD_RECORD;
    }
    if (memcmp(config.device, relay->config.device, 8) != 0) {
        return RELAY_SET_WRONG_DEVICE;
    }
    if (all_zero(config.seed, sizeof config.seed)) {
        memcpy(config.seed, relay->config.seed, sizeof config.seed);
    }
    config_build(&config, stored);
    if (relay->hal.kv_save == NULL ||
        relay->hal.kv_save(relay->hal.ctx, stored, sizeof stored) != 0) {
        return RELAY_SET_STORAGE_FAILED;
    }
    if (memcmp(config.tag, relay->config.tag, 8) != 0) {
        for (unsigned i = 0; i < RELAY_LINKS; i++) {
            relay->ports[i].hello_ok = 0; /* they said hello to another network */
        }
        if (relay->mesh != NULL) {
            memcpy(relay->mesh->tag, config.tag, 4); /* the air of the new network */
        }
    }
    relay->config = config;
    apply_limits(relay);
    return RELAY_SET_STORED;
}

/* --- replies ----------------------------------------------------------------------------- */

static size_t error(relay_port_t *port, uint8_t *reply, uint8_t code, uint8_t type)
{
    port->errors++;
    reply[0] = RELAY_ERROR;
    reply[1] = code;
    reply[2] = type;
    return 3;
}

static void status_body(const relay_t *relay, out_t *o)
{
    uint16_t battery = relay->hal.battery_mv ? relay->hal.battery_mv(relay->hal.ctx) : 0;

    w32(o, relay_uptime_s(relay));
    w16(o, relay->queue.count);
    w32(o, relay->queue.bytes);
    w32(o, relay->queue.budget);
    w16(o, battery);
    for (unsigned i = 0; i < RELAY_LINKS; i++) {
        const link_stats_t *s = link_stats(&relay->ports[i].link);
        w32(o, s->frames_in);
        w32(o, s->frames_out);
        w32(o, s->crc_errors);
        w32(o, s->retransmits);
        w32(o, s->heard ? (relay->last_now - s->last_heard_ms) / 1000u : NEVER);
    }
}

/* The report's radio section (PROTOCOL.md §2): the modem, the duty cycle, the counters and the
 * neighbours of mesh_report; kind 0 and zeros without a radio. */
static void radio_body(const relay_t *relay, out_t *o)
{
    const mesh_t *m = relay->mesh;
    const radio_modem_t *modem = m != NULL ? m->radio.modem : NULL;
    mesh_report_t r;

    if (m == NULL) {
        memset(&r, 0, sizeof r);
    } else {
        mesh_report(m, relay->last_now, &r);
    }
    w8(o, modem != NULL ? modem->kind : 0);
    w32(o, modem != NULL ? modem->freq_hz : 0);
    w32(o, modem != NULL ? modem->bw_hz : 0);
    w8(o, modem != NULL ? modem->sf : 0);
    w8(o, modem != NULL ? (uint8_t)modem->power_dbm : 0);
    w32(o, m != NULL ? m->params.window_ms / 1000u : 0);
    w32(o, r.airtime_us);
    w32(o, r.budget_us);
    w32(o, r.packets_in);
    w32(o, r.packets_out);
    w32(o, r.dropped);
    w8(o, r.n);
    for (unsigned i = 0; i < r.n; i++) {
        wbytes(o, r.neighbours[i].id, 4);
        w16(o, (uint16_t)r.neighbours[i].rssi_dbm);
        w8(o, (uint8_t)r.neighbours[i].snr_db);
        w32(o, r.neighbours[i].age_s);
        w32(o, r.neighbours[i].packets);
    }
}

static size_t hello(relay_t *relay, relay_port_t *port, const uint8_t *msg, out_t *o)
{
    uint8_t status = RELAY_HELLO_OK;

    if (!config_is_configured(&relay->config)) {
        status = RELAY_HELLO_UNCONFIGURED;
    } else if (memcmp(msg + 2, relay->config.tag, 8) != 0) {
        status = RELAY_HELLO_OTHER_NETWORK;
    }
    port->hello_ok = status == RELAY_HELLO_OK;
    w8(o, RELAY_HELLO | RELAY_REPLY);
    w8(o, RELAY_VERSION);
    wbytes(o, relay->config.device, 8);
    w8(o, status);
    /* Another network learns nothing of what we carry. */
    w16(o, port->hello_ok ? relay->queue.count : 0);
    w32(o, port->hello_ok ? relay->queue.bytes : 0);
    return o->n;
}

static size_t put(relay_t *relay, const uint8_t *msg, size_t len, out_t *o)
{
    uint32_t ttl = get32(msg + 19);
    uint32_t cap = relay->config.lifetime_s;
    queue_status_t status;

    if (cap != 0 && ttl > cap) {
        ttl = cap; /* the relay's lifetime bounds how long anything stays */
    }
    status = queue_put(&relay->queue, msg + 1, msg[17], msg[18], ttl, msg + 25, len - 25,
                       relay_uptime_s(relay));
    if (status == QUEUE_STORED && relay->log != NULL &&
        flashlog_put(relay->log, relay->queue.next_cursor - 1) != 0) {
        status = QUEUE_FULL; /* not in flash: a power cut would lose it, so it is not taken */
    }
    w8(o, RELAY_PUT | RELAY_REPLY);
    wbytes(o, msg + 1, QUEUE_ID);
    w8(o, (uint8_t)status);
    return o->n;
}

static size_t list(relay_t *relay, const uint8_t *msg, out_t *o)
{
    uint32_t cursor = get32(msg + 1);
    size_t max = get16(msg + 5);
    size_t room = (RELAY_MAX_MESSAGE - 7) / LIST_ENTRY;
    size_t offset = 0;
    size_t count_at;
    uint16_t count = 0;
    uint32_t next = cursor > relay->queue.next_cursor ? cursor : relay->queue.next_cursor;
    queue_obj_t obj;

    if (max > room) {
        max = room;
    }
    w8(o, RELAY_LIST | RELAY_REPLY);
    w32(o, 0); /* next cursor, filled below */
    count_at = o->n;
    w16(o, 0);
    /* Stopped by `max`: go on after the last one listed. At the end of the queue: after
     * everything stored so far, so the next visit lists only what came since. */
    while (count < max && queue_walk(&relay->queue, &offset, &obj)) {
        if (obj.cursor < cursor) {
            continue;
        }
        wbytes(o, obj.id, QUEUE_ID);
        w8(o, obj.cls);
        w16(o, obj.len);
        count++;
        if (count == max) {
            next = obj.cursor + 1;
        }
    }
    o->p[1] = (uint8_t)next;
    o->p[2] = (uint8_t)(next >> 8);
    o->p[3] = (uint8_t)(next >> 16);
    o->p[4] = (uint8_t)(next >> 24);
    o->p[count_at] = (uint8_t)count;
    o->p[count_at + 1] = (uint8_t)(count >> 8);
    return o->n;
}

static size_t get(relay_t *relay, const uint8_t *msg, out_t *o)
{
    uint32_t now = relay_uptime_s(relay);
    queue_obj_t obj;

    w8(o, RELAY_GET | RELAY_REPLY);
    wbytes(o, msg + 1, QUEUE_ID);
    if (!queue_get(&relay->queue, msg + 1, now, &obj)) {
        w8(o, 0);
        w8(o, 0);
        w32(o, 0);
        w16(o, 0xFFFF); /* not found */
        return o->n;
    }
    w8(o, obj.cls);
    w8(o, obj.hops);
    w32(o, obj.expiry - now);
    w16(o, obj.len);
    wbytes(o, obj.data, obj.len);
    return o->n;
}

static size_t info(relay_t *relay, out_t *o)
{
    static const char FW[] = RELAY_FW_VERSION;

    w8(o, RELAY_GET_INFO | RELAY_REPLY);
    wbytes(o, relay->config.device, 8);
    w32(o, relay_uptime_s(relay));
    w32(o, relay->config.version);
    w8(o, (uint8_t)(sizeof FW - 1));
    wbytes(o, (const uint8_t *)FW, sizeof FW - 1);
    return o->n;
}

static size_t report(relay_t *relay, relay_port_t *port, out_t *o)
{
    uint8_t signed_part[REPORT_CONTEXT_LEN + REPORT_BODY];
    out_t body = {signed_part + REPORT_CONTEXT_LEN, 0};

    if (!config_is_configured(&relay->config) || relay->hal.ed25519_sign == NULL ||
        all_zero(relay->config.seed, sizeof relay->config.seed)) {
        return error(port, o->p, RELAY_E_NOT_CONFIGURED, RELAY_GET_REPORT);
    }
    memcpy(signed_part, REPORT_CONTEXT, REPORT_CONTEXT_LEN);
    wbytes(&body, relay->config.device, 8);
    w32(&body, relay->report_seq + 1);
    status_body(relay, &body);
    radio_body(relay, &body);
    w8(o, RELAY_GET_REPORT | RELAY_REPLY);
    w16(o, (uint16_t)body.n);
    wbytes(o, body.p, body.n);
    if (relay->hal.ed25519_sign(relay->hal.ctx, relay->config.seed, signed_part,
                                REPORT_CONTEXT_LEN + body.n, o->p + o->n) != 0) {
        return error(port, o->p, RELAY_E_NOT_CONFIGURED, RELAY_GET_REPORT);
    }
    o->n += 64;
    relay->report_seq++;
    return o->n;
}

/* The exact length each fixed-size request must have (0: variable, checked by its handler). */
static size_t expected_len(uint8_t type)
{
    switch (type) {
    case RELAY_HELLO:
        return 1 + 1 + 8 + 8;
    case RELAY_LIST:
        return 7;
    case RELAY_GET:
        return 1 + QUEUE_ID;
    case RELAY_SET_CONFIG:
        return 1 + CONFIG_SIZE;
    case RELAY_PUT:
    case RELAY_DISPLAY_PUT:
        return 0;
    default:
        return 1;
    }
}

size_t relay_handle(relay_t *relay, unsigned link, const uint8_t *msg, size_t len,
                    uint32_t now_ms, uint8_t *reply)
{
    relay_port_t *port = &relay->ports[link];
    uint8_t type = len ? msg[0] : 0;
    size_t want = expected_len(type);
    out_t o = {reply, 0};
    int kept;

    advance(relay, now_ms);
    queue_expire(&relay->queue, relay_uptime_s(relay));
    if (len == 0 || type < RELAY_HELLO || type > RELAY_BYE ||
        (!port->trusted && (type == RELAY_SET_CONFIG || type == RELAY_DISPLAY_PUT))) {
        return error(port, reply, RELAY_E_UNKNOWN, type);
    }
    if ((want && len != want) || (type == RELAY_PUT && (len < 25 || get16(msg + 23) != len - 25))) {
        return error(port, reply, RELAY_E_MALFORMED, type);
    }
    if ((type == RELAY_PUT || type == RELAY_LIST || type == RELAY_GET ||
         type == RELAY_DISPLAY_PUT) &&
        !(config_is_configured(&relay->config) && port->hello_ok)) {
        return error(port, reply, RELAY_E_NOT_CONFIGURED, type);
    }
    switch (type) {
    case RELAY_HELLO:
        return hello(relay, port, msg, &o);
    case RELAY_PUT:
        return put(relay, msg, len, &o);
    case RELAY_LIST:
        return list(relay, msg, &o);
    case RELAY_GET:
        return get(relay, msg, &o);
    case RELAY_GET_INFO:
        return info(relay, &o);
    case RELAY_GET_CONFIG:
        w8(&o, RELAY_GET_CONFIG | RELAY_REPLY);
        config_build_public(&relay->config, reply + 1);
        return 1 + CONFIG_SIZE;
    case RELAY_SET_CONFIG:
        w8(&o, RELAY_SET_CONFIG | RELAY_REPLY);
        w8(&o, (uint8_t)relay_set_config(relay, msg + 1, len - 1));
        return o.n;
    case RELAY_GET_STATUS:
        w8(&o, RELAY_GET_STATUS | RELAY_REPLY);
        status_body(relay, &o);
        return o.n;
    case RELAY_DISPLAY_PUT:
        kept = display_put(&relay->display, msg + 1, len - 1);
        if (kept < 0) {
            return error(port, reply, RELAY_E_MALFORMED, type);
        }
        w8(&o, RELAY_DISPLAY_PUT | RELAY_REPLY);
        w8(&o, (uint8_t)kept);
        return o.n;
    case RELAY_GET_REPORT:
        return report(relay, port, &o);
    default: /* RELAY_BYE */
        port->bye = 1;
        w8(&o, RELAY_BYE);
        return o.n;
    }
}

/* --- links ------------------------------------------------------------------------------- */

/* Answers the messages waiting on a port, as long as its link takes replies. A request whose
 * reply cannot be queued yet stays in the link, which holds back the peer's next frames. */
static void serve(relay_t *relay, unsigned link, uint32_t now_ms)
{
    relay_port_t *port = &relay->ports[link];

    while (link_has_message(&port->link) && link_can_send(&port->link)) {
        size_t len;
        const uint8_t *msg = link_peek(&port->link, &len);
        size_t n = relay_handle(relay, link, msg, len, now_ms, link_tx_buffer(&port->link));
        link_consume(&port->link);
        link_send_buffered(&port->link, n);
    }
}

/* The link forgot its session (silence, a restarted peer, BYE): so does the port. */
static void follow_link(relay_port_t *port)
{
    uint32_t resets = link_stats(&port->link)->resets;
    if (resets != port->resets) {
        port->resets = resets;
        port->hello_ok = 0;
        port->bye = 0;
    }
}

void relay_feed(relay_t *relay, unsigned link, const uint8_t *data, size_t len, uint32_t now_ms)
{
    if (link >= RELAY_LINKS) {
        return;
    }
    advance(relay, now_ms);
    link_feed(&relay->ports[link].link, data, len, now_ms);
    follow_link(&relay->ports[link]);
    serve(relay, link, now_ms);
}

size_t relay_poll(relay_t *relay, unsigned link, uint32_t now_ms, uint8_t *out, size_t cap)
{
    relay_port_t *port;
    size_t n;

    if (link >= RELAY_LINKS) {
        return 0;
    }
    port = &relay->ports[link];
    advance(relay, now_ms);
    serve(relay, link, now_ms);
    n = link_poll(&port->link, now_ms, out, cap);
    if (port->bye && link_flushed(&port->link)) {
        /* Our BYE is on the wire: the peer's next Channel starts again at sequence 0. Not
         * waiting for its ack means never resending the BYE later into that next session. */
        link_reset(&port->link, now_ms);
    }
    follow_link(port);
    return n;
}

/* Link 2's frames out through the mesh's radio, polled only while the mesh can queue them, so
 * no frame is lost to a busy radio (the link resends any other loss, as on a cable). Each packet
 * is RELAY_DOWNLINK and a piece of the frame (PROTOCOL.md §5): another relay in range drops it
 * instead of taking it for its own laptop's. A frame of up to 249 bytes goes in one packet; a
 * longer one (252 bytes with its delimiter at most) in two, joined again by the laptop's frame
 * reader; losing one costs that frame only. */
static void radio_link_out(relay_t *relay, uint32_t now_ms)
{
    uint8_t frame[FRAME_MAX_WIRE];
    uint8_t packet[RADIO_MAX_PACKET];
    size_t n;

    packet[0] = RELAY_DOWNLINK;
    while (mesh_other_room(relay->mesh) >= 2u &&
           (n = relay_poll(relay, RELAY_RADIO, now_ms, frame, sizeof frame)) > 0) {
        size_t first = n < RADIO_MAX_PACKET ? n : n / 2u;
        memcpy(packet + 1, frame, first);
        (void)mesh_send_other(relay->mesh, packet, 1u + first, now_ms);
        if (first < n) {
            memcpy(packet + 1, frame + first, n - first);
            (void)mesh_send_other(relay->mesh, packet, 1u + n - first, now_ms);
        }
    }
}

void relay_tick(relay_t *relay, uint32_t now_ms)
{
    advance(relay, now_ms);
    queue_expire(&relay->queue, relay_uptime_s(relay));
    if (relay->mesh != NULL) {
        mesh_poll(relay->mesh, now_ms, relay_uptime_s(relay));
        radio_link_out(relay, now_ms);
    }
}

uint32_t relay_wake_in(const relay_t *relay, uint32_t now_ms)
{
    uint32_t wake = UINT32_MAX;
    for (unsigned i = 0; i < RELAY_LINKS; i++) {
        const relay_port_t *port = &relay->ports[i];
        uint32_t w = link_wake_in(&port->link, now_ms);
        if (port->bye || (link_has_message(&port->link) && link_can_send(&port->link))) {
            w = 0;
        }
        if (i == RELAY_RADIO && relay->mesh != NULL && mesh_other_room(relay->mesh) < 2u) {
            continue; /* its frames wait for the mesh's radio: mesh_wake_in says when */
        }
        if (w < wake) {
            wake = w;
        }
    }
    if (relay->mesh != NULL) {
        uint32_t w = mesh_wake_in(relay->mesh, now_ms);
        if (w < wake) {
            wake = w;
        }
    }
    return wake;
}

void relay_pump(relay_t *relay, uint8_t *buf, size_t cap)
{
    uint32_t now;
    size_t n;

    if (relay->hal.clock_ms == NULL) {
        return;
    }
    now = relay->hal.clock_ms(relay->hal.ctx);
    for (unsigned i = 0; i < RELAY_LINKS; i++) {
        if (i == RELAY_RADIO) {
            if (relay->mesh != NULL) {
                continue; /* relay_tick sends link 2 through the mesh's radio */
            }
            /* One frame per packet: a lost packet then costs one frame, as on a cable. */
            size_t packet = cap < FRAME_MAX_WIRE ? cap : FRAME_MAX_WIRE;
            while ((n = relay_poll(relay, i, now, buf, packet)) && relay->hal.radio_send != NULL) {
                relay->hal.radio_send(relay->hal.ctx, buf, n);
            }
        } else if ((n = relay_poll(relay, i, now, buf, cap)) && relay->hal.uart_write != NULL) {
            relay->hal.uart_write(relay->hal.ctx, i, buf, n);
        }
    }
    relay_tick(relay, now);
}
