/* SPDX-License-Identifier: MIT */
/*
 * The generic serial NOR model. See extmem_sim/nor.h and docs/device-models.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem_sim/nor.h"
#include "extmem_sim/sfdp_images.h"

#define PS_PER_US 1000000ull

/* What a command is, once the opcode is known for the part and protocol. */
enum nor_kind {
	K_NONE = 0,
	K_RDID,
	K_SFDP,
	K_READ,
	K_PP,
	K_ERASE,
	K_MAP_ERASE,
	K_CHIP,
	K_WREN,
	K_WRDI,
	K_RDREG,
	K_WRREG,
	K_EN4B,
	K_EX4B,
	K_QPI_EN,
	K_QPI_EX,
	K_RSTEN,
	K_RST,
	K_SUSPEND,
	K_ULBPR,
	K_RBPR,
	K_WBPR,
	K_CLRERR,
};

enum nor_addr { A_NONE = 0, A_3, A_4, A_MODE };

enum nor_reg { R_SR, R_CR, R_SR2, R_SR3, R_FSR, R_SCUR, R_VCR, R_EVCR, R_CR2, R_PARAMS, R_ERR };

enum nor_lat { L_FIXED, L_FAST_1S, L_112, L_122, L_114, L_144, L_FAST_4S, L_OCTAL };

struct nor_cmd {
	enum nor_kind kind;
	enum nor_addr addr;
	uint8_t addr_lines; /* 0: the protocol's lines */
	uint8_t data_lines; /* 0: the protocol's lines */
	enum nor_lat lat_kind;
	uint8_t lat; /* L_FIXED */
	enum extmem_xspi_dir dir;
	enum nor_reg reg;
	uint8_t erase_idx;
	bool quad;     /* needs QE */
	bool wel;      /* needs WEL */
	bool any_busy; /* answered while busy */
	bool read03;   /* the slow 03h/13h read: its own max clock */
};

static const char *const rule_names[EXTMEM_SIM_NOR_RULE_COUNT] = {
	[EXTMEM_SIM_NOR_RULE_PROTOCOL] = "protocol",
	[EXTMEM_SIM_NOR_RULE_OPCODE_EXT] = "opcode-ext",
	[EXTMEM_SIM_NOR_RULE_UNKNOWN] = "unknown",
	[EXTMEM_SIM_NOR_RULE_SHAPE] = "shape",
	[EXTMEM_SIM_NOR_RULE_ADDR_WIDTH] = "addr-width",
	[EXTMEM_SIM_NOR_RULE_DUMMY] = "dummy",
	[EXTMEM_SIM_NOR_RULE_FREQ] = "freq",
	[EXTMEM_SIM_NOR_RULE_BUSY] = "busy",
	[EXTMEM_SIM_NOR_RULE_NO_WEL] = "no-wel",
	[EXTMEM_SIM_NOR_RULE_SUSPEND] = "suspend",
	[EXTMEM_SIM_NOR_RULE_DTR_ODD] = "dtr-odd",
	[EXTMEM_SIM_NOR_RULE_DQS] = "dqs",
	[EXTMEM_SIM_NOR_RULE_QE] = "qe",
	[EXTMEM_SIM_NOR_RULE_PROTECTED] = "protected",
	[EXTMEM_SIM_NOR_RULE_RANGE] = "range",
	[EXTMEM_SIM_NOR_RULE_CONT_READ] = "cont-read",
};

const char *extmem_sim_nor_rule_name(enum extmem_sim_nor_rule rule)
{
	if ((unsigned)rule >= EXTMEM_SIM_NOR_RULE_COUNT)
		return "?";
	return rule_names[rule];
}

__attribute__((format(printf, 3, 4))) static void viol(struct extmem_sim_nor *nor, enum extmem_sim_nor_rule rule,
						       const char *fmt, ...)
{
	char msg[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nor->rule_count[rule]++;
	nor->last_rule = rule;
	extmem_sim_violation(&nor->base, "%s [%s]: %s", nor->part->name, rule_names[rule], msg);
}

uint64_t extmem_sim_nor_us_to_ps(uint64_t us)
{
	return us * PS_PER_US;
}

/* ---- array, protection, fail flags ---- */

static bool is_family(const struct extmem_sim_nor *nor, enum extmem_sim_nor_family f)
{
	return nor->part->family == f;
}

/* BP-protected range [lo, hi) from the status bits; empty when none. */
static void bp_range(const struct extmem_sim_nor *nor, uint32_t *lo, uint32_t *hi)
{
	const struct extmem_sim_nor_part *p = nor->part;
	unsigned bp = 0;
	bool bottom = false;
	*lo = *hi = 0;
	if (p->bp_unit == 0)
		return;
	switch (p->family) {
	case EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL:
		bp = (nor->sr >> 2) & 0xF;
		bottom = (nor->cr & 0x08) != 0;
		break;
	case EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD:
		bp = ((nor->sr >> 2) & 7) | (((nor->sr >> 6) & 1) << 3);
		bottom = (nor->sr & 0x20) != 0;
		break;
	case EXTMEM_SIM_NOR_FAMILY_WINBOND_QUAD:
		bp = (nor->sr >> 2) & 7;
		bottom = (nor->sr & 0x20) != 0;
		break;
	case EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD: bp = (nor->sr >> 2) & 0xF; break;
	case EXTMEM_SIM_NOR_FAMILY_SST26: return;
	}
	if (bp == 0)
		return;
	uint64_t len = (uint64_t)p->bp_unit << (bp - 1);
	if (len > p->size)
		len = p->size;
	*lo = bottom ? 0 : (uint32_t)(p->size - len);
	*hi = bottom ? (uint32_t)len : p->size;
}

static bool is_protected(const struct extmem_sim_nor *nor, uint32_t addr, uint32_t len)
{
	if (nor->locks != NULL) {
		for (uint32_t g = addr / 8192u; g <= (addr + len - 1u) / 8192u; g++)
			if (nor->locks[g])
				return true;
		return false;
	}
	uint32_t lo, hi;
	bp_range(nor, &lo, &hi);
	return lo < hi && addr < hi && addr + len > lo;
}

static void set_fail(struct extmem_sim_nor *nor, bool erase)
{
	switch (nor->part->family) {
	case EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL: nor->scur |= erase ? 0x40 : 0x20; break;
	case EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD: nor->fsr_err |= erase ? 0x20 : 0x10; break;
	case EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD: nor->err |= erase ? 0x08 : 0x04; break;
	default: break; /* Winbond and SST26 have no fail flag: only a verify finds it */
	}
}

static void apply_pending(struct extmem_sim_nor *nor, uint32_t fraction_num, uint32_t fraction_den)
{
	struct extmem_sim_nor_pending *pd = &nor->pending;
	uint32_t n = (uint32_t)((uint64_t)pd->len * fraction_num / fraction_den);
	if (pd->kind == EXTMEM_SIM_NOR_PROGRAM) {
		uint32_t page = nor->part->page_size;
		for (uint32_t i = 0; i < n; i++)
			nor->array[pd->addr + (pd->data_off + i) % page] &= pd->data[i];
	} else if (pd->kind == EXTMEM_SIM_NOR_ERASE) {
		memset(nor->array + pd->addr, 0xFF, n);
	}
}

/* Ends the busy period when its time has come: the program/erase takes effect. */
static void settle(struct extmem_sim_nor *nor)
{
	if (nor->pending.kind == EXTMEM_SIM_NOR_IDLE || nor->faults.stuck_busy)
		return;
	if (nor->base.clock->now_ps < nor->busy_until_ps)
		return;
	bool erase = nor->pending.kind == EXTMEM_SIM_NOR_ERASE;
	bool fail = nor->pending.kind == EXTMEM_SIM_NOR_PROGRAM ? nor->faults.fail_program
								: (erase ? nor->faults.fail_erase : false);
	if (fail)
		set_fail(nor, erase);
	else
		apply_pending(nor, 1, 1);
	nor->pending.kind = EXTMEM_SIM_NOR_IDLE;
	nor->wel = false;
}

static bool busy_now(struct extmem_sim_nor *nor)
{
	settle(nor);
	return nor->faults.stuck_busy || nor->pending.kind != EXTMEM_SIM_NOR_IDLE;
}

static void start_busy(struct extmem_sim_nor *nor, int kind, uint64_t typ_us)
{
	nor->pending.kind = kind;
	nor->busy_start_ps = nor->base.clock->now_ps;
	nor->busy_until_ps = nor->busy_start_ps + typ_us * PS_PER_US;
	/* Macronix clears its fail flags when the next program/erase starts. */
	if (is_family(nor, EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL))
		nor->scur &= (uint8_t)~0x60;
}

/* ---- power-on / reset state ---- */

static void volatile_defaults(struct extmem_sim_nor *nor, bool power_on)
{
	const struct extmem_sim_nor_part *p = nor->part;
	nor->proto = EXTMEM_SIM_NOR_1S1S1S;
	nor->addr4 = false;
	nor->wel = false;
	nor->reset_enabled = false;
	nor->cont_read = false;
	nor->cr2_0 = 0;
	nor->cr2_300 = p->dummy_default_code;
	nor->vcr = 0xFB; /* Micron default: dummy field 0xF = default latency */
	nor->evcr = 0xFF;
	nor->params = 0;
	if (power_on) {
		nor->scur &= (uint8_t)~0x60;
		nor->fsr_err = 0;
		nor->err = 0;
	}
	if (nor->locks != NULL && (power_on || p->powerup_locked))
		memset(nor->locks, p->powerup_locked ? 1 : 0, p->size / 8192u);
}

static void abort_pending(struct extmem_sim_nor *nor)
{
	if (nor->pending.kind != EXTMEM_SIM_NOR_IDLE && !nor->faults.stuck_busy &&
	    nor->base.clock->now_ps >= nor->busy_until_ps) {
		settle(nor);
		return;
	}
	/* Interrupted: the documented half-done state. */
	apply_pending(nor, 1, 2);
	nor->pending.kind = EXTMEM_SIM_NOR_IDLE;
}

void extmem_sim_nor_power_cut(struct extmem_sim_nor *nor)
{
	abort_pending(nor);
	nor->powered = false;
}

void extmem_sim_nor_power_cycle(struct extmem_sim_nor *nor)
{
	abort_pending(nor);
	nor->powered = true;
	volatile_defaults(nor, true);
}

static void soft_reset(struct extmem_sim_nor *nor)
{
	if (nor->pending.kind != EXTMEM_SIM_NOR_IDLE) {
		settle(nor);
		if (nor->pending.kind != EXTMEM_SIM_NOR_IDLE) {
			viol(nor, EXTMEM_SIM_NOR_RULE_BUSY, "soft reset during program/erase: operation aborted");
			abort_pending(nor);
		}
	}
	volatile_defaults(nor, false);
}

/* ---- command decoding ---- */

static int op_proto(const struct extmem_xspi_op *op)
{
	if (op->cmd.bus.lines == 1 && !op->cmd.bus.dtr)
		return EXTMEM_SIM_NOR_1S1S1S;
	if (op->cmd.bus.lines == 4 && !op->cmd.bus.dtr)
		return EXTMEM_SIM_NOR_4S4S4S;
	if (op->cmd.bus.lines == 8)
		return op->cmd.bus.dtr ? EXTMEM_SIM_NOR_8D8D8D : EXTMEM_SIM_NOR_8S8S8S;
	return -1;
}

static const uint8_t proto_lines[] = {1, 4, 8, 8};
static const char *proto_name(int proto)
{
	switch (proto) {
	case EXTMEM_SIM_NOR_1S1S1S: return "1S-1S-1S";
	case EXTMEM_SIM_NOR_4S4S4S: return "4S-4S-4S";
	case EXTMEM_SIM_NOR_8S8S8S: return "8S-8S-8S";
	case EXTMEM_SIM_NOR_8D8D8D: return "8D-8D-8D";
	default: return "an unknown protocol";
	}
}

static struct nor_cmd c_simple(enum nor_kind kind)
{
	return (struct nor_cmd){.kind = kind};
}

static struct nor_cmd c_rd(enum nor_reg reg, uint8_t lat)
{
	return (struct nor_cmd){
		.kind = K_RDREG, .reg = reg, .dir = EXTMEM_XSPI_DATA_IN, .lat = lat, .any_busy = reg == R_SR};
}

static struct nor_cmd c_wr(enum nor_reg reg, bool wel)
{
	return (struct nor_cmd){.kind = K_WRREG, .reg = reg, .dir = EXTMEM_XSPI_DATA_OUT, .wel = wel};
}

static struct nor_cmd c_read(enum nor_addr a, enum nor_lat lk, uint8_t lat)
{
	return (struct nor_cmd){.kind = K_READ, .addr = a, .dir = EXTMEM_XSPI_DATA_IN, .lat_kind = lk, .lat = lat};
}

/* Erase, chip erase, program, suspend: common to the SPI and QPI command sets. */
static bool common_array_cmd(const struct extmem_sim_nor *nor, uint8_t opc, struct nor_cmd *c)
{
	const struct extmem_sim_nor_part *p = nor->part;
	for (unsigned i = 0; i < EXTMEM_SIM_NOR_ERASE_TYPES; i++) {
		if (p->erase[i].size == 0)
			continue;
		if (p->erase[i].op3 == opc || (p->erase[i].op4 != 0 && p->erase[i].op4 == opc)) {
			*c = (struct nor_cmd){.kind = K_ERASE,
					      .addr = p->erase[i].op3 == opc ? A_MODE : A_4,
					      .erase_idx = (uint8_t)i,
					      .wel = true};
			return true;
		}
	}
	if (p->map != NULL && opc == p->map_op) {
		*c = (struct nor_cmd){.kind = K_MAP_ERASE, .addr = A_MODE, .wel = true};
		return true;
	}
	if (opc != 0 && (opc == p->chip_ops[0] || opc == p->chip_ops[1])) {
		*c = (struct nor_cmd){.kind = K_CHIP, .wel = true};
		return true;
	}
	switch (opc) {
	case 0x02:
		*c = (struct nor_cmd){.kind = K_PP, .addr = A_MODE, .dir = EXTMEM_XSPI_DATA_OUT, .wel = true};
		return true;
	case 0x12:
		if (!p->dedicated_4b)
			return false;
		*c = (struct nor_cmd){.kind = K_PP, .addr = A_4, .dir = EXTMEM_XSPI_DATA_OUT, .wel = true};
		return true;
	case 0x75:
	case 0x7A:
	case 0xB0:
	case 0x30: *c = c_simple(K_SUSPEND); return true;
	case 0x06: *c = c_simple(K_WREN); return true;
	case 0x04: *c = c_simple(K_WRDI); return true;
	case 0x66:
		*c = c_simple(K_RSTEN);
		c->any_busy = true;
		return true;
	case 0x99:
		*c = c_simple(K_RST);
		c->any_busy = true;
		return true;
	default: return false;
	}
}

/* Family registers reachable in 1S (and QPI, same opcodes). */
static bool family_reg_cmd(const struct extmem_sim_nor *nor, uint8_t opc, struct nor_cmd *c)
{
	switch (nor->part->family) {
	case EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL:
		switch (opc) {
		case 0x15: *c = c_rd(R_CR, 0); return true;
		case 0x2B:
			*c = c_rd(R_SCUR, 0);
			c->any_busy = true;
			return true;
		case 0x71:
			*c = c_rd(R_CR2, 0);
			c->addr = A_4;
			return true;
		case 0x72:
			*c = c_wr(R_CR2, true);
			c->addr = A_4;
			return true;
		default: return false;
		}
	case EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD:
		switch (opc) {
		case 0x70:
			*c = c_rd(R_FSR, 0);
			c->any_busy = true;
			return true;
		case 0x50: *c = c_simple(K_CLRERR); return true;
		case 0x85: *c = c_rd(R_VCR, 0); return true;
		case 0x81: *c = c_wr(R_VCR, true); return true;
		case 0x65: *c = c_rd(R_EVCR, 0); return true;
		case 0x61: *c = c_wr(R_EVCR, true); return true;
		default: return false;
		}
	case EXTMEM_SIM_NOR_FAMILY_WINBOND_QUAD:
		switch (opc) {
		case 0x35: *c = c_rd(R_SR2, 0); return true;
		case 0x15: *c = c_rd(R_SR3, 0); return true;
		case 0x31: *c = c_wr(R_SR2, true); return true;
		case 0x11: *c = c_wr(R_SR3, true); return true;
		default: return false;
		}
	case EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD:
		switch (opc) {
		case 0x61: *c = c_rd(R_PARAMS, 0); return true;
		case 0xC0:
		case 0x63: *c = c_wr(R_PARAMS, false); return true;
		case 0x81:
			*c = c_rd(R_ERR, 0);
			c->any_busy = true;
			return true;
		case 0x82: *c = c_simple(K_CLRERR); return true;
		default: return false;
		}
	case EXTMEM_SIM_NOR_FAMILY_SST26:
		switch (opc) {
		case 0x35: *c = c_rd(R_CR, 0); return true;
		case 0x98:
			*c = c_simple(K_ULBPR);
			c->wel = true;
			return true;
		case 0x72:
			*c = (struct nor_cmd){.kind = K_RBPR, .dir = EXTMEM_XSPI_DATA_IN};
			if (nor->proto == EXTMEM_SIM_NOR_4S4S4S)
				c->lat = 2; /* one dummy byte on four lines */
			return true;
		case 0x42: *c = (struct nor_cmd){.kind = K_WBPR, .dir = EXTMEM_XSPI_DATA_OUT, .wel = true}; return true;
		default: return false;
		}
	}
	return false;
}

static bool decode_1s(const struct extmem_sim_nor *nor, uint8_t opc, struct nor_cmd *c)
{
	const struct extmem_sim_nor_part *p = nor->part;
	if ((opc == 0x35 && (p->qpi == EXTMEM_SIM_NOR_QPI_35_F5 || p->qpi == EXTMEM_SIM_NOR_QPI_35_F5_EVCR)) ||
	    (opc == 0x38 && p->qpi == EXTMEM_SIM_NOR_QPI_38_FF)) {
		*c = c_simple(K_QPI_EN);
		return true;
	}
	if (common_array_cmd(nor, opc, c) || family_reg_cmd(nor, opc, c))
		return true;
	bool quad = p->qe != EXTMEM_SIM_NOR_QE_NONE;
	switch (opc) {
	case 0x9F: *c = (struct nor_cmd){.kind = K_RDID, .dir = EXTMEM_XSPI_DATA_IN}; return true;
	case 0x5A:
		*c = (struct nor_cmd){.kind = K_SFDP, .addr = A_3, .dir = EXTMEM_XSPI_DATA_IN, .lat = p->lat_sfdp};
		return true;
	case 0x05: *c = c_rd(R_SR, 0); return true;
	case 0x01: *c = c_wr(R_SR, true); return true;
	case 0x03:
		*c = c_read(A_MODE, L_FIXED, 0);
		c->read03 = true;
		return true;
	case 0x0B: *c = c_read(A_MODE, L_FAST_1S, 0); return true;
	case 0x13:
	case 0x0C:
		if (!p->dedicated_4b)
			return false;
		*c = c_read(A_4, opc == 0x13 ? L_FIXED : L_FAST_1S, 0);
		c->read03 = opc == 0x13;
		return true;
	case 0x3B:
	case 0x3C:
	case 0xBB:
	case 0xBC:
		/* Dual reads need no enable bit. */
		if (p->lat_112 == 0 || ((opc & 1) == 0 && !p->dedicated_4b))
			return false;
		*c = c_read((opc & 1) ? A_MODE : A_4, (opc & 0xF0) == 0x30 ? L_112 : L_122, 0);
		c->data_lines = 2;
		c->addr_lines = (opc & 0xF0) == 0x30 ? 1 : 2;
		return true;
	case 0x6B:
	case 0x6C:
	case 0xEB:
	case 0xEC:
		if (!quad || ((opc & 1) == 0 && !p->dedicated_4b))
			return false;
		*c = c_read((opc & 1) ? A_MODE : A_4, (opc & 0xF0) == 0x60 ? L_114 : L_144, 0);
		c->data_lines = 4;
		c->addr_lines = (opc & 0xF0) == 0x60 ? 1 : 4;
		c->quad = true;
		return true;
	case 0x32:
	case 0x38:
	case 0x34:
		if (!quad || (opc == 0x34 && !p->dedicated_4b))
			return false;
		*c = (struct nor_cmd){.kind = K_PP,
				      .addr = opc == 0x34 ? A_4 : A_MODE,
				      .dir = EXTMEM_XSPI_DATA_OUT,
				      .wel = true,
				      .quad = true,
				      .data_lines = 4};
		/* 1-4-4 program: SST26 32h, Micron 38h. */
		c->addr_lines = (opc == 0x32 && is_family(nor, EXTMEM_SIM_NOR_FAMILY_SST26)) ||
						(opc == 0x38 && is_family(nor, EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD))
					? 4
					: 1;
		return true;
	default: break;
	}
	switch (p->addr4) {
	case EXTMEM_SIM_NOR_ADDR_3ONLY:
	case EXTMEM_SIM_NOR_ADDR_4ONLY: break;
	case EXTMEM_SIM_NOR_ADDR_B7_E9:
	case EXTMEM_SIM_NOR_ADDR_B7_E9_WEL:
		if (opc == 0xB7 || opc == 0xE9) {
			*c = c_simple(opc == 0xB7 ? K_EN4B : K_EX4B);
			c->wel = p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_E9_WEL;
			return true;
		}
		break;
	case EXTMEM_SIM_NOR_ADDR_B7_29:
		if (opc == 0xB7 || opc == 0x29) {
			*c = c_simple(opc == 0xB7 ? K_EN4B : K_EX4B);
			return true;
		}
		break;
	}
	return false;
}

static bool decode_4s(const struct extmem_sim_nor *nor, uint8_t opc, struct nor_cmd *c)
{
	const struct extmem_sim_nor_part *p = nor->part;
	if ((opc == 0xF5 && p->qpi != EXTMEM_SIM_NOR_QPI_38_FF) ||
	    (opc == 0xFF && p->qpi == EXTMEM_SIM_NOR_QPI_38_FF)) {
		*c = c_simple(K_QPI_EX);
		return true;
	}
	/* In QPI, 35h/38h are the QPI entry (already in it) for these parts, not registers. */
	if ((opc == 0x35 || opc == 0x38) && !(opc == 0x35 && is_family(nor, EXTMEM_SIM_NOR_FAMILY_SST26)))
		return false;
	if (common_array_cmd(nor, opc, c) || family_reg_cmd(nor, opc, c))
		return true;
	switch (opc) {
	case 0xAF: *c = (struct nor_cmd){.kind = K_RDID, .dir = EXTMEM_XSPI_DATA_IN}; return true;
	case 0x05: *c = c_rd(R_SR, 0); return true;
	case 0x01: *c = c_wr(R_SR, true); return true;
	case 0x03:
		if (!is_family(nor, EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD))
			return false;
		*c = c_read(A_MODE, L_FIXED, 0);
		c->read03 = true;
		return true;
	case 0x0B:
	case 0xEB: *c = c_read(A_MODE, L_FAST_4S, 0); return true;
	case 0x0C:
	case 0xEC:
		if (!p->dedicated_4b)
			return false;
		*c = c_read(A_4, L_FAST_4S, 0);
		return true;
	case 0xB7:
		if (p->addr4 == EXTMEM_SIM_NOR_ADDR_3ONLY || p->addr4 == EXTMEM_SIM_NOR_ADDR_4ONLY)
			return false;
		*c = c_simple(K_EN4B);
		c->wel = p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_E9_WEL;
		return true;
	case 0xE9:
	case 0x29:
		if ((opc == 0xE9) !=
			    (p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_E9 || p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_E9_WEL) ||
		    p->addr4 == EXTMEM_SIM_NOR_ADDR_3ONLY || p->addr4 == EXTMEM_SIM_NOR_ADDR_4ONLY)
			return false;
		*c = c_simple(K_EX4B);
		c->wel = p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_E9_WEL;
		return true;
	default: return false;
	}
}

/* Macronix OPI command set (first opcode byte; 4-byte addresses throughout). */
static bool decode_oct(const struct extmem_sim_nor *nor, uint8_t opc, struct nor_cmd *c)
{
	const struct extmem_sim_nor_part *p = nor->part;
	bool dtr = nor->proto == EXTMEM_SIM_NOR_8D8D8D;
	uint8_t lreg = dtr ? p->lat_reg_8d : p->lat_reg_8s;
	switch (opc) {
	case 0x9F:
		*c = c_rd(R_SR, lreg);
		c->kind = K_RDID;
		c->any_busy = false;
		break;
	case 0x5A: *c = (struct nor_cmd){.kind = K_SFDP, .dir = EXTMEM_XSPI_DATA_IN, .lat = p->lat_sfdp_oct}; break;
	case 0x05: *c = c_rd(R_SR, lreg); break;
	case 0x15: *c = c_rd(R_CR, lreg); break;
	case 0x2B:
		*c = c_rd(R_SCUR, lreg);
		c->any_busy = true;
		break;
	case 0x71: *c = c_rd(R_CR2, lreg); break;
	case 0x72: *c = c_wr(R_CR2, true); break;
	case 0x01: *c = c_wr(R_SR, true); break;
	case 0xEC:
		if (dtr)
			return false;
		*c = c_read(A_4, L_OCTAL, 0);
		break;
	case 0xEE:
		if (!dtr)
			return false;
		*c = c_read(A_4, L_OCTAL, 0);
		break;
	case 0x12: *c = (struct nor_cmd){.kind = K_PP, .dir = EXTMEM_XSPI_DATA_OUT, .wel = true}; break;
	default:
		if (opc == 0x02 || opc == 0x20 || opc == 0xD8 || !common_array_cmd(nor, opc, c))
			return false; /* OPI has the 4-byte forms only */
		break;
	}
	c->addr = (c->kind == K_WREN || c->kind == K_WRDI || c->kind == K_RSTEN || c->kind == K_RST ||
		   c->kind == K_CHIP || c->kind == K_SUSPEND)
			  ? A_NONE
			  : A_4;
	return true;
}

/* ---- data helpers ---- */

static uint32_t addr_expected(const struct extmem_sim_nor *nor, enum nor_addr a)
{
	switch (a) {
	case A_NONE: return 0;
	case A_3: return 3;
	case A_4: return 4;
	case A_MODE:
		if (nor->proto >= EXTMEM_SIM_NOR_8S8S8S || nor->part->addr4 == EXTMEM_SIM_NOR_ADDR_4ONLY)
			return 4;
		return nor->addr4 ? 4 : 3;
	}
	return 0;
}

static uint32_t phase_clocks(struct extmem_xspi_phase bus, uint32_t nbytes)
{
	if (bus.lines == 0 || nbytes == 0)
		return 0;
	uint32_t beats = (nbytes * 8u + bus.lines - 1u) / bus.lines;
	return bus.dtr ? (beats + 1u) / 2u : beats;
}

static uint8_t micron_dummy(const struct extmem_sim_nor *nor, uint8_t dflt)
{
	uint8_t n = nor->vcr >> 4;
	return (n == 0 || n == 0xF) ? dflt : n;
}

static uint8_t issi_dummy(const struct extmem_sim_nor *nor, uint8_t dflt)
{
	uint8_t n = (nor->params >> 3) & 0xF;
	return n == 0 ? dflt : n;
}

static uint8_t required_latency(const struct extmem_sim_nor *nor, const struct nor_cmd *c, uint32_t *max_hz)
{
	const struct extmem_sim_nor_part *p = nor->part;
	uint8_t lat;
	switch (c->lat_kind) {
	case L_FAST_1S: lat = p->lat_fast_1s; break;
	case L_112: lat = p->lat_112; break;
	case L_122: lat = p->lat_122; break;
	case L_114: lat = p->lat_114; break;
	case L_144: lat = p->lat_144; break;
	case L_FAST_4S: lat = p->lat_fast_4s; break;
	case L_OCTAL: {
		const struct extmem_sim_nor_dummy_step *s = &p->dummy_steps[nor->cr2_300 & 7];
		if (s->max_hz != 0 && s->max_hz < *max_hz)
			*max_hz = s->max_hz;
		return s->cycles;
	}
	default: return c->lat;
	}
	if (is_family(nor, EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD))
		lat = micron_dummy(nor, lat);
	else if (is_family(nor, EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD))
		lat = issi_dummy(nor, lat);
	return lat;
}

/*
 * The bytes the part drives for a read of `len` from `src` (wrapping in
 * `src_len`), as the host samples them when its latency is off by `skew`
 * clocks (positive: the host started early and sees idle lines first).
 */
static void fill_stream(uint8_t *out, uint32_t len, const uint8_t *src, uint64_t src_len, uint64_t start,
			int64_t skew_bytes)
{
	if (src == NULL || src_len == 0)
		return;
	uint32_t i = 0;
	if (skew_bytes > 0)
		i = skew_bytes >= (int64_t)len ? len : (uint32_t)skew_bytes; /* idle lines: the pre-filled 0xFF */
	uint64_t pos = (start + (uint64_t)((int64_t)i - skew_bytes)) % src_len;
	while (i < len) {
		uint64_t chunk = src_len - pos;
		if (chunk > len - i)
			chunk = len - i;
		memcpy(out + i, src + pos, (size_t)chunk);
		i += (uint32_t)chunk;
		pos = 0;
	}
}

static uint8_t reg_value(struct extmem_sim_nor *nor, enum nor_reg reg)
{
	bool busy = busy_now(nor);
	uint8_t wip = busy ? 0x01 : 0, wel = nor->wel ? 0x02 : 0;
	switch (reg) {
	case R_SR:
		if (is_family(nor, EXTMEM_SIM_NOR_FAMILY_SST26))
			return (uint8_t)((busy ? 0x81 : 0) | wel); /* BUSY in bits 0 and 7 */
		return (uint8_t)((nor->sr & 0xFC) | wip | wel);
	case R_CR: return nor->cr;
	case R_SR2: return nor->sr2;
	case R_SR3: return nor->sr3;
	case R_FSR: return (uint8_t)((busy ? 0 : 0x80) | nor->fsr_err | (nor->addr4 ? 0x01 : 0));
	case R_SCUR: return nor->scur;
	case R_VCR: return nor->vcr;
	case R_EVCR: return nor->evcr;
	case R_CR2: return 0; /* addressed: handled by the caller */
	case R_PARAMS: return nor->params;
	case R_ERR: return nor->err;
	}
	return 0xFF;
}

/* ---- execution ---- */

static void do_read_reg(struct extmem_sim_nor *nor, const struct extmem_xspi_op *op, const struct nor_cmd *c,
			int64_t skew)
{
	uint8_t v;
	if (c->reg == R_CR2) {
		uint32_t a = op->addr.value;
		v = a == 0 ? nor->cr2_0 : (a == 0x300 ? nor->cr2_300 : 0);
	} else {
		v = reg_value(nor, c->reg);
	}
	/* Registers repeat while clocked; a byte pair per value in DTR. */
	uint8_t pat[2] = {v, v};
	fill_stream(op->data.buf.in, op->data.len, pat, 2, 0, skew);
}

static void do_write_reg(struct extmem_sim_nor *nor, const struct extmem_xspi_op *op, const struct nor_cmd *c)
{
	const uint8_t *d = op->data.buf.out;
	uint32_t n = op->data.len;
	switch (c->reg) {
	case R_SR:
		switch (nor->part->family) {
		case EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL:
			nor->sr = d[0] & 0xBC; /* SRWD, BP3..0 (bit 6 reserved on the octal parts) */
			if (n >= 2 && nor->proto != EXTMEM_SIM_NOR_8D8D8D)
				nor->cr = d[1];
			break;
		case EXTMEM_SIM_NOR_FAMILY_WINBOND_QUAD:
			nor->sr = d[0] & 0xFC;
			if (n >= 2)
				nor->sr2 = d[1] & 0x7B;
			break;
		case EXTMEM_SIM_NOR_FAMILY_SST26:
			if (n >= 2)
				nor->cr = d[1] & 0x8A; /* WPEN, BPNV, IOC */
			break;
		default: nor->sr = d[0] & 0xFC; break;
		}
		break;
	case R_SR2: nor->sr2 = d[0] & 0x7B; break;
	case R_SR3: nor->sr3 = d[0] & 0x64; break;
	case R_VCR: nor->vcr = d[0]; break;
	case R_EVCR:
		nor->evcr = d[0];
		/* EVCR bit 7 = 0 selects the quad protocol at once. */
		nor->proto = (d[0] & 0x80) ? EXTMEM_SIM_NOR_1S1S1S : EXTMEM_SIM_NOR_4S4S4S;
		break;
	case R_PARAMS: nor->params = d[0]; return; /* volatile, no WEL */
	case R_CR2: {
		uint32_t a = op->addr.value;
		if (a == 0x300) {
			nor->cr2_300 = d[0] & 7;
		} else if (a == 0) {
			nor->cr2_0 = d[0] & 3;
			if ((d[0] & 3) == 3)
				viol(nor, EXTMEM_SIM_NOR_RULE_SHAPE, "CR2[0] with both SOPI and DOPI set");
			nor->proto = (d[0] & 2)   ? EXTMEM_SIM_NOR_8D8D8D
				     : (d[0] & 1) ? EXTMEM_SIM_NOR_8S8S8S
						  : EXTMEM_SIM_NOR_1S1S1S;
		}
		break;
	}
	default: break;
	}
	/* Non-volatile status registers take a write cycle where the part states one. */
	if ((c->reg == R_SR || c->reg == R_SR2 || c->reg == R_SR3) && nor->part->wrsr_typ_us != 0) {
		start_busy(nor, EXTMEM_SIM_NOR_WRSR, nor->part->wrsr_typ_us);
		return; /* WEL clears when the write cycle ends */
	}
	nor->wel = false;
}

static void do_program(struct extmem_sim_nor *nor, const struct extmem_xspi_op *op, uint32_t addr)
{
	uint32_t page = nor->part->page_size;
	uint32_t n = op->data.len;
	const uint8_t *d = op->data.buf.out;
	if (is_protected(nor, addr & ~(page - 1u), page)) {
		viol(nor, EXTMEM_SIM_NOR_RULE_PROTECTED, "program at 0x%x in a protected area: ignored", addr);
		if (is_family(nor, EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD))
			nor->fsr_err |= 0x12;
		if (is_family(nor, EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD))
			nor->err |= 0x02;
		nor->wel = false;
		return;
	}
	/* More than a page: only the last page_size bytes stay (they wrap inside the page). */
	if (n > page) {
		d += n - page;
		addr += n - page;
		n = page;
	}
	struct extmem_sim_nor_pending *pd = &nor->pending;
	pd->addr = addr & ~(page - 1u);
	pd->data_off = (uint16_t)(addr & (page - 1u));
	pd->len = n;
	memcpy(pd->data, d, n);
	start_busy(nor, EXTMEM_SIM_NOR_PROGRAM, nor->part->pp_typ_us);
}

static void do_erase(struct extmem_sim_nor *nor, uint32_t start, uint32_t len, uint64_t typ_us)
{
	if (is_protected(nor, start, len)) {
		viol(nor, EXTMEM_SIM_NOR_RULE_PROTECTED, "erase at 0x%x+0x%x in a protected area: ignored", start, len);
		if (is_family(nor, EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD))
			nor->fsr_err |= 0x22;
		if (is_family(nor, EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD))
			nor->err |= 0x02;
		nor->wel = false;
		return;
	}
	nor->pending.addr = start;
	nor->pending.len = len;
	start_busy(nor, EXTMEM_SIM_NOR_ERASE, typ_us);
}

static bool map_block(const struct extmem_sim_nor *nor, uint32_t addr, uint32_t *start, uint32_t *len)
{
	const struct extmem_sim_nor_part *p = nor->part;
	for (unsigned i = 0; i < p->map_count; i++) {
		const struct extmem_sim_nor_region *r = &p->map[i];
		if (addr >= r->start && addr - r->start < r->len) {
			*start = r->start + (addr - r->start) / r->block * r->block;
			*len = r->block;
			return true;
		}
	}
	return false;
}

/* SST26 BPR (simplified layout, see docs): one bit per block from the bottom, LSB first. */
static void sst26_bpr(struct extmem_sim_nor *nor, uint8_t *buf, uint32_t n, const uint8_t *in)
{
	const struct extmem_sim_nor_part *p = nor->part;
	uint32_t bit = 0;
	for (uint32_t a = 0; a < p->size; bit++) {
		uint32_t s, l;
		if (!map_block(nor, a, &s, &l))
			break;
		uint32_t byte = bit / 8u;
		if (byte < n) {
			if (in != NULL) {
				memset(nor->locks + s / 8192u, (in[byte] >> (bit % 8u)) & 1u, l / 8192u);
			} else {
				if (bit % 8u == 0)
					buf[byte] = 0;
				buf[byte] |= (uint8_t)(nor->locks[s / 8192u] << (bit % 8u));
			}
		}
		a = s + l;
	}
}

static bool check_phase(struct extmem_sim_nor *nor, const char *what, struct extmem_xspi_phase bus, uint8_t lines,
			bool dtr)
{
	if (bus.lines == lines && bus.dtr == dtr)
		return true;
	viol(nor, EXTMEM_SIM_NOR_RULE_SHAPE, "%s phase on %u line(s)%s, the part expects %u%s", what, bus.lines,
	     bus.dtr ? " DTR" : "", lines, dtr ? " DTR" : "");
	return false;
}

static int nor_execute(struct extmem_sim_nor *nor, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	const struct extmem_sim_nor_part *p = nor->part;
	bool was_rsten = nor->reset_enabled;
	nor->reset_enabled = false;

	int proto = op_proto(op);
	uint8_t opc = (uint8_t)(op->cmd.nbytes == 2 ? op->cmd.opcode >> 8 : op->cmd.opcode);
	if (nor->cont_read) {
		/* Only the mode-bit reset (FFh clocked on the lines) gets it out; anything else is an address. */
		if (opc == 0xFF && op->cmd.nbytes == 1 && op->addr.nbytes == 0 &&
		    op->data.dir == EXTMEM_XSPI_DATA_NONE) {
			nor->cont_read = false;
			return EXTMEM_OK;
		}
		viol(nor, EXTMEM_SIM_NOR_RULE_CONT_READ,
		     "opcode %02Xh while in continuous-read mode: taken as an address byte, ignored (send FFh first)",
		     opc);
		return EXTMEM_OK;
	}
	bool recovery = opc == 0x66 || opc == 0x99 || opc == 0xF5 || opc == 0xFF;
	if (proto < 0 || proto != (int)nor->proto) {
		/* Resets and mode exits sent in every protocol are how hosts recover: ignored quietly. */
		if (!recovery)
			viol(nor, EXTMEM_SIM_NOR_RULE_PROTOCOL,
			     "opcode %02Xh sent in %s while the part is in %s: ignored", opc, proto_name(proto),
			     proto_name((int)nor->proto));
		return EXTMEM_OK;
	}
	bool octal = nor->proto >= EXTMEM_SIM_NOR_8S8S8S;
	bool dtr = nor->proto == EXTMEM_SIM_NOR_8D8D8D;
	if (octal) {
		unsigned ext = op->cmd.opcode & 0xFFu, inv = p->octal_ext_same ? opc : opc ^ 0xFFu;
		if (op->cmd.nbytes != 2 || ext != inv) {
			viol(nor, EXTMEM_SIM_NOR_RULE_OPCODE_EXT,
			     "%s command %04Xh (%u byte): the part expects %02X%02Xh: ignored",
			     proto_name((int)nor->proto), op->cmd.opcode, op->cmd.nbytes, opc, inv);
			return EXTMEM_OK;
		}
	} else if (op->cmd.nbytes != 1) {
		viol(nor, EXTMEM_SIM_NOR_RULE_OPCODE_EXT, "2-byte command %04Xh in %s: ignored", op->cmd.opcode,
		     proto_name((int)nor->proto));
		return EXTMEM_OK;
	}

	/* FFh in SPI is the continuous-read / mode-bit reset hosts send blindly: nothing to do. */
	if (nor->proto == EXTMEM_SIM_NOR_1S1S1S && opc == 0xFF && op->addr.nbytes == 0 &&
	    op->data.dir == EXTMEM_XSPI_DATA_NONE)
		return EXTMEM_OK;

	struct nor_cmd c;
	memset(&c, 0, sizeof(c));
	bool known = nor->proto == EXTMEM_SIM_NOR_1S1S1S   ? decode_1s(nor, opc, &c)
		     : nor->proto == EXTMEM_SIM_NOR_4S4S4S ? decode_4s(nor, opc, &c)
							   : decode_oct(nor, opc, &c);
	if (!known) {
		viol(nor, EXTMEM_SIM_NOR_RULE_UNKNOWN, "opcode %02Xh does not exist in %s: ignored", opc,
		     proto_name((int)nor->proto));
		return EXTMEM_OK;
	}

	/* Busy: only status reads (and a reset) are answered. */
	if (busy_now(nor) && !c.any_busy) {
		viol(nor, EXTMEM_SIM_NOR_RULE_BUSY, "opcode %02Xh while busy: ignored", opc);
		return EXTMEM_OK;
	}

	/* Phase shapes. */
	uint8_t lines = proto_lines[nor->proto];
	uint32_t want_addr = addr_expected(nor, c.addr);
	if (op->addr.nbytes != want_addr) {
		viol(nor, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH, "opcode %02Xh with %u address bytes, the part expects %u: %s",
		     opc, op->addr.nbytes, want_addr, c.dir == EXTMEM_XSPI_DATA_IN ? "garbage" : "ignored");
		return EXTMEM_OK;
	}
	if (want_addr && !check_phase(nor, "address", op->addr.bus, c.addr_lines ? c.addr_lines : lines, dtr))
		return EXTMEM_OK;
	if (op->alt.nbytes && !check_phase(nor, "alternate", op->alt.bus, c.addr_lines ? c.addr_lines : lines, dtr))
		return EXTMEM_OK;
	if (op->data.dir != c.dir) {
		viol(nor, EXTMEM_SIM_NOR_RULE_SHAPE, "opcode %02Xh with data direction %d, the part expects %d", opc,
		     (int)op->data.dir, (int)c.dir);
		return EXTMEM_OK;
	}
	if (c.dir != EXTMEM_XSPI_DATA_NONE &&
	    !check_phase(nor, "data", op->data.bus, c.data_lines ? c.data_lines : lines, dtr))
		return EXTMEM_OK;
	if (c.quad) {
		bool qe = p->qe == EXTMEM_SIM_NOR_QE_ALWAYS ||
			  (p->qe == EXTMEM_SIM_NOR_QE_SR1_BIT6 && (nor->sr & 0x40)) ||
			  (p->qe == EXTMEM_SIM_NOR_QE_SR2_BIT1 && (nor->sr2 & 0x02)) ||
			  (p->qe == EXTMEM_SIM_NOR_QE_SST26_IOC && (nor->cr & 0x02));
		if (!qe) {
			viol(nor, EXTMEM_SIM_NOR_RULE_QE, "quad opcode %02Xh with quad not enabled: %s", opc,
			     c.dir == EXTMEM_XSPI_DATA_IN ? "garbage" : "ignored");
			return EXTMEM_OK;
		}
	}

	/* Clock limits. */
	uint32_t max_hz = c.read03 ? p->max_hz_read03 : dtr ? p->max_hz_dtr : octal ? p->max_hz_str : p->max_hz_spi;
	bool garbage = false;
	int64_t skew = 0;
	uint8_t need = required_latency(nor, &c, &max_hz);
	if (bus_hz > max_hz) {
		viol(nor, EXTMEM_SIM_NOR_RULE_FREQ, "opcode %02Xh at %u Hz, above the part's %u Hz for it", opc, bus_hz,
		     max_hz);
		if (c.dir != EXTMEM_XSPI_DATA_IN)
			return EXTMEM_OK;
		garbage = true;
	}

	/* Latency: alternate ("mode") clocks count as part of it. */
	uint32_t have = phase_clocks(op->alt.bus, op->alt.nbytes) + op->dummy_cycles;
	if (c.dir == EXTMEM_XSPI_DATA_IN && have != need) {
		viol(nor, EXTMEM_SIM_NOR_RULE_DUMMY,
		     "opcode %02Xh with %u latency clocks, the part expects %u: data shifted", opc, have, need);
		skew = ((int64_t)need - (int64_t)have) * lines * (dtr ? 2 : 1) / 8;
	} else if (c.dir != EXTMEM_XSPI_DATA_IN && have != 0) {
		viol(nor, EXTMEM_SIM_NOR_RULE_DUMMY,
		     "opcode %02Xh with %u dummy clocks, the part expects none: ignored", opc, have);
		return EXTMEM_OK;
	}

	/* Data strobe: the octal parts drive DQS in OPI; DTR sampling needs it. */
	if (c.dir == EXTMEM_XSPI_DATA_IN) {
		if (op->dqs && !octal) {
			viol(nor, EXTMEM_SIM_NOR_RULE_DQS, "DQS expected in %s but the part drives none: no data",
			     proto_name((int)nor->proto));
			return EXTMEM_OK;
		}
		if (!op->dqs && dtr) {
			viol(nor, EXTMEM_SIM_NOR_RULE_DQS, "8D read without DQS: data sampled off the strobe, garbage");
			garbage = true;
		}
	}
	if (dtr && c.dir == EXTMEM_XSPI_DATA_OUT && (op->data.len & 1u)) {
		viol(nor, EXTMEM_SIM_NOR_RULE_DTR_ODD, "8D write of %u bytes: the part takes byte pairs: ignored",
		     op->data.len);
		return EXTMEM_OK;
	}

	/* Write enable. */
	if (c.wel && !nor->wel) {
		viol(nor, EXTMEM_SIM_NOR_RULE_NO_WEL, "opcode %02Xh without WEL: ignored", opc);
		return EXTMEM_OK;
	}

	uint32_t addr = op->addr.value;
	if (want_addr == 3)
		addr &= 0xFFFFFFu;
	switch (c.kind) {
	case K_RDID: {
		/* DTR: each ID byte comes as a pair. */
		uint8_t id[6];
		uint32_t n = dtr ? 6 : 3;
		for (uint32_t i = 0; i < n; i++)
			id[i] = p->id[dtr ? i / 2 : i];
		uint8_t *out = op->data.buf.in;
		for (uint32_t i = 0; i < op->data.len; i++) {
			int64_t k = (int64_t)i - skew;
			if (k >= 0 && k < (int64_t)n)
				out[i] = id[k];
		}
		break;
	}
	case K_SFDP: {
		uint8_t *out = op->data.buf.in;
		for (uint32_t i = 0; i < op->data.len; i++) {
			int64_t k = (int64_t)addr + (int64_t)i - skew;
			if (k < (int64_t)addr || nor->sfdp == NULL || (uint64_t)k >= nor->sfdp_len)
				continue;
			uint8_t b = nor->sfdp[k];
			if (nor->faults.sfdp_flip >= 0 && k == nor->faults.sfdp_flip)
				b = (uint8_t)~b;
			out[i] = b;
		}
		break;
	}
	case K_READ:
		if (addr >= p->size) {
			viol(nor, EXTMEM_SIM_NOR_RULE_RANGE, "read at 0x%x beyond the array: wraps", addr);
			addr %= p->size;
		}
		if (dtr && (addr & 1u)) {
			viol(nor, EXTMEM_SIM_NOR_RULE_DTR_ODD, "8D read at odd address 0x%x: starts at 0x%x", addr,
			     addr & ~1u);
			addr &= ~1u;
		}
		fill_stream(op->data.buf.in, op->data.len, nor->array, p->size, addr, skew);
		/* EBh mode bits can leave the part in continuous read. */
		if ((opc == 0xEB || opc == 0xEC) && op->alt.nbytes != 0 && p->cont_mask != 0) {
			uint8_t mode = (uint8_t)(op->alt.value >> (8u * (op->alt.nbytes - 1u)));
			if ((mode & p->cont_mask) == p->cont_match)
				nor->cont_read = true;
		}
		break;
	case K_RDREG: do_read_reg(nor, op, &c, skew); break;
	case K_WRREG: do_write_reg(nor, op, &c); break;
	case K_PP:
		if (addr >= p->size) {
			viol(nor, EXTMEM_SIM_NOR_RULE_RANGE, "program at 0x%x beyond the array: ignored", addr);
			break;
		}
		if (dtr && (addr & 1u)) {
			viol(nor, EXTMEM_SIM_NOR_RULE_DTR_ODD, "8D program at odd address 0x%x: ignored", addr);
			break;
		}
		do_program(nor, op, addr);
		break;
	case K_ERASE: {
		const struct extmem_sim_nor_erase *e = &p->erase[c.erase_idx];
		if (addr >= p->size) {
			viol(nor, EXTMEM_SIM_NOR_RULE_RANGE, "erase at 0x%x beyond the array: ignored", addr);
			break;
		}
		do_erase(nor, addr & ~(e->size - 1u), e->size, e->typ_us);
		break;
	}
	case K_MAP_ERASE: {
		uint32_t s, l;
		if (!map_block(nor, addr, &s, &l)) {
			viol(nor, EXTMEM_SIM_NOR_RULE_RANGE, "erase at 0x%x beyond the array: ignored", addr);
			break;
		}
		do_erase(nor, s, l, p->map_typ_us);
		break;
	}
	case K_CHIP:
		if (is_protected(nor, 0, p->size)) {
			viol(nor, EXTMEM_SIM_NOR_RULE_PROTECTED, "chip erase with protected areas: ignored");
			nor->wel = false;
			break;
		}
		do_erase(nor, 0, p->size, (uint64_t)p->chip_typ_ms * 1000u);
		break;
	case K_WREN: nor->wel = true; break;
	case K_WRDI: nor->wel = false; break;
	case K_EN4B:
	case K_EX4B:
		nor->addr4 = c.kind == K_EN4B;
		if (c.wel)
			nor->wel = false;
		break;
	case K_QPI_EN: nor->proto = EXTMEM_SIM_NOR_4S4S4S; break;
	case K_QPI_EX:
		nor->proto = EXTMEM_SIM_NOR_1S1S1S;
		nor->evcr |= 0x80;
		break;
	case K_RSTEN: nor->reset_enabled = true; break;
	case K_RST:
		if (!was_rsten) {
			viol(nor, EXTMEM_SIM_NOR_RULE_SHAPE, "99h reset without 66h just before: ignored");
			break;
		}
		soft_reset(nor);
		break;
	case K_SUSPEND:
		viol(nor, EXTMEM_SIM_NOR_RULE_SUSPEND, "suspend/resume %02Xh: not supported, rejected", opc);
		break;
	case K_ULBPR:
		memset(nor->locks, 0, p->size / 8192u);
		nor->wel = false;
		break;
	case K_RBPR: {
		uint8_t bpr[32];
		memset(bpr, 0, sizeof(bpr));
		sst26_bpr(nor, bpr, sizeof(bpr), NULL);
		fill_stream(op->data.buf.in, op->data.len, bpr, 18, 0, skew);
		break;
	}
	case K_WBPR:
		sst26_bpr(nor, NULL, op->data.len, op->data.buf.out);
		nor->wel = false;
		break;
	case K_CLRERR:
		nor->fsr_err = 0;
		nor->err = 0;
		break;
	case K_NONE: break;
	}
	if (garbage && c.dir == EXTMEM_XSPI_DATA_IN) {
		uint8_t *out = op->data.buf.in;
		for (uint32_t i = 0; i < op->data.len; i++)
			out[i] ^= 0x5A;
	}
	return EXTMEM_OK;
}

static int nor_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	struct extmem_sim_nor *nor = (struct extmem_sim_nor *)dev;
	nor->ops++;
	if (nor->powered && !nor->faults.no_device)
		nor_execute(nor, op, bus_hz);
	if (nor->faults.cut_after_op != 0 && nor->ops == nor->faults.cut_after_op)
		extmem_sim_nor_power_cut(nor);
	return EXTMEM_OK;
}

/* When a program or erase in progress will end (stuck busy never does). */
static uint64_t nor_ready_at_ps(struct extmem_sim_device *dev)
{
	struct extmem_sim_nor *nor = (struct extmem_sim_nor *)dev;
	if (nor->pending.kind == EXTMEM_SIM_NOR_IDLE || nor->faults.stuck_busy)
		return 0;
	return nor->busy_until_ps;
}

static const struct extmem_sim_device_ops nor_ops = {.transfer = nor_transfer, .ready_at_ps = nor_ready_at_ps};

/* ---- lifetime, persistence ---- */

static int load_file(struct extmem_sim_nor *nor)
{
	FILE *f = fopen(nor->path, "rb");
	if (f == NULL)
		return EXTMEM_OK; /* first run: an erased part */
	size_t got = fread(nor->array, 1, nor->part->size, f);
	int extra = fgetc(f);
	fclose(f);
	if (got != nor->part->size || extra != EOF) {
		memset(nor->array, 0xFF, nor->part->size);
		return EXTMEM_ERR_FORMAT;
	}
	return EXTMEM_OK;
}

int extmem_sim_nor_sync(struct extmem_sim_nor *nor)
{
	if (nor->path == NULL)
		return EXTMEM_OK;
	settle(nor);
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", nor->path) >= (int)sizeof(tmp))
		return EXTMEM_ERR_INVALID;
	FILE *f = fopen(tmp, "wb");
	if (f == NULL)
		return EXTMEM_ERR_INVALID;
	size_t put = fwrite(nor->array, 1, nor->part->size, f);
	if (fclose(f) != 0 || put != nor->part->size) {
		remove(tmp);
		return EXTMEM_ERR_INVALID;
	}
	/* Rename: a crash mid-write never leaves a torn image. */
	if (rename(tmp, nor->path) != 0)
		return EXTMEM_ERR_INVALID;
	return EXTMEM_OK;
}

struct extmem_sim_nor *extmem_sim_nor_create(const struct extmem_sim_nor_part *part, struct extmem_sim_clock *clock,
					     uint8_t *array, const char *path)
{
	if (part == NULL || clock == NULL || part->size == 0 ||
	    part->page_size > sizeof(((struct extmem_sim_nor_pending *)0)->data))
		return NULL;
	struct extmem_sim_nor *nor = calloc(1, sizeof(*nor));
	if (nor == NULL)
		return NULL;
	nor->base.ops = &nor_ops;
	nor->base.clock = clock;
	nor->base.name = part->name;
	nor->part = part;
	nor->faults.sfdp_flip = -1;
	nor->powered = true;
	if (array != NULL) {
		nor->array = array;
	} else {
		nor->array = malloc(part->size);
		nor->owns_array = true;
		if (nor->array != NULL)
			memset(nor->array, 0xFF, part->size);
	}
	if (part->family == EXTMEM_SIM_NOR_FAMILY_SST26)
		nor->locks = calloc(part->size / 8192u, 1);
	if (path != NULL)
		nor->path = strdup(path);
	if (nor->array == NULL || (part->family == EXTMEM_SIM_NOR_FAMILY_SST26 && nor->locks == NULL) ||
	    (path != NULL && nor->path == NULL) || (nor->path != NULL && load_file(nor) != EXTMEM_OK)) {
		free(nor->path); /* never overwrite a file we could not read */
		nor->path = NULL;
		extmem_sim_nor_destroy(nor);
		return NULL;
	}
	/* The project's image of the part, when sim/sfdp has one; else 5Ah reads 0xFF. */
	const struct extmem_sim_sfdp_image *img = part->sfdp_name ? extmem_sim_sfdp_image_find(part->sfdp_name) : NULL;
	if (img != NULL)
		extmem_sim_nor_set_sfdp(nor, img->bytes, img->len);
	volatile_defaults(nor, true);
	return nor;
}

void extmem_sim_nor_destroy(struct extmem_sim_nor *nor)
{
	if (nor == NULL)
		return;
	if (nor->array != NULL)
		extmem_sim_nor_sync(nor);
	if (nor->owns_array)
		free(nor->array);
	free(nor->locks);
	free(nor->path);
	free(nor);
}

void extmem_sim_nor_set_sfdp(struct extmem_sim_nor *nor, const uint8_t *bytes, size_t len)
{
	nor->sfdp = bytes;
	nor->sfdp_len = bytes != NULL ? len : 0;
}

enum extmem_sim_nor_proto extmem_sim_nor_proto(const struct extmem_sim_nor *nor)
{
	return nor->proto;
}

bool extmem_sim_nor_busy(struct extmem_sim_nor *nor)
{
	return busy_now(nor);
}

uint64_t extmem_sim_nor_busy_until(const struct extmem_sim_nor *nor)
{
	return nor->busy_until_ps;
}

uint32_t extmem_sim_nor_violations(const struct extmem_sim_nor *nor, enum extmem_sim_nor_rule rule)
{
	if ((unsigned)rule >= EXTMEM_SIM_NOR_RULE_COUNT)
		return 0;
	return nor->rule_count[rule];
}

void extmem_sim_nor_clear_violations(struct extmem_sim_nor *nor)
{
	memset(nor->rule_count, 0, sizeof(nor->rule_count));
	nor->base.violations = 0;
	nor->base.last_violation[0] = '\0';
}
