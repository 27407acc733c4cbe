/* SPDX-License-Identifier: MIT */
/* The VCD export: header, signal declarations, timing and bit placement per phase. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_sim/psram.h"
#include "extmem_sim/ram_device.h"
#include "extmem_sim/trace.h"
#include "extmem_sim/vcd.h"
#include "test_ops.h"
#include "vcd_reader.h"

#define TEXT_MAX (1u << 20)

static struct extmem_sim_clock clk;
static struct extmem_sim_trace trace;
static struct extmem_sim_vcd vcd;
static char *text;
static size_t text_len;
static FILE *f;
static struct vcd_reader rd;

static int setup(void **state)
{
	(void)state;
	memset(&clk, 0, sizeof(clk));
	text = NULL;
	text_len = 0;
	f = open_memstream(&text, &text_len);
	assert_non_null(f);
	extmem_sim_trace_init(&trace, NULL, NULL, NULL);
	trace.vcd = &vcd;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(text);
	return 0;
}

static void finish(void)
{
	assert_int_equal(extmem_sim_vcd_close(&vcd, clk.now_ps), EXTMEM_OK);
	fclose(f);
	assert_int_equal(vcd_reader_parse(&rd, text), 0);
	assert_true(rd.time_monotonic);
}

static void test_vcd_header_declares_bus_signals(void **state)
{
	(void)state;
	assert_int_equal(extmem_sim_vcd_open(&vcd, f, 8, 1), EXTMEM_OK);
	finish();
	assert_string_equal(rd.timescale, "1ps");
	assert_int_equal(rd.nsignals, 3 + 8);
	static const char *const names[] = {"CS#", "CLK", "DQS", "IO0", "IO1", "IO2",
					    "IO3", "IO4", "IO5", "IO6", "IO7"};
	for (unsigned i = 0; i < 11; i++)
		assert_string_equal(rd.names[i], names[i]);
	assert_non_null(strstr(text, "$scope module xspi $end"));
	assert_non_null(strstr(text, "$dumpvars"));
}

static void test_vcd_header_x16_declares_sixteen_io(void **state)
{
	(void)state;
	assert_int_equal(extmem_sim_vcd_open(&vcd, f, 16, 1000), EXTMEM_OK);
	finish();
	assert_string_equal(rd.timescale, "1ns");
	assert_int_equal(rd.nsignals, 3 + 16);
	assert_int_equal(vcd_reader_signal(&rd, "IO15"), 18);
	assert_int_equal(extmem_sim_vcd_open(&vcd, f, 4, 1), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_sim_vcd_open(&vcd, f, 8, 3), EXTMEM_ERR_INVALID);
}

static void test_vcd_str_read_change_counts_per_phase(void **state)
{
	(void)state;
	uint8_t array[256];
	for (unsigned i = 0; i < sizeof(array); i++)
		array[i] = (uint8_t)i;
	struct extmem_sim_ram_device ram;
	extmem_sim_ram_device_init(&ram, &clk, array, sizeof(array));
	ram.base.trace = &trace;
	assert_int_equal(extmem_sim_vcd_open(&vcd, f, 8, 1), EXTMEM_OK);
	uint8_t buf[2];
	struct extmem_xspi_op op = test_op_read_1s(0x03, 0x5A, buf, 2);
	assert_int_equal(extmem_sim_bus_transfer(&ram.base, &op, 50000000), EXTMEM_OK);
	finish();
	/* cmd: 8 clocks (16 edges) + IO0 1->0 and 0->1 for 03h. */
	assert_int_equal(vcd.changes[EXTMEM_SIM_VCD_CMD], 16 + 2);
	/* addr: 24 clocks + IO0 changes for 00 00 5A after a 1. */
	assert_int_equal(vcd.changes[EXTMEM_SIM_VCD_ADDR], 48 + 7);
	assert_int_equal(vcd.changes[EXTMEM_SIM_VCD_DUMMY], 0);
	/* data: 16 clocks + IO1 changes for 5A 5B after an idle 1. */
	assert_int_equal(vcd.changes[EXTMEM_SIM_VCD_DATA], 32 + 12);
	/* CS# down and up, IO0 back to idle. */
	assert_int_equal(vcd.changes[EXTMEM_SIM_VCD_CS], 3);
	int s_clk = vcd_reader_signal(&rd, "CLK");
	assert_int_equal(rd.changes[s_clk], 2 * extmem_xspi_op_cycles(&op));
	assert_int_equal(rd.changes[vcd_reader_signal(&rd, "CS#")], 2);
	/* Sampled on rising edges: the 03h opcode on IO0, the data on IO1. */
	unsigned byte = 0, rising = 0;
	for (unsigned i = 0; i < rd.nedges && rising < 8; i++) {
		if (!rd.edges[i].rising)
			continue;
		byte = (byte << 1) | (rd.edges[i].io & 1u);
		rising++;
	}
	assert_int_equal(byte, 0x03);
	byte = 0;
	rising = 0;
	for (unsigned i = 0; i < rd.nedges; i++) {
		if (!rd.edges[i].rising)
			continue;
		if (rising >= 32 && rising < 40)
			byte = (byte << 1) | ((rd.edges[i].io >> 1) & 1u);
		rising++;
	}
	assert_int_equal(byte, 0x5A);
}

/* PSRAM at 200 MHz in the DK configuration, traced into the VCD. */
static uint8_t *psram_array;
static struct extmem_sim_psram ps;

static void psram_setup(bool x16)
{
	psram_array = malloc(0x10000);
	for (unsigned i = 0; i < 0x10000u; i++)
		psram_array[i] = (uint8_t)(i * 13u + 5u);
	extmem_sim_psram_init(&ps, &clk, psram_array, 0x10000);
	ps.mr[0] = 0x30;
	ps.mr[4] = 0x20;
	if (x16)
		ps.mr[8] = EXTMEM_SIM_PSRAM_MR8_X16;
	ps.base.trace = &trace;
}

static struct extmem_xspi_op psram_read(uint32_t addr, void *buf, uint32_t len, uint8_t lines)
{
	struct extmem_xspi_op op = {0};
	op.cmd.bus = (struct extmem_xspi_phase){8, false};
	op.cmd.nbytes = 1;
	op.cmd.opcode = EXTMEM_SIM_PSRAM_CMD_READ_LINEAR;
	op.addr.bus = (struct extmem_xspi_phase){8, true};
	op.addr.nbytes = 4;
	op.addr.value = addr;
	op.dummy_cycles = 13;
	op.data.bus = (struct extmem_xspi_phase){lines, true};
	op.data.dir = EXTMEM_XSPI_DATA_IN;
	op.data.len = len;
	op.data.buf.in = buf;
	op.dqs = true;
	return op;
}

static void test_vcd_clock_period_matches_bus_frequency(void **state)
{
	(void)state;
	psram_setup(false);
	assert_int_equal(extmem_sim_vcd_open(&vcd, f, 8, 1), EXTMEM_OK);
	uint8_t buf[16];
	struct extmem_xspi_op op = psram_read(0x100, buf, sizeof(buf), 8);
	assert_int_equal(extmem_sim_bus_transfer(&ps.base, &op, 200000000), EXTMEM_OK);
	assert_int_equal(ps.base.violations, 0);
	finish();
	uint64_t prev = 0;
	unsigned rising = 0;
	for (unsigned i = 0; i < rd.nedges; i++) {
		if (!rd.edges[i].rising)
			continue;
		if (rising > 0)
			assert_int_equal(rd.edges[i].t - prev, 5000); /* 200 MHz = 5000 ps */
		prev = rd.edges[i].t;
		rising++;
	}
	assert_int_equal(rising, extmem_xspi_op_cycles(&op));
	/* The last falling edge closes the op, exactly when the virtual clock ends it. */
	assert_int_equal(rd.edges[rd.nedges - 1].t, clk.now_ps);
	free(psram_array);
}

static void test_vcd_dtr_read_x8_bytes_on_both_edges_with_dqs(void **state)
{
	(void)state;
	psram_setup(false);
	assert_int_equal(extmem_sim_vcd_open(&vcd, f, 8, 1), EXTMEM_OK);
	uint8_t buf[16];
	struct extmem_xspi_op op = psram_read(0x00012340 & 0xFFFE, buf, sizeof(buf), 8);
	assert_int_equal(extmem_sim_bus_transfer(&ps.base, &op, 200000000), EXTMEM_OK);
	finish();
	/* Edge 0: 8S opcode on the rising edge. Edges 2..5: address 8D, MSB first. */
	assert_true(rd.edges[0].rising);
	assert_int_equal(rd.edges[0].io & 0xFF, 0x20);
	uint32_t addr = 0;
	for (unsigned e = 2; e < 6; e++)
		addr = (addr << 8) | (rd.edges[e].io & 0xFF);
	assert_int_equal(addr, op.addr.value);
	/* Data after 1 + 2 + 13 clocks: one byte per edge, DQS high on rising, low on falling. */
	unsigned first = 2 * (1 + 2 + 13);
	assert_int_equal(rd.nedges, first + 16);
	for (unsigned i = 0; i < 16; i++) {
		const struct vcd_edge *e = &rd.edges[first + i];
		assert_int_equal(e->rising, (i % 2) == 0);
		assert_int_equal(e->io & 0xFF, buf[i]);
		assert_int_equal(e->dqs, (i % 2) == 0);
	}
	assert_memory_equal(buf, psram_array + op.addr.value, 16);
	/* DQS toggles only in the data phase: once per beat. */
	assert_int_equal(rd.changes[vcd_reader_signal(&rd, "DQS")], 16);
	free(psram_array);
}

static void test_vcd_dtr_read_x16_uses_sixteen_lines(void **state)
{
	(void)state;
	psram_setup(true);
	assert_int_equal(extmem_sim_vcd_open(&vcd, f, 16, 1), EXTMEM_OK);
	uint8_t buf[16];
	struct extmem_xspi_op op = psram_read(0x40, buf, sizeof(buf), 16);
	assert_int_equal(extmem_sim_bus_transfer(&ps.base, &op, 200000000), EXTMEM_OK);
	assert_int_equal(ps.base.violations, 0);
	finish();
	unsigned first = 2 * (1 + 2 + 13);
	assert_int_equal(rd.nedges, first + 8);
	for (unsigned i = 0; i < 8; i++) {
		size_t k = (size_t)i * 2u;
		uint32_t want = buf[k] | (uint32_t)buf[k + 1] << 8;
		assert_int_equal(rd.edges[first + i].io & 0xFFFF, want);
	}
	/* Command and address stay on IO7..IO0. */
	assert_int_equal(rd.edges[0].io & 0xFF00, 0xFF00);
	free(psram_array);
}

static void test_vcd_time_monotonic_over_many_ops(void **state)
{
	(void)state;
	psram_setup(false);
	assert_int_equal(extmem_sim_vcd_open(&vcd, f, 8, 10), EXTMEM_OK);
	uint8_t buf[8];
	for (unsigned i = 0; i < 20; i++) {
		struct extmem_xspi_op op = psram_read(i * 64, buf, sizeof(buf), 8);
		assert_int_equal(extmem_sim_bus_transfer(&ps.base, &op, i % 2 ? 200000000 : 100000000), EXTMEM_OK);
	}
	finish();
	assert_int_equal(vcd.ops, 20);
	assert_int_equal(rd.changes[vcd_reader_signal(&rd, "CS#")], 40);
	free(psram_array);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_vcd_header_declares_bus_signals),
		T(test_vcd_header_x16_declares_sixteen_io),
		T(test_vcd_str_read_change_counts_per_phase),
		T(test_vcd_clock_period_matches_bus_frequency),
		T(test_vcd_dtr_read_x8_bytes_on_both_edges_with_dqs),
		T(test_vcd_dtr_read_x16_uses_sixteen_lines),
		T(test_vcd_time_monotonic_over_many_ops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
