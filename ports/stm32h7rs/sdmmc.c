/* SPDX-License-Identifier: MIT */
/*
 * extmem port for STM32H7R/H7S: SDMMC1 as the SD host of extmem_sd.h, at
 * register level (RM0477, SDMMC chapter). Commands go through the CPSM,
 * data through the FIFO by the CPU (any buffer alignment, no cache
 * maintenance, hardware flow control keeps the FIFO from over- or
 * underrunning). Every wait is bounded: DTIMER bounds the card's data
 * start, write busy and R1b busy on the bus; a software deadline on the
 * port's clock bounds everything else, so a dead card ends in a status.
 */
#include "extmem_stm32h7rs.h"
#include "stm32h7rs_regs.h"

#define SD_POWER     0x00u
#define SD_CLKCR     0x04u
#define SD_ARGR      0x08u
#define SD_CMDR      0x0Cu
#define SD_RESPCMDR  0x10u
#define SD_RESP1R    0x14u
#define SD_DTIMER    0x24u
#define SD_DLENR     0x28u
#define SD_DCTRLR    0x2Cu
#define SD_STAR      0x34u
#define SD_ICR       0x38u
#define SD_MASKR     0x3Cu
#define SD_IDMACTRLR 0x50u
#define SD_FIFO      0x80u

#define CLKCR_WIDBUS_4 (1u << 14)
#define CLKCR_HWFC_EN  (1u << 17)
#define CMDR_CMDTRANS  (1u << 6)
#define CMDR_CMDSTOP   (1u << 7)
#define CMDR_CPSMEN    (1u << 12)
#define DCTRL_DTDIR    (1u << 1)
#define DCTRL_FIFORST  (1u << 13)

#define ST_CCRCFAIL  (1u << 0)
#define ST_DCRCFAIL  (1u << 1)
#define ST_CTIMEOUT  (1u << 2)
#define ST_DTIMEOUT  (1u << 3)
#define ST_TXUNDERR  (1u << 4)
#define ST_RXOVERR   (1u << 5)
#define ST_CMDREND   (1u << 6)
#define ST_CMDSENT   (1u << 7)
#define ST_DATAEND   (1u << 8)
#define ST_DPSMACT   (1u << 12)
#define ST_CPSMACT   (1u << 13)
#define ST_TXFIFOHE  (1u << 14)
#define ST_RXFIFOHF  (1u << 15)
#define ST_RXFIFOE   (1u << 19)
#define ST_BUSYD0END (1u << 21)
#define ST_IDMATE    (1u << 27)
#define ICR_ALL      0x1FE00FFFu

#define RCC_AHB5RSTR       (RCC_BASE + 0x07Cu)
#define RCC_AHB5_SDMMC1    (1u << 8)
#define RCC_CCIPR1_SDMMC12 (1u << 2)
#define GPIO_PUPDR(p)      (GPIO_BASE(p) + 0x0Cu)
#define GPIO_IDR(p)        (GPIO_BASE(p) + 0x10u)

#define ID_HZ           400000u
#define MAX_CLKDIV      1023u
#define DEFAULT_CMD_US  10000u   /* command, response, start of busy: far above Ncr's 64 clocks at 100 kHz */
#define DEFAULT_DATA_US 250000u  /* per block, when the caller gives 0 */
#define DEFAULT_BUSY_US 1000000u /* R1b, when the caller gives 0 */
#define SLACK_US        1000u    /* the software bound sits above DTIMER's */
#define MAX_BLOCK       16384u   /* DBLOCKSIZE 14 */
#define MAX_DLEN        0x1FFFFFFu

static volatile uint32_t *reg(const struct extmem_stm32_sdmmc *h, uint32_t off)
{
	return (volatile uint32_t *)(h->base + off);
}

static uint32_t now_us(struct extmem_stm32_sdmmc *h)
{
	return extmem_stm32_time_us(&h->time);
}

/* Waits until STAR has one of `any` set (or, with any = 0, until none of `clear` is set), at most us. */
static int wait_star(struct extmem_stm32_sdmmc *h, uint32_t any, uint32_t clear, uint32_t us, uint32_t *star)
{
	uint32_t t0 = now_us(h);
	for (;;) {
		uint32_t st = *reg(h, SD_STAR);
		if (any != 0 ? (st & any) != 0 : (st & clear) == 0) {
			*star = st;
			return EXTMEM_OK;
		}
		if (now_us(h) - t0 > us) {
			*star = st;
			return EXTMEM_ERR_TIMEOUT;
		}
	}
}

/* DTIMER in SDMMC_CK periods for us microseconds, saturated. */
static uint32_t clocks_for(const struct extmem_stm32_sdmmc *h, uint32_t us)
{
	uint64_t c = (uint64_t)us * (h->bus_hz / 1000u) / 1000u;
	return c > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)c;
}

static int sd_set_clock(void *ctx, uint32_t hz, uint32_t *actual_hz)
{
	struct extmem_stm32_sdmmc *h = ctx;
	if (h == NULL || hz == 0)
		return EXTMEM_ERR_INVALID;
	uint32_t div = 0; /* CLKDIV 0: SDMMC_CK = sdmmc_ker_ck */
	if (hz < h->kernel_hz) {
		div = (h->kernel_hz + 2u * hz - 1u) / (2u * hz);
		if (div > MAX_CLKDIV)
			return EXTMEM_ERR_INVALID; /* slower than the divider reaches */
	}
	uint32_t clkcr = *reg(h, SD_CLKCR);
	*reg(h, SD_CLKCR) = (clkcr & ~0x3FFu) | div;
	h->bus_hz = div == 0 ? h->kernel_hz : h->kernel_hz / (2u * div);
	if (actual_hz != NULL)
		*actual_hz = h->bus_hz;
	return EXTMEM_OK;
}

static int sd_set_bus_width(void *ctx, uint8_t width)
{
	struct extmem_stm32_sdmmc *h = ctx;
	if (h == NULL || (width != 1 && width != 4))
		return EXTMEM_ERR_INVALID;
	uint32_t clkcr = *reg(h, SD_CLKCR) & ~(3u << 14);
	*reg(h, SD_CLKCR) = clkcr | (width == 4 ? CLKCR_WIDBUS_4 : 0);
	h->width = width;
	return EXTMEM_OK;
}

static int sd_card_present(void *ctx, bool *present)
{
	struct extmem_stm32_sdmmc *h = ctx;
	if (h == NULL || present == NULL)
		return EXTMEM_ERR_INVALID;
	if (h->detect_port == EXTMEM_STM32_SD_NO_DETECT || h->detect_port > 15u || h->detect_pin > 15u) {
		*present = true;
		return EXTMEM_OK;
	}
	bool level = (EXTMEM_STM32_REG(GPIO_IDR(h->detect_port)) >> h->detect_pin) & 1u;
	*present = level == h->detect_level;
	return EXTMEM_OK;
}

static uint32_t sd_time_us(void *ctx)
{
	return now_us(ctx);
}

static uint32_t waitresp_of(enum extmem_sd_resp t)
{
	switch (t) {
	case EXTMEM_SD_RESP_NONE: return 0u;
	case EXTMEM_SD_RESP_R3: return 2u; /* short, no CRC */
	case EXTMEM_SD_RESP_R2: return 3u;
	default: return 1u;
	}
}

static bool data_ok(const struct extmem_sd_data *d)
{
	if (d->dir != EXTMEM_SD_DATA_READ && d->dir != EXTMEM_SD_DATA_WRITE)
		return false;
	if (d->buf.in == NULL || d->blocks == 0 || d->block_size < 4u || d->block_size > MAX_BLOCK ||
	    (d->block_size & (d->block_size - 1u)) != 0)
		return false;
	return d->blocks <= MAX_DLEN / d->block_size;
}

static unsigned log2_of(uint32_t v)
{
	unsigned n = 0;
	while (v > 1u) {
		v >>= 1;
		n++;
	}
	return n;
}

/* The data phase through the FIFO; returns when DATAEND or an error ends it, or the bound passes. */
static int move_data(struct extmem_stm32_sdmmc *h, const struct extmem_sd_data *d, uint32_t bound_us)
{
	uint32_t total = d->blocks * d->block_size;
	uint32_t done = 0;
	uint8_t *in = d->buf.in;
	const uint8_t *out = d->buf.out;
	const uint32_t stop = ST_DATAEND | ST_DCRCFAIL | ST_DTIMEOUT | ST_RXOVERR | ST_TXUNDERR | ST_IDMATE;
	uint32_t t0 = now_us(h);
	uint32_t st;
	for (;;) {
		st = *reg(h, SD_STAR);
		if (d->dir == EXTMEM_SD_DATA_READ) {
			while (done < total && !(st & ST_RXFIFOE)) {
				uint32_t w = *reg(h, SD_FIFO);
				for (unsigned i = 0; i < 4u && done < total; i++, done++)
					in[done] = (uint8_t)(w >> (8u * i));
				st = *reg(h, SD_STAR);
			}
		} else {
			while (done < total && (st & ST_TXFIFOHE)) {
				/* half the FIFO is free: 8 words fit */
				for (unsigned k = 0; k < 8u && done < total; k++) {
					uint32_t w = 0;
					for (unsigned i = 0; i < 4u && done < total; i++, done++)
						w |= (uint32_t)out[done] << (8u * i);
					*reg(h, SD_FIFO) = w;
				}
				st = *reg(h, SD_STAR);
			}
		}
		if (st & stop)
			break;
		if (now_us(h) - t0 > bound_us) {
			h->last_star = st;
			return EXTMEM_ERR_TIMEOUT;
		}
	}
	if (st & (ST_DCRCFAIL | ST_RXOVERR | ST_TXUNDERR | ST_IDMATE)) {
		h->last_star = st;
		return EXTMEM_ERR_DEVICE;
	}
	if (st & ST_DTIMEOUT) {
		h->last_star = st;
		return EXTMEM_ERR_TIMEOUT;
	}
	return done == total ? EXTMEM_OK : EXTMEM_ERR_DEVICE;
}

static int sd_command(void *ctx, struct extmem_sd_cmd *cmd, const struct extmem_sd_data *data)
{
	struct extmem_stm32_sdmmc *h = ctx;
	if (h == NULL || cmd == NULL || cmd->index > 63u)
		return EXTMEM_ERR_INVALID;
	bool xfer = data != NULL && data->dir != EXTMEM_SD_DATA_NONE;
	if (xfer && !data_ok(data))
		return EXTMEM_ERR_INVALID;
	bool present = true;
	if (sd_card_present(h, &present) == EXTMEM_OK && !present)
		return EXTMEM_ERR_NO_DEVICE;
	uint32_t st;
	/* a previous command still waiting out a busy card: the CPSM takes no new one */
	if (wait_star(h, 0, ST_CPSMACT | ST_DPSMACT, h->cmd_timeout_us, &st) != EXTMEM_OK) {
		h->last_star = st;
		return EXTMEM_ERR_TIMEOUT;
	}
	*reg(h, SD_ICR) = ICR_ALL;
	uint32_t per_block_us = xfer && data->timeout_us != 0 ? data->timeout_us : DEFAULT_DATA_US;
	uint32_t busy_us = cmd->busy_timeout_us != 0 ? cmd->busy_timeout_us : DEFAULT_BUSY_US;
	uint32_t cmdr = cmd->index | waitresp_of(cmd->resp_type) << 8 | CMDR_CPSMEN;
	if (xfer) {
		*reg(h, SD_DCTRLR) = DCTRL_FIFORST;
		*reg(h, SD_DTIMER) = clocks_for(h, per_block_us);
		*reg(h, SD_DLENR) = data->blocks * data->block_size;
		*reg(h, SD_IDMACTRLR) = 0;
		*reg(h, SD_DCTRLR) =
			(data->dir == EXTMEM_SD_DATA_READ ? DCTRL_DTDIR : 0) | (uint32_t)log2_of(data->block_size) << 4;
		cmdr |= CMDR_CMDTRANS;
	} else {
		*reg(h, SD_DTIMER) = clocks_for(h, busy_us); /* bounds an R1b busy */
	}
	if (cmd->index == 12u)
		cmdr |= CMDR_CMDSTOP;
	*reg(h, SD_ARGR) = cmd->arg;
	*reg(h, SD_CMDR) = cmdr;

	uint32_t done = cmd->resp_type == EXTMEM_SD_RESP_NONE ? ST_CMDSENT : ST_CMDREND | ST_CCRCFAIL | ST_CTIMEOUT;
	if (wait_star(h, done, 0, h->cmd_timeout_us, &st) != EXTMEM_OK) {
		h->last_star = st;
		return EXTMEM_ERR_TIMEOUT;
	}
	int err = EXTMEM_OK;
	if (st & ST_CTIMEOUT) {
		err = EXTMEM_ERR_TIMEOUT;
	} else if ((st & ST_CCRCFAIL) && cmd->resp_type != EXTMEM_SD_RESP_R3) {
		err = EXTMEM_ERR_DEVICE; /* R3 has no CRC: the controller always flags it */
	} else if (cmd->resp_type != EXTMEM_SD_RESP_NONE) {
		if (cmd->resp_type == EXTMEM_SD_RESP_R2) {
			for (unsigned i = 0; i < 4u; i++)
				cmd->resp[i] = *reg(h, SD_RESP1R + 4u * i);
		} else {
			cmd->resp[0] = *reg(h, SD_RESP1R);
			uint32_t rc = *reg(h, SD_RESPCMDR) & 0x3Fu;
			/* R1/R6/R7 echo the index; anything else is another command's answer */
			if (cmd->resp_type != EXTMEM_SD_RESP_R3 && rc != cmd->index)
				err = EXTMEM_ERR_DEVICE;
		}
	}
	if (err != EXTMEM_OK) {
		h->last_star = st;
		if (xfer && (*reg(h, SD_STAR) & ST_DPSMACT)) {
			/* the card answered (badly) and its data follows: take it so the DPSM ends, keep the error */
			uint64_t bound = (uint64_t)per_block_us * data->blocks + SLACK_US;
			(void)move_data(h, data, bound > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)bound);
			*reg(h, SD_DCTRLR) = DCTRL_FIFORST;
		}
		*reg(h, SD_ICR) = ICR_ALL;
		return err;
	}
	if (xfer) {
		uint64_t bound = (uint64_t)per_block_us * data->blocks + SLACK_US + h->cmd_timeout_us;
		err = move_data(h, data, bound > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)bound);
	} else if (cmd->resp_type == EXTMEM_SD_RESP_R1B || (st & ST_CPSMACT)) {
		/* the CPSM stays active while the card holds D0 low: BUSYD0END, or DTIMEOUT at DTIMER */
		err = wait_star(h, 0, ST_CPSMACT, busy_us + SLACK_US, &st);
		st = *reg(h, SD_STAR);
		if (err == EXTMEM_OK && (st & ST_DTIMEOUT))
			err = EXTMEM_ERR_TIMEOUT;
		if (err != EXTMEM_OK)
			h->last_star = st;
	}
	*reg(h, SD_ICR) = ICR_ALL;
	return err;
}

const struct extmem_sd_ops extmem_stm32_sdmmc_ops = {
	.command = sd_command,
	.set_bus_width = sd_set_bus_width,
	.set_clock = sd_set_clock,
	.card_present = sd_card_present,
	.time_us = sd_time_us,
};

void extmem_stm32_sdmmc1_pins(void)
{
	EXTMEM_STM32_REG(RCC_AHB4ENR) |= (1u << 2) | (1u << 3); /* GPIOC, GPIOD */
	for (unsigned pin = 8; pin <= 12u; pin++) {
		uint32_t port = 2u;
		EXTMEM_STM32_REG(GPIO_MODER(port)) =
			(EXTMEM_STM32_REG(GPIO_MODER(port)) & ~(3u << (2u * pin))) | 2u << (2u * pin);
		EXTMEM_STM32_REG(GPIO_OSPEEDR(port)) |= 3u << (2u * pin);
		EXTMEM_STM32_REG(GPIO_AFRH(port)) =
			(EXTMEM_STM32_REG(GPIO_AFRH(port)) & ~(0xFu << (4u * (pin - 8u)))) | 12u << (4u * (pin - 8u));
		if (pin != 12u)
			EXTMEM_STM32_REG(GPIO_PUPDR(port)) =
				(EXTMEM_STM32_REG(GPIO_PUPDR(port)) & ~(3u << (2u * pin))) | 1u << (2u * pin);
	}
	EXTMEM_STM32_REG(GPIO_MODER(3u)) = (EXTMEM_STM32_REG(GPIO_MODER(3u)) & ~(3u << 4)) | 2u << 4;
	EXTMEM_STM32_REG(GPIO_OSPEEDR(3u)) |= 3u << 4;
	EXTMEM_STM32_REG(GPIO_AFRL(3u)) = (EXTMEM_STM32_REG(GPIO_AFRL(3u)) & ~(0xFu << 8)) | 12u << 8;
	EXTMEM_STM32_REG(GPIO_PUPDR(3u)) = (EXTMEM_STM32_REG(GPIO_PUPDR(3u)) & ~(3u << 4)) | 1u << 4;
}

int extmem_stm32_sdmmc_init(struct extmem_stm32_sdmmc *h, uintptr_t base, uint32_t kernel_hz, uint32_t cpu_hz)
{
	if (h == NULL || base == 0 || kernel_hz == 0 || cpu_hz == 0)
		return EXTMEM_ERR_INVALID;
	h->base = base;
	h->kernel_hz = kernel_hz;
	h->width = 1;
	h->cmd_timeout_us = DEFAULT_CMD_US;
	h->detect_port = EXTMEM_STM32_SD_NO_DETECT;
	h->detect_pin = 0;
	h->detect_level = false;
	h->last_star = 0;
	extmem_stm32_time_init(&h->time, cpu_hz);
	EXTMEM_STM32_REG(RCC_CCIPR1) &= ~RCC_CCIPR1_SDMMC12;
	EXTMEM_STM32_REG(RCC_AHB5ENR) |= RCC_AHB5_SDMMC1;
	(void)EXTMEM_STM32_REG(RCC_AHB5ENR);
	EXTMEM_STM32_REG(RCC_AHB5RSTR) |= RCC_AHB5_SDMMC1;
	EXTMEM_STM32_REG(RCC_AHB5RSTR) &= ~RCC_AHB5_SDMMC1;
	*reg(h, SD_MASKR) = 0;
	*reg(h, SD_CLKCR) = CLKCR_HWFC_EN;
	int err = sd_set_clock(h, ID_HZ, NULL);
	if (err != EXTMEM_OK)
		return err;
	*reg(h, SD_POWER) = 3u; /* power on: SDMMC_CK runs */
	/* 74 clocks before the first command (SD spec 6.4.1.1), 1 ms covers them at 100 kHz and up */
	extmem_stm32_delay_us(&h->time, 1000u);
	*reg(h, SD_ICR) = ICR_ALL;
	return EXTMEM_OK;
}
