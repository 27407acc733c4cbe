/* SPDX-License-Identifier: MIT */
/*
 * The debug target a GDB server drives (extmem_emu/debug.h), on Thumb code
 * written into AXI SRAM by hand (encodings from the ARMv7-M ARM, A7.7):
 * exact breakpoints inside a translated block, single steps, watchpoints
 * that stop after the accessing instruction, interrupts, register access,
 * and memory read through the bus model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_emu/debug.h"
#include "extmem_emu/machine.h"

#define CODE 0x24000000u
#define DATA 0x24001000u

/* movs r0,#1; adds r0,#1; adds r0,#1; str r0,[r1]; adds r0,#1; ldr r2,[r1]; bx lr */
static const uint16_t prog[] = {0x2001, 0x3001, 0x3001, 0x6008, 0x3001, 0x680A, 0x4770};

struct rig {
	struct extmem_emu *emu;
};

static int setup(void **state)
{
	struct rig *r = calloc(1, sizeof(*r));
	struct extmem_emu_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	if (r == NULL || extmem_emu_create(&r->emu, &cfg) != 0)
		return -1;
	if (extmem_emu_write_mem(r->emu, CODE, prog, sizeof(prog)) != 0)
		return -1;
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	struct rig *r = *state;
	extmem_emu_destroy(r->emu);
	free(r);
	return 0;
}

static uint64_t insns(struct extmem_emu *emu)
{
	struct extmem_emu_stats s;
	extmem_emu_get_stats(emu, &s);
	return s.insns;
}

static enum extmem_emu_stop_reason call(struct extmem_emu *emu)
{
	const uint32_t args[2] = {0, DATA};
	struct extmem_emu_limits lim;
	memset(&lim, 0, sizeof(lim));
	lim.max_insns = 1000;
	return extmem_emu_call(emu, CODE, args, 2, 0, &lim, NULL);
}

static void a_breakpoint_stops_in_the_middle_of_a_block_before_its_instruction(void **state)
{
	struct extmem_emu *emu = ((struct rig *)*state)->emu;
	assert_int_equal(extmem_emu_break_insert(emu, CODE + 4), 0);
	uint64_t before = insns(emu);
	assert_int_equal(call(emu), EXTMEM_EMU_STOP_BREAKPOINT);
	assert_int_equal(extmem_emu_last_stop(emu)->pc, CODE + 4);
	assert_int_equal(extmem_emu_reg(emu, 15) & ~1u, CODE + 4);
	assert_int_equal(extmem_emu_reg(emu, 0), 2); /* movs, adds ran; the second adds did not */
	/* the block was counted whole when it began: the two that ran are all that count */
	assert_int_equal(insns(emu) - before, 2);
	assert_int_equal(extmem_emu_break_remove(emu, CODE + 4), 0);
	assert_int_equal(extmem_emu_break_remove(emu, CODE + 4), -1);
	assert_int_equal(extmem_emu_run(emu, NULL), EXTMEM_EMU_STOP_RETURNED);
	assert_int_equal(extmem_emu_reg(emu, 0), 4);
	assert_int_equal(insns(emu) - before, 7);
}

static void a_step_runs_one_instruction_even_from_a_breakpoint(void **state)
{
	struct extmem_emu *emu = ((struct rig *)*state)->emu;
	assert_int_equal(extmem_emu_break_insert(emu, CODE), 0);
	assert_int_equal(call(emu), EXTMEM_EMU_STOP_BREAKPOINT);
	assert_int_equal(extmem_emu_reg(emu, 15) & ~1u, CODE);
	uint64_t before = insns(emu);
	for (unsigned i = 1; i <= 3; i++) {
		assert_int_equal(extmem_emu_step(emu, NULL), EXTMEM_EMU_STOP_DEBUG);
		assert_int_equal(extmem_emu_last_stop(emu)->value, EXTMEM_EMU_DEBUG_STEP);
		assert_int_equal(extmem_emu_reg(emu, 15) & ~1u, CODE + 2 * i);
		assert_int_equal(extmem_emu_reg(emu, 0), i);
		assert_int_equal(insns(emu) - before, i);
	}
	extmem_emu_debug_clear(emu);
	assert_false(extmem_emu_break_at(emu, CODE));
}

static void a_write_watchpoint_stops_after_the_store_with_its_address(void **state)
{
	struct extmem_emu *emu = ((struct rig *)*state)->emu;
	uint32_t zero = 0;
	assert_int_equal(extmem_emu_debug_write(emu, DATA, &zero, 4), 0);
	assert_int_equal(extmem_emu_watch_insert(emu, DATA + 2, 1, EXTMEM_EMU_WATCH_WRITE), 0);
	assert_int_equal(call(emu), EXTMEM_EMU_STOP_DEBUG);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(emu);
	assert_int_equal(s->value, EXTMEM_EMU_DEBUG_WATCH);
	assert_true(s->write);
	assert_int_equal(s->addr, DATA + 2);
	/* the store at CODE + 6 completed; the core stands at the next instruction (DWT halts after) */
	assert_int_equal(extmem_emu_reg(emu, 15) & ~1u, CODE + 8);
	uint32_t v = 0;
	assert_int_equal(extmem_emu_debug_read(emu, DATA, &v, 4), 4);
	assert_int_equal(v, 3);
	/* the load of the same word is not a write: the run goes on to the return */
	assert_int_equal(extmem_emu_run(emu, NULL), EXTMEM_EMU_STOP_RETURNED);
	assert_int_equal(extmem_emu_watch_remove(emu, DATA + 2, 1, EXTMEM_EMU_WATCH_WRITE), 0);
}

static void a_read_watchpoint_stops_after_the_load(void **state)
{
	struct extmem_emu *emu = ((struct rig *)*state)->emu;
	assert_int_equal(extmem_emu_watch_insert(emu, DATA, 4, EXTMEM_EMU_WATCH_READ), 0);
	assert_int_equal(call(emu), EXTMEM_EMU_STOP_DEBUG);
	assert_false(extmem_emu_last_stop(emu)->write);
	assert_int_equal(extmem_emu_reg(emu, 15) & ~1u, CODE + 12);
	assert_int_equal(extmem_emu_reg(emu, 2), 3);
	extmem_emu_debug_clear(emu);
	assert_int_equal(call(emu), EXTMEM_EMU_STOP_RETURNED);
}

static void watchpoints_refuse_an_empty_or_wrapping_range_and_a_fifth(void **state)
{
	struct extmem_emu *emu = ((struct rig *)*state)->emu;
	assert_int_equal(extmem_emu_watch_insert(emu, DATA, 0, EXTMEM_EMU_WATCH_WRITE), -1);
	assert_int_equal(extmem_emu_watch_insert(emu, 0xFFFFFFFEu, 4, EXTMEM_EMU_WATCH_WRITE), -1);
	assert_int_equal(extmem_emu_watch_insert(emu, DATA, 4, (enum extmem_emu_watch_kind)7), -1);
	for (uint32_t i = 0; i < EXTMEM_EMU_WATCHPOINTS; i++)
		assert_int_equal(extmem_emu_watch_insert(emu, DATA + 16 * i, 4, EXTMEM_EMU_WATCH_ACCESS), 0);
	assert_int_equal(extmem_emu_watch_insert(emu, DATA + 0x100, 4, EXTMEM_EMU_WATCH_ACCESS), -1);
	assert_int_equal(extmem_emu_watch_remove(emu, DATA + 0x100, 4, EXTMEM_EMU_WATCH_ACCESS), -1);
	extmem_emu_debug_clear(emu);
}

static bool always(void *ctx)
{
	(*(unsigned *)ctx)++;
	return true;
}

static void the_poll_callback_interrupts_a_run(void **state)
{
	struct extmem_emu *emu = ((struct rig *)*state)->emu;
	unsigned asked = 0;
	struct extmem_emu_limits lim;
	memset(&lim, 0, sizeof(lim));
	lim.max_insns = 1000;
	lim.poll = always;
	lim.poll_ctx = &asked;
	const uint32_t args[2] = {0, DATA};
	assert_int_equal(extmem_emu_call(emu, CODE, args, 2, 0, &lim, NULL), EXTMEM_EMU_STOP_DEBUG);
	assert_int_equal(extmem_emu_last_stop(emu)->value, EXTMEM_EMU_DEBUG_INTERRUPT);
	assert_int_equal(asked, 1);
}

static void registers_read_and_write_with_the_architectures_rules(void **state)
{
	struct extmem_emu *emu = ((struct rig *)*state)->emu;
	uint64_t v;
	assert_int_equal(extmem_emu_dreg_size(EXTMEM_EMU_DREG_D0), 8);
	assert_int_equal(extmem_emu_dreg_size(EXTMEM_EMU_DREG_FPSCR), 4);
	assert_int_equal(extmem_emu_dreg_size(EXTMEM_EMU_DREG_COUNT), 0);
	assert_int_equal(extmem_emu_dreg_read(emu, EXTMEM_EMU_DREG_COUNT, &v), -1);
	assert_int_equal(extmem_emu_dreg_write(emu, EXTMEM_EMU_DREG_D0 + 3, 0x400921FB54442D18ull), 0); /* pi */
	assert_int_equal(extmem_emu_dreg_read(emu, EXTMEM_EMU_DREG_D0 + 3, &v), 0);
	assert_true(v == 0x400921FB54442D18ull);
	assert_int_equal(extmem_emu_dreg_write(emu, 5, 0x12345678u), 0);
	assert_int_equal(extmem_emu_reg(emu, 5), 0x12345678u);
	assert_int_equal(extmem_emu_dreg_write(emu, 5, 0x100000000ull), -1); /* 33 bits */
	/* xPSR: the flags change, the T bit (EPSR bit 24) stays */
	assert_int_equal(extmem_emu_dreg_write(emu, EXTMEM_EMU_DREG_XPSR, 0xF0000000u), 0);
	assert_int_equal(extmem_emu_dreg_read(emu, EXTMEM_EMU_DREG_XPSR, &v), 0);
	assert_int_equal(v & 0xF0000000u, 0xF0000000u);
	assert_int_equal((v >> 24) & 1u, 1);
	assert_int_equal(extmem_emu_dreg_write(emu, EXTMEM_EMU_DREG_CONTROL, 2), -1);
}

static void memory_reads_go_through_the_register_model(void **state)
{
	struct extmem_emu *emu = ((struct rig *)*state)->emu;
	extmem_emu_reset(emu);
	uint32_t v = 0;
	/* RM0477 RCC_CR reset value: HSION | HSIRDY | HSIDIVF = 0x25 (0x58024400) */
	assert_int_equal(extmem_emu_debug_read(emu, 0x58024400u, &v, 4), 4);
	assert_int_equal(v, 0x25u);
	/* ARMv7-M CPUID of a Cortex-M7 r1p2 (0xE000ED00), as the machine documents */
	assert_int_equal(extmem_emu_debug_read(emu, 0xE000ED00u, &v, 4), 4);
	assert_int_equal(v, 0x411FC272u);
	/* a peripheral address nothing answers, and the XSPI2 window out of memory-mapped mode: no bytes,
	 * and the machine's own stop state untouched */
	const struct extmem_emu_stop before = *extmem_emu_last_stop(emu);
	assert_int_equal(extmem_emu_debug_read(emu, 0x40010000u, &v, 4), 0);
	assert_int_equal(extmem_emu_debug_read(emu, 0x70000000u, &v, 4), 0);
	assert_memory_equal(&before, extmem_emu_last_stop(emu), sizeof(before));
	/* a read running off the end of AXI SRAM stops at its end */
	uint8_t b[8];
	assert_int_equal(extmem_emu_debug_read(emu, EXTMEM_EMU_AXI_BASE + EXTMEM_EMU_AXI_SIZE - 2, b, 8), 2);
	/* the emulator's private page is no memory of the device */
	assert_int_equal(extmem_emu_debug_read(emu, EXTMEM_EMU_RETURN_ADDR, b, 4), 0);
}

static void memory_writes_reach_code_and_refuse_the_windows(void **state)
{
	struct extmem_emu *emu = ((struct rig *)*state)->emu;
	assert_int_equal(call(emu), EXTMEM_EMU_STOP_RETURNED); /* translated once */
	assert_int_equal(extmem_emu_reg(emu, 0), 4);
	const uint16_t movs7 = 0x2007;
	assert_int_equal(extmem_emu_debug_write(emu, CODE, &movs7, 2), 0);
	assert_int_equal(call(emu), EXTMEM_EMU_STOP_RETURNED);
	assert_int_equal(extmem_emu_reg(emu, 0), 10); /* the new instruction ran, not the old translation */
	uint32_t v = 0;
	assert_int_equal(extmem_emu_debug_write(emu, 0x70000000u, &v, 4), -1);
	assert_int_equal(extmem_emu_debug_write(emu, 0xFFFFFFFEu, &v, 4), -1);
	assert_int_equal(extmem_emu_debug_write(emu, 0x40010000u, &v, 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_breakpoint_stops_in_the_middle_of_a_block_before_its_instruction,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_step_runs_one_instruction_even_from_a_breakpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(a_write_watchpoint_stops_after_the_store_with_its_address, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_read_watchpoint_stops_after_the_load, setup, teardown),
		cmocka_unit_test_setup_teardown(watchpoints_refuse_an_empty_or_wrapping_range_and_a_fifth, setup,
						teardown),
		cmocka_unit_test_setup_teardown(the_poll_callback_interrupts_a_run, setup, teardown),
		cmocka_unit_test_setup_teardown(registers_read_and_write_with_the_architectures_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(memory_reads_go_through_the_register_model, setup, teardown),
		cmocka_unit_test_setup_teardown(memory_writes_reach_code_and_refuse_the_windows, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
