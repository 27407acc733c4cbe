/* SPDX-License-Identifier: MIT */
/*
 * Array operations: read, page program, erase by the sector map, chip
 * erase, memory-mapped mode; after each program or erase the part's own
 * error flags (by family), and a read-back verify where configured or
 * where the read configuration still has to be proven on non-blank data.
 */
#include <string.h>

#include "nor_fixed.h"

#define NOR_VERIFY_CHUNK 256u

static bool dtr_data(enum extmem_protocol p)
{
	return NOR_DATA_DTR(p);
}

/* A family's error register: read opcode, clear opcode (0: none), program/erase error bits, protection bit. */
struct flag_reg {
	uint8_t rd, clear, bits, prot;
};

/*
 * The page loop's fixed commands, built once per write (again after a
 * reselection) instead of once per page: WREN, the status read that checks
 * WEL, and the read of the family's error register.
 */
struct page_cmds {
	struct extmem_xspi_op wren, rdsr, flags;
	uint8_t sr[2], fl[2];
	uint8_t flags_rd; /* the opcode `flags` reads; 0: none built */
};

/*
 * c holds a prebuilt read of f's register. For a constant part the family
 * is a constant: page_cmds_build built it exactly when it is not 70h.
 */
#ifdef EXTMEM_NOR_PINNED_PART
#define PREBUILT_FLAGS(c, f) ((void)(c), (f)->rd != 0x70)
#else
#define PREBUILT_FLAGS(c, f) ((c)->flags_rd == (f)->rd)
#endif

/* Reads and clears a family's error register (through c's prebuilt read when it is that register). */
static int family_flags(const struct nor *n, const struct flag_reg *f, struct page_cmds *c)
{
	uint8_t v = n->d->poll_last;
	int err = EXTMEM_OK;
	/* The flag status register was what the ready wait polled: its last value holds the flags. */
	if (!(f->rd == 0x70 && NOR_FLAG_STATUS(n->d)))
		err = c != NULL && PREBUILT_FLAGS(c, f) ? extmem_nor_run_reg_read(n, &c->flags, c->fl, &v)
							: extmem_nor_read_reg(n, f->rd, false, 0, &v);
	if (err != EXTMEM_OK)
		return err;
	if (v == 0xFF && f->rd != 0x70)
		return EXTMEM_ERR_NO_DEVICE;
	if (!(v & (f->bits | f->prot)))
		return EXTMEM_OK;
	if (f->clear != 0)
		(void)extmem_nor_cmd(n, f->clear);
	return (v & f->prot) ? EXTMEM_ERR_WRITE_PROTECTED : EXTMEM_ERR_DEVICE;
}

/*
 * Where the part keeps its program/erase failure flags. Micron keeps them
 * in the flag status register (70h), ISSI in its extended read register
 * (81h), Macronix in its security register (2Bh); false: none of those
 * (status register 1 bits, an SCCR table, or nothing).
 */
static bool family_flag_reg(const struct nor *n, bool erase, struct flag_reg *f)
{
	const struct extmem_nor_sfdp_data *d = n->d;
	uint8_t mfr = NOR_MFR(d);
	/* The table says whether 70h exists (a 9-DWORD N25Q table does not: the verify covers it). */
	if (NOR_BUSY_POLL(d) & EXTMEM_SFDP_POLL_FSR) {
		*f = (struct flag_reg){0x70, 0x50, erase ? 0x20 : 0x10, 0x02};
		return true;
	}
	if (mfr == NOR_MFR_ISSI) {
		*f = (struct flag_reg){0x81, 0x82, erase ? 0x08 : 0x04, 0x02};
		return true;
	}
	/*
	 * Macronix: the security register (2Bh), P_FAIL bit 5 and E_FAIL bit 6,
	 * on the octal parts and on the quad parts whose datasheets give those
	 * bits (MX25L25635F, ID C2 20 19); older quad parts keep other meanings
	 * or reserved bits there and rely on the verify.
	 */
	if (mfr == NOR_MFR_MACRONIX &&
	    (NOR_SFDP_HAS(d, EXTMEM_SFDP_HAS_XSPI | EXTMEM_SFDP_HAS_ODDR) || NOR_JEDEC_ID(d) == 0xC22019u)) {
		*f = (struct flag_reg){0x2B, 0, erase ? 0x40 : 0x20, 0};
		return true;
	}
	return false;
}

/*
 * After a program or erase, right after its ready wait: the part's own
 * failure flags (family_flag_reg; Spansion keeps them in status register 1,
 * other parts with an SCCR table say where their error bits live; Winbond
 * W25Q and SST26 have none: only a verify finds a failure). c: the page
 * loop's prebuilt reads, or NULL.
 */
static int check_result(const struct nor *n, bool erase, struct page_cmds *c)
{
	const struct extmem_nor_sfdp_data *d = n->d;
	/*
	 * When the ready wait polled status register 1, its last read is this
	 * register, read after completion; a second read would return the same
	 * byte. A flag-status part was polled on 70h: read 05h.
	 */
	uint8_t sr = d->poll_last;
	int err = NOR_FLAG_STATUS(d) ? extmem_nor_read_reg(n, 0x05, false, 0, &sr) : EXTMEM_OK;
	if (err != EXTMEM_OK)
		return err;
	if (sr != 0xFF && (sr & NOR_SR_ERR_MASK(d)))
		return extmem_nor_clear_failure(n); /* CLSR / CLPEF: clears the flags and lets WIP fall */
	/* Every part clears WEL when a program or erase completes: still set means it was not taken. */
	if (sr & NOR_SR_WEL) {
		(void)extmem_nor_cmd(n, 0x04);
		return EXTMEM_ERR_DEVICE;
	}
	struct flag_reg f;
	if (family_flag_reg(n, erase, &f))
		return family_flags(n, &f, c);
	const struct extmem_sfdp_sccr_bit *b = NOR_SCCR_ERROR(d, erase);
	if (!NOR_SFDP_HAS(d, EXTMEM_SFDP_HAS_SCCR) || !b->present || b->read_op == 0 || b->bit > 7)
		return EXTMEM_OK;
	uint8_t v;
	err = extmem_nor_read_reg(n, b->read_op, b->addressed, b->reg_addr, &v);
	if (err != EXTMEM_OK)
		return err;
	bool set = (v >> b->bit) & 1u;
	return set == b->active_high ? EXTMEM_ERR_DEVICE : EXTMEM_OK;
}

int extmem_nor_check_result(const struct nor *n, bool erase)
{
	return check_result(n, erase, NULL);
}

static void page_cmds_build(const struct nor *n, struct page_cmds *c)
{
	const struct nor_xfer_args none = {0};
	extmem_nor_build_op(n, (enum extmem_protocol)NOR_MODE(n->d, cmd_proto), 0x06, &none, &c->wren);
	extmem_nor_build_reg_read(n, 0x05, false, 0, c->sr, &c->rdsr);
	struct flag_reg f;
	c->flags_rd = 0;
	if (family_flag_reg(n, false, &f) && f.rd != 0x70) {
		extmem_nor_build_reg_read(n, f.rd, false, 0, c->fl, &c->flags);
		c->flags_rd = f.rd;
	}
}

/* One array read as configured; DTR moves byte pairs from even addresses. */
static int read_range(const struct nor *n, uint32_t a, uint8_t *out, size_t len)
{
	bool dtr = dtr_data((enum extmem_protocol)NOR_MODE(n->d, read_proto));
	if (dtr && (a & 1u) && len > 0) {
		uint8_t pair[2];
		int err = extmem_nor_read_array(n, a - 1u, pair, 2);
		if (err != EXTMEM_OK)
			return err;
		*out++ = pair[1];
		a++;
		len--;
	}
	while (len > 0) {
		uint32_t chunk = len > 0x10000u ? 0x10000u : (uint32_t)len;
		if (dtr && (chunk & 1u)) {
			if (chunk > 1) {
				chunk--;
			} else {
				uint8_t pair[2];
				int err = extmem_nor_read_array(n, a, pair, 2);
				if (err != EXTMEM_OK)
					return err;
				*out = pair[0];
				return EXTMEM_OK;
			}
		}
		int err = extmem_nor_read_array(n, a, out, chunk);
		if (err != EXTMEM_OK)
			return err;
		out += chunk;
		a += chunk;
		len -= chunk;
	}
	return EXTMEM_OK;
}

int extmem_nor_drv_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	struct nor n = {m->config, m->data};
	if (NOR_READ_BAD(n.d))
		return EXTMEM_ERR_PROTOCOL;
	return read_range(&n, (uint32_t)addr, buf, len);
}

/*
 * Reads [a, a + len) back and compares with `want` (NULL: erased, all FFh).
 * A mismatch before the read configuration was ever proven on non-blank
 * data may be that configuration: reads and writes are refused from then on.
 */
static int verify(struct nor *n, uint32_t a, const uint8_t *want, uint32_t len)
{
	uint8_t buf[NOR_VERIFY_CHUNK];
	while (len > 0) {
		uint32_t chunk = len < sizeof(buf) ? len : (uint32_t)sizeof(buf);
		int err = read_range(n, a, buf, chunk);
		if (err != EXTMEM_OK)
			return err;
		for (uint32_t i = 0; i < chunk; i++) {
			if (buf[i] != (want != NULL ? want[i] : 0xFFu)) {
				if (!n->d->read_proven && want != NULL)
					n->d->read_bad = true;
				return EXTMEM_ERR_DEVICE;
			}
		}
		if (want != NULL)
			want += chunk;
		a += chunk;
		len -= chunk;
	}
	return EXTMEM_OK;
}

/*
 * WREN and its WEL check. `ready`: the previous page program of this write
 * ended with the part ready and its flags clear, so the ready wait before
 * the WREN would read one status that says so; skipped.
 */
static int page_write_enable(const struct nor *n, bool ready, struct page_cmds *c)
{
	if (!ready)
		return extmem_nor_write_enable(n, NOR_PROG_TIMEOUT(n->d));
	int err = NOR_OPS(n)->execute(n->cfg->link.ctx, &c->wren);
	uint8_t sr = 0;
	if (err == EXTMEM_OK)
		err = extmem_nor_run_reg_read(n, &c->rdsr, c->sr, &sr);
	if (err != EXTMEM_OK)
		return err;
	if (sr == 0xFF)
		return EXTMEM_ERR_NO_DEVICE;
	return (sr & NOR_SR_WEL) ? EXTMEM_OK : EXTMEM_ERR_DEVICE;
}

/* Programs [addr, addr + len) inside one page. */
static int program_page(struct nor *n, uint32_t addr, const uint8_t *src, uint32_t len, bool ready, struct page_cmds *c)
{
	struct extmem_nor_sfdp_data *d = n->d;
	const uint8_t *data = src;
	uint32_t at = addr, count = len;
	if (dtr_data((enum extmem_protocol)NOR_MODE(d, prog_proto)) && ((addr | len) & 1u)) {
		/* Pad to byte pairs with 0xFF, which programs nothing. */
		uint32_t start = addr & ~1u;
		uint32_t end = (addr + len + 1u) & ~1u;
		memset(d->image, 0xFF, end - start);
		memcpy(d->image + (addr - start), src, len);
		data = d->image;
		at = start;
		count = end - start;
	}
	int err = page_write_enable(n, ready, c);
	if (err != EXTMEM_OK)
		return err;
	const struct nor_xfer_args a = {.addr_bytes = NOR_MODE(d, addr_bytes),
					.addr = at,
					.dir = EXTMEM_XSPI_DATA_OUT,
					.buf = (void *)(uintptr_t)data,
					.len = count};
	if ((err = extmem_nor_xfer(n, (enum extmem_protocol)NOR_MODE(d, prog_proto), (uint8_t)NOR_MODE(d, prog_opcode),
				   &a)) != EXTMEM_OK)
		return err;
	if ((err = extmem_nor_wait_ready(n, NOR_PROG_TIMEOUT(d))) != EXTMEM_OK)
		return err;
	if ((err = check_result(n, false, c)) != EXTMEM_OK)
		return err;
	/* without the fallback the caller's read-back proves the read (NOR_FALLBACK, nor_fixed.h) */
	if (NOR_CFG_VERIFY(n->cfg) || (NOR_FALLBACK && !d->read_proven)) {
		bool proven = d->read_proven;
		err = verify(n, addr, src, len);
		if (err == EXTMEM_ERR_DEVICE && !proven) {
			/* Never proven on non-blank data: this data proves it, or bring-up moves on. */
			d->read_bad = false;
			err = d->reprove != NULL ? d->reprove(n->cfg, d, addr, src, len) : EXTMEM_ERR_DEVICE;
			if (err == EXTMEM_OK)
				err = verify(n, addr, src, len);
		}
		if (err != EXTMEM_OK)
			return err;
		d->read_proven = true;
	}
	return EXTMEM_OK;
}

/* Refusals every program and erase shares. */
static int writable(const struct extmem_nor_sfdp_data *d)
{
	if (NOR_READ_BAD(d))
		return EXTMEM_ERR_PROTOCOL;
	return d->locked ? EXTMEM_ERR_WRITE_PROTECTED : EXTMEM_OK;
}

int extmem_nor_drv_write(struct extmem_memory *m, uint64_t addr, const void *buf, size_t len)
{
	struct nor n = {m->config, m->data};
	int err = writable(n.d);
	if (err != EXTMEM_OK)
		return err;
	const uint8_t *src = buf;
	uint32_t page = NOR_PAGE_SIZE(n.d);
	uint32_t a = (uint32_t)addr;
	bool ready = false; /* the last page program ended ready with its flags clear */
	struct page_cmds cmds;
	page_cmds_build(&n, &cmds);
	while (len > 0) {
		uint32_t room = page - (a % page);
		uint32_t chunk = len < room ? (uint32_t)len : room;
		err = program_page(&n, a, src, chunk, ready, &cmds);
		ready = err == EXTMEM_OK && !NOR_RESELECTED(n.d);
		if (NOR_RESELECTED(n.d)) {
			/* another protocol: the commands are built again for it */
			n.d->reselected = false;
			extmem_nor_fill_info(m);
			page_cmds_build(&n, &cmds);
		}
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
 * with a sector map, those of the region holding addr in the configuration
 * init detected (*region_end gets its end).
 */
static uint8_t erase_mask_at(const struct nor *n, uint64_t addr, uint64_t *region_end)
{
	*region_end = NOR_SIZE(n->d);
	if (!NOR_HAS_SMAP(n->d) || n->d->smap_index >= n->d->sfdp.smap.nconfigs)
		return 0x0F;
	const struct extmem_sfdp *s = &n->d->sfdp;
	const struct extmem_sfdp_smap_config *c = &s->smap.config[n->d->smap_index];
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

/*
 * One erase command (addressed: a sector or block at addr; else the chip),
 * its ready wait and result check, and the verify where configured: the
 * one path of sector, range and chip erase.
 */
static int erase_one(struct nor *n, uint8_t opcode, bool addressed, uint32_t addr, uint32_t timeout_us,
		     uint32_t verify_len)
{
	int err = extmem_nor_write_enable(n, timeout_us);
	if (err != EXTMEM_OK)
		return err;
	const struct nor_xfer_args a = {.addr_bytes = addressed ? NOR_MODE(n->d, addr_bytes) : 0, .addr = addr};
	if ((err = extmem_nor_xfer(n, (enum extmem_protocol)NOR_MODE(n->d, cmd_proto), opcode, &a)) != EXTMEM_OK)
		return err;
	if ((err = extmem_nor_wait_ready(n, timeout_us)) != EXTMEM_OK)
		return err;
	if ((err = check_result(n, true, NULL)) != EXTMEM_OK)
		return err;
	return NOR_CFG_VERIFY(n->cfg) ? verify(n, addr, NULL, verify_len) : EXTMEM_OK;
}

int extmem_nor_drv_erase(struct extmem_memory *m, uint64_t addr64, uint64_t len64)
{
	struct nor n = {m->config, m->data};
	struct extmem_nor_sfdp_data *d = n.d;
	int err = writable(d);
	/* [addr, addr + len) is inside the memory (the manager's or the loader core's check): it fits nor_off */
	nor_off addr = (nor_off)addr64, len = (nor_off)len64;
	while (err == EXTMEM_OK && len > 0) {
		uint64_t region_end;
		uint8_t mask = erase_mask_at(&n, addr, &region_end);
		int i = NOR_ERASE_COUNT(d);
		/* the largest allowed type that starts at addr and fits */
		while (i-- > 0) {
			uint32_t size = d->erase[i].size;
			if ((mask >> (d->erase[i].opcode >> 8)) & 1u && NOR_ERASE_MOD(addr, size) == 0 && len >= size &&
			    addr + size <= region_end) /* size <= len: addr + size stays inside the memory, no wrap */
				break;
		}
		if (i < 0)
			return EXTMEM_ERR_MISALIGNED;
		const struct extmem_nor_erase *e = &d->erase[i];
		uint32_t size = e->size;
		err = erase_one(&n, (uint8_t)(e->opcode & 0xFF), true, (uint32_t)addr, e->timeout_us, size);
		addr += size;
		len -= size;
	}
	return err;
}

int extmem_nor_drv_erase_all(struct extmem_memory *m)
{
	struct nor n = {m->config, m->data};
	int err = writable(n.d);
	if (err == EXTMEM_OK)
		err = erase_one(&n, NOR_CHIP_ERASE_OP(n.d), false, 0, NOR_CHIP_ERASE_TIMEOUT(n.d),
				(uint32_t)(NOR_SIZE(n.d) - 1u) + 1u);
	return err;
}

int extmem_nor_drv_map(struct extmem_memory *m)
{
	struct nor n = {m->config, m->data};
	const struct extmem_nor_sfdp_data *d = n.d;
	if (NOR_READ_BAD(d))
		return EXTMEM_ERR_PROTOCOL;
	uint8_t dummy_buf;
	const struct nor_xfer_args a = {.addr_bytes = NOR_MODE(d, addr_bytes),
					.mode_bytes = NOR_MODE(d, read_mode_bytes),
					.dummy = NOR_MODE(d, read_dummy),
					.dir = EXTMEM_XSPI_DATA_IN,
					.buf = &dummy_buf,
					.len = 1};
	struct extmem_xspi_op rd;
	extmem_nor_build_op(&n, (enum extmem_protocol)NOR_MODE(d, read_proto), (uint8_t)NOR_MODE(d, read_opcode), &a,
			    &rd);
	return NOR_OPS(&n)->map_enable(n.cfg->link.ctx, &rd, NULL);
}

int extmem_nor_drv_unmap(struct extmem_memory *m)
{
	const struct nor n = {m->config, m->data};
	const struct extmem_xspi_ops *o = NOR_OPS(&n);
	return o->map_disable != NULL ? o->map_disable(n.cfg->link.ctx) : EXTMEM_OK;
}
