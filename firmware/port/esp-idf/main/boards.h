/* The boards this image is built for, as data: which radio chip sits on which pins, and where
 * the screen is. One is chosen at build time (Kconfig "Obambu relay" > "Board", main/
 * Kconfig.projbuild; each sdkconfig.board.* picks one). No ESP-IDF header here: the table
 * compiles and is tested on the host too (tests/test_espidf_port.py).
 */
#ifndef OBAMBU_BOARDS_H
#define OBAMBU_BOARDS_H

#include <stdint.h>

#define BOARD_NO_PIN (-1)

typedef enum {
    BOARD_TTGO_LORA32_V21 = 0,
    BOARD_HELTEC_V2 = 1,
    BOARD_HELTEC_V3 = 2,
    BOARD_DEVKIT = 3,
    BOARD_COUNT = 4
} board_id_t;

typedef enum { BOARD_LORA_NONE = 0, BOARD_LORA_SX127X = 1, BOARD_LORA_SX126X = 2 } board_lora_t;

typedef struct {
    const char *name;   /* as in sdkconfig.board.<name> and build-release.sh */
    const char *target; /* idf.py set-target */
    const char *chip;   /* `obambu pack build --chip` */
    uint8_t lora;       /* board_lora_t; every board also has ESP-NOW */
    int8_t sck, miso, mosi, nss, nreset;
    int8_t dio;         /* SX127x DIO0 or SX126x DIO1: the chip's interrupt line */
    int8_t busy;        /* SX126x BUSY */
    uint8_t sx126x_flags; /* sx126x_init's `board` argument */
    int8_t sda, scl;    /* the SSD1306's I2C bus; BOARD_NO_PIN: no screen */
    int8_t oled_reset;  /* the SSD1306's RES#, active low */
    int8_t vext;        /* the switched 3.3 V rail (screen, and the LoRa front end on Heltec) */
    uint8_t vext_on;    /* level that powers it: Heltec's is active low */
    int8_t uart1_tx, uart1_rx; /* the second cable link: pins the radio and screen leave free */
} board_t;

/* The board `id`, NULL past BOARD_COUNT. */
const board_t *board_get(unsigned id);

/* The board called `name`, NULL if none. */
const board_t *board_by_name(const char *name);

/* The board this image was configured for (ESP-IDF builds only: CONFIG_OBAMBU_BOARD_*). */
const board_t *board_current(void);

#endif
