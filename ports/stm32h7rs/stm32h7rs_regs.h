/* SPDX-License-Identifier: MIT */
/*
 * STM32H7R/H7S register addresses and bits the port uses (RM0477 and the
 * Cortex-M7 architecture). Private to ports/stm32h7rs.
 */
#ifndef EXTMEM_STM32H7RS_REGS_H
#define EXTMEM_STM32H7RS_REGS_H

#include <stdint.h>

#define EXTMEM_STM32_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* RCC */
#define RCC_BASE          0x58024400u
#define RCC_CR            (RCC_BASE + 0x000u)
#define RCC_CFGR          (RCC_BASE + 0x010u)
#define RCC_CDCFGR        (RCC_BASE + 0x018u)
#define RCC_BMCFGR        (RCC_BASE + 0x01Cu)
#define RCC_APBCFGR       (RCC_BASE + 0x020u)
#define RCC_PLLCKSELR     (RCC_BASE + 0x028u)
#define RCC_PLLCFGR       (RCC_BASE + 0x02Cu)
#define RCC_PLL1DIVR1     (RCC_BASE + 0x030u)
#define RCC_PLL2DIVR1     (RCC_BASE + 0x038u)
#define RCC_CCIPR1        (RCC_BASE + 0x04Cu)
#define RCC_PLL2DIVR2     (RCC_BASE + 0x0C4u)
#define RCC_AHB5ENR       (RCC_BASE + 0x134u)
#define RCC_AHB4ENR       (RCC_BASE + 0x140u)
#define RCC_APB4ENR       (RCC_BASE + 0x154u)
#define RCC_APB4ENR_SBS   (1u << 1)
#define RCC_CR_HSIRDY     (1u << 2)
#define RCC_CR_PLL1ON     (1u << 24)
#define RCC_CR_PLL1RDY    (1u << 25)
#define RCC_CR_PLL2ON     (1u << 26)
#define RCC_CR_PLL2RDY    (1u << 27)
#define RCC_AHB5ENR_XSPI1 (1u << 5)
#define RCC_AHB5ENR_XSPI2 (1u << 12)
#define RCC_AHB5ENR_XSPIM (1u << 14) /* XSPIMEN (RM0477; CMSIS RCC_AHB5ENR_XSPIMEN_Pos) */

/* PWR */
#define PWR_BASE           0x58024800u
#define PWR_SR1            (PWR_BASE + 0x04u)
#define PWR_CSR2           (PWR_BASE + 0x0Cu)
#define PWR_CSR4           (PWR_BASE + 0x14u)
#define PWR_SR1_ACTVOSRDY  (1u << 1)
#define PWR_CSR2_EN_XSPIM1 (1u << 14)
#define PWR_CSR2_EN_XSPIM2 (1u << 15)
#define PWR_CSR4_VOS       (1u << 0)
#define PWR_CSR4_VOSRDY    (1u << 1)

/* FLASH, SBS */
#define FLASH_ACR               0x52002000u
#define FLASH_OBW1SR            (0x52002000u + 0x260u) /* option word 1 as loaded at reset (read-only) */
/* OBW1SR: the option bytes that allow high-speed low-voltage I/O (only for a 1.8 V supply of the domain) */
#define FLASH_OBW1SR_XSPI1_HSLV (1u << 8)
#define FLASH_OBW1SR_XSPI2_HSLV (1u << 9)
#define FLASH_OBW1SR_VDDIO_HSLV (1u << 29)
#define SBS_CCCSR               (0x58000400u + 0x110u)
#define SBS_CCCSR_XSPI1_COMP_EN (1u << 2)
#define SBS_CCCSR_XSPI2_COMP_EN (1u << 4)
#define SBS_CCCSR_XSPI1_RDY     (1u << 9)
#define SBS_CCCSR_XSPI2_RDY     (1u << 10)
#define SBS_CCCSR_XSPI1_IOHSLV  (1u << 17)
#define SBS_CCCSR_XSPI2_IOHSLV  (1u << 18)
#define RCC_CR_CSION            (1u << 7)
#define RCC_CR_CSIRDY           (1u << 8)

/* GPIO: port n (A = 0 ... P = 15) */
#define GPIO_BASE(port) (0x58020000u + 0x400u * (uint32_t)(port))
#define GPIO_MODER(p)   (GPIO_BASE(p) + 0x00u)
#define GPIO_OSPEEDR(p) (GPIO_BASE(p) + 0x08u)
#define GPIO_PUPDR(p)   (GPIO_BASE(p) + 0x0Cu)
#define GPIO_BSRR(p)    (GPIO_BASE(p) + 0x18u)
#define GPIO_AFRL(p)    (GPIO_BASE(p) + 0x20u)
#define GPIO_AFRH(p)    (GPIO_BASE(p) + 0x24u)

/* XSPI (offsets from the instance base) */
#define XSPI1_BASE 0x52005000u
#define XSPI2_BASE 0x5200A000u
#define XSPIM_CR   0x5200B400u
#define XSPI_CR    0x000u
#define XSPI_DCR1  0x008u
#define XSPI_DCR2  0x00Cu
#define XSPI_DCR3  0x010u
#define XSPI_DCR4  0x014u
#define XSPI_SR    0x020u
#define XSPI_FCR   0x024u
#define XSPI_DLR   0x040u
#define XSPI_AR    0x048u
#define XSPI_DR    0x050u
#define XSPI_PSMKR 0x080u
#define XSPI_PSMAR 0x088u
#define XSPI_PIR   0x090u
#define XSPI_CCR   0x100u
#define XSPI_TCR   0x108u
#define XSPI_IR    0x110u
#define XSPI_ABR   0x120u
#define XSPI_WCCR  0x180u
#define XSPI_WTCR  0x188u
#define XSPI_WIR   0x190u
#define XSPI_WABR  0x1A0u

#define XSPI_CR_EN          (1u << 0)
#define XSPI_CR_ABORT       (1u << 1)
#define XSPI_CR_FTHRES_MASK (0x3Fu << 8)
#define XSPI_CR_APMS        (1u << 22)
#define XSPI_CR_PMM         (1u << 23)
#define XSPI_CR_FMODE_MASK  (3u << 28)
#define XSPI_CR_FMODE(m)    ((uint32_t)(m) << 28)
#define XSPI_SR_TEF         (1u << 0)
#define XSPI_SR_TCF         (1u << 1)
#define XSPI_SR_FTF         (1u << 2)
#define XSPI_SR_SMF         (1u << 3)
#define XSPI_SR_BUSY        (1u << 5)
#define XSPI_SR_FLEVEL(sr)  (((sr) >> 8) & 0x7Fu)
#define XSPI_SR_FLEVEL_MASK (0x7Fu << 8)
#define XSPI_FCR_CTEF       (1u << 0)
#define XSPI_FCR_CTCF       (1u << 1)
#define XSPI_FCR_CSMF       (1u << 3)

#define XSPI_DCR1_MTYP_MASK     (7u << 24)
#define XSPI_DCR1_MTYP_STANDARD (2u << 24)
#define XSPI_DCR1_MTYP_APMEM16  (6u << 24) /* AP Memory 16-bit */
#define XSPI_DCR3_CSBOUND_MASK  (0x1Fu << 16)

/* Cortex-M7 */
#define SCB_CPACR   0xE000ED88u
#define DEMCR       0xE000EDFCu
#define DWT_CTRL    0xE0001000u
#define DWT_CYCCNT  0xE0001004u
#define DWT_LAR     0xE0001FB0u
#define DWT_LSR     0xE0001FB4u
#define SCB_CCR     0xE000ED14u
#define SCB_CCSIDR  0xE000ED80u
#define SCB_CSSELR  0xE000ED84u
#define SCB_ICIALLU 0xE000EF50u
#define SCB_DCISW   0xE000EF60u
#define SCB_DCCISW  0xE000EF74u
#define SCB_CCR_DC  (1u << 16)
#define SCB_CCR_IC  (1u << 17)
#define SYST_CSR    0xE000E010u
#define SYST_RVR    0xE000E014u
#define SYST_CVR    0xE000E018u

#endif
