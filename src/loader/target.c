/* SPDX-License-Identifier: MIT */
/* Entry-time setup shared by the loader front-ends (see target.h). */
#include "target.h"

#include <stddef.h>

/* Linker symbols (ports/stm32h7rs/loader_*.ld): only their addresses mean something. */
extern uint32_t extmem_loader_bss_start[], extmem_loader_bss_end[];

struct extmem_loader extmem_loader_state;

#define CPACR (*(volatile uint32_t *)0xE000ED88u)

int extmem_loader_target_init(bool keep_mapped)
{
#if defined(__arm__)
	__asm volatile("cpsid i" ::: "memory");
#endif
	/* word by word: the loop itself must not be turned into a memset call into cleared state */
	size_t words = ((uintptr_t)extmem_loader_bss_end - (uintptr_t)extmem_loader_bss_start) / 4u;
	volatile uint32_t *bss = extmem_loader_bss_start;
	for (size_t i = 0; i < words; i++)
		bss[i] = 0;
	/* CP10/CP11: the compiler may use FP registers for block copies */
	CPACR |= 0xFu << 20;
#if defined(__arm__)
	__asm volatile("dsb\n\tisb" ::: "memory");
#endif
	return extmem_loader_board_start(&extmem_loader_state, keep_mapped);
}
