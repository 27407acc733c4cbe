/* SPDX-License-Identifier: MIT */
/*
 * The loader core on the host, over the RAM test memory (tests/common): the
 * checks it keeps now that it calls the driver itself instead of going
 * through the manager. Expected values are the test memory's own array and
 * log (what reached the "device"), not the core's answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/loader.h"
#include "test_memory.h"

#define SIZE (256u * 1024u)

static uint8_t array[SIZE];
static struct test_memory tmem;
static struct extmem_memory mem;
static struct extmem_loader ld;

static void setup_memory(bool mappable)
{
	test_memory_setup(&tmem, array, SIZE);
	tmem.mappable = mappable;
	tmem.map_base = (uintptr_t)array; /* the "window" is the array itself */
	memset(&mem, 0, sizeof(mem));
	mem.kind = EXTMEM_KIND_USER;
	mem.driver = &test_memory_driver;
	mem.data = &tmem;
}

static void a_write_whose_read_back_differs_is_a_device_error(void **state)
{
	(void)state;
	setup_memory(false);
	assert_int_equal(extmem_loader_start_memory(&ld, &mem, false), EXTMEM_OK);
	/* 0x0F is already there: NOR programming only clears bits, so 0xF0 reads back 0x00 */
	array[0x1000] = 0x0F;
	uint8_t data[4] = {0xF0, 1, 2, 3};
	assert_int_equal(extmem_loader_write(&ld, 0x1000, data, sizeof(data)), EXTMEM_ERR_DEVICE);
	/* and an erased area programs and verifies */
	assert_int_equal(extmem_loader_write(&ld, 0x2000, data, sizeof(data)), EXTMEM_OK);
	assert_memory_equal(&array[0x2000], data, sizeof(data));
}

static void a_driver_answering_a_positive_value_is_a_device_error(void **state)
{
	(void)state;
	setup_memory(false);
	assert_int_equal(extmem_loader_start_memory(&ld, &mem, false), EXTMEM_OK);
	tmem.io_status = 1; /* neither 0 nor a status */
	uint8_t data[4] = {1, 2, 3, 4};
	assert_int_equal(extmem_loader_write(&ld, 0, data, sizeof(data)), EXTMEM_ERR_DEVICE);
	assert_int_equal(extmem_loader_erase(&ld, 0, 1), EXTMEM_ERR_DEVICE);
	assert_int_equal(extmem_loader_read(&ld, 0, data, sizeof(data)), EXTMEM_ERR_DEVICE);
	tmem.io_status = EXTMEM_ERR_TIMEOUT;
	assert_int_equal(extmem_loader_erase_all(&ld), EXTMEM_ERR_TIMEOUT);
}

static void a_driver_answering_a_negative_value_outside_the_status_enum_is_a_device_error(void **state)
{
	(void)state;
	setup_memory(false);
	assert_int_equal(extmem_loader_start_memory(&ld, &mem, false), EXTMEM_OK);
	tmem.io_status = EXTMEM_ERR_FORMAT - 1; /* below the lowest extmem_status (extmem_status.h) */
	uint8_t data[4] = {1, 2, 3, 4};
	assert_int_equal(extmem_loader_write(&ld, 0, data, sizeof(data)), EXTMEM_ERR_DEVICE);
	assert_int_equal(extmem_loader_read(&ld, 0, data, sizeof(data)), EXTMEM_ERR_DEVICE);
	tmem.io_status = -1000;
	assert_int_equal(extmem_loader_erase_all(&ld), EXTMEM_ERR_DEVICE);
}

static void ranges_past_the_end_or_wrapping_reach_nothing(void **state)
{
	(void)state;
	setup_memory(false);
	assert_int_equal(extmem_loader_start_memory(&ld, &mem, false), EXTMEM_OK);
	uint8_t data[16] = {0};
	uint64_t bad = 0;
	uint32_t sum = 0;
	assert_int_equal(extmem_loader_write(&ld, SIZE - 8u, data, sizeof(data)), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_loader_erase(&ld, UINT64_MAX - 1u, 4), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_loader_erase(&ld, 4096, UINT64_MAX), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_loader_read(&ld, SIZE, data, 1), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_loader_verify(&ld, SIZE - 1u, data, 2, &bad), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_loader_checksum(&ld, 1, SIZE, 0, &sum), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_loader_blank_check(&ld, SIZE + 1u, 0, 0xFF, &bad), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(tmem.ops, 0); /* no write or erase reached the memory */
	assert_int_equal(tmem.reads, 0);
}

static void an_erase_covers_exactly_the_4KiB_sectors_holding_the_range(void **state)
{
	(void)state;
	setup_memory(false);
	memset(array, 0, SIZE);
	assert_int_equal(extmem_loader_start_memory(&ld, &mem, false), EXTMEM_OK);
	/* [0x11234, 0x13579): sectors 0x11000..0x13FFF */
	assert_int_equal(extmem_loader_erase(&ld, 0x11234, 0x2345), EXTMEM_OK);
	assert_int_equal(tmem.ops, 3);
	for (uint32_t i = 0; i < SIZE; i++)
		if (array[i] != ((i >= 0x11000 && i < 0x14000) ? 0xFF : 0x00))
			fail_msg("byte 0x%x is 0x%02x", (unsigned)i, array[i]);
}

static void verify_blank_check_and_checksum_read_the_memory(void **state)
{
	(void)state;
	setup_memory(true);
	assert_int_equal(extmem_loader_start_memory(&ld, &mem, true), EXTMEM_OK);
	assert_int_equal(tmem.maps, 1); /* mapped on return */
	uint8_t want[6000];
	for (size_t i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(i * 7u + 1u);
	assert_int_equal(extmem_loader_write(&ld, 0x3000, want, sizeof(want)), EXTMEM_OK);
	assert_int_equal(tmem.unmaps, 1); /* unmapped for the write, mapped again after */
	assert_int_equal(tmem.maps, 2);
	uint64_t bad = 0;
	array[0x3000 + 5000] ^= 0x40;
	assert_int_equal(extmem_loader_verify(&ld, 0x3000, want, sizeof(want), &bad), EXTMEM_OK);
	assert_int_equal(bad, 5000);
	assert_int_equal(extmem_loader_blank_check(&ld, 0x3000 + sizeof(want), 0x1000, 0xFF, &bad), EXTMEM_OK);
	assert_int_equal(bad, 0x1000);
	assert_int_equal(extmem_loader_blank_check(&ld, 0x2FF0, 0x20, 0xFF, &bad), EXTMEM_OK);
	assert_int_equal(bad, 0x10);
	uint32_t sum = 0, expect = 5;
	for (size_t i = 0; i < 4100; i++)
		expect += array[0x3000 + i];
	assert_int_equal(extmem_loader_checksum(&ld, 0x3000, 4100, 5, &sum), EXTMEM_OK);
	assert_int_equal(sum, expect);
}

static void a_description_the_core_cannot_use_fails_start_and_every_later_call(void **state)
{
	(void)state;
	setup_memory(false);
	tmem.erase_sizes[0] = 3000; /* not a power of two: the erase masks would be wrong */
	assert_int_equal(extmem_loader_start_memory(&ld, &mem, false), EXTMEM_ERR_INVALID);
	assert_int_equal(mem.state, EXTMEM_STATE_OFF);
	uint8_t b = 0;
	assert_int_equal(extmem_loader_write(&ld, 0, &b, 1), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_loader_erase(&ld, 0, 1), EXTMEM_ERR_INVALID);
	assert_int_equal(tmem.ops, 0);
	/* a driver init failure is passed on */
	setup_memory(false);
	tmem.init_status = EXTMEM_ERR_NO_DEVICE;
	assert_int_equal(extmem_loader_start_memory(&ld, &mem, false), EXTMEM_ERR_NO_DEVICE);
	assert_int_equal(extmem_loader_read(&ld, 0, &b, 1), EXTMEM_ERR_INVALID);
}

static void start_through_a_manager_table_checks_the_id_and_the_state(void **state)
{
	(void)state;
	setup_memory(false);
	struct extmem em;
	assert_int_equal(extmem_setup(&em, &mem, 1), EXTMEM_OK);
	assert_int_equal(extmem_loader_start(&ld, &em, 1, false), EXTMEM_ERR_BAD_ID);
	assert_int_equal(extmem_loader_start(&ld, &em, 0, false), EXTMEM_OK);
	struct extmem_loader other;
	assert_int_equal(extmem_loader_start(&other, &em, 0, false), EXTMEM_ERR_STATE); /* already on */
	assert_int_equal(extmem_loader_stop(&ld), EXTMEM_OK);
	assert_int_equal(tmem.deinits, 1);
	assert_int_equal(mem.state, EXTMEM_STATE_OFF);
	assert_int_equal(extmem_loader_start(&ld, &em, 0, false), EXTMEM_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_write_whose_read_back_differs_is_a_device_error),
		cmocka_unit_test(a_driver_answering_a_positive_value_is_a_device_error),
		cmocka_unit_test(a_driver_answering_a_negative_value_outside_the_status_enum_is_a_device_error),
		cmocka_unit_test(ranges_past_the_end_or_wrapping_reach_nothing),
		cmocka_unit_test(an_erase_covers_exactly_the_4KiB_sectors_holding_the_range),
		cmocka_unit_test(verify_blank_check_and_checksum_read_the_memory),
		cmocka_unit_test(a_description_the_core_cannot_use_fails_start_and_every_later_call),
		cmocka_unit_test(start_through_a_manager_table_checks_the_id_and_the_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
