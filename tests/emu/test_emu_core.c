/* SPDX-License-Identifier: MIT */
/*
 * The emulated Cortex-M7 core against the ARMv7-M architecture: run slices
 * that resume where the core was, exceptions taken as the core takes them,
 * the DWT lock. Expected values are the architecture's, written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_emu/machine.h"

static int setup(void **state)
{
	struct extmem_emu *emu = NULL;
	struct extmem_emu_config cfg = {.log = getenv("EMU_LOG") ? stderr : NULL};
	assert_int_equal(extmem_emu_create(&emu, &cfg), 0);
	char err[256];
	if (extmem_emu_load_elf(emu, EMU_FW_CORE, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	*state = emu;
	return 0;
}

static int teardown(void **state)
{
	extmem_emu_destroy(*state);
	return 0;
}

static enum extmem_emu_stop_reason call(struct extmem_emu *emu, const char *fn, const uint32_t *args, unsigned n,
					uint32_t *r0)
{
	uint32_t a = 0;
	assert_int_equal(extmem_emu_symbol(emu, fn, &a), 0);
	struct extmem_emu_limits lim = {.max_insns = 50000000};
	return extmem_emu_call(emu, a, args, n, 0, &lim, r0);
}

static uint32_t call_ok(struct extmem_emu *emu, const char *fn, const uint32_t *args, unsigned n)
{
	uint32_t r0 = 0;
	enum extmem_emu_stop_reason why = call(emu, fn, args, n, &r0);
	if (why != EXTMEM_EMU_STOP_RETURNED)
		fail_msg("%s stopped: %s: %s", fn, extmem_emu_stop_name(why), extmem_emu_last_stop(emu)->message);
	return r0;
}

static void a_direct_branch_after_a_systick_load_write_lands_where_it_points(void **state)
{
	uint32_t n[1] = {10};
	assert_int_equal(call_ok(*state, "fw_branch_after_load", n, 1), 10 * 1000 + 10);
}

static void dwt_writes_are_ignored_until_the_lock_access_register_is_unlocked(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t buf = 0x24060000u;
	call_ok(emu, "fw_dwt_lock", &buf, 1);
	uint32_t v[6];
	assert_int_equal(extmem_emu_read_mem(emu, buf, v, sizeof(v)), 0);
	/* ARMv7-M / CoreSight lock status: SLI (bit 0) lock implemented, SLK (bit 1) locked */
	assert_int_equal(v[0], 3u);
	assert_int_equal(v[1], 0u); /* enable written while locked: CYCCNT does not count */
	assert_int_equal(v[2], 1u); /* 0xC5ACCE55 unlocks */
	assert_true(v[3] > 100u);   /* counts: the loop took more than 100 cycles */
	assert_int_equal(v[4], 3u); /* any other value locks again */
	assert_int_equal(v[5], 1u); /* and the disable written then is ignored */
}

static void the_port_starts_the_cycle_counter_from_the_locked_reset_state(void **state)
{
	assert_int_equal(call_ok(*state, "fw_port_cycle_counter", NULL, 0), 1);
}

/* What the test firmware's handlers recorded (struct core_log in fw_core.c). */
struct core_log {
	uint32_t n;
	uint32_t ev[24];
	uint32_t ipsr, cfsr, hfsr, pc, exc_return, faults;
};

static void read_log(struct extmem_emu *emu, struct core_log *log)
{
	uint32_t a = 0;
	assert_int_equal(extmem_emu_symbol(emu, "core_log", &a), 0);
	assert_int_equal(extmem_emu_read_mem(emu, a, log, sizeof(*log)), 0);
}

static uint16_t halfword(struct extmem_emu *emu, uint32_t addr)
{
	uint16_t hw = 0;
	assert_int_equal(extmem_emu_read_mem(emu, addr, &hw, 2), 0);
	return hw;
}

/* ARMv7-M B3.2.15: UFSR in CFSR[31:16]; B3.2.16 HFSR.FORCED is bit 30 */
#define UNDEFINSTR (1u << 16)
#define UNALIGNED  (1u << 24)
#define DIVBYZERO  (1u << 25)
#define FORCED     (1u << 30)

static struct core_log fault(struct extmem_emu *emu, uint32_t which, uint32_t usagefault_on, uint32_t *r0)
{
	uint32_t args[2] = {which, usagefault_on};
	uint32_t r = call_ok(emu, "fw_fault", args, 2);
	if (r0 != NULL)
		*r0 = r;
	struct core_log log;
	read_log(emu, &log);
	return log;
}

static void
an_undefined_instruction_runs_the_usagefault_handler_with_undefinstr_and_its_own_address_stacked(void **state)
{
	struct core_log log = fault(*state, 0, 1, NULL);
	assert_int_equal(log.faults, 1);
	assert_int_equal(log.ipsr, 6); /* UsageFault */
	assert_int_equal(log.cfsr, UNDEFINSTR);
	assert_int_equal(log.hfsr, 0);
	assert_int_equal(halfword(*state, log.pc), 0xDE00u); /* UDF #0: the return address is the instruction */
	assert_int_equal(log.exc_return, 0xFFFFFFF9u);       /* thread mode, MSP, basic frame */
}

static void an_undefined_instruction_with_usagefault_disabled_escalates_to_hardfault_forced(void **state)
{
	struct core_log log = fault(*state, 0, 0, NULL);
	assert_int_equal(log.faults, 1);
	assert_int_equal(log.ipsr, 3); /* HardFault */
	assert_int_equal(log.cfsr, UNDEFINSTR);
	assert_int_equal(log.hfsr, FORCED);
}

static void an_unaligned_ldrd_faults_unaligned_always(void **state)
{
	struct core_log log = fault(*state, 1, 1, NULL);
	assert_int_equal(log.faults, 1);
	assert_int_equal(log.ipsr, 6);
	assert_int_equal(log.cfsr, UNALIGNED);
	assert_int_equal(halfword(*state, log.pc) & 0xFE50u, 0xE850u); /* LDRD (immediate) */
}

static void an_unaligned_ldm_faults_unaligned_always(void **state)
{
	struct core_log log = fault(*state, 6, 1, NULL);
	assert_int_equal(log.faults, 1);
	assert_int_equal(log.cfsr, UNALIGNED);
}

static void division_by_zero_faults_divbyzero_only_with_div_0_trp(void **state)
{
	struct core_log log = fault(*state, 2, 1, NULL);
	assert_int_equal(log.faults, 1);
	assert_int_equal(log.cfsr, DIVBYZERO);
	assert_int_equal(halfword(*state, log.pc) & 0xFFF0u, 0xFB90u); /* SDIV */
	uint32_t r0 = 0;
	log = fault(*state, 3, 1, &r0);
	assert_int_equal(log.faults, 0);
	assert_int_equal(r0, 7u); /* without the trap the quotient is 0 (A7.7.127) */
}

static void an_unaligned_word_load_faults_only_with_unalign_trp(void **state)
{
	struct core_log log = fault(*state, 4, 1, NULL);
	assert_int_equal(log.faults, 1);
	assert_int_equal(log.cfsr, UNALIGNED);
	uint32_t r0 = 0;
	log = fault(*state, 5, 1, &r0);
	assert_int_equal(log.faults, 0);
	assert_int_equal(r0, 0x22221111u); /* bytes 2..5 of 11111111 22222222, little-endian */
}

static void a_branch_to_arm_state_faults_invstate_at_the_target(void **state)
{
	uint32_t r0 = 0;
	struct core_log log = fault(*state, 7, 1, &r0);
	assert_int_equal(log.faults, 1);
	assert_int_equal(log.ipsr, 6);
	assert_int_equal(log.cfsr, 1u << 17); /* INVSTATE */
	assert_int_equal(log.pc & 3u, 0);     /* the word-aligned target of the BX */
	assert_int_equal(halfword(*state, log.pc), 0xBF00u);
	assert_int_equal(r0, 1);
}

static void a_fault_whose_handler_branches_to_itself_stops_the_run_naming_the_fault(void **state)
{
	struct extmem_emu *emu = *state;
	uint32_t r0 = 0;
	assert_int_equal(call(emu, "fw_fault_loops", NULL, 0, &r0), EXTMEM_EMU_STOP_FAULT);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(emu);
	assert_non_null(strstr(s->message, "HardFault escalated from UsageFault"));
	assert_non_null(strstr(s->message, "UNDEFINSTR"));
	assert_non_null(strstr(s->message, "branches to itself"));
	assert_int_equal(halfword(emu, s->pc), 0xDE00u);
}

static void a_fault_with_no_handler_in_the_vector_table_stops_the_run_naming_the_fault(void **state)
{
	struct extmem_emu *emu = *state;
	assert_int_equal(call(emu, "fw_fault_no_handler", NULL, 0, NULL), EXTMEM_EMU_STOP_FAULT);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(emu);
	assert_non_null(strstr(s->message, "UsageFault at"));
	assert_non_null(strstr(s->message, "UNDEFINSTR"));
	assert_non_null(strstr(s->message, "no handler"));
	assert_int_equal(halfword(emu, s->pc), 0xDE00u);
}

static void stop_on_fault_stops_at_the_fault_instead_of_running_the_handler(void **state)
{
	(void)state;
	struct extmem_emu *emu = NULL;
	struct extmem_emu_config cfg = {.stop_on_fault = true};
	assert_int_equal(extmem_emu_create(&emu, &cfg), 0);
	char err[256];
	if (extmem_emu_load_elf(emu, EMU_FW_CORE, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	uint32_t args[2] = {1, 1};
	uint32_t a = 0;
	assert_int_equal(extmem_emu_symbol(emu, "fw_fault", &a), 0);
	struct extmem_emu_limits lim = {.max_insns = 100000};
	assert_int_equal(extmem_emu_call(emu, a, args, 2, 0, &lim, NULL), EXTMEM_EMU_STOP_FAULT);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(emu);
	assert_non_null(strstr(s->message, "UsageFault"));
	assert_non_null(strstr(s->message, "UNALIGNED"));
	assert_int_equal(halfword(emu, s->pc) & 0xFE50u, 0xE850u);
	struct core_log log;
	read_log(emu, &log);
	assert_int_equal(log.faults, 0);
	extmem_emu_destroy(emu);
}

static void nvic_events(struct extmem_emu *emu, uint32_t which, const uint32_t *want, uint32_t n)
{
	uint32_t arg[1] = {which};
	assert_int_equal(call_ok(emu, "fw_nvic", arg, 1), n);
	struct core_log log;
	read_log(emu, &log);
	for (uint32_t i = 0; i < n; i++)
		if (log.ev[i] != want[i])
			fail_msg("case %u: event %u is 0x%02X, expected 0x%02X", which, i, log.ev[i], want[i]);
}

static void a_higher_priority_irq_preempts_and_a_lower_one_tail_chains(void **state)
{
	/* IRQ0 (0x80) starts, IRQ1 (0x40) preempts it, IRQ2 (0xC0) runs when IRQ0 returns, then thread */
	static const uint32_t want[] = {0x10, 0x20, 0x11, 0x30, 0x12};
	nvic_events(*state, 0, want, 5);
}

static void with_prigroup_7_subpriority_orders_pending_irqs_but_never_preempts(void **state)
{
	static const uint32_t want[] = {0x10, 0x11, 0x20, 0x30, 0x12};
	nvic_events(*state, 1, want, 5);
}

static void basepri_holds_a_pending_irq_back_until_it_is_lowered(void **state)
{
	static const uint32_t want[] = {0x40, 0x30, 0x41};
	nvic_events(*state, 2, want, 3);
}

static void primask_holds_a_pending_irq_back_until_cpsie(void **state)
{
	static const uint32_t want[] = {0x50, 0x20, 0x51};
	nvic_events(*state, 3, want, 3);
}

static void two_threads_on_psp_switch_through_pendsv_with_their_fp_state(void **state)
{
	uint32_t rounds[1] = {6};
	uint32_t r = call_ok(*state, "fw_context_switch", rounds, 1);
	assert_int_equal(r & 0xC0000000u, 0); /* FP accumulators right, B ran on PSP */
	assert_int_equal(r >> 16 & 0x3FFFu, 6);
	assert_int_equal(r & 0xFFFFu, 6);
}

static void fp_context_gives_an_extended_frame_and_exc_return_e9(void **state)
{
	uint32_t r = call_ok(*state, "fw_fp_frame", NULL, 0);
	assert_int_equal(r & 0xFFu, 0xF9u);      /* no FP context yet: basic frame */
	assert_int_equal(r >> 8 & 0xFFu, 0xE9u); /* after an FP instruction (CONTROL.FPCA): extended frame */
	assert_int_equal(r >> 16 & 1u, 0);
	assert_int_equal(r >> 17 & 1u, 1);
	assert_int_equal(r >> 18 & 1u, 1);
}

static void a_direct_branch_after_an_rcc_write_lands_where_it_points(void **state)
{
	uint32_t n[1] = {10};
	assert_int_equal(call_ok(*state, "fw_branch_after_rcc", n, 1), 10 * 1000 + 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_branch_to_arm_state_faults_invstate_at_the_target, setup, teardown),
		cmocka_unit_test_setup_teardown(a_direct_branch_after_an_rcc_write_lands_where_it_points, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			a_fault_with_no_handler_in_the_vector_table_stops_the_run_naming_the_fault, setup, teardown),
		cmocka_unit_test_setup_teardown(
			an_undefined_instruction_runs_the_usagefault_handler_with_undefinstr_and_its_own_address_stacked,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			an_undefined_instruction_with_usagefault_disabled_escalates_to_hardfault_forced, setup,
			teardown),
		cmocka_unit_test_setup_teardown(an_unaligned_ldrd_faults_unaligned_always, setup, teardown),
		cmocka_unit_test_setup_teardown(an_unaligned_ldm_faults_unaligned_always, setup, teardown),
		cmocka_unit_test_setup_teardown(division_by_zero_faults_divbyzero_only_with_div_0_trp, setup, teardown),
		cmocka_unit_test_setup_teardown(an_unaligned_word_load_faults_only_with_unalign_trp, setup, teardown),
		cmocka_unit_test_setup_teardown(a_fault_whose_handler_branches_to_itself_stops_the_run_naming_the_fault,
						setup, teardown),
		cmocka_unit_test_setup_teardown(stop_on_fault_stops_at_the_fault_instead_of_running_the_handler, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_higher_priority_irq_preempts_and_a_lower_one_tail_chains, setup,
						teardown),
		cmocka_unit_test_setup_teardown(with_prigroup_7_subpriority_orders_pending_irqs_but_never_preempts,
						setup, teardown),
		cmocka_unit_test_setup_teardown(basepri_holds_a_pending_irq_back_until_it_is_lowered, setup, teardown),
		cmocka_unit_test_setup_teardown(primask_holds_a_pending_irq_back_until_cpsie, setup, teardown),
		cmocka_unit_test_setup_teardown(two_threads_on_psp_switch_through_pendsv_with_their_fp_state, setup,
						teardown),
		cmocka_unit_test_setup_teardown(fp_context_gives_an_extended_frame_and_exc_return_e9, setup, teardown),
		cmocka_unit_test_setup_teardown(the_port_starts_the_cycle_counter_from_the_locked_reset_state, setup,
						teardown),
		cmocka_unit_test_setup_teardown(dwt_writes_are_ignored_until_the_lock_access_register_is_unlocked,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_direct_branch_after_a_systick_load_write_lands_where_it_points, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
