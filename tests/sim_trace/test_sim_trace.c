/* SPDX-License-Identifier: MIT */
/* The bus trace: one line per op in a fixed format, through the central hook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_sim/psram.h"
#include "extmem_sim/ram_device.h"
#include "extmem_sim/trace.h"
#include "test_ops.h"

#define MAX_LINES 8

struct capture {
	unsigned n;
	char lines[MAX_LINES][EXTMEM_SIM_TRACE_LINE_MAX];
};

static void capture_line(void *ctx, const char *line)
{
	struct capture *c = ctx;
	if (c->n < MAX_LINES)
		snprintf(c->lines[c->n], sizeof(c->lines[0]), "%s", line);
	c->n++;
}

struct fixture {
	struct extmem_sim_clock clock;
	uint8_t array[256];
	struct extmem_sim_ram_device ram;
	struct extmem_sim_trace trace;
	struct capture cap;
};

static struct fixture fx;

static int setup(void **state)
{
	memset(&fx, 0, sizeof(fx));
	for (unsigned i = 0; i < sizeof(fx.array); i++)
		fx.array[i] = (uint8_t)i;
	extmem_sim_ram_device_init(&fx.ram, &fx.clock, fx.array, sizeof(fx.array));
	extmem_sim_trace_init(&fx.trace, NULL, capture_line, &fx.cap);
	fx.ram.base.trace = &fx.trace;
	*state = &fx;
	return 0;
}

static struct extmem_xspi_op read_op(uint8_t opcode, uint32_t addr, void *buf, uint32_t len)
{
	return test_op_read_1s(opcode, addr, buf, len);
}

static void test_trace_read_line_format(void **state)
{
	(void)state;
	uint8_t buf[4];
	struct extmem_xspi_op op = read_op(0x03, 0x10, buf, sizeof(buf));
	assert_int_equal(extmem_sim_bus_transfer(&fx.ram.base, &op, 50000000), EXTMEM_OK);
	assert_int_equal(fx.cap.n, 1);
	/* 8 + 24 + 32 cycles at 50 MHz = 1280 ns. */
	assert_string_equal(fx.cap.lines[0],
			    "t=0.000000us ram 1S-1S-1S op=03 addr=0x000010 dummy=0 rd len=4 data=10111213 "
			    "dur=1280.000ns ok");
	assert_int_equal(fx.trace.ops, 1);
}

static void test_trace_time_advances_and_write_data_shown(void **state)
{
	(void)state;
	uint8_t buf[2];
	struct extmem_xspi_op op = read_op(0x03, 0, buf, sizeof(buf));
	assert_int_equal(extmem_sim_bus_transfer(&fx.ram.base, &op, 50000000), EXTMEM_OK);
	static const uint8_t out[20] = {0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	struct extmem_xspi_op wr = read_op(0x02, 0x20, NULL, sizeof(out));
	wr.data.dir = EXTMEM_XSPI_DATA_OUT;
	wr.data.buf.out = out;
	assert_int_equal(extmem_sim_bus_transfer(&fx.ram.base, &wr, 50000000), EXTMEM_OK);
	assert_int_equal(fx.cap.n, 2);
	/* Second op starts when the first (48 cycles = 960 ns) ended; 16 bytes shown then "..". */
	assert_string_equal(fx.cap.lines[1], "t=0.960000us ram 1S-1S-1S op=02 addr=0x000020 dummy=0 wr len=20 "
					     "data=deadbeef0102030405060708090a0b0c.. dur=3840.000ns ok");
}

static void test_trace_violation_reported(void **state)
{
	(void)state;
	uint8_t buf[1];
	struct extmem_xspi_op op = read_op(0x0B, 0, buf, sizeof(buf));
	assert_int_equal(extmem_sim_bus_transfer(&fx.ram.base, &op, 50000000), EXTMEM_OK);
	assert_int_equal(fx.cap.n, 1);
	assert_non_null(strstr(fx.cap.lines[0], " op=0B "));
	assert_non_null(strstr(fx.cap.lines[0], " VIOLATION(1): ram: unknown opcode 0Bh"));
	/* Nothing answered: the host saw the idle level. */
	assert_non_null(strstr(fx.cap.lines[0], " data=ff "));
}

static void test_trace_refused_op_reported(void **state)
{
	(void)state;
	struct extmem_xspi_op op = read_op(0x03, 0, NULL, 4); /* read without a buffer */
	assert_int_equal(extmem_sim_bus_transfer(&fx.ram.base, &op, 50000000), EXTMEM_ERR_INVALID);
	assert_int_equal(fx.cap.n, 1);
	assert_non_null(strstr(fx.cap.lines[0], " ERR EXTMEM_ERR_INVALID"));
	assert_non_null(strstr(fx.cap.lines[0], " data=- "));
	assert_int_equal(fx.clock.now_ps, 0); /* refused ops take no bus time */
}

static void test_trace_protocol_names(void **state)
{
	(void)state;
	char name[32];
	struct extmem_xspi_op op = {0};
	op.cmd.bus = (struct extmem_xspi_phase){8, true};
	op.cmd.nbytes = 2;
	op.addr.bus = (struct extmem_xspi_phase){8, true};
	op.addr.nbytes = 4;
	op.data.bus = (struct extmem_xspi_phase){8, true};
	op.data.dir = EXTMEM_XSPI_DATA_IN;
	extmem_sim_trace_protocol(&op, name, sizeof(name));
	assert_string_equal(name, "8D-8D-8D");
	op.cmd.bus.dtr = false;
	op.data.bus.lines = 16;
	extmem_sim_trace_protocol(&op, name, sizeof(name));
	assert_string_equal(name, "8S-8D-16D");
	op.addr.bus.lines = 0;
	op.addr.nbytes = 0;
	op.data.dir = EXTMEM_XSPI_DATA_NONE;
	extmem_sim_trace_protocol(&op, name, sizeof(name));
	assert_string_equal(name, "8S-0-0");
	op = (struct extmem_xspi_op){0};
	op.cmd.bus.lines = 1;
	op.addr.bus.lines = 4;
	op.alt.bus.lines = 4;
	op.alt.nbytes = 1;
	op.data.bus.lines = 4;
	op.data.dir = EXTMEM_XSPI_DATA_IN;
	extmem_sim_trace_protocol(&op, name, sizeof(name));
	assert_string_equal(name, "1S-4S-4S-4S");
}

static void test_trace_to_file_and_detached(void **state)
{
	(void)state;
	char text[1024] = {0};
	FILE *f = fmemopen(text, sizeof(text) - 1, "w");
	assert_non_null(f);
	fx.trace.out = f;
	fx.trace.data_bytes = 2;
	uint8_t buf[4];
	struct extmem_xspi_op op = read_op(0x03, 0, buf, sizeof(buf));
	assert_int_equal(extmem_sim_bus_transfer(&fx.ram.base, &op, 50000000), EXTMEM_OK);
	fx.ram.base.trace = NULL; /* detached: no more lines */
	assert_int_equal(extmem_sim_bus_transfer(&fx.ram.base, &op, 50000000), EXTMEM_OK);
	fclose(f);
	assert_string_equal(text, "t=0.000000us ram 1S-1S-1S op=03 addr=0x000000 dummy=0 rd len=4 data=0001.. "
				  "dur=1280.000ns ok\n");
	assert_int_equal(fx.cap.n, 1);
}

static void test_trace_alternate_bytes_shown_when_present(void **state)
{
	(void)state;
	uint8_t buf[2];
	struct extmem_xspi_op op = read_op(0x03, 0x10, buf, sizeof(buf));
	op.alt.bus.lines = 1;
	op.alt.nbytes = 1;
	op.alt.value = 0xA5;
	assert_int_equal(extmem_sim_bus_transfer(&fx.ram.base, &op, 50000000), EXTMEM_OK);
	assert_int_equal(fx.cap.n, 1);
	assert_non_null(strstr(fx.cap.lines[0], " 1S-1S-1S-1S op=03 addr=0x000010 alt=0xA5 dummy=0 rd len=2 "));
}

static void test_trace_psram_octal_ddr_line(void **state)
{
	(void)state;
	static uint8_t array[4096];
	for (unsigned i = 0; i < sizeof(array); i++)
		array[i] = (uint8_t)i;
	struct extmem_sim_psram ps;
	extmem_sim_psram_init(&ps, &fx.clock, array, sizeof(array));
	ps.mr[0] = 0x30; /* STM32H7S78-DK: RL 7 fixed, WL 7 */
	ps.mr[4] = 0x20;
	ps.base.trace = &fx.trace;
	uint8_t buf[16];
	struct extmem_xspi_op op = {0};
	op.cmd.bus = (struct extmem_xspi_phase){8, false};
	op.cmd.nbytes = 1;
	op.cmd.opcode = EXTMEM_SIM_PSRAM_CMD_READ_LINEAR;
	op.addr.bus = (struct extmem_xspi_phase){8, true};
	op.addr.nbytes = 4;
	op.addr.value = 0x100;
	op.dummy_cycles = 13;
	op.data.bus = (struct extmem_xspi_phase){8, true};
	op.data.dir = EXTMEM_XSPI_DATA_IN;
	op.data.len = sizeof(buf);
	op.data.buf.in = buf;
	op.dqs = true;
	assert_int_equal(extmem_sim_bus_transfer(&ps.base, &op, 200000000), EXTMEM_OK);
	op.dummy_cycles = 12;
	assert_int_equal(extmem_sim_bus_transfer(&ps.base, &op, 200000000), EXTMEM_OK);
	assert_int_equal(fx.cap.n, 2);
	/* 1 + 2 + 13 + 8 clocks at 200 MHz = 120 ns. */
	assert_string_equal(fx.cap.lines[0], "t=0.000000us psram 8S-8D-8D op=20 addr=0x00000100 dummy=13 rd len=16 "
					     "data=000102030405060708090a0b0c0d0e0f dur=120.000ns ok");
	assert_string_equal(
		fx.cap.lines[1],
		"t=0.120000us psram 8S-8D-8D op=20 addr=0x00000100 dummy=12 rd len=16 "
		"data=ffff000102030405060708090a0b0c0d dur=115.000ns VIOLATION(1): psram: read with 12 dummy "
		"cycles, the part needs 13 (RL 7, fixed)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_trace_read_line_format, setup),
		cmocka_unit_test_setup(test_trace_time_advances_and_write_data_shown, setup),
		cmocka_unit_test_setup(test_trace_violation_reported, setup),
		cmocka_unit_test_setup(test_trace_refused_op_reported, setup),
		cmocka_unit_test_setup(test_trace_protocol_names, setup),
		cmocka_unit_test_setup(test_trace_to_file_and_detached, setup),
		cmocka_unit_test_setup(test_trace_psram_octal_ddr_line, setup),
		cmocka_unit_test_setup(test_trace_alternate_bytes_shown_when_present, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
