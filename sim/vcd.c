/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "extmem_sim/vcd.h"

static const char *const signal_names[EXTMEM_SIM_VCD_SIGNALS] = {
	"CS#", "CLK", "DQS", "IO0",  "IO1",  "IO2",  "IO3",  "IO4",  "IO5",  "IO6",
	"IO7", "IO8", "IO9", "IO10", "IO11", "IO12", "IO13", "IO14", "IO15",
};

/* One-letter identifiers; letters avoid any clash with "$" keywords. */
static char signal_id(unsigned sig)
{
	return (char)('a' + sig);
}

static unsigned signal_count(const struct extmem_sim_vcd *vcd)
{
	return EXTMEM_SIM_VCD_SIG_IO0 + vcd->io_lines;
}

int extmem_sim_vcd_open(struct extmem_sim_vcd *vcd, FILE *out, uint8_t io_lines, uint32_t timescale_ps)
{
	static const uint32_t scales[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	static const char *const scale_names[] = {"1ps", "10ps", "100ps", "1ns", "10ns", "100ns", "1us"};
	int scale = -1;
	for (unsigned i = 0; i < sizeof(scales) / sizeof(scales[0]); i++)
		if (scales[i] == timescale_ps)
			scale = (int)i;
	if (vcd == NULL || out == NULL || (io_lines != 8 && io_lines != 16) || scale < 0)
		return EXTMEM_ERR_INVALID;
	memset(vcd, 0, sizeof(*vcd));
	vcd->out = out;
	vcd->io_lines = io_lines;
	vcd->timescale_ps = timescale_ps;
	fprintf(out, "$version extmem_sim xspi bus $end\n");
	fprintf(out, "$timescale %s $end\n", scale_names[scale]);
	fprintf(out, "$scope module xspi $end\n");
	for (unsigned s = 0; s < signal_count(vcd); s++)
		fprintf(out, "$var wire 1 %c %s $end\n", signal_id(s), signal_names[s]);
	fprintf(out, "$upscope $end\n$enddefinitions $end\n");
	/* Idle bus: CS# high, CLK low (mode 0), DQS low, IO pulled up. */
	fprintf(out, "#0\n$dumpvars\n");
	vcd->value[EXTMEM_SIM_VCD_SIG_CS] = 1;
	vcd->value[EXTMEM_SIM_VCD_SIG_CLK] = 0;
	vcd->value[EXTMEM_SIM_VCD_SIG_DQS] = 0;
	for (unsigned i = 0; i < io_lines; i++)
		vcd->value[EXTMEM_SIM_VCD_SIG_IO0 + i] = 1;
	for (unsigned s = 0; s < signal_count(vcd); s++)
		fprintf(out, "%u%c\n", vcd->value[s], signal_id(s));
	fprintf(out, "$end\n");
	vcd->time_written = true;
	vcd->last_t = 0;
	return EXTMEM_OK;
}

/* Drawing state for one op. */
struct pen {
	struct extmem_sim_vcd *vcd;
	uint64_t start_ps;
	uint32_t hz;
	enum extmem_sim_vcd_phase phase;
};

/* Time of quarter period q of the op, in file units. */
static uint64_t quarter_time(const struct pen *p, uint64_t q)
{
	unsigned __int128 ps = (unsigned __int128)q * 1000000000000ull / ((unsigned __int128)4u * p->hz);
	return (p->start_ps + (uint64_t)ps) / p->vcd->timescale_ps;
}

static void set_signal(struct pen *p, uint64_t q, unsigned sig, unsigned v)
{
	struct extmem_sim_vcd *vcd = p->vcd;
	if (sig >= signal_count(vcd) || vcd->value[sig] == v)
		return;
	uint64_t t = quarter_time(p, q);
	/* Time never goes back in a VCD: an overlapping op is drawn late. */
	if (t < vcd->last_t)
		t = vcd->last_t;
	if (!vcd->time_written || t != vcd->last_t) {
		fprintf(vcd->out, "#%llu\n", (unsigned long long)t);
		vcd->last_t = t;
		vcd->time_written = true;
	}
	fprintf(vcd->out, "%u%c\n", v, signal_id(sig));
	vcd->value[sig] = (uint8_t)v;
	vcd->changes[p->phase]++;
}

/* A phase's byte stream and how it sits on the lines. */
struct stream {
	const uint8_t *bytes;
	uint64_t nbytes;
	struct extmem_xspi_phase bus;
	bool from_device; /* 1-line reads come back on IO1 */
};

static uint64_t stream_beats(const struct stream *s)
{
	return (s->nbytes * 8u + s->bus.lines - 1u) / s->bus.lines;
}

static uint64_t stream_cycles(const struct stream *s)
{
	if (s->bus.lines == 0 || s->nbytes == 0)
		return 0;
	uint64_t beats = stream_beats(s);
	return s->bus.dtr ? (beats + 1u) / 2u : beats;
}

/* Puts beat b of the stream on the IO lines at quarter q. */
static void put_beat(struct pen *p, uint64_t q, const struct stream *s, uint64_t b)
{
	unsigned lines = s->bus.lines;
	if (lines == 16) {
		for (unsigned half = 0; half < 2; half++) {
			uint64_t i = 2 * b + half;
			uint8_t byte = i < s->nbytes ? s->bytes[i] : 0xFF;
			for (unsigned bit = 0; bit < 8; bit++)
				set_signal(p, q, EXTMEM_SIM_VCD_SIG_IO0 + 8 * half + bit, (byte >> bit) & 1u);
		}
		return;
	}
	for (unsigned line = 0; line < lines; line++) {
		/* Bit position in the MSB-first stream carried by this line. */
		uint64_t pos = b * lines + (lines - 1u - line);
		uint64_t i = pos / 8u;
		unsigned v = i < s->nbytes ? (s->bytes[i] >> (7u - pos % 8u)) & 1u : 1u;
		unsigned io = (lines == 1 && s->from_device) ? 1u : line;
		set_signal(p, q, EXTMEM_SIM_VCD_SIG_IO0 + io, v);
	}
}

/* Clock edges of cycle c (quarters 4c+2 and 4c+4). */
static void clock_cycle(struct pen *p, uint64_t c)
{
	set_signal(p, 4 * c + 2, EXTMEM_SIM_VCD_SIG_CLK, 1);
	set_signal(p, 4 * c + 4, EXTMEM_SIM_VCD_SIG_CLK, 0);
}

/* Draws a stream from cycle *c on; strobe: DQS follows DTR beats. */
static void draw_stream(struct pen *p, uint64_t *c, const struct stream *s, bool strobe)
{
	uint64_t cycles = stream_cycles(s);
	if (cycles == 0)
		return;
	uint64_t beats = stream_beats(s);
	for (uint64_t k = 0; k < cycles; k++) {
		uint64_t cyc = *c + k;
		if (!s->bus.dtr) {
			put_beat(p, 4 * cyc, s, k);
			clock_cycle(p, cyc);
			continue;
		}
		put_beat(p, 4 * cyc + 1, s, 2 * k);
		if (strobe)
			set_signal(p, 4 * cyc + 1, EXTMEM_SIM_VCD_SIG_DQS, 1);
		set_signal(p, 4 * cyc + 2, EXTMEM_SIM_VCD_SIG_CLK, 1);
		if (2 * k + 1 < beats)
			put_beat(p, 4 * cyc + 3, s, 2 * k + 1);
		if (strobe)
			set_signal(p, 4 * cyc + 3, EXTMEM_SIM_VCD_SIG_DQS, 0);
		set_signal(p, 4 * cyc + 4, EXTMEM_SIM_VCD_SIG_CLK, 0);
	}
	*c += cycles;
}

static void value_bytes(uint8_t *out, uint32_t value, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		out[i] = (uint8_t)(value >> (8u * (n - 1u - i)));
}

void extmem_sim_vcd_op(struct extmem_sim_vcd *vcd, const struct extmem_xspi_op *op, uint32_t bus_hz, uint64_t start_ps)
{
	if (vcd == NULL || vcd->out == NULL || op == NULL || bus_hz == 0)
		return;
	struct pen p = {vcd, start_ps, bus_hz, EXTMEM_SIM_VCD_CS};
	uint64_t c = 0;
	uint8_t bytes[4];

	set_signal(&p, 0, EXTMEM_SIM_VCD_SIG_CS, 0);

	p.phase = EXTMEM_SIM_VCD_CMD;
	value_bytes(bytes, op->cmd.opcode, op->cmd.nbytes);
	struct stream cmd = {bytes, op->cmd.nbytes, op->cmd.bus, false};
	draw_stream(&p, &c, &cmd, false);

	p.phase = EXTMEM_SIM_VCD_ADDR;
	value_bytes(bytes, op->addr.value, op->addr.nbytes);
	struct stream addr = {bytes, op->addr.nbytes, op->addr.bus, false};
	draw_stream(&p, &c, &addr, false);

	p.phase = EXTMEM_SIM_VCD_ALT;
	value_bytes(bytes, op->alt.value, op->alt.nbytes);
	struct stream alt = {bytes, op->alt.nbytes, op->alt.bus, false};
	draw_stream(&p, &c, &alt, false);

	bool reading = op->data.dir == EXTMEM_XSPI_DATA_IN;
	bool strobe = reading && op->dqs && op->data.bus.dtr;
	p.phase = EXTMEM_SIM_VCD_DUMMY;
	for (uint32_t k = 0; k < op->dummy_cycles; k++) {
		if (k == 0) {
			/* Turnaround: the host releases the lines. */
			for (unsigned i = 0; i < vcd->io_lines; i++)
				set_signal(&p, 4 * c, EXTMEM_SIM_VCD_SIG_IO0 + i, 1);
		}
		clock_cycle(&p, c + k);
	}
	c += op->dummy_cycles;

	p.phase = EXTMEM_SIM_VCD_DATA;
	if (op->data.dir != EXTMEM_XSPI_DATA_NONE && op->data.len != 0) {
		struct stream data = {reading ? op->data.buf.in : op->data.buf.out, op->data.len, op->data.bus,
				      reading};
		draw_stream(&p, &c, &data, strobe);
	}

	/* CS# rises when the last cycle ends; the lines return to idle. */
	p.phase = EXTMEM_SIM_VCD_CS;
	set_signal(&p, 4 * c, EXTMEM_SIM_VCD_SIG_CS, 1);
	set_signal(&p, 4 * c, EXTMEM_SIM_VCD_SIG_DQS, 0);
	for (unsigned i = 0; i < vcd->io_lines; i++)
		set_signal(&p, 4 * c, EXTMEM_SIM_VCD_SIG_IO0 + i, 1);
	vcd->ops++;
	vcd->end_ps = start_ps + (uint64_t)((unsigned __int128)c * 1000000000000ull / bus_hz);
}

int extmem_sim_vcd_close(struct extmem_sim_vcd *vcd, uint64_t end_ps)
{
	if (vcd == NULL || vcd->out == NULL)
		return EXTMEM_ERR_INVALID;
	uint64_t t = (end_ps > vcd->end_ps ? end_ps : vcd->end_ps) / vcd->timescale_ps;
	if (t <= vcd->last_t)
		t = vcd->last_t + 1;
	fprintf(vcd->out, "#%llu\n", (unsigned long long)t);
	vcd->last_t = t;
	int err = fflush(vcd->out) == 0 ? EXTMEM_OK : EXTMEM_ERR_DEVICE;
	vcd->out = NULL;
	return err;
}
