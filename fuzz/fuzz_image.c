/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the boot image checks (include/extmem/image.h).
 *
 * Input: a 32-byte policy block, then the slot's bytes (header, padding,
 * payload). Policy block: [0] control (bit 0 XIP else LRUN, bit 1 recompute
 * the header CRC, bit 2 recompute the payload CRC, bit 3 give the header
 * the policy's mode), [1] RAM region count (0..3), [2..3] unused,
 * [4..7] slot address, [8..11] slot size, [12..35] three RAM regions
 * (start, size), of which the first `count` are used.
 *
 * Besides ASan/UBSan findings it traps when:
 * - a status is not EXTMEM_OK / EXTMEM_ERR_FORMAT, or *why disagrees with it;
 * - a header passes parse + layout but breaks a rule of
 *   docs/image-format.md, each rechecked here from the raw bytes with a
 *   bit-by-bit CRC written from the specification's parameters;
 * - a header that the recheck accepts is refused (the checks refuse too much);
 * - a header that passed still passes with any one of its 512 bits flipped;
 * - check_payload passes a payload whose CRC or vector table break the rules.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define POLICY_BYTES 36u

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* CRC-32/ISO-HDLC one bit at a time: reflected 0xEDB88320, init and xorout 0xFFFFFFFF. */
static uint32_t ref_crc(const uint8_t *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int b = 0; b < 8; b++)
			c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
	}
	return c ^ 0xFFFFFFFFu;
}

/* Rules 1-5 of docs/image-format.md from the raw bytes. */
static int ref_header_ok(const uint8_t *b, const struct extmem_image_policy *p)
{
	uint32_t flags = rd32(b + 8), load = rd32(b + 12), psize = rd32(b + 16), vo = rd32(b + 20);
	uint32_t hsize = (uint32_t)b[6] | (uint32_t)b[7] << 8;

	if (b[0] != 0x45 || b[1] != 0x4D || b[2] != 0x58 || b[3] != 0x4D)
		return 0;
	if (ref_crc(b, 60) != rd32(b + 60))
		return 0;
	if (b[4] != 1 || b[5] != 0)
		return 0;
	for (int i = 32; i < 60; i++)
		if (b[i])
			return 0;
	if (flags != 1u && flags != 2u)
		return 0;
	if (flags != p->mode)
		return 0;
	if (hsize < 64 || hsize % 4 || psize == 0 || psize % 4 || vo % 128 || (uint64_t)vo + 8 > psize)
		return 0;
	/* Rule 5: the vector table on 128 bytes where it runs (VTOR.TBLOFF is bits 31..7). */
	if (((uint64_t)load + vo) % 128)
		return 0;
	/* The image fits in the slot, and the slot itself does not wrap 32 bits. */
	if ((uint64_t)hsize + psize > p->slot_size || (uint64_t)p->slot_addr + p->slot_size > 0x100000000ull)
		return 0;
	if (flags == 1u)
		return (uint64_t)load == (uint64_t)p->slot_addr + hsize;
	for (uint32_t i = 0; i < p->ram_count; i++) {
		uint64_t end = (uint64_t)load + psize;
		uint64_t rend = (uint64_t)p->ram[i].start + p->ram[i].size;
		/* A region running past 4 GiB is a broken policy: nothing is placed in it. */
		if (load >= p->ram[i].start && end <= rend && rend <= 0x100000000ull)
			return 1;
	}
	return 0;
}

/*
 * Rules 6-7. strict: the stack strictly above a region's start and the reset
 * handler's halfword inside the payload (what the library implements);
 * otherwise the letter of the spec ([start, end] and [load, end)).
 */
static int ref_payload_ok(const uint8_t *b, const struct extmem_image_policy *p, const uint8_t *pl, int strict)
{
	uint32_t load = rd32(b + 12), psize = rd32(b + 16), vo = rd32(b + 20);
	uint32_t sp = rd32(pl + vo), reset = rd32(pl + vo + 4);
	int sp_ok = 0;

	if (ref_crc(pl, psize) != rd32(b + 24))
		return 0;
	if (sp % 8)
		return 0;
	for (uint32_t i = 0; i < p->ram_count; i++) {
		uint64_t start = p->ram[i].start, end = start + p->ram[i].size;
		if ((strict ? sp > start : sp >= start) && sp <= end)
			sp_ok = 1;
	}
	if (!sp_ok || !(reset & 1u))
		return 0;
	uint64_t pc = reset & ~1u;
	return pc >= load && pc + (strict ? 2u : 1u) <= (uint64_t)load + psize;
}

/* Outcomes over the run, printed at exit so a run shows which checks it reached. */
static unsigned long outcome[EXTMEM_IMAGE_CHECK_COUNT], header_pass, payload_pass;

static void print_outcomes(void)
{
	fprintf(stderr, "fuzz_image outcomes: headers passing parse+layout %lu, payloads passing %lu\n", header_pass,
		payload_pass);
	for (int c = 0; c < EXTMEM_IMAGE_CHECK_COUNT; c++)
		fprintf(stderr, "  first failed check %-15s %lu\n", extmem_image_check_name((enum extmem_image_check)c),
			outcome[c]);
}

static int rc_ok(int rc, enum extmem_image_check why)
{
	if (rc == EXTMEM_OK)
		return why == EXTMEM_IMAGE_CHECK_OK;
	return rc == EXTMEM_ERR_FORMAT && why > EXTMEM_IMAGE_CHECK_OK && why < EXTMEM_IMAGE_CHECK_COUNT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t slot[1u << 16];
	struct extmem_image_region ram[3];
	struct extmem_image_policy pol;
	struct extmem_image_header h;
	enum extmem_image_check why = EXTMEM_IMAGE_CHECK_COUNT;
	size_t n;
	int rc;

	static int registered;
	if (!registered) {
		registered = 1;
		atexit(print_outcomes);
	}
	if (size < POLICY_BYTES || size - POLICY_BYTES > sizeof slot)
		return 0;
	uint8_t ctl = data[0];
	for (unsigned i = 0; i < 3; i++)
		ram[i] = (struct extmem_image_region){rd32(data + 12 + 8 * i), rd32(data + 16 + 8 * i)};
	pol = (struct extmem_image_policy){
		.mode = (ctl & 1u) ? EXTMEM_IMAGE_XIP : EXTMEM_IMAGE_LRUN,
		.slot_addr = rd32(data + 4),
		.slot_size = rd32(data + 8),
		.ram = ram,
		.ram_count = data[1] % 4u,
	};
	n = size - POLICY_BYTES;
	memcpy(slot, data + POLICY_BYTES, n);

	/* Help the fuzzer past the CRCs and the mode so it reaches the later rules. */
	if (n >= EXTMEM_IMAGE_HEADER_SIZE) {
		if (ctl & 8u)
			wr32(slot + 8, pol.mode);
		uint32_t hs = (uint32_t)slot[6] | (uint32_t)slot[7] << 8, ps = rd32(slot + 16);
		if ((ctl & 4u) && (uint64_t)hs + ps <= n)
			wr32(slot + 24, ref_crc(slot + hs, ps));
		if (ctl & 2u)
			wr32(slot + 60, ref_crc(slot, 60));
	}

	rc = extmem_image_parse_header(slot, n, &h, &why);
	if (!rc_ok(rc, why))
		__builtin_trap();
	if (rc != EXTMEM_OK) {
		outcome[why]++;
		if (n >= EXTMEM_IMAGE_HEADER_SIZE && ref_header_ok(slot, &pol))
			__builtin_trap(); /* refused a header the spec accepts */
		return 0;
	}
	/* The decode is field for field the byte layout. */
	if (h.magic != rd32(slot) || h.hdr_size != (slot[6] | slot[7] << 8) || h.flags != rd32(slot + 8) ||
	    h.load_addr != rd32(slot + 12) || h.payload_size != rd32(slot + 16) || h.vector_offset != rd32(slot + 20) ||
	    h.payload_crc32 != rd32(slot + 24) || h.image_version != rd32(slot + 28) ||
	    h.header_crc32 != rd32(slot + 60))
		__builtin_trap();

	why = EXTMEM_IMAGE_CHECK_COUNT;
	rc = extmem_image_check_layout(&h, &pol, &why);
	if (!rc_ok(rc, why))
		__builtin_trap();
	if ((rc == EXTMEM_OK) != ref_header_ok(slot, &pol))
		__builtin_trap();
	if (rc != EXTMEM_OK) {
		outcome[why]++;
		return 0;
	}
	header_pass++;

	/* CRC-32 catches every single-bit error: no flipped header passes parse + layout. */
	for (unsigned bit = 0; bit < 8u * EXTMEM_IMAGE_HEADER_SIZE; bit++) {
		uint8_t flipped[EXTMEM_IMAGE_HEADER_SIZE];
		struct extmem_image_header fh;
		memcpy(flipped, slot, sizeof flipped);
		flipped[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (extmem_image_parse_header(flipped, sizeof flipped, &fh, NULL) == EXTMEM_OK &&
		    extmem_image_check_layout(&fh, &pol, NULL) == EXTMEM_OK)
			__builtin_trap();
	}

	/* The payload, when the input holds it. */
	if ((uint64_t)h.hdr_size + h.payload_size <= n) {
		const uint8_t *pl = slot + h.hdr_size;
		why = EXTMEM_IMAGE_CHECK_COUNT;
		rc = extmem_image_check_payload(&h, &pol, pl, &why);
		if (!rc_ok(rc, why))
			__builtin_trap();
		if (rc == EXTMEM_OK && !ref_payload_ok(slot, &pol, pl, 0))
			__builtin_trap();
		outcome[why]++;
		payload_pass += rc == EXTMEM_OK;
		if (rc != EXTMEM_OK && ref_payload_ok(slot, &pol, pl, 1))
			__builtin_trap();
	}
	return 0;
}
