#include "espnow_modem.h"

#define MHZ 1000000u

uint8_t espnow_channel(uint32_t freq_hz)
{
    uint32_t first = espnow_channel_hz(ESPNOW_FIRST_CHANNEL);

    if (freq_hz < first || (freq_hz - first) % (5u * MHZ) != 0u) {
        return 0;
    }
    if ((freq_hz - first) / (5u * MHZ) > ESPNOW_LAST_CHANNEL - ESPNOW_FIRST_CHANNEL) {
        return 0;
    }
    return (uint8_t)(ESPNOW_FIRST_CHANNEL + (freq_hz - first) / (5u * MHZ));
}

uint32_t espnow_channel_hz(uint8_t channel)
{
    if (channel < ESPNOW_FIRST_CHANNEL || channel > ESPNOW_LAST_CHANNEL) {
        return 0;
    }
    return (2407u + 5u * channel) * MHZ;
}

espnow_rate_t espnow_rate(uint32_t bit_rate)
{
    switch (bit_rate) {
    case 1000000u:
        return ESPNOW_RATE_1M;
    case 500000u:
        return ESPNOW_RATE_LR_500K;
    case 250000u:
        return ESPNOW_RATE_LR_250K;
    default:
        return ESPNOW_RATE_BAD;
    }
}

int espnow_modem_ok(const radio_modem_t *m)
{
    return m != 0 && m->kind == RADIO_ESPNOW && espnow_channel(m->freq_hz) != 0 &&
           espnow_rate(m->bit_rate) != ESPNOW_RATE_BAD;
}
