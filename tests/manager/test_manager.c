/* SPDX-License-Identifier: MIT */
/*
 * The manager's contract: every bad input gets its own status and nothing
 * reaches the device (the write logs of the test memory and of the simulated
 * xSPI RAM device prove it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/extmem.h"
#include "extmem_sim/ram_device.h"
#include "host_xspi.h"
#include "test_memory.h"
#include "xspi_ram.h"

#define NOR_ID    0
#define XRAM_ID   1
#define RO_ID     2
#define NOR_SIZE  (256u * 1024u)
#define XRAM_SIZE (64u * 1024u)

static int ro_init(struct extmem_memory *m)
{
	m->info.size = 1024;
	return EXTMEM_OK;
}

static int ro_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	(void)m;
	memset(buf, (int)(addr & 0xFF), len);
	return EXTMEM_OK;
}

/* A memory that offers nothing but reading. */
static const struct extmem_driver read_only_driver = {.name = "read-only", .init = ro_init, .read = ro_read};

struct fixture {
	uint8_t nor_array[NOR_SIZE];
	uint8_t xram_array[XRAM_SIZE];
	struct test_memory nor;
	struct extmem_sim_clock clock;
	struct extmem_sim_ram_device xram;
	struct extmem_host_xspi port;
	struct extmem_example_xspi_ram_config xram_cfg;
	struct extmem_memory table[3];
	struct extmem em;
	uint8_t buf[8192];
};

static int fixture_up(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	test_memory_setup(&f->nor, f->nor_array, NOR_SIZE);
	f->nor.mappable = true;
	f->nor.map_base = 0x70000000u;
	extmem_sim_ram_device_init(&f->xram, &f->clock, f->xram_array, XRAM_SIZE);
	extmem_host_xspi_init(&f->port, &f->xram.base, 200000000u);
	f->xram_cfg.link = (struct extmem_xspi_link){.ops = &extmem_host_xspi_ops, .ctx = &f->port, .data_lines = 1};
	f->xram_cfg.size = XRAM_SIZE;
	f->table[NOR_ID] =
		(struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &test_memory_driver, .data = &f->nor};
	f->table[XRAM_ID] = (struct extmem_memory){
		.kind = EXTMEM_KIND_USER, .driver = &extmem_example_xspi_ram_driver, .config = &f->xram_cfg};
	f->table[RO_ID] = (struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &read_only_driver};
	assert_int_equal(extmem_setup(&f->em, f->table, 3), EXTMEM_OK);
	*state = f;
	return 0;
}

static int fixture_up_init(void **state)
{
	fixture_up(state);
	struct fixture *f = *state;
	for (uint32_t id = 0; id < 3; id++)
		assert_int_equal(extmem_init(&f->em, id), EXTMEM_OK);
	return 0;
}

static int fixture_down(void **state)
{
	test_free(*state);
	return 0;
}

/* Nothing reached either device's write path. */
static void assert_nothing_written(const struct fixture *f)
{
	assert_int_equal(f->nor.ops, 0);
	assert_int_equal(f->xram.writes, 0);
	assert_int_equal(f->xram.base.violations, 0);
}

static void setup_rejects_null_and_incomplete_tables(void **state)
{
	struct fixture *f = *state;
	struct extmem em;
	struct extmem_memory bad = {.kind = EXTMEM_KIND_USER, .driver = NULL};
	static const struct extmem_driver no_read = {.name = "x", .init = ro_init};
	struct extmem_memory bad2 = {.kind = EXTMEM_KIND_USER, .driver = &no_read};
	assert_int_equal(extmem_setup(NULL, f->table, 3), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_setup(&em, NULL, 3), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_setup(&em, f->table, 0), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_setup(&em, &bad, 1), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_setup(&em, &bad2, 1), EXTMEM_ERR_INVALID);
}

static void unknown_memory_id_returns_bad_id_on_every_call(void **state)
{
	struct fixture *f = *state;
	struct extmem_info info;
	uintptr_t base;
	for (uint32_t id = 3; id != 0; id = id < 1000 ? id * 7 : 0) {
		assert_int_equal(extmem_init(&f->em, id), EXTMEM_ERR_BAD_ID);
		assert_int_equal(extmem_deinit(&f->em, id), EXTMEM_ERR_BAD_ID);
		assert_int_equal(extmem_read(&f->em, id, 0, f->buf, 1), EXTMEM_ERR_BAD_ID);
		assert_int_equal(extmem_write(&f->em, id, 0, f->buf, 1), EXTMEM_ERR_BAD_ID);
		assert_int_equal(extmem_erase(&f->em, id, 0, 4096), EXTMEM_ERR_BAD_ID);
		assert_int_equal(extmem_erase_all(&f->em, id), EXTMEM_ERR_BAD_ID);
		assert_int_equal(extmem_map(&f->em, id), EXTMEM_ERR_BAD_ID);
		assert_int_equal(extmem_unmap(&f->em, id), EXTMEM_ERR_BAD_ID);
		assert_int_equal(extmem_map_base(&f->em, id, &base), EXTMEM_ERR_BAD_ID);
		assert_int_equal(extmem_info(&f->em, id, &info), EXTMEM_ERR_BAD_ID);
	}
	assert_int_equal(extmem_read(&f->em, UINT32_MAX, 0, f->buf, 1), EXTMEM_ERR_BAD_ID);
	assert_nothing_written(f);
}

static void calls_before_init_return_state(void **state)
{
	struct fixture *f = *state;
	struct extmem_info info;
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0, f->buf, 1), EXTMEM_ERR_STATE);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 0, f->buf, 1), EXTMEM_ERR_STATE);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 0, 4096), EXTMEM_ERR_STATE);
	assert_int_equal(extmem_erase_all(&f->em, NOR_ID), EXTMEM_ERR_STATE);
	assert_int_equal(extmem_map(&f->em, NOR_ID), EXTMEM_ERR_STATE);
	assert_int_equal(extmem_info(&f->em, NOR_ID, &info), EXTMEM_ERR_STATE);
	assert_int_equal(extmem_deinit(&f->em, NOR_ID), EXTMEM_ERR_STATE);
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_OK);
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_ERR_STATE);
	assert_nothing_written(f);
}

static void null_pointers_return_invalid_and_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct extmem broken = {0};
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0, NULL, 1), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 0, NULL, 1), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_write(&f->em, XRAM_ID, 0, NULL, 16), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_info(&f->em, NOR_ID, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_map_base(&f->em, NOR_ID, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_read(NULL, NOR_ID, 0, f->buf, 1), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_write(&broken, NOR_ID, 0, f->buf, 1), EXTMEM_ERR_INVALID);
	assert_nothing_written(f);
}

static void ranges_past_the_end_return_out_of_range_and_write_nothing(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(extmem_write(&f->em, NOR_ID, NOR_SIZE - 1, f->buf, 2), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_write(&f->em, NOR_ID, NOR_SIZE, f->buf, 1), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_write(&f->em, NOR_ID, NOR_SIZE + 1, f->buf, 0), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_write(&f->em, XRAM_ID, XRAM_SIZE - 4, f->buf, 8), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_read(&f->em, XRAM_ID, XRAM_SIZE, f->buf, 1), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, NOR_SIZE, 4096), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 0, NOR_SIZE + 4096), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_read(&f->em, RO_ID, 1024, f->buf, 1), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(f->nor.reads, 0);
	assert_nothing_written(f);
}

static void wrapping_ranges_return_out_of_range_and_write_nothing(void **state)
{
	struct fixture *f = *state;
	/* addr + len would wrap to a small number that fits. */
	assert_int_equal(extmem_write(&f->em, NOR_ID, UINT64_MAX, f->buf, 2), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 16, f->buf, SIZE_MAX), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_read(&f->em, XRAM_ID, UINT64_MAX - 3, f->buf, 8), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, UINT64_MAX - 4095, 8192), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 4096, UINT64_MAX - 4095), EXTMEM_ERR_OUT_OF_RANGE);
	assert_nothing_written(f);
}

static void misaligned_erase_and_write_return_misaligned_and_write_nothing(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 1, 4096), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 4096, 4095), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 0x800, 0x1000), EXTMEM_ERR_MISALIGNED);
	/* A memory with 512-byte write granularity, as an SD card has. */
	assert_int_equal(extmem_deinit(&f->em, NOR_ID), EXTMEM_OK);
	f->nor.write_align = 512;
	f->nor.read_align = 512;
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_OK);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 256, f->buf, 512), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 512, f->buf, 500), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 1, f->buf, 512), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 512, f->buf, 1024), EXTMEM_OK);
	assert_int_equal(f->nor.ops, 1);
	assert_int_equal(f->xram.writes, 0);
}

static void operations_a_memory_lacks_return_not_supported(void **state)
{
	struct fixture *f = *state;
	uintptr_t base;
	assert_int_equal(extmem_write(&f->em, RO_ID, 0, f->buf, 1), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_erase(&f->em, RO_ID, 0, 1024), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_erase_all(&f->em, RO_ID), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_map(&f->em, RO_ID), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_unmap(&f->em, RO_ID), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_map_base(&f->em, RO_ID, &base), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_erase(&f->em, XRAM_ID, 0, 4096), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_erase_all(&f->em, XRAM_ID), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(extmem_map(&f->em, XRAM_ID), EXTMEM_ERR_NOT_SUPPORTED);
	assert_nothing_written(f);
}

static void device_errors_and_timeouts_reach_the_caller(void **state)
{
	struct fixture *f = *state;
	f->nor.io_status = EXTMEM_ERR_DEVICE;
	assert_int_equal(extmem_write(&f->em, NOR_ID, 0, f->buf, 4), EXTMEM_ERR_DEVICE);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0, f->buf, 4), EXTMEM_ERR_DEVICE);
	f->nor.io_status = EXTMEM_ERR_TIMEOUT;
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 0, 4096), EXTMEM_ERR_TIMEOUT);
	assert_int_equal(extmem_erase_all(&f->em, NOR_ID), EXTMEM_ERR_TIMEOUT);
	assert_nothing_written(f);
}

static void init_failures_leave_the_memory_off(void **state)
{
	struct fixture *f = *state;
	static const int failures[] = {EXTMEM_ERR_NO_DEVICE, EXTMEM_ERR_PROTOCOL, EXTMEM_ERR_TIMEOUT};
	for (size_t i = 0; i < sizeof(failures) / sizeof(failures[0]); i++) {
		f->nor.init_status = failures[i];
		assert_int_equal(extmem_init(&f->em, NOR_ID), failures[i]);
		assert_int_equal(extmem_read(&f->em, NOR_ID, 0, f->buf, 1), EXTMEM_ERR_STATE);
		assert_int_equal(extmem_write(&f->em, NOR_ID, 0, f->buf, 1), EXTMEM_ERR_STATE);
	}
	f->nor.init_status = EXTMEM_OK;
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_OK);
	assert_nothing_written(f);
}

static void driver_with_an_unusable_description_fails_init(void **state)
{
	struct fixture *f = *state;
	f->nor.erase_sizes[0] = 65536;
	f->nor.erase_sizes[1] = 4096; /* not ascending */
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_ERR_INVALID);
	assert_int_equal(f->nor.deinits, 1);
	f->nor.erase_sizes[1] = 0;
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_ERR_INVALID);
	f->nor.size = 0;
	f->nor.erase_sizes[1] = 131072;
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0, f->buf, 1), EXTMEM_ERR_STATE);
}

static void writes_to_a_protected_area_return_write_protected(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(extmem_deinit(&f->em, NOR_ID), EXTMEM_OK);
	f->nor.protect_from = NOR_SIZE / 2;
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_OK);
	struct extmem_info info;
	assert_int_equal(extmem_info(&f->em, NOR_ID, &info), EXTMEM_OK);
	assert_true(info.write_protected);
	assert_int_equal(extmem_write(&f->em, NOR_ID, NOR_SIZE / 2 - 2, f->buf, 4), EXTMEM_ERR_WRITE_PROTECTED);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, NOR_SIZE / 2, 4096), EXTMEM_ERR_WRITE_PROTECTED);
	assert_int_equal(extmem_erase_all(&f->em, NOR_ID), EXTMEM_ERR_WRITE_PROTECTED);
	assert_nothing_written(f);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 0, f->buf, 4), EXTMEM_OK);
	assert_int_equal(f->nor.ops, 1);
}

static void mapped_memory_refuses_indirect_access_until_unmapped(void **state)
{
	struct fixture *f = *state;
	uintptr_t base = 0;
	assert_int_equal(extmem_map(&f->em, NOR_ID), EXTMEM_OK);
	assert_int_equal(extmem_map(&f->em, NOR_ID), EXTMEM_OK); /* idempotent */
	assert_int_equal(f->nor.maps, 1);
	assert_int_equal(extmem_map_base(&f->em, NOR_ID, &base), EXTMEM_OK);
	assert_int_equal(base, 0x70000000u);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0, f->buf, 4), EXTMEM_ERR_MAPPED);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 0, f->buf, 4), EXTMEM_ERR_MAPPED);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 0, 4096), EXTMEM_ERR_MAPPED);
	assert_int_equal(extmem_erase_all(&f->em, NOR_ID), EXTMEM_ERR_MAPPED);
	assert_nothing_written(f);
	assert_int_equal(f->nor.reads, 0);
	assert_int_equal(extmem_unmap(&f->em, NOR_ID), EXTMEM_OK);
	assert_int_equal(f->nor.unmaps, 1);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 0, f->buf, 4), EXTMEM_OK);
	/* deinit of a mapped memory unmaps it first */
	assert_int_equal(extmem_map(&f->em, NOR_ID), EXTMEM_OK);
	assert_int_equal(extmem_deinit(&f->em, NOR_ID), EXTMEM_OK);
	assert_int_equal(f->nor.unmaps, 2);
	assert_int_equal(f->nor.deinits, 1);
}

static void erase_picks_the_largest_aligned_erase_that_fits(void **state)
{
	struct fixture *f = *state;
	/* 0xF000 .. 0x22000: 4K up to 64K, 64K, then 4K, 4K. */
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 0xF000, 0x13000), EXTMEM_OK);
	static const struct test_memory_op want[] = {
		{'e', 0xF000, 0x1000}, {'e', 0x10000, 0x10000}, {'e', 0x20000, 0x1000}, {'e', 0x21000, 0x1000}};
	assert_int_equal(f->nor.ops, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(f->nor.log[i].kind, want[i].kind);
		assert_int_equal(f->nor.log[i].addr, want[i].addr);
		assert_int_equal(f->nor.log[i].len, want[i].len);
	}
}

static void zero_length_transfers_succeed_without_touching_the_device(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(extmem_write(&f->em, NOR_ID, NOR_SIZE, f->buf, 0), EXTMEM_OK);
	assert_int_equal(extmem_read(&f->em, XRAM_ID, 0, NULL, 0), EXTMEM_OK);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 4096, 0), EXTMEM_OK);
	assert_int_equal(f->port.executed, 0);
	assert_int_equal(f->nor.reads, 0);
	assert_nothing_written(f);
}

static void data_round_trips_through_the_xspi_ram_device(void **state)
{
	struct fixture *f = *state;
	uint8_t out[300], in[300];
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i ^ 0x5A);
	assert_int_equal(extmem_write(&f->em, XRAM_ID, 0x1234, out, sizeof(out)), EXTMEM_OK);
	assert_int_equal(extmem_read(&f->em, XRAM_ID, 0x1234, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(out));
	assert_int_equal(f->xram.writes, 1);
	assert_int_equal(f->xram.log[0].addr, 0x1234);
	assert_int_equal(f->xram.log[0].len, sizeof(out));
	assert_int_equal(f->xram.base.violations, 0);
	/* 8 cmd + 24 addr + 8 bits a byte in 1S-1S-1S, at 50 MHz (20 ns a cycle). */
	assert_int_equal(f->clock.now_ps, 2u * (8u + 24u + 8u * 300u) * 20000u);
}

static void info_describes_the_memory(void **state)
{
	struct fixture *f = *state;
	struct extmem_info info;
	assert_int_equal(extmem_info(&f->em, NOR_ID, &info), EXTMEM_OK);
	assert_int_equal(info.kind, EXTMEM_KIND_USER);
	assert_int_equal(info.size, NOR_SIZE);
	assert_int_equal(info.erase_type_count, 2);
	assert_int_equal(info.erase_sizes[0], 4096);
	assert_int_equal(info.erase_sizes[1], 65536);
	assert_true(info.erase_needed);
	assert_true(info.mappable);
	assert_int_equal(extmem_info(&f->em, XRAM_ID, &info), EXTMEM_OK);
	assert_int_equal(info.size, XRAM_SIZE);
	assert_int_equal(info.protocol, EXTMEM_PROTO_1S_1S_1S);
	assert_string_equal(extmem_protocol_name(info.protocol), "1S-1S-1S");
	assert_false(info.mappable);
}

static void every_status_has_its_own_name(void **state)
{
	(void)state;
	const char *seen[32] = {0};
	int n = 0;
	for (int s = EXTMEM_OK; s >= EXTMEM_ERR_FORMAT; s--) {
		const char *name = extmem_status_name(s);
		assert_non_null(strstr(name, "EXTMEM_"));
		assert_string_not_equal(name, "EXTMEM_ERR_UNKNOWN");
		for (int i = 0; i < n; i++)
			assert_string_not_equal(seen[i], name);
		seen[n++] = name;
	}
	assert_string_equal(extmem_status_name(-1000), "EXTMEM_ERR_UNKNOWN");
	assert_string_equal(extmem_protocol_name(EXTMEM_PROTO_8D_8D_8D), "8D-8D-8D");
	assert_string_equal(extmem_protocol_name(EXTMEM_PROTO_COUNT), "?");
}

/* The contract is 0 or a negative status: anything else from a driver becomes EXTMEM_ERR_DEVICE. */
static void driver_results_outside_the_contract_become_device_errors(void **state)
{
	struct fixture *f = *state;
	f->nor.io_status = 7;
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0, f->buf, 16), EXTMEM_ERR_DEVICE);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 0, f->buf, 16), EXTMEM_ERR_DEVICE);
	assert_int_equal(extmem_erase(&f->em, NOR_ID, 0, 4096), EXTMEM_ERR_DEVICE);
	assert_int_equal(extmem_erase_all(&f->em, NOR_ID), EXTMEM_ERR_DEVICE);
	f->nor.io_status = -1000; /* negative, but no extmem_status */
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0, f->buf, 16), EXTMEM_ERR_DEVICE);
	f->nor.io_status = EXTMEM_ERR_TIMEOUT; /* a real status passes unchanged */
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0, f->buf, 16), EXTMEM_ERR_TIMEOUT);
	f->nor.io_status = EXTMEM_OK;
	assert_int_equal(extmem_deinit(&f->em, NOR_ID), EXTMEM_OK);
	f->nor.init_status = 7;
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_ERR_DEVICE);
	assert_int_equal(f->table[NOR_ID].state, EXTMEM_STATE_OFF);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0, f->buf, 16), EXTMEM_ERR_STATE);
}

static void setup_rejects_an_unknown_memory_kind(void **state)
{
	struct fixture *f = *state;
	struct extmem em = {0};
	struct extmem_memory m = {.kind = (enum extmem_kind)99, .driver = &read_only_driver};
	assert_int_equal(extmem_setup(&em, &m, 1), EXTMEM_ERR_INVALID);
	m.kind = (enum extmem_kind)0;
	assert_int_equal(extmem_setup(&em, &m, 1), EXTMEM_ERR_INVALID);
	m.kind = EXTMEM_KIND_USER;
	assert_int_equal(extmem_setup(&em, &m, 1), EXTMEM_OK);
	(void)f;
}

/* A description the range and alignment checks cannot trust is refused at init. */
static void init_rejects_erase_sizes_that_do_not_tile_the_memory(void **state)
{
	struct fixture *f = *state;
	f->nor.size = 3u * 4096u + 512u; /* not a multiple of the 4 KiB erase */
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_ERR_INVALID);
	assert_int_equal(f->table[NOR_ID].state, EXTMEM_STATE_OFF);
	f->nor.size = NOR_SIZE;
	f->nor.erase_sizes[0] = 3000; /* not a power of two */
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_ERR_INVALID);
	f->nor.erase_sizes[0] = 4096;
	f->nor.erase_sizes[1] = 12288; /* a multiple of 4 KiB, still not a power of two */
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_ERR_INVALID);
	f->nor.erase_sizes[1] = 65536;
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_OK);
	assert_nothing_written(f);
}

/* Alignment checks are masks (no 64-bit division in a Boot): a driver must declare powers of two. */
static void init_rejects_alignments_that_are_not_powers_of_two(void **state)
{
	struct fixture *f = *state;
	f->nor.read_align = 3;
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_ERR_INVALID);
	assert_int_equal(f->table[NOR_ID].state, EXTMEM_STATE_OFF);
	f->nor.read_align = 1;
	f->nor.write_align = 12; /* a multiple of 4, still not a power of two */
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_ERR_INVALID);
	f->nor.write_align = 0; /* 0 and 1: any byte */
	f->nor.read_align = 0;
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_OK);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 1, f->buf, 3), EXTMEM_OK);
	assert_int_equal(extmem_deinit(&f->em, NOR_ID), EXTMEM_OK);
	f->nor.write_align = 256;
	f->nor.read_align = 4;
	assert_int_equal(extmem_init(&f->em, NOR_ID), EXTMEM_OK);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0x40000000004ull, f->buf, 4), EXTMEM_ERR_OUT_OF_RANGE);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 2, f->buf, 4), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 4, f->buf, 6), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_write(&f->em, NOR_ID, 128, f->buf, 256), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 4, f->buf, 8), EXTMEM_OK);
	assert_nothing_written(f);
}

static void setup_again_while_a_memory_is_on_returns_state_and_keeps_the_mapping(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(extmem_map(&f->em, NOR_ID), EXTMEM_OK);
	assert_int_equal(extmem_setup(&f->em, f->table, 3), EXTMEM_ERR_STATE);
	assert_int_equal(f->table[NOR_ID].state, EXTMEM_STATE_MAPPED);
	assert_int_equal(extmem_read(&f->em, NOR_ID, 0, f->buf, 1), EXTMEM_ERR_MAPPED);
	assert_int_equal(extmem_unmap(&f->em, NOR_ID), EXTMEM_OK);
	assert_int_equal(f->nor.unmaps, 1);
	/* READY memories too: setting up again would drop their driver state. */
	assert_int_equal(extmem_setup(&f->em, f->table, 3), EXTMEM_ERR_STATE);
	for (uint32_t id = 0; id < 3; id++)
		assert_int_equal(extmem_deinit(&f->em, id), EXTMEM_OK);
	assert_int_equal(extmem_setup(&f->em, f->table, 3), EXTMEM_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(setup_rejects_null_and_incomplete_tables, fixture_up, fixture_down),
		cmocka_unit_test_setup_teardown(unknown_memory_id_returns_bad_id_on_every_call, fixture_up_init,
						fixture_down),
		cmocka_unit_test_setup_teardown(calls_before_init_return_state, fixture_up, fixture_down),
		cmocka_unit_test_setup_teardown(null_pointers_return_invalid_and_write_nothing, fixture_up_init,
						fixture_down),
		cmocka_unit_test_setup_teardown(ranges_past_the_end_return_out_of_range_and_write_nothing,
						fixture_up_init, fixture_down),
		cmocka_unit_test_setup_teardown(wrapping_ranges_return_out_of_range_and_write_nothing, fixture_up_init,
						fixture_down),
		cmocka_unit_test_setup_teardown(misaligned_erase_and_write_return_misaligned_and_write_nothing,
						fixture_up_init, fixture_down),
		cmocka_unit_test_setup_teardown(operations_a_memory_lacks_return_not_supported, fixture_up_init,
						fixture_down),
		cmocka_unit_test_setup_teardown(device_errors_and_timeouts_reach_the_caller, fixture_up_init,
						fixture_down),
		cmocka_unit_test_setup_teardown(init_failures_leave_the_memory_off, fixture_up, fixture_down),
		cmocka_unit_test_setup_teardown(driver_with_an_unusable_description_fails_init, fixture_up,
						fixture_down),
		cmocka_unit_test_setup_teardown(writes_to_a_protected_area_return_write_protected, fixture_up_init,
						fixture_down),
		cmocka_unit_test_setup_teardown(mapped_memory_refuses_indirect_access_until_unmapped, fixture_up_init,
						fixture_down),
		cmocka_unit_test_setup_teardown(erase_picks_the_largest_aligned_erase_that_fits, fixture_up_init,
						fixture_down),
		cmocka_unit_test_setup_teardown(zero_length_transfers_succeed_without_touching_the_device,
						fixture_up_init, fixture_down),
		cmocka_unit_test_setup_teardown(data_round_trips_through_the_xspi_ram_device, fixture_up_init,
						fixture_down),
		cmocka_unit_test_setup_teardown(info_describes_the_memory, fixture_up_init, fixture_down),
		cmocka_unit_test(every_status_has_its_own_name),
		cmocka_unit_test_setup_teardown(driver_results_outside_the_contract_become_device_errors,
						fixture_up_init, fixture_down),
		cmocka_unit_test_setup_teardown(setup_rejects_an_unknown_memory_kind, fixture_up, fixture_down),
		cmocka_unit_test_setup_teardown(init_rejects_erase_sizes_that_do_not_tile_the_memory, fixture_up,
						fixture_down),
		cmocka_unit_test_setup_teardown(init_rejects_alignments_that_are_not_powers_of_two, fixture_up,
						fixture_down),
		cmocka_unit_test_setup_teardown(setup_again_while_a_memory_is_on_returns_state_and_keeps_the_mapping,
						fixture_up_init, fixture_down),
	};
	return cmocka_run_group_tests_name("manager", tests, NULL, NULL);
}
