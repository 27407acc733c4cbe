/* SPDX-License-Identifier: MIT */
/*
 * Per-family block-protect layouts of the NOR models (datasheet protection
 * tables written in each case) and the reliability-campaign faults.
 */
#include "nor_fx.h"

#define KIB 1024u
#define MIB (1024u * 1024u)

/* WREN + one register write, then the write cycle waited out. */
static void write_reg(struct nfx *f, uint8_t opc, uint8_t v)
{
	nfx_simple(f, 0x06);
	nfx_write(f, opc, &v, 1);
	nfx_wait_idle(f);
}

/* WREN + 20h at addr (3-byte): true when the erase started, false when it was refused as protected. */
static bool erase_starts(struct nfx *f, uint32_t addr)
{
	uint32_t before = extmem_sim_nor_violations(f->nor, EXTMEM_SIM_NOR_RULE_PROTECTED);
	nfx_simple(f, 0x06);
	uint8_t a[3] = {(uint8_t)(addr >> 16), (uint8_t)(addr >> 8), (uint8_t)addr};
	nfx_write(f, 0x20, a, 3);
	bool started = extmem_sim_nor_busy(f->nor);
	assert_int_equal(extmem_sim_nor_violations(f->nor, EXTMEM_SIM_NOR_RULE_PROTECTED), before + (started ? 0 : 1));
	nfx_wait_idle(f);
	return started;
}

/*
 * W25Q128JV status register memory protection (WPS = 0): SR1 BP2..0 bits
 * 4..2, TB bit 5, SEC bit 6; SR2 CMP bit 6. Rows of the datasheet table.
 */
static void test_w25q128jv_tb_sec_and_cmp_select_the_protected_range(void **state)
{
	(void)state;
	static const struct {
		uint8_t sr1, sr2;
		uint32_t prot_lo, prot_hi; /* protected [lo, hi] inclusive; lo > hi: nothing */
	} rows[] = {
		{0x04, 0x00, 0xFC0000, 0xFFFFFF}, /* BP=001: upper 256 KiB */
		{0x24, 0x00, 0x000000, 0x03FFFF}, /* TB: lower 256 KiB */
		{0x44, 0x00, 0xFFF000, 0xFFFFFF}, /* SEC: upper 4 KiB */
		{0x68, 0x00, 0x000000, 0x001FFF}, /* SEC + TB, BP=010: lower 8 KiB */
		{0x50, 0x00, 0xFF8000, 0xFFFFFF}, /* SEC, BP=100: upper 32 KiB */
		{0x04, 0x40, 0x000000, 0xFBFFFF}, /* CMP, BP=001: all but the upper 256 KiB */
		{0x00, 0x40, 0x000000, 0xFFFFFF}, /* CMP, BP=000: everything */
		{0x1C, 0x40, 1, 0},               /* CMP, BP=111: nothing */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct nfx f;
		nfx_open(&f, &extmem_sim_part_w25q128jv);
		write_reg(&f, 0x01, rows[i].sr1);
		write_reg(&f, 0x31, rows[i].sr2);
		uint8_t sr1 = nfx_rdsr(&f);
		assert_int_equal(sr1, rows[i].sr1); /* TB and SEC are kept as written, not taken as locks */
		static const uint32_t probes[] = {0x000000, 0x001000, 0x002000, 0x03F000, 0x040000, 0x800000,
						  0xFBF000, 0xFC0000, 0xFF7000, 0xFF8000, 0xFFE000, 0xFFF000};
		for (size_t k = 0; k < sizeof(probes) / sizeof(probes[0]); k++) {
			uint32_t a = probes[k];
			bool prot = rows[i].prot_lo <= rows[i].prot_hi && a >= rows[i].prot_lo && a <= rows[i].prot_hi;
			if (erase_starts(&f, a) == prot)
				fail_msg("W25Q128JV SR1 %02X SR2 %02X: erase at %06X %s", rows[i].sr1, rows[i].sr2, a,
					 prot ? "started in a protected area" : "refused outside the protected area");
		}
		nfx_close(&f);
	}
}

/* MT25QL256: SR bit 6 is BP3, bit 5 TB (bottom); BP = 1 protects one 64 KiB sector. */
static void test_mt25ql256_bp3_is_bit_6_and_tb_bit_5(void **state)
{
	(void)state;
	static const struct {
		uint8_t sr;
		uint32_t prot_hi; /* bottom range [0, prot_hi) */
	} rows[] = {
		{0x24, 64 * KIB}, /* TB + BP0: lower 64 KiB */
		{0x60, 8 * MIB},  /* TB + BP3 (BP = 1000b): lower 128 sectors */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct nfx f;
		nfx_open(&f, &extmem_sim_part_mt25ql256);
		write_reg(&f, 0x01, rows[i].sr);
		assert_false(erase_starts(&f, rows[i].prot_hi - 4 * KIB));
		assert_true(erase_starts(&f, rows[i].prot_hi));
		nfx_close(&f);
	}
}

/* Fault: the part answers 9Fh with another ID. */
static void test_wrong_jedec_id_fault(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_mx66uw1g45g);
	f.nor->faults.wrong_id = 0xC2813A; /* MX66UW1G45G would say C2 81 3B */
	uint8_t id[3];
	nfx_read_reg(&f, 0x9F, id, 3);
	static const uint8_t want[3] = {0xC2, 0x81, 0x3A};
	assert_memory_equal(id, want, 3);
	f.nor->faults.wrong_id = 0;
	nfx_read_reg(&f, 0x9F, id, 3);
	assert_memory_equal(id, f.p->id, 3);
	nfx_clean(&f);
	nfx_close(&f);
}

/* Fault: a part that never enters 8D (the CR2 write is taken, the protocol stays). */
static void test_part_that_never_enters_8d_stays_in_1s_and_still_enters_8s(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_mx66uw1g45g);
	f.nor->faults.refuse_protos = 1u << EXTMEM_SIM_NOR_8D8D8D;
	nfx_simple(&f, 0x06);
	static const uint8_t dopi[5] = {0, 0, 0, 0, 0x02};
	nfx_write(&f, 0x72, dopi, sizeof(dopi));
	assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_1S1S1S);
	uint8_t id[3];
	nfx_read_reg(&f, 0x9F, id, 3);
	assert_memory_equal(id, f.p->id, 3);
	nfx_simple(&f, 0x06);
	static const uint8_t sopi[5] = {0, 0, 0, 0, 0x01};
	nfx_write(&f, 0x72, sopi, sizeof(sopi));
	assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_8S8S8S);
	nfx_clean(&f);
	nfx_close(&f);

	/* A quad part that never enters QPI: 35h is taken, the part stays in 1S. */
	nfx_open(&f, &extmem_sim_part_is25wp256);
	f.nor->faults.refuse_protos = 1u << EXTMEM_SIM_NOR_4S4S4S;
	nfx_simple(&f, 0x35);
	assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_1S1S1S);
	nfx_read_reg(&f, 0x9F, id, 3);
	assert_memory_equal(id, f.p->id, 3);
	nfx_close(&f);
}

/*
 * JESD216 QER 001b: "writing only one byte to the status register has the
 * side-effect of clearing status register 2, including the QE bit"; 100b:
 * one byte leaves it. (A consistency model: the flag comes from our parser.)
 */
static void test_one_byte_status_write_clears_sr2_on_qer_001_parts_only(void **state)
{
	(void)state;
	static const struct {
		bool clears;
	} cases[] = {{true}, {false}};
	for (size_t i = 0; i < 2; i++) {
		struct extmem_sim_nor_part part = extmem_sim_part_w25q128jv;
		part.wrsr_1byte_clears_sr2 = cases[i].clears;
		struct nfx f;
		nfx_open(&f, &part);
		write_reg(&f, 0x31, 0x02); /* QE */
		uint8_t sr2 = 0;
		nfx_read_reg(&f, 0x35, &sr2, 1);
		assert_int_equal(sr2, 0x02);
		write_reg(&f, 0x01, 0x00);
		nfx_read_reg(&f, 0x35, &sr2, 1);
		assert_int_equal(sr2, cases[i].clears ? 0x00 : 0x02);
		nfx_close(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_w25q128jv_tb_sec_and_cmp_select_the_protected_range),
		cmocka_unit_test(test_mt25ql256_bp3_is_bit_6_and_tb_bit_5),
		cmocka_unit_test(test_one_byte_status_write_clears_sr2_on_qer_001_parts_only),
		cmocka_unit_test(test_wrong_jedec_id_fault),
		cmocka_unit_test(test_part_that_never_enters_8d_stays_in_1s_and_still_enters_8s),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
