/* The ESP-IDF implementation of hal.h: UART0 and UART1, the CONFIG blob in NVS, libsodium. */
#ifndef OBAMBU_HAL_ESPIDF_H
#define OBAMBU_HAL_ESPIDF_H

#include <stdint.h>

#include "hal.h"

/* Opens NVS partition "relaycfg", installs both UART drivers (UART1 on the board's free pins,
 * boards.c: never GPIO 6-11, the flash), starts libsodium. */
void hal_espidf_init(relay_hal_t *hal, int uart1_tx, int uart1_rx);

/* The device id: the factory MAC (what esptool's read_mac shows) in EUI-64 form, as
 * app/sync/relay.py device_id_from_mac computes it. */
void hal_espidf_device_id(uint8_t out[8]);

/* Applies the CONFIG record's baud rate to both UARTs. */
void hal_espidf_set_baud(uint32_t baud);

/* Bytes received on UART `port` (0 or 1) without waiting; 0 when none. */
int hal_espidf_uart_read(unsigned port, uint8_t *buf, size_t cap);

#endif
