/* SPDX-License-Identifier: MIT */
/*
 * Infineon SEMPER S28HS512T (512 Mbit, 1.8 V, octal xSPI, JEDEC ID 34 5B 1A),
 * uniform 256 KiB sector option: SFDP image encoded by the project. The
 * datasheet's SFDP listing was out of reach: every field below is our own
 * encoding of the facts the descriptor (sim/parts/nor_parts.c) gives, in
 * JESD216D form, not a copy of the part's tables.
 *
 * Facts encoded: 3-byte addresses at power-on (CFR2 ADRBYT = 0), B7h enters
 * 4-byte mode; 4-byte commands 13h, 0Ch, 12h, DCh; one erase type in the
 * uniform option (256 KiB, D8h / DCh); 256-byte page (CFR3 PGMBUF = 0);
 * SR1 05h: RDYBSY bit 0, WRPGEN bit 1, ERSERR bit 5, PRGERR bit 6; CFR2V
 * (00800003h) MEMLAT bits 3:0, CFR5V (00800006h) OPI-IT bit 0, SDRDDR bit 1,
 * read with RDARG 65h, written with WRARG 71h; in octal every command
 * repeats its opcode as the extension, 8D read EEh, SFDP read 5Ah with 4
 * address bytes and 8 dummy cycles (Cypress SMIF S28H driver's command
 * set and latency tables). No FF0A table: octal is entered through the
 * SCCR map alone (DWORDs 16 and 18: octal mode enable and STR/DTR select).
 * Program/erase times are the descriptor's recalled typicals; the xSPI
 * profile's latency per speed grade is our choice (see the descriptor).
 */
#include <stddef.h>
#include <stdint.h>

#include "sfdp_encode.h"

const uint8_t extmem_sim_sfdp_s28hs512t[] = {
	/* 0x00: SFDP 1.8, 4 parameter headers, access protocol FDh (xSPI-era part) */
	EXTMEM_SIM_SFDP_HEADER(8, 1, 4, 0xfd),
	/* 0x08: parameter headers */
	EXTMEM_SIM_SFDP_PH(0xff00, 8, 1, 20, 0x030), /* BFPT 1.8, 20 DWORDs */
	EXTMEM_SIM_SFDP_PH(0xff87, 0, 1, 28, 0x080), /* SCCR map 1.0, 28 DWORDs */
	EXTMEM_SIM_SFDP_PH(0xff05, 0, 1, 5, 0x0f0),  /* xSPI Profile 1.0, 5 DWORDs */
	EXTMEM_SIM_SFDP_PH(0xff84, 0, 1, 2, 0x104),  /* 4-byte address instructions */
	/* 0x28: unused */
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,

	/* 0x30: BFPT */
	/* 1: no 4 KiB erase (11b: uniform 256 KiB option); write granularity
	 *    >= 64 B; 3- or 4-byte address; DTR supported; no dual/quad reads */
	EXTMEM_SIM_DW(0xff8affe7),
	/* 2: density 2^29 bits - 1 (512 Mbit = 64 MiB) */
	EXTMEM_SIM_DW(0x1fffffff),
	/* 3, 4: 1-4-4, 1-1-4, 1-1-2, 1-2-2 not supported (x1/x8 part) */
	EXTMEM_SIM_DW(0xff00ff00),
	EXTMEM_SIM_DW(0xff00ff00),
	/* 5: no 2-2-2, no 4-4-4 */
	EXTMEM_SIM_DW(0xffffffee),
	/* 6, 7: 2-2-2 and 4-4-4 fields unused */
	EXTMEM_SIM_DW(0xff00ffff),
	EXTMEM_SIM_DW(0xff00ffff),
	/* 8: erase type 1 = 256 KiB (2^18) D8h; type 2 absent */
	EXTMEM_SIM_DW(0xff00d812),
	/* 9: erase types 3 and 4 absent */
	EXTMEM_SIM_DW(0xff00ff00),
	/* 10: max = 2 * (1 + 1) * typical; type 1 typ (6+1) x 128 ms = 896 ms */
	EXTMEM_SIM_DW(0x00000461),
	/* 11: program max = 2 * (2 + 1) x typ; page 2^8 = 256 B; page program
	 *     typ (4+1) x 64 us = 320 us; first byte (1+1) x 8 us, next bytes
	 *     (1+1) x 1 us; chip erase typ (3+1) x 64 s = 256 s */
	EXTMEM_SIM_DW(0x630c6482),
	/* 12, 13: suspend/resume not described (the model does not run it) */
	EXTMEM_SIM_DW(0xffffffff),
	EXTMEM_SIM_DW(0xffffffff),
	/* 14: deep power-down not described; busy polling: SR1 05h bit 0 */
	EXTMEM_SIM_DW(0xfffffff4),
	/* 15: no quad enable bit (QER 000b), no 4-4-4, no 0-4-4 */
	EXTMEM_SIM_DW(0xff000000),
	/* 16: enter 4-byte addressing: B7h, dedicated 4-byte instructions;
	 *     exit: hardware reset, software reset, power cycle; soft reset
	 *     66h then 99h; status register 1 mixed volatile/non-volatile */
	EXTMEM_SIM_DW(0x21381010),
	/* 17: 1-1-8 and 1-8-8 not supported */
	EXTMEM_SIM_DW(0x00000000),
	/* 18: 8D-8D-8D command extension = the same opcode (00b); byte order
	 *     in 8D-8D-8D same as 1S-1S-1S */
	EXTMEM_SIM_DW(0x00000000),
	/* 19: no 8S-8S-8S entry command (the SCCR map names the bits);
	 *     disable: soft reset 66h/99h; no octal enable bit */
	EXTMEM_SIM_DW(0x00000008),
	/* 20: max speed 8S-8S-8S and 8D-8D-8D, with and without DQS: 200 MHz
	 *     (code 8); 4S modes not supported (Fh) */
	EXTMEM_SIM_DW(0x8888ffff),

	/* 0x80: SCCR map (FF87), 28 DWORDs */
	/* 1, 2: volatile register set at 00800000h, non-volatile at 0 */
	EXTMEM_SIM_DW(0x00800000),
	EXTMEM_SIM_DW(0x00000000),
	/* 3, 4: generic addressed register access: not described */
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	/* 5: WIP = bit 0 of RDSR1 05h, 1 = busy */
	EXTMEM_SIM_DW(0x80000500),
	/* 6: WEL = bit 1 of RDSR1 05h, set by WREN 06h */
	EXTMEM_SIM_DW(0xa1000506),
	/* 7: program error = bit 6 of RDSR1 05h (PRGERR) */
	EXTMEM_SIM_DW(0x86000500),
	/* 8: erase error = bit 5 of RDSR1 05h (ERSERR) */
	EXTMEM_SIM_DW(0x85000500),
	/* 9: variable dummy cycles, volatile: CFR2V (offset 03h) from bit 0,
	 *    read RDARG 65h, write WRARG 71h, addressed */
	EXTMEM_SIM_DW(0xb0036571),
	/* 10..15: not described */
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	/* 16: octal mode enable, volatile: CFR5V (offset 06h) bit 0 OPI-IT */
	EXTMEM_SIM_DW(0x90066571),
	/* 17: non-volatile copy not described */
	EXTMEM_SIM_DW(0x00000000),
	/* 18: STR or DTR select, volatile: CFR5V bit 1 SDRDDR, 1 = DTR */
	EXTMEM_SIM_DW(0x91066571),
	/* 19..28: not described */
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

	/* 0xF0: xSPI Profile 1.0 (FF05), 5 DWORDs */
	/* 1: 8D-8D-8D fast read EEh; read status in 8D with a 4-byte address
	 *    (bit 29) and 4 dummy cycles (bit 28 clear: the field can say only
	 *    4 or 8, the part takes 3, see sfdp_fixups.c); read SFDP in 8D with
	 *    8 dummy cycles (bit 30 clear) */
	EXTMEM_SIM_DW(0x2000ee00),
	/* 2, 3: not encoded */
	EXTMEM_SIM_DW(0x00000000),
	EXTMEM_SIM_DW(0x00000000),
	/* 4: 200 MHz: 20 dummy cycles, MEMLAT pattern 8 (the power-on setting) */
	EXTMEM_SIM_DW((20u << 7) | (8u << 2)),
	/* 5: 166 MHz: 16 cycles (MEMLAT 6); 133 MHz: 12 (4); 100 MHz: 10 (3) */
	EXTMEM_SIM_DW((16u << 27) | (6u << 22) | (12u << 17) | (4u << 12) | (10u << 7) | (3u << 2)),

	/* 0x104: 4-byte address instructions (FF84) */
	/* 1: 13h read, 0Ch fast read, 12h page program, erase type 1 */
	EXTMEM_SIM_DW(0x00000243),
	/* 2: erase type 1 (256 KiB) DCh */
	EXTMEM_SIM_DW(0xffffffdc),
};

const size_t extmem_sim_sfdp_s28hs512t_len = sizeof(extmem_sim_sfdp_s28hs512t);
