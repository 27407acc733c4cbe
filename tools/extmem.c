/* SPDX-License-Identifier: MIT */
/* The `extmem` command-line tool: dispatches to one subcommand. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const struct extmem_tool_command commands[] = {
	{"sfdp", "decode an SFDP image (raw or xxd -p hex)", extmem_cmd_sfdp},
	{"probe", "discover a simulated NOR part with the driver and self-test it", extmem_cmd_probe},
	{"demo", "run the end-to-end demonstration", extmem_cmd_demo},
	{"run", "boot a firmware ELF on the emulated STM32H7S78-DK", extmem_cmd_run},
	{"prog", "program the emulated board's NOR with a loader (.stldr, .FLM, IAR)", extmem_cmd_prog},
};

int extmem_tool_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: extmem COMMAND [ARGS...]\n\n"
		     "External memory tools: SFDP decoding, simulated parts, the emulated board.\n\n"
		     "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n`extmem COMMAND --help` describes one command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "extmem: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
