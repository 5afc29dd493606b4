/* What a port supplies to the core: a table of hooks, so the core has no link-time
 * dependencies and a host test can swap any of them. Every hook gets `ctx` back.
 *
 * The core itself calls only kv_load/kv_save (the CONFIG blob), ed25519_sign (GET_REPORT)
 * and battery_mv (STATUS); clock_ms, uart_write and radio_send serve relay_pump(), the loop
 * helper a port may use. A NULL hook means "not available here".
 */
#ifndef OBAMBU_HAL_H
#define OBAMBU_HAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct relay_hal {
    void *ctx;
    /* Milliseconds from any origin; wrapping at 2**32 is fine. */
    uint32_t (*clock_ms)(void *ctx);
    /* Writes all of `data` to UART `port` (0 or 1); returns 0 on success. */
    int (*uart_write)(void *ctx, unsigned port, const uint8_t *data, size_t len);
    /* Sends one radio packet (one link frame, at most 252 bytes); returns 0 on success. */
    int (*radio_send)(void *ctx, const uint8_t *data, size_t len);
    /* Reads the stored CONFIG blob into `buf`; returns its length, or -1 when there is none. */
    int (*kv_load)(void *ctx, uint8_t *buf, size_t cap);
    /* Stores the CONFIG blob durably; returns 0 once it is committed. */
    int (*kv_save)(void *ctx, const uint8_t *data, size_t len);
    /* Ed25519 signature of `msg` by the key of `seed`; returns 0 on success. */
    int (*ed25519_sign)(void *ctx, const uint8_t seed[32], const uint8_t *msg, size_t len,
                        uint8_t sig[64]);
    /* Battery voltage in millivolts, 0 on mains power. */
    uint16_t (*battery_mv)(void *ctx);
} relay_hal_t;

#endif
