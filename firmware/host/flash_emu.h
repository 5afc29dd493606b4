/* NOR flash on the host, for the power-cut tests of flashlog.c.
 *
 * The bytes are the caller's (Python keeps them, writes them to a file, and "reboots" by making
 * a new flash_emu_t over the same bytes). Every program or erase is a step; with a cut set,
 * the steps after the first `cut_at` fail: the next one does part of its work (a program keeps
 * its first `cut_keep` bytes; an erase does what `erase_cut` says: nothing, its first
 * `cut_keep` bytes, all but its first `cut_keep` bytes, or a scatter of bytes chosen from the
 * seed `cut_keep`) and the power is gone. Programming a 0 bit
 * to 1 is counted as an error (the flash would leave it 0), so are reads and writes out of the
 * partition.
 */
#ifndef OBAMBU_FLASH_EMU_H
#define OBAMBU_FLASH_EMU_H

#include <stdint.h>

#include "flash_hal.h"

#define FLASH_EMU_NEVER 0xFFFFFFFFu

/* What an erase the power cuts leaves of the sector: real NOR erases in blocks and may stop
 * anywhere, so recovery must never trust a sector whose erase was cut. */
typedef enum {
    FLASH_EMU_ERASE_NOTHING = 0, /* the sector as it was */
    FLASH_EMU_ERASE_PREFIX = 1,  /* its first cut_keep bytes 0xFF, the rest as it was */
    FLASH_EMU_ERASE_SUFFIX = 2,  /* its first cut_keep bytes as they were, the rest 0xFF */
    FLASH_EMU_ERASE_SCATTER = 3  /* each byte 0xFF or as it was, at random (seed cut_keep) */
} flash_emu_erase_cut_t;

typedef struct {
    uint8_t *mem;
    uint32_t size;
    uint32_t steps; /* programs and erases done or attempted */
    uint32_t cut_at, cut_keep;
    uint8_t erase_cut; /* flash_emu_erase_cut_t; 0 after flash_emu_init */
    uint8_t off;
    uint32_t nor_errors, bounds_errors;
    uint32_t *erase_counts; /* one per sector, the caller's (may be NULL) */
} flash_emu_t;

void flash_emu_init(flash_emu_t *emu, uint8_t *mem, uint32_t size, uint32_t cut_at,
                    uint32_t cut_keep, uint32_t *erase_counts, flash_hal_t *hal);

#endif
