/* cli.h: the command-line layer.
 *
 * One table of options (options.c), sorted by name, feeds the parser, every `--help` and the man
 * page, so they cannot disagree. Each subcommand is a thin file cmd_<name>.c over the library.
 */
#ifndef LH_CLI_CLI_H
#define LH_CLI_CLI_H

#include "report/pipeline.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <stddef.h>
#include <stdio.h>

#include "util/version.h"
#define CLI_MAX_ARGS 4096

typedef struct cli_option {
    const char *name;     /* long name without the dashes */
    const char *arg;      /* value placeholder ("DIR"), or NULL for a flag */
    const char *commands; /* space-separated subcommands that accept it */
    const char *help;     /* one line for --help and the man page */
    int repeat;           /* may be given more than once */
} cli_option;

typedef struct cli_command {
    const char *name;
    const char *synopsis;    /* arguments after the command name */
    const char *summary;     /* one line */
    const char *description; /* a paragraph for CMD --help and the man page */
    int (*run)(int argc, char **argv);
} cli_command;

typedef struct cli_args {
    const char *command;
    const cli_option *opt[CLI_MAX_ARGS];
    const char *val[CLI_MAX_ARGS];
    size_t n_opt;
    const char *pos[CLI_MAX_ARGS]; /* positional arguments */
    size_t n_pos;
    int help;
} cli_args;

const cli_option *cli_options(size_t *count);
const cli_command *cli_commands(size_t *count);
const cli_command *cli_command_find(const char *name);

/* Parses argv[1..argc) for `command`. LH_EUSAGE on an unknown option, a missing value or an
 * option given twice that cannot repeat. "--help" sets args->help. */
lh_status cli_parse(cli_args *args, const char *command, int argc, char **argv, lh_error *err);
/* The last value of an option, or NULL. */
const char *cli_get(const cli_args *args, const char *name);
int cli_flag(const cli_args *args, const char *name);

void cli_print_help(FILE *f, const cli_command *cmd); /* NULL: the general help */
void cli_print_man(FILE *f);
/* Prints "leasehound: <message>" and returns the exit status for err. */
int cli_fail(const lh_error *err);

/* Reads the options shared by scan and train (map, preset, max-rejects, max-field-size, threads,
 * spec, quiet) into p's column map and o. */
lh_status cli_pipeline_options(const cli_args *args, pipeline *p, pipeline_options *o,
                               lh_error *err);
lh_status cli_parse_size(const char *name, const char *s, size_t lo, size_t hi, size_t *out,
                         lh_error *err);
/* On stderr unless quiet: a note when p's spec fixes u of the identifiers per pair (key_u) and
 * the parameters are estimated here (not given with --params): a shared identifier then weighs
 * less the larger the log (models/README.md, key_rate). */
void cli_note_spec(const pipeline *p, int quiet);

/* The mask of the spec's blocking rules named in blocks[] (columns joined by '+', as in the
 * spec's block lines). LH_EUSAGE for a name that is not a rule of the spec. */
lh_status cli_rule_mask(const link_spec *spec, const char *const *blocks, size_t n, uint32_t *mask,
                        lh_error *err);
/* Opens path for atomic writing (util/atomic_file.h), its folder "." when it has none. */
lh_status cli_open_output(atomic_file *af, const char *path, lh_error *err);

int cmd_scan(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_explain(int argc, char **argv);

#endif
