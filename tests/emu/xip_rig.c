/* SPDX-License-Identifier: MIT */
/* The XIP tests' shared set-up (xip_rig.h). */
#include "xip_rig.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_sim/parts.h"

void xip_rig_start(struct xip_rig *r, const char *appli_elf, const char *boot_elf)
{
	memset(r, 0, sizeof(*r));
	r->nor = extmem_sim_nor_create(&extmem_sim_part_mx66uw1g45g, &r->clock, NULL, NULL);
	assert_non_null(r->nor);
	char err[300];
	long n = extmem_emu_elf_extract(appli_elf, 0x70000000u, r->nor->array, r->nor->part->size, err, sizeof(err));
	if (n <= 0)
		fail_msg("%s", err);
	struct extmem_emu_config cfg = {
		.clock = &r->clock, .port2 = &r->nor->base, .log = getenv("EMU_LOG") ? stderr : NULL};
	assert_int_equal(extmem_emu_create(&r->emu, &cfg), 0);
	if (extmem_emu_load_elf(r->emu, boot_elf, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	extmem_emu_reset(r->emu);
}

void xip_rig_free(struct xip_rig *r)
{
	extmem_emu_destroy(r->emu);
	extmem_sim_nor_destroy(r->nor);
	r->emu = NULL;
	r->nor = NULL;
}
