/* What an ESP-NOW radio_modem_t asks of the Wi-Fi hardware: the channel number and the PHY
 * rate. Portable, so the host tests it; the port (port/esp-idf/main/espnow_espidf.c) turns the
 * answers into esp_wifi_set_channel and esp_now_set_peer_rate_config.
 */
#ifndef OBAMBU_ESPNOW_MODEM_H
#define OBAMBU_ESPNOW_MODEM_H

#include <stdint.h>

#include "radio.h"

#define ESPNOW_FIRST_CHANNEL 1u
#define ESPNOW_LAST_CHANNEL 13u /* 14 (2484 MHz) is Japan's and 802.11b only: left out */

typedef enum {
    ESPNOW_RATE_BAD = -1,     /* not a rate ESP-NOW has */
    ESPNOW_RATE_1M = 0,       /* 802.11b 1 Mbit/s, ESP-NOW's default */
    ESPNOW_RATE_LR_500K = 1,  /* Espressif's long-range mode, 500 kbit/s */
    ESPNOW_RATE_LR_250K = 2   /* long-range mode, 250 kbit/s */
} espnow_rate_t;

/* The 2.4 GHz channel whose centre is `freq_hz` (channel n at 2407 + 5n MHz, n 1..13); 0 when
 * the frequency is no channel's centre. */
uint8_t espnow_channel(uint32_t freq_hz);

/* The centre of channel `channel` in Hz; 0 for a channel outside 1..13. */
uint32_t espnow_channel_hz(uint8_t channel);

/* The PHY rate for the modem's bit_rate: under 1 Mbit/s means long-range mode. */
espnow_rate_t espnow_rate(uint32_t bit_rate);

/* Whether `m` is an ESP-NOW modem this port can set: kind, a channel centre, a known rate. */
int espnow_modem_ok(const radio_modem_t *m);

#endif
