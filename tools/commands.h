/* SPDX-License-Identifier: MIT */
/* Subcommands of the `extmem` tool: one file each, tools/cmd_NAME.c. */
#ifndef EXTMEM_TOOL_COMMANDS_H
#define EXTMEM_TOOL_COMMANDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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

int extmem_cmd_probe(int argc, char **argv);

/*
 * Reads a binary image of at most `max` bytes, raw or as `xxd -p` hex text
 * (decoded). Returns a malloc'd buffer and its length, or NULL after
 * printing why, prefixed by `who`, on stderr.
 */
uint8_t *extmem_tool_load_image(const char *path, size_t max, size_t *len, const char *who);

/* True when argv holds -h or --help anywhere. */
int extmem_tool_wants_help(int argc, char **argv);

#endif
