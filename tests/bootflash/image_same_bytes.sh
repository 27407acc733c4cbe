#!/bin/sh
# SPDX-License-Identifier: MIT
# cmake/extmem_image.py (what a user's cross project runs) and `extmem image`
# (extmem's own build) repeat one encoding of docs/image-format.md: for the
# same ELF and arguments they must write the same bytes. Cases: the DK's XIP
# and LRUN Applis as the configurator images them, the NUCLEO's XIP Appli
# with a version number, the DK's LRUN Appli with a 128-byte header and no
# slot size.
# usage: image_same_bytes.sh EXTMEM PYTHON3 EXTMEM_DIR DK_XIP.elf DK_LRUN.elf NUCLEO_XIP.elf WORKDIR
set -u
extmem=$1 py=$2 src=$3 dk_xip=$4 dk_lrun=$5 nucleo=$6 dir=$7
rm -rf "$dir" && mkdir -p "$dir" || exit 1
fail=0
n=0
same() {
	n=$((n + 1))
	elf=$1
	shift
	if ! "$extmem" image "$elf" -o "$dir/$n.tool.img" "$@" >"$dir/$n.tool.log" 2>&1; then
		echo "FAIL case $n: extmem image $elf $*: $(cat "$dir/$n.tool.log")"
		fail=1
		return
	fi
	if ! "$py" "$src/cmake/extmem_image.py" "$elf" -o "$dir/$n.py.img" "$@" >"$dir/$n.py.log" 2>&1; then
		echo "FAIL case $n: extmem_image.py $elf $*: $(cat "$dir/$n.py.log")"
		fail=1
		return
	fi
	if cmp -s "$dir/$n.tool.img" "$dir/$n.py.img"; then
		echo "ok   case $n: $(wc -c <"$dir/$n.tool.img") identical bytes: $(basename "$elf") $*"
	else
		echo "FAIL case $n: the images differ: $(cmp "$dir/$n.tool.img" "$dir/$n.py.img" 2>&1 | head -1)"
		fail=1
	fi
}
same "$dk_xip" --mode xip --load 0x70000400 --hdr-size 0x400 --slot-size 0x100000 --image-version 0
same "$dk_lrun" --mode lrun --load 0x24000000 --hdr-size 0x40 --slot-size 0x100000 --image-version 0
same "$nucleo" --mode xip --load 0x70000400 --hdr-size 0x400 --slot-size 0x2000000 --image-version 0x01020003
same "$dk_lrun" --mode lrun --load 0x24000000 --hdr-size 0x80
[ "$n" -gt 0 ] && [ $fail = 0 ] && echo "$n cases: the two encoders agree" && exit 0
exit 1
