/* What a port supplies for an I2C bus: one blocking write to a 7-bit address, a START, the
 * bytes, a STOP. The ESP-IDF glue is i2c_master_transmit() (or i2c_master_write_to_device()
 * on IDF 4); the host build captures the bytes into an emulated controller. */
#ifndef OBAMBU_I2C_HAL_H
#define OBAMBU_I2C_HAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    void *ctx;
    /* Writes `len` bytes to the device at `addr7`; returns 0 once the device acked them all. */
    int (*write)(void *ctx, uint8_t addr7, const uint8_t *data, size_t len);
} i2c_hal_t;

#endif
