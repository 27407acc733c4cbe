/* SPDX-License-Identifier: MIT */
/*
 * The GDB remote protocol framing and argument parsing (emu/gdb_rsp.c).
 * Expected values are the GDB manual's (appendix E): checksum = sum of the
 * packet bytes modulo 256 ("$OK#9a", "$g#67"), escape = 0x7d then the byte
 * XOR 0x20 for # $ } *, interrupt = 0x03.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_emu/gdb_rsp.h"

static enum extmem_gdb_rx_event feed(struct extmem_gdb_rx *rx, const char *s, size_t n)
{
	enum extmem_gdb_rx_event last = EXTMEM_GDB_RX_NONE;
	for (size_t i = 0; i < n; i++) {
		enum extmem_gdb_rx_event e = extmem_gdb_rx_feed(rx, (uint8_t)s[i]);
		if (e != EXTMEM_GDB_RX_NONE)
			last = e;
	}
	return last;
}

static void rx_takes_a_packet_with_the_manuals_checksum(void **state)
{
	(void)state;
	struct extmem_gdb_rx rx;
	extmem_gdb_rx_init(&rx);
	assert_int_equal(feed(&rx, "$g#67", 5), EXTMEM_GDB_RX_PACKET);
	assert_int_equal(rx.len, 1);
	assert_string_equal(rx.buf, "g");
	assert_int_equal(feed(&rx, "$OK#9A", 6), EXTMEM_GDB_RX_PACKET); /* either case of hex */
	assert_string_equal(rx.buf, "OK");
	assert_int_equal(feed(&rx, "$#00", 4), EXTMEM_GDB_RX_PACKET); /* the empty packet */
	assert_int_equal(rx.len, 0);
}

static void rx_refuses_a_wrong_or_non_hex_checksum(void **state)
{
	(void)state;
	struct extmem_gdb_rx rx;
	extmem_gdb_rx_init(&rx);
	assert_int_equal(feed(&rx, "$g#68", 5), EXTMEM_GDB_RX_BAD_CHECKSUM);
	assert_int_equal(feed(&rx, "$g#6z", 5), EXTMEM_GDB_RX_BAD_CHECKSUM);
	assert_int_equal(feed(&rx, "$g#x7", 5), EXTMEM_GDB_RX_BAD_CHECKSUM);
	/* and takes the next good one */
	assert_int_equal(feed(&rx, "$g#67", 5), EXTMEM_GDB_RX_PACKET);
}

static void rx_tells_acks_and_the_interrupt_byte_apart_from_noise(void **state)
{
	(void)state;
	struct extmem_gdb_rx rx;
	extmem_gdb_rx_init(&rx);
	assert_int_equal(extmem_gdb_rx_feed(&rx, '+'), EXTMEM_GDB_RX_ACK);
	assert_int_equal(extmem_gdb_rx_feed(&rx, '-'), EXTMEM_GDB_RX_NACK);
	assert_int_equal(extmem_gdb_rx_feed(&rx, 0x03), EXTMEM_GDB_RX_INTERRUPT);
	assert_int_equal(extmem_gdb_rx_feed(&rx, 'x'), EXTMEM_GDB_RX_NONE);
	assert_int_equal(extmem_gdb_rx_feed(&rx, 0), EXTMEM_GDB_RX_NONE);
	/* 0x03 inside a packet is data, not an interrupt */
	const char pkt[] = {'$', 'X', 0x03, '#', '5', 'b'}; /* 'X' 0x58 + 3 = 0x5b */
	assert_int_equal(feed(&rx, pkt, sizeof(pkt)), EXTMEM_GDB_RX_PACKET);
	assert_int_equal(rx.len, 2);
	assert_int_equal(rx.buf[1], 0x03);
}

static void rx_restarts_at_a_dollar_inside_a_packet(void **state)
{
	(void)state;
	struct extmem_gdb_rx rx;
	extmem_gdb_rx_init(&rx);
	assert_int_equal(feed(&rx, "$m0,4$g#67", 10), EXTMEM_GDB_RX_PACKET);
	assert_string_equal(rx.buf, "g");
}

static void rx_drops_a_packet_longer_than_the_buffer(void **state)
{
	(void)state;
	static struct extmem_gdb_rx rx;
	extmem_gdb_rx_init(&rx);
	extmem_gdb_rx_feed(&rx, '$');
	for (unsigned i = 0; i < EXTMEM_GDB_PACKET_MAX + 10; i++)
		assert_int_equal(extmem_gdb_rx_feed(&rx, 'a'), EXTMEM_GDB_RX_NONE);
	assert_int_equal(feed(&rx, "#00", 3), EXTMEM_GDB_RX_TOO_LONG);
	assert_int_equal(feed(&rx, "$g#67", 5), EXTMEM_GDB_RX_PACKET);
}

static void frame_adds_the_checksum(void **state)
{
	(void)state;
	char out[32];
	size_t n = extmem_gdb_frame(out, sizeof(out), (const uint8_t *)"OK", 2, false);
	assert_int_equal(n, 6);
	assert_memory_equal(out, "$OK#9a", 6);
	n = extmem_gdb_frame(out, sizeof(out), (const uint8_t *)"", 0, false);
	assert_memory_equal(out, "$#00", 4);
	assert_int_equal(n, 4);
}

static void frame_escapes_the_four_special_bytes_only_when_binary(void **state)
{
	(void)state;
	char out[32];
	const uint8_t data[] = {'l', '#', '$', '}', '*', 'a'};
	/* a non-binary packet may not carry them */
	assert_int_equal(extmem_gdb_frame(out, sizeof(out), data, sizeof(data), false), 0);
	size_t n = extmem_gdb_frame(out, sizeof(out), data, sizeof(data), true);
	/* l }\x03 }\x04 }] }\x0a a: the checksum is over the bytes as sent */
	const char want[] = {'$', 'l', '}', 0x03, '}', 0x04, '}', ']', '}', 0x0a, 'a'};
	assert_int_equal(n, sizeof(want) + 3);
	assert_memory_equal(out, want, sizeof(want));
	unsigned sum = 0;
	for (size_t i = 1; i < sizeof(want); i++)
		sum += (uint8_t)want[i];
	char cs[3];
	snprintf(cs, sizeof(cs), "%02x", sum & 0xFF);
	assert_int_equal(out[sizeof(want)], '#');
	assert_memory_equal(out + sizeof(want) + 1, cs, 2);
}

static void frame_refuses_a_buffer_too_small(void **state)
{
	(void)state;
	char out[8];
	assert_int_equal(extmem_gdb_frame(out, sizeof(out), (const uint8_t *)"abcde", 5, false), 0);
	assert_int_equal(extmem_gdb_frame(out, sizeof(out), (const uint8_t *)"abcd", 4, false), 8);
	assert_int_equal(extmem_gdb_frame(out, 3, (const uint8_t *)"", 0, false), 0);
}

static void unescape_undoes_the_escape_and_refuses_a_lone_escape(void **state)
{
	(void)state;
	uint8_t buf[] = {'a', '}', 0x03, '}', ']', 'b'};
	assert_int_equal(extmem_gdb_unescape(buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "a#}b", 4);
	uint8_t bad[] = {'a', '}'};
	assert_int_equal(extmem_gdb_unescape(bad, sizeof(bad)), -1);
}

static void hex_decodes_both_cases_and_refuses_the_rest(void **state)
{
	(void)state;
	uint8_t out[4];
	assert_int_equal(extmem_gdb_hex_decode("00fFa5", 6, out), 0);
	assert_int_equal(out[0], 0x00);
	assert_int_equal(out[1], 0xFF);
	assert_int_equal(out[2], 0xA5);
	assert_int_equal(extmem_gdb_hex_decode("abc", 3, out), -1);
	assert_int_equal(extmem_gdb_hex_decode("0g", 2, out), -1);
	char hex[9];
	const uint8_t in[] = {0xDE, 0xAD, 0x01, 0x0F};
	extmem_gdb_hex_encode(in, 4, hex);
	assert_string_equal(hex, "dead010f");
}

static void addr_len_parses_strictly(void **state)
{
	(void)state;
	uint32_t a, l;
	const char *rest;
	assert_int_equal(extmem_gdb_parse_addr_len("20000000,4", '\0', &a, &l, NULL), 0);
	assert_int_equal(a, 0x20000000u);
	assert_int_equal(l, 4);
	assert_int_equal(extmem_gdb_parse_addr_len("0000000024000010,2:abcd", ':', &a, &l, &rest), 0);
	assert_int_equal(a, 0x24000010u);
	assert_string_equal(rest, "abcd");
	assert_int_equal(extmem_gdb_parse_addr_len("100000000,4", '\0', &a, &l, NULL), -1); /* 33 bits */
	assert_int_equal(extmem_gdb_parse_addr_len("20000000", '\0', &a, &l, NULL), -1);
	assert_int_equal(extmem_gdb_parse_addr_len(",4", '\0', &a, &l, NULL), -1);
	assert_int_equal(extmem_gdb_parse_addr_len("20000000,", '\0', &a, &l, NULL), -1);
	assert_int_equal(extmem_gdb_parse_addr_len("20000000,4x", '\0', &a, &l, NULL), -1);
	assert_int_equal(extmem_gdb_parse_addr_len("20000000,4", ':', &a, &l, NULL), -1);
	assert_int_equal(extmem_gdb_parse_addr_len("-1,4", '\0', &a, &l, NULL), -1);
}

static void z_packets_parse_type_address_kind(void **state)
{
	(void)state;
	unsigned t;
	uint32_t a, k;
	assert_int_equal(extmem_gdb_parse_z("0,8000134,2", &t, &a, &k), 0);
	assert_int_equal(t, 0);
	assert_int_equal(a, 0x08000134u);
	assert_int_equal(k, 2);
	assert_int_equal(extmem_gdb_parse_z("2,24000000,4", &t, &a, &k), 0);
	assert_int_equal(t, 2);
	assert_int_equal(extmem_gdb_parse_z("5,0,2", &t, &a, &k), -1);
	assert_int_equal(extmem_gdb_parse_z("0,8000134,2;X1,0", &t, &a, &k), -1); /* conditions not offered */
	assert_int_equal(extmem_gdb_parse_z("0,8000134", &t, &a, &k), -1);
	assert_int_equal(extmem_gdb_parse_z("", &t, &a, &k), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rx_takes_a_packet_with_the_manuals_checksum),
		cmocka_unit_test(rx_refuses_a_wrong_or_non_hex_checksum),
		cmocka_unit_test(rx_tells_acks_and_the_interrupt_byte_apart_from_noise),
		cmocka_unit_test(rx_restarts_at_a_dollar_inside_a_packet),
		cmocka_unit_test(rx_drops_a_packet_longer_than_the_buffer),
		cmocka_unit_test(frame_adds_the_checksum),
		cmocka_unit_test(frame_escapes_the_four_special_bytes_only_when_binary),
		cmocka_unit_test(frame_refuses_a_buffer_too_small),
		cmocka_unit_test(unescape_undoes_the_escape_and_refuses_a_lone_escape),
		cmocka_unit_test(hex_decodes_both_cases_and_refuses_the_rest),
		cmocka_unit_test(addr_len_parses_strictly),
		cmocka_unit_test(z_packets_parse_type_address_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
