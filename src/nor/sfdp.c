/* SPDX-License-Identifier: MIT */
/*
 * JESD216 SFDP parser: bytes in, struct extmem_sfdp out.
 *
 * Every table is read through a bounded view (pointer + DWORD count) that
 * has been checked against the image length once (a 24-bit pointer plus
 * 255 DWORDs stays far below 2^32: the sum never wraps). Field decoding
 * then asks for DWORD i of the view and gets 0 past its end, so a short
 * table simply leaves the later fields unset.
 */
#include <string.h>

#include "extmem/sfdp.h"

#define BFPT_MAX_DW 23u /* JESD216F */

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

#if EXTMEM_NOR_READ_ONLY
/*
 * Read-only: the view is a copy of the table's first DWORDs, 0 past its end,
 * so a field is one load instead of a call. No DWORD the read-only decoders
 * read lies beyond BFPT_MAX_DW (BFPT 20, SCCR 22, xSPI 5, FF0A 8).
 */
struct view {
	uint32_t ndw;            /* the table's length in DWORDs */
	uint32_t d[BFPT_MAX_DW]; /* d[i - 1] = DWORD i, 0 past the end */
};

/* Not inlined: the BFPT and the optional tables share one copy loop. */
__attribute__((noinline)) static void view_init(struct view *v, const uint8_t *p, uint32_t ndw)
{
	v->ndw = ndw;
	for (uint32_t i = 0; i < BFPT_MAX_DW; i++)
		v->d[i] = i < ndw ? get_le32(p + (size_t)4u * i) : 0u;
}

/* DWORD i (1-based, as JESD216 numbers them, at most BFPT_MAX_DW) of the view. */
#define dw(v, i) ((v)->d[(i)-1u])
#else
struct view {
	const uint8_t *p;
	uint32_t ndw;
};

static void view_init(struct view *v, const uint8_t *p, uint32_t ndw)
{
	v->p = p;
	v->ndw = ndw;
}

/* DWORD i (1-based, as JESD216 numbers them) of the view; 0 past its end. */
static uint32_t dw(const struct view *v, uint32_t i)
{
	if (i == 0 || i > v->ndw)
		return 0;
	return get_le32(v->p + (size_t)4u * (i - 1u));
}
#endif

static uint32_t bits(uint32_t x, unsigned hi, unsigned lo)
{
	return (x >> lo) & ((hi - lo >= 31u) ? 0xffffffffu : ((1u << (hi - lo + 1u)) - 1u));
}

/* Parameter header n of the image (caller checked it is inside). */
static void read_param_header(const uint8_t *image, unsigned n, struct extmem_sfdp_table *t)
{
	const uint8_t *h = image + 8u + (size_t)8u * n;

	t->id = (uint16_t)((h[7] << 8) | h[0]);
	t->minor = h[1];
	t->major = h[2];
	t->ndw = h[3];
	t->ptr = (uint32_t)h[4] | ((uint32_t)h[5] << 8) | ((uint32_t)h[6] << 16);
#if !EXTMEM_NOR_READ_ONLY /* the table list's states serve reports */
	t->state = EXTMEM_SFDP_TABLE_LISTED;
#endif
}

enum range_check { RANGE_OK, RANGE_PTR, RANGE_LEN, RANGE_ALIGN };

static enum range_check table_range(const struct extmem_sfdp_table *t, size_t len)
{
	/* A 24-bit pointer plus 255 DWORDs stays below 2^25: no wrap in 32 bits. */
	uint32_t end = t->ptr + 4u * t->ndw;

	if (t->ptr & 3u)
		return RANGE_ALIGN;
	if (t->ptr >= len)
		return RANGE_PTR;
	if (end > len)
		return RANGE_LEN;
	return RANGE_OK;
}

/* a is newer than b: higher minor revision, then longer. Same major assumed. */
static bool newer(const struct extmem_sfdp_table *a, const struct extmem_sfdp_table *b)
{
	if (a->minor != b->minor)
		return a->minor > b->minor;
	return a->ndw > b->ndw;
}

#if EXTMEM_NOR_READ_ONLY
/* Why a parse failed serves reports: a read-only build returns EXTMEM_ERR_FORMAT and leaves error at 0. */
#define fail(out, e, offset) ((void)(out), (void)(e), (void)(offset))
#else
static void fail(struct extmem_sfdp *out, enum extmem_sfdp_error e, uint32_t offset)
{
	out->error = (uint8_t)e;
	out->error_offset = offset;
}
#endif

/*
 * The decoders, one file per concern, included here so the parser stays one
 * translation unit (the fuzz harness and the read-only test builds compile
 * sfdp.c alone, and its helpers stay static): the BFPT, then the optional
 * tables.
 */
#include "sfdp_bfpt.h"
#include "sfdp_tables.h"

/* ---- top level ---- */

/* The optional tables decoded, each with the bit of desc->has it sets once decoded. */
static const struct {
	uint16_t id;
	uint8_t has;
} known[] = {
#if !EXTMEM_NOR_READ_ONLY
	{EXTMEM_SFDP_ID_SMAP, EXTMEM_SFDP_HAS_SMAP},
#endif
	{EXTMEM_SFDP_ID_4BAIT, EXTMEM_SFDP_HAS_4BAIT},
#if !EXTMEM_NOR_READ_ONLY || EXTMEM_NOR_HAS_WIDTH(8) /* the others serve octal only */
	{EXTMEM_SFDP_ID_XSPI1, EXTMEM_SFDP_HAS_XSPI},
	{EXTMEM_SFDP_ID_SCCR, EXTMEM_SFDP_HAS_SCCR},
#endif
#if !EXTMEM_NOR_READ_ONLY
	{EXTMEM_SFDP_ID_SCCR_MULTI, EXTMEM_SFDP_HAS_SCCR_MULTI},
#endif
#if !EXTMEM_NOR_READ_ONLY || EXTMEM_NOR_HAS_WIDTH(8)
	{EXTMEM_SFDP_ID_ODDR_SEQ, EXTMEM_SFDP_HAS_ODDR},
#endif
};

/*
 * The SFDP header's first problem (signature, major revision, header
 * count), EXTMEM_SFDP_E_NONE when there is none; the parser and
 * extmem_sfdp_image_span share it. The caller checked len >= 8.
 */
static enum extmem_sfdp_error header_error(const uint8_t *image)
{
	if (memcmp(image, "SFDP", 4) != 0)
		return EXTMEM_SFDP_E_BAD_SIGNATURE;
	if (image[5] != 1u)
		return EXTMEM_SFDP_E_UNSUPPORTED_MAJOR;
	/* NPH = FFh (erased flash) gives 256; no real part lists that many. */
	if (image[6] + 1u > EXTMEM_SFDP_MAX_HEADERS)
		return EXTMEM_SFDP_E_HEADER_COUNT_HUGE;
	return EXTMEM_SFDP_E_NONE;
}

static int check_header(const uint8_t *image, size_t len, struct extmem_sfdp *out)
{
	static const uint8_t offset[] = {[EXTMEM_SFDP_E_BAD_SIGNATURE] = 0,
					 [EXTMEM_SFDP_E_UNSUPPORTED_MAJOR] = 5,
					 [EXTMEM_SFDP_E_HEADER_COUNT_HUGE] = 6};
	if (len < 8u) {
		fail(out, EXTMEM_SFDP_E_TRUNCATED_HEADER, (uint32_t)len);
		return -1;
	}
	enum extmem_sfdp_error e = header_error(image);
	if (e != EXTMEM_SFDP_E_BAD_SIGNATURE) {
#if !EXTMEM_NOR_READ_ONLY
		out->minor = image[4];
		out->major = image[5];
		out->access_protocol = image[7];
#endif
		out->nheaders = (uint16_t)(image[6] + 1u);
	}
	if (e != EXTMEM_SFDP_E_NONE) {
		fail(out, e, offset[e]);
		return -1;
	}
	if (len < 8u + 8u * (size_t)out->nheaders) { /* at most 64 headers: no wrap */
		fail(out, EXTMEM_SFDP_E_TRUNCATED_PARAM_HDRS, (uint32_t)len);
		return -1;
	}
	return 0;
}

/*
 * Newest usable header with this ID (index into the image's headers), or -1:
 * major revision 1, inside the image, at least min_ndw DWORDs. Of two with
 * the same revision and length, the first.
 */
static int pick_table(const uint8_t *image, size_t len, unsigned nheaders, uint16_t id, unsigned min_ndw)
{
	struct extmem_sfdp_table t, best = {0};
	int pick = -1;

	for (unsigned n = 0; n < nheaders; n++) {
		read_param_header(image, n, &t);
		if (t.id != id || t.major != 1u || table_range(&t, len) != RANGE_OK || t.ndw < min_ndw)
			continue;
		/* best starts zeroed: older than any usable header (ndw >= min_ndw >= 1). */
		if (newer(&t, &best)) {
			best = t;
			pick = (int)n;
		}
	}
	return pick;
}

/*
 * Picks the BFPT: the newest major-1 header of at least 9 DWORDs that lies
 * inside the image. None: the problem of the first one (which must be a
 * BFPT) is the one reported.
 */
static int pick_bfpt(const uint8_t *image, size_t len, struct extmem_sfdp *out, struct extmem_sfdp_table *best)
{
	struct extmem_sfdp_table t;
	enum extmem_sfdp_error e = EXTMEM_SFDP_E_BFPT_MAJOR;
	uint32_t off = 10; /* the offset of the field at fault in header 0 */

	read_param_header(image, 0, &t);
	if (t.id != EXTMEM_SFDP_ID_BFPT) {
		fail(out, EXTMEM_SFDP_E_FIRST_NOT_BFPT, 8);
		return -1;
	}
	int n = pick_table(image, len, out->nheaders, EXTMEM_SFDP_ID_BFPT, 9);
	if (n >= 0) {
		read_param_header(image, (unsigned)n, best);
		return 0;
	}
#if !EXTMEM_NOR_READ_ONLY
	if (t.major == 1u) {
		off = 11;
		e = EXTMEM_SFDP_E_BFPT_TOO_SHORT;
		if (t.ndw >= 9u) {
			static const uint8_t range_error[] = {
				[RANGE_PTR] = EXTMEM_SFDP_E_POINTER_OUT_OF_RANGE,
				[RANGE_LEN] = EXTMEM_SFDP_E_LENGTH_PAST_END,
				[RANGE_ALIGN] = EXTMEM_SFDP_E_POINTER_MISALIGNED,
			};
			off = 12;
			e = (enum extmem_sfdp_error)range_error[table_range(&t, len)];
		}
	}
#endif
	fail(out, e, off);
	return -1;
}

#if !EXTMEM_NOR_READ_ONLY
static void list_tables(const uint8_t *image, struct extmem_sfdp *out)
{
	unsigned n = out->nheaders < EXTMEM_SFDP_MAX_TABLES ? out->nheaders : EXTMEM_SFDP_MAX_TABLES;

	for (unsigned i = 0; i < n; i++)
		read_param_header(image, i, &out->table[i]);
	out->ntables = (uint8_t)n;
}
#else
#define list_tables(image, out) ((void)0) /* the table list serves reports */
#endif

static void set_state(struct extmem_sfdp *out, unsigned n, enum extmem_sfdp_table_state s)
{
#if EXTMEM_NOR_READ_ONLY
	(void)out, (void)n, (void)s; /* the table list's states serve reports */
#else
	if (n < out->ntables)
		out->table[n].state = (uint8_t)s;
#endif
}

#if !EXTMEM_NOR_READ_ONLY
/* Every region must be whole erase units of the smallest erase type. */
static int check_smap_geometry(struct extmem_sfdp *out, uint32_t ptr)
{
	uint32_t unit = out->bfpt.min_erase_size;

	for (unsigned c = 0; c < out->smap.nconfigs; c++) {
		const struct extmem_sfdp_smap_config *cf = &out->smap.config[c];
		for (unsigned r = 0; unit && r < cf->nregions; r++)
			if (out->smap.region[cf->first + r].size % unit) {
				fail(out, EXTMEM_SFDP_E_SMAP_REGION_NOT_ERASE_MULTIPLE, ptr);
				return -1;
			}
	}
	return 0;
}

#endif

static int decode_optional(const uint8_t *image, size_t len, struct extmem_sfdp *out)
{
#if !EXTMEM_NOR_READ_ONLY
	/* First mark what cannot be used, so every listed table gets a state. */
	for (unsigned i = 0; i < out->ntables; i++) {
		struct extmem_sfdp_table *t = &out->table[i];
		bool is_known = false;
		for (unsigned k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			is_known = is_known || t->id == known[k].id;
		if (!is_known)
			continue;
		if (table_range(t, len) != RANGE_OK)
			t->state = EXTMEM_SFDP_TABLE_OUT_OF_RANGE;
		else if (t->major != 1u)
			t->state = EXTMEM_SFDP_TABLE_UNSUPPORTED;
		else if (t->ndw == 0)
			t->state = EXTMEM_SFDP_TABLE_MALFORMED;
		else
			t->state = EXTMEM_SFDP_TABLE_SUPERSEDED; /* until picked below */
	}
#endif
	for (unsigned k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		struct extmem_sfdp_table t;
		struct view v;
		int n = pick_table(image, len, out->nheaders, known[k].id, 1);
		int bad = 0;
		if (n < 0)
			continue;
		read_param_header(image, (unsigned)n, &t);
		view_init(&v, image + t.ptr, t.ndw);
		switch (t.id) {
#if !EXTMEM_NOR_READ_ONLY
		case EXTMEM_SFDP_ID_SMAP:
			bad = decode_smap(&v, &out->smap);
			if (bad == SMAP_WRAPS) {
				fail(out, EXTMEM_SFDP_E_SMAP_REGION_WRAPS, t.ptr);
				return -1;
			}
			if (bad) {
				memset(&out->smap, 0, sizeof(out->smap));
			} else {
				out->has |= EXTMEM_SFDP_HAS_SMAP;
				if (check_smap_geometry(out, t.ptr))
					return -1;
			}
			break;
#endif
		case EXTMEM_SFDP_ID_4BAIT: decode_4bait(&v, &out->bait, &out->bfpt); break;
#if SFDP_OCTAL_TABLES
		case EXTMEM_SFDP_ID_XSPI1: decode_xspi(&v, &out->xspi, &out->bfpt); break;
		case EXTMEM_SFDP_ID_SCCR: decode_sccr(&v, &out->sccr); break;
#endif
#if !EXTMEM_NOR_READ_ONLY
		case EXTMEM_SFDP_ID_SCCR_MULTI: keep_raw(&v, &out->sccr_multi); break;
#endif
#if SFDP_OCTAL_TABLES
		case EXTMEM_SFDP_ID_ODDR_SEQ:
			bad = decode_oddr(&v, out->oddr);
			if (bad)
				memset(out->oddr, 0, sizeof(out->oddr));
			break;
#endif
		default: break;
		}
		if (!bad)
			out->has |= known[k].has; /* the sector map's was set before its geometry check */
		set_state(out, (unsigned)n, bad ? EXTMEM_SFDP_TABLE_MALFORMED : EXTMEM_SFDP_TABLE_DECODED);
	}
	return 0;
}

int extmem_sfdp_parse(const uint8_t *image, size_t len, struct extmem_sfdp *out)
{
	struct extmem_sfdp_table bt = {0};
	struct view v;

	if (!out)
		return EXTMEM_ERR_INVALID;
	memset(out, 0, sizeof(*out));
	if (!image)
		return EXTMEM_ERR_INVALID;
	if (check_header(image, len, out))
		return EXTMEM_ERR_FORMAT;
	list_tables(image, out);
	if (pick_bfpt(image, len, out, &bt))
		return EXTMEM_ERR_FORMAT;

	view_init(&v, image + bt.ptr, bt.ndw < BFPT_MAX_DW ? bt.ndw : BFPT_MAX_DW);
#if !EXTMEM_NOR_READ_ONLY
	out->bfpt.major = bt.major;
	out->bfpt.minor = bt.minor;
	out->bfpt.ndw_stated = bt.ndw;
#endif
	out->bfpt.ndw = (uint8_t)v.ndw;
	if (decode_bfpt(&v, &out->bfpt)) {
		fail(out, EXTMEM_SFDP_E_BAD_DENSITY, bt.ptr + 4u);
		return EXTMEM_ERR_FORMAT;
	}
#if !EXTMEM_NOR_READ_ONLY
	/* A part is erased in whole units: a density that is not is corrupt (erase sizes are powers of two). */
	if (out->bfpt.min_erase_size && (out->bfpt.size & (out->bfpt.min_erase_size - 1u))) {
		fail(out, EXTMEM_SFDP_E_DENSITY_NOT_ERASE_MULTIPLE, bt.ptr + 4u);
		return EXTMEM_ERR_FORMAT;
	}
	for (unsigned i = 0; i < out->ntables; i++) {
		struct extmem_sfdp_table *t = &out->table[i];
		if (t->id != EXTMEM_SFDP_ID_BFPT)
			continue;
		if (t->ptr == bt.ptr && t->ndw == bt.ndw && t->minor == bt.minor && t->major == bt.major)
			t->state = EXTMEM_SFDP_TABLE_DECODED;
		else if (t->major != 1u)
			t->state = EXTMEM_SFDP_TABLE_UNSUPPORTED;
		else if (table_range(t, len) != RANGE_OK)
			t->state = EXTMEM_SFDP_TABLE_OUT_OF_RANGE;
		else if (t->ndw < 9u)
			t->state = EXTMEM_SFDP_TABLE_MALFORMED;
		else
			t->state = EXTMEM_SFDP_TABLE_SUPERSEDED;
	}
#endif
	if (decode_optional(image, len, out))
		return EXTMEM_ERR_FORMAT;
	return EXTMEM_OK;
}

int extmem_sfdp_image_span(const uint8_t *image, size_t len, uint32_t *span, enum extmem_sfdp_error *err)
{
	struct extmem_sfdp_table t;
	enum extmem_sfdp_error e = EXTMEM_SFDP_E_NONE;
	uint32_t nh, end;

	if (err)
		*err = EXTMEM_SFDP_E_NONE;
	if (!image || !span)
		return EXTMEM_ERR_INVALID;
	*span = 8;
	if (len < 8u)
		e = EXTMEM_SFDP_E_TRUNCATED_HEADER; /* read the 8-byte header first */
	else
		e = header_error(image);
	if (err)
		*err = e;
	if (e != EXTMEM_SFDP_E_NONE)
		return len < 8u ? EXTMEM_OK : EXTMEM_ERR_FORMAT;
	nh = image[6] + 1u;
	end = 8u + 8u * nh;
	if (len < end) {
		*span = end;
		return EXTMEM_OK;
	}
	for (unsigned n = 0; n < nh; n++) {
		read_param_header(image, n, &t);
		/* At most 0xFFFFFF + 1020: no overflow in 32 bits. */
		uint32_t last = t.ptr + 4u * t.ndw;
		if (last > end)
			end = last;
	}
	*span = end;
	return EXTMEM_OK;
}

const char *extmem_sfdp_error_name(int error)
{
	static const char *const names[EXTMEM_SFDP_E_COUNT] = {
		"none",
		"truncated SFDP header",
		"bad signature",
		"unsupported SFDP major revision",
		"header count too large",
		"truncated parameter headers",
		"first parameter header is not the BFPT",
		"no BFPT with major revision 1",
		"BFPT shorter than 9 DWORDs",
		"BFPT pointer out of range",
		"BFPT length past the end of the image",
		"BFPT pointer not DWORD-aligned",
		"bad BFPT density",
		"density not a multiple of the smallest erase size",
		"sector-map region not a multiple of the smallest erase size",
		"sector-map region size wraps 32 bits",
	};

	if (error < 0 || error >= EXTMEM_SFDP_E_COUNT)
		return "unknown";
	return names[error];
}

const char *extmem_sfdp_read_name(int read)
{
	static const char *const names[EXTMEM_SFDP_READ_COUNT] = {
		"1-1-2", "1-2-2",    "2-2-2",    "1-1-4",    "1-4-4",    "4-4-4",   "1-1-8",
		"1-8-8", "1S-1D-1D", "1S-2D-2D", "1S-4D-4D", "4S-4D-4D", "8D-8D-8D"};

	if (read < 0 || read >= EXTMEM_SFDP_READ_COUNT)
		return "unknown";
	return names[read];
}

const char *extmem_sfdp_table_name(uint16_t id)
{
	switch (id) {
	case EXTMEM_SFDP_ID_BFPT: return "Basic Flash Parameter Table";
	case EXTMEM_SFDP_ID_XSPI1: return "xSPI Profile 1.0";
	case 0xff06u: return "xSPI Profile 2.0";
	case EXTMEM_SFDP_ID_ODDR_SEQ: return "Command Sequences to Octal DDR";
	case EXTMEM_SFDP_ID_SMAP: return "Sector Map";
	case 0xff03u: return "Replay Protected Monotonic Counters";
	case EXTMEM_SFDP_ID_4BAIT: return "4-byte Address Instruction Table";
	case EXTMEM_SFDP_ID_SCCR: return "Status, Control and Configuration Register Map";
	case EXTMEM_SFDP_ID_SCCR_MULTI: return "SCCR Map for multi-chip devices";
	case 0xff09u: return "Quad I/O with DS";
	default: break;
	}
	/* Before JESD216B, vendor tables also had FFh as the ID MSB. */
	return (id >> 8) == 0xffu ? "unknown (JEDEC, or pre-1.6 vendor)" : "vendor table";
}

const char *extmem_sfdp_table_state_name(int state)
{
	switch (state) {
	case EXTMEM_SFDP_TABLE_LISTED: return "listed";
	case EXTMEM_SFDP_TABLE_DECODED: return "decoded";
	case EXTMEM_SFDP_TABLE_SUPERSEDED: return "superseded";
	case EXTMEM_SFDP_TABLE_OUT_OF_RANGE: return "out of range";
	case EXTMEM_SFDP_TABLE_MALFORMED: return "malformed";
	case EXTMEM_SFDP_TABLE_UNSUPPORTED: return "unsupported revision";
	default: break;
	}
	return "unknown";
}

const char *extmem_sfdp_sccr_field_name(int field)
{
	static const char *const names[EXTMEM_SFDP_SCCR_COUNT] = {"write in progress",
								  "write enable latch",
								  "program error",
								  "erase error",
								  "dummy cycles (volatile)",
								  "dummy cycles (non-volatile)",
								  "octal mode (volatile)",
								  "octal mode (non-volatile)",
								  "octal DTR (volatile)",
								  "octal DTR (non-volatile)",
								  "QPI enable (volatile)",
								  "QPI enable (non-volatile)",
								  "octal enable (volatile)",
								  "octal enable (non-volatile)",
								  "STR/DTR select (volatile)",
								  "STR/DTR select (non-volatile)",
								  "deep power-down status",
								  "ultra deep power-down status",
								  "driver strength (volatile)",
								  "driver strength (non-volatile)"};

	if (field < 0 || field >= EXTMEM_SFDP_SCCR_COUNT)
		return "unknown";
	return names[field];
}

#if !EXTMEM_NOR_READ_ONLY
int extmem_sfdp_smap_select(const struct extmem_sfdp *desc, const uint8_t *read, unsigned nread,
			    const struct extmem_sfdp_smap_config **config)
{
	const struct extmem_sfdp_smap *m;
	unsigned id = 0;

	if (!desc || !config || !(desc->has & EXTMEM_SFDP_HAS_SMAP))
		return EXTMEM_ERR_INVALID;
	*config = NULL;
	m = &desc->smap;
	if (nread != m->ndetect || (nread && !read))
		return EXTMEM_ERR_INVALID;
	if (m->truncated)
		return EXTMEM_ERR_FORMAT; /* the right configuration may be among those dropped */
	if (m->ndetect == 0) {
		if (m->nconfigs != 1)
			return EXTMEM_ERR_FORMAT;
		*config = &m->config[0];
		return EXTMEM_OK;
	}
	/* First command = most significant bit of the ID. */
	for (unsigned i = 0; i < m->ndetect; i++)
		id = (id << 1) | ((read[i] & m->detect[i].mask) ? 1u : 0u);
	for (unsigned c = 0; c < m->nconfigs; c++)
		if (m->config[c].id == id) {
			*config = &m->config[c];
			return EXTMEM_OK;
		}
	return EXTMEM_ERR_FORMAT;
}
#endif
