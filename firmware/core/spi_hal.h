/* What a LoRa chip driver needs from the board: one SPI device and three GPIO lines. The port
 * fills it (ESP-IDF's spi_device_polling_transmit, gpio_set_level/get_level, vTaskDelay); the
 * host fills it with a register-level emulator (firmware/host/sx127x_emu.c, sx126x_emu.c).
 * Every hook gets `ctx` back; a NULL hook means the line is not wired.
 */
#ifndef OBAMBU_SPI_HAL_H
#define OBAMBU_SPI_HAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct spi_hal {
    void *ctx;
    /* Clocks `len` bytes out of `tx` and into `rx` (either may be NULL: zeros out, bytes
     * dropped) with chip select held low from the first byte to the last, because both chips
     * end a burst or a command when NSS rises. Returns 0 on success. */
    int (*spi_transfer)(void *ctx, const uint8_t *tx, uint8_t *rx, size_t len);
    /* Drives the chip's NRESET line: 0 holds it in reset. */
    void (*gpio_reset)(void *ctx, int level);
    /* SX126x BUSY line: 1 while the chip cannot take a command (SX127x: NULL). */
    int (*gpio_busy)(void *ctx);
    /* Level of the interrupt line (SX127x DIO0, SX126x DIO1). */
    int (*gpio_dio)(void *ctx);
    /* Waits at least `ms` milliseconds. */
    void (*delay_ms)(void *ctx, uint32_t ms);
} spi_hal_t;

#endif
