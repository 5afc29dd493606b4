/* The ESP32's own Wi-Fi as a radio_ops_t (core/radio.h) through ESP-NOW: every board has it,
 * no extra chip. Wi-Fi runs as a station that never connects, on the channel of the modem's
 * frequency, in Espressif's long-range mode when the modem's bit rate is under 1 Mbit/s.
 * Every packet goes to the broadcast address: the mesh floods, and it filters by its network
 * tag, not by MAC.
 */
#ifndef OBAMBU_ESPNOW_ESPIDF_H
#define OBAMBU_ESPNOW_ESPIDF_H

#include <stdint.h>

#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#include "radio.h"
#include "radio_ring.h"

/* A send whose callback has not come after this long is given up (RADIO_EV_TIMEOUT): a
 * 250-byte packet at 250 kbit/s is on air for about 9.5 ms, and 802.11's back-off is short. */
#define ESPNOW_TX_TIMEOUT_MS 200u

typedef struct {
    radio_modem_t modem;
    radio_ops_t ops;          /* ops.ctx points back here */
    radio_ring_t ring;        /* filled by the Wi-Fi task, emptied by poll; under `lock` */
    portMUX_TYPE lock;
    TaskHandle_t wake;        /* the loop's task, notified when a packet or a TX_DONE comes */
    uint8_t sending;          /* a packet went to esp_now_send and its callback is due */
    uint8_t sent;             /* the callback came: TX_DONE is due; under `lock` */
    uint32_t sent_ms;
    uint32_t send_failed;     /* callbacks that said ESP_NOW_SEND_FAIL */
    uint32_t timeouts;
} espnow_espidf_t;

/* Starts Wi-Fi (station, not connected) and ESP-NOW for `modem` and fills r->ops. Returns 0,
 * or -1 when the modem is no ESP-NOW modem (core/espnow_modem.h) or Wi-Fi refused; only one
 * instance can exist (ESP-NOW's callbacks have no context argument). */
int espnow_espidf_open(espnow_espidf_t *r, const radio_modem_t *modem, TaskHandle_t wake);

#endif
