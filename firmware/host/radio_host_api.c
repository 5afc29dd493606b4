#include "radio_host_api.h"

#include <string.h>

size_t radio_host_size(void) { return sizeof(radio_host_t); }

int radio_host_init(void *mem, size_t size, unsigned chip, unsigned version, const radio_modem_t *m)
{
    radio_host_t *h = mem;
    spi_hal_t hal;

    if (mem == NULL || size < sizeof *h || (uintptr_t)mem % 8 != 0 || chip != RADIO_HOST_SX127X) {
        return -100;
    }
    memset(h, 0, sizeof *h);
    h->chip = chip;
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

void radio_host_advance_us(radio_host_t *h, uint64_t us) { sx127x_emu_advance(&h->emu127, us); }

uint64_t radio_host_now_us(const radio_host_t *h) { return h->emu127.now_us; }

int radio_host_inject(radio_host_t *h, const uint8_t *data, size_t len, int rssi, int snr, int crc_ok)
{
    return sx127x_emu_inject(&h->emu127, data, len, rssi, snr, crc_ok);
}

void radio_host_set_stalled(radio_host_t *h, int on) { h->emu127.stalled = on != 0; }

void radio_host_set_channel_busy(radio_host_t *h, int on) { h->emu127.channel_busy = on != 0; }

int radio_host_reg(const radio_host_t *h, unsigned addr)
{
    return addr < sizeof h->emu127.reg ? h->emu127.reg[addr] : -1;
}

size_t radio_host_sent(const radio_host_t *h, uint8_t *out, size_t cap)
{
    size_t len = h->emu127.sent_len;

    if (len > cap) {
        return 0;
    }
    memcpy(out, h->emu127.sent, len);
    return len;
}

uint32_t radio_host_sent_count(const radio_host_t *h) { return h->emu127.sent_count; }

uint64_t radio_host_tx_end_us(const radio_host_t *h) { return h->emu127.tx_end_us; }

int radio_host_dio(radio_host_t *h) { return h->drv127.hal.gpio_dio(h->drv127.hal.ctx); }

uint32_t radio_host_resets(const radio_host_t *h) { return h->emu127.resets; }
