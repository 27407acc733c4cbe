/* SPDX-License-Identifier: MIT */
/*
 * A minimal RAM device on an xSPI bus, for the host port's and the manager's
 * own tests: 1S-1S-1S only, 03h read and 02h write with a 3- or 4-byte
 * address (by the address length of the op), 9Fh read ID. Anything else is a
 * recorded violation. Every write is logged so tests can prove what was (not)
 * written.
 */
#ifndef EXTMEM_SIM_RAM_DEVICE_H
#define EXTMEM_SIM_RAM_DEVICE_H

#include <stddef.h>

#include "extmem_sim/device.h"

#define EXTMEM_SIM_RAM_LOG 64

struct extmem_sim_ram_write {
	uint32_t addr;
	uint32_t len;
};

struct extmem_sim_ram_device {
	struct extmem_sim_device base;
	uint8_t *array;
	size_t size;
	uint32_t writes; /* total write ops, may exceed the log */
	struct extmem_sim_ram_write log[EXTMEM_SIM_RAM_LOG];
};

void extmem_sim_ram_device_init(struct extmem_sim_ram_device *ram, struct extmem_sim_clock *clock, uint8_t *array,
				size_t size);

#endif
