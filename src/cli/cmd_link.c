/* cmd_link.c: `leasehound link`, the pair comparison alone, for running it on partitions of a
 * log on many machines (docs/scale-out.md): load, block, compare, decide with estimated or given
 * parameters, and write the accepted pairs as an edge file (link/edgefile.h) and the parameters
 * with the inputs' statistics (link_global_save). `scan --edges` takes it from there. */
#include "cli/cli.h"
#include "util/atomic_file.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

/* Writes the edge file to path ("-": standard output), atomically for a file. */
static lh_status write_edges(const char *path, const link_result *r, const lease_table *t,
                             const link_spec *spec, lh_error *err)
{
    if (strcmp(path, "-") == 0) {
        edge_file_write(stdout, r, t, spec);
        if (fflush(stdout) != 0 || ferror(stdout))
            return LH_FAIL(err, LH_ECANTCREAT, "cannot write the edges to standard output");
        return LH_OK;
    }
    atomic_file af;
    lh_status st = cli_open_output(&af, path, err);
    if (st != LH_OK)
        return st;
    edge_file_write(af.f, r, t, spec);
    return atomic_file_commit(&af, err);
}

int cmd_link(int argc, char **argv)
{
    lh_error err;
    lh_error_clear(&err);
    static cli_args args; /* large; used once per process */
    static pipeline p;
    pipeline_init(&p);
    pipeline_options po;
    link_result r;
    memset(&r, 0, sizeof r);
    link_global *capture = NULL;
    static const char *blocks[CLI_MAX_ARGS];
    size_t n_blocks = 0;

    if (cli_parse(&args, "link", argc, argv, &err) != LH_OK)
        goto fail;
    if (args.help) {
        cli_print_help(stdout, cli_command_find("link"));
        return 0;
    }
    const char *out = cli_get(&args, "out"), *save = cli_get(&args, "save-params");
    if (args.n_pos == 0 || (out == NULL && save == NULL)) {
        LH_FAIL(&err, LH_EUSAGE,
                "link needs INPUT... and --out EDGES.csv and/or --save-params FILE (see "
                "leasehound link --help)");
        goto fail;
    }
    int quiet = cli_flag(&args, "quiet");
    if (cli_pipeline_options(&args, &p, &po, &err) != LH_OK)
        goto fail;
    po.params_path = cli_get(&args, "params");
    for (size_t i = 0; i < args.n_opt; i++)
        if (strcmp(args.opt[i]->name, "block") == 0)
            blocks[n_blocks++] = args.val[i];
    /* statistics are saved only from the whole log: a sample's counts are not the log's, and
       in partitions they do worse than each partition's own (docs/scale-out.md) */
    int whole = cli_flag(&args, "whole-log");
    if (whole && save == NULL) {
        LH_FAIL(&err, LH_EUSAGE, "link: --whole-log says what --save-params saves; give both");
        goto fail;
    }
    uint32_t mask = 0;
    if (n_blocks) { /* checked against the spec before the inputs are read */
        static link_spec probe;
        if (link_spec_load(&probe, po.spec_path, &err) != LH_OK ||
            cli_rule_mask(&probe, blocks, n_blocks, &mask, &err) != LH_OK)
            goto fail;
        if (po.params_path == NULL) {
            LH_FAIL(&err, LH_EUSAGE,
                    "link --block needs --params FILE: the pairs of one rule cannot estimate the "
                    "model of all of them");
            goto fail;
        }
    }

    if (pipeline_load(&p, args.pos, args.n_pos, &po, &err) != LH_OK)
        goto fail;
    cli_note_spec(&p, quiet);
    link_options lopt = {po.threads, p.have_params ? &p.params : NULL, p.global, mask};
    if (link_run_pairs(&r, whole ? &capture : NULL, p.table, &p.spec, &lopt, &err) != LH_OK)
        goto fail;
    if (out && write_edges(out, &r, p.table, &p.spec, &err) != LH_OK)
        goto fail;
    if (save) {
        link_estimate est;
        if (p.have_params)
            est = p.estimate; /* the figures of the estimate in effect */
        else
            link_estimate_of(&est, &r, &p.spec);
        if (link_global_save(save, &r.params, &est, capture, &p.spec, &err) != LH_OK)
            goto fail;
    }
    if (!quiet) {
        const load_stats *ls = &p.stats;
        fprintf(stderr,
                "link: %llu rows read, %llu accepted, %llu rejected; %llu candidate pairs, "
                "%zu accepted (edges)%s%s\n",
                (unsigned long long)ls->records, (unsigned long long)ls->accepted,
                (unsigned long long)ls->rejected, (unsigned long long)r.candidate_pairs, r.n_edge,
                out ? " to " : "", out ? out : "");
        if (p.global) {
            size_t nc, ns, nv;
            link_global_size(p.global, &nc, &ns, &nv);
            fprintf(stderr,
                    "link: whole-log statistics from %s: %zu over-shared values, %zu value "
                    "counts\n",
                    po.params_path, ns, nv);
        }
        if (save)
            fprintf(stderr, "link: parameters%s%s written to %s\n",
                    p.have_params ? " (as given)" : " (estimated)",
                    whole ? " and the whole log's statistics" : "", save);
    }
    link_global_free(capture);
    link_result_free(&r);
    pipeline_free(&p);
    return 0;

fail:
    link_global_free(capture);
    link_result_free(&r);
    pipeline_free(&p);
    return cli_fail(&err);
}
