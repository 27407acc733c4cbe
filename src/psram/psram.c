/* SPDX-License-Identifier: MIT */
/*
 * The PSRAM driver: everything part-specific comes from the description
 * (include/extmem/psram.h); this file only builds descriptors from it.
 */
#include <string.h>

#include "extmem/psram.h"

struct psram {
	const struct extmem_psram_config *cfg;
	const struct extmem_psram_part *p;
	struct extmem_psram_data *d;
};

static const struct extmem_xspi_ops *ops(const struct psram *s)
{
	return s->cfg->link.ops;
}

static void *ctx(const struct psram *s)
{
	return s->cfg->link.ctx;
}

/* Command and address phases as the part decodes them; data on `lines`. */
static void build_op(const struct psram *s, uint8_t opcode, uint32_t addr, uint8_t lines, struct extmem_xspi_op *op)
{
	const struct extmem_psram_part *p = s->p;
	memset(op, 0, sizeof(*op));
	op->cmd.bus = (struct extmem_xspi_phase){p->cmd_lines, p->cmd_dtr};
	/* A DTR command carries the opcode on both edges. */
	op->cmd.nbytes = p->cmd_dtr ? 2u : 1u;
	op->cmd.opcode = p->cmd_dtr ? (uint16_t)(opcode << 8 | opcode) : opcode;
	op->addr.bus = (struct extmem_xspi_phase){p->addr_lines, p->addr_dtr};
	op->addr.nbytes = p->addr_bytes;
	op->addr.value = addr;
	op->data.bus = (struct extmem_xspi_phase){lines, p->data_dtr};
}

static int reg_read(const struct psram *s, uint8_t reg, uint8_t dummy, uint8_t *val)
{
	uint8_t buf[4] = {0};
	struct extmem_xspi_op op;
	build_op(s, s->p->reg_read_opcode, reg, 8, &op);
	op.dummy_cycles = dummy;
	op.data.dir = EXTMEM_XSPI_DATA_IN;
	op.data.len = s->p->reg_bytes;
	op.data.buf.in = buf;
	op.dqs = s->p->dqs;
	int err = ops(s)->execute(ctx(s), &op);
	*val = buf[0];
	return err;
}

static int reg_write(const struct psram *s, uint8_t reg, uint8_t val)
{
	uint8_t buf[4] = {val, val, val, val};
	struct extmem_xspi_op op;
	build_op(s, s->p->reg_write_opcode, reg, 8, &op);
	op.data.dir = EXTMEM_XSPI_DATA_OUT;
	op.data.len = s->p->reg_bytes;
	op.data.buf.out = buf;
	return ops(s)->execute(ctx(s), &op);
}

/* Read, modify, write, read back; `dummy` is the register latency in force after the write. */
static int reg_update(const struct psram *s, const struct extmem_psram_reg *r, uint8_t dummy_before,
		      uint8_t dummy_after)
{
	uint8_t old;
	int err = reg_read(s, r->addr, dummy_before, &old);
	if (err != EXTMEM_OK)
		return err;
	uint8_t v = (uint8_t)((old & ~r->mask) | (r->value & r->mask));
	err = reg_write(s, r->addr, v);
	if (err != EXTMEM_OK)
		return err;
	uint8_t back;
	err = reg_read(s, r->addr, dummy_after, &back);
	if (err != EXTMEM_OK)
		return err;
	if ((back & r->mask) != (r->value & r->mask))
		return EXTMEM_ERR_DEVICE;
	if (r->addr < sizeof(s->d->regs)) {
		s->d->regs[r->addr] = back;
		s->d->regs_read |= (uint16_t)(1u << r->addr);
	}
	return EXTMEM_OK;
}

static void delay_us(const struct psram *s, uint32_t us)
{
	/* The counter may tick right after t0 is read: wait one more microsecond. */
	uint32_t t0 = ops(s)->time_us(ctx(s));
	while ((uint32_t)(ops(s)->time_us(ctx(s)) - t0) <= us) {
	}
}

static int set_clock(const struct psram *s, uint32_t hz, uint32_t *actual)
{
	if (ops(s)->set_clock == NULL) {
		*actual = s->cfg->link.max_hz;
		return EXTMEM_OK;
	}
	return ops(s)->set_clock(ctx(s), hz, actual);
}

/* A description is usable and the link can carry it. */
static int check_part(const struct psram *s)
{
	const struct extmem_psram_part *p = s->p;
	const struct extmem_xspi_link *l = &s->cfg->link;
	if (p->size == 0 || p->row_bytes == 0 || (p->row_bytes & (p->row_bytes - 1u)) != 0 || p->latency_count == 0 ||
	    p->latency_count > EXTMEM_PSRAM_MAX_LATENCIES || p->init_count > EXTMEM_PSRAM_MAX_REGS ||
	    p->reg_bytes == 0 || p->reg_bytes > 4 || p->addr_bytes == 0 || p->addr_bytes > 4 || p->init_hz == 0 ||
	    p->max_hz == 0)
		return EXTMEM_ERR_INVALID;
	for (unsigned i = 0; i < p->latency_count; i++)
		if (p->latencies[i].reg_count > 2 || (i > 0 && p->latencies[i].max_hz <= p->latencies[i - 1].max_hz))
			return EXTMEM_ERR_INVALID;
	/* The command, address and register data use 8 lines; the array 8 or 16. */
	if (l->data_lines < 8 || l->data_lines < p->cmd_lines || l->data_lines < p->addr_lines)
		return EXTMEM_ERR_PROTOCOL;
	if ((p->cmd_dtr || p->addr_dtr || p->data_dtr) && !l->dtr_capable)
		return EXTMEM_ERR_PROTOCOL;
	if ((p->dqs || p->variable_latency) && !l->dqs_wired)
		return EXTMEM_ERR_PROTOCOL;
	if (l->ops == NULL || l->ops->execute == NULL || l->ops->time_us == NULL)
		return EXTMEM_ERR_INVALID;
	return EXTMEM_OK;
}

static uint32_t min_hz(uint32_t a, uint32_t b)
{
	return (b != 0 && b < a) ? b : a;
}

/* The slowest latency setting that covers hz (the last one caps the clock). */
static const struct extmem_psram_latency *latency_for(const struct extmem_psram_part *p, uint32_t hz)
{
	for (unsigned i = 0; i < p->latency_count; i++)
		if (hz <= p->latencies[i].max_hz)
			return &p->latencies[i];
	return &p->latencies[p->latency_count - 1u];
}

/*
 * Whole clocks of hz in ns nanoseconds, floor(ns * hz / 10^9), without a
 * 64-bit division (__aeabi_uldivmod, 80 B in a Boot): 10^9 = 2^9 * 1953125
 * and nested floor divisions are exact. A count past what 32 bits hold after
 * the shift (over 2,199 clocks: 11 us at 200 MHz) is given as 2,199, which
 * is below the true count: a shorter CS# limit is still a safe one.
 */
static uint32_t cs_low_cycles(uint32_t ns, uint32_t hz)
{
	uint64_t scaled = ((uint64_t)ns * hz) >> 9;
	return scaled > UINT32_MAX ? UINT32_MAX / 1953125u : (uint32_t)scaled / 1953125u;
}

/* Data bytes one burst may carry before CS# must go high; whole clocks only. */
static uint32_t burst_limit(const struct psram *s, uint8_t dummy)
{
	const struct extmem_psram_data *d = s->d;
	struct extmem_xspi_op head;
	build_op(s, s->p->read_opcode, 0, d->data_lines, &head);
	head.dummy_cycles = dummy;
	uint32_t over = extmem_xspi_op_cycles(&head);
	uint32_t bytes = s->p->row_bytes;
	if (s->p->max_cs_low_ns != 0) {
		uint64_t cycles = cs_low_cycles(s->p->max_cs_low_ns, d->clock_hz);
		uint64_t data = cycles > over ? (cycles - over) * d->unit : 0;
		if (data < bytes)
			bytes = (uint32_t)data;
	}
	return bytes - bytes % d->unit;
}

static int psram_setup(struct psram *s)
{
	const struct extmem_psram_part *p = s->p;
	struct extmem_psram_data *d = s->d;
	uint32_t hz;
	int err = set_clock(s, p->init_hz, &hz);
	if (err != EXTMEM_OK)
		return err;
	if (p->reset_opcode != 0) {
		struct extmem_xspi_op op;
		build_op(s, p->reset_opcode, 0, 0, &op);
		/* No address or data: the part acts on the command alone. */
		memset(&op.addr, 0, sizeof(op.addr));
		op.data.bus = (struct extmem_xspi_phase){0, false};
		err = ops(s)->execute(ctx(s), &op);
		if (err != EXTMEM_OK)
			return err;
		delay_us(s, p->reset_us);
	}
	uint8_t id;
	err = reg_read(s, p->id_reg, p->reset_reg_read_dummy, &id);
	if (err != EXTMEM_OK)
		return err;
	if ((id & p->id_mask) != p->id_value)
		return EXTMEM_ERR_NO_DEVICE;

	/* The clock the port reaches decides the latency; registers are written at init_hz. */
	uint32_t want = min_hz(min_hz(p->max_hz, s->cfg->link.max_hz), s->cfg->max_hz);
	want = min_hz(want, p->latencies[p->latency_count - 1u].max_hz);
	uint32_t reached;
	if ((err = set_clock(s, want, &reached)) != EXTMEM_OK || (err = set_clock(s, p->init_hz, &hz)) != EXTMEM_OK)
		return err;
	if (reached == 0)
		return EXTMEM_ERR_PROTOCOL;
	const struct extmem_psram_latency *lat = latency_for(p, reached);
	uint8_t reg_dummy = p->reset_reg_read_dummy;
	for (unsigned i = 0; i < lat->reg_count; i++) {
		err = reg_update(s, &lat->regs[i], reg_dummy, lat->reg_read_dummy);
		if (err != EXTMEM_OK)
			return err;
		reg_dummy = lat->reg_read_dummy;
	}
	reg_dummy = lat->reg_read_dummy;
	for (unsigned i = 0; i < p->init_count; i++)
		if ((err = reg_update(s, &p->init[i], reg_dummy, reg_dummy)) != EXTMEM_OK)
			return err;
	d->data_lines = 8;
	if (s->cfg->link.data_lines >= 16 && p->x16_capable) {
		if ((err = reg_update(s, &p->x16_enable, reg_dummy, reg_dummy)) != EXTMEM_OK)
			return err;
		d->data_lines = 16;
	}
	if ((err = set_clock(s, reached, &hz)) != EXTMEM_OK)
		return err;
	d->clock_hz = hz;
	d->latency = lat;
	d->unit = (uint32_t)d->data_lines * (p->data_dtr ? 2u : 1u) / 8u;
	d->max_burst = burst_limit(s, lat->read_dummy);
	d->max_write_burst = burst_limit(s, lat->write_dummy);
	return d->max_burst >= d->unit && d->max_write_burst >= d->unit ? EXTMEM_OK : EXTMEM_ERR_PROTOCOL;
}

static int psram_init(struct extmem_memory *m)
{
	if (m->config == NULL || m->data == NULL)
		return EXTMEM_ERR_INVALID;
	const struct extmem_psram_config *cfg = m->config;
	if (cfg->part == NULL)
		return EXTMEM_ERR_INVALID;
	struct psram s = {cfg, cfg->part, m->data};
	memset(s.d, 0, sizeof(*s.d));
	int err = check_part(&s);
	if (err == EXTMEM_OK)
		err = psram_setup(&s);
	if (err != EXTMEM_OK)
		return err;
	struct extmem_info *info = &m->info;
	info->size = cfg->part->size;
	info->page_size = cfg->part->row_bytes;
	info->write_align = 1;
	info->read_align = 1;
	info->erase_needed = false;
	info->erase_type_count = 0;
	/* 8S-8D-8D / 8S-8D-16D have no name in enum extmem_protocol. */
	info->protocol = EXTMEM_PROTO_NONE;
	info->clock_hz = s.d->clock_hz;
	info->dummy_cycles = s.d->latency->read_dummy;
	info->mappable = cfg->link.map_base != 0 && cfg->link.ops->map_enable != NULL;
	info->map_base = cfg->link.map_base;
	return EXTMEM_OK;
}

/* Wire address of a byte offset. */
static uint32_t wire_addr(const struct psram *s, uint32_t off)
{
	return s->d->data_lines == 16 ? extmem_xspi_map_address(s->p->x16_addr_map, off) : off;
}

/* One burst: [off, off + len) inside one row, unit-aligned, at most max_burst. */
static int burst(const struct psram *s, bool write, uint32_t off, void *buf, uint32_t len)
{
	const struct extmem_psram_data *d = s->d;
	struct extmem_xspi_op op;
	build_op(s, write ? s->p->write_opcode : s->p->read_opcode, wire_addr(s, off), d->data_lines, &op);
	op.dummy_cycles = write ? d->latency->write_dummy : d->latency->read_dummy;
	op.data.dir = write ? EXTMEM_XSPI_DATA_OUT : EXTMEM_XSPI_DATA_IN;
	op.data.len = len;
	op.data.buf.in = buf;
	op.dqs = s->p->dqs;
	return ops(s)->execute(ctx(s), &op);
}

/* Aligned span in bursts that stop at rows and at the CS# limit. */
static int transfer_aligned(const struct psram *s, bool write, uint32_t off, uint8_t *buf, uint32_t len)
{
	while (len > 0) {
		uint32_t n = s->p->row_bytes - (off & (s->p->row_bytes - 1u));
		uint32_t max = write ? s->d->max_write_burst : s->d->max_burst;
		if (n > max)
			n = max;
		if (n > len)
			n = len;
		int err = burst(s, write, off, buf, n);
		if (err != EXTMEM_OK)
			return err;
		off += n;
		buf += n;
		len -= n;
	}
	return EXTMEM_OK;
}

/*
 * A partial unit (DDR moves 2 or 4 bytes a clock): read the unit, patch the
 * bytes asked for, write it back. PSRAM reads do not disturb the array.
 */
static int partial_unit(const struct psram *s, bool write, uint32_t base, uint32_t from, uint8_t *buf, uint32_t n)
{
	uint8_t unit[4];
	int err = burst(s, false, base, unit, s->d->unit);
	if (err != EXTMEM_OK)
		return err;
	if (!write) {
		memcpy(buf, unit + from, n);
		return EXTMEM_OK;
	}
	memcpy(unit + from, buf, n);
	return burst(s, true, base, unit, s->d->unit);
}

static int psram_transfer(struct extmem_memory *m, bool write, uint64_t addr, uint8_t *buf, size_t len)
{
	struct psram s = {m->config, ((const struct extmem_psram_config *)m->config)->part, m->data};
	uint32_t u = s.d->unit;
	uint32_t off = (uint32_t)addr;
	size_t left = len;
	if (off % u != 0) {
		uint32_t from = off % u;
		uint32_t n = u - from < left ? u - from : (uint32_t)left;
		int err = partial_unit(&s, write, off - from, from, buf, n);
		if (err != EXTMEM_OK)
			return err;
		off += n;
		buf += n;
		left -= n;
	}
	uint32_t whole = (uint32_t)(left - left % u);
	int err = transfer_aligned(&s, write, off, buf, whole);
	if (err != EXTMEM_OK || left == whole)
		return err;
	return partial_unit(&s, write, off + whole, 0, buf + whole, (uint32_t)(left - whole));
}

static int psram_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	return psram_transfer(m, false, addr, buf, len);
}

static int psram_write(struct extmem_memory *m, uint64_t addr, const void *buf, size_t len)
{
	/* Writes only read from buf; the shared path takes a non-const pointer. */
	return psram_transfer(m, true, addr, (uint8_t *)(uintptr_t)buf, len);
}

static int psram_map(struct extmem_memory *m)
{
	struct psram s = {m->config, ((const struct extmem_psram_config *)m->config)->part, m->data};
	uint8_t scratch[4];
	struct extmem_xspi_op rd, wr;
	for (int w = 0; w < 2; w++) {
		struct extmem_xspi_op *op = w ? &wr : &rd;
		build_op(&s, w ? s.p->write_opcode : s.p->read_opcode, 0, s.d->data_lines, op);
		op->dummy_cycles = w ? s.d->latency->write_dummy : s.d->latency->read_dummy;
		op->data.dir = w ? EXTMEM_XSPI_DATA_OUT : EXTMEM_XSPI_DATA_IN;
		op->data.len = s.d->unit;
		op->data.buf.in = scratch;
		op->dqs = s.p->dqs;
		op->addr_map = s.d->data_lines == 16 ? s.p->x16_addr_map : EXTMEM_XSPI_ADDR_LINEAR;
	}
	if (ops(&s)->set_cs_limits != NULL) {
		int err = ops(&s)->set_cs_limits(ctx(&s), s.p->row_bytes,
						 cs_low_cycles(s.p->max_cs_low_ns, s.d->clock_hz));
		if (err != EXTMEM_OK)
			return err;
	}
	return ops(&s)->map_enable(ctx(&s), &rd, &wr);
}

static int psram_unmap(struct extmem_memory *m)
{
	const struct extmem_psram_config *cfg = m->config;
	return cfg->link.ops->map_disable != NULL ? cfg->link.ops->map_disable(cfg->link.ctx) : EXTMEM_OK;
}

const struct extmem_driver extmem_psram_driver = {
	.name = "psram",
	.init = psram_init,
	.read = psram_read,
	.write = psram_write,
	.map = psram_map,
	.unmap = psram_unmap,
};
