/* Link frames, exactly as app/sync/frames.py (PROTOCOL.md §1).
 *
 * On the wire: COBS(header | payload | crc) 0x00, header = [version << 4 | kind] [seq u16]
 * [ack u16] [length u8] little-endian, crc = CRC-32C of header and payload, little-endian.
 * An ACK frame's payload is the 32-bit selective-ack bitmap; its seq is 0.
 */
#ifndef OBAMBU_FRAME_H
#define OBAMBU_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_VERSION 1u
#define FRAME_MAX_PAYLOAD 240u /* one frame fits one LoRa packet */
#define FRAME_HEADER 6u
#define FRAME_CRC 4u
#define FRAME_MAX_DECODED (FRAME_HEADER + FRAME_MAX_PAYLOAD + FRAME_CRC)
#define FRAME_MAX_ENCODED (FRAME_MAX_DECODED + FRAME_MAX_DECODED / 254u + 1u)
#define FRAME_MAX_WIRE (FRAME_MAX_ENCODED + 1u) /* with the delimiter */

typedef enum { FRAME_DATA = 0, FRAME_LAST = 1, FRAME_ACK = 2 } frame_kind_t;

/* Why a frame was rejected; the names are frames.py's reasons. */
typedef enum {
    FRAME_OK = 0,
    FRAME_TOO_LONG,
    FRAME_COBS,
    FRAME_TOO_SHORT,
    FRAME_BAD_CRC,
    FRAME_BAD_VERSION,
    FRAME_BAD_LENGTH,
    FRAME_BAD_KIND,
    FRAME_REASONS
} frame_status_t;

typedef struct {
    uint8_t kind;
    uint16_t seq;
    uint16_t ack;
    uint8_t len;   /* payload bytes (data frames) */
    uint32_t sack; /* selective-ack bitmap (ACK frames) */
    uint8_t payload[FRAME_MAX_PAYLOAD];
} frame_t;

/* Writes the frame and its delimiter; returns the bytes written, 0 if the frame is invalid
 * (unknown kind, payload too long) or `cap` < the encoded size (FRAME_MAX_WIRE always fits). */
size_t frame_encode(const frame_t *frame, uint8_t *out, size_t cap);

/* Decodes one frame without its delimiter. */
frame_status_t frame_decode(const uint8_t *encoded, size_t len, frame_t *out);

/* Cuts a byte stream into frames. Damaged frames are counted, never fatal: line noise or a
 * cut frame ends at the next 0x00, so at most the frame it was in is lost. */
typedef struct {
    uint8_t pending[FRAME_MAX_ENCODED];
    size_t len;
    uint8_t overflow; /* the current frame is already too long: skip to the delimiter */
    uint32_t rejected;
    uint32_t reasons[FRAME_REASONS];
} frame_reader_t;

void frame_reader_init(frame_reader_t *reader);

/* Consumes bytes from `data` until one valid frame is complete (then sets `*got` to 1 and
 * fills `out`) or the input is used up. Returns the bytes consumed: call again with the rest. */
size_t frame_reader_next(frame_reader_t *reader, const uint8_t *data, size_t len, frame_t *out,
                         int *got);

#endif
