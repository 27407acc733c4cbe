#!/bin/sh
# SPDX-License-Identifier: MIT
# The NUCLEO-H7S3L8 example built by extmem_bootflash(), the way a user runs it:
#   1. `extmem prog` with the board's .stldr writes the Appli image at its
#      slot into the emulated MX25UW25645G (kept in a flash file);
#   2. `extmem run` boots the Boot from internal flash: the Appli must run
#      (in place: from the XSPI2 window 0x70...; LRUN: from AXI SRAM 0x24...)
#      and blink LD1 (PD10) and LD2 (PD13) three times each (UM3276 user
#      LEDs), end on BKPT #0 where it runs, no protocol violation;
#      and the Boot leaves the NOR reading in 8D-8D-8D at 200 MHz: every
#      EEh/11h read of the XSPI trace lasts (len/2 + 1 + 2 + dummy) clocks of
#      5 ns (8D: 2 bytes per clock, the 2-byte opcode in 1, the 4-byte address
#      in 2), with the MX25UW25645G's 20 dummy clocks at 200 MHz (datasheet);
#   3. an erased NOR, a flipped payload byte and a flipped header byte must
#      each end in the failure state (LD3, PB7, on; extmem_stm32_boot_fail
#      reached) with the Appli never started; the good image boots again.
# usage: nucleo_boot.sh EXTMEM STLDR BOOT.elf IMAGE ADDR WORKDIR RUNS_AT
# (RUNS_AT: the Appli's address prefix, 0x70 for XIP, 0x24 for LRUN)
set -u
tool=$1 loader=$2 boot=$3 image=$4 addr=$5 dir=$6 at=$7
py=/usr/bin/python3
[ -x "$py" ] || py=python3
mkdir -p "$dir" && cd "$dir" || exit 1
rm -f good.flash bad.flash erased.flash out.txt trace.txt
fail=0

"$tool" prog --loader "$loader" --flash good.flash --write "$image@$addr" --verify "$image@$addr" --quiet >out.txt 2>&1 ||
	{ cat out.txt; echo "FAIL: extmem prog could not program $image at $addr"; exit 1; }

run() { # run FLASH [extra options]: output in out.txt, exit status in $rc
	f=$1
	shift
	"$tool" run --board nucleo-h7s3l8 "$boot" --flash "$f" --max-ms 50 "$@" >out.txt 2>&1
	rc=$?
}

run good.flash --trace trace.txt
cat out.txt
[ "$rc" = 0 ] || { echo "FAIL: good image: exit status $rc"; fail=1; }
grep -q "BKPT #0 at $at" out.txt || { echo "FAIL: good image: the Appli did not end at $at..."; fail=1; }
[ "$(grep -c 'LD1 (PD10) -> 1' out.txt)" = 3 ] || { echo "FAIL: LD1 did not light three times"; fail=1; }
[ "$(grep -c 'LD2 (PD13) -> 1' out.txt)" = 3 ] || { echo "FAIL: LD2 did not light three times"; fail=1; }
grep -q " 0 protocol violations" out.txt || { echo "FAIL: protocol violations"; fail=1; }
grep -q "LD3 (PB7) -> 1" out.txt && { echo "FAIL: the failure LED lit on a good image"; fail=1; }
awk '/ 8D-8D-8D op=EE11 / && / rd / {
	for (i = 1; i <= NF; i++) {
		if ($i ~ /^len=/) l = substr($i, 5)
		if ($i ~ /^dummy=/) d = substr($i, 7)
		if ($i ~ /^dur=/) t = substr($i, 5)
	}
	sub(/ns$/, "", t)
	n++
	if (d != 20 || t + 0 != (l / 2 + 3 + d) * 5) { print "not 8D at 200 MHz with 20 dummy clocks: " $0; bad++ }
}
END { exit !(n > 0 && bad == 0) }' trace.txt && echo "NOR: $(grep -c ' 8D-8D-8D op=EE11 ' trace.txt) reads in 8D-8D-8D at 200 MHz, 20 dummy clocks" ||
	{ echo "FAIL: the Boot did not read the NOR in 8D-8D-8D at 200 MHz"; fail=1; }

# One byte of the image flipped in the NOR, at an offset of the image (file offset + slot).
corrupt() { # corrupt OFFSET
	cp good.flash bad.flash
	"$py" - "$1" "$addr" <<'PYEOF'
import sys
off, slot = int(sys.argv[1], 0), int(sys.argv[2], 0) - 0x70000000
with open("bad.flash", "r+b") as f:
    f.seek(slot + off)
    b = f.read(1)
    f.seek(slot + off)
    f.write(bytes([b[0] ^ 0x01]))
PYEOF
}
check_fails() { # check_fails NAME
	if [ "$rc" != 0 ] || ! grep -q "LD3 (PB7) -> 1" out.txt || grep -q "LD1 (PD10) -> 1" out.txt ||
		grep -q "at $at" out.txt; then
		cat out.txt
		echo "FAIL: $1: not the failure state (exit $rc, or no LD3, or the Appli ran)"
		fail=1
	else
		echo "$1: failure state (LD3 on, extmem_stm32_boot_fail reached, Appli not started)"
	fi
}
run erased.flash --until-symbol extmem_stm32_boot_fail
check_fails "erased NOR"
corrupt 0x420
run bad.flash --until-symbol extmem_stm32_boot_fail
check_fails "payload byte flipped"
corrupt 0x10
run bad.flash --until-symbol extmem_stm32_boot_fail
check_fails "header byte flipped"
run good.flash
[ "$rc" = 0 ] && grep -q "BKPT #0 at $at" out.txt || { echo "FAIL: the good image did not boot again"; fail=1; }
rm -f good.flash bad.flash erased.flash trace.txt
exit $fail
