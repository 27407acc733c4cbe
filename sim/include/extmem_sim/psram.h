/* SPDX-License-Identifier: MIT */
/*
 * extmem simulator: AP Memory APS256XXN-OBR, 256 Mbit octal/hex DDR PSRAM
 * (XSPI1 of the STM32H7S78-DK).
 *
 * Wire protocol the model expects (as used by ST's aps256xx driver and the
 * part's datasheet):
 *   - command: one byte on DQ[7:0], either 8S (one cycle) or 8D with the
 *     byte repeated (two-byte opcode 0x2020 etc.); a single-byte 8D opcode
 *     is half a cycle and is a violation.
 *   - address: 4 bytes 8D on DQ[7:0], also in x16 mode.
 *       x8 : byte address, A0 ignored (data moves in byte pairs).
 *       x16: A[9:0] word column, A10 unused, A[24:11] row (2 KiB rows), so
 *            byte offset = row * 2048 + column * 2.
 *   - latency: counted from the cycle that carries A1..A0, so the
 *     descriptor's dummy_cycles = latency - 1:
 *       array read     RL - 1, or 2*RL - 1 with fixed latency (MR0[5] = 1)
 *                      or when a refresh collides (variable latency)
 *       MR read        RL - 1 always: register reads never double
 *       array write    WL - 1 (write latency never doubles)
 *       MR write       0
 *   - data: 8D on DQ[7:0] in x8 mode, 16D on DQ[15:0] in x16 mode (MR8[6]);
 *     mode registers always on DQ[7:0]. Reads need DQS (op.dqs = true).
 *     Array writes drive DM through the strobe pin (op.dqs = true); the
 *     descriptor has no mask field, so masked bytes are injected with
 *     extmem_sim_psram_mask_next_write().
 *
 * Strictness: each broken rule records a violation (extmem_sim_violation)
 * and the op does what the silicon would: an undecodable command or address
 * phase is ignored; a wrong latency shifts the data by the difference (a read
 * returns idle bytes or data from further on, a write stores shifted bytes);
 * a read without DQS or on the wrong number of lines returns garbage, a write
 * on the wrong number of lines is dropped; an odd
 * DTR length, a clock above 200 MHz (or above what the latency code allows),
 * or CE# low longer than tCEM is recorded and the op still completes.
 *
 * MR0 reset value and register read latency (issue 10, gap 12), by source:
 *   - RL 5, variable latency at power-up: ST's aps256xx_conf.h for the
 *     STM32H7S78-DK names RL 5 as DEFAULT_READ_LATENCY_CODE and its BSP reads
 *     MR0 with it before writing anything; ST's DK templates (Template_XIP,
 *     Template_LRUN) write only MR8 and then read registers and the array
 *     with 4 dummy cycles; ST's custom APS256XX driver starts with 4.
 *     The sibling APS512XXN datasheet, as quoted in ST's aps512xx_conf.h,
 *     gives "VL (default), LC = 5 (default)" (its Table 5) and WL 5 (Table 15).
 *   - Register reads take RL once, whatever MR0[5] says and with no refresh
 *     doubling: ST's APS256XX_READ_REG_LATENCY(rlc) is RLC + 3 ignoring the
 *     latency type, while APS256XX_READ_LATENCY doubles it for fixed latency;
 *     ST's custom driver reads registers with 6 dummy cycles after setting
 *     RL 7 ("7 on the memory side, 6 on the XSPI side"); aps512xx_conf.h
 *     quotes the sibling datasheet's Table 6: register read latency = LC,
 *     register write latency 1.
 *   So vendor code's 4 (before MR0 is changed) and 6 (after RL 7 is set)
 *   are both right; 6 before MR0 is changed, or 2*RL - 1 under fixed
 *   latency, is recorded and returns shifted bytes.
 *   - Drive strength half (MR0[1:0] = 01) is a model choice: ST's and
 *     Zephyr's drivers configure half, the datasheet text was not available.
 *
 * Variable latency: the model is deterministic and never collides with a
 * refresh unless a test asks for it with refresh_collisions (the next n
 * reads then need the doubled latency, as the part signals on DQS during
 * the address phase). Fixed latency always needs the doubled count.
 */
#ifndef EXTMEM_SIM_PSRAM_H
#define EXTMEM_SIM_PSRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extmem_sim/device.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Datasheet values (APS256XXN-OBR Rev. 1.0 first page, see docs/psram-and-trace.md). */
#define EXTMEM_SIM_PSRAM_SIZE        0x2000000u /* 256 Mbit = 32 MiB */
#define EXTMEM_SIM_PSRAM_ROW_BYTES   2048u      /* x8: 2048 bytes/page, x16: 1024 words/page */
#define EXTMEM_SIM_PSRAM_MAX_HZ      200000000u
/* tCEM (max CE# low): 4 us standard temperature, 1 us extended (-40..105 C). */
#define EXTMEM_SIM_PSRAM_TCEM_STD_PS 4000000ull
#define EXTMEM_SIM_PSRAM_TCEM_EXT_PS 1000000ull
/* Model choices, not datasheet values: reset and half-sleep exit recovery. */
#define EXTMEM_SIM_PSRAM_TRST_PS     2000000ull   /* 2 us after global reset */
#define EXTMEM_SIM_PSRAM_TXHS_PS     150000000ull /* 150 us to leave half sleep (ST driver comment) */

/* Commands. */
#define EXTMEM_SIM_PSRAM_CMD_READ         0x00u /* sync read, wrap/hybrid per MR8 */
#define EXTMEM_SIM_PSRAM_CMD_READ_LINEAR  0x20u /* linear burst read */
#define EXTMEM_SIM_PSRAM_CMD_MR_READ      0x40u
#define EXTMEM_SIM_PSRAM_CMD_WRITE        0x80u /* sync write, wrap/hybrid per MR8 */
#define EXTMEM_SIM_PSRAM_CMD_WRITE_LINEAR 0xA0u /* linear burst write */
#define EXTMEM_SIM_PSRAM_CMD_MR_WRITE     0xC0u
#define EXTMEM_SIM_PSRAM_CMD_GLOBAL_RESET 0xFFu

/* Mode register fields. */
#define EXTMEM_SIM_PSRAM_MR0_DS_MASK    0x03u /* drive strength */
#define EXTMEM_SIM_PSRAM_MR0_RLC_MASK   0x1Cu /* read latency code: (RL - 3) << 2 */
#define EXTMEM_SIM_PSRAM_MR0_RLC_SHIFT  2u
#define EXTMEM_SIM_PSRAM_MR0_LT_FIXED   0x20u /* 1: fixed (always 2 x RL), 0: variable */
#define EXTMEM_SIM_PSRAM_MR4_PASR_MASK  0x07u
#define EXTMEM_SIM_PSRAM_MR4_RF_MASK    0x18u
#define EXTMEM_SIM_PSRAM_MR4_WLC_MASK   0xE0u /* write latency code, bit-reversed in MR4[7:5] */
#define EXTMEM_SIM_PSRAM_MR6_HALF_SLEEP 0xF0u
#define EXTMEM_SIM_PSRAM_MR6_DEEP_PD    0xC0u
#define EXTMEM_SIM_PSRAM_MR8_BL_MASK    0x03u /* 16, 32, 64, 2K(x8)/1K words(x16) */
#define EXTMEM_SIM_PSRAM_MR8_BT_HYBRID  0x04u /* 1: hybrid (one wrap, then linear) */
#define EXTMEM_SIM_PSRAM_MR8_RBX        0x08u /* reads may cross row boundaries */
#define EXTMEM_SIM_PSRAM_MR8_X16        0x40u

#define EXTMEM_SIM_PSRAM_MR_COUNT 9u

struct extmem_sim_psram {
	struct extmem_sim_device base;
	uint8_t *array;
	size_t size; /* power of two, at most EXTMEM_SIM_PSRAM_SIZE; higher address bits wrap */
	uint8_t mr[EXTMEM_SIM_PSRAM_MR_COUNT];
	uint64_t tcem_ps;            /* CE# low limit checked (default: standard temperature) */
	uint64_t ready_ps;           /* ops before this time are ignored (after reset / wake-up) */
	bool asleep;                 /* half sleep or deep power down entered */
	uint32_t refresh_collisions; /* test hook: next n reads under variable latency collide */
	const uint8_t *write_mask;   /* test hook: DM for the next array write, nonzero = masked */
	uint32_t write_mask_len;
	/* Statistics. */
	uint64_t reads, writes, bytes_read, bytes_written;
};

/* Powers the part up (mode registers at their reset values, x8 mode). */
void extmem_sim_psram_init(struct extmem_sim_psram *psram, struct extmem_sim_clock *clock, uint8_t *array, size_t size);

/* Read latency RL (3..7) from MR0, write latency WL (3..7) from MR4. */
unsigned extmem_sim_psram_read_latency(const struct extmem_sim_psram *psram);
unsigned extmem_sim_psram_write_latency(const struct extmem_sim_psram *psram);

/* dummy_cycles a descriptor must carry for an array read (collision: refresh hit) / a write. */
unsigned extmem_sim_psram_read_dummy(const struct extmem_sim_psram *psram, bool collision);
unsigned extmem_sim_psram_write_dummy(const struct extmem_sim_psram *psram);
/* dummy_cycles of a mode register read: RL - 1 under either latency type. */
unsigned extmem_sim_psram_reg_read_dummy(const struct extmem_sim_psram *psram);

/* Highest bus clock the configured latency codes allow (datasheet table). */
uint32_t extmem_sim_psram_max_hz(const struct extmem_sim_psram *psram);

/* MR value for a read/write latency RL/WL (3..7). */
uint8_t extmem_sim_psram_mr0_rlc(unsigned rl);
uint8_t extmem_sim_psram_mr4_wlc(unsigned wl);

bool extmem_sim_psram_x16(const struct extmem_sim_psram *psram);

/*
 * The bench bound: wire time (ps) of moving [offset, offset + total) in
 * linear bursts as long as the part allows at hz under its current mode
 * registers: each burst stops at a row end (reads with MR8 RBX may go on)
 * and at the longest burst whose CE# low time fits tcem_ps; each costs the
 * command, address and latency clocks. *bursts gets their number.
 */
uint64_t extmem_sim_psram_bound_ps(const struct extmem_sim_psram *psram, bool write, uint32_t offset, uint32_t total,
				   uint32_t hz, uint32_t *bursts);

/* Byte-granular DM for the next array write only (mask[i] != 0: byte i kept as it was). */
void extmem_sim_psram_mask_next_write(struct extmem_sim_psram *psram, const uint8_t *mask, uint32_t len);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SIM_PSRAM_H */
