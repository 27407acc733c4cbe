/* SPDX-License-Identifier: MIT */
/*
 * Micron MT25QL256ABA (256 Mbit, 3 V, JEDEC ID 20 BA 19): SFDP image encoded
 * by the project from the MT25Q datasheet facts: 4 KiB subsector 20h,
 * 32 KiB subsector 52h, 64 KiB sector D8h (4-byte forms 21h/5Ch/DCh), 256 B
 * page; default dummy cycles 8 (1-1-2, 1-2-2, 2-2-2, 1-1-4) and 10 (1-4-4,
 * 4-4-4), of which Micron counts one clock as the XIP mode bit; flag status
 * register 70h; suspend 75h / resume 7Ah; 4-byte mode by WREN + B7h; reset
 * 66h/99h; no quad enable bit. Times: page program typ 0.12 ms max 1.8 ms;
 * 4 KiB erase typ 50 ms max 400 ms; 32 KiB typ 0.1 s; 64 KiB typ 0.15 s;
 * bulk erase typ 153 s. SFDP times are coarse (units of 16 ms, 64 s ...):
 * each DWORD comment gives the encoded value next to the datasheet one.
 * Layout: SFDP 1.6 (JESD216B), BFPT 16 DWORDs, 4-byte address table.
 */
#include <stddef.h>
#include <stdint.h>

#include "sfdp_encode.h"

const uint8_t extmem_sim_sfdp_mt25ql256aba[] = {
	EXTMEM_SIM_SFDP_HEADER(6, 1, 2, 0xff),
	EXTMEM_SIM_SFDP_PH(0xff00, 6, 1, 16, 0x030),
	EXTMEM_SIM_SFDP_PH(0xff84, 0, 1, 2, 0x070),
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	/* 0x30: BFPT */
	/* 1: 4 KiB erase 20h; 64 B write granularity; 1-1-2, 1-2-2, 1-1-4,
	 *    1-4-4 supported; 3- or 4-byte address; DTR supported */
	EXTMEM_SIM_DW(0xfffb20e5),
	/* 2: 2^28 bits - 1 (256 Mbit) */
	EXTMEM_SIM_DW(0x0fffffff),
	/* 3: 1-4-4 EBh, 1 mode + 9 wait (10 dummy); 1-1-4 6Bh, 1 mode + 7 wait */
	EXTMEM_SIM_DW(0x6b27eb29),
	/* 4: 1-1-2 3Bh, 8 wait; 1-2-2 BBh, 1 mode + 7 wait */
	EXTMEM_SIM_DW(0xbb273b08),
	/* 5: 2-2-2 and 4-4-4 supported */
	EXTMEM_SIM_DW(0xffffffff),
	/* 6: 2-2-2 BBh, 1 mode + 7 wait */
	EXTMEM_SIM_DW(0xbb27ffff),
	/* 7: 4-4-4 EBh, 1 mode + 9 wait */
	EXTMEM_SIM_DW(0xeb29ffff),
	/* 8: type 1 4 KiB 20h, type 2 32 KiB 52h */
	EXTMEM_SIM_DW(0x520f200c),
	/* 9: type 3 64 KiB D8h, no type 4 */
	EXTMEM_SIM_DW(0x0000d810),
	/* 10: max multiplier 2 * (3 + 1) = 8 (datasheet 400 ms / 50 ms); 1 ms
	 *     units stop at 32 ms, so type 1 = (2+1) x 16 ms = 48 ms (datasheet
	 *     50); type 2 (5+1) x 16 = 96 ms (datasheet 100); type 3 (8+1) x 16
	 *     = 144 ms (datasheet 150) */
	EXTMEM_SIM_DW((3u << 0) | (2u << 4) | (1u << 9) | (5u << 11) | (1u << 16) | (8u << 18) | (1u << 23)),
	/* 11: program multiplier 2 * (7 + 1) = 16 (1.8 ms / 0.12 ms = 15);
	 *     page 256 B; page typ (14+1) x 8 us = 120 us; byte program times
	 *     not in the datasheet: 1 us; bulk erase typ (1+1) x 64 s = 128 s
	 *     (datasheet 153 s; the next step is 192 s) */
	EXTMEM_SIM_DW((7u << 0) | (8u << 4) | (14u << 8) | (1u << 24) | (3u << 29) | 0x80000000u),
	/* 12: suspend/resume supported; suspend latency program and erase
	 *     (29+1) x 1 us = 30 us; resume-to-suspend (0+1) x 64 us */
	EXTMEM_SIM_DW((29u << 13) | (1u << 18) | (29u << 24) | (1u << 29)),
	/* 13: program resume 7Ah, program suspend 75h, resume 7Ah, suspend 75h */
	EXTMEM_SIM_DW(0x757a757a),
	/* 14: deep power-down B9h / exit ABh, exit delay (29+1) x 1 us;
	 *     busy: 05h bit 0 and flag status 70h bit 7 */
	EXTMEM_SIM_DW((0xb9u << 23) | (0xabu << 15) | (1u << 13) | (29u << 8) | (0x3u << 2) | 0x3u),
	/* 15: QER 000b (no QE bit); 4-4-4 entered through the enhanced volatile
	 *     configuration register, which has no JESD216 code: none given */
	EXTMEM_SIM_DW(0xff000000),
	/* 16: enter 4-byte: 06h then B7h, or dedicated 4-byte instructions;
	 *     exit: 06h then E9h, hardware reset, software reset, power cycle;
	 *     soft reset 66h/99h; status register 1 non-volatile, 06h */
	EXTMEM_SIM_DW((0x22u << 24) | (0xe2u << 14) | (0x10u << 8) | 0x01u),
	/* 0x70: 4-byte address instruction table */
	/* 1: 13h 0Ch 3Ch BCh 6Ch ECh 12h 34h 3Eh, erase types 1-3, 0Eh BEh EEh */
	EXTMEM_SIM_DW(0x0000efff),
	/* 2: erase type 1 21h, type 2 5Ch, type 3 DCh, type 4 none */
	EXTMEM_SIM_DW(0xffdc5c21),
};

const size_t extmem_sim_sfdp_mt25ql256aba_len = sizeof(extmem_sim_sfdp_mt25ql256aba);
