# SPDX-License-Identifier: MIT
# SD memory card driver.
list(APPEND EXTMEM_LIB_SOURCES ${CMAKE_CURRENT_LIST_DIR}/sdcard.c)
