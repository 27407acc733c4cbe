/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: the XSPI memory-mapped windows (RM0477). Unicorn cannot
 * fetch code from MMIO: on the first access the configured read op runs
 * once over the device and the window is mapped as RAM chunks holding what
 * it returned; stores go through to the device with the write op; leaving
 * mapped mode unmaps the window and names the write that left it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xspi_internal.h"

static uint32_t chunk_size(const struct emu_xspi *x)
{
	return x->window_len < EMU_CHUNK ? x->window_len : EMU_CHUNK;
}

void emu_xspi_unmap_window(struct extmem_emu *emu, struct emu_xspi *x)
{
	if (!x->window_built)
		return;
	for (uint32_t i = 0; i < x->nchunks; i++) {
		if (x->chunks[i] != NULL) {
			uc_mem_unmap(emu->uc, x->window + i * chunk_size(x), chunk_size(x));
			free(x->chunks[i]);
		}
	}
	free(x->chunks);
	x->chunks = NULL;
	x->nchunks = 0;
	x->window_built = false;
	/* what the caches hold from the window is gone with it */
	emu_cache_invalidate(emu, false);
	emu_cache_invalidate(emu, true);
	emu_flush_code(emu);
}

void emu_xspi_note_exit(struct extmem_emu *emu, unsigned index, const char *reg, uint32_t value)
{
	struct emu_xspi *x = &emu->xspi[index - 1];
	snprintf(x->exit_note, sizeof(x->exit_note), "write 0x%08X to %s at PC 0x%08X", value, reg, emu_pc(emu));
	emu_xspi_unmap_window(emu, x);
}

/* The window cannot be read now; stop naming the write that caused it. */
static void window_cut(struct extmem_emu *emu, struct emu_xspi *x, uint32_t addr, const char *state)
{
	if (x->exit_note[0] != '\0')
		emu_stop(emu, EXTMEM_EMU_STOP_XIP_HAZARD, addr, 0, 0, false,
			 "access to the XSPI%u window at 0x%08X (PC 0x%08X) %s, after the %s", x->index, addr,
			 emu_pc(emu), state, x->exit_note);
	else
		emu_stop(emu, EXTMEM_EMU_STOP_INVALID, addr, 0, 0, false, "access to the XSPI%u window at 0x%08X %s",
			 x->index, addr, state);
}

static bool build_window(struct extmem_emu *emu, struct emu_xspi *x);

static void window_write(uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value, void *user)
{
	struct extmem_emu *emu = user;
	(void)uc;
	(void)type;
	for (unsigned i = 0; i < 2; i++) {
		struct emu_xspi *x = &emu->xspi[i];
		uint32_t addr = (uint32_t)address;
		if (addr < x->window || addr - x->window >= EXTMEM_EMU_WINDOW_SIZE)
			continue;
		/*
		 * A store to a chunk not yet mapped comes here before the fault that
		 * maps it (and not again on the retry): set the window up now; the
		 * fault handler then checks the access and loads the chunk, which
		 * already holds this write.
		 */
		if (!x->window_built && (!x->mapped_mode || !build_window(emu, x)))
			continue;
		if (addr - x->window >= x->window_len)
			continue;
		if (((x->wccr >> 24) & 7u) == 0) {
			emu_stop(emu, EXTMEM_EMU_STOP_INVALID, addr, (uint32_t)value, (unsigned)size, true,
				 "write to the XSPI%u window at 0x%08X with no write command configured (WCCR.DMODE = "
				 "0)",
				 x->index, addr);
			return;
		}
		emu_xspi_window_store(emu, x, addr - x->window, (unsigned)size, (uint64_t)value);
	}
}

void emu_cache_invalidate(struct extmem_emu *emu, bool data)
{
	memset(emu->ctag[data ? 1 : 0], 0, sizeof(emu->ctag[0]));
	for (unsigned i = 0; i < 2; i++)
		emu->xspi[i].last_line[data ? 1 : 0] = 0;
}

/*
 * Memory-mapped reads cost bus time when they miss: a 32-byte line read
 * with the configured op, at the bus clock. With the cache enabled in
 * SCB_CCR (IC bit 17, DC bit 16) a line is read once until evicted or
 * invalidated; without it, each new line streamed is read.
 */
void emu_xspi_window_access(struct extmem_emu *emu, uint32_t addr, bool data)
{
	for (unsigned i = 0; i < 2; i++) {
		struct emu_xspi *x = &emu->xspi[i];
		if (!x->window_built || addr < x->window || addr - x->window >= x->window_len)
			continue;
		uint32_t line = addr >> 5;
		unsigned kind = data ? 1u : 0u;
		bool cached = (emu->scs[0xD14 / 4] >> (data ? 16 : 17)) & 1u;
		if (cached) {
			uint32_t *tag = &emu->ctag[kind][line % EMU_CACHE_LINES];
			if (*tag == line + 1u)
				return;
			*tag = line + 1u;
		} else {
			if (x->last_line[kind] == line + 1u)
				return;
			x->last_line[kind] = line + 1u;
		}
		emu->line_fills++;
		uint64_t before = emu->clock->now_ps;
		extmem_sim_clock_advance(emu->clock, x->line_ps);
		emu_sync_bus_time(emu, before);
		return;
	}
}

/* Sets the window up: size from DCR1.DEVSIZE, the write-through hook; chunks load on first access. */
static bool build_window(struct extmem_emu *emu, struct emu_xspi *x)
{
	if (((x->ccr >> 24) & 7u) == 0 || ((x->ccr >> 8) & 7u) == 0) {
		emu_stop(emu, EXTMEM_EMU_STOP_INVALID, x->window, x->ccr, 0, false,
			 "XSPI%u memory-mapped read with no address or data phase (CCR 0x%08X)", x->index, x->ccr);
		return false;
	}
	uint32_t devsize = (x->dcr1 >> 16) & 0x1Fu;
	uint64_t size = 1ull << (devsize + 1u);
	if (size > EXTMEM_EMU_WINDOW_SIZE)
		size = EXTMEM_EMU_WINDOW_SIZE;
	if (size < 0x1000u)
		size = 0x1000u;
	x->window_len = (uint32_t)size;
	x->nchunks = (uint32_t)(size / chunk_size(x));
	x->chunks = calloc(x->nchunks, sizeof(*x->chunks));
	if (x->chunks == NULL) {
		free(x->chunks);
		x->chunks = NULL;
		emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, x->window, 0, 0, false, "could not set up the XSPI%u window",
			 x->index);
		return false;
	}
	/* the cost of a 32-byte line read with this op at this bus clock */
	uint8_t dummy[32];
	struct extmem_xspi_op line;
	uint32_t hz = emu_xspi_bus_hz(emu, x);
	x->line_ps = 0;
	if (hz != 0 && emu_xspi_build_op(emu, x, OPS_READ, 0, sizeof(dummy), EXTMEM_XSPI_DATA_IN, dummy, &line))
		x->line_ps = extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(&line), hz);
	x->last_line[0] = x->last_line[1] = 0;
	x->window_built = true;
	emu->map_snapshots++;
	return true;
}

/*
 * Maps the chunk holding addr as RAM filled with what the configured read
 * op returns there: one op through the model, not timed (it stands for the
 * later accesses, which cost no bus time).
 */
static bool load_chunk(struct extmem_emu *emu, struct emu_xspi *x, uint32_t addr)
{
	uint32_t csize = chunk_size(x);
	uint32_t i = (addr - x->window) / csize;
	uint8_t *mem = malloc(csize);
	if (mem == NULL) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, addr, 0, 0, false, "out of host memory for the window");
		return false;
	}
	/* a sequential read of the chunk, cut where CSBOUND and REFRESH cut it on the wire */
	if (!emu_xspi_burst(emu, x, OPS_READ, i * csize, csize, EXTMEM_XSPI_DATA_IN, mem, NULL, false)) {
		free(mem);
		return false;
	}
	if (uc_mem_map_ptr(emu->uc, x->window + i * csize, csize, UC_PROT_ALL, mem) != UC_ERR_OK) {
		free(mem);
		emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, addr, 0, 0, false, "could not map the XSPI%u window",
			 x->index);
		return false;
	}
	x->chunks[i] = mem;
	emu->map_chunks++;
	return true;
}

bool emu_xspi_window_fault(struct extmem_emu *emu, uint32_t addr)
{
	for (unsigned i = 0; i < 2; i++) {
		struct emu_xspi *x = &emu->xspi[i];
		if (addr < x->window || addr - x->window >= EXTMEM_EMU_WINDOW_SIZE)
			continue;
		if (!x->mapped_mode) {
			window_cut(emu, x, addr, "while it is not in memory-mapped mode");
			return false;
		}
		if (x->window_built && addr - x->window >= x->window_len) {
			emu_stop(emu, EXTMEM_EMU_STOP_INVALID, addr, 0, 0, false,
				 "access to the XSPI%u window at 0x%08X beyond the device size (DCR1.DEVSIZE)",
				 x->index, addr);
			return false;
		}
		unsigned port = emu_xspi_port_of(emu, x->index);
		if (!emu_xspi_bus_clock_on(emu, x->index) || !emu_xspi_bus_clock_on(emu, 3))
			window_cut(emu, x, addr, "with its bus clock off");
		else if (emu_xspi_bus_hz(emu, x) == 0)
			window_cut(emu, x, addr, "with its kernel clock off");
		else if (port != 0 && !emu_xspi_supply_on(emu, port))
			window_cut(emu, x, addr, "with its port's I/O supply off");
		else if (!x->window_built && !build_window(emu, x))
			return false;
		else
			return load_chunk(emu, x, addr);
		return false;
	}
	return false;
}

void extmem_emu_refresh_windows(struct extmem_emu *emu)
{
	for (unsigned i = 0; i < 2; i++)
		emu_xspi_unmap_window(emu, &emu->xspi[i]); /* rebuilt on the next access */
}

int emu_xspi_map(struct extmem_emu *emu)
{
	/*
	 * The register pages are mapped with the other peripherals; windows map
	 * on first use. The store hook covers both windows from the start:
	 * Unicorn attaches memory hooks when it translates code, so a hook added
	 * when a window appears would miss stores in code translated before.
	 */
	for (unsigned i = 0; i < 2; i++) {
		uint32_t base = i == 0 ? 0x90000000u : 0x70000000u;
		if (uc_hook_add(emu->uc, &emu->xspi[i].write_hook, UC_HOOK_MEM_WRITE, (void *)window_write, emu, base,
				base + EXTMEM_EMU_WINDOW_SIZE - 1u) != UC_ERR_OK)
			return -1;
	}
	return 0;
}
