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
};

/* One erase type as the driver uses it. */
struct extmem_nor_erase {
	uint32_t size;
	uint16_t opcode;
	uint32_t timeout_us;
};

struct extmem_nor_sfdp_data {
	/* what the part said */
	uint8_t id[3];
	uint32_t jedec_id;
	struct extmem_sfdp sfdp;
	uint8_t image[EXTMEM_NOR_SFDP_IMAGE_MAX];
	uint32_t image_len;
	/* what the driver decided */
	enum extmem_protocol read_proto; /* array reads */
	enum extmem_protocol cmd_proto;  /* every other command: 1S-1S-1S, 4S-4S-4S, 8S-8S-8S or 8D-8D-8D */
	enum extmem_protocol prog_proto; /* page program */
	uint32_t clock_hz;
	uint8_t addr_bytes;
	uint16_t read_opcode;
	uint8_t read_dummy;      /* dummy cycles, mode clocks excluded */
	uint8_t read_mode_bytes; /* mode ("alternate") bytes sent as 0xFF, which no part takes as continuous read */
	uint16_t prog_opcode;
	uint8_t erase_count;
	struct extmem_nor_erase erase[EXTMEM_MAX_ERASE_TYPES];
	uint16_t chip_erase_opcode;
	uint32_t prog_timeout_us;
	uint32_t chip_erase_timeout_us;
	uint8_t status_addr_bytes; /* status register reads in octal modes */
	uint8_t status_dummy;
	bool flag_status;   /* busy and errors from the flag status register (70h) */
	bool locked;        /* write protection found at init and not cleared */
	uint32_t fallbacks; /* protocols tried and abandoned during init */
};

extern const struct extmem_driver extmem_nor_sfdp_driver;

/*
 * Clears the part's write protection by its own method (block-protect bits,
 * the SST26 global block-protection unlock) so program and erase work.
 */
int extmem_nor_sfdp_unlock(struct extmem *em, uint32_t id);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_NOR_SFDP_H */
