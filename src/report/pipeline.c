/* pipeline.c: see pipeline.h. */
#include "report/pipeline.h"
#include "util/mem.h"
#include "util/progress.h"
#include "util/rss.h"

#include <stdlib.h>

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

lh_status pipeline_load(pipeline *p, const char *const *paths, size_t n,
                        const pipeline_options *opt, lh_error *err)
{
    if (link_spec_load(&p->spec, opt->spec_path, err) != LH_OK)
        return err->code;
    /* read before the inputs: a wrong file fails at once, not after the load */
    if (opt->params_path) {
        if (link_global_load(opt->params_path, &p->params, &p->estimate, &p->global, &p->spec,
                             err) != LH_OK)
            return err->code;
        p->have_params = 1;
    }
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
    /* the table is complete: its pools' hash indexes (570 MiB of a 10M scan's peak) are not
       needed but by edge files, which build the lease ids' again */
    lease_table_drop_indexes(p->table);
    mem_release_free();
    return LH_OK;
}

/* Links from edge files: the pairs another run accepted (`leasehound link`), joined to this
 * table, with the figures of the runs that made them and of the parameters' estimate. */
static lh_status link_from_edges(pipeline *p, const pipeline_options *opt, const link_options *lopt,
                                 lh_error *err)
{
    link_edge *edge;
    size_t n_edge;
    strpool_build_index(p->table->text[LT_LEASE_ID].pool); /* edge files name leases by id */
    lh_status st = edge_files_read(&edge, &n_edge, &p->edges_in, opt->edge_paths, opt->n_edge_paths,
                                   p->table, &p->spec, err);
    if (st != LH_OK)
        return st;
    st = link_run_edges(&p->link, p->table, &p->spec, lopt, edge, n_edge, err);
    xfree(edge);
    if (st != LH_OK)
        return st;
    p->link.candidate_pairs = p->edges_in.candidate_pairs;
    for (int k = 0; k < p->spec.n_rule; k++) {
        p->link.rule[k].pairs = p->edges_in.rule[k].pairs;
        p->link.rule[k].blocks = p->edges_in.rule[k].blocks;
        p->link.rule[k].large_blocks = p->edges_in.rule[k].large_blocks;
    }
    return LH_OK;
}

lh_status pipeline_run(pipeline *p, const char *const *paths, size_t n, const pipeline_options *opt,
                       lh_error *err)
{
    lh_status st = pipeline_load(p, paths, n, opt, err);
    if (st != LH_OK)
        return st;
    load_options lo = opt->load;
    if (lo.progress)
        progress_stage(lo.progress, "link");
    double t = now_seconds();
    link_options lopt = {opt->threads > 0 ? opt->threads : 1, p->have_params ? &p->params : NULL,
                         NULL};
    if (opt->n_edge_paths > 0) {
        if (!p->have_params)
            return LH_FAIL(err, LH_EUSAGE, "linking from edge files needs --params FILE");
        st = link_from_edges(p, opt, &lopt, err);
    } else {
        st = link_run(&p->link, p->table, &p->spec, &lopt, err);
    }
    if (st != LH_OK)
        return st;
    if (p->have_params)
        link_estimate_apply(&p->link, &p->estimate, &p->spec);
    p->link_seconds = now_seconds() - t;
    p->peak_link = rss_peak_bytes();
    mem_release_free();
    if (lo.progress)
        progress_stage(lo.progress, "features");
    t = now_seconds();
    renter_features_build(&p->features, p->table, &p->link, &p->spec, lopt.threads);
    p->features_seconds = now_seconds() - t;
    p->peak_features = rss_peak_bytes();
    mem_release_free(); /* before the model stage, whose peak is the scan's at 10M */
    return LH_OK;
}

void pipeline_free(pipeline *p)
{
    renter_features_free(&p->features);
    link_result_free(&p->link);
    load_stats_free(&p->stats);
    link_global_free(p->global);
    p->global = NULL;
    lease_table_free(p->table);
    colmap_free(&p->map);
    p->table = NULL;
}
