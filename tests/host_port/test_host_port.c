/* SPDX-License-Identifier: MIT */
/* The operation descriptor's rules and the host port that executes it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/extmem.h"
#include "extmem/extmem_xspi.h"
#include "extmem/nor_sfdp.h"
#include "extmem_sim/ram_device.h"
#include "host_xspi.h"
#include "test_ops.h"

static struct extmem_xspi_op read_op(void *buf, uint32_t len)
{
	return test_op_read_1s(0x03, 0, buf, len);
}

static void descriptor_check_rejects_malformed_shapes(void **state)
{
	(void)state;
	uint8_t buf[4];
	struct extmem_xspi_op op = read_op(buf, 4);
	assert_int_equal(extmem_xspi_op_check(&op), EXTMEM_OK);
	assert_int_equal(extmem_xspi_op_check(NULL), EXTMEM_ERR_INVALID);
	struct extmem_xspi_op bad = op;
	bad.cmd.bus.lines = 3; /* not a line count */
	assert_int_equal(extmem_xspi_op_check(&bad), EXTMEM_ERR_INVALID);
	bad = op;
	bad.cmd.bus.lines = 0; /* no instruction */
	assert_int_equal(extmem_xspi_op_check(&bad), EXTMEM_ERR_INVALID);
	bad = op;
	bad.cmd.opcode = 0x1203; /* two bytes of opcode, one declared */
	assert_int_equal(extmem_xspi_op_check(&bad), EXTMEM_ERR_INVALID);
	bad = op;
	bad.addr.nbytes = 5;
	assert_int_equal(extmem_xspi_op_check(&bad), EXTMEM_ERR_INVALID);
	bad = op;
	bad.addr.bus.lines = 0; /* bytes declared on no lines */
	assert_int_equal(extmem_xspi_op_check(&bad), EXTMEM_ERR_INVALID);
	bad = op;
	bad.alt.nbytes = 1; /* alternate byte with no lines */
	assert_int_equal(extmem_xspi_op_check(&bad), EXTMEM_ERR_INVALID);
	bad = op;
	bad.data.buf.in = NULL;
	assert_int_equal(extmem_xspi_op_check(&bad), EXTMEM_ERR_INVALID);
	bad = op;
	bad.data.len = 0;
	assert_int_equal(extmem_xspi_op_check(&bad), EXTMEM_ERR_INVALID);
	bad = op;
	bad.data.dir = EXTMEM_XSPI_DATA_NONE; /* length with no direction */
	assert_int_equal(extmem_xspi_op_check(&bad), EXTMEM_ERR_INVALID);
	bad = op;
	bad.data.dir = (enum extmem_xspi_dir)7;
	assert_int_equal(extmem_xspi_op_check(&bad), EXTMEM_ERR_INVALID);
}

static void cycles_count_each_phase_on_its_lines_and_edges(void **state)
{
	(void)state;
	uint8_t buf[16];
	struct extmem_xspi_op op = read_op(buf, 16);
	assert_int_equal(extmem_xspi_op_cycles(&op), 8 + 24 + 128);
	/* 1S-4S-4S fast read EBh: 6 address cycles, 2 mode cycles, 4 dummy. */
	op.cmd.opcode = 0xEB;
	op.addr.bus.lines = 4;
	op.alt.bus.lines = 4;
	op.alt.nbytes = 1;
	op.dummy_cycles = 4;
	op.data.bus.lines = 4;
	assert_int_equal(extmem_xspi_op_cycles(&op), 8 + 6 + 2 + 4 + 32);
	/* 8D-8D-8D: 2-byte command in one cycle, 4-byte address in two, 20 dummy. */
	struct extmem_xspi_op oct = {
		.cmd = {.bus = {8, true}, .nbytes = 2, .opcode = 0xEE11},
		.addr = {.bus = {8, true}, .nbytes = 4, .value = 0},
		.dummy_cycles = 20,
		.data = {.bus = {8, true}, .dir = EXTMEM_XSPI_DATA_IN, .len = 16, .buf.in = buf},
		.dqs = true,
	};
	assert_int_equal(extmem_xspi_op_cycles(&oct), 1 + 2 + 20 + 8);
}

/* Data only: ceil(len * 8 / lines) beats, halved (rounded up) in DTR, saturated at 32 bits. */
static void data_cycles_are_bits_over_lines_rounded_up_and_saturate(void **state)
{
	(void)state;
	uint8_t buf[1];
	static const struct {
		uint32_t len;
		uint8_t lines;
		bool dtr;
		uint32_t cycles;
	} cases[] = {
		{1, 1, false, 8},
		{1, 4, false, 2},
		{3, 2, false, 12},
		{5, 8, false, 5},
		{3, 16, false, 2}, /* 24 bits on 16 lines: 1.5 beats, 2 */
		{3, 16, true, 1},  /* 2 beats, both edges */
		{7, 8, true, 4},   /* 7 beats, 3.5 clocks, 4 */
		{0x1FFFFFFFu, 1, false, 0xFFFFFFF8u},
		{0x20000000u, 1, false, 0xFFFFFFFFu}, /* 2^32 beats: saturated */
		/* 2^35 - 8 bits on 16 lines: 2^31 beats rounded up, 2^30 clocks in DTR */
		{0xFFFFFFFFu, 16, true, 0x40000000u},
		{0xFFFFFFFFu, 1, false, 0xFFFFFFFFu},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct extmem_xspi_op op = {
			.data = {.bus = {cases[i].lines, cases[i].dtr},
				 .dir = EXTMEM_XSPI_DATA_IN,
				 .len = cases[i].len,
				 .buf.in = buf},
		};
		assert_int_equal(extmem_xspi_op_cycles(&op), cases[i].cycles);
	}
}

struct bench {
	uint8_t array[4096];
	struct extmem_sim_clock clock;
	struct extmem_sim_ram_device ram;
	struct extmem_host_xspi port;
};

static int bench_up(void **state)
{
	struct bench *b = test_calloc(1, sizeof(*b));
	extmem_sim_ram_device_init(&b->ram, &b->clock, b->array, sizeof(b->array));
	extmem_host_xspi_init(&b->port, &b->ram.base, 200000000u);
	*state = b;
	return 0;
}

static int bench_down(void **state)
{
	test_free(*state);
	return 0;
}

static void set_clock_reaches_the_nearest_prescaled_clock_not_above(void **state)
{
	struct bench *b = *state;
	const struct extmem_xspi_ops *ops = &extmem_host_xspi_ops;
	uint32_t hz = 0;
	assert_int_equal(b->port.bus_hz, 50000000u); /* safe start */
	assert_int_equal(ops->set_clock(&b->port, 200000000u, &hz), EXTMEM_OK);
	assert_int_equal(hz, 200000000u);
	assert_int_equal(ops->set_clock(&b->port, 133000000u, &hz), EXTMEM_OK);
	assert_int_equal(hz, 100000000u);
	assert_int_equal(ops->set_clock(&b->port, 400000000u, &hz), EXTMEM_OK);
	assert_int_equal(hz, 200000000u);
	assert_int_equal(ops->set_clock(&b->port, 1, &hz), EXTMEM_OK);
	assert_int_equal(hz, 200000000u / 256u);
}

static void execute_charges_wire_time_on_the_virtual_clock(void **state)
{
	struct bench *b = *state;
	uint8_t buf[10];
	struct extmem_xspi_op op = read_op(buf, 10);
	assert_int_equal(extmem_host_xspi_ops.execute(&b->port, &op), EXTMEM_OK);
	assert_int_equal(b->clock.now_ps, (8u + 24u + 80u) * 20000u);
	assert_int_equal(extmem_host_xspi_ops.time_us(&b->port), 2); /* 2.24 us */
	assert_int_equal(b->port.executed, 1);
}

static void auto_poll_times_out_in_virtual_time_when_never_matched(void **state)
{
	struct bench *b = *state;
	uint8_t byte;
	/* The RAM device answers 9Fh with EEh: bit 0 never clears. */
	struct extmem_xspi_op op = {
		.cmd = {.bus = {1, false}, .nbytes = 1, .opcode = 0x9F},
		.data = {.bus = {1, false}, .dir = EXTMEM_XSPI_DATA_IN, .len = 1, .buf.in = &byte},
	};
	struct extmem_xspi_poll poll = {.mask = 0x01, .match = 0x01, .timeout_us = 1000};
	uint32_t last = 0;
	assert_int_equal(extmem_host_xspi_ops.auto_poll(&b->port, &op, &poll, &last), EXTMEM_ERR_TIMEOUT);
	assert_int_equal(last, 0xEE);
	assert_true(b->clock.now_ps >= 1000u * 1000000u);
	assert_true(b->clock.now_ps < 1001u * 1000000u);
	poll.mask = 0xF0;
	poll.match = 0xE0;
	assert_int_equal(extmem_host_xspi_ops.auto_poll(&b->port, &op, &poll, &last), EXTMEM_OK);
	poll.timeout_us = 0; /* still one read: a ready device is never a timeout */
	assert_int_equal(extmem_host_xspi_ops.auto_poll(&b->port, &op, &poll, &last), EXTMEM_OK);
}

static void mapped_mode_blocks_indirect_ops_and_serves_window_reads(void **state)
{
	struct bench *b = *state;
	uint8_t buf[8];
	for (size_t i = 0; i < sizeof(b->array); i++)
		b->array[i] = (uint8_t)i;
	struct extmem_xspi_op tmpl = read_op(buf, 1);
	assert_int_equal(extmem_host_xspi_map_read(&b->port, 0, buf, 4), EXTMEM_ERR_STATE);
	assert_int_equal(extmem_host_xspi_ops.map_enable(&b->port, &tmpl, NULL), EXTMEM_OK);
	assert_int_equal(extmem_host_xspi_ops.execute(&b->port, &tmpl), EXTMEM_ERR_MAPPED);
	assert_int_equal(extmem_host_xspi_map_read(&b->port, 0x100, buf, 8), EXTMEM_OK);
	for (int i = 0; i < 8; i++)
		assert_int_equal(buf[i], (uint8_t)(0x100 + i));
	assert_int_equal(extmem_host_xspi_map_write(&b->port, 0, buf, 1), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_host_xspi_ops.map_disable(&b->port), EXTMEM_OK);
	assert_int_equal(extmem_host_xspi_ops.execute(&b->port, &tmpl), EXTMEM_OK);
	/* A write template must move data out. */
	assert_int_equal(extmem_host_xspi_ops.map_enable(&b->port, &tmpl, &tmpl), EXTMEM_ERR_INVALID);
	assert_int_equal(b->ram.base.violations, 0);
}

static void malformed_descriptor_never_reaches_the_device(void **state)
{
	struct bench *b = *state;
	uint8_t buf[4];
	struct extmem_xspi_op op = read_op(buf, 4);
	op.data.buf.in = NULL;
	assert_int_equal(extmem_host_xspi_ops.execute(&b->port, &op), EXTMEM_ERR_INVALID);
	assert_int_equal(b->clock.now_ps, 0);
	assert_int_equal(b->ram.base.violations, 0);
}

static void unknown_opcode_is_recorded_as_a_violation(void **state)
{
	struct bench *b = *state;
	uint8_t buf[4];
	struct extmem_xspi_op op = read_op(buf, 4);
	op.cmd.opcode = 0x5A;
	assert_int_equal(extmem_host_xspi_ops.execute(&b->port, &op), EXTMEM_OK);
	assert_int_equal(b->ram.base.violations, 1);
	assert_non_null(strstr(b->ram.base.last_violation, "5Ah"));
	/* Nothing drove the bus: the lines float high. */
	assert_int_equal(buf[0], 0xFF);
}

/* A link whose ctx was never filled in (or a port bound to no device) is a bad argument, not a crash. */
static void a_link_without_a_port_or_device_gets_invalid(void **state)
{
	(void)state;
	uint8_t buf[4];
	struct extmem_xspi_op op = read_op(buf, 4);
	struct extmem_xspi_poll poll = {.mask = 1, .match = 0, .timeout_us = 10};
	uint32_t hz = 0, last = 0;
	const struct extmem_xspi_ops *o = &extmem_host_xspi_ops;
	assert_int_equal(o->execute(NULL, &op), EXTMEM_ERR_INVALID);
	assert_int_equal(o->auto_poll(NULL, &op, &poll, &last), EXTMEM_ERR_INVALID);
	assert_int_equal(o->set_clock(NULL, 50000000u, &hz), EXTMEM_ERR_INVALID);
	assert_int_equal(o->map_enable(NULL, &op, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(o->map_disable(NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(o->time_us(NULL), 0);
	assert_int_equal(extmem_host_xspi_map_read(NULL, 0, buf, 4), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_host_xspi_map_write(NULL, 0, buf, 4), EXTMEM_ERR_INVALID);
	struct extmem_host_xspi unbound;
	extmem_host_xspi_init(&unbound, NULL, 200000000u);
	assert_int_equal(o->execute(&unbound, &op), EXTMEM_ERR_INVALID);
	assert_int_equal(o->auto_poll(&unbound, &op, &poll, &last), EXTMEM_ERR_INVALID);
	assert_int_equal(o->time_us(&unbound), 0);
	/* The NOR driver over such a link: init fails with a status. */
	struct extmem_nor_sfdp_config cfg = {
		.link = {.ops = &extmem_host_xspi_ops, .ctx = NULL, .data_lines = 1, .max_hz = 50000000u}};
	struct extmem_nor_sfdp_data data;
	struct extmem_memory m = {
		.kind = EXTMEM_KIND_NOR_SFDP, .driver = &extmem_nor_sfdp_driver, .config = &cfg, .data = &data};
	struct extmem em;
	assert_int_equal(extmem_setup(&em, &m, 1), EXTMEM_OK);
	assert_true(extmem_init(&em, 0) < 0);
	assert_int_equal(m.state, EXTMEM_STATE_OFF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(descriptor_check_rejects_malformed_shapes),
		cmocka_unit_test(cycles_count_each_phase_on_its_lines_and_edges),
		cmocka_unit_test(data_cycles_are_bits_over_lines_rounded_up_and_saturate),
		cmocka_unit_test_setup_teardown(set_clock_reaches_the_nearest_prescaled_clock_not_above, bench_up,
						bench_down),
		cmocka_unit_test_setup_teardown(execute_charges_wire_time_on_the_virtual_clock, bench_up, bench_down),
		cmocka_unit_test_setup_teardown(auto_poll_times_out_in_virtual_time_when_never_matched, bench_up,
						bench_down),
		cmocka_unit_test_setup_teardown(mapped_mode_blocks_indirect_ops_and_serves_window_reads, bench_up,
						bench_down),
		cmocka_unit_test_setup_teardown(malformed_descriptor_never_reaches_the_device, bench_up, bench_down),
		cmocka_unit_test_setup_teardown(unknown_opcode_is_recorded_as_a_violation, bench_up, bench_down),
		cmocka_unit_test(a_link_without_a_port_or_device_gets_invalid),
	};
	return cmocka_run_group_tests_name("host_port", tests, NULL, NULL);
}
