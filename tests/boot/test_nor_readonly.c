/* SPDX-License-Identifier: MIT */
/*
 * extmem_nor_sfdp_readonly_driver, the Boots' NOR driver: over the
 * MX25UW25645G model it comes up and reads and maps like the full SFDP
 * driver, and every call that would change the array is refused with
 * EXTMEM_ERR_NOT_SUPPORTED (the manager's answer for an absent op) without
 * an operation reaching the part. The expected bytes are the model's array,
 * written here, not anything our driver computed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "nor_harness.h"

static int up(struct nor_harness *h, const struct extmem_driver *drv)
{
	int rc = nor_harness_up(h, &extmem_sim_part_mx25uw25645g, 8, 200000000u);
	if (rc != EXTMEM_OK)
		return rc;
	h->table[0].driver = drv;
	rc = extmem_setup(&h->em, h->table, 1);
	if (rc == EXTMEM_OK)
		rc = extmem_init(&h->em, 0);
	return rc;
}

static void fill(struct nor_harness *h)
{
	for (uint32_t i = 0; i < 8192u; i++)
		h->model->array[i] = (uint8_t)(i * 7u + 3u);
}

static void readonly_driver_reads_and_maps_like_the_sfdp_driver(void **state)
{
	(void)state;
	struct nor_harness h;
	uint8_t buf[512];

	assert_int_equal(up(&h, &extmem_nor_sfdp_readonly_driver), EXTMEM_OK);
	fill(&h);
	assert_int_equal(extmem_read(&h.em, 0, 4000, buf, sizeof buf), EXTMEM_OK);
	assert_memory_equal(buf, h.model->array + 4000, sizeof buf);
	struct extmem_info info;
	assert_int_equal(extmem_info(&h.em, 0, &info), EXTMEM_OK);
	assert_int_equal(info.size, 32u << 20); /* MX25UW25645G: 256 Mbit */
	assert_int_equal(extmem_map(&h.em, 0), EXTMEM_OK);
	assert_int_equal(extmem_unmap(&h.em, 0), EXTMEM_OK);
	assert_int_equal(h.model->base.violations, 0);
	nor_harness_down(&h);
}

static void readonly_driver_refuses_write_erase_and_erase_all_and_sends_nothing(void **state)
{
	(void)state;
	struct nor_harness h;
	uint8_t want[8192], data[256];

	assert_int_equal(up(&h, &extmem_nor_sfdp_readonly_driver), EXTMEM_OK);
	fill(&h);
	memcpy(want, h.model->array, sizeof want);
	memset(data, 0x00, sizeof data);
	uint32_t ops = h.model->ops;
	assert_int_equal(extmem_write(&h.em, 0, 0, data, sizeof data), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_erase(&h.em, 0, 4096, 4096), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_erase_all(&h.em, 0), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(h.model->ops, ops);
	assert_memory_equal(h.model->array, want, sizeof want);
	nor_harness_down(&h);
}

/* The same calls through the full driver change the array: the test above can tell the two apart. */
static void full_sfdp_driver_writes_where_the_readonly_one_refuses(void **state)
{
	(void)state;
	struct nor_harness h;
	uint8_t data[256];

	assert_int_equal(up(&h, &extmem_nor_sfdp_driver), EXTMEM_OK);
	memset(data, 0x5A, sizeof data);
	assert_int_equal(extmem_write(&h.em, 0, 0, data, sizeof data), EXTMEM_OK);
	assert_memory_equal(h.model->array, data, sizeof data);
	nor_harness_down(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(readonly_driver_reads_and_maps_like_the_sfdp_driver),
		cmocka_unit_test(readonly_driver_refuses_write_erase_and_erase_all_and_sends_nothing),
		cmocka_unit_test(full_sfdp_driver_writes_where_the_readonly_one_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
