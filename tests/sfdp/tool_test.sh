#!/bin/sh
# SPDX-License-Identifier: MIT
# usage: tool_test.sh EXTMEM_TOOL WRITE_IMAGES WORKDIR bad|good|dumps DUMPS_DIR
# bad:   missing, empty, garbage and truncated files fail with a message and exit 1.
# good:  the project's images decode (raw, hex and --json).
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
