#!/bin/sh
# SPDX-License-Identifier: MIT
# The read-only Boot links none of the program/erase side of the NOR SFDP
# driver and parser (EXTMEM_NOR_READ_ONLY, extmem_nor_sfdp_readonly_driver).
# RO.elf and FULL.elf are the NUCLEO XIP Boot built from the same sources
# without inlining (-fno-inline, no LTO), so every function linked keeps its
# symbol: RO.elf read-only, FULL.elf with the full driver and parser. RO.elf
# must hold none of the symbols below and FULL.elf every one (so the check
# can fail: a name that no build links would prove nothing). LTO.elf, the
# real Boot (-flto), must hold none of them either.
# usage: boot_symbols.sh NM RO.elf FULL.elf LTO.elf
set -u
nm=$1 ro=$2 full=$3 lto=$4
# erase types and times, sector map, FF88 (sfdp.c); timeouts, SR1 error flags,
# first-program re-proof (nor_bringup.c); erase/program opcodes of the plan
# (nor_plan.c); write protection (nor_protect.c); program and erase (nor_array.c).
syms="erase_time_ms decode_smap check_smap_geometry keep_raw extmem_sfdp_smap_select
clamp_us sr_error_mask sr_clear_opcode extmem_nor_reprove reprove_hook
erase_4b_all set_prog_erase
is_sst26 bp_mask has_cmp write_sr1
extmem_nor_drv_write extmem_nor_drv_erase extmem_nor_drv_erase_all"
for f in "$ro" "$full" "$lto"; do
	[ -r "$f" ] || { echo "FAIL: $f: not readable"; exit 1; }
done
"$nm" "$ro" > ro.syms && "$nm" "$full" > full.syms && "$nm" "$lto" > lto.syms || { echo "FAIL: $nm could not read the ELFs"; exit 1; }
has() { awk -v s="$2" '$NF == s || $NF ~ "^" s "\\.(constprop|isra|part)\\." { f = 1 } END { exit !f }' "$1"; }
rc=0
for s in $syms; do
	if ! has full.syms "$s"; then
		echo "FAIL: $full (full driver) has no '$s': the check of it would prove nothing"
		rc=1
	fi
	if has ro.syms "$s"; then
		echo "FAIL: $ro (read-only Boot) links '$s'"
		rc=1
	fi
	if has lto.syms "$s"; then
		echo "FAIL: $lto (the Boot) links '$s'"
		rc=1
	fi
done
[ $rc -eq 0 ] && echo "ok: $(echo $syms | wc -w) program/erase symbols in the full driver's Boot, none in the read-only ones"
exit $rc
