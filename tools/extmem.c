/* SPDX-License-Identifier: MIT */
/* The `extmem` command-line tool: dispatches to one subcommand. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const struct extmem_tool_command commands[] = {
	{"sfdp", "decode an SFDP image (raw or xxd -p hex)", extmem_cmd_sfdp},
	{"probe", "discover a simulated NOR part with the driver and self-test it", extmem_cmd_probe},
	{"pin", "write a part's NOR configuration for the pinned driver (a C header)", extmem_cmd_pin},
	{"demo", "run the end-to-end demonstration", extmem_cmd_demo},
	{"run", "boot a firmware ELF on the emulated STM32H7S78-DK", extmem_cmd_run},
	{"image", "wrap an application ELF in a boot image header (docs/image-format.md)", extmem_cmd_image},
	{"prog", "program the emulated board's NOR with a loader (.stldr, .FLM, IAR)", extmem_cmd_prog},
	{"powercut", "a loader, an image and a Boot through a power-loss sweep", extmem_cmd_powercut},
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
	fprintf(out, "\n`extmem COMMAND --help` describes one command; `extmem --version` prints the version.\n\n"
		     "exit status (every command):\n"
		     "  0  success\n"
		     "  1  the firmware or the device failed (fault, BKPT #n with n != 0, failed self-test)\n"
		     "  2  bad arguments or unusable input files\n"
		     "  3  a time or instruction limit was reached (the firmware did not finish by itself)\n"
		     "  4  the emulator saw a hazard or a protocol or controller violation\n"
		     "  5  the firmware did something the emulator does not model\n"
		     "  6  the tool itself failed (out of memory, an output file could not be written)\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "extmem: a command is needed\n\n");
		usage(stderr);
		return EXTMEM_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		if (argc > 2) {
			fprintf(stderr, "extmem: unexpected argument '%s' after %s\n", argv[2], argv[1]);
			return EXTMEM_EXIT_USAGE;
		}
		printf("extmem %s\n", EXTMEM_TOOL_VERSION);
		return EXTMEM_EXIT_OK;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		if (argc > 2) {
			fprintf(stderr, "extmem: unexpected argument '%s' after %s (try `extmem %s --help`)\n", argv[2],
				argv[1], argv[2]);
			return EXTMEM_EXIT_USAGE;
		}
		usage(stdout);
		return EXTMEM_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	if (argv[1][0] == '-')
		fprintf(stderr, "extmem: unknown option '%s' (a command comes first)\n\n", argv[1]);
	else
		fprintf(stderr, "extmem: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXTMEM_EXIT_USAGE;
}
