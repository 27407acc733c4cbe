/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the emulator's ELF loader and symbol reader
 * (extmem_emu_load_elf, extmem_emu_elf_extract). The loader takes a path, so
 * each input is written to a memfd and loaded through /proc/self/fd. Besides
 * ASan/UBSan findings it traps when a result breaks the loader's promises:
 * 0 or -1 only, a refusal always explained and naming the file, an extract
 * never reporting more bytes than the buffer holds.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "extmem_emu/machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct extmem_emu *emu;
	static int fd = -1;
	static char path[64];
	static uint8_t window[1u << 16];
	if (emu == NULL) {
		fd = memfd_create("fuzz_elf", 0);
		if (fd < 0 || extmem_emu_create(&emu, NULL) != 0)
			__builtin_trap();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || (size != 0 && pwrite(fd, data, size, 0) != (ssize_t)size))
		__builtin_trap();
	char err[300];
	err[0] = '\0';
	int rc = extmem_emu_load_elf(emu, path, err, sizeof(err));
	if (rc != 0 && rc != -1)
		__builtin_trap();
	if (rc == -1 && (err[0] == '\0' || strstr(err, path) == NULL))
		__builtin_trap();
	uint32_t addr;
	(void)extmem_emu_symbol(emu, "main", &addr);
	err[0] = '\0';
	long n = extmem_emu_elf_extract(path, EXTMEM_EMU_XSPI2_BASE, window, sizeof(window), err, sizeof(err));
	if (n < -1 || n > (long)sizeof(window) || (n == -1 && err[0] == '\0'))
		__builtin_trap();
	return 0;
}
