/* SPDX-License-Identifier: MIT */
/*
 * Write protection per family. The block-protect bits of status register 1
 * are not in the same place everywhere (datasheet facts):
 *   Macronix, ISSI: BP0..BP3 = bits 2..5 (ISSI bit 6 is QE)
 *   Micron MT25Q/N25Q: BP0..BP2 = bits 2..4, TB bit 5, BP3 bit 6
 *   Winbond W25Q: BP0..BP2 = bits 2..4, TB bit 5, SEC bit 6; CMP = SR2 bit 6
 *   Spansion S25FL-S, Infineon SEMPER: BP0..BP2 = bits 2..4 (bits 5, 6 are E_ERR, P_ERR)
 *   SST26: the block-protection register (72h), cleared by ULBPR (98h)
 * TB/SEC only choose where a protected range lies: with BP = 0 nothing is
 * protected, so they are neither reported nor cleared. Unlocking keeps the
 * quad-enable bit: on QER 001 parts a one-byte WRSR clears status register
 * 2, so SR1 is always written there with the SR2 byte that keeps QE.
 */
#include "nor_fixed.h" /* NOR_MFR: a constant in a pinned build, so the family switch folds */

#if EXTMEM_NOR_READ_ONLY
/* A read-only build writes nothing, so protection is neither read nor cleared (d->locked stays false). */
int extmem_nor_read_protection(struct nor *n)
{
	(void)n;
	return EXTMEM_OK;
}

int extmem_nor_clear_protection(struct nor *n)
{
	(void)n;
	return EXTMEM_ERR_NOT_SUPPORTED;
}
#else

#define NOR_WB_CMP 0x40u /* Winbond SR2 bit 6 */

/*
 * SST26: by its JEDEC ID, or by the vendor parameter table of manufacturer
 * BFh its SFDP carries (JESD216: a vendor table's ID LSB is the maker's
 * JEDEC ID), so a misread ID still finds the block-protection register.
 */
static bool is_sst26(const struct extmem_nor_sfdp_data *d)
{
	if (NOR_MFR(d) == NOR_MFR_SST && NOR_ID_TYPE(d) == 0x26)
		return true;
	for (unsigned i = 0; i < NOR_SFDP_NTABLES(d) && i < EXTMEM_SFDP_MAX_TABLES; i++)
		if ((d->sfdp.table[i].id & 0xFFu) == NOR_MFR_SST)
			return true;
	return false;
}

static uint8_t bp_mask(const struct extmem_nor_sfdp_data *d)
{
	switch (NOR_MFR(d)) {
	case NOR_MFR_MICRON:
	case NOR_MFR_MICRON2: return 0x5C;
	case NOR_MFR_WINBOND:
	case NOR_MFR_SPANSION:
	case NOR_MFR_CYPRESS: return 0x1C; /* SEMPER SR1: LBPROT2..0; bits 5, 6 are ERSERR, PRGERR */
	default: return 0x3C;              /* BP0..BP3; bit 6 (QE on QER 010 parts) is never touched */
	}
}

/* Winbond parts with an SR2 read (QER 100/101/110) keep CMP there. */
static bool has_cmp(const struct extmem_nor_sfdp_data *d)
{
	uint8_t q = d->sfdp.bfpt.qer;
	return NOR_MFR(d) == NOR_MFR_WINBOND && (q == 4 || q == 5 || q == 6);
}

int extmem_nor_read_protection(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	uint8_t sr, sr2 = 0;
	int err = extmem_nor_read_reg(n, 0x05, false, 0, &sr);
	if (err != EXTMEM_OK)
		return err;
	if (has_cmp(d) && (err = extmem_nor_read_reg(n, 0x35, false, 0, &sr2)) != EXTMEM_OK)
		return err;
	/* CMP inverts the range: with BP = 0 it protects everything. */
	d->locked = (sr & bp_mask(d)) != 0 || (sr2 & NOR_WB_CMP) != 0;
	if (is_sst26(d)) {
		uint8_t bpr[18] = {0};
		const struct nor_xfer_args a = {.dir = EXTMEM_XSPI_DATA_IN, .buf = bpr, .len = sizeof(bpr)};
		if ((err = extmem_nor_xfer(n, EXTMEM_PROTO_1S_1S_1S, 0x72, &a)) != EXTMEM_OK)
			return err;
		for (size_t i = 0; i < sizeof(bpr); i++)
			d->locked = d->locked || bpr[i] != 0;
	}
	return EXTMEM_OK;
}

/* SR1 written with the SR2 byte that keeps QE (QER 001/100/101: 01h takes both). */
static int write_sr1(const struct nor *n, uint8_t sr1)
{
	const struct extmem_nor_sfdp_data *d = n->d;
	uint8_t q = d->sfdp.bfpt.qer;
	int err;
	if (extmem_nor_octal_cmds(n) || !(q == 1 || q == 4 || q == 5))
		return extmem_nor_write_reg(n, 0x01, false, 0, sr1);
	uint8_t sr2 = 0;
	if (q == 1) {
		/* No SR2 read on these parts: QE is set exactly when the driver runs quad. */
		bool quad = extmem_nor_bus_of(d->read_proto).data == 4 || extmem_nor_bus_of(d->prog_proto).data == 4;
		sr2 = quad ? 0x02 : 0x00;
	} else if ((err = extmem_nor_read_reg(n, 0x35, false, 0, &sr2)) != EXTMEM_OK) {
		return err;
	}
	if (has_cmp(d))
		sr2 &= (uint8_t)~NOR_WB_CMP;
	uint8_t v[2] = {sr1, sr2};
	const struct nor_xfer_args a = {.dir = EXTMEM_XSPI_DATA_OUT, .buf = v, .len = 2};
	return extmem_nor_xfer(n, d->cmd_proto, 0x01, &a);
}

int extmem_nor_clear_protection(struct nor *n)
{
	struct extmem_nor_sfdp_data *d = n->d;
	int err = extmem_nor_write_enable(n, NOR_WRSR_US);
	if (err != EXTMEM_OK)
		return err;
	if (is_sst26(d)) {
		err = extmem_nor_cmd(n, 0x98); /* ULBPR: global block-protection unlock */
	} else {
		uint8_t sr;
		if ((err = extmem_nor_read_reg(n, 0x05, false, 0, &sr)) != EXTMEM_OK)
			return err;
		err = write_sr1(n, (uint8_t)(sr & ~bp_mask(d) & ~(NOR_SR_WEL | NOR_SR_WIP)));
	}
	if (err == EXTMEM_OK)
		err = extmem_nor_wait_ready(n, NOR_WRSR_US);
	/* CMP on parts whose SR2 has its own write (QER 110: 31h). */
	if (err == EXTMEM_OK && has_cmp(d) && d->sfdp.bfpt.qer == 6 && !extmem_nor_octal_cmds(n)) {
		uint8_t sr2;
		err = extmem_nor_read_reg(n, 0x35, false, 0, &sr2);
		if (err == EXTMEM_OK && (sr2 & NOR_WB_CMP)) {
			err = extmem_nor_write_enable(n, NOR_WRSR_US);
			if (err == EXTMEM_OK)
				err = extmem_nor_write_reg(n, 0x31, false, 0, (uint8_t)(sr2 & ~NOR_WB_CMP));
			if (err == EXTMEM_OK)
				err = extmem_nor_wait_ready(n, NOR_WRSR_US);
		}
	}
	if (err != EXTMEM_OK)
		return err;
	/* The bits may be locked by SRWD and the WP# pin: say so rather than pretend. */
	if (!is_sst26(d) && !extmem_nor_octal_cmds(n) && (err = extmem_nor_read_protection(n)) != EXTMEM_OK)
		return err;
	if (is_sst26(d) || extmem_nor_octal_cmds(n))
		d->locked = false;
	return d->locked ? EXTMEM_ERR_WRITE_PROTECTED : EXTMEM_OK;
}
#endif
