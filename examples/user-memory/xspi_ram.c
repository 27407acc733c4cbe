/* SPDX-License-Identifier: MIT */
#include "xspi_ram.h"

static int xram_io(struct extmem_memory *m, uint8_t opcode, uint64_t addr, void *buf, size_t len,
		   enum extmem_xspi_dir dir)
{
	const struct extmem_example_xspi_ram_config *cfg = m->config;
	struct extmem_xspi_op op = {
		.cmd = {.bus = {1, false}, .nbytes = 1, .opcode = opcode},
		.addr = {.bus = {1, false}, .nbytes = 3, .value = (uint32_t)addr},
		.data = {.bus = {1, false}, .dir = dir, .len = (uint32_t)len, .buf.in = buf},
	};
	/* The manager checked the range, so addr + len fits in 24 bits. */
	return cfg->link.ops->execute(cfg->link.ctx, &op);
}

static int xram_init(struct extmem_memory *m)
{
	const struct extmem_example_xspi_ram_config *cfg = m->config;
	if (cfg == NULL || cfg->link.ops == NULL || cfg->link.ops->execute == NULL || cfg->size == 0 ||
	    cfg->size > (1u << 24))
		return EXTMEM_ERR_INVALID;
	m->info.size = cfg->size;
	m->info.write_align = 1;
	m->info.read_align = 1;
	m->info.protocol = EXTMEM_PROTO_1S_1S_1S;
	return EXTMEM_OK;
}

static int xram_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	return xram_io(m, 0x03, addr, buf, len, EXTMEM_XSPI_DATA_IN);
}

static int xram_write(struct extmem_memory *m, uint64_t addr, const void *buf, size_t len)
{
	/* The descriptor's buffer union is written to only for DATA_IN. */
	return xram_io(m, 0x02, addr, (void *)(uintptr_t)buf, len, EXTMEM_XSPI_DATA_OUT);
}

const struct extmem_driver extmem_example_xspi_ram_driver = {
	.name = "example-xspi-ram",
	.init = xram_init,
	.read = xram_read,
	.write = xram_write,
};
