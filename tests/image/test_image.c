/* SPDX-License-Identifier: MIT */
/*
 * The boot image header against docs/image-format.md: CRC-32 against the
 * published check values, the header bytes written out by hand at the
 * offsets the spec gives, and one test per check a Boot makes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/image.h"

/* Published CRC-32/ISO-HDLC check values (the catalogue's "check" field and zlib's crc32). */
static void crc32_matches_published_check_values(void **state)
{
	(void)state;
	assert_int_equal(extmem_crc32(0, "123456789", 9), 0xCBF43926u);
	assert_int_equal(extmem_crc32(0, "", 0), 0);
	assert_int_equal(extmem_crc32(0, "The quick brown fox jumps over the lazy dog", 43), 0x414FA339u);
	/* Composable: the CRC of a whole equals the CRC continued piece by piece. */
	assert_int_equal(extmem_crc32(extmem_crc32(0, "12345", 5), "6789", 4), 0xCBF43926u);
}

#define SLOT      0x70000000u
#define HDR       0x400u
#define RAM_START 0x24000000u
#define RAM_SIZE  0x72000u

static const struct extmem_image_region ram[] = {{RAM_START, RAM_SIZE}, {0x90000000u, 0x2000000u}};

static struct extmem_image_policy xip_policy(void)
{
	return (struct extmem_image_policy){EXTMEM_IMAGE_XIP, SLOT, 0x100000u, ram, 2};
}

/* A payload whose vector table says SP = end of RAM, reset = load + 0x201 (Thumb). */
static uint8_t payload[1024];

static void make_payload(uint32_t load)
{
	uint32_t sp = RAM_START + RAM_SIZE, reset = load + 0x201u;
	for (unsigned i = 0; i < sizeof payload; i++)
		payload[i] = (uint8_t)(i * 7u + 3u);
	memcpy(payload, &sp, 4); /* the test host is little-endian, like the target */
	memcpy(payload + 4, &reset, 4);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The header the spec's table describes, byte for byte, written without the library's encoder. */
static void spec_header(uint8_t out[64], uint32_t flags, uint32_t load, uint32_t size, uint32_t crc)
{
	memset(out, 0, 64);
	out[0] = 0x45;
	out[1] = 0x4D;
	out[2] = 0x58;
	out[3] = 0x4D; /* "EMXM" */
	out[4] = 1;    /* header_version */
	out[6] = (uint8_t)HDR;
	out[7] = (uint8_t)(HDR >> 8);
	put32(out + 8, flags);
	put32(out + 12, load);
	put32(out + 16, size);
	put32(out + 20, 0); /* vector_offset */
	put32(out + 24, crc);
	put32(out + 28, 0x00010002u); /* image_version */
	put32(out + 60, extmem_crc32(0, out, 60));
}

static void builder_writes_the_layout_of_the_spec(void **state)
{
	struct extmem_image_header h;
	uint8_t built[64], expect[64];
	(void)state;

	make_payload(SLOT + HDR);
	assert_int_equal(extmem_image_header_build(&h, EXTMEM_IMAGE_XIP, HDR, SLOT + HDR, payload, sizeof payload, 0,
						   0x00010002u, built),
			 EXTMEM_OK);
	spec_header(expect, EXTMEM_IMAGE_XIP, SLOT + HDR, sizeof payload, extmem_crc32(0, payload, sizeof payload));
	assert_memory_equal(built, expect, 64);
	assert_int_equal(h.header_crc32, extmem_crc32(0, expect, 60));
}

static void a_good_xip_image_passes_every_check(void **state)
{
	struct extmem_image_policy p = xip_policy();
	struct extmem_image_header h;
	enum extmem_image_check why = EXTMEM_IMAGE_CHECK_COUNT;
	uint8_t hdr[64];
	(void)state;

	make_payload(SLOT + HDR);
	spec_header(hdr, EXTMEM_IMAGE_XIP, SLOT + HDR, sizeof payload, extmem_crc32(0, payload, sizeof payload));
	assert_int_equal(extmem_image_parse_header(hdr, sizeof hdr, &h, &why), EXTMEM_OK);
	assert_int_equal(h.load_addr, SLOT + HDR);
	assert_int_equal(h.hdr_size, HDR);
	assert_int_equal(h.image_version, 0x00010002u);
	assert_int_equal(extmem_image_check_layout(&h, &p, &why), EXTMEM_OK);
	assert_int_equal(extmem_image_check_payload(&h, &p, payload, &why), EXTMEM_OK);
	assert_int_equal(why, EXTMEM_IMAGE_CHECK_OK);
}

static enum extmem_image_check parse_why(const uint8_t *hdr)
{
	struct extmem_image_header h;
	enum extmem_image_check why = EXTMEM_IMAGE_CHECK_OK;
	assert_int_equal(extmem_image_parse_header(hdr, 64, &h, &why), EXTMEM_ERR_FORMAT);
	return why;
}

static void an_erased_slot_is_no_image(void **state)
{
	uint8_t hdr[64];
	(void)state;
	memset(hdr, 0xFF, sizeof hdr);
	assert_int_equal(parse_why(hdr), EXTMEM_IMAGE_CHECK_NO_IMAGE);
	memset(hdr, 0x00, sizeof hdr);
	assert_int_equal(parse_why(hdr), EXTMEM_IMAGE_CHECK_NO_IMAGE);
}

static void every_flipped_header_bit_is_refused(void **state)
{
	uint8_t good[64], hdr[64];
	(void)state;
	make_payload(SLOT + HDR);
	spec_header(good, EXTMEM_IMAGE_XIP, SLOT + HDR, sizeof payload, extmem_crc32(0, payload, sizeof payload));
	for (unsigned bit = 0; bit < 64 * 8; bit++) {
		struct extmem_image_header h;
		memcpy(hdr, good, sizeof hdr);
		hdr[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_equal(extmem_image_parse_header(hdr, sizeof hdr, &h, NULL), EXTMEM_ERR_FORMAT);
	}
}

/* A header with a correct CRC but a field the spec forbids. */
static void resealed(uint8_t *hdr, unsigned off, uint8_t value)
{
	hdr[off] = value;
	put32(hdr + 60, extmem_crc32(0, hdr, 60));
}

static void unknown_versions_reserved_bytes_and_modes_are_refused(void **state)
{
	uint8_t hdr[64];
	(void)state;
	spec_header(hdr, EXTMEM_IMAGE_XIP, SLOT + HDR, 1024, 0);
	resealed(hdr, 4, 2);
	assert_int_equal(parse_why(hdr), EXTMEM_IMAGE_CHECK_HEADER_VERSION);

	spec_header(hdr, EXTMEM_IMAGE_XIP, SLOT + HDR, 1024, 0);
	resealed(hdr, 45, 1);
	assert_int_equal(parse_why(hdr), EXTMEM_IMAGE_CHECK_HEADER_VERSION);

	spec_header(hdr, EXTMEM_IMAGE_XIP | EXTMEM_IMAGE_LRUN, SLOT + HDR, 1024, 0);
	assert_int_equal(parse_why(hdr), EXTMEM_IMAGE_CHECK_MODE);
	spec_header(hdr, 0, SLOT + HDR, 1024, 0);
	assert_int_equal(parse_why(hdr), EXTMEM_IMAGE_CHECK_MODE);
	spec_header(hdr, EXTMEM_IMAGE_XIP | 0x100u, SLOT + HDR, 1024, 0);
	assert_int_equal(parse_why(hdr), EXTMEM_IMAGE_CHECK_HEADER_VERSION);
}

static enum extmem_image_check layout_why(struct extmem_image_header h, struct extmem_image_policy p)
{
	enum extmem_image_check why = EXTMEM_IMAGE_CHECK_OK;
	assert_int_equal(extmem_image_check_layout(&h, &p, &why), EXTMEM_ERR_FORMAT);
	return why;
}

static void layouts_outside_the_slot_or_misaligned_are_refused(void **state)
{
	struct extmem_image_header good = {.magic = EXTMEM_IMAGE_MAGIC,
					   .header_version = 1,
					   .hdr_size = HDR,
					   .flags = EXTMEM_IMAGE_XIP,
					   .load_addr = SLOT + HDR,
					   .payload_size = 1024};
	struct extmem_image_policy p = xip_policy();
	struct extmem_image_header h;
	(void)state;

	h = good;
	h.payload_size = 0x100000u - HDR + 4; /* one word past the slot */
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_LAYOUT);
	h.payload_size = 0xFFFFFFFCu; /* hdr_size + size wraps 32 bits */
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_LAYOUT);
	h = good;
	h.payload_size = 0;
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_LAYOUT);
	h = good;
	h.hdr_size = 60;
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_LAYOUT);
	h = good;
	h.vector_offset = 64; /* VTOR needs 128-byte alignment at least */
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_LAYOUT);
	h = good;
	h.vector_offset = 1024; /* the table's first words past the payload */
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_LAYOUT);

	h = good;
	h.load_addr = SLOT; /* linked for the slot start, not where the payload is mapped */
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_PLACEMENT);
	h = good;
	h.flags = EXTMEM_IMAGE_LRUN; /* a Boot configured for XIP */
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_MODE);
	p.slot_addr = 0xFFFFF000u; /* a slot that wraps the address space */
	h = good;
	h.load_addr = p.slot_addr + HDR;
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_LAYOUT);
}

static void lrun_loads_only_into_a_ram_region(void **state)
{
	struct extmem_image_policy p = {EXTMEM_IMAGE_LRUN, SLOT, 0x100000u, ram, 2};
	struct extmem_image_header h = {.magic = EXTMEM_IMAGE_MAGIC,
					.header_version = 1,
					.hdr_size = HDR,
					.flags = EXTMEM_IMAGE_LRUN,
					.load_addr = RAM_START,
					.payload_size = 1024};
	enum extmem_image_check why;
	(void)state;

	assert_int_equal(extmem_image_check_layout(&h, &p, &why), EXTMEM_OK);
	h.load_addr = RAM_START + 4; /* the table would not sit on 128 bytes: VTOR cannot point at it */
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_PLACEMENT);
	h.load_addr = RAM_START + RAM_SIZE - 1020; /* four bytes over the end */
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_PLACEMENT);
	h.load_addr = 0x20000000u; /* DTCM is not in this Boot's list */
	assert_int_equal(layout_why(h, p), EXTMEM_IMAGE_CHECK_PLACEMENT);
	h.load_addr = 0x90000000u; /* PSRAM is */
	assert_int_equal(extmem_image_check_layout(&h, &p, &why), EXTMEM_OK);
}

static enum extmem_image_check payload_why(const struct extmem_image_header *h)
{
	struct extmem_image_policy p = xip_policy();
	enum extmem_image_check why = EXTMEM_IMAGE_CHECK_OK;
	assert_int_equal(extmem_image_check_payload(h, &p, payload, &why), EXTMEM_ERR_FORMAT);
	return why;
}

static void with_crc(struct extmem_image_header *h)
{
	h->payload_crc32 = extmem_crc32(0, payload, h->payload_size);
}

static void payloads_with_bad_crc_stack_or_reset_handler_are_refused(void **state)
{
	struct extmem_image_header h = {.flags = EXTMEM_IMAGE_XIP, .load_addr = SLOT + HDR, .payload_size = 1024};
	uint32_t v;
	(void)state;

	make_payload(SLOT + HDR);
	with_crc(&h);
	payload[700] ^= 0x10; /* one bit of the payload */
	assert_int_equal(payload_why(&h), EXTMEM_IMAGE_CHECK_PAYLOAD_CRC);

	v = 0x08000000u; /* SP in internal flash */
	make_payload(SLOT + HDR);
	memcpy(payload, &v, 4);
	with_crc(&h);
	assert_int_equal(payload_why(&h), EXTMEM_IMAGE_CHECK_STACK);
	v = RAM_START + 4; /* in RAM but not 8-byte aligned */
	memcpy(payload, &v, 4);
	with_crc(&h);
	assert_int_equal(payload_why(&h), EXTMEM_IMAGE_CHECK_STACK);
	v = RAM_START; /* a full-descending stack at a region's start has no room */
	memcpy(payload, &v, 4);
	with_crc(&h);
	assert_int_equal(payload_why(&h), EXTMEM_IMAGE_CHECK_STACK);

	make_payload(SLOT + HDR);
	v = SLOT + HDR + 0x200u; /* ARM state: no Thumb bit */
	memcpy(payload + 4, &v, 4);
	with_crc(&h);
	assert_int_equal(payload_why(&h), EXTMEM_IMAGE_CHECK_RESET_HANDLER);
	v = SLOT + HDR + 1024u + 1u; /* just past the payload */
	memcpy(payload + 4, &v, 4);
	with_crc(&h);
	assert_int_equal(payload_why(&h), EXTMEM_IMAGE_CHECK_RESET_HANDLER);
	v = 0x08000001u; /* back into the Boot */
	memcpy(payload + 4, &v, 4);
	with_crc(&h);
	assert_int_equal(payload_why(&h), EXTMEM_IMAGE_CHECK_RESET_HANDLER);
}

static void null_arguments_are_invalid_not_crashes(void **state)
{
	struct extmem_image_header h = {0};
	struct extmem_image_policy p = xip_policy();
	uint8_t out[64];
	(void)state;
	assert_int_equal(extmem_image_parse_header(NULL, 64, &h, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_parse_header(out, 64, NULL, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_layout(NULL, &p, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_check_payload(&h, &p, NULL, NULL), EXTMEM_ERR_INVALID);
	assert_int_equal(
		extmem_image_header_build(&h, EXTMEM_IMAGE_XIP | EXTMEM_IMAGE_LRUN, HDR, 0, payload, 1024, 0, 0, out),
		EXTMEM_ERR_INVALID);
	assert_int_equal(extmem_image_header_build(&h, EXTMEM_IMAGE_XIP, 0x10000u, 0, payload, 1024, 0, 0, out),
			 EXTMEM_ERR_INVALID);
	assert_string_equal(extmem_image_check_name(EXTMEM_IMAGE_CHECK_PAYLOAD_CRC), "payload-crc");
	assert_string_equal(extmem_image_check_name(EXTMEM_IMAGE_CHECK_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc32_matches_published_check_values),
		cmocka_unit_test(builder_writes_the_layout_of_the_spec),
		cmocka_unit_test(a_good_xip_image_passes_every_check),
		cmocka_unit_test(an_erased_slot_is_no_image),
		cmocka_unit_test(every_flipped_header_bit_is_refused),
		cmocka_unit_test(unknown_versions_reserved_bytes_and_modes_are_refused),
		cmocka_unit_test(layouts_outside_the_slot_or_misaligned_are_refused),
		cmocka_unit_test(lrun_loads_only_into_a_ram_region),
		cmocka_unit_test(payloads_with_bad_crc_stack_or_reset_handler_are_refused),
		cmocka_unit_test(null_arguments_are_invalid_not_crashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
