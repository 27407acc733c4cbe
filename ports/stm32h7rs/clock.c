/* SPDX-License-Identifier: MIT */
/*
 * System clock for STM32H7R/H7S (RM0477): 600 MHz CPU from PLL1, 200 MHz XSPI
 * kernel clock from PLL2 S, both fed by the 64 MHz HSI / 4 = 16 MHz. Also the
 * DWT time base and GPIO helpers. Every wait is bounded by a loop count: the
 * DWT is not running yet.
 */
#include "extmem_stm32h7rs.h"
#include "extmem_stm32h7rs_boot.h"
#include "stm32h7rs_regs.h"

#define SPIN_LIMIT 1000000u

static int wait_bits(uint32_t addr, uint32_t mask, uint32_t value)
{
	for (uint32_t i = 0; i < SPIN_LIMIT; i++)
		if ((EXTMEM_STM32_REG(addr) & mask) == value)
			return EXTMEM_OK;
	return EXTMEM_ERR_TIMEOUT;
}

/* Bit i of a 16-bit pin mask moved to bit 2i: where pin i's 2-bit field starts in MODER, OSPEEDR, PUPDR. */
static inline __attribute__((always_inline)) uint32_t spread2(uint32_t p)
{
	p = (p | p << 8) & 0x00FF00FFu;
	p = (p | p << 4) & 0x0F0F0F0Fu;
	p = (p | p << 2) & 0x33333333u;
	return (p | p << 1) & 0x55555555u;
}

/*
 * extmem_stm32_xspi_pins for a port and pins known at compile time: masks
 * instead of its loop over the pins, so they fold to constants and five
 * read-modify-writes remain. A link that also calls the general function
 * (a Boot wiring XSPI1's pins) carries both.
 */
static inline __attribute__((always_inline)) void xspi_pins_const(unsigned port, uint16_t pins)
{
	EXTMEM_STM32_REG(RCC_AHB4ENR) |= 1u << port;
	uint32_t one2 = spread2(pins);          /* 01 in each pin's 2-bit field */
	uint32_t lo4 = spread2(one2 & 0xFFFFu); /* 0001 in each nibble of AFRL (pins 0..7) */
	uint32_t hi4 = spread2(one2 >> 16);     /* and of AFRH (pins 8..15) */
	uint32_t moder = EXTMEM_STM32_REG(GPIO_MODER(port));
	uint32_t speed = EXTMEM_STM32_REG(GPIO_OSPEEDR(port));
	uint32_t pupd = EXTMEM_STM32_REG(GPIO_PUPDR(port));
	uint32_t afrl = EXTMEM_STM32_REG(GPIO_AFRL(port));
	uint32_t afrh = EXTMEM_STM32_REG(GPIO_AFRH(port));
	EXTMEM_STM32_REG(GPIO_AFRL(port)) = (afrl & ~(lo4 * 0xFu)) | lo4 * 9u;
	EXTMEM_STM32_REG(GPIO_AFRH(port)) = (afrh & ~(hi4 * 0xFu)) | hi4 * 9u;
	EXTMEM_STM32_REG(GPIO_OSPEEDR(port)) = speed | one2 * 3u;
	EXTMEM_STM32_REG(GPIO_PUPDR(port)) = pupd & ~(one2 * 3u);
	EXTMEM_STM32_REG(GPIO_MODER(port)) = (moder & ~(one2 * 3u)) | one2 * 2u;
}

/* Never inlined (-flto would fold it into a Boot's main): a debugger steps over it as one line. */
__attribute__((noinline)) int extmem_stm32_clock_init(struct extmem_stm32_clocks *clocks)
{
	/* Voltage scale high for 600 MHz (the supply stays at its reset default). */
	EXTMEM_STM32_REG(PWR_CSR4) |= PWR_CSR4_VOS;
	if (wait_bits(PWR_CSR4, PWR_CSR4_VOSRDY, PWR_CSR4_VOSRDY) != EXTMEM_OK ||
	    wait_bits(PWR_SR1, PWR_SR1_ACTVOSRDY, PWR_SR1_ACTVOSRDY) != EXTMEM_OK)
		return EXTMEM_ERR_TIMEOUT;
	/* Flash wait states before the clock goes up: LATENCY 7, WRHIGHFREQ 3; read back as HAL does. */
	EXTMEM_STM32_REG(FLASH_ACR) = 7u | 3u << 4;
	if (wait_bits(FLASH_ACR, 0xFu, 7u) != EXTMEM_OK)
		return EXTMEM_ERR_TIMEOUT;
	if (wait_bits(RCC_CR, RCC_CR_HSIRDY, RCC_CR_HSIRDY) != EXTMEM_OK)
		return EXTMEM_ERR_TIMEOUT;
	/* PLLs from HSI / 4 = 16 MHz (input range 8..16 MHz). */
	EXTMEM_STM32_REG(RCC_CR) &= ~(RCC_CR_PLL1ON | RCC_CR_PLL2ON);
	EXTMEM_STM32_REG(RCC_PLLCKSELR) = 0u | 4u << 4 | 4u << 12 | 32u << 20;
	/* PLL1: VCO 16 x 75 = 1200 MHz, P / 2 = 600 MHz. PLL2: VCO 16 x 50 = 800 MHz, S / 4 = 200 MHz. */
	EXTMEM_STM32_REG(RCC_PLL1DIVR1) = (75u - 1u) | (2u - 1u) << 9 | (2u - 1u) << 16 | (2u - 1u) << 24;
	EXTMEM_STM32_REG(RCC_PLL2DIVR1) = (50u - 1u) | (2u - 1u) << 9 | (2u - 1u) << 16 | (2u - 1u) << 24;
	EXTMEM_STM32_REG(RCC_PLL2DIVR2) = (4u - 1u) | (4u - 1u) << 8;
	/* RGE 8..16 MHz, P output of PLL1, S output of PLL2 */
	EXTMEM_STM32_REG(RCC_PLLCFGR) = 3u << 3 | 1u << 5 | 3u << 14 | 1u << 19;
	EXTMEM_STM32_REG(RCC_CR) |= RCC_CR_PLL1ON | RCC_CR_PLL2ON;
	if (wait_bits(RCC_CR, RCC_CR_PLL1RDY | RCC_CR_PLL2RDY, RCC_CR_PLL1RDY | RCC_CR_PLL2RDY) != EXTMEM_OK)
		return EXTMEM_ERR_TIMEOUT;
	/* CPU / 1, AHB / 2 = 300 MHz, APB1/2/4/5 / 2 = 150 MHz */
	EXTMEM_STM32_REG(RCC_CDCFGR) = 0;
	EXTMEM_STM32_REG(RCC_BMCFGR) = 8u;
	EXTMEM_STM32_REG(RCC_APBCFGR) = 4u | 4u << 4 | 4u << 8 | 4u << 12;
	EXTMEM_STM32_REG(RCC_CFGR) = (EXTMEM_STM32_REG(RCC_CFGR) & ~7u) | 3u;
	if (wait_bits(RCC_CFGR, 7u << 3, 3u << 3) != EXTMEM_OK)
		return EXTMEM_ERR_TIMEOUT;
	/* XSPI1 and XSPI2 kernel clocks from PLL2 S */
	EXTMEM_STM32_REG(RCC_CCIPR1) = (EXTMEM_STM32_REG(RCC_CCIPR1) & ~(0xFu << 4)) | 1u << 4 | 1u << 6;
	EXTMEM_STM32_REG(RCC_AHB5ENR) |= RCC_AHB5ENR_XSPI1 | RCC_AHB5ENR_XSPI2 | RCC_AHB5ENR_XSPIM;
	EXTMEM_STM32_REG(PWR_CSR2) |= PWR_CSR2_EN_XSPIM1 | PWR_CSR2_EN_XSPIM2;
	int err = extmem_stm32_xspi_io_init();
	if (err != EXTMEM_OK)
		return err;
	/* XSPI2 pins (XSPIM port 2): the octal NOR of both boards */
	xspi_pins_const(EXTMEM_STM32_XSPIM_PORT2_PINS);
	/* DWT cycle counter: the time base of every timeout */
	err = extmem_stm32_cycle_counter_start();
	if (err != EXTMEM_OK)
		return err;
	if (clocks != NULL) {
		clocks->cpu_hz = 600000000u;
		clocks->hclk_hz = 300000000u;
		clocks->xspi_kernel_hz = 200000000u;
	}
	return EXTMEM_OK;
}

int extmem_stm32_xspi_io_init(void)
{
	/* SBS registers take writes only with its bus clock on; the compensation cells run on CSI. */
	EXTMEM_STM32_REG(RCC_APB4ENR) |= RCC_APB4ENR_SBS;
	EXTMEM_STM32_REG(RCC_CR) |= RCC_CR_CSION;
	if (wait_bits(RCC_CR, RCC_CR_CSIRDY, RCC_CR_CSIRDY) != EXTMEM_OK)
		return EXTMEM_ERR_TIMEOUT;
	/*
	 * High-speed low-voltage I/O only where the option bytes say the port's
	 * supply is 1.8 V (XSPIx_HSLV): RM0477 forbids IOHSLV on a 3.3 V domain.
	 */
	uint32_t ob = EXTMEM_STM32_REG(FLASH_OBW1SR);
	uint32_t set = SBS_CCCSR_XSPI1_COMP_EN | SBS_CCCSR_XSPI2_COMP_EN;
	if (ob & FLASH_OBW1SR_XSPI1_HSLV)
		set |= SBS_CCCSR_XSPI1_IOHSLV;
	if (ob & FLASH_OBW1SR_XSPI2_HSLV)
		set |= SBS_CCCSR_XSPI2_IOHSLV;
	EXTMEM_STM32_REG(SBS_CCCSR) |= set;
	return wait_bits(SBS_CCCSR, SBS_CCCSR_XSPI1_RDY | SBS_CCCSR_XSPI2_RDY,
			 SBS_CCCSR_XSPI1_RDY | SBS_CCCSR_XSPI2_RDY);
}

void extmem_stm32_xspi_pins(unsigned port, uint16_t pins)
{
	/* GPIO clock, alternate function 9 (XSPIM), very high speed, no pull; MODER last so the pin switches once */
	EXTMEM_STM32_REG(RCC_AHB4ENR) |= 1u << port;
	uint32_t moder = EXTMEM_STM32_REG(GPIO_MODER(port));
	uint32_t speed = EXTMEM_STM32_REG(GPIO_OSPEEDR(port));
	uint32_t pupd = EXTMEM_STM32_REG(GPIO_PUPDR(port));
	uint32_t afr[2] = {EXTMEM_STM32_REG(GPIO_AFRL(port)), EXTMEM_STM32_REG(GPIO_AFRH(port))};
	for (unsigned pin = 0; pin < 16; pin++) {
		if (!(pins & (1u << pin)))
			continue;
		moder = (moder & ~(3u << (2 * pin))) | 2u << (2 * pin);
		speed |= 3u << (2 * pin);
		pupd &= ~(3u << (2 * pin));
		afr[pin / 8] = (afr[pin / 8] & ~(0xFu << (4 * (pin % 8)))) | 9u << (4 * (pin % 8));
	}
	EXTMEM_STM32_REG(GPIO_AFRL(port)) = afr[0];
	EXTMEM_STM32_REG(GPIO_AFRH(port)) = afr[1];
	EXTMEM_STM32_REG(GPIO_OSPEEDR(port)) = speed;
	EXTMEM_STM32_REG(GPIO_PUPDR(port)) = pupd;
	EXTMEM_STM32_REG(GPIO_MODER(port)) = moder;
}

int extmem_stm32_cycle_counter_start(void)
{
	EXTMEM_STM32_REG(DEMCR) |= 1u << 24; /* TRCENA: the DWT is powered */
	/* The M7 ignores DWT writes from software until its lock is opened (a debugger bypasses it). */
	EXTMEM_STM32_REG(DWT_LAR) = 0xC5ACCE55u;
	EXTMEM_STM32_REG(DWT_CYCCNT) = 0;
	EXTMEM_STM32_REG(DWT_CTRL) |= 1u;
	uint32_t c0 = EXTMEM_STM32_REG(DWT_CYCCNT);
	for (uint32_t i = 0; i < 64u; i++)
		if (EXTMEM_STM32_REG(DWT_CYCCNT) != c0)
			return EXTMEM_OK;
	return EXTMEM_ERR_DEVICE; /* no time base: every timeout would spin forever */
}

static void barrier(void)
{
#if defined(__arm__)
	__asm volatile("dsb\n\tisb" ::: "memory");
#endif
}

/* Runs one set/way operation (DCISW or DCCISW) over the whole D-cache. */
static void dcache_by_set_way(uint32_t op_reg)
{
	EXTMEM_STM32_REG(SCB_CSSELR) = 0; /* level 1 data cache */
	barrier();
	uint32_t ccsidr = EXTMEM_STM32_REG(SCB_CCSIDR);
	uint32_t sets = ((ccsidr >> 13) & 0x7FFFu) + 1u;
	uint32_t ways = ((ccsidr >> 3) & 0x3FFu) + 1u;
	for (uint32_t set = 0; set < sets; set++)
		for (uint32_t way = 0; way < ways; way++)
			EXTMEM_STM32_REG(op_reg) = way << 30 | set << 5;
	barrier();
}

void extmem_stm32_caches_enable(void)
{
	barrier();
	EXTMEM_STM32_REG(SCB_ICIALLU) = 0;
	barrier();
	EXTMEM_STM32_REG(SCB_CCR) |= SCB_CCR_IC;
	barrier();
	dcache_by_set_way(SCB_DCISW);
	EXTMEM_STM32_REG(SCB_CCR) |= SCB_CCR_DC;
	barrier();
}

void extmem_stm32_caches_disable(void)
{
	EXTMEM_STM32_REG(SCB_CCR) &= ~SCB_CCR_DC;
	barrier();
	dcache_by_set_way(SCB_DCCISW);
	EXTMEM_STM32_REG(SCB_CCR) &= ~SCB_CCR_IC;
	barrier();
	EXTMEM_STM32_REG(SCB_ICIALLU) = 0;
	barrier();
}

void extmem_stm32_time_init(struct extmem_stm32_time *t, uint32_t cpu_hz)
{
	t->cpu_mhz = cpu_hz / 1000000u ? cpu_hz / 1000000u : 1u;
	t->last_cyc = EXTMEM_STM32_REG(DWT_CYCCNT);
	t->us = 0;
	t->rem = 0;
}

uint32_t extmem_stm32_time_us(struct extmem_stm32_time *t)
{
	uint32_t now = EXTMEM_STM32_REG(DWT_CYCCNT);
	uint32_t cycles = t->rem + (now - t->last_cyc);
	t->last_cyc = now;
	t->us += cycles / t->cpu_mhz;
	t->rem = cycles % t->cpu_mhz;
	return t->us;
}

void extmem_stm32_delay_us(struct extmem_stm32_time *t, uint32_t us)
{
	uint32_t t0 = extmem_stm32_time_us(t);
	while (extmem_stm32_time_us(t) - t0 < us) {
	}
}

void extmem_stm32_gpio_output(unsigned port, unsigned pin)
{
	EXTMEM_STM32_REG(RCC_AHB4ENR) |= 1u << port;
	uint32_t moder = EXTMEM_STM32_REG(GPIO_MODER(port));
	EXTMEM_STM32_REG(GPIO_MODER(port)) = (moder & ~(3u << (2u * pin))) | 1u << (2u * pin);
}

void extmem_stm32_gpio_write(unsigned port, unsigned pin, bool level)
{
	EXTMEM_STM32_REG(GPIO_BSRR(port)) = level ? 1u << pin : 1u << (pin + 16u);
}
