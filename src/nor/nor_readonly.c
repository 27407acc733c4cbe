/* SPDX-License-Identifier: MIT */
/*
 * The NOR SFDP driver without program and erase, for Boots that only read
 * (and map) their NOR. Same bring-up, read and map as extmem_nor_sfdp_driver;
 * write, erase and erase_all are absent, so the manager answers
 * EXTMEM_ERR_NOT_SUPPORTED and --gc-sections / -flto drop the program,
 * erase and verify paths from the image.
 */
#include "nor_internal.h"

const struct extmem_driver extmem_nor_sfdp_readonly_driver = {
	.name = "nor-sfdp-ro",
	.init = extmem_nor_drv_init,
	.deinit = extmem_nor_drv_deinit,
	.read = extmem_nor_drv_read,
	.map = extmem_nor_drv_map,
	.unmap = extmem_nor_drv_unmap,
};
