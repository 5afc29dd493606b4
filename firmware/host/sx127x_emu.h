/* A register-level SX127x (LoRa mode) for the host: the driver's SPI bytes go in, register
 * reads come out, and a clock the test moves decides when a transmission ends. The "medium" is
 * the test: it injects packets (with RSSI, SNR, a good or bad CRC) and reads what was sent. */
#ifndef OBAMBU_SX127X_EMU_H
#define OBAMBU_SX127X_EMU_H

#include <stddef.h>
#include <stdint.h>

#include "spi_hal.h"

typedef struct {
    uint8_t reg[128];
    uint8_t fifo[256];
    uint8_t version;      /* what RegVersion reads after reset: 0x12, or a wrong chip */
    uint64_t now_us;
    uint64_t tx_end_us;   /* when the packet in the air is out, if tx_busy */
    uint64_t cad_end_us;
    uint8_t tx_busy;
    uint8_t cad_busy;
    uint8_t stalled;      /* TX never ends until the next reset */
    uint8_t channel_busy; /* CAD finds a preamble */
    uint8_t in_reset;
    uint8_t rx_write;     /* where the next received packet lands in the FIFO */
    uint8_t sent[256];
    uint8_t sent_len;
    uint32_t sent_count;
    uint32_t resets;
    uint32_t noise;         /* xorshift32 state: when not 0, every byte read back is noise */
    uint32_t spi_transfers; /* NSS falls */
    uint32_t spi_bytes;     /* bytes clocked, both ways at once */
    uint32_t mode_writes;
} sx127x_emu_t;

void sx127x_emu_init(sx127x_emu_t *e, uint8_t version);
/* The spi_hal_t whose hooks drive this emulator; delay_ms moves its clock. */
void sx127x_emu_hal(sx127x_emu_t *e, spi_hal_t *hal);
void sx127x_emu_advance(sx127x_emu_t *e, uint64_t us);
/* A packet arriving from the air; `crc_ok` 1 good CRC, 0 bad, -1 sent without one. Returns 0
 * when the chip was listening and took it, -1 otherwise. */
int sx127x_emu_inject(sx127x_emu_t *e, const uint8_t *data, size_t len, int rssi_dbm, int snr_db,
                      int crc_ok);

#endif
