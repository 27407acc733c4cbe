/* SPDX-License-Identifier: MIT */
/*
 * `extmem run`: boots a firmware ELF on the emulated STM32H7S78-DK (internal
 * flash at 0x08000000, the MX66UW1G45G octal NOR model on XSPIM port 2, so
 * on XSPI2 at 0x70000000, and the APS256XXN PSRAM model on port 1, XSPI1 at
 * 0x90000000) and runs it until a stop condition. Prints the LED log, the
 * stop report (with the registers when the run did not succeed) and the
 * emulation statistics, or one JSON object (--json). The exit status tells
 * success, a limit, a firmware fault, a violation and bad arguments apart.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"

#ifdef EXTMEM_NO_EMU

int extmem_cmd_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "extmem run: built without the emulator (install libunicorn-dev and libelf-dev)\n");
	return EXTMEM_EXIT_INTERNAL;
}

#else

#include <sys/stat.h>
#include <unistd.h>

#include "board.h"
#include "bus_tap.h"
#include "extmem_emu/gdb_server.h"
#include "extmem_emu/machine.h"
#include "extmem_emu/regs.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/psram.h"
#include "extmem_sim/trace.h"
#include "extmem_sim/vcd.h"
#include "run_report.h"

#define RUN_MAX_MS     3600000ull /* one hour of virtual time */
#define RUN_MAX_INSNS  1000000000000ull
#define RUN_DEFAULT_MS 1000u
#define PS_PER_MS      1000000000ull

/* One row per option; extmem_args_get() finds values by name, so rows can be added anywhere. */
static const struct extmem_opt run_opts[] = {
	{"board", 0, "NAME",
	 "stm32h7s78-dk (default: MX66UW1G45G on XSPI2, APS256XXN on XSPI1, UART4 console)\n"
	 "or nucleo-h7s3l8 (MX25UW25645G on XSPI2, no PSRAM, USART3 console)"},
	{"uart", 0, "FILE", "also write what the console UART sent (first 64 KiB) to FILE"},
	{"uart-in", 0, "FILE", "the console UART receives the bytes of FILE ('-': standard input)"},
	{"strict", 0, NULL, "stop at an access silicon ignores (an unclocked register) instead of warning"},
	{"flash", 0, "FILE",
	 "the NOR's contents, kept between runs: read at start, written at the end\n"
	 "(created erased when missing; exactly the part's size: 128 MiB on the DK, 32 MiB on the Nucleo)"},
	{"sd", 0, "FILE", "an SDHC card in SDMMC1's slot holding FILE (a multiple of 512 KiB; writes go to FILE)"},
	{"appli", 0, "ELF", "an application linked for the XSPI2 window, programmed into the NOR first"},
	{"max-ms", 0, "N", "virtual time limit in ms, 1..3600000 (default 1000)"},
	{"max-insns", 0, "N", "instruction limit, 1..10^12 (default: none beyond --max-ms)"},
	{"until-symbol", 0, "NAME", "stop when the PC reaches this symbol of BOOT.elf"},
	{"leds", 0, "N", "stop after N LED changes, 1..4294967295"},
	{"until-leds", 0, "PATTERN", "stop when the latest LED changes are LDn=0|1[,...] (at most 8)"},
	{"trace", 0, "FILE",
	 "one line per XSPI operation ('-': stdout); FILE.vcd: the XSPI2 (NOR) bus\n"
	 "signals CS#, CLK, DQS, IO0-IO7 as a VCD for GTKWave, sigrok, PulseView"},
	{"trace-from", 0, "TIME", "trace only operations starting at or after TIME (e.g. 250us, 3ms)"},
	{"trace-to", 0, "TIME", "... and before TIME (units ps, ns, us, ms, s)"},
	{"fast-xip", 0, NULL, "no per-instruction hook in the windows (faster; hazard PCs per block)"},
	{"json", 0, NULL, "print one JSON object at the end on stdout (the human report goes to stderr)"},
	{"quiet", 'q', NULL, "print the LED log at the end instead of as it happens"},
	{"gdb", 0, "PORT",
	 "wait for GDB on 127.0.0.1:PORT (0: a free port, printed) and run under its control\n"
	 "(halted at reset; --max-ms and the other limits bound each continue)"},
};
#define RUN_NOPTS      (sizeof(run_opts) / sizeof(run_opts[0]))

static void run_usage(FILE *out)
{
	fprintf(out, "usage: extmem run BOOT.elf [OPTIONS]\n\n"
		     "Boots BOOT.elf from the internal flash of an emulated STM32H7S78-DK (MX66UW1G45G octal NOR\n"
		     "on XSPI2 at 0x70000000, APS256XXN PSRAM on XSPI1 at 0x90000000) and runs it until a stop\n"
		     "condition: a symbol reached (--until-symbol), N LED changes (--leds, --until-leds), BKPT,\n"
		     "a fault, an access the model does not know, an XIP hazard, or a limit. Every run has a\n"
		     "finite limit: --max-ms (default 1000 ms of virtual time) and --max-insns.\n\n"
		     "options:\n");
	extmem_args_print_options(out, run_opts, RUN_NOPTS);
	fprintf(out, "\nexit status:\n"
		     "  0  success: BKPT #0, the --until-symbol address, or the LED count/pattern reached\n"
		     "  1  the firmware failed: a CPU fault, an invalid access, BKPT #n with n != 0\n"
		     "  2  bad arguments or files (the message names the option or file and why)\n"
		     "  3  the run did not end by itself: time or instruction limit, or WFI with nothing to wake it\n"
		     "  4  the emulator saw an XIP hazard, or a device or XSPI controller protocol violation\n"
		     "  5  the firmware did something the emulator does not model (address, register, reset)\n"
		     "  6  the tool failed: out of memory, the flash or trace file could not be written\n");
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
		if (p[5] == ',' && p[6] == '\0')
			return -1; /* a trailing comma */
		p += p[5] == ',' ? 6 : 5;
	}
	return lim->led_pattern_len != 0 ? 0 : -1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* ---- the flash file ---- */

/*
 * A flash file is the part's whole array: an existing file must be a regular
 * file of exactly that size; a missing one is created (erased) in a directory
 * that can be written. Returns 0 or -1 with a message.
 */
static int check_flash_file(const char *path, uint32_t part_size, const char *part)
{
	struct stat st;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			fprintf(stderr, "extmem run: --flash: %s is a directory, not a flash file\n", path);
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			fprintf(stderr, "extmem run: --flash: %s is not a regular file\n", path);
			return -1;
		}
		if ((uint64_t)st.st_size != part_size) {
			fprintf(stderr,
				"extmem run: --flash: %s is %llu bytes; a flash file holds the whole %s, %u bytes "
				"(name a missing file to create one)\n",
				path, (unsigned long long)st.st_size, part, (unsigned)part_size);
			return -1;
		}
		if (access(path, R_OK | W_OK) != 0) {
			fprintf(stderr, "extmem run: --flash: %s: %s\n", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (errno != ENOENT) {
		fprintf(stderr, "extmem run: --flash: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char dir[4096];
	const char *slash = strrchr(path, '/');
	size_t n = slash == NULL ? 1u : slash == path ? 1u : (size_t)(slash - path);
	if (n >= sizeof(dir)) {
		fprintf(stderr, "extmem run: --flash: %s: path too long\n", path);
		return -1;
	}
	memcpy(dir, slash == NULL ? "." : path, n);
	dir[n] = '\0';
	if (access(dir, W_OK | X_OK) != 0) {
		fprintf(stderr, "extmem run: --flash: cannot create %s: %s: %s\n", path, dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- exit status ---- */

static int exit_for_stop(const struct extmem_emu_stop *s)
{
	switch (s->reason) {
	case EXTMEM_EMU_STOP_BREAKPOINT:
	case EXTMEM_EMU_STOP_LED_EVENTS: return EXTMEM_EXIT_OK;
	case EXTMEM_EMU_STOP_BKPT: return s->value == 0 ? EXTMEM_EXIT_OK : EXTMEM_EXIT_FAILED;
	case EXTMEM_EMU_STOP_TIME_LIMIT:
	case EXTMEM_EMU_STOP_INSN_LIMIT:
	case EXTMEM_EMU_STOP_SLEEP: return EXTMEM_EXIT_LIMIT;
	case EXTMEM_EMU_STOP_FAULT:
	case EXTMEM_EMU_STOP_INVALID: return EXTMEM_EXIT_FAILED;
	case EXTMEM_EMU_STOP_XIP_HAZARD: return EXTMEM_EXIT_VIOLATION;
	case EXTMEM_EMU_STOP_UNMODELLED:
	case EXTMEM_EMU_STOP_UNSUPPORTED:
	case EXTMEM_EMU_STOP_RESET: return EXTMEM_EXIT_UNMODELLED;
	case EXTMEM_EMU_STOP_NONE:
	case EXTMEM_EMU_STOP_DEBUG: return EXTMEM_EXIT_OK; /* a debugging session ended while halted */
	case EXTMEM_EMU_STOP_RETURNED: break;
	}
	return EXTMEM_EXIT_INTERNAL;
}

/* ---- the command ---- */

struct run_cfg {
	const char *elf, *flash, *appli, *until, *pattern, *trace, *uart, *uart_in, *sd;
	uint64_t max_ms, max_insns, leds, trace_from, trace_to, gdb_port;
	bool quiet, fast_xip, json, strict, gdb;
	enum extmem_emu_board board;
};

/* Returns 0, 1 for --help, or -1 after the message. */
static int parse_args(struct run_cfg *c, struct extmem_emu_limits *lim, int argc, char **argv)
{
	struct extmem_args a;
	int r = extmem_args_command(&a, "extmem run", run_opts, RUN_NOPTS, "BOOT.elf", argc, argv);
	if (r != 0)
		return r;
	memset(c, 0, sizeof(*c));
	memset(lim, 0, sizeof(*lim));
	c->max_ms = RUN_DEFAULT_MS;
	c->trace_to = UINT64_MAX;
	if (extmem_tool_board_arg(&a, &c->board) != 0)
		return -1;
	c->elf = a.pos[0];
	c->flash = extmem_args_get(&a, "flash");
	c->appli = extmem_args_get(&a, "appli");
	c->sd = extmem_args_get(&a, "sd");
	c->until = extmem_args_get(&a, "until-symbol");
	c->pattern = extmem_args_get(&a, "until-leds");
	c->trace = extmem_args_get(&a, "trace");
	c->quiet = extmem_args_flag(&a, "quiet");
	c->fast_xip = extmem_args_flag(&a, "fast-xip");
	c->json = extmem_args_flag(&a, "json");
	c->strict = extmem_args_flag(&a, "strict");
	c->uart = extmem_args_get(&a, "uart");
	c->uart_in = extmem_args_get(&a, "uart-in");
	if (extmem_args_opt_u64(&a, "max-ms", 1, RUN_MAX_MS, &c->max_ms) != 0 ||
	    extmem_args_opt_u64(&a, "max-insns", 1, RUN_MAX_INSNS, &c->max_insns) != 0 ||
	    extmem_args_opt_u64(&a, "leds", 1, UINT32_MAX, &c->leds) != 0 ||
	    extmem_args_opt_u64(&a, "gdb", 0, 65535, &c->gdb_port) != 0)
		return -1;
	c->gdb = extmem_args_get(&a, "gdb") != NULL;
	const char *from = extmem_args_get(&a, "trace-from"), *to = extmem_args_get(&a, "trace-to");
	if ((from != NULL &&
	     extmem_args_time_ps(&a, "trace-from", from, RUN_MAX_MS * PS_PER_MS, &c->trace_from) != 0) ||
	    (to != NULL && extmem_args_time_ps(&a, "trace-to", to, RUN_MAX_MS * PS_PER_MS, &c->trace_to) != 0))
		return -1;
	if ((from != NULL || to != NULL) && c->trace == NULL) {
		extmem_args_error(&a, "--%s needs --trace FILE", from != NULL ? "trace-from" : "trace-to");
		return -1;
	}
	if (c->trace_to <= c->trace_from) {
		extmem_args_error(&a, "--trace-to (%s) must be later than --trace-from (%s)", to, from ? from : "0");
		return -1;
	}
	if (c->json && c->trace != NULL && strcmp(c->trace, "-") == 0) {
		extmem_args_error(&a, "--trace - and --json would both write to stdout: trace to a file");
		return -1;
	}
	if (c->trace != NULL && strcmp(c->trace, "-") != 0) {
		struct stat st;
		if (stat(c->trace, &st) == 0 && S_ISDIR(st.st_mode)) {
			extmem_args_error(&a, "--trace: %s is a directory", c->trace);
			return -1;
		}
	}
	if (c->pattern != NULL && parse_pattern(c->pattern, lim) != 0) {
		extmem_args_error(&a, "--until-leds: bad pattern '%s' (LDn=0|1[,...] with n 1..4, at most %d)",
				  c->pattern, EXTMEM_EMU_PATTERN_MAX);
		return -1;
	}
	lim->max_ps = c->max_ms * PS_PER_MS;
	lim->max_insns = c->max_insns;
	lim->led_events = (uint32_t)c->leds;
	return 0;
}

struct run_state {
	struct extmem_sim_clock clock;
	struct extmem_sim_nor *nor;
	struct extmem_sim_psram psram;
	uint8_t *psram_array;
	struct extmem_tool_tap tap1, tap2; /* tap2 owns the trace file, tap1 writes its lines there too */
	struct extmem_emu *emu;
	FILE *uart_file, *uart_in;
	struct extmem_sim_sd sd;
	bool nucleo;
};

/* Opens the trace output and puts taps in front of both devices. Returns 0 or -1. */
static int open_trace(struct run_state *st, const struct run_cfg *c, struct extmem_emu_config *cfg)
{
	extmem_tool_tap_init(&st->tap1, &st->psram.base);
	extmem_tool_tap_init(&st->tap2, &st->nor->base);
	st->tap2.vcd_opt = "trace"; /* FILE.vcd: the XSPI2 (NOR) bus */
	bool vcd = ends_with(c->trace, ".vcd");
	if (extmem_tool_tap_open(&st->tap2, "extmem run", vcd ? NULL : c->trace, vcd ? c->trace : NULL, 8) != 0)
		return -1;
	st->tap1.text = st->tap2.text;
	st->tap1.from_ps = st->tap2.from_ps = c->trace_from;
	st->tap1.to_ps = st->tap2.to_ps = c->trace_to;
	cfg->port1 = cfg->port1 != NULL ? &st->tap1.base : NULL;
	cfg->port2 = &st->tap2.base;
	return 0;
}

/* Finishes the trace file. Returns 0 or -1 (not written completely). */
static int close_trace(struct run_state *st, const char *path)
{
	bool vcd = ends_with(path, ".vcd");
	st->tap1.text = NULL;
	return extmem_tool_tap_close(&st->tap2, "extmem run", vcd ? NULL : path, vcd ? path : NULL);
}

/* Forget the flash file without writing it (a run that never started must not create or change it). */
static void drop_flash_file(struct extmem_sim_nor *nor)
{
	if (nor != NULL) {
		free(nor->path);
		nor->path = NULL;
	}
}

static int setup_machine(struct run_state *st, const struct run_cfg *c, struct extmem_emu_limits *lim, FILE *human)
{
	st->nucleo = c->board == EXTMEM_EMU_BOARD_NUCLEO_H7S3L8;
	const struct extmem_sim_nor_part *part = extmem_tool_board_nor_part(c->board);
	if (c->uart != NULL && (st->uart_file = fopen(c->uart, "wb")) == NULL) {
		fprintf(stderr, "extmem run: --uart: cannot write %s: %s\n", c->uart, strerror(errno));
		return EXTMEM_EXIT_USAGE;
	}
	if (c->uart_in != NULL) {
		st->uart_in = strcmp(c->uart_in, "-") == 0 ? stdin : fopen(c->uart_in, "rb");
		if (st->uart_in == NULL) {
			fprintf(stderr, "extmem run: --uart-in: cannot read %s: %s\n", c->uart_in, strerror(errno));
			return EXTMEM_EXIT_USAGE;
		}
	}
	if (c->flash != NULL && check_flash_file(c->flash, part->size, part->name) != 0)
		return EXTMEM_EXIT_USAGE;
	st->nor = extmem_sim_nor_create(part, &st->clock, NULL, c->flash);
	if (st->nor == NULL) {
		fprintf(stderr, "extmem run: cannot create the %s model%s%s\n", part->name,
			c->flash ? " from " : " (out of memory)", c->flash ? c->flash : "");
		return c->flash ? EXTMEM_EXIT_USAGE : EXTMEM_EXIT_INTERNAL;
	}
	st->psram_array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	if (st->psram_array == NULL) {
		fprintf(stderr, "extmem run: out of memory for the PSRAM model\n");
		return EXTMEM_EXIT_INTERNAL;
	}
	extmem_sim_psram_init(&st->psram, &st->clock, st->psram_array, EXTMEM_SIM_PSRAM_SIZE);
	char err[300];
	if (c->appli != NULL) {
		long n = extmem_emu_elf_extract(c->appli, EXTMEM_EMU_XSPI2_BASE, st->nor->array, part->size, err,
						sizeof(err));
		if (n < 0) {
			fprintf(stderr, "extmem run: --appli: %s\n", err);
			return EXTMEM_EXIT_USAGE;
		}
		fprintf(human, "extmem run: %ld bytes of %s programmed into the %s\n", n, c->appli, part->name);
	}
	struct extmem_emu_config cfg = extmem_tool_board_config(c->board, &st->clock, st->nor, &st->psram);
	cfg.log = c->quiet ? NULL : human;
	cfg.fast_xip = c->fast_xip;
	cfg.strict = c->strict;
	cfg.uart_out = human;
	cfg.uart_in = st->uart_in;
	if (c->sd != NULL && extmem_sim_sd_open_file(&st->sd, &st->clock, c->sd, err, sizeof(err)) != EXTMEM_OK) {
		fprintf(stderr, "extmem run: --sd: %s\n", err);
		return EXTMEM_EXIT_USAGE;
	}
	cfg.sd = c->sd != NULL ? &st->sd : NULL;
	if (c->trace != NULL && open_trace(st, c, &cfg) != 0)
		return EXTMEM_EXIT_USAGE;
	int rc = extmem_tool_board_start(&st->emu, &cfg, c->elf, "extmem run");
	if (rc != EXTMEM_EXIT_OK)
		return rc;
	if (c->until != NULL && extmem_emu_symbol(st->emu, c->until, &lim->breakpoints[0]) != 0) {
		fprintf(stderr, "extmem run: --until-symbol: %s has no symbol '%s'\n", c->elf, c->until);
		return EXTMEM_EXIT_USAGE;
	}
	return EXTMEM_EXIT_OK;
}

/* ---- under GDB ---- */

static const char gdb_monitor_help[] =
	"  nor     the NOR model's state: mode, status and configuration registers, busy, violations\n"
	"  psram   the PSRAM model's state: mode registers, latencies, statistics, violations\n";

static const char *nor_proto_name(enum extmem_sim_nor_proto p)
{
	static const char *const names[] = {"1S-1S-1S (SPI)", "4S-4S-4S (QPI)", "8S-8S-8S (octal STR)",
					    "8D-8D-8D (octal DTR)"};
	return (unsigned)p < sizeof(names) / sizeof(names[0]) ? names[p] : "?";
}

static int gdb_monitor(void *ctx, const char *cmd, FILE *out)
{
	struct run_state *st = ctx;
	if (strcmp(cmd, "nor") == 0) {
		const struct extmem_sim_nor *n = st->nor;
		bool busy = n->busy_until_ps > st->clock.now_ps;
		fprintf(out, "%s: %s, %s addresses, WEL %u, SR 0x%02X, CR 0x%02X, CR2[0] 0x%02X, CR2[0x300] 0x%02X\n",
			n->part->name, nor_proto_name(n->proto), n->addr4 ? "4-byte" : "3-byte", n->wel ? 1u : 0u,
			n->sr, n->cr, n->cr2_0, n->cr2_300);
		fprintf(out, "%s: %s; %u ops, %u violations%s%s\n", n->part->name, busy ? "busy" : "ready", n->ops,
			n->base.violations, n->base.violations ? ", last: " : "",
			n->base.violations ? n->base.last_violation : "");
		return 1;
	}
	if (strcmp(cmd, "psram") == 0) {
		if (st->nucleo) {
			fprintf(out, "no PSRAM on this board\n");
			return 1;
		}
		const struct extmem_sim_psram *p = &st->psram;
		fprintf(out, "APS256XXN: MR0 0x%02X MR4 0x%02X MR8 0x%02X, read latency %u, write latency %u, %s%s\n",
			p->mr[0], p->mr[4], p->mr[8], extmem_sim_psram_read_latency(p),
			extmem_sim_psram_write_latency(p), extmem_sim_psram_x16(p) ? "x16" : "x8",
			p->asleep ? ", asleep" : "");
		fprintf(out, "APS256XXN: %llu reads (%llu bytes), %llu writes (%llu bytes), %u violations%s%s\n",
			(unsigned long long)p->reads, (unsigned long long)p->bytes_read, (unsigned long long)p->writes,
			(unsigned long long)p->bytes_written, p->base.violations, p->base.violations ? ", last: " : "",
			p->base.violations ? p->base.last_violation : "");
		return 1;
	}
	return 0;
}

/* Halted at reset, serves one GDB client until it detaches, kills or goes away. */
static int run_gdb(struct run_state *st, const struct run_cfg *c, const struct extmem_emu_limits *lim, FILE *human)
{
	char err[200];
	struct extmem_gdb_server *srv = extmem_gdb_listen((uint16_t)c->gdb_port, err, sizeof(err));
	if (srv == NULL) {
		fprintf(stderr, "extmem run: --gdb: %s\n", err);
		return EXTMEM_EXIT_USAGE;
	}
	/* scripts read the port from this line: keep its shape */
	fprintf(human, "extmem run: GDB server listening on 127.0.0.1:%u\n", (unsigned)extmem_gdb_port(srv));
	fflush(human);
	struct extmem_gdb_config g = {.limits = *lim,
				      .log = human,
				      .monitor = gdb_monitor,
				      .monitor_ctx = st,
				      .monitor_help = gdb_monitor_help};
	int rc = extmem_gdb_serve(srv, st->emu, &g, err, sizeof(err));
	extmem_gdb_close(srv);
	if (rc != 0) {
		fprintf(stderr, "extmem run: --gdb: %s\n", err);
		return EXTMEM_EXIT_INTERNAL;
	}
	return EXTMEM_EXIT_OK;
}

int extmem_cmd_run(int argc, char **argv)
{
	struct run_cfg c;
	struct extmem_emu_limits lim;
	int parsed = parse_args(&c, &lim, argc, argv);
	if (parsed != 0) {
		if (parsed > 0)
			run_usage(stdout);
		return parsed > 0 ? EXTMEM_EXIT_OK : EXTMEM_EXIT_USAGE;
	}
	/* with --json, stdout holds the object only */
	FILE *human = c.json ? stderr : stdout;
	struct run_state *st = calloc(1, sizeof(*st));
	if (st == NULL) {
		fprintf(stderr, "extmem run: out of memory\n");
		return EXTMEM_EXIT_INTERNAL;
	}
	int rc = setup_machine(st, &c, &lim, human);
	if (rc != EXTMEM_EXIT_OK) {
		drop_flash_file(st->nor);
		goto out;
	}
	extmem_emu_reset(st->emu);
	fprintf(human, "extmem run: %s on %s (%s on XSPI2%s)\n", c.elf, extmem_emu_board_name(c.board),
		st->nor->part->name, c.board == EXTMEM_EMU_BOARD_NUCLEO_H7S3L8 ? "" : ", APS256XXN on XSPI1");
	if (c.gdb) {
		rc = run_gdb(st, &c, &lim, human);
		if (rc != EXTMEM_EXIT_OK)
			goto out;
	} else {
		(void)extmem_emu_run(st->emu, &lim);
	}
	const struct extmem_emu_stop *s = extmem_emu_last_stop(st->emu);
	struct run_report r = {.emu = st->emu,
			       .board = extmem_emu_board_name(c.board),
			       .nor = st->nor,
			       .psram = &st->psram,
			       .elf = c.elf,
			       .flash = c.flash,
			       .trace = c.trace,
			       .traced = st->tap1.traced + st->tap2.traced};
	rc = exit_for_stop(s);
	r.violations = st->nor->base.violations + st->psram.base.violations;
	struct extmem_emu_stats stats;
	extmem_emu_get_stats(st->emu, &stats);
	r.violations += stats.xspi_violations;
	/* a run that looked fine but made a device or the controller misread something did not pass */
	if ((rc == EXTMEM_EXIT_OK || rc == EXTMEM_EXIT_LIMIT) && r.violations != 0)
		rc = EXTMEM_EXIT_VIOLATION;
	if (c.trace != NULL && close_trace(st, c.trace) != 0)
		rc = EXTMEM_EXIT_INTERNAL;
	if (c.flash != NULL) {
		if (extmem_sim_nor_sync(st->nor) != EXTMEM_OK) {
			fprintf(stderr, "extmem run: --flash: %s could not be written\n", c.flash);
			rc = EXTMEM_EXIT_INTERNAL;
		} else {
			fprintf(human, "extmem run: flash file %s written (%u bytes)\n", c.flash,
				(unsigned)st->nor->part->size);
		}
		drop_flash_file(st->nor); /* written once, not again at destroy */
	}
	if (st->uart_file != NULL) {
		size_t n = 0;
		const uint8_t *bytes = extmem_emu_uart_output(st->emu, &n);
		if ((n != 0 && fwrite(bytes, 1, n, st->uart_file) != n) || fclose(st->uart_file) != 0) {
			fprintf(stderr, "extmem run: --uart: %s could not be written\n", c.uart);
			rc = EXTMEM_EXIT_INTERNAL;
		}
		st->uart_file = NULL;
	}
	r.exit_status = rc;
	run_report_human(&r, human, c.quiet);
	if (c.json && run_report_json(&r, stdout) != 0) {
		fprintf(stderr, "extmem run: cannot build the JSON report (out of memory)\n");
		rc = EXTMEM_EXIT_INTERNAL;
	}
out:
	if (st->tap2.text != NULL && st->tap2.text != stdout)
		fclose(st->tap2.text);
	if (st->tap2.vcd_file != NULL)
		fclose(st->tap2.vcd_file);
	if (st->uart_file != NULL)
		fclose(st->uart_file);
	if (st->uart_in != NULL && st->uart_in != stdin)
		fclose(st->uart_in);
	if (extmem_sim_sd_close_file(&st->sd) != EXTMEM_OK && rc == EXTMEM_EXIT_OK) {
		fprintf(stderr, "extmem run: --sd: %s could not be written\n", c.sd);
		rc = EXTMEM_EXIT_INTERNAL;
	}
	extmem_emu_destroy(st->emu);
	extmem_sim_nor_destroy(st->nor);
	free(st->psram_array);
	free(st);
	return rc;
}

#endif
