/* SPDX-License-Identifier: MIT */
/*
 * Application for the NUCLEO-H7S3L8, linked by extmem_bootflash() for the
 * XSPI2 window and run in place from the MX25UW25645G: caches on, then LD1
 * (green, PD10) and LD2 (yellow, PD13) blink in turn three times, 100 us a
 * step (UM3276 user LEDs). Returning from main ends on BKPT #0. It starts
 * its own cycle counter and takes the 600 MHz CPU clock from the Boot.
 */
#include "extmem_stm32h7rs.h"

#define PORT_D 3u

int main(void)
{
	static const unsigned pins[2] = {10, 13};
	struct extmem_stm32_time t;

	extmem_stm32_caches_enable(); /* code fetched through the window wants the I-cache */
	if (extmem_stm32_cycle_counter_start() != EXTMEM_OK)
		return 1; /* no time base: no light */
	extmem_stm32_time_init(&t, 600000000u);
	for (unsigned i = 0; i < 2; i++)
		extmem_stm32_gpio_output(PORT_D, pins[i]);
	for (unsigned round = 0; round < 3; round++) {
		for (unsigned i = 0; i < 2; i++) {
			extmem_stm32_gpio_write(PORT_D, pins[i], true);
			extmem_stm32_delay_us(&t, 100);
			extmem_stm32_gpio_write(PORT_D, pins[i], false);
		}
	}
	return 0;
}
