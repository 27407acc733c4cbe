/* SPDX-License-Identifier: MIT */
/*
 * Strict command-line parsing for the `extmem` subcommands: one table of
 * options per command, parsed with getopt_long, one wording for every error,
 * and numbers that are range-checked (decimal or 0x hex, no sign, no wrap).
 *
 *   static const struct extmem_opt opts[] = {
 *       {"max-ms", 0, "N", "virtual time limit in ms (default 1000)"},
 *       {"quiet", 'q', NULL, "print the LED log at the end"},
 *   };
 *   struct extmem_args a;
 *   int rc = extmem_args_parse(&a, "extmem run", opts, N, argc, argv);
 *
 * A row with arg == NULL is a flag; otherwise the option takes a value.
 * -h/--help is always known. Every option may appear once; positional
 * arguments are collected in order.
 */
#ifndef EXTMEM_TOOL_ARGS_H
#define EXTMEM_TOOL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EXTMEM_ARGS_MAX_OPTS 32
#define EXTMEM_ARGS_MAX_POS  8

struct extmem_opt {
	const char *name; /* long name, without "--" */
	char short_name;  /* 0: none */
	const char *arg;  /* value placeholder for --help; NULL: a flag */
	const char *help; /* one line */
};

struct extmem_args {
	const char *cmd; /* "extmem run": prefix of every message */
	const struct extmem_opt *opts;
	size_t nopts;
	bool help;                               /* -h or --help given */
	bool set[EXTMEM_ARGS_MAX_OPTS];          /* option i given */
	const char *value[EXTMEM_ARGS_MAX_OPTS]; /* its value (NULL for flags) */
	const char *pos[EXTMEM_ARGS_MAX_POS];
	size_t npos;
};

/*
 * Parses argv (argv[0] is the command name). Returns 0, or -1 after printing
 * one line on stderr: unknown option, missing value, option given twice, a
 * value for a flag, too many positional arguments.
 */
int extmem_args_parse(struct extmem_args *a, const char *cmd, const struct extmem_opt *opts, size_t nopts, int argc,
		      char **argv);

/*
 * For commands whose options are actions run in order (`extmem prog`): like
 * extmem_args_parse, and on_opt is called for each option as it comes, in
 * command-line order, with its table index and value. Options whose bit is
 * set in `repeatable` (bit i = row i) may be given more than once. An option
 * may take more words than its value: *next is the index in argv of the word
 * after it; on_opt advances it past the words it took. on_opt returns 0, or
 * -1 after printing its message (extmem_args_error).
 */
typedef int (*extmem_args_fn)(void *ctx, const struct extmem_args *a, size_t opt, const char *value, int argc,
			      char **argv, int *next);
int extmem_args_parse_each(struct extmem_args *a, const char *cmd, const struct extmem_opt *opts, size_t nopts,
			   uint32_t repeatable, extmem_args_fn on_opt, void *ctx, int argc, char **argv);

/*
 * The start every subcommand shares: the parse, then -h/--help, then the
 * positional arguments. `positional` names the one argument the command
 * takes ("BOOT.elf": missing or a second one is an error), or is NULL for a
 * command that takes none. Returns 0 to go on, 1 when --help was given
 * (nothing else is checked), or -1 after the message.
 */
int extmem_args_command(struct extmem_args *a, const char *cmd, const struct extmem_opt *opts, size_t nopts,
			const char *positional, int argc, char **argv);
/* The same for extmem_args_parse_each. */
int extmem_args_command_each(struct extmem_args *a, const char *cmd, const struct extmem_opt *opts, size_t nopts,
			     uint32_t repeatable, extmem_args_fn on_opt, void *ctx, const char *positional, int argc,
			     char **argv);

/* Index of the option called name in the table (the table is the caller's: a missing name is a bug, -1). */
int extmem_args_index(const struct extmem_args *a, const char *name);
/* The value of option `name`, or NULL when not given. */
const char *extmem_args_get(const struct extmem_args *a, const char *name);
bool extmem_args_flag(const struct extmem_args *a, const char *name);

/*
 * Parses text as an unsigned number in [min, max]: decimal or 0x hex, no
 * sign, no blanks, no wrap. Returns 0, or -1 after printing
 * "CMD: --NAME: 'TEXT' is not a number ..." or "... is out of range (MIN..MAX)".
 */
int extmem_args_u64(const struct extmem_args *a, const char *name, const char *text, uint64_t min, uint64_t max,
		    uint64_t *out);
/* Option `name` as a number when given (else *out is left as is, the default). */
int extmem_args_opt_u64(const struct extmem_args *a, const char *name, uint64_t min, uint64_t max, uint64_t *out);

/*
 * A virtual time: a number with a unit, ps|ns|us|ms|s ("250us", "1.5ms" is
 * not accepted: integers only), in picoseconds, within [0, max_ps].
 */
int extmem_args_time_ps(const struct extmem_args *a, const char *name, const char *text, uint64_t max_ps,
			uint64_t *out);

/* "usage: " line is the caller's; this prints the option table, aligned. */
void extmem_args_print_options(FILE *out, const struct extmem_opt *opts, size_t nopts);

/* Every message of the tool about arguments goes through here: "CMD: message\n" on stderr. */
void extmem_args_error(const struct extmem_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
