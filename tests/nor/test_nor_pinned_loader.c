/* SPDX-License-Identifier: MIT */
/*
 * The pinned driver under the loader core, both built as the loaders build
 * them (src/loader/loader_build.cmake): the MX66UW1G45G's description a
 * constant, the configured verify compiled out and no fallback
 * (-DEXTMEM_NOR_NO_FALLBACK, src/nor/nor_fixed.h). What the dropped
 * fallback guarded against must still end in a failure the front-ends turn
 * into their tool's failure code: a part that never enters 8D-8D-8D fails
 * the start (Init), a read latency that misreads blank flash fails the
 * first write (its read-back), a failed program fails the write; a good part
 * still comes up in 8D-8D-8D and round-trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/loader.h"
#include "extmem/nor_pinned.h"
#include "nor_fixed.h"
#include "nor_harness.h"

static struct nor_harness harness;
static struct extmem_nor_pinned_config pcfg;
static struct extmem_loader ld;

static struct nor_harness *up(void)
{
	nor_harness_down(&harness);
	assert_int_equal(nor_harness_up(&harness, &extmem_sim_part_mx66uw1g45g, 8, 200000000u), EXTMEM_OK);
	/* part stays NULL: the driver has the description as a constant; no driver: the core calls it by name */
	pcfg = (struct extmem_nor_pinned_config){.base = harness.cfg};
	harness.table[0] = (struct extmem_memory){
		.kind = EXTMEM_KIND_NOR_SFDP, .config = &pcfg, .data = &harness.data, .state = EXTMEM_STATE_OFF};
	return &harness;
}

static int teardown(void **state)
{
	(void)state;
	nor_harness_down(&harness);
	return 0;
}

static void fill(uint8_t *b, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 151u + seed);
}

static void a_good_part_comes_up_in_8d_and_round_trips(void **state)
{
	(void)state;
	static uint8_t out[1000], in[1000];
	struct nor_harness *h = up();
	assert_int_equal(extmem_loader_start_memory(&ld, &h->table[0], false), EXTMEM_OK);
	assert_int_equal(h->data.read_proto, EXTMEM_PROTO_8D_8D_8D);
	/* the info init fills from the constant description: the datasheet's (1 Gbit, 256 B pages, 4 and 64 KiB) */
	const struct extmem_info *info = &h->table[0].info;
	assert_true(info->size == 128u << 20);
	assert_int_equal(info->page_size, 256);
	assert_int_equal(info->write_align, 1);
	assert_int_equal(info->read_align, 1);
	assert_true(info->erase_needed);
	assert_int_equal(info->erase_value, 0xFF);
	assert_int_equal(info->erase_type_count, 2);
	assert_int_equal(info->erase_sizes[0], 4096);
	assert_int_equal(info->erase_sizes[1], 65536);
	assert_true(info->uniform_erase);
	assert_int_equal(info->protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_int_equal(info->clock_hz, 200000000u);
	assert_int_equal(info->dummy_cycles, 20);
	assert_true(info->mappable);
	assert_true(info->map_base == 0x70000000u);
	assert_false(info->write_protected);
	assert_int_equal(info->jedec_id, 0xC2813Bu);
	fill(out, sizeof(out), 7);
	assert_int_equal(extmem_loader_erase(&ld, 0x3000, 1), EXTMEM_OK);
	assert_int_equal(extmem_loader_write(&ld, 0x3007, out, sizeof(out)), EXTMEM_OK);
	assert_int_equal(extmem_loader_read(&ld, 0x3007, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(out));
	assert_memory_equal(h->model->array + 0x3007, out, sizeof(out));
	assert_int_equal(h->model->base.violations, 0);
}

/* Was: init fell back to 1S-1S-1S and the loader programmed slowly. Now the start, so the tool's Init, fails. */
static void a_part_that_never_enters_8d_fails_the_start_and_is_left_in_1s(void **state)
{
	(void)state;
	uint8_t b = 0;
	struct nor_harness *h = up();
	h->model->faults.refuse_protos = 1u << EXTMEM_SIM_NOR_8D8D8D;
	int err = extmem_loader_start_memory(&ld, &h->table[0], false);
	assert_int_not_equal(err, EXTMEM_OK);
	assert_true(err < 0);
	assert_int_equal(h->data.fallbacks, 0u);
	assert_int_equal(extmem_sim_nor_proto(h->model), EXTMEM_SIM_NOR_1S1S1S);
	/* every later call is refused */
	assert_int_equal(extmem_loader_write(&ld, 0, &b, 1), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_loader_erase(&ld, 0, 1), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_loader_read(&ld, 0, &b, 1), EXTMEM_ERR_INVALID);
}

/*
 * Blank flash proves no read latency at init. Was: the driver's read-back of
 * the first program saw the difference and re-proved in 1S-1S-1S (the write
 * stood). Now the core's read-back sees it: the write fails.
 */
static void a_read_latency_that_misreads_blank_flash_fails_the_first_write(void **state)
{
	(void)state;
	static uint8_t out[512];
	struct nor_harness *h = up();
	assert_int_equal(extmem_loader_start_memory(&ld, &h->table[0], false), EXTMEM_OK);
	assert_int_equal(h->data.read_proto, EXTMEM_PROTO_8D_8D_8D);
	assert_false(h->data.read_proven);
	/* the part's read latency moves away from the one the driver set (CR2 0x300: another dummy cycle count) */
	h->model->cr2_300 = (uint8_t)((h->model->cr2_300 + 1u) & 7u);
	fill(out, sizeof(out), 3);
	assert_int_equal(extmem_loader_write(&ld, 0, out, sizeof(out)), EXTMEM_ERR_DEVICE);
	assert_int_equal(h->data.read_proto, EXTMEM_PROTO_8D_8D_8D); /* no re-proof moved it */
	assert_int_equal(h->data.fallbacks, 0u);
	/* the program itself went through: the read was wrong, not the data */
	assert_memory_equal(h->model->array, out, sizeof(out));
}

static void a_failed_program_fails_the_write(void **state)
{
	(void)state;
	static uint8_t out[300];
	struct nor_harness *h = up();
	assert_int_equal(extmem_loader_start_memory(&ld, &h->table[0], false), EXTMEM_OK);
	fill(out, sizeof(out), 9);
	h->model->faults.fail_program = true;
	assert_int_equal(extmem_loader_write(&ld, 0x10000, out, sizeof(out)), EXTMEM_ERR_DEVICE);
	h->model->faults.fail_program = false;
	assert_int_equal(extmem_loader_write(&ld, 0x20000, out, sizeof(out)), EXTMEM_OK);
}

/* The array code's build-time DTR test (nor_fixed.h) agrees with the bus layer's table for every protocol. */
static void the_build_time_dtr_test_agrees_with_the_bus_table(void **state)
{
	(void)state;
	for (int p = 0; p < EXTMEM_PROTO_COUNT; p++)
		assert_int_equal(NOR_DATA_DTR((enum extmem_protocol)p),
				 extmem_nor_bus_of((enum extmem_protocol)p).data_dtr);
	assert_true(NOR_DATA_DTR(NOR_PART->fast.read_proto)); /* the part's 8D-8D-8D */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(a_good_part_comes_up_in_8d_and_round_trips, teardown),
		cmocka_unit_test_teardown(a_part_that_never_enters_8d_fails_the_start_and_is_left_in_1s, teardown),
		cmocka_unit_test_teardown(a_read_latency_that_misreads_blank_flash_fails_the_first_write, teardown),
		cmocka_unit_test_teardown(a_failed_program_fails_the_write, teardown),
		cmocka_unit_test(the_build_time_dtr_test_agrees_with_the_bus_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
