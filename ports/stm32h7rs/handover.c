/* SPDX-License-Identifier: MIT */
/*
 * The one hand-over routine from the Boot to the application, and the Boot's
 * documented failure state. Register addresses are the Cortex-M7 system
 * control space (ARMv7-M ARM, B3), the same on every STM32H7R/H7S.
 */
#include "extmem_stm32h7rs_boot.h"

#include "extmem_stm32h7rs.h"

#include "stm32h7rs_regs.h"

#define SYST_CSR            0xE000E010u
#define SYST_RVR            0xE000E014u
#define SYST_CVR            0xE000E018u
#define NVIC_ICER(n)        (0xE000E180u + 4u * (n))
#define NVIC_ICPR(n)        (0xE000E280u + 4u * (n))
#define SCB_ICSR            0xE000ED04u
#define SCB_VTOR_REG        0xE000ED08u
#define ICSR_PENDSTCLR      (1u << 25)
#define ICSR_PENDSVCLR      (1u << 27)
#define MPU_TYPE            0xE000ED90u
#define MPU_CTRL            0xE000ED94u
#define MPU_RNR             0xE000ED98u
#define MPU_RBAR            0xE000ED9Cu
#define MPU_RASR            0xE000EDA0u
#define MPU_CTRL_ENABLE     (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)
#define DHCSR               0xE000EDF0u
#define DHCSR_C_DEBUGEN     (1u << 0)
#define NVIC_WORDS          8u /* ICER0..7 cover the 240 interrupts ARMv7-M allows; unused ones ignore writes */

static void barrier(void)
{
#if defined(__arm__)
	__asm volatile("dsb\n\tisb" ::: "memory");
#endif
}

void extmem_stm32_mpu_set(const struct extmem_mpu_region *regions, unsigned count)
{
	unsigned slots = (EXTMEM_STM32_REG(MPU_TYPE) >> 8) & 0xFFu;

	if (!regions)
		count = 0;

	EXTMEM_STM32_REG(MPU_CTRL) = 0;
	barrier();
	for (unsigned i = 0; i < slots; i++) {
		EXTMEM_STM32_REG(MPU_RNR) = i;
		/* A region the Boot used and the application did not ask for must not survive. */
		EXTMEM_STM32_REG(MPU_RASR) = 0;
		if (i < count) {
			EXTMEM_STM32_REG(MPU_RBAR) = regions[i].rbar & ~0x1Fu; /* VALID and REGION come from RNR */
			EXTMEM_STM32_REG(MPU_RASR) = regions[i].rasr;
		}
	}
	if (count)
		EXTMEM_STM32_REG(MPU_CTRL) = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
	barrier();
}

void extmem_stm32_handover(const struct extmem_boot_start *start, const struct extmem_stm32_mpu_region *mpu,
			   unsigned mpu_count)
{
	uint32_t sp = start->sp, entry = start->entry;

#if defined(__arm__)
	__asm volatile("cpsid i" ::: "memory");
#endif
	/* Nothing the Boot started may fire into the application's table. */
	EXTMEM_STM32_REG(SYST_CSR) = 0;
	EXTMEM_STM32_REG(SYST_RVR) = 0;
	EXTMEM_STM32_REG(SYST_CVR) = 0;
	EXTMEM_STM32_REG(SCB_ICSR) = ICSR_PENDSTCLR | ICSR_PENDSVCLR;
	/* a loop, not 16 unrolled stores (-Os would unroll it: 48 B more) */
#pragma GCC unroll 1
	for (unsigned n = 0; n < NVIC_WORDS; n++) {
		EXTMEM_STM32_REG(NVIC_ICER(n)) = 0xFFFFFFFFu;
		EXTMEM_STM32_REG(NVIC_ICPR(n)) = 0xFFFFFFFFu;
	}
	barrier();
	/*
	 * Cleaning the D-cache writes an LRUN copy to RAM, where instruction
	 * fetches see it; invalidating the I-cache drops the Boot's lines. The
	 * application turns the caches back on when it wants them.
	 */
	extmem_stm32_caches_disable();
	extmem_stm32_mpu_set(mpu, mpu_count); /* no regions when mpu is NULL */
	EXTMEM_STM32_REG(SCB_VTOR_REG) = start->vector_table;
	barrier();
#if defined(__arm__)
	/*
	 * MSP from the table, CONTROL as at reset (privileged, MSP, no FP
	 * context), PRIMASK as at reset: every interrupt source is off above.
	 */
	__asm volatile("msr msp, %0\n\t"
		       "msr control, %2\n\t"
		       "isb\n\t"
		       "cpsie i\n\t"
		       "bx %1" ::"r"(sp),
		       "r"(entry), "r"(0u)
		       : "memory");
#else
	(void)sp;
	(void)entry;
#endif
	for (;;) {
	}
}

void extmem_stm32_boot_fail(uint32_t status_word)
{
	EXTMEM_STM32_REG(EXTMEM_STM32_BOOT_STATUS_ADDR) = EXTMEM_STM32_BOOT_STATUS_MAGIC;
	EXTMEM_STM32_REG(EXTMEM_STM32_BOOT_STATUS_ADDR + 4u) = status_word;
	barrier();
	for (;;) {
#if defined(__arm__)
		/* Stop where an attached debugger sees it; without one a BKPT would be a HardFault. */
		if (EXTMEM_STM32_REG(DHCSR) & DHCSR_C_DEBUGEN)
			__asm volatile("bkpt #0xEB");
		__asm volatile("wfi");
#endif
	}
}

const struct extmem_bootflash_port extmem_stm32_bootflash_port = {
	.handover = extmem_stm32_handover,
	.fail = extmem_stm32_boot_fail,
};
