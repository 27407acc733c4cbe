/* SPDX-License-Identifier: MIT */
/*
 * extmem port for STM32H7R/H7S: the Boot's hand-over to the application and
 * its failure state (docs/image-format.md says what is checked before).
 */
#ifndef EXTMEM_STM32H7RS_BOOT_H
#define EXTMEM_STM32H7RS_BOOT_H

#include <stdint.h>

#include "extmem/boot.h"
#include "extmem/bootflash.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Where a failed Boot leaves its status: the magic, then the word of
 * extmem_boot_status_word(). The first two words of DTCM: the Boot's data
 * is in AXI SRAM and its stack grows down from the top of DTCM.
 */
#define EXTMEM_STM32_BOOT_STATUS_ADDR  0x20000000u
#define EXTMEM_STM32_BOOT_STATUS_MAGIC 0xB007FA11u

/*
 * One MPU region for the application: RBAR (address) and RASR (size,
 * attributes, enable) as ARMv7-M lays them. The port's older name for
 * bootflash.h's struct extmem_mpu_region (one type, so tables pass as is).
 */
#define extmem_stm32_mpu_region extmem_mpu_region

/*
 * Programs the MPU with regions 0..count-1 (the others cleared) and turns it
 * on with the default map for privileged code behind them (PRIVDEFENA);
 * count 0: MPU off. What a Boot sets for itself before turning the caches on.
 */
void extmem_stm32_mpu_set(const struct extmem_mpu_region *regions, unsigned count);

/*
 * Starts the application prepared by extmem_boot_prepare: interrupts off,
 * SysTick off, every NVIC enable and pending bit cleared, D-cache cleaned
 * and both caches invalidated and off, the MPU reprogrammed with `mpu`
 * (regions 0..count-1, the rest cleared; background region for privileged
 * code; MPU left off when count is 0), VTOR, MSP from the table, CONTROL 0,
 * PRIMASK 0, branch. Never returns.
 */
__attribute__((noreturn)) void extmem_stm32_handover(const struct extmem_boot_start *start,
						     const struct extmem_stm32_mpu_region *mpu, unsigned mpu_count);

/*
 * The documented failure state: writes the magic and `status_word` at
 * EXTMEM_STM32_BOOT_STATUS_ADDR, then stops: BKPT #0xEB when a debugger is
 * attached (DHCSR.C_DEBUGEN), WFI forever otherwise. The caller lights its
 * board's failure LED first. Never returns.
 */
__attribute__((noreturn)) void extmem_stm32_boot_fail(uint32_t status_word);

/*
 * The XSPIM ports' I/O (called by extmem_stm32_clock_init): SBS clock, CSI
 * for the compensation cells, both ports' cells on and ready, and
 * high-speed low-voltage I/O (SBS_CCCSR.XSPIx_IOHSLV) only for a port whose
 * option byte FLASH_OBW1SR.XSPIx_HSLV is set (its supply is 1.8 V).
 * EXTMEM_ERR_TIMEOUT if CSI or a cell never reports ready.
 */
int extmem_stm32_xspi_io_init(void);

/*
 * XSPIM pins as the boards wire them (the boards' user manuals, RM0477
 * alternate function 9): port, then a mask of pins. extmem_stm32_xspi_pins
 * turns the port's GPIO clock on and makes each pin AF9, very high speed,
 * no pull.
 *   XSPI2 (port 2): the octal NOR of the STM32H7S78-DK and NUCLEO-H7S3L8,
 *     PN0 DQS, PN1 NCS, PN2..PN5 IO0..IO3, PN6 CLK, PN8..PN11 IO4..IO7.
 *   XSPI1 (port 1): the STM32H7S78-DK's x16 PSRAM, PO0 NCS, PO2 DQS0,
 *     PO3 DQS1, PO4 CLK and PP0..PP15 IO0..IO15 (PO1 and PO5 are its LEDs).
 */
void extmem_stm32_xspi_pins(unsigned port, uint16_t pins);
#define EXTMEM_STM32_XSPIM_PORT2_PINS      13u, 0x0F7Fu /* PN0..PN6, PN8..PN11 */
#define EXTMEM_STM32_XSPIM_PORT1_CTRL      14u, 0x0015u /* PO0 NCS, PO2 DQS0, PO4 CLK */
#define EXTMEM_STM32_XSPIM_PORT1_DQS1      14u, 0x0008u /* PO3: the second strobe of a x16 memory */
#define EXTMEM_STM32_XSPIM_PORT1_IO(lines) 15u, (uint16_t)((1u << (lines)) - 1u) /* PP0..PP(lines-1) */

/* The hand-over and failure state above, for struct extmem_bootflash_config.port. */
extern const struct extmem_bootflash_port extmem_stm32_bootflash_port;

#ifdef __cplusplus
}
#endif

#endif
