/* SPDX-License-Identifier: MIT */
/*
 * Emulator speed: emulated instructions per second and virtual vs wall time
 * for compute loops in real arm-none-eabi firmware (the same machine the
 * tests and `extmem run` use). Prints a table; asserts nothing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem_emu/machine.h"
#include "extmem_sim/ram_device.h"

struct row {
	const char *fn;
	uint32_t args[2];
	const char *what;
};

#define XIP_OFFSET 0x1000u

static int run(bool fast)
{
	static uint8_t array[1u << 20];
	struct extmem_sim_clock clock = {0};
	struct extmem_sim_ram_device ram;
	extmem_sim_ram_device_init(&ram, &clock, array, sizeof(array));
	struct extmem_emu *emu = NULL;
	struct extmem_emu_config cfg = {.clock = &clock, .port2 = &ram.base, .fast_xip = fast};
	if (extmem_emu_create(&emu, &cfg) != 0)
		return 1;
	char err[256];
	if (extmem_emu_load_elf(emu, BENCH_FW, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench_emu: %s\n", err);
		return 1;
	}
	static struct row rows[] = {
		{"bench_crc", {200000, 0}, "CRC-32 bit loop, 64 MHz HSI"},
		{"bench_float", {1000000, 0}, "VFP multiply-add loop, 64 MHz HSI"},
		{"bench_clock", {0, 0}, "clock setup to 600 MHz (RCC/PWR/FLASH/SBS)"},
		{"bench_crc", {1000000, 0}, "CRC-32 bit loop, 600 MHz"},
		{"bench_float", {2000000, 0}, "VFP multiply-add loop, 600 MHz"},
		{"bench_dwt", {500000, 0}, "DWT CYCCNT read per iteration (MMIO), 600 MHz"},
		{"bench_ticks", {10000, 0}, "SysTick exception every 1000 cycles, 600 MHz"},
		{"bench_mem", {1000000, 0}, "SRAM loads/stores, MPU off, 600 MHz"},
		{"bench_mem", {1000000, 1}, "the same, MPU on: the DK Boot's background"},
		{"bench_mem", {1000000, 2}, "the same, a 256 B region cutting the page"},
		{"bench_xip", {XIP_OFFSET, 1000000}, "CRC-32 loop in place from XSPI2, caches off"},
		{"bench_caches", {1, 0}, "I/D-cache on (set/way invalidate, MMIO)"},
		{"bench_xip", {XIP_OFFSET, 1000000}, "CRC-32 loop in place from XSPI2, caches on"},
	};
	/* bench_crc's code, copied into the device for the XIP row (same word alignment) */
	uint32_t crc = 0;
	if (extmem_emu_symbol(emu, "bench_crc", &crc) != 0 ||
	    extmem_emu_read_mem(emu, crc & ~3u, array + XIP_OFFSET, 128) != 0)
		return 1;
	rows[sizeof(rows) / sizeof(rows[0]) - 1].args[0] = XIP_OFFSET + (crc & 2u);
	rows[sizeof(rows) / sizeof(rows[0]) - 3].args[0] = XIP_OFFSET + (crc & 2u);
	printf("bench_emu: one instruction = one CPU cycle; %s\n\n",
	       fast ? "fast_xip: no hook on code in XSPI windows"
		    : "code in XSPI windows hooked per instruction (exact hazard PCs)");
	printf("| %-46s | %12s | %8s | %14s | %12s | %10s |\n", "loop", "instructions", "MIPS", "virtual time",
	       "wall time", "virt/wall");
	printf("|%.*s|\n", 120,
	       "------------------------------------------------------------------------------------"
	       "--------------------------------------------");
	struct extmem_emu_stats before, after;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint32_t fn = 0;
		if (extmem_emu_symbol(emu, rows[i].fn, &fn) != 0)
			return 1;
		extmem_emu_get_stats(emu, &before);
		uint32_t r0 = 0;
		enum extmem_emu_stop_reason why = extmem_emu_call(emu, fn, rows[i].args, 2, 0, NULL, &r0);
		if (why != EXTMEM_EMU_STOP_RETURNED) {
			fprintf(stderr, "bench_emu: %s stopped: %s\n", rows[i].fn, extmem_emu_last_stop(emu)->message);
			return 1;
		}
		extmem_emu_get_stats(emu, &after);
		uint64_t n = after.insns - before.insns;
		double wall = (double)(after.wall_ns - before.wall_ns) / 1e9;
		double virt = (double)(after.virtual_ps - before.virtual_ps) / 1e12;
		printf("| %-46s | %12llu | %8.1f | %11.3f ms | %9.3f ms | %10.3f |\n", rows[i].what,
		       (unsigned long long)n, wall > 0 ? (double)n / wall / 1e6 : 0.0, virt * 1e3, wall * 1e3,
		       wall > 0 ? virt / wall : 0.0);
	}
	printf("\n");
	extmem_emu_print_stats(emu, stdout);
	extmem_emu_destroy(emu);
	return 0;
}

int main(void)
{
	if (run(false) != 0)
		return 1;
	printf("\n");
	return run(true);
}
