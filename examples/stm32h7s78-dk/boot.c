/* SPDX-License-Identifier: MIT */
/*
 * Boot for the STM32H7S78-DK (internal flash): 600 MHz from PLL1 with the
 * XSPI kernel clocks at 200 MHz, the MPU (a background region against
 * speculative access to the external windows, a non-cacheable SRAM region,
 * the windows' own attributes), I- and D-cache on, then the generic Boot
 * entry (extmem_bootflash_boot): the octal NOR on XSPI2 (MX66UW1G45G, SFDP
 * driver, 8D-8D-8D at 200 MHz) and the APS256XXN PSRAM on XSPI1 brought up,
 * the image at the NOR's first byte checked (docs/image-format.md) and
 * started in place (XIP) or copied to AXI SRAM and checked there (LRUN,
 * boot_lrun.c: EXTMEM_DK_LRUN 1). Any failure lights LD4 and stops in the
 * port's failure state: the status word at 0x20000004 behind the magic
 * 0xB007FA11 at 0x20000000, BKPT when a debugger is attached.
 */
#include "board_stm32h7s78dk.h"
#include "extmem/bootflash.h"
#include "extmem/nor_sfdp.h"
#include "extmem/psram.h"
#include "extmem_stm32h7rs_boot.h"

#ifndef EXTMEM_DK_LRUN
#define EXTMEM_DK_LRUN 0
#endif

#define LED_FAIL_PORT 12u /* LD4 on PM3 */
#define LED_FAIL_PIN  3u
#define PSRAM_SIZE    (32u << 20)
#define DTCM_BASE     0x20000000u
#define APP_RAM_BASE  0x24020000u /* above the Boot's own data (0x24000000 ...) */
#define APP_RAM_SIZE  0x50000u    /* up to the non-cacheable region */
#define NC_RAM_BASE   0x24070000u
#define SLOT_SIZE     (1u << 20)

static struct extmem_stm32_xspi xspi1, xspi2;
static struct extmem_nor_sfdp_data nor_data;
static struct extmem_psram_data psram_data;
static const struct extmem_nor_sfdp_config nor_config = {
	.link = EXTMEM_STM32H7S78DK_NOR_LINK(&xspi2),
};
/* The APS256XXN: 16 data lines through XSPIM port 1, DTR, DQS, 200 MHz, window at 0x90000000. */
static const struct extmem_psram_config psram_config = {
	.link = {.ops = &extmem_stm32_xspi_ops,
		 .ctx = &xspi1,
		 .data_lines = 16,
		 .dqs_wired = true,
		 .dtr_capable = true,
		 .max_hz = 200000000u,
		 .map_base = EXTMEM_STM32_XSPI1_WINDOW,
		 .map_size = PSRAM_SIZE},
	.part = &extmem_psram_aps256xxn,
};
static struct extmem_memory memories[2] = {
	{.kind = EXTMEM_KIND_NOR_SFDP,
	 .driver = &extmem_nor_sfdp_readonly_driver,
	 .config = &nor_config,
	 .data = &nor_data},
	{.kind = EXTMEM_KIND_PSRAM, .driver = &extmem_psram_driver, .config = &psram_config, .data = &psram_data},
};
static const uint32_t map_ids[] = {1}; /* the application's data and heap */

/*
 * Where the application's stack may be and where LRUN may load: DTCM, the
 * AXI SRAM above the Boot's data; XIP also lets the stack be in the PSRAM
 * (LRUN copies before the PSRAM is mapped, so it loads to SRAM only).
 */
static const struct extmem_image_region ram[] = {
	{DTCM_BASE, 64u << 10},
	{APP_RAM_BASE, APP_RAM_SIZE},
	{EXTMEM_STM32_XSPI1_WINDOW, PSRAM_SIZE},
};

#define RASR(size_log2, ap, attr)                                                                                      \
	(EXTMEM_MPU_RASR_ENABLE | EXTMEM_MPU_RASR_SIZE(size_log2) | EXTMEM_MPU_RASR_AP(ap) | (attr))
static const struct extmem_mpu_region mpu[] = {
	/*
	 * 4 GiB, no access, never executed; sub-regions 0-2 (flash, TCM, SRAM,
	 * peripherals) and 7 (system) disabled, so it covers 0x60000000 to
	 * 0xDFFFFFFF: speculative reads never reach an XSPI window outside a
	 * region below, nor a window whose memory is not up.
	 */
	{0x00000000u, RASR(32, EXTMEM_MPU_AP_NONE, EXTMEM_MPU_RASR_SRD(0x87) | EXTMEM_MPU_RASR_XN)},
	/* 8 KiB at the top of AXI SRAM, normal non-cacheable: buffers shared with DMA masters. */
	{NC_RAM_BASE, RASR(13, EXTMEM_MPU_AP_FULL, EXTMEM_MPU_ATTR_NORMAL_NC | EXTMEM_MPU_RASR_XN)},
	/* The NOR's window: normal write-back, read-only, executable (XIP code). */
	{EXTMEM_STM32_XSPI2_WINDOW, RASR(27, EXTMEM_MPU_AP_RO, EXTMEM_MPU_ATTR_NORMAL_WB)},
	/* The PSRAM's window: normal write-back, read/write, data only. */
	{EXTMEM_STM32_XSPI1_WINDOW, RASR(25, EXTMEM_MPU_AP_FULL, EXTMEM_MPU_ATTR_NORMAL_WB | EXTMEM_MPU_RASR_XN)},
};

static void fail_led(uint32_t status_word)
{
	(void)status_word;
	extmem_stm32_gpio_output(LED_FAIL_PORT, LED_FAIL_PIN);
	extmem_stm32_gpio_write(LED_FAIL_PORT, LED_FAIL_PIN, true);
}

static const struct extmem_bootflash_config config = {
	.memories = memories,
	.memory_count = 2,
	.image_id = 0,
	.slot_offset = 0,
	.slot_size = SLOT_SIZE,
	.mode = EXTMEM_DK_LRUN ? EXTMEM_IMAGE_LRUN : EXTMEM_IMAGE_XIP,
	.map_ids = map_ids,
	.map_count = 1,
	.ram = ram,
	.ram_count = EXTMEM_DK_LRUN ? 2 : 3,
	.mpu = mpu,
	.mpu_count = sizeof(mpu) / sizeof(mpu[0]),
	.port = &extmem_stm32_bootflash_port,
	.on_fail = fail_led,
};

int main(void)
{
	struct extmem_stm32_clocks clocks;
	struct extmem em;
	int rc = extmem_stm32_clock_init(&clocks);
	if (rc == EXTMEM_OK) {
		extmem_stm32_mpu_set(mpu, sizeof(mpu) / sizeof(mpu[0]));
		extmem_stm32_caches_enable();
		rc = extmem_stm32_xspi_init(&xspi2, EXTMEM_STM32_XSPI2, clocks.xspi_kernel_hz, clocks.cpu_hz,
					    EXTMEM_STM32H7S78DK_NOR_SIZE_LOG2);
	}
	if (rc == EXTMEM_OK)
		rc = extmem_stm32_xspi_init(&xspi1, EXTMEM_STM32_XSPI1, clocks.xspi_kernel_hz, clocks.cpu_hz, 25u);
	if (rc != EXTMEM_OK) {
		/* the board itself (clocks, controllers): step "config", no image check */
		const struct extmem_boot_start s = {.status = rc, .step = EXTMEM_BOOT_STEP_CONFIG};
		fail_led(0);
		extmem_stm32_boot_fail(extmem_boot_status_word(&s));
	}
	extmem_bootflash_boot(&config, &em);
}
