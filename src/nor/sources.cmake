# SPDX-License-Identifier: MIT
# NOR flash: the SFDP parser and its fix-ups.
list(APPEND EXTMEM_LIB_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/sfdp.c
  ${CMAKE_CURRENT_LIST_DIR}/sfdp_fixups.c
)
