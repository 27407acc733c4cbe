/* SPDX-License-Identifier: MIT */
/*
 * extmem simulator: the device-model interface and the virtual clock.
 *
 * A device model receives the same struct extmem_xspi_op the ports execute.
 * Time is virtual: the bus (host port or emulated XSPI) advances the shared
 * clock by the cycles each op occupies at the bus frequency, then hands the op
 * to the device; a device's busy periods are measured against that clock.
 */
#ifndef EXTMEM_SIM_DEVICE_H
#define EXTMEM_SIM_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "extmem/extmem_xspi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Shared virtual time in picoseconds (2^64 ps is about 213 days). */
struct extmem_sim_clock {
	uint64_t now_ps;
};

static inline void extmem_sim_clock_advance(struct extmem_sim_clock *clk, uint64_t ps)
{
	clk->now_ps += ps;
}

/* Picoseconds taken by `cycles` bus clocks at hz (hz > 0). */
uint64_t extmem_sim_cycles_to_ps(uint64_t cycles, uint32_t hz);

struct extmem_sim_device;
struct extmem_sim_trace; /* extmem_sim/trace.h */

struct extmem_sim_device_ops {
	/*
	 * Handles one op that has just finished on the wire at bus_hz. Input
	 * data (DATA_IN) is written into op->data.buf.in; a device that does not
	 * drive the bus leaves it as the bus's idle level (the caller pre-fills
	 * 0xFF). Returns EXTMEM_OK: a strict model records protocol violations
	 * rather than failing the transfer, as silicon would.
	 */
	int (*transfer)(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz);
	/*
	 * Optional. The virtual time (ps) at which the device's status next
	 * changes by itself (the end of a program or erase), or 0 when nothing
	 * is pending. A bus that polls a status register may jump over the
	 * polls that would all read "busy": the result and the time are the
	 * same as polling through, without millions of simulated reads.
	 */
	uint64_t (*ready_at_ps)(struct extmem_sim_device *dev);
};

struct extmem_sim_device {
	const struct extmem_sim_device_ops *ops;
	struct extmem_sim_clock *clock;
	const char *name;
	uint32_t violations; /* protocol violations recorded so far */
	char last_violation[160];
	/*
	 * Optional (NULL: off). When set, extmem_sim_bus_transfer reports every
	 * op to it after the device answered: one trace line, and the bus
	 * signals if a VCD writer is attached (trace.h, vcd.h).
	 */
	struct extmem_sim_trace *trace;
};

/* Records a protocol violation (printf-style message kept as the last one). */
void extmem_sim_violation(struct extmem_sim_device *dev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The bus: advances dev's clock by the op's wire time at bus_hz, pre-fills
 * input data with 0xFF (pulled-up idle lines), then lets the device answer.
 * With dev->trace set the op is traced afterwards, rejected ops included.
 */
int extmem_sim_bus_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SIM_DEVICE_H */
