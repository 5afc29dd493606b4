#include "hal_espidf.h"

#include <stdlib.h>
#include <string.h>

#include "driver/uart.h"
#include "esp_mac.h"
#include "esp_timer.h"
#include "nvs.h"
#include "nvs_flash.h"
#include "sodium.h"

#define CFG_PARTITION "relaycfg"
#define CFG_NAMESPACE "relay"
#define CFG_KEY "config"
#define UART_BUFFER 4096 /* 350 ms at 115,200 baud: the main loop comes back long before */

static const uart_port_t PORTS[2] = {UART_NUM_0, UART_NUM_1};

static uint32_t clock_ms(void *ctx)
{
    (void)ctx;
    return (uint32_t)(esp_timer_get_time() / 1000);
}

static int uart_write(void *ctx, unsigned port, const uint8_t *data, size_t len)
{
    (void)ctx;
    if (port > 1) {
        return -1;
    }
    return uart_write_bytes(PORTS[port], data, len) == (int)len ? 0 : -1;
}

static int kv_load(void *ctx, uint8_t *buf, size_t cap)
{
    nvs_handle_t handle;
    size_t len = cap;
    esp_err_t err;

    (void)ctx;
    if (nvs_open_from_partition(CFG_PARTITION, CFG_NAMESPACE, NVS_READONLY, &handle) != ESP_OK) {
        return -1; /* no namespace yet: a relay never configured */
    }
    err = nvs_get_blob(handle, CFG_KEY, buf, &len);
    nvs_close(handle);
    return err == ESP_OK ? (int)len : -1;
}

static int kv_save(void *ctx, const uint8_t *data, size_t len)
{
    nvs_handle_t handle;
    esp_err_t err;

    (void)ctx;
    if (nvs_open_from_partition(CFG_PARTITION, CFG_NAMESPACE, NVS_READWRITE, &handle) != ESP_OK) {
        return -1;
    }
    err = nvs_set_blob(handle, CFG_KEY, data, len);
    if (err == ESP_OK) {
        err = nvs_commit(handle); /* SET_RESULT says "stored" only once it is on flash */
    }
    nvs_close(handle);
    return err == ESP_OK ? 0 : -1;
}

static int sign(void *ctx, const uint8_t seed[32], const uint8_t *msg, size_t len,
                uint8_t sig[64])
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    int rc;

    (void)ctx;
    rc = crypto_sign_seed_keypair(pk, sk, seed);
    if (rc == 0) {
        rc = crypto_sign_detached(sig, NULL, msg, len, sk);
    }
    sodium_memzero(sk, sizeof sk);
    return rc;
}

static void open_config_partition(void)
{
    esp_err_t err = nvs_flash_init_partition(CFG_PARTITION);
    if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
        /* A partition NVS cannot use: start blank (the relay comes up unconfigured). */
        ESP_ERROR_CHECK(nvs_flash_erase_partition(CFG_PARTITION));
        err = nvs_flash_init_partition(CFG_PARTITION);
    }
    ESP_ERROR_CHECK(err);
}

static void open_uart(unsigned port, int tx, int rx)
{
    const uart_config_t config = {
        .baud_rate = 115200,
        .data_bits = UART_DATA_8_BITS,
        .parity = UART_PARITY_DISABLE,
        .stop_bits = UART_STOP_BITS_1,
        .flow_ctrl = UART_HW_FLOWCTRL_DISABLE,
        .source_clk = UART_SCLK_DEFAULT,
    };
    ESP_ERROR_CHECK(uart_driver_install(PORTS[port], UART_BUFFER, UART_BUFFER, 0, NULL, 0));
    ESP_ERROR_CHECK(uart_param_config(PORTS[port], &config));
    ESP_ERROR_CHECK(uart_set_pin(PORTS[port], tx, rx, UART_PIN_NO_CHANGE, UART_PIN_NO_CHANGE));
}

void hal_espidf_init(relay_hal_t *hal, int uart1_tx, int uart1_rx)
{
    open_config_partition();
    open_uart(0, UART_PIN_NO_CHANGE, UART_PIN_NO_CHANGE); /* UART0 keeps the USB bridge pins */
    open_uart(1, uart1_tx, uart1_rx);
    if (sodium_init() < 0) {
        abort();
    }
    memset(hal, 0, sizeof *hal);
    hal->clock_ms = clock_ms;
    hal->uart_write = uart_write;
    /* No radio_send: the radio goes through a radio_ops_t and the mesh (main.c). */
    hal->radio_send = NULL;
    hal->kv_load = kv_load;
    hal->kv_save = kv_save;
    hal->ed25519_sign = sign;
    hal->battery_mv = NULL; /* mains-powered board: STATUS says 0; wire an ADC divider here */
}

void hal_espidf_device_id(uint8_t out[8])
{
    uint8_t mac[6];
    ESP_ERROR_CHECK(esp_efuse_mac_get_default(mac));
    memcpy(out, mac, 3);
    out[3] = 0xFF;
    out[4] = 0xFE;
    memcpy(out + 5, mac + 3, 3);
}

void hal_espidf_set_baud(uint32_t baud)
{
    if (baud < 1200 || baud > 2000000) {
        return; /* a record from a newer app, or damaged: keep the boot rate */
    }
    for (unsigned port = 0; port < 2; port++) {
        uart_set_baudrate(PORTS[port], baud);
    }
}

int hal_espidf_uart_read(unsigned port, uint8_t *buf, size_t cap)
{
    int n = uart_read_bytes(PORTS[port], buf, (uint32_t)cap, 0);
    return n > 0 ? n : 0;
}
