#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem probe` on every part model at every link width: discovery, self-test
# and zero violations (exit 0), plus its answers to bad arguments.
set -u
tool=$1
fail=0
parts=$("$tool" probe --help | sed -n 's/.*--part NAME   a part model: //p')
[ -n "$parts" ] || { echo "no part list in --help"; exit 1; }
for part in $parts; do
	for lines in 1 2 4 8; do
		if out=$("$tool" probe --part "$part" --lines "$lines" --json); then
			echo "$out"
		else
			echo "FAIL: probe --part $part --lines $lines: $out"
			fail=1
		fi
	done
done
for bad in "--part NOPE" "--lines 3 --part MX66UW1G45G" "--sfdp /nonexistent" "" "--mhz x --part W25Q128JV"; do
	# shellcheck disable=SC2086
	if "$tool" probe $bad >/dev/null 2>&1; then
		echo "FAIL: probe $bad succeeded"
		fail=1
	fi
done
exit $fail
