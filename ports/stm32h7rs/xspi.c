/* SPDX-License-Identifier: MIT */
/*
 * The XSPI port: struct extmem_xspi_op -> XSPI registers (RM0477).
 * Polled, no interrupts, no DMA; every wait is bounded by the DWT time base.
 */
#include "extmem_stm32h7rs.h"
#include "stm32h7rs_regs.h"

#define SAFE_HZ          50000000u
#define DEFAULT_TIMEOUT  100000u /* us, one indirect transfer */
#define DEFAULT_INTERVAL 16u     /* auto-poll: bus cycles between two reads */

#define XSPI_CR_FTHRES_SHIFT 8u

static volatile uint32_t *reg(const struct extmem_stm32_xspi *x, uint32_t off)
{
	return (volatile uint32_t *)(x->base + off);
}

/* Line count -> CCR mode field: 1, 2, 4, 8, 16 lines -> 1..5 (0: none, or a count no mode has). */
static const uint8_t mode_table[17] = {[1] = 1, [2] = 2, [4] = 3, [8] = 4, [16] = 5};

static uint32_t mode_of(uint8_t lines)
{
	return lines < sizeof(mode_table) ? mode_table[lines] : 0u;
}

/* One phase's mode, DTR and size fields, placed at `shift` (IMODE/ADMODE/ABMODE layout). */
static inline __attribute__((always_inline)) uint32_t phase_bits(const struct extmem_xspi_phase *bus,
								 uint32_t size_field, unsigned shift)
{
	return (mode_of(bus->lines) | (bus->dtr ? 1u : 0u) << 3 | size_field << 4) << shift;
}

static uint32_t ccr_of(const struct extmem_xspi_op *op)
{
	uint32_t ccr = phase_bits(&op->cmd.bus, op->cmd.nbytes > 1 ? 1u : 0u, 0);
	if (op->addr.nbytes != 0)
		ccr |= phase_bits(&op->addr.bus, op->addr.nbytes - 1u, 8);
	if (op->alt.nbytes != 0)
		ccr |= phase_bits(&op->alt.bus, op->alt.nbytes - 1u, 16);
	if (op->data.dir != EXTMEM_XSPI_DATA_NONE)
		ccr |= phase_bits(&op->data.bus, 0, 24);
	ccr |= (op->dqs ? 1u : 0u) << 29;
	return ccr;
}

/* SR bits `bits` all clear (set = false) or any set (set = true); the time base is read only when waiting. */
static int wait_sr(struct extmem_stm32_xspi *x, uint32_t bits, bool set, uint32_t timeout_us)
{
	if (((*reg(x, XSPI_SR) & bits) != 0) == set)
		return EXTMEM_OK;
	uint32_t t0 = extmem_stm32_time_us(&x->time);
	while (((*reg(x, XSPI_SR) & bits) != 0) != set)
		if (extmem_stm32_time_us(&x->time) - t0 > timeout_us)
			return EXTMEM_ERR_TIMEOUT;
	return EXTMEM_OK;
}

/* Any of `bits` set; *sr gets the SR value that showed it. */
static int wait_sr_value(struct extmem_stm32_xspi *x, uint32_t bits, uint32_t timeout_us, uint32_t *sr)
{
	uint32_t v = *reg(x, XSPI_SR);
	if (v & bits) {
		*sr = v;
		return EXTMEM_OK;
	}
	uint32_t t0 = extmem_stm32_time_us(&x->time);
	while (!((v = *reg(x, XSPI_SR)) & bits))
		if (extmem_stm32_time_us(&x->time) - t0 > timeout_us)
			return EXTMEM_ERR_TIMEOUT;
	*sr = v;
	return EXTMEM_OK;
}

static int wait_clear(struct extmem_stm32_xspi *x, uint32_t bits, uint32_t timeout_us)
{
	return wait_sr(x, bits, false, timeout_us);
}

static int wait_set(struct extmem_stm32_xspi *x, uint32_t bits, uint32_t timeout_us)
{
	return wait_sr(x, bits, true, timeout_us);
}

/* Indirect mode and not busy: what a configuration change needs first. */
static int idle(struct extmem_stm32_xspi *x)
{
	if (x->mapped)
		return EXTMEM_ERR_MAPPED;
	return wait_clear(x, XSPI_SR_BUSY, x->timeout_us);
}

static void abort_xfer(struct extmem_stm32_xspi *x)
{
	*reg(x, XSPI_CR) |= XSPI_CR_ABORT;
	(void)wait_clear(x, XSPI_SR_BUSY, 1000u);
	*reg(x, XSPI_FCR) = XSPI_FCR_CTEF | XSPI_FCR_CTCF | XSPI_FCR_CSMF;
}

/*
 * AR for a descriptor. In the AP Memory 16-bit memory type the controller
 * turns the byte address in AR into the part's x16 word address (row in
 * A[31:11], column in A[9:0]) when the data phase is on 16 lines; the
 * descriptor carries the wire address, so AR gets the byte address that maps
 * to it.
 */
static uint32_t ar_of(const struct extmem_stm32_xspi *x, const struct extmem_xspi_op *op)
{
	uint32_t a = op->addr.value;
	if (x->apmem16 && op->data.dir != EXTMEM_XSPI_DATA_NONE && op->data.bus.lines == 16)
		return ((a >> 11) << 11) | ((a & 0x3FFu) << 1);
	return a;
}

/*
 * A memory-mapped template's TCR, CCR, ABR and IR; `w` = 0 for the read
 * registers, XSPI_WCCR - XSPI_CCR for their write twins (WTCR, WCCR, WABR,
 * WIR: the same layout 0x80 further on).
 */
static void map_regs(struct extmem_stm32_xspi *x, const struct extmem_xspi_op *op, uint32_t w)
{
	*reg(x, XSPI_TCR + w) = op->dummy_cycles;
	*reg(x, XSPI_CCR + w) = ccr_of(op);
	if (op->alt.nbytes != 0)
		*reg(x, XSPI_ABR + w) = op->alt.value;
	*reg(x, XSPI_IR + w) = op->cmd.opcode;
}

/* Writes the command registers; the write that starts the transfer (IR or AR) comes last. */
static void program(struct extmem_stm32_xspi *x, const struct extmem_xspi_op *op, uint32_t fmode, uint32_t cr_bits)
{
	uint32_t cr = *reg(x, XSPI_CR) & ~(XSPI_CR_FMODE_MASK | XSPI_CR_FTHRES_MASK | XSPI_CR_APMS | XSPI_CR_PMM);
	*reg(x, XSPI_CR) = cr | XSPI_CR_FMODE(fmode) | cr_bits;
	if (op->data.dir != EXTMEM_XSPI_DATA_NONE)
		*reg(x, XSPI_DLR) = op->data.len - 1u;
	*reg(x, XSPI_TCR) = op->dummy_cycles;
	*reg(x, XSPI_CCR) = ccr_of(op);
	if (op->alt.nbytes != 0)
		*reg(x, XSPI_ABR) = op->alt.value;
	*reg(x, XSPI_IR) = op->cmd.opcode;
	if (op->addr.nbytes != 0)
		*reg(x, XSPI_AR) = ar_of(x, op);
}

/*
 * Indirect writes run with FTHRES = PUSH_BURST - 1: FTF then means room for
 * PUSH_BURST bytes (RM0477), so one SR check feeds a burst of words.
 */
#define PUSH_BURST 32u

/* One word of DR from 4 bytes at q (one unaligned load: the M7 allows it). */
#define PUT_WORD(dr, q, k)                                                                                             \
	do {                                                                                                           \
		uint32_t w_;                                                                                           \
		__builtin_memcpy(&w_, (q) + (size_t)4 * (k), sizeof(w_));                                              \
		*(dr) = w_;                                                                                            \
	} while (0)

static int push(struct extmem_stm32_xspi *x, const uint8_t *p, uint32_t len)
{
	volatile uint32_t *dr = reg(x, XSPI_DR);
	uint32_t i = 0;
	while (i < len) {
		if (wait_set(x, XSPI_SR_FTF, x->timeout_us) != EXTMEM_OK)
			return EXTMEM_ERR_TIMEOUT;
		if (len - i >= PUSH_BURST) {
			/* a whole burst, unrolled: the loop cost more than the wire of a page in 8D */
			const uint8_t *q = p + i;
			PUT_WORD(dr, q, 0);
			PUT_WORD(dr, q, 1);
			PUT_WORD(dr, q, 2);
			PUT_WORD(dr, q, 3);
			PUT_WORD(dr, q, 4);
			PUT_WORD(dr, q, 5);
			PUT_WORD(dr, q, 6);
			PUT_WORD(dr, q, 7);
			i += PUSH_BURST;
			continue;
		}
		for (; i + 4u <= len; i += 4u)
			PUT_WORD(dr, p + i, 0);
		for (; i < len; i++)
			*(volatile uint8_t *)dr = p[i];
	}
	return EXTMEM_OK;
}

/* One word of DR into 4 bytes at q (one unaligned store). */
#define GET_WORD(dr, q, k)                                                                                             \
	do {                                                                                                           \
		uint32_t w_ = *(dr);                                                                                   \
		__builtin_memcpy((q) + (size_t)4 * (k), &w_, sizeof(w_));                                              \
	} while (0)

/* Drains what FLEVEL says is there with one SR read, word by word while whole words remain. */
static int pull(struct extmem_stm32_xspi *x, uint8_t *p, uint32_t len)
{
	volatile uint32_t *dr = reg(x, XSPI_DR);
	uint32_t i = 0;
	uint32_t t0 = 0;
	bool waiting = false; /* the time base is read only once the FIFO ran empty */
	while (i < len) {
		uint32_t level = XSPI_SR_FLEVEL(*reg(x, XSPI_SR));
		if (level == 0) {
			uint32_t now = extmem_stm32_time_us(&x->time);
			if (!waiting) {
				waiting = true;
				t0 = now;
			} else if (now - t0 > x->timeout_us) {
				return EXTMEM_ERR_TIMEOUT;
			}
			continue;
		}
		waiting = false;
		uint32_t end = len - i < level ? len : i + level;
		for (; i + PUSH_BURST <= end; i += PUSH_BURST) {
			uint8_t *q = p + i; /* 32 bytes at a time, unrolled like push */
			GET_WORD(dr, q, 0);
			GET_WORD(dr, q, 1);
			GET_WORD(dr, q, 2);
			GET_WORD(dr, q, 3);
			GET_WORD(dr, q, 4);
			GET_WORD(dr, q, 5);
			GET_WORD(dr, q, 6);
			GET_WORD(dr, q, 7);
		}
		for (; i + 4u <= end; i += 4u)
			GET_WORD(dr, p + i, 0);
		for (; i < end; i++)
			p[i] = *(volatile uint8_t *)dr;
	}
	return EXTMEM_OK;
}

static int stm32_execute(void *ctx, const struct extmem_xspi_op *op)
{
	struct extmem_stm32_xspi *x = ctx;
	if (x->mapped)
		return EXTMEM_ERR_MAPPED;
	int err = extmem_xspi_op_check(op);
	if (err != EXTMEM_OK)
		return err;
	if (wait_clear(x, XSPI_SR_BUSY, x->timeout_us) != EXTMEM_OK) {
		abort_xfer(x);
		return EXTMEM_ERR_TIMEOUT;
	}
	*reg(x, XSPI_FCR) = XSPI_FCR_CTEF | XSPI_FCR_CTCF | XSPI_FCR_CSMF;
	bool in = op->data.dir == EXTMEM_XSPI_DATA_IN;
	program(x, op, in ? 1u : 0u,
		op->data.dir == EXTMEM_XSPI_DATA_OUT ? (PUSH_BURST - 1u) << XSPI_CR_FTHRES_SHIFT : 0u);
	if (op->data.dir == EXTMEM_XSPI_DATA_OUT)
		err = push(x, op->data.buf.out, op->data.len);
	else if (in)
		err = pull(x, op->data.buf.in, op->data.len);
	uint32_t sr = 0;
	if (err == EXTMEM_OK)
		err = wait_sr_value(x, XSPI_SR_TCF | XSPI_SR_TEF, x->timeout_us, &sr);
	if (err == EXTMEM_OK && (sr & XSPI_SR_TEF))
		err = EXTMEM_ERR_DEVICE;
	if (err != EXTMEM_OK) {
		abort_xfer(x);
		return err;
	}
	/* BUSY falls once the FIFO is empty; every entry point waits for it before its next transfer. */
	*reg(x, XSPI_FCR) = XSPI_FCR_CTCF;
	return EXTMEM_OK;
}

static int stm32_auto_poll(void *ctx, const struct extmem_xspi_op *op, const struct extmem_xspi_poll *poll,
			   uint32_t *last)
{
	struct extmem_stm32_xspi *x = ctx;
	if (x->mapped)
		return EXTMEM_ERR_MAPPED;
	if (op == NULL || poll == NULL || op->data.dir != EXTMEM_XSPI_DATA_IN || op->data.len == 0 || op->data.len > 4)
		return EXTMEM_ERR_INVALID;
	if (wait_clear(x, XSPI_SR_BUSY, x->timeout_us) != EXTMEM_OK) {
		abort_xfer(x);
		return EXTMEM_ERR_TIMEOUT;
	}
	*reg(x, XSPI_FCR) = XSPI_FCR_CTEF | XSPI_FCR_CTCF | XSPI_FCR_CSMF;
	*reg(x, XSPI_PSMKR) = poll->mask;
	*reg(x, XSPI_PSMAR) = poll->match & poll->mask;
	*reg(x, XSPI_PIR) = poll->interval_cycles ? poll->interval_cycles : DEFAULT_INTERVAL;
	/* APMS: the controller stops polling by itself on the match */
	program(x, op, 2u, XSPI_CR_APMS);
	int err = wait_set(x, XSPI_SR_SMF, poll->timeout_us);
	if (err != EXTMEM_OK) {
		abort_xfer(x);
		/* one plain read says what the device answered last */
		struct extmem_xspi_op rd = *op;
		uint8_t bytes[4] = {0};
		rd.data.buf.in = bytes;
		if (stm32_execute(x, &rd) == EXTMEM_OK && last != NULL)
			*last = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 |
				(uint32_t)bytes[3] << 24;
		return EXTMEM_ERR_TIMEOUT;
	}
	uint32_t value = *reg(x, XSPI_DR);
	if (last != NULL)
		*last = op->data.len >= 4 ? value : value & ((1u << (8u * op->data.len)) - 1u);
	*reg(x, XSPI_FCR) = XSPI_FCR_CSMF | XSPI_FCR_CTCF;
	return EXTMEM_OK; /* APMS stopped the polling; the next transfer waits for BUSY to fall */
}

static uint32_t prescaler_for(uint32_t kernel_hz, uint32_t hz)
{
	if (hz == 0)
		return 255u;
	uint32_t div = (kernel_hz + hz - 1u) / hz;
	if (div == 0)
		div = 1;
	return div > 256u ? 255u : div - 1u;
}

static int stm32_set_clock(void *ctx, uint32_t hz, uint32_t *actual_hz)
{
	struct extmem_stm32_xspi *x = ctx;
	int err = idle(x);
	if (err != EXTMEM_OK)
		return err;
	uint32_t p = prescaler_for(x->kernel_hz, hz);
	*reg(x, XSPI_DCR2) = (*reg(x, XSPI_DCR2) & ~0xFFu) | p;
	x->bus_hz = x->kernel_hz / (p + 1u);
	if (actual_hz != NULL)
		*actual_hz = x->bus_hz;
	return EXTMEM_OK;
}

static int stm32_map_enable(void *ctx, const struct extmem_xspi_op *read_op, const struct extmem_xspi_op *write_op)
{
	struct extmem_stm32_xspi *x = ctx;
	if (read_op == NULL || read_op->data.dir != EXTMEM_XSPI_DATA_IN || read_op->addr.nbytes == 0)
		return EXTMEM_ERR_INVALID;
	if (write_op != NULL && (write_op->data.dir != EXTMEM_XSPI_DATA_OUT || write_op->addr.nbytes == 0))
		return EXTMEM_ERR_INVALID;
	if (x->mapped)
		return EXTMEM_ERR_STATE;
	/* A template that asks for the AP Memory x16 address map gets the memory type that does it (DCR1.MTYP). */
	if (read_op->addr_map == EXTMEM_XSPI_ADDR_APMEM_X16 && !x->apmem16 &&
	    extmem_stm32_xspi_set_apmem16(x, true) != EXTMEM_OK)
		return EXTMEM_ERR_TIMEOUT;
	if (wait_clear(x, XSPI_SR_BUSY, x->timeout_us) != EXTMEM_OK)
		return EXTMEM_ERR_TIMEOUT;
	map_regs(x, read_op, 0);
	if (write_op != NULL)
		map_regs(x, write_op, XSPI_WCCR - XSPI_CCR);
	uint32_t cr = *reg(x, XSPI_CR) & ~(XSPI_CR_FMODE_MASK | XSPI_CR_APMS | XSPI_CR_PMM);
	*reg(x, XSPI_CR) = cr | XSPI_CR_FMODE(3u) | XSPI_CR_EN;
	x->mapped = true;
	return EXTMEM_OK;
}

static int stm32_map_disable(void *ctx)
{
	struct extmem_stm32_xspi *x = ctx;
	if (!x->mapped)
		return EXTMEM_OK;
	/* Run this from outside the window: the abort ends memory-mapped mode. */
	abort_xfer(x);
	*reg(x, XSPI_CR) &= ~XSPI_CR_FMODE_MASK;
	x->mapped = false;
	return EXTMEM_OK;
}

static uint32_t stm32_time_us(void *ctx)
{
	struct extmem_stm32_xspi *x = ctx;
	return extmem_stm32_time_us(&x->time);
}

const struct extmem_xspi_ops extmem_stm32_xspi_ops = {
	.execute = stm32_execute,
	.auto_poll = stm32_auto_poll,
	.set_clock = stm32_set_clock,
	.map_enable = stm32_map_enable,
	.map_disable = stm32_map_disable,
	.time_us = stm32_time_us,
	.set_cs_limits = extmem_stm32_xspi_set_cs_limits,
};

int extmem_stm32_xspi_set_apmem16(struct extmem_stm32_xspi *x, bool on)
{
	if (x == NULL)
		return EXTMEM_ERR_INVALID;
	int err = idle(x);
	if (err != EXTMEM_OK)
		return err;
	uint32_t mtyp = on ? XSPI_DCR1_MTYP_APMEM16 : XSPI_DCR1_MTYP_STANDARD;
	*reg(x, XSPI_DCR1) = (*reg(x, XSPI_DCR1) & ~XSPI_DCR1_MTYP_MASK) | mtyp;
	x->apmem16 = on;
	return EXTMEM_OK;
}

int extmem_stm32_xspi_set_cs_limits(void *ctx, uint32_t boundary_bytes, uint32_t max_cs_low_cycles)
{
	struct extmem_stm32_xspi *x = ctx;
	if (x == NULL || (boundary_bytes & (boundary_bytes - 1u)) != 0 || boundary_bytes == 1u ||
	    (max_cs_low_cycles != 0 && max_cs_low_cycles < 5u))
		return EXTMEM_ERR_INVALID;
	int err = idle(x);
	if (err != EXTMEM_OK)
		return err;
	uint32_t csbound = 0;
	while (boundary_bytes > 1u) {
		boundary_bytes >>= 1;
		csbound++;
	}
	*reg(x, XSPI_DCR3) = (*reg(x, XSPI_DCR3) & ~XSPI_DCR3_CSBOUND_MASK) | csbound << 16;
	/* RM0477: NCS goes high after REFRESH + 4 clocks of a read, REFRESH + 1 of a write */
	*reg(x, XSPI_DCR4) = max_cs_low_cycles != 0 ? max_cs_low_cycles - 4u : 0u;
	return EXTMEM_OK;
}

int extmem_stm32_xspi_init(struct extmem_stm32_xspi *x, uintptr_t base, uint32_t kernel_hz, uint32_t cpu_hz,
			   unsigned devsize_log2)
{
	if (x == NULL || (base != EXTMEM_STM32_XSPI1 && base != EXTMEM_STM32_XSPI2) || kernel_hz == 0 ||
	    devsize_log2 < 1 || devsize_log2 > 32)
		return EXTMEM_ERR_INVALID;
	x->base = base;
	x->kernel_hz = kernel_hz;
	x->timeout_us = DEFAULT_TIMEOUT;
	x->mapped = false;
	x->apmem16 = false;
	extmem_stm32_time_init(&x->time, cpu_hz);
	abort_xfer(x);
	*reg(x, XSPI_CR) = 0;
	/* DEVSIZE = log2(bytes) - 1, CSHT = 3 (4 cycles high between commands), standard memory type */
	*reg(x, XSPI_DCR1) = (uint32_t)(devsize_log2 - 1u) << 16 | 3u << 8 | XSPI_DCR1_MTYP_STANDARD;
	*reg(x, XSPI_DCR3) = 0;
	*reg(x, XSPI_DCR4) = 0;
	uint32_t p = prescaler_for(kernel_hz, SAFE_HZ);
	*reg(x, XSPI_DCR2) = p;
	x->bus_hz = kernel_hz / (p + 1u);
	*reg(x, XSPI_CR) = XSPI_CR_EN; /* FIFO threshold 1 byte, indirect write */
	return EXTMEM_OK;
}
