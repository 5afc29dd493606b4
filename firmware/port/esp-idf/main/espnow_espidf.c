#include "espnow_espidf.h"

#include <string.h>

#include "esp_event.h"
#include "esp_idf_version.h"
#include "esp_netif.h"
#include "esp_now.h"
#include "esp_wifi.h"
#include "nvs_flash.h"

#include "espnow_modem.h"

static const uint8_t BROADCAST[ESP_NOW_ETH_ALEN] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

/* ESP-NOW's callbacks carry no context pointer: the one instance. */
static espnow_espidf_t *self;

static void wake(espnow_espidf_t *r)
{
    if (r->wake != NULL) {
        xTaskNotifyGive(r->wake);
    }
}

/* Both callbacks run in the Wi-Fi task: copy and leave, never block nor call the core. */
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 5, 0)
static void on_sent(const esp_now_send_info_t *info, esp_now_send_status_t status)
#else
static void on_sent(const uint8_t *mac, esp_now_send_status_t status)
#endif
{
    espnow_espidf_t *r = self;
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 5, 0)
    (void)info;
#else
    (void)mac;
#endif
    if (r == NULL) {
        return;
    }
    portENTER_CRITICAL(&r->lock);
    /* A broadcast has no ack, so "success" means it left the antenna; a failure is counted
     * and still ends the send: the mesh's NEEDs and resends repair what was lost. */
    if (status != ESP_NOW_SEND_SUCCESS) {
        r->send_failed++;
    }
    r->sent = 1;
    portEXIT_CRITICAL(&r->lock);
    wake(r);
}

static void on_received(const esp_now_recv_info_t *info, const uint8_t *data, int len)
{
    espnow_espidf_t *r = self;
    int16_t rssi = 0;

    if (r == NULL) {
        return;
    }
    if (info != NULL && info->rx_ctrl != NULL) {
        rssi = (int16_t)info->rx_ctrl->rssi;
    }
    portENTER_CRITICAL(&r->lock);
    (void)radio_ring_push(&r->ring, data, len, rssi, 0); /* bounds checked, drops counted */
    portEXIT_CRITICAL(&r->lock);
    wake(r);
}

static int espnow_send(void *ctx, const uint8_t *data, size_t len, uint32_t now_ms)
{
    espnow_espidf_t *r = ctx;

    if (r->sending || len == 0 || len > RADIO_MAX_PACKET) {
        return -1;
    }
    /* A callback of a send given up (TIMEOUT) that comes after this would end the new send
     * early: harmless, esp_now_send queues what follows. */
    portENTER_CRITICAL(&r->lock);
    r->sent = 0;
    portEXIT_CRITICAL(&r->lock);
    if (esp_now_send(BROADCAST, data, len) != ESP_OK) {
        return -1;
    }
    r->sending = 1;
    r->sent_ms = now_ms;
    return 0;
}

static int espnow_busy(void *ctx, uint32_t now_ms)
{
    (void)ctx;
    (void)now_ms;
    /* Never "busy" here: 802.11 listens before it talks in hardware (CSMA/CA: clear channel
     * assessment and a random back-off before every frame, LR mode included, per ESP-IDF's
     * Wi-Fi guide), so esp_now_send already waits for a quiet channel. */
    return 0;
}

static int espnow_poll(void *ctx, uint32_t now_ms, radio_event_t *ev)
{
    espnow_espidf_t *r = ctx;
    uint8_t done;
    int got;

    memset(ev, 0, sizeof *ev);
    portENTER_CRITICAL(&r->lock);
    done = r->sent;
    r->sent = 0;
    portEXIT_CRITICAL(&r->lock);
    if (r->sending && done) {
        r->sending = 0;
        ev->kind = RADIO_EV_TX_DONE;
        return 1;
    }
    if (r->sending && now_ms - r->sent_ms > ESPNOW_TX_TIMEOUT_MS) {
        r->sending = 0;
        r->timeouts++;
        ev->kind = RADIO_EV_TIMEOUT;
        return 1;
    }
    portENTER_CRITICAL(&r->lock);
    got = radio_ring_pop(&r->ring, ev); /* a struct copy: 256 bytes under the lock */
    portEXIT_CRITICAL(&r->lock);
    return got;
}

/* ESP-NOW's PHY rate for the modem: 1 Mbit/s 802.11b, or long range at 500/250 kbit/s. */
static wifi_phy_rate_t phy_rate(espnow_rate_t rate)
{
    switch (rate) {
    case ESPNOW_RATE_LR_500K:
        return WIFI_PHY_RATE_LORA_500K;
    case ESPNOW_RATE_LR_250K:
        return WIFI_PHY_RATE_LORA_250K;
    default:
        return WIFI_PHY_RATE_1M_L;
    }
}

static esp_err_t start_wifi(const radio_modem_t *m)
{
    const wifi_init_config_t config = WIFI_INIT_CONFIG_DEFAULT();
    espnow_rate_t rate = espnow_rate(m->bit_rate);
    uint8_t protocols = rate == ESPNOW_RATE_1M
                            ? (uint8_t)(WIFI_PROTOCOL_11B | WIFI_PROTOCOL_11G | WIFI_PROTOCOL_11N)
                            : (uint8_t)WIFI_PROTOCOL_LR; /* LR only: every relay speaks it */
    int quarter_dbm = m->power_dbm * 4; /* esp_wifi_set_max_tx_power's unit: 0.25 dBm, 8..84 */
    esp_err_t err;

    /* The Wi-Fi driver keeps its PHY calibration in the default NVS partition ("nvs"). */
    err = nvs_flash_init();
    if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
        err = nvs_flash_erase();
        if (err == ESP_OK) {
            err = nvs_flash_init();
        }
    }
    if (err != ESP_OK) {
        return err;
    }
    /* As ESP-IDF's ESP-NOW example: netif and the default event loop, which Wi-Fi posts to. */
    err = esp_netif_init();
    if (err != ESP_OK) {
        return err;
    }
    err = esp_event_loop_create_default();
    if (err != ESP_OK && err != ESP_ERR_INVALID_STATE) {
        return err;
    }
    /* The order of ESP-IDF's ESP-NOW example: start, then the channel, then the protocol. */
    if ((err = esp_wifi_init(&config)) != ESP_OK ||
        (err = esp_wifi_set_storage(WIFI_STORAGE_RAM)) != ESP_OK ||
        (err = esp_wifi_set_mode(WIFI_MODE_STA)) != ESP_OK || (err = esp_wifi_start()) != ESP_OK ||
        (err = esp_wifi_set_ps(WIFI_PS_NONE)) != ESP_OK || /* a relay always listens */
        (err = esp_wifi_set_channel(espnow_channel(m->freq_hz), WIFI_SECOND_CHAN_NONE)) !=
            ESP_OK ||
        (err = esp_wifi_set_protocol(WIFI_IF_STA, protocols)) != ESP_OK) {
        return err;
    }
    if (quarter_dbm < 8) {
        quarter_dbm = 8;
    }
    if (quarter_dbm > 84) {
        quarter_dbm = 84;
    }
    if ((err = esp_wifi_set_max_tx_power((int8_t)quarter_dbm)) != ESP_OK) {
        return err;
    }
    /* ESP-IDF 5.2 to 5.5 document this call for the ESP32 and ESP32-S3 (deprecated since 5.3
     * in favour of esp_now_set_peer_rate_config, which those guides give for the C6 only). */
    return esp_wifi_config_espnow_rate(WIFI_IF_STA, phy_rate(rate));
}

int espnow_espidf_open(espnow_espidf_t *r, const radio_modem_t *modem, TaskHandle_t wake_task)
{
    esp_now_peer_info_t peer;

    if (self != NULL || !espnow_modem_ok(modem)) {
        return -1;
    }
    memset(r, 0, sizeof *r);
    r->modem = *modem;
    r->wake = wake_task;
    radio_ring_init(&r->ring);
    portMUX_INITIALIZE(&r->lock);
    if (start_wifi(modem) != ESP_OK || esp_now_init() != ESP_OK) {
        return -1;
    }
    self = r;
    memset(&peer, 0, sizeof peer);
    memcpy(peer.peer_addr, BROADCAST, sizeof BROADCAST);
    peer.channel = 0; /* the station's current channel, set above */
    peer.ifidx = WIFI_IF_STA;
    peer.encrypt = false; /* ESP-NOW cannot encrypt broadcasts; objects are sealed anyway */
    if (esp_now_register_send_cb(on_sent) != ESP_OK ||
        esp_now_register_recv_cb(on_received) != ESP_OK || esp_now_add_peer(&peer) != ESP_OK) {
        self = NULL;
        (void)esp_now_deinit();
        return -1;
    }
    r->ops.ctx = r;
    r->ops.send = espnow_send;
    r->ops.busy = espnow_busy;
    r->ops.poll = espnow_poll;
    r->ops.modem = &r->modem;
    return 0;
}
