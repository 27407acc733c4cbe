/* SPDX-License-Identifier: MIT */
/*
 * The NUCLEO-H7S3L8's loader: the MX25UW25645G (32 MiB octal NOR, 8D-8D-8D
 * at 200 MHz) on XSPI2, memory-mapped at 0x70000000. Datasheet figures for
 * the tools' descriptions: 256-byte page, 4 KiB sectors, tPP 0.15 ms typical
 * / 0.75 ms max, tSE (4 KiB) 25 ms typical / 400 ms max, tBE (64 KiB)
 * 220 ms typical / 2000 ms max.
 */
#ifndef EXTMEM_LOADER_BOARD_H
#define EXTMEM_LOADER_BOARD_H

#define EXTMEM_LOADER_BOARD       "NUCLEO-H7S3L8"
#define EXTMEM_LOADER_PART        "MX25UW25645G"
#define EXTMEM_LOADER_BASE        0x70000000u
#define EXTMEM_LOADER_SIZE        (32u << 20)
#define EXTMEM_LOADER_SIZE_LOG2   25u
#define EXTMEM_LOADER_PAGE        256u
#define EXTMEM_LOADER_SECTOR      4096u
#define EXTMEM_LOADER_PP_MAX_US   750u
#define EXTMEM_LOADER_SE_MAX_MS   400u
/* The 64 KiB block the .FLM and IAR loaders erase as their sector: tBE max 2 s. */
#define EXTMEM_LOADER_BLOCK       65536u
#define EXTMEM_LOADER_BE_MAX_MS   2000u
#define EXTMEM_LOADER_ERASE_VALUE 0xFFu

#endif
