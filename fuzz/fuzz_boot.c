/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for extmem_boot_prepare over a fuzzed slot in a
 * RAM-backed USER memory (tests/common/test_memory.c), XIP or LRUN.
 *
 * Input: a 24-byte control block, then the slot's bytes. Control: [0] bit 0
 * XIP else LRUN, bit 1 recompute the header CRC, bit 2 recompute the payload
 * CRC, bit 3 the image memory is already mapped (a warm Boot), bit 4 the
 * memory's reads fail, bit 5 the second RAM region is given too; [1] slot
 * offset in 4 KiB units; [2..3] slot size in 256-byte units; [4..7] the
 * first RAM region's start offset from RAM_BASE and [8..11] its size,
 * [12..15] the XIP window's base, [16..23] the second region (start, size),
 * [24] the number of the read that fails (0: none), [25] bit 0 map fails,
 * [26..27] unused.
 *
 * Besides ASan/UBSan findings it traps when:
 * - the status is positive or READY comes with a failure (or the reverse);
 * - a failure leaves something to jump to (entry, sp or vector table);
 * - READY is reported for an image that an independent recheck of
 *   docs/image-format.md (raw bytes, bit-by-bit CRC) refuses, or with
 *   hand-over values that are not the image's;
 * - anything is written to the memory (the Boot only reads), or any byte
 *   of the RAM buffer outside [load_addr, load_addr + payload_size) changes;
 * - XIP READY without the image memory mapped.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem/boot.h"
#include "test_memory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CTL_BYTES  28u
#define FLASH_SIZE (1u << 16)
#define RAM_BASE   0x24000000u
#define RAM_SIZE   0x4000u
#define RAM_FILL   0xA5u

static uint8_t flash[FLASH_SIZE];
static uint8_t ram[RAM_SIZE];
static uint32_t asked_addr, asked_len;
static int asked;

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t ref_crc(const uint8_t *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int b = 0; b < 8; b++)
			c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
	}
	return c ^ 0xFFFFFFFFu;
}

/* The target RAM the Boot may load into: only [RAM_BASE, RAM_BASE + RAM_SIZE) is backed. */
static void *ram_ptr(void *ctx, uint32_t addr, uint32_t len)
{
	(void)ctx;
	asked++;
	asked_addr = addr;
	asked_len = len;
	if (addr < RAM_BASE || len > RAM_SIZE || addr - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return ram + (addr - RAM_BASE);
}

/* test_memory's driver with a read that fails at a chosen count and a map that may fail. */
static uint32_t reads, fail_read_at;
static int fail_map;

static int fz_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	if (++reads == fail_read_at)
		return EXTMEM_ERR_TIMEOUT;
	return test_memory_driver.read(m, addr, buf, len);
}

static int fz_map(struct extmem_memory *m)
{
	return fail_map ? EXTMEM_ERR_DEVICE : test_memory_driver.map(m);
}

static struct extmem_driver fz_driver;

static int in_region(uint64_t a, const struct extmem_image_region *r, uint32_t n, int end_ok)
{
	for (uint32_t i = 0; i < n; i++)
		if (a >= r[i].start &&
		    (end_ok ? a <= (uint64_t)r[i].start + r[i].size : a < (uint64_t)r[i].start + r[i].size))
			return 1;
	return 0;
}

/* Every rule of docs/image-format.md, from the slot's raw bytes and the Boot's configuration. */
static int ref_image_ok(const uint8_t *s, uint32_t slot_size, uint32_t mode, uint64_t slot_cpu,
			const struct extmem_image_region *r, uint32_t nr)
{
	uint32_t hs = (uint32_t)s[6] | (uint32_t)s[7] << 8, flags = rd32(s + 8), load = rd32(s + 12);
	uint32_t ps = rd32(s + 16), vo = rd32(s + 20);

	if (rd32(s) != 0x4D584D45u || ref_crc(s, 60) != rd32(s + 60) || s[4] != 1 || s[5] != 0)
		return 0;
	for (int i = 32; i < 60; i++)
		if (s[i])
			return 0;
	if (flags != mode || hs < 64 || hs % 4 || ps == 0 || ps % 4 || vo % 128 || (uint64_t)vo + 8 > ps ||
	    (uint64_t)hs + ps > slot_size || ((uint64_t)load + vo) % 128)
		return 0;
	if (mode == EXTMEM_IMAGE_XIP && (uint64_t)load != slot_cpu + hs)
		return 0;
	if (mode == EXTMEM_IMAGE_LRUN) {
		int placed = 0;
		for (uint32_t i = 0; i < nr; i++)
			if (load >= r[i].start && (uint64_t)load + ps <= (uint64_t)r[i].start + r[i].size &&
			    (uint64_t)r[i].start + r[i].size <= 0x100000000ull) /* a region past 4 GiB places nothing */
				placed = 1;
		if (!placed)
			return 0;
	}
	const uint8_t *pl = s + hs;
	uint32_t sp = rd32(pl + vo), reset = rd32(pl + vo + 4);
	if (ref_crc(pl, ps) != rd32(s + 24))
		return 0;
	if (sp % 8 || !in_region(sp, r, nr, 1))
		return 0;
	return (reset & 1u) && (reset & ~1u) >= load && (uint64_t)(reset & ~1u) < (uint64_t)load + ps;
}

/* Outcomes over the run (step where preparation stopped), printed at exit. */
static unsigned long outcome[EXTMEM_BOOT_STEP_READY + 1][2];

static void print_outcomes(void)
{
	fprintf(stderr, "fuzz_boot outcomes (step: LRUN, XIP)\n");
	for (int st = 0; st <= EXTMEM_BOOT_STEP_READY; st++)
		fprintf(stderr, "  %-8s %lu, %lu\n", extmem_boot_step_name((enum extmem_boot_step)st), outcome[st][0],
			outcome[st][1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct test_memory tm;
	struct extmem_memory table[1];
	struct extmem em;
	struct extmem_image_region regions[2];
	struct extmem_boot_start out;

	static int registered;
	if (!registered) {
		registered = 1;
		atexit(print_outcomes);
	}
	if (size < CTL_BYTES)
		return 0;
	uint8_t ctl = data[0];
	uint32_t slot_off = (uint32_t)data[1] * 4096u % FLASH_SIZE;
	uint32_t slot_size = ((uint32_t)data[2] | (uint32_t)data[3] << 8) * 256u;
	uint32_t mode = (ctl & 1u) ? EXTMEM_IMAGE_XIP : EXTMEM_IMAGE_LRUN;
	size_t n = size - CTL_BYTES;
	if (n > FLASH_SIZE - slot_off)
		n = FLASH_SIZE - slot_off;

	test_memory_setup(&tm, flash, FLASH_SIZE);
	memcpy(flash + slot_off, data + CTL_BYTES, n);
	uint8_t *s = flash + slot_off;
	if (n >= 64) {
		uint32_t hs = (uint32_t)s[6] | (uint32_t)s[7] << 8, ps = rd32(s + 16);
		if ((ctl & 4u) && (uint64_t)hs + ps <= FLASH_SIZE - slot_off)
			wr32(s + 24, ref_crc(s + hs, ps));
		if (ctl & 2u)
			wr32(s + 60, ref_crc(s, 60));
	}
	tm.mappable = true;
	tm.map_base = rd32(data + 12);
	regions[0] = (struct extmem_image_region){RAM_BASE + rd32(data + 4), rd32(data + 8)};
	regions[1] = (struct extmem_image_region){rd32(data + 16), rd32(data + 20)};
	fz_driver = test_memory_driver;
	fz_driver.read = fz_read;
	fz_driver.map = fz_map;
	reads = 0;
	fail_read_at = data[24];
	fail_map = 0;
	table[0] = (struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &fz_driver, .data = &tm};
	if (extmem_setup(&em, table, 1) != EXTMEM_OK || extmem_init(&em, 0) != EXTMEM_OK)
		__builtin_trap();
	if ((ctl & 8u) && extmem_map(&em, 0) != EXTMEM_OK)
		__builtin_trap();
	if (ctl & 16u)
		tm.io_status = EXTMEM_ERR_DEVICE;
	fail_map = data[25] & 1u;

	memset(ram, RAM_FILL, sizeof ram);
	asked = 0;
	const struct extmem_boot_config cfg = {
		.em = &em,
		.image_id = 0,
		.slot_offset = slot_off,
		.slot_size = slot_size,
		.mode = mode,
		.ram = regions,
		.ram_count = (ctl & 32u) ? 2u : 1u,
		.ram_ptr = ram_ptr,
		.ram_ctx = NULL,
	};
	int rc = extmem_boot_prepare(&cfg, &out);

	if ((unsigned)out.step <= EXTMEM_BOOT_STEP_READY)
		outcome[out.step][mode == EXTMEM_IMAGE_XIP]++;
	if (rc > 0 || rc != out.status || (rc == EXTMEM_OK) != (out.step == EXTMEM_BOOT_STEP_READY))
		__builtin_trap();
	if (tm.ops != 0)
		__builtin_trap(); /* the Boot wrote or erased the memory */
	/* RAM outside what the Boot asked ram_ptr for is untouched. */
	for (uint32_t i = 0; i < RAM_SIZE; i++) {
		uint32_t a = RAM_BASE + i;
		int inside = asked && a >= asked_addr && (uint64_t)a < (uint64_t)asked_addr + asked_len;
		if (!inside && ram[i] != RAM_FILL)
			__builtin_trap();
	}
	if (rc != EXTMEM_OK) {
		if (out.entry || out.sp || out.vector_table)
			__builtin_trap();
		return 0;
	}

	/* READY: the image passes an independent recheck, and the hand-over values are its own. */
	uint32_t slot_space = FLASH_SIZE - slot_off;
	if (slot_size > slot_space ||
	    !ref_image_ok(s, slot_size, mode, (uint64_t)tm.map_base + slot_off, regions, cfg.ram_count))
		__builtin_trap();
	uint32_t hs = (uint32_t)s[6] | (uint32_t)s[7] << 8, load = rd32(s + 12), vo = rd32(s + 20);
	if (out.vector_table != load + vo || out.sp != rd32(s + hs + vo) || out.entry != rd32(s + hs + vo + 4))
		__builtin_trap();
	if (mode == EXTMEM_IMAGE_LRUN) {
		uint32_t ps = rd32(s + 16);
		if (asked != 1 || asked_addr != load || asked_len != ps ||
		    memcmp(ram + (load - RAM_BASE), s + hs, ps) != 0)
			__builtin_trap();
	} else if (table[0].state != EXTMEM_STATE_MAPPED) {
		__builtin_trap();
	}
	return 0;
}
