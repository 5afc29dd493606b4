/* The SSD1306 on the host: an emulated controller behind the I2C hook, decoding the command
 * stream enough to rebuild the panel's memory (GDDRAM) from the data writes, so the Python
 * test can compare what reached the "glass" with the driver's framebuffer. Exported for
 * ctypes with plain integers and byte pointers; the state lives in a caller's buffer of
 * ssd1306_host_size() bytes.
 *
 * Emulated: the control byte (Co = 0 only: the driver never mixes), commands with their
 * argument counts (datasheet table 9), the column (21h) and page (22h) windows, memory mode
 * (20h): horizontal addressing, and page addressing (B0h-B7h, 00h-1Fh), the chip's reset mode,
 * so a driver that forgot 20h 00h fills one page over and over and the test sees it; display
 * on/off. Anything else, vertical addressing included, is counted as unknown, not guessed at.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "display.h"
#include "ssd1306.h"

typedef struct {
    uint8_t gddram[SSD1306_FB];
    uint8_t mode; /* 0 horizontal, 2 page */
    uint8_t col, page, col_lo, col_hi, page_lo, page_hi;
    uint8_t on;
    uint8_t cmd;      /* command whose arguments are still coming */
    uint8_t need;     /* how many */
    uint8_t got;
    uint8_t args[2];
    uint32_t writes, data_bytes, command_bytes, longest, unknown, wrong_address;
    uint32_t fail_next; /* writes to refuse (a missing ack) */
} panel_t;

typedef struct {
    ssd1306_t screen;
    panel_t panel;
} ssd1306_host_t;

static int argument_count(uint8_t cmd)
{
    switch (cmd) {
    case 0x21: /* column window */
    case 0x22: /* page window */
        return 2;
    case 0x20: case 0x81: case 0x8D: case 0xA8: case 0xD3: case 0xD5: case 0xD9: case 0xDA:
    case 0xDB:
        return 1;
    case 0x40: case 0xA0: case 0xA1: case 0xA4: case 0xA5: case 0xA6: case 0xA7: case 0xAE:
    case 0xAF: case 0xC0: case 0xC8:
        return 0;
    default:
        if ((cmd >= 0x40 && cmd <= 0x7F) || (cmd >= 0xB0 && cmd <= 0xB7) || cmd <= 0x1F) {
            return 0; /* start line, page start, column start nibbles */
        }
        return -1;
    }
}

static void run_command(panel_t *p)
{
    switch (p->cmd) {
    case 0x20:
        if ((p->args[0] & 3u) == 0 || (p->args[0] & 3u) == 2) {
            p->mode = p->args[0] & 3u;
        } else {
            p->unknown++;
        }
        break;
    case 0x21:
        p->col_lo = p->args[0] & 0x7Fu;
        p->col_hi = p->args[1] & 0x7Fu;
        p->col = p->col_lo;
        break;
    case 0x22:
        p->page_lo = p->args[0] & 7u;
        p->page_hi = p->args[1] & 7u;
        p->page = p->page_lo;
        break;
    case 0xAE:
        p->on = 0;
        break;
    case 0xAF:
        p->on = 1;
        break;
    default:
        if (p->cmd >= 0xB0 && p->cmd <= 0xB7) {
            p->page = p->cmd & 7u;
        } else if (p->cmd <= 0x0F) {
            p->col = (uint8_t)((p->col & 0xF0u) | p->cmd);
        } else if (p->cmd <= 0x1F) {
            p->col = (uint8_t)(((p->cmd & 0x07u) << 4) | (p->col & 0x0Fu));
        }
        break;
    }
}

static void command_byte(panel_t *p, uint8_t byte)
{
    int n;
    p->command_bytes++;
    if (p->need) {
        p->args[p->got++] = byte;
        if (--p->need == 0) {
            run_command(p);
        }
        return;
    }
    n = argument_count(byte);
    if (n < 0) {
        p->unknown++;
        return;
    }
    p->cmd = byte;
    p->got = 0;
    p->need = (uint8_t)n;
    if (n == 0) {
        run_command(p);
    }
}

/* The address pointer's walk after each data byte (datasheet 10.1.3). */
static void data_byte(panel_t *p, uint8_t byte)
{
    p->data_bytes++;
    p->gddram[(p->page & 7u) * SSD1306_WIDTH + (p->col & 0x7Fu)] = byte;
    if (p->mode == 0) {
        if (p->col >= p->col_hi) {
            p->col = p->col_lo;
            p->page = p->page >= p->page_hi ? p->page_lo : (uint8_t)(p->page + 1);
        } else {
            p->col++;
        }
    } else {
        p->col = (uint8_t)((p->col + 1u) & 0x7Fu); /* page mode: stays on its page */
    }
}

static int panel_write(void *ctx, uint8_t addr7, const uint8_t *data, size_t len)
{
    panel_t *p = ctx;
    p->writes++;
    if (len > p->longest) {
        p->longest = (uint32_t)len;
    }
    if (p->fail_next) {
        p->fail_next--;
        return -1;
    }
    if (addr7 != SSD1306_ADDR) {
        p->wrong_address++;
        return -1; /* nobody there: no ack */
    }
    if (len < 1 || (data[0] & 0x80u)) {
        p->unknown++; /* Co = 1 (a control byte per byte) is not what the driver sends */
        return 0;
    }
    for (size_t k = 1; k < len; k++) {
        if (data[0] & 0x40u) {
            data_byte(p, data[k]);
        } else {
            command_byte(p, data[k]);
        }
    }
    return 0;
}

size_t ssd1306_host_size(void) { return sizeof(ssd1306_host_t); }

/* The panel as it powers up: page addressing, full windows, memory not cleared (here zero). */
ssd1306_host_t *ssd1306_host_init(void *mem, size_t size)
{
    ssd1306_host_t *h = mem;
    i2c_hal_t bus;
    if (size < sizeof *h) {
        return NULL;
    }
    memset(h, 0, sizeof *h);
    h->panel.mode = 2;
    h->panel.col_hi = SSD1306_WIDTH - 1u;
    h->panel.page_hi = SSD1306_PAGES - 1u;
    bus.ctx = &h->panel;
    bus.write = panel_write;
    ssd1306_setup(&h->screen, &bus, SSD1306_ADDR);
    return h;
}

int ssd1306_host_power_on(ssd1306_host_t *h) { return ssd1306_init(&h->screen); }

/* A DISPLAY_PUT body (after the type byte) drawn as ssd1306_show would draw a relay's. */
int ssd1306_host_draw_items(ssd1306_host_t *h, const uint8_t *body, size_t len, char *text,
                            size_t cap)
{
    display_t display;
    char lines[SSD1306_TEXT_CAP];
    int kept;
    size_t n;

    memset(&display, 0, sizeof display);
    kept = display_put(&display, body, len);
    if (kept < 0) {
        return -1;
    }
    n = display_format(&display, lines, sizeof lines, SSD1306_COLS, SSD1306_ROWS);
    ssd1306_draw_lines(&h->screen, lines);
    if (cap > 0) {
        size_t k = n < cap - 1 ? n : cap - 1;
        memcpy(text, lines, k);
        text[k] = 0;
    }
    return kept;
}

void ssd1306_host_text(ssd1306_host_t *h, unsigned col, unsigned row, const char *text,
                       size_t len)
{
    ssd1306_text(&h->screen, col, row, text, len);
}

int ssd1306_host_flush(ssd1306_host_t *h) { return ssd1306_flush(&h->screen); }

void ssd1306_host_fail_next(ssd1306_host_t *h, uint32_t writes) { h->panel.fail_next = writes; }

void ssd1306_host_framebuffer(const ssd1306_host_t *h, uint8_t out[SSD1306_FB])
{
    memcpy(out, h->screen.fb, SSD1306_FB);
}

void ssd1306_host_gddram(const ssd1306_host_t *h, uint8_t out[SSD1306_FB])
{
    memcpy(out, h->panel.gddram, SSD1306_FB);
}

/* writes, data bytes, command bytes, longest write, unknown, wrong address, on, mode,
 * driver retries, driver failures */
void ssd1306_host_stats(const ssd1306_host_t *h, uint32_t out[10])
{
    const panel_t *p = &h->panel;
    out[0] = p->writes;
    out[1] = p->data_bytes;
    out[2] = p->command_bytes;
    out[3] = p->longest;
    out[4] = p->unknown;
    out[5] = p->wrong_address;
    out[6] = p->on;
    out[7] = p->mode;
    out[8] = h->screen.retries;
    out[9] = h->screen.failures;
}
