/* SPDX-License-Identifier: MIT */
/*
 * The pinned NOR driver built as the loaders build it: the description a
 * constant (-DEXTMEM_NOR_PINNED_PART, the MX66UW1G45G's `extmem pin`
 * header) and the configured verify compiled out (-DEXTMEM_NOR_NO_CFG_VERIFY,
 * src/nor/nor_fixed.h). A configuration asking for verify is refused rather
 * than silently not honoured; without it the part comes up in 8D-8D-8D and
 * a write reads back, with no violation the model sees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/nor_pinned.h"
#include "nor_harness.h"

static struct nor_harness harness;
static struct extmem_nor_pinned_config pcfg;

static struct nor_harness *up(bool verify)
{
	nor_harness_down(&harness);
	assert_int_equal(nor_harness_up(&harness, &extmem_sim_part_mx66uw1g45g, 8, 200000000u), EXTMEM_OK);
	harness.cfg.verify = verify;
	/* part stays NULL: the driver has the description as a constant */
	pcfg = (struct extmem_nor_pinned_config){.base = harness.cfg};
	harness.table[0].driver = &extmem_nor_pinned_driver;
	harness.table[0].config = &pcfg;
	assert_int_equal(extmem_setup(&harness.em, harness.table, 1), EXTMEM_OK);
	return &harness;
}

static int teardown(void **state)
{
	(void)state;
	nor_harness_down(&harness);
	return 0;
}

static void a_configuration_asking_for_verify_is_refused(void **state)
{
	(void)state;
	struct nor_harness *h = up(true);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_INVALID);
	assert_int_equal(h->model->base.violations, 0);
}

static void without_it_the_part_comes_up_in_8d_and_a_write_reads_back(void **state)
{
	(void)state;
	static uint8_t out[1000], in[1000];
	struct nor_harness *h = up(false);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->data.read_proto, EXTMEM_PROTO_8D_8D_8D);
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 151u + 7u);
	assert_int_equal(extmem_erase(&h->em, 0, 0, 4096), EXTMEM_OK);
	assert_int_equal(extmem_write(&h->em, 0, 7, out, sizeof(out)), EXTMEM_OK);
	assert_int_equal(extmem_read(&h->em, 0, 7, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(out));
	assert_memory_equal(h->model->array + 7, out, sizeof(out));
	assert_int_equal(h->model->base.violations, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(a_configuration_asking_for_verify_is_refused, teardown),
		cmocka_unit_test_teardown(without_it_the_part_comes_up_in_8d_and_a_write_reads_back, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
