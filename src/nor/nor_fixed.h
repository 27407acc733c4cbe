/* SPDX-License-Identifier: MIT */
/*
 * What a firmware built for one part and one controller knows at build
 * time, for the NOR bus and array layers (nor_bus.c, nor_array.c):
 *   -DEXTMEM_NOR_PINNED_PART=NAME  the pinned part (extmem_pinned_part.h):
 *       features the description says the part lacks (flag status, SR1
 *       error bits, a sector map, a family error register) fold away; the
 *       ones it has stay read at run time from the driver's data.
 *   -DEXTMEM_NOR_LINK_OPS=NAME     the controller's extmem_xspi_ops table:
 *       its operations are called by name, the NULL checks of those it has
 *       fold away.
 * Without them every macro reads the run-time value.
 */
#ifndef EXTMEM_NOR_FIXED_H
#define EXTMEM_NOR_FIXED_H

#include "nor_internal.h"

#ifdef EXTMEM_NOR_PINNED_PART
#include "extmem/nor_pinned.h"
#include "extmem_pinned_part.h"
#define NOR_PART            (&EXTMEM_NOR_PINNED_PART)
/* The driver refuses any other ID, so after its init d->jedec_id is the description's. */
#define NOR_JEDEC_ID(d)     ((void)(d), NOR_PART->jedec_id)
#define NOR_MFR(d)          ((void)(d), (uint8_t)(NOR_PART->jedec_id >> 16))
#define NOR_ID_TYPE(d)      ((void)(d), (uint8_t)(NOR_PART->jedec_id >> 8))
/* the pinned driver reads no SFDP parameter tables (fill_geometry): none to search */
#define NOR_SFDP_NTABLES(d) ((void)(d), 0u)
#define NOR_FLAG_STATUS(d)  ((NOR_PART->fast.flag_status || NOR_PART->safe.flag_status) && (d)->flag_status)
#define NOR_SR_ERR_MASK(d)  (NOR_PART->sr_err_mask != 0 ? (d)->sr_err_mask : 0u)
/* the pinned driver sets d->sfdp.has to these bits of the description and never changes it (fill_geometry) */
#define NOR_SFDP_HAS(d, b)                                                                                             \
	((void)(d),                                                                                                    \
	 (NOR_PART->sfdp_has & (b) & (EXTMEM_SFDP_HAS_XSPI | EXTMEM_SFDP_HAS_ODDR | EXTMEM_SFDP_HAS_SCCR)) != 0)
#define NOR_BUSY_POLL(d)         ((void)(d), NOR_PART->busy_poll)
/* a description with a sector map is refused (part_usable): every erase type everywhere */
#define NOR_HAS_SMAP(d)          ((void)(d), false)
#define NOR_ERASE_COUNT(d)       ((void)(d), NOR_PART->erase_count)
#define NOR_PAGE_SIZE(d)         ((void)(d), NOR_PART->page_size)
/* the SCCR error bits of a program (erase false) or an erase: the description's (fill_geometry copies none) */
#define NOR_SCCR_ERROR(d, erase) ((void)(d), (erase) ? &NOR_PART->erase_error : &NOR_PART->prog_error)
/* x % size for an erase size: the pinned driver refuses sizes that are not powers of two (part_usable) */
#define NOR_ERASE_MOD(x, size)   ((x) & ((size)-1u))
#else
#define NOR_JEDEC_ID(d)     ((d)->jedec_id)
#define NOR_MFR(d)          ((d)->id[0])
#define NOR_ID_TYPE(d)      ((d)->id[1])
#define NOR_SFDP_NTABLES(d) ((d)->sfdp.ntables)
#define NOR_FLAG_STATUS(d)  ((d)->flag_status)
#if EXTMEM_NOR_READ_ONLY
/* a read-only SFDP build never decodes the SR1 error flags (bring_up leaves sr_err_mask 0) */
#define NOR_SR_ERR_MASK(d) ((void)(d), 0u)
#else
#define NOR_SR_ERR_MASK(d) ((d)->sr_err_mask)
#endif
#define NOR_SFDP_HAS(d, b) (((d)->sfdp.has & (b)) != 0)
#define NOR_BUSY_POLL(d)   ((d)->sfdp.bfpt.busy_poll)
#define NOR_HAS_SMAP(d)    (((d)->sfdp.has & EXTMEM_SFDP_HAS_SMAP) != 0)
#define NOR_ERASE_COUNT(d) ((d)->erase_count)
#define NOR_PAGE_SIZE(d)   ((d)->sfdp.bfpt.page_size)
#define NOR_SCCR_ERROR(d, erase)                                                                                       \
	(&(d)->sfdp.sccr.bit[(erase) ? EXTMEM_SFDP_SCCR_ERASE_ERROR : EXTMEM_SFDP_SCCR_PROGRAM_ERROR])
#define NOR_ERASE_MOD(x, size) ((x) % (size))
#endif

/*
 * -DEXTMEM_NOR_NO_CFG_VERIFY: a firmware that never sets the configuration's
 * verify (the loaders: their core reads every write back itself); the
 * pinned driver's init refuses a configuration that sets it.
 */
#ifdef EXTMEM_NOR_NO_CFG_VERIFY
#define NOR_CFG_VERIFY(cfg) ((void)(cfg), false)
#else
#define NOR_CFG_VERIFY(cfg) ((cfg)->verify)
#endif

/*
 * -DEXTMEM_NOR_NO_FALLBACK: a pinned firmware (EXTMEM_NOR_PINNED_PART) whose
 * caller reads every write back (the loaders' core). The fast protocol
 * failing its proof fails init instead of falling back to 1S-1S-1S (the
 * tool's Init fails), and a read configuration init could not prove (blank
 * flash) is proven by the caller's read-back, not by the driver's own and a
 * re-proof: a wrong one makes that read-back differ, the write's failure.
 */
#ifdef EXTMEM_NOR_NO_FALLBACK
#ifndef EXTMEM_NOR_PINNED_PART
#error "EXTMEM_NOR_NO_FALLBACK is for a pinned part"
#endif
#ifndef EXTMEM_NOR_NO_CFG_VERIFY
#error "EXTMEM_NOR_NO_FALLBACK: the caller reads back, the driver's configured verify is compiled out too"
#endif
#define NOR_FALLBACK              0
/*
 * After a successful init the part is in the description's fast protocol
 * and stays there (no fallback, no re-proof): the array code reads that
 * mode's fields, the size and the timeouts from the description
 * (immediates; the erase table stays read from the data: indexed, it
 * would link the description).
 */
#define NOR_MODE(d, field)        ((void)(d), NOR_PART->fast.field)
#define NOR_CHIP_ERASE_OP(d)      ((void)(d), (uint8_t)NOR_PART->chip_erase_opcode)
#define NOR_CHIP_ERASE_TIMEOUT(d) ((void)(d), NOR_PART->chip_erase_timeout_us)
#define NOR_PROG_TIMEOUT(d)       ((void)(d), NOR_PART->prog_timeout_us)
#define NOR_SIZE(d)               ((void)(d), NOR_PART->size)
/*
 * Whether a constant protocol moves its data on both edges, at build time
 * (extmem_nor_bus_of is a call; test_nor_pinned_loader checks this against it).
 */
#define NOR_DATA_DTR(p)                                                                                                \
	(((p) >= EXTMEM_PROTO_1S_1D_1D && (p) <= EXTMEM_PROTO_4S_4D_4D) || (p) == EXTMEM_PROTO_1S_8D_8D ||             \
	 (p) == EXTMEM_PROTO_8D_8D_8D)
/* offsets in the part: init refuses one of 4 GiB or more (part_usable), so 32 bits */
typedef uint32_t nor_off;
/* set only by the driver's own read-back and the re-proof, neither built here */
#define NOR_READ_BAD(d)   ((void)(d), false)
#define NOR_RESELECTED(d) ((void)(d), false)
#else
#define NOR_FALLBACK              1
#define NOR_MODE(d, field)        ((d)->field)
#define NOR_CHIP_ERASE_OP(d)      ((uint8_t)(d)->chip_erase_opcode)
#define NOR_CHIP_ERASE_TIMEOUT(d) ((d)->chip_erase_timeout_us)
#define NOR_PROG_TIMEOUT(d)       ((d)->prog_timeout_us)
#define NOR_SIZE(d)               ((d)->sfdp.bfpt.size)
#define NOR_DATA_DTR(p)           (extmem_nor_bus_of(p).data_dtr)
typedef uint64_t nor_off;
#if EXTMEM_NOR_READ_ONLY
/* set only by a write's read-back and the re-proof: a read-only build has neither */
#define NOR_READ_BAD(d)   ((void)(d), false)
#define NOR_RESELECTED(d) ((void)(d), false)
#else
#define NOR_READ_BAD(d)   ((d)->read_bad)
#define NOR_RESELECTED(d) ((d)->reselected)
#endif
#endif

/*
 * State that only the program side reads: the proof's record (read_proven
 * starts the re-proof of a first program, sfdp_proven goes into a pinned
 * description) and the candidate in use (where the re-proof goes on from).
 * A read-only build (a Boot) keeps none of it.
 */
#define NOR_KEEPS_PROGRAM_STATE (!EXTMEM_NOR_READ_ONLY)

#ifdef EXTMEM_NOR_LINK_OPS
extern const struct extmem_xspi_ops EXTMEM_NOR_LINK_OPS;
#define NOR_OPS(n)              (&EXTMEM_NOR_LINK_OPS)
/*
 * cfg->link.ops is not read: a board leaves it unset, so nothing takes the
 * table's address and, its calls folded, the table is not linked (no pointer
 * table for a position-independent .FLM to relocate, src/loader/flm.c).
 */
#define NOR_CFG_OPS_USABLE(cfg) ((void)(cfg), NOR_OPS(NULL)->execute != NULL && NOR_OPS(NULL)->time_us != NULL)
#else
#define NOR_OPS(n) ((n)->cfg->link.ops)
#define NOR_CFG_OPS_USABLE(cfg)                                                                                        \
	((cfg)->link.ops != NULL && (cfg)->link.ops->execute != NULL && (cfg)->link.ops->time_us != NULL)
#endif

#endif /* EXTMEM_NOR_FIXED_H */
