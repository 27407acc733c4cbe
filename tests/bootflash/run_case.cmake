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
endif()

# --- bad descriptions, one call each: the case, the end of the message it must print (a regex:
# the argument, then the reason), then its arguments.
function(refuses name error)
  if(CASE STREQUAL "${name}")
    set(args ${ARGN} PARENT_SCOPE)
    set(expect_error "${error}" PARENT_SCOPE)
  endif()
endfunction()
set(xip_without_sources ${xip})
list(REMOVE_ITEM xip_without_sources APPLI_SOURCES ${src})
refuses(missing_mode "MODE: missing \\(required\\)" ${base} IMAGE_OFFSET 0)
refuses(unknown_argument "COLOR: unknown argument" ${xip} COLOR red)
refuses(bad_controller "CONTROLLER: 'OCTOSPI1' is not one of XSPI1, XSPI2" ${xip} CONTROLLER OCTOSPI1)
refuses(bad_lines "LINES: '3' is not one of 1, 2, 4, 8, 16" ${xip} LINES 3)
refuses(nor_16_lines "LINES: 16: a NOR part has at most 8 data lines" ${xip} LINES 16)
refuses(psram_image "MEMORY: 'psram' cannot hold the image" ${xip} MEMORY psram)
refuses(clock_too_fast "CLOCK_HZ: 250000000 Hz is outside 1 MHz..200 MHz" ${xip} CLOCK_HZ 250000000)
refuses(clock_not_a_number "CLOCK_HZ: '200MHz' is not a number" ${xip} CLOCK_HZ 200MHz)
refuses(clock_with_size_suffix "CLOCK_HZ: '200M': give the frequency in Hz as a plain number" ${xip} CLOCK_HZ 200M)
refuses(number_past_32_bits "IMAGE_OFFSET: '0x100000000' does not fit in 32 bits" ${xip} IMAGE_OFFSET 0x100000000)
refuses(size_not_power_of_two "SIZE: 50331648 bytes: must be a power of two from 64K to 256M" ${xip} SIZE 48M)
refuses(offset_off_sector "IMAGE_OFFSET: 0x1800 is not a multiple of SECTOR_SIZE \\(4096\\)" ${base} MODE XIP IMAGE_OFFSET 0x1800)
refuses(offset_outside_memory "IMAGE_OFFSET: 32M is not inside the memory" ${base} MODE XIP IMAGE_OFFSET 32M)
refuses(slot_too_big "SLOT_SIZE: 17825792 bytes: must be 1..16777216" ${base} MODE XIP IMAGE_OFFSET 16M SLOT_SIZE 17M)
refuses(vector_table_misaligned "HEADER_SIZE: the Appli's vector table would sit at 0x70000200: XIP needs window \\+ IMAGE_OFFSET \\+ HEADER_SIZE aligned to 1024" ${xip} HEADER_SIZE 0x200)
refuses(header_too_small "HEADER_SIZE: 32: must be a multiple of 4 from 64 to 65535" ${xip} HEADER_SIZE 32)
refuses(ram_malformed "RAM: 'AXI=0x24000000' is not NAME:START:SIZE" ${noram} MODE XIP IMAGE_OFFSET 0 RAM AXI=0x24000000)
refuses(ram_overlap "RAM: 'B' overlaps 'A'" ${noram} MODE XIP IMAGE_OFFSET 0 RAM A:0x24000000:64K B:0x24008000:64K)
refuses(ram_past_4g "RAM: 'TOP:0xFFFF0000:128K' runs past the end of the 4 GiB address space" ${noram} MODE XIP IMAGE_OFFSET 0 RAM TOP:0xFFFF0000:128K)
refuses(unknown_region "APPLI_STACK: 'ITCM' is not one of the RAM regions" ${xip} APPLI_STACK ITCM)
refuses(lrun_without_load_region "LOAD_REGION: missing: MODE LRUN needs the RAM region" ${base} MODE LRUN IMAGE_OFFSET 0)
refuses(lrun_into_boot_ram "LOAD_REGION: 'DTCM' overlaps the DTCM \\(0x20000000, 64K\\) where the Boot runs" ${base} MODE LRUN IMAGE_OFFSET 0 LOAD_REGION DTCM)
refuses(both_appli_forms "APPLI_TARGET: give APPLI_SOURCES \\(the configurator links the Appli\\) or APPLI_TARGET" ${xip} APPLI_TARGET app)
refuses(appli_target_not_a_target "APPLI_TARGET: 'nosuch' is not a target" ${xip_without_sources} APPLI_TARGET nosuch)
refuses(bad_led "FAIL_LED: 'PB7' is not PORT:PIN" ${xip} FAIL_LED PB7)
refuses(loaders_on_xspi1 "LOADERS: the loaders' board glue .* drives an octal NOR on XSPI2" ${xip} CONTROLLER XSPI1 LOADERS ON)
refuses(loaders_without_timings "PAGE_PROGRAM_MAX_US: missing: the loaders describe the part" ${xip} LOADERS ON PART MX25UW25645G)
refuses(psram_arg_without_part "PSRAM_SIZE: given without PSRAM_PART" ${xip} PSRAM_SIZE 32M)
refuses(psram_unknown_part "PSRAM_PART: 'APS6408L' is not one of APS256XXN" ${xip} PSRAM_PART APS6408L)
refuses(psram_missing_controller "PSRAM_CONTROLLER: missing: PSRAM_PART needs" ${xip} PSRAM_PART APS256XXN PSRAM_LINES 16 PSRAM_CLOCK_HZ 200000000 PSRAM_SIZE 32M)
refuses(psram_on_the_nor_controller "PSRAM_CONTROLLER: XSPI2 already drives the image memory" ${xip} ${psram} PSRAM_CONTROLLER XSPI2 PSRAM_LINES 8)
refuses(psram_16_lines_on_xspi2 "PSRAM_LINES: 16: only XSPI1 \\(XSPIM port 1\\) has 16 data lines" ${xip} CONTROLLER XSPI1 ${psram} PSRAM_CONTROLLER XSPI2 PSRAM_LINES 16)
refuses(psram_bad_lines "PSRAM_LINES: '4' is not one of 8, 16" ${xip} ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 4)
refuses(psram_clock_too_fast "PSRAM_CLOCK_HZ: 250000000 Hz is outside 1 MHz..200 MHz" ${xip} ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16 PSRAM_CLOCK_HZ 250000000)
refuses(psram_size_not_power_of_two "PSRAM_SIZE: 25165824 bytes: must be a power of two from 64K to 256M" ${xip} ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16 PSRAM_SIZE 24M)
refuses(psram_region_already_a_ram "PSRAM_RAM: 'PSRAM' is already a RAM region" ${noram} MODE XIP IMAGE_OFFSET 0 RAM DTCM:0x20000000:64K PSRAM:0x90000000:32M ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16)
refuses(lrun_into_psram "LOAD_REGION: 'PSRAM' is the PSRAM, which the Boot maps only after the copy" ${base} MODE LRUN IMAGE_OFFSET 0 LOAD_REGION PSRAM ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16)
refuses(lrun_stack_in_psram "APPLI_STACK: 'PSRAM' is the PSRAM: an LRUN Boot accepts the stack only" ${base} MODE LRUN IMAGE_OFFSET 0 LOAD_REGION AXI APPLI_STACK PSRAM ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16)
refuses(mpu_not_on_off "MPU: 'yes' is not one of ON, OFF" ${xip} MPU yes)
refuses(nc_ram_without_mpu "NC_RAM: only with MPU ON" ${xip} NC_RAM 0x24070000:8K)
refuses(nc_ram_misaligned "NC_RAM: '0x24071000:8K': an MPU region starts on a multiple of its size" ${xip} MPU ON NC_RAM 0x24071000:8K)
refuses(nc_ram_not_power_of_two "NC_RAM: size 12288: an MPU region is a power of two of at least 32 bytes" ${xip} MPU ON NC_RAM 0x24070000:12K)
refuses(sd_image_in_xip "IMAGE_MEMORY: sd needs MODE LRUN: an SD card cannot be mapped" ${xip} IMAGE_MEMORY sd SLOT_SIZE 64K)
refuses(sd_offset_off_block "IMAGE_OFFSET: 0x300 is not a multiple of 512: an SD card reads whole 512-byte blocks" ${base} MODE LRUN LOAD_REGION AXI IMAGE_MEMORY sd IMAGE_OFFSET 0x300 SLOT_SIZE 64K)
refuses(sd_without_slot_size "SLOT_SIZE: missing: with IMAGE_MEMORY sd the card's size is known only at boot" ${base} MODE LRUN LOAD_REGION AXI IMAGE_MEMORY sd IMAGE_OFFSET 1M)
refuses(image_memory_unknown "IMAGE_MEMORY: 'psram' is not one of nor_sfdp, sd" ${base} MODE LRUN LOAD_REGION AXI IMAGE_MEMORY psram IMAGE_OFFSET 0)
refuses(sector_size_not_power_of_two "SECTOR_SIZE: 3000 bytes: must be a power of two from 256 to SIZE" ${xip} SECTOR_SIZE 3000)
refuses(page_size_past_sector "PAGE_SIZE: 8192: must be a power of two no larger than SECTOR_SIZE" ${xip} LOADERS ON PART MX25UW25645G PAGE_PROGRAM_MAX_US 750 SECTOR_ERASE_MAX_MS 400 BLOCK_ERASE_MAX_MS 2000 PAGE_SIZE 8K)
refuses(block_size_below_sector "BLOCK_SIZE: 1024: must be a power of two from SECTOR_SIZE to SIZE" ${xip} LOADERS ON PART MX25UW25645G PAGE_PROGRAM_MAX_US 750 SECTOR_ERASE_MAX_MS 400 BLOCK_ERASE_MAX_MS 2000 BLOCK_SIZE 1K)
refuses(appli_entry_not_a_symbol "APPLI_ENTRY: '9start' is not a symbol name" ${xip} APPLI_ENTRY 9start)
refuses(psram_clock_with_size_suffix "PSRAM_CLOCK_HZ: '200M': give the frequency in Hz as a plain number" ${xip} PSRAM_PART APS256XXN PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16 PSRAM_CLOCK_HZ 200M PSRAM_SIZE 32M)
refuses(psram_region_name_not_an_identifier "PSRAM_RAM: '2nd' is not a region name" ${xip} ${psram} PSRAM_CONTROLLER XSPI1 PSRAM_LINES 16 PSRAM_RAM 2nd)
refuses(nor_driver_unknown "NOR_DRIVER: 'fixed' is not one of" ${xip} NOR_DRIVER fixed)
refuses(boot_calls_unknown "BOOT_CALLS: 'driver' is not one of" ${xip} BOOT_CALLS driver)
refuses(nor_driver_pinned_without_part "NOR_DRIVER: pinned needs PART" ${xip} NOR_DRIVER pinned)
refuses(nor_driver_pinned_in_a_user_project "NOR_DRIVER: pinned needs extmem's own host build" ${xip} NOR_DRIVER pinned PART MX25UW25645G)
if(NOT DEFINED args)
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
