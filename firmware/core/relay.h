/* The relay: the messages of PROTOCOL.md §2 served on N links, over one store-and-forward
 * queue. Everything lives in one relay_t that the caller allocates (statically on a board);
 * the only other memory is the queue arena, also the caller's.
 *
 * Links 0 and 1 are the UARTs (a cable: trusted), link 2 the radio: a radio peer may not
 * reconfigure the relay or write on its display (SET_CONFIG and DISPLAY_PUT get ERROR 1 there).
 */
#ifndef OBAMBU_RELAY_H
#define OBAMBU_RELAY_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "display.h"
#include "flashlog.h"
#include "hal.h"
#include "link.h"
#include "mesh.h"
#include "queue.h"

#define RELAY_LINKS 3u
#define RELAY_RADIO 2u
#define RELAY_MAX_MESSAGE LINK_MAX_MESSAGE
/* First byte of a radio packet carrying a relay's link-2 frame to its laptop: never the first
 * byte of a COBS link frame (the frame's first byte, its version and kind, is never 0, so its
 * COBS code is at least 2), nor of a mesh packet (MESH_MARK). */
#define RELAY_DOWNLINK 0x01u
#define RELAY_VERSION 1u
#ifndef RELAY_FW_VERSION
#define RELAY_FW_VERSION "0.2.0"
#endif

enum relay_type {
    RELAY_HELLO = 0x01,
    RELAY_PUT = 0x02,
    RELAY_LIST = 0x03,
    RELAY_GET = 0x04,
    RELAY_GET_INFO = 0x05,
    RELAY_GET_CONFIG = 0x06,
    RELAY_SET_CONFIG = 0x07,
    RELAY_GET_STATUS = 0x08,
    RELAY_DISPLAY_PUT = 0x09,
    RELAY_GET_REPORT = 0x0A,
    RELAY_BYE = 0x0B,
    RELAY_REPLY = 0x80, /* a reply's type is the request's with this bit */
    RELAY_ERROR = 0xFF
};

enum relay_error { RELAY_E_UNKNOWN = 1, RELAY_E_MALFORMED = 2, RELAY_E_NOT_CONFIGURED = 3 };

enum relay_hello { RELAY_HELLO_OK = 0, RELAY_HELLO_OTHER_NETWORK = 1, RELAY_HELLO_UNCONFIGURED = 2 };

enum relay_set {
    RELAY_SET_STORED = 0,
    RELAY_SET_BAD_RECORD = 1,
    RELAY_SET_WRONG_DEVICE = 2,
    RELAY_SET_STORAGE_FAILED = 3
};

typedef struct {
    link_t link;
    uint8_t trusted;  /* a cable: may SET_CONFIG and DISPLAY_PUT */
    uint8_t hello_ok; /* a HELLO of our network came in this session */
    uint8_t bye;      /* BYE answered: forget the session once the reply is written */
    uint32_t resets;  /* the link's resets we have seen: a new session starts from scratch */
    uint32_t errors;  /* ERROR replies sent */
} relay_port_t;

typedef struct relay {
    relay_hal_t hal;
    config_t config;
    queue_t queue;
    display_t display;
    relay_port_t ports[RELAY_LINKS];
    uint64_t clock_ms; /* since relay_init, from the wrapping clock the caller passes */
    uint32_t last_now;
    uint32_t report_seq;
    flashlog_t *log; /* the queue's log in flash (relay_attach_flash); NULL: RAM only */
    mesh_t *mesh;    /* relay to relay (relay_attach_radio); NULL: no radio, link 2 by hal */
} relay_t; /* about 106 KB with three links: requests and replies stay in the links' buffers */

/* Loads the CONFIG blob through hal->kv_load (a blob of another device is ignored). */
void relay_init(relay_t *relay, const relay_hal_t *hal, uint8_t *arena, size_t arena_size,
                const uint8_t device[8], uint32_t now_ms);

/* Makes the queue durable: recovers what `flash` holds into the queue (call right after
 * relay_init, before any message), then records every change there, and PUT answers STORED
 * only once the object's record is in flash. `log` (about 8.4 KB) is the caller's, like the
 * arena. Returns the objects recovered, or -1 (partition too small: the queue stays in RAM). */
int relay_attach_flash(relay_t *relay, flashlog_t *log, const flash_hal_t *flash);

/* Puts the relay on the air: `mesh` (about 37 KB, the caller's, like the flash log) carries the
 * queue to the relays in range over `radio` (PROTOCOL.md §5) with the CONFIG's network tag and
 * device id, so call it once configured, and after relay_attach_flash: what the flash gave back
 * goes on air again (the relay cannot know what its neighbours got before the cut). From then on relay_tick (and relay_pump) drive mesh_poll, objects
 * PUT by laptops go on air, objects whole from the air enter the queue with hops + 1 (through
 * the flash log first when attached), and link 2 shares that radio: its frames go out through
 * the mesh's budget, packets not the mesh's come in to link 2. Returns 0, or -1 when the relay
 * is not configured. */
int relay_attach_radio(relay_t *relay, mesh_t *mesh, const radio_ops_t *radio,
                       const mesh_params_t *params, uint32_t seed);

/* Bytes received on `link`; whole messages are answered at once when the link can take it. */
void relay_feed(relay_t *relay, unsigned link, const uint8_t *data, size_t len, uint32_t now_ms);

/* Bytes to write on `link` (see link_poll); 0 when nothing. */
size_t relay_poll(relay_t *relay, unsigned link, uint32_t now_ms, uint8_t *out, size_t cap);

/* Drops expired objects; with a radio attached, also runs the mesh (mesh_poll) and sends link
 * 2's frames through it. Call every second or so, and whenever relay_wake_in says. */
void relay_tick(relay_t *relay, uint32_t now_ms);

/* Milliseconds until relay_poll has something to do on some link. */
uint32_t relay_wake_in(const relay_t *relay, uint32_t now_ms);

/* One message in, its reply out (into `reply`, RELAY_MAX_MESSAGE bytes, not overlapping `msg`):
 * the protocol without the link, for tests and for a port that frames messages itself. */
size_t relay_handle(relay_t *relay, unsigned link, const uint8_t *msg, size_t len,
                    uint32_t now_ms, uint8_t *reply);

/* SET_CONFIG's work; returns a SET_RESULT status. An all-zero key seed keeps the current one,
 * so a laptop may write back what GET_CONFIG gave it. */
int relay_set_config(relay_t *relay, const uint8_t *record, size_t len);

uint32_t relay_uptime_s(const relay_t *relay);

/* A port's main-loop step: polls every link and writes through hal->uart_write/radio_send
 * (one frame per radio packet; through the mesh's radio once relay_attach_radio is done), then
 * ticks. `buf` holds at least FRAME_MAX_WIRE bytes. */
void relay_pump(relay_t *relay, uint8_t *buf, size_t cap);

#endif
