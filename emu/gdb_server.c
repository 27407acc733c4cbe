/* SPDX-License-Identifier: MIT */
/*
 * The GDB server (gdb_server.h): the socket, the packets GDB sends and the
 * run control. One client, one thread: while the target runs, the machine
 * asks limits.poll between slices and the poll looks at the socket for the
 * interrupt byte (0x03) or a closed connection. The packets themselves
 * are handled in gdb_packets.c.
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
#include "gdb_session.h"

/* GDB's signal numbers (include/gdb/signals.def). */
#define SIG_INT  2
#define SIG_ILL  4
#define SIG_TRAP 5
#define SIG_BUS  10
#define SIG_SEGV 11
#define SIG_XCPU 24

struct extmem_gdb_server {
	int listen_fd;
	uint16_t port;
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

void emu_gdb_send_packet_bin(struct session *s, const void *data, size_t len, bool binary)
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

void emu_gdb_send_packet(struct session *s, const char *text)
{
	emu_gdb_send_packet_bin(s, text, strlen(text), false);
}

/* A console line for the GDB user: an O packet of hex text. */
void emu_gdb_send_console(struct session *s, const char *text)
{
	size_t n = strlen(text);
	char *pkt = malloc(2 * n + 2);
	if (pkt == NULL)
		return;
	pkt[0] = 'O';
	extmem_gdb_hex_encode((const uint8_t *)text, n, pkt + 1);
	emu_gdb_send_packet(s, pkt);
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

bool emu_gdb_list_has(const uint32_t *list, unsigned n, uint32_t addr)
{
	for (unsigned i = 0; i < n; i++)
		if (list[i] == addr)
			return true;
	return false;
}

void emu_gdb_stop_reply(struct session *s, bool console)
{
	const struct extmem_emu_stop *st = extmem_emu_last_stop(s->emu);
	char text[400];
	if (console && st->reason != EXTMEM_EMU_STOP_DEBUG && st->reason != EXTMEM_EMU_STOP_BREAKPOINT &&
	    st->reason != EXTMEM_EMU_STOP_NONE) {
		snprintf(text, sizeof(text), "extmem: stop: %s: %s (pc 0x%08X)\n", extmem_emu_stop_name(st->reason),
			 st->message, st->pc);
		emu_gdb_send_console(s, text);
	}
	char reply[80];
	unsigned sig = extmem_gdb_stop_signal(st);
	if (st->reason == EXTMEM_EMU_STOP_DEBUG && st->value == EXTMEM_EMU_DEBUG_WATCH)
		snprintf(reply, sizeof(reply), "T%02x%s:%x;thread:1;", sig, st->write ? "watch" : "rwatch", st->addr);
	else if (st->reason == EXTMEM_EMU_STOP_BREAKPOINT && s->swbreak)
		snprintf(reply, sizeof(reply), "T%02x%s:;thread:1;", sig,
			 emu_gdb_list_has(s->sw, s->nsw, st->pc) || !emu_gdb_list_has(s->hw, s->nhw, st->pc)
				 ? "swbreak"
				 : "hwbreak");
	else
		snprintf(reply, sizeof(reply), "T%02xthread:1;", sig);
	emu_gdb_send_packet(s, reply);
}

void emu_gdb_resume(struct session *s, bool step)
{
	if (s->halted_for_good) {
		emu_gdb_send_console(
			s, "extmem: the machine stopped for good (a fault, an invalid or unmodelled access, a "
			   "hazard or a system reset): `monitor reset` starts it again\n");
		emu_gdb_stop_reply(s, true);
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
	emu_gdb_stop_reply(s, true);
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
					emu_gdb_send_packet(s, "");
				else
					emu_gdb_handle(s, s->rx.buf, s->rx.len);
				break;
			case EXTMEM_GDB_RX_BAD_CHECKSUM:
				if (!s->noack)
					send_all(s, "-", 1);
				break;
			case EXTMEM_GDB_RX_TOO_LONG:
				if (!s->noack)
					send_all(s, "+", 1);
				emu_gdb_send_packet(s, "E01");
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
