/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "host_xspi.h"

#define HOST_XSPI_MAX_PRESCALER 256u
#define HOST_XSPI_SAFE_HZ       50000000u
#define HOST_XSPI_TIMER_READ_PS 50000u /* 50 ns a timer read */
#define HOST_XSPI_POLL_INTERVAL 16u    /* cycles between auto-poll reads, as the XSPI PIR reset value */

static uint32_t reach_clock(uint32_t kernel_hz, uint32_t hz)
{
	uint32_t div = hz == 0 ? HOST_XSPI_MAX_PRESCALER : (kernel_hz + hz - 1u) / hz;
	if (div == 0)
		div = 1;
	if (div > HOST_XSPI_MAX_PRESCALER)
		div = HOST_XSPI_MAX_PRESCALER;
	return kernel_hz / div;
}

/* A link whose ctx was never set, or a port bound to no device: the caller's mistake, reported. */
static bool unbound(const struct extmem_host_xspi *port)
{
	return port == NULL || port->dev == NULL || port->dev->clock == NULL;
}

static int host_execute(void *ctx, const struct extmem_xspi_op *op)
{
	struct extmem_host_xspi *port = ctx;
	if (unbound(port))
		return EXTMEM_ERR_INVALID;
	if (port->mapped)
		return EXTMEM_ERR_MAPPED;
	port->executed++;
	return extmem_sim_bus_transfer(port->dev, op, port->bus_hz);
}

/*
 * Jumps over whole poll periods (one read plus the interval) that end before
 * the device's status can change, and before the deadline: the clock lands
 * where polling through would have put it.
 */
static void skip_busy_polls(struct extmem_host_xspi *port, const struct extmem_xspi_op *rd, uint64_t gap,
			    uint64_t deadline)
{
	if (port->dev->ops->ready_at_ps == NULL)
		return;
	uint64_t ready = port->dev->ops->ready_at_ps(port->dev);
	uint64_t now = port->dev->clock->now_ps;
	uint64_t until = ready < deadline ? ready : deadline;
	if (until <= now)
		return;
	uint64_t period = extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(rd), port->bus_hz) + gap;
	uint64_t skip = (until - now) / period;
	if (skip > 1)
		extmem_sim_clock_advance(port->dev->clock, (skip - 1u) * period);
}

static int host_auto_poll(void *ctx, const struct extmem_xspi_op *op, const struct extmem_xspi_poll *poll,
			  uint32_t *last)
{
	struct extmem_host_xspi *port = ctx;
	if (unbound(port) || op == NULL || poll == NULL || op->data.dir != EXTMEM_XSPI_DATA_IN || op->data.len == 0 ||
	    op->data.len > 4)
		return EXTMEM_ERR_INVALID;
	struct extmem_xspi_op rd = *op;
	uint8_t bytes[4];
	rd.data.buf.in = bytes;
	uint64_t start = port->dev->clock->now_ps;
	uint64_t limit = (uint64_t)poll->timeout_us * 1000000u;
	uint32_t interval = poll->interval_cycles ? poll->interval_cycles : HOST_XSPI_POLL_INTERVAL;
	for (;;) {
		int err = host_execute(port, &rd);
		if (err != EXTMEM_OK)
			return err;
		uint32_t value = 0;
		for (uint32_t i = 0; i < rd.data.len; i++)
			value |= (uint32_t)bytes[i] << (8u * i);
		if (last != NULL)
			*last = value;
		if ((value & poll->mask) == (poll->match & poll->mask))
			return EXTMEM_OK;
		uint64_t now = port->dev->clock->now_ps;
		if (now - start >= limit)
			return EXTMEM_ERR_TIMEOUT;
		uint64_t gap = extmem_sim_cycles_to_ps(interval, port->bus_hz);
		extmem_sim_clock_advance(port->dev->clock, gap);
		skip_busy_polls(port, &rd, gap, start + limit);
	}
}

static int host_set_clock(void *ctx, uint32_t hz, uint32_t *actual_hz)
{
	struct extmem_host_xspi *port = ctx;
	if (port == NULL)
		return EXTMEM_ERR_INVALID;
	if (port->mapped)
		return EXTMEM_ERR_MAPPED;
	port->bus_hz = reach_clock(port->kernel_hz, hz);
	if (actual_hz != NULL)
		*actual_hz = port->bus_hz;
	return EXTMEM_OK;
}

static int host_map_enable(void *ctx, const struct extmem_xspi_op *read_op, const struct extmem_xspi_op *write_op)
{
	struct extmem_host_xspi *port = ctx;
	if (port == NULL || read_op == NULL || read_op->data.dir != EXTMEM_XSPI_DATA_IN || read_op->addr.nbytes == 0)
		return EXTMEM_ERR_INVALID;
	if (write_op != NULL && (write_op->data.dir != EXTMEM_XSPI_DATA_OUT || write_op->addr.nbytes == 0))
		return EXTMEM_ERR_INVALID;
	port->map_read = *read_op;
	port->map_writable = write_op != NULL;
	if (write_op != NULL)
		port->map_write = *write_op;
	port->mapped = true;
	return EXTMEM_OK;
}

static int host_map_disable(void *ctx)
{
	struct extmem_host_xspi *port = ctx;
	if (port == NULL)
		return EXTMEM_ERR_INVALID;
	port->mapped = false;
	return EXTMEM_OK;
}

static int host_set_cs_limits(void *ctx, uint32_t boundary_bytes, uint32_t max_cs_low_cycles)
{
	struct extmem_host_xspi *port = ctx;
	if (boundary_bytes & (boundary_bytes - 1u))
		return EXTMEM_ERR_INVALID;
	port->cs_boundary = boundary_bytes;
	port->cs_max_cycles = max_cs_low_cycles;
	return EXTMEM_OK;
}

static uint32_t host_time_us(void *ctx)
{
	struct extmem_host_xspi *port = ctx;
	if (unbound(port))
		return 0;
	/* Reading the timer costs the CPU time too; without it a wait loop would never end. */
	extmem_sim_clock_advance(port->dev->clock, HOST_XSPI_TIMER_READ_PS);
	return (uint32_t)(port->dev->clock->now_ps / 1000000u);
}

const struct extmem_xspi_ops extmem_host_xspi_ops = {
	.execute = host_execute,
	.auto_poll = host_auto_poll,
	.set_clock = host_set_clock,
	.map_enable = host_map_enable,
	.map_disable = host_map_disable,
	.time_us = host_time_us,
	.set_cs_limits = host_set_cs_limits,
};

void extmem_host_xspi_init(struct extmem_host_xspi *port, struct extmem_sim_device *dev, uint32_t kernel_hz)
{
	memset(port, 0, sizeof(*port));
	port->dev = dev;
	port->kernel_hz = kernel_hz;
	port->bus_hz = reach_clock(kernel_hz, HOST_XSPI_SAFE_HZ);
}

/* Data bytes one burst may carry after the template's overhead under the CS# low limit (0: none). */
static uint32_t cs_data_limit(const struct extmem_host_xspi *port, const struct extmem_xspi_op *tmpl)
{
	if (port->cs_max_cycles == 0)
		return 0;
	struct extmem_xspi_op head = *tmpl;
	head.data.dir = EXTMEM_XSPI_DATA_NONE;
	uint32_t over = extmem_xspi_op_cycles(&head);
	uint32_t per_clock = tmpl->data.bus.lines * (tmpl->data.bus.dtr ? 2u : 1u);
	uint32_t bytes = port->cs_max_cycles > over ? (port->cs_max_cycles - over) * per_clock / 8u : 0;
	/* Keep whole DTR beats. */
	bytes -= bytes % (per_clock > 8u ? per_clock / 8u : 1u);
	return bytes != 0 ? bytes : 1u;
}

static int map_burst(struct extmem_host_xspi *port, const struct extmem_xspi_op *tmpl, uint32_t offset, void *buf,
		     uint32_t len)
{
	if (unbound(port))
		return EXTMEM_ERR_INVALID;
	if (!port->mapped)
		return EXTMEM_ERR_STATE;
	uint32_t limit = cs_data_limit(port, tmpl);
	while (len > 0) {
		uint32_t n = len;
		if (port->cs_boundary != 0 && n > port->cs_boundary - offset % port->cs_boundary)
			n = port->cs_boundary - offset % port->cs_boundary;
		if (limit != 0 && n > limit)
			n = limit;
		struct extmem_xspi_op op = *tmpl;
		op.addr.value = extmem_xspi_map_address(tmpl->addr_map, offset);
		op.data.len = n;
		op.data.buf.in = buf;
		port->executed++;
		int err = extmem_sim_bus_transfer(port->dev, &op, port->bus_hz);
		if (err != EXTMEM_OK)
			return err;
		offset += n;
		buf = (uint8_t *)buf + n;
		len -= n;
	}
	return EXTMEM_OK;
}

int extmem_host_xspi_map_read(struct extmem_host_xspi *port, uint32_t offset, void *buf, uint32_t len)
{
	if (port == NULL)
		return EXTMEM_ERR_INVALID;
	return map_burst(port, &port->map_read, offset, buf, len);
}

int extmem_host_xspi_map_write(struct extmem_host_xspi *port, uint32_t offset, const void *buf, uint32_t len)
{
	if (port == NULL)
		return EXTMEM_ERR_INVALID;
	if (port->mapped && !port->map_writable)
		return EXTMEM_ERR_NOT_SUPPORTED;
	/* The burst only reads from buf: the template's direction is OUT. */
	return map_burst(port, &port->map_write, offset, (void *)(uintptr_t)buf, len);
}
