/* SPDX-License-Identifier: MIT */
/*
 * `extmem run`: boots a firmware ELF on the emulated STM32H7S78-DK (internal
 * flash at 0x08000000, the MX66UW1G45G octal NOR model on XSPIM port 2, so
 * on XSPI2 at 0x70000000, and the APS256XXN PSRAM model on port 1, XSPI1 at
 * 0x90000000) and runs it until a stop condition. Prints the LED
 * log, the stop report and the emulation statistics.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

#ifdef EXTMEM_NO_EMU

int extmem_cmd_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "extmem run: built without the emulator (install libunicorn-dev and libelf-dev)\n");
	return 1;
}

#else

#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/psram.h"
#include "extmem_sim/trace.h"

static void run_usage(FILE *out)
{
	fprintf(out,
		"usage: extmem run [--board stm32h7s78-dk|nucleo-h7s3l8] BOOT.elf [--flash FILE] [--appli ELF]\n"
		"                  [--max-ms N] [--max-insns N] [--until-symbol NAME] [--leds N]\n"
		"                  [--until-leds PATTERN] [--uart FILE] [--uart-in FILE|-] [--strict]\n"
		"                  [--trace] [--fast-xip] [--quiet]\n\n"
		"Boots BOOT.elf from the internal flash of an emulated STM32H7S78-DK and runs it until a\n"
		"stop condition: the virtual time limit (--max-ms, default 1000), an instruction limit,\n"
		"a symbol reached (--until-symbol), N LED changes (--leds), a BKPT, a fault, an access to\n"
		"something the model does not know, or an XIP hazard.\n\n"
		"  --board B     stm32h7s78-dk (default: MX66UW1G45G on XSPI2, APS256XXN on XSPI1, UART4 console)\n"
		"                or nucleo-h7s3l8 (MX25UW25645G on XSPI2, no PSRAM, USART3 console)\n"
		"  --flash FILE  contents of the external NOR (on XSPI2, 0x70000000) from offset 0\n"
		"  --appli ELF   an application linked for the XSPI2 window, written into the NOR first\n"
		"  --until-leds LD1=1,LD1=0,...  stop when the latest LED changes are these\n"
		"  --uart FILE   also write what the console UART sent (first 64 KiB) to FILE; it always\n"
		"                goes to stdout as it is sent\n"
		"  --uart-in F   the console UART receives the bytes of F ('-': standard input)\n"
		"  --strict      stop at an access silicon ignores (unclocked register) instead of warning\n"
		"  --trace       one line per XSPI operation the device models see\n"
		"  --fast-xip    no per-instruction hook in the windows (faster; hazard PCs per block)\n"
		"  --quiet       print the LED log at the end instead of as it happens\n\n"
		"Exit status: 0 when the run ended on a limit, a breakpoint, the LED count or BKPT #0;\n"
		"1 on any other stop (fault, invalid access, hazard); 2 on bad arguments or files.\n");
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int load_flash(struct extmem_sim_nor *nor, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "extmem run: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t n = fread(nor->array, 1, nor->part->size, f);
	int extra = fgetc(f);
	fclose(f);
	if (extra != EOF) {
		fprintf(stderr, "extmem run: %s is larger than the %u-byte %s\n", path, (unsigned)nor->part->size,
			nor->part->name);
		return -1;
	}
	printf("extmem run: %zu bytes of %s in the %s on XSPI2\n", n, path, nor->part->name);
	return 0;
}

/* "LD1=1,LD1=0" -> limits.led_pattern. Returns 0 or -1. */
static int parse_pattern(const char *text, struct extmem_emu_limits *lim)
{
	const char *p = text;
	lim->led_pattern_len = 0;
	while (*p != '\0') {
		if (lim->led_pattern_len == EXTMEM_EMU_PATTERN_MAX || p[0] != 'L' || p[1] != 'D' || p[2] < '1' ||
		    p[2] > '4' || p[3] != '=' || (p[4] != '0' && p[4] != '1') || (p[5] != ',' && p[5] != '\0'))
			return -1;
		lim->led_pattern[lim->led_pattern_len].led = (uint8_t)(p[2] - '1');
		lim->led_pattern[lim->led_pattern_len].level = (uint8_t)(p[4] - '0');
		lim->led_pattern_len++;
		p += p[5] == ',' ? 6 : 5;
	}
	return lim->led_pattern_len != 0 ? 0 : -1;
}

static int ok_stop(const struct extmem_emu_stop *s)
{
	switch (s->reason) {
	case EXTMEM_EMU_STOP_TIME_LIMIT:
	case EXTMEM_EMU_STOP_INSN_LIMIT:
	case EXTMEM_EMU_STOP_BREAKPOINT:
	case EXTMEM_EMU_STOP_LED_EVENTS: return 1;
	case EXTMEM_EMU_STOP_BKPT: return s->value == 0;
	default: return 0;
	}
}

int extmem_cmd_run(int argc, char **argv)
{
	if (extmem_tool_wants_help(argc, argv)) {
		run_usage(stdout);
		return 0;
	}
	const char *elf = NULL, *flash = NULL, *appli = NULL, *until = NULL, *pattern = NULL;
	uint64_t max_ms = 1000, max_insns = 0, leds = 0;
	int quiet = 0, fast_xip = 0, trace = 0, strict = 0;
	enum extmem_emu_board board = EXTMEM_EMU_BOARD_STM32H7S78_DK;
	const char *uart_path = NULL, *uart_in_path = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (a == NULL)
			break;
		if (strcmp(a, "--board") == 0 && v != NULL) {
			if (strcmp(v, "stm32h7s78-dk") == 0) {
				board = EXTMEM_EMU_BOARD_STM32H7S78_DK;
			} else if (strcmp(v, "nucleo-h7s3l8") == 0) {
				board = EXTMEM_EMU_BOARD_NUCLEO_H7S3L8;
			} else {
				fprintf(stderr,
					"extmem run: unknown board '%s' (known: stm32h7s78-dk, nucleo-h7s3l8)\n", v);
				return 2;
			}
			i++;
		} else if (strcmp(a, "--uart") == 0 && v != NULL) {
			uart_path = v;
			i++;
		} else if (strcmp(a, "--uart-in") == 0 && v != NULL) {
			uart_in_path = v;
			i++;
		} else if (strcmp(a, "--strict") == 0) {
			strict = 1;
		} else if (strcmp(a, "--flash") == 0 && v != NULL) {
			flash = v;
			i++;
		} else if (strcmp(a, "--appli") == 0 && v != NULL) {
			appli = v;
			i++;
		} else if (strcmp(a, "--until-leds") == 0 && v != NULL) {
			pattern = v;
			i++;
		} else if (strcmp(a, "--until-symbol") == 0 && v != NULL) {
			until = v;
			i++;
		} else if ((strcmp(a, "--max-ms") == 0 || strcmp(a, "--max-insns") == 0 || strcmp(a, "--leds") == 0) &&
			   v != NULL) {
			uint64_t *dst = a[2] == 'l' ? &leds : a[6] == 'm' ? &max_ms : &max_insns;
			if (parse_u64(v, dst) != 0) {
				fprintf(stderr, "extmem run: %s needs a number, not '%s'\n", a, v);
				return 2;
			}
			i++;
		} else if (strcmp(a, "--trace") == 0) {
			trace = 1;
		} else if (strcmp(a, "--fast-xip") == 0) {
			fast_xip = 1;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			quiet = 1;
		} else if (a[0] != '-' && elf == NULL) {
			elf = a;
		} else {
			fprintf(stderr, "extmem run: unexpected argument '%s'\n\n", a);
			run_usage(stderr);
			return 2;
		}
	}
	if (elf == NULL) {
		run_usage(stderr);
		return 2;
	}

	bool nucleo = board == EXTMEM_EMU_BOARD_NUCLEO_H7S3L8;
	const struct extmem_sim_nor_part *part = nucleo ? &extmem_sim_part_mx25uw25645g : &extmem_sim_part_mx66uw1g45g;
	FILE *uart_file = NULL, *uart_in = NULL;
	if (uart_path != NULL && (uart_file = fopen(uart_path, "wb")) == NULL) {
		fprintf(stderr, "extmem run: --uart %s: %s\n", uart_path, strerror(errno));
		return 2;
	}
	if (uart_in_path != NULL) {
		uart_in = strcmp(uart_in_path, "-") == 0 ? stdin : fopen(uart_in_path, "rb");
		if (uart_in == NULL) {
			fprintf(stderr, "extmem run: --uart-in %s: %s\n", uart_in_path, strerror(errno));
			if (uart_file != NULL)
				fclose(uart_file);
			return 2;
		}
	}
	struct extmem_sim_clock clock = {0};
	struct extmem_sim_nor *nor = extmem_sim_nor_create(part, &clock, NULL, NULL);
	if (nor == NULL) {
		fprintf(stderr, "extmem run: cannot create the %s model\n", part->name);
		return 2;
	}
	int rc = 2;
	struct extmem_emu *emu = NULL;
	static struct extmem_sim_psram psram;
	uint8_t *psram_array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	if (psram_array == NULL) {
		extmem_sim_nor_destroy(nor);
		return 2;
	}
	extmem_sim_psram_init(&psram, &clock, psram_array, EXTMEM_SIM_PSRAM_SIZE);
	static struct extmem_sim_trace tr;
	if (trace) {
		extmem_sim_trace_init(&tr, stdout, NULL, NULL);
		nor->base.trace = &tr;
		psram.base.trace = &tr;
	}
	struct extmem_emu_config cfg = {.clock = &clock,
					.port1 = nucleo ? NULL : &psram.base,
					.port2 = &nor->base,
					.log = quiet ? NULL : stdout,
					.fast_xip = fast_xip != 0,
					.strict = strict != 0,
					.board = board,
					.uart_out = stdout,
					.uart_in = uart_in};
	char err[300];
	if (flash != NULL && load_flash(nor, flash) != 0)
		goto out;
	if (appli != NULL) {
		long n = extmem_emu_elf_extract(appli, 0x70000000u, nor->array, nor->part->size, err, sizeof(err));
		if (n < 0) {
			fprintf(stderr, "extmem run: %s\n", err);
			goto out;
		}
		printf("extmem run: %ld bytes of %s programmed into the %s\n", n, appli, nor->part->name);
	}
	if (extmem_emu_create(&emu, &cfg) != 0) {
		fprintf(stderr, "extmem run: cannot create the emulator\n");
		goto out;
	}
	if (extmem_emu_load_elf(emu, elf, err, sizeof(err)) != 0) {
		fprintf(stderr, "extmem run: %s\n", err);
		goto out;
	}
	struct extmem_emu_limits lim = {
		.max_ps = max_ms * 1000000000ull, .max_insns = max_insns, .led_events = (uint32_t)leds};
	if (pattern != NULL && parse_pattern(pattern, &lim) != 0) {
		fprintf(stderr, "extmem run: bad LED pattern '%s' (LDn=0|1[,...], at most %d)\n", pattern,
			EXTMEM_EMU_PATTERN_MAX);
		goto out;
	}
	if (until != NULL && extmem_emu_symbol(emu, until, &lim.breakpoints[0]) != 0) {
		fprintf(stderr, "extmem run: %s has no symbol '%s'\n", elf, until);
		goto out;
	}
	extmem_emu_reset(emu);
	printf("extmem run: %s on %s (%s on XSPI2%s)\n", elf, extmem_emu_board_name(board), part->name,
	       nucleo ? "" : ", APS256XXN on XSPI1");
	(void)extmem_emu_run(emu, &lim);
	const struct extmem_emu_stop *s = extmem_emu_last_stop(emu);
	if (quiet) {
		const struct extmem_emu_led_event *log = extmem_emu_led_log(emu);
		uint32_t n = extmem_emu_led_count(emu);
		for (uint32_t i = 0; i < n && i < EXTMEM_EMU_LED_LOG; i++)
			printf("emu: %12.3f us  %s -> %u\n", (double)log[i].time_ps / 1e6,
			       extmem_emu_board_led_name(emu, log[i].led), log[i].level);
		printf("emu: stop: %s: %s (pc 0x%08X)\n", extmem_emu_stop_name(s->reason), s->message, s->pc);
	}
	printf("emu: %u LED changes; NOR: %u ops, %u protocol violations%s%s\n", extmem_emu_led_count(emu),
	       (unsigned)nor->ops, (unsigned)nor->base.violations, nor->base.violations ? ", last: " : "",
	       nor->base.violations ? nor->base.last_violation : "");
	if (psram.base.violations != 0)
		printf("emu: PSRAM: %u protocol violations, last: %s\n", (unsigned)psram.base.violations,
		       psram.base.last_violation);
	extmem_emu_print_stats(emu, stdout);
	rc = ok_stop(s) ? 0 : 1;
	if (uart_file != NULL) {
		size_t n = 0;
		const uint8_t *bytes = extmem_emu_uart_output(emu, &n);
		if (n != 0 && fwrite(bytes, 1, n, uart_file) != n) {
			fprintf(stderr, "extmem run: --uart %s: %s\n", uart_path, strerror(errno));
			rc = 2;
		}
	}
out:
	extmem_emu_destroy(emu);
	extmem_sim_nor_destroy(nor);
	free(psram_array);
	if (uart_file != NULL && fclose(uart_file) != 0 && rc != 2) {
		fprintf(stderr, "extmem run: --uart %s: %s\n", uart_path, strerror(errno));
		rc = 2;
	}
	if (uart_in != NULL && uart_in != stdin)
		fclose(uart_in);
	return rc;
}

#endif
