/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the ELF reader of `extmem prog` (tools/image_elf.c):
 * the image path (extmem_image_load on a file, which also tells ELF from HEX
 * from raw, tools/image_raw.c) and the loader path (extmem_elf_parse, then
 * the section, symbol and address look-ups prog_loader.c makes).
 *
 * Besides ASan/UBSan findings it traps when, rechecked here from the raw
 * bytes with the ELF specification's layout (Ehdr 52 bytes, Phdr 32, Shdr 40):
 *   - a result is not 0 or -1, or a refusal has no message;
 *   - an accepted ELF image has a PT_LOAD segment with p_filesz > p_memsz or
 *     file bytes outside the file, or a byte of a segment is not in the image
 *     at p_paddr + i with the file's value (overlapping segments must agree),
 *     or the image's segments are unsorted, overlapping, not joined or empty;
 *   - an accepted raw image is not the input at the base address;
 *   - a symbol or section found points outside the file, or extmem_elf_at
 *     returns bytes outside it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAW_BASE 0x70000000u

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static int image_byte(const struct extmem_image *img, uint32_t a)
{
	for (size_t i = 0; i < img->count; i++)
		if (a >= img->segs[i].addr && a - img->segs[i].addr < img->segs[i].len)
			return img->segs[i].data[a - img->segs[i].addr];
	return -1;
}

static void check_segments(const struct extmem_image *img)
{
	for (size_t s = 0; s < img->count; s++) {
		const struct extmem_image_seg *g = &img->segs[s];
		if (g->len == 0 || g->data == NULL || (uint64_t)g->addr + g->len > 0x100000000ull)
			__builtin_trap();
		if (s > 0 && (uint64_t)img->segs[s - 1].addr + img->segs[s - 1].len >= g->addr)
			__builtin_trap();
	}
}

/* An accepted ELF image: every PT_LOAD's file bytes at p_paddr. */
static void recheck_elf(const uint8_t *d, size_t n, const struct extmem_image *img)
{
	uint32_t phoff = rd32(d + 28);
	unsigned phnum = rd16(d + 44);
	if (phnum != 0 && (rd16(d + 42) != 32 || phoff > n || (uint64_t)phnum * 32u > n - phoff))
		__builtin_trap();
	uint64_t given = 0;
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *p = d + phoff + 32u * i;
		uint32_t type = rd32(p), off = rd32(p + 4), paddr = rd32(p + 12), filesz = rd32(p + 16);
		uint32_t memsz = rd32(p + 20);
		if (filesz > memsz || off > n || filesz > n - off)
			__builtin_trap(); /* refused by the ELF specification's rules, accepted here */
		if (type != 1 || filesz == 0)
			continue;
		given += filesz;
		for (uint32_t k = 0; k < filesz; k++)
			if (image_byte(img, paddr + k) != d[off + k])
				__builtin_trap();
	}
	uint64_t held = 0;
	for (size_t s = 0; s < img->count; s++)
		held += img->segs[s].len;
	if (held > given)
		__builtin_trap();
}

static void fuzz_image_load(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz_prog_elf", 0);
		if (fd < 0)
			__builtin_trap();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || (size != 0 && pwrite(fd, data, size, 0) != (ssize_t)size))
		__builtin_trap();
	struct extmem_image img;
	char err[300];
	err[0] = '\0';
	int rc = extmem_image_load(path, false, RAW_BASE, &img, err, sizeof(err));
	if (rc != 0 && rc != -1)
		__builtin_trap();
	if (rc == -1) {
		if (err[0] == '\0' || img.count != 0 || img.segs != NULL)
			__builtin_trap();
		return;
	}
	check_segments(&img);
	if (img.count == 0 || img.format == NULL)
		__builtin_trap();
	if (strcmp(img.format, "ELF") == 0) {
		if (size < 52 || memcmp(data, "\177ELF", 4) != 0)
			__builtin_trap();
		recheck_elf(data, size, &img);
	} else if (strcmp(img.format, "raw") == 0) {
		if (img.count != 1 || img.segs[0].addr != RAW_BASE || img.segs[0].len != size ||
		    memcmp(img.segs[0].data, data, size) != 0)
			__builtin_trap();
	}
	extmem_image_free(&img);
}

static bool inside(const uint8_t *p, size_t len, const uint8_t *base, size_t size)
{
	return p >= base && (size_t)(p - base) <= size && len <= size - (size_t)(p - base);
}

/* The look-ups of the loader path, on a parsed copy. */
static void fuzz_loader(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (copy == NULL)
		return;
	memcpy(copy, data, size);
	struct extmem_elf elf;
	char err[300];
	err[0] = '\0';
	int rc = extmem_elf_parse(copy, size, &elf, err, sizeof(err));
	if (rc != 0 && rc != -1)
		__builtin_trap();
	if (rc == -1 && err[0] == '\0')
		__builtin_trap();
	if (rc == 0) {
		static const char *const names[] = {"Init", "Write", "StorageInfo", "ProgramPage", "FlashInitEntry"};
		static const char *const sections[] = {".text", ".symtab", "DevDscr", ".isr_vector", ""};
		for (unsigned i = 0; i < elf.shnum; i++) {
			struct extmem_elf_shdr sh;
			if (extmem_elf_shdr(&elf, i, &sh) == 0 && sh.type != 8u &&
			    !inside(copy + sh.offset, sh.size, copy, size))
				__builtin_trap();
		}
		for (size_t k = 0; k < sizeof(sections) / sizeof(sections[0]); k++) {
			struct extmem_elf_shdr sh;
			int idx = extmem_elf_section(&elf, sections[k], &sh);
			if (idx >= 0 && (strcmp(sh.name, sections[k]) != 0 || idx >= elf.shnum))
				__builtin_trap();
		}
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			struct extmem_elf_sym sym;
			if (extmem_elf_symbol(&elf, names[k], &sym) != 0)
				continue;
			for (uint32_t len = 1; len <= 256; len *= 16) {
				const uint8_t *p = extmem_elf_at(&elf, sym.value & ~1u, len);
				if (p != NULL && !inside(p, len, copy, size))
					__builtin_trap();
			}
		}
		const uint8_t *p = extmem_elf_at(&elf, 0x20000004u, 64);
		if (p != NULL && !inside(p, 64, copy, size))
			__builtin_trap();
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_image_load(data, size);
	fuzz_loader(data, size);
	return 0;
}
