/* SPDX-License-Identifier: MIT */
/*
 * `extmem sfdp decode --json`: every field the parser decodes.
 *
 * Two layers of keys. The first ("sfdp", "tables", "bfpt".size/erase/reads,
 * "xspi", "4bait".supported, "octal_ddr_sequences", "sector_map".configs,
 * "fixups") is the tool's original layout, kept for scripts. The second
 * uses the names and units of the independent golden decodes described in
 * ../shared/sfdp-dumps/README.md (times in microseconds unless the name
 * says otherwise), so tests/sfdp/golden_compare.py can compare field by
 * field. Fields are emitted only when the table holds the DWORD they come
 * from.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "extmem/sfdp.h"
#include "sfdp_json.h"

/* ---- a builder on cJSON: the same calls as the old writer, so the shape cannot drift ---- */

#define JW_DEPTH 16

struct jw {
	int depth;
	cJSON *stack[JW_DEPTH];
	bool failed; /* out of memory: nothing is printed */
};

/* Adds item under the innermost open container, as member k of an object or an element of an array. */
static void put(struct jw *w, const char *k, cJSON *item)
{
	if (item == NULL) {
		w->failed = true;
		return;
	}
	if (w->depth == 0) {
		cJSON_Delete(item); /* only the root opens at depth 0 */
		w->failed = true;
		return;
	}
	cJSON *parent = w->stack[w->depth - 1];
	bool ok = cJSON_IsArray(parent) || k == NULL ? cJSON_AddItemToArray(parent, item)
						     : cJSON_AddItemToObject(parent, k, item);
	if (!ok) {
		cJSON_Delete(item);
		w->failed = true;
	}
}

static void open_(struct jw *w, const char *k, cJSON *c)
{
	if (c == NULL || w->depth == JW_DEPTH) {
		cJSON_Delete(c);
		w->failed = true;
		return;
	}
	if (w->depth > 0)
		put(w, k, c);
	w->stack[w->depth++] = c;
}

static void obj(struct jw *w, const char *k)
{
	open_(w, k, cJSON_CreateObject());
}

static void arr(struct jw *w, const char *k)
{
	open_(w, k, cJSON_CreateArray());
}

static void end(struct jw *w, char c)
{
	(void)c; /* the closing bracket, kept to read like the JSON it builds */
	if (w->depth > 1)
		w->depth--;
}

static void num(struct jw *w, const char *k, uint64_t v)
{
	/* every value here fits a double exactly (at most 2^37: a 16 Gbit density in bits) */
	put(w, k, cJSON_CreateNumber((double)v));
}

static void flag(struct jw *w, const char *k, bool v)
{
	put(w, k, cJSON_CreateBool(v));
}

static void str(struct jw *w, const char *k, const char *v)
{
	put(w, k, cJSON_CreateString(v));
}

static void revision(struct jw *w, uint8_t major, uint8_t minor)
{
	char text[8];
	snprintf(text, sizeof(text), "%u.%u", major, minor);
	str(w, "revision", text);
}

/* ---- the original layout ---- */

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

static void original_bfpt(struct jw *w, const struct extmem_sfdp_bfpt *b)
{
	num(w, "major", b->major);
	num(w, "minor", b->minor);
	num(w, "dwords", b->ndw_stated);
	num(w, "size", b->size);
	str(w, "addr_bytes", addr_text(b->addr_bytes));
	num(w, "page_size", b->page_size);
	flag(w, "dtr", b->dtr);
	obj(w, "reads");
	for (int m = 0; m < EXTMEM_SFDP_READ_COUNT; m++) {
		if (!(b->reads & (1u << m)))
			continue;
		obj(w, extmem_sfdp_read_name(m));
		num(w, "opcode", b->read[m].opcode);
		num(w, "wait_states", b->read[m].wait_states);
		num(w, "mode_clocks", b->read[m].mode_clocks);
		end(w, '}');
	}
	end(w, '}');
	arr(w, "erase");
	for (unsigned i = 0; i < 4; i++) {
		const struct extmem_sfdp_erase_type *e = &b->erase[i];
		if (!e->size)
			continue;
		obj(w, NULL);
		num(w, "type", i + 1u);
		num(w, "size", e->size);
		num(w, "opcode", e->opcode);
		num(w, "opcode_4b", e->opcode_4b);
		num(w, "typ_ms", e->typ_ms);
		num(w, "max_ms", e->max_ms);
		end(w, '}');
	}
	end(w, ']');
	/* page_size, page_program_*_us and qer have the golden names and units already. */
	num(w, "page_program_typ_us", b->page_prog_typ_us);
	num(w, "page_program_max_us", b->page_prog_max_us);
	num(w, "chip_erase_typ_ms", b->chip_erase_typ_ms);
	num(w, "chip_erase_max_ms", b->chip_erase_max_ms);
	num(w, "qer", b->qer);
	num(w, "qpi_enable", b->qpi_enable);
	num(w, "qpi_disable", b->qpi_disable);
	num(w, "opi_enable", b->opi_enable);
	num(w, "opi_disable", b->opi_disable);
	num(w, "addr4_enter", b->addr4_enter);
	num(w, "addr4_exit", b->addr4_exit);
	num(w, "soft_reset", b->soft_reset);
	num(w, "busy_poll", b->busy_poll);
	str(w, "octal_ext", octal_ext_text(b->octal_ext));
	flag(w, "octal_swapped", b->octal_swapped);
	arr(w, "max_mhz");
	for (unsigned i = 0; i < 4; i++) {
		arr(w, NULL);
		num(w, NULL, b->max_mhz[i][0]);
		num(w, NULL, b->max_mhz[i][1]);
		end(w, ']');
	}
	end(w, ']');
	flag(w, "addr4_only", b->addr4_only);
	num(w, "min_erase_size", b->min_erase_size);
}

/* ---- the golden layout ---- */

/* BFPT reads in JESD216 order; 8D-8D-8D comes from the xSPI profile, not here. */
static const int bfpt_reads[] = {EXTMEM_SFDP_READ_1_1_2,    EXTMEM_SFDP_READ_1_2_2,    EXTMEM_SFDP_READ_2_2_2,
				 EXTMEM_SFDP_READ_1_1_4,    EXTMEM_SFDP_READ_1_4_4,    EXTMEM_SFDP_READ_4_4_4,
				 EXTMEM_SFDP_READ_1_1_8,    EXTMEM_SFDP_READ_1_8_8,    EXTMEM_SFDP_READ_1S_1D_1D,
				 EXTMEM_SFDP_READ_1S_2D_2D, EXTMEM_SFDP_READ_1S_4D_4D, EXTMEM_SFDP_READ_4S_4D_4D};

static void read_mode(struct jw *w, const char *name, const struct extmem_sfdp_read_mode *r)
{
	obj(w, name);
	num(w, "opcode", r->opcode);
	num(w, "wait_states", r->wait_states);
	num(w, "mode_clocks", r->mode_clocks);
	num(w, "dummy_clocks", (unsigned)r->wait_states + r->mode_clocks);
	end(w, '}');
}

static void golden_reads(struct jw *w, const struct extmem_sfdp_bfpt *b)
{
	obj(w, "fast_read");
	for (unsigned i = 0; i < sizeof(bfpt_reads) / sizeof(bfpt_reads[0]); i++)
		if (b->reads & (1u << bfpt_reads[i]))
			read_mode(w, extmem_sfdp_read_name(bfpt_reads[i]), &b->read[bfpt_reads[i]]);
	end(w, '}');
	arr(w, "fast_read_modes");
	for (unsigned i = 0; i < sizeof(bfpt_reads) / sizeof(bfpt_reads[0]); i++)
		if (b->reads & (1u << bfpt_reads[i]))
			str(w, NULL, extmem_sfdp_read_name(bfpt_reads[i]));
	end(w, ']');
	if (b->ndw >= 17) {
		obj(w, "dw17_reads");
		read_mode(w, "1-1-8", &b->read[EXTMEM_SFDP_READ_1_1_8]);
		read_mode(w, "1-8-8", &b->read[EXTMEM_SFDP_READ_1_8_8]);
		end(w, '}');
	}
}

static void golden_erase(struct jw *w, const struct extmem_sfdp_bfpt *b)
{
	obj(w, "erase_4k");
	num(w, "field", b->erase_4k_bits);
	num(w, "opcode", b->erase_4k_opcode);
	flag(w, "supported", b->erase_4k);
	end(w, '}');
	arr(w, "erase_types");
	for (unsigned i = 0; i < 4; i++) {
		const struct extmem_sfdp_erase_type *e = &b->erase[i];
		unsigned exp = 0;
		if (!e->size)
			continue;
		while ((1u << exp) < e->size)
			exp++;
		obj(w, NULL);
		num(w, "type", i + 1u);
		num(w, "size", e->size);
		num(w, "size_exp", exp);
		num(w, "opcode", e->opcode);
		if (b->ndw >= 10) {
			num(w, "typ_us", (uint64_t)e->typ_ms * 1000u);
			num(w, "max_us", (uint64_t)e->max_ms * 1000u);
		}
		end(w, '}');
	}
	end(w, ']');
	if (b->ndw >= 10)
		num(w, "erase_max_multiplier", b->erase_max_mult);
}

static void golden_timing(struct jw *w, const struct extmem_sfdp_bfpt *b)
{
	if (b->ndw >= 11) {
		num(w, "program_max_multiplier", b->prog_max_mult);
		num(w, "byte_program_first_typ_us", b->byte_prog_first_typ_us);
		num(w, "byte_program_first_max_us", b->byte_prog_first_max_us);
		num(w, "byte_program_additional_typ_us", b->byte_prog_next_typ_us);
		num(w, "byte_program_additional_max_us", b->byte_prog_next_max_us);
		num(w, "chip_erase_typ_us", (uint64_t)b->chip_erase_typ_ms * 1000u);
		num(w, "chip_erase_max_us", (uint64_t)b->chip_erase_max_ms * 1000u);
		num(w, "chip_erase_max_us_if_program_multiplier",
		    (uint64_t)b->chip_erase_typ_ms * 1000u * b->prog_max_mult);
	}
	if (b->ndw >= 13) {
		obj(w, "suspend_resume");
		flag(w, "supported", b->suspend);
		num(w, "program_suspend_prohibited_ops", b->prog_suspend_prohibited);
		num(w, "erase_suspend_prohibited_ops", b->erase_suspend_prohibited);
		num(w, "program_resume_to_suspend_us", b->prog_resume_to_suspend_us);
		num(w, "program_suspend_latency_max_ns", b->prog_suspend_latency_ns);
		num(w, "erase_resume_to_suspend_us", b->erase_resume_to_suspend_us);
		num(w, "erase_suspend_latency_max_ns", b->erase_suspend_latency_ns);
		num(w, "program_resume_opcode", b->prog_resume_op);
		num(w, "program_suspend_opcode", b->prog_suspend_op);
		num(w, "resume_opcode", b->erase_resume_op);
		num(w, "suspend_opcode", b->erase_suspend_op);
		end(w, '}');
	}
	if (b->ndw >= 14) {
		obj(w, "deep_power_down");
		flag(w, "supported", b->dpd);
		num(w, "enter_opcode", b->dpd_enter_op);
		num(w, "exit_opcode", b->dpd_exit_op);
		num(w, "exit_delay_ns", b->dpd_exit_delay_ns);
		end(w, '}');
		num(w, "status_busy_polling", b->busy_poll_bits);
		num(w, "status_busy_polling_methods", b->busy_poll);
	}
}

static void golden_modes(struct jw *w, const struct extmem_sfdp_bfpt *b)
{
	if (b->ndw >= 15) {
		flag(w, "hold_reset_disable", b->hold_reset_disable);
		obj(w, "mode_044");
		flag(w, "supported", b->mode_044);
		num(w, "entry_method", b->mode_044_entry);
		num(w, "exit_method", b->mode_044_exit);
		end(w, '}');
		obj(w, "mode_444");
		num(w, "enable_sequences", b->qpi_enable);
		num(w, "disable_sequences", b->qpi_disable);
		end(w, '}');
	}
	if (b->ndw >= 16) {
		num(w, "enter_4byte_method", b->addr4_enter);
		num(w, "exit_4byte_method", b->addr4_exit);
		num(w, "soft_reset_method", b->soft_reset);
		num(w, "sr1_write_enable_method", b->sr1_write);
	}
	if (b->ndw >= 18) {
		num(w, "variable_output_driver_strength", b->drive_strength);
		flag(w, "jedec_spi_protocol_reset", b->inband_reset);
		num(w, "data_strobe_waveform_str", b->ds_str_waveform);
		flag(w, "data_strobe_qpi_str", b->ds_qpi_str);
		flag(w, "data_strobe_qpi_dtr", b->ds_qpi_dtr);
		obj(w, "octal_dtr_cmd_ext");
		num(w, "code", b->octal_ext);
		end(w, '}');
		flag(w, "octal_dtr_byte_order_swapped", b->octal_swapped);
	}
	if (b->ndw >= 19) {
		obj(w, "mode_888");
		num(w, "enable_sequences", b->opi_enable);
		num(w, "disable_sequences", b->opi_disable);
		end(w, '}');
		obj(w, "mode_088");
		flag(w, "supported", b->mode_088);
		num(w, "entry_method", b->mode_088_entry);
		num(w, "exit_method", b->mode_088_exit);
		end(w, '}');
		num(w, "octal_enable_requirement", b->oer);
	}
	if (b->ndw >= 20) {
		static const char *const mode[4] = {"4S-4S-4S", "4S-4D-4D", "8S-8S-8S", "8D-8D-8D"};
		char name[24];
		obj(w, "max_speed");
		for (unsigned i = 0; i < 4; i++)
			for (unsigned ds = 0; ds < 2; ds++) {
				snprintf(name, sizeof(name), "%s_%s", mode[i], ds ? "ds" : "no_ds");
				obj(w, name);
				num(w, "code", b->max_speed_code[i][ds]);
				num(w, "mhz", b->max_mhz[i][ds]);
				end(w, '}');
			}
		end(w, '}');
	}
}

static void golden_bfpt(struct jw *w, const struct extmem_sfdp *d)
{
	const struct extmem_sfdp_bfpt *b = &d->bfpt;

	revision(w, b->major, b->minor);
	num(w, "length_dw", b->ndw_stated);
	num(w, "dwords_decoded", b->ndw);
	num(w, "density_bits", b->size * 8u);
	num(w, "density_bytes", b->size);
	obj(w, "address_bytes");
	num(w, "code", b->addr_bytes);
	end(w, '}');
	flag(w, "dtr_supported", b->dtr);
	flag(w, "write_granularity_64b", b->write_gran_64);
	flag(w, "volatile_sr_block_protect", b->volatile_sr);
	num(w, "volatile_sr_wren_opcode", b->volatile_sr_wren);
	golden_reads(w, b);
	golden_erase(w, b);
	golden_timing(w, b);
	golden_modes(w, b);
}

static void golden_header(struct jw *w, const struct extmem_sfdp *d, size_t image_len)
{
	num(w, "image_len", image_len);
	obj(w, "header");
	num(w, "rev_major", d->major);
	num(w, "rev_minor", d->minor);
	revision(w, d->major, d->minor);
	num(w, "access_protocol", d->access_protocol);
	num(w, "nph_field", d->nheaders - 1u);
	num(w, "parameter_header_count", d->nheaders);
	arr(w, "parameter_headers");
	for (unsigned i = 0; i < d->ntables; i++) {
		const struct extmem_sfdp_table *t = &d->table[i];
		obj(w, NULL);
		num(w, "index", i);
		num(w, "id", t->id);
		num(w, "rev_major", t->major);
		num(w, "rev_minor", t->minor);
		revision(w, t->major, t->minor);
		num(w, "length_dw", t->ndw);
		num(w, "pointer", t->ptr);
		flag(w, "in_image", (uint64_t)t->ptr + 4u * (uint64_t)t->ndw <= image_len);
		end(w, '}');
	}
	end(w, ']');
	end(w, '}');
}

/* Header of the decoded table with this ID (its revision and stated length). */
static const struct extmem_sfdp_table *decoded(const struct extmem_sfdp *d, uint16_t id)
{
	for (unsigned i = 0; i < d->ntables; i++)
		if (d->table[i].id == id && d->table[i].state == EXTMEM_SFDP_TABLE_DECODED)
			return &d->table[i];
	return NULL;
}

static void table_head(struct jw *w, const struct extmem_sfdp_table *t, unsigned ndecoded)
{
	if (t) {
		revision(w, t->major, t->minor);
		num(w, "length_dw", t->ndw);
	}
	num(w, "dwords_decoded", ndecoded);
}

static void golden_4bait(struct jw *w, const struct extmem_sfdp *d)
{
	static const char *const names[25] = {"read_1_1_1_13h",
					      "fast_read_1_1_1_0ch",
					      "fast_read_1_1_2_3ch",
					      "fast_read_1_2_2_bch",
					      "fast_read_1_1_4_6ch",
					      "fast_read_1_4_4_ech",
					      "page_program_1_1_1_12h",
					      "page_program_1_1_4_34h",
					      "page_program_1_4_4_3eh",
					      "erase_type_1",
					      "erase_type_2",
					      "erase_type_3",
					      "erase_type_4",
					      "dtr_read_1_1_1_0eh",
					      "dtr_read_1_2_2_beh",
					      "dtr_read_1_4_4_eeh",
					      "volatile_sector_lock_read_e0h",
					      "volatile_sector_lock_write_e1h",
					      "nonvolatile_sector_lock_read_e2h",
					      "nonvolatile_sector_lock_write_e3h",
					      "fast_read_1_1_8_7ch",
					      "fast_read_1_8_8_cch",
					      "dtr_read_1_8_8_fdh",
					      "page_program_1_1_8_84h",
					      "page_program_1_8_8_8eh"};
	const struct extmem_sfdp_table *t = decoded(d, EXTMEM_SFDP_ID_4BAIT);

	table_head(w, t, t && t->ndw < 2 ? t->ndw : 2);
	num(w, "dw1", d->bait.supported);
	num(w, "dw2", d->bait.dw2);
	obj(w, "instructions");
	for (unsigned i = 0; i < 25; i++)
		flag(w, names[i], d->bait.supported & (1u << i));
	end(w, '}');
	arr(w, "erase_types");
	for (unsigned i = 0; i < 4; i++) {
		obj(w, NULL);
		num(w, "type", i + 1u);
		flag(w, "supported", d->bait.supported & (EXTMEM_SFDP_4BAIT_ERASE1 << i));
		num(w, "opcode", (d->bait.dw2 >> (8u * i)) & 0xffu);
		end(w, '}');
	}
	end(w, ']');
}

static void golden_xspi(struct jw *w, const struct extmem_sfdp *d)
{
	static const unsigned mhz[4] = {200, 166, 133, 100};
	const struct extmem_sfdp_xspi *x = &d->xspi;
	const struct extmem_sfdp_table *t = decoded(d, EXTMEM_SFDP_ID_XSPI1);
	unsigned kept = x->ndw < 6 ? x->ndw : 6;
	char name[8];

	table_head(w, t, kept);
	arr(w, "raw_dwords");
	for (unsigned i = 0; i < kept; i++)
		num(w, NULL, x->dw[i]);
	end(w, ']');
	num(w, "read_fast_opcode_8d", x->read_opcode);
	num(w, "read_status_addr_bytes", x->rdsr_addr_bytes);
	num(w, "read_status_dummy", x->rdsr_dummy);
	obj(w, "dummy_by_mhz");
	for (unsigned i = 0; i < 4; i++) {
		if (!x->dummy[i])
			continue;
		snprintf(name, sizeof(name), "%u", mhz[i]);
		obj(w, name);
		num(w, "dummy_cycles", x->dummy[i]);
		num(w, "config_pattern", x->dummy_pattern[i]);
		end(w, '}');
	}
	end(w, '}');
}

static void golden_sccr(struct jw *w, const struct extmem_sfdp *d)
{
	/* Golden names, in enum extmem_sfdp_sccr_field order. */
	static const char *const names[EXTMEM_SFDP_SCCR_COUNT] = {"wip",
								  "wel",
								  "program_error",
								  "erase_error",
								  "variable_dummy_volatile",
								  "variable_dummy_nonvolatile",
								  "str_octal_enable_volatile",
								  "str_octal_enable_nonvolatile",
								  "dtr_octal_enable_volatile",
								  "dtr_octal_enable_nonvolatile",
								  "qpi_enable_volatile",
								  "qpi_enable_nonvolatile",
								  "octal_enable_volatile",
								  "octal_enable_nonvolatile",
								  "str_dtr_select_volatile",
								  "str_dtr_select_nonvolatile",
								  "dpd_status",
								  "udpd_status",
								  "output_driver_strength_volatile",
								  "output_driver_strength_nonvolatile"};
	const struct extmem_sfdp_sccr *s = &d->sccr;
	uint32_t raw[28] = {s->volatile_offset, s->nv_offset, s->generic_rw[0], s->generic_rw[1]};
	unsigned kept = s->ndw < 28 ? s->ndw : 28;

	for (unsigned i = 0; i < 3; i++)
		raw[10 + i] = s->dummy_patterns[i];
	raw[27] = s->driver_patterns;
	for (unsigned f = 0; f < EXTMEM_SFDP_SCCR_COUNT; f++)
		raw[s->bit[f].dword - 1u] = s->bit[f].raw;
	table_head(w, decoded(d, EXTMEM_SFDP_ID_SCCR), kept);
	num(w, "volatile_register_offset", s->volatile_offset);
	num(w, "nonvolatile_register_offset", s->nv_offset);
	arr(w, "raw_dwords");
	for (unsigned i = 0; i < kept; i++)
		num(w, NULL, raw[i]);
	end(w, ']');
	obj(w, "generic_rw_volatile");
	num(w, "raw", s->generic_rw[0]);
	end(w, '}');
	obj(w, "generic_rw_nonvolatile");
	num(w, "raw", s->generic_rw[1]);
	end(w, '}');
	obj(w, "driver_strength_patterns");
	num(w, "raw", s->driver_patterns);
	end(w, '}');
	flag(w, "octal_dtr_enable_volatile", s->bit[EXTMEM_SFDP_SCCR_OCTAL_DTR_VOLATILE].present);
	obj(w, "bits");
	for (unsigned f = 0; f < EXTMEM_SFDP_SCCR_COUNT; f++) {
		const struct extmem_sfdp_sccr_bit *b = &s->bit[f];
		bool dummy = f == EXTMEM_SFDP_SCCR_DUMMY_VOLATILE || f == EXTMEM_SFDP_SCCR_DUMMY_NV;
		bool driver = f == EXTMEM_SFDP_SCCR_DRIVER_VOLATILE || f == EXTMEM_SFDP_SCCR_DRIVER_NV;
		if (b->dword > kept)
			continue;
		obj(w, names[f]);
		num(w, "dword", b->dword);
		num(w, "raw", b->raw);
		str(w, "register_set", b->nonvolatile ? "nonvolatile" : "volatile");
		flag(w, "available", b->present);
		if (dummy) {
			num(w, "wait_state_bits_code", b->width_code);
		} else if (!driver) {
			flag(w, "polarity_inverted", !b->active_high);
			flag(w, "bit29", b->writable);
		}
		if (f == EXTMEM_SFDP_SCCR_WEL)
			flag(w, "wel_write_access", b->writable);
		flag(w, "accessed_by_address", b->addressed);
		flag(w, "local_address", b->local_address);
		num(w, "bit_number", b->bit);
		num(w, "address_or_modes", b->addr);
		num(w, "read_cmd", b->read_op);
		num(w, "write_cmd", b->write_op);
		if (b->addressed)
			num(w, "register_address", b->reg_addr);
		end(w, '}');
	}
	end(w, '}');
}

static void golden_oddr(struct jw *w, const struct extmem_sfdp *d)
{
	const struct extmem_sfdp_table *t = decoded(d, EXTMEM_SFDP_ID_ODDR_SEQ);
	unsigned ndw = t ? t->ndw : 0u, nseq;

	if (ndw > 2u * EXTMEM_SFDP_MAX_ODDR_SEQ)
		ndw = 2u * EXTMEM_SFDP_MAX_ODDR_SEQ;
	nseq = (ndw + 1u) / 2u;
	table_head(w, t, ndw);
	arr(w, "sequences");
	for (unsigned s = 0; s < nseq; s++) {
		obj(w, NULL);
		num(w, "index", s + 1u);
		num(w, "length", d->oddr[s].len);
		arr(w, "bytes");
		for (unsigned i = 0; i < d->oddr[s].len; i++)
			num(w, NULL, d->oddr[s].cmd[i]);
		end(w, ']');
		end(w, '}');
	}
	end(w, ']');
	arr(w, "active_sequences");
	for (unsigned s = 0; s < nseq; s++) {
		if (!d->oddr[s].len)
			continue;
		arr(w, NULL);
		for (unsigned i = 0; i < d->oddr[s].len; i++)
			num(w, NULL, d->oddr[s].cmd[i]);
		end(w, ']');
	}
	end(w, ']');
}

static void golden_smap(struct jw *w, const struct extmem_sfdp *d)
{
	const struct extmem_sfdp_smap *m = &d->smap;

	arr(w, "detection_commands");
	for (unsigned i = 0; i < m->ndetect; i++) {
		obj(w, NULL);
		num(w, "opcode", m->detect[i].opcode);
		num(w, "address", m->detect[i].addr);
		num(w, "address_length", m->detect[i].addr_len);
		num(w, "dummy", m->detect[i].dummy);
		num(w, "mask", m->detect[i].mask);
		flag(w, "end", m->detect[i].last);
		end(w, '}');
	}
	end(w, ']');
	arr(w, "configurations");
	for (unsigned c = 0; c < m->nconfigs; c++) {
		const struct extmem_sfdp_smap_config *cf = &m->config[c];
		uint64_t at = 0;
		obj(w, NULL);
		num(w, "config_id", cf->id);
		num(w, "region_count", cf->nregions_stated);
		num(w, "total_size", cf->total);
		flag(w, "end", c + 1u == m->nconfigs && !m->truncated);
		arr(w, "regions");
		for (unsigned r = 0; r < cf->nregions; r++) {
			const struct extmem_sfdp_smap_region *rg = &m->region[cf->first + r];
			obj(w, NULL);
			num(w, "offset", at);
			num(w, "size", rg->size);
			num(w, "erase_type_mask", rg->erase_mask);
			end(w, '}');
			at += rg->size;
		}
		end(w, ']');
		end(w, '}');
	}
	end(w, ']');
}

int extmem_tool_sfdp_json(const struct extmem_sfdp *d, size_t image_len)
{
	struct jw w = {0};

	obj(&w, NULL);
	obj(&w, "sfdp");
	num(&w, "major", d->major);
	num(&w, "minor", d->minor);
	num(&w, "access_protocol", d->access_protocol);
	num(&w, "headers", d->nheaders);
	end(&w, '}');
	arr(&w, "tables");
	for (unsigned i = 0; i < d->ntables; i++) {
		obj(&w, NULL);
		num(&w, "id", d->table[i].id);
		num(&w, "major", d->table[i].major);
		num(&w, "minor", d->table[i].minor);
		num(&w, "dwords", d->table[i].ndw);
		num(&w, "ptr", d->table[i].ptr);
		str(&w, "state", extmem_sfdp_table_state_name(d->table[i].state));
		end(&w, '}');
	}
	end(&w, ']');
	golden_header(&w, d, image_len);
	obj(&w, "bfpt");
	original_bfpt(&w, &d->bfpt);
	golden_bfpt(&w, d);
	end(&w, '}');
	if (d->has & EXTMEM_SFDP_HAS_XSPI) {
		obj(&w, "xspi");
		num(&w, "read_opcode", d->xspi.read_opcode);
		num(&w, "rdsr_addr_bytes", d->xspi.rdsr_addr_bytes);
		num(&w, "rdsr_dummy", d->xspi.rdsr_dummy);
		arr(&w, "dummy");
		for (unsigned i = 0; i < 4; i++)
			num(&w, NULL, d->xspi.dummy[i]);
		end(&w, ']');
		end(&w, '}');
		obj(&w, "xspi_profile_1_0");
		golden_xspi(&w, d);
		end(&w, '}');
	}
	if (d->has & EXTMEM_SFDP_HAS_4BAIT) {
		obj(&w, "4bait");
		num(&w, "supported", d->bait.supported);
		arr(&w, "erase_opcodes");
		for (unsigned i = 0; i < 4; i++)
			num(&w, NULL, d->bait.erase_opcode[i]);
		end(&w, ']');
		golden_4bait(&w, d);
		end(&w, '}');
	}
	if (d->has & EXTMEM_SFDP_HAS_SCCR) {
		obj(&w, "sccr");
		golden_sccr(&w, d);
		end(&w, '}');
	}
	if (d->has & EXTMEM_SFDP_HAS_ODDR) {
		arr(&w, "octal_ddr_sequences");
		for (unsigned s = 0; s < EXTMEM_SFDP_MAX_ODDR_SEQ; s++) {
			arr(&w, NULL);
			for (unsigned i = 0; i < d->oddr[s].len; i++)
				num(&w, NULL, d->oddr[s].cmd[i]);
			end(&w, ']');
		}
		end(&w, ']');
		obj(&w, "octal_ddr_cmd_seq");
		golden_oddr(&w, d);
		end(&w, '}');
	}
	if (d->has & EXTMEM_SFDP_HAS_SMAP) {
		const struct extmem_sfdp_table *t = decoded(d, EXTMEM_SFDP_ID_SMAP);
		obj(&w, "sector_map");
		flag(&w, "truncated", d->smap.truncated);
		arr(&w, "configs");
		for (unsigned c = 0; c < d->smap.nconfigs; c++) {
			const struct extmem_sfdp_smap_config *cf = &d->smap.config[c];
			obj(&w, NULL);
			num(&w, "id", cf->id);
			arr(&w, "regions");
			for (unsigned r = 0; r < cf->nregions; r++) {
				obj(&w, NULL);
				num(&w, "size", d->smap.region[cf->first + r].size);
				num(&w, "erase_mask", d->smap.region[cf->first + r].erase_mask);
				end(&w, '}');
			}
			end(&w, ']');
			end(&w, '}');
		}
		end(&w, ']');
		table_head(&w, t, t ? t->ndw : 0u);
		golden_smap(&w, d);
		end(&w, '}');
	}
	num(&w, "fixups", d->fixups);
	end(&w, '}');
	char *text = w.failed || w.depth == 0 ? NULL : cJSON_PrintUnformatted(w.stack[0]);
	if (w.depth > 0)
		cJSON_Delete(w.stack[0]);
	if (text == NULL)
		return -1;
	int rc = puts(text) < 0 ? -1 : 0;
	free(text);
	return rc;
}
