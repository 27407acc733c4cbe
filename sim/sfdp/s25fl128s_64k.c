/* SPDX-License-Identifier: MIT */
/*
 * Spansion/Infineon S25FL128S, 64 KiB-sector option with 4 KiB parameter
 * sectors (JEDEC ID 01 20 18): SFDP image encoded by the project.
 *
 * Facts: the S25FL-S datasheet (32 x 4 KiB parameter sectors erased by
 * P4E 20h, at the bottom of the array, or at the top when CR1 TBPARM, bit 2,
 * is set; 64 KiB sectors erased by SE D8h; CR1 read by RDCR 35h; read
 * timings at latency code 00b as for the uniform option). The real part's
 * SFDP is JESD216 1.0 and carries no sector map: the sector map table here
 * (FF81, JESD216B layout) is the project's statement of that organisation,
 * with one detection command (35h, no address, no dummy, mask 04h = TBPARM)
 * selecting configuration 0 (parameter sectors at the bottom) or 1 (top).
 */
#include <stddef.h>
#include <stdint.h>

#include "sfdp_encode.h"

const uint8_t extmem_sim_sfdp_s25fl128s_64k[] = {
	/* 0x00: SFDP 1.6 header, 2 parameter headers, legacy access protocol */
	EXTMEM_SIM_SFDP_HEADER(6, 1, 2, 0xff),
	/* 0x08: BFPT 1.0, 9 DWORDs at 0x20 */
	EXTMEM_SIM_SFDP_PH(0xff00, 0, 1, 9, 0x020),
	/* 0x10: sector map (FF81) 1.0, 8 DWORDs at 0x50 */
	EXTMEM_SIM_SFDP_PH(0xff81, 0, 1, 8, 0x050),
	/* 0x18: unused */
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,

	/* 0x20: BFPT */
	/* 1: 4 KiB erase 20h (01b); write granularity >= 64 B; 3-byte addressing;
	 *    DTR supported; 1-1-2, 1-2-2, 1-4-4, 1-1-4 reads */
	EXTMEM_SIM_DW(0xfff920e5),
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
	/* 8: erase type 1 = 4 KiB (2^12) 20h; type 2 = 64 KiB (2^16) D8h */
	EXTMEM_SIM_DW(0xd810200c),
	/* 9: erase types 3 and 4 absent */
	EXTMEM_SIM_DW(0x00000000),
	/* 0x44: unused */
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,

	/* 0x50: sector map */
	/* detection command (bit 0 = 0), the last (bit 1): 35h, no address, no
	 * dummy, mask 04h (CR1 TBPARM); its address DWORD unused */
	EXTMEM_SIM_DW(0x040035fe),
	EXTMEM_SIM_DW(0x00000000),
	/* configuration 0 (TBPARM = 0), 2 regions: 128 KiB of 4 KiB sectors
	 * (erase type 1 only), then 16 MiB - 128 KiB of 64 KiB sectors (type 2) */
	EXTMEM_SIM_DW(0x00010001),
	EXTMEM_SIM_DW(0x0001fff1),
	EXTMEM_SIM_DW(0x00fdfff2),
	/* configuration 1 (TBPARM = 1), the last map: 64 KiB sectors, then the
	 * 4 KiB parameter sectors at the top */
	EXTMEM_SIM_DW(0x00010103),
	EXTMEM_SIM_DW(0x00fdfff2),
	EXTMEM_SIM_DW(0x0001fff1),
};

const size_t extmem_sim_sfdp_s25fl128s_64k_len = sizeof(extmem_sim_sfdp_s25fl128s_64k);
