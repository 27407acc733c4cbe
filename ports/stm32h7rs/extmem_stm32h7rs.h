/* SPDX-License-Identifier: MIT */
/*
 * extmem port for STM32H7R/H7S: the XSPI controllers at register level, the
 * system clock, a DWT time base and GPIO outputs. No vendor HAL, no
 * interrupts, no heap: the caller owns every struct.
 */
#ifndef EXTMEM_STM32H7RS_H
#define EXTMEM_STM32H7RS_H

#include <stdbool.h>
#include <stdint.h>

#include "extmem/extmem_sd.h"
#include "extmem/extmem_xspi.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EXTMEM_STM32_XSPI1        0x52005000u
#define EXTMEM_STM32_XSPI2        0x5200A000u
#define EXTMEM_STM32_XSPI1_WINDOW 0x90000000u
#define EXTMEM_STM32_XSPI2_WINDOW 0x70000000u

/* The clocks extmem_stm32_clock_init reached. */
struct extmem_stm32_clocks {
	uint32_t cpu_hz;
	uint32_t hclk_hz;
	uint32_t xspi_kernel_hz; /* XSPI1 and XSPI2 kernel clock (PLL2 S) */
};

/*
 * Brings the chip from reset to 600 MHz CPU (PLL1 from HSI, voltage scale
 * high, flash latency), 300 MHz AHB, 200 MHz XSPI kernel clock (PLL2 S), and
 * turns on the XSPI1/XSPI2/XSPIM clocks, the XSPIM port supplies, the I/O
 * compensation cells, the XSPI2 pins (PN0..PN11, AF9) and the DWT cycle
 * counter. Returns EXTMEM_OK, EXTMEM_ERR_TIMEOUT (a ready flag never came)
 * or the error of extmem_stm32_cycle_counter_start.
 */
int extmem_stm32_clock_init(struct extmem_stm32_clocks *clocks);

/*
 * Starts the DWT cycle counter behind extmem_stm32_time_*: DEMCR.TRCENA,
 * DWT_LAR unlocked (the Cortex-M7 ignores DWT writes while it is locked, as
 * after a reset without a debugger), CYCCNT cleared and enabled. Code that
 * times anything calls it (or extmem_stm32_clock_init) itself rather than
 * relying on an earlier boot stage. EXTMEM_ERR_DEVICE when the counter then
 * does not advance.
 */
int extmem_stm32_cycle_counter_start(void);

/*
 * Invalidates and turns on the Cortex-M7 I-cache and D-cache (by set/way,
 * geometry from CCSIDR), as code running in place from an XSPI window wants.
 * extmem_stm32_caches_disable cleans and invalidates the D-cache first.
 */
void extmem_stm32_caches_enable(void);
void extmem_stm32_caches_disable(void);

/* A monotonic microsecond clock from DWT CYCCNT; call it at least every 2^32 CPU cycles. */
struct extmem_stm32_time {
	uint32_t cpu_mhz;
	uint32_t last_cyc;
	uint32_t us;
	uint32_t rem; /* cycles not yet counted as a microsecond */
};
void extmem_stm32_time_init(struct extmem_stm32_time *t, uint32_t cpu_hz);
uint32_t extmem_stm32_time_us(struct extmem_stm32_time *t);
void extmem_stm32_delay_us(struct extmem_stm32_time *t, uint32_t us);

/* GPIO outputs (port 0 = A ... 15 = P): enables the port clock and sets push-pull output mode. */
void extmem_stm32_gpio_output(unsigned port, unsigned pin);
void extmem_stm32_gpio_write(unsigned port, unsigned pin, bool level);

/* One XSPI controller. */
struct extmem_stm32_xspi {
	uintptr_t base;      /* EXTMEM_STM32_XSPI1 or EXTMEM_STM32_XSPI2 */
	uint32_t kernel_hz;  /* its kernel clock */
	uint32_t bus_hz;     /* reached by the prescaler */
	uint32_t timeout_us; /* bound on one indirect transfer */
	bool mapped;
	bool apmem16; /* DCR1.MTYP = AP Memory 16-bit (extmem_stm32_xspi_set_apmem16) */
	struct extmem_stm32_time time;
};

/*
 * Resets the controller to indirect mode: device size 2^devsize_log2 bytes,
 * chip-select high time 3 cycles, a safe bus clock <= 50 MHz, enabled.
 */
int extmem_stm32_xspi_init(struct extmem_stm32_xspi *x, uintptr_t base, uint32_t kernel_hz, uint32_t cpu_hz,
			   unsigned devsize_log2);

/*
 * An AP Memory x16 PSRAM (APS256XXN on the STM32H7S78-DK's XSPI1): on = DCR1
 * memory type "AP Memory 16-bit", which turns window offsets into the part's
 * x16 word addresses; descriptors keep carrying wire addresses (the port
 * gives AR the byte address that maps to them). off: standard type.
 */
int extmem_stm32_xspi_set_apmem16(struct extmem_stm32_xspi *x, bool on);

/*
 * Chip-select limits a PSRAM needs (ctx = struct extmem_stm32_xspi): no burst
 * crosses a boundary_bytes boundary (a power of two >= 2; 0: none, DCR3
 * CSBOUND), and NCS goes high within max_cs_low_cycles bus clocks (>= 5; 0:
 * no limit; DCR4 REFRESH), for indirect and memory-mapped transfers. The
 * signature of an ops-table entry, so it can serve as one.
 */
int extmem_stm32_xspi_set_cs_limits(void *ctx, uint32_t boundary_bytes, uint32_t max_cs_low_cycles);

/* The ops table: execute, auto_poll, set_clock, map_enable, map_disable, time_us. ctx = struct extmem_stm32_xspi. */
extern const struct extmem_xspi_ops extmem_stm32_xspi_ops;

/*
 * Build switches of xspi.c (each 1 unless the firmware defines it 0), for
 * firmware that moves a few hundred bytes through indirect mode (the Boots):
 *   EXTMEM_STM32_XSPI_AUTO_POLL=0  no auto-polling mode: the tables have no
 *       auto_poll, and the drivers poll the status register with reads of
 *       their own (the same frames on the wires, each bounded the same way).
 *   EXTMEM_STM32_XSPI_BURST=0      FIFO words one at a time, no unrolled
 *       32-byte bursts (these keep the controller fed at 200 MHz in 8D: the
 *       loaders' page programs and read-backs need them).
 *   EXTMEM_STM32_XSPI_APMEM16=0    no AP Memory 16-bit memory type, for a
 *       link without a 16-line PSRAM: AR is the descriptor's address, both
 *       tables refuse an x16 template (EXTMEM_ERR_INVALID) and
 *       extmem_stm32_xspi_set_apmem16 is not built (a link naming it fails).
 */

/*
 * The same without set_cs_limits, and map_enable refuses a template with the
 * AP Memory x16 address map (EXTMEM_ERR_INVALID): for links that carry only
 * NOR (about 100 B less when nothing names the full table). A PSRAM needs
 * extmem_stm32_xspi_ops.
 */
extern const struct extmem_xspi_ops extmem_stm32_xspi_nor_ops;

/* ---- SDMMC1 as an SD host (extmem_sd.h), ports/stm32h7rs/sdmmc.c ---- */

#define EXTMEM_STM32_SDMMC1       0x52007000u /* AHB5, RCC_AHB5ENR.SDMMC1EN (bit 8) */
#define EXTMEM_STM32_SD_NO_DETECT 0xFFu

struct extmem_stm32_sdmmc {
	uintptr_t base;          /* EXTMEM_STM32_SDMMC1 */
	uint32_t kernel_hz;      /* sdmmc_ker_ck (RCC_CCIPR1.SDMMC12SEL = 0: PLL2 S) */
	uint32_t bus_hz;         /* SDMMC_CK reached */
	uint8_t width;           /* 1 or 4 */
	uint32_t cmd_timeout_us; /* software bound on a command and its response (DTIMER bounds data and busy) */
	/* card detect: a GPIO input (port 0 = A ... 15 = P) reading detect_level with a card in; port
	 * EXTMEM_STM32_SD_NO_DETECT: no switch, card_present says present */
	uint8_t detect_port, detect_pin;
	bool detect_level;
	uint32_t last_star; /* SDMMC_STAR of the last failed command, for diagnosis */
	struct extmem_stm32_time time;
};

/*
 * Clocks SDMMC1 (bus clock on, a reset pulse, kernel clock PLL2 S =
 * kernel_hz, which extmem_stm32_clock_init starts), powers the card
 * interface on at <= 400 kHz on one data line with hardware flow control,
 * and waits the 74 clocks the card needs before its first command. No card
 * detect (set detect_* afterwards). EXTMEM_ERR_INVALID for a zero clock.
 */
int extmem_stm32_sdmmc_init(struct extmem_stm32_sdmmc *h, uintptr_t base, uint32_t kernel_hz, uint32_t cpu_hz);

/* SDMMC1's pins PC8..PC11 (D0..D3), PC12 (CK), PD2 (CMD) as alternate function 12, very high speed, D/CMD pulled up. */
void extmem_stm32_sdmmc1_pins(void);

/* The SD host ops table; ctx = struct extmem_stm32_sdmmc. */
extern const struct extmem_sd_ops extmem_stm32_sdmmc_ops;

#ifdef __cplusplus
}
#endif

#endif
