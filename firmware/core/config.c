#include "config.h"

#include <string.h>

#include "crc32c.h"
#include "le.h"
#include "radio_plan.h"

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
    memcpy(out->country, r + 108, 2);
    out->radio_kind = r[110];
    out->band = r[111];
    out->bandwidth = r[112];
    out->coding_rate = r[113];
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
    memcpy(r + 108, c->country, 2);
    r[110] = c->radio_kind;
    r[111] = c->band;
    r[112] = c->bandwidth;
    r[113] = c->coding_rate;
    put32(r + 124, crc32c(r, 124));
}

void config_build_public(const config_t *config, uint8_t out[CONFIG_SIZE])
{
    config_t copy = *config;
    memset(copy.seed, 0, sizeof copy.seed);
    config_build(&copy, out);
}

int config_is_configured(const config_t *config) { return (config->flags & CONFIG_CONFIGURED) != 0; }

/* Indexed by config_t.bandwidth: codes, not hertz, so one byte holds either radio's choice. */
static const uint32_t LORA_BW_HZ[] = {125000u, 250000u, 500000u};
static const uint32_t ESPNOW_BIT_RATE[] = {1000000u, 500000u, 250000u};

int config_modem(const config_t *c, radio_modem_t *out)
{
    char country[3];
    const radio_band_t *band;
    radio_modem_t m;
    radio_plan_verdict_t verdict;

    if (c->radio_kind == CONFIG_RADIO_OFF || c->bandwidth >= 3u ||
        c->tx_power_dbm < CONFIG_POWER_MIN_DBM || c->tx_power_dbm > CONFIG_POWER_MAX_DBM) {
        return -1;
    }
    memcpy(country, c->country, 2);
    country[2] = '\0';
    band = radio_plan_band(country, c->band);
    if (band == NULL || band->kind != c->radio_kind) {
        return -1;
    }
    memset(&m, 0, sizeof m);
    m.kind = c->radio_kind;
    m.power_dbm = c->tx_power_dbm;
    if (m.kind == RADIO_LORA) {
        m.bw_hz = LORA_BW_HZ[c->bandwidth];
        m.sf = c->spreading_factor;
        m.cr = c->coding_rate;
        m.preamble = CONFIG_LORA_PREAMBLE;
    } else {
        m.bit_rate = ESPNOW_BIT_RATE[c->bandwidth];
    }
    if (radio_plan_channel_hz(band, m.bw_hz, c->radio_channel, &m.freq_hz) != 0) {
        return -1;
    }
    /* The channel must land in the band the record names, not merely in some band. */
    if (radio_plan_check(country, &m, CONFIG_ANTENNA_DBI, &verdict) != RADIO_PLAN_OK ||
        verdict.band != c->band) {
        return -1;
    }
    *out = m;
    return 0;
}
