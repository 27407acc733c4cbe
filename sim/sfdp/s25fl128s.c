/* SPDX-License-Identifier: MIT */
/*
 * Spansion/Infineon S25FL128S (128 Mbit, 3 V quad, uniform 256 KiB sectors,
 * 512-byte page buffer, JEDEC ID 01 20 18): SFDP image encoded by the project.
 *
 * Facts: the S25FL-S datasheet (command set: 0Bh fast read with 8 dummy
 * cycles at latency code 00b, 3Bh/6Bh 8, BBh mode 4 clocks, EBh mode 2 +
 * 4 dummy; D8h 256 KiB sector erase; no 4 KiB erase in the uniform-sector
 * option). Layout: the original JESD216 9-DWORD BFPT, as parts of that
 * generation have (no quad-enable, reset or 4-byte method DWORDs); the
 * Spansion vendor tables are not encoded.
 */
#include <stddef.h>
#include <stdint.h>

#include "sfdp_encode.h"

const uint8_t extmem_sim_sfdp_s25fl128s[] = {
	/* 0x00: SFDP 1.0, 1 parameter header, legacy access protocol */
	EXTMEM_SIM_SFDP_HEADER(0, 1, 1, 0xff),
	/* 0x08: BFPT 1.0, 9 DWORDs at 0x10 */
	EXTMEM_SIM_SFDP_PH(0xff00, 0, 1, 9, 0x010),

	/* 0x10: BFPT */
	/* 1: no 4 KiB erase (11b, opcode FFh); write granularity >= 64 B;
	 *    3-byte addressing; DTR supported; 1-1-2, 1-2-2, 1-4-4, 1-1-4 reads */
	EXTMEM_SIM_DW(0xfff9ffe7),
	/* 2: density 2^27 bits - 1 (128 Mbit = 16 MiB) */
	EXTMEM_SIM_DW(0x07ffffff),
	/* 3: 1-4-4 EBh, 2 mode clocks + 4 wait states; 1-1-4 6Bh, 8 wait states */
	EXTMEM_SIM_DW(0x6b08eb44),
	/* 4: 1-1-2 3Bh, 8 wait states; 1-2-2 BBh, 4 mode clocks, no wait states */
	EXTMEM_SIM_DW(0xbb803b08),
	/* 5: no 2-2-2, no 4-4-4 */
	EXTMEM_SIM_DW(0xffffffee),
	/* 6, 7: 2-2-2 and 4-4-4 fields unused */
	EXTMEM_SIM_DW(0xff00ffff),
	EXTMEM_SIM_DW(0xff00ffff),
	/* 8: erase type 1 = 256 KiB (2^18) D8h; type 2 absent */
	EXTMEM_SIM_DW(0x0000d812),
	/* 9: erase types 3 and 4 absent */
	EXTMEM_SIM_DW(0x00000000),
};

const size_t extmem_sim_sfdp_s25fl128s_len = sizeof(extmem_sim_sfdp_s25fl128s);
