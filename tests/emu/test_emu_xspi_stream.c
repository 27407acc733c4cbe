/* SPDX-License-Identifier: MIT */
/*
 * The emulated XSPI's indirect read follows RM0477 in time: the data comes
 * into the 64-byte FIFO as the wire runs; with the FIFO full the controller
 * stops the clock until there is room; TCF is set once the last byte is in;
 * a DR read asking for bytes not there yet stalls until they are (XSPI_DR:
 * "the read operation is stalled until enough data is present"). Expected
 * times come from the wire, not from our code: XSPI2 at 50 MHz, 03h with a
 * 3-byte address in 1S-1S-1S = 8 + 24 clocks (640 ns) before the first data
 * bit, then 8 clocks (160 ns) per byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emu_ram_rig.h"

#define RAM_SIZE   (1u << 16)
#define SR_TCF     0x02u
#define SR_BUSY    0x20u
#define FLEVEL(sr) (((sr) >> 8) & 0x7Fu)
#define HEAD_PS    640000ull /* 32 clocks of 20 ns */
#define BYTE_PS    160000ull /* 8 clocks of 20 ns */

static uint8_t pattern(uint32_t i)
{
	return (uint8_t)(i * 7u + 3u);
}

static int rig_setup(void **state)
{
	*state = emu_ram_rig_create(RAM_SIZE, pattern, EMU_FW_STREAM);
	return 0;
}

static int rig_teardown(void **state)
{
	emu_ram_rig_destroy(*state);
	return 0;
}

static uint32_t call(struct emu_ram_rig *r, const char *fn, uint32_t arg)
{
	return emu_ram_rig_call(r, fn, arg);
}

static uint32_t sum(const struct emu_ram_rig *r, uint32_t from, uint32_t n)
{
	uint32_t s = 0;
	for (uint32_t i = from; i < from + n; i++)
		s += r->array[i];
	return s;
}

static void no_violations(struct emu_ram_rig *r)
{
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	assert_int_equal(st.xspi_violations, 0);
}

static void the_fifo_fills_as_the_wire_runs_and_a_full_fifo_stops_the_clock(void **state)
{
	struct emu_ram_rig *r = *state;
	assert_int_equal(call(r, "fw_stream_init", 0), 50);
	uint64_t t0 = r->clock.now_ps;
	uint32_t sr = call(r, "fw_stream_start", 200);
	/* read a few CPU cycles after the start: the instruction and address are still on the wire */
	assert_true(r->clock.now_ps - t0 < HEAD_PS);
	assert_int_equal(FLEVEL(sr), 0);
	assert_int_equal(sr & (SR_TCF | SR_BUSY), SR_BUSY);
	/* long enough for 100 bytes: 64 are in, the FIFO is full, the rest waits */
	call(r, "fw_stream_spin", 4000);
	assert_true(r->clock.now_ps - t0 > HEAD_PS + 100 * BYTE_PS);
	sr = call(r, "fw_stream_sr", 0);
	assert_int_equal(FLEVEL(sr), 64);
	assert_int_equal(sr & SR_TCF, 0);
	assert_int_equal(call(r, "fw_stream_take", 64), sum(r, 0, 64));
	/* the clock stood still: right after the drain the next bytes are only beginning to come */
	uint64_t t1 = r->clock.now_ps;
	sr = call(r, "fw_stream_sr", 0);
	assert_true(r->clock.now_ps - t1 < 16 * BYTE_PS);
	assert_true(FLEVEL(sr) < 16);
	call(r, "fw_stream_spin", 4000);
	sr = call(r, "fw_stream_sr", 0);
	assert_int_equal(FLEVEL(sr), 64);
	assert_int_equal(call(r, "fw_stream_take", 64), sum(r, 64, 64));
	call(r, "fw_stream_spin", 4000);
	sr = call(r, "fw_stream_sr", 0);
	assert_int_equal(FLEVEL(sr), 64); /* 72 left: 8 still wait behind the full FIFO */
	assert_int_equal(sr & SR_TCF, 0);
	assert_int_equal(call(r, "fw_stream_take", 64), sum(r, 128, 64));
	call(r, "fw_stream_spin", 4000);
	sr = call(r, "fw_stream_sr", 0);
	assert_int_equal(FLEVEL(sr), 8);
	assert_int_equal(sr & SR_TCF, SR_TCF); /* the last byte is in */
	assert_int_equal(call(r, "fw_stream_take", 8), sum(r, 192, 8));
	assert_int_equal(call(r, "fw_stream_sr", 0) & SR_BUSY, 0);
	no_violations(r);
}

static void a_dr_read_before_the_data_is_in_waits_for_it(void **state)
{
	struct emu_ram_rig *r = *state;
	assert_int_equal(call(r, "fw_stream_init", 0), 50);
	uint64_t t0 = r->clock.now_ps;
	(void)call(r, "fw_stream_start", 16);
	assert_int_equal(call(r, "fw_stream_take", 16), sum(r, 0, 16));
	assert_true(r->clock.now_ps - t0 >= HEAD_PS + 16 * BYTE_PS);
	assert_int_equal(call(r, "fw_stream_sr", 0) & SR_BUSY, 0);
	no_violations(r);
}

/* A CPU that drains faster than the wire finishes with the wire, not a drain time after it. */
static void a_read_drained_while_its_wire_runs_takes_the_wire_time(void **state)
{
	struct emu_ram_rig *r = *state;
	assert_int_equal(call(r, "fw_stream_init", 0), 50);
	uint64_t t0 = r->clock.now_ps;
	assert_int_equal(call(r, "fw_stream_read_all", 4096), 0);
	uint64_t took = r->clock.now_ps - t0, wire = HEAD_PS + 4096 * BYTE_PS;
	assert_int_equal(call(r, "fw_stream_sum", 4096), sum(r, 0, 4096));
	print_message("4096-byte read: %.3f us, wire %.3f us\n", (double)took / 1e6, (double)wire / 1e6);
	assert_true(took >= wire);
	assert_true(took < wire + 2000000ull); /* the call, the last word and the status: under 2 us */
	no_violations(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_fifo_fills_as_the_wire_runs_and_a_full_fifo_stops_the_clock,
						rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(a_dr_read_before_the_data_is_in_waits_for_it, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(a_read_drained_while_its_wire_runs_takes_the_wire_time, rig_setup,
						rig_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
