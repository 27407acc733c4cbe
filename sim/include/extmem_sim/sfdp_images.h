/* SPDX-License-Identifier: MIT */
/*
 * extmem simulator: the project's own SFDP images of real parts.
 *
 * Each image is hand-encoded in sim/sfdp/ from datasheet facts and the JEDEC
 * JESD216 field layouts, one commented DWORD at a time. Device models serve
 * them to the Read SFDP (5Ah) command; tests decode them and compare against
 * the datasheet numbers.
 */
#ifndef EXTMEM_SIM_SFDP_IMAGES_H
#define EXTMEM_SIM_SFDP_IMAGES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct extmem_sim_sfdp_image {
	const char *part;     /* e.g. "MX66UW1G45G" */
	uint32_t jedec_id;    /* manufacturer << 16 | type << 8 | capacity, e.g. 0xC2813B */
	const uint8_t *bytes; /* SFDP address space from address 0 */
	size_t len;           /* bytes in the image */
	const char *source;   /* where the encoded facts come from */
};

/* The image of `part` (case-sensitive part name), or NULL. */
const struct extmem_sim_sfdp_image *extmem_sim_sfdp_image_find(const char *part);

/* All images; *count receives their number. */
const struct extmem_sim_sfdp_image *extmem_sim_sfdp_images(size_t *count);

#ifdef __cplusplus
}
#endif

#endif /* EXTMEM_SIM_SFDP_IMAGES_H */
