/* SPDX-License-Identifier: MIT */
/*
 * The emulator rig of the port-level emulator tests: a RAM device model on
 * XSPI2 (port 2), a test firmware loaded, and calls into its functions with
 * a 1 s virtual-time bound. A call that does not return fails the test.
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

/* The RAM's bytes come from fill(i), or are all FFh when fill is NULL; elf is the firmware to load. */
struct emu_ram_rig *emu_ram_rig_create(uint32_t ram_size, uint8_t (*fill)(uint32_t i), const char *elf);
void emu_ram_rig_destroy(struct emu_ram_rig *r);
/* fn(arg) in the firmware; its r0. */
uint32_t emu_ram_rig_call(struct emu_ram_rig *r, const char *fn, uint32_t arg);

#endif
