/* SPDX-License-Identifier: MIT */
/*
 * The manager: memory table, argument and range checks, dispatch.
 *
 * Each public function is shaped the same: trace the call, check, call the
 * inner function, trace the result. Checks run in a fixed order so a caller
 * gets the most specific status: id, state, pointers, operation offered,
 * mapped mode, range, alignment.
 */
#include <string.h>

#include "extmem/extmem.h"
#include "trace.h"

static struct extmem_memory *lookup(struct extmem *em, uint32_t id, int *status)
{
	if (em == NULL || em->memories == NULL) {
		*status = EXTMEM_ERR_INVALID;
		return NULL;
	}
	if (id >= em->count) {
		*status = EXTMEM_ERR_BAD_ID;
		return NULL;
	}
	*status = EXTMEM_OK;
	return &em->memories[id];
}

/* The memory for an operation that needs it initialised (READY or MAPPED). */
static struct extmem_memory *lookup_on(struct extmem *em, uint32_t id, int *status)
{
	struct extmem_memory *m = lookup(em, id, status);
	if (m != NULL && m->state == EXTMEM_STATE_OFF) {
		*status = EXTMEM_ERR_STATE;
		return NULL;
	}
	return m;
}

static bool is_power_of_two(uint32_t v)
{
	return v != 0 && (v & (v - 1u)) == 0;
}

static bool known_kind(enum extmem_kind kind)
{
	switch (kind) {
	case EXTMEM_KIND_NOR_SFDP:
	case EXTMEM_KIND_PSRAM:
	case EXTMEM_KIND_SDCARD:
	case EXTMEM_KIND_USER: return true;
	}
	return false;
}

/* [addr, addr + len) inside [0, size), written so that nothing wraps. */
static int check_range(const struct extmem_info *info, uint64_t addr, uint64_t len)
{
	if (addr > info->size || len > info->size - addr)
		return EXTMEM_ERR_OUT_OF_RANGE;
	return EXTMEM_OK;
}

/* align is 0, 1 or a power of two (check_info): a mask, no 64-bit division. */
static int check_align(uint64_t addr, uint64_t len, uint32_t align)
{
	if (align > 1 && ((addr | len) & (align - 1u)) != 0)
		return EXTMEM_ERR_MISALIGNED;
	return EXTMEM_OK;
}

/* A driver's description must be usable before anyone relies on it. */
static int check_info(const struct extmem_info *info)
{
	if (info->size == 0 || info->erase_type_count > EXTMEM_MAX_ERASE_TYPES)
		return EXTMEM_ERR_INVALID;
	/* 0 or 1 is any byte; else a power of two, which check_align tests by mask. */
	if ((info->read_align & (info->read_align - 1u)) || (info->write_align & (info->write_align - 1u)))
		return EXTMEM_ERR_INVALID;
	for (unsigned i = 0; i < info->erase_type_count; i++) {
		/* Alignment checks and extmem_erase_step divide by these: powers of two tiling the memory. */
		if (!is_power_of_two(info->erase_sizes[i]) || (info->size & (info->erase_sizes[i] - 1u)) != 0)
			return EXTMEM_ERR_INVALID;
		if (i > 0 && info->erase_sizes[i] <= info->erase_sizes[i - 1])
			return EXTMEM_ERR_INVALID;
	}
	if (info->erase_needed && info->erase_type_count == 0)
		return EXTMEM_ERR_INVALID;
	return EXTMEM_OK;
}

static int setup_(struct extmem *em, struct extmem_memory *table, uint32_t count)
{
	if (em == NULL || table == NULL || count == 0)
		return EXTMEM_ERR_INVALID;
	for (uint32_t i = 0; i < count; i++) {
		const struct extmem_driver *d = table[i].driver;
		if (d == NULL || d->init == NULL || d->read == NULL || !known_kind(table[i].kind))
			return EXTMEM_ERR_INVALID;
	}
	/* Setting up again would forget memories still on (a mapped device stays mapped): deinit them first. */
	for (uint32_t i = 0; i < count; i++)
		if (table[i].state == EXTMEM_STATE_READY || table[i].state == EXTMEM_STATE_MAPPED)
			return EXTMEM_ERR_STATE;
	for (uint32_t i = 0; i < count; i++) {
		memset(&table[i].info, 0, sizeof(table[i].info));
		table[i].state = EXTMEM_STATE_OFF;
	}
	em->memories = table;
	em->count = count;
	return EXTMEM_OK;
}

int extmem_setup(struct extmem *em, struct extmem_memory *table, uint32_t count)
{
	EXTMEM_TRACE("extmem_setup(%p, %p, %u)\n", (void *)em, (void *)table, (unsigned)count);
	int err = setup_(em, table, count);
	EXTMEM_TRACE("extmem_setup -> %d\n", err);
	return err;
}

static int init_(struct extmem_memory *m)
{
	if (m->state != EXTMEM_STATE_OFF)
		return EXTMEM_ERR_STATE;
	memset(&m->info, 0, sizeof(m->info));
	int err = extmem_driver_result(m->driver->init(m));
	if (err != EXTMEM_OK)
		return err;
	m->info.kind = m->kind;
	err = check_info(&m->info);
	if (err != EXTMEM_OK) {
		if (m->driver->deinit != NULL)
			(void)m->driver->deinit(m);
		return err;
	}
	m->state = EXTMEM_STATE_READY;
	return EXTMEM_OK;
}

int extmem_init(struct extmem *em, uint32_t id)
{
	EXTMEM_TRACE("extmem_init(%u)\n", (unsigned)id);
	int err;
	struct extmem_memory *m = lookup(em, id, &err);
	if (m != NULL)
		err = init_(m);
	EXTMEM_TRACE("extmem_init -> %d\n", err);
	return err;
}

static int unmap_(struct extmem_memory *m)
{
	if (m->state != EXTMEM_STATE_MAPPED)
		return EXTMEM_OK;
	int err = m->driver->unmap != NULL ? extmem_driver_result(m->driver->unmap(m)) : EXTMEM_OK;
	if (err == EXTMEM_OK)
		m->state = EXTMEM_STATE_READY;
	return err;
}

static int deinit_(struct extmem_memory *m)
{
	int err = unmap_(m);
	if (err != EXTMEM_OK)
		return err;
	if (m->driver->deinit != NULL)
		err = extmem_driver_result(m->driver->deinit(m));
	/* The memory is off for the manager whatever the device said. */
	m->state = EXTMEM_STATE_OFF;
	return err;
}

int extmem_deinit(struct extmem *em, uint32_t id)
{
	EXTMEM_TRACE("extmem_deinit(%u)\n", (unsigned)id);
	int err;
	struct extmem_memory *m = lookup_on(em, id, &err);
	if (m != NULL)
		err = deinit_(m);
	EXTMEM_TRACE("extmem_deinit -> %d\n", err);
	return err;
}

/* Common checks of a data transfer on an initialised memory. */
static int check_io(const struct extmem_memory *m, const void *buf, bool has_op, uint64_t addr, uint64_t len,
		    uint32_t align)
{
	if (buf == NULL && len > 0)
		return EXTMEM_ERR_INVALID;
	if (!has_op)
		return EXTMEM_ERR_NOT_SUPPORTED;
	if (m->state == EXTMEM_STATE_MAPPED)
		return EXTMEM_ERR_MAPPED;
	int err = check_range(&m->info, addr, len);
	return err != EXTMEM_OK ? err : check_align(addr, len, align);
}

int extmem_read(struct extmem *em, uint32_t id, uint64_t addr, void *buf, size_t len)
{
	EXTMEM_TRACE("extmem_read(%u, 0x%llx, %p, %lu)\n", (unsigned)id, (unsigned long long)addr, buf,
		     (unsigned long)len);
	int err;
	struct extmem_memory *m = lookup_on(em, id, &err);
	if (m != NULL)
		err = check_io(m, buf, true, addr, len, m->info.read_align);
	if (err == EXTMEM_OK && len > 0)
		err = extmem_driver_result(m->driver->read(m, addr, buf, len));
	EXTMEM_TRACE("extmem_read -> %d\n", err);
	return err;
}

int extmem_write(struct extmem *em, uint32_t id, uint64_t addr, const void *buf, size_t len)
{
	EXTMEM_TRACE("extmem_write(%u, 0x%llx, %p, %lu)\n", (unsigned)id, (unsigned long long)addr, (const void *)buf,
		     (unsigned long)len);
	int err;
	struct extmem_memory *m = lookup_on(em, id, &err);
	if (m != NULL)
		err = check_io(m, buf, m->driver->write != NULL, addr, len, m->info.write_align);
	if (err == EXTMEM_OK && len > 0)
		err = extmem_driver_result(m->driver->write(m, addr, buf, len));
	EXTMEM_TRACE("extmem_write -> %d\n", err);
	return err;
}

int extmem_erase(struct extmem *em, uint32_t id, uint64_t addr, uint64_t len)
{
	EXTMEM_TRACE("extmem_erase(%u, 0x%llx, 0x%llx)\n", (unsigned)id, (unsigned long long)addr,
		     (unsigned long long)len);
	int err;
	struct extmem_memory *m = lookup_on(em, id, &err);
	if (m != NULL) {
		bool has_op = m->driver->erase != NULL && m->info.erase_type_count > 0;
		/* Erase moves no buffer: any non-NULL pointer passes that check. */
		err = check_io(m, m, has_op, addr, len, has_op ? m->info.erase_sizes[0] : 1);
	}
	if (err == EXTMEM_OK && len > 0)
		err = extmem_driver_result(m->driver->erase(m, addr, len));
	EXTMEM_TRACE("extmem_erase -> %d\n", err);
	return err;
}

int extmem_erase_all(struct extmem *em, uint32_t id)
{
	EXTMEM_TRACE("extmem_erase_all(%u)\n", (unsigned)id);
	int err;
	struct extmem_memory *m = lookup_on(em, id, &err);
	if (m != NULL) {
		if (m->driver->erase_all == NULL)
			err = EXTMEM_ERR_NOT_SUPPORTED;
		else if (m->state == EXTMEM_STATE_MAPPED)
			err = EXTMEM_ERR_MAPPED;
		else
			err = extmem_driver_result(m->driver->erase_all(m));
	}
	EXTMEM_TRACE("extmem_erase_all -> %d\n", err);
	return err;
}

int extmem_map(struct extmem *em, uint32_t id)
{
	EXTMEM_TRACE("extmem_map(%u)\n", (unsigned)id);
	int err;
	struct extmem_memory *m = lookup_on(em, id, &err);
	if (m != NULL) {
		if (!m->info.mappable || m->driver->map == NULL)
			err = EXTMEM_ERR_NOT_SUPPORTED;
		else if (m->state == EXTMEM_STATE_READY && (err = extmem_driver_result(m->driver->map(m))) == EXTMEM_OK)
			m->state = EXTMEM_STATE_MAPPED;
	}
	EXTMEM_TRACE("extmem_map -> %d\n", err);
	return err;
}

int extmem_unmap(struct extmem *em, uint32_t id)
{
	EXTMEM_TRACE("extmem_unmap(%u)\n", (unsigned)id);
	int err;
	struct extmem_memory *m = lookup_on(em, id, &err);
	if (m != NULL)
		err = m->info.mappable ? unmap_(m) : EXTMEM_ERR_NOT_SUPPORTED;
	EXTMEM_TRACE("extmem_unmap -> %d\n", err);
	return err;
}

int extmem_map_base(struct extmem *em, uint32_t id, uintptr_t *base)
{
	int err;
	struct extmem_memory *m = lookup_on(em, id, &err);
	if (m != NULL) {
		if (base == NULL)
			err = EXTMEM_ERR_INVALID;
		else if (!m->info.mappable)
			err = EXTMEM_ERR_NOT_SUPPORTED;
		else
			*base = m->info.map_base;
	}
	return err;
}

int extmem_info(struct extmem *em, uint32_t id, struct extmem_info *out)
{
	int err;
	struct extmem_memory *m = lookup_on(em, id, &err);
	if (m != NULL) {
		if (out == NULL)
			err = EXTMEM_ERR_INVALID;
		else
			*out = m->info;
	}
	return err;
}

uint32_t extmem_erase_step(const struct extmem_info *info, uint64_t addr, uint64_t len)
{
	for (unsigned i = info->erase_type_count; i-- > 0;) {
		uint32_t size = info->erase_sizes[i];
		if (size != 0 && addr % size == 0 && len >= size)
			return size;
	}
	return 0;
}
