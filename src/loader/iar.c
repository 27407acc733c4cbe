/* SPDX-License-Identifier: MIT */
/*
 * IAR Embedded Workbench flash loader (.out, with its .flash and .board).
 *
 * The debugger's convention (flash loader framework version 200): it loads
 * the .out, writes the arguments into theFlashParams, puts the data in
 * [FlashBufferStart, FlashBufferEnd), sets SP and PC to one of the
 * FlashXxxEntry functions and runs until the core reaches FlashBreak; the
 * result is then in theFlashParams.count (RESULT_OK 0, RESULT_ERROR 1,
 * RESULT_ERASE_DONE 3 when Init already mass-erased as asked).
 *
 * theFlashParams lives outside .bss (Init clears .bss after the debugger has
 * written the parameters).
 */
#include <stddef.h>

#include "target.h"

#define RESULT_OK         0u
#define RESULT_ERROR      1u
#define RESULT_ERASE_DONE 3u

/* bytes the checksum reads at a time, on the stack the debugger gives */
#define IAR_CRC_STEP 256u

#define FLAG_ERASE_ONLY 0x1u
#define FLAG_MASS_ERASE 0x2u

struct iar_params {
	uint32_t base_ptr;
	uint32_t count;
	uint32_t offset_into_block;
	void *buffer;
	uint32_t block_size;
};

/* One erase request of FlashEraseWriteEntry's list form. */
struct iar_erase {
	uint32_t start;
	uint32_t length;
};

__attribute__((section(".noinit.iar"), used)) struct iar_params theFlashParams;
__attribute__((section(".rodata.extmem_keep.frameworkVersion"), used)) const uint16_t frameworkVersion = 200;

void FlashBreak(void);
void FlashInitEntry(void);
void FlashWriteEntry(void);
void FlashEraseWriteEntry(void);
void FlashChecksumEntry(void);
void FlashSignoffEntry(void);

#define ENTRY(name) __attribute__((section(".text.extmem_entry." #name), used, noinline))

/* Where the debugger's breakpoint stops the core after every entry point. */
ENTRY(FlashBreak) void FlashBreak(void)
{
	for (;;) {
		__asm volatile("" ::: "memory");
	}
}

static uint32_t result(int status)
{
	return status == EXTMEM_OK ? RESULT_OK : RESULT_ERROR;
}

static uint32_t flash_write(uint32_t block, uint32_t offset, uint32_t count, const void *buf)
{
	uint32_t off;
	if (offset > UINT32_MAX - block || !extmem_loader_offset(block + offset, count, &off))
		return RESULT_ERROR;
	return result(extmem_loader_write(&extmem_loader_state, off, buf, count));
}

static uint32_t flash_erase(uint32_t block, uint32_t size)
{
	uint32_t off;
	if (!extmem_loader_offset(block, size, &off))
		return RESULT_ERROR;
	return result(extmem_loader_erase(&extmem_loader_state, off, size));
}

/* CRC-16/CCITT (polynomial 0x1021, initial 0) of the memory, the framework's FlashChecksum. */
static uint32_t flash_checksum(uint32_t begin, uint32_t count)
{
	uint32_t off;
	if (!extmem_loader_offset(begin, count, &off))
		return 0;
	struct extmem_loader *ld = &extmem_loader_state;
	uint16_t crc = 0;
	for (uint32_t done = 0; done < count;) {
		uint32_t n = count - done < IAR_CRC_STEP ? count - done : IAR_CRC_STEP;
		uint8_t bytes[IAR_CRC_STEP];
		if (extmem_loader_read(ld, off + done, bytes, n) != EXTMEM_OK)
			return 0;
		for (uint32_t i = 0; i < n; i++) {
			crc ^= (uint16_t)(bytes[i] << 8);
			for (int b = 0; b < 8; b++)
				crc = (uint16_t)((crc & 0x8000u) != 0 ? (uint32_t)crc << 1 ^ 0x1021u
								      : (uint32_t)crc << 1);
		}
		done += n;
	}
	return crc;
}

/* base_ptr: flash base, block_size: image size, offset_into_block: link address, count: flags. */
ENTRY(FlashInitEntry) void FlashInitEntry(void)
{
	uint32_t flags = theFlashParams.count;
	uint32_t r = result(extmem_loader_target_init(false));
	if (r == RESULT_OK && (flags & FLAG_MASS_ERASE) != 0) {
		r = result(extmem_loader_erase_all(&extmem_loader_state));
		if (r == RESULT_OK && (flags & FLAG_ERASE_ONLY) != 0)
			r = RESULT_ERASE_DONE;
	}
	theFlashParams.count = r;
	FlashBreak();
}

ENTRY(FlashWriteEntry) void FlashWriteEntry(void)
{
	theFlashParams.count = flash_write(theFlashParams.base_ptr, theFlashParams.offset_into_block,
					   theFlashParams.count, theFlashParams.buffer);
	FlashBreak();
}

/* block_size 0: buffer holds count erase requests; else erase the block, then write into it. */
ENTRY(FlashEraseWriteEntry) void FlashEraseWriteEntry(void)
{
	uint32_t r = RESULT_OK;
	if (theFlashParams.block_size == 0) {
		const struct iar_erase *e = (const struct iar_erase *)theFlashParams.buffer;
		for (uint32_t i = 0; i < theFlashParams.count && r == RESULT_OK; i++)
			r = flash_erase(e[i].start, e[i].length);
	} else {
		r = flash_erase(theFlashParams.base_ptr, theFlashParams.block_size);
		if (r == RESULT_OK)
			r = flash_write(theFlashParams.base_ptr, theFlashParams.offset_into_block, theFlashParams.count,
					theFlashParams.buffer);
	}
	theFlashParams.count = r;
	FlashBreak();
}

ENTRY(FlashChecksumEntry) void FlashChecksumEntry(void)
{
	theFlashParams.count = flash_checksum(theFlashParams.base_ptr, theFlashParams.count);
	FlashBreak();
}

/* End of the session: the memory left mapped so the application (or the debugger) can read it. */
ENTRY(FlashSignoffEntry) void FlashSignoffEntry(void)
{
	theFlashParams.count = result(extmem_loader_map(&extmem_loader_state));
	FlashBreak();
}

/* The debugger's initial SP and a reset vector that only stops. */
extern char extmem_iar_stack_top[];
__attribute__((section(".intvec"), used)) void (*const __vector_table[2])(void) = {
	(void (*)(void))(uintptr_t)extmem_iar_stack_top,
	FlashBreak,
};
