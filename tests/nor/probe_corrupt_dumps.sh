#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem probe` on parts whose SFDP tables lie: each real dump in
# ../shared/sfdp-dumps served with one byte inverted, at sampled offsets
# spread over the whole image. Whatever the corruption, the probe never
# reports a passing self-test with violations after bring-up (exit 3),
# never ends init in NO_DEVICE (the part is there and answers 1S-1S-1S),
# and names the stage of every protocol it abandoned. The part models are
# built from the clean image with our own parser (consistency, not
# correctness). Skipped (77) when the folder is absent.
set -u
tool=$1
dir=$2
if [ ! -d "$dir" ]; then
	echo "SKIP: $dir not present"
	exit 77
fi
fail=0
n=0
samples=12
for f in "$dir"/*.bin; do
	case $(basename "$f") in
	mx66uw1g345g*) id=C2843B ;;
	sst26vf064b*) id=BF2643 ;;
	*w25q256*) id=EF4019 ;;
	*n25q256a*) id=20BA19 ;;
	*is25wp256*) id=9D7019 ;;
	*mt35xu02g*) id=2C5B1C ;;
	*mx25l25635f*) id=C22019 ;;
	*) id=7F0001 ;;
	esac
	size=$(wc -c <"$f")
	k=0
	while [ $k -lt $samples ]; do
		# Offsets spread over the image, shifted per file so DWORD byte lanes vary.
		off=$(((size * k) / samples + (k * 5 + n) % 7))
		k=$((k + 1))
		[ "$off" -lt "$size" ] || continue
		n=$((n + 1))
		out=$("$tool" probe --sfdp "$f" --id "$id" --lines 8 --sfdp-flip "$off")
		rc=$?
		case $rc in
		3)
			echo "FAIL: $(basename "$f") flip $off: passing self-test with violations"
			fail=1
			;;
		esac
		case $out in
		*"init        FAILED at"*"NO_DEVICE"*)
			echo "FAIL: $(basename "$f") flip $off: init ended in NO_DEVICE"
			fail=1
			;;
		esac
		case $out in
		*"abandoned "*) echo "$(basename "$f") flip $off (exit $rc):" && echo "$out" | grep "abandoned\|init  \|self-test" ;;
		*) echo "$(basename "$f") flip $off (exit $rc)" ;;
		esac
	done
done
echo "$n corrupted images probed"
exit $fail
