/* SPDX-License-Identifier: MIT */
/*
 * Links against ports/stm32h7rs/loader_flm.ld as the .FLM does (-fPIE,
 * -pie, symbols hidden): without WITH_POINTER_TABLE it needs no relocation
 * and links; with a constant table of function pointers -pie lists their
 * addresses and the script must refuse the link (the tool relocates nothing).
 */
#pragma GCC visibility push(hidden)

int first(int x);
int second(int x);

int first(int x)
{
	return x + 1;
}

int second(int x)
{
	return x * 3;
}

#ifdef WITH_POINTER_TABLE
static int (*const table[])(int) = {first, second};
#endif

volatile int pick;

__attribute__((section(".text.extmem_entry.Init"), used)) int Init(unsigned long adr, unsigned long clk,
								   unsigned long fnc)
{
	(void)adr;
	(void)clk;
#ifdef WITH_POINTER_TABLE
	return table[pick & 1]((int)fnc);
#else
	return (pick & 1 ? second : first)((int)fnc);
#endif
}

/* the DevDscr section the script keeps */
__attribute__((section("DevDscr"), used)) const unsigned char FlashDevice[4] = {1, 1, 0, 0};
