/* SPDX-License-Identifier: MIT */
/*
 * MPU test firmware (run through the call API from AXI SRAM): accesses the
 * MPU of the Cortex-M7 forbids, and what the MemManage or HardFault handler
 * sees. Registers and fields after the ARMv7-M ARM B3.5 (MPU) and B3.2
 * (SCB); the test compares what the handler recorded with the architecture.
 */
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define SCB_VTOR  0xE000ED08u
#define SCB_SHCSR 0xE000ED24u
#define SCB_CFSR  0xE000ED28u
#define SCB_HFSR  0xE000ED2Cu
#define SCB_MMFAR 0xE000ED34u
#define MPU_TYPE  0xE000ED90u
#define MPU_CTRL  0xE000ED94u
#define MPU_RNR   0xE000ED98u
#define MPU_RBAR  0xE000ED9Cu
#define MPU_RASR  0xE000EDA0u

#define CTRL_ENABLE     1u
#define CTRL_PRIVDEFENA 4u
#define RASR_ENABLE     1u
#define RASR_SIZE(log2) ((((uint32_t)(log2)) - 1u) << 1)
#define RASR_SRD(m)     ((uint32_t)(m) << 8)
#define RASR_AP(ap)     ((uint32_t)(ap) << 24)
#define RASR_XN         (1u << 28)

uint32_t fw_mpu(uint32_t which, uint32_t memfault_on);
uint32_t fw_mpu_type(void);
void mpu_fault_c(uint32_t *frame);
uint32_t mpu_load(uint32_t addr);
void mpu_store(uint32_t addr, uint32_t v);
uint32_t mpu_psp_thread(uint32_t unused, uint32_t psp_top);
void mpu_recover(void);
void mpu_svc_c(void);
int main(void);

/* what the fault handlers saw; the test reads it through the symbol */
struct mpu_log {
	uint32_t faults, ipsr, cfsr, hfsr, mmfar, pc;
};
volatile struct mpu_log mpu_log;

/* the memory the regions cover: 4 KiB, aligned to its size */
__attribute__((aligned(4096))) volatile uint32_t mpu_buf[1024];

static uint32_t ipsr(void)
{
	uint32_t v;
	__asm volatile("mrs %0, ipsr" : "=r"(v));
	return v;
}

static void barrier(void)
{
	__asm volatile("dsb\n\tisb" ::: "memory");
}

/*
 * MemManage and HardFault: record the status; after a data fault step over
 * the instruction, after a fetch fault return to the caller (LR).
 */
void mpu_fault_c(uint32_t *frame)
{
	uint32_t cfsr = REG(SCB_CFSR);
	if (cfsr & (3u << 3)) { /* MSTKERR, MUNSTKERR: the frame is where the MPU forbids access */
		REG(MPU_CTRL) = 0;
		barrier();
	}
	mpu_log.faults++;
	mpu_log.ipsr = ipsr();
	mpu_log.cfsr = cfsr;
	mpu_log.hfsr = REG(SCB_HFSR);
	mpu_log.mmfar = REG(SCB_MMFAR);
	mpu_log.pc = frame[6];
	REG(SCB_CFSR) = cfsr; /* write one to clear */
	REG(SCB_HFSR) = mpu_log.hfsr;
	if (cfsr & (1u << 4)) { /* MSTKERR: the frame was not written; give it one that resumes */
		frame[0] = 7;
		frame[6] = (uint32_t)(uintptr_t)mpu_recover & ~1u;
		frame[7] = 1u << 24;
		return;
	}
	if (cfsr & (1u << 3)) /* MUNSTKERR: the frame is intact, returning unstacks it again */
		return;
	if (cfsr & 1u) { /* IACCVIOL */
		frame[6] = frame[5] & ~1u;
	} else {
		uint16_t hw = *(volatile uint16_t *)(uintptr_t)frame[6];
		frame[6] += (hw >> 11) >= 0x1Du ? 4u : 2u;
	}
	/* back to privileged thread mode (the unprivileged case) */
	__asm volatile("msr control, %0\n\tisb" ::"r"(0u) : "memory");
}

__attribute__((naked)) static void fault_stub(void)
{
	__asm volatile("tst lr, #4\n"
		       "ite eq\n"
		       "mrseq r0, msp\n"
		       "mrsne r0, psp\n"
		       "b mpu_fault_c\n");
}

__attribute__((naked)) static void loop_forever(void)
{
	__asm volatile("b .\n");
}

__attribute__((aligned(256))) static void (*mpu_vectors[32])(void);

/* the thread stack of the stacking cases: 1 KiB, a region of its own */
__attribute__((aligned(1024))) static volatile uint32_t psp_stack[256];
static volatile uint32_t svc_action, svc_count;

void mpu_svc_c(void)
{
	svc_count++;
	if (svc_action) { /* close the thread stack: the return cannot unstack */
		REG(MPU_RNR) = 2;
		REG(MPU_RBAR) = (uint32_t)(uintptr_t)psp_stack;
		REG(MPU_RASR) = RASR_ENABLE | RASR_SIZE(10) | RASR_AP(0);
		REG(MPU_CTRL) = CTRL_ENABLE | CTRL_PRIVDEFENA;
		barrier();
	}
}

/* A load with other instructions before it in the same block: the stacked PC must be the load's. */
__asm(".text\n"
      ".thumb\n"
      ".balign 4\n"
      ".global mpu_load\n"
      ".type mpu_load, %function\n"
      ".thumb_func\n"
      "mpu_load:\n"
      "mov r1, r0\n"
      "movs r0, #0\n"
      "adds r0, #1\n"
      ".global mpu_load_insn\n"
      "mpu_load_insn: ldr r0, [r1]\n"
      "bx lr\n"
      ".global mpu_store\n"
      ".type mpu_store, %function\n"
      ".thumb_func\n"
      "mpu_store:\n"
      "adds r1, #0\n"
      ".global mpu_store_insn\n"
      "mpu_store_insn: str r1, [r0]\n"
      "bx lr\n"
      /* thread mode on PSP (r1: its top), r0 = 42, SVC, back on MSP; returns r0 */
      ".global mpu_psp_thread\n"
      ".type mpu_psp_thread, %function\n"
      ".thumb_func\n"
      "mpu_psp_thread:\n"
      "push {r4, lr}\n"
      "msr psp, r1\n"
      "movs r1, #2\n"
      "msr control, r1\n"
      "isb\n"
      "movs r0, #42\n"
      "svc #0\n"
      ".global mpu_recover\n"
      ".thumb_func\n"
      "mpu_recover:\n"
      "movs r1, #0\n"
      "msr control, r1\n"
      "isb\n"
      "pop {r4, pc}\n");

static void region(uint32_t n, uint32_t base, uint32_t rasr)
{
	REG(MPU_RNR) = n;
	REG(MPU_RBAR) = base;
	REG(MPU_RASR) = rasr;
}

static void mpu_off(void)
{
	REG(MPU_CTRL) = 0;
	for (uint32_t n = 0; n < 16u; n++)
		region(n, 0, 0);
	barrier();
}

uint32_t fw_mpu_type(void)
{
	return REG(MPU_TYPE);
}

/*
 * which 0: a load from a no-access region; 1: a call into an XN region;
 * 2: a load then a store in a read-only region; 3: SRD opens a subregion of a
 * no-access region, a higher region opens another, the rest faults;
 * 4: PRIVDEFENA clear, a load outside every region; 5: the Boot's 4 GiB
 * no-access background (SRD 0x87), a load in the XSPI1 window; 6: a region
 * privileged RW / unprivileged RO, a store from unprivileged thread mode;
 * 7: straight-line code that runs out of a 32-byte executable region into XN;
 * 8: an SVC from thread mode on a PSP stack the MPU closes (stacking), 9: the
 * same stack closed by the SVC handler (unstacking); 10: a load from a
 * no-access region under FAULTMASK (HFNMIENA clear), then without it.
 * MemManage enabled (SHCSR.MEMFAULTENA) or not (HardFault). Returns what the
 * accesses that did not fault gave.
 */
uint32_t fw_mpu(uint32_t which, uint32_t memfault_on)
{
	uint32_t buf = (uint32_t)(uintptr_t)mpu_buf;
	uint32_t r = 0;
	for (unsigned i = 0; i < 32; i++)
		mpu_vectors[i] = loop_forever;
	mpu_vectors[3] = fault_stub;
	mpu_vectors[4] = fault_stub;
	mpu_vectors[11] = mpu_svc_c;
	svc_action = svc_count = 0;
	REG(SCB_VTOR) = (uint32_t)(uintptr_t)mpu_vectors;
	REG(SCB_SHCSR) = memfault_on ? 1u << 16 : 0;
	mpu_log.faults = 0;
	mpu_buf[0] = 0x47704770u; /* bx lr; bx lr */
	mpu_buf[4] = 0x1234u;
	mpu_buf[132] = 0x5678u; /* subregion 1 (buf + 512) */
	mpu_buf[516] = 0x9ABCu; /* buf + 2064: the higher region */
	mpu_off();
	switch (which) {
	case 0:
		region(0, buf, RASR_ENABLE | RASR_SIZE(12) | RASR_AP(0));
		REG(MPU_CTRL) = CTRL_ENABLE | CTRL_PRIVDEFENA;
		barrier();
		r = mpu_load(buf + 16u);
		break;
	case 1:
		region(0, buf, RASR_ENABLE | RASR_SIZE(12) | RASR_AP(3) | RASR_XN);
		REG(MPU_CTRL) = CTRL_ENABLE | CTRL_PRIVDEFENA;
		barrier();
		((void (*)(void))(uintptr_t)(buf | 1u))();
		r = mpu_buf[0];
		break;
	case 2:
		region(0, buf, RASR_ENABLE | RASR_SIZE(12) | RASR_AP(6));
		REG(MPU_CTRL) = CTRL_ENABLE | CTRL_PRIVDEFENA;
		barrier();
		r = mpu_load(buf + 16u);
		mpu_store(buf + 16u, 0xDEADu);
		break;
	case 3:
		region(0, buf, RASR_ENABLE | RASR_SIZE(12) | RASR_AP(0) | RASR_SRD(0x02));
		region(1, buf + 2048u, RASR_ENABLE | RASR_SIZE(10) | RASR_AP(3));
		REG(MPU_CTRL) = CTRL_ENABLE | CTRL_PRIVDEFENA;
		barrier();
		r = mpu_load(buf + 528u) + mpu_load(buf + 2064u);
		r += mpu_load(buf + 16u); /* faults: 1 from the ADDS */
		break;
	case 4:
		region(0, 0x24000000u, RASR_ENABLE | RASR_SIZE(19) | RASR_AP(3)); /* AXI SRAM: code, data, stack */
		REG(MPU_CTRL) = CTRL_ENABLE;
		barrier();
		r = mpu_load(buf + 16u);
		r += mpu_load(0x20000010u); /* DTCM: in no region */
		break;
	case 5:
		region(0, 0, RASR_ENABLE | RASR_SIZE(32) | RASR_AP(0) | RASR_SRD(0x87) | RASR_XN);
		REG(MPU_CTRL) = CTRL_ENABLE | CTRL_PRIVDEFENA;
		barrier();
		r = mpu_load(0x90000010u);
		break;
	case 6:
		/* unprivileged code has no background region: AXI SRAM (code, stack) open to it */
		region(0, 0x24000000u, RASR_ENABLE | RASR_SIZE(19) | RASR_AP(3));
		region(1, buf, RASR_ENABLE | RASR_SIZE(12) | RASR_AP(2));
		REG(MPU_CTRL) = CTRL_ENABLE | CTRL_PRIVDEFENA;
		barrier();
		__asm volatile("msr control, %0\n\tisb" ::"r"(1u) : "memory"); /* unprivileged */
		r = mpu_load(buf + 16u);
		mpu_store(buf + 16u, 0xDEADu);
		break;
	case 7: {
		/* MOVS r0, #5 and 15 NOPs fill the 32-byte executable region; the BX LR after it is XN */
		volatile uint16_t *code = (volatile uint16_t *)(uintptr_t)buf;
		code[0] = 0x2005u;
		for (unsigned i = 1; i < 16; i++)
			code[i] = 0xBF00u;
		code[16] = 0x4770u;
		region(0, buf, RASR_ENABLE | RASR_SIZE(12) | RASR_AP(3) | RASR_XN);
		region(1, buf, RASR_ENABLE | RASR_SIZE(5) | RASR_AP(3));
		REG(MPU_CTRL) = CTRL_ENABLE | CTRL_PRIVDEFENA;
		barrier();
		r = ((uint32_t(*)(void))(uintptr_t)(buf | 1u))();
		break;
	}
	case 8:
		/* the thread stack closed before the SVC: stacking fails */
		region(0, (uint32_t)(uintptr_t)psp_stack, RASR_ENABLE | RASR_SIZE(10) | RASR_AP(0));
		REG(MPU_CTRL) = CTRL_ENABLE | CTRL_PRIVDEFENA;
		barrier();
		r = mpu_psp_thread(0, (uint32_t)(uintptr_t)&psp_stack[256]) + 100u * svc_count;
		break;
	case 9:
		/* the SVC handler closes the thread stack: unstacking fails */
		svc_action = 1;
		r = mpu_psp_thread(0, (uint32_t)(uintptr_t)&psp_stack[256]) + 100u * svc_count;
		break;
	case 10:
		/* FAULTMASK: execution priority -1, and with HFNMIENA clear the MPU is not used */
		region(0, buf, RASR_ENABLE | RASR_SIZE(12) | RASR_AP(0));
		REG(MPU_CTRL) = CTRL_ENABLE | CTRL_PRIVDEFENA;
		barrier();
		__asm volatile("cpsid f" ::: "memory");
		r = mpu_load(buf + 16u);
		__asm volatile("cpsie f" ::: "memory");
		r += mpu_load(buf + 16u); /* faults: 1 from the ADDS */
		break;
	default: break;
	}
	mpu_off();
	REG(SCB_SHCSR) = 0;
	return r;
}

int main(void)
{
	return 0;
}
