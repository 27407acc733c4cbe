#!/bin/sh
# SPDX-License-Identifier: MIT
# The cross project of cross/ (STM32CubeMX-shaped: toolchain file, its own
# executable) configured with cmake/arm-none-eabi.cmake and built: its
# executable must come out linked by the generated script at XSPI2 window
# + 2 MiB + 1 KiB (0x70200400, vector table first) and its image header
# must say so (magic "EMXM", XIP, hdr_size 0x400, load 0x70200400).
# usage: cross_build.sh EXTMEM_DIR WORKDIR
set -u
src=$1 dir=$2
py=/usr/bin/python3
[ -x "$py" ] || py=python3
rm -rf "$dir"
here=$(cd "$(dirname "$0")" && pwd)
cmake -S "$here/cross" -B "$dir" -DEXTMEM_DIR="$src" -DCMAKE_TOOLCHAIN_FILE="$src/cmake/arm-none-eabi.cmake" \
	>"$dir.log" 2>&1 && cmake --build "$dir" --target u_image >>"$dir.log" 2>&1 ||
	{ cat "$dir.log"; echo "FAIL: the cross project did not build"; exit 1; }
"$py" - "$dir/app.elf" "$dir/u_appli.img" <<'PYEOF'
import struct, sys
elf = open(sys.argv[1], "rb").read()
entry, = struct.unpack_from("<I", elf, 24)
img = open(sys.argv[2], "rb").read()
magic, ver, hdr, flags, load = struct.unpack_from("<IHHII", img)
assert img[:4] == b"EMXM", "magic %r" % img[:4]
assert (ver, hdr, flags, load) == (1, 0x400, 1, 0x70200400), (ver, hdr, flags, hex(load))
sp, reset = struct.unpack_from("<II", img, 0x400)
assert sp == 0x20010000, "initial SP 0x%08X, expected the top of DTCM" % sp
assert reset == entry and reset & 1 and 0x70200400 <= reset < 0x70200400 + len(img), "reset 0x%08X" % reset
print("cross project: app.elf linked at 0x70200400 by the generated script; image header XIP, load 0x70200400")
PYEOF
