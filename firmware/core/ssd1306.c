/* The commands and their order follow the SSD1306 datasheet (Solomon Systech, rev. 1.1, April
 * 2008): the "Software Initialization" flow chart of its application example, with the charge
 * pump of application note "Charge Pump Regulator" (8Dh 14h before AFh), since the usual
 * modules have no external VCC. */
#include "ssd1306.h"

#include <string.h>

#include "display.h"
#include "font5x7.h"

#define MAX_WRITE (1u + SSD1306_CHUNK)

static const uint8_t INIT_SEQUENCE[] = {
    0xAE,       /* display off while it is set up */
    0xD5, 0x80, /* display clock: divide ratio 1, oscillator at its reset value */
    0xA8, 0x3F, /* multiplex ratio: 64 rows */
    0xD3, 0x00, /* display offset 0 */
    0x40,       /* start line 0 */
    0x8D, 0x14, /* charge pump on */
    0x20, 0x00, /* memory addressing: horizontal, so a flush is the framebuffer in order */
    0xA1,       /* segment remap: column 127 on SEG0, the modules' mounting */
    0xC8,       /* COM scan from COM63 down: together with A1, the picture upright */
    0xDA, 0x12, /* COM pins: alternative configuration, as 128x64 panels are wired */
    0x81, 0xCF, /* contrast */
    0xD9, 0xF1, /* pre-charge: phase 1 one clock, phase 2 fifteen (internal charge pump) */
    0xDB, 0x40, /* VCOMH deselect level */
    0xA4,       /* show the RAM, not all pixels on */
    0xA6,       /* normal, not inverted */
    0xAF,       /* display on */
};

/* The window of a flush: every column, every page; the address then wraps back to (0, 0). */
static const uint8_t WINDOW[] = {0x21, 0x00, SSD1306_WIDTH - 1u, 0x22, 0x00, SSD1306_PAGES - 1u};

/* One write, tried at most SSD1306_TRIES times: a glitch on the bus (a missed ack) is common
 * on long wires and costs one repeat, but a missing screen must not hang the relay's loop. */
static int send(ssd1306_t *screen, uint8_t control, const uint8_t *bytes, size_t len)
{
    uint8_t buf[MAX_WRITE];

    if (len > SSD1306_CHUNK) {
        return -1;
    }
    buf[0] = control;
    memcpy(buf + 1, bytes, len);
    for (unsigned attempt = 0; attempt < SSD1306_TRIES; attempt++) {
        if (attempt) {
            screen->retries++;
        }
        if (screen->i2c.write(screen->i2c.ctx, screen->addr, buf, len + 1u) == 0) {
            return 0;
        }
    }
    screen->failures++;
    return -1;
}

static int send_all(ssd1306_t *screen, uint8_t control, const uint8_t *bytes, size_t len)
{
    for (size_t off = 0; off < len; off += SSD1306_CHUNK) {
        size_t n = len - off < SSD1306_CHUNK ? len - off : SSD1306_CHUNK;
        if (send(screen, control, bytes + off, n) != 0) {
            return -1;
        }
    }
    return 0;
}

void ssd1306_setup(ssd1306_t *screen, const i2c_hal_t *i2c, uint8_t addr7)
{
    memset(screen, 0, sizeof *screen);
    screen->i2c = *i2c;
    screen->addr = addr7;
}

int ssd1306_init(ssd1306_t *screen)
{
    return send_all(screen, SSD1306_CONTROL_COMMANDS, INIT_SEQUENCE, sizeof INIT_SEQUENCE);
}

void ssd1306_clear(ssd1306_t *screen) { memset(screen->fb, 0, sizeof screen->fb); }

void ssd1306_pixel(ssd1306_t *screen, unsigned x, unsigned y, int on)
{
    uint8_t *byte;
    if (x >= SSD1306_WIDTH || y >= SSD1306_HEIGHT) {
        return;
    }
    byte = &screen->fb[(y / 8u) * SSD1306_WIDTH + x];
    if (on) {
        *byte = (uint8_t)(*byte | 1u << (y % 8u));
    } else {
        *byte = (uint8_t)(*byte & ~(1u << (y % 8u)));
    }
}

int ssd1306_get_pixel(const ssd1306_t *screen, unsigned x, unsigned y)
{
    if (x >= SSD1306_WIDTH || y >= SSD1306_HEIGHT) {
        return 0;
    }
    return screen->fb[(y / 8u) * SSD1306_WIDTH + x] >> (y % 8u) & 1u;
}

/* A cell is one page high, so a glyph is its five column bytes copied in, plus a blank one. */
static void glyph(ssd1306_t *screen, unsigned col, unsigned row, char c)
{
    unsigned char u = (unsigned char)c;
    unsigned index = u >= FONT5X7_FIRST && u < FONT5X7_FIRST + FONT5X7_GLYPHS
                         ? u - FONT5X7_FIRST
                         : (unsigned)'?' - FONT5X7_FIRST;
    uint8_t *at = &screen->fb[row * SSD1306_WIDTH + col * SSD1306_CELL_W];

    memcpy(at, FONT5X7[index], FONT5X7_WIDTH);
    at[FONT5X7_WIDTH] = 0;
}

void ssd1306_text(ssd1306_t *screen, unsigned col, unsigned row, const char *text, size_t len)
{
    if (row >= SSD1306_ROWS) {
        return;
    }
    for (size_t k = 0; k < len && col + k < SSD1306_COLS; k++) {
        glyph(screen, (unsigned)(col + k), row, text[k]);
    }
}

void ssd1306_draw_lines(ssd1306_t *screen, const char *text)
{
    unsigned row = 0;
    const char *line = text;

    ssd1306_clear(screen);
    while (row < SSD1306_ROWS) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        ssd1306_text(screen, 0, row++, line, len);
        if (!end) {
            break;
        }
        line = end + 1;
    }
}

int ssd1306_flush(ssd1306_t *screen)
{
    if (send(screen, SSD1306_CONTROL_COMMANDS, WINDOW, sizeof WINDOW) != 0) {
        return -1;
    }
    return send_all(screen, SSD1306_CONTROL_DATA, screen->fb, sizeof screen->fb);
}

int ssd1306_show(ssd1306_t *screen, const struct relay *relay)
{
    char text[SSD1306_TEXT_CAP];

    if (display_render(relay, text, sizeof text, SSD1306_COLS, SSD1306_ROWS) == 0) {
        text[0] = 0; /* nothing to show (no items): a blank screen */
    }
    ssd1306_draw_lines(screen, text);
    return ssd1306_flush(screen);
}
