/* SPDX-License-Identifier: MIT */
/*
 * Images for `extmem prog`: what to write (ELF, Intel HEX or raw binary,
 * tools/image_*.c) and the loader ELF itself (tools/image_elf.c).
 */
#ifndef EXTMEM_TOOL_IMAGE_H
#define EXTMEM_TOOL_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One contiguous run of bytes at a 32-bit address. */
struct extmem_image_seg {
	uint32_t addr;
	uint32_t len;
	uint8_t *data;
};

struct extmem_image {
	struct extmem_image_seg *segs;
	size_t count;
	const char *format; /* "ELF", "Intel HEX" or "raw" */
};

/*
 * Reads path: an ELF (its PT_LOAD segments with file bytes, at their
 * physical addresses), an Intel HEX file (records 00, 01, 02, 04, 05) or,
 * for anything else, raw bytes at raw_base. has_base: the user gave an
 * address (only raw images take one). Returns 0, or -1 with a reason in err.
 */
int extmem_image_load(const char *path, bool has_base, uint32_t raw_base, struct extmem_image *img, char *err,
		      size_t errlen);
void extmem_image_free(struct extmem_image *img);
/* Lowest address and one past the highest byte; false for an empty image. */
bool extmem_image_span(const struct extmem_image *img, uint32_t *lo, uint64_t *hi);

/*
 * Adds n bytes at addr (addr + n <= 4 GiB): bytes another part of the file
 * already put at an address must be the same, else -2 with *clash the first
 * address that differs; -1 out of memory.
 */
int extmem_image_add(struct extmem_image *img, uint32_t addr, const uint8_t *data, uint32_t n, uint32_t *clash);
/* Sorts the segments by address and joins the adjacent ones (they never overlap). -1 out of memory. */
int extmem_image_normalize(struct extmem_image *img);

int extmem_image_load_hex(const uint8_t *text, size_t len, struct extmem_image *img, char *err, size_t errlen);

/* A 32-bit little-endian ARM ELF held in memory, as `extmem prog` reads loaders. */
struct extmem_elf {
	uint8_t *bytes;
	size_t size;
	uint16_t type;
	uint16_t phnum, shnum;
	uint32_t phoff, shoff, shstrndx;
	uint32_t symoff, symcount, strsec; /* .symtab and its string table (offsets into bytes) */
};

struct extmem_elf_phdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags;
};

struct extmem_elf_shdr {
	const char *name;
	uint32_t type, flags, addr, offset, size;
};

struct extmem_elf_sym {
	uint32_t value, size;
	uint8_t bind, type;
	uint16_t shndx;
};

/* Reads and checks the file (headers inside it, 32-bit, little-endian, ARM). Returns 0 or -1 + err. */
int extmem_elf_open(const char *path, struct extmem_elf *elf, char *err, size_t errlen);
int extmem_elf_parse(uint8_t *bytes, size_t size, struct extmem_elf *elf, char *err, size_t errlen);
void extmem_elf_close(struct extmem_elf *elf);
int extmem_elf_phdr(const struct extmem_elf *elf, unsigned i, struct extmem_elf_phdr *out);
int extmem_elf_shdr(const struct extmem_elf *elf, unsigned i, struct extmem_elf_shdr *out);
/* The section called name; -1 when absent. */
int extmem_elf_section(const struct extmem_elf *elf, const char *name, struct extmem_elf_shdr *out);
/* The symbol called name; -1 when absent. */
int extmem_elf_symbol(const struct extmem_elf *elf, const char *name, struct extmem_elf_sym *out);
/* File bytes behind [addr, addr + len) of a section or segment with file contents; NULL when none. */
const uint8_t *extmem_elf_at(const struct extmem_elf *elf, uint32_t addr, uint32_t len);

#endif
