/* SPDX-License-Identifier: MIT */
/* The same Boot in load-and-run mode: the one configuration value that differs. */
#define EXTMEM_DK_LRUN 1
#include "boot.c" /* NOLINT(bugprone-suspicious-include): one Boot source, two builds */
