/* SPDX-License-Identifier: MIT */
/* The end-of-run report of `extmem run` (run_report.h). JSON goes through cJSON. */
#ifndef EXTMEM_NO_EMU

#include "run_report.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "commands.h"
#include "extmem_emu/regs.h"

const char *run_report_stop_id(enum extmem_emu_stop_reason reason)
{
	switch (reason) {
	case EXTMEM_EMU_STOP_NONE: return "none";
	case EXTMEM_EMU_STOP_TIME_LIMIT: return "time_limit";
	case EXTMEM_EMU_STOP_INSN_LIMIT: return "instruction_limit";
	case EXTMEM_EMU_STOP_BREAKPOINT: return "breakpoint";
	case EXTMEM_EMU_STOP_RETURNED: return "returned";
	case EXTMEM_EMU_STOP_LED_EVENTS: return "led_events";
	case EXTMEM_EMU_STOP_BKPT: return "bkpt";
	case EXTMEM_EMU_STOP_UNMODELLED: return "unmodelled_access";
	case EXTMEM_EMU_STOP_INVALID: return "invalid_access";
	case EXTMEM_EMU_STOP_FAULT: return "fault";
	case EXTMEM_EMU_STOP_XIP_HAZARD: return "xip_hazard";
	case EXTMEM_EMU_STOP_UNSUPPORTED: return "unsupported";
	case EXTMEM_EMU_STOP_RESET: return "system_reset";
	case EXTMEM_EMU_STOP_SLEEP: return "sleep_forever";
	case EXTMEM_EMU_STOP_DEBUG: return "debugger";
	}
	return "unknown";
}

const char *run_report_exit_meaning(int status)
{
	switch (status) {
	case EXTMEM_EXIT_OK: return "success";
	case EXTMEM_EXIT_FAILED: return "the firmware failed";
	case EXTMEM_EXIT_USAGE: return "bad arguments or files";
	case EXTMEM_EXIT_LIMIT: return "limit reached: the run did not end by itself";
	case EXTMEM_EXIT_VIOLATION: return "hazard or protocol violation";
	case EXTMEM_EXIT_UNMODELLED: return "something the emulator does not model";
	default: return "the tool failed";
	}
}

static const char *const reg_names[16] = {"r0", "r1", "r2",  "r3",  "r4",  "r5", "r6", "r7",
					  "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc"};

static void print_registers(struct extmem_emu *emu, FILE *out)
{
	for (unsigned i = 0; i < 16; i += 4)
		fprintf(out, "emu: %-3s 0x%08X  %-3s 0x%08X  %-3s 0x%08X  %-3s 0x%08X\n", reg_names[i],
			extmem_emu_reg(emu, i), reg_names[i + 1], extmem_emu_reg(emu, i + 1), reg_names[i + 2],
			extmem_emu_reg(emu, i + 2), reg_names[i + 3], extmem_emu_reg(emu, i + 3));
	struct extmem_emu_sysregs sr;
	extmem_emu_get_sysregs(emu, &sr);
	fprintf(out, "emu: xPSR 0x%08X  MSP 0x%08X  PSP 0x%08X  PRIMASK %u  BASEPRI 0x%02X  CONTROL 0x%X\n", sr.xpsr,
		sr.msp, sr.psp, sr.primask & 1u, sr.basepri & 0xFFu, sr.control);
	/* the emulator stops at the faulting access, before the core would escalate: these are the SCB's values */
	fprintf(out, "emu: CFSR 0x%08X  HFSR 0x%08X  MMFAR 0x%08X  BFAR 0x%08X\n", sr.cfsr, sr.hfsr, sr.mmfar, sr.bfar);
}

void run_report_human(const struct run_report *r, FILE *out, bool quiet)
{
	const struct extmem_emu_stop *s = extmem_emu_last_stop(r->emu);
	if (quiet) {
		const struct extmem_emu_led_event *log = extmem_emu_led_log(r->emu);
		uint32_t n = extmem_emu_led_count(r->emu);
		for (uint32_t i = 0; i < n && i < EXTMEM_EMU_LED_LOG; i++)
			fprintf(out, "emu: %12.3f us  %s -> %u\n", (double)log[i].time_ps / 1e6,
				extmem_emu_board_led_name(r->emu, log[i].led), log[i].level);
		fprintf(out, "emu: stop: %s: %s (pc 0x%08X)\n", extmem_emu_stop_name(s->reason), s->message, s->pc);
	}
	if (r->exit_status != EXTMEM_EXIT_OK) {
		if (s->size != 0)
			fprintf(out, "emu: the access: %s of %u bytes at 0x%08X\n", s->write ? "write" : "read",
				(unsigned)s->size, s->addr);
		print_registers(r->emu, out);
	}
	fprintf(out, "emu: %u LED changes; NOR: %u ops, %u protocol violations%s%s\n", extmem_emu_led_count(r->emu),
		(unsigned)r->nor->ops, (unsigned)r->nor->base.violations, r->nor->base.violations ? ", last: " : "",
		r->nor->base.violations ? r->nor->base.last_violation : "");
	if (r->psram->base.violations != 0)
		fprintf(out, "emu: PSRAM: %u protocol violations, last: %s\n", (unsigned)r->psram->base.violations,
			r->psram->base.last_violation);
	const char *xv = extmem_emu_last_xspi_violation(r->emu);
	if (xv != NULL && xv[0] != '\0')
		fprintf(out, "emu: last XSPI controller violation: %s\n", xv);
	extmem_emu_print_stats(r->emu, out);
	if (r->trace != NULL)
		fprintf(out, "extmem run: %llu XSPI operations traced to %s\n", (unsigned long long)r->traced,
			r->trace);
	fprintf(out, "extmem run: exit status %d (%s)\n", r->exit_status, run_report_exit_meaning(r->exit_status));
}

/* cJSON keeps numbers as doubles: exact up to 2^53 (2.5 hours in ps), which every field here stays under. */
static bool num(cJSON *o, const char *k, double v)
{
	return cJSON_AddNumberToObject(o, k, v) != NULL;
}

static bool str(cJSON *o, const char *k, const char *v)
{
	return v != NULL ? cJSON_AddStringToObject(o, k, v) != NULL : cJSON_AddNullToObject(o, k) != NULL;
}

static cJSON *add_obj(cJSON *parent, const char *k)
{
	cJSON *o = cJSON_CreateObject();
	if (o != NULL && !cJSON_AddItemToObject(parent, k, o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static bool json_stop(cJSON *root, const struct extmem_emu_stop *s)
{
	cJSON *o = add_obj(root, "stop");
	return o != NULL && str(o, "reason", run_report_stop_id(s->reason)) &&
	       str(o, "name", extmem_emu_stop_name(s->reason)) && str(o, "message", s->message) &&
	       num(o, "pc", s->pc) && num(o, "addr", s->addr) && num(o, "value", s->value) && num(o, "size", s->size) &&
	       cJSON_AddBoolToObject(o, "write", s->write) != NULL;
}

static bool json_registers(cJSON *root, struct extmem_emu *emu)
{
	cJSON *o = add_obj(root, "registers");
	bool ok = o != NULL;
	for (unsigned i = 0; ok && i < 16; i++)
		ok = num(o, reg_names[i], extmem_emu_reg(emu, i));
	struct extmem_emu_sysregs sr;
	extmem_emu_get_sysregs(emu, &sr);
	ok = ok && num(o, "xpsr", sr.xpsr) && num(o, "msp", sr.msp) && num(o, "psp", sr.psp) &&
	     num(o, "primask", sr.primask) && num(o, "basepri", sr.basepri) && num(o, "faultmask", sr.faultmask) &&
	     num(o, "control", sr.control);
	cJSON *f = ok ? add_obj(root, "fault_status") : NULL;
	return f != NULL && num(f, "cfsr", sr.cfsr) && num(f, "hfsr", sr.hfsr) && num(f, "mmfar", sr.mmfar) &&
	       num(f, "bfar", sr.bfar);
}

static bool json_leds(cJSON *root, struct extmem_emu *emu)
{
	uint32_t n = extmem_emu_led_count(emu);
	const struct extmem_emu_led_event *log = extmem_emu_led_log(emu);
	cJSON *arr = cJSON_AddArrayToObject(root, "leds");
	bool ok = arr != NULL && num(root, "led_changes", n) &&
		  cJSON_AddBoolToObject(root, "led_log_truncated", n > EXTMEM_EMU_LED_LOG) != NULL;
	static const char *const ids[EXTMEM_EMU_LEDS] = {"LD1", "LD2", "LD3", "LD4"};
	for (uint32_t i = 0; ok && i < n && i < EXTMEM_EMU_LED_LOG; i++) {
		cJSON *e = cJSON_CreateObject();
		ok = e != NULL && cJSON_AddItemToArray(arr, e);
		if (!ok) {
			cJSON_Delete(e);
			break;
		}
		ok = num(e, "time_ps", (double)log[i].time_ps) &&
		     str(e, "led", log[i].led < EXTMEM_EMU_LEDS ? ids[log[i].led] : "?") &&
		     str(e, "pin", extmem_emu_board_led_name(emu, log[i].led)) && num(e, "level", log[i].level);
	}
	return ok;
}

static bool json_bus(cJSON *root, const struct run_report *r, const struct extmem_emu_stats *st)
{
	cJSON *bus = add_obj(root, "bus");
	cJSON *nor = bus ? add_obj(bus, "nor") : NULL;
	cJSON *psram = nor ? add_obj(bus, "psram") : NULL;
	const char *xv = extmem_emu_last_xspi_violation(r->emu);
	return psram != NULL && num(bus, "xspi_ops", st->xspi_ops) &&
	       num(bus, "xspi_controller_violations", st->xspi_violations) &&
	       str(bus, "last_controller_violation", xv && xv[0] ? xv : NULL) &&
	       num(bus, "windows_mapped", st->map_snapshots) && num(bus, "window_chunks_read", st->map_chunks) &&
	       num(bus, "line_fills", st->line_fills) && str(nor, "part", r->nor->part->name) &&
	       num(nor, "ops", r->nor->ops) && num(nor, "violations", r->nor->base.violations) &&
	       str(nor, "last_violation", r->nor->base.violations ? r->nor->base.last_violation : NULL) &&
	       num(psram, "violations", r->psram->base.violations) &&
	       str(psram, "last_violation", r->psram->base.violations ? r->psram->base.last_violation : NULL);
}

int run_report_json(const struct run_report *r, FILE *out)
{
	cJSON *root = cJSON_CreateObject();
	struct extmem_emu_stats st;
	extmem_emu_get_stats(r->emu, &st);
	bool ok = root != NULL && str(root, "elf", r->elf) && str(root, "board", r->board) &&
		  str(root, "flash_file", r->flash) && num(root, "exit_status", r->exit_status) &&
		  str(root, "result", run_report_exit_meaning(r->exit_status)) &&
		  json_stop(root, extmem_emu_last_stop(r->emu)) && json_registers(root, r->emu) &&
		  json_leds(root, r->emu) && json_bus(root, r, &st) && num(root, "violations", r->violations) &&
		  num(root, "virtual_time_ps", (double)st.virtual_ps) && num(root, "instructions", (double)st.insns) &&
		  num(root, "exceptions", st.exceptions) && num(root, "cpu_hz", st.cpu_hz) &&
		  num(root, "wall_ns", (double)st.wall_ns) && str(root, "trace_file", r->trace) &&
		  num(root, "traced_ops", (double)r->traced);
	char *text = ok ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	if (text == NULL)
		return -1;
	fprintf(out, "%s\n", text);
	cJSON_free(text);
	return 0;
}

#endif
