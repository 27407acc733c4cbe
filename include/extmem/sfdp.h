/* SPDX-License-Identifier: MIT */
/*
 * extmem: JEDEC JESD216 SFDP parser.
 *
 * A pure function from an SFDP byte image (the SFDP address space from
 * address 0, as returned by Read SFDP 5Ah) to a description of the part. No
 * I/O, no heap, no float: the NOR driver reads the bytes, calls the parser,
 * then decides. Every read is bounded by both the image length and the
 * table's stated length; a field the image does not hold is left at zero.
 *
 * Tables understood: the SFDP header, parameter headers, the Basic Flash
 * Parameter Table (BFPT) of 9, 16, 20 and 23 DWORDs (JESD216 .. JESD216F),
 * Sector Map (FF81), 4-byte Address Instructions (FF84), xSPI Profile 1.0
 * (FF05), Status/Control/Configuration register map (FF87) and its
 * multi-chip variant (FF88), and the octal DDR command sequences (FF0A).
 * Other tables are listed, not rejected. See docs/sfdp.md.
 */
#ifndef EXTMEM_SFDP_H
#define EXTMEM_SFDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extmem_status.h"

/*
 * EXTMEM_NOR_READ_ONLY=1 (set by a read-only build such as the Boots of
 * extmem_bootflash()): the parser and the NOR SFDP driver compile only what
 * reading and mapping need. The parser then leaves at zero what serves
 * program and erase: erase types and times, program and chip-erase times,
 * suspend, deep power-down, the sector map, 4BAIT erase opcodes, the FF88
 * raw DWORDs, the SCCR generic and pattern DWORDs. It leaves at zero too
 * what no read-only consumer reads: the SFDP and BFPT revisions, the access
 * protocol and stated lengths, the table list (ntables 0), the BFPT's DTR
 * bit, QPI/OPI exit sequences, octal enable requirement and 8D byte order,
 * the 2-2-2 and 1S-xD-xD reads (the driver plans none of them), the
 * 8D-8D-8D entry of the BFPT reads that the xSPI profile fills in (the
 * driver reads xspi.read_opcode itself), the xSPI
 * and SCCR table lengths, the SCCR non-volatile offset and every SCCR bit
 * but the volatile dummy-cycle, octal, octal DTR, QPI, octal-mode and
 * STR/DTR ones, of those all but present, active_high, addressed, bit,
 * read_op, write_op and reg_addr, and on a failed parse why
 * (error and error_offset: the result is still EXTMEM_ERR_FORMAT); the
 * density is not checked against an erase size it no longer knows. Every
 * other field is decoded as in the full build
 * (tests/sfdp/test_sfdp_readonly_same.c compares the two).
 */
#ifndef EXTMEM_NOR_READ_ONLY
#define EXTMEM_NOR_READ_ONLY 0
#endif

/*
 * EXTMEM_NOR_WIDTHS: the data widths the NOR SFDP driver may plan, bit w
 * set for the protocols of w data lines (2, 4, 8); 1S-1S-1S, the fallback,
 * is always planned. Default: all (the host library, tools, loaders and
 * tests). A Boot of extmem_bootflash() sets its board's LINES and 1
 * ((1 << LINES) | 2). With the set a constant, the parser leaves at zero
 * what only the other widths use: without 4 the QPI entry and quad enable
 * requirement (DWORD 15) and the quad reads; without 2 the dual reads;
 * without 8 the octal entry and command extension (DWORDs 18, 19), the
 * 1-1-8 and 1-8-8 reads, the xSPI profile, SCCR map and command-sequence
 * tables, and the fix-ups of those fields. Policy: such a Boot runs a part
 * with no protocol of the board's width (a quad part on an 8-line board)
 * at 1S-1S-1S (tests/nor/test_nor_readonly_widths.c).
 */
#ifndef EXTMEM_NOR_WIDTHS
#define EXTMEM_NOR_WIDTHS 0x116u
#endif
/* True when protocols of w data lines are planned (usable in #if). */
#define EXTMEM_NOR_HAS_WIDTH(w) (((EXTMEM_NOR_WIDTHS >> (w)) & 1u) != 0u)

#ifdef __cplusplus
extern "C" {
#endif

/* Storage bounds (the description lives on firmware stacks and statics). */
#define EXTMEM_SFDP_MAX_TABLES       12 /* parameter headers listed; more are counted */
#define EXTMEM_SFDP_MAX_HEADERS      64 /* a header count above this is rejected */
#define EXTMEM_SFDP_MAX_SMAP_DETECT  8  /* sector map detection commands */
#define EXTMEM_SFDP_MAX_SMAP_CONFIGS 8  /* sector map configurations */
#define EXTMEM_SFDP_MAX_SMAP_REGIONS 24 /* sector map regions, all configurations */
#define EXTMEM_SFDP_MAX_ODDR_SEQ     4  /* FF0A command sequences */
#define EXTMEM_SFDP_MAX_RAW          8  /* DWORDs kept of tables not decoded field by field */

/* Parameter IDs (MSB << 8 | LSB). */
#define EXTMEM_SFDP_ID_BFPT       0xff00u
#define EXTMEM_SFDP_ID_XSPI1      0xff05u
#define EXTMEM_SFDP_ID_ODDR_SEQ   0xff0au
#define EXTMEM_SFDP_ID_SMAP       0xff81u
#define EXTMEM_SFDP_ID_4BAIT      0xff84u
#define EXTMEM_SFDP_ID_SCCR       0xff87u
#define EXTMEM_SFDP_ID_SCCR_MULTI 0xff88u

/*
 * Why the parse failed (desc->error, with desc->error_offset the byte offset
 * in the image that was being read). extmem_sfdp_parse() returns
 * EXTMEM_ERR_FORMAT for all of these.
 */
enum extmem_sfdp_error {
	EXTMEM_SFDP_E_NONE = 0,
	EXTMEM_SFDP_E_TRUNCATED_HEADER,               /* image shorter than the 8-byte SFDP header */
	EXTMEM_SFDP_E_BAD_SIGNATURE,                  /* bytes 0..3 are not "SFDP" */
	EXTMEM_SFDP_E_UNSUPPORTED_MAJOR,              /* SFDP major revision is not 1 */
	EXTMEM_SFDP_E_HEADER_COUNT_HUGE,              /* more than EXTMEM_SFDP_MAX_HEADERS parameter headers */
	EXTMEM_SFDP_E_TRUNCATED_PARAM_HDRS,           /* the image ends inside the parameter headers */
	EXTMEM_SFDP_E_FIRST_NOT_BFPT,                 /* header 0 is not the BFPT (JESD216 requires it first) */
	EXTMEM_SFDP_E_BFPT_MAJOR,                     /* no BFPT with major revision 1 */
	EXTMEM_SFDP_E_BFPT_TOO_SHORT,                 /* BFPT stated length below 9 DWORDs */
	EXTMEM_SFDP_E_POINTER_OUT_OF_RANGE,           /* BFPT pointer at or past the end of the image */
	EXTMEM_SFDP_E_LENGTH_PAST_END,                /* BFPT pointer + length runs past the end of the image */
	EXTMEM_SFDP_E_POINTER_MISALIGNED,             /* BFPT pointer not on a DWORD boundary */
	EXTMEM_SFDP_E_BAD_DENSITY,                    /* BFPT density zero, not whole bytes, or above 2^46 bits */
	EXTMEM_SFDP_E_DENSITY_NOT_ERASE_MULTIPLE,     /* density not a multiple of the smallest erase size */
	EXTMEM_SFDP_E_SMAP_REGION_NOT_ERASE_MULTIPLE, /* sector-map region not a multiple of it */
	EXTMEM_SFDP_E_SMAP_REGION_WRAPS,              /* sector-map region size of 4 GiB: wraps 32 bits */
	EXTMEM_SFDP_E_COUNT
};

/* Per-table state in the table list. Optional tables never fail the parse. */
enum extmem_sfdp_table_state {
	EXTMEM_SFDP_TABLE_LISTED = 0,   /* unknown or vendor table: listed only */
	EXTMEM_SFDP_TABLE_DECODED,      /* known table, decoded */
	EXTMEM_SFDP_TABLE_SUPERSEDED,   /* a newer table with the same ID was used */
	EXTMEM_SFDP_TABLE_OUT_OF_RANGE, /* pointer or pointer + length past the image: skipped */
	EXTMEM_SFDP_TABLE_MALFORMED,    /* known table with bad contents: skipped */
	EXTMEM_SFDP_TABLE_UNSUPPORTED,  /* known ID with an unknown major revision: skipped */
};

struct extmem_sfdp_table {
	uint32_t ptr;  /* byte offset of the table (24-bit in SFDP) */
	uint16_t id;   /* MSB << 8 | LSB; LSB = manufacturer ID for vendor tables */
	uint8_t major; /* table revision */
	uint8_t minor;
	uint8_t ndw;   /* stated length in DWORDs */
	uint8_t state; /* enum extmem_sfdp_table_state */
};

/* Fast-read protocols (command-address-data lines; D = double transfer rate). */
enum extmem_sfdp_read {
	EXTMEM_SFDP_READ_1_1_2 = 0,
	EXTMEM_SFDP_READ_1_2_2,
	EXTMEM_SFDP_READ_2_2_2,
	EXTMEM_SFDP_READ_1_1_4,
	EXTMEM_SFDP_READ_1_4_4,
	EXTMEM_SFDP_READ_4_4_4,
	EXTMEM_SFDP_READ_1_1_8,
	EXTMEM_SFDP_READ_1_8_8,
	EXTMEM_SFDP_READ_1S_1D_1D, /* BFPT DWORDs 21-23 (JESD216F) */
	EXTMEM_SFDP_READ_1S_2D_2D,
	EXTMEM_SFDP_READ_1S_4D_4D,
	EXTMEM_SFDP_READ_4S_4D_4D,
	EXTMEM_SFDP_READ_8D_8D_8D, /* from xSPI Profile 1.0 (FF05) */
	EXTMEM_SFDP_READ_COUNT
};

struct extmem_sfdp_read_mode {
	uint8_t opcode;
	uint8_t wait_states; /* dummy clocks, not counting mode clocks */
	uint8_t mode_clocks;
};

struct extmem_sfdp_erase_type {
	uint32_t size;     /* bytes; 0 = this erase type is absent */
	uint32_t typ_ms;   /* typical time (0 = not given, e.g. JESD216 v1.0 tables) */
	uint32_t max_ms;   /* 2 * (N + 1) * typical, DWORD 10 */
	uint8_t opcode;    /* 3-byte/mode-dependent address instruction */
	uint8_t opcode_4b; /* 4-byte address instruction from FF84, 0 = none */
};

/* BFPT DWORD 1 bits 18:17. */
enum extmem_sfdp_addr_bytes {
	EXTMEM_SFDP_ADDR_3 = 0,      /* 3-byte only */
	EXTMEM_SFDP_ADDR_3_OR_4 = 1, /* 3-byte by default, 4-byte on entry */
	EXTMEM_SFDP_ADDR_4 = 2,      /* 4-byte only */
	EXTMEM_SFDP_ADDR_RESERVED = 3,
};

/* BFPT DWORD 18 bits 30:29: the second byte of 8D-8D-8D commands. */
enum extmem_sfdp_octal_ext {
	EXTMEM_SFDP_OCTAL_EXT_SAME = 0,   /* extension repeats the command */
	EXTMEM_SFDP_OCTAL_EXT_INVERT = 1, /* extension is the inverted command */
	EXTMEM_SFDP_OCTAL_EXT_RESERVED = 2,
	EXTMEM_SFDP_OCTAL_EXT_16BIT = 3, /* command and extension form one 16-bit command */
};

/* Bits of the method masks (the bit order of the JEDEC fields). */
/* 4-byte address entry, BFPT DWORD 16 bits 31:24 */
#define EXTMEM_SFDP_4B_ENTER_B7        (1u << 0) /* B7h */
#define EXTMEM_SFDP_4B_ENTER_WREN_B7   (1u << 1) /* 06h then B7h */
#define EXTMEM_SFDP_4B_ENTER_EAR       (1u << 2) /* extended address register (C8h/C5h) */
#define EXTMEM_SFDP_4B_ENTER_BANK      (1u << 3) /* bank register bit 7 (16h/17h) */
#define EXTMEM_SFDP_4B_ENTER_NVCR      (1u << 4) /* 16-bit non-volatile config register (B5h/B1h) */
#define EXTMEM_SFDP_4B_ENTER_DEDICATED (1u << 5) /* dedicated 4-byte instructions */
#define EXTMEM_SFDP_4B_ENTER_ALWAYS    (1u << 6) /* always in 4-byte mode */
/* Soft reset, BFPT DWORD 16 bits 13:8 */
#define EXTMEM_SFDP_RESET_F_8CLK       (1u << 0) /* drive Fh on all lines for 8 clocks */
#define EXTMEM_SFDP_RESET_F_10CLK      (1u << 1) /* ... 10 clocks in 4-byte mode */
#define EXTMEM_SFDP_RESET_F_16CLK      (1u << 2) /* ... 16 clocks */
#define EXTMEM_SFDP_RESET_F0           (1u << 3) /* F0h */
#define EXTMEM_SFDP_RESET_66_99        (1u << 4) /* 66h then 99h */
#define EXTMEM_SFDP_RESET_EXIT_044     (1u << 5) /* exit 0-4-4 mode before reset */
/* Busy polling, BFPT DWORD 14 bits 7:2 */
#define EXTMEM_SFDP_POLL_SR_WIP        (1u << 0) /* 05h bit 0, 1 = busy */
#define EXTMEM_SFDP_POLL_FSR           (1u << 1) /* 70h bit 7, 0 = busy */

struct extmem_sfdp_bfpt {
	uint8_t major, minor; /* revision from the parameter header */
	uint8_t ndw;          /* DWORDs decoded (min of stated length and 23) */
	uint8_t ndw_stated;   /* stated length */
	uint64_t size;        /* bytes (64-bit: DWORD 2 bit-31 form is 2^N bits, N up to 46) */
	uint8_t addr_bytes;   /* enum extmem_sfdp_addr_bytes */
	/*
	 * The tables say the part only takes 4-byte addresses: DWORD 1 "4-byte
	 * only" or DWORD 16 "always operates in 4-byte mode". A driver must then
	 * never send a 3-byte address.
	 */
	bool addr4_only;
	uint32_t min_erase_size; /* smallest erase type (or DWORD 1 4 KiB erase), bytes; 0 = none */
	bool dtr;                /* DWORD 1 bit 19: some DTR clocking supported */
	bool write_gran_64;      /* write granularity 64 bytes or more (else 1 byte) */
	bool erase_4k;           /* DWORD 1 bits 1:0 = 01 */
	uint8_t erase_4k_bits;   /* DWORD 1 bits 1:0 as read */
	uint8_t erase_4k_opcode;
	bool volatile_sr;         /* DWORD 1 bit 3: status register block-protect bits are volatile */
	uint8_t volatile_sr_wren; /* DWORD 1 bit 4: write enable for a volatile SR write, 06h or 50h */
	uint16_t page_size;       /* 256 for v1.0 tables */
	uint16_t reads;           /* bit n set: protocol n of enum extmem_sfdp_read supported */
	struct extmem_sfdp_read_mode read[EXTMEM_SFDP_READ_COUNT];
	struct extmem_sfdp_erase_type erase[4];
	uint8_t erase_max_mult; /* DWORD 10: max erase time = this x typical, 2 * (N + 1) */
	/* DWORD 11 */
	uint8_t prog_max_mult; /* max program time = this x typical, 2 * (N + 1) */
	uint32_t page_prog_typ_us, page_prog_max_us;
	uint32_t byte_prog_first_typ_us, byte_prog_next_typ_us;
	uint32_t byte_prog_first_max_us, byte_prog_next_max_us; /* typical x prog_max_mult */
	uint32_t chip_erase_typ_ms, chip_erase_max_ms;
	/*
	 * DWORDs 12, 13. The opcodes and times are decoded whether or not the
	 * "supported" bit is set (a driver checks `suspend` first).
	 */
	bool suspend;
	uint8_t prog_suspend_prohibited;  /* DWORD 12 bits 3:0: operations prohibited in program suspend */
	uint8_t erase_suspend_prohibited; /* DWORD 12 bits 7:4: ... in erase suspend */
	uint8_t prog_suspend_op, prog_resume_op, erase_suspend_op, erase_resume_op;
	uint32_t prog_suspend_latency_ns, erase_suspend_latency_ns;
	uint32_t prog_resume_to_suspend_us, erase_resume_to_suspend_us;
	/* DWORD 14 (fields decoded whether or not `dpd` is set) */
	bool dpd;
	uint8_t dpd_enter_op, dpd_exit_op;
	uint32_t dpd_exit_delay_ns;
	uint8_t busy_poll;      /* EXTMEM_SFDP_POLL_* (bits 3:2) */
	uint8_t busy_poll_bits; /* bits 7:2 as read (7:4 reserved, usually 1s) */
	/* DWORD 15 */
	uint8_t qer;             /* quad enable requirement, 0..7 */
	uint8_t qpi_enable;      /* 4-4-4 enable sequence bits (5) */
	uint8_t qpi_disable;     /* 4-4-4 disable sequence bits (4) */
	bool mode_044;           /* 0-4-4 (continuous read) supported */
	uint8_t mode_044_entry;  /* 4 bits */
	uint8_t mode_044_exit;   /* 6 bits */
	bool hold_reset_disable; /* DWORD 15 bit 23 */
	/* DWORD 16 */
	uint8_t addr4_enter; /* EXTMEM_SFDP_4B_ENTER_* */
	uint16_t addr4_exit; /* 10 bits, same order as JESD216 */
	uint8_t soft_reset;  /* EXTMEM_SFDP_RESET_* */
	uint8_t sr1_write;   /* DWORD 16 bits 6:0: status register 1 write-enable method bits */
	/* DWORD 18 */
	uint8_t drive_strength; /* 5 bits */
	bool inband_reset;
	uint8_t ds_str_waveform; /* 2 bits */
	bool ds_qpi_str, ds_qpi_dtr;
	uint8_t octal_ext;  /* enum extmem_sfdp_octal_ext */
	bool octal_swapped; /* 8D-8D-8D byte order swapped */
	/* DWORD 19 */
	uint8_t opi_enable;  /* 8S-8S-8S enable sequence bits (5) */
	uint8_t opi_disable; /* 8S-8S-8S disable sequence bits (4) */
	bool mode_088;
	uint8_t mode_088_entry, mode_088_exit;
	uint8_t oer; /* octal enable requirement, 0..7 */
	/* DWORD 20: MHz, 0 = not given. Index: 0 4S-4S-4S, 1 4S-4D-4D, 2 8S-8S-8S,
	 * 3 8D-8D-8D; [i][0] without data strobe, [i][1] with. */
	uint16_t max_mhz[4][2];
	uint8_t max_speed_code[4][2]; /* the 4-bit codes as read (0 reserved, Fh not supported) */
};

/* Sector map (FF81). */
struct extmem_sfdp_smap_detect {
	uint32_t addr;
	uint8_t opcode;
	uint8_t addr_len; /* 0 none, 3, 4, or 0xff = current address mode */
	uint8_t dummy;    /* 0x0f = variable (the part's current latency) */
	uint8_t mask;     /* bit of the read byte that forms this config ID bit */
	bool last;        /* end-of-commands flag (DWORD 1 bit 1) */
};

struct extmem_sfdp_smap_region {
	uint32_t size;      /* bytes */
	uint8_t erase_mask; /* bit n: erase type n + 1 may be used */
};

struct extmem_sfdp_smap_config {
	uint8_t id;
	uint8_t first;            /* index into regions[] */
	uint8_t nregions;         /* regions stored */
	uint16_t nregions_stated; /* regions the table gives (1..256) */
	uint64_t total;           /* sum of the stored region sizes */
};

struct extmem_sfdp_smap {
	uint8_t ndetect, nconfigs, nregions;
	bool truncated; /* more descriptors than the bounds above: the rest ignored */
	struct extmem_sfdp_smap_detect detect[EXTMEM_SFDP_MAX_SMAP_DETECT];
	struct extmem_sfdp_smap_config config[EXTMEM_SFDP_MAX_SMAP_CONFIGS];
	struct extmem_sfdp_smap_region region[EXTMEM_SFDP_MAX_SMAP_REGIONS];
};

/* 4-byte address instruction table (FF84) DWORD 1 bits. */
#define EXTMEM_SFDP_4BAIT_READ_13  (1u << 0)
#define EXTMEM_SFDP_4BAIT_FREAD_0C (1u << 1)
#define EXTMEM_SFDP_4BAIT_112_3C   (1u << 2)
#define EXTMEM_SFDP_4BAIT_122_BC   (1u << 3)
#define EXTMEM_SFDP_4BAIT_114_6C   (1u << 4)
#define EXTMEM_SFDP_4BAIT_144_EC   (1u << 5)
#define EXTMEM_SFDP_4BAIT_PP_12    (1u << 6)
#define EXTMEM_SFDP_4BAIT_PP114_34 (1u << 7)
#define EXTMEM_SFDP_4BAIT_PP144_3E (1u << 8)
#define EXTMEM_SFDP_4BAIT_ERASE1   (1u << 9) /* .. bit 12: erase type 4 */
#define EXTMEM_SFDP_4BAIT_1DD_0E   (1u << 13)
#define EXTMEM_SFDP_4BAIT_2DD_BE   (1u << 14)
#define EXTMEM_SFDP_4BAIT_4DD_EE   (1u << 15)
/* Bits 16-19: individual sector lock E0h-E3h; 20-24: 7Ch 1-1-8, CCh 1-8-8,
 * FDh 1S-8D-8D, 84h 1-1-8 program, 8Eh 1-8-8 program (JESD216C additions). */
#define EXTMEM_SFDP_4BAIT_118_7C   (1u << 20)
#define EXTMEM_SFDP_4BAIT_188_CC   (1u << 21)
#define EXTMEM_SFDP_4BAIT_1DD8_FD  (1u << 22)
#define EXTMEM_SFDP_4BAIT_PP118_84 (1u << 23)
#define EXTMEM_SFDP_4BAIT_PP188_8E (1u << 24)

struct extmem_sfdp_4bait {
	uint32_t supported;      /* DWORD 1 */
	uint8_t erase_opcode[4]; /* DWORD 2; 0 when the type's bit is clear */
	uint32_t dw2;            /* DWORD 2 as read */
};

/* xSPI Profile 1.0 (FF05). Dummy index: 0 200 MHz, 1 166, 2 133, 3 100. */
struct extmem_sfdp_xspi {
	uint8_t ndw;
	uint8_t read_opcode;     /* 8D-8D-8D fast read */
	uint8_t rdsr_addr_bytes; /* 0 or 4 */
	uint8_t rdsr_dummy;      /* 4 or 8 */
	uint8_t dummy[4];        /* 0 = not given (table too short) */
	uint8_t dummy_pattern[4];
	uint32_t dw[6]; /* the raw DWORDs (missing ones 0) */
	/*
	 * Read SFDP (5Ah) in 8D-8D-8D, DWORD 1: bit 30 the dummy cycles (0: 8,
	 * 1: 20); bit 31 the address-bytes flag (clear: 4 address bytes, as
	 * every 8D command of JESD251 carries).
	 */
	uint8_t sfdp_8d_dummy;
	bool sfdp_8d_addr_flag;
};

/*
 * One bit-location DWORD of the Status, Control and Configuration Register
 * map (FF87), JESD216 (rev. C and later), as laid out in each such DWORD:
 *   31     the bit is available
 *   30     polarity: 0 = the condition is true when the bit is 1, 1 = inverted
 *          (in the variable-dummy DWORDs 9/10, bits 30:29 are instead the
 *          width code of the dummy-cycle field)
 *   29     DWORD-specific (WEL: the bit is writable by the write command)
 *   28     the register is accessed by commands that carry an address
 *   27     local address: the address byte (23:16) is register address
 *          bits A15:A8 instead of A7:A0
 *   26:24  bit number in the register
 *   23:16  address byte when bit 28 is set, else mode/latency flags
 *   15:8   read command, 7:0 write command
 */
struct extmem_sfdp_sccr_bit {
	bool present;       /* bit 31 */
	bool nonvolatile;   /* the DWORD describes the non-volatile register set (its position, not a bit) */
	bool writable;      /* bit 29 as read (see above: its meaning depends on the DWORD) */
	bool active_high;   /* bit 30 clear: the condition is true when the bit is 1 */
	bool addressed;     /* bit 28: register read/written with an address (e.g. 71h + address) */
	bool local_address; /* bit 27: `addr` is A15:A8 of the register address */
	uint8_t bit;        /* bits 26:24 */
	uint8_t addr;       /* bits 23:16 as read */
	uint8_t read_op, write_op;
	uint8_t width_code; /* DWORDs 9/10 only: bits 30:29 */
	uint8_t dword;      /* the FF87 DWORD this came from (1-based) */
	uint32_t raw;       /* the DWORD as read */
	/*
	 * Full register address when `addressed`: the table's volatile or
	 * non-volatile offset (DWORD 1 or 2) plus `addr`, shifted to A15:A8 when
	 * `local_address` is set. 0 when not addressed.
	 */
	uint32_t reg_addr;
};

enum extmem_sfdp_sccr_field {
	EXTMEM_SFDP_SCCR_WIP = 0,             /* DWORD 5 */
	EXTMEM_SFDP_SCCR_WEL,                 /* 6 */
	EXTMEM_SFDP_SCCR_PROGRAM_ERROR,       /* 7 */
	EXTMEM_SFDP_SCCR_ERASE_ERROR,         /* 8 */
	EXTMEM_SFDP_SCCR_DUMMY_VOLATILE,      /* 9: variable dummy cycles, volatile */
	EXTMEM_SFDP_SCCR_DUMMY_NV,            /* 10 */
	EXTMEM_SFDP_SCCR_OCTAL_VOLATILE,      /* 20: 8S-8S-8S (STR octal) enable, volatile */
	EXTMEM_SFDP_SCCR_OCTAL_NV,            /* 21 */
	EXTMEM_SFDP_SCCR_OCTAL_DTR_VOLATILE,  /* 22: 8D-8D-8D (DTR octal) enable, volatile */
	EXTMEM_SFDP_SCCR_OCTAL_DTR_NV,        /* 23 */
	EXTMEM_SFDP_SCCR_QPI_VOLATILE,        /* 14: 4S-4S-4S enable, volatile */
	EXTMEM_SFDP_SCCR_QPI_NV,              /* 15 */
	EXTMEM_SFDP_SCCR_OCTAL_MODE_VOLATILE, /* 16: octal mode enable (STR/DTR chosen by 18/19) */
	EXTMEM_SFDP_SCCR_OCTAL_MODE_NV,       /* 17 */
	EXTMEM_SFDP_SCCR_STR_DTR_VOLATILE,    /* 18: STR or DTR select */
	EXTMEM_SFDP_SCCR_STR_DTR_NV,          /* 19 */
	EXTMEM_SFDP_SCCR_DPD_STATUS,          /* 24: deep power-down status */
	EXTMEM_SFDP_SCCR_UDPD_STATUS,         /* 25: ultra deep power-down status */
	EXTMEM_SFDP_SCCR_DRIVER_VOLATILE,     /* 26: output driver strength, volatile */
	EXTMEM_SFDP_SCCR_DRIVER_NV,           /* 27 */
	EXTMEM_SFDP_SCCR_COUNT
};

struct extmem_sfdp_sccr {
	uint8_t ndw;
	uint32_t volatile_offset, nv_offset; /* DWORDs 1, 2 */
	uint32_t generic_rw[2];              /* DWORDs 3, 4 (volatile, non-volatile) as read */
	uint32_t dummy_patterns[3];          /* DWORDs 11..13 as read */
	uint32_t driver_patterns;            /* DWORD 28 as read */
	struct extmem_sfdp_sccr_bit bit[EXTMEM_SFDP_SCCR_COUNT];
};

/* Command sequence to enter 8D-8D-8D (FF0A). */
struct extmem_sfdp_oddr_seq {
	uint8_t len; /* bytes in cmd[], 0 = empty slot */
	uint8_t cmd[7];
};

/* Tables not decoded field by field (FF88): first DWORDs kept raw. */
struct extmem_sfdp_raw {
	uint8_t ndw; /* stated length */
	uint8_t nkept;
	uint32_t dw[EXTMEM_SFDP_MAX_RAW];
};

/* Which optional tables were decoded. */
#define EXTMEM_SFDP_HAS_SMAP       (1u << 0)
#define EXTMEM_SFDP_HAS_4BAIT      (1u << 1)
#define EXTMEM_SFDP_HAS_XSPI       (1u << 2)
#define EXTMEM_SFDP_HAS_SCCR       (1u << 3)
#define EXTMEM_SFDP_HAS_SCCR_MULTI (1u << 4)
#define EXTMEM_SFDP_HAS_ODDR       (1u << 5)

struct extmem_sfdp {
	uint8_t error;         /* enum extmem_sfdp_error */
	uint32_t error_offset; /* image offset being read when the error was found */
	uint8_t major, minor;  /* SFDP revision */
	uint8_t access_protocol;
	uint16_t nheaders; /* parameter headers stated (NPH + 1) */
	uint8_t ntables;   /* entries in table[] (at most EXTMEM_SFDP_MAX_TABLES) */
	uint32_t has;      /* EXTMEM_SFDP_HAS_* */
	uint32_t fixups;   /* bit n: fix-up n of the fix-up table was applied */
	struct extmem_sfdp_table table[EXTMEM_SFDP_MAX_TABLES];
	struct extmem_sfdp_bfpt bfpt;
	struct extmem_sfdp_smap smap;
	struct extmem_sfdp_4bait bait;
	struct extmem_sfdp_xspi xspi;
	struct extmem_sfdp_sccr sccr;
	struct extmem_sfdp_raw sccr_multi;
	struct extmem_sfdp_oddr_seq oddr[EXTMEM_SFDP_MAX_ODDR_SEQ];
};

/*
 * Parses `len` bytes of SFDP space into *out (fully overwritten). Returns
 * EXTMEM_OK; EXTMEM_ERR_INVALID for NULL arguments; EXTMEM_ERR_FORMAT when
 * the header or BFPT is unusable, or the geometry is inconsistent (density
 * or a sector-map region not a multiple of the smallest erase size, a region
 * reaching 4 GiB), with out->error and out->error_offset saying why. Other
 * problems in optional tables never fail the parse: the table's state in
 * out->table[] records them.
 */
int extmem_sfdp_parse(const uint8_t *image, size_t len, struct extmem_sfdp *out);

/*
 * Applies the fix-ups for parts whose tables are known to be wrong, keyed by
 * the JEDEC ID (manufacturer << 16 | type << 8 | capacity). Call after a
 * successful parse; sets bits in desc->fixups. Returns EXTMEM_OK or
 * EXTMEM_ERR_INVALID.
 */
int extmem_sfdp_apply_fixups(struct extmem_sfdp *desc, uint32_t jedec_id);

/* Names of fix-up n (NULL past the end), for reports. */
const char *extmem_sfdp_fixup_name(unsigned n);

/*
 * How many bytes of SFDP space to read so every table is covered. Call with
 * the bytes read so far (at least 8): when they do not yet hold all the
 * parameter headers, *span is the size that does; read that much and call
 * again. When they do, *span covers the end of the furthest table. Returns
 * EXTMEM_OK, EXTMEM_ERR_INVALID, or EXTMEM_ERR_FORMAT (bad signature, major
 * revision or header count; *err, when not NULL, gets the specific code).
 */
int extmem_sfdp_image_span(const uint8_t *image, size_t len, uint32_t *span, enum extmem_sfdp_error *err);

/*
 * Picks the sector-map configuration of a multi-configuration map (FF81).
 * The driver runs desc->smap.detect[i] (opcode, address, address length,
 * dummy) and passes the first byte each one read in `read[i]`, for all
 * desc->smap.ndetect commands. Per JESD216, command i gives one bit of the
 * configuration ID ((read & mask) != 0), the first command being the most
 * significant bit. With no detection commands the single configuration is
 * the map. *config gets the matching configuration. Returns EXTMEM_OK,
 * EXTMEM_ERR_INVALID (NULL, no sector map, or nread != ndetect) or
 * EXTMEM_ERR_FORMAT (no configuration has that ID, or the map was truncated).
 */
int extmem_sfdp_smap_select(const struct extmem_sfdp *desc, const uint8_t *read, unsigned nread,
			    const struct extmem_sfdp_smap_config **config);

/* Short names for reports. Never NULL. */
const char *extmem_sfdp_error_name(int error);
const char *extmem_sfdp_read_name(int read);
const char *extmem_sfdp_table_name(uint16_t id);
const char *extmem_sfdp_table_state_name(int state);
const char *extmem_sfdp_sccr_field_name(int field);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SFDP_H */
