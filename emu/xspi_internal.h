/* SPDX-License-Identifier: MIT */
/*
 * Shared by the XSPI model's files (xspi.c: the transfer engine; xspi_regs.c:
 * the register file; xspi_window.c: the memory-mapped window): RM0477's
 * XSPI_CR and XSPI_SR bits and the engine's entry points.
 */
#ifndef EXTMEM_EMU_XSPI_INTERNAL_H
#define EXTMEM_EMU_XSPI_INTERNAL_H

#include "internal.h"

#define CR_EN        (1u << 0)
#define CR_ABORT     (1u << 1)
#define CR_APMS      (1u << 22)
#define CR_PMM       (1u << 23)
#define CR_FMODE(cr) (((cr) >> 28) & 3u)

#define SR_TEF  (1u << 0)
#define SR_TCF  (1u << 1)
#define SR_FTF  (1u << 2)
#define SR_SMF  (1u << 3)
#define SR_TOF  (1u << 4)
#define SR_BUSY (1u << 5)

#define FMODE_WRITE 0u
#define FMODE_READ  1u
#define FMODE_POLL  2u
#define FMODE_MAP   3u

/* The XSPIM port an XSPI drives (RM0477 XSPIM_CR). */
unsigned emu_xspi_port_of(struct extmem_emu *emu, unsigned index);
/* Whether the configured indirect transfer has a data phase. */
bool emu_xspi_data_phase(const struct emu_xspi *x);
/* The transfer RM0477 starts on the register write just made. */
void emu_xspi_start_transfer(struct extmem_emu *emu, struct emu_xspi *x);
/* XSPI_SR as the CPU reads it now. */
uint32_t emu_xspi_sr_value(struct extmem_emu *emu, struct emu_xspi *x);
/* CR.ABORT: the transfer or the polling stops. */
void emu_xspi_abort_transfer(struct extmem_emu *emu, struct emu_xspi *x);
/* The data register, size bytes at a time. */
uint32_t emu_xspi_dr_read(struct extmem_emu *emu, struct emu_xspi *x, unsigned size);
void emu_xspi_dr_write(struct extmem_emu *emu, struct emu_xspi *x, unsigned size, uint32_t v);

#endif
