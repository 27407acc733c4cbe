/* SPDX-License-Identifier: MIT */
/*
 * The emulator rig of the port-level emulator tests: a RAM device model on
 * XSPI2 (port 2), a test firmware loaded, and calls into its functions with
 * a 1 s virtual-time bound. EMU_LOG in the environment logs the emulator to
 * stderr.
 */
#ifndef EXTMEM_TEST_EMU_RAM_RIG_H
#define EXTMEM_TEST_EMU_RAM_RIG_H

#include <stdint.h>

#include "extmem_emu/machine.h"
#include "extmem_sim/ram_device.h"

struct emu_ram_rig {
	struct extmem_sim_clock clock;
	struct extmem_sim_ram_device ram;
	uint8_t *array;
	struct extmem_emu *emu;
};

/*
 * The RAM's bytes come from fill(i), or are all FFh when fill is NULL; extra
 * holds further emulator settings (NULL: none; its clock and port 2 are the
 * rig's). No firmware is loaded.
 */
struct emu_ram_rig *emu_ram_rig_new(uint32_t ram_size, uint8_t (*fill)(uint32_t i),
				    const struct extmem_emu_config *extra);
/* Loads elf; a load error fails the test with the loader's message. */
void emu_ram_rig_load(struct emu_ram_rig *r, const char *elf);
/* emu_ram_rig_new with no extra settings, then emu_ram_rig_load(elf). */
struct emu_ram_rig *emu_ram_rig_create(uint32_t ram_size, uint8_t (*fill)(uint32_t i), const char *elf);
void emu_ram_rig_destroy(struct emu_ram_rig *r);
/* The address of a firmware symbol; an unknown one fails the test. */
uint32_t emu_ram_rig_symbol(struct emu_ram_rig *r, const char *name);
/* fn(args[0..n)) with a 1 s virtual-time bound: why it stopped, and its r0 in *r0 (may be NULL). */
enum extmem_emu_stop_reason emu_ram_rig_run(struct emu_ram_rig *r, const char *fn, const uint32_t *args, unsigned n,
					    uint32_t *r0);
/* Fails the test, naming the stop and its message, unless why is "returned". */
void emu_ram_rig_expect_returned(struct emu_ram_rig *r, const char *fn, enum extmem_emu_stop_reason why);
/* emu_ram_rig_run, and the call must return. */
void emu_ram_rig_run_ok(struct emu_ram_rig *r, const char *fn, const uint32_t *args, unsigned n, uint32_t *r0);
/* fn(arg), which must return: its r0. */
uint32_t emu_ram_rig_call(struct emu_ram_rig *r, const char *fn, uint32_t arg);

#endif
