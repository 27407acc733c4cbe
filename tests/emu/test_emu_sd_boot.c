/* SPDX-License-Identifier: MIT */
/*
 * LRUN from the microSD card: the DK's Boot built by extmem_bootflash(NAME
 * stm32h7s78dk_lrun_sd ... IMAGE_MEMORY sd IMAGE_OFFSET 512K) (the real
 * arm-none-eabi build) on the emulated STM32H7S78-DK, an SDHC card model in
 * SDMMC1's slot holding the Appli's image at byte 512 KiB, the NOR erased.
 * The good image is copied to AXI SRAM, checked and started: the Appli's
 * LEDs LD1..LD4 light in turn and it ends at its BKPT #0 in AXI SRAM. A
 * corrupted payload, an image linked for another address, an erased card
 * (0x00 or 0xFF) and an empty slot each end in the documented failure state
 * (docs/bootflash.md: 0xB007FA11 at 0x20000000, the status word step << 24
 * | check << 16 | -status at 0x20000004, LD4 on, asleep in internal flash),
 * never at the Appli's first instruction. Expected words come from boot.h's
 * documented layout and the image bytes this test changes.
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
#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/psram.h"
#include "extmem_sim/sdcard.h"

#define CARD_SIZE (4u << 20) /* SDHC: a multiple of 512 KiB */
#define AXI_BASE  0x24000000u
#define LD1       0u
#define LD2       1u
#define LIMIT_PS  100000000000ull /* 100 ms: the Boot decides within 10 */
#define NO_CARD   0x100

static uint32_t entry_of(const struct boot_test_image *im)
{
	return boot_test_le32(im->bytes + im->h.hdr_size + im->h.vector_offset + 4u) & ~1u;
}

struct outcome {
	struct boot_test_outcome b;
	uint64_t blocks_read;
};

/*
 * Boots the SD Boot with the card holding `im` at the slot over a card
 * filled with `fill` (NO_CARD: the slot is empty). stop_at: a breakpoint
 * (the Appli's entry: reaching it means the Boot jumped), 0 for none.
 */
static struct outcome boot(const struct boot_test_image *im, int fill, uint32_t stop_at)
{
	struct outcome o = {0};
	struct extmem_sim_clock clock = {0};
	struct extmem_sim_nor *nor = extmem_sim_nor_create(&extmem_sim_part_mx66uw1g45g, &clock, NULL, NULL);
	assert_non_null(nor);
	uint8_t *psram_array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	uint8_t *card_array = malloc(CARD_SIZE);
	assert_non_null(psram_array);
	assert_non_null(card_array);
	memset(card_array, fill == NO_CARD ? 0 : fill, CARD_SIZE);
	if (im != NULL)
		memcpy(card_array + EXAMPLE_SD_OFFSET, im->bytes, im->len);
	struct extmem_sim_psram psram;
	extmem_sim_psram_init(&psram, &clock, psram_array, EXTMEM_SIM_PSRAM_SIZE);
	struct extmem_sim_sd card;
	extmem_sim_sd_init(&card, &clock, EXTMEM_SIM_SD_SDHC, card_array, CARD_SIZE);
	struct extmem_emu *emu = NULL;
	const struct extmem_emu_config cfg = {.clock = &clock,
					      .port1 = &psram.base,
					      .port2 = &nor->base,
					      .sd = fill == NO_CARD ? NULL : &card,
					      .strict = true,
					      .log = getenv("EMU_LOG") ? stderr : NULL};
	assert_int_equal(extmem_emu_create(&emu, &cfg), 0);
	char err[300];
	if (extmem_emu_load_elf(emu, EXAMPLE_BOOT_LRUN_SD, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	extmem_emu_reset(emu);
	const struct extmem_emu_limits lim = {.max_ps = LIMIT_PS, .breakpoints = {stop_at}};
	o.b.why = extmem_emu_run(emu, &lim);
	boot_test_outcome_read(emu, &o.b);
	o.blocks_read = card.blocks_read;
	assert_int_equal(nor->base.violations, 0);
	assert_int_equal(psram.base.violations, 0);
	assert_int_equal(card.violations, 0);
	extmem_emu_destroy(emu);
	extmem_sim_nor_destroy(nor);
	free(psram_array);
	free(card_array);
	return o;
}

static void expect_failure_state(const struct outcome *o, uint32_t want)
{
	boot_test_expect_failure_state(&o->b, want); /* the PSRAM unmapped, FAIL_LED M:3 on */
	assert_int_equal(o->b.rises[LD1], 0);
}

static void expect_runs(const struct boot_test_image *im)
{
	struct outcome o = boot(im, 0, 0);
	boot_test_expect_ran(&o.b, AXI_BASE, im->h.payload_size); /* in the copy in AXI SRAM */
	/* appli.c: two rounds of LD1..LD4 on then off */
	assert_int_equal(o.b.rises[LD1], 2);
	assert_int_equal(o.b.rises[LD2], 2);
	/* header + payload: the blocks they span, each read once (the slot starts on a block, so the
	 * header's block also holds the payload's first bytes and is not read again for the copy) */
	uint64_t spans = (im->h.hdr_size + im->h.payload_size + 511u) / 512u;
	if (o.blocks_read != spans)
		fail_msg("%llu blocks read from the card, the image spans %llu", (unsigned long long)o.blocks_read,
			 (unsigned long long)spans);
}

static void the_good_image_on_the_card_is_copied_to_axi_sram_and_blinks_the_leds(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_LRUN_SD, 1u << 19);
	assert_int_equal(im.h.load_addr, AXI_BASE);
	assert_int_equal(im.h.hdr_size, 64); /* the payload starts inside the first block: read_blocks' case */
	expect_runs(&im);
	free(im.bytes);
}

static void a_corrupted_payload_on_the_card_stops_with_payload_crc_then_the_good_image_boots(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_LRUN_SD, 1u << 19);
	size_t at = im.h.hdr_size + im.h.payload_size - 5u; /* in the payload's last, partial block */
	im.bytes[at] ^= 0x10;
	struct outcome o = boot(&im, 0, entry_of(&im));
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_IMAGE_CHECK_PAYLOAD_CRC, EXTMEM_ERR_FORMAT));
	im.bytes[at] ^= 0x10;
	expect_runs(&im);
	free(im.bytes);
}

static void an_image_for_an_address_outside_the_boots_ram_stops_with_placement(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_LRUN_SD, 1u << 19);
	uint32_t entry = entry_of(&im);
	boot_test_image_reseal(&im, 0x30000000u); /* AHB SRAM: not one of the Boot's RAM regions (DTCM, AXI) */
	struct outcome o = boot(&im, 0, entry);
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_HEADER, EXTMEM_IMAGE_CHECK_PLACEMENT, EXTMEM_ERR_FORMAT));
	free(im.bytes);
}

static void an_image_linked_for_axi_but_loaded_64k_further_stops_with_reset_handler(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_LRUN_SD, 1u << 19);
	uint32_t entry = entry_of(&im);
	/* the header says 0x24010000, the vector table still points into the copy at 0x24000000 */
	boot_test_image_reseal(&im, AXI_BASE + 0x10000u);
	struct outcome o = boot(&im, 0, entry);
	expect_failure_state(&o, boot_test_status_word(EXTMEM_BOOT_STEP_PAYLOAD, EXTMEM_IMAGE_CHECK_RESET_HANDLER,
						       EXTMEM_ERR_FORMAT));
	free(im.bytes);
}

static void an_erased_card_stops_with_no_image(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_LRUN_SD, 1u << 19);
	uint32_t entry = entry_of(&im);
	struct outcome o = boot(NULL, 0x00, entry); /* DATA_STAT_AFTER_ERASE 0 */
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_HEADER, EXTMEM_IMAGE_CHECK_NO_IMAGE, EXTMEM_ERR_FORMAT));
	o = boot(NULL, 0xFF, entry); /* a card erased to ones */
	expect_failure_state(
		&o, boot_test_status_word(EXTMEM_BOOT_STEP_HEADER, EXTMEM_IMAGE_CHECK_NO_IMAGE, EXTMEM_ERR_FORMAT));
	free(im.bytes);
}

static void an_empty_slot_stops_at_the_cards_init_with_its_memory_id(void **state)
{
	(void)state;
	struct boot_test_image im = boot_test_image_load(EXAMPLE_IMAGE_LRUN_SD, 1u << 19);
	struct outcome o = boot(NULL, NO_CARD, entry_of(&im));
	/* the card is the table's third memory (NOR 0, PSRAM 1, SD 2); neither CMD8 nor CMD55 is answered:
	 * EXTMEM_ERR_NO_DEVICE, "nothing answered on the bus" (extmem_status.h) */
	expect_failure_state(&o, boot_test_status_word(EXTMEM_BOOT_STEP_INIT, 2, EXTMEM_ERR_NO_DEVICE));
	free(im.bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_good_image_on_the_card_is_copied_to_axi_sram_and_blinks_the_leds),
		cmocka_unit_test(a_corrupted_payload_on_the_card_stops_with_payload_crc_then_the_good_image_boots),
		cmocka_unit_test(an_image_for_an_address_outside_the_boots_ram_stops_with_placement),
		cmocka_unit_test(an_image_linked_for_axi_but_loaded_64k_further_stops_with_reset_handler),
		cmocka_unit_test(an_erased_card_stops_with_no_image),
		cmocka_unit_test(an_empty_slot_stops_at_the_cards_init_with_its_memory_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
