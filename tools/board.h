/* SPDX-License-Identifier: MIT */
/*
 * The emulated boards as the tools set them up (`extmem run`, `extmem
 * powercut`; `extmem prog` takes the same --board): the option, the NOR part
 * on XSPI2, the devices on the XSPIM ports and the emulator with a firmware
 * ELF loaded.
 */
#ifndef EXTMEM_TOOL_BOARD_H
#define EXTMEM_TOOL_BOARD_H

#ifndef EXTMEM_NO_EMU

#include "args.h"
#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/psram.h"

/* --board NAME into *out (the DK when not given). Returns 0, or -1 after "CMD: --board: unknown board ...". */
int extmem_tool_board_arg(const struct extmem_args *a, enum extmem_emu_board *out);

/* The octal NOR on the board's XSPI2: MX66UW1G45G on the DK, MX25UW25645G on the NUCLEO. */
const struct extmem_sim_nor_part *extmem_tool_board_nor_part(enum extmem_emu_board board);

/*
 * The emulator's configuration for the board: the clock, the NOR on XSPIM
 * port 2 and the PSRAM on port 1 (the DK has one; the NUCLEO none). The
 * caller adds logs, consoles and taps.
 */
struct extmem_emu_config extmem_tool_board_config(enum extmem_emu_board board, struct extmem_sim_clock *clock,
						  struct extmem_sim_nor *nor, struct extmem_sim_psram *psram);

/*
 * Creates the emulator from cfg and loads the firmware ELF. Returns
 * EXTMEM_EXIT_OK, or after "WHO: ..." on stderr EXTMEM_EXIT_INTERNAL (no
 * emulator) or EXTMEM_EXIT_USAGE (the ELF). *emu is the caller's to destroy
 * either way (NULL when it could not be created).
 */
int extmem_tool_board_start(struct extmem_emu **emu, const struct extmem_emu_config *cfg, const char *elf,
			    const char *who);

#endif
#endif
