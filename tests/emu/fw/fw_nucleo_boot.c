/* SPDX-License-Identifier: MIT */
/*
 * Boot firmware for the NUCLEO-H7S3L8 (internal flash): clocks through the
 * port, LD1 (PD10) and LD2 (PD13) on, a line on USART3 (the board's ST-LINK
 * virtual COM port, PD8/PD9), LD1 off, BKPT #0.
 */
#include "extmem_stm32h7rs.h"

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define PORT_D       3u
#define RCC_APB1ENR1 0x58024548u
#define USART3       0x40004800u

static void usart3_puts(const char *s, uint32_t pclk_hz)
{
	REG(RCC_APB1ENR1) |= 1u << 18;
	REG(USART3 + 0x0Cu) = pclk_hz / 115200u;
	REG(USART3 + 0x00u) = 1u << 3 | 1u; /* TE, UE */
	while (!(REG(USART3 + 0x1Cu) & (1u << 21))) {
	} /* TEACK */
	for (; *s != '\0'; s++) {
		while (!(REG(USART3 + 0x1Cu) & (1u << 7))) {
		} /* TXE */
		REG(USART3 + 0x28u) = (uint8_t)*s;
	}
	while (!(REG(USART3 + 0x1Cu) & (1u << 6))) {
	} /* TC */
}

int main(void)
{
	struct extmem_stm32_clocks clk;
	if (extmem_stm32_clock_init(&clk) != EXTMEM_OK)
		__asm volatile("bkpt #0xE1");
	extmem_stm32_gpio_output(PORT_D, 10); /* LD1 */
	extmem_stm32_gpio_output(PORT_D, 13); /* LD2 */
	extmem_stm32_gpio_write(PORT_D, 10, true);
	extmem_stm32_gpio_write(PORT_D, 13, true);
	usart3_puts("nucleo-h7s3l8 up\r\n", clk.hclk_hz / 2u);
	extmem_stm32_gpio_write(PORT_D, 10, false);
	__asm volatile("bkpt #0");
	return 0;
}
