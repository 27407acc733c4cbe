/* SPDX-License-Identifier: MIT */
/* The GDB remote serial protocol: framing and argument parsing (gdb_rsp.h). */
#include <string.h>

#include "extmem_emu/gdb_rsp.h"

enum { ST_IDLE, ST_DATA, ST_CS1, ST_CS2 };

void extmem_gdb_rx_init(struct extmem_gdb_rx *rx)
{
	rx->state = ST_IDLE;
	rx->sum = 0;
	rx->want = 0;
	rx->overflow = false;
	rx->len = 0;
	rx->buf[0] = '\0';
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum extmem_gdb_rx_event extmem_gdb_rx_feed(struct extmem_gdb_rx *rx, uint8_t byte)
{
	switch (rx->state) {
	case ST_IDLE:
		if (byte == '$') {
			rx->state = ST_DATA;
			rx->sum = 0;
			rx->len = 0;
			rx->overflow = false;
			return EXTMEM_GDB_RX_NONE;
		}
		if (byte == 0x03)
			return EXTMEM_GDB_RX_INTERRUPT;
		if (byte == '+')
			return EXTMEM_GDB_RX_ACK;
		if (byte == '-')
			return EXTMEM_GDB_RX_NACK;
		return EXTMEM_GDB_RX_NONE;
	case ST_DATA:
		if (byte == '#') {
			rx->state = ST_CS1;
			return EXTMEM_GDB_RX_NONE;
		}
		if (byte == '$') { /* the rest of the last one was lost: a new packet starts */
			rx->sum = 0;
			rx->len = 0;
			rx->overflow = false;
			return EXTMEM_GDB_RX_NONE;
		}
		rx->sum = (uint8_t)(rx->sum + byte);
		if (rx->len < EXTMEM_GDB_PACKET_MAX)
			rx->buf[rx->len++] = (char)byte;
		else
			rx->overflow = true;
		return EXTMEM_GDB_RX_NONE;
	case ST_CS1: {
		int v = hexval(byte);
		rx->want = (uint8_t)((v < 0 ? 0x100 : v) << 4);
		rx->state = v < 0 ? -ST_CS2 : ST_CS2; /* remember a bad digit until the frame ends */
		return EXTMEM_GDB_RX_NONE;
	}
	case ST_CS2:
	case -ST_CS2: {
		int v = hexval(byte);
		bool bad = rx->state == -ST_CS2 || v < 0;
		rx->state = ST_IDLE;
		rx->buf[rx->len] = '\0';
		if (rx->overflow)
			return EXTMEM_GDB_RX_TOO_LONG;
		if (bad || (uint8_t)(rx->want | (uint8_t)v) != rx->sum)
			return EXTMEM_GDB_RX_BAD_CHECKSUM;
		return EXTMEM_GDB_RX_PACKET;
	}
	default: rx->state = ST_IDLE; return EXTMEM_GDB_RX_NONE;
	}
}

static bool special(uint8_t c)
{
	return c == '#' || c == '$' || c == '}' || c == '*';
}

size_t extmem_gdb_frame(char *out, size_t cap, const uint8_t *data, size_t len, bool binary)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	uint8_t sum = 0;
	if (cap < 4)
		return 0;
	out[o++] = '$';
	for (size_t i = 0; i < len; i++) {
		uint8_t c = data[i];
		if (special(c)) {
			if (!binary)
				return 0;
			if (o + 2 > cap - 3)
				return 0;
			out[o++] = '}';
			sum = (uint8_t)(sum + '}');
			c ^= 0x20;
		} else if (o + 1 > cap - 3) {
			return 0;
		}
		out[o++] = (char)c;
		sum = (uint8_t)(sum + c);
	}
	out[o++] = '#';
	out[o++] = hex[sum >> 4];
	out[o++] = hex[sum & 15];
	return o;
}

long extmem_gdb_unescape(uint8_t *buf, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '}') {
			if (++i == len)
				return -1;
			buf[o++] = buf[i] ^ 0x20;
		} else {
			buf[o++] = buf[i];
		}
	}
	return (long)o;
}

int extmem_gdb_hex_decode(const char *hex, size_t n, uint8_t *out)
{
	if (n % 2 != 0)
		return -1;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hexval((unsigned char)hex[i]), lo = hexval((unsigned char)hex[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

void extmem_gdb_hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

int extmem_gdb_parse_hex(const char **p, unsigned max_digits, uint64_t *value)
{
	const char *s = *p;
	uint64_t v = 0;
	unsigned n = 0;
	/* leading zeros do not count toward the limit: GDB may pad */
	while (*s == '0' && hexval((unsigned char)s[1]) >= 0)
		s++;
	int d;
	while ((d = hexval((unsigned char)*s)) >= 0) {
		if (++n > max_digits || max_digits > 16)
			return -1;
		v = v << 4 | (uint64_t)d;
		s++;
	}
	if (n == 0)
		return -1;
	*value = v;
	*p = s;
	return 0;
}

static int parse_u32(const char **p, uint32_t *v)
{
	uint64_t x;
	if (extmem_gdb_parse_hex(p, 8, &x) != 0)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

int extmem_gdb_parse_addr_len(const char *args, char term, uint32_t *addr, uint32_t *len, const char **rest)
{
	const char *p = args;
	if (parse_u32(&p, addr) != 0 || *p++ != ',' || parse_u32(&p, len) != 0)
		return -1;
	if (term == '\0') {
		if (*p != '\0')
			return -1;
	} else if (*p++ != term) {
		return -1;
	}
	if (rest != NULL)
		*rest = p;
	return 0;
}

int extmem_gdb_parse_z(const char *args, unsigned *type, uint32_t *addr, uint32_t *kind)
{
	const char *p = args;
	uint64_t t;
	if (extmem_gdb_parse_hex(&p, 1, &t) != 0 || t > 4 || *p++ != ',' || parse_u32(&p, addr) != 0 || *p++ != ',' ||
	    parse_u32(&p, kind) != 0 || *p != '\0')
		return -1;
	*type = (unsigned)t;
	return 0;
}
