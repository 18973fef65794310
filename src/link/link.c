/* link.c: the link stage's driver (see link.h). The steps and their costs are described in
 * values.c, block.c, fsmodel.c and cluster.c; this file runs them in order and owns the
 * context. */
#include "link/link_internal.h"
#include "util/mem.h"

#include <string.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

lh_status link_run(link_result *r, const lease_table *t, const link_spec *spec,
                   const link_options *opt, lh_error *err)
{
    double t0 = now_seconds();
    memset(r, 0, sizeof *r);
    r->n_leases = t->count;
    link_ctx c;
    memset(&c, 0, sizeof c);
    c.t = t;
    c.spec = spec;
    c.n = t->count;
    c.threads = opt && opt->threads > 0 ? opt->threads : 1;
    if (t->count >= UINT32_MAX)
        return LH_FAIL(err, LH_EINTERNAL, "more than %u leases", UINT32_MAX - 1);
    link_options defaults = {1, NULL};
    if (opt == NULL)
        opt = &defaults;

    link_values_build(&c, r);
    link_block(&c, r);
    lh_status st = link_model_fit(&c, r, opt, err);
    if (st == LH_OK) {
        link_model_decide(&c, r);
        link_cluster(&c, r);
        link_persons(&c, r);
    }
    free(c.pa);
    free(c.pb);
    free(c.prule);
    free(c.pair_pattern);
    free(c.patterns.pat);
    free(c.patterns.slot);
    link_values_free(&c);
    r->seconds = now_seconds() - t0;
    return st;
}

void link_result_free(link_result *r)
{
    free(r->renter);
    free(r->renter_size);
    free(r->renter_start);
    free(r->renter_lease);
    free(r->person);
    free(r->renter_persons);
    free(r->edge);
    free(r->suppressed);
    memset(r, 0, sizeof *r);
}
