/* SPDX-License-Identifier: MIT */
/*
 * PSRAM driver bench: 1 MiB written and read back through the manager and
 * the PSRAM driver (APS256XXN-OBR description) on the host port at 200 MHz,
 * x8 and x16, in virtual device time, against the model bench's bound
 * (extmem_sim_psram_bound_ps: the same bytes in the longest bursts the part
 * allows, with their command, address and latency clocks). Prints a table;
 * asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem/psram.h"
#include "extmem_sim/psram.h"
#include "host_xspi.h"

#define TOTAL 0x100000u /* 1 MiB */
#define HZ    200000000u

int main(void)
{
	uint8_t *array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	uint8_t *out = malloc(TOTAL), *in = malloc(TOTAL);
	if (array == NULL || out == NULL || in == NULL)
		return 1;
	for (uint32_t i = 0; i < TOTAL; i++)
		out[i] = (uint8_t)(i * 31u + 3u);
	printf("PSRAM driver, APS256XXN-OBR description, 1 MiB through extmem_write/extmem_read at %u MHz\n\n",
	       HZ / 1000000u);
	printf("| link | op    | bursts | device time | MB/s   | bound      | bound bursts | driver/bound | ok |\n");
	printf("|------|-------|--------|-------------|--------|------------|--------------|--------------|----|\n");
	for (int x16 = 0; x16 < 2; x16++) {
		struct extmem_sim_clock clk = {0};
		struct extmem_sim_psram ps;
		extmem_sim_psram_init(&ps, &clk, array, EXTMEM_SIM_PSRAM_SIZE);
		struct extmem_host_xspi port;
		extmem_host_xspi_init(&port, &ps.base, HZ);
		struct extmem_psram_config cfg = {.link = {.ops = &extmem_host_xspi_ops,
							   .ctx = &port,
							   .data_lines = x16 ? 16 : 8,
							   .dqs_wired = true,
							   .dtr_capable = true,
							   .max_hz = HZ},
						  .part = &extmem_psram_aps256xxn};
		struct extmem_psram_data data;
		struct extmem_memory mem = {
			.kind = EXTMEM_KIND_PSRAM, .driver = &extmem_psram_driver, .config = &cfg, .data = &data};
		struct extmem em;
		if (extmem_setup(&em, &mem, 1) != EXTMEM_OK || extmem_init(&em, 0) != EXTMEM_OK) {
			printf("init failed\n");
			return 1;
		}
		for (int w = 1; w >= 0; w--) {
			uint32_t ops0 = port.executed;
			uint64_t t0 = clk.now_ps;
			int err = w ? extmem_write(&em, 0, 0, out, TOTAL) : extmem_read(&em, 0, 0, in, TOTAL);
			uint64_t dev = clk.now_ps - t0;
			uint32_t bound_bursts;
			uint64_t bound = extmem_sim_psram_bound_ps(&ps, w != 0, 0, TOTAL, HZ, &bound_bursts);
			bool ok = err == EXTMEM_OK && ps.base.violations == 0 && (w || memcmp(in, out, TOTAL) == 0);
			printf("| x%-3d | %-5s | %6u | %8.1f us | %6.1f | %7.1f us | %12u | %12.4f | %-2s |\n",
			       x16 ? 16 : 8, w ? "write" : "read", (unsigned)(port.executed - ops0), (double)dev / 1e6,
			       TOTAL / ((double)dev * 1e-12) / 1e6, (double)bound / 1e6, (unsigned)bound_bursts,
			       (double)dev / (double)bound, ok ? "ok" : "NO");
		}
	}
	printf("\nMB/s = 1e6 bytes/s of device time. The bound is the model bench's (bench/sim_psram).\n");
	free(array);
	free(out);
	free(in);
	return 0;
}
