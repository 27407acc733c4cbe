# SPDX-License-Identifier: MIT
# How a board's loaders are built (arm-none-eabi-gcc, our linker scripts
# ports/stm32h7rs/loader_FORMAT.ld). Only defines a function: src/ and the
# emulator tests include every src/*/*.cmake as a source list, and this one
# adds nothing to them.
#   extmem_loader_firmware(NAME FORMAT stldr|flm|iar BOARD_DIR dir OUTPUT file)
# builds OUTPUT from the front-end src/loader/FORMAT.c, the loader core, the
# library and the STM32H7R/H7S port, with the board's loader_board.h.
function(extmem_loader_firmware name)
  cmake_parse_arguments(L "" "FORMAT;BOARD_DIR;OUTPUT;PINNED;PIN_TARGET" "" ${ARGN})
  set(root ${PROJECT_SOURCE_DIR})
  set(port ${root}/ports/stm32h7rs)
  extmem_lib_folder_sources(nor nor)
  set(sources ${root}/src/loader/${L_FORMAT}.c ${root}/src/loader/target.c ${root}/src/loader/board_stm32h7rs.c
    ${port}/libc_small.c
    ${root}/src/loader/loader.c ${root}/src/extmem.c ${root}/src/status.c ${root}/src/xspi_op.c
    ${nor} ${port}/xspi.c ${port}/clock.c)
  set(flags -mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard -std=c11 -Os -ffreestanding
    -ffunction-sections -fdata-sections -Wall -Wextra -Werror -I${root}/include -I${port} -I${root}/src/loader
    -I${L_BOARD_DIR})
  # the NOR layers call the XSPI port by name (src/nor/nor_fixed.h)
  list(APPEND flags -DEXTMEM_NOR_LINK_OPS=extmem_stm32_xspi_nor_ops)
  # -flto: one unit, so calls inline across files and unused paths fold away (about 1 KB less .text);
  # no shrink-wrapping: 20 B less on the .stldr, 16 B on the .FLM, 20 B on IAR; page programming time unchanged
  # (bench_loader)
  list(APPEND flags -flto -fno-shrink-wrap)
  set(link -flto -nostartfiles --specs=nano.specs -Wl,--gc-sections -T ${port}/loader_${L_FORMAT}.ld)
  if(L_FORMAT STREQUAL "flm")
    # Position independent: every symbol hidden, so code and data are reached
    # PC-relative; -pie lists the pointer tables' relocations for Init (flm.c).
    list(APPEND flags -fPIE -include ${root}/src/loader/flm_hidden.h)
    list(APPEND link -pie)
  endif()
  set(pin_dep "")
  # EXTMEM_LOADER_DRIVER: the core calls that driver's operations directly (src/loader/loader.c)
  if(L_PINNED)
    # The part's configuration decided at build time (extmem pin): no SFDP parser or planner in the loader.
    get_filename_component(pin_dir ${L_PINNED} DIRECTORY)
    # EXTMEM_NOR_NO_CFG_VERIFY: the core reads every write back, the board never sets the driver's verify;
    # EXTMEM_NOR_NO_FALLBACK: a failed 8D proof fails Init, the core's read-back proves the read (nor_fixed.h)
    list(APPEND flags -DEXTMEM_LOADER_PINNED -DEXTMEM_LOADER_DRIVER=extmem_nor_pinned_driver
      -DEXTMEM_NOR_PINNED_PART=extmem_loader_pinned -DEXTMEM_NOR_NO_CFG_VERIFY -DEXTMEM_NOR_NO_FALLBACK -I${pin_dir})
    set(pin_dep ${L_PINNED})
  else()
    list(APPEND flags -DEXTMEM_LOADER_DRIVER=extmem_nor_sfdp_driver)
  endif()
  get_filename_component(outdir ${L_OUTPUT} DIRECTORY)
  file(GLOB headers ${port}/*.h ${root}/include/extmem/*.h ${root}/src/loader/*.h ${L_BOARD_DIR}/loader_board.h)
  add_custom_command(OUTPUT ${L_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${outdir}
    COMMAND ${EXTMEM_ARM_GCC} ${flags} ${sources} ${link} -Wl,-Map=${L_OUTPUT}.map -o ${L_OUTPUT} -lc -lgcc
    DEPENDS ${sources} ${headers} ${port}/loader_${L_FORMAT}.ld ${pin_dep}
    COMMENT "arm-none-eabi-gcc: ${L_OUTPUT}"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${L_OUTPUT})
  if(L_PINNED)
    # one target writes the pinned header: several running its command in parallel would race
    add_dependencies(${name} ${L_PIN_TARGET})
  endif()
endfunction()

# The three loaders of one board into ${PROJECT_BINARY_DIR}/loaders, named
# extmem-BOARD-PART.stldr, extmem-BOARD-PART.FLM and extmem-BOARD-PART-iar.out
# (+ .flash and .board for IAR). Their paths go to the cache as
# EXTMEM_LOADER_<BOARD>_{STLDR,FLM,IAR} for the tools and the tests.
#
# Inside extmem's own host build the part is pinned: `extmem pin` (the host
# tool) writes the SFDP driver's decisions for the board's link (8 lines,
# DTR, DQS, 200 MHz: board_stm32h7rs.c) into pinned/BOARD.h, and the loaders
# use the pinned driver (include/extmem/nor_pinned.h). Elsewhere (a user's
# project, a firmware-only build: no host tool) they discover the part with
# the SFDP driver.
function(extmem_board_loaders board part board_dir)
  set(dir ${PROJECT_BINARY_DIR}/loaders)
  set(stem ${dir}/extmem-${board}-${part})
  string(TOUPPER ${board} up)
  string(REPLACE "-" "_" up ${up})
  set(pinned "")
  if(NOT EXTMEM_FIRMWARE AND CMAKE_SOURCE_DIR STREQUAL PROJECT_SOURCE_DIR AND EXISTS ${PROJECT_SOURCE_DIR}/tools/cmd_pin.c)
    string(TOUPPER ${part} part_up)
    set(pinned ${dir}/pinned/${board}/extmem_pinned_part.h)
    add_custom_command(OUTPUT ${pinned}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}/pinned/${board}
      COMMAND $<TARGET_FILE:extmem_tool> pin --part ${part_up} --lines 8 --dtr --dqs --max-hz 200000000
        --name extmem_loader_pinned -o ${pinned}
      DEPENDS extmem_tool
      COMMENT "extmem pin: ${part_up} for the ${board} loaders"
      VERBATIM)
    add_custom_target(loader_${board}_pinned DEPENDS ${pinned})
  endif()
  extmem_loader_firmware(loader_${board}_stldr FORMAT stldr BOARD_DIR ${board_dir} OUTPUT ${stem}.stldr PINNED "${pinned}" PIN_TARGET loader_${board}_pinned)
  extmem_loader_firmware(loader_${board}_flm FORMAT flm BOARD_DIR ${board_dir} OUTPUT ${stem}.FLM PINNED "${pinned}" PIN_TARGET loader_${board}_pinned)
  extmem_loader_firmware(loader_${board}_iar FORMAT iar BOARD_DIR ${board_dir} OUTPUT ${stem}-iar.out PINNED "${pinned}" PIN_TARGET loader_${board}_pinned)
  set(EXTMEM_IAR_OUT extmem-${board}-${part}-iar.out)
  set(EXTMEM_IAR_FLASH extmem-${board}-${part}-iar.flash)
  configure_file(${board_dir}/loader.flash.in ${stem}-iar.flash @ONLY)
  configure_file(${board_dir}/loader.board.in ${stem}-iar.board @ONLY)
  if(pinned)
    # The same .stldr with the SFDP driver, for the size benchmark and test to compare against.
    set(sfdp_stldr ${dir}/sfdp/extmem-${board}-${part}-sfdp.stldr)
    extmem_loader_firmware(loader_${board}_stldr_sfdp FORMAT stldr BOARD_DIR ${board_dir} OUTPUT ${sfdp_stldr})
    set(EXTMEM_LOADER_${up}_STLDR_SFDP ${sfdp_stldr} CACHE INTERNAL "")
  endif()
  set(EXTMEM_LOADER_${up}_STLDR ${stem}.stldr CACHE INTERNAL "")
  set(EXTMEM_LOADER_${up}_FLM ${stem}.FLM CACHE INTERNAL "")
  set(EXTMEM_LOADER_${up}_IAR ${stem}-iar.out CACHE INTERNAL "")
endfunction()
