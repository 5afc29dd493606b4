#include "flash_espidf.h"

#include "esp_partition.h"

/* esp_partition_write programs without erasing (NOR: bits only go 1 -> 0), which is what
 * flashlog.c expects; erase_range takes whole 4 KiB sectors. */

static const esp_partition_t *part(void *ctx) { return (const esp_partition_t *)ctx; }

static int part_read(void *ctx, uint32_t addr, uint8_t *buf, size_t len)
{
    return esp_partition_read(part(ctx), addr, buf, len) == ESP_OK ? 0 : -1;
}

static int part_program(void *ctx, uint32_t addr, const uint8_t *data, size_t len)
{
    return esp_partition_write(part(ctx), addr, data, len) == ESP_OK ? 0 : -1;
}

static int part_erase(void *ctx, uint32_t sector)
{
    return esp_partition_erase_range(part(ctx), (size_t)sector * FLASH_SECTOR, FLASH_SECTOR) ==
                   ESP_OK
               ? 0
               : -1;
}

int flash_espidf_queue(flash_hal_t *hal)
{
    const esp_partition_t *p = esp_partition_find_first(
        ESP_PARTITION_TYPE_DATA, (esp_partition_subtype_t)QUEUE_PARTITION_SUBTYPE, QUEUE_PARTITION);
    if (p == NULL) {
        return -1;
    }
    hal->ctx = (void *)p;
    hal->read = part_read;
    hal->program = part_program;
    hal->erase = part_erase;
    hal->size = (uint32_t)p->size;
    return 0;
}
