/* SPDX-License-Identifier: MIT */
/*
 * STM32CubeProgrammer / STM32CubeIDE external loader (.stldr).
 *
 * The tool loads the ELF's segments into RAM, reads StorageInfo from its own
 * segment in the file, sets SP and LR itself and calls the entry points by
 * symbol name. Every entry point answers 1 for success and 0 for failure
 * (Verify: see below). After Init the tool reads the memory through the
 * XSPI window directly, so the memory stays mapped between calls and is
 * unmapped only while a write or an erase runs.
 *
 * Each entry point sits in a .text.extmem_entry.* section the linker script
 * keeps, so --gc-sections never drops one.
 */
#include <stddef.h>

#include "target.h"

#define STLDR_OK   1u
#define STLDR_FAIL 0u

/* StorageInfo.DeviceType values the tool knows (NOR_FLASH is 3). */
#define STLDR_NOR_FLASH 3u

struct stldr_sectors {
	uint32_t count; /* number of sectors of this size */
	uint32_t size;  /* bytes */
};

/* The layout the tool reads: name[100], u16 type, then naturally aligned words. */
struct stldr_storage_info {
	char name[100];
	uint16_t type;
	uint32_t start;
	uint32_t size;
	uint32_t page;
	uint8_t erase_value;
	struct stldr_sectors sectors[2]; /* terminated by a zero pair */
};

_Static_assert(offsetof(struct stldr_storage_info, type) == 100, "DeviceType at 100");
_Static_assert(offsetof(struct stldr_storage_info, start) == 104, "DeviceStartAddress at 104");
_Static_assert(offsetof(struct stldr_storage_info, erase_value) == 116, "EraseValue at 116");
_Static_assert(offsetof(struct stldr_storage_info, sectors) == 120, "Sectors at 120");

__attribute__((section(".Dev_info"), used)) const struct stldr_storage_info StorageInfo = {
	.name = EXTMEM_LOADER_PART "_" EXTMEM_LOADER_BOARD "_extmem",
	.type = STLDR_NOR_FLASH,
	.start = EXTMEM_LOADER_BASE,
	.size = EXTMEM_LOADER_SIZE,
	.page = EXTMEM_LOADER_PAGE,
	.erase_value = EXTMEM_LOADER_ERASE_VALUE,
	.sectors = {{EXTMEM_LOADER_SIZE / EXTMEM_LOADER_SECTOR, EXTMEM_LOADER_SECTOR}, {0, 0}},
};

#define ENTRY(name) __attribute__((section(".text.extmem_entry." #name), used, noinline))

uint32_t Init(void);
uint32_t Write(uint32_t Address, uint32_t Size, uint8_t *buffer);
uint32_t Read(uint32_t Address, uint32_t Size, uint8_t *buffer);
uint32_t SectorErase(uint32_t EraseStartAddress, uint32_t EraseEndAddress);
uint32_t MassErase(uint32_t Parallelism);
uint32_t CheckSum(uint32_t StartAddress, uint32_t Size, uint32_t InitVal);
uint64_t Verify(uint32_t MemoryAddr, uint32_t RAMBufferAddr, uint32_t Size, uint32_t Missalignement);

static struct extmem_loader *const ld = &extmem_loader_state;

ENTRY(Init) uint32_t Init(void)
{
	return extmem_loader_target_init(true) == EXTMEM_OK ? STLDR_OK : STLDR_FAIL;
}

ENTRY(Write) uint32_t Write(uint32_t Address, uint32_t Size, uint8_t *buffer)
{
	uint32_t off;
	if (!extmem_loader_offset(Address, Size, &off))
		return STLDR_FAIL;
	return extmem_loader_write(ld, off, buffer, Size) == EXTMEM_OK ? STLDR_OK : STLDR_FAIL;
}

ENTRY(Read) uint32_t Read(uint32_t Address, uint32_t Size, uint8_t *buffer)
{
	uint32_t off;
	if (!extmem_loader_offset(Address, Size, &off))
		return STLDR_FAIL;
	return extmem_loader_read(ld, off, buffer, Size) == EXTMEM_OK ? STLDR_OK : STLDR_FAIL;
}

/* Erases every sector holding a byte of [EraseStartAddress, EraseEndAddress] (both inclusive). */
ENTRY(SectorErase) uint32_t SectorErase(uint32_t EraseStartAddress, uint32_t EraseEndAddress)
{
	uint32_t off;
	/* wraps to 0 only for [0, 4 GiB), whose start is below the window: refused */
	uint32_t len = EraseEndAddress - EraseStartAddress + 1u;
	if (EraseEndAddress < EraseStartAddress || !extmem_loader_offset(EraseStartAddress, len, &off))
		return STLDR_FAIL;
	return extmem_loader_erase(ld, off, len) == EXTMEM_OK ? STLDR_OK : STLDR_FAIL;
}

ENTRY(MassErase) uint32_t MassErase(uint32_t Parallelism)
{
	(void)Parallelism;
	return extmem_loader_erase_all(ld) == EXTMEM_OK ? STLDR_OK : STLDR_FAIL;
}

/* InitVal plus the sum of the bytes of the area (0 when the area is not in the memory). */
ENTRY(CheckSum) uint32_t CheckSum(uint32_t StartAddress, uint32_t Size, uint32_t InitVal)
{
	uint32_t off;
	uint32_t sum = 0;
	if (!extmem_loader_offset(StartAddress, Size, &off) ||
	    extmem_loader_checksum(ld, off, Size, InitVal, &sum) != EXTMEM_OK)
		return 0;
	return sum;
}

/*
 * Size counts 32-bit words. Missalignement: bits 0..3 bytes to skip at the
 * start, bits 16..19 bytes to leave out at the end, of the checksum only.
 * Returns the checksum in the high word and, in the low word, 0 when the
 * memory matches the buffer, else the bus address of the first difference
 * (the memory's start address when the request itself is bad).
 */
ENTRY(Verify) uint64_t Verify(uint32_t MemoryAddr, uint32_t RAMBufferAddr, uint32_t Size, uint32_t Missalignement)
{
	uint32_t off;
	extmem_loader_off bad = 0;
	/* more words than the memory holds: refused before Size * 4 could wrap */
	uint32_t len = Size * 4u;
	uint32_t head = Missalignement & 0xFu, tail = (Missalignement >> 16) & 0xFu;
	uint32_t sum = 0;
	if (Size > EXTMEM_LOADER_SIZE / 4u || !extmem_loader_offset(MemoryAddr, len, &off))
		return EXTMEM_LOADER_BASE;
	if (head + tail <= len && extmem_loader_checksum(ld, off + head, len - head - tail, 0, &sum) != EXTMEM_OK)
		return MemoryAddr;
	if (extmem_loader_verify(ld, off, (const void *)(uintptr_t)RAMBufferAddr, len, &bad) != EXTMEM_OK)
		return (uint64_t)sum << 32 | MemoryAddr;
	return (uint64_t)sum << 32 | (bad == len ? 0u : (uint32_t)(MemoryAddr + bad));
}
