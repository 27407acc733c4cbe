/* SPDX-License-Identifier: MIT */
/*
 * The GDB server (gdb_server.h): the socket, the packets GDB sends and the
 * run control. One client, one thread: while the target runs, the machine
 * asks limits.poll between slices and the poll looks at the socket for the
 * interrupt byte (0x03) or a closed connection.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "extmem_emu/debug.h"
#include "extmem_emu/gdb_rsp.h"
#include "extmem_emu/gdb_server.h"

/* GDB's signal numbers (include/gdb/signals.def). */
#define SIG_INT  2
#define SIG_ILL  4
#define SIG_TRAP 5
#define SIG_BUS  10
#define SIG_SEGV 11
#define SIG_XCPU 24

#define HW_BREAKPOINTS 8 /* the Cortex-M7 FPB: 8 instruction comparators */

struct extmem_gdb_server {
	int listen_fd;
	uint16_t port;
};

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

struct session {
	int fd;
	struct extmem_emu *emu;
	const struct extmem_gdb_config *cfg;
	struct extmem_gdb_rx rx;
	bool noack;
	bool swbreak; /* the client takes swbreak/hwbreak stop reasons */
	bool closed;  /* the client went away */
	bool done;    /* detach or kill */
	bool halted_for_good;
	bool interrupt;
	uint32_t sw[EXTMEM_EMU_BREAKPOINTS];
	unsigned nsw;
	uint32_t hw[HW_BREAKPOINTS];
	unsigned nhw;
	char *out; /* framing buffer */
	size_t out_cap;
	char *last; /* the last frame sent, for a '-' */
	size_t last_len;
};

unsigned extmem_gdb_stop_signal(const struct extmem_emu_stop *stop)
{
	switch (stop->reason) {
	case EXTMEM_EMU_STOP_DEBUG: return stop->value == EXTMEM_EMU_DEBUG_INTERRUPT ? SIG_INT : SIG_TRAP;
	case EXTMEM_EMU_STOP_NONE:
	case EXTMEM_EMU_STOP_BREAKPOINT:
	case EXTMEM_EMU_STOP_RETURNED:
	case EXTMEM_EMU_STOP_LED_EVENTS:
	case EXTMEM_EMU_STOP_BKPT:
	case EXTMEM_EMU_STOP_RESET: return SIG_TRAP;
	case EXTMEM_EMU_STOP_FAULT: return SIG_ILL;
	case EXTMEM_EMU_STOP_INVALID: return SIG_SEGV;
	case EXTMEM_EMU_STOP_UNMODELLED:
	case EXTMEM_EMU_STOP_UNSUPPORTED:
	case EXTMEM_EMU_STOP_XIP_HAZARD: return SIG_BUS;
	case EXTMEM_EMU_STOP_TIME_LIMIT:
	case EXTMEM_EMU_STOP_INSN_LIMIT:
	case EXTMEM_EMU_STOP_SLEEP: return SIG_XCPU;
	}
	return SIG_TRAP;
}

/* After these the machine must be reset before it runs again (machine.h). */
static bool for_good(enum extmem_emu_stop_reason r)
{
	return r == EXTMEM_EMU_STOP_FAULT || r == EXTMEM_EMU_STOP_INVALID || r == EXTMEM_EMU_STOP_UNMODELLED ||
	       r == EXTMEM_EMU_STOP_UNSUPPORTED || r == EXTMEM_EMU_STOP_XIP_HAZARD || r == EXTMEM_EMU_STOP_RESET;
}

/* ---- the socket ---- */

struct extmem_gdb_server *extmem_gdb_listen(uint16_t port, char *err, size_t errlen)
{
	struct extmem_gdb_server *srv = calloc(1, sizeof(*srv));
	if (srv == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	srv->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (srv->listen_fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		free(srv);
		return NULL;
	}
	int one = 1;
	(void)setsockopt(srv->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t sl = sizeof(sa);
	if (bind(srv->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(srv->listen_fd, 1) != 0 ||
	    getsockname(srv->listen_fd, (struct sockaddr *)&sa, &sl) != 0) {
		snprintf(err, errlen, "cannot listen on 127.0.0.1:%u: %s", (unsigned)port, strerror(errno));
		close(srv->listen_fd);
		free(srv);
		return NULL;
	}
	srv->port = ntohs(sa.sin_port);
	return srv;
}

uint16_t extmem_gdb_port(const struct extmem_gdb_server *srv)
{
	return srv->port;
}

void extmem_gdb_close(struct extmem_gdb_server *srv)
{
	if (srv == NULL)
		return;
	close(srv->listen_fd);
	free(srv);
}

static void send_all(struct session *s, const char *p, size_t n)
{
	while (n > 0 && !s->closed) {
		ssize_t k = send(s->fd, p, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			s->closed = true;
			return;
		}
		p += k;
		n -= (size_t)k;
	}
}

static void send_packet_bin(struct session *s, const void *data, size_t len, bool binary)
{
	size_t need = 2 * len + 5;
	if (need > s->out_cap) {
		char *o = realloc(s->out, need);
		char *l = realloc(s->last, need);
		if (o != NULL)
			s->out = o;
		if (l != NULL)
			s->last = l;
		if (o == NULL || l == NULL) {
			send_all(s, "$E0c#ab", 7); /* out of memory (ENOMEM) */
			return;
		}
		s->out_cap = need;
	}
	size_t n = extmem_gdb_frame(s->out, s->out_cap, data, len, binary);
	if (n == 0) {
		send_all(s, "$E01#a6", 7);
		return;
	}
	memcpy(s->last, s->out, n);
	s->last_len = n;
	send_all(s, s->out, n);
}

static void send_packet(struct session *s, const char *text)
{
	send_packet_bin(s, text, strlen(text), false);
}

/* A console line for the GDB user: an O packet of hex text. */
static void send_console(struct session *s, const char *text)
{
	size_t n = strlen(text);
	char *pkt = malloc(2 * n + 2);
	if (pkt == NULL)
		return;
	pkt[0] = 'O';
	extmem_gdb_hex_encode((const uint8_t *)text, n, pkt + 1);
	send_packet(s, pkt);
	free(pkt);
}

/* ---- the run ---- */

static bool poll_client(void *ctx)
{
	struct session *s = ctx;
	struct pollfd p = {.fd = s->fd, .events = POLLIN};
	while (poll(&p, 1, 0) > 0) {
		uint8_t buf[256];
		ssize_t k = recv(s->fd, buf, sizeof(buf), 0);
		if (k <= 0) {
			s->closed = true;
			return true;
		}
		for (ssize_t i = 0; i < k; i++)
			if (extmem_gdb_rx_feed(&s->rx, buf[i]) == EXTMEM_GDB_RX_INTERRUPT)
				s->interrupt = true;
		/* a packet while running (not in all-stop mode) is dropped */
		if (s->interrupt)
			return true;
	}
	return false;
}

static bool list_has(const uint32_t *list, unsigned n, uint32_t addr)
{
	for (unsigned i = 0; i < n; i++)
		if (list[i] == addr)
			return true;
	return false;
}

static void stop_reply(struct session *s, bool console)
{
	const struct extmem_emu_stop *st = extmem_emu_last_stop(s->emu);
	char text[400];
	if (console && st->reason != EXTMEM_EMU_STOP_DEBUG && st->reason != EXTMEM_EMU_STOP_BREAKPOINT &&
	    st->reason != EXTMEM_EMU_STOP_NONE) {
		snprintf(text, sizeof(text), "extmem: stop: %s: %s (pc 0x%08X)\n", extmem_emu_stop_name(st->reason),
			 st->message, st->pc);
		send_console(s, text);
	}
	char reply[80];
	unsigned sig = extmem_gdb_stop_signal(st);
	if (st->reason == EXTMEM_EMU_STOP_DEBUG && st->value == EXTMEM_EMU_DEBUG_WATCH)
		snprintf(reply, sizeof(reply), "T%02x%s:%x;thread:1;", sig, st->write ? "watch" : "rwatch", st->addr);
	else if (st->reason == EXTMEM_EMU_STOP_BREAKPOINT && s->swbreak)
		snprintf(reply, sizeof(reply), "T%02x%s:;thread:1;", sig,
			 list_has(s->sw, s->nsw, st->pc) || !list_has(s->hw, s->nhw, st->pc) ? "swbreak" : "hwbreak");
	else
		snprintf(reply, sizeof(reply), "T%02xthread:1;", sig);
	send_packet(s, reply);
}

static void resume(struct session *s, bool step)
{
	if (s->halted_for_good) {
		send_console(s, "extmem: the machine stopped for good (a fault, an invalid or unmodelled access, a "
				"hazard or a system reset): `monitor reset` starts it again\n");
		stop_reply(s, true);
		return;
	}
	struct extmem_emu_limits lim = s->cfg->limits;
	if (lim.led_events != 0)
		lim.led_events += extmem_emu_led_count(s->emu); /* N more changes each time */
	lim.poll = poll_client;
	lim.poll_ctx = s;
	s->interrupt = false;
	uint32_t pc = extmem_emu_reg(s->emu, 15) & ~1u;
	enum extmem_emu_stop_reason why;
	if (step) {
		why = extmem_emu_step(s->emu, &lim);
	} else {
		why = EXTMEM_EMU_STOP_DEBUG;
		/* off a breakpoint at the PC first, as the core steps off its FPB match */
		if (extmem_emu_break_at(s->emu, pc)) {
			why = extmem_emu_step(s->emu, &lim);
			if (why == EXTMEM_EMU_STOP_DEBUG &&
			    extmem_emu_last_stop(s->emu)->value != EXTMEM_EMU_DEBUG_STEP)
				why = EXTMEM_EMU_STOP_NONE; /* interrupted or a watchpoint: report it */
		}
		if (why == EXTMEM_EMU_STOP_DEBUG && !s->closed && !s->interrupt)
			why = extmem_emu_run(s->emu, &lim);
	}
	if (s->closed)
		return;
	s->halted_for_good = for_good(extmem_emu_last_stop(s->emu)->reason);
	(void)why;
	stop_reply(s, true);
}

/* ---- packets ---- */

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
	send_packet(s, buf);
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
		send_packet(s, "E01");
		return;
	}
	uint64_t vals[EXTMEM_EMU_DREG_COUNT];
	o = 0;
	for (unsigned n = 0; n < EXTMEM_EMU_DREG_COUNT; n++) {
		if (decode_le(hex + o, extmem_emu_dreg_size(n), &vals[n]) != 0) {
			send_packet(s, "E01");
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
			send_packet(s, "E01");
			return;
		}
	}
	send_packet(s, "OK");
}

static void reg_one(struct session *s, const char *args, bool write)
{
	const char *p = args;
	uint64_t n;
	if (extmem_gdb_parse_hex(&p, 4, &n) != 0 || n >= EXTMEM_EMU_DREG_COUNT) {
		send_packet(s, write ? "E01" : "E00");
		return;
	}
	unsigned size = extmem_emu_dreg_size((unsigned)n);
	if (!write) {
		if (*p != '\0') {
			send_packet(s, "E01");
			return;
		}
		uint64_t v = 0;
		uint8_t le[8];
		char hex[17];
		(void)extmem_emu_dreg_read(s->emu, (unsigned)n, &v);
		for (unsigned i = 0; i < size; i++)
			le[i] = (uint8_t)(v >> (8 * i));
		extmem_gdb_hex_encode(le, size, hex);
		send_packet(s, hex);
		return;
	}
	uint64_t v;
	if (*p++ != '=' || strlen(p) != 2u * (size_t)size || decode_le(p, size, &v) != 0 ||
	    extmem_emu_dreg_write(s->emu, (unsigned)n, v) != 0) {
		send_packet(s, "E01");
		return;
	}
	send_packet(s, "OK");
}

#define MAX_MEM ((EXTMEM_GDB_PACKET_MAX - 8u) / 2u)

static void mem_read(struct session *s, const char *args)
{
	uint32_t addr, len;
	if (extmem_gdb_parse_addr_len(args, '\0', &addr, &len, NULL) != 0) {
		send_packet(s, "E01");
		return;
	}
	if (len > MAX_MEM)
		len = MAX_MEM; /* GDB asks again for the rest */
	uint8_t *buf = malloc(len ? len : 1u);
	char *hex = malloc(2u * len + 1u);
	if (buf == NULL || hex == NULL) {
		free(buf);
		free(hex);
		send_packet(s, "E0c");
		return;
	}
	size_t n = len == 0 ? 0 : extmem_emu_debug_read(s->emu, addr, buf, len);
	if (n == 0 && len != 0) {
		send_packet(s, "E0e"); /* EFAULT */
	} else {
		extmem_gdb_hex_encode(buf, n, hex);
		send_packet(s, hex);
	}
	free(buf);
	free(hex);
}

static void mem_write(struct session *s, char *args, size_t pktlen, bool binary)
{
	uint32_t addr, len;
	const char *data;
	if (extmem_gdb_parse_addr_len(args, ':', &addr, &len, &data) != 0) {
		send_packet(s, "E01");
		return;
	}
	size_t avail = pktlen - (size_t)(data - args);
	uint8_t *buf = malloc(len ? len : 1u);
	if (buf == NULL) {
		send_packet(s, "E0c");
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
		send_packet(s, "E01");
	else if (len != 0 && extmem_emu_debug_write(s->emu, addr, buf, len) != 0)
		send_packet(s, "E0e");
	else
		send_packet(s, "OK");
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
		send_packet(s, "E01");
		return;
	}
	if (type >= 2) {
		static const enum extmem_emu_watch_kind kinds[3] = {EXTMEM_EMU_WATCH_WRITE, EXTMEM_EMU_WATCH_READ,
								    EXTMEM_EMU_WATCH_ACCESS};
		int err = insert ? extmem_emu_watch_insert(s->emu, addr, kind, kinds[type - 2])
				 : extmem_emu_watch_remove(s->emu, addr, kind, kinds[type - 2]);
		send_packet(s, err == 0 ? "OK" : "E01");
		return;
	}
	/* Thumb breakpoints only: kind 2 (16-bit), 3 (32-bit Thumb-2), 4 (a 32-bit ARM kind some clients send) */
	if (kind < 2 || kind > 4 || (addr & 1u) != 0) {
		send_packet(s, "E01");
		return;
	}
	uint32_t *list = type == 0 ? s->sw : s->hw;
	unsigned *n = type == 0 ? &s->nsw : &s->nhw;
	unsigned max = type == 0 ? EXTMEM_EMU_BREAKPOINTS : HW_BREAKPOINTS;
	if (insert) {
		if (list_has(list, *n, addr)) {
			send_packet(s, "OK");
			return;
		}
		if (*n == max || extmem_emu_break_insert(s->emu, addr) != 0) {
			send_packet(s, "E1c"); /* ENOSPC */
			return;
		}
		list[(*n)++] = addr;
		send_packet(s, "OK");
		return;
	}
	if (!list_drop(list, n, addr)) {
		send_packet(s, "E01");
		return;
	}
	if (!list_has(s->sw, s->nsw, addr) && !list_has(s->hw, s->nhw, addr))
		(void)extmem_emu_break_remove(s->emu, addr);
	send_packet(s, "OK");
}

static void xfer_features(struct session *s, const char *args)
{
	static const char prefix[] = "target.xml:";
	if (strncmp(args, prefix, sizeof(prefix) - 1) != 0) {
		send_packet(s, "E00");
		return;
	}
	uint32_t off, len;
	if (extmem_gdb_parse_addr_len(args + sizeof(prefix) - 1, '\0', &off, &len, NULL) != 0) {
		send_packet(s, "E01");
		return;
	}
	size_t total = sizeof(target_xml) - 1;
	if (off > total) {
		send_packet(s, "E01");
		return;
	}
	size_t n = total - off;
	if (n > len)
		n = len;
	if (n > MAX_MEM)
		n = MAX_MEM;
	char *buf = malloc(n + 1);
	if (buf == NULL) {
		send_packet(s, "E0c");
		return;
	}
	buf[0] = off + n < total ? 'm' : 'l';
	memcpy(buf + 1, target_xml + off, n);
	send_packet_bin(s, buf, n + 1, true);
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
		send_packet(s, "E01");
		return;
	}
	cmd[n / 2] = '\0';
	if (memchr(cmd, '\0', n / 2) != NULL) {
		free(cmd);
		send_packet(s, "E01");
		return;
	}
	char *text = NULL;
	size_t tlen = 0;
	FILE *out = open_memstream(&text, &tlen);
	if (out == NULL) {
		free(cmd);
		send_packet(s, "E0c");
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
		send_console(s, part);
	}
	free(text);
	free(cmd);
	send_packet(s, "OK");
}

/* "vCont;s:1;c" and the like: the first action for our one thread decides. */
static void vcont(struct session *s, const char *args)
{
	if (strcmp(args, "?") == 0) {
		send_packet(s, "vCont;c;C;s;S");
		return;
	}
	if (args[0] != ';') {
		send_packet(s, "E01");
		return;
	}
	char a = args[1];
	if (a != 'c' && a != 'C' && a != 's' && a != 'S') {
		send_packet(s, "E01"); /* t, r (range stepping) not offered */
		return;
	}
	resume(s, a == 's' || a == 'S');
}

/* c [ADDR], s [ADDR], C SIG[;ADDR], S SIG[;ADDR]: the signal is dropped (a core has none to deliver). */
static void cont(struct session *s, char cmd, const char *args)
{
	const char *p = args;
	if (cmd == 'C' || cmd == 'S') {
		uint64_t sig;
		if (extmem_gdb_parse_hex(&p, 2, &sig) != 0) {
			send_packet(s, "E01");
			return;
		}
		if (*p == ';')
			p++;
		else if (*p != '\0') {
			send_packet(s, "E01");
			return;
		}
	}
	if (*p != '\0') {
		uint64_t addr;
		if (extmem_gdb_parse_hex(&p, 8, &addr) != 0 || *p != '\0' ||
		    extmem_emu_dreg_write(s->emu, 15, addr) != 0) {
			send_packet(s, "E01");
			return;
		}
	}
	resume(s, cmd == 's' || cmd == 'S');
}

static void query(struct session *s, const char *pkt)
{
	if (strncmp(pkt, "qSupported", 10) == 0) {
		s->swbreak = strstr(pkt, "swbreak+") != NULL;
		char reply[160];
		snprintf(reply, sizeof(reply), "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;vContSupported+%s",
			 EXTMEM_GDB_PACKET_MAX, s->swbreak ? ";swbreak+;hwbreak+" : "");
		send_packet(s, reply);
	} else if (strncmp(pkt, "qXfer:features:read:", 20) == 0) {
		xfer_features(s, pkt + 20);
	} else if (strncmp(pkt, "qRcmd,", 6) == 0) {
		monitor(s, pkt + 6);
	} else if (strcmp(pkt, "qAttached") == 0) {
		send_packet(s, "1");
	} else if (strcmp(pkt, "qC") == 0) {
		send_packet(s, "QC1");
	} else if (strcmp(pkt, "qfThreadInfo") == 0) {
		send_packet(s, "m1");
	} else if (strcmp(pkt, "qsThreadInfo") == 0) {
		send_packet(s, "l");
	} else if (strncmp(pkt, "qSymbol", 7) == 0) {
		send_packet(s, "OK");
	} else {
		send_packet(s, ""); /* not supported */
	}
}

static void handle(struct session *s, char *pkt, size_t len)
{
	char c = pkt[0];
	char *args = pkt + 1;
	/* only X carries binary data; a NUL elsewhere is a malformed packet */
	if (c != 'X' && memchr(pkt, '\0', len) != NULL) {
		send_packet(s, "E01");
		return;
	}
	switch (c) {
	case '?': stop_reply(s, false); break;
	case 'g':
		if (len == 1)
			reply_regs(s);
		else
			send_packet(s, "E01");
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
	case 'T': send_packet(s, "OK"); break;
	case 'D':
		send_packet(s, "OK");
		s->done = true;
		break;
	case 'k': s->done = true; break;
	case 'q': query(s, pkt); break;
	case 'Q':
		if (strcmp(pkt, "QStartNoAckMode") == 0) {
			send_packet(s, "OK");
			s->noack = true;
		} else {
			send_packet(s, "");
		}
		break;
	case 'v':
		if (strncmp(pkt, "vCont", 5) == 0) {
			vcont(s, pkt + 5);
		} else if (strcmp(pkt, "vKill;1") == 0 || strncmp(pkt, "vKill", 5) == 0) {
			send_packet(s, "OK");
			s->done = true;
		} else {
			send_packet(s, "");
		}
		break;
	default: send_packet(s, ""); break;
	}
}

int extmem_gdb_serve(struct extmem_gdb_server *srv, struct extmem_emu *emu, const struct extmem_gdb_config *cfg,
		     char *err, size_t errlen)
{
	int fd;
	do
		fd = accept(srv->listen_fd, NULL, NULL);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		snprintf(err, errlen, "accept: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	struct session *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->fd = fd;
	s->emu = emu;
	s->cfg = cfg;
	extmem_gdb_rx_init(&s->rx);
	s->halted_for_good = for_good(extmem_emu_last_stop(emu)->reason);
	if (cfg->log != NULL)
		fprintf(cfg->log, "extmem gdb: client connected\n");
	while (!s->closed && !s->done) {
		uint8_t buf[4096];
		ssize_t k = recv(fd, buf, sizeof(buf), 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		for (ssize_t i = 0; i < k && !s->closed && !s->done; i++) {
			switch (extmem_gdb_rx_feed(&s->rx, buf[i])) {
			case EXTMEM_GDB_RX_PACKET:
				if (!s->noack)
					send_all(s, "+", 1);
				if (s->rx.len == 0)
					send_packet(s, "");
				else
					handle(s, s->rx.buf, s->rx.len);
				break;
			case EXTMEM_GDB_RX_BAD_CHECKSUM:
				if (!s->noack)
					send_all(s, "-", 1);
				break;
			case EXTMEM_GDB_RX_TOO_LONG:
				if (!s->noack)
					send_all(s, "+", 1);
				send_packet(s, "E01");
				break;
			case EXTMEM_GDB_RX_NACK:
				if (!s->noack && s->last_len != 0)
					send_all(s, s->last, s->last_len);
				break;
			case EXTMEM_GDB_RX_INTERRUPT: /* halted already: the stop reply is on its way or sent */
			case EXTMEM_GDB_RX_ACK:
			case EXTMEM_GDB_RX_NONE: break;
			}
		}
	}
	if (cfg->log != NULL)
		fprintf(cfg->log, "extmem gdb: %s\n",
			s->done ? "session ended by the debugger" : "client disconnected");
	extmem_emu_debug_clear(emu);
	close(fd);
	free(s->out);
	free(s->last);
	free(s);
	return 0;
}
