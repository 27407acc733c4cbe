/* SPDX-License-Identifier: MIT */
/*
 * extmem: the boot image header (docs/image-format.md is the specification).
 *
 * An image is a 64-byte header, padding to hdr_size, then the payload (the
 * application as linked, vector table at vector_offset). The checks are pure
 * functions over bytes the caller has read or mapped, so the Boot, the
 * loader and the host tools share them and they can be fuzzed.
 */
#ifndef EXTMEM_IMAGE_H
#define EXTMEM_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "extmem_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EXTMEM_IMAGE_MAGIC          0x4D584D45u /* bytes 45 4D 58 4D, "EMXM" */
#define EXTMEM_IMAGE_HEADER_VERSION 1u
#define EXTMEM_IMAGE_HEADER_SIZE    64u
#define EXTMEM_IMAGE_VECTOR_ALIGN   128u

#define EXTMEM_IMAGE_XIP  (1u << 0) /* runs in place from the mapped window */
#define EXTMEM_IMAGE_LRUN (1u << 1) /* copied to load_addr, then run */

/* The header as decoded (the byte layout is in docs/image-format.md). */
struct extmem_image_header {
	uint32_t magic;
	uint16_t header_version;
	uint16_t hdr_size;
	uint32_t flags;
	uint32_t load_addr;
	uint32_t payload_size;
	uint32_t vector_offset;
	uint32_t payload_crc32;
	uint32_t image_version;
	uint8_t reserved[28];
	uint32_t header_crc32;
};

_Static_assert(sizeof(struct extmem_image_header) == EXTMEM_IMAGE_HEADER_SIZE,
	       "the image header is 64 bytes, field for field as in docs/image-format.md");

/* Which check an image failed; EXTMEM_IMAGE_CHECK_OK when it passed them all. */
enum extmem_image_check {
	EXTMEM_IMAGE_CHECK_OK = 0,
	EXTMEM_IMAGE_CHECK_NO_IMAGE,       /* magic absent (an erased slot reads FFh) */
	EXTMEM_IMAGE_CHECK_HEADER_CRC,     /* header CRC mismatch */
	EXTMEM_IMAGE_CHECK_HEADER_VERSION, /* unknown header version, reserved bits or bytes set */
	EXTMEM_IMAGE_CHECK_MODE,           /* not exactly one mode flag, or not the Boot's mode */
	EXTMEM_IMAGE_CHECK_LAYOUT,         /* sizes or offsets misaligned, or outside the slot */
	EXTMEM_IMAGE_CHECK_PLACEMENT,      /* load address not where the payload runs or may be loaded */
	EXTMEM_IMAGE_CHECK_PAYLOAD_CRC,    /* payload CRC mismatch */
	EXTMEM_IMAGE_CHECK_STACK,          /* initial SP not in (or at the end of) a RAM region, or unaligned */
	EXTMEM_IMAGE_CHECK_RESET_HANDLER,  /* reset handler outside the payload or without the Thumb bit */
	EXTMEM_IMAGE_CHECK_COUNT,
};

/* A short name such as "payload-crc". Never NULL. */
const char *extmem_image_check_name(enum extmem_image_check check);

/* A RAM region [start, start + size) an application may use or be loaded to. */
struct extmem_image_region {
	uint32_t start;
	uint32_t size;
};

/* What a Boot accepts. */
struct extmem_image_policy {
	uint32_t mode;                         /* EXTMEM_IMAGE_XIP or EXTMEM_IMAGE_LRUN */
	uint32_t slot_addr;                    /* CPU address of the slot start (its mapped address for XIP) */
	uint32_t slot_size;                    /* bytes of the slot: header, padding and payload must fit */
	const struct extmem_image_region *ram; /* where the stack may be (and LRUN may load) */
	uint32_t ram_count;
};

/*
 * CRC-32/ISO-HDLC, composable the zlib way: start with crc = 0 and pass each
 * result back in for the next piece. extmem_crc32(0, "123456789", 9) is
 * 0xCBF43926.
 */
uint32_t extmem_crc32(uint32_t crc, const void *buf, size_t len);

/*
 * Decodes `len` bytes at a slot start into *out and checks what needs no
 * policy: magic, header CRC, version, reserved fields, one mode flag.
 * Returns EXTMEM_OK, EXTMEM_ERR_INVALID (NULL pointers) or EXTMEM_ERR_FORMAT
 * with *why saying which check failed (why may be NULL).
 */
int extmem_image_parse_header(const void *bytes, size_t len, struct extmem_image_header *out,
			      enum extmem_image_check *why);

/* Checks a parsed header against the policy: mode, layout in the slot, placement. */
int extmem_image_check_layout(const struct extmem_image_header *h, const struct extmem_image_policy *p,
			      enum extmem_image_check *why);

/*
 * Checks the payload where it will run (XIP: the window; LRUN: the copy):
 * its CRC, then the vector table at vector_offset (initial SP, reset
 * handler). `payload` points at the payload's first byte, which must be at
 * h->load_addr as the CPU sees it; the header must have passed both checks.
 */
int extmem_image_check_payload(const struct extmem_image_header *h, const struct extmem_image_policy *p,
			       const void *payload, enum extmem_image_check *why);

/*
 * The vector-table part of check_payload, for callers that read the payload
 * in pieces: sp and reset are the table's first two words.
 */
int extmem_image_check_vectors(const struct extmem_image_header *h, const struct extmem_image_policy *p, uint32_t sp,
			       uint32_t reset, enum extmem_image_check *why);

/*
 * Fills *h for a payload (CRCs included) and writes its 64-byte encoding to
 * out. Returns EXTMEM_ERR_INVALID for NULL pointers, a mode that is not
 * exactly one flag, or sizes and offsets the format cannot express.
 */
int extmem_image_header_build(struct extmem_image_header *h, uint32_t mode, uint32_t hdr_size, uint32_t load_addr,
			      const void *payload, uint32_t payload_size, uint32_t vector_offset,
			      uint32_t image_version, uint8_t out[EXTMEM_IMAGE_HEADER_SIZE]);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_IMAGE_H */
