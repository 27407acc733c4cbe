/* SPDX-License-Identifier: MIT */
/*
 * extmem: the serial NOR driver that discovers its part through JEDEC SFDP.
 *
 * init brings the part back from whatever protocol a previous boot left it
 * in, reads its JEDEC ID and SFDP tables in 1S-1S-1S at a safe clock, parses
 * them (include/extmem/sfdp.h), then picks the fastest protocol that both the
 * part and the link support, enters it, proves it works and falls back one
 * step at a time when it does not. Everything the driver decided lives in
 * struct extmem_nor_sfdp_data, which the application provides.
 */
#ifndef EXTMEM_NOR_SFDP_H
#define EXTMEM_NOR_SFDP_H

#include "extmem.h"
#include "sfdp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of SFDP space the driver can hold (the largest real images are ~0x200). */
#define EXTMEM_NOR_SFDP_IMAGE_MAX 1024u

struct extmem_nor_sfdp_config {
	struct extmem_xspi_link link;
	uint32_t discovery_hz; /* clock for reset, ID and SFDP reads; 0: 25 MHz */
	uint32_t max_hz;       /* cap on the operating clock; 0: link.max_hz */
	/*
	 * Cap for protocols whose top speed SFDP does not state (all the 1S-x-x
	 * ones): the part's datasheet value when the board knows it; 0: 100 MHz,
	 * which serial NOR parts of the last decade reach in fast-read modes.
	 */
	uint32_t sdr_max_hz;
	/*
	 * Read back every program and erase and compare (EXTMEM_ERR_DEVICE on a
	 * mismatch). Parts without program/erase error flags (Winbond W25Q,
	 * SST26) report a failed program or erase in no other way. Set it for
	 * loaders and programming tools; off, a write costs no read.
	 */
	bool verify;
	/* Longest wait for the part after a reset that aborted an operation; 0: 100 ms. */
	uint32_t reset_max_us;
};

/* Where bring-up stood when it stopped or abandoned a protocol (for reports). */
enum extmem_nor_stage {
	EXTMEM_NOR_STAGE_NONE = 0,
	EXTMEM_NOR_STAGE_RESET,        /* soft reset and wait for the part */
	EXTMEM_NOR_STAGE_ID,           /* JEDEC ID in 1S-1S-1S */
	EXTMEM_NOR_STAGE_SFDP,         /* SFDP read and parse */
	EXTMEM_NOR_STAGE_GEOMETRY,     /* size, page, erase types usable */
	EXTMEM_NOR_STAGE_PROTECTION,   /* block protection read */
	EXTMEM_NOR_STAGE_ENTRY,        /* an entry step (attempt.step says which) */
	EXTMEM_NOR_STAGE_CLOCK,        /* operating clock */
	EXTMEM_NOR_STAGE_DUMMY,        /* read latency for the clock reached */
	EXTMEM_NOR_STAGE_PROVE_STATUS, /* WEL set by 06h and cleared by 04h in the new protocol */
	EXTMEM_NOR_STAGE_PROVE_ID,     /* JEDEC ID read in the new protocol */
	EXTMEM_NOR_STAGE_PROVE_SFDP,   /* SFDP header read in 8D-8D-8D (xSPI profile form) against 1S-1S-1S */
	EXTMEM_NOR_STAGE_PROVE_ARRAY,  /* array read configuration against 1S-1S-1S data */
	EXTMEM_NOR_STAGE_RECOVER,      /* back to 1S-1S-1S after a failed attempt */
	EXTMEM_NOR_STAGE_DONE,
	EXTMEM_NOR_STAGE_COUNT
};

/* A protocol tried during init and abandoned. */
struct extmem_nor_attempt {
	uint8_t proto;  /* enum extmem_protocol of array reads */
	uint8_t stage;  /* enum extmem_nor_stage where it failed */
	uint8_t step;   /* entry step index (stage ENTRY) */
	int16_t status; /* what failed there */
};

#define EXTMEM_NOR_MAX_ATTEMPTS 10

/* One erase type as the driver uses it. */
struct extmem_nor_erase {
	uint32_t size;
	uint16_t opcode;
	uint32_t timeout_us;
};

struct extmem_nor_sfdp_data {
	/*
	 * The fields the bring-up and every transfer read come first, ahead of
	 * the tables: near the start of the structure a Thumb-2 load or store
	 * of them takes 2 bytes of code instead of 4.
	 */
	/* what the part said */
	uint8_t id[3];
	/* how init went */
	uint8_t stage; /* enum extmem_nor_stage reached (DONE on success) */
	uint32_t jedec_id;
	/* what the driver decided */
	enum extmem_protocol read_proto; /* array reads */
	enum extmem_protocol cmd_proto;  /* every other command: 1S-1S-1S, 4S-4S-4S, 8S-8S-8S or 8D-8D-8D */
	enum extmem_protocol prog_proto; /* page program */
	uint8_t addr_bytes;
	uint16_t read_opcode;
	uint8_t read_dummy;        /* dummy cycles, mode clocks excluded */
	uint8_t read_mode_bytes;   /* mode ("alternate") bytes sent as 0xFF, which no part takes as continuous read */
	uint8_t status_addr_bytes; /* status register reads in octal modes */
	uint8_t status_dummy;
	bool flag_status;  /* busy and errors from the flag status register (70h) */
	uint8_t nattempts; /* abandoned protocols recorded in attempt[] */
	int16_t status;    /* init's result */
	uint32_t clock_hz;
	uint32_t fallbacks; /* protocols tried and abandoned during init */
	/* the part's tables */
	struct extmem_sfdp sfdp;
	uint8_t image[EXTMEM_NOR_SFDP_IMAGE_MAX];
	uint32_t image_len;
	/* program and erase (a read-only build leaves them 0) */
	uint16_t prog_opcode;
	uint8_t erase_count;
	struct extmem_nor_erase erase[EXTMEM_MAX_ERASE_TYPES];
	uint16_t chip_erase_opcode;
	uint32_t prog_timeout_us;
	uint32_t chip_erase_timeout_us;
	bool locked; /* write protection found at init and not cleared */
	/* the protocols abandoned during init */
	struct extmem_nor_attempt attempt[EXTMEM_NOR_MAX_ATTEMPTS];
	/* error reporting and the read proof */
	uint8_t sr_err_mask; /* SR1 bits that report a failed program/erase (Spansion: 60h) */
	uint8_t sr_clear_op; /* the command that clears them (and the busy they hold): 30h, SEMPER 82h */
	bool read_proven;    /* the array read configuration was checked on non-blank data */
	bool read_bad;       /* the check failed after init: reads and writes refused */
	bool reselected;     /* a later proof moved bring-up on to a slower protocol */
	uint8_t cand_index;  /* the planner's candidate in use */
	uint8_t poll_last;   /* last status byte the ready wait read (FSR on flag-status parts) */
	bool sfdp_proven;    /* the protocol in use read the SFDP header back as 1S-1S-1S did */
	uint8_t smap_index;  /* sector map: the configuration (sfdp.smap.config[]) the detection commands chose */
	/*
	 * Set by the driver's init: called when a program's read-back differs
	 * before the array read was proven on non-blank data (see
	 * extmem_nor_reprove). A hook, so the array code does not pull the SFDP
	 * bring-up into a link that only has the pinned driver (nor_pinned.h).
	 */
	int (*reprove)(const struct extmem_nor_sfdp_config *cfg, struct extmem_nor_sfdp_data *d, uint32_t at,
		       const uint8_t *want, uint32_t len);
};

extern const struct extmem_driver extmem_nor_sfdp_driver;
/*
 * The same driver without write, erase and erase_all (the manager answers
 * EXTMEM_ERR_NOT_SUPPORTED): for a Boot that only reads and maps its NOR,
 * so the program and erase code is not linked.
 */
extern const struct extmem_driver extmem_nor_sfdp_readonly_driver;
/*
 * The pinned driver (nor_pinned.h: the configuration written at build time
 * by `extmem pin`) without write, erase and erase_all, for the same Boots;
 * its config is a struct extmem_nor_pinned_config.
 */
extern const struct extmem_driver extmem_nor_pinned_readonly_driver;

/*
 * Clears the part's write protection by its own method (block-protect bits,
 * the SST26 global block-protection unlock) so program and erase work.
 */
int extmem_nor_sfdp_unlock(struct extmem *em, uint32_t id);

/* Names of the bring-up stages, for reports. Never NULL. */
const char *extmem_nor_stage_name(int stage);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_NOR_SFDP_H */
