# SPDX-License-Identifier: MIT
# PSRAM: the description-driven driver and the ready part descriptions.
list(APPEND EXTMEM_LIB_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/psram.c
  ${CMAKE_CURRENT_LIST_DIR}/aps256xxn.c
)
