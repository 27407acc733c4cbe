/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emu_ram_rig.h"

struct emu_ram_rig *emu_ram_rig_create(uint32_t ram_size, uint8_t (*fill)(uint32_t i), const char *elf)
{
	struct emu_ram_rig *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	r->array = malloc(ram_size);
	assert_non_null(r->array);
	for (uint32_t i = 0; i < ram_size; i++)
		r->array[i] = fill != NULL ? fill(i) : 0xFF;
	extmem_sim_ram_device_init(&r->ram, &r->clock, r->array, ram_size);
	struct extmem_emu_config cfg = {.clock = &r->clock, .port2 = &r->ram.base};
	assert_int_equal(extmem_emu_create(&r->emu, &cfg), 0);
	char err[256];
	if (extmem_emu_load_elf(r->emu, elf, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	return r;
}

void emu_ram_rig_destroy(struct emu_ram_rig *r)
{
	extmem_emu_destroy(r->emu);
	free(r->array);
	free(r);
}

uint32_t emu_ram_rig_call(struct emu_ram_rig *r, const char *fn, uint32_t arg)
{
	uint32_t a = 0, r0 = 0;
	assert_int_equal(extmem_emu_symbol(r->emu, fn, &a), 0);
	struct extmem_emu_limits lim = {.max_ps = r->clock.now_ps + 1000000000000ull};
	enum extmem_emu_stop_reason why = extmem_emu_call(r->emu, a, &arg, 1, 0, &lim, &r0);
	if (why != EXTMEM_EMU_STOP_RETURNED)
		fail_msg("%s stopped: %s: %s", fn, extmem_emu_stop_name(why), extmem_emu_last_stop(r->emu)->message);
	return r0;
}
