/* SPDX-License-Identifier: MIT */
/*
 * extmem simulator: the serial NOR part descriptors (sim/parts/).
 */
#ifndef EXTMEM_SIM_PARTS_H
#define EXTMEM_SIM_PARTS_H

#include <stddef.h>

#include "extmem_sim/nor.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const struct extmem_sim_nor_part extmem_sim_part_mx66uw1g45g;  /* STM32H7S78-DK octal NOR */
extern const struct extmem_sim_nor_part extmem_sim_part_mx25uw25645g; /* NUCLEO-H7S3L8 octal NOR */
extern const struct extmem_sim_nor_part extmem_sim_part_mx25lm51245g; /* 3 V octal NOR */
extern const struct extmem_sim_nor_part extmem_sim_part_mt25ql256;    /* quad, flag status register */
extern const struct extmem_sim_nor_part extmem_sim_part_w25q128jv;    /* quad, QE in SR2 */
extern const struct extmem_sim_nor_part extmem_sim_part_is25wp256;    /* 1.8 V quad/QPI */
extern const struct extmem_sim_nor_part extmem_sim_part_sst26vf064b;  /* non-uniform sector map, locked at power-up */
extern const struct extmem_sim_nor_part extmem_sim_part_mt35xu02g;    /* xSPI octal, VCR switch, "same" extension */
extern const struct extmem_sim_nor_part extmem_sim_part_s25fl128s;    /* quad, SR1 E_ERR/P_ERR, CR1 QUAD, F0h reset */
extern const struct extmem_sim_nor_part extmem_sim_part_mx25l25635f;  /* quad, SCUR P_FAIL/E_FAIL, JESD216 1.0 table */
extern const struct extmem_sim_nor_part
	extmem_sim_part_s28hs512t; /* xSPI octal entered through CFR5V alone (no FF0A) */
/* S25FL128S 64 KiB-sector option: 4 KiB parameter sectors placed by CR1 TBPARM (found by name, not listed yet) */
extern const struct extmem_sim_nor_part extmem_sim_part_s25fl128s_64k;

/* Every NOR part, NULL-terminated; *count receives their number when count is not NULL. */
const struct extmem_sim_nor_part *const *extmem_sim_nor_parts(size_t *count);

/* The part called `name` (case-sensitive, e.g. "MX66UW1G45G"), or NULL. */
const struct extmem_sim_nor_part *extmem_sim_nor_part_find(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SIM_PARTS_H */
