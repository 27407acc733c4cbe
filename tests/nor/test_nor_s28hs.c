/* SPDX-License-Identifier: MIT */
/*
 * The NOR SFDP driver on the Infineon S28HS512T model (sim/parts: SEMPER,
 * octal entered only through its configuration register CFR5V, no FF0A
 * table). Expected values are the part's facts written here (Cypress SMIF
 * S28H driver's register map and command set, Linux's S28HS driver):
 * CFR5V at 00800006h, OPI-IT bit 0, SDRDDR bit 1; SR1 ERSERR bit 5, PRGERR
 * bit 6, which keep the part busy until CLPEF 82h. The model is a named
 * part model written from those facts, so these tests speak for the
 * driver's correctness on them (its SFDP image is our own encoding: see
 * sim/sfdp/s28hs512t.c).
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

#define CFR5V_OPI_IT 0x01u
#define CFR5V_SDRDDR 0x02u
#define SR1_ERRORS   0x60u

static struct nor_harness harness;
static uint8_t buf[4096], back[4096];

static int teardown(void **state)
{
	(void)state;
	nor_harness_down(&harness);
	return 0;
}

static struct nor_harness *up(uint8_t lines, bool dtr, bool dqs)
{
	nor_harness_down(&harness);
	memset(&harness, 0, sizeof(harness));
	harness.model = extmem_sim_nor_create(&extmem_sim_part_s28hs512t, &harness.clock, NULL, NULL);
	assert_non_null(harness.model);
	assert_int_equal(nor_harness_wire(&harness, lines, 200000000u), EXTMEM_OK);
	harness.cfg.link.dtr_capable = dtr;
	harness.cfg.link.dqs_wired = dqs;
	assert_int_equal(extmem_init(&harness.em, 0), EXTMEM_OK);
	return &harness;
}

static void assert_no_violations(const struct nor_harness *h)
{
	if (h->model->base.violations != 0)
		print_message("last violation: %s\n", h->model->base.last_violation);
	assert_int_equal(h->model->base.violations, 0);
}

/* Erase one 256 KiB sector, program across a page boundary, read back; above 16 MiB (4-byte addresses). */
static void program_erase_read(struct nor_harness *h)
{
	const uint32_t at = 0x02FC0000u, off = 0x1F0u; /* the last sector below 48 MiB */
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7u + 3u);
	assert_int_equal(extmem_erase(&h->em, 0, at, 256u * 1024u), EXTMEM_OK);
	assert_int_equal(extmem_write(&h->em, 0, at + off, buf, 1000), EXTMEM_OK);
	assert_memory_equal(h->model->array + at + off, buf, 1000);
	memset(back, 0, sizeof(back));
	assert_int_equal(extmem_read(&h->em, 0, at + off, back, 1000), EXTMEM_OK);
	assert_memory_equal(back, buf, 1000);
	assert_int_equal(extmem_erase(&h->em, 0, at, 256u * 1024u), EXTMEM_OK);
	assert_int_equal(extmem_read(&h->em, 0, at + off, back, 1000), EXTMEM_OK);
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(back[i], 0xFF);
	assert_no_violations(h);
}

/* 8 lines with DTR and a strobe: 8D-8D-8D, entered by CFR5V OPI-IT | SDRDDR, EEh reads. */
static void s28hs512t_reaches_8d_through_cfr5v_at_eight_lines_with_dqs(void **state)
{
	(void)state;
	struct nor_harness *h = up(8, true, true);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_int_equal(extmem_sim_nor_proto(h->model), EXTMEM_SIM_NOR_8D8D8D);
	assert_int_equal(h->model->cfr_v[5] & (CFR5V_OPI_IT | CFR5V_SDRDDR), CFR5V_OPI_IT | CFR5V_SDRDDR);
	assert_int_equal(h->data.read_opcode, 0xEE);
	/* The SFDP header read back in 8D proves the switch on data that is never blank. */
	assert_true(h->data.sfdp_proven);
	program_erase_read(h);
	assert_int_equal(extmem_deinit(&h->em, 0), EXTMEM_OK);
	assert_int_equal(extmem_sim_nor_proto(h->model), EXTMEM_SIM_NOR_1S1S1S);
}

/* No strobe, or no DTR in the controller: 8S-8S-8S (OPI-IT alone, ECh reads), never an 8D read. */
static void s28hs512t_runs_8s_where_the_link_has_no_dqs_or_no_dtr(void **state)
{
	(void)state;
	for (int k = 0; k < 2; k++) {
		struct nor_harness *h = up(8, k == 0, k != 0);
		assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8S_8S_8S);
		assert_int_equal(extmem_sim_nor_proto(h->model), EXTMEM_SIM_NOR_8S8S8S);
		assert_int_equal(h->model->cfr_v[5] & (CFR5V_OPI_IT | CFR5V_SDRDDR), CFR5V_OPI_IT);
		assert_int_equal(h->data.read_opcode, 0xEC);
		program_erase_read(h);
	}
}

/* One or four lines: 1S-1S-1S with the 4-byte commands (0Ch, 12h, DCh), the part left in 3-byte mode. */
static void s28hs512t_runs_1s_with_four_byte_commands_below_eight_lines(void **state)
{
	(void)state;
	static const uint8_t widths[] = {1, 4};
	for (size_t i = 0; i < sizeof(widths); i++) {
		struct nor_harness *h = up(widths[i], true, true);
		assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_1S_1S_1S);
		assert_int_equal(h->data.read_opcode, 0x0C);
		program_erase_read(h);
	}
}

/* A failed program or erase sets PRGERR/ERSERR: DEVICE, the flags cleared by CLPEF, the part usable after. */
static void s28hs512t_reports_program_and_erase_failures_and_clears_them(void **state)
{
	(void)state;
	static const uint8_t widths[] = {8, 1};
	for (size_t w = 0; w < sizeof(widths); w++) {
		for (int erase = 0; erase < 2; erase++) {
			struct nor_harness *h = up(widths[w], true, true);
			h->cfg.verify = false; /* only the part's own flags count */
			const uint32_t at = 0x01000000u;
			memset(buf, 0x5A, 256);
			if (erase) {
				h->model->faults.fail_erase = true;
				assert_int_equal(extmem_erase(&h->em, 0, at, 256u * 1024u), EXTMEM_ERR_DEVICE);
			} else {
				h->model->faults.fail_program = true;
				assert_int_equal(extmem_write(&h->em, 0, at, buf, 256), EXTMEM_ERR_DEVICE);
				assert_int_equal(h->model->array[at], 0xFF);
			}
			assert_int_equal(h->model->sr & SR1_ERRORS, 0);
			assert_false(extmem_sim_nor_busy(h->model));
			h->model->faults.fail_erase = h->model->faults.fail_program = false;
			assert_int_equal(extmem_write(&h->em, 0, at, buf, 256), EXTMEM_OK);
			assert_memory_equal(h->model->array + at, buf, 256);
			assert_no_violations(h);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(s28hs512t_reaches_8d_through_cfr5v_at_eight_lines_with_dqs, teardown),
		cmocka_unit_test_teardown(s28hs512t_runs_8s_where_the_link_has_no_dqs_or_no_dtr, teardown),
		cmocka_unit_test_teardown(s28hs512t_runs_1s_with_four_byte_commands_below_eight_lines, teardown),
		cmocka_unit_test_teardown(s28hs512t_reports_program_and_erase_failures_and_clears_them, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
