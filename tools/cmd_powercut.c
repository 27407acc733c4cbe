/* SPDX-License-Identifier: MIT */
/*
 * `extmem powercut`: a user's own loader, image and Boot through a power-loss
 * sweep on the emulated board. One clean programming counts the NOR's bus
 * operations; then for each cut point N (all, every K-th, or N evenly spread):
 *
 *   1. the device starts erased; the loader programs the image (as `extmem
 *      prog --write` does) and the NOR loses power right after its op N;
 *   2. the Boot ELF boots on the resulting flash (the NOR powers up afresh)
 *      and its end is classified: the application reached, the documented
 *      failure state (magic 0xB007FA11 and a status word at 0x20000000), a
 *      stop of its own, a fault, or a limit;
 *   3. the loader runs again on that flash, with the image verified, and
 *      must complete (a programming tool retries after a power loss).
 *
 * The invariant of a BootFlash product: the application only ever starts
 * from a complete image. A run of the application from a partial image is
 * counted as unsafe.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "commands.h"
#include "image.h"
#include "prog.h"

#ifdef EXTMEM_NO_EMU

int extmem_cmd_powercut(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "extmem powercut: built without the emulator (install libunicorn-dev and libelf-dev)\n");
	return EXTMEM_EXIT_USAGE;
}

#else

#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/psram.h"

#define PS_PER_MS          1000000000ull
#define PC_MAX_POINTS      100000u
#define PC_STATUS_ADDR     0x20000000u /* ports/stm32h7rs/extmem_stm32h7rs_boot.h */
#define PC_STATUS_MAGIC    0xB007FA11u
#define PC_DEFAULT_BOOT_MS 1000u

static const struct extmem_opt pc_opts[] = {
	{"loader", 0, "FILE", "the External Memory Loader (.stldr, .FLM, IAR .out), as for `extmem prog`"},
	{"image", 0, "IMAGE[@ADDR]", "the image the loader programs (ELF, Intel HEX, raw at ADDR)"},
	{"every", 0, "K", "cut after every K-th bus operation of the programming (default 1: all)"},
	{"points", 0, "N", "cut at N operations spread evenly over the programming instead"},
	{"app-leds", 0, "N",
	 "the application is reached after N LED changes in all (default 8: the\n"
	 "example Boot makes 4, the example application 2 to set up, then toggles)"},
	{"app-addr", 0, "ADDR", "the application is reached when the PC gets to ADDR (e.g. its main)"},
	{"boot-ms", 0, "N", "virtual time each boot may take, 1..3600000 ms (default 1000)"},
	{"call-limit-ms", 0, "N", "virtual time one loader call may take, 1..86400000 (default 600000)"},
	{"board", 0, "NAME", "stm32h7s78-dk (default) or nucleo-h7s3l8"},
	{"json", 0, NULL, "one JSON object on stdout instead of the table"},
};
#define PC_NOPTS           (sizeof(pc_opts) / sizeof(pc_opts[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: extmem powercut BOOT.elf --loader FILE --image IMAGE[@ADDR] [--every K | --points N]\n"
		     "                       [OPTIONS]\n\n"
		     "Tests a BootFlash product for power loss with no board: programs IMAGE with the loader\n"
		     "on an erased NOR, cuts the power after bus operation N of the programming, boots BOOT.elf\n"
		     "on what the flash holds, classifies how the boot ends, then runs the loader again and\n"
		     "checks it completes. Prints one row per cut point and the totals.\n\n"
		     "outcomes of a boot:\n"
		     "  application    the application was reached (--app-leds / --app-addr)\n"
		     "  failure-state  the Boot's documented failure state: 0xB007FA11 and a status word at\n"
		     "                 0x20000000 (ports/stm32h7rs/extmem_stm32h7rs_boot.h)\n"
		     "  stopped        the firmware stopped by itself otherwise (BKPT, WFI, reset)\n"
		     "  fault          a CPU fault, an invalid or unmodelled access, an XIP hazard\n"
		     "  limit          --boot-ms or the instruction limit ran out\n"
		     "A row is unsafe when the Boot started a partial image (the application reached, or the\n"
		     "boot ended with the PC in the XSPI2 window). The invariant of a BootFlash product: a\n"
		     "complete image reaches the application, anything else ends in the failure state.\n\n"
		     "options:\n");
	extmem_args_print_options(out, pc_opts, PC_NOPTS);
	fprintf(out, "\nexit status: 0 every boot safe and every re-programming completed; 1 an unsafe boot or a\n"
		     "re-programming that failed; 2 bad arguments or files; 3 the clean programming failed;\n"
		     "6 the tool failed (out of memory).\n");
}

struct pc_cfg {
	const char *boot, *loader, *board;
	struct prog_action image;
	uint64_t every, points, app_leds, boot_ms, call_ms;
	uint32_t app_addr;
	bool has_app_addr, json;
	enum extmem_emu_board board_id;
};

static int parse(struct pc_cfg *c, int argc, char **argv, int *help)
{
	struct extmem_args a;
	*help = 0;
	if (extmem_args_parse(&a, "extmem powercut", pc_opts, PC_NOPTS, argc, argv) != 0)
		return -1;
	if (a.help) {
		*help = 1;
		return 0;
	}
	if (a.npos == 0) {
		extmem_args_error(&a, "BOOT.elf is missing (see --help)");
		return -1;
	}
	if (a.npos > 1) {
		extmem_args_error(&a, "unexpected argument '%s' (BOOT.elf is '%s')", a.pos[1], a.pos[0]);
		return -1;
	}
	c->boot = a.pos[0];
	c->loader = extmem_args_get(&a, "loader");
	c->json = extmem_args_flag(&a, "json");
	c->every = 1;
	c->app_leds = 8;
	c->boot_ms = PC_DEFAULT_BOOT_MS;
	c->call_ms = 600000;
	if (c->loader == NULL) {
		extmem_args_error(&a, "--loader FILE is required (see --help)");
		return -1;
	}
	const char *img = extmem_args_get(&a, "image");
	if (img == NULL) {
		extmem_args_error(&a, "--image IMAGE[@ADDR] is required (see --help)");
		return -1;
	}
	if (prog_image_arg(&a, img, &c->image) != 0)
		return -1;
	if (extmem_args_get(&a, "every") != NULL && extmem_args_get(&a, "points") != NULL) {
		extmem_args_error(&a, "--every and --points exclude each other: give one");
		return -1;
	}
	uint64_t addr = 0;
	if (extmem_args_opt_u64(&a, "every", 1, UINT32_MAX, &c->every) != 0 ||
	    extmem_args_opt_u64(&a, "points", 1, PC_MAX_POINTS, &c->points) != 0 ||
	    extmem_args_opt_u64(&a, "app-leds", 1, UINT32_MAX, &c->app_leds) != 0 ||
	    extmem_args_opt_u64(&a, "boot-ms", 1, 3600000, &c->boot_ms) != 0 ||
	    extmem_args_opt_u64(&a, "call-limit-ms", 1, 86400000ull, &c->call_ms) != 0 ||
	    extmem_args_opt_u64(&a, "app-addr", 0, UINT32_MAX, &addr) != 0)
		return -1;
	c->has_app_addr = extmem_args_get(&a, "app-addr") != NULL;
	c->app_addr = (uint32_t)addr;
	c->board = extmem_args_get(&a, "board");
	c->board_id = EXTMEM_EMU_BOARD_STM32H7S78_DK;
	if (c->board != NULL && strcmp(c->board, "nucleo-h7s3l8") == 0) {
		c->board_id = EXTMEM_EMU_BOARD_NUCLEO_H7S3L8;
	} else if (c->board != NULL && strcmp(c->board, "stm32h7s78-dk") != 0) {
		extmem_args_error(&a, "--board: unknown board '%s' (known: stm32h7s78-dk, nucleo-h7s3l8)", c->board);
		return -1;
	}
	if (access(c->boot, R_OK) != 0) {
		extmem_args_error(&a, "%s: cannot read the Boot ELF", c->boot);
		return -1;
	}
	return 0;
}

/* ---- one programming, with or without a cut ---- */

/* stderr of the loader runs that are cut: their complaints are the expected consequence, not news */
static int mute_stderr(void)
{
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved >= 0 && null >= 0)
		dup2(null, STDERR_FILENO);
	if (null >= 0)
		close(null);
	return saved;
}

static void unmute_stderr(int saved)
{
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
}

/* Programs the image into array (write, then verify when `verify`); returns the PROG_EXIT_* status. */
static int program(const struct pc_cfg *c, uint8_t *array, uint32_t cut, uint64_t call_ps, bool verify,
		   struct prog_result *res)
{
	struct prog *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return PROG_EXIT_FILE;
	p->loader_path = c->loader;
	p->board = c->board_id == EXTMEM_EMU_BOARD_NUCLEO_H7S3L8 ? "nucleo-h7s3l8" : "stm32h7s78-dk";
	p->call_limit_ps = call_ps;
	p->quiet = true;
	p->flash_array = array;
	p->cut_after_op = cut;
	p->result = res;
	p->actions[0] = c->image;
	p->actions[0].kind = PROG_WRITE;
	p->count = 1;
	if (verify) {
		p->actions[1] = c->image;
		p->actions[1].kind = PROG_VERIFY;
		p->count = 2;
	}
	*res = (struct prog_result){0};
	int saved = cut != 0 ? mute_stderr() : -1;
	int rc = prog_run(p);
	if (cut != 0)
		unmute_stderr(saved);
	free(p); /* the actions' paths are the caller's */
	return rc;
}

/* ---- the boot ---- */

enum pc_outcome { PC_APP, PC_FAILSTATE, PC_STOPPED, PC_FAULT, PC_LIMIT, PC_OUTCOMES };
static const char *const outcome_names[PC_OUTCOMES] = {"application", "failure-state", "stopped", "fault", "limit"};

struct pc_row {
	uint32_t cut;
	bool complete; /* the image's bytes were all in the flash after the cut */
	enum pc_outcome outcome;
	char detail[160];
	uint32_t status; /* the failure state's status word */
	bool in_image;   /* the boot ended with the PC in the XSPI2 window: it started what the NOR holds */
	int reprogram;   /* PROG_EXIT_* of the loader run after the boot */
};

static enum pc_outcome classify(enum extmem_emu_stop_reason why)
{
	switch (why) {
	case EXTMEM_EMU_STOP_LED_EVENTS:
	case EXTMEM_EMU_STOP_BREAKPOINT: return PC_APP;
	case EXTMEM_EMU_STOP_TIME_LIMIT:
	case EXTMEM_EMU_STOP_INSN_LIMIT: return PC_LIMIT;
	case EXTMEM_EMU_STOP_BKPT:
	case EXTMEM_EMU_STOP_SLEEP:
	case EXTMEM_EMU_STOP_RESET:
	case EXTMEM_EMU_STOP_RETURNED:
	case EXTMEM_EMU_STOP_NONE: return PC_STOPPED;
	default: return PC_FAULT;
	}
}

/* Boots c->boot on a copy-free NOR over array. Returns 0 (row filled) or an exit status after a message. */
static int boot(const struct pc_cfg *c, uint8_t *array, uint8_t *psram_array, struct pc_row *row, bool *checks)
{
	bool nucleo = c->board_id == EXTMEM_EMU_BOARD_NUCLEO_H7S3L8;
	const struct extmem_sim_nor_part *part = nucleo ? &extmem_sim_part_mx25uw25645g : &extmem_sim_part_mx66uw1g45g;
	struct extmem_sim_clock clock = {0};
	struct extmem_sim_nor *nor = extmem_sim_nor_create(part, &clock, array, NULL);
	struct extmem_sim_psram psram;
	if (nor == NULL) {
		fprintf(stderr, "extmem powercut: out of memory for the NOR model\n");
		return EXTMEM_EXIT_INTERNAL;
	}
	extmem_sim_psram_init(&psram, &clock, psram_array, EXTMEM_SIM_PSRAM_SIZE);
	memset(psram_array, 0, EXTMEM_SIM_PSRAM_SIZE);
	struct extmem_emu_config cfg = {
		.clock = &clock, .port1 = nucleo ? NULL : &psram.base, .port2 = &nor->base, .board = c->board_id};
	struct extmem_emu *emu = NULL;
	char err[300];
	int rc = 0;
	if (extmem_emu_create(&emu, &cfg) != 0) {
		fprintf(stderr, "extmem powercut: cannot create the emulator\n");
		rc = EXTMEM_EXIT_INTERNAL;
	} else if (extmem_emu_load_elf(emu, c->boot, err, sizeof(err)) != 0) {
		fprintf(stderr, "extmem powercut: %s\n", err);
		rc = EXTMEM_EXIT_USAGE;
	}
	if (rc == 0) {
		uint32_t sym;
		/* a Boot built on src/boot checks the image before it jumps (docs/image-format.md) */
		*checks = extmem_emu_symbol(emu, "extmem_boot_prepare", &sym) == 0;
		struct extmem_emu_limits lim = {.max_ps = c->boot_ms * PS_PER_MS,
						.max_insns = 4000000000ull,
						.led_events = (uint32_t)c->app_leds};
		if (c->has_app_addr)
			lim.breakpoints[0] = c->app_addr;
		extmem_emu_reset(emu); /* SP and PC from the Boot's vector table */
		enum extmem_emu_stop_reason why = extmem_emu_run(emu, &lim);
		const struct extmem_emu_stop *st = extmem_emu_last_stop(emu);
		uint32_t words[2] = {0, 0};
		row->outcome = classify(why);
		row->in_image = (st->pc & 0xF0000000u) == EXTMEM_EMU_XSPI2_BASE;
		if (extmem_emu_read_mem(emu, PC_STATUS_ADDR, words, sizeof(words)) == 0 &&
		    words[0] == PC_STATUS_MAGIC && row->outcome != PC_APP) {
			row->outcome = PC_FAILSTATE;
			row->status = words[1];
		}
		if (why == EXTMEM_EMU_STOP_BKPT)
			snprintf(row->detail, sizeof(row->detail), "BKPT #0x%02X at PC 0x%08X", (unsigned)st->value,
				 (unsigned)st->pc);
		else
			snprintf(row->detail, sizeof(row->detail), "%s at PC 0x%08X", extmem_emu_stop_name(why),
				 (unsigned)st->pc);
	}
	if (emu != NULL)
		extmem_emu_destroy(emu);
	nor->path = NULL;
	extmem_sim_nor_destroy(nor);
	return rc;
}

/* The image's bytes are all in the flash. */
static bool image_complete(const struct extmem_image *img, const uint8_t *array, uint32_t size)
{
	for (size_t i = 0; i < img->count; i++) {
		const struct extmem_image_seg *s = &img->segs[i];
		uint64_t off = (uint64_t)s->addr - EXTMEM_EMU_XSPI2_BASE;
		if (s->addr < EXTMEM_EMU_XSPI2_BASE || off + s->len > size || memcmp(array + off, s->data, s->len) != 0)
			return false;
	}
	return true;
}

/* ---- the report ---- */

/* The Boot started (jumped into) an image that was not complete. */
static bool unsafe(const struct pc_row *r)
{
	return !r->complete && (r->outcome == PC_APP || r->in_image);
}

/* The BootFlash invariant: a complete image reaches the application, anything else the failure state. */
static bool invariant(const struct pc_row *r)
{
	return r->outcome == PC_FAILSTATE || (r->complete && r->outcome == PC_APP);
}

static void print_table(const struct pc_cfg *c, const struct pc_row *rows, size_t n, uint32_t total, bool checks)
{
	unsigned count[PC_OUTCOMES] = {0}, nunsafe = 0, unrecovered = 0, partial = 0, held = 0;
	printf("extmem powercut: %s programmed by %s, booted by %s\n", c->image.path, c->loader, c->boot);
	printf("  the programming takes %u NOR bus operations; %zu cut points\n", (unsigned)total, n);
	printf("  the Boot %s (symbol extmem_boot_prepare %s)\n\n",
	       checks ? "checks images before it starts them" : "does not appear to check images",
	       checks ? "present" : "absent");
	printf("  %10s  %-8s  %-13s  %-10s  %s\n", "cut after", "image", "boot", "reprogram", "detail");
	for (size_t i = 0; i < n; i++) {
		const struct pc_row *r = &rows[i];
		bool bad = unsafe(r);
		count[r->outcome]++;
		nunsafe += bad;
		unrecovered += r->reprogram != 0;
		partial += !r->complete;
		held += invariant(r);
		char status[40] = "";
		if (r->outcome == PC_FAILSTATE)
			snprintf(status, sizeof(status), "status 0x%08X; ", (unsigned)r->status);
		printf("  %10u  %-8s  %-13s  %-10s  %s%s%s\n", (unsigned)r->cut, r->complete ? "complete" : "partial",
		       outcome_names[r->outcome], r->reprogram == 0 ? "ok" : "FAILED", status, r->detail,
		       bad ? "  UNSAFE: started a partial image" : "");
	}
	printf("\n  outcomes:");
	for (int k = 0; k < PC_OUTCOMES; k++)
		printf(" %s %u%s", outcome_names[k], count[k], k + 1 < PC_OUTCOMES ? "," : "\n");
	printf("  %u of %zu cuts left a partial image; %u boots started a partial image (unsafe); %u re-programmings "
	       "failed\n",
	       partial, n, nunsafe, unrecovered);
	printf("  invariant (application from a complete image, else the failure state) held at %u of %zu\n", held, n);
}

static int print_json(const struct pc_cfg *c, const struct pc_row *rows, size_t n, uint32_t total, bool checks)
{
	unsigned count[PC_OUTCOMES] = {0}, nunsafe = 0, unrecovered = 0, held = 0;
	cJSON *j = cJSON_CreateObject();
	cJSON *pts = NULL, *sum = NULL;
	bool ok = j != NULL && cJSON_AddStringToObject(j, "loader", c->loader) &&
		  cJSON_AddStringToObject(j, "image", c->image.path) && cJSON_AddStringToObject(j, "boot", c->boot) &&
		  cJSON_AddNumberToObject(j, "programming_ops", total) &&
		  cJSON_AddBoolToObject(j, "boot_checks_images", checks) &&
		  (pts = cJSON_AddArrayToObject(j, "points")) != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		const struct pc_row *r = &rows[i];
		cJSON *o = cJSON_CreateObject();
		bool bad = unsafe(r);
		count[r->outcome]++;
		nunsafe += bad;
		unrecovered += r->reprogram != 0;
		held += invariant(r);
		ok = o != NULL && cJSON_AddItemToArray(pts, o) && cJSON_AddNumberToObject(o, "cut_after_op", r->cut) &&
		     cJSON_AddStringToObject(o, "image", r->complete ? "complete" : "partial") &&
		     cJSON_AddStringToObject(o, "outcome", outcome_names[r->outcome]) &&
		     cJSON_AddStringToObject(o, "detail", r->detail) && cJSON_AddBoolToObject(o, "unsafe", bad) &&
		     cJSON_AddBoolToObject(o, "started_image", r->in_image) &&
		     cJSON_AddBoolToObject(o, "invariant", invariant(r)) &&
		     cJSON_AddNumberToObject(o, "reprogram_status", r->reprogram);
		if (ok && r->outcome == PC_FAILSTATE)
			ok = cJSON_AddNumberToObject(o, "status_word", r->status) != NULL;
	}
	ok = ok && (sum = cJSON_AddObjectToObject(j, "outcomes")) != NULL;
	for (int k = 0; ok && k < PC_OUTCOMES; k++)
		ok = cJSON_AddNumberToObject(sum, outcome_names[k], count[k]) != NULL;
	ok = ok && cJSON_AddNumberToObject(j, "unsafe", nunsafe) &&
	     cJSON_AddNumberToObject(j, "invariant_held", held) &&
	     cJSON_AddNumberToObject(j, "reprogram_failed", unrecovered);
	char *text = ok ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	if (text == NULL)
		return -1;
	puts(text);
	free(text);
	return 0;
}

/* ---- the sweep ---- */

int extmem_cmd_powercut(int argc, char **argv)
{
	struct pc_cfg c = {0};
	int help;
	if (parse(&c, argc, argv, &help) != 0) {
		free(c.image.path);
		return EXTMEM_EXIT_USAGE;
	}
	if (help) {
		usage(stdout);
		return EXTMEM_EXIT_OK;
	}
	bool nucleo = c.board_id == EXTMEM_EMU_BOARD_NUCLEO_H7S3L8;
	uint32_t size = nucleo ? extmem_sim_part_mx25uw25645g.size : extmem_sim_part_mx66uw1g45g.size;
	uint8_t *array = malloc(size);
	uint8_t *psram = malloc(EXTMEM_SIM_PSRAM_SIZE);
	struct pc_row *rows = NULL;
	struct extmem_image img = {0};
	char err[300];
	int rc = EXTMEM_EXIT_OK;
	if (array == NULL || psram == NULL) {
		fprintf(stderr, "extmem powercut: out of memory for the flash and PSRAM arrays\n");
		rc = EXTMEM_EXIT_INTERNAL;
		goto out;
	}
	if (extmem_image_load(c.image.path, c.image.has_addr, c.image.has_addr ? c.image.addr : EXTMEM_EMU_XSPI2_BASE,
			      &img, err, sizeof(err)) != 0) {
		fprintf(stderr, "extmem powercut: --image: %s: %s\n", c.image.path, err);
		rc = EXTMEM_EXIT_USAGE;
		goto out;
	}
	/* the clean programming: how many operations there are to cut, how long a call takes */
	struct prog_result res;
	memset(array, 0xFF, size);
	int prc = program(&c, array, 0, c.call_ms * PS_PER_MS, false, &res);
	if (prc != 0) {
		fprintf(stderr, "extmem powercut: the programming without a cut failed (extmem prog status %d)\n", prc);
		rc = prc == PROG_EXIT_USAGE || prc == PROG_EXIT_FILE ? EXTMEM_EXIT_USAGE : EXTMEM_EXIT_LIMIT;
		goto out;
	}
	uint32_t total = res.nor_ops;
	/* a cut call polls a dead part until its limit: twice the longest clean call, and 10 ms */
	uint64_t cut_call_ps = 2u * res.max_call_ps + 10u * PS_PER_MS;
	if (cut_call_ps > c.call_ms * PS_PER_MS)
		cut_call_ps = c.call_ms * PS_PER_MS;
	size_t n =
		c.points != 0 ? (size_t)(c.points < total ? c.points : total) : (size_t)((total - 1u) / c.every + 1u);
	rows = calloc(n != 0 ? n : 1, sizeof(*rows));
	if (rows == NULL) {
		fprintf(stderr, "extmem powercut: out of memory for %zu rows\n", n);
		rc = EXTMEM_EXIT_INTERNAL;
		goto out;
	}
	bool checks = false;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct pc_row *r = &rows[i];
		/* --points: spread over 1..total, the last one at total */
		r->cut = c.points != 0 ? (uint32_t)(1u + ((uint64_t)(total - 1u) * (i + 1u)) / n)
				       : (uint32_t)(1u + (uint64_t)i * c.every);
		memset(array, 0xFF, size);
		program(&c, array, r->cut, cut_call_ps, false, &res);
		r->complete = image_complete(&img, array, size);
		rc = boot(&c, array, psram, r, &checks);
		if (rc == 0)
			r->reprogram = program(&c, array, 0, c.call_ms * PS_PER_MS, true, &res);
		if (!c.json && isatty(STDERR_FILENO))
			fprintf(stderr, "\r  cut %zu of %zu", i + 1u, n);
	}
	if (!c.json && isatty(STDERR_FILENO))
		fprintf(stderr, "\n");
	if (rc != 0)
		goto out;
	if (c.json) {
		if (print_json(&c, rows, n, total, checks) != 0) {
			fprintf(stderr, "extmem powercut: the JSON could not be built (out of memory)\n");
			rc = EXTMEM_EXIT_INTERNAL;
			goto out;
		}
	} else {
		print_table(&c, rows, n, total, checks);
	}
	for (size_t i = 0; i < n; i++)
		if (unsafe(&rows[i]) || rows[i].reprogram != 0)
			rc = EXTMEM_EXIT_FAILED;
out:
	extmem_image_free(&img);
	free(rows);
	free(psram);
	free(array);
	free(c.image.path);
	return rc;
}

#endif
