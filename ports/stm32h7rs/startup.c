/* SPDX-License-Identifier: MIT */
/*
 * Startup for STM32H7R/H7S: the vector table and the reset handler (copy
 * .data, zero .bss, FPU on, main). Handlers are plain function pointers an
 * application may set (no weak symbols): extmem_stm32_systick_hook and
 * extmem_stm32_svc_hook. Every other exception stops at a BKPT, which a
 * debugger (or the emulator) reports. Our own code needs no interrupt.
 *
 * EXTMEM_STM32_SYSTEM_VECTORS=4 (the Boots): initial SP, Reset, NMI and
 * HardFault only, no SysTick/SVC handler nor hook. Out of reset MemManage,
 * BusFault and UsageFault are disabled and escalate to HardFault; SVCall,
 * PendSV, DebugMonitor and SysTick are taken only once software executes SVC
 * or enables them (ARMv7-M ARM B1.5), which such a firmware never does. The
 * words after the table are code: an exception it does not list would fetch
 * its vector there.
 */
#include <stdint.h>
#include <string.h>

#include "extmem_stm32h7rs.h"

#if defined(__arm__)

extern uint32_t _estack;
/* Linker symbols: only their addresses mean something. */
extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[];
int main(void);

#ifndef EXTMEM_STM32_SYSTEM_VECTORS
#define EXTMEM_STM32_SYSTEM_VECTORS 16
#endif
#if EXTMEM_STM32_SYSTEM_VECTORS != 16 && EXTMEM_STM32_SYSTEM_VECTORS != 4
#error "EXTMEM_STM32_SYSTEM_VECTORS: 16 (all system vectors) or 4 (SP, Reset, NMI, HardFault)"
#endif

void extmem_stm32_reset_handler(void);
void extmem_stm32_default_handler(void);

void extmem_stm32_default_handler(void)
{
	__asm volatile("bkpt #0xEE");
	for (;;) {
	}
}

#if EXTMEM_STM32_SYSTEM_VECTORS == 16
void (*volatile extmem_stm32_systick_hook)(void);
void (*volatile extmem_stm32_svc_hook)(void);

void extmem_stm32_systick_handler(void);
void extmem_stm32_svc_handler(void);

void extmem_stm32_systick_handler(void)
{
	void (*hook)(void) = extmem_stm32_systick_hook;
	if (hook != 0)
		hook();
}

void extmem_stm32_svc_handler(void)
{
	void (*hook)(void) = extmem_stm32_svc_hook;
	if (hook != 0)
		hook();
}
#endif

void extmem_stm32_reset_handler(void)
{
	/* libc_small.c's word loops: aligned, whole words (the linker script aligns both sections to 4) */
	memcpy(_sdata, _sidata, (size_t)((uintptr_t)_edata - (uintptr_t)_sdata));
	memset(_sbss, 0, (size_t)((uintptr_t)_ebss - (uintptr_t)_sbss));
	/* CP10 and CP11 full access: the FPU */
	*(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
	__asm volatile("dsb\n\tisb" ::: "memory");
	(void)main();
	/* main returned: stop where a debugger or the emulator sees it */
	__asm volatile("bkpt #0x00");
	for (;;) {
	}
}

/*
 * 160 peripheral interrupt lines (RM0477's vector table). A Boot, which never
 * enables an interrupt, is built with EXTMEM_STM32_VECTOR_IRQS=0 (640 bytes
 * less flash) and EXTMEM_STM32_SYSTEM_VECTORS=4.
 */
#ifndef EXTMEM_STM32_VECTOR_IRQS
#define EXTMEM_STM32_VECTOR_IRQS 160
#endif
#if EXTMEM_STM32_SYSTEM_VECTORS < 16 && EXTMEM_STM32_VECTOR_IRQS > 0
#error "EXTMEM_STM32_VECTOR_IRQS needs the 16 system vectors before them"
#endif
#define VECTORS (EXTMEM_STM32_SYSTEM_VECTORS + EXTMEM_STM32_VECTOR_IRQS)

__attribute__((section(".isr_vector"), used)) void (*const extmem_stm32_vectors[VECTORS])(void) = {
	[0] = (void (*)(void))(uintptr_t)&_estack,
	[1] = extmem_stm32_reset_handler,
	[2 ... 3] = extmem_stm32_default_handler, /* NMI, HardFault (every fault escalates to it) */
#if EXTMEM_STM32_SYSTEM_VECTORS == 16
	[4 ... 10] = extmem_stm32_default_handler,
	[11] = extmem_stm32_svc_handler,
	[12 ... 14] = extmem_stm32_default_handler,
	[15] = extmem_stm32_systick_handler,
#endif
#if EXTMEM_STM32_VECTOR_IRQS > 0
	[16 ... VECTORS - 1] = extmem_stm32_default_handler,
#endif
};

#endif /* __arm__ */
