/* SPDX-License-Identifier: MIT */
/* The boot image header: decode, checks and build (docs/image-format.md). */
#include "extmem/image.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

_Static_assert(offsetof(struct extmem_image_header, reserved) == 32 &&
		       offsetof(struct extmem_image_header, header_crc32) == 60,
	       "the decoded header is the byte layout: parse_header copies it on little-endian CPUs");

/* A 16-entry table: two lookups a byte, 64 bytes of rodata for the Boot. */
static const uint32_t crc_nibble[16] = {
	0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
	0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

uint32_t extmem_crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		crc = (crc >> 4) ^ crc_nibble[crc & 0xFu];
		crc = (crc >> 4) ^ crc_nibble[crc & 0xFu];
	}
	return ~crc;
}

const char *extmem_image_check_name(enum extmem_image_check check)
{
	static const char *const names[EXTMEM_IMAGE_CHECK_COUNT] = {
		[EXTMEM_IMAGE_CHECK_OK] = "ok",
		[EXTMEM_IMAGE_CHECK_NO_IMAGE] = "no-image",
		[EXTMEM_IMAGE_CHECK_HEADER_CRC] = "header-crc",
		[EXTMEM_IMAGE_CHECK_HEADER_VERSION] = "header-version",
		[EXTMEM_IMAGE_CHECK_MODE] = "mode",
		[EXTMEM_IMAGE_CHECK_LAYOUT] = "layout",
		[EXTMEM_IMAGE_CHECK_PLACEMENT] = "placement",
		[EXTMEM_IMAGE_CHECK_PAYLOAD_CRC] = "payload-crc",
		[EXTMEM_IMAGE_CHECK_STACK] = "stack",
		[EXTMEM_IMAGE_CHECK_RESET_HANDLER] = "reset-handler",
	};
	if ((unsigned)check >= EXTMEM_IMAGE_CHECK_COUNT)
		return "?";
	return names[check];
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static int fail(enum extmem_image_check *why, enum extmem_image_check check)
{
	if (why)
		*why = check;
	return check == EXTMEM_IMAGE_CHECK_OK ? EXTMEM_OK : EXTMEM_ERR_FORMAT;
}

static bool one_mode(uint32_t flags)
{
	return flags == EXTMEM_IMAGE_XIP || flags == EXTMEM_IMAGE_LRUN;
}

/*
 * [a, a + alen) inside [b, b + blen), neither end past 2^32. 32-bit only:
 * b + blen may not wrap, then both differences below are exact.
 */
static bool inside(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return a >= b && (b == 0 || blen <= 0u - b) && alen <= blen && a - b <= blen - alen;
}

/* The vector table's two words sit inside the payload (payload_size >= 8 first: no wrap). */
static bool vectors_fit(const struct extmem_image_header *h)
{
	return h->payload_size >= 8 && h->vector_offset <= h->payload_size - 8;
}

int extmem_image_parse_header(const void *bytes, size_t len, struct extmem_image_header *out,
			      enum extmem_image_check *why)
{
	const uint8_t *b = bytes;

	if (!bytes || !out)
		return EXTMEM_ERR_INVALID;
	if (len < EXTMEM_IMAGE_HEADER_SIZE)
		return fail(why, EXTMEM_IMAGE_CHECK_LAYOUT);

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The struct is the byte layout (asserted above): one copy decodes it. */
	memcpy(out, b, sizeof *out);
#else
	out->magic = le32(b + 0);
	out->header_version = (uint16_t)(b[4] | b[5] << 8);
	out->hdr_size = (uint16_t)(b[6] | b[7] << 8);
	out->flags = le32(b + 8);
	out->load_addr = le32(b + 12);
	out->payload_size = le32(b + 16);
	out->vector_offset = le32(b + 20);
	out->payload_crc32 = le32(b + 24);
	out->image_version = le32(b + 28);
	for (unsigned i = 0; i < sizeof out->reserved; i++)
		out->reserved[i] = b[32 + i];
	out->header_crc32 = le32(b + 60);
#endif

	if (out->magic != EXTMEM_IMAGE_MAGIC)
		return fail(why, EXTMEM_IMAGE_CHECK_NO_IMAGE);
	if (extmem_crc32(0, b, 60) != out->header_crc32)
		return fail(why, EXTMEM_IMAGE_CHECK_HEADER_CRC);
	if (out->header_version != EXTMEM_IMAGE_HEADER_VERSION)
		return fail(why, EXTMEM_IMAGE_CHECK_HEADER_VERSION);
	for (unsigned i = 0; i < sizeof out->reserved; i++)
		if (out->reserved[i] != 0)
			return fail(why, EXTMEM_IMAGE_CHECK_HEADER_VERSION);
	if (!one_mode(out->flags))
		return fail(why, (out->flags & ~(EXTMEM_IMAGE_XIP | EXTMEM_IMAGE_LRUN))
					 ? EXTMEM_IMAGE_CHECK_HEADER_VERSION
					 : EXTMEM_IMAGE_CHECK_MODE);
	return fail(why, EXTMEM_IMAGE_CHECK_OK);
}

int extmem_image_check_layout(const struct extmem_image_header *h, const struct extmem_image_policy *p,
			      enum extmem_image_check *why)
{
	uint32_t start;

	if (!h || !p || (p->ram_count && !p->ram))
		return EXTMEM_ERR_INVALID;
	if (h->flags != p->mode || !one_mode(p->mode))
		return fail(why, EXTMEM_IMAGE_CHECK_MODE);
	/* Where the payload starts in the slot (a wrap fails inside() below). */
	start = p->slot_addr + h->hdr_size;
	if (h->hdr_size < EXTMEM_IMAGE_HEADER_SIZE || (h->hdr_size | h->payload_size) % 4 ||
	    h->vector_offset % EXTMEM_IMAGE_VECTOR_ALIGN || !vectors_fit(h) ||
	    !inside(start, h->payload_size, p->slot_addr, p->slot_size))
		return fail(why, EXTMEM_IMAGE_CHECK_LAYOUT);

	/* VTOR holds bits 31..7 only (ARMv7-M): the table must sit on 128 bytes where it runs. */
	if ((h->load_addr + h->vector_offset) % EXTMEM_IMAGE_VECTOR_ALIGN)
		return fail(why, EXTMEM_IMAGE_CHECK_PLACEMENT);
	if (p->mode == EXTMEM_IMAGE_XIP)
		return fail(why, h->load_addr == start ? EXTMEM_IMAGE_CHECK_OK : EXTMEM_IMAGE_CHECK_PLACEMENT);
	for (uint32_t i = 0; i < p->ram_count; i++)
		if (inside(h->load_addr, h->payload_size, p->ram[i].start, p->ram[i].size))
			return fail(why, EXTMEM_IMAGE_CHECK_OK);
	return fail(why, EXTMEM_IMAGE_CHECK_PLACEMENT);
}

/* The stack grows down, so the SP may equal a region's end address. */
static bool stack_ok(uint32_t sp, const struct extmem_image_policy *p)
{
	if (sp % 8)
		return false;
	for (uint32_t i = 0; i < p->ram_count; i++)
		if (sp > p->ram[i].start && sp - p->ram[i].start <= p->ram[i].size)
			return true;
	return false;
}

int extmem_image_check_vectors(const struct extmem_image_header *h, const struct extmem_image_policy *p, uint32_t sp,
			       uint32_t reset, enum extmem_image_check *why)
{
	if (!h || !p || (p->ram_count && !p->ram))
		return EXTMEM_ERR_INVALID;
	if (!stack_ok(sp, p))
		return fail(why, EXTMEM_IMAGE_CHECK_STACK);
	if (!(reset & 1u) || !inside(reset & ~1u, 2, h->load_addr, h->payload_size))
		return fail(why, EXTMEM_IMAGE_CHECK_RESET_HANDLER);
	return fail(why, EXTMEM_IMAGE_CHECK_OK);
}

int extmem_image_check_payload(const struct extmem_image_header *h, const struct extmem_image_policy *p,
			       const void *payload, enum extmem_image_check *why)
{
	const uint8_t *vt;

	if (!h || !p || !payload || (p->ram_count && !p->ram))
		return EXTMEM_ERR_INVALID;
	/* The offsets below are only safe on a header that passed the layout check. */
	if (!vectors_fit(h))
		return fail(why, EXTMEM_IMAGE_CHECK_LAYOUT);
	if (extmem_crc32(0, payload, h->payload_size) != h->payload_crc32)
		return fail(why, EXTMEM_IMAGE_CHECK_PAYLOAD_CRC);
	vt = (const uint8_t *)payload + h->vector_offset;
	return extmem_image_check_vectors(h, p, le32(vt), le32(vt + 4), why);
}

int extmem_image_header_build(struct extmem_image_header *h, uint32_t mode, uint32_t hdr_size, uint32_t load_addr,
			      const void *payload, uint32_t payload_size, uint32_t vector_offset,
			      uint32_t image_version, uint8_t out[EXTMEM_IMAGE_HEADER_SIZE])
{
	if (!h || !payload || !out || !one_mode(mode))
		return EXTMEM_ERR_INVALID;
	if (hdr_size < EXTMEM_IMAGE_HEADER_SIZE || hdr_size > 0xFFFFu || hdr_size % 4 || payload_size == 0 ||
	    payload_size % 4 || vector_offset % EXTMEM_IMAGE_VECTOR_ALIGN || (uint64_t)vector_offset + 8 > payload_size)
		return EXTMEM_ERR_INVALID;

	*h = (struct extmem_image_header){
		.magic = EXTMEM_IMAGE_MAGIC,
		.header_version = EXTMEM_IMAGE_HEADER_VERSION,
		.hdr_size = (uint16_t)hdr_size,
		.flags = mode,
		.load_addr = load_addr,
		.payload_size = payload_size,
		.vector_offset = vector_offset,
		.payload_crc32 = extmem_crc32(0, payload, payload_size),
		.image_version = image_version,
	};
	put_le32(out + 0, h->magic);
	out[4] = (uint8_t)h->header_version;
	out[5] = (uint8_t)(h->header_version >> 8);
	out[6] = (uint8_t)h->hdr_size;
	out[7] = (uint8_t)(h->hdr_size >> 8);
	put_le32(out + 8, h->flags);
	put_le32(out + 12, h->load_addr);
	put_le32(out + 16, h->payload_size);
	put_le32(out + 20, h->vector_offset);
	put_le32(out + 24, h->payload_crc32);
	put_le32(out + 28, h->image_version);
	for (unsigned i = 0; i < sizeof h->reserved; i++)
		out[32 + i] = 0;
	h->header_crc32 = extmem_crc32(0, out, 60);
	put_le32(out + 60, h->header_crc32);
	return EXTMEM_OK;
}
