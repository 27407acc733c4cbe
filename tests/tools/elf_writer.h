/* SPDX-License-Identifier: MIT */
/*
 * Hand-built 32-bit little-endian ELF files for the loader's tests and the
 * fuzzer's seeds: the layout comes from the ELF specification (Ehdr 52
 * bytes, Phdr 32, Shdr 40, Sym 16), never from the loader under test.
 */
#ifndef EXTMEM_TEST_ELF_WRITER_H
#define EXTMEM_TEST_ELF_WRITER_H

#include <stddef.h>
#include <stdint.h>

#define ELFW_MAX_SEGS    8
#define ELFW_MAX_SYMS    8
#define ELFW_MAX_SYMTABS 3

struct elfw_segment {
	uint32_t type; /* 1: PT_LOAD */
	uint32_t paddr;
	uint32_t filesz;     /* bytes of data (pattern: index + offset) */
	uint32_t memsz;      /* 0: filesz */
	uint8_t fill;        /* data bytes are fill ^ (offset & 0xFF) ... */
	const uint8_t *data; /* ... unless these are given (filesz bytes) */
};

struct elfw_symbol {
	const char *name;
	uint32_t value;
};

struct elfw_symtab {
	unsigned nsyms; /* entries after the null symbol; 0 with size_zero: an empty section */
	struct elfw_symbol syms[ELFW_MAX_SYMS];
	int size_zero; /* sh_size 0 (no entries at all, not even the null one) */
};

struct elfw {
	uint16_t machine; /* 40: EM_ARM */
	uint8_t elfclass; /* 1: ELFCLASS32 */
	unsigned nsegs;
	struct elfw_segment segs[ELFW_MAX_SEGS];
	int phnum_override; /* >= 0: write this e_phnum instead of nsegs */
	unsigned nsymtabs;
	struct elfw_symtab symtabs[ELFW_MAX_SYMTABS];
};

/* A default: ARM, 32-bit, no segments, no symbols. */
void elfw_init(struct elfw *w);
/* Serialises into buf (at most cap bytes). Returns the length, or 0 when it does not fit. */
size_t elfw_build(const struct elfw *w, uint8_t *buf, size_t cap);
/* Builds and writes to path. Returns 0 or -1. */
int elfw_write(const struct elfw *w, const char *path);

#endif
