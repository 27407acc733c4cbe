/* SPDX-License-Identifier: MIT */
/*
 * Forced into every .FLM translation unit (-include): every symbol hidden,
 * so -fPIE code reaches data and code PC-relative, never through a GOT.
 */
#pragma GCC visibility push(hidden)
