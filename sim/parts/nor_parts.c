/* SPDX-License-Identifier: MIT */
/*
 * Serial NOR part descriptors. Every number is a datasheet fact or a value
 * the part reports in its own SFDP tables; timing_source/timing_note say
 * which. Where a number is approximate, the comment says so.
 */
#include <string.h>

#include "extmem_sim/parts.h"

#define KIB 1024u
#define MIB (1024u * 1024u)
#define MHZ 1000000u

/*
 * Macronix OctaFlash CR2 0x300 DC[2:0] -> dummy cycles (20 at reset) and the
 * clock each supports. Listed points (MX66UW1G45G xSPI profile in its SFDP):
 * 20 @ 200 MHz, 16 @ 166, 12 @ 133, 10 @ 100. A code between two points gets
 * the lower point's clock; 8 and 6 cycles are approximate.
 */
#define MX_UW_DUMMY_STEPS                                                                                              \
	{                                                                                                              \
		{20, 200 * MHZ}, {18, 166 * MHZ}, {16, 166 * MHZ}, {14, 133 * MHZ}, {12, 133 * MHZ}, {10, 100 * MHZ},  \
			{8, 84 * MHZ}, {6, 66 * MHZ},                                                                  \
	}

/* The 133 MHz 3 V part: same codes, lower ceiling (approximate for the short settings). */
#define MX_LM_DUMMY_STEPS                                                                                              \
	{                                                                                                              \
		{20, 133 * MHZ}, {18, 133 * MHZ}, {16, 133 * MHZ}, {14, 133 * MHZ}, {12, 133 * MHZ}, {10, 104 * MHZ},  \
			{8, 84 * MHZ}, {6, 66 * MHZ},                                                                  \
	}

/*
 * OctaFlash register-write and reset figures. tW (WRSR) is the datasheet's
 * maximum, 40 ms (the AC table gives no typical; ST's MX25UW25645G and
 * MX25LM51245G component drivers use the same figure as WRITE_REG_MAX_TIME).
 * CR2 is volatile: no write cycle. Reset recovery when a reset interrupts an
 * erase: 100 ms (ST's RESET_MAX_TIME "when SWreset during erase"); from idle
 * 40 us (datasheet tREADY2, recalled, not re-read in this revision).
 */
#define MX_OCTAL_BUSY_NOTE                                                                                             \
	"tW 40 ms max (datasheet AC table; ST component WRITE_REG_MAX_TIME); CR2 volatile; tRST 40 us idle (tREADY2, " \
	"recalled), 100 ms during erase (ST component RESET_MAX_TIME)"

/* The OctaFlash family shares its command set and erase/program table. */
#define MX_OCTAL_COMMON                                                                                                \
	.page_size = 256, .family = EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL,                                              \
	.erase = {{4 * KIB, 0x20, 0x21, 25000, 400000}, {64 * KIB, 0xD8, 0xDC, 220000, 2000000}},                      \
	.chip_ops = {0x60, 0xC7}, .pp_typ_us = 150, .pp_max_us = 750,                                                  \
	.timing_source = EXTMEM_SIM_NOR_TIMING_DATASHEET, .qe = EXTMEM_SIM_NOR_QE_NONE,                                \
	.qpi = EXTMEM_SIM_NOR_QPI_NONE, .octal = EXTMEM_SIM_NOR_OCTAL_MX_CR2, .addr4 = EXTMEM_SIM_NOR_ADDR_B7_E9,      \
	.dedicated_4b = true, .max_hz_read03 = 50 * MHZ, .lat_fast_1s = 8, .lat_sfdp = 8, .lat_sfdp_oct = 20,          \
	.lat_reg_8s = 4, .dummy_default_code = 0, .bp_unit = 64 * KIB, .wrsr_typ_us = 40000, .wrvr_typ_us = 0,         \
	.rst_idle_us = 40, .rst_busy_us = 100000, .busy_note = MX_OCTAL_BUSY_NOTE

const struct extmem_sim_nor_part extmem_sim_part_mx66uw1g45g = {
	.name = "MX66UW1G45G",
	.sfdp_name = "MX66UW1G45G",
	.id = {0xC2, 0x81, 0x3B},
	.size = 128 * MIB,
	MX_OCTAL_COMMON,
	/* tCE as the part's SFDP states it (BFPT DWORD 11: 3 x 64 s). */
	.chip_typ_ms = 192000,
	.chip_max_ms = 384000,
	.timing_note = "MX66UW1G45G datasheet erase/program performance (tPP 0.15 ms, tSE 25 ms, tBE 220 ms); tCE from "
		       "its SFDP (192 s)",
	.max_hz_spi = 133 * MHZ,
	.max_hz_str = 200 * MHZ,
	.max_hz_dtr = 200 * MHZ,
	.lat_reg_8d = 4,
	.dummy_steps = MX_UW_DUMMY_STEPS,
};

const struct extmem_sim_nor_part extmem_sim_part_mx25uw25645g = {
	.name = "MX25UW25645G",
	.sfdp_name = "MX25UW25645G",
	.id = {0xC2, 0x81, 0x39},
	.size = 32 * MIB,
	MX_OCTAL_COMMON,
	.chip_typ_ms = 75000,
	.chip_max_ms = 150000,
	.timing_note = "MX25UW25645G datasheet, erase and programming performance (tPP, tSE, tBE, tCE typ/max)",
	.max_hz_spi = 133 * MHZ,
	.max_hz_str = 200 * MHZ,
	.max_hz_dtr = 200 * MHZ,
	/* ST's MX25UW25645G BSP reads registers in 8D with 4 dummy cycles. */
	.lat_reg_8d = 4,
	.dummy_steps = MX_UW_DUMMY_STEPS,
};

const struct extmem_sim_nor_part extmem_sim_part_mx25lm51245g = {
	.name = "MX25LM51245G",
	.sfdp_name = "MX25LM51245G",
	.id = {0xC2, 0x85, 0x3A},
	.size = 64 * MIB,
	MX_OCTAL_COMMON,
	.chip_typ_ms = 150000,
	.chip_max_ms = 300000,
	.timing_note = "MX25LM51245G datasheet, erase and programming performance (tPP, tSE, tBE, tCE typ/max)",
	.max_hz_spi = 133 * MHZ,
	.max_hz_str = 133 * MHZ,
	.max_hz_dtr = 133 * MHZ,
	/*
	 * Register reads in 8D take 4 dummy cycles: the part's xSPI Profile
	 * (FF05) states it, and that field can only say 4 or 8. (ST's BSP uses 5
	 * with its own controller timing; the part's table wins here.)
	 */
	.lat_reg_8d = 4,
	.dummy_steps = MX_LM_DUMMY_STEPS,
};

const struct extmem_sim_nor_part extmem_sim_part_mt25ql256 = {
	.name = "MT25QL256",
	.sfdp_name = "MT25QL256ABA",
	.id = {0x20, 0xBA, 0x19},
	.size = 32 * MIB,
	.page_size = 256,
	.family = EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD,
	.erase = {{4 * KIB, 0x20, 0x21, 50000, 400000},
		  {32 * KIB, 0x52, 0x5C, 100000, 1000000},
		  {64 * KIB, 0xD8, 0xDC, 150000, 1000000}},
	.chip_ops = {0xC7, 0x60},
	.chip_typ_ms = 153000,
	.chip_max_ms = 460000,
	.pp_typ_us = 120,
	.pp_max_us = 1800,
	.timing_source = EXTMEM_SIM_NOR_TIMING_DATASHEET,
	.timing_note = "MT25QL256ABA datasheet, program/erase specifications (tPP, tSSE, tSE, tBE typ/max)",
	/* WRITE STATUS REGISTER cycle 1.3 ms typ (8 ms max); VCR/EVCR are volatile, instant. */
	.wrsr_typ_us = 1300,
	.rst_idle_us = 40,
	.rst_busy_us = 30000,
	.busy_note = "tW 1.3 ms typ (MT25Q program/erase specifications, recalled); VCR/EVCR volatile; reset recovery "
		     "40 us idle and 30 ms during program/erase: assumed, no datasheet figure at hand",
	.qe = EXTMEM_SIM_NOR_QE_ALWAYS,
	.qpi = EXTMEM_SIM_NOR_QPI_35_F5_EVCR,
	.addr4 = EXTMEM_SIM_NOR_ADDR_B7_E9_WEL,
	.dedicated_4b = true,
	.max_hz_read03 = 66 * MHZ,
	.max_hz_spi = 133 * MHZ,
	.max_hz_str = 133 * MHZ,
	.max_hz_dtr = 90 * MHZ,
	.lat_fast_1s = 8,
	.lat_112 = 8,
	.lat_122 = 8,
	.lat_114 = 8,
	.lat_144 = 10,
	.lat_fast_4s = 10,
	.lat_sfdp = 8,
	.bp_unit = 64 * KIB,
};

const struct extmem_sim_nor_part extmem_sim_part_w25q128jv = {
	.name = "W25Q128JV",
	.sfdp_name = "W25Q128JV",
	.id = {0xEF, 0x40, 0x18},
	.size = 16 * MIB,
	.page_size = 256,
	.family = EXTMEM_SIM_NOR_FAMILY_WINBOND_QUAD,
	.erase = {{4 * KIB, 0x20, 0, 45000, 400000},
		  {32 * KIB, 0x52, 0, 120000, 1600000},
		  {64 * KIB, 0xD8, 0, 150000, 2000000}},
	.chip_ops = {0xC7, 0x60},
	.chip_typ_ms = 40000,
	.chip_max_ms = 200000,
	.pp_typ_us = 400,
	.pp_max_us = 3000,
	.wrsr_typ_us = 10000,
	.timing_source = EXTMEM_SIM_NOR_TIMING_DATASHEET,
	.timing_note = "W25Q128JV datasheet, AC electrical characteristics (tW, tPP, tSE, tBE1, tBE2, tCE typ/max)",
	.rst_idle_us = 30,
	.rst_busy_us = 30,
	.busy_note = "W25Q128JV AC electrical characteristics: tW 10 ms typ (15 max) for non-volatile status writes, "
		     "none after 50h (volatile); tRST 30 us, also when the reset interrupts a program or erase",
	.qe = EXTMEM_SIM_NOR_QE_SR2_BIT1,
	.qpi = EXTMEM_SIM_NOR_QPI_NONE,
	.addr4 = EXTMEM_SIM_NOR_ADDR_3ONLY,
	.max_hz_read03 = 50 * MHZ,
	.max_hz_spi = 133 * MHZ,
	.max_hz_str = 133 * MHZ,
	.max_hz_dtr = 133 * MHZ,
	.lat_fast_1s = 8,
	.lat_112 = 8,
	.lat_122 = 4,
	.lat_114 = 8,
	.lat_144 = 6, /* M7-0 (2 clocks) + 4 dummy */
	.lat_sfdp = 8,
	.cont_mask = 0x30, /* M5-4 = 10b: continuous read */
	.cont_match = 0x20,
	.bp_unit = 256 * KIB, /* BP2..0 = 1 protects the upper 256 KiB (SEC = CMP = 0) */
};

const struct extmem_sim_nor_part extmem_sim_part_is25wp256 = {
	.name = "IS25WP256",
	.sfdp_name = "IS25WP256D",
	.id = {0x9D, 0x70, 0x19},
	.size = 32 * MIB,
	.page_size = 256,
	.family = EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD,
	/* Maxima: 8 x typical, the erase multiplier of the project's IS25WP256D SFDP image. */
	.erase = {{4 * KIB, 0x20, 0x21, 45000, 360000},
		  {32 * KIB, 0x52, 0x5C, 130000, 1040000},
		  {64 * KIB, 0xD8, 0xDC, 150000, 1200000}},
	.chip_ops = {0xC7, 0x60},
	.chip_typ_ms = 60000,
	.chip_max_ms = 240000,
	.pp_typ_us = 200,
	.pp_max_us = 800,
	.timing_source = EXTMEM_SIM_NOR_TIMING_DATASHEET,
	.timing_note =
		"IS25WP256D datasheet typicals (tPP 0.2/0.8 ms, tSE 45 ms, tBE32 130 ms, tBE64 150 ms, tCE 60 s); "
		"erase/chip maxima from the SFDP multipliers",
	.wrsr_typ_us = 2000,
	.rst_idle_us = 100,
	.rst_busy_us = 100,
	.busy_note = "IS25WP256D datasheet: tW (write status register) 2 ms typ, recalled; read parameters volatile; "
		     "software reset recovery 100 us: assumed, no datasheet figure at hand",
	.qe = EXTMEM_SIM_NOR_QE_SR1_BIT6,
	.qpi = EXTMEM_SIM_NOR_QPI_35_F5,
	/* EX4B is 29h; the part's own SFDP (DWORD 16) lists no E9h exit. */
	.addr4 = EXTMEM_SIM_NOR_ADDR_B7_29,
	.dedicated_4b = true,
	.max_hz_read03 = 80 * MHZ, /* "80MHz Normal Read" */
	.max_hz_spi = 133 * MHZ,
	.max_hz_str = 133 * MHZ,
	.max_hz_dtr = 80 * MHZ,
	.lat_fast_1s = 8,
	.lat_112 = 8,
	.lat_122 = 4,
	.lat_114 = 8,
	.lat_144 = 6,
	.lat_fast_4s = 6,
	.lat_sfdp = 8,
	.cont_mask = 0xF0, /* mode AXh: continuous ("AX") read */
	.cont_match = 0xA0,
	.bp_unit = 64 * KIB,
};

/* D8h erases 8 KiB at both ends, then 32 KiB, 64 KiB in between. */
static const struct extmem_sim_nor_region sst26vf064b_map[] = {
	{0, 32 * KIB, 8 * KIB},
	{32 * KIB, 32 * KIB, 32 * KIB},
	{64 * KIB, 8 * MIB - 128 * KIB, 64 * KIB},
	{8 * MIB - 64 * KIB, 32 * KIB, 32 * KIB},
	{8 * MIB - 32 * KIB, 32 * KIB, 8 * KIB},
};

const struct extmem_sim_nor_part extmem_sim_part_sst26vf064b = {
	.name = "SST26VF064B",
	.sfdp_name = "SST26VF064B",
	.id = {0xBF, 0x26, 0x43},
	.size = 8 * MIB,
	.page_size = 256,
	.family = EXTMEM_SIM_NOR_FAMILY_SST26,
	.erase = {{4 * KIB, 0x20, 0, 18000, 25000}},
	.map = sst26vf064b_map,
	.map_count = 5,
	.map_op = 0xD8,
	.map_typ_us = 18000,
	.map_max_us = 25000,
	.chip_ops = {0xC7, 0},
	.chip_typ_ms = 35,
	.chip_max_ms = 50,
	.pp_typ_us = 1000,
	.pp_max_us = 1500,
	.timing_source = EXTMEM_SIM_NOR_TIMING_DATASHEET,
	.timing_note = "SST26VF064B datasheet (tSE = tBE 18/25 ms, tSCE 35/50 ms, tPP 1.0/1.5 ms)",
	.rst_idle_us = 1,
	.rst_busy_us = 1,
	.busy_note = "SST26VF064B: WRSR (configuration register) and reset take effect at CE# high in the model; no "
		     "datasheet figure at hand for a write cycle or a reset recovery (assumed 0 and 1 us)",
	.qe = EXTMEM_SIM_NOR_QE_SST26_IOC,
	.qpi = EXTMEM_SIM_NOR_QPI_38_FF,
	.addr4 = EXTMEM_SIM_NOR_ADDR_3ONLY,
	.max_hz_read03 = 40 * MHZ,
	.max_hz_spi = 104 * MHZ,
	.max_hz_str = 104 * MHZ,
	.max_hz_dtr = 104 * MHZ,
	.lat_fast_1s = 8,
	.lat_112 = 8,
	.lat_122 = 4,
	.lat_114 = 8,
	.lat_144 = 6, /* mode byte + 2 dummy bytes on four lines */
	.lat_fast_4s = 6,
	.lat_sfdp = 8,
	.powerup_locked = true,
};

/*
 * Micron MT35XU02G: 2 Gbit 1.8 V xSPI octal. Times are the typicals (and
 * multiplier maxima) of its own SFDP tables: no datasheet timing table was at
 * hand. Octal DDR is entered by writing E7h to VCR address 0 (81h); in octal
 * every command repeats its opcode as the extension ("same").
 */
const struct extmem_sim_nor_part extmem_sim_part_mt35xu02g = {
	.name = "MT35XU02G",
	.sfdp_name = "MT35XU02G",
	.id = {0x2C, 0x5B, 0x1C},
	.size = 256 * MIB,
	.page_size = 256,
	.family = EXTMEM_SIM_NOR_FAMILY_MICRON_OCTAL,
	.erase = {{4 * KIB, 0x20, 0x21, 48000, 480000},
		  {32 * KIB, 0x52, 0x5C, 112000, 1120000},
		  {128 * KIB, 0xD8, 0xDC, 192000, 1920000}},
	.chip_ops = {0xC7, 0x60},
	.chip_typ_ms = 128000,
	.chip_max_ms = 1280000,
	.pp_typ_us = 120,
	.pp_max_us = 2880,
	.timing_source = EXTMEM_SIM_NOR_TIMING_SFDP,
	.timing_note = "MT35XU02G SFDP BFPT typicals (DWORDs 10-11) with its multipliers for the maxima",
	.wrsr_typ_us = 1300,
	.rst_idle_us = 40,
	.rst_busy_us = 30000,
	.busy_note = "no MT35X datasheet figure at hand: tW assumed as the MT25Q's 1.3 ms, reset recovery 40 us idle "
		     "and 30 ms during program/erase assumed; VCR volatile (no write cycle)",
	.qe = EXTMEM_SIM_NOR_QE_NONE,
	.qpi = EXTMEM_SIM_NOR_QPI_NONE,
	.octal = EXTMEM_SIM_NOR_OCTAL_MICRON_VCR,
	.octal_ext_same = true,
	/* SFDP DWORD 16: B7h with or without WREN, E9h exit. */
	.addr4 = EXTMEM_SIM_NOR_ADDR_B7_E9,
	.dedicated_4b = true,
	.max_hz_read03 = 50 * MHZ,
	.max_hz_spi = 133 * MHZ,
	.max_hz_str = 200 * MHZ,
	.max_hz_dtr = 200 * MHZ,
	.lat_fast_1s = 8,
	.lat_sfdp = 8,
	.lat_sfdp_oct = 8,
	.lat_reg_8s = 8,
	.lat_reg_8d = 8,
	/* Octal reads: 16 dummy cycles by default (VCR address 1 = FFh). */
	.dummy_steps = {{16, 200 * MHZ}},
	.bp_unit = 128 * KIB,
};

/*
 * Spansion/Infineon S25FL128S, uniform 256 KiB sector option (512-byte page
 * buffer). SR1: BP2..0, E_ERR bit 5, P_ERR bit 6 (a set error bit holds WIP
 * at 1 until CLSR 30h); CR1 35h: QUAD bit 1, TBPROT bit 5, LC bits 7:6. WRR
 * 01h writes SR1, or SR1 and CR1 with two bytes. Software reset F0h.
 */
const struct extmem_sim_nor_part extmem_sim_part_s25fl128s = {
	.name = "S25FL128S",
	.sfdp_name = "S25FL128S",
	.id = {0x01, 0x20, 0x18},
	.size = 16 * MIB,
	.page_size = 512,
	.family = EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD,
	.erase = {{256 * KIB, 0xD8, 0xDC, 520000, 2600000}},
	.chip_ops = {0x60, 0xC7},
	.chip_typ_ms = 33000,
	.chip_max_ms = 165000,
	.pp_typ_us = 340,
	.pp_max_us = 750,
	.timing_source = EXTMEM_SIM_NOR_TIMING_DATASHEET,
	.timing_note = "S25FL-S datasheet program and erase performance (512-byte page 340/750 us, 256 KiB sector "
		       "520/2600 ms, bulk erase 33/165 s); figures recalled, not re-read in this revision",
	.wrsr_typ_us = 140000,
	.rst_idle_us = 35,
	.rst_busy_us = 35,
	.busy_note = "WRR tW 140 ms typ (S25FL-S datasheet, recalled); software reset recovery 35 us assumed from the "
		     "hardware reset tRPH, also during program/erase",
	.qe = EXTMEM_SIM_NOR_QE_CR1_BIT1,
	.qpi = EXTMEM_SIM_NOR_QPI_NONE,
	.addr4 = EXTMEM_SIM_NOR_ADDR_3ONLY,
	.dedicated_4b = true,
	.max_hz_read03 = 50 * MHZ,
	.max_hz_spi = 133 * MHZ,
	.max_hz_str = 133 * MHZ,
	.max_hz_dtr = 66 * MHZ,
	.lat_fast_1s = 8,
	.lat_112 = 8,
	.lat_122 = 4,
	.lat_114 = 8,
	.lat_144 = 6,
	.lat_sfdp = 8,
	.cont_mask = 0xF0, /* mode Axh: continuous read */
	.cont_match = 0xA0,
	.bp_unit = 256 * KIB, /* BP = 1: the top 1/64 */
};

/*
 * Macronix MX25L25635F: 256 Mbit 3 V quad. SR: SRWD, QE (bit 6), BP3..0;
 * CR (15h, written as WRSR's second byte): TB bit 3 (one-time); security
 * register 2Bh: P_FAIL bit 5, E_FAIL bit 6 (datasheet security register
 * table), cleared when the next program or erase starts. EQIO 35h / RSTQIO
 * F5h; EN4B B7h / EX4B E9h with no WREN. Its SFDP is JESD216 1.0 (9 DWORDs):
 * no quad enable requirement, page size or times.
 */
const struct extmem_sim_nor_part extmem_sim_part_mx25l25635f = {
	.name = "MX25L25635F",
	.sfdp_name = "MX25L25635F",
	.id = {0xC2, 0x20, 0x19},
	.size = 32 * MIB,
	.page_size = 256,
	.family = EXTMEM_SIM_NOR_FAMILY_MACRONIX_QUAD,
	.erase = {{4 * KIB, 0x20, 0x21, 43000, 200000},
		  {32 * KIB, 0x52, 0x5C, 160000, 1000000},
		  {64 * KIB, 0xD8, 0xDC, 280000, 2000000}},
	.chip_ops = {0x60, 0xC7},
	.chip_typ_ms = 150000,
	.chip_max_ms = 300000,
	.pp_typ_us = 330,
	.pp_max_us = 1200,
	.timing_source = EXTMEM_SIM_NOR_TIMING_DATASHEET,
	.timing_note = "MX25L25635F datasheet erase and programming performance (tPP 0.33/1.2 ms, tSE 43/200 ms, "
		       "tBE32 0.16/1 s, tBE64 0.28/2 s, tCE 150/300 s): recalled, approximate, not re-read",
	.wrsr_typ_us = 10000,
	.rst_idle_us = 40,
	.rst_busy_us = 40000,
	.busy_note = "tW: 40 ms max in the datasheet (recalled), 10 ms typ assumed; reset recovery 40 us idle, "
		     "40 ms when it interrupts an erase (assumed, as the OctaFlash tREADY2 order)",
	.qe = EXTMEM_SIM_NOR_QE_SR1_BIT6,
	.qpi = EXTMEM_SIM_NOR_QPI_35_F5,
	.addr4 = EXTMEM_SIM_NOR_ADDR_B7_E9,
	.dedicated_4b = true,
	.max_hz_read03 = 50 * MHZ,
	.max_hz_spi = 133 * MHZ,
	.max_hz_str = 104 * MHZ,
	.max_hz_dtr = 104 * MHZ,
	.lat_fast_1s = 8,
	.lat_112 = 8,
	.lat_122 = 4,
	.lat_114 = 8,
	.lat_144 = 6,
	.lat_fast_4s = 6,
	.lat_sfdp = 8,
	.bp_unit = 64 * KIB,
};

/*
 * S25FL128S in its 64 KiB-sector option (256-byte page): 32 x 4 KiB
 * parameter sectors (P4E 20h / 4P4E 21h) at the bottom, or at the top with
 * CR1 TBPARM set; 64 KiB sectors (SE D8h / 4SE DCh) elsewhere. Its SFDP
 * image adds a sector map table the real part does not carry (see
 * sim/sfdp/s25fl128s_64k.c). Not in the all-parts list yet: the power sweep
 * (tests/nor/test_nor_power.c) does not cover the S25FL-S family.
 */
const struct extmem_sim_nor_part extmem_sim_part_s25fl128s_64k = {
	.name = "S25FL128S-64K",
	.sfdp_name = "S25FL128S-64K",
	.id = {0x01, 0x20, 0x18},
	.size = 16 * MIB,
	.page_size = 256,
	.family = EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD,
	.erase = {{4 * KIB, 0x20, 0x21, 130000, 650000}, {64 * KIB, 0xD8, 0xDC, 130000, 650000}},
	.param_size = 128 * KIB,
	.chip_ops = {0x60, 0xC7},
	.chip_typ_ms = 33000,
	.chip_max_ms = 165000,
	.pp_typ_us = 250,
	.pp_max_us = 750,
	.timing_source = EXTMEM_SIM_NOR_TIMING_DATASHEET,
	.timing_note = "S25FL-S datasheet program and erase performance (256-byte page 250/750 us, 4 KiB parameter "
		       "and 64 KiB sector 130/650 ms, bulk erase 33/165 s); figures recalled, not re-read",
	.wrsr_typ_us = 140000,
	.rst_idle_us = 35,
	.rst_busy_us = 35,
	.busy_note = "as the S25FL128S uniform option: WRR tW 140 ms typ (recalled); reset recovery 35 us assumed",
	.qe = EXTMEM_SIM_NOR_QE_CR1_BIT1,
	.qpi = EXTMEM_SIM_NOR_QPI_NONE,
	.addr4 = EXTMEM_SIM_NOR_ADDR_3ONLY,
	.dedicated_4b = true,
	.max_hz_read03 = 50 * MHZ,
	.max_hz_spi = 133 * MHZ,
	.max_hz_str = 133 * MHZ,
	.max_hz_dtr = 66 * MHZ,
	.lat_fast_1s = 8,
	.lat_112 = 8,
	.lat_122 = 4,
	.lat_114 = 8,
	.lat_144 = 6,
	.lat_sfdp = 8,
	.cont_mask = 0xF0,
	.cont_match = 0xA0,
	.bp_unit = 256 * KIB,
};

/*
 * Infineon SEMPER S28HS512T: 512 Mbit 1.8 V octal xSPI, modelled in its
 * uniform 256 KiB sector option (CFR3 UNHYSA = 1; the factory default is the
 * hybrid map with 4 KiB sectors). Octal is entered only through CFR5V
 * (00800006h, WRARG 71h): bit 0 OPI-IT, bit 1 SDRDDR; there is no FF0A
 * sequence. Register layout, command set, read latency by CFR2 MEMLAT
 * (1S: code = cycles; octal: 5, 6, 8, 10 .. 20 at code 8 .. 28) and register
 * latency by CFR3 VRGLAT (1S RDARG 0, octal 3 at code 0) are from the
 * Cypress SMIF S28H driver's register and latency tables (read for facts);
 * CFR5 OPI-IT/SDRDDR agree with Linux's S28HS driver (CFR5V value 3 for
 * octal DTR). Program/erase times and register-write/reset times: the
 * datasheet's tables were out of reach, so they are recalled approximations
 * (said in timing_note/busy_note), and the octal latency per clock in
 * dummy_steps is our choice with 20 cycles at 200 MHz (Linux and U-Boot
 * call 20 the part's default). An error bit holds RDYBSY at 1 until CLPEF
 * 82h, as on the S25FL-S (Linux's S28HS driver clears the flags the same
 * way; 30h is resume on SEMPER, E9h password unlock).
 */
const struct extmem_sim_nor_part extmem_sim_part_s28hs512t = {
	.name = "S28HS512T",
	.sfdp_name = "S28HS512T",
	.id = {0x34, 0x5B, 0x1A},
	.size = 64 * MIB,
	.page_size = 256,
	.family = EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL,
	.erase = {{256 * KIB, 0xD8, 0xDC, 896000, 3584000}},
	.chip_ops = {0x60, 0xC7},
	.chip_typ_ms = 256000,
	.chip_max_ms = 1024000,
	.pp_typ_us = 320,
	.pp_max_us = 1920,
	.timing_source = EXTMEM_SIM_NOR_TIMING_DATASHEET,
	.timing_note = "S28HS512T program/erase performance recalled, approximate, not re-read (datasheet out of "
		       "reach): 256-byte page 0.32/1.92 ms, 256 KiB sector 0.9/3.6 s, chip 256/1024 s; the same "
		       "figures are the typicals of its SFDP image",
	.wrsr_typ_us = 100000,
	.rst_idle_us = 450,
	.rst_busy_us = 450,
	.busy_note = "CFRnN (non-volatile) write tW 100 ms assumed; CFRnV volatile (no write cycle); software reset "
		     "and tRPH recovery 450 us recalled, also during program/erase (not re-read)",
	.qe = EXTMEM_SIM_NOR_QE_NONE,
	.qpi = EXTMEM_SIM_NOR_QPI_NONE,
	.octal = EXTMEM_SIM_NOR_OCTAL_SEMPER_CFR5,
	.octal_ext_same = true,
	/* 3-byte at power-on; B7h/B8h and CFR2V ADRBYT are in the family table. */
	.addr4 = EXTMEM_SIM_NOR_ADDR_3ONLY,
	.dedicated_4b = true,
	.max_hz_read03 = 50 * MHZ,
	.max_hz_spi = 166 * MHZ,
	.max_hz_str = 200 * MHZ,
	.max_hz_dtr = 200 * MHZ,
	.lat_fast_1s = 8, /* MEMLAT 8 in 1S */
	.lat_sfdp = 8,
	.lat_sfdp_oct = 8,
	/* Octal register latency at VRGLAT 0 (the model computes it from CFR3V; these say the default). */
	.lat_reg_8s = 3,
	.lat_reg_8d = 3,
	.dummy_steps = {{20, 200 * MHZ}, {16, 166 * MHZ}, {12, 133 * MHZ}, {10, 100 * MHZ}},
	.bp_unit = 1 * MIB, /* LBPROT = 1: the top 1/64, as the S25FL-S (assumed) */
};

static const struct extmem_sim_nor_part *const all_parts[] = {
	&extmem_sim_part_mx66uw1g45g, &extmem_sim_part_mx25uw25645g, &extmem_sim_part_mx25lm51245g,
	&extmem_sim_part_mt25ql256,   &extmem_sim_part_w25q128jv,    &extmem_sim_part_is25wp256,
	&extmem_sim_part_sst26vf064b, &extmem_sim_part_mt35xu02g,    &extmem_sim_part_s25fl128s,
	&extmem_sim_part_mx25l25635f, &extmem_sim_part_s28hs512t,    NULL,
};

const struct extmem_sim_nor_part *const *extmem_sim_nor_parts(size_t *count)
{
	if (count != NULL)
		*count = sizeof(all_parts) / sizeof(all_parts[0]) - 1u;
	return all_parts;
}

const struct extmem_sim_nor_part *extmem_sim_nor_part_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; all_parts[i] != NULL; i++)
		if (strcmp(all_parts[i]->name, name) == 0)
			return all_parts[i];
	if (strcmp(extmem_sim_part_s25fl128s_64k.name, name) == 0)
		return &extmem_sim_part_s25fl128s_64k;
	return NULL;
}
