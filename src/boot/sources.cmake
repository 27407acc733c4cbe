# SPDX-License-Identifier: MIT
# BootFlash: the image header and its checks (docs/image-format.md).
list(APPEND EXTMEM_LIB_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/image.c
  ${CMAKE_CURRENT_LIST_DIR}/boot.c
  ${CMAKE_CURRENT_LIST_DIR}/bootflash.c
)
