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

#include "emu_ram_rig.h"
#include "extmem/extmem_status.h"

#define RAM_SIZE (1u << 20)

/* Built twice: the firmware as the library has it, and with EXTMEM_STM32_XSPI_APMEM16=0 (the NOR-only Boots). */
#ifndef PORT_APMEM16
#define PORT_APMEM16 1
#endif

static int rig_setup(void **state)
{
	*state = emu_ram_rig_create(RAM_SIZE, NULL, EMU_FW_PORT_CHECKS);
	return 0;
}

static int rig_teardown(void **state)
{
	emu_ram_rig_destroy(*state);
	return 0;
}

/* fn(arg) with r0 as a status. */
static int32_t run(struct emu_ram_rig *r, const char *fn, uint32_t arg)
{
	return (int32_t)emu_ram_rig_call(r, fn, arg);
}

static void init(struct emu_ram_rig *r)
{
	assert_int_equal(run(r, "fw_port_init", 0), EXTMEM_OK);
}

static void execute_refuses_a_data_phase_on_3_lines(void **state)
{
	struct emu_ram_rig *r = *state;
	init(r);
	assert_int_equal(run(r, "fw_execute_lines", 1), EXTMEM_OK);
	assert_int_equal(run(r, "fw_execute_lines", 3), EXTMEM_ERR_INVALID);
	assert_int_equal(r->ram.base.violations, 0);
}

static void auto_poll_refuses_a_data_phase_on_3_lines(void **state)
{
	struct emu_ram_rig *r = *state;
	init(r);
	/* 1 line: polled until the 1 ms timeout (the RAM device's ID byte is not C2h) or matched; never INVALID */
	assert_int_not_equal(run(r, "fw_auto_poll_lines", 1), EXTMEM_ERR_INVALID);
	assert_int_equal(run(r, "fw_auto_poll_lines", 3), EXTMEM_ERR_INVALID);
	assert_int_equal(r->ram.base.violations, 0);
}

static void map_enable_refuses_a_template_with_3_address_lines_or_5_address_bytes(void **state)
{
	struct emu_ram_rig *r = *state;
	init(r);
	assert_int_equal(run(r, "fw_map_addr_lines", 1), EXTMEM_OK);
	assert_int_equal(run(r, "fw_map_addr_lines", 3), EXTMEM_ERR_INVALID);
	assert_int_equal(run(r, "fw_map_addr_bytes", 4), EXTMEM_OK);
	assert_int_equal(run(r, "fw_map_addr_bytes", 5), EXTMEM_ERR_INVALID);
	assert_int_equal(r->ram.base.violations, 0);
}

static void the_nor_only_table_has_no_cs_limits_and_refuses_an_x16_template(void **state)
{
	struct emu_ram_rig *r = *state;
	init(r);
	assert_int_equal(run(r, "fw_nor_table_matches", 0), 1);
	/* without the AP Memory 16-bit type the full table refuses it too; nothing else differs */
	assert_int_equal(run(r, "fw_map_x16", 1), PORT_APMEM16 ? EXTMEM_OK : EXTMEM_ERR_INVALID);
	assert_int_equal(run(r, "fw_map_x16", 0), EXTMEM_ERR_INVALID);
	/* the refusal left the controller in indirect mode: a plain template still maps */
	assert_int_equal(run(r, "fw_map_addr_lines", 1), EXTMEM_OK);
	assert_int_equal(r->ram.base.violations, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(execute_refuses_a_data_phase_on_3_lines, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(auto_poll_refuses_a_data_phase_on_3_lines, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(map_enable_refuses_a_template_with_3_address_lines_or_5_address_bytes,
						rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(the_nor_only_table_has_no_cs_limits_and_refuses_an_x16_template,
						rig_setup, rig_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
