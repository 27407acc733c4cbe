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

static void usage(FILE *out)
{
	fprintf(out,
		"usage: extmem prog --loader FILE [--flash FILE] [--board NAME] ACTION... [options]\n\n"
		"Runs an External Memory Loader in the emulated board the way its programming tool does\n"
		"(segments loaded into RAM, SP set, LR on a breakpoint, r9 for a .FLM, one entry point\n"
		"called at a time, r0 read back) and programs the board's octal NOR with it.\n"
		"The loader's format is told by its contents: STM32CubeProgrammer .stldr (StorageInfo),\n"
		"CMSIS-Pack .FLM (FlashDevice in DevDscr), IAR flash loader .out (theFlashParams).\n\n"
		"actions (run in the order given):\n"
		"  --erase [ADDR LEN]   erase the sectors holding [ADDR, ADDR+LEN); no range: the whole device\n"
		"  --mass-erase         chip erase\n"
		"  --write IMAGE[@ADDR] erase the sectors the image covers that are not blank, then program it\n"
		"  --read ADDR LEN OUT  read through the memory-mapped window into the file OUT\n"
		"  --verify IMAGE[@ADDR] compare the device with the image, with the loader's own check\n"
		"IMAGE: ELF (physical addresses), Intel HEX, or a raw binary at ADDR (default: the device start).\n"
		"ADDR is a bus address (0x70000000 = first byte of the NOR); numbers take 0x, k and M suffixes.\n\n"
		"options:\n"
		"  --flash FILE         the NOR's contents, kept in FILE (created erased on first use), so that\n"
		"                       `extmem run --flash FILE` boots what was programmed\n"
		"  --board NAME         stm32h7s78-dk (MX66UW1G45G) or nucleo-h7s3l8 (MX25UW25645G);\n"
		"                       default: the board whose NOR has the size the loader describes\n"
		"  --force-erase        --write erases every sector it covers, blank or not\n"
		"  --call-limit-ms N    virtual time one entry point may take (default 600000)\n"
		"  --trace FILE         every bus operation the NOR sees, one line each (FILE.vcd: the signals)\n"
		"  --inject FAULT       model fault: program-fail, erase-fail, no-device, stuck-busy\n"
		"  --json               the summary as one JSON object on stdout\n"
		"  --quiet              no progress output\n\n"
		"exit status: 0 done; 1 verify found a difference; 2 bad arguments; 3 a file or image\n"
		"problem (unreadable, not a loader, outside the device); 4 an entry point returned its\n"
		"tool's failure code; 5 an entry point did not return (fault, emulator limit).\n");
}

/* "123", "0x1F", "64k", "8M": overflow-checked. */
static int parse_num(const char *s, uint64_t *out)
{
	char *end = NULL;
	errno = 0;
	if (s[0] == '-' || s[0] == '\0')
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

static int parse_addr(const char *s, uint32_t *out)
{
	uint64_t v;
	if (parse_num(s, &v) != 0 || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* IMAGE or IMAGE@ADDR (the last '@' followed by a number). */
static int parse_image_arg(const char *arg, struct prog_action *a)
{
	const char *at = strrchr(arg, '@');
	uint32_t addr;
	if (at != NULL && at[1] != '\0' && parse_addr(at + 1, &addr) == 0) {
		size_t n = (size_t)(at - arg);
		a->path = strndup(arg, n);
		a->has_addr = true;
		a->addr = addr;
	} else {
		a->path = strdup(arg);
	}
	return a->path != NULL && a->path[0] != '\0' ? 0 : -1;
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "extmem prog: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see --help)\n");
	return PROG_EXIT_USAGE;
}

int extmem_cmd_prog(int argc, char **argv)
{
	if (extmem_tool_wants_help(argc, argv)) {
		usage(stdout);
		return 0;
	}
	struct prog *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return PROG_EXIT_FILE;
	p->call_limit_ps = 600000ull * 1000000000ull;
	int rc = 0;
	for (int i = 1; i < argc && rc == 0; i++) {
		const char *a = argv[i];
		struct prog_action *act = p->count < PROG_MAX_ACTIONS ? &p->actions[p->count] : NULL;
		bool is_action = strcmp(a, "--erase") == 0 || strcmp(a, "--mass-erase") == 0 ||
				 strcmp(a, "--write") == 0 || strcmp(a, "--read") == 0 || strcmp(a, "--verify") == 0;
		if (is_action && act == NULL) {
			rc = bad("more than %s actions", "16");
			break;
		}
		if (strcmp(a, "--loader") == 0 && i + 1 < argc) {
			p->loader_path = argv[++i];
		} else if (strcmp(a, "--flash") == 0 && i + 1 < argc) {
			p->flash_path = argv[++i];
		} else if (strcmp(a, "--board") == 0 && i + 1 < argc) {
			p->board = argv[++i];
			if (strcmp(p->board, "stm32h7s78-dk") != 0 && strcmp(p->board, "nucleo-h7s3l8") != 0)
				rc = bad("unknown board '%s': stm32h7s78-dk or nucleo-h7s3l8", p->board);
		} else if (strcmp(a, "--trace") == 0 && i + 1 < argc) {
			p->trace_path = argv[++i];
		} else if (strcmp(a, "--inject") == 0 && i + 1 < argc) {
			p->inject = argv[++i];
			if (strcmp(p->inject, "program-fail") != 0 && strcmp(p->inject, "erase-fail") != 0 &&
			    strcmp(p->inject, "no-device") != 0 && strcmp(p->inject, "stuck-busy") != 0)
				rc = bad("unknown fault '%s'", p->inject);
		} else if (strcmp(a, "--call-limit-ms") == 0 && i + 1 < argc) {
			uint64_t ms;
			if (parse_num(argv[++i], &ms) != 0 || ms == 0 || ms > 86400000ull)
				rc = bad("--call-limit-ms '%s': 1 to 86400000", argv[i]);
			else
				p->call_limit_ps = ms * 1000000000ull;
		} else if (strcmp(a, "--force-erase") == 0) {
			p->force_erase = true;
		} else if (strcmp(a, "--json") == 0) {
			p->json = true;
		} else if (strcmp(a, "--quiet") == 0) {
			p->quiet = true;
		} else if (strcmp(a, "--mass-erase") == 0) {
			act->kind = PROG_MASS_ERASE;
			p->count++;
		} else if (strcmp(a, "--erase") == 0) {
			act->kind = PROG_ERASE;
			/* an optional ADDR LEN pair */
			if (i + 2 < argc && argv[i + 1][0] != '-') {
				uint64_t len;
				if (parse_addr(argv[i + 1], &act->addr) != 0 || parse_num(argv[i + 2], &len) != 0 ||
				    len == 0 || len > UINT32_MAX) {
					rc = bad("--erase ADDR LEN: bad numbers at '%s'", argv[i + 1]);
					break;
				}
				act->len = len;
				act->has_addr = true;
				i += 2;
			}
			p->count++;
		} else if ((strcmp(a, "--write") == 0 || strcmp(a, "--verify") == 0) && i + 1 < argc) {
			act->kind = a[2] == 'w' ? PROG_WRITE : PROG_VERIFY;
			if (parse_image_arg(argv[++i], act) != 0)
				rc = bad("bad image argument '%s'", argv[i]);
			p->count++;
		} else if (strcmp(a, "--read") == 0 && i + 3 < argc) {
			uint64_t len;
			act->kind = PROG_READ;
			if (parse_addr(argv[i + 1], &act->addr) != 0 || parse_num(argv[i + 2], &len) != 0 || len == 0 ||
			    len > UINT32_MAX) {
				rc = bad("--read ADDR LEN OUT: bad numbers at '%s'", argv[i + 1]);
				break;
			}
			act->len = len;
			act->path = strdup(argv[i + 3]);
			i += 3;
			p->count++;
		} else {
			rc = bad("unknown or incomplete argument '%s'", a);
		}
	}
	if (rc == 0 && p->loader_path == NULL)
		rc = bad("%s", "--loader FILE is required");
	if (rc == 0 && p->count == 0)
		rc = bad("%s", "no action: give --erase, --mass-erase, --write, --read or --verify");
	if (rc == 0) {
		p->tty = !p->quiet && !p->json && isatty(STDOUT_FILENO);
		rc = prog_run(p);
	}
	for (unsigned k = 0; k < p->count; k++)
		free(p->actions[k].path);
	free(p);
	return rc;
}

#endif
