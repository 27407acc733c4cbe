/* SPDX-License-Identifier: MIT */
/*
 * `extmem demo`: the whole BootFlash flow on the PC, the way it goes with a
 * board, once in place (XIP) and once load-and-run (LRUN):
 *   1. `extmem prog` runs the STM32H7S78-DK's STM32CubeProgrammer loader
 *      (.stldr) in the emulated board, as the tool does, and programs the
 *      example application's boot image (`extmem image`) at the NOR's first
 *      byte (the simulated MX66UW1G45G, kept in a file);
 *   2. the emulated board boots the example Boot from internal flash: it
 *      brings up the NOR (SFDP driver) and the PSRAM through the
 *      register-level XSPI port, checks the image and starts it in place or
 *      copies it to AXI SRAM, checks the copy and starts that;
 *   3. a short report: the protocol and clock the NOR reached, the Boot's
 *      size (arm-none-eabi-size), the virtual time from reset to the
 *      application's first instruction, the LED toggles and the protocol
 *      violations the strict models recorded (none expected).
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "boot_measure.h"
#include "commands.h"
#include "extmem/image.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/psram.h"
#include "prog.h"

#ifndef EXTMEM_NO_EMU
#include "extmem_emu/machine.h"
#endif

#ifndef EXTMEM_DEMO_BOOT_ELF
#define EXTMEM_DEMO_BOOT_ELF ""
#endif
#ifndef EXTMEM_DEMO_BOOT_LRUN_ELF
#define EXTMEM_DEMO_BOOT_LRUN_ELF ""
#endif
#ifndef EXTMEM_DEMO_IMAGE_XIP
#define EXTMEM_DEMO_IMAGE_XIP ""
#endif
#ifndef EXTMEM_DEMO_IMAGE_LRUN
#define EXTMEM_DEMO_IMAGE_LRUN ""
#endif
#ifndef EXTMEM_DEMO_LOADER
#define EXTMEM_DEMO_LOADER ""
#endif
#ifndef EXTMEM_DEMO_ARM_SIZE
#define EXTMEM_DEMO_ARM_SIZE "arm-none-eabi-size"
#endif

#define WINDOW_BASE  0x70000000u
#define RUN_LIMIT_PS 200000000000ull /* 200 ms of virtual time per boot */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: extmem demo [--flash FILE] [--loader LOADER.stldr] [--boot BOOT.elf --image IMAGE.img]\n"
		"                   [--boot-lrun BOOT.elf --image-lrun IMAGE.img] [--only xip|lrun]\n\n"
		"The BootFlash example end to end, in place (XIP) then load-and-run (LRUN): the\n"
		"application's boot image (`extmem image`) is programmed at the first byte of a simulated\n"
		"MX66UW1G45G by the board's External Memory Loader run by `extmem prog`\n"
		"(STM32CubeProgrammer's calling convention); the emulated STM32H7S78-DK then boots the\n"
		"example Boot from internal flash, which brings the octal NOR (8D-8D-8D) and the PSRAM up,\n"
		"checks the image and starts it. Prints the protocol and clock reached, the Boot's size\n"
		"(arm-none-eabi-size), the virtual time from reset to the application's first\n"
		"instruction, the LED toggles and the protocol violations (none expected).\n"
		"The NOR's contents stay in FILE (default: demo.flash in the current directory).\n"
		"Defaults: the example firmware, images and loader of this build\n  %s\n  %s\n  %s\n  %s\n  %s\n"
		"exit status: 0 both modes ran; 1 a step failed; 2 bad arguments.\n",
		EXTMEM_DEMO_BOOT_ELF, EXTMEM_DEMO_IMAGE_XIP, EXTMEM_DEMO_BOOT_LRUN_ELF, EXTMEM_DEMO_IMAGE_LRUN,
		EXTMEM_DEMO_LOADER);
}

/* Step 1: the loader programs the image at the slot, as STM32CubeProgrammer would run it. */
static int program_with_loader(const char *loader, const char *image, const char *flash)
{
	static char target[4096];
	if (snprintf(target, sizeof target, "%s@0x%08X", image, WINDOW_BASE) >= (int)sizeof target)
		return 1;
	printf("1. Programming: `extmem prog --loader %s --flash %s --write %s --verify %s`\n", loader, flash, target,
	       target);
	printf("     the loader's Init, SectorErase, Write and Verify run in the emulated board, one call at a time\n");
	struct prog *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return 1;
	p->loader_path = loader;
	p->flash_path = flash;
	p->call_limit_ps = 600000ull * 1000000000ull;
	/* the image is a raw file: it goes at the slot start, the NOR's first byte */
	p->actions[0] =
		(struct prog_action){.kind = PROG_WRITE, .has_addr = true, .addr = WINDOW_BASE, .path = (char *)image};
	p->actions[1] =
		(struct prog_action){.kind = PROG_VERIFY, .has_addr = true, .addr = WINDOW_BASE, .path = (char *)image};
	p->count = 2;
	int rc = prog_run(p);
	free(p);
	printf("\n");
	return rc;
}

/* The image's header and the application's reset handler (vector table word 1), from the file. */
static int image_entry(const char *path, struct extmem_image_header *h, uint32_t *entry)
{
	size_t len = 0;
	uint8_t *bytes = extmem_tool_load_image(path, 64u << 20, &len, "extmem demo");
	enum extmem_image_check why;
	int ok = bytes != NULL && extmem_image_parse_header(bytes, len, h, &why) == EXTMEM_OK &&
		 (uint64_t)h->hdr_size + h->vector_offset + 8u <= len;
	if (ok) {
		const uint8_t *v = bytes + h->hdr_size + h->vector_offset + 4u;
		*entry = (uint32_t)v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16 | (uint32_t)v[3] << 24;
	} else if (bytes != NULL) {
		fprintf(stderr, "extmem demo: %s: not a boot image (%s)\n", path, extmem_image_check_name(why));
	}
	free(bytes);
	return ok ? 0 : -1;
}

#ifndef EXTMEM_NO_EMU
/* Sits between the emulator and the NOR: what the part last saw, and the fastest clock. */
struct demo_tap {
	struct extmem_sim_device base;
	struct extmem_sim_device *inner;
	struct extmem_xspi_op last_read;
	uint32_t max_hz;
};

static int tap_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	struct demo_tap *t = (struct demo_tap *)dev;
	if (op->data.dir == EXTMEM_XSPI_DATA_IN && op->data.len > 0)
		t->last_read = *op;
	if (bus_hz > t->max_hz)
		t->max_hz = bus_hz;
	return t->inner->ops->transfer(t->inner, op, bus_hz);
}

static uint64_t tap_ready_at(struct extmem_sim_device *dev)
{
	struct demo_tap *t = (struct demo_tap *)dev;
	return t->inner->ops->ready_at_ps != NULL ? t->inner->ops->ready_at_ps(t->inner) : 0;
}

static const struct extmem_sim_device_ops tap_ops = {.transfer = tap_transfer, .ready_at_ps = tap_ready_at};

static void phase_name(char *out, const struct extmem_xspi_phase *p)
{
	out[0] = '\0';
	if (p->lines)
		snprintf(out, 8, "%u%c", (unsigned)p->lines, p->dtr ? 'D' : 'S');
}

struct board {
	struct extmem_sim_clock clock;
	struct extmem_sim_nor *nor;
	struct extmem_sim_psram psram;
	uint8_t *psram_array;
	struct demo_tap tap;
	struct extmem_emu *emu;
};

static void board_free(struct board *b)
{
	if (b->emu != NULL)
		extmem_emu_destroy(b->emu);
	if (b->nor != NULL)
		extmem_sim_nor_destroy(b->nor);
	free(b->psram_array);
	free(b);
}

/* A fresh board (NOR from the flash file, PSRAM erased) with the Boot loaded and reset. */
static struct board *board_create(const char *boot, const char *flash)
{
	struct board *b = calloc(1, sizeof(*b));
	if (b == NULL)
		return NULL;
	b->nor = extmem_sim_nor_create(&extmem_sim_part_mx66uw1g45g, &b->clock, NULL, flash);
	b->psram_array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	if (b->nor == NULL || b->psram_array == NULL) {
		board_free(b);
		return NULL;
	}
	extmem_sim_psram_init(&b->psram, &b->clock, b->psram_array, EXTMEM_SIM_PSRAM_SIZE);
	b->tap = (struct demo_tap){.base = {.ops = &tap_ops, .clock = &b->clock, .name = b->nor->base.name},
				   .inner = &b->nor->base};
	const struct extmem_emu_config cfg = {.clock = &b->clock, .port1 = &b->psram.base, .port2 = &b->tap.base};
	char err[256];
	if (extmem_emu_create(&b->emu, &cfg) != EXTMEM_OK || extmem_emu_load_elf(b->emu, boot, err, sizeof(err)) != 0) {
		fprintf(stderr, "extmem demo: %s: %s\n", boot,
			b->emu != NULL ? err : "cannot create the emulated board");
		board_free(b);
		return NULL;
	}
	extmem_emu_reset(b->emu);
	return b;
}

/*
 * Virtual time from reset to the application's first instruction: a run of
 * its own that stops there (the run is deterministic, so it is the same
 * boot as the full run's). 0 when the Boot never got there.
 */
static uint64_t time_to_entry(const char *boot, const char *flash, uint32_t entry)
{
	struct board *b = board_create(boot, flash);
	if (b == NULL)
		return 0;
	uint64_t t = extmem_tool_time_to_entry(b->emu, &b->clock, entry, RUN_LIMIT_PS);
	board_free(b);
	return t;
}

/* Steps 2 and 3 for one mode: boot and run the application to its end, then the report. */
static int boot_board(const char *mode, const char *boot, const char *image, const char *flash)
{
	struct extmem_image_header h;
	uint32_t entry = 0;
	if (image_entry(image, &h, &entry) != 0)
		return 1;
	struct board *b = board_create(boot, flash);
	if (b == NULL)
		return 1;
	printf("2. Board: the emulated STM32H7S78-DK boots %s from internal flash\n", boot);
	printf("     Boot: 600 MHz, MPU, caches; NOR on XSPI2 and PSRAM on XSPI1 brought up; the image at 0x%08X\n"
	       "     checked, then %s\n",
	       WINDOW_BASE,
	       h.flags & EXTMEM_IMAGE_XIP ? "started in place from the window"
					  : "copied to its load address in AXI SRAM, checked there and started");
	uint64_t t0 = b->clock.now_ps;
	const struct extmem_emu_limits lim = {.max_ps = t0 + RUN_LIMIT_PS};
	enum extmem_emu_stop_reason why = extmem_emu_run(b->emu, &lim);
	const struct extmem_emu_stop *stop = extmem_emu_last_stop(b->emu);
	uint32_t leds = extmem_emu_led_count(b->emu);
	struct extmem_emu_stats stats;
	extmem_emu_get_stats(b->emu, &stats);
	uint32_t status[2] = {0, 0};
	(void)extmem_emu_read_mem(b->emu, 0x20000000u, status, sizeof status);
	uint64_t t_entry = time_to_entry(boot, flash, entry);
	printf("\n3. Report (%s)\n", mode);
	char c[8], a[8], d[8];
	phase_name(c, &b->tap.last_read.cmd.bus);
	phase_name(a, &b->tap.last_read.addr.bus);
	phase_name(d, &b->tap.last_read.data.bus);
	printf("     NOR: reads in %s-%s-%s (opcode %04Xh, %u dummy cycles), clock %.0f MHz at most\n", c, a, d,
	       (unsigned)b->tap.last_read.cmd.opcode, (unsigned)b->tap.last_read.dummy_cycles,
	       (double)b->tap.max_hz / 1e6);
	printf("     PSRAM: %s data lines\n", extmem_sim_psram_x16(&b->psram) ? "16" : "8");
	unsigned long size = extmem_tool_boot_size(EXTMEM_DEMO_ARM_SIZE, boot);
	if (size)
		printf("     Boot: %lu bytes (text + data, %s)\n", size, EXTMEM_DEMO_ARM_SIZE);
	else
		printf("     Boot: size unknown (%s did not run)\n", EXTMEM_DEMO_ARM_SIZE);
	if (t_entry)
		printf("     reset -> application's first instruction (0x%08X): %.3f us of virtual time\n",
		       (unsigned)(entry & ~1u), (double)t_entry / 1e6);
	else
		printf("     the application's first instruction (0x%08X) was never reached; status word at "
		       "0x20000000: "
		       "%08X %08X\n",
		       (unsigned)(entry & ~1u), (unsigned)status[0], (unsigned)status[1]);
	printf("     LED toggles: %u", (unsigned)leds);
	const struct extmem_emu_led_event *log = extmem_emu_led_log(b->emu);
	for (uint32_t k = 0; k < leds && k < EXTMEM_EMU_LED_LOG; k++)
		if (log[k].level)
			printf(" %s", extmem_emu_led_name(log[k].led));
	printf("\n     stop: %s at PC 0x%08X%s%s\n", extmem_emu_stop_name(why), (unsigned)stop->pc,
	       stop->message[0] ? ": " : "", stop->message);
	printf("     %u XSPI operations, %u XSPI controller violations, %u NOR and %u PSRAM protocol violations%s%s\n",
	       (unsigned)stats.xspi_ops, (unsigned)stats.xspi_violations, (unsigned)b->nor->base.violations,
	       (unsigned)b->psram.base.violations, b->nor->base.violations ? ", last: " : "",
	       b->nor->base.last_violation);
	/* The application returns from main into BKPT #0 where it runs: the window (XIP) or its RAM (LRUN). */
	int in_place = stop->pc >= h.load_addr && stop->pc - h.load_addr < h.payload_size;
	int ok = t_entry != 0 && why == EXTMEM_EMU_STOP_BKPT && stop->value == 0 && in_place && leds >= 16 &&
		 stats.xspi_violations == 0 && b->nor->base.violations == 0 && b->psram.base.violations == 0;
	board_free(b);
	return ok ? 0 : 1;
}
#endif

static int run_mode(const char *mode, const char *loader, const char *boot, const char *image, const char *flash)
{
	printf("== %s: %s ==\n", mode, image);
	/* a fresh part each time: the demo shows programming from erased */
	remove(flash);
	int rc = program_with_loader(loader, image, flash);
#ifndef EXTMEM_NO_EMU
	if (rc == 0)
		rc = boot_board(mode, boot, image, flash);
#endif
	printf("\n");
	return rc;
}

int extmem_cmd_demo(int argc, char **argv)
{
	static const struct extmem_opt opts[] = {
		{"boot", 0, "BOOT.elf", "the XIP Boot"},
		{"image", 0, "IMAGE.img", "the XIP boot image"},
		{"boot-lrun", 0, "BOOT.elf", "the LRUN Boot"},
		{"image-lrun", 0, "IMAGE.img", "the LRUN boot image"},
		{"loader", 0, "LOADER.stldr", "the External Memory Loader"},
		{"flash", 0, "FILE", "the NOR's contents (default demo.flash)"},
		{"only", 0, "xip|lrun", "one mode only"},
	};
	struct extmem_args a;
	if (extmem_args_parse(&a, "extmem demo", opts, sizeof opts / sizeof opts[0], argc, argv) != 0)
		return EXTMEM_EXIT_USAGE;
	if (a.help) {
		usage(stdout);
		return EXTMEM_EXIT_OK;
	}
	if (a.npos > 0) {
		fprintf(stderr, "extmem demo: unexpected argument '%s' (see --help)\n", a.pos[0]);
		return EXTMEM_EXIT_USAGE;
	}
	const char *boot = EXTMEM_DEMO_BOOT_ELF, *image = EXTMEM_DEMO_IMAGE_XIP, *loader = EXTMEM_DEMO_LOADER;
	const char *boot_lrun = EXTMEM_DEMO_BOOT_LRUN_ELF, *image_lrun = EXTMEM_DEMO_IMAGE_LRUN, *only = NULL;
	const char *flash = "demo.flash";
	/* each option given replaces its default, found by name so the table's order does not matter */
	const struct {
		const char *name;
		const char **value;
	} given[] = {{"boot", &boot},
		     {"image", &image},
		     {"boot-lrun", &boot_lrun},
		     {"image-lrun", &image_lrun},
		     {"loader", &loader},
		     {"flash", &flash},
		     {"only", &only}};
	for (size_t i = 0; i < sizeof given / sizeof given[0]; i++)
		if (extmem_args_get(&a, given[i].name) != NULL)
			*given[i].value = extmem_args_get(&a, given[i].name);
	if (only != NULL && strcmp(only, "xip") != 0 && strcmp(only, "lrun") != 0) {
		fprintf(stderr, "extmem demo: --only: '%s' is neither xip nor lrun\n", only);
		return EXTMEM_EXIT_USAGE;
	}
#ifdef EXTMEM_NO_EMU
	(void)boot;
	(void)flash;
	fprintf(stderr, "extmem demo: built without the emulator (install libunicorn-dev and libelf-dev)\n");
	return EXTMEM_EXIT_FAILED;
#else
	int xip = only == NULL || strcmp(only, "xip") == 0, lrun = only == NULL || strcmp(only, "lrun") == 0;
	if (loader[0] == '\0' || (xip && (boot[0] == '\0' || image[0] == '\0')) ||
	    (lrun && (boot_lrun[0] == '\0' || image_lrun[0] == '\0'))) {
		fprintf(stderr, "extmem demo: no example firmware, image or loader in this build (arm-none-eabi-gcc "
				"missing?); give --loader, --boot/--image and --boot-lrun/--image-lrun\n");
		return EXTMEM_EXIT_USAGE;
	}
	int rc_xip = xip ? run_mode("XIP", loader, boot, image, flash) : 0;
	int rc_lrun = lrun ? run_mode("LRUN", loader, boot_lrun, image_lrun, flash) : 0;
	if (xip)
		printf("extmem demo: XIP: %s\n",
		       rc_xip == 0 ? "programmed by the loader, checked by the Boot, ran in place "
				     "from the octal NOR, no protocol violations"
				   : "FAILED (see above)");
	if (lrun)
		printf("extmem demo: LRUN: %s\n", rc_lrun == 0
							  ? "programmed by the loader, copied to AXI SRAM and checked "
							    "by the Boot, ran from RAM, no protocol violations"
							  : "FAILED (see above)");
	return rc_xip == 0 && rc_lrun == 0 ? EXTMEM_EXIT_OK : EXTMEM_EXIT_FAILED;
#endif
}
