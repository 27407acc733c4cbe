/* SPDX-License-Identifier: MIT */
/*
 * Core test firmware (run through the call API from AXI SRAM): how the
 * Cortex-M7 core behaves where the emulator has to stand in for it. Each
 * function returns a value the test compares with what the ARMv7-M
 * architecture says the silicon does.
 */
#include <stdint.h>

#include "extmem_stm32h7rs.h"

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define SYST_CSR 0xE000E010u
#define SYST_RVR 0xE000E014u

#define DEMCR      0xE000EDFCu
#define DWT_CTRL   0xE0001000u
#define DWT_CYCCNT 0xE0001004u
#define DWT_LAR    0xE0001FB0u
#define DWT_LSR    0xE0001FB4u

uint32_t fw_branch_after_load(uint32_t n);
uint32_t fw_dwt_lock(uint32_t *out);
void fw_dwt_reset_state(void);
uint32_t fw_port_cycle_counter(void);
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

static uint32_t spin_cyccnt(void)
{
	uint32_t c0 = REG(DWT_CYCCNT);
	for (volatile int i = 0; i < 100; i++) {
	}
	return REG(DWT_CYCCNT) - c0;
}

/*
 * The Cortex-M7 DWT comes out of reset locked (DWT_LSR SLI | SLK): CTRL and
 * CYCCNT writes are ignored until 0xC5ACCE55 is written to DWT_LAR. out[]:
 * LSR at reset, CYCCNT advance with the enable written while locked, LSR
 * after unlocking, CYCCNT advance after enabling unlocked, LSR after
 * locking again, CTRL.CYCCNTENA after a locked write of 0.
 */
uint32_t fw_dwt_lock(uint32_t *out)
{
	REG(DEMCR) |= 1u << 24; /* TRCENA */
	out[0] = REG(DWT_LSR);
	REG(DWT_CYCCNT) = 0;
	REG(DWT_CTRL) |= 1u;
	out[1] = spin_cyccnt();
	REG(DWT_LAR) = 0xC5ACCE55u;
	out[2] = REG(DWT_LSR);
	REG(DWT_CTRL) |= 1u;
	out[3] = spin_cyccnt();
	REG(DWT_LAR) = 0;
	out[4] = REG(DWT_LSR);
	REG(DWT_CTRL) &= ~1u;
	out[5] = REG(DWT_CTRL) & 1u;
	return 0;
}

/* The DWT as a boot that never touched it leaves it: trace off, counter off and cleared, locked. */
void fw_dwt_reset_state(void)
{
	REG(DWT_LAR) = 0xC5ACCE55u;
	REG(DWT_CTRL) &= ~1u;
	REG(DWT_CYCCNT) = 0;
	REG(DWT_LAR) = 0;
	REG(DEMCR) &= ~(1u << 24);
}

/* The port's time base started from the DWT's reset state: 1 when it runs and counts. */
uint32_t fw_port_cycle_counter(void)
{
	fw_dwt_reset_state();
	if (extmem_stm32_cycle_counter_start() != EXTMEM_OK)
		return 0;
	return spin_cyccnt() > 100u ? 1u : 0u;
}

/* Not run: the image is entered through its functions. */
int main(void)
{
	return 0;
}
