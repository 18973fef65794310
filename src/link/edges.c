/* edges.c: the link stage in two halves, for a log too large for one machine
 * (docs/scale-out.md).
 *
 * link_run() goes from a lease table to renters in one process. Its expensive part, blocking
 * and comparing candidate pairs, only ever looks at leases that share a blocking key, so it can
 * run on partitions of the log (all leases sharing a key value in one partition) on many
 * machines; clustering needs every accepted pair at once but only the pairs, a few bytes each.
 * So the stage is cut at the decision:
 *
 *   link_run_pairs()  values, comparison records, blocking, parameters (estimated, or fixed),
 *                     decision: the accepted pairs ("edges"), sorted by (a, b);
 *   link_run_edges()  values (for the report), the given parameters and edges, clustering
 *                     with its guard, persons: link_run()'s result.
 *
 * Both drive the same functions, in the same order, as link.c does; with the same parameters,
 * on one table, link_run_edges(link_run_pairs()) equals link_run() (tested end to end).
 *
 * What a partition cannot see. Two inputs of the decision are properties of the whole log,
 * not of the pair: which values are over-shared (a crowd's value held by many persons, spread
 * over partitions, looks rare in each) and term frequencies (how many leases share a name, an
 * IP prefix, a postcode, over the whole log). A link_global carries them from a run that saw
 * the whole log (or the largest sample one machine holds) to the partitions: per column, the
 * FNV-1a hashes of its over-shared values, and for the columns with a term-frequency
 * adjustment, the count of every value held by two leases or more and the number of leases
 * with a value. A partition then suppresses exactly the whole log's over-shared values and
 * weighs shared values by their whole-log frequency. Values are stored as hashes, never as
 * text (still guessable for common names: the file is as sensitive as the log's statistics).
 *
 * Costs: link_run_pairs as link_run up to the decision plus O(E log E) for sorting the edges;
 * link_run_edges O(n) for the values plus the clustering's O(n + E). A link_global holds 16
 * bytes per counted value and 8 per suppressed value; applying it costs one hash and one
 * binary search per distinct value of each column it covers.
 */
#include "link/link_internal.h"
#include "util/atomic_file.h"
#include "util/mem.h"
#include "util/rss.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GLOBAL_FORMAT   1
#define GLOBAL_LINE_MAX 4096 /* longest line of the scale-out section */

typedef struct global_count {
    uint64_t hash;
    uint64_t count;
} global_count;

typedef struct global_column {
    char *name;       /* lease table column name; owned */
    uint64_t present; /* leases with a value */
    double overshare; /* the over-share threshold; 0: not a shared column */
    uint64_t *sup;    /* [n_sup] sorted hashes of its over-shared values */
    size_t n_sup;
    global_count *cnt; /* [n_cnt] sorted by hash: values held by >= 2 leases */
    size_t n_cnt;
    int has_counts; /* a term-frequency column: counts apply, and present with them */
} global_column;

struct link_global {
    global_column *col;
    size_t n_col;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Ends link phase k: its seconds since *mark, and the peak memory so far. */
static void phase_end(link_result *r, int k, double *mark)
{
    double now = now_seconds();
    r->phase_seconds[k] = now - *mark;
    r->phase_peak_rss[k] = rss_peak_bytes();
    *mark = now;
}

/* FNV-1a, 64 bits: fixed by its definition, so files from any build and machine agree. */
static uint64_t value_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_count(const void *a, const void *b)
{
    return cmp_u64(&((const global_count *)a)->hash, &((const global_count *)b)->hash);
}

void link_global_free(link_global *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->n_col; i++) {
        xfree(g->col[i].name);
        xfree(g->col[i].sup);
        xfree(g->col[i].cnt);
    }
    xfree(g->col);
    xfree(g);
}

void link_global_size(const link_global *g, size_t *columns, size_t *suppressed, size_t *counts)
{
    *columns = *suppressed = *counts = 0;
    if (g == NULL)
        return;
    *columns = g->n_col;
    for (size_t i = 0; i < g->n_col; i++) {
        *suppressed += g->col[i].n_sup;
        *counts += g->col[i].n_cnt;
    }
}

static const global_column *global_find(const link_global *g, const char *name)
{
    for (size_t i = 0; i < g->n_col; i++)
        if (strcmp(g->col[i].name, name) == 0)
            return &g->col[i];
    return NULL;
}

/* The statistics of the table in c (after link_values_build, before the index is released). */
static link_global *global_capture(const link_ctx *c)
{
    link_global *g = xcalloc(1, sizeof *g);
    g->col = xcalloc((size_t)(c->n_col ? c->n_col : 1), sizeof *g->col);
    uint8_t tf[LINK_MAX_COLUMNS];
    link_tf_columns(c, tf);
    for (int i = 0; i < c->n_col; i++) {
        const col_stats *cs = &c->col[i];
        const strpool *pool = c->t->text[cs->col].pool;
        global_column *gc = &g->col[g->n_col++];
        gc->name = xstrdup(c->t->text[cs->col].name);
        gc->present = cs->present;
        gc->has_counts = tf[i];
        size_t cap_sup = 0, cap_cnt = 0;
        if (cs->shared) {
            gc->overshare = cs->overshare;
            for (uint32_t v = 1; v < cs->n_values; v++)
                if (cs->suppressed[v]) {
                    size_t len;
                    const char *s = strpool_get(pool, v, &len);
                    gc->sup = xgrow(gc->sup, &cap_sup, gc->n_sup + 1, sizeof *gc->sup);
                    gc->sup[gc->n_sup++] = value_hash(s, len);
                }
            if (gc->n_sup)
                qsort(gc->sup, gc->n_sup, sizeof *gc->sup, cmp_u64);
        }
        if (tf[i]) {
            for (uint32_t v = 1; v < cs->n_values; v++)
                if (cs->count[v] >= 2) {
                    size_t len;
                    const char *s = strpool_get(pool, v, &len);
                    gc->cnt = xgrow(gc->cnt, &cap_cnt, gc->n_cnt + 1, sizeof *gc->cnt);
                    gc->cnt[gc->n_cnt++] = (global_count){value_hash(s, len), cs->count[v]};
                }
            if (gc->n_cnt)
                qsort(gc->cnt, gc->n_cnt, sizeof *gc->cnt, cmp_count);
        }
    }
    return g;
}

/* Replaces the table's over-shared values and term-frequency counts by the whole log's (see
 * the top of the file). A column the statistics do not cover keeps its own. Runs before the
 * comparison records and the blocks are made, which read both. */
static void global_apply(link_ctx *c, const link_global *g)
{
    for (int i = 0; i < c->n_col; i++) {
        col_stats *cs = &c->col[i];
        const global_column *gc = global_find(g, c->t->text[cs->col].name);
        if (gc == NULL)
            continue;
        const strpool *pool = c->t->text[cs->col].pool;
        if (cs->shared && gc->overshare > 0) {
            cs->overshare = gc->overshare;
            for (uint32_t v = 1; v < cs->n_values; v++) {
                size_t len;
                const char *s = strpool_get(pool, v, &len);
                uint64_t h = value_hash(s, len);
                cs->suppressed[v] =
                    gc->n_sup && bsearch(&h, gc->sup, gc->n_sup, sizeof *gc->sup, cmp_u64) != NULL;
            }
        }
        if (gc->has_counts) {
            cs->present = gc->present > cs->present ? gc->present : cs->present;
            for (uint32_t v = 1; v < cs->n_values; v++) {
                size_t len;
                const char *s = strpool_get(pool, v, &len);
                global_count key = {value_hash(s, len), 0};
                const global_count *hit =
                    gc->n_cnt ? bsearch(&key, gc->cnt, gc->n_cnt, sizeof *gc->cnt, cmp_count)
                              : NULL;
                /* a value the whole log holds once is held once here too */
                if (hit && hit->count > cs->count[v])
                    cs->count[v] = hit->count > UINT32_MAX ? UINT32_MAX : (uint32_t)hit->count;
            }
        }
    }
}

/* 1 when leases i and j agree on every column of rule e of spec, with values present and not
 * over-shared: block.c's "the rule holds", from the table and the context's suppression. */
static int rule_holds(const link_ctx *c, const link_spec *spec, const int *colidx, int e,
                      uint32_t i, uint32_t j)
{
    const spec_rule *rule = &spec->rule[e];
    for (int k = 0; k < rule->n_col; k++) {
        const uint32_t *id = c->t->text[rule->col[k]].id;
        uint32_t v = id[i];
        if (v == 0 || v != id[j])
            return 0;
        int x = colidx[e * SPEC_MAX_RULE_COLS + k];
        if (x >= 0 && col_value_suppressed(&c->col[x], v))
            return 0;
    }
    return 1;
}

/* After blocking on some rules of spec only (c->spec holds those, rule k of it being rule
 * orig[k] of spec): drops the pairs that an earlier rule of spec holds (block.c keeps a pair
 * for the first rule that holds it; that rule's run makes it) and puts the rule figures back
 * under spec's rule numbers. */
static void keep_first_rule_pairs(link_ctx *c, const link_spec *spec, const int *orig,
                                  link_result *r)
{
    int colidx[SPEC_MAX_RULES * SPEC_MAX_RULE_COLS];
    for (int e = 0; e < spec->n_rule; e++)
        for (int k = 0; k < spec->rule[e].n_col; k++) {
            colidx[e * SPEC_MAX_RULE_COLS + k] = -1;
            for (int x = 0; x < c->n_col; x++)
                if (c->col[x].col == spec->rule[e].col[k])
                    colidx[e * SPEC_MAX_RULE_COLS + k] = x;
        }
    rule_stats by_rule[SPEC_MAX_RULES];
    memset(by_rule, 0, sizeof by_rule);
    for (int k = 0; k < c->spec->n_rule; k++)
        by_rule[orig[k]] = r->rule[k];
    size_t out = 0, q = 0;
    for (int sr = 0; sr < c->spec->n_rule; sr++) { /* c->spec's numbering, as link_model_fit */
        int ru = orig[sr];
        for (; q < c->rule_end[sr]; q++) {
            int held = 0;
            for (int e = 0; e < ru && !held; e++)
                held = rule_holds(c, spec, colidx, e, c->pa[q], c->pb[q]);
            if (held) {
                by_rule[ru].pairs--;
                continue;
            }
            c->pa[out] = c->pa[q];
            c->pb[out] = c->pb[q];
            if (c->pair_pattern)
                c->pair_pattern[out] = c->pair_pattern[q];
            else
                c->pair_pattern16[out] = c->pair_pattern16[q];
            out++;
        }
        c->rule_end[sr] = out;
    }
    c->n_pairs = out;
    r->candidate_pairs = out;
    memcpy(r->rule, by_rule, sizeof by_rule);
}

static void ctx_init(link_ctx *c, const lease_table *t, const link_spec *spec,
                     const link_options *opt)
{
    memset(c, 0, sizeof *c);
    c->t = t;
    c->spec = spec;
    c->n = t->count;
    c->threads = opt && opt->threads > 0 ? opt->threads : 1;
    c->em = opt == NULL || opt->fixed == NULL;
}

lh_status link_run_pairs(link_result *r, link_global **capture, const lease_table *t,
                         const link_spec *spec, const link_options *opt, lh_error *err)
{
    double t0 = now_seconds(), mark = t0;
    memset(r, 0, sizeof *r);
    if (capture)
        *capture = NULL;
    r->n_leases = t->count;
    if (t->count >= UINT32_MAX)
        return LH_FAIL(err, LH_EINTERNAL, "more than %u leases", UINT32_MAX - 1);
    link_options defaults = {1, NULL, NULL, 0};
    if (opt == NULL)
        opt = &defaults;
    /* blocking on some rules only: a spec of those rules drives the stage */
    static _Thread_local link_spec some; /* large: not on the stack */
    int orig[SPEC_MAX_RULES];
    const link_spec *bspec = spec;
    if (opt->block_rules && opt->fixed == NULL)
        return LH_FAIL(err, LH_EUSAGE,
                       "pairs of some blocking rules only cannot estimate the "
                       "parameters: give them (--params)");
    if (opt->block_rules) {
        some = *spec;
        some.n_rule = 0;
        for (int k = 0; k < spec->n_rule; k++)
            if (opt->block_rules >> k & 1) {
                orig[some.n_rule] = k;
                some.rule[some.n_rule++] = spec->rule[k];
            }
        bspec = &some;
    }
    link_ctx c;
    ctx_init(&c, t, bspec, opt);
    link_values_build(&c, r);
    if (capture)
        *capture = global_capture(&c);
    if (opt->global)
        global_apply(&c, opt->global);
    mem_release_free(); /* what the threads of the column index freed, before blocking's peak */
    phase_end(r, 0, &mark);
    link_block(&c, r);
    if (bspec != spec)
        keep_first_rule_pairs(&c, spec, orig, r);
    link_blocking_done(&c);
    phase_end(r, 1, &mark);
    lh_status st = link_model_fit(&c, r, opt, err);
    link_fit_release(&c);
    phase_end(r, 2, &mark);
    if (st == LH_OK) {
        link_model_decide(&c, r);
        link_sort_edges(r, 0, 1);
        phase_end(r, 3, &mark);
    }
    link_pairs_free(&c);
    xfree(c.patterns.pat);
    xfree(c.patterns.slot);
    link_values_free(&c);
    r->seconds = now_seconds() - t0;
    return st;
}

/* The parameters in effect for a run on given parameters: fsmodel.c's rule, the table's own
 * counts (present, over-share threshold, suppressed values) kept. */
static void take_fixed(link_params *p, const link_params *fixed, int n_field)
{
    for (int f = 0; f < n_field; f++) {
        field_params keep = p->field[f];
        p->field[f] = fixed->field[f];
        p->field[f].active = keep.active;
        p->field[f].overshare = keep.overshare;
        p->field[f].present = keep.present;
        p->field[f].suppressed_values = keep.suppressed_values;
    }
    p->n_field = n_field;
    p->pi = fixed->pi;
    p->pi_persona = fixed->pi_persona;
    p->lambda = fixed->lambda;
    p->em_iterations = 0;
    p->em_converged = 1;
}

lh_status link_run_edges(link_result *r, const lease_table *t, const link_spec *spec,
                         const link_options *opt, const link_edge *edge, size_t n_edge,
                         lh_error *err)
{
    double t0 = now_seconds(), mark = t0;
    memset(r, 0, sizeof *r);
    r->n_leases = t->count;
    if (t->count >= UINT32_MAX)
        return LH_FAIL(err, LH_EINTERNAL, "more than %u leases", UINT32_MAX - 1);
    if (opt == NULL || opt->fixed == NULL)
        return LH_FAIL(err, LH_EINTERNAL, "linking from edges needs parameters");
    link_ctx c;
    ctx_init(&c, t, spec, opt);
    link_values_build(&c, r); /* over-shared values and counts, for the report */
    link_values_release_index(&c);
    take_fixed(&r->params, opt->fixed, spec->n_field);
    phase_end(r, 0, &mark);
    r->edge = xmalloc((n_edge ? n_edge : 1) * sizeof *r->edge);
    for (size_t e = 0; e < n_edge; e++) {
        assert(edge[e].a < edge[e].b && edge[e].b < t->count);
        r->edge[e] = edge[e];
    }
    r->n_edge = n_edge;
    r->linked_pairs = n_edge;
    link_cluster(&c, r);
    phase_end(r, 4, &mark);
    link_persons(&c, r);
    phase_end(r, 5, &mark);
    link_values_free(&c);
    r->seconds = now_seconds() - t0;
    return LH_OK;
}

void link_estimate_of(link_estimate *est, const link_result *r, const link_spec *spec)
{
    memset(est, 0, sizeof *est);
    est->known = 1;
    est->leases = r->n_leases;
    est->random_pairs = r->random_pairs;
    est->em_iterations = r->params.em_iterations;
    est->em_converged = r->params.em_converged;
    est->log_likelihood = r->params.log_likelihood;
    for (int k = 0; k < SPEC_MAX_RULES; k++)
        est->rule_lambda[k] = k < spec->n_rule ? r->rule[k].lambda : NAN;
}

void link_estimate_apply(link_result *r, const link_estimate *est, const link_spec *spec)
{
    if (!est->known)
        return;
    r->params.em_iterations = est->em_iterations;
    r->params.em_converged = est->em_converged;
    r->params.log_likelihood = est->log_likelihood;
    r->random_pairs = est->random_pairs;
    for (int k = 0; k < spec->n_rule; k++)
        if (!isnan(est->rule_lambda[k]))
            r->rule[k].lambda = est->rule_lambda[k];
}

/* ---- the parameter file's scale-out section ---- */

static void rule_name(const spec_rule *r, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int k = 0; k < r->n_col; k++) {
        if (k)
            strncat(buf, "+", n - strlen(buf) - 1);
        strncat(buf, r->column[k], n - strlen(buf) - 1);
    }
}

lh_status link_global_save(const char *path, const link_params *p, const link_estimate *est,
                           const link_global *g, const link_spec *spec, lh_error *err)
{
    const char *slash = strrchr(path, '/');
    if (path[0] == '\0' || (slash && slash[1] == '\0'))
        return LH_FAIL(err, LH_EUSAGE, "'%s' is not a file name", path);
    char *dir = slash == NULL   ? xstrdup(".")
                : slash == path ? xstrdup("/")
                                : xstrndup(path, (size_t)(slash - path));
    atomic_file af;
    lh_status st = atomic_file_open(&af, dir, slash ? slash + 1 : path, err);
    xfree(dir);
    if (st != LH_OK)
        return st;
    /* the parameters in fsmodel.c's own format, then this section */
    FILE *f = af.f;
    link_params_write(p, spec, f);
    fprintf(f, "scaleout %d\n", GLOBAL_FORMAT);
    if (est && est->known) {
        fprintf(f,
                "estimate leases %llu random_pairs %llu em_iterations %d em_converged %d "
                "log_likelihood %.17g\n",
                (unsigned long long)est->leases, (unsigned long long)est->random_pairs,
                est->em_iterations, est->em_converged, est->log_likelihood);
        for (int k = 0; k < spec->n_rule; k++) {
            char name[SPEC_MAX_RULE_COLS * (SPEC_NAME_MAX + 1)];
            rule_name(&spec->rule[k], name, sizeof name);
            if (!isnan(est->rule_lambda[k]))
                fprintf(f, "rule_lambda %s %.17g\n", name, est->rule_lambda[k]);
        }
    }
    for (size_t i = 0; g && i < g->n_col; i++) {
        const global_column *gc = &g->col[i];
        fprintf(f, "column %s present %llu overshare %.17g tf %d suppressed %zu counts %zu\n",
                gc->name, (unsigned long long)gc->present, gc->overshare, gc->has_counts, gc->n_sup,
                gc->has_counts ? gc->n_cnt : (size_t)0);
        for (size_t k = 0; k < gc->n_sup; k++)
            fprintf(f, "s %016llx\n", (unsigned long long)gc->sup[k]);
        for (size_t k = 0; gc->has_counts && k < gc->n_cnt; k++)
            fprintf(f, "c %016llx %llu\n", (unsigned long long)gc->cnt[k].hash,
                    (unsigned long long)gc->cnt[k].count);
    }
    fprintf(f, "end\n");
    return atomic_file_commit(&af, err);
}

static lh_status bad_line(lh_error *err, const char *path, unsigned long line, const char *what)
{
    return LH_FAIL(err, LH_EUSAGE, "%s:%lu: %s in the scale-out section of a parameter file", path,
                   line, what);
}

/* Reads the scale-out section, when there is one, after the parameters. */
static lh_status read_section(FILE *f, const char *path, link_estimate *est, link_global **out,
                              const link_spec *spec, lh_error *err)
{
    char buf[GLOBAL_LINE_MAX];
    unsigned long line = 0;
    int in = 0, ended = 0;
    link_global *g = NULL;
    size_t cap_col = 0;
    global_column *gc = NULL;
    size_t want_sup = 0, want_cnt = 0;
    lh_status st = LH_OK;
    while (st == LH_OK && !ended && fgets(buf, sizeof buf, f)) {
        line++;
        size_t n = strlen(buf);
        if (n == sizeof buf - 1 && buf[n - 1] != '\n') {
            st = bad_line(err, path, line, "a line too long");
            break;
        }
        if (!in) {
            int version;
            if (sscanf(buf, "scaleout %d", &version) == 1) {
                if (version != GLOBAL_FORMAT)
                    st = bad_line(err, path, line, "an unknown format version");
                in = 1;
            }
            continue;
        }
        char word[32], name[GLOBAL_LINE_MAX];
        unsigned long long a, b, cnt;
        int i1, i2;
        double x;
        if (sscanf(buf, "%31s", word) != 1) {
            st = bad_line(err, path, line, "an empty line");
        } else if (strcmp(word, "end") == 0) {
            ended = 1;
        } else if (strcmp(word, "estimate") == 0) {
            if (sscanf(buf,
                       "estimate leases %llu random_pairs %llu em_iterations %d em_converged %d "
                       "log_likelihood %lf",
                       &a, &b, &i1, &i2, &x) != 5)
                st = bad_line(err, path, line, "a malformed estimate line");
            est->known = 1;
            est->leases = a, est->random_pairs = b;
            est->em_iterations = i1, est->em_converged = i2 != 0;
            est->log_likelihood = x;
        } else if (strcmp(word, "rule_lambda") == 0) {
            if (sscanf(buf, "rule_lambda %4095s %lf", name, &x) != 2)
                st = bad_line(err, path, line, "a malformed rule_lambda line");
            for (int k = 0; k < spec->n_rule && st == LH_OK; k++) {
                char rn[SPEC_MAX_RULE_COLS * (SPEC_NAME_MAX + 1)];
                rule_name(&spec->rule[k], rn, sizeof rn);
                if (strcmp(rn, name) == 0)
                    est->rule_lambda[k] = x;
            }
        } else if (strcmp(word, "column") == 0) {
            if (want_sup || want_cnt) {
                st = bad_line(err, path, line, "a column with fewer values than it announced");
                break;
            }
            if (sscanf(buf,
                       "column %4095s present %llu overshare %lf tf %d suppressed %llu counts %llu",
                       name, &a, &x, &i1, &b, &cnt) != 6 ||
                !(x >= 0) || b > (1ULL << 40) || cnt > (1ULL << 40) || (cnt && !i1)) {
                st = bad_line(err, path, line, "a malformed column line");
                break;
            }
            if (g == NULL)
                g = xcalloc(1, sizeof *g);
            g->col = xgrow(g->col, &cap_col, g->n_col + 1, sizeof *g->col);
            gc = &g->col[g->n_col++];
            memset(gc, 0, sizeof *gc);
            gc->name = xstrdup(name);
            gc->present = a;
            gc->overshare = x;
            want_sup = (size_t)b;
            want_cnt = (size_t)cnt;
            gc->has_counts = i1 != 0;
            gc->sup = xmalloc((want_sup ? want_sup : 1) * sizeof *gc->sup);
            gc->cnt = xmalloc((want_cnt ? want_cnt : 1) * sizeof *gc->cnt);
        } else if (strcmp(word, "s") == 0) {
            if (gc == NULL || want_sup == 0 || sscanf(buf, "s %llx", &a) != 1) {
                st = bad_line(err, path, line, "a malformed suppressed value");
                break;
            }
            gc->sup[gc->n_sup++] = a;
            want_sup--;
        } else if (strcmp(word, "c") == 0) {
            if (gc == NULL || want_sup || want_cnt == 0 ||
                sscanf(buf, "c %llx %llu", &a, &b) != 2) {
                st = bad_line(err, path, line, "a malformed value count");
                break;
            }
            gc->cnt[gc->n_cnt++] = (global_count){a, b};
            want_cnt--;
        } else {
            st = bad_line(err, path, line, "an unknown line");
        }
    }
    if (st == LH_OK && in && (!ended || want_sup || want_cnt))
        st = bad_line(err, path, line, "a section cut short (no 'end')");
    if (st == LH_OK && ferror(f))
        st = LH_FAIL(err, LH_ENOINPUT, "cannot read %s: %s", path, strerror(errno));
    if (st != LH_OK) {
        link_global_free(g);
        return st;
    }
    /* the writer sorts; sort again so that a file edited by hand still searches correctly */
    for (size_t i = 0; g && i < g->n_col; i++) {
        if (g->col[i].n_sup)
            qsort(g->col[i].sup, g->col[i].n_sup, sizeof *g->col[i].sup, cmp_u64);
        if (g->col[i].n_cnt)
            qsort(g->col[i].cnt, g->col[i].n_cnt, sizeof *g->col[i].cnt, cmp_count);
    }
    *out = g;
    return LH_OK;
}

lh_status link_global_load(const char *path, link_params *p, link_estimate *est, link_global **g,
                           const link_spec *spec, lh_error *err)
{
    *g = NULL;
    memset(est, 0, sizeof *est);
    for (int k = 0; k < SPEC_MAX_RULES; k++)
        est->rule_lambda[k] = NAN;
    lh_status st = link_params_load(p, spec, path, err);
    if (st != LH_OK)
        return st;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return LH_FAIL(err, LH_ENOINPUT, "cannot open %s: %s", path, strerror(errno));
    st = read_section(f, path, est, g, spec, err);
    fclose(f);
    return st;
}
