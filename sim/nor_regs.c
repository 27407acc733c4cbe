/* SPDX-License-Identifier: MIT */
/*
 * The NOR model's registers: what each family's status and configuration
 * registers read as, what a write changes, the block-protect layout and the
 * program/erase fail flags.
 */
#include <string.h>

#include "nor_internal.h"

/*
 * W25Q128JV (datasheet status register memory protection table): SR1 BP2..0
 * bits 4..2, TB bit 5 (bottom), SEC bit 6 (4 KiB sectors instead of 256 KiB
 * steps: 4, 8, 16 KiB, then 32 KiB for BP = 4..6), SR2 CMP bit 6 (the
 * complement is protected). BP = 7 protects everything.
 */
static void winbond_range(const struct extmem_sim_nor *nor, uint32_t *lo, uint32_t *hi)
{
	const struct extmem_sim_nor_part *p = nor->part;
	unsigned bp = (nor->sr >> 2) & 7;
	bool bottom = (nor->sr & 0x20) != 0, sec = (nor->sr & 0x40) != 0, cmp = (nor->sr2 & 0x40) != 0;
	uint64_t len = 0;
	if (bp == 7)
		len = p->size;
	else if (bp != 0 && sec)
		len = bp <= 3 ? 4096u << (bp - 1) : 32768u;
	else if (bp != 0)
		len = (uint64_t)p->bp_unit << (bp - 1);
	if (len > p->size)
		len = p->size;
	uint32_t a = bottom ? 0 : (uint32_t)(p->size - len), b = bottom ? (uint32_t)len : p->size;
	if (!cmp) {
		*lo = a;
		*hi = b;
		return;
	}
	/* Complement: the protected range is the other side (one contiguous range, or none / all). */
	if (len == 0) {
		*lo = 0;
		*hi = p->size;
	} else if (len == p->size) {
		*lo = *hi = 0;
	} else {
		*lo = bottom ? b : 0;
		*hi = bottom ? p->size : a;
	}
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
	case EXTMEM_SIM_NOR_FAMILY_MACRONIX_QUAD:
		bp = (nor->sr >> 2) & 0xF;
		bottom = (nor->cr & 0x08) != 0;
		break;
	case EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD:
	case EXTMEM_SIM_NOR_FAMILY_MICRON_OCTAL:
		bp = ((nor->sr >> 2) & 7) | (((nor->sr >> 6) & 1) << 3);
		bottom = (nor->sr & 0x20) != 0;
		break;
	case EXTMEM_SIM_NOR_FAMILY_WINBOND_QUAD: winbond_range(nor, lo, hi); return;
	case EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD: bp = (nor->sr >> 2) & 0xF; break;
	case EXTMEM_SIM_NOR_FAMILY_SST26: return;
	case EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD:
		bp = (nor->sr >> 2) & 7; /* BP2..0; CR1 TBPROT (bit 5) selects the bottom */
		bottom = (nor->cr & 0x20) != 0;
		break;
	case EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL:
		bp = (nor->sr >> 2) & 7; /* SR1 LBPROT2..0; CFR1 TBPROT (bit 5) selects the bottom */
		bottom = (nor->cfr_v[1] & 0x20) != 0;
		break;
	}
	if (bp == 0)
		return;
	uint64_t len = (uint64_t)p->bp_unit << (bp - 1);
	if (len > p->size)
		len = p->size;
	*lo = bottom ? 0 : (uint32_t)(p->size - len);
	*hi = bottom ? (uint32_t)len : p->size;
}

bool nor_is_protected(const struct extmem_sim_nor *nor, uint32_t addr, uint32_t len)
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

void nor_set_fail(struct extmem_sim_nor *nor, bool erase)
{
	switch (nor->part->family) {
	case EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL:
	case EXTMEM_SIM_NOR_FAMILY_MACRONIX_QUAD: nor->scur |= erase ? 0x40 : 0x20; break;
	case EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD:
	case EXTMEM_SIM_NOR_FAMILY_MICRON_OCTAL: nor->fsr_err |= erase ? 0x20 : 0x10; break;
	case EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD:
	case EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL: nor->sr |= erase ? 0x20 : 0x40; break; /* E_ERR/ERSERR, P_ERR/PRGERR */
	case EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD: nor->err |= erase ? 0x08 : 0x04; break;
	default: break; /* Winbond and SST26 have no fail flag: only a verify finds it */
	}
}

void nor_set_protect_error(struct extmem_sim_nor *nor, bool erase)
{
	if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD) ||
	    nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_MICRON_OCTAL))
		nor->fsr_err |= erase ? 0x22 : 0x12;
	/* S25FL-S: a program or erase of a protected sector sets P_ERR / E_ERR (and so holds WIP). */
	if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD) ||
	    nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL))
		nor->sr |= erase ? 0x20 : 0x40;
	if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD))
		nor->err |= 0x02;
}

bool nor_qe_enabled(const struct extmem_sim_nor *nor)
{
	const struct extmem_sim_nor_part *p = nor->part;
	switch (p->qe) {
	case EXTMEM_SIM_NOR_QE_ALWAYS: return true;
	case EXTMEM_SIM_NOR_QE_SR1_BIT6: return (nor->sr & 0x40) != 0;
	case EXTMEM_SIM_NOR_QE_SR2_BIT1: return (nor->sr2 & 0x02) != 0;
	case EXTMEM_SIM_NOR_QE_SST26_IOC:
	case EXTMEM_SIM_NOR_QE_CR1_BIT1: return (nor->cr & 0x02) != 0;
	case EXTMEM_SIM_NOR_QE_NONE: return false;
	}
	return false;
}

uint8_t nor_reg_value(struct extmem_sim_nor *nor, enum nor_reg reg, uint32_t addr)
{
	bool busy = nor_busy_now(nor);
	uint8_t wip = busy ? 0x01 : 0, wel = nor->wel ? 0x02 : 0;
	switch (reg) {
	case R_SR:
		if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SST26))
			return (uint8_t)((busy ? 0x81 : 0) | wel); /* BUSY in bits 0 and 7 */
		return (uint8_t)((nor->sr & 0xFC) | wip | wel);
	case R_CR: return nor->cr;
	case R_SR2: return nor->sr2;
	case R_SR3: return nor->sr3;
	case R_FSR: return (uint8_t)((busy ? 0 : 0x80) | nor->fsr_err | (nor->addr4 ? 0x01 : 0));
	case R_SCUR: return nor->scur;
	case R_VCR: return nor->vcr;
	case R_EVCR: return nor->evcr;
	case R_CR2: return addr == 0 ? nor->cr2_0 : (addr == 0x300 ? nor->cr2_300 : 0);
	case R_PARAMS: return nor->params;
	case R_ERR: return nor->err;
	case R_MT_VCR: return addr < 2 ? nor->mt_vcr[addr] : 0xFF;
	case R_IN_CFG: {
		/* SEMPER: 0x00800000 SR1V, 0x00800002.. CFR1V..CFR5V; the same offsets from 0 are the NV set. */
		bool vol = (addr & 0xFFFFFF00u) == 0x00800000u;
		uint32_t off = addr & 0xFFu;
		if ((!vol && (addr & 0xFFFFFF00u) != 0) || off > 6 || off == 1)
			return 0xFF;
		if (off == 0)
			return vol ? nor_reg_value(nor, R_SR, 0) : (uint8_t)(nor->sr & 0x1C);
		return vol ? nor->cfr_v[off - 1] : nor->cfr_nv[off - 1];
	}
	default: return 0xFF;
	}
}

/*
 * SEMPER WRARG: a volatile CFRnV takes the byte at once (CFR5V OPI-IT bit 0
 * and SDRDDR bit 1 switch the protocol when the write ends, CFR2V ADRBYT
 * bit 7 the address width); a non-volatile CFRnN is programmed (the
 * register-write time) and loaded into CFRnV at the next reset or power-up.
 * SR1 and unknown addresses are ignored.
 */
static uint32_t semper_write(struct extmem_sim_nor *nor, uint32_t addr, uint8_t v)
{
	bool vol = (addr & 0xFFFFFF00u) == 0x00800000u;
	uint32_t off = addr & 0xFFu;
	if ((!vol && (addr & 0xFFFFFF00u) != 0) || off < 2 || off > 6)
		return 0;
	if (!vol) {
		nor->cfr_nv[off - 1] = v;
		return nor->part->wrsr_typ_us;
	}
	nor->cfr_v[off - 1] = v;
	if (off == 3)
		nor->addr4 = (v & 0x80) != 0;
	if (off == 6)
		nor_switch_proto(nor, !(v & 1)  ? EXTMEM_SIM_NOR_1S1S1S
				      : (v & 2) ? EXTMEM_SIM_NOR_8D8D8D
						: EXTMEM_SIM_NOR_8S8S8S);
	return nor->part->wrvr_typ_us;
}

uint32_t nor_reg_write(struct extmem_sim_nor *nor, enum nor_reg reg, uint32_t addr, const uint8_t *d, uint32_t n)
{
	if (n == 0)
		return 0;
	switch (reg) {
	case R_SR:
		switch (nor->part->family) {
		case EXTMEM_SIM_NOR_FAMILY_MACRONIX_QUAD:
			nor->sr = d[0] & 0xFC; /* SRWD, QE, BP3..0; one byte leaves CR as it is */
			if (n >= 2)
				nor->cr = (uint8_t)((d[1] & ~0x08) | ((nor->cr | d[1]) & 0x08)); /* TB is one-time */
			break;
		case EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL:
			nor->sr = d[0] & 0xBC; /* SRWD, BP3..0 (bit 6 reserved on the octal parts) */
			if (n >= 2 && nor->proto != EXTMEM_SIM_NOR_8D8D8D)
				nor->cr = d[1];
			break;
		case EXTMEM_SIM_NOR_FAMILY_WINBOND_QUAD:
			nor->sr = d[0] & 0xFC;
			if (n >= 2)
				nor->sr2 = d[1] & 0x7B;
			else if (nor->part->wrsr_1byte_clears_sr2)
				nor->sr2 = 0;
			break;
		case EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD:
			/*
			 * WRR: SR1 SRWD and BP2..0 (E_ERR/P_ERR are read-only); a second byte
			 * is CR1: FREEZE, QUAD, LC1..0 as written, the one-time bits TBPARM,
			 * BPNV, TBPROT can only be set. One byte writes SR1 alone.
			 */
			nor->sr = (uint8_t)((nor->sr & 0x60) | (d[0] & 0x9C));
			if (n >= 2)
				nor->cr = (uint8_t)((d[1] & 0xC3) | ((nor->cr | d[1]) & 0x2C));
			break;
		case EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL:
			nor->sr = (uint8_t)((nor->sr & 0x60) | (d[0] & 0x9C)); /* ERSERR/PRGERR read-only */
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
		nor_switch_proto(nor, (d[0] & 0x80) ? EXTMEM_SIM_NOR_1S1S1S : EXTMEM_SIM_NOR_4S4S4S);
		break;
	case R_PARAMS: nor->params = d[0]; return 0; /* volatile, no WEL */
	case R_MT_VCR:
		if (addr == 1) {
			nor->mt_vcr[1] = d[0];
		} else if (addr == 0) {
			/* I/O mode: the protocol changes when the write ends. */
			nor->mt_vcr[0] = d[0];
			if (d[0] == 0xE7 || d[0] == 0xC7)
				nor_switch_proto(nor, EXTMEM_SIM_NOR_8D8D8D);
			else if (d[0] == 0xB7 || d[0] == 0x97)
				nor_switch_proto(nor, EXTMEM_SIM_NOR_8S8S8S);
			else if (d[0] == 0xFF || d[0] == 0xDF)
				nor_switch_proto(nor, EXTMEM_SIM_NOR_1S1S1S);
		}
		break;
	case R_IN_CFG: return semper_write(nor, addr, d[0]);
	case R_CR2:
		if (addr == 0x300) {
			nor->cr2_300 = d[0] & 7;
		} else if (addr == 0) {
			nor->cr2_0 = d[0] & 3;
			if ((d[0] & 3) == 3)
				nor_viol(nor, EXTMEM_SIM_NOR_RULE_SHAPE, "CR2[0] with both SOPI and DOPI set");
			nor_switch_proto(nor, (d[0] & 2)   ? EXTMEM_SIM_NOR_8D8D8D
					      : (d[0] & 1) ? EXTMEM_SIM_NOR_8S8S8S
							   : EXTMEM_SIM_NOR_1S1S1S);
		}
		break;
	default: break;
	}
	/* Non-volatile status registers take a write cycle where the part states one; volatile ones may too. */
	if (reg == R_SR || reg == R_SR2 || reg == R_SR3)
		return nor->wrsr_volatile ? nor->part->wrvr_typ_us : nor->part->wrsr_typ_us;
	return nor->part->wrvr_typ_us;
}
