/* SPDX-License-Identifier: MIT */
/*
 * Malformed SFDP images: each defect gets its own status, optional tables
 * never fail the parse, nothing is read past a stated length or the image.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/sfdp.h"
#include "sfdp_build.h"

static struct extmem_sfdp desc;

static void expect_error(size_t len, enum extmem_sfdp_error e)
{
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_ERR_FORMAT);
	assert_int_equal(desc.error, e);
	assert_string_not_equal(extmem_sfdp_error_name(desc.error), "unknown");
}

static void minimal_image_parses(void **state)
{
	(void)state;
	size_t len = base(1);
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_true(desc.bfpt.size == 8ull * 1024 * 1024);
	assert_int_equal(desc.nheaders, 1);
}

static void null_arguments_are_invalid(void **state)
{
	(void)state;
	size_t len = base(1);
	uint32_t span;
	assert_int_equal(extmem_sfdp_parse(NULL, len, &desc), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_sfdp_parse(img, len, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_sfdp_image_span(NULL, len, &span, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_sfdp_image_span(img, len, NULL, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_sfdp_apply_fixups(NULL, 0), EXTMEM_ERR_INVALID);
}

static void truncated_header_is_reported(void **state)
{
	(void)state;
	base(1);
	for (size_t len = 0; len < 8; len++)
		expect_error(len, EXTMEM_SFDP_E_TRUNCATED_HEADER);
}

static void bad_signature_is_reported(void **state)
{
	(void)state;
	size_t len = base(1);
	img[3] = 'Q';
	expect_error(len, EXTMEM_SFDP_E_BAD_SIGNATURE);
	memset(img, 0xff, 8); /* erased flash */
	expect_error(len, EXTMEM_SFDP_E_BAD_SIGNATURE);
}

static void wrong_major_revision_is_reported(void **state)
{
	(void)state;
	size_t len = base(1);
	img[5] = 2;
	expect_error(len, EXTMEM_SFDP_E_UNSUPPORTED_MAJOR);
	assert_int_equal(desc.error_offset, 5);
	img[5] = 0;
	expect_error(len, EXTMEM_SFDP_E_UNSUPPORTED_MAJOR);
}

static void huge_header_count_is_reported(void **state)
{
	(void)state;
	size_t len = base(1);
	img[6] = 0xff; /* 256 headers: erased NPH byte */
	expect_error(len, EXTMEM_SFDP_E_HEADER_COUNT_HUGE);
	img[6] = EXTMEM_SFDP_MAX_HEADERS; /* one above the bound */
	expect_error(len, EXTMEM_SFDP_E_HEADER_COUNT_HUGE);
}

static void image_ending_in_parameter_headers_is_reported(void **state)
{
	(void)state;
	size_t len = base(3);
	(void)len;
	expect_error(8 + 8 * 3 - 1, EXTMEM_SFDP_E_TRUNCATED_PARAM_HDRS);
	expect_error(12, EXTMEM_SFDP_E_TRUNCATED_PARAM_HDRS);
}

/* NPH counts from zero, so "no headers" cannot be encoded: one header that is not the BFPT is the zero case. */
static void zero_headers_means_no_bfpt(void **state)
{
	(void)state;
	size_t len = base(1);
	ph(0, 0xff84, 1, 0, 2, 0x100);
	expect_error(len, EXTMEM_SFDP_E_FIRST_NOT_BFPT);
}

static void bfpt_major_revision_is_checked(void **state)
{
	(void)state;
	size_t len = base(1);
	ph(0, 0xff00, 2, 0, 9, 0x100);
	expect_error(len, EXTMEM_SFDP_E_BFPT_MAJOR);
	assert_int_equal(desc.error_offset, 10);
}

static void short_bfpt_is_reported(void **state)
{
	(void)state;
	size_t len = base(1);
	ph(0, 0xff00, 1, 0, 8, 0x100);
	expect_error(len, EXTMEM_SFDP_E_BFPT_TOO_SHORT);
	ph(0, 0xff00, 1, 0, 0, 0x100);
	expect_error(len, EXTMEM_SFDP_E_BFPT_TOO_SHORT);
}

static void pointer_out_of_range_is_reported(void **state)
{
	(void)state;
	size_t len = base(1);
	ph(0, 0xff00, 1, 0, 9, (uint32_t)len);
	expect_error(len, EXTMEM_SFDP_E_POINTER_OUT_OF_RANGE);
	ph(0, 0xff00, 1, 0, 255, 0xfffffc); /* largest pointer and length: no wrap */
	expect_error(len, EXTMEM_SFDP_E_POINTER_OUT_OF_RANGE);
}

static void length_past_end_is_reported(void **state)
{
	(void)state;
	size_t len = base(1);
	expect_error(len - 1, EXTMEM_SFDP_E_LENGTH_PAST_END);
	ph(0, 0xff00, 1, 0, 255, 0x100);
	expect_error(len, EXTMEM_SFDP_E_LENGTH_PAST_END);
}

static void misaligned_pointer_is_reported(void **state)
{
	(void)state;
	size_t len = base(1);
	ph(0, 0xff00, 1, 0, 9, 0x102);
	expect_error(len, EXTMEM_SFDP_E_POINTER_MISALIGNED);
}

static void bad_density_is_reported(void **state)
{
	(void)state;
	size_t len = base(1);
	put32(img + 0x104, 0x00000000); /* 1 bit */
	expect_error(len, EXTMEM_SFDP_E_BAD_DENSITY);
	put32(img + 0x104, 0xffffffff); /* erased: 2^(2^31 - 1) bits */
	expect_error(len, EXTMEM_SFDP_E_BAD_DENSITY);
	put32(img + 0x104, 0x80000000u | 47u);
	expect_error(len, EXTMEM_SFDP_E_BAD_DENSITY);
	put32(img + 0x104, 0x80000000u | 33u); /* 2^33 bits = 1 GiB: fine */
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_true(desc.bfpt.size == 1ull << 30);
}

static void every_error_has_a_distinct_name(void **state)
{
	(void)state;
	for (int a = 0; a < EXTMEM_SFDP_E_COUNT; a++)
		for (int b = a + 1; b < EXTMEM_SFDP_E_COUNT; b++)
			assert_string_not_equal(extmem_sfdp_error_name(a), extmem_sfdp_error_name(b));
	assert_string_equal(extmem_sfdp_error_name(-1), "unknown");
	assert_string_equal(extmem_sfdp_error_name(EXTMEM_SFDP_E_COUNT), "unknown");
}

static void newest_bfpt_is_chosen(void **state)
{
	(void)state;
	size_t len = base(2);
	/* A 16-DWORD rev 1.6 BFPT at 0x140 saying 128 Mbit, page 512 B. */
	ph(1, 0xff00, 1, 6, 16, 0x140);
	memcpy(img + 0x140, img + 0x100, 36);
	put32(img + 0x144, 0x07ffffff);
	memset(img + 0x164, 0, 7 * 4);
	put32(img + 0x168, 0x00000090); /* DWORD 11: page 2^9 */
	len = 0x140 + 64;
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(desc.bfpt.minor, 6);
	assert_true(desc.bfpt.size == 16ull * 1024 * 1024);
	assert_int_equal(desc.bfpt.page_size, 512);
	assert_int_equal(desc.table[0].state, EXTMEM_SFDP_TABLE_SUPERSEDED);
	assert_int_equal(desc.table[1].state, EXTMEM_SFDP_TABLE_DECODED);
	/* The newer one cut off by the image end: fall back to the old one. */
	assert_int_equal(extmem_sfdp_parse(img, 0x140 + 60, &desc), EXTMEM_OK);
	assert_int_equal(desc.bfpt.minor, 0);
	assert_int_equal(desc.table[1].state, EXTMEM_SFDP_TABLE_OUT_OF_RANGE);
}

static void stated_length_bounds_every_read(void **state)
{
	(void)state;
	size_t len = base(1);
	/* Bytes after the 9-DWORD BFPT look like DWORD 10/11 but must be ignored. */
	put32(img + 0x124, 0x0001798b);
	put32(img + 0x128, 0xe200128f);
	assert_int_equal(extmem_sfdp_parse(img, len + 8, &desc), EXTMEM_OK);
	assert_int_equal(desc.bfpt.erase[0].typ_ms, 0);
	assert_int_equal(desc.bfpt.page_size, 256);
	/* A BFPT longer than JESD216F: 23 DWORDs decoded, the rest skipped. */
	ph(0, 0xff00, 1, 9, 30, 0x100);
	assert_int_equal(extmem_sfdp_parse(img, 0x100 + 30 * 4, &desc), EXTMEM_OK);
	assert_int_equal(desc.bfpt.ndw, 23);
	assert_int_equal(desc.bfpt.ndw_stated, 30);
}

static void optional_table_problems_do_not_fail_the_parse(void **state)
{
	(void)state;
	size_t len = base(5);
	ph(1, 0xff84, 1, 0, 2, 0x1f0); /* past the end */
	ph(2, 0xff87, 2, 0, 4, 0x130); /* unknown major revision */
	ph(3, 0xff05, 1, 0, 1, 0x130); /* 1-DWORD xSPI table */
	ph(4, 0x01c2, 1, 0, 1, 0x134); /* vendor table */
	put32(img + 0x130, 0x2000ee00);
	len = 0x140;
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(desc.table[1].state, EXTMEM_SFDP_TABLE_OUT_OF_RANGE);
	assert_int_equal(desc.table[2].state, EXTMEM_SFDP_TABLE_UNSUPPORTED);
	assert_int_equal(desc.table[3].state, EXTMEM_SFDP_TABLE_DECODED);
	assert_int_equal(desc.table[4].state, EXTMEM_SFDP_TABLE_LISTED);
	assert_false(desc.has & (EXTMEM_SFDP_HAS_4BAIT | EXTMEM_SFDP_HAS_SCCR));
	/* Short xSPI table: opcode known, no speed grade. */
	assert_int_equal(desc.xspi.ndw, 1);
	assert_int_equal(desc.xspi.read_opcode, 0xee);
	assert_int_equal(desc.xspi.dummy[0], 0);
	assert_int_equal(desc.bfpt.read[EXTMEM_SFDP_READ_8D_8D_8D].opcode, 0xee);
}

static void xspi_table_of_four_dwords_gives_the_200_mhz_grade_only(void **state)
{
	(void)state;
	size_t len = base(2);
	ph(1, 0xff05, 1, 0, 4, 0x130);
	memset(img + 0x130, 0, 16);
	put32(img + 0x130, 0x0000ee00);
	put32(img + 0x13c, 20u << 7);
	len = 0x140;
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(desc.xspi.dummy[0], 20);
	assert_int_equal(desc.xspi.dummy[1], 0);
	assert_int_equal(desc.xspi.rdsr_addr_bytes, 0);
	assert_int_equal(desc.xspi.rdsr_dummy, 4);
}

static void sector_map_without_last_descriptor_is_malformed(void **state)
{
	(void)state;
	size_t len = base(2);
	ph(1, 0xff81, 1, 0, 3, 0x130);
	put32(img + 0x130, 0xff0100fd); /* map, not last, 2 regions */
	put32(img + 0x134, 0x00007ff1);
	put32(img + 0x138, 0x00007ff1);
	len = 0x13c;
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(desc.table[1].state, EXTMEM_SFDP_TABLE_MALFORMED);
	assert_false(desc.has & EXTMEM_SFDP_HAS_SMAP);
	/* Regions running past the table end: malformed too. */
	put32(img + 0x130, 0xff0500ff);
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(desc.table[1].state, EXTMEM_SFDP_TABLE_MALFORMED);
}

static void sector_map_with_detection_and_many_regions_is_bounded(void **state)
{
	(void)state;
	base(2);
	unsigned n = EXTMEM_SFDP_MAX_SMAP_REGIONS + 4;
	ph(1, 0xff81, 1, 0, (uint8_t)(2 + 1 + n), 0x130);
	put32(img + 0x130, 0xff406508u | (1u << 22) | (8u << 16)); /* 65h, 3-byte address, 8 dummy, mask FFh */
	put32(img + 0x134, 0x00800003);
	put32(img + 0x138, 0xff0000ffu | ((n - 1) << 16)); /* last map, n regions */
	for (unsigned r = 0; r < n; r++)
		put32(img + 0x13c + 4 * r, (15u << 8) | 0xf1u); /* 4 KiB, type 1 */
	size_t len = 0x13c + 4 * n;
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_true(desc.has & EXTMEM_SFDP_HAS_SMAP);
	assert_int_equal(desc.smap.ndetect, 1);
	assert_int_equal(desc.smap.detect[0].opcode, 0x65);
	assert_int_equal(desc.smap.detect[0].addr_len, 3);
	assert_int_equal(desc.smap.detect[0].dummy, 8);
	assert_int_equal(desc.smap.detect[0].mask, 0xff);
	assert_int_equal(desc.smap.detect[0].addr, 0x00800003);
	assert_int_equal(desc.smap.nregions, EXTMEM_SFDP_MAX_SMAP_REGIONS);
	assert_true(desc.smap.truncated);
	assert_int_equal(desc.smap.region[0].size, 4096);
	assert_int_equal(desc.smap.config[0].nregions_stated, n);
}

static void empty_optional_table_is_malformed(void **state)
{
	(void)state;
	size_t len = base(2);
	ph(1, 0xff84, 1, 0, 0, 0x100);
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(desc.table[1].state, EXTMEM_SFDP_TABLE_MALFORMED);
	assert_false(desc.has & EXTMEM_SFDP_HAS_4BAIT);
}

static void octal_ddr_sequence_longer_than_its_slot_is_malformed(void **state)
{
	(void)state;
	size_t len = base(2);
	ph(1, 0xff0a, 1, 0, 2, 0x130);
	put32(img + 0x130, 0x08060000);
	put32(img + 0x134, 0);
	len = 0x138;
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(desc.table[1].state, EXTMEM_SFDP_TABLE_MALFORMED);
	assert_int_equal(desc.oddr[0].len, 0);
}

static void span_grows_from_header_to_tables(void **state)
{
	(void)state;
	uint32_t span = 0;
	enum extmem_sfdp_error err;
	base(2);
	ph(1, 0xff84, 1, 0, 2, 0x200);
	assert_int_equal(extmem_sfdp_image_span(img, 4, &span, &err), EXTMEM_OK);
	assert_int_equal(span, 8);
	assert_int_equal(extmem_sfdp_image_span(img, 8, &span, &err), EXTMEM_OK);
	assert_int_equal(span, 24);
	assert_int_equal(extmem_sfdp_image_span(img, 24, &span, &err), EXTMEM_OK);
	assert_int_equal(span, 0x208);
	img[0] = 'X';
	assert_int_equal(extmem_sfdp_image_span(img, 24, &span, &err), EXTMEM_ERR_FORMAT);
	assert_int_equal(err, EXTMEM_SFDP_E_BAD_SIGNATURE);
	img[0] = 'S';
	img[5] = 3;
	assert_int_equal(extmem_sfdp_image_span(img, 24, &span, &err), EXTMEM_ERR_FORMAT);
	assert_int_equal(err, EXTMEM_SFDP_E_UNSUPPORTED_MAJOR);
	img[5] = 1;
	img[6] = 0xff;
	assert_int_equal(extmem_sfdp_image_span(img, 24, &span, &err), EXTMEM_ERR_FORMAT);
	assert_int_equal(err, EXTMEM_SFDP_E_HEADER_COUNT_HUGE);
	/* The largest pointer and length do not wrap. */
	img[6] = 0;
	ph(0, 0xff00, 1, 0, 255, 0xfffffc);
	assert_int_equal(extmem_sfdp_image_span(img, 16, &span, &err), EXTMEM_OK);
	assert_int_equal(span, 0xfffffcu + 1020u);
}

static void fixups_correct_known_wrong_fields_only_for_their_part(void **state)
{
	(void)state;
	size_t len = base(1);
	put32(img + 0x100, 0xfff120e5); /* 3-byte only */
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, 0xef4018), EXTMEM_OK);
	assert_int_equal(desc.fixups, 0);
	assert_int_equal(desc.bfpt.addr_bytes, EXTMEM_SFDP_ADDR_3);
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, 0x9d6019), EXTMEM_OK);
	assert_int_equal(desc.bfpt.addr_bytes, EXTMEM_SFDP_ADDR_3_OR_4);
	assert_int_equal(desc.fixups, 1u << 0);
	/* Reserved QER 111b on the MT35XU02G becomes "no QE bit". */
	desc.bfpt.qer = 7;
	desc.fixups = 0;
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, 0x2c5b1c), EXTMEM_OK);
	assert_int_equal(desc.bfpt.qer, 0);
	assert_int_equal(desc.fixups, 1u << 1);
	assert_non_null(extmem_sfdp_fixup_name(0));
	assert_non_null(extmem_sfdp_fixup_name(1));
	/* A 9-DWORD S25FL128S or MX25L25635F table gets the datasheet's quad enable requirement; a table
	 * with DWORD 15 keeps its own. */
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	desc.bfpt.ndw = 9;
	desc.bfpt.qer = 0;
	desc.fixups = 0;
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, 0x012018), EXTMEM_OK);
	assert_int_equal(desc.bfpt.qer, 5);
	assert_int_equal(desc.fixups, 1u << 2);
	desc.bfpt.qer = 0;
	desc.fixups = 0;
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, 0xc22019), EXTMEM_OK);
	assert_int_equal(desc.bfpt.qer, 2);
	assert_int_equal(desc.fixups, 1u << 3);
	desc.bfpt.ndw = 16;
	desc.bfpt.qer = 0;
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, 0xc22019), EXTMEM_OK);
	assert_int_equal(desc.bfpt.qer, 0);
	assert_non_null(extmem_sfdp_fixup_name(3));
	/* S28HS512T: an xSPI profile saying 4 register-read dummy cycles becomes 3; 8 is left alone. */
	desc.has |= EXTMEM_SFDP_HAS_XSPI;
	desc.xspi.rdsr_dummy = 4;
	desc.fixups = 0;
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, 0x345b1a), EXTMEM_OK);
	assert_int_equal(desc.xspi.rdsr_dummy, 3);
	assert_int_equal(desc.fixups, 1u << 4);
	desc.xspi.rdsr_dummy = 8;
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, 0x345b1a), EXTMEM_OK);
	assert_int_equal(desc.xspi.rdsr_dummy, 8);
	desc.xspi.rdsr_dummy = 4;
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, 0x2c5b1c), EXTMEM_OK);
	assert_int_equal(desc.xspi.rdsr_dummy, 4);
	assert_non_null(extmem_sfdp_fixup_name(4));
	assert_null(extmem_sfdp_fixup_name(5));
}

static void random_bytes_never_crash_the_parser(void **state)
{
	(void)state;
	srand(216);
	for (int i = 0; i < 20000; i++) {
		size_t len = base(1 + (unsigned)(rand() % 6));
		for (int k = 0; k < 1 + rand() % 12; k++)
			img[rand() % 0x140] = (uint8_t)rand();
		len = (size_t)(rand() % 0x140);
		int rc = extmem_sfdp_parse(img, len, &desc);
		assert_true(rc == EXTMEM_OK || rc == EXTMEM_ERR_FORMAT);
		assert_true(rc == EXTMEM_OK ? desc.error == 0 : desc.error != 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minimal_image_parses),
		cmocka_unit_test(null_arguments_are_invalid),
		cmocka_unit_test(truncated_header_is_reported),
		cmocka_unit_test(bad_signature_is_reported),
		cmocka_unit_test(wrong_major_revision_is_reported),
		cmocka_unit_test(huge_header_count_is_reported),
		cmocka_unit_test(image_ending_in_parameter_headers_is_reported),
		cmocka_unit_test(zero_headers_means_no_bfpt),
		cmocka_unit_test(bfpt_major_revision_is_checked),
		cmocka_unit_test(short_bfpt_is_reported),
		cmocka_unit_test(pointer_out_of_range_is_reported),
		cmocka_unit_test(length_past_end_is_reported),
		cmocka_unit_test(misaligned_pointer_is_reported),
		cmocka_unit_test(bad_density_is_reported),
		cmocka_unit_test(every_error_has_a_distinct_name),
		cmocka_unit_test(newest_bfpt_is_chosen),
		cmocka_unit_test(stated_length_bounds_every_read),
		cmocka_unit_test(optional_table_problems_do_not_fail_the_parse),
		cmocka_unit_test(xspi_table_of_four_dwords_gives_the_200_mhz_grade_only),
		cmocka_unit_test(sector_map_without_last_descriptor_is_malformed),
		cmocka_unit_test(sector_map_with_detection_and_many_regions_is_bounded),
		cmocka_unit_test(octal_ddr_sequence_longer_than_its_slot_is_malformed),
		cmocka_unit_test(empty_optional_table_is_malformed),
		cmocka_unit_test(span_grows_from_header_to_tables),
		cmocka_unit_test(fixups_correct_known_wrong_fields_only_for_their_part),
		cmocka_unit_test(random_bytes_never_crash_the_parser),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
