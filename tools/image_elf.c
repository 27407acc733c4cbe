/* SPDX-License-Identifier: MIT */
/*
 * A small ELF32 reader for `extmem prog` (loaders and images): the file is
 * held in memory and every header, table and string is bounds-checked
 * against it before use.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "regular_file.h"

#define EM_ARM     40u
#define SHT_SYMTAB 2u

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* [off, off + len) inside the file. */
static bool inside(const struct extmem_elf *elf, uint64_t off, uint64_t len)
{
	return off <= elf->size && len <= elf->size - off;
}

int extmem_elf_shdr(const struct extmem_elf *elf, unsigned i, struct extmem_elf_shdr *out)
{
	if (i >= elf->shnum)
		return -1;
	const uint8_t *s = elf->bytes + elf->shoff + (size_t)40u * i;
	out->type = get32(s + 4);
	out->flags = get32(s + 8);
	out->addr = get32(s + 12);
	out->offset = get32(s + 16);
	out->size = get32(s + 20);
	out->name = "";
	if (elf->shstrndx < elf->shnum) {
		const uint8_t *t = elf->bytes + elf->shoff + (size_t)40u * elf->shstrndx;
		uint32_t off = get32(t + 16), size = get32(t + 20), name = get32(s);
		if (inside(elf, off, size) && name < size && memchr(elf->bytes + off + name, 0, size - name) != NULL)
			out->name = (const char *)elf->bytes + off + name;
	}
	if (out->type != 8u /* SHT_NOBITS */ && !inside(elf, out->offset, out->size))
		return -1;
	return 0;
}

int extmem_elf_phdr(const struct extmem_elf *elf, unsigned i, struct extmem_elf_phdr *out)
{
	if (i >= elf->phnum)
		return -1;
	const uint8_t *p = elf->bytes + elf->phoff + (size_t)32u * i;
	out->type = get32(p);
	out->offset = get32(p + 4);
	out->vaddr = get32(p + 8);
	out->paddr = get32(p + 12);
	out->filesz = get32(p + 16);
	out->memsz = get32(p + 20);
	out->flags = get32(p + 24);
	return inside(elf, out->offset, out->filesz) && out->filesz <= out->memsz ? 0 : -1;
}

int extmem_elf_parse(uint8_t *bytes, size_t size, struct extmem_elf *elf, char *err, size_t errlen)
{
	memset(elf, 0, sizeof(*elf));
	elf->bytes = bytes;
	elf->size = size;
	if (size < 52 || memcmp(bytes, "\177ELF", 4) != 0) {
		snprintf(err, errlen, "not an ELF file");
		return -1;
	}
	if (bytes[4] != 1 || bytes[5] != 1 || get16(bytes + 18) != EM_ARM) {
		snprintf(err, errlen, "not a 32-bit little-endian ARM ELF (class %u, data %u, machine %u)", bytes[4],
			 bytes[5], get16(bytes + 18));
		return -1;
	}
	elf->type = get16(bytes + 16);
	elf->phoff = get32(bytes + 28);
	elf->shoff = get32(bytes + 32);
	elf->phnum = get16(bytes + 44);
	elf->shnum = get16(bytes + 48);
	elf->shstrndx = get16(bytes + 50);
	if ((elf->phnum && (get16(bytes + 42) != 32 || !inside(elf, elf->phoff, (uint64_t)32u * elf->phnum))) ||
	    (elf->shnum && (get16(bytes + 46) != 40 || !inside(elf, elf->shoff, (uint64_t)40u * elf->shnum)))) {
		snprintf(err, errlen, "program or section header table outside the file");
		return -1;
	}
	for (unsigned i = 0; i < elf->shnum; i++) {
		struct extmem_elf_shdr sh, link;
		if (extmem_elf_shdr(elf, i, &sh) != 0) {
			snprintf(err, errlen,
				 "section %u: sh_offset 0x%X + sh_size 0x%X runs past the end of the file (%zu bytes)",
				 i, (unsigned)sh.offset, (unsigned)sh.size, elf->size);
			return -1;
		}
		if (sh.type != SHT_SYMTAB)
			continue;
		unsigned li = get32(elf->bytes + elf->shoff + (size_t)40u * i + 24);
		if (extmem_elf_shdr(elf, li, &link) != 0) {
			snprintf(err, errlen, "symbol table's string table missing");
			return -1;
		}
		/* a NOBITS section has no bytes in the file to read names from */
		if (link.type == 8u) {
			snprintf(err, errlen, "section %u: the symbol table's string table (section %u) is SHT_NOBITS",
				 i, li);
			return -1;
		}
		elf->symoff = sh.offset;
		elf->symcount = sh.size / 16u;
		elf->strsec = li;
	}
	for (unsigned i = 0; i < elf->phnum; i++) {
		struct extmem_elf_phdr ph;
		if (extmem_elf_phdr(elf, i, &ph) == 0)
			continue;
		if (ph.filesz > ph.memsz)
			snprintf(err, errlen, "segment %u: p_filesz 0x%X is larger than p_memsz 0x%X", i,
				 (unsigned)ph.filesz, (unsigned)ph.memsz);
		else
			snprintf(err, errlen,
				 "segment %u: p_offset 0x%X + p_filesz 0x%X runs past the end of the file (%zu bytes)",
				 i, (unsigned)ph.offset, (unsigned)ph.filesz, elf->size);
		return -1;
	}
	return 0;
}

int extmem_elf_open(const char *path, struct extmem_elf *elf, char *err, size_t errlen)
{
	memset(elf, 0, sizeof(*elf));
	FILE *f = extmem_tool_open_regular(path, err, errlen);
	if (f == NULL) {
		return -1;
	}
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			uint8_t *n = cap > (64u << 20) ? NULL : realloc(buf, cap);
			if (n == NULL) {
				free(buf);
				fclose(f);
				snprintf(err, errlen, "larger than 64 MiB or out of memory");
				return -1;
			}
			buf = n;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		snprintf(err, errlen, "read error");
		return -1;
	}
	if (len == 0) {
		free(buf);
		snprintf(err, errlen, "is empty");
		return -1;
	}
	if (extmem_elf_parse(buf, len, elf, err, errlen) != 0) {
		free(buf);
		elf->bytes = NULL;
		return -1;
	}
	return 0;
}

void extmem_elf_close(struct extmem_elf *elf)
{
	free(elf->bytes);
	elf->bytes = NULL;
}

int extmem_elf_section(const struct extmem_elf *elf, const char *name, struct extmem_elf_shdr *out)
{
	for (unsigned i = 0; i < elf->shnum; i++)
		if (extmem_elf_shdr(elf, i, out) == 0 && strcmp(out->name, name) == 0)
			return (int)i;
	return -1;
}

int extmem_elf_symbol(const struct extmem_elf *elf, const char *name, struct extmem_elf_sym *out)
{
	struct extmem_elf_shdr strs;
	if (elf->symcount == 0 || extmem_elf_shdr(elf, elf->strsec, &strs) != 0 || strs.type == 8u)
		return -1;
	for (uint32_t i = 1; i < elf->symcount; i++) {
		const uint8_t *s = elf->bytes + elf->symoff + (size_t)16u * i;
		uint32_t n = get32(s);
		if (n >= strs.size)
			continue;
		const char *sname = (const char *)elf->bytes + strs.offset + n;
		size_t room = strs.size - n;
		if (strnlen(sname, room) == room || strcmp(sname, name) != 0)
			continue;
		out->value = get32(s + 4);
		out->size = get32(s + 8);
		out->bind = s[12] >> 4;
		out->type = s[12] & 0xFu;
		out->shndx = get16(s + 14);
		return 0;
	}
	return -1;
}

const uint8_t *extmem_elf_at(const struct extmem_elf *elf, uint32_t addr, uint32_t len)
{
	for (unsigned i = 0; i < elf->shnum; i++) {
		struct extmem_elf_shdr sh;
		if (extmem_elf_shdr(elf, i, &sh) != 0 || sh.type == 8u || !(sh.flags & 2u /* SHF_ALLOC */))
			continue;
		if (addr >= sh.addr && addr - sh.addr <= sh.size && len <= sh.size - (addr - sh.addr))
			return elf->bytes + sh.offset + (addr - sh.addr);
	}
	return NULL;
}
