#!/bin/sh
# SPDX-License-Identifier: MIT
# Fails when a tracked C file does not follow .clang-format.
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]' -not -path './build*')
[ -n "$files" ] || { echo "check-format: no files"; exit 1; }
# shellcheck disable=SC2086
clang-format --dry-run --Werror $files
echo "check-format: $(echo "$files" | wc -l) files follow .clang-format"
