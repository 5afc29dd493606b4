/* The ESP-IDF implementation of hal.h: UART0 and UART1, the CONFIG blob in NVS, libsodium. */
#ifndef OBAMBU_HAL_ESPIDF_H
#define OBAMBU_HAL_ESPIDF_H

#include <stdint.h>

#include "hal.h"

/* UART1 must leave GPIO 9/10 (the flash): pick free pins of the board. */
#ifndef RELAY_UART1_TX_PIN
#define RELAY_UART1_TX_PIN 17
#endif
#ifndef RELAY_UART1_RX_PIN
#define RELAY_UART1_RX_PIN 16
#endif

/* Opens NVS partition "relaycfg", installs both UART drivers, starts libsodium. */
void hal_espidf_init(relay_hal_t *hal);

/* The device id: the factory MAC (what esptool's read_mac shows) in EUI-64 form, as
 * app/sync/relay.py device_id_from_mac computes it. */
void hal_espidf_device_id(uint8_t out[8]);

/* Applies the CONFIG record's baud rate to both UARTs. */
void hal_espidf_set_baud(uint32_t baud);

/* Bytes received on UART `port` (0 or 1) without waiting; 0 when none. */
int hal_espidf_uart_read(unsigned port, uint8_t *buf, size_t cap);

#endif
