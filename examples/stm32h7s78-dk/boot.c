/* SPDX-License-Identifier: MIT */
/*
 * Boot for the STM32H7S78-DK (runs from internal flash): 600 MHz, the octal
 * NOR on XSPI2 brought up by the NOR SFDP driver through the stm32h7rs port,
 * memory-mapped, then the application at 0x70000000 started in place (XIP)
 * through its vector table.
 *
 * LD1 lights when Boot runs. On a failure LD4 lights and the core stops on
 * BKPT with a code: E1 clocks, E2 memory bring-up, E3 mapping, E6 the
 * application returned.
 */
#include "board_stm32h7s78dk.h"
#include "extmem/extmem.h"
#include "extmem/nor_sfdp.h"

#define LED_PORT_O 14u
#define LED_PORT_M 12u
#define SCB_VTOR   (*(volatile uint32_t *)0xE000ED08u)

static struct extmem_stm32_xspi xspi2;
static struct extmem_nor_sfdp_data nor_data;
static const struct extmem_nor_sfdp_config nor_config = {
	.link = EXTMEM_STM32H7S78DK_NOR_LINK(&xspi2),
};
static struct extmem_memory memories[1] = {
	{.kind = EXTMEM_KIND_NOR_SFDP, .driver = &extmem_nor_sfdp_driver, .config = &nor_config, .data = &nor_data},
};

/* LD4 on, then stop where a debugger (or the emulator) sees the code. */
#define FAIL(code)                                                                                                     \
	do {                                                                                                           \
		extmem_stm32_gpio_write(LED_PORT_M, 3, true);                                                          \
		__asm volatile("bkpt #" #code);                                                                        \
	} while (0)

int main(void)
{
	struct extmem_stm32_clocks clocks;
	struct extmem em;
	if (extmem_stm32_clock_init(&clocks) != EXTMEM_OK)
		FAIL(0xE1);
	extmem_stm32_gpio_output(LED_PORT_O, 1);
	extmem_stm32_gpio_output(LED_PORT_M, 3);
	extmem_stm32_gpio_write(LED_PORT_O, 1, true);
	if (extmem_stm32_xspi_init(&xspi2, EXTMEM_STM32_XSPI2, clocks.xspi_kernel_hz, clocks.cpu_hz,
				   EXTMEM_STM32H7S78DK_NOR_SIZE_LOG2) != EXTMEM_OK ||
	    extmem_setup(&em, memories, 1) != EXTMEM_OK || extmem_init(&em, 0) != EXTMEM_OK)
		FAIL(0xE2);
	if (extmem_map(&em, 0) != EXTMEM_OK)
		FAIL(0xE3);
	extmem_stm32_gpio_write(LED_PORT_O, 1, false);
	/* Hand over: the application's vector table opens the window. */
	SCB_VTOR = EXTMEM_STM32_XSPI2_WINDOW;
	void (*entry)(void) = (void (*)(void))(uintptr_t)(*(volatile uint32_t *)(EXTMEM_STM32_XSPI2_WINDOW + 4u));
	entry();
	FAIL(0xE6);
	return 0;
}
