/* SPDX-License-Identifier: MIT */
/*
 * Protocol planning: a pure function from the SFDP description and the link
 * to the list of protocols worth trying, fastest first, each with the
 * commands that enter it from 1S-1S-1S and the read/program/erase
 * configuration that goes with it. No I/O: tests call it with a
 * description and a link and look at the answer. Built with
 * EXTMEM_NOR_READ_ONLY (a Boot), the same planner plans the reads only:
 * the program protocol and the program and erase opcodes stay 0, and no
 * candidate is refused for what only a program or an erase would need
 * (4-byte erase opcodes, a DTR page).
 */
#include <string.h>

#include "nor_internal.h"

/*
 * One protocol worth trying, with what the planner asks of it: the lines of
 * its widest phase (the data phase of every protocol here) and of its
 * address phase, the BFPT DWORD 20 index of its top speed (-1: SFDP does
 * not say), and its read with a 4-byte address from FF84 and the FF84 bit
 * that lists it (0: none). The command protocol is the read's or 1S-1S-1S,
 * and 8D-8D-8D is the only double-rate one.
 */
struct nor_choice {
	uint8_t read, cmd; /* enum extmem_protocol */
	int8_t sfdp_read;  /* enum extmem_sfdp_read, -1 for 1S-1S-1S */
	uint8_t lines, addr_lines;
	int8_t speed;
	uint8_t op4, bait_bit;
};

/* Fastest first; only the widths of EXTMEM_NOR_WIDTHS. */
static const struct nor_choice choices[] = {
#if NOR_WIDTH_ON(8)
	{EXTMEM_PROTO_8D_8D_8D, EXTMEM_PROTO_8D_8D_8D, EXTMEM_SFDP_READ_8D_8D_8D, 8, 8, 3, 0, 0},
	{EXTMEM_PROTO_8S_8S_8S, EXTMEM_PROTO_8S_8S_8S, EXTMEM_SFDP_READ_8D_8D_8D, 8, 8, 2, 0, 0},
	{EXTMEM_PROTO_1S_8S_8S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_8_8, 8, 8, -1, 0xCC, 21},
	{EXTMEM_PROTO_1S_1S_8S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_1_8, 8, 1, -1, 0x7C, 20},
#endif
#if NOR_WIDTH_ON(4)
	{EXTMEM_PROTO_4S_4S_4S, EXTMEM_PROTO_4S_4S_4S, EXTMEM_SFDP_READ_4_4_4, 4, 4, 0, 0xEC, 5},
	{EXTMEM_PROTO_1S_4S_4S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_4_4, 4, 4, -1, 0xEC, 5},
	{EXTMEM_PROTO_1S_1S_4S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_1_4, 4, 1, -1, 0x6C, 4},
#endif
#if NOR_WIDTH_ON(2)
	{EXTMEM_PROTO_1S_2S_2S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_2_2, 2, 2, -1, 0xBC, 3},
	{EXTMEM_PROTO_1S_1S_2S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_1_2, 2, 1, -1, 0x3C, 2},
#endif
	{EXTMEM_PROTO_1S_1S_1S, EXTMEM_PROTO_1S_1S_1S, -1, 1, 1, -1, 0x0C, 1},
};
_Static_assert(sizeof(choices) / sizeof(choices[0]) == NOR_CHOICES, "NOR_CHOICES counts the choices of the widths");
_Static_assert(EXTMEM_PROTO_8S_8S_8S + 2 == EXTMEM_PROTO_8D_8D_8D && EXTMEM_PROTO_8D_8D_8D + 1 == EXTMEM_PROTO_COUNT,
	       "the octal command modes are the last protocols");

/* xSPI profile speed grades, in the order of its dummy fields. */
static const uint16_t grade_mhz[4] = {200, 166, 133, 100};

static bool sfdp_has_read(const struct extmem_sfdp *s, int r)
{
	if (r < 0)
		return true;
	if (NOR_WIDTH_ON(8) && r == EXTMEM_SFDP_READ_8D_8D_8D && (s->has & EXTMEM_SFDP_HAS_XSPI) &&
	    s->xspi.read_opcode != 0)
		return true;
	return (s->bfpt.reads >> r) & 1u;
}

uint8_t extmem_nor_xspi_dummy(const struct extmem_sfdp *s, uint32_t hz, uint8_t *pattern)
{
	uint8_t best = 0, best_pattern = 0; /* 0: no grade yet */
	if (!(s->has & EXTMEM_SFDP_HAS_XSPI))
		return 0;
	for (int i = 0; i < 4; i++) {
		uint8_t d = s->xspi.dummy[i];
		/* d - 1 wraps for an unlisted grade (0) and for none yet: the first count listed wins, then fewer. */
		if (hz <= grade_mhz[i] * 1000000u && d - 1u < best - 1u) {
			best = d;
			best_pattern = s->xspi.dummy_pattern[i];
		}
	}
	if (best != 0 && pattern != NULL)
		*pattern = best_pattern;
	return best;
}

uint8_t extmem_nor_xspi_default_dummy(const struct extmem_sfdp *s)
{
	uint8_t longest = 0;
	if (!(s->has & EXTMEM_SFDP_HAS_XSPI))
		return 0;
	for (int i = 0; i < 4; i++) {
		uint8_t d = s->xspi.dummy[i];
		/* The configuration field resets to 0: the entry with pattern 0 is the power-on latency. */
		if (d != 0 && s->xspi.dummy_pattern[i] == 0)
			return d;
		if (d > longest)
			longest = d;
	}
	return longest;
}

uint32_t extmem_nor_xspi_hz_of(const struct extmem_sfdp *s, uint8_t dummy)
{
	for (int i = 0; i < 4; i++)
		if (s->xspi.dummy[i] == dummy)
			return grade_mhz[i] * 1000000u;
	return 0;
}

uint32_t extmem_nor_xspi_top_hz(const struct extmem_sfdp *s)
{
	/* No has check: without a profile the parser leaves every count 0, so no grade is listed. */
	for (int i = 0; i < 4; i++)
		if (s->xspi.dummy[i] != 0)
			return grade_mhz[i] * 1000000u;
	return 0;
}

/* The top speed SFDP states for the protocol (with the strobe, else without), 0 when it states none. */
static uint32_t part_max_hz(const struct extmem_sfdp *s, const struct nor_choice *ch, bool dqs)
{
	if (ch->speed < 0)
		return 0;
	uint16_t mhz = s->bfpt.max_mhz[ch->speed][dqs ? 1 : 0];
	if (mhz == 0 && dqs)
		mhz = s->bfpt.max_mhz[ch->speed][0];
	return (uint32_t)mhz * 1000000u;
}

/* The smaller of two bounds, 0 meaning none: 0 - 1 wraps to the largest value, so it never wins. */
static uint32_t min_nz(uint32_t a, uint32_t b)
{
	return a - 1u < b - 1u ? a : b;
}

/* The read with a 4-byte address FF84 lists for the protocol, 0 when it lists none. */
static uint8_t read_opcode_4b(const struct extmem_sfdp *s, const struct nor_choice *ch)
{
	if (!(s->has & EXTMEM_SFDP_HAS_4BAIT) || !((s->bait.supported >> ch->bait_bit) & 1u))
		return 0;
	return ch->op4;
}

/*
 * Appends a step to c and returns it for the caller's other fields. Filled
 * in place: c was zeroed by extmem_nor_plan, and a step built by value and
 * copied cost about 0.5 KB of code at the call sites. It cannot overflow:
 * the longest entry is one step per FF0A sequence, or quad enable, QPI
 * entry and 4-byte entry (3).
 */
_Static_assert(NOR_MAX_STEPS >= EXTMEM_SFDP_MAX_ODDR_SEQ && NOR_MAX_STEPS >= 3, "a candidate's steps fit");

static struct nor_step *add_step(struct nor_candidate *c, uint8_t kind, uint8_t opcode, enum extmem_protocol in,
				 enum extmem_protocol after)
{
	struct nor_step *st = &c->step[c->nsteps++];
	st->kind = kind;
	st->opcode = opcode;
	st->in = in;
	st->after = after;
	/* Quad enable writes a non-volatile register; every other step is volatile (FF0A sets its own). */
	st->busy_us = NOR_WIDTH_ON(4) && kind == NOR_STEP_QE ? NOR_WRSR_US : NOR_VOLATILE_US;
	return st;
}

#if EXTMEM_NOR_READ_ONLY
/* A read-only build erases and programs nothing: no erase opcode is required, none is planned. */
#define erase_4b_all(s)               true
#define set_prog_erase(c, op, s, op4) ((void)0)
#else
/* True when every erase type the part has also has a 4-byte opcode. */
static bool erase_4b_all(const struct extmem_sfdp *s)
{
	for (int i = 0; i < 4; i++)
		if (s->bfpt.erase[i].size != 0 && s->bfpt.erase[i].opcode_4b == 0)
			return false;
	return true;
}

/* The program and erase opcodes of a candidate: the erase ones from the table given (3- or 4-byte). */
static void set_prog_erase(struct nor_candidate *c, uint8_t prog_opcode, const struct extmem_sfdp *s, bool op4)
{
	c->prog_opcode = prog_opcode;
	for (int i = 0; i < 4; i++)
		c->erase_op[i] = op4 ? s->bfpt.erase[i].opcode_4b : s->bfpt.erase[i].opcode;
}
#endif

bool extmem_nor_sccr_usable(const struct extmem_sfdp *s, int f)
{
	const struct extmem_sfdp_sccr_bit *b = &s->sccr.bit[f];
	return (s->has & EXTMEM_SFDP_HAS_SCCR) && b->present && b->write_op != 0 && b->read_op != 0 && b->bit < 8;
}

/* A step from 1S-1S-1S that makes SCCR field f true, when the map gives it and its write command. */
static bool add_sccr_step(struct nor_candidate *c, const struct extmem_sfdp *s, uint8_t f, enum extmem_protocol after)
{
	if (!(s->has & EXTMEM_SFDP_HAS_SCCR) || !s->sccr.bit[f].present || s->sccr.bit[f].write_op == 0)
		return false;
	add_step(c, NOR_STEP_SCCR_SET, 0, EXTMEM_PROTO_1S_1S_1S, after)->field = f;
	return true;
}

/* The 4-byte address entry BFPT DWORD 16 gives (B7h, or 06h then B7h), sent in p; false: neither. */
static bool add_4b_entry(struct nor_candidate *c, const struct extmem_sfdp *s, enum extmem_protocol p)
{
	if (!(s->bfpt.addr4_enter & (EXTMEM_SFDP_4B_ENTER_B7 | EXTMEM_SFDP_4B_ENTER_WREN_B7)))
		return false;
	add_step(c, (s->bfpt.addr4_enter & EXTMEM_SFDP_4B_ENTER_B7) ? NOR_STEP_CMD : NOR_STEP_WREN_CMD, 0xB7, p, p);
	return true;
}

/*
 * Octal through the SCCR map's "octal mode enable" and "STR or DTR select"
 * bits (DWORDs 16 and 18, e.g. Infineon SEMPER CFR5V OPI-IT and SDRDDR):
 * both in one read-modify-write of their register, DTR true for 8D, false
 * for 8S. An addressed register is reached with 4 address bytes from 1S,
 * so a part not always in 4-byte mode enters it first, as DWORD 16 says.
 */
static bool plan_octal_mode_bits(const struct extmem_sfdp *s, const struct nor_choice *ch, struct nor_candidate *c)
{
	const struct extmem_sfdp_sccr_bit *m = &s->sccr.bit[EXTMEM_SFDP_SCCR_OCTAL_MODE_VOLATILE];
	const struct extmem_sfdp_sccr_bit *r = &s->sccr.bit[EXTMEM_SFDP_SCCR_STR_DTR_VOLATILE];
	if (!extmem_nor_sccr_usable(s, EXTMEM_SFDP_SCCR_OCTAL_MODE_VOLATILE) ||
	    !extmem_nor_sccr_usable(s, EXTMEM_SFDP_SCCR_STR_DTR_VOLATILE))
		return false;
	if (m->read_op != r->read_op || m->write_op != r->write_op || m->addressed != r->addressed ||
	    m->reg_addr != r->reg_addr)
		return false; /* two registers: not one write, and no table says in which order */
	if (m->addressed && !s->bfpt.addr4_only && !add_4b_entry(c, s, EXTMEM_PROTO_1S_1S_1S))
		return false;
	struct nor_step *st = add_step(c, NOR_STEP_SCCR_SET, 0, EXTMEM_PROTO_1S_1S_1S, (enum extmem_protocol)ch->cmd);
	st->field = EXTMEM_SFDP_SCCR_OCTAL_MODE_VOLATILE;
	st->has_field2 = true;
	st->field2 = EXTMEM_SFDP_SCCR_STR_DTR_VOLATILE;
	st->field2_true = ch->cmd == EXTMEM_PROTO_8D_8D_8D;
	return true;
}

/* The octal command modes: entry, then the 4-byte instruction set. */
static bool plan_octal(const struct extmem_sfdp *s, const struct nor_choice *ch, struct nor_candidate *c)
{
	const enum extmem_protocol s1 = EXTMEM_PROTO_1S_1S_1S, to = (enum extmem_protocol)ch->cmd;
	bool entered = true;
	/* The SCCR bit that enters the mode, where no command does (0: a command does). */
	uint8_t sccr_field = 0;
	if (to == EXTMEM_PROTO_8S_8S_8S) {
		if (s->bfpt.opi_enable & 0x01) { /* 06h, E8h */
			add_step(c, NOR_STEP_WREN_CMD, 0xE8, s1, to);
		} else if (s->bfpt.opi_enable & 0x02) { /* 06h, 72h at address 0 with data 01h */
			static const struct extmem_sfdp_oddr_seq wrcr2 = {6, {0x72, 0, 0, 0, 0, 0x01}};
			struct nor_step *st = add_step(c, NOR_STEP_SEQ, 0x72, s1, to);
			st->wren = true;
			st->seq = wrcr2;
		} else {
			sccr_field = EXTMEM_SFDP_SCCR_OCTAL_VOLATILE;
		}
	} else if (s->has & EXTMEM_SFDP_HAS_ODDR) {
		for (int i = 0; i < EXTMEM_SFDP_MAX_ODDR_SEQ; i++) {
			const struct extmem_sfdp_oddr_seq *q = &s->oddr[i];
			if (q->len == 0)
				continue;
			struct nor_step *st = add_step(c, NOR_STEP_SEQ, q->cmd[0], s1, s1);
			st->seq = *q;
			/* A write enable makes nothing busy; any other write may be non-volatile. */
			if (q->cmd[0] != 0x06)
				st->busy_us = NOR_WRSR_US;
		}
		/* The last sequence is the switch: the part answers in 8D after it, with no busy period. */
		entered = c->nsteps > 0;
		if (entered) {
			c->step[c->nsteps - 1].after = to;
			c->step[c->nsteps - 1].busy_us = NOR_VOLATILE_US;
		}
	} else {
		sccr_field = EXTMEM_SFDP_SCCR_OCTAL_DTR_VOLATILE;
	}
	/* One call site for both modes: the mode's own bit, else the octal-mode and STR/DTR pair. */
	if (sccr_field != 0)
		entered = add_sccr_step(c, s, sccr_field, to) || plan_octal_mode_bits(s, ch, c);
	if (!entered || !erase_4b_all(s))
		return false;
	c->addr_bytes = 4;
	c->read_opcode = to == EXTMEM_PROTO_8D_8D_8D && s->xspi.read_opcode ? s->xspi.read_opcode : 0xEC;
	c->read_dummy = extmem_nor_xspi_default_dummy(s);
	if (c->read_dummy == 0)
		c->read_dummy = 20; /* no profile: the OctaFlash power-on latency */
	c->tune_dummy = (s->has & EXTMEM_SFDP_HAS_XSPI) != 0;
	set_prog_erase(c, 0x12, s, true);
	c->status_addr_bytes = (s->has & EXTMEM_SFDP_HAS_XSPI) ? s->xspi.rdsr_addr_bytes : 4;
	/* Without a profile the parser leaves its fields 0: the default latency then, as for a profile saying 0. */
	c->status_dummy = s->xspi.rdsr_dummy ? s->xspi.rdsr_dummy : 4;
	return true;
}

/* Single-line command modes and QPI: quad enable, QPI entry, 4-byte addressing. */
static bool plan_serial(const struct extmem_sfdp *s, const struct nor_choice *ch, struct nor_candidate *c)
{
	const enum extmem_protocol s1 = EXTMEM_PROTO_1S_1S_1S;
	/* The choice's command protocol: 1S-1S-1S but for QPI, so a constant where no quad protocol is planned. */
	const enum extmem_protocol cmd = NOR_WIDTH_ON(4) ? (enum extmem_protocol)ch->cmd : s1;
	uint8_t qer = s->bfpt.qer;
	bool quad = NOR_WIDTH_ON(4) && ch->lines == 4; /* a constant false where no quad protocol is planned */
	if (quad && qer > 6)
		return false; /* reserved: no known way to enable quad */
	/*
	 * A BFPT shorter than 15 DWORDs (JESD216 before rev A) does not state
	 * the quad enable requirement: qer 0 then means "unknown", not "no QE
	 * bit". Quad reads on a part whose QE is clear return garbage (S25FL-S:
	 * CR1 QUAD; Macronix: SR bit 6), so no quad data without it. The
	 * known parts get their requirement from sfdp_fixups.c.
	 */
	if (quad && s->bfpt.ndw < 15 && qer == 0)
		return false;
	if (quad && cmd == EXTMEM_PROTO_4S_4S_4S) {
		if (s->bfpt.qpi_enable & 0x01) { /* QE, then 38h */
			if (qer != 0)
				add_step(c, NOR_STEP_QE, 0, s1, s1);
			add_step(c, NOR_STEP_CMD, 0x38, s1, cmd);
		} else if (s->bfpt.qpi_enable & 0x02) {
			add_step(c, NOR_STEP_CMD, 0x38, s1, cmd);
		} else if (s->bfpt.qpi_enable & 0x04) {
			add_step(c, NOR_STEP_CMD, 0x35, s1, cmd);
		} else {
			return false;
		}
	} else if (quad && qer != 0) {
		add_step(c, NOR_STEP_QE, 0, s1, s1);
	}
	if (ch->sfdp_read < 0) {
		c->read_opcode = 0x0B;
		c->read_dummy = 8;
	} else {
		const struct extmem_sfdp_read_mode *r = &s->bfpt.read[ch->sfdp_read];
		uint32_t mode_bits = (uint32_t)r->mode_clocks * ch->addr_lines;
		c->read_opcode = r->opcode;
		c->read_dummy = r->wait_states;
		if (mode_bits % 8u == 0)
			c->read_mode_bytes = (uint8_t)(mode_bits / 8u);
		else
			c->read_dummy = (uint8_t)(c->read_dummy + r->mode_clocks);
	}
	if (c->read_opcode == 0)
		return false;
	set_prog_erase(c, 0x02, s, false);
	c->addr_bytes = 3;
	/* A 4-byte-only part is never addressed with 3 bytes, whatever its size. */
	if (s->bfpt.addr_bytes == EXTMEM_SFDP_ADDR_4 || (s->bfpt.addr4_enter & EXTMEM_SFDP_4B_ENTER_ALWAYS)) {
		c->addr_bytes = 4;
		return true;
	}
	if (s->bfpt.size <= (1u << 24))
		return true;
	/* Beyond 3 bytes' reach: 4-byte opcodes or an entry method, even where DWORD 1 says "3-byte only". */
	c->addr_bytes = 4;
	uint8_t op4 = read_opcode_4b(s, ch);
	if (op4 != 0 && erase_4b_all(s) && (EXTMEM_NOR_READ_ONLY || (s->bait.supported & EXTMEM_SFDP_4BAIT_PP_12))) {
		c->read_opcode = op4;
		set_prog_erase(c, 0x12, s, true);
#if !EXTMEM_NOR_READ_ONLY
		/* Quad data for programs too when the read runs quad and the table lists 34h. */
		if (quad && cmd == s1 && (s->bait.supported & EXTMEM_SFDP_4BAIT_PP114_34)) {
			c->prog_opcode = 0x34;
			c->prog = EXTMEM_PROTO_1S_1S_4S;
		}
#endif
		return true;
	}
	if (add_4b_entry(c, s, cmd))
		return true;
	if (s->bfpt.addr_bytes == EXTMEM_SFDP_ADDR_3_OR_4 && s->bfpt.addr4_enter == 0) {
		/*
		 * A 9-DWORD table says "3 or 4 bytes" but not how. B7h is the entry
		 * of every such part; WREN first covers those that need it (Micron),
		 * WRDI after leaves WEL clear on those that do not.
		 */
		add_step(c, NOR_STEP_WREN_CMD_WRDI, 0xB7, cmd, cmd);
		return true;
	}
	return false;
}

/*
 * The link carries the protocol: as many data lines, and for 8D-8D-8D double
 * rate and the strobe. 8D data needs the strobe: without DQS the read window
 * at these clocks is narrower than a controller's sampling uncertainty, and
 * register reads in 8D-8D-8D are DTR reads too. A link without DQS gets no
 * 8D protocol.
 */
static bool link_carries(const struct extmem_nor_sfdp_config *cfg, const struct nor_choice *ch)
{
	return ch->lines <= cfg->link.data_lines &&
	       (ch->read != EXTMEM_PROTO_8D_8D_8D || (cfg->link.dtr_capable && cfg->link.dqs_wired));
}

bool extmem_nor_plan_choice(const struct extmem_sfdp *s, const struct extmem_nor_sfdp_config *cfg, unsigned i,
			    struct nor_candidate *c)
{
	if (i >= NOR_CHOICES)
		return false;
	const struct nor_choice *ch = &choices[i];
	if (!link_carries(cfg, ch) || !sfdp_has_read(s, ch->sfdp_read))
		return false;
	memset(c, 0, sizeof(*c));
	c->read = (enum extmem_protocol)ch->read;
	c->cmd = (enum extmem_protocol)ch->cmd;
	if (!EXTMEM_NOR_READ_ONLY) /* only programs use it */
		c->prog = c->cmd;
	/* The octal command modes, 8S-8S-8S and 8D-8D-8D, close the protocol list (only 1S-8D-8D between them). */
	bool octal = NOR_WIDTH_ON(8) && ch->cmd >= EXTMEM_PROTO_8S_8S_8S;
	if (!(octal ? plan_octal(s, ch, c) : plan_serial(s, ch, c)))
		return false;
	/* DTR programs move byte pairs: a page of one byte (or an odd size) cannot hold a pair. */
	if (!EXTMEM_NOR_READ_ONLY && extmem_nor_bus_of(c->prog).data_dtr &&
	    (s->bfpt.page_size < 2 || (s->bfpt.page_size & 1u)))
		return false;
	uint32_t hz = part_max_hz(s, ch, cfg->link.dqs_wired);
	if (hz == 0)
		hz = cfg->sdr_max_hz ? cfg->sdr_max_hz : NOR_SDR_MAX_HZ;
	if (octal)
		hz = min_nz(hz, extmem_nor_xspi_top_hz(s));
	c->hz = min_nz(hz, min_nz(cfg->max_hz, cfg->link.max_hz));
	return true;
}

unsigned extmem_nor_plan(const struct extmem_sfdp *s, const struct extmem_nor_sfdp_config *cfg,
			 struct nor_candidate *out, unsigned max)
{
	unsigned n = 0;
	if (s == NULL || cfg == NULL || out == NULL)
		return 0;
	for (unsigned i = 0; i < NOR_CHOICES && n < max; i++)
		if (extmem_nor_plan_choice(s, cfg, i, &out[n]))
			n++;
	return n;
}
