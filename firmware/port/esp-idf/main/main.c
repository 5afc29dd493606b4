/* The relay on an ESP32: one FreeRTOS task runs the core's loop. The core is single-threaded
 * and holds no locks, so everything touching `relay` happens here; the radio's interrupt and
 * ESP-NOW's callbacks only fill buffers and wake this task.
 *
 * At boot: the board (chosen at build time, boards.c), the CONFIG's modem (config_modem,
 * checked against the country's plan), then the radio that modem asks for: a LoRa modem on a
 * board with that chip runs sx127x/sx126x over spi_espidf.c, an ESP-NOW modem runs on any
 * board (espnow_espidf.c); without a CONFIG, or with settings the plan refuses, the relay has
 * no radio and answers only its cables. A changed radio setting takes effect at the next boot.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "driver/gpio.h"
#include "esp_heap_caps.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#include "boards.h"
#include "config.h"
#include "espnow_espidf.h"
#include "flash_espidf.h"
#include "hal_espidf.h"
#include "i2c_espidf.h"
#include "mesh.h"
#include "radio_plan.h"
#include "relay.h"
#include "spi_espidf.h"
#include "ssd1306.h"
#include "sx126x.h"
#include "sx127x.h"

/* The queue's arena and the mesh come from the heap: on an ESP32 the linker caps static DRAM
 * at 0x2c200 bytes (176.5 KB, ESP-IDF's esp32 memory.ld), and relay_t alone takes 106 KB of
 * it. The radio takes its heap first (Wi-Fi's buffers, the mesh), the queue what is left, up
 * to CONFIG_OBAMBU_ARENA_KB; the CONFIG's budget is capped to what it got. */
#define ARENA_MAX ((size_t)CONFIG_OBAMBU_ARENA_KB * 1024u)
#define ARENA_MIN (16u * 1024u)
#define MAX_SLEEP_MS 10u /* UART bytes wait in the driver meanwhile (4 KB = 350 ms) */
#define HOUR_MS 3600000u /* ETSI's duty-cycle window */

static relay_t relay;
static flashlog_t queue_log; /* 8.4 KB: one record's scratch */
static uint8_t io[2048];
static spi_espidf_t spi;
static sx127x_t sx127x;
static sx126x_t sx126x;
static espnow_espidf_t espnow;
static i2c_espidf_t i2c;
static ssd1306_t screen;

/* The CONFIG the relay will load, read ahead so the radio can claim its heap first; the same
 * rule as relay_init (a record of another board does not count). */
static int stored_config(const relay_hal_t *hal, const uint8_t device[8], config_t *out)
{
    uint8_t record[CONFIG_SIZE];
    int len = hal->kv_load(hal->ctx, record, sizeof record);

    if (len != (int)CONFIG_SIZE || config_parse(record, CONFIG_SIZE, out) != CONFIG_OK ||
        memcmp(out->device, device, 8) != 0) {
        return -1;
    }
    return 0;
}

/* The duty cycle the CONFIG's country sets for the modem's band (config_modem already found
 * the modem allowed there, with the same antenna gain). */
static uint16_t duty_permille(const config_t *config, const radio_modem_t *m)
{
    const char country[3] = {config->country[0], config->country[1], '\0'};
    radio_plan_verdict_t verdict;

    if (radio_plan_check(country, m, CONFIG_ANTENNA_DBI, &verdict) != RADIO_PLAN_OK) {
        return 0; /* cannot be after config_modem's yes; 0 would keep the radio silent */
    }
    return verdict.duty_permille;
}

/* The radio the modem asks for on this board, or NULL (no radio: cables only). */
static const radio_ops_t *open_radio(const board_t *board, const radio_modem_t *m)
{
    TaskHandle_t me = xTaskGetCurrentTaskHandle();
    spi_hal_t bus;

    if (m->kind == RADIO_ESPNOW) {
        return espnow_espidf_open(&espnow, m, me) == 0 ? &espnow.ops : NULL;
    }
    if (m->kind != RADIO_LORA || spi_espidf_open(&spi, board, me, &bus) != 0) {
        return NULL;
    }
    if (board->lora == BOARD_LORA_SX127X) {
        return sx127x_init(&sx127x, &bus, m) == SX127X_OK ? &sx127x.ops : NULL;
    }
    return sx126x_init(&sx126x, &bus, m, board->sx126x_flags) == SX126X_OK ? &sx126x.ops
                                                                           : NULL;
}

/* Heltec's Vext rail feeds the screen and the LoRa front end: on before either is touched. */
static void power_on(const board_t *board)
{
    const gpio_config_t io_conf = {
        .pin_bit_mask = 1ULL << board->vext,
        .mode = GPIO_MODE_OUTPUT,
        .pull_up_en = GPIO_PULLUP_DISABLE,
        .pull_down_en = GPIO_PULLDOWN_DISABLE,
        .intr_type = GPIO_INTR_DISABLE,
    };
    if (board->vext == BOARD_NO_PIN) {
        return;
    }
    if (gpio_config(&io_conf) == ESP_OK && gpio_set_level((gpio_num_t)board->vext,
                                                          board->vext_on) == ESP_OK) {
        vTaskDelay(pdMS_TO_TICKS(50) + 1); /* the rail and the OLED's charge pump settle */
    }
}

static uint8_t *take_arena(size_t *size)
{
    for (*size = ARENA_MAX; *size >= ARENA_MIN; *size /= 2u) {
        uint8_t *arena = heap_caps_malloc(*size, MALLOC_CAP_8BIT);
        if (arena != NULL) {
            return arena;
        }
    }
    return NULL;
}

void app_main(void)
{
    const board_t *board = board_current();
    relay_hal_t hal;
    flash_hal_t flash;
    config_t config;
    radio_modem_t modem;
    const radio_ops_t *radio = NULL;
    mesh_t *mesh = NULL;
    uint8_t device[8];
    uint8_t *arena;
    size_t arena_size;
    int has_screen = 0;
    uint32_t shown = 0;

    hal_espidf_init(&hal, board->uart1_tx, board->uart1_rx);
    hal_espidf_device_id(device);
    power_on(board);
    /* The radio first: Wi-Fi's buffers and the mesh's 36 KB before the queue's arena. */
    if (stored_config(&hal, device, &config) == 0 && config_modem(&config, &modem) == 0) {
        mesh = heap_caps_malloc(sizeof *mesh, MALLOC_CAP_8BIT);
        radio = mesh != NULL ? open_radio(board, &modem) : NULL;
        if (radio == NULL && mesh != NULL) {
            heap_caps_free(mesh); /* no radio after all: the queue may have the room */
            mesh = NULL;
        }
    }
    arena = take_arena(&arena_size);
    if (arena == NULL) {
        abort();
    }
    relay_init(&relay, &hal, arena, arena_size, device, hal.clock_ms(hal.ctx));
    /* The queue survives power cuts when the partition is there; otherwise it lives in RAM. */
    if (flash_espidf_queue(&flash) == 0) {
        (void)relay_attach_flash(&relay, &queue_log, &flash);
    }
    if (radio != NULL) {
        const uint16_t permille = duty_permille(&config, radio->modem);
        const mesh_params_t params = {
            .window_ms = HOUR_MS,
            .permille = permille,
            /* Under a 1 % duty cycle an object's fragments may be minutes apart. */
            .reassembly_ms = permille < RADIO_PLAN_NO_DUTY_CYCLE ? 2u * HOUR_MS : 60000u,
            .slot_ms = 0, /* one full packet's time on air */
        };
        uint32_t seed = ((uint32_t)device[4] << 24) | ((uint32_t)device[5] << 16) |
                        ((uint32_t)device[6] << 8) | device[7];
        (void)relay_attach_radio(&relay, mesh, radio, &params, seed ^ hal.clock_ms(hal.ctx));
    }
    if (board->sda != BOARD_NO_PIN) {
        i2c_hal_t bus;
        if (i2c_espidf_open(&i2c, board, SSD1306_ADDR, &bus) == 0) {
            ssd1306_setup(&screen, &bus, SSD1306_ADDR);
            has_screen = ssd1306_init(&screen) == 0;
            if (has_screen) {
                (void)ssd1306_show(&screen, &relay);
                shown = relay.display.changes;
            }
        }
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
        /* DISPLAY_PUT moved the change count: redraw once (some 25 ms of I2C at 400 kHz). */
        if (has_screen && relay.display.changes != shown) {
            shown = relay.display.changes;
            (void)ssd1306_show(&screen, &relay);
        }
        wait = relay_wake_in(&relay, hal.clock_ms(hal.ctx));
        if (wait > MAX_SLEEP_MS) {
            wait = MAX_SLEEP_MS;
        }
        /* Sleeps until the radio's interrupt or callback notifies this task, or the timer. */
        (void)ulTaskNotifyTake(pdTRUE, pdMS_TO_TICKS(wait ? wait : 1));
    }
}
