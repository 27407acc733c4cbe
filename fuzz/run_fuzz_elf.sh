#!/bin/sh
# SPDX-License-Identifier: MIT
# usage: run_fuzz_elf.sh CLANG SRCDIR WORKDIR SECONDS
# Builds fuzz_elf (the emulator's ELF loader, with the emulator and device
# models it needs) with clang -fsanitize=fuzzer,address,undefined and fuzzes
# for SECONDS from the committed seeds (fuzz/seeds_elf/). Exits 77 (skipped)
# when clang, its libFuzzer runtime, Unicorn or libelf is missing.
set -u
clang=$1 src=$2 work=$3 secs=$4
if [ ! -x "$clang" ] && ! command -v "$clang" >/dev/null 2>&1; then
	echo "SKIP: clang not found"; exit 77
fi
mkdir -p "$work/corpus" || exit 1
if ! echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
	"$clang" -x c -fsanitize=fuzzer -o "$work/probe" - >/dev/null 2>&1; then
	echo "SKIP: clang's libFuzzer runtime is not installed (Debian: libclang-rt-14-dev)"; exit 77
fi
if [ ! -f /usr/include/unicorn/unicorn.h ] || [ ! -f /usr/include/gelf.h ]; then
	echo "SKIP: libunicorn-dev or libelf-dev is not installed"; exit 77
fi
# shellcheck disable=SC2046
"$clang" -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I "$src/include" -I "$src/sim/include" -I "$src/emu/include" -I "$src/emu" \
	"$src/fuzz/fuzz_elf.c" "$src"/emu/*.c "$src"/sim/*.c "$src"/sim/parts/*.c "$src"/sim/sfdp/*.c \
	"$src/src/xspi_op.c" "$src/src/status.c" "$src/src/nor/sfdp.c" "$src/src/nor/sfdp_fixups.c" \
	-lunicorn -lelf -o "$work/fuzz_elf" || exit 1
echo "fuzzing for $secs s, seeds: $(ls "$src/fuzz/seeds_elf" | wc -l) files"
# Unicorn keeps translation blocks until exit: leak reports from it are not the loader's
ASAN_OPTIONS=detect_leaks=0 "$work/fuzz_elf" -max_total_time="$secs" -print_final_stats=1 -max_len=8192 \
	-artifact_prefix="$work/" "$work/corpus" "$src/fuzz/seeds_elf"
