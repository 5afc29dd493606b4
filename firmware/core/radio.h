/* The radio as the core sees it: one half-duplex packet radio, whichever it is (an SX127x or
 * SX126x LoRa chip, or the ESP32's own Wi-Fi through ESP-NOW). The drivers (sx127x.c,
 * sx126x.c, the port's ESP-NOW glue) fill a radio_ops_t; the relay-to-relay layer (mesh.c)
 * and the simulator use nothing else, so the same mesh runs over every radio and over the
 * host's emulated ones.
 *
 * Modem settings are data (radio_modem_t), so a country's plan (radio_plan.c) is a table and
 * the time on air of a packet is computed, not measured: the duty-cycle budget depends on it.
 */
#ifndef OBAMBU_RADIO_H
#define OBAMBU_RADIO_H

#include <stddef.h>
#include <stdint.h>

/* The largest packet every radio carries: ESP-NOW's 250 bytes (LoRa's 255 less room), so a
 * packet built for one radio fits the other. */
#define RADIO_MAX_PACKET 250u

typedef enum { RADIO_LORA = 1, RADIO_ESPNOW = 2 } radio_kind_t;

typedef struct {
    uint8_t kind;      /* radio_kind_t */
    uint32_t freq_hz;  /* LoRa: centre frequency; ESP-NOW: the Wi-Fi channel's centre */
    uint32_t bw_hz;    /* LoRa: 125000, 250000 or 500000 (SX126x also 62500); ESP-NOW: 0 */
    uint8_t sf;        /* LoRa spreading factor, 7..12 */
    uint8_t cr;        /* LoRa coding rate 4/cr, cr 5..8 */
    uint16_t preamble; /* LoRa preamble, symbols (8 usual) */
    int8_t power_dbm;  /* transmit power at the chip's pin */
    uint32_t bit_rate; /* ESP-NOW: 1000000, or 500000/250000 in long-range mode; LoRa: 0 */
} radio_modem_t;

/* Time on air in microseconds of one packet of `len` bytes with modem `m`: for LoRa the
 * Semtech formula (explicit header, CRC on, low data rate optimisation when a symbol lasts
 * 16 ms or more); for ESP-NOW the frame's bytes with its 802.11 overhead at its bit rate. */
uint32_t radio_airtime_us(const radio_modem_t *m, size_t len);

/* What comes back from a radio, by radio_ops_t.poll. */
typedef enum {
    RADIO_EV_NONE = 0,
    RADIO_EV_TX_DONE = 1,   /* the packet given to send is out */
    RADIO_EV_RX = 2,        /* a packet arrived whole, CRC good: data, len, rssi, snr */
    RADIO_EV_RX_ERROR = 3,  /* a packet arrived with a bad CRC or header: dropped */
    RADIO_EV_TIMEOUT = 4    /* a transmission did not end in time: the radio was reset */
} radio_event_kind_t;

typedef struct {
    uint8_t kind;     /* radio_event_kind_t */
    uint8_t len;
    int16_t rssi_dbm; /* of the packet received */
    int8_t snr_db;    /* LoRa only; 0 otherwise */
    uint8_t data[RADIO_MAX_PACKET];
} radio_event_t;

typedef struct radio_ops {
    void *ctx;
    /* Starts sending one packet of at most RADIO_MAX_PACKET bytes; 0 once the radio took it
     * (RADIO_EV_TX_DONE follows), -1 when it is busy sending or the packet is too long. */
    int (*send)(void *ctx, const uint8_t *data, size_t len, uint32_t now_ms);
    /* 1 when someone is on the channel now (LoRa channel activity detection, or a received
     * signal above the threshold): listen before talk. */
    int (*busy)(void *ctx, uint32_t now_ms);
    /* The next event, if any (the port calls it from its loop, or after the DIO interrupt);
     * returns 0 and leaves `ev->kind` RADIO_EV_NONE when there is none. */
    int (*poll)(void *ctx, uint32_t now_ms, radio_event_t *ev);
    /* The modem in use (for time on air and the duty-cycle budget). */
    const radio_modem_t *modem;
} radio_ops_t;

#endif
