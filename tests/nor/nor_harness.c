/* SPDX-License-Identifier: MIT */
#include "nor_harness.h"

#include <string.h>

int nor_harness_up(struct nor_harness *h, const struct extmem_sim_nor_part *part, uint8_t lines, uint32_t max_hz)
{
	memset(h, 0, sizeof(*h));
	h->model = extmem_sim_nor_create(part, &h->clock, NULL, NULL);
	return nor_harness_wire(h, lines, max_hz);
}

int nor_harness_wire(struct nor_harness *h, uint8_t lines, uint32_t max_hz)
{
	if (h->model == NULL)
		return EXTMEM_ERR_INVALID;
	extmem_host_xspi_init(&h->port, &h->model->base, 200000000u);
	h->cfg.link = (struct extmem_xspi_link){
		.ops = &extmem_host_xspi_ops,
		.ctx = &h->port,
		.data_lines = lines,
		.dqs_wired = true,
		.dtr_capable = true,
		.max_hz = max_hz,
		.map_base = 0x70000000u,
		.map_size = 0x10000000u,
	};
	h->table[0] = (struct extmem_memory){
		.kind = EXTMEM_KIND_NOR_SFDP, .driver = &extmem_nor_sfdp_driver, .config = &h->cfg, .data = &h->data};
	return extmem_setup(&h->em, h->table, 1);
}

void nor_harness_down(struct nor_harness *h)
{
	if (h->model != NULL)
		extmem_sim_nor_destroy(h->model);
	h->model = NULL;
}
