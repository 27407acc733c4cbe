/* SPDX-License-Identifier: MIT */
#include "test_memory.h"

#include <string.h>

static void log_op(struct test_memory *t, char kind, uint64_t addr, uint64_t len)
{
	if (t->ops < TEST_MEMORY_LOG)
		t->log[t->ops] = (struct test_memory_op){kind, addr, len};
	t->ops++;
}

static struct test_memory *tm(struct extmem_memory *m)
{
	return m->data;
}

static int protected(const struct test_memory *t, uint64_t addr, uint64_t len)
{
	return t->protect_from < t->size && addr + len > t->protect_from;
}

static int tm_init(struct extmem_memory *m)
{
	struct test_memory *t = tm(m);
	if (t->init_status != EXTMEM_OK)
		return t->init_status;
	m->info.size = t->size;
	m->info.page_size = 256;
	m->info.write_align = t->write_align;
	m->info.read_align = t->read_align;
	m->info.erase_needed = t->erase_type_count > 0;
	m->info.erase_value = 0xFF;
	m->info.erase_type_count = t->erase_type_count;
	memcpy(m->info.erase_sizes, t->erase_sizes, sizeof(t->erase_sizes));
	m->info.uniform_erase = true;
	m->info.mappable = t->mappable;
	m->info.map_base = t->map_base;
	m->info.write_protected = t->protect_from < t->size;
	return EXTMEM_OK;
}

static int tm_deinit(struct extmem_memory *m)
{
	tm(m)->deinits++;
	return EXTMEM_OK;
}

static int tm_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	struct test_memory *t = tm(m);
	t->reads++;
	if (t->io_status != EXTMEM_OK)
		return t->io_status;
	memcpy(buf, t->array + addr, len);
	return EXTMEM_OK;
}

static int tm_write(struct extmem_memory *m, uint64_t addr, const void *buf, size_t len)
{
	struct test_memory *t = tm(m);
	if (t->io_status != EXTMEM_OK)
		return t->io_status;
	if (protected(t, addr, len))
		return EXTMEM_ERR_WRITE_PROTECTED;
	log_op(t, 'w', addr, len);
	/* NOR semantics: programming only clears bits. */
	const uint8_t *src = buf;
	for (size_t i = 0; i < len; i++)
		t->array[addr + i] &= src[i];
	return EXTMEM_OK;
}

static int tm_erase(struct extmem_memory *m, uint64_t addr, uint64_t len)
{
	struct test_memory *t = tm(m);
	if (t->io_status != EXTMEM_OK)
		return t->io_status;
	if (protected(t, addr, len))
		return EXTMEM_ERR_WRITE_PROTECTED;
	while (len > 0) {
		uint32_t step = extmem_erase_step(&m->info, addr, len);
		if (step == 0)
			return EXTMEM_ERR_MISALIGNED;
		log_op(t, 'e', addr, step);
		memset(t->array + addr, 0xFF, step);
		addr += step;
		len -= step;
	}
	return EXTMEM_OK;
}

static int tm_erase_all(struct extmem_memory *m)
{
	struct test_memory *t = tm(m);
	if (t->io_status != EXTMEM_OK)
		return t->io_status;
	if (protected(t, 0, t->size))
		return EXTMEM_ERR_WRITE_PROTECTED;
	log_op(t, 'A', 0, t->size);
	memset(t->array, 0xFF, t->size);
	return EXTMEM_OK;
}

static int tm_map(struct extmem_memory *m)
{
	tm(m)->maps++;
	return EXTMEM_OK;
}

static int tm_unmap(struct extmem_memory *m)
{
	tm(m)->unmaps++;
	return EXTMEM_OK;
}

const struct extmem_driver test_memory_driver = {
	.name = "test-memory",
	.init = tm_init,
	.deinit = tm_deinit,
	.read = tm_read,
	.write = tm_write,
	.erase = tm_erase,
	.erase_all = tm_erase_all,
	.map = tm_map,
	.unmap = tm_unmap,
};

void test_memory_setup(struct test_memory *t, uint8_t *array, uint64_t size)
{
	memset(t, 0, sizeof(*t));
	memset(array, 0xFF, size);
	t->array = array;
	t->size = size;
	t->write_align = 1;
	t->read_align = 1;
	t->erase_type_count = 2;
	t->erase_sizes[0] = 4096;
	t->erase_sizes[1] = 65536;
	t->protect_from = UINT64_MAX;
}
