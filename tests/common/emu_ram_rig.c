/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emu_ram_rig.h"

struct emu_ram_rig *emu_ram_rig_new(uint32_t ram_size, uint8_t (*fill)(uint32_t i),
				    const struct extmem_emu_config *extra)
{
	struct emu_ram_rig *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	r->array = malloc(ram_size);
	assert_non_null(r->array);
	for (uint32_t i = 0; i < ram_size; i++)
		r->array[i] = fill != NULL ? fill(i) : 0xFF;
	extmem_sim_ram_device_init(&r->ram, &r->clock, r->array, ram_size);
	struct extmem_emu_config cfg = {0};
	if (extra != NULL)
		cfg = *extra;
	cfg.clock = &r->clock;
	cfg.port2 = &r->ram.base;
	if (cfg.log == NULL && getenv("EMU_LOG") != NULL)
		cfg.log = stderr;
	assert_int_equal(extmem_emu_create(&r->emu, &cfg), 0);
	return r;
}

void emu_ram_rig_load(struct emu_ram_rig *r, const char *elf)
{
	char err[256];
	if (extmem_emu_load_elf(r->emu, elf, err, sizeof(err)) != 0)
		fail_msg("%s", err);
}

struct emu_ram_rig *emu_ram_rig_create(uint32_t ram_size, uint8_t (*fill)(uint32_t i), const char *elf)
{
	struct emu_ram_rig *r = emu_ram_rig_new(ram_size, fill, NULL);
	emu_ram_rig_load(r, elf);
	return r;
}

void emu_ram_rig_destroy(struct emu_ram_rig *r)
{
	extmem_emu_destroy(r->emu);
	free(r->array);
	free(r);
}

uint32_t emu_ram_rig_symbol(struct emu_ram_rig *r, const char *name)
{
	uint32_t a = 0;
	if (extmem_emu_symbol(r->emu, name, &a) != 0)
		fail_msg("no symbol %s in the firmware", name);
	return a;
}

enum extmem_emu_stop_reason emu_ram_rig_run(struct emu_ram_rig *r, const char *fn, const uint32_t *args, unsigned n,
					    uint32_t *r0)
{
	struct extmem_emu_limits lim = {.max_ps = r->clock.now_ps + 1000000000000ull};
	return extmem_emu_call(r->emu, emu_ram_rig_symbol(r, fn), args, n, 0, &lim, r0);
}

void emu_ram_rig_expect_returned(struct emu_ram_rig *r, const char *fn, enum extmem_emu_stop_reason why)
{
	if (why != EXTMEM_EMU_STOP_RETURNED)
		fail_msg("%s stopped: %s: %s", fn, extmem_emu_stop_name(why), extmem_emu_last_stop(r->emu)->message);
}

void emu_ram_rig_run_ok(struct emu_ram_rig *r, const char *fn, const uint32_t *args, unsigned n, uint32_t *r0)
{
	emu_ram_rig_expect_returned(r, fn, emu_ram_rig_run(r, fn, args, n, r0));
}

uint32_t emu_ram_rig_call(struct emu_ram_rig *r, const char *fn, uint32_t arg)
{
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, fn, &arg, 1, &r0);
	return r0;
}
