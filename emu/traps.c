/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: the UsageFault checks Unicorn 2.0.1 does not make.
 *
 * Its CPU runs an unaligned LDRD, STRD, LDM, STM, VLDR or VSTM, divides by
 * zero into 0 and knows nothing of CCR.UNALIGN_TRP or CCR.DIV_0_TRP. The
 * Cortex-M7 faults on the first always and on the others when the CCR bit
 * is set (ARMv7-M A3.2.1, B3.2.8). A hook on every instruction would cost
 * most of the speed, so the block hook scans each block the first time it
 * is about to run and puts a code hook on just the instructions that can
 * fault: a multi-word access through a base register other than SP or PC,
 * and, while the CCR bits ask for it, halfword and word accesses and
 * divisions. The hook checks the operands before the instruction runs and
 * raises the fault there, so the stacked return address is the
 * instruction's own, as on silicon.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define CCR_UNALIGN_TRP (1u << 3)
#define CCR_DIV_0_TRP   (1u << 4)

#define TRAP_CAPACITY 4096u

enum trap_kind {
	TRAP_WORD_BASE = 1, /* the base register must be word aligned */
	TRAP_IMM,           /* R[rn] + imm must be aligned to rm bytes */
	TRAP_REG,           /* R[rn] + (R[rm] << shift) must be aligned to imm bytes */
	TRAP_DIV,           /* R[rm] must not be zero */
};

static const int core_regs[16] = {UC_ARM_REG_R0,  UC_ARM_REG_R1, UC_ARM_REG_R2,  UC_ARM_REG_R3,
				  UC_ARM_REG_R4,  UC_ARM_REG_R5, UC_ARM_REG_R6,  UC_ARM_REG_R7,
				  UC_ARM_REG_R8,  UC_ARM_REG_R9, UC_ARM_REG_R10, UC_ARM_REG_R11,
				  UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,  UC_ARM_REG_PC};

static uint32_t reg(struct extmem_emu *emu, unsigned n)
{
	uint32_t v = 0;
	uc_reg_read(emu->uc, core_regs[n & 15u], &v);
	return v;
}

/* ARM condition code against APSR.NZCV. */
static bool cond_holds(uint32_t apsr, unsigned cond)
{
	bool n = apsr >> 31 & 1u, z = apsr >> 30 & 1u, c = apsr >> 29 & 1u, v = apsr >> 28 & 1u;
	bool r;
	switch (cond >> 1) {
	case 0: r = z; break;
	case 1: r = c; break;
	case 2: r = n; break;
	case 3: r = v; break;
	case 4: r = c && !z; break;
	case 5: r = n == v; break;
	case 6: r = !z && n == v; break;
	default: return true;
	}
	return (cond & 1u) ? !r : r;
}

static struct emu_trap *find(struct extmem_emu *emu, uint32_t addr)
{
	if (emu->traps == NULL)
		return NULL;
	for (uint32_t i = 0, h = (addr >> 1) * 2654435761u; i < TRAP_CAPACITY; i++, h++) {
		struct emu_trap *t = &emu->traps[h % TRAP_CAPACITY];
		if (t->addr == addr)
			return t;
		if (t->addr == 0)
			return NULL;
	}
	return NULL;
}

static void hook_trap(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
	struct extmem_emu *emu = user;
	(void)size;
	const struct emu_trap *t = find(emu, (uint32_t)address);
	if (t == NULL || emu->fault.pending)
		return;
	uint32_t ccr = emu->scs[0xD14 / 4];
	bool fault = false;
	uint32_t at = 0;
	switch (t->kind) {
	case TRAP_WORD_BASE:
		at = reg(emu, t->rn);
		fault = (at & 3u) != 0;
		break;
	case TRAP_IMM:
		at = reg(emu, t->rn) + (uint32_t)t->imm;
		fault = (ccr & CCR_UNALIGN_TRP) && (at & (t->rm - 1u)) != 0;
		break;
	case TRAP_REG:
		at = reg(emu, t->rn) + (reg(emu, t->rm) << (t->shift & 3u));
		fault = (ccr & CCR_UNALIGN_TRP) && (at & ((uint32_t)t->imm - 1u)) != 0;
		break;
	case TRAP_DIV: fault = (ccr & CCR_DIV_0_TRP) && reg(emu, t->rm) == 0; break;
	default: break;
	}
	if (!fault)
		return;
	if (t->shift >> 4 != 0xE) {
		/* inside an IT block: a failed condition does not execute (nor fault) */
		uint32_t apsr = 0;
		uc_reg_read(uc, UC_ARM_REG_APSR, &apsr);
		if (!cond_holds(apsr, t->shift >> 4))
			return;
	}
	emu_exc_raise_fault(emu, t->kind == TRAP_DIV ? EMU_FAULT_DIVBYZERO : EMU_FAULT_UNALIGNED, (uint32_t)address,
			    at);
	uc_emu_stop(uc); /* before the instruction runs: the run loop takes the fault */
}

/*
 * What an instruction (hw1, hw2 for 32-bit ones) can fault on; 0: nothing
 * the CPU does not check. Encodings from the ARMv7-M ARM, A5.2 and A5.3.
 */
static enum trap_kind classify(uint16_t hw1, uint16_t hw2, bool wide, uint32_t flags, struct emu_trap *t)
{
	bool unal = flags & CCR_UNALIGN_TRP, div = flags & CCR_DIV_0_TRP;
	t->imm = 0;
	t->shift = 0;
	if (!wide) {
		unsigned top5 = hw1 >> 11;
		if (top5 == 0x18 || top5 == 0x19) { /* STM/LDM T1 (never SP) */
			t->rn = (hw1 >> 8) & 7u;
			return TRAP_WORD_BASE;
		}
		if (!unal)
			return 0;
		if (top5 == 0x0C || top5 == 0x0D || top5 == 0x10 || top5 == 0x11) { /* STR/LDR, STRH/LDRH imm5 */
			unsigned sz = top5 <= 0x0D ? 4u : 2u;
			t->rn = (hw1 >> 3) & 7u;
			t->rm = (uint8_t)sz;
			t->imm = (int32_t)(((hw1 >> 6) & 0x1Fu) * sz);
			return TRAP_IMM;
		}
		if ((hw1 >> 12) == 0x5) { /* load/store register offset */
			static const uint8_t sizes[8] = {4, 2, 1, 1, 4, 2, 1, 2};
			unsigned sz = sizes[(hw1 >> 9) & 7u];
			if (sz == 1)
				return 0;
			t->rn = (hw1 >> 3) & 7u;
			t->rm = (hw1 >> 6) & 7u;
			t->imm = (int32_t)sz;
			return TRAP_REG;
		}
		return 0;
	}
	unsigned rn = hw1 & 0xFu;
	if ((hw1 & 0xFE40u) == 0xE800u && (((hw1 >> 7) & 3u) == 1u || ((hw1 >> 7) & 3u) == 2u)) { /* LDM/STM T2 */
		t->rn = (uint8_t)rn;
		return rn == 13 || rn == 15 ? 0 : TRAP_WORD_BASE;
	}
	if ((hw1 & 0xFE40u) == 0xE840u && (hw1 & 0x0120u) != 0) { /* LDRD/STRD immediate */
		t->rn = (uint8_t)rn;
		return rn == 13 || rn == 15 ? 0 : TRAP_WORD_BASE;
	}
	if ((hw1 & 0xFE00u) == 0xEC00u && (hw2 & 0x0E00u) == 0x0A00u && (hw1 & 0x01A0u) != 0) {
		/* VLDR/VSTR/VLDM/VSTM (coprocessor 10/11 load/store; not the 64-bit transfers) */
		t->rn = (uint8_t)rn;
		return rn == 13 || rn == 15 ? 0 : TRAP_WORD_BASE;
	}
	if (div && ((hw1 & 0xFFF0u) == 0xFB90u || (hw1 & 0xFFF0u) == 0xFBB0u) && (hw2 & 0xF0F0u) == 0xF0F0u) {
		t->rm = hw2 & 0xFu; /* SDIV/UDIV */
		return TRAP_DIV;
	}
	if (unal && (hw1 & 0xFE00u) == 0xF800u && rn != 15) {
		/* LDR/STR (H, SH) T2/T3/T4: size 01 halfword, 10 word; Rt = PC with a load is a hint */
		unsigned size = (hw1 >> 5) & 3u;
		unsigned rt = hw2 >> 12;
		if ((size != 1u && size != 2u) || ((hw1 & 0x10u) && rt == 15))
			return 0;
		unsigned sz = size == 1u ? 2u : 4u;
		t->rn = (uint8_t)rn;
		if (hw1 & 0x80u) { /* imm12 */
			t->rm = (uint8_t)sz;
			t->imm = (int32_t)(hw2 & 0xFFFu);
			return TRAP_IMM;
		}
		if (hw2 & 0x800u) { /* imm8 with P U W */
			bool p = hw2 & 0x400u, u = hw2 & 0x200u;
			t->rm = (uint8_t)sz;
			t->imm = p ? (u ? (int32_t)(hw2 & 0xFFu) : -(int32_t)(hw2 & 0xFFu)) : 0;
			return TRAP_IMM;
		}
		if ((hw2 & 0x0FC0u) == 0) { /* register, LSL #imm2 */
			t->rm = hw2 & 0xFu;
			t->shift = (hw2 >> 4) & 3u;
			t->imm = (int32_t)sz;
			return TRAP_REG;
		}
	}
	return 0;
}

static bool install(struct extmem_emu *emu, uint32_t addr, const struct emu_trap *proto)
{
	if (emu->traps == NULL) {
		emu->traps = calloc(TRAP_CAPACITY, sizeof(*emu->traps));
		if (emu->traps == NULL)
			return false;
	}
	if (emu->ntraps >= TRAP_CAPACITY * 3u / 4u)
		return false; /* full: this instruction runs unchecked */
	uint32_t h = (addr >> 1) * 2654435761u;
	while (emu->traps[h % TRAP_CAPACITY].addr != 0)
		h++;
	struct emu_trap *t = &emu->traps[h % TRAP_CAPACITY];
	*t = *proto;
	t->addr = addr;
	if (uc_hook_add(emu->uc, &t->hook, UC_HOOK_CODE, (void *)hook_trap, emu, addr, addr) != UC_ERR_OK) {
		t->addr = 0;
		return false;
	}
	emu->ntraps++;
	return true;
}

bool emu_traps_scan(struct extmem_emu *emu, uint32_t addr, const uint8_t *code, uint32_t len)
{
	uint32_t flags = emu->scs[0xD14 / 4] & (CCR_UNALIGN_TRP | CCR_DIV_0_TRP);
	bool added = false;
	unsigned it_cond = 0xE, it_mask = 0; /* IT state: condition of the next instruction, mask left */
	for (uint32_t i = 0; i + 1 < len;) {
		uint16_t hw1 = (uint16_t)(code[i] | code[i + 1] << 8);
		bool wide = (hw1 >> 11) >= 0x1D;
		uint16_t hw2 = wide && i + 3 < len ? (uint16_t)(code[i + 2] | code[i + 3] << 8) : 0;
		unsigned cond = it_mask != 0 ? it_cond : 0xE;
		if (it_mask != 0) {
			/* advance the IT state as ITAdvance does */
			if ((it_mask & 7u) == 0) {
				it_mask = 0;
			} else {
				it_cond = (it_cond & 0xEu) | ((it_mask >> 3) & 1u);
				it_mask = (it_mask << 1) & 0xFu;
			}
		}
		if (!wide && (hw1 & 0xFF00u) == 0xBF00u && (hw1 & 0xFu) != 0) { /* IT */
			it_cond = (hw1 >> 4) & 0xFu;
			it_mask = hw1 & 0xFu;
		}
		struct emu_trap t;
		memset(&t, 0, sizeof(t));
		enum trap_kind k = classify(hw1, hw2, wide, flags, &t);
		if (k != 0 && find(emu, addr + i) == NULL) {
			t.kind = (uint8_t)k;
			t.shift = (uint8_t)(t.shift | cond << 4);
			if (install(emu, addr + i, &t))
				added = true;
		}
		i += wide ? 4u : 2u;
	}
	return added;
}

void emu_traps_clear(struct extmem_emu *emu)
{
	if (emu->traps != NULL) {
		for (uint32_t i = 0; i < TRAP_CAPACITY; i++)
			if (emu->traps[i].addr != 0)
				uc_hook_del(emu->uc, emu->traps[i].hook);
		memset(emu->traps, 0, TRAP_CAPACITY * sizeof(*emu->traps));
	}
	emu->ntraps = 0;
	emu->trap_flags = emu->scs[0xD14 / 4] & (CCR_UNALIGN_TRP | CCR_DIV_0_TRP);
}
