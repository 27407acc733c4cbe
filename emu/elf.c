/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: loading ELF files (segments into memory, symbols for
 * breakpoints). Files are hostile input: every size and offset is checked
 * against the file before use, and a segment goes only where the device has
 * memory a loader could write; anything else is an error naming it.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static bool in_window(uint32_t addr)
{
	return (addr >= EXTMEM_EMU_XSPI1_BASE && addr - EXTMEM_EMU_XSPI1_BASE < EXTMEM_EMU_WINDOW_SIZE) ||
	       (addr >= EXTMEM_EMU_XSPI2_BASE && addr - EXTMEM_EMU_XSPI2_BASE < EXTMEM_EMU_WINDOW_SIZE);
}

/* The memories of the device an ELF segment may be loaded into. */
static const struct {
	uint32_t base, size;
	const char *name;
} loadable[] = {
	{EXTMEM_EMU_ITCM_BASE, EXTMEM_EMU_ITCM_SIZE, "ITCM"},
	{EXTMEM_EMU_FLASH_BASE, EXTMEM_EMU_FLASH_SIZE, "internal flash"},
	{EXTMEM_EMU_DTCM_BASE, EXTMEM_EMU_DTCM_SIZE, "DTCM"},
	{EXTMEM_EMU_AXI_BASE, EXTMEM_EMU_AXI_SIZE, "AXI SRAM"},
	{EXTMEM_EMU_AHB_BASE, EXTMEM_EMU_AHB_SIZE, "AHB SRAM"},
	{EXTMEM_EMU_BKP_BASE, EXTMEM_EMU_BKP_SIZE, "backup SRAM"},
};

/* What lies at an address no segment may be loaded to. */
static const char *not_loadable_what(uint32_t addr)
{
	if (addr >= 0x40000000u && addr < 0x60000000u)
		return "peripheral registers";
	if (addr >= 0xE0000000u && addr < 0xE0100000u)
		return "the private peripheral bus (system control space, DWT, ITM)";
	if ((addr & ~0xFFFu) == EXTMEM_EMU_RETURN_ADDR)
		return "the emulator's private return page (no memory there on the device)";
	return "no memory on the device";
}

/*
 * 0 when [addr, addr + len) lies inside one loadable memory; else -1 with
 * errbuf naming the segment and what is there.
 */
static int check_loadable(const char *path, size_t index, uint64_t addr, uint64_t len, char *errbuf, size_t errlen)
{
	for (size_t r = 0; r < sizeof(loadable) / sizeof(loadable[0]); r++) {
		uint64_t base = loadable[r].base, end = base + loadable[r].size;
		if (addr < base || addr >= end)
			continue;
		if (len <= end - addr)
			return 0;
		snprintf(errbuf, errlen,
			 "%s: segment %zu (0x%08llX, %llu bytes) runs past the end of the %s at 0x%08llX", path, index,
			 (unsigned long long)addr, (unsigned long long)len, loadable[r].name,
			 (unsigned long long)end - 1u);
		return -1;
	}
	snprintf(errbuf, errlen, "%s: segment %zu (0x%08llX, %llu bytes) lies in %s: it cannot be loaded", path, index,
		 (unsigned long long)addr, (unsigned long long)len, not_loadable_what((uint32_t)addr));
	return -1;
}

static void free_names(struct extmem_emu *emu)
{
	for (size_t i = 0; i < emu->nsyms; i++)
		free(emu->syms[i].name);
	emu->nsyms = 0;
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
		/* What the file holds, not what the header claims; an empty table adds nothing. */
		size_t n = data->d_size / sh.sh_entsize;
		if (n == 0)
			continue;
		if (n > (SIZE_MAX / sizeof(*emu->syms)) - emu->nsyms)
			return -1;
		/* never realloc(p, 0): it may free p and return NULL, leaving p to be freed again */
		struct emu_symbol *syms = realloc(emu->syms, (emu->nsyms + n) * sizeof(*syms));
		if (syms == NULL)
			return -1;
		emu->syms = syms;
		for (size_t i = 0; i < n && i <= INT32_MAX; i++) {
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

/* One PT_LOAD segment with bytes, checked against the file. */
struct elf_seg {
	size_t index;
	uint64_t addr, len, offset;
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
	struct stat st;
	const char *why = fstat(f->fd, &st) != 0 ? strerror(errno)
			  : S_ISDIR(st.st_mode)  ? "is a directory, not an ELF file"
			  : !S_ISREG(st.st_mode) ? "is not a regular file"
			  : st.st_size == 0      ? "is empty, not an ELF file"
						 : NULL;
	if (why != NULL) {
		snprintf(errbuf, errlen, "%s: %s", path, why);
		elf_file_close(f);
		return -1;
	}
	f->elf = elf_begin(f->fd, ELF_C_READ, NULL);
	GElf_Ehdr eh;
	f->raw = f->elf != NULL ? elf_rawfile(f->elf, &f->rawlen) : NULL;
	if (f->elf == NULL || elf_kind(f->elf) != ELF_K_ELF || gelf_getehdr(f->elf, &eh) == NULL || f->raw == NULL) {
		snprintf(errbuf, errlen, "%s: not an ELF file (or its header is truncated)", path);
	} else if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_ARM) {
		snprintf(errbuf, errlen, "%s: not a 32-bit ARM ELF (class %u, machine %u)", path,
			 (unsigned)eh.e_ident[EI_CLASS], (unsigned)eh.e_machine);
	} else if (elf_getphdrnum(f->elf, &f->phnum) != 0 || f->phnum == 0) {
		snprintf(errbuf, errlen, "%s: no program headers (e_phnum 0): nothing to load", path);
	} else if (eh.e_phoff > f->rawlen ||
		   (uint64_t)(eh.e_phnum != PN_XNUM ? eh.e_phnum : f->phnum) * eh.e_phentsize >
			   f->rawlen - eh.e_phoff) {
		/* libelf quietly shortens a table that does not fit: the header's own count is the claim */
		snprintf(errbuf, errlen,
			 "%s: the program header table (e_phnum %u at offset %llu) runs past the end of the file "
			 "(%zu bytes)",
			 path, (unsigned)eh.e_phnum, (unsigned long long)eh.e_phoff, f->rawlen);
	} else {
		return 0;
	}
	elf_file_close(f);
	return -1;
}

static int by_addr(const void *a, const void *b)
{
	const struct elf_seg *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr ? 1 : 0;
}

/*
 * The PT_LOAD segments that carry bytes, each inside the file, none
 * overlapping another, at least one. Returns a malloc'd array sorted by
 * address (*n entries), or NULL with errbuf set.
 */
static struct elf_seg *elf_segments(struct elf_file *f, const char *path, size_t *n, char *errbuf, size_t errlen)
{
	struct elf_seg *segs = calloc(f->phnum, sizeof(*segs));
	if (segs == NULL) {
		snprintf(errbuf, errlen, "%s: out of memory for %zu program headers", path, f->phnum);
		return NULL;
	}
	size_t count = 0, pt_load = 0;
	for (size_t i = 0; i < f->phnum && i <= INT32_MAX; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(f->elf, (int)i, &ph) == NULL) {
			snprintf(errbuf, errlen, "%s: program header %zu of %zu is unreadable", path, i, f->phnum);
			goto fail;
		}
		if (ph.p_type != PT_LOAD)
			continue;
		pt_load++;
		if (ph.p_filesz == 0)
			continue;
		if (ph.p_offset > f->rawlen || ph.p_filesz > f->rawlen - ph.p_offset) {
			snprintf(errbuf, errlen,
				 "%s: segment %zu (%llu bytes at file offset %llu) runs past the end of the file (%zu "
				 "bytes)",
				 path, i, (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_offset, f->rawlen);
			goto fail;
		}
		if (ph.p_paddr > UINT32_MAX || ph.p_filesz > (uint64_t)UINT32_MAX + 1u - ph.p_paddr) {
			snprintf(errbuf, errlen, "%s: segment %zu (0x%08llX, %llu bytes) wraps past 0xFFFFFFFF", path,
				 i, (unsigned long long)ph.p_paddr, (unsigned long long)ph.p_filesz);
			goto fail;
		}
		segs[count++] =
			(struct elf_seg){.index = i, .addr = ph.p_paddr, .len = ph.p_filesz, .offset = ph.p_offset};
	}
	if (count == 0) {
		snprintf(errbuf, errlen, "%s: %s: nothing to load", path,
			 pt_load == 0 ? "no PT_LOAD segment" : "every PT_LOAD segment is empty (p_filesz 0)");
		goto fail;
	}
	qsort(segs, count, sizeof(*segs), by_addr);
	for (size_t i = 1; i < count; i++) {
		const struct elf_seg *a = &segs[i - 1], *b = &segs[i];
		if (b->addr < a->addr + a->len) {
			snprintf(errbuf, errlen,
				 "%s: segments %zu (0x%08llX, %llu bytes) and %zu (0x%08llX, %llu bytes) overlap", path,
				 a->index, (unsigned long long)a->addr, (unsigned long long)a->len, b->index,
				 (unsigned long long)b->addr, (unsigned long long)b->len);
			goto fail;
		}
	}
	*n = count;
	return segs;
fail:
	free(segs);
	return NULL;
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
	size_t n = 0;
	struct elf_seg *segs = elf_segments(&f, path, &n, errbuf, errlen);
	if (segs == NULL)
		goto out;
	/* every segment is checked before any is written: a refused file leaves memory as it was */
	for (size_t i = 0; i < n; i++) {
		if (in_window((uint32_t)segs[i].addr)) {
			snprintf(errbuf, errlen,
				 "%s: segment %zu at 0x%08X lies in an XSPI window: program it into the device model",
				 path, segs[i].index, (uint32_t)segs[i].addr);
			goto out;
		}
		if (check_loadable(path, segs[i].index, segs[i].addr, segs[i].len, errbuf, errlen) != 0)
			goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (uc_mem_write(emu->uc, segs[i].addr, f.raw + segs[i].offset, segs[i].len) != UC_ERR_OK) {
			snprintf(errbuf, errlen, "%s: segment %zu at 0x%08X (+%llu bytes) could not be written", path,
				 segs[i].index, (uint32_t)segs[i].addr, (unsigned long long)segs[i].len);
			goto out;
		}
	}
	free_names(emu);
	if (load_symbols(emu, f.elf) != 0) {
		free_names(emu);
		snprintf(errbuf, errlen, "%s: out of memory reading symbols", path);
		goto out;
	}
	emu_flush_code(emu);
	rc = 0;
out:
	free(segs);
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
	size_t n = 0;
	long total = -1;
	struct elf_seg *segs = elf_segments(&f, path, &n, errbuf, errlen);
	for (size_t i = 0; segs != NULL && i < n; i++) {
		const struct elf_seg *s = &segs[i];
		if (s->addr < base || s->addr - base > size || s->len > size - (s->addr - base)) {
			snprintf(errbuf, errlen,
				 "%s: segment %zu at 0x%08llX (+%llu bytes) is outside 0x%08X..0x%08llX", path,
				 s->index, (unsigned long long)s->addr, (unsigned long long)s->len, base,
				 (unsigned long long)base + size - 1u);
			goto out;
		}
	}
	total = 0;
	for (size_t i = 0; segs != NULL && i < n; i++) {
		memcpy(buf + (segs[i].addr - base), f.raw + segs[i].offset, segs[i].len);
		total += (long)segs[i].len;
	}
	if (segs == NULL)
		total = -1;
out:
	free(segs);
	elf_file_close(&f);
	return total;
}
