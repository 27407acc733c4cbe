/* SPDX-License-Identifier: MIT */
/*
 * The read-only NOR SFDP driver built for one board width, as a Boot of
 * extmem_bootflash() builds it: EXTMEM_NOR_WIDTHS = (1 << LINES) | 2, the
 * board's width and 1S-1S-1S (include/extmem/sfdp.h). This file is built
 * twice (tests/nor/CMakeLists.txt), with src/nor/ compiled into the program
 * read-only: for an 8-line board (0x102) and for a 4-line board (0x12).
 * Over the part models it pins the policy:
 *   - a part with a protocol of the board's width reaches it, as the full
 *     driver does (the same datasheet facts test_nor_sfdp pins);
 *   - a part with none (a quad part on an 8-line board, an octal one on a
 *     4-line board) runs 1S-1S-1S, and still reads right;
 * every case with no protocol violation, the array read back against the
 * model's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nor_harness.h"

#if !EXTMEM_NOR_READ_ONLY || !defined(EXTMEM_NOR_WIDTHS)
#error "this test is built read-only with EXTMEM_NOR_WIDTHS set (tests/nor/CMakeLists.txt)"
#endif

#define P1   EXTMEM_PROTO_1S_1S_1S
#define P144 EXTMEM_PROTO_1S_4S_4S
#define P444 EXTMEM_PROTO_4S_4S_4S
#define P8D  EXTMEM_PROTO_8D_8D_8D

/* The board's width this build was made for. */
#define BOARD_LINES (EXTMEM_NOR_HAS_WIDTH(8) ? 8u : 4u)
_Static_assert(EXTMEM_NOR_WIDTHS == ((1u << BOARD_LINES) | 2u), "the set a Boot of this width gets");

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

/* Brings the part up at `lines`, checks the protocol reached and reads the array back with no violation. */
static void reaches(const struct extmem_sim_nor_part *part, uint8_t lines, enum extmem_protocol want)
{
	struct nor_harness *h = up(part, lines);
	int err = extmem_init(&h->em, 0);
	struct extmem_info info = {0};
	(void)extmem_info(&h->em, 0, &info);
	printf("  widths %03x: %-13s x%u -> %-8s %3u MHz\n", (unsigned)EXTMEM_NOR_WIDTHS, part->name, lines,
	       extmem_protocol_name(info.protocol), (unsigned)(info.clock_hz / 1000000u));
	assert_int_equal(err, EXTMEM_OK);
	assert_string_equal(extmem_protocol_name(info.protocol), extmem_protocol_name(want));
	assert_int_equal(nor_harness_read_pattern(h, buf), 0);
	if (h->model->base.violations != 0)
		print_message("last violation: %s\n", h->model->base.last_violation);
	assert_int_equal(h->model->base.violations, 0);
}

/* The octal parts of the two boards (MX25UW25645G on the NUCLEO, MX66UW1G45G on the DK) and the third OctaBus part. */
static const struct extmem_sim_nor_part *const octal_parts[] = {
	&extmem_sim_part_mx25uw25645g, &extmem_sim_part_mx66uw1g45g, &extmem_sim_part_mx25lm51245g};

/*
 * The quad parts and their quad protocol (datasheets and SFDP: MT25QL256 and
 * W25Q128JV name no 4-4-4 entry, so 1-4-4; IS25WP256 and SST26VF064B enter
 * QPI).
 */
static const struct {
	const struct extmem_sim_nor_part *part;
	enum extmem_protocol quad;
} quad_parts[] = {
	{&extmem_sim_part_mt25ql256, P144},
	{&extmem_sim_part_w25q128jv, P144},
	{&extmem_sim_part_is25wp256, P444},
	{&extmem_sim_part_sst26vf064b, P444},
};

#if EXTMEM_NOR_HAS_WIDTH(8)
/* 8-line board: DOPI with DQS for the OctaBus parts, as the full driver; the two boards' parts at 200 MHz. */
static void eight_line_build_brings_the_octal_parts_to_8d(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof octal_parts / sizeof octal_parts[0]; i++) {
		reaches(octal_parts[i], 8, P8D);
		if (i < 2) /* MX25UW25645G, MX66UW1G45G: DOPI up to 200 MHz */
			assert_int_equal(harness.table[0].info.clock_hz, 200000000u);
	}
}

/* The policy: no quad protocol is planned on an 8-line board, so a quad part runs 1S-1S-1S there. */
static void eight_line_build_runs_a_quad_part_at_1s(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof quad_parts / sizeof quad_parts[0]; i++)
		reaches(quad_parts[i].part, 8, P1);
}

/* An octal part that takes none of its fast modes still falls back to 1S-1S-1S with the octal-only set. */
static void eight_line_build_falls_back_to_1s_when_no_octal_protocol_takes(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx25uw25645g, 8);
	h->model->faults.refuse_protos = 1u << EXTMEM_SIM_NOR_8S8S8S | 1u << EXTMEM_SIM_NOR_8D8D8D;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, P1);
	assert_true(h->data.nattempts >= 1);
	assert_int_equal(h->data.attempt[0].proto, P8D);
	extmem_sim_nor_clear_violations(h->model); /* the attempts spoke octal to a part that stayed in 1S */
	assert_int_equal(nor_harness_read_pattern(h, buf), 0);
}
#else
/* 4-line board: each quad part reaches its quad protocol, as the full driver does. */
static void four_line_build_brings_each_quad_part_to_its_quad_protocol(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof quad_parts / sizeof quad_parts[0]; i++)
		reaches(quad_parts[i].part, 4, quad_parts[i].quad);
}

/*
 * The parts whose quad enable requirement comes from a fix-up (a JESD216
 * 1.0 table: S25FL128S CR1 QUAD, MX25L25635F SR QE) still get quad data:
 * the fix-ups of the quad width stay in a 4-line build.
 */
static void four_line_build_keeps_the_quad_enable_fixups(void **state)
{
	(void)state;
	const struct extmem_sim_nor_part *parts[] = {&extmem_sim_part_s25fl128s, &extmem_sim_part_mx25l25635f};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		reaches(parts[i], 4, P144);
}

/* The policy: no octal protocol is planned on a 4-line board, so an octal part on 8 lines would run 1S-1S-1S. */
static void four_line_build_runs_an_octal_part_at_1s_even_on_8_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof octal_parts / sizeof octal_parts[0]; i++) {
		reaches(octal_parts[i], 4, P1);
		reaches(octal_parts[i], 8, P1);
	}
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
#if EXTMEM_NOR_HAS_WIDTH(8)
		cmocka_unit_test_teardown(eight_line_build_brings_the_octal_parts_to_8d, teardown),
		cmocka_unit_test_teardown(eight_line_build_runs_a_quad_part_at_1s, teardown),
		cmocka_unit_test_teardown(eight_line_build_falls_back_to_1s_when_no_octal_protocol_takes, teardown),
#else
		cmocka_unit_test_teardown(four_line_build_brings_each_quad_part_to_its_quad_protocol, teardown),
		cmocka_unit_test_teardown(four_line_build_keeps_the_quad_enable_fixups, teardown),
		cmocka_unit_test_teardown(four_line_build_runs_an_octal_part_at_1s_even_on_8_lines, teardown),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
