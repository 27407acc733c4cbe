/* SPDX-License-Identifier: MIT */
/*
 * The emulated board's option bytes (extmem_emu_config.option_obw1sr) as
 * the DK's Boot (extmem_bootflash() of examples/stm32h7s78-dk, the real
 * arm-none-eabi build) sees them: FLASH_OBW1SR (0x52002260) reads the word
 * given, and the Boot sets SBS_CCCSR's XSPIx_IOHSLV (0x58000510, bits 17
 * and 18) exactly for the ports whose XSPIx_HSLV option (bits 8 and 9) is
 * set, then boots the Appli. Bit positions from RM0477 (FLASH_OBW1SR,
 * SBS_CCCSR), written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/image.h"
#include "extmem_emu/debug.h"
#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/psram.h"

#define FLASH_OBW1SR 0x52002260u
#define OB_XSPI1     (1u << 8)
#define OB_XSPI2     (1u << 9)
#define SBS_CCCSR    0x58000510u
#define IOHSLV_XSPI1 (1u << 17)
#define IOHSLV_XSPI2 (1u << 18)
#define COMP_RDY     (1u << 2 | 1u << 4 | 1u << 9 | 1u << 10) /* XSPI1/2 cells enabled and ready */
#define LIMIT_PS     50000000000ull

struct seen {
	uint32_t obw1sr, cccsr;
};

static uint32_t reg(struct extmem_emu *emu, uint32_t addr)
{
	uint32_t v = 0;
	if (extmem_emu_debug_read(emu, addr, &v, sizeof v) != sizeof v)
		fail_msg("cannot read 0x%08X", (unsigned)addr);
	return v;
}

/* Boots the XIP Boot with the XIP image in the NOR and the given option word; registers at the Appli's entry. */
static struct seen boot_with(uint32_t options)
{
	struct seen s = {0};
	FILE *f = fopen(EXAMPLE_IMAGE_XIP, "rb");
	if (f == NULL)
		fail_msg("%s: cannot open", EXAMPLE_IMAGE_XIP);
	uint8_t *img = malloc(1u << 20);
	assert_non_null(img);
	size_t len = fread(img, 1, 1u << 20, f);
	fclose(f);
	struct extmem_image_header h;
	enum extmem_image_check why;
	assert_int_equal(extmem_image_parse_header(img, len, &h, &why), EXTMEM_OK);
	const uint8_t *vt = img + h.hdr_size + h.vector_offset;
	uint32_t entry = ((uint32_t)vt[4] | (uint32_t)vt[5] << 8 | (uint32_t)vt[6] << 16 | (uint32_t)vt[7] << 24) & ~1u;

	struct extmem_sim_clock clock = {0};
	struct extmem_sim_nor *nor = extmem_sim_nor_create(&extmem_sim_part_mx66uw1g45g, &clock, NULL, NULL);
	assert_non_null(nor);
	memcpy(nor->array, img, len);
	uint8_t *psram_array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	assert_non_null(psram_array);
	struct extmem_sim_psram psram;
	extmem_sim_psram_init(&psram, &clock, psram_array, EXTMEM_SIM_PSRAM_SIZE);
	struct extmem_emu *emu = NULL;
	const struct extmem_emu_config cfg = {
		.clock = &clock, .port1 = &psram.base, .port2 = &nor->base, .strict = true, .option_obw1sr = options};
	assert_int_equal(extmem_emu_create(&emu, &cfg), 0);
	char err[300];
	if (extmem_emu_load_elf(emu, EXAMPLE_BOOT_XIP, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	extmem_emu_reset(emu);
	const struct extmem_emu_limits lim = {.max_ps = LIMIT_PS, .breakpoints = {entry}};
	enum extmem_emu_stop_reason r = extmem_emu_run(emu, &lim);
	if (r != EXTMEM_EMU_STOP_BREAKPOINT)
		fail_msg("options 0x%08X: stopped with %s, not at the Appli's entry", (unsigned)options,
			 extmem_emu_stop_name(r));
	s.obw1sr = reg(emu, FLASH_OBW1SR);
	s.cccsr = reg(emu, SBS_CCCSR);
	assert_int_equal(nor->base.violations, 0);
	extmem_emu_destroy(emu);
	extmem_sim_nor_destroy(nor);
	free(psram_array);
	free(img);
	return s;
}

static void with_both_xspi_hslv_options_the_boot_sets_both_iohslv_bits(void **state)
{
	(void)state;
	struct seen s = boot_with(OB_XSPI1 | OB_XSPI2);
	assert_int_equal(s.obw1sr, OB_XSPI1 | OB_XSPI2);
	assert_int_equal(s.cccsr & COMP_RDY, COMP_RDY);
	assert_int_equal(s.cccsr & (IOHSLV_XSPI1 | IOHSLV_XSPI2), IOHSLV_XSPI1 | IOHSLV_XSPI2);
}

static void with_only_xspi2_hslv_the_boot_sets_only_xspi2_iohslv(void **state)
{
	(void)state;
	struct seen s = boot_with(OB_XSPI2);
	assert_int_equal(s.obw1sr, OB_XSPI2);
	assert_int_equal(s.cccsr & (IOHSLV_XSPI1 | IOHSLV_XSPI2), IOHSLV_XSPI2);
}

static void with_no_option_set_the_boot_leaves_iohslv_off(void **state)
{
	(void)state;
	struct seen s = boot_with(0);
	assert_int_equal(s.obw1sr, 0);
	assert_int_equal(s.cccsr & COMP_RDY, COMP_RDY);
	assert_int_equal(s.cccsr & (IOHSLV_XSPI1 | IOHSLV_XSPI2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(with_both_xspi_hslv_options_the_boot_sets_both_iohslv_bits),
		cmocka_unit_test(with_only_xspi2_hslv_the_boot_sets_only_xspi2_iohslv),
		cmocka_unit_test(with_no_option_set_the_boot_leaves_iohslv_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
