/* SPDX-License-Identifier: MIT */
/*
 * `extmem demo`: the best end-to-end path that exists today. A USER memory
 * whose driver speaks xSPI descriptors goes through the manager, the host
 * port and the simulated bus to a RAM device; the demo writes, reads back,
 * shows the bad-input statuses and the virtual time spent on the bus.
 *
 * The USER driver is examples/user-memory/xspi_ram.c, the smallest example
 * of a memory type.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "extmem/extmem.h"
#include "extmem_sim/ram_device.h"
#include "host_xspi.h"
#include "xspi_ram.h"

#define DEMO_SIZE (64u * 1024u)

static void show(const char *what, int status)
{
	printf("  %-44s -> %s\n", what, extmem_status_name(status));
}

int extmem_cmd_demo(int argc, char **argv)
{
	if (extmem_tool_wants_help(argc, argv)) {
		printf("usage: extmem demo\n\n"
		       "Runs the end-to-end demonstration and says what it did.\n");
		return 0;
	}
	static uint8_t array[DEMO_SIZE];
	struct extmem_sim_clock clock = {0};
	struct extmem_sim_ram_device ram;
	struct extmem_host_xspi port;
	extmem_sim_ram_device_init(&ram, &clock, array, sizeof(array));
	extmem_host_xspi_init(&port, &ram.base, 200000000u);

	const struct extmem_example_xspi_ram_config cfg = {
		.link = {.ops = &extmem_host_xspi_ops, .ctx = &port, .data_lines = 1},
		.size = DEMO_SIZE,
	};
	struct extmem_memory table[] = {
		{.kind = EXTMEM_KIND_USER, .driver = &extmem_example_xspi_ram_driver, .config = &cfg},
	};
	struct extmem em;
	int err = extmem_setup(&em, table, 1);
	if (err == EXTMEM_OK)
		err = extmem_init(&em, 0);
	if (err != EXTMEM_OK) {
		fprintf(stderr, "extmem demo: init failed: %s\n", extmem_status_name(err));
		return 1;
	}
	printf("extmem demo: manager -> USER driver -> host xSPI port -> simulated RAM device\n");
	printf("  (the NOR, emulator and BootFlash demo replaces this as those issues land)\n\n");

	static uint8_t out[4096], in[4096];
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7u + 3u);
	show("write 4096 bytes at 0x1000", extmem_write(&em, 0, 0x1000, out, sizeof(out)));
	show("read them back", extmem_read(&em, 0, 0x1000, in, sizeof(in)));
	int same = memcmp(in, out, sizeof(in)) == 0;
	printf("  %-44s -> %s\n", "compare", same ? "identical" : "DIFFERENT");
	show("write past the end (0xFFFF + 2 bytes)", extmem_write(&em, 0, 0xFFFF, out, 2));
	show("read at a wrapping address", extmem_read(&em, 0, UINT64_MAX, in, 2));
	show("erase (no erase op on this memory)", extmem_erase(&em, 0, 0, 4096));
	show("read from memory id 7", extmem_read(&em, 7, 0, in, 1));
	show("map (not mappable)", extmem_map(&em, 0));

	printf("\n  bus ops: %u, device writes: %u, violations: %u, virtual time: %.3f us at %u MHz\n",
	       (unsigned)port.executed, (unsigned)ram.writes, (unsigned)ram.base.violations, (double)clock.now_ps / 1e6,
	       (unsigned)(port.bus_hz / 1000000u));
	(void)extmem_deinit(&em, 0);
	return same && ram.writes == 1 && ram.base.violations == 0 ? 0 : 1;
}
