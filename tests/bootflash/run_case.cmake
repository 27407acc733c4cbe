# SPDX-License-Identifier: MIT
# One configurator case: configures the user project (user/, extmem added
# with add_subdirectory) with one description and checks what came out.
#   cmake -DEXTMEM_DIR=... -DWORK=dir -DCASE=name -P run_case.cmake
# Good cases: the generated linker scripts and tables hold the values the
# description asks for, worked out here by hand from the chip's memory map
# (RM0477: XSPI2 window 0x70000000, XSPI1 0x90000000, DTCM 0x20000000,
# AXI SRAM 0x24000000) and the image format (docs/image-format.md).
# Bad cases: configuring fails, and the message names the argument and the reason.
cmake_minimum_required(VERSION 3.20)

set(src "${CMAKE_CURRENT_LIST_DIR}/x.c")
set(noram NAME u BOARD TEST-BOARD MEMORY nor_sfdp CONTROLLER XSPI2 LINES 8 CLOCK_HZ 200000000 SIZE 32M
  APPLI_SOURCES ${src} LOADERS OFF)
set(base ${noram} RAM DTCM:0x20000000:64K AXI:0x24000000:456K)
# XIP unless a case says otherwise; each case: its arguments, then what it expects.
set(xip ${base} MODE XIP IMAGE_OFFSET 0)
# The APS256XXN's part and size, for the PSRAM cases (each adds its controller and lines).
set(psram PSRAM_PART APS256XXN PSRAM_CLOCK_HZ 200000000 PSRAM_SIZE 32M)

set(expect_error "")
set(checks "")
if(CASE STREQUAL "xip_at_offset")
  # Slot at 1 MiB, default 1 KiB header: payload (vector table) at 0x70000000 + 0x100000 + 0x400.
  set(args ${base} MODE XIP IMAGE_OFFSET 1M APPLI_DATA AXI APPLI_STACK DTCM)
  list(APPEND checks
    "appli.ld|CODE \\(rx\\) : ORIGIN = 0x70100400, LENGTH = 0x01EFFC00"
    "appli.ld|AXI \\(rwx\\) : ORIGIN = 0x24000000, LENGTH = 0x00072000"
    "appli.ld|_estack = 0x20010000;"
    "appli.ld|> AXI AT> CODE :data"
    "appli.ld|% 1024 == 0"
    "boot.ld|FLASH \\(rx\\) : ORIGIN = 0x08000000, LENGTH = 0x00010000"
    "bootflash_config.h|EXTMEM_BF_XSPI +EXTMEM_STM32_XSPI2\n"
    "bootflash_config.h|EXTMEM_BF_WINDOW +0x70000000u"
    "bootflash_config.h|EXTMEM_BF_SIZE_LOG2 +25u"
    "bootflash_config.h|EXTMEM_BF_IMAGE_OFFSET +0x00100000u"
    "bootflash_config.h|EXTMEM_BF_SLOT_SIZE +0x01F00000u"
    "bootflash_config.h|EXTMEM_BF_MODE +EXTMEM_IMAGE_XIP"
    "bootflash_config.h|EXTMEM_BF_DQS +true"
    "bootflash_config.c|\\{0x20000000u, 0x00010000u\\}, /\\* DTCM \\*/"
    "bootflash_config.c|\\{0x24000000u, 0x00072000u\\}, /\\* AXI \\*/"
    "bootflash_config.c|\\.ram_count = 2,"
    "bootflash_config.c|\\.memory_count = 1,"
    "bootflash_config.c|\\.map_count = 0,"
    "bootflash_config.c|\\.mpu_count = 0,"
    "bootflash_config.h|EXTMEM_BF_PSRAM +0\n"
    "outputs.txt|IMAGE_ADDRESS=0x70100000")
elseif(CASE STREQUAL "psram_and_mpu")
  # The STM32H7S78-DK's shape: the PSRAM on XSPI1 (window 0x90000000, RM0477) becomes the region PSRAM;
  # MPU regions (ARMv7-M PMSA, RASR SIZE = log2(bytes) - 1): 4 GiB background with sub-regions 0-2 and 7
  # off (0x87), 8 KiB = 2^13 non-cacheable, the 32 MiB = 2^25 NOR read-only, the 32 MiB PSRAM never executed.
  set(args ${base} MODE XIP IMAGE_OFFSET 0 PSRAM_PART APS256XXN PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16
    PSRAM_CLOCK_HZ 200000000 PSRAM_SIZE 32M APPLI_DATA PSRAM APPLI_STACK DTCM MPU ON NC_RAM 0x24070000:8K)
  list(APPEND checks
    "appli.ld|PSRAM \\(rwx\\) : ORIGIN = 0x90000000, LENGTH = 0x02000000"
    "appli.ld|> PSRAM AT> CODE :data"
    "appli.ld|_eheap = ORIGIN\\(PSRAM\\) \\+ LENGTH\\(PSRAM\\)"
    "bootflash_config.h|EXTMEM_BF_PSRAM +1\n"
    "bootflash_config.h|EXTMEM_BF_PSRAM_XSPI +EXTMEM_STM32_XSPI1\n"
    "bootflash_config.h|EXTMEM_BF_PSRAM_SIZE_LOG2 +25u"
    "bootflash_config.h|EXTMEM_BF_MPU +1\n"
    "bootflash_config.c|\\.data_lines = 16,"
    "bootflash_config.c|\\.max_hz = 200000000u,"
    "bootflash_config.c|\\.map_base = 0x90000000u,"
    "bootflash_config.c|\\.map_size = 0x02000000u,"
    "bootflash_config.c|\\.part = &extmem_psram_aps256xxn,"
    "bootflash_config.c|\\.memory_count = 2,"
    "bootflash_config.c|map_ids\\[1\\] = \\{1\\};"
    "bootflash_config.c|\\.map_count = 1,"
    "bootflash_config.c|\\{0x90000000u, 0x02000000u\\}, /\\* PSRAM \\*/"
    "bootflash_config.c|\\.ram_count = 3,"
    "bootflash_config.c|\\{0x00000000u, RASR\\(32, EXTMEM_MPU_AP_NONE, EXTMEM_MPU_RASR_SRD\\(0x87\\) \\| EXTMEM_MPU_RASR_XN\\)\\}"
    "bootflash_config.c|\\{0x24070000u, RASR\\(13, EXTMEM_MPU_AP_FULL, EXTMEM_MPU_ATTR_NORMAL_NC \\| EXTMEM_MPU_RASR_XN\\)\\}"
    "bootflash_config.c|\\{0x70000000u, RASR\\(25, EXTMEM_MPU_AP_RO, EXTMEM_MPU_ATTR_NORMAL_WB\\)\\}"
    "bootflash_config.c|\\{0x90000000u, RASR\\(25, EXTMEM_MPU_AP_FULL, EXTMEM_MPU_ATTR_NORMAL_WB \\| EXTMEM_MPU_RASR_XN\\)\\}"
    "bootflash_config.c|\\.mpu_count = 4,")
elseif(CASE STREQUAL "lrun_with_psram_data")
  # LRUN checks the copy before it maps the PSRAM: the PSRAM is the Appli's data region but not in the Boot's list.
  set(args ${base} MODE LRUN LOAD_REGION AXI IMAGE_OFFSET 0 PSRAM_PART APS256XXN PSRAM_CONTROLLER XSPI1
    PSRAM_LINES 16 PSRAM_CLOCK_HZ 200000000 PSRAM_SIZE 32M APPLI_DATA PSRAM APPLI_STACK DTCM)
  list(APPEND checks
    "appli.ld|CODE \\(rx\\) : ORIGIN = 0x24000000"
    "appli.ld|> PSRAM AT> CODE :data"
    "bootflash_config.c|\\.ram_count = 2,"
    "bootflash_config.c|\\.map_count = 1,")
elseif(CASE STREQUAL "lrun_into_axi")
  # LRUN: linked at the load region's start, data in the same region (one MEMORY entry), stack atop DTCM.
  set(args ${base} MODE LRUN IMAGE_OFFSET 0x20000 SLOT_SIZE 256K LOAD_REGION AXI APPLI_DATA AXI APPLI_STACK DTCM)
  list(APPEND checks
    "appli.ld|CODE \\(rx\\) : ORIGIN = 0x24000000, LENGTH = 0x0003FFC0"
    "appli.ld|> CODE AT> CODE :data"
    "appli.ld|_estack = 0x20010000;"
    "bootflash_config.h|EXTMEM_BF_MODE +EXTMEM_IMAGE_LRUN"
    "bootflash_config.h|EXTMEM_BF_SLOT_SIZE +0x00040000u"
    "outputs.txt|IMAGE_ADDRESS=0x70020000")
elseif(CASE STREQUAL "lrun_from_sd")
  # IMAGE_MEMORY sd: the card after the NOR in the table (id 1) holds the slot, at an offset past the
  # NOR's 32M (the card's size is checked at boot); no bus address, the byte offset instead.
  set(args ${base} MODE LRUN IMAGE_MEMORY sd IMAGE_OFFSET 64M SLOT_SIZE 64K LOAD_REGION AXI APPLI_DATA AXI
    APPLI_STACK DTCM)
  list(APPEND checks
    "appli.ld|CODE \\(rx\\) : ORIGIN = 0x24000000, LENGTH = 0x0000FFC0"
    "bootflash_config.h|EXTMEM_BF_SD +1 "
    "bootflash_config.h|EXTMEM_BF_MODE +EXTMEM_IMAGE_LRUN"
    "bootflash_config.h|EXTMEM_BF_IMAGE_OFFSET +0x04000000u"
    "bootflash_config.h|EXTMEM_BF_SLOT_SIZE +0x00010000u"
    "bootflash_config.c|\\{\\.kind = EXTMEM_KIND_SDCARD, \\.driver = &extmem_sdcard_driver"
    "bootflash_config.c|\\.bus_width = 4"
    "bootflash_config.c|\\.memory_count = 2,"
    "bootflash_config.c|\\.image_id = 1,"
    "outputs.txt|IMAGE_ADDRESS=\n"
    "outputs.txt|IMAGE_OFFSET=0x04000000")
elseif(CASE STREQUAL "sd_image_in_xip")
  set(args ${xip} IMAGE_MEMORY sd SLOT_SIZE 64K)
  set(expect_error "IMAGE_MEMORY: sd needs MODE LRUN: an SD card cannot be mapped")
elseif(CASE STREQUAL "sd_offset_off_block")
  set(args ${base} MODE LRUN LOAD_REGION AXI IMAGE_MEMORY sd IMAGE_OFFSET 0x300 SLOT_SIZE 64K)
  set(expect_error "IMAGE_OFFSET: 0x300 is not a multiple of 512: an SD card reads whole 512-byte blocks")
elseif(CASE STREQUAL "sd_without_slot_size")
  set(args ${base} MODE LRUN LOAD_REGION AXI IMAGE_MEMORY sd IMAGE_OFFSET 1M)
  set(expect_error "SLOT_SIZE: missing: with IMAGE_MEMORY sd the card's size is known only at boot")
elseif(CASE STREQUAL "image_memory_unknown")
  set(args ${base} MODE LRUN LOAD_REGION AXI IMAGE_MEMORY psram IMAGE_OFFSET 0)
  set(expect_error "IMAGE_MEMORY: 'psram' is not one of nor_sfdp, sd")
elseif(CASE STREQUAL "xspi1_quad")
  # XSPI1 window, 4 lines: no DQS by default, 16 MiB = 2^24.
  set(args NAME u BOARD Q MEMORY nor_sfdp CONTROLLER XSPI1 LINES 4 CLOCK_HZ 133000000 SIZE 16M MODE XIP
    IMAGE_OFFSET 64K RAM AXI:0x24000000:456K APPLI_SOURCES ${src} LOADERS OFF)
  list(APPEND checks
    "appli.ld|CODE \\(rx\\) : ORIGIN = 0x90010400, LENGTH = 0x00FEFC00"
    "appli.ld|_estack = 0x24072000;"
    "bootflash_config.h|EXTMEM_BF_XSPI +EXTMEM_STM32_XSPI1\n"
    "bootflash_config.h|EXTMEM_BF_DQS +false"
    "bootflash_config.h|EXTMEM_BF_CLOCK_HZ +133000000u"
    "bootflash_config.h|EXTMEM_BF_SIZE_LOG2 +24u")
elseif(CASE STREQUAL "loader_board")
  # The loaders' description from the same call: the NUCLEO-H7S3L8's part, its datasheet maxima.
  set(args ${xip} LOADERS ON PART MX25UW25645G PAGE_PROGRAM_MAX_US 750 SECTOR_ERASE_MAX_MS 400
    BLOCK_ERASE_MAX_MS 2000)
  list(APPEND checks
    "loader/loader_board.h|EXTMEM_LOADER_PART +\"MX25UW25645G\""
    "loader/loader_board.h|EXTMEM_LOADER_SIZE +0x02000000u"
    "loader/loader_board.h|EXTMEM_LOADER_SIZE_LOG2 +25u"
    "loader/loader_board.h|EXTMEM_LOADER_SECTOR +4096u"
    "loader/loader_board.h|EXTMEM_LOADER_BLOCK +65536u"
    "loader/loader_board.h|EXTMEM_LOADER_PP_MAX_US +750u"
    "loader/loader.flash.in|<block>512 0x10000</block>"
    "loader/loader.flash.in|@EXTMEM_IAR_OUT@"
    "loader/loader.board.in|CODE 0x70000000 0x71FFFFFF")
# --- bad descriptions: argument, reason
elseif(CASE STREQUAL "missing_mode")
  set(args ${base} IMAGE_OFFSET 0)
  set(expect_error "MODE: missing \\(required\\)")
elseif(CASE STREQUAL "unknown_argument")
  set(args ${xip} COLOR red)
  set(expect_error "COLOR: unknown argument")
elseif(CASE STREQUAL "bad_controller")
  set(args ${xip} CONTROLLER OCTOSPI1)
  set(expect_error "CONTROLLER: 'OCTOSPI1' is not one of XSPI1, XSPI2")
elseif(CASE STREQUAL "bad_lines")
  set(args ${xip} LINES 3)
  set(expect_error "LINES: '3' is not one of 1, 2, 4, 8, 16")
elseif(CASE STREQUAL "nor_16_lines")
  set(args ${xip} LINES 16)
  set(expect_error "LINES: 16: a NOR part has at most 8 data lines")
elseif(CASE STREQUAL "psram_image")
  set(args ${xip} MEMORY psram)
  set(expect_error "MEMORY: 'psram' cannot hold the image")
elseif(CASE STREQUAL "clock_too_fast")
  set(args ${xip} CLOCK_HZ 250000000)
  set(expect_error "CLOCK_HZ: 250000000 Hz is outside 1 MHz..200 MHz")
elseif(CASE STREQUAL "clock_not_a_number")
  set(args ${xip} CLOCK_HZ 200MHz)
  set(expect_error "CLOCK_HZ: '200MHz' is not a number")
elseif(CASE STREQUAL "clock_with_size_suffix")
  set(args ${xip} CLOCK_HZ 200M)
  set(expect_error "CLOCK_HZ: '200M': give the frequency in Hz as a plain number")
elseif(CASE STREQUAL "number_past_32_bits")
  set(args ${xip} IMAGE_OFFSET 0x100000000)
  set(expect_error "IMAGE_OFFSET: '0x100000000' does not fit in 32 bits")
elseif(CASE STREQUAL "size_not_power_of_two")
  set(args ${xip} SIZE 48M)
  set(expect_error "SIZE: 50331648 bytes: must be a power of two from 64K to 256M")
elseif(CASE STREQUAL "offset_off_sector")
  set(args ${base} MODE XIP IMAGE_OFFSET 0x1800)
  set(expect_error "IMAGE_OFFSET: 0x1800 is not a multiple of SECTOR_SIZE \\(4096\\)")
elseif(CASE STREQUAL "offset_outside_memory")
  set(args ${base} MODE XIP IMAGE_OFFSET 32M)
  set(expect_error "IMAGE_OFFSET: 32M is not inside the memory")
elseif(CASE STREQUAL "slot_too_big")
  set(args ${base} MODE XIP IMAGE_OFFSET 16M SLOT_SIZE 17M)
  set(expect_error "SLOT_SIZE: 17825792 bytes: must be 1..16777216")
elseif(CASE STREQUAL "vector_table_misaligned")
  set(args ${xip} HEADER_SIZE 0x200)
  set(expect_error "HEADER_SIZE: the Appli's vector table would sit at 0x70000200: XIP needs window \\+ IMAGE_OFFSET \\+ HEADER_SIZE aligned to 1024")
elseif(CASE STREQUAL "header_too_small")
  set(args ${xip} HEADER_SIZE 32)
  set(expect_error "HEADER_SIZE: 32: must be a multiple of 4 from 64 to 65535")
elseif(CASE STREQUAL "ram_malformed")
  set(args ${noram} MODE XIP IMAGE_OFFSET 0 RAM AXI=0x24000000)
  set(expect_error "RAM: 'AXI=0x24000000' is not NAME:START:SIZE")
elseif(CASE STREQUAL "ram_overlap")
  set(args ${noram} MODE XIP IMAGE_OFFSET 0 RAM A:0x24000000:64K B:0x24008000:64K)
  set(expect_error "RAM: 'B' overlaps 'A'")
elseif(CASE STREQUAL "ram_past_4g")
  set(args ${noram} MODE XIP IMAGE_OFFSET 0 RAM TOP:0xFFFF0000:128K)
  set(expect_error "RAM: 'TOP:0xFFFF0000:128K' runs past the end of the 4 GiB address space")
elseif(CASE STREQUAL "unknown_region")
  set(args ${xip} APPLI_STACK ITCM)
  set(expect_error "APPLI_STACK: 'ITCM' is not one of the RAM regions")
elseif(CASE STREQUAL "lrun_without_load_region")
  set(args ${base} MODE LRUN IMAGE_OFFSET 0)
  set(expect_error "LOAD_REGION: missing: MODE LRUN needs the RAM region")
elseif(CASE STREQUAL "lrun_into_boot_ram")
  set(args ${base} MODE LRUN IMAGE_OFFSET 0 LOAD_REGION DTCM)
  set(expect_error "LOAD_REGION: 'DTCM' overlaps the DTCM \\(0x20000000, 64K\\) where the Boot runs")
elseif(CASE STREQUAL "both_appli_forms")
  set(args ${xip} APPLI_TARGET app)
  set(expect_error "APPLI_TARGET: give APPLI_SOURCES \\(the configurator links the Appli\\) or APPLI_TARGET")
elseif(CASE STREQUAL "appli_target_not_a_target")
  list(REMOVE_ITEM xip APPLI_SOURCES ${src})
  set(args ${xip} APPLI_TARGET nosuch)
  set(expect_error "APPLI_TARGET: 'nosuch' is not a target")
elseif(CASE STREQUAL "bad_led")
  set(args ${xip} FAIL_LED PB7)
  set(expect_error "FAIL_LED: 'PB7' is not PORT:PIN")
elseif(CASE STREQUAL "loaders_on_xspi1")
  set(args ${xip} CONTROLLER XSPI1 LOADERS ON)
  set(expect_error "LOADERS: the loaders' board glue .* drives an octal NOR on XSPI2")
elseif(CASE STREQUAL "loaders_without_timings")
  set(args ${xip} LOADERS ON PART MX25UW25645G)
  set(expect_error "PAGE_PROGRAM_MAX_US: missing: the loaders describe the part")
elseif(CASE STREQUAL "psram_arg_without_part")
  set(args ${xip} PSRAM_SIZE 32M)
  set(expect_error "PSRAM_SIZE: given without PSRAM_PART")
elseif(CASE STREQUAL "psram_unknown_part")
  set(args ${xip} PSRAM_PART APS6408L)
  set(expect_error "PSRAM_PART: 'APS6408L' is not one of APS256XXN")
elseif(CASE STREQUAL "psram_missing_controller")
  set(args ${xip} PSRAM_PART APS256XXN PSRAM_LINES 16 PSRAM_CLOCK_HZ 200000000 PSRAM_SIZE 32M)
  set(expect_error "PSRAM_CONTROLLER: missing: PSRAM_PART needs")
elseif(CASE STREQUAL "psram_on_the_nor_controller")
  set(args ${xip} ${psram} PSRAM_CONTROLLER XSPI2 PSRAM_LINES 8)
  set(expect_error "PSRAM_CONTROLLER: XSPI2 already drives the image memory")
elseif(CASE STREQUAL "psram_16_lines_on_xspi2")
  set(args ${xip} CONTROLLER XSPI1 ${psram} PSRAM_CONTROLLER XSPI2 PSRAM_LINES 16)
  set(expect_error "PSRAM_LINES: 16: only XSPI1 \\(XSPIM port 1\\) has 16 data lines")
elseif(CASE STREQUAL "psram_bad_lines")
  set(args ${xip} ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 4)
  set(expect_error "PSRAM_LINES: '4' is not one of 8, 16")
elseif(CASE STREQUAL "psram_clock_too_fast")
  set(args ${xip} ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16 PSRAM_CLOCK_HZ 250000000)
  set(expect_error "PSRAM_CLOCK_HZ: 250000000 Hz is outside 1 MHz..200 MHz")
elseif(CASE STREQUAL "psram_size_not_power_of_two")
  set(args ${xip} ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16 PSRAM_SIZE 24M)
  set(expect_error "PSRAM_SIZE: 25165824 bytes: must be a power of two from 64K to 256M")
elseif(CASE STREQUAL "psram_region_already_a_ram")
  set(args ${noram} MODE XIP IMAGE_OFFSET 0 RAM DTCM:0x20000000:64K PSRAM:0x90000000:32M ${psram}
    PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16)
  set(expect_error "PSRAM_RAM: 'PSRAM' is already a RAM region")
elseif(CASE STREQUAL "lrun_into_psram")
  set(args ${base} MODE LRUN IMAGE_OFFSET 0 LOAD_REGION PSRAM ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16)
  set(expect_error "LOAD_REGION: 'PSRAM' is the PSRAM, which the Boot maps only after the copy")
elseif(CASE STREQUAL "lrun_stack_in_psram")
  set(args ${base} MODE LRUN IMAGE_OFFSET 0 LOAD_REGION AXI APPLI_STACK PSRAM ${psram} PSRAM_CONTROLLER XSPI1
    PSRAM_LINES 16)
  set(expect_error "APPLI_STACK: 'PSRAM' is the PSRAM: an LRUN Boot accepts the stack only")
elseif(CASE STREQUAL "mpu_not_on_off")
  set(args ${xip} MPU yes)
  set(expect_error "MPU: 'yes' is not one of ON, OFF")
elseif(CASE STREQUAL "nc_ram_without_mpu")
  set(args ${xip} NC_RAM 0x24070000:8K)
  set(expect_error "NC_RAM: only with MPU ON")
elseif(CASE STREQUAL "nc_ram_misaligned")
  set(args ${xip} MPU ON NC_RAM 0x24071000:8K)
  set(expect_error "NC_RAM: '0x24071000:8K': an MPU region starts on a multiple of its size")
elseif(CASE STREQUAL "nc_ram_not_power_of_two")
  set(args ${xip} MPU ON NC_RAM 0x24070000:12K)
  set(expect_error "NC_RAM: size 12288: an MPU region is a power of two of at least 32 bytes")
elseif(CASE STREQUAL "nor_driver_unknown")
  set(args ${xip} NOR_DRIVER fixed)
  set(expect_error "NOR_DRIVER: 'fixed' is not one of")
elseif(CASE STREQUAL "nor_driver_pinned_without_part")
  set(args ${xip} NOR_DRIVER pinned)
  set(expect_error "NOR_DRIVER: pinned needs PART")
elseif(CASE STREQUAL "nor_driver_pinned_in_a_user_project")
  set(args ${xip} NOR_DRIVER pinned PART MX25UW25645G)
  set(expect_error "NOR_DRIVER: pinned needs extmem's own host build")
else()
  message(FATAL_ERROR "run_case.cmake: unknown CASE '${CASE}'")
endif()

set(bin ${WORK}/${CASE})
file(REMOVE_RECURSE ${bin})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/user -B ${bin} -DEXTMEM_DIR=${EXTMEM_DIR}
    "-DBF_ARGS=${args}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX REPLACE "\n +" " " err_flat "${err}")
if(expect_error)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${CASE}: configuring succeeded; expected the error '${expect_error}'")
  endif()
  if(NOT err_flat MATCHES "extmem_bootflash\\(u\\): ${expect_error}")
    message(FATAL_ERROR "${CASE}: expected 'extmem_bootflash(u): ${expect_error}', got:\n${err}")
  endif()
  message(STATUS "${CASE}: refused as expected: ${expect_error}")
  return()
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${CASE}: configuring failed:\n${err}")
endif()
foreach(c ${checks})
  string(FIND "${c}" "|" bar)
  string(SUBSTRING "${c}" 0 ${bar} f)
  math(EXPR bar "${bar} + 1")
  string(SUBSTRING "${c}" ${bar} -1 re)
  if(f STREQUAL "outputs.txt")
    file(READ ${bin}/${f} text)
  else()
    file(READ ${bin}/u/${f} text)
  endif()
  if(NOT text MATCHES "${re}")
    message(FATAL_ERROR "${CASE}: ${f} does not contain /${re}/:\n${text}")
  endif()
endforeach()
list(LENGTH checks n)
message(STATUS "${CASE}: ${n} generated values as described")
