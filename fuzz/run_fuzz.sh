#!/bin/sh
# SPDX-License-Identifier: MIT
# usage: run_fuzz.sh CLANG SRCDIR WORKDIR SECONDS WRITE_IMAGES
#        run_fuzz.sh --target NAME CLANG SRCDIR WORKDIR SECONDS
# The first form builds fuzz_sfdp with clang -fsanitize=fuzzer,address,undefined,
# writes the seed corpus (the project's own images), and fuzzes for SECONDS.
# The second builds fuzz/fuzz_NAME.c (image, boot, sd, hex, prog_elf) and fuzzes it from the
# seeds committed in fuzz/seeds/NAME. Both print the final executions and
# coverage, and exit 77 (skipped) when clang or its libFuzzer runtime is missing.
set -u
target=sfdp
if [ "$1" = "--target" ]; then
	target=$2; shift 2
fi
clang=$1 src=$2 work=$3 secs=$4 writer=${5:-}
if [ ! -x "$clang" ] && ! command -v "$clang" >/dev/null 2>&1; then
	echo "SKIP: clang not found"; exit 77
fi
mkdir -p "$work/seeds" "$work/corpus" || exit 1
if ! echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
	"$clang" -x c -fsanitize=fuzzer -o "$work/probe" - >/dev/null 2>&1; then
	echo "SKIP: clang's libFuzzer runtime is not installed (Debian: libclang-rt-14-dev)"; exit 77
fi
case $target in
sfdp) srcs="$src/src/nor/sfdp.c $src/src/nor/sfdp_fixups.c"; maxlen=4096 ;;
image) srcs="$src/src/boot/image.c"; maxlen=8192 ;;
boot) srcs="$src/src/boot/boot.c $src/src/boot/image.c $src/src/extmem.c $src/tests/common/test_memory.c"
	maxlen=8192 ;;
sd) srcs="$src/src/sdcard/sdcard.c $src/src/extmem.c $src/sim/sdcard.c $src/sim/device.c $src/sim/trace.c $src/sim/vcd.c $src/src/xspi_op.c $src/ports/host/host_sd.c"
	maxlen=4096 ;;
hex) srcs="$src/tools/image_hex.c $src/tools/image_raw.c $src/tools/image_elf.c $src/tools/file_load.c"
	maxlen=8192 ;;
prog_elf) srcs="$src/tools/image_hex.c $src/tools/image_raw.c $src/tools/image_elf.c"; maxlen=8192 ;;
*) echo "run_fuzz.sh: unknown target '$target' (sfdp, image, boot, sd, hex, prog_elf)"; exit 2 ;;
esac
# shellcheck disable=SC2086 # srcs is a list of paths without spaces
"$clang" -std=c11 -D_DEFAULT_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I "$src/include" -I "$src/src" -I "$src/tests/common" -I "$src/sim/include" -I "$src/ports/host" -I "$src/tools" "$src/fuzz/fuzz_$target.c" $srcs \
	"$src/src/status.c" -o "$work/fuzz_$target" || exit 1
if [ "$target" = sfdp ]; then
	"$writer" "$work/seeds" --no-hex || exit 1
else
	cp "$src/fuzz/seeds/$target"/* "$work/seeds/" || exit 1
fi
echo "fuzzing fuzz_$target for $secs s, seeds: $(ls "$work/seeds" | wc -l)"
"$work/fuzz_$target" -max_total_time="$secs" -print_final_stats=1 -max_len=$maxlen \
	-artifact_prefix="$work/" "$work/corpus" "$work/seeds"
