/* SPDX-License-Identifier: MIT */
/*
 * The read-only NOR SFDP driver (EXTMEM_NOR_READ_ONLY=1, as the Boots build
 * it) decides what the full driver decides. This file is built twice
 * (tests/nor/CMakeLists.txt): once with the host library's full driver, once
 * with src/nor/ compiled read-only into the program. Each build brings up
 * every part model at 1, 2, 4 and 8 lines (and with the fast protocols
 * refused, so the fall-back runs) and prints one line per case: the init
 * result, the protocol, clock, read opcode, dummy, address and mode bytes,
 * the command protocol and status latency, and the attempts abandoned on the
 * way. The ctest compares the two outputs line by line: a cut in the
 * read-only build that loses (or changes) a protocol shows as a difference.
 * This shows consistency between the two builds, not correctness: the
 * protocols each part must reach are pinned by test_nor_sfdp and
 * test_nor_readonly_build from datasheet facts. Every case also reads the
 * array back and fails on a wrong byte or a protocol violation (the model's
 * array is the reference there). The models made from the real dumps of
 * ../shared are not used: sim/nor_sfdp_part.c builds them with the parser,
 * which in the read-only program is the read-only one, so the two builds
 * would not run the same model.
 *
 *   test_nor_readonly_same OUT.txt [WIRE.txt]
 * writes the lines (exit 1 on a bad read); WIRE.txt, when given, gets each
 * init's operation count and virtual time, which differ between the builds
 * (the full one also reads the protection) but show whether a change to one
 * build changed what it put on the wires.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem_sim/device.h"
#include "nor_harness.h"

static struct nor_harness harness;
static uint8_t buf[4096];
static int failures;
static FILE *wire;

static void run_case(FILE *out, const char *name, unsigned lines, uint32_t max_hz, uint8_t refuse)
{
	struct nor_harness *h = &harness;
	h->model->faults.refuse_protos = refuse;
	harness.table[0].driver = &extmem_nor_sfdp_readonly_driver;
	if (extmem_setup(&h->em, h->table, 1) != EXTMEM_OK) {
		fprintf(out, "%s x%u: setup failed\n", name, lines);
		failures++;
		return;
	}
	size_t span = h->model->part->size < 0x2000u + sizeof buf ? 0 : sizeof buf;
	for (size_t i = 0; i < span; i++)
		h->model->array[0x2000u + i] = (uint8_t)(i * 13u + 5u);
	uint32_t ops0 = h->model->ops;
	uint64_t t0 = h->clock.now_ps;
	int err = extmem_init(&h->em, 0);
	if (wire != NULL)
		fprintf(wire, "%s x%u %u MHz refuse=%02x: %u ops, %llu ps\n", name, lines,
			(unsigned)(max_hz / 1000000u), refuse, (unsigned)(h->model->ops - ops0),
			(unsigned long long)(h->clock.now_ps - t0));
	const struct extmem_nor_sfdp_data *d = &h->data;
	fprintf(out, "%s x%u %u MHz refuse=%02x: init %d", name, lines, (unsigned)(max_hz / 1000000u), refuse, err);
	if (err == EXTMEM_OK)
		fprintf(out, " %s %u Hz op %02X dummy %u addr %u mode %u cmd %s status %u/%u",
			extmem_protocol_name(d->read_proto), (unsigned)d->clock_hz, (unsigned)d->read_opcode,
			d->read_dummy, d->addr_bytes, d->read_mode_bytes, extmem_protocol_name(d->cmd_proto),
			d->status_addr_bytes, d->status_dummy);
	fprintf(out, " stage %u attempts", d->stage);
	for (unsigned i = 0; i < d->nattempts; i++)
		fprintf(out, " [%s %u %u %d]", extmem_protocol_name(d->attempt[i].proto), d->attempt[i].stage,
			d->attempt[i].step, d->attempt[i].status);
	fprintf(out, "\n");
	if (err != EXTMEM_OK)
		return;
	/* The fall-back cases spoke octal or quad to a part that stayed in 1S: the model rightly recorded those. */
	if (refuse)
		extmem_sim_nor_clear_violations(h->model);
	if (span) {
		memset(buf, 0, sizeof buf);
		if (extmem_read(&h->em, 0, 0x2000u, buf, sizeof buf) != EXTMEM_OK ||
		    memcmp(buf, h->model->array + 0x2000u, sizeof buf) != 0) {
			fprintf(stderr, "%s x%u refuse=%02x: the array read back wrong\n", name, lines, refuse);
			failures++;
		}
	}
	if (h->model->base.violations != 0) {
		fprintf(stderr, "%s x%u refuse=%02x: %s\n", name, lines, refuse, h->model->base.last_violation);
		failures++;
	}
}

#define NO_8D   (1u << EXTMEM_SIM_NOR_8D8D8D)
#define NO_FAST (1u << EXTMEM_SIM_NOR_4S4S4S | 1u << EXTMEM_SIM_NOR_8S8S8S | 1u << EXTMEM_SIM_NOR_8D8D8D)

/* Each width; quad and octal links with the fast protocols refused; slower octal links (shorter latencies). */
static const struct {
	uint8_t lines;
	uint32_t max_hz;
	uint8_t refuse;
} cases[] = {
	{1, 200000000u, 0},       {2, 200000000u, 0}, {4, 200000000u, 0},     {4, 200000000u, NO_8D},
	{4, 200000000u, NO_FAST}, {8, 200000000u, 0}, {8, 200000000u, NO_8D}, {8, 200000000u, NO_FAST},
	{8, 133000000u, 0},       {8, 100000000u, 0}, {8, 66000000u, 0},
};

static void part_models(FILE *out)
{
	size_t count = 0;
	const struct extmem_sim_nor_part *const *parts = extmem_sim_nor_parts(&count);
	for (size_t i = 0; i < count; i++) {
		/* One model per part, powered off and on between cases: its array is allocated once. */
		nor_harness_down(&harness);
		if (nor_harness_up(&harness, parts[i], 1, 200000000u) != EXTMEM_OK) {
			fprintf(out, "%s: no model\n", parts[i]->name);
			failures++;
			continue;
		}
		for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++) {
			extmem_sim_nor_power_cycle(harness.model);
			if (nor_harness_wire(&harness, cases[c].lines, cases[c].max_hz) != EXTMEM_OK) {
				fprintf(out, "%s: no link\n", parts[i]->name);
				failures++;
				continue;
			}
			run_case(out, parts[i]->name, cases[c].lines, cases[c].max_hz, cases[c].refuse);
		}
	}
}

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s OUT.txt [WIRE.txt]\n", argv[0]);
		return 2;
	}
	FILE *out = fopen(argv[1], "w");
	if (out == NULL) {
		fprintf(stderr, "%s: cannot write\n", argv[1]);
		return 2;
	}
	if (argc == 3 && (wire = fopen(argv[2], "w")) == NULL) {
		fprintf(stderr, "%s: cannot write\n", argv[2]);
		return 2;
	}
	printf("read-only build: %d\n", EXTMEM_NOR_READ_ONLY);
	part_models(out);
	nor_harness_down(&harness);
	fclose(out);
	if (wire != NULL)
		fclose(wire);
	return failures ? 1 : 0;
}
