#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem prog --write` of an Intel HEX image with two segments in one sector
# (16 bytes at 0x70000000, 16 at 0x70000100, the gap between them erased),
# with each loader format of the DK. The loader's verify passes and a read of
# the first 512 bytes gives both segments and FFh elsewhere. An IAR loader
# erases and writes whole 64 KiB blocks: the second segment's block is the
# first's, and it must not be erased again with only the second segment in it.
# usage: prog_segments_test.sh EXTMEM STLDR FLM IAR_OUT
set -u
extmem=$1
shift
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is not installed"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# the records, with their checksums (two's complement of the byte sum), from the Intel HEX specification
python3 - "$dir" <<'PY'
import sys
def rec(t, off, data=b""):
    b = bytes([len(data), off >> 8, off & 0xFF, t]) + data
    return ":" + (b + bytes([(-sum(b)) & 0xFF])).hex().upper() + "\n"
a, b = bytes(range(1, 17)), bytes(range(0x40, 0x50))
open(sys.argv[1] + "/two.hex", "w").write(rec(4, 0, b"\x70\x00") + rec(0, 0, a) + rec(0, 0x100, b) + rec(1, 0))
want = bytearray(b"\xff" * 512)
want[0:16] = a
want[0x100:0x110] = b
open(sys.argv[1] + "/want.bin", "wb").write(want)
PY
fail=0
for loader in "$@"; do
	rm -f "$dir/flash.bin" "$dir/got.bin"
	"$extmem" prog --loader "$loader" --flash "$dir/flash.bin" --quiet --write "$dir/two.hex" \
		--verify "$dir/two.hex" --read 0x70000000 512 "$dir/got.bin"
	rc=$?
	if [ $rc -eq 0 ] && cmp -s "$dir/got.bin" "$dir/want.bin"; then
		echo "ok   $(basename "$loader"): both segments written, the gap erased"
	else
		echo "FAIL $(basename "$loader"): exit $rc; the first 512 bytes:"
		[ -f "$dir/got.bin" ] && od -A x -t x1 "$dir/got.bin" | head -20
		fail=1
	fi
done
exit $fail
