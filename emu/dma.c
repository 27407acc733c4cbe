/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: HPDMA1 and GPDMA1 (RM0477 GPDMA/HPDMA: global registers
 * and 16 channels at 0x50 + 0x80 * n) as register files, so HAL_DMA_Init and
 * HAL_DMA_DeInit, which only program and read the channel registers, run as
 * on silicon. Transfers are not modelled: setting CCR.EN stops the run as
 * unsupported, naming the controller and channel, rather than leaving the
 * firmware waiting for a transfer that never happens.
 */
#include <string.h>

#include "internal.h"

#define RCC_AHB1ENR 0x138u
#define RCC_AHB5ENR 0x134u

#define CH_BASE  0x050u
#define CH_SIZE  0x080u
#define CHANNELS 16u

#define CCR_EN    (1u << 0)
#define CCR_RESET (1u << 1)
#define CCR_SUSP  (1u << 2)
#define CSR_IDLEF (1u << 0)
#define CSR_SUSPF (1u << 13)
#define CSR_FLAGS 0x7F00u /* TCF HTF DTEF ULEF USEF SUSPF TOF */

static const struct {
	const char *name;
	uint32_t base;
	uint16_t en_off;
	uint8_t en_bit;
} dmas[2] = {
	{"HPDMA1", 0x52000000u, RCC_AHB5ENR, 0},
	{"GPDMA1", 0x40021000u, RCC_AHB1ENR, 4},
};

/* Channel register offsets and writable bits (0: read-only; CFCR is write-only, handled apart). */
static const struct {
	uint8_t off;
	uint32_t wmask;
} ch_regs[] = {
	{0x00, 0xFFFF0000u}, /* CLBAR */
	{0x0C, 0},           /* CFCR */
	{0x10, 0},           /* CSR */
	{0x14, 0x03C37F07u}, /* CCR */
	{0x40, 0xCC7FFFFFu}, /* CTR1 */
	{0x44, 0xFFFFFFFFu}, /* CTR2 */
	{0x48, 0xFFFFFFFFu}, /* CBR1 */
	{0x4C, 0xFFFFFFFFu}, /* CSAR */
	{0x50, 0xFFFFFFFFu}, /* CDAR */
	{0x54, 0x1FFF1FFFu}, /* CTR3 (2D channels) */
	{0x58, 0xFFFFFFFFu}, /* CBR2 (2D channels) */
	{0x7C, 0xFFFFFFFCu}, /* CLLR */
};

void emu_dma_reset(struct extmem_emu *emu)
{
	memset(emu->dma, 0, sizeof(emu->dma));
	for (unsigned d = 0; d < 2; d++)
		for (unsigned c = 0; c < CHANNELS; c++)
			emu->dma[d][(CH_BASE + CH_SIZE * c + 0x10u) / 4] = CSR_IDLEF;
}

static int find(uint32_t addr)
{
	for (int i = 0; i < 2; i++)
		if (addr >= dmas[i].base && addr < dmas[i].base + 0x1000u)
			return i;
	return -1;
}

/* The channel register at off, or -1 (and the global registers: SECCFGR PRIVCFGR RCFGLOCKR MISR SMISR). */
static int reg_index(uint32_t off, uint32_t *wmask)
{
	if (off < CH_BASE) {
		if (off > 0x010u)
			return -1;
		*wmask = off <= 0x008u ? 0x0000FFFFu : 0; /* MISR, SMISR read-only */
		return (int)(off / 4);
	}
	if (off >= CH_BASE + CH_SIZE * CHANNELS)
		return -1;
	uint32_t r = (off - CH_BASE) % CH_SIZE;
	for (size_t i = 0; i < sizeof(ch_regs) / sizeof(ch_regs[0]); i++) {
		if (ch_regs[i].off == r) {
			*wmask = ch_regs[i].wmask;
			return (int)(off / 4);
		}
	}
	return -1;
}

static bool clocked(struct extmem_emu *emu, int d, uint32_t addr, unsigned size, bool write)
{
	if ((emu_rcc(emu, dmas[d].en_off) >> dmas[d].en_bit) & 1u)
		return true;
	emu_warn_ignored(emu, addr, size, write,
			 "%s of %s register 0x%08X while its bus clock is off (RCC_%s.%sEN = 0)",
			 write ? "write" : "read", dmas[d].name, addr, d == 0 ? "AHB5ENR" : "AHB1ENR", dmas[d].name);
	return false;
}

bool emu_dma_read(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t *value)
{
	int d = find(addr);
	if (d < 0)
		return false;
	*value = 0;
	uint32_t off = (addr - dmas[d].base) & ~3u, wmask = 0;
	int idx = reg_index(off, &wmask);
	if (idx < 0) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, addr, 0, size, false,
			 "read of %s offset 0x%03X: no register there in RM0477", dmas[d].name, off);
		return true;
	}
	if (!clocked(emu, d, addr, size, false))
		return true;
	uint32_t v = off >= CH_BASE && (off - CH_BASE) % CH_SIZE == 0x0Cu ? 0 : emu->dma[d][idx];
	v >>= 8u * (addr & 3u);
	*value = size >= 4 ? v : v & ((1u << (8u * size)) - 1u);
	return true;
}

bool emu_dma_write(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t value)
{
	int d = find(addr);
	if (d < 0)
		return false;
	uint32_t off = (addr - dmas[d].base) & ~3u, wmask = 0;
	int idx = reg_index(off, &wmask);
	if (idx < 0) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, addr, value, size, true,
			 "write of 0x%08X to %s offset 0x%03X: no register there in RM0477", value, dmas[d].name, off);
		return true;
	}
	if (!clocked(emu, d, addr, size, true))
		return true;
	uint32_t *p = &emu->dma[d][idx];
	if (size < 4) {
		uint32_t shift = 8u * (addr & 3u);
		uint32_t mask = ((1u << (8u * size)) - 1u) << shift;
		value = (*p & ~mask) | ((value << shift) & mask);
	}
	if (off < CH_BASE) {
		*p = (*p & ~wmask) | (value & wmask);
		return true;
	}
	unsigned ch = (off - CH_BASE) / CH_SIZE;
	uint32_t r = (off - CH_BASE) % CH_SIZE;
	uint32_t *csr = &emu->dma[d][(CH_BASE + CH_SIZE * ch + 0x10u) / 4];
	if (r == 0x0Cu) { /* CFCR: write 1 to clear the CSR flags */
		*csr &= ~(value & CSR_FLAGS);
		return true;
	}
	if (r != 0x14u) {
		if (!(*csr & CSR_IDLEF) && r != 0x10u) {
			emu_warn_ignored(
				emu, addr, size, true,
				"write 0x%08X to %s channel %u offset 0x%02X while the channel is active: ignored",
				value, dmas[d].name, ch, r);
			return true;
		}
		*p = (*p & ~wmask) | (value & wmask);
		return true;
	}
	/* CCR */
	if (value & CCR_RESET) {
		*p = 0;
		*csr = CSR_IDLEF;
		return true;
	}
	if (value & CCR_EN) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, addr, value, size, true,
			 "%s channel %u started (CCR 0x%08X, CTR1 0x%08X, CBR1 0x%08X, CSAR 0x%08X, CDAR 0x%08X): DMA "
			 "transfers are not modelled",
			 dmas[d].name, ch, value, emu->dma[d][(CH_BASE + CH_SIZE * ch + 0x40u) / 4],
			 emu->dma[d][(CH_BASE + CH_SIZE * ch + 0x48u) / 4],
			 emu->dma[d][(CH_BASE + CH_SIZE * ch + 0x4Cu) / 4],
			 emu->dma[d][(CH_BASE + CH_SIZE * ch + 0x50u) / 4]);
		return true;
	}
	if (value & CCR_SUSP)
		*csr |= CSR_SUSPF | CSR_IDLEF; /* an idle channel suspends at once */
	*p = (*p & ~wmask) | (value & wmask);
	return true;
}
