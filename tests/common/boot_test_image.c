/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "boot_test_image.h"
#include "extmem_emu/debug.h"

struct boot_test_image boot_test_image_load(const char *path, size_t max)
{
	struct boot_test_image im = {0};
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("%s: cannot open", path);
	im.bytes = malloc(max);
	assert_non_null(im.bytes);
	im.len = fread(im.bytes, 1, max, f);
	fclose(f);
	enum extmem_image_check why;
	if (extmem_image_parse_header(im.bytes, im.len, &im.h, &why) != EXTMEM_OK)
		fail_msg("%s: not a boot image (%s)", path, extmem_image_check_name(why));
	return im;
}

uint32_t boot_test_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void boot_test_image_reseal(struct boot_test_image *im, uint32_t load_addr)
{
	struct extmem_image_header h;
	assert_int_equal(extmem_image_header_build(&h, im->h.flags, im->h.hdr_size, load_addr,
						   im->bytes + im->h.hdr_size, im->h.payload_size, im->h.vector_offset,
						   0, im->bytes),
			 EXTMEM_OK);
	im->h = h;
}

uint32_t boot_test_status_word(enum extmem_boot_step step, unsigned check, int status)
{
	return (uint32_t)step << 24 | (uint32_t)check << 16 | (uint32_t)-status;
}

void boot_test_outcome_read(struct extmem_emu *emu, struct boot_test_outcome *o)
{
	const struct extmem_emu_stop *s = extmem_emu_last_stop(emu);
	o->pc = s->pc;
	o->bkpt = s->value;
	assert_int_equal(extmem_emu_read_mem(emu, BOOT_TEST_STATUS_ADDR, o->status, sizeof o->status), 0);
	struct extmem_emu_stats st;
	extmem_emu_get_stats(emu, &st);
	/* A debug read of a window succeeds only while its XSPI is in memory-mapped mode (extmem_emu/debug.h). */
	uint32_t word;
	o->mapped_at_stop = extmem_emu_debug_read(emu, EXTMEM_EMU_XSPI1_BASE, &word, sizeof word) != 0 ||
			    extmem_emu_debug_read(emu, EXTMEM_EMU_XSPI2_BASE, &word, sizeof word) != 0;
	o->window_blocks = st.window_blocks;
	const struct extmem_emu_led_event *log = extmem_emu_led_log(emu);
	for (uint32_t i = 0; i < extmem_emu_led_count(emu) && i < EXTMEM_EMU_LED_LOG; i++) {
		if (log[i].led < 4 && log[i].level)
			o->rises[log[i].led]++;
		if (log[i].led == BOOT_TEST_FAIL_LED)
			o->ld4 = log[i].level;
	}
}

void boot_test_expect_failure_state(const struct boot_test_outcome *o, uint32_t want)
{
	if (o->why != EXTMEM_EMU_STOP_SLEEP)
		fail_msg("stopped with %s at 0x%08X, not asleep in the failure state", extmem_emu_stop_name(o->why),
			 (unsigned)o->pc);
	assert_true(o->pc >= 0x08000000u && o->pc < 0x08010000u); /* still in the Boot, in internal flash */
	assert_int_equal(o->status[0], BOOT_TEST_STATUS_MAGIC);
	if (o->status[1] != want)
		fail_msg("status word %08X, want %08X", (unsigned)o->status[1], (unsigned)want);
	/*
	 * An XIP Boot reads the header and payload through the window before it
	 * refuses: what must hold is that it ran nothing from there and left no
	 * window mapped for an application.
	 */
	assert_false(o->mapped_at_stop);
	assert_int_equal(o->window_blocks, 0); /* no instruction ran from external memory */
	assert_int_equal(o->ld4, 1);
}

void boot_test_expect_ran(const struct boot_test_outcome *o, uint32_t base, uint32_t size)
{
	if (o->why != EXTMEM_EMU_STOP_BKPT || o->bkpt != 0)
		fail_msg("good image: stopped with %s at 0x%08X (status %08X %08X)", extmem_emu_stop_name(o->why),
			 (unsigned)o->pc, (unsigned)o->status[0], (unsigned)o->status[1]);
	assert_true(o->pc >= base && o->pc - base < size);
	assert_int_not_equal(o->status[0], BOOT_TEST_STATUS_MAGIC);
}
