/* SPDX-License-Identifier: MIT */
/*
 * The SD card driver on the host SD port and the card model: identification
 * of SDSC (v1, v2) and SDHC cards, block round trips, erase of exactly the
 * blocks asked for, and every card failure returned as a status.
 *
 * Expected values come from the SD Physical Layer Simplified Specification
 * (CSD field positions and capacity formulas, 5.3) or a real card's CSD,
 * computed by hand here. Round trips against the model show that driver and
 * model agree; the model's own rules are pinned in tests/sim_sd.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem/sdcard.h"
#include "extmem_sim/sdcard.h"
#include "host_sd.h"

#define MHZ(x) ((uint32_t)(x)*1000000u)
#define MIB    (1024u * 1024u)

static struct extmem_sim_clock clk;
static uint8_t *array;
static struct extmem_sim_sd card;
static struct extmem_host_sd port;
static struct extmem_sdcard_config cfg;
static struct extmem_sdcard_data data;
static struct extmem_memory table[1];
static struct extmem em;

static void insert(enum extmem_sim_sd_type type, uint64_t capacity)
{
	free(array);
	array = malloc(capacity);
	for (uint64_t i = 0; i < capacity; i++)
		array[i] = (uint8_t)(i * 31u + 7u);
	memset(&clk, 0, sizeof(clk));
	extmem_sim_sd_init(&card, &clk, type, array, capacity);
	extmem_host_sd_init(&port, &card, MHZ(200));
	cfg = (struct extmem_sdcard_config){
		.link = {.ops = &extmem_host_sd_ops, .ctx = &port, .bus_width = 4, .max_hz = MHZ(50)}};
	table[0] = (struct extmem_memory){
		.kind = EXTMEM_KIND_SDCARD, .driver = &extmem_sdcard_driver, .config = &cfg, .data = &data};
	assert_int_equal(extmem_setup(&em, table, 1), EXTMEM_OK);
}

static int setup(void **state)
{
	(void)state;
	array = NULL;
	insert(EXTMEM_SIM_SD_SDHC, 16u * MIB);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(array);
	array = NULL;
	return 0;
}

static void assert_clean(void)
{
	if (card.violations != 0)
		fail_msg("%u violations, last: %s", (unsigned)card.violations, card.last_violation);
}

static void fill(uint8_t *buf, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)((i >> 9) * 13u + i + seed);
}

/* CSD held as resp[0..3], written from 16 bytes as the card sends them (byte 0 = bits 127..120). */
static void csd_from_bytes(uint32_t csd[4], const uint8_t b[16])
{
	for (int w = 0; w < 4; w++)
		csd[w] = (uint32_t)b[4 * w] << 24 | (uint32_t)b[4 * w + 1] << 16 | (uint32_t)b[4 * w + 2] << 8 |
			 b[4 * w + 3];
}

static void test_sd_csd_v2_capacity_of_a_real_8gb_card(void **state)
{
	(void)state;
	/* CSD 40 0E 00 32 5B 59 00 00 3B 37 7F 80 0A 40 40 00: structure 1, C_SIZE = 0x3B37. */
	static const uint8_t b[16] = {0x40, 0x0E, 0x00, 0x32, 0x5B, 0x59, 0x00, 0x00,
				      0x3B, 0x37, 0x7F, 0x80, 0x0A, 0x40, 0x40, 0x00};
	uint32_t csd[4];
	csd_from_bytes(csd, b);
	uint64_t cap;
	assert_int_equal(extmem_sdcard_csd_capacity(csd, &cap), EXTMEM_OK);
	assert_int_equal(cap, 7948206080ull); /* (15159 + 1) * 512 KiB */
}

static void test_sd_csd_v1_capacity_from_the_formula(void **state)
{
	(void)state;
	/*
	 * CSD 1.0 with READ_BL_LEN = 9 (bits 83:80), C_SIZE = 3869 = F1Dh
	 * (bits 73:62), C_SIZE_MULT = 7 (bits 49:47): bytes 5..9 carry
	 * x9 | 0x | 03 C7 | 43 8x (hand-placed), capacity 3870 * 2^9 * 2^9.
	 */
	uint8_t b[16] = {0};
	b[5] = 0x59;        /* CCC low nibble 5, READ_BL_LEN 9 */
	b[6] = 0x80 | 0x03; /* READ_BL_PARTIAL, C_SIZE bits 11..10 = 11b */
	b[7] = 0xC7;        /* C_SIZE bits 9..2 = 1100 0111 */
	b[8] = 0x40;        /* C_SIZE bits 1..0 = 01, VDD_R_CURR_MIN 000 ... */
	b[9] = 0x03;        /* C_SIZE_MULT bits 2..1 = 11 */
	b[10] = 0x80;       /* C_SIZE_MULT bit 0 = 1 */
	uint32_t csd[4];
	csd_from_bytes(csd, b);
	assert_int_equal(extmem_sd_bits(csd, 73, 62), 3869);
	assert_int_equal(extmem_sd_bits(csd, 49, 47), 7);
	uint64_t cap;
	assert_int_equal(extmem_sdcard_csd_capacity(csd, &cap), EXTMEM_OK);
	assert_int_equal(cap, 1014497280ull);
	b[0] = 0xC0; /* CSD_STRUCTURE 3: reserved */
	csd_from_bytes(csd, b);
	assert_int_equal(extmem_sdcard_csd_capacity(csd, &cap), EXTMEM_ERR_FORMAT);
}

static void test_sd_init_sdhc_block_addressed_4_bit_25_mhz(void **state)
{
	(void)state;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	assert_int_equal(data.type, EXTMEM_SDCARD_SDHC);
	assert_true(data.ocr & (1u << 30)); /* CCS */
	/* CSD 2.0: structure 01b, C_SIZE = 16 MiB / 512 KiB - 1 = 31. */
	assert_int_equal(extmem_sd_bits(data.csd, 127, 126), 1);
	assert_int_equal(extmem_sd_bits(data.csd, 69, 48), 31);
	struct extmem_info info;
	assert_int_equal(extmem_info(&em, 0, &info), EXTMEM_OK);
	assert_int_equal(info.kind, EXTMEM_KIND_SDCARD);
	assert_int_equal(info.size, 16u * MIB);
	assert_int_equal(info.page_size, 512);
	assert_int_equal(info.read_align, 512);
	assert_int_equal(info.write_align, 512);
	assert_false(info.erase_needed);
	assert_int_equal(info.erase_type_count, 1);
	assert_int_equal(info.erase_sizes[0], 512);
	assert_false(info.mappable);
	assert_int_equal(info.clock_hz, MHZ(25)); /* default speed */
	assert_int_equal(data.bus_width, 4);
	assert_int_equal(card.width, 4);
	assert_int_equal(data.rca, EXTMEM_SIM_SD_RCA);
	assert_clean();
}

static void test_sd_init_sdsc_v2_and_v1_byte_addressed(void **state)
{
	(void)state;
	static const enum extmem_sim_sd_type types[2] = {EXTMEM_SIM_SD_SDSC_V2, EXTMEM_SIM_SD_SDSC_V1};
	static const enum extmem_sdcard_type expect[2] = {EXTMEM_SDCARD_SDSC_V2, EXTMEM_SDCARD_SDSC_V1};
	for (int k = 0; k < 2; k++) {
		insert(types[k], 8u * MIB);
		assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
		assert_int_equal(data.type, expect[k]);
		assert_false(data.ocr & (1u << 30));
		/* CSD 1.0: 8 MiB = (31 + 1) * 2^(7 + 2) * 2^9. */
		assert_int_equal(extmem_sd_bits(data.csd, 127, 126), 0);
		assert_int_equal(extmem_sd_bits(data.csd, 73, 62), 31);
		assert_int_equal(extmem_sd_bits(data.csd, 49, 47), 7);
		assert_int_equal(extmem_sd_bits(data.csd, 83, 80), 9);
		assert_int_equal(data.capacity, 8u * MIB);
		/* Block 3 lives at byte 1536 of the card. */
		uint8_t out[512], in[512];
		fill(out, sizeof(out), 3);
		assert_int_equal(extmem_write(&em, 0, 3 * 512, out, 512), EXTMEM_OK);
		assert_memory_equal(array + 1536, out, 512);
		assert_int_equal(extmem_read(&em, 0, 3 * 512, in, 512), EXTMEM_OK);
		assert_memory_equal(in, out, 512);
		assert_clean();
	}
}

static void test_sd_single_and_multiple_block_round_trips(void **state)
{
	(void)state;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	static uint8_t out[5000 * 512], in[5000 * 512];
	static const struct {
		uint32_t block, count;
	} spans[] = {{0, 1}, {5, 1}, {7, 2}, {100, 3000}, {32767, 1}, {20000, 5000}};
	for (unsigned k = 0; k < sizeof(spans) / sizeof(spans[0]); k++) {
		uint64_t a = (uint64_t)spans[k].block * 512u;
		size_t n = (size_t)spans[k].count * 512u;
		uint8_t before = a > 0 ? array[a - 1] : 0;
		uint8_t after = a + n < 16u * MIB ? array[a + n] : 0;
		fill(out, n, k);
		assert_int_equal(extmem_write(&em, 0, a, out, n), EXTMEM_OK);
		assert_memory_equal(array + a, out, n); /* SDHC: block number k is byte k * 512 */
		memset(in, 0, n);
		assert_int_equal(extmem_read(&em, 0, a, in, n), EXTMEM_OK);
		assert_memory_equal(in, out, n);
		if (a > 0)
			assert_int_equal(array[a - 1], before);
		if (a + n < 16u * MIB)
			assert_int_equal(array[a + n], after);
	}
	uint8_t b[512];
	assert_int_equal(extmem_read(&em, 0, 100, b, 512), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_write(&em, 0, 0, b, 100), EXTMEM_ERR_MISALIGNED);
	assert_int_equal(extmem_read(&em, 0, 16u * MIB, b, 512), EXTMEM_ERR_OUT_OF_RANGE);
	assert_clean();
}

static void erase_exact(enum extmem_sim_sd_type type)
{
	insert(type, 8u * MIB);
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	memset(array, 0xA5, 8u * MIB);
	assert_int_equal(extmem_erase(&em, 0, 10 * 512, 10 * 512), EXTMEM_OK);
	struct extmem_info info;
	assert_int_equal(extmem_info(&em, 0, &info), EXTMEM_OK);
	for (uint32_t i = 0; i < 30 * 512; i++) {
		uint8_t want = (i >= 10 * 512 && i < 20 * 512) ? info.erase_value : 0xA5;
		if (array[i] != want)
			fail_msg("byte %u is %02X, expected %02X", (unsigned)i, array[i], want);
	}
	assert_int_equal(card.blocks_erased, 10);
	assert_int_equal(extmem_erase(&em, 0, 10, 512), EXTMEM_ERR_MISALIGNED);
	assert_clean();
}

static void test_sd_erase_exactly_the_asked_blocks_sdhc(void **state)
{
	(void)state;
	erase_exact(EXTMEM_SIM_SD_SDHC);
}

static void test_sd_erase_exactly_the_asked_blocks_sdsc(void **state)
{
	(void)state;
	erase_exact(EXTMEM_SIM_SD_SDSC_V2);
}

static void test_sd_one_data_line_link(void **state)
{
	(void)state;
	cfg.link.bus_width = 1;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	assert_int_equal(data.bus_width, 1);
	assert_int_equal(card.width, 1);
	uint8_t out[1024], in[1024];
	fill(out, sizeof(out), 9);
	assert_int_equal(extmem_write(&em, 0, 512, out, sizeof(out)), EXTMEM_OK);
	assert_int_equal(extmem_read(&em, 0, 512, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(out));
	assert_clean();
}

/* ---- failures: a status, never a hang (virtual time stays bounded) ---- */

static void test_sd_no_card_is_no_device(void **state)
{
	(void)state;
	card.present = false;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_ERR_NO_DEVICE);
	/* Without card detect the commands go unanswered: still no device. */
	cfg.link.ops = &(const struct extmem_sd_ops){.command = extmem_host_sd_ops.command,
						     .set_bus_width = extmem_host_sd_ops.set_bus_width,
						     .set_clock = extmem_host_sd_ops.set_clock,
						     .time_us = extmem_host_sd_ops.time_us};
	assert_int_equal(extmem_init(&em, 0), EXTMEM_ERR_NO_DEVICE);
}

static void test_sd_card_that_never_powers_up_times_out(void **state)
{
	(void)state;
	card.power_up_ps = 10ull * 1000000000000ull; /* 10 s: past the 1 s ACMD41 bound */
	assert_int_equal(extmem_init(&em, 0), EXTMEM_ERR_TIMEOUT);
	assert_true(clk.now_ps < 2ull * 1000000000000ull);
}

static void test_sd_card_that_stops_answering_times_out(void **state)
{
	(void)state;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	card.hang = true;
	uint8_t b[1024];
	assert_int_equal(extmem_read(&em, 0, 0, b, 512), EXTMEM_ERR_TIMEOUT);
	assert_int_equal(extmem_write(&em, 0, 0, b, 1024), EXTMEM_ERR_TIMEOUT);
	assert_int_equal(extmem_erase(&em, 0, 0, 512), EXTMEM_ERR_TIMEOUT);
}

static void test_sd_crc_errors_are_device_errors(void **state)
{
	(void)state;
	card.crc_errors = 1; /* the first R7 */
	assert_int_equal(extmem_init(&em, 0), EXTMEM_ERR_DEVICE);
	card.crc_errors = 0;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	uint8_t b[2048];
	card.crc_errors = 1;
	assert_int_equal(extmem_read(&em, 0, 0, b, 512), EXTMEM_ERR_DEVICE);
	card.data_crc_errors = 1;
	assert_int_equal(extmem_read(&em, 0, 0, b, 2048), EXTMEM_ERR_DEVICE);
	card.data_crc_errors = 1;
	fill(b, sizeof(b), 1);
	assert_int_equal(extmem_write(&em, 0, 512, b, 512), EXTMEM_ERR_DEVICE);
	/* The card recovers: the next transfers work. */
	assert_int_equal(extmem_write(&em, 0, 512, b, 512), EXTMEM_OK);
	uint8_t in[512];
	assert_int_equal(extmem_read(&em, 0, 512, in, 512), EXTMEM_OK);
	assert_memory_equal(in, b, 512);
}

static void test_sd_locked_card_is_write_protected_at_init(void **state)
{
	(void)state;
	card.locked = true;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_ERR_WRITE_PROTECTED);
}

static void test_sd_write_protected_card_refuses_writes_and_erases(void **state)
{
	(void)state;
	/* TMP_WRITE_PROTECT is CSD bit 12 (5.3.2): resp[3] bit 12. */
	card.csd[3] |= 1u << 12;
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	struct extmem_info info;
	assert_int_equal(extmem_info(&em, 0, &info), EXTMEM_OK);
	assert_true(info.write_protected);
	uint8_t before[1024], b[1024];
	memcpy(before, array, sizeof(before));
	fill(b, sizeof(b), 5);
	assert_int_equal(extmem_write(&em, 0, 0, b, 512), EXTMEM_ERR_WRITE_PROTECTED);
	assert_int_equal(extmem_write(&em, 0, 0, b, 1024), EXTMEM_ERR_WRITE_PROTECTED);
	assert_int_equal(extmem_erase(&em, 0, 0, 1024), EXTMEM_ERR_WRITE_PROTECTED);
	assert_memory_equal(array, before, sizeof(before));
	/* Reads still work. */
	assert_int_equal(extmem_read(&em, 0, 0, b, 1024), EXTMEM_OK);
	assert_memory_equal(b, before, sizeof(before));
}

static void test_sd_file_backed_card(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_non_null(f);
	static uint8_t zero[1u << 20];
	assert_int_equal(fwrite(zero, 1, sizeof(zero), f), sizeof(zero));
	insert(EXTMEM_SIM_SD_SDHC, 1u << 20);
	extmem_sim_sd_attach_file(&card, f);
	assert_int_equal(extmem_init(&em, 0), EXTMEM_OK);
	uint8_t out[1536], in[1536];
	fill(out, sizeof(out), 42);
	assert_int_equal(extmem_write(&em, 0, 4096, out, sizeof(out)), EXTMEM_OK);
	assert_int_equal(fseek(f, 4096, SEEK_SET), 0);
	assert_int_equal(fread(in, 1, sizeof(in), f), sizeof(in));
	assert_memory_equal(in, out, sizeof(out));
	memset(in, 0, sizeof(in));
	assert_int_equal(extmem_read(&em, 0, 4096, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(out));
	fclose(f);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sd_csd_v2_capacity_of_a_real_8gb_card),
		T(test_sd_csd_v1_capacity_from_the_formula),
		T(test_sd_init_sdhc_block_addressed_4_bit_25_mhz),
		T(test_sd_init_sdsc_v2_and_v1_byte_addressed),
		T(test_sd_single_and_multiple_block_round_trips),
		T(test_sd_erase_exactly_the_asked_blocks_sdhc),
		T(test_sd_erase_exactly_the_asked_blocks_sdsc),
		T(test_sd_one_data_line_link),
		T(test_sd_no_card_is_no_device),
		T(test_sd_card_that_never_powers_up_times_out),
		T(test_sd_card_that_stops_answering_times_out),
		T(test_sd_crc_errors_are_device_errors),
		T(test_sd_locked_card_is_write_protected_at_init),
		T(test_sd_write_protected_card_refuses_writes_and_erases),
		T(test_sd_file_backed_card),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
