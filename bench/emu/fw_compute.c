/* SPDX-License-Identifier: MIT */
/*
 * Bench firmware: a compute loop (integer CRC and a float accumulation) run
 * through the call API from RAM, at the reset clock or after the 600 MHz
 * clock setup, and the same loop with a DWT read per iteration (MMIO).
 */
#include "extmem_stm32h7rs.h"

uint32_t bench_clock(void);
uint32_t bench_crc(uint32_t rounds);
uint32_t bench_float(uint32_t rounds);
uint32_t bench_dwt(uint32_t rounds);
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

int main(void)
{
	return 0;
}
