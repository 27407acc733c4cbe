#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem run --trace FILE.vcd` of the example boot: sigrok-cli opens the VCD
# and the octal DTR read of the application's vector table is on the wires.
# Expected values come from outside our code: the opcode pair EEh/11h is the
# MX66UW1G45G's 8D-8D-8D read (datasheet: 8DTRD, the command and its
# complement), 20 dummy cycles its default at 200 MHz, and the data is the
# application ELF's first 16 bytes as arm-none-eabi-objdump prints them.
# Decoding: in 8D-8D-8D every CLK edge (rising and falling) carries one byte,
# IO7 the most significant bit. Exits 77 (skipped) without sigrok-cli.
# The application's vector table sits after the boot image's header, 0x400
# bytes into the window (the example image: `extmem image` default header
# size, docs/image-format.md). The XIP Boot reads header, payload and vector
# table through the mapped window: the read that carries the vector table is
# the first 8D-8D-8D read whose bytes cover 0x400 (the emulator loads the
# window in chunks, one read each), its data 0x400 - addr bytes in.
# usage: vcd_sigrok_test.sh EXTMEM BOOT.elf APPLI.elf OBJDUMP
set -u
extmem=$1 boot=$2 appli=$3 objdump=$4
command -v sigrok-cli >/dev/null 2>&1 || { echo "skipped: sigrok-cli is not installed (Debian package sigrok-cli)"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
check() { if [ "$1" = "$2" ]; then echo "ok   $3"; else echo "FAIL $3: got '$1', want '$2'"; fail=1; fi; }

# 1. the text trace: when does the first 8D-8D-8D read of the vector table start?
"$extmem" run "$boot" --appli "$appli" --trace "$dir/boot.trace" --quiet >"$dir/1.log" 2>&1
check $? 0 "the boot runs with --trace"
line=$(awk '/8D-8D-8D op=EE11 addr=0x/ && / rd len=/ {
	a = $0; sub(/.*addr=0x/, "", a); sub(/ .*/, "", a)
	n = $0; sub(/.* rd len=/, "", n); sub(/ .*/, "", n)
	v = 0; for (i = 1; i <= length(a); i++) v = v * 16 + index("0123456789abcdef", tolower(substr(a, i, 1))) - 1
	if (v <= 1024 && v + n >= 1040) { print; exit }
}' "$dir/boot.trace")
check "$(echo "$line" | grep -c 'rd len=')" 1 "the text trace holds an 8D-8D-8D read of the vector table"
addr_hex=$(echo "$line" | sed -n 's/.* addr=0x\([0-9a-fA-F]*\) .*/\1/p' | tr 'A-F' 'a-f')
skip=$((0x400 - 0x${addr_hex:-0}))
# t=596.192083us (6 decimals of us) -> 596192083 ps
from=$(echo "$line" | sed -n 's/^t=\([0-9]*\)\.\([0-9]*\)us.*/\1\2/p' | sed 's/^0*//')
from_ps=$from
to_ps=$((from_ps + 1000))

# 2. the VCD of just that operation (the window starts at it and ends 1 ns later)
"$extmem" run "$boot" --appli "$appli" --trace "$dir/vt.vcd" --trace-from "${from_ps}ps" --trace-to "${to_ps}ps" \
	--quiet >"$dir/2.log" 2>&1
check $? 0 "the boot runs with --trace FILE.vcd"
grep -q "1 XSPI operations traced" "$dir/2.log"
check $? 0 "the window holds one operation"
head -c 9 "$dir/vt.vcd" | grep -q '\$version'
check $? 0 "the file is a VCD"

# 3. sigrok opens it; compress skips the idle time before the operation
sigrok-cli -I vcd:compress=1000 -i "$dir/vt.vcd" -O csv >"$dir/vt.csv" 2>"$dir/sigrok.err"
check $? 0 "sigrok-cli opens the VCD"
check "$(grep -c '^CS#\|Channels (11/11): CS#, CLK, DQS, IO0' "$dir/vt.csv")" 1 "sigrok sees CS#, CLK, DQS, IO0-IO7"
# bytes on CLK edges while CS# is low (columns: CS#, CLK, DQS, IO0..IO7), sampled as a receiver
# does: the lines as they stood just before the edge (an edge and the next beat share a timestamp)
bytes=$(awk -F, '/^[01],/ {
	if (seen && $2 != clk && cs == 0) printf "%02x ", io
	seen = 1; cs = $1; clk = $2
	io = 0; for (i = 11; i >= 4; i--) io = io * 2 + $i
	if ($1 == 0 && $3 == 1) dqs = 1
} END { if (dqs) printf "DQS" }' "$dir/vt.csv")
set -- $bytes
check "$1$2" ee11 "the command is EEh 11h (8D-8D-8D read)"
check "$3$4$5$6" "$addr_hex" "the address is the read's (0x$addr_hex, the vector table $skip bytes in)"
shift 6
shift 40 # 20 dummy cycles, two edges each
shift $skip
data=$(echo "$@" | tr -d ' ' | cut -c1-32)
want=$("$objdump" -s --start-address=0x70000400 --stop-address=0x70000410 "$appli" |
	awk '$1 == "70000400" { print $2 $3 $4 $5 }')
check "$data" "$want" "the data are the application's vector table (objdump)"
case "$bytes" in *DQS) dqs=1 ;; *) dqs=0 ;; esac
check $dqs 1 "the device drives DQS during the read"
[ $fail = 0 ] || { cat "$dir"/*.log "$dir/sigrok.err"; head -c 2000 "$dir/vt.vcd"; }
exit $fail
