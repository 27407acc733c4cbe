#!/bin/sh
# SPDX-License-Identifier: MIT
# A pinned loader links no SFDP discovery, and its .text stays under a bound.
# usage: check_size.sh NM SIZE MAX_TEXT LOADER...
# Fails when a loader holds the SFDP parser, its fix-ups, the planner or the
# SFDP driver's bring-up (extmem_sfdp_parse, extmem_sfdp_apply_fixups,
# extmem_nor_plan, select_from, extmem_nor_drv_init, extmem_nor_sfdp_driver:
# LTO may inline some of them, never all; the ops table goes when the core calls the driver by name),
# or when its .text (arm-none-eabi-size) is MAX_TEXT or more. A size check,
# not a timed one.
set -u
nm=$1
size=$2
max=$3
shift 3
fail=0
for f in "$@"; do
	if [ ! -r "$f" ]; then
		echo "check_size: $f: missing" >&2
		fail=1
		continue
	fi
	syms=$("$nm" "$f" | awk '{print $NF}' | grep -E '^(extmem_sfdp_parse|extmem_sfdp_apply_fixups|extmem_nor_plan|select_from|extmem_nor_drv_init|extmem_nor_sfdp_driver)(\.|$)')
	if [ -n "$syms" ]; then
		echo "check_size: $f: links SFDP discovery:" $syms >&2
		fail=1
	fi
	text=$("$size" "$f" | awk 'NR == 2 {print $1}')
	case $text in
	'' | *[!0-9]*)
		echo "check_size: $f: no .text size from $size" >&2
		fail=1
		continue
		;;
	esac
	if [ "$text" -ge "$max" ]; then
		echo "check_size: $f: .text $text B, the bound is under $max B" >&2
		fail=1
	else
		echo "$f: .text $text B (< $max B), no SFDP parser or planner"
	fi
done
exit $fail
