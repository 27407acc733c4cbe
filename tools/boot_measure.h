/* SPDX-License-Identifier: MIT */
/*
 * The Boot figures `extmem demo` and bench/boot/bench_boot both report, one
 * way: the image size as arm-none-eabi-size counts it and the virtual time
 * from reset to the application's first instruction.
 */
#ifndef EXTMEM_TOOL_BOOT_MEASURE_H
#define EXTMEM_TOOL_BOOT_MEASURE_H

#include <stdint.h>

#ifndef EXTMEM_NO_EMU
#include "extmem_emu/machine.h"
#include "extmem_sim/device.h"
#endif

/*
 * text + data of `elf` as `size_tool` (arm-none-eabi-size, Berkeley format)
 * prints them; 0 when the tool is not given, cannot run, or prints no
 * numbers, or when a path holds a quote the shell command cannot carry.
 */
unsigned long extmem_tool_boot_size(const char *size_tool, const char *elf);

#ifndef EXTMEM_NO_EMU
/*
 * Runs `emu` (reset, Boot loaded) until it reaches `entry` (the Thumb bit
 * ignored) and returns the virtual time that took on `clock`, in ps; 0 when
 * it stopped anywhere else or ran past limit_ps.
 */
uint64_t extmem_tool_time_to_entry(struct extmem_emu *emu, const struct extmem_sim_clock *clock, uint32_t entry,
				   uint64_t limit_ps);
#endif

#endif
