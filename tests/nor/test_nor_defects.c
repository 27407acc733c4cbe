/* SPDX-License-Identifier: MIT */
/*
 * The NOR SFDP driver against the defects of issue 9, each pinned on the
 * named part models (written from datasheet facts) or on stricter copies of
 * them; where a model is made from an SFDP image with our own parser the
 * test says so (it shows consistency, not correctness). The images served
 * are the project's own encodings (sim/sfdp) with one field changed, located
 * through the JESD216 parameter headers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extmem_sim/sfdp_images.h"
#include "nor_harness.h"

static struct nor_harness harness;
static uint8_t img[2048];
static size_t img_len;

static int teardown(void **state)
{
	(void)state;
	nor_harness_down(&harness);
	return 0;
}

static struct nor_harness *up(const struct extmem_sim_nor_part *part, uint8_t lines)
{
	nor_harness_down(&harness);
	assert_int_equal(nor_harness_up(&harness, part, lines, 200000000u), EXTMEM_OK);
	return &harness;
}

static void assert_no_violations(const struct nor_harness *h)
{
	if (h->model->base.violations != 0)
		print_message("last violation: %s\n", h->model->base.last_violation);
	assert_int_equal(h->model->base.violations, 0);
}

/* A copy of the part's own SFDP image in img[]. */
static void load_image(const struct extmem_sim_nor_part *part)
{
	const struct extmem_sim_sfdp_image *im = extmem_sim_sfdp_image_find(part->sfdp_name);
	assert_non_null(im);
	assert_true(im->len <= sizeof(img));
	memcpy(img, im->bytes, im->len);
	img_len = im->len;
}

/* Byte offset of a table by parameter ID (JESD216: 8-byte headers from offset 8). */
static uint32_t table(uint16_t id)
{
	unsigned nph = img[6] + 1u;
	for (unsigned i = 0; i < nph; i++) {
		const uint8_t *hd = img + 8 + 8 * i;
		if ((uint16_t)(hd[7] << 8 | hd[0]) == id)
			return (uint32_t)hd[4] | (uint32_t)hd[5] << 8 | (uint32_t)hd[6] << 16;
	}
	fail_msg("no table %04Xh in the image", id);
	return 0;
}

/* DWORD n (1-based) of the table at t. */
static uint32_t dw(uint32_t t, unsigned n)
{
	const uint8_t *p = img + t + 4 * (n - 1u);
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void set_dw(uint32_t t, unsigned n, uint32_t v)
{
	uint8_t *p = img + t + 4 * (n - 1u);
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void serve_image(struct nor_harness *h)
{
	extmem_sim_nor_set_sfdp(h->model, img, img_len);
}

static void fill(uint8_t *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)((i * 131u + seed * 7u) >> 1);
}

/* Erase, program and read back a block; the model's array agrees. */
static void round_trip(struct nor_harness *h, uint32_t at, uint32_t len)
{
	static uint8_t out[4096], in[4096];
	assert_true(len <= sizeof(out));
	fill(out, len, at);
	assert_int_equal(extmem_erase(&h->em, 0, at & ~0xFFFu, 4096), EXTMEM_OK);
	assert_int_equal(extmem_write(&h->em, 0, at, out, len), EXTMEM_OK);
	assert_int_equal(extmem_read(&h->em, 0, at, in, len), EXTMEM_OK);
	assert_memory_equal(in, out, len);
	assert_memory_equal(h->model->array + at, out, len);
}

/* ---- #2: a switch that does not take effect falls back -------------------- */

/*
 * The MX66UW1G45G's octal-DDR entry ends with WRCR2 (72h) at address 0 with
 * 02h (DOPI). Served with 00h (nothing happens) or 01h (the part goes to
 * SOPI instead), the switch does not reach 8D: init must recover the part,
 * end in a slower protocol and work, not stop at NO_DEVICE.
 */
static void an_octal_entry_writing_the_wrong_value_falls_back_to_a_working_protocol(void **state)
{
	(void)state;
	static const uint8_t wrong[] = {0x00, 0x01};
	for (size_t k = 0; k < sizeof(wrong); k++) {
		struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
		load_image(&extmem_sim_part_mx66uw1g45g);
		uint32_t t = table(0xFF0A);
		/* The WRCR2 sequence (2 DWORDs, length first): 6 bytes 72h 00 00 00 00 02h; the data byte
		 * lands in its second DWORD's bits 15:8. */
		unsigned q = 1;
		while (q < 8 && dw(t, q) >> 16 != 0x0672u)
			q += 2;
		assert_true(q < 8);
		assert_int_equal((dw(t, q + 1) >> 8) & 0xFFu, 0x02u);
		set_dw(t, q + 1, (dw(t, q + 1) & ~0xFF00u) | (uint32_t)wrong[k] << 8);
		serve_image(h);
		int err = extmem_init(&h->em, 0);
		printf("  CR2 written with %02Xh -> %s, %s, %u abandoned\n", wrong[k], extmem_status_name(err),
		       extmem_protocol_name(h->table[0].info.protocol), (unsigned)h->data.nattempts);
		assert_int_equal(err, EXTMEM_OK);
		assert_int_not_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
		assert_true(h->data.nattempts >= 1);
		assert_int_equal(h->data.attempt[0].proto, EXTMEM_PROTO_8D_8D_8D);
		extmem_sim_nor_clear_violations(h->model);
		round_trip(h, 0x3000, 600);
		assert_no_violations(h);
	}
}

/* ---- #3: wait for ready after every register write -------------------------- */

/*
 * Octal-DDR entries may write the status/configuration registers (01h)
 * before CR2, as the MX66UW1G345G's own FF0A table does (06h; 01h 00h
 * 02h; 06h; 72h ... 02h): a non-volatile write with a busy time (tW). The
 * MX66UW1G45G image served with that four-sequence entry (01h writing
 * 00h 00h here), on a stricter copy of the part that is busy 10 ms after a
 * status write (inside the datasheet's tW bound): the next command comes
 * while busy unless the driver waits.
 */
static void entry_sequences_wait_for_ready_after_each_register_write(void **state)
{
	(void)state;
	static struct extmem_sim_nor_part slow;
	slow = extmem_sim_part_mx66uw1g45g;
	slow.wrsr_typ_us = 10000;
	struct nor_harness *h = up(&slow, 8);
	load_image(&slow);
	uint32_t t = table(0xFF0A);
	static const uint32_t seq[8] = {0x01060000u, 0, 0x03010000u, 0, 0x01060000u, 0, 0x06720000u, 0x00000200u};
	for (unsigned i = 0; i < 8; i++)
		set_dw(t, i + 1, seq[i]);
	serve_image(h);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_int_equal(extmem_sim_nor_violations(h->model, EXTMEM_SIM_NOR_RULE_BUSY), 0);
	assert_no_violations(h);
	round_trip(h, 0x1000, 256);
	assert_no_violations(h);
}

/* ---- #4: proofs on data that is never blank --------------------------------- */

/*
 * Blank flash: an array read with the wrong latency reads FFh like the right
 * one. The xSPI profile of the MX66UW1G45G served with 18 dummy cycles for
 * 200 MHz where the part uses 20 (its CR2 0x300 default): the driver may
 * only find it on the first data it programs, and then must not return
 * shifted data as EXTMEM_OK.
 */
static void a_wrong_read_latency_on_blank_flash_never_returns_wrong_data(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	load_image(&extmem_sim_part_mx66uw1g45g);
	uint32_t t = table(0xFF05);
	assert_int_equal((dw(t, 4) >> 7) & 0x1Fu, 20u); /* 200 MHz: 20 cycles */
	set_dw(t, 4, (dw(t, 4) & ~(0x1Fu << 7)) | 18u << 7);
	serve_image(h);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	static uint8_t out[512], in[512];
	fill(out, sizeof(out), 3);
	assert_int_equal(extmem_erase(&h->em, 0, 0x8000, 4096), EXTMEM_OK);
	int err = extmem_write(&h->em, 0, 0x8000, out, sizeof(out));
	printf("  write -> %s, now %s with %u dummy cycles\n", extmem_status_name(err),
	       extmem_protocol_name(h->table[0].info.protocol), h->table[0].info.dummy_cycles);
	assert_int_equal(err, EXTMEM_OK);
	assert_memory_equal(h->model->array + 0x8000, out, sizeof(out));
	assert_int_equal(extmem_read(&h->em, 0, 0x8000, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(in));
}

/* A port that keeps the last 5Ah it carried in 8D-8D-8D (opcode 5Ah, extension A5h). */
struct sfdp_spy {
	struct extmem_host_xspi *host;
	unsigned count;
	struct extmem_xspi_op last;
};

static struct sfdp_spy spy;

static int spy_execute(void *ctx, const struct extmem_xspi_op *op)
{
	struct sfdp_spy *s = ctx;
	if (op->cmd.nbytes == 2 && op->cmd.opcode >> 8 == 0x5A && op->cmd.bus.dtr) {
		s->count++;
		s->last = *op;
	}
	return extmem_host_xspi_ops.execute(s->host, op);
}

static int spy_set_clock(void *ctx, uint32_t hz, uint32_t *actual)
{
	return extmem_host_xspi_ops.set_clock(((struct sfdp_spy *)ctx)->host, hz, actual);
}

static uint32_t spy_time_us(void *ctx)
{
	return extmem_host_xspi_ops.time_us(((struct sfdp_spy *)ctx)->host);
}

static const struct extmem_xspi_ops spy_ops = {
	.execute = spy_execute, .set_clock = spy_set_clock, .time_us = spy_time_us};

/*
 * The 8D proof reads the SFDP header in 8D-8D-8D as the OctaFlash datasheets
 * give RDSFDP in DOPI: 5Ah A5h, a 4-byte address, 20 dummy cycles, with the
 * data strobe (datasheet facts written here, not read from our parser), and
 * the part answers "SFDP" with no violation.
 */
static void the_8d_proof_reads_the_sfdp_signature_in_the_datasheet_form(void **state)
{
	(void)state;
	const struct extmem_sim_nor_part *parts[] = {&extmem_sim_part_mx66uw1g45g, &extmem_sim_part_mx25uw25645g,
						     &extmem_sim_part_mx25lm51245g};
	for (size_t i = 0; i < 3; i++) {
		struct nor_harness *h = up(parts[i], 8);
		spy = (struct sfdp_spy){.host = &h->port};
		h->cfg.link.ops = &spy_ops;
		h->cfg.link.ctx = &spy;
		assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
		assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
		assert_true(h->data.sfdp_proven);
		assert_int_equal(spy.count, 1);
		assert_int_equal(spy.last.cmd.opcode, 0x5AA5);
		assert_int_equal(spy.last.addr.nbytes, 4);
		assert_int_equal(spy.last.addr.value, 0);
		assert_int_equal(spy.last.dummy_cycles, 20);
		assert_true(spy.last.dqs);
		assert_no_violations(h);
	}
}

/*
 * A part whose 8D words come out byte-swapped against what its table says
 * (BFPT DWORD 18 bit 31 clear): status and the JEDEC ID (each byte on both
 * edges) read right in 8D, and blank flash reads FFh either way, so only a
 * non-blank 8D read shows it. The SFDP header read in 8D does: init must
 * not settle in 8D on a blank part. A stricter copy of the MX66UW1G45G.
 */
static void a_part_swapping_8d_bytes_against_its_table_is_not_left_in_8d_on_blank_flash(void **state)
{
	(void)state;
	static struct extmem_sim_nor_part swapped;
	swapped = extmem_sim_part_mx66uw1g45g;
	swapped.octal_swapped = true;
	struct nor_harness *h = up(&swapped, 8);
	int err = extmem_init(&h->em, 0);
	printf("  init -> %s, %s, %u abandoned (first at %s)\n", extmem_status_name(err),
	       extmem_protocol_name(h->table[0].info.protocol), (unsigned)h->data.nattempts,
	       h->data.nattempts ? extmem_nor_stage_name(h->data.attempt[0].stage) : "-");
	assert_int_equal(err, EXTMEM_OK);
	assert_int_not_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_true(h->data.nattempts >= 1);
	assert_int_equal(h->data.attempt[0].proto, EXTMEM_PROTO_8D_8D_8D);
	assert_int_equal(h->data.attempt[0].stage, EXTMEM_NOR_STAGE_PROVE_SFDP);
	round_trip(h, 0x6000, 512);
	assert_no_violations(h);
}

/* ---- #5: program and erase failures are statuses ---------------------------- */

/*
 * Every part model at every link width: a program or erase the part fails
 * is never EXTMEM_OK. With verify on (loader, extmem prog) every part; with
 * it off, the parts that keep error flags (datasheet facts: Macronix
 * security register on the OctaFlash parts and the MX25L25635F, Micron flag
 * status register, ISSI extended read register) still report it.
 */
static bool has_error_flags(const struct extmem_sim_nor_part *p)
{
	return p->family == EXTMEM_SIM_NOR_FAMILY_MACRONIX_OCTAL || p->family == EXTMEM_SIM_NOR_FAMILY_MACRONIX_QUAD ||
	       p->family == EXTMEM_SIM_NOR_FAMILY_MICRON_QUAD || p->family == EXTMEM_SIM_NOR_FAMILY_ISSI_QUAD;
}

static void failed_program_and_erase_return_a_status_on_every_part_and_width(void **state)
{
	(void)state;
	static const uint8_t widths[4] = {1, 2, 4, 8};
	size_t count;
	const struct extmem_sim_nor_part *const *parts = extmem_sim_nor_parts(&count);
	static uint8_t out[256];
	fill(out, sizeof(out), 9);
	for (size_t i = 0; i < count; i++) {
		for (int w = 0; w < 4; w++) {
			for (int verify = 1; verify >= 0; verify--) {
				if (!verify && !has_error_flags(parts[i]))
					continue;
				struct nor_harness *h = up(parts[i], widths[w]);
				h->cfg.verify = verify;
				assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
				if (h->table[0].info.write_protected)
					assert_int_equal(extmem_nor_sfdp_unlock(&h->em, 0), EXTMEM_OK);
				uint32_t blk = h->table[0].info.erase_sizes[0];
				assert_int_equal(extmem_erase(&h->em, 0, 0, blk), EXTMEM_OK);
				assert_int_equal(extmem_write(&h->em, 0, 0, out, sizeof(out)), EXTMEM_OK);
				h->model->faults.fail_program = true;
				int perr = extmem_write(&h->em, 0, 0x100, out, sizeof(out));
				h->model->faults.fail_program = false;
				h->model->faults.fail_erase = true;
				int eerr = extmem_erase(&h->em, 0, 0, blk);
				h->model->faults.fail_erase = false;
				printf("  %-13s x%u verify %d: program %s, erase %s\n", parts[i]->name, widths[w],
				       verify, extmem_status_name(perr), extmem_status_name(eerr));
				assert_int_not_equal(perr, EXTMEM_OK);
				assert_int_not_equal(eerr, EXTMEM_OK);
			}
		}
	}
}

/* ---- #6: only protocols the link carries -------------------------------------- */

static void a_link_without_dqs_never_gets_8d(void **state)
{
	(void)state;
	const struct extmem_sim_nor_part *parts[] = {&extmem_sim_part_mx66uw1g45g, &extmem_sim_part_mx25uw25645g,
						     &extmem_sim_part_mx25lm51245g};
	for (size_t i = 0; i < 3; i++) {
		struct nor_harness *h = up(parts[i], 8);
		h->cfg.link.dqs_wired = false;
		assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
		assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8S_8S_8S);
		round_trip(h, 0x2000, 300);
		assert_no_violations(h);
	}
}

/* ---- #7: warm reset --------------------------------------------------------------- */

/*
 * An octal part whose 8D commands repeat the opcode as extension (the
 * "same" form of BFPT DWORD 18, as the Micron MT35X uses): a stricter copy
 * of the MX66UW1G45G that expects it, with its SFDP saying so. Left in 8D by
 * a previous boot, it only takes a reset in that form. The inverted reset
 * the driver must also send first (the dialect is unknown before SFDP) is
 * the one thing the model may record, as ignored commands.
 */
static void an_octal_part_with_the_same_command_extension_left_in_8d_is_reset(void **state)
{
	(void)state;
	static struct extmem_sim_nor_part same;
	same = extmem_sim_part_mx66uw1g45g;
	same.octal_ext_same = true;
	struct nor_harness *h = up(&same, 8);
	load_image(&same);
	uint32_t t = table(0xFF00);
	assert_int_equal((dw(t, 18) >> 29) & 3u, 1u); /* inverted */
	set_dw(t, 18, dw(t, 18) & ~(3u << 29));
	serve_image(h);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_no_violations(h);
	/* Warm reset of the MCU: the part stays in 8D. */
	assert_int_equal(extmem_sim_nor_proto(h->model), EXTMEM_SIM_NOR_8D8D8D);
	h->table[0].state = EXTMEM_STATE_OFF;
	int err = extmem_init(&h->em, 0);
	printf("  re-init -> %s, %s, %u violations (%u opcode-ext)\n", extmem_status_name(err),
	       extmem_protocol_name(h->table[0].info.protocol), (unsigned)h->model->base.violations,
	       (unsigned)extmem_sim_nor_violations(h->model, EXTMEM_SIM_NOR_RULE_OPCODE_EXT));
	assert_int_equal(err, EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_true(h->model->base.violations <= 2);
	assert_int_equal(h->model->base.violations,
			 extmem_sim_nor_violations(h->model, EXTMEM_SIM_NOR_RULE_OPCODE_EXT));
	extmem_sim_nor_clear_violations(h->model);
	round_trip(h, 0x5000, 128);
	assert_no_violations(h);
}

/*
 * A port in front of the model in which, after a reset (99h), the part
 * answers nothing (its outputs float: FFh) for a recovery time: 12 ms, the
 * order of a reset that aborts an erase on the octal parts' datasheets.
 */
struct trst_port {
	struct extmem_host_xspi *host;
	uint64_t until_ps;
	uint64_t trst_ps;
	struct extmem_sim_clock *clock;
};

static struct trst_port trst;

static int trst_execute(void *ctx, const struct extmem_xspi_op *op)
{
	struct trst_port *t = ctx;
	uint8_t opc = (uint8_t)(op->cmd.nbytes == 2 ? op->cmd.opcode >> 8 : op->cmd.opcode);
	bool floating = t->clock->now_ps < t->until_ps;
	int err = extmem_host_xspi_ops.execute(t->host, op);
	if (floating && op->data.dir == EXTMEM_XSPI_DATA_IN)
		memset(op->data.buf.in, 0xFF, op->data.len);
	if (opc == 0x99)
		t->until_ps = t->clock->now_ps + t->trst_ps;
	return err;
}

static int trst_set_clock(void *ctx, uint32_t hz, uint32_t *actual)
{
	return extmem_host_xspi_ops.set_clock(((struct trst_port *)ctx)->host, hz, actual);
}

static uint32_t trst_time_us(void *ctx)
{
	return extmem_host_xspi_ops.time_us(((struct trst_port *)ctx)->host);
}

static const struct extmem_xspi_ops trst_ops = {
	.execute = trst_execute, .set_clock = trst_set_clock, .time_us = trst_time_us};

static void after_a_reset_the_part_is_polled_up_to_its_recovery_time(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_w25q128jv, 4);
	trst = (struct trst_port){.host = &h->port, .trst_ps = 12000000000ull, .clock = &h->clock};
	h->cfg.link.ops = &trst_ops;
	h->cfg.link.ctx = &trst;
	uint64_t t0 = h->clock.now_ps;
	int err = extmem_init(&h->em, 0);
	uint64_t slow = h->clock.now_ps - t0;
	printf("  init -> %s after %llu us\n", extmem_status_name(err), (unsigned long long)(slow / 1000000u));
	assert_int_equal(err, EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_1S_4S_4S);
	/* And a part that answers at once is not kept waiting for the worst case. */
	struct nor_harness *g = up(&extmem_sim_part_w25q128jv, 4);
	t0 = g->clock.now_ps;
	assert_int_equal(extmem_init(&g->em, 0), EXTMEM_OK);
	uint64_t fast = g->clock.now_ps - t0;
	printf("  a part that answers at once: init in %llu us\n", (unsigned long long)(fast / 1000000u));
	assert_true(fast + 11000000000ull <= slow); /* the recovery time is waited only when the part needs it */
}

/* Every exit from init leaves the part in 1S-1S-1S, failures included. */
static void a_failed_init_leaves_the_part_in_single_line_mode(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(extmem_sim_nor_proto(h->model), EXTMEM_SIM_NOR_8D8D8D);
	/* Re-init from 8D with an SFDP signature that no longer reads "SFDP". */
	h->table[0].state = EXTMEM_STATE_OFF;
	h->model->faults.sfdp_flip = 0;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_FORMAT);
	assert_int_equal(extmem_sim_nor_proto(h->model), EXTMEM_SIM_NOR_1S1S1S);
	assert_int_equal(h->data.stage, EXTMEM_NOR_STAGE_SFDP);
}

/* ---- #8: write protection per family ------------------------------------------ */

/* W25Q128JV SR1 bit 5 is TB (top/bottom), not a protect bit: BP2..0 = 0 protects nothing. */
static void winbond_tb_alone_is_not_write_protection(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_w25q128jv, 4);
	h->model->sr = 0x20;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_false(h->table[0].info.write_protected);
	round_trip(h, 0x4000, 256);
	assert_int_equal(h->model->sr & 0x20, 0x20); /* TB left as it was */
	assert_no_violations(h);
}

/* MT25QL256 BP3 is SR bit 6: set alone it protects, and unlock clears it. */
static void micron_bp3_is_reported_and_cleared(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mt25ql256, 4);
	h->model->sr = 0x40;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_true(h->table[0].info.write_protected);
	assert_int_equal(extmem_nor_sfdp_unlock(&h->em, 0), EXTMEM_OK);
	assert_false(h->table[0].info.write_protected);
	assert_int_equal(h->model->sr & 0x5C, 0);
	round_trip(h, h->table[0].info.size - 4096, 256);
	assert_no_violations(h);
}

/* A tap that keeps the last status-register write (01h) seen on the wire. */
struct tap_port {
	struct extmem_host_xspi *host;
	uint8_t wrsr[4];
	uint32_t wrsr_len;
};

static struct tap_port tap;

static int tap_execute(void *ctx, const struct extmem_xspi_op *op)
{
	struct tap_port *t = ctx;
	if (op->cmd.nbytes == 1 && op->cmd.opcode == 0x01 && op->data.dir == EXTMEM_XSPI_DATA_OUT) {
		t->wrsr_len = op->data.len;
		memcpy(t->wrsr, op->data.buf.out, op->data.len < 4 ? op->data.len : 4);
	}
	return extmem_host_xspi_ops.execute(t->host, op);
}

static int tap_set_clock(void *ctx, uint32_t hz, uint32_t *actual)
{
	return extmem_host_xspi_ops.set_clock(((struct tap_port *)ctx)->host, hz, actual);
}

static uint32_t tap_time_us(void *ctx)
{
	return extmem_host_xspi_ops.time_us(((struct tap_port *)ctx)->host);
}

static const struct extmem_xspi_ops tap_ops = {
	.execute = tap_execute, .set_clock = tap_set_clock, .time_us = tap_time_us};

/*
 * QER 001 (JESD216 BFPT DWORD 15): a one-byte WRSR clears status register 2
 * and QE with it. The W25Q128JV image served with QER 001: unlocking while
 * reads run quad must write SR1 with a second byte that keeps QE (bit 1).
 */
static void unlocking_a_qer_001_part_keeps_quad_enable(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_w25q128jv, 4);
	load_image(&extmem_sim_part_w25q128jv);
	uint32_t t = table(0xFF00);
	set_dw(t, 15, (dw(t, 15) & ~(7u << 20)) | 1u << 20);
	serve_image(h);
	h->model->sr = 0x1C; /* BP2..0: the whole array */
	tap = (struct tap_port){.host = &h->port};
	h->cfg.link.ops = &tap_ops;
	h->cfg.link.ctx = &tap;
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_1S_4S_4S);
	assert_true(h->table[0].info.write_protected);
	assert_int_equal(extmem_nor_sfdp_unlock(&h->em, 0), EXTMEM_OK);
	assert_int_equal(tap.wrsr_len, 2);
	assert_int_equal(tap.wrsr[0] & 0x1C, 0);
	assert_int_equal(tap.wrsr[1] & 0x02, 0x02);
	round_trip(h, 0x6000, 256);
}

/* ---- #9: addresses ----------------------------------------------------------------- */

/*
 * A 16 MiB part whose BFPT says 4-byte addresses only (DWORD 1 bits 18:17 =
 * 10b): never addressed with 3 bytes. The model is made from that image with
 * our parser (consistency, not correctness: no named part is 4-byte-only).
 */
static void a_four_byte_only_part_is_never_addressed_with_three_bytes(void **state)
{
	(void)state;
	static struct extmem_sim_nor_sfdp_part sp;
	load_image(&extmem_sim_part_w25q128jv);
	uint32_t t = table(0xFF00);
	set_dw(t, 1, (dw(t, 1) & ~(3u << 17)) | 2u << 17);
	assert_int_equal(extmem_sim_nor_part_from_sfdp(img, img_len, 0xEF4018u, &sp), EXTMEM_OK);
	nor_harness_down(&harness);
	memset(&harness, 0, sizeof(harness));
	harness.model = extmem_sim_nor_create_sfdp(&sp, &harness.clock, NULL, NULL);
	assert_int_equal(nor_harness_wire(&harness, 4, 200000000u), EXTMEM_OK);
	assert_int_equal(extmem_init(&harness.em, 0), EXTMEM_OK);
	round_trip(&harness, 0x7000, 256);
	assert_int_equal(extmem_sim_nor_violations(harness.model, EXTMEM_SIM_NOR_RULE_ADDR_WIDTH), 0);
	assert_no_violations(&harness);
	nor_harness_down(&harness);
	extmem_sim_nor_sfdp_part_free(&sp);
}

/* A density above 4 GiB (BFPT DWORD 2: 2^36 bits) is refused: 32-bit addresses would wrap. */
/*
 * Multi-configuration sector maps run their detection commands. The
 * S25FL128S 64 KiB-sector option keeps 32 x 4 KiB parameter sectors at the
 * bottom, or at the top when CR1 TBPARM (bit 2) is set (datasheet facts);
 * 20h anywhere else is ignored by the part. Its image's map has two
 * configurations chosen by 35h mask 04h. Whichever way TBPARM is set, a
 * 4 KiB erase in the parameter area erases exactly those 4 KiB, a 4 KiB
 * erase in the 64 KiB area is refused (the part cannot do it), and 64 KiB
 * erases on either side erase exactly their range; nothing else changes.
 */
static uint8_t smap_before[16u << 20];

static void erase_exactly(struct nor_harness *h, uint32_t at, uint32_t len, int want)
{
	memcpy(smap_before, h->model->array, sizeof(smap_before));
	int err = extmem_erase(&h->em, 0, at, len);
	if (err != want)
		fail_msg("erase 0x%x+0x%x -> %s, want %s", at, len, extmem_status_name(err), extmem_status_name(want));
	if (err == EXTMEM_OK)
		memset(smap_before + at, 0xFF, len);
	assert_memory_equal(h->model->array, smap_before, sizeof(smap_before));
}

static void a_multi_configuration_sector_map_is_detected_and_erases_only_the_range(void **state)
{
	(void)state;
	for (int top = 0; top <= 1; top++) {
		struct nor_harness *h = up(&extmem_sim_part_s25fl128s_64k, 4);
		assert_int_equal(h->model->part->size, sizeof(smap_before));
		h->model->cr |= top ? 0x04 : 0; /* CR1 TBPARM */
		fill(h->model->array, h->model->part->size, 5);
		assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
		assert_int_equal(h->data.smap_index, top);
		assert_false(h->table[0].info.uniform_erase);
		uint32_t param = top ? (16u << 20) - (128u << 10) : 0;      /* the 4 KiB sectors */
		uint32_t big = top ? 0x40000u : (16u << 20) - (256u << 10); /* a 64 KiB area */
		printf("  TBPARM %d: parameter sectors at 0x%06x\n", top, param);
		erase_exactly(h, param + 0x3000, 0x1000, EXTMEM_OK);
		erase_exactly(h, param + 0x10000, 0x10000, EXTMEM_OK); /* sixteen 4 KiB erases */
		erase_exactly(h, big + 0x1000, 0x1000, EXTMEM_ERR_MISALIGNED);
		erase_exactly(h, big, 0x1000, EXTMEM_ERR_MISALIGNED);
		erase_exactly(h, big + 0x10000, 0x10000, EXTMEM_OK);
		assert_no_violations(h);
	}
}

/*
 * The S25FL128S's JESD216 1.0 table has no quad enable requirement, while
 * its quad reads need CR1 QUAD (bit 1, datasheet): the fix-up gives
 * requirement 101b, so the driver sets QUAD through WRR's second byte and
 * reaches 1S-4S-4S without ever sending a quad read the part would garble.
 */
static void an_s25fl_s_gets_quad_reads_through_cr1_without_violations(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_s25fl128s, 4);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	printf("  %s, CR1 %02Xh\n", extmem_protocol_name(h->table[0].info.protocol), h->model->cr);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_1S_4S_4S);
	assert_int_equal(h->model->cr & 0x02, 0x02);
	assert_no_violations(h);
	static uint8_t out[512], in[512];
	fill(out, sizeof(out), 4);
	assert_int_equal(extmem_erase(&h->em, 0, 0x40000, 0x40000), EXTMEM_OK); /* its 256 KiB sectors */
	assert_int_equal(extmem_write(&h->em, 0, 0x40000, out, sizeof(out)), EXTMEM_OK);
	assert_int_equal(extmem_read(&h->em, 0, 0x40000, in, sizeof(in)), EXTMEM_OK);
	assert_memory_equal(in, out, sizeof(in));
	assert_memory_equal(h->model->array + 0x40000, out, sizeof(out));
	assert_no_violations(h);
}

static void a_density_above_4_gib_is_refused(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	load_image(&extmem_sim_part_mx66uw1g45g);
	set_dw(table(0xFF00), 2, 0x80000000u | 36u);
	serve_image(h);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_ERR_FORMAT);
	assert_int_equal(h->data.stage, EXTMEM_NOR_STAGE_GEOMETRY);
}

/* ---- #10: octal latency for the clock reached -------------------------------------- */

/*
 * A part with no 200 MHz grade: a copy of the MX66UW1G45G whose latency
 * field at reset (code 0) means 16 cycles up to 166 MHz, with an xSPI
 * profile listing 166 MHz / 16 (pattern 0), 133 / 12 and 100 / 10 (the
 * MX66UW1G45G's own points), on a 200 MHz link whose divider reaches 200
 * or 100 MHz. The driver must stay at or below 166 MHz with the count the
 * profile gives for the clock it reached.
 */
static void a_part_without_a_200_mhz_grade_gets_the_count_for_the_clock_reached(void **state)
{
	(void)state;
	static struct extmem_sim_nor_part slow;
	slow = extmem_sim_part_mx66uw1g45g;
	slow.dummy_steps[0] = (struct extmem_sim_nor_dummy_step){16, 166000000u};
	slow.dummy_steps[2] = (struct extmem_sim_nor_dummy_step){16, 166000000u};
	struct nor_harness *h = up(&slow, 8);
	load_image(&slow);
	uint32_t t = table(0xFF05);
	set_dw(t, 4, dw(t, 4) & ~0xFFCu); /* no 200 MHz entry */
	uint32_t d5 = dw(t, 5) & 0x1FFFFu;
	set_dw(t, 5, d5 | 16u << 27 | 0u << 22); /* 166 MHz: 16 cycles, pattern 0 */
	serve_image(h);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	const struct extmem_info *i = &h->table[0].info;
	printf("  %s at %u MHz, %u dummy cycles\n", extmem_protocol_name(i->protocol),
	       (unsigned)(i->clock_hz / 1000000u), i->dummy_cycles);
	assert_int_equal(i->protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_true(i->clock_hz <= 166000000u);
	uint8_t want = i->clock_hz > 133000000u ? 16 : i->clock_hz > 100000000u ? 12 : 10;
	assert_int_equal(i->dummy_cycles, want);
	round_trip(h, 0x9000, 512);
	assert_no_violations(h);
}

/* Single bytes in 8D, at even and odd addresses and at a page's last byte: DTR pairs padded with FFh. */
static void single_bytes_program_correctly_in_8d(void **state)
{
	(void)state;
	struct nor_harness *h = up(&extmem_sim_part_mx66uw1g45g, 8);
	assert_int_equal(extmem_init(&h->em, 0), EXTMEM_OK);
	assert_int_equal(h->table[0].info.protocol, EXTMEM_PROTO_8D_8D_8D);
	assert_int_equal(extmem_erase(&h->em, 0, 0xA000, 4096), EXTMEM_OK);
	static const uint32_t at[] = {0xA000, 0xA003, 0xA0FF, 0xA100, 0xA1FE};
	for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		uint8_t v = (uint8_t)(0x11u * (k + 1u)), r = 0;
		assert_int_equal(extmem_write(&h->em, 0, at[k], &v, 1), EXTMEM_OK);
		assert_int_equal(h->model->array[at[k]], v);
		assert_int_equal(extmem_read(&h->em, 0, at[k], &r, 1), EXTMEM_OK);
		assert_int_equal(r, v);
	}
	for (uint32_t a = 0xA000; a < 0xA200; a++) {
		bool written = false;
		for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++)
			written = written || a == at[k];
		if (!written)
			assert_int_equal(h->model->array[a], 0xFF);
	}
	assert_no_violations(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(an_octal_entry_writing_the_wrong_value_falls_back_to_a_working_protocol,
					  teardown),
		cmocka_unit_test_teardown(entry_sequences_wait_for_ready_after_each_register_write, teardown),
		cmocka_unit_test_teardown(a_wrong_read_latency_on_blank_flash_never_returns_wrong_data, teardown),
		cmocka_unit_test_teardown(the_8d_proof_reads_the_sfdp_signature_in_the_datasheet_form, teardown),
		cmocka_unit_test_teardown(a_part_swapping_8d_bytes_against_its_table_is_not_left_in_8d_on_blank_flash,
					  teardown),
		cmocka_unit_test_teardown(failed_program_and_erase_return_a_status_on_every_part_and_width, teardown),
		cmocka_unit_test_teardown(a_link_without_dqs_never_gets_8d, teardown),
		cmocka_unit_test_teardown(an_octal_part_with_the_same_command_extension_left_in_8d_is_reset, teardown),
		cmocka_unit_test_teardown(after_a_reset_the_part_is_polled_up_to_its_recovery_time, teardown),
		cmocka_unit_test_teardown(a_failed_init_leaves_the_part_in_single_line_mode, teardown),
		cmocka_unit_test_teardown(winbond_tb_alone_is_not_write_protection, teardown),
		cmocka_unit_test_teardown(micron_bp3_is_reported_and_cleared, teardown),
		cmocka_unit_test_teardown(unlocking_a_qer_001_part_keeps_quad_enable, teardown),
		cmocka_unit_test_teardown(a_four_byte_only_part_is_never_addressed_with_three_bytes, teardown),
		cmocka_unit_test_teardown(a_density_above_4_gib_is_refused, teardown),
		cmocka_unit_test_teardown(an_s25fl_s_gets_quad_reads_through_cr1_without_violations, teardown),
		cmocka_unit_test_teardown(a_multi_configuration_sector_map_is_detected_and_erases_only_the_range,
					  teardown),
		cmocka_unit_test_teardown(a_part_without_a_200_mhz_grade_gets_the_count_for_the_clock_reached,
					  teardown),
		cmocka_unit_test_teardown(single_bytes_program_correctly_in_8d, teardown),
	};
	if (getenv("TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	return cmocka_run_group_tests_name("nor_defects", tests, NULL, NULL);
}
