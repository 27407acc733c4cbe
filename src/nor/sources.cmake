# SPDX-License-Identifier: MIT
# NOR flash: the SFDP parser and its fix-ups; the pinned driver (nor_pinned.h); the proof both drivers run.
list(APPEND EXTMEM_LIB_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/nor_pinned.c
  ${CMAKE_CURRENT_LIST_DIR}/nor_prove.c
  ${CMAKE_CURRENT_LIST_DIR}/sfdp.c
  ${CMAKE_CURRENT_LIST_DIR}/sfdp_fixups.c
)
