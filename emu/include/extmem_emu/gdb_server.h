/* SPDX-License-Identifier: MIT */
/*
 * A GDB remote serial protocol server for the emulated board: one client on
 * a TCP socket at 127.0.0.1, no threads (the socket is polled between
 * emulation slices, so Ctrl-C stops a running target), run control through
 * extmem_emu/debug.h. Target description: Cortex-M7 with FPv5-D16
 * (org.gnu.gdb.arm.m-profile, org.gnu.gdb.arm.vfp, org.gnu.gdb.arm.m-system).
 */
#ifndef EXTMEM_EMU_GDB_SERVER_H
#define EXTMEM_EMU_GDB_SERVER_H

#include <stdint.h>
#include <stdio.h>

#include "extmem_emu/machine.h"

#ifdef __cplusplus
extern "C" {
#endif

struct extmem_gdb_config {
	/* Limits every continue and step runs under (max_ps: absolute virtual time, as in a run). */
	struct extmem_emu_limits limits;
	/* Messages ("listening on", "client gone"); NULL: none. */
	FILE *log;
	/*
	 * `monitor CMD` commands the server does not know itself go here: write
	 * the answer to out and return 1, or return 0 for an unknown command.
	 */
	int (*monitor)(void *ctx, const char *cmd, FILE *out);
	void *monitor_ctx;
	/* Text `monitor help` adds for those commands. */
	const char *monitor_help;
};

struct extmem_gdb_server;

/* Listens on 127.0.0.1:port (0: a free port). Returns NULL with a reason in err. */
struct extmem_gdb_server *extmem_gdb_listen(uint16_t port, char *err, size_t errlen);
uint16_t extmem_gdb_port(const struct extmem_gdb_server *srv);

/*
 * Waits for one client and serves it until it detaches, kills the target
 * or disconnects. The machine is left as the session left it
 * (extmem_emu_last_stop: the last stop a continue or step reached).
 * Returns 0 when the session ended as a debugger ends one (detach, kill,
 * disconnect), -1 when the socket failed (err says why).
 */
int extmem_gdb_serve(struct extmem_gdb_server *srv, struct extmem_emu *emu, const struct extmem_gdb_config *cfg,
		     char *err, size_t errlen);
void extmem_gdb_close(struct extmem_gdb_server *srv);

/* The signal number (GDB's numbering) a stop is reported with. */
unsigned extmem_gdb_stop_signal(const struct extmem_emu_stop *stop);

#ifdef __cplusplus
}
#endif

#endif
