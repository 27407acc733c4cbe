/* SPDX-License-Identifier: MIT */
/*
 * `extmem demo`: the whole flow on the PC, on one simulated MX66UW1G45G (the
 * STM32H7S78-DK's octal NOR) and one virtual clock:
 *   1. the NOR SFDP driver, through the host port, discovers the part and
 *      programs the example application into it;
 *   2. the emulated STM32H7S78-DK boots the example Boot from internal flash,
 *      which brings the same part up through the register-level XSPI port
 *      and the same driver, maps it and starts the application in place;
 *   3. what happened: the LED log, the stop, the bus statistics and the
 *      protocol violations the strict model recorded (none expected).
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "extmem/nor_sfdp.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "host_xspi.h"

#ifndef EXTMEM_NO_EMU
#include "extmem_emu/machine.h"
#endif

#ifndef EXTMEM_DEMO_BOOT_ELF
#define EXTMEM_DEMO_BOOT_ELF ""
#endif
#ifndef EXTMEM_DEMO_APPLI_ELF
#define EXTMEM_DEMO_APPLI_ELF ""
#endif

#define APPLI_MAX   (1u << 20)
#define WINDOW_BASE 0x70000000u

static void usage(FILE *out)
{
	fprintf(out,
		"usage: extmem demo [--boot BOOT.elf] [--appli APPLI.elf]\n\n"
		"Programs the example application into a simulated MX66UW1G45G with the NOR SFDP\n"
		"driver, then boots the emulated STM32H7S78-DK: Boot brings the octal NOR up to\n"
		"8D-8D-8D through the register-level XSPI port, maps it and runs the application in\n"
		"place. Prints each step, the LED log and the protocol violations recorded (none\n"
		"expected). Defaults: the example firmware of this build\n  %s\n  %s\n",
		EXTMEM_DEMO_BOOT_ELF, EXTMEM_DEMO_APPLI_ELF);
}

struct demo {
	struct extmem_sim_clock clock;
	struct extmem_sim_nor *nor;
	struct extmem_host_xspi port;
	struct extmem_nor_sfdp_config cfg;
	struct extmem_nor_sfdp_data data;
	struct extmem_memory mem;
	struct extmem em;
	uint8_t image[APPLI_MAX];
	uint8_t check[APPLI_MAX];
};

static double ms(uint64_t ps)
{
	return (double)ps / 1e9;
}

static void show(const char *what, int status)
{
	printf("     %-46s -> %s\n", what, extmem_status_name(status));
}

/* Step 1: discovery and programming through the host port. */
static int program_on_host(struct demo *d, const char *appli)
{
	char err[256];
	long len = 0;
#ifndef EXTMEM_NO_EMU
	len = extmem_emu_elf_extract(appli, WINDOW_BASE, d->image, sizeof(d->image), err, sizeof(err));
#else
	snprintf(err, sizeof(err), "built without the emulator's ELF reader");
#endif
	if (len <= 0) {
		fprintf(stderr, "extmem demo: %s: %s\n", appli, err);
		return 1;
	}
	extmem_host_xspi_init(&d->port, &d->nor->base, 200000000u);
	d->cfg.link = (struct extmem_xspi_link){.ops = &extmem_host_xspi_ops,
						.ctx = &d->port,
						.data_lines = 8,
						.dqs_wired = true,
						.dtr_capable = true,
						.max_hz = 200000000u};
	d->mem = (struct extmem_memory){
		.kind = EXTMEM_KIND_NOR_SFDP, .driver = &extmem_nor_sfdp_driver, .config = &d->cfg, .data = &d->data};
	uint64_t t0 = d->clock.now_ps;
	int st = extmem_setup(&d->em, &d->mem, 1);
	if (st == EXTMEM_OK)
		st = extmem_init(&d->em, 0);
	printf("1. Host: the NOR SFDP driver discovers the part through the host xSPI port\n");
	if (st != EXTMEM_OK) {
		printf("     init failed: %s\n", extmem_status_name(st));
		return 1;
	}
	const struct extmem_info *i = &d->mem.info;
	printf("     JEDEC ID %06X, %llu MiB, page %u B, erase %u KiB / %u KiB; reached %s at %u MHz, %u dummy cycles"
	       " (%.3f ms device time)\n",
	       (unsigned)i->jedec_id, (unsigned long long)(i->size >> 20), (unsigned)i->page_size,
	       (unsigned)(i->erase_sizes[0] >> 10), (unsigned)(i->erase_sizes[i->erase_type_count - 1] >> 10),
	       extmem_protocol_name(i->protocol), (unsigned)(i->clock_hz / 1000000u), i->dummy_cycles,
	       ms(d->clock.now_ps - t0));
	uint32_t erase = (uint32_t)(((uint64_t)len + i->erase_sizes[0] - 1u) / i->erase_sizes[0] * i->erase_sizes[0]);
	t0 = d->clock.now_ps;
	st = extmem_erase(&d->em, 0, 0, erase);
	if (st == EXTMEM_OK)
		st = extmem_write(&d->em, 0, 0, d->image, (size_t)len);
	uint64_t prog_ps = d->clock.now_ps - t0;
	if (st == EXTMEM_OK)
		st = extmem_read(&d->em, 0, 0, d->check, (size_t)len);
	if (st == EXTMEM_OK && memcmp(d->check, d->image, (size_t)len) != 0)
		st = EXTMEM_ERR_DEVICE;
	printf("     programmed the application: %ld bytes at 0x%08X (erase %u KiB + program: %.3f ms), verified: %s\n",
	       len, WINDOW_BASE, (unsigned)(erase >> 10), ms(prog_ps), extmem_status_name(st));
	printf("     (the external loader that does this from the programming tools is the next issue)\n");
	printf("     bad requests are refused before the bus:\n");
	show("write across the end of the flash", extmem_write(&d->em, 0, i->size - 4, d->image, 8));
	show("erase not on a 4 KiB boundary", extmem_erase(&d->em, 0, 0x800, 0x1000));
	show("read at an address that would wrap", extmem_read(&d->em, 0, UINT64_MAX - 1, d->check, 4));
	int dst = extmem_deinit(&d->em, 0);
	printf("     deinit leaves the part in 1S-1S-1S for the next owner: %s\n\n", extmem_status_name(dst));
	return st == EXTMEM_OK && dst == EXTMEM_OK ? 0 : 1;
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
	printf("2. Board: the emulated STM32H7S78-DK boots %s from internal flash\n", boot);
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
	const char *boot = EXTMEM_DEMO_BOOT_ELF, *appli = EXTMEM_DEMO_APPLI_ELF;
	for (int k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--boot") == 0 && k + 1 < argc) {
			boot = argv[++k];
		} else if (strcmp(argv[k], "--appli") == 0 && k + 1 < argc) {
			appli = argv[++k];
		} else {
			fprintf(stderr, "extmem demo: unknown argument '%s' (see --help)\n", argv[k]);
			return 2;
		}
	}
#ifdef EXTMEM_NO_EMU
	(void)boot;
	fprintf(stderr, "extmem demo: built without the emulator (install libunicorn-dev and libelf-dev)\n");
	return 1;
#else
	if (boot[0] == '\0' || appli[0] == '\0') {
		fprintf(stderr, "extmem demo: no example firmware in this build (arm-none-eabi-gcc missing?);"
				" give --boot and --appli\n");
		return 2;
	}
	struct demo *d = calloc(1, sizeof(*d));
	if (d == NULL)
		return 1;
	d->nor = extmem_sim_nor_create(&extmem_sim_part_mx66uw1g45g, &d->clock, NULL, NULL);
	int rc = d->nor == NULL ? 1 : program_on_host(d, appli);
	if (rc == 0)
		rc = boot_board(d, boot);
	printf("\nextmem demo: %s\n",
	       rc == 0 ? "the application ran in place from the octal NOR, no protocol violations"
		       : "FAILED (see above)");
	if (d->nor != NULL)
		extmem_sim_nor_destroy(d->nor);
	free(d);
	return rc;
#endif
}
