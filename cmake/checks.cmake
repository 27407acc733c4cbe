# SPDX-License-Identifier: MIT
# Project checks that run as ctest tests in the main host build: formatting,
# static analysis, and the freestanding cross build of the library.
add_test(NAME check_format COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-format.sh)
add_test(NAME check_cppcheck COMMAND ${PROJECT_SOURCE_DIR}/scripts/lint.sh cppcheck ${PROJECT_BINARY_DIR})
add_test(NAME check_clang_tidy COMMAND ${PROJECT_SOURCE_DIR}/scripts/lint.sh clang-tidy ${PROJECT_BINARY_DIR})
add_test(NAME cross_build_library_for_cortex_m7
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/cross-build.sh ${PROJECT_BINARY_DIR}/cross)
set_tests_properties(check_clang_tidy cross_build_library_for_cortex_m7 PROPERTIES TIMEOUT 900)
