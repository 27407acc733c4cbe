/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: the USART/UART blocks of the STM32H7S (RM0477 USART,
 * registers CR1..PRESC). The one the board wires to the ST-LINK virtual COM
 * port (board.c) is connected: what it transmits goes to cfg.uart_out and a
 * capture buffer, it receives from cfg.uart_in. The others transmit into
 * nothing. A frame takes no virtual time: TXE/TXFNF and TC are set again as
 * soon as TDR is written, so polling loops (HAL_UART_Transmit) complete;
 * TEACK/REACK follow TE/RE while UE is set (UART_CheckIdleState).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define RCC_APB1ENR1 0x148u
#define RCC_APB2ENR  0x150u

#define CR1_UE (1u << 0)
#define CR1_RE (1u << 2)
#define CR1_TE (1u << 3)

#define ISR_RXNE  (1u << 5)
#define ISR_TC    (1u << 6)
#define ISR_TXE   (1u << 7)
#define ISR_TEACK (1u << 21)
#define ISR_REACK (1u << 22)
#define ISR_TXFE  (1u << 23)

#define UART_LOG_MAX (64u * 1024u)

static const struct {
	const char *name;
	uint32_t base;
	uint16_t en_off;
	uint8_t en_bit;
} uarts[7] = {
	{"USART1", 0x42001000u, RCC_APB2ENR, 4},   {"USART2", 0x40004400u, RCC_APB1ENR1, 17},
	{"USART3", 0x40004800u, RCC_APB1ENR1, 18}, {"UART4", 0x40004C00u, RCC_APB1ENR1, 19},
	{"UART5", 0x40005000u, RCC_APB1ENR1, 20},  {"UART7", 0x40007800u, RCC_APB1ENR1, 30},
	{"UART8", 0x40007C00u, RCC_APB1ENR1, 31},
};

void emu_uart_reset(struct extmem_emu *emu)
{
	memset(emu->uart, 0, sizeof(emu->uart));
	for (unsigned i = 0; i < 7; i++)
		emu->uart[i].isr = ISR_TXFE | ISR_TXE | ISR_TC; /* RM0477 USART_ISR reset value 0x008000C0 */
}

static int find(uint32_t addr)
{
	for (int i = 0; i < 7; i++)
		if (addr >= uarts[i].base && addr < uarts[i].base + 0x400u)
			return i;
	return -1;
}

static bool clocked(struct extmem_emu *emu, int i, uint32_t addr, unsigned size, bool write)
{
	if ((emu_rcc(emu, uarts[i].en_off) >> uarts[i].en_bit) & 1u)
		return true;
	emu_warn_ignored(emu, addr, size, write,
			 "%s of %s register 0x%08X while its bus clock is off (RCC_%s.%sEN = 0)",
			 write ? "write" : "read", uarts[i].name, addr,
			 uarts[i].en_off == RCC_APB2ENR ? "APB2ENR" : "APB1ENR1", uarts[i].name);
	return false;
}

static bool is_console(const struct extmem_emu *emu, int i)
{
	return (unsigned)i == emu_board_console_uart(emu);
}

static void receive(struct extmem_emu *emu, int i)
{
	struct emu_uart *u = &emu->uart[i];
	if (u->rx_full || !is_console(emu, i) || emu->cfg.uart_in == NULL)
		return;
	if ((u->cr1 & (CR1_UE | CR1_RE)) != (CR1_UE | CR1_RE))
		return;
	int c = fgetc(emu->cfg.uart_in);
	if (c == EOF)
		return; /* the line stays idle */
	u->rdr = (uint32_t)c & 0xFFu;
	u->rx_full = true;
}

static void transmit(struct extmem_emu *emu, int i, uint32_t v)
{
	struct emu_uart *u = &emu->uart[i];
	if ((u->cr1 & (CR1_UE | CR1_TE)) != (CR1_UE | CR1_TE)) {
		emu_warn_ignored(emu, uarts[i].base + 0x28u, 4, true,
				 "write 0x%02X to %s_TDR with the transmitter off (CR1 UE/TE clear): nothing is sent",
				 v & 0xFFu, uarts[i].name);
		return;
	}
	u->tx_bytes++;
	u->isr |= ISR_TC | ISR_TXE;
	if (!is_console(emu, i))
		return;
	uint8_t b = (uint8_t)v;
	if (emu->cfg.uart_out != NULL) {
		fputc(b, emu->cfg.uart_out);
		if (b == '\n')
			fflush(emu->cfg.uart_out);
	}
	if (emu->uart_log_len == emu->uart_log_cap && emu->uart_log_cap < UART_LOG_MAX) {
		size_t cap = emu->uart_log_cap ? emu->uart_log_cap * 2u : 256u;
		uint8_t *p = realloc(emu->uart_log, cap);
		if (p != NULL) {
			emu->uart_log = p;
			emu->uart_log_cap = cap;
		}
	}
	if (emu->uart_log_len < emu->uart_log_cap)
		emu->uart_log[emu->uart_log_len++] = b;
}

const uint8_t *extmem_emu_uart_output(const struct extmem_emu *emu, size_t *len)
{
	*len = emu->uart_log_len;
	return emu->uart_log;
}

static uint32_t isr_value(struct extmem_emu *emu, int i)
{
	struct emu_uart *u = &emu->uart[i];
	receive(emu, i);
	uint32_t v = u->isr & ~(ISR_RXNE | ISR_TEACK | ISR_REACK);
	if (u->rx_full)
		v |= ISR_RXNE;
	if ((u->cr1 & CR1_UE) && (u->cr1 & CR1_TE))
		v |= ISR_TEACK;
	if ((u->cr1 & CR1_UE) && (u->cr1 & CR1_RE))
		v |= ISR_REACK;
	return v;
}

bool emu_uart_read(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t *value)
{
	int i = find(addr);
	if (i < 0)
		return false;
	*value = 0;
	if (!clocked(emu, i, addr, size, false))
		return true;
	struct emu_uart *u = &emu->uart[i];
	uint32_t v;
	switch ((addr - uarts[i].base) & ~3u) {
	case 0x00: v = u->cr1; break;
	case 0x04: v = u->cr2; break;
	case 0x08: v = u->cr3; break;
	case 0x0C: v = u->brr; break;
	case 0x10: v = u->gtpr; break;
	case 0x14: v = u->rtor; break;
	case 0x18: v = 0; break; /* RQR: write-only */
	case 0x1C: v = isr_value(emu, i); break;
	case 0x20: v = 0; break; /* ICR: write-only */
	case 0x24:
		receive(emu, i);
		v = u->rdr;
		u->rx_full = false;
		break;
	case 0x28: v = 0; break; /* TDR reads back what the FIFO last took: not kept */
	case 0x2C: v = u->presc; break;
	default:
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, addr, 0, size, false,
			 "read of %s offset 0x%03X: no register there in RM0477", uarts[i].name, addr - uarts[i].base);
		return true;
	}
	v >>= 8u * (addr & 3u);
	*value = size >= 4 ? v : v & ((1u << (8u * size)) - 1u);
	return true;
}

bool emu_uart_write(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t value)
{
	int i = find(addr);
	if (i < 0)
		return false;
	if (!clocked(emu, i, addr, size, true))
		return true;
	struct emu_uart *u = &emu->uart[i];
	uint32_t off = addr - uarts[i].base;
	if (size < 4 && (off & ~3u) != 0x28u) {
		/* narrow writes merge into the register (TDR takes the byte as it is) */
		uint32_t cur = 0;
		emu_uart_read(emu, addr & ~3u, 4, &cur);
		uint32_t shift = 8u * (addr & 3u);
		uint32_t mask = ((1u << (8u * size)) - 1u) << shift;
		value = (cur & ~mask) | ((value << shift) & mask);
	}
	switch (off & ~3u) {
	case 0x00: u->cr1 = value & 0xFFFFFFEFu; break;
	case 0x04: u->cr2 = value & 0xFFFFFF70u; break;
	case 0x08: u->cr3 = value & 0xFFFFFFFFu; break;
	case 0x0C: u->brr = value & 0xFFFFu; break;
	case 0x10: u->gtpr = value & 0xFFFFu; break;
	case 0x14: u->rtor = value; break;
	case 0x18:
		if (value & (1u << 3)) /* RXFRQ: flush the received data */
			u->rx_full = false;
		break;
	case 0x1C: break; /* ISR: read-only */
	case 0x20:
		u->isr &= ~(value & 0x0012BB5Fu & ~ISR_TXE); /* ICR: clear the flags named (TCCF clears TC) */
		break;
	case 0x24: break; /* RDR: read-only */
	case 0x28: transmit(emu, i, value & 0x1FFu); break;
	case 0x2C: u->presc = value & 0xFu; break;
	default:
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, addr, value, size, true,
			 "write of 0x%08X to %s offset 0x%03X: no register there in RM0477", value, uarts[i].name, off);
	}
	return true;
}
