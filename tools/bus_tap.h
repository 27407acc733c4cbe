/* SPDX-License-Identifier: MIT */
/*
 * A bus tap for the tool's commands: sits between whoever drives an xSPI bus
 * (the host port, the emulator's XSPI) and a device model, and writes the
 * operations that start inside a virtual-time window as trace lines
 * (extmem_sim/trace.h) and/or VCD signals (extmem_sim/vcd.h), so a long run
 * does not write gigabytes.
 */
#ifndef EXTMEM_TOOL_BUS_TAP_H
#define EXTMEM_TOOL_BUS_TAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "extmem_sim/device.h"
#include "extmem_sim/vcd.h"

struct extmem_tool_tap {
	struct extmem_sim_device base; /* first: the driver sees a plain device */
	struct extmem_sim_device *inner;
	FILE *text;     /* one line per op, or NULL */
	FILE *vcd_file; /* the VCD's file, or NULL */
	struct extmem_sim_vcd vcd;
	uint64_t from_ps, to_ps; /* ops starting in [from, to) are written */
	uint64_t traced;         /* ops written */
	uint64_t ops;            /* every op through the tap */
	/* the options messages name: NULL gives --trace and --vcd (extmem run writes its VCD for --trace) */
	const char *text_opt, *vcd_opt;
};

/* Puts t in front of inner; nothing is written until extmem_tool_tap_open. */
void extmem_tool_tap_init(struct extmem_tool_tap *t, struct extmem_sim_device *inner);

/*
 * Opens the outputs: a text trace (NULL: none, "-": stdout) and a VCD (NULL:
 * none) with io_lines IO signals (8 or 16). Returns 0, or -1 after printing
 * "WHO: --OPT: cannot write FILE: reason" on stderr.
 */
int extmem_tool_tap_open(struct extmem_tool_tap *t, const char *who, const char *text_path, const char *vcd_path,
			 uint8_t io_lines);

/* Finishes and closes both files. Returns 0, or -1 after a message when a file was not written completely. */
int extmem_tool_tap_close(struct extmem_tool_tap *t, const char *who, const char *text_path, const char *vcd_path);

#endif
