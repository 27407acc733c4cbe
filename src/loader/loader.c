/* SPDX-License-Identifier: MIT */
/*
 * The External Memory Loader core (include/extmem/loader.h): freestanding,
 * no heap, no interrupts, state in the caller's struct. It calls the
 * memory's driver itself, not through the manager: a loader owns its one
 * memory, and its front-end and this core already check what the manager
 * would (state, ranges; alignment cannot be wrong: writes take any byte,
 * erases are rounded to sectors here).
 */
#include "extmem/loader.h"

#include <string.h>

/*
 * The driver. A loader build names it (-DEXTMEM_LOADER_DRIVER=...): its
 * operations are then constants LTO calls directly, and those the loader
 * never uses are not linked (m->driver is not read: the board leaves it
 * unset, so the table is not linked either). Elsewhere: the memory's table.
 */
#ifdef EXTMEM_LOADER_DRIVER
extern const struct extmem_driver EXTMEM_LOADER_DRIVER;
#define DRV(ld) (&EXTMEM_LOADER_DRIVER)
/*
 * A loader reaches its memory through a 32-bit bus: start refuses a larger
 * one, so its size and every offset in it fit 32 bits (extmem_loader_off,
 * cheaper arithmetic on the target).
 */
#ifdef EXTMEM_NOR_PINNED_PART
/*
 * A loader for one pinned part (its `extmem pin` header on the include
 * path): start requires the driver to report the description's size and
 * smallest erase size, so every range check is against constants, the
 * same ones the front-end checks the tool's addresses against first, and
 * the compiler folds the second check into the first.
 */
#include "extmem_pinned_part.h"
#define PART_SIZE ((mem_off)EXTMEM_NOR_PINNED_PART.size)
#define PART_UNIT ((mem_off)EXTMEM_NOR_PINNED_PART.erase[0].size)
#define MEM_FITS(ld)                                                                                                   \
	((ld)->m->info.size == PART_SIZE && (ld)->m->info.erase_type_count > 0 &&                                      \
	 (ld)->m->info.erase_sizes[0] == PART_UNIT)
#define MEM_SIZE(ld)   ((void)(ld), PART_SIZE)
#define ERASE_UNIT(ld) ((void)(ld), (uint64_t)PART_UNIT)
#else
#define MEM_FITS(ld) ((ld)->m->info.size <= UINT32_MAX)
#endif
#else
#define DRV(ld)      ((ld)->m->driver)
#define MEM_FITS(ld) true
#endif
typedef extmem_loader_off mem_off;
#ifndef MEM_SIZE
#define MEM_SIZE(ld)   ((mem_off)(ld)->m->info.size)
/* the smallest erase size (0: none); start accepts only a power of two */
#define ERASE_UNIT(ld) ((ld)->m->info.erase_type_count > 0 ? (uint64_t)(ld)->m->info.erase_sizes[0] : 0u)
#endif

/* [addr, addr + len) inside the memory, without wrapping. */
static int in_range(const struct extmem_loader *ld, extmem_loader_off addr, extmem_loader_off len)
{
	if (addr > MEM_SIZE(ld) || len > MEM_SIZE(ld) - (mem_off)addr)
		return EXTMEM_ERR_OUT_OF_RANGE;
	return EXTMEM_OK;
}

int extmem_loader_map(struct extmem_loader *ld)
{
	if (ld == NULL || ld->m == NULL)
		return EXTMEM_ERR_INVALID;
	if (ld->mapped)
		return EXTMEM_OK;
	if (!ld->m->info.mappable || DRV(ld)->map == NULL)
		return EXTMEM_ERR_NOT_SUPPORTED;
	int err = extmem_driver_result(DRV(ld)->map(ld->m));
	if (err == EXTMEM_OK) {
		ld->window = ld->m->info.map_base;
		ld->mapped = true;
		ld->m->state = EXTMEM_STATE_MAPPED;
	}
	return err;
}

int extmem_loader_unmap(struct extmem_loader *ld)
{
	if (ld == NULL || ld->m == NULL)
		return EXTMEM_ERR_INVALID;
	if (!ld->mapped)
		return EXTMEM_OK;
	int err = DRV(ld)->unmap != NULL ? extmem_driver_result(DRV(ld)->unmap(ld->m)) : EXTMEM_OK;
	if (err == EXTMEM_OK) {
		ld->mapped = false;
		ld->m->state = EXTMEM_STATE_READY;
	}
	return err;
}

/* Back to the mapped state the tool expects between calls, keeping the first error. */
static int settle(struct extmem_loader *ld, int err)
{
	if (ld->keep_mapped && ld->m->info.mappable) {
		int merr = extmem_loader_map(ld);
		if (err == EXTMEM_OK)
			err = merr;
	}
	return err;
}

int extmem_loader_start_memory(struct extmem_loader *ld, struct extmem_memory *m, bool keep_mapped)
{
	if (ld == NULL || m == NULL)
		return EXTMEM_ERR_INVALID;
#ifndef EXTMEM_LOADER_DRIVER
	if (m->driver == NULL || m->driver->init == NULL || m->driver->read == NULL)
		return EXTMEM_ERR_INVALID;
#endif
	if (m->state != EXTMEM_STATE_OFF)
		return EXTMEM_ERR_STATE;
	memset(ld, 0, sizeof(*ld));
	memset(&m->info, 0, sizeof(m->info));
	ld->keep_mapped = keep_mapped;
	ld->m = m;
	int err = extmem_driver_result(DRV(ld)->init(m));
	if (err != EXTMEM_OK) {
		ld->m = NULL;
		return err;
	}
	m->info.kind = m->kind;
	m->state = EXTMEM_STATE_READY;
	/* what this core relies on: a size, and a smallest erase size that is a power of two (erase masks with it) */
	uint64_t unit = ERASE_UNIT(ld);
	if (ld->m->info.size == 0 || !MEM_FITS(ld) ||
	    (ld->m->info.erase_needed && (unit == 0 || (unit & (unit - 1u)) != 0)))
		err = EXTMEM_ERR_INVALID;
	else
		err = settle(ld, EXTMEM_OK); /* mapped when asked */
	if (err != EXTMEM_OK) {
		/* Off again, the part left as it is: a NOR driver's init starts with the resets back to 1S-1S-1S. */
		m->state = EXTMEM_STATE_OFF;
		ld->m = NULL; /* every later call answers EXTMEM_ERR_INVALID */
	}
	return err;
}

int extmem_loader_start(struct extmem_loader *ld, struct extmem *em, uint32_t id, bool keep_mapped)
{
	if (ld == NULL || em == NULL || em->memories == NULL)
		return EXTMEM_ERR_INVALID;
	if (id >= em->count)
		return EXTMEM_ERR_BAD_ID;
	int err = extmem_loader_start_memory(ld, &em->memories[id], keep_mapped);
	if (err == EXTMEM_OK) {
		ld->em = em;
		ld->id = id;
	}
	return err;
}

int extmem_loader_stop(struct extmem_loader *ld)
{
	int err = extmem_loader_unmap(ld);
	if (err != EXTMEM_OK)
		return err;
	if (DRV(ld)->deinit != NULL)
		err = extmem_driver_result(DRV(ld)->deinit(ld->m));
	/* off whatever the device said, as the manager has it */
	ld->m->state = EXTMEM_STATE_OFF;
	ld->m = NULL;
	ld->em = NULL;
	return err;
}

/* Reads len <= EXTMEM_LOADER_CHUNK bytes into out, through the window when mapped. */
static int fetch(struct extmem_loader *ld, extmem_loader_off addr, uint8_t *out, size_t len)
{
	if (!ld->mapped)
		return extmem_driver_result(DRV(ld)->read(ld->m, addr, out, len));
	const volatile uint8_t *w = (const volatile uint8_t *)(ld->window + (uintptr_t)addr);
	for (size_t i = 0; i < len; i++)
		out[i] = w[i];
	return EXTMEM_OK;
}

int extmem_loader_read(struct extmem_loader *ld, extmem_loader_off addr, void *buf, size_t len)
{
	if (ld == NULL || ld->m == NULL || (buf == NULL && len > 0))
		return EXTMEM_ERR_INVALID;
	int err = in_range(ld, addr, len);
	if (err != EXTMEM_OK || len == 0)
		return err;
	return fetch(ld, addr, (uint8_t *)buf, len);
}

/* The offset of the first byte where a and b differ, n when none: a word at a time, then the byte. */
static size_t mismatch(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i = 0;
	for (; i + 4u <= n; i += 4u) {
		uint32_t x, y;
		__builtin_memcpy(&x, a + i, sizeof(x));
		__builtin_memcpy(&y, b + i, sizeof(y));
		if (x != y)
			break;
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

int extmem_loader_verify(struct extmem_loader *ld, extmem_loader_off addr, const void *buf, size_t len,
			 extmem_loader_off *bad)
{
	if (ld == NULL || ld->m == NULL || (buf == NULL && len > 0))
		return EXTMEM_ERR_INVALID;
	int err = in_range(ld, addr, len);
	if (err != EXTMEM_OK)
		return err;
	const uint8_t *want = (const uint8_t *)buf;
	for (size_t done = 0; done < len;) {
		size_t n = len - done < EXTMEM_LOADER_CHUNK ? len - done : EXTMEM_LOADER_CHUNK;
		err = fetch(ld, addr + done, ld->chunk, n);
		if (err != EXTMEM_OK)
			return err;
		size_t i = mismatch(ld->chunk, want + done, n);
		if (i != n) {
			if (bad != NULL)
				*bad = done + i;
			return EXTMEM_OK;
		}
		done += n;
	}
	if (bad != NULL)
		*bad = len;
	return EXTMEM_OK;
}

int extmem_loader_blank_check(struct extmem_loader *ld, extmem_loader_off addr, extmem_loader_off len, uint8_t value,
			      extmem_loader_off *bad)
{
	if (ld == NULL || ld->m == NULL)
		return EXTMEM_ERR_INVALID;
	int err = in_range(ld, addr, len);
	if (err != EXTMEM_OK)
		return err;
	/* in range: len fits an offset */
	for (mem_off done = 0; done < (mem_off)len;) {
		size_t n =
			(mem_off)len - done < EXTMEM_LOADER_CHUNK ? (size_t)((mem_off)len - done) : EXTMEM_LOADER_CHUNK;
		err = fetch(ld, addr + done, ld->chunk, n);
		if (err != EXTMEM_OK)
			return err;
		for (size_t i = 0; i < n; i++)
			if (ld->chunk[i] != value) {
				if (bad != NULL)
					*bad = done + i;
				return EXTMEM_OK;
			}
		done += n;
	}
	if (bad != NULL)
		*bad = len;
	return EXTMEM_OK;
}

int extmem_loader_checksum(struct extmem_loader *ld, extmem_loader_off addr, extmem_loader_off len, uint32_t init,
			   uint32_t *sum)
{
	if (ld == NULL || ld->m == NULL || sum == NULL)
		return EXTMEM_ERR_INVALID;
	int err = in_range(ld, addr, len);
	if (err != EXTMEM_OK)
		return err;
	uint32_t s = init;
	/* in range: len fits an offset */
	for (mem_off done = 0; done < (mem_off)len;) {
		size_t n =
			(mem_off)len - done < EXTMEM_LOADER_CHUNK ? (size_t)((mem_off)len - done) : EXTMEM_LOADER_CHUNK;
		err = fetch(ld, addr + done, ld->chunk, n);
		if (err != EXTMEM_OK)
			return err;
		for (size_t i = 0; i < n; i++)
			s += ld->chunk[i];
		done += n;
	}
	*sum = s;
	return EXTMEM_OK;
}

int extmem_loader_write(struct extmem_loader *ld, extmem_loader_off addr, const void *buf, size_t len)
{
	if (ld == NULL || ld->m == NULL || (buf == NULL && len > 0))
		return EXTMEM_ERR_INVALID;
	int err = in_range(ld, addr, len);
	if (err != EXTMEM_OK || len == 0)
		return err;
	if (DRV(ld)->write == NULL)
		return EXTMEM_ERR_NOT_SUPPORTED;
	err = extmem_loader_unmap(ld);
	if (err == EXTMEM_OK)
		err = extmem_driver_result(DRV(ld)->write(ld->m, addr, buf, len));
	extmem_loader_off bad = 0;
	if (err == EXTMEM_OK)
		err = extmem_loader_verify(ld, addr, buf, len, &bad);
	if (err == EXTMEM_OK && bad != len)
		err = EXTMEM_ERR_DEVICE; /* the part took the command but holds other bytes */
	return settle(ld, err);
}

int extmem_loader_erase(struct extmem_loader *ld, extmem_loader_off addr, extmem_loader_off len)
{
	if (ld == NULL || ld->m == NULL)
		return EXTMEM_ERR_INVALID;
	int err = in_range(ld, addr, len);
	if (err != EXTMEM_OK || len == 0)
		return err;
	uint64_t unit = ERASE_UNIT(ld);
	/* start accepts only a power-of-two smallest erase size: a mask, no 64-bit division */
	if (unit == 0 || (unit & (unit - 1u)) != 0 || DRV(ld)->erase == NULL)
		return EXTMEM_ERR_NOT_SUPPORTED;
	/* the sectors holding the first and the last byte (in range: offsets fit); the size is a multiple of the unit
	 */
	mem_off first = (mem_off)addr & ~((mem_off)unit - 1u);
	mem_off last = (mem_off)(addr + len - 1u);
	uint64_t end = (uint64_t)(last & ~((mem_off)unit - 1u)) + unit;
	err = extmem_loader_unmap(ld);
	if (err == EXTMEM_OK)
		err = extmem_driver_result(DRV(ld)->erase(ld->m, first, end - first));
	return settle(ld, err);
}

int extmem_loader_erase_all(struct extmem_loader *ld)
{
	if (ld == NULL || ld->m == NULL)
		return EXTMEM_ERR_INVALID;
	if (DRV(ld)->erase_all == NULL)
		return EXTMEM_ERR_NOT_SUPPORTED;
	int err = extmem_loader_unmap(ld);
	if (err == EXTMEM_OK)
		err = extmem_driver_result(DRV(ld)->erase_all(ld->m));
	return settle(ld, err);
}
