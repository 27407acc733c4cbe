/* SPDX-License-Identifier: MIT */
/*
 * The pinned NOR driver (include/extmem/nor_pinned.h) against the strict
 * part models, with descriptions `extmem pin` wrote at build time (see
 * tests/nor/CMakeLists.txt). Expected values are datasheet facts: JEDEC IDs
 * C2 81 3B (MX66UW1G45G, 1 Gbit) and C2 81 39 (MX25UW25645G, 256 Mbit),
 * 8D-8D-8D (DOPI) with the 8DTRD read EEh at 20 dummy cycles, the power-on
 * latency, at 200 MHz. The descriptions come from our SFDP driver, so a pass
 * shows the replay is consistent with it and that the model, which judges
 * every frame, sees nothing wrong; it is not a proof of the descriptions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/nor_pinned.h"
#include "nor_harness.h"
#include "pinned_mx25uw25645g.h"
#include "pinned_mx66uw1g45g.h"
#include "pinned_s25fl128s.h"

static struct nor_harness harness;
static struct extmem_nor_pinned_config pcfg;
static struct extmem_nor_pinned part_copy;

/* The harness's link (lines data lines), driven by the pinned driver with description p. */
static struct nor_harness *up_lines(const struct extmem_sim_nor_part *part, const struct extmem_nor_pinned *p,
				    uint8_t lines)
{
	nor_harness_down(&harness);
	assert_int_equal(nor_harness_up(&harness, part, lines, lines == 8 ? 200000000u : 100000000u), EXTMEM_OK);
	pcfg = (struct extmem_nor_pinned_config){.base = harness.cfg, .part = p};
	harness.table[0].driver = &extmem_nor_pinned_driver;
	harness.table[0].config = &pcfg;
	assert_int_equal(extmem_setup(&harness.em, harness.table, 1), EXTMEM_OK);
	return &harness;
}

static struct nor_harness *up(const struct extmem_sim_nor_part *part, const struct extmem_nor_pinned *p)
{
	return up_lines(part, p, 8);
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

static void fill(uint8_t *b, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 151u + seed);
}

/* Erase, program across a page boundary, read back. */
static void round_trip(struct nor_harness *h, uint64_t at)
{
	static uint8_t out[4096], in[4096];
	fill(out, sizeof(out), (unsigned)at);
	assert_int_equal(extmem_erase(&h->em, 0, at, 4096), EXTMEM_OK);
	assert_int_equal(extmem_write(&h->em, 0, at + 7, out, 1000), EXTMEM_OK);
	memset(in, 0, sizeof(in));
	assert_int_equal(extmem_read(&h->em, 0, at + 7, in, 1000), EXTMEM_OK);
	assert_memory_equal(in, out, 1000);
	/* and what the part holds, seen by the model itself */
	assert_memory_equal(h->model->array + at + 7, out, 1000);
}

static void brings_up(const struct extmem_sim_nor_part *part, const struct extmem_nor_pinned *p, uint32_t id,
		      uint64_t size)
{
	struct nor_harness *h = up(part, p);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	struct extmem_info info;
	assert_int_equal(extmem_info(&h->em, 0, &info), EXTMEM_OK);
	assert_int_equal(info.jedec_id, id);
	assert_int_equal(info.size, size);
	assert_int_equal(info.page_size, 256);
	assert_int_equal(info.protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_int_equal(info.clock_hz, 200000000u);
	assert_int_equal(info.dummy_cycles, 20);
	assert_int_equal(h->data.read_opcode, 0xEE);
	assert_int_equal(h->data.nattempts, 0);
	assert_true(h->data.sfdp_proven); /* the SFDP header read back in 8D-8D-8D */
	round_trip(h, 0);
	round_trip(h, size - 4096);
	/* The window maps the 8D read: memory-mapped reads see the data too. */
	assert_int_equal(extmem_map(&h->em, 0), EXTMEM_OK);
	assert_int_equal(extmem_unmap(&h->em, 0), EXTMEM_OK);
	assert_no_violations(h);
	/* A second init (a tool calls Init again) finds the part in 8D and proves it on the data written. */
	assert_int_equal(extmem_deinit(&h->em, 0), EXTMEM_OK);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_true(h->data.read_proven);
	assert_int_equal(h->data.read_proto, EXTMEM_PROTO_8D_8D_8D);
	assert_no_violations(h);
}

static void brings_the_mx66uw1g45g_to_8d_at_200mhz(void **state)
{
	(void)state;
	brings_up(&extmem_sim_part_mx66uw1g45g, &extmem_nor_pinned_mx66uw1g45g, 0xC2813Bu, 128u << 20);
}

static void brings_the_mx25uw25645g_to_8d_at_200mhz(void **state)
{
	(void)state;
	brings_up(&extmem_sim_part_mx25uw25645g, &extmem_nor_pinned_mx25uw25645g, 0xC28139u, 32u << 20);
}

/*
 * Consistency, not correctness: on the same model the pinned driver ends
 * with the decisions the SFDP driver makes (the description came from it).
 */
static void ends_where_the_sfdp_driver_ends(const struct extmem_sim_nor_part *part, const struct extmem_nor_pinned *p)
{
	static struct extmem_nor_sfdp_data sfdp;
	static struct extmem_info sfdp_info;
	nor_harness_down(&harness);
	assert_int_equal(nor_harness_up(&harness, part, 8, 200000000u), EXTMEM_OK);
	assert_int_equal(extmem_init(&harness.em, 0), EXTMEM_OK);
	sfdp = harness.data;
	assert_int_equal(extmem_info(&harness.em, 0, &sfdp_info), EXTMEM_OK);
	struct nor_harness *h = up(part, p);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	const struct extmem_nor_sfdp_data *d = &h->data;
	assert_int_equal(d->read_proto, sfdp.read_proto);
	assert_int_equal(d->cmd_proto, sfdp.cmd_proto);
	assert_int_equal(d->prog_proto, sfdp.prog_proto);
	assert_int_equal(d->clock_hz, sfdp.clock_hz);
	assert_int_equal(d->addr_bytes, sfdp.addr_bytes);
	assert_int_equal(d->read_opcode, sfdp.read_opcode);
	assert_int_equal(d->read_dummy, sfdp.read_dummy);
	assert_int_equal(d->read_mode_bytes, sfdp.read_mode_bytes);
	assert_int_equal(d->prog_opcode, sfdp.prog_opcode);
	assert_int_equal(d->status_addr_bytes, sfdp.status_addr_bytes);
	assert_int_equal(d->status_dummy, sfdp.status_dummy);
	assert_int_equal(d->flag_status, sfdp.flag_status);
	assert_int_equal(d->erase_count, sfdp.erase_count);
	assert_memory_equal(d->erase, sfdp.erase, sizeof(d->erase));
	assert_int_equal(d->chip_erase_opcode, sfdp.chip_erase_opcode);
	assert_int_equal(d->prog_timeout_us, sfdp.prog_timeout_us);
	assert_int_equal(d->chip_erase_timeout_us, sfdp.chip_erase_timeout_us);
	assert_int_equal(d->sfdp_proven, sfdp.sfdp_proven);
	struct extmem_info info;
	assert_int_equal(extmem_info(&h->em, 0, &info), EXTMEM_OK);
	assert_int_equal(info.size, sfdp_info.size);
	assert_int_equal(info.page_size, sfdp_info.page_size);
	assert_int_equal(info.erase_type_count, sfdp_info.erase_type_count);
	assert_memory_equal(info.erase_sizes, sfdp_info.erase_sizes, sizeof(info.erase_sizes));
	assert_int_equal(info.uniform_erase, sfdp_info.uniform_erase);
	assert_int_equal(info.protocol, sfdp_info.protocol);
	assert_int_equal(info.clock_hz, sfdp_info.clock_hz);
	assert_int_equal(info.dummy_cycles, sfdp_info.dummy_cycles);
	assert_int_equal(info.mappable, sfdp_info.mappable);
	assert_int_equal(info.map_base, sfdp_info.map_base);
	assert_int_equal(info.write_protected, sfdp_info.write_protected);
	assert_int_equal(info.jedec_id, sfdp_info.jedec_id);
}

static void ends_where_the_sfdp_driver_ends_on_both_parts(void **state)
{
	(void)state;
	ends_where_the_sfdp_driver_ends(&extmem_sim_part_mx66uw1g45g, &extmem_nor_pinned_mx66uw1g45g);
	ends_where_the_sfdp_driver_ends(&extmem_sim_part_mx25uw25645g, &extmem_nor_pinned_mx25uw25645g);
}

static void another_part_answering_is_no_device_with_the_id_it_read(void **state)
{
	(void)state;
	/* The MX25UW25645G's description on the MX66UW1G45G: not the part it was made for. */
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, &extmem_nor_pinned_mx25uw25645g);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_NO_DEVICE);
	assert_int_equal(h->data.stage, EXTMEM_NOR_STAGE_ID);
	assert_int_equal(h->data.jedec_id, 0xC2813Bu);
	/* Nothing was programmed or erased, and a Winbond ID is refused the same way. */
	assert_int_equal(h->model->base.violations, 0);
	h = up(&extmem_sim_part_mx66uw1g45g, &extmem_nor_pinned_mx66uw1g45g);
	h->model->faults.wrong_id = 0xEF4018u;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_NO_DEVICE);
	assert_int_equal(h->data.jedec_id, 0xEF4018u);
	h->model->faults.wrong_id = 0;
	h->model->faults.no_device = true;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_NO_DEVICE);
	assert_int_equal(h->data.stage, EXTMEM_NOR_STAGE_RESET); /* nothing answers the status read after reset */
}

static void a_part_that_never_enters_8d_ends_in_1s_with_correct_reads(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, &extmem_nor_pinned_mx66uw1g45g);
	h->model->faults.refuse_protos = 1u << EXTMEM_SIM_NOR_8D8D8D;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->data.read_proto, EXTMEM_PROTO_1S_1S_1S);
	assert_int_equal(h->data.cmd_proto, EXTMEM_PROTO_1S_1S_1S);
	assert_int_equal(h->data.fallbacks, 1u);
	assert_int_equal(h->data.nattempts, 1);
	assert_int_equal(h->data.attempt[0].proto, EXTMEM_PROTO_8D_8D_8D);
	/* The part stayed in 1S-1S-1S: the ready wait after the switching step (CR2 write), polled in 8D, sees nothing.
	 */
	assert_int_equal(h->data.attempt[0].stage, EXTMEM_NOR_STAGE_ENTRY);
	assert_int_equal(h->data.attempt[0].step, 1);
	/* What the abandoned attempt sent is the price of trying; from here nothing may be misread. */
	h->model->base.violations = 0;
	round_trip(h, 0x123000u);
	round_trip(h, (128u << 20) - 4096u);
	assert_no_violations(h);
}

static void program_and_erase_failures_are_device_errors(void **state)
{
	(void)state;
	uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, &extmem_nor_pinned_mx66uw1g45g);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	h->model->faults.fail_program = true;
	assert_int_equal(extmem_write(&h->em, 0, 0x1000, buf, sizeof(buf)), EXTMEM_ERR_DEVICE);
	h->model->faults.fail_program = false;
	h->model->faults.fail_erase = true;
	assert_int_equal(extmem_erase(&h->em, 0, 0x1000, 4096), EXTMEM_ERR_DEVICE);
	h->model->faults.fail_erase = false;
	/* the part still works in 8D-8D-8D afterwards */
	assert_int_equal(h->data.read_proto, EXTMEM_PROTO_8D_8D_8D);
	round_trip(h, 0x1000);
}

/*
 * The S25FL-S holds WIP with P_ERR/E_ERR (SR1 bits 6/5) until CLSR 30h
 * (datasheet): the description must carry the error mask and the clear
 * command the SFDP driver chose, or a failed program leaves the part busy
 * and every later operation times out.
 */
static void a_failed_program_on_an_s25fl_s_is_cleared_and_the_part_works_again(void **state)
{
	(void)state;
	uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct nor_harness *h = up_lines(&extmem_sim_part_s25fl128s, &extmem_nor_pinned_s25fl128s, 1);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	h->model->faults.fail_program = true;
	assert_int_equal(extmem_write(&h->em, 0, 0x1000, buf, sizeof(buf)), EXTMEM_ERR_DEVICE);
	h->model->faults.fail_program = false;
	h->model->faults.fail_erase = true;
	assert_int_equal(extmem_erase(&h->em, 0, 0x40000, 0x40000), EXTMEM_ERR_DEVICE); /* uniform 256 KiB sectors */
	h->model->faults.fail_erase = false;
	/* the part answers again: a program and its read-back in an erased place */
	uint8_t in[8] = {0};
	assert_int_equal(extmem_write(&h->em, 0, 0x80000, buf, sizeof(buf)), EXTMEM_OK);
	assert_int_equal(extmem_read(&h->em, 0, 0x80000, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, buf, sizeof(buf));
}

/*
 * A description whose 8D read latency is wrong (as if made for another
 * configuration of the part): on blank flash the array read cannot be proven
 * at init, so the first program's read-back shows it; 1S-1S-1S sees the data
 * was programmed, so the driver moves to the 1S-1S-1S configuration and the
 * write stands. On non-blank flash the proof at init catches it.
 */
static void a_wrong_8d_read_latency_falls_back_to_1s_on_the_first_program(void **state)
{
	(void)state;
	static uint8_t out[512], in[512];
	part_copy = extmem_nor_pinned_mx66uw1g45g;
	part_copy.fast.read_dummy = 10;
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, &part_copy);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->data.read_proto, EXTMEM_PROTO_8D_8D_8D);
	assert_false(h->data.read_proven);
	fill(out, sizeof(out), 3);
	assert_int_equal(extmem_write(&h->em, 0, 0, out, sizeof(out)), EXTMEM_OK);
	assert_int_equal(h->data.read_proto, EXTMEM_PROTO_1S_1S_1S);
	assert_int_equal(h->data.fallbacks, 1u);
	assert_int_equal(h->data.attempt[0].stage, EXTMEM_NOR_STAGE_PROVE_ARRAY);
	assert_int_equal(extmem_read(&h->em, 0, 0, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(in));
	assert_memory_equal(h->model->array, out, sizeof(out));
	/* Init again on the programmed flash: the proof at init rejects the latency. */
	assert_int_equal(extmem_deinit(&h->em, 0), EXTMEM_OK);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->data.read_proto, EXTMEM_PROTO_1S_1S_1S);
	assert_int_equal(h->data.attempt[0].stage, EXTMEM_NOR_STAGE_PROVE_ARRAY);
	memset(in, 0, sizeof(in));
	assert_int_equal(extmem_read(&h->em, 0, 0, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(in));
}

static void a_description_that_makes_no_sense_is_refused(void **state)
{
	(void)state;
	part_copy = extmem_nor_pinned_mx66uw1g45g;
	part_copy.erase_count = 0;
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, &part_copy);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_INVALID);
	part_copy = extmem_nor_pinned_mx66uw1g45g;
	part_copy.sfdp_has |= EXTMEM_SFDP_HAS_SMAP;
	h = up(&extmem_sim_part_mx66uw1g45g, &part_copy);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_INVALID);
	h = up(&extmem_sim_part_mx66uw1g45g, NULL);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_INVALID);
}

/*
 * The array code of a loader masks with the erase sizes (src/nor/nor_fixed.h):
 * a description whose sizes are not powers of two (SFDP gives 2^N bytes,
 * JESD216 BFPT DWORDs 8-9) is refused, not erased by the wrong rounding.
 */
static void an_erase_size_that_is_not_a_power_of_two_is_refused(void **state)
{
	(void)state;
	part_copy = extmem_nor_pinned_mx66uw1g45g;
	part_copy.erase[part_copy.erase_count - 1].size = 0x18000u; /* 96 KiB: a multiple of 4 KiB, not 2^N */
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, &part_copy);
	/* the driver itself, not only the manager's check of what it reports */
	assert_int_equal(extmem_nor_pinned_driver.init(&h->em.memories[0]), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_INVALID);
	part_copy = extmem_nor_pinned_mx66uw1g45g;
	h = up(&extmem_sim_part_mx66uw1g45g, &part_copy);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(brings_the_mx66uw1g45g_to_8d_at_200mhz, teardown),
		cmocka_unit_test_teardown(brings_the_mx25uw25645g_to_8d_at_200mhz, teardown),
		cmocka_unit_test_teardown(ends_where_the_sfdp_driver_ends_on_both_parts, teardown),
		cmocka_unit_test_teardown(another_part_answering_is_no_device_with_the_id_it_read, teardown),
		cmocka_unit_test_teardown(a_part_that_never_enters_8d_ends_in_1s_with_correct_reads, teardown),
		cmocka_unit_test_teardown(program_and_erase_failures_are_device_errors, teardown),
		cmocka_unit_test_teardown(a_failed_program_on_an_s25fl_s_is_cleared_and_the_part_works_again, teardown),
		cmocka_unit_test_teardown(a_wrong_8d_read_latency_falls_back_to_1s_on_the_first_program, teardown),
		cmocka_unit_test_teardown(a_description_that_makes_no_sense_is_refused, teardown),
		cmocka_unit_test_teardown(an_erase_size_that_is_not_a_power_of_two_is_refused, teardown),
	};
	return cmocka_run_group_tests_name("nor_pinned", tests, NULL, NULL);
}
