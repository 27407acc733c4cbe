/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: the special and system registers a tool shows after a
 * stop (`extmem run` fault report, --json): xPSR, the stack pointers, the
 * mask and control registers, and the SCB fault status registers (ARMv7-M
 * ARM B3.2: CFSR 0xE000ED28, HFSR 0xE000ED2C, MMFAR 0xE000ED34, BFAR
 * 0xE000ED38) as the machine's SCS holds them.
 */
#ifndef EXTMEM_EMU_REGS_H
#define EXTMEM_EMU_REGS_H

#include <stdint.h>

#include "extmem_emu/machine.h"

#ifdef __cplusplus
extern "C" {
#endif

struct extmem_emu_sysregs {
	uint32_t xpsr, msp, psp, primask, basepri, faultmask, control;
	uint32_t cfsr, hfsr, mmfar, bfar;
};

void extmem_emu_get_sysregs(struct extmem_emu *emu, struct extmem_emu_sysregs *out);

#ifdef __cplusplus
}
#endif

#endif
