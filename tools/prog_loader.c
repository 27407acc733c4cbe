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
 *
 * This file: identifying the loader, the board, loading and calling entry
 * points; the actions (erase, write, read, verify) and the summary are in
 * tools/prog_actions.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "prog_session.h"

#ifndef EXTMEM_NO_EMU

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

int prog_identify(struct session *s)
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

int prog_make_board(struct session *s)
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

int prog_load_segments(struct session *s)
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
int prog_call(struct session *s, const char *name, const uint32_t *args, unsigned nargs, uint32_t *r0, uint32_t *r1)
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
int prog_loader_failed(struct session *s, const char *name, uint32_t a0, uint32_t a1, uint32_t code,
		       const char *meaning)
{
	fprintf(stderr, "extmem prog: %s: %s(0x%08X, 0x%08X) returned %u (%s)%s%s\n", s->p->loader_path, name,
		(unsigned)a0, (unsigned)a1, (unsigned)code, meaning,
		s->nor->base.violations ? "; last NOR protocol violation: " : "",
		s->nor->base.violations ? s->nor->base.last_violation : "");
	return PROG_EXIT_LOADER;
}

/* Init for a phase (FLM: 1 erase, 2 program, 3 verify; the others once). */
int prog_ensure_init(struct session *s, unsigned phase)
{
	uint32_t r = 0;
	int rc;
	if (s->fmt == FMT_FLM) {
		if (s->ready && s->phase == phase)
			return 0;
		if (s->ready) {
			uint32_t a = s->phase;
			if ((rc = prog_call(s, "UnInit", &a, 1, &r, NULL)) != 0)
				return rc;
			if (r != 0)
				return prog_loader_failed(s, "UnInit", a, 0, r, "FLM: 0 = success");
		}
		uint32_t args[3] = {s->base, 600000000u, phase};
		if ((rc = prog_call(s, "Init", args, 3, &r, NULL)) != 0)
			return rc;
		if (r != 0)
			return prog_loader_failed(s, "Init", args[0], args[1], r, "FLM: 0 = success");
		s->ready = true;
		s->phase = phase;
		return 0;
	}
	if (s->ready)
		return 0;
	if (s->fmt == FMT_STLDR) {
		if ((rc = prog_call(s, "Init", NULL, 0, &r, NULL)) != 0)
			return rc;
		if (r != 1)
			return prog_loader_failed(s, "Init", 0, 0, r, "STM32CubeProgrammer: 1 = success");
	} else {
		uint32_t prm[5] = {s->base, 0, 0, 0, 0};
		if ((rc = prog_call(s, "FlashInitEntry", prm, 5, &r, NULL)) != 0)
			return rc;
		if (r != 0)
			return prog_loader_failed(s, "FlashInit", s->base, 0, r, "IAR: RESULT_OK = 0");
	}
	s->ready = true;
	return 0;
}

#endif
