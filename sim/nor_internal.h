/* SPDX-License-Identifier: MIT */
/*
 * Private to the NOR model (sim/nor*.c): what a command is for a part, the
 * wire-level frame the part samples, and the helpers the split files share.
 *
 *   nor_wire.c  what the part samples clock by clock: command, address,
 *               mode/dummy clocks, write data; how the host samples read data
 *   nor_cmds.c  per-family command tables: what each opcode does
 *   nor_regs.c  register values, writes, block-protect layouts, fail flags
 *   nor.c       state, busy time, power, reset, execution of a decoded command
 */
#ifndef EXTMEM_SIM_NOR_INTERNAL_H
#define EXTMEM_SIM_NOR_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "extmem_sim/nor.h"

#define PS_PER_US 1000000ull

/* What a command is, once the opcode is known for the part and protocol. */
enum nor_kind {
	K_NONE = 0,
	K_RDID,
	K_SFDP,
	K_READ,
	K_PP,
	K_ERASE,
	K_MAP_ERASE,
	K_CHIP,
	K_WREN,
	K_WRDI,
	K_RDREG,
	K_WRREG,
	K_EN4B,
	K_EX4B,
	K_QPI_EN,
	K_QPI_EX,
	K_RSTEN,
	K_RST,
	K_SUSPEND,
	K_ULBPR,
	K_RBPR,
	K_WBPR,
	K_CLRERR,
	K_VWREN,  /* Winbond 50h: the next status-register write is volatile, no WEL */
	K_RST_F0, /* Spansion F0h: software reset with no enable command */
};

/* Address bytes: none, 3, 4, or as the address mode says (4 in octal). */
enum nor_addr { A_NONE = 0, A_3, A_4, A_MODE };

enum nor_reg {
	R_SR,
	R_CR,
	R_SR2,
	R_SR3,
	R_FSR,
	R_SCUR,
	R_VCR,
	R_EVCR,
	R_CR2,
	R_PARAMS,
	R_ERR,
	R_MT_VCR, /* Micron octal addressed volatile configuration register (81h/85h) */
	R_CR1,    /* Spansion CR1 (35h read; written as WRR's second byte) */
	R_BAR,    /* Spansion bank address register (16h/17h) */
	R_IN_CFG, /* Infineon S28HS / ISSI WX addressed configuration (65h/71h) */
};

/* Where a read's latency comes from: fixed in the entry, the part's descriptor, or its configuration. */
enum nor_lat {
	L_FIXED,
	L_FAST_1S,
	L_112,
	L_122,
	L_114,
	L_144,
	L_FAST_4S,
	L_OCTAL,    /* the configured octal array-read dummy (Macronix CR2 0x300) */
	L_REG_OCT,  /* register / ID reads in 8S or 8D */
	L_SFDP_1S,  /* 5Ah in 1S */
	L_SFDP_OCT, /* 5Ah in 8S/8D */
	L_REG_ARG,  /* SEMPER RDARG 65h in 1S: the volatile register latency (CFR3V VRGLAT) */
};

/* How the part drives a read's data: a stream, or one value held on both DTR edges and repeated. */
enum nor_out { O_STREAM = 0, O_REPEAT, O_PAIRS };

struct nor_cmd {
	enum nor_kind kind;
	enum nor_addr addr;
	uint8_t addr_lines; /* 0: the protocol's lines */
	uint8_t data_lines; /* 0: the protocol's lines */
	enum nor_lat lat_kind;
	uint8_t lat; /* L_FIXED */
	enum extmem_xspi_dir dir;
	enum nor_reg reg;
	uint8_t erase_idx;
	bool quad;     /* needs QE */
	bool wel;      /* needs WEL */
	bool any_busy; /* answered while busy */
	bool read03;   /* the slow 03h/13h read: its own max clock */
};

/* ---- the frame as the part samples it (nor_wire.c) ---- */

#define NOR_WIRE_HEAD 10 /* 2 command + 4 address + 4 alternate bytes */

struct nor_wire {
	const struct extmem_xspi_op *op;
	/* Host-driven bytes in wire order: command, address, alternate, then write data. */
	uint8_t head[NOR_WIRE_HEAD];
	struct extmem_xspi_phase head_bus[NOR_WIRE_HEAD];
	uint32_t head_len;
	uint32_t len; /* head_len + write data bytes */
	uint32_t pos; /* bytes the part has taken so far */
};

void nor_wire_init(struct nor_wire *w, const struct extmem_xspi_op *op);
uint32_t nor_wire_left(const struct nor_wire *w);
uint8_t nor_wire_byte(const struct nor_wire *w, uint32_t i);
struct extmem_xspi_phase nor_wire_bus(const struct nor_wire *w, uint32_t i);
/* Index of the first of the next n bytes not driven as `lines`/`dtr`, or -1 when all are. */
int32_t nor_wire_mismatch(const struct nor_wire *w, uint32_t n, uint8_t lines, bool dtr);
/* Takes n bytes (n <= 4) as a big-endian value. */
uint32_t nor_wire_take(struct nor_wire *w, uint32_t n);
/* Clocks the remaining head bytes (after the address) occupy: mode bits of a read. */
uint32_t nor_wire_head_clocks(const struct nor_wire *w);
/* The remaining bytes as write data: a pointer into the op, or a copy in *scratch (free it). */
const uint8_t *nor_wire_data(const struct nor_wire *w, uint32_t *n, uint8_t **scratch);

/*
 * The read data the host samples: the part drives src[k] for byte k of its
 * output (k < 0: before it drives, the idle 0xFF), one byte per edge in DTR.
 * skew_edges: how many output bytes the host is early (+) or late (-).
 */
typedef int (*nor_src_fn)(const void *ctx, int64_t k); /* byte value, or -1 for idle */
void nor_wire_sample(uint8_t *out, uint32_t len, bool part_dtr, bool host_dtr, int64_t skew_edges, nor_src_fn src,
		     const void *ctx);

/* ---- commands (nor_cmds.c) ---- */

/* The command `opc` is in protocol `proto` for this part, or false when it has none. */
bool nor_cmd_lookup(const struct extmem_sim_nor *nor, enum extmem_sim_nor_proto proto, uint8_t opc, struct nor_cmd *c);

/* ---- registers and protection (nor_regs.c) ---- */

uint8_t nor_reg_value(struct extmem_sim_nor *nor, enum nor_reg reg, uint32_t addr);
/* Applies a register write; returns the busy time it starts (0: instant). */
uint32_t nor_reg_write(struct extmem_sim_nor *nor, enum nor_reg reg, uint32_t addr, const uint8_t *d, uint32_t n);
bool nor_is_protected(const struct extmem_sim_nor *nor, uint32_t addr, uint32_t len);
void nor_set_fail(struct extmem_sim_nor *nor, bool erase);
void nor_set_protect_error(struct extmem_sim_nor *nor, bool erase);
bool nor_qe_enabled(const struct extmem_sim_nor *nor);

/* ---- reads (nor_read.c) ---- */

/* What the part drives as output byte k: bytes from start (wrapping or not), or each byte on both DTR edges. */
struct nor_src {
	const uint8_t *bytes;
	uint64_t len;
	uint64_t start;
	bool wrap;
	int32_t flip; /* offset whose bits are inverted (SFDP fault), -1: none */
	bool pairs;   /* each byte on both DTR edges (ID in 8D) */
	bool swap;    /* the two bytes of each DTR word exchanged (start is even) */
};

/* Latency clocks the command needs now; lowers *max_hz to what the dummy setting supports. */
uint8_t nor_required_latency(const struct extmem_sim_nor *nor, const struct nor_cmd *c, uint32_t *max_hz);
/* Fills op's read buffer with what the host samples of `s` (skew: output bytes the host is early). */
void nor_drive(const struct extmem_xspi_op *op, bool part_dtr, int64_t skew, const struct nor_src *s);
/* nor_wire_sample source of one repeated register value (ctx: const uint8_t *). */
int nor_repeat_fn(const void *ctx, int64_t k);

/* ---- core (nor.c) ---- */

bool nor_busy_now(struct extmem_sim_nor *nor);
/* Switches the protocol the part listens in, unless a fault says it never enters that one. */
void nor_switch_proto(struct extmem_sim_nor *nor, enum extmem_sim_nor_proto proto);
void nor_settle(struct extmem_sim_nor *nor);
void nor_volatile_defaults(struct extmem_sim_nor *nor, bool power_on);
extern const struct extmem_sim_device_ops nor_device_ops;
void nor_viol(struct extmem_sim_nor *nor, enum extmem_sim_nor_rule rule, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline bool nor_is_family(const struct extmem_sim_nor *nor, enum extmem_sim_nor_family f)
{
	return nor->part->family == f;
}

#endif /* EXTMEM_SIM_NOR_INTERNAL_H */
