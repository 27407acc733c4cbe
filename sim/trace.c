/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <string.h>

#include "extmem_sim/trace.h"
#include "extmem_sim/vcd.h"

void extmem_sim_trace_init(struct extmem_sim_trace *trace, FILE *out, extmem_sim_trace_fn fn, void *ctx)
{
	memset(trace, 0, sizeof(*trace));
	trace->out = out;
	trace->fn = fn;
	trace->ctx = ctx;
	trace->data_bytes = EXTMEM_SIM_TRACE_DATA_BYTES;
}

/* A bounded appender: keeps writing into buf, never past its end. */
struct line {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct line *l, const char *fmt, ...)
{
	if (l->len + 1 >= l->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(l->buf + l->len, l->size - l->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	l->len += (size_t)n;
	if (l->len >= l->size)
		l->len = l->size - 1;
}

static void put_phase(struct line *l, struct extmem_xspi_phase bus)
{
	if (bus.lines == 0)
		put(l, "0");
	else
		put(l, "%u%c", bus.lines, bus.dtr ? 'D' : 'S');
}

void extmem_sim_trace_protocol(const struct extmem_xspi_op *op, char *buf, size_t size)
{
	struct line l = {buf, size, 0};
	if (size == 0)
		return;
	buf[0] = '\0';
	put_phase(&l, op->cmd.bus);
	put(&l, "-");
	put_phase(&l, op->addr.bus);
	if (op->alt.nbytes != 0) {
		put(&l, "-");
		put_phase(&l, op->alt.bus);
	}
	put(&l, "-");
	put_phase(&l, op->data.dir == EXTMEM_XSPI_DATA_NONE ? (struct extmem_xspi_phase){0, false} : op->data.bus);
}

static const char *dir_name(enum extmem_xspi_dir dir)
{
	switch (dir) {
	case EXTMEM_XSPI_DATA_IN: return "rd";
	case EXTMEM_XSPI_DATA_OUT: return "wr";
	default: return "--";
	}
}

size_t extmem_sim_trace_format(char *buf, size_t size, const struct extmem_sim_device *dev,
			       const struct extmem_xspi_op *op, uint32_t bus_hz, uint64_t start_ps, int result,
			       uint32_t new_violations, uint32_t data_bytes)
{
	struct line l = {buf, size, 0};
	if (size == 0)
		return 0;
	buf[0] = '\0';
	put(&l, "t=%llu.%06lluus %s", (unsigned long long)(start_ps / 1000000u),
	    (unsigned long long)(start_ps % 1000000u), dev->name != NULL ? dev->name : "?");
	if (op != NULL) {
		char proto[32];
		extmem_sim_trace_protocol(op, proto, sizeof(proto));
		put(&l, " %s op=%0*X", proto, op->cmd.nbytes == 2 ? 4 : 2, op->cmd.opcode);
		if (op->addr.nbytes != 0)
			put(&l, " addr=0x%0*lX", 2 * op->addr.nbytes, (unsigned long)op->addr.value);
		else
			put(&l, " addr=-");
		if (op->alt.nbytes != 0)
			put(&l, " alt=0x%0*lX", 2 * op->alt.nbytes, (unsigned long)op->alt.value);
		put(&l, " dummy=%u %s len=%lu data=", op->dummy_cycles, dir_name(op->data.dir),
		    (unsigned long)op->data.len);
		const uint8_t *bytes = op->data.dir == EXTMEM_XSPI_DATA_IN    ? op->data.buf.in
				       : op->data.dir == EXTMEM_XSPI_DATA_OUT ? op->data.buf.out
									      : NULL;
		if (bytes == NULL || op->data.len == 0 || data_bytes == 0) {
			put(&l, "-");
		} else {
			uint32_t n = op->data.len < data_bytes ? op->data.len : data_bytes;
			for (uint32_t i = 0; i < n; i++)
				put(&l, "%02x", bytes[i]);
			if (n < op->data.len)
				put(&l, "..");
		}
		if (bus_hz != 0) {
			uint64_t fs = (uint64_t)(((unsigned __int128)extmem_xspi_op_cycles(op) * 1000000000000000ull) /
						 bus_hz);
			/* fs -> ns with 3 decimals (ps resolution). */
			uint64_t ps = fs / 1000u;
			put(&l, " dur=%llu.%03lluns", (unsigned long long)(ps / 1000u),
			    (unsigned long long)(ps % 1000u));
		} else {
			put(&l, " dur=-");
		}
	} else {
		put(&l, " (null op)");
	}
	if (result != EXTMEM_OK)
		put(&l, " ERR %s", extmem_status_name(result));
	else if (new_violations != 0)
		put(&l, " VIOLATION(%u): %s", new_violations, dev->last_violation);
	else
		put(&l, " ok");
	return l.len;
}

void extmem_sim_trace_op(struct extmem_sim_trace *trace, const struct extmem_sim_device *dev,
			 const struct extmem_xspi_op *op, uint32_t bus_hz, uint64_t start_ps, int result,
			 uint32_t new_violations)
{
	trace->ops++;
	if (trace->out != NULL || trace->fn != NULL) {
		char line[EXTMEM_SIM_TRACE_LINE_MAX];
		extmem_sim_trace_format(line, sizeof(line), dev, op, bus_hz, start_ps, result, new_violations,
					trace->data_bytes);
		if (trace->out != NULL) {
			fputs(line, trace->out);
			fputc('\n', trace->out);
		}
		if (trace->fn != NULL)
			trace->fn(trace->ctx, line);
	}
	/* Only ops that really went on the wire are drawn. */
	if (trace->vcd != NULL && op != NULL && result == EXTMEM_OK && bus_hz != 0)
		extmem_sim_vcd_op(trace->vcd, op, bus_hz, start_ps);
}
