/* SPDX-License-Identifier: MIT */
/*
 * Intel HEX reader: data (00), end of file (01), extended segment (02) and
 * linear (04) address records; start addresses (03, 05) are accepted and
 * ignored. Every record's checksum is checked; adjacent data records are
 * merged into one segment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
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

int extmem_image_load_hex(const uint8_t *text, size_t len, struct extmem_image *img, char *err, size_t errlen)
{
	memset(img, 0, sizeof(*img));
	img->format = "Intel HEX";
	uint32_t upper = 0;
	unsigned line = 1;
	bool ended = false;
	size_t i = 0;
	while (i < len && !ended) {
		while (i < len && (text[i] == '\r' || text[i] == '\n' || text[i] == ' ' || text[i] == '\t')) {
			if (text[i] == '\n')
				line++;
			i++;
		}
		if (i >= len)
			break;
		if (text[i] != ':') {
			snprintf(err, errlen, "line %u: record does not start with ':'", line);
			goto fail;
		}
		i++;
		uint8_t rec[260];
		size_t n = 0;
		while (i + 1 < len && hexval(text[i]) >= 0 && hexval(text[i + 1]) >= 0 && n < sizeof(rec)) {
			rec[n++] = (uint8_t)(hexval(text[i]) << 4 | hexval(text[i + 1]));
			i += 2;
		}
		if (n < 5 || n != (size_t)rec[0] + 5u) {
			snprintf(err, errlen, "line %u: record length does not match its byte count", line);
			goto fail;
		}
		uint8_t sum = 0;
		for (size_t k = 0; k < n; k++)
			sum = (uint8_t)(sum + rec[k]);
		if (sum != 0) {
			snprintf(err, errlen, "line %u: checksum mismatch", line);
			goto fail;
		}
		uint32_t off = (uint32_t)rec[1] << 8 | rec[2];
		switch (rec[3]) {
		case 0x00:
			if (rec[0] && ((uint64_t)upper + off + rec[0] > 0x100000000ull ||
				       append(img, upper + off, rec + 4, rec[0]) != 0)) {
				snprintf(err, errlen, "line %u: data past 4 GiB or out of memory", line);
				goto fail;
			}
			break;
		case 0x01: ended = true; break;
		case 0x02:
		case 0x04:
			if (rec[0] != 2) {
				snprintf(err, errlen, "line %u: address record with %u data bytes", line, rec[0]);
				goto fail;
			}
			upper = rec[3] == 0x04 ? ((uint32_t)rec[4] << 24 | (uint32_t)rec[5] << 16)
					       : ((uint32_t)rec[4] << 12 | (uint32_t)rec[5] << 4);
			break;
		case 0x03:
		case 0x05: break;
		default: snprintf(err, errlen, "line %u: unknown record type %02X", line, rec[3]); goto fail;
		}
	}
	if (!ended) {
		snprintf(err, errlen, "no end-of-file record");
		goto fail;
	}
	return 0;
fail:
	extmem_image_free(img);
	return -1;
}
