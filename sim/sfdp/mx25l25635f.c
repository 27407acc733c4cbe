/* SPDX-License-Identifier: MIT */
/*
 * Macronix MX25L25635F (256 Mbit, 3 V quad SPI, JEDEC ID C2 20 19): the
 * project's JESD216 v1.0-only image (SFDP 1.0, BFPT of 9 DWORDs, so no page
 * size, no times, no QE method), plus Macronix's vendor table, which is
 * listed and not decoded. Facts from the MX25L25635F datasheet: 4 KiB
 * sector 20h, 32 KiB block 52h, 64 KiB block D8h; 3-byte default with
 * 4-byte mode (EN4B B7h); DREAD 3Bh (8 dummy), 2READ BBh (4 dummy),
 * QREAD 6Bh (8 dummy), 4READ EBh (2 mode + 4 dummy), QPI 4READ EBh (2 mode
 * + 4 dummy); supply 2.7 V .. 3.6 V.
 */
#include <stddef.h>
#include <stdint.h>

#include "sfdp_encode.h"

const uint8_t extmem_sim_sfdp_mx25l25635f[] = {
	EXTMEM_SIM_SFDP_HEADER(0, 1, 2, 0xff),
	EXTMEM_SIM_SFDP_PH(0xff00, 0, 1, 9, 0x030),
	EXTMEM_SIM_SFDP_PH(0xffc2, 0, 1, 4, 0x060),
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	/* 0x30: BFPT, JESD216 (9 DWORDs) */
	/* 1: 4 KiB erase 20h; 64 B granularity; 1-1-2, 1-2-2, 1-4-4, 1-1-4;
	 *    3- or 4-byte address; DTR not advertised */
	EXTMEM_SIM_DW(0xfff320e5),
	/* 2: 2^28 bits - 1 (256 Mbit) */
	EXTMEM_SIM_DW(0x0fffffff),
	/* 3: 1-4-4 EBh 2 mode + 4 wait; 1-1-4 6Bh 8 wait */
	EXTMEM_SIM_DW(0x6b08eb44),
	/* 4: 1-1-2 3Bh 8 wait; 1-2-2 BBh 4 wait */
	EXTMEM_SIM_DW(0xbb043b08),
	/* 5: 4-4-4 (QPI) supported, no 2-2-2 */
	EXTMEM_SIM_DW(0xfffffffe),
	EXTMEM_SIM_DW(0xff00ffff),
	/* 7: 4-4-4 EBh 2 mode + 4 wait */
	EXTMEM_SIM_DW(0xeb44ffff),
	/* 8: type 1 4 KiB 20h, type 2 32 KiB 52h */
	EXTMEM_SIM_DW(0x520f200c),
	/* 9: type 3 64 KiB D8h, no type 4 */
	EXTMEM_SIM_DW(0xff00d810),
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	/* 0x60: Macronix vendor table: Vcc max 3.6 V, min 2.7 V (BCD mV), rest
	 * not encoded */
	EXTMEM_SIM_DW(0x27003600),
	EXTMEM_SIM_DW(0xffffffff),
	EXTMEM_SIM_DW(0xffffffff),
	EXTMEM_SIM_DW(0xffffffff),
};

const size_t extmem_sim_sfdp_mx25l25635f_len = sizeof(extmem_sim_sfdp_mx25l25635f);
