/* SPDX-License-Identifier: MIT */
/*
 * Opening an input file of the tool: only a regular file is read. A FIFO
 * would block the tool until someone writes to it, a directory or a device
 * reads as nothing or forever; each gets its own reason instead. Inline so
 * that every reader (and a fuzzer linking one of them) carries it along.
 */
#ifndef EXTMEM_TOOL_REGULAR_FILE_H
#define EXTMEM_TOOL_REGULAR_FILE_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Returns the file open for binary reading, or NULL with the reason in err:
 * the system's ("No such file or directory"), "is a directory", or "is not a
 * regular file (a FIFO, device or socket)".
 */
static inline FILE *extmem_tool_open_regular(const char *path, char *err, size_t errlen)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can refuse it */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	struct stat st;
	const char *why = fstat(fd, &st) != 0    ? strerror(errno)
			  : S_ISDIR(st.st_mode)  ? "is a directory"
			  : !S_ISREG(st.st_mode) ? "is not a regular file (a FIFO, device or socket)"
						 : NULL;
	if (why == NULL) {
		int fl = fcntl(fd, F_GETFL);
		if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0)
			why = strerror(errno);
	}
	FILE *f = why == NULL ? fdopen(fd, "rb") : NULL;
	if (f == NULL) {
		snprintf(err, errlen, "%s", why != NULL ? why : strerror(errno));
		close(fd);
	}
	return f;
}

#endif
