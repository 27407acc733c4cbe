/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: RCC, PWR, FLASH, SBS and GPIO, at the addresses, offsets,
 * bits and reset values of RM0477 (the system control space is in scs.c).
 * Ready flags follow their enables at once; registers the model does not list
 * stop the run.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define RCC_CR        0x000u
#define RCC_CFGR      0x010u
#define RCC_CDCFGR    0x018u
#define RCC_BMCFGR    0x01Cu
#define RCC_APBCFGR   0x020u
#define RCC_PLLCKSELR 0x028u
#define RCC_PLLCFGR   0x02Cu
#define RCC_PLL1DIVR1 0x030u
#define RCC_PLL1FRACR 0x034u
#define RCC_CCIPR1    0x04Cu
#define RCC_AHB5RSTR  0x07Cu
#define RCC_PLL1DIVR2 0x0C0u
#define RCC_PLL2DIVR2 0x0C4u
#define RCC_PLL3DIVR2 0x0C8u
#define RCC_RSR       0x130u
#define RCC_AHB5ENR   0x134u
#define RCC_AHB4ENR   0x140u

#define AHB5_XSPI1  (1u << 5)
#define AHB5_XSPI2  (1u << 12)
#define AHB5_XSPIM  (1u << 14) /* RM0477 RCC_AHB5ENR.XSPIMEN, RCC_AHB5RSTR.XSPIMRST */
#define AHB5_SDMMC1 (1u << 8)  /* RCC_AHB5ENR.SDMMC1EN, RCC_AHB5RSTR.SDMMC1RST */

#define PWR_SR1  0x04u
#define PWR_CSR1 0x08u
#define PWR_CSR2 0x0Cu
#define PWR_CSR4 0x14u

#define HSI_HZ 64000000u
#define CSI_HZ 4000000u

static const uint16_t rcc_offsets[] = {
	0x000, 0x004, 0x008, 0x00C, 0x010, 0x018, 0x01C, 0x020, 0x028, 0x02C, 0x030, 0x034, 0x038, 0x03C, 0x040, 0x044,
	0x04C, 0x050, 0x054, 0x058, 0x060, 0x064, 0x068, 0x070, 0x074, 0x07C, 0x080, 0x084, 0x088, 0x08C, 0x090, 0x094,
	0x098, 0x09C, 0x0A4, 0x0B0, 0x0C0, 0x0C4, 0x0C8, 0x0CC, 0x0D0, 0x0D4, 0x100, 0x130, 0x134, 0x138, 0x13C, 0x140,
	0x144, 0x148, 0x14C, 0x150, 0x154, 0x158, 0x15C, 0x160, 0x164, 0x168, 0x16C, 0x170, 0x174, 0x178, 0x17C, 0x180,
};

static bool rcc_known(uint32_t off)
{
	for (size_t i = 0; i < sizeof(rcc_offsets) / sizeof(rcc_offsets[0]); i++)
		if (rcc_offsets[i] == off)
			return true;
	return false;
}

static bool gpio_port_exists(unsigned port)
{
	return port <= 7 || (port >= 12 && port <= 15); /* A..H, M..P */
}

void emu_periph_reset(struct extmem_emu *emu)
{
	memset(emu->rcc, 0, sizeof(emu->rcc));
	emu->rcc[RCC_CR / 4] = 0x00000025u; /* HSION, HSIRDY, HSIDIVF: 64 MHz HSI */
	emu->rcc[RCC_PLLCKSELR / 4] = 0x02020200u;
	for (unsigned n = 0; n < 3; n++)
		emu->rcc[(RCC_PLL1DIVR1 + 8u * n) / 4] = 0x01010280u;
	emu->rcc[RCC_PLL1DIVR2 / 4] = 0x00000001u;
	emu->rcc[RCC_PLL2DIVR2 / 4] = 0x00000101u;
	emu->rcc[RCC_PLL3DIVR2 / 4] = 0x00000001u;
	emu->rcc[RCC_RSR / 4] = 0x00E00000u;
	emu->rcc[0x004 / 4] = 0x40000000u; /* HSICFGR: HSITRIM 40h */
	emu->rcc[0x00C / 4] = 0x20000000u; /* CSICFGR: CSITRIM 20h */
	memset(emu->pwr, 0, sizeof(emu->pwr));
	emu->pwr[PWR_SR1 / 4] = 0x00000002u;  /* ACTVOSRDY */
	emu->pwr[PWR_CSR2 / 4] = 0x00000006u; /* SDEN | LDOEN: the supply reset default HAL checks */
	emu->pwr[PWR_CSR4 / 4] = 0x00000002u; /* VOSRDY, VOS low */
	emu->pwr[0x00 / 4] = 0x00000001u;     /* CR1: SVOS */
	emu->pwr[0x2C / 4] = 0x00000002u;     /* UCPDR: UCPD_STBY */
	emu_blocks_reset(emu);
	emu_uart_reset(emu);
	emu_dma_reset(emu);
	emu_sdmmc_reset(emu);
	memset(emu->gpio, 0, sizeof(emu->gpio));
	for (unsigned p = 0; p < EMU_GPIO_PORTS; p++)
		emu->gpio[p].moder = 0xFFFFFFFFu;
	emu->gpio[0].moder = 0xABFFFFFFu;
	emu->gpio[0].ospeedr = 0x0C000000u;
	emu->gpio[0].pupdr = 0x64000000u;
	emu->gpio[1].moder = 0xFFFFFEBFu;
	emu->gpio[1].ospeedr = 0x000000C0u;
	emu->gpio[1].pupdr = 0x00000100u;
	memset(emu->led_level, 0xFF, sizeof(emu->led_level));
	emu->xspim_cr = 0;
	emu_update_cpu_hz(emu);
}

uint32_t emu_rcc(const struct extmem_emu *emu, uint32_t off)
{
	return off < sizeof(emu->rcc) ? emu->rcc[off / 4] : 0;
}

/* ---- clocks ---- */

static uint32_t prescale(uint32_t hz, uint32_t code)
{
	static const uint16_t div[8] = {2, 4, 8, 16, 64, 128, 256, 512};
	return code < 8 ? hz : hz / div[code - 8];
}

static bool pll_ready(const struct extmem_emu *emu, unsigned n)
{
	return (emu->rcc[RCC_CR / 4] >> (25 + 2 * (n - 1))) & 1u;
}

static uint64_t pll_vco(const struct extmem_emu *emu, unsigned n)
{
	if (!pll_ready(emu, n))
		return 0;
	uint32_t cksel = emu->rcc[RCC_PLLCKSELR / 4];
	uint32_t divm = (cksel >> (4 + 8 * (n - 1))) & 0x3Fu;
	uint32_t src;
	switch (cksel & 3u) {
	case 0: src = HSI_HZ >> ((emu->rcc[RCC_CR / 4] >> 3) & 3u); break;
	case 1: src = CSI_HZ; break;
	case 2: src = (emu->rcc[RCC_CR / 4] & (1u << 17)) ? emu->hse_hz : 0; break;
	default: src = 0;
	}
	if (divm == 0 || src == 0)
		return 0;
	uint32_t divr1 = emu->rcc[(RCC_PLL1DIVR1 + 8u * (n - 1)) / 4];
	uint64_t mul = ((uint64_t)(divr1 & 0x1FFu) + 1u) * 8192u;
	static const uint8_t fracen_bit[3] = {0, 11, 22};
	if ((emu->rcc[RCC_PLLCFGR / 4] >> fracen_bit[n - 1]) & 1u)
		mul += (emu->rcc[(RCC_PLL1FRACR + 8u * (n - 1)) / 4] >> 3) & 0x1FFFu;
	return (uint64_t)src * mul / divm / 8192u;
}

/* Output 'p', 's' or 't' of PLL n, 0 when off or not enabled. */
static uint32_t pll_out(const struct extmem_emu *emu, unsigned n, char which)
{
	uint64_t vco = pll_vco(emu, n);
	uint32_t cfg = emu->rcc[RCC_PLLCFGR / 4];
	static const uint8_t pen[3] = {5, 16, 27};
	uint32_t div;
	unsigned en;
	switch (which) {
	case 'p':
		div = ((emu->rcc[(RCC_PLL1DIVR1 + 8u * (n - 1)) / 4] >> 9) & 0x7Fu) + 1u;
		en = pen[n - 1];
		break;
	case 's':
		div = (emu->rcc[(RCC_PLL1DIVR2 + 4u * (n - 1)) / 4] & 7u) + 1u;
		en = pen[n - 1] + 3u;
		break;
	default:
		div = ((emu->rcc[RCC_PLL2DIVR2 / 4] >> 8) & 7u) + 1u;
		en = 20;
		break;
	}
	if (!((cfg >> en) & 1u))
		return 0;
	return (uint32_t)(vco / div);
}

static uint32_t sysclk(const struct extmem_emu *emu)
{
	switch ((emu->rcc[RCC_CFGR / 4] >> 3) & 7u) {
	case 0: return HSI_HZ >> ((emu->rcc[RCC_CR / 4] >> 3) & 3u);
	case 1: return CSI_HZ;
	case 2: return emu->hse_hz;
	case 3: return pll_out(emu, 1, 'p');
	default: return 0;
	}
}

static uint32_t hclk(const struct extmem_emu *emu)
{
	uint32_t cpu = prescale(sysclk(emu), emu->rcc[RCC_CDCFGR / 4] & 0xFu);
	return prescale(cpu, emu->rcc[RCC_BMCFGR / 4] & 0xFu);
}

void emu_update_cpu_hz(struct extmem_emu *emu)
{
	uint32_t hz = prescale(sysclk(emu), emu->rcc[RCC_CDCFGR / 4] & 0xFu);
	emu->cpu_hz = hz ? hz : HSI_HZ;
}

uint32_t emu_xspi_kernel_hz(struct extmem_emu *emu, unsigned index)
{
	uint32_t sel = (emu->rcc[RCC_CCIPR1 / 4] >> (index == 1 ? 4 : 6)) & 3u;
	switch (sel) {
	case 0: return hclk(emu);
	case 1: return pll_out(emu, 2, 's');
	case 2: return pll_out(emu, 2, 't');
	default: return 0;
	}
}

uint32_t emu_sdmmc_kernel_hz(const struct extmem_emu *emu)
{
	return (emu->rcc[RCC_CCIPR1 / 4] >> 2) & 1u ? pll_out(emu, 2, 't') : pll_out(emu, 2, 's');
}

bool emu_xspi_bus_clock_on(struct extmem_emu *emu, unsigned index)
{
	uint32_t bit = index == 1 ? AHB5_XSPI1 : index == 2 ? AHB5_XSPI2 : AHB5_XSPIM;
	return (emu->rcc[RCC_AHB5ENR / 4] & bit) != 0;
}

bool emu_xspi_supply_on(struct extmem_emu *emu, unsigned port)
{
	return (emu->pwr[PWR_CSR2 / 4] >> (port == 1 ? 14 : 15)) & 1u;
}

bool emu_pc_in_window(struct extmem_emu *emu, unsigned index)
{
	struct emu_xspi *x = &emu->xspi[index - 1];
	if (!x->window_built)
		return false;
	uint32_t pc = emu_pc(emu);
	return pc >= x->window && pc - x->window < x->window_len;
}

/* ---- RCC ---- */

static bool hazard(struct extmem_emu *emu, unsigned index, const char *reg, uint32_t value, const char *what)
{
	if (!emu_pc_in_window(emu, index))
		return false;
	emu_stop(emu, EXTMEM_EMU_STOP_XIP_HAZARD, 0, value, 4, true,
		 "write 0x%08X to %s at PC 0x%08X %s XSPI%u while code runs from its window", value, reg, emu_pc(emu),
		 what, index);
	return true;
}

/*
 * A write that takes the clock, the reset or the kernel clock away from a
 * mapped XSPI: a hazard when code runs from its window, otherwise noted so
 * a later access through the window names it.
 */
static bool cut(struct extmem_emu *emu, unsigned index, const char *reg, uint32_t value, const char *what)
{
	if (hazard(emu, index, reg, value, what))
		return true;
	if (emu->xspi[index - 1].mapped_mode)
		emu_xspi_note_exit(emu, index, reg, value);
	return false;
}

static bool rcc_hazards(struct extmem_emu *emu, uint32_t off, uint32_t v)
{
	uint32_t old = emu->rcc[off / 4];
	for (unsigned i = 1; i <= 2; i++) {
		uint32_t en = i == 1 ? AHB5_XSPI1 : AHB5_XSPI2;
		uint32_t shift = i == 1 ? 4 : 6;
		uint32_t sel = (emu->rcc[RCC_CCIPR1 / 4] >> shift) & 3u;
		if (off == RCC_AHB5ENR && (old & ~v & (en | AHB5_XSPIM)) &&
		    cut(emu, i, "RCC_AHB5ENR", v, "stops the bus clock of"))
			return true;
		if (off == RCC_AHB5RSTR && (v & (en | AHB5_XSPIM)) && cut(emu, i, "RCC_AHB5RSTR", v, "resets"))
			return true;
		if (off == RCC_CCIPR1 && ((old ^ v) >> shift & 3u) &&
		    cut(emu, i, "RCC_CCIPR1", v, "switches the kernel clock of"))
			return true;
		if (off == RCC_CR && sel != 0 && (old & ~v & (1u << 26)) &&
		    cut(emu, i, "RCC_CR", v, "stops PLL2, the kernel clock of"))
			return true;
		if ((off == RCC_PLLCKSELR || off == 0x038u || off == 0x03Cu || off == RCC_PLL2DIVR2) && sel != 0 &&
		    old != v && (emu->rcc[RCC_CR / 4] & (1u << 26)) &&
		    cut(emu, i, "an RCC PLL2 register", v, "reconfigures the kernel clock of"))
			return true;
	}
	return false;
}

static void rcc_write(struct extmem_emu *emu, uint32_t off, uint32_t v)
{
	if (rcc_hazards(emu, off, v))
		return;
	uint32_t *r = &emu->rcc[off / 4];
	switch (off) {
	case RCC_CR: {
		uint32_t sws = (emu->rcc[RCC_CFGR / 4] >> 3) & 7u;
		if (sws == 3)
			v |= 1u << 24; /* PLL1 feeds the system: its enable cannot be cleared */
		if (sws == 0)
			v |= 1u; /* nor HSI's while it is the system clock */
		v &= ~((1u << 2) | (1u << 8) | (1u << 13) | (1u << 17) | (1u << 25) | (1u << 27) | (1u << 29));
		/* ready flags follow their enables */
		v |= (v & 1u) << 2 | (v & (1u << 7)) << 1 | (v & (1u << 12)) << 1 | (v & (1u << 16)) << 1;
		v |= (v & (1u << 24)) << 1 | (v & (1u << 26)) << 1 | (v & (1u << 28)) << 1;
		v |= 1u << 5; /* HSIDIVF: the divider has switched */
		*r = v;
		break;
	}
	case RCC_CFGR: {
		uint32_t sw = v & 7u;
		bool ready = sw == 0   ? (emu->rcc[0] & (1u << 2))
			     : sw == 1 ? (emu->rcc[0] & (1u << 8))
			     : sw == 2 ? (emu->rcc[0] & (1u << 17))
			     : sw == 3 ? pll_out(emu, 1, 'p') != 0
				       : false;
		uint32_t sws = ready ? sw : (*r >> 3) & 7u;
		*r = (v & ~0x38u) | sws << 3;
		break;
	}
	case RCC_AHB5RSTR:
		*r = v;
		if (v & AHB5_XSPI1)
			emu_xspi_reset(emu, 1);
		if (v & AHB5_XSPI2)
			emu_xspi_reset(emu, 2);
		if (v & AHB5_XSPIM)
			emu->xspim_cr = 0;
		if (v & AHB5_SDMMC1)
			emu_sdmmc_reset(emu);
		break;
	case RCC_RSR: *r = v & 0x00010000u ? 0 : *r; break;             /* RMVF clears the flags */
	case 0x004: *r = (*r & 0x00000FFFu) | (v & 0x7F000000u); break; /* HSICFGR: HSICAL read-only */
	case 0x00C: *r = (*r & 0x000000FFu) | (v & 0x3F000000u); break; /* CSICFGR: CSICAL read-only */
	case 0x008:                                                     /* CRRCR: read-only */
	case 0x064: break;                                              /* CIFR: read-only */
	case 0x068: emu->rcc[0x064 / 4] &= ~v; break;                   /* CICR: clears CIFR, reads 0 */
	default: *r = v;
	}
	emu_update_cpu_hz(emu);
}

/* ---- PWR (FLASH and SBS: blocks.c) ---- */

static bool pwr_known(uint32_t off)
{
	return off <= 0x14u || (off >= 0x20u && off <= 0x48u);
}

static void pwr_write(struct extmem_emu *emu, uint32_t off, uint32_t v)
{
	if (off == PWR_CSR2) {
		uint32_t old = emu->pwr[off / 4];
		for (unsigned port = 1; port <= 2; port++) {
			uint32_t bit = 1u << (port == 1 ? 14 : 15);
			/* the XSPIM port supply feeds the pins of whichever XSPI is routed there */
			if ((old & ~v & bit) &&
			    hazard(emu, port, "PWR_CSR2", v, "removes the I/O supply of the port of"))
				return;
		}
		v = (v & ~((1u << 16) | (1u << 26))) | ((v & (1u << 3)) << 13) | ((v & (1u << 24)) << 2);
	}
	if (off == PWR_SR1)
		return; /* read-only */
	if (off == PWR_CSR1)
		v = (v & ~(1u << 16)) | ((v & 1u) << 16); /* BRRDY follows BREN */
	if (off == PWR_CSR4) {
		v = (v & 1u) | 2u; /* VOSRDY follows at once */
		emu->pwr[PWR_SR1 / 4] = (v & 1u) | 2u;
	}
	emu->pwr[off / 4] = v;
}

/* ---- GPIO ---- */

static void gpio_log(struct extmem_emu *emu, unsigned port)
{
	for (unsigned l = 0; l < EXTMEM_EMU_LEDS; l++) {
		unsigned led_port, pin;
		if (!emu_board_led(emu, l, &led_port, &pin) || led_port != port)
			continue;
		if (((emu->gpio[port].moder >> (2 * pin)) & 3u) != 1u)
			continue; /* not an output: the pin does not drive the LED */
		uint8_t level = (emu->gpio[port].odr >> pin) & 1u;
		if (level == emu->led_level[l])
			continue;
		emu->led_level[l] = level;
		if (emu->led_count < EXTMEM_EMU_LED_LOG) {
			struct extmem_emu_led_event *e = &emu->leds[emu->led_count];
			e->time_ps = emu->clock->now_ps;
			e->led = (uint8_t)l;
			e->level = level;
		}
		emu->recent[emu->led_count % EXTMEM_EMU_PATTERN_MAX] =
			(struct extmem_emu_led_event){emu->clock->now_ps, (uint8_t)l, level};
		emu->led_count++;
		if (emu->pattern_len != 0 && emu->led_count >= emu->pattern_len) {
			bool hit = true;
			for (unsigned k = 0; k < emu->pattern_len && hit; k++) {
				const struct extmem_emu_led_event *e =
					&emu->recent[(emu->led_count - emu->pattern_len + k) % EXTMEM_EMU_PATTERN_MAX];
				hit = e->led == emu->pattern[k][0] && e->level == emu->pattern[k][1];
			}
			if (hit) {
				emu->pattern_hit = true;
				emu_break(emu);
			}
		}
		if (emu->cfg.log != NULL)
			fprintf(emu->cfg.log, "emu: %12.3f us  %s -> %u\n", (double)emu->clock->now_ps / 1e6,
				extmem_emu_board_led_name(emu, l), level);
		if (emu->led_stop != 0 && emu->led_count >= emu->led_stop)
			emu_break(emu);
	}
}

static uint32_t gpio_read(struct extmem_emu *emu, unsigned port, uint32_t off, bool *known)
{
	*known = true;
	switch (off) {
	case 0x00: return emu->gpio[port].moder;
	case 0x04: return emu->gpio[port].otyper;
	case 0x08: return emu->gpio[port].ospeedr;
	case 0x0C: return emu->gpio[port].pupdr;
	case 0x10: /* IDR: outputs read back, inputs idle low */
	case 0x14: return emu->gpio[port].odr;
	case 0x18: return 0;
	case 0x1C: return emu->gpio[port].lckr;
	case 0x20: return emu->gpio[port].afr[0];
	case 0x24: return emu->gpio[port].afr[1];
	case 0x28: return 0;
	default: *known = false; return 0;
	}
}

static bool gpio_write(struct extmem_emu *emu, unsigned port, uint32_t off, uint32_t v)
{
	switch (off) {
	case 0x00: emu->gpio[port].moder = v; break;
	case 0x04: emu->gpio[port].otyper = v & 0xFFFFu; break;
	case 0x08: emu->gpio[port].ospeedr = v; break;
	case 0x0C: emu->gpio[port].pupdr = v; break;
	case 0x10: break; /* IDR is read-only */
	case 0x14: emu->gpio[port].odr = v & 0xFFFFu; break;
	case 0x18: emu->gpio[port].odr = ((emu->gpio[port].odr & ~(v >> 16)) | v) & 0xFFFFu; break;
	case 0x1C: emu->gpio[port].lckr = v; break;
	case 0x20: emu->gpio[port].afr[0] = v; break;
	case 0x24: emu->gpio[port].afr[1] = v; break;
	case 0x28: emu->gpio[port].odr &= ~v & 0xFFFFu; break;
	default: return false;
	}
	gpio_log(emu, port);
	return true;
}

/* ---- dispatch ---- */

static void unmodelled(struct extmem_emu *emu, uint32_t addr, unsigned size, bool write, uint32_t value)
{
	if (write)
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, addr, value, size, true,
			 "write of 0x%08X to unmodelled address 0x%08X (%u bytes)", value, addr, size);
	else
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, addr, 0, size, false,
			 "read of unmodelled address 0x%08X (%u bytes)", addr, size);
}

/* Silicon ignores the access (reads 0): a controller warning, or a stop under cfg.strict. */
static void clock_off(struct extmem_emu *emu, uint32_t addr, unsigned size, bool write, const char *what)
{
	emu_warn_ignored(emu, addr, size, write, "%s of 0x%08X while %s's bus clock is off (RCC_AHB4ENR): %s",
			 write ? "write" : "read", addr, what, write ? "ignored" : "reads 0");
}

/* Reads a 32-bit register; *known = false when the address is not modelled. */
static uint32_t reg32_read(struct extmem_emu *emu, uint32_t addr, unsigned size, bool *known)
{
	*known = true;
	if (addr >= EMU_RCC_BASE && addr < EMU_RCC_BASE + 0x400u) {
		uint32_t off = addr - EMU_RCC_BASE;
		*known = rcc_known(off);
		return *known ? emu->rcc[off / 4] : 0;
	}
	if (addr >= EMU_PWR_BASE && addr < EMU_PWR_BASE + 0x400u) {
		uint32_t off = addr - EMU_PWR_BASE;
		*known = pwr_known(off);
		return *known ? emu->pwr[off / 4] : 0;
	}
	if (addr >= EMU_GPIOA_BASE && addr < EMU_GPIOA_BASE + 0x4000u) {
		unsigned port = (addr - EMU_GPIOA_BASE) / 0x400u;
		if (!gpio_port_exists(port)) {
			*known = false;
			return 0;
		}
		if (!((emu->rcc[RCC_AHB4ENR / 4] >> port) & 1u)) {
			static const char names[16][6] = {"GPIOA", "GPIOB", "GPIOC", "GPIOD", "GPIOE", "GPIOF",
							  "GPIOG", "GPIOH", "",      "",      "",      "",
							  "GPIOM", "GPION", "GPIOO", "GPIOP"};
			clock_off(emu, addr, size, false, names[port]);
			return 0;
		}
		return gpio_read(emu, port, (addr - EMU_GPIOA_BASE) % 0x400u, known);
	}
	*known = false;
	return 0;
}

static bool reg32_write(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t v)
{
	if (addr >= EMU_RCC_BASE && addr < EMU_RCC_BASE + 0x400u) {
		uint32_t off = addr - EMU_RCC_BASE;
		if (!rcc_known(off))
			return false;
		rcc_write(emu, off, v);
		emu_break(emu); /* the CPU clock may have changed: recompute the slice */
		return true;
	}
	if (addr >= EMU_PWR_BASE && addr < EMU_PWR_BASE + 0x400u) {
		uint32_t off = addr - EMU_PWR_BASE;
		if (!pwr_known(off))
			return false;
		pwr_write(emu, off, v);
		return true;
	}
	if (addr >= EMU_GPIOA_BASE && addr < EMU_GPIOA_BASE + 0x4000u) {
		unsigned port = (addr - EMU_GPIOA_BASE) / 0x400u;
		if (!gpio_port_exists(port))
			return false;
		if (!((emu->rcc[RCC_AHB4ENR / 4] >> port) & 1u)) {
			static const char names[16][6] = {"GPIOA", "GPIOB", "GPIOC", "GPIOD", "GPIOE", "GPIOF",
							  "GPIOG", "GPIOH", "",      "",      "",      "",
							  "GPIOM", "GPION", "GPIOO", "GPIOP"};
			clock_off(emu, addr, size, true, names[port]);
			return true;
		}
		return gpio_write(emu, port, (addr - EMU_GPIOA_BASE) % 0x400u, v);
	}
	return false;
}

struct emu_page {
	struct extmem_emu *emu;
	uint32_t base;
};

static uint64_t page_read(uc_engine *uc, uint64_t offset, unsigned size, void *user)
{
	const struct emu_page *pg = user;
	struct extmem_emu *emu = pg->emu;
	uint32_t addr = pg->base + (uint32_t)offset;
	(void)uc;
	if (emu->stopping)
		return 0;
	if (addr >= EMU_XSPI1_R_BASE && addr < EMU_XSPI1_R_BASE + 0x400u)
		return emu_xspi_read(emu, 1, addr - EMU_XSPI1_R_BASE, size);
	if (addr >= EMU_XSPI2_R_BASE && addr < EMU_XSPI2_R_BASE + 0x400u)
		return emu_xspi_read(emu, 2, addr - EMU_XSPI2_R_BASE, size);
	if (addr >= EMU_XSPIM_BASE && addr < EMU_XSPIM_BASE + 0x400u)
		return emu_xspim_read(emu, addr - EMU_XSPIM_BASE, size);
	if (addr >= EMU_SDMMC1_BASE && addr < EMU_SDMMC1_BASE + 0x400u)
		return emu_sdmmc_read(emu, addr - EMU_SDMMC1_BASE, size);
	uint32_t bv;
	/* SBS/EXTI/FLASH, UART and DMA all lie below GPIOA: one compare keeps RCC, GPIO and SCS reads fast */
	if (addr < EMU_GPIOA_BASE && (emu_blocks_read(emu, addr, size, &bv) || emu_uart_read(emu, addr, size, &bv) ||
				      emu_dma_read(emu, addr, size, &bv)))
		return bv;
	bool known;
	uint32_t v = reg32_read(emu, addr & ~3u, size, &known);
	if (!known) {
		unmodelled(emu, addr, size, false, 0);
		return 0;
	}
	v >>= 8u * (addr & 3u);
	return size >= 4 ? v : v & ((1u << (8u * size)) - 1u);
}

static void page_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value, void *user)
{
	const struct emu_page *pg = user;
	struct extmem_emu *emu = pg->emu;
	uint32_t addr = pg->base + (uint32_t)offset;
	uint32_t v = (uint32_t)value;
	(void)uc;
	if (emu->stopping)
		return;
	if (addr >= EMU_XSPI1_R_BASE && addr < EMU_XSPI1_R_BASE + 0x400u) {
		emu_xspi_write(emu, 1, addr - EMU_XSPI1_R_BASE, size, v);
		return;
	}
	if (addr >= EMU_XSPI2_R_BASE && addr < EMU_XSPI2_R_BASE + 0x400u) {
		emu_xspi_write(emu, 2, addr - EMU_XSPI2_R_BASE, size, v);
		return;
	}
	if (addr >= EMU_XSPIM_BASE && addr < EMU_XSPIM_BASE + 0x400u) {
		emu_xspim_write(emu, addr - EMU_XSPIM_BASE, size, v);
		return;
	}
	if (addr >= EMU_SDMMC1_BASE && addr < EMU_SDMMC1_BASE + 0x400u) {
		emu_sdmmc_write(emu, addr - EMU_SDMMC1_BASE, size, v);
		return;
	}
	if (addr < EMU_GPIOA_BASE && (emu_blocks_write(emu, addr, size, v) || emu_uart_write(emu, addr, size, v) ||
				      emu_dma_write(emu, addr, size, v)))
		return;
	uint32_t aligned = addr & ~3u;
	if (size < 4) {
		/* a narrow store merges into the register (GPIO BSRR halves, byte writes) */
		bool known;
		uint32_t cur = aligned >= EMU_GPIOA_BASE && aligned < EMU_GPIOA_BASE + 0x4000u &&
					       ((aligned - EMU_GPIOA_BASE) % 0x400u == 0x18u ||
						(aligned - EMU_GPIOA_BASE) % 0x400u == 0x28u)
				       ? 0
				       : reg32_read(emu, aligned, 4, &known);
		if (emu->stopping)
			return;
		uint32_t shift = 8u * (addr & 3u);
		uint32_t mask = ((1u << (8u * size)) - 1u) << shift;
		v = (cur & ~mask) | ((v << shift) & mask);
	}
	if (!reg32_write(emu, aligned, size, v))
		unmodelled(emu, addr, size, true, (uint32_t)value);
}

static struct emu_page pages[] = {
	{NULL, EMU_FLASH_R_BASE},
	{NULL, EMU_XSPI1_R_BASE},
	{NULL, EMU_XSPI2_R_BASE},
	{NULL, EMU_SDMMC1_BASE},
	{NULL, 0x5200B000u},
	{NULL, 0x58000000u},
	{NULL, 0x58020000u},
	{NULL, 0x58021000u},
	{NULL, 0x58022000u},
	{NULL, 0x58023000u},
	{NULL, 0x58024000u},
	/* USART2/3, UART4/5; UART7/8; USART1; GPDMA1; HPDMA1 */
	{NULL, 0x40004000u},
	{NULL, 0x40007000u},
	{NULL, 0x42001000u},
	{NULL, 0x40021000u},
	{NULL, 0x52000000u},
};

int emu_periph_map(struct extmem_emu *emu)
{
	/* One page descriptor set per machine. */
	struct emu_page *mine = malloc(sizeof(pages));
	if (mine == NULL)
		return -1;
	memcpy(mine, pages, sizeof(pages));
	emu->pages = mine;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		mine[i].emu = emu;
		if (uc_mmio_map(emu->uc, mine[i].base, 0x1000, page_read, &mine[i], page_write, &mine[i]) != UC_ERR_OK)
			return -1;
	}
	return 0;
}
