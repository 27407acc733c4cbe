/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "extmem_sim/nor_plan.h"

static const uint8_t proto_lines[] = {1, 4, 8, 8};
static const char *const proto_names[] = {"1S-1S-1S", "4S-4S-4S", "8S-8S-8S", "8D-8D-8D"};

static struct extmem_xspi_op op_ext(enum extmem_sim_nor_proto pr, uint8_t opc, bool same)
{
	struct extmem_xspi_op op;
	memset(&op, 0, sizeof(op));
	op.cmd.bus.lines = proto_lines[pr];
	op.cmd.bus.dtr = pr == EXTMEM_SIM_NOR_8D8D8D;
	op.cmd.nbytes = pr >= EXTMEM_SIM_NOR_8S8S8S ? 2 : 1;
	op.cmd.opcode =
		pr >= EXTMEM_SIM_NOR_8S8S8S ? (uint16_t)(opc << 8 | (same ? opc : (uint8_t)(opc ^ 0xFFu))) : opc;
	return op;
}

static struct extmem_xspi_op op_cmd(enum extmem_sim_nor_proto pr, uint8_t opc)
{
	return op_ext(pr, opc, false);
}

static struct extmem_xspi_op plan_cmd(const struct extmem_sim_nor_plan *pl, uint8_t opc)
{
	return op_ext(pl->proto, opc, pl->ext_same);
}

static void op_addr(struct extmem_xspi_op *op, uint8_t n, uint32_t v, uint8_t lines)
{
	op->addr.nbytes = n;
	op->addr.value = v;
	op->addr.bus.lines = lines;
	op->addr.bus.dtr = op->cmd.bus.dtr;
}

static void op_data(struct extmem_xspi_op *op, enum extmem_xspi_dir dir, const void *buf, uint32_t len, uint8_t lines)
{
	op->data.dir = dir;
	op->data.buf.out = buf;
	op->data.len = len;
	op->data.bus.lines = lines;
	op->data.bus.dtr = op->cmd.bus.dtr;
	op->dqs = dir == EXTMEM_XSPI_DATA_IN && op->cmd.bus.dtr;
}

/* The fastest way each part reads and programs, and its largest erase. */
struct extmem_sim_nor_plan extmem_sim_nor_plan_for(const struct extmem_sim_nor_part *p)
{
	struct extmem_sim_nor_plan pl;
	memset(&pl, 0, sizeof(pl));
	if (p->octal == EXTMEM_SIM_NOR_OCTAL_MX_CR2) {
		pl.proto = EXTMEM_SIM_NOR_8D8D8D;
		pl.hz = p->max_hz_dtr;
		/* Fewest dummy cycles that still run at the top clock. */
		for (uint8_t c = 0; c < EXTMEM_SIM_NOR_DUMMY_STEPS; c++)
			if (p->dummy_steps[c].max_hz >= pl.hz)
				pl.dummy_code = c;
		pl.read_lat = p->dummy_steps[pl.dummy_code].cycles;
		pl.read_op_8d = 0xEE;
	} else if (p->octal == EXTMEM_SIM_NOR_OCTAL_MICRON_VCR) {
		/* VCR I/O mode E7h; the default 16 dummy cycles run at the top clock. */
		pl.proto = EXTMEM_SIM_NOR_8D8D8D;
		pl.hz = p->max_hz_dtr;
		pl.read_lat = p->dummy_steps[0].cycles;
		pl.read_op_8d = 0x8B;
		pl.ext_same = true;
		pl.status_no_addr = true;
	} else if (p->octal == EXTMEM_SIM_NOR_OCTAL_SEMPER_CFR5) {
		/* CFR5V OPI-IT + SDRDDR; the power-on MEMLAT (20 cycles) runs at the top clock. */
		pl.proto = EXTMEM_SIM_NOR_8D8D8D;
		pl.hz = p->max_hz_dtr;
		pl.read_lat = p->dummy_steps[0].cycles;
		pl.read_op_8d = 0xEE;
		pl.ext_same = true;
	} else if (p->qpi != EXTMEM_SIM_NOR_QPI_NONE) {
		pl.proto = EXTMEM_SIM_NOR_4S4S4S;
		pl.hz = p->max_hz_spi;
		pl.read_lat = p->lat_fast_4s;
	} else if (p->qe != EXTMEM_SIM_NOR_QE_NONE) {
		pl.proto = EXTMEM_SIM_NOR_1S1S1S;
		pl.hz = p->max_hz_spi;
		pl.read_lat = p->lat_114;
		pl.quad_114 = true;
	} else {
		/* No quad commands: plain 1S fast read and page program. */
		pl.proto = EXTMEM_SIM_NOR_1S1S1S;
		pl.hz = p->max_hz_spi;
		pl.read_lat = p->lat_fast_1s;
	}
	for (unsigned i = 0; i < EXTMEM_SIM_NOR_ERASE_TYPES; i++) {
		if (p->erase[i].size > pl.erase_size) {
			pl.erase_size = p->erase[i].size;
			pl.erase_op = pl.proto >= EXTMEM_SIM_NOR_8S8S8S ? p->erase[i].op4 : p->erase[i].op3;
			pl.erase_typ_us = p->erase[i].typ_us;
		}
	}
	if (p->map != NULL) {
		uint32_t largest = 0;
		for (unsigned i = 0; i < p->map_count; i++)
			if (p->map[i].block > largest)
				largest = p->map[i].block;
		if (largest > pl.erase_size) {
			pl.erase_size = largest;
			pl.erase_op = p->map_op;
			pl.erase_typ_us = p->map_typ_us;
		}
	}
	return pl;
}

static uint8_t addr_bytes(const struct extmem_sim_nor_plan *pl)
{
	return pl->proto >= EXTMEM_SIM_NOR_8S8S8S ? 4 : 3;
}

struct extmem_xspi_op extmem_sim_nor_plan_wren(const struct extmem_sim_nor_plan *pl)
{
	return plan_cmd(pl, 0x06);
}

struct extmem_xspi_op extmem_sim_nor_plan_erase(const struct extmem_sim_nor_plan *pl, uint32_t addr)
{
	struct extmem_xspi_op op = plan_cmd(pl, pl->erase_op);
	op_addr(&op, addr_bytes(pl), addr, proto_lines[pl->proto]);
	return op;
}

struct extmem_xspi_op extmem_sim_nor_plan_program(const struct extmem_sim_nor_plan *pl, uint32_t addr, const uint8_t *d,
						  uint32_t len)
{
	uint8_t lines = proto_lines[pl->proto];
	struct extmem_xspi_op op =
		plan_cmd(pl, pl->quad_114 ? 0x32 : (pl->proto >= EXTMEM_SIM_NOR_8S8S8S ? 0x12 : 0x02));
	op_addr(&op, addr_bytes(pl), addr, lines);
	op_data(&op, EXTMEM_XSPI_DATA_OUT, d, len, pl->quad_114 ? 4 : lines);
	return op;
}

struct extmem_xspi_op extmem_sim_nor_plan_read(const struct extmem_sim_nor_plan *pl, uint32_t addr, uint8_t *d,
					       uint32_t len)
{
	uint8_t lines = proto_lines[pl->proto];
	uint8_t opc = pl->proto == EXTMEM_SIM_NOR_8D8D8D ? pl->read_op_8d : (pl->quad_114 ? 0x6B : 0x0B);
	struct extmem_xspi_op op = plan_cmd(pl, opc);
	op_addr(&op, addr_bytes(pl), addr, lines);
	op.dummy_cycles = pl->read_lat;
	op_data(&op, EXTMEM_XSPI_DATA_IN, d, len, pl->quad_114 ? 4 : lines);
	return op;
}

static uint64_t wire_ps(const struct extmem_xspi_op *op, uint32_t hz)
{
	return extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(op), hz);
}

static void xfer(struct extmem_sim_nor *n, const struct extmem_xspi_op *op, uint32_t hz)
{
	extmem_sim_bus_transfer(&n->base, op, hz);
}

/* Brings a fresh model into the plan's protocol (at a safe 50 MHz). */
void extmem_sim_nor_plan_setup(struct extmem_sim_nor *n, const struct extmem_sim_nor_plan *pl)
{
	const uint32_t slow = 50000000u;
	const struct extmem_sim_nor_part *p = n->part;
	struct extmem_xspi_op w = op_cmd(EXTMEM_SIM_NOR_1S1S1S, 0x06);
	if (p->powerup_locked) {
		xfer(n, &w, slow);
		struct extmem_xspi_op u = op_cmd(EXTMEM_SIM_NOR_1S1S1S, 0x98);
		xfer(n, &u, slow);
	}
	if (p->octal == EXTMEM_SIM_NOR_OCTAL_MX_CR2) {
		uint8_t v = pl->dummy_code;
		struct extmem_xspi_op c = op_cmd(EXTMEM_SIM_NOR_1S1S1S, 0x72);
		op_addr(&c, 4, 0x300, 1);
		op_data(&c, EXTMEM_XSPI_DATA_OUT, &v, 1, 1);
		xfer(n, &w, slow);
		xfer(n, &c, slow);
		v = 0x02; /* DOPI */
		c.addr.value = 0;
		xfer(n, &w, slow);
		xfer(n, &c, slow);
	} else if (p->octal == EXTMEM_SIM_NOR_OCTAL_MICRON_VCR) {
		static const uint8_t vcr0[4] = {0x00, 0x00, 0x00, 0xE7}; /* address 0 (3 bytes), octal DDR */
		struct extmem_xspi_op c = op_cmd(EXTMEM_SIM_NOR_1S1S1S, 0x81);
		op_data(&c, EXTMEM_XSPI_DATA_OUT, vcr0, sizeof(vcr0), 1);
		xfer(n, &w, slow);
		xfer(n, &c, slow);
	} else if (p->octal == EXTMEM_SIM_NOR_OCTAL_SEMPER_CFR5) {
		static const uint8_t cfr5v[4] = {0x80, 0x00, 0x06, 0x43}; /* CFR5V (3-byte address), bit 6, DDR, OPI */
		struct extmem_xspi_op c = op_cmd(EXTMEM_SIM_NOR_1S1S1S, 0x71);
		op_data(&c, EXTMEM_XSPI_DATA_OUT, cfr5v, sizeof(cfr5v), 1);
		xfer(n, &w, slow);
		xfer(n, &c, slow);
	} else if (pl->proto == EXTMEM_SIM_NOR_4S4S4S) {
		struct extmem_xspi_op q =
			op_cmd(EXTMEM_SIM_NOR_1S1S1S, p->qpi == EXTMEM_SIM_NOR_QPI_38_FF ? 0x38 : 0x35);
		xfer(n, &q, slow);
	} else if (p->qe == EXTMEM_SIM_NOR_QE_SR2_BIT1) {
		uint8_t v = 0x02;
		struct extmem_xspi_op q = op_cmd(EXTMEM_SIM_NOR_1S1S1S, 0x31);
		op_data(&q, EXTMEM_XSPI_DATA_OUT, &v, 1, 1);
		xfer(n, &w, slow);
		xfer(n, &q, slow);
	} else if (p->qe == EXTMEM_SIM_NOR_QE_CR1_BIT1) {
		static const uint8_t sr1_cr1[2] = {0x00, 0x02}; /* WRR: SR1, CR1 QUAD */
		struct extmem_xspi_op q = op_cmd(EXTMEM_SIM_NOR_1S1S1S, 0x01);
		op_data(&q, EXTMEM_XSPI_DATA_OUT, sr1_cr1, 2, 1);
		xfer(n, &w, slow);
		xfer(n, &q, slow);
	}
	/* Let any register write cycle finish. */
	if (extmem_sim_nor_busy(n))
		n->base.clock->now_ps = extmem_sim_nor_busy_until(n);
}

struct extmem_xspi_op extmem_sim_nor_plan_status(const struct extmem_sim_nor_plan *pl,
						 const struct extmem_sim_nor_part *p, uint8_t sr[2])
{
	struct extmem_xspi_op st = plan_cmd(pl, 0x05);
	if (pl->proto >= EXTMEM_SIM_NOR_8S8S8S) {
		if (!pl->status_no_addr)
			op_addr(&st, 4, 0, 8);
		st.dummy_cycles = pl->proto == EXTMEM_SIM_NOR_8D8D8D ? p->lat_reg_8d : p->lat_reg_8s;
	}
	op_data(&st, EXTMEM_XSPI_DATA_IN, sr, pl->proto == EXTMEM_SIM_NOR_8D8D8D ? 2 : 1, proto_lines[pl->proto]);
	return st;
}

uint64_t extmem_sim_nor_plan_erase_ps(const struct extmem_sim_nor_plan *pl, uint32_t total)
{
	struct extmem_xspi_op w = extmem_sim_nor_plan_wren(pl), e = extmem_sim_nor_plan_erase(pl, 0);
	uint64_t blocks = total / pl->erase_size;
	return blocks * (wire_ps(&w, pl->hz) + wire_ps(&e, pl->hz) + extmem_sim_nor_us_to_ps(pl->erase_typ_us));
}

/* Formula: sum over commands of wire time + typical busy time. */
uint64_t extmem_sim_nor_plan_bound_ps(const struct extmem_sim_nor_part *p, const struct extmem_sim_nor_plan *pl,
				      const uint8_t *page, uint32_t total)
{
	struct extmem_xspi_op w = extmem_sim_nor_plan_wren(pl),
			      pp = extmem_sim_nor_plan_program(pl, 0, page, p->page_size);
	uint64_t pages = total / p->page_size;
	uint64_t erase = extmem_sim_nor_plan_erase_ps(pl, total);
	uint64_t prog = pages * (wire_ps(&w, pl->hz) + wire_ps(&pp, pl->hz) + extmem_sim_nor_us_to_ps(p->pp_typ_us));
	return erase + prog;
}

const char *extmem_sim_nor_plan_protocol(const struct extmem_sim_nor_plan *pl)
{
	return pl->quad_114 ? "1S-1S-4S" : proto_names[pl->proto];
}
