/* SPDX-License-Identifier: MIT */
/*
 * extmem: the External Memory Loader core.
 *
 * What every programming tool's loader does, over one memory's driver and
 * without knowing the tool: bring one memory up, then write, erase a range, erase
 * everything, read, checksum, verify and blank-check it. The tool front-ends
 * (src/loader/stldr.c, flm.c, iar.c) translate their tool's calling
 * convention and return codes to these calls.
 *
 * Addresses here are offsets into the memory (0 = its first byte); the
 * front-ends subtract the bus address the tool uses. Every call checks its
 * range overflow-safely before the bus.
 *
 * Memory-mapped mode: with keep_mapped set (STM32CubeProgrammer reads the
 * window directly after Init), the core leaves the memory mapped after every
 * call and unmaps it only for the duration of a write or an erase. Reads,
 * checksums, verifies and blank checks go through the window while it is
 * mapped and through the driver otherwise.
 *
 * A write is never reported as done before it is read back: the driver's
 * program status first, then a byte-for-byte comparison of what the memory
 * holds with what was asked (EXTMEM_ERR_DEVICE on a difference).
 */
#ifndef EXTMEM_LOADER_H
#define EXTMEM_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extmem.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Offsets and lengths in the memory. A loader build (EXTMEM_LOADER_DRIVER,
 * src/loader/loader_build.cmake) reaches its memory through a 32-bit bus
 * and start refuses a larger one: 32 bits there, cheaper on the target.
 */
#ifdef EXTMEM_LOADER_DRIVER
typedef uint32_t extmem_loader_off;
#else
typedef uint64_t extmem_loader_off;
#endif

/* Bytes the core reads back at a time (in the struct, not on the stack: one read op per 4 KiB). */
#define EXTMEM_LOADER_CHUNK 4096u

struct extmem_loader {
	struct extmem *em; /* the manager the memory came from (NULL after extmem_loader_start_memory) */
	uint32_t id;
	/* the memory, m->info what its driver reported; NULL when not started or after a failed start */
	struct extmem_memory *m;
	bool keep_mapped; /* leave the memory mapped between calls */
	bool mapped;      /* it is mapped now */
	uintptr_t window; /* CPU address of the window while mapped */
	uint8_t chunk[EXTMEM_LOADER_CHUNK];
};

/*
 * Initialises memory `id` of em (already set up with extmem_setup) and fills
 * ld. keep_mapped: see above; when set, the memory is mapped on return.
 */
int extmem_loader_start(struct extmem_loader *ld, struct extmem *em, uint32_t id, bool keep_mapped);
/*
 * The same for a memory no manager holds (kind, driver, config and data set,
 * m->state OFF): the loaders' path, which calls the driver directly. The core
 * keeps the checks a loader needs (its state, ranges, the driver's
 * description), not the manager's generality.
 */
int extmem_loader_start_memory(struct extmem_loader *ld, struct extmem_memory *m, bool keep_mapped);
/* Unmaps and deinitialises the memory (the part left in its power-on protocol). */
int extmem_loader_stop(struct extmem_loader *ld);

/*
 * Programs [addr, addr + len) from buf (the area must be erased), then reads
 * it back and compares. Any length and alignment the memory allows.
 */
int extmem_loader_write(struct extmem_loader *ld, extmem_loader_off addr, const void *buf, size_t len);
/*
 * Erases every smallest-erase-size sector that holds a byte of
 * [addr, addr + len): bytes outside those sectors are never touched.
 */
int extmem_loader_erase(struct extmem_loader *ld, extmem_loader_off addr, extmem_loader_off len);
int extmem_loader_erase_all(struct extmem_loader *ld);

int extmem_loader_read(struct extmem_loader *ld, extmem_loader_off addr, void *buf, size_t len);

/* init + the sum of the bytes of [addr, addr + len), modulo 2^32 (STM32CubeProgrammer's CheckSum). */
int extmem_loader_checksum(struct extmem_loader *ld, extmem_loader_off addr, extmem_loader_off len, uint32_t init,
			   uint32_t *sum);

/*
 * Compares [addr, addr + len) with buf. *bad (when not NULL) receives the
 * offset from addr of the first differing byte, or len when all match.
 * Returns EXTMEM_OK (whether or not they match) or a bus error.
 */
int extmem_loader_verify(struct extmem_loader *ld, extmem_loader_off addr, const void *buf, size_t len,
			 extmem_loader_off *bad);

/* Like verify against `len` bytes of `value`: *bad = len when the area holds only value. */
int extmem_loader_blank_check(struct extmem_loader *ld, extmem_loader_off addr, extmem_loader_off len, uint8_t value,
			      extmem_loader_off *bad);

/* Map / unmap now (a front-end whose tool reads the window asks for it). */
int extmem_loader_map(struct extmem_loader *ld);
int extmem_loader_unmap(struct extmem_loader *ld);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_LOADER_H */
