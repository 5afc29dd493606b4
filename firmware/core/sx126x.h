/* Semtech SX1261/62/68 (Heltec V3, LilyGO T-Beam S3, RAK4631) at command level over
 * spi_hal.h, offered to the mesh as a radio_ops_t. Commands and their bytes: SX1261/2
 * datasheet rev. 2.1 §13; the chip sits in RX continuous between sends. Unlike the SX127x it
 * raises BUSY while it digests a command: every command waits for BUSY low first, and a wait
 * that does not end (bounded) counts as a stalled chip, which only the reset line brings back.
 */
#ifndef OBAMBU_SX126X_H
#define OBAMBU_SX126X_H

#include <stdint.h>

#include "radio.h"
#include "spi_hal.h"

/* Opcodes (§13.1 to §13.5). */
#define SX126X_CMD_SET_STANDBY 0x80u
#define SX126X_CMD_SET_RX 0x82u
#define SX126X_CMD_SET_TX 0x83u
#define SX126X_CMD_SET_RF_FREQUENCY 0x86u
#define SX126X_CMD_SET_CAD_PARAMS 0x88u
#define SX126X_CMD_CALIBRATE 0x89u
#define SX126X_CMD_SET_PACKET_TYPE 0x8Au
#define SX126X_CMD_SET_MODULATION_PARAMS 0x8Bu
#define SX126X_CMD_SET_PACKET_PARAMS 0x8Cu
#define SX126X_CMD_SET_TX_PARAMS 0x8Eu
#define SX126X_CMD_SET_BUFFER_BASE 0x8Fu
#define SX126X_CMD_SET_PA_CONFIG 0x95u
#define SX126X_CMD_SET_REGULATOR_MODE 0x96u
#define SX126X_CMD_SET_DIO3_AS_TCXO 0x97u
#define SX126X_CMD_CALIBRATE_IMAGE 0x98u
#define SX126X_CMD_SET_DIO2_AS_RF_SWITCH 0x9Du
#define SX126X_CMD_SET_CAD 0xC5u
#define SX126X_CMD_CLEAR_IRQ_STATUS 0x02u
#define SX126X_CMD_SET_DIO_IRQ_PARAMS 0x08u
#define SX126X_CMD_WRITE_REGISTER 0x0Du
#define SX126X_CMD_WRITE_BUFFER 0x0Eu
#define SX126X_CMD_GET_IRQ_STATUS 0x12u
#define SX126X_CMD_GET_RX_BUFFER_STATUS 0x13u
#define SX126X_CMD_GET_PACKET_STATUS 0x14u
#define SX126X_CMD_READ_REGISTER 0x1Du
#define SX126X_CMD_READ_BUFFER 0x1Eu

/* IRQ bits (§13.3.1). */
#define SX126X_IRQ_TX_DONE 0x0001u
#define SX126X_IRQ_RX_DONE 0x0002u
#define SX126X_IRQ_HEADER_VALID 0x0010u
#define SX126X_IRQ_HEADER_ERROR 0x0020u
#define SX126X_IRQ_CRC_ERROR 0x0040u
#define SX126X_IRQ_CAD_DONE 0x0080u
#define SX126X_IRQ_CAD_DETECTED 0x0100u
#define SX126X_IRQ_TIMEOUT 0x0200u
#define SX126X_IRQ_ALL 0x03FFu

/* Registers reached with READ/WRITE_REGISTER. The version string is not in the datasheet's
 * map; Semtech's and RadioLib's drivers read it to tell an SX126x from anything else. */
#define SX126X_REG_VERSION_STRING 0x0320u
#define SX126X_REG_SYNC_WORD 0x0740u
#define SX126X_REG_TX_MODULATION 0x0889u /* errata §15.1: bit 2 clear at 500 kHz only */
#define SX126X_REG_TX_CLAMP 0x08D8u      /* errata §15.2: bits 4:1 set against mismatch */

#define SX126X_BUSY_LIMIT_MS 20u   /* the longest BUSY (calibration, wake-up) is ~3.5 ms */
#define SX126X_TX_MARGIN_MS 100u
#define SX126X_MAX_POWER 22
#define SX126X_MIN_POWER (-9)

/* Board wiring, for sx126x_init's `board` argument. */
#define SX126X_BOARD_DIO2_RF_SWITCH 0x01u /* DIO2 drives the antenna switch (most modules) */
#define SX126X_BOARD_TCXO_1V8 0x02u       /* DIO3 powers a 1.8 V TCXO (Heltec V3, RAK4631) */

typedef enum {
    SX126X_OK = 0,
    SX126X_NO_CHIP = -1,   /* the version string does not start with "SX126" */
    SX126X_BAD_MODEM = -2, /* a setting this chip cannot take */
    SX126X_STALLED = -3    /* BUSY never fell, or the bus failed */
} sx126x_status_t;

typedef enum { SX126X_IDLE = 0, SX126X_RECEIVING = 1, SX126X_SENDING = 2 } sx126x_state_t;

typedef struct {
    spi_hal_t hal;
    radio_modem_t modem;
    radio_ops_t ops; /* ops.ctx points back here */
    uint8_t board;
    uint8_t state;   /* sx126x_state_t */
    uint8_t stuck;   /* a BUSY wait ran out: every command fails fast until the next reset */
    uint32_t tx_deadline_ms;
    uint32_t resets;
    uint32_t crc_errors;
} sx126x_t;

int sx126x_init(sx126x_t *r, const spi_hal_t *hal, const radio_modem_t *m, uint8_t board);
int sx126x_send(void *ctx, const uint8_t *data, size_t len, uint32_t now_ms);
int sx126x_busy(void *ctx, uint32_t now_ms);
int sx126x_poll(void *ctx, uint32_t now_ms, radio_event_t *ev);

/* SetRfFrequency's argument: f * 2^25 / 32 MHz, rounded (§13.4.1). */
uint32_t sx126x_rf_freq(uint32_t freq_hz);

#endif
