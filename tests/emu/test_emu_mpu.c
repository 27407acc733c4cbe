/* SPDX-License-Identifier: MIT */
/*
 * The emulated Cortex-M7 MPU against the ARMv7-M ARM (B3.5 the MPU, B3.2.15
 * MMFSR, B3.2.16 HFSR, B3.2.17 MMFAR) and PM0253 (16 regions on the
 * STM32H7's Cortex-M7): test firmware of our own (fw/fw_mpu.c) makes the
 * accesses, its MemManage or HardFault handler records what it saw.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_emu/machine.h"

/* ARMv7-M B3.2.15 (MMFSR, CFSR[7:0]), B3.2.16 (HFSR) */
#define IACCVIOL  (1u << 0)
#define DACCVIOL  (1u << 1)
#define MMARVALID (1u << 7)
#define MUNSTKERR (1u << 3)
#define MSTKERR   (1u << 4)
#define FORCED    (1u << 30)
#define MEMMANAGE 4u
#define HARDFAULT 3u

struct mpu_log {
	uint32_t faults, ipsr, cfsr, hfsr, mmfar, pc;
};

static int setup(void **state)
{
	struct extmem_emu *emu = NULL;
	struct extmem_emu_config cfg = {.log = getenv("EMU_LOG") ? stderr : NULL};
	assert_int_equal(extmem_emu_create(&emu, &cfg), 0);
	char err[256];
	if (extmem_emu_load_elf(emu, EMU_FW_MPU, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	*state = emu;
	return 0;
}

static int teardown(void **state)
{
	extmem_emu_destroy(*state);
	return 0;
}

static uint32_t sym(struct extmem_emu *emu, const char *name)
{
	uint32_t a = 0;
	assert_int_equal(extmem_emu_symbol(emu, name, &a), 0);
	return a;
}

static uint32_t word(struct extmem_emu *emu, uint32_t addr)
{
	uint32_t v = 0;
	assert_int_equal(extmem_emu_read_mem(emu, addr, &v, 4), 0);
	return v;
}

static uint32_t call(struct extmem_emu *emu, const char *fn, uint32_t which, uint32_t memfault_on)
{
	uint32_t args[2] = {which, memfault_on}, r0 = 0;
	struct extmem_emu_limits lim = {.max_insns = 1000000};
	enum extmem_emu_stop_reason why = extmem_emu_call(emu, sym(emu, fn), args, 2, 0, &lim, &r0);
	if (why != EXTMEM_EMU_STOP_RETURNED)
		fail_msg("%s(%u) stopped: %s: %s", fn, which, extmem_emu_stop_name(why),
			 extmem_emu_last_stop(emu)->message);
	return r0;
}

static struct mpu_log run(struct extmem_emu *emu, uint32_t which, uint32_t memfault_on, uint32_t *r0)
{
	uint32_t r = call(emu, "fw_mpu", which, memfault_on);
	if (r0 != NULL)
		*r0 = r;
	struct mpu_log log;
	assert_int_equal(extmem_emu_read_mem(emu, sym(emu, "mpu_log"), &log, sizeof(log)), 0);
	return log;
}

/* One fault, taken as the exception ipsr, with CFSR cfsr. */
static void one_fault(const struct mpu_log *log, uint32_t ipsr, uint32_t cfsr)
{
	assert_int_equal(log->faults, 1);
	assert_int_equal(log->ipsr, ipsr);
	assert_int_equal(log->cfsr, cfsr);
}

static void the_mpu_type_register_reports_16_unified_regions(void **state)
{
	/* PM0253 4.6.1: DREGION = 16 (0x10 in bits 15:8), IREGION 0, SEPARATE 0 */
	assert_int_equal(call(*state, "fw_mpu_type", 0, 0), 0x00001000u);
}

static void a_load_from_a_no_access_region_faults_daccviol_with_mmfar_and_the_load_stacked(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 0, 1, &r);
	uint32_t buf = sym(emu, "mpu_buf");
	one_fault(&log, MEMMANAGE, DACCVIOL | MMARVALID);
	assert_int_equal(log.mmfar, buf + 16u);
	assert_int_equal(log.hfsr, 0);
	/* the load, not the start of its block (two instructions before it ran) */
	assert_int_equal(log.pc, sym(emu, "mpu_load_insn") & ~1u);
	assert_int_equal(r, 1); /* the load did not happen: r0 kept what the ADDS made */
}

static void a_call_into_an_xn_region_faults_iaccviol_at_the_region_with_no_mmfar(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 1, 1, &r);
	one_fault(&log, MEMMANAGE, IACCVIOL); /* MMARVALID clear: MMFAR holds nothing for a fetch */
	assert_int_equal(log.pc, sym(emu, "mpu_buf"));
	assert_int_equal(r, 0x47704770u); /* data reads of the XN region are allowed */
}

static void a_store_to_a_read_only_region_faults_and_leaves_memory_unchanged(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 2, 1, &r);
	uint32_t buf = sym(emu, "mpu_buf");
	assert_int_equal(r, 0x1234u); /* the load is allowed */
	one_fault(&log, MEMMANAGE, DACCVIOL | MMARVALID);
	assert_int_equal(log.mmfar, buf + 16u);
	assert_int_equal(log.pc, sym(emu, "mpu_store_insn") & ~1u);
	assert_int_equal(word(emu, buf + 16u), 0x1234u);
}

static void srd_opens_a_subregion_and_a_higher_numbered_region_wins_over_a_lower(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 3, 1, &r);
	assert_int_equal(r, 0x5678u + 0x9ABCu + 1u);
	one_fault(&log, MEMMANAGE, DACCVIOL | MMARVALID);
	assert_int_equal(log.mmfar, sym(emu, "mpu_buf") + 16u);
}

static void with_privdefena_clear_memory_in_no_region_faults(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 4, 1, &r);
	assert_int_equal(r, 0x1234u + 1u);
	one_fault(&log, MEMMANAGE, DACCVIOL | MMARVALID);
	assert_int_equal(log.mmfar, 0x20000010u);
}

static void the_boots_no_access_background_faults_a_read_of_an_unmapped_xspi_window(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 5, 1, &r);
	assert_int_equal(r, 1);
	one_fault(&log, MEMMANAGE, DACCVIOL | MMARVALID);
	assert_int_equal(log.mmfar, 0x90000010u);
}

static void with_memmanage_disabled_an_mpu_fault_escalates_to_hardfault_forced(void **state)
{
	struct extmem_emu *emu = *state;
	struct mpu_log log = run(emu, 0, 0, NULL);
	one_fault(&log, HARDFAULT, DACCVIOL | MMARVALID);
	assert_int_equal(log.hfsr, FORCED);
	assert_int_equal(log.mmfar, sym(emu, "mpu_buf") + 16u);
}

static void unprivileged_code_may_read_but_not_write_a_privileged_rw_unprivileged_ro_region(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 6, 1, &r);
	assert_int_equal(r, 0x1234u);
	one_fault(&log, MEMMANAGE, DACCVIOL | MMARVALID);
	assert_int_equal(log.pc, sym(emu, "mpu_store_insn") & ~1u);
	assert_int_equal(word(emu, sym(emu, "mpu_buf") + 16u), 0x1234u);
}

static void code_running_out_of_an_executable_region_faults_at_the_first_xn_instruction(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 7, 1, &r);
	one_fault(&log, MEMMANAGE, IACCVIOL);
	assert_int_equal(log.pc, sym(emu, "mpu_buf") + 32u); /* the BX LR, in the XN region */
	assert_int_equal(r, 5);                              /* the MOVS and NOPs before it ran */
}

static void an_svc_whose_stacking_the_mpu_forbids_takes_memmanage_mstkerr_then_svcall(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 8, 1, &r);
	/* the derived MemManage first (a tie goes to the lower number); no MMARVALID: MMFAR is not written */
	one_fault(&log, MEMMANAGE, MSTKERR);
	/* the handler's own frame resumed the thread with r0 = 7; SVCall stayed pending and ran after */
	assert_int_equal(r, 7u + 100u);
}

static void an_exception_return_whose_unstacking_the_mpu_forbids_chains_memmanage_munstkerr(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 9, 1, &r);
	one_fault(&log, MEMMANAGE, MUNSTKERR);
	/* the frame stayed where it was: once the handler opened the stack the return unstacked r0 = 42 */
	assert_int_equal(r, 42u + 100u);
}

static void under_faultmask_with_hfnmiena_clear_the_mpu_is_not_used(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r = 0;
	struct mpu_log log = run(emu, 10, 1, &r);
	assert_int_equal(r, 0x1234u + 1u); /* the first load read memory, the second faulted */
	one_fault(&log, MEMMANAGE, DACCVIOL | MMARVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_mpu_type_register_reports_16_unified_regions, setup, teardown),
		cmocka_unit_test_setup_teardown(
			a_load_from_a_no_access_region_faults_daccviol_with_mmfar_and_the_load_stacked, setup,
			teardown),
		cmocka_unit_test_setup_teardown(a_call_into_an_xn_region_faults_iaccviol_at_the_region_with_no_mmfar,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_store_to_a_read_only_region_faults_and_leaves_memory_unchanged, setup,
						teardown),
		cmocka_unit_test_setup_teardown(srd_opens_a_subregion_and_a_higher_numbered_region_wins_over_a_lower,
						setup, teardown),
		cmocka_unit_test_setup_teardown(with_privdefena_clear_memory_in_no_region_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(the_boots_no_access_background_faults_a_read_of_an_unmapped_xspi_window,
						setup, teardown),
		cmocka_unit_test_setup_teardown(with_memmanage_disabled_an_mpu_fault_escalates_to_hardfault_forced,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			unprivileged_code_may_read_but_not_write_a_privileged_rw_unprivileged_ro_region, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			code_running_out_of_an_executable_region_faults_at_the_first_xn_instruction, setup, teardown),
		cmocka_unit_test_setup_teardown(
			an_svc_whose_stacking_the_mpu_forbids_takes_memmanage_mstkerr_then_svcall, setup, teardown),
		cmocka_unit_test_setup_teardown(
			an_exception_return_whose_unstacking_the_mpu_forbids_chains_memmanage_munstkerr, setup,
			teardown),
		cmocka_unit_test_setup_teardown(under_faultmask_with_hfnmiena_clear_the_mpu_is_not_used, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
