/* SPDX-License-Identifier: MIT */
/*
 * A serial NOR part descriptor derived from an SFDP image alone, so any real
 * dump becomes a model. Uses the project's parser (extmem/sfdp.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem_sim/nor.h"

#include "extmem/sfdp.h"

#define MHZ 1000000u

/* Speeds of the xSPI profile's dummy entries (extmem_sfdp_xspi.dummy[]). */
static const uint32_t xspi_mhz[4] = {200, 166, 133, 100};

static uint8_t latency(const struct extmem_sfdp_bfpt *b, enum extmem_sfdp_read r)
{
	return (uint8_t)(b->read[r].wait_states + b->read[r].mode_clocks);
}

static void sort_erase(struct extmem_sim_nor_erase *e, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && e[j - 1].size > e[j].size; j--) {
			struct extmem_sim_nor_erase t = e[j];
			e[j] = e[j - 1];
			e[j - 1] = t;
		}
}

/* The erase type (index) a sector-map region uses: the largest its mask allows. */
static int region_type(const struct extmem_sfdp_bfpt *b, uint8_t mask)
{
	int best = -1;
	for (int t = 0; t < 4; t++)
		if ((mask & (1u << t)) && b->erase[t].size != 0 && (best < 0 || b->erase[t].size > b->erase[best].size))
			best = t;
	return best;
}

/*
 * Non-uniform map: when every region's largest erase type shares one opcode
 * (SST26: D8h for 8, 32 and 64 KiB), that opcode erases by address. Only a
 * single-configuration map is used (detection sequences are not modelled).
 */
static void build_map(const struct extmem_sfdp *d, struct extmem_sim_nor_sfdp_part *sp)
{
	const struct extmem_sfdp_smap *m = &d->smap;
	if (!(d->has & EXTMEM_SFDP_HAS_SMAP) || m->nconfigs != 1)
		return;
	const struct extmem_sfdp_smap_config *c = &m->config[0];
	if (c->nregions == 0 || c->nregions > EXTMEM_SIM_NOR_SFDP_MAP_MAX || c->total != d->bfpt.size)
		return;
	int op = -1;
	uint32_t typ = 0, max = 0, at = 0;
	for (unsigned i = 0; i < c->nregions; i++) {
		const struct extmem_sfdp_smap_region *r = &m->region[c->first + i];
		int t = region_type(&d->bfpt, r->erase_mask);
		if (t < 0)
			return;
		if (op >= 0 && d->bfpt.erase[t].opcode != op)
			return;
		op = d->bfpt.erase[t].opcode;
		if (d->bfpt.erase[t].typ_ms * 1000u > typ) {
			typ = d->bfpt.erase[t].typ_ms * 1000u;
			max = d->bfpt.erase[t].max_ms * 1000u;
		}
		sp->map[i] = (struct extmem_sim_nor_region){at, r->size, d->bfpt.erase[t].size};
		at += r->size;
	}
	sp->part.map = sp->map;
	sp->part.map_count = c->nregions;
	sp->part.map_op = (uint8_t)op;
	sp->part.map_typ_us = typ;
	sp->part.map_max_us = max;
}

static void octal_from_tables(const struct extmem_sfdp *d, struct extmem_sim_nor_part *p)
{
	bool cr2 = false;
	/* FF0A sequences or BFPT DWORD 19: "06h then 72h at CR2" (Macronix). */
	for (unsigned i = 0; i < EXTMEM_SFDP_MAX_ODDR_SEQ; i++)
		if (d->oddr[i].len > 0 && d->oddr[i].cmd[0] == 0x72)
			cr2 = true;
	if ((d->bfpt.opi_enable & 0x02) != 0)
		cr2 = true;
	if (!cr2)
		return;
	p->octal = EXTMEM_SIM_NOR_OCTAL_MX_CR2;
	p->octal_ext_same = d->bfpt.octal_ext == EXTMEM_SFDP_OCTAL_EXT_SAME;
	p->family = EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL;
	p->qe = EXTMEM_SIM_NOR_QE_NONE;
	p->qpi = EXTMEM_SIM_NOR_QPI_NONE;
	/* xSPI Profile 1.0 DWORD 1 bit 30: read SFDP in 8D with 20 (1) or 8 (0) dummy cycles. */
	p->lat_sfdp_oct = (d->has & EXTMEM_SFDP_HAS_XSPI) && d->xspi.ndw >= 1 && !(d->xspi.dw[0] & (1u << 30)) ? 8 : 20;
	p->lat_reg_8s = 4;
	p->lat_reg_8d = (d->has & EXTMEM_SFDP_HAS_XSPI) && d->xspi.rdsr_dummy ? d->xspi.rdsr_dummy : 4;
	/* CR2 dummy codes from the xSPI profile; unlisted codes take the clock of the next shorter listed one. */
	uint32_t top = 0;
	for (unsigned c = 0; c < EXTMEM_SIM_NOR_DUMMY_STEPS; c++)
		p->dummy_steps[c] = (struct extmem_sim_nor_dummy_step){(uint8_t)(20 - 2 * c), 0};
	p->dummy_default_code = 0;
	if (d->has & EXTMEM_SFDP_HAS_XSPI) {
		for (unsigned i = 0; i < 4; i++) {
			uint8_t code = d->xspi.dummy_pattern[i];
			if (d->xspi.dummy[i] == 0 || code >= EXTMEM_SIM_NOR_DUMMY_STEPS)
				continue;
			p->dummy_steps[code] = (struct extmem_sim_nor_dummy_step){d->xspi.dummy[i], xspi_mhz[i] * MHZ};
			if (xspi_mhz[i] * MHZ > top) {
				top = xspi_mhz[i] * MHZ;
				p->dummy_default_code = code;
			}
		}
	}
	for (unsigned c = 0; c < EXTMEM_SIM_NOR_DUMMY_STEPS; c++) {
		if (p->dummy_steps[c].max_hz != 0)
			continue;
		uint32_t best = 50u * MHZ;
		for (unsigned k = 0; k < EXTMEM_SIM_NOR_DUMMY_STEPS; k++)
			if (p->dummy_steps[k].max_hz > best && p->dummy_steps[k].cycles <= p->dummy_steps[c].cycles)
				best = p->dummy_steps[k].max_hz;
		p->dummy_steps[c].max_hz = best;
	}
	uint32_t str = d->bfpt.max_mhz[2][0] ? d->bfpt.max_mhz[2][0] * MHZ : (top ? top : 133u * MHZ);
	uint32_t dtr = d->bfpt.max_mhz[3][1] ? d->bfpt.max_mhz[3][1] * MHZ : (top ? top : 133u * MHZ);
	p->max_hz_str = str;
	p->max_hz_dtr = dtr;
}

int extmem_sim_nor_part_from_sfdp(const uint8_t *image, size_t len, uint32_t jedec_id,
				  struct extmem_sim_nor_sfdp_part *out)
{
	if (image == NULL || out == NULL)
		return EXTMEM_ERR_INVALID;
	memset(out, 0, sizeof(*out));
	struct extmem_sfdp *d = calloc(1, sizeof(*d));
	if (d == NULL)
		return EXTMEM_ERR_INVALID;
	int err = extmem_sfdp_parse(image, len, d);
	if (err == EXTMEM_OK)
		err = extmem_sfdp_apply_fixups(d, jedec_id);
	const struct extmem_sfdp_bfpt *b = &d->bfpt;
	if (err == EXTMEM_OK && (b->size == 0 || b->size > 0x80000000u || b->page_size == 0 || b->page_size > 512 ||
				 (b->page_size & (b->page_size - 1u)) != 0))
		err = EXTMEM_ERR_FORMAT;
	if (err != EXTMEM_OK) {
		free(d);
		return err;
	}
	struct extmem_sim_nor_part *p = &out->part;
	snprintf(out->name, sizeof(out->name), "SFDP-%06X", (unsigned)(jedec_id & 0xFFFFFFu));
	p->name = out->name;
	p->id[0] = (uint8_t)(jedec_id >> 16);
	p->id[1] = (uint8_t)(jedec_id >> 8);
	p->id[2] = (uint8_t)jedec_id;
	p->size = (uint32_t)b->size;
	p->page_size = b->page_size;
	p->timing_source = EXTMEM_SIM_NOR_TIMING_SFDP;
	p->timing_note = "BFPT DWORDs 10-11 of the image";

	unsigned n = 0;
	for (unsigned t = 0; t < 4; t++) {
		const struct extmem_sfdp_erase_type *e = &b->erase[t];
		if (e->size == 0 || e->size > p->size || (e->size & (e->size - 1u)) != 0)
			continue;
		p->erase[n++] = (struct extmem_sim_nor_erase){e->size, e->opcode, e->opcode_4b, e->typ_ms * 1000u,
							      e->max_ms * 1000u};
	}
	sort_erase(p->erase, n);
	build_map(d, out);
	if (p->map != NULL) {
		/* Types served by the map opcode are erased through it. */
		unsigned k = 0;
		for (unsigned i = 0; i < n; i++)
			if (p->erase[i].op3 != p->map_op)
				p->erase[k++] = p->erase[i];
		for (unsigned i = k; i < n; i++)
			memset(&p->erase[i], 0, sizeof(p->erase[i]));
	}
	p->chip_ops[0] = 0xC7;
	p->chip_ops[1] = 0x60;
	p->chip_typ_ms = b->chip_erase_typ_ms;
	p->chip_max_ms = b->chip_erase_max_ms;
	p->pp_typ_us = b->page_prog_typ_us;
	p->pp_max_us = b->page_prog_max_us;

	/* Register dialect, from what the tables say. */
	p->family = EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD;
	if (b->busy_poll & EXTMEM_SFDP_POLL_FSR)
		p->family = EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD;
	bool quad_reads = (b->reads & ((1u << EXTMEM_SFDP_READ_1_1_4) | (1u << EXTMEM_SFDP_READ_1_4_4))) != 0;
	switch (b->qer) {
	case 0: p->qe = quad_reads ? EXTMEM_SIM_NOR_QE_ALWAYS : EXTMEM_SIM_NOR_QE_NONE; break;
	case 2: p->qe = EXTMEM_SIM_NOR_QE_SR1_BIT6; break;
	case 1:
	case 4:
	case 5:
	case 6:
		p->qe = EXTMEM_SIM_NOR_QE_SR2_BIT1;
		p->family = EXTMEM_SIM_NOR_FAMILY_WINBOND_QUAD;
		/* QER 001b: "writing only one byte to the status register clears status register 2". */
		p->wrsr_1byte_clears_sr2 = b->qer == 1;
		break;
	default: /* QER 3 (SR1 bit 7) and reserved values: not modelled; no quad reads listed, no quad at all */
		p->qe = quad_reads ? EXTMEM_SIM_NOR_QE_ALWAYS : EXTMEM_SIM_NOR_QE_NONE;
		break;
	}
	/* Macronix (C2h) quad parts: configuration register 15h and the security register 2Bh. */
	if (p->id[0] == 0xC2 && p->family == EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD)
		p->family = EXTMEM_SIM_NOR_FAMILY_MACRONIX_QUAD;
	if (p->id[0] == 0xBF) {
		p->family = EXTMEM_SIM_NOR_FAMILY_SST26;
		p->qe = EXTMEM_SIM_NOR_QE_SST26_IOC;
		p->powerup_locked = true;
	}
	/* 4-4-4 entry (BFPT DWORD 15 bits 8:4): 38h (bits 0, 1), 35h (bit 2), EVCR (bit 3). */
	if (b->qpi_enable & 0x08)
		p->qpi = EXTMEM_SIM_NOR_QPI_35_F5_EVCR;
	else if (b->qpi_enable & 0x04)
		p->qpi = EXTMEM_SIM_NOR_QPI_35_F5;
	else if (b->qpi_enable & 0x03)
		p->qpi = EXTMEM_SIM_NOR_QPI_38_FF;
	/* 3/4-byte addressing. */
	if (b->addr_bytes == EXTMEM_SFDP_ADDR_4 || (b->addr4_enter & EXTMEM_SFDP_4B_ENTER_ALWAYS))
		p->addr4 = EXTMEM_SIM_NOR_ADDR_4ONLY;
	else if ((b->addr4_enter & EXTMEM_SFDP_4B_ENTER_B7) && !(b->addr4_exit & 0x3u) && p->id[0] == 0x9D)
		p->addr4 = EXTMEM_SIM_NOR_ADDR_B7_29; /* ISSI: no E9h exit in DWORD 16; EX4B is 29h */
	else if (b->addr4_enter & EXTMEM_SFDP_4B_ENTER_B7)
		p->addr4 = EXTMEM_SIM_NOR_ADDR_B7_E9;
	else if (b->addr4_enter & EXTMEM_SFDP_4B_ENTER_WREN_B7)
		p->addr4 = EXTMEM_SIM_NOR_ADDR_B7_E9_WEL;
	else if (b->addr_bytes == EXTMEM_SFDP_ADDR_3_OR_4 && b->size > (1u << 24))
		/* A 9-DWORD table says "3 or 4 bytes" but not how: B7h/E9h, as every such part has. */
		p->addr4 = EXTMEM_SIM_NOR_ADDR_B7_E9;
	else
		p->addr4 = EXTMEM_SIM_NOR_ADDR_3ONLY;
	p->dedicated_4b = (b->addr4_enter & EXTMEM_SFDP_4B_ENTER_DEDICATED) || (d->has & EXTMEM_SFDP_HAS_4BAIT);

	/* Latencies and clocks. SFDP has no 1S clock: 133 MHz fast reads, 50 MHz 03h are assumed. */
	p->lat_fast_1s = 8;
	p->lat_sfdp = 8;
	if (b->reads & (1u << EXTMEM_SFDP_READ_1_1_2)) {
		p->lat_112 = latency(b, EXTMEM_SFDP_READ_1_1_2);
		p->lat_122 = latency(b, EXTMEM_SFDP_READ_1_2_2);
	}
	p->lat_114 = latency(b, EXTMEM_SFDP_READ_1_1_4);
	p->lat_144 = latency(b, EXTMEM_SFDP_READ_1_4_4);
	p->lat_fast_4s = latency(b, EXTMEM_SFDP_READ_4_4_4);
	p->max_hz_read03 = 50u * MHZ;
	p->max_hz_spi = b->max_mhz[0][0] ? b->max_mhz[0][0] * MHZ : 133u * MHZ;
	p->max_hz_str = p->max_hz_spi;
	p->max_hz_dtr = b->max_mhz[1][0] ? b->max_mhz[1][0] * MHZ : p->max_hz_spi;
	octal_from_tables(d, p);
	if (p->octal != EXTMEM_SIM_NOR_OCTAL_NONE && b->max_mhz[0][0] == 0)
		p->max_hz_spi = 133u * MHZ;

	out->image = malloc(len);
	if (out->image == NULL) {
		free(d);
		return EXTMEM_ERR_INVALID;
	}
	memcpy(out->image, image, len);
	out->image_len = len;
	free(d);
	return EXTMEM_OK;
}

void extmem_sim_nor_sfdp_part_free(struct extmem_sim_nor_sfdp_part *sp)
{
	if (sp == NULL)
		return;
	free(sp->image);
	sp->image = NULL;
	sp->image_len = 0;
}

struct extmem_sim_nor *extmem_sim_nor_create_sfdp(const struct extmem_sim_nor_sfdp_part *sp,
						  struct extmem_sim_clock *clock, uint8_t *array, const char *path)
{
	if (sp == NULL)
		return NULL;
	struct extmem_sim_nor *nor = extmem_sim_nor_create(&sp->part, clock, array, path);
	if (nor != NULL)
		extmem_sim_nor_set_sfdp(nor, sp->image, sp->image_len);
	return nor;
}
