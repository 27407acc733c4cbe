/* SPDX-License-Identifier: MIT */
/*
 * The end-to-end check: a firmware built with the cross compiler
 * brings up the emulated MX66UW1G45G through the stm32h7rs port and the NOR
 * SFDP driver to 8D-8D-8D at 200 MHz, maps it, runs an application in place
 * from the XSPI2 window that toggles an LED; the LED log and zero protocol
 * violations are asserted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xip_rig.h"

static void octal_dtr_boot_runs_the_application_in_place_and_toggles_ld2_with_no_violations(void **state)
{
	(void)state;
	struct xip_rig rig;
	xip_rig_start(&rig, EMU_FW_XIP_APPLI, EMU_FW_XIP_BOOT);
	struct extmem_emu *emu = rig.emu;
	struct extmem_sim_nor *nor = rig.nor;
	struct extmem_emu_limits lim = {.max_ps = 2000000000000ull}; /* 2 s */
	enum extmem_emu_stop_reason why = extmem_emu_run(emu, &lim);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(emu);
	if (why != EXTMEM_EMU_STOP_BKPT || s->value != 0)
		fail_msg("stopped: %s: %s (NOR violations %u: %s)", extmem_emu_stop_name(why), s->message,
			 nor->base.violations, nor->base.last_violation);
	/* the application's BKPT is in the window: it ran in place */
	assert_true(s->pc >= 0x70000000u && s->pc < 0x78000000u);
	const struct extmem_emu_led_event *log = extmem_emu_led_log(emu);
	uint32_t count = extmem_emu_led_count(emu);
	/* LD1 off then on (boot alive); LD2 off, then on/off twice from XIP code */
	assert_int_equal(count, 7);
	assert_int_equal(log[0].led, 0);
	assert_int_equal(log[1].led, 0);
	assert_int_equal(log[1].level, 1);
	static const uint8_t ld2[5] = {0, 1, 0, 1, 0};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(log[2 + i].led, 1);
		assert_int_equal(log[2 + i].level, ld2[i]);
	}
	for (int i = 4; i < 7; i++) {
		uint64_t dt = log[i].time_ps - log[i - 1].time_ps;
		assert_true(dt >= 9000000ull && dt < 11000000ull);
	}
	assert_int_equal(nor->base.violations, 0);
	struct extmem_emu_stats st;
	extmem_emu_get_stats(emu, &st);
	assert_int_equal(st.xspi_violations, 0);
	assert_int_equal(st.cpu_hz, 600000000u);
	assert_true(st.map_snapshots >= 1);
	assert_int_equal(extmem_sim_nor_proto(nor), EXTMEM_SIM_NOR_8D8D8D);
	extmem_emu_print_stats(emu, stdout);
	xip_rig_free(&rig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(octal_dtr_boot_runs_the_application_in_place_and_toggles_ld2_with_no_violations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
