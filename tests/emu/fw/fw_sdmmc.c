/* SPDX-License-Identifier: MIT */
/*
 * An SD card on SDMMC1 of the emulated STM32H7S78-DK: the SD driver
 * (src/sdcard) through the port's SDMMC host (ports/stm32h7rs/sdmmc.c) and
 * the manager, plus register-level sequences the way vendor code drives
 * the controller (IDMA single-buffer reads, raw commands, unclocked
 * access). Run through the call API; the host test reads results from RAM
 * and from the card model's file.
 */
#include <stddef.h>
#include <stdint.h>

#include "extmem/extmem.h"
#include "extmem/sdcard.h"
#include "extmem_stm32h7rs.h"

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define SD          EXTMEM_STM32_SDMMC1
#define SD_POWER    (SD + 0x00u)
#define SD_CLKCR    (SD + 0x04u)
#define SD_ARGR     (SD + 0x08u)
#define SD_CMDR     (SD + 0x0Cu)
#define SD_RESPCMDR (SD + 0x10u)
#define SD_RESP1R   (SD + 0x14u)
#define SD_DTIMER   (SD + 0x24u)
#define SD_DLENR    (SD + 0x28u)
#define SD_DCTRLR   (SD + 0x2Cu)
#define SD_DCNTR    (SD + 0x30u)
#define SD_STAR     (SD + 0x34u)
#define SD_ICR      (SD + 0x38u)
#define SD_IDMACTRL (SD + 0x50u)
#define SD_IDMABASE (SD + 0x58u)
#define RCC_AHB5ENR 0x58024534u

int main(void);
int32_t fw_sd_setup(void);
int32_t fw_sd_read(uint32_t block, uint8_t *dst, uint32_t blocks);
int32_t fw_sd_write(uint32_t block, const uint8_t *src, uint32_t blocks);
int32_t fw_sd_erase(uint32_t block, uint32_t blocks);
uint32_t fw_sd_raw_cmd(uint32_t index, uint32_t arg, uint32_t waitresp);
uint32_t fw_sd_raw_idma_read(uint32_t block, uint32_t *dst, uint32_t blocks);
uint32_t fw_sd_reset_values(uint32_t *out);
uint32_t fw_sd_raw_scr(uint32_t rca, uint32_t *dst);
uint32_t fw_sd_raw_fifo_read(uint32_t block, uint32_t *dst, uint32_t blocks);
uint32_t fw_sd_unclocked_read(void);

/* Read by the host test after fw_sd_setup. */
struct fw_sd_result {
	uint32_t type, bus_width, clock_hz, rca;
	uint32_t capacity_lo, capacity_hi;
	uint32_t last_star;
	uint32_t raw_resp1, raw_respcmd;
};
struct fw_sd_result fw_sd_result;

static struct extmem_stm32_sdmmc host;
static struct extmem_sdcard_config cfg;
static struct extmem_sdcard_data card;
static struct extmem_memory mem;
static struct extmem em;

int main(void)
{
	return 0;
}

int32_t fw_sd_setup(void)
{
	struct extmem_stm32_clocks clk;
	if (extmem_stm32_clock_init(&clk) != 0)
		return -100;
	extmem_stm32_sdmmc1_pins();
	int err = extmem_stm32_sdmmc_init(&host, EXTMEM_STM32_SDMMC1, clk.xspi_kernel_hz, clk.cpu_hz);
	if (err != EXTMEM_OK)
		return err;
	cfg.link.ops = &extmem_stm32_sdmmc_ops;
	cfg.link.ctx = &host;
	cfg.link.bus_width = 4;
	cfg.link.max_hz = 50000000u;
	mem.kind = EXTMEM_KIND_SDCARD;
	mem.driver = &extmem_sdcard_driver;
	mem.config = &cfg;
	mem.data = &card;
	err = extmem_setup(&em, &mem, 1);
	if (err == EXTMEM_OK)
		err = extmem_init(&em, 0);
	fw_sd_result.type = card.type;
	fw_sd_result.bus_width = card.bus_width;
	fw_sd_result.clock_hz = card.clock_hz;
	fw_sd_result.rca = card.rca;
	fw_sd_result.capacity_lo = (uint32_t)card.capacity;
	fw_sd_result.capacity_hi = (uint32_t)(card.capacity >> 32);
	fw_sd_result.last_star = host.last_star;
	return err;
}

int32_t fw_sd_read(uint32_t block, uint8_t *dst, uint32_t blocks)
{
	int err = extmem_read(&em, 0, (uint64_t)block * 512u, dst, (size_t)blocks * 512u);
	fw_sd_result.last_star = host.last_star;
	return err;
}

int32_t fw_sd_write(uint32_t block, const uint8_t *src, uint32_t blocks)
{
	int err = extmem_write(&em, 0, (uint64_t)block * 512u, src, (size_t)blocks * 512u);
	fw_sd_result.last_star = host.last_star;
	return err;
}

int32_t fw_sd_erase(uint32_t block, uint32_t blocks)
{
	return extmem_erase(&em, 0, (uint64_t)block * 512u, (uint64_t)blocks * 512u);
}

static uint32_t wait_flags(uint32_t mask)
{
	for (uint32_t i = 0; i < 2000000u; i++) {
		uint32_t st = REG(SD_STAR);
		if (st & mask)
			return st;
	}
	return REG(SD_STAR);
}

/* One command with WAITRESP as given, no data: STAR once it ended (RESP1/RESPCMD kept for the host). */
uint32_t fw_sd_raw_cmd(uint32_t index, uint32_t arg, uint32_t waitresp)
{
	REG(SD_ICR) = 0x1FE00FFFu;
	REG(SD_ARGR) = arg;
	REG(SD_CMDR) = index | waitresp << 8 | 1u << 12;
	uint32_t st = wait_flags(waitresp == 0 ? 1u << 7 : (1u << 0) | (1u << 2) | (1u << 6));
	fw_sd_result.raw_resp1 = REG(SD_RESP1R);
	fw_sd_result.raw_respcmd = REG(SD_RESPCMDR);
	return st;
}

/*
 * CMD17/CMD18 of `blocks` blocks into dst by the IDMA in single-buffer mode,
 * in the order ST's HAL uses (DTIMER, DLENR, DCTRLR without DTEN, IDMA base
 * and enable, then the command with CMDTRANS); CMD12 with CMDSTOP after a
 * multi-block read. Returns STAR at the end of the data; DCNTR in RESP fields.
 */
uint32_t fw_sd_raw_idma_read(uint32_t block, uint32_t *dst, uint32_t blocks)
{
	REG(SD_ICR) = 0x1FE00FFFu;
	REG(SD_DTIMER) = 0xFFFFFFFFu;
	REG(SD_DLENR) = blocks * 512u;
	REG(SD_DCTRLR) = 1u << 1 | 9u << 4;
	REG(SD_IDMABASE) = (uint32_t)(uintptr_t)dst;
	REG(SD_IDMACTRL) = 1u;
	REG(SD_ARGR) = block;
	REG(SD_CMDR) = (blocks > 1u ? 18u : 17u) | 1u << 8 | 1u << 6 | 1u << 12;
	uint32_t st = wait_flags((1u << 0) | (1u << 2) | (1u << 6));
	if (!(st & (1u << 6)))
		return st;
	st = wait_flags((1u << 8) | (1u << 1) | (1u << 3) | (1u << 27));
	fw_sd_result.raw_respcmd = REG(SD_DCNTR);
	REG(SD_IDMACTRL) = 0;
	uint32_t end = st;
	if (blocks > 1u) {
		REG(SD_ICR) = 0x1FE00FFFu;
		REG(SD_ARGR) = 0;
		REG(SD_CMDR) = 12u | 1u << 7 | 1u << 8 | 1u << 12;
		(void)wait_flags((1u << 0) | (1u << 2) | (1u << 6));
		while (REG(SD_STAR) & (1u << 13)) {
		}
	}
	REG(SD_ICR) = 0x1FE00FFFu;
	return end;
}

/*
 * ACMD51 the way ST's HAL reads the SCR: the DPSM enabled first (DTEN,
 * 8-byte block, card to host), then CMD55 and ACMD51 without CMDTRANS, two
 * words taken while RXFIFOE is clear, until DBCKEND or DATAEND (or an
 * error). Returns STAR at the end; the words go to dst[0..1].
 */
uint32_t fw_sd_raw_scr(uint32_t rca, uint32_t *dst)
{
	REG(SD_ICR) = 0x1FE00FFFu;
	REG(SD_DTIMER) = 0xFFFFFFFFu;
	REG(SD_DLENR) = 8u;
	REG(SD_DCTRLR) = 1u | 1u << 1 | 3u << 4;
	if (!(fw_sd_raw_cmd(55, rca << 16, 1) & (1u << 6)))
		return 0xFFFFFFFFu;
	REG(SD_ARGR) = 0;
	REG(SD_CMDR) = 51u | 1u << 8 | 1u << 12;
	if (!(wait_flags((1u << 0) | (1u << 2) | (1u << 6)) & (1u << 6)))
		return 0xFFFFFFFEu;
	uint32_t n = 0, st = 0;
	for (uint32_t spins = 0; spins < 2000000u; spins++) {
		st = REG(SD_STAR);
		if (st & ((1u << 5) | (1u << 1) | (1u << 3) | (1u << 10) | (1u << 8)))
			break;
		if (!(st & (1u << 19)) && n == 0) {
			dst[0] = REG(SD + 0x80u);
			dst[1] = REG(SD + 0x80u);
			n = 2;
		}
	}
	REG(SD_ICR) = 0x1FE00FFFu;
	return st;
}

/*
 * CMD17/CMD18 through the FIFO the way ST's HAL polls it: CMDTRANS set in
 * CMDR first (read-modify-write), the command, then 8 words per RXFIFOHF
 * until DATAEND or an error; CMD12 after several blocks. Returns STAR at
 * the end of the data.
 */
uint32_t fw_sd_raw_fifo_read(uint32_t block, uint32_t *dst, uint32_t blocks)
{
	REG(SD_ICR) = 0x1FE00FFFu;
	REG(SD_DTIMER) = 0xFFFFFFFFu;
	REG(SD_DLENR) = blocks * 512u;
	REG(SD_DCTRLR) = 1u << 1 | 9u << 4;
	REG(SD_IDMACTRL) = 0;
	REG(SD_CMDR) |= 1u << 6;
	REG(SD_ARGR) = block;
	REG(SD_CMDR) = (REG(SD_CMDR) & ~0x3FFFu) | (blocks > 1u ? 18u : 17u) | 1u << 6 | 1u << 8 | 1u << 12;
	if (!(wait_flags((1u << 0) | (1u << 2) | (1u << 6)) & (1u << 6)))
		return 0xFFFFFFFFu;
	uint32_t left = blocks * 512u, st = 0;
	for (uint32_t spins = 0; spins < 20000000u; spins++) {
		st = REG(SD_STAR);
		if (st & ((1u << 5) | (1u << 1) | (1u << 3) | (1u << 8)))
			break;
		if ((st & (1u << 15)) && left >= 32u) {
			for (unsigned k = 0; k < 8u; k++)
				*dst++ = REG(SD + 0x80u);
			left -= 32u;
		}
	}
	REG(SD_CMDR) &= ~(1u << 6);
	fw_sd_result.raw_respcmd = left;
	if ((st & (1u << 8)) && blocks > 1u) {
		REG(SD_ICR) = 0x1FE00FFFu;
		REG(SD_ARGR) = 0;
		REG(SD_CMDR) = 12u | 1u << 7 | 1u << 8 | 1u << 12;
		(void)wait_flags((1u << 0) | (1u << 2) | (1u << 6));
	}
	REG(SD_ICR) = 0x1FE00FFFu;
	return st;
}

/* SDMMC1 after a reset pulse: POWER .. ACKTIMER, IDMACTRLR, IDMABASER into out[0..18]. */
uint32_t fw_sd_reset_values(uint32_t *out)
{
	REG(RCC_AHB5ENR) |= 1u << 8;
	REG(RCC_AHB5ENR - 0x134u + 0x07Cu) |= 1u << 8;
	REG(RCC_AHB5ENR - 0x134u + 0x07Cu) &= ~(1u << 8);
	for (uint32_t i = 0; i < 17u; i++)
		out[i] = REG(SD + 4u * i);
	out[17] = REG(SD_IDMACTRL);
	out[18] = REG(SD_IDMABASE);
	return 0;
}

/* STAR with SDMMC1's bus clock off, after powering it on with the clock on. */
uint32_t fw_sd_unclocked_read(void)
{
	struct extmem_stm32_clocks clk;
	if (extmem_stm32_clock_init(&clk) != 0)
		return 0xFFFFFFFFu;
	REG(RCC_AHB5ENR) |= 1u << 8;
	REG(SD_POWER) = 3u;
	REG(SD_CLKCR) = 250u;
	REG(SD_ICR) = 0x1FE00FFFu;
	REG(SD_CMDR) = 0u | 1u << 12; /* CMD0: CMDSENT */
	REG(RCC_AHB5ENR) &= ~(1u << 8);
	uint32_t v = REG(SD_STAR);
	REG(RCC_AHB5ENR) |= 1u << 8;
	return v | (REG(SD_STAR) & (1u << 7)) << 24; /* bit 31: CMDSENT seen once clocked again */
}
