/* The relay on an ESP32: one FreeRTOS task runs the core's loop. The core is single-threaded
 * and holds no locks, so everything touching `relay` happens here. */
#include <stdint.h>
#include <stdlib.h>

#include "esp_heap_caps.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#include "flash_espidf.h"
#include "hal_espidf.h"
#include "relay.h"

/* The queue arena comes from the heap: static DRAM on an ESP32 stops at about 160 KB and the
 * relay itself takes 106 KB of it. The budget in CONFIG is capped to this. */
#define ARENA_BYTES (72u * 1024u)
#define MAX_SLEEP_MS 10u /* UART bytes wait in the driver meanwhile (4 KB = 350 ms) */

static relay_t relay;
static flashlog_t queue_log; /* 8.4 KB: one record's scratch */
static uint8_t io[2048];

void app_main(void)
{
    relay_hal_t hal;
    flash_hal_t flash;
    uint8_t device[8];
    uint8_t *arena;

    hal_espidf_init(&hal);
    hal_espidf_device_id(device);
    arena = heap_caps_malloc(ARENA_BYTES, MALLOC_CAP_8BIT);
    if (arena == NULL) {
        abort();
    }
    relay_init(&relay, &hal, arena, ARENA_BYTES, device, hal.clock_ms(hal.ctx));
    /* The queue survives power cuts when the partition is there; otherwise it lives in RAM. */
    if (flash_espidf_queue(&flash) == 0) {
        (void)relay_attach_flash(&relay, &queue_log, &flash);
    }
    hal_espidf_set_baud(relay.config.baud);
    for (;;) {
        uint32_t now = hal.clock_ms(hal.ctx);
        uint32_t wait;
        for (unsigned port = 0; port < 2; port++) {
            int n;
            while ((n = hal_espidf_uart_read(port, io, sizeof io)) > 0) {
                relay_feed(&relay, port, io, (size_t)n, now);
            }
        }
        relay_pump(&relay, io, sizeof io);
        wait = relay_wake_in(&relay, hal.clock_ms(hal.ctx));
        if (wait > MAX_SLEEP_MS) {
            wait = MAX_SLEEP_MS;
        }
        vTaskDelay(pdMS_TO_TICKS(wait ? wait : 1));
    }
}
