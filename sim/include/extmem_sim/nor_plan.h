/* SPDX-License-Identifier: MIT */
/*
 * extmem simulator: the fastest way each NOR part model erases, programs and
 * reads, as raw descriptors, and the device-time bound that follows from the
 * part's typical times. The model bench prints the bound; the NOR driver's
 * bench measures the driver against it.
 */
#ifndef EXTMEM_SIM_NOR_PLAN_H
#define EXTMEM_SIM_NOR_PLAN_H

#include "extmem_sim/nor.h"

/* The part's fastest protocol and clock, its largest erase. */
struct extmem_sim_nor_plan {
	enum extmem_sim_nor_proto proto;
	uint32_t hz;
	uint8_t dummy_code; /* Macronix CR2 0x300 */
	uint8_t read_lat;
	bool quad_114; /* 1S part with 1-1-4 read/program (Winbond) */
	uint32_t erase_size;
	uint8_t erase_op;
	uint32_t erase_typ_us;
	bool ext_same;       /* octal commands repeat the opcode as the extension (Micron MT35X) */
	uint8_t read_op_8d;  /* 8D array read opcode: EEh Macronix, 8Bh Micron */
	bool status_no_addr; /* octal status reads take no address (Micron) */
};

struct extmem_sim_nor_plan extmem_sim_nor_plan_for(const struct extmem_sim_nor_part *p);
/* "8D-8D-8D" style name of the plan's protocol. */
const char *extmem_sim_nor_plan_protocol(const struct extmem_sim_nor_plan *pl);

/* Descriptors in the plan's protocol. */
struct extmem_xspi_op extmem_sim_nor_plan_wren(const struct extmem_sim_nor_plan *pl);
struct extmem_xspi_op extmem_sim_nor_plan_erase(const struct extmem_sim_nor_plan *pl, uint32_t addr);
struct extmem_xspi_op extmem_sim_nor_plan_program(const struct extmem_sim_nor_plan *pl, uint32_t addr, const uint8_t *d,
						  uint32_t len);
struct extmem_xspi_op extmem_sim_nor_plan_read(const struct extmem_sim_nor_plan *pl, uint32_t addr, uint8_t *d,
					       uint32_t len);

/* Status register read (2 bytes of sr in 8D). */
struct extmem_xspi_op extmem_sim_nor_plan_status(const struct extmem_sim_nor_plan *pl,
						 const struct extmem_sim_nor_part *p, uint8_t sr[2]);

/* Brings a fresh model into the plan's protocol (unlocked, quad enabled, dummy set). */
void extmem_sim_nor_plan_setup(struct extmem_sim_nor *n, const struct extmem_sim_nor_plan *pl);

/*
 * Device time to erase `total` bytes with the plan's erase and program them
 * page by page: every WREN, erase and program command at the wire plus the
 * part's typical busy time (polling overlaps the busy time: not counted).
 */
/* The erase part of the bound alone. */
uint64_t extmem_sim_nor_plan_erase_ps(const struct extmem_sim_nor_plan *pl, uint32_t total);
uint64_t extmem_sim_nor_plan_bound_ps(const struct extmem_sim_nor_part *p, const struct extmem_sim_nor_plan *pl,
				      const uint8_t *page, uint32_t total);

#endif
