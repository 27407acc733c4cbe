#!/bin/sh
# SPDX-License-Identifier: MIT
# `extmem probe` on every part model at every link width: discovery, self-test
# and zero violations (exit 0); every injected fault reported as a failure with
# a status, never as ok; its answers to bad arguments.
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
		# A failed program or erase is a failed self-test (exit 4) with its status,
		# with and without the read-back verify, at 8 lines (every width:
		# test_nor_defects).
		[ "$lines" = 8 ] || continue
		for fault in program-fail erase-fail stuck-busy; do
			for verify in "" --no-verify; do
				out=$("$tool" probe --part "$part" --lines "$lines" --fault "$fault" $verify --json)
				rc=$?
				case $out in
				*'"selftest":"EXTMEM_OK"'*) rc=0 ;;
				esac
				if [ "$rc" -ne 4 ]; then
					echo "FAIL: probe --part $part --lines $lines --fault $fault $verify (exit $rc): $out"
					fail=1
				fi
			done
		done
	done
	out=$("$tool" probe --part "$part" --fault no-device --json)
	case $out in
	*'"init":"EXTMEM_ERR_NO_DEVICE"'*) ;;
	*)
		echo "FAIL: probe --part $part --fault no-device: $out"
		fail=1
		;;
	esac
done
# No DQS wired: no 8D, and nothing the part would misread.
for part in MX66UW1G45G MX25UW25645G MX25LM51245G; do
	if ! out=$("$tool" probe --part "$part" --no-dqs --json); then
		echo "FAIL: probe --part $part --no-dqs: $out"
		fail=1
	fi
done
# A part switched to octal by its configuration register alone (S28HS512T,
# CFR5V): 8D-8D-8D with a strobe, 8S-8S-8S without one or without DTR.
for want in "8D-8D-8D:" "8S-8S-8S:--no-dqs" "8S-8S-8S:--no-dtr"; do
	proto=${want%%:*}
	opt=${want#*:}
	# shellcheck disable=SC2086
	out=$("$tool" probe --part S28HS512T --lines 8 $opt --json)
	case $out in
	*"\"protocol\":\"$proto\""*'"selftest":"EXTMEM_OK"'*) ;;
	*)
		echo "FAIL: probe --part S28HS512T $opt: not $proto with a passing self-test: $out"
		fail=1
		;;
	esac
done
for bad in "--part NOPE" "--lines 3 --part MX66UW1G45G" "--sfdp /nonexistent" "" "--mhz x --part W25Q128JV" \
	"--part W25Q128JV --fault nope" "--part W25Q128JV --fault"; do
	# shellcheck disable=SC2086
	"$tool" probe $bad >/dev/null 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "FAIL: probe $bad succeeded"
		fail=1
	fi
done
exit $fail
