/* SPDX-License-Identifier: MIT */
/*
 * Board glue for STM32H7R/H7S boards with an octal NOR on XSPI2 (8 data
 * lines, DTR, data strobe, 200 MHz): the STM32H7S78-DK and the NUCLEO-H7S3L8
 * differ only in the part's size (loader_board.h of each example).
 *
 * Every pointer is set at run time, none in an initialiser: the .FLM build
 * is position independent and its data holds no link-time addresses.
 */
#include "extmem/nor_sfdp.h"
#include "extmem_stm32h7rs.h"
#include "stm32h7rs_regs.h"
#include "target.h"

#ifdef EXTMEM_LOADER_PINNED
/*
 * The part's configuration written at build time by `extmem pin` (see
 * src/loader/loader_build.cmake): the pinned driver replays and proves it.
 */
#include "extmem/nor_pinned.h"
static struct extmem_nor_pinned_config pinned_config;
#else
static struct extmem_nor_sfdp_config nor_config_sfdp;
#endif

/*
 * The XSPI ops: a build that names its table (loader_build.cmake) has the
 * NOR layers call it by name and leaves cfg->link.ops unset, so the table
 * itself is not linked (nor_fixed.h); otherwise the NOR-only table (no
 * chip-select limits, no x16 map: a loader drives a NOR).
 */

static struct extmem_stm32_xspi xspi2;
static struct extmem_nor_sfdp_data nor_data;
static struct extmem_memory memory;

/* RCC_CFGR.SWS = PLL1: a previous Init already set the clocks (tools call Init more than once). */
static bool clocks_running(void)
{
	return ((EXTMEM_STM32_REG(RCC_CFGR) >> 3) & 7u) == 3u;
}

int extmem_loader_board_start(struct extmem_loader *ld, bool keep_mapped)
{
	/* what extmem_stm32_clock_init reaches (extmem_stm32h7rs.h), after this Init's call or a previous one */
	const struct extmem_stm32_clocks clocks = {
		.cpu_hz = 600000000u, .hclk_hz = 300000000u, .xspi_kernel_hz = 200000000u};
	int err = clocks_running() ? EXTMEM_OK : extmem_stm32_clock_init(NULL);
	if (err == EXTMEM_OK)
		err = extmem_stm32_xspi_init(&xspi2, EXTMEM_STM32_XSPI2, clocks.xspi_kernel_hz, clocks.cpu_hz,
					     EXTMEM_LOADER_SIZE_LOG2);
	if (err != EXTMEM_OK)
		return err;
#ifdef EXTMEM_LOADER_PINNED
	struct extmem_nor_sfdp_config *cfg = &pinned_config.base;
	/* pinned_config.part stays NULL: the driver has the description as a constant (EXTMEM_NOR_PINNED_PART) */
#else
	struct extmem_nor_sfdp_config *cfg = &nor_config_sfdp;
#endif
#ifndef EXTMEM_NOR_LINK_OPS
	cfg->link.ops = &extmem_stm32_xspi_nor_ops;
#endif
	cfg->link.ctx = &xspi2;
	cfg->link.data_lines = 8;
	cfg->link.dqs_wired = true;
	cfg->link.dtr_capable = true;
	cfg->link.max_hz = 200000000u;
	cfg->link.map_base = EXTMEM_STM32_XSPI2_WINDOW;
	cfg->link.map_size = EXTMEM_LOADER_SIZE;
	/* the loader core calls the driver itself: no manager (src/loader/loader.c) */
	memory.kind = EXTMEM_KIND_NOR_SFDP;
	/* no memory.driver: the core calls NOR_DRIVER's operations by name (EXTMEM_LOADER_DRIVER, loader_build.cmake)
	 */
	memory.config = cfg;
	memory.data = &nor_data;
	return extmem_loader_start_memory(ld, &memory, keep_mapped);
}
