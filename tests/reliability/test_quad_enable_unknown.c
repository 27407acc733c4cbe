/* SPDX-License-Identifier: MIT */
/*
 * Found by the power-loss sweep (tests/nor/test_nor_power.c, S25FL128S at 4
 * and 8 lines): a part whose BFPT is the original 9-DWORD JESD216 table
 * states no quad enable requirement (DWORD 15 is absent), and the driver
 * took the missing field as "no QE bit": it ran 1S-4S-4S reads on the
 * S25FL-S with CR1 QUAD clear. The S25FL-S datasheet: quad I/O commands
 * need CR1 bit 1 (QUAD) set; with it clear the part does not drive IO2/IO3
 * and the host samples garbage. The named model (sim/parts, from the
 * datasheet) files such a read under the QE rule.
 *
 * Pinned: at every link width, on non-blank data, no quad command ever
 * reaches the part without its QE, and what is read back is what was
 * written. This shows correctness against the datasheet model, not only
 * parser/driver consistency.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nor_harness.h"

static struct nor_harness harness;

static void quad_reads_only_with_quad_enabled(void **state)
{
	(void)state;
	static const uint8_t widths[] = {1, 2, 4, 8};
	static uint8_t out[4096], in[4096];
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7u + 1u);
	for (size_t w = 0; w < sizeof(widths); w++) {
		nor_harness_down(&harness);
		assert_int_equal(nor_harness_up(&harness, &extmem_sim_part_s25fl128s, widths[w], 200000000u),
				 EXTMEM_OK);
		struct nor_harness *h = &harness;
		assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
		uint32_t blk = h->table[0].info.erase_sizes[0];
		assert_int_equal(extmem_erase(&h->em, 0, blk, blk), EXTMEM_OK);
		assert_int_equal(extmem_write(&h->em, 0, blk, out, sizeof(out)), EXTMEM_OK);
		memset(in, 0, sizeof(in));
		assert_int_equal(extmem_read(&h->em, 0, blk, in, sizeof(in)), EXTMEM_OK);
		printf("  S25FL128S x%u: %s, QE-rule violations %u, CR1 %02Xh\n", widths[w],
		       extmem_protocol_name(h->table[0].info.protocol),
		       (unsigned)extmem_sim_nor_violations(h->model, EXTMEM_SIM_NOR_RULE_QE), h->model->cr);
		assert_memory_equal(in, out, sizeof(in));
		assert_int_equal(extmem_sim_nor_violations(h->model, EXTMEM_SIM_NOR_RULE_QE), 0);
		assert_int_equal(h->model->base.violations, 0);
	}
}

static int teardown(void **state)
{
	(void)state;
	nor_harness_down(&harness);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(quad_reads_only_with_quad_enabled, teardown),
	};
	return cmocka_run_group_tests_name("quad_enable_unknown", tests, NULL, NULL);
}
