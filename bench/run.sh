#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every host benchmark of a build (bench/benchmarks.txt, written by
# bench/CMakeLists.txt from the bench_* executable targets) and prints each
# table. Exits 1 when a benchmark fails or the list is empty or stale.
# usage: bench/run.sh BUILD/bench/benchmarks.txt [--check | --list-only]
#   --check      also require each benchmark to print a table (a line of numbers)
#   --list-only  check the list (host executables that exist), run nothing
set -u
list=$1
mode=${2:-}
[ -r "$list" ] || { echo "bench: $list is missing (configure and build first)" >&2; exit 1; }
n=0
fail=0
host_machine=$(od -A n -t u2 -j 18 -N 2 /bin/sh | tr -d ' ')
while IFS= read -r b; do
	[ -n "$b" ] || continue
	n=$((n + 1))
	if [ ! -x "$b" ]; then
		echo "bench: $b is listed but not built" >&2
		fail=1
		continue
	fi
	# an ELF for another machine (the benchmarks' own firmware) must never be in the list
	m=$(od -A n -t u2 -j 18 -N 2 "$b" | tr -d ' ')
	if [ "$m" != "$host_machine" ]; then
		echo "bench: $b is not a host executable (ELF machine $m, host $host_machine)" >&2
		fail=1
		continue
	fi
	[ "$mode" = --list-only ] && { echo "bench: $b"; continue; }
	echo "== $b"
	out=$("$b")
	st=$?
	printf '%s\n' "$out"
	if [ $st != 0 ]; then
		echo "bench: $b exited $st" >&2
		fail=1
	elif [ "$mode" = --check ] && ! printf '%s\n' "$out" | grep -Eq '[0-9]+\.[0-9]+.*[0-9]'; then
		echo "bench: $b printed no table" >&2
		fail=1
	fi
done <"$list"
if [ $n = 0 ]; then
	echo "bench: no benchmark in $list" >&2
	exit 1
fi
echo "bench: $n benchmarks$([ $fail = 0 ] && echo ", all ran" || echo ", some FAILED")"
exit $fail
