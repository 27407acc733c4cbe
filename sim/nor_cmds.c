/* SPDX-License-Identifier: MIT */
/*
 * The NOR model's command tables: for each protocol, what an opcode does on
 * a part. One table holds what every part shares, one per register family
 * holds its dialect; the part descriptor adds its erase opcodes and says
 * which optional commands it has (4-byte forms, dual/quad reads, QPI and
 * 4-byte mode entry/exit).
 */
#include <stddef.h>

#include "nor_internal.h"

/* Protocol masks. */
#define P1  (1u << EXTMEM_SIM_NOR_1S1S1S)
#define P4  (1u << EXTMEM_SIM_NOR_4S4S4S)
#define P8S (1u << EXTMEM_SIM_NOR_8S8S8S)
#define P8D (1u << EXTMEM_SIM_NOR_8D8D8D)
#define P8  (P8S | P8D)
#define PQ  (P1 | P4)
#define PA  (P1 | P4 | P8)

/* What the part must have for an entry to exist. */
enum {
	N_4B = 1u << 0,      /* dedicated 4-byte opcodes */
	N_DUAL = 1u << 1,    /* 1-1-2 / 1-2-2 reads */
	N_QUAD = 1u << 2,    /* quad commands at all */
	N_QPI35 = 1u << 3,   /* 35h enters QPI, F5h leaves */
	N_QPI38 = 1u << 4,   /* 38h enters QPI, FFh leaves */
	N_A4E9 = 1u << 5,    /* B7h / E9h */
	N_A4E9W = 1u << 6,   /* B7h / E9h, each after WREN */
	N_A429 = 1u << 7,    /* B7h / 29h */
	N_NOT_QPI = 1u << 8, /* the opcode is not taken by a QPI method */
};

struct nor_def {
	uint8_t opc;
	uint8_t protos;
	uint16_t needs;
	struct nor_cmd c;
};

#define RDREG(r, ...)                                                                                                  \
	{                                                                                                              \
		.kind = K_RDREG, .reg = (r), .dir = EXTMEM_XSPI_DATA_IN, __VA_ARGS__                                   \
	}
#define WRREG(r, ...)                                                                                                  \
	{                                                                                                              \
		.kind = K_WRREG, .reg = (r), .dir = EXTMEM_XSPI_DATA_OUT, __VA_ARGS__                                  \
	}
#define READ(a, lk, ...)                                                                                               \
	{                                                                                                              \
		.kind = K_READ, .addr = (a), .dir = EXTMEM_XSPI_DATA_IN, .lat_kind = (lk), __VA_ARGS__                 \
	}
#define PROG(a, ...)                                                                                                   \
	{                                                                                                              \
		.kind = K_PP, .addr = (a), .dir = EXTMEM_XSPI_DATA_OUT, .wel = true, __VA_ARGS__                       \
	}
#define SIMPLE(k, ...)                                                                                                 \
	{                                                                                                              \
		.kind = (k), __VA_ARGS__                                                                               \
	}

/* Every part (JESD216 basics and the common SPI/QPI read and program set). */
static const struct nor_def common[] = {
	{0x06, PA, 0, SIMPLE(K_WREN)},
	{0x04, PA, 0, SIMPLE(K_WRDI)},
	{0x66, PA, 0, SIMPLE(K_RSTEN, .any_busy = true)},
	{0x99, PA, 0, SIMPLE(K_RST, .any_busy = true)},
	{0x75, PA, 0, SIMPLE(K_SUSPEND)},
	{0x7A, PA, 0, SIMPLE(K_SUSPEND)},
	{0xB0, PA, 0, SIMPLE(K_SUSPEND)},
	{0x30, PA, 0, SIMPLE(K_SUSPEND)},
	{0x9F, P1, 0, {.kind = K_RDID, .dir = EXTMEM_XSPI_DATA_IN}},
	{0xAF, P4, 0, {.kind = K_RDID, .dir = EXTMEM_XSPI_DATA_IN}},
	{0x5A, P1, 0, {.kind = K_SFDP, .addr = A_3, .dir = EXTMEM_XSPI_DATA_IN, .lat_kind = L_SFDP_1S}},
	{0x05, PQ, 0, RDREG(R_SR, .any_busy = true)},
	{0x01, PQ, 0, WRREG(R_SR, .wel = true)},
	{0x02, PQ, 0, PROG(A_MODE)},
	{0x12, PQ, N_4B, PROG(A_4)},
	{0x03, P1, 0, READ(A_MODE, L_FIXED, .read03 = true)},
	{0x0B, P1, 0, READ(A_MODE, L_FAST_1S)},
	{0x13, P1, N_4B, READ(A_4, L_FIXED, .read03 = true)},
	{0x0C, P1, N_4B, READ(A_4, L_FAST_1S)},
	{0x3B, P1, N_DUAL, READ(A_MODE, L_112, .data_lines = 2, .addr_lines = 1)},
	{0x3C, P1, N_DUAL | N_4B, READ(A_4, L_112, .data_lines = 2, .addr_lines = 1)},
	{0xBB, P1, N_DUAL, READ(A_MODE, L_122, .data_lines = 2, .addr_lines = 2)},
	{0xBC, P1, N_DUAL | N_4B, READ(A_4, L_122, .data_lines = 2, .addr_lines = 2)},
	{0x6B, P1, N_QUAD, READ(A_MODE, L_114, .data_lines = 4, .addr_lines = 1, .quad = true)},
	{0x6C, P1, N_QUAD | N_4B, READ(A_4, L_114, .data_lines = 4, .addr_lines = 1, .quad = true)},
	{0xEB, P1, N_QUAD, READ(A_MODE, L_144, .data_lines = 4, .addr_lines = 4, .quad = true)},
	{0xEC, P1, N_QUAD | N_4B, READ(A_4, L_144, .data_lines = 4, .addr_lines = 4, .quad = true)},
	{0x32, P1, N_QUAD, PROG(A_MODE, .quad = true, .data_lines = 4, .addr_lines = 1)},
	{0x34, P1, N_QUAD | N_4B, PROG(A_4, .quad = true, .data_lines = 4, .addr_lines = 1)},
	{0x38, P1, N_QUAD | N_NOT_QPI, PROG(A_MODE, .quad = true, .data_lines = 4, .addr_lines = 1)},
	{0x0B, P4, 0, READ(A_MODE, L_FAST_4S)},
	{0xEB, P4, 0, READ(A_MODE, L_FAST_4S)},
	{0x0C, P4, N_4B, READ(A_4, L_FAST_4S)},
	{0xEC, P4, N_4B, READ(A_4, L_FAST_4S)},
	/* QPI and 4-byte mode, by the part's method. */
	{0x35, P1, N_QPI35, SIMPLE(K_QPI_EN)},
	{0xF5, P4, N_QPI35, SIMPLE(K_QPI_EX)},
	{0x38, P1, N_QPI38, SIMPLE(K_QPI_EN)},
	{0xFF, P4, N_QPI38, SIMPLE(K_QPI_EX)},
	{0xB7, PQ, N_A4E9 | N_A429, SIMPLE(K_EN4B)},
	{0xE9, PQ, N_A4E9, SIMPLE(K_EX4B)},
	{0x29, PQ, N_A429, SIMPLE(K_EX4B)},
	{0xB7, PQ, N_A4E9W, SIMPLE(K_EN4B, .wel = true)},
	{0xE9, PQ, N_A4E9W, SIMPLE(K_EX4B, .wel = true)},
};

/* Macronix quad (MX25L/MX25U): configuration register 15h, security register 2Bh (fail flags). */
static const struct nor_def macronix_quad[] = {
	{0x15, PQ, 0, RDREG(R_CR)},
	{0x2B, PQ, 0, RDREG(R_SCUR, .any_busy = true)},
};

/* Macronix OctaFlash: SR/CR/SCUR/CR2; OPI has only the 4-byte forms, every opcode with a 4-byte address. */
static const struct nor_def macronix_octal[] = {
	{0x15, PQ, 0, RDREG(R_CR)},
	{0x2B, PQ, 0, RDREG(R_SCUR, .any_busy = true)},
	{0x71, PQ, 0, RDREG(R_CR2, .addr = A_4)},
	{0x72, PQ, 0, WRREG(R_CR2, .addr = A_4, .wel = true)},
	{0x9F, P8, 0, {.kind = K_RDID, .addr = A_4, .dir = EXTMEM_XSPI_DATA_IN, .lat_kind = L_REG_OCT}},
	{0x5A, P8, 0, {.kind = K_SFDP, .addr = A_4, .dir = EXTMEM_XSPI_DATA_IN, .lat_kind = L_SFDP_OCT}},
	{0x05, P8, 0, RDREG(R_SR, .addr = A_4, .lat_kind = L_REG_OCT, .any_busy = true)},
	{0x15, P8, 0, RDREG(R_CR, .addr = A_4, .lat_kind = L_REG_OCT)},
	{0x2B, P8, 0, RDREG(R_SCUR, .addr = A_4, .lat_kind = L_REG_OCT, .any_busy = true)},
	{0x71, P8, 0, RDREG(R_CR2, .addr = A_4, .lat_kind = L_REG_OCT)},
	{0x72, P8, 0, WRREG(R_CR2, .addr = A_4, .wel = true)},
	{0x01, P8, 0, WRREG(R_SR, .addr = A_4, .wel = true)},
	{0xEC, P8S, 0, READ(A_4, L_OCTAL)},
	{0xEE, P8D, 0, READ(A_4, L_OCTAL)},
	{0x12, P8, 0, PROG(A_4)},
};

/* Micron MT25Q: flag status, volatile and enhanced volatile configuration. */
static const struct nor_def micron_quad[] = {
	{0x70, PQ, 0, RDREG(R_FSR, .any_busy = true)},
	{0x50, PQ, 0, SIMPLE(K_CLRERR)},
	{0x85, PQ, 0, RDREG(R_VCR)},
	{0x81, PQ, 0, WRREG(R_VCR, .wel = true)},
	{0x65, PQ, 0, RDREG(R_EVCR)},
	{0x61, PQ, 0, WRREG(R_EVCR, .wel = true)},
	{0x03, P4, 0, READ(A_MODE, L_FIXED, .read03 = true)},
	/* 38h is the 1-4-4 program here (address on four lines). */
	{0x38, P1, N_QUAD, PROG(A_MODE, .quad = true, .data_lines = 4, .addr_lines = 4)},
};

/* Winbond W25Q: three status registers, each with its own read and write opcode. */
static const struct nor_def winbond_quad[] = {
	{0x35, P1, 0, RDREG(R_SR2)},
	{0x15, P1, 0, RDREG(R_SR3)},
	{0x31, P1, 0, WRREG(R_SR2, .wel = true)},
	{0x11, P1, 0, WRREG(R_SR3, .wel = true)},
	{0x50, P1, 0, SIMPLE(K_VWREN)},
};

/* ISSI IS25WP: volatile read parameters (no WEL), extended read register. */
static const struct nor_def issi_quad[] = {
	{0x61, PQ, 0, RDREG(R_PARAMS)},  {0xC0, PQ, 0, WRREG(R_PARAMS)},
	{0x63, PQ, 0, WRREG(R_PARAMS)},  {0x81, PQ, 0, RDREG(R_ERR, .any_busy = true)},
	{0x82, PQ, 0, SIMPLE(K_CLRERR)},
};

/* SST26: configuration register, block-protection register (one dummy byte in QPI). */
static const struct nor_def sst26[] = {
	{0x35, PQ, 0, RDREG(R_CR)},
	{0x98, PQ, 0, SIMPLE(K_ULBPR, .wel = true)},
	{0x72, P1, 0, {.kind = K_RBPR, .dir = EXTMEM_XSPI_DATA_IN}},
	{0x72, P4, 0, {.kind = K_RBPR, .dir = EXTMEM_XSPI_DATA_IN, .lat = 2}},
	{0x42, PQ, 0, {.kind = K_WBPR, .dir = EXTMEM_XSPI_DATA_OUT, .wel = true}},
	/* 32h is the 1-4-4 program here. */
	{0x32, P1, N_QUAD, PROG(A_MODE, .quad = true, .data_lines = 4, .addr_lines = 4)},
};

/*
 * Micron MT35X (xSPI): FSR and an addressed volatile configuration register
 * (81h/85h, address 0 I/O mode, 1 dummy cycles; 8 dummy cycles to read it in
 * 1S). In octal every opcode repeats as its extension; registers and the ID
 * take 8 dummy cycles and no address, the array 4 address bytes.
 */
static const struct nor_def micron_octal[] = {
	{0x70, PQ, 0, RDREG(R_FSR, .any_busy = true)},
	{0x70, P8, 0, RDREG(R_FSR, .lat_kind = L_REG_OCT, .any_busy = true)},
	{0x50, PA, 0, SIMPLE(K_CLRERR)},
	{0x85, P1, 0, RDREG(R_MT_VCR, .addr = A_MODE, .lat = 8)},
	{0x85, P8, 0, RDREG(R_MT_VCR, .addr = A_4, .lat_kind = L_REG_OCT)},
	{0x81, P1, 0, WRREG(R_MT_VCR, .addr = A_MODE, .wel = true)},
	{0x81, P8, 0, WRREG(R_MT_VCR, .addr = A_4, .wel = true)},
	{0x05, P8, 0, RDREG(R_SR, .lat_kind = L_REG_OCT, .any_busy = true)},
	{0x01, P8, 0, WRREG(R_SR, .wel = true)},
	{0x9F, P8, 0, {.kind = K_RDID, .dir = EXTMEM_XSPI_DATA_IN, .lat_kind = L_REG_OCT}},
	{0x5A, P8, 0, {.kind = K_SFDP, .addr = A_4, .dir = EXTMEM_XSPI_DATA_IN, .lat_kind = L_SFDP_OCT}},
	{0x0B, P8, 0, READ(A_4, L_OCTAL)},
	{0x8B, P8, 0, READ(A_4, L_OCTAL)},
	{0xCB, P8, 0, READ(A_4, L_OCTAL)},
	{0x0C, P8, 0, READ(A_4, L_OCTAL)},
	{0x7C, P8, 0, READ(A_4, L_OCTAL)},
	{0xCC, P8, 0, READ(A_4, L_OCTAL)},
	{0x02, P8, 0, PROG(A_4)},
	{0x12, P8, 0, PROG(A_4)},
};

/* Spansion S25FL-S: CLSR 30h (not a resume here), CR1 35h, F0h reset; error bits keep WIP set until CLSR. */
static const struct nor_def spansion_quad[] = {
	{0x30, P1, 0, SIMPLE(K_CLRERR, .any_busy = true)},
	{0x35, P1, 0, RDREG(R_CR, .any_busy = true)},
	{0xF0, P1, 0, SIMPLE(K_RST_F0, .any_busy = true)},
};

/*
 * Infineon SEMPER S28HS (Cypress SMIF S28H driver's command set): RDARG 65h /
 * WRARG 71h reach every register by address, with the current address
 * width in 1S (CFR2V ADRBYT) and 4 bytes in octal; CLPEF 82h clears the
 * failure flags (30h is resume here); B7h enters, B8h leaves 4-byte mode
 * (E9h is the password unlock). In octal every command repeats its opcode;
 * registers and the ID take 4 address bytes and the register latency.
 */
static const struct nor_def semper_octal[] = {
	{0x65, P1, 0, RDREG(R_IN_CFG, .addr = A_MODE, .lat_kind = L_REG_ARG)},
	{0x65, P8, 0, RDREG(R_IN_CFG, .addr = A_4, .lat_kind = L_REG_OCT)},
	{0x71, P1, 0, WRREG(R_IN_CFG, .addr = A_MODE, .wel = true)},
	{0x71, P8, 0, WRREG(R_IN_CFG, .addr = A_4, .wel = true)},
	{0x82, PA, 0, SIMPLE(K_CLRERR, .any_busy = true)},
	{0xB7, P1, 0, SIMPLE(K_EN4B)},
	{0xB8, P1, 0, SIMPLE(K_EX4B)},
	{0x05, P8, 0, RDREG(R_SR, .addr = A_4, .lat_kind = L_REG_OCT, .any_busy = true)},
	{0x9F, P8, 0, {.kind = K_RDID, .addr = A_4, .dir = EXTMEM_XSPI_DATA_IN, .lat_kind = L_REG_OCT}},
	{0x5A, P8, 0, {.kind = K_SFDP, .addr = A_4, .dir = EXTMEM_XSPI_DATA_IN, .lat_kind = L_SFDP_OCT}},
	{0xEC, P8S, 0, READ(A_4, L_OCTAL)},
	{0xEE, P8D, 0, READ(A_4, L_OCTAL)},
	{0x12, P8, 0, PROG(A_4)},
};

#define TABLE(t)                                                                                                       \
	{                                                                                                              \
		(t), sizeof(t) / sizeof((t)[0])                                                                        \
	}

static const struct {
	const struct nor_def *defs;
	size_t count;
} family_tables[] = {
	[EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL] = TABLE(macronix_octal),
	[EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD] = TABLE(micron_quad),
	[EXTMEM_SIM_NOR_FAMILY_WINBOND_QUAD] = TABLE(winbond_quad),
	[EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD] = TABLE(issi_quad),
	[EXTMEM_SIM_NOR_FAMILY_SST26] = TABLE(sst26),
	[EXTMEM_SIM_NOR_FAMILY_MICRON_OCTAL] = TABLE(micron_octal),
	[EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD] = TABLE(spansion_quad),
	[EXTMEM_SIM_NOR_FAMILY_MACRONIX_QUAD] = TABLE(macronix_quad),
	[EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL] = TABLE(semper_octal),
};

static unsigned part_has(const struct extmem_sim_nor_part *p)
{
	unsigned has = 0;
	if (p->dedicated_4b)
		has |= N_4B;
	if (p->lat_112 != 0)
		has |= N_DUAL;
	if (p->qe != EXTMEM_SIM_NOR_QE_NONE)
		has |= N_QUAD;
	if (p->qpi == EXTMEM_SIM_NOR_QPI_35_F5 || p->qpi == EXTMEM_SIM_NOR_QPI_35_F5_EVCR)
		has |= N_QPI35;
	if (p->qpi == EXTMEM_SIM_NOR_QPI_38_FF)
		has |= N_QPI38;
	else
		has |= N_NOT_QPI;
	if (p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_E9)
		has |= N_A4E9;
	if (p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_E9_WEL)
		has |= N_A4E9W;
	if (p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_29)
		has |= N_A429;
	return has;
}

static bool find(const struct nor_def *defs, size_t count, unsigned proto_bit, unsigned has, uint8_t opc,
		 struct nor_cmd *c)
{
	for (size_t i = 0; i < count; i++) {
		const struct nor_def *d = &defs[i];
		if (d->opc != opc || !(d->protos & proto_bit))
			continue;
		/* Each N_ bit of an entry is a requirement, except the 4-byte-mode methods: any one of them. */
		unsigned methods = N_A4E9 | N_A4E9W | N_A429;
		if ((d->needs & ~methods & has) != (d->needs & ~methods))
			continue;
		if ((d->needs & methods) && !(d->needs & methods & has))
			continue;
		*c = d->c;
		return true;
	}
	return false;
}

/* Erase opcodes come from the descriptor: sizes and opcodes differ per part. */
static bool erase_cmd(const struct extmem_sim_nor *nor, bool octal, uint8_t opc, struct nor_cmd *c)
{
	const struct extmem_sim_nor_part *p = nor->part;
	/* Macronix and SEMPER octal have no 3-byte erase forms. */
	bool op3_ok = !octal || !(nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL) ||
				  nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL));
	for (unsigned i = 0; i < EXTMEM_SIM_NOR_ERASE_TYPES; i++) {
		const struct extmem_sim_nor_erase *e = &p->erase[i];
		if (e->size == 0)
			continue;
		bool is3 = op3_ok && e->op3 == opc, is4 = e->op4 != 0 && e->op4 == opc;
		if (is3 || is4) {
			*c = (struct nor_cmd){
				.kind = K_ERASE, .addr = is3 ? A_MODE : A_4, .erase_idx = (uint8_t)i, .wel = true};
			return true;
		}
	}
	if (p->map != NULL && opc == p->map_op && op3_ok) {
		*c = (struct nor_cmd){.kind = K_MAP_ERASE, .addr = A_MODE, .wel = true};
		return true;
	}
	if (opc != 0 && (opc == p->chip_ops[0] || opc == p->chip_ops[1])) {
		*c = (struct nor_cmd){.kind = K_CHIP, .wel = true};
		return true;
	}
	return false;
}

bool nor_cmd_lookup(const struct extmem_sim_nor *nor, enum extmem_sim_nor_proto proto, uint8_t opc, struct nor_cmd *c)
{
	const struct extmem_sim_nor_part *p = nor->part;
	unsigned bit = 1u << proto, has = part_has(p);
	bool octal = proto >= EXTMEM_SIM_NOR_8S8S8S;
	/* A QPI method's own opcodes win over any register meaning of the same byte. */
	static const struct nor_def qpi_first[] = {
		{0x35, P1, N_QPI35, SIMPLE(K_QPI_EN)},
		{0x38, P1, N_QPI38, SIMPLE(K_QPI_EN)},
		{0xF5, P4, N_QPI35, SIMPLE(K_QPI_EX)},
		{0xFF, P4, N_QPI38, SIMPLE(K_QPI_EX)},
	};
	if (find(qpi_first, sizeof(qpi_first) / sizeof(qpi_first[0]), bit, has, opc, c))
		return true;
	/* In QPI, 35h and 38h are the entry the part is already in (SST26 reads its CR with 35h). */
	if (proto == EXTMEM_SIM_NOR_4S4S4S &&
	    (opc == 0x38 || (opc == 0x35 && p->family != EXTMEM_SIM_NOR_FAMILY_SST26)))
		return false;
	/* The S25FL-S resets with F0h: it has no 66h/99h. */
	if (p->family == EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD && (opc == 0x66 || opc == 0x99))
		return false;
	if (erase_cmd(nor, octal, opc, c))
		return true;
	const struct nor_def *fam = NULL;
	size_t nfam = 0;
	if ((size_t)p->family < sizeof(family_tables) / sizeof(family_tables[0])) {
		fam = family_tables[p->family].defs;
		nfam = family_tables[p->family].count;
	}
	if (fam != NULL && find(fam, nfam, bit, has, opc, c))
		return true;
	if (!find(common, sizeof(common) / sizeof(common[0]), bit, has, opc, c))
		return false;
	/* Octal: the common entries that exist there take no address (reset, WEL, suspend). */
	return true;
}
