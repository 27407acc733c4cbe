/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: the Cortex-M7 system control space (SysTick, SCB, NVIC,
 * MPU, FPU, cache maintenance) and the DWT, after the ARMv7-M architecture.
 */
#include <string.h>

#include "internal.h"

#define DWT_LAR        0xFB0u /* lock access (CoreSight), write-only */
#define DWT_LSR        0xFB4u /* lock status */
#define DWT_UNLOCK_KEY 0xC5ACCE55u

void emu_scs_reset(struct extmem_emu *emu)
{
	memset(emu->scs, 0, sizeof(emu->scs));
	emu->scs[0x004 / 4] = 0x00000007u;           /* ICTR */
	emu->scs[0x01C / 4] = 0x40000000u;           /* SysTick CALIB: no reference clock skew info */
	emu->scs[0xD00 / 4] = 0x411FC272u;           /* CPUID: Cortex-M7 r1p2 */
	emu->scs[0xD08 / 4] = EXTMEM_EMU_FLASH_BASE; /* VTOR: the boot address */
	emu->scs[0xD0C / 4] = 0xFA050000u;           /* AIRCR */
	emu->scs[0xD14 / 4] = 0x00040200u;           /* CCR: STKALIGN, BP */
	emu->scs[0xD78 / 4] = 0x09000003u;           /* CLIDR */
	emu->scs[0xD7C / 4] = 0x8303C003u;           /* CTR */
	emu->scs[0xF34 / 4] = 0xC0000000u;           /* FPCCR */
	memset(emu->dwt, 0, sizeof(emu->dwt));
	emu->dwt[0] = 0x40000000u;  /* CTRL: 4 comparators */
	emu->dwt[DWT_LSR / 4] = 3u; /* SLI | SLK: software access locked until DWT_LAR is unlocked */
	emu->cyccnt_on = false;
	emu->cyccnt_frozen = 0;
	emu->st_start = emu->cycles;
	emu->st_delivered = emu->st_seen = 0;
	emu->st_pending = false;
	emu->st_frozen_cvr = 0;
	emu_mpu_reset(emu);
}

static uint32_t st_div(const struct extmem_emu *emu)
{
	return (emu->scs[0x010 / 4] & 4u) ? 1u : 8u; /* CLKSOURCE: CPU clock, else CPU clock / 8 */
}

static uint64_t st_wraps(const struct extmem_emu *emu)
{
	uint32_t rvr = emu->scs[0x014 / 4] & 0xFFFFFFu;
	if (!(emu->scs[0x010 / 4] & 1u) || rvr == 0)
		return 0;
	uint64_t ticks = (emu->cycles - emu->st_start) / st_div(emu);
	return ticks / ((uint64_t)rvr + 1u);
}

static uint32_t st_current(const struct extmem_emu *emu)
{
	uint32_t rvr = emu->scs[0x014 / 4] & 0xFFFFFFu;
	if (!(emu->scs[0x010 / 4] & 1u))
		return (uint32_t)emu->st_frozen_cvr;
	uint64_t ticks = (emu->cycles - emu->st_start) / st_div(emu);
	if (ticks == 0 || rvr == 0)
		return 0;
	return rvr - (uint32_t)((ticks - 1u) % ((uint64_t)rvr + 1u));
}

bool emu_systick_due(struct extmem_emu *emu)
{
	uint32_t csr = emu->scs[0x010 / 4];
	if (emu->st_pending)
		return true;
	if ((csr & 3u) != 3u)
		return false;
	uint64_t w = st_wraps(emu);
	if (w > emu->st_delivered) {
		emu->st_delivered = w;
		emu->st_pending = true;
	}
	return emu->st_pending;
}

uint64_t emu_systick_next(struct extmem_emu *emu)
{
	uint32_t csr = emu->scs[0x010 / 4];
	uint32_t rvr = emu->scs[0x014 / 4] & 0xFFFFFFu;
	if ((csr & 3u) != 3u || rvr == 0)
		return UINT64_MAX;
	return emu->st_start + (emu->st_delivered + 1u) * ((uint64_t)rvr + 1u) * st_div(emu);
}

static void cyccnt_update(struct extmem_emu *emu)
{
	bool on = (emu->scs[0xDFC / 4] & (1u << 24)) && (emu->dwt[0] & 1u);
	if (on && !emu->cyccnt_on)
		emu->cyccnt_base = emu->cycles - emu->cyccnt_frozen;
	if (!on && emu->cyccnt_on)
		emu->cyccnt_frozen = (uint32_t)(emu->cycles - emu->cyccnt_base);
	emu->cyccnt_on = on;
}

static bool scs_known(uint32_t off)
{
	if (off == 0x004 || off == 0x008 || (off >= 0x010 && off <= 0x01C))
		return true;
	if (off >= 0x100 && off < 0x4F0) /* NVIC enable/pending/active/priority */
		return true;
	if (off >= 0xD00 && off <= 0xD3C) /* SCB */
		return true;
	if (off >= 0xD40 && off <= 0xD88) /* feature, cache ID, CPACR */
		return true;
	if (off >= 0xD90 && off <= 0xDB8) /* MPU */
		return true;
	if (off >= 0xDF0 && off <= 0xDFC) /* debug */
		return true;
	if (off == 0xF00 || (off >= 0xF34 && off <= 0xF48)) /* STIR, FPU */
		return true;
	if (off >= 0xF50 && off <= 0xF78) /* cache maintenance (write-only, accepted) */
		return true;
	return false;
}

/* MPU TYPE, CTRL, RNR, RBAR, RASR and the aliases (mpu.c) */
static bool is_mpu(uint32_t off)
{
	return off >= 0xD90 && off <= 0xDB8;
}

static uint32_t scs_read(struct extmem_emu *emu, uint32_t off)
{
	if (is_mpu(off))
		return emu_mpu_read(emu, off);
	switch (off) {
	case 0x010: {
		uint64_t w = st_wraps(emu);
		uint32_t flag = w > emu->st_seen ? 1u : 0u;
		emu->st_seen = w;
		return (emu->scs[0x010 / 4] & 7u) | flag << 16;
	}
	case 0x018: return st_current(emu);
	case 0xD04: return emu_exc_icsr(emu);
	case 0xD24: return emu_exc_shcsr(emu);
	case 0xD80: {
		/* CCSIDR for CSSELR: 32 KB 4-way D-cache, 32 KB 2-way I-cache, 32-byte lines */
		return (emu->scs[0xD84 / 4] & 1u) ? 0xF03FE009u : 0xF01FE019u;
	}
	default:
		if ((off >= 0x180 && off < 0x1C0) || (off >= 0x280 && off < 0x2C0))
			return emu->scs[(off - 0x80u) / 4]; /* ICER, ICPR read as ISER, ISPR */
		return emu->scs[off / 4];
	}
}

/* Set/clear and write-one-to-clear registers: a narrow store must not write the other bytes back. */
static bool scs_merges(uint32_t off)
{
	return !((off >= 0x100 && off < 0x2C0) || off == 0xD04 || (off >= 0xD28 && off <= 0xD30) || off == 0xD3C ||
		 off == 0xF00);
}

static void scs_write(struct extmem_emu *emu, uint32_t off, uint32_t v)
{
	if (is_mpu(off)) {
		emu_mpu_write(emu, off, v);
		return;
	}
	switch (off) {
	case 0x010: {
		uint32_t old = emu->scs[0x010 / 4];
		if ((v & 1u) && !(old & 1u)) {
			emu->st_start = emu->cycles;
			emu->st_delivered = emu->st_seen = 0;
		}
		if (!(v & 1u) && (old & 1u))
			emu->st_frozen_cvr = st_current(emu);
		emu->scs[0x010 / 4] = v & 7u;
		emu_break(emu); /* recompute the slice deadline */
		break;
	}
	case 0x014: {
		/* A new reload value applies from the next wrap: keep the current count running down. */
		uint32_t cur = st_current(emu);
		uint32_t rvr = v & 0xFFFFFFu;
		bool pending = emu_systick_due(emu);
		emu->scs[0x014 / 4] = rvr;
		if (emu->scs[0x010 / 4] & 1u) {
			uint64_t p = (uint64_t)rvr + 1u;
			uint64_t c = cur > p ? p : cur;
			emu->st_start = emu->cycles - (p - c) * st_div(emu);
			emu->st_delivered = emu->st_seen = 0;
			emu->st_pending = pending;
			emu_break(emu);
		}
		break;
	}
	case 0x018:
		emu->st_start = emu->cycles;
		emu->st_delivered = emu->st_seen = 0;
		emu->st_frozen_cvr = 0;
		break;
	case 0x004:
	case 0x01C:
	case 0xD00:
	case 0xD78:
	case 0xD7C:
	case 0xD80: break; /* read-only */
	case 0xD04:        /* ICSR: NMIPENDSET, PENDSVSET/CLR, PENDSTSET/CLR */
		if (v & (1u << 31))
			emu_exc_set_pending(emu, EMU_EXC_NMI, true);
		if (v & (1u << 28))
			emu_exc_set_pending(emu, EMU_EXC_PENDSV, true);
		else if (v & (1u << 27))
			emu_exc_set_pending(emu, EMU_EXC_PENDSV, false);
		if (v & (1u << 26))
			emu_exc_set_pending(emu, EMU_EXC_SYSTICK, true);
		else if (v & (1u << 25))
			emu_exc_set_pending(emu, EMU_EXC_SYSTICK, false);
		break;
	case 0xD18:
		emu->scs[off / 4] = v & 0x00F0F0F0u;
		emu_break(emu);
		break; /* SHPR1: 4 priority bits each */
	case 0xD1C:
		emu->scs[off / 4] = v & 0xF0000000u;
		emu_break(emu);
		break; /* SHPR2: SVCall */
	case 0xD20:
		emu->scs[off / 4] = v & 0xF0F000F0u;
		emu_break(emu);
		break; /* SHPR3: SysTick, PendSV, DebugMon */
	case 0xD24: emu_exc_write_shcsr(emu, v); break;
	case 0xD28:
	case 0xD2C:
	case 0xD30:
	case 0xD3C: emu->scs[off / 4] &= ~v; break; /* CFSR, HFSR, DFSR, AFSR: write one to clear */
	case 0xF00: /* STIR */ emu_exc_set_pending(emu, 16u + (v & 0x1FFu), true); break;
	case 0xD08: emu->scs[off / 4] = v & ~0x7Fu; break;
	case 0xD0C:
		if ((v >> 16) != 0x05FAu)
			break; /* writes without VECTKEY are ignored */
		if (v & 4u) {
			emu_stop(emu, EXTMEM_EMU_STOP_RESET, 0, v, 4, true,
				 "system reset requested (AIRCR.SYSRESETREQ)");
			break;
		}
		emu->scs[off / 4] = 0xFA050000u | (v & 0x700u);
		emu_break(emu); /* PRIGROUP moves preemption */
		break;
	case 0xDFC:
		emu->scs[off / 4] = v;
		cyccnt_update(emu);
		break;
	case 0xF50: /* ICIALLU */
	case 0xF58: /* ICIMVAU */ emu_cache_invalidate(emu, false); break;
	case 0xF5C: /* DCIMVAC */
	case 0xF60: /* DCISW */
	case 0xF70: /* DCCIMVAC */
	case 0xF74: /* DCCISW */ emu_cache_invalidate(emu, true); break;
	case 0xD14:
		/* caches turned off lose their contents here (they are invalidated before use on silicon) */
		if (!(v & (1u << 17)))
			emu_cache_invalidate(emu, false);
		if (!(v & (1u << 16)))
			emu_cache_invalidate(emu, true);
		/* STKALIGN and BP read as one on the M7; UNALIGN_TRP, DIV_0_TRP change which instructions are checked
		 */
		v = (v & 0x0003031Bu) | 0x00040200u;
		if ((v ^ emu->scs[off / 4]) & 0x18u) {
			emu->scs[off / 4] = v;
			emu_flush_code(emu);
			emu_break(emu);
		}
		emu->scs[off / 4] = v;
		break;
	default:
		if (off >= 0x100 && off < 0x140) { /* ISER */
			emu->scs[off / 4] |= v;
			emu_break(emu);
		} else if (off >= 0x180 && off < 0x1C0) { /* ICER */
			emu->scs[(off - 0x80u) / 4] &= ~v;
		} else if (off >= 0x200 && off < 0x240) { /* ISPR */
			emu->scs[off / 4] |= v;
			emu_break(emu);
		} else if (off >= 0x280 && off < 0x2C0) { /* ICPR */
			emu->scs[(off - 0x80u) / 4] &= ~v;
		} else if (off >= 0x300 && off < 0x340) { /* IABR: read-only */
		} else if (off >= 0x400 && off < 0x4F0) { /* IPR: 4 priority bits per byte */
			emu->scs[off / 4] = v & 0xF0F0F0F0u;
			emu_break(emu);
		} else {
			emu->scs[off / 4] = v;
		}
	}
}

static bool dwt_known(uint32_t off)
{
	return off <= 0x05Cu || off == 0xFB0u || off == 0xFB4u || (off >= 0xFD0u && off <= 0xFFCu);
}

static uint32_t dwt_read(struct extmem_emu *emu, uint32_t off)
{
	if (off == DWT_LAR)
		return 0; /* write-only */
	if (off == 0x004)
		return emu->cyccnt_on ? (uint32_t)(emu->cycles - emu->cyccnt_base) : emu->cyccnt_frozen;
	return emu->dwt[off / 4];
}

static void dwt_write(struct extmem_emu *emu, uint32_t off, uint32_t v)
{
	if (off == DWT_LAR) {
		emu->dwt[DWT_LSR / 4] = v == DWT_UNLOCK_KEY ? 1u : 3u;
		return;
	}
	if (off == DWT_LSR || off >= 0xFD0u)
		return; /* read-only */
	if (emu->dwt[DWT_LSR / 4] & 2u)
		return; /* locked: the Cortex-M7 ignores software writes (a debugger's go through) */
	if (off == 0x004) {
		emu->cyccnt_frozen = v;
		emu->cyccnt_base = emu->cycles - v;
		return;
	}
	if (off == 0x000) {
		emu->dwt[0] = (emu->dwt[0] & 0xFFFF0000u) | (v & 0xFFFFu);
		cyccnt_update(emu);
		return;
	}
	emu->dwt[off / 4] = v;
}

/* One of the two system pages (SCS, DWT): which offsets exist and how they are accessed. */
struct sys_page {
	uint32_t base;
	bool (*known)(uint32_t off);
	uint32_t (*read)(struct extmem_emu *emu, uint32_t off);
	void (*write)(struct extmem_emu *emu, uint32_t off, uint32_t v);
	bool (*merges)(uint32_t off); /* false: a narrow store zeroes the rest of the register */
};

static bool dwt_merges(uint32_t off)
{
	(void)off;
	return true;
}

static const struct sys_page scs_page = {EMU_SCS_BASE, scs_known, scs_read, scs_write, scs_merges};
static const struct sys_page dwt_page = {EMU_DWT_BASE, dwt_known, dwt_read, dwt_write, dwt_merges};

/*
 * A narrow store merges into the 32-bit register it lands in (byte writes to
 * priority registers); reads return the addressed bytes.
 */
static uint64_t page_read(const struct sys_page *page, struct extmem_emu *emu, uint64_t offset, unsigned size)
{
	uint32_t off = (uint32_t)offset & ~3u;
	if (emu->stopping)
		return 0;
	if (!page->known(off)) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, page->base + (uint32_t)offset, 0, size, false,
			 "read of unmodelled address 0x%08X (%u bytes)", page->base + (uint32_t)offset, size);
		return 0;
	}
	uint32_t v = page->read(emu, off) >> (8u * (offset & 3u));
	return size >= 4 ? v : v & ((1u << (8u * size)) - 1u);
}

static void page_write(const struct sys_page *page, struct extmem_emu *emu, uint64_t offset, unsigned size,
		       uint64_t value)
{
	uint32_t off = (uint32_t)offset & ~3u;
	uint32_t v = (uint32_t)value;
	if (emu->stopping)
		return;
	if (!page->known(off)) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, page->base + (uint32_t)offset, v, size, true,
			 "write of 0x%08X to unmodelled address 0x%08X (%u bytes)", v, page->base + (uint32_t)offset,
			 size);
		return;
	}
	if (size < 4) {
		uint32_t shift = 8u * ((uint32_t)offset & 3u);
		uint32_t mask = ((1u << (8u * size)) - 1u) << shift;
		v = (page->merges(off) ? page->read(emu, off) & ~mask : 0) | ((v << shift) & mask);
	}
	page->write(emu, off, v);
}

static uint64_t scs_page_read(uc_engine *uc, uint64_t offset, unsigned size, void *user)
{
	(void)uc;
	return page_read(&scs_page, user, offset, size);
}

static void scs_page_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value, void *user)
{
	(void)uc;
	page_write(&scs_page, user, offset, size, value);
}

static uint64_t dwt_page_read(uc_engine *uc, uint64_t offset, unsigned size, void *user)
{
	(void)uc;
	return page_read(&dwt_page, user, offset, size);
}

static void dwt_page_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value, void *user)
{
	(void)uc;
	page_write(&dwt_page, user, offset, size, value);
}

int emu_scs_map(struct extmem_emu *emu)
{
	if (uc_mmio_map(emu->uc, EMU_DWT_BASE, 0x1000, dwt_page_read, emu, dwt_page_write, emu) != UC_ERR_OK)
		return -1;
	return uc_mmio_map(emu->uc, EMU_SCS_BASE, 0x1000, scs_page_read, emu, scs_page_write, emu) == UC_ERR_OK ? 0
														: -1;
}
