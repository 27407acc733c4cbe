/* SPDX-License-Identifier: MIT */
/*
 * extmem_boot_prepare over a NOR-like test memory: a good image is prepared
 * for the hand-over in XIP and in LRUN; each bad image of issue 13 (corrupt
 * payload or header, half-programmed, erased, built for the wrong address,
 * wrong vector table) stops with its step and check, maps nothing and gives
 * nothing to jump to; the same slot boots once a good image is written.
 * Built four times (tests/boot/CMakeLists.txt): through the manager, with
 * EXTMEM_BOOT_DIRECT=1 (the drivers called straight, as the configurator's
 * Boots are built: the same refusals with the same statuses), XIP only
 * (EXTMEM_BOOT_MODES: an LRUN configuration is refused before any read), and
 * with EXTMEM_BOOT_XIP_WINDOW=1 (the XIP check through the mapped window:
 * the same refusals, the image memory unmapped again after each).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/boot.h"
#include "test_memory.h"

#define FLASH_SIZE (1u << 20)
#define WINDOW     0x70000000u
#define SLOT_OFF   0x10000u
#define SLOT_SIZE  0x40000u
#define HDR        0x400u
#define PAYLOAD    0x3000u
#define RAM_BASE   0x24000000u
#define RAM_SIZE   0x10000u
#define PSRAM_BASE 0x90000000u

struct rig {
	uint8_t flash[FLASH_SIZE];
	uint8_t psram[4096];
	uint8_t ram[RAM_SIZE]; /* stands for the target's AXI SRAM at RAM_BASE */
	struct test_memory nor, ps;
	struct extmem_memory table[2];
	struct extmem em;
	struct extmem_boot_config cfg;
	uint32_t ps_id;
	struct extmem_image_region regions[2];
};

static struct rig rig;

#ifndef EXTMEM_BOOT_XIP_WINDOW
#define EXTMEM_BOOT_XIP_WINDOW 0
#endif

static void *ram_ptr(void *ctx, uint32_t addr, uint32_t len)
{
	struct rig *r = ctx;
	/* EXTMEM_BOOT_XIP_WINDOW: the XIP check reads the window, which shows the flash only while mapped. */
	if (EXTMEM_BOOT_XIP_WINDOW && addr >= WINDOW && r->table[0].state == EXTMEM_STATE_MAPPED && len <= FLASH_SIZE &&
	    addr - WINDOW <= FLASH_SIZE - len)
		return r->flash + (addr - WINDOW);
	if (addr < RAM_BASE || len > RAM_SIZE || addr - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return r->ram + (addr - RAM_BASE);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Writes header + payload into the slot, as `extmem prog` of an image would. */
static void program_image(uint32_t mode, uint32_t load, uint32_t sp, uint32_t reset)
{
	static uint8_t payload[PAYLOAD];
	struct extmem_image_header h;
	for (unsigned i = 0; i < PAYLOAD; i++)
		payload[i] = (uint8_t)(i ^ (i >> 8));
	put32(payload, sp);
	put32(payload + 4, reset);
	memset(rig.flash + SLOT_OFF, 0xFF, SLOT_SIZE);
	assert_int_equal(extmem_image_header_build(&h, mode, HDR, load, payload, PAYLOAD, 0, 1, rig.flash + SLOT_OFF),
			 EXTMEM_OK);
	memcpy(rig.flash + SLOT_OFF + HDR, payload, PAYLOAD);
}

static int setup(void **state)
{
	(void)state;
	memset(&rig, 0, sizeof rig);
	memset(rig.flash, 0xFF, sizeof rig.flash);
	test_memory_setup(&rig.nor, rig.flash, FLASH_SIZE);
	rig.nor.mappable = true;
	rig.nor.map_base = WINDOW;
	test_memory_setup(&rig.ps, rig.psram, sizeof rig.psram);
	rig.ps.mappable = true;
	rig.ps.erase_type_count = 0; /* a PSRAM: no erase */
	rig.ps.map_base = PSRAM_BASE;
	rig.table[0] =
		(struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &test_memory_driver, .data = &rig.nor};
	rig.table[1] = (struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &test_memory_driver, .data = &rig.ps};
	assert_int_equal(extmem_setup(&rig.em, rig.table, 2), EXTMEM_OK);
	assert_int_equal(extmem_init(&rig.em, 0), EXTMEM_OK);
	assert_int_equal(extmem_init(&rig.em, 1), EXTMEM_OK);
	rig.ps_id = 1;
	rig.regions[0] = (struct extmem_image_region){RAM_BASE, RAM_SIZE};
	rig.regions[1] = (struct extmem_image_region){PSRAM_BASE, sizeof rig.psram};
	rig.cfg = (struct extmem_boot_config){
		.em = &rig.em,
		.image_id = 0,
		.slot_offset = SLOT_OFF,
		.slot_size = SLOT_SIZE,
		.mode = EXTMEM_IMAGE_XIP,
		.map_ids = &rig.ps_id,
		.map_count = 1,
		.ram = rig.regions,
		.ram_count = 2,
		.ram_ptr = ram_ptr,
		.ram_ctx = &rig,
	};
	return 0;
}

#define XIP_LOAD (WINDOW + SLOT_OFF + HDR)
#define GOOD_SP  (RAM_BASE + RAM_SIZE)

static void expect_refused(enum extmem_boot_step step, int status, enum extmem_image_check check)
{
	struct extmem_boot_start s;
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), status);
	assert_int_equal(s.status, status);
	assert_int_equal(s.step, step);
	assert_int_equal(s.check, check);
	assert_int_equal(s.entry, 0);
	assert_int_equal(s.sp, 0);
	if (EXTMEM_BOOT_XIP_WINDOW) { /* the image memory mapped to be read, and unmapped on the refusal */
		assert_int_equal(rig.nor.maps, rig.nor.unmaps);
		assert_int_not_equal(rig.table[0].state, EXTMEM_STATE_MAPPED);
	} else {
		assert_int_equal(rig.nor.maps, 0);
	}
	assert_int_equal(rig.ps.maps, 0);
}

/* A build without LRUN refuses an LRUN configuration at the config step, before any read. */
static bool lrun_left_out(void)
{
	if (EXTMEM_BOOT_MODES & EXTMEM_IMAGE_LRUN)
		return false;
	expect_refused(EXTMEM_BOOT_STEP_CONFIG, EXTMEM_ERR_NOT_SUPPORTED, EXTMEM_IMAGE_CHECK_OK);
	assert_int_equal(rig.nor.reads, 0);
	return true;
}

static void a_mode_the_build_left_out_is_refused_before_any_read(void **state)
{
	static const uint32_t modes[] = {EXTMEM_IMAGE_XIP, EXTMEM_IMAGE_LRUN};
	struct extmem_boot_start s;
	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		rig.cfg.mode = modes[i];
		rig.nor.reads = 0;
		int rc = extmem_boot_prepare(&rig.cfg, &s);
		if (EXTMEM_BOOT_MODES & modes[i]) {
			assert_int_equal(rc, EXTMEM_ERR_FORMAT); /* built in: it reads the (erased) slot */
			assert_int_equal(s.check, EXTMEM_IMAGE_CHECK_NO_IMAGE);
		} else {
			assert_int_equal(rc, EXTMEM_ERR_NOT_SUPPORTED);
			assert_int_equal(s.step, EXTMEM_BOOT_STEP_CONFIG);
			assert_int_equal(rig.nor.reads, 0);
		}
	}
}

static void a_good_xip_image_is_mapped_and_ready_to_start(void **state)
{
	struct extmem_boot_start s;
	(void)state;
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, GOOD_SP, XIP_LOAD + 0x101u);
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_OK);
	assert_int_equal(s.step, EXTMEM_BOOT_STEP_READY);
	assert_int_equal(s.vector_table, XIP_LOAD);
	assert_int_equal(s.sp, GOOD_SP);
	assert_int_equal(s.entry, XIP_LOAD + 0x101u);
	assert_int_equal(rig.nor.maps, 1);
	assert_int_equal(rig.ps.maps, 1);
	assert_int_equal(rig.nor.ops, 0); /* the Boot never writes or erases the flash */
	if (EXTMEM_BOOT_XIP_WINDOW)
		assert_int_equal(rig.nor.reads, 0); /* header, payload and vectors read through the window */
}

/*
 * A warm Boot (reset with the window still mapped): the image memory is unmapped for the reads, then mapped
 * again; the window build reads the window it finds mapped.
 */
static void a_warm_boot_unmaps_the_image_memory_to_read_it(void **state)
{
	struct extmem_boot_start s;
	(void)state;
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, GOOD_SP, XIP_LOAD + 0x101u);
	assert_int_equal(extmem_map(&rig.em, 0), EXTMEM_OK);
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_OK);
	assert_int_equal(s.entry, XIP_LOAD + 0x101u);
	assert_int_equal(rig.nor.unmaps, EXTMEM_BOOT_XIP_WINDOW ? 0 : 1);
	assert_int_equal(rig.nor.maps, EXTMEM_BOOT_XIP_WINDOW ? 1 : 2);
	assert_int_equal(rig.table[0].state, EXTMEM_STATE_MAPPED);
}

static void an_erased_flash_is_no_image(void **state)
{
	(void)state;
	expect_refused(EXTMEM_BOOT_STEP_HEADER, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_NO_IMAGE);
}

static void a_corrupted_header_is_refused(void **state)
{
	(void)state;
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, GOOD_SP, XIP_LOAD + 0x101u);
	rig.flash[SLOT_OFF + 17] ^= 0x01; /* payload_size */
	expect_refused(EXTMEM_BOOT_STEP_HEADER, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_HEADER_CRC);
}

static void a_corrupted_payload_is_refused(void **state)
{
	struct extmem_boot_start s;
	(void)state;
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, GOOD_SP, XIP_LOAD + 0x101u);
	rig.flash[SLOT_OFF + HDR + PAYLOAD - 1] ^= 0x80; /* the last byte, past any chunk boundary */
	expect_refused(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_PAYLOAD_CRC);
	/* The failure word a debugger reads: step 3 (payload), check 7 (payload CRC), status 13 (FORMAT). */
	extmem_boot_prepare(&rig.cfg, &s);
	assert_int_equal(extmem_boot_status_word(&s), 0x0307000Du);
}

static void a_half_programmed_image_is_refused(void **state)
{
	(void)state;
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, GOOD_SP, XIP_LOAD + 0x101u);
	memset(rig.flash + SLOT_OFF + HDR + PAYLOAD / 2, 0xFF, PAYLOAD / 2); /* power lost mid-write */
	expect_refused(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_PAYLOAD_CRC);
}

static void an_image_for_the_wrong_address_is_refused(void **state)
{
	(void)state;
	program_image(EXTMEM_IMAGE_XIP, WINDOW, GOOD_SP, WINDOW + 0x101u); /* linked for the window start */
	expect_refused(EXTMEM_BOOT_STEP_HEADER, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_PLACEMENT);
	program_image(EXTMEM_IMAGE_LRUN, RAM_BASE, GOOD_SP, RAM_BASE + 0x101u); /* an LRUN image in an XIP Boot */
	expect_refused(EXTMEM_BOOT_STEP_HEADER, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_MODE);
}

static void a_wrong_vector_table_is_refused(void **state)
{
	(void)state;
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, 0x08010000u, XIP_LOAD + 0x101u); /* SP in internal flash */
	expect_refused(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_STACK);
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, GOOD_SP, XIP_LOAD + 0x100u); /* no Thumb bit */
	expect_refused(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_RESET_HANDLER);
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, GOOD_SP, 0x08000401u); /* back into the Boot */
	expect_refused(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_RESET_HANDLER);
	/* an all-zero table, as a flash programmed with zeros reads */
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, 0, 0);
	expect_refused(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_STACK);
}

static void the_slot_boots_once_a_good_image_is_programmed(void **state)
{
	struct extmem_boot_start s;
	(void)state;
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, GOOD_SP, XIP_LOAD + 0x101u);
	memset(rig.flash + SLOT_OFF + HDR + 0x800, 0xFF, 0x800);
	expect_refused(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_PAYLOAD_CRC);
	program_image(EXTMEM_IMAGE_XIP, XIP_LOAD, GOOD_SP, XIP_LOAD + 0x101u);
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_OK);
	assert_int_equal(s.entry, XIP_LOAD + 0x101u);
}

/* The XIP check reads the payload in 256-byte chunks: a table past the first chunk is read where it is. */
static void a_vector_table_past_the_first_chunk_is_found_in_its_chunk(void **state)
{
	static const uint32_t offsets[] = {0x80u, 0x100u, 0x180u, PAYLOAD - 0x80u};
	static uint8_t payload[PAYLOAD];
	struct extmem_image_header h;
	struct extmem_boot_start s;
	(void)state;
	for (unsigned k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
		uint32_t vo = offsets[k];
		memset(payload, 0, sizeof payload); /* SP 0 anywhere else: the stack check would refuse it */
		put32(payload + vo, GOOD_SP);
		put32(payload + vo + 4, XIP_LOAD + 0x41u);
		memset(rig.flash + SLOT_OFF, 0xFF, SLOT_SIZE);
		assert_int_equal(extmem_image_header_build(&h, EXTMEM_IMAGE_XIP, HDR, XIP_LOAD, payload, PAYLOAD, vo, 1,
							   rig.flash + SLOT_OFF),
				 EXTMEM_OK);
		memcpy(rig.flash + SLOT_OFF + HDR, payload, PAYLOAD);
		assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_OK);
		assert_int_equal(s.vector_table, XIP_LOAD + vo);
		assert_int_equal(s.sp, GOOD_SP);
		assert_int_equal(s.entry, XIP_LOAD + 0x41u);
		extmem_unmap(&rig.em, 0);
		extmem_unmap(&rig.em, 1);
	}
}

static void lrun_copies_checks_the_copy_and_starts_from_ram(void **state)
{
	struct extmem_boot_start s;
	(void)state;
	rig.cfg.mode = EXTMEM_IMAGE_LRUN;
	if (lrun_left_out())
		return;
	program_image(EXTMEM_IMAGE_LRUN, RAM_BASE + 0x400u, GOOD_SP, RAM_BASE + 0x400u + 0x201u);
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_OK);
	assert_int_equal(s.vector_table, RAM_BASE + 0x400u);
	assert_int_equal(s.entry, RAM_BASE + 0x601u);
	assert_memory_equal(rig.ram + 0x400, rig.flash + SLOT_OFF + HDR, PAYLOAD);
	assert_int_equal(rig.nor.maps, 0); /* LRUN leaves the image memory unmapped */
	assert_int_equal(rig.ps.maps, 1);
}

static void lrun_outside_ram_writes_nothing(void **state)
{
	static uint8_t zero[RAM_SIZE];
	(void)state;
	rig.cfg.mode = EXTMEM_IMAGE_LRUN;
	if (lrun_left_out())
		return;
	program_image(EXTMEM_IMAGE_LRUN, RAM_BASE + RAM_SIZE - PAYLOAD + 4, GOOD_SP, RAM_BASE + RAM_SIZE - 0x100u);
	expect_refused(EXTMEM_BOOT_STEP_HEADER, EXTMEM_ERR_FORMAT, EXTMEM_IMAGE_CHECK_PLACEMENT);
	assert_memory_equal(rig.ram, zero, RAM_SIZE);
}

static void a_device_read_failure_is_returned_as_its_status(void **state)
{
	(void)state;
	rig.cfg.mode = EXTMEM_IMAGE_LRUN;
	if (lrun_left_out())
		return;
	program_image(EXTMEM_IMAGE_LRUN, RAM_BASE, GOOD_SP, RAM_BASE + 0x201u);
	rig.nor.io_status = EXTMEM_ERR_DEVICE; /* every read fails from now on */
	expect_refused(EXTMEM_BOOT_STEP_HEADER, EXTMEM_ERR_DEVICE, EXTMEM_IMAGE_CHECK_OK);
}

static void bad_configurations_are_refused_before_any_read(void **state)
{
	struct extmem_boot_start s;
	(void)state;
	assert_int_equal(extmem_boot_prepare(NULL, &s), EXTMEM_ERR_INVALID);
	assert_int_equal(s.step, EXTMEM_BOOT_STEP_CONFIG);
	assert_int_equal(extmem_boot_prepare(&rig.cfg, NULL), EXTMEM_ERR_INVALID);
	rig.cfg.slot_offset = FLASH_SIZE - SLOT_SIZE + 1; /* slot past the end */
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_ERR_OUT_OF_RANGE);
	rig.cfg.slot_offset = UINT64_MAX; /* wraps */
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_ERR_OUT_OF_RANGE);
	rig.cfg.slot_offset = SLOT_OFF;
	rig.cfg.mode = 3;
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_ERR_INVALID);
	rig.cfg.mode = EXTMEM_IMAGE_XIP;
	rig.cfg.image_id = 7;
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_ERR_BAD_ID);
	assert_int_equal(rig.nor.reads, 0);
	assert_string_equal(extmem_boot_step_name(s.step), "config");
}

static void xip_needs_a_mappable_memory(void **state)
{
	struct extmem_boot_start s;
	(void)state;
	rig.table[0].info.mappable = false;
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_ERR_NOT_SUPPORTED);
	assert_int_equal(s.step, EXTMEM_BOOT_STEP_CONFIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(a_good_xip_image_is_mapped_and_ready_to_start, setup),
		cmocka_unit_test_setup(a_warm_boot_unmaps_the_image_memory_to_read_it, setup),
		cmocka_unit_test_setup(an_erased_flash_is_no_image, setup),
		cmocka_unit_test_setup(a_corrupted_header_is_refused, setup),
		cmocka_unit_test_setup(a_corrupted_payload_is_refused, setup),
		cmocka_unit_test_setup(a_half_programmed_image_is_refused, setup),
		cmocka_unit_test_setup(an_image_for_the_wrong_address_is_refused, setup),
		cmocka_unit_test_setup(a_wrong_vector_table_is_refused, setup),
		cmocka_unit_test_setup(the_slot_boots_once_a_good_image_is_programmed, setup),
		cmocka_unit_test_setup(a_vector_table_past_the_first_chunk_is_found_in_its_chunk, setup),
		cmocka_unit_test_setup(lrun_copies_checks_the_copy_and_starts_from_ram, setup),
		cmocka_unit_test_setup(lrun_outside_ram_writes_nothing, setup),
		cmocka_unit_test_setup(a_device_read_failure_is_returned_as_its_status, setup),
		cmocka_unit_test_setup(bad_configurations_are_refused_before_any_read, setup),
		cmocka_unit_test_setup(xip_needs_a_mappable_memory, setup),
		cmocka_unit_test_setup(a_mode_the_build_left_out_is_refused_before_any_read, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
