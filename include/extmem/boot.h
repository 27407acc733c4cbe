/* SPDX-License-Identifier: MIT */
/*
 * extmem BootFlash: find, check and prepare the application in an image
 * slot of a memory of the manager's table, in place (XIP) or copied to RAM
 * (LRUN). extmem_boot_prepare does everything up to the jump and touches no
 * CPU register, so it runs and is tested on the host; the hand-over itself
 * (interrupts, caches, MPU, VTOR, MSP, branch) is the port's one routine.
 *
 * The memories are brought up by the caller (extmem_init) first: the Boot
 * decides the order and the clocks.
 */
#ifndef EXTMEM_BOOT_H
#define EXTMEM_BOOT_H

#include <stdint.h>

#include "extmem.h"
#include "image.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The modes a build of the boot library starts (a Boot's build switch; the
 * configurator passes the one it was given): a configuration asking for
 * another is refused with EXTMEM_ERR_NOT_SUPPORTED at EXTMEM_BOOT_STEP_CONFIG,
 * and its code is left out.
 */
#ifndef EXTMEM_BOOT_MODES
#define EXTMEM_BOOT_MODES (EXTMEM_IMAGE_XIP | EXTMEM_IMAGE_LRUN)
#endif

struct extmem_boot_config {
	struct extmem *em;
	uint32_t image_id;    /* memory holding the image slot */
	uint64_t slot_offset; /* slot start inside that memory */
	uint32_t slot_size;
	uint32_t mode; /* EXTMEM_IMAGE_XIP or EXTMEM_IMAGE_LRUN */
	/* Other memories the application uses mapped (PSRAM as its RAM): mapped before the hand-over. */
	const uint32_t *map_ids;
	uint32_t map_count;
	/* Where the application's stack may be, and where LRUN may load. */
	const struct extmem_image_region *ram;
	uint32_t ram_count;
	/*
	 * LRUN: the pointer through which the Boot writes CPU address `addr`
	 * (len bytes). NULL: the address itself (firmware). Host tests point it
	 * into a buffer standing for the target's RAM.
	 */
	void *(*ram_ptr)(void *ctx, uint32_t addr, uint32_t len);
	void *ram_ctx;
};

/* Where boot preparation stopped. */
enum extmem_boot_step {
	EXTMEM_BOOT_STEP_CONFIG = 0, /* the configuration itself */
	EXTMEM_BOOT_STEP_HEADER,     /* reading or checking the header */
	EXTMEM_BOOT_STEP_COPY,       /* LRUN: copying the payload */
	EXTMEM_BOOT_STEP_PAYLOAD,    /* payload CRC or vector table */
	EXTMEM_BOOT_STEP_MAP,        /* mapping the memories the application runs from */
	EXTMEM_BOOT_STEP_READY,      /* everything passed: hand over */
	EXTMEM_BOOT_STEP_INIT,       /* extmem_bootflash_prepare: bringing a memory up (check = its id) */
};

struct extmem_boot_start {
	int status;                    /* EXTMEM_OK, or the failure */
	enum extmem_boot_step step;    /* where it stopped */
	enum extmem_image_check check; /* which image check failed (EXTMEM_ERR_FORMAT) */
	struct extmem_image_header header;
	uint32_t vector_table; /* CPU address for VTOR */
	uint32_t sp;           /* initial MSP */
	uint32_t entry;        /* reset handler, Thumb bit set */
};

/*
 * Checks the image in the slot and, when it passes, maps what it runs from
 * (XIP: the image memory; both modes: map_ids) and fills *out with the
 * hand-over values. A failure leaves out->status, step and check saying
 * why, and nothing to jump to (entry 0). Returns out->status.
 */
int extmem_boot_prepare(const struct extmem_boot_config *cfg, struct extmem_boot_start *out);

/*
 * One word for a failure state a debugger or a test can read: bits 31..24
 * the step, 23..16 the image check, 15..0 the negated status (0 for OK).
 */
uint32_t extmem_boot_status_word(const struct extmem_boot_start *start);

/* A short name such as "payload". Never NULL. */
const char *extmem_boot_step_name(enum extmem_boot_step step);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_BOOT_H */
