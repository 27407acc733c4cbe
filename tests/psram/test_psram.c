/* SPDX-License-Identifier: MIT */
/*
 * The PSRAM driver with the APS256XXN-OBR description, on the host port and
 * the PSRAM model: registers written at init, patterns through the manager
 * and through the mapped window, x8 and x16, links it must refuse.
 *
 * Expected register values are the datasheet encodings written here (MR0:
 * bit 5 fixed latency, bits 4:2 = RL - 3, bits 1:0 drive; MR4 bits 7:5 the
 * bit-reversed WL code, 20h = WL 7; MR8 bit 6 x16), not the driver's table.
 * The model is ours too, so the round trips show driver and model agree on
 * the wire; the model's reading of the wire is pinned by tests/sim_psram.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/psram.h"
#include "extmem_sim/psram.h"
#include "host_xspi.h"

#define MHZ(x)   ((uint32_t)(x)*1000000u)
#define MAP_BASE 0x90000000u

static struct extmem_sim_clock clk;
static uint8_t *array;
static struct extmem_sim_psram ps;
static struct extmem_host_xspi port;
static struct extmem_psram_config cfg;
static struct extmem_psram_data data;
static struct extmem_memory table[1];
static struct extmem em;

static void link_init(uint8_t lines, uint32_t max_hz)
{
	cfg = (struct extmem_psram_config){0};
	cfg.link.ops = &extmem_host_xspi_ops;
	cfg.link.ctx = &port;
	cfg.link.data_lines = lines;
	cfg.link.dqs_wired = true;
	cfg.link.dtr_capable = true;
	cfg.link.max_hz = max_hz;
	cfg.link.map_base = MAP_BASE;
	cfg.link.map_size = EXTMEM_SIM_PSRAM_SIZE;
	cfg.part = &extmem_psram_aps256xxn;
}

static int setup(void **state)
{
	(void)state;
	memset(&clk, 0, sizeof(clk));
	array = malloc(EXTMEM_SIM_PSRAM_SIZE);
	/* Power-up contents: whatever the cells hold. */
	for (uint32_t i = 0; i < EXTMEM_SIM_PSRAM_SIZE; i += 4096)
		memset(array + i, (int)(i >> 12), 4096);
	extmem_sim_psram_init(&ps, &clk, array, EXTMEM_SIM_PSRAM_SIZE);
	extmem_host_xspi_init(&port, &ps.base, MHZ(200));
	link_init(16, MHZ(200));
	table[0] = (struct extmem_memory){
		.kind = EXTMEM_KIND_PSRAM, .driver = &extmem_psram_driver, .config = &cfg, .data = &data};
	assert_int_equal(extmem_setup(&em, table, 1), EXTMEM_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(array);
	return 0;
}

static void assert_clean(void)
{
	if (ps.base.violations != 0)
		fail_msg("%u violations, last: %s", (unsigned)ps.base.violations, ps.base.last_violation);
}

static void fill(uint8_t *buf, size_t len, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1u;
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
}

/* Writes and reads back spans that are odd, cross rows and exceed one CS# low period. */
static void round_trips(void)
{
	static const struct {
		uint32_t addr, len;
	} spans[] = {{0, 16},   {1, 1},        {3, 5},          {2046, 4},      {2047, 2},
		     {4093, 9}, {10000, 7000}, {0x1FFFFF0, 16}, {65536, 65536}, {0x1000001, 4099}};
	static uint8_t out[70000], in[70000];
	for (unsigned k = 0; k < sizeof(spans) / sizeof(spans[0]); k++) {
		uint32_t a = spans[k].addr, n = spans[k].len;
		/* Neighbours must survive a partial write. */
		bool at_end = a + n == EXTMEM_SIM_PSRAM_SIZE;
		uint8_t before = a > 0 ? array[a - 1] : 0, after = at_end ? 0 : array[a + n];
		fill(out, n, k + 1);
		assert_int_equal(extmem_write(&em, 0, a, out, n), EXTMEM_OK);
		memset(in, 0, n);
		assert_int_equal(extmem_read(&em, 0, a, in, n), EXTMEM_OK);
		assert_memory_equal(in, out, n);
		/* The bytes sit at their own offsets in the part. */
		assert_memory_equal(array + a, out, n);
		if (a > 0)
			assert_int_equal(array[a - 1], before);
		if (!at_end)
			assert_int_equal(array[a + n], after);
	}
	assert_clean();
}

static void test_psram_x16_init_writes_the_dk_registers(void **state)
{
	(void)state;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	assert_clean();
	/* 200 MHz needs RL 7 / WL 7; fixed latency as the DK BSP: MR0 = 1 01 00 1 = 31h with half drive. */
	assert_int_equal(ps.mr[0], 0x31);
	assert_int_equal(ps.mr[4] & 0xE0, 0x20);
	assert_int_equal(ps.mr[8] & 0x40, 0x40);
	/* The driver's own read-back agrees. */
	assert_int_equal(data.regs[0], 0x31);
	assert_int_equal(data.regs[8] & 0x40, 0x40);
	struct extmem_info info;
	assert_int_equal(extmem_info(&em, 0, &info), EXTMEM_OK);
	assert_int_equal(info.clock_hz, MHZ(200));
	assert_int_equal(info.dummy_cycles, 13); /* 2 x RL - 1 */
	assert_int_equal(data.data_lines, 16);
}

static void test_psram_info_says_no_erase_byte_writes(void **state)
{
	(void)state;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	struct extmem_info info;
	assert_int_equal(extmem_info(&em, 0, &info), EXTMEM_OK);
	assert_int_equal(info.kind, EXTMEM_KIND_PSRAM);
	assert_int_equal(info.size, 32u * 1024u * 1024u); /* 256 Mbit */
	assert_false(info.erase_needed);
	assert_int_equal(info.erase_type_count, 0);
	assert_int_equal(info.write_align, 1);
	assert_int_equal(info.read_align, 1);
	assert_true(info.mappable);
	assert_int_equal(info.map_base, MAP_BASE);
	assert_int_equal(extmem_erase(&em, 0, 0, 4096), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_erase_all(&em, 0), EXTMEM_ERR_NOT_SUPPORTED);
	uint8_t b;
	assert_int_equal(extmem_read(&em, 0, info.size, &b, 1), EXTMEM_ERR_OUT_OF_RANGE);
}

static void test_psram_x16_patterns_round_trip(void **state)
{
	(void)state;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	round_trips();
}

static void test_psram_x8_link_stays_x8_and_round_trips(void **state)
{
	(void)state;
	link_init(8, MHZ(200));
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	assert_int_equal(ps.mr[8] & 0x40, 0x00);
	assert_int_equal(ps.mr[0], 0x31);
	assert_int_equal(data.data_lines, 8);
	round_trips();
}

static void test_psram_slower_link_gets_the_latency_for_its_clock(void **state)
{
	(void)state;
	link_init(16, MHZ(100));
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	struct extmem_info info;
	assert_int_equal(extmem_info(&em, 0, &info), EXTMEM_OK);
	assert_int_equal(info.clock_hz, MHZ(100));
	/* 100 MHz: RL 4 (up to 109 MHz) fixed, WL 4 (MR4 code 80h). */
	assert_int_equal(ps.mr[0] & 0x3C, 0x24);
	assert_int_equal(ps.mr[4] & 0xE0, 0x80);
	assert_int_equal(info.dummy_cycles, 7);
	round_trips();
}

static void test_psram_bursts_respect_tcem_and_rows(void **state)
{
	(void)state;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	static uint8_t buf[1u << 20];
	fill(buf, sizeof(buf), 7);
	uint32_t ops0 = port.executed;
	assert_int_equal(extmem_write(&em, 0, 0, buf, sizeof(buf)), EXTMEM_OK);
	assert_int_equal(extmem_read(&em, 0, 0, buf, sizeof(buf)), EXTMEM_OK);
	/* Rows of 2 KiB fit in one 4 us CS# low period at 200 MHz x16: 512 bursts each way. */
	assert_int_equal(port.executed - ops0, 2u * 512u);
	assert_clean(); /* the model checks tCEM on every op */
}

static void mapped_round_trip(uint8_t lines)
{
	{
		link_init(lines, MHZ(200));
		assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
		assert_int_equal(extmem_map(&em, 0), EXTMEM_OK);
		uintptr_t base;
		assert_int_equal(extmem_map_base(&em, 0, &base), EXTMEM_OK);
		assert_int_equal(base, MAP_BASE);
		/* The port was told the row boundary and the tCEM period in clocks. */
		assert_int_equal(port.cs_boundary, 2048);
		assert_int_equal(port.cs_max_cycles, 800); /* 4 us at 200 MHz */
		static uint8_t out[10000], in[10000];
		fill(out, sizeof(out), 99);
		assert_int_equal(extmem_host_xspi_map_write(&port, 0x12340, out, sizeof(out)), EXTMEM_OK);
		assert_memory_equal(array + 0x12340, out, sizeof(out));
		assert_int_equal(extmem_host_xspi_map_read(&port, 0x12340, in, sizeof(in)), EXTMEM_OK);
		assert_memory_equal(in, out, sizeof(out));
		/* Indirect access waits for unmap. */
		assert_int_equal(extmem_read(&em, 0, 0, in, 4), EXTMEM_ERR_MAPPED);
		assert_int_equal(extmem_unmap(&em, 0), EXTMEM_OK);
		assert_int_equal(extmem_read(&em, 0, 0x12340, in, sizeof(in)), EXTMEM_OK);
		assert_memory_equal(in, out, sizeof(out));
		assert_clean();
	}
}

static void test_psram_x16_mapped_window_reads_and_writes(void **state)
{
	(void)state;
	mapped_round_trip(16);
}

static void test_psram_x8_mapped_window_reads_and_writes(void **state)
{
	(void)state;
	mapped_round_trip(8);
}

static void test_psram_rejects_links_that_cannot_carry_it(void **state)
{
	(void)state;
	link_init(4, MHZ(200)); /* a quad link: the part needs 8 lines */
	assert_int_equal(extmem_init(&em, 0), EXTMEM_ERR_PROTOCOL);
	link_init(16, MHZ(200));
	cfg.link.dtr_capable = false;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_ERR_PROTOCOL);
	link_init(16, MHZ(200));
	cfg.link.dqs_wired = false;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_ERR_PROTOCOL);
	/* Nothing reached the part. */
	assert_int_equal(port.executed, 0);
	struct extmem_psram_part bad = extmem_psram_aps256xxn;
	bad.row_bytes = 3000; /* not a power of two */
	link_init(16, MHZ(200));
	cfg.part = &bad;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_ERR_INVALID);
}

/* A bus where nothing answers: reads see the pulled-up idle lines. */
static int silent_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t hz)
{
	(void)dev;
	(void)op;
	(void)hz;
	return EXTMEM_OK;
}

static void test_psram_absent_part_is_no_device(void **state)
{
	(void)state;
	static const struct extmem_sim_device_ops silent_ops = {.transfer = silent_transfer};
	struct extmem_sim_device none = {.ops = &silent_ops, .clock = &clk, .name = "none"};
	extmem_host_xspi_init(&port, &none, MHZ(200));
	assert_int_equal(extmem_init(&em, 0), EXTMEM_ERR_NO_DEVICE);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_psram_x16_init_writes_the_dk_registers),
		T(test_psram_info_says_no_erase_byte_writes),
		T(test_psram_x16_patterns_round_trip),
		T(test_psram_x8_link_stays_x8_and_round_trips),
		T(test_psram_slower_link_gets_the_latency_for_its_clock),
		T(test_psram_bursts_respect_tcem_and_rows),
		T(test_psram_x16_mapped_window_reads_and_writes),
		T(test_psram_x8_mapped_window_reads_and_writes),
		T(test_psram_rejects_links_that_cannot_carry_it),
		T(test_psram_absent_part_is_no_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
