#include "boards.h"

#include <string.h>

#include "sx126x.h"

#ifdef ESP_PLATFORM
#include "sdkconfig.h"
#endif

#define NO BOARD_NO_PIN

/* Pin maps from the makers' schematics as Meshtastic carries them (github.com/meshtastic/
 * firmware, checked at commit 77540685: variants/esp32/tlora_v2_1_16/variant.h,
 * variants/esp32/heltec_v2/variant.h, variants/esp32s3/heltec_v3/variant.h, and the SPI
 * defaults SCK 5 / MISO 19 / MOSI 27 / CS 18 of src/platform/esp32/architecture.h for the two
 * ESP32 boards); Heltec V3's OLED pins (SDA 17, SCL 18, RST 21, Vext 36) are those of the
 * Arduino core's heltec_wifi_lora_32_V3 variant, which Meshtastic's variant names. Not
 * checked on hardware here. The TTGO v2.1's OLED has no reset line wired, and no Vext.
 *
 * UART1 (the second cable link) moves off 17/16 where those are taken: Heltec V2's OLED reset
 * is 16, so it uses 33/36 (Meshtastic's GPS pins on that board; 36 is input-only, fine for
 * RX); Heltec V3's OLED SDA is 17, so it uses 47/48 (free header pins on Heltec's pinout,
 * not checked). A DevKit on a WROVER module has PSRAM on 16/17: use a WROOM one. */
static const board_t BOARDS[BOARD_COUNT] = {
    [BOARD_TTGO_LORA32_V21] = {"ttgo_lora32_v21", "esp32", "ESP32", BOARD_LORA_SX127X,
                               5, 19, 27, 18, 23, 26, NO, 0, 21, 22, NO, NO, 0, 17, 16},
    [BOARD_HELTEC_V2] = {"heltec_v2", "esp32", "ESP32", BOARD_LORA_SX127X,
                         5, 19, 27, 18, 14, 26, NO, 0, 4, 15, 16, 21, 0, 33, 36},
    [BOARD_HELTEC_V3] = {"heltec_v3", "esp32s3", "ESP32-S3", BOARD_LORA_SX126X,
                         9, 11, 10, 8, 12, 14, 13,
                         SX126X_BOARD_DIO2_RF_SWITCH | SX126X_BOARD_TCXO_1V8,
                         17, 18, 21, 36, 0, 47, 48},
    /* A bare ESP32 DevKit: ESP-NOW only, no screen. */
    [BOARD_DEVKIT] = {"devkit", "esp32", "ESP32", BOARD_LORA_NONE,
                      NO, NO, NO, NO, NO, NO, NO, 0, NO, NO, NO, NO, 0, 17, 16},
};

const board_t *board_get(unsigned id)
{
    return id < BOARD_COUNT ? &BOARDS[id] : NULL;
}

const board_t *board_by_name(const char *name)
{
    for (unsigned id = 0; name != NULL && id < BOARD_COUNT; id++) {
        if (strcmp(BOARDS[id].name, name) == 0) {
            return &BOARDS[id];
        }
    }
    return NULL;
}

#ifdef ESP_PLATFORM
const board_t *board_current(void)
{
#if defined(CONFIG_OBAMBU_BOARD_TTGO_LORA32_V21)
    return &BOARDS[BOARD_TTGO_LORA32_V21];
#elif defined(CONFIG_OBAMBU_BOARD_HELTEC_V2)
    return &BOARDS[BOARD_HELTEC_V2];
#elif defined(CONFIG_OBAMBU_BOARD_HELTEC_V3)
    return &BOARDS[BOARD_HELTEC_V3];
#elif defined(CONFIG_OBAMBU_BOARD_DEVKIT)
    return &BOARDS[BOARD_DEVKIT];
#else
#error "no board chosen: main/Kconfig.projbuild's OBAMBU_BOARD"
#endif
}
#endif
