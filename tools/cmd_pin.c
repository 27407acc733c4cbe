/* SPDX-License-Identifier: MIT */
/*
 * `extmem pin`: runs the NOR SFDP driver's bring-up on a part model through
 * the host port, at the board's link, and writes what it decided (geometry,
 * timeouts, the fast protocol with its entry steps and read latency, the
 * 1S-1S-1S fallback) as a C initialiser of struct extmem_nor_pinned for the
 * pinned driver (include/extmem/nor_pinned.h). The loader build runs it for
 * each board's part.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "commands.h"
#include "extmem/nor_pinned.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "host_xspi.h"
#include "nor_internal.h"

/* What cannot be pinned: the configuration reached needs run-time decisions this format does not carry. */
#define PIN_EXIT_UNPINNABLE 5

static const struct extmem_opt pin_opts[] = {
	{"part", 0, "NAME", "the part model (the list is below)"},
	{"lines", 0, "N", "wired data lines: 1, 2, 4 or 8 (default 1)"},
	{"dtr", 0, NULL, "the controller does DTR"},
	{"dqs", 0, NULL, "the data strobe is wired"},
	{"max-hz", 0, "HZ", "highest bus clock the board allows, 1000000..400000000 (default 50000000)"},
	{"name", 0, "IDENT", "name of the const it defines (default extmem_nor_pinned_PART, lower case)"},
	{"output", 'o', "FILE", "the header to write ('-': standard output)"},
	{"json", 0, NULL, "a JSON summary on standard output (needs -o FILE)"},
};
#define PIN_NOPTS (sizeof(pin_opts) / sizeof(pin_opts[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: extmem pin --part NAME [--lines N] [--dtr] [--dqs] [--max-hz HZ] -o FILE.h\n\n"
		     "Runs the NOR SFDP driver's bring-up on the part model through the host port at\n"
		     "the given link and writes the configuration it reached as a C initialiser of\n"
		     "struct extmem_nor_pinned (include/extmem/nor_pinned.h), for firmware that knows\n"
		     "its part when it is built. The header shows consistency with the SFDP driver on\n"
		     "the model; the pinned driver's proof at every init is what checks the real part.\n\n"
		     "options:\n");
	extmem_args_print_options(out, pin_opts, PIN_NOPTS);
	fprintf(out, "\n  --part NAME   a part model:");
	size_t count;
	const struct extmem_sim_nor_part *const *parts = extmem_sim_nor_parts(&count);
	for (size_t i = 0; i < count; i++)
		fprintf(out, " %s", parts[i]->name);
	fprintf(out, "\n\nexit status: 0 written; 1 the SFDP driver's bring-up failed on the model; 2 bad\n"
		     "arguments; 4 the model recorded protocol violations during bring-up; 5 the\n"
		     "configuration reached cannot be pinned (the message says why); 6 the output\n"
		     "could not be written.\n");
}

struct pin_opts {
	const char *part, *out, *name;
	unsigned lines;
	uint32_t max_hz;
	bool dtr, dqs, json;
};

static bool c_ident(const char *s)
{
	if (s[0] == '\0' || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return strlen(s) < 64;
}

static int parse(int argc, char **argv, struct pin_opts *o, int *help)
{
	struct extmem_args a;
	*o = (struct pin_opts){.lines = 1, .max_hz = 50000000u};
	*help = 0;
	int r = extmem_args_command(&a, "extmem pin", pin_opts, PIN_NOPTS, NULL, argc, argv);
	if (r != 0) {
		*help = r == 1;
		return r == 1 ? 0 : -1;
	}
	o->part = extmem_args_get(&a, "part");
	o->out = extmem_args_get(&a, "output");
	o->name = extmem_args_get(&a, "name");
	o->dtr = extmem_args_flag(&a, "dtr");
	o->dqs = extmem_args_flag(&a, "dqs");
	o->json = extmem_args_flag(&a, "json");
	if (o->part == NULL) {
		extmem_args_error(&a, "--part NAME is required (see --help for the models)");
		return -1;
	}
	if (o->out == NULL) {
		extmem_args_error(&a, "-o FILE is required (the header to write)");
		return -1;
	}
	if (o->json && strcmp(o->out, "-") == 0) {
		extmem_args_error(&a, "-o - and --json would both write to stdout: write the header to a file");
		return -1;
	}
	struct stat st;
	if (strcmp(o->out, "-") != 0 && stat(o->out, &st) == 0 && S_ISDIR(st.st_mode)) {
		extmem_args_error(&a, "-o: %s is a directory", o->out);
		return -1;
	}
	if (o->name != NULL && !c_ident(o->name)) {
		extmem_args_error(&a, "--name: '%s' is not a C identifier (letters, digits, _; not a digit first)",
				  o->name);
		return -1;
	}
	uint64_t lines = o->lines, hz = o->max_hz;
	if (extmem_args_opt_u64(&a, "lines", 1, 8, &lines) != 0 ||
	    extmem_args_opt_u64(&a, "max-hz", 1000000u, 400000000u, &hz) != 0)
		return -1;
	if (lines != 1 && lines != 2 && lines != 4 && lines != 8) {
		extmem_args_error(&a, "--lines: '%s' is not a bus width (1, 2, 4 or 8)", extmem_args_get(&a, "lines"));
		return -1;
	}
	o->lines = (unsigned)lines;
	o->max_hz = (uint32_t)hz;
	return 0;
}

/* "8D-8D-8D" -> "EXTMEM_PROTO_8D_8D_8D" */
static const char *proto_ident(uint8_t p, char buf[32])
{
	const char *name = extmem_protocol_name((enum extmem_protocol)p);
	snprintf(buf, 32, "EXTMEM_PROTO_%s", name);
	for (char *c = buf; *c; c++)
		if (*c == '-')
			*c = '_';
	return buf;
}

/* A planner step as the pinned driver replays it; false (with *why) when it has no fixed form. */
static bool convert_step(const struct extmem_sfdp *s, const struct nor_step *st, struct extmem_nor_pinned_step *out,
			 const char **why)
{
	*out = (struct extmem_nor_pinned_step){
		.in = (uint8_t)st->in, .after = (uint8_t)st->after, .wait = true, .busy_us = st->busy_us};
	switch (st->kind) {
	case NOR_STEP_CMD:
	case NOR_STEP_WREN_CMD:
	case NOR_STEP_WREN_CMD_WRDI:
		out->kind = EXTMEM_NOR_PINNED_SEND;
		out->wren = st->kind != NOR_STEP_CMD;
		out->wrdi = st->kind == NOR_STEP_WREN_CMD_WRDI;
		out->len = 1;
		out->bytes[0] = st->opcode;
		return true;
	case NOR_STEP_SEQ:
		if (st->seq.len == 0 || st->seq.len > EXTMEM_NOR_PINNED_SEQ_MAX || st->seq.len > sizeof(st->seq.cmd)) {
			*why = "an entry sequence longer than 8 bytes";
			return false;
		}
		out->kind = EXTMEM_NOR_PINNED_SEND;
		out->wren = st->wren;
		out->len = st->seq.len;
		memcpy(out->bytes, st->seq.cmd, st->seq.len);
		return true;
	case NOR_STEP_SCCR_SET: {
		const struct extmem_sfdp_sccr_bit *b = &s->sccr.bit[st->field < EXTMEM_SFDP_SCCR_COUNT ? st->field : 0];
		if (st->field >= EXTMEM_SFDP_SCCR_COUNT || !b->present || b->read_op == 0 || b->write_op == 0 ||
		    b->bit > 7) {
			*why = "an SCCR entry step the tables do not describe fully";
			return false;
		}
		out->kind = EXTMEM_NOR_PINNED_RMW;
		out->wren = true;
		out->addressed = b->addressed;
		out->addr = (uint32_t)b->addr << 8;
		out->read_op = b->read_op;
		out->write_op = b->write_op;
		out->mask = (uint8_t)(1u << b->bit);
		out->value = b->active_high ? out->mask : 0;
		return true;
	}
	case NOR_STEP_QE:
		out->kind = EXTMEM_NOR_PINNED_RMW;
		out->wren = true;
		out->check = true;
		switch (s->bfpt.qer) {
		case 2: out->read_op = 0x05, out->write_op = 0x01, out->mask = 0x40; break;
		case 3: out->read_op = 0x3F, out->write_op = 0x3E, out->mask = 0x80; break;
		case 6: out->read_op = 0x35, out->write_op = 0x31, out->mask = 0x02; break;
		default: *why = "a quad enable written as two status bytes (QER 1, 4 or 5)"; return false;
		}
		out->value = out->mask;
		return true;
	default: *why = "an entry step of an unknown kind"; return false;
	}
}

static struct extmem_nor_pinned_mode mode_of(const struct nor_candidate *c, const struct extmem_nor_sfdp_data *d,
					     uint32_t hz)
{
	struct extmem_nor_pinned_mode m = {.read_proto = (uint8_t)c->read,
					   .cmd_proto = (uint8_t)c->cmd,
					   .prog_proto = (uint8_t)c->prog,
					   .hz = hz,
					   .addr_bytes = c->addr_bytes,
					   .read_opcode = c->read_opcode,
					   .read_dummy = c->read_dummy,
					   .read_mode_bytes = c->read_mode_bytes,
					   .prog_opcode = c->prog_opcode,
					   .status_addr_bytes = c->status_addr_bytes,
					   .status_dummy = c->status_dummy,
					   .flag_status = (d->sfdp.bfpt.busy_poll & EXTMEM_SFDP_POLL_FSR) != 0};
	for (int i = 0; i < d->erase_count && i < EXTMEM_MAX_ERASE_TYPES; i++)
		m.erase_op[i] = c->erase_op[(d->erase[i].opcode >> 8) & 3u];
	return m;
}

struct pin_run {
	struct extmem_sim_clock clock;
	struct extmem_sim_nor *model;
	struct extmem_host_xspi port;
	struct extmem_nor_sfdp_config cfg;
	struct extmem_nor_sfdp_data data;
	struct extmem_memory mem;
	struct extmem em;
	struct nor_candidate cand[NOR_MAX_CANDIDATES];
	struct extmem_nor_pinned pin;
};

/* From the driver's decisions to the description. Returns 0, or PIN_EXIT_UNPINNABLE after the message. */
static int describe(struct pin_run *r, const struct pin_opts *o)
{
	const struct extmem_nor_sfdp_data *d = &r->data;
	const struct extmem_sfdp *s = &d->sfdp;
	struct extmem_nor_pinned *p = &r->pin;
	const char *why = NULL;
	unsigned count = extmem_nor_plan(s, &r->cfg, r->cand, NOR_MAX_CANDIDATES);
	if (s->has & EXTMEM_SFDP_HAS_SMAP)
		why = "it has a sector map (erase types differ by region)";
	else if (count == 0 || d->cand_index >= count)
		why = "the planner does not list the protocol the driver reached";
	const struct nor_candidate *c = why == NULL ? &r->cand[d->cand_index] : NULL;
	const struct nor_candidate *safe = why == NULL ? &r->cand[count - 1] : NULL;
	if (why == NULL && (safe->read != EXTMEM_PROTO_1S_1S_1S || safe->nsteps != 0))
		why = "its 1S-1S-1S configuration needs entry steps";
	if (why == NULL && c->nsteps + (c->tune_dummy ? 1u : 0u) > EXTMEM_NOR_PINNED_MAX_STEPS)
		why = "its entry takes more steps than the description holds";
	*p = (struct extmem_nor_pinned){0};
	for (unsigned i = 0; why == NULL && i < c->nsteps; i++)
		if (!convert_step(s, &c->step[i], &p->step[i], &why))
			break;
	if (why != NULL) {
		fprintf(stderr, "extmem pin: %s cannot be pinned: %s\n", o->part, why);
		return PIN_EXIT_UNPINNABLE;
	}
	p->nsteps = c->nsteps;
	p->nentry = c->nsteps;
	if (c->tune_dummy && d->read_dummy != c->read_dummy) {
		/* the latency write the SFDP driver made for the clock it reached */
		const struct extmem_sfdp_sccr_bit *b = &s->sccr.bit[EXTMEM_SFDP_SCCR_DUMMY_VOLATILE];
		uint8_t pattern = 0;
		if (extmem_nor_xspi_dummy(s, d->clock_hz, &pattern) != d->read_dummy || b->read_op == 0 ||
		    b->write_op == 0 || b->bit > 7) {
			fprintf(stderr,
				"extmem pin: %s cannot be pinned: its read latency was set in a way not replayed\n",
				o->part);
			return PIN_EXIT_UNPINNABLE;
		}
		struct extmem_nor_pinned_step *t = &p->step[p->nsteps++];
		uint8_t field = (uint8_t)(0x1Fu << b->bit);
		*t = (struct extmem_nor_pinned_step){.kind = EXTMEM_NOR_PINNED_RMW,
						     .in = (uint8_t)c->cmd,
						     .after = (uint8_t)c->cmd,
						     .wren = true,
						     .wait = true,
						     .addressed = b->addressed,
						     .read_op = b->read_op,
						     .write_op = b->write_op,
						     .mask = field,
						     .value = (uint8_t)((pattern << b->bit) & field),
						     .addr = (uint32_t)b->addr << 8,
						     .busy_us = NOR_WRSR_US};
	}
	p->jedec_id = d->jedec_id;
	p->size = s->bfpt.size;
	p->page_size = s->bfpt.page_size;
	p->erase_count = d->erase_count;
	memcpy(p->erase, d->erase, sizeof(p->erase));
	p->chip_erase_opcode = d->chip_erase_opcode;
	p->prog_timeout_us = d->prog_timeout_us;
	p->chip_erase_timeout_us = d->chip_erase_timeout_us;
	p->sfdp_has = s->has & (EXTMEM_SFDP_HAS_XSPI | EXTMEM_SFDP_HAS_ODDR | EXTMEM_SFDP_HAS_SCCR);
	p->busy_poll = s->bfpt.busy_poll;
	p->octal_ext = s->bfpt.octal_ext;
	p->qer = s->bfpt.qer;
	p->prog_error = s->sccr.bit[EXTMEM_SFDP_SCCR_PROGRAM_ERROR];
	p->erase_error = s->sccr.bit[EXTMEM_SFDP_SCCR_ERASE_ERROR];
	p->sr_err_mask = d->sr_err_mask;
	p->sr_clear_op = d->sr_clear_op;
	/* 1S-1S-1S reads after reset, as the SFDP driver makes them (nor_bringup.c read_1s) */
	bool addr4 = s->bfpt.addr_bytes == EXTMEM_SFDP_ADDR_4 || (s->bfpt.addr4_enter & EXTMEM_SFDP_4B_ENTER_ALWAYS);
	p->read1s_addr_bytes = addr4 ? 4 : 3;
	p->read1s_op4 = (s->has & EXTMEM_SFDP_HAS_4BAIT) && (s->bait.supported & EXTMEM_SFDP_4BAIT_READ_13) ? 0x13 : 0;
	p->prove_sfdp_8d = d->sfdp_proven;
	p->sfdp_8d_dummy = s->xspi.sfdp_8d_dummy;
	p->fast = mode_of(c, d, d->clock_hz);
	/* what the driver runs with, after its latency tuning */
	p->fast.read_dummy = d->read_dummy;
	p->safe = mode_of(safe, d, safe->hz);
	return 0;
}

static void print_mode(FILE *f, const char *field, const struct extmem_nor_pinned_mode *m, uint8_t nerase)
{
	char b1[32], b2[32], b3[32];
	fprintf(f,
		"\t.%s = {.read_proto = %s, .cmd_proto = %s, .prog_proto = %s,\n"
		"\t\t.hz = %luu, .addr_bytes = %u, .read_opcode = 0x%02X, .read_dummy = %u, .read_mode_bytes = %u,\n"
		"\t\t.prog_opcode = 0x%02X, .erase_op = {",
		field, proto_ident(m->read_proto, b1), proto_ident(m->cmd_proto, b2), proto_ident(m->prog_proto, b3),
		(unsigned long)m->hz, m->addr_bytes, m->read_opcode, m->read_dummy, m->read_mode_bytes, m->prog_opcode);
	for (unsigned i = 0; i < nerase; i++)
		fprintf(f, "%s0x%02X", i ? ", " : "", m->erase_op[i]);
	fprintf(f, "},\n\t\t.status_addr_bytes = %u, .status_dummy = %u, .flag_status = %s},\n", m->status_addr_bytes,
		m->status_dummy, m->flag_status ? "true" : "false");
}

static void print_sccr(FILE *f, const char *field, const struct extmem_sfdp_sccr_bit *b)
{
	if (!b->present)
		return;
	fprintf(f,
		"\t.%s = {.present = true, .active_high = %s, .addressed = %s, .bit = %u, .addr = 0x%02X, .read_op = "
		"0x%02X},\n",
		field, b->active_high ? "true" : "false", b->addressed ? "true" : "false", b->bit, b->addr, b->read_op);
}

static void print_header(FILE *f, const struct pin_run *r, const struct pin_opts *o, const char *name)
{
	const struct extmem_nor_pinned *p = &r->pin;
	char b1[32], b2[32];
	fprintf(f,
		"/* Generated by `extmem pin --part %s --lines %u%s%s --max-hz %lu`: do not edit. */\n"
		"/*\n"
		" * The configuration the NOR SFDP driver reached on the %s model through\n"
		" * the host port. It shows consistency with the SFDP driver, not that the\n"
		" * real part works this way: the pinned driver's proof at every init (JEDEC\n"
		" * ID, WEL, the ID and SFDP header in the new protocol, the array read) is\n"
		" * what checks the real part: when it fails, init falls back to 1S-1S-1S,\n"
		" * or fails in a build with EXTMEM_NOR_NO_FALLBACK (the loaders).\n"
		" */\n"
		"#include \"extmem/nor_pinned.h\"\n\n"
		"static const struct extmem_nor_pinned %s = {\n",
		o->part, o->lines, o->dtr ? " --dtr" : "", o->dqs ? " --dqs" : "", (unsigned long)o->max_hz,
		r->model->part->name, name);
	fprintf(f, "\t.jedec_id = 0x%06lXu,\n\t.size = 0x%llXull,\n\t.page_size = %lu,\n\t.erase_count = %u,\n",
		(unsigned long)p->jedec_id, (unsigned long long)p->size, (unsigned long)p->page_size, p->erase_count);
	fprintf(f, "\t.erase = {");
	for (unsigned i = 0; i < p->erase_count; i++)
		fprintf(f, "%s{.size = 0x%lXu, .opcode = 0x%04X, .timeout_us = %luu}", i ? ", " : "",
			(unsigned long)p->erase[i].size, p->erase[i].opcode, (unsigned long)p->erase[i].timeout_us);
	fprintf(f, "},\n\t.chip_erase_opcode = 0x%02X,\n\t.prog_timeout_us = %luu,\n\t.chip_erase_timeout_us = %luu,\n",
		p->chip_erase_opcode, (unsigned long)p->prog_timeout_us, (unsigned long)p->chip_erase_timeout_us);
	fprintf(f, "\t.sfdp_has = 0x%lXu,\n\t.busy_poll = 0x%02X,\n\t.octal_ext = %u,\n\t.qer = %u,\n",
		(unsigned long)p->sfdp_has, p->busy_poll, p->octal_ext, p->qer);
	print_sccr(f, "prog_error", &p->prog_error);
	print_sccr(f, "erase_error", &p->erase_error);
	fprintf(f, "\t.sr_err_mask = 0x%02X,\n\t.sr_clear_op = 0x%02X,\n", p->sr_err_mask, p->sr_clear_op);
	fprintf(f,
		"\t.read1s_addr_bytes = %u,\n\t.read1s_op4 = 0x%02X,\n\t.prove_sfdp_8d = %s,\n\t.sfdp_8d_dummy = %u,\n",
		p->read1s_addr_bytes, p->read1s_op4, p->prove_sfdp_8d ? "true" : "false", p->sfdp_8d_dummy);
	print_mode(f, "fast", &p->fast, p->erase_count);
	fprintf(f, "\t.nsteps = %u,\n\t.nentry = %u,\n\t.step = {\n", p->nsteps, p->nentry);
	for (unsigned i = 0; i < p->nsteps; i++) {
		const struct extmem_nor_pinned_step *s = &p->step[i];
		fprintf(f,
			"\t\t{.kind = %s, .in = %s, .after = %s, .wren = %s, .wrdi = %s, .wait = %s, .busy_us = "
			"%luu,\n",
			s->kind == EXTMEM_NOR_PINNED_RMW ? "EXTMEM_NOR_PINNED_RMW" : "EXTMEM_NOR_PINNED_SEND",
			proto_ident(s->in, b1), proto_ident(s->after, b2), s->wren ? "true" : "false",
			s->wrdi ? "true" : "false", s->wait ? "true" : "false", (unsigned long)s->busy_us);
		if (s->kind == EXTMEM_NOR_PINNED_RMW) {
			fprintf(f,
				"\t\t .read_op = 0x%02X, .write_op = 0x%02X, .addressed = %s, .addr = 0x%lXu, .mask = "
				"0x%02X, "
				".value = 0x%02X, .check = %s},\n",
				s->read_op, s->write_op, s->addressed ? "true" : "false", (unsigned long)s->addr,
				s->mask, s->value, s->check ? "true" : "false");
		} else {
			fprintf(f, "\t\t .len = %u, .bytes = {", s->len);
			for (unsigned k = 0; k < s->len; k++)
				fprintf(f, "%s0x%02X", k ? ", " : "", s->bytes[k]);
			fprintf(f, "}},\n");
		}
	}
	fprintf(f, "\t},\n");
	print_mode(f, "safe", &p->safe, p->erase_count);
	fprintf(f, "};\n");
}

/* Written to FILE.tmp and renamed: a build never sees half a header. */
static int write_header(const struct pin_run *r, const struct pin_opts *o, const char *name)
{
	bool to_stdout = strcmp(o->out, "-") == 0;
	char tmp[4096];
	if (!to_stdout && (size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", o->out) >= sizeof(tmp)) {
		fprintf(stderr, "extmem pin: %s: cannot write: the name is too long\n", o->out);
		return -1;
	}
	FILE *f = to_stdout ? stdout : fopen(tmp, "w");
	if (f == NULL) {
		fprintf(stderr, "extmem pin: %s: cannot write: %s\n", o->out, strerror(errno));
		return -1;
	}
	print_header(f, r, o, name);
	bool bad = ferror(f) != 0;
	if (to_stdout)
		bad = fflush(f) != 0 || bad;
	else
		bad = fclose(f) != 0 || bad || rename(tmp, o->out) != 0;
	if (bad) {
		fprintf(stderr, "extmem pin: %s: write failed: %s\n", o->out, strerror(errno));
		if (!to_stdout)
			remove(tmp);
		return -1;
	}
	return 0;
}

static int print_json(const struct pin_run *r, const struct pin_opts *o, const char *name)
{
	const struct extmem_nor_pinned *p = &r->pin;
	char id[16];
	snprintf(id, sizeof(id), "%06lX", (unsigned long)(p->jedec_id & 0xFFFFFFu));
	cJSON *j = cJSON_CreateObject();
	bool ok = j != NULL && cJSON_AddStringToObject(j, "part", r->model->part->name) &&
		  cJSON_AddStringToObject(j, "jedec_id", id) && cJSON_AddStringToObject(j, "output", o->out) &&
		  cJSON_AddStringToObject(j, "name", name) &&
		  cJSON_AddStringToObject(j, "protocol",
					  extmem_protocol_name((enum extmem_protocol)p->fast.read_proto)) &&
		  cJSON_AddNumberToObject(j, "clock_hz", p->fast.hz) &&
		  cJSON_AddNumberToObject(j, "dummy_cycles", p->fast.read_dummy) &&
		  cJSON_AddNumberToObject(j, "steps", p->nsteps) &&
		  cJSON_AddBoolToObject(j, "sfdp_8d_proof", p->prove_sfdp_8d) &&
		  cJSON_AddStringToObject(j, "fallback",
					  extmem_protocol_name((enum extmem_protocol)p->safe.read_proto)) &&
		  cJSON_AddNumberToObject(j, "fallback_clock_hz", p->safe.hz);
	char *text = ok ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	if (text == NULL)
		return -1;
	int rc = puts(text) < 0 ? -1 : 0;
	free(text);
	return rc;
}

static int run(struct pin_run *r, const struct pin_opts *o)
{
	const struct extmem_sim_nor_part *part = extmem_sim_nor_part_find(o->part);
	if (part == NULL) {
		fprintf(stderr, "extmem pin: --part: no part model '%s' (see --help for the list)\n", o->part);
		return EXTMEM_EXIT_USAGE;
	}
	r->model = extmem_sim_nor_create(part, &r->clock, NULL, NULL);
	if (r->model == NULL)
		return EXTMEM_EXIT_INTERNAL;
	extmem_host_xspi_init(&r->port, &r->model->base, 200000000u);
	r->cfg.link = (struct extmem_xspi_link){.ops = &extmem_host_xspi_ops,
						.ctx = &r->port,
						.data_lines = (uint8_t)o->lines,
						.dqs_wired = o->dqs,
						.dtr_capable = o->dtr,
						.max_hz = o->max_hz,
						.map_base = 0x70000000u,
						.map_size = 0x10000000u};
	r->cfg.verify = true;
	r->mem = (struct extmem_memory){
		.kind = EXTMEM_KIND_NOR_SFDP, .driver = &extmem_nor_sfdp_driver, .config = &r->cfg, .data = &r->data};
	int err = extmem_setup(&r->em, &r->mem, 1);
	if (err == EXTMEM_OK)
		err = extmem_init(&r->em, 0);
	if (err != EXTMEM_OK) {
		fprintf(stderr, "extmem pin: %s: the SFDP driver's bring-up failed at %s: %s\n", part->name,
			extmem_nor_stage_name(r->data.stage), extmem_status_name(err));
		return EXTMEM_EXIT_FAILED;
	}
	if (r->model->base.violations != 0 && r->data.nattempts == 0) {
		fprintf(stderr,
			"extmem pin: %s: the model recorded %lu protocol violations during bring-up (last: %s)\n",
			part->name, (unsigned long)r->model->base.violations, r->model->base.last_violation);
		return EXTMEM_EXIT_VIOLATION;
	}
	int rc = describe(r, o);
	if (rc != 0)
		return rc;
	char name[80];
	if (o->name != NULL) {
		snprintf(name, sizeof(name), "%s", o->name);
	} else {
		snprintf(name, sizeof(name), "extmem_nor_pinned_%s", part->name);
		for (char *c = name; *c; c++) {
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
			else if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
				*c = '_';
		}
	}
	if (write_header(r, o, name) != 0)
		return EXTMEM_EXIT_INTERNAL;
	if (o->json && print_json(r, o, name) != 0)
		return EXTMEM_EXIT_INTERNAL;
	return EXTMEM_EXIT_OK;
}

int extmem_cmd_pin(int argc, char **argv)
{
	struct pin_opts o;
	int help;
	if (parse(argc, argv, &o, &help) != 0)
		return EXTMEM_EXIT_USAGE;
	if (help) {
		usage(stdout);
		return EXTMEM_EXIT_OK;
	}
	struct pin_run *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return EXTMEM_EXIT_INTERNAL;
	int rc = run(r, &o);
	if (r->model != NULL)
		extmem_sim_nor_destroy(r->model);
	free(r);
	return rc;
}
