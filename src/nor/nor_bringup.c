/* SPDX-License-Identifier: MIT */
/*
 * Bring-up: reset, JEDEC ID and SFDP in 1S-1S-1S, then a small state
 * machine over the planner's candidates (nor_plan.c). For each: run its
 * entry steps, waiting for ready after every one; set the clock and the
 * read latency for the clock reached; prove the protocol with data that is
 * never blank; on any failure, reset the part to 1S-1S-1S, record why, and
 * try the next slower candidate. Init fails only when 1S-1S-1S itself
 * fails, and every exit leaves the part in a protocol deinit can leave.
 * EXTMEM_NOR_READ_ONLY (a Boot) leaves out what serves program and erase:
 * erase types and timeouts, the sector map, write protection, the error
 * flags of status register 1, and the re-proof after a first program.
 */
#include <string.h>

#include "nor_fixed.h"

static const char *const stage_names[EXTMEM_NOR_STAGE_COUNT] = {
	[EXTMEM_NOR_STAGE_NONE] = "none",
	[EXTMEM_NOR_STAGE_RESET] = "reset",
	[EXTMEM_NOR_STAGE_ID] = "jedec-id",
	[EXTMEM_NOR_STAGE_SFDP] = "sfdp",
	[EXTMEM_NOR_STAGE_GEOMETRY] = "geometry",
	[EXTMEM_NOR_STAGE_PROTECTION] = "protection",
	[EXTMEM_NOR_STAGE_ENTRY] = "entry-step",
	[EXTMEM_NOR_STAGE_CLOCK] = "clock",
	[EXTMEM_NOR_STAGE_DUMMY] = "dummy-cycles",
	[EXTMEM_NOR_STAGE_PROVE_STATUS] = "prove-status",
	[EXTMEM_NOR_STAGE_PROVE_ID] = "prove-id",
	[EXTMEM_NOR_STAGE_PROVE_SFDP] = "prove-sfdp",
	[EXTMEM_NOR_STAGE_PROVE_ARRAY] = "prove-array-read",
	[EXTMEM_NOR_STAGE_RECOVER] = "recover",
	[EXTMEM_NOR_STAGE_DONE] = "done",
};

const char *extmem_nor_stage_name(int stage)
{
	return stage >= 0 && stage < EXTMEM_NOR_STAGE_COUNT ? stage_names[stage] : "?";
}

/* ---- discovery ---------------------------------------------------------- */

/* The first read of SFDP space: its header and the first parameter header (16 bytes). */
#define SFDP_FIRST_READ 16u
/* The 8D proof compares with the image's first bytes (prove()): every parsed image holds them. */
_Static_assert(SFDP_FIRST_READ >= EXTMEM_NOR_PROOF_SFDP_LEN, "load_sfdp's first read holds the proof's reference");

/* Reads as much SFDP space (5Ah, 3 address bytes, 8 dummy clocks) as the tables need, then parses it. */
static int load_sfdp(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	uint32_t have = 0, span = SFDP_FIRST_READ;
	int err = EXTMEM_OK;
	/* 16 bytes, then the parameter headers, then the tables they point at: three reads, a fourth to spare. */
	for (int round = 0; round < 5; round++) {
		if (span > EXTMEM_NOR_SFDP_IMAGE_MAX)
			span = EXTMEM_NOR_SFDP_IMAGE_MAX;
		if (span <= have)
			break;
		if ((err = extmem_nor_read_1s_op(n, 0x5A, 3, have, 8, d->image + have, span - have)) != EXTMEM_OK)
			return err;
		have = span;
		if ((err = extmem_sfdp_image_span(d->image, have, &span, NULL)) != EXTMEM_OK)
			return err;
	}
	d->image_len = have;
	err = extmem_sfdp_parse(d->image, have, &d->sfdp);
	if (err == EXTMEM_OK)
		err = extmem_sfdp_apply_fixups(&d->sfdp, d->jedec_id);
	return err;
}

#if EXTMEM_NOR_READ_ONLY
/* Addresses travel as 32 bits: a density above 4 GiB is refused rather than truncated. */
static int geometry(struct nor *n)
{
	/* 0 wraps: one test for 0 and for more than 4 GiB */
	return (n->d->sfdp.bfpt.size - 1u) >> 32 != 0 ? EXTMEM_ERR_FORMAT : EXTMEM_OK;
}

static int sector_map(struct nor *n)
{
	(void)n; /* serves erase only */
	return EXTMEM_OK;
}
#else
/* Clamps a timeout from the tables into bounds that catch a dead part. */
static uint32_t clamp_us(uint64_t us, uint32_t lo, uint32_t hi)
{
	return us < lo ? lo : us > hi ? hi : (uint32_t)us;
}

/*
 * Geometry, erase types and timeouts: what does not depend on the protocol.
 * Addresses travel as 32 bits: a density above 4 GiB is refused rather than
 * truncated (an erase at 4 GiB + X must never become one at X).
 */
static int geometry(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	const struct extmem_sfdp_bfpt *b = &d->sfdp.bfpt;
	if (b->size == 0 || b->size > ((uint64_t)1 << 32) || b->page_size == 0 ||
	    b->page_size + 2u > EXTMEM_NOR_SFDP_IMAGE_MAX)
		return EXTMEM_ERR_FORMAT;
	d->prog_timeout_us = clamp_us(b->page_prog_max_us ? b->page_prog_max_us : 5000u, 1000u, 100000u);
	uint64_t chip_us = (uint64_t)b->chip_erase_max_ms * 1000u;
	if (chip_us == 0)
		chip_us = (b->size >> 16) * 2000000u; /* 2 s per 64 KiB when the table is silent */
	d->chip_erase_timeout_us = clamp_us(chip_us, 1000000u, 4000000000u);
	/* Erase types, ascending by size; the opcodes are those of the part's tables. */
	d->erase_count = 0;
	for (uint32_t want = 0;;) {
		int best = -1;
		for (int i = 0; i < 4; i++)
			if (b->erase[i].size > want && (best < 0 || b->erase[i].size < b->erase[best].size))
				best = i;
		if (best < 0 || d->erase_count == EXTMEM_MAX_ERASE_TYPES)
			break;
		struct extmem_nor_erase *e = &d->erase[d->erase_count++];
		e->size = b->erase[best].size;
		e->opcode = (uint16_t)(best << 8 | b->erase[best].opcode); /* type index kept for the sector map */
		uint64_t us = (uint64_t)b->erase[best].max_ms * 1000u;
		if (us == 0)
			us = e->size <= 4096u ? 400000u : (uint64_t)(e->size >> 16) * 2000000u + 2000000u;
		e->timeout_us = clamp_us(us, 50000u, 30000000u);
		want = e->size;
	}
	/* Erase sizes are powers of two (BFPT: 2^N): a mask, not a 64-bit division. */
	if (d->erase_count == 0 || (b->size & (d->erase[0].size - 1u)) != 0)
		return EXTMEM_ERR_FORMAT;
	return EXTMEM_OK;
}

/*
 * A sector map with several configurations: run its detection commands in
 * 1S-1S-1S (each reads one byte; its mask gives one bit of the
 * configuration ID, first command most significant) and keep the map they
 * select. The map must cover the whole array.
 */
static int sector_map(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	const struct extmem_sfdp *s = &d->sfdp;
	uint8_t rd[EXTMEM_SFDP_MAX_SMAP_DETECT];
	d->smap_index = 0;
	if (!(s->has & EXTMEM_SFDP_HAS_SMAP))
		return EXTMEM_OK;
	for (unsigned i = 0; i < s->smap.ndetect && i < EXTMEM_SFDP_MAX_SMAP_DETECT; i++) {
		const struct extmem_sfdp_smap_detect *c = &s->smap.detect[i];
		/* "Current address mode": after reset that is 3 bytes, unless the part only has 4. */
		uint8_t alen = c->addr_len == 0xFF ? (s->bfpt.addr4_only ? 4 : 3) : c->addr_len;
		/* Variable latency (0Fh): the part's power-on 1S register latency, 8 clocks (JESD216 example). */
		uint8_t dummy = c->dummy == 0x0F ? 8 : c->dummy;
		const struct nor_xfer_args a = {.addr_bytes = alen,
						.addr = c->addr,
						.dummy = dummy,
						.dir = EXTMEM_XSPI_DATA_IN,
						.buf = &rd[i],
						.len = 1};
		rd[i] = 0xFF;
		int err = extmem_nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, c->opcode, &a);
		if (err != EXTMEM_OK)
			return err;
	}
	const struct extmem_sfdp_smap_config *cfg;
	int err = extmem_sfdp_smap_select(s, rd, s->smap.ndetect, &cfg);
	if (err != EXTMEM_OK)
		return err == EXTMEM_ERR_INVALID ? EXTMEM_ERR_FORMAT : err;
	if (cfg->nregions == 0 || cfg->total != s->bfpt.size)
		return EXTMEM_ERR_FORMAT;
	d->smap_index = (uint8_t)(cfg - s->smap.config);
	return EXTMEM_OK;
}
#endif

/* ---- entry steps ---------------------------------------------------------- */

/*
 * Where each BFPT quad-enable requirement (1..6) keeps QE: the register's
 * read command (0: none, requirement 1's status register 2 cannot be read),
 * the bit, and how it is written: `two`, as the second byte of a two-byte
 * 01h with status register 1 first (read with 05h, WEL and WIP cleared);
 * else one byte with the write command.
 */
struct qe_way {
	uint8_t rd, mask, wr, two;
};

static const struct qe_way qe_ways[6] = {
	{0x00, 0x02, 0x01, 1}, /* 1: SR2 bit 1, not readable */
	{0x05, 0x40, 0x01, 0}, /* 2: SR1 bit 6 */
	{0x3F, 0x80, 0x3E, 0}, /* 3: SR2 bit 7, 3Fh/3Eh */
	{0x35, 0x02, 0x01, 1}, /* 4: SR2 bit 1 */
	{0x35, 0x02, 0x01, 1}, /* 5: the same, status register 2 readable */
	{0x35, 0x02, 0x31, 0}, /* 6: SR2 bit 1, 35h/31h */
};

/* The way of a requirement; NULL for 0 (no QE bit) and the reserved 7. */
static const struct qe_way *qe_way(uint8_t qer)
{
	return qer >= 1 && qer <= 6 ? &qe_ways[qer - 1] : NULL;
}

/* Writes the register that holds QE per the BFPT quad-enable requirement (no wait). */
static int quad_enable(const struct nor *n, bool *wrote)
{
	const struct qe_way *q = qe_way(n->d->sfdp.bfpt.qer);
	uint8_t v[2];
	int err;
	*wrote = false;
	if (q == NULL)
		return EXTMEM_OK;
	if (q->rd != 0) {
		if ((err = extmem_nor_read_reg(n, q->rd, false, 0, &v[0])) != EXTMEM_OK)
			return err;
		if (v[0] & q->mask)
			return EXTMEM_OK;
	}
	if ((err = extmem_nor_write_enable(n, NOR_WRSR_US)) != EXTMEM_OK)
		return err;
	*wrote = true;
	/* The register as it is now, so only QE changes. */
	uint8_t rd = q->two ? 0x05 : q->rd;
	if ((err = extmem_nor_read_reg(n, rd, false, 0, &v[0])) != EXTMEM_OK)
		return err;
	if (rd == 0x05)
		v[0] &= (uint8_t) ~(NOR_SR_WEL | NOR_SR_WIP);
	if (!q->two) {
		v[0] |= q->mask;
	} else {
		v[1] = 0;
		if (q->rd != 0 && (err = extmem_nor_read_reg(n, q->rd, false, 0, &v[1])) != EXTMEM_OK)
			return err;
		v[1] |= q->mask;
	}
	const struct nor_xfer_args a = {.dir = EXTMEM_XSPI_DATA_OUT, .buf = v, .len = q->two ? 2u : 1u};
	return extmem_nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, q->wr, &a);
}

/*
 * Sends a command sequence: opcode, then 4 address bytes when more than 4
 * follow, then data. Not inlined: its own registers keep the step's
 * address out of the caller's (12 bytes less in the Boots).
 */
__attribute__((noinline)) static int send_sequence(const struct nor *n, enum extmem_protocol p,
						   const struct extmem_sfdp_oddr_seq *seq)
{
	struct nor_xfer_args a = {0};
	uint8_t i = 1;
	if (seq->len == 0 || seq->len > sizeof(seq->cmd))
		return EXTMEM_ERR_PROTOCOL;
	if (seq->len - 1u > 4u) {
		a.addr_bytes = 4;
		a.addr = (uint32_t)seq->cmd[1] << 24 | (uint32_t)seq->cmd[2] << 16 | (uint32_t)seq->cmd[3] << 8 |
			 seq->cmd[4];
		i = 5;
	}
	if (i < seq->len) {
		a.len = (uint32_t)(seq->len - i);
		a.dir = EXTMEM_XSPI_DATA_OUT;
		a.buf = (uint8_t *)&seq->cmd[i]; /* only read: the data goes out */
	}
	return extmem_nor_xfer(n, p, seq->cmd[0], &a);
}

/*
 * A read-modify-write of an SCCR register (its address is the decoder's
 * reg_addr: the table's register-set offset plus the byte, where the table
 * says where): the bits of `clear` cleared, then those of `set` set, after
 * a write enable. The one write of the entry steps and the latency tuning.
 */
static int sccr_write(const struct nor *n, const struct extmem_sfdp_sccr_bit *b, uint8_t clear, uint8_t set)
{
	uint8_t v;
	int err = extmem_nor_read_reg(n, b->read_op, b->addressed, b->reg_addr, &v);
	if (err == EXTMEM_OK)
		err = extmem_nor_write_enable(n, NOR_WRSR_US);
	if (err == EXTMEM_OK)
		err = extmem_nor_write_reg(n, b->write_op, b->addressed, b->reg_addr, (uint8_t)((v & ~clear) | set));
	return err;
}

/*
 * Makes the condition of the step's SCCR field true, changing only that bit
 * (an active-low bit is cleared). A second field, when the step has one, is
 * of the same register and made field2_true in the same write (SEMPER
 * CFR5V: OPI-IT with SDRDDR, so the part moves from 1S straight to the
 * octal mode planned); the planner checked that pair
 * (plan_octal_mode_bits), the field alone is checked here.
 */
static int sccr_set(const struct nor *n, const struct nor_step *st)
{
	const struct extmem_sfdp *s = &n->d->sfdp;
	if (st->field >= EXTMEM_SFDP_SCCR_COUNT || (st->has_field2 && st->field2 >= EXTMEM_SFDP_SCCR_COUNT) ||
	    !extmem_nor_sccr_usable(s, st->field))
		return EXTMEM_ERR_PROTOCOL;
	const struct extmem_sfdp_sccr_bit *b = &s->sccr.bit[st->field];
	uint8_t clear = (uint8_t)(1u << b->bit), set = b->active_high ? clear : 0;
	if (st->has_field2) {
		const struct extmem_sfdp_sccr_bit *b2 = &s->sccr.bit[st->field2];
		uint8_t m2 = (uint8_t)(1u << (b2->bit & 7u));
		clear |= m2;
		set = (uint8_t)((set & ~m2) | (b2->active_high == st->field2_true ? m2 : 0));
	}
	return sccr_write(n, b, clear, set);
}

int extmem_nor_run_step(struct nor *n, const struct nor_step *st)
{
	struct extmem_nor_sfdp_data *d = n->d;
	int err = EXTMEM_OK;
	bool wait = true;
	d->cmd_proto = st->in;
	/* A step of a width EXTMEM_NOR_WIDTHS leaves out is never planned: its kind folds away. */
	if (NOR_WIDTH_ON(4) && st->kind == NOR_STEP_QE) {
		err = quad_enable(n, &wait);
		if (err != EXTMEM_OK || !wait)
			return err;
	} else if (NOR_WIDTH_ON(8) && st->kind == NOR_STEP_SCCR_SET) {
		err = sccr_set(n, st);
	} else if (st->kind < NOR_STEP_COUNT) {
		/* The command kinds: a write enable first (all but a bare command, and a sequence that asks). */
		bool seq = NOR_WIDTH_ON(8) && st->kind == NOR_STEP_SEQ;
		if (seq ? st->wren : st->kind != NOR_STEP_CMD)
			err = extmem_nor_write_enable(n, NOR_WRSR_US);
		if (err == EXTMEM_OK)
			err = seq ? send_sequence(n, st->in, &st->seq) : extmem_nor_cmd(n, st->opcode);
		if (err == EXTMEM_OK && st->kind == NOR_STEP_WREN_CMD_WRDI)
			err = extmem_nor_cmd(n, 0x04);
	} else {
		return EXTMEM_ERR_PROTOCOL;
	}
	if (err != EXTMEM_OK)
		return err;
	/* From here the part listens in the step's resulting protocol, if the step took effect. */
	d->cmd_proto = st->after;
	if (wait && (err = extmem_nor_wait_ready(n, st->busy_us)) != EXTMEM_OK)
		return err;
	const struct qe_way *q = NOR_WIDTH_ON(4) && st->kind == NOR_STEP_QE ? qe_way(d->sfdp.bfpt.qer) : NULL;
	if (q != NULL && q->rd != 0) {
		uint8_t v;
		if ((err = extmem_nor_read_reg(n, q->rd, false, 0, &v)) != EXTMEM_OK)
			return err;
		if (!(v & q->mask))
			return EXTMEM_ERR_PROTOCOL; /* the write did not take */
	}
	return EXTMEM_OK;
}

/* ---- one candidate ---------------------------------------------------------- */

static void apply(struct nor *n, const struct nor_candidate *c)
{
	struct extmem_nor_sfdp_data *d = n->d;
	const struct extmem_sfdp *s = &d->sfdp;
	d->read_proto = c->read;
	d->cmd_proto = EXTMEM_PROTO_1S_1S_1S;
	d->addr_bytes = c->addr_bytes;
	d->read_opcode = c->read_opcode;
	d->read_dummy = c->read_dummy;
	d->read_mode_bytes = c->read_mode_bytes;
	d->status_addr_bytes = c->status_addr_bytes;
	d->status_dummy = c->status_dummy;
#if !EXTMEM_NOR_READ_ONLY
	d->prog_proto = c->prog;
	d->prog_opcode = c->prog_opcode;
	/* C7h: every part we know takes it; SST26VF064B has no 60h (its datasheet's command table). */
	d->chip_erase_opcode = 0xC7;
	for (int i = 0; i < d->erase_count; i++) {
		int type = d->erase[i].opcode >> 8;
		d->erase[i].opcode = (uint16_t)(type << 8 | c->erase_op[type]);
	}
#endif
	/* Where the part has a flag status register, polling it brings its error bits with the ready bit. */
	d->flag_status = (s->bfpt.busy_poll & EXTMEM_SFDP_POLL_FSR) != 0;
}

/*
 * Octal read latency for the clock reached, from the xSPI profile. When the
 * part's latency field can be written (SCCR), the shortest count the clock
 * allows is set; otherwise the power-on count stays and the clock comes
 * down to the grade that count is listed for.
 */
static int tune_dummy(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	const struct extmem_sfdp *s = &d->sfdp;
	const struct extmem_sfdp_sccr_bit *b = &s->sccr.bit[EXTMEM_SFDP_SCCR_DUMMY_VOLATILE];
	uint8_t pattern = 0;
	uint8_t want = extmem_nor_xspi_dummy(s, d->clock_hz, &pattern);
	if (want == 0)
		return EXTMEM_ERR_PROTOCOL; /* the profile lists no grade this fast */
	if (want == d->read_dummy)
		return EXTMEM_OK;
	if (!extmem_nor_sccr_usable(s, EXTMEM_SFDP_SCCR_DUMMY_VOLATILE)) {
		/* Stay at the power-on count: slow down to the fastest grade listing it. */
		uint32_t hz = extmem_nor_xspi_hz_of(s, d->read_dummy);
		if (hz == 0)
			return EXTMEM_ERR_PROTOCOL;
		return extmem_nor_set_clock(n, hz < d->clock_hz ? hz : d->clock_hz);
	}
	uint8_t field = (uint8_t)(0x1Fu << b->bit);
	int err = sccr_write(n, b, field, (uint8_t)((pattern << b->bit) & field));
	if (err == EXTMEM_OK)
		err = extmem_nor_wait_ready(n, NOR_WRSR_US);
	if (err == EXTMEM_OK)
		d->read_dummy = want;
	return err;
}

/*
 * The proof (nor_prove.c) with this driver's references: the SFDP header
 * already read in 1S-1S-1S where the xSPI profile gives its 8D form (only
 * the 4-byte form is known: a set address flag leaves it unproven rather
 * than guessed), and the array bytes 1S-1S-1S read at `at`.
 */
static int prove(struct nor *n, uint32_t at, const uint8_t *expect, uint32_t len, uint8_t *stage)
{
	const struct extmem_nor_sfdp_data *d = n->d;
	/* the image always holds the reference: load_sfdp's first read (SFDP_FIRST_READ) */
	bool sfdp_form = NOR_WIDTH_ON(8) && (d->sfdp.has & EXTMEM_SFDP_HAS_XSPI) && !d->sfdp.xspi.sfdp_8d_addr_flag;
	const struct nor_proof_refs r = {.sfdp = sfdp_form ? d->image : NULL,
					 .sfdp_8d_dummy = d->sfdp.xspi.sfdp_8d_dummy,
					 .at = at,
					 .array = expect,
					 .len = len};
	return extmem_nor_prove(n, &r, stage);
}

static void record(struct extmem_nor_sfdp_data *d, enum extmem_protocol read, uint8_t stage, uint8_t step, int err)
{
	if (d->nattempts >= EXTMEM_NOR_MAX_ATTEMPTS)
		return;
	d->attempt[d->nattempts++] = (struct extmem_nor_attempt){
		.proto = (uint8_t)read, .stage = stage, .step = step, .status = (int16_t)err};
}

/* Reaches one candidate from 1S-1S-1S; *stage and *step say where it stopped. */
static int reach(struct nor *n, const struct nor_candidate *c, uint32_t at, const uint8_t *expect, uint32_t len,
		 uint8_t *stage, uint8_t *step)
{
	apply(n, c);
	*stage = EXTMEM_NOR_STAGE_ENTRY;
	for (uint8_t i = 0; i < c->nsteps; i++) {
		*step = i;
		int err = extmem_nor_run_step(n, &c->step[i]);
		if (err != EXTMEM_OK)
			return err;
	}
	*step = c->nsteps; /* a later stage's failure records the step count */
	n->d->cmd_proto = c->cmd;
	*stage = EXTMEM_NOR_STAGE_CLOCK;
	int err = extmem_nor_set_clock(n, c->hz);
	if (err != EXTMEM_OK)
		return err;
	*stage = EXTMEM_NOR_STAGE_DUMMY;
	if (NOR_WIDTH_ON(8) && c->tune_dummy && (err = tune_dummy(n)) != EXTMEM_OK)
		return err;
	return prove(n, at, expect, len, stage);
}

static struct nor_candidate cand; /* the candidate being tried: static, 168 bytes are much for a boot stack */

/*
 * Tries the planned candidates from number `first` (in the planner's
 * order, fastest first, 1S-1S-1S last), planning each just before it is
 * tried; the part is in 1S-1S-1S between attempts. `expect` is what
 * 1S-1S-1S read at `at`.
 */
static int select_from(struct nor *n, unsigned first, uint32_t at, const uint8_t *expect, uint32_t len)
{
	struct extmem_nor_sfdp_data *d = n->d;
	int err = EXTMEM_ERR_PROTOCOL;
	for (unsigned i = 0, k = 0; i < NOR_CHOICES; i++) {
		if (!extmem_nor_plan_choice(&d->sfdp, n->cfg, i, &cand) || k++ < first)
			continue;
		uint8_t stage = EXTMEM_NOR_STAGE_NONE, step = 0;
		err = reach(n, &cand, at, expect, len, &stage, &step);
		d->stage = stage;
		if (err == EXTMEM_OK) {
			if (NOR_KEEPS_PROGRAM_STATE)
				d->cand_index = (uint8_t)(k - 1u);
			return EXTMEM_OK;
		}
		/* Back to a known state, then the next slower protocol. */
		record(d, cand.read, stage, step, err);
		d->fallbacks |= 1u << (k - 1u);
		d->stage = EXTMEM_NOR_STAGE_RECOVER;
		int rerr = extmem_nor_recover_1s(n);
		if (rerr != EXTMEM_OK)
			return rerr;
	}
	return err;
}

/* 1S-1S-1S read of the array as the part is after reset (3-byte mode, or 13h for 4-byte addresses). */
static int read_1s(const struct nor *n, uint32_t at, uint8_t *buf, uint32_t len)
{
	const struct extmem_sfdp *s = &n->d->sfdp;
	if (s->bfpt.addr4_only)
		return extmem_nor_read_1s_op(n, 0x03, 4, at, 0, buf, len);
	if (len > (1u << 24) || at > (1u << 24) - len) { /* past 3 bytes' reach, without a wrap */
		if (!(s->has & EXTMEM_SFDP_HAS_4BAIT) || !(s->bait.supported & EXTMEM_SFDP_4BAIT_READ_13))
			return EXTMEM_ERR_NOT_SUPPORTED;
		return extmem_nor_read_1s_op(n, 0x13, 4, at, 0, buf, len);
	}
	return extmem_nor_read_1s_op(n, 0x03, 3, at, 0, buf, len);
}

static int select_protocol(struct nor *n)
{
	uint8_t expect[16];
	int err = read_1s(n, 0, expect, sizeof(expect));
	return err != EXTMEM_OK ? err : select_from(n, 0, 0, expect, sizeof(expect));
}

#if !EXTMEM_NOR_READ_ONLY
int extmem_nor_reprove(struct nor *n, uint32_t at, const uint8_t *want, uint32_t len)
{
	struct extmem_nor_sfdp_data *d = n->d;
	/* The reset below restores SST26's power-on lock of every block: an unlocked part is unlocked again. */
	bool was_unlocked = !d->locked;
	uint8_t ref[16];
	if (len > sizeof(ref))
		len = sizeof(ref);
	int err = extmem_nor_recover_1s(n);
	if (err == EXTMEM_OK)
		err = read_1s(n, at, ref, len);
	if (err != EXTMEM_OK) {
		d->read_bad = true;
		return err;
	}
	/* 1S-1S-1S sees what was written: the read configuration was wrong, the next candidate is tried. */
	bool programmed = memcmp(ref, want, len) == 0;
	if (programmed) {
		/* The candidate in use: its array reads are d->read_proto (set when it was applied). */
		record(d, d->read_proto, EXTMEM_NOR_STAGE_PROVE_ARRAY, 0, EXTMEM_ERR_PROTOCOL);
		d->fallbacks |= 1u << d->cand_index;
	}
	err = select_from(n, programmed ? d->cand_index + 1u : d->cand_index, at, ref, len);
	if (err != EXTMEM_OK) {
		d->read_bad = true;
		return err;
	}
	d->reselected = true;
	if (was_unlocked && (err = extmem_nor_read_protection(n)) == EXTMEM_OK && d->locked)
		err = extmem_nor_clear_protection(n);
	if (err != EXTMEM_OK)
		return err;
	return programmed ? EXTMEM_OK : EXTMEM_ERR_DEVICE;
}

static int reprove_hook(const struct extmem_nor_sfdp_config *cfg, struct extmem_nor_sfdp_data *d, uint32_t at,
			const uint8_t *want, uint32_t len)
{
	struct nor n = {cfg, d};
	return extmem_nor_reprove(&n, at, want, len);
}

/* The error-flag register of the part's family, where it keeps them in status register 1. */
/*
 * Error bits kept in status register 1, polled with WIP: the S25FL-S's
 * (P_ERR bit 6, E_ERR bit 5, its 9-DWORD table has no SCCR map), and any
 * part whose SCCR map puts its program/erase error bits in RDSR 05h. Called
 * again once the tables are read.
 */
static uint8_t sr_error_mask(const struct extmem_nor_sfdp_data *d)
{
	uint8_t m = d->id[0] == NOR_MFR_SPANSION ? 0x60u : 0u;
	if (d->sfdp.has & EXTMEM_SFDP_HAS_SCCR)
		for (int f = EXTMEM_SFDP_SCCR_PROGRAM_ERROR; f <= EXTMEM_SFDP_SCCR_ERASE_ERROR; f++) {
			const struct extmem_sfdp_sccr_bit *b = &d->sfdp.sccr.bit[f];
			if (b->present && b->read_op == 0x05 && !b->addressed && b->bit < 8 && b->active_high)
				m |= (uint8_t)(1u << b->bit);
		}
	return m;
}

/* SEMPER clears its failure flags with CLPEF 82h (30h is its resume); the S25FL-S with CLSR 30h. */
static uint8_t sr_clear_opcode(const struct extmem_nor_sfdp_data *d)
{
	return d->id[0] == NOR_MFR_CYPRESS ? 0x82u : 0x30u;
}
#endif

/*
 * The description both drivers report, through nor_fixed.h: the run-time
 * fields, or in a pinned build the constant description's where it has
 * them (and without the fallback its fast mode).
 */
void extmem_nor_fill_info(struct extmem_memory *m)
{
	const struct nor n = {m->config, m->data};
	const struct extmem_nor_sfdp_data *d = n.d;
	struct extmem_info *info = &m->info;
	info->size = NOR_SIZE(d);
	info->page_size = NOR_PAGE_SIZE(d);
	info->write_align = 1;
	info->read_align = 1;
	info->erase_value = 0xFF;
	/*
	 * A read-only build offers no write nor erase: it reports no erase types,
	 * no erase needed and no write protection (it reads none, nor_protect.c),
	 * the zeros the caller's info starts with.
	 */
#if !EXTMEM_NOR_READ_ONLY
	info->write_protected = d->locked;
	info->erase_needed = true;
	info->erase_type_count = NOR_ERASE_COUNT(d);
	for (int i = 0; i < NOR_ERASE_COUNT(d) && i < EXTMEM_MAX_ERASE_TYPES; i++)
		info->erase_sizes[i] = d->erase[i].size;
	info->uniform_erase = !NOR_HAS_SMAP(d);
#endif
	info->protocol = (enum extmem_protocol)NOR_MODE(d, read_proto);
	info->clock_hz = d->clock_hz;
	info->dummy_cycles = NOR_MODE(d, read_dummy);
	info->mappable = n.cfg->link.map_base != 0 && NOR_OPS(&n)->map_enable != NULL;
	info->map_base = n.cfg->link.map_base;
	info->jedec_id = NOR_JEDEC_ID(d);
}

static int bring_up(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	/* The resets try both octal command forms themselves; the parse sets the part's (d->sfdp.bfpt.octal_ext). */
	d->stage = EXTMEM_NOR_STAGE_RESET;
	int err = extmem_nor_recover_1s(n);
	if (err != EXTMEM_OK)
		return err;
	d->stage = EXTMEM_NOR_STAGE_ID;
	if ((err = extmem_nor_read_id(n, d->id)) != EXTMEM_OK)
		return err;
	if ((d->id[0] | d->id[1] | d->id[2]) == 0) /* a bus held low: no part either */
		return EXTMEM_ERR_NO_DEVICE;
	d->jedec_id = (uint32_t)d->id[0] << 16 | (uint32_t)d->id[1] << 8 | d->id[2];
#if !EXTMEM_NOR_READ_ONLY
	d->sr_err_mask = sr_error_mask(d);
	d->sr_clear_op = sr_clear_opcode(d);
#endif
	d->stage = EXTMEM_NOR_STAGE_SFDP;
	if ((err = load_sfdp(n)) != EXTMEM_OK)
		return err;
#if !EXTMEM_NOR_READ_ONLY
	d->sr_err_mask = sr_error_mask(d);
#endif
	d->stage = EXTMEM_NOR_STAGE_GEOMETRY;
	if ((err = geometry(n)) != EXTMEM_OK || (err = sector_map(n)) != EXTMEM_OK)
		return err;
#if !EXTMEM_NOR_READ_ONLY
	d->stage = EXTMEM_NOR_STAGE_PROTECTION;
	if ((err = extmem_nor_read_protection(n)) != EXTMEM_OK)
		return err;
#endif
	return select_protocol(n);
}

int extmem_nor_drv_init(struct extmem_memory *m)
{
	const struct extmem_nor_sfdp_config *cfg = m->config;
	struct extmem_nor_sfdp_data *d = m->data;
	if (cfg == NULL || d == NULL || !NOR_CFG_OPS_USABLE(cfg))
		return EXTMEM_ERR_INVALID;
	uint8_t lines = cfg->link.data_lines;
	if (lines == 0 || lines > 8 || (lines & (lines - 1u))) /* 1, 2, 4 or 8 */
		return EXTMEM_ERR_INVALID;
	memset(d, 0, sizeof(*d));
#if !EXTMEM_NOR_READ_ONLY
	d->reprove = reprove_hook; /* a read-only build never programs: nothing to re-prove */
#endif
	struct nor n = {cfg, d};
	int err = bring_up(&n);
	d->status = (int16_t)err;
	if (err != EXTMEM_OK) {
		/*
		 * Whatever failed, leave the part in 1S-1S-1S: deinit is refused after a
		 * failed init. Neither call moves d->stage: it keeps where init stopped.
		 */
		(void)extmem_nor_set_clock(&n, extmem_nor_discovery_hz(&n));
		(void)extmem_nor_recover(&n);
		return err;
	}
	d->stage = EXTMEM_NOR_STAGE_DONE;
	extmem_nor_fill_info(m);
	return EXTMEM_OK;
}

/* Leaves the part in 1S-1S-1S for a ROM bootloader or another tool. */
int extmem_nor_drv_deinit(struct extmem_memory *m)
{
	struct nor n = {m->config, m->data};
	int err = extmem_nor_cmd(&n, 0x66);
	if (err == EXTMEM_OK)
		err = extmem_nor_cmd(&n, 0x99);
	extmem_nor_delay_us(&n, NOR_RESET_US);
	n.d->cmd_proto = EXTMEM_PROTO_1S_1S_1S;
	n.d->flag_status = false;
	if (err == EXTMEM_OK)
		err = extmem_nor_set_clock(&n, extmem_nor_discovery_hz(&n));
	if (err == EXTMEM_OK)
		err = extmem_nor_wait_ready(&n, n.cfg->reset_max_us ? n.cfg->reset_max_us : NOR_RESET_MAX_US);
	return err;
}
