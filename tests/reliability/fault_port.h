/* SPDX-License-Identifier: MIT */
/*
 * The MCU's side of an xSPI link for the reliability campaigns: passes the
 * driver's operations to the host port, counts them (an execute or an
 * auto-poll is one), and stops the MCU after a chosen one, with or without
 * cutting the part's power at the same instant.
 *
 * Waits are not simulated read by read. A status read repeated back to back
 * while the part is busy jumps the virtual clock to a few microseconds
 * before the part's ready time (ready_at_ps), as the host port's own
 * auto-poll does: the driver sees the same answers at the same virtual
 * times. A part that never becomes ready (stuck busy) has no ready time:
 * after 64 identical reads each further one comes 1/64 of the time already
 * spent polling later, so the driver's timeout is reached at most ~2% late
 * in a few hundred reads instead of hundreds of millions. The auto-poll is
 * done the same way here (one operation for the count, as on the port).
 */
#ifndef EXTMEM_TEST_FAULT_PORT_H
#define EXTMEM_TEST_FAULT_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include "extmem/extmem_xspi.h"
#include "extmem_sim/nor.h"
#include "host_xspi.h"

struct fault_port {
	struct extmem_host_xspi *host;
	struct extmem_sim_nor *model;
	uint32_t count;      /* operations passed to the bus so far */
	uint32_t stop_after; /* the MCU stops after this operation; 0: never */
	bool cut;            /* and the part loses power with it */
	bool stopped;        /* nothing reaches the bus any more (EXTMEM_ERR_TIMEOUT to the driver) */
	/* polling detection */
	bool last_was_read;
	uint16_t last_opcode;
	uint32_t last_len;
	uint32_t same_reads;
	uint64_t same_since_ps;
};

extern const struct extmem_xspi_ops fault_port_ops;

/* Binds the port to the harness's host port and model; nothing stopped. */
void fault_port_init(struct fault_port *p, struct extmem_host_xspi *host, struct extmem_sim_nor *model);
/* Counts from 0 again and stops the MCU after operation k (0: never). */
void fault_port_arm(struct fault_port *p, uint32_t k, bool cut);
/* The MCU runs again (after its reset or the power coming back). */
void fault_port_release(struct fault_port *p);

#endif
