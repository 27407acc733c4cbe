/* SPDX-License-Identifier: MIT */
/*
 * extmem simulator: the bus transaction trace.
 *
 * Attach a struct extmem_sim_trace to a device (dev->trace) and every op that
 * goes through extmem_sim_bus_transfer becomes one line, written to a FILE*
 * and/or handed to a callback, and optionally drawn into a VCD (vcd.h).
 *
 * Line format (fields separated by one space, no trailing space):
 *
 *   t=<start, us with 6 decimals>us <device> <proto> op=<opcode> addr=<addr>
 *   [alt=<hex>] dummy=<n> <dir> len=<n> data=<hex> dur=<ns>ns <result>
 *
 *   proto   cmd-addr-data phases as lines + S (STR) or D (DTR), "0" when the
 *           phase is absent, JESD251 style: 1S-1S-1S, 8D-8D-8D, 8S-8D-8D.
 *           An alternate-byte phase adds a fourth field (1S-1S-1S-1S).
 *   opcode  2 hex digits, 4 for a two-byte opcode.
 *   addr    0x + 2 hex digits per address byte, or "-" without address.
 *           With alternate bytes, " alt=0x.." (2 digits per byte) follows.
 *   dir     "rd", "wr" or "--" (no data phase).
 *   data    the first data_bytes bytes in hex, ".." appended when cut; "-"
 *           without data. Read data is what the host received.
 *   dur     wire time of the op at the bus clock, in ns (3 decimals).
 *   result  "ok", "VIOLATION(<n>): <last violation message>" when the device
 *           recorded n new violations, or "ERR <status name>" when the bus
 *           refused the op (bad descriptor, zero clock).
 *
 * Example:
 *   t=0.000000us psram 8S-8D-8D op=20 addr=0x00000100 dummy=13 rd len=16
 *   data=000102030405060708090a0b0c0d0e0f dur=120.000ns ok   (one line)
 */
#ifndef EXTMEM_SIM_TRACE_H
#define EXTMEM_SIM_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "extmem_sim/device.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EXTMEM_SIM_TRACE_DATA_BYTES 16u /* default number of data bytes shown */
#define EXTMEM_SIM_TRACE_LINE_MAX   512u

struct extmem_sim_vcd; /* extmem_sim/vcd.h */

/* Receives each line without its newline. */
typedef void (*extmem_sim_trace_fn)(void *ctx, const char *line);

struct extmem_sim_trace {
	FILE *out;                  /* optional: lines are written here with '\n' */
	extmem_sim_trace_fn fn;     /* optional callback */
	void *ctx;                  /* callback context */
	struct extmem_sim_vcd *vcd; /* optional: draw every op into this VCD */
	uint32_t data_bytes;        /* data bytes shown per line (0: none) */
	uint64_t ops;               /* ops traced so far */
};

/* Sets up a trace to a FILE* and/or a callback (either may be NULL). */
void extmem_sim_trace_init(struct extmem_sim_trace *trace, FILE *out, extmem_sim_trace_fn fn, void *ctx);

/* Writes the JESD251-style protocol name of op ("8D-8D-8D") into buf. */
void extmem_sim_trace_protocol(const struct extmem_xspi_op *op, char *buf, size_t size);

/*
 * Formats the line for one op into buf (always NUL-terminated) and returns
 * its length. op may be NULL (a refused op). new_violations is how many
 * violations the device recorded during the op.
 */
size_t extmem_sim_trace_format(char *buf, size_t size, const struct extmem_sim_device *dev,
			       const struct extmem_xspi_op *op, uint32_t bus_hz, uint64_t start_ps, int result,
			       uint32_t new_violations, uint32_t data_bytes);

/* Called by extmem_sim_bus_transfer: formats, emits and draws one op. */
void extmem_sim_trace_op(struct extmem_sim_trace *trace, const struct extmem_sim_device *dev,
			 const struct extmem_xspi_op *op, uint32_t bus_hz, uint64_t start_ps, int result,
			 uint32_t new_violations);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SIM_TRACE_H */
