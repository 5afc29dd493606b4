#include "i2c_espidf.h"

#include <string.h>

#include "driver/gpio.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

static int i2c_write(void *ctx, uint8_t addr7, const uint8_t *data, size_t len)
{
    i2c_espidf_t *i2c = ctx;

    /* The device handle carries its address: a write to another one has nowhere to go. */
    if (addr7 != i2c->addr) {
        return -1;
    }
    return i2c_master_transmit(i2c->dev, data, len, I2C_ESPIDF_TIMEOUT_MS) == ESP_OK ? 0 : -1;
}

/* RES# low then high: the SSD1306 datasheet wants at least 3 us low; its power-on sequence
 * (ssd1306_init) follows once the line is back up. */
static int reset_screen(int pin)
{
    const gpio_config_t io = {
        .pin_bit_mask = 1ULL << pin,
        .mode = GPIO_MODE_OUTPUT,
        .pull_up_en = GPIO_PULLUP_DISABLE,
        .pull_down_en = GPIO_PULLDOWN_DISABLE,
        .intr_type = GPIO_INTR_DISABLE,
    };
    if (gpio_config(&io) != ESP_OK || gpio_set_level((gpio_num_t)pin, 0) != ESP_OK) {
        return -1;
    }
    vTaskDelay(pdMS_TO_TICKS(10) + 1);
    if (gpio_set_level((gpio_num_t)pin, 1) != ESP_OK) {
        return -1;
    }
    vTaskDelay(pdMS_TO_TICKS(10) + 1);
    return 0;
}

int i2c_espidf_open(i2c_espidf_t *i2c, const board_t *board, uint8_t addr7, i2c_hal_t *hal)
{
    i2c_master_bus_config_t bus = {
        .i2c_port = -1, /* any free controller */
        .sda_io_num = (gpio_num_t)board->sda,
        .scl_io_num = (gpio_num_t)board->scl,
        .clk_source = I2C_CLK_SRC_DEFAULT,
        .glitch_ignore_cnt = 7, /* the value ESP-IDF's header calls typical */
    };
    const i2c_device_config_t dev = {
        .dev_addr_length = I2C_ADDR_BIT_LEN_7,
        .device_address = addr7,
        .scl_speed_hz = I2C_ESPIDF_HZ,
    };

    if (board->sda == BOARD_NO_PIN || board->scl == BOARD_NO_PIN) {
        return -1;
    }
    if (board->oled_reset != BOARD_NO_PIN && reset_screen(board->oled_reset) != 0) {
        return -1;
    }
    /* The modules carry their own pull-ups; the weak internal ones only help a bare panel. */
    bus.flags.enable_internal_pullup = 1;
    memset(i2c, 0, sizeof *i2c);
    i2c->addr = addr7;
    if (i2c_new_master_bus(&bus, &i2c->bus) != ESP_OK) {
        return -1;
    }
    if (i2c_master_bus_add_device(i2c->bus, &dev, &i2c->dev) != ESP_OK) {
        (void)i2c_del_master_bus(i2c->bus);
        return -1;
    }
    hal->ctx = i2c;
    hal->write = i2c_write;
    return 0;
}
