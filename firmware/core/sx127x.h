/* Semtech SX1276/77/78/79 (TTGO LoRa32, Heltec V2) at register level over spi_hal.h, offered
 * to the mesh as a radio_ops_t. Register map and sequences: SX1276 datasheet rev. 7 §4.1 and
 * §6.4 (LoRa registers); the chip is always in LoRa mode, in RX continuous between sends.
 */
#ifndef OBAMBU_SX127X_H
#define OBAMBU_SX127X_H

#include <stdint.h>

#include "radio.h"
#include "spi_hal.h"

/* Registers (LoRa mode page). */
#define SX127X_REG_FIFO 0x00u
#define SX127X_REG_OP_MODE 0x01u
#define SX127X_REG_FRF_MSB 0x06u
#define SX127X_REG_FRF_MID 0x07u
#define SX127X_REG_FRF_LSB 0x08u
#define SX127X_REG_PA_CONFIG 0x09u
#define SX127X_REG_OCP 0x0Bu
#define SX127X_REG_LNA 0x0Cu
#define SX127X_REG_FIFO_ADDR_PTR 0x0Du
#define SX127X_REG_FIFO_TX_BASE 0x0Eu
#define SX127X_REG_FIFO_RX_BASE 0x0Fu
#define SX127X_REG_FIFO_RX_CURRENT 0x10u
#define SX127X_REG_IRQ_FLAGS_MASK 0x11u
#define SX127X_REG_IRQ_FLAGS 0x12u
#define SX127X_REG_RX_NB_BYTES 0x13u
#define SX127X_REG_PKT_SNR 0x19u
#define SX127X_REG_PKT_RSSI 0x1Au
#define SX127X_REG_HOP_CHANNEL 0x1Cu
#define SX127X_REG_MODEM_CONFIG1 0x1Du
#define SX127X_REG_MODEM_CONFIG2 0x1Eu
#define SX127X_REG_PREAMBLE_MSB 0x20u
#define SX127X_REG_PREAMBLE_LSB 0x21u
#define SX127X_REG_PAYLOAD_LENGTH 0x22u
#define SX127X_REG_MAX_PAYLOAD 0x23u
#define SX127X_REG_MODEM_CONFIG3 0x26u
#define SX127X_REG_HIGH_BW_OPTIMIZE1 0x36u /* errata 2.1: receiver at 500 kHz */
#define SX127X_REG_SYNC_WORD 0x39u
#define SX127X_REG_HIGH_BW_OPTIMIZE2 0x3Au
#define SX127X_REG_DIO_MAPPING1 0x40u
#define SX127X_REG_VERSION 0x42u
#define SX127X_REG_PA_DAC 0x4Du

/* RegOpMode */
#define SX127X_LONG_RANGE 0x80u
#define SX127X_MODE_MASK 0x07u
#define SX127X_MODE_SLEEP 0x00u
#define SX127X_MODE_STANDBY 0x01u
#define SX127X_MODE_TX 0x03u
#define SX127X_MODE_RX_CONTINUOUS 0x05u
#define SX127X_MODE_CAD 0x07u

/* RegIrqFlags (write 1 to clear) */
#define SX127X_IRQ_RX_TIMEOUT 0x80u
#define SX127X_IRQ_RX_DONE 0x40u
#define SX127X_IRQ_CRC_ERROR 0x20u
#define SX127X_IRQ_VALID_HEADER 0x10u
#define SX127X_IRQ_TX_DONE 0x08u
#define SX127X_IRQ_CAD_DONE 0x04u
#define SX127X_IRQ_CAD_DETECTED 0x01u

#define SX127X_HOP_CRC_ON_PAYLOAD 0x40u /* RegHopChannel: the packet's header said CRC on */
#define SX127X_VERSION 0x12u
#define SX127X_SYNC_WORD_PRIVATE 0x12u  /* not LoRaWAN's 0x34: public gateways ignore us */
#define SX127X_TX_MARGIN_MS 100u        /* beyond twice the airtime, a send has stalled */

typedef enum {
    SX127X_OK = 0,
    SX127X_NO_CHIP = -1,    /* RegVersion is not 0x12: wrong chip or no chip */
    SX127X_BAD_MODEM = -2,  /* a setting this chip cannot take */
    SX127X_SPI_FAILED = -3
} sx127x_status_t;

typedef enum { SX127X_IDLE = 0, SX127X_RECEIVING = 1, SX127X_SENDING = 2 } sx127x_state_t;

typedef struct {
    spi_hal_t hal;
    radio_modem_t modem;
    radio_ops_t ops;          /* what the mesh uses; ops.ctx points back here */
    uint8_t state;            /* sx127x_state_t */
    uint32_t tx_deadline_ms;  /* a TX_DONE must come before this, or the chip is reset */
    uint32_t resets;
    uint32_t crc_errors;
} sx127x_t;

/* Resets the chip, checks its version, sets modem `m` and starts receiving. Returns an
 * sx127x_status_t. The modem is not checked against a country here: radio_plan_check does. */
int sx127x_init(sx127x_t *r, const spi_hal_t *hal, const radio_modem_t *m);

/* The same operations as r->ops, for callers that hold the driver itself. */
int sx127x_send(void *ctx, const uint8_t *data, size_t len, uint32_t now_ms);
int sx127x_busy(void *ctx, uint32_t now_ms);
int sx127x_poll(void *ctx, uint32_t now_ms, radio_event_t *ev);

/* RegFrf for a frequency: f * 2^19 / 32 MHz, rounded to the nearest step (61 Hz). */
uint32_t sx127x_frf(uint32_t freq_hz);

#endif
