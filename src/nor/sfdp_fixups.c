/* SPDX-License-Identifier: MIT */
/*
 * SFDP fix-ups: parts whose tables are known to be wrong, keyed by JEDEC ID.
 * Each entry states what is wrong and why the correction is right; the list
 * and the reasons are repeated in docs/sfdp.md. Add an entry only with a
 * documented reason (datasheet erratum, a maintainer's report): never guess.
 */
#include <stddef.h>

#include "extmem/sfdp.h"

/*
 * Each entry is one part (its whole JEDEC ID is compared) and one byte of
 * the description, which becomes `to` where it reads `from`, and only when
 * the BFPT is shorter than `below` DWORDs (0: whatever its length) and the
 * tables of `need` were decoded. The full build may run a function after
 * it for what one byte cannot say (the S25FL-S times).
 */
struct extmem_sfdp_fixup {
	uint32_t id;  /* JEDEC ID: manufacturer << 16 | type << 8 | capacity */
	uint16_t off; /* offsetof(struct extmem_sfdp, the byte) */
	uint8_t from, to, below, need;
#if !EXTMEM_NOR_READ_ONLY
	const char *name;
	void (*more)(struct extmem_sfdp *desc);
#endif
};

/* A read-only build keeps no names (reports only: about 300 bytes of strings) and no times. */
#if EXTMEM_NOR_READ_ONLY
#define FIXUP(id, field, from, to, below, need, name, more)                                                            \
	{                                                                                                              \
		id, offsetof(struct extmem_sfdp, field), from, to, below, need                                         \
	}
#else
#define FIXUP(id, field, from, to, below, need, name, more)                                                            \
	{                                                                                                              \
		id, offsetof(struct extmem_sfdp, field), from, to, below, need, name, more                             \
	}
#endif

/*
 * ISSI IS25LP256 (9D 60 19): BFPT DWORD 1 says "3-byte addressing only", yet
 * the 256 Mbit part has 4-byte address mode and the 4-byte instructions
 * (the Linux spi-nor ISSI driver carries the same correction). Only a
 * 3-byte-only claim is changed, so a corrected table is left alone.
 *
 * Micron MT35XU02G (2C 5B 1C): BFPT DWORD 15 gives quad enable requirement
 * 111b, a value JESD216 reserves. The part is an x1/x8 octal flash with no
 * quad enable bit, so "no QE bit" (000b) is the meaning that matches its
 * datasheet; leaving 7 would make a driver refuse or mis-set the part.
 *
 * Spansion/Infineon S25FL128S / S25FL127S (01 20 18): a JESD216 1.0 table of
 * 9 DWORDs, so no quad enable requirement (DWORD 15), yet 1-1-4 and 1-4-4
 * reads need CR1 QUAD (bit 1), which the datasheet says is read with 35h and
 * written as the second byte of WRR 01h: exactly requirement 101b. Applied
 * only when the table has no DWORD 15. Its times: s25fl_s_times.
 *
 * Macronix MX25L25635F (C2 20 19): a JESD216 1.0 table of 9 DWORDs, so no
 * quad enable requirement, while quad reads need SR bit 6 (QE), written by
 * WRSR 01h (one byte leaves the configuration register alone): requirement
 * 010b. Applied only when the table has no DWORD 15.
 *
 * Infineon S28HS512T (34 5B 1A): register and ID reads in 8S/8D take the
 * register latency of CFR3V VRGLAT, 3 cycles at its power-on code 0 (the
 * Cypress SMIF S28H driver's latency table); the xSPI profile's field for
 * that read (DWORD 1 bit 28) can only state 4 or 8, so a profile saying 4
 * is corrected to 3. Linux's S28HS driver corrects the same read's address
 * bytes (to 4) for the same reason: the profile cannot say it right.
 */
#if !EXTMEM_NOR_READ_ONLY
/*
 * The S25FL-S program/erase times (DWORDs 10-11, absent from its table):
 * without them the driver's defaults wait 10 s for a 256 KiB sector the
 * datasheet bounds at 2.6 s. The S25FL-S program and erase performance
 * table (as recalled in the model's descriptor, sim/parts/nor_parts.c; not
 * re-read): 256 KiB sector 520 / 2600 ms typ/max, 64 KiB and 4 KiB sectors
 * 130 / 650 ms, bulk erase 33 / 165 s, page program 340 / 750 us (512-byte
 * page; 250 / 750 us for 256). Only fields the table left at 0 are set.
 */
static void s25fl_s_times(struct extmem_sfdp *desc)
{
	struct extmem_sfdp_bfpt *b = &desc->bfpt;
	if (b->ndw >= 11u)
		return;
	for (int i = 0; i < 4; i++) {
		struct extmem_sfdp_erase_type *e = &b->erase[i];
		if (e->size == 0 || e->max_ms != 0)
			continue;
		e->typ_ms = e->size == 256u * 1024u ? 520u : 130u;
		e->max_ms = e->size == 256u * 1024u ? 2600u : 650u;
	}
	if (b->chip_erase_max_ms == 0) {
		b->chip_erase_typ_ms = 33000u;
		b->chip_erase_max_ms = 165000u;
	}
	if (b->page_prog_max_us == 0) {
		b->page_prog_typ_us = b->page_size >= 512u ? 340u : 250u;
		b->page_prog_max_us = 750u;
	}
}
#endif

/*
 * A read-only build without quad (or octal) widths (EXTMEM_NOR_WIDTHS) never
 * reads the quad enable requirement (or the xSPI profile): those entries
 * fold away there, and the bit numbers of desc->fixups (reports only) with
 * them. A full build keeps every entry.
 */
#define FIXUPS_QUAD  (!EXTMEM_NOR_READ_ONLY || EXTMEM_NOR_HAS_WIDTH(4))
#define FIXUPS_OCTAL (!EXTMEM_NOR_READ_ONLY || EXTMEM_NOR_HAS_WIDTH(8))

static const struct extmem_sfdp_fixup fixups[] = {
	FIXUP(0x9d6019, bfpt.addr_bytes, EXTMEM_SFDP_ADDR_3, EXTMEM_SFDP_ADDR_3_OR_4, 0, 0,
	      "IS25LP256: BFPT claims 3-byte addressing only", NULL),
#if FIXUPS_QUAD
	FIXUP(0x2c5b1c, bfpt.qer, 7, 0, 0, 0, "MT35XU02G: reserved quad enable requirement 7", NULL),
	FIXUP(0x012018, bfpt.qer, 0, 5, 15, 0,
	      "S25FL128S: JESD216 1.0 table gives no quad enable requirement nor program/erase times", s25fl_s_times),
	FIXUP(0xc22019, bfpt.qer, 0, 2, 15, 0, "MX25L25635F: JESD216 1.0 table gives no quad enable requirement", NULL),
#endif
#if FIXUPS_OCTAL
	FIXUP(0x345b1a, xspi.rdsr_dummy, 4, 3, 0, EXTMEM_SFDP_HAS_XSPI,
	      "S28HS512T: octal register latency 3 (the xSPI profile can say only 4 or 8)", NULL),
#endif
};

int extmem_sfdp_apply_fixups(struct extmem_sfdp *desc, uint32_t jedec_id)
{
	if (!desc)
		return EXTMEM_ERR_INVALID;
	for (unsigned i = 0; i < sizeof(fixups) / sizeof(fixups[0]); i++) {
		const struct extmem_sfdp_fixup *f = &fixups[i];
		uint8_t *p = (uint8_t *)desc + f->off;
		if ((jedec_id & 0xffffffu) != f->id)
			continue;
		if ((f->below == 0 || desc->bfpt.ndw < f->below) && (desc->has & f->need) == f->need && *p == f->from)
			*p = f->to;
#if !EXTMEM_NOR_READ_ONLY
		if (f->more != NULL)
			f->more(desc);
#endif
		desc->fixups |= 1u << i;
	}
	return EXTMEM_OK;
}

const char *extmem_sfdp_fixup_name(unsigned n)
{
#if EXTMEM_NOR_READ_ONLY
	(void)n;
	return NULL;
#else
	if (n >= sizeof(fixups) / sizeof(fixups[0]))
		return NULL;
	return fixups[n].name;
#endif
}
