/* A bounded ring of radio_event_t between a radio's receive path and the loop that polls it.
 * ESP-NOW hands each packet to a callback in the Wi-Fi task, which must not block and must not
 * call the core: the callback pushes here, the loop pops in radio_ops_t.poll. The ring itself
 * has no lock (the core is single-threaded and portable); a port whose producer runs in another
 * task or an interrupt wraps every call in its own critical section.
 */
#ifndef OBAMBU_RADIO_RING_H
#define OBAMBU_RADIO_RING_H

#include <stddef.h>
#include <stdint.h>

#include "radio.h"

/* 8 packets: the mesh polls every few ms, and a burst of 8 back-to-back ESP-NOW packets of
 * 250 bytes lasts at least 8 x 2.5 ms at 1 Mbit/s. 2 KB of RAM. */
#define RADIO_RING_SLOTS 8u

typedef struct {
    radio_event_t slots[RADIO_RING_SLOTS];
    uint8_t head;      /* next to pop */
    uint8_t count;
    uint32_t dropped;  /* pushed while full: lost, counted */
    uint32_t refused;  /* a length of 0 or over RADIO_MAX_PACKET: never stored */
} radio_ring_t;

void radio_ring_init(radio_ring_t *ring);

/* Copies one received packet in; 0, or -1 when it was refused (length) or the ring was full
 * (dropped: the newest is lost, what waits keeps its order). `len` is an int because radio
 * callbacks (ESP-NOW's) give one, and a negative one is hostile too. */
int radio_ring_push(radio_ring_t *ring, const uint8_t *data, int len, int16_t rssi_dbm,
                    int8_t snr_db);

/* The oldest packet as a RADIO_EV_RX event; 0 and ev->kind RADIO_EV_NONE when empty, 1 when
 * one was taken. */
int radio_ring_pop(radio_ring_t *ring, radio_event_t *ev);

#endif
