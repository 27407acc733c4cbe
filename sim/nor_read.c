/* SPDX-License-Identifier: MIT */
/*
 * The NOR model's read side: the latency a read needs (descriptor and
 * configured dummy cycles) and the data the part drives, as the host
 * samples it.
 */
#include <string.h>

#include "nor_internal.h"

static uint8_t micron_dummy(const struct extmem_sim_nor *nor, uint8_t dflt)
{
	uint8_t n = nor->vcr >> 4;
	return (n == 0 || n == 0xF) ? dflt : n;
}

static uint8_t issi_dummy(const struct extmem_sim_nor *nor, uint8_t dflt)
{
	uint8_t n = (nor->params >> 3) & 0xF;
	return n == 0 ? dflt : n;
}

uint8_t nor_required_latency(const struct extmem_sim_nor *nor, const struct nor_cmd *c, uint32_t *max_hz)
{
	const struct extmem_sim_nor_part *p = nor->part;
	uint8_t lat;
	switch (c->lat_kind) {
	case L_FAST_1S: lat = p->lat_fast_1s; break;
	case L_112: lat = p->lat_112; break;
	case L_122: lat = p->lat_122; break;
	case L_114: lat = p->lat_114; break;
	case L_144: lat = p->lat_144; break;
	case L_FAST_4S: lat = p->lat_fast_4s; break;
	case L_REG_OCT:
		if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL)) {
			/* S28H register latency in octal by CFR3V VRGLAT (Cypress SMIF S28H table). */
			static const uint8_t oct[4] = {3, 4, 5, 6};
			return oct[nor->cfr_v[3] >> 6];
		}
		return nor->proto == EXTMEM_SIM_NOR_8D8D8D ? p->lat_reg_8d : p->lat_reg_8s;
	case L_REG_ARG: {
		static const uint8_t spi[4] = {0, 1, 1, 2};
		return spi[nor->cfr_v[3] >> 6];
	}
	case L_SFDP_1S: return p->lat_sfdp;
	case L_SFDP_OCT: return p->lat_sfdp_oct;
	case L_OCTAL: {
		if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_MICRON_OCTAL)) {
			/* VCR address 1: the dummy cycles; 00h/FFh keep the default. */
			uint8_t v = nor->mt_vcr[1];
			if (v != 0 && v != 0xFF && v != 0x1F)
				return v & 0x1F;
			if (p->dummy_steps[0].max_hz != 0 && p->dummy_steps[0].max_hz < *max_hz)
				*max_hz = p->dummy_steps[0].max_hz;
			return p->dummy_steps[0].cycles;
		}
		if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL)) {
			/*
			 * CFR2V MEMLAT (bits 3:0) -> octal read latency (Cypress SMIF S28H
			 * table); the clock each count supports is the descriptor's.
			 */
			static const uint8_t oct[16] = {5, 6, 8, 10, 12, 14, 16, 18, 20, 22, 23, 24, 25, 26, 27, 28};
			uint8_t cycles = oct[nor->cfr_v[2] & 0x0F];
			uint32_t top = 0;
			for (unsigned i = 0; i < EXTMEM_SIM_NOR_DUMMY_STEPS; i++)
				if (p->dummy_steps[i].cycles != 0 && p->dummy_steps[i].cycles <= cycles &&
				    p->dummy_steps[i].max_hz > top)
					top = p->dummy_steps[i].max_hz;
			if (top < *max_hz)
				*max_hz = top;
			return cycles;
		}
		const struct extmem_sim_nor_dummy_step *s = &p->dummy_steps[nor->cr2_300 & 7];
		if (s->max_hz != 0 && s->max_hz < *max_hz)
			*max_hz = s->max_hz;
		return s->cycles;
	}
	default: return c->lat;
	}
	if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD))
		lat = micron_dummy(nor, lat);
	else if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD))
		lat = issi_dummy(nor, lat);
	return lat;
}

/*
 * The bytes the part drives for a read of `len` from `src` (wrapping in
 * `src_len`), as the host samples them when its latency is off by `skew`
 * clocks (positive: the host started early and sees idle lines first).
 */
static void fill_stream(uint8_t *out, uint32_t len, const uint8_t *src, uint64_t src_len, uint64_t start,
			int64_t skew_bytes)
{
	if (src == NULL || src_len == 0)
		return;
	uint32_t i = 0;
	if (skew_bytes > 0)
		i = skew_bytes >= (int64_t)len ? len : (uint32_t)skew_bytes; /* idle lines: the pre-filled 0xFF */
	uint64_t pos = (start + (uint64_t)((int64_t)i - skew_bytes)) % src_len;
	while (i < len) {
		uint64_t chunk = src_len - pos;
		if (chunk > len - i)
			chunk = len - i;
		memcpy(out + i, src + pos, (size_t)chunk);
		i += (uint32_t)chunk;
		pos = 0;
	}
}

static int src_fn(const void *ctx, int64_t k)
{
	const struct nor_src *s = ctx;
	if (k < 0 || s->bytes == NULL || s->len == 0)
		return -1;
	uint64_t i = (uint64_t)k;
	if (s->pairs)
		i /= 2u;
	if (s->swap)
		i ^= 1u;
	i += s->start;
	if (s->wrap)
		i %= s->len;
	else if (i >= s->len)
		return -1;
	uint8_t b = s->bytes[i];
	if (s->flip >= 0 && i == (uint64_t)s->flip)
		b = (uint8_t)~b;
	return b;
}

int nor_repeat_fn(const void *ctx, int64_t k)
{
	return k < 0 ? -1 : *(const uint8_t *)ctx;
}

/* The read data as the host samples it, with the part's output `s`. */
void nor_drive(const struct extmem_xspi_op *op, bool part_dtr, int64_t skew, const struct nor_src *s)
{
	if (part_dtr == op->data.bus.dtr && !s->pairs && !s->swap && s->flip < 0 && s->bytes != NULL && s->wrap) {
		fill_stream(op->data.buf.in, op->data.len, s->bytes, s->len, s->start, skew);
		return;
	}
	nor_wire_sample(op->data.buf.in, op->data.len, part_dtr, op->data.bus.dtr, skew, src_fn, s);
}

/*
 * The command the part samples. Returns false (after recording why) when
 * the part would misread the frame or ignore it; *c and the wire position
 * then mean nothing.
 */
