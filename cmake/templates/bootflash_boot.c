/* SPDX-License-Identifier: MIT */
/*
 * The Boot extmem_bootflash() builds (internal flash): clocks and the
 * controllers (with MPU ON: the MPU regions and the caches), then
 * extmem_bootflash_boot over the generated configuration (bootflash_config.c):
 * the NOR brought up through the SFDP driver (and the PSRAM, mapped), the
 * image in its slot checked (docs/image-format.md), the port's hand-over.
 * Every failure ends in the documented failure state: FAIL_LED lit and the
 * status word at EXTMEM_STM32_BOOT_STATUS_ADDR (BKPT #0xEB under a debugger).
 */
#include "bootflash_config.h"
#include "extmem_stm32h7rs_boot.h"

/* At file scope so a debugger can read it: with -flto main keeps no frame for a local. */
static struct extmem_stm32_clocks clocks;

/* A plain function under -flto (not folded into the reset handler, not cloned): a debugger breaks at main. */
__attribute__((noipa)) int main(void)
{
	struct extmem em;
	int rc = extmem_stm32_clock_init(&clocks);
	if (rc == EXTMEM_OK) {
#if EXTMEM_BF_XSPI1_LINES
		/* XSPIM port 1's pins (extmem_stm32_clock_init wires port 2's) */
		extmem_stm32_xspi_pins(EXTMEM_STM32_XSPIM_PORT1_CTRL);
		if (EXTMEM_BF_XSPI1_LINES == 16)
			extmem_stm32_xspi_pins(EXTMEM_STM32_XSPIM_PORT1_DQS1);
		extmem_stm32_xspi_pins(EXTMEM_STM32_XSPIM_PORT1_IO(EXTMEM_BF_XSPI1_LINES));
#endif
		if (EXTMEM_BF_BOOT_LED) {
			extmem_stm32_gpio_output(EXTMEM_BF_BOOT_LED_PORT, EXTMEM_BF_BOOT_LED_PIN);
			extmem_stm32_gpio_write(EXTMEM_BF_BOOT_LED_PORT, EXTMEM_BF_BOOT_LED_PIN, true);
		}
#if EXTMEM_BF_MPU
		/* The seed's order: the MPU (background region first), then the caches, before any window is touched.
		 */
		extmem_stm32_mpu_set(extmem_bf_config.mpu, extmem_bf_config.mpu_count);
		extmem_stm32_caches_enable();
#endif
		rc = extmem_stm32_xspi_init(&extmem_bf_xspi, EXTMEM_BF_XSPI, clocks.xspi_kernel_hz, clocks.cpu_hz,
					    EXTMEM_BF_SIZE_LOG2);
	}
#if EXTMEM_BF_PSRAM
	if (rc == EXTMEM_OK)
		rc = extmem_stm32_xspi_init(&extmem_bf_psram_xspi, EXTMEM_BF_PSRAM_XSPI, clocks.xspi_kernel_hz,
					    clocks.cpu_hz, EXTMEM_BF_PSRAM_SIZE_LOG2);
#endif
#if EXTMEM_BF_SD
	/* SDMMC1 on PLL2 S (the kernel clock the XSPIs get), its pins; the card itself comes up in the table */
	if (rc == EXTMEM_OK) {
		extmem_stm32_sdmmc1_pins();
		rc = extmem_stm32_sdmmc_init(&extmem_bf_sdmmc, EXTMEM_STM32_SDMMC1, clocks.xspi_kernel_hz,
					     clocks.cpu_hz);
	}
#endif
	if (rc != EXTMEM_OK) {
		/* Before any memory: step "config", the status what failed (all the status word reads). */
		struct extmem_boot_start s;
		s.status = rc;
		s.step = EXTMEM_BOOT_STEP_CONFIG;
		s.check = EXTMEM_IMAGE_CHECK_OK;
		extmem_bf_config.on_fail(extmem_boot_status_word(&s));
		extmem_bf_config.port->fail(extmem_boot_status_word(&s));
	}
	extmem_bootflash_boot(&extmem_bf_config, &em);
}
