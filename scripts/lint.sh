#!/bin/sh
# SPDX-License-Identifier: MIT
# Static analysis of the library, ports and tools.
# usage: scripts/lint.sh cppcheck|clang-tidy BUILD_DIR
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"
files=$(git ls-files 'src/*.c' 'tools/*.c' 'ports/*.c' 'examples/*.c' 2>/dev/null ||
	find src tools ports examples -name '*.c')
case "$1" in
cppcheck)
	# shellcheck disable=SC2086
	cppcheck --error-exitcode=1 --quiet --std=c11 --enable=warning,performance,portability \
		--inline-suppr -Iinclude -Isim/include -Iports/host -Isrc $files
	echo "cppcheck: $(echo "$files" | wc -l) files clean"
	;;
clang-tidy)
	# One run: its output kept for the report, its exit status for the verdict.
	log="$2/clang-tidy.log"
	# shellcheck disable=SC2086
	if clang-tidy --quiet -p "$2" $files >"$log" 2>&1; then rc=0; else rc=1; fi
	grep -v "warnings generated" "$log" || true
	[ "$rc" = 0 ] || exit 1
	echo "clang-tidy: $(echo "$files" | wc -l) files clean"
	;;
*)
	echo "usage: $0 cppcheck|clang-tidy BUILD_DIR" >&2
	exit 2
	;;
esac
