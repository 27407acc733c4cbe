/* SPDX-License-Identifier: MIT */
/*
 * The proof of a protocol switch, shared by the SFDP driver (nor_bringup.c)
 * and the pinned driver (nor_pinned.c): answers a floating or misframed bus
 * cannot give.
 */
#include <string.h>

#include "nor_fixed.h"

/*
 * The protocol being proven. Without the fallback (NOR_FALLBACK, nor_fixed.h)
 * the pinned driver proves only its description's fast protocol: a constant.
 */
#define PROOF_PROTO(d) ((enum extmem_protocol)NOR_MODE(d, cmd_proto))

/*
 * JEDEC ID in an octal command protocol: the status register read's frame
 * (4 address bytes and the register latency, the protocol in use) for three
 * bytes instead of one; DTR doubles each byte.
 */
static int prove_id(const struct nor *n, bool dtr)
{
	const struct extmem_nor_sfdp_data *d = n->d;
	uint8_t buf[6];
	struct extmem_xspi_op op;
	extmem_nor_build_reg_read(n, 0x9F, false, 0, buf, &op);
	op.data.len *= 3;
	memset(buf, 0xFF, sizeof(buf));
	int err = NOR_OPS(n)->execute(n->cfg->link.ctx, &op);
	if (err != EXTMEM_OK)
		return err;
	if (memcmp(buf, d->id, 3) == 0)
		return EXTMEM_OK;
	if (!dtr)
		return EXTMEM_ERR_PROTOCOL;
	/* each byte on both edges */
	for (int i = 0; i < 6; i++)
		if (buf[i] != d->id[i / 2])
			return EXTMEM_ERR_PROTOCOL;
	return EXTMEM_OK;
}

/*
 * The SFDP header read in 8D-8D-8D in the xSPI profile's form (JESD251: 5Ah,
 * 4 address bytes, 8 or 20 dummy cycles) against what 1S-1S-1S read: data
 * that is never blank, a burst through the data strobe, and the byte order
 * within each DTR pair (an ID in 8D repeats each byte on both edges, so it
 * cannot show a swapped pair).
 */
static int prove_sfdp(const struct nor *n, const uint8_t *ref, uint8_t dummy)
{
	uint8_t buf[EXTMEM_NOR_PROOF_SFDP_LEN];
	memset(buf, 0, sizeof(buf));
	const struct nor_xfer_args a = {
		.addr_bytes = 4, .dummy = dummy, .dir = EXTMEM_XSPI_DATA_IN, .buf = buf, .len = sizeof(buf)};
	int err = extmem_nor_xfer(n, EXTMEM_PROTO_8D_8D_8D, 0x5A, &a);
	if (err != EXTMEM_OK)
		return err;
	/*
	 * ref starts with "SFDP" from every caller (the SFDP driver's image passed
	 * the parser's signature check, the pinned driver's refs.sfdp_ok), so the
	 * one compare also checks the signature.
	 */
	return memcmp(buf, ref, sizeof(buf)) == 0 ? EXTMEM_OK : EXTMEM_ERR_PROTOCOL;
}

/* Every byte the same: each equals the next (memcmp, which the proof links anyway). */
static bool uniform(const uint8_t *b, uint32_t len)
{
	return len < 2 || memcmp(b, b + 1, len - 1u) == 0;
}

int extmem_nor_prove(struct nor *n, const struct nor_proof_refs *r, uint8_t *stage)
{
	struct extmem_nor_sfdp_data *d = n->d;
	uint8_t sr, buf[16];
	*stage = EXTMEM_NOR_STAGE_PROVE_STATUS;
	if (NOR_FALLBACK && NOR_KEEPS_PROGRAM_STATE) /* else the one proof of an init, on zeroed data (nor_pinned.c) */
		d->sfdp_proven = false;
	int err = extmem_nor_write_enable(n, NOR_VOLATILE_US);
	if (err == EXTMEM_OK)
		err = extmem_nor_cmd(n, 0x04);
	if (err == EXTMEM_OK)
		err = extmem_nor_read_reg(n, 0x05, false, 0, &sr);
	if (err != EXTMEM_OK)
		return err;
	if (sr & (NOR_SR_WEL | NOR_SR_WIP))
		return EXTMEM_ERR_PROTOCOL;
	/* The two protocols with octal commands (nor_bus.c's table); only 8D-8D-8D of them is double rate. */
	bool dtr = PROOF_PROTO(d) == EXTMEM_PROTO_8D_8D_8D;
	if (NOR_WIDTH_ON(8) && (dtr || PROOF_PROTO(d) == EXTMEM_PROTO_8S_8S_8S)) {
		*stage = EXTMEM_NOR_STAGE_PROVE_ID;
		if ((err = prove_id(n, dtr)) != EXTMEM_OK)
			return err;
		/* PROOF_PROTO again, not dtr: 8 B less in the Boots (register allocation) */
		if (PROOF_PROTO(d) == EXTMEM_PROTO_8D_8D_8D && r->sfdp != NULL) {
			*stage = EXTMEM_NOR_STAGE_PROVE_SFDP;
			if ((err = prove_sfdp(n, r->sfdp, r->sfdp_8d_dummy)) != EXTMEM_OK)
				return err;
			if (NOR_KEEPS_PROGRAM_STATE)
				d->sfdp_proven = true;
		}
	}
	*stage = EXTMEM_NOR_STAGE_PROVE_ARRAY;
	if (NOR_FALLBACK && NOR_KEEPS_PROGRAM_STATE)
		d->read_proven = false;
	uint32_t len = r->len < sizeof(buf) ? r->len : (uint32_t)sizeof(buf);
	if (uniform(r->array, len))
		return EXTMEM_OK; /* blank flash proves nothing: the first program's read-back does (reprove) */
	if ((err = extmem_nor_read_array(n, r->at, buf, len)) != EXTMEM_OK)
		return err;
	if (memcmp(buf, r->array, len) != 0)
		return EXTMEM_ERR_PROTOCOL;
	if (NOR_KEEPS_PROGRAM_STATE)
		d->read_proven = true;
	return EXTMEM_OK;
}
