/* SPDX-License-Identifier: MIT */
/*
 * The memory calls of the boot library: the manager's (the default), or with
 * EXTMEM_BOOT_DIRECT=1 (a Boot's build switch, docs/bootflash.md) the
 * drivers of the same table called straight, as the loaders do. The direct
 * calls keep every check a Boot's reads and maps can meet, with the
 * manager's status for each: memory id and state, a usable description
 * (size, read alignment), range, alignment, mapped memory. They leave out
 * what a Boot never asks (write, erase, deinit, set-up again, tracing).
 */
#ifndef EXTMEM_BOOT_MEM_H
#define EXTMEM_BOOT_MEM_H

#include "extmem/boot.h"
#include "extmem/extmem.h"

#ifndef EXTMEM_BOOT_DIRECT
#define EXTMEM_BOOT_DIRECT 0
#endif
/* 0: a Boot whose image memory reads any byte range leaves boot.c's read_blocks out (about 290 B). */
#ifndef EXTMEM_BOOT_BLOCK_READS
#define EXTMEM_BOOT_BLOCK_READS 1
#endif

/* 1: an XIP Boot checks the image through the mapped window (boot.c, check_through_window); default 0. */
#ifndef EXTMEM_BOOT_XIP_WINDOW
#define EXTMEM_BOOT_XIP_WINDOW 0
#endif
/*
 * Whether the build reads memories through their drivers: an XIP-only build
 * that checks through the window never does, so its drivers need no read
 * (the configurator then builds the NOR's table without one,
 * EXTMEM_NOR_MAP_ONLY in src/nor/nor_readonly.c).
 */
#define BOOT_MEM_READS (!EXTMEM_BOOT_XIP_WINDOW || (EXTMEM_BOOT_MODES & EXTMEM_IMAGE_LRUN))

/*
 * extmem_boot_prepare after its clearing of *out, for extmem_bootflash_prepare
 * and extmem_bootflash_boot: they set out's status, step and check as that
 * clearing does (EXTMEM_OK, CONFIG, OK). Nothing else of *out is read before
 * it is written: the header is decoded before its fields are used, and the
 * hand-over values are set on success and cleared by every refusal.
 */
int extmem_boot_prepare_cleared(const struct extmem_boot_config *cfg, struct extmem_boot_start *out);

#if EXTMEM_BOOT_DIRECT

/*
 * -DEXTMEM_BOOT_DRIVER=NAME (the configurator's Boots whose table has one
 * memory): its driver is called by name, as a loader's (src/loader/loader.c).
 * The board leaves the entry's .driver unset, so the table is not linked and
 * the checks of its operations fold away; a table of another size is refused.
 */
#ifdef EXTMEM_BOOT_DRIVER
extern const struct extmem_driver EXTMEM_BOOT_DRIVER;
#define BOOT_DRV(m)      ((void)(m), &EXTMEM_BOOT_DRIVER)
#define BOOT_DRV_SET(m)  true
#define BOOT_COUNT_OK(n) ((n) == 1)
/*
 * The image memory's map is then the one call of boot_mem_map_m (map_ids name other memories): inlined, its
 * checks fold on what the init before it left (-40 B; gcc keeps it out of line by itself).
 */
#define BOOT_MAP_INLINE  __attribute__((always_inline))
#else
#define BOOT_MAP_INLINE
#define BOOT_DRV(m)      ((m)->driver)
#define BOOT_DRV_SET(m)  ((m)->driver != NULL)
#define BOOT_COUNT_OK(n) ((n) != 0)
#endif

/* The memory for an id, READY or MAPPED; NULL with *rc the manager's status. */
static inline struct extmem_memory *boot_mem(struct extmem *em, uint32_t id, int *rc)
{
	struct extmem_memory *m;

	*rc = EXTMEM_ERR_INVALID;
	if (!em->memories)
		return NULL;
	*rc = EXTMEM_ERR_BAD_ID;
	if (id >= em->count)
		return NULL;
	m = &em->memories[id];
	*rc = m->state == EXTMEM_STATE_OFF ? EXTMEM_ERR_STATE : EXTMEM_OK;
	return *rc == EXTMEM_OK ? m : NULL;
}

/* The manager's set-up checks: drivers that can init (and read, where the build reads), nothing of the table still on.
 */
static inline int boot_mem_setup(struct extmem *em, struct extmem_memory *table, uint32_t count)
{
	if (!table || !BOOT_COUNT_OK(count))
		return EXTMEM_ERR_INVALID;
	for (uint32_t i = 0; i < count; i++)
		if (!BOOT_DRV_SET(&table[i]) || !BOOT_DRV(&table[i])->init ||
		    (BOOT_MEM_READS && !BOOT_DRV(&table[i])->read) || table[i].kind < EXTMEM_KIND_NOR_SFDP ||
		    table[i].kind > EXTMEM_KIND_USER)
			return EXTMEM_ERR_INVALID;
	for (uint32_t i = 0; i < count; i++)
		if (table[i].state != EXTMEM_STATE_OFF)
			return EXTMEM_ERR_STATE;
	em->memories = table;
	em->count = count;
	return EXTMEM_OK;
}

/* Brings memory id up (OFF after set-up): init, then the description checks the reads rely on. */
static inline int boot_mem_init(struct extmem *em, uint32_t id)
{
	struct extmem_memory *m = &em->memories[id];
	uint32_t a;
	int rc;

	m->info = (struct extmem_info){0};
	rc = extmem_driver_result(BOOT_DRV(m)->init(m));
	if (rc != EXTMEM_OK)
		return rc;
	m->info.kind = m->kind;
	a = m->info.read_align;
	/* read_align 0 or 1 is any byte, else a power of two, tested by mask (as check_info). */
	if (m->info.size == 0 || (a & (a - 1u)))
		return EXTMEM_ERR_INVALID;
	m->state = EXTMEM_STATE_READY;
	return EXTMEM_OK;
}

/* The memory's description: the table's own in place (no copy). */
static inline const struct extmem_info *boot_mem_info(struct extmem *em, uint32_t id, struct extmem_info *copy, int *rc)
{
	struct extmem_memory *m = boot_mem(em, id, rc);
	(void)copy;
	return m ? &m->info : NULL;
}

static inline int boot_mem_unmap_m(struct extmem_memory *m)
{
	int rc = BOOT_DRV(m)->unmap ? extmem_driver_result(BOOT_DRV(m)->unmap(m)) : EXTMEM_OK;
	if (rc == EXTMEM_OK)
		m->state = EXTMEM_STATE_READY;
	return rc;
}

/* A warm Boot may find the image memory mapped: unmapped once, before its first read. */
static inline int boot_mem_unmapped(struct extmem_memory *m)
{
	return m->state == EXTMEM_STATE_MAPPED ? boot_mem_unmap_m(m) : EXTMEM_OK;
}

/*
 * A read of memory m, which boot_mem_info found up and boot_mem_unmapped
 * left READY. Every read of boot.c lies inside the slot, which check_config
 * found inside the memory: only read_blocks' whole blocks (a Boot with
 * EXTMEM_BOOT_BLOCK_READS) can reach past it, so only that build checks the
 * range again.
 */
/* Out of line: inlined, boot.c's read_at would build its configuration on the stack (unused: bootflash.c). */
__attribute__((noinline, unused)) static int boot_mem_read_m(struct extmem_memory *m, uint64_t addr, void *buf,
							     uint32_t len)
{
	uint32_t a = m->info.read_align;

	if (EXTMEM_BOOT_BLOCK_READS && (addr > m->info.size || len > m->info.size - addr))
		return EXTMEM_ERR_OUT_OF_RANGE;
	if (a > 1 && (((uint32_t)addr | len) & (a - 1u)))
		return EXTMEM_ERR_MISALIGNED;
	/* Every read of boot.c has len > 0 (header, chunks, payload, blocks), as a driver expects. */
	return extmem_driver_result(BOOT_DRV(m)->read(m, addr, buf, len));
}

/* Maps memory m (up: READY or MAPPED). */
BOOT_MAP_INLINE static inline int boot_mem_map_m(struct extmem_memory *m)
{
	int rc = EXTMEM_OK;

	if (!m->info.mappable || !BOOT_DRV(m)->map)
		return EXTMEM_ERR_NOT_SUPPORTED;
	if (m->state == EXTMEM_STATE_READY) {
		rc = extmem_driver_result(BOOT_DRV(m)->map(m));
		if (rc == EXTMEM_OK)
			m->state = EXTMEM_STATE_MAPPED;
	}
	return rc;
}

static inline int boot_mem_map(struct extmem *em, uint32_t id)
{
	int rc;
	struct extmem_memory *m = boot_mem(em, id, &rc);

	return m ? boot_mem_map_m(m) : rc;
}

#else

#define boot_mem_setup extmem_setup
#define boot_mem_init  extmem_init
#define boot_mem_read  extmem_read
#define boot_mem_map   extmem_map
#define boot_mem_unmap extmem_unmap

/* The memory's description, copied by the manager into *copy. */
static inline const struct extmem_info *boot_mem_info(struct extmem *em, uint32_t id, struct extmem_info *copy, int *rc)
{
	*rc = extmem_info(em, id, copy);
	return *rc == EXTMEM_OK ? copy : NULL;
}

#endif

#endif /* EXTMEM_BOOT_MEM_H */
