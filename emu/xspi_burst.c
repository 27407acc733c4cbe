/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: what one XSPI transfer becomes on the wire (RM0477).
 *
 * - DCR1.MTYP = 110 (AP Memory 16-bit): with the data phase on 16 lines the
 *   memory takes a word address, row in A[31:11], 16-bit column in A[9:0];
 *   the controller derives it from the byte address software gives (AR or
 *   the window offset). ST's BSP for the STM32H7S78-DK runs its x16 PSRAM in
 *   this memory type and passes byte addresses to its array commands, while
 *   its mode-register accesses (8 data lines, register address 4 or 8) reach
 *   the part unchanged; so the mapping applies to 16-line data phases only.
 * - DCR3.CSBOUND (n != 0): no burst crosses a 2^n-byte boundary; the
 *   controller releases NCS there and goes on with a new command and address.
 * - DCR4.REFRESH (r != 0): NCS is released after r + 4 clocks of a read and
 *   r + 1 clocks of a write (ST's BSP sizes r for tCEM that way), then the
 *   transfer goes on with a new command and address.
 * - Memory-mapped writes move whole data beats (2 bytes in 8D, 4 in 16D):
 *   a store of fewer bytes is padded and, with WCCR.DQSE, the padding is
 *   masked on DQS (the write mask pin of a PSRAM); without DQSE the padding
 *   goes out as zeros.
 */
#include <string.h>

#include "extmem_sim/psram.h"
#include "internal.h"

#define MTYP_APMEM16 6u

static uint32_t data_mode(uint32_t ccr)
{
	return (ccr >> 24) & 7u;
}

uint32_t emu_xspi_beat_bytes(uint32_t ccr)
{
	static const uint32_t lines[8] = {0, 1, 2, 4, 8, 16, 0, 0};
	uint32_t bits = lines[data_mode(ccr)] * (((ccr >> 27) & 1u) ? 2u : 1u);
	return bits >= 8u ? bits / 8u : 1u;
}

uint32_t emu_xspi_wire_addr(const struct emu_xspi *x, uint32_t ccr, uint32_t addr)
{
	if (((x->dcr1 >> 24) & 7u) == MTYP_APMEM16 && data_mode(ccr) == 5u)
		return ((addr >> 11) << 11) | ((addr & 0x7FFu) >> 1);
	return addr;
}

void emu_xspi_drive_dm(struct extmem_sim_device *dev, const uint8_t *dm, uint32_t len)
{
	/* the APS256XXN model is the one device behind our ports with a DM pin */
	if (dev->name != NULL && strcmp(dev->name, "psram") == 0)
		extmem_sim_psram_mask_next_write((struct extmem_sim_psram *)dev, dm, len);
}

/* How many of the n bytes from byte address a fit before the chip select must go high. */
static uint32_t burst_len(struct extmem_emu *emu, struct emu_xspi *x, enum emu_op_set set, uint32_t a, uint32_t n,
			  enum extmem_xspi_dir dir)
{
	uint32_t ccr = set == OPS_WRITE ? x->wccr : x->ccr;
	uint32_t csbound = (x->dcr3 >> 16) & 0x1Fu;
	if (csbound != 0) {
		uint64_t span = 1ull << csbound;
		uint64_t left = span - (a & (span - 1u));
		if (n > left)
			n = (uint32_t)left;
	}
	if (x->dcr4 == 0 || n == 0)
		return n;
	uint64_t limit = (uint64_t)x->dcr4 + (dir == EXTMEM_XSPI_DATA_IN ? 4u : 1u);
	struct extmem_xspi_op head;
	if (!emu_xspi_build_op(emu, x, set, 0, 0, EXTMEM_XSPI_DATA_NONE, NULL, &head))
		return n;
	uint64_t overhead = extmem_xspi_op_cycles(&head);
	uint32_t unit = emu_xspi_beat_bytes(ccr);
	/* at least one beat goes out whatever the limit: the controller cannot send less */
	uint64_t beats = limit > overhead ? limit - overhead : 1u;
	uint64_t fit = beats * unit;
	return fit < n ? (uint32_t)fit : n;
}

bool emu_xspi_burst(struct extmem_emu *emu, struct emu_xspi *x, enum emu_op_set set, uint32_t addr, uint32_t len,
		    enum extmem_xspi_dir dir, uint8_t *buf, const uint8_t *dm, bool timed)
{
	uint32_t ccr = set == OPS_WRITE ? x->wccr : x->ccr;
	uint32_t done = 0;
	do {
		uint32_t a = addr + done;
		uint32_t n = burst_len(emu, x, set, a, len - done, dir);
		struct extmem_xspi_op op;
		if (!emu_xspi_build_op(emu, x, set, emu_xspi_wire_addr(x, ccr, a), n, dir,
				       buf != NULL ? buf + done : NULL, &op) ||
		    !emu_xspi_wire(emu, x, &op, dm != NULL ? dm + done : NULL, timed))
			return false;
		done += n;
	} while (done < len);
	return true;
}

uint64_t emu_xspi_burst_ps(struct extmem_emu *emu, struct emu_xspi *x, enum emu_op_set set, uint32_t addr, uint32_t len,
			   enum extmem_xspi_dir dir)
{
	uint32_t hz = emu_xspi_bus_hz(emu, x);
	uint32_t ccr = set == OPS_WRITE ? x->wccr : x->ccr;
	uint64_t ps = 0;
	uint32_t done = 0;
	if (hz == 0)
		return 0;
	do {
		uint32_t a = addr + done;
		uint32_t n = burst_len(emu, x, set, a, len - done, dir);
		struct extmem_xspi_op op;
		if (!emu_xspi_build_op(emu, x, set, emu_xspi_wire_addr(x, ccr, a), n, dir, NULL, &op))
			return 0;
		ps += extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(&op), hz);
		done += n;
	} while (done < len);
	return ps;
}

void emu_xspi_window_store(struct extmem_emu *emu, struct emu_xspi *x, uint32_t off, unsigned size, uint64_t value)
{
	uint32_t unit = emu_xspi_beat_bytes(x->wccr);
	uint32_t start = off - off % unit;
	uint32_t end = off + size;
	end += (unit - end % unit) % unit;
	uint8_t bytes[24] = {0};
	uint8_t mask[24];
	memset(mask, 1, sizeof(mask));
	for (unsigned b = 0; b < size && b < 8u; b++) {
		bytes[off - start + b] = (uint8_t)(value >> (8u * b));
		mask[off - start + b] = 0;
	}
	bool padded = start != off || end != off + size;
	bool dqs = ((x->wccr >> 29) & 1u) != 0;
	emu_xspi_burst(emu, x, OPS_WRITE, start, end - start, EXTMEM_XSPI_DATA_OUT, bytes, padded && dqs ? mask : NULL,
		       true);
}
