#include "frame.h"

#include <string.h>

#include "cobs.h"
#include "crc32c.h"
#include "le.h"

size_t frame_encode(const frame_t *frame, uint8_t *out, size_t cap)
{
    uint8_t raw[FRAME_MAX_DECODED];
    size_t body;
    size_t n;

    if (frame->kind == FRAME_ACK) {
        body = 4;
        put32(raw + FRAME_HEADER, frame->sack);
    } else if (frame->kind == FRAME_DATA || frame->kind == FRAME_LAST) {
        if (frame->len > FRAME_MAX_PAYLOAD) {
            return 0;
        }
        body = frame->len;
        memcpy(raw + FRAME_HEADER, frame->payload, body);
    } else {
        return 0;
    }
    raw[0] = (uint8_t)(FRAME_VERSION << 4 | frame->kind);
    put16(raw + 1, frame->seq);
    put16(raw + 3, frame->ack);
    raw[5] = (uint8_t)body;
    put32(raw + FRAME_HEADER + body, crc32c(raw, FRAME_HEADER + body));
    n = cobs_encode(raw, FRAME_HEADER + body + FRAME_CRC, out, cap);
    if (n == 0 || n >= cap) {
        return 0;
    }
    out[n] = 0;
    return n + 1;
}

frame_status_t frame_decode(const uint8_t *encoded, size_t len, frame_t *out)
{
    uint8_t raw[FRAME_MAX_ENCODED]; /* a too-long frame is refused before decoding */
    size_t n;
    size_t body_end;
    size_t length;
    uint8_t kind;

    /* The checks come in frames.decode's order, so both sides give the same reason. */
    if (len > FRAME_MAX_ENCODED) {
        return FRAME_TOO_LONG;
    }
    if (cobs_decode(encoded, len, raw, sizeof raw, &n) != 0) {
        return FRAME_COBS;
    }
    if (n < FRAME_HEADER + FRAME_CRC) {
        return FRAME_TOO_SHORT;
    }
    body_end = n - FRAME_CRC;
    if (get32(raw + body_end) != crc32c(raw, body_end)) {
        return FRAME_BAD_CRC;
    }
    if (raw[0] >> 4 != FRAME_VERSION) {
        return FRAME_BAD_VERSION;
    }
    length = raw[5];
    if (length != body_end - FRAME_HEADER || length > FRAME_MAX_PAYLOAD) {
        return FRAME_BAD_LENGTH;
    }
    kind = raw[0] & 0x0F;
    if (kind > FRAME_ACK) {
        return FRAME_BAD_KIND;
    }
    out->kind = kind;
    out->seq = get16(raw + 1);
    out->ack = get16(raw + 3);
    out->len = 0;
    out->sack = 0;
    if (kind == FRAME_ACK) {
        if (length != 4) {
            return FRAME_BAD_LENGTH;
        }
        out->sack = get32(raw + FRAME_HEADER);
    } else {
        out->len = (uint8_t)length;
        memcpy(out->payload, raw + FRAME_HEADER, length);
    }
    return FRAME_OK;
}

void frame_reader_init(frame_reader_t *reader) { memset(reader, 0, sizeof *reader); }

static void reject(frame_reader_t *reader, frame_status_t why)
{
    reader->rejected++;
    reader->reasons[why]++;
}

size_t frame_reader_next(frame_reader_t *reader, const uint8_t *data, size_t len, frame_t *out,
                         int *got)
{
    *got = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t b = data[i];
        if (b != 0) {
            if (reader->len == sizeof reader->pending) {
                reader->len = 0; /* bounded memory on a stream without delimiters */
                reader->overflow = 1;
            }
            reader->pending[reader->len++] = b;
            continue;
        }
        if (reader->overflow) {
            reject(reader, FRAME_TOO_LONG);
        } else if (reader->len > 0) { /* back-to-back delimiters are padding, not frames */
            frame_status_t status = frame_decode(reader->pending, reader->len, out);
            if (status == FRAME_OK) {
                *got = 1;
            } else {
                reject(reader, status);
            }
        }
        reader->len = 0;
        reader->overflow = 0;
        if (*got) {
            return i + 1;
        }
    }
    return len;
}
