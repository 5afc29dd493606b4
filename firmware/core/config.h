/* The 128-byte CONFIG record (PROTOCOL.md §3): what the laptop writes with SET_CONFIG and the
 * port keeps as the blob "config" in namespace "relay" of the NVS partition "relaycfg". */
#ifndef OBAMBU_CONFIG_H
#define OBAMBU_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "radio.h"

#define CONFIG_SIZE 128u
#define CONFIG_FORMAT 1u
#define CONFIG_CONFIGURED 0x0001u /* flags bit 0 */
#define CONFIG_NAME 24u
#define CONFIG_RADIO_OFF 0u /* radio kind 0: no radio chosen, it stays off */
/* The antenna gain the plan is checked with: the stock antennas of the boards in README.md are
 * 2-3 dBi, and assuming the higher keeps a relay under the limit with either (the record has no
 * room for the real antenna, so a bigger antenna means a technician lowers the power). */
#define CONFIG_ANTENNA_DBI 3
/* Power at the pin every radio here can set: SX127x PA_BOOST 2..20 dBm, and the SX126x and the
 * ESP32's Wi-Fi cover that range too. */
#define CONFIG_POWER_MIN_DBM 2
#define CONFIG_POWER_MAX_DBM 20
#define CONFIG_LORA_PREAMBLE 8u

typedef enum {
    CONFIG_OK = 0,
    CONFIG_BAD_SIZE,
    CONFIG_BAD_MAGIC,
    CONFIG_BAD_CRC,
    CONFIG_BAD_FORMAT
} config_status_t;

typedef struct {
    uint16_t format;
    uint16_t flags;
    uint32_t version;     /* incremented by the laptop on each write */
    uint8_t tag[8];       /* network tag */
    uint8_t commune[8];   /* the commune that configured it */
    uint8_t device[8];    /* from the board's MAC */
    uint8_t seed[32];     /* Ed25519 relay key seed: never sent back */
    uint32_t baud;
    uint8_t radio_channel;
    int8_t tx_power_dbm;
    uint8_t spreading_factor;
    uint8_t classes;      /* bit per class the relay may carry */
    uint8_t hop_limit;
    uint16_t budget_kib;  /* queue budget */
    uint32_t lifetime_s;  /* default lifetime of an object */
    uint8_t name[CONFIG_NAME]; /* UTF-8, zero-padded */
    char country[2];      /* ISO 3166-1 alpha-2, upper case; zeros: none chosen, radio off */
    uint8_t radio_kind;   /* CONFIG_RADIO_OFF or a radio_kind_t */
    uint8_t band;         /* index in the country's plan (radio_plan_band) */
    uint8_t bandwidth;    /* LoRa: 0 125 kHz, 1 250, 2 500; ESP-NOW: 0 1 Mbit/s, 1 500k, 2 250k */
    uint8_t coding_rate;  /* LoRa: 4/cr, cr 5..8 */
} config_t;

/* An unconfigured relay: flags 0, the given device id, the defaults of app/sync/relay.py. */
void config_default(config_t *config, const uint8_t device[8]);

/* Checks size, magic, CRC and format version, then fills `out`. */
config_status_t config_parse(const uint8_t *record, size_t len, config_t *out);

/* The record with its CRC; reserved bytes are zero. */
void config_build(const config_t *config, uint8_t out[CONFIG_SIZE]);

/* The record as GET_CONFIG sends it: the key seed blanked, the CRC recomputed. */
void config_build_public(const config_t *config, uint8_t out[CONFIG_SIZE]);

int config_is_configured(const config_t *config);

/* The modem the record asks for, if the country's plan allows it (radio_plan_check, with
 * CONFIG_ANTENNA_DBI): 0 and `out` filled; -1 otherwise, and the radio stays off. The channel
 * is a place on the band's grid (radio_plan_channel_hz). The ESP-IDF port calls this. */
int config_modem(const config_t *c, radio_modem_t *out);

#endif
