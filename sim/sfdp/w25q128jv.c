/* SPDX-License-Identifier: MIT */
/*
 * Winbond W25Q128JV (128 Mbit, 3 V quad SPI, JEDEC ID EF 40 18): SFDP image
 * encoded by the project from the W25Q128JV datasheet facts: 4 KiB sector
 * 20h, 32 KiB block 52h, 64 KiB block D8h, 256 B page, 3-byte addressing;
 * Fast Read Dual Output 3Bh (8 dummy), Dual I/O BBh (M7-0 = 4 clocks, no
 * dummy), Quad Output 6Bh (8 dummy), Quad I/O EBh (M7-0 = 2 clocks + 4
 * dummy); no QPI; QE = status register 2 bit 1, read with 35h and written
 * with 01h and two bytes (QER 101b; the part also has 31h); suspend 75h,
 * resume 7Ah; power-down B9h, release ABh (tRES1 3 us); reset 66h/99h.
 * Times: page program typ 0.4 ms max 3 ms; sector erase typ 45 ms max
 * 400 ms; 32 KiB typ 120 ms max 1.6 s; 64 KiB typ 150 ms max 2 s; chip
 * erase typ 40 s max 200 s. Layout: SFDP 1.5 (JESD216A), BFPT 16 DWORDs.
 */
#include <stddef.h>
#include <stdint.h>

#include "sfdp_encode.h"

const uint8_t extmem_sim_sfdp_w25q128jv[] = {
	EXTMEM_SIM_SFDP_HEADER(5, 1, 1, 0xff),
	EXTMEM_SIM_SFDP_PH(0xff00, 5, 1, 16, 0x080),
	/* 0x10..0x7F: unused SFDP space reads FFh */
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	/* 0x80: BFPT */
	/* 1: 4 KiB erase 20h; 64 B granularity; 1-1-2, 1-2-2, 1-4-4, 1-1-4;
	 *    3-byte address only; no DTR */
	EXTMEM_SIM_DW(0xfff120e5),
	/* 2: 2^27 bits - 1 (128 Mbit) */
	EXTMEM_SIM_DW(0x07ffffff),
	/* 3: 1-4-4 EBh 2 mode + 4 wait; 1-1-4 6Bh 8 wait */
	EXTMEM_SIM_DW(0x6b08eb44),
	/* 4: 1-1-2 3Bh 8 wait; 1-2-2 BBh 4 mode + 0 wait */
	EXTMEM_SIM_DW(0xbb803b08),
	/* 5: no 2-2-2, no 4-4-4 */
	EXTMEM_SIM_DW(0xffffffee),
	EXTMEM_SIM_DW(0xff00ffff),
	EXTMEM_SIM_DW(0xff00ffff),
	/* 8: type 1 4 KiB 20h, type 2 32 KiB 52h */
	EXTMEM_SIM_DW(0x520f200c),
	/* 9: type 3 64 KiB D8h, no type 4 */
	EXTMEM_SIM_DW(0xff00d810),
	/* 10: multiplier 2 * (6 + 1) = 14 (the largest datasheet ratio, 2 s /
	 *     150 ms = 13.3); type 1 (2+1) x 16 = 48 ms (datasheet 45); type 2
	 *     (0+1) x 128 = 128 ms (datasheet 120); type 3 (8+1) x 16 = 144 ms
	 *     (datasheet 150) */
	EXTMEM_SIM_DW((6u << 0) | (2u << 4) | (1u << 9) | (0u << 11) | (2u << 16) | (8u << 18) | (1u << 23)),
	/* 11: program multiplier 2 * (3 + 1) = 8 (3 ms / 0.4 ms = 7.5); page
	 *     256 B; page typ (5+1) x 64 us = 384 us (datasheet 400); byte
	 *     program times: 1 us (not used); chip erase typ (9+1) x 4 s = 40 s */
	EXTMEM_SIM_DW((3u << 0) | (8u << 4) | (5u << 8) | (1u << 13) | (9u << 24) | (2u << 29) | 0x80000000u),
	/* 12: suspend/resume supported; suspend latency (19+1) x 1 us = 20 us
	 *     (tSUS); resume-to-suspend (0+1) x 64 us */
	EXTMEM_SIM_DW((19u << 13) | (1u << 18) | (19u << 24) | (1u << 29)),
	/* 13: resume 7Ah, suspend 75h (program and erase) */
	EXTMEM_SIM_DW(0x757a757a),
	/* 14: power-down B9h, release ABh, (2+1) x 1 us = 3 us; busy 05h bit 0 */
	EXTMEM_SIM_DW((0xb9u << 23) | (0xabu << 15) | (1u << 13) | (2u << 8) | 0xf4u),
	/* 15: QER 101b; no 4-4-4; no 0-4-4 */
	EXTMEM_SIM_DW(0xff500000),
	/* 16: 3-byte part: no 4-byte methods; soft reset 66h/99h; status
	 *     register 1 mixed volatile/non-volatile, 06h or 50h (bit 3) */
	EXTMEM_SIM_DW((0x10u << 8) | 0x08u),
};

const size_t extmem_sim_sfdp_w25q128jv_len = sizeof(extmem_sim_sfdp_w25q128jv);
