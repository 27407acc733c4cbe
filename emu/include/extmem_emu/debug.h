/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: what a debugger needs from the machine (the GDB server,
 * emu/gdb_server.c, is its user): exact instruction breakpoints, data
 * watchpoints, single step, every core register, and memory access through
 * the machine's own bus path, so a peripheral register reads as a CPU load
 * of it would (side effects included) and an XSPI window shows what the
 * device returns in memory-mapped mode.
 *
 * Stops: a breakpoint is EXTMEM_EMU_STOP_BREAKPOINT (addr = the breakpoint);
 * a finished step, a watchpoint and an interrupt from the debugger are
 * EXTMEM_EMU_STOP_DEBUG with stop.value one of enum extmem_emu_debug_event
 * (watchpoint: addr the data address, write the direction; the PC is the
 * instruction after the access, as a Cortex-M7 DWT halts).
 */
#ifndef EXTMEM_EMU_DEBUG_H
#define EXTMEM_EMU_DEBUG_H

#include <stddef.h>
#include <stdint.h>

#include "extmem_emu/machine.h"

#ifdef __cplusplus
extern "C" {
#endif

enum extmem_emu_debug_event {
	EXTMEM_EMU_DEBUG_STEP = 1,      /* one instruction ran */
	EXTMEM_EMU_DEBUG_WATCH = 2,     /* a watched address was accessed */
	EXTMEM_EMU_DEBUG_INTERRUPT = 3, /* limits.poll asked to stop */
};

/* Register numbers, in the order the GDB target description lists them. */
enum extmem_emu_dreg {
	EXTMEM_EMU_DREG_R0 = 0, /* r0..r12, sp (13), lr (14), pc (15) */
	EXTMEM_EMU_DREG_XPSR = 16,
	EXTMEM_EMU_DREG_D0 = 17, /* d0..d15: 17..32, 64 bits */
	EXTMEM_EMU_DREG_FPSCR = 33,
	EXTMEM_EMU_DREG_MSP,
	EXTMEM_EMU_DREG_PSP,
	EXTMEM_EMU_DREG_PRIMASK,
	EXTMEM_EMU_DREG_BASEPRI,
	EXTMEM_EMU_DREG_FAULTMASK,
	EXTMEM_EMU_DREG_CONTROL,
	EXTMEM_EMU_DREG_COUNT
};

/* Bytes of register n (8 for d0-d15, 4 otherwise, 0 past the end). */
unsigned extmem_emu_dreg_size(unsigned n);
/* Reads register n. Returns 0 or -1 (no such register). */
int extmem_emu_dreg_read(struct extmem_emu *emu, unsigned n, uint64_t *value);
/*
 * Writes register n. xPSR: only the APSR flags (N Z C V Q, GE) change, the
 * exception number and the execution state stay as the machine keeps them.
 * CONTROL is refused (the machine swaps the stack pointers itself).
 * Returns 0 or -1.
 */
int extmem_emu_dreg_write(struct extmem_emu *emu, unsigned n, uint64_t value);

/*
 * Memory as the bus answers a debug access: RAM and internal flash as they
 * are; peripheral and system registers through the machine's register model
 * in aligned 4-, 2- or 1-byte accesses, so a read has what side effects a
 * CPU read has (a FIFO popped, COUNTFLAG cleared) and a register the model
 * does not know fails; an XSPI window in memory-mapped mode shows the device
 * contents read with the configured command (a chunk loaded through the
 * model, untimed), and fails otherwise. No virtual time passes. Returns the
 * number of bytes read before the first that could not be (len when all).
 */
size_t extmem_emu_debug_read(struct extmem_emu *emu, uint32_t addr, void *buf, size_t len);
/*
 * Writes: RAM and internal flash (as a probe's flash loader would; the
 * translated code there is dropped), peripheral and system registers through
 * the register model. XSPI windows are refused (a NOR is programmed with
 * commands, not stores). Returns 0, or -1 with nothing written past the
 * first byte that failed.
 */
int extmem_emu_debug_write(struct extmem_emu *emu, uint32_t addr, const void *buf, size_t len);

#define EXTMEM_EMU_BREAKPOINTS 64
#define EXTMEM_EMU_WATCHPOINTS 4 /* the Cortex-M7 DWT has 4 comparators */

/* An exact instruction breakpoint (any instruction, Thumb bit ignored). Returns 0, or -1 when full. */
int extmem_emu_break_insert(struct extmem_emu *emu, uint32_t addr);
/* Returns 0, or -1 when there is none at addr. */
int extmem_emu_break_remove(struct extmem_emu *emu, uint32_t addr);
bool extmem_emu_break_at(const struct extmem_emu *emu, uint32_t addr);

enum extmem_emu_watch_kind {
	EXTMEM_EMU_WATCH_WRITE = 1,
	EXTMEM_EMU_WATCH_READ = 2,
	EXTMEM_EMU_WATCH_ACCESS = 3,
};
/*
 * Stops after an instruction that accesses [addr, addr + len) as kind says.
 * While one is set, every instruction is hooked (several times slower).
 * Returns 0, or -1 (full, len 0, or the range wraps).
 */
int extmem_emu_watch_insert(struct extmem_emu *emu, uint32_t addr, uint32_t len, enum extmem_emu_watch_kind kind);
int extmem_emu_watch_remove(struct extmem_emu *emu, uint32_t addr, uint32_t len, enum extmem_emu_watch_kind kind);

/*
 * Runs one instruction (an exception taken first runs its handler's first
 * one instead, as on the core), or less if another stop comes first. A
 * breakpoint at the PC does not stop the step. Returns the stop reason:
 * EXTMEM_EMU_STOP_DEBUG with value EXTMEM_EMU_DEBUG_STEP when it ran.
 */
enum extmem_emu_stop_reason extmem_emu_step(struct extmem_emu *emu, const struct extmem_emu_limits *limits);

/* Drops every breakpoint and watchpoint. */
void extmem_emu_debug_clear(struct extmem_emu *emu);

#ifdef __cplusplus
}
#endif

#endif
