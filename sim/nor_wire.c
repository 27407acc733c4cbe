/* SPDX-License-Identifier: MIT */
/*
 * The NOR model's frame decoder: an op descriptor becomes what the part
 * samples on its lines, in order. The part cannot see how a controller cut
 * the transfer into phases: on a 1S bus an opcode followed by five data
 * bytes is the same 48 clocks as an opcode, a 4-byte address and one data
 * byte. So the part takes its command, address and data from one stream of
 * host-driven bytes, each tagged with the lines and rate it was driven on.
 */
#include <stdlib.h>
#include <string.h>

#include "nor_internal.h"

static void push(struct nor_wire *w, uint32_t value, uint8_t nbytes, struct extmem_xspi_phase bus)
{
	for (uint8_t i = 0; i < nbytes && w->head_len < NOR_WIRE_HEAD; i++) {
		w->head[w->head_len] = (uint8_t)(value >> (8u * (nbytes - 1u - i)));
		w->head_bus[w->head_len] = bus;
		w->head_len++;
	}
}

void nor_wire_init(struct nor_wire *w, const struct extmem_xspi_op *op)
{
	memset(w, 0, sizeof(*w));
	w->op = op;
	if (op->cmd.bus.lines != 0)
		push(w, op->cmd.opcode, op->cmd.nbytes > 2 ? 2 : op->cmd.nbytes, op->cmd.bus);
	if (op->addr.bus.lines != 0)
		push(w, op->addr.value, op->addr.nbytes > 4 ? 4 : op->addr.nbytes, op->addr.bus);
	if (op->alt.bus.lines != 0)
		push(w, op->alt.value, op->alt.nbytes > 4 ? 4 : op->alt.nbytes, op->alt.bus);
	w->len = w->head_len;
	/* Write data follows the head only when no dummy clocks separate them: idle clocks are not data. */
	if (op->data.dir == EXTMEM_XSPI_DATA_OUT && op->data.bus.lines != 0 && op->data.buf.out != NULL)
		w->len += op->data.len;
}

uint32_t nor_wire_left(const struct nor_wire *w)
{
	return w->len - w->pos;
}

uint8_t nor_wire_byte(const struct nor_wire *w, uint32_t i)
{
	if (i < w->head_len)
		return w->head[i];
	return ((const uint8_t *)w->op->data.buf.out)[i - w->head_len];
}

struct extmem_xspi_phase nor_wire_bus(const struct nor_wire *w, uint32_t i)
{
	if (i < w->head_len)
		return w->head_bus[i];
	return w->op->data.bus;
}

int32_t nor_wire_mismatch(const struct nor_wire *w, uint32_t n, uint8_t lines, bool dtr)
{
	for (uint32_t i = 0; i < n && w->pos + i < w->len; i++) {
		struct extmem_xspi_phase b = nor_wire_bus(w, w->pos + i);
		if (b.lines != lines || b.dtr != dtr)
			return (int32_t)(w->pos + i);
	}
	return -1;
}

uint32_t nor_wire_take(struct nor_wire *w, uint32_t n)
{
	uint32_t v = 0;
	for (uint32_t i = 0; i < n && w->pos < w->len; i++)
		v = v << 8 | nor_wire_byte(w, w->pos++);
	return v;
}

uint32_t nor_wire_head_clocks(const struct nor_wire *w)
{
	/* Beats per byte: 8 / lines, halved in DTR; partial beats round up per phase as the controller clocks them. */
	uint32_t bits_str = 0, bits_dtr = 0;
	uint8_t lines_str = 1, lines_dtr = 1;
	for (uint32_t i = w->pos; i < w->head_len; i++) {
		if (w->head_bus[i].dtr) {
			bits_dtr += 8;
			lines_dtr = w->head_bus[i].lines;
		} else {
			bits_str += 8;
			lines_str = w->head_bus[i].lines;
		}
	}
	uint32_t clocks = (bits_str + lines_str - 1u) / lines_str;
	uint32_t beats = (bits_dtr + lines_dtr - 1u) / lines_dtr;
	return clocks + (beats + 1u) / 2u;
}

const uint8_t *nor_wire_data(const struct nor_wire *w, uint32_t *n, uint8_t **scratch)
{
	*scratch = NULL;
	*n = nor_wire_left(w);
	if (w->pos >= w->head_len)
		return (const uint8_t *)w->op->data.buf.out + (w->pos - w->head_len);
	if (*n == 0)
		return NULL;
	uint8_t *s = malloc(*n);
	if (s == NULL) {
		*n = 0;
		return NULL;
	}
	for (uint32_t i = 0; i < *n; i++)
		s[i] = nor_wire_byte(w, w->pos + i);
	*scratch = s;
	return s;
}

void nor_wire_sample(uint8_t *out, uint32_t len, bool part_dtr, bool host_dtr, int64_t skew_edges, nor_src_fn src,
		     const void *ctx)
{
	for (uint32_t i = 0; i < len; i++) {
		/* The part's output byte on the edge the host samples for its byte i. */
		int64_t edge;
		if (part_dtr == host_dtr)
			edge = (int64_t)i;
		else if (part_dtr)
			edge = 2 * (int64_t)i; /* single-rate host: one edge per clock */
		else
			edge = (int64_t)i / 2; /* double-rate host: each single-rate byte twice */
		int v = src(ctx, edge - skew_edges);
		if (v >= 0)
			out[i] = (uint8_t)v;
	}
}
