/* SPDX-License-Identifier: MIT */
/*
 * Code size of the External Memory Loaders: .text, .data and .bss as
 * arm-none-eabi-size reports them, and whether SFDP discovery (parser,
 * planner, the SFDP driver's bring-up) is in the link, for each pinned
 * loader and for the SFDP-driver .stldr of the DK built beside them. The
 * reference is ST's own STM32Cube loader for the DK: 14.1 KB of .text.
 */
#include <stdio.h>
#include <string.h>

#define ST_DK_TEXT 14100u

static int run(const char *cmd, char *out, size_t len)
{
	FILE *f = popen(cmd, "r");
	if (f == NULL)
		return -1;
	size_t n = fread(out, 1, len - 1, f);
	out[n] = '\0';
	return pclose(f) == 0 ? 0 : -1;
}

/* .text .data .bss of one ELF; -1 when the tool cannot read it. */
static int sizes(const char *path, unsigned long v[3])
{
	char cmd[1200], out[1024];
	snprintf(cmd, sizeof(cmd), "%s '%s'", SIZE_TOOL, path);
	if (run(cmd, out, sizeof(out)) != 0)
		return -1;
	const char *line = strchr(out, '\n');
	return line != NULL && sscanf(line + 1, "%lu %lu %lu", &v[0], &v[1], &v[2]) == 3 ? 0 : -1;
}

static int discovery_linked(const char *path)
{
	char cmd[1400], out[256];
	snprintf(cmd, sizeof(cmd),
		 "%s '%s' | awk '{print $NF}' | grep -cE "
		 "'^(extmem_sfdp_parse|extmem_nor_plan|select_from|extmem_nor_drv_init|extmem_nor_sfdp_driver)(\\.|$)'",
		 NM_TOOL, path);
	(void)run(cmd, out, sizeof(out)); /* grep -c exits 1 when it counts 0 */
	unsigned n = 0;
	return sscanf(out, "%u", &n) == 1 ? n > 0 : -1;
}

int main(void)
{
	char list[] = LOADERS;
	int fail = 0;
	printf("loader code size (arm-none-eabi-size; ST's DK loader: %u B of .text)\n", ST_DK_TEXT);
	printf("%-44s %8s %8s %8s %8s %s\n", "loader", ".text", "% of ST", ".data", ".bss", "SFDP discovery");
	for (char *save = NULL, *p = strtok_r(list, "|", &save); p != NULL; p = strtok_r(NULL, "|", &save)) {
		unsigned long v[3];
		const char *name = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
		int linked = discovery_linked(p);
		if (sizes(p, v) != 0 || linked < 0) {
			fprintf(stderr, "bench_loader_size: %s: not readable by %s / %s\n", p, SIZE_TOOL, NM_TOOL);
			fail = 1;
			continue;
		}
		printf("%-44s %8lu %7.1f%% %8lu %8lu %s\n", name, v[0], 100.0 * (double)v[0] / ST_DK_TEXT, v[1], v[2],
		       linked ? "linked (SFDP driver)" : "none (pinned)");
	}
	return fail;
}
