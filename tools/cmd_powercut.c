/* SPDX-License-Identifier: MIT */
/*
 * `extmem powercut`: a user's own loader, image and Boot through a power-loss
 * sweep on the emulated board. One clean programming counts the NOR's bus
 * operations; then for each cut point N (all, every K-th, or N evenly spread):
 *
 *   1. the flash starts as it was before the programming: the sectors the
 *      image touches erased, or holding an older image (--old-image, a field
 *      update), every other byte a pattern the user's other data stands for;
 *      the loader programs the image (as `extmem prog --write` does) and the
 *      NOR loses power right after its op N;
 *   2. the Boot ELF boots on the resulting flash (the NOR powers up afresh)
 *      and its end is classified: the application reached, the documented
 *      failure state (magic 0xB007FA11 and a status word at 0x20000000), a
 *      stop of its own, a fault, or a limit;
 *   3. the loader runs again on that flash, with the image verified, and
 *      must complete (a programming tool retries after a power loss);
 *   4. after the cut and after the re-programming, every byte outside the
 *      sectors the image touches still holds what it held at the start.
 *
 * The invariant of a BootFlash product: the application only ever starts
 * from a complete image (the new one, or the old one before it was erased).
 * A run of the application from a partial image is counted as unsafe.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "board.h"
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
	{"old-image", 0, "IMAGE[@ADDR]",
	 "the flash holds this good image first (a field update): the loader\n"
	 "programs it cleanly, then every cut interrupts IMAGE's programming over it"},
	{"every", 0, "K", "cut after every K-th bus operation of the programming (default 1: all)"},
	{"points", 0, "N", "cut at N operations spread evenly over the programming instead"},
	{"first-op", 0, "N", "cut only from operation N on (default 1)"},
	{"last-op", 0, "N", "cut only up to operation N (default: the programming's last)"},
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
		     "                       [--old-image IMAGE[@ADDR]] [--first-op N] [--last-op N] [OPTIONS]\n\n"
		     "Tests a BootFlash product for power loss with no board: programs IMAGE with the loader\n"
		     "on an erased NOR (or over --old-image), cuts the power after bus operation N of the\n"
		     "programming, boots BOOT.elf on what the flash holds, classifies how the boot ends, then\n"
		     "runs the loader again and checks it completes. The bytes outside the sectors IMAGE\n"
		     "touches hold a pattern and must keep it. Prints one row per cut point and the totals.\n\n"
		     "outcomes of a boot:\n"
		     "  application    the application was reached (--app-leds / --app-addr)\n"
		     "  failure-state  the Boot's documented failure state: 0xB007FA11 and a status word at\n"
		     "                 0x20000000 (ports/stm32h7rs/extmem_stm32h7rs_boot.h)\n"
		     "  stopped        the firmware stopped by itself otherwise (BKPT, WFI, reset)\n"
		     "  fault          a CPU fault, an invalid or unmodelled access, an XIP hazard\n"
		     "  limit          --boot-ms or the instruction limit ran out\n"
		     "A row is unsafe when the Boot started a partial image (the application reached, or the\n"
		     "boot ended with the PC in the XSPI2 window) while neither IMAGE nor the old image was\n"
		     "complete. The invariant of a BootFlash product: a complete image reaches the\n"
		     "application, anything else ends in the failure state.\n\n"
		     "options:\n");
	extmem_args_print_options(out, pc_opts, PC_NOPTS);
	fprintf(out, "\nexit status: 0 every boot safe, every re-programming completed, nothing outside the\n"
		     "image's sectors changed; 1 an unsafe boot, a re-programming that failed or a byte outside\n"
		     "changed; 2 bad arguments or files; 3 a clean programming failed;\n"
		     "6 the tool failed (out of memory).\n");
}

struct pc_cfg {
	const char *boot, *loader, *board;
	struct prog_action image, old;
	bool has_old;
	uint64_t every, points, app_leds, boot_ms, call_ms, first_op, last_op;
	uint32_t app_addr;
	bool has_app_addr, json;
	enum extmem_emu_board board_id;
};

/* Returns 0, 1 for --help, or -1 after the message. */
static int parse(struct pc_cfg *c, int argc, char **argv)
{
	struct extmem_args a;
	int r = extmem_args_command(&a, "extmem powercut", pc_opts, PC_NOPTS, "BOOT.elf", argc, argv);
	if (r != 0)
		return r;
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
	const char *old = extmem_args_get(&a, "old-image");
	c->has_old = old != NULL;
	if (old != NULL && prog_image_arg(&a, old, &c->old) != 0)
		return -1;
	if (extmem_args_get(&a, "every") != NULL && extmem_args_get(&a, "points") != NULL) {
		extmem_args_error(&a, "--every and --points exclude each other: give one");
		return -1;
	}
	uint64_t addr = 0;
	if (extmem_args_opt_u64(&a, "every", 1, UINT32_MAX, &c->every) != 0 ||
	    extmem_args_opt_u64(&a, "points", 1, PC_MAX_POINTS, &c->points) != 0 ||
	    extmem_args_opt_u64(&a, "first-op", 1, UINT32_MAX, &c->first_op) != 0 ||
	    extmem_args_opt_u64(&a, "last-op", 1, UINT32_MAX, &c->last_op) != 0 ||
	    extmem_args_opt_u64(&a, "app-leds", 1, UINT32_MAX, &c->app_leds) != 0 ||
	    extmem_args_opt_u64(&a, "boot-ms", 1, 3600000, &c->boot_ms) != 0 ||
	    extmem_args_opt_u64(&a, "call-limit-ms", 1, 86400000ull, &c->call_ms) != 0 ||
	    extmem_args_opt_u64(&a, "app-addr", 0, UINT32_MAX, &addr) != 0)
		return -1;
	if (c->first_op != 0 && c->last_op != 0 && c->first_op > c->last_op) {
		extmem_args_error(&a, "--first-op %llu is after --last-op %llu", (unsigned long long)c->first_op,
				  (unsigned long long)c->last_op);
		return -1;
	}
	c->has_app_addr = extmem_args_get(&a, "app-addr") != NULL;
	c->app_addr = (uint32_t)addr;
	c->board = extmem_args_get(&a, "board");
	if (extmem_tool_board_arg(&a, &c->board_id) != 0)
		return -1;
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
static int program(const struct pc_cfg *c, const struct prog_action *image, uint8_t *array, uint32_t cut,
		   uint64_t call_ps, bool verify, struct prog_result *res)
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
	p->actions[0] = *image;
	p->actions[0].kind = PROG_WRITE;
	p->count = 1;
	if (verify) {
		p->actions[1] = *image;
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
	bool complete;       /* the image's bytes were all in the flash after the cut */
	bool old_complete;   /* so were the old image's (--old-image) */
	bool outside;        /* a byte outside the image's sectors changed (after the cut or the re-programming) */
	uint32_t outside_at; /* the first one, as an address */
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
	struct extmem_sim_clock clock = {0};
	struct extmem_sim_nor *nor =
		extmem_sim_nor_create(extmem_tool_board_nor_part(c->board_id), &clock, array, NULL);
	struct extmem_sim_psram psram;
	if (nor == NULL) {
		fprintf(stderr, "extmem powercut: out of memory for the NOR model\n");
		return EXTMEM_EXIT_INTERNAL;
	}
	extmem_sim_psram_init(&psram, &clock, psram_array, EXTMEM_SIM_PSRAM_SIZE);
	memset(psram_array, 0, EXTMEM_SIM_PSRAM_SIZE);
	struct extmem_emu_config cfg = extmem_tool_board_config(c->board_id, &clock, nor, &psram);
	struct extmem_emu *emu = NULL;
	int rc = extmem_tool_board_start(&emu, &cfg, c->boot, "extmem powercut");
	if (rc == 0) {
		/*
		 * A Boot built on src/boot checks the image before it jumps
		 * (docs/image-format.md): src/boot/boot.c defines the absolute
		 * symbol extmem_boot_checks_images (no byte of the image), which
		 * -flto cannot fold away as it folds the checks' functions.
		 */
		uint32_t marker;
		*checks = extmem_emu_symbol(emu, "extmem_boot_checks_images", &marker) == 0;
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

/* ---- the range the programming may change: the sectors holding a byte of the image ---- */

struct pc_span {
	uint64_t lo, hi; /* offsets into the array */
};

struct pc_spans {
	struct pc_span *v;
	size_t n;
};

/* The sectors (of `sector` bytes from `base`) img touches, as sorted, joined spans clipped to the array. */
static int spans_of(const struct extmem_image *img, uint32_t base, uint32_t sector, uint32_t size, struct pc_spans *out)
{
	out->v = calloc(img->count ? img->count : 1, sizeof(*out->v));
	out->n = 0;
	if (out->v == NULL)
		return -1;
	/* the readers return segments sorted by address, so the spans come out sorted */
	for (size_t i = 0; i < img->count; i++) {
		const struct extmem_image_seg *s = &img->segs[i];
		if (s->len == 0 || s->addr < base || s->addr < EXTMEM_EMU_XSPI2_BASE)
			continue;
		uint64_t lo = s->addr - (uint64_t)(s->addr - base) % sector;
		uint64_t last = (uint64_t)s->addr + s->len - 1u;
		uint64_t hi = last - (last - base) % sector + sector;
		lo -= EXTMEM_EMU_XSPI2_BASE;
		hi -= EXTMEM_EMU_XSPI2_BASE;
		if (hi > size)
			hi = size;
		if (out->n != 0 && lo <= out->v[out->n - 1].hi) {
			if (hi > out->v[out->n - 1].hi)
				out->v[out->n - 1].hi = hi;
		} else {
			out->v[out->n++] = (struct pc_span){lo, hi};
		}
	}
	return 0;
}

/* The first offset outside the spans where a differs from b; -1 when none. */
static int64_t outside_change(const struct pc_spans *sp, const uint8_t *a, const uint8_t *b, uint32_t size)
{
	uint64_t from = 0;
	for (size_t i = 0; i <= sp->n; i++) {
		uint64_t to = i < sp->n ? sp->v[i].lo : size;
		if (to > from && memcmp(a + from, b + from, to - from) != 0) {
			for (uint64_t k = from; k < to; k++)
				if (a[k] != b[k])
					return (int64_t)k;
		}
		if (i < sp->n && sp->v[i].hi > from)
			from = sp->v[i].hi;
	}
	return -1;
}

/* ---- the report ---- */

/* The Boot started (jumped into) an image that was not complete. */
static bool unsafe(const struct pc_row *r)
{
	return !r->complete && !r->old_complete && (r->outcome == PC_APP || r->in_image);
}

/* The BootFlash invariant: a complete image reaches the application, anything else the failure state. */
static bool invariant(const struct pc_row *r)
{
	return r->outcome == PC_FAILSTATE || ((r->complete || r->old_complete) && r->outcome == PC_APP);
}

struct pc_run {
	const char *format;
	uint32_t total, sector;
	uint32_t first, last; /* the window of cut points */
	uint64_t range_bytes;
	bool checks;
	int64_t clean_outside; /* the clean programming changed a byte outside (-1: none) */
};

static void print_table(const struct pc_cfg *c, const struct pc_row *rows, size_t n, const struct pc_run *run)
{
	unsigned count[PC_OUTCOMES] = {0}, nunsafe = 0, unrecovered = 0, partial = 0, held = 0, outside = 0;
	unsigned old_kept = 0;
	printf("extmem powercut: %s programmed by %s, booted by %s\n", c->image.path, c->loader, c->boot);
	printf("  loader format: %s; sector %u bytes; the image's sectors: %llu bytes\n", run->format,
	       (unsigned)run->sector, (unsigned long long)run->range_bytes);
	if (c->has_old)
		printf("  start: the old image %s, programmed by the loader (a field update)\n", c->old.path);
	else
		printf("  start: the image's sectors erased\n");
	printf("  every other byte of the flash holds a pattern that must survive\n");
	printf("  the programming takes %u NOR bus operations; %zu cut points (operations %u to %u)\n",
	       (unsigned)run->total, n, n ? (unsigned)rows[0].cut : 0u, n ? (unsigned)rows[n - 1].cut : 0u);
	printf("  the Boot %s (src/boot's marker extmem_boot_checks_images %s)\n\n",
	       run->checks ? "checks images before it starts them" : "does not appear to check images",
	       run->checks ? "found" : "not found");
	printf("  %10s  %-8s  %-8s  %-13s  %-10s  %-8s  %s\n", "cut after", "image", "old", "boot", "reprogram",
	       "outside", "detail");
	for (size_t i = 0; i < n; i++) {
		const struct pc_row *r = &rows[i];
		bool bad = unsafe(r);
		count[r->outcome]++;
		nunsafe += bad;
		unrecovered += r->reprogram != 0;
		partial += !r->complete;
		held += invariant(r);
		outside += r->outside;
		old_kept += r->old_complete;
		char status[40] = "", where[40] = "";
		if (r->outcome == PC_FAILSTATE)
			snprintf(status, sizeof(status), "status 0x%08X; ", (unsigned)r->status);
		if (r->outside)
			snprintf(where, sizeof(where), "  CHANGED at 0x%08X", (unsigned)r->outside_at);
		printf("  %10u  %-8s  %-8s  %-13s  %-10s  %-8s  %s%s%s%s\n", (unsigned)r->cut,
		       r->complete ? "complete" : "partial",
		       !c->has_old       ? "-"
		       : r->old_complete ? "complete"
					 : "gone",
		       outcome_names[r->outcome], r->reprogram == 0 ? "ok" : "FAILED", r->outside ? "CHANGED" : "kept",
		       status, r->detail, bad ? "  UNSAFE: started a partial image" : "", where);
	}
	printf("\n  outcomes:");
	for (int k = 0; k < PC_OUTCOMES; k++)
		printf(" %s %u%s", outcome_names[k], count[k], k + 1 < PC_OUTCOMES ? "," : "\n");
	printf("  %u of %zu cuts left a partial image", partial, n);
	if (c->has_old)
		printf(" (%u of them with the old image still complete)", old_kept);
	printf("; %u boots started a partial image (unsafe); %u re-programmings failed\n", nunsafe, unrecovered);
	printf("  bytes outside the image's sectors changed at %u of %zu cuts%s\n", outside, n,
	       run->clean_outside >= 0 ? " and by the clean programming" : "");
	printf("  invariant (application from a complete image, else the failure state) held at %u of %zu\n", held, n);
}

static int print_json(const struct pc_cfg *c, const struct pc_row *rows, size_t n, const struct pc_run *run)
{
	unsigned count[PC_OUTCOMES] = {0}, nunsafe = 0, unrecovered = 0, held = 0, outside = 0;
	cJSON *j = cJSON_CreateObject();
	cJSON *pts = NULL, *sum = NULL;
	bool ok = j != NULL && cJSON_AddStringToObject(j, "loader", c->loader) &&
		  cJSON_AddStringToObject(j, "format", run->format) &&
		  cJSON_AddStringToObject(j, "image", c->image.path) && cJSON_AddStringToObject(j, "boot", c->boot) &&
		  cJSON_AddStringToObject(j, "start", c->has_old ? "old-image" : "erased") &&
		  (!c->has_old || cJSON_AddStringToObject(j, "old_image", c->old.path)) &&
		  cJSON_AddNumberToObject(j, "sector", run->sector) &&
		  cJSON_AddNumberToObject(j, "range_bytes", (double)run->range_bytes) &&
		  cJSON_AddNumberToObject(j, "programming_ops", run->total) &&
		  cJSON_AddNumberToObject(j, "first_op", run->first) &&
		  cJSON_AddNumberToObject(j, "last_op", run->last) &&
		  cJSON_AddBoolToObject(j, "boot_checks_images", run->checks) &&
		  cJSON_AddBoolToObject(j, "clean_outside_changed", run->clean_outside >= 0) &&
		  (pts = cJSON_AddArrayToObject(j, "points")) != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		const struct pc_row *r = &rows[i];
		cJSON *o = cJSON_CreateObject();
		bool bad = unsafe(r);
		count[r->outcome]++;
		nunsafe += bad;
		unrecovered += r->reprogram != 0;
		held += invariant(r);
		outside += r->outside;
		ok = o != NULL && cJSON_AddItemToArray(pts, o) && cJSON_AddNumberToObject(o, "cut_after_op", r->cut) &&
		     cJSON_AddStringToObject(o, "image", r->complete ? "complete" : "partial") &&
		     cJSON_AddStringToObject(o, "old_image",
					     !c->has_old       ? "none"
					     : r->old_complete ? "complete"
							       : "gone") &&
		     cJSON_AddStringToObject(o, "outcome", outcome_names[r->outcome]) &&
		     cJSON_AddStringToObject(o, "detail", r->detail) && cJSON_AddBoolToObject(o, "unsafe", bad) &&
		     cJSON_AddBoolToObject(o, "started_image", r->in_image) &&
		     cJSON_AddBoolToObject(o, "invariant", invariant(r)) &&
		     cJSON_AddBoolToObject(o, "outside_changed", r->outside) &&
		     cJSON_AddNumberToObject(o, "reprogram_status", r->reprogram);
		if (ok && r->outcome == PC_FAILSTATE)
			ok = cJSON_AddNumberToObject(o, "status_word", r->status) != NULL;
		if (ok && r->outside)
			ok = cJSON_AddNumberToObject(o, "outside_changed_at", r->outside_at) != NULL;
	}
	ok = ok && (sum = cJSON_AddObjectToObject(j, "outcomes")) != NULL;
	for (int k = 0; ok && k < PC_OUTCOMES; k++)
		ok = cJSON_AddNumberToObject(sum, outcome_names[k], count[k]) != NULL;
	ok = ok && cJSON_AddNumberToObject(j, "unsafe", nunsafe) &&
	     cJSON_AddNumberToObject(j, "invariant_held", held) &&
	     cJSON_AddNumberToObject(j, "reprogram_failed", unrecovered) &&
	     cJSON_AddNumberToObject(j, "outside_changed", outside);
	char *text = ok ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	if (text == NULL)
		return -1;
	puts(text);
	free(text);
	return 0;
}

/* ---- the sweep ---- */

/* What the user's other data stands for: a byte that is neither FFh nor 00h most of the time. */
static void fill_pattern(uint8_t *a, uint32_t size, const struct pc_spans *keep_erased, const struct pc_spans *also)
{
	for (uint32_t i = 0; i < size; i++)
		a[i] = (uint8_t)((i * 2654435761u) >> 24 ^ (i >> 12));
	for (size_t k = 0; k < keep_erased->n; k++)
		memset(a + keep_erased->v[k].lo, 0xFF, keep_erased->v[k].hi - keep_erased->v[k].lo);
	for (size_t k = 0; k < also->n; k++)
		memset(a + also->v[k].lo, 0xFF, also->v[k].hi - also->v[k].lo);
}

static int load_image(const struct prog_action *a, struct extmem_image *img, const char *opt)
{
	char err[300];
	if (extmem_image_load(a->path, a->has_addr, a->has_addr ? a->addr : EXTMEM_EMU_XSPI2_BASE, img, err,
			      sizeof(err)) != 0) {
		fprintf(stderr, "extmem powercut: %s: %s: %s\n", opt, a->path, err);
		return -1;
	}
	return 0;
}

int extmem_cmd_powercut(int argc, char **argv)
{
	struct pc_cfg c = {0};
	int r = parse(&c, argc, argv);
	if (r != 0) {
		free(c.image.path);
		free(c.old.path);
		if (r > 0)
			usage(stdout);
		return r > 0 ? EXTMEM_EXIT_OK : EXTMEM_EXIT_USAGE;
	}
	uint32_t size = extmem_tool_board_nor_part(c.board_id)->size;
	uint8_t *array = malloc(size);
	uint8_t *start = malloc(size);
	uint8_t *psram = malloc(EXTMEM_SIM_PSRAM_SIZE);
	struct pc_row *rows = NULL;
	struct extmem_image img = {0}, old = {0};
	struct pc_spans range = {0}, old_range = {0};
	struct pc_run run = {.clean_outside = -1};
	int rc = EXTMEM_EXIT_OK;
	if (array == NULL || start == NULL || psram == NULL) {
		fprintf(stderr, "extmem powercut: out of memory for the flash and PSRAM arrays\n");
		rc = EXTMEM_EXIT_INTERNAL;
		goto out;
	}
	if (load_image(&c.image, &img, "--image") != 0 || (c.has_old && load_image(&c.old, &old, "--old-image") != 0)) {
		rc = EXTMEM_EXIT_USAGE;
		goto out;
	}
	/* a first programming on an erased flash: the loader's format and sectors */
	struct prog_result res;
	memset(array, 0xFF, size);
	int prc = program(&c, &c.image, array, 0, c.call_ms * PS_PER_MS, false, &res);
	if (prc != 0 || res.sector == 0) {
		fprintf(stderr, "extmem powercut: the programming without a cut failed (extmem prog status %d)\n", prc);
		rc = prc == PROG_EXIT_USAGE || prc == PROG_EXIT_FILE ? EXTMEM_EXIT_USAGE : EXTMEM_EXIT_LIMIT;
		goto out;
	}
	run.format = res.format != NULL ? res.format : "unknown";
	run.sector = res.sector;
	if (spans_of(&img, res.base, res.sector, size, &range) != 0 ||
	    spans_of(&old, res.base, res.sector, size, &old_range) != 0) {
		fprintf(stderr, "extmem powercut: out of memory\n");
		rc = EXTMEM_EXIT_INTERNAL;
		goto out;
	}
	for (size_t k = 0; k < range.n; k++)
		run.range_bytes += range.v[k].hi - range.v[k].lo;
	/* the flash before the update: the pattern, the image's (and the old image's) sectors erased ... */
	fill_pattern(start, size, &range, &old_range);
	if (c.has_old) {
		/* ... then the old image, programmed as the user did */
		memcpy(array, start, size);
		prc = program(&c, &c.old, array, 0, c.call_ms * PS_PER_MS, false, &res);
		if (prc != 0 || !image_complete(&old, array, size)) {
			fprintf(stderr,
				"extmem powercut: the programming of --old-image failed (extmem prog status %d)\n",
				prc);
			rc = prc == PROG_EXIT_USAGE || prc == PROG_EXIT_FILE ? EXTMEM_EXIT_USAGE : EXTMEM_EXIT_LIMIT;
			goto out;
		}
		memcpy(start, array, size);
	}
	/* the clean update: how many operations there are to cut, how long a call takes */
	memcpy(array, start, size);
	prc = program(&c, &c.image, array, 0, c.call_ms * PS_PER_MS, false, &res);
	if (prc != 0 || !image_complete(&img, array, size)) {
		fprintf(stderr, "extmem powercut: the programming without a cut failed (extmem prog status %d)\n", prc);
		rc = prc == PROG_EXIT_USAGE || prc == PROG_EXIT_FILE ? EXTMEM_EXIT_USAGE : EXTMEM_EXIT_LIMIT;
		goto out;
	}
	run.clean_outside = outside_change(&range, array, start, size);
	if (run.clean_outside >= 0)
		fprintf(stderr,
			"extmem powercut: the programming without a cut changed 0x%08X, outside the image's sectors\n",
			(unsigned)(EXTMEM_EMU_XSPI2_BASE + (uint64_t)run.clean_outside));
	run.total = res.nor_ops;
	uint32_t total = run.total;
	/* a cut call polls a dead part until its limit: twice the longest clean call, and 10 ms */
	uint64_t cut_call_ps = 2u * res.max_call_ps + 10u * PS_PER_MS;
	if (cut_call_ps > c.call_ms * PS_PER_MS)
		cut_call_ps = c.call_ms * PS_PER_MS;
	/* the window of cut points: [first, last] of the programming's operations */
	uint32_t first = c.first_op != 0 ? (uint32_t)c.first_op : 1u;
	uint32_t last = c.last_op != 0 && c.last_op < total ? (uint32_t)c.last_op : total;
	if (first > last) {
		fprintf(stderr, "extmem powercut: --first-op %u is past the programming's %u operations\n",
			(unsigned)first, (unsigned)total);
		rc = EXTMEM_EXIT_USAGE;
		goto out;
	}
	uint32_t span = last - first + 1u;
	run.first = first;
	run.last = last;
	size_t n = c.points != 0 ? (size_t)(c.points < span ? c.points : span) : (size_t)((span - 1u) / c.every + 1u);
	rows = calloc(n != 0 ? n : 1, sizeof(*rows));
	if (rows == NULL) {
		fprintf(stderr, "extmem powercut: out of memory for %zu rows\n", n);
		rc = EXTMEM_EXIT_INTERNAL;
		goto out;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct pc_row *r = &rows[i];
		/* --points: spread over first..last, the last one at last */
		r->cut = c.points != 0 ? (uint32_t)(first + ((uint64_t)(span - 1u) * (i + 1u)) / n)
				       : (uint32_t)(first + (uint64_t)i * c.every);
		memcpy(array, start, size);
		program(&c, &c.image, array, r->cut, cut_call_ps, false, &res);
		r->complete = image_complete(&img, array, size);
		r->old_complete = c.has_old && image_complete(&old, array, size);
		int64_t at = outside_change(&range, array, start, size);
		rc = boot(&c, array, psram, r, &run.checks);
		if (rc == 0)
			r->reprogram = program(&c, &c.image, array, 0, c.call_ms * PS_PER_MS, true, &res);
		if (at < 0)
			at = outside_change(&range, array, start, size);
		r->outside = at >= 0;
		r->outside_at = at >= 0 ? (uint32_t)(EXTMEM_EMU_XSPI2_BASE + (uint64_t)at) : 0;
		if (!c.json && isatty(STDERR_FILENO))
			fprintf(stderr, "\r  cut %zu of %zu", i + 1u, n);
	}
	if (!c.json && isatty(STDERR_FILENO))
		fprintf(stderr, "\n");
	if (rc != 0)
		goto out;
	if (c.json) {
		if (print_json(&c, rows, n, &run) != 0) {
			fprintf(stderr, "extmem powercut: the JSON could not be built (out of memory)\n");
			rc = EXTMEM_EXIT_INTERNAL;
			goto out;
		}
	} else {
		print_table(&c, rows, n, &run);
	}
	for (size_t i = 0; i < n; i++)
		if (unsafe(&rows[i]) || rows[i].reprogram != 0 || rows[i].outside)
			rc = EXTMEM_EXIT_FAILED;
	if (run.clean_outside >= 0)
		rc = EXTMEM_EXIT_FAILED;
out:
	extmem_image_free(&img);
	extmem_image_free(&old);
	free(range.v);
	free(old_range.v);
	free(rows);
	free(psram);
	free(start);
	free(array);
	free(c.image.path);
	free(c.old.path);
	return rc;
}

#endif
