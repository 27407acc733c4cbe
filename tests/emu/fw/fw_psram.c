/* SPDX-License-Identifier: MIT */
/*
 * The APS256XXN PSRAM on XSPI1 of the STM32H7S78-DK, brought up register by
 * register in the order vendor code uses (ST's BSP and aps256xx component:
 * XSPI1 as an AP Memory 16-bit device with a chip-select boundary and a
 * refresh interval, mode registers read and written in 8D on DQ[7:0], then
 * memory-mapped mode with the write configuration set before the read one),
 * then patterns written and read through the window at 0x90000000. Run
 * through the call API with the PSRAM model on XSPIM port 1.
 */
#include <stddef.h>
#include <stdint.h>

#include "extmem_stm32h7rs.h"

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define XSPI1     0x52005000u
#define X_CR      (XSPI1 + 0x000u)
#define X_DCR1    (XSPI1 + 0x008u)
#define X_DCR2    (XSPI1 + 0x00Cu)
#define X_DCR3    (XSPI1 + 0x010u)
#define X_DCR4    (XSPI1 + 0x014u)
#define X_SR      (XSPI1 + 0x020u)
#define X_FCR     (XSPI1 + 0x024u)
#define X_DLR     (XSPI1 + 0x040u)
#define X_AR      (XSPI1 + 0x048u)
#define X_DR      (XSPI1 + 0x050u)
#define X_CCR     (XSPI1 + 0x100u)
#define X_TCR     (XSPI1 + 0x108u)
#define X_IR      (XSPI1 + 0x110u)
#define X_WCCR    (XSPI1 + 0x180u)
#define X_WTCR    (XSPI1 + 0x188u)
#define X_WIR     (XSPI1 + 0x190u)
#define SR_TCF    (1u << 1)
#define SR_FTF    (1u << 2)
#define SR_BUSY   (1u << 5)
#define CR_EN     (1u << 0)
#define CR_ABORT  (1u << 1)
#define CR_FTHRES (3u << 8) /* 4 bytes, as ST's BSP */
#define WINDOW    0x90000000u

/* CCR fields: 8S instruction, 4-byte 8D address, data in 8D or 16D */
#define CCR_IMODE_8   (4u << 0)
#define CCR_ADMODE_8  (4u << 8)
#define CCR_ADDTR     (1u << 11)
#define CCR_ADSIZE_32 (3u << 12)
#define CCR_DMODE(l)  ((l) == 16u ? 5u << 24 : 4u << 24)
#define CCR_DDTR      (1u << 27)
#define CCR_DQSE      (1u << 29)
#define CCR_CMD       (CCR_IMODE_8 | CCR_ADMODE_8 | CCR_ADDTR | CCR_ADSIZE_32 | CCR_DDTR)

#define MR_READ      0x40u
#define MR_WRITE     0xC0u
#define READ_LINEAR  0x20u
#define WRITE_LINEAR 0xA0u
#define RL5_DUMMY    4u /* variable latency RL 5 (the reset value): RL - 1 */
#define WL5_DUMMY    4u

int32_t fw_psram_setup(uint32_t x16, uint32_t csbound, uint32_t refresh);
int32_t fw_psram_map(uint32_t read_dummy);
uint32_t fw_psram_patterns(void);
void fw_psram_copy(uint32_t off, uint32_t *dst, uint32_t words);
int32_t fw_psram_indirect_read(uint32_t off, uint8_t *dst, uint32_t len);
int main(void);

static uint32_t lines; /* data lines of array accesses: 8 or 16 */

int main(void)
{
	return 0;
}

static int wait(uint32_t mask, uint32_t value)
{
	for (uint32_t i = 0; i < 100000u; i++)
		if ((REG(X_SR) & mask) == value)
			return 0;
	return -1;
}

static void set_fmode(uint32_t fmode)
{
	REG(X_CR) = (REG(X_CR) & ~(3u << 28)) | fmode << 28;
}

static int mr_read(uint32_t reg, uint8_t *value)
{
	if (wait(SR_BUSY, 0) != 0)
		return -1;
	REG(X_FCR) = SR_TCF;
	set_fmode(1u);
	REG(X_DLR) = 1u;
	REG(X_TCR) = RL5_DUMMY; /* register reads wait RL once */
	REG(X_CCR) = CCR_CMD | CCR_DMODE(8u) | CCR_DQSE;
	REG(X_IR) = MR_READ;
	REG(X_AR) = reg;
	if (wait(SR_TCF, SR_TCF) != 0)
		return -1;
	uint32_t v = REG(X_DR);
	*value = (uint8_t)v;
	return wait(SR_BUSY, 0);
}

static int mr_write(uint32_t reg, uint8_t value)
{
	if (wait(SR_BUSY, 0) != 0)
		return -1;
	REG(X_FCR) = SR_TCF;
	set_fmode(0u);
	REG(X_DLR) = 1u;
	REG(X_TCR) = 0u;
	REG(X_CCR) = CCR_CMD | CCR_DMODE(8u); /* no DQS on register writes */
	REG(X_IR) = MR_WRITE;
	REG(X_AR) = reg;
	*(volatile uint16_t *)(uintptr_t)X_DR = (uint16_t)(value | value << 8);
	if (wait(SR_TCF, SR_TCF) != 0)
		return -1;
	REG(X_FCR) = SR_TCF;
	return wait(SR_BUSY, 0);
}

/*
 * XSPI1 at 100 MHz (kernel 200 MHz / 2), AP Memory 16-bit type, 32 MiB,
 * CSHT 5 cycles; csbound and refresh go to DCR3/DCR4 as given. The part
 * stays at RL 5 / WL 5 variable latency and goes x16 when asked. Returns 0,
 * or -(step) of the failing step; MR8 read back in bits 15..8.
 */
int32_t fw_psram_setup(uint32_t x16, uint32_t csbound, uint32_t refresh)
{
	struct extmem_stm32_clocks clk;
	if (extmem_stm32_clock_init(&clk) != 0)
		return -1;
	REG(X_CR) = 0;
	REG(X_DCR1) = 6u << 24 | 24u << 16 | 4u << 8;
	REG(X_DCR2) = 1u;
	REG(X_DCR3) = (csbound & 0x1Fu) << 16;
	REG(X_DCR4) = refresh;
	REG(X_CR) = CR_FTHRES | CR_EN;
	uint8_t mr = 0;
	if (mr_read(0u, &mr) != 0)
		return -2;
	/* MR0: variable latency, RL 5 (code 2), half drive */
	if (mr_write(0u, (uint8_t)((mr & ~0x3Fu) | 2u << 2 | 1u)) != 0)
		return -3;
	if (mr_read(4u, &mr) != 0)
		return -4;
	/* MR4: WL 5 (code 2, bit-reversed in MR4[7:5]: 010b), refresh and PASR kept */
	if (mr_write(4u, (uint8_t)((mr & 0x1Fu) | 0x40u)) != 0)
		return -5;
	if (mr_read(8u, &mr) != 0)
		return -6;
	mr = (uint8_t)((mr & ~0x40u) | (x16 ? 0x40u : 0u));
	if (mr_write(8u, mr) != 0)
		return -7;
	if (mr_read(8u, &mr) != 0)
		return -8;
	lines = x16 ? 16u : 8u;
	return (int32_t)((uint32_t)mr << 8);
}

/* Memory-mapped mode: linear burst write (WL - 1 dummies, DQS as write mask), linear burst read. */
int32_t fw_psram_map(uint32_t read_dummy)
{
	if (REG(X_CR) >> 28 == 3u) {
		REG(X_CR) |= CR_ABORT;
		if (wait(SR_BUSY, 0) != 0)
			return -1;
		REG(X_FCR) = SR_TCF;
	}
	if (wait(SR_BUSY, 0) != 0)
		return -1;
	REG(X_WCCR) = CCR_CMD | CCR_DMODE(lines) | CCR_DQSE;
	REG(X_WTCR) = WL5_DUMMY;
	REG(X_WIR) = WRITE_LINEAR;
	REG(X_CCR) = CCR_CMD | CCR_DMODE(lines) | CCR_DQSE;
	REG(X_TCR) = read_dummy;
	REG(X_IR) = READ_LINEAR;
	set_fmode(3u);
	return 0;
}

#define BYTES_AT  0x100u
#define HALVES_AT 0x201u /* odd: each halfword store straddles two beats */
#define WORDS_AT  0x302u
#define BLOCK_AT  0x7F0u /* crosses the 2 KiB row at 0x800 */
#define BLOCK_LEN 4096u

/* The patterns the host test checks in the model's array; returns the mismatches read back. */
uint32_t fw_psram_patterns(void)
{
	volatile uint8_t *b = (volatile uint8_t *)(uintptr_t)(WINDOW + BYTES_AT);
	for (uint32_t i = 0; i < 16u; i++)
		b[i] = (uint8_t)(0xA0u + i);
	volatile uint16_t *h = (volatile uint16_t *)(uintptr_t)(WINDOW + HALVES_AT);
	for (uint32_t i = 0; i < 8u; i++)
		h[i] = (uint16_t)(0x1234u + 0x1111u * i);
	volatile uint32_t *w = (volatile uint32_t *)(uintptr_t)(WINDOW + WORDS_AT);
	for (uint32_t i = 0; i < 8u; i++)
		w[i] = 0xC0DE0000u + 0x01010101u * i;
	volatile uint32_t *blk = (volatile uint32_t *)(uintptr_t)(WINDOW + BLOCK_AT);
	for (uint32_t i = 0; i < BLOCK_LEN / 4u; i++)
		blk[i] = i * 0x9E3779B9u;
	uint32_t bad = 0;
	for (uint32_t i = 0; i < 16u; i++)
		bad += b[i] != (uint8_t)(0xA0u + i);
	for (uint32_t i = 0; i < 8u; i++)
		bad += h[i] != (uint16_t)(0x1234u + 0x1111u * i);
	for (uint32_t i = 0; i < 8u; i++)
		bad += w[i] != 0xC0DE0000u + 0x01010101u * i;
	for (uint32_t i = 0; i < BLOCK_LEN / 4u; i++)
		bad += blk[i] != i * 0x9E3779B9u;
	return bad;
}

/* Copies words from the window at off into RAM (the test reads them there). */
void fw_psram_copy(uint32_t off, uint32_t *dst, uint32_t words)
{
	const volatile uint32_t *src = (const volatile uint32_t *)(uintptr_t)(WINDOW + off);
	for (uint32_t i = 0; i < words; i++)
		dst[i] = src[i];
}

/* One indirect linear read of len bytes at off (mapped mode left first). */
int32_t fw_psram_indirect_read(uint32_t off, uint8_t *dst, uint32_t len)
{
	if (REG(X_CR) >> 28 == 3u) {
		REG(X_CR) |= CR_ABORT;
		if (wait(SR_BUSY, 0) != 0)
			return -1;
	}
	REG(X_FCR) = SR_TCF;
	set_fmode(1u);
	REG(X_DLR) = len - 1u;
	REG(X_TCR) = RL5_DUMMY;
	REG(X_CCR) = CCR_CMD | CCR_DMODE(lines) | CCR_DQSE;
	REG(X_IR) = READ_LINEAR;
	REG(X_AR) = off;
	uint32_t i = 0;
	for (uint32_t spins = 0; i < len && spins < 1000000u; spins++) {
		if ((REG(X_SR) >> 8 & 0x7Fu) == 0)
			continue;
		dst[i++] = *(volatile uint8_t *)(uintptr_t)X_DR;
	}
	if (i != len || wait(SR_BUSY, 0) != 0)
		return -2;
	REG(X_FCR) = SR_TCF;
	return 0;
}

/* ---- the same part through our port (ports/stm32h7rs/xspi.c) ---- */

static struct extmem_stm32_xspi port;

static struct extmem_xspi_op psram_op(uint8_t opcode, uint32_t wire, uint8_t data_lines, enum extmem_xspi_dir dir,
				      void *buf, uint32_t len, uint8_t dummy, bool dqs)
{
	struct extmem_xspi_op op = {0};
	op.cmd.bus.lines = 8;
	op.cmd.nbytes = 1;
	op.cmd.opcode = opcode;
	op.addr.bus.lines = 8;
	op.addr.bus.dtr = true;
	op.addr.nbytes = 4;
	op.addr.value = wire;
	op.dummy_cycles = dummy;
	op.data.bus.lines = data_lines;
	op.data.bus.dtr = true;
	op.data.dir = dir;
	op.data.len = len;
	op.data.buf.in = buf;
	op.dqs = dqs;
	return op;
}

int32_t fw_psram_port(void);

/*
 * x16 through the port: AP Memory 16-bit type, 2 KiB chip-select boundary,
 * CS# low at most 2 us (200 clocks at 100 MHz); MR8 to x16, 64 bytes written
 * indirectly at byte 0x2100 (wire address 0x2080: row 4, word column 0x80),
 * then mapped mode with read and write templates: bytes stored at 0x3001 and
 * the indirect bytes read back through the window. Returns the mismatches,
 * or -(step) of the failing step.
 */
int32_t fw_psram_port(void)
{
	struct extmem_stm32_clocks clk;
	if (extmem_stm32_clock_init(&clk) != 0)
		return -1;
	if (extmem_stm32_xspi_init(&port, EXTMEM_STM32_XSPI1, clk.xspi_kernel_hz, clk.cpu_hz, 25) != 0)
		return -2;
	const struct extmem_xspi_ops *ops = &extmem_stm32_xspi_ops;
	uint32_t hz = 0;
	if (ops->set_clock(&port, 100000000u, &hz) != 0 || hz != 100000000u)
		return -3;
	if (extmem_stm32_xspi_set_apmem16(&port, true) != 0 || extmem_stm32_xspi_set_cs_limits(&port, 2048u, 200u) != 0)
		return -4;
	uint8_t mr8[2] = {0x40, 0x40};
	struct extmem_xspi_op op = psram_op(MR_WRITE, 8u, 8, EXTMEM_XSPI_DATA_OUT, mr8, 2, 0, false);
	if (ops->execute(&port, &op) != 0)
		return -5;
	uint8_t data[64];
	for (uint32_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0x3Cu + 5u * i);
	op = psram_op(WRITE_LINEAR, 0x2080u, 16, EXTMEM_XSPI_DATA_OUT, data, sizeof(data), WL5_DUMMY, true);
	if (ops->execute(&port, &op) != 0)
		return -6;
	struct extmem_xspi_op rd = psram_op(READ_LINEAR, 0, 16, EXTMEM_XSPI_DATA_IN, NULL, 0, RL5_DUMMY, true);
	struct extmem_xspi_op wr = psram_op(WRITE_LINEAR, 0, 16, EXTMEM_XSPI_DATA_OUT, NULL, 0, WL5_DUMMY, true);
	if (ops->map_enable(&port, &rd, &wr) != 0)
		return -7;
	volatile uint8_t *b = (volatile uint8_t *)(uintptr_t)(WINDOW + 0x3001u);
	for (uint32_t i = 0; i < 7u; i++)
		b[i] = (uint8_t)(0x61u + i);
	int32_t bad = 0;
	const volatile uint8_t *back = (const volatile uint8_t *)(uintptr_t)(WINDOW + 0x2100u);
	for (uint32_t i = 0; i < sizeof(data); i++)
		bad += back[i] != data[i];
	if (ops->map_disable(&port) != 0)
		return -8;
	return bad;
}
