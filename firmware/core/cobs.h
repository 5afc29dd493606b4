/* Consistent Overhead Byte Stuffing, byte for byte as Python's `cobs.cobs` (package cobs 1.2).
 *
 * The encoding has no zero byte, so 0x00 can delimit frames on the wire. Like the Python
 * package, a run of 254 non-zero bytes that ends the input is not followed by an extra 0x01.
 */
#ifndef OBAMBU_COBS_H
#define OBAMBU_COBS_H

#include <stddef.h>
#include <stdint.h>

/* The largest encoding of `n` bytes: one code byte per started run of 254. */
#define COBS_MAX_ENCODED(n) ((n) + (n) / 254u + 1u)

/* Encodes `len` bytes into `out`; returns the encoded length, or 0 if `cap` is too small. */
size_t cobs_encode(const uint8_t *in, size_t len, uint8_t *out, size_t cap);

/* Decodes `len` bytes (no delimiter) into `out`; returns 0 and sets `*out_len`, or -1 when the
 * input holds a zero byte, a code that runs past its end, or more than `cap` bytes. */
int cobs_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *out_len);

#endif
