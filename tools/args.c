/* SPDX-License-Identifier: MIT */
/* Strict command-line parsing shared by the `extmem` subcommands (args.h). */
#include "args.h"

#include <getopt.h>
#include <stdarg.h>
#include <string.h>

void extmem_args_error(const struct extmem_args *a, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	/* clang 14's analyzer loses va_start when several files are checked in one run */
	vsnprintf(msg, sizeof(msg), fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	va_end(ap);
	fprintf(stderr, "%s: %s\n", a->cmd, msg);
}

/* "--name" or "-n" as the user would have typed it. */
static const char *spelling(const struct extmem_opt *o, char *buf, size_t size)
{
	snprintf(buf, size, "--%s", o->name);
	return buf;
}

static int parse(struct extmem_args *a, const char *cmd, const struct extmem_opt *opts, size_t nopts,
		 uint32_t repeatable, extmem_args_fn on_opt, void *ctx, int argc, char **argv)
{
	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->opts = opts;
	a->nopts = nopts;
	if (nopts > EXTMEM_ARGS_MAX_OPTS) {
		extmem_args_error(a, "internal error: too many options");
		return -1;
	}
	/* the table, then --help; val = index + 256 keeps clear of short letters */
	struct option lo[EXTMEM_ARGS_MAX_OPTS + 2];
	char shorts[3 + 2 * EXTMEM_ARGS_MAX_OPTS + 2];
	size_t ns = 0;
	shorts[ns++] = '-'; /* positional arguments come back in order as 1 */
	shorts[ns++] = ':'; /* a missing value comes back as ':' */
	for (size_t i = 0; i < nopts; i++) {
		lo[i] = (struct option){opts[i].name, opts[i].arg ? required_argument : no_argument, NULL,
					(int)(256 + i)};
		if (opts[i].short_name != 0) {
			shorts[ns++] = opts[i].short_name;
			if (opts[i].arg != NULL)
				shorts[ns++] = ':';
		}
	}
	lo[nopts] = (struct option){"help", no_argument, NULL, 'h'};
	lo[nopts + 1] = (struct option){NULL, 0, NULL, 0};
	shorts[ns++] = 'h';
	shorts[ns] = '\0';

	opterr = 0;
	optind = 0; /* glibc: 0 starts over, so a process may parse twice */
	char name[64];
	for (;;) {
		int prev = optind > 0 ? optind : 1; /* 0 on the first call means argv[1] */
		int c = getopt_long(argc, argv, shorts, lo, NULL);
		if (c == -1)
			break;
		/* the argument getopt just looked at */
		const char *seen = prev > 0 && prev < argc ? argv[prev] : "?";
		if (c == 1) {
			if (a->npos == EXTMEM_ARGS_MAX_POS) {
				extmem_args_error(a, "unexpected argument '%s'", optarg);
				return -1;
			}
			a->pos[a->npos++] = optarg;
			continue;
		}
		if (c == 'h') {
			a->help = true;
			continue;
		}
		if (c == '?' || c == ':') {
			/* optopt: the short letter, or the long option's val; 0 when getopt could not tell */
			const char *what = seen;
			if (optopt >= 256 && (size_t)(optopt - 256) < nopts) {
				what = spelling(&opts[optopt - 256], name, sizeof(name));
			} else if (optopt > 0 && optopt < 256) {
				snprintf(name, sizeof(name), "-%c", optopt);
				what = name;
			} else if (c == '?') {
				extmem_args_error(a, "unknown or ambiguous option '%s' (see --help)", seen);
				return -1;
			}
			if (c == ':')
				extmem_args_error(a, "%s needs a value", what);
			else if (strchr(seen, '=') != NULL && optopt >= 256)
				extmem_args_error(a, "%s takes no value", what);
			else
				extmem_args_error(a, "unknown option '%s' (see --help)", what);
			return -1;
		}
		size_t i = 256 <= c && (size_t)(c - 256) < nopts ? (size_t)(c - 256) : SIZE_MAX;
		for (size_t k = 0; i == SIZE_MAX && k < nopts; k++)
			if (opts[k].short_name == c)
				i = k;
		if (i == SIZE_MAX) {
			extmem_args_error(a, "unknown option '%s' (see --help)", seen);
			return -1;
		}
		if (a->set[i] && !(i < 32 && (repeatable >> i & 1u))) {
			extmem_args_error(a, "%s given twice", spelling(&opts[i], name, sizeof(name)));
			return -1;
		}
		a->set[i] = true;
		a->value[i] = opts[i].arg != NULL ? optarg : NULL;
		/* "--max-ms --quiet": getopt takes the next option as the value; nobody means that */
		if (opts[i].arg != NULL && optarg != NULL && optarg[0] == '-' && optarg[1] == '-' &&
		    optarg[2] != '\0') {
			extmem_args_error(a, "%s needs a value, not the option '%s'",
					  spelling(&opts[i], name, sizeof(name)), optarg);
			return -1;
		}
		if (opts[i].arg != NULL && optarg != NULL && optarg[0] == '\0') {
			extmem_args_error(a, "%s needs a value, not an empty string",
					  spelling(&opts[i], name, sizeof(name)));
			return -1;
		}
		if (on_opt != NULL) {
			int next = optind;
			if (on_opt(ctx, a, i, a->value[i], argc, argv, &next) != 0)
				return -1;
			if (next > optind && next <= argc)
				optind = next; /* the words the option took */
		}
	}
	/* after "--" getopt stops: the rest is positional */
	for (; optind < argc; optind++) {
		if (a->npos == EXTMEM_ARGS_MAX_POS) {
			extmem_args_error(a, "unexpected argument '%s'", argv[optind]);
			return -1;
		}
		a->pos[a->npos++] = argv[optind];
	}
	return 0;
}

int extmem_args_parse(struct extmem_args *a, const char *cmd, const struct extmem_opt *opts, size_t nopts, int argc,
		      char **argv)
{
	return parse(a, cmd, opts, nopts, 0, NULL, NULL, argc, argv);
}

int extmem_args_parse_each(struct extmem_args *a, const char *cmd, const struct extmem_opt *opts, size_t nopts,
			   uint32_t repeatable, extmem_args_fn on_opt, void *ctx, int argc, char **argv)
{
	return parse(a, cmd, opts, nopts, repeatable, on_opt, ctx, argc, argv);
}

/* After the parse: --help, then the count of positional arguments. */
static int command_checks(const struct extmem_args *a, const char *positional)
{
	if (a->help)
		return 1;
	if (positional == NULL && a->npos > 0) {
		extmem_args_error(a, "unexpected argument '%s' (see --help)", a->pos[0]);
		return -1;
	}
	if (positional != NULL && a->npos == 0) {
		extmem_args_error(a, "%s is missing (see --help)", positional);
		return -1;
	}
	if (positional != NULL && a->npos > 1) {
		extmem_args_error(a, "unexpected argument '%s' (%s is '%s')", a->pos[1], positional, a->pos[0]);
		return -1;
	}
	return 0;
}

int extmem_args_command(struct extmem_args *a, const char *cmd, const struct extmem_opt *opts, size_t nopts,
			const char *positional, int argc, char **argv)
{
	if (parse(a, cmd, opts, nopts, 0, NULL, NULL, argc, argv) != 0)
		return -1;
	return command_checks(a, positional);
}

int extmem_args_command_each(struct extmem_args *a, const char *cmd, const struct extmem_opt *opts, size_t nopts,
			     uint32_t repeatable, extmem_args_fn on_opt, void *ctx, const char *positional, int argc,
			     char **argv)
{
	if (parse(a, cmd, opts, nopts, repeatable, on_opt, ctx, argc, argv) != 0)
		return -1;
	return command_checks(a, positional);
}

int extmem_args_index(const struct extmem_args *a, const char *name)
{
	for (size_t i = 0; i < a->nopts; i++)
		if (strcmp(a->opts[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *extmem_args_get(const struct extmem_args *a, const char *name)
{
	int i = extmem_args_index(a, name);
	return i >= 0 && a->set[i] ? a->value[i] : NULL;
}

bool extmem_args_flag(const struct extmem_args *a, const char *name)
{
	int i = extmem_args_index(a, name);
	return i >= 0 && a->set[i];
}

/* Digits in base 10 or 16 only, accumulated with an overflow check. Returns 0 or -1. */
static int strict_u64(const char *s, uint64_t *out, const char **end)
{
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	uint64_t v = 0;
	const char *p = s;
	for (;; p++) {
		unsigned d;
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return 1; /* overflow */
		v = v * base + d;
	}
	if (p == s)
		return -1;
	*out = v;
	*end = p;
	return 0;
}

int extmem_args_u64(const struct extmem_args *a, const char *name, const char *text, uint64_t min, uint64_t max,
		    uint64_t *out)
{
	uint64_t v = 0;
	const char *end = NULL;
	int r = text != NULL ? strict_u64(text, &v, &end) : -1;
	if (r < 0 || (r == 0 && *end != '\0')) {
		extmem_args_error(a, "--%s: '%s' is not a number (decimal, or hex with 0x; no sign)", name,
				  text ? text : "");
		return -1;
	}
	if (r > 0 || v < min || v > max) {
		extmem_args_error(a, "--%s: '%s' is out of range (%llu..%llu)", name, text, (unsigned long long)min,
				  (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int extmem_args_opt_u64(const struct extmem_args *a, const char *name, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *v = extmem_args_get(a, name);
	return v == NULL ? 0 : extmem_args_u64(a, name, v, min, max, out);
}

int extmem_args_time_ps(const struct extmem_args *a, const char *name, const char *text, uint64_t max_ps, uint64_t *out)
{
	static const struct {
		const char *unit;
		uint64_t ps;
	} units[] = {{"ps", 1}, {"ns", 1000}, {"us", 1000000}, {"ms", 1000000000}, {"s", 1000000000000ull}};
	uint64_t v = 0;
	const char *end = NULL;
	int r = strict_u64(text, &v, &end);
	size_t u = sizeof(units) / sizeof(units[0]);
	for (size_t i = 0; r == 0 && i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].unit) == 0)
			u = i;
	if (r < 0 || (r == 0 && u == sizeof(units) / sizeof(units[0]))) {
		extmem_args_error(a, "--%s: '%s' is not a time (an integer and a unit: ps, ns, us, ms or s)", name,
				  text);
		return -1;
	}
	if (r > 0 || v > max_ps / units[u].ps) {
		extmem_args_error(a, "--%s: '%s' is out of range (at most %llu ms)", name, text,
				  (unsigned long long)(max_ps / 1000000000u));
		return -1;
	}
	*out = v * units[u].ps;
	return 0;
}

void extmem_args_print_options(FILE *out, const struct extmem_opt *opts, size_t nopts)
{
	for (size_t i = 0; i < nopts; i++) {
		char left[64];
		const char *sp = opts[i].arg ? " " : "", *arg = opts[i].arg ? opts[i].arg : "";
		if (opts[i].short_name != 0)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", opts[i].short_name, opts[i].name, sp, arg);
		else
			snprintf(left, sizeof(left), "    --%s%s%s", opts[i].name, sp, arg);
		/* a help text may run over several lines: "\n" continues under the first */
		const char *h = opts[i].help;
		const char *nl = strchr(h, '\n');
		fprintf(out, "  %-26s %.*s\n", left, nl ? (int)(nl - h) : (int)strlen(h), h);
		while (nl != NULL) {
			h = nl + 1;
			nl = strchr(h, '\n');
			fprintf(out, "  %-26s %.*s\n", "", nl ? (int)(nl - h) : (int)strlen(h), h);
		}
	}
	fprintf(out, "  %-26s %s\n", "-h, --help", "this text");
}
