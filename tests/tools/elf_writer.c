/* SPDX-License-Identifier: MIT */
#include "elf_writer.h"

#include <stdio.h>
#include <string.h>

#define EHDR 52u
#define PHDR 32u
#define SHDR 40u
#define SYM  16u

struct out {
	uint8_t *b;
	size_t cap, len;
	int overflow;
};

static void put(struct out *o, size_t at, const void *p, size_t n)
{
	if (at > o->cap || n > o->cap - at) {
		o->overflow = 1;
		return;
	}
	memcpy(o->b + at, p, n);
	if (at + n > o->len)
		o->len = at + n;
}

static void put16(struct out *o, size_t at, uint32_t v)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	put(o, at, b, 2);
}

static void put32(struct out *o, size_t at, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	put(o, at, b, 4);
}

void elfw_init(struct elfw *w)
{
	memset(w, 0, sizeof(*w));
	w->machine = 40;
	w->elfclass = 1;
	w->phnum_override = -1;
}

/* One section header: name offset, type, flags, addr, offset, size, link, info, align, entsize. */
static void shdr(struct out *o, size_t at, const uint32_t f[10])
{
	for (unsigned i = 0; i < 10; i++)
		put32(o, at + 4u * i, f[i]);
}

size_t elfw_build(const struct elfw *w, uint8_t *buf, size_t cap)
{
	struct out o = {buf, cap, 0, 0};
	memset(buf, 0, cap);
	size_t at = EHDR + (size_t)w->nsegs * PHDR;
	/* segment data */
	uint32_t seg_off[ELFW_MAX_SEGS];
	for (unsigned i = 0; i < w->nsegs; i++) {
		seg_off[i] = (uint32_t)at;
		for (uint32_t k = 0; k < w->segs[i].filesz; k++) {
			uint8_t v = w->segs[i].data ? w->segs[i].data[k] : (uint8_t)(w->segs[i].fill ^ (k & 0xFFu));
			put(&o, at + k, &v, 1);
		}
		at += w->segs[i].filesz;
	}
	/* string table: one for symbol names and section names */
	size_t strtab = at;
	char strs[512];
	size_t slen = 1;
	strs[0] = '\0';
	uint32_t name_off[ELFW_MAX_SYMTABS][ELFW_MAX_SYMS];
	for (unsigned t = 0; t < w->nsymtabs; t++)
		for (unsigned s = 0; s < w->symtabs[t].nsyms; s++) {
			size_t n = strlen(w->symtabs[t].syms[s].name) + 1u;
			if (slen + n > sizeof(strs))
				return 0;
			memcpy(strs + slen, w->symtabs[t].syms[s].name, n);
			name_off[t][s] = (uint32_t)slen;
			slen += n;
		}
	const uint32_t sec_symtab = (uint32_t)slen;
	memcpy(strs + slen, ".symtab", 8);
	slen += 8;
	const uint32_t sec_strtab = (uint32_t)slen;
	memcpy(strs + slen, ".strtab", 8);
	slen += 8;
	put(&o, strtab, strs, slen);
	at = strtab + slen;
	at = (at + 3u) & ~(size_t)3u;
	/* symbol tables: the null symbol, then each symbol (global, defined in section 1) */
	size_t symoff[ELFW_MAX_SYMTABS];
	size_t symsize[ELFW_MAX_SYMTABS];
	for (unsigned t = 0; t < w->nsymtabs; t++) {
		symoff[t] = at;
		symsize[t] = w->symtabs[t].size_zero ? 0u : (1u + w->symtabs[t].nsyms) * SYM;
		if (!w->symtabs[t].size_zero)
			for (unsigned s = 0; s < w->symtabs[t].nsyms; s++) {
				size_t e = at + (1u + s) * SYM;
				put32(&o, e, name_off[t][s]);
				put32(&o, e + 4, w->symtabs[t].syms[s].value);
				uint8_t info = 0x12, other = 0; /* STB_GLOBAL, STT_FUNC */
				put(&o, e + 12, &info, 1);
				put(&o, e + 13, &other, 1);
				put16(&o, e + 14, 1);
			}
		at += symsize[t];
	}
	/* section headers: null, .strtab (also the section name table), the symbol tables */
	size_t shoff = (at + 3u) & ~(size_t)3u;
	unsigned shnum = w->nsymtabs ? 2u + w->nsymtabs : 0u;
	if (shnum) {
		uint32_t null_sh[10] = {0};
		shdr(&o, shoff, null_sh);
		uint32_t str_sh[10] = {sec_strtab, 3 /* SHT_STRTAB */, 0, 0, (uint32_t)strtab, (uint32_t)slen, 0, 0, 1,
				       0};
		shdr(&o, shoff + SHDR, str_sh);
		for (unsigned t = 0; t < w->nsymtabs; t++) {
			uint32_t sym_sh[10] = {sec_symtab,           2 /* SHT_SYMTAB */,    0, 0, (uint32_t)symoff[t],
					       (uint32_t)symsize[t], 1 /* link: .strtab */, 1, 4, SYM};
			shdr(&o, shoff + SHDR * (2u + t), sym_sh);
		}
	}
	/* program headers */
	for (unsigned i = 0; i < w->nsegs; i++) {
		size_t p = EHDR + (size_t)i * PHDR;
		const struct elfw_segment *s = &w->segs[i];
		put32(&o, p, s->type);
		put32(&o, p + 4, seg_off[i]);
		put32(&o, p + 8, s->paddr);  /* p_vaddr */
		put32(&o, p + 12, s->paddr); /* p_paddr */
		put32(&o, p + 16, s->filesz);
		put32(&o, p + 20, s->memsz ? s->memsz : s->filesz);
		put32(&o, p + 24, 5); /* PF_R | PF_X */
		put32(&o, p + 28, 4);
	}
	/* ELF header */
	const uint8_t ident[16] = {0x7F, 'E', 'L', 'F', w->elfclass, 1 /* little-endian */, 1 /* EV_CURRENT */};
	put(&o, 0, ident, 16);
	put16(&o, 16, 2); /* ET_EXEC */
	put16(&o, 18, w->machine);
	put32(&o, 20, 1);
	put32(&o, 24, w->nsegs ? w->segs[0].paddr | 1u : 0); /* e_entry */
	put32(&o, 28, w->nsegs || w->phnum_override > 0 ? EHDR : 0);
	put32(&o, 32, shnum ? (uint32_t)shoff : 0);
	put32(&o, 36, 0x05000200u); /* EABI5, hard float */
	put16(&o, 40, EHDR);
	put16(&o, 42, PHDR);
	put16(&o, 44, w->phnum_override >= 0 ? (uint32_t)w->phnum_override : w->nsegs);
	put16(&o, 46, SHDR);
	put16(&o, 48, shnum);
	put16(&o, 50, shnum ? 1u : 0u); /* e_shstrndx: .strtab holds the section names too */
	return o.overflow ? 0 : o.len;
}

int elfw_write(const struct elfw *w, const char *path)
{
	static uint8_t buf[1u << 20];
	size_t n = elfw_build(w, buf, sizeof(buf));
	FILE *f = n ? fopen(path, "wb") : NULL;
	if (f == NULL)
		return -1;
	int err = fwrite(buf, 1, n, f) != n;
	err |= fclose(f) != 0;
	return err ? -1 : 0;
}
