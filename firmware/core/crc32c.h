/* CRC-32C (Castagnoli), the checksum of link frames and of the CONFIG record.
 *
 * Same result as Python's `crc32c.crc32c(data, value)`: reflected polynomial 0x82F63B78,
 * initial value and final xor 0xFFFFFFFF, so that crc32c_update(0, ...) starts a new sum and
 * crc32c_update(previous, more) continues one.
 */
#ifndef OBAMBU_CRC32C_H
#define OBAMBU_CRC32C_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32c_update(uint32_t crc, const uint8_t *data, size_t len);

static inline uint32_t crc32c(const uint8_t *data, size_t len) { return crc32c_update(0, data, len); }

#endif
