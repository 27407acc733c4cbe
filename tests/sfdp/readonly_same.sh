#!/bin/sh
# SPDX-License-Identifier: MIT
# test_sfdp_readonly_same, full and read-only builds: the same fields on every image and variant (see the .c file).
# usage: readonly_same.sh FULL_EXE READONLY_EXE WORKDIR
set -u
full=$1 ro=$2 dir=$3
mkdir -p "$dir" || exit 2
"$full" "$dir/full.txt" || exit 1
"$ro" "$dir/readonly.txt" || exit 1
if [ "$(wc -l < "$dir/full.txt")" != "$(wc -l < "$dir/readonly.txt")" ]; then
	echo "the two builds parsed a different number of images"
	exit 1
fi
# Variants the full build refuses for their erase geometry are left out: a read-only build does not decode it.
paste -d '\t' "$dir/full.txt" "$dir/readonly.txt" | awk -F '\t' '
	$1 ~ /erase-geometry/ { left++; next }
	$1 != $2 { if (bad < 5) { print "full:      " $1; print "read-only: " $2 } bad++ }
	END {
		printf "%d images and variants, %d left out (erase geometry), %d decoded differently\n", NR, left, bad
		exit bad != 0
	}'
status=$?
grep -q 'not here, skipped' "$dir/full.txt" && echo "some real dumps are not here (../shared): not compared"
exit $status
