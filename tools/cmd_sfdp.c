/* SPDX-License-Identifier: MIT */
/*
 * `extmem sfdp decode FILE|- [--json] [--id JEDECID]`: decodes an SFDP image
 * (raw bytes, or the `xxd -p` hex dump of them; - = standard input) into a report laid out like
 * a datasheet's SFDP chapter, or into JSON.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "extmem/sfdp.h"
#include "sfdp_json.h"

#define SFDP_FILE_MAX (16u * 1024u * 1024u + 4096u) /* 24-bit SFDP space + slack */

static const struct extmem_opt sfdp_opts[] = {
	{"json", 0, NULL, "one JSON object instead of the report (see docs/sfdp.md)"},
	{"id", 0, "JEDECID", "apply the fix-ups for this JEDEC ID: 6 hex digits, e.g. C2813B"},
};
#define SFDP_NOPTS (sizeof(sfdp_opts) / sizeof(sfdp_opts[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: extmem sfdp decode FILE|- [--json] [--id JEDECID]\n\n"
		     "Decodes a JESD216 SFDP image: raw bytes from address 0, or the same\n"
		     "bytes as an `xxd -p` hex dump; FILE - reads standard input. Prints a\n"
		     "report of every table, or JSON with --json.\n\n"
		     "options:\n");
	extmem_args_print_options(out, sfdp_opts, SFDP_NOPTS);
	fprintf(out, "\nexit status: 0 decoded; 1 the file is not a usable SFDP image (unreadable, empty,\n"
		     "truncated, bad signature or tables); 2 bad arguments; 6 the output could not be written.\n");
}

static const char *access_protocol(uint8_t ap)
{
	if (ap == 0xff)
		return "legacy: 1S-1S-1S, 3-byte address, 8 wait states";
	if (ap >= 0xf0 && ap <= 0xfe)
		return "xSPI-era access protocol (JESD216D+), see the part's datasheet";
	return "reserved";
}

static const char *qer_text(uint8_t q)
{
	static const char *const t[8] = {"no quad enable bit (or IO2/IO3 enabled by other means)",
					 "QE = SR2 bit 1, written with 01h (2 bytes); writing 1 byte clears SR2",
					 "QE = SR1 bit 6, written with 01h (1 byte)",
					 "QE = SR2 bit 7, read 3Fh, written 3Eh",
					 "QE = SR2 bit 1, written with 01h (2 bytes); 1-byte write keeps SR2",
					 "QE = SR2 bit 1, read 35h, written with 01h (2 bytes)",
					 "QE = SR2 bit 1, read 35h, written with 31h (1 byte)",
					 "reserved (111b)"};
	return t[q & 7u];
}

static const char *addr_text(uint8_t a)
{
	static const char *const t[4] = {"3-byte only", "3-byte, 4-byte on entry", "4-byte only", "reserved"};
	return t[a & 3u];
}

static const char *octal_ext_text(uint8_t e)
{
	static const char *const t[4] = {"same as command", "inverted command", "reserved",
					 "16-bit command (command + extension)"};
	return t[e & 3u];
}

static void print_bits(const char *label, uint32_t mask, const char *const *names, unsigned n)
{
	printf("  %-34s", label);
	if (!mask) {
		printf("none\n");
		return;
	}
	const char *sep = "";
	for (unsigned i = 0; i < n; i++)
		if (mask & (1u << i)) {
			printf("%s%s", sep, names[i]);
			sep = "; ";
		}
	for (unsigned i = n; i < 32; i++)
		if (mask & (1u << i)) {
			printf("%sbit %u", sep, i);
			sep = "; ";
		}
	printf("\n");
}

static void print_size(uint64_t bytes)
{
	const uint64_t mib = (uint64_t)1 << 20;

	if (bytes >= mib && bytes % mib == 0)
		printf("%" PRIu64 " MiB", bytes / mib);
	else if (bytes >= 1024u && bytes % 1024u == 0)
		printf("%" PRIu64 " KiB", bytes / 1024u);
	else
		printf("%" PRIu64 " B", bytes);
}

static const char *const enter4_names[] = {"B7h",
					   "06h then B7h",
					   "extended address register",
					   "bank register bit 7",
					   "non-volatile config register (B5h/B1h)",
					   "dedicated 4-byte instructions",
					   "always 4-byte"};
static const char *const exit4_names[] = {"E9h",
					  "06h then E9h",
					  "extended address register",
					  "bank register bit 7",
					  "non-volatile config register (B5h/B1h)",
					  "hardware reset",
					  "software reset",
					  "power cycle"};
static const char *const reset_names[] = {
	"Fh on all lines 8 clocks", "Fh 10 clocks (4-byte mode)", "Fh 16 clocks", "F0h", "66h then 99h",
	"exit 0-4-4 first"};
static const char *const qpi_en_names[] = {"QE then 38h", "38h", "35h", "QE then 38h (per QER)",
					   "read 65h/800003h, set bit 6, write 71h"};
static const char *const qpi_dis_names[] = {"FFh", "F5h", "read-modify-write of CR bit 6", "soft reset 66h/99h"};
static const char *const opi_en_names[] = {"06h then E8h", "06h then 72h (addr 0, data 01h)",
					   "06h then 72h/CR write (see SCCR map)"};
static const char *const opi_dis_names[] = {"bit 0", "bit 1", "bit 2", "soft reset 66h/99h"};
static const char *const poll_names[] = {"status register 05h bit 0 (WIP)", "flag status 70h bit 7 (0 = busy)"};

static void report_bfpt(const struct extmem_sfdp_bfpt *b)
{
	static const char *const speeds[4] = {"4S-4S-4S", "4S-4D-4D", "8S-8S-8S", "8D-8D-8D"};

	printf("\nBasic Flash Parameter Table (rev %u.%u, %u DWORDs", b->major, b->minor, b->ndw_stated);
	if (b->ndw != b->ndw_stated)
		printf(", %u decoded", b->ndw);
	printf(")\n");
	printf("  %-34s", "density");
	print_size(b->size);
	printf(" (%" PRIu64 " Mbit)\n", b->size >> 17);
	printf("  %-34s%s%s\n", "address bytes", addr_text(b->addr_bytes),
	       b->addr4_only ? " (4-byte addresses only)" : "");
	printf("  %-34s%u bytes\n", "page size", b->page_size);
	printf("  %-34s%s\n", "write granularity", b->write_gran_64 ? ">= 64 bytes" : "1 byte");
	printf("  %-34s%s\n", "DTR clocking", b->dtr ? "supported" : "not supported");
	if (b->erase_4k)
		printf("  %-34s%02Xh\n", "4 KiB erase (DWORD 1)", b->erase_4k_opcode);
	printf("  erase types:\n");
	for (unsigned i = 0; i < 4; i++) {
		const struct extmem_sfdp_erase_type *e = &b->erase[i];
		if (!e->size)
			continue;
		printf("    type %u: ", i + 1);
		print_size(e->size);
		printf(", opcode %02Xh", e->opcode);
		if (e->opcode_4b)
			printf(" (4-byte %02Xh)", e->opcode_4b);
		if (e->typ_ms)
			printf(", typ %" PRIu32 " ms, max %" PRIu32 " ms", e->typ_ms, e->max_ms);
		printf("\n");
	}
	printf("  fast reads:\n");
	for (int m = 0; m < EXTMEM_SFDP_READ_COUNT; m++) {
		if (!(b->reads & (1u << m)))
			continue;
		printf("    %-9s opcode %02Xh, %u wait states, %u mode clocks\n", extmem_sfdp_read_name(m),
		       b->read[m].opcode, b->read[m].wait_states, b->read[m].mode_clocks);
	}
	if (!b->reads)
		printf("    only 1-1-1 (03h/0Bh)\n");
	if (b->ndw < 11)
		return;
	printf("  %-34styp %" PRIu32 " us, max %" PRIu32 " us\n", "page program", b->page_prog_typ_us,
	       b->page_prog_max_us);
	printf("  %-34sfirst %" PRIu32 " us, next %" PRIu32 " us (typ)\n", "byte program", b->byte_prog_first_typ_us,
	       b->byte_prog_next_typ_us);
	printf("  %-34styp %" PRIu32 " ms, max %" PRIu32 " ms\n", "chip erase", b->chip_erase_typ_ms,
	       b->chip_erase_max_ms);
	if (b->ndw >= 13) {
		if (b->suspend)
			printf("  %-34sprogram %02Xh/%02Xh, erase %02Xh/%02Xh; latency program %" PRIu32
			       " ns, erase %" PRIu32 " ns\n",
			       "suspend/resume", b->prog_suspend_op, b->prog_resume_op, b->erase_suspend_op,
			       b->erase_resume_op, b->prog_suspend_latency_ns, b->erase_suspend_latency_ns);
		else
			printf("  %-34snot supported\n", "suspend/resume");
	}
	if (b->ndw >= 14) {
		if (b->dpd)
			printf("  %-34senter %02Xh, exit %02Xh, exit delay %" PRIu32 " ns\n", "deep power-down",
			       b->dpd_enter_op, b->dpd_exit_op, b->dpd_exit_delay_ns);
		else
			printf("  %-34snot supported\n", "deep power-down");
		print_bits("busy polling", b->busy_poll, poll_names, 2);
	}
	if (b->ndw >= 15) {
		printf("  %-34s%u: %s\n", "quad enable requirement", b->qer, qer_text(b->qer));
		print_bits("4-4-4 enable", b->qpi_enable, qpi_en_names, 5);
		print_bits("4-4-4 disable", b->qpi_disable, qpi_dis_names, 4);
		printf("  %-34s%s\n", "0-4-4 mode", b->mode_044 ? "supported" : "not supported");
	}
	if (b->ndw >= 16) {
		print_bits("4-byte address entry", b->addr4_enter, enter4_names, 7);
		print_bits("4-byte address exit", b->addr4_exit, exit4_names, 8);
		print_bits("soft reset", b->soft_reset, reset_names, 6);
		printf("  %-34s0x%02X\n", "status register 1 write methods", b->sr1_write);
	}
	if (b->ndw >= 18) {
		printf("  %-34s%s\n", "8D-8D-8D command extension", octal_ext_text(b->octal_ext));
		printf("  %-34s%s\n", "8D-8D-8D byte order", b->octal_swapped ? "swapped" : "same as 1S-1S-1S");
		printf("  %-34s%s\n", "JEDEC in-band reset", b->inband_reset ? "supported" : "not supported");
		printf("  %-34s0x%02X\n", "output driver strengths", b->drive_strength);
	}
	if (b->ndw >= 19) {
		print_bits("8S-8S-8S enable", b->opi_enable, opi_en_names, 3);
		print_bits("8S-8S-8S disable", b->opi_disable, opi_dis_names, 4);
		printf("  %-34s%u\n", "octal enable requirement", b->oer);
	}
	if (b->ndw >= 20) {
		printf("  maximum speed (without / with data strobe):\n");
		for (unsigned i = 0; i < 4; i++) {
			printf("    %-9s", speeds[i]);
			for (unsigned ds = 0; ds < 2; ds++) {
				if (b->max_mhz[i][ds])
					printf(" %4u MHz", b->max_mhz[i][ds]);
				else
					printf("        -");
			}
			printf("\n");
		}
	}
}

static void report_optional(const struct extmem_sfdp *d)
{
	static const unsigned xspi_mhz[4] = {200, 166, 133, 100};

	if (d->has & EXTMEM_SFDP_HAS_4BAIT) {
		static const char *const n[] = {"13h read",
						"0Ch fast read",
						"3Ch 1-1-2",
						"BCh 1-2-2",
						"6Ch 1-1-4",
						"ECh 1-4-4",
						"12h program",
						"34h 1-1-4 program",
						"3Eh 1-4-4 program",
						"erase 1",
						"erase 2",
						"erase 3",
						"erase 4",
						"0Eh 1S-1D-1D",
						"BEh 1S-2D-2D",
						"EEh 1S-4D-4D",
						"E0h read volatile lock",
						"E1h write volatile lock",
						"E2h read NV lock",
						"E3h write NV lock",
						"7Ch 1-1-8",
						"CCh 1-8-8",
						"FDh 1S-8D-8D",
						"84h 1-1-8 program",
						"8Eh 1-8-8 program"};
		printf("\n4-byte Address Instruction Table\n");
		print_bits("instructions", d->bait.supported, n, 25);
		for (unsigned i = 0; i < 4; i++)
			if (d->bait.erase_opcode[i])
				printf("  erase type %u (4-byte)              %02Xh\n", i + 1, d->bait.erase_opcode[i]);
	}
	if (d->has & EXTMEM_SFDP_HAS_XSPI) {
		printf("\nxSPI Profile 1.0 (%u DWORDs)\n", d->xspi.ndw);
		printf("  %-34s%02Xh\n", "8D-8D-8D fast read", d->xspi.read_opcode);
		printf("  %-34s%u address bytes, %u dummy cycles\n", "read status in 8D-8D-8D", d->xspi.rdsr_addr_bytes,
		       d->xspi.rdsr_dummy);
		for (unsigned i = 0; i < 4; i++) {
			if (d->xspi.dummy[i])
				printf("  dummy cycles at %3u MHz            %u (pattern %02Xh)\n", xspi_mhz[i],
				       d->xspi.dummy[i], d->xspi.dummy_pattern[i]);
			else
				printf("  dummy cycles at %3u MHz            not given\n", xspi_mhz[i]);
		}
	}
	if (d->has & EXTMEM_SFDP_HAS_SCCR) {
		printf("\nStatus, Control and Configuration Register Map (%u DWORDs)\n", d->sccr.ndw);
		printf("  %-34svolatile %08" PRIX32 "h, non-volatile %08" PRIX32 "h\n", "register address offsets",
		       d->sccr.volatile_offset, d->sccr.nv_offset);
		for (int f = 0; f < EXTMEM_SFDP_SCCR_COUNT; f++) {
			const struct extmem_sfdp_sccr_bit *b = &d->sccr.bit[f];
			if (!b->present)
				continue;
			printf("  %-34sbit %u, read %02Xh", extmem_sfdp_sccr_field_name(f), b->bit, b->read_op);
			if (b->addressed)
				printf(" with address %08" PRIX32, b->reg_addr);
			if (b->write_op)
				printf(", write %02Xh", b->write_op);
			if (f == EXTMEM_SFDP_SCCR_DUMMY_VOLATILE || f == EXTMEM_SFDP_SCCR_DUMMY_NV)
				printf(", width code %u", b->width_code);
			else if (f < EXTMEM_SFDP_SCCR_DRIVER_VOLATILE)
				printf(", %s", b->active_high ? "1 = set" : "0 = set (inverted)");
			printf("%s\n", b->nonvolatile ? ", non-volatile register" : "");
		}
	}
	if (d->has & EXTMEM_SFDP_HAS_SCCR_MULTI) {
		printf("\nSCCR Map for multi-chip devices (%u DWORDs, raw)\n ", d->sccr_multi.ndw);
		for (unsigned i = 0; i < d->sccr_multi.nkept; i++)
			printf(" %08" PRIX32, d->sccr_multi.dw[i]);
		printf("\n");
	}
	if (d->has & EXTMEM_SFDP_HAS_ODDR) {
		printf("\nCommand Sequences to Octal DDR (8D-8D-8D)\n");
		for (unsigned s = 0; s < EXTMEM_SFDP_MAX_ODDR_SEQ; s++) {
			if (!d->oddr[s].len)
				continue;
			printf("  sequence %u:", s + 1);
			for (unsigned i = 0; i < d->oddr[s].len; i++)
				printf(" %02X", d->oddr[s].cmd[i]);
			printf("\n");
		}
	}
	if (d->has & EXTMEM_SFDP_HAS_SMAP) {
		const struct extmem_sfdp_smap *m = &d->smap;
		printf("\nSector Map\n");
		for (unsigned i = 0; i < m->ndetect; i++) {
			const struct extmem_sfdp_smap_detect *c = &m->detect[i];
			const char *alen = c->addr_len == 0xff ? "current address length"
					   : c->addr_len == 4  ? "4-byte address"
					   : c->addr_len == 3  ? "3-byte address"
							       : "no address";
			printf("  detect %u: opcode %02Xh, address %08" PRIX32 " (%s), ", i + 1, c->opcode, c->addr,
			       alen);
			if (c->dummy == 0x0f)
				printf("variable dummy");
			else
				printf("%u dummy", c->dummy);
			printf(", mask %02Xh -> configuration ID bit %u\n", c->mask, m->ndetect - 1u - i);
		}
		for (unsigned c = 0; c < m->nconfigs; c++) {
			const struct extmem_sfdp_smap_config *cf = &m->config[c];
			uint64_t at = 0;
			printf("  configuration %u: %u regions, ", cf->id, cf->nregions);
			print_size(cf->total);
			printf("%s\n", cf->total == d->bfpt.size ? "" : " (differs from the density)");
			for (unsigned r = 0; r < cf->nregions; r++) {
				const struct extmem_sfdp_smap_region *rg = &m->region[cf->first + r];
				printf("    %08" PRIX64 "-%08" PRIX64 " ", at, at + rg->size - 1u);
				print_size(rg->size);
				printf(", erase types:");
				for (unsigned t = 0; t < 4; t++)
					if (rg->erase_mask & (1u << t))
						printf(" %u", t + 1);
				printf("\n");
				at += rg->size;
			}
		}
		if (m->truncated)
			printf("  (more descriptors than the parser keeps: the rest are not shown)\n");
	}
}

static void report(const struct extmem_sfdp *d, uint32_t jedec, int have_id)
{
	printf("SFDP revision %u.%u, %u parameter header%s, access protocol %02Xh (%s)\n", d->major, d->minor,
	       d->nheaders, d->nheaders == 1 ? "" : "s", d->access_protocol, access_protocol(d->access_protocol));
	printf("\nParameter headers\n");
	for (unsigned i = 0; i < d->ntables; i++) {
		const struct extmem_sfdp_table *t = &d->table[i];
		printf("  %2u: %04Xh rev %u.%u, %3u DWORDs at %06" PRIX32 "  %-46s %s\n", i, t->id, t->major, t->minor,
		       t->ndw, t->ptr, extmem_sfdp_table_name(t->id), extmem_sfdp_table_state_name(t->state));
	}
	if (d->nheaders > d->ntables)
		printf("  (%u more headers not listed)\n", (unsigned)(d->nheaders - d->ntables));
	report_bfpt(&d->bfpt);
	report_optional(d);
	if (have_id) {
		printf("\nFix-ups for JEDEC ID %06" PRIX32 ":", jedec);
		int any = 0;
		for (unsigned i = 0; extmem_sfdp_fixup_name(i); i++)
			if (d->fixups & (1u << i)) {
				printf("\n  %s", extmem_sfdp_fixup_name(i));
				any = 1;
			}
		printf("%s\n", any ? "" : " none");
	}
}

/* "C2813B": exactly 6 hex digits, no 0x, no sign. Returns 0 or -1 after the message. */
static int parse_jedec(const struct extmem_args *a, const char *text, uint32_t *out)
{
	uint32_t v = 0;
	size_t n = 0;
	for (; n < 7 && text[n] != '\0'; n++) {
		int d = isdigit((unsigned char)text[n])    ? text[n] - '0'
			: isxdigit((unsigned char)text[n]) ? (tolower((unsigned char)text[n]) - 'a' + 10)
							   : -1;
		if (d < 0)
			break;
		v = v << 4 | (uint32_t)d;
	}
	if (n != 6 || text[n] != '\0') {
		extmem_args_error(a, "--id: '%s' is not a JEDEC ID (6 hex digits: manufacturer, type, capacity)", text);
		return -1;
	}
	*out = v;
	return 0;
}

int extmem_cmd_sfdp(int argc, char **argv)
{
	struct extmem_args a;
	if (extmem_args_parse(&a, "extmem sfdp", sfdp_opts, SFDP_NOPTS, argc, argv) != 0)
		return EXTMEM_EXIT_USAGE;
	if (a.help) {
		usage(stdout);
		return EXTMEM_EXIT_OK;
	}
	if (a.npos == 0) {
		extmem_args_error(&a, "a subcommand is needed: decode FILE|- (see --help)");
		return EXTMEM_EXIT_USAGE;
	}
	if (strcmp(a.pos[0], "decode") != 0) {
		extmem_args_error(&a, "unknown subcommand '%s' (known: decode; see --help)", a.pos[0]);
		return EXTMEM_EXIT_USAGE;
	}
	if (a.npos < 2) {
		extmem_args_error(&a, "decode: FILE is missing (a path, or - for standard input)");
		return EXTMEM_EXIT_USAGE;
	}
	if (a.npos > 2) {
		extmem_args_error(&a, "unexpected argument '%s' (FILE is '%s')", a.pos[2], a.pos[1]);
		return EXTMEM_EXIT_USAGE;
	}
	const char *file = a.pos[1];
	const char *id = extmem_args_get(&a, "id");
	uint32_t jedec = 0;
	if (id != NULL && parse_jedec(&a, id, &jedec) != 0)
		return EXTMEM_EXIT_USAGE;
	size_t len = 0;
	uint8_t *img = extmem_tool_load_image(file, SFDP_FILE_MAX, &len, "extmem sfdp");
	if (!img)
		return EXTMEM_EXIT_FAILED;
	struct extmem_sfdp desc;
	int rc = extmem_sfdp_parse(img, len, &desc);
	free(img);
	if (rc != EXTMEM_OK) {
		fprintf(stderr, "extmem sfdp: '%s' is not a usable SFDP image: %s (at byte %" PRIu32 ")\n", file,
			extmem_sfdp_error_name(desc.error), desc.error_offset);
		return EXTMEM_EXIT_FAILED;
	}
	if (id != NULL)
		extmem_sfdp_apply_fixups(&desc, jedec);
	if (extmem_args_flag(&a, "json")) {
		if (extmem_tool_sfdp_json(&desc, len) != 0) {
			fprintf(stderr, "extmem sfdp: the JSON could not be built or written (out of memory?)\n");
			return EXTMEM_EXIT_INTERNAL;
		}
	} else {
		report(&desc, jedec, id != NULL);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "extmem sfdp: standard output could not be written\n");
		return EXTMEM_EXIT_INTERNAL;
	}
	return EXTMEM_EXIT_OK;
}
