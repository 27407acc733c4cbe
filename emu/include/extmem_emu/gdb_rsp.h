/* SPDX-License-Identifier: MIT */
/*
 * The GDB remote serial protocol, framing and parsing only (no I/O, no
 * machine): packets `$data#xx` with the modulo-256 checksum of data, the
 * binary escape `}` (next byte XOR 0x20) of X packets and qXfer replies,
 * acknowledgements `+` / `-` and the interrupt byte 0x03 (GDB manual,
 * appendix E "Remote Serial Protocol", Overview and Binary Data).
 */
#ifndef EXTMEM_EMU_GDB_RSP_H
#define EXTMEM_EMU_GDB_RSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest packet we take (PacketSize in qSupported, hex: 0x4000). */
#define EXTMEM_GDB_PACKET_MAX 16384u

enum extmem_gdb_rx_event {
	EXTMEM_GDB_RX_NONE = 0,     /* byte taken, nothing complete */
	EXTMEM_GDB_RX_PACKET,       /* a packet with a good checksum: rx.buf[0..len) (NUL after it) */
	EXTMEM_GDB_RX_BAD_CHECKSUM, /* a packet whose checksum is wrong or not hex: answer '-' */
	EXTMEM_GDB_RX_TOO_LONG,     /* a packet longer than EXTMEM_GDB_PACKET_MAX: dropped */
	EXTMEM_GDB_RX_INTERRUPT,    /* 0x03 outside a packet */
	EXTMEM_GDB_RX_ACK,          /* '+' */
	EXTMEM_GDB_RX_NACK,         /* '-' */
};

struct extmem_gdb_rx {
	int state;
	uint8_t sum;
	uint8_t want;
	bool overflow;
	size_t len;
	char buf[EXTMEM_GDB_PACKET_MAX + 1];
};

void extmem_gdb_rx_init(struct extmem_gdb_rx *rx);
/* Takes one byte from the connection; bytes outside a packet other than + - 0x03 are ignored. */
enum extmem_gdb_rx_event extmem_gdb_rx_feed(struct extmem_gdb_rx *rx, uint8_t byte);

/*
 * Frames data as `$data#xx` into out (cap bytes). binary: escape # $ } * as
 * `}` and the byte XOR 0x20 (qXfer replies); otherwise data must hold none
 * of them (returns 0). Returns the frame's length, or 0 when it does not fit.
 */
size_t extmem_gdb_frame(char *out, size_t cap, const uint8_t *data, size_t len, bool binary);

/* Undoes the binary escape in place. Returns the new length, or -1 (a trailing lone `}`). */
long extmem_gdb_unescape(uint8_t *buf, size_t len);

/* Hex text (two digits a byte, either case) to bytes. Returns 0, or -1 (odd length, not hex). */
int extmem_gdb_hex_decode(const char *hex, size_t n, uint8_t *out);
/* Bytes to lower-case hex, NUL-terminated (out holds 2 n + 1). */
void extmem_gdb_hex_encode(const uint8_t *in, size_t n, char *out);

/*
 * A hex number of 1..max_digits digits at *p (leading zeros count, so a
 * number is never cut), advancing *p past it. Returns 0 or -1.
 */
int extmem_gdb_parse_hex(const char **p, unsigned max_digits, uint64_t *value);

/* "ADDR,LEN" then end or `term` (':' for M and X): *rest points after the term. Returns 0 or -1. */
int extmem_gdb_parse_addr_len(const char *args, char term, uint32_t *addr, uint32_t *len, const char **rest);

/* Z/z packets: "TYPE,ADDR,KIND" (conditions after ';' are refused). Returns 0 or -1. */
int extmem_gdb_parse_z(const char *args, unsigned *type, uint32_t *addr, uint32_t *kind);

#ifdef __cplusplus
}
#endif

#endif
