/* SPDX-License-Identifier: MIT */
/*
 * JESD216 SFDP parser: bytes in, struct extmem_sfdp out.
 *
 * Every table is read through a bounded view (pointer + DWORD count) that
 * has been checked against the image length once (a 24-bit pointer plus
 * 255 DWORDs stays far below 2^32: the sum never wraps). Field decoding
 * then asks for DWORD i of the view and gets 0 past its end, so a short
 * table simply leaves the later fields unset.
 */
#include <string.h>

#include "extmem/sfdp.h"

#define BFPT_MAX_DW 23u /* JESD216F */
/* A read-only 1-line build plans 1S-1S-1S only (0Bh): no BFPT read. */
#define BFPT_READS                                                                                                     \
	(!EXTMEM_NOR_READ_ONLY || EXTMEM_NOR_HAS_WIDTH(2) || EXTMEM_NOR_HAS_WIDTH(4) || EXTMEM_NOR_HAS_WIDTH(8))

struct view {
	const uint8_t *p;
	uint32_t ndw;
};

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* DWORD i (1-based, as JESD216 numbers them) of the view; 0 past its end. */
static uint32_t dw(const struct view *v, uint32_t i)
{
	if (i == 0 || i > v->ndw)
		return 0;
	return get_le32(v->p + (size_t)4u * (i - 1u));
}

static uint32_t bits(uint32_t x, unsigned hi, unsigned lo)
{
	return (x >> lo) & ((hi - lo >= 31u) ? 0xffffffffu : ((1u << (hi - lo + 1u)) - 1u));
}

/* Parameter header n of the image (caller checked it is inside). */
static void read_param_header(const uint8_t *image, unsigned n, struct extmem_sfdp_table *t)
{
	const uint8_t *h = image + 8u + (size_t)8u * n;

	t->id = (uint16_t)((h[7] << 8) | h[0]);
	t->minor = h[1];
	t->major = h[2];
	t->ndw = h[3];
	t->ptr = (uint32_t)h[4] | ((uint32_t)h[5] << 8) | ((uint32_t)h[6] << 16);
	t->state = EXTMEM_SFDP_TABLE_LISTED;
}

enum range_check { RANGE_OK, RANGE_PTR, RANGE_LEN, RANGE_ALIGN };

static enum range_check table_range(const struct extmem_sfdp_table *t, size_t len)
{
	/* A 24-bit pointer plus 255 DWORDs stays below 2^25: no wrap in 32 bits. */
	uint32_t end = t->ptr + 4u * t->ndw;

	if (t->ptr & 3u)
		return RANGE_ALIGN;
	if (t->ptr >= len)
		return RANGE_PTR;
	if (end > len)
		return RANGE_LEN;
	return RANGE_OK;
}

/* a is newer than b: higher minor revision, then longer. Same major assumed. */
static bool newer(const struct extmem_sfdp_table *a, const struct extmem_sfdp_table *b)
{
	if (a->minor != b->minor)
		return a->minor > b->minor;
	return a->ndw > b->ndw;
}

#if EXTMEM_NOR_READ_ONLY
/* Why a parse failed serves reports: a read-only build returns EXTMEM_ERR_FORMAT and leaves error at 0. */
#define fail(out, e, offset) ((void)(out), (void)(e), (void)(offset))
#else
static void fail(struct extmem_sfdp *out, enum extmem_sfdp_error e, uint32_t offset)
{
	out->error = (uint8_t)e;
	out->error_offset = offset;
}
#endif

/* ---- BFPT ---- */

#if BFPT_READS
static void read_mode(struct extmem_sfdp_bfpt *b, enum extmem_sfdp_read m, uint32_t half, bool supported)
{
	if (!supported)
		return;
	b->reads |= (uint16_t)(1u << m);
	b->read[m].wait_states = (uint8_t)bits(half, 4, 0);
	b->read[m].mode_clocks = (uint8_t)bits(half, 7, 5);
	b->read[m].opcode = (uint8_t)bits(half, 15, 8);
}
#endif

static int decode_density(uint32_t d2, uint64_t *size)
{
	if (d2 & 0x80000000u) {
		uint32_t n = d2 & 0x7fffffffu;
		/* 2^N bits; 2^46 bits = 8 TiB: far beyond any serial NOR; rejects garbage. */
		if (n < 3u || n > 46u)
			return -1;
		*size = (uint64_t)1 << (n - 3u);
		return 0;
	}
	/* N + 1 bits, N below 2^31: whole bytes only. */
	if ((d2 + 1u) & 7u)
		return -1;
	*size = (d2 + 1u) >> 3;
	return 0;
}

#if !EXTMEM_NOR_READ_ONLY
/* DWORD 10 erase time units: 1 ms, 16 ms, 128 ms, 1 s. */
static uint32_t erase_time_ms(uint32_t count, uint32_t unit)
{
	static const uint16_t unit_ms[4] = {1, 16, 128, 1000};

	return (count + 1u) * unit_ms[unit & 3u];
}

static void decode_bfpt_timing(const struct view *v, struct extmem_sfdp_bfpt *b)
{
	uint32_t d10 = dw(v, 10), d11 = dw(v, 11), d12 = dw(v, 12), d13 = dw(v, 13), d14 = dw(v, 14);
	static const uint16_t lat_ns[4] = {128, 1000, 8000, 64000};
	static const uint32_t chip_ms[4] = {16, 256, 4000, 64000};

	if (v->ndw >= 10) {
		uint32_t mult = 2u * (bits(d10, 3, 0) + 1u);
		b->erase_max_mult = (uint8_t)mult;
		const unsigned lo[4] = {4, 11, 18, 25};
		for (unsigned i = 0; i < 4; i++) {
			if (!b->erase[i].size)
				continue;
			b->erase[i].typ_ms =
				erase_time_ms(bits(d10, lo[i] + 4u, lo[i]), bits(d10, lo[i] + 6u, lo[i] + 5u));
			b->erase[i].max_ms = mult * b->erase[i].typ_ms;
		}
		if (v->ndw >= 11) {
			uint32_t pmult = 2u * (bits(d11, 3, 0) + 1u);
			b->prog_max_mult = (uint8_t)pmult;
			b->page_size = (uint16_t)(1u << bits(d11, 7, 4));
			b->page_prog_typ_us = (bits(d11, 12, 8) + 1u) * (bits(d11, 13, 13) ? 64u : 8u);
			b->page_prog_max_us = pmult * b->page_prog_typ_us;
			b->byte_prog_first_typ_us = (bits(d11, 17, 14) + 1u) * (bits(d11, 18, 18) ? 8u : 1u);
			b->byte_prog_next_typ_us = (bits(d11, 22, 19) + 1u) * (bits(d11, 23, 23) ? 8u : 1u);
			b->byte_prog_first_max_us = pmult * b->byte_prog_first_typ_us;
			b->byte_prog_next_max_us = pmult * b->byte_prog_next_typ_us;
			b->chip_erase_typ_ms = (bits(d11, 28, 24) + 1u) * chip_ms[bits(d11, 30, 29)];
			/* The DWORD 10 multiplier covers chip erase too. */
			b->chip_erase_max_ms = mult * b->chip_erase_typ_ms;
		}
	}
	if (v->ndw >= 13) {
		/* Bit 31 clear = supported; the fields are decoded either way. */
		b->suspend = !bits(d12, 31, 31);
		b->prog_suspend_prohibited = (uint8_t)bits(d12, 3, 0);
		b->erase_suspend_prohibited = (uint8_t)bits(d12, 7, 4);
		b->prog_resume_to_suspend_us = (bits(d12, 12, 9) + 1u) * 64u;
		b->prog_suspend_latency_ns = (bits(d12, 17, 13) + 1u) * lat_ns[bits(d12, 19, 18)];
		b->erase_resume_to_suspend_us = (bits(d12, 23, 20) + 1u) * 64u;
		b->erase_suspend_latency_ns = (bits(d12, 28, 24) + 1u) * lat_ns[bits(d12, 30, 29)];
		b->prog_resume_op = (uint8_t)bits(d13, 7, 0);
		b->prog_suspend_op = (uint8_t)bits(d13, 15, 8);
		b->erase_resume_op = (uint8_t)bits(d13, 23, 16);
		b->erase_suspend_op = (uint8_t)bits(d13, 31, 24);
	}
	if (v->ndw >= 14) {
		b->dpd = !bits(d14, 31, 31);
		b->dpd_enter_op = (uint8_t)bits(d14, 30, 23);
		b->dpd_exit_op = (uint8_t)bits(d14, 22, 15);
		b->dpd_exit_delay_ns = (bits(d14, 12, 8) + 1u) * lat_ns[bits(d14, 14, 13)];
		/* Bits 7:2; bits 7:4 are reserved and read as 1 on most parts. */
		b->busy_poll = (uint8_t)bits(d14, 3, 2);
		b->busy_poll_bits = (uint8_t)bits(d14, 7, 2);
	}
}
#else
/* Read-only: of DWORDs 10-14 only the page size (reported) and the busy polling (used by every wait). */
static void decode_bfpt_timing(const struct view *v, struct extmem_sfdp_bfpt *b)
{
	if (v->ndw >= 11)
		b->page_size = (uint16_t)(1u << bits(dw(v, 11), 7, 4));
	if (v->ndw >= 14)
		b->busy_poll = (uint8_t)bits(dw(v, 14), 3, 2);
}
#endif

/* DWORD 20 speed codes, MHz; 0 = reserved / not characterised. */
static uint16_t speed_mhz(uint32_t code)
{
	static const uint16_t mhz[16] = {0, 33, 50, 66, 80, 100, 133, 166, 200, 250, 266, 333, 400, 0, 0, 0};

	return mhz[code & 15u];
}

/*
 * The one-byte BFPT fields, as a table: the struct member, its DWORD and its
 * bits. A DWORD past the table's end reads 0, so a short table leaves its
 * later fields 0 with no length check per field.
 */
struct bfpt_field {
	uint8_t off;             /* offsetof(struct extmem_sfdp_bfpt, member): uint8_t or bool members only */
	uint8_t dword, lo, mask; /* the field is (DWORD >> lo) & mask: 8 bits at most */
};

#define BFPT_FIELD(m, d, hi, lo)                                                                                       \
	{                                                                                                              \
		offsetof(struct extmem_sfdp_bfpt, m), d, lo, (1u << ((hi) - (lo) + 1)) - 1u                            \
	}

/* The fields of quad (QPI entry, quad enable) and octal (command extension, OPI entry) only where planned. */
static const struct bfpt_field bfpt_fields[] = {
	BFPT_FIELD(addr_bytes, 1, 18, 17),
	BFPT_FIELD(addr4_enter, 16, 31, 24),
#if EXTMEM_NOR_HAS_WIDTH(4)
	BFPT_FIELD(qpi_enable, 15, 8, 4),
	BFPT_FIELD(qer, 15, 22, 20),
#endif
#if EXTMEM_NOR_HAS_WIDTH(8)
	BFPT_FIELD(octal_ext, 18, 30, 29),
	BFPT_FIELD(opi_enable, 19, 8, 4),
#endif
#if !EXTMEM_NOR_READ_ONLY /* and what no read-only consumer reads */
	BFPT_FIELD(dtr, 1, 19, 19),
	BFPT_FIELD(qpi_disable, 15, 3, 0),
	BFPT_FIELD(octal_swapped, 18, 31, 31),
	BFPT_FIELD(opi_disable, 19, 3, 0),
	BFPT_FIELD(oer, 19, 22, 20),
	BFPT_FIELD(erase_4k_bits, 1, 1, 0),
	BFPT_FIELD(write_gran_64, 1, 2, 2),
	BFPT_FIELD(volatile_sr, 1, 3, 3),
	BFPT_FIELD(erase_4k_opcode, 1, 15, 8),
	BFPT_FIELD(mode_044, 15, 9, 9),
	BFPT_FIELD(mode_044_exit, 15, 15, 10),
	BFPT_FIELD(mode_044_entry, 15, 19, 16),
	BFPT_FIELD(hold_reset_disable, 15, 23, 23),
	BFPT_FIELD(sr1_write, 16, 6, 0),
	BFPT_FIELD(soft_reset, 16, 13, 8),
	BFPT_FIELD(drive_strength, 18, 22, 18),
	BFPT_FIELD(inband_reset, 18, 23, 23),
	BFPT_FIELD(ds_str_waveform, 18, 25, 24),
	BFPT_FIELD(ds_qpi_str, 18, 26, 26),
	BFPT_FIELD(ds_qpi_dtr, 18, 27, 27),
	BFPT_FIELD(mode_088, 19, 9, 9),
	BFPT_FIELD(mode_088_exit, 19, 15, 10),
	BFPT_FIELD(mode_088_entry, 19, 19, 16),
#endif
};

/*
 * The fast reads of the BFPT: protocol, the DWORD holding its opcode/wait
 * half (the upper half: shift 16), and the DWORD and bit saying it is supported
 * (DWORD 0: supported when the opcode is not 00h, as DWORD 17 has no bits).
 */
#if BFPT_READS
static const struct {
	uint8_t mode, dword, shift, sup_dword, sup_bit;
} bfpt_reads[] = {
#if EXTMEM_NOR_HAS_WIDTH(2)
	{EXTMEM_SFDP_READ_1_1_2, 4, 0, 1, 16},      {EXTMEM_SFDP_READ_1_2_2, 4, 16, 1, 20},
#endif
#if EXTMEM_NOR_HAS_WIDTH(4)
	{EXTMEM_SFDP_READ_1_4_4, 3, 0, 1, 21},      {EXTMEM_SFDP_READ_1_1_4, 3, 16, 1, 22},
	{EXTMEM_SFDP_READ_4_4_4, 7, 16, 5, 4},
#endif
#if EXTMEM_NOR_HAS_WIDTH(8)
	{EXTMEM_SFDP_READ_1_8_8, 17, 0, 0, 0},      {EXTMEM_SFDP_READ_1_1_8, 17, 16, 0, 0},
#endif
#if !EXTMEM_NOR_READ_ONLY /* the driver plans none of these */
	{EXTMEM_SFDP_READ_2_2_2, 6, 16, 5, 0},      {EXTMEM_SFDP_READ_1S_1D_1D, 22, 0, 21, 0},
	{EXTMEM_SFDP_READ_1S_2D_2D, 22, 16, 21, 1}, {EXTMEM_SFDP_READ_1S_4D_4D, 23, 0, 21, 2},
	{EXTMEM_SFDP_READ_4S_4D_4D, 23, 16, 21, 3},
#endif
};
#endif

static int decode_bfpt(const struct view *v, struct extmem_sfdp_bfpt *b)
{
	if (decode_density(dw(v, 2), &b->size))
		return -1;
	for (size_t i = 0; i < sizeof(bfpt_fields) / sizeof(bfpt_fields[0]); i++) {
		const struct bfpt_field *f = &bfpt_fields[i];
		((uint8_t *)b)[f->off] = (uint8_t)((dw(v, f->dword) >> f->lo) & f->mask);
	}
	b->page_size = 256; /* JESD216 v1.0 tables have no page size field */
#if BFPT_READS
	for (size_t i = 0; i < sizeof(bfpt_reads) / sizeof(bfpt_reads[0]); i++) {
		uint32_t half = dw(v, bfpt_reads[i].dword) >> bfpt_reads[i].shift;
		/* DWORDs 21-23 come together (JESD216F): a table that ends inside them has none. */
		bool sup = bfpt_reads[i].sup_dword == 0 ? (half & 0xff00u) != 0
			   : !EXTMEM_NOR_READ_ONLY && bfpt_reads[i].sup_dword == 21 && v->ndw < 23
				   ? false
				   : (dw(v, bfpt_reads[i].sup_dword) >> bfpt_reads[i].sup_bit) & 1u;
		read_mode(b, (enum extmem_sfdp_read)bfpt_reads[i].mode, half & 0xffffu, sup);
	}
#endif
#if !EXTMEM_NOR_READ_ONLY
	b->erase_4k = b->erase_4k_bits == 1u;
	b->volatile_sr_wren = bits(dw(v, 1), 4, 4) ? 0x06 : 0x50;
	b->addr4_exit = (uint16_t)bits(dw(v, 16), 23, 14);
	for (unsigned i = 0; i < 4; i++) {
		uint32_t half = bits(dw(v, 8u + i / 2u), (i & 1u) ? 31 : 15, (i & 1u) ? 16 : 0);
		uint32_t n = bits(half, 7, 0);
		/* Size exponent 0 means absent; above 31 cannot be a NOR erase unit. */
		if (n == 0 || n > 31u)
			continue;
		b->erase[i].size = 1u << n;
		b->erase[i].opcode = (uint8_t)bits(half, 15, 8);
	}
#endif
	decode_bfpt_timing(v, b);
	if (v->ndw >= 20) {
		uint32_t d20 = dw(v, 20);
		for (unsigned i = 0; i < 8; i++) {
			uint32_t code = (d20 >> (4u * i)) & 15u;
#if !EXTMEM_NOR_READ_ONLY
			b->max_speed_code[i / 2u][i & 1u] = (uint8_t)code;
#endif
			b->max_mhz[i / 2u][i & 1u] = speed_mhz(code);
		}
	}
	b->addr4_only = b->addr_bytes == EXTMEM_SFDP_ADDR_4 || (b->addr4_enter & EXTMEM_SFDP_4B_ENTER_ALWAYS);
#if !EXTMEM_NOR_READ_ONLY
	b->min_erase_size = b->erase_4k ? 4096u : 0u;
	for (unsigned i = 0; i < 4; i++)
		if (b->erase[i].size && (!b->min_erase_size || b->erase[i].size < b->min_erase_size))
			b->min_erase_size = b->erase[i].size;
#endif
	return 0;
}

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
	for (unsigned i = 0; i < 4; i++) {
		uint32_t d = (i ? d5 : d4) >> (i ? 32u - 10u * i : 2u);
		x->dummy[i] = (uint8_t)((d >> 5) & 31u);
		x->dummy_pattern[i] = (uint8_t)(d & 31u);
	}
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
}

/* FF87 DWORD index of each named register bit (enum extmem_sfdp_sccr_field order). */
static const uint8_t sccr_dword[EXTMEM_SFDP_SCCR_COUNT] = {5,  6,  7,  8,  9,  10, 20, 21, 22, 23,
							   14, 15, 16, 17, 18, 19, 24, 25, 26, 27};

/* The DWORDs describing the non-volatile register set: 10, 15, 17, 19, 21, 23 and 27. */
#define SCCR_NV_DWORDS (1u << 10 | 1u << 15 | 1u << 17 | 1u << 19 | 1u << 21 | 1u << 23 | 1u << 27)

static void decode_sccr(const struct view *v, struct extmem_sfdp_sccr *s)
{
#if !EXTMEM_NOR_READ_ONLY
	s->ndw = (uint8_t)v->ndw;
#endif
	s->volatile_offset = dw(v, 1);
	s->nv_offset = dw(v, 2);
#if !EXTMEM_NOR_READ_ONLY
	s->generic_rw[0] = dw(v, 3);
	s->generic_rw[1] = dw(v, 4);
	for (unsigned i = 0; i < 3; i++)
		s->dummy_patterns[i] = dw(v, 11u + i);
	s->driver_patterns = dw(v, 28);
#endif
	for (unsigned f = 0; f < EXTMEM_SFDP_SCCR_COUNT; f++) {
		uint32_t d = dw(v, sccr_dword[f]);
		struct extmem_sfdp_sccr_bit *b = &s->bit[f];
		bool nv = (SCCR_NV_DWORDS >> sccr_dword[f]) & 1u, local = bits(d, 27, 27);
		uint8_t addr = (uint8_t)bits(d, 23, 16);
		/* Fields are decoded even when bit 31 is clear; `present` gates them. */
		/* JESD216 bit-location DWORD: 30 polarity, 29 DWORD-specific,
		 * 28 accessed with an address, 27 address byte is A15:A8. */
		b->present = bits(d, 31, 31);
		b->active_high = !bits(d, 30, 30);
		b->addressed = bits(d, 28, 28);
		b->bit = (uint8_t)bits(d, 26, 24);
		b->read_op = (uint8_t)bits(d, 15, 8);
		b->write_op = (uint8_t)bits(d, 7, 0);
#if !EXTMEM_NOR_READ_ONLY /* what only reports read */
		b->dword = sccr_dword[f];
		b->raw = d;
		b->nonvolatile = nv;
		b->writable = bits(d, 29, 29);
		b->local_address = local;
		b->addr = addr;
#endif
		if (f == EXTMEM_SFDP_SCCR_DUMMY_VOLATILE || f == EXTMEM_SFDP_SCCR_DUMMY_NV) {
			/* Here 30:29 give the field width, not a polarity. */
#if !EXTMEM_NOR_READ_ONLY
			b->width_code = (uint8_t)bits(d, 30, 29);
#endif
			b->active_high = true;
		}
		if (b->addressed)
			b->reg_addr = (nv ? s->nv_offset : s->volatile_offset) + (local ? (uint32_t)addr << 8 : addr);
	}
}

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
		for (unsigned k = 0; k < n; k++)
			seq[s].cmd[k] = (uint8_t)(k < 3u ? a >> (16u - 8u * k) : b >> (48u - 8u * k));
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

/* ---- top level ---- */

#if EXTMEM_NOR_READ_ONLY && !EXTMEM_NOR_HAS_WIDTH(8)
static const uint16_t known_ids[] = {EXTMEM_SFDP_ID_4BAIT}; /* the others serve octal only */
#elif EXTMEM_NOR_READ_ONLY
static const uint16_t known_ids[] = {EXTMEM_SFDP_ID_4BAIT, EXTMEM_SFDP_ID_XSPI1, EXTMEM_SFDP_ID_SCCR,
				     EXTMEM_SFDP_ID_ODDR_SEQ};
#else
static const uint16_t known_ids[] = {EXTMEM_SFDP_ID_SMAP, EXTMEM_SFDP_ID_4BAIT,      EXTMEM_SFDP_ID_XSPI1,
				     EXTMEM_SFDP_ID_SCCR, EXTMEM_SFDP_ID_SCCR_MULTI, EXTMEM_SFDP_ID_ODDR_SEQ};
#endif

/*
 * The SFDP header's first problem (signature, major revision, header
 * count), EXTMEM_SFDP_E_NONE when there is none; the parser and
 * extmem_sfdp_image_span share it. The caller checked len >= 8.
 */
static enum extmem_sfdp_error header_error(const uint8_t *image)
{
	if (memcmp(image, "SFDP", 4) != 0)
		return EXTMEM_SFDP_E_BAD_SIGNATURE;
	if (image[5] != 1u)
		return EXTMEM_SFDP_E_UNSUPPORTED_MAJOR;
	/* NPH = FFh (erased flash) gives 256; no real part lists that many. */
	if (image[6] + 1u > EXTMEM_SFDP_MAX_HEADERS)
		return EXTMEM_SFDP_E_HEADER_COUNT_HUGE;
	return EXTMEM_SFDP_E_NONE;
}

static int check_header(const uint8_t *image, size_t len, struct extmem_sfdp *out)
{
	static const uint8_t offset[] = {[EXTMEM_SFDP_E_BAD_SIGNATURE] = 0,
					 [EXTMEM_SFDP_E_UNSUPPORTED_MAJOR] = 5,
					 [EXTMEM_SFDP_E_HEADER_COUNT_HUGE] = 6};
	if (len < 8u) {
		fail(out, EXTMEM_SFDP_E_TRUNCATED_HEADER, (uint32_t)len);
		return -1;
	}
	enum extmem_sfdp_error e = header_error(image);
	if (e != EXTMEM_SFDP_E_BAD_SIGNATURE) {
#if !EXTMEM_NOR_READ_ONLY
		out->minor = image[4];
		out->major = image[5];
		out->access_protocol = image[7];
#endif
		out->nheaders = (uint16_t)(image[6] + 1u);
	}
	if (e != EXTMEM_SFDP_E_NONE) {
		fail(out, e, offset[e]);
		return -1;
	}
	if (len < 8u + 8u * (size_t)out->nheaders) { /* at most 64 headers: no wrap */
		fail(out, EXTMEM_SFDP_E_TRUNCATED_PARAM_HDRS, (uint32_t)len);
		return -1;
	}
	return 0;
}

/*
 * Newest usable header with this ID (index into the image's headers), or -1:
 * major revision 1, inside the image, at least min_ndw DWORDs. Of two with
 * the same revision and length, the first.
 */
static int pick_table(const uint8_t *image, size_t len, unsigned nheaders, uint16_t id, unsigned min_ndw)
{
	struct extmem_sfdp_table t, best = {0};
	int pick = -1;

	for (unsigned n = 0; n < nheaders; n++) {
		read_param_header(image, n, &t);
		if (t.id != id || t.major != 1u || table_range(&t, len) != RANGE_OK || t.ndw < min_ndw)
			continue;
		if (pick < 0 || newer(&t, &best)) {
			best = t;
			pick = (int)n;
		}
	}
	return pick;
}

/*
 * Picks the BFPT: the newest major-1 header of at least 9 DWORDs that lies
 * inside the image. None: the problem of the first one (which must be a
 * BFPT) is the one reported.
 */
static int pick_bfpt(const uint8_t *image, size_t len, struct extmem_sfdp *out, struct extmem_sfdp_table *best)
{
	struct extmem_sfdp_table t;
	enum extmem_sfdp_error e = EXTMEM_SFDP_E_BFPT_MAJOR;
	uint32_t off = 10; /* the offset of the field at fault in header 0 */

	read_param_header(image, 0, &t);
	if (t.id != EXTMEM_SFDP_ID_BFPT) {
		fail(out, EXTMEM_SFDP_E_FIRST_NOT_BFPT, 8);
		return -1;
	}
	int n = pick_table(image, len, out->nheaders, EXTMEM_SFDP_ID_BFPT, 9);
	if (n >= 0) {
		read_param_header(image, (unsigned)n, best);
		return 0;
	}
#if !EXTMEM_NOR_READ_ONLY
	if (t.major == 1u) {
		off = 11;
		e = EXTMEM_SFDP_E_BFPT_TOO_SHORT;
		if (t.ndw >= 9u) {
			static const uint8_t range_error[] = {
				[RANGE_PTR] = EXTMEM_SFDP_E_POINTER_OUT_OF_RANGE,
				[RANGE_LEN] = EXTMEM_SFDP_E_LENGTH_PAST_END,
				[RANGE_ALIGN] = EXTMEM_SFDP_E_POINTER_MISALIGNED,
			};
			off = 12;
			e = (enum extmem_sfdp_error)range_error[table_range(&t, len)];
		}
	}
#endif
	fail(out, e, off);
	return -1;
}

#if !EXTMEM_NOR_READ_ONLY
static void list_tables(const uint8_t *image, struct extmem_sfdp *out)
{
	unsigned n = out->nheaders < EXTMEM_SFDP_MAX_TABLES ? out->nheaders : EXTMEM_SFDP_MAX_TABLES;

	for (unsigned i = 0; i < n; i++)
		read_param_header(image, i, &out->table[i]);
	out->ntables = (uint8_t)n;
}
#else
#define list_tables(image, out) ((void)0) /* the table list serves reports */
#endif

static void set_state(struct extmem_sfdp *out, unsigned n, enum extmem_sfdp_table_state s)
{
#if EXTMEM_NOR_READ_ONLY
	(void)out, (void)n, (void)s; /* the table list's states serve reports */
#else
	if (n < out->ntables)
		out->table[n].state = (uint8_t)s;
#endif
}

#if !EXTMEM_NOR_READ_ONLY
/* Every region must be whole erase units of the smallest erase type. */
static int check_smap_geometry(struct extmem_sfdp *out, uint32_t ptr)
{
	uint32_t unit = out->bfpt.min_erase_size;

	for (unsigned c = 0; c < out->smap.nconfigs; c++) {
		const struct extmem_sfdp_smap_config *cf = &out->smap.config[c];
		for (unsigned r = 0; unit && r < cf->nregions; r++)
			if (out->smap.region[cf->first + r].size % unit) {
				fail(out, EXTMEM_SFDP_E_SMAP_REGION_NOT_ERASE_MULTIPLE, ptr);
				return -1;
			}
	}
	return 0;
}

#endif

static int decode_optional(const uint8_t *image, size_t len, struct extmem_sfdp *out)
{
#if !EXTMEM_NOR_READ_ONLY
	/* First mark what cannot be used, so every listed table gets a state. */
	for (unsigned i = 0; i < out->ntables; i++) {
		struct extmem_sfdp_table *t = &out->table[i];
		bool known = false;
		for (unsigned k = 0; k < sizeof(known_ids) / sizeof(known_ids[0]); k++)
			known = known || t->id == known_ids[k];
		if (!known)
			continue;
		if (table_range(t, len) != RANGE_OK)
			t->state = EXTMEM_SFDP_TABLE_OUT_OF_RANGE;
		else if (t->major != 1u)
			t->state = EXTMEM_SFDP_TABLE_UNSUPPORTED;
		else if (t->ndw == 0)
			t->state = EXTMEM_SFDP_TABLE_MALFORMED;
		else
			t->state = EXTMEM_SFDP_TABLE_SUPERSEDED; /* until picked below */
	}
#endif
	for (unsigned k = 0; k < sizeof(known_ids) / sizeof(known_ids[0]); k++) {
		struct extmem_sfdp_table t;
		struct view v;
		int n = pick_table(image, len, out->nheaders, known_ids[k], 1);
		int bad = 0;
		if (n < 0)
			continue;
		read_param_header(image, (unsigned)n, &t);
		v.p = image + t.ptr;
		v.ndw = t.ndw;
		switch (t.id) {
#if !EXTMEM_NOR_READ_ONLY
		case EXTMEM_SFDP_ID_SMAP:
			bad = decode_smap(&v, &out->smap);
			if (bad == SMAP_WRAPS) {
				fail(out, EXTMEM_SFDP_E_SMAP_REGION_WRAPS, t.ptr);
				return -1;
			}
			if (bad) {
				memset(&out->smap, 0, sizeof(out->smap));
			} else {
				out->has |= EXTMEM_SFDP_HAS_SMAP;
				if (check_smap_geometry(out, t.ptr))
					return -1;
			}
			break;
#endif
		case EXTMEM_SFDP_ID_4BAIT:
			decode_4bait(&v, &out->bait, &out->bfpt);
			out->has |= EXTMEM_SFDP_HAS_4BAIT;
			break;
#if SFDP_OCTAL_TABLES
		case EXTMEM_SFDP_ID_XSPI1:
			decode_xspi(&v, &out->xspi, &out->bfpt);
			out->has |= EXTMEM_SFDP_HAS_XSPI;
			break;
		case EXTMEM_SFDP_ID_SCCR:
			decode_sccr(&v, &out->sccr);
			out->has |= EXTMEM_SFDP_HAS_SCCR;
			break;
#endif
#if !EXTMEM_NOR_READ_ONLY
		case EXTMEM_SFDP_ID_SCCR_MULTI:
			keep_raw(&v, &out->sccr_multi);
			out->has |= EXTMEM_SFDP_HAS_SCCR_MULTI;
			break;
#endif
#if SFDP_OCTAL_TABLES
		case EXTMEM_SFDP_ID_ODDR_SEQ:
			bad = decode_oddr(&v, out->oddr);
			if (bad)
				memset(out->oddr, 0, sizeof(out->oddr));
			else
				out->has |= EXTMEM_SFDP_HAS_ODDR;
			break;
#endif
		default: break;
		}
		set_state(out, (unsigned)n, bad ? EXTMEM_SFDP_TABLE_MALFORMED : EXTMEM_SFDP_TABLE_DECODED);
	}
	return 0;
}

int extmem_sfdp_parse(const uint8_t *image, size_t len, struct extmem_sfdp *out)
{
	struct extmem_sfdp_table bt = {0};
	struct view v;

	if (!out)
		return EXTMEM_ERR_INVALID;
	memset(out, 0, sizeof(*out));
	if (!image)
		return EXTMEM_ERR_INVALID;
	if (check_header(image, len, out))
		return EXTMEM_ERR_FORMAT;
	list_tables(image, out);
	if (pick_bfpt(image, len, out, &bt))
		return EXTMEM_ERR_FORMAT;

	v.p = image + bt.ptr;
	v.ndw = bt.ndw < BFPT_MAX_DW ? bt.ndw : BFPT_MAX_DW;
#if !EXTMEM_NOR_READ_ONLY
	out->bfpt.major = bt.major;
	out->bfpt.minor = bt.minor;
	out->bfpt.ndw_stated = bt.ndw;
#endif
	out->bfpt.ndw = (uint8_t)v.ndw;
	if (decode_bfpt(&v, &out->bfpt)) {
		fail(out, EXTMEM_SFDP_E_BAD_DENSITY, bt.ptr + 4u);
		return EXTMEM_ERR_FORMAT;
	}
#if !EXTMEM_NOR_READ_ONLY
	/* A part is erased in whole units: a density that is not is corrupt (erase sizes are powers of two). */
	if (out->bfpt.min_erase_size && (out->bfpt.size & (out->bfpt.min_erase_size - 1u))) {
		fail(out, EXTMEM_SFDP_E_DENSITY_NOT_ERASE_MULTIPLE, bt.ptr + 4u);
		return EXTMEM_ERR_FORMAT;
	}
	for (unsigned i = 0; i < out->ntables; i++) {
		struct extmem_sfdp_table *t = &out->table[i];
		if (t->id != EXTMEM_SFDP_ID_BFPT)
			continue;
		if (t->ptr == bt.ptr && t->ndw == bt.ndw && t->minor == bt.minor && t->major == bt.major)
			t->state = EXTMEM_SFDP_TABLE_DECODED;
		else if (t->major != 1u)
			t->state = EXTMEM_SFDP_TABLE_UNSUPPORTED;
		else if (table_range(t, len) != RANGE_OK)
			t->state = EXTMEM_SFDP_TABLE_OUT_OF_RANGE;
		else if (t->ndw < 9u)
			t->state = EXTMEM_SFDP_TABLE_MALFORMED;
		else
			t->state = EXTMEM_SFDP_TABLE_SUPERSEDED;
	}
#endif
	if (decode_optional(image, len, out))
		return EXTMEM_ERR_FORMAT;
	return EXTMEM_OK;
}

int extmem_sfdp_image_span(const uint8_t *image, size_t len, uint32_t *span, enum extmem_sfdp_error *err)
{
	struct extmem_sfdp_table t;
	enum extmem_sfdp_error e = EXTMEM_SFDP_E_NONE;
	uint32_t nh, end;

	if (err)
		*err = EXTMEM_SFDP_E_NONE;
	if (!image || !span)
		return EXTMEM_ERR_INVALID;
	*span = 8;
	if (len < 8u)
		e = EXTMEM_SFDP_E_TRUNCATED_HEADER; /* read the 8-byte header first */
	else
		e = header_error(image);
	if (err)
		*err = e;
	if (e != EXTMEM_SFDP_E_NONE)
		return len < 8u ? EXTMEM_OK : EXTMEM_ERR_FORMAT;
	nh = image[6] + 1u;
	end = 8u + 8u * nh;
	if (len < end) {
		*span = end;
		return EXTMEM_OK;
	}
	for (unsigned n = 0; n < nh; n++) {
		read_param_header(image, n, &t);
		/* At most 0xFFFFFF + 1020: no overflow in 32 bits. */
		uint32_t last = t.ptr + 4u * t.ndw;
		if (last > end)
			end = last;
	}
	*span = end;
	return EXTMEM_OK;
}

const char *extmem_sfdp_error_name(int error)
{
	static const char *const names[EXTMEM_SFDP_E_COUNT] = {
		"none",
		"truncated SFDP header",
		"bad signature",
		"unsupported SFDP major revision",
		"header count too large",
		"truncated parameter headers",
		"first parameter header is not the BFPT",
		"no BFPT with major revision 1",
		"BFPT shorter than 9 DWORDs",
		"BFPT pointer out of range",
		"BFPT length past the end of the image",
		"BFPT pointer not DWORD-aligned",
		"bad BFPT density",
		"density not a multiple of the smallest erase size",
		"sector-map region not a multiple of the smallest erase size",
		"sector-map region size wraps 32 bits",
	};

	if (error < 0 || error >= EXTMEM_SFDP_E_COUNT)
		return "unknown";
	return names[error];
}

const char *extmem_sfdp_read_name(int read)
{
	static const char *const names[EXTMEM_SFDP_READ_COUNT] = {
		"1-1-2", "1-2-2",    "2-2-2",    "1-1-4",    "1-4-4",    "4-4-4",   "1-1-8",
		"1-8-8", "1S-1D-1D", "1S-2D-2D", "1S-4D-4D", "4S-4D-4D", "8D-8D-8D"};

	if (read < 0 || read >= EXTMEM_SFDP_READ_COUNT)
		return "unknown";
	return names[read];
}

const char *extmem_sfdp_table_name(uint16_t id)
{
	switch (id) {
	case EXTMEM_SFDP_ID_BFPT: return "Basic Flash Parameter Table";
	case EXTMEM_SFDP_ID_XSPI1: return "xSPI Profile 1.0";
	case 0xff06u: return "xSPI Profile 2.0";
	case EXTMEM_SFDP_ID_ODDR_SEQ: return "Command Sequences to Octal DDR";
	case EXTMEM_SFDP_ID_SMAP: return "Sector Map";
	case 0xff03u: return "Replay Protected Monotonic Counters";
	case EXTMEM_SFDP_ID_4BAIT: return "4-byte Address Instruction Table";
	case EXTMEM_SFDP_ID_SCCR: return "Status, Control and Configuration Register Map";
	case EXTMEM_SFDP_ID_SCCR_MULTI: return "SCCR Map for multi-chip devices";
	case 0xff09u: return "Quad I/O with DS";
	default: break;
	}
	/* Before JESD216B, vendor tables also had FFh as the ID MSB. */
	return (id >> 8) == 0xffu ? "unknown (JEDEC, or pre-1.6 vendor)" : "vendor table";
}

const char *extmem_sfdp_table_state_name(int state)
{
	switch (state) {
	case EXTMEM_SFDP_TABLE_LISTED: return "listed";
	case EXTMEM_SFDP_TABLE_DECODED: return "decoded";
	case EXTMEM_SFDP_TABLE_SUPERSEDED: return "superseded";
	case EXTMEM_SFDP_TABLE_OUT_OF_RANGE: return "out of range";
	case EXTMEM_SFDP_TABLE_MALFORMED: return "malformed";
	case EXTMEM_SFDP_TABLE_UNSUPPORTED: return "unsupported revision";
	default: break;
	}
	return "unknown";
}

const char *extmem_sfdp_sccr_field_name(int field)
{
	static const char *const names[EXTMEM_SFDP_SCCR_COUNT] = {"write in progress",
								  "write enable latch",
								  "program error",
								  "erase error",
								  "dummy cycles (volatile)",
								  "dummy cycles (non-volatile)",
								  "octal mode (volatile)",
								  "octal mode (non-volatile)",
								  "octal DTR (volatile)",
								  "octal DTR (non-volatile)",
								  "QPI enable (volatile)",
								  "QPI enable (non-volatile)",
								  "octal enable (volatile)",
								  "octal enable (non-volatile)",
								  "STR/DTR select (volatile)",
								  "STR/DTR select (non-volatile)",
								  "deep power-down status",
								  "ultra deep power-down status",
								  "driver strength (volatile)",
								  "driver strength (non-volatile)"};

	if (field < 0 || field >= EXTMEM_SFDP_SCCR_COUNT)
		return "unknown";
	return names[field];
}

#if !EXTMEM_NOR_READ_ONLY
int extmem_sfdp_smap_select(const struct extmem_sfdp *desc, const uint8_t *read, unsigned nread,
			    const struct extmem_sfdp_smap_config **config)
{
	const struct extmem_sfdp_smap *m;
	unsigned id = 0;

	if (!desc || !config || !(desc->has & EXTMEM_SFDP_HAS_SMAP))
		return EXTMEM_ERR_INVALID;
	*config = NULL;
	m = &desc->smap;
	if (nread != m->ndetect || (nread && !read))
		return EXTMEM_ERR_INVALID;
	if (m->truncated)
		return EXTMEM_ERR_FORMAT; /* the right configuration may be among those dropped */
	if (m->ndetect == 0) {
		if (m->nconfigs != 1)
			return EXTMEM_ERR_FORMAT;
		*config = &m->config[0];
		return EXTMEM_OK;
	}
	/* First command = most significant bit of the ID. */
	for (unsigned i = 0; i < m->ndetect; i++)
		id = (id << 1) | ((read[i] & m->detect[i].mask) ? 1u : 0u);
	for (unsigned c = 0; c < m->nconfigs; c++)
		if (m->config[c].id == id) {
			*config = &m->config[c];
			return EXTMEM_OK;
		}
	return EXTMEM_ERR_FORMAT;
}
#endif
