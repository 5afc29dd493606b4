/* The board's side of the laptop's device API over Wi-Fi (docs/device-api.md): a "low-tech
 * box" display or a relay with Wi-Fi introduces itself, signs a challenge with the key of its
 * CONFIG record, and fetches its configuration and what it should show or carry.
 *
 * The core builds and reads the HTTP bodies only; the port does the HTTP (esp_http_client on
 * the board, urllib in the host tests). No malloc: a devapi_t is a few dozen bytes.
 *
 *   1. POST /v1/hello    body devapi_hello()          → devapi_on_challenge(reply)
 *   2. POST /v1/session  body devapi_session()        → devapi_on_token(reply)
 *   3. GET  /v1/content_index, /v1/config, /v1/content/<id>
 *      with the header "Authorization: " + devapi_authorization()
 *   4. a display content → devapi_show(); a relay object → devapi_carry()
 *
 * The board does not authenticate the laptop (there is no TLS and the CONFIG record holds no
 * laptop key): relay objects are sealed by the laptops and opened only by them, but the text
 * shown comes from whoever answers on the Wi-Fi the board joined.
 */
#ifndef OBAMBU_DEVAPI_H
#define OBAMBU_DEVAPI_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "hal.h"
#include "relay.h"

#define DEVAPI_HELLO_SIZE 16u   /* device[8] tag[8] */
#define DEVAPI_GRANT_SIZE 20u   /* challenge or token [16], u32 seconds valid */
#define DEVAPI_SESSION_SIZE 88u /* device[8] challenge[16] signature[64] */
#define DEVAPI_SECRET 16u       /* challenge and token size */
#define DEVAPI_AUTH_SIZE 40u    /* "Obambu " + 32 hex digits + NUL */
#define DEVAPI_CONFIG_SIZE 96u
#define DEVAPI_INDEX_HEAD 6u   /* u32 content version, u16 count */
#define DEVAPI_INDEX_ENTRY 22u /* id[16] u8 type u8 class u32 length */
#define DEVAPI_PATH_SIZE 45u   /* "/v1/content/" + 32 hex digits + NUL */
#define DEVAPI_NAME 24u
#define DEVAPI_MARGIN_MS 5000u /* a token this close to its end is not used any more */

enum devapi_kind { DEVAPI_RELAY = 0, DEVAPI_DISPLAY = 1 };
enum devapi_type { DEVAPI_CONTENT_DISPLAY = 0, DEVAPI_CONTENT_OBJECT = 1 };
enum devapi_state { DEVAPI_IDLE = 0, DEVAPI_CHALLENGED = 1, DEVAPI_READY = 2 };

enum devapi_status {
    DEVAPI_OK = 0,
    DEVAPI_E_SIZE = -1,    /* a body of the wrong length, or a buffer too small */
    DEVAPI_E_STATE = -2,   /* not the step expected now (no challenge, no token) */
    DEVAPI_E_FORMAT = -3,  /* bad magic, format version, type or value */
    DEVAPI_E_OTHER = -4,   /* the configuration names another board or network */
    DEVAPI_E_SIGN = -5,    /* no signing hook, no key, or the hook failed */
    DEVAPI_E_CONFIG = -6   /* the board itself is not configured */
};

typedef struct {
    uint8_t device[8];
    uint8_t tag[8];
    uint8_t challenge[DEVAPI_SECRET];
    uint8_t token[DEVAPI_SECRET];
    uint8_t state;
    uint32_t challenge_until_ms; /* in the caller's clock */
    uint32_t token_until_ms;
} devapi_t;

typedef struct {
    uint8_t kind; /* enum devapi_kind */
    uint8_t flags;
    uint8_t tag[8];
    uint8_t device[8];
    uint8_t commune[8];
    uint32_t poll_s;          /* how often to look at content_index */
    uint32_t content_version; /* the index's version when the laptop answered */
    uint32_t token_s;
    uint32_t built;           /* the laptop's snapshot time, Unix seconds */
    uint8_t name[DEVAPI_NAME];         /* UTF-8, zero-padded */
    uint8_t commune_name[DEVAPI_NAME]; /* UTF-8, zero-padded */
} devapi_config_t;

typedef struct {
    uint8_t id[16];
    uint8_t type; /* enum devapi_type */
    uint8_t cls;  /* the relay class of an object (0 governance, 1 blocks) */
    uint32_t len;
} devapi_entry_t;

/* Takes the device id and network tag from the board's CONFIG; DEVAPI_E_CONFIG if the board
 * is not configured (then it has no key to sign with either). */
int devapi_init(devapi_t *api, const config_t *config);

/* The hello body (DEVAPI_HELLO_SIZE bytes); forgets any challenge and token. 0 if cap < 16. */
size_t devapi_hello(devapi_t *api, uint8_t *out, size_t cap);

/* The hello reply: keeps the challenge until it expires (by the laptop's word). */
int devapi_on_challenge(devapi_t *api, const uint8_t *body, size_t len, uint32_t now_ms);

/* The session body: the challenge signed through hal->ed25519_sign with `seed`, over
 * "OBAMBU-DEVICE-HELLO-1" | tag | device | challenge. The challenge serves once: the state
 * goes back to IDLE whatever happens. Returns DEVAPI_SESSION_SIZE, or a negative status
 * (no live challenge, cap too small, no key or signing failed). */
int devapi_session(devapi_t *api, const relay_hal_t *hal, const uint8_t seed[32], uint8_t *out,
                   size_t cap, uint32_t now_ms);

/* The session reply: keeps the token. */
int devapi_on_token(devapi_t *api, const uint8_t *body, size_t len, uint32_t now_ms);

/* 1 while the token can be used (held, and more than DEVAPI_MARGIN_MS from its end). */
int devapi_ready(const devapi_t *api, uint32_t now_ms);

/* The Authorization header's value, NUL-terminated: "Obambu <32 hex>". Returns its length
 * without the NUL, or 0 when no usable token is held or cap < DEVAPI_AUTH_SIZE. */
size_t devapi_authorization(const devapi_t *api, uint32_t now_ms, char *out, size_t cap);

/* A 401 or 403 answer: the token is forgotten, the next step is a new hello. */
void devapi_forget(devapi_t *api);

/* The config body: checks magic, format, and that it names this board and network. */
int devapi_parse_config(const devapi_t *api, const uint8_t *body, size_t len,
                        devapi_config_t *out);

/* The content_index body: its entry count (>= 0) and version, or a negative status. */
int devapi_index(const uint8_t *body, size_t len, uint32_t *version);

/* Entry `i` of a content_index body already checked by devapi_index. */
int devapi_index_entry(const uint8_t *body, size_t len, unsigned i, devapi_entry_t *out);

/* "/v1/content/<32 hex>", NUL-terminated; its length, or 0 if cap < DEVAPI_PATH_SIZE. */
size_t devapi_content_path(const devapi_entry_t *entry, char *out, size_t cap);

/* A display content (a DISPLAY_PUT body) onto the relay's screen: display_put's result, the
 * count kept, or a negative status (wrong type or length, malformed body: screen unchanged). */
int devapi_show(relay_t *relay, const devapi_entry_t *entry, const uint8_t *body, size_t len);

/* A relay object into the relay's queue, as a PUT from a cable would (hops 0, the CONFIG's
 * lifetime): a queue_status_t (>= 0), or a negative status for a wrong type or length. */
int devapi_carry(relay_t *relay, const devapi_entry_t *entry, const uint8_t *data, size_t len,
                 uint32_t now_ms);

#endif
