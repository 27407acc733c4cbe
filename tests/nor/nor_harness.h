/* SPDX-License-Identifier: MIT */
/* A simulated NOR part behind the host port, managed by the NOR SFDP driver. */
#ifndef EXTMEM_TEST_NOR_HARNESS_H
#define EXTMEM_TEST_NOR_HARNESS_H

#include "extmem/extmem.h"
#include "extmem/nor_sfdp.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "host_xspi.h"

struct nor_harness {
	struct extmem_sim_clock clock;
	struct extmem_sim_nor *model;
	struct extmem_host_xspi port;
	struct extmem_nor_sfdp_config cfg;
	struct extmem_nor_sfdp_data data;
	struct extmem_memory table[1];
	struct extmem em;
};

/* Creates the model of `part` (array allocated, erased), wires a link of `lines` at up to max_hz. */
int nor_harness_up(struct nor_harness *h, const struct extmem_sim_nor_part *part, uint8_t lines, uint32_t max_hz);
/* Wires h->model (already created on h->clock, e.g. a model made from an SFDP image) the same way. */
int nor_harness_wire(struct nor_harness *h, uint8_t lines, uint32_t max_hz);
void nor_harness_down(struct nor_harness *h);

#endif
