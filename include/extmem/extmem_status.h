/* SPDX-License-Identifier: MIT */
/*
 * extmem: the one status convention.
 *
 * Every public function returns an int: zero for success, a negative
 * EXTMEM_ERR_* value otherwise. Nothing in the library asserts on bad input
 * from a caller or a device; it returns one of these.
 */
#ifndef EXTMEM_STATUS_H
#define EXTMEM_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

enum extmem_status {
	EXTMEM_OK = 0,
	EXTMEM_ERR_BAD_ID = -1,           /* memory id not in the table */
	EXTMEM_ERR_NOT_SUPPORTED = -2,    /* operation not offered by this memory type */
	EXTMEM_ERR_OUT_OF_RANGE = -3,     /* addr/len outside the memory (or wrapping) */
	EXTMEM_ERR_MISALIGNED = -4,       /* addr/len not on the memory's granularity */
	EXTMEM_ERR_DEVICE = -5,           /* the device reported a failure (program/erase fail, bad answer) */
	EXTMEM_ERR_TIMEOUT = -6,          /* the device stayed busy past its bound */
	EXTMEM_ERR_MAPPED = -7,           /* busy in memory-mapped mode: unmap first */
	EXTMEM_ERR_NO_DEVICE = -8,        /* nothing answered on the bus */
	EXTMEM_ERR_PROTOCOL = -9,         /* protocol not supported by the link */
	EXTMEM_ERR_WRITE_PROTECTED = -10, /* target area is write-protected */
	EXTMEM_ERR_INVALID = -11,         /* bad argument: NULL pointer, bad config */
	EXTMEM_ERR_STATE = -12,           /* not initialised, or already initialised */
	EXTMEM_ERR_FORMAT = -13,          /* malformed data (tables, images, files) */
};

/* A short constant name for a status, e.g. "EXTMEM_ERR_TIMEOUT". Never NULL. */
const char *extmem_status_name(int status);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_STATUS_H */
