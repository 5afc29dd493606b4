#include "hal_host.h"

#include <string.h>

static int kv_load(void *ctx, uint8_t *buf, size_t cap)
{
    hal_host_t *host = ctx;
    if (host->kv_len < 0 || (size_t)host->kv_len > cap) {
        return -1;
    }
    memcpy(buf, host->kv, (size_t)host->kv_len);
    return host->kv_len;
}

static int kv_save(void *ctx, const uint8_t *data, size_t len)
{
    hal_host_t *host = ctx;
    if (host->kv_fail || len > sizeof host->kv) {
        return -1;
    }
    memcpy(host->kv, data, len);
    host->kv_len = (int)len;
    host->saves++;
    return 0;
}

static int sign(void *ctx, const uint8_t seed[32], const uint8_t *msg, size_t len,
                uint8_t sig[64])
{
    hal_host_t *host = ctx;
    return host->sign ? host->sign(seed, msg, len, sig) : -1;
}

static uint16_t battery_mv(void *ctx) { return ((hal_host_t *)ctx)->battery_mv; }

void hal_host_init(hal_host_t *host, relay_hal_t *hal)
{
    memset(host, 0, sizeof *host);
    host->kv_len = -1;
    memset(hal, 0, sizeof *hal);
    hal->ctx = host;
    hal->kv_load = kv_load;
    hal->kv_save = kv_save;
    hal->ed25519_sign = sign;
    hal->battery_mv = battery_mv;
}
