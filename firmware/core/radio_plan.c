/* The table is data a reviewer can hold against the regulation line by line: one row per
 * sub-band as the regulation cuts them, nothing merged. */
#include "radio_plan.h"

#include <string.h>

#define MHZ(whole, thousandths) ((uint32_t)(whole) * 1000000u + (uint32_t)(thousandths) * 1000u)

/* ERC 70-03 annex 1 / EN 300 220 (sub-GHz), EN 300 328 (2.4 GHz). */
static const radio_band_t EU_BANDS[] = {
    {RADIO_LORA, MHZ(868, 0), MHZ(868, 600), 14, RADIO_LIMIT_ERP, 10, "868.0-868.6 1%"},
    {RADIO_LORA, MHZ(868, 700), MHZ(869, 200), 14, RADIO_LIMIT_ERP, 1, "868.7-869.2 0.1%"},
    {RADIO_LORA, MHZ(869, 400), MHZ(869, 650), 27, RADIO_LIMIT_ERP, 100, "869.4-869.65 10%"},
    {RADIO_LORA, MHZ(869, 700), MHZ(870, 0), 14, RADIO_LIMIT_ERP, 10, "869.7-870.0 1%"},
    {RADIO_LORA, MHZ(433, 50), MHZ(434, 790), 10, RADIO_LIMIT_ERP, 100, "433.05-434.79 10%"},
    {RADIO_ESPNOW, MHZ(2400, 0), MHZ(2483, 500), 20, RADIO_LIMIT_EIRP, RADIO_PLAN_NO_DUTY_CYCLE,
     "2.4 GHz Wi-Fi 1-13"},
};

typedef struct {
    char code[3];
    const radio_band_t *bands;
    size_t count;
} radio_country_t;

static const radio_country_t COUNTRIES[] = {
    {"FR", EU_BANDS, sizeof EU_BANDS / sizeof EU_BANDS[0]},
};

#define COUNTRY_COUNT (sizeof COUNTRIES / sizeof COUNTRIES[0])
#define ERP_FROM_EIRP_CDB 215 /* centi-dB: a dipole's 2.15 dBi */
#define ESPNOW_HALF_WIDTH_HZ 11000000u /* an 802.11b channel is 22 MHz wide */

static const radio_country_t *find(const char *country)
{
    size_t i;

    if (country == NULL) {
        return NULL;
    }
    for (i = 0; i < COUNTRY_COUNT; i++) {
        if (strncmp(country, COUNTRIES[i].code, 3) == 0) {
            return &COUNTRIES[i];
        }
    }
    return NULL;
}

const char *radio_plan_country(size_t index)
{
    return index < COUNTRY_COUNT ? COUNTRIES[index].code : NULL;
}

const radio_band_t *radio_plan_band(const char *country, size_t index)
{
    const radio_country_t *c = find(country);

    return c != NULL && index < c->count ? &c->bands[index] : NULL;
}

static int modem_valid(const radio_modem_t *m)
{
    if (m->kind == RADIO_LORA) {
        return m->sf >= 7 && m->sf <= 12 && m->cr >= 5 && m->cr <= 8 &&
               (m->bw_hz == 62500u || m->bw_hz == 125000u || m->bw_hz == 250000u ||
                m->bw_hz == 500000u);
    }
    return m->kind == RADIO_ESPNOW &&
           (m->bit_rate == 1000000u || m->bit_rate == 500000u || m->bit_rate == 250000u);
}

/* The power at the pin in centi-dB that reaches `band`'s limit through the antenna. */
static int32_t pin_limit_cdb(const radio_band_t *band, int8_t antenna_dbi)
{
    int32_t limit = (int32_t)band->max_dbm * 100 - (int32_t)antenna_dbi * 100;

    return band->limit == RADIO_LIMIT_ERP ? limit + ERP_FROM_EIRP_CDB : limit;
}

radio_plan_status_t radio_plan_check(const char *country, const radio_modem_t *m,
                                     int8_t antenna_dbi, radio_plan_verdict_t *out)
{
    const radio_country_t *c = find(country);
    uint32_t half, low, high;
    size_t i;

    if (c == NULL) {
        return RADIO_PLAN_NO_COUNTRY;
    }
    if (m == NULL || !modem_valid(m)) {
        return RADIO_PLAN_BAD_MODEM;
    }
    half = m->kind == RADIO_LORA ? m->bw_hz / 2u : ESPNOW_HALF_WIDTH_HZ;
    if (m->freq_hz < half || m->freq_hz > UINT32_MAX - half) {
        return RADIO_PLAN_NO_BAND;
    }
    low = m->freq_hz - half;
    high = m->freq_hz + half;
    for (i = 0; i < c->count; i++) {
        const radio_band_t *band = &c->bands[i];
        int32_t limit;

        if (band->kind != m->kind || low < band->low_hz || high > band->high_hz) {
            continue;
        }
        limit = pin_limit_cdb(band, antenna_dbi);
        if (out != NULL) {
            out->band = (uint8_t)i;
            out->duty_permille = band->duty_permille;
            /* rounded down: a fraction of a dB over is still over */
            out->max_power_dbm = (int8_t)(limit >= 0 ? limit / 100 : -((-limit + 99) / 100));
        }
        return (int32_t)m->power_dbm * 100 <= limit ? RADIO_PLAN_OK : RADIO_PLAN_TOO_LOUD;
    }
    return RADIO_PLAN_NO_BAND;
}

#define WIFI_CHANNEL_BASE_HZ 2407000000u
#define WIFI_CHANNEL_STEP_HZ 5000000u
#define WIFI_LAST_CHANNEL 13u

int radio_plan_channel_hz(const radio_band_t *band, uint32_t bw_hz, uint8_t channel,
                          uint32_t *freq_hz)
{
    uint32_t centre, half;

    if (band == NULL) {
        return -1;
    }
    if (band->kind == RADIO_ESPNOW) {
        if (channel < 1u || channel > WIFI_LAST_CHANNEL) {
            return -1; /* channel 14 (Japan only) is off this formula's grid */
        }
        centre = WIFI_CHANNEL_BASE_HZ + (uint32_t)channel * WIFI_CHANNEL_STEP_HZ;
        half = ESPNOW_HALF_WIDTH_HZ;
    } else {
        /* bounded: 255 channels of at most 500 kHz stay far below 2^32 Hz */
        if (bw_hz == 0u || bw_hz > 500000u) {
            return -1;
        }
        half = bw_hz / 2u;
        centre = band->low_hz + half + (uint32_t)channel * bw_hz;
    }
    if (centre - half < band->low_hz || centre + half > band->high_hz) {
        return -1;
    }
    *freq_hz = centre;
    return 0;
}
