/* ctypes entry points for tests/test_config_radio.py: a CONFIG record's modem through
 * config_modem, and the country plan's bands flattened, so the app's plan
 * (app/core/devices/radio_plan.py) is checked against the one the relay obeys. */
#include <string.h>

#include "../core/config.h"
#include "../core/radio_plan.h"

/* Out: kind, freq_hz, bw_hz, sf, cr, preamble, power_dbm, bit_rate. -1: the record is not a
 * valid CONFIG (-2), or config_modem refused it (-1). */
int config_radio_host_modem(const uint8_t *record, size_t len, int64_t out[8])
{
    config_t config;
    radio_modem_t m;

    if (config_parse(record, len, &config) != CONFIG_OK) {
        return -2;
    }
    if (config_modem(&config, &m) != 0) {
        return -1;
    }
    out[0] = m.kind;
    out[1] = m.freq_hz;
    out[2] = m.bw_hz;
    out[3] = m.sf;
    out[4] = m.cr;
    out[5] = m.preamble;
    out[6] = m.power_dbm;
    out[7] = m.bit_rate;
    return 0;
}

/* Out: kind, low_hz, high_hz, max_dbm, limit, duty_permille; `name` gets RADIO_PLAN_NAME bytes.
 * -1 past the country's last band. */
int config_radio_host_band(const char *country, size_t index, int64_t out[6], char *name)
{
    const radio_band_t *b = radio_plan_band(country, index);

    if (b == NULL) {
        return -1;
    }
    out[0] = b->kind;
    out[1] = b->low_hz;
    out[2] = b->high_hz;
    out[3] = b->max_dbm;
    out[4] = b->limit;
    out[5] = b->duty_permille;
    memcpy(name, b->name, RADIO_PLAN_NAME);
    return 0;
}

int config_radio_host_antenna_dbi(void) { return CONFIG_ANTENNA_DBI; }
