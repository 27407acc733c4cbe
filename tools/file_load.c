/* SPDX-License-Identifier: MIT */
/* Loading binary images for the tool's commands: raw bytes, or `xxd -p` hex. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

/* True when every byte is a hex digit or white space (an `xxd -p` dump). */
static int is_hex_text(const uint8_t *b, size_t n)
{
	size_t digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (isxdigit(b[i]))
			digits++;
		else if (!isspace(b[i]))
			return 0;
	}
	return digits > 0 && digits % 2 == 0;
}

static int hex_value(uint8_t c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* Decodes hex text in place; returns the byte count. */
static size_t unhex(uint8_t *b, size_t n)
{
	size_t out = 0;
	int hi = -1;
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit(b[i]))
			continue;
		if (hi < 0) {
			hi = hex_value(b[i]);
		} else {
			b[out++] = (uint8_t)(hi << 4 | hex_value(b[i]));
			hi = -1;
		}
	}
	return out;
}

uint8_t *extmem_tool_load_image(const char *path, size_t max, size_t *len, const char *who)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "%s: cannot open '%s': %s\n", who, path, strerror(errno));
		return NULL;
	}
	/* One byte more than allowed tells "too large" from "exactly the limit". */
	uint8_t *buf = malloc(max + 1u);
	size_t n = buf != NULL ? fread(buf, 1, max + 1u, f) : 0;
	int failed = buf == NULL || ferror(f);
	fclose(f);
	const char *why = failed ? "cannot be read" : n == 0 ? "is empty" : n > max ? "is larger than allowed" : NULL;
	if (why != NULL) {
		fprintf(stderr, "%s: '%s' %s", who, path, why);
		if (n > max)
			fprintf(stderr, " (%zu bytes)", max);
		fprintf(stderr, "\n");
		free(buf);
		return NULL;
	}
	if (is_hex_text(buf, n))
		n = unhex(buf, n);
	*len = n;
	return buf;
}
