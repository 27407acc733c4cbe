/* SPDX-License-Identifier: MIT */
/*
 * The set-up the XIP tests share: the DK's MX66UW1G45G model holding an
 * application ELF at its window address 0x70000000, behind XSPI2 of an
 * emulator loaded with a boot ELF and reset.
 */
#ifndef EXTMEM_TEST_EMU_XIP_RIG_H
#define EXTMEM_TEST_EMU_XIP_RIG_H

#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"

struct xip_rig {
	struct extmem_sim_clock clock;
	struct extmem_sim_nor *nor;
	struct extmem_emu *emu;
};

/* Builds the rig; fails the running cmocka test with the loader's message when a file does not load. */
void xip_rig_start(struct xip_rig *r, const char *appli_elf, const char *boot_elf);
void xip_rig_free(struct xip_rig *r);

#endif
