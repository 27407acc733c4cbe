/* SPDX-License-Identifier: MIT */
/*
 * Application for the STM32H7S78-DK. One source, three links: the two
 * appli.ld scripts extmem_bootflash() generates (XIP: boot image, code in
 * place in the NOR at 0x70000400; LRUN: boot image copied to AXI SRAM at
 * 0x24000000; data and heap in the PSRAM at 0x90000000 in both) and
 * ports/stm32h7rs/appli.ld (plain, at 0x70000000, data in AXI SRAM, for
 * boots that jump to the window's start). Caches on, its .data and heap checked where the link put them,
 * then a light runs over LD1 (PO1), LD2 (PO5), LD3, LD4 twice, 100 us a
 * step; returning from main ends on BKPT #0, a bad data or heap check on
 * BKPT #0xA1. It starts the cycle counter it times with itself: a boot other
 * than ours (the vendor's) leaves the DWT off and locked. It takes the
 * 600 MHz CPU clock from the boot stage, whose job that is.
 */
#include "extmem_stm32h7rs.h"

#define HEAP_CHECK_WORDS 64u
#define HEAP_CHECK_BYTES 256u /* HEAP_CHECK_WORDS words */

static const struct {
	unsigned port, pin;
} leds[4] = {{14, 1}, {14, 5}, {12, 2}, {12, 3}};

/* Initialised data: the start-up code copied it from the image to where the link put .data. */
static volatile uint32_t data_word = 0x600DDA7Au;
/* Zeroed data: counts the LED steps. */
static volatile uint32_t steps;
extern uint32_t _sheap[], _eheap[];

/* The heap (what the link left of the data memory) holds what is written to it. */
static int heap_ok(void)
{
	volatile uint32_t *heap = _sheap;
	if ((uintptr_t)_eheap - (uintptr_t)_sheap < HEAP_CHECK_BYTES)
		return 0;
	for (uint32_t i = 0; i < HEAP_CHECK_WORDS; i++)
		heap[i] = 0xA5A50000u ^ (i * 0x01010101u);
	for (uint32_t i = 0; i < HEAP_CHECK_WORDS; i++)
		if (heap[i] != (0xA5A50000u ^ (i * 0x01010101u)))
			return 0;
	return 1;
}

int main(void)
{
	struct extmem_stm32_time t;
	extmem_stm32_caches_enable(); /* code fetched through the window wants the I-cache */
	if (data_word != 0x600DDA7Au || steps != 0 || !heap_ok())
		__asm volatile("bkpt #0xA1");
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
			steps = steps + 1;
		}
	}
	return 0;
}
