/* What a port supplies for the queue's flash partition (flashlog.c).
 *
 * NOR semantics: program only turns bits 1 -> 0 (programming over programmed bytes ANDs them),
 * erase sets a whole sector back to 0xFF. Addresses are offsets in the partition. Each call
 * returns 0 on success, negative on failure; a failed call may have done part of its work, as a
 * power cut would, and the log is written so that recovery copes with that.
 */
#ifndef OBAMBU_FLASH_HAL_H
#define OBAMBU_FLASH_HAL_H

#include <stddef.h>
#include <stdint.h>

#define FLASH_SECTOR 4096u

typedef struct {
    void *ctx;
    int (*read)(void *ctx, uint32_t addr, uint8_t *buf, size_t len);
    int (*program)(void *ctx, uint32_t addr, const uint8_t *data, size_t len);
    int (*erase)(void *ctx, uint32_t sector);
    uint32_t size; /* partition bytes; only whole sectors are used */
} flash_hal_t;

#endif
