/* SPDX-License-Identifier: MIT */
/*
 * The emulated STM32H7S7 running real arm-none-eabi firmware: boot from
 * internal flash, reset values vendor code depends on, strict stops,
 * exceptions, the call API, the XSPI register model through the
 * register-level port, memory-mapped execution and XIP hazards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "emu_ram_rig.h"
#include "extmem_emu/machine.h"

#define RAM_SIZE (1u << 20)

static int rig_setup(void **state)
{
	*state = emu_ram_rig_new(RAM_SIZE, NULL, NULL);
	return 0;
}

static int rig_teardown(void **state)
{
	emu_ram_rig_destroy(*state);
	return 0;
}

static void boot_from_flash_reaches_600mhz_and_logs_led_toggles_with_virtual_times(void **state)
{
	struct emu_ram_rig *r = *state;
	char err[256];
	if (extmem_emu_load_elf(r->emu, EMU_FW_BOOT, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	extmem_emu_reset(r->emu);
	struct extmem_emu_limits lim = {.max_ps = 100000000000ull}; /* 100 ms */
	enum extmem_emu_stop_reason why = extmem_emu_run(r->emu, &lim);
	if (why != EXTMEM_EMU_STOP_BKPT)
		fail_msg("stopped: %s: %s", extmem_emu_stop_name(why), extmem_emu_last_stop(r->emu)->message);
	assert_int_equal(extmem_emu_last_stop(r->emu)->value, 0);
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	assert_int_equal(st.cpu_hz, 600000000u);
	/* LD1: off when made an output, then on/off three times; LD3: off, then on */
	const struct extmem_emu_led_event *log = extmem_emu_led_log(r->emu);
	assert_int_equal(extmem_emu_led_count(r->emu), 9);
	static const uint8_t leds[9] = {0, 2, 0, 0, 0, 0, 0, 0, 2};
	static const uint8_t levels[9] = {0, 0, 1, 0, 1, 0, 1, 0, 1};
	for (int i = 0; i < 9; i++) {
		assert_int_equal(log[i].led, leds[i]);
		assert_int_equal(log[i].level, levels[i]);
	}
	for (int i = 3; i < 8; i++) {
		/* 100 us apart on the DWT time base (whole microseconds, so 99..101 us) */
		uint64_t dt = log[i].time_ps - log[i - 1].time_ps;
		assert_true(dt >= 99000000ull && dt < 101000000ull);
	}
}

static void run_stops_when_the_led_pattern_is_seen(void **state)
{
	struct emu_ram_rig *r = *state;
	char err[256];
	if (extmem_emu_load_elf(r->emu, EMU_FW_BOOT, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	extmem_emu_reset(r->emu);
	/* LD1 on, off, on: the start of the second blink */
	struct extmem_emu_limits lim = {.max_ps = 100000000000ull, .led_pattern_len = 3};
	lim.led_pattern[0].led = 0;
	lim.led_pattern[0].level = 1;
	lim.led_pattern[1].led = 0;
	lim.led_pattern[1].level = 0;
	lim.led_pattern[2].led = 0;
	lim.led_pattern[2].level = 1;
	assert_int_equal(extmem_emu_run(r->emu, &lim), EXTMEM_EMU_STOP_LED_EVENTS);
	assert_int_equal(extmem_emu_led_count(r->emu), 5);
	/* the run resumes where it stopped and finishes */
	struct extmem_emu_limits rest = {.max_ps = 100000000000ull};
	assert_int_equal(extmem_emu_run(r->emu, &rest), EXTMEM_EMU_STOP_BKPT);
	assert_int_equal(extmem_emu_led_count(r->emu), 9);
}

static void vendor_supply_check_sees_pwr_csr2_reset_default(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_vendor_supply", NULL, 0, &r0);
	assert_int_equal(r0 & 7u, 6u);
}

static void vendor_style_clock_setup_with_systick_timeouts_and_vfp_reaches_600mhz(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	uint64_t t0 = r->clock.now_ps;
	emu_ram_rig_run_ok(r, "fw_vendor_clock", NULL, 0, &r0);
	assert_int_equal(r0, 600000000u);
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	assert_int_equal(st.cpu_hz, 600000000u);
	assert_true(st.exceptions >= 5);
	/* the 5 ms delay on the retuned 1 kHz tick */
	assert_true(r->clock.now_ps - t0 >= 4000000000ull && r->clock.now_ps - t0 < 6000000000ull);
}

static void unknown_peripheral_read_stops_with_address_pc_and_size(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	assert_int_equal(emu_ram_rig_run(r, "fw_touch_unknown", NULL, 0, &r0), EXTMEM_EMU_STOP_UNMODELLED);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(r->emu);
	assert_int_equal(s->addr, 0x40013000u);
	assert_int_equal(s->size, 4);
	assert_false(s->write);
	uint32_t fn = emu_ram_rig_symbol(r, "fw_touch_unknown") & ~1u;
	assert_true(s->pc >= fn && s->pc < fn + 16u);
	assert_non_null(strstr(s->message, "0x40013000"));
}

static void write_to_internal_flash_stops_as_invalid_access(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	assert_int_equal(emu_ram_rig_run(r, "fw_write_flash", NULL, 0, NULL), EXTMEM_EMU_STOP_INVALID);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(r->emu);
	assert_int_equal(s->addr, 0x08000100u);
	assert_true(s->write);
	assert_non_null(strstr(s->message, "internal flash"));
}

static void instruction_fetch_from_dtcm_stops_as_invalid(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	assert_int_equal(emu_ram_rig_run(r, "fw_exec_dtcm", NULL, 0, NULL), EXTMEM_EMU_STOP_INVALID);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(r->emu);
	assert_int_equal(s->addr, 0x20001000u);
	assert_non_null(strstr(s->message, "non-executable"));
}

static void systick_exceptions_are_delivered_and_return_with_fp_state_intact(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t args[1] = {5};
	uint32_t r0 = 0;
	uint64_t t0 = r->clock.now_ps;
	emu_ram_rig_run_ok(r, "fw_systick", args, 1, &r0);
	assert_int_equal(r0, 5);
	/* five 100 us periods at 64 MHz */
	assert_true(r->clock.now_ps - t0 >= 500000000ull && r->clock.now_ps - t0 < 520000000ull);
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	assert_int_equal(st.exceptions, 5);
}

static void wfi_sleeps_until_the_next_systick(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	uint64_t t0 = r->clock.now_ps;
	emu_ram_rig_run_ok(r, "fw_wfi", NULL, 0, &r0);
	assert_int_equal(r0, 3);
	/* three 100 us periods slept through, not spun */
	assert_true(r->clock.now_ps - t0 >= 290000000ull && r->clock.now_ps - t0 < 310000000ull);
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	assert_true(st.insns < 1000);
}

static void svc_enters_its_handler_and_returns(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_svc", NULL, 0, &r0);
	assert_int_equal(r0, 1);
}

static void call_api_passes_four_arguments_and_returns_r0(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t args[4] = {100, 7, 6, 2};
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_add", args, 4, &r0);
	assert_int_equal(r0, 140);
}

static void xspi_indirect_write_and_read_through_the_port_reach_the_device_without_violations(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_xspi_init", NULL, 0, &r0);
	assert_int_equal(r0, 50); /* 200 MHz kernel / 4 */
	uint32_t args[2] = {0x1234, 300};
	emu_ram_rig_run_ok(r, "fw_xspi_roundtrip", args, 2, &r0);
	assert_int_equal((int32_t)r0, 0);
	assert_int_equal(r->ram.writes, 1);
	assert_int_equal(r->ram.log[0].addr, 0x1234);
	assert_int_equal(r->ram.log[0].len, 300);
	for (uint32_t i = 0; i < 300; i++)
		assert_int_equal(r->array[0x1234 + i], (uint8_t)(i * 13u + 5u));
	assert_int_equal(r->ram.base.violations, 0);
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	assert_int_equal(st.xspi_violations, 0);
	assert_int_equal(st.xspi_ops, 2);
}

static void xspim_mode_routes_xspi2_to_the_port_1_device(void **state)
{
	(void)state;
	struct extmem_sim_clock clock = {0};
	static uint8_t array1[RAM_SIZE];
	struct extmem_sim_ram_device ram1;
	extmem_sim_ram_device_init(&ram1, &clock, array1, sizeof(array1));
	struct extmem_emu *emu = NULL;
	struct extmem_emu_config cfg = {.clock = &clock, .port1 = &ram1.base};
	assert_int_equal(extmem_emu_create(&emu, &cfg), 0);
	char err[256];
	if (extmem_emu_load_elf(emu, EMU_FW_CALLS, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	uint32_t fn_init = 0, fn_rt = 0, fn_swap = 0, r0 = 0;
	assert_int_equal(extmem_emu_symbol(emu, "fw_xspi_init", &fn_init), 0);
	assert_int_equal(extmem_emu_symbol(emu, "fw_xspi_roundtrip", &fn_rt), 0);
	assert_int_equal(extmem_emu_symbol(emu, "fw_xspim_swap", &fn_swap), 0);
	struct extmem_emu_limits lim = {.max_ps = 1000000000000ull};
	assert_int_equal(extmem_emu_call(emu, fn_init, NULL, 0, 0, &lim, &r0), EXTMEM_EMU_STOP_RETURNED);
	uint32_t args[2] = {0x40, 16};
	/* direct mode: nothing on port 2, the data reads back as idle lines */
	lim.max_ps = clock.now_ps + 1000000000000ull;
	assert_int_equal(extmem_emu_call(emu, fn_rt, args, 2, 0, &lim, &r0), EXTMEM_EMU_STOP_RETURNED);
	assert_int_equal((int32_t)r0, -100);
	assert_int_equal(ram1.writes, 0);
	/* swapped: XSPI2 reaches the RAM device on port 1 */
	lim.max_ps = clock.now_ps + 1000000000000ull;
	assert_int_equal(extmem_emu_call(emu, fn_swap, NULL, 0, 0, &lim, &r0), EXTMEM_EMU_STOP_RETURNED);
	lim.max_ps = clock.now_ps + 1000000000000ull;
	assert_int_equal(extmem_emu_call(emu, fn_rt, args, 2, 0, &lim, &r0), EXTMEM_EMU_STOP_RETURNED);
	assert_int_equal((int32_t)r0, 0);
	assert_int_equal(ram1.writes, 1);
	assert_int_equal(ram1.base.violations, 0);
	extmem_emu_destroy(emu);
}

static void xspi_auto_poll_matches_the_device_answer(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_xspi_init", NULL, 0, &r0);
	emu_ram_rig_run_ok(r, "fw_xspi_autopoll_id", NULL, 0, &r0);
	assert_int_equal(r0, 0x1000EEu);
	assert_int_equal(r->ram.base.violations, 0);
}

static void mapped_window_shows_device_contents_and_runs_code_placed_there(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_xspi_init", NULL, 0, &r0);
	memcpy(r->array + 0x800, "\x11\x22\x33\x44", 4);
	uint32_t args[2] = {0x800, 0x03};
	emu_ram_rig_run_ok(r, "fw_map_read", args, 2, &r0);
	assert_int_equal(r0, 0x44332211u);
	/* the code of fw_triple, copied into the device with the same word alignment */
	uint32_t fn = emu_ram_rig_symbol(r, "fw_triple") & ~1u;
	uint32_t off = 0x2000u + (fn & 3u);
	assert_int_equal(extmem_emu_read_mem(r->emu, fn, r->array + off, 64), 0);
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	assert_int_equal(st.window_blocks, 0); /* data reads through the window run no code there */
	uint32_t cargs[2] = {off, 5};
	emu_ram_rig_run_ok(r, "fw_map_call", cargs, 2, &r0);
	assert_int_equal(r0, 22);
	assert_int_equal(r->ram.base.violations, 0);
	extmem_emu_get_stats(r->emu, &st);
	assert_int_equal(st.xspi_violations, 0);
	assert_true(st.map_snapshots >= 2);
	assert_true(st.window_blocks >= 1); /* fw_triple ran from the window */
}

static void window_reads_cost_line_fills_and_the_d_cache_keeps_them(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_xspi_init", NULL, 0, &r0);
	struct extmem_emu_stats a, b, c;
	uint32_t off[1] = {0};
	uint32_t args[2] = {0x4000, 4096};
	emu_ram_rig_run_ok(r, "fw_caches", off, 1, NULL);
	extmem_emu_get_stats(r->emu, &a);
	uint64_t t0 = r->clock.now_ps;
	emu_ram_rig_run_ok(r, "fw_window_sum", args, 2, &r0);
	uint64_t uncached_ps = r->clock.now_ps - t0;
	extmem_emu_get_stats(r->emu, &b);
	/* no cache: every line, each pass */
	assert_int_equal(b.line_fills - a.line_fills, 2 * 4096 / 32);
	uint32_t on[1] = {1};
	emu_ram_rig_run_ok(r, "fw_caches", on, 1, NULL);
	extmem_emu_get_stats(r->emu, &b);
	t0 = r->clock.now_ps;
	emu_ram_rig_run_ok(r, "fw_window_sum", args, 2, &r0);
	uint64_t cached_ps = r->clock.now_ps - t0;
	extmem_emu_get_stats(r->emu, &c);
	/* D-cache on: each line once */
	assert_int_equal(c.line_fills - b.line_fills, 4096 / 32);
	assert_true(uncached_ps > cached_ps);
	assert_int_equal(r->ram.base.violations, 0);
}

static void mapped_window_with_a_wrong_read_opcode_shows_wrong_bytes(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_xspi_init", NULL, 0, &r0);
	memcpy(r->array + 0x800, "\x11\x22\x33\x44", 4);
	uint32_t args[2] = {0x800, 0x0B}; /* fast read: the RAM device does not know it */
	emu_ram_rig_run_ok(r, "fw_map_read", args, 2, &r0);
	assert_int_equal(r0, 0xFFFFFFFFu);
	assert_true(r->ram.base.violations > 0);
}

static void xip_hazard_disabling_xspi2_from_its_window_stops_with_register_value_and_pc(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_xspi_init", NULL, 0, &r0);
	uint32_t fn = emu_ram_rig_symbol(r, "fw_disable_xspi2") & ~1u;
	uint32_t off = 0x3000u + (fn & 3u);
	assert_int_equal(extmem_emu_read_mem(r->emu, fn, r->array + off, 64), 0);
	uint32_t args[2] = {off, 0};
	assert_int_equal(emu_ram_rig_run(r, "fw_map_call", args, 2, &r0), EXTMEM_EMU_STOP_XIP_HAZARD);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(r->emu);
	assert_true(s->pc >= 0x70000000u + off && s->pc < 0x70000000u + off + 16u);
	/* the exact instruction: a 16-bit STR (immediate) */
	uint16_t insn = (uint16_t)(r->array[s->pc - 0x70000000u] | r->array[s->pc - 0x70000000u + 1] << 8);
	assert_int_equal(insn >> 11, 0x0C);
	assert_int_equal(s->value, 0);
	assert_non_null(strstr(s->message, "XSPI2_CR"));
	assert_non_null(strstr(s->message, "0x00000000"));
}

static void reading_the_window_after_leaving_mapped_mode_names_the_write_that_left_it(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_xspi_init", NULL, 0, &r0);
	uint32_t args[1] = {0x100};
	assert_int_equal(emu_ram_rig_run(r, "fw_read_after_unmap", args, 1, &r0), EXTMEM_EMU_STOP_XIP_HAZARD);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(r->emu);
	assert_int_equal(s->addr, 0x70000100u);
	assert_non_null(strstr(s->message, "not in memory-mapped mode"));
	assert_non_null(strstr(s->message, "to XSPI2_CR at PC 0x24"));
}

static void reading_the_window_after_its_bus_clock_stopped_names_the_rcc_write(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_xspi_init", NULL, 0, &r0);
	uint32_t args[1] = {0x100};
	assert_int_equal(emu_ram_rig_run(r, "fw_read_after_clock_off", args, 1, &r0), EXTMEM_EMU_STOP_XIP_HAZARD);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(r->emu);
	assert_non_null(strstr(s->message, "bus clock off"));
	assert_non_null(strstr(s->message, "to RCC_AHB5ENR at PC 0x24"));
}

static void registers_start_at_their_reset_values(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t buf = 0x24060000u;
	emu_ram_rig_run_ok(r, "fw_read_resets", &buf, 1, NULL);
	uint32_t v[14];
	assert_int_equal(extmem_emu_read_mem(r->emu, buf, v, sizeof(v)), 0);
	assert_int_equal(v[0] & 0x25u, 0x25u); /* HSION, HSIRDY, HSIDIVF */
	assert_int_equal(v[1], 0);             /* SW = SWS = HSI */
	assert_int_equal(v[2], 0x02020200u);   /* DIVM1..3 = 32 */
	assert_int_equal(v[3], 0x01010280u);   /* PLL1 N/P/Q/R */
	assert_int_equal(v[4] & 7u, 6u);       /* supply: SDEN | LDOEN */
	assert_int_equal(v[5], 2u);            /* VOSRDY, VOS low */
	assert_int_equal(v[6] & 0xFu, 3u);     /* flash latency */
	assert_int_equal(v[7], 0x411FC272u);   /* Cortex-M7 r1p2 */
	assert_int_equal(v[8], 0x08000000u);   /* VTOR at the boot address */
	assert_int_equal(v[9] & 0xF0000000u, 0x40000000u);
	assert_int_equal(v[10], 0);
	assert_int_equal(v[11], 0);
	assert_int_equal(v[12] & 0x7F3Fu, 0x0004u); /* XSPI SR: FTF only (indirect write, FIFO empty) */
	assert_int_equal(v[13], 0);
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	assert_int_equal(st.cpu_hz, 64000000u);
}

static void xspi_register_written_while_busy_is_ignored_and_recorded(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_xspi_init", NULL, 0, &r0);
	emu_ram_rig_run_ok(r, "fw_ccr_while_busy", NULL, 0, &r0);
	assert_true(r0 & 0x20u); /* BUSY */
	/* FLEVEL: nothing in yet, read right after the start (8 + 24 clocks of instruction and address first) */
	assert_int_equal((r0 >> 8) & 0x7Fu, 0u);
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	assert_int_equal(st.xspi_violations, 1);
	assert_non_null(strstr(extmem_emu_last_xspi_violation(r->emu), "CCR written"));
}

static void xspi_transfer_without_kernel_clock_hangs_and_the_port_times_out(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_CALLS);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, "fw_xspi_init", NULL, 0, &r0);
	emu_ram_rig_run_ok(r, "fw_no_kernel_clock", NULL, 0, &r0);
	assert_int_equal((int32_t)r0, -6); /* EXTMEM_ERR_TIMEOUT */
	assert_non_null(strstr(extmem_emu_last_xspi_violation(r->emu), "kernel clock off"));
}

static void elf_loader_rejects_missing_and_non_elf_files(void **state)
{
	struct emu_ram_rig *r = *state;
	char err[256];
	assert_int_equal(extmem_emu_load_elf(r->emu, "/nonexistent/boot.elf", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
	char path[] = "/tmp/extmem_emu_not_elf_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello, not an ELF\n", 18), 18);
	close(fd);
	int rc = extmem_emu_load_elf(r->emu, path, err, sizeof(err));
	unlink(path);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "not an ELF"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(boot_from_flash_reaches_600mhz_and_logs_led_toggles_with_virtual_times,
						rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(run_stops_when_the_led_pattern_is_seen, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(vendor_supply_check_sees_pwr_csr2_reset_default, rig_setup,
						rig_teardown),
		cmocka_unit_test_setup_teardown(vendor_style_clock_setup_with_systick_timeouts_and_vfp_reaches_600mhz,
						rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(unknown_peripheral_read_stops_with_address_pc_and_size, rig_setup,
						rig_teardown),
		cmocka_unit_test_setup_teardown(write_to_internal_flash_stops_as_invalid_access, rig_setup,
						rig_teardown),
		cmocka_unit_test_setup_teardown(instruction_fetch_from_dtcm_stops_as_invalid, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(systick_exceptions_are_delivered_and_return_with_fp_state_intact,
						rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(svc_enters_its_handler_and_returns, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(wfi_sleeps_until_the_next_systick, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(call_api_passes_four_arguments_and_returns_r0, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(
			xspi_indirect_write_and_read_through_the_port_reach_the_device_without_violations, rig_setup,
			rig_teardown),
		cmocka_unit_test_setup_teardown(xspi_auto_poll_matches_the_device_answer, rig_setup, rig_teardown),
		cmocka_unit_test(xspim_mode_routes_xspi2_to_the_port_1_device),
		cmocka_unit_test_setup_teardown(mapped_window_shows_device_contents_and_runs_code_placed_there,
						rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(window_reads_cost_line_fills_and_the_d_cache_keeps_them, rig_setup,
						rig_teardown),
		cmocka_unit_test_setup_teardown(mapped_window_with_a_wrong_read_opcode_shows_wrong_bytes, rig_setup,
						rig_teardown),
		cmocka_unit_test_setup_teardown(
			xip_hazard_disabling_xspi2_from_its_window_stops_with_register_value_and_pc, rig_setup,
			rig_teardown),
		cmocka_unit_test_setup_teardown(
			reading_the_window_after_leaving_mapped_mode_names_the_write_that_left_it, rig_setup,
			rig_teardown),
		cmocka_unit_test_setup_teardown(reading_the_window_after_its_bus_clock_stopped_names_the_rcc_write,
						rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(registers_start_at_their_reset_values, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(xspi_register_written_while_busy_is_ignored_and_recorded, rig_setup,
						rig_teardown),
		cmocka_unit_test_setup_teardown(xspi_transfer_without_kernel_clock_hangs_and_the_port_times_out,
						rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(elf_loader_rejects_missing_and_non_elf_files, rig_setup, rig_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
