/* The sequences follow the datasheet's §4.1.6 (LoRa modes): LongRangeMode can change only in
 * sleep, registers are written in standby, the FIFO is filled from RegFifoTxBaseAddr before TX,
 * and a packet is read from RegFifoRxCurrentAddr after RxDone. Everything read back from the
 * chip is bounded before use: a failing chip or a noisy bus must not overrun the event. */
#include "sx127x.h"

#include <string.h>

#include "radio_airtime.h"

#define RSSI_BASE_HF (-157) /* §5.5.5: RF_HF port, above 779 MHz */
#define RSSI_BASE_LF (-164) /* RF_LF port, 433 MHz boards */
#define HF_FROM_HZ 779000000u

static int write_regs(sx127x_t *r, uint8_t reg, const uint8_t *data, size_t len)
{
    uint8_t tx[1 + 256];

    if (len > 256) {
        return -1;
    }
    tx[0] = (uint8_t)(reg | 0x80u); /* wnr bit: write */
    memcpy(tx + 1, data, len);
    return r->hal.spi_transfer(r->hal.ctx, tx, NULL, len + 1);
}

static int write_reg(sx127x_t *r, uint8_t reg, uint8_t value)
{
    return write_regs(r, reg, &value, 1);
}

static int read_regs(sx127x_t *r, uint8_t reg, uint8_t *out, size_t len)
{
    uint8_t tx[1 + 256];
    uint8_t rx[1 + 256];

    if (len > 256) {
        return -1;
    }
    memset(tx, 0, len + 1);
    tx[0] = (uint8_t)(reg & 0x7Fu);
    if (r->hal.spi_transfer(r->hal.ctx, tx, rx, len + 1) != 0) {
        return -1;
    }
    memcpy(out, rx + 1, len); /* the byte clocked in with the address means nothing */
    return 0;
}

static uint8_t read_reg(sx127x_t *r, uint8_t reg)
{
    uint8_t value = 0;

    if (read_regs(r, reg, &value, 1) != 0) {
        return 0;
    }
    return value;
}

static int set_mode(sx127x_t *r, uint8_t mode)
{
    return write_reg(r, SX127X_REG_OP_MODE, (uint8_t)(SX127X_LONG_RANGE | mode));
}

uint32_t sx127x_frf(uint32_t freq_hz)
{
    return (uint32_t)((((uint64_t)freq_hz << 19) + 16000000u) / 32000000u);
}

static int bw_code(uint32_t bw_hz)
{
    switch (bw_hz) {
    case 62500u:
        return 6;
    case 125000u:
        return 7;
    case 250000u:
        return 8;
    case 500000u:
        return 9;
    default:
        return -1;
    }
}

/* PA_BOOST (every TTGO and Heltec board wires it): 2..17 dBm with the normal DAC, 18..20 dBm
 * with the +20 dBm DAC setting (§5.4.3) and more current allowed to the PA. */
static int set_power(sx127x_t *r, int8_t dbm)
{
    int high = dbm > 17;
    uint8_t out = (uint8_t)(high ? dbm - 5 : dbm - 2);

    return write_reg(r, SX127X_REG_PA_DAC, high ? 0x87u : 0x84u) |
           write_reg(r, SX127X_REG_OCP, high ? 0x3Bu : 0x2Bu) | /* 240 mA : 100 mA */
           write_reg(r, SX127X_REG_PA_CONFIG, (uint8_t)(0x80u | 0x70u | out));
}

/* SX1276/77/78/79 errata note, §2.1 (sensitivity optimisation at 500 kHz): two undocumented
 * registers want other values at 500 kHz, per frequency band; at any other bandwidth 0x36 goes
 * back to its reset value 0x03 and 0x3A is left alone. */
static int high_bw_optimize(sx127x_t *r)
{
    if (r->modem.bw_hz != 500000u) {
        return write_reg(r, SX127X_REG_HIGH_BW_OPTIMIZE1, 0x03u);
    }
    return write_reg(r, SX127X_REG_HIGH_BW_OPTIMIZE1, 0x02u) |
           write_reg(r, SX127X_REG_HIGH_BW_OPTIMIZE2,
                     r->modem.freq_hz >= 862000000u ? 0x64u : 0x7Fu);
}

static int configure(sx127x_t *r)
{
    const radio_modem_t *m = &r->modem;
    uint32_t frf = sx127x_frf(m->freq_hz);
    uint8_t frf_bytes[3];
    int rc = 0;

    /* LongRangeMode is writable only in sleep (§6.4, RegOpMode). */
    rc |= write_reg(r, SX127X_REG_OP_MODE, SX127X_MODE_SLEEP);
    rc |= set_mode(r, SX127X_MODE_SLEEP);
    rc |= set_mode(r, SX127X_MODE_STANDBY);
    frf_bytes[0] = (uint8_t)(frf >> 16);
    frf_bytes[1] = (uint8_t)(frf >> 8);
    frf_bytes[2] = (uint8_t)frf;
    rc |= write_regs(r, SX127X_REG_FRF_MSB, frf_bytes, 3);
    rc |= write_reg(r, SX127X_REG_MODEM_CONFIG1,
                    (uint8_t)((unsigned)bw_code(m->bw_hz) << 4 | (unsigned)(m->cr - 4) << 1));
    rc |= write_reg(r, SX127X_REG_MODEM_CONFIG2, (uint8_t)(m->sf << 4 | 0x04u)); /* CRC on */
    rc |= write_reg(r, SX127X_REG_MODEM_CONFIG3,
                    (uint8_t)((radio_low_data_rate(m->sf, m->bw_hz) ? 0x08u : 0u) | 0x04u));
    rc |= write_reg(r, SX127X_REG_PREAMBLE_MSB, (uint8_t)(m->preamble >> 8));
    rc |= write_reg(r, SX127X_REG_PREAMBLE_LSB, (uint8_t)m->preamble);
    rc |= write_reg(r, SX127X_REG_SYNC_WORD, SX127X_SYNC_WORD_PRIVATE);
    rc |= high_bw_optimize(r);
    rc |= write_reg(r, SX127X_REG_MAX_PAYLOAD, 0xFFu);
    rc |= write_reg(r, SX127X_REG_FIFO_TX_BASE, 0x00u);
    rc |= write_reg(r, SX127X_REG_FIFO_RX_BASE, 0x00u);
    rc |= write_reg(r, SX127X_REG_LNA, 0x23u); /* boost on, gain from the AGC */
    rc |= set_power(r, m->power_dbm);
    rc |= write_reg(r, SX127X_REG_IRQ_FLAGS_MASK, 0x00u);
    return rc;
}

static int start_receiving(sx127x_t *r)
{
    int rc = write_reg(r, SX127X_REG_IRQ_FLAGS, 0xFFu);

    rc |= write_reg(r, SX127X_REG_FIFO_ADDR_PTR, 0x00u);
    rc |= write_reg(r, SX127X_REG_DIO_MAPPING1, 0x00u); /* DIO0 = RxDone */
    rc |= set_mode(r, SX127X_MODE_RX_CONTINUOUS);
    r->state = rc == 0 ? SX127X_RECEIVING : SX127X_IDLE;
    return rc;
}

/* Reset pulse (§7.2.2: NRESET low at least 100 us, then 5 ms before the chip is ready). */
static int reset_and_configure(sx127x_t *r)
{
    r->state = SX127X_IDLE; /* until the chip has answered and taken its settings again */
    if (r->hal.gpio_reset != NULL) {
        r->hal.gpio_reset(r->hal.ctx, 0);
        r->hal.delay_ms(r->hal.ctx, 1);
        r->hal.gpio_reset(r->hal.ctx, 1);
        r->hal.delay_ms(r->hal.ctx, 5);
    }
    if (read_reg(r, SX127X_REG_VERSION) != SX127X_VERSION) {
        return SX127X_NO_CHIP;
    }
    if (configure(r) != 0 || start_receiving(r) != 0) {
        return SX127X_SPI_FAILED;
    }
    return SX127X_OK;
}

int sx127x_init(sx127x_t *r, const spi_hal_t *hal, const radio_modem_t *m)
{
    memset(r, 0, sizeof *r);
    if (hal == NULL || m == NULL || hal->spi_transfer == NULL || hal->delay_ms == NULL) {
        return SX127X_BAD_MODEM;
    }
    r->hal = *hal;
    r->modem = *m;
    r->ops.ctx = r;
    r->ops.send = sx127x_send;
    r->ops.busy = sx127x_busy;
    r->ops.poll = sx127x_poll;
    r->ops.modem = &r->modem;
    if (m->kind != RADIO_LORA || m->sf < 7 || m->sf > 12 || m->cr < 5 || m->cr > 8 ||
        bw_code(m->bw_hz) < 0 || m->power_dbm < 2 || m->power_dbm > 20 || m->preamble < 6 ||
        m->freq_hz < 137000000u || m->freq_hz > 1020000000u) {
        return SX127X_BAD_MODEM;
    }
    return reset_and_configure(r);
}

int sx127x_send(void *ctx, const uint8_t *data, size_t len, uint32_t now_ms)
{
    sx127x_t *r = ctx;
    uint32_t airtime_ms;
    int rc;

    if (len == 0 || len > RADIO_MAX_PACKET || r->state != SX127X_RECEIVING) {
        return -1;
    }
    rc = set_mode(r, SX127X_MODE_STANDBY);
    rc |= write_reg(r, SX127X_REG_FIFO_ADDR_PTR, 0x00u);
    rc |= write_regs(r, SX127X_REG_FIFO, data, len);
    rc |= write_reg(r, SX127X_REG_PAYLOAD_LENGTH, (uint8_t)len);
    rc |= write_reg(r, SX127X_REG_IRQ_FLAGS, 0xFFu);
    rc |= write_reg(r, SX127X_REG_DIO_MAPPING1, 0x40u); /* DIO0 = TxDone */
    rc |= set_mode(r, SX127X_MODE_TX);
    if (rc != 0) {
        start_receiving(r);
        return -1;
    }
    airtime_ms = radio_airtime_us(&r->modem, len) / 1000u + 1u;
    r->tx_deadline_ms = now_ms + 2u * airtime_ms + SX127X_TX_MARGIN_MS;
    r->state = SX127X_SENDING;
    return 0;
}

/* Channel activity detection: about two symbols of listening for a LoRa preamble. */
int sx127x_busy(void *ctx, uint32_t now_ms)
{
    sx127x_t *r = ctx;
    /* CAD lasts about two symbols (131 ms at SF12, 62.5 kHz): wait up to four, in 1 ms steps */
    uint32_t limit_ms = (uint32_t)((4000u << r->modem.sf) / r->modem.bw_hz) + 2u;
    uint8_t flags = 0;
    uint32_t i;

    (void)now_ms;
    if (r->state != SX127X_RECEIVING) {
        return 1; /* sending, or a chip being recovered: not a time to talk */
    }
    /* A packet arriving (its header seen) or waiting for poll: the channel is busy, and CAD
     * would clear the flags and lose the packet. */
    if (read_reg(r, SX127X_REG_IRQ_FLAGS) & (SX127X_IRQ_VALID_HEADER | SX127X_IRQ_RX_DONE)) {
        return 1;
    }
    set_mode(r, SX127X_MODE_STANDBY);
    write_reg(r, SX127X_REG_IRQ_FLAGS, 0xFFu);
    write_reg(r, SX127X_REG_DIO_MAPPING1, 0x80u); /* DIO0 = CadDone */
    set_mode(r, SX127X_MODE_CAD);
    for (i = 0; i < limit_ms; i++) {
        flags = read_reg(r, SX127X_REG_IRQ_FLAGS);
        if (flags & SX127X_IRQ_CAD_DONE) {
            break;
        }
        r->hal.delay_ms(r->hal.ctx, 1);
    }
    start_receiving(r);
    /* No answer in time counts as busy: better to wait than to talk over someone. */
    return !(flags & SX127X_IRQ_CAD_DONE) || (flags & SX127X_IRQ_CAD_DETECTED) ? 1 : 0;
}

static void take_packet(sx127x_t *r, uint8_t flags, radio_event_t *ev)
{
    uint8_t count = read_reg(r, SX127X_REG_RX_NB_BYTES);
    uint8_t start = read_reg(r, SX127X_REG_FIFO_RX_CURRENT);
    uint8_t hop = read_reg(r, SX127X_REG_HOP_CHANNEL);
    int8_t snr_q = (int8_t)read_reg(r, SX127X_REG_PKT_SNR);
    int rssi = read_reg(r, SX127X_REG_PKT_RSSI);

    /* A packet sent without CRC passes the chip's check vacuously: refuse it like a bad one. */
    if ((flags & SX127X_IRQ_CRC_ERROR) || !(flags & SX127X_IRQ_VALID_HEADER) ||
        !(hop & SX127X_HOP_CRC_ON_PAYLOAD) || count == 0 || count > RADIO_MAX_PACKET) {
        r->crc_errors++;
        ev->kind = RADIO_EV_RX_ERROR;
        return;
    }
    if (write_reg(r, SX127X_REG_FIFO_ADDR_PTR, start) != 0 ||
        read_regs(r, SX127X_REG_FIFO, ev->data, count) != 0) {
        ev->kind = RADIO_EV_RX_ERROR;
        return;
    }
    ev->snr_db = (int8_t)(snr_q / 4);
    rssi += r->modem.freq_hz >= HF_FROM_HZ ? RSSI_BASE_HF : RSSI_BASE_LF;
    if (snr_q < 0) {
        rssi += snr_q / 4; /* §5.5.5: below the noise, the SNR corrects the strength */
    }
    ev->rssi_dbm = (int16_t)rssi;
    ev->len = count;
    ev->kind = RADIO_EV_RX;
}

static int deadline_passed(uint32_t now, uint32_t deadline)
{
    return (int32_t)(now - deadline) >= 0;
}

int sx127x_poll(void *ctx, uint32_t now_ms, radio_event_t *ev)
{
    sx127x_t *r = ctx;
    uint8_t flags;

    memset(ev, 0, sizeof *ev);
    flags = read_reg(r, SX127X_REG_IRQ_FLAGS);
    if (r->state == SX127X_SENDING) {
        if (flags & SX127X_IRQ_TX_DONE) {
            ev->kind = RADIO_EV_TX_DONE;
            start_receiving(r);
            return 1;
        }
        if (!deadline_passed(now_ms, r->tx_deadline_ms)) {
            return 0;
        }
        /* A stalled chip answers nothing useful: only the reset line brings it back. */
        r->resets++;
        reset_and_configure(r);
        ev->kind = RADIO_EV_TIMEOUT;
        return 1;
    }
    if (r->state != SX127X_RECEIVING) {
        /* A failed reset left it idle: try again on every poll, quietly. */
        reset_and_configure(r);
        return 0;
    }
    if (!(flags & SX127X_IRQ_RX_DONE)) {
        return 0;
    }
    take_packet(r, flags, ev);
    write_reg(r, SX127X_REG_IRQ_FLAGS, 0xFFu);
    return 1;
}
