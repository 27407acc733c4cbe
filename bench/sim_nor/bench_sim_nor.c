/* SPDX-License-Identifier: MIT */
/*
 * Serial NOR model bench. Per part:
 *  - the device-time bound to erase and then program 1 MiB from the part's
 *    typical times: erase with the largest erase type, program page by page,
 *    every WREN/erase/program command costed at the wire in the part's
 *    fastest protocol at its highest clock (polling not counted: it overlaps
 *    the busy time);
 *  - the same sequence run through the model (ideal poller: one status read
 *    when the busy period ends), which must land on the bound plus those
 *    status reads;
 *  - the model's host throughput in MB/s of simulated reads.
 * Prints a table; asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extmem_sim/nor.h"
#include "extmem_sim/nor_plan.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/sfdp_images.h"

#define TOTAL      (1024u * 1024u)
#define BASE       0x100000u
#define READ_CHUNK (64u * 1024u)
#define READ_TOTAL (256u * 1024u * 1024u)

/* The same sequence through the model, one status read at the end of each busy period. */
static uint64_t model_ps(struct extmem_sim_nor *n, const struct extmem_sim_nor_plan *pl, const uint8_t *page,
			 uint32_t *viol)
{
	const struct extmem_sim_nor_part *p = n->part;
	uint64_t t0 = n->base.clock->now_ps;
	uint8_t sr[2];
	struct extmem_xspi_op st = extmem_sim_nor_plan_status(pl, p, sr);
	struct extmem_xspi_op w = extmem_sim_nor_plan_wren(pl);
	for (uint32_t a = BASE; a < BASE + TOTAL; a += pl->erase_size) {
		struct extmem_xspi_op e = extmem_sim_nor_plan_erase(pl, a);
		extmem_sim_bus_transfer(&n->base, &w, pl->hz);
		extmem_sim_bus_transfer(&n->base, &e, pl->hz);
		n->base.clock->now_ps = extmem_sim_nor_busy_until(n);
		extmem_sim_bus_transfer(&n->base, &st, pl->hz);
	}
	for (uint32_t a = BASE; a < BASE + TOTAL; a += p->page_size) {
		struct extmem_xspi_op pp = extmem_sim_nor_plan_program(pl, a, page, p->page_size);
		extmem_sim_bus_transfer(&n->base, &w, pl->hz);
		extmem_sim_bus_transfer(&n->base, &pp, pl->hz);
		n->base.clock->now_ps = extmem_sim_nor_busy_until(n);
		extmem_sim_bus_transfer(&n->base, &st, pl->hz);
	}
	*viol = n->base.violations;
	return n->base.clock->now_ps - t0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double read_mbs(struct extmem_sim_nor *n, const struct extmem_sim_nor_plan *pl, uint8_t *buf, uint64_t *dev_ps)
{
	uint64_t t0 = n->base.clock->now_ps;
	double s = now_s();
	for (uint32_t done = 0; done < READ_TOTAL; done += READ_CHUNK) {
		struct extmem_xspi_op r = extmem_sim_nor_plan_read(pl, done % (TOTAL * 4u), buf, READ_CHUNK);
		extmem_sim_bus_transfer(&n->base, &r, pl->hz);
	}
	double el = now_s() - s;
	*dev_ps = n->base.clock->now_ps - t0;
	return (double)READ_TOTAL / 1e6 / (el > 0 ? el : 1e-9);
}

/* One table row: bound, model run and read throughput of one part. */
static int row(const struct extmem_sim_nor_part *p, const struct extmem_sim_nor_sfdp_part *sp, const uint8_t *page,
	       uint8_t *buf)
{
	struct extmem_sim_nor_plan pl = extmem_sim_nor_plan_for(p);
	struct extmem_sim_clock clk = {0};
	struct extmem_sim_nor *n = sp != NULL ? extmem_sim_nor_create_sfdp(sp, &clk, NULL, NULL)
					      : extmem_sim_nor_create(p, &clk, NULL, NULL);
	if (n == NULL || pl.erase_size == 0) {
		fprintf(stderr, "%s: cannot create the model\n", p->name);
		extmem_sim_nor_destroy(n);
		return 1;
	}
	extmem_sim_nor_plan_setup(n, &pl);
	uint64_t erase = extmem_sim_nor_plan_erase_ps(&pl, TOTAL);
	uint64_t bound = extmem_sim_nor_plan_bound_ps(p, &pl, page, TOTAL);
	uint32_t viol = 0;
	uint64_t model = model_ps(n, &pl, page, &viol);
	uint64_t dev_ps = 0;
	double host = read_mbs(n, &pl, buf, &dev_ps);
	char etype[16];
	snprintf(etype, sizeof(etype), "%uK %02Xh", pl.erase_size / 1024u, pl.erase_op);
	printf("%-19s %-8s %4u %-9s %12.3f %12.3f %12.3f %12.3f %6u %-9s %10.1f %10.1f\n", p->name,
	       extmem_sim_nor_plan_protocol(&pl), pl.hz / 1000000u, etype, (double)erase / 1e9,
	       (double)(bound - erase) / 1e9, (double)bound / 1e9, (double)model / 1e9, viol,
	       p->timing_source == EXTMEM_SIM_NOR_TIMING_SFDP ? "SFDP" : "datasheet",
	       (double)READ_TOTAL / 1e6 / ((double)dev_ps / 1e12), host);
	extmem_sim_nor_destroy(n);
	return 0;
}

int main(void)
{
	static uint8_t page[512];
	static uint8_t buf[READ_CHUNK];
	memset(page, 0x5A, sizeof(page));
	printf("Serial NOR models: erase + program 1 MiB from the typicals (device time), and host read "
	       "throughput\n\n");
	printf("%-19s %-8s %4s %-9s %12s %12s %12s %12s %6s %-9s %10s %10s\n", "part", "protocol", "MHz", "erase",
	       "erase ms", "program ms", "bound ms", "model ms", "viol", "timings", "dev MB/s", "host MB/s");
	size_t count;
	const struct extmem_sim_nor_part *const *parts = extmem_sim_nor_parts(&count);
	for (size_t i = 0; i < count; i++)
		if (row(parts[i], NULL, page, buf) != 0)
			return 1;
	/* The same parts made from nothing but the project's SFDP images. */
	printf("\nparts derived from SFDP images (sim/sfdp):\n");
	size_t nimg;
	const struct extmem_sim_sfdp_image *imgs = extmem_sim_sfdp_images(&nimg);
	for (size_t i = 0; i < nimg; i++) {
		struct extmem_sim_nor_sfdp_part sp;
		if (extmem_sim_nor_part_from_sfdp(imgs[i].bytes, imgs[i].len, imgs[i].jedec_id, &sp) != EXTMEM_OK) {
			printf("%-19s (image not usable)\n", imgs[i].part);
			continue;
		}
		snprintf(sp.name, sizeof(sp.name), "%s", imgs[i].part);
		int err = row(&sp.part, &sp, page, buf);
		extmem_sim_nor_sfdp_part_free(&sp);
		if (err != 0)
			return 1;
	}
	printf("\nbound: WREN + command wire time + typical busy, per erase block and per page; model: the same run "
	       "through the model with one status read per busy period (the difference is those reads).\n"
	       "dev MB/s: simulated reads in device time (64 KiB bursts); host MB/s: the model's speed on this "
	       "machine.\n"
	       "SFDP-derived rows: times are the BFPT typicals (none in a 9-DWORD BFPT); SFDP gives no SPI/QPI clock, "
	       "133 MHz is assumed.\n");
	return 0;
}
