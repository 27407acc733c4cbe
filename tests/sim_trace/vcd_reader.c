/* SPDX-License-Identifier: MIT */
#include "vcd_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vcd_reader_signal(const struct vcd_reader *r, const char *name)
{
	for (unsigned i = 0; i < r->nsignals; i++)
		if (strcmp(r->names[i], name) == 0)
			return (int)i;
	return -1;
}

static int id_index(const struct vcd_reader *r, char id)
{
	for (unsigned i = 0; i < r->nsignals; i++)
		if (r->ids[i] == id)
			return (int)i;
	return -1;
}

int vcd_reader_parse(struct vcd_reader *r, const char *text)
{
	memset(r, 0, sizeof(*r));
	r->time_monotonic = true;
	uint8_t value[VCD_READER_SIGNALS] = {0};
	int clk = -1, cs = -1, dqs = -1, io0 = -1;
	bool in_dumpvars = false;
	const char *p = text;
	char line[256];
	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		if (n >= sizeof(line))
			return -1;
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (p[n] == '\n');
		if (!r->header_ok) {
			char id, name[16];
			unsigned width;
			if (sscanf(line, "$timescale %15s $end", r->timescale) == 1)
				continue;
			if (sscanf(line, "$var wire %u %c %15s $end", &width, &id, name) == 3) {
				if (width != 1 || r->nsignals >= VCD_READER_SIGNALS)
					return -1;
				r->ids[r->nsignals] = id;
				snprintf(r->names[r->nsignals], sizeof(r->names[0]), "%s", name);
				r->nsignals++;
				continue;
			}
			if (strncmp(line, "$enddefinitions", 15) == 0) {
				r->header_ok = true;
				clk = vcd_reader_signal(r, "CLK");
				cs = vcd_reader_signal(r, "CS#");
				dqs = vcd_reader_signal(r, "DQS");
				io0 = vcd_reader_signal(r, "IO0");
				if (clk < 0 || cs < 0 || dqs < 0 || io0 < 0)
					return -1;
			}
			continue;
		}
		if (strcmp(line, "$dumpvars") == 0) {
			in_dumpvars = true;
			continue;
		}
		if (strcmp(line, "$end") == 0) {
			in_dumpvars = false;
			continue;
		}
		if (line[0] == '#') {
			uint64_t t = strtoull(line + 1, NULL, 10);
			if (t < r->last_t)
				r->time_monotonic = false;
			r->last_t = t;
			continue;
		}
		if ((line[0] == '0' || line[0] == '1') && line[1] != '\0' && line[2] == '\0') {
			int s = id_index(r, line[1]);
			if (s < 0)
				return -1;
			uint8_t v = (uint8_t)(line[0] - '0');
			if (!in_dumpvars && value[s] != v)
				r->changes[s]++;
			if (!in_dumpvars && s == clk && value[s] != v && value[cs] == 0 &&
			    r->nedges < VCD_READER_EDGES) {
				struct vcd_edge *e = &r->edges[r->nedges++];
				e->t = r->last_t;
				e->rising = v == 1;
				e->cs = value[cs];
				e->dqs = value[dqs];
				e->io = 0;
				for (unsigned i = 0; (int)(io0 + i) < (int)r->nsignals && i < 16; i++)
					e->io |= (uint32_t)value[io0 + i] << i;
			}
			value[s] = v;
			continue;
		}
		if (line[0] != '\0')
			return -1;
	}
	return r->header_ok ? 0 : -1;
}
