/* The 128-byte CONFIG record (PROTOCOL.md §3): what the laptop writes with SET_CONFIG and the
 * port keeps as the blob "config" in namespace "relay" of the NVS partition "relaycfg". */
#ifndef OBAMBU_CONFIG_H
#define OBAMBU_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define CONFIG_SIZE 128u
#define CONFIG_FORMAT 1u
#define CONFIG_CONFIGURED 0x0001u /* flags bit 0 */
#define CONFIG_NAME 24u

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

#endif
