/* SPDX-License-Identifier: MIT */
/*
 * extmem: the External Memory Manager.
 *
 * The application owns a table of struct extmem_memory (one per external
 * memory) and an struct extmem that points at it. Memories are addressed by
 * their index in the table (the memory id). Every call checks its arguments
 * (overflow-safe), then dispatches to the memory's driver ops table.
 *
 * Built-in memory types provide their driver (e.g. extmem_nor_sfdp_driver);
 * a USER memory is one whose driver ops table the application writes itself.
 */
#ifndef EXTMEM_H
#define EXTMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extmem_status.h"
#include "extmem_xspi.h"

#ifdef __cplusplus
extern "C" {
#endif

enum extmem_kind {
	EXTMEM_KIND_NOR_SFDP = 1,
	EXTMEM_KIND_PSRAM = 2,
	EXTMEM_KIND_SDCARD = 3,
	EXTMEM_KIND_USER = 4,
};

/*
 * Bus protocols, named cmd-addr-data with S (single data rate) or D (double
 * data rate), as JESD251 does: 1S-1S-4S is a quad-output fast read.
 */
enum extmem_protocol {
	EXTMEM_PROTO_NONE = 0,
	EXTMEM_PROTO_1S_1S_1S,
	EXTMEM_PROTO_1S_1S_2S,
	EXTMEM_PROTO_1S_2S_2S,
	EXTMEM_PROTO_2S_2S_2S,
	EXTMEM_PROTO_1S_1S_4S,
	EXTMEM_PROTO_1S_4S_4S,
	EXTMEM_PROTO_4S_4S_4S,
	EXTMEM_PROTO_1S_1D_1D,
	EXTMEM_PROTO_1S_2D_2D,
	EXTMEM_PROTO_1S_4D_4D,
	EXTMEM_PROTO_4S_4D_4D,
	EXTMEM_PROTO_1S_1S_8S,
	EXTMEM_PROTO_1S_8S_8S,
	EXTMEM_PROTO_8S_8S_8S,
	EXTMEM_PROTO_1S_8D_8D,
	EXTMEM_PROTO_8D_8D_8D,
	EXTMEM_PROTO_COUNT
};

/* "1S-1S-4S" style name; "?" for an unknown value. */
const char *extmem_protocol_name(enum extmem_protocol proto);

#define EXTMEM_MAX_ERASE_TYPES 4

/* What a memory is, as the manager and its callers see it after init. */
struct extmem_info {
	enum extmem_kind kind;
	uint64_t size;        /* bytes */
	uint32_t page_size;   /* program page (NOR) or block (SD); 0 when none */
	uint32_t write_align; /* writes must start and end on this (1: any byte) */
	uint32_t read_align;  /* reads likewise */
	bool erase_needed;    /* write only after erase (NOR) */
	uint8_t erase_value;  /* what erased bytes read as */
	uint8_t erase_type_count;
	uint32_t erase_sizes[EXTMEM_MAX_ERASE_TYPES]; /* ascending, bytes */
	bool uniform_erase;                           /* every erase size applies everywhere */
	enum extmem_protocol protocol;                /* reached by the driver (NONE for USER) */
	uint32_t clock_hz;                            /* bus clock reached */
	uint8_t dummy_cycles;                         /* of the read command in use */
	bool mappable;
	uintptr_t map_base;   /* CPU address of the mapped window when mappable */
	bool write_protected; /* some area is protected at init */
	uint32_t jedec_id;    /* manufacturer << 16 | type << 8 | capacity; 0 when none */
};

struct extmem_memory;

/*
 * A memory type's operations. The manager checks ids, state, NULL pointers,
 * ranges and alignment before calling them, so a driver sees only addresses
 * inside [0, info.size) and lengths > 0 that do not wrap.
 *
 * init fills m->info. Optional ops may be NULL: the manager then answers
 * EXTMEM_ERR_NOT_SUPPORTED. Each op returns 0 or a negative extmem_status;
 * the manager turns any other value into EXTMEM_ERR_DEVICE. init's erase
 * sizes must be powers of two that divide info.size, its read_align and
 * write_align 0, 1 (any byte) or a power of two (else EXTMEM_ERR_INVALID).
 */
struct extmem_driver {
	const char *name;
	int (*init)(struct extmem_memory *m);
	int (*deinit)(struct extmem_memory *m); /* optional */
	int (*read)(struct extmem_memory *m, uint64_t addr, void *buf, size_t len);
	int (*write)(struct extmem_memory *m, uint64_t addr, const void *buf, size_t len); /* optional */
	int (*erase)(struct extmem_memory *m, uint64_t addr, uint64_t len);                /* optional */
	int (*erase_all)(struct extmem_memory *m);                                         /* optional */
	int (*map)(struct extmem_memory *m);                                               /* optional */
	int (*unmap)(struct extmem_memory *m);                                             /* optional */
};

/*
 * What a caller of a driver op makes of its answer (the manager, and the
 * loader core, which calls its driver directly): 0 or a known negative
 * extmem_status passes; anything else (a positive count, a code of the
 * driver's own) is EXTMEM_ERR_DEVICE. EXTMEM_ERR_FORMAT is the lowest status.
 */
static inline int extmem_driver_result(int r)
{
	return r == EXTMEM_OK || (r < 0 && r >= EXTMEM_ERR_FORMAT) ? r : EXTMEM_ERR_DEVICE;
}

enum extmem_state {
	EXTMEM_STATE_OFF = 0,
	EXTMEM_STATE_READY = 1,
	EXTMEM_STATE_MAPPED = 2,
};

/*
 * One memory: what the application fills in (kind, driver, config, data)
 * and what the manager keeps (info, state). config is the driver's constant
 * configuration (for NOR: its xSPI link); data is caller-provided storage for
 * the driver's state, so nothing is allocated.
 */
struct extmem_memory {
	enum extmem_kind kind;
	const struct extmem_driver *driver;
	const void *config;
	void *data;
	/* owned by the manager */
	struct extmem_info info;
	enum extmem_state state;
};

struct extmem {
	struct extmem_memory *memories;
	uint32_t count;
};

/*
 * Binds a manager to the caller's table; every memory starts OFF.
 * EXTMEM_ERR_INVALID for an unknown kind or a driver without init/read;
 * EXTMEM_ERR_STATE while a memory of the table is still initialised or
 * mapped (deinit it first). A table's state fields start OFF (zero), as a
 * static or designated initialiser gives.
 */
int extmem_setup(struct extmem *em, struct extmem_memory *table, uint32_t count);

int extmem_init(struct extmem *em, uint32_t id);
int extmem_deinit(struct extmem *em, uint32_t id);

int extmem_read(struct extmem *em, uint32_t id, uint64_t addr, void *buf, size_t len);
int extmem_write(struct extmem *em, uint32_t id, uint64_t addr, const void *buf, size_t len);

/*
 * Erases [addr, addr + len). Both ends must sit on the smallest erase size;
 * the driver picks the largest erase type that is aligned and fits at each
 * step.
 */
int extmem_erase(struct extmem *em, uint32_t id, uint64_t addr, uint64_t len);
int extmem_erase_all(struct extmem *em, uint32_t id);

int extmem_map(struct extmem *em, uint32_t id);
int extmem_unmap(struct extmem *em, uint32_t id);
/* CPU address of a mappable memory's window (valid while mapped). */
int extmem_map_base(struct extmem *em, uint32_t id, uintptr_t *base);

int extmem_info(struct extmem *em, uint32_t id, struct extmem_info *out);

/*
 * Helper for drivers with uniform erase sizes: the largest of info's erase
 * sizes that addr is aligned to and that fits in len; 0 when none.
 */
uint32_t extmem_erase_step(const struct extmem_info *info, uint64_t addr, uint64_t len);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_H */
