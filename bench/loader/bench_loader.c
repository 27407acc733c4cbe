/* SPDX-License-Identifier: MIT */
/*
 * The External Memory Loaders, measured: each STM32H7S78-DK loader run by
 * `extmem prog --json` in the emulated board programs 1 and 8 MiB into the
 * MX66UW1G45G model. Device (virtual) time of the loader's programming entry
 * point against the part's bound (the wire time of WREN + page program plus
 * the datasheet's typical tPP for every page, sim/nor_plan.c), and for 1 MiB
 * the whole session with every sector erased first against the bound with
 * the erase (64 KiB blocks at typical tBE). Then the .text of every loader as
 * arm-none-eabi-size reports it (ST's own DK loader: 14.1 KB of .text).
 *
 * The bound leaves out reads the loader cannot skip: the status read that
 * sees the part ready after tPP, the security register (2Bh) read that
 * checks P_FAIL, the status read that checks WEL after WREN (all three the
 * shape of an 8D status read), and the verify's read-back of every byte.
 * The "+reads" column adds their wire time (never CPU time) to the bound:
 * what is left over it is the loader's own time on the CPU.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extmem_sim/nor_plan.h"
#include "extmem_sim/parts.h"

struct run {
	uint64_t device_ps;
	uint64_t write_ps; /* the entry points that program */
	int status;
	double wall_s;
};

/* The ps of "name":{"calls":N,"ps":P} in the JSON line, 0 when absent. */
static uint64_t entry_ps(const char *json, const char *name)
{
	char key[64];
	snprintf(key, sizeof(key), "\"%s\":{\"calls\":", name);
	const char *p = strstr(json, key);
	if (p == NULL || (p = strstr(p, "\"ps\":")) == NULL)
		return 0;
	return strtoull(p + 5, NULL, 10);
}

static int run_prog(const char *loader, const char *image, int erase, struct run *r)
{
	char cmd[2048], line[8192] = "";
	snprintf(cmd, sizeof(cmd), "%s prog --loader %s --json %s --write %s", EXTMEM_TOOL, loader,
		 erase ? "--force-erase" : "", image);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	FILE *f = popen(cmd, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL && line[0] != '{') {
	}
	int rc = pclose(f);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	const char *d = strstr(line, "\"device_ps\":");
	if (rc != 0 || d == NULL) {
		fprintf(stderr, "bench_loader: %s failed (%d)\n", cmd, rc);
		return -1;
	}
	r->device_ps = strtoull(d + 12, NULL, 10);
	r->write_ps = entry_ps(line, "Write") + entry_ps(line, "ProgramPage") + entry_ps(line, "FlashWriteEntry") +
		      entry_ps(line, "FlashEraseWriteEntry");
	r->wall_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return 0;
}

/* Wire time, per page, of the reads the bound leaves out (see above). */
static uint64_t reads_per_page_ps(const struct extmem_sim_nor_part *part, const struct extmem_sim_nor_plan *pl)
{
	static uint8_t chunk[4096];
	uint8_t sr[2];
	struct extmem_xspi_op st = extmem_sim_nor_plan_status(pl, part, sr);
	struct extmem_xspi_op rd = extmem_sim_nor_plan_read(pl, 0, chunk, sizeof(chunk));
	uint64_t status = extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(&st), pl->hz);
	uint64_t back = extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(&rd), pl->hz);
	/* the loader reads back in 4 KiB chunks: a page's share of one */
	return 3u * status + back * part->page_size / sizeof(chunk);
}

static int make_image(const char *path, uint32_t size)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	uint32_t x = 0x12345678u;
	for (uint32_t i = 0; i < size; i++) {
		x = x * 1664525u + 1013904223u;
		fputc((int)(x >> 24), f);
	}
	return fclose(f);
}

static unsigned text_size(const char *path)
{
	char cmd[1200], line[512];
	snprintf(cmd, sizeof(cmd), "%s %s", EXTMEM_SIZE_TOOL, path);
	FILE *f = EXTMEM_SIZE_TOOL[0] ? popen(cmd, "r") : NULL;
	unsigned text = 0;
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%u", &text) == 1)
			break;
	pclose(f);
	return text;
}

int main(void)
{
	const struct extmem_sim_nor_part *part = &extmem_sim_part_mx66uw1g45g;
	struct extmem_sim_nor_plan plan = extmem_sim_nor_plan_for(part);
	static uint8_t page[512];
	memset(page, 0xA5, sizeof(page));
	const char *names[3] = {".stldr", ".FLM", "IAR .out"};
	const char *loaders[3] = {DK_STLDR, DK_FLM, DK_IAR};
	const uint32_t sizes[2] = {1u << 20, 8u << 20};
	char img[2][600];
	for (int k = 0; k < 2; k++) {
		snprintf(img[k], sizeof(img[k]), "%s/bench_%uMiB.bin", EXTMEM_BENCH_DIR, (unsigned)(sizes[k] >> 20));
		if (make_image(img[k], sizes[k]) != 0)
			return 1;
	}
	printf("Loader programming on the emulated STM32H7S78-DK, %s %s at %u MHz (device time)\n", part->name,
	       extmem_sim_nor_plan_protocol(&plan), (unsigned)(plan.hz / 1000000u));
	uint64_t reads = reads_per_page_ps(part, &plan);
	printf("bound: per page WREN + page program on the wire + tPP %u us typical; erase: %u KiB blocks at %u us\n",
	       (unsigned)part->pp_typ_us, (unsigned)(plan.erase_size >> 10), (unsigned)plan.erase_typ_us);
	printf("+reads: the bound plus, per page, the wire time of the reads it leaves out (ready status, 2Bh, WEL "
	       "status, read-back): %.3f us\n\n",
	       (double)reads / 1e6);
	printf("%-9s %-6s %-22s %12s %12s %8s %12s %8s %12s %8s\n", "loader", "size", "what", "device s", "bound s",
	       "over", "+reads s", "over", "KiB/s", "wall s");
	for (int l = 0; l < 3; l++) {
		for (int k = 0; k < 2; k++) {
			struct run r;
			if (run_prog(loaders[l], img[k], 0, &r) != 0)
				return 1;
			uint64_t bound = extmem_sim_nor_plan_bound_ps(part, &plan, page, sizes[k]) -
					 extmem_sim_nor_plan_erase_ps(&plan, sizes[k]);
			uint64_t with = bound + reads * (sizes[k] / part->page_size);
			printf("%-9s %3u MiB %-22s %12.4f %12.4f %7.2f%% %12.4f %7.2f%% %12.1f %8.1f\n", names[l],
			       (unsigned)(sizes[k] >> 20), "program (erased part)", (double)r.write_ps / 1e12,
			       (double)bound / 1e12, 100.0 * ((double)r.write_ps / (double)bound - 1.0),
			       (double)with / 1e12, 100.0 * ((double)r.write_ps / (double)with - 1.0),
			       (double)sizes[k] / 1024.0 / ((double)r.write_ps / 1e12), r.wall_s);
		}
		struct run r;
		if (run_prog(loaders[l], img[0], 1, &r) != 0)
			return 1;
		uint64_t bound = extmem_sim_nor_plan_bound_ps(part, &plan, page, sizes[0]);
		uint64_t with = bound + reads * (sizes[0] / part->page_size);
		printf("%-9s %3u MiB %-22s %12.4f %12.4f %7.2f%% %12.4f %7.2f%% %12.1f %8.1f\n", names[l], 1u,
		       "erase + program session", (double)r.device_ps / 1e12, (double)bound / 1e12,
		       100.0 * ((double)r.device_ps / (double)bound - 1.0), (double)with / 1e12,
		       100.0 * ((double)r.device_ps / (double)with - 1.0),
		       (double)sizes[0] / 1024.0 / ((double)r.device_ps / 1e12), r.wall_s);
	}
	printf("\nCode size (arm-none-eabi-size .text; ST's STM32Cube loader for the DK: 14.1 KB)\n");
	const char *all[6] = {DK_STLDR, DK_FLM, DK_IAR, NUCLEO_STLDR, NUCLEO_FLM, NUCLEO_IAR};
	for (int i = 0; i < 6; i++) {
		const char *base = strrchr(all[i], '/');
		unsigned t = text_size(all[i]);
		printf("  %-44s %6u B  (%.1f%% of 14.1 KB)\n", base ? base + 1 : all[i], t, 100.0 * t / 14100.0);
	}
	for (int k = 0; k < 2; k++)
		remove(img[k]);
	return 0;
}
