/* What radio_airtime.c offers besides radio_airtime_us (declared in radio.h, the contract). */
#ifndef OBAMBU_RADIO_AIRTIME_H
#define OBAMBU_RADIO_AIRTIME_H

#include <stdint.h>

#include "radio.h"

/* 1 when a LoRa symbol lasts 16 ms or more (SF11 and SF12 at 125 kHz, SF12 at 250 kHz): the
 * drivers then set the chip's low data rate optimisation, and the time on air counts it.
 * radio_airtime_us gives UINT32_MAX for a modem it cannot compute (SF outside 7..12, coding
 * rate outside 5..8, no bandwidth or bit rate, too long a packet), so such a packet never fits
 * a duty-cycle budget. */
int radio_low_data_rate(uint8_t sf, uint32_t bw_hz);

#endif
