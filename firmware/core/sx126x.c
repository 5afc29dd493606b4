/* The init sequence is the datasheet's §14.5 (standby, packet type, frequency, PA, TX
 * parameters, modulation, packet, buffer base, IRQ routing, then RX); board options first,
 * because a TCXO module does not run without DIO3 powering it. Every byte read back is
 * bounded before use. */
#include "sx126x.h"

#include <string.h>

#include "radio_airtime.h"

#define STATUS_NOP 0x00u
#define STDBY_RC 0x00u
#define PACKET_TYPE_LORA 0x01u
#define RX_CONTINUOUS 0xFFFFFFu
#define TIMER_STEP_NS 15625u /* SetTx/SetRx timeouts count 15.625 us */
#define VERSION_PREFIX "SX126"
#define CAD_LIMIT_SYMBOLS 8u

static int wait_ready(sx126x_t *r)
{
    uint32_t waited;

    if (r->stuck) {
        return -1; /* waited out once already: nothing more until the reset line is pulsed */
    }
    if (r->hal.gpio_busy == NULL) {
        return 0;
    }
    for (waited = 0; r->hal.gpio_busy(r->hal.ctx); waited++) {
        if (waited >= SX126X_BUSY_LIMIT_MS) {
            r->stuck = 1;
            return -1;
        }
        r->hal.delay_ms(r->hal.ctx, 1);
    }
    return 0;
}

/* One command: opcode, then `len` parameter bytes, NSS held over all of them. */
static int command(sx126x_t *r, uint8_t opcode, const uint8_t *params, size_t len)
{
    uint8_t tx[2 + 256];

    if (len > 258 || wait_ready(r) != 0) {
        return -1;
    }
    tx[0] = opcode;
    if (len > 0) {
        memcpy(tx + 1, params, len);
    }
    return r->hal.spi_transfer(r->hal.ctx, tx, NULL, len + 1);
}

/* A Get command: opcode, `skip` bytes (arguments and the status NOP), then `len` answers. */
static int query(sx126x_t *r, const uint8_t *head, size_t head_len, uint8_t *out, size_t len)
{
    uint8_t tx[8 + 256];
    uint8_t rx[8 + 256];

    if (head_len > 8 || len > 256 || wait_ready(r) != 0) {
        return -1;
    }
    memset(tx, STATUS_NOP, head_len + len);
    memcpy(tx, head, head_len);
    if (r->hal.spi_transfer(r->hal.ctx, tx, rx, head_len + len) != 0) {
        return -1;
    }
    memcpy(out, rx + head_len, len);
    return 0;
}

static int command1(sx126x_t *r, uint8_t opcode, uint8_t value)
{
    return command(r, opcode, &value, 1);
}

static int write_register(sx126x_t *r, uint16_t addr, const uint8_t *data, size_t len)
{
    uint8_t params[2 + 16];

    if (len > 16) {
        return -1;
    }
    params[0] = (uint8_t)(addr >> 8);
    params[1] = (uint8_t)addr;
    memcpy(params + 2, data, len);
    return command(r, SX126X_CMD_WRITE_REGISTER, params, len + 2);
}

static int read_register(sx126x_t *r, uint16_t addr, uint8_t *out, size_t len)
{
    const uint8_t head[4] = {SX126X_CMD_READ_REGISTER, (uint8_t)(addr >> 8), (uint8_t)addr,
                             STATUS_NOP};

    return query(r, head, sizeof head, out, len);
}

static int set_timer(sx126x_t *r, uint8_t opcode, uint32_t steps)
{
    const uint8_t params[3] = {(uint8_t)(steps >> 16), (uint8_t)(steps >> 8), (uint8_t)steps};

    return command(r, opcode, params, sizeof params);
}

static int clear_irq(sx126x_t *r, uint16_t bits)
{
    const uint8_t params[2] = {(uint8_t)(bits >> 8), (uint8_t)bits};

    return command(r, SX126X_CMD_CLEAR_IRQ_STATUS, params, sizeof params);
}

static int get_irq(sx126x_t *r, uint16_t *irq)
{
    const uint8_t head[2] = {SX126X_CMD_GET_IRQ_STATUS, STATUS_NOP};
    uint8_t out[2];

    if (query(r, head, sizeof head, out, sizeof out) != 0) {
        return -1;
    }
    *irq = (uint16_t)(out[0] << 8 | out[1]);
    return 0;
}

static int set_irq_routing(sx126x_t *r, uint16_t dio1)
{
    const uint8_t params[8] = {(uint8_t)(SX126X_IRQ_ALL >> 8), (uint8_t)SX126X_IRQ_ALL,
                               (uint8_t)(dio1 >> 8), (uint8_t)dio1, 0, 0, 0, 0};

    return command(r, SX126X_CMD_SET_DIO_IRQ_PARAMS, params, sizeof params);
}

uint32_t sx126x_rf_freq(uint32_t freq_hz)
{
    return (uint32_t)((((uint64_t)freq_hz << 25) + 16000000u) / 32000000u);
}

static int bw_code(uint32_t bw_hz)
{
    switch (bw_hz) {
    case 62500u:
        return 0x03;
    case 125000u:
        return 0x04;
    case 250000u:
        return 0x05;
    case 500000u:
        return 0x06;
    default:
        return -1;
    }
}

/* CalibrateImage's band edges (§9.2.1, table 9-2) for the bands our plans hold. */
static void image_band(uint32_t freq_hz, uint8_t out[2])
{
    if (freq_hz > 900000000u) {
        out[0] = 0xE1, out[1] = 0xE9;
    } else if (freq_hz > 850000000u) {
        out[0] = 0xD7, out[1] = 0xDB;
    } else if (freq_hz > 770000000u) {
        out[0] = 0xC1, out[1] = 0xC5;
    } else if (freq_hz > 460000000u) {
        out[0] = 0x75, out[1] = 0x81;
    } else {
        out[0] = 0x6B, out[1] = 0x6F;
    }
}

static int packet_params(sx126x_t *r, uint8_t payload_len)
{
    const uint8_t params[6] = {(uint8_t)(r->modem.preamble >> 8), (uint8_t)r->modem.preamble,
                               0x00 /* explicit header */, payload_len, 0x01 /* CRC on */,
                               0x00 /* standard IQ */};

    return command(r, SX126X_CMD_SET_PACKET_PARAMS, params, sizeof params);
}

/* Datasheet §15 (known limitations): the SX1262's PA clamps too hard into a mismatched
 * antenna unless 0x08D8 bits 4:1 are set (§15.2), and at 500 kHz the modulation quality needs
 * 0x0889 bit 2 cleared, set at every other bandwidth (§15.1). Both reset with the chip, so they
 * are set again with the rest of the configuration. */
static int fix_errata(sx126x_t *r)
{
    uint8_t clamp = 0, modulation = 0;

    if (read_register(r, SX126X_REG_TX_CLAMP, &clamp, 1) != 0 ||
        read_register(r, SX126X_REG_TX_MODULATION, &modulation, 1) != 0) {
        return -1;
    }
    clamp |= 0x1Eu;
    modulation = r->modem.bw_hz == 500000u ? (uint8_t)(modulation & ~0x04u)
                                           : (uint8_t)(modulation | 0x04u);
    return write_register(r, SX126X_REG_TX_CLAMP, &clamp, 1) |
           write_register(r, SX126X_REG_TX_MODULATION, &modulation, 1);
}

static int configure(sx126x_t *r)
{
    const radio_modem_t *m = &r->modem;
    uint32_t rf = sx126x_rf_freq(m->freq_hz);
    const uint8_t freq[4] = {(uint8_t)(rf >> 24), (uint8_t)(rf >> 16), (uint8_t)(rf >> 8),
                             (uint8_t)rf};
    /* SX1262 high-power PA at its +22 dBm table (§13.1.14): duty 4, hpMax 7, SX1262, lut 1 */
    const uint8_t pa[4] = {0x04, 0x07, 0x00, 0x01};
    const uint8_t tx_params[2] = {(uint8_t)m->power_dbm, 0x04 /* 200 us ramp */};
    const uint8_t modulation[4] = {m->sf, (uint8_t)bw_code(m->bw_hz), (uint8_t)(m->cr - 4),
                                   (uint8_t)radio_low_data_rate(m->sf, m->bw_hz)};
    const uint8_t base[2] = {0x00, 0x00};
    const uint8_t sync[2] = {0x14, 0x24}; /* private network, as the SX127x's 0x12 */
    const uint8_t tcxo[4] = {0x02 /* 1.8 V */, 0x00, 0x01, 0x40}; /* 5 ms to settle */
    uint8_t image[2];
    int rc = 0;

    rc |= command1(r, SX126X_CMD_SET_STANDBY, STDBY_RC);
    if (r->board & SX126X_BOARD_TCXO_1V8) {
        rc |= command(r, SX126X_CMD_SET_DIO3_AS_TCXO, tcxo, sizeof tcxo);
        rc |= command1(r, SX126X_CMD_CALIBRATE, 0x7F); /* all blocks, now that it has a clock */
    }
    if (r->board & SX126X_BOARD_DIO2_RF_SWITCH) {
        rc |= command1(r, SX126X_CMD_SET_DIO2_AS_RF_SWITCH, 0x01);
    }
    rc |= command1(r, SX126X_CMD_SET_REGULATOR_MODE, 0x01); /* DC-DC */
    rc |= command1(r, SX126X_CMD_SET_PACKET_TYPE, PACKET_TYPE_LORA);
    image_band(m->freq_hz, image);
    rc |= command(r, SX126X_CMD_CALIBRATE_IMAGE, image, sizeof image);
    rc |= command(r, SX126X_CMD_SET_RF_FREQUENCY, freq, sizeof freq);
    rc |= command(r, SX126X_CMD_SET_PA_CONFIG, pa, sizeof pa);
    rc |= command(r, SX126X_CMD_SET_TX_PARAMS, tx_params, sizeof tx_params);
    rc |= command(r, SX126X_CMD_SET_MODULATION_PARAMS, modulation, sizeof modulation);
    rc |= packet_params(r, 0xFF);
    rc |= write_register(r, SX126X_REG_SYNC_WORD, sync, sizeof sync);
    rc |= command(r, SX126X_CMD_SET_BUFFER_BASE, base, sizeof base);
    rc |= fix_errata(r);
    return rc;
}

static int start_receiving(sx126x_t *r)
{
    int rc = clear_irq(r, SX126X_IRQ_ALL);

    rc |= packet_params(r, 0xFF); /* the longest packet accepted: the header says the rest */
    rc |= set_irq_routing(r, SX126X_IRQ_RX_DONE | SX126X_IRQ_TIMEOUT);
    rc |= set_timer(r, SX126X_CMD_SET_RX, RX_CONTINUOUS);
    r->state = rc == 0 ? SX126X_RECEIVING : SX126X_IDLE;
    return rc;
}

/* Reset pulse (§8.1: NRESET low 100 us or more), then BUSY falls once the chip is up. */
static int reset_and_configure(sx126x_t *r)
{
    uint8_t version[16];

    r->state = SX126X_IDLE;
    r->stuck = 0;
    if (r->hal.gpio_reset != NULL) {
        r->hal.gpio_reset(r->hal.ctx, 0);
        r->hal.delay_ms(r->hal.ctx, 1);
        r->hal.gpio_reset(r->hal.ctx, 1);
    }
    if (read_register(r, SX126X_REG_VERSION_STRING, version, sizeof version) != 0) {
        return SX126X_STALLED;
    }
    if (memcmp(version, VERSION_PREFIX, sizeof VERSION_PREFIX - 1) != 0) {
        return SX126X_NO_CHIP;
    }
    if (configure(r) != 0 || start_receiving(r) != 0) {
        return SX126X_STALLED;
    }
    return SX126X_OK;
}

int sx126x_init(sx126x_t *r, const spi_hal_t *hal, const radio_modem_t *m, uint8_t board)
{
    memset(r, 0, sizeof *r);
    if (hal == NULL || m == NULL || hal->spi_transfer == NULL || hal->delay_ms == NULL) {
        return SX126X_BAD_MODEM;
    }
    r->hal = *hal;
    r->modem = *m;
    r->board = board;
    r->ops.ctx = r;
    r->ops.send = sx126x_send;
    r->ops.busy = sx126x_busy;
    r->ops.poll = sx126x_poll;
    r->ops.modem = &r->modem;
    if (m->kind != RADIO_LORA || m->sf < 7 || m->sf > 12 || m->cr < 5 || m->cr > 8 ||
        bw_code(m->bw_hz) < 0 || m->power_dbm < SX126X_MIN_POWER ||
        m->power_dbm > SX126X_MAX_POWER || m->preamble < 6 || m->freq_hz < 150000000u ||
        m->freq_hz > 960000000u) {
        return SX126X_BAD_MODEM;
    }
    return reset_and_configure(r);
}

int sx126x_send(void *ctx, const uint8_t *data, size_t len, uint32_t now_ms)
{
    sx126x_t *r = ctx;
    uint8_t params[1 + RADIO_MAX_PACKET];
    uint32_t airtime_ms, timeout_ms;
    int rc;

    if (len == 0 || len > RADIO_MAX_PACKET || r->state != SX126X_RECEIVING) {
        return -1;
    }
    airtime_ms = radio_airtime_us(&r->modem, len) / 1000u + 1u;
    timeout_ms = 2u * airtime_ms + SX126X_TX_MARGIN_MS;
    params[0] = 0x00; /* buffer offset: the TX base */
    memcpy(params + 1, data, len);
    rc = command1(r, SX126X_CMD_SET_STANDBY, STDBY_RC);
    rc |= command(r, SX126X_CMD_WRITE_BUFFER, params, len + 1);
    rc |= packet_params(r, (uint8_t)len);
    rc |= clear_irq(r, SX126X_IRQ_ALL);
    rc |= set_irq_routing(r, SX126X_IRQ_TX_DONE | SX126X_IRQ_TIMEOUT);
    /* The chip's own timer ends a TX that runs past twice its airtime (§13.1.4). */
    rc |= set_timer(r, SX126X_CMD_SET_TX, (uint32_t)((uint64_t)timeout_ms * 1000000u / TIMER_STEP_NS));
    if (rc != 0) {
        r->resets++;
        reset_and_configure(r);
        return -1;
    }
    /* ...and ours ends one whose chip no longer answers at all. */
    r->tx_deadline_ms = now_ms + timeout_ms + SX126X_TX_MARGIN_MS;
    r->state = SX126X_SENDING;
    return 0;
}

int sx126x_busy(void *ctx, uint32_t now_ms)
{
    sx126x_t *r = ctx;
    /* Detection over 4 symbols, peak thresholds per SF from Semtech's AN1200.48 table, then
     * back to standby (exit mode 0). */
    static const uint8_t peak[6] = {22, 22, 23, 24, 25, 28};
    const uint8_t cad[7] = {0x02 /* 4 symbols */, peak[(r->modem.sf - 7) % 6], 10, 0x00, 0, 0, 0};
    uint32_t limit_ms = (uint32_t)((CAD_LIMIT_SYMBOLS * 1000u << r->modem.sf) / r->modem.bw_hz) + 2u;
    uint16_t irq = 0;
    uint32_t i;
    int rc;

    (void)now_ms;
    if (r->state != SX126X_RECEIVING) {
        return 1;
    }
    /* A packet arriving (its header seen) or waiting for poll: the channel is busy, and CAD
     * would clear the IRQs and lose the packet. */
    if (get_irq(r, &irq) != 0 || (irq & (SX126X_IRQ_HEADER_VALID | SX126X_IRQ_RX_DONE))) {
        return 1;
    }
    irq = 0;
    rc = command1(r, SX126X_CMD_SET_STANDBY, STDBY_RC);
    rc |= clear_irq(r, SX126X_IRQ_ALL);
    rc |= command(r, SX126X_CMD_SET_CAD_PARAMS, cad, sizeof cad);
    rc |= set_irq_routing(r, SX126X_IRQ_CAD_DONE);
    rc |= command(r, SX126X_CMD_SET_CAD, NULL, 0);
    for (i = 0; rc == 0 && i < limit_ms; i++) {
        if (get_irq(r, &irq) != 0 || (irq & SX126X_IRQ_CAD_DONE)) {
            break;
        }
        r->hal.delay_ms(r->hal.ctx, 1);
    }
    start_receiving(r);
    return !(irq & SX126X_IRQ_CAD_DONE) || (irq & SX126X_IRQ_CAD_DETECTED) ? 1 : 0;
}

static void take_packet(sx126x_t *r, uint16_t irq, radio_event_t *ev)
{
    const uint8_t buffer_status[2] = {SX126X_CMD_GET_RX_BUFFER_STATUS, STATUS_NOP};
    const uint8_t packet_status[2] = {SX126X_CMD_GET_PACKET_STATUS, STATUS_NOP};
    uint8_t where[2], status[3], head[3];

    ev->kind = RADIO_EV_RX_ERROR;
    if ((irq & (SX126X_IRQ_CRC_ERROR | SX126X_IRQ_HEADER_ERROR)) ||
        query(r, buffer_status, sizeof buffer_status, where, sizeof where) != 0 || where[0] == 0 ||
        where[0] > RADIO_MAX_PACKET ||
        query(r, packet_status, sizeof packet_status, status, sizeof status) != 0) {
        r->crc_errors++;
        return;
    }
    head[0] = SX126X_CMD_READ_BUFFER;
    head[1] = where[1];
    head[2] = STATUS_NOP;
    if (query(r, head, sizeof head, ev->data, where[0]) != 0) {
        memset(ev->data, 0, sizeof ev->data);
        return;
    }
    ev->len = where[0];
    ev->rssi_dbm = (int16_t)(-(int)status[0] / 2); /* §13.5.3: -RssiPkt/2 dBm */
    ev->snr_db = (int8_t)((int8_t)status[1] / 4);
    ev->kind = RADIO_EV_RX;
}

static int deadline_passed(uint32_t now, uint32_t deadline)
{
    return (int32_t)(now - deadline) >= 0;
}

int sx126x_poll(void *ctx, uint32_t now_ms, radio_event_t *ev)
{
    sx126x_t *r = ctx;
    uint16_t irq = 0;

    memset(ev, 0, sizeof *ev);
    if (r->state == SX126X_IDLE) {
        reset_and_configure(r); /* a failed recovery: try again, quietly */
        return 0;
    }
    if (get_irq(r, &irq) != 0) {
        /* BUSY stuck high: only the reset line brings the chip back. A send in progress is
         * lost, and said so; a receiving chip just starts again. */
        int was_sending = r->state == SX126X_SENDING;

        r->resets++;
        reset_and_configure(r);
        ev->kind = was_sending ? RADIO_EV_TIMEOUT : RADIO_EV_NONE;
        return was_sending;
    }
    if (r->state == SX126X_SENDING) {
        if (irq & SX126X_IRQ_TX_DONE) {
            ev->kind = RADIO_EV_TX_DONE;
            start_receiving(r);
            return 1;
        }
        if (!(irq & SX126X_IRQ_TIMEOUT) && !deadline_passed(now_ms, r->tx_deadline_ms)) {
            return 0;
        }
        r->resets++;
        reset_and_configure(r);
        ev->kind = RADIO_EV_TIMEOUT;
        return 1;
    }
    if (!(irq & SX126X_IRQ_RX_DONE)) {
        return 0;
    }
    take_packet(r, irq, ev);
    clear_irq(r, SX126X_IRQ_ALL);
    return 1;
}
