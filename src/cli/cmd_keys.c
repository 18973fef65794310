/* cmd_keys.c: `leasehound keys`, every lease's blocking keys, for partitioning a log by key on
 * a distributed engine (docs/scale-out.md): load as scan does, then print lease_id, rule and a
 * hash of the normalized key (link/edgefile.h, keys_file_write). A partition made from these
 * keys holds exactly the leases that a rule puts in one block, whatever their raw spelling
 * (phone formats, Gmail dots, name order): a partition by the raw text would split them. */
#include "cli/cli.h"

#include <string.h>

int cmd_keys(int argc, char **argv)
{
    lh_error err;
    lh_error_clear(&err);
    static cli_args args; /* large; used once per process */
    static pipeline p;
    pipeline_init(&p);
    pipeline_options po;
    static const char *blocks[CLI_MAX_ARGS];
    size_t n_blocks = 0;
    uint32_t mask = 0;

    if (cli_parse(&args, "keys", argc, argv, &err) != LH_OK)
        goto fail;
    if (args.help) {
        cli_print_help(stdout, cli_command_find("keys"));
        return 0;
    }
    const char *out = cli_get(&args, "out");
    if (args.n_pos == 0 || out == NULL) {
        LH_FAIL(&err, LH_EUSAGE,
                "keys needs INPUT... and --out KEYS.csv (see leasehound keys --help)");
        goto fail;
    }
    if (cli_pipeline_options(&args, &p, &po, &err) != LH_OK)
        goto fail;
    for (size_t i = 0; i < args.n_opt; i++)
        if (strcmp(args.opt[i]->name, "block") == 0)
            blocks[n_blocks++] = args.val[i];
    if (n_blocks) { /* checked against the spec before the inputs are read */
        static link_spec probe;
        if (link_spec_load(&probe, po.spec_path, &err) != LH_OK ||
            cli_rule_mask(&probe, blocks, n_blocks, &mask, &err) != LH_OK)
            goto fail;
    }
    if (pipeline_load(&p, args.pos, args.n_pos, &po, &err) != LH_OK)
        goto fail;
    if (strcmp(out, "-") == 0) {
        keys_file_write(stdout, p.table, &p.spec, mask);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            LH_FAIL(&err, LH_ECANTCREAT, "cannot write the keys to standard output");
            goto fail;
        }
    } else {
        atomic_file af;
        if (cli_open_output(&af, out, &err) != LH_OK)
            goto fail;
        keys_file_write(af.f, p.table, &p.spec, mask);
        if (atomic_file_commit(&af, &err) != LH_OK)
            goto fail;
    }
    if (!cli_flag(&args, "quiet"))
        fprintf(stderr,
                "keys: %llu rows read, %llu accepted, %llu rejected; keys of %zu leases "
                "to %s\n",
                (unsigned long long)p.stats.records, (unsigned long long)p.stats.accepted,
                (unsigned long long)p.stats.rejected, p.table->count, out);
    pipeline_free(&p);
    return 0;

fail:
    pipeline_free(&p);
    return cli_fail(&err);
}
