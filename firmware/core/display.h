/* The text of the "low-tech box" display: the latest P0/P1 forum items the laptop sent with
 * DISPLAY_PUT, each line led by a badge ('+' signature valid, '!' invalid, '?' unsigned) and the
 * priority, word-wrapped, in plain ASCII because small OLED fonts have no accents.
 * app/sync/relay.py render_display() is the reference; golden vectors compare both.
 */
#ifndef OBAMBU_DISPLAY_H
#define OBAMBU_DISPLAY_H

#include <stddef.h>
#include <stdint.h>

#define DISPLAY_ITEMS 8u
#define DISPLAY_TITLE 120u
#define DISPLAY_MIN_COLS 8u
#define DISPLAY_MAX_COLS 80u
#define DISPLAY_MAX_ROWS 32u

typedef struct {
    uint8_t priority; /* 0 or 1: the others are not kept */
    uint8_t badge;    /* 0 unsigned, 1 signature valid, 2 signature invalid */
    uint8_t len;
    uint8_t title[DISPLAY_TITLE];
} display_item_t;

typedef struct {
    display_item_t items[DISPLAY_ITEMS]; /* P0 first, then P1, each in the order sent */
    uint8_t count;
    /* Bodies display_put took: a screen redraws when this moves, not on every loop. */
    uint32_t changes;
} display_t;

/* Takes a DISPLAY_PUT body (after the type byte) and replaces the items (counting one more
 * change); returns how many were kept, or -1 if the body is malformed (the display is then
 * left as it was, its change count too). */
int display_put(display_t *display, const uint8_t *body, size_t len);

/* Writes the lines, joined by '\n' and NUL-terminated, into `out`; returns their length, or 0
 * when `cols`/`rows` are out of range or `cap` < rows * (cols + 1) + 1. */
size_t display_format(const display_t *display, char *out, size_t cap, unsigned cols,
                      unsigned rows);

struct relay;
size_t display_render(const struct relay *relay, char *out, size_t cap, unsigned cols,
                      unsigned rows);

#endif
