/* SPDX-License-Identifier: MIT */
/* JSON form of a parsed SFDP image (`extmem sfdp decode --json`). */
#ifndef EXTMEM_TOOL_SFDP_JSON_H
#define EXTMEM_TOOL_SFDP_JSON_H

#include <stddef.h>

#include "extmem/sfdp.h"

/* Prints the whole description as one JSON object (built with cJSON) and a newline on stdout. Returns 0, or -1 out of
 * memory or when stdout fails. */
int extmem_tool_sfdp_json(const struct extmem_sfdp *d, size_t image_len);

#endif
