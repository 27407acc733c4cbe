#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem pin`: its arguments, exit statuses and messages, and a header the
# C compiler takes. The configuration values themselves are tested through
# the pinned driver (test_nor_pinned).
# usage: pin_cli.sh EXTMEM CC INCLUDE_DIR WORKDIR
set -u
tool=$1 cc=$2 inc=$3 dir=$4
mkdir -p "$dir" && cd "$dir" || exit 1
rm -f out.h
fail=0

# expect STATUS PATTERN ARGS...: exit status, and PATTERN in what it printed
expect() {
	want=$1 pattern=$2
	shift 2
	"$tool" pin "$@" >out.txt 2>err.txt
	rc=$?
	if [ "$rc" != "$want" ] || ! grep -q -- "$pattern" out.txt err.txt; then
		echo "FAIL: pin $*: exit $rc (expected $want, '$pattern'):"
		cat out.txt err.txt
		fail=1
	else
		echo "ok: pin $*: exit $rc"
	fi
}

link="--lines 8 --dtr --dqs --max-hz 200000000"
expect 0 "usage: extmem pin" --help
expect 2 "--part NAME is required" -o out.h
expect 2 "-o FILE is required" --part MX66UW1G45G
expect 2 "no part model 'MX00'" --part MX00 -o out.h
# shellcheck disable=SC2086
expect 2 "--lines: '3' is not a bus width" --part MX66UW1G45G --lines 3 -o out.h
expect 2 "max-hz" --part MX66UW1G45G --max-hz 999999 -o out.h
expect 2 "max-hz" --part MX66UW1G45G --max-hz 4294967297 -o out.h
expect 2 "--name: '9lives' is not a C identifier" --part MX66UW1G45G --name 9lives -o out.h
expect 2 "is a directory" --part MX66UW1G45G -o .
expect 2 "would both write to stdout" --part MX66UW1G45G -o - --json
expect 2 "unexpected argument 'extra'" --part MX66UW1G45G -o out.h extra
expect 5 "SST26VF064B cannot be pinned: it has a sector map" --part SST26VF064B -o out.h
expect 6 "cannot write" --part MX66UW1G45G -o no/such/dir/out.h
[ ! -e out.h ] || { echo "FAIL: a refused run left out.h"; fail=1; }
# shellcheck disable=SC2086
expect 0 '"protocol":"8D-8D-8D"' --part MX66UW1G45G $link --name board_part --json -o out.h
grep -q '"clock_hz":200000000' out.txt || { echo "FAIL: --json: no clock_hz 200000000"; fail=1; }
grep -q 'shows consistency with the SFDP driver' out.h || { echo "FAIL: the header does not say what it shows"; fail=1; }
# The header is C the firmware compiles: the const it defines, of the driver's type.
printf '#include "out.h"\nconst struct extmem_nor_pinned *p(void) { return &board_part; }\n' >use.c
if "$cc" -std=c11 -Wall -Wextra -Werror -fsyntax-only -I"$inc" -I. use.c 2>cc.txt; then
	echo "ok: the header compiles"
else
	echo "FAIL: the header does not compile:"
	cat cc.txt
	fail=1
fi
exit $fail
