/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: SDMMC1 (RM0477, SDMMC chapter) at 0x52007000 on AHB5,
 * bus clock RCC_AHB5ENR.SDMMC1EN (bit 8), reset RCC_AHB5RSTR.SDMMC1RST,
 * kernel clock from RCC_CCIPR1.SDMMC12SEL (PLL2 S or T). SDMMC_CK is the
 * kernel clock / (2 * CLKDIV), the kernel clock itself for CLKDIV 0.
 *
 * Registers: POWER, CLKCR, ARGR, CMDR, RESPCMDR, RESP1..4, DTIMER, DLENR,
 * DCTRLR, DCNTR, STAR, ICR, MASKR, ACKTIMER, IDMACTRLR, IDMABSIZER,
 * IDMABASER, IDMALAR, IDMABAR and the FIFO window (0x80..0xBC), all reset
 * to 0.
 *
 * The command path (CPSM) sends a command when CMDR is written with
 * CPSMEN: no response expected gives CMDSENT; a response gives CMDREND,
 * CCRCFAIL (bad CRC7, an R3 taken as a short response with CRC, or a
 * response of the other length) or CTIMEOUT (nothing answered). After a
 * short response with no data transfer, a card holding D0 low keeps the
 * CPSM active (BUSYD0) until it lets go (BUSYD0END) or DTIMER runs out
 * (DTIMEOUT). CMDTRANS hands the data path (DPSM), once the command
 * is sent or answered (not after CTIMEOUT), the transfer DLENR,
 * DCTRLR.DTDIR and DBLOCKSIZE describe; CMDSTOP aborts a transfer still
 * running (DABORT).
 *
 * The data path moves whole blocks across the bus (the card model's
 * timing) into or out of a block buffer that the FIFO window drains or
 * fills; on FIFO reads the bus receives the next block while the CPU
 * drains the one before (a block's words show once its bus time is over),
 * on FIFO writes the CPU fills the next block while one is on the bus
 * (TXFIFOHE clears while a full block waits behind it); with IDMACTRLR.IDMAEN (single buffer) it moves them to
 * or from RAM at IDMABASER at once. DBCKEND follows each block (on FIFO reads once the CPU has taken its last word, as
 * the CRC arrives after the data on the wire), DATAEND the last one (on writes after the card's programming busy,
 * bounded by DTIMER), DCRCFAIL a block with a bad CRC16, DTIMEOUT no start bit within DTIMER clocks. The FIFO flags
 * show 16 words of buffer: RXFIFOHF with 8 or more words waiting, TXFIFOHE always while the host still owes data (the
 * bus takes it at once). Hardware flow control is assumed: a slow CPU never overruns or underruns (RXOVERR, TXUNDERR
 * are not produced). Not modelled: linked-list IDMA (stops the run),
 * boot mode, SDIO interrupts, voltage switch, DDR, interrupts (MASKR is
 * kept, no line is raised).
 */
#include <string.h>

#include <unicorn/unicorn.h>

#include "internal.h"

#define POWER      0x00u
#define CLKCR      0x04u
#define ARGR       0x08u
#define CMDR       0x0Cu
#define RESPCMDR   0x10u
#define RESP1R     0x14u
#define DTIMER     0x24u
#define DLENR      0x28u
#define DCTRLR     0x2Cu
#define DCNTR      0x30u
#define STAR       0x34u
#define ICR        0x38u
#define MASKR      0x3Cu
#define ACKTIMER   0x40u
#define IDMACTRLR  0x50u
#define IDMABSIZER 0x54u
#define IDMABASER  0x58u
#define IDMALAR    0x64u
#define IDMABAR    0x68u
#define FIFO       0x80u
#define FIFO_END   0xC0u

#define CMDR_CMDTRANS (1u << 6)
#define CMDR_CMDSTOP  (1u << 7)
#define CMDR_CPSMEN   (1u << 12)
#define DCTRL_DTEN    (1u << 0)
#define DCTRL_DTDIR   (1u << 1)
#define DCTRL_FIFORST (1u << 13)

#define ST_CCRCFAIL  (1u << 0)
#define ST_DCRCFAIL  (1u << 1)
#define ST_CTIMEOUT  (1u << 2)
#define ST_DTIMEOUT  (1u << 3)
#define ST_CMDREND   (1u << 6)
#define ST_CMDSENT   (1u << 7)
#define ST_DATAEND   (1u << 8)
#define ST_DBCKEND   (1u << 10)
#define ST_DABORT    (1u << 11)
#define ST_DPSMACT   (1u << 12)
#define ST_CPSMACT   (1u << 13)
#define ST_TXFIFOHE  (1u << 14)
#define ST_RXFIFOHF  (1u << 15)
#define ST_TXFIFOF   (1u << 16)
#define ST_RXFIFOF   (1u << 17)
#define ST_TXFIFOE   (1u << 18)
#define ST_RXFIFOE   (1u << 19)
#define ST_BUSYD0    (1u << 20)
#define ST_BUSYD0END (1u << 21)
#define ST_IDMATE    (1u << 27)
#define ICR_MASK     0x1FE00FFFu /* the static flags ICR clears */

#define FIFO_BYTES 64u /* 16 words */
#define NCR_CLOCKS 64u /* what a command nobody hears costs: the response timeout */

static const char *const regnames[] = {"POWER",  "CLKCR",  "ARGR",   "CMDR",   "RESPCMDR", "RESP1R",
				       "RESP2R", "RESP3R", "RESP4R", "DTIMER", "DLENR",    "DCTRLR",
				       "DCNTR",  "STAR",   "ICR",    "MASKR",  "ACKTIMER"};

void emu_sdmmc_reset(struct extmem_emu *emu)
{
	memset(&emu->sdmmc1, 0, sizeof(emu->sdmmc1));
}

static bool clocked(struct extmem_emu *emu, uint32_t off, unsigned size, bool write)
{
	if (emu_rcc(emu, 0x134u) & (1u << 8))
		return true;
	emu_warn_ignored(emu, EMU_SDMMC1_BASE + off, size, write,
			 "%s of SDMMC1 register 0x%08X while its bus clock is off (RCC_AHB5ENR.SDMMC1EN = 0): %s",
			 write ? "write" : "read", EMU_SDMMC1_BASE + off, write ? "ignored" : "reads 0");
	return false;
}

static uint32_t bus_hz(struct extmem_emu *emu)
{
	uint32_t k = emu_sdmmc_kernel_hz(emu);
	uint32_t div = emu->sdmmc1.clkcr & 0x3FFu;
	return div == 0 ? k : k / (2u * div);
}

static uint8_t width(const struct emu_sdmmc *s)
{
	static const uint8_t w[4] = {1, 4, 8, 1};
	return w[(s->clkcr >> 14) & 3u];
}

static struct extmem_sim_sd *card(struct extmem_emu *emu)
{
	return emu->cfg.sd;
}

/* DTIMER SDMMC_CK periods from now, in ps. */
static uint64_t dtimer_deadline(struct extmem_emu *emu, uint32_t hz)
{
	return emu->clock->now_ps + extmem_sim_cycles_to_ps(emu->sdmmc1.dtimer, hz);
}

static bool card_busy(struct extmem_emu *emu)
{
	struct extmem_sim_sd *c = card(emu);
	return c != NULL && c->present && extmem_sim_sd_busy(c);
}

static void dpsm_stop(struct emu_sdmmc *s, uint32_t flags)
{
	s->dpsm = DPSM_IDLE;
	s->star |= flags;
	s->fill = s->head = s->arrived = 0;
}

/* One data block between blk and the card (the card model advances the clock); *hz: the bus clock used. */
static int card_block(struct extmem_emu *emu, uint8_t *blk, uint32_t *hz)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	struct extmem_sim_sd *c = card(emu);
	*hz = bus_hz(emu);
	return c == NULL || *hz == 0 ? EXTMEM_ERR_TIMEOUT : extmem_sim_sd_data_block(c, blk, s->bsize, *hz, width(s));
}

/* What card_block's rc does to the DPSM: false when it stopped (CRC) or waits for DTIMER. */
static bool block_moved(struct extmem_emu *emu, int rc, uint32_t hz)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	if (rc == EXTMEM_ERR_DEVICE) {
		dpsm_stop(s, ST_DCRCFAIL);
		return false;
	}
	if (rc != EXTMEM_OK) {
		/* no start bit (read) or no CRC status (write): DTIMEOUT once DTIMER has run out */
		s->dpsm = DPSM_WAIT;
		s->dpsm_deadline = dtimer_deadline(emu, hz ? hz : 1u);
		return false;
	}
	return true;
}

/* One block across the bus, the CPU waiting for it (DMA); false when the DPSM stopped. */
static bool move_block(struct extmem_emu *emu, uint8_t *blk)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	uint64_t before = emu->clock->now_ps;
	uint32_t hz;
	int rc = card_block(emu, blk, &hz);
	emu_sync_bus_time(emu, before);
	if (!block_moved(emu, rc, hz))
		return false;
	s->fetched += s->bsize;
	return true;
}

/* After the last write block: DATAEND once the card releases D0. */
static void write_done(struct extmem_emu *emu)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	s->dpsm = DPSM_BUSY;
	s->dpsm_deadline = dtimer_deadline(emu, bus_hz(emu) ? bus_hz(emu) : 1u);
}

static void idma_run(struct extmem_emu *emu)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	bool read = (s->dctrlr & DCTRL_DTDIR) != 0;
	if (s->idmactrlr & 2u) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, EMU_SDMMC1_BASE + IDMACTRLR, s->idmactrlr, 4, true,
			 "SDMMC1 IDMA linked-list mode (IDMABMODE = 1) is not modelled");
		dpsm_stop(s, 0);
		return;
	}
	while (s->fetched < s->dlen) {
		uint32_t addr = s->idmabaser + s->fetched;
		if (!read && uc_mem_read(emu->uc, addr, s->buf, s->bsize) != UC_ERR_OK) {
			dpsm_stop(s, ST_IDMATE);
			return;
		}
		if (!move_block(emu, s->buf))
			return;
		if (read && uc_mem_write(emu->uc, addr, s->buf, s->bsize) != UC_ERR_OK) {
			dpsm_stop(s, ST_IDMATE);
			return;
		}
		s->star |= ST_DBCKEND;
	}
	s->popped = s->dlen;
	if (read)
		dpsm_stop(s, ST_DATAEND);
	else
		write_done(emu);
}

/*
 * FIFO reads: the bus receives the next block while the CPU drains the one
 * before, as the DPSM does with the FIFO kept from filling: one block on
 * the bus ahead of what the CPU has, its bytes visible once its time has
 * come (the card model's time, taken without stalling the CPU).
 */
static void rx_refill(struct extmem_emu *emu)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	uint64_t now = emu->clock->now_ps;
	if (s->arrived < s->fill && now >= s->inflight_ps)
		s->arrived = s->fill;
	if (s->dpsm != DPSM_RECV || s->arrived < s->fill || s->fetched >= s->dlen || s->fill - s->head >= 2u * s->bsize)
		return;
	if (s->head > 0) {
		memmove(s->buf, s->buf + s->head, s->fill - s->head);
		s->fill -= s->head;
		s->arrived -= s->head;
		s->head = 0;
	}
	uint32_t hz;
	int rc = card_block(emu, s->buf + s->fill, &hz);
	uint64_t dt = emu->clock->now_ps - now;
	emu->clock->now_ps = now; /* the bus runs beside the CPU */
	if (!block_moved(emu, rc, hz))
		return;
	uint64_t start = s->inflight_ps > now ? s->inflight_ps : now;
	s->inflight_ps = start + dt;
	s->fetched += s->bsize;
	s->fill += s->bsize;
}

static void dpsm_start(struct extmem_emu *emu)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	s->dlen = s->dlenr & 0x1FFFFFFu;
	s->bsize = 1u << ((s->dctrlr >> 4) & 0xFu);
	if (s->bsize > EMU_SDMMC_BLOCK_MAX)
		s->bsize = EMU_SDMMC_BLOCK_MAX;
	s->dten_wait = false;
	s->fetched = s->popped = s->fill = s->head = s->arrived = 0;
	s->inflight_ps = s->tx_start_ps = 0;
	s->block_done_at = s->bsize;
	if (s->dlen == 0) {
		s->star |= ST_DATAEND;
		return;
	}
	bool read = (s->dctrlr & DCTRL_DTDIR) != 0;
	s->dpsm = read ? DPSM_RECV : DPSM_SEND;
	if (s->idmactrlr & 1u)
		idma_run(emu);
	else if (read)
		rx_refill(emu);
}

static enum extmem_sd_resp expect_for(uint32_t waitresp)
{
	/* the card model is told only the length class; it does not judge the type for a split host */
	return waitresp == 3u ? EXTMEM_SD_RESP_R2 : waitresp == 2u ? EXTMEM_SD_RESP_R3 : EXTMEM_SD_RESP_R1;
}

static void cpsm_start(struct extmem_emu *emu)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	uint32_t waitresp = (s->cmdr >> 8) & 3u;
	bool trans = (s->cmdr & CMDR_CMDTRANS) != 0;
	/* DTEN set before the command (ST's HAL does so for the SCR): the DPSM already waits for the start bit */
	bool armed = !trans && s->dpsm == DPSM_WAIT && s->dten_wait;
	uint32_t hz = bus_hz(emu);
	struct extmem_sim_sd *c = card(emu);
	s->commands++;
	if (s->cmdr & CMDR_CMDSTOP && s->dpsm != DPSM_IDLE)
		dpsm_stop(s, ST_DABORT);
	if (hz == 0) {
		/* no kernel clock: the CPSM never gets past sending, as on silicon */
		s->cpsm_busy = true;
		s->cpsm_deadline = UINT64_MAX;
		emu_warn_ignored(emu, EMU_SDMMC1_BASE + CMDR, 4, true,
				 "SDMMC1 command CMD%u with no kernel clock (RCC_CCIPR1.SDMMC12SEL source off)",
				 (unsigned)(s->cmdr & 0x3Fu));
		return;
	}
	struct extmem_sd_cmd cmd = {
		.index = (uint8_t)(s->cmdr & 0x3Fu), .arg = s->argr, .resp_type = expect_for(waitresp)};
	struct extmem_sd_data shape = {0};
	if (trans || armed) {
		shape.dir = s->dctrlr & DCTRL_DTDIR ? EXTMEM_SD_DATA_READ : EXTMEM_SD_DATA_WRITE;
		shape.block_size = 1u << ((s->dctrlr >> 4) & 0xFu);
		shape.blocks = shape.block_size ? (s->dlenr & 0x1FFFFFFu) / shape.block_size : 0;
	}
	uint64_t before = emu->clock->now_ps;
	int rc = EXTMEM_ERR_NO_DEVICE;
	enum extmem_sd_resp sent = EXTMEM_SD_RESP_NONE;
	bool crc_bad = false;
	bool powered = (s->power & 3u) == 3u;
	if (c != NULL && powered) {
		uint32_t crc_before = c->crc_errors;
		rc = extmem_sim_sd_command_split(c, &cmd, trans || armed ? &shape : NULL, hz, width(s));
		sent = c->last_reply;
		crc_bad = c->crc_errors < crc_before;
	} else {
		/* nobody on the lines (empty slot, or POWER off: no clock reaches the card) */
		extmem_sim_clock_advance(emu->clock, extmem_sim_cycles_to_ps(48u + NCR_CLOCKS, hz));
	}
	(void)rc;
	emu_sync_bus_time(emu, before);
	bool answered = true;
	if (waitresp == 0) {
		s->star |= ST_CMDSENT;
	} else if (sent == EXTMEM_SD_RESP_NONE) {
		s->star |= ST_CTIMEOUT;
		answered = false;
	} else {
		bool long_sent = sent == EXTMEM_SD_RESP_R2;
		s->respcmdr = long_sent || sent == EXTMEM_SD_RESP_R3 ? 0x3Fu : cmd.index;
		if (long_sent) {
			for (unsigned i = 0; i < 4; i++)
				s->resp[i] = cmd.resp[i];
			s->resp[3] &= ~1u;
		} else {
			s->resp[0] = cmd.resp[0];
		}
		/* R3 carries 1111111b where the CRC7 goes: a host checking it fails */
		bool bad = crc_bad || long_sent != (waitresp == 3u) || (sent == EXTMEM_SD_RESP_R3 && waitresp == 1u);
		s->star |= bad ? ST_CCRCFAIL : ST_CMDREND;
		if (!trans && !long_sent && card_busy(emu)) {
			s->cpsm_busy = true;
			s->cpsm_deadline = dtimer_deadline(emu, hz);
		}
	}
	/* the CPSM hands the DPSM its DataEnable at the end of the command; a timed-out command hands nothing */
	if (trans && answered)
		dpsm_start(emu);
	else if (armed && c != NULL && c->xfer_dir != EXTMEM_SD_DATA_NONE)
		dpsm_start(emu); /* the command set the card sending: the waiting DPSM receives it */
}

/* Lazily: what changed since the last look as the virtual clock went on. */
static void update(struct extmem_emu *emu)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	uint64_t now = emu->clock->now_ps;
	if (s->cpsm_busy) {
		if (s->cpsm_deadline != UINT64_MAX && !card_busy(emu)) {
			s->cpsm_busy = false;
			s->star |= ST_BUSYD0END;
		} else if (now >= s->cpsm_deadline) {
			s->cpsm_busy = false;
			s->star |= ST_DTIMEOUT;
		}
	}
	if (s->dpsm == DPSM_BUSY) {
		if (now < s->inflight_ps)
			return; /* the last block is still on the bus */
		if (!card_busy(emu))
			dpsm_stop(s, ST_DATAEND);
		else if (now >= s->dpsm_deadline)
			dpsm_stop(s, ST_DTIMEOUT);
	} else if (s->dpsm == DPSM_WAIT && now >= s->dpsm_deadline) {
		dpsm_stop(s, ST_DTIMEOUT);
	} else if (s->dpsm == DPSM_RECV) {
		rx_refill(emu);
	}
}

static uint32_t status(struct extmem_emu *emu)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	update(emu);
	uint32_t st = s->star & ICR_MASK;
	if (s->cpsm_busy)
		st |= ST_CPSMACT;
	if (card_busy(emu))
		st |= ST_BUSYD0;
	if (s->dpsm != DPSM_IDLE)
		st |= ST_DPSMACT;
	/* the FIFO flags speak for the transfer in flight only (STAR resets to 0) */
	if (s->dpsm == DPSM_RECV) {
		uint32_t level = s->arrived - s->head;
		if (level > FIFO_BYTES)
			level = FIFO_BYTES;
		st |= level >= FIFO_BYTES / 2 ? ST_RXFIFOHF : 0;
		st |= level == FIFO_BYTES ? ST_RXFIFOF : 0;
		st |= level == 0 ? ST_RXFIFOE : 0;
	} else if (s->dpsm == DPSM_SEND) {
		uint64_t now = emu->clock->now_ps;
		/* full while a whole block waits behind the one on the bus */
		if (!(s->inflight_ps > now && s->tx_start_ps > now))
			st |= ST_TXFIFOHE;
		if (s->fill == 0 && now >= s->inflight_ps)
			st |= ST_TXFIFOE;
	}
	return st;
}

static uint32_t fifo_read(struct extmem_emu *emu)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	rx_refill(emu);
	if (s->dpsm != DPSM_RECV || s->arrived - s->head < 4u)
		return 0; /* an empty FIFO reads as nothing */
	uint32_t v;
	memcpy(&v, s->buf + s->head, 4);
	s->head += 4;
	s->popped += 4;
	if (s->popped >= s->block_done_at) {
		s->star |= ST_DBCKEND;
		s->block_done_at += s->bsize;
	}
	rx_refill(emu);
	if (s->dpsm == DPSM_RECV && s->popped >= s->dlen)
		dpsm_stop(s, ST_DATAEND);
	return v;
}

static void fifo_write(struct extmem_emu *emu, uint32_t v)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	if (s->dpsm != DPSM_SEND || s->idmactrlr & 1u) {
		emu_warn_ignored(emu, EMU_SDMMC1_BASE + FIFO, 4, true,
				 "write to the SDMMC1 FIFO with no transmit transfer waiting for data: ignored");
		return;
	}
	uint64_t now = emu->clock->now_ps;
	if (s->inflight_ps > now && s->tx_start_ps > now) {
		/* a full block waits for the bus and the FIFO is full: TXFIFOHE was clear */
		emu_warn_ignored(emu, EMU_SDMMC1_BASE + FIFO, 4, true,
				 "write to the SDMMC1 FIFO while it is full (TXFIFOHE clear): ignored");
		return;
	}
	memcpy(s->buf + s->fill, &v, 4);
	s->fill += 4;
	s->popped += 4;
	if (s->fill < s->bsize && s->popped < s->dlen)
		return;
	s->fill = 0;
	/* the block goes on the bus after the one before it; the CPU fills the next one meanwhile */
	uint64_t start = s->inflight_ps > now ? s->inflight_ps : now;
	emu->clock->now_ps = start;
	uint32_t hz;
	int rc = card_block(emu, s->buf, &hz);
	s->inflight_ps = emu->clock->now_ps;
	s->tx_start_ps = start;
	emu->clock->now_ps = now;
	if (!block_moved(emu, rc, hz))
		return;
	s->fetched += s->bsize;
	s->star |= ST_DBCKEND;
	if (s->popped >= s->dlen)
		write_done(emu);
}

/* The registers that hold what is written, within their writable bits (RM0477 SDMMC register map). */
static const struct {
	uint16_t reg, field; /* offset in the block, offsetof in struct emu_sdmmc */
	uint32_t mask;
} plain_regs[] = {
	{POWER, offsetof(struct emu_sdmmc, power), 0x1Fu},
	{CLKCR, offsetof(struct emu_sdmmc, clkcr), 0x003FD3FFu},
	{ARGR, offsetof(struct emu_sdmmc, argr), 0xFFFFFFFFu},
	{DTIMER, offsetof(struct emu_sdmmc, dtimer), 0xFFFFFFFFu},
	{DLENR, offsetof(struct emu_sdmmc, dlenr), 0x1FFFFFFu},
	{MASKR, offsetof(struct emu_sdmmc, maskr), 0x1FE3CFFFu},
	{ACKTIMER, offsetof(struct emu_sdmmc, acktimer), 0x1FFFFFFu},
	{IDMACTRLR, offsetof(struct emu_sdmmc, idmactrlr), 3u},
	{IDMABSIZER, offsetof(struct emu_sdmmc, idmabsizer), 0x0001FFE0u},
	{IDMABASER, offsetof(struct emu_sdmmc, idmabaser), ~3u},
	{IDMALAR, offsetof(struct emu_sdmmc, idmalar), 0xE000FFFCu},
	{IDMABAR, offsetof(struct emu_sdmmc, idmabar), ~3u},
};

/* The field of a plain register and its writable bits, NULL for the others. */
static uint32_t *plain_reg(struct emu_sdmmc *s, uint32_t reg, uint32_t *mask)
{
	for (size_t i = 0; i < sizeof(plain_regs) / sizeof(plain_regs[0]); i++) {
		if (plain_regs[i].reg == reg) {
			*mask = plain_regs[i].mask;
			return (uint32_t *)(void *)((uint8_t *)s + plain_regs[i].field);
		}
	}
	return NULL;
}

static bool known(uint32_t off)
{
	return off <= ACKTIMER || off == IDMACTRLR || off == IDMABSIZER || off == IDMABASER || off == IDMALAR ||
	       off == IDMABAR || (off >= FIFO && off < FIFO_END);
}

/* A register that is not plain: what reading it gives (DCNTR, STAR, the FIFO pop ...). */
static uint32_t special_read(struct extmem_emu *emu, uint32_t reg)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	uint32_t v;
	switch (reg) {
	case CMDR: v = s->cmdr; break;
	case RESPCMDR: v = s->respcmdr; break;
	case DCTRLR: v = s->dctrlr; break;
	case DCNTR: {
		uint32_t left = s->dlen - s->popped;
		uint32_t queued = s->dpsm == DPSM_RECV ? s->fill - s->head : 0;
		v = s->dpsm == DPSM_IDLE ? s->dlen - s->popped : left > queued ? left - queued : 0;
		break;
	}
	case STAR: v = status(emu); break;
	case ICR: v = 0; break;
	default:
		if (reg >= FIFO) {
			v = fifo_read(emu);
			break;
		}
		v = s->resp[(reg - RESP1R) / 4u];
		break;
	}
	return v;
}

uint32_t emu_sdmmc_read(struct extmem_emu *emu, uint32_t off, unsigned size)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	uint32_t reg = off & ~3u;
	if (!known(reg)) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, EMU_SDMMC1_BASE + off, 0, size, false,
			 "read of unmodelled SDMMC1 register 0x%08X (offset 0x%03X)", EMU_SDMMC1_BASE + off, reg);
		return 0;
	}
	if (!clocked(emu, off, size, false))
		return 0;
	uint32_t mask;
	const uint32_t *plain = plain_reg(s, reg, &mask);
	uint32_t v = plain != NULL ? *plain : special_read(emu, reg);
	v >>= 8u * (off & 3u);
	return size >= 4 ? v : v & ((1u << (8u * size)) - 1u);
}

void emu_sdmmc_write(struct extmem_emu *emu, uint32_t off, unsigned size, uint32_t value)
{
	struct emu_sdmmc *s = &emu->sdmmc1;
	uint32_t reg = off & ~3u;
	if (!known(reg)) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNMODELLED, EMU_SDMMC1_BASE + off, value, size, true,
			 "write of 0x%08X to unmodelled SDMMC1 register 0x%08X (offset 0x%03X)", value,
			 EMU_SDMMC1_BASE + off, reg);
		return;
	}
	if (!clocked(emu, off, size, true))
		return;
	if (size != 4) {
		emu_stop(emu, EXTMEM_EMU_STOP_UNSUPPORTED, EMU_SDMMC1_BASE + off, value, size, true,
			 "%u-byte write to SDMMC1 %s: the registers take 32-bit writes", size,
			 reg < sizeof(regnames) / sizeof(regnames[0]) * 4u ? regnames[reg / 4u] : "FIFO");
		return;
	}
	uint32_t mask;
	uint32_t *plain = plain_reg(s, reg, &mask);
	if (plain != NULL) {
		*plain = value & mask;
		return;
	}
	switch (reg) {
	case CMDR:
		update(emu);
		if (s->cpsm_busy) {
			/* RM0477: CMDR is written only while the CPSM is idle */
			emu_warn_ignored(emu, EMU_SDMMC1_BASE + CMDR, 4, true,
					 "write of 0x%08X to SDMMC1 CMDR while the CPSM is active (CPSMACT): ignored",
					 value);
			return;
		}
		s->cmdr = value & 0x1FFFFu;
		if (s->cmdr & CMDR_CPSMEN)
			cpsm_start(emu);
		break;
	case DCTRLR:
		s->dctrlr = value & 0x1FFFu;
		if (value & DCTRL_FIFORST) {
			s->fill = s->head = s->arrived = 0;
		}
		if ((value & DCTRL_DTEN) && s->dpsm == DPSM_IDLE) {
			/* Wait_R / Wait_S: data moves once a command sets the card going, DTIMER bounds the wait */
			s->dpsm = DPSM_WAIT;
			s->dten_wait = true;
			s->dpsm_deadline = dtimer_deadline(emu, bus_hz(emu) ? bus_hz(emu) : 1u);
		}
		break;
	case ICR: s->star &= ~(value & ICR_MASK); break;
	case STAR:
	case RESPCMDR:
	case DCNTR: break; /* read-only */
	default:
		if (reg >= FIFO) {
			fifo_write(emu, value);
			break;
		}
		break; /* RESPn: read-only */
	}
}
