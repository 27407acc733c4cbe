/* SPDX-License-Identifier: MIT */
/* extmem emulator: the machine's private state, shared by its source files. */
#ifndef EXTMEM_EMU_INTERNAL_H
#define EXTMEM_EMU_INTERNAL_H

#include <unicorn/unicorn.h>

#include "extmem_emu/machine.h"

/* Peripheral bases (RM0477). */
#define EMU_FLASH_R_BASE 0x52002000u
#define EMU_XSPI1_R_BASE 0x52005000u
#define EMU_XSPI2_R_BASE 0x5200A000u
#define EMU_XSPIM_BASE   0x5200B400u
#define EMU_SDMMC1_BASE  0x52007000u
#define EMU_SBS_BASE     0x58000400u
#define EMU_GPIOA_BASE   0x58020000u
#define EMU_RCC_BASE     0x58024400u
#define EMU_PWR_BASE     0x58024800u
#define EMU_DWT_BASE     0xE0001000u
#define EMU_SCS_BASE     0xE000E000u

#define EMU_GPIO_PORTS  16
#define EMU_FIFO_BYTES  64u
#define EMU_CHUNK       0x10000u /* memory-mapped windows load in 64 KB chunks */
#define EMU_CACHE_LINES 1024u    /* 32 KB of 32-byte lines: the M7 I- and D-cache, direct-mapped here */

struct emu_xspi {
	unsigned index; /* 1 or 2 */
	uint32_t window;
	uint32_t cr, dcr1, dcr2, dcr3, dcr4, sr, dlr, ar, psmkr, psmar, pir;
	uint32_t ccr, tcr, ir, abr, lptr, wpccr, wptcr, wpir, wpabr, wccr, wtcr, wir, wabr, hlcr;
	uint32_t calfcr, calmr, calsor, calsir;
	/* the transfer in flight: the whole data phase, drained by DR reads or filled by DR writes */
	bool busy;
	bool hung;      /* started with no kernel clock: BUSY until abort, as silicon */
	bool polling;   /* auto-polling in progress */
	bool poll_same; /* the last poll read no match, cleanly: until the device's ready time, polls read the same */
	uint8_t *buf;
	uint32_t len, pos;
	uint64_t write_start_ps; /* indirect write: when the first DR write started it */
	/* indirect read: the data phase comes into the FIFO as the wire runs (xspi.c stream_update) */
	bool streaming;
	uint32_t arrived;   /* bytes of buf the wire has put in the FIFO so far */
	uint32_t beat;      /* bytes one clock of the data phase moves */
	uint64_t data_ps;   /* when the data phase starts (moved later by FIFO-full stalls) */
	uint64_t data_span; /* how long the data phase lasts, ps */
	/* memory-mapped mode */
	bool mapped_mode;  /* FMODE = 11 and EN */
	bool window_built; /* the window is set up: chunks map as RAM holding the device contents */
	uint8_t **chunks;  /* one host buffer per loaded chunk, NULL until first access */
	uint32_t nchunks;
	uint32_t window_len; /* device size (DCR1.DEVSIZE), at most the window */
	uc_hook write_hook;
	uint64_t line_ps;      /* wire time of a 32-byte read with the mapped read op */
	uint32_t last_line[2]; /* uncached: the line being streamed (fetch, data), +1; 0: none */
	/* the write that pulled the window away (mapped mode left, clock or supply cut), for later reports */
	char exit_note[160];
};

/* SDMMC1 (sdmmc.c): registers of RM0477, the two state machines, the FIFO as a block buffer. */
#define EMU_SDMMC_BLOCK_MAX 16384u /* DBLOCKSIZE 14 */
struct emu_sdmmc {
	uint32_t power, clkcr, argr, cmdr, respcmdr, resp[4], dtimer, dlenr, dctrlr, star, maskr, acktimer;
	uint32_t idmactrlr, idmabsizer, idmabaser, idmalar, idmabar;
	bool cpsm_busy;         /* waiting for the end of busy on D0 after a response */
	uint64_t cpsm_deadline; /* ps: DTIMER runs out */
	enum { DPSM_IDLE, DPSM_WAIT, DPSM_RECV, DPSM_SEND, DPSM_BUSY } dpsm;
	bool dten_wait;         /* DPSM_WAIT entered by DCTRLR.DTEN: the next command's data goes to it */
	uint64_t dpsm_deadline; /* DPSM_WAIT, DPSM_BUSY: ps at which DTIMEOUT is set */
	uint32_t dlen, bsize;   /* the transfer in flight */
	uint32_t fetched;       /* bytes moved across the bus to or from the card */
	uint32_t popped;        /* bytes the CPU took out of (or put into) the FIFO */
	uint32_t fill;          /* bytes of buf holding data */
	uint32_t head;          /* next byte of buf the FIFO gives */
	uint32_t block_done_at; /* DBCKEND once popped reaches it (FIFO reads) */
	uint32_t arrived;       /* FIFO reads: buf[head, arrived) came off the bus, [arrived, fill) is on it */
	uint64_t inflight_ps;   /* ... until this time (writes: the last block sent ends then) */
	uint64_t tx_start_ps;   /* writes: the last block sent starts on the bus then */
	uint32_t commands;
	uint8_t buf[2u * EMU_SDMMC_BLOCK_MAX];
};

/* Exception numbers (ARMv7-M B1.5.2). */
#define EMU_EXC_NMI        2
#define EMU_EXC_HARDFAULT  3
#define EMU_EXC_MEMMANAGE  4
#define EMU_EXC_BUSFAULT   5
#define EMU_EXC_USAGEFAULT 6
#define EMU_EXC_SVCALL     11
#define EMU_EXC_PENDSV     14
#define EMU_EXC_SYSTICK    15
#define EMU_NVIC_IRQS      256 /* ICTR.INTLINESNUM 7: 256 interrupt lines */

enum emu_fault_cause {
	EMU_FAULT_UNDEFINSTR,
	EMU_FAULT_INVSTATE,
	EMU_FAULT_NOCP,
	EMU_FAULT_UNALIGNED,
	EMU_FAULT_DIVBYZERO,
	EMU_FAULT_SVC_ESCALATED,
	EMU_FAULT_MPU_IACC, /* MemManage IACCVIOL: fetch the MPU does not allow */
	EMU_FAULT_MPU_DACC, /* MemManage DACCVIOL: data access the MPU does not allow (MMFAR) */
};

/* The MPU (mpu.c): PM0253 / RM0477: the STM32H7S's Cortex-M7 has 16 regions. */
#define EMU_MPU_REGIONS 16u
struct emu_mpu {
	uint32_t ctrl, rnr, rbar[EMU_MPU_REGIONS], rasr[EMU_MPU_REGIONS];
	bool dirty;       /* the configuration changed since the map was applied */
	uint8_t mode;     /* the mode the map is for: bit 0 unprivileged, bit 1 default map (HFNMIENA) */
	uint32_t gen;     /* bumped at each new map: blocks check their fetch rights again */
	uint32_t xn_exit; /* a block runs into memory it may not execute: the run stops there */
};

/* An instruction Unicorn runs without the check the core makes (traps.c). */
struct emu_trap {
	uint32_t addr; /* 0: free slot */
	uint8_t kind, rn, rm, shift;
	int32_t imm;
	uc_hook hook;
};

struct emu_icount {
	uint32_t addr, size, n;
	bool wfi;     /* the block holds a WFI */
	bool mode;    /* the block may change privilege or FAULTMASK (MSR CONTROL/FAULTMASK, CPS f) */
	uint32_t gen; /* emu->mpu.gen its fetch rights were checked under */
	uint32_t xn;  /* the first instruction it may not execute, 0: none */
};

#define EMU_ICACHE 8192

struct emu_symbol {
	char *name;
	uint32_t value;
};

struct extmem_emu {
	uc_engine *uc;
	struct extmem_emu_config cfg;
	struct extmem_sim_clock own_clock;
	struct extmem_sim_clock *clock;
	uint32_t hse_hz;

	/* time */
	uint64_t cycles;   /* CPU cycles since reset (1 IPC: = instructions + bus waits) */
	uint64_t insns;    /* instructions executed */
	uint64_t ps_frac;  /* remainder of cycles -> ps conversion, in ps * hz units */
	uint64_t deadline; /* cycle count at which the current slice stops */
	uint32_t cpu_hz;
	uint32_t wfi_block; /* a block holding WFI ran: sleep before the next one (0: none) */
	uint64_t wall_ns;
	uint32_t resume_pc; /* the block a slice stopped before (Thumb bit set), 0: none */
	uint32_t xip_pc;    /* the instruction executing from an XSPI window (code hook there) */
	bool xip_pc_valid;
	struct emu_icount *icache;
	uint32_t block_addr, block_size; /* the block running (hook_block) */
	bool mode_block;                 /* the block that ran may have changed the MPU mode */
	struct emu_mpu mpu;

	/* stop */
	struct extmem_emu_stop stop;
	bool stopping;

	/* peripherals */
	uint32_t rcc[0x200 / 4 + 0x100 / 4];
	uint32_t pwr[0x80 / 4];
	uint32_t flash_acr;
	uint32_t sbs_cccsr, sbs_ccswvalr;
	struct {
		uint32_t moder, otyper, ospeedr, pupdr, odr, lckr, afr[2];
	} gpio[EMU_GPIO_PORTS];
	uint8_t led_level[EXTMEM_EMU_LEDS]; /* last logged level, 0xFF: none yet */
	struct extmem_emu_led_event leds[EXTMEM_EMU_LED_LOG];
	uint32_t led_count;
	uint32_t led_stop;                                          /* stop when led_count reaches this (0: off) */
	struct extmem_emu_led_event recent[EXTMEM_EMU_PATTERN_MAX]; /* the latest changes, ring */
	uint8_t pattern_len;
	uint8_t pattern[EXTMEM_EMU_PATTERN_MAX][2];
	bool pattern_hit;
	uint32_t xspim_cr;
	struct emu_xspi xspi[2];
	uint32_t xspi_ops, xspi_violations, map_snapshots, map_chunks, line_fills;
	uint32_t window_blocks;            /* code blocks run from an XSPI window */
	uint32_t ctag[2][EMU_CACHE_LINES]; /* cache models for window lines (I, D): line + 1, 0: empty */
	char xspi_violation[200];

	/* SCS */
	uint32_t scs[0x1000 / 4];
	uint32_t dwt[0x1000 / 4];
	uint64_t cyccnt_base; /* cycles value when CYCCNT read 0 */
	bool cyccnt_on;
	uint32_t cyccnt_frozen;
	/* SysTick */
	uint64_t st_start;     /* cycle at which the counter was (re)loaded with 0 */
	uint64_t st_delivered; /* wraps already delivered */
	uint64_t st_seen;      /* wraps already reported by COUNTFLAG */
	bool st_pending;
	uint32_t exceptions;
	/* exceptions (exceptions.c); NVIC enable/pending/active bits and priorities live in scs[] */
	uint32_t sys_pending; /* bit n: system exception n pending (SysTick: st_pending) */
	uint32_t sys_active;  /* bit n: system exception n active */
	bool exc_recheck;     /* something pending was masked: look again at block boundaries */
	struct {
		bool pending;
		enum emu_fault_cause cause;
		uint32_t pc, addr;
	} fault;
	char fault_note[160]; /* the last fault taken, for reports */
	/* trap checks (traps.c) */
	struct emu_trap *traps;
	uint32_t ntraps;
	uint32_t trap_flags; /* CCR trap bits the current translations were scanned with */

	uint64_t st_frozen_cvr;

	void *pages; /* MMIO page descriptors (periph.c) */

	/* controller warnings: accesses silicon ignores but firmware should not make (board.c) */
	uint32_t warnings;
	char warning[200];

	/* register blocks kept as plain register files with their reset values and access rules (blocks.c) */
	uint32_t sbs[0x140 / 4];
	uint32_t exti[0x100 / 4];
	uint32_t flash[0x280 / 4];
	/* USART1..3, UART4, UART5, UART7, UART8 (uart.c) */
	struct emu_uart {
		uint32_t cr1, cr2, cr3, brr, gtpr, rtor, presc, isr, rdr;
		bool rx_full;
		uint32_t tx_bytes;
	} uart[7];
	uint8_t *uart_log; /* what the board's console UART sent, for extmem_emu_uart_output */
	size_t uart_log_len, uart_log_cap;
	/* HPDMA1 and GPDMA1: global registers and 16 channels of 32 words (dma.c) */
	uint32_t dma[2][0x850 / 4];
	struct emu_sdmmc sdmmc1;

	/* breakpoints, watchpoints, stepping (gdb_target.c); NULL until a debugger asks */
	struct emu_debug *debug;

	/* ELF symbols */
	struct emu_symbol *syms;
	size_t nsyms;
};

/* machine.c */
void emu_stop(struct extmem_emu *emu, enum extmem_emu_stop_reason reason, uint32_t addr, uint32_t value, unsigned size,
	      bool write, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
uint32_t emu_pc(struct extmem_emu *emu);
/*
 * Ends the slice at the next block boundary. MMIO callbacks use this rather
 * than uc_emu_stop: a stop from inside a block leaves PC at the block's start,
 * and resuming there would replay the block's side effects.
 */
void emu_break(struct extmem_emu *emu);
void emu_sync_bus_time(struct extmem_emu *emu, uint64_t before_ps);
void emu_flush_code(struct extmem_emu *emu);

/* Takes back the time of n instructions counted but not run (a debugger stop inside a block). */
void emu_uncount(struct extmem_emu *emu, uint64_t n);
uint32_t emu_count_thumb(const uint8_t *p, uint32_t size);

/* gdb_target.c */
/* The block at addr (size bytes, n instructions) was counted and is about to run. */
void emu_debug_block(struct extmem_emu *emu, uint32_t addr, uint32_t size);
void emu_debug_free(struct extmem_emu *emu);

/* The protection a mapped address has with the MPU off (machine.c). */
uint32_t emu_base_prot(uint32_t addr);

/* mpu.c */
void emu_mpu_reset(struct extmem_emu *emu);
uint32_t emu_mpu_read(struct extmem_emu *emu, uint32_t off);
void emu_mpu_write(struct extmem_emu *emu, uint32_t off, uint32_t v);
/* Applies the map for the current mode when the configuration or the mode changed. */
void emu_mpu_sync(struct extmem_emu *emu);
uint8_t emu_mpu_mode(struct extmem_emu *emu);
/* A chunk at addr was just mapped (XSPI window): gives it the map's rights. */
void emu_mpu_mapped(struct extmem_emu *emu, uint32_t addr);
/* The first instruction of the block [addr, addr + size) the mode may not execute, 0: none. */
uint32_t emu_mpu_fetch_check(struct extmem_emu *emu, uint32_t addr, uint32_t size);
/* Whether the current mode has the rights want (UC_PROT_*) on every byte of [addr, addr + size). */
bool emu_mpu_allows(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t want);
/* The same for a given mode: unprivileged; execution priority below 0. */
bool emu_mpu_allows_as(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t want, bool unpriv, bool negative);
/* A data access the map stopped: true when the MPU allows it, else raises DACCVIOL at the exact PC. */
bool emu_mpu_data_access(struct extmem_emu *emu, uint32_t addr, int size, bool write);
/* Sets MMFSR (and MMFAR) for an MPU fault being taken. */
void emu_mpu_fault_status(struct extmem_emu *emu, enum emu_fault_cause cause, uint32_t addr);

/* periph.c */
void emu_periph_reset(struct extmem_emu *emu);
int emu_periph_map(struct extmem_emu *emu);
void emu_update_cpu_hz(struct extmem_emu *emu);
uint32_t emu_xspi_kernel_hz(struct extmem_emu *emu, unsigned index);
bool emu_xspi_bus_clock_on(struct extmem_emu *emu, unsigned index);
bool emu_xspi_supply_on(struct extmem_emu *emu, unsigned index);
bool emu_pc_in_window(struct extmem_emu *emu, unsigned index);

/* scs.c: SysTick, SCB, NVIC, MPU, FPU, DWT */
void emu_scs_reset(struct extmem_emu *emu);
int emu_scs_map(struct extmem_emu *emu);
uint64_t emu_systick_next(struct extmem_emu *emu);
bool emu_systick_due(struct extmem_emu *emu);

/* exceptions.c */
void emu_exc_reset(struct extmem_emu *emu);
/* Thread mode on MSP, privileged, nothing active (reset, call API). */
void emu_exc_thread_reset(struct extmem_emu *emu);
int emu_exc_priority(const struct extmem_emu *emu, unsigned n);
bool emu_exc_active(const struct extmem_emu *emu, unsigned n);
bool emu_exc_pending(struct extmem_emu *emu, unsigned n);
void emu_exc_set_pending(struct extmem_emu *emu, unsigned n, bool on);
unsigned emu_exc_best_pending(struct extmem_emu *emu);
uint32_t emu_exc_icsr(struct extmem_emu *emu);
uint32_t emu_exc_shcsr(struct extmem_emu *emu);
void emu_exc_write_shcsr(struct extmem_emu *emu, uint32_t v);
const char *emu_exc_name(unsigned n, char *buf, size_t len);
bool emu_exc_take_pending(struct extmem_emu *emu, uint32_t return_pc);
bool emu_exc_would_take(struct extmem_emu *emu);
void emu_exc_return(struct extmem_emu *emu, uint32_t exc_return);
void emu_exc_svc(struct extmem_emu *emu, uint32_t return_pc);
void emu_exc_raise_fault(struct extmem_emu *emu, enum emu_fault_cause cause, uint32_t pc, uint32_t addr);
void emu_exc_take_fault(struct extmem_emu *emu);
/* The mode the MPU looks at: unprivileged thread; execution priority below 0 (HardFault, NMI, FAULTMASK). */
void emu_exc_mode(struct extmem_emu *emu, bool *unpriv, bool *negative);

/* traps.c: unaligned LDRD/STRD/LDM/STM, UNALIGN_TRP and DIV_0_TRP checks on the instructions that need them */
/* Scans a block about to run; true when it installed checks (the block must be translated again). */
bool emu_traps_scan(struct extmem_emu *emu, uint32_t addr, const uint8_t *code, uint32_t len);
void emu_traps_clear(struct extmem_emu *emu);

/* board.c */
/*
 * An access silicon ignores (a register of a block whose bus clock is off:
 * reads 0, writes dropped). Records a controller warning and returns true to
 * go on; with cfg.strict it stops the run (EXTMEM_EMU_STOP_INVALID) and
 * returns false.
 */
bool emu_warn_ignored(struct extmem_emu *emu, uint32_t addr, unsigned size, bool write, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* LED n of the board: GPIO port index (A = 0 ... P = 15) and pin; false past the board's LEDs. */
bool emu_board_led(const struct extmem_emu *emu, unsigned n, unsigned *port, unsigned *pin);
/* Index into emu->uart of the UART the board routes to the ST-LINK virtual COM port. */
unsigned emu_board_console_uart(const struct extmem_emu *emu);

/* blocks.c: SBS, EXTI, FLASH register files; uart.c; dma.c */
void emu_blocks_reset(struct extmem_emu *emu);
/* A read or write in one of these blocks: returns false when addr is not theirs. */
bool emu_blocks_read(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t *value);
bool emu_blocks_write(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t value);
void emu_uart_reset(struct extmem_emu *emu);
bool emu_uart_read(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t *value);
bool emu_uart_write(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t value);
void emu_dma_reset(struct extmem_emu *emu);
bool emu_dma_read(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t *value);
bool emu_dma_write(struct extmem_emu *emu, uint32_t addr, unsigned size, uint32_t value);
/* RCC register by offset (periph.c), for the clock gates of the blocks above. */
uint32_t emu_rcc(const struct extmem_emu *emu, uint32_t off);
/* SDMMC1/2 kernel clock (RCC_CCIPR1.SDMMC12SEL: PLL2 S or T), 0 when off (periph.c). */
uint32_t emu_sdmmc_kernel_hz(const struct extmem_emu *emu);

/* sdmmc.c */
void emu_sdmmc_reset(struct extmem_emu *emu);
uint32_t emu_sdmmc_read(struct extmem_emu *emu, uint32_t off, unsigned size);
void emu_sdmmc_write(struct extmem_emu *emu, uint32_t off, unsigned size, uint32_t value);

/* xspi.c */
void emu_xspi_reset(struct extmem_emu *emu, unsigned index);
int emu_xspi_map(struct extmem_emu *emu);
uint64_t emu_xspi_read(struct extmem_emu *emu, unsigned index, uint32_t off, unsigned size);
void emu_xspi_write(struct extmem_emu *emu, unsigned index, uint32_t off, unsigned size, uint32_t value);
uint64_t emu_xspim_read(struct extmem_emu *emu, uint32_t off, unsigned size);
void emu_xspim_write(struct extmem_emu *emu, uint32_t off, unsigned size, uint32_t value);
bool emu_xspi_window_fault(struct extmem_emu *emu, uint32_t addr);
void emu_xspi_violation(struct extmem_emu *emu, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void emu_xspi_unmap_window(struct extmem_emu *emu, struct emu_xspi *x);
void emu_xspi_free(struct extmem_emu *emu);
/* A fetch (data = false) or data read (true) at addr in a mapped window: charges line fills. */
void emu_xspi_window_access(struct extmem_emu *emu, uint32_t addr, bool data);
void emu_cache_invalidate(struct extmem_emu *emu, bool data);
/* The register set a transfer takes its command from: CCR/TCR/IR/ABR, or WCCR/WTCR/WIR/WABR for mapped writes. */
enum emu_op_set { OPS_READ, OPS_WRITE };
bool emu_xspi_build_op(struct extmem_emu *emu, struct emu_xspi *x, enum emu_op_set set, uint32_t addr, uint32_t len,
		       enum extmem_xspi_dir dir, void *buf, struct extmem_xspi_op *op);
bool emu_xspi_wire(struct extmem_emu *emu, struct emu_xspi *x, const struct extmem_xspi_op *op, const uint8_t *dm,
		   bool timed);
uint32_t emu_xspi_bus_hz(struct extmem_emu *emu, struct emu_xspi *x);

/* xspi_burst.c: what the XSPI puts on the wire for one transfer (RM0477 DCR1 MTYP, DCR3 CSBOUND, DCR4 REFRESH) */
/* The address the memory sees for byte address addr under the CCR (or WCCR) ccr. */
uint32_t emu_xspi_wire_addr(const struct emu_xspi *x, uint32_t ccr, uint32_t addr);
/*
 * Moves len bytes from byte address addr as the controller does: one op, or
 * several where the chip select is released at a CSBOUND boundary or after
 * REFRESH cycles, each with its own command, address and latency. dm: the
 * write mask per byte (NULL: none). Returns false when the run stopped.
 */
bool emu_xspi_burst(struct extmem_emu *emu, struct emu_xspi *x, enum emu_op_set set, uint32_t addr, uint32_t len,
		    enum extmem_xspi_dir dir, uint8_t *buf, const uint8_t *dm, bool timed);
/* The wire time (ps) emu_xspi_burst's ops would take, 0 when the bus clock is off. */
/* Bytes one clock of ccr's data phase moves (at least 1). */
uint32_t emu_xspi_beat_bytes(uint32_t ccr);
uint64_t emu_xspi_burst_ps(struct extmem_emu *emu, struct emu_xspi *x, enum emu_op_set set, uint32_t addr, uint32_t len,
			   enum extmem_xspi_dir dir);
/* A CPU store of size bytes at window offset off: padded to whole data beats, the padding masked by DQS/DM. */
void emu_xspi_window_store(struct extmem_emu *emu, struct emu_xspi *x, uint32_t off, unsigned size, uint64_t value);
/* Drives the write mask of the next op to dev (a device without DM pin ignores it). */
void emu_xspi_drive_dm(struct extmem_sim_device *dev, const uint8_t *dm, uint32_t len);

/* A write (reg, value at the current PC) cut the window of XSPI index: unmap it and remember why. */
void emu_xspi_note_exit(struct extmem_emu *emu, unsigned index, const char *reg, uint32_t value);

#endif
