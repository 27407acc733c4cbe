/* SPDX-License-Identifier: MIT */
/*
 * What the loader front-ends share on the target: the one loader state, the
 * entry-time setup (interrupts off, bss cleared, FPU on) and the board glue
 * each board provides (examples/BOARD/loader_board.c).
 */
#ifndef EXTMEM_LOADER_TARGET_H
#define EXTMEM_LOADER_TARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "extmem/loader.h"
#include "loader_board.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The loader state: in .bss, cleared by every extmem_loader_target_init. */
extern struct extmem_loader extmem_loader_state;

/*
 * The tools run no C runtime: interrupts off, .bss cleared, FPU enabled,
 * then the board's memory brought up into extmem_loader_state.
 */
int extmem_loader_target_init(bool keep_mapped);

/* Board glue: clocks, the XSPI port, the memory, extmem_loader_start_memory. */
int extmem_loader_board_start(struct extmem_loader *ld, bool keep_mapped);

_Static_assert((uint64_t)EXTMEM_LOADER_BASE + EXTMEM_LOADER_SIZE < ((uint64_t)1 << 32),
	       "the window ends below 4 GiB: an address below it wraps past the size (extmem_loader_offset)");

/* Bus address -> offset in the memory; false when [bus, bus + len) is not inside it. */
static inline bool extmem_loader_offset(uint32_t bus, uint32_t len, uint32_t *off)
{
	/* below the base wraps past the size (the window ends below 4 GiB); the core's in_range has this form */
	uint32_t o = bus - EXTMEM_LOADER_BASE;
	if (o > EXTMEM_LOADER_SIZE || len > EXTMEM_LOADER_SIZE - o)
		return false;
	*off = o;
	return true;
}

#ifdef __cplusplus
}
#endif

#endif
