/* SPDX-License-Identifier: MIT */
/*
 * The Boots' 4-entry vector table (ports/stm32h7rs/startup.c,
 * EXTMEM_STM32_SYSTEM_VECTORS=4): a fault from reset still ends in the
 * port's HardFault handler (BKPT #0xEE), escalated as ARMv7-M says
 * (B1.5.8: the configurable faults are disabled out of reset).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_emu/machine.h"

#define FW_KIND  0x20000000u
#define VTOR_RST 0x08000000u

static struct extmem_emu *boot(uint32_t kind)
{
	struct extmem_emu *emu = NULL;
	struct extmem_emu_config cfg = {.log = getenv("EMU_LOG") ? stderr : NULL};
	assert_int_equal(extmem_emu_create(&emu, &cfg), 0);
	char err[256];
	if (extmem_emu_load_elf(emu, EMU_FW_SHORT_VECTORS, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	extmem_emu_reset(emu);
	assert_int_equal(extmem_emu_write_mem(emu, FW_KIND, &kind, 4), 0);
	struct extmem_emu_limits lim = {.max_insns = 1000000};
	enum extmem_emu_stop_reason why = extmem_emu_run(emu, &lim);
	if (why != EXTMEM_EMU_STOP_BKPT)
		fail_msg("stopped: %s: %s", extmem_emu_stop_name(why), extmem_emu_last_stop(emu)->message);
	return emu;
}

static uint32_t word(struct extmem_emu *emu, uint32_t addr)
{
	uint32_t v = 0;
	assert_int_equal(extmem_emu_read_mem(emu, addr, &v, 4), 0);
	return v;
}

/* Stopped at the BKPT #0xEE of the port's handler, in HardFault (IPSR 3), with the fault status the cause sets (the
 * message names IPSR's exception). */
static void assert_in_hardfault(struct extmem_emu *emu, const char *from, uint32_t cfsr_bit)
{
	const struct extmem_emu_stop *s = extmem_emu_last_stop(emu);
	assert_int_equal(s->value, 0xEE);
	assert_non_null(strstr(s->message, "in the HardFault handler"));
	assert_non_null(strstr(s->message, from));
	uint32_t handler = 0;
	assert_int_equal(extmem_emu_symbol(emu, "extmem_stm32_default_handler", &handler), 0);
	assert_int_equal(word(emu, VTOR_RST + 3u * 4u), handler | 1u); /* the table's HardFault entry */
	assert_true(s->pc >= (handler & ~1u) && s->pc < (handler & ~1u) + 8u);
	assert_int_equal(extmem_emu_reg(emu, 14) & 0xFFFFFF00u, 0xFFFFFF00u); /* LR: an EXC_RETURN */
	/* the SCB as the handler found it, which the stop message quotes */
	assert_non_null(strstr(s->message, "HFSR 0x40000000")); /* FORCED */
	const char *c = strstr(s->message, "CFSR 0x");
	assert_non_null(c);
	assert_true((strtoul(c + 5, NULL, 16) & cfsr_bit) != 0);
	extmem_emu_destroy(emu);
}

static void the_table_holds_sp_reset_nmi_and_hardfault_only(void **state)
{
	(void)state;
	struct extmem_emu *emu = boot(3); /* no fault: main returns */
	assert_int_equal(extmem_emu_last_stop(emu)->value, 0);
	uint32_t a = 0;
	assert_int_equal(extmem_emu_symbol(emu, "extmem_stm32_default_handler", &a), 0);
	assert_int_equal(word(emu, VTOR_RST + 8u), a | 1u);
	/* no SysTick or SVC handler, nor their hooks, in such a build */
	assert_int_not_equal(extmem_emu_symbol(emu, "extmem_stm32_systick_handler", &a), 0);
	assert_int_not_equal(extmem_emu_symbol(emu, "extmem_stm32_svc_handler", &a), 0);
	assert_int_not_equal(extmem_emu_symbol(emu, "extmem_stm32_systick_hook", &a), 0);
	extmem_emu_destroy(emu);
}

static void an_undefined_instruction_ends_in_the_hardfault_handler(void **state)
{
	(void)state;
	assert_in_hardfault(boot(0), "escalated from UsageFault", 1u << 16); /* UNDEFINSTR */
}

static void an_access_the_mpu_forbids_ends_in_the_hardfault_handler(void **state)
{
	(void)state;
	assert_in_hardfault(boot(1), "escalated from MemManage", 1u << 1); /* DACCVIOL */
}

static void an_unaligned_ldrd_ends_in_the_hardfault_handler(void **state)
{
	(void)state;
	assert_in_hardfault(boot(2), "escalated from UsageFault", 1u << 24); /* UNALIGNED */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_table_holds_sp_reset_nmi_and_hardfault_only),
		cmocka_unit_test(an_undefined_instruction_ends_in_the_hardfault_handler),
		cmocka_unit_test(an_access_the_mpu_forbids_ends_in_the_hardfault_handler),
		cmocka_unit_test(an_unaligned_ldrd_ends_in_the_hardfault_handler),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
