/* SPDX-License-Identifier: MIT */
/* A small VCD reader for the tests: replays a file and samples the bus at clock edges. */
#ifndef VCD_READER_H
#define VCD_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VCD_READER_SIGNALS 32
#define VCD_READER_EDGES   4096

struct vcd_edge {
	uint64_t t;      /* time of the CLK edge, file units */
	bool rising;     /* CLK went 0 -> 1 */
	uint32_t io;     /* IO0..IO15 just before the edge's timestamp changes after it */
	uint8_t cs, dqs; /* CS# and DQS at the edge */
};

struct vcd_reader {
	char timescale[16];
	unsigned nsignals;
	char names[VCD_READER_SIGNALS][16];
	char ids[VCD_READER_SIGNALS];
	bool header_ok;                       /* $enddefinitions seen */
	uint32_t changes[VCD_READER_SIGNALS]; /* value changes after $dumpvars */
	unsigned nedges;
	struct vcd_edge edges[VCD_READER_EDGES]; /* CLK edges while CS# is low */
	uint64_t last_t;
	bool time_monotonic;
};

/* Parses text (NUL-terminated). Returns 0, or -1 on a malformed file. */
int vcd_reader_parse(struct vcd_reader *r, const char *text);

/* Index of a signal by name, or -1. */
int vcd_reader_signal(const struct vcd_reader *r, const char *name);

#endif
