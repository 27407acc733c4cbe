/* SPDX-License-Identifier: MIT */
/*
 * extmem simulator: VCD export of the xSPI bus signals.
 *
 * Draws every op the bus carries (attach the writer to a trace, trace.h) as
 * CS#, CLK, DQS and IO0..IO7 (IO0..IO15 for a 16-line bus) with the real
 * timing of the virtual clock. One bus cycle is four quarter periods:
 *
 *   q0  STR beat put on the lines (host shifts on the falling edge, mode 0)
 *   q1  DTR even beat put on the lines; DQS rises on DTR reads
 *   q2  CLK rises (STR and DTR even beats are sampled here)
 *   q3  DTR odd beat put on the lines; DQS falls on DTR reads
 *   q4  CLK falls (DTR odd beats sampled) = q0 of the next cycle
 *
 * so every beat is centred on the edge that samples it. Bit placement: with
 * 1 line the host drives IO0 and the device answers on IO1 (classic SPI
 * MOSI/MISO); with 2, 4 or 8 lines a beat carries the next bits of the byte
 * stream MSB first, highest bit on the highest line; with 16 lines a beat
 * carries two bytes, the first on IO7..IO0 and the second on IO15..IO8.
 * Idle and released lines read 1 (pull-ups), DQS idles at 0. Only 0/1 values
 * are written so that every VCD reader accepts the file.
 *
 * Open the file with `gtkwave FILE` or `sigrok-cli -I vcd -i FILE -O bits`.
 */
#ifndef EXTMEM_SIM_VCD_H
#define EXTMEM_SIM_VCD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "extmem/extmem_xspi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a value change happened; the writer counts changes per phase. */
enum extmem_sim_vcd_phase {
	EXTMEM_SIM_VCD_CS = 0, /* CS# edges and the return to idle */
	EXTMEM_SIM_VCD_CMD,
	EXTMEM_SIM_VCD_ADDR,
	EXTMEM_SIM_VCD_ALT,
	EXTMEM_SIM_VCD_DUMMY,
	EXTMEM_SIM_VCD_DATA,
	EXTMEM_SIM_VCD_PHASES
};

/* Signal order in the file (and in struct extmem_sim_vcd.value). */
enum {
	EXTMEM_SIM_VCD_SIG_CS = 0,
	EXTMEM_SIM_VCD_SIG_CLK = 1,
	EXTMEM_SIM_VCD_SIG_DQS = 2,
	EXTMEM_SIM_VCD_SIG_IO0 = 3,
	EXTMEM_SIM_VCD_SIGNALS = 3 + 16
};

struct extmem_sim_vcd {
	FILE *out;
	uint8_t io_lines;      /* 8 or 16 IO signals declared */
	uint32_t timescale_ps; /* file time unit: 1, 10, 100, 1000 ... ps */
	bool time_written;     /* a "#t" line has been written */
	uint64_t last_t;       /* last "#t" written, in file units */
	uint8_t value[EXTMEM_SIM_VCD_SIGNALS];
	uint64_t changes[EXTMEM_SIM_VCD_PHASES]; /* value changes written, per phase */
	uint64_t ops;                            /* ops drawn */
	uint64_t end_ps;                         /* end of the last op drawn */
};

/*
 * Writes the header ($timescale, $scope, $var for CS#, CLK, DQS, IO0..) and
 * the idle values at time 0. io_lines: 8 or 16. timescale_ps: 1, 10, 100,
 * 1000, 10000, 100000 or 1000000. Returns EXTMEM_OK or EXTMEM_ERR_INVALID.
 */
int extmem_sim_vcd_open(struct extmem_sim_vcd *vcd, FILE *out, uint8_t io_lines, uint32_t timescale_ps);

/* Draws one op that started at start_ps on a bus clocked at bus_hz. */
void extmem_sim_vcd_op(struct extmem_sim_vcd *vcd, const struct extmem_xspi_op *op, uint32_t bus_hz, uint64_t start_ps);

/* Writes a last timestamp (at least end_ps) so viewers show the final edges; flushes. */
int extmem_sim_vcd_close(struct extmem_sim_vcd *vcd, uint64_t end_ps);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SIM_VCD_H */
