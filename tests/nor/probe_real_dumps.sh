#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem probe --sfdp` on every real SFDP image in ../shared/sfdp-dumps: a part
# model made from the image alone, discovered by the driver at 1, 4 and 8
# lines, self-tested, with no protocol violations. Skipped (77) when the
# folder is absent (a user's clone does not have it).
set -u
tool=$1
dir=$2
if [ ! -d "$dir" ]; then
	echo "SKIP: $dir not present"
	exit 77
fi
fail=0
n=0
for f in "$dir"/*.bin; do
	# The JEDEC IDs of the parts the images were read from (SFDP does not carry them).
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
	for lines in 1 4 8; do
		n=$((n + 1))
		if out=$("$tool" probe --sfdp "$f" --id "$id" --lines "$lines" --json); then
			echo "$(basename "$f") x$lines: $out"
		else
			echo "FAIL: $(basename "$f") x$lines: $out"
			fail=1
		fi
	done
done
[ "$n" -gt 0 ] || { echo "no images in $dir"; exit 1; }
exit $fail
