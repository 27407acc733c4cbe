/* SPDX-License-Identifier: MIT */
/*
 * The Status, Control and Configuration Register map (FF87) decodes each
 * bit-location DWORD at the JESD216 positions: 31 available, 30 polarity
 * (1 = inverted), 29 DWORD-specific, 28 accessed by commands using an
 * address, 27 local address (address byte is A15:A8), 26:24 bit, 23:16
 * address byte, 15:8 read command, 7:0 write command. DWORDs 1 and 2 are
 * the volatile and non-volatile register address offsets. The table below
 * is written from that layout; the expected values are read off it by
 * hand, not computed by the parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "extmem/sfdp.h"
#include "sfdp_build.h"

static struct extmem_sfdp desc;

#define SCCR_AT 0x130u

/* Sets FF87 DWORD n (1-based). */
static void sccr(unsigned n, uint32_t v)
{
	put32(img + SCCR_AT + 4u * (n - 1u), v);
}

static size_t sccr_image(void)
{
	base(2);
	ph(1, 0xff87, 1, 0, 28, SCCR_AT);
	memset(img + SCCR_AT, 0, 28 * 4);
	sccr(1, 0x00000000); /* volatile registers at offset 0 */
	sccr(2, 0x40000000); /* non-volatile registers at 4000_0000h */
	/* 5 WIP: available, inverted (0 = busy), no address, bit 7 of 70h. */
	sccr(5, 0x80000000u | 1u << 30 | 7u << 24 | 0x70u << 8);
	/* 6 WEL: available, positive, bit 29 (writable), no address, bit 1 of 05h, write 06h. */
	sccr(6, 0x80000000u | 1u << 29 | 1u << 24 | 0x05u << 8 | 0x06u);
	/* 7 program error: available, positive (1 = failed), read WITHOUT an
	 * address, bit 4 of 70h. */
	sccr(7, 0x80000000u | 4u << 24 | 0x70u << 8);
	/* 8 erase error: as 7, bit 5. */
	sccr(8, 0x80000000u | 5u << 24 | 0x70u << 8);
	/* 9 variable dummy, volatile: width code 01, addressed, local address
	 * byte 03h (register 0000_0300h), bit 0, read 71h, write 72h. */
	sccr(9, 0x80000000u | 1u << 29 | 1u << 28 | 1u << 27 | 0x03u << 16 | 0x71u << 8 | 0x72u);
	/* 22 octal DTR enable, volatile: positive, addressed, local, bit 1. */
	sccr(22, 0x80000000u | 1u << 28 | 1u << 27 | 1u << 24 | 0x71u << 8 | 0x72u);
	/* 23 octal DTR enable, non-volatile: inverted, bit 29, addressed, local, bit 1. */
	sccr(23, 0x80000000u | 1u << 30 | 1u << 29 | 1u << 28 | 1u << 27 | 1u << 24 | 0x71u << 8 | 0x72u);
	/* 26 driver strength, volatile: addressed, NOT local, address byte 01h, read 15h, write 01h. */
	sccr(26, 0x80000000u | 1u << 28 | 0x01u << 16 | 0x15u << 8 | 0x01u);
	return SCCR_AT + 28 * 4;
}

static const struct extmem_sfdp_sccr_bit *field(int f)
{
	return &desc.sccr.bit[f];
}

static void error_bits_read_without_address_are_positive_and_unaddressed(void **state)
{
	(void)state;
	size_t len = sccr_image();
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	assert_true(desc.has & EXTMEM_SFDP_HAS_SCCR);
	for (int f = EXTMEM_SFDP_SCCR_PROGRAM_ERROR; f <= EXTMEM_SFDP_SCCR_ERASE_ERROR; f++) {
		const struct extmem_sfdp_sccr_bit *b = field(f);
		assert_true(b->present);
		/* Bit 30 clear: 1 means the error happened. */
		assert_true(b->active_high);
		/* Bit 28 clear: 70h is sent without an address. */
		assert_false(b->addressed);
		assert_false(b->local_address);
		assert_false(b->nonvolatile);
		assert_int_equal(b->read_op, 0x70);
		assert_int_equal(b->reg_addr, 0);
	}
	assert_int_equal(field(EXTMEM_SFDP_SCCR_PROGRAM_ERROR)->bit, 4);
	assert_int_equal(field(EXTMEM_SFDP_SCCR_ERASE_ERROR)->bit, 5);
}

static void inverted_wip_is_active_low_and_volatile(void **state)
{
	(void)state;
	size_t len = sccr_image();
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	const struct extmem_sfdp_sccr_bit *b = field(EXTMEM_SFDP_SCCR_WIP);
	assert_true(b->present);
	assert_false(b->active_high); /* bit 30 set: 0 = busy */
	assert_false(b->nonvolatile); /* DWORD 5 is a volatile status bit; bit 30 is not volatility */
	assert_false(b->addressed);
	assert_int_equal(b->bit, 7);
	assert_int_equal(b->dword, 5);
	/* WEL: bit 29 = writable by the write command. */
	b = field(EXTMEM_SFDP_SCCR_WEL);
	assert_true(b->writable);
	assert_true(b->active_high);
	assert_false(b->addressed);
	assert_int_equal(b->write_op, 0x06);
}

static void addressed_bits_get_the_register_address_of_their_set(void **state)
{
	(void)state;
	size_t len = sccr_image();
	assert_int_equal(extmem_sfdp_parse(img, len, &desc), EXTMEM_OK);
	const struct extmem_sfdp_sccr_bit *b = field(EXTMEM_SFDP_SCCR_OCTAL_DTR_VOLATILE);
	assert_true(b->addressed && b->local_address && b->active_high);
	assert_false(b->nonvolatile);
	assert_int_equal(b->bit, 1);
	assert_int_equal(b->reg_addr, 0x00000000);
	b = field(EXTMEM_SFDP_SCCR_OCTAL_DTR_NV);
	assert_true(b->addressed && b->local_address);
	assert_false(b->active_high); /* bit 30 set */
	assert_true(b->writable);     /* bit 29 as read */
	assert_true(b->nonvolatile);  /* DWORD 23 */
	assert_int_equal(b->reg_addr, 0x40000000);
	/* Local address: byte 03h is A15:A8, register 0000_0300h. */
	b = field(EXTMEM_SFDP_SCCR_DUMMY_VOLATILE);
	assert_true(b->addressed && b->local_address);
	assert_int_equal(b->width_code, 1);
	assert_int_equal(b->addr, 0x03);
	assert_int_equal(b->reg_addr, 0x00000300);
	/* Not local: byte 01h is A7:A0. */
	b = field(EXTMEM_SFDP_SCCR_DRIVER_VOLATILE);
	assert_true(b->addressed);
	assert_false(b->local_address);
	assert_int_equal(b->reg_addr, 0x00000001);
	assert_int_equal(b->read_op, 0x15);
	/* Absent DWORDs stay absent. */
	assert_false(field(EXTMEM_SFDP_SCCR_OCTAL_VOLATILE)->present);
	assert_false(field(EXTMEM_SFDP_SCCR_QPI_VOLATILE)->present);
	assert_int_equal(desc.sccr.nv_offset, 0x40000000);
}

static void every_sccr_field_has_a_name(void **state)
{
	(void)state;
	for (int f = 0; f < EXTMEM_SFDP_SCCR_COUNT; f++)
		assert_string_not_equal(extmem_sfdp_sccr_field_name(f), "unknown");
	assert_string_equal(extmem_sfdp_sccr_field_name(EXTMEM_SFDP_SCCR_COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_bits_read_without_address_are_positive_and_unaddressed),
		cmocka_unit_test(inverted_wip_is_active_low_and_volatile),
		cmocka_unit_test(addressed_bits_get_the_register_address_of_their_set),
		cmocka_unit_test(every_sccr_field_has_a_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
