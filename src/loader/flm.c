/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-Pack flash algorithm (.FLM) for Keil MDK, pyOCD and probe-rs.
 *
 * The tool copies PrgCode and PrgData (contiguous, as linked at 0) anywhere
 * in RAM, sets r9 to PrgData (the static base), SP to its stack and LR to a
 * breakpoint, and calls the functions below by symbol. They answer 0 for
 * success and 1 for failure; Verify returns adr + sz when everything
 * matches, else the address of the first difference; BlankCheck 0 when the
 * area holds only pat.
 *
 * Position independence: the code reaches everything PC-relative (all
 * symbols hidden, ports/stm32h7rs/loader_flm.ld), so code and data move
 * together, and it holds no table of pointers (the NOR layers call the XSPI
 * port by name, src/nor/nor_fixed.h): nothing needs relocating, and the link
 * fails if a change brings an absolute address in (-pie lists it, the
 * linker script refuses it). Init refuses to run when r9 is not the PrgData
 * this code was loaded with.
 */
#include <stddef.h>

#include "target.h"

#define FLM_OK   0
#define FLM_FAIL 1

#define FLM_VERSION    0x0101u /* driver version 1 of the 0x0100 format */
#define FLM_EXT_SPI    5u      /* DevType: external SPI flash */
#define FLM_SECTOR_END 0xFFFFFFFFu

/* One sector group: sectors of szSector bytes from AddrSector (offset from DevAdr) on. */
struct flm_sectors {
	uint32_t szSector;
	uint32_t AddrSector;
};

struct flm_device {
	uint16_t Vers;
	char DevName[128];
	uint16_t DevType;
	uint32_t DevAdr;
	uint32_t szDev;
	uint32_t szPage; /* bytes ProgramPage gets at most */
	uint32_t Res;
	uint8_t valEmpty;
	uint32_t toProg;  /* ms, one ProgramPage */
	uint32_t toErase; /* ms, one EraseSector */
	/* sectors: 64 KiB blocks, one erase command each (16 x 4 KiB would take 400 ms instead of 220) */
	struct flm_sectors sectors[2];
};

_Static_assert(offsetof(struct flm_device, DevType) == 130, "DevType at 130");
_Static_assert(offsetof(struct flm_device, DevAdr) == 132, "DevAdr at 132");
_Static_assert(offsetof(struct flm_device, valEmpty) == 148, "valEmpty at 148");
_Static_assert(offsetof(struct flm_device, toProg) == 152, "toProg at 152");
_Static_assert(offsetof(struct flm_device, sectors) == 160, "sectors at 160");

/* ProgramPage takes one sector's worth: 16 part pages, each within tPP max. */
#define FLM_PAGE       (EXTMEM_LOADER_SECTOR)
#define FLM_TO_PROG_MS ((FLM_PAGE / EXTMEM_LOADER_PAGE * EXTMEM_LOADER_PP_MAX_US + 999u) / 1000u)

__attribute__((section("DevDscr"), used)) const struct flm_device FlashDevice = {
	.Vers = FLM_VERSION,
	.DevName = EXTMEM_LOADER_PART " " EXTMEM_LOADER_BOARD " (extmem)",
	.DevType = FLM_EXT_SPI,
	.DevAdr = EXTMEM_LOADER_BASE,
	.szDev = EXTMEM_LOADER_SIZE,
	.szPage = FLM_PAGE,
	.Res = 0,
	.valEmpty = EXTMEM_LOADER_ERASE_VALUE,
	.toProg = FLM_TO_PROG_MS,
	.toErase = EXTMEM_LOADER_BE_MAX_MS,
	.sectors = {{EXTMEM_LOADER_BLOCK, 0}, {FLM_SECTOR_END, FLM_SECTOR_END}},
};

/* Linker symbol (loader_flm.ld); hidden, so its address is taken PC-relative: the run-time address. */
extern char extmem_flm_data_start[];

/* The static base the tool set: PrgData, right after this code, or the tool loaded the image differently. */
static bool static_base_ok(void)
{
	uintptr_t sb = 0;
#if defined(__arm__)
	__asm volatile("mov %0, r9" : "=r"(sb));
#endif
	return sb == (uintptr_t)extmem_flm_data_start;
}

#define ENTRY(name) __attribute__((section(".text.extmem_entry." #name), used, noinline))

int Init(unsigned long adr, unsigned long clk, unsigned long fnc);
int UnInit(unsigned long fnc);
int EraseChip(void);
int EraseSector(unsigned long adr);
int ProgramPage(unsigned long adr, unsigned long sz, unsigned char *buf);
unsigned long Verify(unsigned long adr, unsigned long sz, unsigned char *buf);
int BlankCheck(unsigned long adr, unsigned long sz, unsigned char pat);

/* fnc: 1 erase, 2 program, 3 verify. The tool reads the flash through the window only to verify. */
ENTRY(Init) int Init(unsigned long adr, unsigned long clk, unsigned long fnc)
{
	(void)adr;
	(void)clk;
	if (!static_base_ok())
		return FLM_FAIL;
	return extmem_loader_target_init(fnc == 3u) == EXTMEM_OK ? FLM_OK : FLM_FAIL;
}

/* Leaves the memory mapped: the debugger (and the application after a reset-less run) reads it there. */
ENTRY(UnInit) int UnInit(unsigned long fnc)
{
	(void)fnc;
	return extmem_loader_map(&extmem_loader_state) == EXTMEM_OK ? FLM_OK : FLM_FAIL;
}

ENTRY(EraseChip) int EraseChip(void)
{
	return extmem_loader_erase_all(&extmem_loader_state) == EXTMEM_OK ? FLM_OK : FLM_FAIL;
}

/* Erases the FlashDevice sector (64 KiB block) holding adr. */
ENTRY(EraseSector) int EraseSector(unsigned long adr)
{
	uint32_t off;
	if (!extmem_loader_offset(adr, 1, &off))
		return FLM_FAIL;
	off -= off % EXTMEM_LOADER_BLOCK;
	return extmem_loader_erase(&extmem_loader_state, off, EXTMEM_LOADER_BLOCK) == EXTMEM_OK ? FLM_OK : FLM_FAIL;
}

ENTRY(ProgramPage) int ProgramPage(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	uint32_t off;
	if (!extmem_loader_offset(adr, sz, &off))
		return FLM_FAIL;
	return extmem_loader_write(&extmem_loader_state, off, buf, sz) == EXTMEM_OK ? FLM_OK : FLM_FAIL;
}

/* adr + sz when the memory matches buf; else the address of the first difference (adr on a bad request). */
ENTRY(Verify) unsigned long Verify(unsigned long adr, unsigned long sz, unsigned char *buf)
{
	uint32_t off;
	extmem_loader_off bad = 0;
	if (!extmem_loader_offset(adr, sz, &off) ||
	    extmem_loader_verify(&extmem_loader_state, off, buf, sz, &bad) != EXTMEM_OK)
		return adr;
	return adr + (unsigned long)bad;
}

ENTRY(BlankCheck) int BlankCheck(unsigned long adr, unsigned long sz, unsigned char pat)
{
	uint32_t off;
	extmem_loader_off bad = 0;
	if (!extmem_loader_offset(adr, sz, &off) ||
	    extmem_loader_blank_check(&extmem_loader_state, off, sz, pat, &bad) != EXTMEM_OK)
		return FLM_FAIL;
	return bad == sz ? FLM_OK : FLM_FAIL;
}
