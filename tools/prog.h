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
	/* for `extmem powercut`: the NOR's array in the caller's memory (NULL: the model's or flash_path) */
	uint8_t *flash_array;
	uint32_t cut_after_op;      /* the NOR loses power right after its op number N (1-based); 0: never */
	struct prog_result *result; /* filled when not NULL */
};

struct prog_result {
	uint32_t nor_ops;      /* bus operations the NOR received */
	bool power_cut;        /* the cut happened */
	uint64_t max_call_ps;  /* the longest entry point call, in virtual time */
	const char *format;    /* the loader's format ("STM32CubeProgrammer .stldr", ...); NULL before it is known */
	uint32_t base, sector; /* the device's first address and (first group's) sector size, as the loader says */
};

/* Runs the actions; returns a PROG_EXIT_* status after printing what happened. */
int prog_run(const struct prog *p);

struct prog_action;
struct extmem_args;
/* IMAGE or IMAGE@ADDR into a->path (malloc'd), a->has_addr, a->addr. Returns 0 or -1 after the message. */
int prog_image_arg(const struct extmem_args *args, const char *arg, struct prog_action *a);

#endif
