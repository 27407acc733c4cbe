/* SPDX-License-Identifier: MIT */
/* The STM32H7S78-DK: what is wired where, for Boot and loader code. */
#ifndef EXTMEM_BOARD_STM32H7S78DK_H
#define EXTMEM_BOARD_STM32H7S78DK_H

#include "extmem_stm32h7rs.h"

/* log2 of the octal NOR's size (128 MiB), for extmem_stm32_xspi_init's DEVSIZE. */
#define EXTMEM_STM32H7S78DK_NOR_SIZE_LOG2 27u

/*
 * The octal NOR (MX66UW1G45G, 128 MiB) on XSPI2: 8 data lines, DTR, data
 * strobe, up to 200 MHz, memory-mapped at 0x70000000. port_ctx: the
 * struct extmem_stm32_xspi of XSPI2.
 */
#define EXTMEM_STM32H7S78DK_NOR_LINK(port_ctx)                                                                         \
	{                                                                                                              \
		.ops = &extmem_stm32_xspi_ops, .ctx = (port_ctx), .data_lines = 8, .dqs_wired = true,                  \
		.dtr_capable = true, .max_hz = 200000000u, .map_base = EXTMEM_STM32_XSPI2_WINDOW,                      \
		.map_size = 128u << 20,                                                                                \
	}

#endif
