/* SPDX-License-Identifier: MIT */
/*
 * BootFlash on the STM32H7S78-DK and the NUCLEO-H7S3L8: each Boot's size as
 * arm-none-eabi-size reports it (text + data; target under 8 KB, ST's
 * shipped DK XIP Boot is 28,956 bytes) and its boot latency in virtual time
 * from reset to the application's first instruction, XIP and LRUN, split at
 * what the NOR saw, beside the part's own bound: reset recovery, one read of
 * its SFDP area and the switch to 8D-8D-8D, at the part's fastest clocks.
 *
 * Bound facts (MX66UW1G45G datasheet, JESD216): reset = 66h + 99h in 1S
 * then tREADY2 = 40 us (idle part); SFDP = 5Ah, 3-byte address, 8 dummy
 * clocks, then the bytes up to the end of the last parameter table the
 * part's SFDP header lists; switch = 06h, then 72h + 4-byte address + CR2
 * value (DOPI); all in 1S-1S-1S at 133 MHz (the part's SPI maximum). The
 * NUCLEO's MX25UW25645G (same OctaBus family) is taken with the same
 * figures; its SFDP length is its own.
 *
 * LRUN from the DK's microSD card (IMAGE_MEMORY sd, SDMMC1, 4 lines): the
 * card's bound is what the SD Physical Layer Simplified Specification
 * prescribes at the least, at the bus clocks the Boot uses (400 kHz in
 * identification, its 25 MHz after): CMD0; CMD8; CMD55 + ACMD41 twice (the
 * first starts the power-up, which the card model takes 1 ms for; the
 * second sees it done); CMD2; CMD3; CMD9; CMD7; CMD55 + ACMD6 (4 lines);
 * one CMD18 of the blocks header and payload span, with the model's 50 us
 * access time before the first; CMD12. A command is 48 clocks, Ncr at
 * least 2, a response 48 clocks (136 for R2); a 4-line block 1024 + 16
 * CRC + 2 clocks, 2 clocks between blocks at the least.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot_measure.h"
#include "extmem/image.h"
#include "extmem_emu/machine.h"
#include "extmem_sim/nor.h"
#include "extmem_sim/parts.h"
#include "extmem_sim/psram.h"
#include "extmem_sim/sdcard.h"

#define LIMIT_PS         200000000000ull
#define SPI_HZ           133000000ull
#define TREADY2_PS       40000000ull /* 40 us */
#define PS_PER_CYCLE(hz) (1000000000000ull / (hz))

struct tap {
	struct extmem_sim_device base;
	struct extmem_sim_device *inner;
	uint64_t first_ps, sfdp_ps, octal_ps, image_ps;
	uint32_t ops;
	uint32_t slot; /* the image slot's offset in the NOR: the header read is the first read there */
};

static int tap_transfer(struct extmem_sim_device *dev, const struct extmem_xspi_op *op, uint32_t bus_hz)
{
	struct tap *t = (struct tap *)dev;
	/* the bus has already advanced the clock by the op's wire time: take its start */
	uint64_t start = dev->clock->now_ps - extmem_sim_cycles_to_ps(extmem_xspi_op_cycles(op), bus_hz);
	if (t->ops++ == 0)
		t->first_ps = start;
	if (t->sfdp_ps == 0 && op->cmd.opcode == 0x5Au && op->cmd.bus.lines == 1)
		t->sfdp_ps = start;
	/* the driver also resets in 8D before probing: the switch is the first 8D op after the SFDP read */
	if (t->octal_ps == 0 && t->sfdp_ps != 0 && op->cmd.bus.lines == 8 && op->cmd.bus.dtr)
		t->octal_ps = start;
	/* the Boot's first read of the slot: the header at address 0, in 8D */
	if (t->image_ps == 0 && t->octal_ps != 0 && op->data.dir == EXTMEM_XSPI_DATA_IN && op->addr.nbytes &&
	    op->addr.value == t->slot && op->data.len >= EXTMEM_IMAGE_HEADER_SIZE)
		t->image_ps = start;
	return t->inner->ops->transfer(t->inner, op, bus_hz);
}

static uint64_t tap_ready_at(struct extmem_sim_device *dev)
{
	struct tap *t = (struct tap *)dev;
	return t->inner->ops->ready_at_ps != NULL ? t->inner->ops->ready_at_ps(t->inner) : 0;
}

static const struct extmem_sim_device_ops tap_ops = {.transfer = tap_transfer, .ready_at_ps = tap_ready_at};

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	uint8_t *b = malloc(1u << 20);
	*len = b != NULL ? fread(b, 1, 1u << 20, f) : 0;
	fclose(f);
	return b;
}

/* End of the last parameter table the SFDP header lists (JESD216: NPH at byte 6, headers from byte 8). */
static uint32_t sfdp_extent(const uint8_t *s, size_t len)
{
	uint32_t end = 8u;
	if (len < 8)
		return 0;
	for (unsigned i = 0; i <= s[6] && 16u + 8u * i <= len; i++) {
		const uint8_t *ph = s + 8u + 8u * i;
		uint32_t ptr = (uint32_t)ph[4] | (uint32_t)ph[5] << 8 | (uint32_t)ph[6] << 16;
		uint32_t e = ptr + 4u * ph[3];
		if (e > end)
			end = e;
		if (8u + 8u * (i + 1u) > end)
			end = 8u + 8u * (i + 1u);
	}
	return end;
}

struct result {
	int ok;
	uint64_t entry_ps;
	struct tap tap;
	uint32_t sfdp_bytes;
};

/* One board and mode: the Boot, its image, the NOR part, the slot's offset, the PSRAM on port 1 or none. */
struct bench_run {
	const char *board, *mode, *boot, *image;
	const struct extmem_sim_nor_part *part;
	uint32_t slot;
	bool psram;
	enum extmem_emu_board emu_board;
};

static struct result run(const struct bench_run *b)
{
	const char *boot = b->boot, *image = b->image;
	struct result r = {0};
	size_t len = 0;
	uint8_t *img = read_file(image, &len);
	struct extmem_image_header h;
	enum extmem_image_check why;
	if (img == NULL || extmem_image_parse_header(img, len, &h, &why) != EXTMEM_OK) {
		fprintf(stderr, "bench_boot: %s: not a boot image\n", image);
		free(img);
		return r;
	}
	const uint8_t *vt = img + h.hdr_size + h.vector_offset;
	uint32_t entry = ((uint32_t)vt[4] | (uint32_t)vt[5] << 8 | (uint32_t)vt[6] << 16 | (uint32_t)vt[7] << 24) & ~1u;
	struct extmem_sim_clock clock = {0};
	struct extmem_sim_nor *nor = extmem_sim_nor_create(b->part, &clock, NULL, NULL);
	uint8_t *psram_array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	struct extmem_sim_psram psram;
	struct extmem_emu *emu = NULL;
	char err[256];
	if (nor != NULL && psram_array != NULL && len <= b->part->size - b->slot) {
		memcpy(nor->array + b->slot, img, len);
		r.sfdp_bytes = sfdp_extent(nor->sfdp, nor->sfdp_len);
		extmem_sim_psram_init(&psram, &clock, psram_array, EXTMEM_SIM_PSRAM_SIZE);
		r.tap = (struct tap){.base = {.ops = &tap_ops, .clock = &clock, .name = nor->base.name},
				     .inner = &nor->base,
				     .slot = b->slot};
		const struct extmem_emu_config cfg = {.clock = &clock,
						      .port1 = b->psram ? &psram.base : NULL,
						      .port2 = &r.tap.base,
						      .board = b->emu_board};
		if (extmem_emu_create(&emu, &cfg) == 0 && extmem_emu_load_elf(emu, boot, err, sizeof err) == 0) {
			extmem_emu_reset(emu);
			r.entry_ps = extmem_tool_time_to_entry(emu, &clock, entry, LIMIT_PS);
			r.ok = r.entry_ps != 0 && nor->base.violations == 0 && psram.base.violations == 0;
		} else {
			fprintf(stderr, "bench_boot: %s: %s\n", boot, emu != NULL ? err : "no emulator");
		}
	}
	if (emu != NULL)
		extmem_emu_destroy(emu);
	if (nor != NULL)
		extmem_sim_nor_destroy(nor);
	free(psram_array);
	free(img);
	return r;
}

/* The DK's SD Boot with the LRUN image at BENCH_SD_OFFSET of a 4 MiB SDHC card model, the NOR erased. */
struct sd_result {
	int ok;
	uint64_t entry_ps, commands, blocks;
	uint32_t span_blocks;
};

#define SD_CARD_SIZE (4u << 20)

static struct sd_result run_sd(void)
{
	struct sd_result r = {0};
	size_t len = 0;
	uint8_t *img = read_file(BENCH_IMAGE_LRUN_SD, &len);
	struct extmem_image_header h;
	enum extmem_image_check why;
	if (img == NULL || extmem_image_parse_header(img, len, &h, &why) != EXTMEM_OK ||
	    len > SD_CARD_SIZE - BENCH_SD_OFFSET) {
		fprintf(stderr, "bench_boot: %s: not a boot image\n", BENCH_IMAGE_LRUN_SD);
		free(img);
		return r;
	}
	const uint8_t *vt = img + h.hdr_size + h.vector_offset;
	uint32_t entry = ((uint32_t)vt[4] | (uint32_t)vt[5] << 8 | (uint32_t)vt[6] << 16 | (uint32_t)vt[7] << 24) & ~1u;
	r.span_blocks = (h.hdr_size + h.payload_size + 511u) / 512u;
	struct extmem_sim_clock clock = {0};
	struct extmem_sim_nor *nor = extmem_sim_nor_create(&extmem_sim_part_mx66uw1g45g, &clock, NULL, NULL);
	uint8_t *psram_array = calloc(1, EXTMEM_SIM_PSRAM_SIZE);
	uint8_t *card_array = calloc(1, SD_CARD_SIZE);
	struct extmem_sim_psram psram;
	struct extmem_sim_sd card;
	struct extmem_emu *emu = NULL;
	char err[256];
	if (nor != NULL && psram_array != NULL && card_array != NULL) {
		memcpy(card_array + BENCH_SD_OFFSET, img, len);
		extmem_sim_psram_init(&psram, &clock, psram_array, EXTMEM_SIM_PSRAM_SIZE);
		extmem_sim_sd_init(&card, &clock, EXTMEM_SIM_SD_SDHC, card_array, SD_CARD_SIZE);
		const struct extmem_emu_config cfg = {
			.clock = &clock, .port1 = &psram.base, .port2 = &nor->base, .sd = &card};
		if (extmem_emu_create(&emu, &cfg) == 0 &&
		    extmem_emu_load_elf(emu, BENCH_BOOT_LRUN_SD, err, sizeof err) == 0) {
			extmem_emu_reset(emu);
			r.entry_ps = extmem_tool_time_to_entry(emu, &clock, entry, LIMIT_PS);
			r.ok = r.entry_ps != 0 && card.violations == 0 && nor->base.violations == 0;
			r.commands = card.commands;
			r.blocks = card.blocks_read;
		} else {
			fprintf(stderr, "bench_boot: %s: %s\n", BENCH_BOOT_LRUN_SD, emu != NULL ? err : "no emulator");
		}
	}
	if (emu != NULL)
		extmem_emu_destroy(emu);
	if (nor != NULL)
		extmem_sim_nor_destroy(nor);
	free(card_array);
	free(psram_array);
	free(img);
	return r;
}

/* The card's bound (see the top of the file), in ps. */
static uint64_t sd_bound_ps(uint32_t blocks)
{
	const uint64_t id = PS_PER_CYCLE(400000ull), data = PS_PER_CYCLE(25000000ull);
	const uint64_t r1 = 48u + 2u + 48u, r2 = 48u + 2u + 136u;
	/* CMD0 (no response), CMD8, 2 x (CMD55 + ACMD41), CMD2, CMD3, CMD9, CMD7 */
	uint64_t ident = (48u + r1 + 4u * r1 + r2 + r1 + r2 + r1) * id;
	/* CMD55 + ACMD6, CMD18, its blocks, CMD12 */
	uint64_t xfer = (2u * r1 + r1 + (uint64_t)blocks * (1024u + 16u + 2u) + (blocks - 1u) * 2u + r1) * data;
	return ident + EXTMEM_SIM_SD_POWER_UP_PS + EXTMEM_SIM_SD_READ_ACCESS_PS + xfer;
}

static double us(uint64_t ps)
{
	return (double)ps / 1e6;
}

int main(void)
{
	const struct bench_run runs[] = {
		{"STM32H7S78-DK", "XIP", BENCH_BOOT_XIP, BENCH_IMAGE_XIP, &extmem_sim_part_mx66uw1g45g, 0, true,
		 EXTMEM_EMU_BOARD_STM32H7S78_DK},
		{"STM32H7S78-DK", "LRUN", BENCH_BOOT_LRUN, BENCH_IMAGE_LRUN, &extmem_sim_part_mx66uw1g45g, 0, true,
		 EXTMEM_EMU_BOARD_STM32H7S78_DK},
		{"NUCLEO-H7S3L8", "XIP", BENCH_NUCLEO_BOOT_XIP, BENCH_NUCLEO_IMAGE_XIP, &extmem_sim_part_mx25uw25645g,
		 BENCH_NUCLEO_SLOT_XIP, false, EXTMEM_EMU_BOARD_NUCLEO_H7S3L8},
		{"NUCLEO-H7S3L8", "LRUN", BENCH_NUCLEO_BOOT_LRUN, BENCH_NUCLEO_IMAGE_LRUN,
		 &extmem_sim_part_mx25uw25645g, BENCH_NUCLEO_SLOT_LRUN, false, EXTMEM_EMU_BOARD_NUCLEO_H7S3L8},
		/* Not the default Boot: NOR_DRIVER pinned (the part's configuration from `extmem pin`, no SFDP
		   planning). */
		{"NUCLEO-H7S3L8", "XIP, pinned driver", BENCH_NUCLEO_BOOT_PINNED, BENCH_NUCLEO_IMAGE_XIP,
		 &extmem_sim_part_mx25uw25645g, BENCH_NUCLEO_SLOT_XIP, false, EXTMEM_EMU_BOARD_NUCLEO_H7S3L8},
	};
	unsigned long sizes[sizeof runs / sizeof runs[0]];
	int fail = 0;
	uint32_t sfdp_len[2] = {0, 0};
	printf("BootFlash: the Boots' size and their latency in virtual time from reset\n"
	       "(STM32H7S78-DK: MX66UW1G45G on XSPI2, APS256XXN on XSPI1, MPU and caches on;\n"
	       " NUCLEO-H7S3L8: MX25UW25645G on XSPI2; both from extmem_bootflash() in examples/)\n\n");
	printf("| board | mode | Boot text+data (B) | first NOR op (us) | SFDP read (us) | 8D-8D-8D (us) "
	       "| image header (us) | app's 1st insn (us) | part bound (us) | latency / bound |\n");
	printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (unsigned i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		struct result r = run(&runs[i]);
		unsigned long size = extmem_tool_boot_size(BENCH_ARM_SIZE, runs[i].boot);
		sizes[i] = size;
		uint64_t cyc = PS_PER_CYCLE(SPI_HZ);
		/* reset: two 8-clock commands; SFDP: cmd + 3-byte address + 8 dummies + data; switch: 06h, 72h + 4 + 1
		 */
		uint64_t bound =
			16u * cyc + TREADY2_PS + (8u + 24u + 8u + 8ull * r.sfdp_bytes) * cyc + (8u + 48u) * cyc;
		if (!r.ok) {
			printf("| %s | %s | %lu | failed | | | | | %.3f | |\n", runs[i].board, runs[i].mode, size,
			       us(bound));
			fail = 1;
			continue;
		}
		printf("| %s | %s | %lu | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f |\n", runs[i].board,
		       runs[i].mode, size, us(r.tap.first_ps), us(r.tap.sfdp_ps), us(r.tap.octal_ps),
		       us(r.tap.image_ps), us(r.entry_ps), us(bound), (double)r.entry_ps / (double)bound);
		if (i < 4)
			sfdp_len[i / 2] = r.sfdp_bytes;
	}
	struct sd_result sd = run_sd();
	unsigned long sd_size = extmem_tool_boot_size(BENCH_ARM_SIZE, BENCH_BOOT_LRUN_SD);
	printf("\nLRUN from the microSD card (STM32H7S78-DK, SDMMC1, image at byte %u of an SDHC card model):\n\n",
	       (unsigned)BENCH_SD_OFFSET);
	printf("| board | mode | Boot text+data (B) | card commands | blocks read (image spans) "
	       "| app's 1st insn (us) | card bound (us) | latency / bound |\n");
	printf("|---|---|---:|---:|---:|---:|---:|---:|\n");
	if (!sd.ok) {
		printf("| STM32H7S78-DK | LRUN from SD | %lu | failed | | | | |\n", sd_size);
		fail = 1;
	} else {
		uint64_t bound = sd_bound_ps(sd.span_blocks);
		printf("| STM32H7S78-DK | LRUN from SD | %lu | %llu | %llu (%u) | %.3f | %.3f | %.1f |\n", sd_size,
		       (unsigned long long)sd.commands, (unsigned long long)sd.blocks, (unsigned)sd.span_blocks,
		       us(sd.entry_ps), us(bound), (double)sd.entry_ps / (double)bound);
	}
	printf("\nCard bound: CMD0, CMD8, 2 x ACMD41 (1 ms power-up of the model), CMD2, CMD3, CMD9, CMD7 at 400 kHz;\n"
	       "ACMD6 to 4 lines, one CMD18 of the blocks the image spans (50 us access of the model), CMD12 at 25 "
	       "MHz.\n");
	printf("\nPart bound: 66h+99h then tREADY2 40 us, one 5Ah read of the part's SFDP bytes (MX66UW1G45G:\n"
	       "%u, MX25UW25645G: %u), 06h + 72h to 8D-8D-8D (DOPI), all in 1S at 133 MHz.\n",
	       (unsigned)sfdp_len[0], (unsigned)sfdp_len[1]);
	/* The target, for the XIP Boots (runs 0, 2: SFDP driver; 4: pinned driver, not the default). */
	static const unsigned xip[] = {2, 0, 4};
	static const char *const what[] = {"NUCLEO-H7S3L8 XIP Boot (SFDP driver, read-only)",
					   "STM32H7S78-DK XIP Boot (SFDP driver, read-only; + PSRAM, MPU, caches)",
					   "NUCLEO-H7S3L8 XIP Boot (pinned driver, read-only; not the default)"};
	printf("\n| XIP Boot | text+data (B) | target (B) | over the target (B) |\n|---|---:|---:|---:|\n");
	for (unsigned k = 0; k < 3; k++) {
		unsigned long sz = sizes[xip[k]];
		printf("| %s | %lu | 8192 | %ld |\n", what[k], sz, sz > 8192ul ? (long)(sz - 8192ul) : 0l);
	}
	printf("\nTarget: Boot under 8192 B including port and clocks (ST's shipped DK XIP Boot: 28956 B); not met,\n"
	       "docs/bootflash.md (\"Boot size\") says where the bytes go.\n"
	       "The columns before the last two are the start of the NOR's first operation, of the first SFDP\n"
	       "read, of the first 8D-8D-8D operation after it and of the Boot's read of the image header.\n");
	return fail;
}
