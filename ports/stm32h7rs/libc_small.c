/* SPDX-License-Identifier: MIT */
/*
 * Small versions of what the loaders took from newlib and libgcc (about
 * 1.2 KB of .text there, 0.2 KB here): memcpy, memset, memcmp and the
 * 64-bit unsigned division the compiler calls (__aeabi_uldivmod). They
 * are found before -lc and -lgcc in the link, so those are not pulled in.
 * The loaders (src/loader/loader_build.cmake) and the Boots
 * (cmake/extmem_bootflash.cmake) are built with this file.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t __attribute__((may_alias)) word_t;

/* The loops below must not be turned back into calls to themselves. */
#define LIBC_FN __attribute__((used, optimize("no-tree-loop-distribute-patterns")))

/*
 * One loop each, a word or a byte per turn (the byte loop after the word
 * loop was compiled twice): words while both pointers are word-aligned and
 * 4 bytes or more remain, as before; the word path stays a tight inner loop.
 */
LIBC_FN void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	bool words = (((uintptr_t)d | (uintptr_t)s) & 3u) == 0;
	while (n != 0) {
		if (words && n >= 4) {
			*(word_t *)(void *)d = *(const word_t *)(const void *)s;
			d += 4;
			s += 4;
			n -= 4;
		} else {
			*d++ = *s++;
			n--;
		}
	}
	return dst;
}

LIBC_FN void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint32_t w = (uint8_t)c * 0x01010101u;
	bool words = ((uintptr_t)d & 3u) == 0;
	while (n != 0) {
		if (words && n >= 4) {
			*(word_t *)(void *)d = w;
			d += 4;
			n -= 4;
		} else {
			*d++ = (uint8_t)c;
			n--;
		}
	}
	return dst;
}

/* Any sign of the difference will do: the callers compare a header's bytes for equality. */
LIBC_FN int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

#if defined(__arm__)
/*
 * __aeabi_uldivmod (ARM run-time ABI): numerator r1:r0, denominator r3:r2;
 * quotient r1:r0, remainder r3:r2. Both high words zero: the core's UDIV.
 * Otherwise 64 rounds of shift and subtract; the bit shifted out of the
 * remainder's top (a denominator of 2^63 or more) means it is larger than
 * the denominator. The loaders divide by sector sizes, on erases only, so
 * the slow path's 64 rounds cost nothing that shows. A zero denominator
 * gives a zero quotient (never asked: sizes are checked first).
 */
__asm__(".syntax unified\n"
	".thumb\n"
	".section .text.__aeabi_uldivmod,\"ax\",%progbits\n"
	".global __aeabi_uldivmod\n"
	".hidden __aeabi_uldivmod\n"
	".type __aeabi_uldivmod, %function\n"
	".thumb_func\n"
	"__aeabi_uldivmod:\n"
	"	orrs r12, r1, r3\n"
	"	bne 1f\n"
	"	udiv r12, r0, r2\n"
	"	mls r2, r12, r2, r0\n"
	"	mov r0, r12\n"
	"	movs r1, #0\n"
	"	movs r3, #0\n"
	"	bx lr\n"
	"1:	push {r4, r5, r6, r7}\n"
	"	movs r4, #0\n"
	"	movs r5, #0\n"
	"	movs r6, #64\n"
	"2:	adds r0, r0, r0\n"
	"	adcs r1, r1, r1\n"
	"	adcs r4, r4, r4\n"
	"	adcs r5, r5, r5\n"
	"	bcs 3f\n"
	"	subs r7, r4, r2\n"
	"	sbcs r12, r5, r3\n"
	"	bcc 4f\n"
	"	mov r4, r7\n"
	"	mov r5, r12\n"
	"	orr r0, r0, #1\n"
	"	b 4f\n"
	"3:	subs r4, r4, r2\n"
	"	sbc r5, r5, r3\n"
	"	orr r0, r0, #1\n"
	"4:	subs r6, r6, #1\n"
	"	bne 2b\n"
	"	mov r2, r4\n"
	"	mov r3, r5\n"
	"	pop {r4, r5, r6, r7}\n"
	"	bx lr\n"
	".size __aeabi_uldivmod, . - __aeabi_uldivmod\n"
	".text\n");
#endif
