/* SPDX-License-Identifier: MIT */
#include "fault_port.h"

#include <string.h>

#define MARGIN_PS  2000000u /* reads kept before a busy part's ready time: 2 us */
#define SAME_READS 64u

static void skip_polls(struct fault_port *p, const struct extmem_xspi_op *op)
{
	bool read = op->data.dir == EXTMEM_XSPI_DATA_IN && op->data.len <= 4u;
	bool again = read && p->last_was_read && op->cmd.opcode == p->last_opcode && op->data.len == p->last_len;
	struct extmem_sim_device *dev = &p->model->base;
	uint64_t now = dev->clock->now_ps;
	p->last_was_read = read;
	p->last_opcode = op->cmd.opcode;
	p->last_len = op->data.len;
	if (!again) {
		p->same_reads = 0;
		p->same_since_ps = now;
		return;
	}
	p->same_reads++;
	uint64_t ready = dev->ops->ready_at_ps != NULL ? dev->ops->ready_at_ps(dev) : 0;
	if (ready > now + MARGIN_PS)
		extmem_sim_clock_advance(dev->clock, ready - now - MARGIN_PS);
	else if (ready == 0 && p->same_reads > SAME_READS)
		extmem_sim_clock_advance(dev->clock, (now - p->same_since_ps) / SAME_READS);
}

static bool pass(struct fault_port *p)
{
	if (p->stopped)
		return false;
	p->count++;
	return true;
}

static void after(struct fault_port *p)
{
	if (p->stop_after != 0 && p->count == p->stop_after) {
		p->stopped = true;
		if (p->cut)
			extmem_sim_nor_power_cut(p->model);
	}
}

static int fp_execute(void *ctx, const struct extmem_xspi_op *op)
{
	struct fault_port *p = ctx;
	if (op == NULL)
		return EXTMEM_ERR_INVALID;
	if (!pass(p))
		return EXTMEM_ERR_TIMEOUT;
	skip_polls(p, op);
	int err = extmem_host_xspi_ops.execute(p->host, op);
	after(p);
	return err;
}

/*
 * The auto-poll, done here rather than by the host port so that a part that
 * never becomes ready is polled with the same back-off as above: reads 1 us
 * apart, the clock jumped to just before a busy part's ready time, and
 * spaced by 1/64 of the time spent once 64 reads found a part with none.
 */
static int fp_auto_poll(void *ctx, const struct extmem_xspi_op *op, const struct extmem_xspi_poll *poll, uint32_t *last)
{
	struct fault_port *p = ctx;
	if (op == NULL || poll == NULL || op->data.dir != EXTMEM_XSPI_DATA_IN || op->data.len == 0 || op->data.len > 4)
		return EXTMEM_ERR_INVALID;
	if (!pass(p))
		return EXTMEM_ERR_TIMEOUT;
	p->last_was_read = false;
	struct extmem_sim_device *dev = &p->model->base;
	struct extmem_xspi_op rd = *op;
	uint8_t bytes[4];
	rd.data.buf.in = bytes;
	uint64_t start = dev->clock->now_ps, limit = (uint64_t)poll->timeout_us * 1000000u;
	int err;
	for (uint32_t n = 0;; n++) {
		if ((err = extmem_host_xspi_ops.execute(p->host, &rd)) != EXTMEM_OK)
			break;
		uint32_t value = 0;
		for (uint32_t i = 0; i < rd.data.len; i++)
			value |= (uint32_t)bytes[i] << (8u * i);
		if (last != NULL)
			*last = value;
		if ((value & poll->mask) == (poll->match & poll->mask))
			break;
		uint64_t now = dev->clock->now_ps;
		if (now - start >= limit) {
			err = EXTMEM_ERR_TIMEOUT;
			break;
		}
		uint64_t ready = dev->ops->ready_at_ps != NULL ? dev->ops->ready_at_ps(dev) : 0;
		uint64_t gap = 1000000u;
		if (ready > now + MARGIN_PS)
			gap = ready - now - MARGIN_PS;
		else if (ready == 0 && n > SAME_READS && (now - start) / SAME_READS > gap)
			gap = (now - start) / SAME_READS;
		extmem_sim_clock_advance(dev->clock, gap);
	}
	after(p);
	return err;
}

static int fp_set_clock(void *ctx, uint32_t hz, uint32_t *actual)
{
	return extmem_host_xspi_ops.set_clock(((struct fault_port *)ctx)->host, hz, actual);
}

static int fp_map_enable(void *ctx, const struct extmem_xspi_op *read_op, const struct extmem_xspi_op *write_op)
{
	struct fault_port *p = ctx;
	if (p->stopped)
		return EXTMEM_ERR_TIMEOUT;
	return extmem_host_xspi_ops.map_enable(p->host, read_op, write_op);
}

static int fp_map_disable(void *ctx)
{
	struct fault_port *p = ctx;
	if (p->stopped)
		return EXTMEM_ERR_TIMEOUT;
	return extmem_host_xspi_ops.map_disable(p->host);
}

static int fp_set_cs_limits(void *ctx, uint32_t boundary_bytes, uint32_t max_cs_low_cycles)
{
	return extmem_host_xspi_ops.set_cs_limits(((struct fault_port *)ctx)->host, boundary_bytes, max_cs_low_cycles);
}

static uint32_t fp_time_us(void *ctx)
{
	return extmem_host_xspi_ops.time_us(((struct fault_port *)ctx)->host);
}

const struct extmem_xspi_ops fault_port_ops = {
	.execute = fp_execute,
	.auto_poll = fp_auto_poll,
	.set_clock = fp_set_clock,
	.map_enable = fp_map_enable,
	.map_disable = fp_map_disable,
	.time_us = fp_time_us,
	.set_cs_limits = fp_set_cs_limits,
};

void fault_port_init(struct fault_port *p, struct extmem_host_xspi *host, struct extmem_sim_nor *model)
{
	memset(p, 0, sizeof(*p));
	p->host = host;
	p->model = model;
}

void fault_port_arm(struct fault_port *p, uint32_t k, bool cut)
{
	p->count = 0;
	p->stop_after = k;
	p->cut = cut;
	p->stopped = false;
}

void fault_port_release(struct fault_port *p)
{
	p->stop_after = 0;
	p->stopped = false;
}
