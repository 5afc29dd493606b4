#include "spi_espidf.h"

#include <string.h>

#include "driver/gpio.h"
#include "esp_attr.h"

static int spi_transfer(void *ctx, const uint8_t *tx, uint8_t *rx, size_t len)
{
    spi_espidf_t *spi = ctx;
    spi_transaction_t t;

    if (len == 0) {
        return 0;
    }
    if (len > SPI_ESPIDF_MAX) {
        return -1;
    }
    /* One transaction: the driver holds NSS (spics_io_num) low from the first byte to the
     * last, as spi_hal.h requires. The bounce buffers are word-aligned, in internal RAM and
     * longer than any transfer, so a DMA that writes whole words never runs past the
     * caller's `rx` (where a chip's driver still wants an aligned length it copies on its
     * own); a NULL `tx` clocks zeros out, as spi_hal.h says. */
    if (tx != NULL) {
        memcpy(spi->tx, tx, len);
    } else {
        memset(spi->tx, 0, len);
    }
    memset(&t, 0, sizeof t);
    t.length = len * 8u;
    t.tx_buffer = spi->tx;
    t.rx_buffer = spi->rx;
    if (spi_device_polling_transmit(spi->dev, &t) != ESP_OK) {
        return -1;
    }
    if (rx != NULL) {
        memcpy(rx, spi->rx, len);
    }
    return 0;
}

static void gpio_reset(void *ctx, int level)
{
    spi_espidf_t *spi = ctx;
    gpio_set_level((gpio_num_t)spi->nreset, level ? 1u : 0u);
}

static int gpio_busy(void *ctx)
{
    spi_espidf_t *spi = ctx;
    return gpio_get_level((gpio_num_t)spi->busy);
}

static int gpio_dio(void *ctx)
{
    spi_espidf_t *spi = ctx;
    return gpio_get_level((gpio_num_t)spi->dio);
}

static void delay_ms(void *ctx, uint32_t ms)
{
    (void)ctx;
    /* vTaskDelay(n) may return up to one tick early (it counts tick edges): one more tick
     * makes it "at least", which the chips' reset and wake-up timings need. */
    vTaskDelay(pdMS_TO_TICKS(ms) + 1);
}

/* In the interrupt: count the edge and wake the loop, nothing else (no SPI, no driver). */
static void IRAM_ATTR dio_isr(void *arg)
{
    spi_espidf_t *spi = arg;
    BaseType_t woken = pdFALSE;

    spi->irqs++;
    if (spi->wake != NULL) {
        vTaskNotifyGiveFromISR(spi->wake, &woken);
    }
    portYIELD_FROM_ISR(woken);
}

static int output(int pin, uint32_t level)
{
    const gpio_config_t io = {
        .pin_bit_mask = 1ULL << pin,
        .mode = GPIO_MODE_OUTPUT,
        .pull_up_en = GPIO_PULLUP_DISABLE,
        .pull_down_en = GPIO_PULLDOWN_DISABLE,
        .intr_type = GPIO_INTR_DISABLE,
    };
    if (gpio_config(&io) != ESP_OK) {
        return -1;
    }
    return gpio_set_level((gpio_num_t)pin, level) == ESP_OK ? 0 : -1;
}

static int input(int pin, gpio_int_type_t edge)
{
    const gpio_config_t io = {
        .pin_bit_mask = 1ULL << pin,
        .mode = GPIO_MODE_INPUT,
        .pull_up_en = GPIO_PULLUP_DISABLE,
        .pull_down_en = GPIO_PULLDOWN_DISABLE,
        .intr_type = edge,
    };
    return gpio_config(&io) == ESP_OK ? 0 : -1;
}

int spi_espidf_open(spi_espidf_t *spi, const board_t *board, TaskHandle_t wake,
                    spi_hal_t *hal)
{
    const spi_bus_config_t bus = {
        .mosi_io_num = board->mosi,
        .miso_io_num = board->miso,
        .sclk_io_num = board->sck,
        .quadwp_io_num = -1,
        .quadhd_io_num = -1,
        .max_transfer_sz = SPI_ESPIDF_MAX,
    };
    const spi_device_interface_config_t dev = {
        .mode = 0, /* both chips: CPOL 0, CPHA 0 */
        .clock_speed_hz = SPI_ESPIDF_HZ,
        .spics_io_num = board->nss,
        .queue_size = 1,
    };
    esp_err_t err;

    if (board->lora == BOARD_LORA_NONE) {
        return -1;
    }
    memset(spi, 0, sizeof *spi);
    spi->nreset = board->nreset;
    spi->busy = board->busy;
    spi->dio = board->dio;
    spi->wake = wake;
    if (spi_bus_initialize(SPI2_HOST, &bus, SPI_DMA_CH_AUTO) != ESP_OK ||
        spi_bus_add_device(SPI2_HOST, &dev, &spi->dev) != ESP_OK) {
        return -1;
    }
    /* NRESET high: the chip runs; the driver pulses it low itself at init. */
    if (output(spi->nreset, 1) != 0 || input(spi->dio, GPIO_INTR_POSEDGE) != 0) {
        return -1;
    }
    if (spi->busy != BOARD_NO_PIN && input(spi->busy, GPIO_INTR_DISABLE) != 0) {
        return -1;
    }
    /* The shared GPIO interrupt service; another module may have installed it already. */
    err = gpio_install_isr_service(0);
    if (err != ESP_OK && err != ESP_ERR_INVALID_STATE) {
        return -1;
    }
    if (gpio_isr_handler_add((gpio_num_t)spi->dio, dio_isr, spi) != ESP_OK) {
        return -1;
    }
    memset(hal, 0, sizeof *hal);
    hal->ctx = spi;
    hal->spi_transfer = spi_transfer;
    hal->gpio_reset = gpio_reset;
    hal->gpio_busy = spi->busy != BOARD_NO_PIN ? gpio_busy : NULL;
    hal->gpio_dio = gpio_dio;
    hal->delay_ms = delay_ms;
    return 0;
}
