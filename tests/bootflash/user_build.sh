#!/bin/sh
# SPDX-License-Identifier: MIT
# A user's own project (user/) with extmem added by add_subdirectory: one
# extmem_bootflash() call, configured and built as the user would (the image
# target: the Appli ELF linked at the slot + header, then its image; the
# Boot's build is the example's), gives an image whose header says what the description asked (magic "EMXM",
# XIP, load address 0x70100400 = XSPI2 window + 1 MiB + 1 KiB).
# usage: user_build.sh EXTMEM_DIR WORKDIR
set -u
src=$1 dir=$2
py=/usr/bin/python3
[ -x "$py" ] || py=python3
rm -rf "$dir"
here=$(cd "$(dirname "$0")" && pwd)
args="NAME;u;BOARD;MY-BOARD;MEMORY;nor_sfdp;CONTROLLER;XSPI2;LINES;8;CLOCK_HZ;200000000;SIZE;32M;MODE;XIP;IMAGE_OFFSET;1M"
args="$args;RAM;DTCM:0x20000000:64K;AXI:0x24000000:456K;APPLI_DATA;AXI;APPLI_STACK;DTCM;LOADERS;OFF"
args="$args;APPLI_SOURCES;$src/examples/nucleo-h7s3l8/appli.c"
cmake -S "$here/user" -B "$dir" -DEXTMEM_DIR="$src" "-DBF_ARGS=$args" >"$dir.log" 2>&1 &&
	cmake --build "$dir" --target u_image >>"$dir.log" 2>&1 || { cat "$dir.log"; echo "FAIL: the user project did not build"; exit 1; }
for f in u_appli.elf u_appli.img; do
	[ -s "$dir/$f" ] || { echo "FAIL: $f not built"; exit 1; }
done
"$py" - "$dir/u_appli.img" <<'PYEOF'
import struct, sys
h = open(sys.argv[1], "rb").read(64)
magic, ver, hdr, flags, load = struct.unpack_from("<IHHII", h)
assert h[:4] == b"EMXM", "magic %r" % h[:4]
assert (ver, hdr, flags, load) == (1, 0x400, 1, 0x70100400), (ver, hdr, flags, hex(load))
print("user project: Boot, Appli and image built; header: version 1, hdr_size 0x400, XIP, load 0x70100400")
PYEOF
