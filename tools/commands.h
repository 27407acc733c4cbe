/* SPDX-License-Identifier: MIT */
/* Subcommands of the `extmem` tool: one file each, tools/cmd_NAME.c. */
#ifndef EXTMEM_TOOL_COMMANDS_H
#define EXTMEM_TOOL_COMMANDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Exit statuses of every subcommand (`extmem --help` lists them). A script
 * can tell a hung firmware (3) from a passing one (0) and from its own typo (2).
 */
enum extmem_tool_exit {
	EXTMEM_EXIT_OK = 0,         /* success */
	EXTMEM_EXIT_FAILED = 1,     /* the firmware or the device failed (fault, BKPT #n != 0, self-test fail) */
	EXTMEM_EXIT_USAGE = 2,      /* bad arguments or unusable input files */
	EXTMEM_EXIT_LIMIT = 3,      /* a time or instruction limit was reached: the run did not end by itself */
	EXTMEM_EXIT_VIOLATION = 4,  /* the emulator saw a hazard or a protocol/controller violation */
	EXTMEM_EXIT_UNMODELLED = 5, /* the firmware did something the emulator does not model */
	EXTMEM_EXIT_INTERNAL = 6,   /* the tool itself failed: out of memory, an output file not written */
};

/* "extmem 0.1.0" */
#ifndef EXTMEM_TOOL_VERSION
#define EXTMEM_TOOL_VERSION "unknown"
#endif

struct extmem_tool_command {
	const char *name;
	const char *summary;
	/* argv[0] is the subcommand name. Returns the process exit code. */
	int (*run)(int argc, char **argv);
};

int extmem_cmd_demo(int argc, char **argv);
int extmem_cmd_sfdp(int argc, char **argv);
int extmem_cmd_run(int argc, char **argv);
int extmem_cmd_prog(int argc, char **argv);
int extmem_cmd_image(int argc, char **argv);

int extmem_cmd_probe(int argc, char **argv);
int extmem_cmd_pin(int argc, char **argv);
int extmem_cmd_powercut(int argc, char **argv);

/*
 * Reads a binary image of at most `max` bytes from `path` ("-" = standard
 * input), raw or as `xxd -p` hex text (decoded; a file that looks like hex
 * but is not valid is refused with its line and the reason). Returns a
 * malloc'd buffer and its length, or NULL after printing why, prefixed by
 * `who`, on stderr.
 */
uint8_t *extmem_tool_load_image(const char *path, size_t max, size_t *len, const char *who);

/* True when argv holds -h or --help anywhere. */
int extmem_tool_wants_help(int argc, char **argv);

#endif
