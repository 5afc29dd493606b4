/* The screen's font: printable ASCII (0x20 to 0x7E) in 5x7 dots, which is all display.c ever
 * produces (it folds accents and replaces the rest with '?'). firmware/tools/make_font5x7.py
 * writes font5x7.c from its drawings. */
#ifndef OBAMBU_FONT5X7_H
#define OBAMBU_FONT5X7_H

#include <stdint.h>

#define FONT5X7_FIRST 0x20u
#define FONT5X7_GLYPHS 95u
#define FONT5X7_WIDTH 5u  /* column bytes per glyph, bit 0 the top row */
#define FONT5X7_HEIGHT 7u

extern const uint8_t FONT5X7[FONT5X7_GLYPHS][FONT5X7_WIDTH];

#endif
