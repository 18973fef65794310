/* pipeline.c: see pipeline.h. */
#include "report/pipeline.h"
#include "util/progress.h"
#include "util/rss.h"

#include <string.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void pipeline_init(pipeline *p)
{
    memset(p, 0, sizeof *p);
    colmap_init(&p->map);
}

lh_status pipeline_run(pipeline *p, const char *const *paths, size_t n, const pipeline_options *opt,
                       lh_error *err)
{
    if (link_spec_load(&p->spec, opt->spec_path, err) != LH_OK)
        return err->code;
    /* keep every column the spec reads that is not a standard one */
    const char *cols[SPEC_MAX_FIELDS * 2 + SPEC_MAX_RULES * SPEC_MAX_RULE_COLS];
    size_t nc = link_spec_columns(&p->spec, cols, sizeof cols / sizeof *cols);
    lease_table *probe = lease_table_new(NULL, 0);
    lh_status st = LH_OK;
    for (size_t i = 0; i < nc && st == LH_OK; i++)
        if (lease_table_column(probe, cols[i]) < 0 && colmap_want_extra(&p->map, cols[i]) < 0)
            st = LH_FAIL(err, LH_EUSAGE, "the spec reads more than %d extra columns",
                         COLMAP_MAX_EXTRA);
    lease_table_free(probe);
    if (st != LH_OK)
        return st;
    load_options lo = opt->load;
    lo.map = &p->map;
    lo.threads = opt->threads;
    if ((st = load_inputs(&p->table, paths, n, &lo, &p->stats, err)) != LH_OK)
        return st;
    if ((st = link_spec_resolve(&p->spec, p->table, err)) != LH_OK)
        return st;
    p->peak_load = rss_peak_bytes();
    if (lo.progress)
        progress_stage(lo.progress, "link");
    double t = now_seconds();
    link_options lopt = {opt->threads > 0 ? opt->threads : 1, NULL};
    if ((st = link_run(&p->link, p->table, &p->spec, &lopt, err)) != LH_OK)
        return st;
    p->link_seconds = now_seconds() - t;
    p->peak_link = rss_peak_bytes();
    if (lo.progress)
        progress_stage(lo.progress, "features");
    t = now_seconds();
    renter_features_build(&p->features, p->table, &p->link, &p->spec, lopt.threads);
    p->features_seconds = now_seconds() - t;
    p->peak_features = rss_peak_bytes();
    return LH_OK;
}

void pipeline_free(pipeline *p)
{
    renter_features_free(&p->features);
    link_result_free(&p->link);
    load_stats_free(&p->stats);
    lease_table_free(p->table);
    colmap_free(&p->map);
    p->table = NULL;
}
