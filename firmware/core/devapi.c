#include "devapi.h"

#include <string.h>

#include "le.h"
#include "queue.h"

static const uint8_t CONTEXT[] = "OBAMBU-DEVICE-HELLO-1";
#define CONTEXT_LEN (sizeof CONTEXT - 1)
static const uint8_t CONFIG_MAGIC[4] = {'O', 'B', 'D', 'V'};
#define CONFIG_FORMAT 1u
#define MAX_LIFE_S 86400u /* longer grants are taken as a day: the clock arithmetic stays exact */
static const char HEX[] = "0123456789abcdef";
static const char AUTH[] = "Obambu ";
static const char PATH[] = "/v1/content/";

/* Milliseconds left before `until` in a wrapping clock; <= 0 once past. */
static int32_t left_ms(uint32_t until, uint32_t now_ms) { return (int32_t)(until - now_ms); }

static uint32_t until_ms(uint32_t now_ms, uint32_t seconds)
{
    return now_ms + (seconds > MAX_LIFE_S ? MAX_LIFE_S : seconds) * 1000u;
}

static size_t hex(const uint8_t *data, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = HEX[data[i] >> 4];
        out[2 * i + 1] = HEX[data[i] & 0x0F];
    }
    return 2 * len;
}

int devapi_init(devapi_t *api, const config_t *config)
{
    memset(api, 0, sizeof *api);
    if (!config_is_configured(config)) {
        return DEVAPI_E_CONFIG;
    }
    memcpy(api->device, config->device, sizeof api->device);
    memcpy(api->tag, config->tag, sizeof api->tag);
    return DEVAPI_OK;
}

void devapi_forget(devapi_t *api)
{
    memset(api->challenge, 0, sizeof api->challenge);
    memset(api->token, 0, sizeof api->token);
    api->state = DEVAPI_IDLE;
}

size_t devapi_hello(devapi_t *api, uint8_t *out, size_t cap)
{
    if (cap < DEVAPI_HELLO_SIZE) {
        return 0;
    }
    devapi_forget(api);
    memcpy(out, api->device, 8);
    memcpy(out + 8, api->tag, 8);
    return DEVAPI_HELLO_SIZE;
}

/* A challenge and a token arrive the same way: 16 secret bytes and their lifetime. */
static int grant(devapi_t *api, const uint8_t *body, size_t len, uint32_t now_ms,
                 uint8_t secret[DEVAPI_SECRET], uint32_t *until, int state)
{
    uint32_t seconds;
    if (len != DEVAPI_GRANT_SIZE) {
        return DEVAPI_E_SIZE;
    }
    seconds = get32(body + DEVAPI_SECRET);
    if (seconds == 0) {
        return DEVAPI_E_FORMAT;
    }
    devapi_forget(api);
    memcpy(secret, body, DEVAPI_SECRET);
    *until = until_ms(now_ms, seconds);
    api->state = state;
    return DEVAPI_OK;
}

int devapi_on_challenge(devapi_t *api, const uint8_t *body, size_t len, uint32_t now_ms)
{
    return grant(api, body, len, now_ms, api->challenge, &api->challenge_until_ms,
                 DEVAPI_CHALLENGED);
}

int devapi_session(devapi_t *api, const relay_hal_t *hal, const uint8_t seed[32], uint8_t *out,
                   size_t cap, uint32_t now_ms)
{
    uint8_t msg[CONTEXT_LEN + 8 + 8 + DEVAPI_SECRET];
    uint8_t any = 0;
    int live = api->state == DEVAPI_CHALLENGED && left_ms(api->challenge_until_ms, now_ms) > 0;

    if (!live) {
        devapi_forget(api);
        return DEVAPI_E_STATE;
    }
    if (cap < DEVAPI_SESSION_SIZE) {
        return DEVAPI_E_SIZE; /* the challenge is kept: the caller may retry with room */
    }
    for (size_t i = 0; i < 32; i++) {
        any |= seed[i];
    }
    memcpy(msg, CONTEXT, CONTEXT_LEN);
    memcpy(msg + CONTEXT_LEN, api->tag, 8);
    memcpy(msg + CONTEXT_LEN + 8, api->device, 8);
    memcpy(msg + CONTEXT_LEN + 16, api->challenge, DEVAPI_SECRET);
    memcpy(out, api->device, 8);
    memcpy(out + 8, api->challenge, DEVAPI_SECRET);
    devapi_forget(api); /* one use, whatever comes next */
    if (hal == NULL || hal->ed25519_sign == NULL || !any ||
        hal->ed25519_sign(hal->ctx, seed, msg, sizeof msg, out + 8 + DEVAPI_SECRET) != 0) {
        return DEVAPI_E_SIGN;
    }
    return (int)DEVAPI_SESSION_SIZE;
}

int devapi_on_token(devapi_t *api, const uint8_t *body, size_t len, uint32_t now_ms)
{
    return grant(api, body, len, now_ms, api->token, &api->token_until_ms, DEVAPI_READY);
}

int devapi_ready(const devapi_t *api, uint32_t now_ms)
{
    return api->state == DEVAPI_READY &&
           left_ms(api->token_until_ms, now_ms) > (int32_t)DEVAPI_MARGIN_MS;
}

size_t devapi_authorization(const devapi_t *api, uint32_t now_ms, char *out, size_t cap)
{
    size_t n = sizeof AUTH - 1;
    if (cap < DEVAPI_AUTH_SIZE || !devapi_ready(api, now_ms)) {
        return 0;
    }
    memcpy(out, AUTH, n);
    n += hex(api->token, DEVAPI_SECRET, out + n);
    out[n] = '\0';
    return n;
}

int devapi_parse_config(const devapi_t *api, const uint8_t *body, size_t len,
                        devapi_config_t *out)
{
    if (len != DEVAPI_CONFIG_SIZE) {
        return DEVAPI_E_SIZE;
    }
    if (memcmp(body, CONFIG_MAGIC, 4) != 0 || get16(body + 4) != CONFIG_FORMAT ||
        body[6] > DEVAPI_DISPLAY) {
        return DEVAPI_E_FORMAT;
    }
    if (memcmp(body + 8, api->tag, 8) != 0 || memcmp(body + 16, api->device, 8) != 0) {
        return DEVAPI_E_OTHER;
    }
    out->kind = body[6];
    out->flags = body[7];
    memcpy(out->tag, body + 8, 8);
    memcpy(out->device, body + 16, 8);
    memcpy(out->commune, body + 24, 8);
    out->poll_s = get32(body + 32);
    out->content_version = get32(body + 36);
    out->token_s = get32(body + 40);
    out->built = get32(body + 44);
    memcpy(out->name, body + 48, DEVAPI_NAME);
    memcpy(out->commune_name, body + 72, DEVAPI_NAME);
    return DEVAPI_OK;
}

int devapi_index(const uint8_t *body, size_t len, uint32_t *version)
{
    size_t count;
    if (len < DEVAPI_INDEX_HEAD) {
        return DEVAPI_E_SIZE;
    }
    count = get16(body + 4);
    if (len != DEVAPI_INDEX_HEAD + count * DEVAPI_INDEX_ENTRY) {
        return DEVAPI_E_SIZE;
    }
    for (size_t i = 0; i < count; i++) {
        const uint8_t *e = body + DEVAPI_INDEX_HEAD + i * DEVAPI_INDEX_ENTRY;
        if (e[16] > DEVAPI_CONTENT_OBJECT || e[17] >= QUEUE_CLASSES) {
            return DEVAPI_E_FORMAT;
        }
    }
    if (version != NULL) {
        *version = get32(body);
    }
    return (int)count;
}

int devapi_index_entry(const uint8_t *body, size_t len, unsigned i, devapi_entry_t *out)
{
    int count = devapi_index(body, len, NULL);
    const uint8_t *e;
    if (count < 0) {
        return count;
    }
    if (i >= (unsigned)count) {
        return DEVAPI_E_SIZE;
    }
    e = body + DEVAPI_INDEX_HEAD + (size_t)i * DEVAPI_INDEX_ENTRY;
    memcpy(out->id, e, 16);
    out->type = e[16];
    out->cls = e[17];
    out->len = get32(e + 18);
    return DEVAPI_OK;
}

size_t devapi_content_path(const devapi_entry_t *entry, char *out, size_t cap)
{
    size_t n = sizeof PATH - 1;
    if (cap < DEVAPI_PATH_SIZE) {
        return 0;
    }
    memcpy(out, PATH, n);
    n += hex(entry->id, sizeof entry->id, out + n);
    out[n] = '\0';
    return n;
}

int devapi_show(relay_t *relay, const devapi_entry_t *entry, const uint8_t *body, size_t len)
{
    int kept;
    if (entry->type != DEVAPI_CONTENT_DISPLAY || entry->len != len) {
        return DEVAPI_E_SIZE;
    }
    kept = display_put(&relay->display, body, len);
    return kept < 0 ? DEVAPI_E_FORMAT : kept;
}

int devapi_carry(relay_t *relay, const devapi_entry_t *entry, const uint8_t *data, size_t len,
                 uint32_t now_ms)
{
    if (entry->type != DEVAPI_CONTENT_OBJECT || entry->len != len) {
        return DEVAPI_E_SIZE;
    }
    relay_tick(relay, now_ms); /* the relay's clock, and expired objects out first */
    return (int)queue_put(&relay->queue, entry->id, entry->cls, 0, relay->config.lifetime_s, data,
                          len, relay_uptime_s(relay));
}
