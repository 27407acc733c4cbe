/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "boot_test_image.h"

struct boot_test_image boot_test_image_load(const char *path, size_t max)
{
	struct boot_test_image im = {0};
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("%s: cannot open", path);
	im.bytes = malloc(max);
	assert_non_null(im.bytes);
	im.len = fread(im.bytes, 1, max, f);
	fclose(f);
	enum extmem_image_check why;
	if (extmem_image_parse_header(im.bytes, im.len, &im.h, &why) != EXTMEM_OK)
		fail_msg("%s: not a boot image (%s)", path, extmem_image_check_name(why));
	return im;
}

uint32_t boot_test_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void boot_test_image_reseal(struct boot_test_image *im, uint32_t load_addr)
{
	struct extmem_image_header h;
	assert_int_equal(extmem_image_header_build(&h, im->h.flags, im->h.hdr_size, load_addr,
						   im->bytes + im->h.hdr_size, im->h.payload_size, im->h.vector_offset,
						   0, im->bytes),
			 EXTMEM_OK);
	im->h = h;
}

uint32_t boot_test_status_word(enum extmem_boot_step step, unsigned check, int status)
{
	return (uint32_t)step << 24 | (uint32_t)check << 16 | (uint32_t)-status;
}
