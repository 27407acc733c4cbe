/* SPDX-License-Identifier: MIT */
/*
 * An SDHC card model (file-backed) in SDMMC1's slot of the emulated
 * STM32H7S78-DK, driven by tests/emu/fw/fw_sdmmc.c: the SD driver through
 * the port's SDMMC host and the manager, and register-level sequences.
 *
 * Expected values come from outside our code: the bytes this test writes
 * into the card file (or into RAM before a write), the SD Physical Layer
 * Simplified Specification (R1 CURRENT_STATE tran = 4 in bits 12:9, the
 * R2/R3 response index field 111111b) and RM0477's SDMMC_STAR bit positions
 * and reset values (all registers 0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/extmem_status.h"
#include "extmem_emu/machine.h"
#include "extmem_sim/sdcard.h"

#define CAPACITY (4u * 1024u * 1024u) /* 8 C_SIZE units of 512 KiB */
#define RAM_BUF  0x24040000u
#define RAM_OUT  0x24050000u

/* RM0477 SDMMC_STAR */
#define ST_CCRCFAIL (1u << 0)
#define ST_CTIMEOUT (1u << 2)
#define ST_CMDREND  (1u << 6)
#define ST_CMDSENT  (1u << 7)
#define ST_DATAEND  (1u << 8)
#define ST_DBCKEND  (1u << 10)

struct rig {
	struct extmem_sim_clock clock;
	struct extmem_sim_sd card;
	FILE *file;
	struct extmem_emu *emu;
};

static uint8_t pattern(uint64_t off)
{
	return (uint8_t)((off * 131u) ^ (off >> 9) ^ 0x5Au);
}

static void make(struct rig *r, bool with_card, bool strict)
{
	memset(r, 0, sizeof(*r));
	r->file = tmpfile();
	assert_non_null(r->file);
	uint8_t *chunk = malloc(65536);
	assert_non_null(chunk);
	for (uint64_t base = 0; base < CAPACITY; base += 65536) {
		for (uint32_t i = 0; i < 65536; i++)
			chunk[i] = pattern(base + i);
		assert_int_equal(fwrite(chunk, 1, 65536, r->file), 65536);
	}
	free(chunk);
	fflush(r->file);
	extmem_sim_sd_init(&r->card, &r->clock, EXTMEM_SIM_SD_SDHC, NULL, CAPACITY);
	extmem_sim_sd_attach_file(&r->card, r->file);
	struct extmem_emu_config cfg = {0};
	cfg.clock = &r->clock;
	cfg.sd = with_card ? &r->card : NULL;
	cfg.strict = strict;
	cfg.log = getenv("EMU_LOG") ? stderr : NULL;
	assert_int_equal(extmem_emu_create(&r->emu, &cfg), 0);
	char err[256];
	if (extmem_emu_load_elf(r->emu, EMU_FW_SDMMC, err, sizeof(err)) != 0)
		fail_msg("%s", err);
}

static int setup(void **state)
{
	struct rig *r = malloc(sizeof(*r));
	assert_non_null(r);
	make(r, true, false);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	struct rig *r = *state;
	if (getenv("SD_STATS")) {
		struct extmem_emu_stats st;
		extmem_emu_get_stats(r->emu, &st);
		fprintf(stderr, "insns %llu virtual %.3f ms wall %.3f ms\n", (unsigned long long)st.insns,
			(double)st.virtual_ps / 1e9, (double)st.wall_ns / 1e6);
	}
	extmem_emu_destroy(r->emu);
	fclose(r->file);
	free(r);
	return 0;
}

static enum extmem_emu_stop_reason call_raw(struct rig *r, const char *fn, uint32_t a0, uint32_t a1, uint32_t a2,
					    uint32_t *r0)
{
	uint32_t addr = 0;
	assert_int_equal(extmem_emu_symbol(r->emu, fn, &addr), 0);
	uint32_t args[3] = {a0, a1, a2};
	/* 20 s of virtual time: far beyond every bound the port keeps */
	struct extmem_emu_limits lim = {.max_ps = r->clock.now_ps + 20000000000000ull};
	return extmem_emu_call(r->emu, addr, args, 3, 0, &lim, r0);
}

static int32_t call(struct rig *r, const char *fn, uint32_t a0, uint32_t a1, uint32_t a2)
{
	uint32_t r0 = 0;
	enum extmem_emu_stop_reason why = call_raw(r, fn, a0, a1, a2, &r0);
	if (why != EXTMEM_EMU_STOP_RETURNED)
		fail_msg("%s stopped: %s: %s", fn, extmem_emu_stop_name(why), extmem_emu_last_stop(r->emu)->message);
	return (int32_t)r0;
}

static uint32_t result(struct rig *r, unsigned field)
{
	uint32_t addr = 0, v = 0;
	assert_int_equal(extmem_emu_symbol(r->emu, "fw_sd_result", &addr), 0);
	assert_int_equal(extmem_emu_read_mem(r->emu, addr + 4u * field, &v, 4), 0);
	return v;
}

static void expect_file(struct rig *r, uint64_t off, const uint8_t *want, size_t len)
{
	uint8_t *got = malloc(len);
	assert_non_null(got);
	fflush(r->file);
	assert_int_equal(fseek(r->file, (long)off, SEEK_SET), 0);
	assert_int_equal(fread(got, 1, len, r->file), len);
	assert_memory_equal(got, want, len);
	free(got);
}

static void init_ok(struct rig *r)
{
	int32_t err = call(r, "fw_sd_setup", 0, 0, 0);
	if (err != 0)
		fail_msg("fw_sd_setup: %d (STAR 0x%08X, card: %s)", err, result(r, 6), r->card.last_violation);
}

static void sdmmc1_identifies_the_sdhc_card_and_moves_to_4_lines(void **state)
{
	struct rig *r = *state;
	init_ok(r);
	assert_int_equal(result(r, 0), 3); /* EXTMEM_SDCARD_SDHC */
	assert_int_equal(result(r, 1), 4);
	assert_true(result(r, 2) <= 25000000u && result(r, 2) >= 20000000u);
	assert_int_equal(result(r, 4), CAPACITY);
	assert_int_equal(result(r, 5), 0);
	assert_int_equal(r->card.state, EXTMEM_SD_STATE_TRAN);
	assert_int_equal(r->card.width, 4);
	assert_int_equal(r->card.violations, 0);
}

static void blocks_read_through_the_manager_equal_the_card_file(void **state)
{
	struct rig *r = *state;
	init_ok(r);
	assert_int_equal(call(r, "fw_sd_read", 5, RAM_BUF, 1), 0);
	assert_int_equal(call(r, "fw_sd_read", 1000, RAM_BUF + 512u, 7), 0);
	uint8_t got[8 * 512], want[8 * 512];
	assert_int_equal(extmem_emu_read_mem(r->emu, RAM_BUF, got, sizeof(got)), 0);
	for (uint32_t i = 0; i < 512; i++)
		want[i] = pattern(5u * 512u + i);
	for (uint32_t i = 0; i < 7 * 512; i++)
		want[512 + i] = pattern(1000u * 512u + i);
	assert_memory_equal(got, want, sizeof(got));
	assert_int_equal(r->card.blocks_read, 8);
	assert_int_equal(r->card.violations, 0);
}

static void blocks_written_through_the_manager_land_in_the_card_file(void **state)
{
	struct rig *r = *state;
	init_ok(r);
	uint8_t out[5 * 512];
	for (uint32_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(0xC3u ^ (i * 7u));
	assert_int_equal(extmem_emu_write_mem(r->emu, RAM_OUT, out, sizeof(out)), 0);
	assert_int_equal(call(r, "fw_sd_write", 200, RAM_OUT, 4), 0);         /* CMD25 + CMD12 */
	assert_int_equal(call(r, "fw_sd_write", 300, RAM_OUT + 2048u, 1), 0); /* CMD24 */
	expect_file(r, 200u * 512u, out, 4 * 512);
	expect_file(r, 300u * 512u, out + 2048, 512);
	/* the neighbours keep the bytes the test wrote at the start */
	uint8_t before[512], after[512];
	for (uint32_t i = 0; i < 512; i++) {
		before[i] = pattern(199u * 512u + i);
		after[i] = pattern(204u * 512u + i);
	}
	expect_file(r, 199u * 512u, before, 512);
	expect_file(r, 204u * 512u, after, 512);
	/* and the written data reads back through SDMMC1 */
	assert_int_equal(call(r, "fw_sd_read", 200, RAM_BUF, 4), 0);
	uint8_t back[4 * 512];
	assert_int_equal(extmem_emu_read_mem(r->emu, RAM_BUF, back, sizeof(back)), 0);
	assert_memory_equal(back, out, sizeof(back));
	assert_int_equal(r->card.violations, 0);
}

static void erase_through_sdmmc1_clears_exactly_the_blocks_asked_for(void **state)
{
	struct rig *r = *state;
	init_ok(r);
	assert_int_equal(call(r, "fw_sd_erase", 64, 3, 0), 0);
	uint8_t zero[3 * 512] = {0}, edge[512];
	expect_file(r, 64u * 512u, zero, sizeof(zero)); /* the card model erases to its erase_value, 0 */
	for (uint32_t i = 0; i < 512; i++)
		edge[i] = pattern(67u * 512u + i);
	expect_file(r, 67u * 512u, edge, 512);
}

static void idma_single_buffer_reads_land_in_ram_with_dataend(void **state)
{
	struct rig *r = *state;
	init_ok(r);
	uint32_t st = (uint32_t)call(r, "fw_sd_raw_idma_read", 77, RAM_BUF, 1);
	assert_true(st & ST_DATAEND);
	assert_true(st & ST_DBCKEND);
	st = (uint32_t)call(r, "fw_sd_raw_idma_read", 4000, RAM_BUF + 512u, 3);
	assert_true(st & ST_DATAEND);
	assert_int_equal(result(r, 8), 0); /* DCNTR counted down to 0 */
	uint8_t got[4 * 512], want[4 * 512];
	assert_int_equal(extmem_emu_read_mem(r->emu, RAM_BUF, got, sizeof(got)), 0);
	for (uint32_t i = 0; i < 512; i++)
		want[i] = pattern(77u * 512u + i);
	for (uint32_t i = 0; i < 3 * 512; i++)
		want[512 + i] = pattern(4000u * 512u + i);
	assert_memory_equal(got, want, sizeof(got));
	assert_int_equal(r->card.state, EXTMEM_SD_STATE_TRAN); /* CMD12 ended the CMD18 */
	assert_int_equal(r->card.violations, 0);
}

static void the_scr_read_with_dten_before_acmd51_arrives_through_the_fifo(void **state)
{
	struct rig *r = *state;
	init_ok(r);
	uint32_t st = (uint32_t)call(r, "fw_sd_raw_scr", EXTMEM_SIM_SD_RCA, RAM_BUF, 0);
	assert_true(st & (ST_DBCKEND | ST_DATAEND));
	assert_int_equal(st & ((1u << 1) | (1u << 3)), 0); /* no DCRCFAIL, no DTIMEOUT */
	uint8_t got[8];
	assert_int_equal(extmem_emu_read_mem(r->emu, RAM_BUF, got, 8), 0);
	/* the SCR's bytes in the order the card sends them (bits 63..56 first) */
	assert_memory_equal(got, r->card.scr, 8);
	assert_int_equal(r->card.violations, 0);
}

static void hal_style_rxfifohf_polling_reads_every_word_before_dataend(void **state)
{
	struct rig *r = *state;
	init_ok(r);
	uint32_t st = (uint32_t)call(r, "fw_sd_raw_fifo_read", 321, RAM_BUF, 3);
	assert_true(st & ST_DATAEND);
	assert_int_equal(result(r, 8), 0); /* nothing left in the FIFO when DATAEND came */
	uint8_t got[3 * 512], want[3 * 512];
	assert_int_equal(extmem_emu_read_mem(r->emu, RAM_BUF, got, sizeof(got)), 0);
	for (uint32_t i = 0; i < sizeof(want); i++)
		want[i] = pattern(321u * 512u + i);
	assert_memory_equal(got, want, sizeof(got));
	assert_int_equal(r->card.state, EXTMEM_SD_STATE_TRAN);
	assert_int_equal(r->card.violations, 0);
}

static void raw_commands_set_cmdsent_cmdrend_ccrcfail_and_ctimeout(void **state)
{
	struct rig *r = *state;
	init_ok(r);
	/* CMD13 with the published RCA: R1, index echoed, CURRENT_STATE tran */
	uint32_t st = (uint32_t)call(r, "fw_sd_raw_cmd", 13, (uint32_t)EXTMEM_SIM_SD_RCA << 16, 1);
	assert_int_equal(st & (ST_CMDREND | ST_CCRCFAIL | ST_CTIMEOUT), ST_CMDREND);
	assert_int_equal(result(r, 8), 13);
	assert_int_equal((result(r, 7) >> 9) & 0xFu, 4);
	/* CMD9 taken as long: R2, response index 111111b */
	st = (uint32_t)call(r, "fw_sd_raw_cmd", 9, (uint32_t)EXTMEM_SIM_SD_RCA << 16, 3);
	assert_int_equal(st & (ST_CMDREND | ST_CCRCFAIL | ST_CTIMEOUT), ST_CTIMEOUT); /* illegal in tran: no answer */
	/* CMD55 then ACMD41 in tran is illegal: no answer -> CTIMEOUT */
	st = (uint32_t)call(r, "fw_sd_raw_cmd", 55, (uint32_t)EXTMEM_SIM_SD_RCA << 16, 1);
	assert_true(st & ST_CMDREND);
	st = (uint32_t)call(r, "fw_sd_raw_cmd", 41, 0x40FF8000u, 2);
	assert_int_equal(st & (ST_CMDREND | ST_CCRCFAIL | ST_CTIMEOUT), ST_CTIMEOUT);
	/* CMD0 without response: CMDSENT; then ACMD41 as a short response with CRC: an R3 fails its CRC */
	st = (uint32_t)call(r, "fw_sd_raw_cmd", 0, 0, 0);
	assert_true(st & ST_CMDSENT);
	(void)call(r, "fw_sd_raw_cmd", 8, 0x1AAu, 1);
	(void)call(r, "fw_sd_raw_cmd", 55, 0, 1);
	st = (uint32_t)call(r, "fw_sd_raw_cmd", 41, 0x40FF8000u, 1);
	assert_int_equal(st & (ST_CMDREND | ST_CCRCFAIL | ST_CTIMEOUT), ST_CCRCFAIL);
	assert_int_equal(result(r, 8), 0x3F);
	assert_true(result(r, 7) & 0x00FF8000u); /* the OCR's voltage window */
	(void)call(r, "fw_sd_raw_cmd", 55, 0, 1);
	st = (uint32_t)call(r, "fw_sd_raw_cmd", 41, 0x40FF8000u, 2); /* short, no CRC: CMDREND */
	assert_int_equal(st & (ST_CMDREND | ST_CCRCFAIL | ST_CTIMEOUT), ST_CMDREND);
}

static void registers_reset_to_zero(void **state)
{
	struct rig *r = *state;
	assert_int_equal(call(r, "fw_sd_reset_values", RAM_BUF, 0, 0), 0);
	uint32_t v[19];
	assert_int_equal(extmem_emu_read_mem(r->emu, RAM_BUF, v, sizeof(v)), 0);
	for (unsigned i = 0; i < 19; i++)
		if (v[i] != 0)
			fail_msg("register %u (offset 0x%02X) resets to 0x%08X, RM0477 says 0", i, i < 17 ? 4 * i : 0,
				 v[i]);
}

static void an_empty_slot_ends_init_in_a_status_without_hanging(void **state)
{
	struct rig *r = *state;
	teardown(state);
	r = malloc(sizeof(*r));
	assert_non_null(r);
	make(r, false, false);
	*state = r;
	uint64_t t0 = r->clock.now_ps;
	int32_t err = call(r, "fw_sd_setup", 0, 0, 0);
	assert_true(err == EXTMEM_ERR_TIMEOUT || err == EXTMEM_ERR_NO_DEVICE);
	assert_true(r->clock.now_ps - t0 < 2000000000000ull); /* well inside 2 s of virtual time */
}

static void an_absent_card_and_a_card_that_stops_answering_end_in_statuses(void **state)
{
	struct rig *r = *state;
	r->card.present = false;
	int32_t err = call(r, "fw_sd_setup", 0, 0, 0);
	assert_true(err == EXTMEM_ERR_TIMEOUT || err == EXTMEM_ERR_NO_DEVICE);
	r->card.present = true;
	init_ok(r);
	r->card.hang = true;
	assert_int_equal(call(r, "fw_sd_read", 10, RAM_BUF, 2), EXTMEM_ERR_TIMEOUT);
	assert_int_equal(call(r, "fw_sd_write", 10, RAM_BUF, 1), EXTMEM_ERR_TIMEOUT);
}

static void a_data_crc_error_is_a_device_error(void **state)
{
	struct rig *r = *state;
	init_ok(r);
	r->card.data_crc_errors = 1;
	assert_int_equal(call(r, "fw_sd_read", 10, RAM_BUF, 1), EXTMEM_ERR_DEVICE);
	assert_int_equal(call(r, "fw_sd_read", 10, RAM_BUF, 1), 0);
	r->card.crc_errors = 1;
	assert_int_equal(call(r, "fw_sd_read", 10, RAM_BUF, 1), EXTMEM_ERR_DEVICE);
}

static void unclocked_registers_read_zero_with_a_warning_and_stop_under_strict(void **state)
{
	struct rig *r = *state;
	uint32_t v = (uint32_t)call(r, "fw_sd_unclocked_read", 0, 0, 0);
	assert_int_equal(v & 0x7FFFFFFFu, 0);
	assert_true(v & 0x80000000u); /* CMDSENT was there all along */
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	assert_true(st.warnings >= 1);
	assert_non_null(strstr(extmem_emu_last_warning(r->emu), "SDMMC1EN"));
	teardown(state);
	r = malloc(sizeof(*r));
	assert_non_null(r);
	make(r, true, true);
	*state = r;
	uint32_t r0 = 0;
	assert_int_equal(call_raw(r, "fw_sd_unclocked_read", 0, 0, 0, &r0), EXTMEM_EMU_STOP_INVALID);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(sdmmc1_identifies_the_sdhc_card_and_moves_to_4_lines),
		T(blocks_read_through_the_manager_equal_the_card_file),
		T(blocks_written_through_the_manager_land_in_the_card_file),
		T(erase_through_sdmmc1_clears_exactly_the_blocks_asked_for),
		T(idma_single_buffer_reads_land_in_ram_with_dataend),
		T(the_scr_read_with_dten_before_acmd51_arrives_through_the_fifo),
		T(hal_style_rxfifohf_polling_reads_every_word_before_dataend),
		T(raw_commands_set_cmdsent_cmdrend_ccrcfail_and_ctimeout),
		T(registers_reset_to_zero),
		T(an_empty_slot_ends_init_in_a_status_without_hanging),
		T(an_absent_card_and_a_card_that_stops_answering_end_in_statuses),
		T(a_data_crc_error_is_a_device_error),
		T(unclocked_registers_read_zero_with_a_warning_and_stop_under_strict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
