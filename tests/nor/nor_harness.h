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

/* Where nor_harness_up_with puts its pattern, and how much of it. */
#define NOR_HARNESS_PATTERN_AT  0x2000u
#define NOR_HARNESS_PATTERN_LEN 4096u
/*
 * nor_harness_up, then `driver` (a read-only table, say) in the table, the
 * manager set up over it (not initialised) and NOR_HARNESS_PATTERN_LEN bytes
 * of a pattern in the array at NOR_HARNESS_PATTERN_AT.
 */
int nor_harness_up_with(struct nor_harness *h, const struct extmem_sim_nor_part *part, uint8_t lines, uint32_t max_hz,
			const struct extmem_driver *driver);
/* Reads the pattern back through the manager into buf (NOR_HARNESS_PATTERN_LEN bytes): 0 when it matches the array. */
int nor_harness_read_pattern(struct nor_harness *h, uint8_t *buf);

#endif
