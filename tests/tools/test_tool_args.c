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
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elf_writer.h"

extern char **environ;

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
	int st = 0;
	if (waitpid(pid, &st, 0) != pid)
		return -2;
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
	printf("%d hostile cases, %d failed\n", cases, failures);
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (failures == 0 && system(cmd) != 0)
		printf("note: could not remove %s\n", dir);
	return failures != 0;
}
