/* unsupervised.c: the default model, needing no labels.
 *
 * Evidence. For each feature read by the model (roles STRUCTURE, TIME, RISK of features.h, all
 * oriented so that larger is more suspicious) and each renter, the evidence is
 *     e_j = -ln P^(X_j >= x_j)
 * with P^ the empirical right tail over all renters (ties count in full, so a value shared by
 * the bulk gives 0). This is ECOD's tail probability (Li et al. 2022), one-sided because only
 * one direction is suspicious. Risk features are capped at RISK_CAP nats each and the risk
 * group at RISK_GROUP_CAP: surface signals move a score but never decide it alone. The anomaly
 * score is O = sum of e_j.
 *
 * Null and p-values. O sums dependent evidence, so its distribution for an ordinary renter is
 * estimated from the data (Efron's empirical null), under one stated assumption: an ordinary
 * renter's score has a light, exponential tail (a sum of log tail probabilities is in Gumbel's
 * domain of attraction). Up to a threshold u, the TAIL_FROM quantile of the positive scores, p is
 * the empirical share of renters scoring at least as high; beyond u,
 *     p = P(O >= u) * exp(-(O - u) / sigma)
 * with sigma the mean excess over u of the positive scores between u and their TAIL_TO
 * quantile. The top of the distribution, where anomalies live, is left out of the fit: a fit
 * that followed them would stretch the tail until nothing was beyond it (masking). The q-values
 * are Benjamini-Hochberg's; flagged means q <= alpha, which controls the false-discovery rate as
 * far as the assumption holds for the benign renters (eval reports the realised rate).
 *
 * Fallbacks (recorded in model_info): a constant feature contributes nothing; NaN or Inf inputs
 * are read as 0; fewer than TAIL_MIN renters with evidence make every p-value empirical.
 */
#include "model/model.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/radix.h"
#include "util/threads.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RISK_CAP       2.0  /* nats per risk feature: a signal in 1 of 7 renters at most */
#define RISK_GROUP_CAP 5.0  /* nats for all risk features together */
#define TAIL_FROM      0.90 /* the tail threshold u, a quantile of the positive scores */
#define TAIL_TO        0.99 /* the tail's scale is fitted on scores up to this quantile */
#define TAIL_MIN       30   /* fewest renters with evidence for a fitted tail */

double score_from_p(double p)
{
    if (!(p > 0))
        return 1.0;
    if (p >= 1)
        return 0.0;
    double l = -log10(p);
    return l / (l + 2.0);
}

/* Sorts x[0..n) ascending into (key, index) arrays (ties in index order), on up to `threads`
 * threads (the same order for any number). */
static void sort_indexed(const double *x, size_t n, uint64_t *key, uint32_t *idx, int threads)
{
    for (size_t i = 0; i < n; i++) {
        key[i] = radix_double_key(x[i]);
        idx[i] = (uint32_t)i;
    }
    radix_sort_threads(key, idx, n, threads);
}

void bh_qvalues(const double *p, size_t n, int threads, double *q)
{
    uint64_t *key = xmalloc((n ? n : 1) * sizeof *key);
    uint32_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
    sort_indexed(p, n, key, idx, threads); /* by p, ties by index */
    double run = 1.0;
    for (size_t k = n; k-- > 0;) {
        double v = p[idx[k]] * (double)n / (double)(k + 1);
        if (v < run)
            run = v;
        q[idx[k]] = run > 1 ? 1 : run;
    }
    xfree(key);
    xfree(idx);
}

/* For each i, how many of x[0..n) are at least x[i] (ties count in full), from the sorted
 * (key, index) arrays. */
static void count_at_least(const uint64_t *key, const uint32_t *idx, size_t n, uint32_t *out)
{
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && key[hi] == key[lo])
            hi++;
        for (size_t j = lo; j < hi; j++)
            out[idx[j]] = (uint32_t)(n - lo);
        lo = hi;
    }
}

/* Columns with at most this many distinct values (counts and shares of small counts: most
 * features) are counted in a small table instead of sorted: a radix sort of millions of keys
 * goes through memory four times, the table stays in the cache. */
#define FEW_VALUES 4096
#define FEW_SLOTS  (2 * FEW_VALUES) /* a power of two */

typedef struct few_table {
    uint64_t key[FEW_SLOTS];   /* radix_double_key of a value */
    uint32_t count[FEW_SLOTS]; /* values with that key; 0: an empty slot */
    double e[FEW_SLOTS];       /* the key's evidence */
} few_table;

static size_t few_slot(const few_table *t, uint64_t key, uint64_t seed)
{
    size_t h = (size_t)hash_u64(key ^ seed) & (FEW_SLOTS - 1);
    while (t->count[h] && t->key[h] != key)
        h = (h + 1) & (FEW_SLOTS - 1);
    return h;
}

/* tail_evidence for a column of at most FEW_VALUES distinct values (-1, nothing written, for
 * more): each value's count, then from the distinct values in order each one's count of values
 * at least as large, and its evidence once. The same numbers as the sort: the same counts go
 * into the same expression. */
static int tail_evidence_few(const double *col, size_t n, double *e)
{
    few_table *t = xcalloc(1, sizeof *t);
    uint64_t seed = hash_seed();
    size_t nd = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = radix_double_key(col[i]);
        size_t h = few_slot(t, k, seed);
        if (t->count[h] == 0) {
            if (nd == FEW_VALUES) {
                xfree(t);
                return -1;
            }
            t->key[h] = k;
            nd++;
        }
        t->count[h]++;
    }
    uint64_t *sorted = xmalloc((nd ? nd : 1) * sizeof *sorted);
    for (size_t h = 0, d = 0; h < FEW_SLOTS; h++)
        if (t->count[h])
            sorted[d++] = t->key[h];
    sort_u64(sorted, nd);
    int constant = nd == 1;
    size_t below = 0; /* values less than the key at hand */
    for (size_t d = 0; d < nd; d++) {
        size_t h = few_slot(t, sorted[d], seed);
        t->e[h] = constant ? 0 : -log((double)(uint32_t)(n - below) / (double)n);
        below += t->count[h];
    }
    xfree(sorted);
    for (size_t i = 0; i < n; i++)
        e[i] = t->e[few_slot(t, radix_double_key(col[i]), seed)];
    xfree(t);
    return constant;
}

/* Right-tail evidence of one feature column: -ln((count of values >= x) / n). Returns 1 for a
 * constant column. key, idx and at are scratch of n; e may be col (col is read first). */
static int tail_evidence(const double *col, size_t n, double *e, uint64_t *key, uint32_t *idx,
                         uint32_t *at)
{
    int few = tail_evidence_few(col, n, e);
    if (few >= 0)
        return few;
    sort_indexed(col, n, key, idx, 1); /* a column per thread already */
    int constant = key[0] == key[n - 1];
    count_at_least(key, idx, n, at);
    for (size_t i = 0; i < n; i++)
        e[i] = constant ? 0 : -log((double)at[i] / (double)n);
    return constant;
}

static double model_value(double x, feature_transform tr)
{
    if (!isfinite(x))
        return 0;
    return tr == TR_LOG1P ? log1p(x > 0 ? x : 0) : x;
}

/* One feature's evidence, on a thread: its column (transformed, non-finite values read as 0)
 * and tail_evidence(), in scratch of its own (e holds the column, then the evidence: 28 bytes
 * per renter and thread in all). */
typedef struct tail_job {
    const renter_features *rf;
    int f;
    double *e;
    uint64_t *key;
    uint32_t *idx, *at;
    int nonfinite, constant;
} tail_job;

static void *tail_job_run(void *arg)
{
    tail_job *j = arg;
    const renter_features *rf = j->rf;
    size_t n = rf->n_renters;
    feature_transform tr = feature_get((feature_id)j->f)->transform;
    j->nonfinite = 0;
    for (size_t i = 0; i < n; i++) {
        double v = rf->x[i * FEATURE_COUNT + (size_t)j->f];
        j->nonfinite += !isfinite(v);
        j->e[i] = model_value(v, tr);
    }
    j->constant = tail_evidence(j->e, n, j->e, j->key, j->idx, j->at);
    return NULL;
}

/* A batch of features' evidence added up for the renters [lo, hi), on a thread: each renter's
 * sums and reasons take the features in the batch's order, as one thread would. */
typedef struct sum_job {
    const tail_job *batch;
    int n_batch;
    model_scores *out;
    double *O, *risk;
    size_t lo, hi;
    int zero; /* the first batch: O, risk and the evidence of the range are set to 0 first */
} sum_job;

/* The sums and the evidence (which model_offer_reason moves down before any is offered) of
 * renters [lo, hi) set to 0. By writing, on the thread that adds to them: a sum read from memory
 * that calloc left untouched maps the zero page, and the write that follows faults again to copy
 * it, with a flush of every CPU's TLB. */
static void zero_sums(double *O, double *risk, model_scores *out, size_t lo, size_t hi)
{
    memset(O + lo, 0, (hi - lo) * sizeof *O);
    memset(risk + lo, 0, (hi - lo) * sizeof *risk);
    memset(out->evidence + lo * MODEL_REASONS, 0,
           (hi - lo) * MODEL_REASONS * sizeof *out->evidence);
}

static void *sum_job_run(void *arg)
{
    const sum_job *j = arg;
    if (j->zero)
        zero_sums(j->O, j->risk, j->out, j->lo, j->hi);
    for (int t = 0; t < j->n_batch; t++) {
        int f = j->batch[t].f;
        int is_risk = feature_get((feature_id)f)->role == ROLE_RISK;
        const double *e = j->batch[t].e;
        for (size_t i = j->lo; i < j->hi; i++) {
            double v = e[i];
            if (is_risk)
                v = v > RISK_CAP ? RISK_CAP : v;
            /* reasons: the largest contributions of at least 1 nat, strongest first */
            model_offer_reason(j->out, i, f, v, 1.0);
            if (is_risk)
                j->risk[i] += v;
            else
                j->O[i] += v;
        }
    }
    return NULL;
}

static void tail_job_free(tail_job *j)
{
    xfree(j->e);
    xfree(j->key);
    xfree(j->idx);
    xfree(j->at);
}

/* The p-values of renters [lo, hi) under the null (empirical up to u, the exponential tail
 * beyond it), and their log10, finite even where p underflows: each renter's alone, so a range
 * per thread. */
typedef struct pvalue_job {
    const double *O;
    const uint32_t *at; /* renters scoring at least O[i] */
    size_t n;
    double u, sigma, p_u;
    double *log10p, *p;
    size_t lo, hi;
} pvalue_job;

static void *pvalue_range(void *arg)
{
    const pvalue_job *j = arg;
    for (size_t i = j->lo; i < j->hi; i++) {
        double lp;
        if (isfinite(j->u) && j->O[i] > j->u)
            lp = (log(j->p_u) - (j->O[i] - j->u) / j->sigma) / log(10.0);
        else
            lp = log10((double)j->at[i] / (double)j->n);
        j->log10p[i] = lp;
        j->p[i] = pow(10.0, lp);
    }
    return NULL;
}

lh_status model_score_unsupervised(const renter_features *rf, double alpha, int threads,
                                   model_scores *out, model_info *info, lh_error *err)
{
    (void)err;
    gsl_set_error_handler_off(); /* statuses are checked here; main does the same */
    size_t n = rf->n_renters;
    memset(info, 0, sizeof *info);
    info->kind = "unsupervised";
    info->alpha = alpha;
    out->n = n;
    out->score = xcalloc(n ? n : 1, sizeof *out->score);
    out->p = xcalloc(n ? n : 1, sizeof *out->p);
    out->q = xcalloc(n ? n : 1, sizeof *out->q);
    out->flag = xcalloc(n ? n : 1, 1);
    out->reason = xmalloc((n ? n : 1) * MODEL_REASONS);
    /* zeroed by sum_job_run, on the threads, or below when no feature is read */
    out->evidence = xmalloc((n ? n : 1) * MODEL_REASONS * sizeof *out->evidence);
    memset(out->reason, -1, (n ? n : 1) * MODEL_REASONS);
    if (n == 0) {
        memset(out->evidence, 0, MODEL_REASONS * sizeof *out->evidence);
        return LH_OK;
    }

    /* the features' evidence on the threads, a feature each, added up in feature order: the
       same sums and reasons for any number of threads */
    int nt = run_jobs_count(threads, n > 10000);
    tail_job job[RUN_JOBS_MAX];
    for (int t = 0; t < nt; t++)
        job[t] = (tail_job){.rf = rf,
                            .e = xmalloc(n * sizeof *job[t].e),
                            .key = xmalloc(n * sizeof *job[t].key),
                            .idx = xmalloc(n * sizeof *job[t].idx),
                            .at = xmalloc(n * sizeof *job[t].at)};
    double *O = xmalloc(n * sizeof *O), *risk = xmalloc(n * sizeof *risk); /* sum_job zeroes */
    int zeroed = 0;
    int read[FEATURE_COUNT], n_read = 0;
    for (int f = 0; f < FEATURE_COUNT; f++) {
        const feature_info *fi = feature_get((feature_id)f);
        if (fi->role == ROLE_CONTEXT || (fi->role == ROLE_TIME && !rf->has_time))
            continue;
        read[n_read++] = f;
    }
    for (int k = 0; k < n_read; k += nt) {
        int batch = n_read - k < nt ? n_read - k : nt;
        for (int t = 0; t < batch; t++)
            job[t].f = read[k + t];
        run_jobs(batch, tail_job_run, job, sizeof *job);
        for (int t = 0; t < batch; t++) {
            info->nonfinite_inputs += job[t].nonfinite;
            info->constant_features += job[t].constant;
        }
        /* added up on the threads too, each a range of renters */
        sum_job sum[RUN_JOBS_MAX];
        for (int t = 0; t < nt; t++)
            sum[t] = (sum_job){job,
                               batch,
                               out,
                               O,
                               risk,
                               n * (size_t)t / (size_t)nt,
                               n * (size_t)(t + 1) / (size_t)nt,
                               !zeroed};
        run_jobs(nt, sum_job_run, sum, sizeof *sum);
        zeroed = 1;
    }
    if (!zeroed) /* no feature read */
        zero_sums(O, risk, out, 0, n);
    for (int t = 1; t < nt; t++)
        tail_job_free(&job[t]);
    double *col = xmalloc(n * sizeof *col), *e = job[0].e;
    uint64_t *key = job[0].key;
    uint32_t *idx = job[0].idx, *at = job[0].at;
    for (size_t i = 0; i < n; i++)
        O[i] += risk[i] > RISK_GROUP_CAP ? RISK_GROUP_CAP : risk[i];

    /* the null: empirical up to the threshold u, an exponential tail beyond it; the positive
       scores are the top of the sorted scores */
    sort_indexed(O, n, key, idx, threads);
    count_at_least(key, idx, n, at);
    size_t first_pos = 0;
    while (first_pos < n && O[idx[first_pos]] <= 1e-12)
        first_pos++;
    size_t npos = n - first_pos;
    for (size_t k = 0; k < npos; k++)
        col[k] = O[idx[first_pos + k]];
    info->null_zero_mass = 1.0 - (double)npos / (double)n;
    double u = INFINITY, sigma = 1;
    if (npos >= TAIL_MIN) {
        u = col[(size_t)(TAIL_FROM * (double)(npos - 1))];
        double top = col[(size_t)(TAIL_TO * (double)(npos - 1))];
        double excess = 0;
        size_t k = 0;
        for (size_t i = 0; i < npos; i++)
            if (col[i] > u && col[i] <= top) {
                excess += col[i] - u;
                k++;
            }
        if (k > 0 && excess > 0) {
            sigma = excess / (double)k;
        } else {
            u = INFINITY;
            snprintf(info->fallback, sizeof info->fallback,
                     "the positive scores have no spread above their %g quantile; empirical "
                     "p-values only",
                     TAIL_FROM);
        }
    } else {
        snprintf(info->fallback, sizeof info->fallback,
                 "fewer than %d renters with any evidence; empirical p-values only", TAIL_MIN);
    }
    info->null_shape = 0;
    info->null_scale = sigma;
    info->null_threshold = isfinite(u) ? u : 0;
    double *log10p = e; /* reuse: log10 of each p-value, finite even where p underflows */
    double p_u = 0;
    if (isfinite(u)) {
        size_t above = 0;
        for (size_t i = 0; i < n; i++)
            above += O[i] > u;
        p_u = (double)above / (double)n;
    }
    pvalue_job pj[RUN_JOBS_MAX], all = {O, at, n, u, sigma, p_u, log10p, out->p, 0, n};
    int np = run_jobs_count(threads, n > 100000);
    for (int t = 0; t < np; t++) {
        pj[t] = all;
        pj[t].lo = n * (size_t)t / (size_t)np;
        pj[t].hi = n * (size_t)(t + 1) / (size_t)np;
    }
    run_jobs(np, pvalue_range, pj, sizeof *pj);
    bh_qvalues(out->p, n, threads, out->q);
    for (size_t i = 0; i < n; i++) {
        out->flag[i] = out->q[i] <= alpha;
        info->n_flagged += out->flag[i];
        double l = log10p[i] < 0 ? -log10p[i] : 0.0; /* no -0 */
        out->score[i] = l / (l + 2.0);
    }
    xfree(col);
    xfree(e);
    xfree(key);
    xfree(idx);
    xfree(at);
    xfree(O);
    xfree(risk);
    return LH_OK;
}

void model_scores_free(model_scores *s)
{
    xfree(s->score);
    xfree(s->p);
    xfree(s->q);
    xfree(s->flag);
    xfree(s->reason);
    xfree(s->evidence);
    memset(s, 0, sizeof *s);
}
