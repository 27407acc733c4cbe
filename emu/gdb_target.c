/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: the debug target (extmem_emu/debug.h) a GDB server drives.
 *
 * Breakpoints are Unicorn code hooks on one address each, so they stop at
 * any instruction, not only where a translated block starts; a step and the
 * watchpoints need to know where every instruction starts, so while one is
 * wanted a hook on every instruction is installed. Unicorn attaches hooks
 * when it translates code, so the translations are dropped whenever the set
 * changes. A stop inside a block takes back the time of the instructions of
 * the block that did not run (the block hook counted them in advance).
 */
#include <stdlib.h>
#include <string.h>

#include "extmem_emu/debug.h"
#include "extmem_emu/regs.h"
#include "internal.h"

struct emu_bp {
	uint32_t addr; /* 0: free */
	uc_hook hook;
	bool used;
};

struct emu_wp {
	uint32_t addr, len;
	enum extmem_emu_watch_kind kind;
	uc_hook hook;
	bool used;
};

struct emu_debug {
	struct extmem_emu *emu;
	struct emu_bp bp[EXTMEM_EMU_BREAKPOINTS];
	struct emu_wp wp[EXTMEM_EMU_WATCHPOINTS];
	/* the hook on every instruction (step, watchpoints) */
	uc_hook every;
	bool every_on;
	/* the block last counted */
	uint32_t blk_addr, blk_size;
	/* stepping: instructions seen since the step began; start PC */
	bool stepping;
	uint32_t step_seen, step_pc;
	/* a watched access happened: stop before the next instruction */
	bool watch_hit;
	uint32_t watch_addr;
	bool watch_write;
};

static struct emu_debug *dbg_of(struct extmem_emu *emu)
{
	if (emu->debug == NULL) {
		emu->debug = calloc(1, sizeof(*emu->debug));
		if (emu->debug != NULL)
			emu->debug->emu = emu;
	}
	return emu->debug;
}

void emu_debug_free(struct extmem_emu *emu)
{
	free(emu->debug);
	emu->debug = NULL;
}

void emu_debug_block(struct extmem_emu *emu, uint32_t addr, uint32_t size)
{
	emu->debug->blk_addr = addr;
	emu->debug->blk_size = size;
}

/*
 * Stops before the instruction at addr. The block holding it was counted
 * whole when it began: the instructions from addr to its end have not run.
 */
static void stop_before(struct extmem_emu *emu, uint32_t addr, enum extmem_emu_stop_reason reason, uint32_t data,
			uint32_t value, bool write, const char *what)
{
	struct emu_debug *d = emu->debug;
	if (emu->stopping)
		return;
	if (addr >= d->blk_addr && addr - d->blk_addr < d->blk_size) {
		uint8_t code[1024];
		uint32_t n = d->blk_addr + d->blk_size - addr;
		if (n > sizeof(code))
			n = sizeof(code);
		if (uc_mem_read(emu->uc, addr, code, n) == UC_ERR_OK)
			emu_uncount(emu, emu_count_thumb(code, n));
		d->blk_size = addr - d->blk_addr; /* a second stop in the same block takes back no more */
	}
	if (reason == EXTMEM_EMU_STOP_BREAKPOINT)
		emu_stop(emu, reason, addr, 0, 0, false, "breakpoint at 0x%08X", addr);
	else if (value == EXTMEM_EMU_DEBUG_WATCH)
		emu_stop(emu, reason, data, value, 0, write, "%s of watched address 0x%08X, stopped at 0x%08X",
			 write ? "write" : "read", data, addr);
	else
		emu_stop(emu, reason, data, value, 0, write, "%s at 0x%08X", what, addr);
	emu->stop.pc = addr;
	emu->resume_pc = addr | 1u; /* Unicorn may not have synced PC in a chained block */
}

static void hook_bp(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
	struct extmem_emu *emu = user;
	struct emu_debug *d = emu->debug;
	uint32_t addr = (uint32_t)address;
	(void)uc;
	(void)size;
	/* the instruction a step starts at runs whatever breakpoint is on it */
	if (d->stepping && d->step_seen <= 1 && addr == d->step_pc)
		return;
	stop_before(emu, addr, EXTMEM_EMU_STOP_BREAKPOINT, 0, 0, false, "breakpoint");
}

static void hook_every(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
	struct extmem_emu *emu = user;
	struct emu_debug *d = emu->debug;
	uint32_t addr = (uint32_t)address;
	(void)uc;
	(void)size;
	if (d->watch_hit) {
		d->watch_hit = false;
		stop_before(emu, addr, EXTMEM_EMU_STOP_DEBUG, d->watch_addr, EXTMEM_EMU_DEBUG_WATCH, d->watch_write,
			    "watchpoint");
		return;
	}
	if (d->stepping && ++d->step_seen >= 2)
		stop_before(emu, addr, EXTMEM_EMU_STOP_DEBUG, 0, EXTMEM_EMU_DEBUG_STEP, false, "step done");
}

/* A load or store the range of a watchpoint covers: the access completes, the stop comes before the next instruction.
 */
static void hook_watch(uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value, void *user)
{
	struct extmem_emu *emu = user;
	struct emu_debug *d = emu->debug;
	uint32_t addr = (uint32_t)address;
	bool write = type == UC_MEM_WRITE;
	(void)uc;
	(void)value;
	if (d->watch_hit)
		return;
	for (unsigned i = 0; i < EXTMEM_EMU_WATCHPOINTS; i++) {
		const struct emu_wp *w = &d->wp[i];
		if (!w->used || !(w->kind & (write ? EXTMEM_EMU_WATCH_WRITE : EXTMEM_EMU_WATCH_READ)))
			continue;
		uint64_t lo = addr, hi = (uint64_t)addr + (uint64_t)(size > 0 ? size : 1);
		if (hi <= w->addr || lo >= (uint64_t)w->addr + w->len)
			continue;
		d->watch_hit = true;
		d->watch_addr = addr > w->addr ? addr : w->addr;
		d->watch_write = write;
		return;
	}
}

/* Drops the translations so hooks added or removed apply to code already translated. */
static void retranslate(struct extmem_emu *emu)
{
	emu_flush_code(emu);
}

static bool need_every(const struct emu_debug *d)
{
	if (d->stepping)
		return true;
	for (unsigned i = 0; i < EXTMEM_EMU_WATCHPOINTS; i++)
		if (d->wp[i].used)
			return true;
	return false;
}

static int update_every(struct extmem_emu *emu)
{
	struct emu_debug *d = emu->debug;
	bool want = need_every(d);
	if (want == d->every_on)
		return 0;
	if (want) {
		if (uc_hook_add(emu->uc, &d->every, UC_HOOK_CODE, (void *)hook_every, emu, 1, 0) != UC_ERR_OK)
			return -1;
	} else {
		uc_hook_del(emu->uc, d->every);
	}
	d->every_on = want;
	retranslate(emu);
	return 0;
}

int extmem_emu_break_insert(struct extmem_emu *emu, uint32_t addr)
{
	struct emu_debug *d = dbg_of(emu);
	if (d == NULL)
		return -1;
	addr &= ~1u;
	if (extmem_emu_break_at(emu, addr))
		return 0; /* GDB may insert the same one twice */
	for (unsigned i = 0; i < EXTMEM_EMU_BREAKPOINTS; i++) {
		struct emu_bp *b = &d->bp[i];
		if (b->used)
			continue;
		if (uc_hook_add(emu->uc, &b->hook, UC_HOOK_CODE, (void *)hook_bp, emu, addr, addr) != UC_ERR_OK)
			return -1;
		b->used = true;
		b->addr = addr;
		uc_ctl_remove_cache(emu->uc, addr, (uint64_t)addr + 4u);
		retranslate(emu);
		return 0;
	}
	return -1;
}

int extmem_emu_break_remove(struct extmem_emu *emu, uint32_t addr)
{
	struct emu_debug *d = emu->debug;
	addr &= ~1u;
	for (unsigned i = 0; d != NULL && i < EXTMEM_EMU_BREAKPOINTS; i++) {
		struct emu_bp *b = &d->bp[i];
		if (b->used && b->addr == addr) {
			uc_hook_del(emu->uc, b->hook);
			b->used = false;
			retranslate(emu);
			return 0;
		}
	}
	return -1;
}

bool extmem_emu_break_at(const struct extmem_emu *emu, uint32_t addr)
{
	const struct emu_debug *d = emu->debug;
	addr &= ~1u;
	for (unsigned i = 0; d != NULL && i < EXTMEM_EMU_BREAKPOINTS; i++)
		if (d->bp[i].used && d->bp[i].addr == addr)
			return true;
	return false;
}

int extmem_emu_watch_insert(struct extmem_emu *emu, uint32_t addr, uint32_t len, enum extmem_emu_watch_kind kind)
{
	struct emu_debug *d = dbg_of(emu);
	if (d == NULL || len == 0 || (uint64_t)addr + len - 1u > UINT32_MAX || kind < EXTMEM_EMU_WATCH_WRITE ||
	    kind > EXTMEM_EMU_WATCH_ACCESS)
		return -1;
	for (unsigned i = 0; i < EXTMEM_EMU_WATCHPOINTS; i++) {
		struct emu_wp *w = &d->wp[i];
		if (w->used && w->addr == addr && w->len == len && w->kind == kind)
			return 0;
	}
	for (unsigned i = 0; i < EXTMEM_EMU_WATCHPOINTS; i++) {
		struct emu_wp *w = &d->wp[i];
		if (w->used)
			continue;
		int types = (kind & EXTMEM_EMU_WATCH_WRITE ? UC_HOOK_MEM_WRITE : 0) |
			    (kind & EXTMEM_EMU_WATCH_READ ? UC_HOOK_MEM_READ : 0);
		/* a wider access that starts below the range still covers it: hook from 8 bytes before */
		uint32_t from = addr > 8u ? addr - 8u : 0u;
		if (uc_hook_add(emu->uc, &w->hook, types, (void *)hook_watch, emu, from, (uint64_t)addr + len - 1u) !=
		    UC_ERR_OK)
			return -1;
		w->used = true;
		w->addr = addr;
		w->len = len;
		w->kind = kind;
		if (update_every(emu) != 0) {
			uc_hook_del(emu->uc, w->hook);
			w->used = false;
			return -1;
		}
		retranslate(emu);
		return 0;
	}
	return -1;
}

int extmem_emu_watch_remove(struct extmem_emu *emu, uint32_t addr, uint32_t len, enum extmem_emu_watch_kind kind)
{
	struct emu_debug *d = emu->debug;
	for (unsigned i = 0; d != NULL && i < EXTMEM_EMU_WATCHPOINTS; i++) {
		struct emu_wp *w = &d->wp[i];
		if (w->used && w->addr == addr && w->len == len && w->kind == kind) {
			uc_hook_del(emu->uc, w->hook);
			w->used = false;
			(void)update_every(emu);
			retranslate(emu);
			return 0;
		}
	}
	return -1;
}

void extmem_emu_debug_clear(struct extmem_emu *emu)
{
	struct emu_debug *d = emu->debug;
	if (d == NULL)
		return;
	for (unsigned i = 0; i < EXTMEM_EMU_BREAKPOINTS; i++)
		if (d->bp[i].used)
			(void)extmem_emu_break_remove(emu, d->bp[i].addr);
	for (unsigned i = 0; i < EXTMEM_EMU_WATCHPOINTS; i++)
		if (d->wp[i].used)
			(void)extmem_emu_watch_remove(emu, d->wp[i].addr, d->wp[i].len, d->wp[i].kind);
}

enum extmem_emu_stop_reason extmem_emu_step(struct extmem_emu *emu, const struct extmem_emu_limits *limits)
{
	struct emu_debug *d = dbg_of(emu);
	if (d == NULL)
		return extmem_emu_run(emu, limits);
	d->stepping = true;
	d->step_seen = 0;
	d->step_pc = (uint32_t)extmem_emu_reg(emu, 15) & ~1u;
	if (update_every(emu) != 0) {
		d->stepping = false;
		emu->stopping = false;
		emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, 0, 0, 0, false, "cannot hook instructions to step");
		return emu->stop.reason;
	}
	enum extmem_emu_stop_reason why = extmem_emu_run(emu, limits);
	d->stepping = false;
	(void)update_every(emu);
	return why;
}

/* ---- registers ---- */

unsigned extmem_emu_dreg_size(unsigned n)
{
	if (n >= EXTMEM_EMU_DREG_COUNT)
		return 0;
	return n >= EXTMEM_EMU_DREG_D0 && n < EXTMEM_EMU_DREG_D0 + 16u ? 8u : 4u;
}

static const int core_regs[16] = {UC_ARM_REG_R0,  UC_ARM_REG_R1, UC_ARM_REG_R2,  UC_ARM_REG_R3,
				  UC_ARM_REG_R4,  UC_ARM_REG_R5, UC_ARM_REG_R6,  UC_ARM_REG_R7,
				  UC_ARM_REG_R8,  UC_ARM_REG_R9, UC_ARM_REG_R10, UC_ARM_REG_R11,
				  UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,  UC_ARM_REG_PC};

static int uc_reg_of(unsigned n)
{
	if (n < 16)
		return core_regs[n];
	if (n >= EXTMEM_EMU_DREG_D0 && n < EXTMEM_EMU_DREG_D0 + 16u)
		return UC_ARM_REG_D0 + (int)(n - EXTMEM_EMU_DREG_D0);
	switch (n) {
	case EXTMEM_EMU_DREG_XPSR: return UC_ARM_REG_XPSR;
	case EXTMEM_EMU_DREG_FPSCR: return UC_ARM_REG_FPSCR;
	case EXTMEM_EMU_DREG_MSP: return UC_ARM_REG_MSP;
	case EXTMEM_EMU_DREG_PSP: return UC_ARM_REG_PSP;
	case EXTMEM_EMU_DREG_PRIMASK: return UC_ARM_REG_PRIMASK;
	case EXTMEM_EMU_DREG_BASEPRI: return UC_ARM_REG_BASEPRI;
	case EXTMEM_EMU_DREG_FAULTMASK: return UC_ARM_REG_FAULTMASK;
	case EXTMEM_EMU_DREG_CONTROL: return UC_ARM_REG_CONTROL;
	default: return -1;
	}
}

int extmem_emu_dreg_read(struct extmem_emu *emu, unsigned n, uint64_t *value)
{
	*value = 0;
	if (n >= EXTMEM_EMU_DREG_COUNT)
		return -1;
	if (n >= EXTMEM_EMU_DREG_XPSR && n != EXTMEM_EMU_DREG_FPSCR &&
	    (n < EXTMEM_EMU_DREG_D0 || n >= EXTMEM_EMU_DREG_D0 + 16u)) {
		/* the special registers as privileged code reads them */
		struct extmem_emu_sysregs s;
		extmem_emu_get_sysregs(emu, &s);
		switch (n) {
		case EXTMEM_EMU_DREG_XPSR: *value = s.xpsr; break;
		case EXTMEM_EMU_DREG_MSP: *value = s.msp; break;
		case EXTMEM_EMU_DREG_PSP: *value = s.psp; break;
		case EXTMEM_EMU_DREG_PRIMASK: *value = s.primask; break;
		case EXTMEM_EMU_DREG_BASEPRI: *value = s.basepri; break;
		case EXTMEM_EMU_DREG_FAULTMASK: *value = s.faultmask; break;
		default: *value = s.control; break;
		}
		return 0;
	}
	if (n == 15) {
		*value = emu_pc(emu) & ~1u;
		return 0;
	}
	if (extmem_emu_dreg_size(n) == 8) {
		uint64_t v = 0;
		if (uc_reg_read(emu->uc, uc_reg_of(n), &v) != UC_ERR_OK)
			return -1;
		*value = v;
		return 0;
	}
	uint32_t v = 0;
	if (uc_reg_read(emu->uc, uc_reg_of(n), &v) != UC_ERR_OK)
		return -1;
	*value = v;
	return 0;
}

#define XPSR_APSR 0xF80F0000u /* N Z C V Q and GE[3:0] */

int extmem_emu_dreg_write(struct extmem_emu *emu, unsigned n, uint64_t value)
{
	if (n >= EXTMEM_EMU_DREG_COUNT || n == EXTMEM_EMU_DREG_CONTROL)
		return -1;
	if (extmem_emu_dreg_size(n) == 8)
		return uc_reg_write(emu->uc, uc_reg_of(n), &value) == UC_ERR_OK ? 0 : -1;
	if (value > UINT32_MAX)
		return -1;
	uint32_t v = (uint32_t)value;
	if (n == EXTMEM_EMU_DREG_XPSR) {
		uint32_t old = 0;
		uc_reg_read(emu->uc, UC_ARM_REG_XPSR, &old);
		v = (old & ~XPSR_APSR) | (v & XPSR_APSR);
	}
	if (n == 15) {
		v = (v & ~1u) | 1u; /* Thumb: the M profile has no ARM state to branch to */
		emu->xip_pc_valid = false;
	}
	return uc_reg_write(emu->uc, uc_reg_of(n), &v) == UC_ERR_OK ? 0 : -1;
}

/* ---- memory ---- */

static bool in_range(uint32_t addr, uint32_t base, uint32_t size)
{
	return addr >= base && addr - base < size;
}

static bool is_window(uint32_t addr)
{
	return in_range(addr, EXTMEM_EMU_XSPI1_BASE, EXTMEM_EMU_WINDOW_SIZE) ||
	       in_range(addr, EXTMEM_EMU_XSPI2_BASE, EXTMEM_EMU_WINDOW_SIZE);
}

static bool is_registers(uint32_t addr)
{
	return in_range(addr, 0x40000000u, 0x20000000u) || addr >= 0xE0000000u;
}

/*
 * One access through the register model or a window with the machine's stop
 * state kept: a register the model does not know, or a window that is not
 * mapped, would stop a run; for the debugger it is a failed access.
 */
struct saved_stop {
	struct extmem_emu_stop stop;
	bool stopping;
	uint64_t deadline;
	uint32_t warnings; /* a debugger's access is not the firmware's: no controller warning for it */
	char warning[sizeof(((struct extmem_emu *)0)->warning)];
};

static void save_stop(struct extmem_emu *emu, struct saved_stop *s)
{
	s->stop = emu->stop;
	s->stopping = emu->stopping;
	s->deadline = emu->deadline;
	s->warnings = emu->warnings;
	memcpy(s->warning, emu->warning, sizeof(s->warning));
	emu->stopping = false;
}

/* Returns true when the access made the machine want to stop (it failed). */
static bool restore_stop(struct extmem_emu *emu, const struct saved_stop *s)
{
	bool failed = emu->stopping;
	emu->stop = s->stop;
	emu->stopping = s->stopping;
	emu->deadline = s->deadline;
	emu->warnings = s->warnings;
	memcpy(emu->warning, s->warning, sizeof(s->warning));
	return failed;
}

static unsigned piece(uint32_t addr, size_t left)
{
	if ((addr & 3u) == 0 && left >= 4)
		return 4;
	if ((addr & 1u) == 0 && left >= 2)
		return 2;
	return 1;
}

size_t extmem_emu_debug_read(struct extmem_emu *emu, uint32_t addr, void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t done = 0;
	while (done < len) {
		uint32_t a = addr + (uint32_t)done;
		if (a < addr || in_range(a, EXTMEM_EMU_RETURN_ADDR, 0x1000u))
			break; /* wrapped, or the emulator's private page: no memory there on the device */
		if (is_registers(a)) {
			unsigned n = piece(a, len - done);
			struct saved_stop s;
			save_stop(emu, &s);
			uc_err err = uc_mem_read(emu->uc, a, out + done, n);
			if (restore_stop(emu, &s) || err != UC_ERR_OK)
				break;
			done += n;
			continue;
		}
		/* memory: as far as the end of the 4 KiB page at most, so one failure stops at its page */
		size_t n = 0x1000u - (a & 0xFFFu);
		if (n > len - done)
			n = len - done;
		if (uc_mem_read(emu->uc, a, out + done, n) == UC_ERR_OK) {
			done += n;
			continue;
		}
		if (!is_window(a))
			break;
		/* a window chunk not loaded yet: load it through the device model as a CPU read would */
		struct saved_stop s;
		save_stop(emu, &s);
		bool loaded = emu_xspi_window_fault(emu, a);
		if (loaded)
			emu_mpu_mapped(emu, a);
		if (restore_stop(emu, &s) || !loaded || uc_mem_read(emu->uc, a, out + done, n) != UC_ERR_OK)
			break;
		done += n;
	}
	return done;
}

int extmem_emu_debug_write(struct extmem_emu *emu, uint32_t addr, const void *buf, size_t len)
{
	const uint8_t *in = buf;
	if (len == 0)
		return 0;
	if ((uint64_t)addr + len - 1u > UINT32_MAX)
		return -1;
	size_t done = 0;
	while (done < len) {
		uint32_t a = addr + (uint32_t)done;
		if (is_window(a) || in_range(a, EXTMEM_EMU_RETURN_ADDR, 0x1000u))
			return -1;
		if (is_registers(a)) {
			unsigned n = piece(a, len - done);
			struct saved_stop s;
			save_stop(emu, &s);
			uc_err err = uc_mem_write(emu->uc, a, in + done, n);
			if (restore_stop(emu, &s) || err != UC_ERR_OK)
				return -1;
			done += n;
			continue;
		}
		size_t n = 0x1000u - (a & 0xFFFu);
		if (n > len - done)
			n = len - done;
		if (uc_mem_write(emu->uc, a, in + done, n) != UC_ERR_OK)
			return -1;
		done += n;
	}
	emu_flush_code(emu); /* the bytes may be code that was translated */
	return 0;
}
