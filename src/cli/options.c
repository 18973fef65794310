/* options.c: the option table, the parser, --help and the man page.
 *
 * The table is sorted by option name (asserted by a test) so that --help lists options in a
 * stable order. Exit statuses are documented once, in exit_codes[], for --help and man alike.
 */
#include "cli/cli.h"
#include "util/atomic_file.h"

#include <stdlib.h>
#include <string.h>

static const cli_option options[] = {
    {"alpha", "Q", "scan",
     "false-discovery rate of the flags: flag renters with q-value <= Q (default 0.05)", 0},
    {"block", "RULE", "link keys",
     "link: compare only the pairs of this blocking rule of the spec (its columns joined by '+', "
     "as in the spec: payment_fp, name+dob), for partitions made by that rule's key; keys: print "
     "only this rule's keys; repeatable",
     1},
    {"buffered-output", NULL, "scan train gen link keys",
     "write the output files through the page cache, as ordinary writes do; by default each "
     "file's whole 4 MiB blocks are written past it (O_DIRECT), on a thread of their own, where "
     "the file system allows, and only the file's last part through it, so that gigabytes of "
     "outputs neither wait for the kernel to find memory for them nor push other files out of the "
     "cache (on a network file system each direct block waits for the server); the files are the "
     "same either way",
     0},
    {"dot", NULL, "explain",
     "write the renter's leases and links as a Graphviz DOT graph instead of words", 0},
    {"edges", "FILE|DIR", "scan",
     "take the links from edge files written by leasehound link instead of blocking and comparing; "
     "needs --params; repeatable; a folder gives all its files but those starting with '.' or '_' "
     "(Hadoop and Spark output folders); '-' reads standard input",
     1},
    {"encoding", "NAME", "scan train link keys",
     "the inputs' text encoding: auto (the default, from each file's first 64 KiB: UTF-16 or "
     "UTF-32 after a byte-order mark, UTF-16 for ASCII in 16-bit units, Windows-1252 when bytes "
     "that are not UTF-8 look like accented Latin text in it, else UTF-8), or any name iconv "
     "knows (utf-8, windows-1252, iso-8859-2, utf-16, shift_jis, ...; iconv --list)",
     0},
    {"folds", "K", "train", "cross-validation folds for choosing the penalty (default 5)", 0},
    {"json", NULL, "eval", "print the report as one JSON object instead of text", 0},
    {"labels", NULL, "gen", "also write label and actor_id columns (for train and eval)", 0},
    {"leases", "N", "gen", "rows to generate (1 to 1000000000)", 0},
    {"list-scenarios", NULL, "gen", "print every scenario's parameters as a markdown table", 0},
    {"map", "SPEC", "scan train link keys",
     "map columns: canonical=source,... ('+' joins, '|' alternatives) or a file of such lines", 1},
    {"max-field-size", "BYTES", "scan train link keys",
     "reject rows with a field longer than this (default 65536)", 0},
    {"max-rejects", "N|P%", "scan train link keys",
     "exit 65 when more than N rows (or P% of rows) are rejected", 0},
    {"model", "FILE", "scan",
     "score with a model from leasehound train instead of the unsupervised model", 0},
    {"out", "PATH", "scan train gen link keys",
     "scan: output folder (created if missing); train: the model file; gen: the log (.gz: gzip); "
     "link: the edge file, keys: the key file ('-': standard output)",
     0},
    {"params", "FILE", "scan link",
     "decide links with these linkage parameters (from link --save-params) instead of estimating "
     "them; link also applies the whole-log statistics saved with them",
     0},
    {"preset", "NAME", "scan train link keys", "built-in column map: whmcs, febrl, splink", 0},
    {"previous", "DIR", "scan",
     "compare with an earlier scan's output folder: renters.csv gains a status column (new, "
     "unchanged, escalated) for flagged renters",
     0},
    {"pseudonymize", "KEYFILE", "scan",
     "replace personal values in every output by HMAC-SHA-256 pseudonyms keyed by the file's bytes",
     0},
    {"quiet", NULL, "scan train gen link keys", "print nothing but errors", 0},
    {"save-params", "FILE", "link",
     "write the linkage parameters in effect and the figures of their estimate to FILE, for "
     "--params (with --whole-log, also the inputs' statistics)",
     0},
    {"scenario", "NAME", "gen", "population to draw: default, tick, hard, scale (default: default)",
     0},
    {"seed", "S", "gen train",
     "random seed (default 1); gen: same seed and options, same bytes; train: the cross-validation "
     "folds",
     0},
    {"since", "DATE", "scan",
     "report only renters with a lease on or after DATE (linking still uses all history)", 0},
    {"spec", "FILE", "scan train link keys",
     "linkage spec to use instead of the built-in models/linkage.spec", 0},
    {"threads", "N", "scan train link",
     "threads for the value index, blocking, pair comparison, EM, deciding, features and the "
     "model's evidence; loading and writing use two when N > 1 (and each output file one more, "
     "which only waits for the disk, unless --buffered-output); outputs are identical for any N "
     "(default: the number of cores, at most 16)",
     0},
    {"truth", "FILE", "eval gen",
     "eval: the ground truth to read (lease_id, label, optional actor_id, kind); gen: also write "
     "it (lease_id,actor_id,label,kind; .gz: gzip)",
     0},
    {"whole-log", NULL, "link",
     "the inputs are the whole log: --save-params also saves their over-shared values and term "
     "frequencies, which link --params then uses in every partition instead of the partition's own",
     0},
};

static const struct {
    int code;
    const char *meaning;
} exit_codes[] = {
    {0, "success (rejected rows are reported in rejects.csv, not fatal)"},
    {2, "usage error"},
    {65, "bad input beyond --max-rejects, or a missing required column"},
    {66, "an input cannot be opened or read"},
    {70, "internal or numerical error"},
    {73, "an output cannot be written"},
};

static const cli_command commands[] = {
    {"scan", "INPUT... --out DIR [--edges FILE... --params FILE] [options]",
     "find renters behind fake identities in rental logs",
     "Reads rental logs (CSV, plain or gzip, recognised by content; commas, or semicolons, tabs or "
     "'|' when the header has no comma; lines above the header, such as a title, skipped when the "
     "first line is no usable header and one of the next 20 clearly is one, and counted in "
     "summary.json as inputs[].preamble_lines; Excel's =\"0123\" read as 0123), maps their "
     "columns onto the canonical schema and normalizes every row; links the leases that one "
     "actor made into "
     "renters (Fellegi-Sunter model estimated without labels); scores every renter (an anomaly "
     "score with p-values under an empirical null and Benjamini-Hochberg q-values) and flags those "
     "with q <= alpha. Writes leases.csv, renters.csv, evidence.jsonl, rejects.csv, "
     "summary.json and report.html (one self-contained page for an analyst) to DIR. With "
     "--edges (and --params), the links come from edge files written by leasehound link, joined "
     "by lease id (ids not in the inputs counted and skipped, duplicate pairs merged), instead "
     "of blocking and comparing; clustering, the guard, persons, features, model and report run "
     "as without (docs/scale-out.md).",
     cmd_scan},
    {"link",
     "INPUT... --out EDGES.csv [--params FILE] [--save-params FILE [--whole-log]] [--block RULE] "
     "[options]",
     "compare pairs and write the accepted ones as an edge file (scale-out)",
     "The expensive half of scan, for logs too large for one machine (docs/scale-out.md): reads "
     "rental logs as scan does, makes candidate pairs from the spec's blocking rules (only those "
     "given with --block), compares them and decides each with the Fellegi-Sunter model, "
     "estimated from the inputs or given with --params, and writes the accepted pairs to "
     "EDGES.csv: lease_id_a, lease_id_b, log2_odds, kind (same_person, co_located, persona), "
     "via (a persona's reused identifier), pattern (each field's comparison level, 4 bits, in "
     "hex), ordered by input row, after comment lines (#) with the run's figures. No "
     "clustering: run it on partitions of a log in which all leases sharing a blocking key are "
     "together, with one --params estimated once (--save-params on a sample or the whole log), "
     "then give every partition's edges to scan --edges. With --params from a --whole-log run, "
     "the whole log's over-shared values and term frequencies replace the partition's own. "
     "With --block, only that rule's pairs are made (those an earlier rule holds are left to "
     "its run), for partitions made by that rule's key. Rejected rows are counted on stderr, "
     "not written.",
     cmd_link},
    {"keys", "INPUT... --out KEYS.csv [--block RULE] [options]",
     "print every lease's blocking keys, for partitioning a log (scale-out)",
     "Reads rental logs as scan does and prints, for every lease and every blocking rule of the "
     "spec (those given with --block) whose columns all have a value, lease_id, rule and key: 16 "
     "hex digits of a fixed hash (FNV-1a) of the normalized values, the same on every machine. "
     "Partition a log by (rule, key) and every block of that rule lies in one partition, "
     "whatever the raw spelling of its values; then run link --block RULE on each "
     "(docs/scale-out.md). Rejected rows are counted on stderr and have no keys.",
     cmd_keys},
    {"train", "INPUT... --out FILE.model [options]", "fit the supervised model on labelled logs",
     "Runs the pipeline of scan on labelled rental logs (a label column: 1 fake identity, 0 "
     "benign, empty unknown), makes a renter positive when any of its labelled leases is, and fits "
     "L2-regularised logistic regression on the renter features, choosing the penalty by "
     "stratified k-fold cross-validation. The model file records the features, scaling, "
     "coefficients, penalty, seed, the inputs' SHA-256 and the cross-validated metrics and "
     "calibration; scan --model uses it.",
     cmd_train},
    {"eval", "--truth FILE DIR [--json]", "measure a scan's flags and links against ground truth",
     "Reads DIR/leases.csv (lease_id, renter_id, score, flagged), the truth file (columns by "
     "name: lease_id; label 1, 0 or empty = unknown; optional actor_id and kind) and the alpha of "
     "DIR/summary.json, joins them by lease_id and prints: average precision and ROC-AUC of the "
     "score (leases with a known label); precision, recall and false-positive rate of the flags; "
     "precision at 10, 100 and 1000 renters ranked by score (ties shared by expectation); the "
     "realised false discovery rate of the flags for leases and renters beside alpha; the flag "
     "rate per kind; pairwise and B-cubed precision, recall and F1 of renter_id against actor_id. "
     "A truth lease missing from leases.csv counts as score 0, unflagged, its own renter; leases "
     "outside the truth, duplicate ids and bad rows are counted, reported and ignored.",
     cmd_eval},
    {"gen", "--leases N --out FILE [--scenario NAME] [--seed S] [--truth FILE] [--labels]",
     "generate a synthetic rental log with ground truth",
     "Writes a rental log of exactly N leases in created_at order, drawn from a scenario: honest "
     "customers (single, repeat, household, company, campus, mobile_nat, vpn_user, reseller) "
     "and fake-identity actors (fake_card, fake_device, fake_ipblock, fake_phone, fake_mailbox, "
     "fake_slow, fake_burst, fake_tick) in the canonical schema. --truth writes "
     "lease_id,actor_id,label,kind (label 1 = fake identity); --labels appends label,actor_id "
     "to the log itself. The same options and seed always give the same bytes. "
     "--list-scenarios prints every scenario's rates.",
     cmd_gen},
    {"explain", "DIR RENTER_ID [--dot]", "show the evidence for one renter of a scan",
     "Reads the outputs of a scan in DIR: the renter's row of renters.csv (rank, score, q-value, "
     "flagged, reasons, lease ids), alpha and the model from summary.json (optional) and, for a "
     "flagged renter, its object in evidence.jsonl. Prints why the renter was flagged (its "
     "q-value against alpha and its reasons), the values its links share with their weights in "
     "bits and how many links and leases share each, its leases with their values, and its "
     "links with the fields that agree, their levels and weights and how the model explains "
     "them (the first 200). Values are printed as the files hold them: pseudonyms when the scan "
     "was pseudonymized. For a renter that is not flagged it prints its row of renters.csv; "
     "evidence.jsonl holds flagged renters only. --dot writes a Graphviz graph instead: the "
     "leases as nodes (id and time), every link as an edge labelled with its agreeing fields, "
     "levels and bits. Exit status 65 when RENTER_ID is not in DIR/renters.csv or a file is "
     "malformed, 66 when renters.csv or evidence.jsonl cannot be read.",
     cmd_explain},
};

const cli_option *cli_options(size_t *count)
{
    *count = sizeof options / sizeof *options;
    return options;
}

const cli_command *cli_commands(size_t *count)
{
    *count = sizeof commands / sizeof *commands;
    return commands;
}

const cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int takes(const cli_option *o, const char *command)
{
    size_t n = strlen(command);
    for (const char *p = o->commands; *p;) {
        size_t k = strcspn(p, " ");
        if (k == n && strncmp(p, command, n) == 0)
            return 1;
        p += k + (p[k] == ' ');
    }
    return 0;
}

static const cli_option *find_option(const char *command, const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof options / sizeof *options; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0 &&
            takes(&options[i], command))
            return &options[i];
    return NULL;
}

lh_status cli_parse(cli_args *a, const char *command, int argc, char **argv, lh_error *err)
{
    memset(a, 0, sizeof *a);
    a->command = command;
    int only_positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (only_positional || s[0] != '-' || strcmp(s, "-") == 0) {
            if (a->n_pos == CLI_MAX_ARGS)
                return LH_FAIL(err, LH_EUSAGE, "too many arguments");
            a->pos[a->n_pos++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            a->help = 1;
            continue;
        }
        if (s[1] != '-')
            return LH_FAIL(err, LH_EUSAGE, "%s: unknown option %s (options are --long)", command,
                           s);
        const char *name = s + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const cli_option *o = find_option(command, name, len);
        if (o == NULL)
            return LH_FAIL(err, LH_EUSAGE, "%s: unknown option --%.*s (see leasehound %s --help)",
                           command, (int)len, name, command);
        const char *val = NULL;
        if (o->arg) {
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else
                return LH_FAIL(err, LH_EUSAGE, "%s: --%s needs a value (%s)", command, o->name,
                               o->arg);
        } else if (eq) {
            return LH_FAIL(err, LH_EUSAGE, "%s: --%s takes no value", command, o->name);
        }
        if (!o->repeat && cli_get(a, o->name))
            return LH_FAIL(err, LH_EUSAGE, "%s: --%s given twice", command, o->name);
        if (a->n_opt == CLI_MAX_ARGS)
            return LH_FAIL(err, LH_EUSAGE, "too many options");
        a->opt[a->n_opt] = o;
        a->val[a->n_opt++] = val ? val : "";
    }
    /* how every command's output files are written (atomic_file.h) */
    atomic_file_set_direct(!cli_flag(a, "buffered-output"));
    return LH_OK;
}

const char *cli_get(const cli_args *a, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < a->n_opt; i++)
        if (strcmp(a->opt[i]->name, name) == 0)
            v = a->val[i];
    return v;
}

int cli_flag(const cli_args *a, const char *name)
{
    return cli_get(a, name) != NULL;
}

int cli_fail(const lh_error *err)
{
    fprintf(stderr, "leasehound: %s\n", err->message);
    return err->code == LH_OK ? LH_EINTERNAL : (int)err->code;
}

static void print_wrapped(FILE *f, const char *text, int indent, int width)
{
    int col = indent;
    fprintf(f, "%*s", indent, "");
    for (const char *p = text; *p;) {
        size_t w = strcspn(p, " ");
        if (col + (int)w > width && col > indent) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        }
        fwrite(p, 1, w, f);
        col += (int)w;
        p += w;
        if (*p == ' ') {
            p++;
            if (col < width) {
                putc(' ', f);
                col++;
            }
        }
    }
    putc('\n', f);
}

void cli_print_help(FILE *f, const cli_command *cmd)
{
    size_t nc = sizeof commands / sizeof *commands;
    if (cmd == NULL) {
        fprintf(f, "leasehound %s: find people who rent servers under fake identities\n\n",
                LH_VERSION);
        fprintf(f, "Usage:\n");
        for (size_t i = 0; i < nc; i++)
            fprintf(f, "  leasehound %s %s\n", commands[i].name, commands[i].synopsis);
        fprintf(f, "  leasehound --help | --version\n  leasehound COMMAND --help\n\nCommands:\n");
        for (size_t i = 0; i < nc; i++)
            fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    } else {
        fprintf(f, "Usage: leasehound %s %s\n\n", cmd->name, cmd->synopsis);
        print_wrapped(f, cmd->description, 0, 78);
        fprintf(f, "\nOptions:\n");
        for (size_t i = 0; i < sizeof options / sizeof *options; i++) {
            const cli_option *o = &options[i];
            if (!takes(o, cmd->name))
                continue;
            char head[64];
            snprintf(head, sizeof head, "--%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
            fprintf(f, "  %-24s %s\n", head, o->help);
        }
        fprintf(f, "  %-24s %s\n", "--help", "this text");
    }
    fprintf(f, "\nExit status:\n");
    for (size_t i = 0; i < sizeof exit_codes / sizeof *exit_codes; i++)
        fprintf(f, "  %-3d %s\n", exit_codes[i].code, exit_codes[i].meaning);
}

/* Escapes text for roff: backslashes, and a leading dot or quote. */
static void roff(FILE *f, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", f);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", f);
        else if (*s == '-')
            fputs("\\-", f);
        else
            putc(*s, f);
    }
}

void cli_print_man(FILE *f)
{
    size_t nc = sizeof commands / sizeof *commands;
    fprintf(f, ".TH LEASEHOUND 1 \"\" \"leasehound %s\" \"User Commands\"\n", LH_VERSION);
    fprintf(f, ".SH NAME\nleasehound \\- find people who rent servers under fake identities\n");
    fprintf(f, ".SH SYNOPSIS\n");
    for (size_t i = 0; i < nc; i++) {
        fprintf(f, ".B leasehound %s\n", commands[i].name);
        roff(f, commands[i].synopsis);
        fprintf(f, "\n.br\n");
    }
    fprintf(f, ".SH COMMANDS\n");
    for (size_t i = 0; i < nc; i++) {
        fprintf(f, ".TP\n.B %s\n", commands[i].name);
        roff(f, commands[i].description);
        fputc('\n', f);
    }
    fprintf(f, ".SH OPTIONS\n");
    for (size_t i = 0; i < sizeof options / sizeof *options; i++) {
        const cli_option *o = &options[i];
        fprintf(f, ".TP\n.BR \\-\\-");
        roff(f, o->name);
        if (o->arg) {
            fprintf(f, " \" \" \\fI");
            roff(f, o->arg);
            fprintf(f, "\\fR");
        }
        fprintf(f, "\n");
        roff(f, o->help);
        fprintf(f, " (");
        roff(f, o->commands);
        fprintf(f, ")\n");
    }
    fprintf(f, ".SH EXIT STATUS\n");
    for (size_t i = 0; i < sizeof exit_codes / sizeof *exit_codes; i++) {
        fprintf(f, ".TP\n.B %d\n", exit_codes[i].code);
        roff(f, exit_codes[i].meaning);
        fputc('\n', f);
    }
}
