/* SPDX-License-Identifier: MIT */
#include "extmem/extmem_xspi.h"

static int lines_valid(uint8_t lines)
{
	return lines == 0 || lines == 1 || lines == 2 || lines == 4 || lines == 8 || lines == 16;
}

int extmem_xspi_op_check(const struct extmem_xspi_op *op)
{
	if (op == NULL)
		return EXTMEM_ERR_INVALID;
	if (!lines_valid(op->cmd.bus.lines) || !lines_valid(op->addr.bus.lines) || !lines_valid(op->alt.bus.lines) ||
	    !lines_valid(op->data.bus.lines))
		return EXTMEM_ERR_INVALID;
	/* Every transfer starts with an instruction of 1 or 2 bytes. */
	if (op->cmd.bus.lines == 0 || op->cmd.nbytes < 1 || op->cmd.nbytes > 2)
		return EXTMEM_ERR_INVALID;
	if (op->cmd.nbytes == 1 && op->cmd.opcode > 0xFF)
		return EXTMEM_ERR_INVALID;
	if (op->addr.nbytes > 4 || (op->addr.nbytes == 0) != (op->addr.bus.lines == 0))
		return EXTMEM_ERR_INVALID;
	if (op->alt.nbytes > 4 || (op->alt.nbytes == 0) != (op->alt.bus.lines == 0))
		return EXTMEM_ERR_INVALID;
	switch (op->data.dir) {
	case EXTMEM_XSPI_DATA_NONE:
		if (op->data.len != 0 || op->data.bus.lines != 0)
			return EXTMEM_ERR_INVALID;
		break;
	case EXTMEM_XSPI_DATA_IN:
	case EXTMEM_XSPI_DATA_OUT:
		if (op->data.len == 0 || op->data.bus.lines == 0 || op->data.buf.in == NULL)
			return EXTMEM_ERR_INVALID;
		break;
	default: return EXTMEM_ERR_INVALID;
	}
	return EXTMEM_OK;
}

/* Cycles to move nbytes over `lines` wires, two beats a cycle in DTR. */
static uint32_t phase_cycles(struct extmem_xspi_phase bus, uint32_t nbytes)
{
	if (bus.lines == 0 || nbytes == 0)
		return 0;
	uint32_t beats = (nbytes * 8u + bus.lines - 1u) / bus.lines;
	return bus.dtr ? (beats + 1u) / 2u : beats;
}

uint32_t extmem_xspi_op_cycles(const struct extmem_xspi_op *op)
{
	uint32_t cycles = phase_cycles(op->cmd.bus, op->cmd.nbytes);
	cycles += phase_cycles(op->addr.bus, op->addr.nbytes);
	cycles += phase_cycles(op->alt.bus, op->alt.nbytes);
	cycles += op->dummy_cycles;
	if (op->data.dir != EXTMEM_XSPI_DATA_NONE) {
		/* Saturate rather than wrap on absurd lengths. */
		uint32_t lines = op->data.bus.lines ? op->data.bus.lines : 1u;
		/* ceil(len * 8 / lines) as q * 8 + ceil(r * 8 / lines) for len = q * lines + r: no 64-bit division */
		uint32_t q = op->data.len / lines, r = op->data.len % lines;
		uint64_t beats = (uint64_t)q * 8u + (r * 8u + lines - 1u) / lines;
		uint64_t data = op->data.bus.dtr ? (beats + 1u) / 2u : beats;
		uint64_t total = (uint64_t)cycles + data;
		cycles = total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
	}
	return cycles;
}
