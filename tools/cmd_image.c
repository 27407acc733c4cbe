/* SPDX-License-Identifier: MIT */
/*
 * `extmem image`: turns an application ELF into a boot image
 * (docs/image-format.md): the ELF's loadable bytes from the load address
 * on, gaps filled with FFh, behind the 64-byte header and its padding.
 * Everything the Boot would refuse for the way the ELF is laid out
 * (placement, vector table) is refused here first, naming the field.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "commands.h"
#include "extmem/image.h"
#include "image.h"

#define CMD             "extmem image"
#define DEFAULT_HDR     0x400u     /* keeps a 1 KiB-aligned vector table 1 KiB-aligned after the header */
#define MAX_PAYLOAD     (1u << 30) /* larger than any XSPI window: a typo, not an image */
#define EXIT_BAD_LAYOUT 1          /* the ELF cannot make an image the Boot would start */

static const struct extmem_opt opts[] = {
	{"output", 'o', "FILE", "the image to write (required)"},
	{"mode", 0, "xip|lrun", "run in place from the window (default) or load and run from RAM"},
	{"load", 0, "ADDR", "address of the payload's first byte (default: the ELF's lowest loadable byte)"},
	{"hdr-size", 0, "N", "bytes from the slot start to the payload, >= 64, multiple of 4 (default 0x400)"},
	{"vectors", 0, "ADDR",
	 "address of the vector table (default: section .isr_vector, else the lowest loadable byte)"},
	{"slot-size", 0, "N", "refuse an image longer than the slot it is for"},
	{"image-version", 0, "N", "the application's version number, stored as is (default 0)"},
	{"json", 0, NULL, "print the header's fields as one JSON object"},
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: " CMD " APP.elf -o IMAGE.bin [--mode xip|lrun] [--load ADDR] [options]\n\n"
		     "Writes the boot image header of docs/image-format.md, padding (FFh) up to --hdr-size,\n"
		     "then the payload: the ELF's PT_LOAD bytes at their physical addresses from the load\n"
		     "address on, gaps filled with FFh, padded to a multiple of 4. XIP: the slot starts\n"
		     "hdr-size bytes before the load address, so program IMAGE.bin there (e.g. the ELF\n"
		     "linked at 0x70000400 with the default header goes to 0x70000000). LRUN: the Boot\n"
		     "copies the payload to the load address, so the ELF is linked for RAM.\n\n");
	extmem_args_print_options(out, opts, NOPTS);
	fprintf(out, "\nexit status: 0 written; 1 the ELF's layout cannot make a bootable image (vector\n"
		     "table misplaced or misaligned, reset handler outside the payload or without its\n"
		     "Thumb bit, bytes below --load, image longer than --slot-size); 2 bad arguments or\n"
		     "an unreadable ELF; 6 the output could not be written.\n");
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct payload {
	uint32_t lo;      /* lowest loadable byte */
	uint64_t hi;      /* one past the highest */
	uint32_t vectors; /* .isr_vector's address, when there is one */
	bool has_vectors;
};

/* The span of the ELF's loadable bytes (PT_LOAD with file contents, physical addresses). */
static int elf_span(const struct extmem_elf *elf, const char *path, struct payload *p)
{
	bool any = false;
	p->lo = UINT32_MAX;
	p->hi = 0;
	for (unsigned i = 0; i < elf->phnum; i++) {
		struct extmem_elf_phdr ph;
		if (extmem_elf_phdr(elf, i, &ph) != 0 || ph.type != 1u || ph.filesz == 0)
			continue;
		if ((uint64_t)ph.paddr + ph.filesz > 0x100000000ull) {
			fprintf(stderr, CMD ": %s: segment %u: paddr 0x%08X + filesz 0x%X passes 4 GiB\n", path, i,
				(unsigned)ph.paddr, (unsigned)ph.filesz);
			return EXTMEM_EXIT_USAGE;
		}
		any = true;
		if (ph.paddr < p->lo)
			p->lo = ph.paddr;
		if (ph.paddr + (uint64_t)ph.filesz > p->hi)
			p->hi = ph.paddr + (uint64_t)ph.filesz;
	}
	if (!any) {
		fprintf(stderr, CMD ": %s: no PT_LOAD segment with file contents: nothing to put in an image\n", path);
		return EXTMEM_EXIT_USAGE;
	}
	struct extmem_elf_shdr sh;
	p->has_vectors = extmem_elf_section(elf, ".isr_vector", &sh) >= 0;
	p->vectors = p->has_vectors ? sh.addr : 0;
	return 0;
}

/* The payload bytes: FFh, then every loadable segment copied in at paddr - load. */
static uint8_t *elf_payload(const struct extmem_elf *elf, uint32_t load, uint32_t size)
{
	uint8_t *buf = malloc(size);
	if (buf == NULL)
		return NULL;
	memset(buf, 0xFF, size);
	for (unsigned i = 0; i < elf->phnum; i++) {
		struct extmem_elf_phdr ph;
		if (extmem_elf_phdr(elf, i, &ph) != 0 || ph.type != 1u || ph.filesz == 0)
			continue;
		/* extmem_elf_parse checked the segment lies inside the file */
		memcpy(buf + (ph.paddr - load), elf->bytes + ph.offset, ph.filesz);
	}
	return buf;
}

struct plan {
	uint32_t mode, hdr_size, load, size, vector_offset, image_version;
	uint64_t slot_size;
	bool has_slot_size;
};

/* What the Boot checks about placement and vectors that the ELF alone decides (spec rules 4, 5, 7). */
static int check_layout(const char *path, const struct plan *pl, const uint8_t *payload)
{
	uint32_t vt = pl->load + pl->vector_offset;
	if (vt % EXTMEM_IMAGE_VECTOR_ALIGN != 0) {
		fprintf(stderr, CMD ": %s: vector table at 0x%08X: not a multiple of %u (VTOR takes bits 31..7)\n",
			path, (unsigned)vt, EXTMEM_IMAGE_VECTOR_ALIGN);
		return EXIT_BAD_LAYOUT;
	}
	if ((uint64_t)pl->vector_offset + 8u > pl->size) {
		fprintf(stderr,
			CMD ": %s: vector table at 0x%08X: its first two words are not in the payload (0x%08X+0x%X)\n",
			path, (unsigned)vt, (unsigned)pl->load, (unsigned)pl->size);
		return EXIT_BAD_LAYOUT;
	}
	uint32_t sp = get32(payload + pl->vector_offset), reset = get32(payload + pl->vector_offset + 4);
	if (sp % 8u != 0) {
		fprintf(stderr, CMD ": %s: vector table word 0 (initial SP) 0x%08X: not 8-byte aligned\n", path,
			(unsigned)sp);
		return EXIT_BAD_LAYOUT;
	}
	uint32_t code = reset & ~1u;
	if ((reset & 1u) == 0 || code < pl->load || code - pl->load >= pl->size) {
		fprintf(stderr, CMD ": %s: vector table word 1 (reset handler) 0x%08X: %s\n", path, (unsigned)reset,
			(reset & 1u) == 0 ? "Thumb bit clear" : "outside the payload");
		return EXIT_BAD_LAYOUT;
	}
	if (pl->has_slot_size && pl->hdr_size + (uint64_t)pl->size > pl->slot_size) {
		fprintf(stderr,
			CMD
			": %s: image of 0x%llX bytes (header 0x%X + payload 0x%X) does not fit --slot-size 0x%llX\n",
			path, (unsigned long long)pl->hdr_size + pl->size, (unsigned)pl->hdr_size, (unsigned)pl->size,
			(unsigned long long)pl->slot_size);
		return EXIT_BAD_LAYOUT;
	}
	return 0;
}

static int write_image(const char *out, const uint8_t *hdr, uint32_t hdr_size, const uint8_t *payload, uint32_t size)
{
	FILE *f = fopen(out, "wb");
	if (f == NULL) {
		fprintf(stderr, CMD ": %s: cannot create: %s\n", out, strerror(errno));
		return EXTMEM_EXIT_INTERNAL;
	}
	int ok = fwrite(hdr, 1, EXTMEM_IMAGE_HEADER_SIZE, f) == EXTMEM_IMAGE_HEADER_SIZE;
	for (uint32_t i = EXTMEM_IMAGE_HEADER_SIZE; ok && i < hdr_size; i++)
		ok = fputc(0xFF, f) != EOF;
	ok = ok && fwrite(payload, 1, size, f) == size;
	ok = (fclose(f) == 0) && ok;
	if (!ok) {
		fprintf(stderr, CMD ": %s: write failed: %s\n", out, strerror(errno));
		remove(out);
		return EXTMEM_EXIT_INTERNAL;
	}
	return 0;
}

static void print_json(const char *out, const struct extmem_image_header *h)
{
	cJSON *o = cJSON_CreateObject();
	if (o == NULL)
		return;
	cJSON_AddStringToObject(o, "output", out);
	cJSON_AddStringToObject(o, "mode", h->flags & EXTMEM_IMAGE_XIP ? "xip" : "lrun");
	cJSON_AddNumberToObject(o, "hdr_size", h->hdr_size);
	cJSON_AddNumberToObject(o, "load_addr", h->load_addr);
	cJSON_AddNumberToObject(o, "payload_size", h->payload_size);
	cJSON_AddNumberToObject(o, "vector_offset", h->vector_offset);
	cJSON_AddNumberToObject(o, "payload_crc32", h->payload_crc32);
	cJSON_AddNumberToObject(o, "header_crc32", h->header_crc32);
	cJSON_AddNumberToObject(o, "image_version", h->image_version);
	if (h->flags & EXTMEM_IMAGE_XIP)
		cJSON_AddNumberToObject(o, "slot_addr", (double)(h->load_addr - h->hdr_size));
	cJSON_AddNumberToObject(o, "file_size", (double)h->hdr_size + h->payload_size);
	char *s = cJSON_PrintUnformatted(o);
	if (s != NULL)
		printf("%s\n", s);
	free(s);
	cJSON_Delete(o);
}

static int parse(struct extmem_args *a, struct plan *pl, int argc, char **argv)
{
	uint64_t v;
	if (extmem_args_parse(a, CMD, opts, NOPTS, argc, argv) != 0)
		return EXTMEM_EXIT_USAGE;
	if (a->help)
		return 0;
	if (a->npos != 1) {
		if (a->npos)
			extmem_args_error(a, "one ELF only (got %zu files)", a->npos);
		else
			extmem_args_error(a, "an ELF is needed (see --help)");
		return EXTMEM_EXIT_USAGE;
	}
	if (extmem_args_get(a, "output") == NULL) {
		extmem_args_error(a, "--output: the image file is needed (-o IMAGE.bin)");
		return EXTMEM_EXIT_USAGE;
	}
	const char *mode = extmem_args_get(a, "mode");
	if (mode == NULL || strcmp(mode, "xip") == 0) {
		pl->mode = EXTMEM_IMAGE_XIP;
	} else if (strcmp(mode, "lrun") == 0) {
		pl->mode = EXTMEM_IMAGE_LRUN;
	} else {
		extmem_args_error(a, "--mode: '%s' is neither xip nor lrun", mode);
		return EXTMEM_EXIT_USAGE;
	}
	v = DEFAULT_HDR;
	if (extmem_args_opt_u64(a, "hdr-size", EXTMEM_IMAGE_HEADER_SIZE, 0xFFFCu, &v) != 0)
		return EXTMEM_EXIT_USAGE;
	if (v % 4u != 0) {
		extmem_args_error(a, "--hdr-size: 0x%llX is not a multiple of 4", (unsigned long long)v);
		return EXTMEM_EXIT_USAGE;
	}
	pl->hdr_size = (uint32_t)v;
	v = 0;
	if (extmem_args_opt_u64(a, "image-version", 0, UINT32_MAX, &v) != 0)
		return EXTMEM_EXIT_USAGE;
	pl->image_version = (uint32_t)v;
	pl->has_slot_size = extmem_args_get(a, "slot-size") != NULL;
	if (extmem_args_opt_u64(a, "slot-size", EXTMEM_IMAGE_HEADER_SIZE, UINT32_MAX, &pl->slot_size) != 0)
		return EXTMEM_EXIT_USAGE;
	return 0;
}

int extmem_cmd_image(int argc, char **argv)
{
	struct extmem_args a;
	struct plan pl = {0};
	int rc = parse(&a, &pl, argc, argv);
	if (rc != 0 || a.help) {
		if (a.help && rc == 0)
			usage(stdout);
		return rc;
	}
	const char *path = a.pos[0], *out = extmem_args_get(&a, "output");
	struct extmem_elf elf;
	char err[256];
	if (extmem_elf_open(path, &elf, err, sizeof err) != 0) {
		fprintf(stderr, CMD ": %s: %s\n", path, err);
		return EXTMEM_EXIT_USAGE;
	}
	struct payload span = {0};
	uint8_t *payload = NULL;
	rc = elf_span(&elf, path, &span);
	uint64_t v = span.lo;
	if (rc == 0 && extmem_args_opt_u64(&a, "load", 0, UINT32_MAX, &v) != 0)
		rc = EXTMEM_EXIT_USAGE;
	pl.load = (uint32_t)v;
	if (rc == 0 && pl.load > span.lo) {
		fprintf(stderr, CMD ": %s: --load 0x%08X: the ELF has loadable bytes from 0x%08X, below it\n", path,
			(unsigned)pl.load, (unsigned)span.lo);
		rc = EXIT_BAD_LAYOUT;
	}
	uint64_t size = (span.hi - pl.load + 3u) & ~(uint64_t)3u;
	if (rc == 0 && size > MAX_PAYLOAD) {
		fprintf(stderr, CMD ": %s: payload 0x%08X..0x%08llX is 0x%llX bytes, more than 0x%X\n", path,
			(unsigned)pl.load, (unsigned long long)span.hi, (unsigned long long)size, MAX_PAYLOAD);
		rc = EXIT_BAD_LAYOUT;
	}
	pl.size = (uint32_t)size;
	v = span.has_vectors ? span.vectors : span.lo;
	if (rc == 0 && extmem_args_opt_u64(&a, "vectors", 0, UINT32_MAX, &v) != 0)
		rc = EXTMEM_EXIT_USAGE;
	if (rc == 0 && (v < pl.load || v - pl.load >= pl.size)) {
		fprintf(stderr, CMD ": %s: vector table at 0x%08llX: outside the payload 0x%08X+0x%X\n", path,
			(unsigned long long)v, (unsigned)pl.load, (unsigned)pl.size);
		rc = EXIT_BAD_LAYOUT;
	}
	pl.vector_offset = (uint32_t)(v - pl.load);
	if (rc == 0 && pl.mode == EXTMEM_IMAGE_XIP && pl.load < pl.hdr_size) {
		fprintf(stderr, CMD ": %s: --load 0x%08X: an XIP slot would start below address 0 (hdr-size 0x%X)\n",
			path, (unsigned)pl.load, (unsigned)pl.hdr_size);
		rc = EXIT_BAD_LAYOUT;
	}
	if (rc == 0) {
		payload = elf_payload(&elf, pl.load, pl.size);
		if (payload == NULL) {
			fprintf(stderr, CMD ": out of memory for a 0x%X-byte payload\n", (unsigned)pl.size);
			rc = EXTMEM_EXIT_INTERNAL;
		}
	}
	if (rc == 0)
		rc = check_layout(path, &pl, payload);
	struct extmem_image_header h;
	uint8_t hdr[EXTMEM_IMAGE_HEADER_SIZE];
	if (rc == 0 && extmem_image_header_build(&h, pl.mode, pl.hdr_size, pl.load, payload, pl.size, pl.vector_offset,
						 pl.image_version, hdr) != EXTMEM_OK) {
		fprintf(stderr, CMD ": %s: the header cannot express this layout\n", path);
		rc = EXIT_BAD_LAYOUT;
	}
	if (rc == 0)
		rc = write_image(out, hdr, pl.hdr_size, payload, pl.size);
	if (rc == 0 && extmem_args_flag(&a, "json"))
		print_json(out, &h);
	else if (rc == 0)
		printf(CMD ": %s: %s image, payload 0x%X bytes for 0x%08X (vectors +0x%X), CRC-32 0x%08X, header 0x%X "
			   "bytes%s\n",
		       out, pl.mode == EXTMEM_IMAGE_XIP ? "XIP" : "LRUN", (unsigned)pl.size, (unsigned)pl.load,
		       (unsigned)pl.vector_offset, (unsigned)h.payload_crc32, (unsigned)pl.hdr_size,
		       pl.mode == EXTMEM_IMAGE_XIP ? "; program it at the slot start, load - hdr-size" : "");
	free(payload);
	extmem_elf_close(&elf);
	return rc;
}
