/* SPDX-License-Identifier: MIT */
/*
 * PSRAM model bench: device time to read and write 1 MiB on the
 * APS256XXN-OBR at 200 MHz in x8 and x16 mode (STM32H7S78-DK settings: RL 7
 * fixed, WL 7), in bursts cut to respect tCEM (4 us) and the 2 KiB rows,
 * against the bound bytes / (lines * 2 / 8) / f, with and without the
 * per-burst command + address + latency overhead. Also the host throughput of
 * the model itself. Prints a table; asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extmem_sim/psram.h"

#define TOTAL  0x100000u /* 1 MiB */
#define HZ     200000000u
#define REPEAT 8u

struct result {
	uint64_t device_ps;
	uint32_t bursts;
	uint32_t max_burst;
	uint32_t overhead_cycles; /* per burst */
	double host_s;
	uint32_t violations;
	uint64_t bound_ps; /* extmem_sim_psram_bound_ps, shared with bench/psram */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct result run(bool x16, bool write, bool rbx, uint8_t *buf)
{
	static struct extmem_sim_clock clk;
	static struct extmem_sim_psram ps;
	static uint8_t *array;
	if (array == NULL)
		array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	memset(&clk, 0, sizeof(clk));
	extmem_sim_psram_init(&ps, &clk, array, EXTMEM_SIM_PSRAM_SIZE);
	ps.mr[0] = 0x30; /* RL 7, fixed latency */
	ps.mr[4] = 0x20; /* WL 7 */
	if (x16)
		ps.mr[8] = EXTMEM_SIM_PSRAM_MR8_X16;
	if (rbx)
		ps.mr[8] |= EXTMEM_SIM_PSRAM_MR8_RBX; /* reads may run across rows */

	struct result r = {0};
	unsigned bpc = x16 ? 4u : 2u;
	unsigned dummy = write ? extmem_sim_psram_write_dummy(&ps) : extmem_sim_psram_read_dummy(&ps, false);
	r.overhead_cycles = 1u + 2u + dummy;
	/* Longest burst whose CE# low time stays within tCEM. */
	uint64_t tcem_cycles = EXTMEM_SIM_PSRAM_TCEM_STD_PS * HZ / 1000000000000ull;
	r.max_burst = (uint32_t)((tcem_cycles - r.overhead_cycles) * bpc);

	struct extmem_xspi_op op = {0};
	op.cmd.bus = (struct extmem_xspi_phase){8, false};
	op.cmd.nbytes = 1;
	op.cmd.opcode = write ? EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR : EXTMEM_SIM_PSRAM_CMD_READ_LINEAR;
	op.addr.bus = (struct extmem_xspi_phase){8, true};
	op.addr.nbytes = 4;
	op.dummy_cycles = (uint8_t)dummy;
	op.data.bus = (struct extmem_xspi_phase){x16 ? 16 : 8, true};
	op.data.dir = write ? EXTMEM_XSPI_DATA_OUT : EXTMEM_XSPI_DATA_IN;
	op.dqs = true;

	double t0 = now_s();
	for (unsigned rep = 0; rep < REPEAT; rep++) {
		uint64_t start_ps = clk.now_ps;
		uint32_t bursts = 0;
		for (uint32_t off = 0; off < TOTAL;) {
			uint32_t row_left = EXTMEM_SIM_PSRAM_ROW_BYTES - (off % EXTMEM_SIM_PSRAM_ROW_BYTES);
			uint32_t len = TOTAL - off;
			if (len > r.max_burst)
				len = r.max_burst;
			if (len > row_left && !rbx)
				len = row_left;
			/* x16 wire address: word column in A[9:0], row from A11. */
			op.addr.value = x16 ? ((off / EXTMEM_SIM_PSRAM_ROW_BYTES) << 11) |
							((off % EXTMEM_SIM_PSRAM_ROW_BYTES) / 2u)
					    : off;
			op.data.len = len;
			op.data.buf.in = buf + off;
			extmem_sim_bus_transfer(&ps.base, &op, HZ);
			off += len;
			bursts++;
		}
		r.device_ps = clk.now_ps - start_ps;
		r.bursts = bursts;
	}
	r.host_s = (now_s() - t0) / REPEAT;
	r.bound_ps = extmem_sim_psram_bound_ps(&ps, write, 0, TOTAL, HZ, NULL);
	r.violations = ps.base.violations;
	return r;
}

int main(void)
{
	uint8_t *buf = malloc(TOTAL);
	for (uint32_t i = 0; i < TOTAL; i++)
		buf[i] = (uint8_t)(i * 31u);
	printf("APS256XXN-OBR model, 1 MiB at %u MHz, RL 7 fixed / WL 7, bursts cut at tCEM 4 us and 2 KiB rows\n"
	       "(rdRBX: reads with MR8 RBX set, so bursts may cross rows)\n\n",
	       HZ / 1000000u);
	printf("| mode | op    | burst max | bursts | device time | MB/s dev | bound data-only | bound +overhead | "
	       "model/bound | host MB/s | violations |\n");
	printf("|------|-------|-----------|--------|-------------|----------|-----------------|-----------------|"
	       "-------------|-----------|------------|\n");
	static const struct {
		bool x16, write, rbx;
	} cases[] = {{false, true, false}, {false, false, false}, {false, false, true},
		     {true, true, false},  {true, false, false},  {true, false, true}};
	for (unsigned c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		bool x16 = cases[c].x16, write = cases[c].write;
		struct result r = run(x16, write, cases[c].rbx, buf);
		double f = HZ;
		double lines = x16 ? 16.0 : 8.0;
		double data_s = TOTAL / (lines * 2.0 / 8.0) / f;
		double bound_s = (double)r.bound_ps * 1e-12;
		double dev_s = (double)r.device_ps * 1e-12;
		const char *what = write ? "write" : (cases[c].rbx ? "rdRBX" : "read");
		printf("| x%-3d | %-5s | %7u B | %6u | %8.1f us | %8.1f | %12.1f us | %12.1f us | %11.4f | %9.0f | "
		       "%10u |\n",
		       x16 ? 16 : 8, what, r.max_burst, r.bursts, dev_s * 1e6, TOTAL / dev_s / 1e6, data_s * 1e6,
		       bound_s * 1e6, dev_s / bound_s, TOTAL / r.host_s / 1e6, r.violations);
	}
	printf("\nMB/s = 1e6 bytes/s. Device time excludes CE# high time between bursts (not modelled by the bus).\n");
	free(buf);
	return 0;
}
