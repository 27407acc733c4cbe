#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem powercut` says whether the Boot checks images from src/boot's
# absolute marker symbol extmem_boot_checks_images alone: the example Boot
# reports it found, and the same ELF with only that symbol stripped
# (objcopy; every byte of the image unchanged) reports it not found, in the
# --json field and in the table's text.
# usage: powercut_marker_test.sh EXTMEM OBJCOPY BOOT.elf IMAGE.elf STLDR
set -u
extmem=$1 objcopy=$2 boot=$3 image=$4 stldr=$5
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is not installed"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$objcopy" --strip-symbol=extmem_boot_checks_images "$boot" "$dir/boot_nomarker.elf" || exit 1
fail=0
run() { # NAME BOOT WANT(true|false)
	"$extmem" powercut "$2" --loader "$stldr" --image "$image" --points 1 --json >"$dir/$1.json" 2>"$dir/$1.err"
	echo "== $1: exit $?"
	"$extmem" powercut "$2" --loader "$stldr" --image "$image" --points 1 >"$dir/$1.txt" 2>>"$dir/$1.err"
	cat "$dir/$1.err"
	python3 - "$dir/$1.json" "$dir/$1.txt" "$3" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
want = sys.argv[3] == "true"
ok = j["boot_checks_images"] is want
print(("ok   " if ok else "FAIL ") + "boot_checks_images is %s (want %s)" % (j["boot_checks_images"], want))
line = "marker extmem_boot_checks_images " + ("found" if want else "not found")
ok2 = line in text
print(("ok   " if ok2 else "FAIL ") + "the table says '%s'" % line)
sys.exit(0 if ok and ok2 else 1)
PY
}
run with_marker "$boot" true
run without_marker "$dir/boot_nomarker.elf" false
[ $fail -eq 0 ] && echo "the marker alone decides" || echo "FAILED"
exit $fail
