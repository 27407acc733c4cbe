# SPDX-License-Identifier: MIT
# NOR flash: the SFDP-discovering driver (see src/nor/nor_internal.h for the split).
list(APPEND EXTMEM_LIB_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/nor_sfdp.c
  ${CMAKE_CURRENT_LIST_DIR}/nor_bus.c
  ${CMAKE_CURRENT_LIST_DIR}/nor_plan.c
  ${CMAKE_CURRENT_LIST_DIR}/nor_bringup.c
  ${CMAKE_CURRENT_LIST_DIR}/nor_array.c
  ${CMAKE_CURRENT_LIST_DIR}/nor_protect.c
  ${CMAKE_CURRENT_LIST_DIR}/nor_readonly.c
)
