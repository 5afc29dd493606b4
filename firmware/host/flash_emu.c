#include "flash_emu.h"

#include <string.h>

static int in_bounds(flash_emu_t *emu, uint32_t addr, size_t len)
{
    if (addr > emu->size || len > emu->size - addr) {
        emu->bounds_errors++;
        return 0;
    }
    return 1;
}

/* 1 if this step may go ahead whole; otherwise the power goes now. */
static int powered(flash_emu_t *emu)
{
    if (emu->off) {
        return 0;
    }
    if (emu->cut_at != FLASH_EMU_NEVER && emu->steps >= emu->cut_at) {
        emu->off = 1;
        emu->steps++;
        return 0;
    }
    emu->steps++;
    return 1;
}

static int emu_read(void *ctx, uint32_t addr, uint8_t *buf, size_t len)
{
    flash_emu_t *emu = ctx;
    if (emu->off || !in_bounds(emu, addr, len)) {
        return -1;
    }
    memcpy(buf, emu->mem + addr, len);
    return 0;
}

static void program_bytes(flash_emu_t *emu, uint32_t addr, const uint8_t *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t *cell = emu->mem + addr + i;
        if ((uint8_t)(data[i] & (uint8_t)~*cell) != 0) {
            emu->nor_errors++; /* a 0 asked to become 1: NOR cannot */
        }
        *cell &= data[i];
    }
}

static int emu_program(void *ctx, uint32_t addr, const uint8_t *data, size_t len)
{
    flash_emu_t *emu = ctx;
    int whole;
    if (emu->off || !in_bounds(emu, addr, len)) {
        return -1;
    }
    whole = powered(emu);
    if (!whole) {
        program_bytes(emu, addr, data, emu->cut_keep < len ? emu->cut_keep : len);
        return -1;
    }
    program_bytes(emu, addr, data, len);
    return 0;
}

/* The part of an erase done when the power went. */
static void erase_cut(const flash_emu_t *emu, uint8_t *at)
{
    uint32_t keep = emu->cut_keep < FLASH_SECTOR ? emu->cut_keep : FLASH_SECTOR;
    uint32_t x = emu->cut_keep * 2654435761u | 1u;
    if (emu->erase_cut == FLASH_EMU_ERASE_PREFIX) {
        memset(at, 0xFF, keep);
    } else if (emu->erase_cut == FLASH_EMU_ERASE_SUFFIX) {
        memset(at + keep, 0xFF, FLASH_SECTOR - keep);
    } else if (emu->erase_cut == FLASH_EMU_ERASE_SCATTER) {
        for (uint32_t i = 0; i < FLASH_SECTOR; i++) {
            x ^= x << 13; /* xorshift32: any pattern will do, the same each run */
            x ^= x >> 17;
            x ^= x << 5;
            if (x & 1u) {
                at[i] = 0xFF;
            }
        }
    }
}

static int emu_erase(void *ctx, uint32_t sector)
{
    flash_emu_t *emu = ctx;
    if (emu->off || !in_bounds(emu, sector * FLASH_SECTOR, FLASH_SECTOR)) {
        return -1;
    }
    if (!powered(emu)) {
        erase_cut(emu, emu->mem + sector * FLASH_SECTOR);
        return -1;
    }
    memset(emu->mem + sector * FLASH_SECTOR, 0xFF, FLASH_SECTOR);
    if (emu->erase_counts != NULL) {
        emu->erase_counts[sector]++;
    }
    return 0;
}

void flash_emu_init(flash_emu_t *emu, uint8_t *mem, uint32_t size, uint32_t cut_at,
                    uint32_t cut_keep, uint32_t *erase_counts, flash_hal_t *hal)
{
    memset(emu, 0, sizeof *emu);
    emu->mem = mem;
    emu->size = size;
    emu->cut_at = cut_at;
    emu->cut_keep = cut_keep;
    emu->erase_counts = erase_counts;
    hal->ctx = emu;
    hal->read = emu_read;
    hal->program = emu_program;
    hal->erase = emu_erase;
    hal->size = size;
}
