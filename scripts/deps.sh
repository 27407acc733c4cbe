#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian packages the build and tests need, or says how.
# usage: scripts/deps.sh [test|demo]
set -eu

packages="cmake make python3 gcc libc6-dev gcc-arm-none-eabi libnewlib-arm-none-eabi libcmocka-dev libelf-dev libunicorn-dev clang clang-format clang-tidy cppcheck libclang-rt-14-dev sigrok-cli libcjson-dev python3-pyelftools gdb-multiarch"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
else
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run as root, or install them with:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
