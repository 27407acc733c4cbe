/* SPDX-License-Identifier: MIT */
/* Placeholder until the SFDP parser lands (issue 3). */
#include "commands.h"

int extmem_cmd_sfdp(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "extmem sfdp: not built yet\n");
	return 1;
}
