/* SPDX-License-Identifier: MIT */
/*
 * Macronix MX66UW1G45G (1 Gbit, 1.8 V, OctaFlash, the STM32H7S78-DK octal
 * NOR, JEDEC ID C2 81 3B): SFDP image encoded by the project.
 *
 * Facts: the MX66UW1G45G datasheet (memory organisation: 1 Gbit, 256-byte
 * page, 4 KiB sectors 20h/21h, 64 KiB blocks D8h/DCh; SPI and OPI STR/DTR
 * at up to 200 MHz; 8D-8D-8D read EEh with the inverted command extension
 * 11h; CR2 at address 00000000h bit 0 SOPI, bit 1 DOPI, CR2 at 00000300h
 * bits 2:0 dummy cycles, read with RDCR2 71h, written with WRCR2 72h;
 * security register RDSCUR 2Bh bit 5 P_FAIL, bit 6 E_FAIL; suspend B0h,
 * resume 30h; deep power-down B9h, release ABh; reset 66h/99h). Timing
 * fields were cross-checked against a dump of the sibling MX66UW1G345G.
 * Layout (SFDP 1.8, JESD216D): BFPT 20 DWORDs, SCCR map (FF87), octal DDR
 * command sequences (FF0A), xSPI Profile 1.0 (FF05, 5 DWORDs) and 4-byte
 * address instructions (FF84).
 */
#include <stddef.h>
#include <stdint.h>

#include "sfdp_encode.h"

const uint8_t extmem_sim_sfdp_mx66uw1g45g[] = {
	/* 0x00: SFDP 1.8, 5 parameter headers, access protocol FDh (xSPI-era part) */
	EXTMEM_SIM_SFDP_HEADER(8, 1, 5, 0xfd),
	/* 0x08: parameter headers */
	EXTMEM_SIM_SFDP_PH(0xff00, 8, 1, 20, 0x030), /* BFPT 1.8, 20 DWORDs */
	EXTMEM_SIM_SFDP_PH(0xff87, 0, 1, 28, 0x080), /* SCCR map 1.0, 28 DWORDs */
	EXTMEM_SIM_SFDP_PH(0xff0a, 0, 1, 8, 0x0f0),  /* octal DDR command sequences */
	EXTMEM_SIM_SFDP_PH(0xff05, 0, 1, 5, 0x110),  /* xSPI Profile 1.0, 5 DWORDs */
	EXTMEM_SIM_SFDP_PH(0xff84, 0, 1, 2, 0x124),  /* 4-byte address instructions */

	/* 0x30: BFPT */
	/* 1: 4 KiB erase 20h; write granularity >= 64 B; 3- or 4-byte address;
	 *    DTR supported; no 1-1-2/1-2-2/1-1-4/1-4-4 (the part is x1/x8 only) */
	EXTMEM_SIM_DW(0xff8a20e5),
	/* 2: density 2^30 bits - 1 (1 Gbit = 128 MiB) */
	EXTMEM_SIM_DW(0x3fffffff),
	/* 3, 4: 1-4-4, 1-1-4, 1-1-2, 1-2-2 not supported */
	EXTMEM_SIM_DW(0xff00ff00),
	EXTMEM_SIM_DW(0xff00ff00),
	/* 5: no 2-2-2, no 4-4-4 */
	EXTMEM_SIM_DW(0xffffffee),
	/* 6, 7: 2-2-2 and 4-4-4 fields unused */
	EXTMEM_SIM_DW(0xff00ffff),
	EXTMEM_SIM_DW(0xff00ffff),
	/* 8: erase type 1 = 4 KiB (2^12) 20h, type 2 = 64 KiB (2^16) D8h */
	EXTMEM_SIM_DW(0xd810200c),
	/* 9: erase types 3 and 4 absent */
	EXTMEM_SIM_DW(0xff00ff00),
	/* 10: max = 2 * (11 + 1) * typical; type 1 typ (24+1) x 1 ms = 25 ms;
	 *     type 2 typ (15+1) x 16 ms = 256 ms */
	EXTMEM_SIM_DW(0x0001798b),
	/* 11: program max = 2 * (15 + 1) x typ; page 2^8 = 256 B; page program
	 *     typ (18+1) x 8 us = 152 us; first byte 1 us, next bytes 1 us;
	 *     chip erase typ (2+1) x 64 s = 192 s */
	EXTMEM_SIM_DW(0xe200128f),
	/* 12: suspend/resume supported (bit 31 = 0); program suspend latency
	 *     (24+1) x 1 us, erase suspend latency (6+1) x 8 us; resume-to-suspend
	 *     intervals (2+1) x 64 us and (6+1) x 64 us */
	EXTMEM_SIM_DW(0x466704cc),
	/* 13: program resume 30h, program suspend B0h, resume 30h, suspend B0h */
	EXTMEM_SIM_DW(0xb030b030),
	/* 14: deep power-down supported, enter B9h, exit ABh, exit delay
	 *     (29+1) x 1 us; busy polling: status register 05h bit 0 (WIP) */
	EXTMEM_SIM_DW(0x5cd5bdf4),
	/* 15: no quad enable bit (QER 000b), no 4-4-4, no 0-4-4 */
	EXTMEM_SIM_DW(0xff000000),
	/* 16: enter 4-byte addressing: dedicated 4-byte instructions; soft reset
	 *     66h then 99h; status register 1 mixed volatile/non-volatile (06h) */
	EXTMEM_SIM_DW(0x20001010),
	/* 17: 1-1-8 and 1-8-8 not supported (the datasheet lists x1 and x8 OPI only) */
	EXTMEM_SIM_DW(0x00000000),
	/* 18: 8D-8D-8D command extension = inverted command (EEh/11h); byte
	 *     order in 8D-8D-8D same as 1S-1S-1S */
	EXTMEM_SIM_DW(0x20000000),
	/* 19: 8S-8S-8S enable: 06h then 72h addr 00000000h data 01h (CR2 SOPI);
	 *     disable: soft reset 66h/99h; no octal enable bit */
	EXTMEM_SIM_DW(0x00000048),
	/* 20: max speed 8S-8S-8S and 8D-8D-8D, with and without DQS: 200 MHz
	 *     (code 8); 4S modes not supported (Fh) */
	EXTMEM_SIM_DW(0x8888ffff),

	/* 0x80: SCCR map (FF87), 28 DWORDs */
	/* 1, 2: volatile / non-volatile register address offsets: 0 */
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	/* 3, 4: generic addressed register access: not described */
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	/* 5: WIP = bit 0 of RDSR 05h, 1 = busy */
	EXTMEM_SIM_DW(0x90000500),
	/* 6: WEL = bit 1 of RDSR 05h, set by WREN 06h */
	EXTMEM_SIM_DW(0xb1000506),
	/* 7: program error = bit 5 of RDSCUR 2Bh (P_FAIL) */
	EXTMEM_SIM_DW(0x95002b00),
	/* 8: erase error = bit 6 of RDSCUR 2Bh (E_FAIL) */
	EXTMEM_SIM_DW(0x96002b00),
	/* 9: variable dummy cycles, volatile: CR2 at 00000300h from bit 0,
	 *    read 71h, write 72h */
	EXTMEM_SIM_DW(0xb8037172),
	/* 10..19: not used by this part (no non-volatile copy) */
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	/* 20: octal (8S) mode enable, volatile: CR2 00000000h bit 0 (SOPI) */
	EXTMEM_SIM_DW(0x98007172),
	/* 21: non-volatile octal mode: none */
	EXTMEM_SIM_DW(0x00000000),
	/* 22: octal DTR (8D) enable, volatile: CR2 00000000h bit 1 (DOPI) */
	EXTMEM_SIM_DW(0x99007172),
	/* 23..28: none */
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),

	/* 0xF0: command sequences to octal DDR (FF0A): each 2 DWORDs, length
	 * byte first. 1: WREN 06h. 2: WRCR2 72h, address 00000000h, data 02h
	 * (DOPI). 3, 4: unused. */
	EXTMEM_SIM_DW(0x01060000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x06720000),
	EXTMEM_SIM_DW(0x00000200),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),

	/* 0x110: xSPI Profile 1.0 (FF05), 5 DWORDs */
	/* 1: 8D-8D-8D fast read EEh; read status in 8D needs a 4-byte address
	 *    and 4 dummy cycles (bits 29, 28); read SFDP in 8D takes 20 dummy
	 *    cycles (bit 30 = 1), as the datasheet's RDSFDP in OPI and the
	 *    sibling MX66UW1G345G's own table say */
	EXTMEM_SIM_DW(0x6000ee00),
	/* 2, 3: not encoded */
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	/* 4: 200 MHz: 20 dummy cycles, CR2 dummy pattern 000b */
	EXTMEM_SIM_DW((20u << 7) | (0u << 2)),
	/* 5: 166 MHz: 16 cycles (010b); 133 MHz: 12 (100b); 100 MHz: 10 (101b) */
	EXTMEM_SIM_DW((16u << 27) | (2u << 22) | (12u << 17) | (4u << 12) | (10u << 7) | (5u << 2)),

	/* 0x124: 4-byte address instructions (FF84) */
	/* 1: 13h read, 0Ch fast read, 12h page program, erase types 1 and 2 */
	EXTMEM_SIM_DW(0x00000643),
	/* 2: erase type 1 (4 KiB) 21h, type 2 (64 KiB) DCh */
	EXTMEM_SIM_DW(0xffffdc21),
};

const size_t extmem_sim_sfdp_mx66uw1g45g_len = sizeof(extmem_sim_sfdp_mx66uw1g45g);
