/* SPDX-License-Identifier: MIT */
/* `extmem prog`: the options (tools/cmd_prog.c) and the session that runs a loader (tools/prog_loader.c). */
#ifndef EXTMEM_TOOL_PROG_H
#define EXTMEM_TOOL_PROG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum {
	PROG_EXIT_OK = 0,
	PROG_EXIT_MISMATCH = 1,
	PROG_EXIT_USAGE = 2,
	PROG_EXIT_FILE = 3,
	PROG_EXIT_LOADER = 4,
	PROG_EXIT_STUCK = 5,
};

enum prog_kind { PROG_ERASE, PROG_MASS_ERASE, PROG_WRITE, PROG_READ, PROG_VERIFY };

struct prog_action {
	enum prog_kind kind;
	bool has_addr;
	uint32_t addr;
	uint64_t len;
	char *path; /* image, or output file of a read */
};

#define PROG_MAX_ACTIONS 16

struct prog {
	const char *loader_path;
	const char *flash_path;
	const char *board;
	const char *trace_path;
	const char *inject;
	uint64_t call_limit_ps;
	bool json, quiet, tty;
	bool force_erase; /* --write erases every sector it touches, blank or not */
	struct prog_action actions[PROG_MAX_ACTIONS];
	unsigned count;
};

/* Runs the actions; returns a PROG_EXIT_* status after printing what happened. */
int prog_run(const struct prog *p);

#endif
