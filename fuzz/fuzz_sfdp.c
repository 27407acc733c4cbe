/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the SFDP parser. Besides ASan/UBSan findings, it
 * traps when the result breaks the parser's own promises: bounded counts,
 * an error code exactly when the parse fails, spans that cover the BFPT.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "extmem/sfdp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct extmem_sfdp d;
	uint32_t span = 0;
	enum extmem_sfdp_error err;
	int rc = extmem_sfdp_parse(data, size, &d);

	if (rc != EXTMEM_OK && rc != EXTMEM_ERR_FORMAT)
		__builtin_trap();
	if ((rc == EXTMEM_OK) != (d.error == EXTMEM_SFDP_E_NONE))
		__builtin_trap();
	if (d.ntables > EXTMEM_SFDP_MAX_TABLES || d.smap.nregions > EXTMEM_SFDP_MAX_SMAP_REGIONS ||
	    d.smap.nconfigs > EXTMEM_SFDP_MAX_SMAP_CONFIGS || d.smap.ndetect > EXTMEM_SFDP_MAX_SMAP_DETECT)
		__builtin_trap();
	for (unsigned c = 0; c < d.smap.nconfigs; c++)
		if ((unsigned)d.smap.config[c].first + d.smap.config[c].nregions > d.smap.nregions)
			__builtin_trap();
	for (unsigned s = 0; s < EXTMEM_SFDP_MAX_ODDR_SEQ; s++)
		if (d.oddr[s].len > sizeof(d.oddr[s].cmd))
			__builtin_trap();
	if (rc == EXTMEM_OK) {
		if (extmem_sfdp_image_span(data, size, &span, &err) != EXTMEM_OK || span > 0xffffffu + 1020u)
			__builtin_trap();
		/* A parsed image holds its headers, so the span covers a whole table. */
		if (span < 8u + 8u * d.nheaders)
			__builtin_trap();
		uint32_t id = size >= 3 ? (uint32_t)data[0] << 16 | (uint32_t)data[1] << 8 | data[2] : 0;
		extmem_sfdp_apply_fixups(&d, id);
		extmem_sfdp_apply_fixups(&d, 0x2c5b1c);
		extmem_sfdp_apply_fixups(&d, 0x9d6019);
	} else {
		(void)extmem_sfdp_image_span(data, size, &span, &err);
	}
	(void)extmem_sfdp_error_name(d.error);
	return 0;
}
