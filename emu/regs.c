/* SPDX-License-Identifier: MIT */
/* extmem emulator: special and fault status registers for tools (regs.h). */
#include <string.h>

#include "extmem_emu/regs.h"
#include "internal.h"

static uint32_t rd(struct extmem_emu *emu, int reg)
{
	uint32_t v = 0;
	uc_reg_read(emu->uc, reg, &v);
	return v;
}

void extmem_emu_get_sysregs(struct extmem_emu *emu, struct extmem_emu_sysregs *out)
{
	memset(out, 0, sizeof(*out));
	out->xpsr = rd(emu, UC_ARM_REG_XPSR);
	out->msp = rd(emu, UC_ARM_REG_MSP);
	out->psp = rd(emu, UC_ARM_REG_PSP);
	out->primask = rd(emu, UC_ARM_REG_PRIMASK);
	out->basepri = rd(emu, UC_ARM_REG_BASEPRI);
	out->faultmask = rd(emu, UC_ARM_REG_FAULTMASK);
	out->control = rd(emu, UC_ARM_REG_CONTROL);
	out->cfsr = emu->scs[0xD28 / 4];
	out->hfsr = emu->scs[0xD2C / 4];
	out->mmfar = emu->scs[0xD34 / 4];
	out->bfar = emu->scs[0xD38 / 4];
}
