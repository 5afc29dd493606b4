#include "radio_host_api.h"

#include <string.h>

#define IS_126(h) ((h)->chip == RADIO_HOST_SX126X)

size_t radio_host_size(void) { return sizeof(radio_host_t); }

int radio_host_init(void *mem, size_t size, unsigned chip, unsigned version,
                    const char *version_string, unsigned board, const radio_modem_t *m)
{
    radio_host_t *h = mem;
    spi_hal_t hal;

    if (mem == NULL || size < sizeof *h || (uintptr_t)mem % 8 != 0 ||
        (chip != RADIO_HOST_SX127X && chip != RADIO_HOST_SX126X)) {
        return -100;
    }
    memset(h, 0, sizeof *h);
    h->chip = chip;
    if (IS_126(h)) {
        sx126x_emu_init(&h->emu126, version_string != NULL ? version_string : "");
        sx126x_emu_hal(&h->emu126, &hal);
        h->ops = &h->drv126.ops;
        return sx126x_init(&h->drv126, &hal, m, (uint8_t)board);
    }
    sx127x_emu_init(&h->emu127, (uint8_t)version);
    sx127x_emu_hal(&h->emu127, &hal);
    h->ops = &h->drv127.ops;
    return sx127x_init(&h->drv127, &hal, m);
}

int radio_host_send(radio_host_t *h, const uint8_t *data, size_t len, uint32_t now_ms)
{
    return h->ops->send(h->ops->ctx, data, len, now_ms);
}

int radio_host_busy(radio_host_t *h, uint32_t now_ms) { return h->ops->busy(h->ops->ctx, now_ms); }

int radio_host_poll(radio_host_t *h, uint32_t now_ms, radio_event_t *ev)
{
    return h->ops->poll(h->ops->ctx, now_ms, ev);
}

void radio_host_advance_us(radio_host_t *h, uint64_t us)
{
    if (IS_126(h)) {
        sx126x_emu_advance(&h->emu126, us);
    } else {
        sx127x_emu_advance(&h->emu127, us);
    }
}

uint64_t radio_host_now_us(const radio_host_t *h)
{
    return IS_126(h) ? h->emu126.now_us : h->emu127.now_us;
}

int radio_host_inject(radio_host_t *h, const uint8_t *data, size_t len, int rssi, int snr,
                      int crc_ok)
{
    return IS_126(h) ? sx126x_emu_inject(&h->emu126, data, len, rssi, snr, crc_ok)
                     : sx127x_emu_inject(&h->emu127, data, len, rssi, snr, crc_ok);
}

void radio_host_set_stalled(radio_host_t *h, int on)
{
    h->emu126.stalled = IS_126(h) && on != 0;
    h->emu127.stalled = !IS_126(h) && on != 0;
}

void radio_host_set_channel_busy(radio_host_t *h, int on)
{
    h->emu126.channel_busy = on != 0;
    h->emu127.channel_busy = on != 0;
}

void radio_host_set_noise(radio_host_t *h, uint32_t seed)
{
    h->emu126.noise = seed;
    h->emu127.noise = seed;
}

void radio_host_set_tx_hang(radio_host_t *h, int on) { h->emu126.tx_hang = on != 0; }

int radio_host_reg(const radio_host_t *h, unsigned addr)
{
    return addr < sizeof h->emu127.reg ? h->emu127.reg[addr] : -1;
}

int64_t radio_host_sx126x_field(const radio_host_t *h, unsigned field)
{
    const sx126x_emu_t *e = &h->emu126;

    if (field >= RADIO_HOST_126_REGISTER) {
        return field - RADIO_HOST_126_REGISTER < sizeof e->registers
                   ? e->registers[field - RADIO_HOST_126_REGISTER]
                   : -1;
    }
    if (field >= RADIO_HOST_126_MODULATION && field < RADIO_HOST_126_PACKET) {
        return e->modulation[field - RADIO_HOST_126_MODULATION];
    }
    if (field >= RADIO_HOST_126_PACKET && field < RADIO_HOST_126_PA) {
        return e->packet[field - RADIO_HOST_126_PACKET];
    }
    if (field >= RADIO_HOST_126_PA && field < RADIO_HOST_126_TX_PARAMS) {
        return e->pa[field - RADIO_HOST_126_PA];
    }
    if (field >= RADIO_HOST_126_TX_PARAMS && field < RADIO_HOST_126_LOST) {
        return e->tx_params[field - RADIO_HOST_126_TX_PARAMS];
    }
    if (field >= RADIO_HOST_126_SYNC && field < RADIO_HOST_126_DIO1_MASK) {
        return e->registers[SX126X_REG_SYNC_WORD + field - RADIO_HOST_126_SYNC];
    }
    switch (field) {
    case RADIO_HOST_126_MODE:
        return e->mode;
    case RADIO_HOST_126_PACKET_TYPE:
        return e->packet_type;
    case RADIO_HOST_126_RF_FREQ:
        return e->rf_freq;
    case RADIO_HOST_126_LOST:
        return e->lost_commands;
    case RADIO_HOST_126_DIO2:
        return e->dio2_rf_switch;
    case RADIO_HOST_126_TCXO:
        return e->tcxo;
    case RADIO_HOST_126_DIO1_MASK:
        return e->dio1_mask;
    case RADIO_HOST_126_TX_START:
        return (int64_t)e->tx_start_us;
    default:
        return -1;
    }
}

size_t radio_host_sent(const radio_host_t *h, uint8_t *out, size_t cap)
{
    const uint8_t *sent = IS_126(h) ? h->emu126.sent : h->emu127.sent;
    size_t len = IS_126(h) ? h->emu126.sent_len : h->emu127.sent_len;

    if (len > cap) {
        return 0;
    }
    memcpy(out, sent, len);
    return len;
}

uint32_t radio_host_sent_count(const radio_host_t *h)
{
    return IS_126(h) ? h->emu126.sent_count : h->emu127.sent_count;
}

uint64_t radio_host_tx_end_us(const radio_host_t *h)
{
    return IS_126(h) ? h->emu126.tx_end_us : h->emu127.tx_end_us;
}

int radio_host_dio(radio_host_t *h)
{
    const spi_hal_t *hal = IS_126(h) ? &h->drv126.hal : &h->drv127.hal;

    return hal->gpio_dio(hal->ctx);
}

uint32_t radio_host_resets(const radio_host_t *h)
{
    return IS_126(h) ? h->emu126.resets : h->emu127.resets;
}

uint32_t radio_host_spi(const radio_host_t *h, uint32_t *transfers)
{
    *transfers = IS_126(h) ? h->emu126.spi_transfers : h->emu127.spi_transfers;
    return IS_126(h) ? h->emu126.spi_bytes : h->emu127.spi_bytes;
}
