/* ctypes entry points for the LoRa drivers against their emulators (tests/test_radio_drivers.py).
 * One radio_host_t holds a driver and the emulated chip under it, an SX127x or an SX126x; the
 * test is the medium and the clock. radio_airtime_us and radio_plan_* are called directly. */
#ifndef OBAMBU_RADIO_HOST_API_H
#define OBAMBU_RADIO_HOST_API_H

#include <stddef.h>
#include <stdint.h>

#include "radio.h"
#include "sx126x.h"
#include "sx126x_emu.h"
#include "sx127x.h"
#include "sx127x_emu.h"

#define RADIO_HOST_SX127X 0x127u
#define RADIO_HOST_SX126X 0x126u

typedef struct {
    unsigned chip;
    radio_ops_t *ops;
    sx127x_emu_t emu127;
    sx127x_t drv127;
    sx126x_emu_t emu126;
    sx126x_t drv126;
} radio_host_t;

/* What radio_host_sx126x_field reads from the emulated SX126x. */
typedef enum {
    RADIO_HOST_126_MODE = 0,
    RADIO_HOST_126_PACKET_TYPE = 1,
    RADIO_HOST_126_RF_FREQ = 2,
    RADIO_HOST_126_MODULATION = 3, /* 3..6: SF, BW, CR, LDRO */
    RADIO_HOST_126_PACKET = 7,     /* 7..12: preamble x2, header, length, CRC, IQ */
    RADIO_HOST_126_PA = 13,        /* 13..16 */
    RADIO_HOST_126_TX_PARAMS = 17, /* 17..18 */
    RADIO_HOST_126_LOST = 19,      /* commands sent while BUSY was high */
    RADIO_HOST_126_DIO2 = 20,
    RADIO_HOST_126_TCXO = 21,
    RADIO_HOST_126_SYNC = 22,      /* 22..23 */
    RADIO_HOST_126_DIO1_MASK = 24,
    RADIO_HOST_126_TX_START = 25,  /* emulator clock, us, when SetTx came */
    RADIO_HOST_126_REGISTER = 0x1000 /* + address: a register, 0x0000-0x08FF */
} radio_host_126_field_t;

size_t radio_host_size(void);
/* `chip` RADIO_HOST_SX127X (the emulated chip answers `version` in RegVersion) or
 * RADIO_HOST_SX126X (it answers `version_string`, wired as `board`). Returns the driver's init
 * status (0 ready), or -100 when `mem` is too small or misaligned. */
int radio_host_init(void *mem, size_t size, unsigned chip, unsigned version,
                    const char *version_string, unsigned board, const radio_modem_t *m);
int radio_host_send(radio_host_t *h, const uint8_t *data, size_t len, uint32_t now_ms);
int radio_host_busy(radio_host_t *h, uint32_t now_ms);
int radio_host_poll(radio_host_t *h, uint32_t now_ms, radio_event_t *ev);
void radio_host_advance_us(radio_host_t *h, uint64_t us);
uint64_t radio_host_now_us(const radio_host_t *h);
int radio_host_inject(radio_host_t *h, const uint8_t *data, size_t len, int rssi, int snr,
                      int crc_ok);
void radio_host_set_stalled(radio_host_t *h, int on);
void radio_host_set_channel_busy(radio_host_t *h, int on);
/* From now on every byte the chip answers is noise from `seed` (0: the chip answers again). */
void radio_host_set_noise(radio_host_t *h, uint32_t seed);
/* SX126x: TX never ends on its own, so only SetTx's timeout ends it. */
void radio_host_set_tx_hang(radio_host_t *h, int on);
int radio_host_reg(const radio_host_t *h, unsigned addr);
int64_t radio_host_sx126x_field(const radio_host_t *h, unsigned field);
size_t radio_host_sent(const radio_host_t *h, uint8_t *out, size_t cap);
uint32_t radio_host_sent_count(const radio_host_t *h);
uint64_t radio_host_tx_end_us(const radio_host_t *h);
int radio_host_dio(radio_host_t *h);
uint32_t radio_host_resets(const radio_host_t *h);
/* SPI bytes clocked so far; `transfers` gets the number of transfers (NSS low periods). */
uint32_t radio_host_spi(const radio_host_t *h, uint32_t *transfers);

#endif
