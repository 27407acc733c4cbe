# SPDX-License-Identifier: MIT
# The External Memory Loader core: tool-neutral, over the manager.
list(APPEND EXTMEM_LIB_SOURCES ${CMAKE_CURRENT_LIST_DIR}/loader.c)
