/* link.c: the link stage's driver (see link.h). The steps and their costs are described in
 * values.c, block.c, fsmodel.c and cluster.c; this file runs them in order and owns the
 * context. */
#include "link/link_internal.h"
#include "util/mem.h"
#include "util/rss.h"

#include <string.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void link_blocking_done(link_ctx *c)
{
    link_values_release_index(c); /* the blocks are made: value -> leases is not needed */
    link_values_trim(c);
}

void link_pairs_free(link_ctx *c)
{
    xfree(c->crec);
    xfree(c->rkey);
    xfree(c->pa);
    xfree(c->pb);
    xfree(c->pair_pattern);
    xfree(c->pair_pattern16);
    c->crec = NULL, c->rkey = NULL, c->pa = c->pb = NULL;
    c->pair_pattern = NULL;
    c->pair_pattern16 = NULL;
}

const char *const link_phase_names[6] = {"values", "blocking", "compare_em",
                                         "decide", "cluster",  "persons"};

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
    c.em = opt->fixed == NULL;

    double mark = now_seconds();
#define PHASE(k)                                                                                   \
    do {                                                                                           \
        double now_ = now_seconds();                                                               \
        r->phase_seconds[k] = now_ - mark;                                                         \
        r->phase_peak_rss[k] = rss_peak_bytes();                                                   \
        mark = now_;                                                                               \
    } while (0)
    link_values_build(&c, r);
    PHASE(0);
    link_block(&c, r);
    link_blocking_done(&c);
    PHASE(1);
    lh_status st = link_model_fit(&c, r, opt, err);
    link_fit_release(&c); /* what only comparing needed, before the links grow */
    PHASE(2);
    if (st == LH_OK) {
        link_model_decide(&c, r);
        /* the pairs and the comparison records are done with: free them before clustering */
        link_pairs_free(&c);
        PHASE(3);
        link_cluster(&c, r);
        PHASE(4);
        link_persons(&c, r);
        PHASE(5);
    }
#undef PHASE
    link_pairs_free(&c);
    xfree(c.patterns.pat);
    xfree(c.patterns.slot);
    link_values_free(&c);
    r->seconds = now_seconds() - t0;
    return st;
}

void link_result_free(link_result *r)
{
    xfree(r->renter);
    xfree(r->renter_size);
    xfree(r->renter_start);
    xfree(r->renter_lease);
    xfree(r->person);
    xfree(r->renter_persons);
    xfree(r->edge);
    xfree(r->suppressed);
    memset(r, 0, sizeof *r);
}
