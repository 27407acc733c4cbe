/* SPDX-License-Identifier: MIT */
/*
 * The NOR models judge what the part samples on its wires, not how a
 * controller cut the transfer into phases. Facts written in each test are
 * from the parts' datasheets (command tables, register maps).
 */
#include "nor_fx.h"

/* Macronix OctaFlash: WRCR2 72h, 4-byte CR2 address, CR2[0] bit 1 = DOPI (8D-8D-8D). */
static void test_ff0a_sequence_sent_as_opcode_and_five_data_bytes_enters_8d(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_mx66uw1g45g);
	nfx_simple(&f, 0x06);
	/* JESD216 FF0A sequence "72 00 00 00 00 02" sent as vendor code sends it: opcode + 5 data bytes. */
	static const uint8_t seq[5] = {0x00, 0x00, 0x00, 0x00, 0x02};
	nfx_write(&f, 0x72, seq, sizeof(seq));
	nfx_clean(&f);
	assert_int_equal(extmem_sim_nor_proto(f.nor), EXTMEM_SIM_NOR_8D8D8D);
	/* The part now answers 9Fh/60h in 8D: ID C2 81 3B, each byte on both edges, 4 dummy cycles. */
	uint8_t id[6];
	struct extmem_xspi_op op = nfx_cmd(8, true, 0x9F, 0x60);
	nfx_addr(&op, 4, 0, 8, true);
	op.dummy_cycles = 4;
	nfx_data(&op, EXTMEM_XSPI_DATA_IN, id, 6, 8, true);
	op.dqs = true;
	nfx_run(&f, &op);
	static const uint8_t want[6] = {0xC2, 0xC2, 0x81, 0x81, 0x3B, 0x3B};
	assert_memory_equal(id, want, 6);
	nfx_clean(&f);
	nfx_close(&f);
}

/* W25Q128JV: 20h sector erase (4 KiB) takes a 24-bit address right after the opcode. */
static void test_erase_address_sent_as_data_bytes_is_the_same_command(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_w25q128jv);
	memset(f.nor->array, 0x00, 0x3000);
	nfx_simple(&f, 0x06);
	static const uint8_t a[3] = {0x00, 0x10, 0x00};
	nfx_write(&f, 0x20, a, sizeof(a));
	nfx_clean(&f);
	assert_true(extmem_sim_nor_busy(f.nor));
	nfx_wait_idle(&f);
	assert_int_equal(nfx_rdsr(&f) & 0x01, 0);
	assert_int_equal(f.nor->array[0x0FFF], 0x00);
	assert_int_equal(f.nor->array[0x1000], 0xFF);
	assert_int_equal(f.nor->array[0x1FFF], 0xFF);
	assert_int_equal(f.nor->array[0x2000], 0x00);
	nfx_close(&f);
}

/* An explicit address phase says what the controller means: 4 bytes to a part in 3-byte mode is a misread. */
static void test_explicit_address_phase_of_the_wrong_width_is_a_misread(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_w25q128jv);
	nfx_simple(&f, 0x06);
	struct extmem_xspi_op op = nfx_cmd(1, false, 0x20, -1);
	nfx_addr(&op, 4, 0x1000, 1, false);
	nfx_run(&f, &op);
	nfx_rule(&f, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH, 1);
	assert_false(extmem_sim_nor_busy(f.nor));
	nfx_close(&f);
}

/* Status register 05h: "the Status Register can be read continuously" (W25Q128JV, MT25QL256). */
static void test_status_register_repeats_while_clocked_and_extra_clocks_still_read_it(void **state)
{
	(void)state;
	const struct extmem_sim_nor_part *parts[] = {&extmem_sim_part_w25q128jv, &extmem_sim_part_mt25ql256};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		struct nfx f;
		nfx_open(&f, parts[i]);
		nfx_simple(&f, 0x06);
		uint8_t b[4];
		memset(b, 0, sizeof(b));
		nfx_read_reg(&f, 0x05, b, 4);
		for (int k = 0; k < 4; k++)
			assert_int_equal(b[k], 0x02); /* WEL, every byte */
		/* Eight more clocks before sampling (a controller's dummy phase): the register is still there. */
		struct extmem_xspi_op op = nfx_cmd(1, false, 0x05, -1);
		op.dummy_cycles = 8;
		memset(b, 0, sizeof(b));
		nfx_data(&op, EXTMEM_XSPI_DATA_IN, b, 2, 1, false);
		nfx_run(&f, &op);
		assert_int_equal(b[0], 0x02);
		assert_int_equal(b[1], 0x02);
		nfx_clean(&f);
		nfx_close(&f);
	}
}

static void mx_to_8d(struct nfx *f)
{
	nfx_simple(f, 0x06);
	static const uint8_t seq[5] = {0x00, 0x00, 0x00, 0x00, 0x02};
	nfx_write(f, 0x72, seq, sizeof(seq));
	assert_int_equal(extmem_sim_nor_proto(f->nor), EXTMEM_SIM_NOR_8D8D8D);
}

/*
 * Macronix in 8D: register reads (RDSR 05h/FAh, RDCR2 71h/8Eh) need 4 dummy
 * cycles and the part drives each register byte on both edges, repeating.
 * A host sampling single-rate with DQS and more dummy cycles reads it right.
 */
static void test_mx_register_read_in_8d_single_rate_with_dqs_and_more_dummy_reads_the_byte(void **state)
{
	(void)state;
	const struct extmem_sim_nor_part *parts[] = {&extmem_sim_part_mx66uw1g45g, &extmem_sim_part_mx25uw25645g,
						     &extmem_sim_part_mx25lm51245g};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		struct nfx f;
		nfx_open(&f, parts[i]);
		mx_to_8d(&f);
		nfx_hz(&f, 100000000u);
		uint8_t b[2] = {0, 0};
		struct extmem_xspi_op op = nfx_cmd(8, true, 0x71, 0x8E);
		nfx_addr(&op, 4, 0x00000000, 8, true);
		op.dummy_cycles = 6;
		nfx_data(&op, EXTMEM_XSPI_DATA_IN, b, 2, 8, false); /* single-rate data */
		op.dqs = true;
		nfx_run(&f, &op);
		assert_int_equal(b[0], 0x02); /* DOPI */
		assert_int_equal(b[1], 0x02);
		/* WREN then RDSR the same way: WEL (bit 1). */
		struct extmem_xspi_op we = nfx_cmd(8, true, 0x06, 0xF9);
		nfx_run(&f, &we);
		op = nfx_cmd(8, true, 0x05, 0xFA);
		nfx_addr(&op, 4, 0, 8, true);
		op.dummy_cycles = 8;
		nfx_data(&op, EXTMEM_XSPI_DATA_IN, b, 1, 8, false);
		op.dqs = true;
		nfx_run(&f, &op);
		assert_int_equal(b[0] & 0x03, 0x02);
		nfx_clean(&f);
		/* Fewer dummy cycles than the part needs: the host samples before the part drives. */
		op.dummy_cycles = 3;
		b[0] = 0;
		nfx_run(&f, &op);
		nfx_rule(&f, EXTMEM_SIM_NOR_RULE_DUMMY, 1);
		nfx_close(&f);
	}
}

/* Array data in 8D is one byte per edge: sampling single-rate sees every other byte. */
static void test_mx_array_read_in_8d_sampled_single_rate_is_garbage_and_recorded(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_mx66uw1g45g);
	for (int i = 0; i < 8; i++)
		f.nor->array[0x100 + i] = (uint8_t)(0x10 + i);
	mx_to_8d(&f);
	nfx_hz(&f, 100000000u);
	uint8_t r[4];
	struct extmem_xspi_op op = nfx_cmd(8, true, 0xEE, 0x11);
	nfx_addr(&op, 4, 0x100, 8, true);
	op.dummy_cycles = 20; /* CR2 0x300 default: 20 cycles */
	nfx_data(&op, EXTMEM_XSPI_DATA_IN, r, 4, 8, false);
	op.dqs = true;
	nfx_run(&f, &op);
	nfx_rule(&f, EXTMEM_SIM_NOR_RULE_SHAPE, 1);
	static const uint8_t every_other[4] = {0x10, 0x12, 0x14, 0x16};
	assert_memory_equal(r, every_other, 4);
	nfx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ff0a_sequence_sent_as_opcode_and_five_data_bytes_enters_8d),
		cmocka_unit_test(test_erase_address_sent_as_data_bytes_is_the_same_command),
		cmocka_unit_test(test_explicit_address_phase_of_the_wrong_width_is_a_misread),
		cmocka_unit_test(test_status_register_repeats_while_clocked_and_extra_clocks_still_read_it),
		cmocka_unit_test(test_mx_register_read_in_8d_single_rate_with_dqs_and_more_dummy_reads_the_byte),
		cmocka_unit_test(test_mx_array_read_in_8d_sampled_single_rate_is_garbage_and_recorded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
