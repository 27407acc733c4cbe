/* SPDX-License-Identifier: MIT */
/*
 * Example USER memory type: a RAM-like device on an xSPI link that takes 03h
 * read and 02h write in 1S-1S-1S with a 3-byte address (the simulator's RAM
 * device is one). It is the smallest complete memory type: an ops table the
 * application hands to the manager, with the link as its configuration.
 */
#ifndef EXTMEM_EXAMPLE_XSPI_RAM_H
#define EXTMEM_EXAMPLE_XSPI_RAM_H

#include "extmem/extmem.h"

/* m->config must point at a struct extmem_example_xspi_ram_config. */
struct extmem_example_xspi_ram_config {
	struct extmem_xspi_link link;
	uint32_t size; /* bytes, at most 16 MiB (3-byte addresses) */
};

extern const struct extmem_driver extmem_example_xspi_ram_driver;

#endif
