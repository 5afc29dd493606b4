/* Exported functions for Python's ctypes: plain integers, byte pointers and lengths only, so
 * the Python side never mirrors a C struct. A relay lives in a buffer of relay_host_size()
 * bytes that the caller allocates (ctypes.create_string_buffer), 256 KiB arena included. */
#ifndef OBAMBU_RELAY_HOST_API_H
#define OBAMBU_RELAY_HOST_API_H

#include <stddef.h>
#include <stdint.h>

#include "devapi.h"
#include "hal_host.h"
#include "queue.h"
#include "relay.h"

#define RELAY_HOST_ARENA (256u * 1024u)

typedef struct {
    relay_t relay;
    hal_host_t host;
    uint8_t arena[RELAY_HOST_ARENA];
    uint8_t request[RELAY_MAX_MESSAGE]; /* for relay_host_handle */
    uint8_t reply[RELAY_MAX_MESSAGE];
    devapi_t devapi; /* the Wi-Fi client side (relay_host_devapi_*) */
} relay_host_t;

size_t relay_host_size(void);
/* `kv` (may be NULL): a CONFIG blob already in flash, as the factory image would put it. */
relay_host_t *relay_host_init(void *mem, size_t size, const uint8_t device[8], const uint8_t *kv,
                              size_t kv_len, uint32_t now_ms);
void relay_host_set_sign(relay_host_t *h, host_sign_fn sign);
void relay_host_set_battery(relay_host_t *h, uint16_t mv);
void relay_host_set_kv_fail(relay_host_t *h, int fail);
int relay_host_kv(const relay_host_t *h, uint8_t *out, size_t cap);

void relay_host_feed(relay_host_t *h, unsigned link, const uint8_t *data, size_t len,
                     uint32_t now_ms);
size_t relay_host_poll(relay_host_t *h, unsigned link, uint32_t now_ms, uint8_t *out, size_t cap);
void relay_host_tick(relay_host_t *h, uint32_t now_ms);
uint32_t relay_host_wake_in(const relay_host_t *h, uint32_t now_ms);
size_t relay_host_handle(relay_host_t *h, unsigned link, const uint8_t *msg, size_t len,
                         uint32_t now_ms, uint8_t *out, size_t cap);
int relay_host_set_config(relay_host_t *h, const uint8_t *record, size_t len);
size_t relay_host_render(const relay_host_t *h, unsigned cols, unsigned rows, char *out,
                         size_t cap);
/* frames_in, frames_out, data_sent, acks_sent, retransmits, rejected, crc_errors, messages_in,
 * messages_out, dropped, resets, errors (ERROR replies) */
void relay_host_link_stats(const relay_host_t *h, unsigned link, uint32_t out[12]);
size_t relay_host_queue_bytes(const relay_host_t *h);

/* The core's pieces one by one, for the golden vectors. */
size_t relay_host_frame_encode(unsigned kind, unsigned seq, unsigned ack, const uint8_t *payload,
                               size_t len, uint32_t sack, uint8_t *out, size_t cap);
/* fields: kind, seq, ack, sack, payload length */
int relay_host_frame_decode(const uint8_t *encoded, size_t len, uint32_t fields[5],
                            uint8_t payload[FRAME_MAX_PAYLOAD]);
/* Frames split by a frame_reader_t fed in chunks of `chunk` bytes: returns the count, writes
 * each frame's seq into `seqs` (up to `max`) and the rejections per reason into `reasons`. */
size_t relay_host_read_frames(const uint8_t *data, size_t len, size_t chunk, uint32_t *seqs,
                              size_t max, uint32_t reasons[FRAME_REASONS]);
int relay_host_config_rebuild(const uint8_t *record, size_t len, uint8_t out[CONFIG_SIZE],
                              int public_copy);
size_t relay_host_queue_size(void);
/* fields: class, hops, len, cursor, expiry; returns 0 at the end */
int relay_host_queue_walk(const queue_t *q, size_t *offset, uint8_t id[QUEUE_ID],
                          uint32_t fields[5]);

/* The device API client (core/devapi.h) on this relay's CONFIG and signing hook; every
 * function returns what its devapi_ counterpart does. */
int relay_host_devapi_init(relay_host_t *h);
size_t relay_host_devapi_hello(relay_host_t *h, uint8_t *out, size_t cap);
int relay_host_devapi_challenge(relay_host_t *h, const uint8_t *body, size_t len,
                                uint32_t now_ms);
int relay_host_devapi_session(relay_host_t *h, uint8_t *out, size_t cap, uint32_t now_ms);
int relay_host_devapi_token(relay_host_t *h, const uint8_t *body, size_t len, uint32_t now_ms);
int relay_host_devapi_ready(const relay_host_t *h, uint32_t now_ms);
size_t relay_host_devapi_authorization(const relay_host_t *h, uint32_t now_ms, char *out,
                                       size_t cap);
void relay_host_devapi_forget(relay_host_t *h);
/* fields: kind, flags, poll_s, content_version, token_s, built; names: name[24] then
 * commune_name[24]; commune: the commune id */
int relay_host_devapi_config(const relay_host_t *h, const uint8_t *body, size_t len,
                             uint32_t fields[6], uint8_t names[48], uint8_t commune[8]);
int relay_host_devapi_index(const uint8_t *body, size_t len, uint32_t *version);
/* fields: type, class, length */
int relay_host_devapi_entry(const uint8_t *body, size_t len, unsigned i, uint8_t id[16],
                            uint32_t fields[3]);
size_t relay_host_devapi_path(const uint8_t *body, size_t len, unsigned i, char *out,
                              size_t cap);
/* Entry `i` of the content_index `index` fetched as `data`: shown or carried by its type. */
int relay_host_devapi_take(relay_host_t *h, const uint8_t *index, size_t index_len, unsigned i,
                           const uint8_t *data, size_t len, uint32_t now_ms);

#endif
