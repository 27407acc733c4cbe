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

/* Build switches (extmem_stm32h7rs.h): each on unless the firmware turns it off. */
#ifndef EXTMEM_STM32_XSPI_AUTO_POLL
#define EXTMEM_STM32_XSPI_AUTO_POLL 1
#endif
#ifndef EXTMEM_STM32_XSPI_BURST
#define EXTMEM_STM32_XSPI_BURST 1
#endif
#ifndef EXTMEM_STM32_XSPI_APMEM16
#define EXTMEM_STM32_XSPI_APMEM16 1
#endif

static volatile uint32_t *reg(const struct extmem_stm32_xspi *x, uint32_t off)
{
	return (volatile uint32_t *)(x->base + off);
}

/* Bit 7 of each phase's byte of CCR (reserved there, SIOO for the data byte): set for a phase it cannot carry. */
#define CCR_BAD 0x80808080u

/*
 * One phase's mode, DTR and size fields (IMODE/ADMODE/ABMODE layout) for n
 * bytes (1..max; 0: no phase, which then needs lines = 0), or 0x80.
 */
static uint32_t phase_field(const struct extmem_xspi_phase *bus, uint32_t n, uint32_t max)
{
	uint32_t lines = bus->lines;
	if (n == 0)
		return lines == 0 ? 0u : 0x80u;
	/* the mode field: 1, 2, 4, 8, 16 lines -> 1..5 (log2 + 1); no other count has one */
	if (n > max || lines == 0 || lines > 16u || (lines & (lines - 1u)) != 0)
		return 0x80u;
	return (32u - (uint32_t)__builtin_clz(lines)) | (bus->dtr ? 1u : 0u) << 3 | (n - 1u) << 4;
}

/*
 * The CCR of a descriptor, with CCR_BAD bits where the controller cannot
 * carry it, found while the fields are built: a 1- or 2-byte instruction,
 * 0..4 address and alternate bytes, line counts of a mode, a data direction.
 * noipa: seen as pure, its call was copied into each path of the checks
 * around it (12 B in a Boot).
 */
static __attribute__((noipa)) uint32_t ccr_of(const struct extmem_xspi_op *op)
{
	uint32_t dir = op->data.dir;
	uint32_t ccr = phase_field(&op->cmd.bus, op->cmd.nbytes, 2) |
		       phase_field(&op->addr.bus, op->addr.nbytes, 4) << 8 |
		       phase_field(&op->alt.bus, op->alt.nbytes, 4) << 16 |
		       phase_field(&op->data.bus, dir != EXTMEM_XSPI_DATA_NONE, 1) << 24;
	/* IMODE 0: no instruction; an opcode wider than its bytes */
	if ((ccr & 7u) == 0 || (op->cmd.opcode >> (8u * (op->cmd.nbytes & 3u))) != 0 || dir > EXTMEM_XSPI_DATA_OUT)
		ccr |= CCR_BAD;
	return ccr | (op->dqs ? 1u : 0u) << 29;
}

/*
 * An indirect transfer's CCR: what extmem_xspi_op_check accepts, and also a
 * data phase with a length and a buffer (map templates need neither).
 */
static uint32_t indirect_ccr(const struct extmem_xspi_op *op)
{
	if (op == NULL ||
	    (op->data.dir != EXTMEM_XSPI_DATA_NONE ? op->data.len == 0 || op->data.buf.in == NULL : op->data.len != 0))
		return CCR_BAD;
	return ccr_of(op);
}

/*
 * The ops table's clock. With bursts (the loaders) every wait inlines the
 * time base (each call on the transfer path costs throughput); without, one
 * copy out of line.
 */
#if EXTMEM_STM32_XSPI_BURST
#define TIME_US_ATTR
#define WAIT_NOW(x) extmem_stm32_time_us(&(x)->time)
#else
#define TIME_US_ATTR __attribute__((noinline))
#define WAIT_NOW(x)  stm32_time_us(x)
#endif
static TIME_US_ATTR uint32_t stm32_time_us(void *ctx)
{
	struct extmem_stm32_xspi *x = ctx;
	return extmem_stm32_time_us(&x->time);
}

/*
 * Waits until (SR ^ flip) & bits is not 0: any of bits set (flip 0) or all
 * clear (flip = bits). Returns that SR (its defined bits) or
 * EXTMEM_ERR_TIMEOUT. With bursts the time base is read only when waiting
 * (a read per burst cost throughput); without, t0 is read first (16 B less,
 * a few microseconds over a Boot's transfers).
 */
static int wait_sr(struct extmem_stm32_xspi *x, uint32_t bits, uint32_t flip, uint32_t timeout_us)
{
	uint32_t t0 = EXTMEM_STM32_XSPI_BURST ? 0u : WAIT_NOW(x);
	bool waiting = !EXTMEM_STM32_XSPI_BURST;
	for (;;) {
		uint32_t v = *reg(x, XSPI_SR);
		if ((v ^ flip) & bits)
			return (int)(v & 0xFFFFu);
		uint32_t now = WAIT_NOW(x);
		if (!waiting) {
			waiting = true;
			t0 = now;
		} else if (now - t0 > timeout_us) {
			return EXTMEM_ERR_TIMEOUT;
		}
	}
}

static void abort_xfer(struct extmem_stm32_xspi *x)
{
	*reg(x, XSPI_CR) |= XSPI_CR_ABORT;
	(void)wait_sr(x, XSPI_SR_BUSY, XSPI_SR_BUSY, 1000u);
	*reg(x, XSPI_FCR) = XSPI_FCR_CTEF | XSPI_FCR_CTCF | XSPI_FCR_CSMF;
}

/* Indirect mode and not busy (a BUSY that never falls is aborted): what a transfer or a configuration change needs. */
static int idle(struct extmem_stm32_xspi *x)
{
	if (x->mapped)
		return EXTMEM_ERR_MAPPED;
	if (wait_sr(x, XSPI_SR_BUSY, XSPI_SR_BUSY, x->timeout_us) >= 0)
		return EXTMEM_OK;
	abort_xfer(x);
	return EXTMEM_ERR_TIMEOUT;
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
	if (EXTMEM_STM32_XSPI_APMEM16 && x->apmem16 && op->data.dir != EXTMEM_XSPI_DATA_NONE &&
	    op->data.bus.lines == 16)
		return ((a >> 11) << 11) | ((a & 0x3FFu) << 1);
	return a;
}

/*
 * TCR, CCR, ABR and IR of a descriptor; `w` = 0 for the indirect and mapped
 * read registers, XSPI_WCCR - XSPI_CCR for their write twins (WTCR, WCCR,
 * WABR, WIR: the same layout 0x80 further on).
 */
static void command_regs(struct extmem_stm32_xspi *x, const struct extmem_xspi_op *op, uint32_t ccr, uint32_t w)
{
	*reg(x, XSPI_TCR + w) = op->dummy_cycles;
	*reg(x, XSPI_CCR + w) = ccr;
	if (op->alt.nbytes != 0)
		*reg(x, XSPI_ABR + w) = op->alt.value;
	*reg(x, XSPI_IR + w) = op->cmd.opcode;
}

/*
 * Starts an indirect transfer (poll NULL) or an automatic status poll once
 * the controller is idle; the write that starts it (IR or AR) comes last.
 * cr_bits: FMODE and the FIFO threshold or APMS.
 */
static int start(struct extmem_stm32_xspi *x, const struct extmem_xspi_op *op, uint32_t ccr, uint32_t cr_bits,
		 const struct extmem_xspi_poll *poll)
{
	int err = idle(x);
	if (err != EXTMEM_OK)
		return err;
	*reg(x, XSPI_FCR) = XSPI_FCR_CTEF | XSPI_FCR_CTCF | XSPI_FCR_CSMF;
	if (poll != NULL) {
		*reg(x, XSPI_PSMKR) = poll->mask;
		*reg(x, XSPI_PSMAR) = poll->match & poll->mask;
		*reg(x, XSPI_PIR) = poll->interval_cycles ? poll->interval_cycles : DEFAULT_INTERVAL;
	}
	uint32_t cr = *reg(x, XSPI_CR) & ~(XSPI_CR_FMODE_MASK | XSPI_CR_FTHRES_MASK | XSPI_CR_APMS | XSPI_CR_PMM);
	*reg(x, XSPI_CR) = cr | cr_bits;
	if (op->data.dir != EXTMEM_XSPI_DATA_NONE)
		*reg(x, XSPI_DLR) = op->data.len - 1u;
	command_regs(x, op, ccr, 0);
	if (op->addr.nbytes != 0)
		*reg(x, XSPI_AR) = ar_of(x, op);
	return EXTMEM_OK;
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

/* One word of DR into 4 bytes at q (one unaligned store). */
#define GET_WORD(dr, q, k)                                                                                             \
	do {                                                                                                           \
		uint32_t w_ = *(dr);                                                                                   \
		__builtin_memcpy((q) + (size_t)4 * (k), &w_, sizeof(w_));                                              \
	} while (0)

#if EXTMEM_STM32_XSPI_BURST
static int push(struct extmem_stm32_xspi *x, const uint8_t *p, uint32_t len)
{
	volatile uint32_t *dr = reg(x, XSPI_DR);
	uint32_t i = 0;
	while (i < len) {
		if (wait_sr(x, XSPI_SR_FTF, 0, x->timeout_us) < 0)
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

/* Drains what FLEVEL says is there with one SR read, word by word while whole words remain. */
static int pull(struct extmem_stm32_xspi *x, uint8_t *p, uint32_t len)
{
	volatile uint32_t *dr = reg(x, XSPI_DR);
	uint32_t i = 0;
	while (i < len) {
		int sr = wait_sr(x, XSPI_SR_FLEVEL_MASK, 0, x->timeout_us);
		if (sr < 0)
			return sr;
		uint32_t level = XSPI_SR_FLEVEL((uint32_t)sr);
		uint32_t end = len - i < level ? len : i + level;
		for (; i + PUSH_BURST <= end; i += PUSH_BURST) {
			uint8_t *q =
				p +
				i; /* 32 bytes at a time, unrolled like push: a page's read-back is on the write path */
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

#else
/* A word at any address (the M7 allows unaligned LDR and STR to memory; DR itself is aligned). */
typedef uint32_t __attribute__((aligned(1), may_alias)) unaligned_word;

/*
 * Without bursts: a word (the tail: a byte) per FTF, in both directions,
 * FTHRES being 3: room for 4 bytes, or 4 there (or the last ones, once the
 * reads from the memory are complete). SR is read inline first: the wait's
 * call costs more than the wire of a word in 8D.
 */
static int move_words(struct extmem_stm32_xspi *x, uint32_t dir, uint8_t *p, uint32_t len)
{
	volatile uint8_t *dr = (volatile uint8_t *)reg(x, XSPI_DR);
	for (uint32_t i = 0; i < len;) {
		if (!(*reg(x, XSPI_SR) & XSPI_SR_FTF) && wait_sr(x, XSPI_SR_FTF, 0, x->timeout_us) < 0)
			return EXTMEM_ERR_TIMEOUT;
		/* one copy for both directions: from DR to the buffer, or back */
		volatile uint8_t *from = dir == EXTMEM_XSPI_DATA_IN ? dr : p + i;
		volatile uint8_t *to = dir == EXTMEM_XSPI_DATA_IN ? p + i : dr;
		if (len - i >= 4u) {
			*(volatile unaligned_word *)to = *(volatile unaligned_word *)from;
			i += 4u;
		} else {
			*to = *from;
			i++;
		}
	}
	return EXTMEM_OK;
}
#endif

/* One indirect transfer of a checked descriptor (ccr from indirect_ccr), its data phase to or from buf. */
static int transfer(struct extmem_stm32_xspi *x, const struct extmem_xspi_op *op, uint32_t ccr, void *buf)
{
	uint32_t dir = op->data.dir;
#if EXTMEM_STM32_XSPI_BURST
	int err = start(x, op, ccr,
			dir == EXTMEM_XSPI_DATA_IN    ? XSPI_CR_FMODE(1u)
			: dir == EXTMEM_XSPI_DATA_OUT ? (PUSH_BURST - 1u) << XSPI_CR_FTHRES_SHIFT
						      : 0u,
			NULL);
#else
	/* FTHRES = 3: FTF for a word (move_words) */
	int err = start(x, op, ccr, (dir == EXTMEM_XSPI_DATA_IN ? XSPI_CR_FMODE(1u) : 0u) | 3u << XSPI_CR_FTHRES_SHIFT,
			NULL);
#endif
	if (err != EXTMEM_OK)
		return err;
#if EXTMEM_STM32_XSPI_BURST
	if (dir == EXTMEM_XSPI_DATA_OUT)
		err = push(x, buf, op->data.len);
	else if (dir == EXTMEM_XSPI_DATA_IN)
		err = pull(x, buf, op->data.len);
#else
	err = move_words(x, dir, buf, op->data.len); /* no data phase: len 0 */
#endif
	if (err == EXTMEM_OK) {
		int sr = wait_sr(x, XSPI_SR_TCF | XSPI_SR_TEF, 0, x->timeout_us);
		err = sr < 0 ? sr : (sr & XSPI_SR_TEF) ? EXTMEM_ERR_DEVICE : EXTMEM_OK;
	}
	if (err != EXTMEM_OK)
		abort_xfer(x);
	/*
	 * TCF stays set: the next transfer clears it as it starts. BUSY falls
	 * once the FIFO is empty; every entry point waits for it first.
	 */
	return err;
}

static int stm32_execute(void *ctx, const struct extmem_xspi_op *op)
{
	uint32_t ccr = indirect_ccr(op);
	if (ccr & CCR_BAD)
		return EXTMEM_ERR_INVALID;
	/* buf.in and buf.out share the union */
	return transfer(ctx, op, ccr, op->data.buf.in);
}

#if EXTMEM_STM32_XSPI_AUTO_POLL
static int stm32_auto_poll(void *ctx, const struct extmem_xspi_op *op, const struct extmem_xspi_poll *poll,
			   uint32_t *last)
{
	struct extmem_stm32_xspi *x = ctx;
	uint32_t ccr = indirect_ccr(op);
	if ((ccr & CCR_BAD) || poll == NULL || op->data.dir != EXTMEM_XSPI_DATA_IN || op->data.len > 4)
		return EXTMEM_ERR_INVALID;
	/* APMS: the controller stops polling by itself on the match */
	int err = start(x, op, ccr, XSPI_CR_FMODE(2u) | XSPI_CR_APMS, poll);
	if (err != EXTMEM_OK)
		return err;
	if (wait_sr(x, XSPI_SR_SMF, 0, poll->timeout_us) < 0) {
		abort_xfer(x);
		/* one plain read says what the device answered last (little-endian: byte 0 in bits 7..0, as DR has it)
		 */
		uint32_t value = 0;
		if (transfer(x, op, ccr, &value) == EXTMEM_OK && last != NULL)
			*last = value;
		return EXTMEM_ERR_TIMEOUT;
	}
	uint32_t value = *reg(x, XSPI_DR);
	if (last != NULL)
		*last = op->data.len >= 4 ? value : value & ((1u << (8u * op->data.len)) - 1u);
	*reg(x, XSPI_FCR) = XSPI_FCR_CSMF | XSPI_FCR_CTCF;
	return EXTMEM_OK; /* APMS stopped the polling; the next transfer waits for BUSY to fall */
}
#endif

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

/* A map template's CCR: ccr_of's, and a data phase in direction dir after an address. */
static __attribute__((noinline)) uint32_t template_ccr(const struct extmem_xspi_op *op, uint32_t dir)
{
	if (op->data.dir != dir || op->addr.nbytes == 0)
		return CCR_BAD;
	return ccr_of(op);
}

/*
 * apmem: a template may ask for the AP Memory x16 address map (the full
 * table); without, such a template is invalid (the NOR-only table).
 */
static inline __attribute__((always_inline)) int map_enable(void *ctx, const struct extmem_xspi_op *read_op,
							    const struct extmem_xspi_op *write_op, bool apmem)
{
	struct extmem_stm32_xspi *x = ctx;
	if (read_op == NULL)
		return EXTMEM_ERR_INVALID;
	uint32_t rccr = template_ccr(read_op, EXTMEM_XSPI_DATA_IN);
	uint32_t wccr = write_op != NULL ? template_ccr(write_op, EXTMEM_XSPI_DATA_OUT) : 0u;
	if ((rccr | wccr) & CCR_BAD)
		return EXTMEM_ERR_INVALID;
	if (x->mapped)
		return EXTMEM_ERR_STATE;
	/* A template that asks for the AP Memory x16 address map gets the memory type that does it (DCR1.MTYP). */
	if (read_op->addr_map == EXTMEM_XSPI_ADDR_APMEM_X16) {
		if (!apmem || !EXTMEM_STM32_XSPI_APMEM16)
			return EXTMEM_ERR_INVALID;
#if EXTMEM_STM32_XSPI_APMEM16
		if (!x->apmem16 && extmem_stm32_xspi_set_apmem16(x, true) != EXTMEM_OK)
			return EXTMEM_ERR_TIMEOUT;
#endif
	}
	if (idle(x) != EXTMEM_OK)
		return EXTMEM_ERR_TIMEOUT;
	command_regs(x, read_op, rccr, 0);
	if (write_op != NULL)
		command_regs(x, write_op, wccr, XSPI_WCCR - XSPI_CCR);
	uint32_t cr = *reg(x, XSPI_CR) & ~(XSPI_CR_FMODE_MASK | XSPI_CR_APMS | XSPI_CR_PMM);
	*reg(x, XSPI_CR) = cr | XSPI_CR_FMODE(3u) | XSPI_CR_EN;
	x->mapped = true;
	return EXTMEM_OK;
}

static int stm32_map_enable(void *ctx, const struct extmem_xspi_op *read_op, const struct extmem_xspi_op *write_op)
{
	return map_enable(ctx, read_op, write_op, true);
}

static int stm32_nor_map_enable(void *ctx, const struct extmem_xspi_op *read_op, const struct extmem_xspi_op *write_op)
{
	return map_enable(ctx, read_op, write_op, false);
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

const struct extmem_xspi_ops extmem_stm32_xspi_ops = {
	.execute = stm32_execute,
#if EXTMEM_STM32_XSPI_AUTO_POLL
	.auto_poll = stm32_auto_poll,
#endif
	.set_clock = stm32_set_clock,
	.map_enable = stm32_map_enable,
	.map_disable = stm32_map_disable,
	.time_us = stm32_time_us,
	.set_cs_limits = extmem_stm32_xspi_set_cs_limits,
};

/* No chip-select limits and no AP Memory x16 templates: what a NOR needs. */
const struct extmem_xspi_ops extmem_stm32_xspi_nor_ops = {
	.execute = stm32_execute,
#if EXTMEM_STM32_XSPI_AUTO_POLL
	.auto_poll = stm32_auto_poll,
#endif
	.set_clock = stm32_set_clock,
	.map_enable = stm32_nor_map_enable,
	.map_disable = stm32_map_disable,
	.time_us = stm32_time_us,
};

#if EXTMEM_STM32_XSPI_APMEM16
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
#endif

int extmem_stm32_xspi_set_cs_limits(void *ctx, uint32_t boundary_bytes, uint32_t max_cs_low_cycles)
{
	struct extmem_stm32_xspi *x = ctx;
	if (x == NULL || (boundary_bytes & (boundary_bytes - 1u)) != 0 || boundary_bytes == 1u ||
	    (max_cs_low_cycles != 0 && max_cs_low_cycles < 5u))
		return EXTMEM_ERR_INVALID;
	int err = idle(x);
	if (err != EXTMEM_OK)
		return err;
	/* log2 of a power of two (0: no boundary) */
	uint32_t csbound = boundary_bytes != 0 ? 31u - (uint32_t)__builtin_clz(boundary_bytes) : 0u;
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
