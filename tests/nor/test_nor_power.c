/* SPDX-License-Identifier: MIT */
/*
 * Power cuts and MCU resets after every bus operation of NOR init, erase
 * and program, on every part model at every link width (1, 2, 4, 8 data
 * lines).
 *
 * A bus operation is one call the driver makes to its port (an execute or
 * an auto-poll). After operation k the MCU stops: nothing more reaches the
 * bus. With a power cut the part loses power at the same instant (a program
 * or erase in progress is left half done, sim/nor.h) and is powered up
 * again; with an MCU reset the part keeps whatever state it was in (octal,
 * 4-byte mode, busy mid-erase, between the steps of a protocol switch).
 *
 * The invariant after either, written from what a boot or loader needs and
 * not from the driver's code: init succeeds again and reaches the protocol
 * it reaches from a clean start; the operation that was interrupted, run
 * again from the start (an interrupted erase legitimately leaves the sector
 * undefined, so a program is redone as erase + program), completes with
 * EXTMEM_OK, and reading back gives exactly the expected bytes; the redo
 * records no protocol violation in the model; the blocks on both sides of
 * the range are untouched; and at the end of each sweep every byte of the
 * array outside the blocks under test is still erased.
 *
 * Every index is tried: the whole sweep takes a few seconds because waits
 * are jumped over (tests/reliability/fault_port.h). `--stride N` tries
 * every Nth index only (first and last of each phase always included), and
 * EXTMEM_POWER_PART=NAME one part, for a quick look. The counts and
 * outcomes are printed per part and width.
 *
 * Found by this sweep: the S25FL128S at 4 and 8 lines was run in 1S-4S-4S
 * with CR1 QUAD clear (its 9-DWORD BFPT states no quad enable requirement),
 * pinned by tests/reliability/test_quad_enable_unknown.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fault_port.h"
#include "nor_harness.h"

#define PROG_OFF    3u   /* program start inside the block: unaligned to the page */
#define PROG_LEN    700u /* crosses at least one page boundary on every part (256- and 512-byte pages) */
#define MAX_REPORTS 20

static unsigned stride = 1;
static struct nor_harness harness;

static struct fault_port sp;

enum phase { PH_INIT, PH_ERASE, PH_PROGRAM, PH_COUNT };
enum fault { F_CUT, F_RESET, F_COUNT };
/* What the block under test held when the MCU stopped (erase and program phases). */
enum left { L_BEFORE, L_PARTIAL, L_DONE, L_COUNT };

static const char *const phase_name[PH_COUNT] = {"init", "erase", "program"};
static const char *const fault_name[F_COUNT] = {"power cut", "MCU reset"};

struct run {
	const struct extmem_sim_nor_part *part;
	uint8_t lines;
	enum extmem_protocol proto;
	uint32_t blk, at; /* block under test [at, at + blk); guards at at - blk and at + blk */
	uint8_t *before[PH_COUNT], *done[PH_COUNT];
	uint8_t *guard_lo, *guard_hi, *buf;
	uint32_t ops[PH_COUNT];
	unsigned tried[PH_COUNT][F_COUNT], survived[PH_COUNT][F_COUNT];
	unsigned left[F_COUNT][L_COUNT];
};

static unsigned reports;

static void fill(uint8_t *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)((i * 29u + seed * 13u) ^ (i >> 3));
}

static int init_ok(struct nor_harness *h)
{
	h->table[0].state = EXTMEM_STATE_OFF;
	int err = extmem_init(&h->em, 0);
	if (err == EXTMEM_OK && h->table[0].info.write_protected)
		err = extmem_nor_sfdp_unlock(&h->em, 0);
	return err;
}

static int run_phase(struct nor_harness *h, const struct run *r, enum phase ph)
{
	if (ph == PH_INIT)
		return init_ok(h);
	if (ph == PH_ERASE)
		return extmem_erase(&h->em, 0, r->at, r->blk);
	return extmem_write(&h->em, 0, r->at + PROG_OFF, r->done[PH_PROGRAM] + PROG_OFF, PROG_LEN);
}

/* The array as it was left by earlier programming: guards and the block as the phase starts (set on the part). */
static void prepare(struct nor_harness *h, const struct run *r, enum phase ph)
{
	uint8_t *a = h->model->array;
	memcpy(a + r->at - r->blk, r->guard_lo, r->blk);
	memcpy(a + r->at, r->before[ph], r->blk);
	memcpy(a + r->at + r->blk, r->guard_hi, r->blk);
}

static enum left classify(const struct run *r, enum phase ph, const uint8_t *now)
{
	if (memcmp(now, r->before[ph], r->blk) == 0)
		return L_BEFORE;
	if (memcmp(now, r->done[ph], r->blk) == 0)
		return L_DONE;
	return L_PARTIAL;
}

static bool report(const struct run *r, enum phase ph, enum fault f, uint32_t k, const char *what, int err)
{
	if (reports++ < MAX_REPORTS)
		print_message("FAIL %s x%u %s after op %u of %s: %s (%s)\n", r->part->name, r->lines, fault_name[f],
			      (unsigned)k, phase_name[ph], what, extmem_status_name(err));
	return false;
}

static uint32_t violations(const struct extmem_sim_nor *m)
{
	uint32_t n = 0;
	for (int i = 0; i < EXTMEM_SIM_NOR_RULE_COUNT; i++)
		n += m->rule_count[i];
	return n;
}

/* After the fault: init again, redo the phase's operation from the start, check the invariant. */
static bool check_after(struct nor_harness *h, struct run *r, enum phase ph, enum fault f, uint32_t k)
{
	uint8_t *a = h->model->array;
	if (ph != PH_INIT)
		r->left[f][classify(r, ph, a + r->at)]++;
	int err = init_ok(h);
	if (err != EXTMEM_OK)
		return report(r, ph, f, k, "init", err);
	if (h->table[0].info.protocol != r->proto)
		return report(r, ph, f, k, extmem_protocol_name(h->table[0].info.protocol), err);
	extmem_sim_nor_clear_violations(h->model);
	if (ph == PH_INIT) {
		if (memcmp(a + r->at, r->before[ph], r->blk) != 0)
			return report(r, ph, f, k, "the block changed during init", err);
	} else {
		if ((err = extmem_erase(&h->em, 0, r->at, r->blk)) != EXTMEM_OK)
			return report(r, ph, f, k, "erase again", err);
		if (ph == PH_PROGRAM &&
		    (err = extmem_write(&h->em, 0, r->at + PROG_OFF, r->done[ph] + PROG_OFF, PROG_LEN)) != EXTMEM_OK)
			return report(r, ph, f, k, "program again", err);
		if ((err = extmem_read(&h->em, 0, r->at, r->buf, r->blk)) != EXTMEM_OK)
			return report(r, ph, f, k, "read back", err);
		if (memcmp(r->buf, r->done[ph], r->blk) != 0 || memcmp(a + r->at, r->done[ph], r->blk) != 0)
			return report(r, ph, f, k, "the redone operation does not verify", err);
		if (violations(h->model) != 0)
			return report(r, ph, f, k, h->model->base.last_violation, err);
	}
	if (memcmp(a + r->at - r->blk, r->guard_lo, r->blk) != 0 ||
	    memcmp(a + r->at + r->blk, r->guard_hi, r->blk) != 0)
		return report(r, ph, f, k, "a block outside the range changed", err);
	return true;
}

static void one_fault(struct nor_harness *h, struct run *r, enum phase ph, enum fault f, uint32_t k)
{
	prepare(h, r, ph);
	/* After a failed check the driver may not be up: bring it up (not counted). */
	if (ph != PH_INIT && h->table[0].state != EXTMEM_STATE_READY)
		assert_int_equal(init_ok(h), EXTMEM_OK);
	fault_port_arm(&sp, k, f == F_CUT);
	(void)run_phase(h, r, ph);
	fault_port_release(&sp);
	if (f == F_CUT)
		extmem_sim_nor_power_cycle(h->model);
	r->tried[ph][f]++;
	if (check_after(h, r, ph, f, k))
		r->survived[ph][f]++;
}

static void setup_run(struct run *r, const struct extmem_info *info)
{
	r->proto = info->protocol;
	r->blk = info->erase_sizes[0];
	r->at = (uint32_t)(info->size / 2u);
	for (int ph = 0; ph < PH_COUNT; ph++) {
		r->before[ph] = malloc(r->blk);
		r->done[ph] = malloc(r->blk);
		assert_non_null(r->before[ph]);
		assert_non_null(r->done[ph]);
	}
	r->guard_lo = malloc(r->blk);
	r->guard_hi = malloc(r->blk);
	r->buf = malloc(r->blk);
	assert_non_null(r->guard_lo);
	assert_non_null(r->guard_hi);
	assert_non_null(r->buf);
	fill(r->guard_lo, r->blk, 2);
	fill(r->guard_hi, r->blk, 3);
	/* init: a programmed block that must stay as it is */
	fill(r->before[PH_INIT], r->blk, 4);
	memcpy(r->done[PH_INIT], r->before[PH_INIT], r->blk);
	/* erase: programmed -> all FFh */
	fill(r->before[PH_ERASE], r->blk, 5);
	memset(r->done[PH_ERASE], 0xFF, r->blk);
	/* program: erased -> PROG_LEN bytes at PROG_OFF */
	memset(r->before[PH_PROGRAM], 0xFF, r->blk);
	memset(r->done[PH_PROGRAM], 0xFF, r->blk);
	fill(r->done[PH_PROGRAM] + PROG_OFF, PROG_LEN, 6);
}

static void free_run(struct run *r)
{
	for (int ph = 0; ph < PH_COUNT; ph++) {
		free(r->before[ph]);
		free(r->done[ph]);
	}
	free(r->guard_lo);
	free(r->guard_hi);
	free(r->buf);
}

/* Every byte outside [at - blk, at + 2 blk) still erased: nothing the sweep did reached elsewhere. */
static bool rest_erased(const struct nor_harness *h, const struct run *r)
{
	const uint8_t *a = h->model->array;
	uint64_t size = h->model->part->size;
	for (uint64_t i = 0; i < size; i++) {
		if (i == r->at - r->blk)
			i += 3u * r->blk;
		if (i < size && a[i] != 0xFF)
			return false;
	}
	return true;
}

/* 1, 1 + stride, ... and always the last index n. */
static uint32_t next_index(uint32_t k, uint32_t n)
{
	if (k == n)
		return n + 1u;
	return n - k > stride ? k + stride : n;
}

static void sweep(const struct extmem_sim_nor_part *part, uint8_t lines, unsigned totals[2])
{
	nor_harness_down(&harness);
	assert_int_equal(nor_harness_up(&harness, part, lines, 200000000u), EXTMEM_OK);
	struct nor_harness *h = &harness;
	fault_port_init(&sp, &h->port, h->model);
	h->cfg.link.ops = &fault_port_ops;
	h->cfg.link.ctx = &sp;
	struct run r = {.part = part, .lines = lines};
	assert_int_equal(init_ok(h), EXTMEM_OK);
	setup_run(&r, &h->table[0].info);
	/* Operations of each phase from a clean state. */
	for (int ph = 0; ph < PH_COUNT; ph++) {
		prepare(h, &r, (enum phase)ph);
		if (ph != PH_INIT)
			assert_int_equal(init_ok(h), EXTMEM_OK);
		fault_port_arm(&sp, 0, false);
		assert_int_equal(run_phase(h, &r, (enum phase)ph), EXTMEM_OK);
		r.ops[ph] = sp.count;
	}
	for (int ph = 0; ph < PH_COUNT; ph++)
		for (uint32_t k = 1; k <= r.ops[ph]; k = next_index(k, r.ops[ph]))
			for (int f = 0; f < F_COUNT; f++)
				one_fault(h, &r, (enum phase)ph, (enum fault)f, k);
	bool rest = rest_erased(h, &r);
	unsigned tried = 0, survived = 0;
	for (int ph = 0; ph < PH_COUNT; ph++)
		for (int f = 0; f < F_COUNT; f++) {
			tried += r.tried[ph][f];
			survived += r.survived[ph][f];
		}
	printf("  %-12s x%u %-8s ops %3u/%3u/%3u  cut %3u/%3u/%3u  reset %3u/%3u/%3u  survived %4u/%-4u  left "
	       "(cut, reset) before %u,%u partial %u,%u done %u,%u%s\n",
	       part->name, lines, extmem_protocol_name(r.proto), (unsigned)r.ops[0], (unsigned)r.ops[1],
	       (unsigned)r.ops[2], r.tried[0][0], r.tried[1][0], r.tried[2][0], r.tried[0][1], r.tried[1][1],
	       r.tried[2][1], survived, tried, r.left[0][L_BEFORE], r.left[1][L_BEFORE], r.left[0][L_PARTIAL],
	       r.left[1][L_PARTIAL], r.left[0][L_DONE], r.left[1][L_DONE], rest ? "" : "  REST OF ARRAY CHANGED");
	if (!rest && reports++ < MAX_REPORTS)
		print_message("FAIL %s x%u: bytes outside the blocks under test are no longer erased\n", part->name,
			      lines);
	totals[0] += tried;
	totals[1] += rest ? survived : 0;
	free_run(&r);
}

static void every_part_and_width_survives_cuts_and_resets(void **state)
{
	(void)state;
	static const uint8_t widths[4] = {1, 2, 4, 8};
	size_t count;
	const struct extmem_sim_nor_part *const *parts = extmem_sim_nor_parts(&count);
	const char *only = getenv("EXTMEM_POWER_PART");
	unsigned totals[2] = {0, 0};
	printf("  stride %u; ops per phase init/erase/program; faults per phase; left: what the block under test "
	       "held when the MCU stopped (erase and program phases together)\n",
	       stride);
	for (size_t i = 0; i < count; i++) {
		if (only != NULL && strcmp(only, parts[i]->name) != 0)
			continue;
		for (int w = 0; w < 4; w++)
			sweep(parts[i], widths[w], totals);
	}
	printf("  %u power cuts and MCU resets, %u survived (init again, redo, verify, nothing else changed)\n",
	       totals[0], totals[1]);
	assert_int_equal(totals[1], totals[0]);
}

static int teardown(void **state)
{
	(void)state;
	nor_harness_down(&harness);
	return 0;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *end = NULL;
		unsigned long v = 0;
		if (strcmp(argv[i], "--stride") == 0 && i + 1 < argc)
			v = strtoul(argv[++i], &end, 10);
		if (end == NULL || *end != '\0' || v == 0 || v > 1000u) {
			fprintf(stderr, "usage: %s [--stride N]  (N in 1..1000: try every Nth operation index)\n",
				argv[0]);
			return 2;
		}
		stride = (unsigned)v;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(every_part_and_width_survives_cuts_and_resets, teardown),
	};
	return cmocka_run_group_tests_name("nor_power", tests, NULL, NULL);
}
