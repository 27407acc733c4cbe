/* SPDX-License-Identifier: MIT */
/*
 * extmem: the PSRAM driver, configured by a description of the part.
 *
 * A description (struct extmem_psram_part) says everything the driver needs
 * to know about one PSRAM: its commands, the mode-register writes that set
 * it up, the latencies it needs at each clock, the burst rules and the
 * longest time CS# may stay low. init resets the part, checks its ID, picks
 * the data width the link carries and the latency for the clock reached,
 * writes and verifies the mode registers, then serves reads and writes as
 * bursts that respect the row size and the CS# low limit. Memory-mapped mode
 * installs both a read and a write template and tells the port the
 * chip-select boundary and refresh interval.
 *
 * extmem_psram_aps256xxn is the AP Memory APS256XXN-OBR on XSPI1 of the
 * STM32H7S78-DK (docs/psram-and-trace.md lists the facts and sources).
 */
#ifndef EXTMEM_PSRAM_H
#define EXTMEM_PSRAM_H

#include "extmem.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EXTMEM_PSRAM_MAX_REGS      6u
#define EXTMEM_PSRAM_MAX_LATENCIES 6u

/* One mode-register update: bits in mask take value (read, modify, write, read back). */
struct extmem_psram_reg {
	uint8_t addr;
	uint8_t mask;
	uint8_t value;
};

/* One latency setting and the clock range it serves. */
struct extmem_psram_latency {
	uint32_t max_hz;        /* highest clock the setting allows */
	uint8_t read_dummy;     /* dummy cycles of an array read (doubling for fixed latency included) */
	uint8_t write_dummy;    /* of an array write */
	uint8_t reg_read_dummy; /* of a mode-register read once this setting is written */
	uint8_t reg_count;
	struct extmem_psram_reg regs[2]; /* the writes that select it (e.g. MR0 RLC, MR4 WLC) */
};

struct extmem_psram_part {
	const char *name;
	uint32_t size;          /* bytes */
	uint32_t max_hz;        /* part's top clock */
	uint32_t init_hz;       /* clock for reset and register set-up (<= every latency's max_hz at reset) */
	uint32_t row_bytes;     /* page/row: linear bursts stay inside one (power of two) */
	uint32_t max_cs_low_ns; /* tCEM: longest CS# low (refresh needs it high) */
	/* wire format: command lines/rate, 4-byte address lines/rate, data rate */
	uint8_t cmd_lines;
	bool cmd_dtr;
	uint8_t addr_bytes;
	uint8_t addr_lines;
	bool addr_dtr;
	bool data_dtr;
	bool dqs;              /* reads need the part's strobe; writes drive DM on it */
	bool variable_latency; /* the controller must follow DQS for refresh collisions */
	/* commands */
	uint8_t read_opcode;  /* linear burst read */
	uint8_t write_opcode; /* linear burst write */
	uint8_t reg_read_opcode;
	uint8_t reg_write_opcode;
	uint8_t reg_bytes;            /* data bytes of a register transfer (2 in DDR) */
	uint8_t reset_opcode;         /* 0: no reset command */
	uint16_t reset_us;            /* wait after it */
	uint8_t reset_reg_read_dummy; /* register reads before any latency is written */
	/* identification: (reg[id_reg] & id_mask) == id_value, else no device */
	uint8_t id_reg;
	uint8_t id_mask;
	uint8_t id_value;
	/* set-up */
	uint8_t init_count;
	struct extmem_psram_reg init[EXTMEM_PSRAM_MAX_REGS]; /* written after the latency (drive, refresh...) */
	bool x16_capable;
	struct extmem_psram_reg x16_enable;     /* switches the array data to 16 lines */
	enum extmem_xspi_addr_map x16_addr_map; /* wire address format in x16 */
	uint8_t latency_count;
	struct extmem_psram_latency latencies[EXTMEM_PSRAM_MAX_LATENCIES]; /* ascending max_hz */
};

struct extmem_psram_config {
	struct extmem_xspi_link link; /* data_lines 8 or 16, DTR, DQS as wired */
	const struct extmem_psram_part *part;
	uint32_t max_hz; /* cap on the operating clock; 0: the part's and the link's */
};

/* What the driver decided at init. */
struct extmem_psram_data {
	uint32_t clock_hz;
	uint8_t data_lines; /* 8 or 16 */
	const struct extmem_psram_latency *latency;
	uint32_t max_burst;       /* read data bytes one CS# low period carries at clock_hz */
	uint32_t max_write_burst; /* likewise for writes (shorter latency) */
	uint32_t unit;            /* bytes per clock: bursts start and end on it */
	uint8_t regs[16];         /* mode registers as read back after set-up (index = address) */
	uint16_t regs_read;       /* bit n: regs[n] valid */
};

extern const struct extmem_driver extmem_psram_driver;

/* AP Memory APS256XXN-OBR, 256 Mbit, 200 MHz, x8/x16 (fixed latency as ST's DK BSP). */
extern const struct extmem_psram_part extmem_psram_aps256xxn;

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_PSRAM_H */
