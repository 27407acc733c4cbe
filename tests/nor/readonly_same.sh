#!/bin/sh
# SPDX-License-Identifier: MIT
# test_nor_readonly_same, full and read-only builds: the same decisions on every case (see the .c file).
# usage: readonly_same.sh FULL_EXE READONLY_EXE WORKDIR
set -u
full=$1 ro=$2 dir=$3
mkdir -p "$dir" || exit 2
"$full" "$dir/full.txt" || { echo "full build: a case read back wrong (above)"; exit 1; }
"$ro" "$dir/readonly.txt" || { echo "read-only build: a case read back wrong (above)"; exit 1; }
if ! diff -u "$dir/full.txt" "$dir/readonly.txt"; then
	echo "the read-only build decided differently from the full driver (- full, + read-only)"
	exit 1
fi
echo "$(wc -l < "$dir/full.txt") cases, the same decisions in both builds"
