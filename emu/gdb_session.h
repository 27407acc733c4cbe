/* SPDX-License-Identifier: MIT */
/*
 * The GDB server's session, shared by its two files: gdb_server.c (the
 * socket, framing, run control and the serve loop) and gdb_packets.c (the
 * packets GDB sends: registers, memory, breakpoints, features, monitor).
 */
#ifndef EXTMEM_EMU_GDB_SESSION_H
#define EXTMEM_EMU_GDB_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extmem_emu/debug.h"
#include "extmem_emu/gdb_rsp.h"
#include "extmem_emu/gdb_server.h"

#define HW_BREAKPOINTS 8 /* the Cortex-M7 FPB: 8 instruction comparators */

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

/* Framing and sending (gdb_server.c). */
void emu_gdb_send_packet_bin(struct session *s, const void *data, size_t len, bool binary);
void emu_gdb_send_packet(struct session *s, const char *text);
/* Text for GDB's console, as an O packet. */
void emu_gdb_send_console(struct session *s, const char *text);
/* Run control (gdb_server.c). */
bool emu_gdb_list_has(const uint32_t *list, unsigned n, uint32_t addr);
void emu_gdb_stop_reply(struct session *s, bool console);
void emu_gdb_resume(struct session *s, bool step);
/* One packet from the client (gdb_packets.c). */
void emu_gdb_handle(struct session *s, char *pkt, size_t len);

#endif
