/* SPDX-License-Identifier: MIT */
/*
 * The NOR SFDP driver's internal interface, shared by its files:
 *   nor_bus.c      operation descriptors, register access, waiting, reset
 *   nor_plan.c     protocol planning: SFDP description + link -> candidates (pure)
 *   nor_bringup.c  discovery, the bring-up state machine (steps, fallback)
 *   nor_prove.c    the proof of a protocol switch (also the pinned driver's, nor_pinned.c)
 *   nor_array.c    read, program, erase, map; result checks and verify
 *   nor_protect.c  write protection per family
 * Not installed; the unit tests include it to test the planner and the step
 * runner directly.
 */
#ifndef EXTMEM_NOR_INTERNAL_H
#define EXTMEM_NOR_INTERNAL_H

#include "extmem/nor_sfdp.h"

#define NOR_DISCOVERY_HZ          25000000u
#define NOR_SDR_MAX_HZ            100000000u
#define NOR_RESET_US              100u /* after 66h/99h from idle: the slowest parts' tRST */
/*
 * Worst case before a part answers after a reset that aborted an operation:
 * Macronix tREADY2 after an interrupted chip erase (100 ms) is the longest
 * we know of; the bound sits above it so a part that needs all of it is not
 * declared absent at the last poll. The driver polls, so a part that is
 * ready answers at once.
 */
#define NOR_RESET_MAX_US          150000u
#define NOR_RESET_POLL_US         50u /* between status reads while waiting for a reset part */
/* A part still busy after the reset bound is finishing an operation it cannot abort (S25FL-S: 256 KiB erase 2.6 s max).
 */
#define NOR_BUSY_AT_RESET_MAX_US  4000000u
#define NOR_BUSY_AT_RESET_POLL_US 1000u
#define NOR_WRSR_US               200000u /* non-volatile register write (tW is 15-40 ms on the parts we know) */
#define NOR_VOLATILE_US           2000u   /* volatile register writes and mode commands: no busy period */
#define NOR_SR_WIP                0x01u
#define NOR_SR_WEL                0x02u
#define NOR_FSR_READY             0x80u

/* JEDEC manufacturer IDs of the families the driver knows by their registers. */
/* Shortest auto-poll slice on parts whose error bits hold WIP (see extmem_nor_wait_ready). */
#define NOR_POLL_SLICE_US 1000u

#define NOR_MFR_SPANSION 0x01u
#define NOR_MFR_CYPRESS  0x34u /* Infineon/Cypress SEMPER (S28HS) */
#define NOR_MFR_MICRON   0x20u
#define NOR_MFR_MICRON2  0x2Cu /* Micron octal (MT35X) */
#define NOR_MFR_ISSI     0x9Du
#define NOR_MFR_SST      0xBFu
#define NOR_MFR_MACRONIX 0xC2u
#define NOR_MFR_WINBOND  0xEFu

/* Lines and edges of each phase of a protocol. */
struct nor_bus {
	uint8_t cmd, addr, data;
	bool cmd_dtr, addr_dtr, data_dtr;
};

struct nor_bus extmem_nor_bus_of(enum extmem_protocol p);

/* The driver's working context: configuration and decisions together. */
struct nor {
	const struct extmem_nor_sfdp_config *cfg;
	struct extmem_nor_sfdp_data *d;
};

/*
 * A transfer's address, mode bytes, dummy cycles and data. The byte fields
 * first and the direction a byte (enum extmem_xspi_dir): 16 bytes on a
 * 32-bit target, so callers build and zero it in fewer stores.
 */
struct nor_xfer_args {
	uint8_t addr_bytes;
	uint8_t mode_bytes;
	uint8_t dummy;
	uint8_t dir; /* enum extmem_xspi_dir */
	uint32_t addr;
	void *buf;
	uint32_t len;
};

void extmem_nor_build_op(const struct nor *n, enum extmem_protocol p, uint8_t opcode, const struct nor_xfer_args *a,
			 struct extmem_xspi_op *op);
int extmem_nor_xfer(const struct nor *n, enum extmem_protocol p, uint8_t opcode, const struct nor_xfer_args *a);
/* A read in 1S-1S-1S (the JEDEC ID, SFDP space, the array as the part is after reset). */
int extmem_nor_read_1s_op(const struct nor *n, uint8_t opcode, uint8_t addr_bytes, uint32_t addr, uint8_t dummy,
			  void *buf, uint32_t len);
/* The JEDEC ID (9Fh) in 1S-1S-1S into id[3]; EXTMEM_ERR_NO_DEVICE when it reads all ones (a floating bus). */
int extmem_nor_read_id(const struct nor *n, uint8_t *id);
/* A command with no address and no data, in the command protocol. */
int extmem_nor_cmd(const struct nor *n, uint8_t opcode);
bool extmem_nor_octal_cmds(const struct nor *n);
/*
 * One-byte register transfers in the command protocol. `addressed`: the
 * register takes an address in every protocol (SCCR registers such as
 * Macronix CR2); octal modes address every register.
 */
int extmem_nor_read_reg(const struct nor *n, uint8_t opcode, bool addressed, uint32_t addr, uint8_t *val);
/* The descriptor extmem_nor_read_reg runs, into buf (2 bytes), for a loop that runs it many times. */
void extmem_nor_build_reg_read(const struct nor *n, uint8_t opcode, bool addressed, uint32_t addr, uint8_t *buf,
			       struct extmem_xspi_op *op);
/* Runs such a prebuilt read; *val gets its first byte (FFh, the idle bus, when nothing answered). */
int extmem_nor_run_reg_read(const struct nor *n, const struct extmem_xspi_op *op, uint8_t *buf, uint8_t *val);
int extmem_nor_write_reg(const struct nor *n, uint8_t opcode, bool addressed, uint32_t addr, uint8_t val);
uint32_t extmem_nor_now_us(const struct nor *n);
void extmem_nor_delay_us(const struct nor *n, uint32_t us);
int extmem_nor_wait_ready(const struct nor *n, uint32_t timeout_us);
/* Clears the error bits of status register 1 (d->sr_clear_op) and WEL; returns EXTMEM_ERR_DEVICE. */
int extmem_nor_clear_failure(const struct nor *n);
int extmem_nor_write_enable(const struct nor *n, uint32_t timeout_us);
int extmem_nor_read_array(const struct nor *n, uint32_t addr, void *buf, uint32_t len);
int extmem_nor_set_clock(struct nor *n, uint32_t hz);
/* Soft reset in every protocol the link carries, then waits for the part (up to its tRST). */
int extmem_nor_recover(struct nor *n);
/* The clock for reset, ID and SFDP reads: cfg->discovery_hz, else NOR_DISCOVERY_HZ. */
uint32_t extmem_nor_discovery_hz(const struct nor *n);
/* Back to 1S-1S-1S: the discovery clock, then extmem_nor_recover. */
int extmem_nor_recover_1s(struct nor *n);

/* ---- planning (pure) ---------------------------------------------------- */

enum nor_step_kind {
	NOR_STEP_QE,            /* set the quad-enable bit the BFPT QER names */
	NOR_STEP_CMD,           /* a bare command */
	NOR_STEP_WREN_CMD,      /* 06h, then the command */
	NOR_STEP_WREN_CMD_WRDI, /* 06h, command, 04h: B7h where the table does not say whether WEL is needed */
	NOR_STEP_SEQ,           /* a command sequence (FF0A, or the BFPT DWORD 19 one) */
	NOR_STEP_SCCR_SET,      /* make an SCCR field's condition true, changing that bit only */
	NOR_STEP_COUNT
};

struct nor_step {
	uint8_t kind; /* enum nor_step_kind */
	uint8_t opcode;
	uint8_t field; /* NOR_STEP_SCCR_SET: enum extmem_sfdp_sccr_field */
	/* NOR_STEP_SCCR_SET: a second field of the same register, made true or false in the same write */
	bool has_field2, field2_true;
	uint8_t field2;
	bool wren;                      /* NOR_STEP_SEQ: 06h first */
	enum extmem_protocol in, after; /* command protocol the step is sent in, and the part's after it */
	uint32_t busy_us;               /* bound of the wait for ready that follows */
	struct extmem_sfdp_oddr_seq seq;
};

#define NOR_MAX_STEPS      6
#define NOR_MAX_CANDIDATES 10

struct nor_candidate {
	enum extmem_protocol read, cmd, prog;
	uint8_t addr_bytes;
	uint8_t read_opcode, read_dummy, read_mode_bytes, prog_opcode;
	uint8_t erase_op[4]; /* by BFPT erase type */
	uint8_t status_addr_bytes, status_dummy;
	bool tune_dummy; /* octal: dummy count from the xSPI profile for the clock reached */
	uint32_t hz;     /* clock to ask the port for */
	uint8_t nsteps;
	struct nor_step step[NOR_MAX_STEPS];
};

/*
 * Every protocol the part and the link share, fastest first, each with its
 * read/program/erase configuration and the steps that enter it from
 * 1S-1S-1S. The last candidate is always 1S-1S-1S. Returns the count.
 */
unsigned extmem_nor_plan(const struct extmem_sfdp *s, const struct extmem_nor_sfdp_config *cfg,
			 struct nor_candidate *out, unsigned max);

/* Protocols of w data lines are planned (EXTMEM_NOR_WIDTHS, include/extmem/sfdp.h): the other widths fold away. */
#define NOR_WIDTH_ON(w) EXTMEM_NOR_HAS_WIDTH(w)

/* The protocols the planner knows, fastest first (8D-8D-8D .. 1S-1S-1S): 4 octal, 3 quad, 2 dual, 1S-1S-1S. */
#define NOR_CHOICES (4 * NOR_WIDTH_ON(8) + 3 * NOR_WIDTH_ON(4) + 2 * NOR_WIDTH_ON(2) + 1)
/*
 * Plans protocol choice i (0: the fastest) into *c: false when the part or
 * the link does not allow it. extmem_nor_plan keeps those that plan; the
 * bring-up plans one at a time, so a Boot holds one candidate, not ten.
 */
bool extmem_nor_plan_choice(const struct extmem_sfdp *s, const struct extmem_nor_sfdp_config *cfg, unsigned i,
			    struct nor_candidate *c);

/*
 * Octal read latency from the xSPI profile for a clock: the shortest listed
 * count whose speed grade reaches hz; *pattern gets its configuration
 * pattern. 0 when no grade reaches hz (or the profile lists none).
 */
uint8_t extmem_nor_xspi_dummy(const struct extmem_sfdp *s, uint32_t hz, uint8_t *pattern);
/* The latency the part uses at power-on: the profile entry with pattern 0, else the longest listed. */
uint8_t extmem_nor_xspi_default_dummy(const struct extmem_sfdp *s);
/* The highest clock a grade of the profile lists (0: none). */
uint32_t extmem_nor_xspi_top_hz(const struct extmem_sfdp *s);
/* The clock of the fastest grade whose count is `dummy` (0: none lists it). */
uint32_t extmem_nor_xspi_hz_of(const struct extmem_sfdp *s, uint8_t dummy);

/* What 1S-1S-1S read before a protocol switch: the references of its proof. */
#define EXTMEM_NOR_PROOF_SFDP_LEN 16u
struct nor_proof_refs {
	const uint8_t *sfdp; /* the first EXTMEM_NOR_PROOF_SFDP_LEN bytes of SFDP space; NULL: no 8D SFDP form known */
	uint8_t sfdp_8d_dummy; /* the xSPI profile's dummy cycles of the 8D 5Ah read */
	uint32_t at;           /* array bytes read at `at` ... */
	const uint8_t *array;
	uint32_t len; /* ... (16 are compared at most) */
};

/*
 * Proves the protocol the part was switched to (nor_prove.c): WEL set by 06h
 * and cleared by 04h, the JEDEC ID in octal modes, the SFDP header in 8D
 * where its form is known, and the array read configuration against
 * refs->array unless that is uniform (then read_proven stays false and the
 * first program proves it). *stage: where it stopped.
 */
int extmem_nor_prove(struct nor *n, const struct nor_proof_refs *r, uint8_t *stage);

/*
 * SCCR field f can be read and written one bit at a time: the map is there,
 * gives the field, its read and write commands and a bit of a byte register.
 */
bool extmem_nor_sccr_usable(const struct extmem_sfdp *s, int f);

/* Runs one step from the plan, then waits for ready in the protocol the part is in after it. */
int extmem_nor_run_step(struct nor *n, const struct nor_step *st);

/*
 * The first program after an init that could not prove the array read
 * (blank flash): its data does. Called when reading it back failed: resets
 * to 1S-1S-1S, reads it there and brings the part up again, past the
 * candidate in use when 1S-1S-1S shows the data was programmed. EXTMEM_OK
 * when it was (the write stands), EXTMEM_ERR_DEVICE when it was not.
 */
int extmem_nor_reprove(struct nor *n, uint32_t at, const uint8_t *want, uint32_t len);
void extmem_nor_fill_info(struct extmem_memory *m);

/* ---- array and protection ------------------------------------------------ */

int extmem_nor_check_result(const struct nor *n, bool erase);
int extmem_nor_read_protection(struct nor *n);
int extmem_nor_clear_protection(struct nor *n);
extern const struct extmem_driver extmem_nor_sfdp_driver;

/* ---- driver entry points (nor_bringup.c, nor_array.c) --------------------- */
int extmem_nor_drv_init(struct extmem_memory *m);
int extmem_nor_drv_deinit(struct extmem_memory *m);
int extmem_nor_drv_read(struct extmem_memory *m, uint64_t addr, void *buf, size_t len);
int extmem_nor_drv_write(struct extmem_memory *m, uint64_t addr, const void *buf, size_t len);
int extmem_nor_drv_erase(struct extmem_memory *m, uint64_t addr, uint64_t len);
int extmem_nor_drv_erase_all(struct extmem_memory *m);
int extmem_nor_drv_map(struct extmem_memory *m);
int extmem_nor_drv_unmap(struct extmem_memory *m);

#endif /* EXTMEM_NOR_INTERNAL_H */
