/* SPDX-License-Identifier: MIT */
/*
 * `extmem demo`: the whole flow on the PC, the way it goes with a board:
 *   1. `extmem prog` runs the STM32H7S78-DK's STM32CubeProgrammer loader
 *      (.stldr) in the emulated board, as the tool does, and programs the
 *      example application into the simulated MX66UW1G45G (kept in a file);
 *   2. the emulated STM32H7S78-DK boots the example Boot from internal flash,
 *      which brings the same part up through the register-level XSPI port
 *      and the NOR SFDP driver, maps it and starts the application in place;
 *   3. what happened: the LED log, the stop, the bus statistics and the
 *      protocol violations the strict model recorded (none expected).
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "prog.h"

#ifndef EXTMEM_NO_EMU
#include "extmem_emu/machine.h"
#endif

#ifndef EXTMEM_DEMO_BOOT_ELF
#define EXTMEM_DEMO_BOOT_ELF ""
#endif
#ifndef EXTMEM_DEMO_APPLI_ELF
#define EXTMEM_DEMO_APPLI_ELF ""
#endif
#ifndef EXTMEM_DEMO_LOADER
#define EXTMEM_DEMO_LOADER ""
#endif

#define WINDOW_BASE 0x70000000u

static void usage(FILE *out)
{
	fprintf(out,
		"usage: extmem demo [--boot BOOT.elf] [--appli APPLI.elf] [--loader LOADER.stldr] [--flash FILE]\n\n"
		"Programs the example application into a simulated MX66UW1G45G with the board's External\n"
		"Memory Loader run by `extmem prog` (STM32CubeProgrammer's calling convention), then boots\n"
		"the emulated STM32H7S78-DK: Boot brings the octal NOR up to 8D-8D-8D through the\n"
		"register-level XSPI port, maps it and runs the application in place. Prints each step,\n"
		"the LED log and the protocol violations recorded (none expected).\n"
		"The NOR's contents stay in FILE (default: demo.flash in the current directory).\n"
		"Defaults: the example firmware and loader of this build\n  %s\n  %s\n  %s\n",
		EXTMEM_DEMO_BOOT_ELF, EXTMEM_DEMO_APPLI_ELF, EXTMEM_DEMO_LOADER);
}

struct demo {
	struct extmem_sim_clock clock;
	struct extmem_sim_nor *nor;
};

/* Step 1: the loader programs the application, as STM32CubeProgrammer would run it. */
static int program_with_loader(const char *loader, const char *appli, const char *flash)
{
	printf("1. Programming: `extmem prog --loader %s --flash %s --write %s --verify %s`\n", loader, flash, appli,
	       appli);
	printf("     the loader's Init, SectorErase, Write and Verify run in the emulated board, one call at a time\n");
	struct prog *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return 1;
	p->loader_path = loader;
	p->flash_path = flash;
	p->call_limit_ps = 600000ull * 1000000000ull;
	p->actions[0] = (struct prog_action){.kind = PROG_WRITE, .path = (char *)appli};
	p->actions[1] = (struct prog_action){.kind = PROG_VERIFY, .path = (char *)appli};
	p->count = 2;
	int rc = prog_run(p);
	free(p);
	printf("\n");
	return rc;
}

#ifndef EXTMEM_NO_EMU
/* Steps 2 and 3: the board boots from internal flash and runs the application in place. */
static int boot_board(struct demo *d, const char *boot)
{
	struct extmem_emu *emu = NULL;
	const struct extmem_emu_config cfg = {.clock = &d->clock, .port2 = &d->nor->base};
	char err[256];
	if (extmem_emu_create(&emu, &cfg) != EXTMEM_OK) {
		fprintf(stderr, "extmem demo: cannot create the emulated board\n");
		return 1;
	}
	if (extmem_emu_load_elf(emu, boot, err, sizeof(err)) != EXTMEM_OK) {
		fprintf(stderr, "extmem demo: %s: %s\n", boot, err);
		extmem_emu_destroy(emu);
		return 1;
	}
	printf("2. Board: the emulated STM32H7S78-DK boots %s from internal flash, the NOR as programmed\n", boot);
	printf("     Boot: 600 MHz, XSPI2 + the NOR SFDP driver bring the octal NOR up, map it at 0x%08X,\n"
	       "     then jump to the application's vector table there (XIP)\n",
	       WINDOW_BASE);
	extmem_emu_reset(emu);
	uint64_t t0 = d->clock.now_ps;
	const struct extmem_emu_limits limits = {.max_ps = t0 + 200000000000ull};
	enum extmem_emu_stop_reason why = extmem_emu_run(emu, &limits);
	const struct extmem_emu_stop *stop = extmem_emu_last_stop(emu);
	printf("\n3. What happened\n     LED log (virtual time since reset):\n");
	const struct extmem_emu_led_event *log = extmem_emu_led_log(emu);
	uint32_t leds = extmem_emu_led_count(emu);
	for (uint32_t k = 0; k < leds && k < EXTMEM_EMU_LED_LOG; k++)
		printf("       %10.3f us  %s -> %u\n", (double)(log[k].time_ps - t0) / 1e6,
		       extmem_emu_led_name(log[k].led), log[k].level);
	printf("     stop: %s at PC 0x%08X%s%s\n", extmem_emu_stop_name(why), (unsigned)stop->pc,
	       stop->message[0] ? ": " : "", stop->message);
	struct extmem_emu_stats stats;
	extmem_emu_get_stats(emu, &stats);
	printf("     %u XSPI operations, %u XSPI controller violations, %u NOR protocol violations%s%s\n",
	       (unsigned)stats.xspi_ops, (unsigned)stats.xspi_violations, (unsigned)d->nor->base.violations,
	       d->nor->base.violations ? ", last: " : "", d->nor->base.last_violation);
	extmem_emu_print_stats(emu, stdout);
	/* The application returns from main into BKPT #0, in the window: it ran in place. */
	int ok = why == EXTMEM_EMU_STOP_BKPT && stop->value == 0 && stop->pc >= WINDOW_BASE &&
		 stop->pc < WINDOW_BASE + EXTMEM_EMU_WINDOW_SIZE && leds >= 17 && stats.xspi_violations == 0 &&
		 d->nor->base.violations == 0;
	extmem_emu_destroy(emu);
	return ok ? 0 : 1;
}
#endif

int extmem_cmd_demo(int argc, char **argv)
{
	if (extmem_tool_wants_help(argc, argv)) {
		usage(stdout);
		return 0;
	}
	const char *boot = EXTMEM_DEMO_BOOT_ELF, *appli = EXTMEM_DEMO_APPLI_ELF, *loader = EXTMEM_DEMO_LOADER;
	const char *flash = "demo.flash";
	for (int k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--boot") == 0 && k + 1 < argc) {
			boot = argv[++k];
		} else if (strcmp(argv[k], "--appli") == 0 && k + 1 < argc) {
			appli = argv[++k];
		} else if (strcmp(argv[k], "--loader") == 0 && k + 1 < argc) {
			loader = argv[++k];
		} else if (strcmp(argv[k], "--flash") == 0 && k + 1 < argc) {
			flash = argv[++k];
		} else {
			fprintf(stderr, "extmem demo: unknown argument '%s' (see --help)\n", argv[k]);
			return 2;
		}
	}
#ifdef EXTMEM_NO_EMU
	(void)boot;
	(void)flash;
	fprintf(stderr, "extmem demo: built without the emulator (install libunicorn-dev and libelf-dev)\n");
	return 1;
#else
	if (boot[0] == '\0' || appli[0] == '\0' || loader[0] == '\0') {
		fprintf(stderr, "extmem demo: no example firmware or loader in this build (arm-none-eabi-gcc missing?);"
				" give --boot, --appli and --loader\n");
		return 2;
	}
	/* a fresh part each time: the demo shows programming from erased */
	remove(flash);
	int rc = program_with_loader(loader, appli, flash);
	struct demo *d = rc == 0 ? calloc(1, sizeof(*d)) : NULL;
	if (d != NULL) {
		d->nor = extmem_sim_nor_create(&extmem_sim_part_mx66uw1g45g, &d->clock, NULL, flash);
		rc = d->nor == NULL ? 1 : boot_board(d, boot);
	} else if (rc == 0) {
		rc = 1;
	}
	printf("\nextmem demo: %s\n", rc == 0 ? "programmed by the loader, the application ran in place from the octal "
						"NOR, no protocol violations"
					      : "FAILED (see above)");
	if (d != NULL && d->nor != NULL)
		extmem_sim_nor_destroy(d->nor);
	free(d);
	return rc;
#endif
}
