/* SPDX-License-Identifier: MIT */
/*
 * Hostile arguments and files for `extmem` and `extmem run` (issue 14, 15):
 * a table of command lines, each expecting one exit status and one message.
 * Arguments: missing, repeated, out of range, negative, overflowing, stray.
 * Files: empty, directory, device, truncated, wrong architecture, garbage,
 * missing. Then tiny firmware images, hand-assembled from Thumb encodings
 * (ARMv7-M ARM A7.7: BKPT 0xBE00|imm8, UDF 0xDE00|imm8, B . 0xE7FE, MOVS
 * 0x2000|Rd<<8|imm8, LSLS 0x0000|imm5<<6|Rm<<3|Rd, STR 0x6000|Rn<<3|Rt),
 * pin the exit status of each way a run ends and the --json object.
 * The same kinds of hostile files and arguments for `extmem sfdp`, `extmem
 * probe`, `extmem prog` and `extmem powercut`: every row names the status
 * and a piece of the message; a row that blocks (a FIFO) fails after a
 * timeout instead of hanging the test.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elf_writer.h"

extern char **environ;

#define TOOL_TIMEOUT_MS 60000 /* per row; the slowest (a probe self-test) takes a few seconds under ASan */

static int failures, cases;
static char dir[256];
static char out_path[300], err_path[300];

/* Runs the tool with argv (NULL-terminated, argv[0] filled in here); returns the exit status, -1 on a crash. */
static int run_tool(const char **argv)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	argv[0] = EXTMEM_TOOL;
	pid_t pid;
	int rc = posix_spawn(&pid, EXTMEM_TOOL, &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -2;
	/* a tool that blocks (a FIFO opened for reading waits for a writer) is a failed row, not a hung test */
	int st = 0;
	for (int waited_ms = 0;; waited_ms += 10) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (w < 0)
			return -2;
		if (waited_ms >= TOOL_TIMEOUT_MS) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -3;
		}
		usleep(10000);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

/* One row: the arguments after `extmem`, the status, a string the output (stderr, then stdout) must hold. */
static void expect(int status, const char *want, const char *const *args)
{
	const char *argv[32] = {NULL};
	size_t n = 1;
	for (; args[n - 1] != NULL && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	int got = run_tool(argv);
	char err[1 << 16];
	snprintf(err, sizeof(err), "%s", slurp(err_path));
	const char *out = slurp(out_path);
	int ok = got == status && (want == NULL || strstr(err, want) != NULL || strstr(out, want) != NULL);
	cases++;
	char line[600] = "";
	for (size_t i = 1; i < n; i++) {
		strncat(line, " ", sizeof(line) - strlen(line) - 1);
		strncat(line, argv[i], sizeof(line) - strlen(line) - 1);
	}
	printf("%s extmem%s -> %d%s%s%s\n", ok ? "ok  " : "FAIL", line, got, want ? " '" : "", want ? want : "",
	       want ? "'" : "");
	if (!ok) {
		printf("     want %d; stderr: %s     stdout: %.400s\n", status, err, out);
		failures++;
	}
}

#define EXPECT(status, want, ...) expect(status, want, (const char *const[]){__VA_ARGS__, NULL})

static void path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

static void write_bytes(const char *name, const void *data, size_t len)
{
	char p[300];
	path(p, sizeof(p), name);
	FILE *f = fopen(p, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len) {
		printf("FAIL cannot write %s\n", p);
		failures++;
	}
	if (f)
		fclose(f);
}

/* A firmware image: the vector table (SP at the top of DTCM, reset at 0x08000009) then the code. */
static void write_firmware(const char *name, const uint16_t *code, size_t ninsn, uint16_t machine)
{
	uint8_t img[64] = {0x00, 0x00, 0x01, 0x20, 0x09, 0x00, 0x00, 0x08};
	for (size_t i = 0; i < ninsn && 8 + 2 * i + 1 < sizeof(img); i++) {
		img[8 + 2 * i] = (uint8_t)code[i];
		img[9 + 2 * i] = (uint8_t)(code[i] >> 8);
	}
	struct elfw w;
	elfw_init(&w);
	w.machine = machine;
	w.segs[w.nsegs++] =
		(struct elfw_segment){.type = 1, .paddr = 0x08000000u, .filesz = 8 + 2 * (uint32_t)ninsn, .data = img};
	w.nsymtabs = 1;
	w.symtabs[0].nsyms = 1;
	w.symtabs[0].syms[0] = (struct elfw_symbol){"reset", 0x08000009u};
	char p[300];
	path(p, sizeof(p), name);
	if (elfw_write(&w, p) != 0) {
		printf("FAIL cannot write %s\n", p);
		failures++;
	}
}

static void top_level(void)
{
	const char *none[] = {NULL};
	expect(2, "a command is needed", none);
	EXPECT(0, "extmem " EXTMEM_VERSION, "--version");
	EXPECT(2, "unexpected argument 'x' after --version", "--version", "x");
	EXPECT(0, "exit status", "--help");
	EXPECT(2, "unknown command 'bogus'", "bogus");
	EXPECT(2, "unknown option '--bogus'", "--bogus");
	EXPECT(0, "usage: extmem run", "run", "--help");
}

static void run_arguments(const char *good)
{
	EXPECT(2, "BOOT.elf is missing", "run");
	EXPECT(2, "BOOT.elf is missing", "run", "--quiet");
	/* the positional argument is checked before any option's value, as in every command */
	EXPECT(2, "BOOT.elf is missing", "run", "--board", "nucleo");
	EXPECT(2, "unexpected argument 'two.elf' (BOOT.elf is", "run", good, "two.elf");
	EXPECT(2, "unknown or ambiguous option '--bogus'", "run", good, "--bogus");
	EXPECT(2, "unknown or ambiguous option '--max'", "run", good, "--max", "5"); /* --max-ms or --max-insns? */
	EXPECT(2, "--quiet takes no value", "run", good, "--quiet=yes");
	/* missing, or swallowed by the next option */
	EXPECT(2, "--max-ms needs a value", "run", good, "--max-ms");
	EXPECT(2, "--max-ms needs a value, not the option '--quiet'", "run", good, "--max-ms", "--quiet");
	EXPECT(2, "--appli needs a value, not an empty string", "run", good, "--appli", "");
	/* repeated */
	EXPECT(2, "--max-ms given twice", "run", good, "--max-ms", "5", "--max-ms", "6");
	EXPECT(2, "--quiet given twice", "run", good, "-q", "--quiet");
	/* every run has a finite limit: 0 is not "no limit" */
	EXPECT(2, "--max-ms: '0' is out of range (1..3600000)", "run", good, "--max-ms", "0");
	EXPECT(2, "--max-ms: '-1' is not a number", "run", good, "--max-ms", "-1");
	EXPECT(2, "--max-ms: '+5' is not a number", "run", good, "--max-ms", "+5");
	EXPECT(2, "--max-ms: ' 5' is not a number", "run", good, "--max-ms", " 5");
	EXPECT(2, "--max-ms: '5ms' is not a number", "run", good, "--max-ms", "5ms");
	EXPECT(2, "--max-ms: '18446744074' is out of range", "run", good, "--max-ms", "18446744074");
	EXPECT(2, "--max-ms: '18446744073709551616' is out of range", "run", good, "--max-ms", "18446744073709551616");
	EXPECT(2, "--max-insns: '0' is out of range", "run", good, "--max-insns", "0");
	EXPECT(2, "--max-insns: '0x10000000000000000' is out of range", "run", good, "--max-insns",
	       "0x10000000000000000");
	EXPECT(2, "--leds: '4294967296' is out of range (1..4294967295)", "run", good, "--leds", "4294967296");
	EXPECT(2, "--leds: '0' is out of range", "run", good, "--leds", "0");
	EXPECT(2, "--board: unknown board 'nucleo'", "run", good, "--board", "nucleo");
	EXPECT(2, "--until-leds: bad pattern 'LD5=1'", "run", good, "--until-leds", "LD5=1");
	EXPECT(2, "--until-leds: bad pattern 'LD1=1,'", "run", good, "--until-leds", "LD1=1,");
	EXPECT(2, "--until-symbol: ", "run", good, "--until-symbol", "no_such_symbol");
	EXPECT(2, "--trace-from needs --trace FILE", "run", good, "--trace-from", "1ms");
	EXPECT(2, "--trace-from: '1.5ms' is not a time", "run", good, "--trace", "-", "--trace-from", "1.5ms");
	EXPECT(2, "--trace-to: '2h' is not a time", "run", good, "--trace", "-", "--trace-to", "2h");
	EXPECT(2, "--trace-to (1ms) must be later than --trace-from (2ms)", "run", good, "--trace", "-", "--trace-from",
	       "2ms", "--trace-to", "1ms");
	EXPECT(2, "--trace - and --json would both write to stdout", "run", good, "--trace", "-", "--json");
	EXPECT(2, "--trace: / is a directory", "run", good, "--trace", "/");
	EXPECT(2, "--trace: cannot write /nonexistent/t.txt", "run", good, "--trace", "/nonexistent/t.txt");
	/* after --, everything is positional: an ELF named --max-ms */
	EXPECT(2, "extmem run: --max-ms: No such file or directory", "run", "--", "--max-ms");
}

static void run_files(void)
{
	char p[8][300];
	path(p[0], sizeof(p[0]), "empty.elf");
	write_bytes("empty.elf", "", 0);
	EXPECT(2, "empty.elf: is empty", "run", p[0]);
	EXPECT(2, ": is a directory, not an ELF file", "run", dir);
	EXPECT(2, "/dev/null: is not a regular file", "run", "/dev/null");
	EXPECT(2, "/nonexistent.elf: No such file or directory", "run", "/nonexistent.elf");
	path(p[1], sizeof(p[1]), "garbage.elf");
	write_bytes("garbage.elf", "GARBAGE GARBAGE GARBAGE GARBAGE GARBAGE GARBAGE GARBAGE GARBAGE", 63);
	EXPECT(2, "garbage.elf: not an ELF file", "run", p[1]);
	path(p[2], sizeof(p[2]), "x86.elf");
	const uint16_t loop[] = {0xE7FE};
	write_firmware("x86.elf", loop, 1, 62);
	EXPECT(2, "x86.elf: not a 32-bit ARM ELF (class 1, machine 62)", "run", p[2]);
	/* truncated: the header promises a segment the file does not hold */
	uint8_t big[8192];
	struct elfw w;
	elfw_init(&w);
	w.segs[w.nsegs++] = (struct elfw_segment){.type = 1, .paddr = 0x08000000u, .filesz = 4096, .fill = 1};
	size_t n = elfw_build(&w, big, sizeof(big));
	write_bytes("truncated.elf", big, n / 2);
	path(p[3], sizeof(p[3]), "truncated.elf");
	EXPECT(2, "truncated.elf: segment 0 (4096 bytes at file offset 84) runs past the end of the file", "run", p[3]);
	write_bytes("header-only.elf", big, 30);
	path(p[4], sizeof(p[4]), "header-only.elf");
	EXPECT(2, "header-only.elf: not an ELF file (or its header is truncated)", "run", p[4]);

	char good[300];
	path(good, sizeof(good), "bkpt0.elf");
	/* --appli: files of the wrong kind */
	EXPECT(2, "--appli: ", "run", good, "--appli", dir);
	EXPECT(2, "--appli: ", "run", good, "--appli", p[1]);
	EXPECT(2, "is outside 0x70000000", "run", good, "--appli", good); /* linked for internal flash */
	/* --flash: a flash file is the whole part */
	EXPECT(2, "--flash: ", "run", good, "--flash", dir);
	EXPECT(2, "is a directory, not a flash file", "run", good, "--flash", dir);
	EXPECT(2, "--flash: /dev/null is not a regular file", "run", good, "--flash", "/dev/null");
	path(p[5], sizeof(p[5]), "small.bin");
	write_bytes("small.bin", "12345", 5);
	EXPECT(2, "small.bin is 5 bytes; a flash file holds the whole MX66UW1G45G, 134217728 bytes", "run", good,
	       "--flash", p[5]);
	EXPECT(2, "--flash: cannot create /nonexistent/nor.bin", "run", good, "--flash", "/nonexistent/nor.bin");
}

static void run_outcomes(void)
{
	char p[300];
	const uint16_t bkpt0[] = {0xBE00};
	const uint16_t bkpt5[] = {0xBE05};
	const uint16_t udf[] = {0xDE7F};
	const uint16_t loop[] = {0xE7FE};
	/* r0 = 1 << 30 = 0x40000000 (APB1, nothing modelled there); str r0, [r0] */
	const uint16_t periph[] = {0x2001, 0x0780, 0x6000, 0xBE00};
	write_firmware("bkpt0.elf", bkpt0, 1, 40);
	write_firmware("bkpt5.elf", bkpt5, 1, 40);
	write_firmware("udf.elf", udf, 1, 40);
	write_firmware("loop.elf", loop, 1, 40);
	write_firmware("periph.elf", periph, 4, 40);
	path(p, sizeof(p), "bkpt0.elf");
	EXPECT(0, "exit status 0 (success)", "run", p, "--quiet");
	path(p, sizeof(p), "bkpt5.elf");
	EXPECT(1, "BKPT #5", "run", p, "--quiet");
	path(p, sizeof(p), "udf.elf");
	EXPECT(1, "0x08000008", "run", p, "--quiet"); /* Unicorn refuses UDF: stopped as invalid, still exit 1 */
	EXPECT(1, "emu: xPSR 0x", "run", p, "--quiet");
	EXPECT(1, "emu: CFSR 0x", "run", p, "--quiet");
	EXPECT(1, "pc  0x08000008", "run", p, "--quiet");
	path(p, sizeof(p), "loop.elf");
	/* a hung firmware is not a passing one */
	EXPECT(3, "virtual time limit 2.000 ms reached", "run", p, "--quiet", "--max-ms", "2");
	EXPECT(3, "instruction limit 1000 reached", "run", p, "--quiet", "--max-insns", "1000");
	EXPECT(0, "breakpoint at 0x08000008", "run", p, "--quiet", "--until-symbol", "reset");
	path(p, sizeof(p), "periph.elf");
	EXPECT(5, "unmodelled peripheral address 0x40000000", "run", p, "--quiet");
}

/* Files of every hostile kind in dir: empty, garbage, a FIFO, an x86-64 ELF, a truncated ELF, a too-large image. */
static void write_hostile_files(void)
{
	char p[300];
	write_bytes("empty.bin", "", 0);
	write_bytes("garbage.bin", "GARBAGE GARBAGE GARBAGE \x01\x02\x03", 27);
	path(p, sizeof(p), "fifo");
	if (mkfifo(p, 0644) != 0) {
		printf("FAIL mkfifo %s: %s\n", p, strerror(errno));
		failures++;
	}
	const uint16_t loop[] = {0xE7FE};
	write_firmware("x86.elf", loop, 1, 62);
	uint8_t big[8192];
	struct elfw w;
	elfw_init(&w);
	w.segs[w.nsegs++] = (struct elfw_segment){.type = 1, .paddr = 0x70000000u, .filesz = 4096, .fill = 1};
	size_t n = elfw_build(&w, big, sizeof(big));
	write_bytes("truncated.elf", big, n / 2);
	/* an SFDP image past the 24-bit SFDP space (16 MiB + the tool's 4 KiB slack) */
	path(p, sizeof(p), "oversize.bin");
	FILE *f = fopen(p, "wb");
	if (f == NULL || fseek(f, 16l * 1024 * 1024 + 8192, SEEK_SET) != 0 || fputc(0, f) == EOF) {
		printf("FAIL cannot write %s\n", p);
		failures++;
	}
	if (f)
		fclose(f);
	write_bytes("small.bin", "12345", 5);
}

static void sfdp_cases(void)
{
	char e[300], g[300], fifo[300], x86[300], big[300], t[300];
	path(e, sizeof(e), "empty.bin");
	path(g, sizeof(g), "garbage.bin");
	path(fifo, sizeof(fifo), "fifo");
	path(x86, sizeof(x86), "x86.elf");
	path(big, sizeof(big), "oversize.bin");
	path(t, sizeof(t), "truncated.elf");
	EXPECT(0, "usage: extmem sfdp decode", "sfdp", "--help");
	EXPECT(0, "usage: extmem sfdp decode", "sfdp", "decode", "--help");
	EXPECT(2, "a subcommand is needed: decode", "sfdp");
	EXPECT(2, "unknown subcommand 'encode'", "sfdp", "encode", e);
	EXPECT(2, "decode: FILE is missing", "sfdp", "decode");
	EXPECT(2, "unexpected argument 'two' (FILE is", "sfdp", "decode", e, "two");
	EXPECT(2, "unknown or ambiguous option '--bogus'", "sfdp", "decode", e, "--bogus");
	EXPECT(2, "--json given twice", "sfdp", "decode", e, "--json", "--json");
	EXPECT(2, "--json takes no value", "sfdp", "decode", e, "--json=1");
	EXPECT(2, "--id needs a value", "sfdp", "decode", e, "--id");
	EXPECT(2, "--id needs a value, not the option '--json'", "sfdp", "decode", e, "--id", "--json");
	EXPECT(2, "--id: '12' is not a JEDEC ID", "sfdp", "decode", e, "--id", "12");
	EXPECT(2, "--id: '-C2813B' is not a JEDEC ID", "sfdp", "decode", e, "--id", "-C2813B");
	EXPECT(2, "--id: '1C2813B' is not a JEDEC ID", "sfdp", "decode", e, "--id", "1C2813B");
	EXPECT(2, "--id: 'C2813G' is not a JEDEC ID", "sfdp", "decode", e, "--id", "C2813G");
	EXPECT(2, "--id given twice", "sfdp", "decode", e, "--id", "C2813B", "--id", "C2813B");
	EXPECT(1, "'/nonexistent.bin': No such file or directory", "sfdp", "decode", "/nonexistent.bin");
	EXPECT(1, "is empty", "sfdp", "decode", e);
	EXPECT(1, "': is a directory", "sfdp", "decode", dir);
	EXPECT(1, "'/dev/null': is not a regular file", "sfdp", "decode", "/dev/null");
	EXPECT(1, "fifo': is not a regular file (a FIFO", "sfdp", "decode", fifo);
	EXPECT(1, "is larger than allowed (at most 16781312 bytes)", "sfdp", "decode", big);
	EXPECT(1, "not a usable SFDP image: bad signature", "sfdp", "decode", g);
	EXPECT(1, "not a usable SFDP image: bad signature", "sfdp", "decode", x86);
	EXPECT(1, "not a usable SFDP image", "sfdp", "decode", t);
}

static void probe_cases(void)
{
	char e[300], g[300], fifo[300];
	path(e, sizeof(e), "empty.bin");
	path(g, sizeof(g), "garbage.bin");
	path(fifo, sizeof(fifo), "fifo");
	const char *part = "W25Q128JV";
	EXPECT(0, "usage: extmem probe", "probe", "--help");
	EXPECT(2, "give one of --part NAME or --sfdp FILE", "probe");
	EXPECT(2, "--part and --sfdp exclude each other", "probe", "--part", part, "--sfdp", e);
	EXPECT(2, "unexpected argument 'stray'", "probe", "--part", part, "stray");
	EXPECT(2, "unknown or ambiguous option '--bogus'", "probe", "--part", part, "--bogus");
	EXPECT(2, "--part needs a value", "probe", "--part");
	EXPECT(2, "--part given twice", "probe", "--part", part, "--part", part);
	EXPECT(2, "--no-dqs given twice", "probe", "--part", part, "--no-dqs", "--no-dqs");
	EXPECT(2, "--json takes no value", "probe", "--part", part, "--json=yes");
	EXPECT(2, "no part model 'NOPE'", "probe", "--part", "NOPE");
	EXPECT(2, "--lines: '3' is not a bus width (1, 2, 4 or 8)", "probe", "--part", part, "--lines", "3");
	EXPECT(2, "--lines: '0' is out of range (1..8)", "probe", "--part", part, "--lines", "0");
	EXPECT(2, "--lines: '-8' is not a number", "probe", "--part", part, "--lines", "-8");
	EXPECT(2, "--lines: '4294967304' is out of range", "probe", "--part", part, "--lines", "4294967304");
	EXPECT(2, "--mhz: '0' is out of range (1..400)", "probe", "--part", part, "--mhz", "0");
	EXPECT(2, "--mhz: '401' is out of range (1..400)", "probe", "--part", part, "--mhz", "401");
	EXPECT(2, "--mhz: '4294967496' is out of range", "probe", "--part", part, "--mhz", "4294967496");
	EXPECT(2, "--mhz: '1.5' is not a number", "probe", "--part", part, "--mhz", "1.5");
	EXPECT(2, "--sfdp-flip: '16777216' is out of range (0..16777215)", "probe", "--part", part, "--sfdp-flip",
	       "16777216");
	EXPECT(2, "--sfdp-flip: '-1' is not a number", "probe", "--part", part, "--sfdp-flip", "-1");
	EXPECT(2, "--fault: unknown fault 'nope'", "probe", "--part", part, "--fault", "nope");
	EXPECT(2, "--fault: unknown fault ''", "probe", "--part", part, "--fault", "erase-fail,");
	EXPECT(2, "--fault: erase-fail given twice", "probe", "--part", part, "--fault", "erase-fail,erase-fail");
	EXPECT(2, "--fault given twice", "probe", "--part", part, "--fault", "erase-fail", "--fault", "stuck-busy");
	EXPECT(2, "--id goes with --sfdp FILE", "probe", "--part", part, "--id", "C2813B");
	EXPECT(2, "--id: '0xC2813B' is not a JEDEC ID", "probe", "--sfdp", e, "--id", "0xC2813B");
	EXPECT(2, "--trace-from needs --trace FILE or --vcd FILE", "probe", "--part", part, "--trace-from", "1us");
	EXPECT(2, "--trace-to: '5' is not a time", "probe", "--part", part, "--vcd", "x.vcd", "--trace-to", "5");
	EXPECT(2, "--trace-from: '-5us' is not a time", "probe", "--part", part, "--vcd", "x.vcd", "--trace-from",
	       "-5us");
	EXPECT(2, "--trace-to: '99999999999s' is out of range", "probe", "--part", part, "--vcd", "x.vcd", "--trace-to",
	       "99999999999s");
	EXPECT(2, "--trace-to (1us) must be later than --trace-from (2us)", "probe", "--part", part, "--vcd", "x.vcd",
	       "--trace-from", "2us", "--trace-to", "1us");
	EXPECT(2, "--trace - and --json would both write to stdout", "probe", "--part", part, "--trace", "-", "--json");
	EXPECT(2, "--vcd needs a file name", "probe", "--part", part, "--vcd", "-");
	EXPECT(2, "--vcd: / is a directory", "probe", "--part", part, "--vcd", "/");
	EXPECT(2, "--trace and --vcd name the same file", "probe", "--part", part, "--vcd", "a", "--trace", "a");
	EXPECT(6, "--vcd: cannot write /nonexistent/x.vcd", "probe", "--part", part, "--vcd", "/nonexistent/x.vcd");
	EXPECT(6, "--trace: cannot write /nonexistent/x.txt", "probe", "--part", part, "--trace", "/nonexistent/x.txt");
	EXPECT(2, "cannot open '/nonexistent.bin': No such file", "probe", "--sfdp", "/nonexistent.bin");
	EXPECT(2, "is empty", "probe", "--sfdp", e);
	EXPECT(2, "': is a directory", "probe", "--sfdp", dir);
	EXPECT(2, "'/dev/null': is not a regular file", "probe", "--sfdp", "/dev/null");
	EXPECT(2, "fifo': is not a regular file (a FIFO", "probe", "--sfdp", fifo);
	EXPECT(2, "no part can be made from this SFDP image", "probe", "--sfdp", g);
	/* outcomes: a fault is never a pass */
	EXPECT(1, "init        FAILED", "probe", "--part", part, "--fault", "no-device");
	EXPECT(4, "self-test   FAILED at program", "probe", "--part", part, "--fault", "program-fail");
}

static void prog_cases(const char *stldr)
{
	char e[300], g[300], fifo[300], x86[300], t[300], small[300], img[320];
	path(e, sizeof(e), "empty.bin");
	path(g, sizeof(g), "garbage.bin");
	path(fifo, sizeof(fifo), "fifo");
	path(x86, sizeof(x86), "x86.elf");
	path(t, sizeof(t), "truncated.elf");
	path(small, sizeof(small), "small.bin");
	snprintf(img, sizeof(img), "%s@0x70000000", small);
	char img_end[320];
	snprintf(img_end, sizeof(img_end), "%s@0x77FFFFFE", small); /* 5 bytes from 2 before the end of 128 MiB */
	EXPECT(0, "usage: extmem prog", "prog", "--help");
	EXPECT(2, "--loader FILE is required", "prog", "--erase");
	EXPECT(2, "no action: give --erase", "prog", "--loader", g);
	EXPECT(2, "unexpected argument 'stray'", "prog", "--loader", g, "--mass-erase", "stray");
	EXPECT(2, "unknown or ambiguous option '--bogus'", "prog", "--loader", g, "--bogus");
	EXPECT(2, "--loader needs a value", "prog", "--loader");
	EXPECT(2, "--loader given twice", "prog", "--loader", g, "--loader", g, "--erase");
	EXPECT(2, "--json given twice", "prog", "--loader", g, "--erase", "--json", "--json");
	EXPECT(2, "--write needs a value", "prog", "--loader", g, "--write");
	EXPECT(2, "--write needs a value, not the option '--json'", "prog", "--loader", g, "--write", "--json");
	EXPECT(2, "no image file before the @", "prog", "--loader", g, "--write", "@0x70000000");
	EXPECT(2, "the address after @ is beyond 0xFFFFFFFF", "prog", "--loader", g, "--write", "a.bin@0x100000000");
	EXPECT(2, "--erase ADDR LEN: LEN is missing after '0x70000000'", "prog", "--loader", g, "--erase",
	       "0x70000000");
	EXPECT(2, "--erase ADDR: '-1' is not an address", "prog", "--loader", g, "--erase", "-1", "4k", "--json");
	EXPECT(2, "--erase ADDR: 'zero' is not an address", "prog", "--loader", g, "--erase", "zero", "4k");
	EXPECT(2, "--erase ADDR: '0x100000000' is not an address", "prog", "--loader", g, "--erase", "0x100000000",
	       "4k");
	EXPECT(2, "--erase LEN: '0' is not a length", "prog", "--loader", g, "--erase", "0x70000000", "0");
	EXPECT(2, "--erase LEN: '4G' is not a length", "prog", "--loader", g, "--erase", "0x70000000", "4G");
	EXPECT(2, "--erase LEN: '18446744073709551616' is not a length", "prog", "--loader", g, "--erase", "0x70000000",
	       "18446744073709551616");
	EXPECT(2, "--erase LEN: '16777216M' is not a length", "prog", "--loader", g, "--erase", "0x70000000",
	       "16777216M");
	EXPECT(2, "--read needs ADDR LEN OUT", "prog", "--loader", g, "--read", "0x70000000", "16");
	EXPECT(2, "--read LEN: '+16' is not a length", "prog", "--loader", g, "--read", "0x70000000", "+16", "o.bin");
	EXPECT(2, "more than 16 actions", "prog", "--loader", g, "--mass-erase", "--mass-erase", "--mass-erase",
	       "--mass-erase", "--mass-erase", "--mass-erase", "--mass-erase", "--mass-erase", "--mass-erase",
	       "--mass-erase", "--mass-erase", "--mass-erase", "--mass-erase", "--mass-erase", "--mass-erase",
	       "--mass-erase", "--mass-erase");
	EXPECT(2, "--call-limit-ms: '0' is out of range (1..86400000)", "prog", "--loader", g, "--erase",
	       "--call-limit-ms", "0");
	EXPECT(2, "--call-limit-ms: '-5' is not a number", "prog", "--loader", g, "--erase", "--call-limit-ms", "-5");
	EXPECT(2, "--call-limit-ms: '86400001' is out of range", "prog", "--loader", g, "--erase", "--call-limit-ms",
	       "86400001");
	EXPECT(2, "--board: unknown board 'dk'", "prog", "--loader", g, "--erase", "--board", "dk");
	EXPECT(2, "--inject: unknown fault 'fire'", "prog", "--loader", g, "--erase", "--inject", "fire");
	/* the loader file */
	EXPECT(3, "/nonexistent.stldr: No such file or directory", "prog", "--loader", "/nonexistent.stldr", "--erase");
	EXPECT(3, "empty.bin: is empty", "prog", "--loader", e, "--erase");
	EXPECT(3, ": is a directory", "prog", "--loader", dir, "--erase");
	EXPECT(3, "/dev/null: is not a regular file", "prog", "--loader", "/dev/null", "--erase");
	EXPECT(3, "fifo: is not a regular file (a FIFO", "prog", "--loader", fifo, "--erase");
	EXPECT(3, "garbage.bin: not an ELF file", "prog", "--loader", g, "--erase");
	EXPECT(3, "x86.elf: not a 32-bit little-endian ARM ELF (class 1, data 1, machine 62)", "prog", "--loader", x86,
	       "--erase");
	EXPECT(3, "truncated.elf: ", "prog", "--loader", t, "--erase");
	if (stldr == NULL || stldr[0] == '\0') {
		printf("skip extmem prog rows with a real loader: the DK .stldr is not built (no arm-none-eabi-gcc)\n");
		return;
	}
	/* the image files, with a real loader */
	EXPECT(3, "empty.bin: is empty", "prog", "--loader", stldr, "--write", e);
	EXPECT(3, ": is a directory", "prog", "--loader", stldr, "--write", dir);
	EXPECT(3, "/dev/null: is not a regular file", "prog", "--loader", stldr, "--write", "/dev/null");
	EXPECT(3, "fifo: is not a regular file (a FIFO", "prog", "--loader", stldr, "--write", fifo);
	EXPECT(3, "x86.elf: not a 32-bit little-endian ARM ELF", "prog", "--loader", stldr, "--verify", x86);
	EXPECT(3, "truncated.elf: ", "prog", "--loader", stldr, "--write", t);
	EXPECT(3, "is outside the device", "prog", "--loader", stldr, "--erase", "0xFFFFFFFF", "2");
	EXPECT(3, "is outside the device", "prog", "--loader", stldr, "--write", img_end);
	/* the flash file is the whole part */
	EXPECT(3, "--flash: ", "prog", "--loader", stldr, "--flash", dir, "--mass-erase");
	EXPECT(3, "is a directory, not a flash file", "prog", "--loader", stldr, "--flash", dir, "--mass-erase");
	EXPECT(3, "--flash: /dev/null is not a regular file", "prog", "--loader", stldr, "--flash", "/dev/null",
	       "--mass-erase");
	EXPECT(3, "fifo is not a regular file (a FIFO", "prog", "--loader", stldr, "--flash", fifo, "--mass-erase");
	EXPECT(3, "small.bin is 5 bytes; a flash file holds the whole MX66UW1G45G, 134217728 bytes", "prog", "--loader",
	       stldr, "--flash", small, "--mass-erase");
	EXPECT(3, "--read: cannot write /nonexistent/o.bin", "prog", "--loader", stldr, "--read", "0x70000000", "16",
	       "/nonexistent/o.bin");
	EXPECT(3, "--trace: cannot write /nonexistent/t.txt", "prog", "--loader", stldr, "--trace",
	       "/nonexistent/t.txt", "--verify", img);
}

/* extmem demo: the same parser and wording as the other commands (it once took --flash with no value as unknown). */
static void demo_cases(void)
{
	EXPECT(0, "usage: extmem demo", "demo", "--help");
	EXPECT(2, "extmem demo: --flash needs a value", "demo", "--flash");
	EXPECT(2, "extmem demo: --flash given twice", "demo", "--flash", "a", "--flash", "b");
	EXPECT(2, "extmem demo: unexpected argument 'stray'", "demo", "stray");
	EXPECT(2, "extmem demo: --only: 'foo' is neither xip nor lrun", "demo", "--only", "foo");
	EXPECT(2, "extmem demo: unknown or ambiguous option '--bogus'", "demo", "--bogus");
	/* an unknown option first on the line is named too (it was printed as '?') */
	EXPECT(2, "extmem probe: unknown or ambiguous option '--bogus'", "probe", "--bogus");
}

static void powercut_cases(void)
{
	char g[300], fifo[300], good[300];
	path(g, sizeof(g), "garbage.bin");
	path(fifo, sizeof(fifo), "fifo");
	path(good, sizeof(good), "bkpt0.elf");
	EXPECT(0, "usage: extmem powercut", "powercut", "--help");
	EXPECT(2, "BOOT.elf is missing", "powercut");
	EXPECT(2, "unexpected argument 'two.elf' (BOOT.elf is", "powercut", good, "two.elf");
	EXPECT(2, "--loader FILE is required", "powercut", good, "--image", g);
	EXPECT(2, "--image IMAGE[@ADDR] is required", "powercut", good, "--loader", g);
	EXPECT(2, "--loader needs a value", "powercut", good, "--loader");
	EXPECT(2, "--image given twice", "powercut", good, "--loader", g, "--image", g, "--image", g);
	EXPECT(2, "--every and --points exclude each other", "powercut", good, "--loader", g, "--image", g, "--every",
	       "2", "--points", "3");
	EXPECT(2, "--every: '0' is out of range (1..4294967295)", "powercut", good, "--loader", g, "--image", g,
	       "--every", "0");
	EXPECT(2, "--points: '-3' is not a number", "powercut", good, "--loader", g, "--image", g, "--points", "-3");
	EXPECT(2, "--points: '100001' is out of range (1..100000)", "powercut", good, "--loader", g, "--image", g,
	       "--points", "100001");
	EXPECT(2, "--boot-ms: '0' is out of range (1..3600000)", "powercut", good, "--loader", g, "--image", g,
	       "--boot-ms", "0");
	EXPECT(2, "--boot-ms: '18446744073709551617' is out of range", "powercut", good, "--loader", g, "--image", g,
	       "--boot-ms", "18446744073709551617");
	EXPECT(2, "--app-leds: '4294967296' is out of range", "powercut", good, "--loader", g, "--image", g,
	       "--app-leds", "4294967296");
	EXPECT(2, "--app-addr: '0x100000000' is out of range", "powercut", good, "--loader", g, "--image", g,
	       "--app-addr", "0x100000000");
	EXPECT(2, "--board: unknown board 'dk'", "powercut", good, "--loader", g, "--image", g, "--board", "dk");
	EXPECT(2, "no image file before the @", "powercut", good, "--loader", g, "--image", "@0x70000000");
	EXPECT(2, "/nonexistent.elf: cannot read the Boot ELF", "powercut", "/nonexistent.elf", "--loader", g,
	       "--image", g);
	EXPECT(2, "--image: ", "powercut", good, "--loader", g, "--image", fifo);
	EXPECT(2, "is not a regular file (a FIFO", "powercut", good, "--loader", g, "--image", fifo);
	EXPECT(2, "--image: /dev/null: is not a regular file", "powercut", good, "--loader", g, "--image", "/dev/null");
	/* the clean programming cannot start with a loader that is not one */
	EXPECT(2, "garbage.bin: not an ELF file", "powercut", good, "--loader", g, "--image", g);
	EXPECT(2, "the programming without a cut failed", "powercut", good, "--loader", fifo, "--image", g);
}

static void run_json(void)
{
	char p[300];
	path(p, sizeof(p), "loop.elf");
	const char *argv[] = {NULL, "run", p, "--json", "--max-insns", "5000", NULL};
	int st = run_tool(argv);
	cJSON *j = cJSON_Parse(slurp(out_path));
	cJSON *stop = cJSON_GetObjectItem(j, "stop");
	cJSON *regs = cJSON_GetObjectItem(j, "registers");
	cJSON *bus = cJSON_GetObjectItem(j, "bus");
	int ok = st == 3 && j != NULL && cJSON_IsString(cJSON_GetObjectItem(stop, "reason")) &&
		 strcmp(cJSON_GetObjectItem(stop, "reason")->valuestring, "instruction_limit") == 0 &&
		 cJSON_GetObjectItem(regs, "pc") != NULL &&
		 cJSON_GetObjectItem(regs, "pc")->valuedouble == 0x08000008 &&
		 cJSON_GetObjectItem(regs, "xpsr") != NULL && cJSON_GetObjectItem(j, "fault_status") != NULL &&
		 cJSON_IsArray(cJSON_GetObjectItem(j, "leds")) && cJSON_GetObjectItem(bus, "nor") != NULL &&
		 cJSON_GetObjectItem(j, "instructions") != NULL &&
		 cJSON_GetObjectItem(j, "instructions")->valuedouble >= 5000 &&
		 cJSON_GetObjectItem(j, "virtual_time_ps") != NULL &&
		 cJSON_GetObjectItem(j, "exit_status")->valuedouble == 3;
	/* the human report went to stderr, so stdout is the object alone */
	ok = ok && strstr(slurp(err_path), "exit status 3") != NULL;
	cases++;
	printf("%s extmem run loop.elf --json: one object on stdout (stop, registers, LEDs, bus, counts), exit 3\n",
	       ok ? "ok  " : "FAIL");
	if (!ok) {
		printf("     status %d, stdout: %.600s\n", st, slurp(out_path));
		failures++;
	}
	cJSON_Delete(j);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/tool_args_%ld", P_tmpdir, (long)getpid());
	if (mkdir(dir, 0755) != 0) {
		printf("FAIL mkdir %s: %s\n", dir, strerror(errno));
		return 1;
	}
	snprintf(out_path, sizeof(out_path), "%s/stdout", dir);
	snprintf(err_path, sizeof(err_path), "%s/stderr", dir);
	top_level();
	run_outcomes(); /* writes the firmware the other groups use */
	char good[300];
	path(good, sizeof(good), "bkpt0.elf");
	run_arguments(good);
	run_files();
	run_json();
	write_hostile_files();
	sfdp_cases();
	probe_cases();
	prog_cases(EXTMEM_DK_STLDR);
	powercut_cases();
	demo_cases();
	printf("%d hostile cases, %d failed\n", cases, failures);
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (failures == 0 && system(cmd) != 0)
		printf("note: could not remove %s\n", dir);
	return failures != 0;
}
