/* SPDX-License-Identifier: MIT */
/*
 * The emulator's ELF loader on hostile files (issue 14): each file is built
 * by hand (elf_writer.c, from the ELF specification) and each refusal must
 * name the segment or the file and the reason. Addresses are RM0477's
 * memory map: GPIOA at 0x58020000, the SCB at 0xE000ED00, FMC banks at
 * 0x60000000 (not modelled, no memory), internal flash 64 KiB at 0x08000000.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "elf_writer.h"
#include "extmem_emu/machine.h"

struct t {
	struct extmem_emu *emu;
	char path[64];
	char err[300];
};

static int up(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	assert_non_null(t);
	assert_int_equal(extmem_emu_create(&t->emu, NULL), 0);
	snprintf(t->path, sizeof(t->path), "elf_loader_%ld.elf", (long)getpid());
	*state = t;
	return 0;
}

static int down(void **state)
{
	struct t *t = *state;
	extmem_emu_destroy(t->emu);
	unlink(t->path);
	free(t);
	return 0;
}

static void add_seg(struct elfw *w, uint32_t type, uint32_t paddr, uint32_t filesz)
{
	w->segs[w->nsegs++] = (struct elfw_segment){.type = type, .paddr = paddr, .filesz = filesz, .fill = 0x5A};
}

/* Loads w; expects a refusal whose message holds every string of want. */
static void expect_refused(struct t *t, const struct elfw *w, const char *const *want)
{
	assert_int_equal(elfw_write(w, t->path), 0);
	assert_int_equal(extmem_emu_load_elf(t->emu, t->path, t->err, sizeof(t->err)), -1);
	for (; *want != NULL; want++)
		if (strstr(t->err, *want) == NULL)
			fail_msg("message '%s' lacks '%s'", t->err, *want);
	assert_non_null(strstr(t->err, t->path));
}

static void a_good_file_loads_its_segments_and_symbols(void **state)
{
	struct t *t = *state;
	struct elfw w;
	elfw_init(&w);
	add_seg(&w, 1, 0x08000000u, 64);
	add_seg(&w, 1, 0x24000000u, 16);
	w.nsymtabs = 1;
	w.symtabs[0].nsyms = 1;
	w.symtabs[0].syms[0] = (struct elfw_symbol){"main", 0x08000021u};
	assert_int_equal(elfw_write(&w, t->path), 0);
	assert_int_equal(extmem_emu_load_elf(t->emu, t->path, t->err, sizeof(t->err)), 0);
	uint8_t b[16];
	assert_int_equal(extmem_emu_read_mem(t->emu, 0x24000000u, b, sizeof(b)), 0);
	for (int i = 0; i < 16; i++)
		assert_int_equal(b[i], 0x5A ^ i);
	uint32_t a = 0;
	assert_int_equal(extmem_emu_symbol(t->emu, "main", &a), 0);
	assert_int_equal(a, 0x08000021u);
}

/* realloc(p, 0) frees p and returns NULL; the loader kept p and freed it again at destroy. */
static void two_symbol_tables_the_second_empty_free_nothing_twice(void **state)
{
	struct t *t = *state;
	struct elfw w;
	elfw_init(&w);
	add_seg(&w, 1, 0x08000000u, 8);
	w.nsymtabs = 2;
	w.symtabs[0].nsyms = 0; /* the null symbol only */
	w.symtabs[1].size_zero = 1;
	assert_int_equal(elfw_write(&w, t->path), 0);
	assert_int_equal(extmem_emu_load_elf(t->emu, t->path, t->err, sizeof(t->err)), 0);
	uint32_t a;
	assert_int_equal(extmem_emu_symbol(t->emu, "main", &a), -1);
	/* and with symbols in the first table, they stay found */
	w.symtabs[0].nsyms = 1;
	w.symtabs[0].syms[0] = (struct elfw_symbol){"boot", 0x08000041u};
	assert_int_equal(elfw_write(&w, t->path), 0);
	assert_int_equal(extmem_emu_load_elf(t->emu, t->path, t->err, sizeof(t->err)), 0);
	assert_int_equal(extmem_emu_symbol(t->emu, "boot", &a), 0);
	assert_int_equal(a, 0x08000041u);
	/* down() destroys the machine: a double free aborts there */
}

static void segments_where_the_device_has_no_writable_memory_are_refused_by_name(void **state)
{
	struct t *t = *state;
	static const struct {
		uint32_t addr, len;
		const char *what;
	} cases[] = {
		{0x58020000u, 16, "peripheral registers"},    /* GPIOA */
		{0xE000ED00u, 16, "system control space"},    /* SCB */
		{0x1FFFF000u, 4, "emulator's private"},       /* the call-API return page */
		{0x60000000u, 16, "no memory on the device"}, /* FMC bank 1, not modelled */
		{0x0800FFF0u, 32, "runs past the end of the internal flash"},
		{0x2000FFFCu, 8, "runs past the end of the DTCM"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct elfw w;
		elfw_init(&w);
		add_seg(&w, 1, 0x08000000u, 8);
		add_seg(&w, 1, cases[i].addr, cases[i].len);
		char addr[16];
		snprintf(addr, sizeof(addr), "0x%08X", cases[i].addr);
		const char *want[] = {"segment 1", addr, cases[i].what, NULL};
		expect_refused(t, &w, want);
	}
	/* nothing of a refused file was written: the first segment did not land either */
	uint8_t b[8];
	assert_int_equal(extmem_emu_read_mem(t->emu, 0x08000000u, b, sizeof(b)), 0);
	assert_int_not_equal(b[0], 0x5A);
}

static void a_file_with_nothing_to_load_is_refused(void **state)
{
	struct t *t = *state;
	struct elfw w;
	elfw_init(&w);
	add_seg(&w, 4 /* PT_NOTE */, 0x08000000u, 8);
	const char *no_load[] = {"no PT_LOAD segment", NULL};
	expect_refused(t, &w, no_load);
	elfw_init(&w);
	const char *no_ph[] = {"no program headers", NULL};
	expect_refused(t, &w, no_ph);
	/* e_phnum says 40 where the file holds one */
	elfw_init(&w);
	add_seg(&w, 1, 0x08000000u, 8);
	w.phnum_override = 40;
	const char *bogus[] = {"program header table", "e_phnum 40", "past the end of the file", NULL};
	expect_refused(t, &w, bogus);
}

static void a_truncated_file_is_refused_naming_the_segment(void **state)
{
	struct t *t = *state;
	struct elfw w;
	elfw_init(&w);
	add_seg(&w, 1, 0x08000000u, 4096);
	static uint8_t buf[8192];
	size_t n = elfw_build(&w, buf, sizeof(buf));
	assert_true(n > 2048);
	FILE *f = fopen(t->path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, 2048, f), 2048); /* cut in the middle of segment 0 */
	fclose(f);
	assert_int_equal(extmem_emu_load_elf(t->emu, t->path, t->err, sizeof(t->err)), -1);
	assert_non_null(strstr(t->err, "segment 0"));
	assert_non_null(strstr(t->err, "past the end of the file"));
}

static void other_files_are_refused_with_what_they_are(void **state)
{
	struct t *t = *state;
	struct elfw w;
	elfw_init(&w);
	add_seg(&w, 1, 0x08000000u, 8);
	w.machine = 62; /* EM_X86_64 */
	const char *arch[] = {"not a 32-bit ARM ELF", NULL};
	expect_refused(t, &w, arch);
	assert_int_equal(extmem_emu_load_elf(t->emu, ".", t->err, sizeof(t->err)), -1);
	assert_non_null(strstr(t->err, "directory"));
	FILE *f = fopen(t->path, "wb");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(extmem_emu_load_elf(t->emu, t->path, t->err, sizeof(t->err)), -1);
	assert_non_null(strstr(t->err, "empty"));
	f = fopen(t->path, "wb");
	assert_non_null(f);
	fputs("this is not an ELF file at all, only text\n", f);
	fclose(f);
	assert_int_equal(extmem_emu_load_elf(t->emu, t->path, t->err, sizeof(t->err)), -1);
	assert_non_null(strstr(t->err, "not an ELF file"));
}

/* --appli: two segments over the same bytes were both counted and both copied. */
static void extract_refuses_overlapping_segments(void **state)
{
	struct t *t = *state;
	struct elfw w;
	elfw_init(&w);
	add_seg(&w, 1, 0x70000000u, 0x100);
	add_seg(&w, 1, 0x70000080u, 0x100);
	assert_int_equal(elfw_write(&w, t->path), 0);
	static uint8_t nor[0x1000];
	assert_int_equal(extmem_emu_elf_extract(t->path, 0x70000000u, nor, sizeof(nor), t->err, sizeof(t->err)), -1);
	assert_non_null(strstr(t->err, "segments 0"));
	assert_non_null(strstr(t->err, "and 1"));
	assert_non_null(strstr(t->err, "overlap"));
	/* side by side is fine, and counted once each */
	w.segs[1].paddr = 0x70000100u;
	assert_int_equal(elfw_write(&w, t->path), 0);
	assert_int_equal(extmem_emu_elf_extract(t->path, 0x70000000u, nor, sizeof(nor), t->err, sizeof(t->err)), 0x200);
	/* a segment past the end of the device */
	w.segs[1].paddr = 0x70000F80u;
	assert_int_equal(elfw_write(&w, t->path), 0);
	assert_int_equal(extmem_emu_elf_extract(t->path, 0x70000000u, nor, sizeof(nor), t->err, sizeof(t->err)), -1);
	assert_non_null(strstr(t->err, "segment 1 at 0x70000F80"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_good_file_loads_its_segments_and_symbols, up, down),
		cmocka_unit_test_setup_teardown(two_symbol_tables_the_second_empty_free_nothing_twice, up, down),
		cmocka_unit_test_setup_teardown(segments_where_the_device_has_no_writable_memory_are_refused_by_name,
						up, down),
		cmocka_unit_test_setup_teardown(a_file_with_nothing_to_load_is_refused, up, down),
		cmocka_unit_test_setup_teardown(a_truncated_file_is_refused_naming_the_segment, up, down),
		cmocka_unit_test_setup_teardown(other_files_are_refused_with_what_they_are, up, down),
		cmocka_unit_test_setup_teardown(extract_refuses_overlapping_segments, up, down),
	};
	return cmocka_run_group_tests_name("elf_loader", tests, NULL, NULL);
}
