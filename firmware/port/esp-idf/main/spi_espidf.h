/* A LoRa chip's spi_hal_t (core/spi_hal.h) on an ESP32: one device on SPI2 with the driver
 * holding NSS for a whole transfer, NRESET/BUSY/DIO on GPIOs, and the DIO line's interrupt,
 * which only sets a flag and wakes the loop's task: the driver runs in the loop, never in
 * the interrupt. */
#ifndef OBAMBU_SPI_ESPIDF_H
#define OBAMBU_SPI_ESPIDF_H

#include <stdint.h>

#include "driver/spi_master.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#include "boards.h"
#include "spi_hal.h"

/* The longest transfer the drivers make: an SX126x READ_BUFFER of a whole packet (opcode,
 * offset, status, 250 bytes) is 253 bytes; rounded up to whole words for the DMA. */
#define SPI_ESPIDF_MAX 256u
#define SPI_ESPIDF_HZ 8000000 /* SX127x takes 10 MHz, SX126x 16 MHz: margin for the wiring */

typedef struct {
    spi_device_handle_t dev;
    int nreset, busy, dio;
    TaskHandle_t wake;       /* the loop's task, notified by the DIO interrupt */
    volatile uint32_t irqs;  /* DIO rising edges seen: a counter to look at when debugging */
    uint32_t tx[SPI_ESPIDF_MAX / 4u]; /* word-aligned bounce buffers: see spi_transfer */
    uint32_t rx[SPI_ESPIDF_MAX / 4u];
} spi_espidf_t;

/* Opens the bus and the device on the board's pins and fills `hal`; `wake` is the task to
 * notify on a DIO edge (NULL: none). Returns 0, or -1 when the board has no LoRa chip or the
 * driver refused (the relay then runs without this radio). */
int spi_espidf_open(spi_espidf_t *spi, const board_t *board, TaskHandle_t wake,
                    spi_hal_t *hal);

#endif
