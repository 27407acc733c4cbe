/* SPDX-License-Identifier: MIT */
/*
 * Microchip (SST) SST26VF064B (64 Mbit, JEDEC ID BF 26 43): SFDP image
 * encoded by the project from the SST26VF064B datasheet facts: uniform 4 KiB
 * sectors (20h) plus a non-uniform block layout all erased by the same
 * Block Erase D8h: 4 x 8 KiB and 1 x 32 KiB at the bottom, 126 x 64 KiB,
 * then 1 x 32 KiB and 4 x 8 KiB at the top (so an erase size can never be
 * inferred from an opcode); 256 B page; 3-byte addressing; SQI mode entered
 * with 38h, left with FFh; high-speed SQI read 0Bh and Quad I/O EBh with 2
 * mode + 4 dummy clocks; Dual I/O BBh with 4 mode clocks; IOC = config
 * register bit 1 (read 35h, written with 01h, 2 bytes); suspend B0h,
 * resume 30h; no deep power-down; reset 66h/99h. Times: sector/block erase
 * typ 18 ms max 25 ms, chip erase typ 35 ms max 50 ms, page program typ
 * 1.0 ms max 1.5 ms. Layout: SFDP 1.6, BFPT 16 DWORDs, Sector Map (FF81)
 * with one configuration of 5 regions, and Microchip's vendor table (only
 * its first DWORDs are encoded: it is listed, not decoded).
 */
#include <stddef.h>
#include <stdint.h>

#include "sfdp_encode.h"

const uint8_t extmem_sim_sfdp_sst26vf064b[] = {
	EXTMEM_SIM_SFDP_HEADER(6, 1, 3, 0xff),
	EXTMEM_SIM_SFDP_PH(0xff00, 6, 1, 16, 0x030),
	EXTMEM_SIM_SFDP_PH(0xff81, 0, 1, 6, 0x070),
	EXTMEM_SIM_SFDP_PH(0x01bf, 0, 1, 2, 0x088),
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	/* 0x30: BFPT */
	/* 1: 4 KiB erase 20h; 64 B granularity; volatile status bits need
	 *    WREN 06h; 1-1-2, 1-2-2, 1-4-4, 1-1-4; 3-byte only; no DTR */
	EXTMEM_SIM_DW(0xfff120fd),
	/* 2: 2^26 bits - 1 (64 Mbit) */
	EXTMEM_SIM_DW(0x03ffffff),
	/* 3: 1-4-4 EBh 2 mode + 4 wait; 1-1-4 6Bh 8 wait */
	EXTMEM_SIM_DW(0x6b08eb44),
	/* 4: 1-1-2 3Bh 8 wait; 1-2-2 BBh 4 mode + 0 wait */
	EXTMEM_SIM_DW(0xbb803b08),
	/* 5: 4-4-4 supported, no 2-2-2 */
	EXTMEM_SIM_DW(0xfffffffe),
	EXTMEM_SIM_DW(0xff00ffff),
	/* 7: 4-4-4 0Bh 2 mode + 4 wait */
	EXTMEM_SIM_DW(0x0b44ffff),
	/* 8: type 1 4 KiB 20h; type 2 8 KiB D8h */
	EXTMEM_SIM_DW(0xd80d200c),
	/* 9: type 3 32 KiB D8h; type 4 64 KiB D8h */
	EXTMEM_SIM_DW(0xd810d80f),
	/* 10: multiplier 2 * (0 + 1) = 2 (25 / 18 = 1.4); all four types typ
	 *     (17+1) x 1 ms = 18 ms */
	EXTMEM_SIM_DW((0u << 0) | (17u << 4) | (17u << 11) | (17u << 18) | (17u << 25)),
	/* 11: program multiplier 2 (1.5 / 1.0); page 256 B; page typ (15+1) x
	 *     64 us = 1024 us (datasheet 1.0 ms); chip erase typ (1+1) x 16 ms
	 *     = 32 ms (datasheet 35) */
	EXTMEM_SIM_DW((0u << 0) | (8u << 4) | (15u << 8) | (1u << 13) | (1u << 24) | (0u << 29) | 0x80000000u),
	/* 12: suspend/resume supported; suspend latency (9+1) x 1 us = 10 us */
	EXTMEM_SIM_DW((9u << 13) | (1u << 18) | (9u << 24) | (1u << 29)),
	/* 13: resume 30h, suspend B0h (program and erase) */
	EXTMEM_SIM_DW(0xb030b030),
	/* 14: no deep power-down (bit 31); busy 05h bit 0 */
	EXTMEM_SIM_DW(0xfffffff7),
	/* 15: QER 101b (IOC bit 1 of the register read with 35h); 4-4-4 enable
	 *     38h; disable FFh, or soft reset 66h/99h */
	EXTMEM_SIM_DW(0xff500029),
	/* 16: 3-byte part; soft reset 66h/99h */
	EXTMEM_SIM_DW(0x00001000),
	/* 0x70: Sector Map: one map descriptor (last), configuration 0, 5
	 * regions; each region: (size / 256 - 1) << 8 | erase types */
	EXTMEM_SIM_DW(0xff0400ff),
	EXTMEM_SIM_DW((127u << 8) | 0xf3u),   /* 32 KiB, types 1 (4K) and 2 (8K) */
	EXTMEM_SIM_DW((127u << 8) | 0xf5u),   /* 32 KiB, types 1 and 3 (32K) */
	EXTMEM_SIM_DW((32255u << 8) | 0xf9u), /* 126 x 64 KiB, types 1 and 4 (64K) */
	EXTMEM_SIM_DW((127u << 8) | 0xf5u),   /* 32 KiB, types 1 and 3 */
	EXTMEM_SIM_DW((127u << 8) | 0xf3u),   /* 32 KiB, types 1 and 2 */
	/* 0x88: vendor table (manufacturer BFh): JEDEC ID BF 26 43 */
	EXTMEM_SIM_DW(0xff4326bf),
	EXTMEM_SIM_DW(0xffffffff),
};

const size_t extmem_sim_sfdp_sst26vf064b_len = sizeof(extmem_sim_sfdp_sst26vf064b);
