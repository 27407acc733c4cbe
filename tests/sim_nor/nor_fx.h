/* SPDX-License-Identifier: MIT */
/*
 * A small fixture for the NOR model tests that drive raw descriptors: a
 * model on the host port, descriptor builders and violation checks. Every
 * descriptor here is written out from the datasheet's command table.
 */
#ifndef EXTMEM_TEST_NOR_FX_H
#define EXTMEM_TEST_NOR_FX_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "host_xspi.h"

#define FX_KERNEL_HZ 200000000u

struct nfx {
	struct extmem_sim_clock clk;
	struct extmem_sim_nor *nor;
	struct extmem_host_xspi port;
	const struct extmem_sim_nor_part *p;
};

static inline void nfx_open(struct nfx *f, const struct extmem_sim_nor_part *p)
{
	memset(f, 0, sizeof(*f));
	f->p = p;
	f->nor = extmem_sim_nor_create(p, &f->clk, NULL, NULL);
	assert_non_null(f->nor);
	extmem_host_xspi_init(&f->port, &f->nor->base, FX_KERNEL_HZ);
}

static inline void nfx_close(struct nfx *f)
{
	extmem_sim_nor_destroy(f->nor);
	f->nor = NULL;
}

static inline void nfx_hz(struct nfx *f, uint32_t hz)
{
	uint32_t got = 0;
	assert_int_equal(extmem_host_xspi_ops.set_clock(&f->port, hz, &got), EXTMEM_OK);
}

static inline int nfx_run(struct nfx *f, const struct extmem_xspi_op *op)
{
	return extmem_host_xspi_ops.execute(&f->port, op);
}

/* One phase-less op: command on `lines` (DTR when dtr), 2-byte command when ext >= 0. */
static inline struct extmem_xspi_op nfx_cmd(uint8_t lines, bool dtr, uint8_t opc, int ext)
{
	struct extmem_xspi_op op;
	memset(&op, 0, sizeof(op));
	op.cmd.bus.lines = lines;
	op.cmd.bus.dtr = dtr;
	if (ext >= 0) {
		op.cmd.nbytes = 2;
		op.cmd.opcode = (uint16_t)(opc << 8 | (uint8_t)ext);
	} else {
		op.cmd.nbytes = 1;
		op.cmd.opcode = opc;
	}
	return op;
}

static inline void nfx_addr(struct extmem_xspi_op *op, uint8_t nbytes, uint32_t value, uint8_t lines, bool dtr)
{
	op->addr.nbytes = nbytes;
	op->addr.value = value;
	op->addr.bus.lines = lines;
	op->addr.bus.dtr = dtr;
}

static inline void nfx_data(struct extmem_xspi_op *op, enum extmem_xspi_dir dir, void *buf, uint32_t len, uint8_t lines,
			    bool dtr)
{
	op->data.dir = dir;
	op->data.buf.in = buf;
	op->data.len = len;
	op->data.bus.lines = lines;
	op->data.bus.dtr = dtr;
}

/* 1S: a command alone. */
static inline void nfx_simple(struct nfx *f, uint8_t opc)
{
	struct extmem_xspi_op op = nfx_cmd(1, false, opc, -1);
	assert_int_equal(nfx_run(f, &op), EXTMEM_OK);
}

/* 1S: reads `len` bytes of a register read opcode. */
static inline void nfx_read_reg(struct nfx *f, uint8_t opc, uint8_t *buf, uint32_t len)
{
	struct extmem_xspi_op op = nfx_cmd(1, false, opc, -1);
	nfx_data(&op, EXTMEM_XSPI_DATA_IN, buf, len, 1, false);
	assert_int_equal(nfx_run(f, &op), EXTMEM_OK);
}

static inline uint8_t nfx_rdsr(struct nfx *f)
{
	uint8_t b = 0;
	nfx_read_reg(f, 0x05, &b, 1);
	return b;
}

/* 1S: opcode followed by `len` data bytes. */
static inline void nfx_write(struct nfx *f, uint8_t opc, const uint8_t *d, uint32_t len)
{
	struct extmem_xspi_op op = nfx_cmd(1, false, opc, -1);
	nfx_data(&op, EXTMEM_XSPI_DATA_OUT, (void *)(uintptr_t)d, len, 1, false);
	assert_int_equal(nfx_run(f, &op), EXTMEM_OK);
}

/* Lets the virtual clock run past the part's busy period (no op on the bus). */
static inline void nfx_wait_idle(struct nfx *f)
{
	uint64_t until = extmem_sim_nor_busy_until(f->nor);
	if (until > f->clk.now_ps)
		f->clk.now_ps = until;
}

static inline void nfx_clean(struct nfx *f)
{
	if (f->nor->base.violations != 0)
		fail_msg("%s: %u unexpected violation(s), last: %s", f->p->name, f->nor->base.violations,
			 f->nor->base.last_violation);
}

static inline void nfx_rule(struct nfx *f, enum extmem_sim_nor_rule rule, uint32_t want)
{
	uint32_t now = extmem_sim_nor_violations(f->nor, rule);
	if (now != want)
		fail_msg("%s: rule %s: %u violations, expected %u (last: %s)", f->p->name,
			 extmem_sim_nor_rule_name(rule), now, want, f->nor->base.last_violation);
}

#endif /* EXTMEM_TEST_NOR_FX_H */
