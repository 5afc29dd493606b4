/* A stand-in for core/radio_airtime.c (the radio helper's, not merged yet): weak, so the real
 * one replaces it at link time as soon as it lands; then this file can go. The mesh tests do
 * not depend on its figures: they read back the time on air of each packet the fake air
 * carried, as computed here or there. */
#include <stddef.h>
#include <stdint.h>

#include "radio.h"

__attribute__((weak)) uint32_t radio_airtime_us(const radio_modem_t *m, size_t len)
{
    if (m->kind == RADIO_LORA && m->bw_hz != 0 && m->sf >= 6 && m->sf <= 12) {
        /* Semtech's formula: explicit header, CRC on, low data rate optimisation from 16 ms. */
        uint64_t tsym_ns = ((uint64_t)1000000000u << m->sf) / m->bw_hz;
        int de = tsym_ns >= 16000000u;
        int32_t bits = 8 * (int32_t)len - 4 * m->sf + 28 + 16;
        int32_t per = 4 * (m->sf - 2 * de);
        int32_t blocks = bits > 0 ? (bits + per - 1) / per : 0;
        uint64_t symbols_x4 = (uint64_t)(m->preamble + 4u) * 4u + 1u /* .25 */ +
                              4u * (8u + (uint64_t)blocks * (m->cr >= 5 ? m->cr : 5));
        return (uint32_t)(symbols_x4 * tsym_ns / 4000u);
    }
    if (m->bit_rate != 0) {
        /* 802.11 action frame around the payload (about 43 bytes) and a long preamble. */
        return (uint32_t)(192u + ((uint64_t)len + 43u) * 8u * 1000000u / m->bit_rate);
    }
    return 0;
}
