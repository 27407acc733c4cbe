/* SPDX-License-Identifier: MIT */
/*
 * The image readers of `extmem prog` (tools/image_hex.c, tools/image_raw.c,
 * tools/image_elf.c) on files that are wrong in one way each. The expected
 * addresses come from the Intel HEX specification (Intel, "Hexadecimal
 * Object File Format Specification", rev. A: type 02 gives the segment base
 * address SBA, a byte lands at SBA * 16 + ((offset + i) mod 64 Ki); type 04
 * gives the upper 16 bits of a linear address) and the ELF specification
 * (p_offset, p_filesz <= p_memsz); the HEX lines are written by hand with
 * their checksums (two's complement of the byte sum).
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
#include "image.h"

static char g_err[300];

static int hex(const char *text, struct extmem_image *img)
{
	g_err[0] = '\0';
	return extmem_image_load_hex((const uint8_t *)text, strlen(text), img, g_err, sizeof(g_err));
}

static void assert_refused(int rc, const char *needle)
{
	assert_int_equal(rc, -1);
	if (strstr(g_err, needle) == NULL)
		fail_msg("message '%s' does not name '%s'", g_err, needle);
}

#define EOF_LINE ":00000001FF\n"

static void hex_data_records_land_at_their_offsets_and_join(void **state)
{
	(void)state;
	struct extmem_image img;
	/* 4 bytes at 0x0010, 2 at 0x0014 (adjacent), 1 at 0x0000 (before both) */
	assert_int_equal(hex(":0400100001020304E2\n:020014000506DF\n:01000000AA55\n" EOF_LINE, &img), 0);
	/* sorted by address: the lone byte at 0 first, then the 6 joined bytes at 0x10 */
	assert_int_equal(img.count, 2);
	assert_int_equal(img.segs[0].addr, 0x0000);
	assert_int_equal(img.segs[0].len, 1);
	assert_int_equal(img.segs[0].data[0], 0xAA);
	assert_int_equal(img.segs[1].addr, 0x0010);
	assert_int_equal(img.segs[1].len, 6);
	assert_memory_equal(img.segs[1].data, "\x01\x02\x03\x04\x05\x06", 6);
	extmem_image_free(&img);
}

static void hex_extended_linear_address_gives_the_upper_16_bits(void **state)
{
	(void)state;
	struct extmem_image img;
	assert_int_equal(hex(":0200000470008A\n:02010000CAFE35\n" EOF_LINE, &img), 0);
	assert_int_equal(img.count, 1);
	assert_int_equal(img.segs[0].addr, 0x70000100u);
	assert_int_equal(img.segs[0].len, 2);
	extmem_image_free(&img);
}

static void hex_extended_segment_address_is_16_times_the_base(void **state)
{
	(void)state;
	struct extmem_image img;
	/* SBA 0x1234: 0x12340 + 0x0010 */
	assert_int_equal(hex(":020000021234B6\n:010010007778\n" EOF_LINE, &img), 0);
	assert_int_equal(img.count, 1);
	assert_int_equal(img.segs[0].addr, 0x12350u);
	extmem_image_free(&img);
}

static void hex_start_address_records_are_taken(void **state)
{
	(void)state;
	struct extmem_image img;
	assert_int_equal(hex(":0400000508000101ED\n:0400000300001000E9\n:01000000AA55\n" EOF_LINE, &img), 0);
	assert_int_equal(img.count, 1);
	extmem_image_free(&img);
}

static void hex_record_past_4_gib_is_refused_naming_its_line(void **state)
{
	(void)state;
	struct extmem_image img;
	/* ULBA FFFF, 2 bytes at offset FFFF: the second would be at 2^32 */
	assert_refused(hex(":02000004FFFFFC\n:02FFFF000102FD\n" EOF_LINE, &img), "line 2");
	assert_refused(hex(":02000004FFFFFC\n:02FFFF000102FD\n" EOF_LINE, &img), "4 GiB");
}

static void hex_record_past_its_64k_segment_is_refused(void **state)
{
	(void)state;
	struct extmem_image img;
	/* type 02 addressing wraps the offset within the segment: the spec puts the 2nd byte at SBA*16 + 0 */
	assert_refused(hex(":020000021000EC\n:02FFFF000102FD\n" EOF_LINE, &img), "line 2");
	assert_refused(hex(":020000021000EC\n:02FFFF000102FD\n" EOF_LINE, &img), "segment");
}

static void hex_overlap_with_different_bytes_is_refused_naming_line_and_address(void **state)
{
	(void)state;
	struct extmem_image img;
	/* 4 bytes at 0x10, then 2 bytes at 0x12 of which the second differs (0x04 -> 0x99) */
	const char *t = ":0400100001020304E2\n:02001200039950\n" EOF_LINE;
	assert_refused(hex(t, &img), "line 2");
	assert_refused(hex(t, &img), "0x00000013");
}

static void hex_overlap_with_the_same_bytes_is_taken_once(void **state)
{
	(void)state;
	struct extmem_image img;
	/* 0x10..0x13, then 0x12..0x15 repeating 03 04 and adding 05 06 */
	assert_int_equal(hex(":0400100001020304E2\n:0400120003040506D8\n" EOF_LINE, &img), 0);
	assert_int_equal(img.count, 1);
	assert_int_equal(img.segs[0].addr, 0x10);
	assert_int_equal(img.segs[0].len, 6);
	assert_memory_equal(img.segs[0].data, "\x01\x02\x03\x04\x05\x06", 6);
	extmem_image_free(&img);
}

static void hex_without_end_of_file_record_is_refused(void **state)
{
	(void)state;
	struct extmem_image img;
	assert_refused(hex(":0400100001020304E2\n", &img), "end-of-file");
}

static void hex_checksum_error_names_the_line_and_the_sums(void **state)
{
	(void)state;
	struct extmem_image img;
	assert_refused(hex(":01000000AA55\n:0400100001020304E3\n" EOF_LINE, &img), "line 2");
	assert_refused(hex(":01000000AA55\n:0400100001020304E3\n" EOF_LINE, &img), "checksum");
}

static void hex_record_fields_of_the_wrong_length_are_refused(void **state)
{
	(void)state;
	struct extmem_image img;
	/* an EOF record with a data byte; an extended linear address with 1 byte; a start address with 2 */
	assert_refused(hex(":0100000100FE\n", &img), "line 1");
	assert_refused(hex(":01000004708B\n" EOF_LINE, &img), "data bytes");
	assert_refused(hex(":020000050800F1\n" EOF_LINE, &img), "data bytes");
}

/* ---- ELF ---- */

static char g_path[64];

static int elf_file(const uint8_t *bytes, size_t n, struct extmem_image *img)
{
	FILE *f = fopen(g_path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	g_err[0] = '\0';
	return extmem_image_load(g_path, false, 0, img, g_err, sizeof(g_err));
}

static size_t two_segments(uint8_t *buf, size_t cap, uint32_t second_paddr, uint8_t second_fill)
{
	struct elfw w;
	elfw_init(&w);
	w.segs[w.nsegs++] = (struct elfw_segment){.type = 1, .paddr = 0x70000000u, .filesz = 64, .fill = 1};
	w.segs[w.nsegs++] = (struct elfw_segment){.type = 1, .paddr = second_paddr, .filesz = 32, .fill = second_fill};
	size_t n = elfw_build(&w, buf, cap);
	assert_true(n > 0);
	return n;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void elf_segments_land_at_their_physical_addresses(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct extmem_image img;
	size_t n = two_segments(buf, sizeof(buf), 0x70001000u, 2);
	assert_int_equal(elf_file(buf, n, &img), 0);
	assert_int_equal(img.count, 2);
	assert_int_equal(img.segs[0].addr, 0x70000000u);
	assert_int_equal(img.segs[0].len, 64);
	assert_int_equal(img.segs[1].addr, 0x70001000u);
	assert_int_equal(img.segs[1].len, 32);
	/* the writer's fill: fill ^ offset within the segment */
	assert_int_equal(img.segs[1].data[5], 2 ^ 5);
	extmem_image_free(&img);
}

static void elf_filesz_larger_than_memsz_is_refused_naming_both(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct extmem_image img;
	size_t n = two_segments(buf, sizeof(buf), 0x70001000u, 2);
	uint32_t phoff = le32(buf + 28);
	put_le32(buf + phoff + 32 + 20, 16); /* segment 1: p_memsz 16 < p_filesz 32 */
	assert_refused(elf_file(buf, n, &img), "segment 1");
	assert_refused(elf_file(buf, n, &img), "p_memsz");
}

static void elf_offset_past_the_file_is_refused_naming_p_offset(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct extmem_image img;
	size_t n = two_segments(buf, sizeof(buf), 0x70001000u, 2);
	uint32_t phoff = le32(buf + 28);
	put_le32(buf + phoff + 4, 0xFFFFFFF0u); /* segment 0: p_offset near 4 GiB, wraps with p_filesz 64 */
	assert_refused(elf_file(buf, n, &img), "segment 0");
	assert_refused(elf_file(buf, n, &img), "p_offset");
}

static void elf_segment_past_4_gib_is_refused_naming_p_paddr(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct extmem_image img;
	size_t n = two_segments(buf, sizeof(buf), 0xFFFFFFF0u, 2);
	assert_refused(elf_file(buf, n, &img), "segment 1");
	assert_refused(elf_file(buf, n, &img), "p_paddr");
}

static void elf_overlapping_segments_with_different_bytes_are_refused(void **state)
{
	(void)state;
	uint8_t buf[4096];
	struct extmem_image img;
	/* segment 1 at 0x70000020 covers the second half of segment 0 with other bytes */
	size_t n = two_segments(buf, sizeof(buf), 0x70000020u, 7);
	assert_refused(elf_file(buf, n, &img), "segment 1");
	assert_refused(elf_file(buf, n, &img), "0x70000020");
}

/* Found by fuzz_prog_elf: a symbol table whose string table is SHT_NOBITS at an offset far past the file. */
static void elf_symbol_names_in_a_nobits_section_are_not_read(void **state)
{
	(void)state;
	struct elfw w;
	uint8_t buf[4096];
	elfw_init(&w);
	w.segs[w.nsegs++] = (struct elfw_segment){.type = 1, .paddr = 0x20000004u, .filesz = 32, .fill = 1};
	w.nsymtabs = 1;
	w.symtabs[0].nsyms = 1;
	w.symtabs[0].syms[0] = (struct elfw_symbol){"Init", 0x20000005u};
	size_t n = elfw_build(&w, buf, sizeof(buf));
	assert_true(n > 0);
	/* Shdr: sh_type at +4, sh_offset at +16, sh_link at +24 (ELF specification) */
	uint32_t shoff = le32(buf + 32);
	unsigned shnum = (unsigned)(buf[48] | buf[49] << 8), patched = 0;
	for (unsigned i = 0; i < shnum; i++) {
		uint8_t *sh = buf + shoff + 40u * i;
		if (le32(sh + 4) != 2u)
			continue;
		uint8_t *str = buf + shoff + 40u * le32(sh + 24);
		put_le32(str + 4, 8u);
		put_le32(str + 16, 0x7FFFFF00u);
		patched++;
	}
	assert_int_equal(patched, 1);
	struct extmem_elf elf;
	struct extmem_elf_sym sym;
	g_err[0] = '\0';
	if (extmem_elf_parse(buf, n, &elf, g_err, sizeof(g_err)) == 0)
		assert_int_equal(extmem_elf_symbol(&elf, "Init", &sym), -1);
	else
		assert_non_null(strstr(g_err, "SHT_NOBITS"));
}

static int setup(void **state)
{
	(void)state;
	snprintf(g_path, sizeof(g_path), "/tmp/test_image_readers.%ld.elf", (long)getpid());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(g_path);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hex_data_records_land_at_their_offsets_and_join),
		cmocka_unit_test(hex_extended_linear_address_gives_the_upper_16_bits),
		cmocka_unit_test(hex_extended_segment_address_is_16_times_the_base),
		cmocka_unit_test(hex_start_address_records_are_taken),
		cmocka_unit_test(hex_record_past_4_gib_is_refused_naming_its_line),
		cmocka_unit_test(hex_record_past_its_64k_segment_is_refused),
		cmocka_unit_test(hex_overlap_with_different_bytes_is_refused_naming_line_and_address),
		cmocka_unit_test(hex_overlap_with_the_same_bytes_is_taken_once),
		cmocka_unit_test(hex_without_end_of_file_record_is_refused),
		cmocka_unit_test(hex_checksum_error_names_the_line_and_the_sums),
		cmocka_unit_test(hex_record_fields_of_the_wrong_length_are_refused),
		cmocka_unit_test(elf_segments_land_at_their_physical_addresses),
		cmocka_unit_test(elf_filesz_larger_than_memsz_is_refused_naming_both),
		cmocka_unit_test(elf_offset_past_the_file_is_refused_naming_p_offset),
		cmocka_unit_test(elf_segment_past_4_gib_is_refused_naming_p_paddr),
		cmocka_unit_test(elf_overlapping_segments_with_different_bytes_are_refused),
		cmocka_unit_test(elf_symbol_names_in_a_nobits_section_are_not_read),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
