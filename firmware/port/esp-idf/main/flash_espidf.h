/* The queue's flash partition on the ESP32: flash_hal.h over esp_partition_*. */
#ifndef OBAMBU_FLASH_ESPIDF_H
#define OBAMBU_FLASH_ESPIDF_H

#include "flash_hal.h"

#define QUEUE_PARTITION "queue"
#define QUEUE_PARTITION_SUBTYPE 0x40 /* a data subtype of our own (partitions.csv) */

/* Fills `hal` for the partition "queue"; -1 if the partition table has none. */
int flash_espidf_queue(flash_hal_t *hal);

#endif
