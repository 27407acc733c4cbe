/* SPDX-License-Identifier: MIT */
/*
 * Serial NOR model bench. Per part:
 *  - the device-time bound to erase and then program 1 MiB from the part's
 *    typical times: erase with the largest erase type, program page by page,
 *    every WREN/erase/program command costed at the wire in the part's
 *    fastest protocol at its highest clock (polling not counted: it overlaps
 *    the busy time);
 *  - the same sequence run through the model (ideal poller: one status read
 *    when the busy period ends), which must land on the bound plus those
 *    status reads;
 *  - the model's host throughput in MB/s of simulated reads.
 * Prints a table; asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/sfdp_images.h"

#define TOTAL      (1024u * 1024u)
#define BASE       0x100000u
#define READ_CHUNK (64u * 1024u)
#define READ_TOTAL (256u * 1024u * 1024u)

static const uint8_t proto_lines[] = {1, 4, 8, 8};
static const char *const proto_names[] = {"1S-1S-1S", "4S-4S-4S", "8S-8S-8S", "8D-8D-8D"};

struct plan {
	enum extmem_sim_nor_proto proto;
	uint32_t hz;
	uint8_t dummy_code; /* Macronix CR2 0x300 */
	uint8_t read_lat;
	bool quad_114; /* 1S part with 1-1-4 read/program (Winbond) */
	uint32_t erase_size;
	uint8_t erase_op;
	uint32_t erase_typ_us;
};

static struct extmem_xspi_op op_cmd(enum extmem_sim_nor_proto pr, uint8_t opc)
{
	struct extmem_xspi_op op;
	memset(&op, 0, sizeof(op));
	op.cmd.bus.lines = proto_lines[pr];
	op.cmd.bus.dtr = pr == EXTMEM_SIM_NOR_8D8D8D;
	op.cmd.nbytes = pr >= EXTMEM_SIM_NOR_8S8S8S ? 2 : 1;
	op.cmd.opcode = pr >= EXTMEM_SIM_NOR_8S8S8S ? (uint16_t)(opc << 8 | (uint8_t)(opc ^ 0xFFu)) : opc;
	return op;
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
static struct plan plan_for(const struct extmem_sim_nor_part *p)
{
	struct plan pl;
	memset(&pl, 0, sizeof(pl));
	if (p->octal == EXTMEM_SIM_NOR_OCTAL_MX_CR2) {
		pl.proto = EXTMEM_SIM_NOR_8D8D8D;
		pl.hz = p->max_hz_dtr;
		/* Fewest dummy cycles that still run at the top clock. */
		for (uint8_t c = 0; c < EXTMEM_SIM_NOR_DUMMY_STEPS; c++)
			if (p->dummy_steps[c].max_hz >= pl.hz)
				pl.dummy_code = c;
		pl.read_lat = p->dummy_steps[pl.dummy_code].cycles;
	} else if (p->qpi != EXTMEM_SIM_NOR_QPI_NONE) {
		pl.proto = EXTMEM_SIM_NOR_4S4S4S;
		pl.hz = p->max_hz_spi;
		pl.read_lat = p->lat_fast_4s;
	} else {
		pl.proto = EXTMEM_SIM_NOR_1S1S1S;
		pl.hz = p->max_hz_spi;
		pl.read_lat = p->lat_114;
		pl.quad_114 = true;
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

static uint8_t addr_bytes(const struct plan *pl)
{
	return pl->proto >= EXTMEM_SIM_NOR_8S8S8S ? 4 : 3;
}

static struct extmem_xspi_op wren_op(const struct plan *pl)
{
	return op_cmd(pl->proto, 0x06);
}

static struct extmem_xspi_op erase_op(const struct plan *pl, uint32_t addr)
{
	struct extmem_xspi_op op = op_cmd(pl->proto, pl->erase_op);
	op_addr(&op, addr_bytes(pl), addr, proto_lines[pl->proto]);
	return op;
}

static struct extmem_xspi_op pp_op(const struct plan *pl, uint32_t addr, const uint8_t *d, uint32_t len)
{
	uint8_t lines = proto_lines[pl->proto];
	struct extmem_xspi_op op =
		op_cmd(pl->proto, pl->quad_114 ? 0x32 : (pl->proto >= EXTMEM_SIM_NOR_8S8S8S ? 0x12 : 0x02));
	op_addr(&op, addr_bytes(pl), addr, lines);
	op_data(&op, EXTMEM_XSPI_DATA_OUT, d, len, pl->quad_114 ? 4 : lines);
	return op;
}

static struct extmem_xspi_op read_op(const struct plan *pl, uint32_t addr, uint8_t *d, uint32_t len)
{
	uint8_t lines = proto_lines[pl->proto];
	uint8_t opc = pl->proto == EXTMEM_SIM_NOR_8D8D8D ? 0xEE : (pl->quad_114 ? 0x6B : 0x0B);
	struct extmem_xspi_op op = op_cmd(pl->proto, opc);
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
static void setup(struct extmem_sim_nor *n, const struct plan *pl)
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
	}
	/* Let any register write cycle finish. */
	if (extmem_sim_nor_busy(n))
		n->base.clock->now_ps = extmem_sim_nor_busy_until(n);
}

/* Formula: sum over commands of wire time + typical busy time. */
static uint64_t bound_ps(const struct extmem_sim_nor_part *p, const struct plan *pl, const uint8_t *page)
{
	struct extmem_xspi_op w = wren_op(pl), e = erase_op(pl, BASE), pp = pp_op(pl, BASE, page, p->page_size);
	uint64_t blocks = TOTAL / pl->erase_size, pages = TOTAL / p->page_size;
	uint64_t erase =
		blocks * (wire_ps(&w, pl->hz) + wire_ps(&e, pl->hz) + extmem_sim_nor_us_to_ps(pl->erase_typ_us));
	uint64_t prog = pages * (wire_ps(&w, pl->hz) + wire_ps(&pp, pl->hz) + extmem_sim_nor_us_to_ps(p->pp_typ_us));
	return erase + prog;
}

/* The same sequence through the model, one status read at the end of each busy period. */
static uint64_t model_ps(struct extmem_sim_nor *n, const struct plan *pl, const uint8_t *page, uint32_t *viol)
{
	const struct extmem_sim_nor_part *p = n->part;
	uint64_t t0 = n->base.clock->now_ps;
	uint8_t sr[2];
	struct extmem_xspi_op st = op_cmd(pl->proto, 0x05);
	if (pl->proto >= EXTMEM_SIM_NOR_8S8S8S) {
		op_addr(&st, 4, 0, 8);
		st.dummy_cycles = pl->proto == EXTMEM_SIM_NOR_8D8D8D ? p->lat_reg_8d : p->lat_reg_8s;
	}
	op_data(&st, EXTMEM_XSPI_DATA_IN, sr, pl->proto == EXTMEM_SIM_NOR_8D8D8D ? 2 : 1, proto_lines[pl->proto]);
	struct extmem_xspi_op w = wren_op(pl);
	for (uint32_t a = BASE; a < BASE + TOTAL; a += pl->erase_size) {
		struct extmem_xspi_op e = erase_op(pl, a);
		xfer(n, &w, pl->hz);
		xfer(n, &e, pl->hz);
		n->base.clock->now_ps = extmem_sim_nor_busy_until(n);
		xfer(n, &st, pl->hz);
	}
	for (uint32_t a = BASE; a < BASE + TOTAL; a += p->page_size) {
		struct extmem_xspi_op pp = pp_op(pl, a, page, p->page_size);
		xfer(n, &w, pl->hz);
		xfer(n, &pp, pl->hz);
		n->base.clock->now_ps = extmem_sim_nor_busy_until(n);
		xfer(n, &st, pl->hz);
	}
	*viol = n->base.violations;
	return n->base.clock->now_ps - t0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double read_mbs(struct extmem_sim_nor *n, const struct plan *pl, uint8_t *buf, uint64_t *dev_ps)
{
	uint64_t t0 = n->base.clock->now_ps;
	double s = now_s();
	for (uint32_t done = 0; done < READ_TOTAL; done += READ_CHUNK) {
		struct extmem_xspi_op r = read_op(pl, done % (TOTAL * 4u), buf, READ_CHUNK);
		xfer(n, &r, pl->hz);
	}
	double el = now_s() - s;
	*dev_ps = n->base.clock->now_ps - t0;
	return (double)READ_TOTAL / 1e6 / (el > 0 ? el : 1e-9);
}

/* One table row: bound, model run and read throughput of one part. */
static int row(const struct extmem_sim_nor_part *p, const struct extmem_sim_nor_sfdp_part *sp, const uint8_t *page,
	       uint8_t *buf)
{
	struct plan pl = plan_for(p);
	struct extmem_sim_clock clk = {0};
	struct extmem_sim_nor *n = sp != NULL ? extmem_sim_nor_create_sfdp(sp, &clk, NULL, NULL)
					      : extmem_sim_nor_create(p, &clk, NULL, NULL);
	if (n == NULL || pl.erase_size == 0) {
		fprintf(stderr, "%s: cannot create the model\n", p->name);
		extmem_sim_nor_destroy(n);
		return 1;
	}
	setup(n, &pl);
	struct extmem_xspi_op w = wren_op(&pl), e = erase_op(&pl, BASE);
	uint64_t blocks = TOTAL / pl.erase_size;
	uint64_t erase = blocks * (wire_ps(&w, pl.hz) + wire_ps(&e, pl.hz) + extmem_sim_nor_us_to_ps(pl.erase_typ_us));
	uint64_t bound = bound_ps(p, &pl, page);
	uint32_t viol = 0;
	uint64_t model = model_ps(n, &pl, page, &viol);
	uint64_t dev_ps = 0;
	double host = read_mbs(n, &pl, buf, &dev_ps);
	char etype[16];
	snprintf(etype, sizeof(etype), "%uK %02Xh", pl.erase_size / 1024u, pl.erase_op);
	printf("%-19s %-8s %4u %-9s %12.3f %12.3f %12.3f %12.3f %6u %-9s %10.1f %10.1f\n", p->name,
	       pl.quad_114 ? "1S-1S-4S" : proto_names[pl.proto], pl.hz / 1000000u, etype, (double)erase / 1e9,
	       (double)(bound - erase) / 1e9, (double)bound / 1e9, (double)model / 1e9, viol,
	       p->timing_source == EXTMEM_SIM_NOR_TIMING_SFDP ? "SFDP" : "datasheet",
	       (double)READ_TOTAL / 1e6 / ((double)dev_ps / 1e12), host);
	extmem_sim_nor_destroy(n);
	return 0;
}

int main(void)
{
	static uint8_t page[512];
	static uint8_t buf[READ_CHUNK];
	memset(page, 0x5A, sizeof(page));
	printf("Serial NOR models: erase + program 1 MiB from the typicals (device time), and host read "
	       "throughput\n\n");
	printf("%-19s %-8s %4s %-9s %12s %12s %12s %12s %6s %-9s %10s %10s\n", "part", "protocol", "MHz", "erase",
	       "erase ms", "program ms", "bound ms", "model ms", "viol", "timings", "dev MB/s", "host MB/s");
	size_t count;
	const struct extmem_sim_nor_part *const *parts = extmem_sim_nor_parts(&count);
	for (size_t i = 0; i < count; i++)
		if (row(parts[i], NULL, page, buf) != 0)
			return 1;
	/* The same parts made from nothing but the project's SFDP images. */
	printf("\nparts derived from SFDP images (sim/sfdp):\n");
	size_t nimg;
	const struct extmem_sim_sfdp_image *imgs = extmem_sim_sfdp_images(&nimg);
	for (size_t i = 0; i < nimg; i++) {
		struct extmem_sim_nor_sfdp_part sp;
		if (extmem_sim_nor_part_from_sfdp(imgs[i].bytes, imgs[i].len, imgs[i].jedec_id, &sp) != EXTMEM_OK) {
			printf("%-19s (image not usable)\n", imgs[i].part);
			continue;
		}
		snprintf(sp.name, sizeof(sp.name), "%s", imgs[i].part);
		int err = row(&sp.part, &sp, page, buf);
		extmem_sim_nor_sfdp_part_free(&sp);
		if (err != 0)
			return 1;
	}
	printf("\nbound: WREN + command wire time + typical busy, per erase block and per page; model: the same run "
	       "through the model with one status read per busy period (the difference is those reads).\n"
	       "dev MB/s: simulated reads in device time (64 KiB bursts); host MB/s: the model's speed on this "
	       "machine.\n"
	       "SFDP-derived rows: times are the BFPT typicals (none in a 9-DWORD BFPT); SFDP gives no SPI/QPI clock, "
	       "133 MHz is assumed.\n");
	return 0;
}
