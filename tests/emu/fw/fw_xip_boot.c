/* SPDX-License-Identifier: MIT */
/*
 * XIP boot (internal flash): 600 MHz, the MX66UW1G45G on XSPI2 brought up by
 * the NOR SFDP driver through the stm32h7rs port (8D-8D-8D at 200 MHz
 * expected), mapped, then the application in the XSPI2 window is entered
 * through its vector table. BKPT #0xE2.. on each failure.
 */
#include "board_stm32h7s78dk.h"
#include "extmem/extmem.h"
#include "extmem/nor_sfdp.h"

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

static struct extmem_stm32_xspi xspi;
static struct extmem_nor_sfdp_data nor_data;
static const struct extmem_nor_sfdp_config nor_cfg = {
	.link = EXTMEM_STM32H7S78DK_NOR_LINK(&xspi),
};
static struct extmem_memory table[1] = {
	{.kind = EXTMEM_KIND_NOR_SFDP, .driver = &extmem_nor_sfdp_driver, .config = &nor_cfg, .data = &nor_data},
};

int main(void)
{
	struct extmem_stm32_clocks clk;
	struct extmem em;
	if (extmem_stm32_clock_init(&clk) != EXTMEM_OK)
		__asm volatile("bkpt #0xE1");
	extmem_stm32_gpio_output(14, 1); /* LD1: boot alive */
	extmem_stm32_gpio_write(14, 1, true);
	if (extmem_stm32_xspi_init(&xspi, EXTMEM_STM32_XSPI2, clk.xspi_kernel_hz, clk.cpu_hz,
				   EXTMEM_STM32H7S78DK_NOR_SIZE_LOG2) != EXTMEM_OK ||
	    extmem_setup(&em, table, 1) != EXTMEM_OK || extmem_init(&em, 0) != EXTMEM_OK)
		__asm volatile("bkpt #0xE2");
	if (table[0].info.protocol != EXTMEM_PROTO_8D_8D_8D)
		__asm volatile("bkpt #0xE3");
	if (table[0].info.clock_hz != 200000000u)
		__asm volatile("bkpt #0xE4");
	if (extmem_map(&em, 0) != EXTMEM_OK)
		__asm volatile("bkpt #0xE5");
	/* hand over: the application's vector table is at the start of the window */
	REG(0xE000ED08u) = EXTMEM_STM32_XSPI2_WINDOW;
	void (*entry)(void) = (void (*)(void))(uintptr_t)REG(EXTMEM_STM32_XSPI2_WINDOW + 4u);
	entry();
	__asm volatile("bkpt #0xE6");
	return 0;
}
