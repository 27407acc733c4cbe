/* SPDX-License-Identifier: MIT */
/*
 * The NOR SFDP driver without program and erase, for Boots that only read
 * (and map) their NOR. Same bring-up, read and map as extmem_nor_sfdp_driver;
 * write, erase and erase_all are absent, so the manager answers
 * EXTMEM_ERR_NOT_SUPPORTED and --gc-sections / -flto drop the program,
 * erase and verify paths from the image.
 *
 * Built read-only (EXTMEM_NOR_READ_ONLY, a Boot), the tables have no
 * deinit either: a Boot hands its NOR over mapped and never deinitialises
 * it (boot_mem.h has no deinit; the manager skips a NULL deinit, in
 * extmem_deinit and when extmem_init refuses a memory's info), and the
 * 132 bytes of the reset to 1S-1S-1S stay out of every Boot. The host
 * library's read-only tables keep it.
 */
#if EXTMEM_NOR_READ_ONLY
#define NOR_RO_DEINIT NULL
#else
#define NOR_RO_DEINIT extmem_nor_drv_deinit
#endif
/*
 * EXTMEM_NOR_MAP_ONLY=1 (the configurator's XIP Boots that check through the
 * window and call their drivers directly, src/boot/boot_mem.h): nothing reads
 * the NOR through the driver, so the tables name no read and the 170-odd
 * bytes of the read path stay out. The manager refuses such a table
 * (extmem_setup wants a read); only the direct Boot takes it.
 */
#if EXTMEM_NOR_MAP_ONLY
#define NOR_RO_READ NULL
#else
#define NOR_RO_READ extmem_nor_drv_read
#endif
#include "extmem/nor_pinned.h"
#include "nor_internal.h"

const struct extmem_driver extmem_nor_sfdp_readonly_driver = {
	.name = "nor-sfdp-ro",
	.init = extmem_nor_drv_init,
	.deinit = NOR_RO_DEINIT,
	.read = NOR_RO_READ,
	.map = extmem_nor_drv_map,
	.unmap = extmem_nor_drv_unmap,
};

/* The pinned driver's init is its own (static there); read, map and deinit are the shared ones it uses too. */
static int pinned_readonly_init(struct extmem_memory *m)
{
	return extmem_nor_pinned_driver.init(m);
}

const struct extmem_driver extmem_nor_pinned_readonly_driver = {
	.name = "nor-pinned-ro",
	.init = pinned_readonly_init,
	.deinit = NOR_RO_DEINIT,
	.read = NOR_RO_READ,
	.map = extmem_nor_drv_map,
	.unmap = extmem_nor_drv_unmap,
};
