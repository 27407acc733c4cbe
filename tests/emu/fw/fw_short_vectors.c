/* SPDX-License-Identifier: MIT */
/*
 * Firmware with the Boots' vector table (EXTMEM_STM32_SYSTEM_VECTORS=4:
 * SP, Reset, NMI, HardFault): from reset, main makes the fault the test
 * picks. With MemManage, BusFault and UsageFault disabled, as out of reset,
 * each escalates to HardFault (ARMv7-M ARM B1.5.8), whose handler is the
 * port's BKPT #0xEE.
 */
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

/* The test writes the fault to make here after reset: the bottom of DTCM, which the stack never reaches. */
#define FW_KIND 0x20000000u

#define MPU_CTRL 0xE000ED94u
#define MPU_RNR  0xE000ED98u
#define MPU_RBAR 0xE000ED9Cu
#define MPU_RASR 0xE000EDA0u

int main(void);

/* A 4 KiB region the MPU closes in kind 1. */
__attribute__((aligned(4096))) volatile uint32_t fw_closed[1024];
volatile uint32_t fw_sink;

int main(void)
{
	switch (REG(FW_KIND)) {
	case 0: __asm volatile("udf #0"); break;
	case 1:
		/* region 0 over fw_closed, no access even privileged (AP 000); the default map elsewhere */
		REG(MPU_RNR) = 0;
		REG(MPU_RBAR) = (uint32_t)(uintptr_t)fw_closed;
		REG(MPU_RASR) = (11u << 1) | 1u; /* 4 KiB, enabled */
		REG(MPU_CTRL) = 5u;              /* ENABLE, PRIVDEFENA */
		__asm volatile("dsb\n\tisb" ::: "memory");
		fw_sink = fw_closed[0];
		break;
	case 2: {
		/* LDRD at an address that is not word-aligned: UNALIGNED whatever CCR says */
		uint32_t lo, hi, p = (uint32_t)(uintptr_t)fw_closed + 2u;
		__asm volatile("ldrd %0, %1, [%2]" : "=r"(lo), "=r"(hi) : "r"(p) : "memory");
		fw_sink = lo + hi;
		break;
	}
	default: break;
	}
	return 0; /* no fault: the port's BKPT #0 after main */
}
