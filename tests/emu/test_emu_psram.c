/* SPDX-License-Identifier: MIT */
/*
 * The APS256XXN PSRAM behind XSPI1 of the emulated STM32H7S78-DK, driven by
 * tests/emu/fw/fw_psram.c at register level the way vendor code drives it.
 * The expected bytes are the patterns the firmware writes (written out here
 * again) and datasheet/RM0477 facts: x16 byte offsets equal the CPU's window
 * offsets, DM masks the bytes a narrow store does not cover, a 2 KiB row is
 * the linear burst's wrap, tCEM is 4 us, one dummy cycle too many shifts x16
 * data by 4 bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_emu/machine.h"
#include "extmem_sim/psram.h"

#define RAM_BUF     0x24040000u
/* 2 us at 100 MHz less the 4 clocks a read adds (ST's BSP formula for tCEM) */
#define REFRESH_2US 196u
#define CSBOUND_2K  11u

struct rig {
	struct extmem_sim_clock clock;
	struct extmem_sim_psram psram;
	uint8_t *array;
	struct extmem_emu *emu;
};

static int setup(void **state)
{
	struct rig *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	r->array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	assert_non_null(r->array);
	extmem_sim_psram_init(&r->psram, &r->clock, r->array, EXTMEM_SIM_PSRAM_SIZE);
	struct extmem_emu_config cfg = {0};
	cfg.clock = &r->clock;
	cfg.port1 = &r->psram.base;
	cfg.log = getenv("EMU_LOG") ? stderr : NULL;
	assert_int_equal(extmem_emu_create(&r->emu, &cfg), 0);
	char err[256];
	if (extmem_emu_load_elf(r->emu, EMU_FW_PSRAM, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	struct rig *r = *state;
	extmem_emu_destroy(r->emu);
	free(r->array);
	free(r);
	return 0;
}

static uint32_t call(struct rig *r, const char *fn, uint32_t a0, uint32_t a1, uint32_t a2)
{
	uint32_t addr = 0;
	assert_int_equal(extmem_emu_symbol(r->emu, fn, &addr), 0);
	uint32_t args[3] = {a0, a1, a2};
	struct extmem_emu_limits lim = {.max_ps = r->clock.now_ps + 2000000000000ull};
	uint32_t r0 = 0;
	enum extmem_emu_stop_reason why = extmem_emu_call(r->emu, addr, args, 3, 0, &lim, &r0);
	if (why != EXTMEM_EMU_STOP_RETURNED)
		fail_msg("%s stopped: %s: %s", fn, extmem_emu_stop_name(why), extmem_emu_last_stop(r->emu)->message);
	return r0;
}

static uint32_t controller_violations(struct rig *r)
{
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	return st.xspi_violations;
}

static void expect_no_violations(struct rig *r)
{
	if (r->psram.base.violations != 0)
		fail_msg("%u PSRAM violations, last: %s", (unsigned)r->psram.base.violations,
			 r->psram.base.last_violation);
	assert_int_equal(controller_violations(r), 0);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The firmware's patterns, at the offsets it writes them, and nothing next to them. */
static void expect_patterns_in_array(const uint8_t *a)
{
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(a[0x100 + i], 0xA0 + i);
	assert_int_equal(a[0xFF], 0);
	assert_int_equal(a[0x110], 0);
	for (unsigned i = 0; i < 8; i++) {
		uint16_t v = (uint16_t)(0x1234u + 0x1111u * i);
		assert_int_equal(a[0x201 + 2 * i], v & 0xFF);
		assert_int_equal(a[0x202 + 2 * i], v >> 8);
	}
	assert_int_equal(a[0x200], 0); /* masked on DQS: the store covered only the beat's upper bytes */
	assert_int_equal(a[0x211], 0);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(le32(a + 0x302 + 4 * i), 0xC0DE0000u + 0x01010101u * i);
	assert_int_equal(a[0x301], 0);
	assert_int_equal(a[0x322], 0);
	for (unsigned i = 0; i < 1024; i++)
		assert_int_equal(le32(a + 0x7F0 + 4 * i), i * 0x9E3779B9u);
	assert_int_equal(a[0x7F0 + 4096], 0);
}

static void setup_and_write_patterns(struct rig *r, uint32_t x16)
{
	/* MR8 read back: x16 bit set when asked */
	assert_int_equal(call(r, "fw_psram_setup", x16, CSBOUND_2K, REFRESH_2US), x16 ? 0x4000u : 0u);
	assert_int_equal(call(r, "fw_psram_map", 4, 0, 0), 0);
	assert_int_equal(call(r, "fw_psram_patterns", 0, 0, 0), 0);
}

static void x16_bytes_halfwords_words_and_a_block_through_the_window_land_in_the_array(void **state)
{
	struct rig *r = *state;
	setup_and_write_patterns(r, 1);
	assert_true(extmem_sim_psram_x16(&r->psram));
	expect_patterns_in_array(r->array);
	expect_no_violations(r);
}

static void x8_bytes_halfwords_words_and_a_block_through_the_window_land_in_the_array(void **state)
{
	struct rig *r = *state;
	setup_and_write_patterns(r, 0);
	assert_false(extmem_sim_psram_x16(&r->psram));
	expect_patterns_in_array(r->array);
	expect_no_violations(r);
}

static void the_window_shows_what_the_array_holds(void **state)
{
	struct rig *r = *state;
	for (uint32_t i = 0; i < 0x4000; i++)
		r->array[0x10000 + i] = (uint8_t)(i * 13u + 7u);
	assert_int_equal(call(r, "fw_psram_setup", 1, CSBOUND_2K, REFRESH_2US), 0x4000u);
	assert_int_equal(call(r, "fw_psram_map", 4, 0, 0), 0);
	/* 4 KiB across a row boundary at 0x10800 */
	call(r, "fw_psram_copy", 0x10400, RAM_BUF, 1024);
	uint8_t got[4096];
	assert_int_equal(extmem_emu_read_mem(r->emu, RAM_BUF, got, sizeof(got)), 0);
	assert_memory_equal(got, r->array + 0x10400, sizeof(got));
	expect_no_violations(r);
}

static void one_dummy_cycle_too_many_shows_the_data_four_bytes_on(void **state)
{
	struct rig *r = *state;
	setup_and_write_patterns(r, 1);
	/* RL 5 variable needs 4; with 5 the part's first beat (4 bytes in x16 DDR) goes by during the latency */
	assert_int_equal(call(r, "fw_psram_map", 5, 0, 0), 0);
	call(r, "fw_psram_copy", 0x810, RAM_BUF, 64);
	uint8_t got[256];
	assert_int_equal(extmem_emu_read_mem(r->emu, RAM_BUF, got, sizeof(got)), 0);
	assert_memory_equal(got, r->array + 0x814, sizeof(got));
	assert_true(r->psram.base.violations > 0);
	assert_non_null(strstr(r->psram.base.last_violation, "dummy"));
}

static void fill(struct rig *r, uint32_t off, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		r->array[off + i] = (uint8_t)(i ^ (i >> 8) ^ 0x5Au);
}

static void refresh_and_cs_boundary_cut_a_long_indirect_read_as_the_part_needs(void **state)
{
	struct rig *r = *state;
	fill(r, 0x7F0, 4096);
	assert_int_equal(call(r, "fw_psram_setup", 1, CSBOUND_2K, REFRESH_2US), 0x4000u);
	/* 4 KiB at 100 MHz x16 is ~10 us of CS# low in one piece: REFRESH cuts it at 2 us, CSBOUND at the row */
	assert_int_equal(call(r, "fw_psram_indirect_read", 0x7F0, RAM_BUF, 4096), 0);
	uint8_t got[4096];
	assert_int_equal(extmem_emu_read_mem(r->emu, RAM_BUF, got, sizeof(got)), 0);
	assert_memory_equal(got, r->array + 0x7F0, sizeof(got));
	expect_no_violations(r);
}

static void without_refresh_a_long_read_holds_cs_low_past_tcem(void **state)
{
	struct rig *r = *state;
	fill(r, 0x1000, 4096);
	assert_int_equal(call(r, "fw_psram_setup", 1, CSBOUND_2K, 0), 0x4000u);
	assert_int_equal(call(r, "fw_psram_indirect_read", 0x1000, RAM_BUF, 2048), 0);
	assert_true(r->psram.base.violations > 0);
	assert_non_null(strstr(r->psram.base.last_violation, "tCEM"));
}

static void without_cs_boundary_a_linear_read_wraps_in_its_row(void **state)
{
	struct rig *r = *state;
	fill(r, 0x0, 0x1000);
	assert_int_equal(call(r, "fw_psram_setup", 1, 0, REFRESH_2US), 0x4000u);
	/* 0x7F0..0x80F: the part stays in row 0 (no RBX), so the bytes past 0x800 are row 0's first ones */
	assert_int_equal(call(r, "fw_psram_indirect_read", 0x7F0, RAM_BUF, 32), 0);
	uint8_t got[32];
	assert_int_equal(extmem_emu_read_mem(r->emu, RAM_BUF, got, sizeof(got)), 0);
	assert_memory_equal(got, r->array + 0x7F0, 16);
	assert_memory_equal(got + 16, r->array, 16);
}

static void the_port_sets_up_x16_cs_limits_and_mapped_read_and_write(void **state)
{
	struct rig *r = *state;
	assert_int_equal(call(r, "fw_psram_port", 0, 0, 0), 0);
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(r->array[0x2100 + i], (uint8_t)(0x3C + 5 * i));
	for (unsigned i = 0; i < 7; i++)
		assert_int_equal(r->array[0x3001 + i], 0x61 + i);
	assert_int_equal(r->array[0x3000], 0);
	assert_int_equal(r->array[0x3008], 0);
	expect_no_violations(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			x16_bytes_halfwords_words_and_a_block_through_the_window_land_in_the_array, setup, teardown),
		cmocka_unit_test_setup_teardown(
			x8_bytes_halfwords_words_and_a_block_through_the_window_land_in_the_array, setup, teardown),
		cmocka_unit_test_setup_teardown(the_window_shows_what_the_array_holds, setup, teardown),
		cmocka_unit_test_setup_teardown(one_dummy_cycle_too_many_shows_the_data_four_bytes_on, setup, teardown),
		cmocka_unit_test_setup_teardown(refresh_and_cs_boundary_cut_a_long_indirect_read_as_the_part_needs,
						setup, teardown),
		cmocka_unit_test_setup_teardown(without_refresh_a_long_read_holds_cs_low_past_tcem, setup, teardown),
		cmocka_unit_test_setup_teardown(without_cs_boundary_a_linear_read_wraps_in_its_row, setup, teardown),
		cmocka_unit_test_setup_teardown(the_port_sets_up_x16_cs_limits_and_mapped_read_and_write, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
