/* SPDX-License-Identifier: MIT */
/*
 * Micron MT35XU02G (2 Gbit, 1.8 V, xSPI octal, JEDEC ID 2C 5B 1C): SFDP
 * image encoded by the project.
 *
 * Facts: the MT35XU02G's own SFDP tables as QEMU's m25p80 model of the part
 * carries them (SFDP 1.6, a 16-DWORD BFPT and the 4-byte address instruction
 * table; no octal DWORDs 17-20, no FF0A sequences, no xSPI profile: a host
 * learns the octal switch from the datasheet, not from these tables), with
 * the datasheet's organisation (256-byte page, 4/32/128 KiB erase). The part
 * enters octal DDR through its volatile configuration register (81h at
 * address 0), which SFDP 1.6 cannot describe.
 */
#include <stddef.h>
#include <stdint.h>

#include "sfdp_encode.h"

const uint8_t extmem_sim_sfdp_mt35xu02g[] = {
	/* 0x00: SFDP 1.6, 2 parameter headers, legacy access protocol */
	EXTMEM_SIM_SFDP_HEADER(6, 1, 2, 0xff),
	/* 0x08: parameter headers */
	EXTMEM_SIM_SFDP_PH(0xff00, 6, 1, 16, 0x030), /* BFPT 1.6, 16 DWORDs */
	EXTMEM_SIM_SFDP_PH(0xff84, 0, 1, 2, 0x080),  /* 4-byte address instructions */
	/* 0x18: unused */
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,

	/* 0x30: BFPT */
	/* 1: 4 KiB erase 20h; write granularity >= 64 B; 3- or 4-byte address;
	 *    DTR supported; no 1-1-2/1-2-2/1-1-4/1-4-4 */
	EXTMEM_SIM_DW(0xff8a20e5),
	/* 2: density 2^31 bits - 1 (2 Gbit = 256 MiB) */
	EXTMEM_SIM_DW(0x7fffffff),
	/* 3, 4: no quad or dual read fields */
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	/* 5: no 2-2-2, no 4-4-4 */
	EXTMEM_SIM_DW(0xffffffee),
	/* 6, 7: 2-2-2 and 4-4-4 fields unused */
	EXTMEM_SIM_DW(0x0000ffff),
	EXTMEM_SIM_DW(0x0000ffff),
	/* 8: erase type 1 = 4 KiB (2^12) 20h, type 2 = 128 KiB (2^17) D8h */
	EXTMEM_SIM_DW(0xd811200c),
	/* 9: erase type 3 = 32 KiB (2^15) 52h; type 4 absent */
	EXTMEM_SIM_DW(0x0000520f),
	/* 10: max = 2 * (4 + 1) * typical; typ 4 KiB 48 ms, 128 KiB 192 ms,
	 *     32 KiB 112 ms */
	EXTMEM_SIM_DW(0x00995a24),
	/* 11: program max = 2 * (11 + 1) x typ; page 2^8 = 256 B; page program
	 *     typ 120 us; first byte 15 us, next bytes 1 us; chip erase typ 128 s */
	EXTMEM_SIM_DW(0xe1038e8b),
	/* 12: suspend/resume supported; suspend latencies 25 us; resume-to-
	 *     suspend intervals 64 us (program) and 192 us (erase) */
	EXTMEM_SIM_DW(0x382701ac),
	/* 13: program resume 7Ah, program suspend 75h, resume 7Ah, suspend 75h */
	EXTMEM_SIM_DW(0x757a757a),
	/* 14: deep power-down B9h, exit ABh, exit delay 30 us; busy polling:
	 *     flag status register 70h bit 7 and status register 05h bit 0 */
	EXTMEM_SIM_DW(0x5cd5bdfb),
	/* 15: QER 111b (a reserved value: the part has no quad-enable bit); no
	 *     0-4-4, no 4-4-4 */
	EXTMEM_SIM_DW(0xff700000),
	/* 16: enter 4-byte addressing: B7h, WREN + B7h, volatile register,
	 *     dedicated instructions; exit: E9h, WREN + E9h, register, reset;
	 *     soft reset 66h/99h; status register 1 non-volatile, 06h */
	EXTMEM_SIM_DW(0x3638b081),
	/* 0x70: unused */
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,

	/* 0x80: 4-byte address instructions (FF84) */
	/* 1: 13h read, 0Ch fast read, 7Ch 1-1-8, CCh 1-8-8, 12h program, 84h
	 *    1-1-8 and 8Eh 1-8-8 program, erase types 1-3, FDh 1-8-8 DTR read,
	 *    volatile and non-volatile sector locks E0h-E3h */
	EXTMEM_SIM_DW(0xffff0e43),
	/* 2: erase type 1 (4 KiB) 21h, type 2 (128 KiB) DCh, type 3 (32 KiB) 5Ch */
	EXTMEM_SIM_DW(0xff5cdc21),
};

const size_t extmem_sim_sfdp_mt35xu02g_len = sizeof(extmem_sim_sfdp_mt35xu02g);
