/* SPDX-License-Identifier: MIT */
/*
 * The NOR SFDP driver against the strict part models: protocol reached per
 * part and link width, recovery from a part left in another mode, round
 * trips across page/sector/region boundaries, device faults.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nor_harness.h"

struct expect {
	const struct extmem_sim_nor_part *part;
	enum extmem_protocol proto[4]; /* for 1, 2, 4, 8 lines */
};

/* One harness at a time; a failed test leaves it to the next up() or the teardown. */
static struct nor_harness harness;

static struct nor_harness *up(const struct extmem_sim_nor_part *part, uint8_t lines)
{
	nor_harness_down(&harness);
	assert_int_equal(nor_harness_up(&harness, part, lines, 200000000u), EXTMEM_OK);
	return &harness;
}

static void down(struct nor_harness *h)
{
	nor_harness_down(h);
}

static int teardown(void **state)
{
	(void)state;
	nor_harness_down(&harness);
	return 0;
}

static void assert_no_violations(const struct nor_harness *h)
{
	if (h->model->base.violations != 0)
		print_message("last violation: %s\n", h->model->base.last_violation);
	assert_int_equal(h->model->base.violations, 0);
}

static void reaches_the_fastest_protocol_the_part_and_link_share(void **state)
{
	(void)state;
	const struct expect table[] = {
		{&extmem_sim_part_mx66uw1g45g,
		 {EXTMEM_PROTO_1S_1S_1S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_PROTO_8D_8D_8D}},
		{&extmem_sim_part_mx25uw25645g,
		 {EXTMEM_PROTO_1S_1S_1S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_PROTO_8D_8D_8D}},
		{&extmem_sim_part_w25q128jv,
		 {EXTMEM_PROTO_1S_1S_1S, EXTMEM_PROTO_1S_2S_2S, EXTMEM_PROTO_1S_4S_4S, EXTMEM_PROTO_1S_4S_4S}},
	};
	static const uint8_t widths[4] = {1, 2, 4, 8};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		for (int w = 0; w < 4; w++) {
			struct nor_harness *h = up(table[i].part, widths[w]);
			int err = extmem_init(&h->em, 0);
			struct extmem_info info = {0};
			(void)extmem_info(&h->em, 0, &info);
			printf("  %-13s x%u -> %-8s %3u MHz, %u dummy, %u violations\n", table[i].part->name, widths[w],
			       extmem_protocol_name(info.protocol), (unsigned)(info.clock_hz / 1000000u),
			       info.dummy_cycles, (unsigned)h->model->base.violations);
			assert_int_equal(err, EXTMEM_OK);
			assert_string_equal(extmem_protocol_name(info.protocol),
					    extmem_protocol_name(table[i].proto[w]));
			assert_no_violations(h);
			down(h);
		}
	}
}

static void fill(uint8_t *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)((i * 131u + seed * 7u) >> 1);
}

static void data_round_trips_across_page_and_sector_boundaries(void **state)
{
	(void)state;
	static uint8_t out[0x4000], in[0x4000];
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	/* Odd start and length: DTR byte pairs and page splits both exercised. */
	uint64_t at = 0x10000u - 4097u;
	assert_int_equal(extmem_erase(&h->em, 0, 0x0E000u, 0x4000u), EXTMEM_OK);
	fill(out, sizeof(out), 1);
	assert_int_equal(extmem_write(&h->em, 0, at, out, 8193), EXTMEM_OK);
	assert_int_equal(extmem_read(&h->em, 0, at, in, 8193), EXTMEM_OK);
	assert_memory_equal(in, out, 8193);
	/* The bytes around the range stay erased. */
	assert_int_equal(extmem_read(&h->em, 0, at - 3, in, 3), EXTMEM_OK);
	assert_int_equal(in[0] & in[1] & in[2], 0xFF);
	assert_int_equal(extmem_read(&h->em, 0, at + 8193, in, 3), EXTMEM_OK);
	assert_int_equal(in[0] & in[1] & in[2], 0xFF);
	assert_memory_equal(h->model->array + at, out, 8193);
	/* Erase a sector in the middle: that sector only. */
	assert_int_equal(extmem_erase(&h->em, 0, 0x10000u, 0x1000u), EXTMEM_OK);
	assert_int_equal(extmem_read(&h->em, 0, 0x0E000u, in, 0x4000u), EXTMEM_OK);
	assert_memory_equal(in + (at - 0x0E000u), out, 0x10000u - at);
	for (size_t i = 0x2000u; i < 0x4000u; i++)
		assert_int_equal(in[i], 0xFF);
	assert_no_violations(h);
	down(h);
}

static void bad_ranges_return_statuses_and_reach_no_device(void **state)
{
	(void)state;
	uint8_t buf[16] = {0};
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	uint32_t before = h->port.executed;
	uint64_t size = h->table[0].info.size;
	assert_int_equal(extmem_write(&h->em, 0, size - 8, buf, 16), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_erase(&h->em, 0, size, 4096), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_erase(&h->em, 0, 100, 4096), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_read(&h->em, 0, UINT64_MAX - 2, buf, 16), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(h->port.executed, before);
	down(h);
}

static void a_part_left_in_octal_dtr_is_recovered(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	/* A warm reset of the MCU: the flash stays in 8D-8D-8D, the driver forgets. */
	assert_int_equal(extmem_sim_nor_proto(h->model), EXTMEM_SIM_NOR_8D8D8D);
	h->table[0].state = EXTMEM_STATE_OFF;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_no_violations(h);
	down(h);
}

static void deinit_leaves_the_part_in_single_line_mode(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(extmem_deinit(&h->em, 0), EXTMEM_OK);
	assert_int_equal(extmem_sim_nor_proto(h->model), EXTMEM_SIM_NOR_1S1S1S);
	assert_no_violations(h);
	down(h);
}

static void stuck_busy_returns_timeout_without_hanging(void **state)
{
	(void)state;
	uint8_t buf[4] = {1, 2, 3, 4};
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	h->model->faults.stuck_busy = true;
	uint64_t t0 = h->clock.now_ps;
	assert_int_equal(extmem_write(&h->em, 0, 0, buf, 4), EXTMEM_ERR_TIMEOUT);
	/* Bounded by the driver's program timeout (clamped to at most 100 ms). */
	assert_true(h->clock.now_ps - t0 <= 101000000000ull);
	down(h);
}

static void program_and_erase_failures_return_device_error(void **state)
{
	(void)state;
	uint8_t buf[4] = {1, 2, 3, 4};
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	h->model->faults.fail_program = true;
	assert_int_equal(extmem_write(&h->em, 0, 0, buf, 4), EXTMEM_ERR_DEVICE);
	h->model->faults.fail_program = false;
	h->model->faults.fail_erase = true;
	assert_int_equal(extmem_erase(&h->em, 0, 0, 4096), EXTMEM_ERR_DEVICE);
	down(h);
}

static void an_empty_bus_returns_no_device(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	h->model->faults.no_device = true;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_NO_DEVICE);
	down(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(reaches_the_fastest_protocol_the_part_and_link_share, teardown),
		cmocka_unit_test_teardown(data_round_trips_across_page_and_sector_boundaries, teardown),
		cmocka_unit_test_teardown(bad_ranges_return_statuses_and_reach_no_device, teardown),
		cmocka_unit_test_teardown(a_part_left_in_octal_dtr_is_recovered, teardown),
		cmocka_unit_test_teardown(deinit_leaves_the_part_in_single_line_mode, teardown),
		cmocka_unit_test_teardown(stuck_busy_returns_timeout_without_hanging, teardown),
		cmocka_unit_test_teardown(program_and_erase_failures_return_device_error, teardown),
		cmocka_unit_test_teardown(an_empty_bus_returns_no_device, teardown),
	};
	if (getenv("TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	return cmocka_run_group_tests_name("nor_sfdp", tests, NULL, NULL);
}
