/* SPDX-License-Identifier: MIT */
/*
 * The generic serial NOR model: state, busy time, power, reset, and the
 * execution of a command once the frame decoder (nor_wire.c) and the command
 * tables (nor_cmds.c) have said what the part sampled and what it means.
 * See extmem_sim/nor.h and docs/device-models.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nor_internal.h"

static const char *const rule_names[EXTMEM_SIM_NOR_RULE_COUNT] = {
	[EXTMEM_SIM_NOR_RULE_PROTOCOL] = "protocol",
	[EXTMEM_SIM_NOR_RULE_OPCODE_EXT] = "opcode-ext",
	[EXTMEM_SIM_NOR_RULE_UNKNOWN] = "unknown",
	[EXTMEM_SIM_NOR_RULE_SHAPE] = "shape",
	[EXTMEM_SIM_NOR_RULE_ADDR_WIDTH] = "addr-width",
	[EXTMEM_SIM_NOR_RULE_DUMMY] = "dummy",
	[EXTMEM_SIM_NOR_RULE_FREQ] = "freq",
	[EXTMEM_SIM_NOR_RULE_BUSY] = "busy",
	[EXTMEM_SIM_NOR_RULE_NO_WEL] = "no-wel",
	[EXTMEM_SIM_NOR_RULE_SUSPEND] = "suspend",
	[EXTMEM_SIM_NOR_RULE_DTR_ODD] = "dtr-odd",
	[EXTMEM_SIM_NOR_RULE_DQS] = "dqs",
	[EXTMEM_SIM_NOR_RULE_QE] = "qe",
	[EXTMEM_SIM_NOR_RULE_PROTECTED] = "protected",
	[EXTMEM_SIM_NOR_RULE_RANGE] = "range",
	[EXTMEM_SIM_NOR_RULE_CONT_READ] = "cont-read",
};

const char *extmem_sim_nor_rule_name(enum extmem_sim_nor_rule rule)
{
	if ((unsigned)rule >= EXTMEM_SIM_NOR_RULE_COUNT)
		return "?";
	return rule_names[rule];
}

void nor_viol(struct extmem_sim_nor *nor, enum extmem_sim_nor_rule rule, const char *fmt, ...)
{
	char msg[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nor->rule_count[rule]++;
	nor->last_rule = rule;
	extmem_sim_violation(&nor->base, "%s [%s]: %s", nor->part->name, rule_names[rule], msg);
}

uint64_t extmem_sim_nor_us_to_ps(uint64_t us)
{
	return us * PS_PER_US;
}

/* ---- array, protection, fail flags ---- */
static void apply_pending(struct extmem_sim_nor *nor, uint32_t fraction_num, uint32_t fraction_den)
{
	struct extmem_sim_nor_pending *pd = &nor->pending;
	uint32_t n = (uint32_t)((uint64_t)pd->len * fraction_num / fraction_den);
	if (pd->kind == EXTMEM_SIM_NOR_PROGRAM) {
		uint32_t page = nor->part->page_size;
		for (uint32_t i = 0; i < n; i++)
			nor->array[pd->addr + (pd->data_off + i) % page] &= pd->data[i];
	} else if (pd->kind == EXTMEM_SIM_NOR_ERASE) {
		memset(nor->array + pd->addr, 0xFF, n);
	}
}

/* Ends the busy period when its time has come: the program/erase takes effect. */
void nor_settle(struct extmem_sim_nor *nor)
{
	if (nor->pending.kind == EXTMEM_SIM_NOR_IDLE || nor->faults.stuck_busy)
		return;
	if (nor->base.clock->now_ps < nor->busy_until_ps)
		return;
	bool erase = nor->pending.kind == EXTMEM_SIM_NOR_ERASE;
	bool fail = nor->pending.kind == EXTMEM_SIM_NOR_PROGRAM ? nor->faults.fail_program
								: (erase ? nor->faults.fail_erase : false);
	if (fail)
		nor_set_fail(nor, erase);
	else
		apply_pending(nor, 1, 1);
	nor->pending.kind = EXTMEM_SIM_NOR_IDLE;
	nor->wel = false;
}

bool nor_busy_now(struct extmem_sim_nor *nor)
{
	nor_settle(nor);
	/* S25FL-S: a set E_ERR/P_ERR keeps WIP at 1 until CLSR or a reset. */
	bool spansion_err = (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD) ||
			     nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL)) &&
			    (nor->sr & 0x60) != 0;
	return nor->faults.stuck_busy || nor->pending.kind != EXTMEM_SIM_NOR_IDLE || spansion_err;
}

static void start_busy(struct extmem_sim_nor *nor, int kind, uint64_t typ_us)
{
	nor->pending.kind = kind;
	nor->busy_start_ps = nor->base.clock->now_ps;
	nor->busy_until_ps = nor->busy_start_ps + typ_us * PS_PER_US;
	/* Macronix clears its fail flags when the next program/erase starts. */
	if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL) ||
	    nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_MACRONIX_QUAD))
		nor->scur &= (uint8_t)~0x60;
}

/* ---- power-on / reset state ---- */

void nor_volatile_defaults(struct extmem_sim_nor *nor, bool power_on)
{
	const struct extmem_sim_nor_part *p = nor->part;
	nor->proto = EXTMEM_SIM_NOR_1S1S1S;
	nor->addr4 = false;
	nor->wel = false;
	nor->reset_enabled = false;
	nor->cont_read = false;
	nor->cr2_0 = 0;
	nor->cr2_300 = p->dummy_default_code;
	nor->vcr = 0xFB; /* Micron default: dummy field 0xF = default latency */
	nor->evcr = 0xFF;
	nor->params = 0;
	nor->mt_vcr[0] = 0xFF; /* extended SPI */
	nor->mt_vcr[1] = 0xFF; /* default dummy cycles */
	if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD) ||
	    nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL))
		nor->sr &= (uint8_t)~0x60; /* a reset clears E_ERR/P_ERR */
	if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL)) {
		memcpy(nor->cfr_v, nor->cfr_nv, sizeof(nor->cfr_v));
		nor->addr4 = (nor->cfr_v[2] & 0x80) != 0;
	}
	if (power_on) {
		nor->scur &= (uint8_t)~0x60;
		nor->fsr_err = 0;
		nor->err = 0;
	}
	if (nor->locks != NULL && (power_on || p->powerup_locked))
		memset(nor->locks, p->powerup_locked ? 1 : 0, p->size / 8192u);
}

static void abort_pending(struct extmem_sim_nor *nor)
{
	if (nor->pending.kind != EXTMEM_SIM_NOR_IDLE && !nor->faults.stuck_busy &&
	    nor->base.clock->now_ps >= nor->busy_until_ps) {
		nor_settle(nor);
		return;
	}
	/* Interrupted: the documented half-done state. */
	apply_pending(nor, 1, 2);
	nor->pending.kind = EXTMEM_SIM_NOR_IDLE;
}

void extmem_sim_nor_power_cut(struct extmem_sim_nor *nor)
{
	abort_pending(nor);
	nor->powered = false;
}

void extmem_sim_nor_power_cycle(struct extmem_sim_nor *nor)
{
	abort_pending(nor);
	nor->powered = true;
	nor->recover_until_ps = 0;
	nor_volatile_defaults(nor, true);
}

void nor_switch_proto(struct extmem_sim_nor *nor, enum extmem_sim_nor_proto proto)
{
	if (nor->faults.refuse_protos & (1u << proto))
		return;
	nor->proto = proto;
}

static void soft_reset(struct extmem_sim_nor *nor)
{
	uint32_t recover_us = nor->part->rst_idle_us;
	if (nor->pending.kind != EXTMEM_SIM_NOR_IDLE) {
		nor_settle(nor);
		if (nor->pending.kind != EXTMEM_SIM_NOR_IDLE) {
			bool wrsr = nor->pending.kind == EXTMEM_SIM_NOR_WRSR;
			if (!wrsr)
				nor_viol(nor, EXTMEM_SIM_NOR_RULE_BUSY,
					 "soft reset during program/erase: operation aborted");
			abort_pending(nor);
			recover_us = nor->part->rst_busy_us;
		}
	}
	nor_volatile_defaults(nor, false);
	nor->recover_until_ps = nor->base.clock->now_ps + (uint64_t)recover_us * PS_PER_US;
}

/* ---- command decoding ---- */
static int op_proto(const struct extmem_xspi_op *op)
{
	if (op->cmd.bus.lines == 1 && !op->cmd.bus.dtr)
		return EXTMEM_SIM_NOR_1S1S1S;
	if (op->cmd.bus.lines == 4 && !op->cmd.bus.dtr)
		return EXTMEM_SIM_NOR_4S4S4S;
	if (op->cmd.bus.lines == 8)
		return op->cmd.bus.dtr ? EXTMEM_SIM_NOR_8D8D8D : EXTMEM_SIM_NOR_8S8S8S;
	return -1;
}

static const uint8_t proto_lines[] = {1, 4, 8, 8};
static const char *proto_name(int proto)
{
	switch (proto) {
	case EXTMEM_SIM_NOR_1S1S1S: return "1S-1S-1S";
	case EXTMEM_SIM_NOR_4S4S4S: return "4S-4S-4S";
	case EXTMEM_SIM_NOR_8S8S8S: return "8S-8S-8S";
	case EXTMEM_SIM_NOR_8D8D8D: return "8D-8D-8D";
	default: return "an unknown protocol";
	}
}

static uint32_t addr_expected(const struct extmem_sim_nor *nor, enum nor_addr a)
{
	switch (a) {
	case A_NONE: return 0;
	case A_3: return 3;
	case A_4: return 4;
	case A_MODE:
		if (nor->proto >= EXTMEM_SIM_NOR_8S8S8S || nor->part->addr4 == EXTMEM_SIM_NOR_ADDR_4ONLY)
			return 4;
		return nor->addr4 ? 4 : 3;
	}
	return 0;
}

static void do_program(struct extmem_sim_nor *nor, const uint8_t *d, uint32_t n, uint32_t addr)
{
	uint32_t page = nor->part->page_size;
	if (nor_is_protected(nor, addr & ~(page - 1u), page)) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_PROTECTED, "program at 0x%x in a protected area: ignored", addr);
		nor_set_protect_error(nor, false);
		nor->wel = false;
		return;
	}
	/* More than a page: only the last page_size bytes stay (they wrap inside the page). */
	if (n > page) {
		d += n - page;
		addr += n - page;
		n = page;
	}
	struct extmem_sim_nor_pending *pd = &nor->pending;
	pd->addr = addr & ~(page - 1u);
	pd->data_off = (uint16_t)(addr & (page - 1u));
	pd->len = n;
	memcpy(pd->data, d, n);
	start_busy(nor, EXTMEM_SIM_NOR_PROGRAM, nor->part->pp_typ_us);
}

static void do_erase(struct extmem_sim_nor *nor, uint32_t start, uint32_t len, uint64_t typ_us)
{
	if (nor_is_protected(nor, start, len)) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_PROTECTED, "erase at 0x%x+0x%x in a protected area: ignored", start,
			 len);
		nor_set_protect_error(nor, true);
		nor->wel = false;
		return;
	}
	nor->pending.addr = start;
	nor->pending.len = len;
	start_busy(nor, EXTMEM_SIM_NOR_ERASE, typ_us);
}

static bool map_block(const struct extmem_sim_nor *nor, uint32_t addr, uint32_t *start, uint32_t *len)
{
	const struct extmem_sim_nor_part *p = nor->part;
	for (unsigned i = 0; i < p->map_count; i++) {
		const struct extmem_sim_nor_region *r = &p->map[i];
		if (addr >= r->start && addr - r->start < r->len) {
			*start = r->start + (addr - r->start) / r->block * r->block;
			*len = r->block;
			return true;
		}
	}
	return false;
}

/* SST26 BPR (simplified layout, see docs): one bit per block from the bottom, LSB first. */
static void sst26_bpr(struct extmem_sim_nor *nor, uint8_t *buf, uint32_t n, const uint8_t *in)
{
	const struct extmem_sim_nor_part *p = nor->part;
	uint32_t bit = 0;
	for (uint32_t a = 0; a < p->size; bit++) {
		uint32_t s, l;
		if (!map_block(nor, a, &s, &l))
			break;
		uint32_t byte = bit / 8u;
		if (byte < n) {
			if (in != NULL) {
				memset(nor->locks + s / 8192u, (in[byte] >> (bit % 8u)) & 1u, l / 8192u);
			} else {
				if (bit % 8u == 0)
					buf[byte] = 0;
				buf[byte] |= (uint8_t)(nor->locks[s / 8192u] << (bit % 8u));
			}
		}
		a = s + l;
	}
}

static bool check_phase(struct extmem_sim_nor *nor, const char *what, struct extmem_xspi_phase bus, uint8_t lines,
			bool dtr)
{
	if (bus.lines == lines && bus.dtr == dtr)
		return true;
	nor_viol(nor, EXTMEM_SIM_NOR_RULE_SHAPE, "%s phase on %u line(s)%s, the part expects %u%s", what, bus.lines,
		 bus.dtr ? " DTR" : "", lines, dtr ? " DTR" : "");
	return false;
}

/* ---- execution ---- */
struct decoded {
	struct nor_cmd c;
	uint8_t opc;
	uint32_t addr;
	uint32_t want_addr;
	const uint8_t *data; /* write data as sampled */
	uint32_t data_len;
	uint8_t *scratch;
	uint32_t latency; /* read: clocks between the address and the first data the host samples */
	int mode;         /* read: the first mode byte, -1 when none */
};

static bool decode(struct extmem_sim_nor *nor, struct nor_wire *w, struct decoded *d)
{
	const struct extmem_xspi_op *op = w->op;
	bool octal = nor->proto >= EXTMEM_SIM_NOR_8S8S8S, dtr = nor->proto == EXTMEM_SIM_NOR_8D8D8D;
	uint8_t lines = proto_lines[nor->proto];
	uint8_t opc = d->opc;

	/* The command: one byte, or in 8S/8D the opcode and its extension, on the protocol's lines. */
	if (octal) {
		unsigned inv = nor->part->octal_ext_same ? opc : opc ^ 0xFFu;
		bool have_ext = nor_wire_left(w) >= 2 && nor_wire_mismatch(w, 2, lines, dtr) < 0;
		unsigned ext = have_ext ? nor_wire_byte(w, 1) : 0x100u;
		if (ext != inv) {
			/* Hosts send resets in both extension forms while they look for the part: not a misread. */
			if (opc == 0x66 || opc == 0x99)
				return false;
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_OPCODE_EXT,
				 "%s command %04Xh (%u byte): the part expects %02X%02Xh: ignored",
				 proto_name((int)nor->proto), op->cmd.opcode, op->cmd.nbytes, opc, inv);
			return false;
		}
		nor_wire_take(w, 2);
	} else {
		if (op->cmd.nbytes != 1) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_OPCODE_EXT, "2-byte command %04Xh in %s: ignored",
				 op->cmd.opcode, proto_name((int)nor->proto));
			return false;
		}
		nor_wire_take(w, 1);
	}

	struct nor_cmd *c = &d->c;
	if (!nor_cmd_lookup(nor, nor->proto, opc, c)) {
		/* A reset the part does not have is ignored, as it is sent blindly to every part. */
		if (opc == 0x66 || opc == 0x99)
			return false;
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_UNKNOWN, "opcode %02Xh does not exist in %s: ignored", opc,
			 proto_name((int)nor->proto));
		return false;
	}
	/* Busy: only status reads (and a reset) are answered. */
	if (nor_busy_now(nor) && !c->any_busy) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_BUSY, "opcode %02Xh while busy: ignored", opc);
		return false;
	}

	/* Address: the next host-driven bytes, whichever phase the controller put them in. */
	uint32_t want = d->want_addr = addr_expected(nor, c->addr);
	uint8_t alines = c->addr_lines ? c->addr_lines : lines;
	bool reading = c->dir == EXTMEM_XSPI_DATA_IN;
	if ((op->addr.nbytes != 0 && op->addr.nbytes != want) || nor_wire_left(w) < want) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH,
			 "opcode %02Xh with %u address bytes, the part expects %u: %s", opc,
			 op->addr.nbytes ? op->addr.nbytes : nor_wire_left(w), want, reading ? "garbage" : "ignored");
		return false;
	}
	int32_t bad = nor_wire_mismatch(w, want, alines, dtr);
	if (bad >= 0) {
		struct extmem_xspi_phase b = nor_wire_bus(w, (uint32_t)bad);
		check_phase(nor, "address", b, alines, dtr);
		return false;
	}
	d->addr = nor_wire_take(w, want);

	/* Direction: a read needs a data-in phase; a write its data; others nothing after the address. */
	enum extmem_xspi_dir host = op->data.dir;
	if (reading ? host != EXTMEM_XSPI_DATA_IN : host == EXTMEM_XSPI_DATA_IN) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_SHAPE, "opcode %02Xh with data direction %d, the part expects %d",
			 opc, (int)host, (int)c->dir);
		return false;
	}
	if (reading) {
		d->mode = -1;
		if (w->pos < w->head_len) {
			/* Mode (alternate) bytes: clocks of the latency, on the address lines. */
			int32_t m = nor_wire_mismatch(w, w->head_len - w->pos, alines, dtr);
			if (m >= 0 && !check_phase(nor, "alternate", nor_wire_bus(w, (uint32_t)m), alines, dtr))
				return false;
			d->mode = nor_wire_byte(w, w->pos);
		}
		d->latency = nor_wire_head_clocks(w) + op->dummy_cycles;
		return true;
	}
	/* Idle clocks before write data are sampled as data: the part would misread them. */
	if (op->dummy_cycles != 0) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_DUMMY,
			 "opcode %02Xh with %u dummy clocks, the part expects none: ignored", opc, op->dummy_cycles);
		return false;
	}
	uint32_t left = nor_wire_left(w);
	if (c->dir == EXTMEM_XSPI_DATA_NONE ? left != 0 : left == 0) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_SHAPE, "opcode %02Xh with %u byte(s) after the address, the part %s",
			 opc, left, left ? "expects none: ignored" : "expects data");
		return false;
	}
	if (left != 0) {
		uint8_t dl = c->data_lines ? c->data_lines : lines;
		int32_t m = nor_wire_mismatch(w, left, dl, dtr);
		if (m >= 0) {
			check_phase(nor, "data", nor_wire_bus(w, (uint32_t)m), dl, dtr);
			return false;
		}
		d->data = nor_wire_data(w, &d->data_len, &d->scratch);
	}
	return true;
}

static void execute(struct extmem_sim_nor *nor, const struct extmem_xspi_op *op, struct decoded *d, bool was_rsten,
		    bool was_vwren, bool garbage, int64_t skew)
{
	const struct extmem_sim_nor_part *p = nor->part;
	const struct nor_cmd *c = &d->c;
	bool dtr = nor->proto == EXTMEM_SIM_NOR_8D8D8D;
	uint32_t addr = d->addr;
	if (d->want_addr == 3)
		addr &= 0xFFFFFFu;
	switch (c->kind) {
	case K_RDID: {
		uint8_t wrong[3] = {(uint8_t)(nor->faults.wrong_id >> 16), (uint8_t)(nor->faults.wrong_id >> 8),
				    (uint8_t)nor->faults.wrong_id};
		struct nor_src s = {.bytes = nor->faults.wrong_id ? wrong : p->id, .len = 3, .flip = -1, .pairs = dtr};
		nor_drive(op, dtr, skew, &s);
		break;
	}
	case K_SFDP: {
		struct nor_src s = {.bytes = nor->sfdp,
				    .len = nor->sfdp_len,
				    .start = addr,
				    .flip = -1,
				    .swap = dtr && p->octal_swapped && !(addr & 1u)};
		if (nor->faults.sfdp_flip >= 0)
			s.flip = nor->faults.sfdp_flip;
		nor_drive(op, dtr, skew, &s);
		break;
	}
	case K_READ: {
		if (addr >= p->size) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_RANGE, "read at 0x%x beyond the array: wraps", addr);
			addr %= p->size;
		}
		if (dtr && (addr & 1u)) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_DTR_ODD, "8D read at odd address 0x%x: starts at 0x%x", addr,
				 addr & ~1u);
			addr &= ~1u;
		}
		struct nor_src s = {.bytes = nor->array,
				    .len = p->size,
				    .start = addr,
				    .wrap = true,
				    .flip = -1,
				    .swap = dtr && p->octal_swapped};
		nor_drive(op, dtr, skew, &s);
		/* EBh mode bits can leave the part in continuous read. */
		if ((d->opc == 0xEB || d->opc == 0xEC) && d->mode >= 0 && p->cont_mask != 0 &&
		    ((unsigned)d->mode & p->cont_mask) == p->cont_match)
			nor->cont_read = true;
		break;
	}
	case K_RDREG: {
		/* A register keeps repeating while clocked, on both edges in DTR. */
		uint8_t v = nor_reg_value(nor, c->reg, addr);
		nor_wire_sample(op->data.buf.in, op->data.len, dtr, op->data.bus.dtr, skew, nor_repeat_fn, &v);
		break;
	}
	case K_WRREG: {
		nor->wrsr_volatile = was_vwren;
		uint32_t busy_us = nor_reg_write(nor, c->reg, addr, d->data, d->data_len);
		nor->wrsr_volatile = false;
		if (busy_us != 0)
			start_busy(nor, EXTMEM_SIM_NOR_WRSR, busy_us); /* WEL clears when the write cycle ends */
		else if (c->wel)
			nor->wel = false;
		break;
	}
	case K_PP:
		if (addr >= p->size) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_RANGE, "program at 0x%x beyond the array: ignored", addr);
			break;
		}
		if (dtr && (addr & 1u)) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_DTR_ODD, "8D program at odd address 0x%x: ignored", addr);
			break;
		}
		do_program(nor, d->data, d->data_len, addr);
		if (dtr && p->octal_swapped && nor->pending.kind == EXTMEM_SIM_NOR_PROGRAM) {
			struct extmem_sim_nor_pending *pd = &nor->pending;
			for (uint32_t i = 0; i + 1u < pd->len; i += 2u) {
				uint8_t t = pd->data[i];
				pd->data[i] = pd->data[i + 1u];
				pd->data[i + 1u] = t;
			}
		}
		break;
	case K_ERASE: {
		const struct extmem_sim_nor_erase *e = &p->erase[c->erase_idx];
		if (addr >= p->size) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_RANGE, "erase at 0x%x beyond the array: ignored", addr);
			break;
		}
		if (p->param_size != 0 && c->erase_idx == 0) {
			uint32_t lo = (nor->cr & 0x04) ? p->size - p->param_size : 0; /* CR1 TBPARM: top */
			if (addr < lo || addr - lo >= p->param_size) {
				nor_viol(nor, EXTMEM_SIM_NOR_RULE_RANGE,
					 "4 KiB erase at 0x%x outside the parameter sectors (0x%x+0x%x): ignored", addr,
					 lo, p->param_size);
				nor->wel = false;
				break;
			}
		}
		do_erase(nor, addr & ~(e->size - 1u), e->size, e->typ_us);
		break;
	}
	case K_MAP_ERASE: {
		uint32_t s, l;
		if (!map_block(nor, addr, &s, &l)) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_RANGE, "erase at 0x%x beyond the array: ignored", addr);
			break;
		}
		do_erase(nor, s, l, p->map_typ_us);
		break;
	}
	case K_CHIP:
		if (nor_is_protected(nor, 0, p->size)) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_PROTECTED, "chip erase with protected areas: ignored");
			nor->wel = false;
			break;
		}
		do_erase(nor, 0, p->size, (uint64_t)p->chip_typ_ms * 1000u);
		break;
	case K_WREN: nor->wel = true; break;
	case K_WRDI: nor->wel = false; break;
	case K_EN4B:
	case K_EX4B:
		nor->addr4 = c->kind == K_EN4B;
		if (c->wel)
			nor->wel = false;
		break;
	case K_QPI_EN: nor_switch_proto(nor, EXTMEM_SIM_NOR_4S4S4S); break;
	case K_QPI_EX:
		nor_switch_proto(nor, EXTMEM_SIM_NOR_1S1S1S);
		nor->evcr |= 0x80;
		break;
	case K_RSTEN: nor->reset_enabled = true; break;
	case K_VWREN: nor->wrsr_volatile = true; break;
	case K_RST_F0: soft_reset(nor); break;
	case K_RST:
		if (!was_rsten) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_SHAPE, "99h reset without 66h just before: ignored");
			break;
		}
		soft_reset(nor);
		break;
	case K_SUSPEND:
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_SUSPEND, "suspend/resume %02Xh: not supported, rejected", d->opc);
		break;
	case K_ULBPR:
		memset(nor->locks, 0, p->size / 8192u);
		nor->wel = false;
		break;
	case K_RBPR: {
		uint8_t bpr[32];
		memset(bpr, 0, sizeof(bpr));
		sst26_bpr(nor, bpr, sizeof(bpr), NULL);
		struct nor_src s = {.bytes = bpr, .len = 18, .wrap = true, .flip = -1};
		nor_drive(op, dtr, skew, &s);
		break;
	}
	case K_WBPR:
		sst26_bpr(nor, NULL, d->data_len, d->data);
		nor->wel = false;
		break;
	case K_CLRERR:
		nor->fsr_err = 0;
		nor->err = 0;
		if (nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD) ||
		    nor_is_family(nor, EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL))
			nor->sr &= (uint8_t)~0x60; /* E_ERR, P_ERR: WIP clears with them */
		break;
	case K_NONE: break;
	}
	if (garbage && c->dir == EXTMEM_XSPI_DATA_IN) {
		uint8_t *out = op->data.buf.in;
		for (uint32_t i = 0; i < op->data.len; i++)
			out[i] ^= 0x5A;
	}
}

/* Read checks after decoding: data lines and rate, QE, clock, latency, strobe. Returns false when ignored. */
static bool check_read(struct extmem_sim_nor *nor, const struct extmem_xspi_op *op, const struct decoded *d,
		       uint32_t bus_hz, bool *garbage, int64_t *skew)
{
	const struct extmem_sim_nor_part *p = nor->part;
	const struct nor_cmd *c = &d->c;
	bool octal = nor->proto >= EXTMEM_SIM_NOR_8S8S8S, dtr = nor->proto == EXTMEM_SIM_NOR_8D8D8D;
	uint8_t lines = proto_lines[nor->proto];
	uint8_t dl = c->data_lines ? c->data_lines : lines;
	/* Registers and the ID are held on both edges in DTR: a single-rate host samples them right. */
	bool held = c->kind == K_RDREG || c->kind == K_RDID;
	if (op->data.bus.lines != dl) {
		check_phase(nor, "data", op->data.bus, dl, dtr);
		return false;
	}
	if (op->data.bus.dtr != dtr && !(held && dtr)) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_SHAPE, "opcode %02Xh data sampled %s, the part drives %s: garbage",
			 d->opc, op->data.bus.dtr ? "on both edges" : "on one edge", dtr ? "both" : "one");
	}
	if (c->quad && !nor_qe_enabled(nor)) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_QE, "quad opcode %02Xh with quad not enabled: garbage", d->opc);
		return false;
	}
	uint32_t max_hz = c->read03 ? p->max_hz_read03 : dtr ? p->max_hz_dtr : octal ? p->max_hz_str : p->max_hz_spi;
	uint8_t need = nor_required_latency(nor, c, &max_hz);
	if (bus_hz > max_hz) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_FREQ, "opcode %02Xh at %u Hz, above the part's %u Hz for it", d->opc,
			 bus_hz, max_hz);
		*garbage = true;
	}
	/* A register repeats: sampling later than needed still sees it; earlier sees the idle bus. */
	if (d->latency != need && !(c->kind == K_RDREG && d->latency > need)) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_DUMMY,
			 "opcode %02Xh with %u latency clocks, the part expects %u: data shifted", d->opc, d->latency,
			 need);
		*skew = ((int64_t)need - (int64_t)d->latency) * lines * (dtr ? 2 : 1) / 8;
	}
	/* Data strobe: the octal parts drive DQS in OPI; DTR sampling needs it. */
	if (op->dqs && !octal) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_DQS, "DQS expected in %s but the part drives none: no data",
			 proto_name((int)nor->proto));
		return false;
	}
	if (!op->dqs && dtr && op->data.bus.dtr) {
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_DQS, "8D read without DQS: data sampled off the strobe, garbage");
		*garbage = true;
	}
	return true;
}

static int nor_execute(struct extmem_sim_nor *nor, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	if (nor->base.clock->now_ps < nor->recover_until_ps) {
		/* Recovering from a reset: the part drives nothing and takes no command. */
		uint8_t opc = (uint8_t)(op->cmd.nbytes == 2 ? op->cmd.opcode >> 8 : op->cmd.opcode);
		if (op->data.dir != EXTMEM_XSPI_DATA_IN && opc != 0x66 && opc != 0x99)
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_BUSY, "opcode %02Xh during reset recovery: ignored", opc);
		return EXTMEM_OK;
	}
	bool was_rsten = nor->reset_enabled, was_vwren = nor->wrsr_volatile;
	nor->reset_enabled = false;
	nor->wrsr_volatile = false;
	struct nor_wire w;
	nor_wire_init(&w, op);
	struct decoded d;
	memset(&d, 0, sizeof(d));
	d.opc = w.head_len != 0 ? w.head[0] : 0xFF;
	uint8_t opc = d.opc;
	bool nothing_after = w.len == 1 && op->data.dir == EXTMEM_XSPI_DATA_NONE && op->dummy_cycles == 0;
	if (nor->cont_read) {
		/* Only the mode-bit reset (FFh clocked on the lines) gets it out; anything else is an address. */
		if (opc == 0xFF && nothing_after) {
			nor->cont_read = false;
			return EXTMEM_OK;
		}
		nor_viol(nor, EXTMEM_SIM_NOR_RULE_CONT_READ,
			 "opcode %02Xh while in continuous-read mode: taken as an address byte, ignored (send FFh "
			 "first)",
			 opc);
		return EXTMEM_OK;
	}
	int proto = op_proto(op);
	bool recovery = opc == 0x66 || opc == 0x99 || opc == 0xF5 || opc == 0xFF;
	if (proto < 0 || proto != (int)nor->proto) {
		/* Resets and mode exits sent in every protocol are how hosts recover: ignored quietly. */
		if (!recovery)
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_PROTOCOL,
				 "opcode %02Xh sent in %s while the part is in %s: ignored", opc, proto_name(proto),
				 proto_name((int)nor->proto));
		return EXTMEM_OK;
	}
	/* FFh in SPI is the continuous-read / mode-bit reset hosts send blindly: nothing to do. */
	if (nor->proto == EXTMEM_SIM_NOR_1S1S1S && opc == 0xFF && nothing_after)
		return EXTMEM_OK;

	if (!decode(nor, &w, &d))
		return EXTMEM_OK;
	bool garbage = false;
	int64_t skew = 0;
	if (d.c.dir == EXTMEM_XSPI_DATA_IN) {
		if (!check_read(nor, op, &d, bus_hz, &garbage, &skew))
			return EXTMEM_OK;
	} else {
		const struct extmem_sim_nor_part *p = nor->part;
		bool octal = nor->proto >= EXTMEM_SIM_NOR_8S8S8S, dtr = nor->proto == EXTMEM_SIM_NOR_8D8D8D;
		uint32_t max_hz = dtr ? p->max_hz_dtr : octal ? p->max_hz_str : p->max_hz_spi;
		if (d.c.quad && !nor_qe_enabled(nor)) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_QE, "quad opcode %02Xh with quad not enabled: ignored", opc);
			goto out;
		}
		if (bus_hz > max_hz) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_FREQ, "opcode %02Xh at %u Hz, above the part's %u Hz for it",
				 opc, bus_hz, max_hz);
			goto out;
		}
		if (dtr && d.c.dir == EXTMEM_XSPI_DATA_OUT && (d.data_len & 1u)) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_DTR_ODD,
				 "8D write of %u bytes: the part takes byte pairs: ignored", d.data_len);
			goto out;
		}
		if (d.c.wel && !nor->wel && !(d.c.kind == K_WRREG && was_vwren)) {
			nor_viol(nor, EXTMEM_SIM_NOR_RULE_NO_WEL, "opcode %02Xh without WEL: ignored", opc);
			goto out;
		}
	}
	execute(nor, op, &d, was_rsten, was_vwren, garbage, skew);
out:
	free(d.scratch);
	return EXTMEM_OK;
}
static int nor_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	struct extmem_sim_nor *nor = (struct extmem_sim_nor *)dev;
	nor->ops++;
	if (nor->powered && !nor->faults.no_device)
		nor_execute(nor, op, bus_hz);
	if (nor->faults.cut_after_op != 0 && nor->ops == nor->faults.cut_after_op)
		extmem_sim_nor_power_cut(nor);
	return EXTMEM_OK;
}

/* When a program or erase in progress will end (stuck busy never does). */
static uint64_t nor_ready_at_ps(struct extmem_sim_device *dev)
{
	struct extmem_sim_nor *nor = (struct extmem_sim_nor *)dev;
	if (nor->faults.stuck_busy)
		return 0;
	uint64_t at = nor->pending.kind == EXTMEM_SIM_NOR_IDLE ? 0 : nor->busy_until_ps;
	if (nor->recover_until_ps > nor->base.clock->now_ps && nor->recover_until_ps > at)
		at = nor->recover_until_ps;
	return at;
}

const struct extmem_sim_device_ops nor_device_ops = {.transfer = nor_transfer, .ready_at_ps = nor_ready_at_ps};
