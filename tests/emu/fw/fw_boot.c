/* SPDX-License-Identifier: MIT */
/*
 * Boot test firmware (internal flash): clocks to 600 MHz through the port,
 * LD1 toggled three times 100 us apart on the DWT time base, LD3 on, BKPT #0 (success for `extmem run`).
 */
#include "extmem_stm32h7rs.h"

#define PORT_M 12u
#define PORT_O 14u

int main(void)
{
	struct extmem_stm32_clocks clk;
	if (extmem_stm32_clock_init(&clk) != EXTMEM_OK)
		__asm volatile("bkpt #0xE1");
	struct extmem_stm32_time t;
	extmem_stm32_time_init(&t, clk.cpu_hz);
	extmem_stm32_gpio_output(PORT_O, 1); /* LD1 */
	extmem_stm32_gpio_output(PORT_M, 2); /* LD3 */
	for (int i = 0; i < 3; i++) {
		extmem_stm32_gpio_write(PORT_O, 1, true);
		extmem_stm32_delay_us(&t, 100);
		extmem_stm32_gpio_write(PORT_O, 1, false);
		extmem_stm32_delay_us(&t, 100);
	}
	extmem_stm32_gpio_write(PORT_M, 2, true);
	__asm volatile("bkpt #0");
	return 0;
}
