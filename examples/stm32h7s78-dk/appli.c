/* SPDX-License-Identifier: MIT */
/*
 * Application for the STM32H7S78-DK, linked for the XSPI2 window
 * (0x70000000) and run in place from the octal NOR: caches on, then a light
 * runs over LD1..LD4 twice, 100 us a step. Returning from main ends on BKPT #0.
 * It starts the cycle counter it times with itself: a boot other than ours
 * (the vendor's) leaves the DWT off and locked. It takes the 600 MHz CPU
 * clock from the boot stage, whose job that is.
 */
#include "extmem_stm32h7rs.h"

static const struct {
	unsigned port, pin;
} leds[4] = {{14, 1}, {14, 5}, {12, 2}, {12, 3}};

int main(void)
{
	struct extmem_stm32_time t;
	extmem_stm32_caches_enable(); /* code fetched through the window wants the I-cache */
	if (extmem_stm32_cycle_counter_start() != EXTMEM_OK)
		return 1; /* no time base: no light */
	extmem_stm32_time_init(&t, 600000000u);
	for (unsigned i = 0; i < 4; i++)
		extmem_stm32_gpio_output(leds[i].port, leds[i].pin);
	for (unsigned round = 0; round < 2; round++) {
		for (unsigned i = 0; i < 4; i++) {
			extmem_stm32_gpio_write(leds[i].port, leds[i].pin, true);
			extmem_stm32_delay_us(&t, 100);
			extmem_stm32_gpio_write(leds[i].port, leds[i].pin, false);
		}
	}
	return 0;
}
