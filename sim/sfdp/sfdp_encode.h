/* SPDX-License-Identifier: MIT */
/* Helpers for writing SFDP images as DWORDs (SFDP is little-endian). */
#ifndef EXTMEM_SIM_SFDP_ENCODE_H
#define EXTMEM_SIM_SFDP_ENCODE_H

#include <stdint.h>

#define EXTMEM_SIM_DW(x)                                                                                               \
	(uint8_t)((uint32_t)(x)&0xffu), (uint8_t)(((uint32_t)(x) >> 8) & 0xffu),                                       \
		(uint8_t)(((uint32_t)(x) >> 16) & 0xffu), (uint8_t)(((uint32_t)(x) >> 24) & 0xffu)

/* SFDP header: "SFDP", minor, major, NPH (headers - 1), access protocol. */
#define EXTMEM_SIM_SFDP_HEADER(minor, major, nheaders, proto)                                                          \
	'S', 'F', 'D', 'P', (uint8_t)(minor), (uint8_t)(major), (uint8_t)((nheaders)-1), (uint8_t)(proto)

/* Parameter header: id (MSB:LSB), revision, length in DWORDs, 24-bit pointer. */
#define EXTMEM_SIM_SFDP_PH(id, minor, major, ndw, ptr)                                                                 \
	(uint8_t)((id)&0xff), (uint8_t)(minor), (uint8_t)(major), (uint8_t)(ndw), (uint8_t)((ptr)&0xff),               \
		(uint8_t)(((ptr) >> 8) & 0xff), (uint8_t)(((ptr) >> 16) & 0xff), (uint8_t)(((id) >> 8) & 0xff)

/* Filler bytes between tables: erased SFDP space reads 0xFF. */
#define EXTMEM_SIM_FF4 0xff, 0xff, 0xff, 0xff

#endif
