/* SPDX-License-Identifier: MIT */
/*
 * A VCD from the simulator must be readable by sigrok: write a few ops
 * (1S-1S-1S on the RAM device, 8S-8D-8D on the PSRAM), run sigrok-cli on the
 * file, check it decodes samples with clock transitions, and that its SPI
 * decoder finds the opcode, address and read data of the 1S-1S-1S op.
 * Exits 77 (ctest: skipped) when sigrok-cli is not installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem_sim/psram.h"
#include "extmem_sim/ram_device.h"
#include "extmem_sim/trace.h"
#include "extmem_sim/vcd.h"
#include "test_ops.h"

#define VCD_PATH "test_sim_trace_vcd_sigrok.vcd"
#define SKIP     77

static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
	if (!ok)
		failures++;
}

/* Runs a shell command, returns its exit status and (up to cap bytes of) stdout. */
static int run(const char *cmd, char *out, size_t cap)
{
	FILE *p = popen(cmd, "r");
	if (p == NULL)
		return -1;
	size_t n = fread(out, 1, cap - 1, p);
	out[n] = '\0';
	while (fgetc(p) != EOF) /* drain the rest */
		;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int write_vcd(void)
{
	FILE *f = fopen(VCD_PATH, "w");
	if (f == NULL)
		return -1;
	struct extmem_sim_clock clk = {0};
	struct extmem_sim_vcd vcd;
	struct extmem_sim_trace trace;
	extmem_sim_trace_init(&trace, stdout, NULL, NULL);
	trace.vcd = &vcd;
	/* 1 ns resolution: 1 GHz samples for sigrok, plenty for a 1 MHz SPI clock. */
	if (extmem_sim_vcd_open(&vcd, f, 8, 1000) != EXTMEM_OK)
		return -1;

	static uint8_t ram_array[256];
	for (unsigned i = 0; i < sizeof(ram_array); i++)
		ram_array[i] = (uint8_t)i;
	struct extmem_sim_ram_device ram;
	extmem_sim_ram_device_init(&ram, &clk, ram_array, sizeof(ram_array));
	ram.base.trace = &trace;
	uint8_t buf[16];
	struct extmem_xspi_op op = test_op_read_1s(0x03, 0x5A, buf, 2);
	if (extmem_sim_bus_transfer(&ram.base, &op, 1000000) != EXTMEM_OK)
		return -1;
	extmem_sim_clock_advance(&clk, 5000000); /* 5 us idle between ops */

	static uint8_t ps_array[4096];
	for (unsigned i = 0; i < sizeof(ps_array); i++)
		ps_array[i] = (uint8_t)(0xA0 + i);
	struct extmem_sim_psram ps;
	extmem_sim_psram_init(&ps, &clk, ps_array, sizeof(ps_array));
	ps.base.trace = &trace;
	struct extmem_xspi_op rd = {0};
	rd.cmd.bus = (struct extmem_xspi_phase){8, false};
	rd.cmd.nbytes = 1;
	rd.cmd.opcode = EXTMEM_SIM_PSRAM_CMD_READ_LINEAR;
	rd.addr.bus = (struct extmem_xspi_phase){8, true};
	rd.addr.nbytes = 4;
	rd.dummy_cycles = (uint8_t)extmem_sim_psram_read_dummy(&ps, false);
	rd.data.bus = (struct extmem_xspi_phase){8, true};
	rd.data.dir = EXTMEM_XSPI_DATA_IN;
	rd.data.len = 16;
	rd.data.buf.in = buf;
	rd.dqs = true;
	if (extmem_sim_bus_transfer(&ps.base, &rd, 50000000) != EXTMEM_OK || ps.base.violations != 0)
		return -1;
	if (extmem_sim_vcd_close(&vcd, clk.now_ps + 1000000) != EXTMEM_OK)
		return -1;
	return fclose(f) == 0 ? 0 : -1;
}

int main(void)
{
	static char out[1 << 16];
	if (run("sigrok-cli --version 2>/dev/null", out, sizeof(out)) != 0 || strstr(out, "sigrok-cli") == NULL) {
		printf("skipped: sigrok-cli is not installed (Debian package sigrok-cli)\n");
		return SKIP;
	}
	if (write_vcd() != 0) {
		printf("FAIL: could not write %s\n", VCD_PATH);
		return 1;
	}

	int st = run("sigrok-cli -I vcd -i " VCD_PATH " -O bits 2>&1", out, sizeof(out));
	check(st == 0, "sigrok-cli -O bits exits 0");
	check(strstr(out, "CLK:") != NULL && strstr(out, "CS#:") != NULL && strstr(out, "IO7:") != NULL,
	      "bits output lists CS#, CLK and IO7");
	/* CLK rows with both levels prove transitions were decoded (rows hold 64 samples). */
	int has0 = 0, has1 = 0;
	for (const char *row = strstr(out, "CLK:"); row != NULL; row = strstr(row + 4, "CLK:")) {
		for (const char *c = row + 4; *c != '\0' && *c != '\n'; c++) {
			has0 |= *c == '0';
			has1 |= *c == '1';
		}
	}
	check(has0 && has1, "CLK samples show both levels");

	st = run("sigrok-cli -I vcd -i " VCD_PATH " -O csv 2>&1 | wc -l", out, sizeof(out));
	check(st == 0 && strtol(out, NULL, 10) > 1000, "csv output has sample rows");

	/* SPI decoder on the 1S-1S-1S op: 03h, address 00 00 5A on MOSI, data 5A 5B on MISO. */
	st = run("sigrok-cli -I vcd -i " VCD_PATH " -P 'spi:clk=CLK:mosi=IO0:miso=IO1:cs=CS#' -A spi=mosi-data 2>&1",
		 out, sizeof(out));
	check(st == 0, "sigrok-cli -P spi exits 0");
	check(strncmp(out, "spi-1: 03\nspi-1: 00\nspi-1: 00\nspi-1: 5A\n", 40) == 0,
	      "SPI decoder sees opcode 03 and address 00005A first on MOSI");
	st = run("sigrok-cli -I vcd -i " VCD_PATH " -P 'spi:clk=CLK:mosi=IO0:miso=IO1:cs=CS#' -A spi=miso-data 2>&1",
		 out, sizeof(out));
	check(st == 0 && strstr(out, "spi-1: FF\nspi-1: 5A\nspi-1: 5B\n") != NULL,
	      "SPI decoder sees read data 5A 5B on MISO");

	if (failures == 0)
		remove(VCD_PATH);
	printf("%d failure(s)\n", failures);
	return failures == 0 ? 0 : 1;
}
