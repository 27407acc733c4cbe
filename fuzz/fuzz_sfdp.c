/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the SFDP parser. Besides ASan/UBSan findings, it
 * traps when the result breaks the parser's own promises: bounded counts,
 * an error code exactly when the parse fails, spans that cover the BFPT,
 * geometry in whole erase units, sector-map configuration selection that
 * returns a stored configuration or an error.
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
		/* Geometry promises: whole erase units, no wrapped region. */
		if (d.bfpt.min_erase_size && d.bfpt.size % d.bfpt.min_erase_size)
			__builtin_trap();
		for (unsigned r = 0; r < d.smap.nregions; r++)
			if (d.smap.region[r].size == 0 ||
			    (d.bfpt.min_erase_size && d.smap.region[r].size % d.bfpt.min_erase_size))
				__builtin_trap();
		if (d.bfpt.addr_bytes == EXTMEM_SFDP_ADDR_4 && !d.bfpt.addr4_only)
			__builtin_trap();
		/* Register addresses only for addressed SCCR bits. */
		for (unsigned f = 0; f < EXTMEM_SFDP_SCCR_COUNT; f++)
			if (!d.sccr.bit[f].addressed && d.sccr.bit[f].reg_addr)
				__builtin_trap();
		/* Configuration selection: whatever the detection bytes read, the
		 * pick is one of the stored configurations or an error. */
		if (d.has & EXTMEM_SFDP_HAS_SMAP) {
			const struct extmem_sfdp_smap_config *cfg = NULL;
			uint8_t reads[EXTMEM_SFDP_MAX_SMAP_DETECT];
			for (unsigned i = 0; i < EXTMEM_SFDP_MAX_SMAP_DETECT; i++)
				reads[i] = size > i ? data[size - 1u - i] : 0;
			int sel = extmem_sfdp_smap_select(&d, reads, d.smap.ndetect, &cfg);
			if (sel == EXTMEM_OK ? (cfg < d.smap.config || cfg >= d.smap.config + d.smap.nconfigs)
					     : (sel != EXTMEM_ERR_FORMAT || cfg != NULL))
				__builtin_trap();
		}
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
