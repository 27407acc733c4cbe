/* SPDX-License-Identifier: MIT */
/*
 * extmem: the xSPI operation contract.
 *
 * Every transfer on an xSPI bus (single, dual, quad, octal, hexa lines; STR
 * or DTR) is one struct extmem_xspi_op. A driver builds descriptors and knows
 * nothing about registers; a port executes descriptors and knows nothing about
 * flash commands. The same descriptor reaches the device models on the host
 * and in the emulator.
 */
#ifndef EXTMEM_XSPI_H
#define EXTMEM_XSPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extmem_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Direction of the data phase. */
enum extmem_xspi_dir {
	EXTMEM_XSPI_DATA_NONE = 0,
	EXTMEM_XSPI_DATA_IN = 1,  /* device -> host (read) */
	EXTMEM_XSPI_DATA_OUT = 2, /* host -> device (write) */
};

/*
 * One bus phase. lines = 0 means the phase is absent; otherwise 1, 2, 4, 8 or
 * 16. dtr = true transfers on both clock edges.
 */
struct extmem_xspi_phase {
	uint8_t lines;
	bool dtr;
};

/*
 * How a port turns a memory-mapped window offset into the wire address of a
 * map template (indirect descriptors always carry the wire address).
 */
enum extmem_xspi_addr_map {
	EXTMEM_XSPI_ADDR_LINEAR = 0, /* wire address = offset */
	/*
	 * AP Memory x16 PSRAM (the STM32 XSPI's "AP Memory 16-bit" memory type):
	 * 16-bit word column in A[9:0], A10 unused, row of 2 KiB in A[31:11].
	 */
	EXTMEM_XSPI_ADDR_APMEM_X16 = 1,
};

static inline uint32_t extmem_xspi_map_address(enum extmem_xspi_addr_map map, uint32_t offset)
{
	if (map == EXTMEM_XSPI_ADDR_APMEM_X16)
		return ((offset >> 11) << 11) | ((offset & 0x7FFu) >> 1);
	return offset;
}

struct extmem_xspi_op {
	struct {
		struct extmem_xspi_phase bus;
		uint8_t nbytes;  /* 1 or 2 (octal DTR sends the opcode and its extension) */
		uint16_t opcode; /* with nbytes = 2, the first byte on the wire is bits 15..8 */
	} cmd;
	struct {
		struct extmem_xspi_phase bus;
		uint8_t nbytes; /* 0..4 */
		uint32_t value;
	} addr;
	struct {
		struct extmem_xspi_phase bus;
		uint8_t nbytes; /* 0..4: alternate ("mode") bytes */
		uint32_t value;
	} alt;
	uint8_t dummy_cycles; /* clock cycles between address/alternate and data */
	struct {
		struct extmem_xspi_phase bus;
		enum extmem_xspi_dir dir;
		uint32_t len;
		union {
			void *in;
			const void *out;
		} buf;
	} data;
	bool dqs; /* the device drives a data strobe for this read */
	/* Map templates only: offset to wire address (0, linear, for everything else). */
	enum extmem_xspi_addr_map addr_map;
};

/* Checks the descriptor's shape (line counts, byte counts, buffer present). */
int extmem_xspi_op_check(const struct extmem_xspi_op *op);

/* Bus clock cycles the op occupies at the wire (command to last data beat). */
uint32_t extmem_xspi_op_cycles(const struct extmem_xspi_op *op);

/*
 * Auto-poll request: the port repeats `op` (a 1..4 byte read of a status
 * register) until (value & mask) == match, or timeout_us elapses.
 */
struct extmem_xspi_poll {
	uint32_t mask;
	uint32_t match;
	uint32_t interval_cycles; /* bus cycles between two reads; 0: port default */
	uint32_t timeout_us;
};

/*
 * The port, as a const ops table plus a context pointer. Only execute and
 * time_us are mandatory.
 */
struct extmem_xspi_ops {
	/* Runs one indirect transfer. Returns EXTMEM_OK or a negative status. */
	int (*execute)(void *ctx, const struct extmem_xspi_op *op);
	/*
	 * Optional (NULL: the driver polls with execute). Returns EXTMEM_OK when
	 * matched, EXTMEM_ERR_TIMEOUT otherwise; *last gets the last value read.
	 */
	int (*auto_poll)(void *ctx, const struct extmem_xspi_op *op, const struct extmem_xspi_poll *poll,
			 uint32_t *last);
	/* Optional. Asks for hz; *actual_hz gets the clock really reached (<= hz). */
	int (*set_clock)(void *ctx, uint32_t hz, uint32_t *actual_hz);
	/*
	 * Optional. Memory-mapped mode: reads use read_op (address and data
	 * fields are templates), writes use write_op (NULL: mapped writes
	 * unsupported). map_disable returns the port to indirect mode.
	 */
	int (*map_enable)(void *ctx, const struct extmem_xspi_op *read_op, const struct extmem_xspi_op *write_op);
	int (*map_disable)(void *ctx);
	/* Monotonic microseconds; wraps at 2^32, compare with differences. */
	uint32_t (*time_us)(void *ctx);
	/*
	 * Optional (NULL: the port has no such limits). Chip-select rules for
	 * memory-mapped bursts, as a PSRAM needs them: no burst crosses a
	 * boundary_bytes boundary (a power of two; 0: none), and CS# goes high
	 * before max_cs_low_cycles bus clocks (0: no limit) so the part can
	 * refresh (STM32 XSPI DCR3.CSBOUND and DCR4.REFRESH).
	 */
	int (*set_cs_limits)(void *ctx, uint32_t boundary_bytes, uint32_t max_cs_low_cycles);
};

/* A driver's view of one xSPI link: the port and how the board wires it. */
struct extmem_xspi_link {
	const struct extmem_xspi_ops *ops;
	void *ctx;
	uint8_t data_lines; /* wired IO lines: 1, 2, 4, 8 or 16 */
	bool dqs_wired;     /* a data strobe pin is connected */
	bool dtr_capable;   /* the controller can do DTR */
	uint32_t max_hz;    /* highest bus clock the board allows */
	uintptr_t map_base; /* CPU address of the memory-mapped window (0: none) */
	uint32_t map_size;  /* bytes of that window */
};

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_XSPI_H */
