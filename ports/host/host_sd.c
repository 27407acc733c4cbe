/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "host_sd.h"

#define HOST_SD_MAX_DIV       1024u
#define HOST_SD_TIMER_READ_PS 50000u /* 50 ns a timer read */
#define HOST_SD_DEFAULT_BUSY  1000000u

static uint32_t reach_clock(uint32_t kernel_hz, uint32_t hz)
{
	uint32_t div = hz == 0 ? HOST_SD_MAX_DIV : (kernel_hz + hz - 1u) / hz;
	if (div == 0)
		div = 1;
	if (div > HOST_SD_MAX_DIV)
		div = HOST_SD_MAX_DIV;
	return kernel_hz / div;
}

/* DAT0 low: wait (in virtual time) until the card releases it or the bound passes. */
static int wait_busy(struct extmem_host_sd *port, uint32_t timeout_us)
{
	struct extmem_sim_sd *card = port->card;
	if (!extmem_sim_sd_busy(card))
		return EXTMEM_OK;
	uint64_t limit = card->clock->now_ps + (uint64_t)(timeout_us ? timeout_us : HOST_SD_DEFAULT_BUSY) * 1000000u;
	uint64_t until = card->busy_until_ps < limit ? card->busy_until_ps : limit;
	if (until > card->clock->now_ps)
		extmem_sim_clock_advance(card->clock, until - card->clock->now_ps);
	return extmem_sim_sd_busy(card) ? EXTMEM_ERR_TIMEOUT : EXTMEM_OK;
}

static int host_sd_command(void *ctx, struct extmem_sd_cmd *cmd, const struct extmem_sd_data *data)
{
	struct extmem_host_sd *port = ctx;
	if (cmd == NULL)
		return EXTMEM_ERR_INVALID;
	if (data != NULL && data->dir != EXTMEM_SD_DATA_NONE &&
	    (data->buf.in == NULL || data->blocks == 0 || data->block_size == 0))
		return EXTMEM_ERR_INVALID;
	port->commands++;
	int err = extmem_sim_sd_command(port->card, cmd, data, port->bus_hz, port->width);
	if (err != EXTMEM_OK)
		return err;
	if (data != NULL && data->dir == EXTMEM_SD_DATA_WRITE)
		err = wait_busy(port, data->timeout_us);
	if (err == EXTMEM_OK && cmd->resp_type == EXTMEM_SD_RESP_R1B)
		err = wait_busy(port, cmd->busy_timeout_us);
	return err;
}

static int host_sd_set_bus_width(void *ctx, uint8_t width)
{
	struct extmem_host_sd *port = ctx;
	if (width != 1 && width != 4)
		return EXTMEM_ERR_INVALID;
	port->width = width;
	return EXTMEM_OK;
}

static int host_sd_set_clock(void *ctx, uint32_t hz, uint32_t *actual_hz)
{
	struct extmem_host_sd *port = ctx;
	port->bus_hz = reach_clock(port->kernel_hz, hz);
	if (actual_hz != NULL)
		*actual_hz = port->bus_hz;
	return EXTMEM_OK;
}

static int host_sd_card_present(void *ctx, bool *present)
{
	struct extmem_host_sd *port = ctx;
	if (present == NULL)
		return EXTMEM_ERR_INVALID;
	*present = port->card->present;
	return EXTMEM_OK;
}

static uint32_t host_sd_time_us(void *ctx)
{
	struct extmem_host_sd *port = ctx;
	extmem_sim_clock_advance(port->card->clock, HOST_SD_TIMER_READ_PS);
	return (uint32_t)(port->card->clock->now_ps / 1000000u);
}

const struct extmem_sd_ops extmem_host_sd_ops = {
	.command = host_sd_command,
	.set_bus_width = host_sd_set_bus_width,
	.set_clock = host_sd_set_clock,
	.card_present = host_sd_card_present,
	.time_us = host_sd_time_us,
};

void extmem_host_sd_init(struct extmem_host_sd *port, struct extmem_sim_sd *card, uint32_t kernel_hz)
{
	memset(port, 0, sizeof(*port));
	port->card = card;
	port->kernel_hz = kernel_hz;
	port->width = 1;
	port->bus_hz = reach_clock(kernel_hz, 400000u);
}
