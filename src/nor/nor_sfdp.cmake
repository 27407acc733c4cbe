# SPDX-License-Identifier: MIT
# NOR flash: the SFDP-discovering driver.
list(APPEND EXTMEM_LIB_SOURCES ${CMAKE_CURRENT_LIST_DIR}/nor_sfdp.c)
