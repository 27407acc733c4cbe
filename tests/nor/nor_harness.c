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

int nor_harness_up_with(struct nor_harness *h, const struct extmem_sim_nor_part *part, uint8_t lines, uint32_t max_hz,
			const struct extmem_driver *driver)
{
	nor_harness_down(h);
	int err = nor_harness_up(h, part, lines, max_hz);
	if (err != EXTMEM_OK)
		return err;
	h->table[0].driver = driver;
	if ((err = extmem_setup(&h->em, h->table, 1)) != EXTMEM_OK)
		return err;
	for (uint32_t i = 0; i < NOR_HARNESS_PATTERN_LEN; i++)
		h->model->array[NOR_HARNESS_PATTERN_AT + i] = (uint8_t)(i * 13u + 5u);
	return EXTMEM_OK;
}

int nor_harness_read_pattern(struct nor_harness *h, uint8_t *buf)
{
	memset(buf, 0, NOR_HARNESS_PATTERN_LEN);
	int err = extmem_read(&h->em, 0, NOR_HARNESS_PATTERN_AT, buf, NOR_HARNESS_PATTERN_LEN);
	if (err != EXTMEM_OK)
		return err;
	return memcmp(buf, h->model->array + NOR_HARNESS_PATTERN_AT, NOR_HARNESS_PATTERN_LEN) == 0 ? 0 : -1;
}

void nor_harness_down(struct nor_harness *h)
{
	if (h->model != NULL)
		extmem_sim_nor_destroy(h->model);
	h->model = NULL;
}
