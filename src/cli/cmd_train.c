/* cmd_train.c: `leasehound train`: fits the supervised model on labelled rental logs and
 * writes a model file (model/supervised.h, models/README.md). */
#include "cli/cli.h"
#include "model/supervised.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_train(int argc, char **argv)
{
    lh_error err;
    lh_error_clear(&err);
    cli_args args;
    static pipeline p;
    static logreg_model m;
    pipeline_init(&p);
    pipeline_options po;
    int8_t *label = NULL;

    if (cli_parse(&args, "train", argc, argv, &err) != LH_OK)
        goto fail;
    if (args.help) {
        cli_print_help(stdout, cli_command_find("train"));
        return 0;
    }
    const char *out = cli_get(&args, "out");
    if (args.n_pos == 0 || out == NULL) {
        LH_FAIL(&err, LH_EUSAGE, "train needs INPUT... and --out FILE.model");
        goto fail;
    }
    if (cli_pipeline_options(&args, &p, &po, &err) != LH_OK)
        goto fail;
    logreg_options lo = {1, 5};
    size_t v;
    const char *seed_s = cli_get(&args, "seed"), *folds_s = cli_get(&args, "folds");
    if (seed_s && cli_parse_size("seed", seed_s, 0, 4294967295u, &v, &err) != LH_OK)
        goto fail;
    if (seed_s)
        lo.seed = v;
    if (folds_s && cli_parse_size("folds", folds_s, 2, 20, &v, &err) != LH_OK)
        goto fail;
    if (folds_s)
        lo.folds = (int)v;
    if (pipeline_run(&p, args.pos, args.n_pos, &po, &err) != LH_OK)
        goto fail;
    cli_note_spec(&p, cli_flag(&args, "quiet"));
    if (!p.stats.has_label) {
        LH_FAIL(&err, LH_EDATA, "train needs a label column (1 fake identity, 0 benign)");
        goto fail;
    }
    /* a renter is positive when any of its labelled leases is 1 */
    size_t nr = p.link.n_renters;
    label = xmalloc(nr ? nr : 1);
    memset(label, -1, nr ? nr : 1);
    for (size_t i = 0; i < p.table->count; i++) {
        int8_t l = p.table->label[i];
        uint32_t r = p.link.renter[i];
        if (l == 1 || (l == 0 && label[r] < 0))
            label[r] = l;
    }
    if (logreg_train(&m, &p.features, label, &lo, &err) != LH_OK)
        goto fail;
    for (size_t i = 0; i < p.stats.n_file && i < LOGREG_MAX_INPUTS; i++) {
        snprintf(m.input_sha256[i], sizeof m.input_sha256[i], "%s", p.stats.file[i].sha256);
        const char *base = strrchr(p.stats.file[i].path, '/');
        snprintf(m.input_name[i], sizeof m.input_name[i], "%s",
                 base ? base + 1 : p.stats.file[i].path);
        m.n_inputs++;
    }
    m.n_rows = p.stats.accepted;
    if (logreg_save(&m, out, &err) != LH_OK)
        goto fail;
    if (!cli_flag(&args, "quiet"))
        printf("trained on %zu renters (%zu positive) from %llu leases: lambda %g, "
               "cross-validated ROC-AUC %.4f, average precision %.4f, log-loss %.4f\nmodel in %s\n",
               m.n_renters, m.n_positive, (unsigned long long)p.stats.accepted, m.lambda,
               m.cv_roc_auc, m.cv_average_precision, m.cv_log_loss, out);
    xfree(label);
    pipeline_free(&p);
    return 0;
fail:
    xfree(label);
    pipeline_free(&p);
    return cli_fail(&err);
}
