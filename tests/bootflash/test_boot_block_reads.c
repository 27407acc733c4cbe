/* SPDX-License-Identifier: MIT */
/*
 * extmem_boot_prepare in LRUN from a memory that reads whole 512-byte blocks
 * only (read_align 512, what the SD card driver declares; the manager
 * refuses anything else with EXTMEM_ERR_MISALIGNED): the 64-byte header and
 * a payload that ends inside a block are still read, the copy is checked,
 * and not one byte past the payload's end is written in RAM; each block the
 * slot's header and payload span is read from the memory once (a card's
 * read is its slowest step). The expected bytes are the ones this test
 * writes into the memory; the expected blocks, the test's own layout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/boot.h"
#include "test_memory.h"

#define CARD_SIZE (1u << 20)
#define SLOT_OFF  0x8000u /* a multiple of 512 */
#define SLOT_SIZE 0x10000u
#define HDR       64u
#define PAYLOAD   1000u /* header + payload = 1064: ends 40 bytes into the third block */
#define RAM_BASE  0x24000000u
#define RAM_SIZE  0x4000u
#define GUARD     0xA5u

struct rig {
	uint8_t card[CARD_SIZE];
	uint8_t ram[RAM_SIZE];
	struct test_memory mem;
	struct extmem_memory table[1];
	struct extmem em;
	struct extmem_image_region region;
	struct extmem_boot_config cfg;
};

static struct rig rig;

/* Every read that reaches the memory, in blocks, counted per block of the card. */
static uint8_t block_reads[CARD_SIZE / 512u];
static uint32_t read_calls;

static int counting_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	int rc = test_memory_driver.read(m, addr, buf, len);
	read_calls++;
	for (uint64_t b = addr / 512u; rc == EXTMEM_OK && b < (addr + len + 511u) / 512u && b < CARD_SIZE / 512u; b++)
		block_reads[b]++;
	return rc;
}

static struct extmem_driver counting_driver;

static void *ram_ptr(void *ctx, uint32_t addr, uint32_t len)
{
	struct rig *r = ctx;
	if (addr < RAM_BASE || len > RAM_SIZE || addr - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return r->ram + (addr - RAM_BASE);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void setup_rig(uint32_t read_align)
{
	static uint8_t payload[PAYLOAD];
	struct extmem_image_header h;

	memset(&rig, 0, sizeof rig);
	memset(rig.ram, GUARD, sizeof rig.ram);
	test_memory_setup(&rig.mem, rig.card, CARD_SIZE); /* erased first */
	for (unsigned i = 0; i < PAYLOAD; i++)
		payload[i] = (uint8_t)(i * 7u + 3u);
	put32(payload, RAM_BASE + RAM_SIZE); /* initial SP at the top of the RAM */
	put32(payload + 4, RAM_BASE + 0x101u);
	assert_int_equal(extmem_image_header_build(&h, EXTMEM_IMAGE_LRUN, HDR, RAM_BASE, payload, PAYLOAD, 0, 1,
						   rig.card + SLOT_OFF),
			 EXTMEM_OK);
	memcpy(rig.card + SLOT_OFF + HDR, payload, PAYLOAD);
	rig.mem.read_align = read_align;
	rig.mem.write_align = read_align;
	counting_driver = test_memory_driver;
	counting_driver.read = counting_read;
	memset(block_reads, 0, sizeof block_reads);
	read_calls = 0;
	rig.table[0] = (struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &counting_driver, .data = &rig.mem};
	assert_int_equal(extmem_setup(&rig.em, rig.table, 1), EXTMEM_OK);
	assert_int_equal(extmem_init(&rig.em, 0), EXTMEM_OK);
	rig.region = (struct extmem_image_region){RAM_BASE, RAM_SIZE};
	rig.cfg = (struct extmem_boot_config){
		.em = &rig.em,
		.image_id = 0,
		.slot_offset = SLOT_OFF,
		.slot_size = SLOT_SIZE,
		.mode = EXTMEM_IMAGE_LRUN,
		.ram = &rig.region,
		.ram_count = 1,
		.ram_ptr = ram_ptr,
		.ram_ctx = &rig,
	};
}

static void lrun_from_a_512_byte_block_memory_copies_exactly_the_payload_and_starts_it(void **state)
{
	(void)state;
	struct extmem_boot_start s;
	setup_rig(512);
	int rc = extmem_boot_prepare(&rig.cfg, &s);
	if (rc != EXTMEM_OK)
		fail_msg("step %d check %d status %d", s.step, s.check, rc);
	assert_int_equal(s.step, EXTMEM_BOOT_STEP_READY);
	assert_int_equal(s.sp, RAM_BASE + RAM_SIZE);
	assert_int_equal(s.entry, RAM_BASE + 0x101u);
	assert_memory_equal(rig.ram, rig.card + SLOT_OFF + HDR, PAYLOAD);
	for (unsigned i = PAYLOAD; i < RAM_SIZE; i++)
		if (rig.ram[i] != GUARD)
			fail_msg("RAM byte %u past the %u-byte payload was written (0x%02X)", i, PAYLOAD, rig.ram[i]);
}

static void lrun_from_a_block_memory_reads_each_block_of_the_image_once(void **state)
{
	(void)state;
	struct extmem_boot_start s;
	setup_rig(512);
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_OK);
	/* header + payload = 1064 bytes from SLOT_OFF: blocks 0, 1 and 2 of the slot, nothing else */
	uint32_t first = SLOT_OFF / 512u, spans = (HDR + PAYLOAD + 511u) / 512u;
	for (uint32_t b = 0; b < CARD_SIZE / 512u; b++) {
		unsigned want = b >= first && b < first + spans ? 1u : 0u;
		if (block_reads[b] != want)
			fail_msg("block %u of the card read %u times, want %u", b, block_reads[b], want);
	}
	/* the header's block (kept for the payload's first 448 bytes), then blocks 1 and 2 */
	assert_int_equal(read_calls, 3);
}

static void lrun_from_a_block_memory_refuses_a_corrupted_payload_after_the_copy(void **state)
{
	(void)state;
	struct extmem_boot_start s;
	setup_rig(512);
	rig.card[SLOT_OFF + HDR + PAYLOAD - 1] ^= 0x01u; /* the last byte: in the partial last block */
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_ERR_FORMAT);
	assert_int_equal(s.step, EXTMEM_BOOT_STEP_PAYLOAD);
	assert_int_equal(s.check, EXTMEM_IMAGE_CHECK_PAYLOAD_CRC);
	assert_int_equal(s.entry, 0);
}

static void a_read_granularity_above_one_block_buffer_is_refused_as_misaligned(void **state)
{
	(void)state;
	struct extmem_boot_start s;
	setup_rig(1024); /* above the 512-byte bounce block: refused, not overrun */
	assert_int_equal(extmem_boot_prepare(&rig.cfg, &s), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(s.step, EXTMEM_BOOT_STEP_HEADER);
	assert_int_equal(s.entry, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lrun_from_a_512_byte_block_memory_copies_exactly_the_payload_and_starts_it),
		cmocka_unit_test(lrun_from_a_block_memory_reads_each_block_of_the_image_once),
		cmocka_unit_test(lrun_from_a_block_memory_refuses_a_corrupted_payload_after_the_copy),
		cmocka_unit_test(a_read_granularity_above_one_block_buffer_is_refused_as_misaligned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
