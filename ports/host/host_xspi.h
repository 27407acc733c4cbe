/* SPDX-License-Identifier: MIT */
/*
 * The host xSPI port: executes operation descriptors on a simulated device
 * (sim/) over a virtual bus. The bus clock is the controller's kernel clock
 * divided by an integer prescaler (1..256), as on the STM32 XSPI; time_us is
 * the simulator's virtual clock.
 */
#ifndef EXTMEM_HOST_XSPI_H
#define EXTMEM_HOST_XSPI_H

#include "extmem/extmem_xspi.h"
#include "extmem_sim/device.h"

struct extmem_host_xspi {
	struct extmem_sim_device *dev;
	uint32_t kernel_hz;
	uint32_t bus_hz;
	bool mapped;
	bool map_writable;
	struct extmem_xspi_op map_read;
	struct extmem_xspi_op map_write;
	uint32_t executed;      /* ops put on the bus, auto-poll reads included */
	uint32_t cs_boundary;   /* set_cs_limits: mapped bursts split here (0: none) */
	uint32_t cs_max_cycles; /* and before this many clocks (0: no limit) */
};

/*
 * The ops answer EXTMEM_ERR_INVALID (time_us: 0) for a NULL ctx or a port
 * bound to no device, so a link left half filled in fails init cleanly.
 */
extern const struct extmem_xspi_ops extmem_host_xspi_ops;

/* Binds the port to a device; the bus starts at the slowest clock <= 50 MHz. */
void extmem_host_xspi_init(struct extmem_host_xspi *port, struct extmem_sim_device *dev, uint32_t kernel_hz);

/*
 * A CPU access through the memory-mapped window: each call is one burst of
 * the mapped read (or write) descriptor at `offset` (the template's
 * addr_map gives the wire address), cut where set_cs_limits asks.
 * EXTMEM_ERR_STATE when not mapped.
 */
int extmem_host_xspi_map_read(struct extmem_host_xspi *port, uint32_t offset, void *buf, uint32_t len);
int extmem_host_xspi_map_write(struct extmem_host_xspi *port, uint32_t offset, const void *buf, uint32_t len);

#endif
