/* SPDX-License-Identifier: MIT */
/*
 * SD card driver bench: 8 MiB written and read back through the manager and
 * the SD driver on the host SD port and an SDHC card model (25 MHz default
 * speed, 1 and 4 data lines), in virtual device time, against the card
 * model's bound (extmem_sim_sd_bound_ps: the same blocks in one multi-block
 * transfer with no command overhead). Prints a table; asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem/sdcard.h"
#include "extmem_sim/sdcard.h"
#include "host_sd.h"

#define TOTAL    (8u * 1024u * 1024u)
#define CAPACITY (16u * 1024u * 1024u)

int main(void)
{
	uint8_t *array = calloc(1, CAPACITY);
	uint8_t *out = malloc(TOTAL), *in = malloc(TOTAL);
	if (array == NULL || out == NULL || in == NULL)
		return 1;
	for (uint32_t i = 0; i < TOTAL; i++)
		out[i] = (uint8_t)(i * 7u + 1u);
	printf("SD driver, SDHC card model, 8 MiB through extmem_write/extmem_read at the default-speed clock\n\n");
	printf("| lines | op    | commands | device time | MB/s  | card bound | driver/bound | ok |\n");
	printf("|-------|-------|----------|-------------|-------|------------|--------------|----|\n");
	for (int width = 1; width <= 4; width += 3) {
		struct extmem_sim_clock clk = {0};
		struct extmem_sim_sd card;
		extmem_sim_sd_init(&card, &clk, EXTMEM_SIM_SD_SDHC, array, CAPACITY);
		struct extmem_host_sd port;
		extmem_host_sd_init(&port, &card, 200000000u);
		struct extmem_sdcard_config cfg = {.link = {.ops = &extmem_host_sd_ops,
							    .ctx = &port,
							    .bus_width = (uint8_t)width,
							    .max_hz = 50000000u}};
		struct extmem_sdcard_data data;
		struct extmem_memory mem = {
			.kind = EXTMEM_KIND_SDCARD, .driver = &extmem_sdcard_driver, .config = &cfg, .data = &data};
		struct extmem em;
		if (extmem_setup(&em, &mem, 1) != EXTMEM_OK || extmem_init(&em, 0) != EXTMEM_OK) {
			printf("init failed\n");
			return 1;
		}
		for (int w = 1; w >= 0; w--) {
			uint32_t c0 = port.commands;
			uint64_t t0 = clk.now_ps;
			int err = w ? extmem_write(&em, 0, 0, out, TOTAL) : extmem_read(&em, 0, 0, in, TOTAL);
			uint64_t dev = clk.now_ps - t0;
			uint64_t bound = extmem_sim_sd_bound_ps(w != 0, TOTAL / 512u, data.clock_hz, data.bus_width);
			bool ok = err == EXTMEM_OK && card.violations == 0 && (w || memcmp(in, out, TOTAL) == 0);
			printf("| %5d | %-5s | %8u | %8.1f ms | %5.2f | %7.1f ms | %12.4f | %-2s |\n", width,
			       w ? "write" : "read", (unsigned)(port.commands - c0), (double)dev / 1e9,
			       TOTAL / ((double)dev * 1e-12) / 1e6, (double)bound / 1e9, (double)dev / (double)bound,
			       ok ? "ok" : "NO");
		}
	}
	printf("\nMB/s = 1e6 bytes/s of device time. Writes are dominated by the model's programming busy\n"
	       "(EXTMEM_SIM_SD_WRITE_BUSY_PS per block, a model choice, not a specification value).\n");
	free(array);
	free(out);
	free(in);
	return 0;
}
