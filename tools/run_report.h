/* SPDX-License-Identifier: MIT */
/* The end-of-run report of `extmem run`: for a human, and as one JSON object. */
#ifndef EXTMEM_TOOL_RUN_REPORT_H
#define EXTMEM_TOOL_RUN_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/psram.h"

struct run_report {
	struct extmem_emu *emu;
	const struct extmem_sim_nor *nor;
	const struct extmem_sim_psram *psram;
	const char *board;               /* its name, e.g. "stm32h7s78-dk" */
	const char *elf, *flash, *trace; /* NULL when not given */
	uint64_t traced;                 /* operations written to the trace */
	uint32_t violations;             /* device + controller violations */
	int exit_status;
};

/* A short identifier for a stop reason ("time_limit", "bkpt", ...). */
const char *run_report_stop_id(enum extmem_emu_stop_reason reason);
/* One phrase for an exit status. */
const char *run_report_exit_meaning(int status);

/* The LED log (when quiet: it was not printed as it happened), the registers after a failure, the statistics. */
void run_report_human(const struct run_report *r, FILE *out, bool quiet);
/* One JSON object and a newline. Returns 0, or -1 when out of memory. */
int run_report_json(const struct run_report *r, FILE *out);

#endif
