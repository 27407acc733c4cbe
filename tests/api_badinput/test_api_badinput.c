/* SPDX-License-Identifier: MIT */
/*
 * Bad-input table for the public API: every call of extmem.h, boot.h,
 * image.h, sdcard.h, psram.h and nor_sfdp.h's unlock, fed NULL pointers,
 * zero lengths, wrapping ranges, unaligned erases, calls in the wrong state
 * (before setup, before init, twice, while mapped), wrong ids and drivers
 * that answer garbage. Each row names what it pins and the status the
 * headers document (extmem_status.h says what each status means; where a
 * header is silent the row says so). After every row the memories hold
 * the bytes they held before, and their write logs (tests/common/
 * test_memory.c) are empty: a refused call reaches no device.
 *
 * The found_* rows pin defects this table found (issue 14's manager list
 * and a vector table off VTOR alignment); each failed before its fix.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/boot.h"
#include "extmem/extmem.h"
#include "extmem/image.h"
#include "extmem/nor_sfdp.h"
#include "extmem/psram.h"
#include "extmem/sdcard.h"
#include "test_memory.h"

#define NOR_SIZE   (128u * 1024u)
#define ALN_SIZE   (16u * 1024u)
#define WINDOW     0x70000000u
#define RAM_BASE   0x24000000u
#define RAM_SIZE   0x2000u
#define SLOT_OFF   0x10000u
#define SLOT_SIZE  0x8000u
#define PAYLOAD    0x400u
#define NOR_ID     0u /* NOR-like, mappable, 4 KiB / 64 KiB erase */
#define ALN_ID     1u /* 4-byte read and write alignment, not mappable, no erase */
#define GARBAGE_ID 2u /* a USER driver whose every op returns rig.garbage */
#define MEMORIES   3u

/* Where a row starts from. */
enum start {
	S_NO_SETUP, /* a zeroed struct extmem, extmem_setup never called */
	S_OFF,      /* set up, nothing initialised */
	S_READY,    /* every memory initialised */
	S_MAPPED,   /* ... and NOR_ID mapped */
};

struct rig {
	uint8_t nor[NOR_SIZE], nor_before[NOR_SIZE];
	uint8_t aln[ALN_SIZE], aln_before[ALN_SIZE];
	uint8_t ram[RAM_SIZE];
	uint8_t buf[256];
	struct test_memory tnor, taln, tgarbage;
	struct extmem_memory table[MEMORIES];
	struct extmem em;
	int garbage;          /* what the garbage driver's ops return */
	int garbage_calls;    /* ops of the garbage driver reached */
	uint32_t garbage_eat; /* garbage driver init: erase size it reports */
	struct extmem_image_region ram_region;
	struct extmem_boot_config boot;
};

static struct rig rig;

/* ---- the garbage driver: a test memory whose ops return rig.garbage ---- */

static int g_init(struct extmem_memory *m)
{
	int rc = test_memory_driver.init(m);
	rig.garbage_calls++;
	if (rig.garbage_eat) {
		m->info.erase_type_count = 1;
		m->info.erase_sizes[0] = rig.garbage_eat;
	}
	return rc;
}

static int g_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	(void)m, (void)addr, (void)buf, (void)len;
	rig.garbage_calls++;
	return rig.garbage;
}

static int g_write(struct extmem_memory *m, uint64_t addr, const void *buf, size_t len)
{
	(void)m, (void)addr, (void)buf, (void)len;
	rig.garbage_calls++;
	return rig.garbage;
}

static int g_erase(struct extmem_memory *m, uint64_t addr, uint64_t len)
{
	(void)m, (void)addr, (void)len;
	rig.garbage_calls++;
	return rig.garbage;
}

static int g_op(struct extmem_memory *m)
{
	(void)m;
	rig.garbage_calls++;
	return rig.garbage;
}

static const struct extmem_driver garbage_driver = {
	.name = "garbage",
	.init = g_init,
	.deinit = g_op,
	.read = g_read,
	.write = g_write,
	.erase = g_erase,
	.erase_all = g_op,
	.map = g_op,
	.unmap = g_op,
};

static uint8_t garbage_array[ALN_SIZE];

/* ---- the rig ---- */

static void *ram_ptr(void *ctx, uint32_t addr, uint32_t len)
{
	(void)ctx;
	if (addr < RAM_BASE || len > RAM_SIZE || addr - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return rig.ram + (addr - RAM_BASE);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A good XIP image in NOR_ID's slot, so boot rows fail only for their own reason. */
static void program_xip_image(void)
{
	static uint8_t payload[PAYLOAD];
	struct extmem_image_header h;
	for (unsigned i = 0; i < PAYLOAD; i++)
		payload[i] = (uint8_t)(i * 7u);
	put32(payload, RAM_BASE + RAM_SIZE);
	put32(payload + 4, WINDOW + SLOT_OFF + 0x400u + 0x41u);
	assert_int_equal(extmem_image_header_build(&h, EXTMEM_IMAGE_XIP, 0x400u, WINDOW + SLOT_OFF + 0x400u, payload,
						   PAYLOAD, 0, 1, rig.nor + SLOT_OFF),
			 EXTMEM_OK);
	memcpy(rig.nor + SLOT_OFF + 0x400u, payload, PAYLOAD);
}

static void make_rig(enum start start)
{
	memset(&rig, 0, sizeof rig);
	test_memory_setup(&rig.tnor, rig.nor, NOR_SIZE);
	rig.tnor.mappable = true;
	rig.tnor.map_base = WINDOW;
	for (unsigned i = 0; i < NOR_SIZE; i++)
		rig.nor[i] = (uint8_t)(i ^ (i >> 9));
	program_xip_image();
	test_memory_setup(&rig.taln, rig.aln, ALN_SIZE);
	rig.taln.write_align = 4;
	rig.taln.read_align = 4;
	rig.taln.erase_type_count = 0;
	rig.taln.erase_sizes[0] = rig.taln.erase_sizes[1] = 0;
	for (unsigned i = 0; i < ALN_SIZE; i++)
		rig.aln[i] = (uint8_t)(i * 3u);
	test_memory_setup(&rig.tgarbage, garbage_array, sizeof garbage_array);
	/* 16 KiB: 4 KiB erases only, so the geometry is one the manager accepts (its 64 KiB would not divide it) */
	rig.tgarbage.erase_type_count = 1;
	rig.tgarbage.erase_sizes[1] = 0;
	rig.tgarbage.mappable = true;
	rig.tgarbage.map_base = 0x90000000u;
	memcpy(rig.nor_before, rig.nor, NOR_SIZE);
	memcpy(rig.aln_before, rig.aln, ALN_SIZE);
	memset(rig.ram, 0x5A, sizeof rig.ram);

	rig.table[NOR_ID] =
		(struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &test_memory_driver, .data = &rig.tnor};
	rig.table[ALN_ID] =
		(struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &test_memory_driver, .data = &rig.taln};
	rig.table[GARBAGE_ID] =
		(struct extmem_memory){.kind = EXTMEM_KIND_USER, .driver = &garbage_driver, .data = &rig.tgarbage};
	rig.ram_region = (struct extmem_image_region){RAM_BASE, RAM_SIZE};
	rig.boot = (struct extmem_boot_config){
		.em = &rig.em,
		.image_id = NOR_ID,
		.slot_offset = SLOT_OFF,
		.slot_size = SLOT_SIZE,
		.mode = EXTMEM_IMAGE_XIP,
		.ram = &rig.ram_region,
		.ram_count = 1,
		.ram_ptr = ram_ptr,
	};
	if (start == S_NO_SETUP)
		return;
	assert_int_equal(extmem_setup(&rig.em, rig.table, MEMORIES), EXTMEM_OK);
	if (start == S_OFF)
		return;
	for (uint32_t id = 0; id < MEMORIES; id++)
		assert_int_equal(extmem_init(&rig.em, id), EXTMEM_OK);
	rig.garbage_calls = 0;
	if (start == S_MAPPED)
		assert_int_equal(extmem_map(&rig.em, NOR_ID), EXTMEM_OK);
}

/* A refused call reached no device and changed no byte. */
static void assert_nothing_written(void)
{
	assert_int_equal(rig.tnor.ops, 0);
	assert_int_equal(rig.taln.ops, 0);
	assert_memory_equal(rig.nor, rig.nor_before, NOR_SIZE);
	assert_memory_equal(rig.aln, rig.aln_before, ALN_SIZE);
	for (unsigned i = 0; i < RAM_SIZE; i++)
		assert_int_equal(rig.ram[i], 0x5A);
}

/* ---- the rows ---- */

enum op {
	OP_SETUP,
	OP_INIT,
	OP_DEINIT,
	OP_READ,
	OP_WRITE,
	OP_ERASE,
	OP_ERASE_ALL,
	OP_MAP,
	OP_UNMAP,
	OP_MAP_BASE,
	OP_INFO,
	OP_UNLOCK,
};

/* Pointer arguments a row may replace by NULL. */
#define NULL_EM  1u /* the struct extmem * */
#define NULL_BUF 2u /* the data buffer, the out pointer of map_base / info */
#define NULL_TAB 4u /* extmem_setup's table */

struct row {
	const char *name;
	enum start start;
	enum op op;
	uint32_t id;
	uint64_t addr, len;
	unsigned nulls;
	int expect;
	/* what the row also pins, after the status */
	enum extmem_state state_after; /* of `id` when id < MEMORIES (0: OFF) */
	int check_state;
};

static int run_op(const struct row *r)
{
	struct extmem *em = (r->nulls & NULL_EM) ? NULL : &rig.em;
	void *buf = (r->nulls & NULL_BUF) ? NULL : rig.buf;
	struct extmem_info info;
	uintptr_t base;
	size_t len = (size_t)r->len;

	switch (r->op) {
	case OP_SETUP: return extmem_setup(em, (r->nulls & NULL_TAB) ? NULL : rig.table, (uint32_t)r->len);
	case OP_INIT: return extmem_init(em, r->id);
	case OP_DEINIT: return extmem_deinit(em, r->id);
	case OP_READ: return extmem_read(em, r->id, r->addr, buf, len);
	case OP_WRITE: return extmem_write(em, r->id, r->addr, buf, len);
	case OP_ERASE: return extmem_erase(em, r->id, r->addr, r->len);
	case OP_ERASE_ALL: return extmem_erase_all(em, r->id);
	case OP_MAP: return extmem_map(em, r->id);
	case OP_UNMAP: return extmem_unmap(em, r->id);
	case OP_MAP_BASE: return extmem_map_base(em, r->id, (r->nulls & NULL_BUF) ? NULL : &base);
	case OP_INFO: return extmem_info(em, r->id, (r->nulls & NULL_BUF) ? NULL : &info);
	case OP_UNLOCK: return extmem_nor_sfdp_unlock(em, r->id);
	}
	return 1;
}

#define SZ   ((uint64_t)NOR_SIZE)
#define U64  UINT64_MAX
#define SZMX ((uint64_t)SIZE_MAX)
/* clang-format off */
static const struct row manager_rows[] = {
	/* extmem_setup */
	{"setup_null_manager_is_invalid", S_NO_SETUP, OP_SETUP, 0, 0, MEMORIES, NULL_EM, EXTMEM_ERR_INVALID, 0, 0},
	{"setup_null_table_is_invalid", S_NO_SETUP, OP_SETUP, 0, 0, MEMORIES, NULL_TAB, EXTMEM_ERR_INVALID, 0, 0},
	{"setup_zero_memories_is_invalid", S_NO_SETUP, OP_SETUP, 0, 0, 0, 0, EXTMEM_ERR_INVALID, 0, 0},
	/* calls before setup: the manager has no table (a bad argument) */
	{"init_before_setup_is_invalid", S_NO_SETUP, OP_INIT, NOR_ID, 0, 0, 0, EXTMEM_ERR_INVALID, 0, 0},
	{"read_before_setup_is_invalid", S_NO_SETUP, OP_READ, NOR_ID, 0, 16, 0, EXTMEM_ERR_INVALID, 0, 0},
	{"write_before_setup_is_invalid", S_NO_SETUP, OP_WRITE, NOR_ID, 0, 16, 0, EXTMEM_ERR_INVALID, 0, 0},
	{"erase_before_setup_is_invalid", S_NO_SETUP, OP_ERASE, NOR_ID, 0, 4096, 0, EXTMEM_ERR_INVALID, 0, 0},
	{"erase_all_before_setup_is_invalid", S_NO_SETUP, OP_ERASE_ALL, NOR_ID, 0, 0, 0, EXTMEM_ERR_INVALID, 0, 0},
	{"map_before_setup_is_invalid", S_NO_SETUP, OP_MAP, NOR_ID, 0, 0, 0, EXTMEM_ERR_INVALID, 0, 0},
	{"info_before_setup_is_invalid", S_NO_SETUP, OP_INFO, NOR_ID, 0, 0, 0, EXTMEM_ERR_INVALID, 0, 0},
	/* NULL manager on a set-up rig */
	{"init_null_manager_is_invalid", S_OFF, OP_INIT, NOR_ID, 0, 0, NULL_EM, EXTMEM_ERR_INVALID, EXTMEM_STATE_OFF, 1},
	{"deinit_null_manager_is_invalid", S_READY, OP_DEINIT, NOR_ID, 0, 0, NULL_EM, EXTMEM_ERR_INVALID, EXTMEM_STATE_READY, 1},
	{"read_null_manager_is_invalid", S_READY, OP_READ, NOR_ID, 0, 16, NULL_EM, EXTMEM_ERR_INVALID, EXTMEM_STATE_READY, 1},
	{"write_null_manager_is_invalid", S_READY, OP_WRITE, NOR_ID, 0, 16, NULL_EM, EXTMEM_ERR_INVALID, EXTMEM_STATE_READY, 1},
	{"erase_null_manager_is_invalid", S_READY, OP_ERASE, NOR_ID, 0, 4096, NULL_EM, EXTMEM_ERR_INVALID, EXTMEM_STATE_READY, 1},
	{"erase_all_null_manager_is_invalid", S_READY, OP_ERASE_ALL, NOR_ID, 0, 0, NULL_EM, EXTMEM_ERR_INVALID, EXTMEM_STATE_READY, 1},
	{"map_null_manager_is_invalid", S_READY, OP_MAP, NOR_ID, 0, 0, NULL_EM, EXTMEM_ERR_INVALID, EXTMEM_STATE_READY, 1},
	{"unmap_null_manager_is_invalid", S_MAPPED, OP_UNMAP, NOR_ID, 0, 0, NULL_EM, EXTMEM_ERR_INVALID, EXTMEM_STATE_MAPPED, 1},
	{"map_base_null_manager_is_invalid", S_READY, OP_MAP_BASE, NOR_ID, 0, 0, NULL_EM, EXTMEM_ERR_INVALID, 0, 0},
	{"info_null_manager_is_invalid", S_READY, OP_INFO, NOR_ID, 0, 0, NULL_EM, EXTMEM_ERR_INVALID, 0, 0},
	{"unlock_null_manager_is_invalid", S_READY, OP_UNLOCK, NOR_ID, 0, 0, NULL_EM, EXTMEM_ERR_INVALID, 0, 0},
	/* wrong ids: one past the table, and the largest id */
	{"init_id_past_table_is_bad_id", S_OFF, OP_INIT, MEMORIES, 0, 0, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"init_id_max_is_bad_id", S_OFF, OP_INIT, UINT32_MAX, 0, 0, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"deinit_id_past_table_is_bad_id", S_READY, OP_DEINIT, MEMORIES, 0, 0, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"read_id_past_table_is_bad_id", S_READY, OP_READ, MEMORIES, 0, 16, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"read_id_max_is_bad_id", S_READY, OP_READ, UINT32_MAX, 0, 16, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"write_id_past_table_is_bad_id", S_READY, OP_WRITE, MEMORIES, 0, 16, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"erase_id_past_table_is_bad_id", S_READY, OP_ERASE, MEMORIES, 0, 4096, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"erase_all_id_max_is_bad_id", S_READY, OP_ERASE_ALL, UINT32_MAX, 0, 0, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"map_id_past_table_is_bad_id", S_READY, OP_MAP, MEMORIES, 0, 0, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"unmap_id_past_table_is_bad_id", S_MAPPED, OP_UNMAP, MEMORIES, 0, 0, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"map_base_id_past_table_is_bad_id", S_READY, OP_MAP_BASE, MEMORIES, 0, 0, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"info_id_max_is_bad_id", S_READY, OP_INFO, UINT32_MAX, 0, 0, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	{"unlock_id_past_table_is_bad_id", S_READY, OP_UNLOCK, MEMORIES, 0, 0, 0, EXTMEM_ERR_BAD_ID, 0, 0},
	/* calls before init: "not initialised" is EXTMEM_ERR_STATE */
	{"deinit_before_init_is_state", S_OFF, OP_DEINIT, NOR_ID, 0, 0, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_OFF, 1},
	{"read_before_init_is_state", S_OFF, OP_READ, NOR_ID, 0, 16, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_OFF, 1},
	{"write_before_init_is_state", S_OFF, OP_WRITE, NOR_ID, 0, 16, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_OFF, 1},
	{"erase_before_init_is_state", S_OFF, OP_ERASE, NOR_ID, 0, 4096, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_OFF, 1},
	{"erase_all_before_init_is_state", S_OFF, OP_ERASE_ALL, NOR_ID, 0, 0, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_OFF, 1},
	{"map_before_init_is_state", S_OFF, OP_MAP, NOR_ID, 0, 0, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_OFF, 1},
	{"unmap_before_init_is_state", S_OFF, OP_UNMAP, NOR_ID, 0, 0, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_OFF, 1},
	{"map_base_before_init_is_state", S_OFF, OP_MAP_BASE, NOR_ID, 0, 0, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_OFF, 1},
	{"info_before_init_is_state", S_OFF, OP_INFO, NOR_ID, 0, 0, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_OFF, 1},
	{"unlock_before_init_is_state", S_OFF, OP_UNLOCK, NOR_ID, 0, 0, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_OFF, 1},
	/* double init: "already initialised" is EXTMEM_ERR_STATE, and the memory stays as it was */
	{"init_twice_is_state", S_READY, OP_INIT, NOR_ID, 0, 0, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_READY, 1},
	{"init_while_mapped_is_state", S_MAPPED, OP_INIT, NOR_ID, 0, 0, 0, EXTMEM_ERR_STATE, EXTMEM_STATE_MAPPED, 1},
	/* NULL buffers and out pointers */
	{"read_null_buffer_is_invalid", S_READY, OP_READ, NOR_ID, 0, 16, NULL_BUF, EXTMEM_ERR_INVALID, EXTMEM_STATE_READY, 1},
	{"write_null_buffer_is_invalid", S_READY, OP_WRITE, NOR_ID, 0, 16, NULL_BUF, EXTMEM_ERR_INVALID, EXTMEM_STATE_READY, 1},
	{"map_base_null_out_is_invalid", S_MAPPED, OP_MAP_BASE, NOR_ID, 0, 0, NULL_BUF, EXTMEM_ERR_INVALID, EXTMEM_STATE_MAPPED, 1},
	{"info_null_out_is_invalid", S_READY, OP_INFO, NOR_ID, 0, 0, NULL_BUF, EXTMEM_ERR_INVALID, EXTMEM_STATE_READY, 1},
	/* zero lengths: the header promises drivers lengths > 0, so none reaches the device (header silent on the status: OK) */
	{"read_zero_length_reaches_no_driver", S_READY, OP_READ, NOR_ID, 0, 0, 0, EXTMEM_OK, EXTMEM_STATE_READY, 1},
	{"read_zero_length_null_buffer_reaches_no_driver", S_READY, OP_READ, NOR_ID, 16, 0, NULL_BUF, EXTMEM_OK, EXTMEM_STATE_READY, 1},
	{"write_zero_length_reaches_no_driver", S_READY, OP_WRITE, NOR_ID, 0, 0, 0, EXTMEM_OK, EXTMEM_STATE_READY, 1},
	{"erase_zero_length_reaches_no_driver", S_READY, OP_ERASE, NOR_ID, 0, 0, 0, EXTMEM_OK, EXTMEM_STATE_READY, 1},
	{"read_zero_length_at_the_end_is_inside", S_READY, OP_READ, NOR_ID, SZ, 0, 0, EXTMEM_OK, EXTMEM_STATE_READY, 1},
	{"read_zero_length_past_the_end_is_out_of_range", S_READY, OP_READ, NOR_ID, SZ + 1, 0, 0, EXTMEM_ERR_OUT_OF_RANGE, EXTMEM_STATE_READY, 1},
	/* ranges: past the end, and addr + len wrapping 64 bits */
	{"read_one_byte_past_the_end_is_out_of_range", S_READY, OP_READ, NOR_ID, SZ - 15, 16, 0, EXTMEM_ERR_OUT_OF_RANGE, 0, 0},
	{"read_at_the_end_is_out_of_range", S_READY, OP_READ, NOR_ID, SZ, 1, 0, EXTMEM_ERR_OUT_OF_RANGE, 0, 0},
	{"read_addr_max_wraps_and_is_out_of_range", S_READY, OP_READ, NOR_ID, U64, 2, 0, EXTMEM_ERR_OUT_OF_RANGE, 0, 0},
	{"read_len_max_wraps_and_is_out_of_range", S_READY, OP_READ, NOR_ID, 16, SZMX, 0, EXTMEM_ERR_OUT_OF_RANGE, 0, 0},
	{"write_one_byte_past_the_end_is_out_of_range", S_READY, OP_WRITE, NOR_ID, SZ - 15, 16, 0, EXTMEM_ERR_OUT_OF_RANGE, 0, 0},
	{"write_addr_max_wraps_and_is_out_of_range", S_READY, OP_WRITE, NOR_ID, U64 - 7, 16, 0, EXTMEM_ERR_OUT_OF_RANGE, 0, 0},
	{"write_len_max_wraps_and_is_out_of_range", S_READY, OP_WRITE, NOR_ID, 1, SZMX, 0, EXTMEM_ERR_OUT_OF_RANGE, 0, 0},
	{"erase_past_the_end_is_out_of_range", S_READY, OP_ERASE, NOR_ID, SZ - 4096, 8192, 0, EXTMEM_ERR_OUT_OF_RANGE, 0, 0},
	{"erase_len_wrapping_to_zero_is_out_of_range", S_READY, OP_ERASE, NOR_ID, 4096, U64 - 4095, 0, EXTMEM_ERR_OUT_OF_RANGE, 0, 0},
	{"erase_addr_max_is_out_of_range", S_READY, OP_ERASE, NOR_ID, U64 - 4095, 4096, 0, EXTMEM_ERR_OUT_OF_RANGE, 0, 0},
	/* alignment */
	{"erase_start_off_the_sector_is_misaligned", S_READY, OP_ERASE, NOR_ID, 1, 4096, 0, EXTMEM_ERR_MISALIGNED, 0, 0},
	{"erase_end_off_the_sector_is_misaligned", S_READY, OP_ERASE, NOR_ID, 0, 4095, 0, EXTMEM_ERR_MISALIGNED, 0, 0},
	{"erase_half_sector_at_4k_is_misaligned", S_READY, OP_ERASE, NOR_ID, 4096, 2048, 0, EXTMEM_ERR_MISALIGNED, 0, 0},
	{"write_off_the_write_alignment_is_misaligned", S_READY, OP_WRITE, ALN_ID, 2, 4, 0, EXTMEM_ERR_MISALIGNED, 0, 0},
	{"write_length_off_the_write_alignment_is_misaligned", S_READY, OP_WRITE, ALN_ID, 0, 6, 0, EXTMEM_ERR_MISALIGNED, 0, 0},
	{"read_off_the_read_alignment_is_misaligned", S_READY, OP_READ, ALN_ID, 1, 4, 0, EXTMEM_ERR_MISALIGNED, 0, 0},
	/* operations the memory does not offer */
	{"erase_without_erase_types_is_not_supported", S_READY, OP_ERASE, ALN_ID, 0, 4096, 0, EXTMEM_ERR_NOT_SUPPORTED, 0, 0},
	{"map_of_unmappable_memory_is_not_supported", S_READY, OP_MAP, ALN_ID, 0, 0, 0, EXTMEM_ERR_NOT_SUPPORTED, EXTMEM_STATE_READY, 1},
	{"unmap_of_unmappable_memory_is_not_supported", S_READY, OP_UNMAP, ALN_ID, 0, 0, 0, EXTMEM_ERR_NOT_SUPPORTED, EXTMEM_STATE_READY, 1},
	{"map_base_of_unmappable_memory_is_not_supported", S_READY, OP_MAP_BASE, ALN_ID, 0, 0, 0, EXTMEM_ERR_NOT_SUPPORTED, 0, 0},
	{"unlock_of_a_user_memory_is_not_supported", S_READY, OP_UNLOCK, NOR_ID, 0, 0, 0, EXTMEM_ERR_NOT_SUPPORTED, 0, 0},
	/* memory-mapped mode: "busy in memory-mapped mode: unmap first" */
	{"read_while_mapped_is_mapped", S_MAPPED, OP_READ, NOR_ID, 0, 16, 0, EXTMEM_ERR_MAPPED, EXTMEM_STATE_MAPPED, 1},
	{"write_while_mapped_is_mapped", S_MAPPED, OP_WRITE, NOR_ID, 0, 16, 0, EXTMEM_ERR_MAPPED, EXTMEM_STATE_MAPPED, 1},
	{"erase_while_mapped_is_mapped", S_MAPPED, OP_ERASE, NOR_ID, 0, 4096, 0, EXTMEM_ERR_MAPPED, EXTMEM_STATE_MAPPED, 1},
	{"erase_all_while_mapped_is_mapped", S_MAPPED, OP_ERASE_ALL, NOR_ID, 0, 0, 0, EXTMEM_ERR_MAPPED, EXTMEM_STATE_MAPPED, 1},
	{"unlock_while_mapped_is_not_supported_for_user", S_MAPPED, OP_UNLOCK, NOR_ID, 0, 0, 0, EXTMEM_ERR_NOT_SUPPORTED, EXTMEM_STATE_MAPPED, 1},
	/* header silent: a second map and an unmap of an unmapped memory are no-ops that succeed */
	{"map_twice_succeeds_and_stays_mapped", S_MAPPED, OP_MAP, NOR_ID, 0, 0, 0, EXTMEM_OK, EXTMEM_STATE_MAPPED, 1},
	{"unmap_while_not_mapped_succeeds", S_READY, OP_UNMAP, NOR_ID, 0, 0, 0, EXTMEM_OK, EXTMEM_STATE_READY, 1},
	/* what stays allowed while mapped */
	{"info_while_mapped_succeeds", S_MAPPED, OP_INFO, NOR_ID, 0, 0, 0, EXTMEM_OK, EXTMEM_STATE_MAPPED, 1},
	{"map_base_while_mapped_succeeds", S_MAPPED, OP_MAP_BASE, NOR_ID, 0, 0, 0, EXTMEM_OK, EXTMEM_STATE_MAPPED, 1},
	{"deinit_while_mapped_unmaps_and_turns_off", S_MAPPED, OP_DEINIT, NOR_ID, 0, 0, 0, EXTMEM_OK, EXTMEM_STATE_OFF, 1},
	/* a driver that answers with a device error: passed through, nothing else done */
	{"garbage_driver_read_error_is_passed_through", S_READY, OP_READ, GARBAGE_ID, 0, 16, 0, EXTMEM_ERR_DEVICE, EXTMEM_STATE_READY, 1},
};
/* clang-format on */

/* Row parameters that set the garbage driver's answer, by row index. */
static int garbage_for(const struct row *r)
{
	return r->id == GARBAGE_ID ? EXTMEM_ERR_DEVICE : EXTMEM_OK;
}

static void manager_row(void **state)
{
	const struct row *r = *state;
	make_rig(r->start);
	rig.garbage = garbage_for(r);
	uint32_t nor_reads = rig.tnor.reads, nor_maps = rig.tnor.maps;
	int rc = run_op(r);
	assert_int_equal(rc, r->expect);
	if (r->check_state && r->id < MEMORIES)
		assert_int_equal(rig.table[r->id].state, r->state_after);
	assert_nothing_written();
	/* Zero-length and refused reads never reach the device; a second map is not sent again. */
	if (r->op == OP_READ && (r->expect != EXTMEM_OK || r->len == 0))
		assert_int_equal(rig.tnor.reads, nor_reads);
	if (r->op == OP_MAP && r->start == S_MAPPED)
		assert_int_equal(rig.tnor.maps, nor_maps);
}

/* ---- rows that need more than one call ---- */

/* A driver whose init fails leaves the memory OFF: every call after it is EXTMEM_ERR_STATE. */
static void failed_init_leaves_the_memory_off(void **state)
{
	(void)state;
	make_rig(S_OFF);
	rig.tnor.init_status = EXTMEM_ERR_NO_DEVICE;
	assert_int_equal(extmem_init(&rig.em, NOR_ID), EXTMEM_ERR_NO_DEVICE);
	assert_int_equal(rig.table[NOR_ID].state, EXTMEM_STATE_OFF);
	assert_int_equal(extmem_read(&rig.em, NOR_ID, 0, rig.buf, 16), EXTMEM_ERR_STATE);
	assert_int_equal(extmem_map(&rig.em, NOR_ID), EXTMEM_ERR_STATE);
	assert_nothing_written();
}

/* extmem_setup refuses a table with a driver that lacks init or read, and binds nothing. */
static void setup_refuses_drivers_without_init_or_read(void **state)
{
	(void)state;
	static const struct extmem_driver no_init = {.name = "no-init", .read = g_read};
	static const struct extmem_driver no_read = {.name = "no-read", .init = g_init};
	const struct extmem_driver *bad[] = {NULL, &no_init, &no_read};
	for (unsigned i = 0; i < 3; i++) {
		make_rig(S_NO_SETUP);
		rig.table[ALN_ID].driver = bad[i];
		assert_int_equal(extmem_setup(&rig.em, rig.table, MEMORIES), EXTMEM_ERR_INVALID);
		assert_null(rig.em.memories);
		assert_int_equal(extmem_init(&rig.em, NOR_ID), EXTMEM_ERR_INVALID);
	}
	assert_nothing_written();
}

/* A driver's description that cannot be relied on is refused at init (EXTMEM_ERR_INVALID), memory stays OFF. */
static void init_refuses_an_unusable_description(void **state)
{
	(void)state;
	for (int c = 0; c < 4; c++) {
		make_rig(S_OFF);
		struct test_memory *t = &rig.taln;
		if (c == 0)
			t->size = 0; /* no bytes */
		if (c == 1) {        /* erase sizes not ascending */
			t->erase_type_count = 2;
			t->erase_sizes[0] = 65536;
			t->erase_sizes[1] = 4096;
		}
		if (c == 2) { /* a zero erase size */
			t->erase_type_count = 1;
			t->erase_sizes[0] = 0;
		}
		if (c == 3)
			t->erase_type_count = EXTMEM_MAX_ERASE_TYPES + 1;
		assert_int_equal(extmem_init(&rig.em, ALN_ID), EXTMEM_ERR_INVALID);
		assert_int_equal(rig.table[ALN_ID].state, EXTMEM_STATE_OFF);
	}
	assert_nothing_written();
}

/* The built-in drivers refuse a missing configuration or state at init instead of dereferencing it. */
static void builtin_drivers_refuse_missing_config(void **state)
{
	(void)state;
	static struct extmem_psram_data psd;
	static struct extmem_sdcard_data sdd;
	static struct extmem_nor_sfdp_data nord;
	static const struct extmem_psram_config ps_no_part = {.link = {.data_lines = 8}};
	static const struct extmem_psram_config ps_no_ops = {
		.link = {.data_lines = 8, .dqs_wired = true, .dtr_capable = true}, .part = &extmem_psram_aps256xxn};
	static const struct extmem_sdcard_config sd_no_ops = {.link = {.bus_width = 4}};
	static const struct extmem_nor_sfdp_config nor_no_ops = {.link = {.data_lines = 1}};
	const struct {
		const char *what;
		enum extmem_kind kind;
		const struct extmem_driver *drv;
		const void *config;
		void *data;
	} cases[] = {
		{"psram, config NULL", EXTMEM_KIND_PSRAM, &extmem_psram_driver, NULL, &psd},
		{"psram, data NULL", EXTMEM_KIND_PSRAM, &extmem_psram_driver, &ps_no_ops, NULL},
		{"psram, part NULL", EXTMEM_KIND_PSRAM, &extmem_psram_driver, &ps_no_part, &psd},
		{"psram, link ops NULL", EXTMEM_KIND_PSRAM, &extmem_psram_driver, &ps_no_ops, &psd},
		{"sdcard, config NULL", EXTMEM_KIND_SDCARD, &extmem_sdcard_driver, NULL, &sdd},
		{"sdcard, data NULL", EXTMEM_KIND_SDCARD, &extmem_sdcard_driver, &sd_no_ops, NULL},
		{"sdcard, link ops NULL", EXTMEM_KIND_SDCARD, &extmem_sdcard_driver, &sd_no_ops, &sdd},
		{"nor, config NULL", EXTMEM_KIND_NOR_SFDP, &extmem_nor_sfdp_driver, NULL, &nord},
		{"nor, data NULL", EXTMEM_KIND_NOR_SFDP, &extmem_nor_sfdp_driver, &nor_no_ops, NULL},
		{"nor, link ops NULL", EXTMEM_KIND_NOR_SFDP, &extmem_nor_sfdp_driver, &nor_no_ops, &nord},
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct extmem_memory m = {.kind = cases[i].kind,
					  .driver = cases[i].drv,
					  .config = cases[i].config,
					  .data = cases[i].data};
		struct extmem em;
		assert_int_equal(extmem_setup(&em, &m, 1), EXTMEM_OK);
		int rc = extmem_init(&em, 0);
		if (rc != EXTMEM_ERR_INVALID)
			fail_msg("%s: init returned %s, not EXTMEM_ERR_INVALID", cases[i].what, extmem_status_name(rc));
		assert_int_equal(m.state, EXTMEM_STATE_OFF);
		/* unlock on the unready NOR: not initialised */
		if (cases[i].kind == EXTMEM_KIND_NOR_SFDP)
			assert_int_equal(extmem_nor_sfdp_unlock(&em, 0), EXTMEM_ERR_STATE);
	}
}

/* ---- boot.h ---- */

static void assert_boot_refused(int rc, const struct extmem_boot_start *s, int status, enum extmem_boot_step step)
{
	assert_int_equal(rc, status);
	assert_int_equal(s->status, status);
	assert_int_equal(s->step, step);
	assert_int_equal(s->entry, 0);
	assert_int_equal(s->sp, 0);
	assert_int_equal(s->vector_table, 0);
}

/* The good image in the rig boots: the boot rows below fail only for their own reason. */
static void boot_rig_image_is_good(void **state)
{
	(void)state;
	struct extmem_boot_start s;
	make_rig(S_READY);
	assert_int_equal(extmem_boot_prepare(&rig.boot, &s), EXTMEM_OK);
	assert_int_equal(s.step, EXTMEM_BOOT_STEP_READY);
	assert_nothing_written();
}

enum boot_bad {
	B_NULL_CFG,
	B_NULL_EM,
	B_MODE_ZERO,
	B_MODE_BOTH,
	B_RAM_NULL,
	B_MAP_IDS_NULL,
	B_SLOT_TOO_SMALL,
	B_SLOT_PAST_END,
	B_SLOT_OFFSET_WRAPS,
	B_SLOT_SIZE_PAST_END,
	B_BAD_IMAGE_ID,
	B_IMAGE_MEMORY_OFF,
	B_XIP_UNMAPPABLE,
	B_BAD_MAP_ID,
	B_LRUN_NO_RAM_PTR_TARGET,
	B_COUNT,
};

static const struct {
	const char *name;
	int status;
	enum extmem_boot_step step;
} boot_rows[B_COUNT] = {
	[B_NULL_CFG] = {"boot_null_config_is_invalid", EXTMEM_ERR_INVALID, EXTMEM_BOOT_STEP_CONFIG},
	[B_NULL_EM] = {"boot_null_manager_is_invalid", EXTMEM_ERR_INVALID, EXTMEM_BOOT_STEP_CONFIG},
	[B_MODE_ZERO] = {"boot_mode_zero_is_invalid", EXTMEM_ERR_INVALID, EXTMEM_BOOT_STEP_CONFIG},
	[B_MODE_BOTH] = {"boot_mode_xip_and_lrun_is_invalid", EXTMEM_ERR_INVALID, EXTMEM_BOOT_STEP_CONFIG},
	[B_RAM_NULL] = {"boot_ram_count_without_regions_is_invalid", EXTMEM_ERR_INVALID, EXTMEM_BOOT_STEP_CONFIG},
	[B_MAP_IDS_NULL] = {"boot_map_count_without_ids_is_invalid", EXTMEM_ERR_INVALID, EXTMEM_BOOT_STEP_CONFIG},
	[B_SLOT_TOO_SMALL] = {"boot_slot_smaller_than_a_header_is_invalid", EXTMEM_ERR_INVALID,
			      EXTMEM_BOOT_STEP_CONFIG},
	[B_SLOT_PAST_END] = {"boot_slot_offset_past_the_memory_is_out_of_range", EXTMEM_ERR_OUT_OF_RANGE,
			     EXTMEM_BOOT_STEP_CONFIG},
	[B_SLOT_OFFSET_WRAPS] = {"boot_slot_offset_max_wraps_and_is_out_of_range", EXTMEM_ERR_OUT_OF_RANGE,
				 EXTMEM_BOOT_STEP_CONFIG},
	[B_SLOT_SIZE_PAST_END] = {"boot_slot_running_past_the_memory_is_out_of_range", EXTMEM_ERR_OUT_OF_RANGE,
				  EXTMEM_BOOT_STEP_CONFIG},
	[B_BAD_IMAGE_ID] = {"boot_image_id_past_table_is_bad_id", EXTMEM_ERR_BAD_ID, EXTMEM_BOOT_STEP_CONFIG},
	[B_IMAGE_MEMORY_OFF] = {"boot_image_memory_not_initialised_is_state", EXTMEM_ERR_STATE,
				EXTMEM_BOOT_STEP_CONFIG},
	[B_XIP_UNMAPPABLE] = {"boot_xip_from_unmappable_memory_is_not_supported", EXTMEM_ERR_NOT_SUPPORTED,
			      EXTMEM_BOOT_STEP_CONFIG},
	[B_BAD_MAP_ID] = {"boot_bad_id_among_the_memories_to_map_is_bad_id_at_map", EXTMEM_ERR_BAD_ID,
			  EXTMEM_BOOT_STEP_MAP},
	[B_LRUN_NO_RAM_PTR_TARGET] = {"boot_lrun_with_no_ram_behind_the_load_address_is_invalid_at_copy",
				      EXTMEM_ERR_INVALID, EXTMEM_BOOT_STEP_COPY},
};

static void *no_ram(void *ctx, uint32_t addr, uint32_t len)
{
	(void)ctx, (void)addr, (void)len;
	return NULL;
}

static void boot_row(void **state)
{
	enum boot_bad b = (enum boot_bad)(uintptr_t)*state;
	struct extmem_boot_start s;
	static const uint32_t bad_map = MEMORIES;
	make_rig(b == B_IMAGE_MEMORY_OFF ? S_OFF : S_READY);
	struct extmem_boot_config c = rig.boot;
	switch (b) {
	case B_NULL_CFG: break;
	case B_NULL_EM: c.em = NULL; break;
	case B_MODE_ZERO: c.mode = 0; break;
	case B_MODE_BOTH: c.mode = EXTMEM_IMAGE_XIP | EXTMEM_IMAGE_LRUN; break;
	case B_RAM_NULL: c.ram = NULL; break;
	case B_MAP_IDS_NULL: c.map_count = 1; break;
	case B_SLOT_TOO_SMALL: c.slot_size = EXTMEM_IMAGE_HEADER_SIZE - 1; break;
	case B_SLOT_PAST_END: c.slot_offset = NOR_SIZE + 4096u; break;
	case B_SLOT_OFFSET_WRAPS: c.slot_offset = UINT64_MAX; break;
	case B_SLOT_SIZE_PAST_END: c.slot_size = NOR_SIZE - SLOT_OFF + 1; break;
	case B_BAD_IMAGE_ID: c.image_id = MEMORIES; break;
	case B_IMAGE_MEMORY_OFF: break;
	case B_XIP_UNMAPPABLE:
		c.image_id = ALN_ID;
		c.slot_offset = 0;
		c.slot_size = 4096;
		break;
	case B_BAD_MAP_ID:
		c.map_ids = &bad_map;
		c.map_count = 1;
		break;
	case B_LRUN_NO_RAM_PTR_TARGET: {
		/* an LRUN image whose load address is inside a policy region that has no RAM behind it */
		static uint8_t payload[PAYLOAD];
		struct extmem_image_header h;
		memset(payload, 0, sizeof payload);
		put32(payload, RAM_BASE + RAM_SIZE);
		put32(payload + 4, RAM_BASE + 0x41u);
		assert_int_equal(extmem_image_header_build(&h, EXTMEM_IMAGE_LRUN, 0x400u, RAM_BASE, payload, PAYLOAD, 0,
							   1, rig.nor + SLOT_OFF),
				 EXTMEM_OK);
		memcpy(rig.nor + SLOT_OFF + 0x400u, payload, PAYLOAD);
		memcpy(rig.nor_before, rig.nor, NOR_SIZE);
		c.mode = EXTMEM_IMAGE_LRUN;
		c.ram_ptr = no_ram;
		break;
	}
	case B_COUNT: break;
	}
	int rc = extmem_boot_prepare(b == B_NULL_CFG ? NULL : &c, &s);
	assert_boot_refused(rc, &s, boot_rows[b].status, boot_rows[b].step);
	assert_nothing_written();
	/* Nothing left mapped by a refused boot, except a failure at the map step itself. */
	if (b != B_BAD_MAP_ID && b != B_IMAGE_MEMORY_OFF)
		assert_int_equal(rig.table[NOR_ID].state, EXTMEM_STATE_READY);
}

static void boot_null_out_is_invalid(void **state)
{
	(void)state;
	make_rig(S_READY);
	assert_int_equal(extmem_boot_prepare(&rig.boot, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(rig.tnor.reads, 0);
	assert_nothing_written();
}

/* ---- image.h ---- */

static void image_calls_refuse_null_pointers(void **state)
{
	(void)state;
	uint8_t bytes[EXTMEM_IMAGE_HEADER_SIZE] = {0};
	uint8_t payload[256] = {0};
	struct extmem_image_header h = {0};
	struct extmem_image_policy p = {.mode = EXTMEM_IMAGE_XIP, .slot_size = 4096};
	enum extmem_image_check why;

	assert_int_equal(extmem_image_parse_header(NULL, sizeof bytes, &h, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_parse_header(bytes, sizeof bytes, NULL, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_layout(NULL, &p, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_layout(&h, NULL, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_payload(NULL, &p, payload, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_payload(&h, NULL, payload, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_payload(&h, &p, NULL, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_vectors(NULL, &p, 0, 1, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_vectors(&h, NULL, 0, 1, &why), EXTMEM_ERR_INVALID);
	/* a region count with no regions is a bad policy, not a bad image */
	p.ram_count = 1;
	assert_int_equal(extmem_image_check_layout(&h, &p, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_payload(&h, &p, payload, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_vectors(&h, &p, 0, 1, &why), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_header_build(NULL, EXTMEM_IMAGE_XIP, 64, 0, payload, 256, 0, 0, bytes),
			 EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_header_build(&h, EXTMEM_IMAGE_XIP, 64, 0, NULL, 256, 0, 0, bytes),
			 EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_header_build(&h, EXTMEM_IMAGE_XIP, 64, 0, payload, 256, 0, 0, NULL),
			 EXTMEM_ERR_INVALID);
	/* CRC of nothing is the initial value 0, NULL or not (the zlib convention the header cites) */
	assert_int_equal(extmem_crc32(0, NULL, 0), 0);
	/* names: never NULL, even out of range */
	assert_non_null(extmem_image_check_name((enum extmem_image_check)99));
	assert_non_null(extmem_boot_step_name((enum extmem_boot_step)99));
}

/* A header shorter than 64 bytes is malformed data (FORMAT), with why saying layout; why may be NULL. */
static void image_parse_short_input_is_format(void **state)
{
	(void)state;
	uint8_t bytes[EXTMEM_IMAGE_HEADER_SIZE] = {0x45, 0x4D, 0x58, 0x4D};
	struct extmem_image_header h;
	enum extmem_image_check why = EXTMEM_IMAGE_CHECK_OK;
	assert_int_equal(extmem_image_parse_header(bytes, 0, &h, &why), EXTMEM_ERR_FORMAT);
	assert_int_equal(extmem_image_parse_header(bytes, EXTMEM_IMAGE_HEADER_SIZE - 1, &h, &why), EXTMEM_ERR_FORMAT);
	assert_int_equal(why, EXTMEM_IMAGE_CHECK_LAYOUT);
	assert_int_equal(extmem_image_parse_header(bytes, EXTMEM_IMAGE_HEADER_SIZE - 1, &h, NULL), EXTMEM_ERR_FORMAT);
}

/* header_build refuses what the format cannot express (image.h: EXTMEM_ERR_INVALID) and writes nothing. */
static void image_build_refuses_inexpressible_images(void **state)
{
	(void)state;
	static uint8_t payload[1024];
	const struct {
		uint32_t mode, hdr_size, payload_size, vector_offset;
	} bad[] = {
		{0, 64, 256, 0},                                    /* no mode */
		{EXTMEM_IMAGE_XIP | EXTMEM_IMAGE_LRUN, 64, 256, 0}, /* both modes */
		{4, 64, 256, 0},                                    /* a reserved flag */
		{EXTMEM_IMAGE_XIP, 60, 256, 0},                     /* header area smaller than the header */
		{EXTMEM_IMAGE_XIP, 66, 256, 0},                     /* hdr_size not a multiple of 4 */
		{EXTMEM_IMAGE_XIP, 0x10000, 256, 0},                /* hdr_size does not fit its 16-bit field */
		{EXTMEM_IMAGE_XIP, 64, 0, 0},                       /* empty payload */
		{EXTMEM_IMAGE_XIP, 64, 254, 0},                     /* payload not a multiple of 4 */
		{EXTMEM_IMAGE_XIP, 64, 1024, 64},                   /* vector table off its 128-byte alignment */
		{EXTMEM_IMAGE_LRUN, 64, 256, 256},                  /* vector table past the payload */
		{EXTMEM_IMAGE_LRUN, 64, 0xFFFFFF84u,
		 0xFFFFFF80u}, /* near 4 GiB: the table's 8 bytes end 4 past the payload */
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint8_t out[EXTMEM_IMAGE_HEADER_SIZE];
		struct extmem_image_header h;
		memset(out, 0xA5, sizeof out);
		int rc = extmem_image_header_build(&h, bad[i].mode, bad[i].hdr_size, 0x24000000u, payload,
						   bad[i].payload_size, bad[i].vector_offset, 1, out);
		if (rc != EXTMEM_ERR_INVALID)
			fail_msg("row %u: header_build returned %s", i, extmem_status_name(rc));
		for (unsigned k = 0; k < sizeof out; k++)
			assert_int_equal(out[k], 0xA5);
	}
}

/* check_payload on a header that skipped the layout check reads nothing past payload_size (ASan watches). */
static void image_check_payload_of_an_unchecked_header_reads_only_the_payload(void **state)
{
	(void)state;
	struct extmem_image_region r = {RAM_BASE, RAM_SIZE};
	struct extmem_image_policy p = {.mode = EXTMEM_IMAGE_LRUN, .slot_size = 4096, .ram = &r, .ram_count = 1};
	enum extmem_image_check why = EXTMEM_IMAGE_CHECK_OK;
	uint8_t *payload = malloc(8);
	assert_non_null(payload);
	memset(payload, 0, 8);
	struct extmem_image_header h = {.flags = EXTMEM_IMAGE_LRUN, .payload_size = 8, .vector_offset = 128};
	assert_int_equal(extmem_image_check_payload(&h, &p, payload, &why), EXTMEM_ERR_FORMAT);
	assert_int_equal(why, EXTMEM_IMAGE_CHECK_LAYOUT);
	h = (struct extmem_image_header){.flags = EXTMEM_IMAGE_LRUN, .payload_size = 4, .vector_offset = 0};
	assert_int_equal(extmem_image_check_payload(&h, &p, payload, &why), EXTMEM_ERR_FORMAT);
	h = (struct extmem_image_header){.flags = EXTMEM_IMAGE_LRUN, .payload_size = 8, .vector_offset = 0xFFFFFFFCu};
	assert_int_equal(extmem_image_check_payload(&h, &p, payload, &why), EXTMEM_ERR_FORMAT);
	free(payload);
}

/* ---- sdcard.h ---- */

/* CSD fields placed at their bit positions (SD Physical Layer Simplified Specification 5.3). */
static void csd_set(uint32_t csd[4], unsigned hi, unsigned lo, uint32_t v)
{
	for (unsigned b = lo; b <= hi; b++) {
		unsigned word = 3u - b / 32u, bit = b % 32u;
		if ((v >> (b - lo)) & 1u)
			csd[word] |= 1u << bit;
		else
			csd[word] &= ~(1u << bit);
	}
}

static void sd_csd_capacity_bad_inputs(void **state)
{
	(void)state;
	uint32_t csd[4] = {0};
	uint64_t cap = 12345;
	assert_int_equal(extmem_sdcard_csd_capacity(NULL, &cap), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_sdcard_csd_capacity(csd, NULL), EXTMEM_ERR_INVALID);
	/* CSD_STRUCTURE 3 is reserved */
	csd_set(csd, 127, 126, 3);
	assert_int_equal(extmem_sdcard_csd_capacity(csd, &cap), EXTMEM_ERR_FORMAT);
	/* CSD 1.0 with READ_BL_LEN 8 (256 bytes): the spec allows only 9, 10, 11 */
	memset(csd, 0, sizeof csd);
	csd_set(csd, 83, 80, 8);
	assert_int_equal(extmem_sdcard_csd_capacity(csd, &cap), EXTMEM_ERR_FORMAT);
	csd_set(csd, 83, 80, 12);
	assert_int_equal(extmem_sdcard_csd_capacity(csd, &cap), EXTMEM_ERR_FORMAT);
	/* The largest CSD 1.0: C_SIZE 4095, C_SIZE_MULT 7, READ_BL_LEN 11: 4096 * 512 * 2048 = 4 GiB, no overflow */
	memset(csd, 0, sizeof csd);
	csd_set(csd, 73, 62, 4095);
	csd_set(csd, 49, 47, 7);
	csd_set(csd, 83, 80, 11);
	assert_int_equal(extmem_sdcard_csd_capacity(csd, &cap), EXTMEM_OK);
	assert_true(cap == 4096ull * 512u * 2048u);
	/* The largest CSD 3.0 C_SIZE (28 bits): (2^28) * 512 KiB = 128 TiB, no overflow */
	memset(csd, 0, sizeof csd);
	csd_set(csd, 127, 126, 2);
	csd_set(csd, 75, 48, 0x0FFFFFFFu);
	assert_int_equal(extmem_sdcard_csd_capacity(csd, &cap), EXTMEM_OK);
	assert_true(cap == (1ull << 28) * 512u * 1024u);
}

/* ---- defects this table found (issue 14 and the image check), fixed since: in the default run ---- */

/* Issue 14: a USER driver's positive return (7) is passed through, against "0 or negative". */
static void found_positive_driver_status_is_not_passed_through(void **state)
{
	(void)state;
	make_rig(S_READY);
	rig.garbage = 7;
	int rc = extmem_read(&rig.em, GARBAGE_ID, 0, rig.buf, 16);
	assert_true(rc < 0 && rc >= EXTMEM_ERR_FORMAT);
	rc = extmem_write(&rig.em, GARBAGE_ID, 0, rig.buf, 16);
	assert_true(rc < 0 && rc >= EXTMEM_ERR_FORMAT);
	rc = extmem_erase(&rig.em, GARBAGE_ID, 0, 4096);
	assert_true(rc < 0 && rc >= EXTMEM_ERR_FORMAT);
}

/* A driver status outside the enum (-1000) comes back as one of the enum's values. */
static void found_out_of_enum_driver_status_is_mapped_into_the_enum(void **state)
{
	(void)state;
	make_rig(S_READY);
	rig.garbage = -1000;
	int rc = extmem_read(&rig.em, GARBAGE_ID, 0, rig.buf, 16);
	assert_true(rc < 0 && rc >= EXTMEM_ERR_FORMAT);
	rc = extmem_erase_all(&rig.em, GARBAGE_ID);
	assert_true(rc < 0 && rc >= EXTMEM_ERR_FORMAT);
}

/* A driver map that answers 7 must not leave the memory half-mapped with a positive status. */
static void found_positive_map_status_is_refused(void **state)
{
	(void)state;
	make_rig(S_READY);
	rig.garbage = 7;
	int rc = extmem_map(&rig.em, GARBAGE_ID);
	assert_true(rc < 0 && rc >= EXTMEM_ERR_FORMAT);
}

/* Issue 14: a memory kind of 99 is accepted. */
static void found_unknown_memory_kind_is_refused(void **state)
{
	(void)state;
	make_rig(S_NO_SETUP);
	rig.table[ALN_ID].kind = (enum extmem_kind)99;
	int rc = extmem_setup(&rig.em, rig.table, MEMORIES);
	if (rc == EXTMEM_OK)
		rc = extmem_init(&rig.em, ALN_ID);
	assert_int_equal(rc, EXTMEM_ERR_INVALID);
}

/* Issue 14: a USER memory whose size is not a multiple of its erase size, or whose erase size is not a power of two. */
static void found_unusable_erase_geometry_is_refused(void **state)
{
	(void)state;
	make_rig(S_OFF);
	rig.tgarbage.size = sizeof garbage_array - 512u; /* not a multiple of 4 KiB */
	assert_int_equal(extmem_init(&rig.em, GARBAGE_ID), EXTMEM_ERR_INVALID);
	make_rig(S_OFF);
	rig.garbage_eat = 3000; /* erase size not a power of two */
	assert_int_equal(extmem_init(&rig.em, GARBAGE_ID), EXTMEM_ERR_INVALID);
}

/* Issue 14: extmem_setup again while a memory is mapped forgets the mapping. */
static void found_setup_while_mapped_keeps_the_mapping(void **state)
{
	(void)state;
	make_rig(S_MAPPED);
	int rc = extmem_setup(&rig.em, rig.table, MEMORIES);
	assert_true(rc < 0);
	assert_int_equal(rig.table[NOR_ID].state, EXTMEM_STATE_MAPPED);
}

/*
 * Found here: an image whose vector table does not sit on 128 bytes as the
 * CPU sees it passes every check (ARMv7-M: VTOR.TBLOFF is bits 31..7, and a
 * table must be aligned to its size rounded up to a power of two, at least
 * 128 bytes), because only vector_offset is checked, not load_addr +
 * vector_offset. The Boot would hand VTOR an address it cannot hold.
 */
static void found_vector_table_off_vtor_alignment_is_refused(void **state)
{
	(void)state;
	static uint8_t payload[256];
	uint8_t bytes[EXTMEM_IMAGE_HEADER_SIZE];
	struct extmem_image_header h;
	struct extmem_image_region r = {RAM_BASE, RAM_SIZE};
	struct extmem_image_policy p = {.mode = EXTMEM_IMAGE_LRUN, .slot_size = 4096, .ram = &r, .ram_count = 1};
	enum extmem_image_check why;
	uint32_t load = RAM_BASE + 4u;
	put32(payload, RAM_BASE + RAM_SIZE);
	put32(payload + 4, load + 0x41u);
	assert_int_equal(
		extmem_image_header_build(&h, EXTMEM_IMAGE_LRUN, 64, load, payload, sizeof payload, 0, 1, bytes),
		EXTMEM_OK);
	assert_int_equal(extmem_image_parse_header(bytes, sizeof bytes, &h, &why), EXTMEM_OK);
	int rc = extmem_image_check_layout(&h, &p, &why);
	if (rc == EXTMEM_OK)
		rc = extmem_image_check_payload(&h, &p, payload, &why);
	assert_int_equal(rc, EXTMEM_ERR_FORMAT);
}

/* ---- the run ---- */

#define MANAGER_ROWS (sizeof manager_rows / sizeof manager_rows[0])

int main(int argc, char **argv)
{
	static struct CMUnitTest tests[MANAGER_ROWS + B_COUNT + 24];
	size_t n = 0;

	if (argc > 1) {
		fprintf(stderr, "usage: %s\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < MANAGER_ROWS; i++)
		tests[n++] =
			(struct CMUnitTest){manager_rows[i].name, manager_row, NULL, NULL, (void *)&manager_rows[i]};
	for (uintptr_t b = 0; b < B_COUNT; b++)
		tests[n++] = (struct CMUnitTest){boot_rows[b].name, boot_row, NULL, NULL, (void *)b};
	const struct CMUnitTest more[] = {
		cmocka_unit_test(failed_init_leaves_the_memory_off),
		cmocka_unit_test(setup_refuses_drivers_without_init_or_read),
		cmocka_unit_test(init_refuses_an_unusable_description),
		cmocka_unit_test(builtin_drivers_refuse_missing_config),
		cmocka_unit_test(boot_rig_image_is_good),
		cmocka_unit_test(boot_null_out_is_invalid),
		cmocka_unit_test(image_calls_refuse_null_pointers),
		cmocka_unit_test(image_parse_short_input_is_format),
		cmocka_unit_test(image_build_refuses_inexpressible_images),
		cmocka_unit_test(image_check_payload_of_an_unchecked_header_reads_only_the_payload),
		cmocka_unit_test(sd_csd_capacity_bad_inputs),
		cmocka_unit_test(found_positive_driver_status_is_not_passed_through),
		cmocka_unit_test(found_out_of_enum_driver_status_is_mapped_into_the_enum),
		cmocka_unit_test(found_positive_map_status_is_refused),
		cmocka_unit_test(found_unknown_memory_kind_is_refused),
		cmocka_unit_test(found_unusable_erase_geometry_is_refused),
		cmocka_unit_test(found_setup_while_mapped_keeps_the_mapping),
		cmocka_unit_test(found_vector_table_off_vtor_alignment_is_refused),
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
		tests[n++] = more[i];
	printf("api_badinput: %zu table rows (%zu manager, %d boot) and %zu multi-call cases\n", MANAGER_ROWS + B_COUNT,
	       MANAGER_ROWS, (int)B_COUNT, sizeof more / sizeof more[0]);
	return _cmocka_run_group_tests("api_badinput", tests, n, NULL, NULL);
}
