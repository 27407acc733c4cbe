#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem probe --trace FILE --vcd FILE --trace-from/--trace-to`: the window
# holds exactly the first SFDP read, and sigrok-cli opens the VCD and sees it
# on the wires. Expected values come from outside our code: JESD216 says the
# SFDP read is opcode 5Ah in 1S-1S-1S with a 3-byte address and 8 dummy
# clocks, and the table starts with the signature "SFDP" (53h 46h 44h 50h).
# Decoding: in 1S-1S-1S (SPI mode 0) the host drives IO0, the part answers on
# IO1, one bit per rising CLK edge, most significant bit first.
# Exits 77 (skipped) without sigrok-cli.
# usage: probe_vcd_sigrok_test.sh EXTMEM
set -u
extmem=$1
command -v sigrok-cli >/dev/null 2>&1 || { echo "skipped: sigrok-cli is not installed (Debian package sigrok-cli)"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
check() { if [ "$1" = "$2" ]; then echo "ok   $3"; else echo "FAIL $3: got '$1', want '$2'"; fail=1; fi; }

# 1. the whole text trace: when does the first SFDP read start?
"$extmem" probe --part MX66UW1G45G --trace "$dir/all.trace" >"$dir/1.log" 2>&1
check $? 0 "the probe runs with --trace"
line=$(grep -m1 ' op=5A addr=0x000000 ' "$dir/all.trace")
check "$(echo "$line" | grep -c '1S-1S-1S op=5A addr=0x000000 dummy=8 rd')" 1 "the text trace holds the 1S SFDP read of address 0"
# t=601.970000us -> 601970000 ps
from_ps=$(echo "$line" | sed -n 's/^t=\([0-9]*\)\.\([0-9]*\)us.*/\1\2/p' | sed 's/^0*//')
to_ps=$((from_ps + 1000))

# 2. the window [from, from + 1 ns): that operation alone, as text and as a VCD
"$extmem" probe --part MX66UW1G45G --trace "$dir/w.trace" --vcd "$dir/w.vcd" --trace-from "${from_ps}ps" \
	--trace-to "${to_ps}ps" --json >"$dir/2.json" 2>"$dir/2.err"
check $? 0 "the probe runs with --vcd and a window"
check "$(wc -l <"$dir/w.trace" | tr -d ' ')" 1 "the windowed text trace has one line"
check "$(grep -c '"traced_operations":1[,}]' "$dir/2.json")" 1 "the JSON says one operation was traced"
head -c 9 "$dir/w.vcd" | grep -q '\$version'
check $? 0 "the file is a VCD"

# 3. sigrok opens it; compress skips the idle time before the operation
sigrok-cli -I vcd:compress=1000 -i "$dir/w.vcd" -O csv >"$dir/w.csv" 2>"$dir/sigrok.err"
check $? 0 "sigrok-cli opens the VCD"
check "$(grep -c 'CS#, CLK, DQS, IO0' "$dir/w.csv")" 1 "sigrok sees CS#, CLK, DQS, IO0-IO7"
# columns: CS#, CLK, DQS, IO0..IO7; on each rising CLK edge with CS# low, the
# bit on IO0 (host) and IO1 (part) as they stood just before the edge
bits=$(awk -F, '/^[01],/ {
	if (seen && clk == 0 && $2 == 1 && cs == 0) { h = h io0; d = d io1 }
	seen = 1; cs = $1; clk = $2; io0 = $4; io1 = $5
} END { print h " " d }' "$dir/w.csv")
host=${bits% *} dev=${bits#* }
tohex() { echo "$1" | cut -c"$2"-"$3" | awk '{ v = 0; for (i = 1; i <= length($0); i++) v = v * 2 + substr($0, i, 1); printf "%02X", v }'; }
check "$(tohex "$host" 1 8)" 5A "IO0 carries opcode 5Ah (Read SFDP)"
check "$(tohex "$host" 9 16)$(tohex "$host" 17 24)$(tohex "$host" 25 32)" 000000 "then the 3-byte address 0"
# 8 dummy clocks (bits 33..40), then the part answers on IO1
sig=""
for k in 0 1 2 3; do
	a=$((41 + 8 * k))
	sig="$sig$(tohex "$dev" "$a" $((a + 7)))"
done
check "$sig" 53464450 "IO1 carries the signature 'SFDP' after 8 dummy clocks"
[ $fail = 0 ] || { cat "$dir"/*.log "$dir"/*.err "$dir/2.json"; head -c 1500 "$dir/w.vcd"; }
exit $fail
