/* SPDX-License-Identifier: MIT */
/*
 * XIP application (linked for the XSPI2 window): caches on, then LD2
 * toggled twice, 10 us apart, running in place from the octal NOR; its
 * startup ends on BKPT #0.
 */
#include "extmem_stm32h7rs.h"

int main(void)
{
	struct extmem_stm32_time t;
	extmem_stm32_caches_enable(); /* code in place from the NOR wants the I-cache */
	if (extmem_stm32_cycle_counter_start() != EXTMEM_OK)
		return 1;
	extmem_stm32_time_init(&t, 600000000u);
	extmem_stm32_gpio_output(14, 5); /* LD2 */
	for (int i = 0; i < 2; i++) {
		extmem_stm32_gpio_write(14, 5, true);
		extmem_stm32_delay_us(&t, 10);
		extmem_stm32_gpio_write(14, 5, false);
		extmem_stm32_delay_us(&t, 10);
	}
	return 0;
}
