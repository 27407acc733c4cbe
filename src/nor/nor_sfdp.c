/* SPDX-License-Identifier: MIT */
/*
 * The NOR SFDP driver: discovery, protocol choice and entry, and the array
 * operations. Every bus transfer is one struct extmem_xspi_op built by
 * nor_xfer(); nothing here knows a register of any controller.
 */
#include <string.h>

#include "extmem/nor_sfdp.h"

#define NOR_DISCOVERY_HZ  25000000u
#define NOR_SDR_MAX_HZ    100000000u
#define NOR_RESET_US      100u /* after 99h: the slowest parts' tRST from idle */
#define NOR_RESET_BUSY_US 300000u
#define NOR_WRSR_US       200000u /* non-volatile register writes */
#define NOR_SR_WIP        0x01u
#define NOR_SR_WEL        0x02u
#define NOR_SR_BP         0x3Cu /* BP0..BP3 on every family this driver knows */
#define NOR_FSR_READY     0x80u
#define NOR_FSR_ERASE_ERR 0x20u
#define NOR_FSR_PROG_ERR  0x10u
#define NOR_FSR_PROT_ERR  0x02u
#define NOR_MFR_SST       0xBFu

/* Lines and edges of each phase of a protocol. */
struct nor_bus {
	uint8_t cmd, addr, data;
	bool cmd_dtr, addr_dtr, data_dtr;
};

static struct nor_bus bus_of(enum extmem_protocol p)
{
	switch (p) {
	case EXTMEM_PROTO_1S_1S_2S: return (struct nor_bus){1, 1, 2, false, false, false};
	case EXTMEM_PROTO_1S_2S_2S: return (struct nor_bus){1, 2, 2, false, false, false};
	case EXTMEM_PROTO_2S_2S_2S: return (struct nor_bus){2, 2, 2, false, false, false};
	case EXTMEM_PROTO_1S_1S_4S: return (struct nor_bus){1, 1, 4, false, false, false};
	case EXTMEM_PROTO_1S_4S_4S: return (struct nor_bus){1, 4, 4, false, false, false};
	case EXTMEM_PROTO_4S_4S_4S: return (struct nor_bus){4, 4, 4, false, false, false};
	case EXTMEM_PROTO_1S_1D_1D: return (struct nor_bus){1, 1, 1, false, true, true};
	case EXTMEM_PROTO_1S_2D_2D: return (struct nor_bus){1, 2, 2, false, true, true};
	case EXTMEM_PROTO_1S_4D_4D: return (struct nor_bus){1, 4, 4, false, true, true};
	case EXTMEM_PROTO_4S_4D_4D: return (struct nor_bus){4, 4, 4, false, true, true};
	case EXTMEM_PROTO_1S_1S_8S: return (struct nor_bus){1, 1, 8, false, false, false};
	case EXTMEM_PROTO_1S_8S_8S: return (struct nor_bus){1, 8, 8, false, false, false};
	case EXTMEM_PROTO_8S_8S_8S: return (struct nor_bus){8, 8, 8, false, false, false};
	case EXTMEM_PROTO_1S_8D_8D: return (struct nor_bus){1, 8, 8, false, true, true};
	case EXTMEM_PROTO_8D_8D_8D: return (struct nor_bus){8, 8, 8, true, true, true};
	default: return (struct nor_bus){1, 1, 1, false, false, false};
	}
}

/* The driver's working context: configuration and decisions together. */
struct nor {
	const struct extmem_nor_sfdp_config *cfg;
	struct extmem_nor_sfdp_data *d;
};

static const struct extmem_xspi_ops *ops(const struct nor *n)
{
	return n->cfg->link.ops;
}

/* Second byte of a command in octal modes. */
static uint8_t octal_ext(const struct nor *n, uint8_t opcode)
{
	return n->d->sfdp.bfpt.octal_ext == EXTMEM_SFDP_OCTAL_EXT_SAME ? opcode : (uint8_t)~opcode;
}

/* A transfer's address, mode bytes, dummy cycles and data. */
struct nor_xfer_args {
	uint8_t addr_bytes;
	uint32_t addr;
	uint8_t mode_bytes;
	uint8_t dummy;
	enum extmem_xspi_dir dir;
	void *buf;
	uint32_t len;
};

static void build_op(const struct nor *n, enum extmem_protocol p, uint8_t opcode, const struct nor_xfer_args *a,
		     struct extmem_xspi_op *op)
{
	struct nor_bus b = bus_of(p);
	memset(op, 0, sizeof(*op));
	op->cmd.bus = (struct extmem_xspi_phase){b.cmd, b.cmd_dtr};
	if (b.cmd == 8) {
		op->cmd.nbytes = 2;
		op->cmd.opcode = (uint16_t)(opcode << 8 | octal_ext(n, opcode));
	} else {
		op->cmd.nbytes = 1;
		op->cmd.opcode = opcode;
	}
	if (a->addr_bytes > 0) {
		op->addr.bus = (struct extmem_xspi_phase){b.addr, b.addr_dtr};
		op->addr.nbytes = a->addr_bytes;
		op->addr.value = a->addr;
	}
	if (a->mode_bytes > 0) {
		op->alt.bus = (struct extmem_xspi_phase){b.addr, b.addr_dtr};
		op->alt.nbytes = a->mode_bytes;
		op->alt.value = 0xFFFFFFFFu;
	}
	op->dummy_cycles = a->dummy;
	if (a->dir != EXTMEM_XSPI_DATA_NONE) {
		op->data.bus = (struct extmem_xspi_phase){b.data, b.data_dtr};
		op->data.dir = a->dir;
		op->data.len = a->len;
		op->data.buf.in = a->buf;
		op->dqs = b.data_dtr && a->dir == EXTMEM_XSPI_DATA_IN && n->cfg->link.dqs_wired;
	}
}

static int nor_xfer(const struct nor *n, enum extmem_protocol p, uint8_t opcode, const struct nor_xfer_args *a)
{
	struct extmem_xspi_op op;
	build_op(n, p, opcode, a, &op);
	return ops(n)->execute(n->cfg->link.ctx, &op);
}

/* A command with no address and no data, in the command protocol. */
static int nor_cmd(const struct nor *n, uint8_t opcode)
{
	const struct nor_xfer_args a = {0};
	return nor_xfer(n, n->d->cmd_proto, opcode, &a);
}

static bool octal_cmds(const struct nor *n)
{
	return bus_of(n->d->cmd_proto).cmd == 8;
}

/*
 * Arguments of a one-byte register transfer in the command protocol. Octal
 * modes address registers with 4 bytes and reads add the status latency;
 * DTR moves bytes in pairs, so the register byte travels twice.
 */
static struct nor_xfer_args reg_args(const struct nor *n, enum extmem_xspi_dir dir, uint8_t *buf, uint32_t addr)
{
	struct nor_xfer_args a = {.dir = dir, .buf = buf, .len = 1};
	if (octal_cmds(n)) {
		bool read = dir == EXTMEM_XSPI_DATA_IN;
		a.addr_bytes = read ? n->d->status_addr_bytes : 4;
		a.addr = addr;
		a.dummy = read ? n->d->status_dummy : 0;
		if (bus_of(n->d->cmd_proto).data_dtr)
			a.len = 2;
	}
	return a;
}

static int nor_read_reg(const struct nor *n, uint8_t opcode, uint32_t addr, uint8_t *val)
{
	uint8_t buf[2] = {0xFF, 0xFF};
	const struct nor_xfer_args a = reg_args(n, EXTMEM_XSPI_DATA_IN, buf, addr);
	int err = nor_xfer(n, n->d->cmd_proto, opcode, &a);
	*val = buf[0];
	return err;
}

static int nor_write_reg(const struct nor *n, uint8_t opcode, uint32_t addr, uint8_t val)
{
	uint8_t buf[2] = {val, val};
	const struct nor_xfer_args a = reg_args(n, EXTMEM_XSPI_DATA_OUT, buf, addr);
	return nor_xfer(n, n->d->cmd_proto, opcode, &a);
}

static int nor_read_sr(const struct nor *n, uint8_t *sr)
{
	return nor_read_reg(n, n->d->flag_status ? 0x70 : 0x05, 0, sr);
}

/* Microsecond time from the port; differences survive the 2^32 wrap. */
static uint32_t now_us(const struct nor *n)
{
	return ops(n)->time_us(n->cfg->link.ctx);
}

static void delay_us(const struct nor *n, uint32_t us)
{
	uint32_t start = now_us(n);
	while (now_us(n) - start < us) {
	}
}

/*
 * Waits until the part is ready, through the port's auto-poll when it has
 * one. The bound is checked after each read, so a ready part is never a
 * timeout and a stuck one is at most one read late. A status that stays
 * 0xFF is the floating bus of an absent part, not a busy one.
 */
static int nor_wait_ready(const struct nor *n, uint32_t timeout_us)
{
	uint8_t ready_mask = n->d->flag_status ? NOR_FSR_READY : NOR_SR_WIP;
	uint8_t ready_match = n->d->flag_status ? NOR_FSR_READY : 0;
	uint32_t last = 0;
	int err;
	if (ops(n)->auto_poll != NULL) {
		uint8_t buf[2];
		const struct nor_xfer_args a = reg_args(n, EXTMEM_XSPI_DATA_IN, buf, 0);
		struct extmem_xspi_op op;
		build_op(n, n->d->cmd_proto, n->d->flag_status ? 0x70 : 0x05, &a, &op);
		/* Only the first byte: in DTR the second repeats it. */
		const struct extmem_xspi_poll poll = {
			.mask = ready_mask, .match = ready_match, .timeout_us = timeout_us};
		err = ops(n)->auto_poll(n->cfg->link.ctx, &op, &poll, &last);
	} else {
		uint32_t start = now_us(n);
		for (;;) {
			uint8_t sr;
			if ((err = nor_read_sr(n, &sr)) != EXTMEM_OK)
				return err;
			last = sr;
			if ((sr & ready_mask) == ready_match)
				return EXTMEM_OK;
			if (now_us(n) - start >= timeout_us) {
				err = EXTMEM_ERR_TIMEOUT;
				break;
			}
		}
	}
	if (err == EXTMEM_ERR_TIMEOUT && (last & 0xFFu) == 0xFFu)
		return EXTMEM_ERR_NO_DEVICE;
	return err;
}

/*
 * Write enable, checked: a part that does not set WEL will not program. A
 * part still busy (a previous operation, or stuck) is waited for first, up
 * to the bound of the operation about to start.
 */
static int nor_write_enable(const struct nor *n, uint32_t timeout_us)
{
	int err = nor_wait_ready(n, timeout_us);
	if (err == EXTMEM_OK)
		err = nor_cmd(n, 0x06);
	if (err != EXTMEM_OK)
		return err;
	uint8_t sr;
	if ((err = nor_read_reg(n, 0x05, 0, &sr)) != EXTMEM_OK)
		return err;
	if (sr == 0xFF)
		return EXTMEM_ERR_NO_DEVICE;
	return (sr & NOR_SR_WEL) ? EXTMEM_OK : EXTMEM_ERR_DEVICE;
}

/*
 * The address of an SCCR register: the tables give the byte above the low
 * one (Macronix CR2 at 0x300 is "03h", as the parts' own tables show).
 */
static uint32_t sccr_addr(const struct extmem_sfdp_sccr_bit *b)
{
	return (uint32_t)b->addr << 8;
}

/*
 * After a program or erase: the part's own failure flags. Flag-status parts
 * report (and must have cleared) them in FSR; parts with an SCCR table say
 * where their program/erase error bits live.
 */
static int nor_check_result(const struct nor *n, bool erase)
{
	/*
	 * Every part clears WEL when a program or erase completes: WEL still
	 * set means the command was not taken (wrong address width, garbage).
	 */
	uint8_t sr;
	int err = nor_read_reg(n, 0x05, 0, &sr);
	if (err != EXTMEM_OK)
		return err;
	if (sr & NOR_SR_WEL) {
		(void)nor_cmd(n, 0x04);
		return EXTMEM_ERR_DEVICE;
	}
	if (n->d->flag_status) {
		uint8_t fsr;
		err = nor_read_reg(n, 0x70, 0, &fsr);
		if (err != EXTMEM_OK)
			return err;
		if (fsr & (NOR_FSR_ERASE_ERR | NOR_FSR_PROG_ERR | NOR_FSR_PROT_ERR)) {
			(void)nor_cmd(n, 0x50);
			return (fsr & NOR_FSR_PROT_ERR) ? EXTMEM_ERR_WRITE_PROTECTED : EXTMEM_ERR_DEVICE;
		}
		return EXTMEM_OK;
	}
	const struct extmem_sfdp *s = &n->d->sfdp;
	const struct extmem_sfdp_sccr_bit *b =
		&s->sccr.bit[erase ? EXTMEM_SFDP_SCCR_ERASE_ERROR : EXTMEM_SFDP_SCCR_PROGRAM_ERROR];
	if (!(s->has & EXTMEM_SFDP_HAS_SCCR) || !b->present || b->read_op == 0)
		return EXTMEM_OK;
	uint8_t v;
	err = nor_read_reg(n, b->read_op, b->addressed ? sccr_addr(b) : 0, &v);
	if (err != EXTMEM_OK)
		return err;
	bool set = (v >> b->bit) & 1u;
	return set == b->active_high ? EXTMEM_ERR_DEVICE : EXTMEM_OK;
}

/* ---- discovery ---------------------------------------------------------- */

static bool link_has(const struct nor *n, enum extmem_protocol p)
{
	struct nor_bus b = bus_of(p);
	uint8_t widest = b.data > b.addr ? b.data : b.addr;
	if (widest > n->cfg->link.data_lines)
		return false;
	return !(b.cmd_dtr || b.addr_dtr || b.data_dtr) || n->cfg->link.dtr_capable;
}

/*
 * Brings the part back to 1S-1S-1S from whatever a previous boot left: the
 * continuous-read exit (FFh) and a soft reset (66h, 99h) in every protocol
 * the link can carry, widest first, so a part already reset sees the later,
 * narrower frames as too short to be commands. A part caught mid-erase has
 * it aborted by the reset (its status cannot be read before its protocol is
 * known); the wait afterwards covers the part's reset recovery.
 */
static int nor_recover(struct nor *n)
{
	static const enum extmem_protocol order[] = {EXTMEM_PROTO_8D_8D_8D, EXTMEM_PROTO_8S_8S_8S,
						     EXTMEM_PROTO_4S_4S_4S, EXTMEM_PROTO_1S_1S_1S};
	/* First the continuous-read exit: such a part takes anything else as an address. */
	n->d->cmd_proto = EXTMEM_PROTO_1S_1S_1S;
	int first = nor_cmd(n, 0xFF);
	if (first != EXTMEM_OK)
		return first;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (!link_has(n, order[i]))
			continue;
		n->d->cmd_proto = order[i];
		int err = nor_cmd(n, 0x66);
		if (err == EXTMEM_OK)
			err = nor_cmd(n, 0x99);
		/* Octal parts differ in the command extension: send the reset in the "same" form too. */
		uint8_t ext = n->d->sfdp.bfpt.octal_ext;
		if (err == EXTMEM_OK && octal_cmds(n)) {
			n->d->sfdp.bfpt.octal_ext = ext == EXTMEM_SFDP_OCTAL_EXT_SAME ? EXTMEM_SFDP_OCTAL_EXT_INVERT
										      : EXTMEM_SFDP_OCTAL_EXT_SAME;
			err = nor_cmd(n, 0x66);
			if (err == EXTMEM_OK)
				err = nor_cmd(n, 0x99);
			n->d->sfdp.bfpt.octal_ext = ext;
		}
		if (err != EXTMEM_OK)
			return err;
		delay_us(n, NOR_RESET_US);
	}
	n->d->cmd_proto = EXTMEM_PROTO_1S_1S_1S;
	n->d->flag_status = false;
	/* An empty bus reads all ones: say so now rather than after the busy bound. */
	uint8_t sr, id[3];
	int err = nor_read_sr(n, &sr);
	if (err == EXTMEM_OK && sr == 0xFF) {
		const struct nor_xfer_args a = {.dir = EXTMEM_XSPI_DATA_IN, .buf = id, .len = 3};
		if ((err = nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, 0x9F, &a)) == EXTMEM_OK &&
		    (id[0] & id[1] & id[2]) == 0xFF)
			return EXTMEM_ERR_NO_DEVICE;
	}
	return err != EXTMEM_OK ? err : nor_wait_ready(n, NOR_RESET_BUSY_US);
}

static int nor_read_sfdp(const struct nor *n, uint32_t addr, void *buf, uint32_t len)
{
	const struct nor_xfer_args a = {
		.addr_bytes = 3, .addr = addr, .dummy = 8, .dir = EXTMEM_XSPI_DATA_IN, .buf = buf, .len = len};
	return nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, 0x5A, &a);
}

/* Reads as much SFDP space as the tables need, then parses it. */
static int nor_load_sfdp(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	uint32_t have = 16;
	int err = nor_read_sfdp(n, 0, d->image, have);
	for (int round = 0; err == EXTMEM_OK && round < 4; round++) {
		uint32_t span;
		err = extmem_sfdp_image_span(d->image, have, &span, NULL);
		if (err != EXTMEM_OK)
			return err;
		if (span > EXTMEM_NOR_SFDP_IMAGE_MAX)
			span = EXTMEM_NOR_SFDP_IMAGE_MAX;
		if (span <= have)
			break;
		err = nor_read_sfdp(n, have, d->image + have, span - have);
		have = span;
	}
	if (err != EXTMEM_OK)
		return err;
	d->image_len = have;
	err = extmem_sfdp_parse(d->image, have, &d->sfdp);
	if (err == EXTMEM_OK)
		err = extmem_sfdp_apply_fixups(&d->sfdp, d->jedec_id);
	return err;
}

/* Clamps a timeout from the tables into bounds that catch a dead part. */
static uint32_t clamp_us(uint64_t us, uint32_t lo, uint32_t hi)
{
	return us < lo ? lo : us > hi ? hi : (uint32_t)us;
}

/* Geometry, erase types and timeouts: what does not depend on the protocol. */
static int nor_geometry(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	const struct extmem_sfdp_bfpt *b = &d->sfdp.bfpt;
	if (b->size == 0 || b->page_size == 0 || b->page_size + 2u > EXTMEM_NOR_SFDP_IMAGE_MAX)
		return EXTMEM_ERR_FORMAT;
	d->prog_timeout_us = clamp_us(b->page_prog_max_us ? b->page_prog_max_us : 5000u, 1000u, 100000u);
	uint64_t chip_us = (uint64_t)b->chip_erase_max_ms * 1000u;
	if (chip_us == 0)
		chip_us = (b->size >> 16) * 2000000u; /* 2 s per 64 KiB when the table is silent */
	d->chip_erase_timeout_us = clamp_us(chip_us, 1000000u, 4000000000u);
	/* Erase types, ascending by size; the opcodes are those of the part's tables. */
	d->erase_count = 0;
	for (uint32_t want = 0;;) {
		int best = -1;
		for (int i = 0; i < 4; i++)
			if (b->erase[i].size > want && (best < 0 || b->erase[i].size < b->erase[best].size))
				best = i;
		if (best < 0 || d->erase_count == EXTMEM_MAX_ERASE_TYPES)
			break;
		struct extmem_nor_erase *e = &d->erase[d->erase_count++];
		e->size = b->erase[best].size;
		e->opcode = (uint16_t)(best << 8 | b->erase[best].opcode); /* type index kept for the sector map */
		uint64_t us = (uint64_t)b->erase[best].max_ms * 1000u;
		if (us == 0)
			us = e->size <= 4096u ? 400000u : (uint64_t)(e->size >> 16) * 2000000u + 2000000u;
		e->timeout_us = clamp_us(us, 50000u, 30000000u);
		want = e->size;
	}
	return d->erase_count > 0 ? EXTMEM_OK : EXTMEM_ERR_FORMAT;
}

/* ---- protocols ---------------------------------------------------------- */

struct nor_choice {
	enum extmem_protocol read;
	enum extmem_protocol cmd;
	int sfdp_read; /* enum extmem_sfdp_read, -1 for 1S-1S-1S */
};

/* Fastest first. */
static const struct nor_choice choices[] = {
	{EXTMEM_PROTO_8D_8D_8D, EXTMEM_PROTO_8D_8D_8D, EXTMEM_SFDP_READ_8D_8D_8D},
	{EXTMEM_PROTO_8S_8S_8S, EXTMEM_PROTO_8S_8S_8S, EXTMEM_SFDP_READ_8D_8D_8D},
	{EXTMEM_PROTO_1S_8S_8S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_8_8},
	{EXTMEM_PROTO_1S_1S_8S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_1_8},
	{EXTMEM_PROTO_4S_4S_4S, EXTMEM_PROTO_4S_4S_4S, EXTMEM_SFDP_READ_4_4_4},
	{EXTMEM_PROTO_1S_4S_4S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_4_4},
	{EXTMEM_PROTO_1S_1S_4S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_1_4},
	{EXTMEM_PROTO_1S_2S_2S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_2_2},
	{EXTMEM_PROTO_1S_1S_2S, EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_READ_1_1_2},
	{EXTMEM_PROTO_1S_1S_1S, EXTMEM_PROTO_1S_1S_1S, -1},
};

static bool sfdp_has_read(const struct extmem_sfdp *s, int r)
{
	if (r < 0)
		return true;
	if (r == EXTMEM_SFDP_READ_8D_8D_8D && (s->has & EXTMEM_SFDP_HAS_XSPI) && s->xspi.read_opcode != 0)
		return true;
	/* A BFPT without DWORD 15 does not say how quad is enabled (S25FL-S: CR1 QUAD): no quad then. */
	bool quad = r == EXTMEM_SFDP_READ_1_1_4 || r == EXTMEM_SFDP_READ_1_4_4 || r == EXTMEM_SFDP_READ_4_4_4;
	if (quad && s->bfpt.ndw < 15)
		return false;
	return (s->bfpt.reads >> r) & 1u;
}

/* Writes the register that holds QE per the BFPT quad-enable requirement. */
static int nor_quad_enable(const struct nor *n)
{
	uint8_t qer = n->d->sfdp.bfpt.qer;
	uint8_t sr1, sr2;
	int err = EXTMEM_OK;
	switch (qer) {
	case 0: return EXTMEM_OK; /* no QE bit */
	case 2:                   /* SR1 bit 6, one-byte write */
		if ((err = nor_read_reg(n, 0x05, 0, &sr1)) != EXTMEM_OK)
			return err;
		if (sr1 & 0x40)
			return EXTMEM_OK;
		if ((err = nor_write_enable(n, NOR_WRSR_US)) == EXTMEM_OK) {
			uint8_t v = (uint8_t)(sr1 | 0x40);
			const struct nor_xfer_args a = {.dir = EXTMEM_XSPI_DATA_OUT, .buf = &v, .len = 1};
			err = nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, 0x01, &a);
		}
		break;
	case 3: /* SR2 bit 7, read 3Fh, write 3Eh */
		if ((err = nor_read_reg(n, 0x3F, 0, &sr2)) != EXTMEM_OK)
			return err;
		if (sr2 & 0x80)
			return EXTMEM_OK;
		if ((err = nor_write_enable(n, NOR_WRSR_US)) == EXTMEM_OK) {
			uint8_t v = (uint8_t)(sr2 | 0x80);
			const struct nor_xfer_args a = {.dir = EXTMEM_XSPI_DATA_OUT, .buf = &v, .len = 1};
			err = nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, 0x3E, &a);
		}
		break;
	case 1:
	case 4:
	case 5: /* SR2 bit 1, written with SR1 as two bytes of 01h */
		if ((err = nor_read_reg(n, 0x05, 0, &sr1)) != EXTMEM_OK)
			return err;
		sr2 = 0;
		if (qer != 1 && (err = nor_read_reg(n, 0x35, 0, &sr2)) != EXTMEM_OK)
			return err;
		if (qer != 1 && (sr2 & 0x02))
			return EXTMEM_OK;
		if ((err = nor_write_enable(n, NOR_WRSR_US)) == EXTMEM_OK) {
			uint8_t v[2] = {sr1, (uint8_t)(sr2 | 0x02)};
			const struct nor_xfer_args a = {.dir = EXTMEM_XSPI_DATA_OUT, .buf = v, .len = 2};
			err = nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, 0x01, &a);
		}
		break;
	case 6: /* SR2 bit 1, read 35h, write 31h */
		if ((err = nor_read_reg(n, 0x35, 0, &sr2)) != EXTMEM_OK)
			return err;
		if (sr2 & 0x02)
			return EXTMEM_OK;
		if ((err = nor_write_enable(n, NOR_WRSR_US)) == EXTMEM_OK) {
			uint8_t v = (uint8_t)(sr2 | 0x02);
			const struct nor_xfer_args a = {.dir = EXTMEM_XSPI_DATA_OUT, .buf = &v, .len = 1};
			err = nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, 0x31, &a);
		}
		break;
	default: return EXTMEM_ERR_PROTOCOL; /* reserved value */
	}
	return err != EXTMEM_OK ? err : nor_wait_ready(n, NOR_WRSR_US);
}

/* Sends an FF0A command sequence: opcode, then 4 address bytes when more than 4 follow, then data. */
static int nor_send_sequence(const struct nor *n, const struct extmem_sfdp_oddr_seq *seq)
{
	struct nor_xfer_args a = {0};
	uint8_t data[6];
	uint8_t rest = (uint8_t)(seq->len - 1u);
	uint8_t i = 1;
	if (rest > 4) {
		a.addr_bytes = 4;
		a.addr = (uint32_t)seq->cmd[1] << 24 | (uint32_t)seq->cmd[2] << 16 | (uint32_t)seq->cmd[3] << 8 |
			 seq->cmd[4];
		i = 5;
	}
	if (i < seq->len) {
		a.len = (uint32_t)(seq->len - i);
		memcpy(data, &seq->cmd[i], a.len);
		a.dir = EXTMEM_XSPI_DATA_OUT;
		a.buf = data;
	}
	return nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, seq->cmd[0], &a);
}

/* Writes one bit of an addressed configuration register (SCCR) in 1S-1S-1S. */
static int nor_write_sccr_bit(const struct nor *n, const struct extmem_sfdp_sccr_bit *b)
{
	/* A write opcode is what matters: real tables (MX66UW1G345G) name 72h for bits they flag read-only. */
	if (!b->present || b->write_op == 0)
		return EXTMEM_ERR_PROTOCOL;
	uint8_t v = b->active_high ? (uint8_t)(1u << b->bit) : (uint8_t) ~(1u << b->bit);
	struct nor_xfer_args a = {.dir = EXTMEM_XSPI_DATA_OUT, .buf = &v, .len = 1};
	if (b->addressed) {
		a.addr_bytes = 4;
		a.addr = sccr_addr(b);
	}
	int err = nor_write_enable(n, NOR_WRSR_US);
	return err != EXTMEM_OK ? err : nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, b->write_op, &a);
}

/* Enters the command protocol of a choice from 1S-1S-1S. */
static int nor_enter(struct nor *n, const struct nor_choice *c)
{
	const struct extmem_sfdp *s = &n->d->sfdp;
	int err = EXTMEM_OK;
	switch (c->cmd) {
	case EXTMEM_PROTO_1S_1S_1S:
		if (bus_of(c->read).data == 4)
			err = nor_quad_enable(n);
		return err;
	case EXTMEM_PROTO_4S_4S_4S:
		if (s->bfpt.qpi_enable & 0x01) { /* QE, then 38h */
			err = nor_quad_enable(n);
			return err != EXTMEM_OK ? err : nor_cmd(n, 0x38);
		}
		if (s->bfpt.qpi_enable & 0x02)
			return nor_cmd(n, 0x38);
		if (s->bfpt.qpi_enable & 0x04)
			return nor_cmd(n, 0x35);
		return EXTMEM_ERR_PROTOCOL;
	case EXTMEM_PROTO_8S_8S_8S:
		if (s->bfpt.opi_enable & 0x01) { /* 06h, E8h */
			err = nor_write_enable(n, NOR_WRSR_US);
			return err != EXTMEM_OK ? err : nor_cmd(n, 0xE8);
		}
		if (s->bfpt.opi_enable & 0x02) { /* 06h, 72h at address 0 with data 01h */
			static const struct extmem_sfdp_oddr_seq seq = {6, {0x72, 0, 0, 0, 0, 0x01}};
			err = nor_write_enable(n, NOR_WRSR_US);
			return err != EXTMEM_OK ? err : nor_send_sequence(n, &seq);
		}
		if (s->has & EXTMEM_SFDP_HAS_SCCR)
			return nor_write_sccr_bit(n, &s->sccr.bit[EXTMEM_SFDP_SCCR_OCTAL_VOLATILE]);
		return EXTMEM_ERR_PROTOCOL;
	case EXTMEM_PROTO_8D_8D_8D:
		if (s->has & EXTMEM_SFDP_HAS_ODDR) {
			for (int i = 0; i < EXTMEM_SFDP_MAX_ODDR_SEQ && err == EXTMEM_OK; i++)
				if (s->oddr[i].len > 0)
					err = nor_send_sequence(n, &s->oddr[i]);
			return err;
		}
		if (s->has & EXTMEM_SFDP_HAS_SCCR)
			return nor_write_sccr_bit(n, &s->sccr.bit[EXTMEM_SFDP_SCCR_OCTAL_DTR_VOLATILE]);
		return EXTMEM_ERR_PROTOCOL;
	default: return EXTMEM_ERR_PROTOCOL;
	}
}

/* Opcodes with a 4-byte address from the 4BAIT table, by read protocol. */
static uint8_t read_opcode_4b(const struct extmem_sfdp *s, enum extmem_protocol p)
{
	static const struct {
		enum extmem_protocol p;
		uint32_t bit;
		uint8_t op;
	} t[] = {
		{EXTMEM_PROTO_1S_1S_1S, EXTMEM_SFDP_4BAIT_FREAD_0C, 0x0C},
		{EXTMEM_PROTO_1S_1S_2S, EXTMEM_SFDP_4BAIT_112_3C, 0x3C},
		{EXTMEM_PROTO_1S_2S_2S, EXTMEM_SFDP_4BAIT_122_BC, 0xBC},
		{EXTMEM_PROTO_1S_1S_4S, EXTMEM_SFDP_4BAIT_114_6C, 0x6C},
		{EXTMEM_PROTO_1S_4S_4S, EXTMEM_SFDP_4BAIT_144_EC, 0xEC},
		{EXTMEM_PROTO_4S_4S_4S, EXTMEM_SFDP_4BAIT_144_EC, 0xEC},
	};
	if (!(s->has & EXTMEM_SFDP_HAS_4BAIT))
		return 0;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].p == p && (s->bait.supported & t[i].bit))
			return t[i].op;
	return 0;
}

/*
 * Read opcode, latency and address width of a choice, and the opcodes of
 * program and erase that go with them.
 */
static int nor_plan(struct nor *n, const struct nor_choice *c)
{
	struct extmem_nor_sfdp_data *d = n->d;
	const struct extmem_sfdp *s = &d->sfdp;
	bool big = s->bfpt.size > (1u << 24);
	bool octal = bus_of(c->cmd).cmd == 8;
	d->read_proto = c->read;
	d->prog_proto = c->cmd;
	d->read_mode_bytes = 0;
	d->chip_erase_opcode = 0x60;
	if (octal) {
		/* Octal modes: 4-byte addresses, the 4-byte instruction set. */
		uint8_t dummy = (s->has & EXTMEM_SFDP_HAS_XSPI) && s->xspi.dummy[0] ? s->xspi.dummy[0] : 20;
		d->addr_bytes = 4;
		d->read_opcode = c->cmd == EXTMEM_PROTO_8D_8D_8D && s->xspi.read_opcode ? s->xspi.read_opcode : 0xEC;
		d->read_dummy = dummy;
		d->prog_opcode = 0x12;
		d->status_addr_bytes = (s->has & EXTMEM_SFDP_HAS_XSPI) ? s->xspi.rdsr_addr_bytes : 4;
		d->status_dummy = (s->has & EXTMEM_SFDP_HAS_XSPI) && s->xspi.rdsr_dummy ? s->xspi.rdsr_dummy : 4;
		for (int i = 0; i < d->erase_count; i++) {
			int type = d->erase[i].opcode >> 8;
			uint8_t op4 = s->bfpt.erase[type].opcode_4b;
			if (op4 == 0)
				return EXTMEM_ERR_PROTOCOL;
			d->erase[i].opcode = (uint16_t)(type << 8 | op4);
		}
		return EXTMEM_OK;
	}
	if (c->sfdp_read < 0) {
		d->read_opcode = 0x0B;
		d->read_dummy = 8;
	} else {
		const struct extmem_sfdp_read_mode *r = &s->bfpt.read[c->sfdp_read];
		uint8_t addr_lines = bus_of(c->read).addr;
		uint32_t mode_bits = (uint32_t)r->mode_clocks * addr_lines;
		d->read_opcode = r->opcode;
		d->read_dummy = r->wait_states;
		if (mode_bits % 8u == 0) {
			d->read_mode_bytes = (uint8_t)(mode_bits / 8u);
		} else {
			d->read_dummy = (uint8_t)(d->read_dummy + r->mode_clocks);
		}
	}
	d->prog_opcode = 0x02;
	d->addr_bytes = 3;
	for (int i = 0; i < d->erase_count; i++)
		d->erase[i].opcode =
			(uint16_t)((d->erase[i].opcode & 0xFF00u) | s->bfpt.erase[d->erase[i].opcode >> 8].opcode);
	if (!big)
		return EXTMEM_OK;
	d->addr_bytes = 4;
	if (s->bfpt.addr_bytes == EXTMEM_SFDP_ADDR_4 || (s->bfpt.addr4_enter & EXTMEM_SFDP_4B_ENTER_ALWAYS))
		return EXTMEM_OK;
	uint8_t op4 = read_opcode_4b(s, c->read);
	bool erase_4b = true;
	for (int i = 0; i < d->erase_count; i++)
		erase_4b = erase_4b && s->bfpt.erase[d->erase[i].opcode >> 8].opcode_4b != 0;
	if (op4 != 0 && erase_4b && (s->bait.supported & EXTMEM_SFDP_4BAIT_PP_12)) {
		d->read_opcode = op4;
		d->prog_opcode = 0x12;
		/* Quad data for programs too when the read runs quad and the table lists 34h. */
		if (bus_of(c->read).data == 4 && c->cmd == EXTMEM_PROTO_1S_1S_1S &&
		    (s->bait.supported & EXTMEM_SFDP_4BAIT_PP114_34)) {
			d->prog_opcode = 0x34;
			d->prog_proto = EXTMEM_PROTO_1S_1S_4S;
		}
		for (int i = 0; i < d->erase_count; i++) {
			int type = d->erase[i].opcode >> 8;
			d->erase[i].opcode = (uint16_t)(type << 8 | s->bfpt.erase[type].opcode_4b);
		}
		return EXTMEM_OK;
	}
	if (s->bfpt.addr4_enter & EXTMEM_SFDP_4B_ENTER_B7)
		return nor_cmd(n, 0xB7);
	if (s->bfpt.addr4_enter & EXTMEM_SFDP_4B_ENTER_WREN_B7) {
		int err = nor_write_enable(n, NOR_WRSR_US);
		return err != EXTMEM_OK ? err : nor_cmd(n, 0xB7);
	}
	if (s->bfpt.addr_bytes == EXTMEM_SFDP_ADDR_3_OR_4 && s->bfpt.addr4_enter == 0) {
		/*
		 * A 9-DWORD table says "3 or 4 bytes" but not how. B7h is the entry
		 * of every such part; WREN first covers those that need it (Micron),
		 * WRDI after leaves WEL clear on those that do not. The proof that
		 * follows reads with 4-byte addresses.
		 */
		int err = nor_write_enable(n, NOR_WRSR_US);
		if (err == EXTMEM_OK)
			err = nor_cmd(n, 0xB7);
		return err != EXTMEM_OK ? err : nor_cmd(n, 0x04);
	}
	return EXTMEM_ERR_PROTOCOL;
}

static int nor_read_array(const struct nor *n, uint32_t addr, void *buf, uint32_t len)
{
	const struct extmem_nor_sfdp_data *d = n->d;
	const struct nor_xfer_args a = {.addr_bytes = d->addr_bytes,
					.addr = addr,
					.mode_bytes = d->read_mode_bytes,
					.dummy = d->read_dummy,
					.dir = EXTMEM_XSPI_DATA_IN,
					.buf = buf,
					.len = len};
	struct extmem_xspi_op op;
	build_op(n, d->read_proto, (uint8_t)(d->read_opcode & 0xFF), &a, &op);
	return ops(n)->execute(n->cfg->link.ctx, &op);
}

/*
 * Proves a protocol works: WEL must follow WREN and WRDI (a floating bus
 * reads 0xFF and fails), and the array must read back what 1S-1S-1S read.
 */
static int nor_prove(const struct nor *n, const uint8_t *expect, uint32_t len)
{
	uint8_t sr, buf[16];
	int err = nor_write_enable(n, NOR_WRSR_US);
	if (err == EXTMEM_OK)
		err = nor_cmd(n, 0x04);
	if (err == EXTMEM_OK)
		err = nor_read_reg(n, 0x05, 0, &sr);
	if (err != EXTMEM_OK)
		return err;
	if (sr & (NOR_SR_WEL | NOR_SR_WIP))
		return EXTMEM_ERR_PROTOCOL;
	if ((err = nor_read_array(n, 0, buf, len)) != EXTMEM_OK)
		return err;
	return memcmp(buf, expect, len) == 0 ? EXTMEM_OK : EXTMEM_ERR_PROTOCOL;
}

/*
 * Octal read latency for the clock reached: the xSPI profile lists the dummy
 * cycles needed at 200/166/133/100 MHz and the pattern that selects them,
 * the SCCR where that field lives. With both, a lower clock gets fewer
 * cycles; otherwise the parts' default (the 200 MHz value) stays.
 */
static int nor_tune_dummy(const struct nor *n)
{
	static const uint32_t mhz[4] = {200, 166, 133, 100};
	struct extmem_nor_sfdp_data *d = n->d;
	const struct extmem_sfdp *s = &d->sfdp;
	const struct extmem_sfdp_sccr_bit *b = &s->sccr.bit[EXTMEM_SFDP_SCCR_DUMMY_VOLATILE];
	if (!octal_cmds(n) || !(s->has & EXTMEM_SFDP_HAS_XSPI) || !(s->has & EXTMEM_SFDP_HAS_SCCR) || !b->present ||
	    !b->addressed || b->write_op == 0)
		return EXTMEM_OK;
	int k = -1;
	for (int i = 0; i < 4; i++)
		if (s->xspi.dummy[i] != 0 && d->clock_hz <= mhz[i] * 1000000u &&
		    (k < 0 || s->xspi.dummy[i] < s->xspi.dummy[k]))
			k = i;
	if (k < 0 || s->xspi.dummy[k] >= d->read_dummy)
		return EXTMEM_OK;
	int err = nor_write_enable(n, NOR_WRSR_US);
	if (err == EXTMEM_OK)
		err = nor_write_reg(n, b->write_op, sccr_addr(b), (uint8_t)(s->xspi.dummy_pattern[k] << b->bit));
	if (err == EXTMEM_OK)
		err = nor_wait_ready(n, NOR_WRSR_US);
	if (err == EXTMEM_OK)
		d->read_dummy = s->xspi.dummy[k];
	return err;
}

static uint32_t part_max_hz(const struct extmem_sfdp *s, enum extmem_protocol p, bool dqs)
{
	int idx = p == EXTMEM_PROTO_4S_4S_4S   ? 0
		  : p == EXTMEM_PROTO_4S_4D_4D ? 1
		  : p == EXTMEM_PROTO_8S_8S_8S ? 2
		  : p == EXTMEM_PROTO_8D_8D_8D ? 3
					       : -1;
	if (idx < 0)
		return 0;
	uint16_t mhz = s->bfpt.max_mhz[idx][dqs ? 1 : 0];
	if (mhz == 0 && dqs)
		mhz = s->bfpt.max_mhz[idx][0];
	return (uint32_t)mhz * 1000000u;
}

static int nor_set_clock(struct nor *n, uint32_t hz)
{
	if (ops(n)->set_clock == NULL) {
		n->d->clock_hz = hz;
		return EXTMEM_OK;
	}
	return ops(n)->set_clock(n->cfg->link.ctx, hz, &n->d->clock_hz);
}

/* Tries each protocol the part and the link share, fastest first. */
static int nor_select_protocol(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	uint8_t expect[16];
	int err;
	d->read_proto = EXTMEM_PROTO_1S_1S_1S;
	d->read_opcode = 0x03;
	d->read_dummy = 0;
	d->read_mode_bytes = 0;
	d->addr_bytes = 3;
	if ((err = nor_read_array(n, 0, expect, sizeof(expect))) != EXTMEM_OK)
		return err;
	uint32_t limit = n->cfg->max_hz ? n->cfg->max_hz : n->cfg->link.max_hz;
	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		const struct nor_choice *c = &choices[i];
		if (!link_has(n, c->read) || !sfdp_has_read(&d->sfdp, c->sfdp_read))
			continue;
		err = nor_enter(n, c);
		if (err == EXTMEM_OK) {
			d->cmd_proto = c->cmd;
			d->flag_status = (d->sfdp.bfpt.busy_poll & EXTMEM_SFDP_POLL_FSR) &&
					 !(d->sfdp.bfpt.busy_poll & EXTMEM_SFDP_POLL_SR_WIP);
			err = nor_plan(n, c);
		}
		if (err == EXTMEM_OK) {
			uint32_t hz = part_max_hz(&d->sfdp, c->read, n->cfg->link.dqs_wired);
			if (hz == 0)
				hz = n->cfg->sdr_max_hz ? n->cfg->sdr_max_hz : NOR_SDR_MAX_HZ;
			err = nor_set_clock(n, hz < limit ? hz : limit);
		}
		if (err == EXTMEM_OK)
			err = nor_tune_dummy(n);
		if (err == EXTMEM_OK)
			err = nor_prove(n, expect, sizeof(expect));
		if (err == EXTMEM_OK)
			return EXTMEM_OK;
		if (err == EXTMEM_ERR_TIMEOUT || err == EXTMEM_ERR_NO_DEVICE)
			return err;
		/* Back to a known state, then the next slower protocol. */
		d->fallbacks |= 1u << i;
		if ((err = nor_set_clock(n, n->cfg->discovery_hz ? n->cfg->discovery_hz : NOR_DISCOVERY_HZ)) !=
		    EXTMEM_OK)
			return err;
		if ((err = nor_recover(n)) != EXTMEM_OK)
			return err;
	}
	return EXTMEM_ERR_PROTOCOL;
}

/* Block protection at init: BP bits, or the SST26 block-protection register. */
static int nor_read_protection(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	uint8_t sr;
	int err = nor_read_reg(n, 0x05, 0, &sr);
	if (err != EXTMEM_OK)
		return err;
	/* BP bits of SR1; on QER=2 parts bit 6 is QE, so only bits 2..5 count. */
	d->locked = (sr & NOR_SR_BP) != 0;
	if (d->id[0] == NOR_MFR_SST && d->id[1] == 0x26) {
		uint8_t bpr[18] = {0};
		const struct nor_xfer_args a = {.dir = EXTMEM_XSPI_DATA_IN, .buf = bpr, .len = sizeof(bpr)};
		if ((err = nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, 0x72, &a)) != EXTMEM_OK)
			return err;
		for (size_t i = 0; i < sizeof(bpr); i++)
			d->locked = d->locked || bpr[i] != 0;
	}
	return EXTMEM_OK;
}

static int nor_init(struct extmem_memory *m)
{
	const struct extmem_nor_sfdp_config *cfg = m->config;
	struct extmem_nor_sfdp_data *d = m->data;
	if (cfg == NULL || d == NULL || cfg->link.ops == NULL || cfg->link.ops->execute == NULL ||
	    cfg->link.ops->time_us == NULL)
		return EXTMEM_ERR_INVALID;
	uint8_t lines = cfg->link.data_lines;
	if (lines != 1 && lines != 2 && lines != 4 && lines != 8)
		return EXTMEM_ERR_INVALID;
	memset(d, 0, sizeof(*d));
	struct nor n = {cfg, d};
	d->sfdp.bfpt.octal_ext = EXTMEM_SFDP_OCTAL_EXT_INVERT; /* resets before SFDP is known */
	int err = nor_set_clock(&n, cfg->discovery_hz ? cfg->discovery_hz : NOR_DISCOVERY_HZ);
	if (err == EXTMEM_OK)
		err = nor_recover(&n);
	if (err != EXTMEM_OK)
		return err;
	const struct nor_xfer_args id = {.dir = EXTMEM_XSPI_DATA_IN, .buf = d->id, .len = 3};
	if ((err = nor_xfer(&n, EXTMEM_PROTO_1S_1S_1S, 0x9F, &id)) != EXTMEM_OK)
		return err;
	if ((d->id[0] == 0xFF && d->id[1] == 0xFF && d->id[2] == 0xFF) || (d->id[0] | d->id[1] | d->id[2]) == 0)
		return EXTMEM_ERR_NO_DEVICE;
	d->jedec_id = (uint32_t)d->id[0] << 16 | (uint32_t)d->id[1] << 8 | d->id[2];
	if ((err = nor_load_sfdp(&n)) != EXTMEM_OK)
		return err;
	if ((err = nor_geometry(&n)) != EXTMEM_OK)
		return err;
	if ((err = nor_read_protection(&n)) != EXTMEM_OK)
		return err;
	if ((err = nor_select_protocol(&n)) != EXTMEM_OK)
		return err;

	struct extmem_info *info = &m->info;
	info->size = d->sfdp.bfpt.size;
	info->page_size = d->sfdp.bfpt.page_size;
	info->write_align = 1;
	info->read_align = 1;
	info->erase_needed = true;
	info->erase_value = 0xFF;
	info->erase_type_count = d->erase_count;
	for (int i = 0; i < d->erase_count; i++)
		info->erase_sizes[i] = d->erase[i].size;
	info->uniform_erase = !(d->sfdp.has & EXTMEM_SFDP_HAS_SMAP);
	info->protocol = d->read_proto;
	info->clock_hz = d->clock_hz;
	info->dummy_cycles = d->read_dummy;
	info->mappable = cfg->link.map_base != 0 && cfg->link.ops->map_enable != NULL;
	info->map_base = cfg->link.map_base;
	info->write_protected = d->locked;
	info->jedec_id = d->jedec_id;
	return EXTMEM_OK;
}

/* ---- array operations --------------------------------------------------- */

static bool dtr_data(enum extmem_protocol p)
{
	return bus_of(p).data_dtr;
}

static int nor_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	struct nor n = {m->config, m->data};
	uint8_t *out = buf;
	uint32_t a = (uint32_t)addr;
	/* DTR moves byte pairs from even addresses: odd ends go through a pair. */
	if (dtr_data(n.d->read_proto) && (a & 1u)) {
		uint8_t pair[2];
		int err = nor_read_array(&n, a - 1u, pair, 2);
		if (err != EXTMEM_OK)
			return err;
		*out++ = pair[1];
		a++;
		len--;
	}
	while (len > 0) {
		uint32_t chunk = len > 0x10000u ? 0x10000u : (uint32_t)len;
		if (dtr_data(n.d->read_proto) && (chunk & 1u)) {
			if (chunk > 1) {
				chunk--;
			} else {
				uint8_t pair[2];
				int err = nor_read_array(&n, a, pair, 2);
				if (err != EXTMEM_OK)
					return err;
				*out = pair[0];
				return EXTMEM_OK;
			}
		}
		int err = nor_read_array(&n, a, out, chunk);
		if (err != EXTMEM_OK)
			return err;
		out += chunk;
		a += chunk;
		len -= chunk;
	}
	return EXTMEM_OK;
}

/* Programs [addr, addr + len) inside one page. */
static int nor_program_page(const struct nor *n, uint32_t addr, const uint8_t *src, uint32_t len)
{
	struct extmem_nor_sfdp_data *d = n->d;
	if (dtr_data(d->prog_proto) && ((addr | len) & 1u)) {
		/* Pad to byte pairs with 0xFF, which programs nothing. */
		uint32_t start = addr & ~1u;
		uint32_t end = (addr + len + 1u) & ~1u;
		memset(d->image, 0xFF, end - start);
		memcpy(d->image + (addr - start), src, len);
		src = d->image;
		addr = start;
		len = end - start;
	}
	int err = nor_write_enable(n, d->prog_timeout_us);
	if (err != EXTMEM_OK)
		return err;
	const struct nor_xfer_args a = {.addr_bytes = d->addr_bytes,
					.addr = addr,
					.dir = EXTMEM_XSPI_DATA_OUT,
					.buf = (void *)(uintptr_t)src,
					.len = len};
	if ((err = nor_xfer(n, d->prog_proto, (uint8_t)d->prog_opcode, &a)) != EXTMEM_OK)
		return err;
	if ((err = nor_wait_ready(n, d->prog_timeout_us)) != EXTMEM_OK)
		return err;
	return nor_check_result(n, false);
}

static int nor_write(struct extmem_memory *m, uint64_t addr, const void *buf, size_t len)
{
	struct nor n = {m->config, m->data};
	if (n.d->locked)
		return EXTMEM_ERR_WRITE_PROTECTED;
	const uint8_t *src = buf;
	uint32_t page = n.d->sfdp.bfpt.page_size;
	uint32_t a = (uint32_t)addr;
	while (len > 0) {
		uint32_t room = page - (a % page);
		uint32_t chunk = len < room ? (uint32_t)len : room;
		int err = nor_program_page(&n, a, src, chunk);
		if (err != EXTMEM_OK)
			return err;
		a += chunk;
		src += chunk;
		len -= chunk;
	}
	return EXTMEM_OK;
}

/*
 * The erase types allowed at addr: all of them on a uniform part; on a part
 * with a sector map, those of the region holding addr (*region_end gets its
 * end).
 */
static uint8_t erase_mask_at(const struct nor *n, uint64_t addr, uint64_t *region_end)
{
	const struct extmem_sfdp *s = &n->d->sfdp;
	*region_end = s->bfpt.size;
	if (!(s->has & EXTMEM_SFDP_HAS_SMAP) || s->smap.nconfigs != 1)
		return 0x0F;
	const struct extmem_sfdp_smap_config *c = &s->smap.config[0];
	uint64_t start = 0;
	for (uint8_t i = 0; i < c->nregions; i++) {
		const struct extmem_sfdp_smap_region *r = &s->smap.region[c->first + i];
		if (addr < start + r->size) {
			*region_end = start + r->size;
			return r->erase_mask;
		}
		start += r->size;
	}
	return 0;
}

static int nor_erase(struct extmem_memory *m, uint64_t addr, uint64_t len)
{
	struct nor n = {m->config, m->data};
	struct extmem_nor_sfdp_data *d = n.d;
	if (d->locked)
		return EXTMEM_ERR_WRITE_PROTECTED;
	while (len > 0) {
		uint64_t region_end;
		uint8_t mask = erase_mask_at(&n, addr, &region_end);
		const struct extmem_nor_erase *e = NULL;
		for (int i = d->erase_count; i-- > 0;) {
			const struct extmem_nor_erase *t = &d->erase[i];
			if ((mask >> (t->opcode >> 8)) & 1u && addr % t->size == 0 && len >= t->size &&
			    addr + t->size <= region_end) {
				e = t;
				break;
			}
		}
		if (e == NULL)
			return EXTMEM_ERR_MISALIGNED;
		int err = nor_write_enable(&n, e->timeout_us);
		if (err != EXTMEM_OK)
			return err;
		const struct nor_xfer_args a = {.addr_bytes = d->addr_bytes, .addr = (uint32_t)addr};
		if ((err = nor_xfer(&n, d->cmd_proto, (uint8_t)(e->opcode & 0xFF), &a)) != EXTMEM_OK)
			return err;
		if ((err = nor_wait_ready(&n, e->timeout_us)) != EXTMEM_OK)
			return err;
		if ((err = nor_check_result(&n, true)) != EXTMEM_OK)
			return err;
		addr += e->size;
		len -= e->size;
	}
	return EXTMEM_OK;
}

static int nor_erase_all(struct extmem_memory *m)
{
	struct nor n = {m->config, m->data};
	if (n.d->locked)
		return EXTMEM_ERR_WRITE_PROTECTED;
	int err = nor_write_enable(&n, n.d->chip_erase_timeout_us);
	if (err == EXTMEM_OK)
		err = nor_cmd(&n, (uint8_t)n.d->chip_erase_opcode);
	if (err == EXTMEM_OK)
		err = nor_wait_ready(&n, n.d->chip_erase_timeout_us);
	return err != EXTMEM_OK ? err : nor_check_result(&n, true);
}

static int nor_map(struct extmem_memory *m)
{
	struct nor n = {m->config, m->data};
	const struct extmem_nor_sfdp_data *d = n.d;
	uint8_t dummy_buf;
	const struct nor_xfer_args a = {.addr_bytes = d->addr_bytes,
					.mode_bytes = d->read_mode_bytes,
					.dummy = d->read_dummy,
					.dir = EXTMEM_XSPI_DATA_IN,
					.buf = &dummy_buf,
					.len = 1};
	struct extmem_xspi_op rd;
	build_op(&n, d->read_proto, (uint8_t)d->read_opcode, &a, &rd);
	return ops(&n)->map_enable(n.cfg->link.ctx, &rd, NULL);
}

static int nor_unmap(struct extmem_memory *m)
{
	struct nor n = {m->config, m->data};
	return ops(&n)->map_disable != NULL ? ops(&n)->map_disable(n.cfg->link.ctx) : EXTMEM_OK;
}

/* Leaves the part in 1S-1S-1S for a ROM bootloader or another tool. */
static int nor_deinit(struct extmem_memory *m)
{
	struct nor n = {m->config, m->data};
	int err = nor_cmd(&n, 0x66);
	if (err == EXTMEM_OK)
		err = nor_cmd(&n, 0x99);
	delay_us(&n, NOR_RESET_US);
	n.d->cmd_proto = EXTMEM_PROTO_1S_1S_1S;
	return err;
}

const struct extmem_driver extmem_nor_sfdp_driver = {
	.name = "nor-sfdp",
	.init = nor_init,
	.deinit = nor_deinit,
	.read = nor_read,
	.write = nor_write,
	.erase = nor_erase,
	.erase_all = nor_erase_all,
	.map = nor_map,
	.unmap = nor_unmap,
};

int extmem_nor_sfdp_unlock(struct extmem *em, uint32_t id)
{
	struct extmem_info info;
	int err = extmem_info(em, id, &info);
	if (err != EXTMEM_OK)
		return err;
	struct extmem_memory *m = &em->memories[id];
	if (m->driver != &extmem_nor_sfdp_driver)
		return EXTMEM_ERR_NOT_SUPPORTED;
	if (m->state == EXTMEM_STATE_MAPPED)
		return EXTMEM_ERR_MAPPED;
	struct nor n = {m->config, m->data};
	if ((err = nor_write_enable(&n, NOR_WRSR_US)) != EXTMEM_OK)
		return err;
	if (n.d->id[0] == NOR_MFR_SST && n.d->id[1] == 0x26) {
		err = nor_cmd(&n, 0x98); /* ULBPR: global block-protection unlock */
	} else {
		uint8_t sr;
		if ((err = nor_read_reg(&n, 0x05, 0, &sr)) != EXTMEM_OK)
			return err;
		err = nor_write_reg(&n, 0x01, 0, (uint8_t)(sr & ~NOR_SR_BP));
	}
	if (err == EXTMEM_OK)
		err = nor_wait_ready(&n, NOR_WRSR_US);
	if (err == EXTMEM_OK) {
		n.d->locked = false;
		m->info.write_protected = false;
	}
	return err;
}
