/* SPDX-License-Identifier: MIT */
/*
 * Bench firmware: a compute loop (integer CRC and a float accumulation) run
 * through the call API from RAM, at the reset clock or after the 600 MHz
 * clock setup, and the same loop with a DWT read per iteration (MMIO); a
 * SysTick exception every 1000 cycles (entry, handler, return); loads and
 * stores with the MPU off and on.
 */
#include "extmem_stm32h7rs.h"

uint32_t bench_clock(void);
uint32_t bench_crc(uint32_t rounds);
uint32_t bench_float(uint32_t rounds);
uint32_t bench_dwt(uint32_t rounds);
uint32_t bench_xip(uint32_t offset, uint32_t rounds);
uint32_t bench_caches(uint32_t on);
uint32_t bench_ticks(uint32_t ticks);
uint32_t bench_mem(uint32_t rounds, uint32_t mpu);
int main(void);

uint32_t bench_clock(void)
{
	struct extmem_stm32_clocks clk;
	return (uint32_t)extmem_stm32_clock_init(&clk);
}

uint32_t bench_crc(uint32_t rounds)
{
	uint32_t crc = 0xFFFFFFFFu;
	for (uint32_t r = 0; r < rounds; r++) {
		crc ^= r;
		for (int b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

uint32_t bench_float(uint32_t rounds)
{
	float acc = 0.0f;
	for (uint32_t r = 0; r < rounds; r++)
		acc = acc * 0.999f + (float)(r & 7u);
	return (uint32_t)acc;
}

uint32_t bench_dwt(uint32_t rounds)
{
	uint32_t sum = 0;
	for (uint32_t r = 0; r < rounds; r++)
		sum += *(volatile uint32_t *)0xE0001004u;
	return sum;
}

extern void (*volatile extmem_stm32_systick_hook)(void);
extern void (*const extmem_stm32_vectors[])(void);
static volatile uint32_t ticks_seen;

static void on_tick(void)
{
	ticks_seen++;
}

uint32_t bench_ticks(uint32_t ticks)
{
	*(volatile uint32_t *)0xE000ED08u = (uint32_t)(uintptr_t)extmem_stm32_vectors; /* VTOR */
	extmem_stm32_systick_hook = on_tick;
	ticks_seen = 0;
	*(volatile uint32_t *)0xE000E014u = 1000u - 1u;
	*(volatile uint32_t *)0xE000E018u = 0;
	*(volatile uint32_t *)0xE000E010u = 7u; /* CPU clock, interrupt, enable */
	uint32_t spins = 0;
	while (ticks_seen < ticks)
		spins++;
	*(volatile uint32_t *)0xE000E010u = 0;
	return spins;
}

static struct extmem_stm32_xspi xspi;

/* Runs bench_crc copied (by the host) into the RAM device behind XSPI2, in place from the window. */
uint32_t bench_xip(uint32_t offset, uint32_t rounds)
{
	if (extmem_stm32_xspi_init(&xspi, EXTMEM_STM32_XSPI2, 200000000u, 600000000u, 20) != EXTMEM_OK)
		return 0xBAD;
	struct extmem_xspi_op rd = {0};
	rd.cmd.bus.lines = 1;
	rd.cmd.nbytes = 1;
	rd.cmd.opcode = 0x03;
	rd.addr.bus.lines = 1;
	rd.addr.nbytes = 3;
	rd.data.bus.lines = 1;
	rd.data.dir = EXTMEM_XSPI_DATA_IN;
	rd.data.len = 1;
	if (extmem_stm32_xspi_ops.map_enable(&xspi, &rd, NULL) != EXTMEM_OK)
		return 0xBAD;
	uint32_t (*fn)(uint32_t) = (uint32_t(*)(uint32_t))(EXTMEM_STM32_XSPI2_WINDOW + offset + 1u);
	uint32_t r = fn(rounds);
	extmem_stm32_xspi_ops.map_disable(&xspi);
	return r;
}

uint32_t bench_caches(uint32_t on)
{
	if (on)
		extmem_stm32_caches_enable();
	else
		extmem_stm32_caches_disable();
	return 0;
}

#define MPU_CTRL 0xE000ED94u
#define MPU_RNR  0xE000ED98u
#define MPU_RBAR 0xE000ED9Cu
#define MPU_RASR 0xE000EDA0u

static void mpu_region(uint32_t n, uint32_t rbar, uint32_t rasr)
{
	*(volatile uint32_t *)MPU_RNR = n;
	*(volatile uint32_t *)MPU_RBAR = rbar;
	*(volatile uint32_t *)MPU_RASR = rasr;
}

static volatile uint32_t mem_buf[256] __attribute__((aligned(1024)));

/*
 * Loads and stores over a 1 KiB buffer in AXI SRAM with the MPU off (mpu 0),
 * with the DK Boot's regions (1: a 4 GiB no-access background with SRD 0x87
 * and PRIVDEFENA; the buffer's page is uniform), or with a 256-byte
 * read-only region in the buffer's page as well (2: the page is cut, every
 * access to it goes through the exact check).
 */
uint32_t bench_mem(uint32_t rounds, uint32_t mpu)
{
	*(volatile uint32_t *)MPU_CTRL = 0;
	if (mpu) {
		mpu_region(0, 0, 1u | (31u << 1) | (0x87u << 8) | (1u << 28)); /* 4 GiB, AP 0, XN */
		mpu_region(1, mpu == 2 ? (uint32_t)(uintptr_t)&mem_buf[128] : 0,
			   mpu == 2 ? 1u | (7u << 1) | (6u << 24) : 0);
		*(volatile uint32_t *)MPU_CTRL = 5u; /* ENABLE, PRIVDEFENA */
	}
	__asm volatile("dsb\n\tisb" ::: "memory");
	uint32_t sum = 0;
	for (uint32_t r = 0; r < rounds; r++) {
		uint32_t i = r & 127u;
		mem_buf[i] = mem_buf[i] + r;
		sum += mem_buf[i + 128u];
	}
	*(volatile uint32_t *)MPU_CTRL = 0;
	mpu_region(0, 0, 0);
	mpu_region(1, 0, 0);
	__asm volatile("dsb\n\tisb" ::: "memory");
	return sum;
}

int main(void)
{
	return 0;
}
