/* SPDX-License-Identifier: MIT */
/*
 * ISSI IS25WP256D (256 Mbit, 1.8 V quad SPI, JEDEC ID 9D 70 19): two images
 * encoded by the project from the IS25WP256D datasheet facts.
 *
 * 1. "IS25WP256D": the layout the part ships (SFDP 1.6, JESD216B BFPT of
 *    16 DWORDs, ISSI vendor table listed only).
 * 2. "IS25WP256D-JESD216F": the project's 23-DWORD JESD216F form of the same
 *    facts. No datasheet with JESD216F tables was at hand, so DWORDs 17-23
 *    are built from this part's documented commands: DTR reads 0Dh
 *    (1S-1D-1D), BDh (1S-2D-2D), EDh (1S-4D-4D and, in QPI, 4S-4D-4D), and
 *    its speed grades (133 MHz STR, 80 MHz DTR); no octal, no data strobe.
 *
 * Facts: 4 KiB sector 20h, 32 KiB block 52h, 64 KiB block D8h, 256 B page;
 * 3-byte default with 4-byte mode (B7h/E9h, bank register, or 4-byte
 * instructions); fast reads 3Bh/BBh/6Bh/EBh; QPI entered with 35h, left with
 * F5h; QE = status register bit 6 (QER 010b); suspend 75h, resume 7Ah;
 * power-down B9h / release ABh (3 us); reset 66h/99h; Vcc 1.65 V .. 1.95 V.
 * Times: page program typ 0.2 ms max 0.8 ms; 4 KiB erase typ 45 ms; 32 KiB
 * typ 130 ms; 64 KiB typ 150 ms; chip erase typ 60 s (SFDP encodes the
 * nearest steps, see the DWORD 10 comment).
 */
#include <stddef.h>
#include <stdint.h>

#include "sfdp_encode.h"

/* BFPT DWORDs 1..16, shared by both images. */
#define IS25WP256D_BFPT_1_16                                                                                           \
	/* 1: 4 KiB erase 20h; 64 B granularity; 1-1-2, 1-2-2, 1-4-4, 1-1-4; 3- or 4-byte; DTR */                      \
	EXTMEM_SIM_DW(0xfffb20e5),         /* 2: 2^28 bits - 1 (256 Mbit) */                                           \
		EXTMEM_SIM_DW(0x0fffffff), /* 3: 1-4-4 EBh 2 mode + 4 wait; 1-1-4 6Bh 8 wait */                        \
		EXTMEM_SIM_DW(0x6b08eb44), /* 4: 1-1-2 3Bh 8 wait; 1-2-2 BBh 4 mode + 0 wait */                        \
		EXTMEM_SIM_DW(0xbb803b08), /* 5: 4-4-4 supported, no 2-2-2 */                                          \
		EXTMEM_SIM_DW(0xfffffffe), EXTMEM_SIM_DW(0xff00ffff), /* 7: 4-4-4 EBh 2 mode + 4 wait */               \
		EXTMEM_SIM_DW(0xeb44ffff),                            /* 8: type 1 4 KiB 20h, type 2 32 KiB 52h */     \
		EXTMEM_SIM_DW(0x520f200c),                            /* 9: type 3 64 KiB D8h */                       \
		EXTMEM_SIM_DW(0xff00d810), /* 10: multiplier 2 * (3 + 1) = 8; type 1 (2+1) x 16 = 48 ms (45); type 2   \
					    * (0+1) x 128 ms (130); type 3 (8+1) x 16 = 144 ms (150) */                \
		EXTMEM_SIM_DW((3u << 0) | (2u << 4) | (1u << 9) | (0u << 11) | (2u << 16) | (8u << 18) |               \
			      (1u << 23)), /* 11: program multiplier 2 * (1 + 1) = 4 (0.8 / 0.2); page 256 B; page typ \
					    * (24+1) x 8 us = 200 us; chip erase typ (14+1) x 4 s = 60 s */            \
		EXTMEM_SIM_DW((1u << 0) | (8u << 4) | (24u << 8) | (14u << 24) | (2u << 29) |                          \
			      0x80000000u), /* 12: suspend/resume supported; latency (11+1) x 8 us = 96 us */          \
		EXTMEM_SIM_DW((11u << 13) | (2u << 18) | (11u << 24) | (2u << 29)), /* 13: resume 7Ah, suspend 75h */  \
		EXTMEM_SIM_DW(0x757a757a), /* 14: power-down B9h / ABh, (2+1) x 1 us; busy 05h bit 0 */                \
		EXTMEM_SIM_DW((0xb9u << 23) | (0xabu << 15) | (1u << 13) | (2u << 8) |                                 \
			      0xf4u),      /* 15: QER 010b; 4-4-4 enable 35h; disable F5h */                           \
		EXTMEM_SIM_DW(0xff200042), /* 16: enter 4-byte B7h, bank register, 4-byte instructions; exit E9h, bank \
					    * register, hardware reset, software reset, power cycle; reset 66h/99h;    \
					    * SR1 non-volatile 06h */                                                  \
		EXTMEM_SIM_DW((0x29u << 24) | (0xe9u << 14) | (0x10u << 8) | 0x01u)

const uint8_t extmem_sim_sfdp_is25wp256d[] = {
	EXTMEM_SIM_SFDP_HEADER(6, 1, 2, 0xff),
	EXTMEM_SIM_SFDP_PH(0xff00, 6, 1, 16, 0x030),
	EXTMEM_SIM_SFDP_PH(0xff9d, 5, 1, 2, 0x070),
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	EXTMEM_SIM_FF4,
	/* 0x30: BFPT */
	IS25WP256D_BFPT_1_16,
	/* 0x70: ISSI vendor table: Vcc min 1.65 V, max 1.95 V (BCD mV) */
	EXTMEM_SIM_DW(0x16501950),
	EXTMEM_SIM_DW(0xffffffff),
};

const size_t extmem_sim_sfdp_is25wp256d_len = sizeof(extmem_sim_sfdp_is25wp256d);

const uint8_t extmem_sim_sfdp_is25wp256d_f[] = {
	/* SFDP 1.10 (JESD216F), 1 parameter header */
	EXTMEM_SIM_SFDP_HEADER(10, 1, 1, 0xff),
	EXTMEM_SIM_SFDP_PH(0xff00, 10, 1, 23, 0x010),
	/* 0x10: BFPT, 23 DWORDs */
	IS25WP256D_BFPT_1_16,
	/* 17: no 1-1-8 / 1-8-8 */
	EXTMEM_SIM_DW(0x00000000),
	/* 18: no octal; no data strobe; no in-band reset */
	EXTMEM_SIM_DW(0x00000000),
	/* 19: no 8S-8S-8S */
	EXTMEM_SIM_DW(0x00000000),
	/* 20: 4S-4S-4S 133 MHz (code 6) without DS; 4S-4D-4D 80 MHz (code 4);
	 *     with DS and all octal modes: Fh (not supported) */
	EXTMEM_SIM_DW(0xfffff4f6),
	/* 21: 1S-1D-1D, 1S-2D-2D, 1S-4D-4D, 4S-4D-4D supported */
	EXTMEM_SIM_DW(0x0000000f),
	/* 22: 1S-1D-1D 0Dh 8 wait; 1S-2D-2D BDh 4 wait */
	EXTMEM_SIM_DW(0xbd040d08),
	/* 23: 1S-4D-4D EDh 6 wait; 4S-4D-4D EDh 6 wait */
	EXTMEM_SIM_DW(0xed06ed06),
};

const size_t extmem_sim_sfdp_is25wp256d_f_len = sizeof(extmem_sim_sfdp_is25wp256d_f);
