/* Each opcode does what the datasheet's §13 says of it, for the LoRa packet type; what the
 * driver does not use (FSK, sleep with retention, RX duty cycle) is not modelled. TX ends after
 * the time on air computed from the modulation and packet parameters the driver sent, or at
 * SetTx's timeout if that comes first; the chip then falls back to standby. */
#include "sx126x_emu.h"

#include <string.h>

#include "radio_airtime.h"
#include "sx126x.h"

#define BOOT_US 3500u /* BUSY after a reset, as the datasheet's start-up time */
#define STEP_NS 15625u

static void set_defaults(sx126x_emu_t *e)
{
    uint32_t busy_us = e->busy_us;
    char version[16];
    uint64_t now = e->now_us;
    uint32_t resets = e->resets, lost = e->lost_commands, sent_count = e->sent_count;
    uint32_t transfers = e->spi_transfers, bytes = e->spi_bytes, noise = e->noise;
    uint8_t channel_busy = e->channel_busy, tx_hang = e->tx_hang;

    memcpy(version, e->version, sizeof version);
    memset(e, 0, sizeof *e);
    memcpy(e->version, version, sizeof version);
    memcpy(e->registers + SX126X_REG_VERSION_STRING, version, sizeof version);
    e->registers[SX126X_REG_SYNC_WORD] = 0x14;
    e->registers[SX126X_REG_SYNC_WORD + 1] = 0x24;
    e->busy_us = busy_us;
    e->now_us = now;
    e->resets = resets;
    e->lost_commands = lost;
    e->sent_count = sent_count;
    e->spi_transfers = transfers;
    e->spi_bytes = bytes;
    e->noise = noise;
    e->channel_busy = channel_busy;
    e->tx_hang = tx_hang;
    e->mode = SX126X_EMU_STANDBY;
}

void sx126x_emu_init(sx126x_emu_t *e, const char *version)
{
    size_t n = strlen(version);

    memset(e, 0, sizeof *e);
    memcpy(e->version, version, n < sizeof e->version ? n : sizeof e->version);
    e->busy_us = 200u;
    set_defaults(e);
}

static radio_modem_t modem_of(const sx126x_emu_t *e)
{
    static const uint32_t bandwidths[7] = {7810, 15630, 31250, 62500, 125000, 250000, 500000};
    radio_modem_t m;

    memset(&m, 0, sizeof m);
    m.kind = RADIO_LORA;
    m.sf = e->modulation[0];
    m.bw_hz = e->modulation[1] < 7 ? bandwidths[e->modulation[1]] : 0;
    m.cr = (uint8_t)(e->modulation[2] + 4);
    m.preamble = (uint16_t)(e->packet[0] << 8 | e->packet[1]);
    return m;
}

static uint64_t symbol_us(const sx126x_emu_t *e)
{
    radio_modem_t m = modem_of(e);

    return m.bw_hz != 0 && m.sf <= 12 ? ((uint64_t)1000000u << m.sf) / m.bw_hz : 1000u;
}

static void to_standby(sx126x_emu_t *e) { e->mode = SX126X_EMU_STANDBY; }

void sx126x_emu_advance(sx126x_emu_t *e, uint64_t us)
{
    e->now_us += us;
    if (e->stalled) {
        return;
    }
    if (e->mode == SX126X_EMU_TX) {
        if (e->now_us >= e->tx_end_us && !e->tx_hang) {
            e->irq |= SX126X_IRQ_TX_DONE;
            e->sent_count++;
            to_standby(e);
        } else if (e->tx_timer && e->now_us >= e->timeout_us) {
            e->irq |= SX126X_IRQ_TIMEOUT;
            to_standby(e);
        }
    }
    if (e->mode == SX126X_EMU_CAD && e->now_us >= e->cad_end_us) {
        e->irq |= (uint16_t)(SX126X_IRQ_CAD_DONE | (e->channel_busy ? SX126X_IRQ_CAD_DETECTED : 0));
        to_standby(e);
    }
}

static uint32_t u24(const uint8_t *p) { return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]; }

/* Bytes after the opcode are `p[0..n)`; answers go to `rx[1..]` (rx[1] is the status). */
static void execute(sx126x_emu_t *e, const uint8_t *p, size_t n, uint8_t opcode, uint8_t *rx,
                    size_t len)
{
    size_t i;
    uint16_t addr;

    switch (opcode) {
    case SX126X_CMD_SET_STANDBY:
        to_standby(e);
        break;
    case SX126X_CMD_SET_PACKET_TYPE:
        if (n >= 1) {
            e->packet_type = p[0];
        }
        break;
    case SX126X_CMD_SET_RF_FREQUENCY:
        if (n >= 4) {
            e->rf_freq = (uint32_t)p[0] << 24 | u24(p + 1);
        }
        break;
    case SX126X_CMD_SET_PA_CONFIG:
        memcpy(e->pa, p, n < 4 ? n : 4);
        break;
    case SX126X_CMD_SET_TX_PARAMS:
        memcpy(e->tx_params, p, n < 2 ? n : 2);
        break;
    case SX126X_CMD_SET_MODULATION_PARAMS:
        memcpy(e->modulation, p, n < 4 ? n : 4);
        break;
    case SX126X_CMD_SET_PACKET_PARAMS:
        memcpy(e->packet, p, n < 6 ? n : 6);
        break;
    case SX126X_CMD_SET_BUFFER_BASE:
        if (n >= 2) {
            e->tx_base = p[0];
            e->rx_base = p[1];
        }
        break;
    case SX126X_CMD_SET_DIO_IRQ_PARAMS:
        if (n >= 4) {
            e->irq_mask = (uint16_t)(p[0] << 8 | p[1]);
            e->dio1_mask = (uint16_t)(p[2] << 8 | p[3]);
        }
        break;
    case SX126X_CMD_SET_DIO2_AS_RF_SWITCH:
        e->dio2_rf_switch = n >= 1 ? p[0] : 0;
        break;
    case SX126X_CMD_SET_DIO3_AS_TCXO:
        e->tcxo = n >= 1 ? (uint8_t)(p[0] | 0x80u) : 0;
        break;
    case SX126X_CMD_CLEAR_IRQ_STATUS:
        if (n >= 2) {
            e->irq &= (uint16_t)~(p[0] << 8 | p[1]);
        }
        break;
    case SX126X_CMD_WRITE_BUFFER:
        for (i = 1; i < n; i++) {
            e->buffer[(uint8_t)(p[0] + i - 1)] = p[i];
        }
        break;
    case SX126X_CMD_WRITE_REGISTER:
        addr = n >= 2 ? (uint16_t)(p[0] << 8 | p[1]) : 0;
        for (i = 2; i < n && addr + (i - 2) < sizeof e->registers; i++) {
            if (addr + (i - 2) < SX126X_REG_VERSION_STRING ||
                addr + (i - 2) >= SX126X_REG_VERSION_STRING + 16) {
                e->registers[addr + (i - 2)] = p[i];
            }
        }
        break;
    case SX126X_CMD_READ_REGISTER:
        addr = n >= 2 ? (uint16_t)(p[0] << 8 | p[1]) : 0;
        for (i = 4; rx != NULL && i < len; i++) {
            rx[i] = addr + (i - 4) < sizeof e->registers ? e->registers[addr + (i - 4)] : 0;
        }
        break;
    case SX126X_CMD_READ_BUFFER:
        for (i = 3; rx != NULL && n >= 1 && i < len; i++) {
            rx[i] = e->buffer[(uint8_t)(p[0] + i - 3)];
        }
        break;
    case SX126X_CMD_GET_IRQ_STATUS:
        if (rx != NULL && len >= 4) {
            rx[2] = (uint8_t)(e->irq >> 8);
            rx[3] = (uint8_t)e->irq;
        }
        break;
    case SX126X_CMD_GET_RX_BUFFER_STATUS:
        if (rx != NULL && len >= 4) {
            rx[2] = e->rx_len;
            rx[3] = e->rx_start;
        }
        break;
    case SX126X_CMD_GET_PACKET_STATUS:
        if (rx != NULL && len >= 5) {
            rx[2] = e->rssi_pkt;
            rx[3] = e->snr_pkt;
            rx[4] = e->rssi_pkt;
        }
        break;
    case SX126X_CMD_SET_TX:
        if (n >= 3 && e->packet_type == 0x01) {
            radio_modem_t m = modem_of(e);
            uint32_t steps = u24(p);

            e->sent_len = e->packet[3];
            for (i = 0; i < e->sent_len; i++) {
                e->sent[i] = e->buffer[(uint8_t)(e->tx_base + i)];
            }
            e->mode = SX126X_EMU_TX;
            e->tx_start_us = e->now_us;
            e->tx_end_us = e->now_us + radio_airtime_us(&m, e->sent_len);
            e->tx_timer = steps != 0;
            e->timeout_us = e->now_us + (uint64_t)steps * STEP_NS / 1000u;
        }
        break;
    case SX126X_CMD_SET_RX:
        if (e->packet_type == 0x01) {
            e->mode = SX126X_EMU_RX;
        }
        break;
    case SX126X_CMD_SET_CAD:
        if (e->packet_type == 0x01) {
            e->mode = SX126X_EMU_CAD;
            e->cad_end_us = e->now_us + 4u * symbol_us(e);
        }
        break;
    default:
        break; /* calibration, regulator, CAD parameters: nothing to model */
    }
}

static int busy_line(void *ctx)
{
    sx126x_emu_t *e = ctx;

    return e->stalled || e->in_reset || e->now_us < e->busy_until_us;
}

static int transfer(void *ctx, const uint8_t *tx, uint8_t *rx, size_t len)
{
    sx126x_emu_t *e = ctx;
    size_t i;

    if (rx != NULL) {
        memset(rx, 0, len);
    }
    e->spi_transfers++;
    e->spi_bytes += (uint32_t)len;
    if (len == 0 || tx == NULL) {
        return 0;
    }
    e->commands++;
    if (busy_line(e)) {
        e->lost_commands++; /* the chip ignores what comes while BUSY is high */
        return 0;
    }
    if (rx != NULL && len >= 2) {
        rx[1] = (uint8_t)((e->mode == SX126X_EMU_TX ? 6 : e->mode == SX126X_EMU_RX ? 5 : 2) << 4);
    }
    execute(e, tx + 1, len - 1, tx[0], rx, len);
    e->busy_until_us = e->now_us + e->busy_us;
    for (i = 0; rx != NULL && e->noise != 0 && i < len; i++) {
        e->noise ^= e->noise << 13, e->noise ^= e->noise >> 17, e->noise ^= e->noise << 5;
        rx[i] = (uint8_t)e->noise; /* a failing chip or a bad wire: the driver must cope */
    }
    return 0;
}

static void reset_line(void *ctx, int level)
{
    sx126x_emu_t *e = ctx;

    if (level == 0 && !e->in_reset) {
        e->resets++;
        set_defaults(e);
    }
    if (level != 0 && e->in_reset) {
        e->busy_until_us = e->now_us + BOOT_US;
    }
    e->in_reset = level == 0;
}

static int dio1(void *ctx)
{
    sx126x_emu_t *e = ctx;

    return (e->irq & e->dio1_mask) != 0;
}

static void delay(void *ctx, uint32_t ms) { sx126x_emu_advance(ctx, (uint64_t)ms * 1000u); }

void sx126x_emu_hal(sx126x_emu_t *e, spi_hal_t *hal)
{
    memset(hal, 0, sizeof *hal);
    hal->ctx = e;
    hal->spi_transfer = transfer;
    hal->gpio_reset = reset_line;
    hal->gpio_busy = busy_line;
    hal->gpio_dio = dio1;
    hal->delay_ms = delay;
}

int sx126x_emu_inject(sx126x_emu_t *e, const uint8_t *data, size_t len, int rssi_dbm, int snr_db,
                      int crc_ok)
{
    size_t i;
    int rssi = -2 * rssi_dbm;

    if (e->mode != SX126X_EMU_RX || e->stalled || len == 0 || len > 255) {
        return -1;
    }
    for (i = 0; i < len; i++) {
        e->buffer[(uint8_t)(e->rx_base + i)] = data[i];
    }
    e->rx_len = (uint8_t)len;
    e->rx_start = e->rx_base;
    e->rssi_pkt = (uint8_t)(rssi < 0 ? 0 : rssi > 255 ? 255 : rssi);
    e->snr_pkt = (uint8_t)(int8_t)(snr_db * 4);
    e->irq |= (uint16_t)(SX126X_IRQ_RX_DONE | SX126X_IRQ_HEADER_VALID |
                         (crc_ok ? 0 : SX126X_IRQ_CRC_ERROR));
    return 0;
}
