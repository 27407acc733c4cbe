#!/bin/sh
# SPDX-License-Identifier: MIT
# One loader, one `extmem prog` session, the way a user programs a board:
#   write a SIZE-byte pseudo-random image at the start of the NOR, read it
#   back whole, verify it against a copy with one corrupted byte, erase an
#   arbitrary range [0x70011234, +0x2345) and read the first 192 KiB again.
# Expected results come from the sector size the loader's format declares
# (SECTOR: the part's 4 KiB sectors for .stldr, its 64 KiB blocks for .FLM
# and IAR): the sectors holding the range are erased, nothing else changes.
# usage: prog_roundtrip.sh EXTMEM LOADER SIZE SECTOR WORKDIR
set -u
tool=$1 loader=$2 size=$3 sector=$4 dir=$5
py=/usr/bin/python3
[ -x "$py" ] || py=python3
mkdir -p "$dir" && cd "$dir" || exit 1
rm -f image.bin corrupt.bin back.bin after.bin out.txt err.txt
"$py" - "$size" <<'EOF' || exit 1
import random, sys
n = int(sys.argv[1])
r = random.Random(12)
img = bytearray(r.getrandbits(8) for _ in range(min(n, 65536)))
img = (img * (n // len(img) + 1))[:n]
# make every 64 KiB block differ so a wrong address shows
for k in range(0, n, 65536):
    img[k:k + 4] = k.to_bytes(4, "little")
open("image.bin", "wb").write(img)
bad = bytearray(img)
bad[0x12345] ^= 0x40
open("corrupt.bin", "wb").write(bad)
EOF
"$tool" prog --loader "$loader" --write image.bin --read 0x70000000 "$size" back.bin --verify corrupt.bin \
	--erase 0x70011234 0x2345 --read 0x70000000 192k after.bin >out.txt 2>err.txt
rc=$?
cat out.txt err.txt
fail=0
[ "$rc" = 1 ] || { echo "FAIL: exit status $rc, expected 1 (verify found the corrupted byte)"; fail=1; }
cmp image.bin back.bin || { echo "FAIL: the image read back differs"; fail=1; }
grep -q "differs from the device at 0x70012345" err.txt || { echo "FAIL: verify did not name 0x70012345"; fail=1; }
grep -q " 0 NOR protocol violations" out.txt || { echo "FAIL: protocol violations"; fail=1; }
"$py" - "$sector" <<'EOF' || fail=1
import sys
sector = int(sys.argv[1], 0)
lo, hi = 0x11234, 0x11234 + 0x2345
first, end = lo - lo % sector, (hi + sector - 1) // sector * sector
img = open("image.bin", "rb").read()[:0x30000]
got = open("after.bin", "rb").read()
assert len(got) == 0x30000, "short read"
for i in range(0x30000):
    want = 0xFF if first <= i < end else img[i]
    if got[i] != want:
        raise SystemExit("FAIL: after the erase, byte 0x%05X is %02X, expected %02X" % (i, got[i], want))
print("erase: 0x%05X..0x%05X erased, the rest of the first 192 KiB unchanged" % (first, end - 1))
EOF
rm -f image.bin corrupt.bin back.bin
exit $fail
