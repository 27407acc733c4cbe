/* SPDX-License-Identifier: MIT */
/*
 * The NOR SFDP driver as the Boots build it (EXTMEM_NOR_READ_ONLY=1: this
 * test compiles src/nor/ itself with that switch; the host library keeps the
 * full driver). Over the part models, through extmem_nor_sfdp_readonly_driver:
 *   - each part reaches the protocol its datasheet allows at each link width
 *     (the same facts test_nor_sfdp pins on the full driver, written again
 *     here), with no protocol violation, and reads back the model's array;
 *   - a part that takes none of its fast protocols ends in 1S-1S-1S, after
 *     recording the attempts, and still reads right;
 *   - a read-only build reports no erase types and refuses write and erase.
 * The expected bytes are the model's array, never our own decode.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nor_harness.h"

#if !EXTMEM_NOR_READ_ONLY
#error "this test is built with EXTMEM_NOR_READ_ONLY=1 (tests/boot/CMakeLists.txt)"
#endif

#define P1   EXTMEM_PROTO_1S_1S_1S
#define P122 EXTMEM_PROTO_1S_2S_2S
#define P144 EXTMEM_PROTO_1S_4S_4S
#define P444 EXTMEM_PROTO_4S_4S_4S
#define P8D  EXTMEM_PROTO_8D_8D_8D

static struct nor_harness harness;
static uint8_t buf[NOR_HARNESS_PATTERN_LEN];

static struct nor_harness *up(const struct extmem_sim_nor_part *part, uint8_t lines)
{
	assert_int_equal(nor_harness_up_with(&harness, part, lines, 200000000u, &extmem_nor_sfdp_readonly_driver),
			 EXTMEM_OK);
	return &harness;
}

static int teardown(void **state)
{
	(void)state;
	nor_harness_down(&harness);
	return 0;
}

static void assert_reads_the_array(struct nor_harness *h)
{
	assert_int_equal(nor_harness_read_pattern(h, buf), 0);
	if (h->model->base.violations != 0)
		print_message("last violation: %s\n", h->model->base.last_violation);
	assert_int_equal(h->model->base.violations, 0);
}

static void readonly_build_reaches_the_fastest_protocol_each_part_and_link_share(void **state)
{
	(void)state;
	static const struct {
		const struct extmem_sim_nor_part *part;
		enum extmem_protocol proto[4]; /* for 1, 2, 4, 8 lines */
	} table[] = {
		/* OctaBus parts: DOPI (8D-8D-8D) with DQS at 200 MHz. */
		{&extmem_sim_part_mx66uw1g45g, {P1, P1, P1, P8D}},
		{&extmem_sim_part_mx25uw25645g, {P1, P1, P1, P8D}},
		{&extmem_sim_part_mx25lm51245g, {P1, P1, P1, P8D}},
		/* No 4-4-4 entry in their SFDP: 1-4-4 is the fastest reachable. */
		{&extmem_sim_part_mt25ql256, {P1, P122, P144, P144}},
		{&extmem_sim_part_w25q128jv, {P1, P122, P144, P144}},
		{&extmem_sim_part_is25wp256, {P1, P122, P444, P444}},
		{&extmem_sim_part_sst26vf064b, {P1, P122, P444, P444}},
	};
	static const uint8_t widths[4] = {1, 2, 4, 8};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		for (int w = 0; w < 4; w++) {
			struct nor_harness *h = up(table[i].part, widths[w]);
			int err = extmem_init(&h->em, 0);
			struct extmem_info info = {0};
			(void)extmem_info(&h->em, 0, &info);
			printf("  %-13s x%u -> %-8s %3u MHz, %u dummy\n", table[i].part->name, widths[w],
			       extmem_protocol_name(info.protocol), (unsigned)(info.clock_hz / 1000000u),
			       info.dummy_cycles);
			assert_int_equal(err, EXTMEM_OK);
			assert_string_equal(extmem_protocol_name(info.protocol),
					    extmem_protocol_name(table[i].proto[w]));
			assert_reads_the_array(h);
		}
}

/* The NUCLEO's and the DK's parts at the Boot's link: 8D-8D-8D at 200 MHz (datasheets: DOPI up to 200 MHz). */
static void readonly_build_reaches_8d_at_200_mhz_on_both_boards_parts(void **state)
{
	(void)state;
	const struct extmem_sim_nor_part *parts[] = {&extmem_sim_part_mx25uw25645g, &extmem_sim_part_mx66uw1g45g};
	for (size_t i = 0; i < 2; i++) {
		struct nor_harness *h = up(parts[i], 8);
		assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
		assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
		assert_int_equal(h->table[0].info.clock_hz, 200000000u);
		assert_reads_the_array(h);
	}
}

/* Every other part model comes up and reads right (no protocol named: consistency with the model only). */
static void readonly_build_reads_every_other_part_without_violations(void **state)
{
	(void)state;
	const struct extmem_sim_nor_part *parts[] = {&extmem_sim_part_mt35xu02g, &extmem_sim_part_s25fl128s,
						     &extmem_sim_part_mx25l25635f};
	static const uint8_t widths[3] = {1, 4, 8};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		for (int w = 0; w < 3; w++) {
			struct nor_harness *h = up(parts[i], widths[w]);
			assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
			printf("  %-13s x%u -> %s\n", parts[i]->name, widths[w],
			       extmem_protocol_name(h->table[0].info.protocol));
			assert_reads_the_array(h);
		}
}

/* An octal part that takes none of its fast modes (the switch commands are taken, the part stays in 1S): every
 * candidate fails its proof, 1S-1S-1S remains. */
static void readonly_build_falls_back_to_1s_when_no_fast_protocol_takes(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx25uw25645g, 8);
	h->model->faults.refuse_protos =
		1u << EXTMEM_SIM_NOR_4S4S4S | 1u << EXTMEM_SIM_NOR_8S8S8S | 1u << EXTMEM_SIM_NOR_8D8D8D;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_1S_1S_1S);
	assert_true(h->data.nattempts >= 1);
	assert_int_equal(h->data.attempt[0].proto, EXTMEM_PROTO_8D_8D_8D);
	/* The attempts spoke octal to a part that stayed in 1S: the model rightly ignored and recorded them. */
	extmem_sim_nor_clear_violations(h->model);
	assert_reads_the_array(h);
}

/* What a read-only build leaves out shows: no erase types reported, write and erase refused, nothing sent. */
static void readonly_build_reports_no_erase_types_and_refuses_write_and_erase(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx25uw25645g, 8);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	struct extmem_info info;
	assert_int_equal(extmem_info(&h->em, 0, &info), EXTMEM_OK);
	assert_int_equal(info.size, 32u << 20); /* 256 Mbit */
	assert_int_equal(info.erase_type_count, 0);
	assert_false(info.erase_needed);
	uint32_t ops = h->model->ops;
	assert_int_equal(extmem_write(&h->em, 0, 0, buf, 16), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_erase(&h->em, 0, 0, 4096), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(h->model->ops, ops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(readonly_build_reaches_the_fastest_protocol_each_part_and_link_share,
					  teardown),
		cmocka_unit_test_teardown(readonly_build_reaches_8d_at_200_mhz_on_both_boards_parts, teardown),
		cmocka_unit_test_teardown(readonly_build_reads_every_other_part_without_violations, teardown),
		cmocka_unit_test_teardown(readonly_build_falls_back_to_1s_when_no_fast_protocol_takes, teardown),
		cmocka_unit_test_teardown(readonly_build_reports_no_erase_types_and_refuses_write_and_erase, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
