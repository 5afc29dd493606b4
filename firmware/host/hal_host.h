/* The HAL of the host build: the CONFIG blob kept in memory (a fake flash), and the signing
 * hook handed in by the test (PyNaCl through ctypes), since the host has no libsodium. */
#ifndef OBAMBU_HAL_HOST_H
#define OBAMBU_HAL_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "hal.h"

typedef int (*host_sign_fn)(const uint8_t *seed, const uint8_t *msg, size_t len, uint8_t *sig);

typedef struct {
    uint8_t kv[CONFIG_SIZE];
    int kv_len;  /* -1: nothing stored */
    int kv_fail; /* a test's switch: the next saves fail, like worn-out flash */
    uint32_t saves;
    host_sign_fn sign;
    uint16_t battery_mv;
} hal_host_t;

/* Fills `hal` with hooks that work on `host`. The clock is the caller's: the host API passes
 * the time to every call, so clock_ms, uart_write and radio_send stay NULL. */
void hal_host_init(hal_host_t *host, relay_hal_t *hal);

#endif
