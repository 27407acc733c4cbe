/* SPDX-License-Identifier: MIT */
/*
 * extmem_bootflash_boot over two test memories and a recording port: a good
 * image reaches the port's hand-over with the MPU table of the config; a
 * memory that does not come up, a bad image and a bad configuration reach
 * the port's failure state with the status word of extmem_boot_status_word
 * (bits as boot.h documents them, built here from the fields by hand), the
 * board's on_fail hook first, and never the hand-over.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/bootflash.h"
#include "test_memory.h"

#define FLASH_SIZE (1u << 20)
#define WINDOW     0x70000000u
#define SLOT_OFF   0x20000u
#define SLOT_SIZE  0x10000u
#define HDR        0x80u
#define PAYLOAD    0x800u
#define RAM_BASE   0x24000000u
#define RAM_SIZE   0x4000u
#define PSRAM_BASE 0x90000000u
#define XIP_LOAD   (WINDOW + SLOT_OFF + HDR)

static struct {
	uint8_t flash[FLASH_SIZE];
	uint8_t psram[4096];
	uint8_t ram[RAM_SIZE];
	struct test_memory nor, ps;
	struct extmem_memory table[2];
	struct extmem em;
	struct extmem_image_region regions[1];
	uint32_t ps_id;
	struct extmem_mpu_region mpu[2];
	struct extmem_bootflash_config cfg;
	/* what the port saw */
	jmp_buf back;
	int handovers, fails, hooks;
	uint32_t word, hook_word;
	struct extmem_boot_start start;
	const struct extmem_mpu_region *mpu_seen;
	unsigned mpu_count_seen;
} r;

__attribute__((noreturn)) static void port_handover(const struct extmem_boot_start *start,
						    const struct extmem_mpu_region *mpu, unsigned count)
{
	r.handovers++;
	r.start = *start;
	r.mpu_seen = mpu;
	r.mpu_count_seen = count;
	longjmp(r.back, 1);
}

__attribute__((noreturn)) static void port_fail(uint32_t word)
{
	r.fails++;
	r.word = word;
	longjmp(r.back, 2);
}

static void on_fail(uint32_t word)
{
	r.hooks++;
	r.hook_word = word;
	assert_int_equal(r.fails, 0); /* the board's LED before the stop */
}

static const struct extmem_bootflash_port port = {.handover = port_handover, .fail = port_fail};

static void *ram_ptr(void *ctx, uint32_t addr, uint32_t len)
{
	(void)ctx;
	if (addr < RAM_BASE || len > RAM_SIZE || addr - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return r.ram + (addr - RAM_BASE);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void program(uint32_t mode, uint32_t load)
{
	static uint8_t payload[PAYLOAD];
	struct extmem_image_header h;
	for (unsigned i = 0; i < PAYLOAD; i++)
		payload[i] = (uint8_t)(i * 7u);
	put32(payload, RAM_BASE + RAM_SIZE);
	put32(payload + 4, load + 0x41u);
	memset(r.flash + SLOT_OFF, 0xFF, SLOT_SIZE);
	assert_int_equal(extmem_image_header_build(&h, mode, HDR, load, payload, PAYLOAD, 0, 3, r.flash + SLOT_OFF),
			 EXTMEM_OK);
	memcpy(r.flash + SLOT_OFF + HDR, payload, PAYLOAD);
}

static int setup(void **state)
{
	(void)state;
	memset(&r, 0, sizeof r);
	memset(r.flash, 0xFF, sizeof r.flash);
	test_memory_setup(&r.nor, r.flash, FLASH_SIZE);
	r.nor.mappable = true;
	r.nor.map_base = WINDOW;
	test_memory_setup(&r.ps, r.psram, sizeof r.psram);
	r.ps.mappable = true;
	r.ps.erase_type_count = 0;
	r.ps.map_base = PSRAM_BASE;
	r.table[0] = (struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &test_memory_driver, .data = &r.nor};
	r.table[1] = (struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &test_memory_driver, .data = &r.ps};
	r.regions[0] = (struct extmem_image_region){RAM_BASE, RAM_SIZE};
	r.ps_id = 1;
	r.mpu[0] = (struct extmem_mpu_region){0, EXTMEM_MPU_RASR_ENABLE | EXTMEM_MPU_RASR_SIZE(32) |
							 EXTMEM_MPU_RASR_AP(EXTMEM_MPU_AP_NONE) | EXTMEM_MPU_RASR_XN};
	r.mpu[1] = (struct extmem_mpu_region){WINDOW, EXTMEM_MPU_RASR_ENABLE | EXTMEM_MPU_RASR_SIZE(27) |
							      EXTMEM_MPU_RASR_AP(EXTMEM_MPU_AP_RO) |
							      EXTMEM_MPU_ATTR_NORMAL_WB};
	r.cfg = (struct extmem_bootflash_config){
		.memories = r.table,
		.memory_count = 2,
		.image_id = 0,
		.slot_offset = SLOT_OFF,
		.slot_size = SLOT_SIZE,
		.mode = EXTMEM_IMAGE_XIP,
		.map_ids = &r.ps_id,
		.map_count = 1,
		.ram = r.regions,
		.ram_count = 1,
		.mpu = r.mpu,
		.mpu_count = 2,
		.port = &port,
		.on_fail = on_fail,
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

/* The word boot.h documents: step << 24 | check << 16 | -status. */
static uint32_t word(enum extmem_boot_step step, unsigned check, int status)
{
	return (uint32_t)step << 24 | (uint32_t)check << 16 | (uint32_t)(-status);
}

static void a_good_xip_image_is_handed_over_with_the_configured_mpu(void **state)
{
	(void)state;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD);
	assert_int_equal(boot(), 1);
	assert_int_equal(r.handovers, 1);
	assert_int_equal(r.fails + r.hooks, 0);
	assert_int_equal(r.start.vector_table, XIP_LOAD);
	assert_int_equal(r.start.sp, RAM_BASE + RAM_SIZE);
	assert_int_equal(r.start.entry, XIP_LOAD + 0x41u);
	assert_ptr_equal(r.mpu_seen, r.mpu);
	assert_int_equal(r.mpu_count_seen, 2);
	assert_int_equal(r.nor.maps, 1); /* the image's window */
	assert_int_equal(r.ps.maps, 1);  /* the application's RAM */
	/* every memory of the table was brought up first */
	assert_int_equal(r.em.memories[0].state, EXTMEM_STATE_MAPPED);
	assert_int_equal(r.em.memories[1].state, EXTMEM_STATE_MAPPED);
}

/* The configurator's form: the table zeroed (.bss) and filled from memory_list at boot. */
static void a_table_filled_from_memory_list_boots_as_one_written_in_place(void **state)
{
	const struct extmem_bootflash_memory list[2] = {
		{.kind = EXTMEM_KIND_USER, .driver = &test_memory_driver, .data = &r.nor},
		{.kind = EXTMEM_KIND_USER, .driver = &test_memory_driver, .data = &r.ps},
	};
	(void)state;
	memset(r.table, 0, sizeof r.table);
	r.cfg.memory_list = list;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD);
	assert_int_equal(boot(), 1);
	assert_int_equal(r.start.entry, XIP_LOAD + 0x41u);
	assert_ptr_equal(r.table[1].driver, &test_memory_driver);
	assert_ptr_equal(r.table[1].data, &r.ps);
	assert_int_equal(r.nor.maps, 1);
	assert_int_equal(r.ps.maps, 1);
}

static void a_good_lrun_image_is_copied_and_handed_over(void **state)
{
	(void)state;
	r.cfg.mode = EXTMEM_IMAGE_LRUN;
	program(EXTMEM_IMAGE_LRUN, RAM_BASE);
	assert_int_equal(boot(), 1);
	assert_int_equal(r.start.vector_table, RAM_BASE);
	assert_int_equal(r.start.entry, RAM_BASE + 0x41u);
	assert_memory_equal(r.ram, r.flash + SLOT_OFF + HDR, PAYLOAD);
	assert_int_equal(r.nor.maps, 0); /* LRUN runs from RAM: the NOR stays unmapped */
}

static void a_memory_that_does_not_come_up_fails_with_its_id(void **state)
{
	(void)state;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD);
	r.ps.init_status = EXTMEM_ERR_TIMEOUT;
	assert_int_equal(boot(), 2);
	assert_int_equal(r.handovers, 0);
	assert_int_equal(r.word, word(EXTMEM_BOOT_STEP_INIT, 1, EXTMEM_ERR_TIMEOUT));
	assert_int_equal(r.hooks, 1);
	assert_int_equal(r.hook_word, r.word);
	assert_int_equal(r.nor.maps, 0);
}

static void an_erased_slot_fails_with_no_image(void **state)
{
	(void)state;
	assert_int_equal(boot(), 2);
	assert_int_equal(r.handovers, 0);
	assert_int_equal(r.word, word(EXTMEM_BOOT_STEP_HEADER, EXTMEM_IMAGE_CHECK_NO_IMAGE, EXTMEM_ERR_FORMAT));
	assert_int_equal(r.nor.maps + r.ps.maps, 0);
}

static void a_corrupted_payload_fails_then_a_good_image_boots(void **state)
{
	(void)state;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD);
	r.flash[SLOT_OFF + HDR + 0x100] ^= 0x10;
	assert_int_equal(boot(), 2);
	assert_int_equal(r.word, word(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_IMAGE_CHECK_PAYLOAD_CRC, EXTMEM_ERR_FORMAT));
	program(EXTMEM_IMAGE_XIP, XIP_LOAD);
	/* a reset: the Boot's RAM (the table's states) starts over */
	r.table[0].state = r.table[1].state = EXTMEM_STATE_OFF;
	assert_int_equal(boot(), 1);
	assert_int_equal(r.handovers, 1);
}

static void an_mpu_count_without_a_table_is_a_config_failure(void **state)
{
	(void)state;
	program(EXTMEM_IMAGE_XIP, XIP_LOAD);
	r.cfg.mpu = NULL;
	assert_int_equal(boot(), 2);
	assert_int_equal(r.handovers, 0);
	assert_int_equal(r.word, word(EXTMEM_BOOT_STEP_CONFIG, 0, EXTMEM_ERR_INVALID));
	assert_int_equal(r.nor.maps, 0);
}

static void prepare_refuses_null_arguments(void **state)
{
	struct extmem_boot_start s;
	(void)state;
	assert_int_equal(extmem_bootflash_prepare(&r.cfg, &r.em, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_bootflash_prepare(NULL, &r.em, &s), EXTMEM_ERR_INVALID);
	assert_int_equal(s.entry, 0);
	assert_int_equal(extmem_bootflash_prepare(&r.cfg, NULL, &s), EXTMEM_ERR_INVALID);
	r.cfg.memory_count = 0;
	assert_int_not_equal(extmem_bootflash_prepare(&r.cfg, &r.em, &s), EXTMEM_OK);
	assert_int_equal(s.entry, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(a_good_xip_image_is_handed_over_with_the_configured_mpu, setup),
		cmocka_unit_test_setup(a_table_filled_from_memory_list_boots_as_one_written_in_place, setup),
		cmocka_unit_test_setup(a_good_lrun_image_is_copied_and_handed_over, setup),
		cmocka_unit_test_setup(a_memory_that_does_not_come_up_fails_with_its_id, setup),
		cmocka_unit_test_setup(an_erased_slot_fails_with_no_image, setup),
		cmocka_unit_test_setup(a_corrupted_payload_fails_then_a_good_image_boots, setup),
		cmocka_unit_test_setup(an_mpu_count_without_a_table_is_a_config_failure, setup),
		cmocka_unit_test_setup(prepare_refuses_null_arguments, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
