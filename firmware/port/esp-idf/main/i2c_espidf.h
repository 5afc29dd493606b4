/* The screen's i2c_hal_t (core/i2c_hal.h) over ESP-IDF's I2C master driver (driver/
 * i2c_master.h, ESP-IDF 5.2 and newer): one bus on the board's SDA/SCL and one device, the
 * SSD1306. */
#ifndef OBAMBU_I2C_ESPIDF_H
#define OBAMBU_I2C_ESPIDF_H

#include <stdint.h>

#include "driver/i2c_master.h"

#include "boards.h"
#include "i2c_hal.h"

#define I2C_ESPIDF_HZ 400000        /* the SSD1306's fast mode */
#define I2C_ESPIDF_TIMEOUT_MS 50    /* one write of 33 bytes takes under 1 ms at 400 kHz */

typedef struct {
    i2c_master_bus_handle_t bus;
    i2c_master_dev_handle_t dev;
    uint8_t addr;
} i2c_espidf_t;

/* Pulses the screen's reset line when the board has one, then opens the bus and the device
 * at `addr7` and fills `hal`. Returns 0, or -1 when the board has no screen or the driver
 * refused. The board's Vext rail must be on before (main.c). */
int i2c_espidf_open(i2c_espidf_t *i2c, const board_t *board, uint8_t addr7, i2c_hal_t *hal);

#endif
