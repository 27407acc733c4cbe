/* SPDX-License-Identifier: MIT */
/*
 * Geometry the parser must check or expose: 64-bit densities, density and
 * sector-map regions in whole units of the smallest erase size, a region of
 * 4 GiB (wraps the 32-bit size), the "4-byte addresses only" claim, and
 * multi-configuration sector maps with their detection commands. Images are
 * hand-built from the JESD216 layouts (sfdp_build.h); expected values are
 * written here, not computed by the parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "extmem/sfdp.h"
#include "sfdp_build.h"

#define KiB 1024u
#define MiB (1024u * 1024u)

static struct extmem_sfdp desc;

static void expect_error(size_t len, enum extmem_sfdp_error e)
{
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_ERR_FORMAT);
	assert_int_equal(desc.error, e);
	assert_string_not_equal(extmem_sfdp_error_name(desc.error), "unknown");
}

static void density_beyond_4_gib_is_kept_in_64_bits(void **state)
{
	(void)state;
	size_t len = base(1);
	put32(img + 0x104, 0x80000000u | 36u); /* 2^36 bits = 8 GiB */
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_true(desc.bfpt.size == 8ull * 1024 * MiB);
	put32(img + 0x104, 0x80000000u | 32u); /* 2^32 bits = 512 MiB */
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_true(desc.bfpt.size == 512ull * MiB);
}

static void density_not_in_whole_erase_units_is_a_format_error(void **state)
{
	(void)state;
	size_t len = base(1);
	/* Smallest erase type is 4 KiB: 8 MiB + 2 KiB cannot be erased. */
	put32(img + 0x104, (8u * MiB + 2u * KiB) * 8u - 1u);
	expect_error(len, EXTMEM_SFDP_E_DENSITY_NOT_ERASE_MULTIPLE);
	assert_int_equal(desc.error_offset, 0x104);
	put32(img + 0x104, (8u * MiB + 4u * KiB) * 8u - 1u); /* whole 4 KiB units: fine */
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(desc.bfpt.min_erase_size, 4 * KiB);
}

/* One-configuration sector map of two regions at 0x130. */
static size_t one_map(uint32_t region1, uint32_t region2)
{
	base(2);
	ph(1, 0xff81, 1, 0, 3, 0x130);
	put32(img + 0x130, 0xff0100ffu); /* map descriptor, last, config 0, 2 regions */
	put32(img + 0x134, region1);
	put32(img + 0x138, region2);
	return 0x13c;
}

/* Region DWORD: size in 256-byte units minus 1 at 31:8, erase-type mask at 3:0. */
static uint32_t region(uint32_t bytes, unsigned mask)
{
	return ((bytes / 256u - 1u) << 8) | mask;
}

static void sector_map_region_not_in_whole_erase_units_is_a_format_error(void **state)
{
	(void)state;
	size_t len = one_map(region(6 * KiB, 1), region(8 * MiB - 6 * KiB, 4));
	expect_error(len, EXTMEM_SFDP_E_SMAP_REGION_NOT_ERASE_MULTIPLE);
	len = one_map(region(64 * KiB, 5), region(8 * MiB - 64 * KiB, 4));
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_true(desc.has & EXTMEM_SFDP_HAS_SMAP);
	assert_true(desc.smap.config[0].total == 8ull * MiB);
}

static void sector_map_region_of_4_gib_wraps_and_is_a_format_error(void **state)
{
	(void)state;
	/* FFFFFFh + 1 units of 256 bytes = 2^32 bytes: 0 in a 32-bit size. */
	size_t len = one_map(0xffffff00u | 4u, region(64 * KiB, 4));
	expect_error(len, EXTMEM_SFDP_E_SMAP_REGION_WRAPS);
	assert_int_equal(desc.error_offset, 0x130);
}

/* base() grown to a 16-DWORD BFPT (DWORDs 10-15 zero) with DWORD 16 = d16. */
static size_t bfpt16(uint32_t d1, uint32_t d16)
{
	base(1);
	ph(0, 0xff00, 1, 6, 16, 0x100);
	put32(img + 0x100, d1);
	for (unsigned i = 10; i <= 15; i++)
		put32(img + 0x100 + 4 * (i - 1), 0);
	put32(img + 0x100 + 4 * 15, d16);
	return 0x140;
}

static void four_byte_only_parts_are_flagged(void **state)
{
	(void)state;
	const uint32_t d1 = 0xfff120e5u & ~(3u << 17); /* DWORD 1 with bits 18:17 = 00 */
	size_t len = bfpt16(d1, 0);
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(desc.bfpt.addr_bytes, EXTMEM_SFDP_ADDR_3);
	assert_false(desc.bfpt.addr4_only);
	/* DWORD 1 bits 18:17 = 10b: 4-byte addressing only. */
	len = bfpt16(d1 | 2u << 17, 0);
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_true(desc.bfpt.addr4_only);
	/* 3-or-4 (01b), but DWORD 16 bit 30: "always operates in 4-byte mode". */
	len = bfpt16(d1 | 1u << 17, 1u << 30);
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_true(desc.bfpt.addr4_only);
	/* 3-or-4 entered with B7h (DWORD 16 bit 24): not 4-byte only. */
	len = bfpt16(d1 | 1u << 17, 1u << 24);
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_false(desc.bfpt.addr4_only);
}

/*
 * Three detection commands (JESD216 command descriptor: bit 0 = 0, bit 1 =
 * last, 15:8 opcode, 19:16 dummy, 23:22 address length, 31:24 mask; next
 * DWORD the address), each "read any register" 65h with the current address
 * length (11b) and 8 dummy cycles, as Spansion/Infineon hybrid-sector parts
 * do; then three configurations (IDs 1, 3, 5):
 *   1: 128 KiB of 4 KiB + 64 KiB sectors at the bottom, then 64 KiB only
 *   3: 64 KiB only, then 128 KiB of 4 KiB + 64 KiB at the top
 *   5: uniform 64 KiB
 */
static size_t multi_map(void)
{
	static const uint32_t t[] = {
		0x08c865fcu,
		0x00800004u, /* 65h, mask 08h, CR at 800004h */
		0x04c865fcu,
		0x00800002u, /* 65h, mask 04h, CR at 800002h */
		0x02c865feu,
		0x00800003u, /* 65h, mask 02h, last command */
		0xff0101fdu, /* config 1, 2 regions */
		((128u * 1024u / 256u - 1u) << 8) | 0x5u,
		((8u * 1024u * 1024u - 128u * 1024u) / 256u - 1u) << 8 | 0x4u,
		0xff0103fdu, /* config 3, 2 regions */
		((8u * 1024u * 1024u - 128u * 1024u) / 256u - 1u) << 8 | 0x4u,
		((128u * 1024u / 256u - 1u) << 8) | 0x5u,
		0xff0005ffu, /* config 5, 1 region, last map */
		((8u * 1024u * 1024u / 256u - 1u) << 8) | 0x4u,
	};
	base(2);
	ph(1, 0xff81, 1, 0, (uint8_t)(sizeof(t) / 4), 0x130);
	for (unsigned i = 0; i < sizeof(t) / 4; i++)
		put32(img + 0x130 + 4 * i, t[i]);
	return 0x130 + sizeof(t);
}

static void multi_configuration_map_keeps_detection_commands_and_every_map(void **state)
{
	(void)state;
	size_t len = multi_map();
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_true(desc.has & EXTMEM_SFDP_HAS_SMAP);
	const struct extmem_sfdp_smap *m = &desc.smap;
	assert_int_equal(m->ndetect, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(m->detect[i].opcode, 0x65);
		assert_int_equal(m->detect[i].addr_len, 0xff); /* current address mode */
		assert_int_equal(m->detect[i].dummy, 8);
		assert_int_equal(m->detect[i].last, i == 2);
	}
	assert_int_equal(m->detect[0].mask, 0x08);
	assert_int_equal(m->detect[0].addr, 0x00800004);
	assert_int_equal(m->detect[2].addr, 0x00800003);
	assert_int_equal(m->nconfigs, 3);
	assert_int_equal(m->config[0].id, 1);
	assert_int_equal(m->config[1].id, 3);
	assert_int_equal(m->config[2].id, 5);
	assert_int_equal(m->region[m->config[0].first].size, 128 * KiB);
	assert_int_equal(m->region[m->config[0].first].erase_mask, 0x5);
	assert_int_equal(m->region[m->config[1].first + 1].size, 128 * KiB);
	assert_int_equal(m->config[2].nregions, 1);
	for (unsigned c = 0; c < 3; c++)
		assert_true(m->config[c].total == 8ull * MiB);
}

static void detection_results_select_the_configuration(void **state)
{
	(void)state;
	const struct extmem_sfdp_smap_config *cfg;
	size_t len = multi_map();
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	/* First command is the most significant ID bit. */
	static const uint8_t id1[3] = {0x00, 0x00, 0x02}, id3[3] = {0x00, 0x04, 0x02}, id5[3] = {0x08, 0x00, 0x02};
	static const uint8_t id4[3] = {0xff, 0x00, 0x00}; /* no such configuration */
	assert_int_equal(extmem_sfdp_smap_select(&desc, id1, 3, &cfg), EXTMEM_OK);
	assert_int_equal(cfg->id, 1);
	assert_int_equal(extmem_sfdp_smap_select(&desc, id3, 3, &cfg), EXTMEM_OK);
	assert_int_equal(cfg->id, 3);
	assert_int_equal(extmem_sfdp_smap_select(&desc, id5, 3, &cfg), EXTMEM_OK);
	assert_int_equal(cfg->id, 5);
	assert_int_equal(extmem_sfdp_smap_select(&desc, id4, 3, &cfg), EXTMEM_ERR_FORMAT);
	assert_null(cfg);
	assert_int_equal(extmem_sfdp_smap_select(&desc, id1, 2, &cfg), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_sfdp_smap_select(NULL, id1, 3, &cfg), EXTMEM_ERR_INVALID);
	/* A single map without detection commands is the map. */
	len = one_map(region(64 * KiB, 5), region(8 * MiB - 64 * KiB, 4));
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(extmem_sfdp_smap_select(&desc, NULL, 0, &cfg), EXTMEM_OK);
	assert_int_equal(cfg->nregions, 2);
	/* No sector map at all. */
	len = base(1);
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_int_equal(extmem_sfdp_smap_select(&desc, NULL, 0, &cfg), EXTMEM_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(density_beyond_4_gib_is_kept_in_64_bits),
		cmocka_unit_test(density_not_in_whole_erase_units_is_a_format_error),
		cmocka_unit_test(sector_map_region_not_in_whole_erase_units_is_a_format_error),
		cmocka_unit_test(sector_map_region_of_4_gib_wraps_and_is_a_format_error),
		cmocka_unit_test(four_byte_only_parts_are_flagged),
		cmocka_unit_test(multi_configuration_map_keeps_detection_commands_and_every_map),
		cmocka_unit_test(detection_results_select_the_configuration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
