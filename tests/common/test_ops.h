/* SPDX-License-Identifier: MIT */
/* Descriptors the tests build again and again. */
#ifndef EXTMEM_TEST_OPS_H
#define EXTMEM_TEST_OPS_H

#include "extmem/extmem_xspi.h"

/* A 1S-1S-1S read: opcode, 3-byte address, no dummy, len bytes into buf. */
static inline struct extmem_xspi_op test_op_read_1s(uint8_t opcode, uint32_t addr, void *buf, uint32_t len)
{
	struct extmem_xspi_op op = {
		.cmd = {.bus = {1, false}, .nbytes = 1, .opcode = opcode},
		.addr = {.bus = {1, false}, .nbytes = 3, .value = addr},
		.data = {.bus = {1, false}, .dir = EXTMEM_XSPI_DATA_IN, .len = len, .buf.in = buf},
	};
	return op;
}

#endif
