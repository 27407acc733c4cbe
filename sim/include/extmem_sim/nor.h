/* SPDX-License-Identifier: MIT */
/*
 * extmem simulator: a generic serial NOR flash model driven by a part
 * descriptor.
 *
 * One model serves every part: the descriptor (const data, sim/parts/) gives
 * the ids, geometry, typical and maximum program/erase times, the register
 * family, how the part enters quad, QPI and octal STR/DTR, its dummy-cycle
 * table and its SFDP image. The model is strict: an op in the wrong protocol,
 * with the wrong latency or address width, while busy or without WEL does
 * what the silicon does (ignored, or garbage data) and is recorded as a
 * protocol violation with a rule (enum extmem_sim_nor_rule) tests can count.
 *
 * Time is the shared virtual clock of extmem_sim_device: a program or erase
 * makes the part busy for exactly the part's typical time, starting when the
 * command's last bit is on the wire.
 */
#ifndef EXTMEM_SIM_NOR_H
#define EXTMEM_SIM_NOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extmem_sim/device.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The protocol the part currently listens in (command-address-data). */
enum extmem_sim_nor_proto {
	EXTMEM_SIM_NOR_1S1S1S = 0, /* SPI (1-1-4 / 1-4-4 reads are still "SPI mode") */
	EXTMEM_SIM_NOR_4S4S4S,     /* QPI */
	EXTMEM_SIM_NOR_8S8S8S,     /* octal STR (Macronix SOPI) */
	EXTMEM_SIM_NOR_8D8D8D,     /* octal DTR (Macronix DOPI) */
};

/* Register set and command dialect. */
enum extmem_sim_nor_family {
	EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL, /* SR/CR/CR2 (71h/72h), SCUR 2Bh, 2-byte inverted opcodes */
	EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD,    /* SR, FSR 70h/50h, VCR 85h/81h, EVCR 65h/61h */
	EXTMEM_SIM_NOR_FAMILY_WINBOND_QUAD,   /* SR1 05h/01h, SR2 35h/31h, SR3 15h/11h */
	EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD,      /* SR (QE bit 6), read params C0h/61h, ERR 81h/82h */
	EXTMEM_SIM_NOR_FAMILY_SST26,          /* SR, CR 35h (IOC), BPR 72h/42h, ULBPR 98h */
	EXTMEM_SIM_NOR_FAMILY_MICRON_OCTAL,   /* MT35X: SR, FSR 70h/50h, addressed VCR 81h/85h, "same" 8D extension */
	EXTMEM_SIM_NOR_FAMILY_SPANSION_QUAD,  /* S25FL-S: SR1 E_ERR/P_ERR hold WIP until CLSR 30h, CR1 35h, WRR 01h, F0h
						 reset */
	EXTMEM_SIM_NOR_FAMILY_MACRONIX_QUAD,  /* MX25L/MX25U: SR (QE bit 6, BP3..0), CR 15h (TB bit 3), WRSR 01h SR then
						 CR, SCUR 2Bh (P_FAIL 5, E_FAIL 6) */
	EXTMEM_SIM_NOR_FAMILY_SEMPER_OCTAL,   /* Infineon S28HS: SR1 ERSERR 5/PRGERR 6 hold busy until CLPEF 82h; CFRnV
						 read/written by RDARG 65h / WRARG 71h at 0x0080000n; "same" extension */
};

/* What must be set before 1-1-4 / 1-4-4 commands work. */
enum extmem_sim_nor_qe {
	EXTMEM_SIM_NOR_QE_NONE = 0,  /* no quad commands (octal parts) */
	EXTMEM_SIM_NOR_QE_ALWAYS,    /* quad always available (Micron) */
	EXTMEM_SIM_NOR_QE_SR1_BIT6,  /* SR bit 6 (ISSI, Macronix quad) */
	EXTMEM_SIM_NOR_QE_SR2_BIT1,  /* SR2 bit 1 (Winbond) */
	EXTMEM_SIM_NOR_QE_SST26_IOC, /* configuration register bit 1 (SST26) */
	EXTMEM_SIM_NOR_QE_CR1_BIT1,  /* CR1 bit 1 QUAD, written as WRR's second byte (Spansion S25FL-S) */
};

/* How the part enters / leaves 4S-4S-4S. */
enum extmem_sim_nor_qpi {
	EXTMEM_SIM_NOR_QPI_NONE = 0,
	EXTMEM_SIM_NOR_QPI_35_F5,      /* 35h enters, F5h leaves (ISSI) */
	EXTMEM_SIM_NOR_QPI_35_F5_EVCR, /* 35h/F5h or EVCR bit 7 = 0 (Micron) */
	EXTMEM_SIM_NOR_QPI_38_FF,      /* 38h enters, FFh leaves (SST26) */
};

/* How the part enters 8S-8S-8S / 8D-8D-8D. */
enum extmem_sim_nor_octal {
	EXTMEM_SIM_NOR_OCTAL_NONE = 0,
	EXTMEM_SIM_NOR_OCTAL_MX_CR2, /* WREN + WRCR2 (72h) at CR2 address 0: bit 0 SOPI, bit 1 DOPI */
	/* WREN + write VCR (81h) at address 0: E7h/C7h octal DDR, B7h/97h octal SDR, FFh/DFh extended SPI (Micron) */
	EXTMEM_SIM_NOR_OCTAL_MICRON_VCR,
	/* WREN + WRARG (71h) to CFR5V (0x00800006): bit 0 OPI-IT (octal), bit 1 SDRDDR (DTR); both clear: 1S (Infineon)
	 */
	EXTMEM_SIM_NOR_OCTAL_SEMPER_CFR5,
};

/* 3/4-byte addressing. */
enum extmem_sim_nor_addr4 {
	EXTMEM_SIM_NOR_ADDR_3ONLY = 0, /* <= 16 MiB: 3 bytes always */
	EXTMEM_SIM_NOR_ADDR_B7_E9,     /* B7h enters, E9h leaves, no WEL needed (Macronix) */
	EXTMEM_SIM_NOR_ADDR_B7_E9_WEL, /* B7h/E9h, each needs WEL first (Micron MT25Q) */
	EXTMEM_SIM_NOR_ADDR_B7_29,     /* B7h enters, 29h leaves (ISSI) */
	EXTMEM_SIM_NOR_ADDR_4ONLY,     /* always 4 bytes */
};

enum extmem_sim_nor_timing_source {
	EXTMEM_SIM_NOR_TIMING_DATASHEET, /* the datasheet's program/erase performance table */
	EXTMEM_SIM_NOR_TIMING_SFDP,      /* the typical times the part reports in its SFDP BFPT */
};

/* One erase type: size, 3-byte and 4-byte opcodes (0: none), times in us. */
struct extmem_sim_nor_erase {
	uint32_t size;
	uint8_t op3;
	uint8_t op4;
	uint32_t typ_us;
	uint32_t max_us;
};

/*
 * A non-uniform map for one opcode: [start, start+len) is split into blocks
 * of `block` bytes (SST26 D8h erases 8, 32 or 64 KiB by address).
 */
struct extmem_sim_nor_region {
	uint32_t start;
	uint32_t len;
	uint32_t block;
};

/* A dummy-cycle setting and the highest clock it supports. */
struct extmem_sim_nor_dummy_step {
	uint8_t cycles;
	uint32_t max_hz;
};

#define EXTMEM_SIM_NOR_ERASE_TYPES 4
#define EXTMEM_SIM_NOR_DUMMY_STEPS 8

struct extmem_sim_nor_part {
	const char *name;      /* e.g. "MX66UW1G45G" */
	const char *sfdp_name; /* name of its image in extmem_sim/sfdp_images.h */
	uint8_t id[3];         /* 9Fh answer: manufacturer, type, capacity */
	uint32_t size;
	uint32_t page_size;
	enum extmem_sim_nor_family family;

	struct extmem_sim_nor_erase erase[EXTMEM_SIM_NOR_ERASE_TYPES]; /* by increasing size, size 0 = unused */
	const struct extmem_sim_nor_region *map;                       /* non-uniform map for `map_op`, or NULL */
	uint8_t map_count;
	uint8_t map_op;
	uint32_t map_typ_us; /* typical time of one map_op erase, whatever the block size */
	uint32_t map_max_us;
	uint8_t chip_ops[2]; /* chip erase opcodes (0: none) */
	uint32_t chip_typ_ms;
	uint32_t chip_max_ms;
	uint32_t pp_typ_us;
	uint32_t pp_max_us;
	uint32_t wrsr_typ_us; /* non-volatile register write; 0: not modelled (instant) */
	enum extmem_sim_nor_timing_source timing_source;
	const char *timing_note; /* which table / revision the numbers come from */
	/*
	 * Volatile register write busy time (0: the register takes the value at
	 * once), and the recovery after a soft reset (66h/99h): from idle, and
	 * when the reset interrupts a program, erase or register write. While
	 * recovering the part answers nothing and ignores every command.
	 */
	uint32_t wrvr_typ_us;
	uint32_t rst_idle_us;
	uint32_t rst_busy_us;
	const char *busy_note; /* where wrsr/wrvr/rst figures come from */

	enum extmem_sim_nor_qe qe;
	enum extmem_sim_nor_qpi qpi;
	enum extmem_sim_nor_octal octal;
	bool octal_ext_same; /* 8S/8D second command byte repeats the opcode (else: inverted) */
	/* 8D-8D-8D array and SFDP data: the two bytes of each DTR word in the other order than 1S (JESD216 DWORD 18
	 * bit 31); programs store what they are sent the same way round. */
	bool octal_swapped;
	enum extmem_sim_nor_addr4 addr4;
	bool dedicated_4b; /* 13h/0Ch/12h/21h/DCh... exist */

	/* Highest clocks: 03h read, other ops in 1S/4S, in 8S, in DTR. */
	uint32_t max_hz_read03;
	uint32_t max_hz_spi;
	uint32_t max_hz_str;
	uint32_t max_hz_dtr;

	/* Read latency (dummy clocks incl. mode bits) per protocol at the default configuration. */
	uint8_t lat_fast_1s;  /* 0Bh / 0Ch in 1S */
	uint8_t lat_112;      /* 3Bh (0: no dual reads) */
	uint8_t lat_122;      /* BBh */
	uint8_t lat_114;      /* 6Bh */
	uint8_t lat_144;      /* EBh */
	uint8_t lat_fast_4s;  /* 0Bh / EBh in QPI */
	uint8_t lat_sfdp;     /* 5Ah in 1S */
	uint8_t lat_sfdp_oct; /* 5Ah in 8S/8D */
	uint8_t lat_reg_8s;   /* register and ID reads in 8S */
	uint8_t lat_reg_8d;   /* register and ID reads in 8D */
	/* Macronix CR2 0x300: dummy setting code -> cycles and max clock (octal reads). */
	struct extmem_sim_nor_dummy_step dummy_steps[EXTMEM_SIM_NOR_DUMMY_STEPS];
	uint8_t dummy_default_code;

	/* EBh mode byte that enters continuous read: (mode & cont_mask) == cont_match; mask 0 = none. */
	uint8_t cont_mask;
	uint8_t cont_match;
	/*
	 * Hybrid sectors (S25FL-S 64 KiB-sector option): erase type 0 (4 KiB)
	 * erases only inside a parameter-sector area of param_size bytes, at the
	 * bottom of the array, or at the top when CR1 TBPARM (bit 2) is set;
	 * elsewhere the part ignores it. 0: no such area.
	 */
	uint32_t param_size;
	uint32_t bp_unit;    /* protected size for BP = 1 (doubles per step); 0: BP not modelled */
	bool powerup_locked; /* SST26: every block write-protected until ULBPR */
	/* JESD216 QER 001b: a one-byte status write clears status register 2 (QE included). */
	bool wrsr_1byte_clears_sr2;
};

/* Strictness rules a violation is filed under. */
enum extmem_sim_nor_rule {
	EXTMEM_SIM_NOR_RULE_PROTOCOL = 0, /* op sent in a protocol the part is not in */
	EXTMEM_SIM_NOR_RULE_OPCODE_EXT,   /* 8D/8S second opcode byte is not the inverted opcode */
	EXTMEM_SIM_NOR_RULE_UNKNOWN,      /* opcode the part does not have (in this protocol) */
	EXTMEM_SIM_NOR_RULE_SHAPE,        /* wrong phase lines/DTR/direction for this command */
	EXTMEM_SIM_NOR_RULE_ADDR_WIDTH,   /* 3 vs 4 address bytes */
	EXTMEM_SIM_NOR_RULE_DUMMY,        /* latency differs from the configured/required one */
	EXTMEM_SIM_NOR_RULE_FREQ,         /* clock above the part's max (for the protocol or the dummy setting) */
	EXTMEM_SIM_NOR_RULE_BUSY,         /* command while a program/erase is in progress */
	EXTMEM_SIM_NOR_RULE_NO_WEL,       /* program/erase/register write without WREN */
	EXTMEM_SIM_NOR_RULE_SUSPEND,      /* program/erase suspend/resume (not supported) */
	EXTMEM_SIM_NOR_RULE_DTR_ODD,      /* DTR write with an odd length, or DTR array access at an odd address */
	EXTMEM_SIM_NOR_RULE_DQS,          /* data strobe expectation not met */
	EXTMEM_SIM_NOR_RULE_QE,           /* quad command with quad not enabled */
	EXTMEM_SIM_NOR_RULE_PROTECTED,    /* program/erase of a write-protected area */
	EXTMEM_SIM_NOR_RULE_RANGE,        /* address beyond the array */
	EXTMEM_SIM_NOR_RULE_CONT_READ,    /* command sent while the part is in continuous-read (XIP) mode */
	EXTMEM_SIM_NOR_RULE_COUNT,
};

/* Fault injection (set fields directly, or through the helpers below). */
struct extmem_sim_nor_faults {
	uint32_t cut_after_op; /* power lost right after the model's op number N (1-based); 0: never */
	bool fail_program;     /* every program completes with the fail flag, array unchanged */
	bool fail_erase;       /* every erase completes with the fail flag, array unchanged */
	bool stuck_busy;       /* WIP reads 1 forever (until cleared); only status reads are answered */
	int32_t sfdp_flip;     /* SFDP byte offset whose bits are inverted on read; -1: none */
	bool no_device;        /* nothing on the bus: every read sees the idle 0xFF */
	/* 9Fh answers these bytes (manufacturer << 16 | type << 8 | capacity) instead of the part's; 0: its own. */
	uint32_t wrong_id;
	/*
	 * A part that answers only some protocols: one bit per enum
	 * extmem_sim_nor_proto (1u << EXTMEM_SIM_NOR_8D8D8D: never enters 8D).
	 * The switching command is taken but the part stays where it is.
	 */
	uint8_t refuse_protos;
};

/* A program or erase in progress (applied when the busy time ends). */
struct extmem_sim_nor_pending {
	enum { EXTMEM_SIM_NOR_IDLE, EXTMEM_SIM_NOR_PROGRAM, EXTMEM_SIM_NOR_ERASE, EXTMEM_SIM_NOR_WRSR } kind;
	uint32_t addr;
	uint32_t len;
	uint8_t data[512]; /* program data, page-wrapped already (len <= page size) */
	uint16_t data_off; /* offset of the first programmed byte inside its page */
};

struct extmem_sim_nor {
	struct extmem_sim_device base; /* first: the bus sees a plain device */
	const struct extmem_sim_nor_part *part;
	uint8_t *array;
	bool owns_array;
	char *path; /* file backing, or NULL */
	const uint8_t *sfdp;
	size_t sfdp_len;

	/* Volatile state (reset by soft reset / power cycle as the part does). */
	enum extmem_sim_nor_proto proto;
	bool addr4;
	bool wel;
	bool reset_enabled; /* the previous op was 66h */
	bool wrsr_volatile; /* Winbond: the previous op was 50h, the next status write is volatile */
	bool cont_read;     /* continuous read: the next op's first bytes are taken as an address */
	bool powered;       /* false after a power cut until extmem_sim_nor_power_cycle */
	uint8_t sr;         /* SR / SR1 (WIP and WEL are derived, not stored) */
	uint8_t cr;         /* Macronix CR, SST26 CR */
	uint8_t sr2, sr3;   /* Winbond */
	uint8_t fsr_err;    /* Micron FSR error bits (5 erase, 4 program, 1 protection) */
	uint8_t scur;       /* Macronix security register (5 P_FAIL, 6 E_FAIL) */
	uint8_t vcr, evcr;  /* Micron */
	uint8_t params;     /* ISSI read parameters */
	uint8_t err;        /* ISSI extended read register (1 PROT_E, 2 P_ERR, 3 E_ERR) */
	uint8_t cr2_0;      /* Macronix CR2 at 0x0 (SOPI/DOPI) */
	uint8_t cr2_300;    /* Macronix CR2 at 0x300 (dummy cycles) */
	uint8_t *locks;     /* SST26: one byte per 8 KiB granule, 1 = write-protected */
	uint8_t mt_vcr[2];  /* Micron octal volatile configuration: [0] I/O mode, [1] dummy cycles */
	/* Infineon SEMPER CFR1..CFR5 at index 1..5 (register address n + 1: volatile 0x0080000x, non-volatile
	 * 0x0000000x). */
	uint8_t cfr_v[6], cfr_nv[6];
	uint64_t busy_until_ps;
	uint64_t busy_start_ps;
	struct extmem_sim_nor_pending pending;
	uint64_t recover_until_ps; /* reset recovery: nothing is answered before this time */

	struct extmem_sim_nor_faults faults;
	uint32_t ops; /* ops handed to the model so far */
	uint32_t rule_count[EXTMEM_SIM_NOR_RULE_COUNT];
	enum extmem_sim_nor_rule last_rule;
};

/*
 * Creates a model of `part` on `clock`. array: caller storage of part->size
 * bytes, or NULL to allocate one (erased, 0xFF). path: file backing (loaded
 * if present and of the right size; written back by sync/destroy), or NULL.
 * Returns NULL on allocation or file errors.
 */
struct extmem_sim_nor *extmem_sim_nor_create(const struct extmem_sim_nor_part *part, struct extmem_sim_clock *clock,
					     uint8_t *array, const char *path);
/* Finishes any busy period that has ended, writes the file backing, frees. */
void extmem_sim_nor_destroy(struct extmem_sim_nor *nor);
/* Writes the array to its file backing now (EXTMEM_OK when there is none). */
int extmem_sim_nor_sync(struct extmem_sim_nor *nor);

/* The SFDP image served by 5Ah (NULL/0: the part answers 0xFF). */
void extmem_sim_nor_set_sfdp(struct extmem_sim_nor *nor, const uint8_t *bytes, size_t len);

/* Current protocol, WIP at the current virtual time, end of the busy period. */
enum extmem_sim_nor_proto extmem_sim_nor_proto(const struct extmem_sim_nor *nor);
bool extmem_sim_nor_busy(struct extmem_sim_nor *nor);
uint64_t extmem_sim_nor_busy_until(const struct extmem_sim_nor *nor);

/* Violations filed under `rule`, and the rule of the last violation. */
uint32_t extmem_sim_nor_violations(const struct extmem_sim_nor *nor, enum extmem_sim_nor_rule rule);
const char *extmem_sim_nor_rule_name(enum extmem_sim_nor_rule rule);
/* Forgets all recorded violations (counts and last message). */
void extmem_sim_nor_clear_violations(struct extmem_sim_nor *nor);

/*
 * Power. A cut (now, or by faults.cut_after_op) leaves a program in progress
 * with the first half of its bytes programmed and the rest untouched, and an
 * erase in progress with the first half of its range erased (0xFF) and the
 * rest untouched. The part then answers nothing until power_cycle, which
 * restores the power-on state (1S, 3-byte mode where the part has it,
 * default dummy cycles, SST26 locked) and keeps the array.
 */
void extmem_sim_nor_power_cut(struct extmem_sim_nor *nor);
void extmem_sim_nor_power_cycle(struct extmem_sim_nor *nor);

/*
 * A part made from nothing but an SFDP image (sim/nor_sfdp_part.c): geometry,
 * erase types and map, typical/max times, page size, quad enable, QPI and
 * 4-byte methods, read latencies, octal entry (Macronix CR2 sequences in
 * FF0A / BFPT DWORD 19) and xSPI dummy settings come from the tables; the
 * register dialect is chosen from what the tables say (FSR polling: Micron;
 * octal CR2: Macronix; QE in SR2: Winbond-style SR1/SR2; QE in SR1 bit 6:
 * ISSI-style, or Macronix-style with 15h/2Bh when the ID is C2h) and the
 * manufacturer ID (BFh: SST26 block protection).
 */
#define EXTMEM_SIM_NOR_SFDP_MAP_MAX 16

struct extmem_sim_nor_sfdp_part {
	struct extmem_sim_nor_part part;
	struct extmem_sim_nor_region map[EXTMEM_SIM_NOR_SFDP_MAP_MAX];
	char name[32];
	uint8_t *image; /* own copy of the image, served by 5Ah */
	size_t image_len;
};

/*
 * Builds out from `len` bytes of SFDP space and the part's 3-byte JEDEC ID
 * (manufacturer << 16 | type << 8 | capacity: SFDP does not carry it).
 * Returns EXTMEM_OK, EXTMEM_ERR_FORMAT (unusable image or geometry the model
 * cannot run) or EXTMEM_ERR_INVALID. Free with extmem_sim_nor_sfdp_part_free.
 */
int extmem_sim_nor_part_from_sfdp(const uint8_t *image, size_t len, uint32_t jedec_id,
				  struct extmem_sim_nor_sfdp_part *out);
void extmem_sim_nor_sfdp_part_free(struct extmem_sim_nor_sfdp_part *sp);
/* A model of such a part, serving the image itself. */
struct extmem_sim_nor *extmem_sim_nor_create_sfdp(const struct extmem_sim_nor_sfdp_part *sp,
						  struct extmem_sim_clock *clock, uint8_t *array, const char *path);

/* Largest erase time bound helpers for the bench: device time in ps. */
uint64_t extmem_sim_nor_us_to_ps(uint64_t us);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SIM_NOR_H */
