#!/bin/sh
# SPDX-License-Identifier: MIT
# What readelf (binutils, not our reader) shows of a .stldr, against the
# STM32CubeProgrammer external-loader format and the part's datasheet:
# StorageInfo alone in its own PT_LOAD segment, its fields at the offsets the
# tool reads (name[100], u16 type at 100, start 104, size 108, page 112,
# erase value 116, sector groups from 120 ending with a zero pair), and the
# seven entry points as global functions.
# usage: check_stldr.sh READELF STLDR NAME SIZE
set -u
readelf=$1 f=$2 name=$3 size=$4
fail=0
syms=$("$readelf" -sW "$f") || exit 1
for e in Init Write Read SectorErase MassErase CheckSum Verify; do
	echo "$syms" | grep -Eq " FUNC +GLOBAL +DEFAULT +[0-9]+ $e\$" || { echo "FAIL: $e is not a global function"; fail=1; }
done
echo "$syms" | grep -Eq " OBJECT +GLOBAL +DEFAULT +[0-9]+ StorageInfo\$" || { echo "FAIL: StorageInfo symbol"; fail=1; }
# the segment that holds .Dev_info holds nothing else
"$readelf" -lW "$f" | grep -Eq '^ +[0-9]+ +\.Dev_info *$' || { echo "FAIL: .Dev_info not alone in a segment"; fail=1; }
# the bytes of the section, as readelf dumps them
hex=$("$readelf" -x .Dev_info "$f" | awk '/^  0x/ { for (i = 2; i <= 5 && i <= NF; i++) if ($i ~ /^[0-9a-f]+$/) printf "%s", $i }')
/usr/bin/python3 - "$hex" "$name" "$size" <<'EOF' || fail=1
import struct, sys
raw = bytes.fromhex(sys.argv[1])
want_name, want_size = sys.argv[2], int(sys.argv[3], 0)
bad = []
if len(raw) < 136:
    sys.exit("FAIL: StorageInfo is %d bytes, expected 120 + two sector pairs" % len(raw))
name = raw[:100].split(b"\0")[0].decode()
dtype, = struct.unpack_from("<H", raw, 100)
start, size, page = struct.unpack_from("<III", raw, 104)
erase = raw[116]
groups = [struct.unpack_from("<II", raw, 120 + 8 * k) for k in range((len(raw) - 120) // 8)]
if name != want_name: bad.append("DeviceName %r" % name)
if dtype != 3: bad.append("DeviceType %d, expected NOR_FLASH (3)" % dtype)
if start != 0x70000000: bad.append("DeviceStartAddress 0x%08X" % start)
if size != want_size: bad.append("DeviceSize %d, expected %d" % (size, want_size))
if page != 256: bad.append("PageSize %d, expected the part's 256-byte page" % page)
if erase != 0xFF: bad.append("EraseValue 0x%02X" % erase)
if groups[:2] != [(want_size // 4096, 4096), (0, 0)]:
    bad.append("Sectors %r, expected %d x 4 KiB then the zero pair" % (groups[:2], want_size // 4096))
for b in bad:
    print("FAIL: " + b)
if not bad:
    print("StorageInfo: %r, type %d, 0x%08X + %d, page %d, erase 0x%02X, %r" % (name, dtype, start, size, page, erase, groups[0]))
sys.exit(1 if bad else 0)
EOF
exit $fail
