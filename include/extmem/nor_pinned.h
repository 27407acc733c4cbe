/* SPDX-License-Identifier: MIT */
/*
 * extmem: the serial NOR driver for firmware whose part is known when it is
 * built. Plan at build time, prove at run time: `extmem pin` runs the SFDP
 * driver (nor_sfdp.h) on the part's model and writes what it decided as a
 * const struct extmem_nor_pinned; this driver replays it without the SFDP
 * parser or the planner, and checks the real part on every init: its JEDEC
 * ID in 1S-1S-1S, then, in the protocol entered, WEL set and cleared, the ID
 * again, the SFDP header in 8D-8D-8D against the one 1S-1S-1S read, and the
 * array read against 1S-1S-1S data. When the proof fails it falls back to
 * the description's 1S-1S-1S configuration. The decisions land in the same
 * struct extmem_nor_sfdp_data, so the SFDP driver's read, program, erase and
 * map are the ones used.
 */
#ifndef EXTMEM_NOR_PINNED_H
#define EXTMEM_NOR_PINNED_H

#include "nor_sfdp.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EXTMEM_NOR_PINNED_MAX_STEPS 4 /* Macronix octal: 2 (WREN, CR2), +1 for a latency write */
#define EXTMEM_NOR_PINNED_SEQ_MAX   8

enum extmem_nor_pinned_step_kind {
	/* bytes[0] is the opcode; with more than 4 bytes after it, the next 4 are an address; the rest is data */
	EXTMEM_NOR_PINNED_SEND = 0,
	/* register read-modify-write: (v & ~mask) | value */
	EXTMEM_NOR_PINNED_RMW = 1,
};

/* One step of the way into the fast protocol, sent in `in`; the part is in `after` once it took. */
struct extmem_nor_pinned_step {
	uint8_t kind;                           /* enum extmem_nor_pinned_step_kind */
	uint8_t in, after;                      /* enum extmem_protocol */
	bool wren;                              /* 06h (and its WEL check) first */
	bool wrdi;                              /* SEND: 04h after */
	bool wait;                              /* wait for ready after it, up to busy_us */
	bool check;                             /* RMW: read back and require the bits (quad enable) */
	bool addressed;                         /* RMW: the register is addressed (Macronix CR2) */
	uint8_t read_op, write_op, mask, value; /* RMW */
	uint32_t addr;                          /* RMW */
	uint8_t len;                            /* SEND */
	uint8_t bytes[EXTMEM_NOR_PINNED_SEQ_MAX];
	uint32_t busy_us;
};

/* The read, program, erase and status configuration of one protocol. */
struct extmem_nor_pinned_mode {
	uint8_t read_proto, cmd_proto, prog_proto; /* enum extmem_protocol */
	uint32_t hz;                               /* clock asked of the port */
	uint8_t addr_bytes;
	uint8_t read_opcode, read_dummy, read_mode_bytes, prog_opcode;
	uint8_t erase_op[EXTMEM_MAX_ERASE_TYPES]; /* by index in erase[] */
	uint8_t status_addr_bytes, status_dummy;
	bool flag_status;
};

struct extmem_nor_pinned {
	uint32_t jedec_id; /* manufacturer << 16 | type << 8 | capacity, read in 1S-1S-1S */
	uint64_t size;
	uint32_t page_size;
	uint8_t erase_count;
	struct extmem_nor_erase erase[EXTMEM_MAX_ERASE_TYPES]; /* ascending; opcode bits 15:8 = BFPT type */
	uint16_t chip_erase_opcode;
	uint32_t prog_timeout_us, chip_erase_timeout_us;
	/* what the array code reads of the SFDP description */
	uint32_t sfdp_has; /* EXTMEM_SFDP_HAS_XSPI / _ODDR / _SCCR only: never a sector map */
	uint8_t busy_poll; /* EXTMEM_SFDP_POLL_* */
	uint8_t octal_ext; /* enum extmem_sfdp_octal_ext */
	uint8_t qer;
	struct extmem_sfdp_sccr_bit prog_error, erase_error;
	/* SR1 bits that report a failed program/erase and the command that clears them (and the busy they hold) */
	uint8_t sr_err_mask, sr_clear_op;
	/* 1S-1S-1S array reads after reset: 03h with read1s_addr_bytes, 4-byte read1s_op4 (0: none) above 16 MiB */
	uint8_t read1s_addr_bytes, read1s_op4;
	/* the SFDP header read in 8D-8D-8D as the xSPI profile gives it (5Ah, 4 address bytes) */
	bool prove_sfdp_8d;
	uint8_t sfdp_8d_dummy;
	/* the fast protocol: steps [0, nentry) before its clock is set, the rest (read latency) after */
	struct extmem_nor_pinned_mode fast;
	uint8_t nsteps, nentry;
	struct extmem_nor_pinned_step step[EXTMEM_NOR_PINNED_MAX_STEPS];
	/* where init falls back when the fast protocol fails its proof (no entry steps) */
	struct extmem_nor_pinned_mode safe;
};

/*
 * The driver's configuration: the link as for the SFDP driver (first), and
 * the description. A firmware for one part may instead build nor_pinned.c
 * with -DEXTMEM_NOR_PINNED_PART=NAME and its `extmem pin` header, named
 * extmem_pinned_part.h, on the include path (the loaders do): the driver
 * then uses that constant, what the part does not need folds away, and
 * `part` is not read.
 */
struct extmem_nor_pinned_config {
	struct extmem_nor_sfdp_config base;
	const struct extmem_nor_pinned *part;
};

/*
 * init: EXTMEM_ERR_NO_DEVICE when nothing answers or the JEDEC ID is not the
 * description's (data->stage ID, data->jedec_id what was read); the fast
 * protocol failing its proof is no error (data->fallbacks bit 0, attempt[0]),
 * except in a build with -DEXTMEM_NOR_NO_FALLBACK (the loaders:
 * src/nor/nor_fixed.h), where it fails init.
 * Its memory kind is EXTMEM_KIND_NOR_SFDP: the same data, the same calls.
 */
extern const struct extmem_driver extmem_nor_pinned_driver;

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_NOR_PINNED_H */
