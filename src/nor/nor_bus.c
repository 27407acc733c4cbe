/* SPDX-License-Identifier: MIT */
/*
 * The NOR driver's bus layer: every transfer is one struct extmem_xspi_op
 * built here; register access, waiting for ready, write enable and the soft
 * reset that brings a part back to 1S-1S-1S. Nothing here knows a register
 * of any controller.
 */
#include "nor_fixed.h"

/*
 * Lines and DTR of each phase, by protocol: a table, as the driver asks for
 * every transfer; packed in 16 bits (lines of command, address and data in
 * 4 bits each, then the DTR flags of the three phases).
 */
#define BUS(c, a, d, cd, ad, dd) ((uint16_t)((c) | (a) << 4 | (d) << 8 | (cd) << 12 | (ad) << 13 | (dd) << 14))
/* clang-format off */
static const uint16_t bus_table[EXTMEM_PROTO_COUNT] = {
	[EXTMEM_PROTO_NONE] = BUS(1, 1, 1, 0, 0, 0),
	[EXTMEM_PROTO_1S_1S_1S] = BUS(1, 1, 1, 0, 0, 0),
	[EXTMEM_PROTO_1S_1S_2S] = BUS(1, 1, 2, 0, 0, 0),
	[EXTMEM_PROTO_1S_2S_2S] = BUS(1, 2, 2, 0, 0, 0),
	[EXTMEM_PROTO_2S_2S_2S] = BUS(2, 2, 2, 0, 0, 0),
	[EXTMEM_PROTO_1S_1S_4S] = BUS(1, 1, 4, 0, 0, 0),
	[EXTMEM_PROTO_1S_4S_4S] = BUS(1, 4, 4, 0, 0, 0),
	[EXTMEM_PROTO_4S_4S_4S] = BUS(4, 4, 4, 0, 0, 0),
	[EXTMEM_PROTO_1S_1D_1D] = BUS(1, 1, 1, 0, 1, 1),
	[EXTMEM_PROTO_1S_2D_2D] = BUS(1, 2, 2, 0, 1, 1),
	[EXTMEM_PROTO_1S_4D_4D] = BUS(1, 4, 4, 0, 1, 1),
	[EXTMEM_PROTO_4S_4D_4D] = BUS(4, 4, 4, 0, 1, 1),
	[EXTMEM_PROTO_1S_1S_8S] = BUS(1, 1, 8, 0, 0, 0),
	[EXTMEM_PROTO_1S_8S_8S] = BUS(1, 8, 8, 0, 0, 0),
	[EXTMEM_PROTO_8S_8S_8S] = BUS(8, 8, 8, 0, 0, 0),
	[EXTMEM_PROTO_1S_8D_8D] = BUS(1, 8, 8, 0, 1, 1),
	[EXTMEM_PROTO_8D_8D_8D] = BUS(8, 8, 8, 1, 1, 1),
};
/* clang-format on */

struct nor_bus extmem_nor_bus_of(enum extmem_protocol p)
{
	unsigned v = bus_table[(unsigned)p < EXTMEM_PROTO_COUNT ? p : EXTMEM_PROTO_1S_1S_1S];
	return (struct nor_bus){(uint8_t)(v & 15u),  (uint8_t)(v >> 4 & 15u), (uint8_t)(v >> 8 & 15u),
				(v >> 12 & 1u) != 0, (v >> 13 & 1u) != 0,     (v >> 14 & 1u) != 0};
}

static const struct extmem_xspi_ops *ops(const struct nor *n)
{
	(void)n;
	return NOR_OPS(n);
}

/* Second byte of a command in octal modes. */
static uint8_t octal_ext(const struct nor *n, uint8_t opcode)
{
	return n->d->sfdp.bfpt.octal_ext == EXTMEM_SFDP_OCTAL_EXT_SAME ? opcode : (uint8_t)~opcode;
}

/*
 * Every field set one by one: a zeroing memset per transfer (newlib's, in
 * the loaders) cost more than the rest of the build. The size check makes a
 * field added to the descriptor fail here until it is set below too.
 */
_Static_assert(sizeof(struct extmem_xspi_op) == (sizeof(void *) == 8 ? 64u : 44u),
	       "a new extmem_xspi_op field: set it in extmem_nor_build_op");

void extmem_nor_build_op(const struct nor *n, enum extmem_protocol p, uint8_t opcode, const struct nor_xfer_args *a,
			 struct extmem_xspi_op *op)
{
	const struct nor_bus b = extmem_nor_bus_of(p);
	const struct extmem_xspi_phase none = {0, false};
	bool data = a->dir != EXTMEM_XSPI_DATA_NONE;
	op->cmd.bus = (struct extmem_xspi_phase){b.cmd, b.cmd_dtr};
	if (NOR_WIDTH_ON(8) && b.cmd == 8) {
		op->cmd.nbytes = 2;
		op->cmd.opcode = (uint16_t)(opcode << 8 | octal_ext(n, opcode));
	} else {
		op->cmd.nbytes = 1;
		op->cmd.opcode = opcode;
	}
	op->addr.bus = a->addr_bytes > 0 ? (struct extmem_xspi_phase){b.addr, b.addr_dtr} : none;
	op->addr.nbytes = a->addr_bytes;
	op->addr.value = a->addr_bytes > 0 ? a->addr : 0u;
	op->alt.bus = a->mode_bytes > 0 ? (struct extmem_xspi_phase){b.addr, b.addr_dtr} : none;
	op->alt.nbytes = a->mode_bytes;
	op->alt.value = a->mode_bytes > 0 ? 0xFFFFFFFFu : 0u;
	op->dummy_cycles = a->dummy;
	op->data.bus = data ? (struct extmem_xspi_phase){b.data, b.data_dtr} : none;
	op->data.dir = (enum extmem_xspi_dir)a->dir;
	op->data.len = data ? a->len : 0u;
	op->data.buf.in = data ? a->buf : NULL;
	op->dqs = data && b.data_dtr && a->dir == EXTMEM_XSPI_DATA_IN && n->cfg->link.dqs_wired;
	op->addr_map = EXTMEM_XSPI_ADDR_LINEAR;
}

int extmem_nor_xfer(const struct nor *n, enum extmem_protocol p, uint8_t opcode, const struct nor_xfer_args *a)
{
	struct extmem_xspi_op op;
	extmem_nor_build_op(n, p, opcode, a, &op);
	return ops(n)->execute(n->cfg->link.ctx, &op);
}

int extmem_nor_cmd(const struct nor *n, uint8_t opcode)
{
	struct nor_xfer_args a;
	a.addr_bytes = a.mode_bytes = a.dummy = 0;
	a.addr = a.len = 0;
	a.dir = EXTMEM_XSPI_DATA_NONE;
	a.buf = NULL;
	return extmem_nor_xfer(n, n->d->cmd_proto, opcode, &a);
}

bool extmem_nor_octal_cmds(const struct nor *n)
{
	return NOR_WIDTH_ON(8) && extmem_nor_bus_of(n->d->cmd_proto).cmd == 8;
}

/*
 * Arguments of a one-byte register transfer in the command protocol. Octal
 * modes address registers with 4 bytes and reads add the status latency;
 * DTR moves bytes in pairs, so the register byte travels twice.
 */
static struct nor_xfer_args reg_args(const struct nor *n, enum extmem_xspi_dir dir, uint8_t *buf, bool addressed,
				     uint32_t addr)
{
	struct nor_xfer_args a;
	const struct nor_bus b = extmem_nor_bus_of(n->d->cmd_proto);
	bool read = dir == EXTMEM_XSPI_DATA_IN;
	a.dir = (uint8_t)dir;
	a.buf = buf;
	a.mode_bytes = 0;
	if (b.cmd == 8 && NOR_WIDTH_ON(8)) {
		a.addr_bytes = read ? n->d->status_addr_bytes : 4;
		a.addr = addr;
		a.dummy = read ? n->d->status_dummy : 0;
		a.len = b.data_dtr ? 2 : 1;
	} else {
		a.addr_bytes = addressed ? 4 : 0; /* no latency in 1S (Macronix RDCR2) */
		a.addr = addressed ? addr : 0;
		a.dummy = 0;
		a.len = 1;
	}
	return a;
}

/*
 * The descriptor of a one-byte register transfer: one builder for the reads
 * and the SCCR/QE writes of the SFDP driver. A pinned build writes few or
 * no registers: there each caller keeps its own copy, with its direction a
 * constant.
 */
#ifdef EXTMEM_NOR_PINNED_PART
#define NOR_REG_OP_INLINE __attribute__((always_inline)) inline
#else
#define NOR_REG_OP_INLINE __attribute__((noinline))
#endif
static NOR_REG_OP_INLINE void build_reg_op(const struct nor *n, uint8_t opcode, enum extmem_xspi_dir dir,
					   bool addressed, uint32_t addr, uint8_t *buf, struct extmem_xspi_op *op)
{
	const struct nor_xfer_args a = reg_args(n, dir, buf, addressed, addr);
	extmem_nor_build_op(n, n->d->cmd_proto, opcode, &a, op);
}

void extmem_nor_build_reg_read(const struct nor *n, uint8_t opcode, bool addressed, uint32_t addr, uint8_t *buf,
			       struct extmem_xspi_op *op)
{
	build_reg_op(n, opcode, EXTMEM_XSPI_DATA_IN, addressed, addr, buf, op);
}

int extmem_nor_run_reg_read(const struct nor *n, const struct extmem_xspi_op *op, uint8_t *buf, uint8_t *val)
{
	buf[0] = buf[1] = 0xFF;
	int err = ops(n)->execute(n->cfg->link.ctx, op);
	*val = buf[0];
	return err;
}

int extmem_nor_read_reg(const struct nor *n, uint8_t opcode, bool addressed, uint32_t addr, uint8_t *val)
{
	uint8_t buf[2];
	struct extmem_xspi_op op;
	extmem_nor_build_reg_read(n, opcode, addressed, addr, buf, &op);
	return extmem_nor_run_reg_read(n, &op, buf, val);
}

int extmem_nor_write_reg(const struct nor *n, uint8_t opcode, bool addressed, uint32_t addr, uint8_t val)
{
	uint8_t buf[2] = {val, val};
	struct extmem_xspi_op op;
	build_reg_op(n, opcode, EXTMEM_XSPI_DATA_OUT, addressed, addr, buf, &op);
	return ops(n)->execute(n->cfg->link.ctx, &op);
}

int extmem_nor_read_1s_op(const struct nor *n, uint8_t opcode, uint8_t addr_bytes, uint32_t addr, uint8_t dummy,
			  void *buf, uint32_t len)
{
	const struct nor_xfer_args a = {.addr_bytes = addr_bytes,
					.addr = addr,
					.dummy = dummy,
					.dir = EXTMEM_XSPI_DATA_IN,
					.buf = buf,
					.len = len};
	return extmem_nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, opcode, &a);
}

uint32_t extmem_nor_now_us(const struct nor *n)
{
	return ops(n)->time_us(n->cfg->link.ctx);
}

void extmem_nor_delay_us(const struct nor *n, uint32_t us)
{
	uint32_t start = extmem_nor_now_us(n);
	while (extmem_nor_now_us(n) - start < us) {
	}
}

/*
 * A program or erase failed with error bits in status register 1: clear them
 * (CLSR / CLPEF; S25FL-S: E_ERR/P_ERR hold WIP at 1 until then and the part
 * ignores everything else) and WEL (04h). EXTMEM_ERR_DEVICE.
 */
int extmem_nor_clear_failure(const struct nor *n)
{
	(void)extmem_nor_cmd(n, n->d->sr_clear_op);
	(void)extmem_nor_cmd(n, 0x04);
	return EXTMEM_ERR_DEVICE;
}

/*
 * Waits until the part is ready, through the port's auto-poll when it has
 * one. The bound is checked after each read, so a ready part is never a
 * timeout and a stuck one is at most one read late. A status that stays
 * 0xFF is the floating bus of an absent part, not a busy one. Parts that
 * stay busy after a failure (Spansion: WIP with P_ERR/E_ERR) end the wait
 * with EXTMEM_ERR_DEVICE.
 */
/* Only the checks after a program or erase read the last status (nor_array.c): a read-only build keeps none. */
#if EXTMEM_NOR_READ_ONLY
#define KEEP_POLL_LAST(d, v) ((void)(d), (void)(v))
#else
#define KEEP_POLL_LAST(d, v) ((d)->poll_last = (uint8_t)(v))
#endif

int extmem_nor_wait_ready(const struct nor *n, uint32_t timeout_us)
{
	const struct extmem_nor_sfdp_data *d = n->d;
	bool fsr = NOR_FLAG_STATUS(d);
	uint8_t opcode = fsr ? 0x70 : 0x05;
	uint8_t ready_mask = fsr ? NOR_FSR_READY : NOR_SR_WIP;
	uint8_t ready_match = fsr ? NOR_FSR_READY : 0;
	uint8_t err_mask = fsr ? 0 : NOR_SR_ERR_MASK(d);
	uint32_t last = 0;
	int err;
	/* One status read descriptor for the whole wait: the port's poll repeats it, or the loop below runs it. */
	uint8_t buf[2];
	struct extmem_xspi_op op;
	extmem_nor_build_reg_read(n, opcode, false, 0, buf, &op);
	if (ops(n)->auto_poll != NULL) {
		/*
		 * Only the first byte: in DTR the second repeats it. Where error bits
		 * hold WIP (SEMPER, S25FL-S) the poll runs in slices (1/64 of the
		 * bound, at least 1 ms) and the last status is checked for them after
		 * each: a failure ends the wait within a slice, not after the bound.
		 */
		uint32_t slice = timeout_us / 64u < NOR_POLL_SLICE_US ? NOR_POLL_SLICE_US : timeout_us / 64u;
		/* Reading the timer costs time too: only the sliced wait reads it. */
		uint32_t start = err_mask != 0 ? extmem_nor_now_us(n) : 0;
		if (err_mask == 0)
			slice = timeout_us;
		for (;;) {
			uint32_t spent = err_mask != 0 ? extmem_nor_now_us(n) - start : 0;
			uint32_t left = spent >= timeout_us ? 0 : timeout_us - spent;
			const struct extmem_xspi_poll poll = {
				.mask = ready_mask, .match = ready_match, .timeout_us = left < slice ? left : slice};
			err = ops(n)->auto_poll(n->cfg->link.ctx, &op, &poll, &last);
			if (err != EXTMEM_ERR_TIMEOUT || err_mask == 0)
				break;
			if ((last & 0xFFu) != 0xFFu && (last & err_mask) != 0)
				return extmem_nor_clear_failure(n);
			if (left <= slice)
				break;
		}
	} else {
		uint32_t start = extmem_nor_now_us(n);
		for (;;) {
			uint8_t sr;
			if ((err = extmem_nor_run_reg_read(n, &op, buf, &sr)) != EXTMEM_OK)
				return err;
			last = sr;
			if (sr != 0xFF && (sr & err_mask) != 0)
				return extmem_nor_clear_failure(n);
			if ((sr & ready_mask) == ready_match) {
				KEEP_POLL_LAST(n->d, sr); /* the result checks read their flags from it */
				return EXTMEM_OK;
			}
			if (extmem_nor_now_us(n) - start >= timeout_us) {
				err = EXTMEM_ERR_TIMEOUT;
				break;
			}
		}
	}
	KEEP_POLL_LAST(n->d, last);
	if (err == EXTMEM_ERR_TIMEOUT && (last & 0xFFu) == 0xFFu)
		return EXTMEM_ERR_NO_DEVICE;
	return err;
}

/*
 * Write enable, checked: a part that does not set WEL will not program. A
 * part still busy (a previous operation, or stuck) is waited for first, up
 * to the bound of the operation about to start.
 */
int extmem_nor_write_enable(const struct nor *n, uint32_t timeout_us)
{
	int err = extmem_nor_wait_ready(n, timeout_us);
	if (err == EXTMEM_OK)
		err = extmem_nor_cmd(n, 0x06);
	if (err != EXTMEM_OK)
		return err;
	uint8_t sr;
	if ((err = extmem_nor_read_reg(n, 0x05, false, 0, &sr)) != EXTMEM_OK)
		return err;
	if (sr == 0xFF)
		return EXTMEM_ERR_NO_DEVICE;
	return (sr & NOR_SR_WEL) ? EXTMEM_OK : EXTMEM_ERR_DEVICE;
}

int extmem_nor_read_array(const struct nor *n, uint32_t addr, void *buf, uint32_t len)
{
	const struct extmem_nor_sfdp_data *d = n->d;
	const struct nor_xfer_args a = {.addr_bytes = d->addr_bytes,
					.addr = addr,
					.mode_bytes = d->read_mode_bytes,
					.dummy = d->read_dummy,
					.dir = EXTMEM_XSPI_DATA_IN,
					.buf = buf,
					.len = len};
	return extmem_nor_xfer(n, d->read_proto, (uint8_t)(d->read_opcode & 0xFF), &a);
}

int extmem_nor_set_clock(struct nor *n, uint32_t hz)
{
	if (ops(n)->set_clock == NULL) {
		n->d->clock_hz = hz;
		return EXTMEM_OK;
	}
	return ops(n)->set_clock(n->cfg->link.ctx, hz, &n->d->clock_hz);
}

/*
 * The soft resets (66h, 99h), widest protocol first; in the octal ones both
 * command extensions, as before SFDP is read the dialect is unknown: the
 * inverted form, then the repeated one. One flat table, one loop. Only the
 * protocols of the widths planned (EXTMEM_NOR_WIDTHS): a part is in one of
 * those, or in 1S-1S-1S, unless other code than this driver's switched it.
 */
/*
 * What the link must carry for a protocol, as one number: 2 * lines + DTR.
 * A link carries an entry when its own 2 * data_lines + dtr_capable is not
 * smaller (lines are 1, 2, 4 or 8, and only 8-line entries need DTR).
 */
#define RESET_NEED(lines, dtr) (2u * (lines) + (dtr))
static const struct {
	uint8_t proto, ext, need;
} resets[] = {
#if NOR_WIDTH_ON(8)
	{EXTMEM_PROTO_8D_8D_8D, EXTMEM_SFDP_OCTAL_EXT_INVERT, RESET_NEED(8, 1)},
	{EXTMEM_PROTO_8D_8D_8D, EXTMEM_SFDP_OCTAL_EXT_SAME, RESET_NEED(8, 1)},
	{EXTMEM_PROTO_8S_8S_8S, EXTMEM_SFDP_OCTAL_EXT_INVERT, RESET_NEED(8, 0)},
	{EXTMEM_PROTO_8S_8S_8S, EXTMEM_SFDP_OCTAL_EXT_SAME, RESET_NEED(8, 0)},
#endif
#if NOR_WIDTH_ON(4)
	{EXTMEM_PROTO_4S_4S_4S, EXTMEM_SFDP_OCTAL_EXT_INVERT, RESET_NEED(4, 0)},
#endif
	{EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_OCTAL_EXT_INVERT, RESET_NEED(1, 0)},
};

/*
 * Brings the part back to 1S-1S-1S from whatever a previous boot left: the
 * continuous-read exit (FFh) and a soft reset (66h, 99h) in every protocol
 * the link can carry, widest first, so a part already reset sees the later,
 * narrower frames as too short to be commands. A part caught mid-erase has
 * it aborted by the reset (its status cannot be read before its protocol is
 * known). One wait of tRST follows the last pair, not one per pair: the
 * pair that resets the part starts its recovery, and the later pairs reach
 * a part that ignores every command until it ends (Macronix tREADY2: "will
 * not accept any command"), or that was reset again by the last. Then the
 * part is polled up to its worst-case recovery time: one that is ready
 * answers at once, so a normal boot stays fast.
 */
int extmem_nor_recover(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	/* First the continuous-read exit: such a part takes anything else as an address. */
	d->cmd_proto = EXTMEM_PROTO_1S_1S_1S;
	int err = extmem_nor_cmd(n, 0xFF);
	uint8_t keep = d->sfdp.bfpt.octal_ext;
	unsigned carries = RESET_NEED(n->cfg->link.data_lines, n->cfg->link.dtr_capable);
	/*
	 * The table needs less and less: from the first entry the link carries it
	 * carries all, down to 1S-1S-1S, which every link the inits accept carries.
	 */
	const size_t count = sizeof(resets) / sizeof(resets[0]);
	size_t i = 0;
	while (i + 1u < count && resets[i].need > carries)
		i++;
	for (; i < count && err == EXTMEM_OK; i++) {
		d->cmd_proto = (enum extmem_protocol)resets[i].proto;
		d->sfdp.bfpt.octal_ext = resets[i].ext;
		err = extmem_nor_cmd(n, 0x66);
		if (err == EXTMEM_OK)
			err = extmem_nor_cmd(n, 0x99);
	}
	d->sfdp.bfpt.octal_ext = keep;
	d->cmd_proto = EXTMEM_PROTO_1S_1S_1S;
	/*
	 * The reset polls 05h itself; a read-only build waits for ready only after
	 * a candidate's apply() has set what to poll, so only the full one clears it.
	 */
	if (!EXTMEM_NOR_READ_ONLY)
		d->flag_status = false;
	if (err != EXTMEM_OK)
		return err;
	/*
	 * A part in reset recovery leaves the bus floating (FFh) or busy: poll
	 * at a modest rate up to the worst case, so an absent part costs a few
	 * thousand reads, not a busy loop. The first wait is tRST, after the
	 * last pair.
	 */
	uint32_t bound = n->cfg->reset_max_us ? n->cfg->reset_max_us : NOR_RESET_MAX_US;
	uint32_t start = extmem_nor_now_us(n), wait = NOR_RESET_US;
	uint8_t sr = 0xFF;
	for (;;) {
		extmem_nor_delay_us(n, wait);
		if ((err = extmem_nor_read_reg(n, 0x05, false, 0, &sr)) != EXTMEM_OK)
			return err;
		if (sr != 0xFF && !(sr & NOR_SR_WIP))
			return EXTMEM_OK;
		/*
		 * A part that answers busy past the reset bound has no reset that
		 * aborts its operation (S25FL-S): wait the operation out, up to
		 * the longest block erase we know of, polling less often.
		 */
		uint32_t waited = extmem_nor_now_us(n) - start;
		if (waited >= (sr != 0xFF ? NOR_BUSY_AT_RESET_MAX_US : bound))
			break;
		wait = waited >= bound ? NOR_BUSY_AT_RESET_POLL_US : NOR_RESET_POLL_US;
	}
	if (sr != 0xFF)
		return EXTMEM_ERR_TIMEOUT;
	/* Status all ones: a part whose status really is FFh still answers its ID. */
	uint8_t id[3];
	err = extmem_nor_read_id(n, id);
	return err != EXTMEM_OK ? err : EXTMEM_ERR_TIMEOUT;
}

int extmem_nor_read_id(const struct nor *n, uint8_t *id)
{
	int err = extmem_nor_read_1s_op(n, 0x9F, 0, 0, 0, id, 3);
	if (err == EXTMEM_OK && (id[0] & id[1] & id[2]) == 0xFF)
		err = EXTMEM_ERR_NO_DEVICE;
	return err;
}

uint32_t extmem_nor_discovery_hz(const struct nor *n)
{
	return n->cfg->discovery_hz ? n->cfg->discovery_hz : NOR_DISCOVERY_HZ;
}

int extmem_nor_recover_1s(struct nor *n)
{
	int err = extmem_nor_set_clock(n, extmem_nor_discovery_hz(n));
	return err != EXTMEM_OK ? err : extmem_nor_recover(n);
}
