/* SPDX-License-Identifier: MIT */
/* The tool's windowed bus trace (bus_tap.h). */
#include "bus_tap.h"

#include <errno.h>
#include <string.h>

#include "extmem_sim/trace.h"

#define TAP_VCD_TIMESCALE 100u /* ps: a 200 MHz quarter period (1.25 ns) lands within 50 ps */

static const char *text_opt(const struct extmem_tool_tap *t)
{
	return t->text_opt != NULL ? t->text_opt : "trace";
}

static const char *vcd_opt(const struct extmem_tool_tap *t)
{
	return t->vcd_opt != NULL ? t->vcd_opt : "vcd";
}

static int tap_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	struct extmem_tool_tap *t = (struct extmem_tool_tap *)dev;
	/* extmem_sim_bus_transfer already advanced the shared clock by the op's wire time */
	uint64_t start = dev->clock->now_ps - extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(op), bus_hz);
	uint32_t before = t->inner->violations;
	int err = t->inner->ops->transfer(t->inner, op, bus_hz);
	t->base.violations = t->inner->violations;
	t->ops++;
	if (start < t->from_ps || start >= t->to_ps)
		return err;
	t->traced++;
	if (t->text != NULL) {
		char line[EXTMEM_SIM_TRACE_LINE_MAX];
		extmem_sim_trace_format(line, sizeof(line), t->inner, op, bus_hz, start, err,
					t->inner->violations - before, EXTMEM_SIM_TRACE_DATA_BYTES);
		fprintf(t->text, "%s\n", line);
	}
	/*
	 * The emulator reads a mapped window's chunks off the clock (the CPU is charged per line);
	 * such an op overlaps the next ones, so it is drawn after the previous op ends.
	 */
	if (t->vcd_file != NULL && err == EXTMEM_OK)
		extmem_sim_vcd_op(&t->vcd, op, bus_hz, start > t->vcd.end_ps ? start : t->vcd.end_ps);
	return err;
}

static uint64_t tap_ready_at(struct extmem_sim_device *dev)
{
	struct extmem_tool_tap *t = (struct extmem_tool_tap *)dev;
	return t->inner->ops->ready_at_ps != NULL ? t->inner->ops->ready_at_ps(t->inner) : 0;
}

static const struct extmem_sim_device_ops tap_ops = {.transfer = tap_transfer, .ready_at_ps = tap_ready_at};

void extmem_tool_tap_init(struct extmem_tool_tap *t, struct extmem_sim_device *inner)
{
	memset(t, 0, sizeof(*t));
	t->base.ops = &tap_ops;
	t->base.clock = inner->clock;
	t->base.name = inner->name;
	t->inner = inner;
	t->to_ps = UINT64_MAX;
}

int extmem_tool_tap_open(struct extmem_tool_tap *t, const char *who, const char *text_path, const char *vcd_path,
			 uint8_t io_lines)
{
	if (text_path != NULL) {
		t->text = strcmp(text_path, "-") == 0 ? stdout : fopen(text_path, "w");
		if (t->text == NULL) {
			fprintf(stderr, "%s: --%s: cannot write %s: %s\n", who, text_opt(t), text_path,
				strerror(errno));
			return -1;
		}
	}
	if (vcd_path != NULL) {
		t->vcd_file = fopen(vcd_path, "w");
		if (t->vcd_file == NULL) {
			fprintf(stderr, "%s: --%s: cannot write %s: %s\n", who, vcd_opt(t), vcd_path, strerror(errno));
			return -1;
		}
		if (extmem_sim_vcd_open(&t->vcd, t->vcd_file, io_lines, TAP_VCD_TIMESCALE) != EXTMEM_OK) {
			fprintf(stderr, "%s: --%s: cannot start the VCD %s\n", who, vcd_opt(t), vcd_path);
			return -1;
		}
	}
	return 0;
}

int extmem_tool_tap_close(struct extmem_tool_tap *t, const char *who, const char *text_path, const char *vcd_path)
{
	int err = 0;
	if (t->vcd_file != NULL) {
		if (extmem_sim_vcd_close(&t->vcd, t->base.clock->now_ps) != EXTMEM_OK || ferror(t->vcd_file))
			err = -1;
		if (fclose(t->vcd_file) != 0)
			err = -1;
		t->vcd_file = NULL;
		if (err != 0)
			fprintf(stderr, "%s: --%s: %s could not be written completely\n", who, vcd_opt(t), vcd_path);
	}
	if (t->text != NULL) {
		int e = ferror(t->text) != 0;
		if (t->text == stdout)
			e |= fflush(stdout) != 0;
		else
			e |= fclose(t->text) != 0;
		t->text = NULL;
		if (e) {
			fprintf(stderr, "%s: --%s: %s could not be written completely\n", who, text_opt(t), text_path);
			err = -1;
		}
	}
	return err;
}
