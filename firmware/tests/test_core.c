/* The core's unit tests as one C program, besides the Python ctypes tests: the same golden
 * vectors (test_vectors.h, from tests/vectors/firmware) and hand-picked cases, so the core is
 * checked where Python cannot go: built for RV32IMAC (the ESP32-C3 class) with picolibc and run
 * under qemu-riscv32, where pointers and size_t are 32 bits and plain char is unsigned.
 * One line per test ("ok name" or "FAIL name"), then a summary; the exit status is 1 when any
 * test failed. Nothing here allocates: everything is static or on the stack.
 */
#include <stdio.h>
#include <string.h>

#include "cobs.h"
#include "config.h"
#include "crc32c.h"
#include "display.h"
#include "frame.h"
#include "queue.h"
#include "relay.h"
#include "ssd1306.h"
#include "test_radio.h"
#include "test_vectors.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int failed; /* the current test */
static int failures;
static int tests;

#define CHECK(cond)                                                                       \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            printf("  %s:%d: %s\n", __FILE__, __LINE__, #cond);                           \
            failed = 1;                                                                   \
        }                                                                                 \
    } while (0)

static void run(const char *name, void (*test)(void))
{
    failed = 0;
    test();
    tests++;
    failures += failed;
    printf("%s %s\n", failed ? "FAIL" : "ok", name);
}

/* --- crc32c, cobs, frame ------------------------------------------------------------------ */

static void test_crc32c_vectors(void)
{
    for (size_t k = 0; k < COUNT(CRC_VECTORS); k++) {
        CHECK(crc32c(CRC_VECTORS[k].data, CRC_VECTORS[k].len) == CRC_VECTORS[k].crc);
    }
    /* continuing a sum gives the sum of the whole */
    CHECK(crc32c_update(crc32c(CRC_HEAD.data, CRC_HEAD.len), CRC_TAIL.data, CRC_TAIL.len) ==
          CRC_RUNNING);
}

static void test_cobs_vectors(void)
{
    static uint8_t out[2048];
    for (size_t k = 0; k < COUNT(COBS_VECTORS); k++) {
        const cobs_vector_t *v = &COBS_VECTORS[k];
        size_t len = 0;
        CHECK(v->encoded_len <= sizeof out);
        CHECK(cobs_encode(v->decoded, v->decoded_len, out, sizeof out) == v->encoded_len);
        CHECK(memcmp(out, v->encoded, v->encoded_len) == 0);
        CHECK(cobs_decode(v->encoded, v->encoded_len, out, sizeof out, &len) == 0);
        CHECK(len == v->decoded_len && memcmp(out, v->decoded, len) == 0);
        if (v->decoded_len > 0) { /* one byte short of room: refused, not overrun */
            CHECK(cobs_encode(v->decoded, v->decoded_len, out, v->encoded_len - 1) == 0);
        }
    }
    for (size_t k = 0; k < COUNT(COBS_INVALID); k++) {
        size_t len = 0;
        CHECK(cobs_decode(COBS_INVALID[k].data, COBS_INVALID[k].len, out, sizeof out, &len) == -1);
    }
}

static void test_frame_vectors(void)
{
    static uint8_t wire[FRAME_MAX_WIRE];
    static frame_t frame, back;
    for (size_t k = 0; k < COUNT(FRAME_VECTORS); k++) {
        const frame_vector_t *v = &FRAME_VECTORS[k];
        memset(&frame, 0, sizeof frame);
        frame.kind = (uint8_t)v->kind;
        frame.seq = (uint16_t)v->seq;
        frame.ack = (uint16_t)v->ack;
        frame.sack = v->sack;
        frame.len = (uint8_t)v->len;
        memcpy(frame.payload, v->payload, v->len);
        CHECK(frame_encode(&frame, wire, sizeof wire) == v->wire_len);
        CHECK(memcmp(wire, v->wire, v->wire_len) == 0);
        /* decoded without its delimiter */
        CHECK(frame_decode(v->wire, v->wire_len - 1, &back) == FRAME_OK);
        CHECK(back.kind == frame.kind && back.seq == frame.seq && back.ack == frame.ack);
        if (v->kind == FRAME_ACK) {
            CHECK(back.sack == v->sack);
        } else {
            CHECK(back.len == v->len && memcmp(back.payload, v->payload, v->len) == 0);
        }
    }
    for (size_t k = 0; k < COUNT(FRAME_REJECTS); k++) {
        CHECK((unsigned)frame_decode(FRAME_REJECTS[k].encoded, FRAME_REJECTS[k].len, &back) ==
              FRAME_REJECTS[k].reason);
    }
}

static void test_frame_reader_skips_noise(void)
{
    static uint8_t stream[3 * FRAME_MAX_WIRE];
    static frame_reader_t reader;
    static frame_t frame, got_frame;
    size_t len = 0;
    size_t pos = 0;
    int frames = 0;

    memset(&frame, 0, sizeof frame);
    frame.kind = FRAME_LAST;
    frame.seq = 7;
    frame.len = 3;
    memcpy(frame.payload, "abc", 3);
    memcpy(stream, "\x13\x37noise\x00", 8); /* garbage, then a delimiter */
    len = 8;
    len += frame_encode(&frame, stream + len, sizeof stream - len);
    frame_reader_init(&reader);
    while (pos < len) {
        int got = 0;
        pos += frame_reader_next(&reader, stream + pos, len - pos, &got_frame, &got);
        frames += got;
    }
    CHECK(frames == 1);
    CHECK(got_frame.seq == 7 && got_frame.len == 3 && memcmp(got_frame.payload, "abc", 3) == 0);
    CHECK(reader.rejected == 1);
}

static void test_frame_stream_in_chunks(void)
{
    static frame_reader_t reader;
    static frame_t frame;
    for (size_t k = 0; k < COUNT(FRAME_READS); k++) {
        const frame_read_t *read = &FRAME_READS[k];
        unsigned seqs = 0;
        int in_order = 1;
        frame_reader_init(&reader);
        for (size_t start = 0; start < FRAME_STREAM.len; start += read->chunk) {
            size_t end = start + read->chunk < FRAME_STREAM.len ? start + read->chunk
                                                                : FRAME_STREAM.len;
            size_t pos = start;
            while (pos < end) {
                int got = 0;
                pos += frame_reader_next(&reader, FRAME_STREAM.data + pos, end - pos, &frame, &got);
                if (got) {
                    in_order &= seqs < read->seq_count && frame.seq == read->seqs[seqs];
                    seqs++;
                }
            }
        }
        CHECK(in_order && seqs == read->seq_count);
        for (unsigned r = 1; r < FRAME_REASONS; r++) {
            CHECK(reader.reasons[r] == read->reasons[r]);
        }
    }
}

/* --- config ------------------------------------------------------------------------------- */

static void test_config_vectors(void)
{
    static config_t config;
    static uint8_t out[CONFIG_SIZE];
    for (size_t k = 0; k < COUNT(CONFIG_VECTORS); k++) {
        const config_vector_t *v = &CONFIG_VECTORS[k];
        CHECK(config_parse(v->record, v->len, &config) == CONFIG_OK);
        config_build(&config, out);
        CHECK(memcmp(out, v->record, CONFIG_SIZE) == 0);
        config_build_public(&config, out);
        CHECK(memcmp(out, v->public_record, CONFIG_SIZE) == 0);
    }
    for (size_t k = 0; k < COUNT(CONFIG_REJECTS); k++) {
        CHECK((unsigned)config_parse(CONFIG_REJECTS[k].record, CONFIG_REJECTS[k].len, &config) ==
              CONFIG_REJECTS[k].status);
    }
}

static void test_config_default_is_unconfigured(void)
{
    static const uint8_t device[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    static config_t config, back;
    static uint8_t record[CONFIG_SIZE];
    config_default(&config, device);
    CHECK(!config_is_configured(&config));
    CHECK(memcmp(config.device, device, 8) == 0);
    config_build(&config, record);
    CHECK(config_parse(record, sizeof record, &back) == CONFIG_OK);
    CHECK(memcmp(back.device, device, 8) == 0 && back.baud == config.baud);
}

/* The modem a record's radio bytes ask for: on only within the country's plan. */
static void test_config_modem(void)
{
    static const uint8_t device[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    static config_t c;
    radio_modem_t m;
    config_default(&c, device);
    CHECK(config_modem(&c, &m) == -1); /* no country: the radio stays off */
    memcpy(c.country, "FR", 2);
    c.radio_kind = RADIO_LORA;
    c.band = 2; /* 869.4-869.65 MHz, 10 %, 27 dBm ERP */
    c.radio_channel = 1;
    c.tx_power_dbm = 19;
    c.spreading_factor = 10;
    c.coding_rate = 5;
    CHECK(config_modem(&c, &m) == 0);
    CHECK(m.freq_hz == 869587500u && m.bw_hz == 125000u && m.sf == 10 && m.cr == 5);
    c.radio_channel = 2; /* a third 125 kHz channel would end past 869.65 MHz */
    CHECK(config_modem(&c, &m) == -1);
    c.radio_channel = 0;
    c.band = 0; /* 14 dBm ERP: 13 dBm at the pin through 3 dBi */
    c.tx_power_dbm = 14;
    CHECK(config_modem(&c, &m) == -1);
    c.tx_power_dbm = 13;
    CHECK(config_modem(&c, &m) == 0 && m.freq_hz == 868062500u);
    memcpy(c.country, "CM", 2); /* no plan sourced */
    CHECK(config_modem(&c, &m) == -1);
    memcpy(c.country, "FR", 2);
    c.radio_kind = RADIO_ESPNOW; /* the band is LoRa's */
    CHECK(config_modem(&c, &m) == -1);
    c.band = 5;
    c.radio_channel = 6;
    CHECK(config_modem(&c, &m) == 0 && m.freq_hz == 2437000000u && m.bit_rate == 1000000u);
    c.radio_channel = 14; /* not on the Wi-Fi 1..13 grid */
    CHECK(config_modem(&c, &m) == -1);
}

/* --- queue -------------------------------------------------------------------------------- */

static uint8_t arena[16384];
static queue_t queue;

static void object_id(uint8_t id[QUEUE_ID], unsigned n)
{
    memset(id, 0, QUEUE_ID);
    id[0] = (uint8_t)n;
    id[1] = (uint8_t)(n >> 8);
}

/* PROTOCOL.md section 4's scenario, step by step against make_vectors.py's model. */
static void test_queue_vectors(void)
{
    static uint8_t data[QUEUE_MAX_OBJECT];
    queue_init(&queue, arena, QUEUE_V_CAP, QUEUE_V_BUDGET, QUEUE_V_CLASSES, QUEUE_V_HOP_LIMIT);
    for (size_t k = 0; k < COUNT(QUEUE_OPS) && !failed; k++) {
        const queue_op_t *op = &QUEUE_OPS[k];
        size_t offset = 0;
        unsigned n = 0;
        queue_obj_t obj;
        switch (op->op) {
        case 'p':
            for (unsigned i = 0; i < op->len && i < sizeof data; i++) {
                data[i] = (uint8_t)((i + op->len) % 251u);
            }
            CHECK((int)queue_put(&queue, op->id, (uint8_t)op->cls, (uint8_t)op->hops, op->ttl,
                                 data, op->len, op->now) == op->expect);
            break;
        case 's':
            while (queue_walk(&queue, &offset, &obj)) {
                const queue_entry_t *e = &QUEUE_STATES[op->state_first + n];
                CHECK(n < op->state_count);
                if (n >= op->state_count) {
                    break;
                }
                CHECK(memcmp(obj.id, e->id, QUEUE_ID) == 0 && obj.cls == e->cls &&
                      obj.hops == e->hops && obj.len == e->len && obj.cursor == e->cursor &&
                      obj.expiry == e->expiry);
                CHECK(obj.len == 0 || obj.data[obj.len - 1] == (obj.len - 1 + obj.len) % 251u);
                n++;
            }
            CHECK(n == op->state_count);
            break;
        case 'c':
            queue_configure(&queue, op->budget, (uint8_t)op->classes, (uint8_t)op->hop_limit);
            break;
        case 'e':
            CHECK((int)queue_expire(&queue, op->now) == op->expect);
            break;
        case 'r':
            CHECK(queue_remove(&queue, op->id) == op->expect);
            break;
        default:
            CHECK(0);
        }
        if (failed) {
            printf("  op %lu (%c)\n", (unsigned long)k, op->op);
        }
    }
}

static void test_queue_put_get_duplicate(void)
{
    uint8_t id[QUEUE_ID];
    static const uint8_t data[5] = {1, 2, 3, 4, 5};
    queue_obj_t obj;

    queue_init(&queue, arena, sizeof arena, 1000, 0x7, 4);
    object_id(id, 1);
    CHECK(queue_put(&queue, id, 1, 0, 60, data, sizeof data, 100) == QUEUE_STORED);
    CHECK(queue_put(&queue, id, 1, 0, 60, data, sizeof data, 100) == QUEUE_DUPLICATE);
    CHECK(queue_get(&queue, id, 100, &obj) == 1);
    CHECK(obj.len == 5 && memcmp(obj.data, data, 5) == 0 && obj.cursor == 1 && obj.cls == 1);
    CHECK(queue_get(&queue, id, 161, &obj) == 0); /* expired */
    CHECK(queue_expire(&queue, 161) == 1);
    /* gone, but remembered: a copy arriving later is not taken again */
    CHECK(queue_put(&queue, id, 1, 0, 60, data, sizeof data, 162) == QUEUE_DUPLICATE);
}

/* Puts object n (one byte) and takes it out again: only its id stays, remembered. */
static void put_and_remove(unsigned n)
{
    uint8_t id[QUEUE_ID];
    static const uint8_t data[1] = {7};
    object_id(id, n);
    CHECK(queue_put(&queue, id, 1, 0, 60, data, sizeof data, 0) == QUEUE_STORED);
    CHECK(queue_remove(&queue, id) == 1);
}

static int remembered(unsigned n)
{
    uint8_t id[QUEUE_ID];
    object_id(id, n);
    return queue_remembered(&queue, id);
}

static void test_queue_forgets_one_id_and_keeps_the_order(void)
{
    uint8_t id[QUEUE_ID];
    unsigned n, all = 1;

    queue_init(&queue, arena, sizeof arena, 1000, 0x7, 4);
    for (n = 1; n <= 10; n++) {
        put_and_remove(n);
    }
    object_id(id, 5);
    queue_forget(&queue, id);
    put_and_remove(11);
    for (n = 1; n <= 11; n++) {
        all &= remembered(n) == (n != 5);
    }
    CHECK(all && queue.seen_count == 10);
    /* Full (the last 256 of 300), then one forgotten: the next id takes its place, the one
     * after pushes out the oldest. */
    queue_init(&queue, arena, sizeof arena, 1000, 0x7, 4);
    for (n = 1; n <= 300; n++) {
        put_and_remove(n);
    }
    object_id(id, 200);
    queue_forget(&queue, id);
    CHECK(!remembered(200) && remembered(45) && remembered(300) && !remembered(44));
    put_and_remove(301);
    CHECK(remembered(45) && remembered(301) && !remembered(200));
    put_and_remove(302);
    CHECK(!remembered(45) && remembered(46) && remembered(302));
    object_id(id, 200);
    CHECK(queue_put(&queue, id, 1, 0, 60, id, 1, 0) == QUEUE_STORED); /* taken again */
}

static void test_queue_refuses(void)
{
    uint8_t id[QUEUE_ID];
    static uint8_t big[QUEUE_MAX_OBJECT + 1];

    queue_init(&queue, arena, sizeof arena, 1000, 0x3, 4);
    object_id(id, 2);
    CHECK(queue_put(&queue, id, 2, 0, 60, big, 10, 0) == QUEUE_CLASS_REFUSED);
    CHECK(queue_put(&queue, id, 0, 5, 60, big, 10, 0) == QUEUE_HOP_LIMIT);
    CHECK(queue_put(&queue, id, 0, 0, 60, big, sizeof big, 0) == QUEUE_TOO_BIG);
    CHECK(queue.count == 0);
}

static void test_queue_evicts_least_urgent_oldest(void)
{
    uint8_t id[QUEUE_ID];
    static uint8_t data[400];
    size_t offset = 0;
    queue_obj_t obj;
    unsigned seen = 0;

    queue_init(&queue, arena, sizeof arena, 1000, 0x7, 4);
    object_id(id, 10);
    CHECK(queue_put(&queue, id, 0, 0, 600, data, 400, 0) == QUEUE_STORED); /* governance */
    object_id(id, 11);
    CHECK(queue_put(&queue, id, 2, 0, 600, data, 400, 0) == QUEUE_STORED); /* document */
    object_id(id, 12);
    CHECK(queue_put(&queue, id, 1, 0, 600, data, 400, 0) == QUEUE_STORED); /* block: evicts 11 */
    CHECK(queue.count == 2 && queue.evicted == 1);
    while (queue_walk(&queue, &offset, &obj)) {
        seen |= 1u << (obj.id[0] - 10u);
    }
    CHECK(seen == 0x5u);
}

/* --- display ------------------------------------------------------------------------------ */

static void test_display_vectors(void)
{
    static display_t display;
    static char text[DISPLAY_MAX_ROWS * (DISPLAY_MAX_COLS + 1) + 1];
    for (size_t k = 0; k < COUNT(DISPLAY_VECTORS); k++) {
        const display_vector_t *v = &DISPLAY_VECTORS[k];
        size_t len;
        memset(&display, 0, sizeof display);
        CHECK(v->request[0] == 0x09); /* DISPLAY_PUT */
        CHECK(display_put(&display, v->request + 1, v->len - 1) == v->kept);
        len = display_format(&display, text, sizeof text, v->cols, v->rows);
        CHECK(len == strlen(v->text) && strcmp(text, v->text) == 0);
        if (failed) {
            printf("  case %s %ux%u\n", v->what, v->cols, v->rows);
            return;
        }
    }
}

static void test_display_refuses_malformed(void)
{
    static display_t display;
    static const uint8_t too_many[] = {9};
    static const uint8_t short_title[] = {1, 0, 1, 5, 'a', 'b'};
    static const uint8_t bad_badge[] = {1, 0, 3, 1, 'a'};
    static const uint8_t trailing[] = {1, 0, 1, 1, 'a', 0};
    static const uint8_t good[] = {1, 0, 1, 1, 'a'};
    char text[64];

    memset(&display, 0, sizeof display);
    CHECK(display_put(&display, good, sizeof good) == 1);
    CHECK(display_put(&display, too_many, sizeof too_many) == -1);
    CHECK(display_put(&display, short_title, sizeof short_title) == -1);
    CHECK(display_put(&display, bad_badge, sizeof bad_badge) == -1);
    CHECK(display_put(&display, trailing, sizeof trailing) == -1);
    CHECK(display.count == 1); /* left as it was */
    CHECK(display_format(&display, text, sizeof text, 7, 2) == 0); /* too narrow */
    CHECK(display_format(&display, text, 10, 21, 8) == 0);          /* no room */
    CHECK(display_format(&display, text, sizeof text, 21, 2) == 5 && strcmp(text, "+P0 a") == 0);
}

/* --- ssd1306 ------------------------------------------------------------------------------ */

/* A bus that keeps every write, answers a missing ack on demand, and a controller reduced to
 * what the driver uses: the column/page window and horizontal addressing. */
typedef struct {
    uint8_t gddram[SSD1306_FB];
    unsigned col, page, col_lo, col_hi, page_lo, page_hi;
    unsigned writes, failing, longest, bad_address;
    int on;
    uint8_t pending; /* command whose argument bytes are still to come */
    unsigned args_left, arg_index;
    uint8_t args[2];
} fake_panel_t;

static fake_panel_t panel;

static unsigned arguments(uint8_t cmd)
{
    switch (cmd) {
    case 0x21: case 0x22: return 2;
    case 0x20: case 0x81: case 0x8D: case 0xA8: case 0xD3: case 0xD5: case 0xD9: case 0xDA:
    case 0xDB: return 1;
    default: return 0;
    }
}

static void command(uint8_t byte)
{
    if (panel.args_left) {
        panel.args[panel.arg_index++] = byte;
        if (--panel.args_left) {
            return;
        }
        if (panel.pending == 0x21) {
            panel.col = panel.col_lo = panel.args[0];
            panel.col_hi = panel.args[1];
        } else if (panel.pending == 0x22) {
            panel.page = panel.page_lo = panel.args[0];
            panel.page_hi = panel.args[1];
        }
        return;
    }
    panel.pending = byte;
    panel.arg_index = 0;
    panel.args_left = arguments(byte);
    if (byte == 0xAF) {
        panel.on = 1;
    } else if (byte == 0xAE) {
        panel.on = 0;
    }
}

static int fake_write(void *ctx, uint8_t addr7, const uint8_t *data, size_t len)
{
    (void)ctx;
    panel.writes++;
    if (len > panel.longest) {
        panel.longest = (unsigned)len;
    }
    if (panel.failing) {
        panel.failing--;
        return -1;
    }
    if (addr7 != SSD1306_ADDR || len < 1) {
        panel.bad_address++;
        return -1;
    }
    for (size_t k = 1; k < len; k++) {
        if (data[0] == SSD1306_CONTROL_COMMANDS) {
            command(data[k]);
        } else {
            panel.gddram[panel.page * SSD1306_WIDTH + panel.col] = data[k];
            if (++panel.col > panel.col_hi) {
                panel.col = panel.col_lo;
                panel.page = panel.page >= panel.page_hi ? panel.page_lo : panel.page + 1;
            }
        }
    }
    return 0;
}

static ssd1306_t screen;

static void screen_setup(void)
{
    const i2c_hal_t bus = {NULL, fake_write};
    memset(&panel, 0, sizeof panel);
    panel.col_hi = SSD1306_WIDTH - 1;
    panel.page_hi = SSD1306_PAGES - 1;
    ssd1306_setup(&screen, &bus, SSD1306_ADDR);
}

static void test_ssd1306_flush_rebuilds_the_panel(void)
{
    static display_t display;
    static const uint8_t body[] = {2, 0, 1, 5, 'H', 'e', 'l', 'l', 'o', 1, 2, 2, 'O', 'K'};
    char text[SSD1306_TEXT_CAP];

    screen_setup();
    CHECK(ssd1306_init(&screen) == 0);
    CHECK(panel.on);
    memset(&display, 0, sizeof display);
    CHECK(display_put(&display, body, sizeof body) == 2);
    CHECK(display_format(&display, text, sizeof text, SSD1306_COLS, SSD1306_ROWS) > 0);
    CHECK(strcmp(text, "+P0 Hello\n!P1 OK") == 0);
    ssd1306_draw_lines(&screen, text);
    CHECK(ssd1306_flush(&screen) == 0);
    CHECK(memcmp(panel.gddram, screen.fb, SSD1306_FB) == 0);
    CHECK(panel.longest <= 1u + SSD1306_CHUNK);
    /* 'H' is column bytes 7F 08 08 08 7F at cell (4, 0): its left bar lit, row 7 blank */
    for (unsigned y = 0; y < 7; y++) {
        CHECK(ssd1306_get_pixel(&screen, 4 * SSD1306_CELL_W, y) == 1);
    }
    CHECK(ssd1306_get_pixel(&screen, 4 * SSD1306_CELL_W, 7) == 0);
    CHECK(screen.retries == 0 && screen.failures == 0 && panel.bad_address == 0);
}

static int no_blob(void *ctx, uint8_t *buf, size_t cap)
{
    (void)ctx;
    (void)buf;
    (void)cap;
    return -1;
}

/* The whole way: a relay's display, as DISPLAY_PUT left it, shown on the panel. */
static void test_ssd1306_shows_a_relays_display(void)
{
    static relay_t relay;
    static uint8_t relay_arena[4096];
    static const uint8_t device[8] = {0x24, 0x0a, 0xc4, 0xff, 0xfe, 0x12, 0x34, 0x56};
    static const uint8_t body[] = {1, 0, 1, 7, 'C', 'o', 'u', 'p', 'u', 'r', 'e'};
    static uint8_t expected[SSD1306_FB];
    relay_hal_t hal;

    memset(&hal, 0, sizeof hal);
    hal.kv_load = no_blob;
    relay_init(&relay, &hal, relay_arena, sizeof relay_arena, device, 0);
    CHECK(display_put(&relay.display, body, sizeof body) == 1);
    screen_setup();
    CHECK(ssd1306_init(&screen) == 0);
    CHECK(ssd1306_show(&screen, &relay) == 0);
    CHECK(memcmp(panel.gddram, screen.fb, SSD1306_FB) == 0);
    ssd1306_setup(&screen, &screen.i2c, SSD1306_ADDR);
    ssd1306_text(&screen, 0, 0, "+P0 Coupure", 11);
    memcpy(expected, screen.fb, sizeof expected);
    CHECK(memcmp(panel.gddram, expected, SSD1306_FB) == 0);
}

static void test_ssd1306_retries_are_bounded(void)
{
    screen_setup();
    panel.failing = SSD1306_TRIES - 1; /* a glitch: the last try gets through */
    CHECK(ssd1306_flush(&screen) == 0);
    CHECK(screen.retries == SSD1306_TRIES - 1 && screen.failures == 0);
    panel.writes = 0;
    panel.failing = 1000; /* no screen on the bus at all */
    CHECK(ssd1306_flush(&screen) == -1);
    CHECK(panel.writes == SSD1306_TRIES); /* gave up after the window command's tries */
    CHECK(screen.failures == 1);
}

static void test_ssd1306_text_is_clipped(void)
{
    screen_setup();
    ssd1306_text(&screen, SSD1306_COLS - 1, 0, "AB", 2);    /* 'B' past the edge */
    ssd1306_text(&screen, 0, SSD1306_ROWS, "A", 1);          /* below the panel */
    ssd1306_text(&screen, 0, 1, "\x01\xff", 2);              /* not ASCII: drawn as '?' */
    ssd1306_pixel(&screen, SSD1306_WIDTH, 0, 1);             /* ignored */
    CHECK(memcmp(&screen.fb[SSD1306_WIDTH], &screen.fb[SSD1306_WIDTH + SSD1306_CELL_W],
                 SSD1306_CELL_W) == 0);
    CHECK(screen.fb[SSD1306_WIDTH + 2] != 0);
    CHECK(screen.fb[(SSD1306_COLS - 1) * SSD1306_CELL_W] != 0);
    for (unsigned x = SSD1306_COLS * SSD1306_CELL_W; x < SSD1306_WIDTH; x++) {
        CHECK(screen.fb[x] == 0);
    }
}

#ifdef TEST_CORE_PROVE_FAILURE
static void test_failure_is_reported(void) { CHECK(crc32c(NULL, 0) == 1u); }
#endif

/* --- what a port must set aside ----------------------------------------------------------- */

static void print_sizes(void)
{
    printf("sizeof: relay_t %lu, queue_t %lu, frame_reader_t %lu, display_t %lu, ssd1306_t %lu, "
           "pointer %lu\n",
           (unsigned long)sizeof(relay_t), (unsigned long)sizeof(queue_t),
           (unsigned long)sizeof(frame_reader_t), (unsigned long)sizeof(display_t),
           (unsigned long)sizeof(ssd1306_t), (unsigned long)sizeof(void *));
}

int main(void)
{
    run("crc32c_vectors", test_crc32c_vectors);
    run("cobs_vectors", test_cobs_vectors);
    run("frame_vectors", test_frame_vectors);
    run("frame_reader_skips_noise", test_frame_reader_skips_noise);
    run("frame_stream_in_chunks", test_frame_stream_in_chunks);
    run("config_vectors", test_config_vectors);
    run("config_default_is_unconfigured", test_config_default_is_unconfigured);
    run("config_modem", test_config_modem);
    run("queue_vectors", test_queue_vectors);
    run("queue_put_get_duplicate", test_queue_put_get_duplicate);
    run("queue_forgets_one_id_and_keeps_the_order", test_queue_forgets_one_id_and_keeps_the_order);
    run("queue_refuses", test_queue_refuses);
    run("queue_evicts_least_urgent_oldest", test_queue_evicts_least_urgent_oldest);
    run("display_vectors", test_display_vectors);
    run("display_refuses_malformed", test_display_refuses_malformed);
    run("ssd1306_flush_rebuilds_the_panel", test_ssd1306_flush_rebuilds_the_panel);
    run("ssd1306_shows_a_relays_display", test_ssd1306_shows_a_relays_display);
    run("ssd1306_retries_are_bounded", test_ssd1306_retries_are_bounded);
    run("ssd1306_text_is_clipped", test_ssd1306_text_is_clipped);
    test_radio(run, &failed);
#ifdef TEST_CORE_PROVE_FAILURE
    run("failure_is_reported", test_failure_is_reported);
#endif
    print_sizes();
    printf("%d tests, %d failed\n", tests, failures);
    return failures ? 1 : 0;
}
