/* SPDX-License-Identifier: MIT */
/*
 * Register sequences of vendor code (ST's HAL for STM32H7RS: XSPIM
 * configuration, XSPI abort, GPIO and DMA de-initialisation, UART polling)
 * written out register by register, for the emulator's peripheral tests.
 * Run through the call API; XSPIM port 2 holds a RAM device (9Fh answers
 * EE 00 10).
 */
#include <stddef.h>

#include "extmem_stm32h7rs.h"
#include "test_ops.h"

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define RCC_AHB5ENR  0x58024534u
#define RCC_AHB1ENR  0x58024538u
#define RCC_AHB4ENR  0x58024540u
#define RCC_APB1ENR1 0x58024548u
#define RCC_APB4ENR  0x58024554u
#define XSPIM_CR     0x5200B400u
#define XSPI1        0x52005000u
#define XSPI2        0x5200A000u
#define SBS_EXTICR1  0x58000530u
#define EXTI_BASE    0x58000000u
#define GPIOD        0x58020C00u
#define FLASH_KEYR   0x52002004u
#define FLASH_CR     0x52002010u
#define HPDMA1       0x52000000u
#define DMA_CH(n)    (HPDMA1 + 0x50u + 0x80u * (n))
#define UART4        0x40004C00u
#define USART3       0x40004800u

uint32_t fw_xspim_clock(void);
int32_t fw_port_clock_xspim(void);
uint32_t fw_xspi_abort_like_hal(void);
uint32_t fw_xspim_config_like_hal(void);
uint32_t fw_gpio_deinit_like_hal(uint32_t pin);
void fw_block_resets(uint32_t *out);
uint32_t fw_flash_unlock(void);
uint32_t fw_dma_init_like_hal(void);
void fw_dma_start(void);
int32_t fw_xspim_mux_id(void);
uint32_t fw_uart_hello(uint32_t usart3);
uint32_t fw_uart_echo(void);
int main(void);

int main(void)
{
	return 0;
}

static uint32_t bounded_wait(uint32_t addr, uint32_t mask, uint32_t value)
{
	for (uint32_t i = 0; i < 10000u; i++)
		if ((REG(addr) & mask) == value)
			return 0;
	return 1;
}

/* RCC_AHB5ENR.XSPIMEN is bit 14 (RM0477): XSPIM_CR takes a write and reads it back. */
uint32_t fw_xspim_clock(void)
{
	REG(RCC_AHB5ENR) |= 1u << 12 | 1u << 14;
	REG(XSPIM_CR) = 2u; /* MODE: swapped */
	uint32_t v = REG(XSPIM_CR);
	REG(XSPIM_CR) = 0;
	return v;
}

/* Our port's clock set-up must clock XSPIM: the same write and read back after it. */
int32_t fw_port_clock_xspim(void)
{
	struct extmem_stm32_clocks clk;
	int err = extmem_stm32_clock_init(&clk);
	if (err != EXTMEM_OK)
		return err;
	REG(XSPIM_CR) = 2u;
	int32_t v = (int32_t)REG(XSPIM_CR);
	REG(XSPIM_CR) = 0;
	return v;
}

/* HAL_XSPI_Abort on a read in progress: ABORT, wait TCF, clear it, wait BUSY low. */
uint32_t fw_xspi_abort_like_hal(void)
{
	struct extmem_stm32_clocks clk;
	if (extmem_stm32_clock_init(&clk) != EXTMEM_OK)
		return 0xBAD0u;
	REG(XSPI2 + 0x00Cu) = 3u;                                 /* DCR2: prescaler 4 */
	REG(XSPI2 + 0x008u) = 19u << 16;                          /* DCR1: DEVSIZE 1 MiB */
	REG(XSPI2 + 0x000u) = 1u | 1u << 28;                      /* EN, indirect read */
	REG(XSPI2 + 0x040u) = 199u;                               /* DLR: 200 bytes, more than the FIFO */
	REG(XSPI2 + 0x100u) = 1u | 1u << 8 | 2u << 12 | 1u << 24; /* 1S instruction, 3-byte address, data */
	REG(XSPI2 + 0x110u) = 0x03u;
	REG(XSPI2 + 0x048u) = 0; /* starts */
	if (!(REG(XSPI2 + 0x020u) & (1u << 5)))
		return 0xBAD1u; /* not BUSY: nothing to abort */
	REG(XSPI2 + 0x000u) |= 2u;
	if (bounded_wait(XSPI2 + 0x020u, 1u << 1, 1u << 1))
		return 1; /* TCF never came */
	REG(XSPI2 + 0x024u) = 1u << 1;
	if (bounded_wait(XSPI2 + 0x020u, 1u << 5, 0))
		return 2;
	return REG(XSPI2 + 0x020u) & 0x3Fu; /* 0: TCF cleared, not busy */
}

/*
 * HAL_XSPIM_Config's order: both XSPI CRs are read (and written back) while
 * only the second XSPI's clock is on; silicon ignores the unclocked ones.
 */
uint32_t fw_xspim_config_like_hal(void)
{
	REG(RCC_AHB5ENR) = (REG(RCC_AHB5ENR) & ~(1u << 5)) | 1u << 12 | 1u << 14;
	uint32_t cr1 = REG(XSPI1 + 0x000u);
	uint32_t cr2 = REG(XSPI2 + 0x000u);
	REG(XSPI1 + 0x008u) = 0x00130000u; /* DCR1 of the unclocked XSPI1: dropped */
	REG(XSPIM_CR) = 0;
	REG(RCC_AHB5ENR) |= 1u << 5;
	uint32_t dcr1 = REG(XSPI1 + 0x008u);
	return cr1 | cr2 | dcr1;
}

/*
 * HAL_GPIO_DeInit(GPIOD, pin) after the pin's EXTI line was routed to port D:
 * reads SBS_EXTICRx, clears the EXTI line and the routing, puts the pin back
 * to analog. Returns EXTICRx after, with MODER's two bits in bits 30..31.
 */
uint32_t fw_gpio_deinit_like_hal(uint32_t pin)
{
	REG(RCC_APB4ENR) |= 1u << 1; /* SBSEN */
	REG(RCC_AHB4ENR) |= 1u << 3; /* GPIOD */
	uint32_t cr = SBS_EXTICR1 + 4u * (pin >> 2);
	uint32_t shift = 4u * (pin & 3u);
	REG(cr) = (REG(cr) & ~(0xFu << shift)) | 3u << shift; /* line -> PD */
	REG(EXTI_BASE + 0x18u) |= 1u << pin;                  /* IMR1 */
	REG(GPIOD + 0x00u) = (REG(GPIOD + 0x00u) & ~(3u << (2 * pin))) | 1u << (2 * pin);
	/* the de-initialisation */
	uint32_t tmp = REG(cr) & (0xFu << shift);
	if (tmp == 3u << shift) {
		REG(EXTI_BASE + 0x18u) &= ~(1u << pin); /* IMR1 */
		REG(EXTI_BASE + 0x1Cu) &= ~(1u << pin); /* EMR1 */
		REG(EXTI_BASE + 0x00u) &= ~(1u << pin); /* RTSR1 */
		REG(EXTI_BASE + 0x04u) &= ~(1u << pin); /* FTSR1 */
		REG(cr) &= ~(0xFu << shift);
	}
	REG(GPIOD + 0x00u) |= 3u << (2 * pin);
	REG(GPIOD + 0x20u + 4u * (pin >> 3)) &= ~(0xFu << (4u * (pin & 7u)));
	REG(GPIOD + 0x0Cu) &= ~(3u << (2 * pin));
	REG(GPIOD + 0x04u) &= ~(1u << pin);
	REG(GPIOD + 0x08u) &= ~(3u << (2 * pin));
	uint32_t mode = (REG(GPIOD + 0x00u) >> (2 * pin)) & 3u;
	return REG(cr) | mode << 30 | (REG(EXTI_BASE + 0x18u) & (1u << pin) ? 1u << 29 : 0);
}

/* Reset values of registers in the blocks on the boot path (their clocks turned on first). */
void fw_block_resets(uint32_t *out)
{
	REG(RCC_APB4ENR) |= 1u << 1;
	REG(RCC_AHB5ENR) |= 1u << 0;   /* HPDMA1 */
	REG(RCC_APB1ENR1) |= 1u << 19; /* UART4 */
	out[0] = REG(0x52002000u);     /* FLASH_ACR */
	out[1] = REG(FLASH_CR);
	out[2] = REG(0x52002104u);        /* FLASH_OPTCR */
	out[3] = REG(0x58000530u);        /* SBS_EXTICR1 */
	out[4] = REG(DMA_CH(0) + 0x10u);  /* HPDMA1 C0SR */
	out[5] = REG(DMA_CH(15) + 0x14u); /* HPDMA1 C15CR */
	out[6] = REG(UART4 + 0x1Cu);      /* UART4_ISR */
	out[7] = REG(UART4 + 0x00u);      /* UART4_CR1 */
	out[8] = REG(EXTI_BASE + 0x18u);  /* EXTI_IMR1 */
	out[9] = REG(0x58000510u);        /* SBS_CCCSR */
	out[10] = REG(0x58000518u);       /* SBS_CCSWVALR */
	out[11] = REG(0x58000504u);       /* SBS_FPUIMR */
	out[12] = REG(0x58024404u);       /* RCC_HSICFGR */
	out[13] = REG(0x5802440Cu);       /* RCC_CSICFGR */
	out[14] = REG(0x58024800u);       /* PWR_CR1 */
}

/* HAL_FLASH_Unlock: the two keys clear FLASH_CR.LOCK; HAL_FLASH_Lock sets it again. */
uint32_t fw_flash_unlock(void)
{
	uint32_t before = REG(FLASH_CR) & 1u;
	REG(FLASH_KEYR) = 0x45670123u;
	REG(FLASH_KEYR) = 0xCDEF89ABu;
	uint32_t unlocked = REG(FLASH_CR) & 1u;
	REG(FLASH_CR) |= 1u;
	return before | unlocked << 1 | (REG(FLASH_CR) & 1u) << 2;
}

/* HAL_DMA_Init on HPDMA1 channel 3: reset, program the transfer registers, clear the flags. */
uint32_t fw_dma_init_like_hal(void)
{
	REG(RCC_AHB5ENR) |= 1u << 0;
	uint32_t ch = DMA_CH(3);
	REG(ch + 0x14u) &= ~1u;        /* CCR.EN off */
	REG(ch + 0x14u) = 1u << 1;     /* RESET */
	REG(ch + 0x14u) = 2u << 22;    /* PRIO */
	REG(ch + 0x40u) = 0x00080008u; /* CTR1: incrementing source and destination */
	REG(ch + 0x44u) = 0x00000200u; /* CTR2: software request */
	REG(ch + 0x48u) = 64u;         /* CBR1: 64 bytes */
	REG(ch + 0x4Cu) = 0x24000000u; /* CSAR */
	REG(ch + 0x50u) = 0x24001000u; /* CDAR */
	REG(ch + 0x7Cu) = 0;           /* CLLR */
	REG(ch + 0x0Cu) = 0x7F00u;     /* CFCR */
	return REG(ch + 0x10u) | REG(ch + 0x48u) << 16;
}

/* Starting the channel: a transfer the emulator does not perform. */
void fw_dma_start(void)
{
	(void)fw_dma_init_like_hal();
	REG(DMA_CH(3) + 0x14u) |= 1u;
}

/* XSPIM multiplexed (MUXEN, MODE = 1: both XSPIs on port 2): XSPI1 reads the port-2 device's ID. */
int32_t fw_xspim_mux_id(void)
{
	static struct extmem_stm32_xspi xspi1;
	struct extmem_stm32_clocks clk;
	int err = extmem_stm32_clock_init(&clk);
	if (err == EXTMEM_OK)
		err = extmem_stm32_xspi_init(&xspi1, EXTMEM_STM32_XSPI1, clk.xspi_kernel_hz, clk.cpu_hz, 20);
	uint32_t hz = 0;
	if (err == EXTMEM_OK)
		err = extmem_stm32_xspi_ops.set_clock(&xspi1, 50000000u, &hz);
	if (err != EXTMEM_OK)
		return err;
	REG(XSPIM_CR) = 1u | 2u;
	uint8_t id[3] = {0, 0, 0};
	struct extmem_xspi_op op = test_op_read_1s(0x9F, 0, id, 3);
	op.addr.bus.lines = 0;
	op.addr.nbytes = 0;
	err = extmem_stm32_xspi_ops.execute(&xspi1, &op);
	if (err != EXTMEM_OK)
		return err;
	return (int32_t)((uint32_t)id[0] | (uint32_t)id[1] << 8 | (uint32_t)id[2] << 16);
}

static void uart_init(uint32_t base, uint32_t enable_bit)
{
	REG(RCC_APB1ENR1) |= 1u << enable_bit;
	REG(base + 0x00u) = 0;                   /* UE off while configuring */
	REG(base + 0x0Cu) = 64000000u / 115200u; /* BRR */
	REG(base + 0x00u) = 1u << 3 | 1u << 2;   /* TE, RE */
	REG(base + 0x00u) |= 1u;                 /* UE */
}

/* HAL_UART_Init's idle check, then HAL_UART_Transmit's polling loop. Returns bytes sent, or 0xBADn. */
uint32_t fw_uart_hello(uint32_t usart3)
{
	uint32_t base = usart3 ? USART3 : UART4;
	uart_init(base, usart3 ? 18u : 19u);
	if (bounded_wait(base + 0x1Cu, 3u << 21, 3u << 21))
		return 0xBAD1u; /* TEACK/REACK */
	static const char msg[] = "hello from the emulated board\r\n";
	uint32_t n = 0;
	for (; msg[n] != '\0'; n++) {
		if (bounded_wait(base + 0x1Cu, 1u << 7, 1u << 7))
			return 0xBAD2u; /* TXE */
		REG(base + 0x28u) = (uint8_t)msg[n];
	}
	if (bounded_wait(base + 0x1Cu, 1u << 6, 1u << 6))
		return 0xBAD3u; /* TC */
	return n;
}

/* HAL_UART_Receive of up to 16 bytes (RXNE, RDR), each echoed back; stops at '\n' or when none comes. */
uint32_t fw_uart_echo(void)
{
	uart_init(UART4, 19u);
	uint32_t n = 0;
	while (n < 16u && !bounded_wait(UART4 + 0x1Cu, 1u << 5, 1u << 5)) {
		uint32_t c = REG(UART4 + 0x24u) & 0xFFu;
		REG(UART4 + 0x28u) = c;
		n++;
		if (c == '\n')
			break;
	}
	return n;
}
