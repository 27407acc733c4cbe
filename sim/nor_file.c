/* SPDX-License-Identifier: MIT */
/*
 * The NOR model's lifetime, file backing and public queries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extmem_sim/sfdp_images.h"
#include "nor_internal.h"

/* ---- lifetime, persistence ---- */

static int load_file(struct extmem_sim_nor *nor)
{
	FILE *f = fopen(nor->path, "rb");
	if (f == NULL)
		return EXTMEM_OK; /* first run: an erased part */
	size_t got = fread(nor->array, 1, nor->part->size, f);
	int extra = fgetc(f);
	fclose(f);
	if (got != nor->part->size || extra != EOF) {
		memset(nor->array, 0xFF, nor->part->size);
		return EXTMEM_ERR_FORMAT;
	}
	return EXTMEM_OK;
}

int extmem_sim_nor_sync(struct extmem_sim_nor *nor)
{
	if (nor->path == NULL)
		return EXTMEM_OK;
	nor_settle(nor);
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", nor->path) >= (int)sizeof(tmp))
		return EXTMEM_ERR_INVALID;
	FILE *f = fopen(tmp, "wb");
	if (f == NULL)
		return EXTMEM_ERR_INVALID;
	size_t put = fwrite(nor->array, 1, nor->part->size, f);
	if (fclose(f) != 0 || put != nor->part->size) {
		remove(tmp);
		return EXTMEM_ERR_INVALID;
	}
	/* Rename: a crash mid-write never leaves a torn image. */
	if (rename(tmp, nor->path) != 0)
		return EXTMEM_ERR_INVALID;
	return EXTMEM_OK;
}

struct extmem_sim_nor *extmem_sim_nor_create(const struct extmem_sim_nor_part *part, struct extmem_sim_clock *clock,
					     uint8_t *array, const char *path)
{
	if (part == NULL || clock == NULL || part->size == 0 ||
	    part->page_size > sizeof(((struct extmem_sim_nor_pending *)0)->data))
		return NULL;
	struct extmem_sim_nor *nor = calloc(1, sizeof(*nor));
	if (nor == NULL)
		return NULL;
	nor->base.ops = &nor_device_ops;
	nor->base.clock = clock;
	nor->base.name = part->name;
	nor->part = part;
	nor->faults.sfdp_flip = -1;
	nor->powered = true;
	/*
	 * SEMPER factory CFRnN as modelled: CFR2 MEMLAT 8 (8 cycles in 1S, 20 in
	 * octal), 3-byte addresses; CFR3 UNHYSA (uniform 256 KiB sectors),
	 * 256-byte page, VRGLAT 0; CFR5 OPI-IT and SDRDDR clear (1S-1S-1S at
	 * power-on), bit 6 set (Linux's S28HS driver writes it back set).
	 */
	nor->cfr_nv[2] = 0x08;
	nor->cfr_nv[3] = 0x08;
	nor->cfr_nv[5] = 0x40;
	if (array != NULL) {
		nor->array = array;
	} else {
		nor->array = malloc(part->size);
		nor->owns_array = true;
		if (nor->array != NULL)
			memset(nor->array, 0xFF, part->size);
	}
	if (part->family == EXTMEM_SIM_NOR_FAMILY_SST26)
		nor->locks = calloc(part->size / 8192u, 1);
	if (path != NULL)
		nor->path = strdup(path);
	if (nor->array == NULL || (part->family == EXTMEM_SIM_NOR_FAMILY_SST26 && nor->locks == NULL) ||
	    (path != NULL && nor->path == NULL) || (nor->path != NULL && load_file(nor) != EXTMEM_OK)) {
		free(nor->path); /* never overwrite a file we could not read */
		nor->path = NULL;
		extmem_sim_nor_destroy(nor);
		return NULL;
	}
	/* The project's image of the part, when sim/sfdp has one; else 5Ah reads 0xFF. */
	const struct extmem_sim_sfdp_image *img = part->sfdp_name ? extmem_sim_sfdp_image_find(part->sfdp_name) : NULL;
	if (img != NULL)
		extmem_sim_nor_set_sfdp(nor, img->bytes, img->len);
	nor_volatile_defaults(nor, true);
	return nor;
}

void extmem_sim_nor_destroy(struct extmem_sim_nor *nor)
{
	if (nor == NULL)
		return;
	if (nor->array != NULL)
		extmem_sim_nor_sync(nor);
	if (nor->owns_array)
		free(nor->array);
	free(nor->locks);
	free(nor->path);
	free(nor);
}

void extmem_sim_nor_set_sfdp(struct extmem_sim_nor *nor, const uint8_t *bytes, size_t len)
{
	nor->sfdp = bytes;
	nor->sfdp_len = bytes != NULL ? len : 0;
}

enum extmem_sim_nor_proto extmem_sim_nor_proto(const struct extmem_sim_nor *nor)
{
	return nor->proto;
}

bool extmem_sim_nor_busy(struct extmem_sim_nor *nor)
{
	return nor_busy_now(nor);
}

uint64_t extmem_sim_nor_busy_until(const struct extmem_sim_nor *nor)
{
	return nor->busy_until_ps;
}

uint32_t extmem_sim_nor_violations(const struct extmem_sim_nor *nor, enum extmem_sim_nor_rule rule)
{
	if ((unsigned)rule >= EXTMEM_SIM_NOR_RULE_COUNT)
		return 0;
	return nor->rule_count[rule];
}

void extmem_sim_nor_clear_violations(struct extmem_sim_nor *nor)
{
	memset(nor->rule_count, 0, sizeof(nor->rule_count));
	nor->base.violations = 0;
	nor->base.last_violation[0] = '\0';
}
