/* SPDX-License-Identifier: MIT */
/* SD memory card model; the rules it follows are listed in extmem_sim/sdcard.h. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "extmem_sim/sdcard.h"

#define CMD_CLOCKS     48u
#define NCR_CLOCKS     8u
#define NCR_MAX_CLOCKS 64u
#define NAC_BETWEEN    8u

static void violation(struct extmem_sim_sd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void violation(struct extmem_sim_sd *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->last_violation, sizeof(c->last_violation), fmt, ap);
	va_end(ap);
	c->violations++;
}

static void set_bits(uint32_t reg[4], unsigned hi, unsigned lo, uint32_t v)
{
	for (unsigned b = lo; b <= hi; b++, v >>= 1) {
		uint32_t *w = &reg[3u - b / 32u];
		*w = (*w & ~(1u << (b % 32u))) | ((v & 1u) << (b % 32u));
	}
}

static void build_csd(struct extmem_sim_sd *c)
{
	uint32_t *r = c->csd;
	memset(r, 0, sizeof(c->csd));
	set_bits(r, 119, 112, 0x0E); /* TAAC 1 ms */
	set_bits(r, 103, 96, 0x32);  /* TRAN_SPEED 25 MHz */
	set_bits(r, 46, 46, 1);      /* ERASE_BLK_EN: erase single blocks */
	set_bits(r, 45, 39, 0x7F);   /* SECTOR_SIZE: 128 blocks */
	set_bits(r, 28, 26, 2);      /* R2W_FACTOR */
	if (c->type == EXTMEM_SIM_SD_SDHC) {
		set_bits(r, 127, 126, 1);
		set_bits(r, 95, 84, 0x5B5);
		set_bits(r, 83, 80, 9);
		set_bits(r, 69, 48, (uint32_t)(c->capacity / (512u * 1024u) - 1u));
		set_bits(r, 25, 22, 9);
		return;
	}
	/* CSD 1.0: capacity = (C_SIZE + 1) * 2^(C_SIZE_MULT + 2) * 2^READ_BL_LEN; pick the smallest length. */
	unsigned bl = 9;
	while (bl < 11 && c->capacity / ((uint64_t)512u << bl) > 4096u)
		bl++;
	set_bits(r, 95, 84, 0x5F5);
	set_bits(r, 83, 80, bl);
	set_bits(r, 79, 79, 1); /* READ_BL_PARTIAL */
	set_bits(r, 73, 62, (uint32_t)(c->capacity / ((uint64_t)512u << bl) - 1u));
	set_bits(r, 61, 50, 0xFFF); /* VDD currents: maximum codes */
	set_bits(r, 49, 47, 7);
	set_bits(r, 25, 22, bl);
}

void extmem_sim_sd_init(struct extmem_sim_sd *card, struct extmem_sim_clock *clock, enum extmem_sim_sd_type type,
			uint8_t *array, uint64_t capacity)
{
	memset(card, 0, sizeof(*card));
	card->clock = clock;
	card->name = "sd";
	card->type = type;
	card->array = array;
	card->capacity = capacity;
	card->present = true;
	card->power_up_ps = EXTMEM_SIM_SD_POWER_UP_PS;
	card->blocklen = EXTMEM_SIM_SD_BLOCK;
	card->width = 1;
	build_csd(card);
	/* CID: a made-up manufacturer 0x7E, OEM "EX", product "EXTMM", revision 1.0. */
	set_bits(card->cid, 127, 120, 0x7E);
	set_bits(card->cid, 119, 104, ('E' << 8) | 'X');
	set_bits(card->cid, 103, 96, 'E');
	set_bits(card->cid, 95, 64, ('X' << 24) | ('T' << 16) | ('M' << 8) | 'M');
	set_bits(card->cid, 63, 56, 0x10);
	set_bits(card->cid, 55, 24, 0x00C0FFEEu);
	set_bits(card->cid, 19, 8, 0x1A1); /* 2026 January */
	/* SCR: structure 0, SD_SPEC 2 (with SD_SPEC3 for v2 cards), bus widths 1 and 4. */
	card->scr[0] = type == EXTMEM_SIM_SD_SDSC_V1 ? 0x01 : 0x02;
	card->scr[1] = 0x05;
	card->scr[2] = type == EXTMEM_SIM_SD_SDSC_V1 ? 0x00 : 0x80;
}

void extmem_sim_sd_attach_file(struct extmem_sim_sd *card, FILE *f)
{
	card->file = f;
	card->array = NULL;
}

static uint64_t clocks_ps(uint64_t clocks, uint32_t hz)
{
	return extmem_sim_cycles_to_ps(clocks, hz);
}

static void advance(struct extmem_sim_sd *c, uint64_t ps)
{
	extmem_sim_clock_advance(c->clock, ps);
}

bool extmem_sim_sd_busy(struct extmem_sim_sd *card)
{
	if (card->state == EXTMEM_SD_STATE_PRG && card->clock->now_ps >= card->busy_until_ps)
		card->state = EXTMEM_SD_STATE_TRAN;
	return card->state == EXTMEM_SD_STATE_PRG;
}

static bool storage(struct extmem_sim_sd *c, bool write, uint64_t off, void *buf, uint32_t len)
{
	if (c->file == NULL) {
		if (write)
			memcpy(c->array + off, buf, len);
		else
			memcpy(buf, c->array + off, len);
		return true;
	}
	if (fseeko(c->file, (off_t)off, SEEK_SET) != 0)
		return false;
	size_t n = write ? fwrite(buf, 1, len, c->file) : fread(buf, 1, len, c->file);
	return n == len;
}

static bool write_protected(const struct extmem_sim_sd *c)
{
	return extmem_sd_bits(c->csd, 13, 13) != 0 || extmem_sd_bits(c->csd, 12, 12) != 0;
}

static bool block_addressed(const struct extmem_sim_sd *c)
{
	return c->type == EXTMEM_SIM_SD_SDHC;
}

/* R1 content: clear-on-read errors, lock, the state the command found, readiness. */
static uint32_t status(struct extmem_sim_sd *c, enum extmem_sd_state state_seen)
{
	uint32_t st = c->pending | ((uint32_t)state_seen << EXTMEM_SD_ST_STATE_SHIFT);
	c->pending = 0;
	if (c->locked)
		st |= EXTMEM_SD_ST_CARD_IS_LOCKED;
	if (state_seen != EXTMEM_SD_STATE_PRG && state_seen != EXTMEM_SD_STATE_RCV)
		st |= EXTMEM_SD_ST_READY_FOR_DATA;
	if (c->app_cmd)
		st |= EXTMEM_SD_ST_APP_CMD;
	return st;
}

static uint32_t data_block_clocks(uint32_t bytes, uint8_t width)
{
	return bytes * 8u / width + 16u + 2u;
}

/* Byte offset of a data command's argument, or an error bit. */
static uint32_t address_of(const struct extmem_sim_sd *c, uint32_t arg, uint32_t blocks, uint64_t *off)
{
	*off = block_addressed(c) ? (uint64_t)arg * EXTMEM_SIM_SD_BLOCK : arg;
	if (*off >= c->capacity || (uint64_t)blocks * c->blocklen > c->capacity - *off)
		return EXTMEM_SD_ST_OUT_OF_RANGE;
	if (!block_addressed(c) && *off % c->blocklen != 0)
		return EXTMEM_SD_ST_ADDRESS_ERROR;
	return 0;
}

/* Checks that the host's data phase matches what the card will move. */
static bool data_shape_ok(struct extmem_sim_sd *c, const struct extmem_sd_data *data, enum extmem_sd_dir dir,
			  uint32_t block_size, uint8_t width)
{
	if (data == NULL || data->dir != dir || data->block_size != block_size || data->blocks == 0) {
		violation(c, "sd: data phase does not match the command (%u-byte blocks expected)", block_size);
		return false;
	}
	if (width != c->width) {
		violation(c, "sd: host on %u data lines, the card on %u (ACMD6)", width, c->width);
		return false;
	}
	return true;
}

static int read_blocks(struct extmem_sim_sd *c, uint64_t off, const struct extmem_sd_data *d, uint32_t hz,
		       uint8_t width)
{
	uint8_t *buf = d->buf.in;
	advance(c, EXTMEM_SIM_SD_READ_ACCESS_PS);
	for (uint32_t b = 0; b < d->blocks; b++) {
		if (b > 0)
			advance(c, clocks_ps(NAC_BETWEEN, hz));
		if (!storage(c, false, off + (uint64_t)b * d->block_size, buf + (size_t)b * d->block_size,
			     d->block_size))
			return EXTMEM_ERR_TIMEOUT;
		advance(c, clocks_ps(data_block_clocks(d->block_size, width), hz));
		c->blocks_read++;
	}
	if (c->data_crc_errors > 0) {
		c->data_crc_errors--;
		return EXTMEM_ERR_DEVICE;
	}
	return EXTMEM_OK;
}

static int write_blocks(struct extmem_sim_sd *c, uint64_t off, const struct extmem_sd_data *d, uint32_t hz,
			uint8_t width, uint32_t *written)
{
	*written = 0;
	const uint8_t *buf = d->buf.out;
	for (uint32_t b = 0; b < d->blocks; b++) {
		/* Block, then the card's CRC status token (8 clocks here). */
		advance(c, clocks_ps(data_block_clocks(d->block_size, width) + 8u, hz));
		if (c->data_crc_errors > 0) {
			c->data_crc_errors--;
			return EXTMEM_ERR_DEVICE; /* CRC status "error": block not written */
		}
		uint8_t tmp[EXTMEM_SIM_SD_BLOCK];
		memcpy(tmp, buf + (size_t)b * d->block_size, d->block_size);
		if (!storage(c, true, off + (uint64_t)b * d->block_size, tmp, d->block_size))
			return EXTMEM_ERR_DEVICE;
		c->blocks_written++;
		(*written)++;
	}
	return EXTMEM_OK;
}

static void start_busy(struct extmem_sim_sd *c, uint64_t ps)
{
	c->state = EXTMEM_SD_STATE_PRG;
	c->busy_until_ps = c->clock->now_ps + ps;
}

enum reply { REPLY_NONE, REPLY_R1, REPLY_R2, REPLY_R3, REPLY_R6, REPLY_R7 };

static void start_xfer(struct extmem_sim_sd *c, enum extmem_sd_dir dir, uint64_t off, uint32_t blocks, uint32_t block)
{
	c->xfer_dir = dir;
	c->xfer_off = off;
	c->xfer_left = blocks;
	c->xfer_block = block;
	c->xfer_started = false;
	c->xfer_scr = false;
}

static bool selected_rca(const struct extmem_sim_sd *c, uint32_t arg)
{
	return (arg >> 16) == c->rca;
}

/* Erase [start, end] (block or byte addresses as the card takes them). */
static uint32_t do_erase(struct extmem_sim_sd *c)
{
	if (!c->erase_start_set || !c->erase_end_set || c->erase_end < c->erase_start)
		return EXTMEM_SD_ST_ERASE_SEQ_ERROR;
	if (write_protected(c))
		return EXTMEM_SD_ST_WP_VIOLATION;
	uint8_t blk[EXTMEM_SIM_SD_BLOCK];
	memset(blk, c->erase_value, sizeof(blk));
	uint64_t n = (c->erase_end - c->erase_start) / EXTMEM_SIM_SD_BLOCK + 1u;
	for (uint64_t i = 0; i < n; i++)
		if (!storage(c, true, c->erase_start + i * EXTMEM_SIM_SD_BLOCK, blk, EXTMEM_SIM_SD_BLOCK))
			return EXTMEM_SD_ST_ERROR; /* the backing file failed: a general error, as a card reports it */
	c->blocks_erased += n;
	c->erase_start_set = c->erase_end_set = false;
	start_busy(c, EXTMEM_SIM_SD_ERASE_BUSY_PS + n * EXTMEM_SIM_SD_ERASE_BLOCK_PS);
	return 0;
}

static uint32_t erase_addr(struct extmem_sim_sd *c, uint32_t arg, uint64_t *off)
{
	uint32_t err = address_of(c, arg, 1, off);
	if (!block_addressed(c))
		*off -= *off % EXTMEM_SIM_SD_BLOCK; /* SDSC: the block holding the byte */
	return err & EXTMEM_SD_ST_OUT_OF_RANGE ? EXTMEM_SD_ST_ERASE_PARAM | EXTMEM_SD_ST_OUT_OF_RANGE : 0;
}

/* Executes one command; *reply says what goes back, *r the 32 content bits. */
static int execute(struct extmem_sim_sd *c, struct extmem_sd_cmd *cmd, const struct extmem_sd_data *data, uint32_t hz,
		   uint8_t width, enum reply *reply, uint32_t *r)
{
	enum extmem_sd_state seen = c->state;
	bool acmd = c->app_cmd;
	c->app_cmd = false;
	uint32_t arg = cmd->arg;
	bool tran = seen == EXTMEM_SD_STATE_TRAN;
	*reply = REPLY_NONE;
	uint64_t off;
	uint32_t err;
	int rc = EXTMEM_OK;

	if (acmd) {
		switch (cmd->index) {
		case 41:
			if (seen != EXTMEM_SD_STATE_IDLE)
				goto illegal;
			if (!c->power_up_started) {
				c->power_up_started = true;
				c->power_up_start_ps = c->clock->now_ps;
			}
			*reply = REPLY_R3;
			*r = EXTMEM_SD_OCR_VDD_27_36;
			/* A high-capacity card stays busy for a host that does not set HCS (or skipped CMD8). */
			bool hc_ok = c->type != EXTMEM_SIM_SD_SDHC || (c->if_cond && (arg & EXTMEM_SD_OCR_CCS));
			if (hc_ok && (arg & EXTMEM_SD_OCR_VDD_27_36) != 0 &&
			    c->clock->now_ps - c->power_up_start_ps >= c->power_up_ps) {
				*r |= EXTMEM_SD_OCR_BUSY_DONE;
				if (c->type == EXTMEM_SIM_SD_SDHC)
					*r |= EXTMEM_SD_OCR_CCS;
				c->state = EXTMEM_SD_STATE_READY;
			}
			return EXTMEM_OK;
		case 6:
			if (!tran)
				goto illegal;
			if ((arg & 3u) != 0 && (arg & 3u) != 2)
				goto illegal;
			c->width = (arg & 3u) == 2 ? 4 : 1;
			break;
		case 51:
			if (!tran)
				goto illegal;
			c->app_cmd = true; /* the R1 of an ACMD shows APP_CMD */
			*reply = REPLY_R1;
			*r = status(c, seen);
			c->app_cmd = false;
			if (!data_shape_ok(c, data, EXTMEM_SD_DATA_READ, 8, width))
				return EXTMEM_ERR_TIMEOUT;
			if (c->split) {
				start_xfer(c, EXTMEM_SD_DATA_READ, 0, 1u, 8u);
				c->xfer_scr = true;
				return EXTMEM_OK;
			}
			advance(c, EXTMEM_SIM_SD_READ_ACCESS_PS + clocks_ps(data_block_clocks(8, width), hz));
			memcpy(data->buf.in, c->scr, 8);
			return EXTMEM_OK;
		default: goto regular;
		}
		c->app_cmd = true;
		*reply = REPLY_R1;
		*r = status(c, seen);
		c->app_cmd = false;
		return EXTMEM_OK;
	}
regular:
	switch (cmd->index) {
	case 0:
		c->state = EXTMEM_SD_STATE_IDLE;
		c->rca = 0;
		c->if_cond = false;
		c->power_up_started = false;
		c->width = 1;
		c->blocklen = EXTMEM_SIM_SD_BLOCK;
		c->pending = 0;
		return EXTMEM_OK;
	case 8:
		if (seen != EXTMEM_SD_STATE_IDLE || c->type == EXTMEM_SIM_SD_SDSC_V1 || ((arg >> 8) & 0xFu) != 1u)
			goto illegal;
		c->if_cond = true;
		*reply = REPLY_R7;
		*r = arg & 0xFFFu;
		return EXTMEM_OK;
	case 55:
		c->app_cmd = true;
		*reply = REPLY_R1;
		*r = status(c, seen);
		return EXTMEM_OK;
	case 2:
		if (seen != EXTMEM_SD_STATE_READY)
			goto illegal;
		c->state = EXTMEM_SD_STATE_IDENT;
		*reply = REPLY_R2;
		memcpy(cmd->resp, c->cid, sizeof(c->cid));
		return EXTMEM_OK;
	case 3:
		if (seen != EXTMEM_SD_STATE_IDENT && seen != EXTMEM_SD_STATE_STBY)
			goto illegal;
		c->rca = EXTMEM_SIM_SD_RCA;
		c->state = EXTMEM_SD_STATE_STBY;
		*reply = REPLY_R6;
		{
			uint32_t st = status(c, seen);
			*r = (uint32_t)c->rca << 16 | ((st >> 8) & 0x8000u) | ((st >> 8) & 0x4000u) |
			     ((st >> 6) & 0x2000u) | (st & 0x1FFFu);
		}
		return EXTMEM_OK;
	case 9:
	case 10:
		if (seen != EXTMEM_SD_STATE_STBY || !selected_rca(c, arg))
			goto illegal;
		*reply = REPLY_R2;
		memcpy(cmd->resp, cmd->index == 9 ? c->csd : c->cid, sizeof(c->csd));
		return EXTMEM_OK;
	case 7:
		if (selected_rca(c, arg) && seen == EXTMEM_SD_STATE_STBY) {
			c->state = EXTMEM_SD_STATE_TRAN;
		} else if (!selected_rca(c, arg) && (seen == EXTMEM_SD_STATE_TRAN || seen == EXTMEM_SD_STATE_PRG)) {
			c->state = seen == EXTMEM_SD_STATE_PRG ? EXTMEM_SD_STATE_DIS : EXTMEM_SD_STATE_STBY;
			return EXTMEM_OK; /* the deselected card does not answer */
		} else {
			goto illegal;
		}
		break;
	case 13:
		if (seen < EXTMEM_SD_STATE_STBY || !selected_rca(c, arg))
			goto illegal;
		break;
	case 16:
		if (!tran || c->locked)
			goto illegal;
		if (arg == 0 || arg > EXTMEM_SIM_SD_BLOCK || (block_addressed(c) && arg != EXTMEM_SIM_SD_BLOCK))
			c->pending |= EXTMEM_SD_ST_BLOCK_LEN_ERROR;
		else
			c->blocklen = arg;
		break;
	case 17:
	case 18:
		if (!tran || c->locked)
			goto illegal;
		err = address_of(c, arg, data != NULL ? data->blocks : 1u, &off);
		c->pending |= err;
		*reply = REPLY_R1;
		*r = status(c, seen);
		if (err != 0)
			return EXTMEM_ERR_TIMEOUT; /* no data follows an address error */
		if (!data_shape_ok(c, data, EXTMEM_SD_DATA_READ, c->blocklen, width) ||
		    (cmd->index == 17 && data->blocks != 1))
			return EXTMEM_ERR_TIMEOUT;
		if (c->split) {
			start_xfer(c, EXTMEM_SD_DATA_READ, off, cmd->index == 17 ? 1u : UINT32_MAX, c->blocklen);
			if (cmd->index == 18)
				c->state = EXTMEM_SD_STATE_DATA;
			return EXTMEM_OK;
		}
		rc = read_blocks(c, off, data, hz, width);
		if (cmd->index == 18)
			c->state = EXTMEM_SD_STATE_DATA; /* until CMD12 */
		return rc;
	case 24:
	case 25:
		if (!tran || c->locked)
			goto illegal;
		err = address_of(c, arg, data != NULL ? data->blocks : 1u, &off);
		if (err == 0 && write_protected(c))
			err = EXTMEM_SD_ST_WP_VIOLATION;
		c->pending |= err;
		*reply = REPLY_R1;
		*r = status(c, seen);
		if (err != 0)
			return EXTMEM_ERR_DEVICE; /* the card takes no data: the host sees no CRC status */
		if (!data_shape_ok(c, data, EXTMEM_SD_DATA_WRITE, EXTMEM_SIM_SD_BLOCK, width) ||
		    (cmd->index == 24 && data->blocks != 1))
			return EXTMEM_ERR_DEVICE;
		if (c->split) {
			start_xfer(c, EXTMEM_SD_DATA_WRITE, off, cmd->index == 24 ? 1u : UINT32_MAX,
				   EXTMEM_SIM_SD_BLOCK);
			c->state = EXTMEM_SD_STATE_RCV;
			c->rcv_blocks = 0;
			return EXTMEM_OK;
		}
		{
			uint32_t written;
			rc = write_blocks(c, off, data, hz, width, &written);
			if (cmd->index == 25) {
				c->state = EXTMEM_SD_STATE_RCV; /* programming follows CMD12 */
				c->rcv_blocks = written;
			} else if (written == 1) {
				start_busy(c, EXTMEM_SIM_SD_WRITE_BUSY_PS);
			}
		}
		return rc;
	case 12:
		c->xfer_dir = EXTMEM_SD_DATA_NONE;
		if (seen == EXTMEM_SD_STATE_DATA) {
			c->state = EXTMEM_SD_STATE_TRAN;
		} else if (seen == EXTMEM_SD_STATE_RCV) {
			start_busy(c, (uint64_t)c->rcv_blocks * EXTMEM_SIM_SD_WRITE_BUSY_PS);
			c->rcv_blocks = 0;
		} else {
			goto illegal;
		}
		break;
	case 32:
	case 33:
		if (!tran || c->locked)
			goto illegal;
		err = erase_addr(c, arg, &off);
		if (cmd->index == 33 && !c->erase_start_set)
			err |= EXTMEM_SD_ST_ERASE_SEQ_ERROR;
		c->pending |= err;
		if (err == 0 && cmd->index == 32) {
			c->erase_start = off;
			c->erase_start_set = true;
			c->erase_end_set = false;
		} else if (err == 0) {
			c->erase_end = off;
			c->erase_end_set = true;
		}
		break;
	case 38:
		if (!tran || c->locked)
			goto illegal;
		c->pending |= do_erase(c);
		break;
	default: goto illegal;
	}
	*reply = REPLY_R1;
	*r = status(c, seen);
	return EXTMEM_OK;
illegal:
	/* No response; the next one reports it (4.6.1). */
	c->pending |= EXTMEM_SD_ST_ILLEGAL_COMMAND;
	*reply = REPLY_NONE;
	return EXTMEM_OK;
}

static enum reply expected_reply(enum extmem_sd_resp t)
{
	switch (t) {
	case EXTMEM_SD_RESP_R1:
	case EXTMEM_SD_RESP_R1B: return REPLY_R1;
	case EXTMEM_SD_RESP_R2: return REPLY_R2;
	case EXTMEM_SD_RESP_R3: return REPLY_R3;
	case EXTMEM_SD_RESP_R6: return REPLY_R6;
	case EXTMEM_SD_RESP_R7: return REPLY_R7;
	default: return REPLY_NONE;
	}
}

int extmem_sim_sd_command(struct extmem_sim_sd *card, struct extmem_sd_cmd *cmd, const struct extmem_sd_data *data,
			  uint32_t bus_hz, uint8_t width)
{
	if (cmd == NULL || bus_hz == 0 || cmd->index > 63)
		return EXTMEM_ERR_INVALID;
	memset(cmd->resp, 0, sizeof(cmd->resp));
	card->last_reply = EXTMEM_SD_RESP_NONE;
	advance(card, clocks_ps(CMD_CLOCKS, bus_hz));
	if (!card->present || card->hang) {
		advance(card, clocks_ps(NCR_MAX_CLOCKS, bus_hz));
		return card->present ? EXTMEM_ERR_TIMEOUT : EXTMEM_ERR_NO_DEVICE;
	}
	card->commands++;
	(void)extmem_sim_sd_busy(card);
	/* While programming only CMD13, CMD7 and CMD0 are taken (4.3.4). */
	if (card->state == EXTMEM_SD_STATE_PRG && cmd->index != 13 && cmd->index != 7 && cmd->index != 0) {
		violation(card, "sd: CMD%u while the card is busy programming", cmd->index);
		card->pending |= EXTMEM_SD_ST_ILLEGAL_COMMAND;
		advance(card, clocks_ps(NCR_MAX_CLOCKS, bus_hz));
		return EXTMEM_ERR_TIMEOUT;
	}
	enum reply reply;
	uint32_t r = 0;
	int rc = execute(card, cmd, data, bus_hz, width, &reply, &r);
	if (reply == REPLY_NONE) {
		if (cmd->resp_type != EXTMEM_SD_RESP_NONE) {
			advance(card, clocks_ps(NCR_MAX_CLOCKS, bus_hz));
			return EXTMEM_ERR_TIMEOUT;
		}
		return rc;
	}
	advance(card, clocks_ps(NCR_CLOCKS + (reply == REPLY_R2 ? 136u : 48u), bus_hz));
	if (reply != REPLY_R2)
		cmd->resp[0] = r;
	static const enum extmem_sd_resp sent[] = {
		[REPLY_NONE] = EXTMEM_SD_RESP_NONE, [REPLY_R1] = EXTMEM_SD_RESP_R1, [REPLY_R2] = EXTMEM_SD_RESP_R2,
		[REPLY_R3] = EXTMEM_SD_RESP_R3,     [REPLY_R6] = EXTMEM_SD_RESP_R6, [REPLY_R7] = EXTMEM_SD_RESP_R7,
	};
	card->last_reply = sent[reply];
	if (!card->split && expected_reply(cmd->resp_type) != reply)
		violation(card, "sd: CMD%u answered with a different response type than the host expects", cmd->index);
	/* R3 has no CRC: a corrupted one goes unnoticed by the host, so only others fail. */
	if (card->crc_errors > 0 && reply != REPLY_R3) {
		card->crc_errors--;
		return EXTMEM_ERR_DEVICE;
	}
	return rc;
}

uint64_t extmem_sim_sd_bound_ps(bool write, uint64_t blocks, uint32_t hz, uint8_t width)
{
	if (blocks == 0 || hz == 0 || (width != 1 && width != 4))
		return 0;
	uint64_t block = data_block_clocks(EXTMEM_SIM_SD_BLOCK, width);
	if (write)
		return clocks_ps(blocks * (block + 8u), hz) + blocks * EXTMEM_SIM_SD_WRITE_BUSY_PS;
	return EXTMEM_SIM_SD_READ_ACCESS_PS + clocks_ps(blocks * block + (blocks - 1u) * NAC_BETWEEN, hz);
}

int extmem_sim_sd_command_split(struct extmem_sim_sd *card, struct extmem_sd_cmd *cmd,
				const struct extmem_sd_data *data, uint32_t bus_hz, uint8_t width)
{
	card->split = true;
	int rc = extmem_sim_sd_command(card, cmd, data, bus_hz, width);
	card->split = false;
	return rc;
}

int extmem_sim_sd_data_block(struct extmem_sim_sd *card, void *buf, uint32_t len, uint32_t bus_hz, uint8_t width)
{
	struct extmem_sim_sd *c = card;
	if (buf == NULL || bus_hz == 0)
		return EXTMEM_ERR_INVALID;
	if (!c->present || c->hang || c->xfer_dir == EXTMEM_SD_DATA_NONE || c->xfer_left == 0)
		return EXTMEM_ERR_TIMEOUT;
	if (len != c->xfer_block || width != c->width) {
		violation(c, "sd: host moves a %u-byte block on %u lines, the card a %u-byte block on %u", len, width,
			  c->xfer_block, c->width);
		c->xfer_dir = EXTMEM_SD_DATA_NONE;
		return EXTMEM_ERR_TIMEOUT;
	}
	if (c->xfer_off + len > c->capacity && !c->xfer_scr) {
		c->pending |= EXTMEM_SD_ST_OUT_OF_RANGE; /* a multi-block transfer ran past the end */
		c->xfer_dir = EXTMEM_SD_DATA_NONE;
		return EXTMEM_ERR_TIMEOUT;
	}
	int rc = EXTMEM_OK;
	if (c->xfer_dir == EXTMEM_SD_DATA_READ) {
		advance(c, c->xfer_started ? clocks_ps(NAC_BETWEEN, bus_hz) : EXTMEM_SIM_SD_READ_ACCESS_PS);
		c->xfer_started = true;
		if (c->xfer_scr)
			memcpy(buf, c->scr, 8);
		else if (!storage(c, false, c->xfer_off, buf, len))
			return EXTMEM_ERR_TIMEOUT;
		advance(c, clocks_ps(data_block_clocks(len, width), bus_hz));
		if (!c->xfer_scr)
			c->blocks_read++;
		if (c->data_crc_errors > 0) {
			c->data_crc_errors--;
			rc = EXTMEM_ERR_DEVICE;
		}
	} else {
		advance(c, clocks_ps(data_block_clocks(len, width) + 8u, bus_hz));
		if (c->data_crc_errors > 0) {
			c->data_crc_errors--;
			return EXTMEM_ERR_DEVICE; /* CRC status "error": block not written */
		}
		if (!storage(c, true, c->xfer_off, buf, len))
			return EXTMEM_ERR_DEVICE;
		c->blocks_written++;
		c->rcv_blocks++;
	}
	c->xfer_off += len;
	if (c->xfer_left != UINT32_MAX)
		c->xfer_left--;
	if (c->xfer_left == 0) {
		c->xfer_dir = EXTMEM_SD_DATA_NONE;
		if (c->state == EXTMEM_SD_STATE_RCV) {
			/* single-block write: programming starts after its block */
			c->rcv_blocks = 0;
			start_busy(c, EXTMEM_SIM_SD_WRITE_BUSY_PS);
		}
	}
	return rc;
}

int extmem_sim_sd_open_file(struct extmem_sim_sd *card, struct extmem_sim_clock *clock, const char *path, char *err,
			    size_t errlen)
{
	if (card == NULL || clock == NULL || path == NULL || err == NULL)
		return EXTMEM_ERR_INVALID;
	FILE *f = fopen(path, "r+b");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return EXTMEM_ERR_INVALID;
	}
	off_t size = -1;
	if (fseeko(f, 0, SEEK_END) == 0)
		size = ftello(f);
	const off_t unit = 512 * 1024;
	if (size <= 0 || size % unit != 0) {
		snprintf(err, errlen, "%s: %lld bytes; an SDHC card image is a non-zero multiple of 512 KiB", path,
			 (long long)size);
		fclose(f);
		return EXTMEM_ERR_FORMAT;
	}
	extmem_sim_sd_init(card, clock, EXTMEM_SIM_SD_SDHC, NULL, (uint64_t)size);
	extmem_sim_sd_attach_file(card, f);
	return EXTMEM_OK;
}

int extmem_sim_sd_close_file(struct extmem_sim_sd *card)
{
	if (card == NULL || card->file == NULL)
		return EXTMEM_OK;
	int bad = ferror(card->file);
	bad |= fclose(card->file);
	card->file = NULL;
	return bad ? EXTMEM_ERR_DEVICE : EXTMEM_OK;
}
