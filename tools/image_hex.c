/* SPDX-License-Identifier: MIT */
/*
 * Intel HEX reader: data (00), end of file (01), extended segment (02) and
 * linear (04) address records; start addresses (03, 05) are accepted and
 * ignored. Every record's checksum and byte count are checked; data that
 * overlaps earlier data must repeat its bytes; the segments come out sorted,
 * adjacent data joined.
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

int extmem_image_load_hex(const uint8_t *text, size_t len, struct extmem_image *img, char *err, size_t errlen)
{
	memset(img, 0, sizeof(*img));
	img->format = "Intel HEX";
	uint32_t upper = 0;
	unsigned line = 1;
	bool ended = false, segmented = false;
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
			snprintf(err, errlen, "line %u: the record has %zu bytes, its byte count field %02X needs %u",
				 line, n, n ? rec[0] : 0u, n ? rec[0] + 5u : 5u);
			goto fail;
		}
		uint8_t sum = 0;
		for (size_t k = 0; k < n; k++)
			sum = (uint8_t)(sum + rec[k]);
		if (sum != 0) {
			snprintf(err, errlen,
				 "line %u: checksum field %02X does not match the record (byte sum %02X, not 00)", line,
				 rec[n - 1], sum);
			goto fail;
		}
		uint32_t off = (uint32_t)rec[1] << 8 | rec[2];
		uint8_t type = rec[3], count = rec[0];
		/* the data bytes each record type carries: EOF none, addresses 2, start addresses 4 */
		static const int want[6] = {-1, 0, 2, 4, 2, 4};
		if (type < 6 && want[type] >= 0 && count != want[type]) {
			snprintf(err, errlen, "line %u: record type %02X with %u data bytes (%d expected)", line, type,
				 count, want[type]);
			goto fail;
		}
		switch (type) {
		case 0x00: {
			uint32_t clash = 0;
			int rc = 0;
			if (count == 0)
				break;
			if (segmented && off + count > 0x10000u) {
				/* the spec wraps the offset within the segment; no linker writes that on purpose */
				snprintf(err, errlen,
					 "line %u: data record at offset 0x%04X with %u bytes runs past the end of its "
					 "64 KiB segment (type 02 addresses wrap within the segment)",
					 line, (unsigned)off, count);
				goto fail;
			}
			if ((uint64_t)upper + off + count > 0x100000000ull) {
				snprintf(err, errlen, "line %u: data record at 0x%08X with %u bytes runs past 4 GiB",
					 line, (unsigned)(upper + off), count);
				goto fail;
			}
			rc = extmem_image_add(img, upper + off, rec + 4, count, &clash);
			if (rc == -2) {
				snprintf(err, errlen,
					 "line %u: data at 0x%08X differs from what an earlier record put there", line,
					 (unsigned)clash);
				goto fail;
			}
			if (rc != 0) {
				snprintf(err, errlen, "line %u: out of memory", line);
				goto fail;
			}
			break;
		}
		case 0x01: ended = true; break;
		case 0x02:
		case 0x04:
			segmented = type == 0x02;
			upper = type == 0x04 ? ((uint32_t)rec[4] << 24 | (uint32_t)rec[5] << 16)
					     : ((uint32_t)rec[4] << 12 | (uint32_t)rec[5] << 4);
			break;
		case 0x03:
		case 0x05: break;
		default: snprintf(err, errlen, "line %u: unknown record type %02X", line, type); goto fail;
		}
	}
	if (!ended) {
		snprintf(err, errlen, "line %u: the file ends without an end-of-file record (:00000001FF)", line);
		goto fail;
	}
	if (extmem_image_normalize(img) != 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	return 0;
fail:
	extmem_image_free(img);
	return -1;
}
