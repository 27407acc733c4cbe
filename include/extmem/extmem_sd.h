/* SPDX-License-Identifier: MIT */
/*
 * extmem: the SD host contract, beside the xSPI one.
 *
 * A port moves one SD command (with its response type) and, for data
 * commands, the data blocks that follow it; it sets the bus width and the
 * clock and says whether a card is in the slot. It knows nothing about card
 * states or capacities: the driver (src/sdcard/) does.
 */
#ifndef EXTMEM_SD_H
#define EXTMEM_SD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extmem_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Response types (SD Physical Layer Simplified Specification, 4.9). */
enum extmem_sd_resp {
	EXTMEM_SD_RESP_NONE = 0,
	EXTMEM_SD_RESP_R1,  /* card status, CRC7 checked */
	EXTMEM_SD_RESP_R1B, /* R1, then the card holds DAT0 low while busy: the port waits it out */
	EXTMEM_SD_RESP_R2,  /* 136 bits: CID or CSD */
	EXTMEM_SD_RESP_R3,  /* OCR, no CRC */
	EXTMEM_SD_RESP_R6,  /* published RCA and status bits */
	EXTMEM_SD_RESP_R7,  /* interface condition echo */
};

struct extmem_sd_cmd {
	uint8_t index; /* 0..63; an ACMD is sent by the driver as CMD55 then this */
	uint32_t arg;
	enum extmem_sd_resp resp_type;
	/*
	 * Filled by the port. 48-bit responses: resp[0] = bits 39..8 (the 32
	 * content bits). R2: resp[0] = bits 127..96 of the CID/CSD ... resp[3] =
	 * bits 31..0, bit 0 read as 0 (the CRC is checked by the port).
	 */
	uint32_t resp[4];
	uint32_t busy_timeout_us; /* R1B: how long the port waits for DAT0 to rise; 0: 1 s */
};

enum extmem_sd_dir {
	EXTMEM_SD_DATA_NONE = 0,
	EXTMEM_SD_DATA_READ = 1,  /* card -> host */
	EXTMEM_SD_DATA_WRITE = 2, /* host -> card */
};

struct extmem_sd_data {
	enum extmem_sd_dir dir;
	uint32_t block_size; /* bytes per block (512, or 8 for the SCR) */
	uint32_t blocks;
	union {
		void *in;
		const void *out;
	} buf;
	uint32_t timeout_us; /* per block, for the card to start sending or to accept */
};

/*
 * The port. command returns EXTMEM_OK, EXTMEM_ERR_TIMEOUT (no response, no
 * data start bit, or busy past its bound), EXTMEM_ERR_DEVICE (a response or
 * data block with a bad CRC, a card that reported a CRC error on written
 * data) or EXTMEM_ERR_NO_DEVICE (no card in the slot).
 */
struct extmem_sd_ops {
	int (*command)(void *ctx, struct extmem_sd_cmd *cmd, const struct extmem_sd_data *data);
	int (*set_bus_width)(void *ctx, uint8_t width);                /* 1 or 4 */
	int (*set_clock)(void *ctx, uint32_t hz, uint32_t *actual_hz); /* *actual <= hz */
	/* Optional (NULL: assume present). */
	int (*card_present)(void *ctx, bool *present);
	/* Monotonic microseconds; wraps at 2^32. */
	uint32_t (*time_us)(void *ctx);
};

struct extmem_sd_link {
	const struct extmem_sd_ops *ops;
	void *ctx;
	uint8_t bus_width; /* data lines wired: 1 or 4 */
	uint32_t max_hz;   /* highest SD clock the board allows */
};

/* Card status bits of R1 (4.10.1). */
#define EXTMEM_SD_ST_OUT_OF_RANGE     (1u << 31)
#define EXTMEM_SD_ST_ADDRESS_ERROR    (1u << 30)
#define EXTMEM_SD_ST_BLOCK_LEN_ERROR  (1u << 29)
#define EXTMEM_SD_ST_ERASE_SEQ_ERROR  (1u << 28)
#define EXTMEM_SD_ST_ERASE_PARAM      (1u << 27)
#define EXTMEM_SD_ST_WP_VIOLATION     (1u << 26)
#define EXTMEM_SD_ST_CARD_IS_LOCKED   (1u << 25)
#define EXTMEM_SD_ST_LOCK_UNLOCK_FAIL (1u << 24)
#define EXTMEM_SD_ST_COM_CRC_ERROR    (1u << 23)
#define EXTMEM_SD_ST_ILLEGAL_COMMAND  (1u << 22)
#define EXTMEM_SD_ST_CARD_ECC_FAILED  (1u << 21)
#define EXTMEM_SD_ST_CC_ERROR         (1u << 20)
#define EXTMEM_SD_ST_ERROR            (1u << 19)
#define EXTMEM_SD_ST_CSD_OVERWRITE    (1u << 16)
#define EXTMEM_SD_ST_WP_ERASE_SKIP    (1u << 15)
#define EXTMEM_SD_ST_ERASE_RESET      (1u << 13)
#define EXTMEM_SD_ST_STATE_SHIFT      9u
#define EXTMEM_SD_ST_STATE_MASK       (0xFu << 9)
#define EXTMEM_SD_ST_READY_FOR_DATA   (1u << 8)
#define EXTMEM_SD_ST_APP_CMD          (1u << 5)
#define EXTMEM_SD_ST_AKE_SEQ_ERROR    (1u << 3)

/* CURRENT_STATE values. */
enum extmem_sd_state {
	EXTMEM_SD_STATE_IDLE = 0,
	EXTMEM_SD_STATE_READY = 1,
	EXTMEM_SD_STATE_IDENT = 2,
	EXTMEM_SD_STATE_STBY = 3,
	EXTMEM_SD_STATE_TRAN = 4,
	EXTMEM_SD_STATE_DATA = 5,
	EXTMEM_SD_STATE_RCV = 6,
	EXTMEM_SD_STATE_PRG = 7,
	EXTMEM_SD_STATE_DIS = 8,
};

/* OCR bits (5.1). */
#define EXTMEM_SD_OCR_BUSY_DONE (1u << 31) /* power-up finished */
#define EXTMEM_SD_OCR_CCS       (1u << 30) /* SDHC/SDXC: block addressing */
#define EXTMEM_SD_OCR_VDD_27_36 0x00FF8000u

/* A CSD/CID field: bits hi..lo of the 128-bit register held as resp[0..3]. */
static inline uint32_t extmem_sd_bits(const uint32_t reg[4], unsigned hi, unsigned lo)
{
	uint32_t v = 0;
	for (unsigned b = hi + 1u; b-- > lo;)
		v = (v << 1) | ((reg[3u - b / 32u] >> (b % 32u)) & 1u);
	return v;
}

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SD_H */
