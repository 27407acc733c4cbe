/* SPDX-License-Identifier: MIT */
/* The manager built with EXTMEM_TRACE_PRINTF=printf: every public call and its result are printed. */
#include <stdio.h>

#include "extmem/extmem.h"
#include "test_memory.h"

int main(void)
{
	static uint8_t array[64 * 1024];
	static uint8_t buf[16];
	struct test_memory t;
	test_memory_setup(&t, array, sizeof(array));
	struct extmem_memory table[1] = {{.kind = EXTMEM_KIND_USER, .driver = &test_memory_driver, .data = &t}};
	struct extmem em;
	int err = extmem_setup(&em, table, 1);
	if (err == EXTMEM_OK)
		err = extmem_init(&em, 0);
	if (err == EXTMEM_OK)
		err = extmem_read(&em, 0, 0x10, buf, sizeof(buf));
	int bad = extmem_write(&em, 0, sizeof(array), buf, 1);
	return err == EXTMEM_OK && bad == EXTMEM_ERR_OUT_OF_RANGE ? 0 : 1;
}
