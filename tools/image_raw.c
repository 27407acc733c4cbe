/* SPDX-License-Identifier: MIT */
/*
 * Images for `extmem prog`: the format is told by the contents (ELF magic,
 * Intel HEX records), anything else is a raw binary placed at the address
 * the user gave.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "regular_file.h"

#define PT_LOAD   1u
#define IMAGE_MAX (256u << 20)

void extmem_image_free(struct extmem_image *img)
{
	for (size_t i = 0; img->segs != NULL && i < img->count; i++)
		free(img->segs[i].data);
	free(img->segs);
	img->segs = NULL;
	img->count = 0;
}

bool extmem_image_span(const struct extmem_image *img, uint32_t *lo, uint64_t *hi)
{
	bool any = false;
	for (size_t i = 0; i < img->count; i++) {
		const struct extmem_image_seg *s = &img->segs[i];
		if (s->len == 0)
			continue;
		if (!any || s->addr < *lo)
			*lo = s->addr;
		if (!any || (uint64_t)s->addr + s->len > *hi)
			*hi = (uint64_t)s->addr + s->len;
		any = true;
	}
	return any;
}

/* Appends bytes at addr, extending the last segment when they follow it. */
static int append(struct extmem_image *img, uint32_t addr, const uint8_t *data, uint32_t n)
{
	struct extmem_image_seg *last = img->count ? &img->segs[img->count - 1] : NULL;
	if (last == NULL || (uint64_t)last->addr + last->len != addr) {
		struct extmem_image_seg *s = realloc(img->segs, (img->count + 1) * sizeof(*s));
		if (s == NULL)
			return -1;
		img->segs = s;
		last = &img->segs[img->count++];
		*last = (struct extmem_image_seg){.addr = addr};
	}
	uint8_t *d = realloc(last->data, (size_t)last->len + n);
	if (d == NULL)
		return -1;
	memcpy(d + last->len, data, n);
	last->data = d;
	last->len += n;
	return 0;
}

static bool covered(const struct extmem_image *img, uint32_t a)
{
	for (size_t i = 0; i < img->count; i++)
		if (a >= img->segs[i].addr && a - img->segs[i].addr < img->segs[i].len)
			return true;
	return false;
}

int extmem_image_add(struct extmem_image *img, uint32_t addr, const uint8_t *data, uint32_t n, uint32_t *clash)
{
	uint64_t end = (uint64_t)addr + n;
	bool overlap = false;
	for (size_t i = 0; i < img->count; i++) {
		const struct extmem_image_seg *s = &img->segs[i];
		uint64_t lo = addr > s->addr ? addr : s->addr;
		uint64_t hi = end < (uint64_t)s->addr + s->len ? end : (uint64_t)s->addr + s->len;
		for (uint64_t a = lo; a < hi; a++) {
			overlap = true;
			if (s->data[a - s->addr] != data[a - addr]) {
				*clash = (uint32_t)a;
				return -2;
			}
		}
	}
	if (!overlap)
		return append(img, addr, data, n);
	/* the same bytes again: keep the runs no segment holds yet (rare, so byte by byte) */
	for (uint32_t k = 0; k < n;) {
		while (k < n && covered(img, addr + k))
			k++;
		uint32_t run = k;
		while (k < n && !covered(img, addr + k))
			k++;
		if (k > run && append(img, addr + run, data + run, k - run) != 0)
			return -1;
	}
	return 0;
}

static int by_addr(const void *a, const void *b)
{
	uint32_t x = ((const struct extmem_image_seg *)a)->addr, y = ((const struct extmem_image_seg *)b)->addr;
	return x < y ? -1 : x > y;
}

int extmem_image_normalize(struct extmem_image *img)
{
	if (img->count < 2)
		return 0;
	qsort(img->segs, img->count, sizeof(*img->segs), by_addr);
	size_t out = 0;
	for (size_t i = 1; i < img->count; i++) {
		struct extmem_image_seg *prev = &img->segs[out], *cur = &img->segs[i];
		if ((uint64_t)prev->addr + prev->len != cur->addr) {
			img->segs[++out] = *cur;
			continue;
		}
		uint8_t *d = realloc(prev->data, (size_t)prev->len + cur->len);
		if (d == NULL) {
			/* keep every buffer reachable for extmem_image_free */
			for (size_t k = i; k < img->count; k++)
				img->segs[++out] = img->segs[k];
			img->count = out + 1;
			return -1;
		}
		memcpy(d + prev->len, cur->data, cur->len);
		free(cur->data);
		prev->data = d;
		prev->len += cur->len;
	}
	img->count = out + 1;
	return 0;
}

static uint8_t *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = extmem_tool_open_regular(path, err, errlen);
	if (f == NULL) {
		return NULL;
	}
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			uint8_t *b = cap > 2 * (size_t)IMAGE_MAX ? NULL : realloc(buf, cap);
			if (b == NULL) {
				snprintf(err, errlen, "larger than %u MiB or out of memory",
					 (unsigned)(IMAGE_MAX >> 19));
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "read error");
		free(buf);
		return NULL;
	}
	if (n == 0) {
		snprintf(err, errlen, "is empty");
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static int from_elf(uint8_t *bytes, size_t len, struct extmem_image *img, char *err, size_t errlen)
{
	struct extmem_elf elf;
	if (extmem_elf_parse(bytes, len, &elf, err, errlen) != 0)
		return -1;
	img->format = "ELF";
	for (unsigned i = 0; i < elf.phnum; i++) {
		struct extmem_elf_phdr ph;
		if (extmem_elf_phdr(&elf, i, &ph) != 0 || ph.type != PT_LOAD || ph.filesz == 0)
			continue;
		if ((uint64_t)ph.paddr + ph.filesz > 0x100000000ull) {
			snprintf(err, errlen, "segment %u: p_paddr 0x%08X + p_filesz 0x%X runs past 4 GiB", i,
				 (unsigned)ph.paddr, (unsigned)ph.filesz);
			return -1;
		}
		uint32_t clash = 0;
		int rc = extmem_image_add(img, ph.paddr, bytes + ph.offset, ph.filesz, &clash);
		if (rc == -2) {
			snprintf(err, errlen,
				 "segment %u: its byte at 0x%08X differs from what an earlier segment puts there", i,
				 (unsigned)clash);
			return -1;
		}
		if (rc != 0) {
			snprintf(err, errlen, "out of memory for segment %u (%u bytes)", i, (unsigned)ph.filesz);
			return -1;
		}
	}
	if (extmem_image_normalize(img) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static bool looks_hex(const uint8_t *b, size_t n)
{
	size_t i = 0;
	while (i < n && (b[i] == ' ' || b[i] == '\r' || b[i] == '\n' || b[i] == '\t'))
		i++;
	if (i >= n || b[i] != ':')
		return false;
	for (size_t k = i; k < n; k++)
		if (!(b[k] == ':' || b[k] == '\r' || b[k] == '\n' || b[k] == ' ' || b[k] == '\t' ||
		      (b[k] >= '0' && b[k] <= '9') || (b[k] >= 'A' && b[k] <= 'F') || (b[k] >= 'a' && b[k] <= 'f')))
			return false;
	return true;
}

int extmem_image_load(const char *path, bool has_base, uint32_t raw_base, struct extmem_image *img, char *err,
		      size_t errlen)
{
	memset(img, 0, sizeof(*img));
	size_t len = 0;
	uint8_t *bytes = slurp(path, &len, err, errlen);
	if (bytes == NULL)
		return -1;
	int rc = 0;
	bool elf = len >= 4 && memcmp(bytes, "\177ELF", 4) == 0;
	bool hex = !elf && looks_hex(bytes, len);
	if ((elf || hex) && has_base) {
		snprintf(err, errlen, "an %s image carries its own addresses: give @ADDR only with a raw binary",
			 elf ? "ELF" : "Intel HEX");
		rc = -1;
	} else if (elf) {
		rc = from_elf(bytes, len, img, err, errlen);
	} else if (hex) {
		rc = extmem_image_load_hex(bytes, len, img, err, errlen);
	} else if (len > IMAGE_MAX || (uint64_t)raw_base + len > 0x100000000ull) {
		snprintf(err, errlen, "%zu bytes at 0x%08X do not fit in 32-bit addresses", len, (unsigned)raw_base);
		rc = -1;
	} else {
		img->format = "raw";
		img->segs = malloc(sizeof(*img->segs));
		if (img->segs == NULL) {
			rc = -1;
		} else {
			img->segs[0] = (struct extmem_image_seg){.addr = raw_base, .len = (uint32_t)len, .data = bytes};
			img->count = 1;
			bytes = NULL;
		}
	}
	free(bytes);
	if (rc != 0)
		extmem_image_free(img);
	else if (img->count == 0) {
		snprintf(err, errlen, "the %s image holds no bytes", img->format);
		extmem_image_free(img);
		rc = -1;
	}
	return rc;
}
