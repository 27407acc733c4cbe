/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: the Cortex-M7 MPU (ARMv7-M ARM B3.5), enforced.
 *
 * Unicorn has no MPU. The permissions the MPU gives the current mode
 * (privileged or not; HardFault, NMI or FAULTMASK with HFNMIENA clear use
 * the default map) are applied to the mapped memory with uc_mem_protect at
 * Unicorn's 1 KB page granularity (a peripheral page, an MMIO region of its
 * own, as a whole: Unicorn 2.0.1 gives a split MMIO region wrong offsets).
 * A page gets the read and write rights every byte of it has, so a page a
 * region or subregion boundary cuts denies more than the MPU does: the
 * protection hook then makes the exact check on the address and lets the
 * access go on when the MPU allows it. Execute rights are checked by the
 * block hook, once per translated block and MPU configuration (the icount
 * cache keeps the answer). The map is recomputed when the configuration or
 * the mode changes, so code that does not fault runs at full speed.
 *
 * Unicorn does not tell a memory hook which instruction made the access (PC
 * is the start of the block): mpu_fault_pc decodes the block's loads and
 * stores with the registers as they are before the faulting one and takes
 * the first that reaches the address.
 */
#include <string.h>

#include "internal.h"

#define PAGE        0x400u /* Unicorn's target page on ARM */
#define GRANULE     32u    /* the smallest MPU region */
#define CTRL_ENABLE 1u
#define CTRL_HFNMI  2u
#define CTRL_PRIVDF 4u
#define RASR_MASK   0x173FFF3Fu /* XN, AP, TEX, S, C, B, SRD, SIZE, ENABLE */

#define MMFSR_IACCVIOL (1u << 0)
#define MMFSR_DACCVIOL (1u << 1)

void emu_mpu_reset(struct extmem_emu *emu)
{
	struct emu_mpu *m = &emu->mpu;
	m->ctrl = m->rnr = 0;
	memset(m->rbar, 0, sizeof(m->rbar));
	memset(m->rasr, 0, sizeof(m->rasr));
	m->dirty = true;
	m->xn_exit = 0;
}

uint32_t emu_mpu_read(struct extmem_emu *emu, uint32_t off)
{
	struct emu_mpu *m = &emu->mpu;
	switch (off) {
	case 0xD90: return (uint32_t)EMU_MPU_REGIONS << 8; /* TYPE: DREGION, unified (IREGION 0) */
	case 0xD94: return m->ctrl;
	case 0xD98: return m->rnr;
	case 0xD9C:
	case 0xDA4:
	case 0xDAC:
	case 0xDB4: return m->rbar[m->rnr % EMU_MPU_REGIONS] | (m->rnr % EMU_MPU_REGIONS); /* VALID reads 0 */
	default: return m->rasr[m->rnr % EMU_MPU_REGIONS];
	}
}

void emu_mpu_write(struct extmem_emu *emu, uint32_t off, uint32_t v)
{
	struct emu_mpu *m = &emu->mpu;
	switch (off) {
	case 0xD90: return; /* TYPE: read-only */
	case 0xD94: m->ctrl = v & 7u; break;
	case 0xD98: m->rnr = v & 0xFFu; return; /* selects, changes no permission */
	case 0xD9C:
	case 0xDA4:
	case 0xDAC:
	case 0xDB4:
		if (v & 0x10u) /* VALID: REGION selects the region (and updates RNR) */
			m->rnr = v & 0xFu;
		m->rbar[m->rnr % EMU_MPU_REGIONS] = v & ~0x1Fu;
		break;
	default: m->rasr[m->rnr % EMU_MPU_REGIONS] = v & RASR_MASK; break;
	}
	/* new permissions from the next block on (silicon wants a DSB/ISB after the write) */
	m->dirty = true;
	emu_break(emu);
}

/* The default memory map (B3.1): RW for privileged code everywhere; XN in the Peripheral, Device, System regions. */
static uint32_t default_prot(uint32_t addr)
{
	bool xn = (addr >= 0x40000000u && addr < 0x60000000u) || addr >= 0xA0000000u;
	return UC_PROT_READ | UC_PROT_WRITE | (xn ? 0 : UC_PROT_EXEC);
}

static bool region_hit(const struct emu_mpu *m, unsigned n, uint32_t addr)
{
	uint32_t rasr = m->rasr[n];
	uint32_t sizef = (rasr >> 1) & 0x1Fu;
	if (!(rasr & 1u) || sizef < 4u)
		return false; /* disabled, or a SIZE below 32 bytes (UNPREDICTABLE: taken as no region) */
	uint64_t size = 1ull << (sizef + 1u);
	uint64_t base = (uint64_t)(m->rbar[n] & ~0x1Fu) & ~(size - 1u);
	if ((uint64_t)addr < base || (uint64_t)addr - base >= size)
		return false;
	if (size >= 256u) { /* eight subregions; SRD has no effect below 256 bytes */
		unsigned sub = (unsigned)(((uint64_t)addr - base) / (size / 8u));
		if ((rasr >> (8u + sub)) & 1u)
			return false;
	}
	return true;
}

/* AP (B3.5.9): privileged / unprivileged rights, R = 1, W = 2. */
static uint32_t ap_rights(uint32_t ap, bool unpriv)
{
	static const uint8_t priv_r[8] = {0, 3, 3, 3, 0, 1, 1, 1};
	static const uint8_t user_r[8] = {0, 0, 1, 3, 0, 0, 1, 1};
	uint32_t r = unpriv ? user_r[ap & 7u] : priv_r[ap & 7u];
	return ((r & 1u) ? UC_PROT_READ : 0) | ((r & 2u) ? UC_PROT_WRITE : 0);
}

/* What the MPU lets the mode (mode bit 0: unprivileged, bit 1: default map) do at addr. */
static uint32_t prot_at(const struct emu_mpu *m, uint8_t mode, uint32_t addr)
{
	if (!(m->ctrl & CTRL_ENABLE) || (mode & 2u) || (addr >= 0xE0000000u && addr < 0xE0100000u))
		return default_prot(addr); /* the PPB always uses the default map */
	for (unsigned n = EMU_MPU_REGIONS; n-- > 0;) {
		if (!region_hit(m, n, addr))
			continue; /* the highest-numbered region holding addr decides */
		uint32_t p = ap_rights(m->rasr[n] >> 24, mode & 1u);
		if ((p & UC_PROT_READ) && !((m->rasr[n] >> 28) & 1u))
			p |= UC_PROT_EXEC; /* a fetch needs read access and XN clear */
		return p;
	}
	if (!(mode & 1u) && (m->ctrl & CTRL_PRIVDF))
		return default_prot(addr); /* the background region, privileged only */
	return 0;
}

uint8_t emu_mpu_mode(struct extmem_emu *emu)
{
	bool unpriv, negative;
	emu_exc_mode(emu, &unpriv, &negative);
	return (uint8_t)((unpriv ? 1u : 0) | (negative && !(emu->mpu.ctrl & CTRL_HFNMI) ? 2u : 0));
}

static bool is_mmio(uint32_t addr)
{
	return (addr >= 0x40000000u && addr < 0x60000000u) || addr >= 0xE0000000u;
}

/* Read and write rights every byte of [lo, hi) has. */
static uint32_t common_rw(const struct emu_mpu *m, uint8_t mode, uint64_t lo, uint64_t hi)
{
	uint32_t p = UC_PROT_READ | UC_PROT_WRITE;
	for (uint64_t a = lo; a < hi && p != 0; a += GRANULE)
		p &= prot_at(m, mode, (uint32_t)a);
	return p;
}

/* Applies the mode's read/write rights to the mapped memory overlapping [lo, hi]. */
static void apply_range(struct extmem_emu *emu, uint8_t mode, uint64_t lo, uint64_t hi)
{
	uc_mem_region *regs = NULL;
	uint32_t count = 0;
	if (uc_mem_regions(emu->uc, &regs, &count) != UC_ERR_OK)
		return;
	const struct emu_mpu *m = &emu->mpu;
	for (uint32_t i = 0; i < count; i++) {
		uint64_t b = regs[i].begin, e = regs[i].end;
		if (e < lo || b > hi)
			continue;
		uint32_t base = emu_base_prot((uint32_t)b);
		uint32_t cur = regs[i].perms;
		if (is_mmio((uint32_t)b)) {
			uint32_t want = (cur & UC_PROT_EXEC) | (base & common_rw(m, mode, b, e + 1u));
			if (want != cur)
				uc_mem_protect(emu->uc, b, e + 1u - b, want);
			continue;
		}
		/* runs of pages that want the same rights */
		uint64_t run = b;
		uint32_t run_want = 0;
		for (uint64_t p = b; p <= e; p += PAGE) {
			uint32_t want = (base & UC_PROT_EXEC) | (base & common_rw(m, mode, p, p + PAGE));
			if (p == b) {
				run_want = want;
			} else if (want != run_want) {
				if (run_want != cur)
					uc_mem_protect(emu->uc, run, p - run, run_want);
				run = p;
				run_want = want;
			}
		}
		if (run_want != cur)
			uc_mem_protect(emu->uc, run, e + 1u - run, run_want);
	}
	uc_free(regs);
}

void emu_mpu_sync(struct extmem_emu *emu)
{
	struct emu_mpu *m = &emu->mpu;
	uint8_t mode = (m->ctrl & CTRL_ENABLE) ? emu_mpu_mode(emu) : 0;
	if (!m->dirty && mode == m->mode)
		return;
	m->dirty = false;
	m->mode = mode;
	apply_range(emu, mode, 0, 0xFFFFFFFFull);
	m->gen++; /* blocks check their fetch rights again */
}

void emu_mpu_mapped(struct extmem_emu *emu, uint32_t addr)
{
	if (emu->mpu.ctrl & CTRL_ENABLE)
		apply_range(emu, emu->mpu.mode, addr & ~(EMU_CHUNK - 1u), (addr | (EMU_CHUNK - 1u)));
}

uint32_t emu_mpu_fetch_check(struct extmem_emu *emu, uint32_t addr, uint32_t size)
{
	const struct emu_mpu *m = &emu->mpu;
	uint32_t end = addr + (size ? size : 2u);
	bool uniform = true;
	for (uint32_t g = addr & ~(GRANULE - 1u); g < end; g += GRANULE) {
		if (!(prot_at(m, m->mode, g) & UC_PROT_EXEC)) {
			uniform = false;
			break;
		}
	}
	if (uniform)
		return 0;
	/* the first instruction of the block in a granule that may not be executed */
	uint8_t code[1024];
	uint32_t len = size < sizeof(code) ? size : (uint32_t)sizeof(code);
	if (len == 0 || uc_mem_read(emu->uc, addr, code, len) != UC_ERR_OK)
		return addr;
	for (uint32_t i = 0; i + 1 < len;) {
		if (!(prot_at(m, m->mode, addr + i) & UC_PROT_EXEC))
			return addr + i;
		uint16_t hw = (uint16_t)(code[i] | (code[i + 1] << 8));
		i += (hw >> 11) >= 0x1Du ? 4u : 2u;
	}
	return 0;
}

bool emu_mpu_allows_as(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t want, bool unpriv, bool negative)
{
	const struct emu_mpu *m = &emu->mpu;
	uint8_t mode = (uint8_t)((unpriv ? 1u : 0) | (negative && !(m->ctrl & CTRL_HFNMI) ? 2u : 0));
	uint32_t last = addr + (size ? size - 1u : 0);
	if (last < addr)
		last = 0xFFFFFFFFu;
	for (uint64_t g = addr & ~(GRANULE - 1u); g <= last; g += GRANULE)
		if ((prot_at(m, mode, (uint32_t)g) & want) != want)
			return false;
	return true;
}

bool emu_mpu_allows(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t want)
{
	bool unpriv = false, negative = false;
	if (emu->mpu.ctrl & CTRL_ENABLE)
		emu_exc_mode(emu, &unpriv, &negative);
	return emu_mpu_allows_as(emu, addr, size, want, unpriv, negative);
}

/* ---- the instruction behind a data fault ---- */

static uint32_t rreg(struct extmem_emu *emu, unsigned n, uint32_t pc)
{
	static const int regs[15] = {UC_ARM_REG_R0,  UC_ARM_REG_R1,  UC_ARM_REG_R2,  UC_ARM_REG_R3, UC_ARM_REG_R4,
				     UC_ARM_REG_R5,  UC_ARM_REG_R6,  UC_ARM_REG_R7,  UC_ARM_REG_R8, UC_ARM_REG_R9,
				     UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR};
	if ((n & 15u) == 15u)
		return pc + 4u;
	uint32_t v = 0;
	uc_reg_read(emu->uc, regs[n & 15u], &v);
	return v;
}

/*
 * The bytes [*lo, *lo + *len) the load or store at pc reaches with the
 * registers as they are now (ARMv7-M A5.2, A5.3 encodings); false when the
 * instruction makes no data access the MPU checks.
 */
static bool access_of(struct extmem_emu *emu, uint32_t pc, uint16_t h1, uint16_t h2, bool wide, uint32_t *lo,
		      uint32_t *len)
{
	static const uint8_t reg_sizes[8] = {4, 2, 1, 1, 4, 2, 1, 2};
	uint32_t lit = (pc + 4u) & ~3u;
	if (!wide) {
		unsigned rn = (h1 >> 3) & 7u, imm5 = (h1 >> 6) & 31u;
		unsigned list = (unsigned)__builtin_popcount(h1 & 0xFFu);
		if ((h1 & 0xF800u) == 0x4800u) { /* LDR literal */
			*lo = lit + (h1 & 0xFFu) * 4u, *len = 4;
		} else if ((h1 & 0xF000u) == 0x5000u) { /* register offset */
			*lo = rreg(emu, rn, pc) + rreg(emu, imm5 & 7u, pc), *len = reg_sizes[(h1 >> 9) & 7u];
		} else if ((h1 & 0xE000u) == 0x6000u) { /* word and byte immediate */
			*len = (h1 & 0x1000u) ? 1u : 4u, *lo = rreg(emu, rn, pc) + imm5 * *len;
		} else if ((h1 & 0xF000u) == 0x8000u) { /* halfword immediate */
			*lo = rreg(emu, rn, pc) + imm5 * 2u, *len = 2;
		} else if ((h1 & 0xF000u) == 0x9000u) { /* SP-relative */
			*lo = rreg(emu, 13, pc) + (h1 & 0xFFu) * 4u, *len = 4;
		} else if ((h1 & 0xFE00u) == 0xB400u) { /* PUSH */
			*len = 4u * (list + ((h1 >> 8) & 1u)), *lo = rreg(emu, 13, pc) - *len;
		} else if ((h1 & 0xFE00u) == 0xBC00u) { /* POP */
			*len = 4u * (list + ((h1 >> 8) & 1u)), *lo = rreg(emu, 13, pc);
		} else if ((h1 & 0xF000u) == 0xC000u) { /* LDM, STM */
			*lo = rreg(emu, (h1 >> 8) & 7u, pc), *len = 4u * list;
		} else {
			return false;
		}
		return true;
	}
	unsigned rn = h1 & 15u;
	uint32_t base = rn == 15u ? lit : rreg(emu, rn, pc);
	if ((h1 & 0xFE00u) == 0xF800u) { /* load/store single */
		unsigned sz = (h1 >> 5) & 3u;
		if (sz == 3u || ((h1 & 0x10u) && (h2 >> 12) == 15u && sz < 2u))
			return false; /* not a load/store, or PLD/PLI */
		*len = 1u << sz;
		if (rn == 15u)
			*lo = (h1 & 0x80u) ? lit + (h2 & 0xFFFu) : lit - (h2 & 0xFFFu);
		else if (h1 & 0x80u)
			*lo = base + (h2 & 0xFFFu);
		else if (h2 & 0x800u) {
			uint32_t off = (h2 & 0x200u) ? base + (h2 & 0xFFu) : base - (h2 & 0xFFu);
			*lo = (h2 & 0x400u) ? off : base;
		} else if ((h2 & 0xFC0u) == 0)
			*lo = base + (rreg(emu, h2 & 15u, pc) << ((h2 >> 4) & 3u));
		else
			return false;
		return true;
	}
	if ((h1 & 0xFE40u) == 0xE840u) {
		if (h1 & 0x120u) { /* LDRD, STRD */
			uint32_t off = (h1 & 0x80u) ? base + (h2 & 0xFFu) * 4u : base - (h2 & 0xFFu) * 4u;
			*lo = (h1 & 0x100u) ? off : base, *len = 8;
			return true;
		}
		if ((h1 & 0xFFE0u) == 0xE840u) { /* LDREX, STREX */
			*lo = base + (h2 & 0xFFu) * 4u, *len = 4;
			return true;
		}
		if ((h1 & 0xFFE0u) == 0xE8C0u) {
			unsigned op = (h2 >> 4) & 15u;
			uint32_t rm = rreg(emu, h2 & 15u, pc);
			switch (op) {
			case 0: *lo = base + rm, *len = 1; return (h1 & 0x10u) != 0;      /* TBB */
			case 1: *lo = base + 2u * rm, *len = 2; return (h1 & 0x10u) != 0; /* TBH */
			case 4: *lo = base, *len = 1; return true;
			case 5: *lo = base, *len = 2; return true;
			case 7: *lo = base, *len = 8; return true;
			default: return false;
			}
		}
		return false;
	}
	if ((h1 & 0xFE40u) == 0xE800u) { /* LDM, STM (IA, DB) */
		unsigned op = (h1 >> 7) & 3u;
		*len = 4u * (unsigned)__builtin_popcount(h2);
		if (op == 1u)
			*lo = base;
		else if (op == 2u)
			*lo = base - *len;
		else
			return false;
		return true;
	}
	if ((h1 & 0xFE00u) == 0xEC00u && (h2 & 0x0E00u) == 0x0A00u) { /* VLDM, VSTM, VPUSH, VPOP */
		uint32_t n = (h2 & 0xFFu) * 4u;
		if ((h1 & 0x180u) == 0x080u)
			*lo = base;
		else if ((h1 & 0x1A0u) == 0x120u)
			*lo = base - n;
		else
			return false;
		*len = n;
		return true;
	}
	if ((h1 & 0xFF20u) == 0xED00u && (h2 & 0x0E00u) == 0x0A00u) { /* VLDR, VSTR */
		*lo = (h1 & 0x80u) ? base + (h2 & 0xFFu) * 4u : base - (h2 & 0xFFu) * 4u;
		*len = (h2 & 0x100u) ? 8u : 4u;
		return true;
	}
	return false;
}

/* The instruction of the running block whose access reaches addr; the block's start when none is found. */
static uint32_t mpu_fault_pc(struct extmem_emu *emu, uint32_t addr)
{
	if (emu->xip_pc_valid)
		return emu->xip_pc; /* hooked per instruction there: exact */
	uint32_t start = emu->block_addr, size = emu->block_size;
	uint8_t code[1024];
	uint32_t len = size < sizeof(code) ? size : (uint32_t)sizeof(code);
	if (start == 0 || len < 2 || uc_mem_read(emu->uc, start, code, len) != UC_ERR_OK)
		return emu_pc(emu);
	for (uint32_t i = 0; i + 1 < len;) {
		uint16_t h1 = (uint16_t)(code[i] | (code[i + 1] << 8));
		bool wide = (h1 >> 11) >= 0x1Du;
		uint16_t h2 = wide && i + 3 < len ? (uint16_t)(code[i + 2] | (code[i + 3] << 8)) : 0;
		uint32_t lo = 0, n = 0;
		if (access_of(emu, start + i, h1, h2, wide, &lo, &n) && addr - lo < n)
			return start + i;
		i += wide ? 4u : 2u;
	}
	return start;
}

bool emu_mpu_data_access(struct extmem_emu *emu, uint32_t addr, int size, bool write)
{
	if (!(emu->mpu.ctrl & CTRL_ENABLE) && !is_mmio(addr))
		return true;
	if (emu_mpu_allows(emu, addr, size > 0 ? (unsigned)size : 1u, write ? UC_PROT_WRITE : UC_PROT_READ))
		return true;
	emu_exc_raise_fault(emu, EMU_FAULT_MPU_DACC, mpu_fault_pc(emu, addr), addr);
	return false;
}

void emu_mpu_fault_status(struct extmem_emu *emu, enum emu_fault_cause cause, uint32_t addr)
{
	if (cause == EMU_FAULT_MPU_DACC) {
		emu->scs[0xD34 / 4] = addr; /* MMFAR, MMARVALID in CFSR */
		emu->scs[0xD28 / 4] |= MMFSR_DACCVIOL | (1u << 7);
	} else if (cause == EMU_FAULT_MPU_IACC) {
		emu->scs[0xD28 / 4] |= MMFSR_IACCVIOL;
	}
}
