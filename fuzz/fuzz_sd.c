/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the SD card driver (src/sdcard/) behind the SD host
 * contract (extmem_sd.h). A card model (sim/sdcard.c) behind the host SD
 * port answers every command; the fuzz input then spoils what the driver
 * sees: one byte per command (0 or input exhausted: the card's own answer)
 * flips response words, replaces the CID/CSD, forces a status, or corrupts
 * read data. The card always runs, so virtual time moves on as on a bus.
 *
 * Input: [0] card type (1..3) and [1] capacity in MiB (1..4), then one
 * spoiler byte per command, each followed by its operands.
 *
 * Besides ASan/UBSan findings (a driver writing past a data buffer) it
 * traps when a call returns anything but EXTMEM_OK or a negative status of
 * the enum; when more than MAX_COMMANDS commands are sent for one input (a
 * hang); when init passes with a size that is 0 or not whole blocks, or
 * that differs from the driver's capacity; when a block read or write
 * carries an address argument other than the block asked for (CMD17/18/24/
 * 25: block number for SDHC/SDXC, byte address for SDSC).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "extmem/extmem.h"
#include "extmem/sdcard.h"
#include "host_sd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_COMMANDS 20000u
#define MIB          (1024u * 1024u)

static const uint8_t *in;
static size_t in_len, in_pos;
static uint32_t commands, last_data_arg;
static uint8_t last_data_index;
static struct extmem_host_sd port;

static uint8_t next(void)
{
	return in_pos < in_len ? in[in_pos++] : 0;
}

static uint32_t next32(void)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)next() << (8 * i);
	return v;
}

static int spoil_command(void *ctx, struct extmem_sd_cmd *cmd, const struct extmem_sd_data *d)
{
	if (++commands > MAX_COMMANDS)
		__builtin_trap(); /* the driver keeps sending: a hang on a misbehaving card */
	if (cmd->index == 17 || cmd->index == 18 || cmd->index == 24 || cmd->index == 25) {
		last_data_index = cmd->index;
		last_data_arg = cmd->arg;
	}
	int rc = extmem_host_sd_ops.command(ctx, cmd, d);
	uint8_t b = next();
	if (b & 0x80u)
		cmd->resp[b & 3u] ^= next32();
	if ((b & 0x10u) && cmd->resp_type == EXTMEM_SD_RESP_R2)
		for (int i = 0; i < 4; i++)
			cmd->resp[i] = next32();
	if ((b & 0x20u) && d && d->dir == EXTMEM_SD_DATA_READ && d->blocks && d->block_size)
		((uint8_t *)d->buf.in)[next() % d->block_size] ^= next();
	if (b & 0x40u) {
		static const int forced[4] = {EXTMEM_OK, EXTMEM_ERR_TIMEOUT, EXTMEM_ERR_DEVICE, EXTMEM_ERR_NO_DEVICE};
		rc = forced[b & 3u];
	}
	return rc;
}

static int spoil_width(void *ctx, uint8_t width)
{
	int rc = extmem_host_sd_ops.set_bus_width(ctx, width);
	return (next() == 0xEEu) ? EXTMEM_ERR_DEVICE : rc;
}

static const struct extmem_sd_ops spoiled_ops = {
	.command = spoil_command,
	.set_bus_width = spoil_width,
	.set_clock = NULL, /* filled from the host port at run time */
	.card_present = NULL,
	.time_us = NULL,
};

static int status_ok(int rc)
{
	return rc == EXTMEM_OK || (rc < 0 && rc >= EXTMEM_ERR_FORMAT);
}

/* The address argument of the last data command is the block asked for. */
static void check_data_arg(const struct extmem_sdcard_data *d, uint64_t addr)
{
	int blocks = d->type == EXTMEM_SDCARD_SDHC || d->type == EXTMEM_SDCARD_SDXC;
	uint64_t want = blocks ? addr / EXTMEM_SDCARD_BLOCK : addr;
	if (last_data_arg != want)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t array[4u * MIB];
	static uint8_t buf[3u * EXTMEM_SDCARD_BLOCK];
	static struct extmem_sim_clock clk;
	static struct extmem_sim_sd card;
	static struct extmem_sdcard_data sd;
	static struct extmem_sd_ops ops;
	struct extmem_sdcard_config cfg;
	struct extmem_memory table[1];
	struct extmem em;
	struct extmem_info info;

	if (size < 2)
		return 0;
	enum extmem_sim_sd_type type = (enum extmem_sim_sd_type)(1 + data[0] % 3u);
	uint64_t capacity = (uint64_t)(1u + data[1] % 4u) * MIB;
	in = data + 2;
	in_len = size - 2;
	in_pos = 0;
	commands = 0;
	last_data_arg = 0;
	last_data_index = 0;

	memset(&clk, 0, sizeof clk);
	extmem_sim_sd_init(&card, &clk, type, array, capacity);
	extmem_host_sd_init(&port, &card, 200000000u);
	ops = spoiled_ops;
	ops.set_clock = extmem_host_sd_ops.set_clock;
	ops.time_us = extmem_host_sd_ops.time_us;
	cfg = (struct extmem_sdcard_config){.link = {.ops = &ops, .ctx = &port, .bus_width = 4, .max_hz = 50000000u}};
	table[0] = (struct extmem_memory){
		.kind = EXTMEM_KIND_SDCARD, .driver = &extmem_sdcard_driver, .config = &cfg, .data = &sd};
	if (extmem_setup(&em, table, 1) != EXTMEM_OK)
		__builtin_trap();

	int rc = extmem_init(&em, 0);
	if (!status_ok(rc))
		__builtin_trap();
	if (rc != EXTMEM_OK)
		return 0;
	if (extmem_info(&em, 0, &info) != EXTMEM_OK || info.size == 0 || info.size % EXTMEM_SDCARD_BLOCK ||
	    info.size != sd.capacity)
		__builtin_trap();

	/* One block at the start, two at the end, a write and an erase: each status valid, each address right. */
	uint64_t last = info.size - EXTMEM_SDCARD_BLOCK;
	rc = extmem_read(&em, 0, 0, buf, EXTMEM_SDCARD_BLOCK);
	if (!status_ok(rc))
		__builtin_trap();
	if (rc == EXTMEM_OK)
		check_data_arg(&sd, 0);
	if (info.size >= 2u * EXTMEM_SDCARD_BLOCK) {
		last_data_index = 0;
		rc = extmem_read(&em, 0, last - EXTMEM_SDCARD_BLOCK, buf, 2u * EXTMEM_SDCARD_BLOCK);
		if (!status_ok(rc))
			__builtin_trap();
		if (last_data_index)
			check_data_arg(&sd, last - EXTMEM_SDCARD_BLOCK);
	}
	last_data_index = 0;
	rc = extmem_write(&em, 0, last, buf, EXTMEM_SDCARD_BLOCK);
	if (!status_ok(rc))
		__builtin_trap();
	if (last_data_index)
		check_data_arg(&sd, last);
	rc = extmem_erase(&em, 0, 0, EXTMEM_SDCARD_BLOCK);
	if (!status_ok(rc))
		__builtin_trap();
	rc = extmem_deinit(&em, 0);
	if (!status_ok(rc))
		__builtin_trap();
	return 0;
}
