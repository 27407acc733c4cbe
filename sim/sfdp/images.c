/* SPDX-License-Identifier: MIT */
/* The list of the project's SFDP images (see extmem_sim/sfdp_images.h). */
#include <string.h>

#include "extmem_sim/sfdp_images.h"

extern const uint8_t extmem_sim_sfdp_mx66uw1g45g[];
extern const size_t extmem_sim_sfdp_mx66uw1g45g_len;

static struct extmem_sim_sfdp_image images[1];
static size_t image_count;

/* The arrays live in other translation units, so sizes are read at run time. */
static void images_init(void)
{
	if (image_count)
		return;
	images[image_count++] = (struct extmem_sim_sfdp_image){
		"MX66UW1G45G", 0xc2813b, extmem_sim_sfdp_mx66uw1g45g, extmem_sim_sfdp_mx66uw1g45g_len,
		"MX66UW1G45G datasheet (organisation, OPI commands, CR2/RDSCUR bits); timings cross-checked "
		"with the sibling MX66UW1G345G"};
}

const struct extmem_sim_sfdp_image *extmem_sim_sfdp_images(size_t *count)
{
	images_init();
	if (count)
		*count = image_count;
	return images;
}

const struct extmem_sim_sfdp_image *extmem_sim_sfdp_image_find(const char *part)
{
	images_init();
	if (!part)
		return NULL;
	for (size_t i = 0; i < image_count; i++)
		if (strcmp(images[i].part, part) == 0)
			return &images[i];
	return NULL;
}
