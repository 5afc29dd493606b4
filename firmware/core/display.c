#include "display.h"

#include <string.h>

#include "relay.h"

/* What a character becomes on a font with ASCII only; sorted by code point. The same table as
 * FOLDS in app/sync/relay.py. */
typedef struct {
    uint16_t cp;
    const char *ascii;
} fold_t;

static const fold_t FOLDS[] = {
    {0x00A0u, " "},
    {0x00ABu, "\""},
    {0x00B0u, "o"},
    {0x00B7u, "."},
    {0x00BBu, "\""},
    {0x00C0u, "A"},
    {0x00C1u, "A"},
    {0x00C2u, "A"},
    {0x00C3u, "A"},
    {0x00C4u, "A"},
    {0x00C5u, "A"},
    {0x00C6u, "AE"},
    {0x00C7u, "C"},
    {0x00C8u, "E"},
    {0x00C9u, "E"},
    {0x00CAu, "E"},
    {0x00CBu, "E"},
    {0x00CCu, "I"},
    {0x00CDu, "I"},
    {0x00CEu, "I"},
    {0x00CFu, "I"},
    {0x00D0u, "D"},
    {0x00D1u, "N"},
    {0x00D2u, "O"},
    {0x00D3u, "O"},
    {0x00D4u, "O"},
    {0x00D5u, "O"},
    {0x00D6u, "O"},
    {0x00D7u, "x"},
    {0x00D8u, "O"},
    {0x00D9u, "U"},
    {0x00DAu, "U"},
    {0x00DBu, "U"},
    {0x00DCu, "U"},
    {0x00DDu, "Y"},
    {0x00DFu, "ss"},
    {0x00E0u, "a"},
    {0x00E1u, "a"},
    {0x00E2u, "a"},
    {0x00E3u, "a"},
    {0x00E4u, "a"},
    {0x00E5u, "a"},
    {0x00E6u, "ae"},
    {0x00E7u, "c"},
    {0x00E8u, "e"},
    {0x00E9u, "e"},
    {0x00EAu, "e"},
    {0x00EBu, "e"},
    {0x00ECu, "i"},
    {0x00EDu, "i"},
    {0x00EEu, "i"},
    {0x00EFu, "i"},
    {0x00F0u, "d"},
    {0x00F1u, "n"},
    {0x00F2u, "o"},
    {0x00F3u, "o"},
    {0x00F4u, "o"},
    {0x00F5u, "o"},
    {0x00F6u, "o"},
    {0x00F8u, "o"},
    {0x00F9u, "u"},
    {0x00FAu, "u"},
    {0x00FBu, "u"},
    {0x00FCu, "u"},
    {0x00FDu, "y"},
    {0x00FFu, "y"},
    {0x0152u, "OE"},
    {0x0153u, "oe"},
    {0x0178u, "Y"},
    {0x2007u, " "},
    {0x2009u, " "},
    {0x2013u, "-"},
    {0x2014u, "-"},
    {0x2018u, "'"},
    {0x2019u, "'"},
    {0x201Au, "'"},
    {0x201Cu, "\""},
    {0x201Du, "\""},
    {0x201Eu, "\""},
    {0x2026u, "..."},
    {0x202Fu, " "},
    {0x2039u, "'"},
    {0x203Au, "'"},
    {0x20ACu, "EUR"},
};

static const char BADGES[3] = {'?', '+', '!'};
static const char CONTINUATION[] = "    "; /* as wide as "+P0 " */

/* One UTF-8 character at s[*i]: its code point, or -1 for a byte that starts none (skipped
 * alone, so what follows is still read). Overlong forms and surrogates count as invalid. */
static long next_char(const uint8_t *s, size_t n, size_t *i)
{
    uint8_t b = s[*i];
    uint32_t cp;
    size_t need;

    if (b < 0x80) {
        (*i)++;
        return b;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        cp = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        cp = b & 0x0Fu;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        cp = b & 0x07u;
    } else {
        (*i)++;
        return -1;
    }
    if (*i + need >= n) {
        (*i)++;
        return -1;
    }
    for (size_t k = 1; k <= need; k++) {
        uint8_t c = s[*i + k];
        if ((c & 0xC0) != 0x80) {
            (*i)++;
            return -1;
        }
        cp = cp << 6 | (c & 0x3Fu);
    }
    if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (need == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
        (*i)++;
        return -1;
    }
    *i += need + 1;
    return (long)cp;
}

static const char *fold_char(long cp)
{
    size_t lo = 0;
    size_t hi = sizeof FOLDS / sizeof FOLDS[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (FOLDS[mid].cp == cp) {
            return FOLDS[mid].ascii;
        }
        if (FOLDS[mid].cp < cp) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return "?";
}

/* The title in printable ASCII; never longer than the UTF-8 it came from. */
static size_t fold(const uint8_t *s, size_t n, char *out)
{
    size_t i = 0;
    size_t len = 0;
    while (i < n) {
        long cp = next_char(s, n, &i);
        if (cp < 0) {
            out[len++] = '?';
        } else if (cp < 0x20 || cp == 0x7F) {
            out[len++] = ' ';
        } else if (cp < 0x80) {
            out[len++] = (char)cp;
        } else {
            const char *ascii = fold_char(cp);
            size_t k = strlen(ascii);
            memcpy(out + len, ascii, k);
            len += k;
        }
    }
    return len;
}

int display_put(display_t *display, const uint8_t *body, size_t len)
{
    display_t kept;
    size_t pos = 1;
    unsigned count;

    if (len < 1 || body[0] > DISPLAY_ITEMS) {
        return -1;
    }
    memset(&kept, 0, sizeof kept);
    count = body[0];
    /* Two passes over the body keep P0 before P1 and the laptop's order within each. */
    for (unsigned pass = 0; pass < 2; pass++) {
        pos = 1;
        for (unsigned k = 0; k < count; k++) {
            uint8_t priority;
            uint8_t badge;
            uint8_t n;
            if (pos + 3 > len) {
                return -1;
            }
            priority = body[pos];
            badge = body[pos + 1];
            n = body[pos + 2];
            if (priority > 3 || badge > 2 || n > DISPLAY_TITLE || pos + 3 + n > len) {
                return -1;
            }
            if (priority == pass) {
                display_item_t *item = &kept.items[kept.count++];
                item->priority = priority;
                item->badge = badge;
                item->len = n;
                memcpy(item->title, body + pos + 3, n);
            }
            pos += 3u + n;
        }
    }
    if (pos != len) {
        return -1;
    }
    kept.changes = display->changes + 1u;
    *display = kept;
    return kept.count;
}

typedef struct {
    char *out;
    size_t len;
    unsigned lines;
    unsigned rows;
} sink_t;

static void emit(sink_t *sink, const char *prefix, const char *text, size_t n)
{
    size_t start;
    if (sink->lines >= sink->rows) {
        return;
    }
    if (sink->lines) {
        sink->out[sink->len++] = '\n';
    }
    start = sink->len;
    memcpy(sink->out + sink->len, prefix, 4);
    memcpy(sink->out + sink->len + 4, text, n);
    sink->len += 4 + n;
    while (sink->len > start && sink->out[sink->len - 1] == ' ') {
        sink->len--; /* "+P0 " alone, for an empty title */
    }
    sink->lines++;
}

static void wrap(sink_t *sink, const display_item_t *item, size_t width)
{
    char text[DISPLAY_TITLE];
    char line[DISPLAY_MAX_COLS];
    char prefix[5] = {BADGES[item->badge], 'P', (char)('0' + item->priority), ' ', 0};
    const char *lead = prefix;
    size_t n = fold(item->title, item->len, text);
    size_t used = 0;
    size_t i = 0;

    while (i < n) {
        const char *word;
        size_t len;
        while (i < n && text[i] == ' ') {
            i++;
        }
        if (i == n) {
            break;
        }
        word = text + i;
        while (i < n && text[i] != ' ') {
            i++;
        }
        len = (size_t)(text + i - word);
        while (len > width) { /* a word wider than the screen is cut */
            if (used) {
                emit(sink, lead, line, used);
                lead = CONTINUATION;
                used = 0;
            }
            emit(sink, lead, word, width);
            lead = CONTINUATION;
            word += width;
            len -= width;
        }
        if (used == 0) {
            memcpy(line, word, len);
            used = len;
        } else if (used + 1 + len <= width) {
            line[used++] = ' ';
            memcpy(line + used, word, len);
            used += len;
        } else {
            emit(sink, lead, line, used);
            lead = CONTINUATION;
            memcpy(line, word, len);
            used = len;
        }
    }
    if (used || lead == prefix) {
        emit(sink, lead, line, used);
    }
}

size_t display_format(const display_t *display, char *out, size_t cap, unsigned cols,
                      unsigned rows)
{
    sink_t sink = {out, 0, 0, rows};

    if (cols < DISPLAY_MIN_COLS || cols > DISPLAY_MAX_COLS || rows < 1 ||
        rows > DISPLAY_MAX_ROWS || cap < (size_t)rows * (cols + 1) + 1) {
        return 0;
    }
    for (unsigned k = 0; k < display->count && sink.lines < rows; k++) {
        wrap(&sink, &display->items[k], cols - 4);
    }
    out[sink.len] = 0;
    return sink.len;
}

size_t display_render(const struct relay *relay, char *out, size_t cap, unsigned cols,
                      unsigned rows)
{
    return display_format(&relay->display, out, cap, cols, rows);
}
