/* SPDX-License-Identifier: MIT */
/*
 * The emulated STM32H7S7 peripherals vendor code walks through on its way
 * to the external memory, each pinned with a register sequence of ST's HAL
 * written out in tests/emu/fw/fw_periph.c: the XSPIM clock enable bit, XSPI
 * abort, accesses to unclocked blocks, SBS/EXTI/FLASH/DMA register files,
 * XSPIM multiplexed mode, the UART on the ST-LINK virtual COM port and the
 * second board. Expected values are RM0477 facts written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emu_ram_rig.h"
#include "extmem_emu/machine.h"

#define RAM_SIZE (1u << 20)

static int setup(void **state)
{
	*state = emu_ram_rig_new(RAM_SIZE, NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	emu_ram_rig_destroy(*state);
	return 0;
}

/* The peripheral firmware loaded, then fn(args), which must return: its r0. */
static uint32_t call_ok(struct emu_ram_rig *r, const char *fn, const uint32_t *args, unsigned n)
{
	emu_ram_rig_load(r, EMU_FW_PERIPH);
	uint32_t r0 = 0;
	emu_ram_rig_run_ok(r, fn, args, n, &r0);
	return r0;
}

static uint32_t warnings(struct emu_ram_rig *r)
{
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	return st.warnings;
}

static void xspim_is_clocked_by_ahb5enr_bit_14(void **state)
{
	struct emu_ram_rig *r = *state;
	/* RM0477 RCC_AHB5ENR: XSPIMEN is bit 14; XSPIM_CR.MODE (bit 1) reads back */
	assert_int_equal(call_ok(r, "fw_xspim_clock", NULL, 0), 2u);
	assert_int_equal(warnings(r), 0);
}

static void port_clock_init_turns_the_xspim_clock_on(void **state)
{
	struct emu_ram_rig *r = *state;
	assert_int_equal(call_ok(r, "fw_port_clock_xspim", NULL, 0), 2u);
	assert_int_equal(warnings(r), 0);
}

static void xspi_abort_sets_tcf_so_hal_abort_completes(void **state)
{
	struct emu_ram_rig *r = *state;
	/* 0: TCF came after ABORT, was cleared, BUSY dropped */
	assert_int_equal(call_ok(r, "fw_xspi_abort_like_hal", NULL, 0), 0u);
}

static void unclocked_register_reads_zero_drops_writes_and_warns(void **state)
{
	struct emu_ram_rig *r = *state;
	assert_int_equal(call_ok(r, "fw_xspim_config_like_hal", NULL, 0), 0u);
	assert_int_equal(warnings(r), 2); /* the XSPI1 CR read and the DCR1 write */
	const char *w = extmem_emu_last_warning(r->emu);
	assert_non_null(strstr(w, "XSPI1"));
	assert_non_null(strstr(w, "RCC_AHB5ENR.XSPI1EN"));
	assert_null(strstr(w, "XSPI3"));
}

static void strict_run_stops_at_the_first_unclocked_access(void **state)
{
	(void)state;
	struct extmem_emu_config cfg = {.strict = true};
	struct emu_ram_rig *r = emu_ram_rig_new(RAM_SIZE, NULL, &cfg);
	emu_ram_rig_load(r, EMU_FW_PERIPH);
	uint32_t r0 = 0;
	assert_int_equal(emu_ram_rig_run(r, "fw_xspim_config_like_hal", NULL, 0, &r0), EXTMEM_EMU_STOP_INVALID);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(r->emu);
	assert_int_equal(s->addr, 0x52005000u); /* XSPI1_CR */
	assert_false(s->write);
	assert_non_null(strstr(s->message, "XSPI1"));
	emu_ram_rig_destroy(r);
}

static void gpio_deinit_reads_sbs_exticr_and_clears_the_line(void **state)
{
	struct emu_ram_rig *r = *state;
	uint32_t pin[1] = {9};
	/* EXTICR3 field back to 0, IMR1 bit cleared, PD9 analog (MODER 11) */
	assert_int_equal(call_ok(r, "fw_gpio_deinit_like_hal", pin, 1), 3u << 30);
	assert_int_equal(warnings(r), 0);
}

static void boot_path_blocks_leave_reset_with_rm0477_values(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_PERIPH);
	uint32_t buf = 0x24040000u, r0 = 0;
	assert_int_equal(emu_ram_rig_run(r, "fw_block_resets", &buf, 1, &r0), EXTMEM_EMU_STOP_RETURNED);
	uint32_t out[15];
	assert_int_equal(extmem_emu_read_mem(r->emu, buf, out, sizeof(out)), 0);
	assert_int_equal(out[0], 0x00000013u);  /* FLASH_ACR: LATENCY 3, WRHIGHFREQ 1 */
	assert_int_equal(out[1], 0x00000001u);  /* FLASH_CR: LOCK */
	assert_int_equal(out[2], 0x00000001u);  /* FLASH_OPTCR: OPTLOCK */
	assert_int_equal(out[3], 0);            /* SBS_EXTICR1 */
	assert_int_equal(out[4], 0x00000001u);  /* HPDMA1_C0SR: IDLEF */
	assert_int_equal(out[5], 0);            /* HPDMA1_C15CR */
	assert_int_equal(out[6], 0x008000C0u);  /* USART_ISR: TXFE, TXFNF, TC */
	assert_int_equal(out[7], 0);            /* USART_CR1 */
	assert_int_equal(out[8], 0xFFC00000u);  /* EXTI_IMR1: direct lines 22..31 unmasked */
	assert_int_equal(out[9], 0);            /* SBS_CCCSR */
	assert_int_equal(out[10], 0x00000088u); /* SBS_CCSWVALR */
	assert_int_equal(out[11], 0x0000001Fu); /* SBS_FPUIMR */
	assert_int_equal(out[12], 0x40000000u); /* RCC_HSICFGR: HSITRIM 40h */
	assert_int_equal(out[13], 0x20000000u); /* RCC_CSICFGR: CSITRIM 20h */
	assert_int_equal(out[14], 0x00000001u); /* PWR_CR1: SVOS */
}

static void flash_keys_unlock_flash_cr_and_lock_sets_it_again(void **state)
{
	struct emu_ram_rig *r = *state;
	/* locked at reset, unlocked by 45670123h/CDEF89ABh, locked again by LOCK */
	assert_int_equal(call_ok(r, "fw_flash_unlock", NULL, 0), 1u | 0u << 1 | 1u << 2);
}

static void dma_init_programs_channel_registers(void **state)
{
	struct emu_ram_rig *r = *state;
	/* CSR: IDLEF with the flags cleared; CBR1 holds the 64-byte block */
	assert_int_equal(call_ok(r, "fw_dma_init_like_hal", NULL, 0), 1u | 64u << 16);
}

static void dma_channel_start_stops_naming_the_channel(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_PERIPH);
	assert_int_equal(emu_ram_rig_run(r, "fw_dma_start", NULL, 0, NULL), EXTMEM_EMU_STOP_UNSUPPORTED);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(r->emu);
	assert_non_null(strstr(s->message, "HPDMA1 channel 3"));
	assert_int_equal(s->addr, 0x52000000u + 0x50u + 0x80u * 3u + 0x14u);
}

static void xspim_multiplexed_mode_puts_xspi1_on_the_port_2_device(void **state)
{
	struct emu_ram_rig *r = *state;
	/* the RAM device on port 2 answers 9Fh with EE 00 10 */
	assert_int_equal(call_ok(r, "fw_xspim_mux_id", NULL, 0), 0x1000EEu);
	assert_int_equal(r->ram.base.violations, 0);
}

static void uart4_polling_transmit_completes_and_reaches_the_console(void **state)
{
	(void)state;
	FILE *out = tmpfile();
	assert_non_null(out);
	struct extmem_emu_config cfg = {.uart_out = out};
	struct emu_ram_rig *r = emu_ram_rig_new(RAM_SIZE, NULL, &cfg);
	static const char msg[] = "hello from the emulated board\r\n";
	uint32_t dk[1] = {0};
	assert_int_equal(call_ok(r, "fw_uart_hello", dk, 1), strlen(msg));
	size_t n = 0;
	const uint8_t *got = extmem_emu_uart_output(r->emu, &n);
	assert_int_equal(n, strlen(msg));
	assert_memory_equal(got, msg, n);
	char file[64] = {0};
	rewind(out);
	assert_int_equal(fread(file, 1, sizeof(file), out), strlen(msg));
	assert_string_equal(file, msg);
	emu_ram_rig_destroy(r);
	fclose(out);
}

static void a_uart_off_the_vcp_sends_nowhere(void **state)
{
	struct emu_ram_rig *r = *state;
	uint32_t usart3[1] = {1}; /* USART3 is not the DK's virtual COM port */
	assert_int_equal(call_ok(r, "fw_uart_hello", usart3, 1), 31u);
	size_t n = 1;
	(void)extmem_emu_uart_output(r->emu, &n);
	assert_int_equal(n, 0);
}

static void uart4_receives_what_uart_in_holds(void **state)
{
	(void)state;
	static char text[] = "ok\nrest";
	FILE *in = fmemopen(text, strlen(text), "r");
	assert_non_null(in);
	struct extmem_emu_config cfg = {.uart_in = in};
	struct emu_ram_rig *r = emu_ram_rig_new(RAM_SIZE, NULL, &cfg);
	assert_int_equal(call_ok(r, "fw_uart_echo", NULL, 0), 3u);
	size_t n = 0;
	const uint8_t *got = extmem_emu_uart_output(r->emu, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(got, "ok\n", 3);
	emu_ram_rig_destroy(r);
	fclose(in);
}

static void nucleo_board_boots_with_its_leds_and_usart3_console(void **state)
{
	(void)state;
	struct extmem_emu_config cfg = {.board = EXTMEM_EMU_BOARD_NUCLEO_H7S3L8};
	struct emu_ram_rig *r = emu_ram_rig_new(RAM_SIZE, NULL, &cfg);
	emu_ram_rig_load(r, EMU_FW_NUCLEO_BOOT);
	extmem_emu_reset(r->emu);
	struct extmem_emu_limits lim = {.max_ps = 100000000000ull};
	enum extmem_emu_stop_reason why = extmem_emu_run(r->emu, &lim);
	if (why != EXTMEM_EMU_STOP_BKPT)
		fail_msg("stopped: %s: %s", extmem_emu_stop_name(why), extmem_emu_last_stop(r->emu)->message);
	assert_int_equal(extmem_emu_last_stop(r->emu)->value, 0);
	assert_int_equal(extmem_emu_board_leds(r->emu), 3);
	assert_string_equal(extmem_emu_board_led_name(r->emu, 0), "LD1 (PD10)");
	assert_string_equal(extmem_emu_board_led_name(r->emu, 1), "LD2 (PD13)");
	assert_string_equal(extmem_emu_board_led_name(r->emu, 2), "LD3 (PB7)");
	/* made outputs (low), both on, LD1 off */
	static const uint8_t leds[5] = {0, 1, 0, 1, 0}, levels[5] = {0, 0, 1, 1, 0};
	assert_int_equal(extmem_emu_led_count(r->emu), 5);
	const struct extmem_emu_led_event *log = extmem_emu_led_log(r->emu);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(log[i].led, leds[i]);
		assert_int_equal(log[i].level, levels[i]);
	}
	size_t n = 0;
	const uint8_t *got = extmem_emu_uart_output(r->emu, &n);
	assert_int_equal(n, strlen("nucleo-h7s3l8 up\r\n"));
	assert_memory_equal(got, "nucleo-h7s3l8 up\r\n", n);
	emu_ram_rig_destroy(r);
}

static void nucleo_firmware_on_the_dk_lights_nothing_and_prints_nothing(void **state)
{
	struct emu_ram_rig *r = *state;
	emu_ram_rig_load(r, EMU_FW_NUCLEO_BOOT);
	extmem_emu_reset(r->emu);
	struct extmem_emu_limits lim = {.max_ps = 100000000000ull};
	assert_int_equal(extmem_emu_run(r->emu, &lim), EXTMEM_EMU_STOP_BKPT);
	assert_int_equal(extmem_emu_led_count(r->emu), 0);
	size_t n = 1;
	(void)extmem_emu_uart_output(r->emu, &n);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(xspim_is_clocked_by_ahb5enr_bit_14, setup, teardown),
		cmocka_unit_test_setup_teardown(port_clock_init_turns_the_xspim_clock_on, setup, teardown),
		cmocka_unit_test_setup_teardown(xspi_abort_sets_tcf_so_hal_abort_completes, setup, teardown),
		cmocka_unit_test_setup_teardown(unclocked_register_reads_zero_drops_writes_and_warns, setup, teardown),
		cmocka_unit_test(strict_run_stops_at_the_first_unclocked_access),
		cmocka_unit_test_setup_teardown(gpio_deinit_reads_sbs_exticr_and_clears_the_line, setup, teardown),
		cmocka_unit_test_setup_teardown(boot_path_blocks_leave_reset_with_rm0477_values, setup, teardown),
		cmocka_unit_test_setup_teardown(flash_keys_unlock_flash_cr_and_lock_sets_it_again, setup, teardown),
		cmocka_unit_test_setup_teardown(dma_init_programs_channel_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(dma_channel_start_stops_naming_the_channel, setup, teardown),
		cmocka_unit_test_setup_teardown(xspim_multiplexed_mode_puts_xspi1_on_the_port_2_device, setup,
						teardown),
		cmocka_unit_test(uart4_polling_transmit_completes_and_reaches_the_console),
		cmocka_unit_test_setup_teardown(a_uart_off_the_vcp_sends_nowhere, setup, teardown),
		cmocka_unit_test(uart4_receives_what_uart_in_holds),
		cmocka_unit_test(nucleo_board_boots_with_its_leds_and_usart3_console),
		cmocka_unit_test_setup_teardown(nucleo_firmware_on_the_dk_lights_nothing_and_prints_nothing, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
