/* SPDX-License-Identifier: MIT */
/*
 * The NOR SFDP driver: its operations table and the public calls beyond it.
 * The work is in nor_bus.c (operations on the wire), nor_plan.c (which
 * protocols to try, pure), nor_bringup.c (reaching and proving one),
 * nor_array.c (read/program/erase) and nor_protect.c (write protection).
 */
#include "nor_internal.h"

const struct extmem_driver extmem_nor_sfdp_driver = {
	.name = "nor-sfdp",
	.init = extmem_nor_drv_init,
	.deinit = extmem_nor_drv_deinit,
	.read = extmem_nor_drv_read,
	.write = extmem_nor_drv_write,
	.erase = extmem_nor_drv_erase,
	.erase_all = extmem_nor_drv_erase_all,
	.map = extmem_nor_drv_map,
	.unmap = extmem_nor_drv_unmap,
};

int extmem_nor_sfdp_unlock(struct extmem *em, uint32_t id)
{
	struct extmem_info info;
	int err = extmem_info(em, id, &info);
	if (err != EXTMEM_OK)
		return err;
	struct extmem_memory *m = &em->memories[id];
	if (m->driver != &extmem_nor_sfdp_driver)
		return EXTMEM_ERR_NOT_SUPPORTED;
	if (m->state == EXTMEM_STATE_MAPPED)
		return EXTMEM_ERR_MAPPED;
	struct nor n = {m->config, m->data};
	err = extmem_nor_clear_protection(&n);
	m->info.write_protected = n.d->locked;
	return err;
}
