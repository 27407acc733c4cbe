#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the library for Cortex-M7 (freestanding, -Os, -Werror) and prints
# the size of each object as arm-none-eabi-size reports it.
# usage: scripts/cross-build.sh BUILD_DIR
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$src/build/arm"}
cmake -S "$src" -B "$out" -DCMAKE_TOOLCHAIN_FILE="$src/cmake/arm-none-eabi.cmake" -DEXTMEM_FIRMWARE=ON \
	-DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
cmake --build "$out" -j2 >/dev/null
echo "cross-build: library objects for cortex-m7 (arm-none-eabi-gcc -Os -ffreestanding)"
find "$out/src" "$out/ports" -name '*.obj' | sort | xargs arm-none-eabi-size -t | sed -e "s|$out/src/CMakeFiles/extmem.dir/||" -e "s|$out/ports/stm32h7rs/CMakeFiles/[a-z0-9_]*.dir/|port: |"
