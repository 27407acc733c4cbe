#!/bin/sh
# SPDX-License-Identifier: MIT
# What `extmem prog` says and returns when things go wrong, for one loader:
# a program failure in the part (the loader must return its tool's failure
# code, never success), no device on the bus, an image outside the device,
# an unreadable image, an entry point that does not come back (the part
# stuck busy, cut by the emulator limit), and bad arguments.
# usage: prog_errors.sh EXTMEM LOADER WRITE_ENTRY FAIL_CODE WORKDIR
set -u
tool=$1 loader=$2 entry=$3 code=$4 dir=$5
mkdir -p "$dir" && cd "$dir" || exit 1
head -c 8192 /dev/zero | tr '\0' '\132' >small.bin
fail=0

# expect STATUS PATTERN ARGS...: exit status and a message on stderr
expect() {
	want=$1 pattern=$2
	shift 2
	"$tool" prog --loader "$loader" --quiet "$@" >out.txt 2>err.txt
	rc=$?
	if [ "$rc" != "$want" ] || ! grep -q -- "$pattern" err.txt; then
		echo "FAIL: prog $*: exit $rc (expected $want), stderr:"
		cat err.txt
		fail=1
	else
		echo "ok: prog $*: exit $rc: $(head -n 1 err.txt)"
	fi
}

expect 4 "$entry(0x70000000, .*) returned $code" --inject program-fail --write small.bin
expect 4 "returned" --inject no-device --write small.bin
expect 3 "outside the device" --write small.bin@0x7FFFF000
expect 3 "outside the device" --erase 0x6FFFF000 0x2000
expect 3 "small.bin.missing: No such file" --write small.bin.missing
expect 5 "did not return: time limit.*emulator limit" --inject stuck-busy --call-limit-ms 20 --write small.bin
expect 2 "--write needs a value" --write
expect 2 "--erase LEN: .zero. is not a length" --erase 0x70000000 zero
expect 2 "no action" --flash x.bin
"$tool" prog --help | grep -q "exit status" || { echo "FAIL: --help"; fail=1; }
rm -f small.bin out.txt err.txt
exit $fail
