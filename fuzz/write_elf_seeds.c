/* SPDX-License-Identifier: MIT */
/*
 * Writes the committed seed corpus of fuzz_elf (fuzz/seeds_elf/) from the
 * tests' hand-built ELF writer: a good file, and one of each refusal the
 * loader knows. Regenerate with:
 *   cc -I tests/tools fuzz/write_elf_seeds.c tests/tools/elf_writer.c -o /tmp/w && /tmp/w fuzz/seeds_elf
 */
#include <stdio.h>

#include "elf_writer.h"

static int put(const char *dir, const char *name, const struct elfw *w)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return elfw_write(w, p);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *d = argv[1];
	struct elfw w;
	int err = 0;
	elfw_init(&w);
	w.segs[w.nsegs++] = (struct elfw_segment){.type = 1, .paddr = 0x08000000u, .filesz = 64, .fill = 1};
	w.segs[w.nsegs++] = (struct elfw_segment){.type = 1, .paddr = 0x24000000u, .filesz = 16, .fill = 2};
	w.nsymtabs = 1;
	w.symtabs[0].nsyms = 2;
	w.symtabs[0].syms[0] = (struct elfw_symbol){"main", 0x08000021u};
	w.symtabs[0].syms[1] = (struct elfw_symbol){"$t", 0x08000020u};
	err |= put(d, "good.elf", &w);
	w.nsymtabs = 2;
	w.symtabs[1].size_zero = 1;
	err |= put(d, "two_symtabs_second_empty.elf", &w);
	w.nsymtabs = 1;
	w.segs[1].paddr = 0x58020000u;
	err |= put(d, "segment_in_peripherals.elf", &w);
	w.segs[1].paddr = 0x08000020u;
	err |= put(d, "overlapping_segments.elf", &w);
	w.segs[1].paddr = 0x24000000u;
	w.phnum_override = 9;
	err |= put(d, "bogus_phnum.elf", &w);
	elfw_init(&w);
	w.segs[w.nsegs++] = (struct elfw_segment){.type = 4, .paddr = 0x08000000u, .filesz = 8};
	err |= put(d, "no_pt_load.elf", &w);
	elfw_init(&w);
	w.segs[w.nsegs++] = (struct elfw_segment){.type = 1, .paddr = 0x70000000u, .filesz = 256, .fill = 3};
	w.segs[w.nsegs++] = (struct elfw_segment){.type = 1, .paddr = 0x70000100u, .filesz = 32, .fill = 4};
	err |= put(d, "appli_window.elf", &w);
	return err ? 1 : 0;
}
