/* SPDX-License-Identifier: MIT */
/*
 * The MT35XU02G (octal, "same" 8D command extension, entered through its
 * volatile configuration register) and S25FL128S (quad, SR1 error bits that
 * hold WIP until CLSR, CR1 QUAD, WRR, F0h reset) part models. Expected values
 * are the parts' datasheet facts, written here.
 */
#include <stdio.h>

#include "extmem_sim/sfdp_images.h"
#include "nor_fx.h"

/* ---- MT35XU02G ---- */

/* 8D-8D-8D op with the "same" extension: opcode twice. */
static struct extmem_xspi_op mt_8d(uint8_t opc)
{
	return nfx_cmd(8, true, opc, opc);
}

static uint8_t mt_rdsr_8d(struct nfx *f)
{
	uint8_t b[2] = {0, 0};
	struct extmem_xspi_op op = mt_8d(0x05);
	op.dummy_cycles = 8; /* status and ID reads in octal DDR: 8 dummy cycles */
	nfx_data(&op, EXTMEM_XSPI_DATA_IN, b, 2, 8, true);
	op.dqs = true;
	nfx_run(f, &op);
	return b[0];
}

static void test_mt35xu02g_enters_8d_by_vcr_and_takes_the_same_extension(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_mt35xu02g);
	uint8_t id[6];
	nfx_read_reg(&f, 0x9F, id, 3);
	static const uint8_t want_id[3] = {0x2C, 0x5B, 0x1C};
	assert_memory_equal(id, want_id, 3);
	/* WREN, write VCR (81h) address 0 (3-byte) = E7h: octal DDR with DQS. */
	nfx_simple(&f, 0x06);
	static const uint8_t vcr0[4] = {0x00, 0x00, 0x00, 0xE7};
	nfx_write(&f, 0x81, vcr0, sizeof(vcr0));
	assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_8D8D8D);
	nfx_hz(&f, 100000000u);

	/* WREN as 0606h sets WEL; the inverted form 06F9h is not a command to this part. */
	struct extmem_xspi_op op = nfx_cmd(8, true, 0x06, 0xF9);
	nfx_run(&f, &op);
	nfx_rule(&f, EXTMEM_SIM_NOR_RULE_OPCODE_EXT, 1);
	assert_int_equal(mt_rdsr_8d(&f) & 0x02, 0);
	op = mt_8d(0x06);
	nfx_run(&f, &op);
	assert_int_equal(mt_rdsr_8d(&f) & 0x02, 0x02);

	/* ID in 8D: each byte on both edges. */
	op = mt_8d(0x9F);
	op.dummy_cycles = 8;
	nfx_data(&op, EXTMEM_XSPI_DATA_IN, id, 6, 8, true);
	op.dqs = true;
	nfx_run(&f, &op);
	static const uint8_t want_pairs[6] = {0x2C, 0x2C, 0x5B, 0x5B, 0x1C, 0x1C};
	assert_memory_equal(id, want_pairs, 6);

	/* Page program 1212h with a 4-byte address, then an octal DDR fast read 8B8Bh, 16 dummy cycles. */
	uint8_t d[8] = {1, 2, 3, 4, 5, 6, 7, 8}, r[8];
	op = mt_8d(0x12);
	nfx_addr(&op, 4, 0x01000000, 8, true);
	nfx_data(&op, EXTMEM_XSPI_DATA_OUT, d, 8, 8, true);
	nfx_run(&f, &op);
	assert_true(extmem_sim_nor_busy(f.nor));
	nfx_wait_idle(&f);
	memset(r, 0, sizeof(r));
	op = mt_8d(0x8B);
	nfx_addr(&op, 4, 0x01000000, 8, true);
	op.dummy_cycles = 16;
	nfx_data(&op, EXTMEM_XSPI_DATA_IN, r, 8, 8, true);
	op.dqs = true;
	nfx_run(&f, &op);
	assert_memory_equal(r, d, 8);
	nfx_rule(&f, EXTMEM_SIM_NOR_RULE_OPCODE_EXT, 1);
	assert_int_equal(f.nor->base.violations, 1);

	/* Reset as 6666h/9999h: back to extended SPI. */
	op = mt_8d(0x66);
	nfx_run(&f, &op);
	op = mt_8d(0x99);
	nfx_run(&f, &op);
	assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_1S1S1S);
	nfx_close(&f);
}

/* FSR 70h: bit 7 ready, bit 4 program error, bit 5 erase error; 50h clears. */
static void test_mt35xu02g_reports_failures_in_its_flag_status_register(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_mt35xu02g);
	f.nor->faults.fail_program = true;
	nfx_simple(&f, 0x06);
	static const uint8_t pp[4] = {0x00, 0x00, 0x00, 0x00}; /* address 0, one data byte 00h */
	nfx_write(&f, 0x02, pp, sizeof(pp));
	nfx_wait_idle(&f);
	uint8_t fsr = 0;
	nfx_read_reg(&f, 0x70, &fsr, 1);
	assert_int_equal(fsr & 0x90, 0x90);
	assert_int_equal(f.nor->array[0], 0xFF);
	nfx_simple(&f, 0x50);
	nfx_read_reg(&f, 0x70, &fsr, 1);
	assert_int_equal(fsr & 0x30, 0);
	nfx_clean(&f);
	nfx_close(&f);
}

/* ---- S25FL128S ---- */

static void test_s25fl128s_program_error_holds_wip_until_clsr(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_s25fl128s);
	uint8_t id[3];
	nfx_read_reg(&f, 0x9F, id, 3);
	static const uint8_t want_id[3] = {0x01, 0x20, 0x18};
	assert_memory_equal(id, want_id, 3);
	f.nor->faults.fail_program = true;
	nfx_simple(&f, 0x06);
	static const uint8_t pp[4] = {0x00, 0x10, 0x00, 0x00};
	nfx_write(&f, 0x02, pp, sizeof(pp));
	nfx_wait_idle(&f);
	f.clk.now_ps += extmem_sim_nor_us_to_ps(1000000);
	/* SR1: P_ERR (bit 6) set, and WIP (bit 0) stays 1 however long the host waits. */
	uint8_t sr = nfx_rdsr(&f);
	assert_int_equal(sr & 0x41, 0x41);
	assert_true(extmem_sim_nor_busy(f.nor));
	/* Anything but status reads, CLSR and reset is ignored meanwhile. */
	nfx_simple(&f, 0x06);
	nfx_rule(&f, EXTMEM_SIM_NOR_RULE_BUSY, 1);
	nfx_simple(&f, 0x30); /* CLSR */
	assert_int_equal(nfx_rdsr(&f) & 0x61, 0);
	f.nor->faults.fail_program = false;
	nfx_close(&f);
}

static void test_s25fl128s_erase_error_is_cleared_by_f0h_reset_and_66h_99h_are_not_commands(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_s25fl128s);
	f.nor->faults.fail_erase = true;
	nfx_simple(&f, 0x06);
	static const uint8_t a[3] = {0x04, 0x00, 0x00};
	nfx_write(&f, 0xD8, a, 3); /* 256 KiB sector erase */
	nfx_wait_idle(&f);
	assert_int_equal(nfx_rdsr(&f) & 0x21, 0x21); /* E_ERR, WIP */
	/* 66h/99h do not exist on the S25FL-S: ignored (quietly: hosts send them blindly). */
	nfx_simple(&f, 0x66);
	nfx_simple(&f, 0x99);
	assert_int_equal(nfx_rdsr(&f) & 0x21, 0x21);
	nfx_simple(&f, 0xF0); /* software reset */
	f.clk.now_ps += extmem_sim_nor_us_to_ps(f.p->rst_busy_us);
	assert_int_equal(nfx_rdsr(&f) & 0x21, 0);
	nfx_clean(&f);
	nfx_close(&f);
}

/* WRR 01h: one byte writes SR1 alone; two bytes SR1 and CR1 (QUAD bit 1). */
static void test_s25fl128s_wrr_one_byte_writes_sr1_only_and_quad_needs_cr1(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_s25fl128s);
	uint8_t cr1 = 0xFF;
	static const uint8_t two[2] = {0x00, 0x02};
	nfx_simple(&f, 0x06);
	nfx_write(&f, 0x01, two, 2);
	nfx_wait_idle(&f);
	nfx_read_reg(&f, 0x35, &cr1, 1);
	assert_int_equal(cr1, 0x02);
	static const uint8_t one = 0x04; /* BP0 */
	nfx_simple(&f, 0x06);
	nfx_write(&f, 0x01, &one, 1);
	assert_int_equal(extmem_sim_nor_busy_until(f.nor) - f.clk.now_ps, extmem_sim_nor_us_to_ps(140000)); /* tW */
	nfx_wait_idle(&f);
	nfx_read_reg(&f, 0x35, &cr1, 1);
	assert_int_equal(cr1, 0x02); /* QUAD kept */
	assert_int_equal(nfx_rdsr(&f), 0x04);
	/* With QUAD, 6Bh (1-1-4, 8 dummy cycles) reads the array. */
	f.nor->array[0x100] = 0x5A;
	uint8_t r = 0;
	struct extmem_xspi_op op = nfx_cmd(1, false, 0x6B, -1);
	nfx_addr(&op, 3, 0x100, 1, false);
	op.dummy_cycles = 8;
	nfx_data(&op, EXTMEM_XSPI_DATA_IN, &r, 1, 4, false);
	nfx_run(&f, &op);
	assert_int_equal(r, 0x5A);
	nfx_clean(&f);
	nfx_close(&f);
}

/* ---- their SFDP images (read by hand) ---- */

static uint32_t dword(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_new_part_images_state_the_datasheet_geometry(void **state)
{
	(void)state;
	const struct extmem_sim_sfdp_image *mt = extmem_sim_sfdp_image_find("MT35XU02G");
	const struct extmem_sim_sfdp_image *fl = extmem_sim_sfdp_image_find("S25FL128S");
	assert_non_null(mt);
	assert_non_null(fl);
	assert_int_equal(mt->jedec_id, 0x2C5B1C);
	assert_int_equal(fl->jedec_id, 0x012018);
	/* BFPT pointers from the first parameter header. */
	const uint8_t *mb = mt->bytes + (mt->bytes[12] | mt->bytes[13] << 8);
	const uint8_t *fb = fl->bytes + (fl->bytes[12] | fl->bytes[13] << 8);
	assert_int_equal(dword(mb + 4), 0x7FFFFFFFu); /* 2 Gbit */
	assert_int_equal(dword(fb + 4), 0x07FFFFFFu); /* 128 Mbit */
	/* MT35XU02G erase types: 4 KiB 20h, 128 KiB D8h, 32 KiB 52h. */
	assert_int_equal(dword(mb + 28), 0xD811200Cu);
	assert_int_equal(dword(mb + 32) & 0xFFFFu, 0x520Fu);
	/* S25FL128S: 256 KiB D8h, no 4 KiB erase (DWORD 1 bits 1:0 = 11b). */
	assert_int_equal(dword(fb + 28) & 0xFFFFu, 0xD812u);
	assert_int_equal(dword(fb) & 3u, 3u);

	/* The MT35XU02G tables equal the part's own, as QEMU's model carries them, where ../shared has it. */
	char path[512];
	snprintf(path, sizeof(path), "%s/sfdp-dumps/qemu_mt35xu02g.bin", EXTMEM_SHARED_DIR);
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		print_message("[  SKIP    ] %s absent: comparison with the part's tables skipped\n", path);
		return;
	}
	static uint8_t dump[512];
	size_t len = fread(dump, 1, sizeof(dump), fp);
	fclose(fp);
	assert_true(len >= 0x88);
	assert_memory_equal(mt->bytes + 0x30, dump + 0x30, 16 * 4); /* BFPT */
	assert_memory_equal(mt->bytes + 0x80, dump + 0x80, 2 * 4);  /* 4BAIT */
}

/*
 * S25FL128S 64 KiB-sector option: P4E 20h erases a 4 KiB parameter sector
 * inside the 32 x 4 KiB area (bottom; top with CR1 TBPARM = bit 2) and is
 * ignored elsewhere; SE D8h erases 64 KiB anywhere. RDCR 35h shows TBPARM,
 * the bit its sector map's detection command masks (04h).
 */
static void erase3(struct nfx *f, uint8_t opc, uint32_t a)
{
	const uint8_t ad[3] = {(uint8_t)(a >> 16), (uint8_t)(a >> 8), (uint8_t)a};
	nfx_simple(f, 0x06);
	nfx_write(f, opc, ad, 3);
	nfx_wait_idle(f);
	(void)nfx_rdsr(f); /* the part finishes what its busy time covered */
}

static void test_s25fl128s_64k_parameter_sectors_follow_tbparm(void **state)
{
	(void)state;
	for (int top = 0; top <= 1; top++) {
		struct nfx f;
		nfx_open(&f, &extmem_sim_part_s25fl128s_64k);
		f.nor->cr |= top ? 0x04 : 0;
		uint8_t cr1;
		nfx_read_reg(&f, 0x35, &cr1, 1);
		assert_int_equal(cr1 & 0x04, top ? 0x04 : 0);
		memset(f.nor->array, 0x00, f.nor->part->size);
		uint32_t param = top ? 0xFE0000u : 0, other = top ? 0 : 0xFE0000u;
		erase3(&f, 0x20, param + 0x1F000); /* the last of the 32 */
		assert_int_equal(f.nor->array[param + 0x1F000], 0xFF);
		assert_int_equal(f.nor->array[param + 0x1FFFF], 0xFF);
		assert_int_equal(f.nor->array[param + 0x1EFFF], 0x00);
		assert_int_equal(f.nor->array[(param + 0x20000) % f.nor->part->size], 0x00);
		nfx_clean(&f);
		erase3(&f, 0x20, other + 0x1000);
		nfx_rule(&f, EXTMEM_SIM_NOR_RULE_RANGE, 1);
		assert_int_equal(f.nor->array[other + 0x1000], 0x00);
		extmem_sim_nor_clear_violations(f.nor);
		erase3(&f, 0xD8, other + 0x10000);
		assert_int_equal(f.nor->array[other + 0x10000], 0xFF);
		assert_int_equal(f.nor->array[other + 0x1FFFF], 0xFF);
		/* the byte below the erased block is untouched (above it may be past the end of the array) */
		assert_int_equal(f.nor->array[other + 0x0FFFF], 0x00);
		assert_int_equal(f.nor->base.violations, 0);
		nfx_close(&f);
	}
}

/*
 * MX25L25635F security register (RDSCUR 2Bh): a failed program sets P_FAIL
 * (bit 5), a failed erase E_FAIL (bit 6); the next program or erase that
 * starts clears them (datasheet security register table).
 */
static void test_mx25l25635f_scur_holds_p_fail_and_e_fail(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_mx25l25635f);
	uint8_t id[3], scur;
	nfx_read_reg(&f, 0x9F, id, 3);
	static const uint8_t want_id[3] = {0xC2, 0x20, 0x19};
	assert_memory_equal(id, want_id, 3);
	f.nor->faults.fail_program = true;
	nfx_simple(&f, 0x06);
	static const uint8_t pp[4] = {0x00, 0x10, 0x00, 0x00};
	nfx_write(&f, 0x02, pp, sizeof(pp));
	nfx_wait_idle(&f);
	assert_int_equal(nfx_rdsr(&f) & 0x01, 0);
	nfx_read_reg(&f, 0x2B, &scur, 1);
	assert_int_equal(scur & 0x60, 0x20);
	f.nor->faults.fail_program = false;
	f.nor->faults.fail_erase = true;
	erase3(&f, 0x20, 0x1000);
	nfx_read_reg(&f, 0x2B, &scur, 1);
	assert_int_equal(scur & 0x60, 0x40);
	f.nor->faults.fail_erase = false;
	erase3(&f, 0x20, 0x1000);
	nfx_read_reg(&f, 0x2B, &scur, 1);
	assert_int_equal(scur & 0x60, 0);
	nfx_clean(&f);
	nfx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mt35xu02g_enters_8d_by_vcr_and_takes_the_same_extension),
		cmocka_unit_test(test_mt35xu02g_reports_failures_in_its_flag_status_register),
		cmocka_unit_test(test_s25fl128s_program_error_holds_wip_until_clsr),
		cmocka_unit_test(test_s25fl128s_64k_parameter_sectors_follow_tbparm),
		cmocka_unit_test(test_mx25l25635f_scur_holds_p_fail_and_e_fail),
		cmocka_unit_test(test_s25fl128s_erase_error_is_cleared_by_f0h_reset_and_66h_99h_are_not_commands),
		cmocka_unit_test(test_s25fl128s_wrr_one_byte_writes_sr1_only_and_quad_needs_cr1),
		cmocka_unit_test(test_new_part_images_state_the_datasheet_geometry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
