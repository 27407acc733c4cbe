/* SPDX-License-Identifier: MIT */
/*
 * A boot-count in the external NOR: the firmware's own flash writes, for the
 * persistent --flash file test. Brings up the MX66UW1G45G through the NOR
 * driver, reads the 32-bit count at COUNT_ADDR (erased: 0), erases its 4 KiB
 * sector, programs count + 1, reads it back, BKPT #0. BKPT #0xE1.. on a failure.
 */
#include "board_stm32h7s78dk.h"
#include "extmem/extmem.h"
#include "extmem/nor_sfdp.h"

#define COUNT_ADDR 0x00100000u

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
	uint32_t count = 0, check = 0;
	if (extmem_stm32_clock_init(&clk) != EXTMEM_OK)
		__asm volatile("bkpt #0xE1");
	if (extmem_stm32_xspi_init(&xspi, EXTMEM_STM32_XSPI2, clk.xspi_kernel_hz, clk.cpu_hz,
				   EXTMEM_STM32H7S78DK_NOR_SIZE_LOG2) != EXTMEM_OK ||
	    extmem_setup(&em, table, 1) != EXTMEM_OK || extmem_init(&em, 0) != EXTMEM_OK)
		__asm volatile("bkpt #0xE2");
	if (extmem_read(&em, 0, COUNT_ADDR, &count, sizeof(count)) != EXTMEM_OK)
		__asm volatile("bkpt #0xE3");
	if (count == 0xFFFFFFFFu)
		count = 0;
	count++;
	if (extmem_erase(&em, 0, COUNT_ADDR, 4096) != EXTMEM_OK)
		__asm volatile("bkpt #0xE4");
	if (extmem_write(&em, 0, COUNT_ADDR, &count, sizeof(count)) != EXTMEM_OK)
		__asm volatile("bkpt #0xE5");
	if (extmem_read(&em, 0, COUNT_ADDR, &check, sizeof(check)) != EXTMEM_OK || check != count)
		__asm volatile("bkpt #0xE6");
	__asm volatile("bkpt #0");
	return 0;
}
