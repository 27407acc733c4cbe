/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: exceptions as the Cortex-M7 takes them (ARMv7-M ARM, B1.5).
 *
 * Unicorn's M-class CPU has no NVIC: it reports SVC, BKPT and a branch to an
 * EXC_RETURN value, and nothing else. This file keeps what the NVIC and SCB
 * hold (pending, active, enable and priority of every exception; the fault
 * status registers) and does what the core does: priority-based preemption
 * with PRIGROUP, PRIMASK, FAULTMASK and BASEPRI; stacking of the basic or
 * the FP-extended frame on MSP or PSP; EXC_RETURN; tail-chaining; faults
 * escalated to HardFault. Exceptions are taken between run slices and at
 * block boundaries; a write that pends one ends the slice at the next block.
 *
 * Unicorn keeps the active stack pointer in R13 and the other one aside and
 * swaps them only through its own CONTROL.SPSEL write, which it honours in
 * privileged thread mode only; the helpers below go through that door.
 */
#include <string.h>

#include "internal.h"

#define XPSR_EXC  0x1FFu
#define XPSR_T    (1u << 24)
#define XPSR_ICI  0x0600FC00u /* IT/ICI bits */
#define CTRL_NPRV 1u
#define CTRL_SPSL 2u
#define CTRL_FPCA 4u

#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)

#define HFSR_FORCED (1u << 30)

#define MMFSR_MUNSTKERR (1u << 3)
#define MMFSR_MSTKERR   (1u << 4)

#define PRIO_BITS_MASK 0xF0u /* STM32H7: 4 priority bits (the top of each byte) */
#define NO_PRIO        256

static uint32_t rd(struct extmem_emu *emu, int reg)
{
	uint32_t v = 0;
	uc_reg_read(emu->uc, reg, &v);
	return v;
}

static void wr(struct extmem_emu *emu, int reg, uint32_t v)
{
	uc_reg_write(emu->uc, reg, &v);
}

static void set_ipsr(struct extmem_emu *emu, uint32_t n)
{
	wr(emu, UC_ARM_REG_XPSR, (rd(emu, UC_ARM_REG_XPSR) & ~XPSR_EXC) | n);
}

/* Masks and CONTROL as privileged code sees them (Unicorn reads them as 0 from unprivileged thread mode). */
struct core {
	uint32_t xpsr, control, primask, basepri, faultmask;
};

static void read_core(struct extmem_emu *emu, struct core *c)
{
	c->xpsr = rd(emu, UC_ARM_REG_XPSR);
	bool thread = (c->xpsr & XPSR_EXC) == 0;
	if (thread)
		set_ipsr(emu, 1); /* handler mode for the reads; no stack pointer is touched meanwhile */
	c->control = rd(emu, UC_ARM_REG_CONTROL);
	c->primask = rd(emu, UC_ARM_REG_PRIMASK) & 1u;
	c->basepri = rd(emu, UC_ARM_REG_BASEPRI) & 0xFFu;
	c->faultmask = rd(emu, UC_ARM_REG_FAULTMASK) & 1u;
	if (thread)
		set_ipsr(emu, 0);
}

/* CONTROL written in thread mode (IPSR 0): SPSEL swaps the stack pointers, nPRIV dropped last. */
static void write_control_thread(struct extmem_emu *emu, uint32_t now, uint32_t v)
{
	if (now & CTRL_NPRV) {
		set_ipsr(emu, 1);
		wr(emu, UC_ARM_REG_CONTROL, now & ~CTRL_NPRV);
		set_ipsr(emu, 0);
	}
	wr(emu, UC_ARM_REG_CONTROL, v & ~CTRL_NPRV);
	if (v & CTRL_NPRV)
		wr(emu, UC_ARM_REG_CONTROL, v);
}

/* ---- priorities ---- */

static uint32_t prigroup(const struct extmem_emu *emu)
{
	return (emu->scs[0xD0C / 4] >> 8) & 7u;
}

static int group_of(const struct extmem_emu *emu, int prio)
{
	if (prio < 0 || prio >= NO_PRIO)
		return prio;
	uint32_t sub = (2u << prigroup(emu)) - 1u; /* PRIGROUP n: bits [n:0] are subpriority */
	return (int)((uint32_t)prio & ~sub);
}

int emu_exc_priority(const struct extmem_emu *emu, unsigned n)
{
	switch (n) {
	case 1: return -3;
	case EMU_EXC_NMI: return -2;
	case EMU_EXC_HARDFAULT: return -1;
	default: break;
	}
	const uint8_t *b = (const uint8_t *)emu->scs;
	if (n < 16)
		return n >= 4 ? b[0xD18 + (n - 4)] : NO_PRIO;
	return n - 16 < EMU_NVIC_IRQS ? b[0x400 + (n - 16)] : NO_PRIO;
}

static bool irq_bit(const struct extmem_emu *emu, uint32_t base, unsigned irq)
{
	return (emu->scs[(base / 4) + irq / 32] >> (irq % 32)) & 1u;
}

bool emu_exc_active(const struct extmem_emu *emu, unsigned n)
{
	if (n < 16)
		return (emu->sys_active >> n) & 1u;
	return irq_bit(emu, 0x300, n - 16);
}

static void set_active(struct extmem_emu *emu, unsigned n, bool on)
{
	uint32_t *w;
	uint32_t bit;
	if (n < 16) {
		w = &emu->sys_active;
		bit = 1u << n;
	} else {
		w = &emu->scs[0x300 / 4 + (n - 16) / 32];
		bit = 1u << ((n - 16) % 32);
	}
	*w = on ? *w | bit : *w & ~bit;
}

bool emu_exc_pending(struct extmem_emu *emu, unsigned n)
{
	if (n == EMU_EXC_SYSTICK)
		return emu_systick_due(emu);
	if (n < 16)
		return (emu->sys_pending >> n) & 1u;
	return irq_bit(emu, 0x200, n - 16);
}

void emu_exc_set_pending(struct extmem_emu *emu, unsigned n, bool on)
{
	if (n == EMU_EXC_SYSTICK) {
		emu->st_pending = on;
	} else if (n < 16) {
		emu->sys_pending = on ? emu->sys_pending | 1u << n : emu->sys_pending & ~(1u << n);
	} else if (n - 16 < EMU_NVIC_IRQS) {
		uint32_t *w = &emu->scs[0x200 / 4 + (n - 16) / 32];
		uint32_t bit = 1u << ((n - 16) % 32);
		*w = on ? *w | bit : *w & ~bit;
	}
	if (on)
		emu_break(emu); /* looked at between slices */
}

/* Enabled for taking (a pending fault that is disabled escalates when raised, see raise_fault). */
static bool enabled(const struct extmem_emu *emu, unsigned n)
{
	uint32_t shcsr = emu->scs[0xD24 / 4];
	switch (n) {
	case EMU_EXC_MEMMANAGE: return shcsr & SHCSR_MEMFAULTENA;
	case EMU_EXC_BUSFAULT: return shcsr & SHCSR_BUSFAULTENA;
	case EMU_EXC_USAGEFAULT: return shcsr & SHCSR_USGFAULTENA;
	default: return n < 16 || irq_bit(emu, 0x100, n - 16);
	}
}

/* The highest-priority pending and enabled exception (lowest number on a tie), 0: none. */
unsigned emu_exc_best_pending(struct extmem_emu *emu)
{
	unsigned best = 0;
	int best_prio = NO_PRIO + 1;
	uint32_t sys = emu->sys_pending | (emu_systick_due(emu) ? 1u << EMU_EXC_SYSTICK : 0);
	for (unsigned n = 2; n < 16; n++) {
		if (((sys >> n) & 1u) && enabled(emu, n) && emu_exc_priority(emu, n) < best_prio) {
			best = n;
			best_prio = emu_exc_priority(emu, n);
		}
	}
	for (unsigned w = 0; w < EMU_NVIC_IRQS / 32; w++) {
		uint32_t p = emu->scs[0x200 / 4 + w] & emu->scs[0x100 / 4 + w];
		while (p != 0) {
			unsigned bit = (unsigned)__builtin_ctz(p);
			p &= p - 1u;
			unsigned n = 16u + w * 32u + bit;
			if (emu_exc_priority(emu, n) < best_prio) {
				best = n;
				best_prio = emu_exc_priority(emu, n);
			}
		}
	}
	return best;
}

/* Execution priority: the active exceptions' group priorities and the masks (B1.5.4). */
static int exec_priority(struct extmem_emu *emu, const struct core *c)
{
	int p = NO_PRIO;
	for (unsigned n = 1; n < 16; n++)
		if (((emu->sys_active >> n) & 1u) && group_of(emu, emu_exc_priority(emu, n)) < p)
			p = group_of(emu, emu_exc_priority(emu, n));
	for (unsigned w = 0; w < EMU_NVIC_IRQS / 32; w++) {
		uint32_t a = emu->scs[0x300 / 4 + w];
		while (a != 0) {
			unsigned bit = (unsigned)__builtin_ctz(a);
			a &= a - 1u;
			int g = group_of(emu, emu_exc_priority(emu, 16u + w * 32u + bit));
			if (g < p)
				p = g;
		}
	}
	uint32_t basepri = c->basepri & PRIO_BITS_MASK;
	if (basepri != 0 && group_of(emu, (int)basepri) < p)
		p = group_of(emu, (int)basepri);
	if (c->primask && p > 0)
		p = 0;
	if (c->faultmask && p > -1)
		p = -1;
	return p;
}

void emu_exc_mode(struct extmem_emu *emu, bool *unpriv, bool *negative)
{
	struct core c;
	read_core(emu, &c);
	*unpriv = (c.xpsr & XPSR_EXC) == 0 && (c.control & CTRL_NPRV) != 0;
	*negative = exec_priority(emu, &c) < 0;
}

static int active_count(const struct extmem_emu *emu)
{
	int k = __builtin_popcount(emu->sys_active);
	for (unsigned w = 0; w < EMU_NVIC_IRQS / 32; w++)
		k += __builtin_popcount(emu->scs[0x300 / 4 + w]);
	return k;
}

uint32_t emu_exc_icsr(struct extmem_emu *emu)
{
	uint32_t ipsr = rd(emu, UC_ARM_REG_XPSR) & XPSR_EXC;
	uint32_t v = ipsr;
	if (active_count(emu) <= 1)
		v |= 1u << 11; /* RETTOBASE */
	v |= (emu_exc_best_pending(emu) & 0x1FFu) << 12;
	for (unsigned w = 0; w < EMU_NVIC_IRQS / 32; w++)
		if (emu->scs[0x200 / 4 + w] != 0)
			v |= 1u << 22; /* ISRPENDING */
	if (emu_systick_due(emu))
		v |= 1u << 26;
	if (emu->sys_pending & (1u << EMU_EXC_PENDSV))
		v |= 1u << 28;
	if (emu->sys_pending & (1u << EMU_EXC_NMI))
		v |= 1u << 31;
	return v;
}

uint32_t emu_exc_shcsr(struct extmem_emu *emu)
{
	static const uint8_t act[][2] = {
		{EMU_EXC_MEMMANAGE, 0}, {EMU_EXC_BUSFAULT, 1}, {EMU_EXC_USAGEFAULT, 3}, {EMU_EXC_SVCALL, 7}, {12, 8},
		{EMU_EXC_PENDSV, 10},   {EMU_EXC_SYSTICK, 11}};
	static const uint8_t pend[][2] = {
		{EMU_EXC_USAGEFAULT, 12}, {EMU_EXC_MEMMANAGE, 13}, {EMU_EXC_BUSFAULT, 14}, {EMU_EXC_SVCALL, 15}};
	uint32_t v = emu->scs[0xD24 / 4] & (SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA);
	for (size_t i = 0; i < sizeof(act) / sizeof(act[0]); i++)
		if ((emu->sys_active >> act[i][0]) & 1u)
			v |= 1u << act[i][1];
	for (size_t i = 0; i < sizeof(pend) / sizeof(pend[0]); i++)
		if ((emu->sys_pending >> pend[i][0]) & 1u)
			v |= 1u << pend[i][1];
	return v;
}

void emu_exc_write_shcsr(struct extmem_emu *emu, uint32_t v)
{
	static const uint8_t act[][2] = {
		{EMU_EXC_MEMMANAGE, 0}, {EMU_EXC_BUSFAULT, 1}, {EMU_EXC_USAGEFAULT, 3}, {EMU_EXC_SVCALL, 7}, {12, 8},
		{EMU_EXC_PENDSV, 10},   {EMU_EXC_SYSTICK, 11}};
	static const uint8_t pend[][2] = {
		{EMU_EXC_USAGEFAULT, 12}, {EMU_EXC_MEMMANAGE, 13}, {EMU_EXC_BUSFAULT, 14}, {EMU_EXC_SVCALL, 15}};
	/* the active and pended bits are writable (an OS restoring a context); take care, as on silicon */
	for (size_t i = 0; i < sizeof(act) / sizeof(act[0]); i++)
		set_active(emu, act[i][0], (v >> act[i][1]) & 1u);
	for (size_t i = 0; i < sizeof(pend) / sizeof(pend[0]); i++)
		emu_exc_set_pending(emu, pend[i][0], (v >> pend[i][1]) & 1u);
	emu->scs[0xD24 / 4] = v & (SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA);
	emu_break(emu);
}

/* ---- entry and return ---- */

static const char *const exc_names[16] = {"thread",       "reset",        "NMI",          "HardFault",
					  "MemManage",    "BusFault",     "UsageFault",   "exception 7",
					  "exception 8",  "exception 9",  "exception 10", "SVCall",
					  "DebugMonitor", "exception 13", "PendSV",       "SysTick"};

const char *emu_exc_name(unsigned n, char *buf, size_t len)
{
	if (n < 16)
		return exc_names[n];
	snprintf(buf, len, "IRQ %u", n - 16);
	return buf;
}

static uint32_t vector(struct extmem_emu *emu, unsigned n, bool *ok)
{
	uint32_t handler = 0;
	uint32_t vtor = emu->scs[0xD08 / 4];
	*ok = uc_mem_read(emu->uc, vtor + 4u * n, &handler, 4) == UC_ERR_OK && (handler & 1u) != 0;
	return handler;
}

/*
 * A stacking or unstacking error: the MMFSR bit is the caller's; the
 * exception it raises is MemManage when enabled and able to preempt the
 * context c, otherwise HardFault with HFSR.FORCED.
 */
static unsigned stack_fault(struct extmem_emu *emu, const struct core *c)
{
	if (enabled(emu, EMU_EXC_MEMMANAGE) &&
	    group_of(emu, emu_exc_priority(emu, EMU_EXC_MEMMANAGE)) < exec_priority(emu, c))
		return EMU_EXC_MEMMANAGE;
	emu->scs[0xD2C / 4] |= HFSR_FORCED;
	return EMU_EXC_HARDFAULT;
}

/*
 * Takes exception n now, with return_pc as the stacked return address
 * (B1.5.6 PushStack, B1.5.7 ExceptionTaken). The FP registers go in an
 * extended frame when CONTROL.FPCA is set; they are stacked at once (lazy
 * stacking reserves the same space and fills it later: the values come
 * back the same).
 */
static bool enter(struct extmem_emu *emu, unsigned n, uint32_t return_pc, const struct core *c)
{
	char nb[16];
	bool in_thread = (c->xpsr & XPSR_EXC) == 0;
	bool psp = in_thread && (c->control & CTRL_SPSL);
	bool fp = (c->control & CTRL_FPCA) != 0;
	uint32_t sp = rd(emu, UC_ARM_REG_SP);
	uint32_t size = fp ? 0x68u : 0x20u;
	uint32_t frame = (sp - size) & ~7u;
	uint32_t w[26];
	static const int core_regs[6] = {UC_ARM_REG_R0, UC_ARM_REG_R1,  UC_ARM_REG_R2,
					 UC_ARM_REG_R3, UC_ARM_REG_R12, UC_ARM_REG_LR};
	for (int i = 0; i < 6; i++)
		w[i] = rd(emu, core_regs[i]);
	w[6] = return_pc & ~1u;
	w[7] = (c->xpsr & ~(1u << 9)) | ((sp >> 2) & 1u) << 9; /* bit 9: the frame was realigned */
	if (fp) {
		for (int i = 0; i < 16; i++)
			w[8 + i] = rd(emu, UC_ARM_REG_S0 + i);
		w[24] = rd(emu, UC_ARM_REG_FPSCR);
		w[25] = 0;
	}
	/*
	 * The MPU checks the stacking writes with the rights of the context left (B1.5.6): a frame it
	 * forbids is not written (SP still moves), MSTKERR, and MemManage (HardFault when it cannot be
	 * taken) arrives late: the higher-priority one of it and n runs, the other stays pending.
	 */
	bool stack_ok = emu_mpu_allows(emu, frame, size, UC_PROT_WRITE);
	unsigned taken = n;
	if (!stack_ok) {
		emu->scs[0xD28 / 4] |= MMFSR_MSTKERR;
		unsigned derived = stack_fault(emu, c);
		emu_exc_set_pending(emu, n, true);
		int gd = group_of(emu, emu_exc_priority(emu, derived)), gn = group_of(emu, emu_exc_priority(emu, n));
		if (gd < gn || (gd == gn && derived < n)) /* a tie goes to the lower exception number */
			taken = derived;
		else
			emu_exc_set_pending(emu, derived, true);
		snprintf(emu->fault_note, sizeof(emu->fault_note),
			 "%s: MSTKERR (stacking to 0x%08X the MPU does not allow) (CFSR 0x%08X)",
			 emu_exc_name(derived, nb, sizeof(nb)), frame, emu->scs[0xD28 / 4]);
	}
	if (stack_ok && uc_mem_write(emu->uc, frame, w, size) != UC_ERR_OK) {
		emu_stop(emu, EXTMEM_EMU_STOP_INVALID, frame, n, (unsigned)size, true,
			 "%s: the %s stack at 0x%08X is not writable memory (stacking error, not modelled)",
			 emu_exc_name(n, nb, sizeof(nb)), psp ? "process" : "main", frame);
		return false;
	}
	bool ok;
	uint32_t handler = vector(emu, taken, &ok);
	if (!ok) {
		emu_stop(emu, EXTMEM_EMU_STOP_FAULT, emu->scs[0xD08 / 4] + 4u * taken, handler, 4, false,
			 "%s: vector 0x%08X at VTOR 0x%08X + %u is not a Thumb address",
			 emu_exc_name(taken, nb, sizeof(nb)), handler, emu->scs[0xD08 / 4], 4u * taken);
		return false;
	}
	uint32_t exc_return = 0xFFFFFFE1u | (fp ? 0 : 0x10u) | (in_thread ? 8u : 0) | (psp ? 4u : 0);
	wr(emu, UC_ARM_REG_SP, frame);
	if (psp)
		write_control_thread(emu, c->control, c->control & ~CTRL_SPSL); /* now on MSP; PSP keeps the frame */
	/* handler mode, Thumb, IT state cleared */
	wr(emu, UC_ARM_REG_XPSR, (c->xpsr & ~(XPSR_EXC | XPSR_ICI | (1u << 9))) | XPSR_T | taken);
	wr(emu, UC_ARM_REG_CONTROL, (c->control & ~(CTRL_FPCA | CTRL_SPSL)));
	wr(emu, UC_ARM_REG_LR, exc_return);
	wr(emu, UC_ARM_REG_PC, handler | 1u);
	set_active(emu, taken, true);
	emu_exc_set_pending(emu, taken, false);
	emu->exceptions++;
	emu_mpu_sync(emu); /* the handler's privilege and priority */
	return true;
}

/* Takes the best pending exception if it preempts what runs now. Returns true when one was taken. */
bool emu_exc_take_pending(struct extmem_emu *emu, uint32_t return_pc)
{
	emu->exc_recheck = false;
	unsigned n = emu_exc_best_pending(emu);
	if (n == 0)
		return false;
	struct core c;
	read_core(emu, &c);
	if (group_of(emu, emu_exc_priority(emu, n)) >= exec_priority(emu, &c)) {
		emu->exc_recheck = true; /* masked for now: look again as the masks move */
		return false;
	}
	return enter(emu, n, return_pc, &c);
}

/* A cheap look from the block hook: would a pending exception be taken now? */
bool emu_exc_would_take(struct extmem_emu *emu)
{
	unsigned n = emu_exc_best_pending(emu);
	if (n == 0) {
		emu->exc_recheck = false;
		return false;
	}
	struct core c;
	read_core(emu, &c);
	return group_of(emu, emu_exc_priority(emu, n)) < exec_priority(emu, &c);
}

/* Runs exception next on the frame of the return exc_return (tail-chaining, B1.5.8). */
static void chain(struct extmem_emu *emu, unsigned next, uint32_t exc_return, const struct core *c)
{
	char nb[16];
	bool ok;
	uint32_t handler = vector(emu, next, &ok);
	if (!ok) {
		emu_stop(emu, EXTMEM_EMU_STOP_FAULT, emu->scs[0xD08 / 4] + 4u * next, handler, 4, false,
			 "%s: vector 0x%08X is not a Thumb address", emu_exc_name(next, nb, sizeof(nb)), handler);
		return;
	}
	set_ipsr(emu, next);
	wr(emu, UC_ARM_REG_CONTROL, c->control & ~(CTRL_FPCA | CTRL_SPSL));
	wr(emu, UC_ARM_REG_LR, exc_return);
	wr(emu, UC_ARM_REG_PC, handler | 1u);
	set_active(emu, next, true);
	emu_exc_set_pending(emu, next, false);
	emu->exceptions++;
	emu_mpu_sync(emu);
}

/* The core branched to an EXC_RETURN value (B1.5.8 ExceptionReturn). */
void emu_exc_return(struct extmem_emu *emu, uint32_t exc_return)
{
	struct core c;
	read_core(emu, &c);
	unsigned n = c.xpsr & XPSR_EXC;
	char nb[16];
	if (n == 0 || !emu_exc_active(emu, n)) {
		emu_stop(emu, EXTMEM_EMU_STOP_FAULT, 0, exc_return, 0, false,
			 "exception return (0x%08X) with no active exception %u: INVPC UsageFault on silicon",
			 exc_return, n);
		return;
	}
	uint32_t mode = exc_return & 0xFu;
	if ((exc_return & 0x0FFFFFE0u) != 0x0FFFFFE0u || (mode != 1u && mode != 9u && mode != 0xDu)) {
		emu_stop(emu, EXTMEM_EMU_STOP_FAULT, 0, exc_return, 0, false,
			 "%s returns with the reserved EXC_RETURN 0x%08X: INVPC UsageFault on silicon",
			 emu_exc_name(n, nb, sizeof(nb)), exc_return);
		return;
	}
	set_active(emu, n, false);
	/* tail-chaining: a pending exception that preempts the context returned to runs on the same frame */
	unsigned next = emu_exc_best_pending(emu);
	if (next != 0 && group_of(emu, emu_exc_priority(emu, next)) < exec_priority(emu, &c)) {
		chain(emu, next, exc_return, &c);
		return;
	}
	bool fp = (exc_return & 0x10u) == 0;
	uint32_t size = fp ? 0x68u : 0x20u;
	/*
	 * The MPU checks the unstacking reads with the rights of the context returned to: a frame it
	 * forbids stays where it is, MUNSTKERR, and MemManage (or HardFault) is chained on it.
	 */
	uint32_t frame = rd(emu, mode == 0xDu ? UC_ARM_REG_PSP : UC_ARM_REG_MSP);
	bool unpriv = mode != 1u && (c.control & CTRL_NPRV) != 0;
	if (!emu_mpu_allows_as(emu, frame, size, UC_PROT_READ, unpriv, exec_priority(emu, &c) < 0)) {
		emu->scs[0xD28 / 4] |= MMFSR_MUNSTKERR;
		unsigned derived = stack_fault(emu, &c);
		snprintf(emu->fault_note, sizeof(emu->fault_note),
			 "%s: MUNSTKERR (unstacking from 0x%08X the MPU does not allow) (CFSR 0x%08X)",
			 emu_exc_name(derived, nb, sizeof(nb)), frame, emu->scs[0xD28 / 4]);
		chain(emu, derived, exc_return, &c);
		return;
	}
	if (mode != 1u) {
		set_ipsr(emu, 0); /* thread mode, still on MSP */
		uint32_t ctl = (c.control & ~CTRL_SPSL) | (mode == 0xDu ? CTRL_SPSL : 0);
		write_control_thread(emu, c.control & ~CTRL_SPSL, ctl);
	}
	uint32_t sp = rd(emu, UC_ARM_REG_SP);
	uint32_t w[26];
	if (uc_mem_read(emu->uc, sp, w, size) != UC_ERR_OK) {
		emu_stop(
			emu, EXTMEM_EMU_STOP_INVALID, sp, 0, (unsigned)size, false,
			"exception return: the frame at 0x%08X is not readable memory (unstacking error, not modelled)",
			sp);
		return;
	}
	static const int core_regs[6] = {UC_ARM_REG_R0, UC_ARM_REG_R1,  UC_ARM_REG_R2,
					 UC_ARM_REG_R3, UC_ARM_REG_R12, UC_ARM_REG_LR};
	for (int i = 0; i < 6; i++)
		wr(emu, core_regs[i], w[i]);
	if (fp) {
		for (int i = 0; i < 16; i++)
			wr(emu, UC_ARM_REG_S0 + i, w[8 + i]);
		wr(emu, UC_ARM_REG_FPSCR, w[24]);
	}
	wr(emu, UC_ARM_REG_SP, sp + size + ((w[7] >> 9) & 1u) * 4u);
	uint32_t xpsr = w[7] & ~(1u << 9);
	if (mode != 1u)
		xpsr &= ~XPSR_EXC;
	wr(emu, UC_ARM_REG_XPSR, xpsr | XPSR_T);
	uint32_t ctl = rd(emu, UC_ARM_REG_CONTROL);
	if (mode == 1u || !(ctl & CTRL_NPRV)) {
		wr(emu, UC_ARM_REG_CONTROL, fp ? ctl | CTRL_FPCA : ctl & ~CTRL_FPCA);
	} else {
		set_ipsr(emu, 1);
		wr(emu, UC_ARM_REG_CONTROL, fp ? ctl | CTRL_FPCA : ctl & ~CTRL_FPCA);
		set_ipsr(emu, 0);
	}
	wr(emu, UC_ARM_REG_PC, w[6] | 1u);
	/* the execution priority dropped: something masked before may be taken now */
	if (emu_exc_best_pending(emu) != 0)
		emu->exc_recheck = true;
	emu_mpu_sync(emu);
}

/* SVC: taken at once, or HardFault when SVCall cannot preempt (B1.5.12). */
void emu_exc_svc(struct extmem_emu *emu, uint32_t return_pc)
{
	struct core c;
	read_core(emu, &c);
	if (group_of(emu, emu_exc_priority(emu, EMU_EXC_SVCALL)) < exec_priority(emu, &c)) {
		enter(emu, EMU_EXC_SVCALL, return_pc, &c);
		return;
	}
	emu->fault.cause = EMU_FAULT_SVC_ESCALATED;
	emu->fault.pc = return_pc;
	emu->fault.addr = 0;
	emu->fault.pending = true;
	/* the SVC is done: the return address is the next instruction, as for SVCall itself */
	emu_exc_take_fault(emu);
}

/* ---- faults ---- */

static const struct {
	uint8_t exc;
	uint32_t cfsr;
	const char *name;
} fault_kinds[] = {
	[EMU_FAULT_UNDEFINSTR] = {EMU_EXC_USAGEFAULT, 1u << 16, "UNDEFINSTR (undefined instruction)"},
	[EMU_FAULT_INVSTATE] = {EMU_EXC_USAGEFAULT, 1u << 17, "INVSTATE (execution in ARM state)"},
	[EMU_FAULT_NOCP] = {EMU_EXC_USAGEFAULT, 1u << 19, "NOCP (coprocessor disabled or absent)"},
	[EMU_FAULT_UNALIGNED] = {EMU_EXC_USAGEFAULT, 1u << 24, "UNALIGNED (unaligned access)"},
	[EMU_FAULT_DIVBYZERO] = {EMU_EXC_USAGEFAULT, 1u << 25, "DIVBYZERO (division by zero)"},
	[EMU_FAULT_SVC_ESCALATED] = {EMU_EXC_HARDFAULT, 0, "SVC while SVCall could not be taken"},
	[EMU_FAULT_MPU_IACC] = {EMU_EXC_MEMMANAGE, 0, "IACCVIOL (instruction fetch the MPU does not allow)"},
	[EMU_FAULT_MPU_DACC] = {EMU_EXC_MEMMANAGE, 0, "DACCVIOL (data access the MPU does not allow)"},
};

void emu_exc_raise_fault(struct extmem_emu *emu, enum emu_fault_cause cause, uint32_t pc, uint32_t addr)
{
	if (emu->fault.pending)
		return;
	emu->fault.cause = cause;
	emu->fault.pc = pc;
	emu->fault.addr = addr;
	emu->fault.pending = true;
}

/* The first halfword of a handler that does nothing but branch to itself (B .). */
static bool handler_loops(struct extmem_emu *emu, uint32_t handler)
{
	uint16_t hw[2] = {0, 0};
	if (uc_mem_read(emu->uc, handler & ~1u, hw, sizeof(hw)) != UC_ERR_OK)
		return false;
	return hw[0] == 0xE7FEu || (hw[0] == 0xF7FFu && hw[1] == 0xBFFEu);
}

/*
 * Takes the fault recorded by emu_exc_raise_fault: the CFSR bit, then
 * UsageFault when it is enabled and can preempt, otherwise HardFault with
 * HFSR.FORCED; lockup when not even HardFault can run. The firmware's
 * handler runs with the status set, as on silicon; with cfg.stop_on_fault,
 * or a handler that only branches to itself, the run stops and says why.
 */
void emu_exc_take_fault(struct extmem_emu *emu)
{
	if (!emu->fault.pending)
		return;
	emu->fault.pending = false;
	const char *what = fault_kinds[emu->fault.cause].name;
	unsigned target = fault_kinds[emu->fault.cause].exc;
	emu->scs[0xD28 / 4] |= fault_kinds[emu->fault.cause].cfsr;
	emu_mpu_fault_status(emu, emu->fault.cause, emu->fault.addr);
	struct core c;
	read_core(emu, &c);
	int now = exec_priority(emu, &c);
	bool forced = false;
	if (target != EMU_EXC_HARDFAULT &&
	    (!enabled(emu, target) || group_of(emu, emu_exc_priority(emu, target)) >= now)) {
		target = EMU_EXC_HARDFAULT;
		forced = true;
	}
	if (target == EMU_EXC_HARDFAULT) {
		emu->scs[0xD2C / 4] |= HFSR_FORCED;
		forced = true;
	}
	char nb[16];
	snprintf(emu->fault_note, sizeof(emu->fault_note), "%s%s at 0x%08X (CFSR 0x%08X, HFSR 0x%08X)",
		 emu_exc_name(target, nb, sizeof(nb)),
		 !forced || emu->fault.cause == EMU_FAULT_SVC_ESCALATED   ? ""
		 : fault_kinds[emu->fault.cause].exc == EMU_EXC_MEMMANAGE ? " escalated from MemManage"
									  : " escalated from UsageFault",
		 emu->fault.pc, emu->scs[0xD28 / 4], emu->scs[0xD2C / 4]);
	if (emu_exc_priority(emu, target) >= now) {
		emu_stop(emu, EXTMEM_EMU_STOP_FAULT, emu->fault.addr, emu->scs[0xD28 / 4], 0, false,
			 "lockup: %s at 0x%08X while the execution priority is %d (in %s): the core stops", what,
			 emu->fault.pc, now, emu_exc_name(c.xpsr & XPSR_EXC, nb, sizeof(nb)));
		emu->stop.pc = emu->fault.pc;
		return;
	}
	if (emu->cfg.stop_on_fault) {
		emu_stop(emu, EXTMEM_EMU_STOP_FAULT, emu->fault.addr, emu->scs[0xD28 / 4], 0, false, "%s: %s",
			 emu->fault_note, what);
		emu->stop.pc = emu->fault.pc;
		return;
	}
	bool ok;
	uint32_t handler = vector(emu, target, &ok);
	if (!ok) {
		emu_stop(emu, EXTMEM_EMU_STOP_FAULT, emu->fault.addr, emu->scs[0xD28 / 4], 0, false,
			 "%s: %s; no handler (vector 0x%08X at VTOR 0x%08X + %u)", emu->fault_note, what, handler,
			 emu->scs[0xD08 / 4], 4u * target);
		emu->stop.pc = emu->fault.pc;
		return;
	}
	if (!enter(emu, target, emu->fault.pc, &c))
		return;
	if (handler_loops(emu, handler)) {
		emu_stop(emu, EXTMEM_EMU_STOP_FAULT, emu->fault.addr, emu->scs[0xD28 / 4], 0, false,
			 "%s: %s; its handler at 0x%08X only branches to itself", emu->fault_note, what, handler & ~1u);
		emu->stop.pc = emu->fault.pc;
	}
}

void emu_exc_thread_reset(struct extmem_emu *emu)
{
	struct core c;
	read_core(emu, &c);
	memset(emu->scs + 0x300 / 4, 0, EMU_NVIC_IRQS / 8);
	emu->sys_active = 0;
	emu->fault.pending = false;
	if (c.xpsr & XPSR_EXC)
		set_ipsr(emu, 0);
	if (c.control & (CTRL_NPRV | CTRL_SPSL))
		write_control_thread(emu, c.control, c.control & CTRL_FPCA); /* MSP, privileged */
	wr(emu, UC_ARM_REG_XPSR, XPSR_T);
}

void emu_exc_reset(struct extmem_emu *emu)
{
	emu->sys_pending = 0;
	emu->sys_active = 0;
	emu->exc_recheck = false;
	memset(&emu->fault, 0, sizeof(emu->fault));
	emu->fault_note[0] = '\0';
}
