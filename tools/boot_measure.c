/* SPDX-License-Identifier: MIT */
/* The Boot's size and its time to the application (boot_measure.h). */
#include "boot_measure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned long extmem_tool_boot_size(const char *size_tool, const char *elf)
{
	char cmd[4200];
	unsigned long text = 0, data = 0;
	if (size_tool == NULL || size_tool[0] == '\0' || elf == NULL || strchr(elf, '\'') != NULL ||
	    strchr(size_tool, '\'') != NULL ||
	    snprintf(cmd, sizeof cmd, "'%s' '%s' 2>/dev/null", size_tool, elf) >= (int)sizeof cmd)
		return 0;
	FILE *f = popen(cmd, "r");
	if (f == NULL)
		return 0;
	/* the second line holds the numbers: "   text    data     bss ..." */
	char line[512];
	int ok = 0;
	for (int n = 0; n < 2 && fgets(line, sizeof line, f) != NULL; n++) {
		char *end = NULL;
		text = strtoul(line, &end, 10);
		char *start = end;
		data = strtoul(start, &end, 10);
		ok = n == 1 && end != start;
	}
	pclose(f);
	return ok ? text + data : 0;
}

#ifndef EXTMEM_NO_EMU
uint64_t extmem_tool_time_to_entry(struct extmem_emu *emu, const struct extmem_sim_clock *clock, uint32_t entry,
				   uint64_t limit_ps)
{
	uint64_t t0 = clock->now_ps;
	const struct extmem_emu_limits lim = {.max_ps = t0 + limit_ps, .breakpoints = {entry & ~1u}};
	return extmem_emu_run(emu, &lim) == EXTMEM_EMU_STOP_BREAKPOINT ? clock->now_ps - t0 : 0;
}
#endif
