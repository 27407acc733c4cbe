/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: the XSPI1/XSPI2 and XSPIM register files (RM0477): reset
 * values, writes ignored while busy, the writes that start a transfer, and
 * the clock and supply checks of an access.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xspi_internal.h"

static uint32_t *reg_ptr(struct emu_xspi *x, uint32_t off)
{
	switch (off) {
	case 0x008: return &x->dcr1;
	case 0x00C: return &x->dcr2;
	case 0x010: return &x->dcr3;
	case 0x014: return &x->dcr4;
	case 0x040: return &x->dlr;
	case 0x048: return &x->ar;
	case 0x080: return &x->psmkr;
	case 0x088: return &x->psmar;
	case 0x090: return &x->pir;
	case 0x100: return &x->ccr;
	case 0x108: return &x->tcr;
	case 0x110: return &x->ir;
	case 0x120: return &x->abr;
	case 0x130: return &x->lptr;
	case 0x140: return &x->wpccr;
	case 0x148: return &x->wptcr;
	case 0x150: return &x->wpir;
	case 0x160: return &x->wpabr;
	case 0x180: return &x->wccr;
	case 0x188: return &x->wtcr;
	case 0x190: return &x->wir;
	case 0x1A0: return &x->wabr;
	case 0x200: return &x->hlcr;
	case 0x210: return &x->calfcr;
	case 0x218: return &x->calmr;
	case 0x220: return &x->calsor;
	case 0x228: return &x->calsir;
	default: return NULL;
	}
}

static const char *reg_name(uint32_t off)
{
	switch (off) {
	case 0x000: return "CR";
	case 0x008: return "DCR1";
	case 0x00C: return "DCR2";
	case 0x010: return "DCR3";
	case 0x014: return "DCR4";
	case 0x040: return "DLR";
	case 0x048: return "AR";
	case 0x080: return "PSMKR";
	case 0x088: return "PSMAR";
	case 0x090: return "PIR";
	case 0x100: return "CCR";
	case 0x108: return "TCR";
	case 0x110: return "IR";
	case 0x120: return "ABR";
	default: return "register";
	}
}

/* index 1, 2: XSPI1, XSPI2; 3: XSPIM */
static bool check_clock(struct extmem_emu *emu, unsigned index, uint32_t addr, unsigned size, bool write)
{
	if (emu_xspi_bus_clock_on(emu, index))
		return true;
	/* silicon does not fault: the access is dropped (vendor HAL_XSPIM_Config reads both CRs this way) */
	const char *name = index == 1 ? "XSPI1" : index == 2 ? "XSPI2" : "XSPIM";
	emu_warn_ignored(emu, addr, size, write,
			 "%s of %s register 0x%08X while its bus clock is off (RCC_AHB5ENR.%sEN = 0): %s",
			 write ? "write" : "read", name, addr, name, write ? "ignored" : "reads 0");
	return false;
}

uint64_t emu_xspi_read(struct extmem_emu *emu, unsigned index, uint32_t off, unsigned size)
{
	struct emu_xspi *x = &emu->xspi[index - 1];
	uint32_t base = index == 1 ? EMU_XSPI1_R_BASE : EMU_XSPI2_R_BASE;
	if (!check_clock(emu, index, base + off, size, false))
		return 0;
	if (off >= 0x050 && off < 0x054)
		return emu_xspi_dr_read(emu, x, size);
	uint32_t v;
	uint32_t aligned = off & ~3u;
	if (aligned == 0x000)
		v = x->cr & ~CR_ABORT; /* the abort is over by the time software looks */
	else if (aligned == 0x020)
		v = emu_xspi_sr_value(emu, x);
	else if (aligned == 0x024)
		v = 0;
	else {
		const uint32_t *p = reg_ptr(x, aligned);
		if (p == NULL) {
			emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, base + off, 0, size, false,
				 "read of unmodelled XSPI%u register at offset 0x%03X", index, off);
			return 0;
		}
		v = *p;
	}
	v >>= 8u * (off & 3u);
	return size >= 4 ? v : v & ((1u << (8u * size)) - 1u);
}

static void cr_write(struct extmem_emu *emu, struct emu_xspi *x, uint32_t v)
{
	uint32_t old = x->cr;
	bool leaving_map = x->mapped_mode && (!(v & CR_EN) || CR_FMODE(v) != FMODE_MAP || (v & CR_ABORT));
	if (leaving_map && emu_pc_in_window(emu, x->index)) {
		emu_stop(emu, EXTMEM_EMU_STOP_XIP_HAZARD, 0, v, 4, true,
			 "write 0x%08X to XSPI%u_CR at PC 0x%08X %s while code runs from the XSPI%u window", v,
			 x->index, emu_pc(emu),
			 !(v & CR_EN)     ? "disables XSPI"
			 : (v & CR_ABORT) ? "aborts memory-mapped mode"
					  : "leaves memory-mapped mode",
			 x->index);
		return;
	}
	if (v & CR_ABORT) {
		if (leaving_map) {
			char name[12];
			snprintf(name, sizeof(name), "XSPI%u_CR", x->index);
			emu_xspi_note_exit(emu, x->index, name, v);
		}
		emu_xspi_abort_transfer(emu, x);
		x->cr = v & ~CR_ABORT;
		return;
	}
	if ((x->busy || x->hung) && ((old ^ v) & ~(0x1F0000u | CR_ABORT))) {
		emu_xspi_violation(emu,
				   "XSPI%u: CR written (0x%08X -> 0x%08X) while BUSY; only ABORT and interrupt "
				   "enables may change",
				   x->index, old, v);
		return;
	}
	x->cr = v;
	if (leaving_map) {
		char name[12];
		snprintf(name, sizeof(name), "XSPI%u_CR", x->index);
		emu_xspi_note_exit(emu, x->index, name, v);
		x->mapped_mode = false;
	}
	if ((v & CR_EN) && CR_FMODE(v) == FMODE_MAP && !x->mapped_mode) {
		x->exit_note[0] = '\0';
		x->mapped_mode = true;
		x->busy = true; /* BUSY stays set in memory-mapped mode */
	}
	if (!x->mapped_mode && CR_FMODE(old) == FMODE_MAP && !x->polling && x->buf == NULL)
		x->busy = false;
}

void emu_xspi_write(struct extmem_emu *emu, unsigned index, uint32_t off, unsigned size, uint32_t value)
{
	struct emu_xspi *x = &emu->xspi[index - 1];
	uint32_t base = index == 1 ? EMU_XSPI1_R_BASE : EMU_XSPI2_R_BASE;
	if (!check_clock(emu, index, base + off, size, true))
		return;
	if (off >= 0x050 && off < 0x054) {
		emu_xspi_dr_write(emu, x, size, value);
		return;
	}
	uint32_t aligned = off & ~3u;
	if (size < 4) {
		uint32_t cur = (uint32_t)emu_xspi_read(emu, index, aligned, 4);
		uint32_t shift = 8u * (off & 3u);
		uint32_t mask = ((1u << (8u * size)) - 1u) << shift;
		value = (cur & ~mask) | ((value << shift) & mask);
	}
	if (aligned == 0x000) {
		cr_write(emu, x, value);
		return;
	}
	if (aligned == 0x020)
		return; /* SR is read-only */
	if (aligned == 0x024) {
		x->sr &= ~(value & (SR_TEF | SR_TCF | SR_SMF | SR_TOF));
		return;
	}
	uint32_t *p = reg_ptr(x, aligned);
	if (p == NULL) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, base + off, value, size, true,
			 "write of 0x%08X to unmodelled XSPI%u register at offset 0x%03X", value, index, off);
		return;
	}
	if (x->busy || x->hung) {
		emu_xspi_violation(emu, "XSPI%u: %s written (0x%08X) while BUSY: ignored, as on silicon", index,
				   reg_name(aligned), value);
		return;
	}
	if (x->mapped_mode && (aligned == 0x100 || aligned == 0x108 || aligned == 0x110 || aligned == 0x120) &&
	    x->window_built) {
		/* the read op changed: rebuild the window on the next access */
		if (emu_pc_in_window(emu, index)) {
			emu_stop(emu, EXTMEM_EMU_STOP_XIP_HAZARD, 0, value, 4, true,
				 "write 0x%08X to XSPI%u_%s at PC 0x%08X changes the read command while code "
				 "runs from the window",
				 value, index, reg_name(aligned), emu_pc(emu));
			return;
		}
		emu_xspi_unmap_window(emu, x);
	}
	*p = value;
	uint32_t fmode = CR_FMODE(x->cr);
	if (fmode == FMODE_MAP)
		return;
	bool need_addr = ((x->ccr >> 8) & 7u) != 0;
	bool write_data = fmode == FMODE_WRITE && emu_xspi_data_phase(x);
	if ((aligned == 0x110 && !need_addr && !write_data) || (aligned == 0x048 && need_addr && !write_data))
		emu_xspi_start_transfer(emu, x);
}

uint64_t emu_xspim_read(struct extmem_emu *emu, uint32_t off, unsigned size)
{
	if (!check_clock(emu, 3, EMU_XSPIM_BASE + off, size, false))
		return 0;
	if ((off & ~3u) != 0) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, EMU_XSPIM_BASE + off, 0, size, false,
			 "read of unmodelled XSPIM register at offset 0x%03X", off);
		return 0;
	}
	return emu->xspim_cr >> (8u * (off & 3u));
}

void emu_xspim_write(struct extmem_emu *emu, uint32_t off, unsigned size, uint32_t value)
{
	if (!check_clock(emu, 3, EMU_XSPIM_BASE + off, size, true))
		return;
	if (off != 0 || size != 4) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, EMU_XSPIM_BASE + off, value, size, true,
			 "write of 0x%08X to XSPIM at offset 0x%03X (%u bytes): not modelled", value, off, size);
		return;
	}
	if (value != emu->xspim_cr) {
		for (unsigned i = 1; i <= 2; i++) {
			if (emu_pc_in_window(emu, i)) {
				emu_stop(emu, EXTMEM_EMU_STOP_XIP_HAZARD, 0, value, 4, true,
					 "write 0x%08X to XSPIM_CR at PC 0x%08X reroutes the XSPI ports "
					 "while code runs from the XSPI%u window",
					 value, emu_pc(emu), i);
				return;
			}
		}
		/* the ports behind the windows change: rebuild them on the next access */
		for (unsigned i = 0; i < 2; i++)
			emu_xspi_unmap_window(emu, &emu->xspi[i]);
		emu->xspim_cr = value;
		return;
	}
	emu->xspim_cr = value;
}
