/* ctypes entry points for tests/test_espidf_port.py: the portable parts of the ESP-IDF glue
 * (the ring between the Wi-Fi task and the loop, the ESP-NOW modem's channel and rate, the
 * display's change count the port redraws on). The glue's IDF calls themselves only build
 * with ESP-IDF (firmware/README.md). */
#include <stdint.h>
#include <string.h>

#include "display.h"
#include "espnow_modem.h"
#include "radio_ring.h"

size_t espidf_host_ring_size(void) { return sizeof(radio_ring_t); }

size_t espidf_host_event_size(void) { return sizeof(radio_event_t); }

uint32_t espidf_host_ring_dropped(const radio_ring_t *ring) { return ring->dropped; }

uint32_t espidf_host_ring_refused(const radio_ring_t *ring) { return ring->refused; }

unsigned espidf_host_ring_count(const radio_ring_t *ring) { return ring->count; }

/* display_put on a fresh display, `times` times with the same body: the change count after,
 * or -1 if a put failed. With `then_bad`, one malformed body follows (it must not count). */
int64_t espidf_host_display_changes(const uint8_t *body, size_t len, unsigned times,
                                    int then_bad)
{
    display_t display;
    memset(&display, 0, sizeof display);
    for (unsigned k = 0; k < times; k++) {
        if (display_put(&display, body, len) < 0) {
            return -1;
        }
    }
    if (then_bad) {
        static const uint8_t bad[] = {9};
        if (display_put(&display, bad, sizeof bad) >= 0) {
            return -1;
        }
    }
    return (int64_t)display.changes;
}
