/* SPDX-License-Identifier: MIT */
/*
 * `extmem prog`: runs an External Memory Loader (.stldr, .FLM or IAR .out)
 * inside the emulated board the way its programming tool does (the
 * conventions: tools/prog_loader.c), against the board's NOR model, and
 * programs, erases, reads or verifies the NOR with it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "board.h"
#include "commands.h"
#include "image.h"
#include "prog.h"

#ifdef EXTMEM_NO_EMU

int extmem_cmd_prog(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "extmem prog: built without the emulator (install libunicorn-dev and libelf-dev)\n");
	return PROG_EXIT_FILE;
}

#else

/* Rows 0..4 are the actions, in enum prog_kind order; the rest are settings. */
static const struct extmem_opt prog_opts[] = {
	{"erase", 0, NULL, "[ADDR LEN]: erase the sectors holding [ADDR, ADDR+LEN); no range: the whole device"},
	{"mass-erase", 0, NULL, "chip erase"},
	{"write", 0, "IMAGE[@ADDR]", "erase the sectors the image covers that are not blank, then program it"},
	{"read", 0, "ADDR LEN OUT", "read through the memory-mapped window into the file OUT"},
	{"verify", 0, "IMAGE[@ADDR]", "compare the device with the image, with the loader's own check"},
	{"loader", 0, "FILE", "the External Memory Loader (required)"},
	{"flash", 0, "FILE",
	 "the NOR's contents, kept in FILE (created erased on first use), so that\n"
	 "`extmem run --flash FILE` boots what was programmed"},
	{"board", 0, "NAME",
	 "stm32h7s78-dk (MX66UW1G45G) or nucleo-h7s3l8 (MX25UW25645G);\n"
	 "default: the board whose NOR has the size the loader describes"},
	{"force-erase", 0, NULL, "--write erases every sector it covers, blank or not"},
	{"call-limit-ms", 0, "N", "virtual time one entry point may take, 1..86400000 (default 600000)"},
	{"trace", 0, "FILE", "every bus operation the NOR sees, one line each (FILE.vcd: the signals)"},
	{"inject", 0, "FAULT", "model fault: program-fail, erase-fail, no-device, stuck-busy"},
	{"json", 0, NULL, "the summary as one JSON object on stdout"},
	{"quiet", 0, NULL, "no progress output"},
};
#define PROG_NOPTS   (sizeof(prog_opts) / sizeof(prog_opts[0]))
#define PROG_ACTIONS 5u /* rows 0..4 */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: extmem prog --loader FILE [--flash FILE] [--board NAME] ACTION... [options]\n\n"
		"Runs an External Memory Loader in the emulated board the way its programming tool does\n"
		"(segments loaded into RAM, SP set, LR on a breakpoint, r9 for a .FLM, one entry point\n"
		"called at a time, r0 read back) and programs the board's octal NOR with it.\n"
		"The loader's format is told by its contents: STM32CubeProgrammer .stldr (StorageInfo),\n"
		"CMSIS-Pack .FLM (FlashDevice in DevDscr), IAR flash loader .out (theFlashParams).\n\n"
		"Actions (--erase, --mass-erase, --write, --read, --verify) run in the order given, each\n"
		"as often as it is given (at most 16 in all).\n"
		"IMAGE: ELF (physical addresses), Intel HEX, or a raw binary at ADDR (default: the device start).\n"
		"ADDR is a bus address (0x70000000 = first byte of the NOR); numbers take 0x, k and M suffixes.\n\n"
		"options:\n");
	extmem_args_print_options(out, prog_opts, PROG_NOPTS);
	fprintf(out, "\nexit status: 0 done; 1 verify found a difference; 2 bad arguments; 3 a file or image\n"
		     "problem (unreadable, not a loader, outside the device); 4 an entry point returned its\n"
		     "tool's failure code; 5 an entry point did not return (fault, emulator limit).\n");
}

/* "123", "0x1F", "64k", "8M": no sign, overflow-checked. Returns 0 or -1. */
static int parse_num(const char *s, uint64_t *out)
{
	char *end = NULL;
	errno = 0;
	if (s[0] < '0' || s[0] > '9')
		return -1;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno != 0 || end == s)
		return -1;
	uint64_t mul = 1;
	if (*end == 'k' || *end == 'K')
		mul = 1024, end++;
	else if (*end == 'M')
		mul = (uint64_t)1024 * 1024, end++;
	if (*end != '\0' || v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

/* An address: 0..0xFFFFFFFF. Returns 0, or -1 after "CMD: WHAT: 'TEXT' is not an address". */
static int parse_addr(const struct extmem_args *a, const char *what, const char *s, uint32_t *out)
{
	uint64_t v;
	if (parse_num(s, &v) != 0 || v > UINT32_MAX) {
		extmem_args_error(a, "%s: '%s' is not an address (0..0xFFFFFFFF; 0x, k and M allowed; no sign)", what,
				  s);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* A length: 1..4 GiB - 1. */
static int parse_len(const struct extmem_args *a, const char *what, const char *s, uint64_t *out)
{
	if (parse_num(s, out) != 0 || *out == 0 || *out > UINT32_MAX) {
		extmem_args_error(a, "%s: '%s' is not a length (1..0xFFFFFFFF bytes; 0x, k and M allowed; no sign)",
				  what, s);
		return -1;
	}
	return 0;
}

/* IMAGE or IMAGE@ADDR (the last '@' followed by a number). */
int prog_image_arg(const struct extmem_args *args, const char *arg, struct prog_action *a)
{
	const char *at = strrchr(arg, '@');
	uint64_t addr;
	if (at != NULL && at[1] != '\0' && parse_num(at + 1, &addr) == 0) {
		if (addr > UINT32_MAX) {
			extmem_args_error(args, "'%s': the address after @ is beyond 0xFFFFFFFF", arg);
			return -1;
		}
		a->path = strndup(arg, (size_t)(at - arg));
		a->has_addr = true;
		a->addr = (uint32_t)addr;
	} else {
		a->path = strdup(arg);
	}
	if (a->path == NULL || a->path[0] == '\0') {
		extmem_args_error(args, "'%s': no image file before the @", arg);
		return -1;
	}
	return 0;
}

/* A word after an option that is not the next option. */
static bool is_word(int argc, char **argv, int i)
{
	/* "-1" is a (bad) number, refused as such, not an unknown option */
	return i < argc && argv[i][0] != '\0' &&
	       !(argv[i][0] == '-' && argv[i][1] != '\0' && !(argv[i][1] >= '0' && argv[i][1] <= '9'));
}

/* Called per option in order: actions are recorded as they come. */
static int on_opt(void *ctx, const struct extmem_args *a, size_t i, const char *value, int argc, char **argv, int *next)
{
	struct prog *p = ctx;
	if (i >= PROG_ACTIONS)
		return 0; /* settings are read after the parse */
	if (p->count == PROG_MAX_ACTIONS) {
		extmem_args_error(a, "more than %d actions (see --help)", PROG_MAX_ACTIONS);
		return -1;
	}
	struct prog_action *act = &p->actions[p->count++];
	act->kind = (enum prog_kind)i;
	switch (act->kind) {
	case PROG_ERASE:
		/* an optional ADDR LEN pair */
		if (is_word(argc, argv, *next)) {
			if (!is_word(argc, argv, *next + 1)) {
				extmem_args_error(a, "--erase ADDR LEN: LEN is missing after '%s'", argv[*next]);
				return -1;
			}
			if (parse_addr(a, "--erase ADDR", argv[*next], &act->addr) != 0 ||
			    parse_len(a, "--erase LEN", argv[*next + 1], &act->len) != 0)
				return -1;
			act->has_addr = true;
			*next += 2;
		}
		return 0;
	case PROG_MASS_ERASE: return 0;
	case PROG_WRITE:
	case PROG_VERIFY: return prog_image_arg(a, value, act);
	case PROG_READ:
		if (!is_word(argc, argv, *next) || !is_word(argc, argv, *next + 1)) {
			extmem_args_error(a, "--read needs ADDR LEN OUT (three words)");
			return -1;
		}
		if (parse_addr(a, "--read ADDR", value, &act->addr) != 0 ||
		    parse_len(a, "--read LEN", argv[*next], &act->len) != 0)
			return -1;
		act->path = strdup(argv[*next + 1]);
		*next += 2;
		return act->path != NULL ? 0 : -1;
	}
	return 0;
}

/* Returns 0, 1 for --help, or -1 after the message. */
static int parse(struct prog *p, int argc, char **argv)
{
	struct extmem_args a;
	int r = extmem_args_command_each(&a, "extmem prog", prog_opts, PROG_NOPTS, (1u << PROG_ACTIONS) - 1u, on_opt, p,
					 NULL, argc, argv);
	if (r != 0)
		return r;
	p->loader_path = extmem_args_get(&a, "loader");
	p->flash_path = extmem_args_get(&a, "flash");
	p->board = extmem_args_get(&a, "board");
	p->trace_path = extmem_args_get(&a, "trace");
	p->inject = extmem_args_get(&a, "inject");
	p->force_erase = extmem_args_flag(&a, "force-erase");
	p->json = extmem_args_flag(&a, "json");
	p->quiet = extmem_args_flag(&a, "quiet");
	enum extmem_emu_board board; /* checked here; without --board, the loader's device size decides */
	if (extmem_tool_board_arg(&a, &board) != 0)
		return -1;
	if (p->inject != NULL && strcmp(p->inject, "program-fail") != 0 && strcmp(p->inject, "erase-fail") != 0 &&
	    strcmp(p->inject, "no-device") != 0 && strcmp(p->inject, "stuck-busy") != 0) {
		extmem_args_error(
			&a, "--inject: unknown fault '%s' (known: program-fail, erase-fail, no-device, stuck-busy)",
			p->inject);
		return -1;
	}
	uint64_t ms = 600000;
	if (extmem_args_opt_u64(&a, "call-limit-ms", 1, 86400000ull, &ms) != 0)
		return -1;
	p->call_limit_ps = ms * 1000000000ull;
	if (p->loader_path == NULL) {
		extmem_args_error(&a, "--loader FILE is required (see --help)");
		return -1;
	}
	if (p->count == 0) {
		extmem_args_error(&a, "no action: give --erase, --mass-erase, --write, --read or --verify");
		return -1;
	}
	return 0;
}

int extmem_cmd_prog(int argc, char **argv)
{
	struct prog *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return PROG_EXIT_FILE;
	int r = parse(p, argc, argv);
	int rc = r < 0 ? PROG_EXIT_USAGE : 0;
	if (r > 0)
		usage(stdout);
	else if (r == 0) {
		p->tty = !p->quiet && !p->json && isatty(STDOUT_FILENO);
		rc = prog_run(p);
	}
	for (unsigned k = 0; k < p->count; k++)
		free(p->actions[k].path);
	free(p);
	return rc;
}

#endif
