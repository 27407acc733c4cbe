/* SPDX-License-Identifier: MIT */
/*
 * The result of every program and erase is read from the part whichever
 * way the driver waits for ready: through the port's auto-poll, or by
 * reading the status itself when the port has none. The error flags are
 * datasheet facts: Micron MT25QL256 flag status register (70h) bit 4
 * program error, bit 5 erase error; Macronix MX66UW1G45G security register
 * (2Bh) bit 5 P_FAIL, bit 6 E_FAIL. Verify is off, so only those flags can
 * report the failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "nor_harness.h"

static struct nor_harness harness;
static struct extmem_xspi_ops no_poll_ops;

static int teardown(void **state)
{
	(void)state;
	nor_harness_down(&harness);
	return 0;
}

/* The part on an 8-line link; `auto_poll` false: the port offers no auto-poll, the driver reads the status. */
static struct nor_harness *up(const struct extmem_sim_nor_part *part, bool auto_poll)
{
	nor_harness_down(&harness);
	assert_int_equal(nor_harness_up(&harness, part, 8, 200000000u), EXTMEM_OK);
	if (!auto_poll) {
		no_poll_ops = extmem_host_xspi_ops;
		no_poll_ops.auto_poll = NULL;
		harness.cfg.link.ops = &no_poll_ops;
	}
	harness.cfg.verify = false;
	assert_int_equal(extmem_init(&harness.em, 0), EXTMEM_OK);
	if (harness.table[0].info.write_protected)
		assert_int_equal(extmem_nor_sfdp_unlock(&harness.em, 0), EXTMEM_OK);
	return &harness;
}

/* A good program and erase succeed; a failed one is an error, never EXTMEM_OK. */
static void program_and_erase_failures_are_errors(struct nor_harness *h)
{
	static uint8_t page[256];
	memset(page, 0x5A, sizeof(page));
	uint32_t blk = h->table[0].info.erase_sizes[0];
	assert_int_equal(extmem_erase(&h->em, 0, 0, blk), EXTMEM_OK);
	assert_int_equal(extmem_write(&h->em, 0, 0, page, sizeof(page)), EXTMEM_OK);
	h->model->faults.fail_program = true;
	assert_int_equal(extmem_write(&h->em, 0, 0x100, page, sizeof(page)), EXTMEM_ERR_DEVICE);
	h->model->faults.fail_program = false;
	assert_int_equal(extmem_write(&h->em, 0, 0x200, page, sizeof(page)), EXTMEM_OK);
	h->model->faults.fail_erase = true;
	assert_int_equal(extmem_erase(&h->em, 0, 0, blk), EXTMEM_ERR_DEVICE);
	h->model->faults.fail_erase = false;
	assert_int_equal(extmem_erase(&h->em, 0, 0, blk), EXTMEM_OK);
	assert_int_equal(h->model->base.violations, 0);
}

/* Failed before: the status-reading wait left the flag status byte of an earlier wait for the check. */
static void a_flag_status_part_reports_a_failed_program_when_the_port_has_no_auto_poll(void **state)
{
	(void)state;
	program_and_erase_failures_are_errors(up(&extmem_sim_part_mt25ql256, false));
}

static void a_flag_status_part_reports_a_failed_program_through_the_auto_poll(void **state)
{
	(void)state;
	program_and_erase_failures_are_errors(up(&extmem_sim_part_mt25ql256, true));
}

static void a_macronix_octal_part_reports_a_failed_program_with_and_without_auto_poll(void **state)
{
	(void)state;
	program_and_erase_failures_are_errors(up(&extmem_sim_part_mx66uw1g45g, false));
	program_and_erase_failures_are_errors(up(&extmem_sim_part_mx66uw1g45g, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(a_flag_status_part_reports_a_failed_program_when_the_port_has_no_auto_poll,
					  teardown),
		cmocka_unit_test_teardown(a_flag_status_part_reports_a_failed_program_through_the_auto_poll, teardown),
		cmocka_unit_test_teardown(a_macronix_octal_part_reports_a_failed_program_with_and_without_auto_poll,
					  teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
