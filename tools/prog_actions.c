/* SPDX-License-Identifier: MIT */
/*
 * `extmem prog`'s actions through the loader's entry points: erase of a
 * range (sectors already blank skipped) or of the chip, write of an image
 * staged in the loader's RAM buffer, read through the mapped window (or the
 * loader's Read), verify; progress on the terminal and the summary (text or
 * JSON). The session and the calls are tools/prog_loader.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "prog_session.h"

#ifndef EXTMEM_NO_EMU

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
		if ((rc = prog_call(s, "BlankCheck", bc, 3, &r, NULL)) != 0)
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
		if ((rc = prog_call(s, "SectorErase", args, 2, &r, NULL)) != 0)
			return rc;
		if (r != 1)
			return prog_loader_failed(s, "SectorErase", args[0], args[1], r,
						  "STM32CubeProgrammer: 1 = success");
		return 0;
	}
	for (uint64_t a = first; a < end; a += s->sector) {
		if (s->fmt == FMT_FLM) {
			uint32_t arg = (uint32_t)a;
			if ((rc = prog_call(s, "EraseSector", &arg, 1, &r, NULL)) != 0)
				return rc;
			if (r != 0)
				return prog_loader_failed(s, "EraseSector", arg, 0, r, "FLM: 0 = success");
		} else {
			uint32_t prm[5] = {(uint32_t)a, 0, 0, 0, s->sector};
			if ((rc = prog_call(s, "FlashEraseWriteEntry", prm, 5, &r, NULL)) != 0)
				return rc;
			if (r != 0)
				return prog_loader_failed(s, "FlashErase", prm[0], prm[4], r, "IAR: RESULT_OK = 0");
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
		rc = prog_ensure_init(s, 1);
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
		if ((rc = prog_call(s, "FlashInitEntry", prm, 5, &r, NULL)) != 0)
			return rc;
		if (r != 3)
			return prog_loader_failed(s, "FlashInit(mass erase)", s->base, 3, r,
						  "IAR: RESULT_ERASE_DONE = 3");
		s->ready = true;
	} else {
		if ((rc = prog_ensure_init(s, 1)) != 0)
			return rc;
		const char *name = s->fmt == FMT_STLDR ? "MassErase" : "EraseChip";
		uint32_t zero = 0;
		if ((rc = prog_call(s, name, &zero, s->fmt == FMT_STLDR ? 1 : 0, &r, NULL)) != 0)
			return rc;
		if (r != (s->fmt == FMT_STLDR ? 1u : 0u))
			return prog_loader_failed(s, name, 0, 0, r,
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
			rc = ff == NULL ? PROG_EXIT_FILE : prog_call(s, "FlashChecksumEntry", ck, 5, &r, NULL);
			blank = rc == 0 && (uint16_t)r == crc16(0, ff, s->chunk);
			free(ff);
		}
		const char *entry = blank ? "FlashWriteEntry" : "FlashEraseWriteEntry";
		uint32_t prm[5] = {addr, s->chunk, 0, bufaddr, s->chunk};
		if (rc == 0 && (rc = prog_call(s, entry, prm, 5, &r, NULL)) == 0 && r != 0)
			return prog_loader_failed(s, blank ? "FlashWrite" : "FlashEraseWrite", addr, s->chunk, r,
						  "IAR: RESULT_OK = 0");
		return rc;
	}
	uint32_t args[3] = {addr, n, bufaddr};
	bool st = s->fmt == FMT_STLDR;
	if ((rc = prog_call(s, st ? "Write" : "ProgramPage", args, 3, &r, NULL)) != 0)
		return rc;
	if (r != (st ? 1u : 0u))
		return prog_loader_failed(s, st ? "Write" : "ProgramPage", addr, n, r,
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
		rc = prog_ensure_init(s, 2);
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
		rc = prog_ensure_init(s, 3);
	uint32_t r = 0;
	if (rc == 0 && s->fmt == FMT_IAR && (rc = prog_call(s, "FlashSignoffEntry", NULL, 0, &r, NULL)) == 0 && r != 0)
		rc = prog_loader_failed(s, "FlashSignoff", 0, 0, r, "IAR: RESULT_OK = 0");
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
		if ((rc = prog_call(s, "FlashChecksumEntry", prm, 5, &r, NULL)) != 0)
			return rc;
		if ((uint16_t)r == crc16(0, data, n))
			return 0;
		/* the checksum says "differs": find where, through the window */
		uint8_t *got = malloc(n);
		uint32_t r2 = 0;
		rc = got == NULL ? PROG_EXIT_FILE : prog_call(s, "FlashSignoffEntry", NULL, 0, &r2, NULL);
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
		if ((rc = prog_call(s, "Verify", args, 4, &r, &r1)) != 0)
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
		if ((rc = prog_call(s, "Verify", args, 3, &r, NULL)) != 0)
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
		rc = prog_ensure_init(s, 3);
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
	int rc = prog_identify(s);
	if (rc == 0)
		rc = prog_make_board(s);
	if (rc == 0)
		rc = prog_load_segments(s);
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
		rc = prog_call(s, s->fmt == FMT_FLM ? "UnInit" : "FlashSignoffEntry", &a, s->fmt == FMT_FLM ? 1 : 0, &r,
			       NULL);
		if (rc == 0 && r != 0)
			rc = prog_loader_failed(s, s->fmt == FMT_FLM ? "UnInit" : "FlashSignoff", a, 0, r,
						"0 = success");
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
