/* SPDX-License-Identifier: MIT */
/*
 * NOR SFDP driver bench: erase + program + verify of 1 MiB and 8 MiB on
 * every part model, in virtual device time, beside the bound from the
 * device-model bench (extmem_sim/nor_plan.h: the part's typical busy times
 * plus the wire time of its fastest protocol); then the read bandwidth the
 * driver reaches against the peak of the part's fastest protocol. Prints
 * tables; asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem/nor_sfdp.h"
#include "extmem_sim/nor_plan.h"
#include "extmem_sim/parts.h"
#include "host_xspi.h"

#define CHUNK (64u * 1024u)

struct bench {
	struct extmem_sim_clock clock;
	struct extmem_sim_nor *model;
	struct extmem_host_xspi port;
	struct extmem_nor_sfdp_config cfg;
	struct extmem_nor_sfdp_data data;
	struct extmem_memory mem;
	struct extmem em;
};

static int bench_up(struct bench *b, const struct extmem_sim_nor_part *part)
{
	memset(b, 0, sizeof(*b));
	b->model = extmem_sim_nor_create(part, &b->clock, NULL, NULL);
	if (b->model == NULL)
		return EXTMEM_ERR_INVALID;
	extmem_host_xspi_init(&b->port, &b->model->base, 200000000u);
	b->cfg.link = (struct extmem_xspi_link){.ops = &extmem_host_xspi_ops,
						.ctx = &b->port,
						.data_lines = 8,
						.dqs_wired = true,
						.dtr_capable = true,
						.max_hz = 200000000u};
	b->mem = (struct extmem_memory){
		.kind = EXTMEM_KIND_NOR_SFDP, .driver = &extmem_nor_sfdp_driver, .config = &b->cfg, .data = &b->data};
	int err = extmem_setup(&b->em, &b->mem, 1);
	if (err == EXTMEM_OK)
		err = extmem_init(&b->em, 0);
	if (err == EXTMEM_OK && b->mem.info.write_protected)
		err = extmem_nor_sfdp_unlock(&b->em, 0);
	return err;
}

static double ms_since(const struct bench *b, uint64_t t0)
{
	return (double)(b->clock.now_ps - t0) / 1e9;
}

/* Erase, program and verify [base, base + size); device times in ms. */
static int run(struct bench *b, uint32_t base, uint32_t size, double t[3])
{
	static uint8_t out[CHUNK], in[CHUNK];
	uint64_t t0 = b->clock.now_ps;
	int err = extmem_erase(&b->em, 0, base, size);
	t[0] = ms_since(b, t0);
	t0 = b->clock.now_ps;
	for (uint32_t a = 0; err == EXTMEM_OK && a < size; a += CHUNK) {
		for (uint32_t i = 0; i < CHUNK; i++)
			out[i] = (uint8_t)((a + i) * 2654435761u >> 24);
		err = extmem_write(&b->em, 0, base + a, out, CHUNK);
	}
	t[1] = ms_since(b, t0);
	t0 = b->clock.now_ps;
	for (uint32_t a = 0; err == EXTMEM_OK && a < size; a += CHUNK) {
		for (uint32_t i = 0; i < CHUNK; i++)
			out[i] = (uint8_t)((a + i) * 2654435761u >> 24);
		err = extmem_read(&b->em, 0, base + a, in, CHUNK);
		if (err == EXTMEM_OK && memcmp(in, out, CHUNK) != 0)
			err = EXTMEM_ERR_DEVICE;
	}
	t[2] = ms_since(b, t0);
	return err;
}

/* Peak MB/s of the part's fastest protocol at its top clock: bits a cycle / 8 x clock. */
static double plan_peak_mbs(const struct extmem_sim_nor_plan *pl)
{
	double bits = pl->quad_114                         ? 4
		      : pl->proto == EXTMEM_SIM_NOR_8D8D8D ? 16
		      : pl->proto == EXTMEM_SIM_NOR_8S8S8S ? 8
		      : pl->proto == EXTMEM_SIM_NOR_4S4S4S ? 4
							   : 1;
	return bits / 8.0 * pl->hz / 1e6;
}

int main(void)
{
	static uint8_t page[512];
	static uint8_t buf[CHUNK];
	memset(page, 0x5A, sizeof(page));
	size_t count;
	const struct extmem_sim_nor_part *const *parts = extmem_sim_nor_parts(&count);
	struct bench *b = malloc(sizeof(*b));
	if (b == NULL)
		return 1;
	printf("NOR SFDP driver: erase + program + verify in device time (8-line link, DTR, DQS, up to 200 MHz)\n\n");
	printf("%-13s %-8s %4s %5s %11s %11s %10s %11s %11s %8s\n", "part", "protocol", "MHz", "MiB", "erase ms",
	       "program ms", "verify ms", "e+p ms", "bound ms", "vs bound");
	for (size_t i = 0; i < count; i++) {
		struct extmem_sim_nor_plan plan = extmem_sim_nor_plan_for(parts[i]);
		for (uint32_t mib = 1; mib <= 8; mib *= 8) {
			uint32_t size = mib << 20;
			/* Away from the bottom where there is room: SST26's small map blocks are not in the bound. */
			uint32_t base = parts[i]->size >= 2 * size ? size : 0;
			double t[3] = {0};
			int err = bench_up(b, parts[i]);
			if (err == EXTMEM_OK)
				err = run(b, base, size, t);
			double bound = (double)extmem_sim_nor_plan_bound_ps(parts[i], &plan, page, size) / 1e9;
			printf("%-13s %-8s %4u %5u %11.3f %11.3f %10.3f %11.3f %11.3f %+7.2f%%%s%s\n", parts[i]->name,
			       extmem_protocol_name(b->mem.info.protocol), (unsigned)(b->mem.info.clock_hz / 1000000u),
			       (unsigned)mib, t[0], t[1], t[2], t[0] + t[1], bound,
			       ((t[0] + t[1]) / bound - 1.0) * 100.0, err != EXTMEM_OK ? "  FAILED: " : "",
			       err != EXTMEM_OK ? extmem_status_name(err) : "");
			if (b->model->base.violations)
				printf("  %u violations, last: %s\n", (unsigned)b->model->base.violations,
				       b->model->base.last_violation);
			extmem_sim_nor_destroy(b->model);
		}
	}
	printf("\nbound: the device-model bench's bound (bench/sim_nor): per 64 KiB block and per page, WREN + "
	       "command\n"
	       "at the wire of the part's fastest protocol + its typical busy time. e+p: the driver's erase + "
	       "program.\n\n");
	printf("Read bandwidth (1 MiB in 64 KiB reads, device time)\n\n%-13s %-8s %4s %10s %10s %8s\n", "part",
	       "protocol", "MHz", "MB/s", "peak MB/s", "of peak");
	for (size_t i = 0; i < count; i++) {
		struct extmem_sim_nor_plan plan = extmem_sim_nor_plan_for(parts[i]);
		if (bench_up(b, parts[i]) != EXTMEM_OK) {
			printf("%-13s init failed\n", parts[i]->name);
			extmem_sim_nor_destroy(b->model);
			continue;
		}
		uint64_t t0 = b->clock.now_ps;
		for (uint32_t a = 0; a < (1u << 20); a += CHUNK)
			(void)extmem_read(&b->em, 0, a, buf, CHUNK);
		double s = (double)(b->clock.now_ps - t0) / 1e12;
		double peak = plan_peak_mbs(&plan);
		printf("%-13s %-8s %4u %10.1f %10.1f %7.1f%%\n", parts[i]->name,
		       extmem_protocol_name(b->mem.info.protocol), (unsigned)(b->mem.info.clock_hz / 1000000u),
		       1.048576 / s, peak, 1.048576 / s / peak * 100.0);
		extmem_sim_nor_destroy(b->model);
	}
	printf("\npeak: the part's fastest protocol at its top clock (bench/sim_nor plan). Quad parts run at\n"
	       "100 MHz unless the board states the part's SDR maximum (sdr_max_hz): SFDP does not carry it.\n");
	free(b);
	return 0;
}
