/* SPDX-License-Identifier: MIT */
/*
 * The serial NOR models, driven with raw operation descriptors through the
 * host xSPI port: datasheet behaviour per part, every strictness rule, fault
 * injection and file persistence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/sfdp_images.h"
#include "host_xspi.h"

#define KERNEL_HZ 200000000u
#define MX_DOPI   0x02
#define MX_SOPI   0x01

struct fx {
	struct extmem_sim_clock clk;
	struct extmem_sim_nor *nor;
	struct extmem_host_xspi port;
	const struct extmem_sim_nor_part *p;
	enum extmem_sim_nor_proto proto; /* what the test believes the part is in */
	bool addr4;
};

static const uint8_t proto_lines[] = {1, 4, 8, 8};

static void fx_open(struct fx *f, const struct extmem_sim_nor_part *p)
{
	memset(f, 0, sizeof(*f));
	f->p = p;
	f->nor = extmem_sim_nor_create(p, &f->clk, NULL, NULL);
	assert_non_null(f->nor);
	extmem_host_xspi_init(&f->port, &f->nor->base, KERNEL_HZ);
}

static void fx_close(struct fx *f)
{
	extmem_sim_nor_destroy(f->nor);
	f->nor = NULL;
}

static uint32_t set_hz(struct fx *f, uint32_t hz)
{
	uint32_t got = 0;
	assert_int_equal(extmem_host_xspi_ops.set_clock(&f->port, hz, &got), EXTMEM_OK);
	return got;
}

/* ---- descriptor builders ---- */

static struct extmem_xspi_op op_cmd(enum extmem_sim_nor_proto pr, uint8_t opc)
{
	struct extmem_xspi_op op;
	memset(&op, 0, sizeof(op));
	op.cmd.bus.lines = proto_lines[pr];
	op.cmd.bus.dtr = pr == EXTMEM_SIM_NOR_8D8D8D;
	if (pr >= EXTMEM_SIM_NOR_8S8S8S) {
		op.cmd.nbytes = 2;
		op.cmd.opcode = (uint16_t)(opc << 8 | (uint8_t)(opc ^ 0xFFu));
	} else {
		op.cmd.nbytes = 1;
		op.cmd.opcode = opc;
	}
	return op;
}

static void op_addr(struct extmem_xspi_op *op, uint8_t nbytes, uint32_t value, uint8_t lines)
{
	op->addr.nbytes = nbytes;
	op->addr.value = value;
	op->addr.bus.lines = lines;
	op->addr.bus.dtr = op->cmd.bus.dtr;
}

static void op_data(struct extmem_xspi_op *op, enum extmem_xspi_dir dir, void *buf, uint32_t len, uint8_t lines)
{
	op->data.dir = dir;
	op->data.buf.in = buf;
	op->data.len = len;
	op->data.bus.lines = lines;
	op->data.bus.dtr = op->cmd.bus.dtr;
	op->dqs = dir == EXTMEM_XSPI_DATA_IN && op->cmd.bus.dtr;
}

static int run(struct fx *f, const struct extmem_xspi_op *op)
{
	return extmem_host_xspi_ops.execute(&f->port, op);
}

static bool octal(const struct fx *f)
{
	return f->proto >= EXTMEM_SIM_NOR_8S8S8S;
}

static void simple(struct fx *f, uint8_t opc)
{
	struct extmem_xspi_op op = op_cmd(f->proto, opc);
	assert_int_equal(run(f, &op), EXTMEM_OK);
}

static struct extmem_xspi_op rdsr_op(struct fx *f, uint8_t *buf)
{
	struct extmem_xspi_op op = op_cmd(f->proto, 0x05);
	uint8_t l = proto_lines[f->proto];
	if (octal(f)) {
		op_addr(&op, 4, 0, 8);
		op.dummy_cycles = f->proto == EXTMEM_SIM_NOR_8D8D8D ? f->p->lat_reg_8d : f->p->lat_reg_8s;
	}
	op_data(&op, EXTMEM_XSPI_DATA_IN, buf, f->proto == EXTMEM_SIM_NOR_8D8D8D ? 2 : 1, l);
	return op;
}

static uint8_t rdsr(struct fx *f)
{
	uint8_t b[2] = {0, 0};
	struct extmem_xspi_op op = rdsr_op(f, b);
	assert_int_equal(run(f, &op), EXTMEM_OK);
	return b[0];
}

static void wait_ready(struct fx *f)
{
	uint8_t b[2];
	struct extmem_xspi_op op = rdsr_op(f, b);
	struct extmem_xspi_poll poll = {.mask = 0x01, .match = 0, .timeout_us = 0xFFFFFFFFu};
	/* Jump close to the end of the busy period: a chip erase lasts minutes of virtual time. */
	uint64_t until = extmem_sim_nor_busy_until(f->nor);
	if (!f->nor->faults.stuck_busy && until > f->clk.now_ps + 1000000u)
		f->clk.now_ps = until - 1000000u;
	assert_int_equal(extmem_host_xspi_ops.auto_poll(&f->port, &op, &poll, NULL), EXTMEM_OK);
}

static void wren(struct fx *f)
{
	simple(f, 0x06);
}

static uint8_t aw(struct fx *f)
{
	return (octal(f) || f->addr4) ? 4 : 3;
}

static void read_array(struct fx *f, uint32_t addr, void *buf, uint32_t len)
{
	struct extmem_xspi_op op;
	uint8_t l = proto_lines[f->proto];
	if (octal(f)) {
		op = op_cmd(f->proto, f->proto == EXTMEM_SIM_NOR_8D8D8D ? 0xEE : 0xEC);
		op.dummy_cycles = f->p->dummy_steps[f->nor->cr2_300 & 7].cycles;
	} else {
		op = op_cmd(f->proto, 0x0B);
		op.dummy_cycles = f->proto == EXTMEM_SIM_NOR_4S4S4S ? f->p->lat_fast_4s : f->p->lat_fast_1s;
	}
	op_addr(&op, aw(f), addr, l);
	op_data(&op, EXTMEM_XSPI_DATA_IN, buf, len, l);
	assert_int_equal(run(f, &op), EXTMEM_OK);
}

static void program(struct fx *f, uint32_t addr, const void *buf, uint32_t len)
{
	uint8_t l = proto_lines[f->proto];
	wren(f);
	struct extmem_xspi_op op = op_cmd(f->proto, octal(f) ? 0x12 : 0x02);
	op_addr(&op, aw(f), addr, l);
	op_data(&op, EXTMEM_XSPI_DATA_OUT, (void *)(uintptr_t)buf, len, l);
	assert_int_equal(run(f, &op), EXTMEM_OK);
	wait_ready(f);
}

static void erase_op(struct fx *f, uint8_t opc, uint32_t addr)
{
	struct extmem_xspi_op op = op_cmd(f->proto, opc);
	op_addr(&op, aw(f), addr, proto_lines[f->proto]);
	assert_int_equal(run(f, &op), EXTMEM_OK);
}

static void erase(struct fx *f, uint32_t addr)
{
	wren(f);
	erase_op(f, octal(f) ? f->p->erase[0].op4 : f->p->erase[0].op3, addr);
	wait_ready(f);
}

static void soft_reset(struct fx *f)
{
	simple(f, 0x66);
	simple(f, 0x99);
	f->proto = EXTMEM_SIM_NOR_1S1S1S;
	f->addr4 = false;
	/* A host waits out the reset recovery (tRST) before the next command. */
	f->clk.now_ps +=
		extmem_sim_nor_us_to_ps(f->p->rst_busy_us > f->p->rst_idle_us ? f->p->rst_busy_us : f->p->rst_idle_us);
}

/* SST26 powers up with every block write-protected. */
static void unlock(struct fx *f)
{
	if (f->p->powerup_locked) {
		wren(f);
		simple(f, 0x98);
	}
}

static void read_id(struct fx *f, uint8_t *id, uint32_t len)
{
	struct extmem_xspi_op op = op_cmd(f->proto, f->proto == EXTMEM_SIM_NOR_4S4S4S ? 0xAF : 0x9F);
	uint8_t l = proto_lines[f->proto];
	if (octal(f)) {
		op_addr(&op, 4, 0, 8);
		op.dummy_cycles = f->proto == EXTMEM_SIM_NOR_8D8D8D ? f->p->lat_reg_8d : f->p->lat_reg_8s;
	}
	op_data(&op, EXTMEM_XSPI_DATA_IN, id, len, l);
	assert_int_equal(run(f, &op), EXTMEM_OK);
}

static void expect_id(struct fx *f)
{
	uint8_t id[6];
	read_id(f, id, f->proto == EXTMEM_SIM_NOR_8D8D8D ? 6 : 3);
	if (f->proto == EXTMEM_SIM_NOR_8D8D8D) {
		for (size_t i = 0; i < 3; i++) {
			assert_int_equal(id[2 * i], f->p->id[i]);
			assert_int_equal(id[2 * i + 1], f->p->id[i]);
		}
	} else {
		assert_memory_equal(id, f->p->id, 3);
	}
}

/* The rule's count went up by exactly one since `before`. */
static void expect_rule(struct fx *f, enum extmem_sim_nor_rule rule, uint32_t before)
{
	uint32_t now = extmem_sim_nor_violations(f->nor, rule);
	if (now != before + 1)
		fail_msg("%s: rule %s: %u violations, expected %u (last: %s)", f->p->name,
			 extmem_sim_nor_rule_name(rule), now, before + 1, f->nor->base.last_violation);
}

static void expect_clean(struct fx *f)
{
	if (f->nor->base.violations != 0)
		fail_msg("%s: %u unexpected violation(s), last: %s", f->p->name, f->nor->base.violations,
			 f->nor->base.last_violation);
}

/* p names the loop variable: it cannot be parenthesised. */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define FOR_EACH_PART(p)                                                                                               \
	for (const struct extmem_sim_nor_part *const *pp_ = extmem_sim_nor_parts(NULL), *p; (p = *pp_) != NULL; pp_++)
/* NOLINTEND(bugprone-macro-parentheses) */

/* ---- identification and SFDP ---- */

static void test_read_id_1s_returns_the_jedec_id(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		expect_id(&f);
		expect_clean(&f);
		fx_close(&f);
	}
}

static const uint8_t *sfdp_image(const struct extmem_sim_nor_part *p, size_t *len)
{
	const struct extmem_sim_sfdp_image *img = extmem_sim_sfdp_image_find(p->sfdp_name);
	if (img != NULL) {
		*len = img->len;
		return img->bytes;
	}
	*len = 0;
	return NULL;
}

static void test_sfdp_read_1s_serves_the_parts_image(void **state)
{
	(void)state;
	unsigned checked = 0;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		size_t len;
		const uint8_t *img = sfdp_image(p, &len);
		/* The model picks its image up by itself. */
		assert_ptr_equal(f.nor->sfdp, img);
		uint8_t buf[64];
		struct extmem_xspi_op op = op_cmd(EXTMEM_SIM_NOR_1S1S1S, 0x5A);
		op_addr(&op, 3, 0, 1);
		op.dummy_cycles = p->lat_sfdp;
		op_data(&op, EXTMEM_XSPI_DATA_IN, buf, sizeof(buf), 1);
		assert_int_equal(run(&f, &op), EXTMEM_OK);
		expect_clean(&f);
		if (img == NULL) {
			/* No image yet: the part answers 0xFF (idle lines); the content check is skipped. */
			for (size_t i = 0; i < sizeof(buf); i++)
				assert_int_equal(buf[i], 0xFF);
			print_message("[  SKIP    ] %s: no SFDP image in sim/sfdp yet, content check skipped\n",
				      p->name);
		} else {
			assert_memory_equal(buf, img, len < sizeof(buf) ? len : sizeof(buf));
			assert_memory_equal(buf, "SFDP", 4);
			checked++;
		}
		fx_close(&f);
	}
	if (checked == 0)
		skip();
}

/* ---- NOR semantics and virtual time ---- */

static void test_program_only_clears_bits_and_wraps_in_the_page(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		unlock(&f);
		uint32_t base = 0x3000, page = p->page_size;
		uint8_t a[4] = {0xF0, 0xF0, 0x0F, 0xFF}, b[4] = {0xCC, 0x3C, 0xFF, 0x00}, r[4];
		program(&f, base, a, 4);
		program(&f, base, b, 4);
		read_array(&f, base, r, 4);
		uint8_t want[4] = {0xC0, 0x30, 0x0F, 0x00};
		assert_memory_equal(r, want, 4);
		/* 4 bytes at page end - 2: the last two land at the page start. */
		uint8_t w[4] = {1, 2, 3, 4}, r2[4];
		program(&f, base + 2 * page - 2, w, 4);
		read_array(&f, base + 2 * page - 2, r2, 2);
		assert_memory_equal(r2, w, 2);
		read_array(&f, base + page, r2, 2);
		assert_memory_equal(r2, w + 2, 2);
		/* Erase sets the erase value. */
		erase(&f, base);
		read_array(&f, base, r, 4);
		for (int i = 0; i < 4; i++)
			assert_int_equal(r[i], 0xFF);
		expect_clean(&f);
		fx_close(&f);
	}
}

/* Starts an op, checks the busy period equals typ exactly, and WIP flips right at its end. */
static void check_busy_window(struct fx *f, uint64_t typ_us)
{
	uint64_t t0 = f->clk.now_ps;
	assert_true(extmem_sim_nor_busy(f->nor));
	assert_int_equal(extmem_sim_nor_busy_until(f->nor) - t0, extmem_sim_nor_us_to_ps(typ_us));
	uint8_t b[2];
	struct extmem_xspi_op op = rdsr_op(f, b);
	uint64_t wire = extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(&op), f->port.bus_hz);
	f->clk.now_ps = t0 + extmem_sim_nor_us_to_ps(typ_us) - 1 - wire;
	assert_true(rdsr(f) & 0x01);
	f->clk.now_ps = t0 + extmem_sim_nor_us_to_ps(typ_us) - wire;
	assert_false(rdsr(f) & 0x01);
}

static void test_program_erase_busy_lasts_the_datasheet_typical(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		unlock(&f);
		uint8_t d[16];
		memset(d, 0x55, sizeof(d));
		wren(&f);
		struct extmem_xspi_op op = op_cmd(f.proto, 0x02);
		op_addr(&op, 3, 0x10000, 1);
		op_data(&op, EXTMEM_XSPI_DATA_OUT, d, sizeof(d), 1);
		assert_int_equal(run(&f, &op), EXTMEM_OK);
		check_busy_window(&f, p->pp_typ_us);
		for (unsigned i = 0; i < EXTMEM_SIM_NOR_ERASE_TYPES && p->erase[i].size; i++) {
			wren(&f);
			erase_op(&f, p->erase[i].op3, 0x20000);
			check_busy_window(&f, p->erase[i].typ_us);
		}
		if (p->map != NULL) {
			wren(&f);
			erase_op(&f, p->map_op, 0x20000);
			check_busy_window(&f, p->map_typ_us);
		}
		wren(&f);
		simple(&f, p->chip_ops[0]);
		check_busy_window(&f, (uint64_t)p->chip_typ_ms * 1000u);
		uint8_t r[16];
		read_array(&f, 0x10000, r, sizeof(r));
		for (size_t i = 0; i < sizeof(r); i++)
			assert_int_equal(r[i], 0xFF);
		expect_clean(&f);
		fx_close(&f);
	}
}

/* ---- strictness ---- */

static void test_program_and_erase_without_wel_are_ignored_and_recorded(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		unlock(&f);
		uint8_t d[4] = {0, 0, 0, 0}, r[4];
		uint32_t before = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_NO_WEL);
		struct extmem_xspi_op op = op_cmd(f.proto, 0x02);
		op_addr(&op, 3, 0x100, 1);
		op_data(&op, EXTMEM_XSPI_DATA_OUT, d, 4, 1);
		assert_int_equal(run(&f, &op), EXTMEM_OK);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_NO_WEL, before);
		assert_false(extmem_sim_nor_busy(f.nor));
		read_array(&f, 0x100, r, 4);
		for (int i = 0; i < 4; i++)
			assert_int_equal(r[i], 0xFF);
		erase_op(&f, p->erase[0].op3, 0);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_NO_WEL, before + 1);
		assert_false(extmem_sim_nor_busy(f.nor));
		/* WRDI clears the latch again. */
		wren(&f);
		simple(&f, 0x04);
		assert_int_equal(rdsr(&f) & 0x02, 0);
		fx_close(&f);
	}
}

static void test_commands_while_busy_are_ignored_reads_return_nothing(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		unlock(&f);
		uint8_t d[4] = {0x12, 0x34, 0x56, 0x78}, r[4];
		program(&f, 0x200, d, 4);
		wren(&f);
		erase_op(&f, p->erase[0].op3, 0);
		uint32_t before = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_BUSY);
		read_array(&f, 0x200, r, 4);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_BUSY, before);
		for (int i = 0; i < 4; i++)
			assert_int_equal(r[i], 0xFF);
		wren(&f); /* ignored too */
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_BUSY, before + 1);
		/* The status register still answers. */
		assert_true(rdsr(&f) & 0x01);
		wait_ready(&f);
		read_array(&f, 0x200, r, 4);
		for (int i = 0; i < 4; i++)
			assert_int_equal(r[i], 0xFF);
		fx_close(&f);
	}
}

static void test_wrong_protocol_is_ignored_and_recorded(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		uint32_t before = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_PROTOCOL);
		/* An octal read ID sent to a part in SPI mode. */
		f.proto = EXTMEM_SIM_NOR_8S8S8S;
		uint8_t id[3];
		read_id(&f, id, 3);
		f.proto = EXTMEM_SIM_NOR_1S1S1S;
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_PROTOCOL, before);
		assert_int_equal(id[0], 0xFF);
		/* A soft reset in the wrong protocol is ignored quietly (hosts reset in every protocol). */
		f.proto = EXTMEM_SIM_NOR_8D8D8D;
		simple(&f, 0x66);
		simple(&f, 0x99);
		f.proto = EXTMEM_SIM_NOR_1S1S1S;
		assert_int_equal(f.nor->base.violations, 1);
		fx_close(&f);
	}
}

static void test_wrong_dummy_count_shifts_the_data_and_is_recorded(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		unlock(&f);
		uint8_t d[8] = {1, 2, 3, 4, 5, 6, 7, 8}, r[4];
		program(&f, 0x400, d, 8);
		/* 1S fast read with 8 clocks too many: one byte skipped. */
		struct extmem_xspi_op op = op_cmd(f.proto, 0x0B);
		op_addr(&op, 3, 0x400, 1);
		op.dummy_cycles = (uint8_t)(p->lat_fast_1s + 8);
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 1);
		uint32_t before = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_DUMMY);
		assert_int_equal(run(&f, &op), EXTMEM_OK);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_DUMMY, before);
		assert_memory_equal(r, d + 1, 4);
		/* 8 clocks too few: the first byte is the idle bus. */
		op.dummy_cycles = (uint8_t)(p->lat_fast_1s - 8);
		assert_int_equal(run(&f, &op), EXTMEM_OK);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_DUMMY, before + 1);
		assert_int_equal(r[0], 0xFF);
		assert_memory_equal(r + 1, d, 3);
		fx_close(&f);
	}
}

static void test_wrong_address_width_is_recorded(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		uint8_t r[4];
		struct extmem_xspi_op op = op_cmd(f.proto, 0x0B);
		op_addr(&op, 4, 0, 1); /* the part is in 3-byte mode */
		op.dummy_cycles = p->lat_fast_1s;
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 1);
		uint32_t before = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH);
		assert_int_equal(run(&f, &op), EXTMEM_OK);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH, before);
		if (p->dedicated_4b) {
			/* 0Ch is 4-byte whatever the mode: 3 bytes is wrong. */
			op = op_cmd(f.proto, 0x0C);
			op_addr(&op, 3, 0, 1);
			op.dummy_cycles = p->lat_fast_1s;
			op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 1);
			assert_int_equal(run(&f, &op), EXTMEM_OK);
			expect_rule(&f, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH, before + 1);
		}
		fx_close(&f);
	}
}

static void test_suspend_is_rejected_and_recorded(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		unlock(&f);
		wren(&f);
		erase_op(&f, p->erase[0].op3, 0);
		uint32_t before = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_SUSPEND);
		simple(&f, p->family == EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL ? 0xB0 : 0x75);
		/* While busy the suspend is also a busy violation on parts that ignore it; either way it is rejected.
		 */
		assert_true(extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_SUSPEND) +
				    extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_BUSY) >
			    before);
		assert_true(extmem_sim_nor_busy(f.nor));
		wait_ready(&f);
		simple(&f, 0x7A);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_SUSPEND,
			    extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_SUSPEND) - 1);
		fx_close(&f);
	}
}

static void test_clock_above_the_parts_max_is_recorded(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		/* 03h at 200 MHz is beyond every part's slow-read limit. */
		set_hz(&f, 200000000u);
		uint8_t r[4];
		struct extmem_xspi_op op = op_cmd(f.proto, 0x03);
		op_addr(&op, 3, 0, 1);
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 1);
		uint32_t before = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_FREQ);
		assert_int_equal(run(&f, &op), EXTMEM_OK);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_FREQ, before);
		assert_int_not_equal(r[0], 0xFF); /* garbage, not the erased array */
		fx_close(&f);
	}
}

static void test_unknown_opcode_and_bad_direction_are_recorded(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		uint32_t u = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_UNKNOWN);
		simple(&f, 0xA7);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_UNKNOWN, u);
		/* 9Fh without a data phase. */
		uint32_t s = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_SHAPE);
		simple(&f, 0x9F);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_SHAPE, s);
		/* 99h without 66h just before (the S25FL-S has neither: it resets with F0h). */
		if (p->family != EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD) {
			simple(&f, 0x99);
			expect_rule(&f, EXTMEM_SIM_NOR_RULE_SHAPE, s + 1);
		}
		fx_close(&f);
	}
}

/* ---- mode switches ---- */

static bool is_mx(const struct extmem_sim_nor_part *p)
{
	return p->octal == EXTMEM_SIM_NOR_OCTAL_MX_CR2;
}

static void mx_write_cr2(struct fx *f, uint32_t addr, uint8_t v)
{
	wren(f);
	uint8_t d[2] = {v, v};
	struct extmem_xspi_op op = op_cmd(f->proto, 0x72);
	op_addr(&op, 4, addr, proto_lines[f->proto]);
	op_data(&op, EXTMEM_XSPI_DATA_OUT, d, f->proto == EXTMEM_SIM_NOR_8D8D8D ? 2 : 1, proto_lines[f->proto]);
	assert_int_equal(run(f, &op), EXTMEM_OK);
}

static void mx_enter(struct fx *f, enum extmem_sim_nor_proto to)
{
	mx_write_cr2(f, 0, to == EXTMEM_SIM_NOR_8D8D8D ? MX_DOPI : MX_SOPI);
	f->proto = to;
	assert_int_equal(extmem_sim_nor_proto(f->nor), to);
}

/* ID, status, SFDP, program/read and erase in the current protocol. */
static void exercise_mode(struct fx *f)
{
	expect_id(f);
	assert_int_equal(rdsr(f) & 0x03, 0);
	uint8_t d[32], r[32];
	for (int i = 0; i < 32; i++)
		d[i] = (uint8_t)(0xA0 + i);
	uint32_t at = 0x8000u + 0x100u * (uint32_t)f->proto;
	program(f, at, d, sizeof(d));
	read_array(f, at, r, sizeof(r));
	assert_memory_equal(r, d, sizeof(d));
	erase(f, at);
	read_array(f, at, r, sizeof(r));
	for (int i = 0; i < 32; i++)
		assert_int_equal(r[i], 0xFF);
}

static void test_mx_every_mode_and_back(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		if (!is_mx(p))
			continue;
		struct fx f;
		fx_open(&f, p);
		exercise_mode(&f);
		for (enum extmem_sim_nor_proto to = EXTMEM_SIM_NOR_8S8S8S; to <= EXTMEM_SIM_NOR_8D8D8D; to++) {
			/* Enter, work, leave by soft reset in that protocol. */
			mx_enter(&f, to);
			set_hz(&f, to == EXTMEM_SIM_NOR_8D8D8D ? p->max_hz_dtr : p->max_hz_str);
			exercise_mode(&f);
			soft_reset(&f);
			set_hz(&f, 50000000u);
			assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_1S1S1S);
			expect_id(&f);
			/* Enter again, leave by writing CR2 back to SPI. */
			mx_enter(&f, to);
			mx_write_cr2(&f, 0, 0);
			f.proto = EXTMEM_SIM_NOR_1S1S1S;
			assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_1S1S1S);
			expect_id(&f);
		}
		expect_clean(&f);
		fx_close(&f);
	}
}

static void test_mx_octal_strictness(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		if (!is_mx(p))
			continue;
		struct fx f;
		fx_open(&f, p);
		mx_enter(&f, EXTMEM_SIM_NOR_8D8D8D);
		struct extmem_sim_nor *n = f.nor;

		/* Same-byte extension where the part wants the inverted one. */
		uint32_t v = extmem_sim_nor_violations(n, EXTMEM_SIM_NOR_RULE_OPCODE_EXT);
		struct extmem_xspi_op op = op_cmd(f.proto, 0x06);
		op.cmd.opcode = 0x0606;
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_OPCODE_EXT, v);
		assert_int_equal(rdsr(&f) & 0x02, 0);
		/* One-byte opcode in 8D. */
		op.cmd.nbytes = 1;
		op.cmd.opcode = 0x06;
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_OPCODE_EXT, v + 1);

		/* 8D program with an odd length. */
		uint8_t d[3] = {0, 0, 0};
		wren(&f);
		op = op_cmd(f.proto, 0x12);
		op_addr(&op, 4, 0x1000, 8);
		op_data(&op, EXTMEM_XSPI_DATA_OUT, d, 3, 8);
		v = extmem_sim_nor_violations(n, EXTMEM_SIM_NOR_RULE_DTR_ODD);
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_DTR_ODD, v);
		assert_false(extmem_sim_nor_busy(n));

		/* 8D read without DQS: garbage. */
		uint8_t r[4];
		op = op_cmd(f.proto, 0xEE);
		op_addr(&op, 4, 0x1000, 8);
		op.dummy_cycles = p->dummy_steps[0].cycles;
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 8);
		op.dqs = false;
		v = extmem_sim_nor_violations(n, EXTMEM_SIM_NOR_RULE_DQS);
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_DQS, v);
		assert_int_not_equal(r[0], 0xFF);

		/* Fewer dummy cycles configured (CR2 0x300 = 6 cycles) then read at a clock too fast for them. */
		mx_write_cr2(&f, 0x300, 7);
		set_hz(&f, p->max_hz_dtr);
		op.dqs = true;
		op.dummy_cycles = p->dummy_steps[7].cycles;
		v = extmem_sim_nor_violations(n, EXTMEM_SIM_NOR_RULE_FREQ);
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_FREQ, v);
		/* At a clock the setting supports, a read with the old 20 cycles is shifted. */
		set_hz(&f, p->dummy_steps[7].max_hz);
		op.dummy_cycles = 20;
		v = extmem_sim_nor_violations(n, EXTMEM_SIM_NOR_RULE_DUMMY);
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_DUMMY, v);
		op.dummy_cycles = p->dummy_steps[7].cycles;
		uint32_t all = n->base.violations;
		run(&f, &op);
		assert_int_equal(n->base.violations, all);
		assert_int_equal(r[0], 0xFF);

		/* 3-byte address in OPI. */
		op_addr(&op, 3, 0x1000, 8);
		v = extmem_sim_nor_violations(n, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH);
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH, v);

		/* The STR read opcode in DTR mode does not exist. */
		op = op_cmd(f.proto, 0xEC);
		op_addr(&op, 4, 0, 8);
		op.dummy_cycles = p->dummy_steps[7].cycles;
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 8);
		v = extmem_sim_nor_violations(n, EXTMEM_SIM_NOR_RULE_UNKNOWN);
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_UNKNOWN, v);

		/* Soft reset restores the default 20 dummy cycles. */
		soft_reset(&f);
		assert_int_equal(n->cr2_300, p->dummy_default_code);
		fx_close(&f);
	}
}

static void test_mx_sfdp_and_cr2_read_back_in_octal(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		if (!is_mx(p))
			continue;
		struct fx f;
		fx_open(&f, p);
		for (enum extmem_sim_nor_proto to = EXTMEM_SIM_NOR_8S8S8S; to <= EXTMEM_SIM_NOR_8D8D8D; to++) {
			mx_enter(&f, to);
			mx_write_cr2(&f, 0x300, 2); /* 16 dummy cycles */
			uint8_t b[8];
			struct extmem_xspi_op op = op_cmd(f.proto, 0x71);
			op_addr(&op, 4, 0x300, 8);
			op.dummy_cycles = to == EXTMEM_SIM_NOR_8D8D8D ? p->lat_reg_8d : p->lat_reg_8s;
			op_data(&op, EXTMEM_XSPI_DATA_IN, b, 2, 8);
			assert_int_equal(run(&f, &op), EXTMEM_OK);
			assert_int_equal(b[0], 2);
			op.addr.value = 0;
			assert_int_equal(run(&f, &op), EXTMEM_OK);
			assert_int_equal(b[0], to == EXTMEM_SIM_NOR_8D8D8D ? MX_DOPI : MX_SOPI);
			/* SFDP in OPI: 5AA5h, 4-byte address, 20 dummy cycles. */
			op = op_cmd(f.proto, 0x5A);
			op_addr(&op, 4, 0, 8);
			op.dummy_cycles = p->lat_sfdp_oct;
			op_data(&op, EXTMEM_XSPI_DATA_IN, b, 8, 8);
			assert_int_equal(run(&f, &op), EXTMEM_OK);
			if (f.nor->sfdp != NULL)
				assert_memory_equal(b, "SFDP", 4);
			/* A read with the new latency works. */
			uint8_t r[4];
			read_array(&f, 0, r, 4);
			assert_int_equal(r[0], 0xFF);
			soft_reset(&f);
		}
		expect_clean(&f);
		fx_close(&f);
	}
}

static void test_4byte_mode_entry_and_exit_per_part(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		if (p->addr4 == EXTMEM_SIM_NOR_ADDR_3ONLY)
			continue;
		struct fx f;
		fx_open(&f, p);
		if (p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_E9_WEL)
			wren(&f);
		simple(&f, 0xB7);
		f.addr4 = true;
		uint8_t d[2] = {0x11, 0x22}, r[2];
		program(&f, p->size - 2, d, 2);
		read_array(&f, p->size - 2, r, 2);
		assert_memory_equal(r, d, 2);
		if (p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_E9_WEL)
			wren(&f);
		simple(&f, p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_29 ? 0x29 : 0xE9);
		f.addr4 = false;
		expect_clean(&f);
		/* Back in 3-byte mode a 4-byte fast read is an address-width violation. */
		uint32_t v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH);
		f.addr4 = true;
		read_array(&f, 0, r, 2);
		f.addr4 = false;
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH, v);
		fx_close(&f);
	}
}

static void test_configured_dummy_cycles_micron_vcr_and_issi_params(void **state)
{
	(void)state;
	/* Micron VCR bits 7:4 and ISSI read-parameter bits 6:3 set the fast-read latency. */
	static const struct {
		const struct extmem_sim_nor_part *p;
		uint8_t op, value;
		bool wel;
	} cases[] = {
		{&extmem_sim_part_mt25ql256, 0x81, 0x6B, true},
		{&extmem_sim_part_is25wp256, 0xC0, 6u << 3, false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;
		fx_open(&f, cases[i].p);
		uint8_t d[4] = {1, 2, 3, 4}, r[4];
		program(&f, 0x40, d, 4);
		if (cases[i].wel)
			wren(&f);
		uint8_t v = cases[i].value;
		struct extmem_xspi_op op = op_cmd(f.proto, cases[i].op);
		op_data(&op, EXTMEM_XSPI_DATA_OUT, &v, 1, 1);
		run(&f, &op);
		op = op_cmd(f.proto, 0x0B);
		op_addr(&op, 3, 0x40, 1);
		op.dummy_cycles = 6;
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 1);
		run(&f, &op);
		assert_memory_equal(r, d, 4);
		expect_clean(&f);
		/* The default 8 is now wrong. */
		op.dummy_cycles = 8;
		uint32_t before = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_DUMMY);
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_DUMMY, before);
		/* Soft reset restores the default. */
		soft_reset(&f);
		op.dummy_cycles = 8;
		run(&f, &op);
		assert_memory_equal(r, d, 4);
		fx_close(&f);
	}
}

/* Power lost after each op of erase + program: the block is old, half-erased, erased, half- or fully programmed. */
static void test_power_cut_at_every_op_index(void **state)
{
	(void)state;
	const struct extmem_sim_nor_part *p = &extmem_sim_part_w25q128jv;
	for (uint32_t cut = 1; cut <= 8; cut++) {
		struct fx f;
		fx_open(&f, p);
		memset(f.nor->array, 0xA5, 4096);
		f.nor->faults.cut_after_op = cut;
		uint8_t d[16];
		memset(d, 0x00, sizeof(d));
		wren(&f);
		erase_op(&f, 0x20, 0);
		f.clk.now_ps = extmem_sim_nor_busy_until(f.nor);
		rdsr(&f);
		wren(&f);
		struct extmem_xspi_op op = op_cmd(f.proto, 0x02);
		op_addr(&op, 3, 0, 1);
		op_data(&op, EXTMEM_XSPI_DATA_OUT, d, 16, 1);
		run(&f, &op);
		f.clk.now_ps = extmem_sim_nor_busy_until(f.nor);
		rdsr(&f);
		rdsr(&f);
		extmem_sim_nor_power_cycle(f.nor);
		const uint8_t *a = f.nor->array;
		uint8_t b0 = a[0], b8 = a[8], mid = a[2048], top = a[4095];
		switch (cut) {
		case 1: /* WREN only */ assert_true(b0 == 0xA5 && top == 0xA5); break;
		case 2: /* erase started, cut at once: first half erased */
			assert_true(b0 == 0xFF && mid == 0xA5 && top == 0xA5);
			break;
		case 3: /* erase done (status read), then WREN */
		case 4: assert_true(b0 == 0xFF && top == 0xFF); break;
		case 5: /* program started, cut at once: first half programmed */
			assert_true(b0 == 0x00 && b8 == 0xFF);
			break;
		default: assert_true(b0 == 0x00 && b8 == 0x00 && top == 0xFF); break;
		}
		fx_close(&f);
	}
}

static void test_octal_extension_follows_the_part(void **state)
{
	(void)state;
	/* A part whose 8D extension repeats the opcode: the inverted form is then the wrong one. */
	struct extmem_sim_nor_part same = extmem_sim_part_mx25uw25645g;
	same.octal_ext_same = true;
	struct fx f;
	fx_open(&f, &same);
	mx_enter(&f, EXTMEM_SIM_NOR_8D8D8D);
	struct extmem_xspi_op op = op_cmd(f.proto, 0x06); /* 06F9h */
	uint32_t v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_OPCODE_EXT);
	run(&f, &op);
	expect_rule(&f, EXTMEM_SIM_NOR_RULE_OPCODE_EXT, v);
	op.cmd.opcode = 0x0606;
	run(&f, &op);
	assert_true(f.nor->wel);
	fx_close(&f);
}

static void test_memory_mapped_reads_use_the_template(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, &extmem_sim_part_mx66uw1g45g);
	mx_enter(&f, EXTMEM_SIM_NOR_8D8D8D);
	set_hz(&f, 200000000u);
	uint8_t d[8] = {1, 2, 3, 4, 5, 6, 7, 8}, r[8];
	program(&f, 0x4000, d, 8);
	struct extmem_xspi_op tmpl = op_cmd(f.proto, 0xEE);
	op_addr(&tmpl, 4, 0, 8);
	tmpl.dummy_cycles = 20;
	op_data(&tmpl, EXTMEM_XSPI_DATA_IN, r, 1, 8);
	assert_int_equal(extmem_host_xspi_ops.map_enable(&f.port, &tmpl, NULL), EXTMEM_OK);
	assert_int_equal(extmem_host_xspi_map_read(&f.port, 0x4000, r, 8), EXTMEM_OK);
	assert_memory_equal(r, d, 8);
	expect_clean(&f);
	/* A template with the wrong latency shows shifted bytes, as the XSPI window would. */
	extmem_host_xspi_ops.map_disable(&f.port);
	tmpl.dummy_cycles = 19;
	extmem_host_xspi_ops.map_enable(&f.port, &tmpl, NULL);
	extmem_host_xspi_map_read(&f.port, 0x4000, r, 8);
	assert_int_equal(r[0], 0xFF);
	assert_int_equal(r[1], 0xFF);
	assert_memory_equal(r + 2, d, 6);
	expect_rule(&f, EXTMEM_SIM_NOR_RULE_DUMMY, 0);
	extmem_host_xspi_ops.map_disable(&f.port);
	fx_close(&f);
}

static void test_mx_4byte_mode_by_b7_and_e9(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		if (!is_mx(p))
			continue;
		struct fx f;
		fx_open(&f, p);
		simple(&f, 0xB7);
		f.addr4 = true;
		uint8_t d[2] = {0x11, 0x22}, r[2];
		program(&f, p->size - 2, d, 2);
		read_array(&f, p->size - 2, r, 2);
		assert_memory_equal(r, d, 2);
		simple(&f, 0xE9);
		f.addr4 = false;
		read_array(&f, 0, r, 2);
		expect_clean(&f);
		fx_close(&f);
	}
}

static void test_quad_parts_qpi_entry_and_back_by_soft_reset(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		if (p->qpi == EXTMEM_SIM_NOR_QPI_NONE)
			continue;
		struct fx f;
		fx_open(&f, p);
		unlock(&f);
		simple(&f, p->qpi == EXTMEM_SIM_NOR_QPI_38_FF ? 0x38 : 0x35);
		f.proto = EXTMEM_SIM_NOR_4S4S4S;
		assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_4S4S4S);
		exercise_mode(&f);
		/* A 1S command to the part in QPI is not seen. */
		f.proto = EXTMEM_SIM_NOR_1S1S1S;
		uint32_t v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_PROTOCOL);
		uint8_t id[3];
		read_id(&f, id, 3);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_PROTOCOL, v);
		assert_int_equal(id[0], 0xFF);
		extmem_sim_nor_clear_violations(f.nor);
		f.proto = EXTMEM_SIM_NOR_4S4S4S;
		soft_reset(&f);
		assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_1S1S1S);
		expect_id(&f);
		/* And by the exit opcode. */
		simple(&f, p->qpi == EXTMEM_SIM_NOR_QPI_38_FF ? 0x38 : 0x35);
		f.proto = EXTMEM_SIM_NOR_4S4S4S;
		simple(&f, p->qpi == EXTMEM_SIM_NOR_QPI_38_FF ? 0xFF : 0xF5);
		f.proto = EXTMEM_SIM_NOR_1S1S1S;
		expect_id(&f);
		expect_clean(&f);
		fx_close(&f);
	}
}

static void test_micron_evcr_enters_quad_and_b7_needs_wel(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, &extmem_sim_part_mt25ql256);
	uint32_t v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_NO_WEL);
	simple(&f, 0xB7);
	expect_rule(&f, EXTMEM_SIM_NOR_RULE_NO_WEL, v);
	assert_false(f.nor->addr4);
	wren(&f);
	simple(&f, 0xB7);
	assert_true(f.nor->addr4);
	/* FSR bit 0 reports the address mode; bit 7 ready. */
	uint8_t fsr;
	struct extmem_xspi_op op = op_cmd(f.proto, 0x70);
	op_data(&op, EXTMEM_XSPI_DATA_IN, &fsr, 1, 1);
	run(&f, &op);
	assert_int_equal(fsr, 0x81);
	wren(&f);
	uint8_t evcr = 0x7F;
	op = op_cmd(f.proto, 0x61);
	op_data(&op, EXTMEM_XSPI_DATA_OUT, &evcr, 1, 1);
	run(&f, &op);
	assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_4S4S4S);
	f.proto = EXTMEM_SIM_NOR_4S4S4S;
	expect_id(&f);
	soft_reset(&f);
	assert_false(f.nor->addr4);
	expect_id(&f);
	fx_close(&f);
}

static void test_quad_commands_need_qe(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		if (p->qe == EXTMEM_SIM_NOR_QE_NONE || p->qe == EXTMEM_SIM_NOR_QE_ALWAYS)
			continue;
		struct fx f;
		fx_open(&f, p);
		unlock(&f);
		uint8_t d[4] = {9, 8, 7, 6}, r[4];
		program(&f, 0x600, d, 4);
		struct extmem_xspi_op op = op_cmd(f.proto, 0x6B);
		op_addr(&op, 3, 0x600, 1);
		op.dummy_cycles = p->lat_114;
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 4);
		uint32_t v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_QE);
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_QE, v);
		/* Set QE the part's way. */
		wren(&f);
		struct extmem_xspi_op w;
		uint8_t two[2] = {0, 0};
		switch (p->qe) {
		case EXTMEM_SIM_NOR_QE_SR2_BIT1:
			two[0] = 0x02;
			w = op_cmd(f.proto, 0x31);
			op_data(&w, EXTMEM_XSPI_DATA_OUT, two, 1, 1);
			break;
		case EXTMEM_SIM_NOR_QE_SR1_BIT6:
			two[0] = 0x40;
			w = op_cmd(f.proto, 0x01);
			op_data(&w, EXTMEM_XSPI_DATA_OUT, two, 1, 1);
			break;
		default:
			two[1] = 0x02;
			w = op_cmd(f.proto, 0x01);
			op_data(&w, EXTMEM_XSPI_DATA_OUT, two, 2, 1);
			break;
		}
		run(&f, &w);
		wait_ready(&f);
		run(&f, &op);
		assert_memory_equal(r, d, 4);
		/* 1-4-4 with mode bits + dummy as the latency. */
		op = op_cmd(f.proto, 0xEB);
		op_addr(&op, 3, 0x600, 4);
		op.alt.nbytes = 1;
		op.alt.bus.lines = 4;
		op.dummy_cycles = (uint8_t)(p->lat_144 - 2);
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 4);
		memset(r, 0, 4);
		run(&f, &op);
		assert_memory_equal(r, d, 4);
		assert_int_equal(extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_QE), v + 1);
		fx_close(&f);
	}
}

static void test_continuous_read_mode_bits_need_ffh_before_anything_else(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		if (p->cont_mask == 0)
			continue;
		struct fx f;
		fx_open(&f, p);
		/* QE on, the part's way. */
		wren(&f);
		uint8_t two[2] = {0x40, 0x02}, cr1[2] = {0x00, 0x02};
		struct extmem_xspi_op w = op_cmd(f.proto, p->qe == EXTMEM_SIM_NOR_QE_SR2_BIT1 ? 0x31 : 0x01);
		if (p->qe == EXTMEM_SIM_NOR_QE_CR1_BIT1) /* WRR: SR1 then CR1 with QUAD */
			op_data(&w, EXTMEM_XSPI_DATA_OUT, cr1, 2, 1);
		else
			op_data(&w, EXTMEM_XSPI_DATA_OUT, p->qe == EXTMEM_SIM_NOR_QE_SR2_BIT1 ? two + 1 : two, 1, 1);
		run(&f, &w);
		wait_ready(&f);
		uint8_t r[4];
		struct extmem_xspi_op op = op_cmd(f.proto, 0xEB);
		op_addr(&op, 3, 0, 4);
		op.alt.nbytes = 1;
		op.alt.bus.lines = 4;
		op.alt.value = p->cont_match;
		op.dummy_cycles = (uint8_t)(p->lat_144 - 2);
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 4);
		run(&f, &op);
		expect_clean(&f);
		assert_true(f.nor->cont_read);
		/* A soft reset now is taken as an address: the part stays in continuous read. */
		uint32_t v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_CONT_READ);
		simple(&f, 0x66);
		simple(&f, 0x99);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_CONT_READ, v + 1);
		assert_true(f.nor->cont_read);
		/* FFh (mode-bit reset) first, then the part answers again. */
		simple(&f, 0xFF);
		assert_false(f.nor->cont_read);
		extmem_sim_nor_clear_violations(f.nor);
		expect_id(&f);
		expect_clean(&f);
		fx_close(&f);
	}
}

static void test_dual_reads_1_1_2_and_1_2_2(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		if (p->lat_112 == 0)
			continue;
		struct fx f;
		fx_open(&f, p);
		unlock(&f);
		uint8_t d[4] = {0x5A, 0xA5, 0x0F, 0xF0}, r[4];
		program(&f, 0x800, d, 4);
		struct extmem_xspi_op op = op_cmd(f.proto, 0x3B);
		op_addr(&op, 3, 0x800, 1);
		op.dummy_cycles = p->lat_112;
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 2);
		run(&f, &op);
		assert_memory_equal(r, d, 4);
		/* 1-2-2: the mode byte (4 clocks on two lines) counts in the latency. */
		op = op_cmd(f.proto, 0xBB);
		op_addr(&op, 3, 0x800, 2);
		op.alt.nbytes = 1;
		op.alt.bus.lines = 2;
		op.dummy_cycles = (uint8_t)(p->lat_122 - 4);
		op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 2);
		memset(r, 0, 4);
		run(&f, &op);
		assert_memory_equal(r, d, 4);
		expect_clean(&f);
		/* Address on one line where the part takes two. */
		op.addr.bus.lines = 1;
		uint32_t v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_SHAPE);
		run(&f, &op);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_SHAPE, v);
		fx_close(&f);
	}
}

static void test_range_dqs_and_dtr_address_rules(void **state)
{
	(void)state;
	/* 3-byte addresses wrap at 16 MiB; programs beyond a 4-byte part's array are ignored. */
	struct fx f;
	fx_open(&f, &extmem_sim_part_w25q128jv);
	uint8_t r[4];
	uint32_t v;
	f.nor->array[0] = 0x42;
	struct extmem_xspi_op op = op_cmd(f.proto, 0x0B);
	op_addr(&op, 3, 0x1000000, 1); /* masked to 24 bits: 0 */
	op.dummy_cycles = 8;
	op_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 1);
	run(&f, &op);
	assert_int_equal(r[0], 0x42);
	/* A quad part drives no data strobe: a host waiting for one gets nothing. */
	op.addr.value = 0;
	op.dqs = true;
	v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_DQS);
	run(&f, &op);
	expect_rule(&f, EXTMEM_SIM_NOR_RULE_DQS, v);
	assert_int_equal(r[0], 0xFF);
	fx_close(&f);

	/* 4-byte part: a program past the end is ignored. */
	fx_open(&f, &extmem_sim_part_mx25uw25645g);
	uint8_t d[2] = {0, 0};
	wren(&f);
	op = op_cmd(f.proto, 0x12);
	op_addr(&op, 4, f.p->size, 1);
	op_data(&op, EXTMEM_XSPI_DATA_OUT, d, 2, 1);
	v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_RANGE);
	run(&f, &op);
	expect_rule(&f, EXTMEM_SIM_NOR_RULE_RANGE, v);
	assert_false(extmem_sim_nor_busy(f.nor));
	/* 8D: a read at an odd address starts at the even one below. */
	uint8_t w[4] = {0x10, 0x11, 0x12, 0x13};
	mx_enter(&f, EXTMEM_SIM_NOR_8D8D8D);
	program(&f, 0x100, w, 4);
	v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_DTR_ODD);
	read_array(&f, 0x101, r, 2);
	expect_rule(&f, EXTMEM_SIM_NOR_RULE_DTR_ODD, v);
	assert_int_equal(r[0], 0x10);
	fx_close(&f);

	/* 8D above the 3 V part's 133 MHz: garbage. */
	fx_open(&f, &extmem_sim_part_mx25lm51245g);
	mx_enter(&f, EXTMEM_SIM_NOR_8D8D8D);
	set_hz(&f, 200000000u);
	v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_FREQ);
	read_array(&f, 0, r, 4);
	expect_rule(&f, EXTMEM_SIM_NOR_RULE_FREQ, v);
	assert_int_not_equal(r[0], 0xFF);
	fx_close(&f);
}

/* ---- write protection and sector maps ---- */

static void test_sst26_powers_up_locked_until_ulbpr(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, &extmem_sim_part_sst26vf064b);
	uint8_t d[2] = {0, 0}, r[2];
	wren(&f);
	struct extmem_xspi_op op = op_cmd(f.proto, 0x02);
	op_addr(&op, 3, 0x100000, 1);
	op_data(&op, EXTMEM_XSPI_DATA_OUT, d, 2, 1);
	uint32_t v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_PROTECTED);
	run(&f, &op);
	expect_rule(&f, EXTMEM_SIM_NOR_RULE_PROTECTED, v);
	read_array(&f, 0x100000, r, 2);
	assert_int_equal(r[0], 0xFF);
	unlock(&f);
	program(&f, 0x100000, d, 2);
	read_array(&f, 0x100000, r, 2);
	assert_int_equal(r[0], 0x00);
	fx_close(&f);
}

static void test_sst26_d8_erases_8k_32k_64k_by_address(void **state)
{
	(void)state;
	static const struct {
		uint32_t addr, start, len;
	} cases[] = {
		{0x1234, 0x0000, 0x2000},     {0x9000, 0x8000, 0x8000},     {0x23456, 0x20000, 0x10000},
		{0x7F1000, 0x7F0000, 0x8000}, {0x7FE000, 0x7FE000, 0x2000},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;
		fx_open(&f, &extmem_sim_part_sst26vf064b);
		memset(f.nor->array, 0, f.p->size);
		unlock(&f);
		wren(&f);
		erase_op(&f, 0xD8, cases[i].addr);
		wait_ready(&f);
		const uint8_t *a = f.nor->array;
		assert_int_equal(cases[i].start == 0 ? 0xFF : a[cases[i].start - 1], cases[i].start == 0 ? 0xFF : 0x00);
		assert_int_equal(a[cases[i].start], 0xFF);
		assert_int_equal(a[cases[i].start + cases[i].len - 1], 0xFF);
		if (cases[i].start + cases[i].len < f.p->size)
			assert_int_equal(a[cases[i].start + cases[i].len], 0x00);
		expect_clean(&f);
		fx_close(&f);
	}
}

static void test_bp_bits_protect_the_top_of_the_array(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		if (p->bp_unit == 0)
			continue;
		struct fx f;
		fx_open(&f, p);
		wren(&f);
		uint8_t sr = 0x04; /* BP0 */
		struct extmem_xspi_op op = op_cmd(f.proto, 0x01);
		op_data(&op, EXTMEM_XSPI_DATA_OUT, &sr, 1, 1);
		run(&f, &op);
		wait_ready(&f);
		uint32_t top = p->size > 0x1000000u ? 0xFFF000u : p->size - 0x1000u;
		if (p->size > 0x1000000u) {
			/* The top of a big part needs 4-byte addressing. */
			if (p->addr4 == EXTMEM_SIM_NOR_ADDR_B7_E9_WEL)
				wren(&f);
			simple(&f, 0xB7);
			f.addr4 = true;
			top = p->size - 0x1000u;
		}
		uint32_t v = extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_PROTECTED);
		wren(&f);
		erase_op(&f, p->erase[0].op3, top);
		expect_rule(&f, EXTMEM_SIM_NOR_RULE_PROTECTED, v);
		/* S25FL-S / SEMPER: the refused erase sets E_ERR, which holds WIP until CLSR (SEMPER: CLPEF 82h). */
		if (p->family == EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD ||
		    p->family == EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL) {
			assert_true(rdsr(&f) & 0x20);
			simple(&f, p->family == EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL ? 0x82 : 0x30);
		}
		assert_false(extmem_sim_nor_busy(f.nor));
		erase(&f, 0); /* the bottom is not protected */
		assert_int_equal(extmem_sim_nor_violations(f.nor, EXTMEM_SIM_NOR_RULE_PROTECTED), v + 1);
		fx_close(&f);
	}
}

/* ---- fault injection ---- */

static void test_power_cut_mid_program_and_mid_erase_leaves_half(void **state)
{
	(void)state;
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		unlock(&f);
		uint8_t d[16], r[16];
		memset(d, 0x00, sizeof(d));
		wren(&f);
		/* Cut right after the program command. */
		f.nor->faults.cut_after_op = f.nor->ops + 1;
		struct extmem_xspi_op op = op_cmd(f.proto, 0x02);
		op_addr(&op, 3, 0x5000, 1);
		op_data(&op, EXTMEM_XSPI_DATA_OUT, d, 16, 1);
		run(&f, &op);
		/* Dead until power comes back: reads see the idle bus. */
		uint8_t id[3];
		read_id(&f, id, 3);
		assert_int_equal(id[0], 0xFF);
		extmem_sim_nor_power_cycle(f.nor);
		f.nor->faults.cut_after_op = 0;
		unlock(&f);
		read_array(&f, 0x5000, r, 16);
		for (int i = 0; i < 16; i++)
			assert_int_equal(r[i], i < 8 ? 0x00 : 0xFF);
		/* Erase cut halfway through its typical time: first half erased. */
		program(&f, 0x5000 + p->erase[0].size - 16, d, 16);
		wren(&f);
		erase_op(&f, p->erase[0].op3, 0x5000);
		f.clk.now_ps += extmem_sim_nor_us_to_ps(p->erase[0].typ_us) / 2;
		extmem_sim_nor_power_cut(f.nor);
		extmem_sim_nor_power_cycle(f.nor);
		unlock(&f);
		read_array(&f, 0x5000, r, 16);
		for (int i = 0; i < 16; i++)
			assert_int_equal(r[i], 0xFF);
		read_array(&f, 0x5000 + p->erase[0].size - 16, r, 16);
		for (int i = 0; i < 16; i++)
			assert_int_equal(r[i], 0x00);
		fx_close(&f);
	}
}

static void test_forced_failures_set_the_parts_fail_flag(void **state)
{
	(void)state;
	static const struct {
		const struct extmem_sim_nor_part *p;
		uint8_t rd_op, prog_bit, erase_bit;
	} cases[] = {
		{&extmem_sim_part_mx66uw1g45g, 0x2B, 0x20, 0x40},
		{&extmem_sim_part_mt25ql256, 0x70, 0x10, 0x20},
		{&extmem_sim_part_is25wp256, 0x81, 0x04, 0x08},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;
		fx_open(&f, cases[i].p);
		f.nor->faults.fail_program = true;
		uint8_t d[2] = {0, 0}, r[2], flag;
		program(&f, 0x700, d, 2);
		read_array(&f, 0x700, r, 2);
		assert_int_equal(r[0], 0xFF); /* array unchanged */
		struct extmem_xspi_op op = op_cmd(f.proto, cases[i].rd_op);
		op_data(&op, EXTMEM_XSPI_DATA_IN, &flag, 1, 1);
		run(&f, &op);
		assert_true(flag & cases[i].prog_bit);
		f.nor->faults.fail_program = false;
		f.nor->faults.fail_erase = true;
		memset(f.nor->array, 0, 4096);
		erase(&f, 0);
		run(&f, &op);
		assert_true(flag & cases[i].erase_bit);
		assert_int_equal(f.nor->array[0], 0x00);
		expect_clean(&f);
		fx_close(&f);
	}
}

static void test_stuck_busy_never_clears(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, &extmem_sim_part_mx66uw1g45g);
	f.nor->faults.stuck_busy = true;
	uint8_t b[2];
	struct extmem_xspi_op op = rdsr_op(&f, b);
	struct extmem_xspi_poll poll = {.mask = 0x01, .match = 0, .timeout_us = 1000};
	assert_int_equal(extmem_host_xspi_ops.auto_poll(&f.port, &op, &poll, NULL), EXTMEM_ERR_TIMEOUT);
	f.nor->faults.stuck_busy = false;
	assert_false(rdsr(&f) & 1);
	fx_close(&f);
}

static void test_corrupt_sfdp_and_no_device(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, &extmem_sim_part_mx66uw1g45g);
	static const uint8_t img[16] = {'S', 'F', 'D', 'P', 6, 1, 0, 0xFF};
	extmem_sim_nor_set_sfdp(f.nor, img, sizeof(img));
	f.nor->faults.sfdp_flip = 1;
	uint8_t buf[4];
	struct extmem_xspi_op op = op_cmd(f.proto, 0x5A);
	op_addr(&op, 3, 0, 1);
	op.dummy_cycles = 8;
	op_data(&op, EXTMEM_XSPI_DATA_IN, buf, 4, 1);
	run(&f, &op);
	assert_int_equal(buf[0], 'S');
	assert_int_equal(buf[1], (uint8_t) ~'F');
	f.nor->faults.no_device = true;
	uint8_t id[3];
	read_id(&f, id, 3);
	assert_int_equal(id[0], 0xFF);
	assert_int_equal(id[2], 0xFF);
	expect_clean(&f);
	fx_close(&f);
}

/* ---- robustness ---- */

static uint32_t rnd(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

/* Random well-formed descriptors (ASan/UBSan watch): the model answers every one without touching memory it should not.
 */
static void test_random_ops_never_break_the_model(void **state)
{
	(void)state;
	static const uint8_t lines[] = {1, 2, 4, 8};
	static const uint8_t opcodes[] = {0x02, 0x03, 0x05, 0x06, 0x0B, 0x0C, 0x12, 0x13, 0x20, 0x21, 0x32, 0x35, 0x38,
					  0x3B, 0x52, 0x5A, 0x60, 0x66, 0x6B, 0x71, 0x72, 0x98, 0x99, 0x9F, 0xB7, 0xBB,
					  0xC7, 0xD8, 0xDC, 0xE9, 0xEB, 0xEC, 0xEE, 0xF5, 0xFF, 0x42, 0x01, 0x31, 0xC0};
	uint32_t st = 0x12345678u;
	uint8_t buf[600];
	FOR_EACH_PART(p)
	{
		struct fx f;
		fx_open(&f, p);
		f.nor->faults.cut_after_op = 3000;
		for (int i = 0; i < 6000; i++) {
			struct extmem_xspi_op op;
			memset(&op, 0, sizeof(op));
			uint32_t r = rnd(&st);
			op.cmd.bus.lines = lines[r % 4];
			op.cmd.bus.dtr = (r >> 2) & 1;
			op.cmd.nbytes = (uint8_t)(1 + ((r >> 3) & 1));
			uint8_t opc = opcodes[(r >> 4) % sizeof(opcodes)];
			op.cmd.opcode = op.cmd.nbytes == 2 ? (uint16_t)(opc << 8 | (uint8_t)(opc ^ 0xFFu)) : opc;
			r = rnd(&st);
			op.addr.nbytes = (uint8_t)(r % 5);
			if (op.addr.nbytes) {
				op.addr.bus.lines = lines[(r >> 3) % 4];
				op.addr.bus.dtr = op.cmd.bus.dtr;
				op.addr.value = rnd(&st) % (p->size + 0x1000u);
			}
			op.dummy_cycles = (uint8_t)((r >> 6) % 24);
			uint32_t dir = (r >> 11) % 3;
			if (dir != 0) {
				op.data.dir = dir == 1 ? EXTMEM_XSPI_DATA_IN : EXTMEM_XSPI_DATA_OUT;
				op.data.len = 1 + rnd(&st) % sizeof(buf);
				op.data.buf.in = buf;
				op.data.bus.lines = lines[(r >> 13) % 4];
				op.data.bus.dtr = op.cmd.bus.dtr;
				op.dqs = (r >> 16) & 1;
			}
			if ((r >> 20) % 64 == 0)
				f.clk.now_ps += extmem_sim_nor_us_to_ps(rnd(&st) % 500000u);
			if ((r >> 26) % 32 == 0)
				set_hz(&f, 10000000u + rnd(&st) % 200000000u);
			if (r & 0x80000000u) {
				/* Half the ops speak the part's current protocol, so they get past the first checks. */
				enum extmem_sim_nor_proto pr = f.nor->proto;
				struct extmem_xspi_op c = op_cmd(pr, opc);
				op.cmd = c.cmd;
				uint8_t l = proto_lines[pr];
				bool dtr = pr == EXTMEM_SIM_NOR_8D8D8D;
				if (op.addr.nbytes)
					op.addr.bus = (struct extmem_xspi_phase){l, dtr};
				if (op.data.dir != EXTMEM_XSPI_DATA_NONE)
					op.data.bus = (struct extmem_xspi_phase){l, dtr};
			}
			assert_int_equal(run(&f, &op), EXTMEM_OK);
			if (!f.nor->powered)
				extmem_sim_nor_power_cycle(f.nor);
		}
		fx_close(&f);
	}
}

/* ---- persistence ---- */

static void test_file_backing_survives_a_restart(void **state)
{
	(void)state;
	char path[] = "/tmp/extmem_sim_nor_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path); /* the first run starts from an erased part */
	const struct extmem_sim_nor_part *p = &extmem_sim_part_w25q128jv;
	struct extmem_sim_clock clk = {0};
	struct extmem_sim_nor *n = extmem_sim_nor_create(p, &clk, NULL, path);
	assert_non_null(n);
	struct fx f;
	memset(&f, 0, sizeof(f));
	f.p = p;
	f.nor = n;
	extmem_host_xspi_init(&f.port, &n->base, KERNEL_HZ);
	uint8_t d[4] = {0xDE, 0xAD, 0xBE, 0xEF}, r[4];
	program(&f, 0x123400, d, 4);
	extmem_sim_nor_destroy(n);

	n = extmem_sim_nor_create(p, &clk, NULL, path);
	assert_non_null(n);
	f.nor = n;
	extmem_host_xspi_init(&f.port, &n->base, KERNEL_HZ);
	read_array(&f, 0x123400, r, 4);
	assert_memory_equal(r, d, 4);
	extmem_sim_nor_destroy(n);

	/* A file of the wrong size is refused, not silently overwritten. */
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs("short", fp);
	fclose(fp);
	assert_null(extmem_sim_nor_create(p, &clk, NULL, path));
	unlink(path);
}

/* ---- parts made from SFDP images ---- */

static void check_sfdp_part(struct extmem_sim_nor_sfdp_part *sp, const uint8_t *img, size_t len)
{
	struct fx f;
	memset(&f, 0, sizeof(f));
	f.p = &sp->part;
	f.nor = extmem_sim_nor_create_sfdp(sp, &f.clk, NULL, NULL);
	assert_non_null(f.nor);
	extmem_host_xspi_init(&f.port, &f.nor->base, KERNEL_HZ);
	expect_id(&f);
	uint8_t buf[16];
	struct extmem_xspi_op op = op_cmd(f.proto, 0x5A);
	op_addr(&op, 3, 0, 1);
	op.dummy_cycles = 8;
	op_data(&op, EXTMEM_XSPI_DATA_IN, buf, sizeof(buf), 1);
	run(&f, &op);
	assert_memory_equal(buf, img, len < sizeof(buf) ? len : sizeof(buf));
	unlock(&f);
	/* The busy periods are the image's typicals. */
	if (sp->part.pp_typ_us != 0) {
		uint8_t d[8];
		memset(d, 0x3C, sizeof(d));
		wren(&f);
		op = op_cmd(f.proto, 0x02);
		op_addr(&op, 3, 0x1000, 1);
		op_data(&op, EXTMEM_XSPI_DATA_OUT, d, sizeof(d), 1);
		run(&f, &op);
		check_busy_window(&f, sp->part.pp_typ_us);
		uint8_t r[8];
		read_array(&f, 0x1000, r, sizeof(r));
		assert_memory_equal(r, d, sizeof(d));
	}
	if (sp->part.erase[0].typ_us != 0) {
		wren(&f);
		erase_op(&f, sp->part.erase[0].op3, 0x1000);
		check_busy_window(&f, sp->part.erase[0].typ_us);
	}
	exercise_mode(&f);
	if (sp->part.octal == EXTMEM_SIM_NOR_OCTAL_MX_CR2) {
		mx_enter(&f, EXTMEM_SIM_NOR_8D8D8D);
		exercise_mode(&f);
		soft_reset(&f);
		expect_id(&f);
	} else if (sp->part.qpi != EXTMEM_SIM_NOR_QPI_NONE && sp->part.qpi != EXTMEM_SIM_NOR_QPI_35_F5_EVCR) {
		simple(&f, sp->part.qpi == EXTMEM_SIM_NOR_QPI_38_FF ? 0x38 : 0x35);
		f.proto = EXTMEM_SIM_NOR_4S4S4S;
		exercise_mode(&f);
		soft_reset(&f);
		expect_id(&f);
	}
	expect_clean(&f);
	fx_close(&f);
}

static void test_sfdp_part_from_each_project_image(void **state)
{
	(void)state;
	size_t count;
	const struct extmem_sim_sfdp_image *imgs = extmem_sim_sfdp_images(&count);
	for (size_t i = 0; i < count; i++) {
		struct extmem_sim_nor_sfdp_part sp;
		int err = extmem_sim_nor_part_from_sfdp(imgs[i].bytes, imgs[i].len, imgs[i].jedec_id, &sp);
		if (err != EXTMEM_OK)
			fail_msg("%s: %s", imgs[i].part, extmem_status_name(err));
		print_message("[          ] %s -> %s: %u MiB, erase %u/%u/%u B, pp %u us, qpi %d, octal %d\n",
			      imgs[i].part, sp.name, sp.part.size >> 20, sp.part.erase[0].size, sp.part.erase[1].size,
			      sp.part.erase[2].size, sp.part.pp_typ_us, (int)sp.part.qpi, (int)sp.part.octal);
		check_sfdp_part(&sp, imgs[i].bytes, imgs[i].len);
		extmem_sim_nor_sfdp_part_free(&sp);
	}
}

static void test_sfdp_part_from_real_dumps(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		uint32_t id;
	} dumps[] = {
		{"mx66uw1g345g_lkml.bin", 0xC2843B}, {"sst26vf064b_linux_doc.bin", 0xBF2643},
		{"qemu_w25q256.bin", 0xEF4019},      {"qemu_n25q256a.bin", 0x20BA19},
		{"qemu_is25wp256.bin", 0x9D7019},    {"qemu_mx25l25635f.bin", 0xC22019},
	};
	unsigned ran = 0;
	for (size_t i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/sfdp-dumps/%s", EXTMEM_SHARED_DIR, dumps[i].file);
		FILE *fp = fopen(path, "rb");
		if (fp == NULL)
			continue;
		static uint8_t img[4096];
		size_t len = fread(img, 1, sizeof(img), fp);
		fclose(fp);
		struct extmem_sim_nor_sfdp_part sp;
		int err = extmem_sim_nor_part_from_sfdp(img, len, dumps[i].id, &sp);
		if (err != EXTMEM_OK)
			fail_msg("%s: %s", dumps[i].file, extmem_status_name(err));
		print_message("[          ] %s -> %s: %u MiB, erase %u/%u/%u B%s, pp %u us\n", dumps[i].file, sp.name,
			      sp.part.size >> 20, sp.part.erase[0].size, sp.part.erase[1].size, sp.part.erase[2].size,
			      sp.part.map ? " + map" : "", sp.part.pp_typ_us);
		check_sfdp_part(&sp, img, len);
		extmem_sim_nor_sfdp_part_free(&sp);
		ran++;
	}
	if (ran == 0)
		skip(); /* ../shared/sfdp-dumps is not part of the project */
}

static void test_sfdp_part_sst26_map_erases_by_address(void **state)
{
	(void)state;
	const struct extmem_sim_sfdp_image *img = extmem_sim_sfdp_image_find("SST26VF064B");
	if (img == NULL) {
		skip();
		return;
	}
	struct extmem_sim_nor_sfdp_part sp;
	assert_int_equal(extmem_sim_nor_part_from_sfdp(img->bytes, img->len, img->jedec_id, &sp), EXTMEM_OK);
	assert_non_null(sp.part.map);
	assert_int_equal(sp.part.map_op, 0xD8);
	uint32_t at = 0;
	for (unsigned i = 0; i < sp.part.map_count; i++) {
		assert_int_equal(sp.part.map[i].start, at);
		at += sp.part.map[i].len;
	}
	assert_int_equal(at, sp.part.size);
	assert_int_equal(sp.part.map[0].block, 8192);
	assert_int_equal(sp.part.map[1].block, 32768);
	assert_int_equal(sp.part.map[2].block, 65536);
	extmem_sim_nor_sfdp_part_free(&sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_id_1s_returns_the_jedec_id),
		cmocka_unit_test(test_sfdp_read_1s_serves_the_parts_image),
		cmocka_unit_test(test_program_only_clears_bits_and_wraps_in_the_page),
		cmocka_unit_test(test_program_erase_busy_lasts_the_datasheet_typical),
		cmocka_unit_test(test_program_and_erase_without_wel_are_ignored_and_recorded),
		cmocka_unit_test(test_commands_while_busy_are_ignored_reads_return_nothing),
		cmocka_unit_test(test_wrong_protocol_is_ignored_and_recorded),
		cmocka_unit_test(test_wrong_dummy_count_shifts_the_data_and_is_recorded),
		cmocka_unit_test(test_wrong_address_width_is_recorded),
		cmocka_unit_test(test_suspend_is_rejected_and_recorded),
		cmocka_unit_test(test_clock_above_the_parts_max_is_recorded),
		cmocka_unit_test(test_unknown_opcode_and_bad_direction_are_recorded),
		cmocka_unit_test(test_mx_every_mode_and_back),
		cmocka_unit_test(test_mx_octal_strictness),
		cmocka_unit_test(test_mx_4byte_mode_by_b7_and_e9),
		cmocka_unit_test(test_memory_mapped_reads_use_the_template),
		cmocka_unit_test(test_octal_extension_follows_the_part),
		cmocka_unit_test(test_mx_sfdp_and_cr2_read_back_in_octal),
		cmocka_unit_test(test_4byte_mode_entry_and_exit_per_part),
		cmocka_unit_test(test_configured_dummy_cycles_micron_vcr_and_issi_params),
		cmocka_unit_test(test_power_cut_at_every_op_index),
		cmocka_unit_test(test_quad_parts_qpi_entry_and_back_by_soft_reset),
		cmocka_unit_test(test_micron_evcr_enters_quad_and_b7_needs_wel),
		cmocka_unit_test(test_quad_commands_need_qe),
		cmocka_unit_test(test_dual_reads_1_1_2_and_1_2_2),
		cmocka_unit_test(test_continuous_read_mode_bits_need_ffh_before_anything_else),
		cmocka_unit_test(test_range_dqs_and_dtr_address_rules),
		cmocka_unit_test(test_sst26_powers_up_locked_until_ulbpr),
		cmocka_unit_test(test_sst26_d8_erases_8k_32k_64k_by_address),
		cmocka_unit_test(test_bp_bits_protect_the_top_of_the_array),
		cmocka_unit_test(test_power_cut_mid_program_and_mid_erase_leaves_half),
		cmocka_unit_test(test_forced_failures_set_the_parts_fail_flag),
		cmocka_unit_test(test_stuck_busy_never_clears),
		cmocka_unit_test(test_corrupt_sfdp_and_no_device),
		cmocka_unit_test(test_random_ops_never_break_the_model),
		cmocka_unit_test(test_file_backing_survives_a_restart),
		cmocka_unit_test(test_sfdp_part_from_each_project_image),
		cmocka_unit_test(test_sfdp_part_from_real_dumps),
		cmocka_unit_test(test_sfdp_part_sst26_map_erases_by_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
