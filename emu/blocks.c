/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: SBS, EXTI and the FLASH interface as register files:
 * every register at its RM0477 offset with its reset value and access rule
 * (read/write bits, read-only, write-only), so vendor sequences that read
 * and write them on the way (HAL_GPIO_DeInit reads SBS_EXTICRx, HAL_FLASH
 * unlocks the control register) behave as on silicon. What the bits do
 * beyond that (EXTI edge detection, flash programming) is not modelled: a
 * write that would start it stops the run as unsupported.
 */
#include <string.h>

#include "internal.h"

#define RCC_APB4ENR 0x154u
#define APB4_SBSEN  (1u << 1)

enum access { RW, RO, WO };

struct reg {
	uint16_t off;
	uint8_t access;
	uint32_t reset;
	uint32_t wmask; /* bits a write changes (RW) */
};

/* SBS (RM0477 system configuration, boot and security; reset values as the SVD gives them) */
static const struct reg sbs_regs[] = {
	{0x000, RO, 0x08000000u, 0},           /* BOOTSR: INITVTOR, the boot address the core started from */
	{0x010, RW, 0x000000B4u, 0},           /* HDPLCR: writing 6Ah steps HDPLSR; reads B4h (below) */
	{0x014, RO, 0x00000051u, 0},           /* HDPLSR: HDPL1, where the ROM leaves user boot code */
	{0x020, RW, 0, 0x00FFFFFFu},           /* DBGCR */
	{0x024, RW, 0x000000B4u, 0x000000FFu}, /* DBGLOCKR */
	{0x034, RW, 0, 0x0000FFFFu},           /* RSSCMDR */
	{0x100, RW, 0, 0x10E003F0u},           /* PMCR: FMPLUS PB6..9, BOOSTEN, BOOSTVDDSEL, ETH_PHYSEL, AXIRAM_WS */
	{0x104, RW, 0x0000001Fu, 0x0000003Fu}, /* FPUIMR */
	{0x108, RW, 0, 0x00000001u},           /* MESR: MEF (write 1 clears, below) */
	{0x110, RW, 0, 0x0007003Fu},           /* CCCSR: enables, code selects, IOHSLV; RDY bits follow (below) */
	{0x114, RO, 0x00000088u, 0},           /* CCVALR: the cells' codes */
	{0x118, RW, 0x00000088u, 0x00FFFFFFu}, /* CCSWVALR */
	{0x120, RW, 0x00000088u, 0x00A060CCu}, /* BKLOCKR: set-only lock bits (below) */
	{0x130, RW, 0, 0x0000FFFFu},           /* EXTICR1 */
	{0x134, RW, 0, 0x0000FFFFu},           /* EXTICR2 */
	{0x138, RW, 0, 0x0000FFFFu},           /* EXTICR3 */
	{0x13C, RW, 0, 0x0000FFFFu},           /* EXTICR4 */
};

/* EXTI (RM0477 extended interrupt and event controller; PRx are write-1-to-clear) */
static const struct reg exti_regs[] = {
	{0x00, RW, 0, 0x003FFFFFu},           /* RTSR1 */
	{0x04, RW, 0, 0x003FFFFFu},           /* FTSR1 */
	{0x08, WO, 0, 0},                     /* SWIER1: reads 0 */
	{0x0C, RW, 0, 0x004A4004u},           /* RTSR2 */
	{0x10, RW, 0, 0x004A4004u},           /* FTSR2 */
	{0x14, WO, 0, 0},                     /* SWIER2 */
	{0x18, RW, 0xFFC00000u, 0xFFFFFFFFu}, /* IMR1: direct lines unmasked */
	{0x1C, RW, 0, 0xFFFFFFFFu},           /* EMR1 */
	{0x20, RW, 0, 0},                     /* PR1 */
	{0x24, RW, 0xFFF5FFFFu, 0x0FFFFFFFu}, /* IMR2 */
	{0x28, RW, 0, 0x0FFFFFFFu},           /* EMR2 */
	{0x2C, RW, 0, 0},                     /* PR2 */
	{0x30, RW, 0x0F8BFFFFu, 0x00002000u}, /* IMR3 */
	{0x34, RW, 0, 0x00002000u},           /* EMR3 */
};

/* FLASH interface (RM0477 embedded flash memory) */
static const struct reg flash_regs[] = {
	{0x000, RW, 0x00000013u, 0x0000003Fu}, /* ACR: LATENCY 3, WRHIGHFREQ 1 */
	{0x004, WO, 0, 0},                     /* KEYR */
	{0x010, RW, 0x00000001u, 0x010301FEu}, /* CR: LOCK set; LOCK itself is set-only (below) */
	{0x014, RO, 0, 0},                     /* SR */
	{0x020, RW, 0, 0x1F3F0000u},           /* IER */
	{0x024, RO, 0, 0},                     /* ISR */
	{0x028, WO, 0, 0},                     /* ICR */
	{0x030, RW, 0, 0x01330E07u},           /* CRCCR */
	{0x034, RW, 0, 0x0001FFC0u},           /* CRCSADDR */
	{0x038, RW, 0, 0x0001FFC0u},           /* CRCEADDR */
	{0x03C, RO, 0, 0},                     /* CRCDATAR */
	{0x040, RO, 0, 0},                     /* ECCSFADDR */
	{0x044, RO, 0, 0},                     /* ECCDFADDR */
	{0x100, WO, 0, 0},                     /* OPTKEYR */
	{0x104, RW, 0x00000001u, 0x58000002u}, /* OPTCR: OPTLOCK set */
	{0x108, RO, 0, 0},                     /* OPTISR */
	{0x10C, WO, 0, 0},                     /* OPTICR */
	{0x110, RW, 0, 0x0000003Fu},           /* OBKCR */
	{0x118, RW, 0, 0xFFFFFFFFu},           /* OBKDR0..7 */
	{0x11C, RW, 0, 0xFFFFFFFFu},
	{0x120, RW, 0, 0xFFFFFFFFu},
	{0x124, RW, 0, 0xFFFFFFFFu},
	{0x128, RW, 0, 0xFFFFFFFFu},
	{0x12C, RW, 0, 0xFFFFFFFFu},
	{0x130, RW, 0, 0xFFFFFFFFu},
	{0x134, RW, 0, 0xFFFFFFFFu},
	/* option state registers: a fresh part's option bytes; their *P program registers accept writes */
	{0x200, RO, 0x000000B4u, 0}, /* NVSR: NVSTATE open */
	{0x204, RW, 0, 0x000000FFu}, /* NVSRP */
	{0x208, RO, 0, 0},           /* ROTSR */
	{0x20C, RW, 0, 0xFFFFFFFFu}, /* ROTSRP */
	{0x210, RO, 0, 0},           /* OTPLSR */
	{0x214, RW, 0, 0x0000FFFFu}, /* OTPLSRP */
	{0x218, RO, 0x000000FFu, 0}, /* WRPSR: no sector write-protected */
	{0x21C, RW, 0, 0x000000FFu}, /* WRPSRP */
	{0x230, RO, 0, 0},           /* HDPSR */
	{0x234, RW, 0, 0xFFFFFFFFu}, /* HDPSRP */
	{0x250, RO, 0, 0},           /* EPOCHSR */
	{0x254, RW, 0, 0x00FFFFFFu}, /* EPOCHSRP */
	{0x260, RO, 0, 0},           /* OBW1SR */
	{0x264, RW, 0, 0xFFFFFFFFu}, /* OBW1SRP */
	{0x268, RO, 0, 0},           /* OBW2SR */
	{0x26C, RW, 0, 0xFFFFFFFFu}, /* OBW2SRP */
};

static const struct reg *find_reg(const struct reg *regs, size_t n, uint32_t off)
{
	for (size_t i = 0; i < n; i++)
		if (regs[i].off == off)
			return &regs[i];
	return NULL;
}

void emu_blocks_reset(struct extmem_emu *emu)
{
	memset(emu->sbs, 0, sizeof(emu->sbs));
	for (size_t i = 0; i < sizeof(sbs_regs) / sizeof(sbs_regs[0]); i++)
		emu->sbs[sbs_regs[i].off / 4] = sbs_regs[i].reset;
	memset(emu->flash, 0, sizeof(emu->flash));
	for (size_t i = 0; i < sizeof(flash_regs) / sizeof(flash_regs[0]); i++)
		emu->flash[flash_regs[i].off / 4] = flash_regs[i].reset;
	/* the board's option bytes, loaded at reset; OBW1SRP starts as a copy for read-modify-write */
	emu->flash[0x260 / 4] = emu->cfg.option_obw1sr;
	emu->flash[0x264 / 4] = emu->cfg.option_obw1sr;
	memset(emu->exti, 0, sizeof(emu->exti));
	for (size_t i = 0; i < sizeof(exti_regs) / sizeof(exti_regs[0]); i++)
		emu->exti[exti_regs[i].off / 4] = exti_regs[i].reset;
}

#define SBS_BASE   0x58000400u
#define EXTI_BASE  0x58000000u
#define FLASH_BASE 0x52002000u

static uint32_t narrow(uint32_t v, uint32_t addr, unsigned size)
{
	v >>= 8u * (addr & 3u);
	return size >= 4 ? v : v & ((1u << (8u * size)) - 1u);
}

static uint32_t merge(uint32_t cur, uint32_t addr, unsigned size, uint32_t v)
{
	if (size >= 4)
		return v;
	uint32_t shift = 8u * (addr & 3u);
	uint32_t mask = ((1u << (8u * size)) - 1u) << shift;
	return (cur & ~mask) | ((v << shift) & mask);
}

static void unknown(struct extmem_emu *emu, const char *block, uint32_t addr, unsigned size, bool write, uint32_t v)
{
	emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, addr, v, size, write,
		 "%s of %s offset 0x%03X (0x%08X): no register there in RM0477", write ? "write" : "read", block,
		 addr & 0x3FFu, addr);
}

static bool sbs_clocked(struct extmem_emu *emu, uint32_t addr, unsigned size, bool write)
{
	if (emu_rcc(emu, RCC_APB4ENR) & APB4_SBSEN)
		return true;
	emu_warn_ignored(emu, addr, size, write,
			 "%s of SBS register 0x%08X while its bus clock is off (RCC_APB4ENR.SBSEN = 0): %s",
			 write ? "write" : "read", addr, write ? "ignored" : "reads 0");
	return false;
}

static void sbs_store(struct extmem_emu *emu, const struct reg *r, uint32_t v)
{
	uint32_t *p = &emu->sbs[r->off / 4];
	switch (r->off) {
	case 0x108: *p &= ~(v & 1u); return;    /* MESR.MEF: write 1 to clear */
	case 0x120: *p |= v & r->wmask; return; /* BKLOCKR: cleared only by reset */
	case 0x110:                             /* CCCSR: each cell is ready once enabled */
		v &= r->wmask;
		*p = v | (v & 1u) << 8 | (v & 4u) << 7 | (v & 16u) << 6; /* COMP_EN, XSPI1/2_COMP_EN -> RDY */
		return;
	default: *p = (*p & ~r->wmask) | (v & r->wmask);
	}
}

static bool flash_store(struct extmem_emu *emu, const struct reg *r, uint32_t v)
{
	uint32_t *p = &emu->flash[r->off / 4];
	uint32_t *cr = &emu->flash[0x010 / 4], *optcr = &emu->flash[0x104 / 4];
	switch (r->off) {
	case 0x004: /* KEYR: 45670123h then CDEF89ABh unlock CR (the key state is kept in the WO slot) */
		if (v == 0x45670123u) {
			*p = 1;
		} else {
			if (v == 0xCDEF89ABu && *p == 1)
				*cr &= ~1u;
			*p = 0;
		}
		return true;
	case 0x100: /* OPTKEYR: 08192A3Bh then 4C5D6E7Fh unlock OPTCR */
		if (v == 0x08192A3Bu) {
			*p = 1;
		} else {
			if (v == 0x4C5D6E7Fu && *p == 1)
				*optcr &= ~1u;
			*p = 0;
		}
		return true;
	case 0x010:
		if (*cr & 1u)
			return true; /* locked: the write is ignored */
		if (v & 0x2Eu) {
			emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, FLASH_BASE + 0x010u, v, 4, true,
				 "FLASH_CR write 0x%08X starts a program or erase of the internal flash: not modelled",
				 v);
			return false;
		}
		*cr = (v & r->wmask) | (v & 1u); /* LOCK can be set, not cleared, by a write */
		return true;
	case 0x104:
		if (*optcr & 1u)
			return true;
		if (v & 2u) {
			emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, FLASH_BASE + 0x104u, v, 4, true,
				 "FLASH_OPTCR write 0x%08X programs the option bytes: not modelled", v);
			return false;
		}
		*optcr = (v & r->wmask) | (v & 1u);
		return true;
	case 0x028: /* ICR: clears ISR flags */ emu->flash[0x024 / 4] &= ~v; return true;
	case 0x10C: emu->flash[0x108 / 4] &= ~v; return true;
	default:
		if (r->access == RW)
			*p = (*p & ~r->wmask) | (v & r->wmask);
		return true;
	}
}

bool emu_blocks_read(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t *value)
{
	uint32_t aligned = addr & ~3u;
	if (addr >= SBS_BASE && addr < SBS_BASE + 0x400u) {
		const struct reg *r = find_reg(sbs_regs, sizeof(sbs_regs) / sizeof(sbs_regs[0]), aligned - SBS_BASE);
		*value = 0;
		if (r == NULL)
			unknown(emu, "SBS", addr, size, false, 0);
		else if (sbs_clocked(emu, addr, size, false))
			*value = narrow(r->access == WO ? 0 : emu->sbs[r->off / 4], addr, size);
		return true;
	}
	if (addr >= EXTI_BASE && addr < EXTI_BASE + 0x400u) {
		/* EXTI has no RCC enable: its registers are always clocked */
		const struct reg *r =
			find_reg(exti_regs, sizeof(exti_regs) / sizeof(exti_regs[0]), aligned - EXTI_BASE);
		*value = 0;
		if (r == NULL)
			unknown(emu, "EXTI", addr, size, false, 0);
		else
			*value = narrow(r->access == WO ? 0 : emu->exti[r->off / 4], addr, size);
		return true;
	}
	if (addr >= FLASH_BASE && addr < FLASH_BASE + 0x400u) {
		const struct reg *r =
			find_reg(flash_regs, sizeof(flash_regs) / sizeof(flash_regs[0]), aligned - FLASH_BASE);
		*value = 0;
		if (r == NULL)
			unknown(emu, "FLASH", addr, size, false, 0);
		else
			*value = narrow(r->access == WO ? 0 : emu->flash[r->off / 4], addr, size);
		return true;
	}
	return false;
}

bool emu_blocks_write(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t value)
{
	uint32_t aligned = addr & ~3u;
	if (addr >= SBS_BASE && addr < SBS_BASE + 0x400u) {
		const struct reg *r = find_reg(sbs_regs, sizeof(sbs_regs) / sizeof(sbs_regs[0]), aligned - SBS_BASE);
		if (r == NULL)
			unknown(emu, "SBS", addr, size, true, value);
		else if (sbs_clocked(emu, addr, size, true) && r->access == RW)
			sbs_store(emu, r, merge(emu->sbs[r->off / 4], addr, size, value));
		return true;
	}
	if (addr >= EXTI_BASE && addr < EXTI_BASE + 0x400u) {
		const struct reg *r =
			find_reg(exti_regs, sizeof(exti_regs) / sizeof(exti_regs[0]), aligned - EXTI_BASE);
		if (r == NULL) {
			unknown(emu, "EXTI", addr, size, true, value);
			return true;
		}
		uint32_t *p = &emu->exti[r->off / 4];
		uint32_t v = merge(*p, addr, size, value);
		if (r->off == 0x20 || r->off == 0x2C)
			*p &= ~v; /* pending bits: write 1 to clear */
		else if (r->access == RW)
			*p = (*p & ~r->wmask) | (v & r->wmask);
		return true; /* SWIERx: no edge to raise without an interrupt model */
	}
	if (addr >= FLASH_BASE && addr < FLASH_BASE + 0x400u) {
		const struct reg *r =
			find_reg(flash_regs, sizeof(flash_regs) / sizeof(flash_regs[0]), aligned - FLASH_BASE);
		if (r == NULL)
			unknown(emu, "FLASH", addr, size, true, value);
		else if (r->access != RO)
			flash_store(emu, r, merge(r->access == WO ? 0 : emu->flash[r->off / 4], addr, size, value));
		return true;
	}
	return false;
}
