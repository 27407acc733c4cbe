/* SPDX-License-Identifier: MIT */
/* BootFlash: check the image in a slot and prepare the hand-over (XIP or LRUN). */
#include "extmem/boot.h"

#include <stdbool.h>

#include "boot_mem.h"

/* Payload bytes read per manager call while checking an XIP image in place. */
#define BOOT_CHUNK 256u
_Static_assert(BOOT_CHUNK % EXTMEM_IMAGE_VECTOR_ALIGN == 0, "a chunk holds the whole vector table's first words");
/* The largest read granularity read_blocks bounces (an SD card's block). */
#define BOOT_BLOCK_MAX 512u
/* Whether cfg runs in place, known at build time when the build has one mode (check_config refused the other). */
#define BOOT_XIP(cfg)                                                                                                  \
	(EXTMEM_BOOT_MODES == EXTMEM_IMAGE_XIP ||                                                                      \
	 (EXTMEM_BOOT_MODES != EXTMEM_IMAGE_LRUN && (cfg)->mode == EXTMEM_IMAGE_XIP))

/*
 * A marker for tools (extmem powercut): an ELF that defines extmem_boot_checks_images links these image
 * checks, whatever -flto folded into its callers. An absolute symbol, no byte of the image: its value is the
 * header version the checks accept.
 */
_Static_assert(EXTMEM_IMAGE_HEADER_VERSION == 1, "extmem_boot_checks_images below gives the header version");
__asm__(".globl extmem_boot_checks_images\n\t.set extmem_boot_checks_images, 1");

const char *extmem_boot_step_name(enum extmem_boot_step step)
{
	switch (step) {
	case EXTMEM_BOOT_STEP_CONFIG: return "config";
	case EXTMEM_BOOT_STEP_HEADER: return "header";
	case EXTMEM_BOOT_STEP_COPY: return "copy";
	case EXTMEM_BOOT_STEP_PAYLOAD: return "payload";
	case EXTMEM_BOOT_STEP_MAP: return "map";
	case EXTMEM_BOOT_STEP_READY: return "ready";
	case EXTMEM_BOOT_STEP_INIT: return "init";
	}
	return "?";
}

uint32_t extmem_boot_status_word(const struct extmem_boot_start *start)
{
	uint32_t status = start->status < 0 ? (uint32_t)-start->status : 0;
	return (uint32_t)start->step << 24 | ((uint32_t)start->check & 0xFFu) << 16 | (status & 0xFFFFu);
}

static int stop(struct extmem_boot_start *out, enum extmem_boot_step step, int status)
{
	out->step = step;
	out->status = status;
	if (status != EXTMEM_OK) {
		out->vector_table = 0;
		out->sp = 0;
		out->entry = 0;
	}
	return status;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * extmem_image_check_payload on LRUN's copy, after the layout check (which
 * is what check_payload's own vectors_fit repeats): the CRC, then the vector
 * table's two words, read once, kept in out for the hand-over (stop() clears
 * them on a refusal). check_through_window does the same in line (as a
 * call of this, the DK's Boot came out 16 B larger: register allocation).
 */
#if BOOT_MEM_READS
static int check_payload_words(const struct extmem_image_policy *pol, const uint8_t *payload,
			       struct extmem_boot_start *out)
{
	const struct extmem_image_header *h = &out->header;
	const uint8_t *vt = payload + h->vector_offset;

	if (extmem_crc32(0, payload, h->payload_size) != h->payload_crc32) {
		out->check = EXTMEM_IMAGE_CHECK_PAYLOAD_CRC;
		return EXTMEM_ERR_FORMAT;
	}
	out->sp = le32(vt);
	out->entry = le32(vt + 4);
	return extmem_image_check_vectors(h, pol, out->sp, out->entry, &out->check);
}
#endif

/* Maps the image memory (XIP): the one check_config found up, in the direct build. */
static int map_image(const struct extmem_boot_config *cfg)
{
#if EXTMEM_BOOT_DIRECT
	return boot_mem_map_m(&cfg->em->memories[cfg->image_id]);
#else
	return boot_mem_map(cfg->em, cfg->image_id);
#endif
}

#if EXTMEM_BOOT_XIP_WINDOW
static int unmap_image(const struct extmem_boot_config *cfg)
{
#if EXTMEM_BOOT_DIRECT
	return boot_mem_unmap_m(&cfg->em->memories[cfg->image_id]);
#else
	return boot_mem_unmap(cfg->em, cfg->image_id);
#endif
}
#endif

#if BOOT_MEM_READS
/* The manager refuses reads of a mapped memory: a warm Boot may find it mapped. */
static int read_at(const struct extmem_boot_config *cfg, uint64_t addr, void *buf, uint32_t len)
{
#if EXTMEM_BOOT_DIRECT /* check_config found the memory up; extmem_boot_prepare unmapped it */
	return boot_mem_read_m(&cfg->em->memories[cfg->image_id], addr, buf, len);
#else
	int rc = boot_mem_read(cfg->em, cfg->image_id, addr, buf, len);
	if (rc == EXTMEM_ERR_MAPPED) {
		rc = boot_mem_unmap(cfg->em, cfg->image_id);
		if (rc == EXTMEM_OK)
			rc = boot_mem_read(cfg->em, cfg->image_id, addr, buf, len);
	}
	return rc;
#endif
}

/*
 * The last block read_blocks bounced, kept for the next call: the header's
 * block also holds the payload's first bytes (a 64 B header in a 512 B
 * block), so the copy takes them from here instead of reading block 0 again.
 * Only a block read whole and without error is kept.
 */
struct boot_block {
	uint32_t align; /* the image memory's read_align, from the info check_config read */
	bool kept;
	uint64_t addr; /* device address of data[] when kept */
	uint8_t data[BOOT_BLOCK_MAX];
};

/*
 * A memory that reads whole blocks only (an SD card: 512 B) refuses the
 * header's 64 bytes and a payload that does not end on a block: the partial
 * blocks at either end go through one block here, the rest straight to buf,
 * so nothing lands outside [buf, buf + len).
 */
static int read_blocks(const struct extmem_boot_config *cfg, struct boot_block *bb, uint64_t addr, uint8_t *buf,
		       uint32_t len)
{
	uint32_t a = bb->align;
	int rc = EXTMEM_OK; /* a kept block is copied without a read */

	if (a < 2 || a > sizeof bb->data || (a & (a - 1u)))
		return EXTMEM_ERR_MISALIGNED;
	while (len) {
		uint32_t skip = (uint32_t)(addr & (a - 1u)), n;
		if (skip == 0 && len >= a) {
			n = len & ~(a - 1u);
			rc = read_at(cfg, addr, buf, n);
		} else {
			n = a - skip < len ? a - skip : len;
			if (!bb->kept || bb->addr != addr - skip) {
				rc = read_at(cfg, addr - skip, bb->data, a);
				bb->kept = rc == EXTMEM_OK;
				bb->addr = addr - skip;
			}
			for (uint32_t i = 0; rc == EXTMEM_OK && i < n; i++)
				buf[i] = bb->data[skip + i];
		}
		if (rc != EXTMEM_OK)
			return rc;
		addr += n;
		buf += n;
		len -= n;
	}
	return EXTMEM_OK;
}

static int read_image(const struct extmem_boot_config *cfg, struct boot_block *bb, uint64_t off, void *buf,
		      uint32_t len)
{
	int rc = read_at(cfg, cfg->slot_offset + off, buf, len);
	if (EXTMEM_BOOT_BLOCK_READS && rc == EXTMEM_ERR_MISALIGNED)
		rc = read_blocks(cfg, bb, cfg->slot_offset + off, buf, len);
	return rc;
}

#endif

static int check_config(const struct extmem_boot_config *cfg, struct extmem_info *copy, const struct extmem_info **out)
{
	const struct extmem_info *info;
	int rc;

	if ((cfg->mode != EXTMEM_IMAGE_XIP && cfg->mode != EXTMEM_IMAGE_LRUN) || (cfg->ram_count && !cfg->ram) ||
	    (cfg->map_count && !cfg->map_ids) || cfg->slot_size < EXTMEM_IMAGE_HEADER_SIZE)
		return EXTMEM_ERR_INVALID;
	/* A mode this build left out (EXTMEM_BOOT_MODES) is refused before any read. */
	if (!(cfg->mode & EXTMEM_BOOT_MODES))
		return EXTMEM_ERR_NOT_SUPPORTED;
	info = boot_mem_info(cfg->em, cfg->image_id, copy, &rc);
	if (!info)
		return rc;
	*out = info;
	if (cfg->slot_offset > info->size || cfg->slot_size > info->size - cfg->slot_offset)
		return EXTMEM_ERR_OUT_OF_RANGE;
	if (BOOT_XIP(cfg) &&
	    (!info->mappable || (uint64_t)info->map_base + cfg->slot_offset + cfg->slot_size > 0x100000000ull))
		return EXTMEM_ERR_NOT_SUPPORTED;
	return EXTMEM_OK;
}

#if !EXTMEM_BOOT_XIP_WINDOW
/* XIP: the payload's CRC and vector table read through the manager, before anything is mapped. */
static int check_in_place(const struct extmem_boot_config *cfg, struct boot_block *bb,
			  const struct extmem_image_policy *pol, struct extmem_boot_start *out)
{
	const struct extmem_image_header *h = &out->header;
	uint8_t buf[BOOT_CHUNK];
	uint32_t crc = 0, sp = 0, reset = 0;
	int rc;

	for (uint32_t done = 0; done < h->payload_size;) {
		uint32_t n = h->payload_size - done < BOOT_CHUNK ? h->payload_size - done : BOOT_CHUNK;
		rc = read_image(cfg, bb, (uint64_t)h->hdr_size + done, buf, n);
		if (rc != EXTMEM_OK)
			return rc;
		crc = extmem_crc32(crc, buf, n);
		/*
		 * The table's two words lie in one chunk: vector_offset is a multiple of 128 (layout), the
		 * chunks start on multiples of 256, and vector_offset + 8 <= payload_size. So the chunk holds
		 * them when vector_offset - done < n (unsigned: false for a later chunk).
		 */
		if (h->vector_offset - done < n) {
			sp = le32(buf + (h->vector_offset - done));
			reset = le32(buf + (h->vector_offset - done) + 4);
		}
		done += n;
	}
	if (crc != h->payload_crc32) {
		out->check = EXTMEM_IMAGE_CHECK_PAYLOAD_CRC;
		return EXTMEM_ERR_FORMAT;
	}
	out->sp = sp;
	out->entry = reset;
	return extmem_image_check_vectors(h, pol, sp, reset, &out->check);
}

#endif

#if BOOT_MEM_READS
/* LRUN: copy to the load address, then check the copy (what will run), not the source. */
static int copy_and_check(const struct extmem_boot_config *cfg, struct boot_block *bb,
			  const struct extmem_image_policy *pol, struct extmem_boot_start *out)
{
	const struct extmem_image_header *h = &out->header;
	void *dst;
	int rc;

	dst = cfg->ram_ptr ? cfg->ram_ptr(cfg->ram_ctx, h->load_addr, h->payload_size)
			   : (void *)(uintptr_t)h->load_addr;
	if (!dst)
		return stop(out, EXTMEM_BOOT_STEP_COPY, EXTMEM_ERR_INVALID);
	rc = read_image(cfg, bb, h->hdr_size, dst, h->payload_size);
	if (rc != EXTMEM_OK)
		return stop(out, EXTMEM_BOOT_STEP_COPY, rc);
	return stop(out, EXTMEM_BOOT_STEP_PAYLOAD, check_payload_words(pol, dst, out));
}

/* The header read and checked, then XIP: the payload checked in place and the memory mapped; LRUN: copied. */
static int read_and_check(const struct extmem_boot_config *cfg, struct boot_block *bb,
			  const struct extmem_image_policy *pol, struct extmem_boot_start *out)
{
	uint8_t hdr[EXTMEM_IMAGE_HEADER_SIZE];
	int rc;

#if EXTMEM_BOOT_DIRECT /* the manager path's read_at unmaps on EXTMEM_ERR_MAPPED instead */
	rc = boot_mem_unmapped(&cfg->em->memories[cfg->image_id]);
	if (rc == EXTMEM_OK)
		rc = read_image(cfg, bb, 0, hdr, sizeof hdr);
#else
	rc = read_image(cfg, bb, 0, hdr, sizeof hdr);
#endif
	if (rc == EXTMEM_OK)
		rc = extmem_image_parse_header(hdr, sizeof hdr, &out->header, &out->check);
	if (rc == EXTMEM_OK)
		rc = extmem_image_check_layout(&out->header, pol, &out->check);
	if (rc != EXTMEM_OK)
		return stop(out, EXTMEM_BOOT_STEP_HEADER, rc);

#if !EXTMEM_BOOT_XIP_WINDOW /* else XIP is check_through_window's */
	if (BOOT_XIP(cfg)) {
		rc = check_in_place(cfg, bb, pol, out);
		if (rc != EXTMEM_OK)
			return stop(out, EXTMEM_BOOT_STEP_PAYLOAD, rc);
		rc = map_image(cfg);
		return rc != EXTMEM_OK ? stop(out, EXTMEM_BOOT_STEP_MAP, rc) : EXTMEM_OK;
	}
#endif
	return copy_and_check(cfg, bb, pol, out);
}
#endif

#if EXTMEM_BOOT_XIP_WINDOW
/*
 * XIP through the window: the image memory mapped first, then the header,
 * the payload CRC and the vector table read where the CPU will run them,
 * in the order of docs/image-format.md; an XIP-only Boot links no read
 * path. A refusal unmaps the memory again: the failure state leaves it
 * as the read path does. ram_ptr (host tests) gives the window's bytes.
 */
static int check_through_window(const struct extmem_boot_config *cfg, const struct extmem_image_policy *pol,
				struct extmem_boot_start *out)
{
	const struct extmem_image_header *h = &out->header;
	const uint8_t *w;
	int rc = map_image(cfg);

	if (rc != EXTMEM_OK)
		return stop(out, EXTMEM_BOOT_STEP_MAP, rc);
	w = cfg->ram_ptr ? cfg->ram_ptr(cfg->ram_ctx, pol->slot_addr, pol->slot_size)
			 : (const uint8_t *)(uintptr_t)pol->slot_addr;
	rc = w ? extmem_image_parse_header(w, EXTMEM_IMAGE_HEADER_SIZE, &out->header, &out->check) : EXTMEM_ERR_INVALID;
	if (rc == EXTMEM_OK)
		rc = extmem_image_check_layout(h, pol, &out->check);
	if (rc != EXTMEM_OK) {
		stop(out, EXTMEM_BOOT_STEP_HEADER, rc);
	} else {
		/* check_payload after the layout check, the vector table's words read once (as check_payload_words) */
		w += h->hdr_size;
		rc = extmem_crc32(0, w, h->payload_size) == h->payload_crc32 ? EXTMEM_OK : EXTMEM_ERR_FORMAT;
		if (rc != EXTMEM_OK) {
			out->check = EXTMEM_IMAGE_CHECK_PAYLOAD_CRC;
		} else {
			w += h->vector_offset;
			out->sp = le32(w);
			out->entry = le32(w + 4);
			rc = extmem_image_check_vectors(h, pol, out->sp, out->entry, &out->check);
		}
		stop(out, EXTMEM_BOOT_STEP_PAYLOAD, rc);
	}
	if (rc != EXTMEM_OK)
		(void)unmap_image(cfg);
	return rc;
}
#endif

int extmem_boot_prepare_cleared(const struct extmem_boot_config *cfg, struct extmem_boot_start *out)
{
	struct extmem_image_policy pol;
#if EXTMEM_BOOT_DIRECT
	struct extmem_info copy; /* unused: the direct build points at the table's own */
#else
	struct extmem_info copy = {0}; /* -flto cannot see extmem_info fill it on success */
#endif
	const struct extmem_info *info = &copy;
	int rc;
#if BOOT_MEM_READS
	struct boot_block bb; /* data[] is written before it is read: no need to zero 512 B */
	bb.kept = false;
#endif

	if (!cfg || !cfg->em)
		return stop(out, EXTMEM_BOOT_STEP_CONFIG, EXTMEM_ERR_INVALID);
	rc = check_config(cfg, &copy, &info);
	if (rc != EXTMEM_OK)
		return stop(out, EXTMEM_BOOT_STEP_CONFIG, rc);
#if BOOT_MEM_READS
	bb.align = info->read_align;
#endif

	pol = (struct extmem_image_policy){
		.mode = cfg->mode,
		/* LRUN only needs the slot's extent, so its base is taken as 0 (an SD slot has no CPU address). */
		.slot_addr = BOOT_XIP(cfg) ? (uint32_t)(info->map_base + cfg->slot_offset) : 0,
		.slot_size = cfg->slot_size,
		.ram = cfg->ram,
		.ram_count = cfg->ram_count,
	};
#if EXTMEM_BOOT_XIP_WINDOW
	if (BOOT_XIP(cfg))
		rc = check_through_window(cfg, &pol, out);
#if BOOT_MEM_READS
	else
		rc = read_and_check(cfg, &bb, &pol, out);
#endif
#else
	rc = read_and_check(cfg, &bb, &pol, out);
#endif
	if (rc != EXTMEM_OK) /* out->status, set by stop() */
		return rc;

	for (uint32_t i = 0; i < cfg->map_count; i++) {
		rc = boot_mem_map(cfg->em, cfg->map_ids[i]);
		if (rc != EXTMEM_OK && rc != EXTMEM_ERR_MAPPED)
			return stop(out, EXTMEM_BOOT_STEP_MAP, rc);
	}

	out->vector_table = out->header.load_addr + out->header.vector_offset;
	return stop(out, EXTMEM_BOOT_STEP_READY, EXTMEM_OK);
}

int extmem_boot_prepare(const struct extmem_boot_config *cfg, struct extmem_boot_start *out)
{
	if (!out)
		return EXTMEM_ERR_INVALID;
	*out = (struct extmem_boot_start){.check = EXTMEM_IMAGE_CHECK_OK};
	return extmem_boot_prepare_cleared(cfg, out);
}
