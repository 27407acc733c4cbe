/* SPDX-License-Identifier: MIT */
/*
 * `extmem probe`: runs the NOR SFDP driver's discovery on a simulated part
 * (a named part model, or one built from nothing but an SFDP image) through
 * the host port, then a read/program/erase self-test, and reports what the
 * driver reached and what the strict model recorded.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "bus_tap.h"
#include "commands.h"
#include "extmem/nor_sfdp.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "host_xspi.h"

#define PROBE_SFDP_MAX   ((size_t)16 << 20) /* the SFDP address space is 24-bit */
#define PROBE_UNKNOWN_ID 0x7F0001u          /* 7Fh: JEDEC continuation code, "some manufacturer" */

#define PS_PER_MS          1000000000ull
#define PROBE_TRACE_MAX_PS (3600000ull * PS_PER_MS) /* one hour of virtual time */

static const struct extmem_opt probe_opts[] = {
	{"part", 0, "NAME", "a part model (the list is below)"},
	{"sfdp", 0, "FILE", "a part made from an SFDP image (raw, or xxd -p hex; - = standard input)"},
	{"id", 0, "HEX", "its JEDEC ID, 6 hex digits, e.g. C2813B (default 7F0001: SFDP does not carry it)"},
	{"lines", 0, "N", "wired data lines: 1, 2, 4 or 8 (default 8)"},
	{"mhz", 0, "F", "highest bus clock the board allows, 1..400 MHz (default 200)"},
	{"no-dqs", 0, NULL, "no data strobe wired"},
	{"no-dtr", 0, NULL, "a controller without DTR"},
	{"no-verify", 0, NULL,
	 "no read-back verify of program and erase (on by default, as for a\n"
	 "programming tool): only the part's own error flags count"},
	{"fault", 0, "F[,F...]",
	 "inject model faults: program-fail, erase-fail, stuck-busy (into the\n"
	 "self-test) or no-device (from init), comma-separated"},
	{"sfdp-flip", 0, "N", "the part serves its SFDP byte N inverted (a corrupted table), 0..0xFFFFFF"},
	{"trace", 0, "FILE", "one line per bus operation ('-': stdout, not with --json)"},
	{"vcd", 0, "FILE", "the bus signals CS#, CLK, DQS, IO0-IO7 as a VCD (GTKWave, sigrok, PulseView)"},
	{"trace-from", 0, "TIME", "trace only operations starting at or after TIME (e.g. 250us, 3ms)"},
	{"trace-to", 0, "TIME", "... and before TIME (units ps, ns, us, ms, s)"},
	{"json", 0, NULL, "one JSON object instead of the report"},
};
#define PROBE_NOPTS (sizeof(probe_opts) / sizeof(probe_opts[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: extmem probe (--part NAME | --sfdp FILE [--id HEX]) [OPTIONS]\n\n"
		     "Discovers a simulated serial NOR part with the NOR SFDP driver, through the host\n"
		     "port at the given link width and clock, then erases, programs and reads back its\n"
		     "last erase block. Reports the JEDEC ID, geometry, protocol and clock reached, dummy\n"
		     "cycles, the protocol violations the model recorded, and the self-test result.\n\n"
		     "options:\n");
	extmem_args_print_options(out, probe_opts, PROBE_NOPTS);
	fprintf(out, "\n  --part NAME   a part model:");
	size_t count;
	const struct extmem_sim_nor_part *const *parts = extmem_sim_nor_parts(&count);
	for (size_t i = 0; i < count; i++)
		fprintf(out, " %s", parts[i]->name);
	fprintf(out, "\n\nexit status: 0 discovered, self-tested, no violation; 1 init failed; 2 bad arguments\n"
		     "or files; 3 protocol violations after bring-up; 4 self-test failed; 6 an output file\n"
		     "could not be written.\n");
}

struct probe_opts {
	const char *part;
	const char *sfdp;
	const char *trace, *vcd;
	uint64_t trace_from, trace_to;
	uint32_t id;
	unsigned lines;
	unsigned mhz;
	int dqs, dtr, json, verify;
	int fault_program, fault_erase, fault_busy, fault_absent;
	long sfdp_flip;
};

/* "program-fail,stuck-busy". Returns 0 or -1 after the message. */
static int parse_faults(const struct extmem_args *a, const char *text, struct probe_opts *o)
{
	static const char *const names[] = {"program-fail", "erase-fail", "stuck-busy", "no-device"};
	int *flags[] = {&o->fault_program, &o->fault_erase, &o->fault_busy, &o->fault_absent};
	const char *p = text;
	for (;;) {
		size_t n = strcspn(p, ",");
		size_t k = 0;
		while (k < 4 && (strlen(names[k]) != n || strncmp(p, names[k], n) != 0))
			k++;
		if (k == 4) {
			extmem_args_error(a,
					  "--fault: unknown fault '%.*s' (known: program-fail, erase-fail, stuck-busy, "
					  "no-device)",
					  (int)n, p);
			return -1;
		}
		if (*flags[k]) {
			extmem_args_error(a, "--fault: %s given twice", names[k]);
			return -1;
		}
		*flags[k] = 1;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

/* Returns 0, 1 for --help, or -1 after the message. */
static int parse(int argc, char **argv, struct probe_opts *o)
{
	struct extmem_args a;
	*o = (struct probe_opts){.id = PROBE_UNKNOWN_ID,
				 .lines = 8,
				 .mhz = 200,
				 .dqs = 1,
				 .dtr = 1,
				 .verify = 1,
				 .sfdp_flip = -1,
				 .trace_to = UINT64_MAX};
	int r = extmem_args_command(&a, "extmem probe", probe_opts, PROBE_NOPTS, NULL, argc, argv);
	if (r != 0)
		return r;
	o->part = extmem_args_get(&a, "part");
	o->sfdp = extmem_args_get(&a, "sfdp");
	o->trace = extmem_args_get(&a, "trace");
	o->vcd = extmem_args_get(&a, "vcd");
	o->json = extmem_args_flag(&a, "json");
	o->dqs = !extmem_args_flag(&a, "no-dqs");
	o->dtr = !extmem_args_flag(&a, "no-dtr");
	o->verify = !extmem_args_flag(&a, "no-verify");
	if ((o->part == NULL) == (o->sfdp == NULL)) {
		extmem_args_error(&a, o->part == NULL ? "give one of --part NAME or --sfdp FILE (see --help)"
						      : "--part and --sfdp exclude each other: give one");
		return -1;
	}
	const char *id = extmem_args_get(&a, "id");
	if (id != NULL && o->sfdp == NULL) {
		extmem_args_error(&a, "--id goes with --sfdp FILE (a part model has its own ID)");
		return -1;
	}
	if (id != NULL) {
		uint64_t v = 0;
		size_t n = strspn(id, "0123456789abcdefABCDEF");
		char hex[16];
		snprintf(hex, sizeof(hex), "0x%s", id);
		if (n != 6 || id[6] != '\0' || extmem_args_u64(&a, "id", hex, 0, 0xFFFFFF, &v) != 0) {
			if (n != 6 || id[6] != '\0')
				extmem_args_error(&a, "--id: '%s' is not a JEDEC ID (6 hex digits, e.g. C2813B)", id);
			return -1;
		}
		o->id = (uint32_t)v;
	}
	uint64_t lines = o->lines, mhz = o->mhz, flip = 0;
	if (extmem_args_opt_u64(&a, "lines", 1, 8, &lines) != 0 || extmem_args_opt_u64(&a, "mhz", 1, 400, &mhz) != 0 ||
	    extmem_args_opt_u64(&a, "sfdp-flip", 0, PROBE_SFDP_MAX - 1u, &flip) != 0)
		return -1;
	if (lines != 1 && lines != 2 && lines != 4 && lines != 8) {
		extmem_args_error(&a, "--lines: '%s' is not a bus width (1, 2, 4 or 8)", extmem_args_get(&a, "lines"));
		return -1;
	}
	o->lines = (unsigned)lines;
	o->mhz = (unsigned)mhz;
	if (extmem_args_get(&a, "sfdp-flip") != NULL)
		o->sfdp_flip = (long)flip;
	const char *fault = extmem_args_get(&a, "fault");
	if (fault != NULL && parse_faults(&a, fault, o) != 0)
		return -1;
	const char *from = extmem_args_get(&a, "trace-from"), *to = extmem_args_get(&a, "trace-to");
	if ((from != NULL && extmem_args_time_ps(&a, "trace-from", from, PROBE_TRACE_MAX_PS, &o->trace_from) != 0) ||
	    (to != NULL && extmem_args_time_ps(&a, "trace-to", to, PROBE_TRACE_MAX_PS, &o->trace_to) != 0))
		return -1;
	if ((from != NULL || to != NULL) && o->trace == NULL && o->vcd == NULL) {
		extmem_args_error(&a, "--%s needs --trace FILE or --vcd FILE",
				  from != NULL ? "trace-from" : "trace-to");
		return -1;
	}
	if (o->trace_to <= o->trace_from) {
		extmem_args_error(&a, "--trace-to (%s) must be later than --trace-from (%s)", to, from ? from : "0");
		return -1;
	}
	if (o->json && o->trace != NULL && strcmp(o->trace, "-") == 0) {
		extmem_args_error(&a, "--trace - and --json would both write to stdout: trace to a file");
		return -1;
	}
	if (o->vcd != NULL && strcmp(o->vcd, "-") == 0) {
		extmem_args_error(&a, "--vcd needs a file name ('-' is not one)");
		return -1;
	}
	const char *outs[2] = {o->trace, o->vcd};
	for (int k = 0; k < 2; k++) {
		struct stat st;
		if (outs[k] != NULL && strcmp(outs[k], "-") != 0 && stat(outs[k], &st) == 0 && S_ISDIR(st.st_mode)) {
			extmem_args_error(&a, "--%s: %s is a directory", k == 0 ? "trace" : "vcd", outs[k]);
			return -1;
		}
	}
	if (o->trace != NULL && o->vcd != NULL && strcmp(o->trace, o->vcd) == 0) {
		extmem_args_error(&a, "--trace and --vcd name the same file %s", o->vcd);
		return -1;
	}
	return 0;
}

struct probe {
	struct extmem_sim_clock clock;
	struct extmem_sim_nor_sfdp_part sfdp_part;
	struct extmem_sim_nor *model;
	struct extmem_tool_tap tap; /* between the port and the model: --trace, --vcd */
	struct extmem_host_xspi port;
	struct extmem_nor_sfdp_config cfg;
	struct extmem_nor_sfdp_data data;
	struct extmem_memory mem;
	struct extmem em;
	bool fault_program, fault_erase, fault_busy;
	uint32_t init_violations; /* recorded by the time init returned */
};

/* Device time of one step, in microseconds of the virtual clock. */
static double since_us(const struct probe *p, uint64_t t0)
{
	return (double)(p->clock.now_ps - t0) / 1e6;
}

struct selftest {
	int status;
	const char *step;
	uint64_t addr;
	uint32_t size;
	int unlocked;
	double erase_us, program_us, read_us;
};

/* Erase, program and read back the last smallest erase block. */
static void self_test(struct probe *p, struct selftest *t)
{
	const struct extmem_info *info = &p->mem.info;
	t->size = info->erase_sizes[0];
	t->addr = info->size - t->size;
	if (info->write_protected) {
		t->step = "unlock";
		if ((t->status = extmem_nor_sfdp_unlock(&p->em, 0)) != EXTMEM_OK)
			return;
		t->unlocked = 1;
	}
	uint8_t *out = malloc(t->size), *in = malloc(t->size);
	t->status = EXTMEM_ERR_INVALID;
	t->step = "allocate";
	if (out != NULL && in != NULL) {
		for (uint32_t i = 0; i < t->size; i++)
			out[i] = (uint8_t)(i * 73u + 11u);
		uint64_t t0;
		/* Data in the block first, so an erase that fails leaves something a verify can see. */
		t->step = "prepare";
		t->status = extmem_erase(&p->em, 0, t->addr, t->size);
		if (t->status == EXTMEM_OK)
			t->status = extmem_write(&p->em, 0, t->addr, out, t->size);
		if (t->status != EXTMEM_OK)
			goto done;
		p->model->faults.fail_program = p->fault_program;
		p->model->faults.fail_erase = p->fault_erase;
		p->model->faults.stuck_busy = p->fault_busy;
		for (uint32_t i = 0; i < t->size; i++)
			out[i] = (uint8_t)(i * 37u + 5u);
		t0 = p->clock.now_ps;
		t->step = "erase";
		t->status = extmem_erase(&p->em, 0, t->addr, t->size);
		t->erase_us = since_us(p, t0);
		if (t->status == EXTMEM_OK) {
			t0 = p->clock.now_ps;
			t->step = "program";
			t->status = extmem_write(&p->em, 0, t->addr, out, t->size);
			t->program_us = since_us(p, t0);
		}
		if (t->status == EXTMEM_OK) {
			t0 = p->clock.now_ps;
			t->step = "read";
			t->status = extmem_read(&p->em, 0, t->addr, in, t->size);
			t->read_us = since_us(p, t0);
		}
		if (t->status == EXTMEM_OK && memcmp(in, out, t->size) != 0) {
			t->step = "compare";
			t->status = EXTMEM_ERR_DEVICE;
		}
		if (t->status == EXTMEM_OK)
			t->step = "done";
	}
done:
	p->model->faults.fail_program = false;
	p->model->faults.fail_erase = false;
	p->model->faults.stuck_busy = false;
	free(out);
	free(in);
}

static uint32_t later_violations(const struct probe *p)
{
	return (uint32_t)p->model->base.violations - p->init_violations;
}

static void print_attempts(const struct extmem_nor_sfdp_data *d)
{
	for (unsigned k = 0; k < d->nattempts; k++) {
		const struct extmem_nor_attempt *a = &d->attempt[k];
		printf("abandoned   %s: failed at %s", extmem_protocol_name((enum extmem_protocol)a->proto),
		       extmem_nor_stage_name(a->stage));
		if (a->stage == EXTMEM_NOR_STAGE_ENTRY)
			printf(" %u", (unsigned)a->step + 1u);
		printf(" (%s), part reset to 1S-1S-1S\n", extmem_status_name(a->status));
	}
}

static void print_report(const struct probe *p, const struct probe_opts *o, int init, const struct selftest *t)
{
	const struct extmem_info *i = &p->mem.info;
	const struct extmem_nor_sfdp_data *d = &p->data;
	printf("part        %s (JEDEC ID %02X %02X %02X)\n", p->model->part->name, d->id[0], d->id[1], d->id[2]);
	printf("link        %u lines%s%s, up to %u MHz\n", o->lines, o->dtr ? ", DTR" : "", o->dqs ? ", DQS" : "",
	       o->mhz);
	print_attempts(d);
	if (init != EXTMEM_OK) {
		printf("init        FAILED at %s: %s\n", extmem_nor_stage_name(d->stage), extmem_status_name(init));
	} else {
		printf("geometry    %llu KiB, page %u B, erase", (unsigned long long)(i->size >> 10),
		       (unsigned)i->page_size);
		for (int k = 0; k < i->erase_type_count; k++)
			printf(" %u KiB", (unsigned)(i->erase_sizes[k] >> 10));
		printf(" (%s)\n", i->uniform_erase ? "uniform" : "sector map");
		printf("protocol    %s at %u MHz, %u dummy cycles, read opcode %02Xh, %u-byte address\n",
		       extmem_protocol_name(i->protocol), (unsigned)(i->clock_hz / 1000000u), i->dummy_cycles,
		       (unsigned)d->read_opcode, d->addr_bytes);
		printf("protection  %s\n",
		       t->unlocked ? "write-protected at power-up (unlocked for the self-test)" : "none");
		printf("self-test   %s%s", t->status == EXTMEM_OK ? "ok" : "FAILED at ",
		       t->status == EXTMEM_OK ? "" : t->step);
		if (t->status != EXTMEM_OK)
			printf(" (%s)", extmem_status_name(t->status));
		printf(": %u-byte block at 0x%llX%s; device time erase %.1f us, program %.1f us, read %.1f us\n",
		       (unsigned)t->size, (unsigned long long)t->addr, t->unlocked ? " after unlock" : "", t->erase_us,
		       t->program_us, t->read_us);
	}
	printf("violations  %u after bring-up, %u during it%s%s%s\n", (unsigned)later_violations(p),
	       (unsigned)p->init_violations, d->nattempts && p->init_violations ? " (the abandoned attempts)" : "",
	       p->model->base.violations ? "; last: " : "",
	       p->model->base.violations ? p->model->base.last_violation : "");
}

/* Returns 0, or -1 when the object could not be built or written. */
static int print_json(const struct probe *p, const struct probe_opts *o, int init, const struct selftest *t)
{
	const struct extmem_info *i = &p->mem.info;
	const struct extmem_nor_sfdp_data *d = &p->data;
	char id[8];
	snprintf(id, sizeof(id), "%02X%02X%02X", d->id[0], d->id[1], d->id[2]);
	cJSON *j = cJSON_CreateObject();
	bool ok = j != NULL && cJSON_AddStringToObject(j, "part", p->model->part->name) &&
		  cJSON_AddStringToObject(j, "jedec_id", id) && cJSON_AddNumberToObject(j, "lines", o->lines) &&
		  cJSON_AddNumberToObject(j, "max_mhz", o->mhz) &&
		  cJSON_AddStringToObject(j, "init", extmem_status_name(init)) &&
		  cJSON_AddStringToObject(j, "init_stage", extmem_nor_stage_name(d->stage));
	cJSON *ab = ok ? cJSON_AddArrayToObject(j, "abandoned") : NULL;
	ok = ab != NULL;
	for (unsigned k = 0; ok && k < d->nattempts; k++) {
		cJSON *e = cJSON_CreateObject();
		ok = e != NULL && cJSON_AddItemToArray(ab, e) &&
		     cJSON_AddStringToObject(e, "protocol",
					     extmem_protocol_name((enum extmem_protocol)d->attempt[k].proto)) &&
		     cJSON_AddStringToObject(e, "stage", extmem_nor_stage_name(d->attempt[k].stage)) &&
		     cJSON_AddNumberToObject(e, "step", (unsigned)d->attempt[k].step + 1u) &&
		     cJSON_AddStringToObject(e, "status", extmem_status_name(d->attempt[k].status));
	}
	if (ok && init == EXTMEM_OK) {
		cJSON *es = NULL;
		ok = cJSON_AddNumberToObject(j, "size", (double)i->size) &&
		     cJSON_AddNumberToObject(j, "page_size", i->page_size) &&
		     (es = cJSON_AddArrayToObject(j, "erase_sizes")) != NULL;
		for (int k = 0; ok && k < i->erase_type_count; k++)
			ok = cJSON_AddItemToArray(es, cJSON_CreateNumber(i->erase_sizes[k]));
		ok = ok && cJSON_AddBoolToObject(j, "uniform_erase", i->uniform_erase) &&
		     cJSON_AddStringToObject(j, "protocol", extmem_protocol_name(i->protocol)) &&
		     cJSON_AddNumberToObject(j, "clock_hz", i->clock_hz) &&
		     cJSON_AddNumberToObject(j, "dummy_cycles", i->dummy_cycles) &&
		     cJSON_AddBoolToObject(j, "write_protected", t->unlocked) &&
		     cJSON_AddStringToObject(j, "selftest", extmem_status_name(t->status)) &&
		     cJSON_AddStringToObject(j, "selftest_step", t->step) &&
		     cJSON_AddNumberToObject(j, "erase_us", t->erase_us) &&
		     cJSON_AddNumberToObject(j, "program_us", t->program_us) &&
		     cJSON_AddNumberToObject(j, "read_us", t->read_us);
	}
	ok = ok && cJSON_AddNumberToObject(j, "violations", later_violations(p)) &&
	     cJSON_AddNumberToObject(j, "violations_during_init", p->init_violations) &&
	     cJSON_AddNumberToObject(j, "bus_operations", (double)p->tap.ops);
	if (ok && (o->trace != NULL || o->vcd != NULL))
		ok = cJSON_AddNumberToObject(j, "traced_operations", (double)p->tap.traced) != NULL;
	char *text = ok ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	if (text == NULL)
		return -1;
	int rc = puts(text) < 0 ? -1 : 0;
	free(text);
	return rc;
}

static struct extmem_sim_nor *make_model(struct probe *p, const struct probe_opts *o)
{
	if (o->part != NULL) {
		const struct extmem_sim_nor_part *part = extmem_sim_nor_part_find(o->part);
		if (part == NULL) {
			fprintf(stderr, "extmem probe: no part model '%s' (see --help for the list)\n", o->part);
			return NULL;
		}
		return extmem_sim_nor_create(part, &p->clock, NULL, NULL);
	}
	size_t len;
	uint8_t *image = extmem_tool_load_image(o->sfdp, PROBE_SFDP_MAX, &len, "extmem probe");
	if (image == NULL)
		return NULL;
	int err = extmem_sim_nor_part_from_sfdp(image, len, o->id, &p->sfdp_part);
	free(image);
	if (err != EXTMEM_OK) {
		fprintf(stderr, "extmem probe: %s: no part can be made from this SFDP image (%s)\n", o->sfdp,
			extmem_status_name(err));
		return NULL;
	}
	return extmem_sim_nor_create_sfdp(&p->sfdp_part, &p->clock, NULL, NULL);
}

int extmem_cmd_probe(int argc, char **argv)
{
	struct probe_opts o;
	int r = parse(argc, argv, &o);
	if (r != 0) {
		if (r > 0)
			usage(stdout);
		return r > 0 ? EXTMEM_EXIT_OK : EXTMEM_EXIT_USAGE;
	}
	struct probe *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return EXTMEM_EXIT_INTERNAL;
	p->model = make_model(p, &o);
	if (p->model == NULL) {
		extmem_sim_nor_sfdp_part_free(&p->sfdp_part);
		free(p);
		return EXTMEM_EXIT_USAGE;
	}
	extmem_tool_tap_init(&p->tap, &p->model->base);
	p->tap.from_ps = o.trace_from;
	p->tap.to_ps = o.trace_to;
	if (extmem_tool_tap_open(&p->tap, "extmem probe", o.trace, o.vcd, 8) != 0) {
		extmem_tool_tap_close(&p->tap, "extmem probe", o.trace, o.vcd);
		extmem_sim_nor_destroy(p->model);
		extmem_sim_nor_sfdp_part_free(&p->sfdp_part);
		free(p);
		return EXTMEM_EXIT_INTERNAL;
	}
	extmem_host_xspi_init(&p->port, &p->tap.base, 200000000u);
	p->cfg.link = (struct extmem_xspi_link){.ops = &extmem_host_xspi_ops,
						.ctx = &p->port,
						.data_lines = (uint8_t)o.lines,
						.dqs_wired = o.dqs,
						.dtr_capable = o.dtr,
						.max_hz = o.mhz * 1000000u,
						.map_base = 0x70000000u,
						.map_size = 0x10000000u};
	p->cfg.verify = o.verify;
	p->fault_program = o.fault_program;
	p->fault_erase = o.fault_erase;
	p->fault_busy = o.fault_busy;
	p->model->faults.no_device = o.fault_absent;
	p->model->faults.sfdp_flip = (int32_t)o.sfdp_flip;
	p->mem = (struct extmem_memory){
		.kind = EXTMEM_KIND_NOR_SFDP, .driver = &extmem_nor_sfdp_driver, .config = &p->cfg, .data = &p->data};
	int init = extmem_setup(&p->em, &p->mem, 1);
	if (init == EXTMEM_OK)
		init = extmem_init(&p->em, 0);
	p->init_violations = (uint32_t)p->model->base.violations;
	struct selftest t = {.status = init, .step = "init"};
	if (init == EXTMEM_OK) {
		uint8_t attempts = p->data.nattempts;
		self_test(p, &t);
		if (p->data.nattempts != attempts) {
			/*
			 * The first program proved the read configuration wrong (blank flash
			 * proves nothing at init) and bring-up moved on: what the model saw
			 * so far belongs to the abandoned attempts; the self-test is run
			 * again in the protocol reached.
			 */
			p->init_violations = (uint32_t)p->model->base.violations;
			t = (struct selftest){.status = EXTMEM_OK, .step = "init"};
			self_test(p, &t);
		}
	}
	int out_err = 0;
	if (o.json)
		out_err = print_json(p, &o, init, &t);
	else
		print_report(p, &o, init, &t);
	if (o.trace != NULL || o.vcd != NULL) {
		if (!o.json)
			fprintf(o.trace != NULL && strcmp(o.trace, "-") == 0 ? stderr : stdout,
				"trace       %llu of %llu bus operations written\n", (unsigned long long)p->tap.traced,
				(unsigned long long)p->tap.ops);
		out_err |= extmem_tool_tap_close(&p->tap, "extmem probe", o.trace, o.vcd);
	}
	if (fflush(stdout) != 0)
		out_err = -1;
	/* Violations while bring-up tried a protocol it then abandoned are the price of trying; any other is not. */
	bool violated = later_violations(p) != 0 || (p->init_violations != 0 && p->data.nattempts == 0);
	int rc = out_err != 0            ? EXTMEM_EXIT_INTERNAL
		 : init != EXTMEM_OK     ? 1
		 : t.status != EXTMEM_OK ? 4
		 : violated              ? 3
					 : 0;
	extmem_sim_nor_destroy(p->model);
	extmem_sim_nor_sfdp_part_free(&p->sfdp_part);
	free(p);
	return rc;
}
