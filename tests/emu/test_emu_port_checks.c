/* SPDX-License-Identifier: MIT */
/*
 * The STM32 XSPI port on the emulated STM32H7S7 refuses descriptors the
 * controller cannot carry on every entry point that programs CCR. RM0477's
 * CCR has modes for 1, 2, 4, 8 and 16 lines only and ADSIZE for 1..4
 * address bytes: 3 lines or 5 address bytes have no encoding. The checks
 * are the port's (fw/fw_port_checks.c); the good cases show the same call
 * shape is otherwise accepted, so a refusal is the check and not the rig.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/extmem_status.h"
#include "extmem_emu/machine.h"
#include "extmem_sim/ram_device.h"

#define RAM_SIZE (1u << 20)

struct rig {
	struct extmem_sim_clock clock;
	struct extmem_sim_ram_device ram;
	uint8_t *array;
	struct extmem_emu *emu;
};

static int rig_setup(void **state)
{
	struct rig *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	r->array = malloc(RAM_SIZE);
	assert_non_null(r->array);
	memset(r->array, 0xFF, RAM_SIZE);
	extmem_sim_ram_device_init(&r->ram, &r->clock, r->array, RAM_SIZE);
	struct extmem_emu_config cfg = {.clock = &r->clock, .port2 = &r->ram.base};
	assert_int_equal(extmem_emu_create(&r->emu, &cfg), 0);
	char err[256];
	if (extmem_emu_load_elf(r->emu, EMU_FW_PORT_CHECKS, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	*state = r;
	return 0;
}

static int rig_teardown(void **state)
{
	struct rig *r = *state;
	extmem_emu_destroy(r->emu);
	free(r->array);
	free(r);
	return 0;
}

/* Runs fn(arg) with a 1 s virtual-time bound and returns its r0 as a status. */
static int32_t run(struct rig *r, const char *fn, uint32_t arg)
{
	uint32_t a = 0, r0 = 0;
	assert_int_equal(extmem_emu_symbol(r->emu, fn, &a), 0);
	struct extmem_emu_limits lim = {.max_ps = r->clock.now_ps + 1000000000000ull};
	enum extmem_emu_stop_reason why = extmem_emu_call(r->emu, a, &arg, 1, 0, &lim, &r0);
	if (why != EXTMEM_EMU_STOP_RETURNED)
		fail_msg("%s stopped: %s: %s", fn, extmem_emu_stop_name(why), extmem_emu_last_stop(r->emu)->message);
	return (int32_t)r0;
}

static void init(struct rig *r)
{
	assert_int_equal(run(r, "fw_port_init", 0), EXTMEM_OK);
}

static void execute_refuses_a_data_phase_on_3_lines(void **state)
{
	struct rig *r = *state;
	init(r);
	assert_int_equal(run(r, "fw_execute_lines", 1), EXTMEM_OK);
	assert_int_equal(run(r, "fw_execute_lines", 3), EXTMEM_ERR_INVALID);
	assert_int_equal(r->ram.base.violations, 0);
}

static void auto_poll_refuses_a_data_phase_on_3_lines(void **state)
{
	struct rig *r = *state;
	init(r);
	/* 1 line: polled until the 1 ms timeout (the RAM device's ID byte is not C2h) or matched; never INVALID */
	assert_int_not_equal(run(r, "fw_auto_poll_lines", 1), EXTMEM_ERR_INVALID);
	assert_int_equal(run(r, "fw_auto_poll_lines", 3), EXTMEM_ERR_INVALID);
	assert_int_equal(r->ram.base.violations, 0);
}

static void map_enable_refuses_a_template_with_3_address_lines_or_5_address_bytes(void **state)
{
	struct rig *r = *state;
	init(r);
	assert_int_equal(run(r, "fw_map_addr_lines", 1), EXTMEM_OK);
	assert_int_equal(run(r, "fw_map_addr_lines", 3), EXTMEM_ERR_INVALID);
	assert_int_equal(run(r, "fw_map_addr_bytes", 4), EXTMEM_OK);
	assert_int_equal(run(r, "fw_map_addr_bytes", 5), EXTMEM_ERR_INVALID);
	assert_int_equal(r->ram.base.violations, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(execute_refuses_a_data_phase_on_3_lines, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(auto_poll_refuses_a_data_phase_on_3_lines, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(map_enable_refuses_a_template_with_3_address_lines_or_5_address_bytes,
						rig_setup, rig_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
