/* SPDX-License-Identifier: MIT */
/*
 * extmem simulator: an SD memory card, from the SD Physical Layer
 * Simplified Specification (version 9.10 numbering: 4.x card states and
 * commands, 4.9 responses, 4.10.1 card status, 5.1 OCR, 5.3 CSD, 5.6 SCR).
 *
 * What is modelled: the card state machine (idle, ready, ident, stby, tran,
 * data, rcv, prg) with CMD0, CMD8, CMD55 + ACMD41 (HCS/CCS), CMD2, CMD3,
 * CMD9, CMD10, CMD7, CMD13, ACMD6, ACMD51, CMD16, CMD17/18, CMD12,
 * CMD24/25, CMD32/33/38; SDSC v1 (no CMD8, CSD 1.0, byte addresses), SDSC
 * v2 and SDHC/SDXC (CSD 2.0, block addresses); an illegal command gets no
 * response and sets ILLEGAL_COMMAND in the next one; error bits are clear
 * on read; busy (DAT0 low, state prg) after writes, CMD12 of a multi-block
 * write and erases, timed on the virtual clock.
 *
 * Failures a test asks for: no card (nothing answers), a card that stops
 * answering, response and data CRC errors, a locked card (CARD_IS_LOCKED:
 * block commands are illegal), permanent or temporary write protection
 * (CSD bits: writes and erases set WP_VIOLATION and change nothing).
 *
 * Timing model (choices, not values from the specification, which gives
 * only upper bounds): a command is 48 clocks, Ncr 8 clocks, a 48- or
 * 136-bit response; a missing response costs Ncr's 64-clock maximum. Data
 * blocks are (bits / width + 16 CRC + 2) clocks, after an access time of
 * EXTMEM_SIM_SD_READ_ACCESS_PS for the first block and 8 clocks between
 * blocks. Write busy, erase busy and the ACMD41 power-up time are the
 * constants below.
 */
#ifndef EXTMEM_SIM_SDCARD_H
#define EXTMEM_SIM_SDCARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "extmem/extmem_sd.h"
#include "extmem_sim/device.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EXTMEM_SIM_SD_BLOCK          512u
#define EXTMEM_SIM_SD_POWER_UP_PS    1000000000ull /* 1 ms until ACMD41 reports ready */
#define EXTMEM_SIM_SD_READ_ACCESS_PS 50000000ull   /* 50 us to the first read block */
#define EXTMEM_SIM_SD_WRITE_BUSY_PS  100000000ull  /* 100 us programming per block */
#define EXTMEM_SIM_SD_ERASE_BUSY_PS  1000000000ull /* 1 ms per erase command */
#define EXTMEM_SIM_SD_ERASE_BLOCK_PS 1000000ull    /* + 1 us per erased block */
#define EXTMEM_SIM_SD_RCA            0x1234u

enum extmem_sim_sd_type {
	EXTMEM_SIM_SD_SDSC_V1 = 1, /* version 1.x: ignores CMD8 */
	EXTMEM_SIM_SD_SDSC_V2 = 2, /* version 2.0+, standard capacity */
	EXTMEM_SIM_SD_SDHC = 3,    /* high/extended capacity: CCS, block addresses */
};

struct extmem_sim_sd {
	struct extmem_sim_clock *clock;
	const char *name;
	uint32_t violations;
	char last_violation[160];
	/* the card */
	enum extmem_sim_sd_type type;
	uint64_t capacity; /* bytes */
	uint8_t *array;    /* storage, or NULL with a file */
	FILE *file;        /* file backing (extmem_sim_sd_attach_file) */
	uint32_t csd[4];   /* resp[0..3] layout of extmem_sd.h; built at init, a test may replace it */
	uint32_t cid[4];
	uint8_t scr[8];      /* as sent, byte 0 = bits 63..56 */
	uint8_t erase_value; /* what erased blocks read as (SCR DATA_STAT_AFTER_ERASE) */
	/* failures to inject */
	bool present;             /* false: nothing in the slot */
	bool hang;                /* the card stops answering */
	bool locked;              /* CARD_IS_LOCKED */
	uint32_t crc_errors;      /* the next n responses carry a bad CRC7 */
	uint32_t data_crc_errors; /* the next n data transfers fail their CRC16 */
	uint64_t power_up_ps;     /* ACMD41 busy time (EXTMEM_SIM_SD_POWER_UP_PS) */
	/* state */
	enum extmem_sd_state state;
	uint16_t rca;
	bool app_cmd;
	bool if_cond;               /* CMD8 accepted since CMD0 */
	uint64_t power_up_start_ps; /* first ACMD41; 0: not yet */
	bool power_up_started;
	uint32_t pending; /* clear-on-read error bits for the next response */
	uint32_t blocklen;
	uint8_t width;
	uint64_t busy_until_ps;
	uint64_t erase_start, erase_end; /* byte offsets */
	bool erase_start_set, erase_end_set;
	uint32_t rcv_blocks; /* blocks of the multi-block write in progress */
	/*
	 * A register-level host (the emulator's SDMMC) moves the data phase
	 * block by block after the command: extmem_sim_sd_command_split and
	 * extmem_sim_sd_data_block. It knows only response lengths, so the card
	 * does not judge the response type it expected; last_reply says what
	 * the card sent (EXTMEM_SD_RESP_NONE: nothing).
	 */
	bool split;
	enum extmem_sd_resp last_reply;
	enum extmem_sd_dir xfer_dir; /* data the card sends or takes now; NONE: none */
	uint64_t xfer_off;           /* storage offset of the next block */
	uint32_t xfer_left;          /* blocks still to move (UINT32_MAX: until CMD12) */
	uint32_t xfer_block;         /* bytes per block */
	bool xfer_started;           /* first read block sent (access time paid) */
	bool xfer_scr;               /* ACMD51: the block is the SCR */
	/* statistics */
	uint64_t commands, blocks_read, blocks_written, blocks_erased;
};

/*
 * A card of `capacity` bytes (a multiple of 512 KiB for SDHC, of 256 KiB
 * and at most 4 GiB for SDSC) in the slot, powered, in idle state, CID, CSD
 * and SCR built from the type and capacity; storage in `array`.
 */
void extmem_sim_sd_init(struct extmem_sim_sd *card, struct extmem_sim_clock *clock, enum extmem_sim_sd_type type,
			uint8_t *array, uint64_t capacity);

/* Keeps the card's contents in `f` (opened "r+b", at least capacity bytes) instead of an array. */
void extmem_sim_sd_attach_file(struct extmem_sim_sd *card, FILE *f);

/*
 * An SDHC card whose contents are the file at path (opened "r+b", kept open
 * in card->file): its size is the capacity, a non-zero multiple of 512 KiB
 * (CSD 2.0 C_SIZE units). EXTMEM_OK, or EXTMEM_ERR_FORMAT / EXTMEM_ERR_INVALID
 * with err naming the file and the reason. extmem_sim_sd_close_file closes it.
 */
int extmem_sim_sd_open_file(struct extmem_sim_sd *card, struct extmem_sim_clock *clock, const char *path, char *err,
			    size_t errlen);
/* Flushes and closes the file of extmem_sim_sd_open_file; EXTMEM_ERR_DEVICE when a write failed. */
int extmem_sim_sd_close_file(struct extmem_sim_sd *card);

/*
 * The wire: one command and its data phase at bus_hz on `width` data lines,
 * as a host controller drives them. Advances the virtual clock by what the
 * exchange takes; returns what a host controller would see (extmem_sd.h:
 * EXTMEM_OK, EXTMEM_ERR_TIMEOUT, EXTMEM_ERR_DEVICE). R1B busy is not waited
 * for: the host polls extmem_sim_sd_busy().
 */
int extmem_sim_sd_command(struct extmem_sim_sd *card, struct extmem_sd_cmd *cmd, const struct extmem_sd_data *data,
			  uint32_t bus_hz, uint8_t width);

/*
 * The bench bound: time (ps) the card itself needs to move `blocks` 512-byte
 * blocks in one multi-block transfer at hz on `width` lines: reads one
 * access time, the blocks and the gaps between them; writes the blocks with
 * their CRC status and the programming busy of each. No command overhead.
 */
uint64_t extmem_sim_sd_bound_ps(bool write, uint64_t blocks, uint32_t hz, uint8_t width);

/*
 * The same command as extmem_sim_sd_command, for a host that moves the
 * data phase itself: a data command answers and leaves the card sending
 * (reads) or waiting for (writes) blocks of the shape `data` describes
 * (its buffer is not used); extmem_sim_sd_data_block moves them one by one.
 */
int extmem_sim_sd_command_split(struct extmem_sim_sd *card, struct extmem_sd_cmd *cmd,
				const struct extmem_sd_data *data, uint32_t bus_hz, uint8_t width);

/*
 * One data block of the transfer a split command started, len bytes (the
 * block size): read into buf, or written from it. EXTMEM_OK, EXTMEM_ERR_TIMEOUT
 * (the card sends nothing / takes nothing: no transfer, or the card is gone),
 * EXTMEM_ERR_DEVICE (the block's CRC16 failed, or the card's CRC status said
 * so on a write). A single-block write starts programming after its block.
 */
int extmem_sim_sd_data_block(struct extmem_sim_sd *card, void *buf, uint32_t len, uint32_t bus_hz, uint8_t width);

/* DAT0 held low (programming or erasing). */
bool extmem_sim_sd_busy(struct extmem_sim_sd *card);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SIM_SDCARD_H */
