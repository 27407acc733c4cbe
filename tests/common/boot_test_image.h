/* SPDX-License-Identifier: MIT */
/*
 * A boot image read from the build for the firmware Boot tests (test_boot_emu,
 * test_emu_sd_boot): the bytes, its parsed header, and the edits those tests
 * make to it (a new header for another load address). Include after cmocka.h.
 */
#ifndef BOOT_TEST_IMAGE_H
#define BOOT_TEST_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "extmem/boot.h"
#include "extmem/image.h"

struct boot_test_image {
	uint8_t *bytes; /* malloc'd, `max` bytes, the file's first len of them */
	size_t len;
	struct extmem_image_header h;
};

/* Reads up to `max` bytes of path and parses the header; fails the test otherwise. */
struct boot_test_image boot_test_image_load(const char *path, size_t max);

uint32_t boot_test_le32(const uint8_t *p);

/* A new header over the (possibly changed) payload for load_addr: every CRC right. */
void boot_test_image_reseal(struct boot_test_image *im, uint32_t load_addr);

/* The status word include/extmem/boot.h documents, from its parts. */
uint32_t boot_test_status_word(enum extmem_boot_step step, unsigned check, int status);

#endif
