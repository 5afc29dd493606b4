#include "radio_ring.h"

#include <string.h>

void radio_ring_init(radio_ring_t *ring)
{
    memset(ring, 0, sizeof *ring);
}

int radio_ring_push(radio_ring_t *ring, const uint8_t *data, int len, int16_t rssi_dbm,
                    int8_t snr_db)
{
    radio_event_t *slot;

    if (data == NULL || len <= 0 || (unsigned)len > RADIO_MAX_PACKET) {
        ring->refused++;
        return -1;
    }
    if (ring->count == RADIO_RING_SLOTS) {
        /* Dropping the newest keeps the older packets, which may complete an object the mesh
         * is reassembling; the mesh's NEEDs ask again for what was lost. */
        ring->dropped++;
        return -1;
    }
    slot = &ring->slots[(ring->head + ring->count) % RADIO_RING_SLOTS];
    slot->kind = RADIO_EV_RX;
    slot->len = (uint8_t)len;
    slot->rssi_dbm = rssi_dbm;
    slot->snr_db = snr_db;
    memcpy(slot->data, data, (size_t)len);
    ring->count++;
    return 0;
}

int radio_ring_pop(radio_ring_t *ring, radio_event_t *ev)
{
    if (ring->count == 0) {
        ev->kind = RADIO_EV_NONE;
        return 0;
    }
    *ev = ring->slots[ring->head];
    ring->head = (uint8_t)((ring->head + 1u) % RADIO_RING_SLOTS);
    ring->count--;
    return 1;
}
