/* SPDX-License-Identifier: MIT */
/*
 * JESD216 SFDP parser, part of sfdp.c (included by it once, after its view
 * helpers dw() and bits(); not installed, no other user): the Basic Flash
 * Parameter Table: density, the one-byte fields, the fast reads, erase
 * types and times, DWORD 20 speeds.
 */
#ifndef EXTMEM_SFDP_BFPT_H
#define EXTMEM_SFDP_BFPT_H

/* A read-only 1-line build plans 1S-1S-1S only (0Bh): no BFPT read. */
#define BFPT_READS                                                                                                     \
	(!EXTMEM_NOR_READ_ONLY || EXTMEM_NOR_HAS_WIDTH(2) || EXTMEM_NOR_HAS_WIDTH(4) || EXTMEM_NOR_HAS_WIDTH(8))

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

#endif /* EXTMEM_SFDP_BFPT_H */
