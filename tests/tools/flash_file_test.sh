#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem run --flash FILE` keeps the NOR between runs, as a board keeps its
# flash: a missing file is created at the part's size (MX66UW1G45G: 1 Gbit =
# 134217728 bytes, datasheet), the firmware's own writes survive to the next
# run, and an application programmed by one run boots from the file in the next.
# With LOADER (an External Memory Loader for the DK), `extmem prog` and
# `extmem run` share the file: prog programs the application, two runs of the
# counter firmware write the NOR themselves and each sees the last one's write,
# the application still boots, and prog reads and verifies what the runs left.
# usage: flash_file_test.sh EXTMEM COUNTER.elf BOOT.elf APPLI.elf [LOADER]
set -u
extmem=$1 counter=$2 boot=$3 appli=$4 loader=${5:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
check() { if [ "$1" = "$2" ]; then echo "ok   $3"; else echo "FAIL $3: got '$1', want '$2'"; fail=1; fi; }
count() { od -A n -t x1 -j 1048576 -N 4 "$dir/nor.bin" | tr -d ' \n'; }

"$extmem" run "$counter" --flash "$dir/nor.bin" --quiet >"$dir/1.log" 2>&1
check $? 0 "first run exits 0"
check "$(stat -c %s "$dir/nor.bin" 2>/dev/null)" 134217728 "the flash file is created at the part's size"
check "$(count)" 01000000 "the firmware's first write is in the file"
"$extmem" run "$counter" --flash "$dir/nor.bin" --quiet >"$dir/2.log" 2>&1
check $? 0 "second run exits 0"
check "$(count)" 02000000 "the second run read the first run's write and wrote the next count"

"$extmem" run "$boot" --appli "$appli" --flash "$dir/nor.bin" --quiet >"$dir/3.log" 2>&1
check $? 0 "a run programs the application into the flash file"
"$extmem" run "$boot" --flash "$dir/nor.bin" --quiet >"$dir/4.log" 2>&1
check $? 0 "the next run boots the application from the file"
grep -q "BKPT #0 at 0x70" "$dir/4.log"
check $? 0 "the application ran in place from the file's contents"
check "$(count)" 02000000 "the count elsewhere in the part is untouched"

if [ -n "$loader" ]; then
	p="$dir/prog.bin"
	cnt() { od -A n -t x1 -j 1048576 -N 4 "$p" | tr -d ' \n'; }
	"$extmem" prog --loader "$loader" --flash "$p" --write "$appli" --quiet >"$dir/p1.log" 2>&1
	check $? 0 "extmem prog programs the application into a new flash file"
	"$extmem" run "$boot" --flash "$p" --quiet >"$dir/p2.log" 2>&1
	check $? 0 "extmem run boots what prog programmed"
	grep -q "BKPT #0 at 0x70" "$dir/p2.log"
	check $? 0 "the application ran in place"
	"$extmem" run "$counter" --flash "$p" --quiet >"$dir/p3.log" 2>&1
	check $? 0 "first counter run on the programmed file"
	check "$(cnt)" 01000000 "its own flash write is in the file"
	"$extmem" run "$counter" --flash "$p" --quiet >"$dir/p4.log" 2>&1
	check $? 0 "second counter run"
	check "$(cnt)" 02000000 "it read the first run's write and wrote the next count"
	"$extmem" run "$boot" --flash "$p" --quiet >"$dir/p5.log" 2>&1
	check $? 0 "the application still boots after the firmware's writes"
	"$extmem" prog --loader "$loader" --flash "$p" --verify "$appli" --quiet >"$dir/p6.log" 2>&1
	check $? 0 "extmem prog verifies the application in the file the runs wrote"
	"$extmem" prog --loader "$loader" --flash "$p" --read 0x70100000 4 "$dir/count.bin" --quiet >"$dir/p7.log" 2>&1
	check $? 0 "extmem prog reads the count"
	check "$(od -A n -t x1 "$dir/count.bin" 2>/dev/null | tr -d ' \n')" 02000000 "prog sees the count the runs wrote"
fi

# a run refused before it starts leaves the file alone (and does not create one)
"$extmem" run /nonexistent.elf --flash "$dir/new.bin" >/dev/null 2>&1
check $? 2 "a bad ELF is exit status 2"
check "$(ls "$dir/new.bin" 2>/dev/null)" "" "and creates no flash file"
[ $fail = 0 ] || { for f in "$dir"/*.log; do echo "== $f"; cat "$f"; done; }
exit $fail
