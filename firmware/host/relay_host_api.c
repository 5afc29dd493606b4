#include "relay_host_api.h"

#include <string.h>

size_t relay_host_size(void) { return sizeof(relay_host_t); }

relay_host_t *relay_host_init(void *mem, size_t size, const uint8_t device[8], const uint8_t *kv,
                              size_t kv_len, uint32_t now_ms)
{
    relay_host_t *h = mem;
    relay_hal_t hal;

    if (size < sizeof *h || (uintptr_t)mem % 8 != 0 || kv_len > CONFIG_SIZE) {
        return NULL;
    }
    hal_host_init(&h->host, &hal);
    if (kv != NULL) {
        memcpy(h->host.kv, kv, kv_len);
        h->host.kv_len = (int)kv_len;
    }
    relay_init(&h->relay, &hal, h->arena, sizeof h->arena, device, now_ms);
    return h;
}

void relay_host_set_sign(relay_host_t *h, host_sign_fn sign) { h->host.sign = sign; }

void relay_host_set_battery(relay_host_t *h, uint16_t mv) { h->host.battery_mv = mv; }

void relay_host_set_kv_fail(relay_host_t *h, int fail) { h->host.kv_fail = fail; }

int relay_host_kv(const relay_host_t *h, uint8_t *out, size_t cap)
{
    if (h->host.kv_len < 0 || (size_t)h->host.kv_len > cap) {
        return -1;
    }
    memcpy(out, h->host.kv, (size_t)h->host.kv_len);
    return h->host.kv_len;
}

void relay_host_feed(relay_host_t *h, unsigned link, const uint8_t *data, size_t len,
                     uint32_t now_ms)
{
    relay_feed(&h->relay, link, data, len, now_ms);
}

size_t relay_host_poll(relay_host_t *h, unsigned link, uint32_t now_ms, uint8_t *out, size_t cap)
{
    return relay_poll(&h->relay, link, now_ms, out, cap);
}

void relay_host_tick(relay_host_t *h, uint32_t now_ms) { relay_tick(&h->relay, now_ms); }

uint32_t relay_host_wake_in(const relay_host_t *h, uint32_t now_ms)
{
    return relay_wake_in(&h->relay, now_ms);
}

size_t relay_host_handle(relay_host_t *h, unsigned link, const uint8_t *msg, size_t len,
                         uint32_t now_ms, uint8_t *out, size_t cap)
{
    size_t n;
    if (link >= RELAY_LINKS || len > RELAY_MAX_MESSAGE) {
        return 0;
    }
    memcpy(h->request, msg, len);
    n = relay_handle(&h->relay, link, h->request, len, now_ms, h->reply);
    if (n > cap) {
        return 0;
    }
    memcpy(out, h->reply, n);
    return n;
}

int relay_host_set_config(relay_host_t *h, const uint8_t *record, size_t len)
{
    return relay_set_config(&h->relay, record, len);
}

size_t relay_host_render(const relay_host_t *h, unsigned cols, unsigned rows, char *out,
                         size_t cap)
{
    return display_render(&h->relay, out, cap, cols, rows);
}

void relay_host_link_stats(const relay_host_t *h, unsigned link, uint32_t out[12])
{
    const link_stats_t *s;
    if (link >= RELAY_LINKS) {
        return;
    }
    s = link_stats(&h->relay.ports[link].link);
    out[0] = s->frames_in;
    out[1] = s->frames_out;
    out[2] = s->data_sent;
    out[3] = s->acks_sent;
    out[4] = s->retransmits;
    out[5] = s->rejected;
    out[6] = s->crc_errors;
    out[7] = s->messages_in;
    out[8] = s->messages_out;
    out[9] = s->dropped;
    out[10] = s->resets;
    out[11] = h->relay.ports[link].errors;
}

size_t relay_host_queue_bytes(const relay_host_t *h) { return h->relay.queue.bytes; }

size_t relay_host_frame_encode(unsigned kind, unsigned seq, unsigned ack, const uint8_t *payload,
                               size_t len, uint32_t sack, uint8_t *out, size_t cap)
{
    frame_t frame;
    if (len > FRAME_MAX_PAYLOAD || seq > 0xFFFF || ack > 0xFFFF || kind > 0xFF) {
        return 0;
    }
    frame.kind = (uint8_t)kind;
    frame.seq = (uint16_t)seq;
    frame.ack = (uint16_t)ack;
    frame.len = (uint8_t)len;
    frame.sack = sack;
    if (len) {
        memcpy(frame.payload, payload, len);
    }
    return frame_encode(&frame, out, cap);
}

int relay_host_frame_decode(const uint8_t *encoded, size_t len, uint32_t fields[5],
                            uint8_t payload[FRAME_MAX_PAYLOAD])
{
    frame_t frame;
    frame_status_t status = frame_decode(encoded, len, &frame);
    if (status == FRAME_OK) {
        fields[0] = frame.kind;
        fields[1] = frame.seq;
        fields[2] = frame.ack;
        fields[3] = frame.sack;
        fields[4] = frame.len;
        memcpy(payload, frame.payload, frame.len);
    }
    return (int)status;
}

size_t relay_host_read_frames(const uint8_t *data, size_t len, size_t chunk, uint32_t *seqs,
                              size_t max, uint32_t reasons[FRAME_REASONS])
{
    frame_reader_t reader;
    frame_t frame;
    size_t count = 0;

    frame_reader_init(&reader);
    for (size_t start = 0; start < len; start += chunk) {
        size_t end = start + chunk < len ? start + chunk : len;
        size_t at = start;
        while (at < end) {
            int got;
            at += frame_reader_next(&reader, data + at, end - at, &frame, &got);
            if (got) {
                if (count < max) {
                    seqs[count] = frame.seq;
                }
                count++;
            }
        }
    }
    memcpy(reasons, reader.reasons, sizeof reader.reasons);
    return count;
}

int relay_host_config_rebuild(const uint8_t *record, size_t len, uint8_t out[CONFIG_SIZE],
                              int public_copy)
{
    config_t config;
    config_status_t status = config_parse(record, len, &config);
    if (status == CONFIG_OK) {
        if (public_copy) {
            config_build_public(&config, out);
        } else {
            config_build(&config, out);
        }
    }
    return (int)status;
}

size_t relay_host_queue_size(void) { return sizeof(queue_t); }

int relay_host_queue_walk(const queue_t *q, size_t *offset, uint8_t id[QUEUE_ID],
                          uint32_t fields[5])
{
    queue_obj_t obj;
    if (!queue_walk(q, offset, &obj)) {
        return 0;
    }
    memcpy(id, obj.id, QUEUE_ID);
    fields[0] = obj.cls;
    fields[1] = obj.hops;
    fields[2] = obj.len;
    fields[3] = obj.cursor;
    fields[4] = obj.expiry;
    return 1;
}

int relay_host_devapi_init(relay_host_t *h) { return devapi_init(&h->devapi, &h->relay.config); }

size_t relay_host_devapi_hello(relay_host_t *h, uint8_t *out, size_t cap)
{
    return devapi_hello(&h->devapi, out, cap);
}

int relay_host_devapi_challenge(relay_host_t *h, const uint8_t *body, size_t len, uint32_t now_ms)
{
    return devapi_on_challenge(&h->devapi, body, len, now_ms);
}

int relay_host_devapi_session(relay_host_t *h, uint8_t *out, size_t cap, uint32_t now_ms)
{
    return devapi_session(&h->devapi, &h->relay.hal, h->relay.config.seed, out, cap, now_ms);
}

int relay_host_devapi_token(relay_host_t *h, const uint8_t *body, size_t len, uint32_t now_ms)
{
    return devapi_on_token(&h->devapi, body, len, now_ms);
}

int relay_host_devapi_ready(const relay_host_t *h, uint32_t now_ms)
{
    return devapi_ready(&h->devapi, now_ms);
}

size_t relay_host_devapi_authorization(const relay_host_t *h, uint32_t now_ms, char *out,
                                       size_t cap)
{
    return devapi_authorization(&h->devapi, now_ms, out, cap);
}

void relay_host_devapi_forget(relay_host_t *h) { devapi_forget(&h->devapi); }

int relay_host_devapi_config(const relay_host_t *h, const uint8_t *body, size_t len,
                             uint32_t fields[6], uint8_t names[48], uint8_t commune[8])
{
    devapi_config_t config;
    int status = devapi_parse_config(&h->devapi, body, len, &config);
    if (status == DEVAPI_OK) {
        fields[0] = config.kind;
        fields[1] = config.flags;
        fields[2] = config.poll_s;
        fields[3] = config.content_version;
        fields[4] = config.token_s;
        fields[5] = config.built;
        memcpy(names, config.name, DEVAPI_NAME);
        memcpy(names + DEVAPI_NAME, config.commune_name, DEVAPI_NAME);
        memcpy(commune, config.commune, sizeof config.commune);
    }
    return status;
}

int relay_host_devapi_index(const uint8_t *body, size_t len, uint32_t *version)
{
    return devapi_index(body, len, version);
}

int relay_host_devapi_entry(const uint8_t *body, size_t len, unsigned i, uint8_t id[16],
                            uint32_t fields[3])
{
    devapi_entry_t entry;
    int status = devapi_index_entry(body, len, i, &entry);
    if (status == DEVAPI_OK) {
        memcpy(id, entry.id, sizeof entry.id);
        fields[0] = entry.type;
        fields[1] = entry.cls;
        fields[2] = entry.len;
    }
    return status;
}

size_t relay_host_devapi_path(const uint8_t *body, size_t len, unsigned i, char *out, size_t cap)
{
    devapi_entry_t entry;
    if (devapi_index_entry(body, len, i, &entry) != DEVAPI_OK) {
        return 0;
    }
    return devapi_content_path(&entry, out, cap);
}

int relay_host_devapi_take(relay_host_t *h, const uint8_t *index, size_t index_len, unsigned i,
                           const uint8_t *data, size_t len, uint32_t now_ms)
{
    devapi_entry_t entry;
    int status = devapi_index_entry(index, index_len, i, &entry);
    if (status != DEVAPI_OK) {
        return status;
    }
    if (entry.type == DEVAPI_CONTENT_DISPLAY) {
        return devapi_show(&h->relay, &entry, data, len);
    }
    return devapi_carry(&h->relay, &entry, data, len, now_ms);
}
