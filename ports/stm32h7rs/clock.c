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

/*
 * The set-up as data, in halfwords: a header, then one number (SET, PUT)
 * or two (MOD: bits to clear, bits to set; WAIT: mask, value), each 16 or
 * 32 bits as the header says. Straight-line code took 8-14 B a step; a step
 * here is 4-10 B. Header: bits 10..0 the register's word offset from
 * STEP_BASE (GPIO N..P, RCC, PWR) or, with STEP_FLASH, from FLASH_ACR;
 * bits 13..12 the operation; bits 14 and 15 the widths of the numbers.
 */
#define STEP_BASE  0x58023000u
#define STEP_FLASH 0x0800u
#define OP_SET     0x0000u /* reg |= a */
#define OP_PUT     0x1000u /* reg = a (read first, as the others: no register here minds) */
#define OP_MOD     0x2000u /* reg = (reg & ~a) | b */
#define OP_WAIT    0x3000u /* wait until (reg & a) == b, bounded by SPIN_LIMIT */
#define W_16       0u
#define W_32       1u

/* A compile-time error (an array of size -1) when c is false, 0 otherwise. */
#define CHECK(c) (0u * sizeof(char[(c) ? 1 : -1]))
#define REG_OFF(reg)                                                                                                   \
	(((reg) == FLASH_ACR ? STEP_FLASH : ((reg)-STEP_BASE) / 4u) +                                                  \
	 CHECK((reg) == FLASH_ACR || ((reg) >= STEP_BASE && (reg)-STEP_BASE < 0x2000u)))
#define HDR(reg, op, w1, w2) (uint16_t)(REG_OFF(reg) | (op) | W_##w1 << 14 | W_##w2 << 15)
#define N16(v)               (uint16_t)((v) + CHECK((v) <= 0xFFFFu))
#define N32(v)               (uint16_t)((v)&0xFFFFu), (uint16_t)((v) >> 16)

#define SET(reg, w, v)          HDR(reg, OP_SET, w, 16), N##w(v)
#define PUT(reg, w, v)          HDR(reg, OP_PUT, w, 16), N##w(v)
#define MOD(reg, wa, a, wb, b)  HDR(reg, OP_MOD, wa, wb), N##wa(a), N##wb(b)
#define WAIT(reg, wa, a, wb, b) HDR(reg, OP_WAIT, wa, wb), N##wa(a), N##wb(b)

/* Runs the steps in order; EXTMEM_ERR_TIMEOUT at the first wait that times out. */
static int run_steps(const uint16_t *p, const uint16_t *end)
{
	while (p < end) {
		uint32_t h = *p++;
		uint32_t addr = (h & STEP_FLASH ? FLASH_ACR : STEP_BASE) + ((h & 0x7FFu) << 2);
		uint32_t a = *p++, b = 0;
		if (h & 0x4000u)
			a |= (uint32_t)*p++ << 16;
		uint32_t op = h & 0x3000u;
		/* SET and PUT as a MOD: clear nothing or everything, then set a */
		uint32_t clr = op == OP_PUT ? ~0u : 0u, set = a;
		if (op >= OP_MOD) {
			b = *p++;
			if (h & 0x8000u)
				b |= (uint32_t)*p++ << 16;
			clr = a;
			set = b;
		}
		if (op == OP_WAIT) {
			if (wait_bits(addr, a, b) != EXTMEM_OK)
				return EXTMEM_ERR_TIMEOUT;
		} else {
			EXTMEM_STM32_REG(addr) = (EXTMEM_STM32_REG(addr) & ~clr) | set;
		}
	}
	return EXTMEM_OK;
}

/* Bit i of a 16-bit pin mask moved to bit 2i: where pin i's 2-bit field starts in MODER, OSPEEDR, PUPDR. */
#define SPREAD_8(p) (((p) | (p) << 8) & 0x00FF00FFu)
#define SPREAD_4(p) ((SPREAD_8(p) | SPREAD_8(p) << 4) & 0x0F0F0F0Fu)
#define SPREAD_2(p) ((SPREAD_4(p) | SPREAD_4(p) << 2) & 0x33333333u)
#define SPREAD(p)   ((SPREAD_2(p) | SPREAD_2(p) << 1) & 0x55555555u)

/*
 * extmem_stm32_xspi_pins for a port and pins known at compile time: its
 * masks as constants. GPIO clock, AF9, very high speed, no pull; MODER
 * last so each pin switches once.
 */
#define PIN_STEPS_(port, pins, one2, lo4, hi4)                                                                         \
	SET(RCC_AHB4ENR, 32, 1u << (port)), MOD(GPIO_AFRL(port), 32, (lo4)*0xFu, 32, (lo4)*9u),                        \
		MOD(GPIO_AFRH(port), 32, (hi4)*0xFu, 32, (hi4)*9u), SET(GPIO_OSPEEDR(port), 32, (one2)*3u),            \
		MOD(GPIO_PUPDR(port), 32, (one2)*3u, 16, 0u), MOD(GPIO_MODER(port), 32, (one2)*3u, 32, (one2)*2u)
#define PIN_STEPS__(port, pins)                                                                                        \
	PIN_STEPS_(port, pins, SPREAD(pins), SPREAD(SPREAD(pins) & 0xFFFFu), SPREAD(SPREAD(pins) >> 16))
#define PIN_STEPS(...) PIN_STEPS__(__VA_ARGS__)

/*
 * The first part of extmem_stm32_xspi_io_init, at the end of the clock
 * steps (clock_init runs both in one go): SBS registers take writes only
 * with its bus clock on; the compensation cells run on CSI.
 */
#define IO_STEPS                                                                                                       \
	SET(RCC_APB4ENR, 16, RCC_APB4ENR_SBS), SET(RCC_CR, 16, RCC_CR_CSION),                                          \
		WAIT(RCC_CR, 16, RCC_CR_CSIRDY, 16, RCC_CR_CSIRDY)
#define IO_HALFWORDS (sizeof((const uint16_t[]){IO_STEPS}) / sizeof(uint16_t))

/*
 * RM0477's order: voltage scale high for 600 MHz (the supply stays at its
 * reset default), flash wait states before the clock goes up, the PLLs,
 * the prescalers, the switch to PLL1, then the XSPI clocks and supplies.
 */
static const uint16_t clock_steps[] = {
	SET(PWR_CSR4, 16, PWR_CSR4_VOS),
	WAIT(PWR_CSR4, 16, PWR_CSR4_VOSRDY, 16, PWR_CSR4_VOSRDY),
	WAIT(PWR_SR1, 16, PWR_SR1_ACTVOSRDY, 16, PWR_SR1_ACTVOSRDY),
	/* LATENCY 7, WRHIGHFREQ 3; read back as HAL does */
	PUT(FLASH_ACR, 16, 7u | 3u << 4),
	WAIT(FLASH_ACR, 16, 0xFu, 16, 7u),
	WAIT(RCC_CR, 16, RCC_CR_HSIRDY, 16, RCC_CR_HSIRDY),
	/* PLLs from HSI / 4 = 16 MHz (input range 8..16 MHz) */
	MOD(RCC_CR, 32, RCC_CR_PLL1ON | RCC_CR_PLL2ON, 16, 0u),
	PUT(RCC_PLLCKSELR, 32, 0u | 4u << 4 | 4u << 12 | 32u << 20),
	/* PLL1: VCO 16 x 75 = 1200 MHz, P / 2 = 600 MHz. PLL2: VCO 16 x 50 = 800 MHz, S / 4 = 200 MHz. */
	PUT(RCC_PLL1DIVR1, 32, (75u - 1u) | (2u - 1u) << 9 | (2u - 1u) << 16 | (2u - 1u) << 24),
	PUT(RCC_PLL2DIVR1, 32, (50u - 1u) | (2u - 1u) << 9 | (2u - 1u) << 16 | (2u - 1u) << 24),
	PUT(RCC_PLL2DIVR2, 16, (4u - 1u) | (4u - 1u) << 8),
	/* RGE 8..16 MHz, P output of PLL1, S output of PLL2 */
	PUT(RCC_PLLCFGR, 32, 3u << 3 | 1u << 5 | 3u << 14 | 1u << 19),
	SET(RCC_CR, 32, RCC_CR_PLL1ON | RCC_CR_PLL2ON),
	WAIT(RCC_CR, 32, RCC_CR_PLL1RDY | RCC_CR_PLL2RDY, 32, RCC_CR_PLL1RDY | RCC_CR_PLL2RDY),
	/* CPU / 1, AHB / 2 = 300 MHz, APB1/2/4/5 / 2 = 150 MHz */
	PUT(RCC_CDCFGR, 16, 0u),
	PUT(RCC_BMCFGR, 16, 8u),
	PUT(RCC_APBCFGR, 16, 4u | 4u << 4 | 4u << 8 | 4u << 12),
	MOD(RCC_CFGR, 16, 7u, 16, 3u),
	WAIT(RCC_CFGR, 16, 7u << 3, 16, 3u << 3),
	/* XSPI1 and XSPI2 kernel clocks from PLL2 S */
	MOD(RCC_CCIPR1, 16, 0xFu << 4, 16, 1u << 4 | 1u << 6),
	SET(RCC_AHB5ENR, 16, RCC_AHB5ENR_XSPI1 | RCC_AHB5ENR_XSPI2 | RCC_AHB5ENR_XSPIM),
	SET(PWR_CSR2, 16, PWR_CSR2_EN_XSPIM1 | PWR_CSR2_EN_XSPIM2),
	IO_STEPS,
};

/* XSPI2 pins (XSPIM port 2): the octal NOR of both boards */
static const uint16_t pin_steps[] = {PIN_STEPS(EXTMEM_STM32_XSPIM_PORT2_PINS)};

#define END(steps) ((steps) + sizeof(steps) / sizeof((steps)[0]))

/*
 * extmem_stm32_xspi_io_init after its steps: high-speed low-voltage I/O
 * only where the option bytes say the port's supply is 1.8 V
 * (XSPIx_HSLV): RM0477 forbids IOHSLV on a 3.3 V domain.
 */
static int io_cells(void)
{
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

/* Never inlined (-flto would fold it into a Boot's main): a debugger steps over it as one line. */
__attribute__((noinline)) int extmem_stm32_clock_init(struct extmem_stm32_clocks *clocks)
{
	/* the clocks, then extmem_stm32_xspi_io_init */
	int err = run_steps(clock_steps, END(clock_steps));
	if (err == EXTMEM_OK)
		err = io_cells();
	if (err != EXTMEM_OK)
		return err;
	(void)run_steps(pin_steps, END(pin_steps)); /* no waits */
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
	if (run_steps(END(clock_steps) - IO_HALFWORDS, END(clock_steps)) != EXTMEM_OK)
		return EXTMEM_ERR_TIMEOUT;
	return io_cells();
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
