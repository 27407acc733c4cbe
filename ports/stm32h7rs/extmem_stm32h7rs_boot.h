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

/* The hand-over and failure state above, for struct extmem_bootflash_config.port. */
extern const struct extmem_bootflash_port extmem_stm32_bootflash_port;

#ifdef __cplusplus
}
#endif

#endif
