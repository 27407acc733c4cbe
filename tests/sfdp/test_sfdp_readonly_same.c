/* SPDX-License-Identifier: MIT */
/*
 * The parser built read-only (EXTMEM_NOR_READ_ONLY=1, as the Boots build it)
 * decodes every field it keeps as the full parser does. This file is built
 * twice (tests/sfdp/CMakeLists.txt): with the host library's full parser and
 * with src/nor/sfdp.c and sfdp_fixups.c compiled read-only into the program.
 * Each build parses the project's images of the part models, the real dumps
 * of ../shared when they are there, and every image with each of its first
 * 512 bytes inverted and cut short at every DWORD, applies the fix-ups, and
 * prints the result code and every field a read-only build keeps (see
 * include/extmem/sfdp.h); the ctest compares the two outputs. This shows
 * consistency between the builds, not correctness: the full parser is
 * pinned by the golden decodes (sfdp_golden_compare) and test_sfdp_*.
 *
 *   test_sfdp_readonly_same OUT.txt     (one line per image and variant)
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem/sfdp.h"
#include "extmem_sim/sfdp_images.h"

#ifndef EXTMEM_SHARED_DIR
#define EXTMEM_SHARED_DIR ""
#endif

static char line[8192];
static size_t used;

static void put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void put(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line + used, sizeof line - used, fmt, ap);
	va_end(ap);
	if (n > 0)
		used += (size_t)n < sizeof line - used ? (size_t)n : sizeof line - used - 1;
}

/* The fields a read-only build keeps, one line. */
static const char *describe(const uint8_t *image, size_t len, uint32_t id)
{
	static struct extmem_sfdp d;
	used = 0;
	int err = extmem_sfdp_parse(image, len, &d);
	put("parse %d", err);
	/*
	 * Only the full build checks the erase geometry (density and sector-map
	 * regions against the erase sizes it alone decodes): the script leaves
	 * out the variants the full build refuses for it.
	 */
	if (err != EXTMEM_OK &&
	    (d.error == EXTMEM_SFDP_E_DENSITY_NOT_ERASE_MULTIPLE ||
	     d.error == EXTMEM_SFDP_E_SMAP_REGION_NOT_ERASE_MULTIPLE || d.error == EXTMEM_SFDP_E_SMAP_REGION_WRAPS))
		put(" erase-geometry");
	if (err != EXTMEM_OK)
		return line;
	(void)extmem_sfdp_apply_fixups(&d, id);
	const struct extmem_sfdp_bfpt *b = &d.bfpt;
	put(" nh %u has %02" PRIX32 " fix %02" PRIX32, d.nheaders,
	    d.has & ~(uint32_t)(EXTMEM_SFDP_HAS_SMAP | EXTMEM_SFDP_HAS_SCCR_MULTI), d.fixups);
	/*
	 * The reads the driver plans from the BFPT (enum extmem_sfdp_read): not
	 * 2-2-2 and the 1S-xD-xD ones, which it does not plan, nor 8D-8D-8D,
	 * which it takes from the xSPI profile (read_opcode, compared below).
	 */
	const uint16_t planned = (uint16_t) ~(1u << EXTMEM_SFDP_READ_2_2_2 | 1u << EXTMEM_SFDP_READ_1S_1D_1D |
					      1u << EXTMEM_SFDP_READ_1S_2D_2D | 1u << EXTMEM_SFDP_READ_1S_4D_4D |
					      1u << EXTMEM_SFDP_READ_4S_4D_4D | 1u << EXTMEM_SFDP_READ_8D_8D_8D);
	put(" bfpt %u size %" PRIu64 " ab %u a4o %d page %u reads %04X", b->ndw, b->size, b->addr_bytes, b->addr4_only,
	    b->page_size, b->reads & planned);
	for (int m = 0; m < EXTMEM_SFDP_READ_COUNT; m++)
		if ((planned >> m) & 1u)
			put(" r%d %02X/%u/%u", m, b->read[m].opcode, b->read[m].wait_states, b->read[m].mode_clocks);
	put(" poll %u qer %u qpi %u a4e %02X ext %u opi %u mhz", b->busy_poll, b->qer, b->qpi_enable, b->addr4_enter,
	    b->octal_ext, b->opi_enable);
	for (int i = 0; i < 4; i++)
		put(" %u/%u", b->max_mhz[i][0], b->max_mhz[i][1]);
	put(" 4bait %08" PRIX32, d.bait.supported);
	const struct extmem_sfdp_xspi *x = &d.xspi;
	put(" xspi %02X %u/%u 8d %u/%d", x->read_opcode, x->rdsr_addr_bytes, x->rdsr_dummy, x->sfdp_8d_dummy,
	    x->sfdp_8d_addr_flag);
	for (int i = 0; i < 4; i++)
		put(" %u/%u", x->dummy[i], x->dummy_pattern[i]);
	/* Of the SCCR map a read-only build keeps the volatile fields 4 to 14 of even number (sfdp_tables.h). */
	put(" sccr %" PRIX32, d.sccr.volatile_offset);
	for (int f = EXTMEM_SFDP_SCCR_DUMMY_VOLATILE; f <= EXTMEM_SFDP_SCCR_STR_DTR_VOLATILE; f += 2) {
		const struct extmem_sfdp_sccr_bit *s = &d.sccr.bit[f];
		put(" f%d %d%d%d %u %02X/%02X %" PRIX32, f, s->present, s->active_high, s->addressed, s->bit,
		    s->read_op, s->write_op, s->reg_addr);
	}
	put(" oddr");
	for (int i = 0; i < EXTMEM_SFDP_MAX_ODDR_SEQ; i++) {
		put(" %u:", d.oddr[i].len);
		for (unsigned k = 0; k < d.oddr[i].len && k < sizeof d.oddr[i].cmd; k++)
			put("%02X", d.oddr[i].cmd[k]);
	}
	return line;
}

static uint8_t work[4096];

static void one_image(FILE *out, const char *name, const uint8_t *image, size_t len, uint32_t id)
{
	if (len > sizeof work)
		len = sizeof work;
	fprintf(out, "%s: %s\n", name, describe(image, len, id));
	for (size_t off = 0; off < len && off < 512u; off++) {
		memcpy(work, image, len);
		work[off] ^= 0xFFu;
		fprintf(out, "%s ^%zu: %s\n", name, off, describe(work, len, id));
	}
	for (size_t cut = 0; cut < len; cut += 4u)
		fprintf(out, "%s cut %zu: %s\n", name, cut, describe(image, cut, id));
}

/* The real dumps and their JEDEC IDs (../shared/sfdp-dumps/README.md). */
static const struct {
	const char *file;
	uint32_t id;
} dumps[] = {
	{"mx66uw1g345g_lkml.bin", 0xC2843Bu}, {"sst26vf064b_linux_doc.bin", 0xBF2643u},
	{"qemu_w25q256.bin", 0xEF4019u},      {"qemu_n25q256a.bin", 0x20BA19u},
	{"qemu_is25wp256.bin", 0x9D7019u},    {"qemu_mt35xu02g.bin", 0x2C5B1Cu},
	{"qemu_mx25l25635f.bin", 0xC22019u},
};

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s OUT.txt\n", argv[0]);
		return 2;
	}
	FILE *out = fopen(argv[1], "w");
	if (out == NULL) {
		fprintf(stderr, "%s: cannot write\n", argv[1]);
		return 2;
	}
	printf("read-only build: %d\n", EXTMEM_NOR_READ_ONLY);
	size_t count = 0;
	const struct extmem_sim_sfdp_image *img = extmem_sim_sfdp_images(&count);
	for (size_t i = 0; i < count; i++)
		one_image(out, img[i].part, img[i].bytes, img[i].len, img[i].jedec_id);
	for (size_t i = 0; i < sizeof dumps / sizeof dumps[0]; i++) {
		static uint8_t image[4096];
		char path[512];
		snprintf(path, sizeof path, "%s/sfdp-dumps/%s", EXTMEM_SHARED_DIR, dumps[i].file);
		FILE *f = fopen(path, "rb");
		if (f == NULL) {
			fprintf(out, "%s: not here, skipped\n", dumps[i].file);
			continue;
		}
		size_t len = fread(image, 1, sizeof image, f);
		fclose(f);
		one_image(out, dumps[i].file, image, len, dumps[i].id);
	}
	fclose(out);
	return 0;
}
