/* SPDX-License-Identifier: MIT */
/*
 * The pinned NOR driver (include/extmem/nor_pinned.h): bring-up from a
 * description made at build time, proven on the part at run time. Only the
 * wire layer (nor_bus.c), the protection read (nor_protect.c) and the array
 * operations (nor_array.c) are shared with the SFDP driver: no parser, no
 * planner.
 */
#include <string.h>

#include "extmem/nor_pinned.h"
#include "nor_fixed.h"

/*
 * A firmware built for one part (the loaders: -DEXTMEM_NOR_PINNED_PART=NAME,
 * and the pinned Boots, with extmem_pinned_part.h on the include path) has
 * its description as a
 * constant here: what the part does not use (RMW steps, 4-byte 1S reads,
 * flag status...) folds away at build time. Otherwise it comes from the
 * configuration.
 */
#ifdef EXTMEM_NOR_PINNED_PART
/* nor_fixed.h includes extmem_pinned_part.h */
#define part_of(n)         NOR_PART
#define PART_OF_CONFIG(pc) NOR_PART
#else
#define PART_OF_CONFIG(pc) ((pc)->part)
static const struct extmem_nor_pinned *part_of(const struct nor *n)
{
	return PART_OF_CONFIG((const struct extmem_nor_pinned_config *)(const void *)n->cfg);
}
#endif

/* What the array code reads of the SFDP tables, from the description (octal_ext: the resets need it). */
static void fill_geometry(struct extmem_nor_sfdp_data *d, const struct extmem_nor_pinned *p)
{
#if !NOR_FALLBACK
	/*
	 * Without the fallback the array code reads the rest from the constant
	 * description (nor_fixed.h), and so does extmem_nor_fill_info:
	 * what stays read from here is the bus layer's and the erase table.
	 */
	d->sfdp.bfpt.octal_ext = p->octal_ext;
	d->sfdp.bfpt.qer = p->qer;
	for (uint8_t i = 0; i < p->erase_count && i < EXTMEM_MAX_ERASE_TYPES; i++) {
		d->erase[i].size = p->erase[i].size;
		d->erase[i].timeout_us = p->erase[i].timeout_us;
	}
#else
	d->sfdp.has = p->sfdp_has & (EXTMEM_SFDP_HAS_XSPI | EXTMEM_SFDP_HAS_ODDR | EXTMEM_SFDP_HAS_SCCR);
	d->sfdp.bfpt.size = p->size;
	d->sfdp.bfpt.page_size = p->page_size;
	d->sfdp.bfpt.busy_poll = p->busy_poll;
	d->sfdp.bfpt.octal_ext = p->octal_ext;
	d->sfdp.bfpt.qer = p->qer;
#ifndef EXTMEM_NOR_PINNED_PART /* with a constant description the array code reads them there (nor_fixed.h) */
	d->sfdp.sccr.bit[EXTMEM_SFDP_SCCR_PROGRAM_ERROR] = p->prog_error;
	d->sfdp.sccr.bit[EXTMEM_SFDP_SCCR_ERASE_ERROR] = p->erase_error;
#endif
	d->erase_count = p->erase_count;
	/* field by field (d is zeroed): with a constant description these are stores of constants, no table */
	for (uint8_t i = 0; i < p->erase_count && i < EXTMEM_MAX_ERASE_TYPES; i++) {
		d->erase[i].size = p->erase[i].size;
		d->erase[i].opcode = p->erase[i].opcode;
		d->erase[i].timeout_us = p->erase[i].timeout_us;
	}
	d->chip_erase_opcode = p->chip_erase_opcode;
	d->prog_timeout_us = p->prog_timeout_us;
	d->chip_erase_timeout_us = p->chip_erase_timeout_us;
#endif
}

/*
 * The mode's decisions into d. Inlined, with the counts from the
 * description: with a constant one (EXTMEM_NOR_PINNED_PART) every field is a
 * store of a constant and the description itself need not be linked.
 */
__attribute__((always_inline)) static inline void
apply(struct extmem_nor_sfdp_data *d, const struct extmem_nor_pinned *p, const struct extmem_nor_pinned_mode *m)
{
	d->read_proto = (enum extmem_protocol)m->read_proto;
	d->cmd_proto = EXTMEM_PROTO_1S_1S_1S;
	d->prog_proto = (enum extmem_protocol)m->prog_proto;
	d->addr_bytes = m->addr_bytes;
	d->read_opcode = m->read_opcode;
	d->read_dummy = m->read_dummy;
	d->read_mode_bytes = m->read_mode_bytes;
	d->prog_opcode = m->prog_opcode;
	d->status_addr_bytes = m->status_addr_bytes;
	d->status_dummy = m->status_dummy;
	d->flag_status = m->flag_status;
	/* bits 15:8 stay the BFPT erase type fill_geometry copied from p */
	for (int i = 0; i < p->erase_count && i < EXTMEM_MAX_ERASE_TYPES; i++)
		d->erase[i].opcode = (uint16_t)((p->erase[i].opcode & 0xFF00u) | m->erase_op[i]);
}

static int run_step(struct nor *n, const struct extmem_nor_pinned_step *st)
{
	struct extmem_nor_sfdp_data *d = n->d;
	uint8_t v = 0;
	int err = EXTMEM_OK;
	d->cmd_proto = (enum extmem_protocol)st->in;
	if (st->kind == EXTMEM_NOR_PINNED_RMW) {
		err = extmem_nor_read_reg(n, st->read_op, st->addressed, st->addr, &v);
		if (err == EXTMEM_OK && st->wren)
			err = extmem_nor_write_enable(n, NOR_WRSR_US);
		if (err == EXTMEM_OK)
			err = extmem_nor_write_reg(n, st->write_op, st->addressed, st->addr,
						   (uint8_t)((v & ~st->mask) | st->value));
	} else {
		if (st->len == 0 || st->len > EXTMEM_NOR_PINNED_SEQ_MAX)
			return EXTMEM_ERR_INVALID;
		struct nor_xfer_args a = {0};
		uint8_t i = 1;
		if (st->len > 5) {
			a.addr_bytes = 4;
			a.addr = (uint32_t)st->bytes[1] << 24 | (uint32_t)st->bytes[2] << 16 |
				 (uint32_t)st->bytes[3] << 8 | st->bytes[4];
			i = 5;
		}
		uint8_t data[EXTMEM_NOR_PINNED_SEQ_MAX];
		if (i < st->len) {
			a.len = (uint32_t)(st->len - i);
			for (uint32_t k = 0; k < a.len; k++)
				data[k] = st->bytes[i + k]; /* constants where the step is one (unrolled: reach_fast) */
			a.dir = EXTMEM_XSPI_DATA_OUT;
			a.buf = data;
		}
		if (st->wren)
			err = extmem_nor_write_enable(n, NOR_WRSR_US);
		if (err == EXTMEM_OK)
			err = extmem_nor_xfer(n, d->cmd_proto, st->bytes[0], &a);
		if (err == EXTMEM_OK && st->wrdi)
			err = extmem_nor_cmd(n, 0x04);
	}
	if (err != EXTMEM_OK)
		return err;
	/* From here the part listens in the step's resulting protocol, if the step took effect. */
	d->cmd_proto = (enum extmem_protocol)st->after;
	if (st->wait && (err = extmem_nor_wait_ready(n, st->busy_us)) != EXTMEM_OK)
		return err;
	if (st->check) {
		if ((err = extmem_nor_read_reg(n, st->read_op, st->addressed, st->addr, &v)) != EXTMEM_OK)
			return err;
		if ((v & st->mask) != st->value)
			return EXTMEM_ERR_PROTOCOL; /* the write did not take */
	}
	return EXTMEM_OK;
}

/* 1S-1S-1S array read as the part is after reset. */
static int read_1s(const struct nor *n, uint32_t at, uint8_t *buf, uint32_t len)
{
	const struct extmem_nor_pinned *p = part_of(n);
	uint8_t addr_bytes = p->read1s_addr_bytes, op = 0x03;
	if (addr_bytes != 4 && (uint64_t)at + len > (1u << 24)) {
		if (p->read1s_op4 == 0)
			return EXTMEM_ERR_NOT_SUPPORTED;
		addr_bytes = 4;
		op = p->read1s_op4;
	}
	return extmem_nor_read_1s_op(n, op, addr_bytes, at, 0, buf, len);
}

/* What 1S-1S-1S read before the protocol changed: the references of the proof. */
struct refs {
	uint8_t array[16];
	uint8_t sfdp[EXTMEM_NOR_PROOF_SFDP_LEN];
	bool sfdp_ok; /* the 1S-1S-1S header starts with "SFDP" */
};

/* The proof (nor_prove.c) against the references read in 1S-1S-1S. */
static int prove(struct nor *n, const struct refs *r, uint8_t *stage)
{
	const struct extmem_nor_pinned *p = part_of(n);
	const struct nor_proof_refs pr = {.sfdp = p->prove_sfdp_8d && r->sfdp_ok ? r->sfdp : NULL,
					  .sfdp_8d_dummy = p->sfdp_8d_dummy,
					  .at = 0,
					  .array = r->array,
					  .len = sizeof(r->array)};
	return extmem_nor_prove(n, &pr, stage);
}

/* Enters the fast protocol from 1S-1S-1S and proves it; *stage and *step say where it stopped. */
static int reach_fast(struct nor *n, const struct refs *r, uint8_t *stage, uint8_t *step)
{
	const struct extmem_nor_pinned *p = part_of(n);
	uint8_t count = p->nsteps < EXTMEM_NOR_PINNED_MAX_STEPS ? p->nsteps : EXTMEM_NOR_PINNED_MAX_STEPS;
	int err = EXTMEM_OK;
	apply(n->d, p, &p->fast);
	*stage = EXTMEM_NOR_STAGE_ENTRY;
	/* unrolled: with a constant description (EXTMEM_NOR_PINNED_PART) each step folds to what it sends */
#pragma GCC unroll 4
	for (uint8_t i = 0; i < count; i++) {
		*step = i;
		if (i == p->nentry) {
			/* the entry is done: the clock, then the steps that set the read latency for it */
			n->d->cmd_proto = (enum extmem_protocol)p->fast.cmd_proto;
			*stage = EXTMEM_NOR_STAGE_CLOCK;
			if ((err = extmem_nor_set_clock(n, p->fast.hz)) != EXTMEM_OK)
				return err;
			*stage = EXTMEM_NOR_STAGE_DUMMY;
		}
		if ((err = run_step(n, &p->step[i])) != EXTMEM_OK)
			return err;
	}
	*step = count;
	n->d->cmd_proto = (enum extmem_protocol)p->fast.cmd_proto;
	if (p->nentry >= count) {
		*stage = EXTMEM_NOR_STAGE_CLOCK;
		if ((err = extmem_nor_set_clock(n, p->fast.hz)) != EXTMEM_OK)
			return err;
	}
	return prove(n, r, stage);
}

static int back_to_1s(struct nor *n)
{
	n->d->stage = EXTMEM_NOR_STAGE_RECOVER;
	return extmem_nor_recover_1s(n);
}

__attribute__((noinline)) static void record(struct extmem_nor_sfdp_data *d, uint8_t stage, uint8_t step, int err)
{
	if (d->nattempts < EXTMEM_NOR_MAX_ATTEMPTS)
		d->attempt[d->nattempts++] = (struct extmem_nor_attempt){
			.proto = d->read_proto, .stage = stage, .step = step, .status = (int16_t)err};
	d->fallbacks |= 1u;
}

/* The 1S-1S-1S configuration of the description, from a part in 1S-1S-1S. */
static int reach_safe(struct nor *n, const struct refs *r)
{
	const struct extmem_nor_pinned *p = part_of(n);
	uint8_t stage = EXTMEM_NOR_STAGE_CLOCK;
	apply(n->d, p, &p->safe);
	if (NOR_KEEPS_PROGRAM_STATE)
		n->d->cand_index = 1;
	int err = extmem_nor_set_clock(n, p->safe.hz);
	if (err == EXTMEM_OK)
		err = prove(n, r, &stage);
	n->d->stage = stage;
	return err;
}

/* Fast protocol, or the 1S-1S-1S one when its proof fails (NOR_FALLBACK: nor_fixed.h). */
static int select_mode(struct nor *n, const struct refs *r)
{
	uint8_t stage = EXTMEM_NOR_STAGE_NONE, step = 0;
	int err = reach_fast(n, r, &stage, &step);
	n->d->stage = stage;
	if (err == EXTMEM_OK || !NOR_FALLBACK) {
		if (NOR_KEEPS_PROGRAM_STATE)
			n->d->cand_index = 0;
		return err; /* without the fallback a failed proof fails init (pinned_init returns to 1S-1S-1S) */
	}
	record(n->d, stage, step, err);
	if ((err = back_to_1s(n)) != EXTMEM_OK)
		return err;
	return reach_safe(n, r);
}

/* The references, read in 1S-1S-1S: array bytes at 0 and the SFDP header. */
static int read_refs(const struct nor *n, struct refs *r)
{
	int err = read_1s(n, 0, r->array, sizeof(r->array));
	r->sfdp_ok = false;
	if (err != EXTMEM_OK || !part_of(n)->prove_sfdp_8d)
		return err;
	err = extmem_nor_read_1s_op(n, 0x5A, 3, 0, 8, r->sfdp, sizeof(r->sfdp));
	r->sfdp_ok = err == EXTMEM_OK && memcmp(r->sfdp, "SFDP", 4) == 0;
	return err;
}

#if !EXTMEM_NOR_READ_ONLY && NOR_FALLBACK
/*
 * The first program after an init on blank flash proves the array read: its
 * read-back differed. 1S-1S-1S shows whether the data was programmed: if so
 * the fast read configuration is wrong and the 1S-1S-1S one takes over (the
 * write stands); if not the program failed and the fast protocol is entered
 * again.
 */
static int pinned_reprove(const struct extmem_nor_sfdp_config *cfg, struct extmem_nor_sfdp_data *d, uint32_t at,
			  const uint8_t *want, uint32_t len)
{
	struct nor n = {cfg, d};
	struct refs r;
	bool was_fast = d->cand_index == 0;
	uint8_t ref[16];
	if (len > sizeof(ref))
		len = sizeof(ref);
	int err = back_to_1s(&n);
	if (err == EXTMEM_OK)
		err = read_1s(&n, at, ref, len);
	if (err == EXTMEM_OK)
		err = read_refs(&n, &r);
	if (err != EXTMEM_OK) {
		d->read_bad = true;
		return err;
	}
	bool programmed = memcmp(ref, want, len) == 0;
	if (programmed && was_fast) {
		record(d, EXTMEM_NOR_STAGE_PROVE_ARRAY, 0, EXTMEM_ERR_PROTOCOL);
		err = reach_safe(&n, &r);
	} else if (!programmed) {
		err = was_fast ? select_mode(&n, &r) : reach_safe(&n, &r);
	} else {
		err = EXTMEM_ERR_PROTOCOL; /* 1S-1S-1S reads were wrong too: nothing slower to go to */
	}
	if (err != EXTMEM_OK) {
		d->read_bad = true;
		return err;
	}
	d->stage = EXTMEM_NOR_STAGE_DONE;
	d->reselected = true;
	return programmed ? EXTMEM_OK : EXTMEM_ERR_DEVICE;
}
#endif /* a read-only build (a Boot) never programs, so never re-proves; nor does one without the fallback */

static int bring_up(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	const struct extmem_nor_pinned *p = part_of(n);
	d->stage = EXTMEM_NOR_STAGE_RESET;
	fill_geometry(d, p);
	int err = extmem_nor_recover_1s(n);
	if (err != EXTMEM_OK)
		return err;
	d->stage = EXTMEM_NOR_STAGE_ID;
	if ((err = extmem_nor_read_1s_op(n, 0x9F, 0, 0, 0, d->id, 3)) != EXTMEM_OK)
		return err;
	d->jedec_id = (uint32_t)d->id[0] << 16 | (uint32_t)d->id[1] << 8 | d->id[2];
	/* Not the part the description was made for (or none): nothing of it applies. */
	if (d->jedec_id != p->jedec_id)
		return EXTMEM_ERR_NO_DEVICE;
	/* as the SFDP driver decided them for this part (S25FL-S: P_ERR/E_ERR 60h, CLSR 30h) */
	d->sr_err_mask = p->sr_err_mask;
	d->sr_clear_op = p->sr_clear_op;
	d->stage = EXTMEM_NOR_STAGE_PROTECTION;
	if ((err = extmem_nor_read_protection(n)) != EXTMEM_OK)
		return err;
	struct refs r;
	if ((err = read_refs(n, &r)) != EXTMEM_OK)
		return err;
	return select_mode(n, &r);
}

/*
 * A description the array code can use (a constant one: checked at build
 * time, nothing left of it): erase sizes are powers of two, as SFDP gives
 * them (the array code masks with them: nor_fixed.h); without the fallback
 * under 4 GiB (its offsets are 32-bit: nor_off).
 */
static bool part_usable(const struct extmem_nor_pinned *p)
{
	if (p == NULL || p->page_size == 0 || p->page_size + 2u > EXTMEM_NOR_SFDP_IMAGE_MAX || p->size == 0 ||
	    p->size > ((uint64_t)1 << 32) - !NOR_FALLBACK || p->erase_count == 0 ||
	    p->erase_count > EXTMEM_MAX_ERASE_TYPES || (p->sfdp_has & EXTMEM_SFDP_HAS_SMAP))
		return false;
	for (uint8_t i = 0; i < p->erase_count; i++)
		if (p->erase[i].size == 0 || (p->erase[i].size & (p->erase[i].size - 1u)) != 0)
			return false;
	return true;
}

static int pinned_init(struct extmem_memory *m)
{
	const struct extmem_nor_pinned_config *pc = m->config;
	struct extmem_nor_sfdp_data *d = m->data;
	/* the ops the NOR layers call (a constant table in a build that names it: nor_fixed.h) */
	if (pc == NULL || d == NULL || !NOR_CFG_OPS_USABLE(&pc->base) || !part_usable(PART_OF_CONFIG(pc)))
		return EXTMEM_ERR_INVALID;
	struct nor n = {&pc->base, d};
	uint8_t lines = pc->base.link.data_lines;
	if (lines != 1 && lines != 2 && lines != 4 && lines != 8)
		return EXTMEM_ERR_INVALID;
#ifdef EXTMEM_NOR_NO_CFG_VERIFY
	if (pc->base.verify)
		return EXTMEM_ERR_INVALID; /* built without the array code's verify (nor_fixed.h) */
#endif
	memset(d, 0, sizeof(*d));
#if !EXTMEM_NOR_READ_ONLY && NOR_FALLBACK
	d->reprove = pinned_reprove;
#endif
	int err = bring_up(&n);
	d->status = (int16_t)err;
	if (err != EXTMEM_OK) {
		/* Whatever failed, leave the part in 1S-1S-1S (d->stage keeps where it failed). */
		(void)extmem_nor_recover_1s(&n);
		return err;
	}
	d->stage = EXTMEM_NOR_STAGE_DONE;
	extmem_nor_fill_info(m); /* from the constant description where nor_fixed.h has it */
	return EXTMEM_OK;
}

const struct extmem_driver extmem_nor_pinned_driver = {
	.name = "nor-pinned",
	.init = pinned_init,
	.deinit = extmem_nor_drv_deinit,
	.read = extmem_nor_drv_read,
	.write = extmem_nor_drv_write,
	.erase = extmem_nor_drv_erase,
	.erase_all = extmem_nor_drv_erase_all,
	.map = extmem_nor_drv_map,
	.unmap = extmem_nor_drv_unmap,
};
