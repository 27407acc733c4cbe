# SPDX-License-Identifier: MIT
# Firmware for STM32H7R/H7S built from the host build with arm-none-eabi-gcc
# (custom commands, so one host configure builds the emulator and the ELFs it
# runs). Usage:
#   include(${PROJECT_SOURCE_DIR}/ports/stm32h7rs/firmware.cmake)
#   extmem_stm32_firmware(NAME SOURCES a.c ... LDSCRIPT boot|appli|loader
#                         [INCLUDES dirs...] [DEFINES NAME[=VALUE]...]
#                         [LIBRARY_SOURCES src files...] [KEEP_ALL] [LTO])
# Produces ${CMAKE_CURRENT_BINARY_DIR}/NAME.elf and a target NAME; the ELF's
# path is returned in NAME_ELF. Without arm-none-eabi-gcc, EXTMEM_ARM_GCC is
# false and callers skip their firmware tests.
find_program(EXTMEM_ARM_GCC arm-none-eabi-gcc)
set(EXTMEM_STM32_PORT_DIR ${CMAKE_CURRENT_LIST_DIR})

function(extmem_stm32_firmware name)
  cmake_parse_arguments(F "KEEP_ALL;LTO" "LDSCRIPT" "SOURCES;INCLUDES;DEFINES;LIBRARY_SOURCES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${name}.elf)
  set(port ${EXTMEM_STM32_PORT_DIR}/startup.c ${EXTMEM_STM32_PORT_DIR}/xspi.c ${EXTMEM_STM32_PORT_DIR}/clock.c
    ${PROJECT_SOURCE_DIR}/src/xspi_op.c ${F_LIBRARY_SOURCES})
  set(flags -mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard -std=c11 -Os -g
    -ffreestanding -ffunction-sections -fdata-sections -Wall -Wextra -Werror
    -I${PROJECT_SOURCE_DIR}/include -I${EXTMEM_STM32_PORT_DIR})
  foreach(dir ${F_INCLUDES})
    list(APPEND flags -I${dir})
  endforeach()
  foreach(def ${F_DEFINES})
    list(APPEND flags -D${def})
  endforeach()
  set(lto "")
  if(F_LTO)
    # One unit: calls inline across files and unused paths fold away (the Boots).
    set(lto -flto)
    list(APPEND flags -flto)
  endif()
  set(gc -Wl,--gc-sections)
  if(F_KEEP_ALL)
    set(gc "")
  endif()
  file(GLOB headers ${EXTMEM_STM32_PORT_DIR}/*.h ${PROJECT_SOURCE_DIR}/include/extmem/*.h)
  add_custom_command(OUTPUT ${out}
    COMMAND ${EXTMEM_ARM_GCC} ${flags} ${F_SOURCES} ${port} ${lto} -nostartfiles --specs=nano.specs
      -T ${EXTMEM_STM32_PORT_DIR}/${F_LDSCRIPT}.ld ${gc} -Wl,-Map=${name}.map -o ${out} -lc -lgcc
    DEPENDS ${F_SOURCES} ${port} ${headers} ${EXTMEM_STM32_PORT_DIR}/${F_LDSCRIPT}.ld
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
    COMMENT "arm-none-eabi-gcc: ${name}.elf"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${out})
  set(${name}_ELF ${out} PARENT_SCOPE)
endfunction()

# The sources of one library folder (src/DIR/*.cmake), the same list the host
# and cross builds compile, so firmware never names a driver's files itself.
function(extmem_lib_folder_sources out dir)
  set(EXTMEM_LIB_SOURCES "")
  file(GLOB lists ${PROJECT_SOURCE_DIR}/src/${dir}/*.cmake)
  foreach(list ${lists})
    include(${list})
  endforeach()
  set(${out} ${EXTMEM_LIB_SOURCES} PARENT_SCOPE)
endfunction()
