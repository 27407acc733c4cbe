/* SPDX-License-Identifier: MIT */
/* BootFlash: the generic Boot entry (bring the memories up, check the image, hand over or fail). */
#include "extmem/bootflash.h"

#include "boot_mem.h"

/* extmem_bootflash_prepare once out's status, step and check are set (EXTMEM_OK, CONFIG, OK; see boot_mem.h). */
static int prepare_started(const struct extmem_bootflash_config *cfg, struct extmem *em, struct extmem_boot_start *out)
{
	int rc;

	if (!cfg || !em || (cfg->mpu_count && !cfg->mpu)) {
		out->status = EXTMEM_ERR_INVALID;
		return out->status;
	}
	for (uint32_t i = 0; cfg->memory_list && cfg->memories && i < cfg->memory_count; i++) {
		const struct extmem_bootflash_memory *l = &cfg->memory_list[i];
		cfg->memories[i].kind = l->kind;
#ifndef EXTMEM_BOOT_DRIVER /* else boot_mem.h calls the named driver and reads no .driver */
		cfg->memories[i].driver = l->driver;
#endif
		cfg->memories[i].config = l->config;
		cfg->memories[i].data = l->data;
	}
	rc = boot_mem_setup(em, cfg->memories, cfg->memory_count);
	for (uint32_t id = 0; rc == EXTMEM_OK && id < cfg->memory_count; id++) {
		rc = boot_mem_init(em, id);
		if (rc != EXTMEM_OK) {
			out->step = EXTMEM_BOOT_STEP_INIT;
			/* The status word has 8 bits for it; a larger table's ids read modulo 256. */
			out->check = (enum extmem_image_check)(id & 0xFFu);
		}
	}
	if (rc != EXTMEM_OK) {
		out->status = rc;
		return rc;
	}
	const struct extmem_boot_config boot = {
		.em = em,
		.image_id = cfg->image_id,
		.slot_offset = cfg->slot_offset,
		.slot_size = cfg->slot_size,
		.mode = cfg->mode,
		.map_ids = cfg->map_ids,
		.map_count = cfg->map_count,
		.ram = cfg->ram,
		.ram_count = cfg->ram_count,
		.ram_ptr = cfg->ram_ptr,
		.ram_ctx = cfg->ram_ctx,
	};
	/* out's status, step and check are as set on entry: nothing above changed them on the way here */
	return extmem_boot_prepare_cleared(&boot, out);
}

int extmem_bootflash_prepare(const struct extmem_bootflash_config *cfg, struct extmem *em,
			     struct extmem_boot_start *out)
{
	if (!out)
		return EXTMEM_ERR_INVALID;
	*out = (struct extmem_boot_start){.step = EXTMEM_BOOT_STEP_CONFIG, .check = EXTMEM_IMAGE_CHECK_OK};
	return prepare_started(cfg, em, out);
}

void extmem_bootflash_boot(const struct extmem_bootflash_config *cfg, struct extmem *em)
{
	/*
	 * Not cleared whole (84 bytes): a failure's status word reads status, step and check only, and a success
	 * has written every field the hand-over reads.
	 */
	struct extmem_boot_start start;
	start.status = EXTMEM_OK;
	start.step = EXTMEM_BOOT_STEP_CONFIG;
	start.check = EXTMEM_IMAGE_CHECK_OK;
	int rc = prepare_started(cfg, em, &start);

	if (cfg && cfg->port) {
		if (rc == EXTMEM_OK)
			cfg->port->handover(&start, cfg->mpu, cfg->mpu_count);
		uint32_t word = extmem_boot_status_word(&start);
		if (cfg->on_fail)
			cfg->on_fail(word);
		cfg->port->fail(word);
	}
	for (;;) {
	}
}
