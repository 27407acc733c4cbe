/* SPDX-License-Identifier: MIT */
/*
 * `extmem prog`'s session state, shared by the loader's set-up and its
 * entry-point calls (tools/prog_loader.c) and the actions run through them
 * (tools/prog_actions.c).
 */
#ifndef EXTMEM_TOOLS_PROG_SESSION_H
#define EXTMEM_TOOLS_PROG_SESSION_H

#ifndef EXTMEM_NO_EMU

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/trace.h"
#include "extmem_sim/vcd.h"
#include "image.h"
#include "prog.h"

#define PT_LOAD   1u
#define RAM_BASE  EXTMEM_EMU_AXI_BASE
#define RAM_END   (EXTMEM_EMU_AXI_BASE + EXTMEM_EMU_AXI_SIZE)
#define BUF_MAX   ((size_t)64u * 1024u)
/*
 * The debugger's window-read routine and the FLM r9 stub, each alone on the
 * last pages of AXI SRAM: the emulator, like the core's caches, pays for a
 * store into a page that holds code it runs, so stacks and data stay off them.
 */
#define COPY_STUB (RAM_END - 0x400u)
#define FLM_STUB  (RAM_END - 0x800u)
#define STACK_TOP (RAM_END - 0x1000u)

enum fmt { FMT_STLDR, FMT_FLM, FMT_IAR };

struct entry_stat {
	const char *name;
	uint64_t ps;
	uint32_t calls;
};

struct session {
	const struct prog *p;
	struct extmem_elf elf;
	enum fmt fmt;
	const char *fmt_name;
	char dev_name[129];
	uint32_t base, size, chunk, sector;
	uint8_t erase_value;
	struct extmem_sim_clock clock;
	const struct extmem_sim_nor_part *part;
	struct extmem_sim_nor *nor;
	struct extmem_emu *emu;
	FILE *trace_file;
	struct extmem_sim_trace trace;
	struct extmem_sim_vcd vcd;
	bool vcd_open;
	uint32_t buf, buf_size, sp;
	uint32_t load_base, sb; /* FLM */
	uint32_t params, brk;   /* IAR */
	bool ready;             /* Init done for the current phase */
	unsigned phase;         /* FLM Init's fnc */
	struct entry_stat stats[16];
	unsigned nstats;
	uint64_t bytes[5]; /* per enum prog_kind */
	uint64_t busy_ps;
	int mismatch;
};

/* Which tool's loader the ELF is, its device description, and the part of the board it programs. */
int prog_identify(struct session *s);
/* The emulated board: the NOR model (from --flash when given), the trace, the emulator. */
int prog_make_board(struct session *s);
/* The loader's segments into RAM, as its tool loads them. */
int prog_load_segments(struct session *s);
/* Calls an entry point the way its tool does: r0 (and r1) read back; non-zero: the run failed (exit status). */
int prog_call(struct session *s, const char *name, const uint32_t *args, unsigned nargs, uint32_t *r0, uint32_t *r1);
/* The message and exit status of an entry point that answered failure. */
int prog_loader_failed(struct session *s, const char *name, uint32_t a0, uint32_t a1, uint32_t code,
		       const char *meaning);
/* Init (FLM: with fnc = phase) unless the current phase already ran it. */
int prog_ensure_init(struct session *s, unsigned phase);

#endif
#endif
