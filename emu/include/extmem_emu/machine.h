/* SPDX-License-Identifier: MIT */
/*
 * extmem emulator: an STM32H7S7 on the PC.
 *
 * A Unicorn Cortex-M7 (M-class, Thumb) with the STM32H7S7 memory map and the
 * peripherals boot code touches, modelled at register level after RM0477:
 * RCC, PWR, FLASH ACR, SBS, GPIO, SysTick, DWT, SCB/MPU/cache control,
 * XSPI1/XSPI2/XSPIM. Every XSPI transfer becomes one struct extmem_xspi_op
 * handed to the device model wired to that port, on the same virtual clock
 * the CPU advances (one instruction = one CPU cycle at the clock RCC gives).
 *
 * Anything the model does not know (an address, a register, an access) stops
 * the run with a report naming the address, the PC and the access size.
 */
#ifndef EXTMEM_EMU_MACHINE_H
#define EXTMEM_EMU_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "extmem_sim/device.h"
#include "extmem_sim/sdcard.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The memory map (RM0477). */
#define EXTMEM_EMU_ITCM_BASE   0x00000000u
#define EXTMEM_EMU_ITCM_SIZE   0x00010000u
#define EXTMEM_EMU_FLASH_BASE  0x08000000u
#define EXTMEM_EMU_FLASH_SIZE  0x00010000u
#define EXTMEM_EMU_DTCM_BASE   0x20000000u
#define EXTMEM_EMU_DTCM_SIZE   0x00010000u
#define EXTMEM_EMU_AXI_BASE    0x24000000u
#define EXTMEM_EMU_AXI_SIZE    0x00072000u /* 456 KB */
#define EXTMEM_EMU_AHB_BASE    0x30000000u
#define EXTMEM_EMU_AHB_SIZE    0x00008000u /* AHB SRAM1 + SRAM2 */
#define EXTMEM_EMU_BKP_BASE    0x38800000u
#define EXTMEM_EMU_BKP_SIZE    0x00001000u
#define EXTMEM_EMU_XSPI1_BASE  0x90000000u /* XSPI1 memory window */
#define EXTMEM_EMU_XSPI2_BASE  0x70000000u /* XSPI2 memory window */
#define EXTMEM_EMU_WINDOW_SIZE 0x10000000u
/* Emulator-private page (no memory there on the device): call-API return target. */
#define EXTMEM_EMU_RETURN_ADDR 0x1FFFF000u

/* Most user LEDs of a board (the STM32H7S78-DK: LD1 PO1, LD2 PO5, LD3 PM2, LD4 PM3). */
#define EXTMEM_EMU_LEDS 4

/* The board around the MCU: LEDs, the UART on the ST-LINK virtual COM port, the crystal. */
enum extmem_emu_board {
	EXTMEM_EMU_BOARD_STM32H7S78_DK = 0, /* LD1..LD4 PO1 PO5 PM2 PM3, UART4 (PD0/PD1) */
	EXTMEM_EMU_BOARD_NUCLEO_H7S3L8,     /* LD1..LD3 PD10 PD13 PB7, USART3 (PD8/PD9) */
};

struct extmem_emu_config {
	/* Shared virtual clock (the devices' clock); NULL: the machine owns one. */
	struct extmem_sim_clock *clock;
	/* Devices on the XSPIM output ports (port 1: PSRAM, port 2: NOR on the DK); NULL: nothing wired. */
	struct extmem_sim_device *port1;
	struct extmem_sim_device *port2;
	/* The card in SDMMC1's slot (same clock as the machine's); NULL: the slot is empty. */
	struct extmem_sim_sd *sd;
	uint32_t hse_hz; /* 0: 24 MHz, the DK's crystal */
	FILE *log;       /* optional: one line per LED change, stop report, XSPI controller violation */
	/*
	 * Code in an XSPI window runs with a per-instruction hook so hazard
	 * reports give the exact PC of the write (about 6x slower there).
	 * true: no hook, reports give the start of the block holding the write.
	 */
	bool fast_xip;
	/*
	 * An access silicon ignores (a peripheral register with its bus clock
	 * off) is a controller warning and the run goes on; strict: it stops
	 * the run as EXTMEM_EMU_STOP_INVALID instead.
	 */
	bool strict;
	enum extmem_emu_board board;
	/* The board's virtual COM port UART: bytes it transmits go to uart_out (NULL: kept only for
	 * extmem_emu_uart_output); it receives from uart_in (NULL: nothing arrives). */
	FILE *uart_out;
	FILE *uart_in;
	/*
	 * A fault (UsageFault, or HardFault it escalates to) stops the run with
	 * its status instead of running the firmware's handler. Off: the
	 * handler runs as on silicon; a handler that only branches to itself
	 * stops the run all the same, with the fault named.
	 */
	bool stop_on_fault;
	/*
	 * The user option word FLASH_OBW1SR (and OBW1SRP, which reads the
	 * current options back) as loaded at reset: RM0477's XSPI1_HSLV (bit
	 * 8), XSPI2_HSLV (9) and VDDIO_HSLV (29) allow high-speed low-voltage
	 * I/O on a 1.8 V domain. 0: no option set (a part as shipped has the
	 * HSLV bits clear: the user sets them with the programmer).
	 */
	uint32_t option_obw1sr;
};

enum extmem_emu_stop_reason {
	EXTMEM_EMU_STOP_NONE = 0,
	EXTMEM_EMU_STOP_TIME_LIMIT,  /* virtual time limit reached */
	EXTMEM_EMU_STOP_INSN_LIMIT,  /* instruction limit reached */
	EXTMEM_EMU_STOP_BREAKPOINT,  /* PC reached a requested address */
	EXTMEM_EMU_STOP_RETURNED,    /* the called function returned (call API) */
	EXTMEM_EMU_STOP_LED_EVENTS,  /* the requested number of LED changes happened, or the LED pattern */
	EXTMEM_EMU_STOP_BKPT,        /* the firmware executed BKPT #imm */
	EXTMEM_EMU_STOP_UNMODELLED,  /* access to an address or register the model does not know */
	EXTMEM_EMU_STOP_INVALID,     /* invalid access: unmapped, write to flash, fetch from a device */
	EXTMEM_EMU_STOP_FAULT,       /* undefined instruction or other CPU exception */
	EXTMEM_EMU_STOP_XIP_HAZARD,  /* a write that pulls the XSPI from under code or data in use */
	EXTMEM_EMU_STOP_UNSUPPORTED, /* something real the emulator does not model */
	EXTMEM_EMU_STOP_RESET,       /* AIRCR.SYSRESETREQ */
	EXTMEM_EMU_STOP_SLEEP,       /* WFI with no interrupt source that could wake the core */
	EXTMEM_EMU_STOP_DEBUG,       /* a debugger stop: step done, watchpoint, interrupt (extmem_emu/debug.h) */
};

struct extmem_emu_stop {
	enum extmem_emu_stop_reason reason;
	uint32_t pc;
	uint32_t addr;  /* faulting / accessed address when relevant */
	uint32_t value; /* written value when relevant; BKPT immediate */
	uint8_t size;   /* access size in bytes, 0 when not an access */
	bool write;     /* the access was a write */
	char message[256];
};

struct extmem_emu_led_event {
	uint64_t time_ps;
	uint8_t led;   /* 0..3 = LD1..LD4 */
	uint8_t level; /* pin level after the change: 0 or 1 */
};

#define EXTMEM_EMU_PATTERN_MAX 8

struct extmem_emu_limits {
	uint64_t max_ps;         /* virtual time (absolute, shared clock) to stop at; 0: none */
	uint64_t max_insns;      /* instructions this run may execute; 0: no limit */
	uint32_t led_events;     /* 0: none; else stop once this many LED changes are logged (in total) */
	uint32_t breakpoints[4]; /* addresses (Thumb bit ignored); 0: unused */
	/* stop when the latest LED changes are exactly these (oldest first); led_pattern_len 0: off */
	struct {
		uint8_t led;
		uint8_t level;
	} led_pattern[EXTMEM_EMU_PATTERN_MAX];
	uint8_t led_pattern_len;
	/* Asked between run slices (a few ms of wall time apart); true stops the run as
	 * EXTMEM_EMU_STOP_DEBUG / EXTMEM_EMU_DEBUG_INTERRUPT (a debugger's Ctrl-C). NULL: never. */
	bool (*poll)(void *ctx);
	void *poll_ctx;
};

struct extmem_emu_stats {
	uint64_t insns;           /* instructions executed (= CPU cycles at 1 IPC) */
	uint64_t virtual_ps;      /* virtual time since reset */
	uint64_t wall_ns;         /* host time spent in runs */
	uint32_t cpu_hz;          /* CPU clock now */
	uint32_t exceptions;      /* exception entries, tail-chained ones included */
	uint32_t xspi_ops;        /* XSPI transfers handed to the devices */
	uint32_t xspi_violations; /* controller misuse (write while busy, clock off ...) */
	uint32_t map_snapshots;   /* memory-mapped windows set up */
	uint32_t window_blocks;   /* code blocks run from an XSPI window: 0 when no instruction ran from one */
	uint32_t map_chunks;      /* 64 KB window chunks read through the device model */
	uint32_t line_fills;      /* 32-byte window line reads charged as bus time (cache misses) */
	uint32_t warnings;        /* accesses silicon ignores (register of an unclocked block ...) */
};

struct extmem_emu;

int extmem_emu_create(struct extmem_emu **out, const struct extmem_emu_config *cfg);
void extmem_emu_destroy(struct extmem_emu *emu);

/*
 * Loads an ELF: every PT_LOAD segment at its physical address (internal
 * flash, TCM or SRAM; segments in an XSPI window are refused: program them
 * into the device model) and its symbol table for extmem_emu_symbol.
 * errbuf gets a readable reason on failure. Returns 0 or -1.
 */
int extmem_emu_load_elf(struct extmem_emu *emu, const char *path, char *errbuf, size_t errlen);
/*
 * Copies the PT_LOAD segments of an ELF that lie in [base, base + size) into
 * buf (buf[0] = base): how a test or `extmem run --appli` programs an
 * application linked for an XSPI window into a device model's array. Bytes
 * not covered are left as they are. Returns the number of bytes copied, or -1
 * (errbuf says why, segments outside the range included).
 */
long extmem_emu_elf_extract(const char *path, uint32_t base, uint8_t *buf, size_t size, char *errbuf, size_t errlen);
/* Writes raw bytes into emulated memory (internal flash included). Returns 0 or -1. */
int extmem_emu_write_mem(struct extmem_emu *emu, uint32_t addr, const void *buf, size_t len);
int extmem_emu_read_mem(struct extmem_emu *emu, uint32_t addr, void *buf, size_t len);
/* Address of a symbol of the last loaded ELF (functions keep their Thumb bit). Returns 0 or -1. */
int extmem_emu_symbol(struct extmem_emu *emu, const char *name, uint32_t *addr);

/* Power-on reset: registers to reset values, SP and PC from the vector table at 0x08000000. */
void extmem_emu_reset(struct extmem_emu *emu);

/* Runs until a stop condition; returns the reason (also in extmem_emu_last_stop). */
enum extmem_emu_stop_reason extmem_emu_run(struct extmem_emu *emu, const struct extmem_emu_limits *limits);

/*
 * Runs one function the way a programming tool does: SP = sp (0: top of AXI
 * SRAM), LR = the return page, r0-r3 = args, PC = fn. Returns the stop
 * reason; EXTMEM_EMU_STOP_RETURNED means *r0 holds the result.
 */
enum extmem_emu_stop_reason extmem_emu_call(struct extmem_emu *emu, uint32_t fn, const uint32_t *args, unsigned nargs,
					    uint32_t sp, const struct extmem_emu_limits *limits, uint32_t *r0);

const struct extmem_emu_stop *extmem_emu_last_stop(const struct extmem_emu *emu);
const char *extmem_emu_stop_name(enum extmem_emu_stop_reason reason);

/* LED log (first EXTMEM_EMU_LED_LOG changes are kept; count is the total). */
#define EXTMEM_EMU_LED_LOG 256
uint32_t extmem_emu_led_count(const struct extmem_emu *emu);
const struct extmem_emu_led_event *extmem_emu_led_log(const struct extmem_emu *emu);
const char *extmem_emu_led_name(unsigned led);

void extmem_emu_get_stats(const struct extmem_emu *emu, struct extmem_emu_stats *stats);
/* "N instructions, X MIPS emulated; virtual T1 vs wall T2" and the counters. */
void extmem_emu_print_stats(const struct extmem_emu *emu, FILE *out);
/* Last XSPI controller violation message ("" when none). */
const char *extmem_emu_last_xspi_violation(const struct extmem_emu *emu);

/* Last controller warning ("" when none); the count is in extmem_emu_stats.warnings. */
const char *extmem_emu_last_warning(const struct extmem_emu *emu);
/* What the board's console UART has transmitted since create (first 64 KiB kept). */
const uint8_t *extmem_emu_uart_output(const struct extmem_emu *emu, size_t *len);
/* "stm32h7s78-dk" / "nucleo-h7s3l8"; NULL for an unknown value. */
const char *extmem_emu_board_name(enum extmem_emu_board board);
/* Number of user LEDs of the machine's board, and the name of one ("LD1 (PD10)"). */
unsigned extmem_emu_board_leds(const struct extmem_emu *emu);
const char *extmem_emu_board_led_name(const struct extmem_emu *emu, unsigned led);

/*
 * The device array behind a mapped window changed outside the bus (a test
 * wrote the model directly): rebuild the window from the device.
 */
void extmem_emu_refresh_windows(struct extmem_emu *emu);

/* CPU register access for tests and tools (UC_ARM_REG_* numbering is private: 0..15 = r0..r15). */
uint32_t extmem_emu_reg(struct extmem_emu *emu, unsigned n);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_EMU_MACHINE_H */
