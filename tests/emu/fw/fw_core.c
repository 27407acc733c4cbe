/* SPDX-License-Identifier: MIT */
/*
 * Core test firmware (run through the call API from AXI SRAM): how the
 * Cortex-M7 core behaves where the emulator has to stand in for it. Each
 * function returns a value the test compares with what the ARMv7-M
 * architecture says the silicon does.
 */
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define SYST_CSR 0xE000E010u
#define SYST_RVR 0xE000E014u

uint32_t fw_branch_after_load(uint32_t n);
int main(void);

static volatile uint32_t entries, landed;

__attribute__((noinline)) static void landing(void)
{
	landed++;
}

/* A SysTick LOAD write (the emulator ends its run slice at the next block), then a direct branch. */
__attribute__((noinline)) static void load_then_branch(void)
{
	entries++;
	REG(SYST_RVR) = 63999u;
	landing();
}

/* n passes, each entering once and landing once: a run resumed at a stale PC replays the blocks before. */
uint32_t fw_branch_after_load(uint32_t n)
{
	entries = landed = 0;
	REG(SYST_CSR) = 5u; /* on, CPU clock, no interrupt */
	for (uint32_t i = 0; i < n; i++)
		load_then_branch();
	REG(SYST_CSR) = 0;
	return entries * 1000u + landed;
}

/* Not run: the image is entered through its functions. */
int main(void)
{
	return 0;
}
