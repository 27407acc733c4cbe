/* SPDX-License-Identifier: MIT */
/*
 * `extmem probe`: runs the NOR SFDP driver's discovery on a simulated part
 * (a named part model, or one built from nothing but an SFDP image) through
 * the host port, then a read/program/erase self-test, and reports what the
 * driver reached and what the strict model recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "extmem/nor_sfdp.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "host_xspi.h"

#define PROBE_SFDP_MAX   ((size_t)16 << 20) /* the SFDP address space is 24-bit */
#define PROBE_UNKNOWN_ID 0x7F0001u          /* 7Fh: JEDEC continuation code, "some manufacturer" */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: extmem probe (--part NAME | --sfdp FILE [--id HEX]) [--lines N] [--mhz F]\n"
		"                    [--no-dqs] [--no-dtr] [--no-verify] [--fault F]... [--sfdp-flip N] [--json]\n\n"
		"Discovers a simulated serial NOR part with the NOR SFDP driver, through the host\n"
		"port at the given link width and clock, then erases, programs and reads back its\n"
		"last erase block. Reports the JEDEC ID, geometry, protocol and clock reached, dummy\n"
		"cycles, the protocol violations the model recorded, and the self-test result.\n\n"
		"  --part NAME   a part model:");
	size_t count;
	const struct extmem_sim_nor_part *const *parts = extmem_sim_nor_parts(&count);
	for (size_t i = 0; i < count; i++)
		fprintf(out, " %s", parts[i]->name);
	fprintf(out, "\n  --sfdp FILE   a part made from an SFDP image (raw, or xxd -p hex)\n"
		     "  --id HEX      its JEDEC ID, e.g. C2813B (default 7F0001: SFDP does not carry it)\n"
		     "  --lines N     wired data lines: 1, 2, 4 or 8 (default 8)\n"
		     "  --mhz F       highest bus clock the board allows (default 200)\n"
		     "  --no-dqs      no data strobe wired;  --no-dtr  controller without DTR\n"
		     "  --no-verify   no read-back verify of program and erase (on by default, as for\n"
		     "                a programming tool): only the part's own error flags count\n"
		     "  --fault F     inject a model fault: program-fail, erase-fail, stuck-busy (into\n"
		     "                the self-test) or no-device (from init); may be repeated\n"
		     "  --sfdp-flip N the part serves its SFDP byte N inverted (a corrupted table)\n"
		     "  --json        one JSON object instead of the report\n\n"
		     "Exit status: 0 discovered, self-tested, no violation; 1 init failed; 2 usage;\n"
		     "3 protocol violations after bring-up; 4 self-test failed.\n");
}

struct probe_opts {
	const char *part;
	const char *sfdp;
	uint32_t id;
	unsigned lines;
	unsigned mhz;
	int dqs, dtr, json, verify;
	int fault_program, fault_erase, fault_busy, fault_absent;
	long sfdp_flip;
};

static int parse(int argc, char **argv, struct probe_opts *o)
{
	*o = (struct probe_opts){
		.id = PROBE_UNKNOWN_ID, .lines = 8, .mhz = 200, .dqs = 1, .dtr = 1, .verify = 1, .sfdp_flip = -1};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;
		if (strcmp(a, "--json") == 0) {
			o->json = 1;
		} else if (strcmp(a, "--no-dqs") == 0) {
			o->dqs = 0;
		} else if (strcmp(a, "--no-dtr") == 0) {
			o->dtr = 0;
		} else if (strcmp(a, "--no-verify") == 0) {
			o->verify = 0;
		} else if (v == NULL) {
			fprintf(stderr, "extmem probe: %s needs a value (see --help)\n", a);
			return -1;
		} else if (strcmp(a, "--fault") == 0) {
			if (strcmp(v, "program-fail") == 0) {
				o->fault_program = 1;
			} else if (strcmp(v, "erase-fail") == 0) {
				o->fault_erase = 1;
			} else if (strcmp(v, "stuck-busy") == 0) {
				o->fault_busy = 1;
			} else if (strcmp(v, "no-device") == 0) {
				o->fault_absent = 1;
			} else {
				fprintf(stderr,
					"extmem probe: --fault takes program-fail, erase-fail, stuck-busy or "
					"no-device, not '%s'\n",
					v);
				return -1;
			}
			i++;
		} else if (strcmp(a, "--sfdp-flip") == 0) {
			unsigned long off = strtoul(v, &end, 0);
			if (*v == '\0' || *end != '\0' || off >= PROBE_SFDP_MAX) {
				fprintf(stderr, "extmem probe: --sfdp-flip takes a byte offset below 0x%zX, not '%s'\n",
					PROBE_SFDP_MAX, v);
				return -1;
			}
			o->sfdp_flip = (long)off, i++;
		} else if (strcmp(a, "--part") == 0) {
			o->part = v, i++;
		} else if (strcmp(a, "--sfdp") == 0) {
			o->sfdp = v, i++;
		} else if (strcmp(a, "--id") == 0) {
			unsigned long id = strtoul(v, &end, 16);
			if (*v == '\0' || *end != '\0' || id > 0xFFFFFFu) {
				fprintf(stderr, "extmem probe: --id takes 6 hex digits, not '%s'\n", v);
				return -1;
			}
			o->id = (uint32_t)id, i++;
		} else if (strcmp(a, "--lines") == 0) {
			unsigned long n = strtoul(v, &end, 10);
			if (*end != '\0' || (n != 1 && n != 2 && n != 4 && n != 8)) {
				fprintf(stderr, "extmem probe: --lines takes 1, 2, 4 or 8, not '%s'\n", v);
				return -1;
			}
			o->lines = (unsigned)n, i++;
		} else if (strcmp(a, "--mhz") == 0) {
			unsigned long n = strtoul(v, &end, 10);
			if (*end != '\0' || n == 0 || n > 400) {
				fprintf(stderr, "extmem probe: --mhz takes 1..400, not '%s'\n", v);
				return -1;
			}
			o->mhz = (unsigned)n, i++;
		} else {
			fprintf(stderr, "extmem probe: unknown option '%s' (see --help)\n", a);
			return -1;
		}
	}
	if ((o->part == NULL) == (o->sfdp == NULL)) {
		fprintf(stderr, "extmem probe: give one of --part NAME or --sfdp FILE (see --help)\n");
		return -1;
	}
	return 0;
}

struct probe {
	struct extmem_sim_clock clock;
	struct extmem_sim_nor_sfdp_part sfdp_part;
	struct extmem_sim_nor *model;
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

static void print_json(const struct probe *p, const struct probe_opts *o, int init, const struct selftest *t)
{
	const struct extmem_info *i = &p->mem.info;
	const struct extmem_nor_sfdp_data *d = &p->data;
	printf("{\"part\": \"%s\", \"jedec_id\": \"%02X%02X%02X\", \"lines\": %u, \"max_mhz\": %u, \"init\": \"%s\"",
	       p->model->part->name, d->id[0], d->id[1], d->id[2], o->lines, o->mhz, extmem_status_name(init));
	printf(", \"init_stage\": \"%s\", \"abandoned\": [", extmem_nor_stage_name(d->stage));
	for (unsigned k = 0; k < d->nattempts; k++)
		printf("%s{\"protocol\": \"%s\", \"stage\": \"%s\", \"step\": %u, \"status\": \"%s\"}", k ? ", " : "",
		       extmem_protocol_name((enum extmem_protocol)d->attempt[k].proto),
		       extmem_nor_stage_name(d->attempt[k].stage), (unsigned)d->attempt[k].step + 1u,
		       extmem_status_name(d->attempt[k].status));
	printf("]");
	if (init == EXTMEM_OK) {
		printf(", \"size\": %llu, \"page_size\": %u, \"erase_sizes\": [", (unsigned long long)i->size,
		       (unsigned)i->page_size);
		for (int k = 0; k < i->erase_type_count; k++)
			printf("%s%u", k ? ", " : "", (unsigned)i->erase_sizes[k]);
		printf("], \"uniform_erase\": %s, \"protocol\": \"%s\", \"clock_hz\": %u, \"dummy_cycles\": %u",
		       i->uniform_erase ? "true" : "false", extmem_protocol_name(i->protocol), (unsigned)i->clock_hz,
		       i->dummy_cycles);
		printf(", \"write_protected\": %s, \"selftest\": \"%s\", \"selftest_step\": \"%s\"",
		       t->unlocked ? "true" : "false", extmem_status_name(t->status), t->step);
		printf(", \"erase_us\": %.3f, \"program_us\": %.3f, \"read_us\": %.3f", t->erase_us, t->program_us,
		       t->read_us);
	}
	printf(", \"violations\": %u, \"violations_during_init\": %u}\n", (unsigned)later_violations(p),
	       (unsigned)p->init_violations);
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
	if (extmem_tool_wants_help(argc, argv)) {
		usage(stdout);
		return 0;
	}
	struct probe_opts o;
	if (parse(argc, argv, &o) != 0)
		return 2;
	struct probe *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return 1;
	p->model = make_model(p, &o);
	if (p->model == NULL) {
		extmem_sim_nor_sfdp_part_free(&p->sfdp_part);
		free(p);
		return 1;
	}
	extmem_host_xspi_init(&p->port, &p->model->base, 200000000u);
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
	if (o.json)
		print_json(p, &o, init, &t);
	else
		print_report(p, &o, init, &t);
	/* Violations while bring-up tried a protocol it then abandoned are the price of trying; any other is not. */
	bool violated = later_violations(p) != 0 || (p->init_violations != 0 && p->data.nattempts == 0);
	int rc = init != EXTMEM_OK ? 1 : t.status != EXTMEM_OK ? 4 : violated ? 3 : 0;
	extmem_sim_nor_destroy(p->model);
	extmem_sim_nor_sfdp_part_free(&p->sfdp_part);
	free(p);
	return rc;
}
