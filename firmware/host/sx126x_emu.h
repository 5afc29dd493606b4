/* A command-level SX126x for the host: opcodes and their parameters in, status and answers
 * out, BUSY high for a while after each command (a command sent while BUSY is high is lost, as
 * on the chip, and counted), and a clock the test moves. The test is the medium, as for
 * sx127x_emu.h. */
#ifndef OBAMBU_SX126X_EMU_H
#define OBAMBU_SX126X_EMU_H

#include <stddef.h>
#include <stdint.h>

#include "spi_hal.h"

typedef enum {
    SX126X_EMU_SLEEP = 0,
    SX126X_EMU_STANDBY = 1,
    SX126X_EMU_TX = 2,
    SX126X_EMU_RX = 3,
    SX126X_EMU_CAD = 4
} sx126x_emu_mode_t;

typedef struct {
    uint8_t mode;           /* sx126x_emu_mode_t */
    uint8_t packet_type;
    uint32_t rf_freq;       /* SetRfFrequency's argument */
    uint8_t modulation[4];  /* SF, BW, CR, LDRO */
    uint8_t packet[6];      /* preamble x2, header type, length, CRC, IQ */
    uint8_t pa[4];
    uint8_t tx_params[2];
    uint8_t tx_base, rx_base;
    uint8_t buffer[256];
    uint8_t registers[0x900]; /* 0x0000-0x08FF: version string, sync word, errata fixes */
    uint16_t irq;
    uint16_t irq_mask, dio1_mask;
    uint8_t rx_len, rx_start, rssi_pkt, snr_pkt;
    uint8_t dio2_rf_switch, tcxo;
    uint64_t now_us;
    uint64_t busy_until_us;
    uint32_t busy_us;       /* how long BUSY stays high after each command */
    uint64_t tx_start_us, tx_end_us, timeout_us, cad_end_us;
    uint8_t tx_timer;       /* SetTx carried a timeout */
    uint8_t stalled;        /* BUSY stuck high and TX never ends, until the next reset */
    uint8_t channel_busy;
    uint8_t tx_hang;        /* TX never ends by itself: only SetTx's timeout ends it */
    uint8_t in_reset;
    char version[16];
    uint8_t sent[256];
    uint8_t sent_len;
    uint32_t sent_count;
    uint32_t resets;
    uint32_t noise;         /* xorshift32 state: when not 0, every byte read back is noise */
    uint32_t spi_transfers; /* NSS falls */
    uint32_t spi_bytes;     /* bytes clocked, both ways at once */
    uint32_t lost_commands; /* sent while BUSY was high: a driver bug */
    uint32_t commands;
} sx126x_emu_t;

void sx126x_emu_init(sx126x_emu_t *e, const char *version);
void sx126x_emu_hal(sx126x_emu_t *e, spi_hal_t *hal);
void sx126x_emu_advance(sx126x_emu_t *e, uint64_t us);
/* `crc_ok` 1 good CRC, 0 bad. Returns 0 when the chip was receiving and took the packet. */
int sx126x_emu_inject(sx126x_emu_t *e, const uint8_t *data, size_t len, int rssi_dbm, int snr_db,
                      int crc_ok);

#endif
