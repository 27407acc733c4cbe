/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "extmem_sim/device.h"

uint64_t extmem_sim_cycles_to_ps(uint64_t cycles, uint32_t hz)
{
	/* 1e12 ps per second; split to keep cycles * 1e12 from overflowing. */
	const uint64_t ps_per_s = 1000000000000ull;
	return (cycles / hz) * ps_per_s + ((cycles % hz) * ps_per_s) / hz;
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
	int err = extmem_xspi_op_check(op);
	if (err != EXTMEM_OK)
		return err;
	if (bus_hz == 0)
		return EXTMEM_ERR_INVALID;
	extmem_sim_clock_advance(dev->clock, extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(op), bus_hz));
	if (op->data.dir == EXTMEM_XSPI_DATA_IN)
		memset(op->data.buf.in, 0xFF, op->data.len);
	return dev->ops->transfer(dev, op, bus_hz);
}
