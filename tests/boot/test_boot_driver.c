/* SPDX-License-Identifier: MIT */
/*
 * EXTMEM_BOOT_DRIVER (src/boot/boot_mem.h): the direct boot library calls
 * its one memory's driver by name instead of through the table. This file is
 * built twice over the same switches (CMakeLists.txt): once with the driver
 * in the table, once with -DEXTMEM_BOOT_DRIVER=boot_test_driver, where the
 * table and memory_list name a decoy instead. Both builds must make the same
 * driver calls, in the same order and with the same arguments, and reach the
 * same hand-over or the same status word, on good and on refused images: the
 * expected traces below are written once for both builds. A named build that
 * calls the table's driver, skips an init or a map, or decides otherwise
 * fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/bootflash.h"
#include "test_memory.h"

#ifndef EXTMEM_BOOT_XIP_WINDOW
#define EXTMEM_BOOT_XIP_WINDOW 0
#endif
#ifndef EXTMEM_BOOT_MODES
#define EXTMEM_BOOT_MODES (EXTMEM_IMAGE_XIP | EXTMEM_IMAGE_LRUN)
#endif

#define FLASH_SIZE (1u << 20)
#define WINDOW     0x70000000u
#define SLOT_OFF   0x20000u
#define SLOT_SIZE  0x10000u
#define HDR        0x80u
#define PAYLOAD    0x800u
#define RAM_BASE   0x24000000u
#define RAM_SIZE   0x4000u
#define XIP_LOAD   (WINDOW + SLOT_OFF + HDR)

static struct {
	uint8_t flash[FLASH_SIZE];
	uint8_t ram[RAM_SIZE];
	struct test_memory nor;
	struct extmem_memory table[2];
	struct extmem_bootflash_memory list[2];
	struct extmem em;
	struct extmem_image_region regions[1];
	struct extmem_bootflash_config cfg;
	jmp_buf back;
	uint32_t word;
	struct extmem_boot_start start;
	char trace[512];
	size_t len;
} r;

static void log_call(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r.trace + r.len, sizeof r.trace - r.len, fmt, ap);
	va_end(ap);
	assert_true(n > 0 && (size_t)n < sizeof r.trace - r.len);
	r.len += (size_t)n;
}

/* The named driver: every call traced, then the test memory's own. */
static int drv_init(struct extmem_memory *m)
{
	log_call("i ");
	return test_memory_driver.init(m);
}

static int drv_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	log_call("r%llx+%zx ", (unsigned long long)addr, len);
	return test_memory_driver.read(m, addr, buf, len);
}

static int drv_map(struct extmem_memory *m)
{
	log_call("m ");
	return test_memory_driver.map(m);
}

static int drv_unmap(struct extmem_memory *m)
{
	log_call("u ");
	return test_memory_driver.unmap(m);
}

const struct extmem_driver boot_test_driver = {
	.name = "boot-test",
	.init = drv_init,
	.read = drv_read,
	.map = drv_map,
	.unmap = drv_unmap,
};

#ifdef EXTMEM_BOOT_DRIVER
/* What the named build's table names: any call of it shows in the trace. */
static int decoy_init(struct extmem_memory *m)
{
	(void)m;
	log_call("DECOY-i ");
	return EXTMEM_ERR_DEVICE;
}

static int decoy_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	(void)m, (void)addr, (void)buf, (void)len;
	log_call("DECOY-r ");
	return EXTMEM_ERR_DEVICE;
}

static int decoy_map(struct extmem_memory *m)
{
	(void)m;
	log_call("DECOY-m ");
	return EXTMEM_ERR_DEVICE;
}

static const struct extmem_driver decoy_driver = {
	.name = "decoy", .init = decoy_init, .read = decoy_read, .map = decoy_map, .unmap = NULL};

#define TABLE_DRIVER (&decoy_driver)
#else
#define TABLE_DRIVER (&boot_test_driver)
#endif

__attribute__((noreturn)) static void port_handover(const struct extmem_boot_start *start,
						    const struct extmem_mpu_region *mpu, unsigned count)
{
	(void)mpu, (void)count;
	r.start = *start;
	longjmp(r.back, 1);
}

__attribute__((noreturn)) static void port_fail(uint32_t word)
{
	r.word = word;
	longjmp(r.back, 2);
}

static const struct extmem_bootflash_port port = {.handover = port_handover, .fail = port_fail};

static void *ram_ptr(void *ctx, uint32_t addr, uint32_t len)
{
	(void)ctx;
	/* EXTMEM_BOOT_XIP_WINDOW: the window shows the flash only while the memory is mapped. */
	if (addr >= WINDOW && r.table[0].state == EXTMEM_STATE_MAPPED && len <= FLASH_SIZE &&
	    addr - WINDOW <= FLASH_SIZE - len)
		return r.flash + (addr - WINDOW);
	if (addr < RAM_BASE || len > RAM_SIZE || addr - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return r.ram + (addr - RAM_BASE);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void program(uint32_t mode, uint32_t load, uint32_t sp)
{
	static uint8_t payload[PAYLOAD];
	struct extmem_image_header h;
	for (unsigned i = 0; i < PAYLOAD; i++)
		payload[i] = (uint8_t)(i * 5u);
	put32(payload, sp);
	put32(payload + 4, load + 0x41u);
	memset(r.flash + SLOT_OFF, 0xFF, SLOT_SIZE);
	assert_int_equal(extmem_image_header_build(&h, mode, HDR, load, payload, PAYLOAD, 0, 2, r.flash + SLOT_OFF),
			 EXTMEM_OK);
	memcpy(r.flash + SLOT_OFF + HDR, payload, PAYLOAD);
}

/* The configurator's one-memory Boot: the table zeroed (.bss), filled from memory_list at boot. */
static int setup(void **state)
{
	(void)state;
	memset(&r, 0, sizeof r);
	memset(r.flash, 0xFF, sizeof r.flash);
	test_memory_setup(&r.nor, r.flash, FLASH_SIZE);
	r.nor.mappable = true;
	r.nor.map_base = WINDOW;
	r.list[0] = r.list[1] =
		(struct extmem_bootflash_memory){.kind = EXTMEM_KIND_USER, .driver = TABLE_DRIVER, .data = &r.nor};
	/* the named build reads no .driver: a decoy left in the table must not be called either */
	r.table[0].driver = r.table[1].driver = TABLE_DRIVER;
	r.regions[0] = (struct extmem_image_region){RAM_BASE, RAM_SIZE};
	r.cfg = (struct extmem_bootflash_config){
		.memories = r.table,
		.memory_list = r.list,
		.memory_count = 1,
		.image_id = 0,
		.slot_offset = SLOT_OFF,
		.slot_size = SLOT_SIZE,
		.mode = EXTMEM_IMAGE_XIP,
		.ram = r.regions,
		.ram_count = 1,
		.port = &port,
		.ram_ptr = ram_ptr,
	};
	return 0;
}

/* 1: handed over, 2: failed. */
static int boot(void)
{
	int how = setjmp(r.back);
	if (how == 0)
		extmem_bootflash_boot(&r.cfg, &r.em);
	return how;
}

static uint32_t word(enum extmem_boot_step step, unsigned check, int status)
{
	return (uint32_t)step << 24 | (uint32_t)check << 16 | (uint32_t)(-status);
}

static void expect_failure(const char *trace, enum extmem_boot_step step, unsigned check, int status)
{
	assert_int_equal(boot(), 2);
	assert_string_equal(r.trace, trace);
	assert_int_equal(r.word, word(step, check, status));
}

/* The XIP window build maps first and reads nothing; the read build reads the header, then the payload. */
#if EXTMEM_BOOT_XIP_WINDOW
#define XIP_HEADER  "i m "
#define XIP_PAYLOAD XIP_HEADER
#define XIP_GOOD    XIP_HEADER
#define XIP_REFUSED "i m u "
#else
/* the header's first 64 bytes, then the payload's CRC in 256-byte chunks */
#define XIP_HEADER "i r20000+40 "
#define XIP_PAYLOAD                                                                                                    \
	XIP_HEADER "r20080+100 r20180+100 r20280+100 r20380+100 r20480+100 r20580+100 r20680+100 r20780+100 "
#define XIP_GOOD    XIP_PAYLOAD "m "
#define XIP_REFUSED XIP_HEADER
#endif

static void a_good_xip_image_makes_the_same_calls_and_hand_over(void **state)
{
	(void)state;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD, RAM_BASE + RAM_SIZE);
	assert_int_equal(boot(), 1);
	assert_string_equal(r.trace, XIP_GOOD);
	assert_int_equal(r.start.vector_table, XIP_LOAD);
	assert_int_equal(r.start.sp, RAM_BASE + RAM_SIZE);
	assert_int_equal(r.start.entry, XIP_LOAD + 0x41u);
	assert_int_equal(r.table[0].state, EXTMEM_STATE_MAPPED);
	assert_int_equal(r.nor.maps, 1);
}

static void an_erased_slot_is_refused_after_the_same_calls(void **state)
{
	(void)state;
	expect_failure(EXTMEM_BOOT_XIP_WINDOW ? XIP_REFUSED : XIP_HEADER, EXTMEM_BOOT_STEP_HEADER,
		       EXTMEM_IMAGE_CHECK_NO_IMAGE, EXTMEM_ERR_FORMAT);
	assert_int_equal(r.table[0].state, EXTMEM_STATE_READY);
}

static void a_corrupted_header_is_refused_after_the_same_calls(void **state)
{
	(void)state;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD, RAM_BASE + RAM_SIZE);
	r.flash[SLOT_OFF + 0x10] ^= 0x01;
	expect_failure(EXTMEM_BOOT_XIP_WINDOW ? XIP_REFUSED : XIP_HEADER, EXTMEM_BOOT_STEP_HEADER,
		       EXTMEM_IMAGE_CHECK_HEADER_CRC, EXTMEM_ERR_FORMAT);
}

static void a_corrupted_payload_is_refused_after_the_same_calls(void **state)
{
	(void)state;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD, RAM_BASE + RAM_SIZE);
	r.flash[SLOT_OFF + HDR + 0x200] ^= 0x80;
	expect_failure(EXTMEM_BOOT_XIP_WINDOW ? XIP_REFUSED : XIP_PAYLOAD, EXTMEM_BOOT_STEP_PAYLOAD,
		       EXTMEM_IMAGE_CHECK_PAYLOAD_CRC, EXTMEM_ERR_FORMAT);
	assert_int_equal(r.nor.maps, r.nor.unmaps);
}

static void a_stack_outside_ram_is_refused_after_the_same_calls(void **state)
{
	(void)state;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD, RAM_BASE + RAM_SIZE + 0x1000u);
	expect_failure(EXTMEM_BOOT_XIP_WINDOW ? XIP_REFUSED : XIP_PAYLOAD, EXTMEM_BOOT_STEP_PAYLOAD,
		       EXTMEM_IMAGE_CHECK_STACK, EXTMEM_ERR_FORMAT);
}

static void a_memory_that_does_not_come_up_is_refused_at_init(void **state)
{
	(void)state;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD, RAM_BASE + RAM_SIZE);
	r.nor.init_status = EXTMEM_ERR_TIMEOUT;
	expect_failure("i ", EXTMEM_BOOT_STEP_INIT, 0, EXTMEM_ERR_TIMEOUT);
	assert_int_equal(r.table[0].state, EXTMEM_STATE_OFF);
}

static void a_good_lrun_image_is_read_copied_and_handed_over_the_same_way(void **state)
{
	(void)state;
	r.cfg.mode = EXTMEM_IMAGE_LRUN;
	program(EXTMEM_IMAGE_LRUN, RAM_BASE, RAM_BASE + RAM_SIZE);
	if (!(EXTMEM_BOOT_MODES & EXTMEM_IMAGE_LRUN)) {
		/* a build without LRUN refuses it at config, after the init and before any read */
		expect_failure("i ", EXTMEM_BOOT_STEP_CONFIG, 0, EXTMEM_ERR_NOT_SUPPORTED);
		return;
	}
	assert_int_equal(boot(), 1);
	assert_string_equal(r.trace, "i r20000+40 r20080+800 ");
	assert_int_equal(r.start.entry, RAM_BASE + 0x41u);
	assert_memory_equal(r.ram, r.flash + SLOT_OFF + HDR, PAYLOAD);
	assert_int_equal(r.nor.maps, 0);
}

/* The one difference the switch makes: a table of another size than one memory is refused before any call. */
static void a_table_of_two_memories_is_refused_only_by_the_named_build(void **state)
{
	(void)state;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD, RAM_BASE + RAM_SIZE);
	r.cfg.memory_count = 2;
#ifdef EXTMEM_BOOT_DRIVER
	expect_failure("", EXTMEM_BOOT_STEP_CONFIG, 0, EXTMEM_ERR_INVALID);
#else
	assert_int_equal(boot(), 1);
	assert_string_equal(r.trace, "i " XIP_GOOD);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(a_good_xip_image_makes_the_same_calls_and_hand_over, setup),
		cmocka_unit_test_setup(an_erased_slot_is_refused_after_the_same_calls, setup),
		cmocka_unit_test_setup(a_corrupted_header_is_refused_after_the_same_calls, setup),
		cmocka_unit_test_setup(a_corrupted_payload_is_refused_after_the_same_calls, setup),
		cmocka_unit_test_setup(a_stack_outside_ram_is_refused_after_the_same_calls, setup),
		cmocka_unit_test_setup(a_memory_that_does_not_come_up_is_refused_at_init, setup),
		cmocka_unit_test_setup(a_good_lrun_image_is_read_copied_and_handed_over_the_same_way, setup),
		cmocka_unit_test_setup(a_table_of_two_memories_is_refused_only_by_the_named_build, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
