#!/bin/sh
# SPDX-License-Identifier: MIT
# gdb-multiarch debugs the example boot on `extmem run --gdb 0` as it would a
# board: break at main's first line, step over a line, read a variable, a hardware
# watchpoint on a write, read the XSPI2 window once the boot has mapped it,
# a breakpoint at the application's entry in the window, continue until the
# application drives its LEDs, monitor commands, kill. Expected values from
# outside the emulator: the XSPI2 register base 0x5200A000 (RM0477), the
# boot's 600 MHz CPU clock (its own setup), the application's vector table
# as gdb reads it from APPLI.elf itself, LD2 = PO5 (the DK's schematic),
# which only the application drives.
# usage: gdb_session_test.sh EXTMEM BOOT.elf IMAGE.elf APPLI.elf
# (IMAGE.elf: the boot image, header and all, at the slot; APPLI.elf: the
# application as linked, whose ELF header names its entry)
set -u
extmem=$1 boot=$2 appli=$3 code=$4
if ! command -v gdb-multiarch >/dev/null 2>&1; then
	echo "SKIP: gdb-multiarch is not installed (scripts/deps.sh installs it)"
	exit 77
fi
dir=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
fail=0
check() { if grep -q -- "$2" "$1"; then echo "ok   $3"; else echo "FAIL $3: no '$2' in $1"; fail=1; fi; }

"$extmem" run "$boot" --appli "$appli" --gdb 0 --leds 4 --max-ms 100 >"$dir/run.log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 100); do
	port=$(sed -n 's/^extmem run: GDB server listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$dir/run.log")
	[ -n "$port" ] && break
	sleep 0.1
done
if [ -z "$port" ]; then
	echo "FAIL the server printed no port"
	cat "$dir/run.log"
	exit 1
fi
echo "ok   listening on port $port"

# the window's first words as the application's ELF holds them (gdb reads the file, no target)
want=$(gdb-multiarch -batch -nx -ex 'x/2wx 0x70000000' "$appli" 2>/dev/null | sed -n 's/^0x70000000[^:]*:[[:space:]]*\(0x[0-9a-f]*\)[[:space:]]*\(0x[0-9a-f]*\).*/\1 \2/p')
# the application's entry as its ELF header names it (the window opens with the image header)
entry=$(gdb-multiarch -batch -nx -ex 'info files' "$code" 2>/dev/null | sed -n 's/^[[:space:]]*Entry point: \(0x[0-9a-f]*\).*/\1/p')
entry=$(printf '0x%x' $((${entry:-1} & ~1))) # the Thumb bit off: the instruction's address

# main's first statement by its line, not "break main": where gdb puts a function's breakpoint follows
# the line table the compiler emits (with some flags it is the opening brace, and "next" then stops at
# the clock setup call instead of stepping over it)
template="$(dirname "$0")/../../cmake/templates/bootflash_boot.c"
first=$(grep -n 'int rc = extmem_stm32_clock_init(&clocks);' "$template" | head -1 | cut -d: -f1)
if [ -z "$first" ]; then
	echo "FAIL no clock setup line in $template (the session breaks there)"
	exit 1
fi

cat >"$dir/session.gdb" <<GDB
set pagination off
set confirm off
target remote 127.0.0.1:$port
break bootflash_boot.c:$first
continue
next
print clocks.cpu_hz
watch extmem_bf_xspi.base
continue
delete
tbreak extmem_nor_drv_map
continue
finish
x/2wx 0x70000000
break *$entry
continue
print/x \$pc
continue
print/x \$pc
continue
print/x \$pc
monitor leds
monitor nor
monitor stats
monitor bogus
kill
GDB
timeout 60 gdb-multiarch -batch -nx -x "$dir/session.gdb" "$boot" >"$dir/gdb.log" 2>&1
wait "$pid"
rc=$?
pid=
out="$dir/gdb.log"
check "$out" "^Breakpoint 1, main () at .*boot.c" "break at main"
check "$out" "^[0-9]*[[:space:]]*if (rc == EXTMEM_OK) {" "next stepped over the clock setup to the line that tests it"
check "$out" '^\$1 = 600000000$' "print reads the boot's clocks.cpu_hz (600 MHz)"
check "$out" "^Hardware watchpoint 2: extmem_bf_xspi.base" "a hardware watchpoint is accepted"
check "$out" "^New value = 1375772672$" "the watchpoint hit on the write of the XSPI2 base 0x5200A000"
check "$out" "in extmem_stm32_xspi_init" "and stopped in the function that wrote it"
check "$out" "Value returned is \$[0-9]* = 0$" "the NOR driver's map (extmem_nor_drv_map) returned EXTMEM_OK"
vt=$(sed -n 's/^0x70000000[^:]*:[[:space:]]*\(0x[0-9a-f]*\)[[:space:]]*\(0x[0-9a-f]*\).*/\1 \2/p' "$out")
if [ -n "$want" ] && [ "$vt" = "$want" ]; then echo "ok   the XSPI2 window shows the application's vector table ($vt)"; else echo "FAIL window read '$vt', want '$want'"; fail=1; fi
check "$out" "^Breakpoint 4, $entry in" "a breakpoint at the application's entry in the window hits"
check "$out" "^extmem: stop: LED events: 8 LED changes logged" "continue runs the application until 4 more LED changes (8 in all), the reason on the console"
check "$out" "LD2 (PO5) = 0" "the application lit LD2"
check "$out" '^\$[0-9]* = 0x700' "the PC is in the XSPI2 window"
check "$out" "8D-8D-8D (octal DTR)" "monitor nor tells the NOR's mode"
check "$out" "XSPI ops" "monitor stats prints the bus statistics"
check "$out" "unknown monitor command 'bogus'" "an unknown monitor command is named"
check "$dir/run.log" "session ended by the debugger" "kill ends the run"
if [ "$rc" = 0 ]; then echo "ok   extmem run exits 0"; else echo "FAIL extmem run exit status $rc"; fail=1; fi
[ $fail = 0 ] || { echo "== gdb"; cat "$out"; echo "== extmem run"; cat "$dir/run.log"; }
exit $fail
