/* SPDX-License-Identifier: MIT */
/*
 * SD throughput through SDMMC1 of the emulated STM32H7S78-DK: the SD driver
 * and the manager in firmware (tests/emu/fw/fw_sdmmc.c) on the port's SDMMC
 * host, an SDHC card model in the slot, 4 data lines at the clock the
 * driver reaches (<= 25 MHz from the 200 MHz kernel clock). Virtual time
 * of each extmem_write/extmem_read call against the card model's bound
 * (extmem_sim_sd_bound_ps: the same blocks in one multi-block transfer at
 * that clock, no command overhead). Prints a table; asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem_emu/machine.h"
#include "extmem_sim/sdcard.h"

#define CAPACITY (8u * 1024u * 1024u)
#define RAM_BUF  0x24020000u /* AXI SRAM, clear of the loader image */

static int call(struct extmem_emu *emu, struct extmem_sim_clock *clk, const char *fn, uint32_t a0, uint32_t a1,
		uint32_t a2, uint32_t *r0)
{
	uint32_t addr = 0;
	if (extmem_emu_symbol(emu, fn, &addr) != 0)
		return -1;
	uint32_t args[3] = {a0, a1, a2};
	struct extmem_emu_limits lim = {.max_ps = clk->now_ps + 60000000000000ull};
	return extmem_emu_call(emu, addr, args, 3, 0, &lim, r0) == EXTMEM_EMU_STOP_RETURNED ? 0 : -1;
}

static uint32_t fw_result(struct extmem_emu *emu, unsigned field)
{
	uint32_t addr = 0, v = 0;
	if (extmem_emu_symbol(emu, "fw_sd_result", &addr) == 0)
		(void)extmem_emu_read_mem(emu, addr + 4u * field, &v, 4);
	return v;
}

int main(void)
{
	static const uint32_t sizes[] = {4096u, 65536u, 262144u};
	uint8_t *array = calloc(1, CAPACITY);
	uint8_t *out = malloc(262144u), *in = malloc(262144u);
	if (array == NULL || out == NULL || in == NULL)
		return 1;
	for (uint32_t i = 0; i < 262144u; i++)
		out[i] = (uint8_t)(i * 13u + 5u);
	struct extmem_sim_clock clk = {0};
	struct extmem_sim_sd card;
	extmem_sim_sd_init(&card, &clk, EXTMEM_SIM_SD_SDHC, array, CAPACITY);
	struct extmem_emu_config cfg = {.clock = &clk, .sd = &card};
	struct extmem_emu *emu = NULL;
	char err[256];
	uint32_t r0 = 0;
	if (extmem_emu_create(&emu, &cfg) != 0 || extmem_emu_load_elf(emu, BENCH_FW, err, sizeof(err)) != 0 ||
	    call(emu, &clk, "fw_sd_setup", 0, 0, 0, &r0) != 0 || r0 != 0) {
		printf("SDMMC1 bench: the card did not come up (%d)\n", (int)r0);
		return 1;
	}
	uint32_t hz = fw_result(emu, 2), width = fw_result(emu, 1);
	printf("SD driver through SDMMC1 (emulated STM32H7S78-DK, FIFO by the CPU at 600 MHz), SDHC card model,\n"
	       "%u data lines at %.3f MHz; virtual time per call\n\n",
	       (unsigned)width, hz / 1e6);
	printf("| op    | bytes  | commands | virtual time | MB/s  | card bound | time/bound | ok |\n");
	printf("|-------|--------|----------|--------------|-------|------------|------------|----|\n");
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint32_t n = sizes[k];
		for (int w = 1; w >= 0; w--) {
			if (w && extmem_emu_write_mem(emu, RAM_BUF, out, n) != 0)
				return 1;
			uint64_t c0 = card.commands, t0 = clk.now_ps;
			int rc = call(emu, &clk, w ? "fw_sd_write" : "fw_sd_read", 4096u, RAM_BUF, n / 512u, &r0);
			uint64_t dev = clk.now_ps - t0;
			uint64_t bound = extmem_sim_sd_bound_ps(w != 0, n / 512u, hz, (uint8_t)width);
			bool ok = rc == 0 && r0 == 0 && card.violations == 0;
			if (w)
				ok = ok && memcmp(array + 4096u * 512u, out, n) == 0;
			else
				ok = ok && extmem_emu_read_mem(emu, RAM_BUF, in, n) == 0 && memcmp(in, out, n) == 0;
			printf("| %-5s | %6u | %8u | %9.3f ms | %5.2f | %7.3f ms | %10.4f | %-2s |\n",
			       w ? "write" : "read", (unsigned)n, (unsigned)(card.commands - c0), (double)dev / 1e9,
			       n / ((double)dev * 1e-12) / 1e6, (double)bound / 1e9, (double)dev / (double)bound,
			       ok ? "ok" : "NO");
		}
	}
	printf("\ntime/bound above 1: the commands around each transfer (CMD18/25, CMD12, CMD13) and the\n"
	       "firmware's own cycles. Writes carry the model's programming busy per block (a model choice).\n");
	extmem_emu_destroy(emu);
	free(array);
	free(out);
	free(in);
	return 0;
}
