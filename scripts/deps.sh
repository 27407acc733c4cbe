#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian packages the build needs, or says how.
# usage: scripts/deps.sh [demo|test]
#   demo  what `make demo` builds and runs: host compiler, CMake, the Arm
#         cross compiler and newlib, and the libraries the tool links
#   test  (default) all of that and what the suite adds: clang (fuzzer,
#         sanitizer runtime), clang-format, clang-tidy, cppcheck, sigrok-cli,
#         pyelftools and gdb-multiarch
# Exit status: 0 nothing missing (or installed now); 1 missing and not root;
# 2 a bad argument; 3 apt-get failed.
set -eu

demo="cmake make python3 gcc libc6-dev gcc-arm-none-eabi libnewlib-arm-none-eabi libcmocka-dev libelf-dev libunicorn-dev libcjson-dev"
test="$demo clang clang-format clang-tidy cppcheck libclang-rt-14-dev sigrok-cli python3-pyelftools gdb-multiarch"

case ${1:-test} in
demo) packages=$demo ;;
test) packages=$test ;;
-h | --help) sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
*) echo "deps: unknown set '$1' (demo or test)" >&2; exit 2 ;;
esac

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

# The same command in both cases: the lists first (a fresh machine may have none), no recommends.
cmd="apt-get update && apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing"
	start=$(date +%s)
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; }; then
		echo "deps: apt-get failed; the command was: $cmd" >&2
		exit 3
	fi
	echo "deps: installed $(echo "$missing" | wc -w) packages in $(($(date +%s) - start)) s"
else
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run this as root (or run make as root: it installs them):" >&2
	echo "  $cmd" >&2
	exit 1
fi
