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

#define P1   EXTMEM_PROTO_1S_1S_1S
#define P122 EXTMEM_PROTO_1S_2S_2S
#define P144 EXTMEM_PROTO_1S_4S_4S
#define P444 EXTMEM_PROTO_4S_4S_4S

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
		{&extmem_sim_part_mx66uw1g45g, {P1, P1, P1, EXTMEM_PROTO_8D_8D_8D}},
		{&extmem_sim_part_mx25uw25645g, {P1, P1, P1, EXTMEM_PROTO_8D_8D_8D}},
		{&extmem_sim_part_mx25lm51245g, {P1, P1, P1, EXTMEM_PROTO_8D_8D_8D}},
		/* Its SFDP names no 4-4-4 entry method, so 1-4-4 is the fastest reachable. */
		{&extmem_sim_part_mt25ql256, {P1, P122, P144, P144}},
		{&extmem_sim_part_w25q128jv, {P1, P122, P144, P144}},
		{&extmem_sim_part_is25wp256, {P1, P122, P444, P444}},
		{&extmem_sim_part_sst26vf064b, {P1, P122, P444, P444}},
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

/* At 100 MHz the xSPI profile allows 10 dummy cycles instead of the default 20. */
static void a_slower_link_gets_the_shorter_octal_latency(void **state)
{
	(void)state;
	static uint8_t out[512], in[512];
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	h->cfg.link.max_hz = 100000000u;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_int_equal(h->table[0].info.clock_hz, 100000000u);
	assert_int_equal(h->table[0].info.dummy_cycles, 10);
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 5u + 1u);
	assert_int_equal(extmem_erase(&h->em, 0, 0, 4096), EXTMEM_OK);
	assert_int_equal(extmem_write(&h->em, 0, 1, out, sizeof(out) - 1), EXTMEM_OK);
	assert_int_equal(extmem_read(&h->em, 0, 1, in, sizeof(in) - 1), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(out) - 1);
	assert_no_violations(h);
}

/* A controller without DTR: octal STR is the fastest the pair allows. */
static void a_link_without_dtr_reaches_octal_str(void **state)
{
	(void)state;
	uint8_t out[32], in[32];
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	h->cfg.link.dtr_capable = false;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8S_8S_8S);
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i + 0x40u);
	assert_int_equal(extmem_erase(&h->em, 0, 0x1000, 4096), EXTMEM_OK);
	assert_int_equal(extmem_write(&h->em, 0, 0x1003, out, sizeof(out)), EXTMEM_OK);
	assert_int_equal(extmem_read(&h->em, 0, 0x1003, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(out));
	assert_no_violations(h);
}

/*
 * A protocol that does not prove itself is abandoned for the next one: with
 * the xSPI profile's read opcode corrupted (EEh read as 11h), 8D reads come
 * back wrong, and the driver settles on 8S-8S-8S.
 */
static void a_protocol_that_fails_its_proof_falls_back_one_step(void **state)
{
	(void)state;
	uint8_t in[16];
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	for (int i = 0; i < 16; i++)
		h->model->array[i] = (uint8_t)(0xA0 + i);
	h->model->faults.sfdp_flip = 0x111; /* xSPI profile DWORD 1, byte 1: the 8D read opcode */
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8S_8S_8S);
	assert_int_equal(h->data.fallbacks, 1u); /* the first candidate, 8D-8D-8D */
	assert_int_equal(extmem_read(&h->em, 0, 0, in, 16), EXTMEM_OK);
	assert_memory_equal(in, h->model->array, 16);
	/* The failed attempt is what the model saw as wrong, nothing after it. */
	assert_int_equal(h->model->base.violations, extmem_sim_nor_violations(h->model, EXTMEM_SIM_NOR_RULE_UNKNOWN));
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

static bool has_mode(const struct extmem_sim_nor_part *p, enum extmem_sim_nor_proto m)
{
	switch (m) {
	case EXTMEM_SIM_NOR_4S4S4S: return p->qpi != EXTMEM_SIM_NOR_QPI_NONE;
	case EXTMEM_SIM_NOR_8S8S8S:
	case EXTMEM_SIM_NOR_8D8D8D: return p->octal != EXTMEM_SIM_NOR_OCTAL_NONE;
	default: return true;
	}
}

/*
 * A warm reset leaves the part as the previous boot set it: in QPI, octal
 * STR or DTR, in 4-byte mode. The driver must bring it back and reach the
 * same protocol as from power-on, with nothing the model calls a violation.
 */
static void a_part_left_in_each_of_its_modes_is_recovered(void **state)
{
	(void)state;
	size_t count;
	const struct extmem_sim_nor_part *const *parts = extmem_sim_nor_parts(&count);
	static const enum extmem_sim_nor_proto modes[] = {EXTMEM_SIM_NOR_1S1S1S, EXTMEM_SIM_NOR_4S4S4S,
							  EXTMEM_SIM_NOR_8S8S8S, EXTMEM_SIM_NOR_8D8D8D};
	for (size_t i = 0; i < count; i++) {
		struct nor_harness *h = up(parts[i], 8);
		assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
		enum extmem_protocol want = h->table[0].info.protocol;
		for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			if (!has_mode(parts[i], modes[m]))
				continue;
			h = up(parts[i], 8);
			h->model->proto = modes[m];
			if (modes[m] == EXTMEM_SIM_NOR_8S8S8S)
				h->model->cr2_0 = 0x01;
			if (modes[m] == EXTMEM_SIM_NOR_8D8D8D)
				h->model->cr2_0 = 0x02;
			h->model->addr4 = parts[i]->addr4 != EXTMEM_SIM_NOR_ADDR_3ONLY;
			int err = extmem_init(&h->em, 0);
			printf("  %-13s left in mode %u -> %s, %s\n", parts[i]->name, (unsigned)modes[m],
			       extmem_status_name(err), extmem_protocol_name(h->table[0].info.protocol));
			assert_int_equal(err, EXTMEM_OK);
			assert_int_equal(h->table[0].info.protocol, want);
			assert_no_violations(h);
		}
	}
}

/*
 * A reboot in the middle of an erase: the driver cannot ask a part in an
 * unknown protocol whether it is busy without sending it frames it may take
 * for other commands, so its soft reset aborts the erase (as the silicon
 * defines) and it waits until the part is ready. The abort is the one thing
 * the model records; the erase was the rebooted software's to redo.
 */
static void a_part_left_in_continuous_read_is_recovered(void **state)
{
	(void)state;
	const struct extmem_sim_nor_part *parts[] = {&extmem_sim_part_w25q128jv, &extmem_sim_part_is25wp256};
	for (size_t i = 0; i < 2; i++) {
		struct nor_harness *h = up(parts[i], 4);
		h->model->cont_read = true;
		assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
		assert_false(h->model->cont_read);
		assert_no_violations(h);
	}
}

static void a_part_left_mid_erase_is_reset_and_ready(void **state)
{
	(void)state;
	uint8_t buf[16];
	struct nor_harness *h = up(&extmem_sim_part_w25q128jv, 4);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	struct extmem_xspi_op wren = {.cmd = {.bus = {1, false}, .nbytes = 1, .opcode = 0x06}};
	struct extmem_xspi_op erase = {.cmd = {.bus = {1, false}, .nbytes = 1, .opcode = 0xD8},
				       .addr = {.bus = {1, false}, .nbytes = 3, .value = 0}};
	assert_int_equal(extmem_host_xspi_ops.execute(&h->port, &wren), EXTMEM_OK);
	assert_int_equal(extmem_host_xspi_ops.execute(&h->port, &erase), EXTMEM_OK);
	assert_true(extmem_sim_nor_busy(h->model));
	h->table[0].state = EXTMEM_STATE_OFF;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_false(extmem_sim_nor_busy(h->model));
	assert_int_equal(extmem_read(&h->em, 0, 0, buf, sizeof(buf)), EXTMEM_OK);
	assert_int_equal(extmem_sim_nor_violations(h->model, EXTMEM_SIM_NOR_RULE_BUSY), 1);
	assert_int_equal(h->model->base.violations, 1);
}

static void protected_part_reports_refuses_and_unlocks(void **state)
{
	(void)state;
	uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct nor_harness *h = up(&extmem_sim_part_sst26vf064b, 4);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_true(h->table[0].info.write_protected);
	assert_int_equal(extmem_write(&h->em, 0, 0x1000, buf, 8), EXTMEM_ERR_WRITE_PROTECTED);
	assert_int_equal(extmem_erase(&h->em, 0, 0, 4096), EXTMEM_ERR_WRITE_PROTECTED);
	assert_int_equal(extmem_erase_all(&h->em, 0), EXTMEM_ERR_WRITE_PROTECTED);
	assert_int_equal(h->model->array[0x1000], 0xFF);
	assert_int_equal(extmem_nor_sfdp_unlock(&h->em, 0), EXTMEM_OK);
	assert_false(h->table[0].info.write_protected);
	assert_int_equal(extmem_write(&h->em, 0, 0x1000, buf, 8), EXTMEM_OK);
	assert_memory_equal(h->model->array + 0x1000, buf, 8);
	assert_no_violations(h);
}

/*
 * SST26VF064B: 8 KiB blocks at the bottom, then 32 KiB, then 64 KiB, all
 * erased by D8h. 128 KiB from 0 is 4 + 1 + 1 erases of 18 ms, not 32
 * sector erases.
 */
static void erase_follows_the_sector_map_regions(void **state)
{
	(void)state;
	uint8_t buf[64];
	struct nor_harness *h = up(&extmem_sim_part_sst26vf064b, 4);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_false(h->table[0].info.uniform_erase);
	assert_int_equal(extmem_nor_sfdp_unlock(&h->em, 0), EXTMEM_OK);
	memset(h->model->array, 0x00, 0x30000);
	uint64_t t0 = h->clock.now_ps;
	assert_int_equal(extmem_erase(&h->em, 0, 0, 0x20000), EXTMEM_OK);
	uint64_t took_us = (h->clock.now_ps - t0) / 1000000u;
	printf("  erase of 128 KiB over the map: %llu us\n", (unsigned long long)took_us);
	assert_true(took_us >= 6u * 18000u && took_us < 7u * 18000u);
	for (uint32_t a = 0; a < 0x20000; a += 0x1000)
		assert_int_equal(h->model->array[a], 0xFF);
	assert_int_equal(h->model->array[0x20000], 0x00);
	/* A 32 KiB erase where 8 KiB blocks are: the range is split, never overshoots. */
	memset(h->model->array, 0x00, 0x10000);
	assert_int_equal(extmem_erase(&h->em, 0, 0x6000, 0x4000), EXTMEM_OK);
	assert_int_equal(extmem_read(&h->em, 0, 0x5FE0, buf, 64), EXTMEM_OK);
	assert_int_equal(buf[0], 0x00);
	assert_int_equal(buf[63], 0xFF);
	assert_int_equal(h->model->array[0xA000], 0x00);
	assert_no_violations(h);
}

static void chip_erase_clears_everything_within_its_bound(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_w25q128jv, 4);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	memset(h->model->array + 0x123456, 0x00, 100);
	assert_int_equal(extmem_erase_all(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->model->array[0x123456], 0xFF);
	assert_no_violations(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(reaches_the_fastest_protocol_the_part_and_link_share, teardown),
		cmocka_unit_test_teardown(a_slower_link_gets_the_shorter_octal_latency, teardown),
		cmocka_unit_test_teardown(a_link_without_dtr_reaches_octal_str, teardown),
		cmocka_unit_test_teardown(a_protocol_that_fails_its_proof_falls_back_one_step, teardown),
		cmocka_unit_test_teardown(data_round_trips_across_page_and_sector_boundaries, teardown),
		cmocka_unit_test_teardown(bad_ranges_return_statuses_and_reach_no_device, teardown),
		cmocka_unit_test_teardown(a_part_left_in_octal_dtr_is_recovered, teardown),
		cmocka_unit_test_teardown(a_part_left_in_each_of_its_modes_is_recovered, teardown),
		cmocka_unit_test_teardown(a_part_left_in_continuous_read_is_recovered, teardown),
		cmocka_unit_test_teardown(a_part_left_mid_erase_is_reset_and_ready, teardown),
		cmocka_unit_test_teardown(protected_part_reports_refuses_and_unlocks, teardown),
		cmocka_unit_test_teardown(erase_follows_the_sector_map_regions, teardown),
		cmocka_unit_test_teardown(chip_erase_clears_everything_within_its_bound, teardown),
		cmocka_unit_test_teardown(deinit_leaves_the_part_in_single_line_mode, teardown),
		cmocka_unit_test_teardown(stuck_busy_returns_timeout_without_hanging, teardown),
		cmocka_unit_test_teardown(program_and_erase_failures_return_device_error, teardown),
		cmocka_unit_test_teardown(an_empty_bus_returns_no_device, teardown),
	};
	if (getenv("TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	return cmocka_run_group_tests_name("nor_sfdp", tests, NULL, NULL);
}
