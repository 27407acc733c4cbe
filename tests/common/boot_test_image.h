/* SPDX-License-Identifier: MIT */
/*
 * What the firmware Boot tests (test_boot_emu, test_emu_sd_boot) share: a
 * boot image read from the build, with its parsed header and the edits those
 * tests make to it (a new header for another load address), and what a run
 * of the real Boot on the emulated board ended in (the documented failure
 * state, or the application reached). Include after cmocka.h.
 */
#ifndef BOOT_TEST_IMAGE_H
#define BOOT_TEST_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extmem/boot.h"
#include "extmem/image.h"
#include "extmem_emu/machine.h"

struct boot_test_image {
	uint8_t *bytes; /* malloc'd, `max` bytes, the file's first len of them */
	size_t len;
	struct extmem_image_header h;
};

/* Reads up to `max` bytes of path and parses the header; fails the test otherwise. */
struct boot_test_image boot_test_image_load(const char *path, size_t max);

uint32_t boot_test_le32(const uint8_t *p);

/* A new header over the (possibly changed) payload for load_addr: every CRC right. */
void boot_test_image_reseal(struct boot_test_image *im, uint32_t load_addr);

/* The status word include/extmem/boot.h documents, from its parts. */
uint32_t boot_test_status_word(enum extmem_boot_step step, unsigned check, int status);

/* The port's failure state (include/extmem/boot.h, ports/stm32h7rs): magic and word here, LD4 on. */
#define BOOT_TEST_STATUS_ADDR  0x20000000u
#define BOOT_TEST_STATUS_MAGIC 0xB007FA11u
#define BOOT_TEST_FAIL_LED     3u /* LD4 */

struct boot_test_outcome {
	enum extmem_emu_stop_reason why;
	uint32_t pc, bkpt;
	uint32_t status[2];     /* magic, word */
	bool mapped_at_stop;    /* an XSPI window still in memory-mapped mode where the run stopped */
	uint32_t window_blocks; /* code blocks run from an XSPI window */
	int ld4;                /* the fail LED's last level */
	unsigned rises[4];      /* LD1..LD4 turned on, per LED */
	int entered;            /* a test's breakpoint at the application's entry was reached */
};

/* After extmem_emu_run returned o->why: where it stopped, the status words, the windows, the LED log. */
void boot_test_outcome_read(struct extmem_emu *emu, struct boot_test_outcome *o);

/* Asleep in internal flash with the magic and `want`, nothing mapped, LD4 on. */
void boot_test_expect_failure_state(const struct boot_test_outcome *o, uint32_t want);

/* The good image ran: main returned into BKPT #0 inside [base, base + size), no failure magic. */
void boot_test_expect_ran(const struct boot_test_outcome *o, uint32_t base, uint32_t size);

#endif
