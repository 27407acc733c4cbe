/* SPDX-License-Identifier: MIT */
/*
 * Register-write busy times and reset recovery of the NOR part models. The
 * figures are written here from the parts' datasheets (and, for the
 * Macronix reset during erase, from ST's component driver for the part).
 */
#include "nor_fx.h"

#define US(x) extmem_sim_nor_us_to_ps(x)

/* WREN, then a one-byte 01h: the part is busy for exactly tW from the end of the command. */
static void test_status_register_write_is_busy_for_the_datasheet_tw(void **state)
{
	(void)state;
	static const struct {
		const struct extmem_sim_nor_part *p;
		uint32_t tw_us;
	} cases[] = {
		{&extmem_sim_part_mx66uw1g45g, 40000},  /* OctaFlash tW 40 ms (max; no typical given) */
		{&extmem_sim_part_mx25uw25645g, 40000}, /* same family */
		{&extmem_sim_part_w25q128jv, 10000},    /* tW 10 ms typ */
		{&extmem_sim_part_mt25ql256, 1300},     /* WRITE STATUS REGISTER 1.3 ms typ */
		{&extmem_sim_part_is25wp256, 2000},     /* tW 2 ms typ */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nfx f;
		nfx_open(&f, cases[i].p);
		nfx_simple(&f, 0x06);
		uint8_t sr = 0x00;
		nfx_write(&f, 0x01, &sr, 1);
		uint64_t t0 = f.clk.now_ps;
		assert_int_equal(extmem_sim_nor_busy_until(f.nor) - t0, US(cases[i].tw_us));
		assert_true(nfx_rdsr(&f) & 0x01);
		/* A command during the write cycle is ignored. */
		nfx_simple(&f, 0x06);
		nfx_rule(&f, EXTMEM_SIM_NOR_RULE_BUSY, 1);
		f.clk.now_ps = t0 + US(cases[i].tw_us);
		assert_int_equal(nfx_rdsr(&f) & 0x03, 0); /* ready, WEL cleared */
		nfx_close(&f);
	}
}

/* Volatile registers take their value at once: Macronix CR2, Micron VCR, Winbond SR after 50h. */
static void test_volatile_register_writes_take_no_write_cycle(void **state)
{
	(void)state;
	struct nfx f;
	nfx_open(&f, &extmem_sim_part_mx66uw1g45g);
	nfx_simple(&f, 0x06);
	static const uint8_t cr2[5] = {0x00, 0x00, 0x03, 0x00, 0x02}; /* CR2 0x300 = 2: 16 dummy cycles */
	nfx_write(&f, 0x72, cr2, sizeof(cr2));
	assert_false(extmem_sim_nor_busy(f.nor));
	nfx_clean(&f);
	nfx_close(&f);

	nfx_open(&f, &extmem_sim_part_mt25ql256);
	nfx_simple(&f, 0x06);
	uint8_t vcr = 0x8B;
	nfx_write(&f, 0x81, &vcr, 1);
	assert_false(extmem_sim_nor_busy(f.nor));
	uint8_t back = 0;
	nfx_read_reg(&f, 0x85, &back, 1);
	assert_int_equal(back, 0x8B);
	nfx_clean(&f);
	nfx_close(&f);

	/* W25Q128JV: 50h (write enable for volatile status register) then 01h: no WEL, no tW. */
	nfx_open(&f, &extmem_sim_part_w25q128jv);
	nfx_simple(&f, 0x50);
	uint8_t sr = 0x1C; /* BP2..0 */
	nfx_write(&f, 0x01, &sr, 1);
	assert_false(extmem_sim_nor_busy(f.nor));
	assert_int_equal(nfx_rdsr(&f), 0x1C);
	nfx_clean(&f);
	nfx_close(&f);
}

static void read_id(struct nfx *f, uint8_t id[3])
{
	memset(id, 0, 3);
	nfx_read_reg(f, 0x9F, id, 3);
}

/* Reset (66h, 99h): nothing is answered before the recovery time has passed. */
static void expect_recovery(struct nfx *f, uint32_t us)
{
	uint64_t t0 = f->clk.now_ps;
	uint8_t id[3];
	f->clk.now_ps = t0 + US(us) - US(1);
	read_id(f, id);
	assert_int_equal(id[0], 0xFF); /* the idle bus */
	nfx_simple(f, 0x06);           /* lost */
	assert_int_equal(extmem_sim_nor_violations(f->nor, EXTMEM_SIM_NOR_RULE_BUSY) > 0, 1);
	f->clk.now_ps = t0 + US(us);
	read_id(f, id);
	assert_memory_equal(id, f->p->id, 3);
	assert_int_equal(nfx_rdsr(f) & 0x02, 0); /* the WREN during recovery did nothing */
}

static void test_reset_recovery_from_idle_and_during_erase_is_the_datasheet_trst(void **state)
{
	(void)state;
	static const struct {
		const struct extmem_sim_nor_part *p;
		uint32_t idle_us, erase_us;
	} cases[] = {
		{&extmem_sim_part_mx66uw1g45g, 40, 100000},  /* tREADY2 40 us; 100 ms when the reset hits an erase */
		{&extmem_sim_part_mx25uw25645g, 40, 100000}, /* same family */
		{&extmem_sim_part_w25q128jv, 30, 30},        /* tRST 30 us */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nfx f;
		nfx_open(&f, cases[i].p);
		nfx_simple(&f, 0x66);
		nfx_simple(&f, 0x99);
		expect_recovery(&f, cases[i].idle_us);
		extmem_sim_nor_clear_violations(f.nor);
		/* WREN, 4 KiB erase at 0 (20h, 3-byte address), reset at once. */
		nfx_simple(&f, 0x06);
		static const uint8_t a[3] = {0, 0, 0};
		nfx_write(&f, 0x20, a, 3);
		assert_true(extmem_sim_nor_busy(f.nor));
		nfx_simple(&f, 0x66);
		nfx_simple(&f, 0x99);
		expect_recovery(&f, cases[i].erase_us);
		nfx_close(&f);
	}
}

/* Every model states where its register-write and reset figures come from. */
static void test_every_part_names_the_source_of_its_busy_figures(void **state)
{
	(void)state;
	for (const struct extmem_sim_nor_part *const *pp = extmem_sim_nor_parts(NULL); *pp != NULL; pp++) {
		if ((*pp)->busy_note == NULL || (*pp)->busy_note[0] == '\0')
			fail_msg("%s: no busy_note", (*pp)->name);
		if ((*pp)->rst_idle_us == 0)
			fail_msg("%s: no reset recovery time", (*pp)->name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_register_write_is_busy_for_the_datasheet_tw),
		cmocka_unit_test(test_volatile_register_writes_take_no_write_cycle),
		cmocka_unit_test(test_reset_recovery_from_idle_and_during_erase_is_the_datasheet_trst),
		cmocka_unit_test(test_every_part_names_the_source_of_its_busy_figures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
