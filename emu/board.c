/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: the boards around the STM32H7S7/H7S3 (user LEDs, the UART
 * wired to the ST-LINK virtual COM port) and controller warnings.
 *
 * STM32H7S78-DK (UM3289): LD1..LD4 on PO1, PO5, PM2, PM3; UART4 on PD0/PD1
 * to the ST-LINK VCP. NUCLEO-H7S3L8 (UM3276): LD1 green PD10, LD2 yellow
 * PD13, LD3 red PB7; USART3 on PD8/PD9 to the ST-LINK VCP. Both: 24 MHz HSE.
 */
#include <stdarg.h>
#include <string.h>

#include "internal.h"

/* emu->uart[] order: USART1, USART2, USART3, UART4, UART5, UART7, UART8 */
#define UART_INDEX_USART3 2u
#define UART_INDEX_UART4  3u

struct board {
	const char *name;
	unsigned leds;
	uint8_t port[EXTMEM_EMU_LEDS], pin[EXTMEM_EMU_LEDS];
	const char *led_names[EXTMEM_EMU_LEDS];
	unsigned console;
};

static const struct board boards[] = {
	[EXTMEM_EMU_BOARD_STM32H7S78_DK] = {"stm32h7s78-dk",
					    4,
					    {14, 14, 12, 12},
					    {1, 5, 2, 3},
					    {"LD1 (PO1)", "LD2 (PO5)", "LD3 (PM2)", "LD4 (PM3)"},
					    UART_INDEX_UART4},
	[EXTMEM_EMU_BOARD_NUCLEO_H7S3L8] = {"nucleo-h7s3l8",
					    3,
					    {3, 3, 1, 0},
					    {10, 13, 7, 0},
					    {"LD1 (PD10)", "LD2 (PD13)", "LD3 (PB7)", "?"},
					    UART_INDEX_USART3},
};

static const struct board *board_of(const struct extmem_emu *emu)
{
	unsigned b = (unsigned)emu->cfg.board;
	return b < sizeof(boards) / sizeof(boards[0]) ? &boards[b] : &boards[0];
}

const char *extmem_emu_board_name(enum extmem_emu_board board)
{
	unsigned b = (unsigned)board;
	return b < sizeof(boards) / sizeof(boards[0]) ? boards[b].name : NULL;
}

unsigned extmem_emu_board_leds(const struct extmem_emu *emu)
{
	return board_of(emu)->leds;
}

const char *extmem_emu_board_led_name(const struct extmem_emu *emu, unsigned led)
{
	const struct board *b = board_of(emu);
	return led < b->leds ? b->led_names[led] : "?";
}

bool emu_board_led(const struct extmem_emu *emu, unsigned n, unsigned *port, unsigned *pin)
{
	const struct board *b = board_of(emu);
	if (n >= b->leds)
		return false;
	*port = b->port[n];
	*pin = b->pin[n];
	return true;
}

unsigned emu_board_console_uart(const struct extmem_emu *emu)
{
	return board_of(emu)->console;
}

bool emu_warn_ignored(struct extmem_emu *emu, uint32_t addr, unsigned size, bool write, const char *fmt, ...)
{
	char msg[sizeof(emu->warning)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (emu->cfg.strict) {
		emu_stop(emu, EXTMEM_EMU_STOP_INVALID, addr, 0, size, write, "%s (strict)", msg);
		return false;
	}
	memcpy(emu->warning, msg, sizeof(msg));
	emu->warnings++;
	if (emu->cfg.log != NULL)
		fprintf(emu->cfg.log, "emu: warning at PC 0x%08X: %s\n", emu_pc(emu), msg);
	return true;
}

const char *extmem_emu_last_warning(const struct extmem_emu *emu)
{
	return emu->warning;
}
