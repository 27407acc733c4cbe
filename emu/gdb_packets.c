/* SPDX-License-Identifier: MIT */
/*
 * The GDB server's packets (gdb_server.h): registers in the order of
 * target_xml, memory, breakpoints (software and the FPB's 8 hardware
 * comparators), the target description, monitor commands, vCont/c/s and
 * the queries; each answered on the session's socket.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb_session.h"

/* The Cortex-M7 with FPv5-D16, in the register order of enum extmem_emu_dreg. */
static const char target_xml[] =
	"<?xml version=\"1.0\"?>\n"
	"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
	"<target version=\"1.0\">\n"
	"<architecture>arm</architecture>\n"
	"<feature name=\"org.gnu.gdb.arm.m-profile\">\n"
	"<reg name=\"r0\" bitsize=\"32\" regnum=\"0\"/>\n"
	"<reg name=\"r1\" bitsize=\"32\"/>\n<reg name=\"r2\" bitsize=\"32\"/>\n<reg name=\"r3\" bitsize=\"32\"/>\n"
	"<reg name=\"r4\" bitsize=\"32\"/>\n<reg name=\"r5\" bitsize=\"32\"/>\n<reg name=\"r6\" bitsize=\"32\"/>\n"
	"<reg name=\"r7\" bitsize=\"32\"/>\n<reg name=\"r8\" bitsize=\"32\"/>\n<reg name=\"r9\" bitsize=\"32\"/>\n"
	"<reg name=\"r10\" bitsize=\"32\"/>\n<reg name=\"r11\" bitsize=\"32\"/>\n<reg name=\"r12\" bitsize=\"32\"/>\n"
	"<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
	"<reg name=\"lr\" bitsize=\"32\"/>\n"
	"<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>\n"
	"<reg name=\"xpsr\" bitsize=\"32\" regnum=\"16\"/>\n"
	"</feature>\n"
	"<feature name=\"org.gnu.gdb.arm.vfp\">\n"
	"<reg name=\"d0\" bitsize=\"64\" type=\"ieee_double\" regnum=\"17\"/>\n"
	"<reg name=\"d1\" bitsize=\"64\" type=\"ieee_double\"/>\n<reg name=\"d2\" bitsize=\"64\" "
	"type=\"ieee_double\"/>\n"
	"<reg name=\"d3\" bitsize=\"64\" type=\"ieee_double\"/>\n<reg name=\"d4\" bitsize=\"64\" "
	"type=\"ieee_double\"/>\n"
	"<reg name=\"d5\" bitsize=\"64\" type=\"ieee_double\"/>\n<reg name=\"d6\" bitsize=\"64\" "
	"type=\"ieee_double\"/>\n"
	"<reg name=\"d7\" bitsize=\"64\" type=\"ieee_double\"/>\n<reg name=\"d8\" bitsize=\"64\" "
	"type=\"ieee_double\"/>\n"
	"<reg name=\"d9\" bitsize=\"64\" type=\"ieee_double\"/>\n<reg name=\"d10\" bitsize=\"64\" "
	"type=\"ieee_double\"/>\n"
	"<reg name=\"d11\" bitsize=\"64\" type=\"ieee_double\"/>\n<reg name=\"d12\" bitsize=\"64\" "
	"type=\"ieee_double\"/>\n"
	"<reg name=\"d13\" bitsize=\"64\" type=\"ieee_double\"/>\n<reg name=\"d14\" bitsize=\"64\" "
	"type=\"ieee_double\"/>\n"
	"<reg name=\"d15\" bitsize=\"64\" type=\"ieee_double\"/>\n"
	"<reg name=\"fpscr\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
	"</feature>\n"
	"<feature name=\"org.gnu.gdb.arm.m-system\">\n"
	"<reg name=\"msp\" bitsize=\"32\" type=\"data_ptr\" group=\"system\"/>\n"
	"<reg name=\"psp\" bitsize=\"32\" type=\"data_ptr\" group=\"system\"/>\n"
	"</feature>\n"
	"<feature name=\"org.extmem.cortex-m.masks\">\n"
	"<reg name=\"primask\" bitsize=\"32\" group=\"system\"/>\n"
	"<reg name=\"basepri\" bitsize=\"32\" group=\"system\"/>\n"
	"<reg name=\"faultmask\" bitsize=\"32\" group=\"system\"/>\n"
	"<reg name=\"control\" bitsize=\"32\" group=\"system\"/>\n"
	"</feature>\n"
	"</target>\n";

static void reply_regs(struct session *s)
{
	char buf[EXTMEM_EMU_DREG_COUNT * 16 + 1];
	size_t o = 0;
	for (unsigned n = 0; n < EXTMEM_EMU_DREG_COUNT; n++) {
		uint64_t v = 0;
		unsigned size = extmem_emu_dreg_size(n);
		uint8_t le[8];
		(void)extmem_emu_dreg_read(s->emu, n, &v);
		for (unsigned i = 0; i < size; i++)
			le[i] = (uint8_t)(v >> (8 * i));
		extmem_gdb_hex_encode(le, size, buf + o);
		o += 2 * (size_t)size;
	}
	emu_gdb_send_packet(s, buf);
}

static int decode_le(const char *hex, unsigned size, uint64_t *v)
{
	uint8_t le[8];
	if (extmem_gdb_hex_decode(hex, 2 * (size_t)size, le) != 0)
		return -1;
	*v = 0;
	for (unsigned i = 0; i < size; i++)
		*v |= (uint64_t)le[i] << (8 * i);
	return 0;
}

static void write_regs(struct session *s, const char *hex, size_t len)
{
	size_t o = 0;
	for (unsigned n = 0; n < EXTMEM_EMU_DREG_COUNT; n++)
		o += 2 * (size_t)extmem_emu_dreg_size(n);
	if (len != o) {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	uint64_t vals[EXTMEM_EMU_DREG_COUNT];
	o = 0;
	for (unsigned n = 0; n < EXTMEM_EMU_DREG_COUNT; n++) {
		if (decode_le(hex + o, extmem_emu_dreg_size(n), &vals[n]) != 0) {
			emu_gdb_send_packet(s, "E01");
			return;
		}
		o += 2 * (size_t)extmem_emu_dreg_size(n);
	}
	/* CONTROL cannot be written: a G that leaves it as it is, is fine */
	uint64_t control = 0;
	(void)extmem_emu_dreg_read(s->emu, EXTMEM_EMU_DREG_CONTROL, &control);
	for (unsigned n = 0; n < EXTMEM_EMU_DREG_COUNT; n++) {
		if (n == EXTMEM_EMU_DREG_CONTROL && vals[n] == control)
			continue;
		if (extmem_emu_dreg_write(s->emu, n, vals[n]) != 0) {
			emu_gdb_send_packet(s, "E01");
			return;
		}
	}
	emu_gdb_send_packet(s, "OK");
}

static void reg_one(struct session *s, const char *args, bool write)
{
	const char *p = args;
	uint64_t n;
	if (extmem_gdb_parse_hex(&p, 4, &n) != 0 || n >= EXTMEM_EMU_DREG_COUNT) {
		emu_gdb_send_packet(s, write ? "E01" : "E00");
		return;
	}
	unsigned size = extmem_emu_dreg_size((unsigned)n);
	if (!write) {
		if (*p != '\0') {
			emu_gdb_send_packet(s, "E01");
			return;
		}
		uint64_t v = 0;
		uint8_t le[8];
		char hex[17];
		(void)extmem_emu_dreg_read(s->emu, (unsigned)n, &v);
		for (unsigned i = 0; i < size; i++)
			le[i] = (uint8_t)(v >> (8 * i));
		extmem_gdb_hex_encode(le, size, hex);
		emu_gdb_send_packet(s, hex);
		return;
	}
	uint64_t v;
	if (*p++ != '=' || strlen(p) != 2u * (size_t)size || decode_le(p, size, &v) != 0 ||
	    extmem_emu_dreg_write(s->emu, (unsigned)n, v) != 0) {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	emu_gdb_send_packet(s, "OK");
}

#define MAX_MEM ((EXTMEM_GDB_PACKET_MAX - 8u) / 2u)

static void mem_read(struct session *s, const char *args)
{
	uint32_t addr, len;
	if (extmem_gdb_parse_addr_len(args, '\0', &addr, &len, NULL) != 0) {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	if (len > MAX_MEM)
		len = MAX_MEM; /* GDB asks again for the rest */
	uint8_t *buf = malloc(len ? len : 1u);
	char *hex = malloc(2u * len + 1u);
	if (buf == NULL || hex == NULL) {
		free(buf);
		free(hex);
		emu_gdb_send_packet(s, "E0c");
		return;
	}
	size_t n = len == 0 ? 0 : extmem_emu_debug_read(s->emu, addr, buf, len);
	if (n == 0 && len != 0) {
		emu_gdb_send_packet(s, "E0e"); /* EFAULT */
	} else {
		extmem_gdb_hex_encode(buf, n, hex);
		emu_gdb_send_packet(s, hex);
	}
	free(buf);
	free(hex);
}

static void mem_write(struct session *s, char *args, size_t pktlen, bool binary)
{
	uint32_t addr, len;
	const char *data;
	if (extmem_gdb_parse_addr_len(args, ':', &addr, &len, &data) != 0) {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	size_t avail = pktlen - (size_t)(data - args);
	uint8_t *buf = malloc(len ? len : 1u);
	if (buf == NULL) {
		emu_gdb_send_packet(s, "E0c");
		return;
	}
	bool ok;
	char *d = args + (data - args); /* the packet buffer is ours: unescape in place */
	if (binary) {
		long n = extmem_gdb_unescape((uint8_t *)d, avail);
		ok = n == (long)len;
		if (ok && len != 0)
			memcpy(buf, d, len);
	} else {
		ok = avail == 2u * (size_t)len && extmem_gdb_hex_decode(d, avail, buf) == 0;
	}
	if (!ok)
		emu_gdb_send_packet(s, "E01");
	else if (len != 0 && extmem_emu_debug_write(s->emu, addr, buf, len) != 0)
		emu_gdb_send_packet(s, "E0e");
	else
		emu_gdb_send_packet(s, "OK");
	free(buf);
}

static bool list_drop(uint32_t *list, unsigned *n, uint32_t addr)
{
	for (unsigned i = 0; i < *n; i++) {
		if (list[i] == addr) {
			list[i] = list[--*n];
			return true;
		}
	}
	return false;
}

static void breakpoint(struct session *s, const char *args, bool insert)
{
	unsigned type;
	uint32_t addr, kind;
	if (extmem_gdb_parse_z(args, &type, &addr, &kind) != 0) {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	if (type >= 2) {
		static const enum extmem_emu_watch_kind kinds[3] = {EXTMEM_EMU_WATCH_WRITE, EXTMEM_EMU_WATCH_READ,
								    EXTMEM_EMU_WATCH_ACCESS};
		int err = insert ? extmem_emu_watch_insert(s->emu, addr, kind, kinds[type - 2])
				 : extmem_emu_watch_remove(s->emu, addr, kind, kinds[type - 2]);
		emu_gdb_send_packet(s, err == 0 ? "OK" : "E01");
		return;
	}
	/* Thumb breakpoints only: kind 2 (16-bit), 3 (32-bit Thumb-2), 4 (a 32-bit ARM kind some clients send) */
	if (kind < 2 || kind > 4 || (addr & 1u) != 0) {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	uint32_t *list = type == 0 ? s->sw : s->hw;
	unsigned *n = type == 0 ? &s->nsw : &s->nhw;
	unsigned max = type == 0 ? EXTMEM_EMU_BREAKPOINTS : HW_BREAKPOINTS;
	if (insert) {
		if (emu_gdb_list_has(list, *n, addr)) {
			emu_gdb_send_packet(s, "OK");
			return;
		}
		if (*n == max || extmem_emu_break_insert(s->emu, addr) != 0) {
			emu_gdb_send_packet(s, "E1c"); /* ENOSPC */
			return;
		}
		list[(*n)++] = addr;
		emu_gdb_send_packet(s, "OK");
		return;
	}
	if (!list_drop(list, n, addr)) {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	if (!emu_gdb_list_has(s->sw, s->nsw, addr) && !emu_gdb_list_has(s->hw, s->nhw, addr))
		(void)extmem_emu_break_remove(s->emu, addr);
	emu_gdb_send_packet(s, "OK");
}

static void xfer_features(struct session *s, const char *args)
{
	static const char prefix[] = "target.xml:";
	if (strncmp(args, prefix, sizeof(prefix) - 1) != 0) {
		emu_gdb_send_packet(s, "E00");
		return;
	}
	uint32_t off, len;
	if (extmem_gdb_parse_addr_len(args + sizeof(prefix) - 1, '\0', &off, &len, NULL) != 0) {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	size_t total = sizeof(target_xml) - 1;
	if (off > total) {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	size_t n = total - off;
	if (n > len)
		n = len;
	if (n > MAX_MEM)
		n = MAX_MEM;
	char *buf = malloc(n + 1);
	if (buf == NULL) {
		emu_gdb_send_packet(s, "E0c");
		return;
	}
	buf[0] = off + n < total ? 'm' : 'l';
	memcpy(buf + 1, target_xml + off, n);
	emu_gdb_send_packet_bin(s, buf, n + 1, true);
	free(buf);
}

static void monitor_help(struct session *s, FILE *out)
{
	fprintf(out, "extmem monitor commands:\n"
		     "  help    this list\n"
		     "  stats   instructions, virtual and wall time, bus statistics, controller violations\n"
		     "  leds    the LED log\n"
		     "  uart    what the console UART has sent\n"
		     "  stop    the last stop and its reason\n"
		     "  reset   power-on reset (then `flushregs` or `stepi` so GDB reads the registers again)\n");
	if (s->cfg->monitor_help != NULL)
		fputs(s->cfg->monitor_help, out);
}

static void run_monitor(struct session *s, const char *cmd, FILE *out)
{
	struct extmem_emu *emu = s->emu;
	if (strcmp(cmd, "help") == 0 || cmd[0] == '\0') {
		monitor_help(s, out);
	} else if (strcmp(cmd, "stats") == 0) {
		extmem_emu_print_stats(emu, out);
		const char *v = extmem_emu_last_xspi_violation(emu);
		if (v[0] != '\0')
			fprintf(out, "emu: last XSPI controller violation: %s\n", v);
	} else if (strcmp(cmd, "leds") == 0) {
		uint32_t n = extmem_emu_led_count(emu);
		const struct extmem_emu_led_event *log = extmem_emu_led_log(emu);
		fprintf(out, "%u LED changes\n", n);
		for (uint32_t i = 0; i < n && i < EXTMEM_EMU_LED_LOG; i++)
			fprintf(out, "  %12.3f us  %s = %u\n", (double)log[i].time_ps / 1e6,
				extmem_emu_board_led_name(emu, log[i].led), log[i].level);
	} else if (strcmp(cmd, "uart") == 0) {
		size_t n = 0;
		const uint8_t *b = extmem_emu_uart_output(emu, &n);
		fprintf(out, "%zu bytes from the console UART:\n", n);
		fwrite(b, 1, n, out);
		if (n != 0 && b[n - 1] != '\n')
			fputc('\n', out);
	} else if (strcmp(cmd, "stop") == 0) {
		const struct extmem_emu_stop *st = extmem_emu_last_stop(emu);
		fprintf(out, "%s: %s (pc 0x%08X)\n", extmem_emu_stop_name(st->reason), st->message, st->pc);
	} else if (strcmp(cmd, "reset") == 0 || strcmp(cmd, "reset halt") == 0 || strcmp(cmd, "reset init") == 0) {
		extmem_emu_reset(emu);
		s->halted_for_good = false;
		fprintf(out, "reset: pc 0x%08X sp 0x%08X\n", extmem_emu_reg(emu, 15), extmem_emu_reg(emu, 13));
	} else if (s->cfg->monitor == NULL || s->cfg->monitor(s->cfg->monitor_ctx, cmd, out) == 0) {
		fprintf(out, "unknown monitor command '%s' (monitor help lists them)\n", cmd);
	}
}

static void monitor(struct session *s, const char *hex)
{
	size_t n = strlen(hex);
	char *cmd = malloc(n / 2 + 1);
	if (cmd == NULL || extmem_gdb_hex_decode(hex, n, (uint8_t *)cmd) != 0) {
		free(cmd);
		emu_gdb_send_packet(s, "E01");
		return;
	}
	cmd[n / 2] = '\0';
	if (memchr(cmd, '\0', n / 2) != NULL) {
		free(cmd);
		emu_gdb_send_packet(s, "E01");
		return;
	}
	char *text = NULL;
	size_t tlen = 0;
	FILE *out = open_memstream(&text, &tlen);
	if (out == NULL) {
		free(cmd);
		emu_gdb_send_packet(s, "E0c");
		return;
	}
	run_monitor(s, cmd, out);
	fclose(out);
	/* the answer in console packets of at most 1 KiB of text each */
	for (size_t o = 0; o < tlen; o += 1024) {
		char part[1025];
		size_t k = tlen - o < 1024 ? tlen - o : 1024;
		memcpy(part, text + o, k);
		part[k] = '\0';
		emu_gdb_send_console(s, part);
	}
	free(text);
	free(cmd);
	emu_gdb_send_packet(s, "OK");
}

/* "vCont;s:1;c" and the like: the first action for our one thread decides. */
static void vcont(struct session *s, const char *args)
{
	if (strcmp(args, "?") == 0) {
		emu_gdb_send_packet(s, "vCont;c;C;s;S");
		return;
	}
	if (args[0] != ';') {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	char a = args[1];
	if (a != 'c' && a != 'C' && a != 's' && a != 'S') {
		emu_gdb_send_packet(s, "E01"); /* t, r (range stepping) not offered */
		return;
	}
	emu_gdb_resume(s, a == 's' || a == 'S');
}

/* c [ADDR], s [ADDR], C SIG[;ADDR], S SIG[;ADDR]: the signal is dropped (a core has none to deliver). */
static void cont(struct session *s, char cmd, const char *args)
{
	const char *p = args;
	if (cmd == 'C' || cmd == 'S') {
		uint64_t sig;
		if (extmem_gdb_parse_hex(&p, 2, &sig) != 0) {
			emu_gdb_send_packet(s, "E01");
			return;
		}
		if (*p == ';')
			p++;
		else if (*p != '\0') {
			emu_gdb_send_packet(s, "E01");
			return;
		}
	}
	if (*p != '\0') {
		uint64_t addr;
		if (extmem_gdb_parse_hex(&p, 8, &addr) != 0 || *p != '\0' ||
		    extmem_emu_dreg_write(s->emu, 15, addr) != 0) {
			emu_gdb_send_packet(s, "E01");
			return;
		}
	}
	emu_gdb_resume(s, cmd == 's' || cmd == 'S');
}

static void query(struct session *s, const char *pkt)
{
	if (strncmp(pkt, "qSupported", 10) == 0) {
		s->swbreak = strstr(pkt, "swbreak+") != NULL;
		char reply[160];
		snprintf(reply, sizeof(reply), "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;vContSupported+%s",
			 EXTMEM_GDB_PACKET_MAX, s->swbreak ? ";swbreak+;hwbreak+" : "");
		emu_gdb_send_packet(s, reply);
	} else if (strncmp(pkt, "qXfer:features:read:", 20) == 0) {
		xfer_features(s, pkt + 20);
	} else if (strncmp(pkt, "qRcmd,", 6) == 0) {
		monitor(s, pkt + 6);
	} else if (strcmp(pkt, "qAttached") == 0) {
		emu_gdb_send_packet(s, "1");
	} else if (strcmp(pkt, "qC") == 0) {
		emu_gdb_send_packet(s, "QC1");
	} else if (strcmp(pkt, "qfThreadInfo") == 0) {
		emu_gdb_send_packet(s, "m1");
	} else if (strcmp(pkt, "qsThreadInfo") == 0) {
		emu_gdb_send_packet(s, "l");
	} else if (strncmp(pkt, "qSymbol", 7) == 0) {
		emu_gdb_send_packet(s, "OK");
	} else {
		emu_gdb_send_packet(s, ""); /* not supported */
	}
}

void emu_gdb_handle(struct session *s, char *pkt, size_t len)
{
	char c = pkt[0];
	char *args = pkt + 1;
	/* only X carries binary data; a NUL elsewhere is a malformed packet */
	if (c != 'X' && memchr(pkt, '\0', len) != NULL) {
		emu_gdb_send_packet(s, "E01");
		return;
	}
	switch (c) {
	case '?': emu_gdb_stop_reply(s, false); break;
	case 'g':
		if (len == 1)
			reply_regs(s);
		else
			emu_gdb_send_packet(s, "E01");
		break;
	case 'G': write_regs(s, args, len - 1); break;
	case 'p': reg_one(s, args, false); break;
	case 'P': reg_one(s, args, true); break;
	case 'm': mem_read(s, args); break;
	case 'M': mem_write(s, args, len - 1, false); break;
	case 'X': mem_write(s, args, len - 1, true); break;
	case 'c':
	case 's':
	case 'C':
	case 'S': cont(s, c, args); break;
	case 'Z': breakpoint(s, args, true); break;
	case 'z': breakpoint(s, args, false); break;
	case 'H':
	case 'T': emu_gdb_send_packet(s, "OK"); break;
	case 'D':
		emu_gdb_send_packet(s, "OK");
		s->done = true;
		break;
	case 'k': s->done = true; break;
	case 'q': query(s, pkt); break;
	case 'Q':
		if (strcmp(pkt, "QStartNoAckMode") == 0) {
			emu_gdb_send_packet(s, "OK");
			s->noack = true;
		} else {
			emu_gdb_send_packet(s, "");
		}
		break;
	case 'v':
		if (strncmp(pkt, "vCont", 5) == 0) {
			vcont(s, pkt + 5);
		} else if (strcmp(pkt, "vKill;1") == 0 || strncmp(pkt, "vKill", 5) == 0) {
			emu_gdb_send_packet(s, "OK");
			s->done = true;
		} else {
			emu_gdb_send_packet(s, "");
		}
		break;
	default: emu_gdb_send_packet(s, ""); break;
	}
}
