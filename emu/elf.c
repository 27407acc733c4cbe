/* SPDX-License-Identifier: MIT */
/* extmem emulator: loading ELF files (segments into memory, symbols for breakpoints). */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static bool in_window(uint32_t addr)
{
	return (addr >= EXTMEM_EMU_XSPI1_BASE && addr - EXTMEM_EMU_XSPI1_BASE < EXTMEM_EMU_WINDOW_SIZE) ||
	       (addr >= EXTMEM_EMU_XSPI2_BASE && addr - EXTMEM_EMU_XSPI2_BASE < EXTMEM_EMU_WINDOW_SIZE);
}

static int load_symbols(struct extmem_emu *emu, Elf *elf)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) == NULL || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (data == NULL)
			continue;
		size_t n = sh.sh_size / sh.sh_entsize;
		struct emu_symbol *syms = realloc(emu->syms, (emu->nsyms + n) * sizeof(*syms));
		if (syms == NULL)
			return -1;
		emu->syms = syms;
		for (size_t i = 0; i < n; i++) {
			GElf_Sym sym;
			if (gelf_getsym(data, (int)i, &sym) == NULL || sym.st_name == 0 || sym.st_shndx == SHN_UNDEF)
				continue;
			const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (name == NULL || name[0] == '\0' || name[0] == '$')
				continue;
			char *copy = strdup(name);
			if (copy == NULL)
				return -1;
			emu->syms[emu->nsyms].name = copy;
			emu->syms[emu->nsyms].value = (uint32_t)sym.st_value;
			emu->nsyms++;
		}
	}
	return 0;
}

/* An ARM ELF file opened for its program headers and raw bytes. */
struct elf_file {
	int fd;
	Elf *elf;
	const char *raw;
	size_t rawlen;
	size_t phnum;
};

static void elf_file_close(struct elf_file *f)
{
	if (f->elf != NULL)
		elf_end(f->elf);
	if (f->fd >= 0)
		close(f->fd);
}

/* Opens path as a 32-bit ARM ELF with program headers; 0, or -1 with errbuf set. */
static int elf_file_open(struct elf_file *f, const char *path, char *errbuf, size_t errlen)
{
	*f = (struct elf_file){.fd = -1};
	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(errbuf, errlen, "libelf is unusable");
		return -1;
	}
	f->fd = open(path, O_RDONLY);
	if (f->fd < 0) {
		snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	f->elf = elf_begin(f->fd, ELF_C_READ, NULL);
	GElf_Ehdr eh;
	f->raw = f->elf != NULL ? elf_rawfile(f->elf, &f->rawlen) : NULL;
	if (f->elf == NULL || elf_kind(f->elf) != ELF_K_ELF || gelf_getehdr(f->elf, &eh) == NULL || f->raw == NULL) {
		snprintf(errbuf, errlen, "%s: not an ELF file", path);
	} else if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_ARM) {
		snprintf(errbuf, errlen, "%s: not a 32-bit ARM ELF", path);
	} else if (elf_getphdrnum(f->elf, &f->phnum) != 0 || f->phnum == 0) {
		snprintf(errbuf, errlen, "%s: no program headers", path);
	} else {
		return 0;
	}
	elf_file_close(f);
	return -1;
}

int extmem_emu_load_elf(struct extmem_emu *emu, const char *path, char *errbuf, size_t errlen)
{
	char dummy[8];
	if (errbuf == NULL) {
		errbuf = dummy;
		errlen = sizeof(dummy);
	}
	errbuf[0] = '\0';
	struct elf_file f;
	if (elf_file_open(&f, path, errbuf, errlen) != 0)
		return -1;
	int rc = -1;
	for (size_t i = 0; i < f.phnum; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(f.elf, (int)i, &ph) == NULL || ph.p_type != PT_LOAD || ph.p_filesz == 0)
			continue;
		uint32_t addr = (uint32_t)ph.p_paddr;
		if (ph.p_offset + ph.p_filesz > f.rawlen) {
			snprintf(errbuf, errlen, "%s: segment %zu runs past the end of the file", path, i);
			goto out;
		}
		if (in_window(addr)) {
			snprintf(errbuf, errlen,
				 "%s: segment at 0x%08X lies in an XSPI window: program it into the device model", path,
				 addr);
			goto out;
		}
		if (uc_mem_write(emu->uc, addr, f.raw + ph.p_offset, ph.p_filesz) != UC_ERR_OK) {
			snprintf(errbuf, errlen, "%s: segment at 0x%08X (+%llu bytes) is outside the memory map", path,
				 addr, (unsigned long long)ph.p_filesz);
			goto out;
		}
	}
	for (size_t i = 0; i < emu->nsyms; i++)
		free(emu->syms[i].name);
	emu->nsyms = 0;
	if (load_symbols(emu, f.elf) != 0) {
		snprintf(errbuf, errlen, "%s: out of memory reading symbols", path);
		goto out;
	}
	emu_flush_code(emu);
	rc = 0;
out:
	elf_file_close(&f);
	return rc;
}

long extmem_emu_elf_extract(const char *path, uint32_t base, uint8_t *buf, size_t size, char *errbuf, size_t errlen)
{
	char dummy[8];
	if (errbuf == NULL) {
		errbuf = dummy;
		errlen = sizeof(dummy);
	}
	errbuf[0] = '\0';
	struct elf_file f;
	if (elf_file_open(&f, path, errbuf, errlen) != 0)
		return -1;
	long total = 0;
	for (size_t i = 0; i < f.phnum && total >= 0; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(f.elf, (int)i, &ph) == NULL || ph.p_type != PT_LOAD || ph.p_filesz == 0)
			continue;
		uint64_t addr = ph.p_paddr;
		if (addr < base || addr - base + ph.p_filesz > size || ph.p_offset + ph.p_filesz > f.rawlen) {
			snprintf(errbuf, errlen, "%s: segment at 0x%08llX (+%llu bytes) is outside 0x%08X..0x%08llX",
				 path, (unsigned long long)addr, (unsigned long long)ph.p_filesz, base,
				 (unsigned long long)base + size - 1u);
			total = -1;
			break;
		}
		memcpy(buf + (addr - base), f.raw + ph.p_offset, ph.p_filesz);
		total += (long)ph.p_filesz;
	}
	elf_file_close(&f);
	return total;
}
