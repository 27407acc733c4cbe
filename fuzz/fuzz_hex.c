/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the Intel HEX reader of `extmem prog`
 * (extmem_image_load_hex, tools/image_hex.c) and the `xxd -p` / raw image
 * loader of the other subcommands (extmem_tool_load_image, tools/file_load.c).
 *
 * Besides ASan/UBSan findings it traps when the HEX reader breaks what the
 * format promises, rechecked here from the input with a record walker of its
 * own (Intel, "Hexadecimal Object File Format Specification" rev. A):
 *   - a result other than 0 or -1; a refusal without a message, or one that
 *     does not name the line (except "out of memory");
 *   - an accepted file whose segments are not sorted, overlap, touch (they
 *     should have been joined), are empty or run past 4 GiB;
 *   - an accepted file where a data byte of some record is not in the image at
 *     its address (type 04: ULBA << 16 + offset; type 02: SBA * 16 + offset)
 *     with its value, or an image holding more bytes than the records give;
 *   - an accepted file without an end-of-file record before the end.
 * The file loader must return at most the bytes it was given, the same bytes
 * for a binary input, and never more than its limit.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "commands.h"
#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LOAD_MAX 4096u

static int nibble(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (uint8_t)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The image's byte at a, found by binary search (the segments are sorted). */
static int image_byte(const struct extmem_image *img, uint32_t a)
{
	size_t lo = 0, hi = img->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct extmem_image_seg *s = &img->segs[mid];
		if (a < s->addr)
			hi = mid;
		else if (a - s->addr >= s->len)
			lo = mid + 1;
		else
			return s->data[a - s->addr];
	}
	return -1;
}

/* Walks the records of an accepted file and checks each data byte against the image. */
static void recheck(const uint8_t *t, size_t n, const struct extmem_image *img)
{
	uint64_t given = 0;
	uint32_t base = 0;
	bool eof = false, segmented = false;
	size_t i = 0;
	while (i < n && !eof) {
		if (t[i] != ':') {
			i++; /* white space between records (the reader accepted the file) */
			continue;
		}
		uint8_t r[256 + 5];
		size_t k = 0;
		for (i++; i + 1 < n && k < sizeof(r) && nibble(t[i]) >= 0 && nibble(t[i + 1]) >= 0; i += 2)
			r[k++] = (uint8_t)(nibble(t[i]) << 4 | nibble(t[i + 1]));
		if (k < 5 || k != r[0] + 5u)
			__builtin_trap(); /* accepted a record whose length does not match its count */
		uint8_t sum = 0;
		for (size_t j = 0; j < k; j++)
			sum = (uint8_t)(sum + r[j]);
		if (sum != 0)
			__builtin_trap(); /* accepted a bad checksum */
		uint32_t off = (uint32_t)r[1] << 8 | r[2];
		if (r[3] == 1)
			eof = true;
		else if (r[3] == 4 || r[3] == 2)
			segmented = r[3] == 2;
		if (r[3] == 4)
			base = (uint32_t)r[4] << 24 | (uint32_t)r[5] << 16;
		else if (r[3] == 2)
			base = ((uint32_t)r[4] << 8 | r[5]) * 16u;
		else if (r[3] == 0)
			for (unsigned b = 0; b < r[0]; b++) {
				/* the spec's address: type 02 wraps the offset within the segment, 04 is linear mod 4
				 * GiB */
				uint32_t a = segmented ? base + ((off + b) & 0xFFFFu) : base + off + b;
				given++;
				if (image_byte(img, a) != r[4 + b])
					__builtin_trap();
			}
	}
	if (!eof)
		__builtin_trap();
	uint64_t held = 0;
	for (size_t s = 0; s < img->count; s++) {
		const struct extmem_image_seg *g = &img->segs[s];
		if (g->len == 0 || g->data == NULL || (uint64_t)g->addr + g->len > 0x100000000ull)
			__builtin_trap();
		if (s > 0 && (uint64_t)img->segs[s - 1].addr + img->segs[s - 1].len >= g->addr)
			__builtin_trap(); /* not sorted, overlapping or not joined */
		held += g->len;
	}
	if (held > given)
		__builtin_trap();
}

static void fuzz_file_load(const uint8_t *data, size_t size)
{
	static int fd = -1, devnull = -1, saved = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz_hex", 0);
		devnull = open("/dev/null", O_WRONLY);
		saved = dup(STDERR_FILENO);
		if (fd < 0 || devnull < 0 || saved < 0)
			__builtin_trap();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || (size != 0 && pwrite(fd, data, size, 0) != (ssize_t)size))
		__builtin_trap();
	size_t len = 0;
	/* its refusals go to stderr: keep libFuzzer's output readable */
	dup2(devnull, STDERR_FILENO);
	uint8_t *b = extmem_tool_load_image(path, LOAD_MAX, &len, "fuzz");
	dup2(saved, STDERR_FILENO);
	if (b == NULL)
		return;
	if (len == 0 || len > size || len > LOAD_MAX)
		__builtin_trap();
	bool text = true;
	for (size_t i = 0; i < size && text; i++)
		text = (data[i] >= 0x20 && data[i] < 0x7F) || (data[i] >= 9 && data[i] <= 13);
	if (!text && (len != size || memcmp(b, data, size) != 0))
		__builtin_trap(); /* a binary image comes back as it is */
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct extmem_image img;
	char err[300];
	err[0] = '\0';
	int rc = extmem_image_load_hex(data, size, &img, err, sizeof(err));
	if (rc != 0 && rc != -1)
		__builtin_trap();
	if (rc == -1) {
		if (strncmp(err, "line ", 5) != 0 && strcmp(err, "out of memory") != 0)
			__builtin_trap();
		if (img.segs != NULL || img.count != 0)
			__builtin_trap(); /* a refusal frees what was read */
	} else {
		recheck(data, size, &img);
		extmem_image_free(&img);
	}
	fuzz_file_load(data, size);
	return 0;
}
