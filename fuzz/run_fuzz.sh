#!/bin/sh
# SPDX-License-Identifier: MIT
# usage: run_fuzz.sh CLANG SRCDIR WORKDIR SECONDS WRITE_IMAGES
# Builds fuzz_sfdp with clang -fsanitize=fuzzer,address,undefined, writes the
# seed corpus (the project's own images), and fuzzes for SECONDS. Exits 77
# (skipped) when clang or its libFuzzer runtime is missing.
set -u
clang=$1 src=$2 work=$3 secs=$4 writer=$5
if [ ! -x "$clang" ] && ! command -v "$clang" >/dev/null 2>&1; then
	echo "SKIP: clang not found"; exit 77
fi
mkdir -p "$work/seeds" "$work/corpus" || exit 1
if ! echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
	"$clang" -x c -fsanitize=fuzzer -o "$work/probe" - >/dev/null 2>&1; then
	echo "SKIP: clang's libFuzzer runtime is not installed (Debian: libclang-rt-14-dev)"; exit 77
fi
"$clang" -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I "$src/include" "$src/fuzz/fuzz_sfdp.c" "$src/src/nor/sfdp.c" "$src/src/nor/sfdp_fixups.c" \
	"$src/src/status.c" -o "$work/fuzz_sfdp" || exit 1
"$writer" "$work/seeds" --no-hex || exit 1
echo "fuzzing for $secs s, seeds: $(ls "$work/seeds" | wc -l) images"
"$work/fuzz_sfdp" -max_total_time="$secs" -print_final_stats=1 -max_len=4096 \
	-artifact_prefix="$work/" "$work/corpus" "$work/seeds"
