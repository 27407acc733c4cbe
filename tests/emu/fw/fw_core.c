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
uint32_t fw_branch_after_rcc(uint32_t n);
uint32_t fw_dwt_lock(uint32_t *out);
void fw_dwt_reset_state(void);
uint32_t fw_port_cycle_counter(void);
uint32_t fw_fault(uint32_t which, uint32_t usagefault_on);
uint32_t fw_fault_loops(void);
uint32_t fw_fault_no_handler(void);
uint32_t fw_nvic(uint32_t which);
uint32_t fw_context_switch(uint32_t rounds);
uint32_t fw_fp_frame(void);
void core_fault_c(uint32_t *frame, uint32_t exc_return);
extern uint32_t tcb_sp[2];
extern uint32_t current_thread;
extern volatile uint32_t fp_lr;
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

/* The same after an RCC write (the emulator ends its slice there too: the CPU clock may change). */
__attribute__((noinline)) static void rcc_then_branch(void)
{
	entries++;
	REG(0x58024540u) |= 1u; /* RCC_AHB4ENR.GPIOAEN */
	landing();
}

uint32_t fw_branch_after_rcc(uint32_t n)
{
	entries = landed = 0;
	for (uint32_t i = 0; i < n; i++)
		rcc_then_branch();
	return entries * 1000u + landed;
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

/* ---- exceptions: a vector table of our own (VTOR needs 256-byte alignment for 48 entries) ---- */

#define SCB_ICSR  0xE000ED04u
#define SCB_VTOR  0xE000ED08u
#define SCB_AIRCR 0xE000ED0Cu
#define SCB_CCR   0xE000ED14u
#define SCB_SHPR3 0xE000ED20u
#define SCB_SHCSR 0xE000ED24u
#define SCB_CFSR  0xE000ED28u
#define SCB_HFSR  0xE000ED2Cu
#define NVIC_ISER 0xE000E100u
#define NVIC_IPR  0xE000E400u
#define NVIC_STIR 0xE000EF00u

/* what the handlers saw; the test reads it through the symbol */
struct core_log {
	uint32_t n;
	uint32_t ev[24];
	uint32_t ipsr, cfsr, hfsr, pc, exc_return, faults;
};
volatile struct core_log core_log;

static void note(uint32_t v)
{
	if (core_log.n < 24)
		core_log.ev[core_log.n++] = v;
}

static uint32_t ipsr(void)
{
	uint32_t v;
	__asm volatile("mrs %0, ipsr" : "=r"(v));
	return v;
}

/* UsageFault and HardFault: record the status, step over the faulting instruction, return. */
void core_fault_c(uint32_t *frame, uint32_t exc_return)
{
	core_log.ipsr = ipsr();
	core_log.cfsr = REG(SCB_CFSR);
	core_log.hfsr = REG(SCB_HFSR);
	core_log.pc = frame[6];
	core_log.exc_return = exc_return;
	core_log.faults++;
	REG(SCB_CFSR) = core_log.cfsr; /* write one to clear */
	REG(SCB_HFSR) = core_log.hfsr;
	uint16_t hw = *(volatile uint16_t *)(uintptr_t)frame[6];
	frame[6] += (hw >> 11) >= 0x1Du ? 4u : 2u;
	frame[7] |= 1u << 24; /* back to Thumb state (after INVSTATE) */
}

__attribute__((naked)) static void fault_stub(void)
{
	__asm volatile("tst lr, #4\n"
		       "ite eq\n"
		       "mrseq r0, msp\n"
		       "mrsne r0, psp\n"
		       "mov r1, lr\n"
		       "b core_fault_c\n");
}

__attribute__((naked)) static void loop_forever(void)
{
	__asm volatile("b .\n");
}

static void irq0(void)
{
	note(0x10);
	REG(NVIC_STIR) = 1; /* IRQ1 */
	__asm volatile("dsb\n\tisb" ::: "memory");
	REG(NVIC_STIR) = 2; /* IRQ2 */
	__asm volatile("dsb\n\tisb" ::: "memory");
	note(0x11);
}

static void irq1(void)
{
	note(0x20);
}

static void irq2(void)
{
	note(0x30);
}

static void pendsv_switch(void);
static void svc_lr(void);

volatile uint32_t fp_lr; /* written by name from the SVC handler */

__attribute__((aligned(256))) static void (*core_vectors[48])(void) = {
	[3] = fault_stub, [6] = fault_stub, [11] = svc_lr, [14] = pendsv_switch, [16] = irq0, [17] = irq1, [18] = irq2,
};

static void use_core_vectors(void)
{
	for (unsigned i = 2; i < 48; i++)
		if (core_vectors[i] == 0)
			core_vectors[i] = loop_forever;
	REG(SCB_VTOR) = (uint32_t)(uintptr_t)core_vectors;
	core_log.n = 0;
	core_log.faults = 0;
	__asm volatile("dsb\n\tisb" ::: "memory");
}

/*
 * Faults the core raises (which: 0 undefined instruction, 1 unaligned LDRD,
 * 2 division by zero with DIV_0_TRP, 3 division by zero without, 4 unaligned
 * LDR with UNALIGN_TRP, 5 without, 6 unaligned LDM, 7 BX to ARM state), with UsageFault
 * enabled in SHCSR or not (then HardFault, FORCED). Returns the value the
 * instruction produced where it did not fault.
 */
uint32_t fw_fault(uint32_t which, uint32_t usagefault_on)
{
	static volatile uint32_t words[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u};
	use_core_vectors();
	REG(SCB_SHCSR) = usagefault_on ? 1u << 18 : 0;
	REG(SCB_CCR) = (REG(SCB_CCR) & ~0x18u) | (which == 2 ? 0x10u : 0) | (which == 4 ? 0x08u : 0);
	__asm volatile("dsb\n\tisb" ::: "memory");
	uint32_t r = 0;
	uintptr_t odd = (uintptr_t)&words[0] + 2u;
	switch (which) {
	case 0: __asm volatile(".short 0xde00" ::: "memory"); break; /* UDF #0 */
	case 1: {
		uint32_t lo, hi;
		__asm volatile("ldrd %0, %1, [%2]" : "=r"(lo), "=r"(hi) : "r"(odd) : "memory");
		r = lo ^ hi;
		break;
	}
	case 2:
	case 3: {
		volatile uint32_t zero = 0;
		int32_t n = 100, d = (int32_t)zero;
		int32_t q;
		__asm volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(n), "r"(d));
		r = (uint32_t)q + 7u;
		break;
	}
	case 4:
	case 5: __asm volatile("ldr %0, [%1]" : "=r"(r) : "r"(odd) : "memory"); break;
	case 6: {
		uint32_t a, b;
		__asm volatile("ldm %2, {%0, %1}" : "=r"(a), "=r"(b) : "r"(odd) : "memory");
		r = a + b;
		break;
	}
	case 7:
		/* BX to an address with bit 0 clear: the core would run ARM code, and faults INVSTATE there */
		__asm volatile("adr r0, 1f\n\t"
			       "bx r0\n\t"
			       ".balign 4\n"
			       "1: nop\n\t"
			       "nop" ::
				       : "r0", "memory");
		r = 1;
		break;
	default: break;
	}
	REG(SCB_CCR) &= ~0x18u;
	REG(SCB_SHCSR) = 0;
	return r;
}

/* An undefined instruction with UsageFault on and no handler in the vector table (0). */
uint32_t fw_fault_no_handler(void)
{
	use_core_vectors();
	core_vectors[6] = 0;
	REG(SCB_SHCSR) = 1u << 18;
	__asm volatile("dsb\n\tisb\n\t.short 0xde00" ::: "memory");
	return 0;
}

/* An undefined instruction with UsageFault disabled, and a HardFault handler that is a branch to itself. */
uint32_t fw_fault_loops(void)
{
	use_core_vectors();
	core_vectors[3] = loop_forever;
	__asm volatile("dsb\n\tisb\n\t.short 0xde00" ::: "memory");
	core_vectors[3] = fault_stub;
	return 0;
}

/*
 * which 0: IRQ0 (priority 0x80) pends IRQ1 (0x40, preempts) and IRQ2 (0xC0,
 * runs after IRQ0 by tail-chaining); 1: the same with PRIGROUP 7 (no group
 * bits: nothing preempts a handler); 2: BASEPRI 0x80 holds IRQ2 back until
 * cleared; 3: PRIMASK holds IRQ1 back until CPSIE.
 */
uint32_t fw_nvic(uint32_t which)
{
	use_core_vectors();
	REG(NVIC_IPR) = 0x80u | 0x40u << 8 | 0xC0u << 16;
	REG(NVIC_ISER) = 7u;
	REG(SCB_AIRCR) = 0x05FA0000u | (which == 1 ? 7u << 8 : 0);
	switch (which) {
	case 0:
	case 1:
		REG(NVIC_STIR) = 0;
		__asm volatile("dsb\n\tisb" ::: "memory");
		note(0x12);
		break;
	case 2: {
		uint32_t bp = 0x80;
		__asm volatile("msr basepri, %0" ::"r"(bp) : "memory");
		REG(NVIC_STIR) = 2;
		__asm volatile("dsb\n\tisb" ::: "memory");
		note(0x40);
		bp = 0;
		__asm volatile("msr basepri, %0\n\tisb" ::"r"(bp) : "memory");
		note(0x41);
		break;
	}
	case 3:
		__asm volatile("cpsid i" ::: "memory");
		REG(NVIC_STIR) = 1;
		__asm volatile("dsb\n\tisb" ::: "memory");
		note(0x50);
		__asm volatile("cpsie i\n\tisb" ::: "memory");
		note(0x51);
		break;
	default: break;
	}
	REG(SCB_AIRCR) = 0x05FA0000u;
	REG(0xE000E180u) = 7u; /* ICER */
	return core_log.n;
}

/* ---- an RTOS-style context switch: two threads on PSP, PendSV switching, FP in both ---- */

/* referenced by name from the PendSV handler */
uint32_t tcb_sp[2];
uint32_t current_thread;
static uint32_t stack_a[256] __attribute__((aligned(8)));
static uint32_t stack_b[256] __attribute__((aligned(8)));
static volatile uint32_t rounds_a, rounds_b, fp_ok_b, b_on_psp;

/* Saves r4-r11, EXC_RETURN (and s16-s31 for an FP frame) on the thread's stack, swaps, restores. */
__attribute__((naked)) static void pendsv_switch(void)
{
	__asm volatile("mrs r0, psp\n"
		       "tst lr, #0x10\n"
		       "it eq\n"
		       "vstmdbeq r0!, {s16-s31}\n"
		       "stmdb r0!, {r4-r11, lr}\n"
		       "ldr r1, =current_thread\n"
		       "ldr r2, [r1]\n"
		       "ldr r3, =tcb_sp\n"
		       "str r0, [r3, r2, lsl #2]\n"
		       "eor r2, r2, #1\n"
		       "str r2, [r1]\n"
		       "ldr r0, [r3, r2, lsl #2]\n"
		       "ldmia r0!, {r4-r11, lr}\n"
		       "tst lr, #0x10\n"
		       "it eq\n"
		       "vldmiaeq r0!, {s16-s31}\n"
		       "msr psp, r0\n"
		       "bx lr\n"
		       ".ltorg\n");
}

static void yield(void)
{
	REG(SCB_ICSR) = 1u << 28; /* PENDSVSET */
	__asm volatile("dsb\n\tisb" ::: "memory");
}

static uint32_t control(void)
{
	uint32_t v;
	__asm volatile("mrs %0, control" : "=r"(v));
	return v;
}

static void thread_b(void)
{
	float acc = 0.0f;
	for (;;) {
		acc += 2.25f;
		rounds_b++;
		b_on_psp = (control() & 2u) != 0;
		yield();
		fp_ok_b = acc == 2.25f * (float)rounds_b;
	}
}

/*
 * The caller becomes thread A on PSP, thread B gets a made-up first frame;
 * each yields to the other through PendSV `rounds` times. Returns A's rounds
 * * 0x10000 + B's, with bit 31 set when either thread's FP accumulator was
 * wrong after a switch, bit 30 when B did not run on PSP.
 */
uint32_t fw_context_switch(uint32_t rounds)
{
	use_core_vectors();
	REG(SCB_SHPR3) = (REG(SCB_SHPR3) & ~0x00FF0000u) | 0xF0u << 16; /* PendSV lowest */
	rounds_a = rounds_b = 0;
	fp_ok_b = 1;
	/* B: r4-r11, EXC_RETURN (thread, PSP, basic frame), then the hardware frame */
	uint32_t *sp = &stack_b[256 - 17];
	for (int i = 0; i < 8; i++)
		sp[i] = 0xB0000000u + (uint32_t)i;
	sp[8] = 0xFFFFFFFDu;
	sp[9 + 5] = 0xFFFFFFFFu;                         /* LR: thread_b never returns */
	sp[9 + 6] = (uint32_t)(uintptr_t)thread_b & ~1u; /* PC */
	sp[9 + 7] = 1u << 24;                            /* xPSR: Thumb */
	tcb_sp[1] = (uint32_t)(uintptr_t)sp;
	current_thread = 0;
	/* A: this code, moved onto its own process stack */
	uint32_t psp = (uint32_t)(uintptr_t)&stack_a[256];
	__asm volatile("msr psp, %0\n\t"
		       "mrs r0, control\n\t"
		       "orr r0, r0, #2\n\t"
		       "msr control, r0\n\t"
		       "isb" ::"r"(psp)
		       : "r0", "memory");
	float acc = 0.0f;
	uint32_t bad = 0;
	for (uint32_t i = 0; i < rounds; i++) {
		acc += 1.5f;
		rounds_a++;
		yield();
		if (acc != 1.5f * (float)rounds_a)
			bad = 1;
	}
	__asm volatile("mrs r0, control\n\t"
		       "bic r0, r0, #2\n\t"
		       "msr control, r0\n\t"
		       "isb" ::
			       : "r0", "memory");
	return rounds_a << 16 | rounds_b | (bad || !fp_ok_b ? 1u << 31 : 0) | (b_on_psp ? 0 : 1u << 30);
}

/* SVC records the EXC_RETURN it was entered with. */
__attribute__((naked)) static void svc_lr(void)
{
	__asm volatile("ldr r0, =fp_lr\n"
		       "str lr, [r0]\n"
		       "bx lr\n"
		       ".ltorg\n");
}

/* EXC_RETURN of an SVC without and with FP context (CONTROL.FPCA): basic, then extended frame. */
uint32_t fw_fp_frame(void)
{
	use_core_vectors();
	uint32_t fpca0 = control() & 4u;
	__asm volatile("svc #0" ::: "memory");
	uint32_t lr_basic = fp_lr;
	volatile float f = 3.0f;
	f = f * 0.5f;
	uint32_t fpca1 = control() & 4u;
	__asm volatile("svc #0" ::: "memory");
	uint32_t lr_ext = fp_lr;
	return (lr_basic & 0xFFu) | (lr_ext & 0xFFu) << 8 | (fpca0 ? 1u << 16 : 0) | (fpca1 ? 1u << 17 : 0) |
	       (f == 1.5f ? 1u << 18 : 0);
}

/* Not run: the image is entered through its functions. */
int main(void)
{
	return 0;
}
