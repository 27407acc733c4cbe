/* SPDX-License-Identifier: MIT */
/* The APS256XXN-OBR model: registers, latencies, bursts, x8/x16 and every strictness rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_sim/psram.h"
#include "host_xspi.h"

#define MHZ(x)     ((uint32_t)(x)*1000000u)
/* A small array keeps the tests fast; addresses wrap above it like unused address bits. */
#define ARRAY_SIZE 0x10000u /* 64 KiB */

static struct extmem_sim_clock clk;
static uint8_t *array;
static struct extmem_sim_psram ps;

static int setup(void **state)
{
	(void)state;
	memset(&clk, 0, sizeof(clk));
	array = malloc(ARRAY_SIZE);
	for (uint32_t i = 0; i < ARRAY_SIZE; i++)
		array[i] = (uint8_t)(i ^ (i >> 8));
	extmem_sim_psram_init(&ps, &clk, array, ARRAY_SIZE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(array);
	return 0;
}

static struct extmem_xspi_op base_op(uint8_t cmd, uint32_t addr)
{
	struct extmem_xspi_op op = {0};
	op.cmd.bus = (struct extmem_xspi_phase){8, false};
	op.cmd.nbytes = 1;
	op.cmd.opcode = cmd;
	op.addr.bus = (struct extmem_xspi_phase){8, true};
	op.addr.nbytes = 4;
	op.addr.value = addr;
	return op;
}

static struct extmem_xspi_op rd_op(uint8_t cmd, uint32_t addr, void *buf, uint32_t len, uint8_t lines, uint8_t dummy)
{
	struct extmem_xspi_op op = base_op(cmd, addr);
	op.dummy_cycles = dummy;
	op.data.bus = (struct extmem_xspi_phase){lines, true};
	op.data.dir = EXTMEM_XSPI_DATA_IN;
	op.data.len = len;
	op.data.buf.in = buf;
	op.dqs = true;
	return op;
}

static struct extmem_xspi_op wr_op(uint8_t cmd, uint32_t addr, const void *buf, uint32_t len, uint8_t lines,
				   uint8_t dummy)
{
	struct extmem_xspi_op op = base_op(cmd, addr);
	op.dummy_cycles = dummy;
	op.data.bus = (struct extmem_xspi_phase){lines, true};
	op.data.dir = EXTMEM_XSPI_DATA_OUT;
	op.data.len = len;
	op.data.buf.out = buf;
	op.dqs = true;
	return op;
}

static void run(struct extmem_xspi_op *op, uint32_t hz)
{
	assert_int_equal(extmem_sim_bus_transfer(&ps.base, op, hz), EXTMEM_OK);
}

static void mr_write(uint32_t reg, uint8_t v)
{
	uint8_t d[2] = {v, v};
	struct extmem_xspi_op op = wr_op(EXTMEM_SIM_PSRAM_CMD_MR_WRITE, reg, d, 2, 8, 0);
	op.dqs = false;
	run(&op, MHZ(50));
}

static uint8_t mr_read(uint32_t reg)
{
	uint8_t d[2];
	/* Register reads wait RL once (datasheet rule, see the gap 12 test below). */
	uint8_t dummy = (uint8_t)(((ps.mr[0] >> 2) & 7u) + 3u - 1u);
	struct extmem_xspi_op op = rd_op(EXTMEM_SIM_PSRAM_CMD_MR_READ, reg, d, 2, 8, dummy);
	run(&op, MHZ(50));
	return d[0];
}

/* The STM32H7S78-DK setting: RL 7 fixed, WL 7, then optionally x16. */
static void configure_dk(bool x16)
{
	mr_write(0, 0x30);
	mr_write(4, 0x20);
	if (x16)
		mr_write(8, EXTMEM_SIM_PSRAM_MR8_X16);
}

static void assert_clean(void)
{
	if (ps.base.violations != 0)
		fail_msg("unexpected violation: %s", ps.base.last_violation);
}

static void assert_violation(const char *needle)
{
	assert_true(ps.base.violations > 0);
	if (strstr(ps.base.last_violation, needle) == NULL)
		fail_msg("last violation \"%s\" lacks \"%s\"", ps.base.last_violation, needle);
}

/* ---- mode registers ---- */

static void test_psram_mode_registers_reset_values(void **state)
{
	(void)state;
	assert_int_equal(mr_read(0), 0x09); /* variable latency, RL 5, half drive */
	assert_int_equal(mr_read(1) & 0x1F, 0x0D);
	assert_int_equal(mr_read(2) & 0x07, 0x07); /* 256 Mb */
	assert_int_equal(mr_read(4), 0x40);        /* WL 5 */
	assert_int_equal(mr_read(8), 0x00);        /* x8, 16-byte wrap */
	assert_int_equal(extmem_sim_psram_read_latency(&ps), 5);
	assert_int_equal(extmem_sim_psram_write_latency(&ps), 5);
	assert_false(extmem_sim_psram_x16(&ps));
	assert_clean();
}

static void test_psram_mode_register_read_returns_consecutive_registers(void **state)
{
	(void)state;
	uint8_t d[4];
	struct extmem_xspi_op op = rd_op(EXTMEM_SIM_PSRAM_CMD_MR_READ, 1, d, 4, 8, 4);
	run(&op, MHZ(50));
	assert_int_equal(d[0], 0x8D); /* MR1: APM, half sleep supported */
	assert_int_equal(d[1], 0xDF); /* MR2: 256 Mb, good die */
	assert_int_equal(d[2], 0x80); /* MR3: row boundary crossing supported */
	assert_int_equal(d[3], 0x40); /* MR4: WL 5 */
	assert_clean();
}

static void test_psram_mode_register_write_read_back(void **state)
{
	(void)state;
	mr_write(0, 0x31);
	mr_write(8, 0x0D); /* RBX, hybrid, 32 */
	mr_write(1, 0x00); /* read-only: ignored */
	assert_int_equal(mr_read(0), 0x31);
	assert_int_equal(mr_read(8), 0x0D);
	assert_int_equal(mr_read(1), 0x8D);
	assert_clean();
	mr_write(5, 0x12);
	assert_violation("no mode register MR5");
}

static void test_psram_latency_codes_set_dummy_cycles(void **state)
{
	(void)state;
	/* RL codes 3..7 in MR0[4:2]; WL codes in MR4[7:5] bit-reversed. */
	for (unsigned rl = 3; rl <= 7; rl++) {
		mr_write(0, extmem_sim_psram_mr0_rlc(rl));
		assert_int_equal(extmem_sim_psram_read_latency(&ps), rl);
		assert_int_equal(extmem_sim_psram_read_dummy(&ps, false), rl - 1);
		assert_int_equal(extmem_sim_psram_read_dummy(&ps, true), 2 * rl - 1);
		mr_write(0, extmem_sim_psram_mr0_rlc(rl) | EXTMEM_SIM_PSRAM_MR0_LT_FIXED);
		assert_int_equal(extmem_sim_psram_read_dummy(&ps, false), 2 * rl - 1);
	}
	static const uint8_t wlc[5] = {0x00, 0x80, 0x40, 0xC0, 0x20};
	for (unsigned wl = 3; wl <= 7; wl++) {
		assert_int_equal(extmem_sim_psram_mr4_wlc(wl), wlc[wl - 3]);
		mr_write(4, wlc[wl - 3]);
		assert_int_equal(extmem_sim_psram_write_latency(&ps), wl);
		assert_int_equal(extmem_sim_psram_write_dummy(&ps), wl - 1);
	}
	configure_dk(false);
	assert_int_equal(extmem_sim_psram_read_dummy(&ps, false), 13);
	assert_int_equal(extmem_sim_psram_write_dummy(&ps), 6);
	assert_int_equal(extmem_sim_psram_max_hz(&ps), MHZ(200));
	assert_clean();
}

/*
 * Issue 10 gap 12. Facts, not our model: at power-up MR0 holds variable
 * latency RL 5 (ST's DK BSP and templates read registers with 4 dummy
 * cycles before changing MR0; sibling APS512XXN datasheet Table 5: LC 5 and
 * variable latency by default); a register read waits RL once, never
 * doubled (ST: APS256XX_READ_REG_LATENCY = RLC + 3, 6 dummy cycles after
 * RL 7 in fixed or variable latency; APS512XXN Table 6).
 */
static void test_psram_mode_register_read_waits_rl_once(void **state)
{
	(void)state;
	uint8_t d[2];
	/* Reset: 4 dummy cycles (RL 5 - 1) read MR0 = variable latency, RLC 010. */
	struct extmem_xspi_op op = rd_op(EXTMEM_SIM_PSRAM_CMD_MR_READ, 0, d, 2, 8, 4);
	run(&op, MHZ(50));
	assert_int_equal(d[0] & 0x3C, 0x08);
	assert_clean();
	/* ST's custom driver: MR0 = 11h (variable, RL 7, half drive), then 6 cycles. */
	mr_write(0, 0x11);
	op.dummy_cycles = 6;
	run(&op, MHZ(50));
	assert_int_equal(d[0], 0x11);
	assert_clean();
	/* The DK BSP: MR0 = 30h (fixed, RL 7); registers still take 6, arrays 13. */
	mr_write(0, 0x30);
	run(&op, MHZ(50));
	assert_int_equal(d[0], 0x30);
	assert_clean();
	/* A pending refresh collision does not touch a register read. */
	mr_write(0, 0x11);
	ps.refresh_collisions = 1;
	run(&op, MHZ(50));
	assert_int_equal(d[0], 0x11);
	assert_clean();
	/* The doubled count of an array read is too long for a register. */
	mr_write(0, 0x30);
	op.dummy_cycles = 13;
	run(&op, MHZ(50));
	assert_violation("mode register read with 13 dummy cycles, the part needs 6");
	/* 6 while MR0 still says RL 5 (a template that skips the reset value). */
	mr_write(0, 0x09);
	op.dummy_cycles = 6;
	run(&op, MHZ(50));
	assert_violation("mode register read with 6 dummy cycles, the part needs 4");
}

/* ---- data ---- */

static void fill_pattern(uint8_t *buf, uint32_t len, uint8_t seed)
{
	for (uint32_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed + i * 7u);
}

static void test_psram_x8_round_trip_at_200mhz(void **state)
{
	(void)state;
	configure_dk(false);
	uint8_t out[512], in[512];
	fill_pattern(out, sizeof(out), 3);
	struct extmem_xspi_op w = wr_op(EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR, 0x100, out, sizeof(out), 8, 6);
	run(&w, MHZ(200));
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0x100, in, sizeof(in), 8, 13);
	run(&r, MHZ(200));
	assert_memory_equal(in, out, sizeof(out));
	assert_memory_equal(array + 0x100, out, sizeof(out));
	assert_clean();
}

static void test_psram_x16_round_trip_word_addressed(void **state)
{
	(void)state;
	configure_dk(true);
	assert_true(extmem_sim_psram_x16(&ps));
	uint8_t out[256], in[256];
	fill_pattern(out, sizeof(out), 9);
	/* Byte offset 0x1010 = row 2, word column 8: wire address (2 << 11) | 8. */
	uint32_t wire = (2u << 11) | 8u;
	struct extmem_xspi_op w = wr_op(EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR, wire, out, sizeof(out), 16, 6);
	run(&w, MHZ(200));
	assert_memory_equal(array + 0x1010, out, sizeof(out));
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, wire, in, sizeof(in), 16, 13);
	run(&r, MHZ(200));
	assert_memory_equal(in, out, sizeof(out));
	assert_clean();
	/* Mode registers stay on DQ[7:0] in x16 mode. */
	assert_int_equal(mr_read(8), EXTMEM_SIM_PSRAM_MR8_X16);
	assert_clean();
}

static void test_psram_x16_moves_four_bytes_per_clock(void **state)
{
	(void)state;
	configure_dk(false);
	uint8_t buf[64];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, buf, sizeof(buf), 8, 13);
	uint32_t x8 = extmem_xspi_op_cycles(&r);
	mr_write(8, EXTMEM_SIM_PSRAM_MR8_X16);
	r.data.bus.lines = 16;
	uint32_t x16 = extmem_xspi_op_cycles(&r);
	/* 1 cmd + 2 addr + 13 latency, then 32 vs 16 data clocks. */
	assert_int_equal(x8, 1 + 2 + 13 + 32);
	assert_int_equal(x16, 1 + 2 + 13 + 16);
	run(&r, MHZ(200));
	assert_memory_equal(buf, array, sizeof(buf));
	assert_clean();
}

static void test_psram_wrapped_read_wraps_in_group_linear_does_not(void **state)
{
	(void)state;
	mr_write(8, 0x01); /* 32-byte wrap */
	uint8_t buf[32];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ, 0x218, buf, sizeof(buf), 8, 4);
	run(&r, MHZ(100));
	assert_memory_equal(buf, array + 0x218, 8);
	assert_memory_equal(buf + 8, array + 0x200, 24);
	r.cmd.opcode = EXTMEM_SIM_PSRAM_CMD_READ_LINEAR;
	run(&r, MHZ(100));
	assert_memory_equal(buf, array + 0x218, 32);
	assert_clean();
}

static void test_psram_wrap_lengths_follow_mr8(void **state)
{
	(void)state;
	static const uint32_t x8_wrap[4] = {16, 32, 64, 2048};
	uint8_t buf[64];
	for (unsigned bl = 0; bl < 4; bl++) {
		mr_write(8, (uint8_t)bl);
		uint32_t w = x8_wrap[bl];
		uint32_t start = 4096 + w - 4; /* 4 bytes before the group end */
		struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ, start, buf, 8, 8, 4);
		run(&r, MHZ(100));
		assert_memory_equal(buf, array + start, 4);
		assert_memory_equal(buf + 4, array + 4096, 4);
	}
	assert_clean();
}

static void test_psram_hybrid_burst_wraps_once_then_runs_linear(void **state)
{
	(void)state;
	mr_write(8, EXTMEM_SIM_PSRAM_MR8_BT_HYBRID | 0x00); /* 16-byte hybrid */
	uint8_t buf[48];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ, 0x308, buf, sizeof(buf), 8, 4);
	run(&r, MHZ(100));
	assert_memory_equal(buf, array + 0x308, 8);
	assert_memory_equal(buf + 8, array + 0x300, 8);
	assert_memory_equal(buf + 16, array + 0x310, 32);
	assert_clean();
}

static void test_psram_linear_read_stays_in_row_unless_rbx(void **state)
{
	(void)state;
	uint8_t buf[16];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 2040, buf, sizeof(buf), 8, 4);
	run(&r, MHZ(100));
	assert_memory_equal(buf, array + 2040, 8);
	assert_memory_equal(buf + 8, array, 8);
	mr_write(8, EXTMEM_SIM_PSRAM_MR8_RBX);
	run(&r, MHZ(100));
	assert_memory_equal(buf, array + 2040, 16);
	assert_clean();
}

static void test_psram_wrapped_write_wraps_in_group(void **state)
{
	(void)state;
	mr_write(8, 0x00); /* 16-byte wrap */
	mr_write(4, 0x00); /* WL 3 */
	uint8_t out[16];
	fill_pattern(out, sizeof(out), 0x40);
	struct extmem_xspi_op w = wr_op(EXTMEM_SIM_PSRAM_CMD_WRITE, 0x40C, out, sizeof(out), 8, 2);
	run(&w, MHZ(66));
	assert_memory_equal(array + 0x40C, out, 4);
	assert_memory_equal(array + 0x400, out + 4, 12);
	assert_clean();
}

static void test_psram_data_mask_keeps_masked_bytes(void **state)
{
	(void)state;
	uint8_t before[8], out[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	static const uint8_t mask[8] = {0, 1, 0, 0, 0, 0, 1, 1};
	memcpy(before, array + 0x80, 8);
	extmem_sim_psram_mask_next_write(&ps, mask, 8);
	struct extmem_xspi_op w = wr_op(EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR, 0x80, out, 8, 8, 4);
	run(&w, MHZ(100));
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(array[0x80 + i], mask[i] ? before[i] : out[i]);
	/* The mask applies to one write only. */
	run(&w, MHZ(100));
	assert_memory_equal(array + 0x80, out, 8);
	assert_clean();
}

static void test_psram_works_through_host_port(void **state)
{
	(void)state;
	struct extmem_host_xspi port;
	extmem_host_xspi_init(&port, &ps.base, MHZ(200));
	uint8_t out[32], in[32];
	fill_pattern(out, sizeof(out), 1);
	struct extmem_xspi_op w = wr_op(EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR, 0x20, out, sizeof(out), 8, 4);
	assert_int_equal(extmem_host_xspi_ops.execute(&port, &w), EXTMEM_OK);
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0x20, in, sizeof(in), 8, 4);
	assert_int_equal(extmem_host_xspi_ops.execute(&port, &r), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(out));
	assert_clean();
}

/* An independent, byte-by-byte statement of the burst order, for random cross-checks. */
static uint32_t ref_addr(uint8_t mr8, bool linear, bool read, uint32_t start, uint32_t j)
{
	bool x16 = (mr8 & EXTMEM_SIM_PSRAM_MR8_X16) != 0;
	bool rbx = read && (mr8 & EXTMEM_SIM_PSRAM_MR8_RBX) != 0;
	uint32_t row = start - start % 2048;
	uint32_t wrap = 0, lin_from = start, lin_j = j;
	if (!linear) {
		static const uint32_t w[4] = {16, 32, 64, 1024}, h[4] = {16, 32, 64, 128};
		unsigned bl = mr8 & 3u;
		bool hybrid = (mr8 & EXTMEM_SIM_PSRAM_MR8_BT_HYBRID) != 0;
		wrap = (hybrid ? h[bl] : w[bl]) * (x16 ? 2u : 1u);
		if (!hybrid && bl == 3)
			wrap = 2048;
		uint32_t g = start - start % wrap;
		if (!hybrid || j < wrap)
			return g + (start - g + j) % wrap;
		lin_from = g + wrap;
		lin_j = j - wrap;
	}
	if (rbx)
		return (lin_from + lin_j) % ARRAY_SIZE;
	return row + (lin_from - row + lin_j) % 2048;
}

static void test_psram_bursts_match_reference_order(void **state)
{
	(void)state;
	static uint8_t buf[6000], out[6000];
	uint32_t seed = 12345;
	for (unsigned n = 0; n < 300; n++) {
		seed = seed * 1103515245u + 12345u;
		uint8_t mr8 = (uint8_t)((seed >> 8) & 0x4Fu);
		bool linear = (seed >> 20) & 1u;
		bool x16 = (mr8 & EXTMEM_SIM_PSRAM_MR8_X16) != 0;
		uint32_t unit = x16 ? 4u : 2u;
		seed = seed * 1103515245u + 12345u;
		uint32_t start = ((seed >> 4) % (ARRAY_SIZE - 8192)) & ~(unit - 1u);
		uint32_t len = (((seed >> 16) % 5000u) + unit) & ~(unit - 1u);
		mr_write(8, mr8);
		/* x16 wire address: word column, row from A11. */
		uint32_t wire = x16 ? ((start / 2048u) << 11) | ((start % 2048u) / 2u) : start;
		uint8_t rd = linear ? EXTMEM_SIM_PSRAM_CMD_READ_LINEAR : EXTMEM_SIM_PSRAM_CMD_READ;
		struct extmem_xspi_op r = rd_op(rd, wire, buf, len, x16 ? 16 : 8, 4);
		run(&r, MHZ(50));
		for (uint32_t j = 0; j < len; j++)
			if (buf[j] != array[ref_addr(mr8, linear, true, start, j)])
				fail_msg("read mr8=%02X %s start=%u len=%u: byte %u differs", mr8,
					 linear ? "20h" : "00h", start, len, j);
		/* Writes: the same order without row crossing; later bytes win where a burst wraps onto itself. */
		static uint8_t shadow[ARRAY_SIZE];
		memcpy(shadow, array, ARRAY_SIZE);
		for (uint32_t j = 0; j < len; j++) {
			out[j] = (uint8_t)(seed + j * 3u);
			shadow[ref_addr(mr8, linear, false, start, j)] = out[j];
		}
		uint8_t wr = linear ? EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR : EXTMEM_SIM_PSRAM_CMD_WRITE;
		struct extmem_xspi_op w = wr_op(wr, wire, out, len, x16 ? 16 : 8, 4);
		run(&w, MHZ(50));
		if (memcmp(array, shadow, ARRAY_SIZE) != 0)
			fail_msg("write mr8=%02X %s start=%u len=%u differs from the reference", mr8,
				 linear ? "A0h" : "80h", start, len);
	}
	/* Long bursts break tCEM (4 us = 200 clocks at 50 MHz): that is the only rule broken here. */
	if (ps.base.violations != 0 && strstr(ps.base.last_violation, "tCEM") == NULL)
		fail_msg("unexpected violation: %s", ps.base.last_violation);
}

/* ---- strictness ---- */

static void test_psram_short_read_latency_shifts_data_and_records(void **state)
{
	(void)state;
	configure_dk(false);
	uint8_t buf[8];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0x40, buf, sizeof(buf), 8, 12);
	run(&r, MHZ(200));
	assert_violation("read with 12 dummy cycles, the part needs 13");
	/* One clock early: two idle bytes, then the data. */
	assert_int_equal(buf[0], 0xFF);
	assert_int_equal(buf[1], 0xFF);
	assert_memory_equal(buf + 2, array + 0x40, 6);
}

static void test_psram_long_read_latency_skips_data_and_records(void **state)
{
	(void)state;
	uint8_t buf[8];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0x40, buf, sizeof(buf), 8, 5);
	run(&r, MHZ(100));
	assert_violation("needs 4");
	assert_memory_equal(buf, array + 0x42, 8);
}

static void test_psram_wrong_write_latency_records_shifted_store(void **state)
{
	(void)state;
	uint8_t out[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct extmem_xspi_op w = wr_op(EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR, 0x60, out, 8, 8, 5); /* WL 5 needs 4 */
	run(&w, MHZ(100));
	assert_violation("write with 5 dummy cycles, the part needs 4");
	/* The part latched one clock of released lines first. */
	assert_int_equal(array[0x60], 0xFF);
	assert_int_equal(array[0x61], 0xFF);
	assert_memory_equal(array + 0x62, out, 8);
}

static void test_psram_variable_latency_refresh_collision_needs_double(void **state)
{
	(void)state;
	uint8_t buf[4];
	ps.refresh_collisions = 1;
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, buf, sizeof(buf), 8, 4);
	run(&r, MHZ(100));
	assert_violation("refresh collision");
	uint32_t v = ps.base.violations;
	ps.refresh_collisions = 1;
	r.dummy_cycles = 9;
	run(&r, MHZ(100));
	assert_int_equal(ps.base.violations, v);
	assert_memory_equal(buf, array, 4);
}

static void test_psram_read_without_dqs_records_garbage(void **state)
{
	(void)state;
	uint8_t buf[16];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, buf, sizeof(buf), 8, 4);
	r.dqs = false;
	run(&r, MHZ(100));
	assert_violation("without DQS");
	assert_memory_not_equal(buf, array, sizeof(buf));
}

static void test_psram_odd_dtr_length_records(void **state)
{
	(void)state;
	uint8_t buf[3];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, buf, sizeof(buf), 8, 4);
	run(&r, MHZ(100));
	assert_violation("not a multiple of 2 bytes");
	mr_write(8, EXTMEM_SIM_PSRAM_MR8_X16);
	uint8_t b6[6];
	r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, b6, sizeof(b6), 16, 4);
	run(&r, MHZ(100));
	assert_violation("not a multiple of 4 bytes");
}

static void test_psram_odd_address_in_x8_records(void **state)
{
	(void)state;
	uint8_t buf[4];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0x11, buf, sizeof(buf), 8, 4);
	run(&r, MHZ(100));
	assert_violation("odd byte address");
	assert_memory_equal(buf, array + 0x10, 4);
}

static void test_psram_half_cycle_8d_opcode_ignored(void **state)
{
	(void)state;
	uint8_t buf[4];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, buf, sizeof(buf), 8, 4);
	r.cmd.bus.dtr = true;
	run(&r, MHZ(100));
	assert_violation("half a cycle");
	assert_memory_equal(buf, "\xff\xff\xff\xff", 4);
	/* The repeated-byte 8D form is accepted. */
	uint32_t v = ps.base.violations;
	r.cmd.nbytes = 2;
	r.cmd.opcode = 0x2020;
	run(&r, MHZ(100));
	assert_int_equal(ps.base.violations, v);
	assert_memory_equal(buf, array, 4);
}

static void test_psram_unknown_command_records(void **state)
{
	(void)state;
	uint8_t buf[2];
	struct extmem_xspi_op r = rd_op(0x9F, 0, buf, sizeof(buf), 8, 4);
	run(&r, MHZ(100));
	assert_violation("unknown command 9Fh");
}

static void test_psram_wrong_protocol_records(void **state)
{
	(void)state;
	uint8_t buf[2];
	/* 1S-1S-1S read: the part decodes octal only. */
	struct extmem_xspi_op r = {0};
	r.cmd.bus.lines = 1;
	r.cmd.nbytes = 1;
	r.cmd.opcode = 0x03;
	r.data.bus.lines = 1;
	r.data.dir = EXTMEM_XSPI_DATA_IN;
	r.data.len = 2;
	r.data.buf.in = buf;
	run(&r, MHZ(50));
	assert_violation("command on 1 lines");
	/* 8S address */
	r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, buf, sizeof(buf), 8, 4);
	r.addr.bus.dtr = false;
	run(&r, MHZ(50));
	assert_violation("4-byte 8D address");
	/* 16 data lines while in x8 mode */
	r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, buf, sizeof(buf), 16, 4);
	run(&r, MHZ(50));
	assert_violation("expects 8D");
	/* 8 data lines while in x16 mode; writes there are dropped */
	mr_write(8, EXTMEM_SIM_PSRAM_MR8_X16);
	uint8_t keep[4];
	memcpy(keep, array, 4);
	uint8_t out[4] = {9, 9, 9, 9};
	struct extmem_xspi_op w = wr_op(EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR, 0, out, 4, 8, 4);
	run(&w, MHZ(50));
	assert_violation("expects 16D");
	assert_memory_equal(array, keep, 4);
	/* read command with a write data phase */
	w.cmd.opcode = EXTMEM_SIM_PSRAM_CMD_READ;
	run(&w, MHZ(50));
	assert_violation("without a read data phase");
}

static void test_psram_clock_limits_record(void **state)
{
	(void)state;
	uint8_t buf[4];
	/* Reset latency codes (RL 5, WL 5) allow 133 MHz. */
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, buf, sizeof(buf), 8, 4);
	run(&r, MHZ(166));
	assert_violation("allowed by read latency 5");
	configure_dk(false);
	r.dummy_cycles = 13;
	run(&r, MHZ(240));
	assert_int_equal(ps.base.violations >= 2, 1);
	uint32_t v = ps.base.violations;
	run(&r, MHZ(200));
	assert_int_equal(ps.base.violations, v);
}

static void test_psram_tcem_exceeded_records(void **state)
{
	(void)state;
	configure_dk(false);
	static uint8_t buf[2048];
	/* 1 + 2 + 13 + 512 clocks at 200 MHz = 2.64 us: inside 4 us. */
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, buf, 1024, 8, 13);
	run(&r, MHZ(200));
	assert_clean();
	r.data.len = 2048; /* 5.2 us */
	run(&r, MHZ(200));
	assert_violation("above tCEM 4000 ns");
	/* Extended temperature parts: 1 us. */
	ps.tcem_ps = EXTMEM_SIM_PSRAM_TCEM_EXT_PS;
	uint32_t v = ps.base.violations;
	r.data.len = 512;
	run(&r, MHZ(200));
	assert_int_equal(ps.base.violations, v + 1);
}

static void test_psram_mode_register_write_with_latency_ignored(void **state)
{
	(void)state;
	uint8_t d[2] = {0x30, 0x30};
	struct extmem_xspi_op w = wr_op(EXTMEM_SIM_PSRAM_CMD_MR_WRITE, 0, d, 2, 8, 4);
	run(&w, MHZ(50));
	assert_violation("mode register write with 4 dummy cycles");
	assert_int_equal(ps.mr[0], 0x09);
}

static void test_psram_global_reset_restores_defaults(void **state)
{
	(void)state;
	configure_dk(true);
	/* As ST's driver sends it: FFh 8S with a 3-byte 8S address, no data. */
	struct extmem_xspi_op rst = {0};
	rst.cmd.bus = (struct extmem_xspi_phase){8, false};
	rst.cmd.nbytes = 1;
	rst.cmd.opcode = EXTMEM_SIM_PSRAM_CMD_GLOBAL_RESET;
	rst.addr.bus = (struct extmem_xspi_phase){8, false};
	rst.addr.nbytes = 3;
	run(&rst, MHZ(50));
	assert_clean();
	assert_int_equal(ps.mr[0], 0x09);
	assert_int_equal(ps.mr[4], 0x40);
	assert_false(extmem_sim_psram_x16(&ps));
	/* Too soon after the reset: ignored. */
	uint8_t buf[2];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_MR_READ, 0, buf, 2, 8, 4);
	run(&r, MHZ(50));
	assert_violation("before the part is ready");
	extmem_sim_clock_advance(&clk, EXTMEM_SIM_PSRAM_TRST_PS);
	uint32_t v = ps.base.violations;
	assert_int_equal(mr_read(0), 0x09);
	assert_int_equal(ps.base.violations, v);
}

static void test_psram_half_sleep_wakes_on_next_op(void **state)
{
	(void)state;
	mr_write(6, EXTMEM_SIM_PSRAM_MR6_HALF_SLEEP);
	assert_true(ps.asleep);
	uint8_t buf[2];
	struct extmem_xspi_op r = rd_op(EXTMEM_SIM_PSRAM_CMD_READ_LINEAR, 0, buf, 2, 8, 4);
	run(&r, MHZ(50)); /* the wake-up pulse */
	assert_false(ps.asleep);
	assert_memory_equal(buf, "\xff\xff", 2);
	run(&r, MHZ(50));
	assert_violation("before the part is ready");
	extmem_sim_clock_advance(&clk, EXTMEM_SIM_PSRAM_TXHS_PS);
	uint32_t v = ps.base.violations;
	run(&r, MHZ(50));
	assert_int_equal(ps.base.violations, v);
	assert_memory_equal(buf, array, 2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_psram_mode_registers_reset_values),
		T(test_psram_mode_register_read_returns_consecutive_registers),
		T(test_psram_mode_register_write_read_back),
		T(test_psram_latency_codes_set_dummy_cycles),
		T(test_psram_mode_register_read_waits_rl_once),
		T(test_psram_x8_round_trip_at_200mhz),
		T(test_psram_x16_round_trip_word_addressed),
		T(test_psram_x16_moves_four_bytes_per_clock),
		T(test_psram_wrapped_read_wraps_in_group_linear_does_not),
		T(test_psram_wrap_lengths_follow_mr8),
		T(test_psram_hybrid_burst_wraps_once_then_runs_linear),
		T(test_psram_linear_read_stays_in_row_unless_rbx),
		T(test_psram_wrapped_write_wraps_in_group),
		T(test_psram_data_mask_keeps_masked_bytes),
		T(test_psram_works_through_host_port),
		T(test_psram_bursts_match_reference_order),
		T(test_psram_short_read_latency_shifts_data_and_records),
		T(test_psram_long_read_latency_skips_data_and_records),
		T(test_psram_wrong_write_latency_records_shifted_store),
		T(test_psram_variable_latency_refresh_collision_needs_double),
		T(test_psram_read_without_dqs_records_garbage),
		T(test_psram_odd_dtr_length_records),
		T(test_psram_odd_address_in_x8_records),
		T(test_psram_half_cycle_8d_opcode_ignored),
		T(test_psram_unknown_command_records),
		T(test_psram_wrong_protocol_records),
		T(test_psram_clock_limits_record),
		T(test_psram_tcem_exceeded_records),
		T(test_psram_mode_register_write_with_latency_ignored),
		T(test_psram_global_reset_restores_defaults),
		T(test_psram_half_sleep_wakes_on_next_op),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
