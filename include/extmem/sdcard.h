/* SPDX-License-Identifier: MIT */
/*
 * extmem: the SD memory card driver over the SD host contract (extmem_sd.h).
 *
 * init identifies the card as the SD Physical Layer Simplified
 * Specification prescribes (CMD0, CMD8, ACMD41 with HCS, CMD2, CMD3, CMD9,
 * CMD7, ACMD51, ACMD6, CMD16), decodes its CSD for the capacity and moves to
 * 4 data lines and the default-speed clock when the link allows. Blocks are
 * 512 bytes: reads and writes start and end on them (info says so), erase
 * removes exactly the blocks asked for. A card in the slot that is locked
 * by a password cannot be read: init answers EXTMEM_ERR_WRITE_PROTECTED.
 */
#ifndef EXTMEM_SDCARD_H
#define EXTMEM_SDCARD_H

#include "extmem.h"
#include "extmem_sd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EXTMEM_SDCARD_BLOCK 512u

enum extmem_sdcard_type {
	EXTMEM_SDCARD_NONE = 0,
	EXTMEM_SDCARD_SDSC_V1 = 1, /* physical layer 1.x, byte addresses */
	EXTMEM_SDCARD_SDSC_V2 = 2, /* 2.0 or later, standard capacity, byte addresses */
	EXTMEM_SDCARD_SDHC = 3,    /* high capacity (CSD 2.0, up to 32 GiB), block addresses */
	EXTMEM_SDCARD_SDXC = 4,    /* extended capacity (CSD 2.0, above 32 GiB), block addresses */
};

struct extmem_sdcard_config {
	struct extmem_sd_link link;
	uint32_t max_hz; /* cap on the data clock; 0: 25 MHz (default speed) */
};

struct extmem_sdcard_data {
	enum extmem_sdcard_type type;
	uint16_t rca;
	uint32_t ocr;
	uint32_t cid[4];
	uint32_t csd[4];
	uint8_t scr[8];
	uint64_t capacity; /* bytes, from the CSD */
	uint8_t bus_width;
	uint32_t clock_hz;
	bool write_protected; /* CSD permanent or temporary write protection */
};

extern const struct extmem_driver extmem_sdcard_driver;

/*
 * Capacity in bytes from a CSD held as resp[0..3] (extmem_sd.h): CSD 1.0
 * (C_SIZE + 1) * 2^(C_SIZE_MULT + 2) * 2^READ_BL_LEN, CSD 2.0 and 3.0
 * (C_SIZE + 1) * 512 KiB. EXTMEM_ERR_FORMAT for a reserved structure.
 */
int extmem_sdcard_csd_capacity(const uint32_t csd[4], uint64_t *capacity);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SDCARD_H */
