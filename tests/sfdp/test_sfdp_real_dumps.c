/* SPDX-License-Identifier: MIT */
/*
 * Real SFDP dumps (../shared/sfdp-dumps, test data outside the project)
 * decode without error. Each decode is printed so a reader can check it;
 * a few facts stated in the dumps' README are asserted. Skipped (exit 77)
 * when the folder is absent, as in a user's clone.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem/sfdp.h"

#define DUMPS EXTMEM_SHARED_DIR "/sfdp-dumps"

static int failures;

#define CHECK(cond)                                                                                                    \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			printf("  FAILED: %s\n", #cond);                                                               \
			failures++;                                                                                    \
		}                                                                                                      \
	} while (0)

static void print_decode(const struct extmem_sfdp *d)
{
	const struct extmem_sfdp_bfpt *b = &d->bfpt;

	printf("  SFDP %u.%u, access protocol %02Xh, %u headers\n", d->major, d->minor, d->access_protocol,
	       d->nheaders);
	for (unsigned i = 0; i < d->ntables; i++)
		printf("    %04Xh rev %u.%u %3u DWORDs at %06" PRIX32 ": %s, %s\n", d->table[i].id, d->table[i].major,
		       d->table[i].minor, d->table[i].ndw, d->table[i].ptr, extmem_sfdp_table_name(d->table[i].id),
		       extmem_sfdp_table_state_name(d->table[i].state));
	printf("  BFPT %u.%u: %" PRIu64 " MiB, page %u, addr mode %u, QER %u\n", b->major, b->minor, b->size >> 20,
	       b->page_size, b->addr_bytes, b->qer);
	for (unsigned i = 0; i < 4; i++)
		if (b->erase[i].size)
			printf("    erase %u: %" PRIu32 " KiB op %02Xh/%02Xh typ %" PRIu32 " ms max %" PRIu32 " ms\n",
			       i + 1, b->erase[i].size / 1024u, b->erase[i].opcode, b->erase[i].opcode_4b,
			       b->erase[i].typ_ms, b->erase[i].max_ms);
	for (int m = 0; m < EXTMEM_SFDP_READ_COUNT; m++)
		if (b->reads & (1u << m))
			printf("    read %-8s %02Xh wait %u mode %u\n", extmem_sfdp_read_name(m), b->read[m].opcode,
			       b->read[m].wait_states, b->read[m].mode_clocks);
	if (d->has & EXTMEM_SFDP_HAS_XSPI)
		printf("    xSPI 1.0: read %02Xh, dummy %u/%u/%u/%u at 200/166/133/100 MHz\n", d->xspi.read_opcode,
		       d->xspi.dummy[0], d->xspi.dummy[1], d->xspi.dummy[2], d->xspi.dummy[3]);
	if (d->has & EXTMEM_SFDP_HAS_SMAP)
		for (unsigned c = 0; c < d->smap.nconfigs; c++) {
			printf("    sector map config %u:", d->smap.config[c].id);
			for (unsigned r = 0; r < d->smap.config[c].nregions; r++)
				printf(" %" PRIu32 "K/%X", d->smap.region[d->smap.config[c].first + r].size / 1024u,
				       d->smap.region[d->smap.config[c].first + r].erase_mask);
			printf("\n");
		}
}

static uint8_t *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(1 << 20);
	size_t n = 0;

	if (f && buf)
		n = fread(buf, 1, 1 << 20, f);
	if (f)
		fclose(f);
	*len = n;
	return buf;
}

static void facts(const char *name, const struct extmem_sfdp *d)
{
	if (strstr(name, "mx66uw1g345g")) {
		CHECK(d->access_protocol == 0xfd);
		CHECK(d->bfpt.ndw == 20);
		CHECK(d->has & EXTMEM_SFDP_HAS_SCCR);
		CHECK(d->has & EXTMEM_SFDP_HAS_ODDR);
		CHECK(d->has & EXTMEM_SFDP_HAS_4BAIT);
		CHECK(d->xspi.ndw == 5);
		CHECK(d->bfpt.size == 128u << 20);
		/* SCCR (JESD216 bit positions, see test_sfdp_sccr.c): P_FAIL is
		 * bit 5 of RDSCUR 2Bh, 1 = failed, accessed with an address in 8D;
		 * the non-volatile DOPI bit (DWORD 23) is marked inverted (bit 30),
		 * at the non-volatile offset 4000_0000h. */
		const struct extmem_sfdp_sccr_bit *pe = &d->sccr.bit[EXTMEM_SFDP_SCCR_PROGRAM_ERROR];
		const struct extmem_sfdp_sccr_bit *nv = &d->sccr.bit[EXTMEM_SFDP_SCCR_OCTAL_DTR_NV];
		CHECK(pe->present && pe->active_high && pe->addressed && !pe->nonvolatile && pe->bit == 5);
		CHECK(nv->present && !nv->active_high && nv->nonvolatile && nv->local_address);
		CHECK(nv->reg_addr == 0x40000000u && nv->bit == 1);
	} else if (strstr(name, "sst26vf064b")) {
		CHECK(d->has & EXTMEM_SFDP_HAS_SMAP);
		CHECK(d->smap.nconfigs == 1 && d->smap.config[0].total == d->bfpt.size);
	} else if (strstr(name, "mt35xu02g")) {
		CHECK(d->bfpt.qer == 7);
		CHECK(d->bfpt.erase[1].size == 128u * 1024u);
	} else if (strstr(name, "mx25l25635f")) {
		CHECK(d->bfpt.size == 32u << 20);
	}
}

int main(void)
{
	DIR *dir = opendir(DUMPS);
	struct dirent *e;
	struct extmem_sfdp d;
	int count = 0;

	if (!dir) {
		printf("SKIP: %s not present (real dumps are test data outside the project)\n", DUMPS);
		return 77;
	}
	while ((e = readdir(dir)) != NULL) {
		char path[1024];
		size_t n = strlen(e->d_name), len;
		if (n < 5 || strcmp(e->d_name + n - 4, ".bin") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", DUMPS, e->d_name);
		uint8_t *img = load(path, &len);
		int rc = extmem_sfdp_parse(img, len, &d);
		printf("%s (%zu bytes): %s\n", e->d_name, len,
		       rc == EXTMEM_OK ? "ok" : extmem_sfdp_error_name(d.error));
		CHECK(rc == EXTMEM_OK);
		if (rc == EXTMEM_OK) {
			print_decode(&d);
			facts(e->d_name, &d);
			for (unsigned t = 0; t < d.ntables; t++)
				CHECK(d.table[t].state == EXTMEM_SFDP_TABLE_DECODED ||
				      d.table[t].state == EXTMEM_SFDP_TABLE_LISTED);
		}
		free(img);
		count++;
	}
	closedir(dir);
	printf("%d dumps, %d failed checks\n", count, failures);
	if (count == 0) {
		printf("SKIP: no .bin files in %s\n", DUMPS);
		return 77;
	}
	return failures ? 1 : 0;
}
