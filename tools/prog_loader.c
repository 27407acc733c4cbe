/* SPDX-License-Identifier: MIT */
/*
 * `extmem prog`'s session: a loader ELF run on the emulated board the way
 * each programming tool runs it.
 *
 * STM32CubeProgrammer (.stldr): the segments except StorageInfo's loaded at
 * their addresses; SP at the top of AXI SRAM, LR on the return breakpoint,
 * r0-r3 the arguments; data in a RAM buffer after the loader; r0 (and r1
 * for Verify's 64-bit result) read back; reads through the mapped window.
 * CMSIS-Pack (.FLM): PrgCode and PrgData copied at the start of AXI SRAM
 * (the image is linked at 0), r9 = PrgData there (set by a four-instruction
 * stub the tool's debugger would not need: the emulator's call API sets
 * r0-r3, SP, LR and PC only), the page buffer and stack after it.
 * IAR (.out): segments at their addresses, SP from __vector_table[0], the
 * arguments in theFlashParams, data in FlashBufferStart.., run until the
 * core reaches FlashBreak, the result in theFlashParams.count.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "image.h"
#include "prog.h"

#ifndef EXTMEM_NO_EMU

#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/trace.h"
#include "extmem_sim/vcd.h"

#define PT_LOAD   1u
#define RAM_BASE  EXTMEM_EMU_AXI_BASE
#define RAM_END   (EXTMEM_EMU_AXI_BASE + EXTMEM_EMU_AXI_SIZE)
#define BUF_MAX   ((size_t)64u * 1024u)
/*
 * The debugger's window-read routine and the FLM r9 stub, each alone on the
 * last pages of AXI SRAM: the emulator, like the core's caches, pays for a
 * store into a page that holds code it runs, so stacks and data stay off them.
 */
#define COPY_STUB (RAM_END - 0x400u)
#define FLM_STUB  (RAM_END - 0x800u)
#define STACK_TOP (RAM_END - 0x1000u)

enum fmt { FMT_STLDR, FMT_FLM, FMT_IAR };

struct entry_stat {
	const char *name;
	uint64_t ps;
	uint32_t calls;
};

struct session {
	const struct prog *p;
	struct extmem_elf elf;
	enum fmt fmt;
	const char *fmt_name;
	char dev_name[129];
	uint32_t base, size, chunk, sector;
	uint8_t erase_value;
	struct extmem_sim_clock clock;
	const struct extmem_sim_nor_part *part;
	struct extmem_sim_nor *nor;
	struct extmem_emu *emu;
	FILE *trace_file;
	struct extmem_sim_trace trace;
	struct extmem_sim_vcd vcd;
	bool vcd_open;
	uint32_t buf, buf_size, sp;
	uint32_t load_base, sb; /* FLM */
	uint32_t params, brk;   /* IAR */
	bool ready;             /* Init done for the current phase */
	unsigned phase;         /* FLM Init's fnc */
	struct entry_stat stats[16];
	unsigned nstats;
	uint64_t bytes[5]; /* per enum prog_kind */
	uint64_t busy_ps;
	int mismatch;
};

/* The CMSIS flash algorithm functions, in the order of their r9 stubs at FLM_STUB. */
static const char *const flm_functions[] = {"Init",        "UnInit", "EraseChip", "EraseSector",
					    "ProgramPage", "Verify", "BlankCheck"};

static int flm_index(const char *name)
{
	for (unsigned i = 0; i < sizeof(flm_functions) / sizeof(flm_functions[0]); i++)
		if (strcmp(flm_functions[i], name) == 0)
			return (int)i;
	return -1;
}

static uint32_t rd32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void wr32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static int fail(struct session *s, int code, const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "extmem prog: %s: ", s->p->loader_path);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return code;
}

/* ---- what the loader describes ---- */

static int describe_stldr(struct session *s)
{
	struct extmem_elf_sym sym;
	const uint8_t *d;
	if (extmem_elf_symbol(&s->elf, "StorageInfo", &sym) != 0 || sym.size < 128 ||
	    (d = extmem_elf_at(&s->elf, sym.value, sym.size)) == NULL)
		return fail(s, PROG_EXIT_FILE, "StorageInfo missing or shorter than 128 bytes%s%s", "", "");
	memcpy(s->dev_name, d, 100);
	s->dev_name[100] = '\0';
	s->base = rd32(d + 104);
	s->size = rd32(d + 108);
	s->erase_value = d[116];
	s->sector = rd32(d + 124); /* the first group's sector size */
	s->chunk = BUF_MAX;
	return 0;
}

static int describe_flm(struct session *s)
{
	struct extmem_elf_sym sym;
	const uint8_t *d;
	if (extmem_elf_symbol(&s->elf, "FlashDevice", &sym) != 0 ||
	    (d = extmem_elf_at(&s->elf, sym.value, 168)) == NULL)
		return fail(s, PROG_EXIT_FILE, "FlashDevice missing or shorter than 168 bytes%s%s", "", "");
	memcpy(s->dev_name, d + 2, 128);
	s->dev_name[128] = '\0';
	s->base = rd32(d + 132);
	s->size = rd32(d + 136);
	s->chunk = rd32(d + 140);
	s->erase_value = d[148];
	s->sector = rd32(d + 160);
	if (s->chunk == 0 || s->chunk > BUF_MAX)
		return fail(s, PROG_EXIT_FILE, "FlashDevice.szPage is 0 or above 64 KiB%s%s", "", "");
	return 0;
}

/* IAR keeps the layout in the .flash file next to the .out: <flash_base> and <block>COUNT SIZE. */
static int describe_iar(struct session *s)
{
	char path[4096];
	const char *lp = s->p->loader_path;
	size_t n = strlen(lp);
	if (n < 4 || n + 3 > sizeof(path) || strcmp(lp + n - 4, ".out") != 0)
		return fail(s, PROG_EXIT_FILE, "an IAR loader must be a .out with its .flash file beside it%s%s", "",
			    "");
	snprintf(path, sizeof(path), "%.*s.flash", (int)(n - 4), lp);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return fail(s, PROG_EXIT_FILE, "%s: %s", path, strerror(errno));
	char text[4096];
	size_t len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	const char *b = strstr(text, "<flash_base>"), *k = strstr(text, "<block>");
	long base = -1, count = 0, size = 0;
	char *e1 = NULL, *e2 = NULL, *e3 = NULL;
	if (b != NULL && k != NULL) {
		base = strtol(b + 12, &e1, 0);
		count = strtol(k + 7, &e2, 0);
		size = strtol(e2, &e3, 0);
	}
	if (b == NULL || k == NULL || e1 == b + 12 || e3 == e2 || base < 0 || base > (long)UINT32_MAX || size <= 0 ||
	    count <= 0 || (unsigned long)count > UINT32_MAX / (unsigned long)size)
		return fail(s, PROG_EXIT_FILE, "%s: no usable <flash_base> and <block> %s", path, "");
	const char *slash = strrchr(path, '/');
	snprintf(s->dev_name, sizeof(s->dev_name), "%.100s", slash ? slash + 1 : path);
	s->base = (uint32_t)base;
	s->size = (uint32_t)(count * size);
	s->sector = (uint32_t)size;
	s->chunk = (uint32_t)size;
	s->erase_value = 0xFF;
	return 0;
}

static int identify(struct session *s)
{
	char err[256];
	if (extmem_elf_open(s->p->loader_path, &s->elf, err, sizeof(err)) != 0)
		return fail(s, PROG_EXIT_FILE, "%s%s", err, "");
	struct extmem_elf_shdr sh;
	struct extmem_elf_sym sym;
	int rc;
	if (extmem_elf_section(&s->elf, ".Dev_info", &sh) >= 0 &&
	    extmem_elf_symbol(&s->elf, "StorageInfo", &sym) == 0) {
		s->fmt = FMT_STLDR, s->fmt_name = "STM32CubeProgrammer .stldr";
		rc = describe_stldr(s);
	} else if (extmem_elf_section(&s->elf, "DevDscr", &sh) >= 0) {
		s->fmt = FMT_FLM, s->fmt_name = "CMSIS-Pack .FLM";
		rc = describe_flm(s);
	} else if (extmem_elf_symbol(&s->elf, "theFlashParams", &sym) == 0) {
		s->fmt = FMT_IAR, s->fmt_name = "IAR flash loader";
		rc = describe_iar(s);
	} else {
		return fail(s, PROG_EXIT_FILE,
			    "not a loader: no StorageInfo (.stldr), DevDscr (.FLM) or theFlashParams (IAR)%s%s", "",
			    "");
	}
	if (rc != 0)
		return rc;
	if (s->size == 0 || (uint64_t)s->base + s->size > 0x100000000ull || s->sector == 0 || s->size % s->sector != 0)
		return fail(s, PROG_EXIT_FILE, "device description is inconsistent (size, start or sector)%s%s", "",
			    "");
	return 0;
}

/* ---- the board ---- */

/*
 * A flash file is the part's whole array: an existing one must be a regular
 * file of exactly that size (a FIFO would block, a directory or device is no
 * flash); a missing one is created erased. Returns 0 or -1 with a message.
 */
static int check_flash_file(const char *path, const struct extmem_sim_nor_part *part)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return 0; /* created by the model, which says why when it cannot */
	if (S_ISDIR(st.st_mode))
		fprintf(stderr, "extmem prog: --flash: %s is a directory, not a flash file\n", path);
	else if (!S_ISREG(st.st_mode))
		fprintf(stderr, "extmem prog: --flash: %s is not a regular file (a FIFO, device or socket)\n", path);
	else if ((uint64_t)st.st_size != part->size)
		fprintf(stderr,
			"extmem prog: --flash: %s is %llu bytes; a flash file holds the whole %s, %u bytes (name a "
			"missing file to create one)\n",
			path, (unsigned long long)st.st_size, part->name, (unsigned)part->size);
	else
		return 0;
	return -1;
}

static int make_board(struct session *s)
{
	const char *board = s->p->board;
	if (board == NULL)
		board = s->size == 32u << 20 ? "nucleo-h7s3l8" : "stm32h7s78-dk";
	s->part = strcmp(board, "nucleo-h7s3l8") == 0 ? &extmem_sim_part_mx25uw25645g : &extmem_sim_part_mx66uw1g45g;
	if (s->base != EXTMEM_EMU_XSPI2_BASE || s->size > s->part->size) {
		char what[96];
		snprintf(what, sizeof(what), "0x%08X + %u MiB", (unsigned)s->base, (unsigned)(s->size >> 20));
		return fail(s, PROG_EXIT_FILE, "describes %s, which is not the %s on XSPI2 of this board", what,
			    s->part->name);
	}
	if (s->p->flash_path != NULL && check_flash_file(s->p->flash_path, s->part) != 0)
		return PROG_EXIT_FILE;
	s->nor = extmem_sim_nor_create(s->part, &s->clock, s->p->flash_array, s->p->flash_path);
	if (s->nor == NULL) {
		fprintf(stderr, "extmem prog: %s: cannot back the %s with it (unreadable, or not %u bytes)\n",
			s->p->flash_path ? s->p->flash_path : "(memory)", s->part->name, (unsigned)s->part->size);
		return PROG_EXIT_FILE;
	}
	s->nor->faults.cut_after_op = s->p->cut_after_op;
	const char *f = s->p->inject;
	if (f != NULL) {
		s->nor->faults.fail_program = strcmp(f, "program-fail") == 0;
		s->nor->faults.fail_erase = strcmp(f, "erase-fail") == 0;
		s->nor->faults.no_device = strcmp(f, "no-device") == 0;
		s->nor->faults.stuck_busy = strcmp(f, "stuck-busy") == 0;
	}
	if (s->p->trace_path != NULL) {
		s->trace_file = fopen(s->p->trace_path, "w");
		if (s->trace_file == NULL) {
			fprintf(stderr, "extmem prog: --trace: cannot write %s: %s\n", s->p->trace_path,
				strerror(errno));
			return PROG_EXIT_FILE;
		}
		/* text, one line per operation; a .vcd name gets the bus signals instead (100 ps units) */
		size_t n = strlen(s->p->trace_path);
		bool vcd = n >= 4 && strcmp(s->p->trace_path + n - 4, ".vcd") == 0;
		extmem_sim_trace_init(&s->trace, vcd ? NULL : s->trace_file, NULL, NULL);
		if (vcd) {
			if (extmem_sim_vcd_open(&s->vcd, s->trace_file, 8, 100) != 0) {
				fprintf(stderr, "extmem prog: %s: cannot start the VCD\n", s->p->trace_path);
				return PROG_EXIT_FILE;
			}
			s->vcd_open = true;
			s->trace.vcd = &s->vcd;
		}
		s->nor->base.trace = &s->trace;
	}
	const struct extmem_emu_config cfg = {.clock = &s->clock, .port2 = &s->nor->base, .fast_xip = true};
	if (extmem_emu_create(&s->emu, &cfg) != 0) {
		fprintf(stderr, "extmem prog: cannot create the emulated board\n");
		return PROG_EXIT_FILE;
	}
	extmem_emu_reset(s->emu);
	return 0;
}

/* ---- loading ---- */

static int load_segments(struct session *s)
{
	struct extmem_elf_shdr info;
	bool has_info = extmem_elf_section(&s->elf, ".Dev_info", &info) >= 0;
	uint32_t top = RAM_BASE;
	if (s->fmt == FMT_FLM) {
		/* PrgCode + PrgData, as linked from 0, at the start of AXI SRAM */
		struct extmem_elf_shdr code, data;
		if (extmem_elf_section(&s->elf, "PrgCode", &code) < 0 ||
		    extmem_elf_section(&s->elf, "PrgData", &data) < 0 || code.addr != 0 || data.addr < code.size ||
		    data.addr - code.size > 8u || data.addr + data.size > EXTMEM_EMU_AXI_SIZE / 2)
			return fail(s, PROG_EXIT_FILE, "PrgCode at 0 followed by PrgData expected%s%s", "", "");
		s->load_base = RAM_BASE;
		s->sb = RAM_BASE + data.addr;
		if (extmem_emu_write_mem(s->emu, RAM_BASE, s->elf.bytes + code.offset, code.size) != 0 ||
		    (data.type != 8u &&
		     extmem_emu_write_mem(s->emu, s->sb, s->elf.bytes + data.offset, data.size) != 0))
			return fail(s, PROG_EXIT_FILE, "cannot load PrgCode/PrgData%s%s", "", "");
		top = s->sb + data.size;
		if (data.type == 8u) {
			uint8_t *z = calloc(1, data.size ? data.size : 1);
			int bad = z == NULL || extmem_emu_write_mem(s->emu, s->sb, z, data.size) != 0;
			free(z);
			if (bad)
				return PROG_EXIT_FILE;
		}
	} else {
		for (unsigned i = 0; i < s->elf.phnum; i++) {
			struct extmem_elf_phdr ph;
			if (extmem_elf_phdr(&s->elf, i, &ph) != 0 || ph.type != PT_LOAD || ph.memsz == 0)
				continue;
			if (has_info && ph.offset <= info.offset && info.offset < ph.offset + ph.filesz)
				continue; /* StorageInfo's own segment: the tool reads it from the file */
			if (ph.paddr < RAM_BASE || ph.paddr > RAM_END || ph.memsz > RAM_END - ph.paddr) {
				char at[32];
				snprintf(at, sizeof(at), "0x%08X", (unsigned)ph.paddr);
				return fail(s, PROG_EXIT_FILE, "segment at %s is outside AXI SRAM%s", at, "");
			}
			if (ph.filesz &&
			    extmem_emu_write_mem(s->emu, ph.paddr, s->elf.bytes + ph.offset, ph.filesz) != 0)
				return PROG_EXIT_FILE;
			if (ph.paddr + ph.memsz > top)
				top = ph.paddr + ph.memsz;
		}
	}
	/* the tool's buffer after the loader, then (FLM) the stub and a 4 KiB stack */
	s->buf = (top + 1023u) & ~1023u;
	s->buf_size = BUF_MAX; /* data staged 64 KiB at a time, handed over chunk by chunk */
	s->sp = s->fmt == FMT_FLM ? ((s->buf + BUF_MAX + 4096u + 7u) & ~7u) : STACK_TOP;
	static const uint8_t copy[] = {0x51, 0xF8, 0x04, 0x3B, 0x40, 0xF8, 0x04,
				       0x3B, 0x04, 0x3A, 0xF9, 0xD1, 0x70, 0x47};
	if (extmem_emu_write_mem(s->emu, COPY_STUB, copy, sizeof(copy)) != 0)
		return PROG_EXIT_FILE;
	if (s->fmt == FMT_IAR) {
		struct extmem_elf_sym a, b, v, prm, brk;
		if (extmem_elf_symbol(&s->elf, "FlashBufferStart", &a) != 0 ||
		    extmem_elf_symbol(&s->elf, "FlashBufferEnd", &b) != 0 ||
		    extmem_elf_symbol(&s->elf, "__vector_table", &v) != 0 ||
		    extmem_elf_symbol(&s->elf, "theFlashParams", &prm) != 0 ||
		    extmem_elf_symbol(&s->elf, "FlashBreak", &brk) != 0 || b.value <= a.value)
			return fail(s, PROG_EXIT_FILE, "missing FlashBuffer*, __vector_table or FlashBreak%s%s", "",
				    "");
		const uint8_t *vt = extmem_elf_at(&s->elf, v.value, 4);
		s->buf = a.value;
		s->buf_size = b.value - a.value < BUF_MAX ? b.value - a.value : BUF_MAX;
		s->sp = vt != NULL ? rd32(vt) : STACK_TOP;
		s->params = prm.value;
		s->brk = brk.value & ~1u;
		if (s->buf_size < s->chunk)
			return fail(s, PROG_EXIT_FILE, "FlashBufferStart..End is smaller than one block%s%s", "", "");
	}
	if (s->buf + s->buf_size + 8192u > STACK_TOP)
		return fail(s, PROG_EXIT_FILE, "no room in AXI SRAM for the data buffer and the stack%s%s", "", "");
	/*
	 * Stubs written once (every emulator memory write flushes its code cache):
	 * FLM, one per function: ldr.w r9, [pc, #4]; ldr.w pc, [pc, #4]; .word sb; .word fn.
	 * IAR: stm.w ip, {r0-r3} into theFlashParams; then str.w r0, [ip, #16] and bx r1 to the entry.
	 */
	uint8_t stubs[16 * 8] = {0};
	if (s->fmt == FMT_FLM) {
		for (unsigned k = 0; k < sizeof(flm_functions) / sizeof(flm_functions[0]); k++) {
			static const uint8_t code[8] = {0xDF, 0xF8, 0x04, 0x90, 0xDF, 0xF8, 0x04, 0xF0};
			struct extmem_elf_sym fsym;
			memcpy(stubs + (size_t)16 * k, code, sizeof(code));
			wr32(stubs + (size_t)16 * k + 8, s->sb);
			wr32(stubs + (size_t)16 * k + 12,
			     extmem_elf_symbol(&s->elf, flm_functions[k], &fsym) == 0 ? s->load_base + fsym.value : 0);
		}
	}
	if (s->fmt == FMT_IAR) {
		static const uint8_t code[32] = {0xDF, 0xF8, 0x08, 0xC0, 0x8C, 0xE8, 0x0F, 0x00, 0x70, 0x47, 0x00,
						 0xBF, 0,    0,    0,    0,    0xDF, 0xF8, 0x08, 0xC0, 0xCC, 0xF8,
						 0x10, 0x00, 0x08, 0x47, 0x00, 0xBF, 0,    0,    0,    0};
		memcpy(stubs, code, sizeof(code));
		wr32(stubs + 12, s->params);
		wr32(stubs + 28, s->params);
	}
	if (s->fmt != FMT_STLDR && extmem_emu_write_mem(s->emu, FLM_STUB, stubs, sizeof(stubs)) != 0)
		return PROG_EXIT_FILE;
	return 0;
}

/* ---- calling entry points ---- */

static struct entry_stat *stat_of(struct session *s, const char *name)
{
	for (unsigned i = 0; i < s->nstats; i++)
		if (strcmp(s->stats[i].name, name) == 0)
			return &s->stats[i];
	if (s->nstats == sizeof(s->stats) / sizeof(s->stats[0]))
		return &s->stats[s->nstats - 1];
	s->stats[s->nstats].name = name;
	return &s->stats[s->nstats++];
}

/* Calls name(args); *r0 (and *r1) get the result. 0, or a PROG_EXIT_* after a message. */
static int call(struct session *s, const char *name, const uint32_t *args, unsigned nargs, uint32_t *r0, uint32_t *r1)
{
	struct extmem_elf_sym sym;
	/* a power cut (extmem powercut) takes the whole board down: the tool calls nothing more */
	if (s->nor != NULL && s->p->cut_after_op != 0 && !s->nor->powered)
		return fail(s, PROG_EXIT_STUCK, "power lost before %s%s", name, "");
	if (extmem_elf_symbol(&s->elf, name, &sym) != 0 || sym.type != 2u /* STT_FUNC */)
		return fail(s, PROG_EXIT_FILE, "no entry point %s%s", name, "");
	struct extmem_emu_limits lim = {.max_ps = s->clock.now_ps + s->p->call_limit_ps, .max_insns = 4000000000ull};
	uint32_t fn = sym.value, result = 0;
	uint32_t iar_args[2];
	if (s->fmt == FMT_FLM) {
		int k = flm_index(name);
		if (k < 0)
			return fail(s, PROG_EXIT_FILE, "%s is not a CMSIS flash algorithm function%s", name, "");
		fn = FLM_STUB + 16u * (unsigned)k;
	}
	if (s->fmt == FMT_IAR) {
		/* theFlashParams: words 0..3 by the first stub, word 4 and the jump by the second */
		uint32_t prm[5] = {0};
		for (unsigned i = 0; i < 5 && i < nargs; i++)
			prm[i] = args[i];
		struct extmem_emu_limits slim = {.max_insns = 1000};
		uint32_t ignored;
		if (extmem_emu_call(s->emu, FLM_STUB, prm, 4, s->sp, &slim, &ignored) != EXTMEM_EMU_STOP_RETURNED)
			return fail(s, PROG_EXIT_STUCK, "cannot write theFlashParams before %s%s", name, "");
		iar_args[0] = prm[4];
		iar_args[1] = fn;
		args = iar_args;
		nargs = 2;
		fn = FLM_STUB + 16u;
		lim.breakpoints[0] = s->brk;
	}
	uint64_t t0 = s->clock.now_ps;
	enum extmem_emu_stop_reason why = extmem_emu_call(s->emu, fn, args, nargs, s->sp, &lim, &result);
	struct entry_stat *st = stat_of(s, name);
	st->ps += s->clock.now_ps - t0;
	st->calls++;
	if (s->p->result != NULL && s->clock.now_ps - t0 > s->p->result->max_call_ps)
		s->p->result->max_call_ps = s->clock.now_ps - t0;
	s->busy_ps += s->clock.now_ps - t0;
	enum extmem_emu_stop_reason want = s->fmt == FMT_IAR ? EXTMEM_EMU_STOP_BREAKPOINT : EXTMEM_EMU_STOP_RETURNED;
	const struct extmem_emu_stop *stop = extmem_emu_last_stop(s->emu);
	if (why != want || (s->fmt == FMT_IAR && (stop->pc & ~1u) != s->brk)) {
		char detail[400];
		bool limit = why == EXTMEM_EMU_STOP_TIME_LIMIT || why == EXTMEM_EMU_STOP_INSN_LIMIT;
		snprintf(detail, sizeof(detail), "%s at PC 0x%08X%s%s%s", extmem_emu_stop_name(why), (unsigned)stop->pc,
			 stop->message[0] ? ": " : "", stop->message,
			 limit ? " (emulator limit: the loader is stuck; see --call-limit-ms)" : "");
		return fail(s, PROG_EXIT_STUCK, "entry point %s did not return: %s", name, detail);
	}
	if (s->fmt == FMT_IAR) {
		uint8_t c[4];
		if (extmem_emu_read_mem(s->emu, s->params + 4u, c, 4) != 0)
			return PROG_EXIT_FILE;
		result = rd32(c);
	}
	*r0 = result;
	if (r1 != NULL)
		*r1 = extmem_emu_reg(s->emu, 1);
	return 0;
}

/* The tool's failure report: entry point, arguments, the code it returned. */
static int loader_failed(struct session *s, const char *name, uint32_t a0, uint32_t a1, uint32_t code,
			 const char *meaning)
{
	fprintf(stderr, "extmem prog: %s: %s(0x%08X, 0x%08X) returned %u (%s)%s%s\n", s->p->loader_path, name,
		(unsigned)a0, (unsigned)a1, (unsigned)code, meaning,
		s->nor->base.violations ? "; last NOR protocol violation: " : "",
		s->nor->base.violations ? s->nor->base.last_violation : "");
	return PROG_EXIT_LOADER;
}

/* Init for a phase (FLM: 1 erase, 2 program, 3 verify; the others once). */
static int ensure_init(struct session *s, unsigned phase)
{
	uint32_t r = 0;
	int rc;
	if (s->fmt == FMT_FLM) {
		if (s->ready && s->phase == phase)
			return 0;
		if (s->ready) {
			uint32_t a = s->phase;
			if ((rc = call(s, "UnInit", &a, 1, &r, NULL)) != 0)
				return rc;
			if (r != 0)
				return loader_failed(s, "UnInit", a, 0, r, "FLM: 0 = success");
		}
		uint32_t args[3] = {s->base, 600000000u, phase};
		if ((rc = call(s, "Init", args, 3, &r, NULL)) != 0)
			return rc;
		if (r != 0)
			return loader_failed(s, "Init", args[0], args[1], r, "FLM: 0 = success");
		s->ready = true;
		s->phase = phase;
		return 0;
	}
	if (s->ready)
		return 0;
	if (s->fmt == FMT_STLDR) {
		if ((rc = call(s, "Init", NULL, 0, &r, NULL)) != 0)
			return rc;
		if (r != 1)
			return loader_failed(s, "Init", 0, 0, r, "STM32CubeProgrammer: 1 = success");
	} else {
		uint32_t prm[5] = {s->base, 0, 0, 0, 0};
		if ((rc = call(s, "FlashInitEntry", prm, 5, &r, NULL)) != 0)
			return rc;
		if (r != 0)
			return loader_failed(s, "FlashInit", s->base, 0, r, "IAR: RESULT_OK = 0");
	}
	s->ready = true;
	return 0;
}

/* ---- progress ---- */

static void progress(struct session *s, const char *what, uint64_t done, uint64_t total)
{
	const struct prog *p = s->p;
	if (p->quiet || p->json || total == 0)
		return;
	unsigned pct = (unsigned)(done * 100u / total);
	if (p->tty) {
		char bar[41];
		unsigned fill = pct * 40u / 100u;
		for (unsigned i = 0; i < 40; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[40] = '\0';
		printf("\r  %-7s [%s] %3u%%  %.2f/%.2f MiB", what, bar, pct, (double)done / 1048576.0,
		       (double)total / 1048576.0);
		if (done == total)
			printf("\n");
		fflush(stdout);
	} else if (done == total || done * 4u / total != (done - (done ? 1 : 0)) * 4u / total) {
		printf("  %s: %llu of %llu bytes (%u%%)\n", what, (unsigned long long)done, (unsigned long long)total,
		       pct);
	}
}

/* ---- actions ---- */

static int check_range(struct session *s, uint32_t addr, uint64_t len, const char *what)
{
	if (addr < s->base || addr - s->base > s->size || len > s->size - (addr - s->base)) {
		fprintf(stderr,
			"extmem prog: %s [0x%08X, 0x%09llX) is outside the device [0x%08X, 0x%09llX) the loader "
			"describes\n",
			what, (unsigned)addr, (unsigned long long)addr + len, (unsigned)s->base,
			(unsigned long long)s->base + s->size);
		return PROG_EXIT_FILE;
	}
	return 0;
}

static int window_read(struct session *s, uint32_t addr, uint8_t *out, uint32_t n);

/* Sector [a, a + sector) reads as erased (through the window, or FLM BlankCheck). */
static int sector_blank(struct session *s, uint32_t a, bool *blank)
{
	uint32_t r = 0;
	int rc;
	*blank = false;
	if (s->fmt == FMT_FLM) {
		uint32_t bc[3] = {a, s->sector, s->erase_value};
		if ((rc = call(s, "BlankCheck", bc, 3, &r, NULL)) != 0)
			return rc;
		*blank = r == 0;
		return 0;
	}
	uint8_t *b = malloc(s->sector);
	if (b == NULL)
		return PROG_EXIT_FILE;
	rc = window_read(s, a, b, s->sector);
	*blank = rc == 0;
	for (uint32_t i = 0; rc == 0 && i < s->sector && *blank; i++)
		*blank = b[i] == s->erase_value;
	free(b);
	return rc;
}

/* Erases the sectors [first, end) in one loader request (STM32CubeProgrammer) or one per sector. */
static int erase_sectors(struct session *s, uint32_t first, uint64_t end)
{
	uint32_t r = 0;
	int rc;
	if (s->fmt == FMT_STLDR) {
		uint32_t args[2] = {first, (uint32_t)(end - 1u)};
		if ((rc = call(s, "SectorErase", args, 2, &r, NULL)) != 0)
			return rc;
		if (r != 1)
			return loader_failed(s, "SectorErase", args[0], args[1], r, "STM32CubeProgrammer: 1 = success");
		return 0;
	}
	for (uint64_t a = first; a < end; a += s->sector) {
		if (s->fmt == FMT_FLM) {
			uint32_t arg = (uint32_t)a;
			if ((rc = call(s, "EraseSector", &arg, 1, &r, NULL)) != 0)
				return rc;
			if (r != 0)
				return loader_failed(s, "EraseSector", arg, 0, r, "FLM: 0 = success");
		} else {
			uint32_t prm[5] = {(uint32_t)a, 0, 0, 0, s->sector};
			if ((rc = call(s, "FlashEraseWriteEntry", prm, 5, &r, NULL)) != 0)
				return rc;
			if (r != 0)
				return loader_failed(s, "FlashErase", prm[0], prm[4], r, "IAR: RESULT_OK = 0");
		}
	}
	return 0;
}

/*
 * Erases every sector holding a byte of [addr, addr + len). skip_blank: as
 * Keil (BlankCheck) and pyOCD's smart flash do before programming, sectors
 * that already read erased are left alone.
 */
static int erase_range(struct session *s, uint32_t addr, uint64_t len, bool skip_blank)
{
	int rc = check_range(s, addr, len, "erase");
	if (rc == 0)
		rc = ensure_init(s, 1);
	if (rc != 0)
		return rc;
	uint32_t first = addr - (addr - s->base) % s->sector;
	uint64_t last = (uint64_t)addr + len - 1u;
	uint64_t end = last - (last - s->base) % s->sector + s->sector;
	if (!skip_blank) {
		rc = erase_sectors(s, first, end);
		progress(s, "Erase", 1, 1);
	}
	for (uint64_t a = first; skip_blank && a < end && rc == 0;) {
		/* the next run of sectors that are not blank */
		bool blank = true;
		while (a < end && (rc = sector_blank(s, (uint32_t)a, &blank)) == 0 && blank)
			a += s->sector;
		uint64_t run = a;
		while (rc == 0 && a < end && !blank) {
			a += s->sector;
			if (a < end)
				rc = sector_blank(s, (uint32_t)a, &blank);
		}
		if (rc == 0 && a > run)
			rc = erase_sectors(s, (uint32_t)run, a);
		progress(s, "Erase", a - first, end - first);
	}
	if (rc == 0)
		s->bytes[PROG_ERASE] += end - first;
	return rc;
}

static int mass_erase(struct session *s)
{
	uint32_t r = 0;
	int rc;
	if (s->fmt == FMT_IAR) {
		/* FlashInit with FLAG_MASS_ERASE | FLAG_ERASE_ONLY: RESULT_ERASE_DONE (3) */
		uint32_t prm[5] = {s->base, 3u, 0, 0, 0};
		if ((rc = call(s, "FlashInitEntry", prm, 5, &r, NULL)) != 0)
			return rc;
		if (r != 3)
			return loader_failed(s, "FlashInit(mass erase)", s->base, 3, r, "IAR: RESULT_ERASE_DONE = 3");
		s->ready = true;
	} else {
		if ((rc = ensure_init(s, 1)) != 0)
			return rc;
		const char *name = s->fmt == FMT_STLDR ? "MassErase" : "EraseChip";
		uint32_t zero = 0;
		if ((rc = call(s, name, &zero, s->fmt == FMT_STLDR ? 1 : 0, &r, NULL)) != 0)
			return rc;
		if (r != (s->fmt == FMT_STLDR ? 1u : 0u))
			return loader_failed(s, name, 0, 0, r,
					     s->fmt == FMT_STLDR ? "STM32CubeProgrammer: 1 = success"
								 : "FLM: 0 = success");
	}
	s->bytes[PROG_ERASE] += s->size;
	return 0;
}

static int load_image(struct session *s, const struct prog_action *a, struct extmem_image *img)
{
	char err[256];
	if (extmem_image_load(a->path, a->has_addr, a->has_addr ? a->addr : s->base, img, err, sizeof(err)) != 0) {
		fprintf(stderr, "extmem prog: %s: %s\n", a->path, err);
		return PROG_EXIT_FILE;
	}
	for (size_t i = 0; i < img->count; i++) {
		char what[300];
		snprintf(what, sizeof(what), "%s (%s, %u bytes)", a->path, img->format, (unsigned)img->segs[i].len);
		int rc = check_range(s, img->segs[i].addr, img->segs[i].len, what);
		if (rc != 0) {
			extmem_image_free(img);
			return rc;
		}
	}
	return 0;
}

static uint16_t crc16(uint16_t crc, const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int b = 0; b < 8; b++)
			crc = (uint16_t)((crc & 0x8000u) != 0 ? (uint32_t)crc << 1 ^ 0x1021u : (uint32_t)crc << 1);
	}
	return crc;
}

/* One chunk, already in RAM at bufaddr, into [addr, addr + n) (IAR: the whole block at addr). */
static int write_chunk(struct session *s, uint32_t addr, uint32_t bufaddr, uint32_t n)
{
	uint32_t r = 0;
	int rc = 0;
	if (s->fmt == FMT_IAR) {
		/* a block whose checksum is the erased block's is only written (unless --force-erase) */
		bool blank = false;
		if (!s->p->force_erase) {
			uint32_t ck[5] = {addr, s->chunk, 0, 0, 0};
			uint8_t *ff = malloc(s->chunk);
			if (ff != NULL)
				memset(ff, s->erase_value, s->chunk);
			rc = ff == NULL ? PROG_EXIT_FILE : call(s, "FlashChecksumEntry", ck, 5, &r, NULL);
			blank = rc == 0 && (uint16_t)r == crc16(0, ff, s->chunk);
			free(ff);
		}
		const char *entry = blank ? "FlashWriteEntry" : "FlashEraseWriteEntry";
		uint32_t prm[5] = {addr, s->chunk, 0, bufaddr, s->chunk};
		if (rc == 0 && (rc = call(s, entry, prm, 5, &r, NULL)) == 0 && r != 0)
			return loader_failed(s, blank ? "FlashWrite" : "FlashEraseWrite", addr, s->chunk, r,
					     "IAR: RESULT_OK = 0");
		return rc;
	}
	uint32_t args[3] = {addr, n, bufaddr};
	bool st = s->fmt == FMT_STLDR;
	if ((rc = call(s, st ? "Write" : "ProgramPage", args, 3, &r, NULL)) != 0)
		return rc;
	if (r != (st ? 1u : 0u))
		return loader_failed(s, st ? "Write" : "ProgramPage", addr, n, r,
				     st ? "STM32CubeProgrammer: 1 = success" : "FLM: 0 = success");
	return 0;
}

/*
 * Copies [lo, hi) of the device's future contents into the RAM buffer in one
 * emulator write: the image's bytes, the erase value elsewhere (IAR writes
 * whole blocks).
 */
static int stage(struct session *s, const struct extmem_image *img, uint32_t lo, uint32_t hi)
{
	if (hi <= lo)
		return 0;
	uint8_t *b = malloc(hi - lo);
	if (b == NULL)
		return PROG_EXIT_FILE;
	memset(b, s->erase_value, hi - lo);
	/* every segment's bytes in the window: an IAR block can hold more than one segment */
	for (size_t i = 0; i < img->count; i++) {
		const struct extmem_image_seg *g = &img->segs[i];
		uint32_t from = lo > g->addr ? lo : g->addr;
		uint64_t to = (uint64_t)g->addr + g->len < hi ? (uint64_t)g->addr + g->len : hi;
		if (to > from)
			memcpy(b + (from - lo), g->data + (from - g->addr), (size_t)(to - from));
	}
	int rc = extmem_emu_write_mem(s->emu, s->buf, b, hi - lo) != 0 ? PROG_EXIT_FILE : 0;
	free(b);
	return rc;
}

static int write_image(struct session *s, const struct prog_action *a)
{
	struct extmem_image img;
	int rc = load_image(s, a, &img);
	if (rc != 0)
		return rc;
	uint64_t total = 0, done = 0;
	for (size_t i = 0; i < img.count; i++)
		total += img.segs[i].len;
	/* the tools erase what they program: every sector the image touches (IAR: per block, below) */
	for (size_t i = 0; i < img.count && rc == 0 && s->fmt != FMT_IAR; i++)
		rc = erase_range(s, img.segs[i].addr, img.segs[i].len, !s->p->force_erase);
	if (rc == 0)
		rc = ensure_init(s, 2);
	uint32_t window = s->buf_size - s->buf_size % s->chunk;
	/* IAR: the end of the blocks written so far (segments come sorted); a block is erased and written once */
	uint64_t written = 0;
	for (size_t i = 0; i < img.count && rc == 0; i++) {
		const struct extmem_image_seg *g = &img.segs[i];
		uint64_t end = (uint64_t)g->addr + g->len;
		uint32_t pos = s->fmt == FMT_IAR ? g->addr - (g->addr - s->base) % s->chunk : g->addr;
		if (s->fmt == FMT_IAR && pos < written) {
			done += (written < end ? written : end) - g->addr;
			if (written >= end)
				continue;
			pos = (uint32_t)written;
		}
		while (pos < end && rc == 0) {
			/* one staged window, then chunk by chunk on the device's chunk boundaries */
			uint32_t hi = (uint32_t)(end - pos < window ? end : pos + window);
			if (s->fmt == FMT_IAR && (hi - s->base) % s->chunk != 0)
				hi += s->chunk - (hi - s->base) % s->chunk;
			rc = stage(s, &img, pos, hi);
			for (uint32_t c = pos; c < hi && rc == 0;) {
				uint32_t room = s->chunk - (c - s->base) % s->chunk;
				uint32_t n = hi - c < room ? hi - c : room;
				rc = write_chunk(s, c, s->buf + (c - pos), n);
				c += n;
			}
			done += (hi < end ? hi : end) - (pos > g->addr ? pos : g->addr);
			progress(s, "Write", done, total);
			pos = hi;
		}
		written = pos;
	}
	s->bytes[PROG_WRITE] += done;
	extmem_image_free(&img);
	return rc;
}

/*
 * The debugger's view: bytes of the XSPI2 window, which the loader left
 * mapped, read over the bus. The emulator reaches the window only from the
 * core, so a word-copy routine at the top of RAM does the bus reads into
 * the data buffer: ldr r3,[r1],#4; str r3,[r0],#4; subs r2,#4; bne; bx lr.
 */
static int window_read(struct session *s, uint32_t addr, uint8_t *out, uint32_t n)
{
	for (uint32_t done = 0; done < n;) {
		uint32_t a = addr + done, lo = a & ~3u;
		uint32_t want = n - done < s->buf_size - 4u ? n - done : s->buf_size - 4u;
		uint32_t words = (a - lo + want + 3u) / 4u;
		uint32_t args[3] = {s->buf, lo, words * 4u}, r = 0;
		struct extmem_emu_limits lim = {.max_ps = s->clock.now_ps + s->p->call_limit_ps,
						.max_insns = 100000000ull};
		if (extmem_emu_call(s->emu, COPY_STUB, args, 3, STACK_TOP, &lim, &r) != EXTMEM_EMU_STOP_RETURNED ||
		    extmem_emu_read_mem(s->emu, s->buf + (a - lo), out + done, want) != 0) {
			const struct extmem_emu_stop *st = extmem_emu_last_stop(s->emu);
			fprintf(stderr, "extmem prog: reading 0x%08X through the window failed: %s%s%s\n", (unsigned)a,
				extmem_emu_stop_name(st->reason), st->message[0] ? ": " : "", st->message);
			return PROG_EXIT_LOADER;
		}
		done += want;
	}
	return 0;
}

static int read_range(struct session *s, const struct prog_action *a)
{
	int rc = check_range(s, a->addr, a->len, "read");
	if (rc == 0)
		rc = ensure_init(s, 3);
	uint32_t r = 0;
	if (rc == 0 && s->fmt == FMT_IAR && (rc = call(s, "FlashSignoffEntry", NULL, 0, &r, NULL)) == 0 && r != 0)
		rc = loader_failed(s, "FlashSignoff", 0, 0, r, "IAR: RESULT_OK = 0");
	if (rc != 0)
		return rc;
	FILE *f = fopen(a->path, "wb");
	if (f == NULL) {
		fprintf(stderr, "extmem prog: --read: cannot write %s: %s\n", a->path, strerror(errno));
		return PROG_EXIT_FILE;
	}
	extmem_emu_refresh_windows(s->emu);
	uint8_t *buf = malloc(BUF_MAX);
	for (uint64_t done = 0; buf != NULL && done < a->len && rc == 0;) {
		uint32_t n = a->len - done < BUF_MAX ? (uint32_t)(a->len - done) : BUF_MAX;
		rc = window_read(s, a->addr + (uint32_t)done, buf, n);
		if (rc == 0 && fwrite(buf, 1, n, f) != n) {
			fprintf(stderr, "extmem prog: %s: %s\n", a->path, strerror(errno));
			rc = PROG_EXIT_FILE;
		}
		done += n;
		progress(s, "Read", done, a->len);
	}
	free(buf);
	if (fclose(f) != 0 && rc == 0)
		rc = PROG_EXIT_FILE;
	s->bytes[PROG_READ] += a->len;
	return rc;
}

/* One verify chunk, its bytes in data and at bufaddr in RAM; *diff = address of the first difference, or 0. */
static int verify_chunk(struct session *s, uint32_t addr, const uint8_t *data, uint32_t bufaddr, uint32_t n,
			uint32_t *diff)
{
	uint32_t r = 0, r1 = 0;
	int rc;
	*diff = 0;
	if (s->fmt == FMT_IAR) {
		uint32_t prm[5] = {addr, n, 0, 0, 0};
		if ((rc = call(s, "FlashChecksumEntry", prm, 5, &r, NULL)) != 0)
			return rc;
		if ((uint16_t)r == crc16(0, data, n))
			return 0;
		/* the checksum says "differs": find where, through the window */
		uint8_t *got = malloc(n);
		uint32_t r2 = 0;
		rc = got == NULL ? PROG_EXIT_FILE : call(s, "FlashSignoffEntry", NULL, 0, &r2, NULL);
		if (rc == 0)
			rc = window_read(s, addr, got, n);
		for (uint32_t i = 0; rc == 0 && i < n; i++)
			if (got[i] != data[i]) {
				*diff = addr + i;
				break;
			}
		if (rc == 0 && *diff == 0)
			*diff = addr; /* CRC differs, bytes equal: the loader's checksum is wrong */
		free(got);
		return rc;
	}
	if (s->fmt == FMT_STLDR) {
		/* Size in words; a difference past the image's end (the padding of the last word) does not count */
		uint32_t args[4] = {addr, bufaddr, (n + 3u) / 4u, 0};
		if ((rc = call(s, "Verify", args, 4, &r, &r1)) != 0)
			return rc;
		uint32_t sum = 0;
		for (uint32_t i = 0; i < n; i++)
			sum += data[i];
		if (r != 0 && r - addr < n)
			*diff = r;
		else if (r == 0 && n % 4u == 0 && r1 != sum)
			*diff = addr; /* bytes equal, checksum not: report the chunk */
	} else {
		uint32_t args[3] = {addr, n, bufaddr};
		if ((rc = call(s, "Verify", args, 3, &r, NULL)) != 0)
			return rc;
		if (r != addr + n)
			*diff = r;
	}
	return 0;
}

static int verify_image(struct session *s, const struct prog_action *a)
{
	struct extmem_image img;
	int rc = load_image(s, a, &img);
	if (rc == 0)
		rc = ensure_init(s, 3);
	uint64_t total = 0, done = 0;
	for (size_t i = 0; i < img.count; i++)
		total += img.segs[i].len;
	uint32_t diff = 0, window = s->buf_size - s->buf_size % s->chunk;
	for (size_t i = 0; i < img.count && rc == 0 && diff == 0; i++) {
		const struct extmem_image_seg *g = &img.segs[i];
		for (uint32_t off = 0; off < g->len && rc == 0 && diff == 0;) {
			uint32_t w = g->len - off < window ? g->len - off : window;
			rc = s->fmt == FMT_IAR ? 0 : stage(s, &img, g->addr + off, g->addr + off + w);
			for (uint32_t c = 0; c < w && rc == 0 && diff == 0;) {
				uint32_t n = w - c < s->chunk ? w - c : s->chunk;
				rc = verify_chunk(s, g->addr + off + c, g->data + off + c, s->buf + c, n, &diff);
				c += n;
			}
			off += w;
			done += w;
			progress(s, "Verify", done, total);
		}
	}
	extmem_image_free(&img);
	s->bytes[PROG_VERIFY] += done;
	if (rc == 0 && diff != 0) {
		fprintf(stderr, "extmem prog: verify: %s differs from the device at 0x%08X\n", a->path, (unsigned)diff);
		s->mismatch = 1;
	}
	return rc;
}

/* ---- summary ---- */

/* The summary as one object (cJSON: the loader's path and names are escaped). */
static void summary_json(const struct session *s, int rc)
{
	static const char *const kinds[] = {"erased", "mass-erased", "written", "read", "verified"};
	cJSON *j = cJSON_CreateObject();
	cJSON *e = NULL;
	bool ok = j != NULL && cJSON_AddStringToObject(j, "loader", s->p->loader_path) &&
		  cJSON_AddStringToObject(j, "format", s->fmt_name ? s->fmt_name : "") &&
		  cJSON_AddStringToObject(j, "device", s->dev_name) &&
		  cJSON_AddStringToObject(j, "part", s->part ? s->part->name : "") &&
		  cJSON_AddNumberToObject(j, "status", rc) &&
		  cJSON_AddNumberToObject(j, "device_ps", (double)s->busy_ps);
	for (unsigned k = 0; ok && k < 5; k++)
		if (k != PROG_MASS_ERASE)
			ok = cJSON_AddNumberToObject(j, kinds[k], (double)s->bytes[k]) != NULL;
	ok = ok && (e = cJSON_AddObjectToObject(j, "entries")) != NULL;
	for (unsigned i = 0; ok && i < s->nstats; i++) {
		cJSON *one = cJSON_AddObjectToObject(e, s->stats[i].name);
		ok = one != NULL && cJSON_AddNumberToObject(one, "calls", s->stats[i].calls) &&
		     cJSON_AddNumberToObject(one, "ps", (double)s->stats[i].ps);
	}
	ok = ok && cJSON_AddNumberToObject(j, "violations", s->nor ? s->nor->base.violations : 0u);
	char *text = ok ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	if (text == NULL) {
		fprintf(stderr, "extmem prog: the JSON summary could not be built (out of memory)\n");
		return;
	}
	puts(text);
	free(text);
}

static void summary(struct session *s, int rc)
{
	static const char *const kinds[] = {"erased", "mass-erased", "written", "read", "verified"};
	double secs = (double)s->busy_ps / 1e12;
	if (s->p->json) {
		summary_json(s, rc);
		return;
	}
	if (s->p->quiet)
		return;
	printf("extmem prog: %s loader \"%s\" on the emulated %s\n", s->fmt_name, s->dev_name,
	       s->part ? s->part->name : "?");
	for (unsigned k = 0; k < 5; k++)
		if (s->bytes[k] != 0 && k != PROG_MASS_ERASE)
			printf("  %-9s %llu bytes\n", kinds[k], (unsigned long long)s->bytes[k]);
	printf("  device time %.6f s", secs);
	if (s->bytes[PROG_WRITE] != 0 && secs > 0)
		printf(", programming throughput %.1f KiB/s (erase + program + the loader's read-back)",
		       (double)s->bytes[PROG_WRITE] / 1024.0 / secs);
	printf("\n  time per entry point:\n");
	for (unsigned i = 0; i < s->nstats; i++)
		printf("    %-22s %7u calls %12.6f s\n", s->stats[i].name, (unsigned)s->stats[i].calls,
		       (double)s->stats[i].ps / 1e12);
	if (s->nor != NULL)
		printf("  %u NOR protocol violations%s%s\n", (unsigned)s->nor->base.violations,
		       s->nor->base.violations ? ", last: " : "", s->nor->base.last_violation);
}

int prog_run(const struct prog *p)
{
	struct session *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return PROG_EXIT_FILE;
	s->p = p;
	int rc = identify(s);
	if (rc == 0)
		rc = make_board(s);
	if (rc == 0)
		rc = load_segments(s);
	for (unsigned i = 0; i < p->count && rc == 0; i++) {
		const struct prog_action *a = &p->actions[i];
		switch (a->kind) {
		case PROG_ERASE:
			rc = erase_range(s, a->has_addr ? a->addr : s->base, a->has_addr ? a->len : s->size, false);
			break;
		case PROG_MASS_ERASE: rc = mass_erase(s); break;
		case PROG_WRITE: rc = write_image(s, a); break;
		case PROG_READ: rc = read_range(s, a); break;
		case PROG_VERIFY: rc = verify_image(s, a); break;
		}
	}
	/* as the tools end a session: FLM UnInit, IAR signoff; the memory left mapped */
	if (rc == 0 && s->ready && s->fmt != FMT_STLDR) {
		uint32_t r = 0, a = s->phase;
		rc = call(s, s->fmt == FMT_FLM ? "UnInit" : "FlashSignoffEntry", &a, s->fmt == FMT_FLM ? 1 : 0, &r,
			  NULL);
		if (rc == 0 && r != 0)
			rc = loader_failed(s, s->fmt == FMT_FLM ? "UnInit" : "FlashSignoff", a, 0, r, "0 = success");
	}
	if (rc == 0 && s->mismatch)
		rc = PROG_EXIT_MISMATCH;
	if (rc != PROG_EXIT_USAGE && s->elf.bytes != NULL)
		summary(s, rc);
	if (s->emu != NULL)
		extmem_emu_destroy(s->emu);
	if (p->result != NULL && s->nor != NULL) {
		p->result->nor_ops = s->nor->ops;
		p->result->power_cut = !s->nor->powered;
	}
	if (p->result != NULL) {
		p->result->format = s->fmt_name;
		p->result->base = s->base;
		p->result->sector = s->sector;
	}
	if (s->nor != NULL) {
		if (s->p->flash_path != NULL && extmem_sim_nor_sync(s->nor) != 0) {
			fprintf(stderr, "extmem prog: %s: cannot write the flash contents back\n", s->p->flash_path);
			rc = rc ? rc : PROG_EXIT_FILE;
		}
		extmem_sim_nor_destroy(s->nor);
	}
	if (s->vcd_open)
		extmem_sim_vcd_close(&s->vcd, s->clock.now_ps);
	if (s->trace_file != NULL)
		fclose(s->trace_file);
	extmem_elf_close(&s->elf);
	free(s);
	return rc;
}

#endif
