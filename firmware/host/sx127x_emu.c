/* Only what the driver relies on is modelled, each rule from the datasheet: LongRangeMode
 * changes only in sleep; IRQ flags clear by writing 1; RegVersion and the RX status registers
 * are read-only; the FIFO pointer auto-increments and wraps; TX returns to standby after the
 * packet's time on air, computed from the registers the driver wrote (so a wrong SF or
 * bandwidth shows as a wrong end time); CAD ends after two symbols. */
#include "sx127x_emu.h"

#include <string.h>

#include "radio_airtime.h"
#include "sx127x.h"

#define MODE(e) ((e)->reg[SX127X_REG_OP_MODE] & SX127X_MODE_MASK)

static void set_defaults(sx127x_emu_t *e)
{
    memset(e->reg, 0, sizeof e->reg);
    memset(e->fifo, 0, sizeof e->fifo);
    e->reg[SX127X_REG_OP_MODE] = 0x09; /* FSK, standby: the chip wakes in FSK mode */
    e->reg[SX127X_REG_VERSION] = e->version;
    e->reg[SX127X_REG_MODEM_CONFIG1] = 0x72;
    e->reg[SX127X_REG_MODEM_CONFIG2] = 0x70;
    e->reg[SX127X_REG_PREAMBLE_LSB] = 0x08;
    e->reg[SX127X_REG_PAYLOAD_LENGTH] = 0x01;
    e->reg[SX127X_REG_FIFO_TX_BASE] = 0x80;
    e->tx_busy = 0;
    e->cad_busy = 0;
    e->stalled = 0;
    e->rx_write = 0;
}

void sx127x_emu_init(sx127x_emu_t *e, uint8_t version)
{
    memset(e, 0, sizeof *e);
    e->version = version;
    set_defaults(e);
}

/* The modem as the registers say it is. */
static radio_modem_t modem_of(const sx127x_emu_t *e)
{
    static const uint32_t bandwidths[10] = {7800,   10400,  15600,  20800,  31250,
                                            41700,  62500,  125000, 250000, 500000};
    radio_modem_t m;
    unsigned bw = e->reg[SX127X_REG_MODEM_CONFIG1] >> 4;

    memset(&m, 0, sizeof m);
    m.kind = RADIO_LORA;
    m.bw_hz = bw < 10 ? bandwidths[bw] : 0;
    m.cr = (uint8_t)(4 + ((e->reg[SX127X_REG_MODEM_CONFIG1] >> 1) & 7u));
    m.sf = (uint8_t)(e->reg[SX127X_REG_MODEM_CONFIG2] >> 4);
    m.preamble = (uint16_t)(e->reg[SX127X_REG_PREAMBLE_MSB] << 8 |
                            e->reg[SX127X_REG_PREAMBLE_LSB]);
    return m;
}

static uint64_t symbol_us(const sx127x_emu_t *e)
{
    radio_modem_t m = modem_of(e);

    return m.bw_hz != 0 && m.sf <= 12 ? ((uint64_t)1000000u << m.sf) / m.bw_hz : 1000u;
}

static void set_mode(sx127x_emu_t *e, uint8_t value)
{
    uint8_t old = e->reg[SX127X_REG_OP_MODE];
    uint8_t mode = value & SX127X_MODE_MASK;

    if ((old & SX127X_MODE_MASK) != SX127X_MODE_SLEEP) {
        value = (uint8_t)((value & ~SX127X_LONG_RANGE) | (old & SX127X_LONG_RANGE));
    }
    e->reg[SX127X_REG_OP_MODE] = value;
    e->mode_writes++;
    e->tx_busy = 0;
    e->cad_busy = 0;
    if (!(value & SX127X_LONG_RANGE)) {
        return; /* FSK modes are not modelled */
    }
    if (mode == SX127X_MODE_TX) {
        radio_modem_t m = modem_of(e);
        uint8_t len = e->reg[SX127X_REG_PAYLOAD_LENGTH];
        uint8_t base = e->reg[SX127X_REG_FIFO_TX_BASE];
        unsigned i;

        for (i = 0; i < len; i++) {
            e->sent[i] = e->fifo[(uint8_t)(base + i)];
        }
        e->sent_len = len;
        e->tx_busy = 1;
        e->tx_end_us = e->now_us + radio_airtime_us(&m, len);
    } else if (mode == SX127X_MODE_CAD) {
        e->cad_busy = 1;
        e->cad_end_us = e->now_us + 2u * symbol_us(e);
    } else if (mode == SX127X_MODE_RX_CONTINUOUS) {
        e->rx_write = e->reg[SX127X_REG_FIFO_RX_BASE];
    }
}

void sx127x_emu_advance(sx127x_emu_t *e, uint64_t us)
{
    e->now_us += us;
    if (e->tx_busy && !e->stalled && e->now_us >= e->tx_end_us) {
        e->tx_busy = 0;
        e->sent_count++;
        e->reg[SX127X_REG_IRQ_FLAGS] |= SX127X_IRQ_TX_DONE;
        e->reg[SX127X_REG_OP_MODE] = (uint8_t)((e->reg[SX127X_REG_OP_MODE] & ~SX127X_MODE_MASK) |
                                               SX127X_MODE_STANDBY);
    }
    if (e->cad_busy && e->now_us >= e->cad_end_us) {
        e->cad_busy = 0;
        e->reg[SX127X_REG_IRQ_FLAGS] |=
            (uint8_t)(SX127X_IRQ_CAD_DONE | (e->channel_busy ? SX127X_IRQ_CAD_DETECTED : 0));
        e->reg[SX127X_REG_OP_MODE] = (uint8_t)((e->reg[SX127X_REG_OP_MODE] & ~SX127X_MODE_MASK) |
                                               SX127X_MODE_STANDBY);
    }
}

static void write_byte(sx127x_emu_t *e, uint8_t addr, uint8_t value)
{
    switch (addr) {
    case SX127X_REG_FIFO:
        e->fifo[e->reg[SX127X_REG_FIFO_ADDR_PTR]++] = value;
        break;
    case SX127X_REG_OP_MODE:
        set_mode(e, value);
        break;
    case SX127X_REG_IRQ_FLAGS:
        e->reg[addr] &= (uint8_t)~value;
        break;
    case SX127X_REG_FIFO_RX_CURRENT:
    case SX127X_REG_RX_NB_BYTES:
    case SX127X_REG_PKT_SNR:
    case SX127X_REG_PKT_RSSI:
    case SX127X_REG_HOP_CHANNEL:
    case SX127X_REG_VERSION:
        break; /* read-only */
    default:
        e->reg[addr & 0x7Fu] = value;
    }
}

static uint8_t read_byte(sx127x_emu_t *e, uint8_t addr)
{
    if (addr == SX127X_REG_FIFO) {
        return e->fifo[e->reg[SX127X_REG_FIFO_ADDR_PTR]++];
    }
    return e->reg[addr & 0x7Fu];
}

static int transfer(void *ctx, const uint8_t *tx, uint8_t *rx, size_t len)
{
    sx127x_emu_t *e = ctx;
    uint8_t addr;
    size_t i;

    e->spi_transfers++;
    e->spi_bytes += (uint32_t)len;
    if (len == 0 || tx == NULL || e->in_reset) {
        return e->in_reset ? -1 : 0;
    }
    addr = tx[0] & 0x7Fu;
    if (rx != NULL) {
        rx[0] = 0;
    }
    for (i = 1; i < len; i++) {
        if (tx[0] & 0x80u) {
            write_byte(e, addr, tx[i]);
        } else if (rx != NULL) {
            rx[i] = read_byte(e, addr);
        }
        if (addr != SX127X_REG_FIFO) {
            addr = (uint8_t)((addr + 1u) & 0x7Fu); /* burst: the next register */
        }
    }
    for (i = 0; rx != NULL && e->noise != 0 && i < len; i++) {
        e->noise ^= e->noise << 13, e->noise ^= e->noise >> 17, e->noise ^= e->noise << 5;
        rx[i] = (uint8_t)e->noise; /* a failing chip or a bad wire: the driver must cope */
    }
    return 0;
}

static void reset_line(void *ctx, int level)
{
    sx127x_emu_t *e = ctx;

    if (level == 0 && !e->in_reset) {
        e->resets++;
        set_defaults(e);
    }
    e->in_reset = level == 0;
}

static int dio0(void *ctx)
{
    sx127x_emu_t *e = ctx;
    uint8_t mapping = e->reg[SX127X_REG_DIO_MAPPING1] >> 6;
    uint8_t flags = e->reg[SX127X_REG_IRQ_FLAGS];
    static const uint8_t source[4] = {SX127X_IRQ_RX_DONE, SX127X_IRQ_TX_DONE,
                                      SX127X_IRQ_CAD_DONE, 0};

    return (flags & source[mapping]) != 0;
}

static void delay(void *ctx, uint32_t ms) { sx127x_emu_advance(ctx, (uint64_t)ms * 1000u); }

void sx127x_emu_hal(sx127x_emu_t *e, spi_hal_t *hal)
{
    memset(hal, 0, sizeof *hal);
    hal->ctx = e;
    hal->spi_transfer = transfer;
    hal->gpio_reset = reset_line;
    hal->gpio_dio = dio0;
    hal->delay_ms = delay;
}

int sx127x_emu_inject(sx127x_emu_t *e, const uint8_t *data, size_t len, int rssi_dbm, int snr_db,
                      int crc_ok)
{
    uint32_t freq = (uint32_t)(((uint64_t)e->reg[SX127X_REG_FRF_MSB] << 16 |
                                (uint64_t)e->reg[SX127X_REG_FRF_MID] << 8 |
                                e->reg[SX127X_REG_FRF_LSB]) * 32000000u >> 19);
    int raw = rssi_dbm + (freq >= 779000000u ? 157 : 164) - (snr_db < 0 ? snr_db : 0);
    uint8_t start = e->rx_write;
    size_t i;

    if (MODE(e) != SX127X_MODE_RX_CONTINUOUS || !(e->reg[SX127X_REG_OP_MODE] & SX127X_LONG_RANGE) ||
        len == 0 || len > 255) {
        return -1;
    }
    for (i = 0; i < len; i++) {
        e->fifo[e->rx_write++] = data[i];
    }
    e->reg[SX127X_REG_FIFO_RX_CURRENT] = start;
    e->reg[SX127X_REG_RX_NB_BYTES] = (uint8_t)len;
    e->reg[SX127X_REG_PKT_SNR] = (uint8_t)(int8_t)(snr_db * 4);
    e->reg[SX127X_REG_PKT_RSSI] = (uint8_t)(raw < 0 ? 0 : raw > 255 ? 255 : raw);
    e->reg[SX127X_REG_HOP_CHANNEL] = crc_ok >= 0 ? SX127X_HOP_CRC_ON_PAYLOAD : 0;
    e->reg[SX127X_REG_IRQ_FLAGS] |= (uint8_t)(SX127X_IRQ_RX_DONE | SX127X_IRQ_VALID_HEADER |
                                              (crc_ok == 0 ? SX127X_IRQ_CRC_ERROR : 0));
    return 0;
}
