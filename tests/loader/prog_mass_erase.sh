#!/bin/sh
# SPDX-License-Identifier: MIT
# One loader's mass erase through `extmem prog --mass-erase`, the board's
# flash kept in a file between the sessions:
#   1. an 8 KiB pattern written at the first and the last 8 KiB of the
#      device: the file holds it there (the erase has something to clear);
#   2. --mass-erase: every byte of the device reads FFh (the file is the
#      device's array, SIZE bytes from the loader's description);
#   3. the part's erase failing (--inject erase-fail): the loader returns its
#      tool's failure code, never success (exit 4, the entry point named).
# usage: prog_mass_erase.sh EXTMEM LOADER SIZE FAIL_PATTERN WORKDIR
set -u
tool=$1 loader=$2 size=$3 pattern=$4 dir=$5
py=/usr/bin/python3
[ -x "$py" ] || py=python3
mkdir -p "$dir" && cd "$dir" || exit 1
rm -f me.flash me.bin out.txt err.txt
"$py" -c "import random; r = random.Random(7); open('me.bin', 'wb').write(bytes(r.getrandbits(8) for _ in range(8192)))" ||
	exit 1
last=$(printf '0x%X' $((0x70000000 + size - 8192)))
fail=0
"$tool" prog --loader "$loader" --flash me.flash --write me.bin@0x70000000 --write "me.bin@$last" --quiet ||
	{ echo "FAIL: writing the pattern"; fail=1; }
"$py" - "$size" <<'PY' || fail=1
import sys
size = int(sys.argv[1])
img = open("me.bin", "rb").read()
dev = open("me.flash", "rb").read()
assert len(dev) == size, "the flash file has %d bytes, expected %d" % (len(dev), size)
assert dev[:8192] == img and dev[-8192:] == img, "FAIL: the pattern is not at both ends before the erase"
print("before: the pattern at 0 and at %#x" % (size - 8192))
PY
"$tool" prog --loader "$loader" --flash me.flash --mass-erase >out.txt 2>err.txt
rc=$?
cat out.txt err.txt
[ "$rc" = 0 ] || { echo "FAIL: --mass-erase exit status $rc"; fail=1; }
grep -q "erased *$size bytes" out.txt || { echo "FAIL: the summary does not say $size bytes erased"; fail=1; }
grep -q " 0 NOR protocol violations" out.txt || { echo "FAIL: protocol violations"; fail=1; }
"$py" - "$size" <<'PY' || fail=1
import sys
size = int(sys.argv[1])
dev = open("me.flash", "rb").read()
assert len(dev) == size, "the flash file has %d bytes, expected %d" % (len(dev), size)
bad = next((i for i, b in enumerate(dev) if b != 0xFF), None) if dev.count(b"\xff") != size else None
if bad is not None:
    raise SystemExit("FAIL: after the mass erase, byte %#x is %02X" % (bad, dev[bad]))
print("after: all %d bytes read FFh" % size)
PY
"$tool" prog --loader "$loader" --inject erase-fail --mass-erase --quiet >out.txt 2>err.txt
rc=$?
if [ "$rc" != 4 ] || ! grep -q -- "$pattern" err.txt; then
	echo "FAIL: erase-fail: exit $rc (expected 4 and \"$pattern\"), stderr:"
	cat err.txt
	fail=1
else
	echo "ok: erase-fail: exit 4: $(head -n 1 err.txt)"
fi
rm -f me.flash me.bin out.txt err.txt
exit $fail
