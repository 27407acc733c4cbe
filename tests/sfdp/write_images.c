/* SPDX-License-Identifier: MIT */
/*
 * Writes the project's SFDP images (sim/sfdp) into DIR as PART.bin and, for
 * the tool tests, PART.hex in `xxd -p` form. Also the fuzzer's seed corpus.
 */
#include <stdio.h>

#include "extmem_sim/sfdp_images.h"

static int write_file(const char *dir, const char *part, const char *ext, const uint8_t *b, size_t n, int hex)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, part, ext);
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!hex)
			fputc(b[i], f);
		else
			fprintf(f, "%02x%s", b[i], (i % 30 == 29 || i + 1 == n) ? "\n" : "");
	}
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	size_t n;
	const struct extmem_sim_sfdp_image *img = extmem_sim_sfdp_images(&n);
	int rc = 0;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s DIR [--no-hex]\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		rc |= write_file(argv[1], img[i].part, "bin", img[i].bytes, img[i].len, 0);
		if (argc == 2)
			rc |= write_file(argv[1], img[i].part, "hex", img[i].bytes, img[i].len, 1);
	}
	return rc;
}
