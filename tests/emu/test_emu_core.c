/* SPDX-License-Identifier: MIT */
/*
 * The emulated Cortex-M7 core against the ARMv7-M architecture: run slices
 * that resume where the core was, exceptions taken as the core takes them,
 * the DWT lock. Expected values are the architecture's, written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_emu/machine.h"

static int setup(void **state)
{
	struct extmem_emu *emu = NULL;
	struct extmem_emu_config cfg = {.log = getenv("EMU_LOG") ? stderr : NULL};
	assert_int_equal(extmem_emu_create(&emu, &cfg), 0);
	char err[256];
	if (extmem_emu_load_elf(emu, EMU_FW_CORE, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	*state = emu;
	return 0;
}

static int teardown(void **state)
{
	extmem_emu_destroy(*state);
	return 0;
}

static enum extmem_emu_stop_reason call(struct extmem_emu *emu, const char *fn, const uint32_t *args, unsigned n,
					uint32_t *r0)
{
	uint32_t a = 0;
	assert_int_equal(extmem_emu_symbol(emu, fn, &a), 0);
	struct extmem_emu_limits lim = {.max_insns = 50000000};
	return extmem_emu_call(emu, a, args, n, 0, &lim, r0);
}

static uint32_t call_ok(struct extmem_emu *emu, const char *fn, const uint32_t *args, unsigned n)
{
	uint32_t r0 = 0;
	enum extmem_emu_stop_reason why = call(emu, fn, args, n, &r0);
	if (why != EXTMEM_EMU_STOP_RETURNED)
		fail_msg("%s stopped: %s: %s", fn, extmem_emu_stop_name(why), extmem_emu_last_stop(emu)->message);
	return r0;
}

static void a_direct_branch_after_a_systick_load_write_lands_where_it_points(void **state)
{
	uint32_t n[1] = {10};
	assert_int_equal(call_ok(*state, "fw_branch_after_load", n, 1), 10 * 1000 + 10);
}

static void dwt_writes_are_ignored_until_the_lock_access_register_is_unlocked(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t buf = 0x24060000u;
	call_ok(emu, "fw_dwt_lock", &buf, 1);
	uint32_t v[6];
	assert_int_equal(extmem_emu_read_mem(emu, buf, v, sizeof(v)), 0);
	/* ARMv7-M / CoreSight lock status: SLI (bit 0) lock implemented, SLK (bit 1) locked */
	assert_int_equal(v[0], 3u);
	assert_int_equal(v[1], 0u); /* enable written while locked: CYCCNT does not count */
	assert_int_equal(v[2], 1u); /* 0xC5ACCE55 unlocks */
	assert_true(v[3] > 100u);   /* counts: the loop took more than 100 cycles */
	assert_int_equal(v[4], 3u); /* any other value locks again */
	assert_int_equal(v[5], 1u); /* and the disable written then is ignored */
}

static void the_port_starts_the_cycle_counter_from_the_locked_reset_state(void **state)
{
	assert_int_equal(call_ok(*state, "fw_port_cycle_counter", NULL, 0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_port_starts_the_cycle_counter_from_the_locked_reset_state, setup,
						teardown),
		cmocka_unit_test_setup_teardown(dwt_writes_are_ignored_until_the_lock_access_register_is_unlocked,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_direct_branch_after_a_systick_load_write_lands_where_it_points, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
