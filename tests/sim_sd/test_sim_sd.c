/* SPDX-License-Identifier: MIT */
/*
 * The SD card model against the SD Physical Layer Simplified Specification:
 * command responses, card states, status bits and busy. Status bit
 * positions (4.10.1), OCR bits (5.1) and state codes are written here as
 * numbers from the specification, not taken from our headers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_sim/sdcard.h"

#define HZ        25000000u
#define SIZE      (4u * 1024u * 1024u)
#define PS_PER_US 1000000ull

static struct extmem_sim_clock clk;
static uint8_t *array;
static struct extmem_sim_sd card;
static uint8_t width = 1;

static int setup(void **state)
{
	(void)state;
	memset(&clk, 0, sizeof(clk));
	array = calloc(1, SIZE);
	extmem_sim_sd_init(&card, &clk, EXTMEM_SIM_SD_SDHC, array, SIZE);
	width = 1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(array);
	return 0;
}

static int send(uint8_t index, uint32_t arg, enum extmem_sd_resp type, uint32_t *resp, const struct extmem_sd_data *d)
{
	struct extmem_sd_cmd c = {.index = index, .arg = arg, .resp_type = type};
	int err = extmem_sim_sd_command(&card, &c, d, HZ, width);
	if (resp != NULL)
		*resp = c.resp[0];
	return err;
}

static uint32_t state_of(uint32_t r1)
{
	return (r1 >> 9) & 0xFu; /* CURRENT_STATE, bits 12:9 */
}

/* CMD0, CMD8, ACMD41 until ready (HCS set), CMD2, CMD3: the card in stby with RCA. */
static uint16_t identify(void)
{
	uint32_t r;
	assert_int_equal(send(0, 0, EXTMEM_SD_RESP_NONE, NULL, NULL), EXTMEM_OK);
	assert_int_equal(send(8, 0x1AA, EXTMEM_SD_RESP_R7, &r, NULL), EXTMEM_OK);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(send(55, 0, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
		assert_int_equal(send(41, 0x40FF8000u, EXTMEM_SD_RESP_R3, &r, NULL), EXTMEM_OK);
		if (r & 0x80000000u)
			break;
		extmem_sim_clock_advance(&clk, 100 * PS_PER_US); /* the host's poll interval */
	}
	assert_true(r & 0x80000000u);
	uint32_t cid[4];
	struct extmem_sd_cmd c = {.index = 2, .resp_type = EXTMEM_SD_RESP_R2};
	assert_int_equal(extmem_sim_sd_command(&card, &c, NULL, HZ, width), EXTMEM_OK);
	memcpy(cid, c.resp, sizeof(cid));
	assert_int_equal(cid[0] >> 24, 0x7E); /* the model's manufacturer id */
	assert_int_equal(send(3, 0, EXTMEM_SD_RESP_R6, &r, NULL), EXTMEM_OK);
	return (uint16_t)(r >> 16);
}

static uint16_t select_card(void)
{
	uint16_t rca = identify();
	uint32_t r;
	assert_int_equal(send(7, (uint32_t)rca << 16, EXTMEM_SD_RESP_R1B, &r, NULL), EXTMEM_OK);
	assert_int_equal(state_of(r), 3); /* the state the command found: stby */
	return rca;
}

static void test_sim_sd_cmd8_echoes_v2_v1_ignores(void **state)
{
	(void)state;
	uint32_t r;
	assert_int_equal(send(8, 0x1AA, EXTMEM_SD_RESP_R7, &r, NULL), EXTMEM_OK);
	assert_int_equal(r, 0x1AA);
	/* A 1.x card has no CMD8: no response, ILLEGAL_COMMAND (bit 22) in the next R1. */
	extmem_sim_sd_init(&card, &clk, EXTMEM_SIM_SD_SDSC_V1, array, SIZE);
	assert_int_equal(send(8, 0x1AA, EXTMEM_SD_RESP_R7, &r, NULL), EXTMEM_ERR_TIMEOUT);
	assert_int_equal(send(55, 0, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_true(r & (1u << 22));
	assert_true(r & (1u << 5)); /* APP_CMD */
	assert_int_equal(send(55, 0, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_false(r & (1u << 22)); /* cleared on read */
}

static void test_sim_sd_acmd41_busy_then_ready_with_ccs(void **state)
{
	(void)state;
	uint32_t r;
	assert_int_equal(send(8, 0x1AA, EXTMEM_SD_RESP_R7, &r, NULL), EXTMEM_OK);
	assert_int_equal(send(55, 0, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_int_equal(send(41, 0x40FF8000u, EXTMEM_SD_RESP_R3, &r, NULL), EXTMEM_OK);
	assert_false(r & 0x80000000u); /* still powering up */
	extmem_sim_clock_advance(&clk, EXTMEM_SIM_SD_POWER_UP_PS);
	assert_int_equal(send(55, 0, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_int_equal(send(41, 0x40FF8000u, EXTMEM_SD_RESP_R3, &r, NULL), EXTMEM_OK);
	assert_true(r & 0x80000000u);
	assert_true(r & 0x40000000u); /* CCS: high capacity */
}

static void test_sim_sd_sdhc_without_hcs_stays_busy(void **state)
{
	(void)state;
	uint32_t r;
	assert_int_equal(send(8, 0x1AA, EXTMEM_SD_RESP_R7, &r, NULL), EXTMEM_OK);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(send(55, 0, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
		assert_int_equal(send(41, 0x00FF8000u, EXTMEM_SD_RESP_R3, &r, NULL), EXTMEM_OK);
		assert_false(r & 0x80000000u);
		extmem_sim_clock_advance(&clk, EXTMEM_SIM_SD_POWER_UP_PS);
	}
}

static void test_sim_sd_identification_and_selection_states(void **state)
{
	(void)state;
	uint16_t rca = identify();
	assert_int_equal(rca, EXTMEM_SIM_SD_RCA);
	uint32_t r;
	/* CMD9 in stby gives the CSD: structure 1 for SDHC. */
	struct extmem_sd_cmd c = {.index = 9, .arg = (uint32_t)rca << 16, .resp_type = EXTMEM_SD_RESP_R2};
	assert_int_equal(extmem_sim_sd_command(&card, &c, NULL, HZ, width), EXTMEM_OK);
	assert_int_equal(c.resp[0] >> 30, 1);
	/* A block read before selection is illegal: no response. */
	uint8_t blk[512];
	struct extmem_sd_data d = {.dir = EXTMEM_SD_DATA_READ, .block_size = 512, .blocks = 1, .buf.in = blk};
	assert_int_equal(send(17, 0, EXTMEM_SD_RESP_R1, &r, &d), EXTMEM_ERR_TIMEOUT);
	assert_int_equal(send(7, (uint32_t)rca << 16, EXTMEM_SD_RESP_R1B, &r, NULL), EXTMEM_OK);
	assert_true(r & (1u << 22)); /* the illegal CMD17 reported now */
	assert_int_equal(send(13, (uint32_t)rca << 16, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_int_equal(state_of(r), 4); /* tran */
	assert_true(r & (1u << 8));       /* READY_FOR_DATA */
	/* Deselect: back to stby, no response from the deselected card. */
	assert_int_equal(send(7, 0, EXTMEM_SD_RESP_NONE, NULL, NULL), EXTMEM_OK);
	assert_int_equal(send(13, (uint32_t)rca << 16, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_int_equal(state_of(r), 3);
	assert_int_equal(card.violations, 0);
}

static void test_sim_sd_write_busy_on_dat0_then_tran(void **state)
{
	(void)state;
	uint16_t rca = select_card();
	uint8_t blk[512];
	memset(blk, 0x5A, sizeof(blk));
	struct extmem_sd_data d = {.dir = EXTMEM_SD_DATA_WRITE, .block_size = 512, .blocks = 1, .buf.out = blk};
	uint32_t r;
	assert_int_equal(send(24, 3, EXTMEM_SD_RESP_R1, &r, &d), EXTMEM_OK);
	assert_memory_equal(array + 3 * 512, blk, 512); /* SDHC: block address */
	assert_true(extmem_sim_sd_busy(&card));
	assert_int_equal(send(13, (uint32_t)rca << 16, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_int_equal(state_of(r), 7); /* prg */
	assert_false(r & (1u << 8));
	/* Another data command while busy is refused. */
	assert_int_equal(send(24, 4, EXTMEM_SD_RESP_R1, &r, &d), EXTMEM_ERR_TIMEOUT);
	extmem_sim_clock_advance(&clk, EXTMEM_SIM_SD_WRITE_BUSY_PS);
	assert_false(extmem_sim_sd_busy(&card));
	assert_int_equal(send(13, (uint32_t)rca << 16, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_int_equal(state_of(r), 4);
}

static void test_sim_sd_out_of_range_and_erase_sequence_errors(void **state)
{
	(void)state;
	select_card();
	uint8_t blk[512];
	struct extmem_sd_data d = {.dir = EXTMEM_SD_DATA_READ, .block_size = 512, .blocks = 1, .buf.in = blk};
	uint32_t r;
	/* Block 8192 is past a 4 MiB card: OUT_OF_RANGE (bit 31), no data. */
	assert_int_equal(send(17, SIZE / 512, EXTMEM_SD_RESP_R1, &r, &d), EXTMEM_ERR_TIMEOUT);
	assert_true(r & (1u << 31));
	/* CMD38 without CMD32/CMD33: ERASE_SEQ_ERROR (bit 28). */
	assert_int_equal(send(38, 0, EXTMEM_SD_RESP_R1B, &r, NULL), EXTMEM_OK);
	assert_true(r & (1u << 28));
	/* CMD33 before CMD32 likewise. */
	assert_int_equal(send(33, 5, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_true(r & (1u << 28));
}

static void test_sim_sd_erase_is_timed_and_exact(void **state)
{
	(void)state;
	select_card();
	memset(array, 0xA5, SIZE);
	uint32_t r;
	assert_int_equal(send(32, 4, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_int_equal(send(33, 7, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	uint64_t t0 = clk.now_ps;
	assert_int_equal(send(38, 0, EXTMEM_SD_RESP_R1B, &r, NULL), EXTMEM_OK);
	assert_true(extmem_sim_sd_busy(&card));
	assert_int_equal(card.busy_until_ps - t0 >= EXTMEM_SIM_SD_ERASE_BUSY_PS, 1);
	for (uint32_t i = 0; i < 10 * 512; i++)
		assert_int_equal(array[i], (i >= 4 * 512 && i < 8 * 512) ? 0x00 : 0xA5);
}

static void test_sim_sd_locked_card_refuses_block_commands(void **state)
{
	(void)state;
	card.locked = true;
	uint16_t rca = select_card();
	uint32_t r;
	assert_int_equal(send(13, (uint32_t)rca << 16, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_true(r & (1u << 25)); /* CARD_IS_LOCKED */
	uint8_t blk[512];
	struct extmem_sd_data d = {.dir = EXTMEM_SD_DATA_READ, .block_size = 512, .blocks = 1, .buf.in = blk};
	assert_int_equal(send(17, 0, EXTMEM_SD_RESP_R1, &r, &d), EXTMEM_ERR_TIMEOUT);
}

static void test_sim_sd_bus_width_mismatch_is_a_violation(void **state)
{
	(void)state;
	select_card();
	uint32_t r;
	assert_int_equal(send(55, (uint32_t)EXTMEM_SIM_SD_RCA << 16, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK);
	assert_int_equal(send(6, 2, EXTMEM_SD_RESP_R1, &r, NULL), EXTMEM_OK); /* ACMD6: 4 bits */
	assert_true(r & (1u << 5));
	uint8_t blk[512];
	struct extmem_sd_data d = {.dir = EXTMEM_SD_DATA_READ, .block_size = 512, .blocks = 1, .buf.in = blk};
	assert_int_equal(send(17, 0, EXTMEM_SD_RESP_R1, &r, &d), EXTMEM_ERR_TIMEOUT); /* host still on 1 line */
	assert_int_equal(card.violations, 1);
	width = 4;
	assert_int_equal(send(17, 0, EXTMEM_SD_RESP_R1, &r, &d), EXTMEM_OK);
}

static void test_sim_sd_absent_and_hung_cards(void **state)
{
	(void)state;
	uint32_t r;
	card.present = false;
	assert_int_equal(send(8, 0x1AA, EXTMEM_SD_RESP_R7, &r, NULL), EXTMEM_ERR_NO_DEVICE);
	card.present = true;
	card.hang = true;
	uint64_t t0 = clk.now_ps;
	assert_int_equal(send(8, 0x1AA, EXTMEM_SD_RESP_R7, &r, NULL), EXTMEM_ERR_TIMEOUT);
	/* 48 command clocks + 64 (Ncr maximum) at 25 MHz. */
	assert_int_equal(clk.now_ps - t0, 112ull * 40000ull);
}

/* A register-level host moves the data phase itself: command first, then block by block. */
static void test_sim_sd_split_data_phase_moves_blocks_one_by_one(void **state)
{
	(void)state;
	(void)select_card();
	uint32_t r;
	for (uint32_t i = 0; i < 3 * 512; i++)
		array[10 * 512 + i] = (uint8_t)(i * 3u + 1u);
	struct extmem_sd_data shape = {.dir = EXTMEM_SD_DATA_READ, .block_size = 512, .blocks = 3};
	struct extmem_sd_cmd c = {.index = 18, .arg = 10, .resp_type = EXTMEM_SD_RESP_R1};
	assert_int_equal(extmem_sim_sd_command_split(&card, &c, &shape, HZ, width), EXTMEM_OK);
	assert_int_equal(card.last_reply, EXTMEM_SD_RESP_R1);
	uint8_t blk[512];
	for (uint32_t b = 0; b < 3; b++) {
		uint64_t t0 = clk.now_ps;
		assert_int_equal(extmem_sim_sd_data_block(&card, blk, 512, HZ, width), EXTMEM_OK);
		assert_memory_equal(blk, array + (10 + b) * 512, 512);
		/* 512 * 8 data bits on one line + 16 CRC + 2 clocks, after 50 us access or 8 clocks (the model's
		 * choice) */
		uint64_t wire = (512ull * 8u + 18u) * 40000ull;
		assert_int_equal(clk.now_ps - t0, wire + (b == 0 ? 50000000ull : 8ull * 40000ull));
	}
	assert_int_equal(send(12, 0, EXTMEM_SD_RESP_R1B, &r, NULL), EXTMEM_OK);
	assert_int_equal(state_of(r), 5); /* data */
	/* nothing more to send once CMD12 ended it */
	assert_int_equal(extmem_sim_sd_data_block(&card, blk, 512, HZ, width), EXTMEM_ERR_TIMEOUT);
	/* a single-block write: the card programs after the block */
	memset(blk, 0xA5, sizeof(blk));
	struct extmem_sd_data wshape = {.dir = EXTMEM_SD_DATA_WRITE, .block_size = 512, .blocks = 1};
	c = (struct extmem_sd_cmd){.index = 24, .arg = 20, .resp_type = EXTMEM_SD_RESP_R1};
	assert_int_equal(extmem_sim_sd_command_split(&card, &c, &wshape, HZ, width), EXTMEM_OK);
	assert_false(extmem_sim_sd_busy(&card));
	assert_int_equal(extmem_sim_sd_data_block(&card, blk, 512, HZ, width), EXTMEM_OK);
	assert_memory_equal(array + 20 * 512, blk, 512);
	assert_true(extmem_sim_sd_busy(&card));
	assert_int_equal(card.violations, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sim_sd_cmd8_echoes_v2_v1_ignores),
		T(test_sim_sd_acmd41_busy_then_ready_with_ccs),
		T(test_sim_sd_sdhc_without_hcs_stays_busy),
		T(test_sim_sd_identification_and_selection_states),
		T(test_sim_sd_write_busy_on_dat0_then_tran),
		T(test_sim_sd_out_of_range_and_erase_sequence_errors),
		T(test_sim_sd_erase_is_timed_and_exact),
		T(test_sim_sd_locked_card_refuses_block_commands),
		T(test_sim_sd_bus_width_mismatch_is_a_violation),
		T(test_sim_sd_absent_and_hung_cards),
		T(test_sim_sd_split_data_phase_moves_blocks_one_by_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
