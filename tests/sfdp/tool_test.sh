#!/bin/sh
# SPDX-License-Identifier: MIT
# usage: tool_test.sh EXTMEM_TOOL WRITE_IMAGES WORKDIR bad|good|dumps DUMPS_DIR
# bad:   missing, empty, garbage, truncated and bad-hex files fail with a message and exit 1.
# good:  the project's images decode (raw, hex, from stdin and --json).
# dumps: every real dump decodes; the full reports are printed (77 = skipped).
set -u
tool=$1 writer=$2 work=$3 mode=$4
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
expect_fail() { # file, expected text in stderr
	"$tool" sfdp decode "$1" >"$work/out" 2>"$work/err"
	rc=$?
	if [ "$rc" -ne 1 ] || ! grep -q "$2" "$work/err"; then
		echo "FAIL: $1: exit $rc, stderr:"; cat "$work/err"; fail=1; return
	fi
	echo "ok: $(basename "$1") -> $(cat "$work/err")"
}
case $mode in
bad)
	: >"$work/empty.bin"
	printf 'this is not an SFDP image at all\n\001\002' >"$work/garbage.bin"
	printf 'SFDP\000\001' >"$work/short.bin"
	printf 'SFDP\006\001\377\377' >"$work/huge.bin"
	printf '53464450' >"$work/short.hex"
	head -c 100000 /dev/urandom >"$work/random.bin"
	expect_fail "$work/missing.bin" "cannot open"
	expect_fail "$work/empty.bin" "is empty"
	expect_fail "$work/garbage.bin" "bad signature"
	expect_fail "$work/short.bin" "truncated SFDP header"
	expect_fail "$work/huge.bin" "header count too large"
	expect_fail "$work/short.hex" "truncated SFDP header"
	expect_fail "$work/random.bin" "not a usable SFDP image"
	# Hex dumps that do not parse name the line and the reason.
	printf '53464450\n0601zz02\n' >"$work/bad_digit.hex"
	printf '53464450\n060\n' >"$work/odd.hex"
	expect_fail "$work/bad_digit.hex" "bad_digit.hex' line 2: 'z' is not a hex digit"
	expect_fail "$work/odd.hex" "odd.hex' line 2: odd number of hex digits"
	"$tool" sfdp decode - </dev/null >"$work/out" 2>"$work/err"
	rc=$?
	if [ "$rc" -ne 1 ] || ! grep -q "'<stdin>' is empty" "$work/err"; then
		echo "FAIL: empty stdin: exit $rc"; cat "$work/err"; fail=1
	else
		echo "ok: empty stdin -> $(cat "$work/err")"
	fi
	"$tool" sfdp decode - <"$work/odd.hex" >"$work/out" 2>"$work/err"
	grep -q "'<stdin>' line 2: odd number" "$work/err" || { echo "FAIL: stdin hex error"; cat "$work/err"; fail=1; }
	"$tool" sfdp >/dev/null 2>&1 && { echo "FAIL: no arguments accepted"; fail=1; }
	"$tool" sfdp decode "$work/empty.bin" --bogus >/dev/null 2>&1 && { echo "FAIL: bad option accepted"; fail=1; }
	"$tool" sfdp --help | grep -q "usage: extmem sfdp decode" || { echo "FAIL: --help"; fail=1; }
	;;
good)
	"$writer" "$work" || exit 1
	for f in "$work"/*.bin; do
		"$tool" sfdp decode "$f" >"$work/raw.txt" || { echo "FAIL: $f"; fail=1; continue; }
		"$tool" sfdp decode "${f%.bin}.hex" >"$work/hex.txt" || { echo "FAIL: ${f%.bin}.hex"; fail=1; continue; }
		cmp -s "$work/raw.txt" "$work/hex.txt" || { echo "FAIL: hex and raw differ for $f"; fail=1; }
		"$tool" sfdp decode - <"$f" >"$work/stdin.txt" || { echo "FAIL: stdin $f"; fail=1; }
		cmp -s "$work/raw.txt" "$work/stdin.txt" || { echo "FAIL: stdin and file differ for $f"; fail=1; }
		"$tool" sfdp decode - <"${f%.bin}.hex" >"$work/stdin.txt" || { echo "FAIL: stdin hex $f"; fail=1; }
		cmp -s "$work/raw.txt" "$work/stdin.txt" || { echo "FAIL: stdin hex and file differ for $f"; fail=1; }
		"$tool" sfdp decode "$f" --json >"$work/j.json" || { echo "FAIL: --json $f"; fail=1; }
		if command -v python3 >/dev/null; then
			python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/j.json" ||
				{ echo "FAIL: invalid JSON for $f"; fail=1; }
		fi
		echo "ok: $(basename "$f")"
	done
	"$tool" sfdp decode "$work/MX66UW1G45G.bin" --id C2813B
	;;
dumps)
	dumps=$5
	[ -d "$dumps" ] || { echo "SKIP: $dumps not present"; exit 77; }
	for f in "$dumps"/*.bin; do
		echo "===== $(basename "$f")"
		"$tool" sfdp decode "$f" || { echo "FAIL: $f"; fail=1; }
	done
	;;
esac
exit $fail
