/* SPDX-License-Identifier: MIT */
/*
 * Tracing of public entry points, compiled away unless the build defines
 * EXTMEM_TRACE_PRINTF (a printf-like function or macro), e.g.
 * -DEXTMEM_TRACE_PRINTF=printf on the host.
 */
#ifndef EXTMEM_TRACE_H
#define EXTMEM_TRACE_H

#ifdef EXTMEM_TRACE_PRINTF
#define EXTMEM_TRACE(...) EXTMEM_TRACE_PRINTF(__VA_ARGS__)
#else
#define EXTMEM_TRACE(...) ((void)0)
#endif

#endif
