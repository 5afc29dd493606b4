/* The display box's screen: an SSD1306 128x64 OLED on I2C, showing display_render()'s text.
 *
 * The picture is drawn in a 1024-byte framebuffer laid out as the chip's own memory (GDDRAM):
 * 8 pages of 8 pixel rows, one byte per column and page, bit 0 the top row of the page. With
 * horizontal addressing the flush is then the framebuffer as it is, in I2C writes of at most
 * SSD1306_CHUNK data bytes, each retried at most SSD1306_TRIES times.
 */
#ifndef OBAMBU_SSD1306_H
#define OBAMBU_SSD1306_H

#include <stddef.h>
#include <stdint.h>

#include "i2c_hal.h"

#define SSD1306_WIDTH 128u
#define SSD1306_HEIGHT 64u
#define SSD1306_PAGES (SSD1306_HEIGHT / 8u)
#define SSD1306_FB (SSD1306_WIDTH * SSD1306_PAGES) /* 1024 bytes */
#define SSD1306_ADDR 0x3Cu /* SA0 low, the address of the common modules */
/* Data bytes per write: many I2C drivers buffer 32 bytes (Arduino's Wire, some ESP-IDF
 * examples), and a short write keeps a bus error cheap to repeat. */
#define SSD1306_CHUNK 32u
#define SSD1306_TRIES 3u
/* The control byte before the bytes of one write (datasheet 8.1.5.2): Co = 0, D/C# selects. */
#define SSD1306_CONTROL_COMMANDS 0x00u
#define SSD1306_CONTROL_DATA 0x40u

/* Text: 5x7 glyphs in 6x8 cells, so 21 columns by 8 rows. */
#define SSD1306_CELL_W 6u
#define SSD1306_CELL_H 8u
#define SSD1306_COLS (SSD1306_WIDTH / SSD1306_CELL_W)
#define SSD1306_ROWS (SSD1306_HEIGHT / SSD1306_CELL_H)
/* What display_format() needs for that many rows and columns, with its NUL. */
#define SSD1306_TEXT_CAP (SSD1306_ROWS * (SSD1306_COLS + 1u) + 1u)

typedef struct {
    i2c_hal_t i2c;
    uint8_t addr;
    uint8_t fb[SSD1306_FB];
    uint32_t retries;  /* writes that failed and were tried again */
    uint32_t failures; /* writes that failed SSD1306_TRIES times: the call returned -1 */
} ssd1306_t;

/* Keeps the bus and the address, clears the framebuffer; sends nothing. */
void ssd1306_setup(ssd1306_t *screen, const i2c_hal_t *i2c, uint8_t addr7);

/* Sends the power-on sequence; returns 0, or -1 when a write failed SSD1306_TRIES times. */
int ssd1306_init(ssd1306_t *screen);

void ssd1306_clear(ssd1306_t *screen);

/* Pixels outside the panel are ignored. */
void ssd1306_pixel(ssd1306_t *screen, unsigned x, unsigned y, int on);
int ssd1306_get_pixel(const ssd1306_t *screen, unsigned x, unsigned y);

/* Draws `len` characters from cell (col, row); anything outside printable ASCII is drawn as
 * '?', and what falls past the right edge is cut. */
void ssd1306_text(ssd1306_t *screen, unsigned col, unsigned row, const char *text, size_t len);

/* Clears, then draws display_format()-style text: lines split on '\n', one per text row. */
void ssd1306_draw_lines(ssd1306_t *screen, const char *text);

/* Sends the whole framebuffer; returns 0, or -1 when a write failed SSD1306_TRIES times. */
int ssd1306_flush(ssd1306_t *screen);

struct relay;
/* display_render() at the screen's size, drawn and flushed; returns ssd1306_flush's result. */
int ssd1306_show(ssd1306_t *screen, const struct relay *relay);

#endif
