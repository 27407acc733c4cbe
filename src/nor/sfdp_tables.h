/* SPDX-License-Identifier: MIT */
/*
 * JESD216 SFDP parser, part of sfdp.c (included by it once, after its view
 * helpers dw() and bits(); not installed, no other user): the optional
 * tables (sector map, 4-byte address instructions, xSPI profile, SCCR map,
 * octal DDR command sequences, the FF88 raw DWORDs).
 */
#ifndef EXTMEM_SFDP_TABLES_H
#define EXTMEM_SFDP_TABLES_H

/* ---- optional tables: each returns 0 when decoded, -1 when malformed ---- */

#if !EXTMEM_NOR_READ_ONLY
enum { SMAP_OK = 0, SMAP_MALFORMED = -1, SMAP_WRAPS = -2 };

static int decode_smap(const struct view *v, struct extmem_sfdp_smap *m)
{
	uint32_t i = 1;

	while (i <= v->ndw) {
		uint32_t d = dw(v, i);
		if (!(d & 1u)) {
			/* Configuration detection command: two DWORDs. */
			if (i + 1u > v->ndw)
				return SMAP_MALFORMED;
			if (m->ndetect < EXTMEM_SFDP_MAX_SMAP_DETECT) {
				static const uint8_t alen[4] = {0, 3, 4, 0xff};
				struct extmem_sfdp_smap_detect *c = &m->detect[m->ndetect++];
				c->opcode = (uint8_t)bits(d, 15, 8);
				c->dummy = (uint8_t)bits(d, 19, 16);
				c->addr_len = alen[bits(d, 23, 22)];
				c->mask = (uint8_t)bits(d, 31, 24);
				c->last = bits(d, 1, 1);
				c->addr = dw(v, i + 1u);
			} else {
				m->truncated = true;
			}
			i += 2u;
			continue;
		}
		/* Map descriptor, then (N + 1) region DWORDs. */
		uint32_t n = bits(d, 23, 16) + 1u;
		if ((uint64_t)i + n > v->ndw)
			return SMAP_MALFORMED;
		if (m->nconfigs < EXTMEM_SFDP_MAX_SMAP_CONFIGS) {
			struct extmem_sfdp_smap_config *c = &m->config[m->nconfigs++];
			c->id = (uint8_t)bits(d, 15, 8);
			c->first = m->nregions;
			c->nregions_stated = (uint16_t)n;
			for (uint32_t r = 1; r <= n; r++) {
				uint32_t rd = dw(v, i + r);
				if (m->nregions >= EXTMEM_SFDP_MAX_SMAP_REGIONS) {
					m->truncated = true;
					break;
				}
				/* Up to 2^24 units of 256 bytes: 4 GiB does not fit the 32-bit size. */
				uint64_t size = ((uint64_t)bits(rd, 31, 8) + 1u) * 256u;
				if (size > 0xffffffffu)
					return SMAP_WRAPS;
				struct extmem_sfdp_smap_region *reg = &m->region[m->nregions++];
				reg->erase_mask = (uint8_t)bits(rd, 3, 0);
				reg->size = (uint32_t)size;
				c->nregions++;
				c->total += reg->size;
			}
		} else {
			m->truncated = true;
		}
		i += n + 1u;
		if (d & 2u)
			return SMAP_OK; /* last map descriptor */
	}
	/* Ran out of table before the descriptor marked last. */
	return SMAP_MALFORMED;
}
#endif

static void decode_4bait(const struct view *v, struct extmem_sfdp_4bait *t, struct extmem_sfdp_bfpt *b)
{
	t->supported = dw(v, 1);
#if EXTMEM_NOR_READ_ONLY
	(void)b; /* the erase opcodes of DWORD 2 serve erase only */
#else
	uint32_t d2 = dw(v, 2);

	t->dw2 = d2;
	for (unsigned i = 0; i < 4; i++) {
		if (v->ndw < 2 || !(t->supported & (EXTMEM_SFDP_4BAIT_ERASE1 << i)))
			continue;
		t->erase_opcode[i] = (uint8_t)bits(d2, 8u * i + 7u, 8u * i);
		b->erase[i].opcode_4b = t->erase_opcode[i];
	}
#endif
}

/* The tables only octal entry and tuning use: a read-only build without octal widths reads none of them. */
#define SFDP_OCTAL_TABLES (!EXTMEM_NOR_READ_ONLY || EXTMEM_NOR_HAS_WIDTH(8))

#if SFDP_OCTAL_TABLES
static void decode_xspi(const struct view *v, struct extmem_sfdp_xspi *x, struct extmem_sfdp_bfpt *b)
{
	uint32_t d1 = dw(v, 1), d4 = dw(v, 4), d5 = dw(v, 5);

#if !EXTMEM_NOR_READ_ONLY
	x->ndw = (uint8_t)v->ndw;
#endif
#if !EXTMEM_NOR_READ_ONLY
	for (unsigned i = 0; i < 6; i++)
		x->dw[i] = dw(v, i + 1u);
#endif
	x->read_opcode = (uint8_t)bits(d1, 15, 8);
	x->rdsr_addr_bytes = bits(d1, 29, 29) ? 4 : 0;
	x->rdsr_dummy = bits(d1, 28, 28) ? 8 : 4;
	x->sfdp_8d_dummy = bits(d1, 30, 30) ? 20 : 8;
	x->sfdp_8d_addr_flag = bits(d1, 31, 31) != 0;
	/*
	 * Per grade a 5-bit count above its 5-bit pattern: 200 MHz in DWORD 4
	 * bits 11:2, 166/133/100 MHz in DWORD 5 bits 31:22, 21:12, 11:2. Tables
	 * of 3 or 4 DWORDs exist: the missing grades read 0.
	 */
	uint32_t w = d4 << 20; /* each grade's 10 bits in turn at the top of w */
	for (unsigned i = 0; i < 4; i++, w <<= 10) {
		if (i == 1u)
			w = d5;
		x->dummy[i] = (uint8_t)(w >> 27);
		x->dummy_pattern[i] = (uint8_t)((w >> 22) & 31u);
	}
#if !EXTMEM_NOR_READ_ONLY /* the planner takes the 8D read from the profile itself (x->read_opcode) */
	if (x->read_opcode) {
		uint8_t wait = 0;
		/* The fastest speed grade the table gives sets the read's dummy count. */
		for (unsigned i = 0; i < 4 && !wait; i++)
			wait = x->dummy[i];
		b->reads |= (uint16_t)(1u << EXTMEM_SFDP_READ_8D_8D_8D);
		b->read[EXTMEM_SFDP_READ_8D_8D_8D].opcode = x->read_opcode;
		b->read[EXTMEM_SFDP_READ_8D_8D_8D].wait_states = wait;
		b->read[EXTMEM_SFDP_READ_8D_8D_8D].mode_clocks = 0;
	}
#else
	(void)b;
#endif
}

/* FF87 DWORD index of each named register bit (enum extmem_sfdp_sccr_field order). */
static const uint8_t sccr_dword[EXTMEM_SFDP_SCCR_COUNT] = {5,  6,  7,  8,  9,  10, 20, 21, 22, 23,
							   14, 15, 16, 17, 18, 19, 24, 25, 26, 27};

/* The DWORDs describing the non-volatile register set: 10, 15, 17, 19, 21, 23 and 27. */
#define SCCR_NV_DWORDS (1u << 10 | 1u << 15 | 1u << 17 | 1u << 19 | 1u << 21 | 1u << 23 | 1u << 27)

/*
 * One JESD216 bit-location DWORD, what both builds keep: 31 present, 30
 * polarity (for the dummy-cycle fields the width instead: active high), 28
 * accessed with an address, 27 address byte is A15:A8, 26:24 the bit,
 * 23:16 the address byte, 15:8 the read and 7:0 the write opcode. Fields
 * are decoded even when bit 31 is clear; `present` gates them.
 */
static void decode_sccr_bit(uint32_t d, bool dummy, uint32_t offset, struct extmem_sfdp_sccr_bit *b)
{
	uint8_t addr = (uint8_t)bits(d, 23, 16);
	b->present = bits(d, 31, 31);
	b->active_high = dummy || !bits(d, 30, 30);
	b->addressed = bits(d, 28, 28);
	b->bit = (uint8_t)bits(d, 26, 24);
	b->read_op = (uint8_t)bits(d, 15, 8);
	b->write_op = (uint8_t)bits(d, 7, 0);
	if (b->addressed)
		b->reg_addr = offset + (bits(d, 27, 27) ? (uint32_t)addr << 8 : addr);
}

#if EXTMEM_NOR_READ_ONLY
/*
 * Read-only: only the volatile fields the driver reads (dummy cycles, and
 * the octal, octal DTR, QPI, octal mode and STR/DTR enables: the even
 * fields 4 to 14, DWORDs 9, 20, 22, 14, 16, 18), so no non-volatile offset.
 */
static void decode_sccr(const struct view *v, struct extmem_sfdp_sccr *s)
{
	s->volatile_offset = dw(v, 1);
	for (unsigned f = EXTMEM_SFDP_SCCR_DUMMY_VOLATILE; f <= EXTMEM_SFDP_SCCR_STR_DTR_VOLATILE; f += 2u)
		decode_sccr_bit(dw(v, sccr_dword[f]), f == EXTMEM_SFDP_SCCR_DUMMY_VOLATILE, s->volatile_offset,
				&s->bit[f]);
}
#else
static void decode_sccr(const struct view *v, struct extmem_sfdp_sccr *s)
{
	s->ndw = (uint8_t)v->ndw;
	s->volatile_offset = dw(v, 1);
	s->nv_offset = dw(v, 2);
	s->generic_rw[0] = dw(v, 3);
	s->generic_rw[1] = dw(v, 4);
	for (unsigned i = 0; i < 3; i++)
		s->dummy_patterns[i] = dw(v, 11u + i);
	s->driver_patterns = dw(v, 28);
	for (unsigned f = 0; f < EXTMEM_SFDP_SCCR_COUNT; f++) {
		uint32_t d = dw(v, sccr_dword[f]);
		struct extmem_sfdp_sccr_bit *b = &s->bit[f];
		bool nv = (SCCR_NV_DWORDS >> sccr_dword[f]) & 1u;
		bool dummy = f == EXTMEM_SFDP_SCCR_DUMMY_VOLATILE || f == EXTMEM_SFDP_SCCR_DUMMY_NV;
		decode_sccr_bit(d, dummy, nv ? s->nv_offset : s->volatile_offset, b);
		/* What only reports read: the raw DWORD and its other bits. */
		b->dword = sccr_dword[f];
		b->raw = d;
		b->nonvolatile = nv;
		b->writable = bits(d, 29, 29);
		b->local_address = bits(d, 27, 27);
		b->addr = (uint8_t)bits(d, 23, 16);
		if (dummy)
			b->width_code = (uint8_t)bits(d, 30, 29); /* here 30:29 give the field width */
	}
}
#endif

/*
 * Each sequence is two DWORDs: its length in bits 31:24 of the first, then
 * up to 7 command bytes, most significant first (bits 23:0 of the first
 * DWORD, then all of the second).
 */
static int decode_oddr(const struct view *v, struct extmem_sfdp_oddr_seq *seq)
{
	for (unsigned s = 0; s < EXTMEM_SFDP_MAX_ODDR_SEQ && 2u * s + 1u <= v->ndw; s++) {
		uint32_t a = dw(v, 2u * s + 1u), b = dw(v, 2u * s + 2u);
		uint32_t n = a >> 24;
		/* A length beyond the 7 bytes a slot holds cannot be honoured. */
		if (n > 7u)
			return -1;
		seq[s].len = (uint8_t)n;
		/* The bytes leave the top of w: the first DWORD's low three, then the second's four. */
		uint32_t w = a << 8;
		for (unsigned k = 0; k < n; k++, w <<= 8) {
			if (k == 3u)
				w = b;
			seq[s].cmd[k] = (uint8_t)(w >> 24);
		}
	}
	return 0;
}

#endif

#if !EXTMEM_NOR_READ_ONLY
static void keep_raw(const struct view *v, struct extmem_sfdp_raw *r)
{
	r->ndw = (uint8_t)v->ndw;
	r->nkept = (uint8_t)(v->ndw < EXTMEM_SFDP_MAX_RAW ? v->ndw : EXTMEM_SFDP_MAX_RAW);
	for (unsigned i = 0; i < r->nkept; i++)
		r->dw[i] = dw(v, i + 1u);
}
#endif

#endif /* EXTMEM_SFDP_TABLES_H */
