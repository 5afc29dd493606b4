/* Which radio settings a country allows, as data: the app offers only these (its settings list
 * comes from radio_plan_band), and the relay refuses any other before it transmits.
 *
 * Sources: ETSI EN 300 220-2 and CEPT ERC Recommendation 70-03 annex 1 (sub-bands h1.4 to h1.7
 * at 868 MHz, 433.05-434.79 MHz) for the sub-GHz bands; ETSI EN 300 328 (100 mW EIRP, no
 * duty-cycle rule) for 2.4 GHz. Only France is in the table: no national plan could be sourced
 * for Cameroon, Senegal, Côte d'Ivoire, Burkina Faso or Mali (The Things Network's frequency
 * plans by country name none of them; deployers use EU868 there, which is practice, not law),
 * so they are left out until someone brings the regulator's text (firmware/README.md).
 */
#ifndef OBAMBU_RADIO_PLAN_H
#define OBAMBU_RADIO_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "radio.h"

#define RADIO_PLAN_NO_DUTY_CYCLE 1000u /* per mille: the band has no duty-cycle rule */
#define RADIO_PLAN_NAME 24u

typedef enum { RADIO_LIMIT_ERP = 0, RADIO_LIMIT_EIRP = 1 } radio_limit_kind_t;

typedef struct {
    uint8_t kind;            /* radio_kind_t that may use it */
    uint32_t low_hz;         /* the whole channel must lie in [low_hz, high_hz] */
    uint32_t high_hz;
    int8_t max_dbm;          /* radiated, ERP or EIRP as `limit` says */
    uint8_t limit;           /* radio_limit_kind_t */
    uint16_t duty_permille;  /* 10 = 1 %, 1 = 0.1 %, RADIO_PLAN_NO_DUTY_CYCLE = none */
    char name[RADIO_PLAN_NAME];
} radio_band_t;

/* Why radio_plan_check said no. */
typedef enum {
    RADIO_PLAN_OK = 0,
    RADIO_PLAN_NO_COUNTRY = 1, /* not in the table: nothing is allowed */
    RADIO_PLAN_BAD_MODEM = 2,  /* not a modem this radio kind can be (SF, bandwidth ...) */
    RADIO_PLAN_NO_BAND = 3,    /* the channel is in no band of the country */
    RADIO_PLAN_TOO_LOUD = 4    /* the band, but more power than it allows */
} radio_plan_status_t;

typedef struct {
    uint8_t band;             /* index for radio_plan_band */
    uint16_t duty_permille;   /* the duty cycle that applies */
    int8_t max_power_dbm;     /* the most power at the chip's pin this antenna allows here */
} radio_plan_verdict_t;

/* The countries in the table, `index` from 0 (ISO 3166 alpha-2, upper case); NULL past the
 * last one. With radio_plan_band, what the app's settings list offers. */
const char *radio_plan_country(size_t index);

/* The country's bands, `index` from 0; NULL past the last one or for an unknown country.
 * `country` is an ISO 3166 alpha-2 code, upper case. */
const radio_band_t *radio_plan_band(const char *country, size_t index);

/* Whether modem `m`, through an antenna of `antenna_dbi` gain, is allowed in `country`;
 * on RADIO_PLAN_OK (and on RADIO_PLAN_TOO_LOUD) `out` says which band and duty cycle apply and
 * the power the pin may have there. ERP is EIRP less 2.15 dB (a half-wave dipole's gain). */
radio_plan_status_t radio_plan_check(const char *country, const radio_modem_t *m,
                                     int8_t antenna_dbi, radio_plan_verdict_t *out);

/* The channel grid of a band: LoRa channels are side by side, `bw_hz` wide from the band's low
 * edge (channel 0 is centred at low + bw/2); ESP-NOW channels are the Wi-Fi channel numbers
 * 1..13 (centre 2407 + 5 n MHz), `bw_hz` unused. 0 and `freq_hz` set when the channel lies wholly in
 * the band; -1 otherwise. */
int radio_plan_channel_hz(const radio_band_t *band, uint32_t bw_hz, uint8_t channel,
                          uint32_t *freq_hz);

#endif
