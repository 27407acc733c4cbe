/* SPDX-License-Identifier: MIT */
/*
 * A USER memory for the manager's tests: a RAM array with NOR-like erase,
 * a log of every write and erase that reaches it, and knobs to make it fail
 * the way devices fail.
 */
#ifndef EXTMEM_TEST_MEMORY_H
#define EXTMEM_TEST_MEMORY_H

#include "extmem/extmem.h"

#define TEST_MEMORY_LOG 32

struct test_memory_op {
	char kind; /* 'w' write, 'e' erase, 'A' erase all */
	uint64_t addr;
	uint64_t len;
};

struct test_memory {
	uint8_t *array;
	uint64_t size;
	/* description handed to the manager at init */
	uint32_t write_align;
	uint32_t read_align;
	uint8_t erase_type_count;
	uint32_t erase_sizes[EXTMEM_MAX_ERASE_TYPES];
	bool mappable;
	uintptr_t map_base;
	/* failures to inject */
	int init_status;       /* returned by init when not EXTMEM_OK */
	int io_status;         /* returned by read/write/erase when not EXTMEM_OK */
	uint64_t protect_from; /* [protect_from, size) is write-protected when protect_from < size */
	/* what reached the device */
	uint32_t ops;
	struct test_memory_op log[TEST_MEMORY_LOG];
	uint32_t reads;
	uint32_t maps, unmaps, deinits;
};

extern const struct extmem_driver test_memory_driver;

/* A NOR-like memory: erase sizes 4 KiB / 64 KiB, erased to 0xFF. */
void test_memory_setup(struct test_memory *t, uint8_t *array, uint64_t size);

#endif
