/* SPDX-License-Identifier: MIT */
/*
 * The project's own SFDP images decode to the values the parts' datasheets
 * state. Expected numbers are written here from the datasheets (and, where
 * SFDP can only encode a nearby step, the step is named next to the
 * datasheet figure); none are computed by the parser's code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "extmem/sfdp.h"
#include "extmem_sim/sfdp_images.h"

#define KiB 1024u
#define MiB (1024u * 1024u)

static struct extmem_sfdp desc;

static const struct extmem_sfdp *decode(const char *part)
{
	const struct extmem_sim_sfdp_image *img = extmem_sim_sfdp_image_find(part);

	assert_non_null(img);
	assert_int_equal(extmem_sfdp_parse(img->bytes, img->len, &desc), EXTMEM_OK);
	assert_int_equal(desc.error, EXTMEM_SFDP_E_NONE);
	assert_int_equal(extmem_sfdp_apply_fixups(&desc, img->jedec_id), EXTMEM_OK);
	return &desc;
}

static void expect_read(const struct extmem_sfdp *d, int mode, unsigned opcode, unsigned wait, unsigned mode_clocks)
{
	assert_true(d->bfpt.reads & (1u << mode));
	assert_int_equal(d->bfpt.read[mode].opcode, opcode);
	assert_int_equal(d->bfpt.read[mode].wait_states, wait);
	assert_int_equal(d->bfpt.read[mode].mode_clocks, mode_clocks);
}

static void expect_no_read(const struct extmem_sfdp *d, int mode)
{
	assert_false(d->bfpt.reads & (1u << mode));
}

static void every_table_of_every_image_decodes_or_is_listed(void **state)
{
	size_t n;
	const struct extmem_sim_sfdp_image *img = extmem_sim_sfdp_images(&n);

	(void)state;
	assert_true(n >= 9);
	for (size_t i = 0; i < n; i++) {
		print_message("%s\n", img[i].part);
		assert_int_equal(extmem_sfdp_parse(img[i].bytes, img[i].len, &desc), EXTMEM_OK);
		for (unsigned t = 0; t < desc.ntables; t++) {
			uint8_t s = desc.table[t].state;
			assert_true(s == EXTMEM_SFDP_TABLE_DECODED || s == EXTMEM_SFDP_TABLE_LISTED);
		}
		/* The span helper covers every table of the image. */
		uint32_t span = 0;
		assert_int_equal(extmem_sfdp_image_span(img[i].bytes, img[i].len, &span, NULL), EXTMEM_OK);
		assert_int_equal(span, img[i].len); /* each image ends with its last table */
	}
	assert_null(extmem_sim_sfdp_image_find("no such part"));
}

/* MX66UW1G45G: 1 Gbit octal, SFDP 1.8, SCCR + FF0A + xSPI 1.0 + 4BAIT. */
static void mx66uw1g45g_decodes_to_datasheet_values(void **state)
{
	const struct extmem_sfdp *d = decode("MX66UW1G45G");

	(void)state;
	assert_int_equal(d->major, 1);
	assert_int_equal(d->minor, 8);
	assert_int_equal(d->access_protocol, 0xfd);
	assert_int_equal(d->nheaders, 5);
	assert_int_equal(d->bfpt.ndw, 20);
	assert_true(d->bfpt.size == 128ull * MiB);
	assert_int_equal(d->bfpt.page_size, 256);
	assert_int_equal(d->bfpt.addr_bytes, EXTMEM_SFDP_ADDR_3_OR_4);
	assert_true(d->bfpt.dtr);
	/* 4 KiB sector 20h / 21h, 64 KiB block D8h / DCh. */
	assert_int_equal(d->bfpt.erase[0].size, 4 * KiB);
	assert_int_equal(d->bfpt.erase[0].opcode, 0x20);
	assert_int_equal(d->bfpt.erase[0].opcode_4b, 0x21);
	assert_int_equal(d->bfpt.erase[1].size, 64 * KiB);
	assert_int_equal(d->bfpt.erase[1].opcode, 0xd8);
	assert_int_equal(d->bfpt.erase[1].opcode_4b, 0xdc);
	assert_int_equal(d->bfpt.erase[2].size, 0);
	/* Times: sector 25 ms typ; block 256 ms (SFDP step of 16 ms); max = 24 x typ. */
	assert_int_equal(d->bfpt.erase[0].typ_ms, 25);
	assert_int_equal(d->bfpt.erase[0].max_ms, 600);
	assert_int_equal(d->bfpt.erase[1].typ_ms, 256);
	assert_int_equal(d->bfpt.erase[1].max_ms, 6144);
	assert_int_equal(d->bfpt.page_prog_typ_us, 152);
	assert_int_equal(d->bfpt.chip_erase_typ_ms, 192000);
	/* x1/x8 part: no dual/quad reads; 8D-8D-8D EEh with 20 dummy at 200 MHz. */
	for (int m = EXTMEM_SFDP_READ_1_1_2; m <= EXTMEM_SFDP_READ_4S_4D_4D; m++)
		expect_no_read(d, m);
	expect_read(d, EXTMEM_SFDP_READ_8D_8D_8D, 0xee, 20, 0);
	assert_int_equal(d->bfpt.qer, 0);
	assert_int_equal(d->bfpt.soft_reset, EXTMEM_SFDP_RESET_66_99);
	assert_int_equal(d->bfpt.addr4_enter, EXTMEM_SFDP_4B_ENTER_DEDICATED);
	assert_int_equal(d->bfpt.busy_poll, EXTMEM_SFDP_POLL_SR_WIP);
	assert_true(d->bfpt.suspend);
	assert_int_equal(d->bfpt.erase_suspend_op, 0xb0);
	assert_int_equal(d->bfpt.erase_resume_op, 0x30);
	assert_true(d->bfpt.dpd);
	assert_int_equal(d->bfpt.dpd_enter_op, 0xb9);
	assert_int_equal(d->bfpt.dpd_exit_op, 0xab);
	/* Octal DTR: inverted command extension (EEh then 11h), bytes not swapped. */
	assert_int_equal(d->bfpt.octal_ext, EXTMEM_SFDP_OCTAL_EXT_INVERT);
	assert_false(d->bfpt.octal_swapped);
	assert_int_equal(d->bfpt.opi_disable, 0x8); /* soft reset */
	assert_int_equal(d->bfpt.max_mhz[2][0], 200);
	assert_int_equal(d->bfpt.max_mhz[3][1], 200);
	assert_int_equal(d->bfpt.max_mhz[0][0], 0);
	/* xSPI Profile 1.0: 5 DWORDs; 20/16/12/10 dummy at 200/166/133/100 MHz. */
	assert_true(d->has & EXTMEM_SFDP_HAS_XSPI);
	assert_int_equal(d->xspi.ndw, 5);
	assert_int_equal(d->xspi.read_opcode, 0xee);
	assert_int_equal(d->xspi.rdsr_addr_bytes, 4);
	assert_int_equal(d->xspi.rdsr_dummy, 4);
	assert_int_equal(d->xspi.dummy[0], 20);
	assert_int_equal(d->xspi.dummy[1], 16);
	assert_int_equal(d->xspi.dummy[2], 12);
	assert_int_equal(d->xspi.dummy[3], 10);
	assert_int_equal(d->xspi.dummy_pattern[3], 5);
	/* SCCR: WIP bit 0 of 05h; P_FAIL/E_FAIL bits 5/6 of 2Bh; CR2 via 71h/72h. */
	assert_true(d->has & EXTMEM_SFDP_HAS_SCCR);
	assert_true(d->sccr.bit[EXTMEM_SFDP_SCCR_WIP].present);
	assert_int_equal(d->sccr.bit[EXTMEM_SFDP_SCCR_WIP].read_op, 0x05);
	assert_int_equal(d->sccr.bit[EXTMEM_SFDP_SCCR_WIP].bit, 0);
	assert_int_equal(d->sccr.bit[EXTMEM_SFDP_SCCR_PROGRAM_ERROR].read_op, 0x2b);
	assert_int_equal(d->sccr.bit[EXTMEM_SFDP_SCCR_PROGRAM_ERROR].bit, 5);
	assert_int_equal(d->sccr.bit[EXTMEM_SFDP_SCCR_ERASE_ERROR].bit, 6);
	assert_int_equal(d->sccr.bit[EXTMEM_SFDP_SCCR_DUMMY_VOLATILE].read_op, 0x71);
	assert_int_equal(d->sccr.bit[EXTMEM_SFDP_SCCR_DUMMY_VOLATILE].write_op, 0x72);
	assert_int_equal(d->sccr.bit[EXTMEM_SFDP_SCCR_DUMMY_VOLATILE].addr, 0x03);
	assert_int_equal(d->sccr.bit[EXTMEM_SFDP_SCCR_OCTAL_DTR_VOLATILE].bit, 1);
	assert_false(d->sccr.bit[EXTMEM_SFDP_SCCR_OCTAL_NV].present);
	/* Datasheet: WIP = 1 while busy, P_FAIL/E_FAIL = 1 when the operation
	 * failed (positive polarity); in 8D-8D-8D RDSR and RDSCUR carry a 4-byte
	 * address, so the table sets "accessed by address" (bit 28). */
	assert_true(d->sccr.bit[EXTMEM_SFDP_SCCR_WIP].active_high);
	assert_true(d->sccr.bit[EXTMEM_SFDP_SCCR_PROGRAM_ERROR].active_high);
	assert_true(d->sccr.bit[EXTMEM_SFDP_SCCR_ERASE_ERROR].active_high);
	assert_true(d->sccr.bit[EXTMEM_SFDP_SCCR_PROGRAM_ERROR].addressed);
	assert_false(d->sccr.bit[EXTMEM_SFDP_SCCR_PROGRAM_ERROR].local_address);
	assert_false(d->sccr.bit[EXTMEM_SFDP_SCCR_PROGRAM_ERROR].nonvolatile);
	/* CR2 dummy cycles at 0000_0300h: address byte 03h is A15:A8 (local). */
	assert_true(d->sccr.bit[EXTMEM_SFDP_SCCR_DUMMY_VOLATILE].local_address);
	assert_int_equal(d->sccr.bit[EXTMEM_SFDP_SCCR_DUMMY_VOLATILE].reg_addr, 0x300);
	/* FF0A: WREN, then WRCR2 72h 00000000h 02h (DOPI). */
	assert_true(d->has & EXTMEM_SFDP_HAS_ODDR);
	assert_int_equal(d->oddr[0].len, 1);
	assert_int_equal(d->oddr[0].cmd[0], 0x06);
	assert_int_equal(d->oddr[1].len, 6);
	static const uint8_t wrcr2[6] = {0x72, 0, 0, 0, 0, 0x02};
	assert_memory_equal(d->oddr[1].cmd, wrcr2, 6);
	assert_int_equal(d->oddr[2].len, 0);
	/* 4BAIT: 13h, 0Ch, 12h and both erase types. */
	assert_int_equal(d->bait.supported & 0xffff,
			 EXTMEM_SFDP_4BAIT_READ_13 | EXTMEM_SFDP_4BAIT_FREAD_0C | EXTMEM_SFDP_4BAIT_PP_12 | (3u << 9));
	assert_int_equal(d->fixups, 0);
}

static void mx25uw25645g_is_the_256_mbit_family_member(void **state)
{
	const struct extmem_sfdp *d = decode("MX25UW25645G");

	(void)state;
	assert_true(d->bfpt.size == 32ull * MiB);
	expect_read(d, EXTMEM_SFDP_READ_8D_8D_8D, 0xee, 20, 0);
	assert_int_equal(d->bfpt.max_mhz[3][1], 200);
	assert_int_equal(d->bfpt.erase[1].opcode_4b, 0xdc);
}

static void mx25lm51245g_is_rated_133_mhz_with_one_xspi_grade(void **state)
{
	const struct extmem_sfdp *d = decode("MX25LM51245G");

	(void)state;
	assert_true(d->bfpt.size == 64ull * MiB);
	assert_int_equal(d->bfpt.max_mhz[2][0], 133);
	assert_int_equal(d->bfpt.max_mhz[3][1], 133);
	assert_int_equal(d->xspi.dummy[0], 0);
	assert_int_equal(d->xspi.dummy[1], 0);
	assert_int_equal(d->xspi.dummy[2], 20);
	assert_int_equal(d->xspi.dummy[3], 0);
	/* The read's dummy count comes from the fastest grade given. */
	expect_read(d, EXTMEM_SFDP_READ_8D_8D_8D, 0xee, 20, 0);
}

/* MT25QL256ABA: 256 Mbit quad, flag status register, 3 erase sizes. */
static void mt25ql256aba_decodes_to_datasheet_values(void **state)
{
	const struct extmem_sfdp *d = decode("MT25QL256ABA");

	(void)state;
	assert_true(d->bfpt.size == 32ull * MiB);
	assert_int_equal(d->bfpt.ndw, 16);
	/* Default dummy: 8 for 1-1-2/1-2-2/2-2-2/1-1-4, 10 for 1-4-4/4-4-4 (mode clock included). */
	expect_read(d, EXTMEM_SFDP_READ_1_1_2, 0x3b, 8, 0);
	expect_read(d, EXTMEM_SFDP_READ_1_2_2, 0xbb, 7, 1);
	expect_read(d, EXTMEM_SFDP_READ_2_2_2, 0xbb, 7, 1);
	expect_read(d, EXTMEM_SFDP_READ_1_1_4, 0x6b, 7, 1);
	expect_read(d, EXTMEM_SFDP_READ_1_4_4, 0xeb, 9, 1);
	expect_read(d, EXTMEM_SFDP_READ_4_4_4, 0xeb, 9, 1);
	assert_int_equal(d->bfpt.erase[0].size, 4 * KiB);
	assert_int_equal(d->bfpt.erase[1].size, 32 * KiB);
	assert_int_equal(d->bfpt.erase[1].opcode, 0x52);
	assert_int_equal(d->bfpt.erase[2].size, 64 * KiB);
	assert_int_equal(d->bfpt.erase[2].opcode, 0xd8);
	assert_int_equal(d->bfpt.erase[2].opcode_4b, 0xdc);
	assert_int_equal(d->bfpt.erase[1].opcode_4b, 0x5c);
	/* 4 KiB erase: datasheet 50 ms typ, 400 ms max; SFDP step 48 ms, x8. */
	assert_int_equal(d->bfpt.erase[0].typ_ms, 48);
	assert_int_equal(d->bfpt.erase[0].max_ms, 384);
	/* Page program 0.12 ms typ (exact in SFDP), x16 max (datasheet 1.8 ms). */
	assert_int_equal(d->bfpt.page_prog_typ_us, 120);
	assert_int_equal(d->bfpt.page_prog_max_us, 1920);
	assert_int_equal(d->bfpt.busy_poll, EXTMEM_SFDP_POLL_SR_WIP | EXTMEM_SFDP_POLL_FSR);
	assert_int_equal(d->bfpt.prog_suspend_op, 0x75);
	assert_int_equal(d->bfpt.prog_resume_op, 0x7a);
	assert_int_equal(d->bfpt.qer, 0);
	assert_int_equal(d->bfpt.addr4_enter, EXTMEM_SFDP_4B_ENTER_WREN_B7 | EXTMEM_SFDP_4B_ENTER_DEDICATED);
	assert_int_equal(d->bfpt.soft_reset, EXTMEM_SFDP_RESET_66_99);
	assert_true(d->bait.supported & EXTMEM_SFDP_4BAIT_4DD_EE);
}

/* W25Q128JV: 128 Mbit quad, QE in SR2, 3-byte only. */
static void w25q128jv_decodes_to_datasheet_values(void **state)
{
	const struct extmem_sfdp *d = decode("W25Q128JV");

	(void)state;
	assert_true(d->bfpt.size == 16ull * MiB);
	assert_int_equal(d->bfpt.major, 1);
	assert_int_equal(d->bfpt.minor, 5);
	assert_int_equal(d->bfpt.addr_bytes, EXTMEM_SFDP_ADDR_3);
	assert_false(d->bfpt.dtr);
	expect_read(d, EXTMEM_SFDP_READ_1_1_2, 0x3b, 8, 0);
	expect_read(d, EXTMEM_SFDP_READ_1_2_2, 0xbb, 0, 4);
	expect_read(d, EXTMEM_SFDP_READ_1_1_4, 0x6b, 8, 0);
	expect_read(d, EXTMEM_SFDP_READ_1_4_4, 0xeb, 4, 2);
	expect_no_read(d, EXTMEM_SFDP_READ_4_4_4);
	expect_no_read(d, EXTMEM_SFDP_READ_2_2_2);
	assert_int_equal(d->bfpt.qer, 5);
	assert_int_equal(d->bfpt.chip_erase_typ_ms, 40000);
	assert_int_equal(d->bfpt.erase[2].size, 64 * KiB);
	assert_int_equal(d->bfpt.erase[2].opcode, 0xd8);
	assert_int_equal(d->bfpt.erase[1].typ_ms, 128); /* datasheet 120 ms */
	assert_int_equal(d->bfpt.dpd_exit_delay_ns, 3000);
	assert_int_equal(d->bfpt.erase_suspend_op, 0x75);
}

/* IS25WP256D: QE = SR bit 6, QPI enable 35h / disable F5h. */
static void is25wp256d_decodes_to_datasheet_values(void **state)
{
	const struct extmem_sfdp *d = decode("IS25WP256D");

	(void)state;
	assert_true(d->bfpt.size == 32ull * MiB);
	assert_int_equal(d->bfpt.qer, 2);
	assert_int_equal(d->bfpt.qpi_enable, 0x04);  /* 35h */
	assert_int_equal(d->bfpt.qpi_disable, 0x02); /* F5h */
	expect_read(d, EXTMEM_SFDP_READ_4_4_4, 0xeb, 4, 2);
	assert_int_equal(d->bfpt.page_prog_typ_us, 200);
	assert_int_equal(d->bfpt.page_prog_max_us, 800);
	assert_int_equal(d->bfpt.chip_erase_typ_ms, 60000);
	assert_int_equal(d->bfpt.addr4_enter,
			 EXTMEM_SFDP_4B_ENTER_B7 | EXTMEM_SFDP_4B_ENTER_BANK | EXTMEM_SFDP_4B_ENTER_DEDICATED);
	/* The ISSI vendor table is listed, not rejected. */
	assert_int_equal(d->ntables, 2);
	assert_int_equal(d->table[1].state, EXTMEM_SFDP_TABLE_LISTED);
}

/* The 23-DWORD JESD216F BFPT: DTR reads of DWORDs 21-23 and DWORD 20 speeds. */
static void jesd216f_23_dword_bfpt_gives_dtr_reads(void **state)
{
	const struct extmem_sfdp *d = decode("IS25WP256D-JESD216F");

	(void)state;
	assert_int_equal(d->bfpt.ndw, 23);
	assert_int_equal(d->bfpt.minor, 10);
	expect_read(d, EXTMEM_SFDP_READ_1S_1D_1D, 0x0d, 8, 0);
	expect_read(d, EXTMEM_SFDP_READ_1S_2D_2D, 0xbd, 4, 0);
	expect_read(d, EXTMEM_SFDP_READ_1S_4D_4D, 0xed, 6, 0);
	expect_read(d, EXTMEM_SFDP_READ_4S_4D_4D, 0xed, 6, 0);
	expect_no_read(d, EXTMEM_SFDP_READ_1_1_8);
	expect_no_read(d, EXTMEM_SFDP_READ_1_8_8);
	assert_int_equal(d->bfpt.max_mhz[0][0], 133);
	assert_int_equal(d->bfpt.max_mhz[1][0], 80);
	assert_int_equal(d->bfpt.max_mhz[0][1], 0);
	/* DWORDs 1-16 are the same part. */
	assert_int_equal(d->bfpt.qer, 2);
	expect_read(d, EXTMEM_SFDP_READ_1_4_4, 0xeb, 4, 2);
}

/* SST26VF064B: one erase opcode (D8h) for 8, 32 and 64 KiB blocks: the sector map tells which. */
static void sst26vf064b_sector_map_is_non_uniform(void **state)
{
	const struct extmem_sfdp *d = decode("SST26VF064B");
	static const uint32_t sizes[5] = {32 * KiB, 32 * KiB, 8 * MiB - 128 * KiB, 32 * KiB, 32 * KiB};
	static const uint8_t masks[5] = {0x3, 0x5, 0x9, 0x5, 0x3};

	(void)state;
	assert_true(d->bfpt.size == 8ull * MiB);
	assert_int_equal(d->bfpt.erase[1].size, 8 * KiB);
	assert_int_equal(d->bfpt.erase[2].size, 32 * KiB);
	assert_int_equal(d->bfpt.erase[3].size, 64 * KiB);
	for (unsigned i = 1; i < 4; i++)
		assert_int_equal(d->bfpt.erase[i].opcode, 0xd8);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(d->bfpt.erase[i].typ_ms, 18);
		assert_int_equal(d->bfpt.erase[i].max_ms, 36);
	}
	assert_true(d->has & EXTMEM_SFDP_HAS_SMAP);
	assert_int_equal(d->smap.ndetect, 0);
	assert_int_equal(d->smap.nconfigs, 1);
	assert_int_equal(d->smap.config[0].nregions, 5);
	assert_true(d->smap.config[0].total == 8ull * MiB);
	assert_false(d->smap.truncated);
	for (unsigned r = 0; r < 5; r++) {
		assert_int_equal(d->smap.region[r].size, sizes[r]);
		assert_int_equal(d->smap.region[r].erase_mask, masks[r]);
	}
	expect_read(d, EXTMEM_SFDP_READ_4_4_4, 0x0b, 4, 2);
	assert_int_equal(d->bfpt.qer, 5);
	assert_false(d->bfpt.dpd);
	assert_int_equal(d->table[2].id, 0x01bf);
	assert_int_equal(d->table[2].state, EXTMEM_SFDP_TABLE_LISTED);
}

/* MX25L25635F: JESD216 v1.0, 9 DWORDs: defaults where the table is silent. */
static void jesd216_v1_0_table_leaves_later_fields_unset(void **state)
{
	const struct extmem_sfdp *d = decode("MX25L25635F");

	(void)state;
	assert_int_equal(d->minor, 0);
	assert_int_equal(d->bfpt.ndw, 9);
	assert_true(d->bfpt.size == 32ull * MiB);
	assert_int_equal(d->bfpt.page_size, 256);
	assert_int_equal(d->bfpt.erase[0].typ_ms, 0);
	assert_int_equal(d->bfpt.page_prog_typ_us, 0);
	assert_false(d->bfpt.suspend);
	/* No DWORD 15: the table gives no QE method; the fix-up supplies the datasheet's (SR bit 6, 010b). */
	assert_int_equal(d->bfpt.qer, 2);
	assert_true(d->fixups != 0);
	expect_read(d, EXTMEM_SFDP_READ_1_2_2, 0xbb, 4, 0);
	expect_read(d, EXTMEM_SFDP_READ_1_4_4, 0xeb, 4, 2);
	expect_read(d, EXTMEM_SFDP_READ_4_4_4, 0xeb, 4, 2);
	assert_int_equal(d->bfpt.erase[1].size, 32 * KiB);
	assert_int_equal(d->bfpt.erase[2].opcode, 0xd8);
	assert_int_equal(d->table[1].state, EXTMEM_SFDP_TABLE_LISTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_table_of_every_image_decodes_or_is_listed),
		cmocka_unit_test(mx66uw1g45g_decodes_to_datasheet_values),
		cmocka_unit_test(mx25uw25645g_is_the_256_mbit_family_member),
		cmocka_unit_test(mx25lm51245g_is_rated_133_mhz_with_one_xspi_grade),
		cmocka_unit_test(mt25ql256aba_decodes_to_datasheet_values),
		cmocka_unit_test(w25q128jv_decodes_to_datasheet_values),
		cmocka_unit_test(is25wp256d_decodes_to_datasheet_values),
		cmocka_unit_test(jesd216f_23_dword_bfpt_gives_dtr_reads),
		cmocka_unit_test(sst26vf064b_sector_map_is_non_uniform),
		cmocka_unit_test(jesd216_v1_0_table_leaves_later_fields_unset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
