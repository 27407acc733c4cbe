/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "extmem_sim/device.h"
#include "extmem_sim/trace.h"

uint64_t extmem_sim_cycles_to_ps(uint64_t cycles, uint32_t hz)
{
	/* 1e12 ps per second; 128-bit product so long ops at high clocks stay exact. */
	const unsigned __int128 ps_per_s = 1000000000000ull;
	return (uint64_t)(((unsigned __int128)cycles * ps_per_s) / hz);
}

void extmem_sim_violation(struct extmem_sim_device *dev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dev->last_violation, sizeof(dev->last_violation), fmt, ap);
	va_end(ap);
	dev->violations++;
}

int extmem_sim_bus_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	uint64_t start = dev->clock->now_ps;
	uint32_t before = dev->violations;
	int err = extmem_xspi_op_check(op);
	if (err == EXTMEM_OK && bus_hz == 0)
		err = EXTMEM_ERR_INVALID;
	if (err == EXTMEM_OK) {
		extmem_sim_clock_advance(dev->clock, extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(op), bus_hz));
		if (op->data.dir == EXTMEM_XSPI_DATA_IN)
			memset(op->data.buf.in, 0xFF, op->data.len);
		err = dev->ops->transfer(dev, op, bus_hz);
	}
	if (dev->trace != NULL)
		extmem_sim_trace_op(dev->trace, dev, op, bus_hz, start, err, dev->violations - before);
	return err;
}
