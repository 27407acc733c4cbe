/* SPDX-License-Identifier: MIT */
/*
 * Hand-built SFDP images for the parser tests: every DWORD is written in
 * the test from the JESD216 layout, never produced by the parser.
 */
#ifndef EXTMEM_TEST_SFDP_BUILD_H
#define EXTMEM_TEST_SFDP_BUILD_H

#include <stdint.h>
#include <string.h>

static uint8_t img[1024];

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Parameter header n. */
static void ph(unsigned n, uint16_t id, uint8_t major, uint8_t minor, uint8_t ndw, uint32_t ptr)
{
	uint8_t *h = img + 8 + 8 * n;

	h[0] = (uint8_t)id;
	h[1] = minor;
	h[2] = major;
	h[3] = ndw;
	h[4] = (uint8_t)ptr;
	h[5] = (uint8_t)(ptr >> 8);
	h[6] = (uint8_t)(ptr >> 16);
	h[7] = (uint8_t)(id >> 8);
}

/*
 * SFDP 1.0 with `nheaders` headers, a 9-DWORD BFPT at 0x100: 64 Mbit
 * (DWORD 2 = 03FFFFFFh), erase types 4 KiB 20h, 32 KiB 52h, 64 KiB D8h.
 * Returns the end of the BFPT; optional tables go at 0x130 and up.
 */
static size_t base(unsigned nheaders)
{
	memset(img, 0xff, sizeof(img));
	memcpy(img, "SFDP", 4);
	img[4] = 0;
	img[5] = 1;
	img[6] = (uint8_t)(nheaders - 1);
	img[7] = 0xff;
	ph(0, 0xff00, 1, 0, 9, 0x100);
	put32(img + 0x100, 0xfff120e5);
	put32(img + 0x104, 0x03ffffff);
	put32(img + 0x108, 0x6b08eb44);
	put32(img + 0x10c, 0xbb803b08);
	put32(img + 0x110, 0xffffffee);
	put32(img + 0x114, 0xff00ffff);
	put32(img + 0x118, 0xff00ffff);
	put32(img + 0x11c, 0x520f200c);
	put32(img + 0x120, 0xff00d810);
	return 0x124;
}

#endif
