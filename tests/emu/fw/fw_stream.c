/* SPDX-License-Identifier: MIT */
/*
 * An indirect read at register level (RM0477), for the emulator's FIFO
 * timing: XSPI2 at 50 MHz wired to a RAM device (03h, 3-byte address,
 * 1S-1S-1S). The host test calls these one at a time and reads the virtual
 * clock between the calls.
 */
#include <stddef.h>

#include "extmem_stm32h7rs.h"
#include "stm32h7rs_regs.h"

#define REG(a)  (*(volatile uint32_t *)(uintptr_t)(a))
#define X2(off) REG(EXTMEM_STM32_XSPI2 + (off))

int32_t fw_stream_init(void);
uint32_t fw_stream_start(uint32_t len);
uint32_t fw_stream_sr(void);
uint32_t fw_stream_take(uint32_t n);
void fw_stream_spin(uint32_t n);
int32_t fw_stream_read_all(uint32_t len);
uint32_t fw_stream_sum(uint32_t len);
int main(void);

static struct extmem_stm32_xspi xspi;

int32_t fw_stream_init(void)
{
	struct extmem_stm32_clocks clk;
	int err = extmem_stm32_clock_init(&clk);
	if (err == EXTMEM_OK)
		err = extmem_stm32_xspi_init(&xspi, EXTMEM_STM32_XSPI2, clk.xspi_kernel_hz, clk.cpu_hz, 20);
	uint32_t hz = 0;
	if (err == EXTMEM_OK)
		err = extmem_stm32_xspi_ops.set_clock(&xspi, 50000000u, &hz);
	return err != EXTMEM_OK ? err : (int32_t)(hz / 1000000u);
}

/* 03h at address 0 for len bytes, FIFO threshold 1; SR read right after the AR write that starts it. */
uint32_t fw_stream_start(uint32_t len)
{
	X2(XSPI_FCR) = 0x1Bu;
	X2(XSPI_CR) = (X2(XSPI_CR) & ~(3u << 28 | 0x3Fu << 8)) | 1u << 28;
	X2(XSPI_DLR) = len - 1u;
	X2(XSPI_TCR) = 0;
	X2(XSPI_CCR) = 1u | 1u << 8 | 2u << 12 | 1u << 24;
	X2(XSPI_IR) = 0x03u;
	X2(XSPI_AR) = 0;
	return X2(XSPI_SR);
}

uint32_t fw_stream_sr(void)
{
	return X2(XSPI_SR);
}

/* n bytes from DR without looking at FLEVEL; returns their sum. */
uint32_t fw_stream_take(uint32_t n)
{
	uint32_t sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum += *(volatile uint8_t *)(uintptr_t)(EXTMEM_STM32_XSPI2 + XSPI_DR);
	return sum;
}

void fw_stream_spin(uint32_t n)
{
	for (volatile uint32_t i = 0; i < n; i++) {
	}
}

/* A whole read through the port (FLEVEL-driven drain) into buf; returns its status. */
static uint8_t buf[4096];
int32_t fw_stream_read_all(uint32_t len)
{
	if (len > sizeof(buf))
		return -1000;
	struct extmem_xspi_op rd = {.cmd = {.bus = {1, false}, .nbytes = 1, .opcode = 0x03},
				    .addr = {.bus = {1, false}, .nbytes = 3, .value = 0},
				    .data = {.bus = {1, false}, .dir = EXTMEM_XSPI_DATA_IN, .len = len, .buf.in = buf}};
	return extmem_stm32_xspi_ops.execute(&xspi, &rd);
}

/* The sum of the first len bytes the last read_all brought. */
uint32_t fw_stream_sum(uint32_t len)
{
	uint32_t sum = 0;
	for (uint32_t i = 0; i < len && i < sizeof(buf); i++)
		sum += buf[i];
	return sum;
}

int main(void)
{
	return 0;
}
