/* SPDX-License-Identifier: MIT */
/*
 * SD memory card driver. Section numbers refer to the SD Physical Layer
 * Simplified Specification.
 */
#include <string.h>

#include "extmem/sdcard.h"

#define ID_HZ             400000u   /* identification mode: at most 400 kHz (4.2) */
#define DEFAULT_HZ        25000000u /* default speed */
#define INIT_TIMEOUT_US   1000000u  /* ACMD41 busy at most 1 s (4.2.3) */
#define READ_TIMEOUT_US   100000u   /* 4.6.2.1 */
#define WRITE_TIMEOUT_US  250000u   /* 4.6.2.2 */
#define ERASE_TIMEOUT_US  250000u   /* per erase unit of blocks below, plus one */
#define ERASE_UNIT_BLOCKS 8192u
#define CHUNK_BLOCKS      2048u  /* blocks per CMD18/CMD25 */
#define IF_COND_ARG       0x1AAu /* VHS 2.7-3.6 V, check pattern AAh */

#define ST_ERRORS                                                                                                      \
	(EXTMEM_SD_ST_OUT_OF_RANGE | EXTMEM_SD_ST_ADDRESS_ERROR | EXTMEM_SD_ST_BLOCK_LEN_ERROR |                       \
	 EXTMEM_SD_ST_ERASE_SEQ_ERROR | EXTMEM_SD_ST_ERASE_PARAM | EXTMEM_SD_ST_WP_VIOLATION |                         \
	 EXTMEM_SD_ST_LOCK_UNLOCK_FAIL | EXTMEM_SD_ST_COM_CRC_ERROR | EXTMEM_SD_ST_ILLEGAL_COMMAND |                   \
	 EXTMEM_SD_ST_CARD_ECC_FAILED | EXTMEM_SD_ST_CC_ERROR | EXTMEM_SD_ST_ERROR)

struct sd {
	const struct extmem_sdcard_config *cfg;
	struct extmem_sdcard_data *d;
};

static const struct extmem_sd_ops *ops(const struct sd *s)
{
	return s->cfg->link.ops;
}

static int cmd(const struct sd *s, uint8_t index, uint32_t arg, enum extmem_sd_resp type, uint32_t *resp,
	       const struct extmem_sd_data *data)
{
	struct extmem_sd_cmd c = {.index = index, .arg = arg, .resp_type = type};
	if (type == EXTMEM_SD_RESP_R1B)
		c.busy_timeout_us = WRITE_TIMEOUT_US;
	int err = ops(s)->command(s->cfg->link.ctx, &c, data);
	if (resp != NULL)
		memcpy(resp, c.resp, type == EXTMEM_SD_RESP_R2 ? sizeof(c.resp) : sizeof(c.resp[0]));
	return err;
}

/* The status an R1 reports, as a status value. */
static int r1_status(uint32_t st)
{
	if (st & (EXTMEM_SD_ST_OUT_OF_RANGE | EXTMEM_SD_ST_ADDRESS_ERROR))
		return EXTMEM_ERR_OUT_OF_RANGE;
	if (st & (EXTMEM_SD_ST_WP_VIOLATION | EXTMEM_SD_ST_CARD_IS_LOCKED))
		return EXTMEM_ERR_WRITE_PROTECTED;
	if (st & ST_ERRORS)
		return EXTMEM_ERR_DEVICE;
	return EXTMEM_OK;
}

/* An R1 command; a transport failure wins, then the card's own error bits. */
static int cmd_r1(const struct sd *s, uint8_t index, uint32_t arg, enum extmem_sd_resp type,
		  const struct extmem_sd_data *data, uint32_t *st_out)
{
	uint32_t st = 0;
	int err = cmd(s, index, arg, type, &st, data);
	if (st_out != NULL)
		*st_out = st;
	if (err != EXTMEM_OK) {
		/* A card that refused the address or the write says why in the R1 it did send. */
		int why = r1_status(st);
		return why != EXTMEM_OK ? why : err;
	}
	return r1_status(st);
}

static int app_cmd(const struct sd *s, uint8_t index, uint32_t arg, enum extmem_sd_resp type, uint32_t *resp,
		   const struct extmem_sd_data *data)
{
	uint32_t st;
	int err = cmd(s, 55, (uint32_t)s->d->rca << 16, EXTMEM_SD_RESP_R1, &st, NULL);
	if (err != EXTMEM_OK)
		return err;
	if (!(st & EXTMEM_SD_ST_APP_CMD))
		return EXTMEM_ERR_DEVICE;
	return cmd(s, index, arg, type, resp, data);
}

static uint32_t now_us(const struct sd *s)
{
	return ops(s)->time_us(s->cfg->link.ctx);
}

int extmem_sdcard_csd_capacity(const uint32_t csd[4], uint64_t *capacity)
{
	if (csd == NULL || capacity == NULL)
		return EXTMEM_ERR_INVALID;
	switch (extmem_sd_bits(csd, 127, 126)) {
	case 0: {
		uint64_t c_size = extmem_sd_bits(csd, 73, 62);
		uint32_t mult = extmem_sd_bits(csd, 49, 47);
		uint32_t bl_len = extmem_sd_bits(csd, 83, 80);
		if (bl_len < 9 || bl_len > 11)
			return EXTMEM_ERR_FORMAT;
		*capacity = (c_size + 1u) << (mult + 2u + bl_len);
		return EXTMEM_OK;
	}
	case 1: *capacity = ((uint64_t)extmem_sd_bits(csd, 69, 48) + 1u) * 512u * 1024u; return EXTMEM_OK;
	case 2: *capacity = ((uint64_t)extmem_sd_bits(csd, 75, 48) + 1u) * 512u * 1024u; return EXTMEM_OK;
	default: return EXTMEM_ERR_FORMAT;
	}
}

/* CMD0, CMD8, ACMD41 until the card has powered up: the card's version and capacity class. */
static int identify_version(struct sd *s)
{
	struct extmem_sdcard_data *d = s->d;
	int err = cmd(s, 0, 0, EXTMEM_SD_RESP_NONE, NULL, NULL);
	if (err != EXTMEM_OK)
		return err;
	uint32_t r7 = 0;
	err = cmd(s, 8, IF_COND_ARG, EXTMEM_SD_RESP_R7, &r7, NULL);
	bool v2 = err == EXTMEM_OK;
	if (err != EXTMEM_OK && err != EXTMEM_ERR_TIMEOUT)
		return err;
	if (v2 && (r7 & 0xFFFu) != IF_COND_ARG)
		return EXTMEM_ERR_DEVICE; /* voltage not accepted or a garbled echo */
	uint32_t arg = EXTMEM_SD_OCR_VDD_27_36 | (v2 ? EXTMEM_SD_OCR_CCS : 0u);
	uint32_t t0 = now_us(s);
	for (;;) {
		uint32_t ocr = 0;
		err = app_cmd(s, 41, arg, EXTMEM_SD_RESP_R3, &ocr, NULL);
		if (err == EXTMEM_ERR_TIMEOUT && !v2)
			return EXTMEM_ERR_NO_DEVICE; /* neither CMD8 nor CMD55 answered */
		if (err != EXTMEM_OK)
			return err;
		if (ocr & EXTMEM_SD_OCR_BUSY_DONE) {
			d->ocr = ocr;
			break;
		}
		if ((uint32_t)(now_us(s) - t0) > INIT_TIMEOUT_US)
			return EXTMEM_ERR_TIMEOUT;
	}
	if (!v2)
		d->type = EXTMEM_SDCARD_SDSC_V1;
	else
		d->type = (d->ocr & EXTMEM_SD_OCR_CCS) ? EXTMEM_SDCARD_SDHC : EXTMEM_SDCARD_SDSC_V2;
	return EXTMEM_OK;
}

static int sd_setup(struct sd *s)
{
	const struct extmem_sd_link *l = &s->cfg->link;
	struct extmem_sdcard_data *d = s->d;
	bool present = true;
	if (l->ops->card_present != NULL) {
		int e = l->ops->card_present(l->ctx, &present);
		if (e != EXTMEM_OK)
			return e;
	}
	if (!present)
		return EXTMEM_ERR_NO_DEVICE;
	uint32_t hz;
	int err = l->ops->set_clock(l->ctx, ID_HZ, &hz);
	if (err == EXTMEM_OK)
		err = l->ops->set_bus_width(l->ctx, 1);
	if (err == EXTMEM_OK)
		err = identify_version(s);
	if (err == EXTMEM_OK)
		err = cmd(s, 2, 0, EXTMEM_SD_RESP_R2, d->cid, NULL);
	uint32_t r6 = 0;
	if (err == EXTMEM_OK)
		err = cmd(s, 3, 0, EXTMEM_SD_RESP_R6, &r6, NULL);
	if (err != EXTMEM_OK)
		return err;
	d->rca = (uint16_t)(r6 >> 16);
	if ((err = cmd(s, 9, (uint32_t)d->rca << 16, EXTMEM_SD_RESP_R2, d->csd, NULL)) != EXTMEM_OK)
		return err;
	if ((err = extmem_sdcard_csd_capacity(d->csd, &d->capacity)) != EXTMEM_OK)
		return err;
	/* CSD 2.0 above 32 GiB is SDXC (5.3.3). */
	if (d->type == EXTMEM_SDCARD_SDHC && d->capacity > 32ull * 1024u * 1024u * 1024u)
		d->type = EXTMEM_SDCARD_SDXC;
	if ((d->type == EXTMEM_SDCARD_SDHC || d->type == EXTMEM_SDCARD_SDXC) != (extmem_sd_bits(d->csd, 127, 126) != 0))
		return EXTMEM_ERR_FORMAT; /* capacity class and CSD structure disagree */
	/*
	 * The data commands carry a 32-bit argument: block numbers (SDHC/SDXC,
	 * up to 2 TiB) or byte addresses (SDSC, up to 4 GiB). A CSD 3.0 card
	 * past that is SDUC, whose CMD22 address extension is not implemented.
	 */
	if (d->capacity > ((d->type == EXTMEM_SDCARD_SDSC_V1 || d->type == EXTMEM_SDCARD_SDSC_V2)
				   ? 1ull << 32
				   : (1ull << 32) * EXTMEM_SDCARD_BLOCK))
		return extmem_sd_bits(d->csd, 127, 126) == 2 ? EXTMEM_ERR_NOT_SUPPORTED : EXTMEM_ERR_FORMAT;
	d->write_protected = extmem_sd_bits(d->csd, 13, 13) || extmem_sd_bits(d->csd, 12, 12);
	if ((err = cmd_r1(s, 7, (uint32_t)d->rca << 16, EXTMEM_SD_RESP_R1B, NULL, NULL)) != EXTMEM_OK)
		return err;
	const struct extmem_sd_data scr = {.dir = EXTMEM_SD_DATA_READ,
					   .block_size = 8,
					   .blocks = 1,
					   .buf.in = d->scr,
					   .timeout_us = READ_TIMEOUT_US};
	uint32_t st = 0;
	if ((err = app_cmd(s, 51, 0, EXTMEM_SD_RESP_R1, &st, &scr)) != EXTMEM_OK || (err = r1_status(st)) != EXTMEM_OK)
		return err;
	d->bus_width = 1;
	/* SD_BUS_WIDTHS bit 2: 4 data lines (5.6). */
	if (l->bus_width >= 4 && (d->scr[1] & 0x04u)) {
		if ((err = app_cmd(s, 6, 2, EXTMEM_SD_RESP_R1, &st, NULL)) != EXTMEM_OK ||
		    (err = r1_status(st)) != EXTMEM_OK || (err = l->ops->set_bus_width(l->ctx, 4)) != EXTMEM_OK)
			return err;
		d->bus_width = 4;
	}
	if (d->type == EXTMEM_SDCARD_SDSC_V1 || d->type == EXTMEM_SDCARD_SDSC_V2)
		if ((err = cmd_r1(s, 16, EXTMEM_SDCARD_BLOCK, EXTMEM_SD_RESP_R1, NULL, NULL)) != EXTMEM_OK)
			return err;
	uint32_t want = s->cfg->max_hz != 0 && s->cfg->max_hz < DEFAULT_HZ ? s->cfg->max_hz : DEFAULT_HZ;
	if (l->max_hz != 0 && l->max_hz < want)
		want = l->max_hz;
	if ((err = l->ops->set_clock(l->ctx, want, &d->clock_hz)) != EXTMEM_OK)
		return err;
	return EXTMEM_OK;
}

static int sd_init(struct extmem_memory *m)
{
	const struct extmem_sdcard_config *cfg = m->config;
	if (cfg == NULL || m->data == NULL || cfg->link.ops == NULL || cfg->link.ops->command == NULL ||
	    cfg->link.ops->set_clock == NULL || cfg->link.ops->set_bus_width == NULL || cfg->link.ops->time_us == NULL)
		return EXTMEM_ERR_INVALID;
	if (cfg->link.bus_width != 1 && cfg->link.bus_width != 4)
		return EXTMEM_ERR_PROTOCOL;
	struct sd s = {cfg, m->data};
	memset(s.d, 0, sizeof(*s.d));
	int err = sd_setup(&s);
	if (err != EXTMEM_OK)
		return err;
	struct extmem_info *info = &m->info;
	info->size = s.d->capacity;
	info->page_size = EXTMEM_SDCARD_BLOCK;
	info->read_align = EXTMEM_SDCARD_BLOCK;
	info->write_align = EXTMEM_SDCARD_BLOCK;
	info->erase_needed = false;
	/* SCR DATA_STAT_AFTER_ERASE (bit 55). */
	info->erase_value = (s.d->scr[1] & 0x80u) ? 0xFF : 0x00;
	info->erase_type_count = 1;
	info->erase_sizes[0] = EXTMEM_SDCARD_BLOCK;
	info->uniform_erase = true;
	info->protocol = EXTMEM_PROTO_NONE;
	info->clock_hz = s.d->clock_hz;
	info->write_protected = s.d->write_protected;
	return EXTMEM_OK;
}

/* Argument of a data command: block number (SDHC/SDXC) or byte address (SDSC). */
static uint32_t data_arg(const struct sd *s, uint64_t block)
{
	bool blocks = s->d->type == EXTMEM_SDCARD_SDHC || s->d->type == EXTMEM_SDCARD_SDXC;
	return (uint32_t)(blocks ? block : block * EXTMEM_SDCARD_BLOCK);
}

/* After a transfer the card must be back in tran with no error (4.10.1). */
static int check_tran(const struct sd *s)
{
	uint32_t st;
	int err = cmd_r1(s, 13, (uint32_t)s->d->rca << 16, EXTMEM_SD_RESP_R1, NULL, &st);
	if (err != EXTMEM_OK)
		return err;
	uint32_t state = (st & EXTMEM_SD_ST_STATE_MASK) >> EXTMEM_SD_ST_STATE_SHIFT;
	return state == EXTMEM_SD_STATE_TRAN ? EXTMEM_OK : EXTMEM_ERR_DEVICE;
}

static int transfer(struct extmem_memory *m, bool write, uint64_t addr, uint8_t *buf, size_t len)
{
	struct sd s = {m->config, m->data};
	uint64_t block = addr / EXTMEM_SDCARD_BLOCK;
	uint64_t left = len / EXTMEM_SDCARD_BLOCK;
	while (left > 0) {
		uint32_t n = left > CHUNK_BLOCKS ? CHUNK_BLOCKS : (uint32_t)left;
		struct extmem_sd_data data = {.dir = write ? EXTMEM_SD_DATA_WRITE : EXTMEM_SD_DATA_READ,
					      .block_size = EXTMEM_SDCARD_BLOCK,
					      .blocks = n,
					      .buf.in = buf,
					      .timeout_us = write ? WRITE_TIMEOUT_US : READ_TIMEOUT_US};
		uint8_t index = write ? (n == 1 ? 24 : 25) : (n == 1 ? 17 : 18);
		uint32_t st = 0;
		int err = cmd_r1(&s, index, data_arg(&s, block), EXTMEM_SD_RESP_R1, &data, &st);
		if (n > 1 && r1_status(st) == EXTMEM_OK) {
			/* A multi-block transfer the card took ends with CMD12, also after a data error. */
			int stop = cmd_r1(&s, 12, 0, EXTMEM_SD_RESP_R1B, NULL, NULL);
			if (err == EXTMEM_OK)
				err = stop;
		}
		if (err == EXTMEM_OK)
			err = check_tran(&s);
		if (err != EXTMEM_OK)
			return err;
		block += n;
		buf += (size_t)n * EXTMEM_SDCARD_BLOCK;
		left -= n;
	}
	return EXTMEM_OK;
}

static int sd_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len)
{
	return transfer(m, false, addr, buf, len);
}

static int sd_write(struct extmem_memory *m, uint64_t addr, const void *buf, size_t len)
{
	/* Writes only read from buf; the shared path takes a non-const pointer. */
	return transfer(m, true, addr, (uint8_t *)(uintptr_t)buf, len);
}

/* CMD32/CMD33 mark the first and last block, CMD38 erases them all (4.3.5). */
static int sd_erase(struct extmem_memory *m, uint64_t addr, uint64_t len)
{
	struct sd s = {m->config, m->data};
	uint64_t first = addr / EXTMEM_SDCARD_BLOCK;
	uint64_t count = len / EXTMEM_SDCARD_BLOCK;
	uint64_t last = first + count - 1u;
	int err = cmd_r1(&s, 32, data_arg(&s, first), EXTMEM_SD_RESP_R1, NULL, NULL);
	if (err == EXTMEM_OK)
		err = cmd_r1(&s, 33, data_arg(&s, last), EXTMEM_SD_RESP_R1, NULL, NULL);
	if (err != EXTMEM_OK)
		return err;
	uint64_t units = count / ERASE_UNIT_BLOCKS + 2u;
	uint64_t timeout = units * ERASE_TIMEOUT_US;
	struct extmem_sd_cmd c = {.index = 38,
				  .arg = 0,
				  .resp_type = EXTMEM_SD_RESP_R1B,
				  .busy_timeout_us = timeout > UINT32_MAX ? UINT32_MAX : (uint32_t)timeout};
	err = ops(&s)->command(s.cfg->link.ctx, &c, NULL);
	int why = r1_status(c.resp[0]);
	if (why != EXTMEM_OK)
		return why;
	return err != EXTMEM_OK ? err : check_tran(&s);
}

static int sd_erase_all(struct extmem_memory *m)
{
	return sd_erase(m, 0, m->info.size);
}

const struct extmem_driver extmem_sdcard_driver = {
	.name = "sdcard",
	.init = sd_init,
	.read = sd_read,
	.write = sd_write,
	.erase = sd_erase,
	.erase_all = sd_erase_all,
};
