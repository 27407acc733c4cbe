/* SPDX-License-Identifier: MIT */
/*
 * Functions the emulator tests run one at a time through the call API, the
 * way a programming tool runs a loader (RAM image, SP and LR set by the
 * caller). XSPI2 is wired to a RAM device (1S-1S-1S, 03h/02h/9Fh).
 */
#include <stddef.h>

#include "extmem_stm32h7rs.h"
#include "test_ops.h"

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define PWR_SR1  0x58024804u
#define PWR_CSR2 0x5802480Cu

uint32_t fw_add(uint32_t a, uint32_t b, uint32_t c, uint32_t d);
uint32_t fw_vendor_supply(void);
uint32_t fw_touch_unknown(void);
uint32_t fw_systick(uint32_t ticks);
uint32_t fw_svc(void);
int32_t fw_xspi_init(void);
int32_t fw_xspi_roundtrip(uint32_t addr, uint32_t len);
int32_t fw_xspi_autopoll_id(void);
uint32_t fw_map_read(uint32_t offset, uint32_t opcode);
int32_t fw_map_call(uint32_t offset, uint32_t arg);
uint32_t fw_triple(uint32_t x);
void fw_disable_xspi2(void);
uint32_t fw_write_flash(void);
int main(void);
uint32_t fw_read_after_unmap(uint32_t offset);
uint32_t fw_read_after_clock_off(uint32_t offset);
void fw_read_resets(uint32_t *out);
uint32_t fw_ccr_while_busy(void);
int32_t fw_no_kernel_clock(void);
uint32_t fw_vendor_clock(void);
uint32_t fw_wfi(void);
void fw_xspim_swap(void);
uint32_t fw_exec_dtcm(void);
void fw_caches(uint32_t on);
uint32_t fw_window_sum(uint32_t offset, uint32_t nbytes);

uint32_t fw_add(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	return a + b * c - d;
}

/* What vendor supply setup does: stop in an error loop unless the supply bits hold their reset default. */
uint32_t fw_vendor_supply(void)
{
	uint32_t csr2 = REG(PWR_CSR2);
	if ((csr2 & 7u) != 6u) {
		for (;;) {
		}
	}
	for (uint32_t i = 0; !(REG(PWR_SR1) & 2u); i++)
		if (i > 100000u)
			return 0xDEAD0000u;
	return csr2;
}

uint32_t fw_touch_unknown(void)
{
	return REG(0x40013000u); /* SPI1: not modelled */
}

static volatile uint32_t ticks_seen;
static volatile uint32_t svc_seen;

static void on_tick(void)
{
	volatile float f = 1.25f;
	f = f * 2.0f; /* the handler uses FP registers too */
	ticks_seen++;
}

static void on_svc(void)
{
	svc_seen++;
}

extern void (*volatile extmem_stm32_systick_hook)(void);
extern void (*volatile extmem_stm32_svc_hook)(void);

extern void (*const extmem_stm32_vectors[])(void);

uint32_t fw_systick(uint32_t ticks)
{
	REG(0xE000ED08u) = (uint32_t)(uintptr_t)extmem_stm32_vectors; /* VTOR: this image's table */
	extmem_stm32_systick_hook = on_tick;
	ticks_seen = 0;
	REG(0xE000E014u) = 6400u - 1u; /* 100 us at the 64 MHz reset clock */
	REG(0xE000E018u) = 0;
	REG(0xE000E010u) = 7u; /* CPU clock, interrupt, enable */
	float acc = 0.0f;
	uint32_t loops = 0;
	while (ticks_seen < ticks) {
		acc += 0.5f;
		loops++;
	}
	REG(0xE000E010u) = 0;
	/* the FP accumulator must have survived every exception */
	return acc == 0.5f * (float)loops ? ticks_seen : 0xBADu;
}

uint32_t fw_svc(void)
{
	REG(0xE000ED08u) = (uint32_t)(uintptr_t)extmem_stm32_vectors;
	extmem_stm32_svc_hook = on_svc;
	svc_seen = 0;
	__asm volatile("svc #3" ::: "memory");
	return svc_seen;
}

static struct extmem_stm32_xspi xspi;

int32_t fw_xspi_init(void)
{
	struct extmem_stm32_clocks clk;
	int err = extmem_stm32_clock_init(&clk);
	if (err != EXTMEM_OK)
		return err;
	err = extmem_stm32_xspi_init(&xspi, EXTMEM_STM32_XSPI2, clk.xspi_kernel_hz, clk.cpu_hz, 20);
	if (err != EXTMEM_OK)
		return err;
	uint32_t hz = 0;
	err = extmem_stm32_xspi_ops.set_clock(&xspi, 50000000u, &hz);
	return err != EXTMEM_OK ? err : (int32_t)(hz / 1000000u);
}

static struct extmem_xspi_op op_1s(uint8_t opcode, uint32_t addr, enum extmem_xspi_dir dir, void *buf, uint32_t len)
{
	struct extmem_xspi_op op = test_op_read_1s(opcode, addr, buf, len);
	op.data.dir = dir;
	return op;
}

static uint8_t out[512], in[512];

int32_t fw_xspi_roundtrip(uint32_t addr, uint32_t len)
{
	if (len > sizeof(out))
		return -1000;
	for (uint32_t i = 0; i < len; i++) {
		out[i] = (uint8_t)(i * 13u + 5u);
		in[i] = 0;
	}
	struct extmem_xspi_op wr = op_1s(0x02, addr, EXTMEM_XSPI_DATA_OUT, out, len);
	int err = extmem_stm32_xspi_ops.execute(&xspi, &wr);
	if (err != EXTMEM_OK)
		return err;
	struct extmem_xspi_op rd = op_1s(0x03, addr, EXTMEM_XSPI_DATA_IN, in, len);
	err = extmem_stm32_xspi_ops.execute(&xspi, &rd);
	if (err != EXTMEM_OK)
		return err;
	for (uint32_t i = 0; i < len; i++)
		if (in[i] != out[i])
			return -100 - (int32_t)i;
	return 0;
}

int32_t fw_xspi_autopoll_id(void)
{
	uint8_t id[3];
	struct extmem_xspi_op op = op_1s(0x9F, 0, EXTMEM_XSPI_DATA_IN, id, 3);
	op.addr.bus.lines = 0;
	op.addr.nbytes = 0;
	struct extmem_xspi_poll poll = {.mask = 0xFFu, .match = 0xEEu, .interval_cycles = 16, .timeout_us = 1000};
	uint32_t last = 0;
	int err = extmem_stm32_xspi_ops.auto_poll(&xspi, &op, &poll, &last);
	return err != EXTMEM_OK ? err : (int32_t)last;
}

uint32_t fw_map_read(uint32_t offset, uint32_t opcode)
{
	struct extmem_xspi_op rd = op_1s((uint8_t)opcode, 0, EXTMEM_XSPI_DATA_IN, NULL, 1);
	struct extmem_xspi_op wr = op_1s(0x02, 0, EXTMEM_XSPI_DATA_OUT, NULL, 1);
	if (extmem_stm32_xspi_ops.map_enable(&xspi, &rd, &wr) != EXTMEM_OK)
		return 0xBAD0BAD0u;
	uint32_t v = *(volatile uint32_t *)(EXTMEM_STM32_XSPI2_WINDOW + offset);
	extmem_stm32_xspi_ops.map_disable(&xspi);
	return v;
}

int32_t fw_map_call(uint32_t offset, uint32_t arg)
{
	struct extmem_xspi_op rd = op_1s(0x03, 0, EXTMEM_XSPI_DATA_IN, NULL, 1);
	if (extmem_stm32_xspi_ops.map_enable(&xspi, &rd, NULL) != EXTMEM_OK)
		return -1;
	uint32_t (*fn)(uint32_t) = (uint32_t(*)(uint32_t))(EXTMEM_STM32_XSPI2_WINDOW + offset + 1u);
	uint32_t r = fn(arg);
	extmem_stm32_xspi_ops.map_disable(&xspi);
	return (int32_t)r;
}

/* Copied into the device by the test, then run from the window. */
uint32_t fw_triple(uint32_t x)
{
	return x * 3u + 7u;
}

/* Copied into the device by the test: pulls XSPI2 from under itself. */
void fw_disable_xspi2(void)
{
	REG(EXTMEM_STM32_XSPI2) = 0;
}

uint32_t fw_write_flash(void)
{
	REG(0x08000100u) = 0x12345678u;
	return 0;
}

/* Data read through the window after memory-mapped mode was left (from RAM, correctly). */
uint32_t fw_read_after_unmap(uint32_t offset)
{
	struct extmem_xspi_op rd = op_1s(0x03, 0, EXTMEM_XSPI_DATA_IN, NULL, 1);
	if (extmem_stm32_xspi_ops.map_enable(&xspi, &rd, NULL) != EXTMEM_OK)
		return 0xBAD0BAD0u;
	uint32_t v = *(volatile uint32_t *)(EXTMEM_STM32_XSPI2_WINDOW + offset);
	extmem_stm32_xspi_ops.map_disable(&xspi);
	return v + *(volatile uint32_t *)(EXTMEM_STM32_XSPI2_WINDOW + offset);
}

/* Data read through the window after XSPI2's bus clock was stopped. */
uint32_t fw_read_after_clock_off(uint32_t offset)
{
	struct extmem_xspi_op rd = op_1s(0x03, 0, EXTMEM_XSPI_DATA_IN, NULL, 1);
	if (extmem_stm32_xspi_ops.map_enable(&xspi, &rd, NULL) != EXTMEM_OK)
		return 0xBAD0BAD0u;
	uint32_t v = *(volatile uint32_t *)(EXTMEM_STM32_XSPI2_WINDOW + offset);
	REG(0x58024534u) &= ~(1u << 12); /* RCC_AHB5ENR.XSPI2EN */
	return v + *(volatile uint32_t *)(EXTMEM_STM32_XSPI2_WINDOW + offset);
}

/* Registers as they come out of reset (XSPI2 clocked first so it can be read). */
void fw_read_resets(uint32_t *out)
{
	static const uint32_t regs[] = {
		0x58024400u, /* RCC_CR */
		0x58024410u, /* RCC_CFGR */
		0x58024428u, /* RCC_PLLCKSELR */
		0x58024430u, /* RCC_PLL1DIVR1 */
		0x5802480Cu, /* PWR_CSR2 */
		0x58024814u, /* PWR_CSR4 */
		0x52002000u, /* FLASH_ACR */
		0xE000ED00u, /* CPUID */
		0xE000ED08u, /* VTOR */
		0xE0001000u, /* DWT_CTRL */
	};
	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		out[i] = REG(regs[i]);
	REG(0x58024534u) |= 1u << 12;
	out[10] = REG(EXTMEM_STM32_XSPI2 + 0x000u); /* CR */
	out[11] = REG(EXTMEM_STM32_XSPI2 + 0x008u); /* DCR1 */
	out[12] = REG(EXTMEM_STM32_XSPI2 + 0x020u); /* SR */
	out[13] = REG(EXTMEM_STM32_XSPI2 + 0x100u); /* CCR */
}

/* CCR written while an indirect read is in flight: silicon ignores it. */
uint32_t fw_ccr_while_busy(void)
{
	uint32_t base = EXTMEM_STM32_XSPI2;
	REG(base + 0x000u) = 1u | 1u << 28; /* EN, indirect read */
	REG(base + 0x040u) = 99u;           /* DLR: 100 bytes */
	REG(base + 0x100u) = 1u | 1u << 8 | 2u << 12 | 1u << 24;
	REG(base + 0x110u) = 0x03u;
	REG(base + 0x048u) = 0x0u; /* starts */
	uint32_t sr = REG(base + 0x020u);
	REG(base + 0x100u) = 0x01000101u; /* while BUSY */
	REG(base + 0x000u) |= 2u;         /* ABORT */
	return sr;
}

/* XSPI2 kernel clock switched to PLL2 T, which is not enabled: the port times out. */
int32_t fw_no_kernel_clock(void)
{
	REG(0x5802444Cu) = (REG(0x5802444Cu) & ~(3u << 6)) | 2u << 6;
	xspi.timeout_us = 1000; /* a short bound keeps the test quick */
	uint8_t b[4];
	struct extmem_xspi_op rd = op_1s(0x03, 0, EXTMEM_XSPI_DATA_IN, b, 4);
	return extmem_stm32_xspi_ops.execute(&xspi, &rd);
}

/*
 * Clock setup the way vendor HAL code does it: a 1 kHz SysTick interrupt as
 * the time base of every ready-flag timeout, the supply check on PWR_CSR2,
 * flash latency read back, then the system clock computed with VFP from the
 * PLL registers, SysTick retuned to it and a 5 ms delay.
 */
static volatile uint32_t ms_ticks;

static void ms_tick(void)
{
	ms_ticks++;
}

static int wait_flag(uint32_t addr, uint32_t mask, uint32_t value)
{
	uint32_t t0 = ms_ticks;
	while ((REG(addr) & mask) != value)
		if (ms_ticks - t0 > 100u)
			return -1;
	return 0;
}

uint32_t fw_vendor_clock(void)
{
	REG(0xE000ED08u) = (uint32_t)(uintptr_t)extmem_stm32_vectors;
	extmem_stm32_systick_hook = ms_tick;
	REG(0xE000ED20u) |= 0xF0u << 24; /* SHPR3: SysTick priority */
	REG(0xE000E014u) = 64000u - 1u;  /* 1 ms at the 64 MHz reset clock */
	REG(0xE000E018u) = 0;
	REG(0xE000E010u) = 7u;
	if ((REG(PWR_CSR2) & 7u) != 6u || wait_flag(PWR_SR1, 2u, 2u) != 0)
		return 1;
	REG(0x58024814u) |= 1u; /* PWR_CSR4.VOS */
	if (wait_flag(0x58024814u, 2u, 2u) != 0)
		return 2;
	REG(0x58024400u) &= ~(1u << 24);
	if (wait_flag(0x58024400u, 1u << 25, 0) != 0)
		return 3;
	REG(0x58024428u) = 4u << 4 | 32u << 12 | 32u << 20; /* HSI / 4 */
	REG(0x58024430u) = (75u - 1u) | (2u - 1u) << 9 | (2u - 1u) << 16 | (2u - 1u) << 24;
	REG(0x58024434u) = 0;                           /* PLL1FRACR */
	REG(0x5802442Cu) = 1u << 0 | 3u << 3 | 1u << 5; /* FRACEN, 8..16 MHz, P enabled */
	REG(0x58024400u) |= 1u << 24;
	if (wait_flag(0x58024400u, 1u << 25, 1u << 25) != 0)
		return 4;
	REG(0x52002000u) = 7u | 3u << 4;
	if ((REG(0x52002000u) & 0xFu) != 7u)
		return 5;
	REG(0x5802441Cu) = 8u; /* AHB / 2 */
	REG(0x58024410u) = (REG(0x58024410u) & ~7u) | 3u;
	if (wait_flag(0x58024410u, 7u << 3, 3u << 3) != 0)
		return 6;
	/* HAL_RCC_GetSysClockFreq: fractional PLL arithmetic in single precision */
	uint32_t cksel = REG(0x58024428u), divr = REG(0x58024430u);
	float fracn = (float)((REG(0x58024434u) >> 3) & 0x1FFFu);
	float vco = (64000000.0f / (float)((cksel >> 4) & 0x3Fu)) * ((float)((divr & 0x1FFu) + 1u) + fracn / 8192.0f);
	uint32_t sysclk = (uint32_t)(vco / (float)(((divr >> 9) & 0x7Fu) + 1u));
	REG(0xE000E014u) = sysclk / 1000u - 1u; /* SysTick retuned: still 1 ms */
	uint32_t t0 = ms_ticks;
	while (ms_ticks - t0 < 5u) {
	}
	REG(0xE000E010u) = 0;
	return sysclk;
}

/* WFI with SysTick running: wakes on the tick. */
uint32_t fw_wfi(void)
{
	REG(0xE000ED08u) = (uint32_t)(uintptr_t)extmem_stm32_vectors;
	extmem_stm32_systick_hook = ms_tick;
	ms_ticks = 0;
	REG(0xE000E014u) = 6400u - 1u;
	REG(0xE000E018u) = 0;
	REG(0xE000E010u) = 7u;
	for (int i = 0; i < 3; i++)
		__asm volatile("wfi" ::: "memory");
	REG(0xE000E010u) = 0;
	return ms_ticks;
}

/* XSPIM MODE = 1: XSPI2 drives port 1 (and XSPI1 port 2). */
void fw_xspim_swap(void)
{
	REG(0x5200B400u) = 2u;
}

/* Code copied to DTCM and called: the M7 cannot fetch from DTCM. */
uint32_t fw_exec_dtcm(void)
{
	volatile uint16_t *d = (volatile uint16_t *)0x20001000u;
	d[0] = 0x2007u; /* movs r0, #7 */
	d[1] = 0x4770u; /* bx lr */
	return ((uint32_t(*)(void))0x20001001u)();
}

/* Caches on or off (set/way maintenance as on silicon). */
void fw_caches(uint32_t on)
{
	if (on)
		extmem_stm32_caches_enable();
	else
		extmem_stm32_caches_disable();
}

/* Sums nbytes of the XSPI2 window twice (data reads through the D-cache when it is on). */
uint32_t fw_window_sum(uint32_t offset, uint32_t nbytes)
{
	struct extmem_xspi_op rd = op_1s(0x03, 0, EXTMEM_XSPI_DATA_IN, NULL, 1);
	if (extmem_stm32_xspi_ops.map_enable(&xspi, &rd, NULL) != EXTMEM_OK)
		return 0xBAD0BAD0u;
	uint32_t sum = 0;
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = 0; i < nbytes; i += 4)
			sum += *(volatile uint32_t *)(EXTMEM_STM32_XSPI2_WINDOW + offset + i);
	extmem_stm32_xspi_ops.map_disable(&xspi);
	return sum;
}

/* Not run: a loader image is entered through its functions, not its reset vector. */
int main(void)
{
	return 0;
}
