/* SPDX-License-Identifier: MIT */
/*
 * The NOR driver's protocol planner, with no bus: descriptions in, the
 * candidate list out. The descriptions are our parser's reading of the
 * project's own SFDP encodings (sim/sfdp); the expected values are the
 * parts' datasheet facts written here. Also the entry-step runner on a
 * scripted port: an SCCR bit is set by read-modify-write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_sim/sfdp_images.h"
#include "nor_internal.h"

static struct extmem_sfdp desc;
static struct nor_candidate cand[NOR_MAX_CANDIDATES];

static const struct extmem_sfdp *parse(const char *part)
{
	const struct extmem_sim_sfdp_image *im = extmem_sim_sfdp_image_find(part);
	assert_non_null(im);
	assert_int_equal(extmem_sfdp_parse(im->bytes, im->len, &desc), EXTMEM_OK);
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, im->jedec_id), EXTMEM_OK);
	return &desc;
}

static struct extmem_nor_sfdp_config link(uint8_t lines, bool dtr, bool dqs)
{
	struct extmem_nor_sfdp_config c = {0};
	c.link.data_lines = lines;
	c.link.dtr_capable = dtr;
	c.link.dqs_wired = dqs;
	c.link.max_hz = 200000000u;
	return c;
}

/* MX66UW1G45G datasheet: 8D read EEh, 4-byte addresses, 20 dummy cycles at reset; DOPI by WRCR2 02h at 0. */
static void an_octal_part_plans_8d_first_and_1s_last(void **state)
{
	(void)state;
	const struct extmem_sfdp *s = parse("MX66UW1G45G");
	struct extmem_nor_sfdp_config c = link(8, true, true);
	unsigned n = extmem_nor_plan(s, &c, cand, NOR_MAX_CANDIDATES);
	assert_true(n >= 2);
	const struct nor_candidate *k = &cand[0];
	assert_int_equal(k->read, EXTMEM_PROTO_8D_8D_8D);
	assert_int_equal(k->cmd, EXTMEM_PROTO_8D_8D_8D);
	assert_int_equal(k->read_opcode, 0xEE);
	assert_int_equal(k->addr_bytes, 4);
	assert_int_equal(k->read_dummy, 20);
	assert_int_equal(k->prog_opcode, 0x12);
	assert_true(k->nsteps >= 1);
	const struct nor_step *last = &k->step[k->nsteps - 1];
	assert_int_equal(last->kind, NOR_STEP_SEQ);
	assert_int_equal(last->seq.cmd[0], 0x72);
	assert_int_equal(last->seq.cmd[last->seq.len - 1], 0x02);
	assert_int_equal(last->in, EXTMEM_PROTO_1S_1S_1S);
	assert_int_equal(last->after, EXTMEM_PROTO_8D_8D_8D);
	/* Every step before the switch leaves the part in 1S-1S-1S. */
	for (unsigned i = 0; i + 1 < k->nsteps; i++)
		assert_int_equal(k->step[i].after, EXTMEM_PROTO_1S_1S_1S);
	assert_int_equal(cand[n - 1].read, EXTMEM_PROTO_1S_1S_1S);
	assert_int_equal(cand[n - 1].cmd, EXTMEM_PROTO_1S_1S_1S);
	/* 4-byte erase opcodes in octal (21h 4 KiB, DCh 64 KiB). */
	for (int t = 0; t < 4; t++) {
		if (s->bfpt.erase[t].size == 4096)
			assert_int_equal(k->erase_op[t], 0x21);
		if (s->bfpt.erase[t].size == 65536)
			assert_int_equal(k->erase_op[t], 0xDC);
	}
}

static bool any_8d(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (extmem_nor_bus_of(cand[i].read).data_dtr || extmem_nor_bus_of(cand[i].cmd).data_dtr)
			return true;
	return false;
}

static void no_dqs_or_no_dtr_plans_no_8d(void **state)
{
	(void)state;
	const struct extmem_sfdp *s = parse("MX66UW1G45G");
	struct extmem_nor_sfdp_config c = link(8, true, false);
	unsigned n = extmem_nor_plan(s, &c, cand, NOR_MAX_CANDIDATES);
	assert_true(n >= 1);
	assert_false(any_8d(n));
	assert_int_equal(cand[0].read, EXTMEM_PROTO_8S_8S_8S);
	c = link(8, false, true);
	n = extmem_nor_plan(s, &c, cand, NOR_MAX_CANDIDATES);
	assert_false(any_8d(n));
}

static void the_link_width_bounds_every_candidate(void **state)
{
	(void)state;
	static const char *const parts[] = {"MX66UW1G45G", "W25Q128JV", "IS25WP256D", "MT25QL256ABA", "SST26VF064B"};
	static const uint8_t widths[] = {1, 2, 4, 8};
	for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++) {
		const struct extmem_sfdp *s = parse(parts[p]);
		for (size_t w = 0; w < sizeof(widths); w++) {
			struct extmem_nor_sfdp_config c = link(widths[w], true, true);
			unsigned n = extmem_nor_plan(s, &c, cand, NOR_MAX_CANDIDATES);
			assert_true(n >= 1);
			assert_int_equal(cand[n - 1].read, EXTMEM_PROTO_1S_1S_1S);
			for (unsigned i = 0; i < n; i++) {
				struct nor_bus b = extmem_nor_bus_of(cand[i].read);
				assert_true(b.data <= widths[w] && b.addr <= widths[w]);
				assert_true(cand[i].hz <= 200000000u && cand[i].hz > 0);
			}
		}
	}
}

/* W25Q128JV: QE is SR2 bit 1 (QER 101b); no QPI in its table; EBh with one mode byte and 4 dummy clocks. */
static void a_quad_part_sets_quad_enable_before_quad_reads(void **state)
{
	(void)state;
	const struct extmem_sfdp *s = parse("W25Q128JV");
	struct extmem_nor_sfdp_config c = link(4, true, true);
	unsigned n = extmem_nor_plan(s, &c, cand, NOR_MAX_CANDIDATES);
	assert_int_equal(cand[0].read, EXTMEM_PROTO_1S_4S_4S);
	assert_int_equal(cand[0].read_opcode, 0xEB);
	assert_int_equal(cand[0].read_mode_bytes, 1);
	assert_int_equal(cand[0].read_dummy, 4);
	assert_int_equal(cand[0].addr_bytes, 3);
	assert_int_equal(cand[0].nsteps, 1);
	assert_int_equal(cand[0].step[0].kind, NOR_STEP_QE);
	assert_true(cand[0].step[0].busy_us >= 15000u); /* a non-volatile SR2 write: tW up to 15 ms */
	for (unsigned i = 0; i < n; i++)
		assert_int_not_equal(cand[i].cmd, EXTMEM_PROTO_4S_4S_4S);
}

/* A table saying 4-byte addresses only (DWORD 1 bits 18:17 = 10b) gets 4 bytes whatever the size. */
static void a_four_byte_only_part_plans_four_byte_addresses(void **state)
{
	(void)state;
	struct extmem_sfdp s = *parse("W25Q128JV");
	s.bfpt.addr_bytes = EXTMEM_SFDP_ADDR_4;
	struct extmem_nor_sfdp_config c = link(4, true, true);
	unsigned n = extmem_nor_plan(&s, &c, cand, NOR_MAX_CANDIDATES);
	assert_true(n >= 1);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(cand[i].addr_bytes, 4);
}

/* MX66UW1G45G xSPI profile points (datasheet): 20 @ 200, 16 @ 166, 12 @ 133, 10 @ 100 MHz. */
static void the_octal_latency_follows_the_clock(void **state)
{
	(void)state;
	struct extmem_sfdp s = *parse("MX66UW1G45G");
	uint8_t pat = 0xFF;
	assert_int_equal(extmem_nor_xspi_dummy(&s, 200000000u, &pat), 20);
	assert_int_equal(extmem_nor_xspi_dummy(&s, 166000000u, NULL), 16);
	assert_int_equal(extmem_nor_xspi_dummy(&s, 150000000u, NULL), 16);
	assert_int_equal(extmem_nor_xspi_dummy(&s, 133000000u, NULL), 12);
	assert_int_equal(extmem_nor_xspi_dummy(&s, 100000000u, NULL), 10);
	assert_int_equal(extmem_nor_xspi_dummy(&s, 50000000u, NULL), 10);
	assert_int_equal(extmem_nor_xspi_dummy(&s, 250000000u, NULL), 0);
	assert_int_equal(extmem_nor_xspi_default_dummy(&s), 20);
	assert_int_equal(extmem_nor_xspi_top_hz(&s), 200000000u);
	/* Without a 200 MHz grade: the clock is capped at the top grade listed. */
	s.xspi.dummy[0] = 0;
	assert_int_equal(extmem_nor_xspi_top_hz(&s), 166000000u);
	struct extmem_nor_sfdp_config c = link(8, true, true);
	unsigned n = extmem_nor_plan(&s, &c, cand, NOR_MAX_CANDIDATES);
	assert_true(n >= 1);
	assert_int_equal(cand[0].read, EXTMEM_PROTO_8D_8D_8D);
	assert_true(cand[0].hz <= 166000000u);
}

/* A page of one byte cannot hold a DTR byte pair: no DTR program is planned. */
static void a_one_byte_page_gets_no_dtr_program(void **state)
{
	(void)state;
	struct extmem_sfdp s = *parse("MX66UW1G45G");
	s.bfpt.page_size = 1;
	struct extmem_nor_sfdp_config c = link(8, true, true);
	unsigned n = extmem_nor_plan(&s, &c, cand, NOR_MAX_CANDIDATES);
	assert_true(n >= 1);
	for (unsigned i = 0; i < n; i++)
		assert_false(extmem_nor_bus_of(cand[i].prog).data_dtr);
}

/* ---- the step runner on a scripted port ---------------------------------- */

struct script {
	bool wel;
	uint8_t reg;     /* what the SCCR register read returns */
	uint8_t written; /* the last SCCR register write */
	unsigned nwritten;
	uint32_t now;
};

static struct script sc;

static int sc_execute(void *ctx, const struct extmem_xspi_op *op)
{
	struct script *t = ctx;
	uint8_t opc = (uint8_t)op->cmd.opcode;
	if (opc == 0x06)
		t->wel = true;
	if (opc == 0x05 && op->data.dir == EXTMEM_XSPI_DATA_IN)
		*(uint8_t *)op->data.buf.in = t->wel ? 0x02 : 0x00;
	if (opc == 0x71 && op->data.dir == EXTMEM_XSPI_DATA_IN)
		*(uint8_t *)op->data.buf.in = t->reg;
	if (opc == 0x72 && op->data.dir == EXTMEM_XSPI_DATA_OUT) {
		t->written = *(const uint8_t *)op->data.buf.out;
		t->nwritten++;
		t->wel = false;
	}
	return EXTMEM_OK;
}

static uint32_t sc_time(void *ctx)
{
	return ((struct script *)ctx)->now++;
}

static const struct extmem_xspi_ops sc_ops = {.execute = sc_execute, .time_us = sc_time};

static uint8_t run_sccr_set(bool active_high, uint8_t reg)
{
	static struct extmem_nor_sfdp_config cfg;
	static struct extmem_nor_sfdp_data d;
	memset(&d, 0, sizeof(d));
	sc = (struct script){.reg = reg};
	cfg = link(8, true, true);
	cfg.link.ops = &sc_ops;
	cfg.link.ctx = &sc;
	d.sfdp.has = EXTMEM_SFDP_HAS_SCCR;
	d.sfdp.sccr.bit[EXTMEM_SFDP_SCCR_OCTAL_DTR_VOLATILE] = (struct extmem_sfdp_sccr_bit){.present = true,
											     .writable = true,
											     .active_high = active_high,
											     .addressed = true,
											     .bit = 1,
											     .read_op = 0x71,
											     .write_op = 0x72};
	struct nor n = {&cfg, &d};
	const struct nor_step st = {.kind = NOR_STEP_SCCR_SET,
				    .field = EXTMEM_SFDP_SCCR_OCTAL_DTR_VOLATILE,
				    .in = EXTMEM_PROTO_1S_1S_1S,
				    .after = EXTMEM_PROTO_1S_1S_1S,
				    .busy_us = 100};
	assert_int_equal(extmem_nor_run_step(&n, &st), EXTMEM_OK);
	assert_int_equal(sc.nwritten, 1);
	return sc.written;
}

/* Setting an SCCR condition changes that bit only: an active-low one is cleared, the others kept. */
static void an_sccr_bit_is_set_by_read_modify_write(void **state)
{
	(void)state;
	assert_int_equal(run_sccr_set(false, 0x10), 0x10); /* bit 1 already clear: the others as they were */
	assert_int_equal(run_sccr_set(false, 0x13), 0x11);
	assert_int_equal(run_sccr_set(true, 0x10), 0x12);
	assert_int_equal(run_sccr_set(true, 0x80), 0x82);
}

/*
 * Infineon S28HS512T (SEMPER): octal only through CFR5V (00800006h), OPI-IT
 * bit 0 and SDRDDR bit 1, written by WRARG 71h after WREN; no FF0A table.
 * The register is addressed, and the part powers up in 3-byte mode: B7h
 * first. 8D read EEh, program 12h, 256 KiB erase DCh, 20 cycles at power-on.
 */
static void an_octal_part_switched_by_its_config_register_plans_8d_and_8s(void **state)
{
	(void)state;
	const struct extmem_sfdp *s = parse("S28HS512T");
	struct extmem_nor_sfdp_config c = link(8, true, true);
	unsigned n = extmem_nor_plan(s, &c, cand, NOR_MAX_CANDIDATES);
	assert_true(n >= 3);
	for (unsigned i = 0; i < 2; i++) {
		const struct nor_candidate *k = &cand[i];
		bool dtr = i == 0;
		assert_int_equal(k->cmd, dtr ? EXTMEM_PROTO_8D_8D_8D : EXTMEM_PROTO_8S_8S_8S);
		assert_int_equal(k->read_opcode, dtr ? 0xEE : 0xEC);
		assert_int_equal(k->addr_bytes, 4);
		assert_int_equal(k->read_dummy, 20);
		assert_int_equal(k->prog_opcode, 0x12);
		assert_int_equal(k->erase_op[0], 0xDC);
		assert_int_equal(k->nsteps, 2);
		assert_int_equal(k->step[0].kind, NOR_STEP_CMD);
		assert_int_equal(k->step[0].opcode, 0xB7);
		assert_int_equal(k->step[0].after, EXTMEM_PROTO_1S_1S_1S);
		const struct nor_step *st = &k->step[1];
		assert_int_equal(st->kind, NOR_STEP_SCCR_SET);
		assert_int_equal(st->in, EXTMEM_PROTO_1S_1S_1S);
		assert_int_equal(st->after, k->cmd);
		const struct extmem_sfdp_sccr_bit *m = &s->sccr.bit[st->field];
		assert_int_equal(m->reg_addr, 0x00800006u);
		assert_int_equal(m->bit, 0); /* OPI-IT */
		assert_int_equal(m->write_op, 0x71);
		assert_true(st->has_field2);
		assert_int_equal(s->sccr.bit[st->field2].bit, 1); /* SDRDDR */
		assert_int_equal(st->field2_true, dtr);
	}
	assert_int_equal(cand[n - 1].cmd, EXTMEM_PROTO_1S_1S_1S);
	assert_int_equal(cand[n - 1].read_opcode, 0x0C);
	/* Without a strobe: 8S first. */
	c = link(8, true, false);
	n = extmem_nor_plan(s, &c, cand, NOR_MAX_CANDIDATES);
	assert_true(n >= 2);
	assert_int_equal(cand[0].cmd, EXTMEM_PROTO_8S_8S_8S);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_octal_part_plans_8d_first_and_1s_last),
		cmocka_unit_test(no_dqs_or_no_dtr_plans_no_8d),
		cmocka_unit_test(the_link_width_bounds_every_candidate),
		cmocka_unit_test(a_quad_part_sets_quad_enable_before_quad_reads),
		cmocka_unit_test(a_four_byte_only_part_plans_four_byte_addresses),
		cmocka_unit_test(the_octal_latency_follows_the_clock),
		cmocka_unit_test(a_one_byte_page_gets_no_dtr_program),
		cmocka_unit_test(an_sccr_bit_is_set_by_read_modify_write),
		cmocka_unit_test(an_octal_part_switched_by_its_config_register_plans_8d_and_8s),
	};
	return cmocka_run_group_tests_name("nor_plan", tests, NULL, NULL);
}
