/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "extmem_sim/psram.h"

/*
 * Reset values: MR0 variable latency RL 5, half drive; MR1 vendor APM with half sleep; MR2 256 Mb gen 4,
 * good die; MR3 row boundary crossing supported; MR4 WL 5; MR8 16-byte wrap, x8. Which source gives
 * which bit: see the MR0 paragraph of psram.h.
 */
static const uint8_t mr_reset[EXTMEM_SIM_PSRAM_MR_COUNT] = {0x09, 0x8D, 0xDF, 0x80, 0x40, 0x00, 0x00, 0x00, 0x00};

/* Highest clock per latency code RL/WL 3..7 (AP Memory octal PSRAM latency table). */
static const uint32_t latency_max_hz[5] = {66000000u, 109000000u, 133000000u, 166000000u, 200000000u};

enum burst_kind { BURST_WRAP, BURST_LINEAR };

static int psram_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz);
static const struct extmem_sim_device_ops psram_ops = {.transfer = psram_transfer};

static struct extmem_sim_psram *to_psram(struct extmem_sim_device *dev)
{
	return (struct extmem_sim_psram *)dev;
}

bool extmem_sim_psram_x16(const struct extmem_sim_psram *psram)
{
	return (psram->mr[8] & EXTMEM_SIM_PSRAM_MR8_X16) != 0;
}

unsigned extmem_sim_psram_read_latency(const struct extmem_sim_psram *psram)
{
	return ((psram->mr[0] & EXTMEM_SIM_PSRAM_MR0_RLC_MASK) >> EXTMEM_SIM_PSRAM_MR0_RLC_SHIFT) + 3u;
}

unsigned extmem_sim_psram_write_latency(const struct extmem_sim_psram *psram)
{
	/* MR4[7:5] holds the code with its bits reversed: MR4[7] is the code's LSB. */
	unsigned b = psram->mr[4];
	return ((b >> 7) & 1u) + (((b >> 6) & 1u) << 1) + (((b >> 5) & 1u) << 2) + 3u;
}

uint8_t extmem_sim_psram_mr0_rlc(unsigned rl)
{
	return (uint8_t)(((rl - 3u) << EXTMEM_SIM_PSRAM_MR0_RLC_SHIFT) & EXTMEM_SIM_PSRAM_MR0_RLC_MASK);
}

uint8_t extmem_sim_psram_mr4_wlc(unsigned wl)
{
	unsigned v = wl - 3u;
	return (uint8_t)(((v & 1u) << 7) | (((v >> 1) & 1u) << 6) | (((v >> 2) & 1u) << 5));
}

unsigned extmem_sim_psram_read_dummy(const struct extmem_sim_psram *psram, bool collision)
{
	unsigned rl = extmem_sim_psram_read_latency(psram);
	bool fixed = (psram->mr[0] & EXTMEM_SIM_PSRAM_MR0_LT_FIXED) != 0;
	return (fixed || collision) ? 2u * rl - 1u : rl - 1u;
}

unsigned extmem_sim_psram_reg_read_dummy(const struct extmem_sim_psram *psram)
{
	return extmem_sim_psram_read_latency(psram) - 1u;
}

unsigned extmem_sim_psram_write_dummy(const struct extmem_sim_psram *psram)
{
	return extmem_sim_psram_write_latency(psram) - 1u;
}

static uint32_t latency_hz(unsigned lc)
{
	return (lc >= 3u && lc <= 7u) ? latency_max_hz[lc - 3u] : 0u;
}

uint32_t extmem_sim_psram_max_hz(const struct extmem_sim_psram *psram)
{
	uint32_t r = latency_hz(extmem_sim_psram_read_latency(psram));
	uint32_t w = latency_hz(extmem_sim_psram_write_latency(psram));
	return r < w ? r : w;
}

void extmem_sim_psram_mask_next_write(struct extmem_sim_psram *psram, const uint8_t *mask, uint32_t len)
{
	psram->write_mask = mask;
	psram->write_mask_len = mask != NULL ? len : 0;
}

static void reset_registers(struct extmem_sim_psram *psram)
{
	memcpy(psram->mr, mr_reset, sizeof(psram->mr));
	psram->asleep = false;
}

void extmem_sim_psram_init(struct extmem_sim_psram *psram, struct extmem_sim_clock *clock, uint8_t *array, size_t size)
{
	memset(psram, 0, sizeof(*psram));
	psram->base.ops = &psram_ops;
	psram->base.clock = clock;
	psram->base.name = "psram";
	psram->array = array;
	psram->size = size;
	psram->tcem_ps = EXTMEM_SIM_PSRAM_TCEM_STD_PS;
	reset_registers(psram);
}

/* Bytes the data phase moves per clock: DDR on 8 or 16 lines. */
static unsigned bytes_per_cycle(const struct extmem_sim_psram *psram)
{
	return extmem_sim_psram_x16(psram) ? 4u : 2u;
}

/* Burst geometry for the current MR8 and command. */
struct burst {
	uint64_t start;  /* byte offset of the first byte */
	uint64_t wrap;   /* wrap group in bytes (0: none) */
	bool hybrid;     /* one wrap, then linear */
	bool cross_rows; /* linear part may leave the row */
	uint64_t mask;   /* size - 1 */
};

static struct burst burst_for(const struct extmem_sim_psram *psram, uint64_t start, enum burst_kind kind, bool read)
{
	struct burst b = {start, 0, false, false, psram->size - 1u};
	uint8_t mr8 = psram->mr[8];
	b.cross_rows = read && (mr8 & EXTMEM_SIM_PSRAM_MR8_RBX) != 0;
	if (kind == BURST_LINEAR)
		return b;
	/* x8 lengths are bytes, x16 lengths are 16-bit words; the 2K/1K code is one row either way. */
	static const uint64_t wrap_units[4] = {16, 32, 64, 0};
	static const uint64_t hybrid_units[4] = {16, 32, 64, 128};
	unsigned bl = mr8 & EXTMEM_SIM_PSRAM_MR8_BL_MASK;
	uint64_t unit = extmem_sim_psram_x16(psram) ? 2u : 1u;
	b.hybrid = (mr8 & EXTMEM_SIM_PSRAM_MR8_BT_HYBRID) != 0;
	if (b.hybrid)
		b.wrap = hybrid_units[bl] * unit;
	else
		b.wrap = bl == 3 ? EXTMEM_SIM_PSRAM_ROW_BYTES : wrap_units[bl] * unit;
	return b;
}

/* Linear from `from`, staying in its row unless rows may be crossed. */
static uint64_t linear_addr(const struct burst *b, uint64_t from, uint64_t j)
{
	if (b->cross_rows)
		return (from + j) & b->mask;
	/* The burst stays in the row it started in, wrapping to its first column. */
	uint64_t row = b->start & ~(uint64_t)(EXTMEM_SIM_PSRAM_ROW_BYTES - 1u);
	return (row + ((from - row + j) % EXTMEM_SIM_PSRAM_ROW_BYTES)) & b->mask;
}

/* Array offset of the j-th byte of a burst. */
static uint64_t burst_addr(const struct burst *b, uint64_t j)
{
	if (b->wrap == 0)
		return linear_addr(b, b->start, j);
	uint64_t group = b->start & ~(b->wrap - 1u);
	if (!b->hybrid || j < b->wrap)
		return (group + ((b->start - group + j) % b->wrap)) & b->mask;
	/* Hybrid: after one full wrap, continue linearly from the next group. */
	return linear_addr(b, group + b->wrap, j - b->wrap);
}

/* How many bytes from burst byte j on sit at consecutive array offsets (at least 1). */
static uint64_t burst_run(const struct burst *b, uint64_t j, uint64_t addr)
{
	uint64_t run;
	if (b->wrap != 0 && (!b->hybrid || j < b->wrap)) {
		run = (addr & ~(b->wrap - 1u)) + b->wrap - addr;
		if (b->hybrid && b->wrap - j < run)
			run = b->wrap - j;
	} else if (b->cross_rows) {
		run = b->mask + 1u - addr;
	} else {
		/* Linear parts stay in the row the burst started in. */
		uint64_t row = b->start & ~(uint64_t)(EXTMEM_SIM_PSRAM_ROW_BYTES - 1u);
		run = row + EXTMEM_SIM_PSRAM_ROW_BYTES - addr;
	}
	/* Never past the end of the array (higher address bits wrap). */
	if (run > b->mask + 1u - addr)
		run = b->mask + 1u - addr;
	return run != 0 ? run : 1u;
}

/* Byte offset addressed by the 32-bit wire address. */
static uint64_t wire_to_offset(struct extmem_sim_psram *psram, uint32_t wire)
{
	if (extmem_sim_psram_x16(psram)) {
		/* A[9:0] word column, A10 unused, A[24:11] row. */
		uint64_t col = wire & 0x3FFu;
		uint64_t row = wire >> 11;
		return (row * EXTMEM_SIM_PSRAM_ROW_BYTES + col * 2u) & (psram->size - 1u);
	}
	if (wire & 1u)
		extmem_sim_violation(&psram->base, "psram: odd byte address 0x%08lX in x8 DDR (A0 ignored)",
				     (unsigned long)wire);
	return (uint64_t)(wire & ~1u) & (psram->size - 1u);
}

/* What a host samples from undriven or mis-timed lines: deterministic junk. */
static void fill_garbage(uint8_t *buf, uint32_t len, uint32_t seed)
{
	uint32_t x = seed | 1u;
	for (uint32_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
}

static bool check_data_bus(struct extmem_sim_psram *psram, const struct extmem_xspi_op *op, unsigned lines,
			   const char *what)
{
	if (op->data.bus.lines == lines && op->data.bus.dtr)
		return true;
	extmem_sim_violation(&psram->base, "psram: %s data on %u%c lines, the part expects %uD", what,
			     op->data.bus.lines, op->data.bus.dtr ? 'D' : 'S', lines);
	return false;
}

static void check_clock(struct extmem_sim_psram *psram, uint32_t bus_hz, unsigned latency, const char *which)
{
	uint32_t max = latency_hz(latency);
	if (bus_hz > max)
		extmem_sim_violation(&psram->base, "psram: %lu Hz above the %lu Hz allowed by %s latency %u",
				     (unsigned long)bus_hz, (unsigned long)max, which, latency);
}

static void check_length(struct extmem_sim_psram *psram, const struct extmem_xspi_op *op, unsigned unit)
{
	if (op->data.len % unit != 0)
		extmem_sim_violation(&psram->base, "psram: DTR data length %lu is not a multiple of %u bytes",
				     (unsigned long)op->data.len, unit);
}

static void array_read(struct extmem_sim_psram *psram, const struct extmem_xspi_op *op, enum burst_kind kind,
		       uint32_t bus_hz)
{
	uint8_t *buf = op->data.buf.in;
	unsigned bpc = bytes_per_cycle(psram);
	bool garbage = !check_data_bus(psram, op, extmem_sim_psram_x16(psram) ? 16u : 8u, "read");
	check_length(psram, op, bpc);
	if (!op->dqs) {
		extmem_sim_violation(&psram->base, "psram: read without DQS");
		garbage = true;
	}
	bool fixed = (psram->mr[0] & EXTMEM_SIM_PSRAM_MR0_LT_FIXED) != 0;
	bool collision = !fixed && psram->refresh_collisions > 0;
	if (collision)
		psram->refresh_collisions--;
	unsigned need = extmem_sim_psram_read_dummy(psram, collision);
	check_clock(psram, bus_hz, extmem_sim_psram_read_latency(psram), "read");
	uint64_t start = wire_to_offset(psram, op->addr.value);
	psram->reads++;
	psram->bytes_read += op->data.len;
	if (garbage) {
		fill_garbage(buf, op->data.len, op->addr.value ^ (uint32_t)psram->base.clock->now_ps);
		return;
	}
	/* Host byte i is the device's byte i + (dummy - need) * bpc: too few dummies read idle lines. */
	int64_t shift = ((int64_t)op->dummy_cycles - (int64_t)need) * (int64_t)bpc;
	if (shift != 0)
		extmem_sim_violation(&psram->base, "psram: read with %u dummy cycles, the part needs %u (RL %u, %s%s)",
				     op->dummy_cycles, need, extmem_sim_psram_read_latency(psram),
				     fixed ? "fixed" : "variable", collision ? ", refresh collision" : "");
	struct burst b = burst_for(psram, start, kind, true);
	/* Copy in runs of consecutive offsets; bytes before the part drives stay idle. */
	uint64_t i = shift < 0 ? (uint64_t)(-shift) : 0;
	while (i < op->data.len) {
		uint64_t j = i + (uint64_t)shift;
		uint64_t a = burst_addr(&b, j);
		uint64_t n = burst_run(&b, j, a);
		if (n > op->data.len - i)
			n = op->data.len - i;
		memcpy(buf + i, psram->array + a, n);
		i += n;
	}
}

static void array_write(struct extmem_sim_psram *psram, const struct extmem_xspi_op *op, enum burst_kind kind,
			uint32_t bus_hz)
{
	const uint8_t *data = op->data.buf.out;
	const uint8_t *mask = psram->write_mask;
	uint32_t mask_len = psram->write_mask_len;
	psram->write_mask = NULL;
	psram->write_mask_len = 0;
	unsigned bpc = bytes_per_cycle(psram);
	if (!check_data_bus(psram, op, extmem_sim_psram_x16(psram) ? 16u : 8u, "write"))
		return; /* the part latches undriven lanes: the write is dropped */
	check_length(psram, op, bpc);
	if (!op->dqs)
		extmem_sim_violation(&psram->base, "psram: write without DM driven (op.dqs = false)");
	unsigned need = extmem_sim_psram_write_dummy(psram);
	check_clock(psram, bus_hz, extmem_sim_psram_write_latency(psram), "write");
	uint64_t start = wire_to_offset(psram, op->addr.value);
	psram->writes++;
	psram->bytes_written += op->data.len;
	/* The part latches from `need` cycles on: host byte i lands at device byte i + shift. */
	int64_t shift = ((int64_t)need - (int64_t)op->dummy_cycles) * (int64_t)bpc;
	if (shift != 0)
		extmem_sim_violation(&psram->base, "psram: write with %u dummy cycles, the part needs %u (WL %u)",
				     op->dummy_cycles, need, extmem_sim_psram_write_latency(psram));
	struct burst b = burst_for(psram, start, kind, false);
	int64_t total = (int64_t)op->data.len - shift;
	int64_t j = 0;
	/* Latched during the host's latency cycles: released lines. */
	for (; j < total && j + shift < 0; j++)
		psram->array[burst_addr(&b, (uint64_t)j)] = 0xFF;
	while (j < total) {
		uint64_t i = (uint64_t)(j + shift);
		uint64_t a = burst_addr(&b, (uint64_t)j);
		uint64_t n = burst_run(&b, (uint64_t)j, a);
		if (n > (uint64_t)(total - j))
			n = (uint64_t)(total - j);
		if (mask == NULL) {
			memcpy(psram->array + a, data + i, n);
		} else {
			for (uint64_t k = 0; k < n; k++)
				if (i + k >= mask_len || mask[i + k] == 0)
					psram->array[a + k] = data[i + k];
		}
		j += (int64_t)n;
	}
}

static uint8_t mr_value(const struct extmem_sim_psram *psram, uint64_t reg)
{
	return reg < EXTMEM_SIM_PSRAM_MR_COUNT ? psram->mr[reg] : 0x00;
}

static void mr_read(struct extmem_sim_psram *psram, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	uint8_t *buf = op->data.buf.in;
	bool garbage = !check_data_bus(psram, op, 8u, "mode register read");
	check_length(psram, op, 2u);
	if (!op->dqs) {
		extmem_sim_violation(&psram->base, "psram: mode register read without DQS");
		garbage = true;
	}
	check_clock(psram, bus_hz, extmem_sim_psram_read_latency(psram), "read");
	if (garbage) {
		fill_garbage(buf, op->data.len, op->addr.value ^ 0x4040u);
		return;
	}
	/* Register reads wait RL once: never doubled by fixed latency or a refresh (see the header). */
	unsigned need = extmem_sim_psram_reg_read_dummy(psram);
	int64_t shift = ((int64_t)op->dummy_cycles - (int64_t)need) * 2;
	if (shift != 0)
		extmem_sim_violation(&psram->base, "psram: mode register read with %u dummy cycles, the part needs %u",
				     op->dummy_cycles, need);
	for (uint32_t i = 0; i < op->data.len; i++) {
		int64_t j = (int64_t)i + shift;
		if (j >= 0)
			buf[i] = mr_value(psram, (uint64_t)op->addr.value + (uint64_t)j);
	}
}

static void mr_write(struct extmem_sim_psram *psram, const struct extmem_xspi_op *op)
{
	if (!check_data_bus(psram, op, 8u, "mode register write"))
		return;
	check_length(psram, op, 2u);
	if (op->dummy_cycles != 0) {
		extmem_sim_violation(&psram->base, "psram: mode register write with %u dummy cycles, the part needs 0",
				     op->dummy_cycles);
		return;
	}
	uint32_t reg = op->addr.value;
	uint8_t v = ((const uint8_t *)op->data.buf.out)[0];
	switch (reg) {
	case 0:
		if (((v & EXTMEM_SIM_PSRAM_MR0_RLC_MASK) >> EXTMEM_SIM_PSRAM_MR0_RLC_SHIFT) > 4u)
			extmem_sim_violation(&psram->base, "psram: MR0 read latency code %u is reserved",
					     (v & EXTMEM_SIM_PSRAM_MR0_RLC_MASK) >> EXTMEM_SIM_PSRAM_MR0_RLC_SHIFT);
		psram->mr[0] = v & 0x3Fu;
		break;
	case 1:
	case 2:
	case 3: break; /* read-only: ignored */
	case 4: {
		psram->mr[4] = v;
		if (extmem_sim_psram_write_latency(psram) > 7u)
			extmem_sim_violation(&psram->base, "psram: MR4 write latency code is reserved");
		break;
	}
	case 6:
		psram->mr[6] = v & 0xF0u;
		if ((v & 0xF0u) == EXTMEM_SIM_PSRAM_MR6_HALF_SLEEP || (v & 0xF0u) == EXTMEM_SIM_PSRAM_MR6_DEEP_PD) {
			psram->asleep = true;
			/* Deep power down does not retain data. */
			if ((v & 0xF0u) == EXTMEM_SIM_PSRAM_MR6_DEEP_PD)
				fill_garbage(psram->array, (uint32_t)psram->size, 0xDEu);
		}
		break;
	case 8: psram->mr[8] = v & 0x4Fu; break;
	default: extmem_sim_violation(&psram->base, "psram: no mode register MR%lu", (unsigned long)reg); break;
	}
}

static int psram_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	struct extmem_sim_psram *psram = to_psram(dev);
	uint64_t now = dev->clock->now_ps;
	uint64_t dur = extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(op), bus_hz);
	uint64_t start = now - dur;

	if (psram->asleep) {
		/* Any CE# low pulse wakes the part; the op itself is not executed. */
		psram->asleep = false;
		psram->mr[6] = 0;
		psram->ready_ps = now + EXTMEM_SIM_PSRAM_TXHS_PS;
		return EXTMEM_OK;
	}
	if (start < psram->ready_ps) {
		extmem_sim_violation(dev, "psram: op %lu ns before the part is ready (reset/wake-up recovery)",
				     (unsigned long)((psram->ready_ps - start) / 1000u));
		return EXTMEM_OK;
	}
	if (bus_hz > EXTMEM_SIM_PSRAM_MAX_HZ)
		extmem_sim_violation(dev, "psram: bus clock %lu Hz above the 200 MHz maximum", (unsigned long)bus_hz);
	if (dur > psram->tcem_ps)
		extmem_sim_violation(dev, "psram: CE# low for %llu ns, above tCEM %llu ns",
				     (unsigned long long)(dur / 1000u), (unsigned long long)(psram->tcem_ps / 1000u));

	/* Command: one byte on DQ[7:0], 8S or 8D with the byte repeated. */
	if (op->cmd.bus.lines != 8) {
		extmem_sim_violation(dev, "psram: command on %u lines, the part decodes 8", op->cmd.bus.lines);
		return EXTMEM_OK;
	}
	uint8_t cmd;
	if (op->cmd.bus.dtr) {
		if (op->cmd.nbytes != 2) {
			extmem_sim_violation(dev, "psram: 8D command of one byte is half a cycle");
			return EXTMEM_OK;
		}
		if ((op->cmd.opcode >> 8) != (op->cmd.opcode & 0xFFu)) {
			extmem_sim_violation(dev, "psram: 8D command %04Xh is not one byte repeated", op->cmd.opcode);
			return EXTMEM_OK;
		}
		cmd = (uint8_t)op->cmd.opcode;
	} else {
		if (op->cmd.nbytes != 1) {
			extmem_sim_violation(dev, "psram: 8S command of two bytes takes two cycles");
			return EXTMEM_OK;
		}
		cmd = (uint8_t)op->cmd.opcode;
	}
	if (cmd == EXTMEM_SIM_PSRAM_CMD_GLOBAL_RESET) {
		reset_registers(psram);
		psram->refresh_collisions = 0;
		psram->ready_ps = now + EXTMEM_SIM_PSRAM_TRST_PS;
		return EXTMEM_OK;
	}
	if (op->addr.nbytes != 4 || op->addr.bus.lines != 8 || !op->addr.bus.dtr) {
		extmem_sim_violation(dev, "psram: %02Xh needs a 4-byte 8D address (got %u bytes on %u%c)", cmd,
				     op->addr.nbytes, op->addr.bus.lines, op->addr.bus.dtr ? 'D' : 'S');
		return EXTMEM_OK;
	}
	if (op->alt.nbytes != 0) {
		extmem_sim_violation(dev, "psram: alternate bytes are not part of the protocol");
		return EXTMEM_OK;
	}

	bool is_read = cmd == EXTMEM_SIM_PSRAM_CMD_READ || cmd == EXTMEM_SIM_PSRAM_CMD_READ_LINEAR ||
		       cmd == EXTMEM_SIM_PSRAM_CMD_MR_READ;
	bool is_write = cmd == EXTMEM_SIM_PSRAM_CMD_WRITE || cmd == EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR ||
			cmd == EXTMEM_SIM_PSRAM_CMD_MR_WRITE;
	if (!is_read && !is_write) {
		extmem_sim_violation(dev, "psram: unknown command %02Xh", cmd);
		return EXTMEM_OK;
	}
	enum extmem_xspi_dir want = is_read ? EXTMEM_XSPI_DATA_IN : EXTMEM_XSPI_DATA_OUT;
	if (op->data.dir != want) {
		extmem_sim_violation(dev, "psram: %02Xh without a %s data phase", cmd, is_read ? "read" : "write");
		return EXTMEM_OK;
	}
	switch (cmd) {
	case EXTMEM_SIM_PSRAM_CMD_READ: array_read(psram, op, BURST_WRAP, bus_hz); break;
	case EXTMEM_SIM_PSRAM_CMD_READ_LINEAR: array_read(psram, op, BURST_LINEAR, bus_hz); break;
	case EXTMEM_SIM_PSRAM_CMD_WRITE: array_write(psram, op, BURST_WRAP, bus_hz); break;
	case EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR: array_write(psram, op, BURST_LINEAR, bus_hz); break;
	case EXTMEM_SIM_PSRAM_CMD_MR_READ: mr_read(psram, op, bus_hz); break;
	default: mr_write(psram, op); break;
	}
	return EXTMEM_OK;
}

uint64_t extmem_sim_psram_bound_ps(const struct extmem_sim_psram *psram, bool write, uint32_t offset, uint32_t total,
				   uint32_t hz, uint32_t *bursts)
{
	unsigned bpc = bytes_per_cycle(psram);
	unsigned dummy = write ? extmem_sim_psram_write_dummy(psram) : extmem_sim_psram_read_dummy(psram, false);
	uint64_t overhead = 1u + 2u + dummy; /* 8S command, 4-byte 8D address, latency */
	uint64_t tcem_cycles = psram->tcem_ps * hz / 1000000000000ull;
	uint64_t max = tcem_cycles > overhead ? (tcem_cycles - overhead) * bpc : bpc;
	bool cross = !write && (psram->mr[8] & EXTMEM_SIM_PSRAM_MR8_RBX) != 0;
	uint64_t cycles = 0;
	uint32_t n = 0;
	for (uint64_t off = offset, end = (uint64_t)offset + total; off < end; n++) {
		uint64_t len = end - off;
		uint64_t row_left = EXTMEM_SIM_PSRAM_ROW_BYTES - off % EXTMEM_SIM_PSRAM_ROW_BYTES;
		if (len > max)
			len = max;
		if (len > row_left && !cross)
			len = row_left;
		cycles += overhead + (len + bpc - 1u) / bpc;
		off += len;
	}
	if (bursts != NULL)
		*bursts = n;
	return extmem_sim_cycles_to_ps(cycles, hz);
}
