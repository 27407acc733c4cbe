/* SPDX-License-Identifier: MIT */
/*
 * extmem BootFlash: the generic Boot entry. A board file sets up its clocks
 * and controllers, fills one struct extmem_bootflash_config (the manager's
 * memory table, where the image is, the mode, what the application runs
 * from, the MPU it gets) and calls extmem_bootflash_boot, which brings the
 * memories up, checks the image (extmem_boot_prepare) and hands over, or
 * stops in the documented failure state. Nothing here is specific to one
 * chip: the hand-over and the failure state come from the port's
 * struct extmem_bootflash_port (extmem_stm32_bootflash_port for STM32H7R/H7S).
 */
#ifndef EXTMEM_BOOTFLASH_H
#define EXTMEM_BOOTFLASH_H

#include <stdint.h>

#include "boot.h"
#include "extmem.h"
#include "image.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * One ARMv7-M MPU region as the hardware takes it (ARMv7-M ARM B3.5):
 * RBAR's address bits (VALID and REGION are ignored: the slot is the index
 * in the table) and RASR (enable, size, sub-regions, attributes).
 */
struct extmem_mpu_region {
	uint32_t rbar;
	uint32_t rasr;
};

/* RASR fields (ARMv7-M ARM B3.5.9). size_log2: 5 (32 B) .. 32 (4 GiB). */
#define EXTMEM_MPU_RASR_ENABLE          (1u << 0)
#define EXTMEM_MPU_RASR_SIZE(size_log2) ((((uint32_t)(size_log2)-1u) & 0x1Fu) << 1)
#define EXTMEM_MPU_RASR_SRD(mask)       (((uint32_t)(mask)&0xFFu) << 8)
#define EXTMEM_MPU_RASR_B               (1u << 16)
#define EXTMEM_MPU_RASR_C               (1u << 17)
#define EXTMEM_MPU_RASR_S               (1u << 18)
#define EXTMEM_MPU_RASR_TEX(tex)        (((uint32_t)(tex)&7u) << 19)
#define EXTMEM_MPU_RASR_AP(ap)          (((uint32_t)(ap)&7u) << 24)
#define EXTMEM_MPU_RASR_XN              (1u << 28)
#define EXTMEM_MPU_AP_NONE              0u /* no access: a background region against speculative reads */
#define EXTMEM_MPU_AP_FULL              3u /* read/write, privileged and unprivileged */
#define EXTMEM_MPU_AP_RO                7u /* read-only, privileged and unprivileged */
/* Memory types (TEX, C, B): normal write-back read/write-allocate; normal non-cacheable; device. */
#define EXTMEM_MPU_ATTR_NORMAL_WB       (EXTMEM_MPU_RASR_TEX(1) | EXTMEM_MPU_RASR_C | EXTMEM_MPU_RASR_B)
#define EXTMEM_MPU_ATTR_NORMAL_NC       (EXTMEM_MPU_RASR_TEX(1))
#define EXTMEM_MPU_ATTR_DEVICE          (EXTMEM_MPU_RASR_B)

/* The chip-specific end of a Boot: the hand-over routine and the failure state. */
struct extmem_bootflash_port {
	/* Starts the prepared application with the MPU set to regions 0..count-1. Never returns. */
	__attribute__((noreturn)) void (*handover)(const struct extmem_boot_start *start,
						   const struct extmem_mpu_region *mpu, unsigned count);
	/* Leaves status_word where a debugger or test reads it and stops. Never returns. */
	__attribute__((noreturn)) void (*fail)(uint32_t status_word);
};

/*
 * What a memory table entry is made of before the manager owns it: a Boot's
 * table built from these at boot lives in .bss, where a table initialised
 * in place would take its whole size in .data (flash and a copy in RAM).
 */
struct extmem_bootflash_memory {
	enum extmem_kind kind;
	const struct extmem_driver *driver;
	const void *config;
	void *data;
};

struct extmem_bootflash_config {
	/* The manager's memory table; every entry is brought up, in table order. */
	struct extmem_memory *memories;
	uint32_t memory_count;
	/* The image slot: which memory, where in it, how long. */
	uint32_t image_id;
	uint64_t slot_offset;
	uint32_t slot_size;
	uint32_t mode; /* EXTMEM_IMAGE_XIP or EXTMEM_IMAGE_LRUN */
	/* Memories mapped for the application besides the image (PSRAM as its RAM). */
	const uint32_t *map_ids;
	uint32_t map_count;
	/* Where the application's stack may be and where LRUN may load. */
	const struct extmem_image_region *ram;
	uint32_t ram_count;
	/* The MPU the application starts with (background region first; later regions win). */
	const struct extmem_mpu_region *mpu;
	uint32_t mpu_count;
	const struct extmem_bootflash_port *port;
	/* Optional: called with the status word before port->fail (the board's failure LED). */
	void (*on_fail)(uint32_t status_word);
	/* Optional, LRUN on a host test: the pointer for CPU address addr (see struct extmem_boot_config). */
	void *(*ram_ptr)(void *ctx, uint32_t addr, uint32_t len);
	void *ram_ctx;
	/* Optional: memory_count entries written into memories (kind, driver, config, data) before the set-up. */
	const struct extmem_bootflash_memory *memory_list;
};

/*
 * Everything up to the jump: the table filled from memory_list (when
 * given), extmem_setup over it, extmem_init of each memory,
 * extmem_boot_prepare. Returns out->status; on a failed init
 * out->step is EXTMEM_BOOT_STEP_INIT and out->check the memory's id. em is
 * the caller's manager state (it outlives the call: the application may
 * not use it, but a test may look).
 */
int extmem_bootflash_prepare(const struct extmem_bootflash_config *cfg, struct extmem *em,
			     struct extmem_boot_start *out);

/*
 * extmem_bootflash_prepare, then cfg->port->handover on success, else
 * cfg->on_fail (if any) and cfg->port->fail with extmem_boot_status_word.
 * Never returns; with no port at all it spins.
 */
__attribute__((noreturn)) void extmem_bootflash_boot(const struct extmem_bootflash_config *cfg, struct extmem *em);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_BOOTFLASH_H */
