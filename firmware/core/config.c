#include "config.h"

#include <string.h>

#include "crc32c.h"
#include "le.h"

static const uint8_t MAGIC[4] = {'O', 'B', 'R', 'C'};
static const char DEFAULT_NAME[] = "Obambu relay";

void config_default(config_t *config, const uint8_t device[8])
{
    memset(config, 0, sizeof *config);
    config->format = CONFIG_FORMAT;
    memcpy(config->device, device, 8);
    config->baud = 115200;
    config->tx_power_dbm = 14;
    config->spreading_factor = 9;
    config->classes = 0x0F;
    config->hop_limit = 8; /* 7 radio hops: a department (issue 22) is 5 to 7 deep */
    config->budget_kib = 64;
    config->lifetime_s = 7u * 24 * 3600;
    memcpy(config->name, DEFAULT_NAME, sizeof DEFAULT_NAME - 1);
}

config_status_t config_parse(const uint8_t *r, size_t len, config_t *out)
{
    if (len != CONFIG_SIZE) {
        return CONFIG_BAD_SIZE;
    }
    if (memcmp(r, MAGIC, 4) != 0) {
        return CONFIG_BAD_MAGIC;
    }
    if (get32(r + 124) != crc32c(r, 124)) {
        return CONFIG_BAD_CRC;
    }
    if (get16(r + 4) != CONFIG_FORMAT) {
        return CONFIG_BAD_FORMAT;
    }
    memset(out, 0, sizeof *out);
    out->format = get16(r + 4);
    out->flags = get16(r + 6);
    out->version = get32(r + 8);
    memcpy(out->tag, r + 12, 8);
    memcpy(out->commune, r + 20, 8);
    memcpy(out->device, r + 28, 8);
    memcpy(out->seed, r + 36, 32);
    out->baud = get32(r + 68);
    out->radio_channel = r[72];
    out->tx_power_dbm = (int8_t)r[73];
    out->spreading_factor = r[74];
    out->classes = r[75];
    out->hop_limit = r[76];
    out->budget_kib = get16(r + 78);
    out->lifetime_s = get32(r + 80);
    memcpy(out->name, r + 84, CONFIG_NAME);
    return CONFIG_OK;
}

void config_build(const config_t *c, uint8_t r[CONFIG_SIZE])
{
    memset(r, 0, CONFIG_SIZE);
    memcpy(r, MAGIC, 4);
    put16(r + 4, c->format);
    put16(r + 6, c->flags);
    put32(r + 8, c->version);
    memcpy(r + 12, c->tag, 8);
    memcpy(r + 20, c->commune, 8);
    memcpy(r + 28, c->device, 8);
    memcpy(r + 36, c->seed, 32);
    put32(r + 68, c->baud);
    r[72] = c->radio_channel;
    r[73] = (uint8_t)c->tx_power_dbm;
    r[74] = c->spreading_factor;
    r[75] = c->classes;
    r[76] = c->hop_limit;
    put16(r + 78, c->budget_kib);
    put32(r + 80, c->lifetime_s);
    memcpy(r + 84, c->name, CONFIG_NAME);
    put32(r + 124, crc32c(r, 124));
}

void config_build_public(const config_t *config, uint8_t out[CONFIG_SIZE])
{
    config_t copy = *config;
    memset(copy.seed, 0, sizeof copy.seed);
    config_build(&copy, out);
}

int config_is_configured(const config_t *config) { return (config->flags & CONFIG_CONFIGURED) != 0; }
