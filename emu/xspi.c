/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: XSPI1, XSPI2 and XSPIM at register level (RM0477).
 *
 * Indirect mode: a transfer starts on the register write RM0477 names (IR
 * when there is no address and nothing to write, AR when there is an address
 * and nothing to write, the first DR write when there is data to write) and
 * becomes one struct extmem_xspi_op, handed to the device on the XSPIM port
 * the XSPI is routed to, at kernel clock / (PRESCALER + 1). A read's data
 * comes into the FIFO as its wire runs, beat by beat, the clock stopping
 * while the FIFO is full (RM0477): FLEVEL, FTF and TCF follow what has
 * arrived, and the CPU drains while the wire runs; a DR read with nothing
 * there waits for the next beat. A write's data is collected from DR until
 * DLR + 1 bytes are in.
 *
 * Auto-polling repeats the read every PIR cycles until the masked match (AND
 * or OR), sets SMF, and stops by itself with APMS. Polls that would all read
 * the same busy status (the device says when it next changes) are charged
 * their time without being run, so a page program or an erase costs a few
 * reads on the host instead of thousands; unless the device is traced.
 *
 * Memory-mapped mode: Unicorn cannot fetch code from MMIO, so on the first
 * access to the window the configured read op is run once over the device
 * (size from DCR1.DEVSIZE) and the window is mapped as RAM holding the bytes
 * it returned: a wrong opcode, dummy count or protocol shows wrong bytes. CPU
 * writes into the window go through to the device with the WCCR/WTCR/WIR op.
 * Leaving mapped mode (EN, FMODE, ABORT) unmaps the window.
 *
 * This file: the transfer engine (indirect transfers, FIFO, auto-polling).
 * The register file is xspi_regs.c, the memory-mapped window xspi_window.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xspi_internal.h"

#define MAX_INDIRECT (16u * 1024u * 1024u)
#define POLL_BATCH   256u

void emu_xspi_violation(struct extmem_emu *emu, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(emu->xspi_violation, sizeof(emu->xspi_violation), fmt, ap);
	va_end(ap);
	emu->xspi_violations++;
	if (emu->cfg.log != NULL)
		fprintf(emu->cfg.log, "emu: XSPI violation at PC 0x%08X: %s\n", emu_pc(emu), emu->xspi_violation);
}

static void clear_transfer(struct emu_xspi *x)
{
	free(x->buf);
	x->buf = NULL;
	x->len = x->pos = 0;
	x->busy = x->hung = x->polling = x->poll_same = x->streaming = false;
	x->arrived = 0;
}

void emu_xspi_reset(struct extmem_emu *emu, unsigned index)
{
	struct emu_xspi *x = &emu->xspi[index - 1];
	emu_xspi_unmap_window(emu, x);
	clear_transfer(x);
	uint32_t window = x->window;
	uc_hook hook = x->write_hook;
	char note[sizeof(x->exit_note)];
	memcpy(note, x->exit_note, sizeof(note)); /* an RCC reset of a mapped XSPI is itself the note */
	memset(x, 0, sizeof(*x));
	memcpy(x->exit_note, note, sizeof(note));
	x->index = index;
	x->window = window;
	x->write_hook = hook;
	x->mapped_mode = false;
}

void emu_xspi_free(struct extmem_emu *emu)
{
	for (unsigned i = 0; i < 2; i++) {
		emu_xspi_unmap_window(emu, &emu->xspi[i]);
		clear_transfer(&emu->xspi[i]);
	}
}

/*
 * The XSPIM port an XSPI drives (RM0477 XSPIM_CR): without MUXEN, MODE swaps
 * the two; with MUXEN both XSPIs share one port, port 1 (MODE = 0) or port 2
 * (MODE = 1), taking turns on it.
 */
unsigned emu_xspi_port_of(struct extmem_emu *emu, unsigned index)
{
	bool mode = (emu->xspim_cr & 2u) != 0;
	if (emu->xspim_cr & 1u)
		return mode ? 2u : 1u;
	return mode ? 3u - index : index;
}

static uint8_t mode_lines(uint32_t mode, bool data)
{
	static const uint8_t lines[8] = {0, 1, 2, 4, 8, 16, 0xFF, 0xFF};
	if (mode == 5 && !data)
		return 0xFF;
	return lines[mode & 7u];
}

/* Builds the descriptor from CCR/TCR/IR/ABR (or the W* set); returns false with a stop when impossible. */
bool emu_xspi_build_op(struct extmem_emu *emu, struct emu_xspi *x, enum emu_op_set set, uint32_t addr, uint32_t len,
		       enum extmem_xspi_dir dir, void *buf, struct extmem_xspi_op *op)
{
	uint32_t ccr = set == OPS_WRITE ? x->wccr : x->ccr;
	uint32_t tcr = set == OPS_WRITE ? x->wtcr : x->tcr;
	uint32_t ir = set == OPS_WRITE ? x->wir : x->ir;
	uint32_t abr = set == OPS_WRITE ? x->wabr : x->abr;
	memset(op, 0, sizeof(*op));
	uint8_t il = mode_lines(ccr & 7u, false);
	uint8_t al = mode_lines((ccr >> 8) & 7u, false);
	uint8_t bl = mode_lines((ccr >> 16) & 7u, false);
	uint8_t dl = mode_lines((ccr >> 24) & 7u, true);
	uint32_t isize = (ccr >> 4) & 3u;
	const char *why = NULL;
	if (il == 0xFF || al == 0xFF || bl == 0xFF || dl == 0xFF)
		why = "a reserved line-mode value in CCR";
	else if (il == 0)
		why = "no instruction phase (IMODE = 0): not expressible as an extmem_xspi_op";
	else if (isize > 1)
		why = "a 3- or 4-byte instruction (ISIZE > 1): not expressible as an extmem_xspi_op";
	if (why != NULL) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, 0, ccr, 4, true, "XSPI%u transfer with %s (CCR 0x%08X)",
			 x->index, why, ccr);
		return false;
	}
	op->cmd.bus.lines = il;
	op->cmd.bus.dtr = (ccr >> 3) & 1u;
	op->cmd.nbytes = (uint8_t)(isize + 1u);
	op->cmd.opcode = (uint16_t)(ir & (isize ? 0xFFFFu : 0xFFu));
	if (al) {
		op->addr.bus.lines = al;
		op->addr.bus.dtr = (ccr >> 11) & 1u;
		op->addr.nbytes = (uint8_t)(((ccr >> 12) & 3u) + 1u);
		op->addr.value = op->addr.nbytes == 4 ? addr : addr & ((1u << (8u * op->addr.nbytes)) - 1u);
	}
	if (bl) {
		op->alt.bus.lines = bl;
		op->alt.bus.dtr = (ccr >> 19) & 1u;
		op->alt.nbytes = (uint8_t)(((ccr >> 20) & 3u) + 1u);
		op->alt.value = abr;
	}
	op->dummy_cycles = (uint8_t)(tcr & 0x1Fu);
	if (dl && dir != EXTMEM_XSPI_DATA_NONE && len != 0) {
		op->data.bus.lines = dl;
		op->data.bus.dtr = (ccr >> 27) & 1u;
		op->data.dir = dir;
		op->data.len = len;
		op->data.buf.in = buf;
	}
	op->dqs = (ccr >> 29) & 1u;
	return true;
}

uint32_t emu_xspi_bus_hz(struct extmem_emu *emu, struct emu_xspi *x)
{
	uint32_t kernel = emu_xspi_kernel_hz(emu, x->index);
	return kernel / ((x->dcr2 & 0xFFu) + 1u);
}

/*
 * Puts op on the wire; dm (NULL: none) is what the controller drives on the
 * DQS/DM pin per data byte of a write (nonzero: masked). Returns false when
 * the controller hangs (no kernel clock).
 */
bool emu_xspi_wire(struct extmem_emu *emu, struct emu_xspi *x, const struct extmem_xspi_op *op, const uint8_t *dm,
		   bool timed)
{
	uint32_t hz = emu_xspi_bus_hz(emu, x);
	if (hz == 0) {
		emu_xspi_violation(emu, "XSPI%u transfer (opcode %04Xh) with its kernel clock off", x->index,
				   op->cmd.opcode);
		x->hung = true;
		return false;
	}
	unsigned port = emu_xspi_port_of(emu, x->index);
	if ((emu->xspim_cr & 1u) && op->data.dir != EXTMEM_XSPI_DATA_IN) {
		/* multiplexed: what this XSPI changes on the shared device, the other's window must show */
		struct emu_xspi *other = &emu->xspi[2u - x->index];
		if (other->window_built && !emu_pc_in_window(emu, other->index))
			emu_xspi_unmap_window(emu, other);
	}
	struct extmem_sim_device *dev = port == 1 ? emu->cfg.port1 : emu->cfg.port2;
	if (!emu_xspi_supply_on(emu, port)) {
		emu_xspi_violation(emu,
				   "XSPI%u transfer (opcode %04Xh) with the XSPIM port %u I/O supply off "
				   "(PWR_CSR2.EN_XSPIM%u)",
				   x->index, op->cmd.opcode, port, port);
		dev = NULL;
	}
	emu->xspi_ops++;
	if (dev == NULL) {
		/* nothing answers: the lines idle high */
		if (op->data.dir == EXTMEM_XSPI_DATA_IN)
			memset(op->data.buf.in, 0xFF, op->data.len);
		return true;
	}
	if (dm != NULL)
		emu_xspi_drive_dm(dev, dm, op->data.len);
	uint64_t before = emu->clock->now_ps;
	int err = extmem_sim_bus_transfer(dev, op, hz);
	if (timed)
		emu_sync_bus_time(emu, before);
	else
		emu->clock->now_ps = before;
	if (err != EXTMEM_OK)
		emu_xspi_violation(emu, "XSPI%u: the bus refused the descriptor (opcode %04Xh): status %d", x->index,
				   op->cmd.opcode, err);
	return true;
}

static enum extmem_xspi_dir fmode_dir(uint32_t fmode)
{
	return fmode == FMODE_WRITE ? EXTMEM_XSPI_DATA_OUT : EXTMEM_XSPI_DATA_IN;
}

bool emu_xspi_data_phase(const struct emu_xspi *x)
{
	return ((x->ccr >> 24) & 7u) != 0;
}

/*
 * The device behind x's port when polls may skip ahead on it: it tells when
 * its status next changes by itself, shares the emulator's clock, and no
 * trace wants to see every poll. NULL otherwise.
 */
static struct extmem_sim_device *skip_device(struct extmem_emu *emu, struct emu_xspi *x)
{
	unsigned port = emu_xspi_port_of(emu, x->index);
	struct extmem_sim_device *dev = port == 1 ? emu->cfg.port1 : emu->cfg.port2;
	if (dev == NULL || !emu_xspi_supply_on(emu, port) || dev->ops->ready_at_ps == NULL || dev->trace != NULL ||
	    dev->clock != emu->clock || (emu->xspim_cr & 1u))
		return NULL;
	return dev;
}

/*
 * After a poll that did not match, with no violation: the polls of this
 * batch whose sample (the end of the read, where the device answers) falls
 * before the device's next status change read the same value. Charge their
 * time exactly as polling through would (read, then interval, each synced to
 * the CPU on its own as emu_xspi_wire and poll_step do) without the reads.
 * Returns how many were skipped (at most left).
 */
static uint32_t skip_polls(struct extmem_emu *emu, struct emu_xspi *x, struct extmem_sim_device *dev,
			   const struct extmem_xspi_op *op, uint32_t left)
{
	uint64_t ready = dev->ops->ready_at_ps(dev);
	uint32_t hz = emu_xspi_bus_hz(emu, x);
	if (ready == 0 || hz == 0 || left == 0)
		return 0;
	uint64_t read_ps = extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(op), hz);
	uint64_t gap_ps = extmem_sim_cycles_to_ps((x->pir & 0xFFFFu) + 1u, hz);
	uint64_t period = read_ps + gap_ps;
	uint64_t sample = emu->clock->now_ps + read_ps; /* where the next poll's device answers */
	if (sample >= ready || period == 0)
		return 0;
	uint64_t k = (ready - 1u - sample) / period + 1u; /* polls sampling strictly before ready */
	if (k > left)
		k = left;
	/* the first one as polling would charge it; the others cost the same CPU cycles each */
	uint64_t cycles0 = emu->cycles;
	uint64_t before = emu->clock->now_ps;
	extmem_sim_clock_advance(emu->clock, read_ps);
	emu_sync_bus_time(emu, before);
	before = emu->clock->now_ps;
	extmem_sim_clock_advance(emu->clock, gap_ps);
	emu_sync_bus_time(emu, before);
	uint64_t per_poll = emu->cycles - cycles0;
	extmem_sim_clock_advance(emu->clock, (k - 1u) * period);
	emu->cycles += (k - 1u) * per_poll;
	emu->xspi_ops += (uint32_t)k;
	return (uint32_t)k;
}

static void poll_step(struct extmem_emu *emu, struct emu_xspi *x)
{
	uint32_t n = x->dlr + 1u > 4u ? 4u : x->dlr + 1u;
	for (uint32_t i = 0; i < POLL_BATCH && x->polling && !emu->stopping; i++) {
		uint8_t bytes[4] = {0};
		struct extmem_xspi_op op;
		struct extmem_sim_device *dev = skip_device(emu, x);
		uint32_t dev_viol = dev != NULL ? dev->violations : 0;
		uint32_t emu_viol = emu->xspi_violations;
		if (!emu_xspi_build_op(emu, x, OPS_READ, emu_xspi_wire_addr(x, x->ccr, x->ar), n, EXTMEM_XSPI_DATA_IN,
				       bytes, &op))
			return;
		if (dev != NULL && x->poll_same) {
			/* a new batch on the same busy status: its first polls need no read either */
			uint32_t k = skip_polls(emu, x, dev, &op, POLL_BATCH - i);
			if (k > 0) {
				i += k - 1u;
				continue;
			}
		}
		x->poll_same = false;
		if (!emu_xspi_wire(emu, x, &op, NULL, true))
			return;
		uint32_t value = 0;
		for (uint32_t b = 0; b < n; b++)
			value |= (uint32_t)bytes[b] << (8u * b);
		bool match;
		if (x->cr & CR_PMM)
			match = ((~(value ^ x->psmar)) & x->psmkr) != 0; /* OR: any masked bit matches */
		else
			match = ((value ^ x->psmar) & x->psmkr) == 0; /* AND: every masked bit matches */
		if (match) {
			x->sr |= SR_SMF;
			free(x->buf);
			x->buf = malloc(4);
			if (x->buf != NULL)
				memcpy(x->buf, bytes, 4);
			x->len = n;
			x->pos = 0;
			if (x->cr & CR_APMS) {
				x->polling = false;
				x->busy = false;
				x->sr |= SR_TCF;
			}
			return;
		}
		/* the interval between two reads, in bus clock cycles */
		uint32_t hz = emu_xspi_bus_hz(emu, x);
		uint64_t before = emu->clock->now_ps;
		extmem_sim_clock_advance(emu->clock, extmem_sim_cycles_to_ps((x->pir & 0xFFFFu) + 1u, hz));
		emu_sync_bus_time(emu, before);
		if (dev != NULL && dev->violations == dev_viol && emu->xspi_violations == emu_viol) {
			x->poll_same = true;
			i += skip_polls(emu, x, dev, &op, POLL_BATCH - 1u - i);
		}
	}
}

/* When the first `bytes` of the streaming read's data phase are in the FIFO. */
static uint64_t stream_at(const struct emu_xspi *x, uint32_t bytes)
{
	return x->data_ps + (uint64_t)(((unsigned __int128)bytes * x->data_span + x->len - 1u) / x->len);
}

/*
 * The streaming read as of now: whole beats in, never more than the FIFO
 * holds. Past a full FIFO the wire stood still, so the rest comes that much
 * later. TCF once the last byte is in.
 */
static void stream_update(struct extmem_emu *emu, struct emu_xspi *x)
{
	if (!x->streaming)
		return;
	uint64_t now = emu->clock->now_ps;
	uint64_t k = 0;
	if (now > x->data_ps)
		k = (uint64_t)(((unsigned __int128)(now - x->data_ps) * x->len) / x->data_span);
	if (k >= x->len)
		k = x->len;
	else
		k -= k % x->beat;
	uint32_t room = x->len - x->pos > EMU_FIFO_BYTES ? x->pos + EMU_FIFO_BYTES : x->len;
	if (k > room) {
		uint64_t full = stream_at(x, room);
		x->data_ps += now > full ? now - full : 0u;
		k = room;
	}
	if (k > x->arrived)
		x->arrived = (uint32_t)k;
	if (x->arrived >= x->len) {
		x->streaming = false;
		x->sr |= SR_TCF;
	}
}

/*
 * An indirect read in one burst (no CSBOUND/REFRESH split, no shared port):
 * the device answers now, as it sees the op from now on; the FIFO gets the
 * bytes as the wire would bring them. False: moved whole as before.
 */
static bool stream_read(struct extmem_emu *emu, struct emu_xspi *x, uint32_t len)
{
	struct extmem_xspi_op op, head;
	uint32_t hz = emu_xspi_bus_hz(emu, x);
	if ((emu->xspim_cr & 1u) || hz == 0 ||
	    !emu_xspi_build_op(emu, x, OPS_READ, 0, len, EXTMEM_XSPI_DATA_IN, x->buf, &op) ||
	    !emu_xspi_build_op(emu, x, OPS_READ, 0, 0, EXTMEM_XSPI_DATA_NONE, NULL, &head))
		return false;
	uint64_t total = extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(&op), hz);
	uint64_t hdr = extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(&head), hz);
	if (total <= hdr || emu_xspi_burst_ps(emu, x, OPS_READ, x->ar, len, EXTMEM_XSPI_DATA_IN) != total)
		return false;
	uint64_t before = emu->clock->now_ps, cycles = emu->cycles;
	bool ok = emu_xspi_burst(emu, x, OPS_READ, x->ar, len, EXTMEM_XSPI_DATA_IN, x->buf, NULL, true);
	emu->cycles = cycles; /* the CPU does not wait here: it waits on FLEVEL, TCF or an empty DR */
	emu->clock->now_ps = before;
	if (!ok)
		return true;
	x->streaming = true;
	x->arrived = 0;
	x->beat = emu_xspi_beat_bytes(x->ccr);
	x->data_ps = before + hdr;
	x->data_span = total - hdr;
	return true;
}

void emu_xspi_start_transfer(struct extmem_emu *emu, struct emu_xspi *x)
{
	uint32_t fmode = CR_FMODE(x->cr);
	if (!(x->cr & CR_EN)) {
		emu_xspi_violation(emu, "XSPI%u: transfer triggered with CR.EN = 0 (nothing happens)", x->index);
		return;
	}
	clear_transfer(x);
	x->sr &= ~(SR_TCF | SR_TEF | SR_SMF);
	x->busy = true;
	if (fmode == FMODE_POLL) {
		x->polling = true;
		x->poll_same = false;
		poll_step(emu, x);
		return;
	}
	uint32_t len = emu_xspi_data_phase(x) ? x->dlr + 1u : 0u;
	if (len > MAX_INDIRECT || (emu_xspi_data_phase(x) && x->dlr == 0xFFFFFFFFu)) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, 0, x->dlr, 4, true,
			 "XSPI%u indirect transfer of DLR + 1 = %u bytes: more than the emulator moves at once",
			 x->index, x->dlr + 1u);
		return;
	}
	if (len != 0) {
		x->buf = calloc(1, len);
		if (x->buf == NULL) {
			emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, 0, len, 0, false, "out of host memory");
			return;
		}
	}
	x->len = len;
	x->pos = 0;
	if (fmode == FMODE_WRITE && len != 0) {
		x->write_start_ps = emu->clock->now_ps;
		return; /* data comes through DR */
	}
	if (fmode == FMODE_READ && len != 0 && stream_read(emu, x, len))
		return;
	/* the transfer as the wire sees it: split at CSBOUND boundaries and REFRESH intervals */
	if (!emu_xspi_burst(emu, x, OPS_READ, x->ar, len, fmode_dir(fmode), x->buf, NULL, true))
		return;
	if (len == 0 || fmode == FMODE_WRITE) {
		x->busy = false;
		x->sr |= SR_TCF;
	} else if (len <= EMU_FIFO_BYTES) {
		x->sr |= SR_TCF;
	}
}

/*
 * The last data byte is in. On silicon the transfer started with the first
 * DR write and its clock ran while the FIFO was fed (pausing when it ran
 * empty): the op ends at the later of now and its start plus its wire time,
 * and the CPU waits only for what is left past now. Not with MUXEN, where
 * the port is shared with the other XSPI.
 */
static void finish_write(struct extmem_emu *emu, struct emu_xspi *x)
{
	uint64_t now = emu->clock->now_ps;
	uint64_t start = now;
	if (!(emu->xspim_cr & 1u) && x->write_start_ps < now) {
		uint64_t wire = emu_xspi_burst_ps(emu, x, OPS_READ, x->ar, x->len, EXTMEM_XSPI_DATA_OUT);
		start = now - x->write_start_ps > wire ? now - wire : x->write_start_ps;
	}
	uint64_t cycles = emu->cycles;
	emu->clock->now_ps = start;
	bool ok = emu_xspi_burst(emu, x, OPS_READ, x->ar, x->len, EXTMEM_XSPI_DATA_OUT, x->buf, NULL, true);
	emu->cycles = cycles;
	if (emu->clock->now_ps < now)
		emu->clock->now_ps = now;
	emu_sync_bus_time(emu, now);
	if (!ok)
		return;
	x->busy = false;
	x->sr |= SR_TCF;
}

static uint32_t flevel(const struct emu_xspi *x)
{
	/* hung (no kernel clock): nothing was clocked in, the FIFO stays empty */
	if (!x->busy || x->hung || CR_FMODE(x->cr) == FMODE_WRITE || x->buf == NULL)
		return 0;
	uint32_t left = (x->streaming ? x->arrived : x->len) - x->pos;
	return left > EMU_FIFO_BYTES ? EMU_FIFO_BYTES : left;
}

uint32_t emu_xspi_sr_value(struct extmem_emu *emu, struct emu_xspi *x)
{
	if (x->polling)
		poll_step(emu, x);
	stream_update(emu, x);
	uint32_t sr = x->sr & (SR_TEF | SR_TCF | SR_SMF | SR_TOF);
	uint32_t lev = flevel(x);
	uint32_t thr = ((x->cr >> 8) & 0x3Fu) + 1u;
	if (x->busy || x->hung)
		sr |= SR_BUSY;
	if (CR_FMODE(x->cr) == FMODE_WRITE && !(x->busy && x->buf != NULL && x->pos >= x->len))
		sr |= SR_FTF; /* the FIFO has room: the data goes out as fast as it comes */
	if (CR_FMODE(x->cr) == FMODE_READ && (lev >= thr || (lev > 0 && (x->sr & SR_TCF))))
		sr |= SR_FTF;
	return sr | lev << 8;
}

void emu_xspi_abort_transfer(struct extmem_emu *emu, struct emu_xspi *x)
{
	/* RM0477: TCF is also set when a transfer is aborted (HAL_XSPI_Abort waits for it) */
	if (x->busy || x->hung || x->polling || x->mapped_mode)
		x->sr |= SR_TCF;
	clear_transfer(x);
	x->sr &= ~SR_BUSY;
	if (x->mapped_mode) {
		x->mapped_mode = false;
		emu_xspi_unmap_window(emu, x);
	}
}

uint32_t emu_xspi_dr_read(struct extmem_emu *emu, struct emu_xspi *x, unsigned size)
{
	if (!x->busy || x->hung || x->buf == NULL || CR_FMODE(x->cr) == FMODE_WRITE) {
		if (x->buf != NULL && (x->sr & SR_SMF) && x->pos < x->len) {
			/* the last auto-poll value */
		} else {
			emu_xspi_violation(emu, "XSPI%u: DR read with no data in the FIFO", x->index);
			return 0;
		}
	}
	stream_update(emu, x);
	if (x->streaming && x->arrived < x->pos + size) {
		/* not in the FIFO yet: the bus access waits for the beats that bring it */
		uint32_t need = x->pos + size < x->len ? x->pos + size : x->len;
		need += (x->beat - need % x->beat) % x->beat;
		uint64_t at = stream_at(x, need < x->len ? need : x->len);
		uint64_t before = emu->clock->now_ps;
		if (at > before) {
			extmem_sim_clock_advance(emu->clock, at - before);
			emu_sync_bus_time(emu, before);
		}
		stream_update(emu, x);
	}
	uint32_t v = 0;
	for (unsigned i = 0; i < size && x->pos < x->len; i++)
		v |= (uint32_t)x->buf[x->pos++] << (8u * i);
	if (!x->streaming && x->pos + EMU_FIFO_BYTES >= x->len)
		x->sr |= SR_TCF;
	if (x->pos >= x->len && !x->polling) {
		free(x->buf);
		x->buf = NULL;
		x->busy = false;
	}
	return v;
}

void emu_xspi_dr_write(struct extmem_emu *emu, struct emu_xspi *x, unsigned size, uint32_t v)
{
	if (CR_FMODE(x->cr) != FMODE_WRITE || !emu_xspi_data_phase(x)) {
		emu_xspi_violation(emu, "XSPI%u: DR write outside an indirect write with data", x->index);
		return;
	}
	if (!x->busy) {
		emu_xspi_start_transfer(emu, x);
		if (!x->busy)
			return;
	}
	for (unsigned i = 0; i < size; i++) {
		if (x->pos >= x->len) {
			emu_xspi_violation(emu, "XSPI%u: DR write past DLR + 1 bytes", x->index);
			return;
		}
		x->buf[x->pos++] = (uint8_t)(v >> (8u * i));
	}
	if (x->pos == x->len)
		finish_write(emu, x);
}
