/* SPDX-License-Identifier: MIT */
/*
 * AP Memory APS256XXN-OBR (STM32H7S78-DK XSPI1). Facts and their sources are
 * listed in docs/psram-and-trace.md: commands 20h/A0h linear read/write,
 * 40h/C0h register read/write, FFh reset; 8S command, 4-byte 8D address,
 * 8D/16D data with DQS/DM; MR0[5] fixed latency, MR0[4:2] RL - 3, MR4[7:5]
 * WL code (bit-reversed), MR8[6] x16; register reads wait RL once; 2 KiB
 * rows; tCEM 4 us (standard temperature); 200 MHz.
 */
#include "extmem/psram.h"

#define MHZ(x) ((uint32_t)(x)*1000000u)

/*
 * Fixed latency as ST's DK BSP uses it (the XSPI counts cycles): reads wait
 * 2 x RL, so dummy = 2 RL - 1; writes WL - 1; registers RL - 1. The clock
 * limit of each code is the AP Memory octal family table.
 */
#define APS_LATENCY(hz, rl, wlc)                                                                                       \
	{                                                                                                              \
		.max_hz = (hz), .read_dummy = 2u * (rl)-1u, .write_dummy = (rl)-1u, .reg_read_dummy = (rl)-1u,         \
		.reg_count = 2,                                                                                        \
		.regs = {{.addr = 0, .mask = 0x3C, .value = (uint8_t)(0x20u | (((rl)-3u) << 2))},                      \
			 {.addr = 4, .mask = 0xE0, .value = (wlc)}},                                                   \
	}

const struct extmem_psram_part extmem_psram_aps256xxn = {
	.name = "APS256XXN-OBR",
	.size = 0x2000000u,
	.max_hz = MHZ(200),
	.init_hz = MHZ(50),
	.row_bytes = 2048u,
	.max_cs_low_ns = 4000u,
	.cmd_lines = 8,
	.cmd_dtr = false,
	.addr_bytes = 4,
	.addr_lines = 8,
	.addr_dtr = true,
	.data_dtr = true,
	.dqs = true,
	.variable_latency = false,
	.read_opcode = 0x20,
	.write_opcode = 0xA0,
	.reg_read_opcode = 0x40,
	.reg_write_opcode = 0xC0,
	.reg_bytes = 2,
	.reset_opcode = 0xFF,
	.reset_us = 2,
	.reset_reg_read_dummy = 4, /* RL 5 at power-up */
	.id_reg = 1,
	.id_mask = 0x1F,
	.id_value = 0x0D, /* MR1 vendor: AP Memory */
	.init_count = 1,
	.init = {{.addr = 0, .mask = 0x03, .value = 0x01}}, /* half drive strength, as ST's BSP */
	.x16_capable = true,
	.x16_enable = {.addr = 8, .mask = 0x40, .value = 0x40},
	.x16_addr_map = EXTMEM_XSPI_ADDR_APMEM_X16,
	.latency_count = 5,
	.latencies =
		{
			/* MR4 WLC codes 3..7: 00h, 80h, 40h, C0h, 20h */
			APS_LATENCY(MHZ(66), 3u, 0x00),
			APS_LATENCY(MHZ(109), 4u, 0x80),
			APS_LATENCY(MHZ(133), 5u, 0x40),
			APS_LATENCY(MHZ(166), 6u, 0xC0),
			APS_LATENCY(MHZ(200), 7u, 0x20),
		},
};
