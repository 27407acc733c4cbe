/* SPDX-License-Identifier: MIT */
/* The emulated boards as the tools set them up (board.h). */
#include "board.h"

#ifndef EXTMEM_NO_EMU

#include <string.h>

#include "commands.h"
#include "extmem_sim/parts.h"

int extmem_tool_board_arg(const struct extmem_args *a, enum extmem_emu_board *out)
{
	const char *board = extmem_args_get(a, "board");
	*out = EXTMEM_EMU_BOARD_STM32H7S78_DK;
	if (board != NULL && strcmp(board, "nucleo-h7s3l8") == 0) {
		*out = EXTMEM_EMU_BOARD_NUCLEO_H7S3L8;
	} else if (board != NULL && strcmp(board, "stm32h7s78-dk") != 0) {
		extmem_args_error(a, "--board: unknown board '%s' (known: stm32h7s78-dk, nucleo-h7s3l8)", board);
		return -1;
	}
	return 0;
}

const struct extmem_sim_nor_part *extmem_tool_board_nor_part(enum extmem_emu_board board)
{
	return board == EXTMEM_EMU_BOARD_NUCLEO_H7S3L8 ? &extmem_sim_part_mx25uw25645g : &extmem_sim_part_mx66uw1g45g;
}

struct extmem_emu_config extmem_tool_board_config(enum extmem_emu_board board, struct extmem_sim_clock *clock,
						  struct extmem_sim_nor *nor, struct extmem_sim_psram *psram)
{
	return (struct extmem_emu_config){.clock = clock,
					  .port1 = board == EXTMEM_EMU_BOARD_NUCLEO_H7S3L8 ? NULL : &psram->base,
					  .port2 = &nor->base,
					  .board = board};
}

int extmem_tool_board_start(struct extmem_emu **emu, const struct extmem_emu_config *cfg, const char *elf,
			    const char *who)
{
	char err[300];
	*emu = NULL;
	if (extmem_emu_create(emu, cfg) != 0) {
		fprintf(stderr, "%s: cannot create the emulator\n", who);
		return EXTMEM_EXIT_INTERNAL;
	}
	if (extmem_emu_load_elf(*emu, elf, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\n", who, err);
		return EXTMEM_EXIT_USAGE;
	}
	return EXTMEM_EXIT_OK;
}

#endif
