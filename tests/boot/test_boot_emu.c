/* SPDX-License-Identifier: MIT */
/*
 * The example Boot (extmem_bootflash() of examples/stm32h7s78-dk, the real
 * arm-none-eabi build) on the emulated STM32H7S78-DK, with the NOR holding each bad image
 * of issue 13: an erased slot, a corrupted header, a corrupted payload, an
 * image built for another address, vector tables with a bad SP or a reset
 * handler without the Thumb bit, an image of the other mode. Each ends in
 * the documented failure state (docs/image-format.md, extmem_stm32h7rs_boot.h):
 * magic 0xB007FA11 at 0x20000000, the status word (step << 24 | check << 16 |
 * -status, boot.h) at 0x20000004, LD4 on, the core asleep in internal flash,
 * the application's first instruction never reached and no window mapped.
 * Then the good image boots and runs to its end. The LRUN Boot likewise
 * refuses a payload whose copy does not match its CRC. And the silicon
 * set-up the Boot leaves at the application's entry: the XSPIM pins as the
 * board wires them, the compensation cells on, high-speed low-voltage I/O
 * off while the option bytes do not allow it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "boot_test_image.h"
#include "extmem/boot.h"
#include "extmem/image.h"
#include "extmem_emu/debug.h"
#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/psram.h"

#define LIMIT_PS 50000000000ull /* 50 ms: the Boot decides within 2 */

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Boots `boot` with the NOR holding `bytes` at its first byte (NULL: erased). */
static struct boot_test_outcome boot(const char *boot_elf, const uint8_t *bytes, size_t len, uint32_t entry)
{
	struct boot_test_outcome o = {0};
	struct extmem_sim_clock clock = {0};
	struct extmem_sim_nor *nor = extmem_sim_nor_create(&extmem_sim_part_mx66uw1g45g, &clock, NULL, NULL);
	assert_non_null(nor);
	if (bytes != NULL)
		memcpy(nor->array, bytes, len);
	uint8_t *psram_array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	assert_non_null(psram_array);
	struct extmem_sim_psram psram;
	extmem_sim_psram_init(&psram, &clock, psram_array, EXTMEM_SIM_PSRAM_SIZE);
	struct extmem_emu *emu = NULL;
	const struct extmem_emu_config cfg = {
		.clock = &clock, .port1 = &psram.base, .port2 = &nor->base, .log = getenv("EMU_LOG") ? stderr : NULL};
	assert_int_equal(extmem_emu_create(&emu, &cfg), 0);
	char err[300];
	if (extmem_emu_load_elf(emu, boot_elf, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	extmem_emu_reset(emu);
	struct extmem_emu_limits lim = {.max_ps = LIMIT_PS, .breakpoints = {entry & ~1u}};
	o.why = extmem_emu_run(emu, &lim);
	o.entered = o.why == EXTMEM_EMU_STOP_BREAKPOINT;
	if (o.entered) { /* on to the end, from a fresh board: resuming past a breakpoint in the window is slow */
		extmem_emu_destroy(emu);
		memset(&clock, 0, sizeof clock);
		extmem_sim_nor_destroy(nor);
		nor = extmem_sim_nor_create(&extmem_sim_part_mx66uw1g45g, &clock, NULL, NULL);
		assert_non_null(nor);
		memcpy(nor->array, bytes, len);
		memset(psram_array, 0, EXTMEM_SIM_PSRAM_SIZE);
		extmem_sim_psram_init(&psram, &clock, psram_array, EXTMEM_SIM_PSRAM_SIZE);
		const struct extmem_emu_config cfg2 = {.clock = &clock, .port1 = &psram.base, .port2 = &nor->base};
		assert_int_equal(extmem_emu_create(&emu, &cfg2), 0);
		assert_int_equal(extmem_emu_load_elf(emu, boot_elf, err, sizeof(err)), 0);
		extmem_emu_reset(emu);
		lim.breakpoints[0] = 0;
		o.why = extmem_emu_run(emu, &lim);
	}
	boot_test_outcome_read(emu, &o);
	assert_int_equal(nor->base.violations, 0);
	assert_int_equal(psram.base.violations, 0);
	extmem_emu_destroy(emu);
	extmem_sim_nor_destroy(nor);
	free(psram_array);
	return o;
}

static void expect_failure_state(const struct boot_test_outcome *o, uint32_t want)
{
	boot_test_expect_failure_state(o, want);
	assert_false(o->entered);
}

static uint32_t entry_of(const struct boot_test_image *im)
{
	return boot_test_le32(im->bytes + im->h.hdr_size + im->h.vector_offset + 4u);
}

static void expect_runs(const char *boot_elf, const struct boot_test_image *im)
{
	struct boot_test_outcome o = boot(boot_elf, im->bytes, im->len, entry_of(im));
	boot_test_expect_ran(&o, im->h.load_addr, im->h.payload_size); /* in the payload where it runs */
}

static void an_erased_flash_stops_with_no_image(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_XIP, 1u << 20);
	struct boot_test_outcome o = boot(EXAMPLE_BOOT_XIP, NULL, 0, entry_of(&im));
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_HEADER, EXTMEM_IMAGE_CHECK_NO_IMAGE, EXTMEM_ERR_FORMAT));
	expect_runs(EXAMPLE_BOOT_XIP, &im);
	free(im.bytes);
}

static void a_corrupted_header_stops_with_header_crc_then_a_good_image_boots(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_XIP, 1u << 20);
	uint8_t saved = im.bytes[17];
	im.bytes[17] ^= 0x01; /* payload_size, one bit */
	struct boot_test_outcome o = boot(EXAMPLE_BOOT_XIP, im.bytes, im.len, entry_of(&im));
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_HEADER, EXTMEM_IMAGE_CHECK_HEADER_CRC, EXTMEM_ERR_FORMAT));
	im.bytes[17] = saved;
	expect_runs(EXAMPLE_BOOT_XIP, &im);
	free(im.bytes);
}

static void a_corrupted_payload_stops_with_payload_crc_then_a_good_image_boots(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_XIP, 1u << 20);
	size_t at = im.h.hdr_size + im.h.payload_size - 5u; /* the last code bytes, past the vector table */
	im.bytes[at] ^= 0x80;
	struct boot_test_outcome o = boot(EXAMPLE_BOOT_XIP, im.bytes, im.len, entry_of(&im));
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_IMAGE_CHECK_PAYLOAD_CRC, EXTMEM_ERR_FORMAT));
	im.bytes[at] ^= 0x80;
	expect_runs(EXAMPLE_BOOT_XIP, &im);
	free(im.bytes);
}

static void an_image_for_another_address_stops_with_placement(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_XIP, 1u << 20);
	uint32_t load_addr = im.h.load_addr;
	boot_test_image_reseal(&im, load_addr + 0x10000u); /* linked for a slot 64 KiB further on */
	struct boot_test_outcome o = boot(EXAMPLE_BOOT_XIP, im.bytes, im.len, entry_of(&im));
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_HEADER, EXTMEM_IMAGE_CHECK_PLACEMENT, EXTMEM_ERR_FORMAT));
	boot_test_image_reseal(&im, load_addr);
	expect_runs(EXAMPLE_BOOT_XIP, &im);
	free(im.bytes);
}

static void an_image_of_the_other_mode_stops_with_mode(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_LRUN, 1u << 20);
	struct boot_test_outcome o = boot(EXAMPLE_BOOT_XIP, im.bytes, im.len, entry_of(&im));
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_HEADER, EXTMEM_IMAGE_CHECK_MODE, EXTMEM_ERR_FORMAT));
	free(im.bytes);
}

static void a_reset_handler_without_the_thumb_bit_stops_with_reset_handler(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_XIP, 1u << 20);
	uint8_t *vt = im.bytes + im.h.hdr_size + im.h.vector_offset;
	uint32_t reset = boot_test_le32(vt + 4);
	put32(vt + 4, reset & ~1u);
	boot_test_image_reseal(&im, im.h.load_addr); /* CRCs right: only the table is wrong */
	struct boot_test_outcome o = boot(EXAMPLE_BOOT_XIP, im.bytes, im.len, reset);
	expect_failure_state(&o, boot_test_status_word(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_IMAGE_CHECK_RESET_HANDLER,
						       EXTMEM_ERR_FORMAT));
	free(im.bytes);
}

static void an_initial_sp_outside_ram_stops_with_stack(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_XIP, 1u << 20);
	uint8_t *vt = im.bytes + im.h.hdr_size + im.h.vector_offset;
	put32(vt, 0x30000000u); /* no RAM region of the Boot's there */
	boot_test_image_reseal(&im, im.h.load_addr);
	struct boot_test_outcome o = boot(EXAMPLE_BOOT_XIP, im.bytes, im.len, entry_of(&im));
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_IMAGE_CHECK_STACK, EXTMEM_ERR_FORMAT));
	free(im.bytes);
}

static void lrun_refuses_a_corrupted_payload_after_the_copy_then_runs_the_good_one(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_LRUN, 1u << 20);
	size_t at = im.h.hdr_size + im.h.payload_size - 5u;
	im.bytes[at] ^= 0x04;
	struct boot_test_outcome o = boot(EXAMPLE_BOOT_LRUN, im.bytes, im.len, entry_of(&im));
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_IMAGE_CHECK_PAYLOAD_CRC, EXTMEM_ERR_FORMAT));
	im.bytes[at] ^= 0x04;
	expect_runs(EXAMPLE_BOOT_LRUN, &im);
	free(im.bytes);
}

/* A 32-bit register as the Boot left it, read as a debugger reads it. */
static uint32_t reg(struct extmem_emu *emu, uint32_t addr)
{
	uint32_t v = 0;
	if (extmem_emu_debug_read(emu, addr, &v, sizeof v) != sizeof v)
		fail_msg("cannot read 0x%08X", (unsigned)addr);
	return v;
}

/* Each pin of `mask` in alternate function 9, very high speed, no pull (RM0477 GPIO register layout). */
static void expect_af9(struct extmem_emu *emu, char name, unsigned port, uint16_t mask)
{
	uint32_t base = 0x58020000u + 0x400u * port;
	uint32_t moder = reg(emu, base), speed = reg(emu, base + 8u), pupd = reg(emu, base + 0xCu);
	uint32_t afr[2] = {reg(emu, base + 0x20u), reg(emu, base + 0x24u)};
	for (unsigned pin = 0; pin < 16; pin++) {
		if (!(mask & (1u << pin)))
			continue;
		if (((moder >> (2 * pin)) & 3u) != 2u || ((speed >> (2 * pin)) & 3u) != 3u ||
		    ((pupd >> (2 * pin)) & 3u) != 0u || ((afr[pin / 8] >> (4 * (pin % 8))) & 0xFu) != 9u)
			fail_msg("P%c%u: MODER %u OSPEEDR %u PUPDR %u AF %u, want 2 3 0 9", name, pin,
				 (unsigned)((moder >> (2 * pin)) & 3u), (unsigned)((speed >> (2 * pin)) & 3u),
				 (unsigned)((pupd >> (2 * pin)) & 3u),
				 (unsigned)((afr[pin / 8] >> (4 * (pin % 8))) & 0xFu));
	}
}

static void the_boot_wires_the_xspim_pins_of_the_dk_and_leaves_hslv_off_without_the_option_bytes(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_XIP, 1u << 20);
	struct extmem_sim_clock clock = {0};
	struct extmem_sim_nor *nor = extmem_sim_nor_create(&extmem_sim_part_mx66uw1g45g, &clock, NULL, NULL);
	assert_non_null(nor);
	memcpy(nor->array, im.bytes, im.len);
	uint8_t *psram_array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	assert_non_null(psram_array);
	struct extmem_sim_psram psram;
	extmem_sim_psram_init(&psram, &clock, psram_array, EXTMEM_SIM_PSRAM_SIZE);
	struct extmem_emu *emu = NULL;
	const struct extmem_emu_config cfg = {
		.clock = &clock, .port1 = &psram.base, .port2 = &nor->base, .strict = true};
	assert_int_equal(extmem_emu_create(&emu, &cfg), 0);
	char err[300];
	if (extmem_emu_load_elf(emu, EXAMPLE_BOOT_XIP, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	extmem_emu_reset(emu);
	const struct extmem_emu_limits lim = {.max_ps = LIMIT_PS, .breakpoints = {entry_of(&im) & ~1u}};
	assert_int_equal(extmem_emu_run(emu, &lim), EXTMEM_EMU_STOP_BREAKPOINT);
	/* UM3289 / the DK's schematic: the NOR on XSPIM port 2 (PN0 DQS, PN1 NCS, PN2..5 IO0..3, PN6 CLK,
	 * PN8..11 IO4..7), the x16 PSRAM on port 1 (PO0 NCS, PO2 DQS0, PO3 DQS1, PO4 CLK, PP0..15 IO0..15) */
	expect_af9(emu, 'N', 13, 0x0F7Fu);
	expect_af9(emu, 'O', 14, 0x001Du);
	expect_af9(emu, 'P', 15, 0xFFFFu);
	/* PN7 (NCLK) is not wired on the board: left in its reset state, analog (3) */
	assert_int_equal((reg(emu, 0x58020000u + 0x400u * 13) >> 14) & 3u, 3u);
	/* SBS_CCCSR (RM0477): XSPI1/2 compensation cells enabled (bits 2, 4) and ready (9, 10); FLASH_OBW1SR
	 * reads 0 here (no XSPIx_HSLV option byte), so XSPI1/2_IOHSLV (bits 17, 18) must stay clear */
	assert_int_equal(reg(emu, 0x52002260u) & (3u << 8), 0);
	uint32_t cccsr = reg(emu, 0x58000510u);
	assert_int_equal(cccsr & (1u << 2 | 1u << 4 | 1u << 9 | 1u << 10), 1u << 2 | 1u << 4 | 1u << 9 | 1u << 10);
	assert_int_equal(cccsr & (1u << 17 | 1u << 18), 0);
	extmem_emu_destroy(emu);
	extmem_sim_nor_destroy(nor);
	free(psram_array);
	free(im.bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_erased_flash_stops_with_no_image),
		cmocka_unit_test(a_corrupted_header_stops_with_header_crc_then_a_good_image_boots),
		cmocka_unit_test(a_corrupted_payload_stops_with_payload_crc_then_a_good_image_boots),
		cmocka_unit_test(an_image_for_another_address_stops_with_placement),
		cmocka_unit_test(an_image_of_the_other_mode_stops_with_mode),
		cmocka_unit_test(a_reset_handler_without_the_thumb_bit_stops_with_reset_handler),
		cmocka_unit_test(an_initial_sp_outside_ram_stops_with_stack),
		cmocka_unit_test(lrun_refuses_a_corrupted_payload_after_the_copy_then_runs_the_good_one),
		cmocka_unit_test(the_boot_wires_the_xspim_pins_of_the_dk_and_leaves_hslv_off_without_the_option_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
