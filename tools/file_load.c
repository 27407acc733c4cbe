/* SPDX-License-Identifier: MIT */
/*
 * Loading binary images for the tool's commands: raw bytes, or `xxd -p` hex,
 * from a file or from standard input ("-").
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "regular_file.h"

/* Printable ASCII and white space only: a raw image always has other bytes. */
static int is_text(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(isprint(b[i]) || isspace(b[i])))
			return 0;
	return 1;
}

/*
 * Looks like an `xxd -p` dump: text whose first non-blank line is mostly
 * hex digits. A raw SFDP image starts with "SFDP" and holds binary bytes, so
 * it never qualifies; a hex dump with a typo does, and then gets a message
 * naming the line instead of a "bad signature".
 */
static int looks_like_hex(const uint8_t *b, size_t n)
{
	size_t i = 0, digits = 0, other = 0;

	if (!is_text(b, n))
		return 0;
	while (i < n && isspace(b[i]))
		i++;
	for (; i < n && b[i] != '\n'; i++) {
		if (isxdigit(b[i]))
			digits++;
		else if (!isspace(b[i]))
			other++;
	}
	return digits >= 2 && digits >= 4 * other;
}

static int hex_value(uint8_t c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/*
 * Decodes hex text in place; returns the byte count, or -1 after naming the
 * line and the reason. Each line holds whole bytes (digit pairs), as xxd
 * writes them.
 */
static long unhex(uint8_t *b, size_t n, const char *who, const char *name)
{
	size_t out = 0;
	unsigned line = 1;
	int hi = -1;

	for (size_t i = 0; i <= n; i++) {
		uint8_t c = i < n ? b[i] : '\n';
		if (c == '\n') {
			if (hi >= 0) {
				fprintf(stderr,
					"%s: '%s' line %u: odd number of hex digits (an `xxd -p` line holds whole "
					"bytes)\n",
					who, name, line);
				return -1;
			}
			line++;
			continue;
		}
		if (isspace(c))
			continue;
		if (!isxdigit(c)) {
			fprintf(stderr,
				"%s: '%s' line %u: '%c' is not a hex digit (the file looks like an `xxd -p` dump)\n",
				who, name, line, c);
			return -1;
		}
		if (hi < 0) {
			hi = hex_value(c);
		} else {
			b[out++] = (uint8_t)(hi << 4 | hex_value(c));
			hi = -1;
		}
	}
	return (long)out;
}

uint8_t *extmem_tool_load_image(const char *path, size_t max, size_t *len, const char *who)
{
	int from_stdin = strcmp(path, "-") == 0;
	const char *name = from_stdin ? "<stdin>" : path;
	char why_open[128];
	FILE *f = from_stdin ? stdin : extmem_tool_open_regular(path, why_open, sizeof(why_open));
	if (f == NULL) {
		fprintf(stderr, "%s: cannot open '%s': %s\n", who, path, why_open);
		return NULL;
	}
	/* One byte more than allowed tells "too large" from "exactly the limit". */
	uint8_t *buf = malloc(max + 1u);
	size_t n = buf != NULL ? fread(buf, 1, max + 1u, f) : 0;
	int failed = buf == NULL || ferror(f);
	if (!from_stdin)
		fclose(f);
	const char *why = failed ? "cannot be read" : n == 0 ? "is empty" : n > max ? "is larger than allowed" : NULL;
	if (why != NULL) {
		fprintf(stderr, "%s: '%s' %s", who, name, why);
		if (n > max)
			fprintf(stderr, " (at most %zu bytes)", max);
		fprintf(stderr, "\n");
		free(buf);
		return NULL;
	}
	if (looks_like_hex(buf, n)) {
		long m = unhex(buf, n, who, name);
		if (m < 0) {
			free(buf);
			return NULL;
		}
		n = (size_t)m;
		if (n == 0) {
			fprintf(stderr, "%s: '%s' holds no hex digits\n", who, name);
			free(buf);
			return NULL;
		}
	}
	*len = n;
	return buf;
}
