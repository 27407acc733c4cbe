/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: the CPU, memory map, run loop, exceptions (ELF loading: elf.c).
 *
 * Time: a block hook counts the Thumb instructions of every translated block
 * (1 instruction = 1 CPU cycle) and advances the shared virtual clock at the
 * CPU clock RCC gives; XSPI transfers advance the same clock by their wire
 * time and the CPU cycle counter follows, as a CPU waiting on the bus would.
 *
 * Exceptions: Unicorn's M-class CPU has no NVIC; exceptions.c takes them
 * (SVC arrives as intno 2, a branch to an EXC_RETURN value as intno 8, an
 * undefined instruction at the invalid-instruction hook) between run slices
 * and at block boundaries; traps.c adds the fault checks Unicorn lacks.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extmem_emu/debug.h"
#include "internal.h"

#define PS_PER_S    1000000000000ull
#define SLICE_INSNS 2000000u

#define INTNO_SVC    2
#define INTNO_BKPT   7
#define INTNO_EXCRET 8
#define INTNO_NOCP   17

static const struct {
	uint32_t base, size;
	uint32_t prot;
} ram_regions[] = {
	{EXTMEM_EMU_ITCM_BASE, EXTMEM_EMU_ITCM_SIZE, UC_PROT_ALL},
	{EXTMEM_EMU_FLASH_BASE, EXTMEM_EMU_FLASH_SIZE, UC_PROT_READ | UC_PROT_EXEC},
	{EXTMEM_EMU_DTCM_BASE, EXTMEM_EMU_DTCM_SIZE, UC_PROT_READ | UC_PROT_WRITE}, /* data only on the M7 */
	{EXTMEM_EMU_AXI_BASE, EXTMEM_EMU_AXI_SIZE, UC_PROT_ALL},
	{EXTMEM_EMU_AHB_BASE, EXTMEM_EMU_AHB_SIZE, UC_PROT_ALL},
	{EXTMEM_EMU_BKP_BASE, EXTMEM_EMU_BKP_SIZE, UC_PROT_ALL},
	{EXTMEM_EMU_RETURN_ADDR, 0x1000u, UC_PROT_READ | UC_PROT_EXEC},
};

uint32_t emu_base_prot(uint32_t addr)
{
	for (size_t i = 0; i < sizeof(ram_regions) / sizeof(ram_regions[0]); i++)
		if (addr - ram_regions[i].base < ram_regions[i].size)
			return ram_regions[i].prot;
	if (addr - EXTMEM_EMU_XSPI1_BASE < EXTMEM_EMU_WINDOW_SIZE ||
	    addr - EXTMEM_EMU_XSPI2_BASE < EXTMEM_EMU_WINDOW_SIZE)
		return UC_PROT_ALL;
	return UC_PROT_READ | UC_PROT_WRITE; /* MMIO */
}

/* MSR CONTROL or FAULTMASK, CPSID/CPSIE f: the block may move the mode the MPU looks at. */
static bool changes_mode(const uint8_t *p, uint32_t size)
{
	for (uint32_t i = 0; i + 1 < size;) {
		uint16_t hw = (uint16_t)(p[i] | (p[i + 1] << 8));
		bool wide = (hw >> 11) >= 0x1D;
		if ((hw & 0xFFE1u) == 0xB661u) /* CPSIE/CPSID with F */
			return true;
		if (wide && (hw & 0xFFF0u) == 0xF380u && i + 3 < size) {
			uint16_t h2 = (uint16_t)(p[i + 2] | (p[i + 3] << 8));
			if ((h2 & 0xFF00u) == 0x8800u && ((h2 & 0xFFu) == 0x14u || (h2 & 0xFFu) == 0x13u))
				return true;
		}
		i += wide ? 4u : 2u;
	}
	return false;
}

static uint64_t wall_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint32_t emu_pc(struct extmem_emu *emu)
{
	if (emu->xip_pc_valid)
		return emu->xip_pc;
	uint32_t pc = 0;
	uc_reg_read(emu->uc, UC_ARM_REG_PC, &pc);
	return pc;
}

uint32_t extmem_emu_reg(struct extmem_emu *emu, unsigned n)
{
	static const int regs[16] = {UC_ARM_REG_R0,  UC_ARM_REG_R1, UC_ARM_REG_R2,  UC_ARM_REG_R3,
				     UC_ARM_REG_R4,  UC_ARM_REG_R5, UC_ARM_REG_R6,  UC_ARM_REG_R7,
				     UC_ARM_REG_R8,  UC_ARM_REG_R9, UC_ARM_REG_R10, UC_ARM_REG_R11,
				     UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,  UC_ARM_REG_PC};
	uint32_t v = 0;
	if (n < 16)
		uc_reg_read(emu->uc, regs[n], &v);
	return v;
}

static void reg_write(struct extmem_emu *emu, int reg, uint32_t v)
{
	uc_reg_write(emu->uc, reg, &v);
}

static uint32_t reg_read(struct extmem_emu *emu, int reg)
{
	uint32_t v = 0;
	uc_reg_read(emu->uc, reg, &v);
	return v;
}

void emu_stop(struct extmem_emu *emu, enum extmem_emu_stop_reason reason, uint32_t addr, uint32_t value, unsigned size,
	      bool write, const char *fmt, ...)
{
	if (emu->stopping)
		return; /* the first cause is the one to report */
	emu->stopping = true;
	emu->stop.reason = reason;
	emu->stop.pc = emu_pc(emu);
	emu->stop.addr = addr;
	emu->stop.value = value;
	emu->stop.size = (uint8_t)size;
	emu->stop.write = write;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(emu->stop.message, sizeof(emu->stop.message), fmt, ap);
	va_end(ap);
	uc_emu_stop(emu->uc);
}

void emu_break(struct extmem_emu *emu)
{
	emu->deadline = 0;
}

/* Adds CPU cycles and the virtual time they take at the current CPU clock. */
static void advance_cycles(struct extmem_emu *emu, uint64_t n)
{
	emu->cycles += n;
	emu->ps_frac += n * PS_PER_S;
	emu->clock->now_ps += emu->ps_frac / emu->cpu_hz;
	emu->ps_frac %= emu->cpu_hz;
}

void emu_uncount(struct extmem_emu *emu, uint64_t n)
{
	if (n > emu->insns || n > emu->cycles)
		return;
	emu->insns -= n;
	emu->cycles -= n;
	uint64_t dps = (uint64_t)(((unsigned __int128)n * PS_PER_S) / emu->cpu_hz);
	emu->clock->now_ps = emu->clock->now_ps > dps ? emu->clock->now_ps - dps : 0;
}

/* The bus advanced the shared clock since before_ps: the CPU waited that long. */
void emu_sync_bus_time(struct extmem_emu *emu, uint64_t before_ps)
{
	if (emu->clock->now_ps <= before_ps)
		return;
	uint64_t dps = emu->clock->now_ps - before_ps;
	emu->cycles += (uint64_t)(((unsigned __int128)dps * emu->cpu_hz) / PS_PER_S);
}

static uint32_t count_thumb(const uint8_t *p, uint32_t size, bool *wfi)
{
	uint32_t n = 0;
	*wfi = false;
	for (uint32_t i = 0; i + 1 < size;) {
		uint16_t hw = (uint16_t)(p[i] | (p[i + 1] << 8));
		/* 0b11101, 0b11110, 0b11111 in the top bits start a 32-bit instruction */
		bool wide = (hw >> 11) >= 0x1D;
		if (hw == 0xBF30u) /* WFI */
			*wfi = true;
		if (wide && hw == 0xF3AFu && i + 3 < size && (p[i + 2] | (p[i + 3] << 8)) == 0x8003u) /* WFI.W */
			*wfi = true;
		i += wide ? 4u : 2u;
		n++;
	}
	return n;
}

uint32_t emu_count_thumb(const uint8_t *p, uint32_t size)
{
	bool wfi;
	return count_thumb(p, size, &wfi);
}

/*
 * Unicorn runs WFI as a no-op. The core sleeps until an interrupt is
 * pending: jump the clock to the next SysTick event and end the slice so it
 * is delivered; with nothing to wake it, stop.
 */
static void sleep_until_interrupt(struct extmem_emu *emu, uint32_t addr)
{
	emu->wfi_block = 0;
	if (emu_exc_best_pending(emu) != 0)
		return;
	uint64_t next = emu_systick_next(emu);
	if (next == UINT64_MAX) {
		emu_stop(emu, EXTMEM_EMU_STOP_SLEEP, addr, 0, 0, false,
			 "WFI in the block at 0x%08X with no enabled interrupt source (SysTick off): the core would "
			 "sleep "
			 "forever",
			 addr);
		return;
	}
	if (next > emu->cycles)
		advance_cycles(emu, next - emu->cycles);
	emu_break(emu);
}

/*
 * Ends the slice before the block at addr runs. Unicorn 2.0.1 does not sync
 * the PC register for a block entered by a direct branch (chained blocks),
 * so the run loop puts the block's address back once the slice has ended.
 */
static void stop_at_block(struct extmem_emu *emu, uint32_t addr)
{
	emu->resume_pc = addr | 1u;
	if (emu->stopping)
		emu->stop.pc = addr; /* a stop found here is reported where the core stands */
	uc_emu_stop(emu->uc);
}

static void hook_block(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
	struct extmem_emu *emu = user;
	uint32_t addr = (uint32_t)address;
	emu->xip_pc_valid = false;
	if (addr - EXTMEM_EMU_XSPI1_BASE < EXTMEM_EMU_WINDOW_SIZE ||
	    addr - EXTMEM_EMU_XSPI2_BASE < EXTMEM_EMU_WINDOW_SIZE)
		emu->window_blocks++;
	if (emu->mode_block) {
		emu->mode_block = false;
		emu_mpu_sync(emu); /* the block before may have changed privilege or FAULTMASK */
	}
	struct emu_icount *e = &emu->icache[((addr >> 1) ^ (size << 7)) % EMU_ICACHE];
	if (e->addr != addr || e->size != size || e->n == 0) {
		uint8_t code[1024];
		uint32_t len = size < sizeof(code) ? size : (uint32_t)sizeof(code);
		if (uc_mem_read(uc, addr, code, len) != UC_ERR_OK)
			len = 0;
		e->addr = addr;
		e->size = size;
		e->n = len ? count_thumb(code, len, &e->wfi) : 1u;
		if (e->n == 0)
			e->n = 1;
		e->mode = changes_mode(code, len);
		e->gen = emu->mpu.gen - 1u;
		if (emu_traps_scan(emu, addr, code, len)) {
			/* checks put on some of its instructions: translate the block again with them */
			uc_ctl_remove_cache(uc, addr, (uint64_t)addr + size);
			stop_at_block(emu, addr);
			return;
		}
	}
	if (e->gen != emu->mpu.gen) {
		e->gen = emu->mpu.gen;
		e->xn = emu_mpu_fetch_check(emu, addr, size);
	}
	if (e->xn != 0) {
		if (e->xn == addr) {
			/* the MPU forbids the fetch: IACCVIOL, with this instruction as the return address */
			emu_exc_raise_fault(emu, EMU_FAULT_MPU_IACC, addr, addr);
			stop_at_block(emu, addr);
			return;
		}
		/* it runs into memory it may not execute: translate it again ending there */
		emu->mpu.xn_exit = e->xn;
		e->n = 0;
		uc_ctl_remove_cache(uc, addr, (uint64_t)addr + size);
		stop_at_block(emu, addr);
		return;
	}
	if (emu->exc_recheck && emu_exc_would_take(emu)) {
		stop_at_block(emu, addr); /* a mask moved: the pending exception is taken before this block */
		return;
	}
	/* the previous block held a WFI: it has run, SysTick is as it left it */
	if (emu->wfi_block != 0) {
		sleep_until_interrupt(emu, emu->wfi_block);
		if (emu->stopping) {
			stop_at_block(emu, addr);
			return;
		}
	}
	if (emu->cycles >= emu->deadline) {
		/* this block has not run: it runs, and counts, on resume */
		stop_at_block(emu, addr);
		return;
	}
	emu->insns += e->n;
	advance_cycles(emu, e->n);
	if (e->wfi)
		emu->wfi_block = addr;
	emu->block_addr = addr;
	emu->block_size = size;
	emu->mode_block = e->mode;
	if (emu->debug != NULL)
		emu_debug_block(emu, addr, size);
}

void emu_flush_code(struct extmem_emu *emu)
{
	emu_traps_clear(emu); /* the checks follow the code: blocks are scanned again */
	memset(emu->icache, 0, sizeof(*emu->icache) * EMU_ICACHE);
	uc_ctl_remove_cache(emu->uc, 0, 0xFFFFFFFFull);
}

static const char *access_name(uc_mem_type type)
{
	switch (type) {
	case UC_MEM_READ_UNMAPPED: return "read of an unmapped address";
	case UC_MEM_WRITE_UNMAPPED: return "write to an unmapped address";
	case UC_MEM_FETCH_UNMAPPED: return "instruction fetch from an unmapped address";
	case UC_MEM_WRITE_PROT: return "write to read-only memory";
	case UC_MEM_READ_PROT: return "read of protected memory";
	case UC_MEM_FETCH_PROT: return "instruction fetch from non-executable memory";
	default: return "invalid access";
	}
}

static bool hook_invalid(uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value, void *user)
{
	struct extmem_emu *emu = user;
	uint32_t addr = (uint32_t)address;
	(void)uc;
	bool write = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
	if (type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT) {
		if (!emu_mpu_allows(emu, addr, 2, UC_PROT_EXEC)) {
			emu_exc_raise_fault(emu, EMU_FAULT_MPU_IACC, addr, addr);
			return false;
		}
	} else if (!emu->stopping && !emu_mpu_data_access(emu, addr, size, write)) {
		return false; /* the MPU checks before the bus: MemManage */
	}
	if (type == UC_MEM_READ_PROT || type == UC_MEM_WRITE_PROT) {
		uint32_t need = write ? UC_PROT_WRITE : UC_PROT_READ;
		if ((emu_base_prot(addr) & need) == need)
			return true; /* the page was closed for bytes of it the MPU forbids, not this one */
	}
	if (type == UC_MEM_READ_UNMAPPED || type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_WRITE_UNMAPPED) {
		if (emu_xspi_window_fault(emu, addr)) {
			emu_mpu_mapped(emu, addr);
			return true; /* the window is now mapped: retry the access */
		}
		if (emu->stopping)
			return false;
	}
	if (addr >= 0x40000000u && addr < 0x60000000u) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, addr, (uint32_t)value, (unsigned)size,
			 type == UC_MEM_WRITE_UNMAPPED, "%s of unmodelled peripheral address 0x%08X (%d bytes)",
			 type == UC_MEM_WRITE_UNMAPPED ? "write" : "read", addr, size);
		return false;
	}
	if (addr >= 0xE0000000u && type != UC_MEM_FETCH_UNMAPPED) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, addr, (uint32_t)value, (unsigned)size,
			 type == UC_MEM_WRITE_UNMAPPED, "%s of unmodelled system address 0x%08X (%d bytes)",
			 type == UC_MEM_WRITE_UNMAPPED ? "write" : "read", addr, size);
		return false;
	}
	const char *where = addr >= EXTMEM_EMU_FLASH_BASE && addr < EXTMEM_EMU_FLASH_BASE + EXTMEM_EMU_FLASH_SIZE
				    ? " (internal flash)"
				    : "";
	emu_stop(emu, EXTMEM_EMU_STOP_INVALID, addr, (uint32_t)value, (unsigned)size,
		 type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT, "%s%s at 0x%08X, %d bytes",
		 access_name(type), where, addr, size);
	return false;
}

/*
 * Code running from an XSPI window is hooked per instruction, so hazard
 * reports name the exact PC of the write (MMIO callbacks only see the PC of
 * the block's start). Several times slower than unhooked code (cfg.fast_xip
 * turns it off); other memory is not hooked.
 */
static void hook_xip_insn(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
	struct extmem_emu *emu = user;
	(void)uc;
	(void)size;
	emu->xip_pc = (uint32_t)address;
	emu->xip_pc_valid = true;
	emu_xspi_window_access(emu, (uint32_t)address, false);
}

static void hook_window_read(uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value, void *user)
{
	(void)uc;
	(void)type;
	(void)size;
	(void)value;
	emu_xspi_window_access(user, (uint32_t)address, true);
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
	struct extmem_emu *emu = user;
	uint32_t pc = emu_pc(emu);
	switch (intno) {
	case INTNO_SVC:
		/* PC is already past the SVC: it is the return address. */
		emu_exc_svc(emu, pc);
		break;
	case INTNO_EXCRET: emu_exc_return(emu, pc | 1u); break;
	case INTNO_BKPT: {
		uint16_t insn = 0;
		uc_mem_read(uc, pc, &insn, 2);
		uint32_t ipsr = reg_read(emu, UC_ARM_REG_XPSR) & 0x1FFu;
		char nb[16];
		if (ipsr >= EMU_EXC_HARDFAULT && ipsr <= EMU_EXC_USAGEFAULT && emu->fault_note[0] != '\0')
			emu_stop(emu, EXTMEM_EMU_STOP_BKPT, pc, insn & 0xFFu, 0, false,
				 "BKPT #%u at 0x%08X in the %s handler: %s", insn & 0xFFu, pc,
				 emu_exc_name(ipsr, nb, sizeof(nb)), emu->fault_note);
		else
			emu_stop(emu, EXTMEM_EMU_STOP_BKPT, pc, insn & 0xFFu, 0, false, "BKPT #%u at 0x%08X",
				 insn & 0xFFu, pc);
		break;
	}
	case INTNO_NOCP:
		emu_exc_raise_fault(emu, EMU_FAULT_NOCP, pc, 0);
		uc_emu_stop(uc);
		break;
	default: emu_stop(emu, EXTMEM_EMU_STOP_FAULT, pc, intno, 0, false, "CPU exception %u at 0x%08X", intno, pc);
	}
}

/*
 * An instruction Unicorn does not decode (undefined on the core too), or
 * execution in ARM state (EPSR.T clear): UsageFault, taken by the run loop.
 */
static bool hook_insn_invalid(uc_engine *uc, void *user)
{
	struct extmem_emu *emu = user;
	uint32_t pc = emu_pc(emu);
	bool thumb = (reg_read(emu, UC_ARM_REG_XPSR) >> 24) & 1u;
	emu_exc_raise_fault(emu, thumb ? EMU_FAULT_UNDEFINSTR : EMU_FAULT_INVSTATE, pc, 0);
	uc_emu_stop(uc);
	return true;
}

int extmem_emu_create(struct extmem_emu **out, const struct extmem_emu_config *cfg)
{
	*out = NULL;
	struct extmem_emu *emu = calloc(1, sizeof(*emu));
	if (emu == NULL)
		return -1;
	emu->icache = calloc(EMU_ICACHE, sizeof(*emu->icache));
	if (emu->icache == NULL) {
		free(emu);
		return -1;
	}
	if (cfg != NULL)
		emu->cfg = *cfg;
	emu->clock = emu->cfg.clock != NULL ? emu->cfg.clock : &emu->own_clock;
	emu->hse_hz = emu->cfg.hse_hz ? emu->cfg.hse_hz : 24000000u;
	emu->xspi[0].index = 1;
	emu->xspi[0].window = EXTMEM_EMU_XSPI1_BASE;
	emu->xspi[1].index = 2;
	emu->xspi[1].window = EXTMEM_EMU_XSPI2_BASE;
	uc_hook h;
	bool ok = uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &emu->uc) == UC_ERR_OK;
	ok = ok && uc_ctl_set_cpu_model(emu->uc, UC_CPU_ARM_CORTEX_M7) == UC_ERR_OK;
	for (size_t i = 0; ok && i < sizeof(ram_regions) / sizeof(ram_regions[0]); i++)
		ok = uc_mem_map(emu->uc, ram_regions[i].base, ram_regions[i].size, ram_regions[i].prot) == UC_ERR_OK;
	ok = ok && emu_periph_map(emu) == 0 && emu_scs_map(emu) == 0 && emu_xspi_map(emu) == 0;
	ok = ok && uc_hook_add(emu->uc, &h, UC_HOOK_BLOCK, (void *)hook_block, emu, 1, 0) == UC_ERR_OK;
	ok = ok && uc_hook_add(emu->uc, &h, UC_HOOK_MEM_INVALID, (void *)hook_invalid, emu, 1, 0) == UC_ERR_OK;
	ok = ok && uc_hook_add(emu->uc, &h, UC_HOOK_INTR, (void *)hook_intr, emu, 1, 0) == UC_ERR_OK;
	ok = ok && uc_hook_add(emu->uc, &h, UC_HOOK_INSN_INVALID, (void *)hook_insn_invalid, emu, 1, 0) == UC_ERR_OK;
	if (!emu->cfg.fast_xip) {
		ok = ok && uc_hook_add(emu->uc, &h, UC_HOOK_CODE, (void *)hook_xip_insn, emu, EXTMEM_EMU_XSPI2_BASE,
				       EXTMEM_EMU_XSPI2_BASE + EXTMEM_EMU_WINDOW_SIZE - 1u) == UC_ERR_OK;
		ok = ok && uc_hook_add(emu->uc, &h, UC_HOOK_CODE, (void *)hook_xip_insn, emu, EXTMEM_EMU_XSPI1_BASE,
				       EXTMEM_EMU_XSPI1_BASE + EXTMEM_EMU_WINDOW_SIZE - 1u) == UC_ERR_OK;
		ok = ok &&
		     uc_hook_add(emu->uc, &h, UC_HOOK_MEM_READ, (void *)hook_window_read, emu, EXTMEM_EMU_XSPI2_BASE,
				 EXTMEM_EMU_XSPI2_BASE + EXTMEM_EMU_WINDOW_SIZE - 1u) == UC_ERR_OK;
		ok = ok &&
		     uc_hook_add(emu->uc, &h, UC_HOOK_MEM_READ, (void *)hook_window_read, emu, EXTMEM_EMU_XSPI1_BASE,
				 EXTMEM_EMU_XSPI1_BASE + EXTMEM_EMU_WINDOW_SIZE - 1u) == UC_ERR_OK;
	}
	ok = ok && uc_ctl_exits_enable(emu->uc) == UC_ERR_OK;
	if (!ok) {
		extmem_emu_destroy(emu);
		return -1;
	}
	extmem_emu_reset(emu);
	*out = emu;
	return 0;
}

void extmem_emu_destroy(struct extmem_emu *emu)
{
	if (emu == NULL)
		return;
	if (emu->uc != NULL) {
		emu_xspi_free(emu);
		uc_close(emu->uc);
	}
	for (size_t i = 0; i < emu->nsyms; i++)
		free(emu->syms[i].name);
	free(emu->syms);
	free(emu->pages);
	free(emu->uart_log);
	free(emu->traps);
	emu_debug_free(emu);
	free(emu->icache);
	free(emu);
}

void extmem_emu_reset(struct extmem_emu *emu)
{
	emu_periph_reset(emu);
	emu_scs_reset(emu);
	emu_xspi_reset(emu, 1);
	emu_xspi_reset(emu, 2);
	emu->xspi[0].exit_note[0] = emu->xspi[1].exit_note[0] = '\0';
	emu_exc_reset(emu);
	emu->wfi_block = 0;
	emu->stopping = false;
	memset(&emu->stop, 0, sizeof(emu->stop));
	uint32_t vec[2] = {0, 0};
	uc_mem_read(emu->uc, EXTMEM_EMU_FLASH_BASE, vec, sizeof(vec));
	uint32_t zero = 0;
	for (int r = UC_ARM_REG_R0; r <= UC_ARM_REG_R12; r++)
		uc_reg_write(emu->uc, r, &zero);
	emu_exc_thread_reset(emu);
	reg_write(emu, UC_ARM_REG_PRIMASK, 0);
	reg_write(emu, UC_ARM_REG_FAULTMASK, 0);
	reg_write(emu, UC_ARM_REG_BASEPRI, 0);
	reg_write(emu, UC_ARM_REG_SP, vec[0]);
	reg_write(emu, UC_ARM_REG_LR, 0xFFFFFFFFu);
	reg_write(emu, UC_ARM_REG_PC, vec[1] | 1u);
}

int extmem_emu_write_mem(struct extmem_emu *emu, uint32_t addr, const void *buf, size_t len)
{
	int err = uc_mem_write(emu->uc, addr, buf, len) == UC_ERR_OK ? 0 : -1;
	emu_flush_code(emu);
	return err;
}

int extmem_emu_read_mem(struct extmem_emu *emu, uint32_t addr, void *buf, size_t len)
{
	return uc_mem_read(emu->uc, addr, buf, len) == UC_ERR_OK ? 0 : -1;
}

int extmem_emu_symbol(struct extmem_emu *emu, const char *name, uint32_t *addr)
{
	for (size_t i = 0; i < emu->nsyms; i++) {
		if (strcmp(emu->syms[i].name, name) == 0) {
			*addr = emu->syms[i].value;
			return 0;
		}
	}
	return -1;
}

static void set_exits(struct extmem_emu *emu, const struct extmem_emu_limits *lim, uint32_t skip)
{
	uint64_t exits[7];
	size_t n = 0;
	exits[n++] = EXTMEM_EMU_RETURN_ADDR;
	if (emu->mpu.xn_exit != 0 && emu->mpu.xn_exit != skip)
		exits[n++] = emu->mpu.xn_exit;
	for (size_t i = 0; lim != NULL && i < 4; i++) {
		uint32_t a = lim->breakpoints[i] & ~1u;
		if (lim->breakpoints[i] != 0 && a != skip)
			exits[n++] = a;
	}
	uc_ctl_set_exits(emu->uc, exits, n);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

enum extmem_emu_stop_reason extmem_emu_run(struct extmem_emu *emu, const struct extmem_emu_limits *limits)
{
	struct extmem_emu_limits none;
	memset(&none, 0, sizeof(none));
	const struct extmem_emu_limits *lim = limits != NULL ? limits : &none;
	emu->stopping = false;
	memset(&emu->stop, 0, sizeof(emu->stop));
	emu->led_stop = lim->led_events;
	emu->pattern_len =
		lim->led_pattern_len > EXTMEM_EMU_PATTERN_MAX ? EXTMEM_EMU_PATTERN_MAX : lim->led_pattern_len;
	for (unsigned k = 0; k < emu->pattern_len; k++) {
		emu->pattern[k][0] = lim->led_pattern[k].led;
		emu->pattern[k][1] = lim->led_pattern[k].level;
	}
	emu->pattern_hit = false;
	uint64_t start_insns = emu->insns;
	uint64_t wall0 = wall_now_ns();
	uint32_t pc = emu_pc(emu);
	set_exits(emu, lim, pc);
	bool first = true;
	while (!emu->stopping) {
		if (lim->max_ps != 0 && emu->clock->now_ps >= lim->max_ps) {
			emu_stop(emu, EXTMEM_EMU_STOP_TIME_LIMIT, 0, 0, 0, false, "virtual time limit %.3f ms reached",
				 (double)lim->max_ps / 1e9);
			break;
		}
		if (lim->max_insns != 0 && emu->insns - start_insns >= lim->max_insns) {
			emu_stop(emu, EXTMEM_EMU_STOP_INSN_LIMIT, 0, 0, 0, false, "instruction limit %llu reached",
				 (unsigned long long)lim->max_insns);
			break;
		}
		if (lim->poll != NULL && lim->poll(lim->poll_ctx)) {
			emu_stop(emu, EXTMEM_EMU_STOP_DEBUG, 0, EXTMEM_EMU_DEBUG_INTERRUPT, 0, false,
				 "interrupted by the debugger");
			break;
		}
		/* a pending exception that preempts what runs is taken between slices */
		emu_exc_take_pending(emu, emu_pc(emu));
		if (emu->stopping)
			break;
		uint64_t deadline = emu->cycles + SLICE_INSNS;
		if (lim->max_insns != 0)
			deadline = min_u64(deadline, emu->cycles + (lim->max_insns - (emu->insns - start_insns)));
		if (lim->max_ps != 0) {
			uint64_t left_ps = lim->max_ps - emu->clock->now_ps;
			uint64_t left_cycles = (uint64_t)(((unsigned __int128)left_ps * emu->cpu_hz) / PS_PER_S) + 1u;
			deadline = min_u64(deadline, emu->cycles + left_cycles);
		}
		deadline = min_u64(deadline, emu_systick_next(emu));
		emu->deadline = deadline;
		emu_mpu_sync(emu);
		pc = emu_pc(emu);
		if (!first)
			set_exits(emu, lim, 0xFFFFFFFFu);
		emu->resume_pc = 0;
		uc_err err = uc_emu_start(emu->uc, pc | 1u, 0, 0, 0);
		if (emu->resume_pc != 0) {
			reg_write(emu, UC_ARM_REG_PC, emu->resume_pc);
			emu->resume_pc = 0;
		}
		if (first) {
			first = false;
			set_exits(emu, lim, 0xFFFFFFFFu);
		}
		if (emu->fault.pending && !emu->stopping) {
			emu_exc_take_fault(emu); /* the handler runs from the next slice */
			continue;
		}
		if (emu->stopping)
			break;
		if (err != UC_ERR_OK) {
			uint32_t epc = emu_pc(emu);
			emu_stop(emu, EXTMEM_EMU_STOP_INVALID, epc, 0, 0, false, "emulation error at 0x%08X: %s", epc,
				 uc_strerror(err));
			break;
		}
		if (emu->wfi_block != 0) {
			sleep_until_interrupt(emu, emu->wfi_block);
			if (emu->stopping)
				break;
		}
		pc = emu_pc(emu) & ~1u;
		if (emu->mpu.xn_exit != 0 && pc == emu->mpu.xn_exit) {
			emu->mpu.xn_exit = 0; /* the block starting here faults (hook_block) */
			continue;
		}
		if (pc == EXTMEM_EMU_RETURN_ADDR) {
			emu_stop(emu, EXTMEM_EMU_STOP_RETURNED, pc, extmem_emu_reg(emu, 0), 0, false,
				 "returned r0 = 0x%08X", extmem_emu_reg(emu, 0));
			break;
		}
		for (size_t i = 0; i < 4; i++) {
			if (lim->breakpoints[i] != 0 && pc == (lim->breakpoints[i] & ~1u))
				emu_stop(emu, EXTMEM_EMU_STOP_BREAKPOINT, pc, 0, 0, false, "breakpoint at 0x%08X", pc);
		}
		if (!emu->stopping && emu->pattern_hit)
			emu_stop(emu, EXTMEM_EMU_STOP_LED_EVENTS, 0, emu->led_count, 0, false,
				 "LED pattern seen after %u LED changes", emu->led_count);
		if (!emu->stopping && emu->led_stop != 0 && emu->led_count >= emu->led_stop)
			emu_stop(emu, EXTMEM_EMU_STOP_LED_EVENTS, 0, emu->led_count, 0, false, "%u LED changes logged",
				 emu->led_count);
	}
	emu->wall_ns += wall_now_ns() - wall0;
	if (emu->cfg.log != NULL && emu->stop.reason != EXTMEM_EMU_STOP_RETURNED &&
	    emu->stop.reason != EXTMEM_EMU_STOP_DEBUG)
		fprintf(emu->cfg.log, "emu: stop: %s: %s (pc 0x%08X)\n", extmem_emu_stop_name(emu->stop.reason),
			emu->stop.message, emu->stop.pc);
	return emu->stop.reason;
}

enum extmem_emu_stop_reason extmem_emu_call(struct extmem_emu *emu, uint32_t fn, const uint32_t *args, unsigned nargs,
					    uint32_t sp, const struct extmem_emu_limits *limits, uint32_t *r0)
{
	static const int argregs[4] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3};
	for (unsigned i = 0; i < 4; i++)
		reg_write(emu, argregs[i], i < nargs && args != NULL ? args[i] : 0);
	emu_exc_thread_reset(emu); /* thread mode on MSP, nothing active */
	reg_write(emu, UC_ARM_REG_SP, sp != 0 ? sp : EXTMEM_EMU_AXI_BASE + EXTMEM_EMU_AXI_SIZE);
	reg_write(emu, UC_ARM_REG_LR, EXTMEM_EMU_RETURN_ADDR | 1u);
	reg_write(emu, UC_ARM_REG_PC, fn | 1u);
	enum extmem_emu_stop_reason why = extmem_emu_run(emu, limits);
	if (why == EXTMEM_EMU_STOP_RETURNED && r0 != NULL)
		*r0 = extmem_emu_reg(emu, 0);
	return why;
}

const struct extmem_emu_stop *extmem_emu_last_stop(const struct extmem_emu *emu)
{
	return &emu->stop;
}

const char *extmem_emu_stop_name(enum extmem_emu_stop_reason reason)
{
	switch (reason) {
	case EXTMEM_EMU_STOP_NONE: return "none";
	case EXTMEM_EMU_STOP_TIME_LIMIT: return "time limit";
	case EXTMEM_EMU_STOP_INSN_LIMIT: return "instruction limit";
	case EXTMEM_EMU_STOP_BREAKPOINT: return "breakpoint";
	case EXTMEM_EMU_STOP_RETURNED: return "returned";
	case EXTMEM_EMU_STOP_LED_EVENTS: return "LED events";
	case EXTMEM_EMU_STOP_BKPT: return "BKPT instruction";
	case EXTMEM_EMU_STOP_UNMODELLED: return "unmodelled access";
	case EXTMEM_EMU_STOP_INVALID: return "invalid access";
	case EXTMEM_EMU_STOP_FAULT: return "fault";
	case EXTMEM_EMU_STOP_XIP_HAZARD: return "XIP hazard";
	case EXTMEM_EMU_STOP_UNSUPPORTED: return "unsupported";
	case EXTMEM_EMU_STOP_RESET: return "system reset";
	case EXTMEM_EMU_STOP_SLEEP: return "sleep forever";
	case EXTMEM_EMU_STOP_DEBUG: return "debugger";
	}
	return "?";
}

uint32_t extmem_emu_led_count(const struct extmem_emu *emu)
{
	return emu->led_count;
}

const struct extmem_emu_led_event *extmem_emu_led_log(const struct extmem_emu *emu)
{
	return emu->leds;
}

const char *extmem_emu_led_name(unsigned led)
{
	static const char *const names[EXTMEM_EMU_LEDS] = {"LD1 (PO1)", "LD2 (PO5)", "LD3 (PM2)", "LD4 (PM3)"};
	return led < EXTMEM_EMU_LEDS ? names[led] : "?";
}

void extmem_emu_get_stats(const struct extmem_emu *emu, struct extmem_emu_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	stats->insns = emu->insns;
	stats->virtual_ps = emu->clock->now_ps;
	stats->wall_ns = emu->wall_ns;
	stats->cpu_hz = emu->cpu_hz;
	stats->exceptions = emu->exceptions;
	stats->xspi_ops = emu->xspi_ops;
	stats->xspi_violations = emu->xspi_violations;
	stats->map_snapshots = emu->map_snapshots;
	stats->window_blocks = emu->window_blocks;
	stats->map_chunks = emu->map_chunks;
	stats->line_fills = emu->line_fills;
	stats->warnings = emu->warnings;
}

void extmem_emu_print_stats(const struct extmem_emu *emu, FILE *out)
{
	struct extmem_emu_stats s;
	extmem_emu_get_stats(emu, &s);
	double wall_s = (double)s.wall_ns / 1e9;
	double mips = wall_s > 0 ? (double)s.insns / wall_s / 1e6 : 0.0;
	fprintf(out, "emu: %llu instructions in %.3f s wall: %.1f MIPS emulated\n", (unsigned long long)s.insns, wall_s,
		mips);
	fprintf(out, "emu: virtual time %.6f s vs wall time %.6f s (%.2fx real time), CPU at %u MHz\n",
		(double)s.virtual_ps / 1e12, wall_s, wall_s > 0 ? (double)s.virtual_ps / 1e12 / wall_s : 0.0,
		(unsigned)(s.cpu_hz / 1000000u));
	fprintf(out,
		"emu: %u exceptions, %u XSPI ops, %u XSPI controller violations, %u windows mapped (%u chunks read, %u "
		"line fills)\n",
		s.exceptions, s.xspi_ops, s.xspi_violations, s.map_snapshots, s.map_chunks, s.line_fills);
	if (s.warnings != 0)
		fprintf(out, "emu: %u controller warnings, last: %s\n", s.warnings, extmem_emu_last_warning(emu));
}

const char *extmem_emu_last_xspi_violation(const struct extmem_emu *emu)
{
	return emu->xspi_violation;
}
