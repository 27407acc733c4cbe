/* SPDX-License-Identifier: MIT */
/*
 * The example application (examples/stm32h7s78-dk/appli.c) sets up what it
 * uses: started in place after a boot that left the DWT as reset leaves it
 * (trace off, counter off, locked), as a vendor boot does, its 100 us steps
 * still come 100 us apart and main returns.
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

static void the_example_application_times_its_steps_after_a_boot_that_left_the_dwt_at_reset(void **state)
{
	(void)state;
	struct xip_rig rig;
	xip_rig_start(&rig, EMU_EXAMPLE_APPLI, EMU_FW_XIP_BOOT);
	struct extmem_emu *emu = rig.emu;
	struct extmem_sim_clock *clock = &rig.clock;
	char err[300];
	uint32_t vec[2];
	memcpy(vec, rig.nor->array, sizeof(vec)); /* the application's initial SP and reset handler */
	/* our boot up to the hand-over: NOR in 8D-8D-8D, mapped */
	struct extmem_emu_limits lim = {.max_ps = 2000000000000ull, .breakpoints = {vec[1]}};
	enum extmem_emu_stop_reason why = extmem_emu_run(emu, &lim);
	if (why != EXTMEM_EMU_STOP_BREAKPOINT)
		fail_msg("boot stopped: %s: %s", extmem_emu_stop_name(why), extmem_emu_last_stop(emu)->message);
	/* the DWT back to its reset state, by firmware of ours in AXI SRAM (the application reloads its data) */
	if (extmem_emu_load_elf(emu, EMU_FW_CORE, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	uint32_t fn = 0;
	assert_int_equal(extmem_emu_symbol(emu, "fw_dwt_reset_state", &fn), 0);
	struct extmem_emu_limits call_lim = {.max_insns = 1000};
	assert_int_equal(extmem_emu_call(emu, fn, NULL, 0, 0, &call_lim, NULL), EXTMEM_EMU_STOP_RETURNED);
	/* then the application from its vector table */
	uint32_t leds0 = extmem_emu_led_count(emu);
	uint64_t t0 = clock->now_ps;
	struct extmem_emu_limits app_lim = {.max_ps = clock->now_ps + 100000000000ull}; /* 100 ms */
	why = extmem_emu_call(emu, vec[1], NULL, 0, vec[0], &app_lim, NULL);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(emu);
	if (why != EXTMEM_EMU_STOP_BKPT || s->value != 0)
		fail_msg("application stopped: %s: %s", extmem_emu_stop_name(why), s->message);
	/* eight 100 us steps (LD1..LD4, twice) */
	uint64_t run_ps = clock->now_ps - t0;
	assert_true(run_ps >= 800000000ull && run_ps < 850000000ull); /* + start-up: cache maintenance, .data */
	/* each LED switched on goes off 100 us later (LD1 was left on by the boot: its first step shows no "on") */
	const struct extmem_emu_led_event *log = extmem_emu_led_log(emu);
	uint32_t count = extmem_emu_led_count(emu), ons = 0;
	for (uint32_t i = leds0; i < count; i++) {
		if (log[i].level != 1)
			continue;
		ons++;
		uint32_t j = i + 1;
		while (j < count && log[j].led != log[i].led)
			j++;
		assert_true(j < count);
		assert_int_equal(log[j].level, 0);
		uint64_t dt = log[j].time_ps - log[i].time_ps;
		assert_true(dt >= 99000000ull && dt < 101000000ull);
	}
	assert_int_equal(ons, 7);
	xip_rig_free(&rig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_example_application_times_its_steps_after_a_boot_that_left_the_dwt_at_reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
