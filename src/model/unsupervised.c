/* unsupervised.c: the default model, needing no labels.
 *
 * Score. For each feature read by the model (roles STRUCTURE, TIME, RISK of features.h, all
 * oriented so that larger is more suspicious) and each renter, the evidence is
 *     e_j = -ln P^(X_j >= x_j)
 * with P^ the empirical right tail over all renters (ties count in full, so a value shared by
 * the bulk gives 0). This is ECOD's tail probability (Li et al. 2022), one-sided because only
 * one direction is suspicious. Risk features are capped at RISK_CAP nats each and the risk
 * group at RISK_GROUP_CAP: surface signals move a score but never decide it alone. The
 * anomaly score is O = sum of e_j.
 *
 * Null and p-values. O is a sum of dependent evidence, so its distribution under "an ordinary
 * renter" is not known in closed form; it is estimated from the data (Efron's empirical null):
 * a point mass at O = 0 (renters with nothing unusual) and, for O > 0, a Gamma distribution
 * fitted to the central part of the positive scores by matching their 25th and 75th
 * percentiles (the anomalies are a small minority and sit in the far tail, so they barely move
 * these quantiles). p = (1 - pi0) * Q_Gamma(O) for O > 0 and 1 for O = 0. The q-values are
 * Benjamini-Hochberg's; flagged means q <= alpha, which controls the false-discovery rate as
 * far as the fitted null describes the benign tail (eval reports the realised rate).
 *
 * Fallbacks (recorded in model_info): a constant feature contributes nothing; NaN or Inf
 * inputs are read as 0; fewer than MIN_POSITIVE positive scores, or quantiles that do not
 * determine a Gamma, fall back to an exponential null with the positive scores' median.
 */
#include "model/model.h"
#include "util/mem.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RISK_CAP 2.0       /* nats per risk feature: a signal in 1 of 7 renters at most */
#define RISK_GROUP_CAP 5.0 /* nats for all risk features together */
#define MIN_POSITIVE 50

double score_from_p(double p)
{
    if (!(p > 0))
        return 1.0;
    if (p >= 1)
        return 0.0;
    double l = -log10(p);
    return l / (l + 2.0);
}

typedef struct order_item {
    double p;
    size_t i;
} order_item;

static int cmp_p(const void *a, const void *b)
{
    const order_item *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

void bh_qvalues(const double *p, size_t n, double *q)
{
    order_item *o = xmalloc((n ? n : 1) * sizeof *o);
    for (size_t i = 0; i < n; i++)
        o[i] = (order_item){p[i], i};
    qsort(o, n, sizeof *o, cmp_p);
    double run = 1.0;
    for (size_t k = n; k-- > 0;) {
        double v = o[k].p * (double)n / (double)(k + 1);
        if (v < run)
            run = v;
        q[o[k].i] = run > 1 ? 1 : run;
    }
    free(o);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Right-tail evidence of one feature column: -ln((count of values >= x) / n). */
static int tail_evidence(const double *col, size_t n, double *e)
{
    double *sorted = xmalloc(n * sizeof *sorted);
    memcpy(sorted, col, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_double);
    int constant = sorted[0] == sorted[n - 1];
    for (size_t i = 0; i < n; i++) {
        /* first index with sorted[k] >= col[i] */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (sorted[mid] < col[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        e[i] = constant ? 0 : -log((double)(n - lo) / (double)n);
    }
    free(sorted);
    return constant;
}

static double quantile_sorted(const double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)pos;
    double f = pos - (double)i;
    return i + 1 < n ? v[i] * (1 - f) + v[i + 1] * f : v[i];
}

/* The 75%/25% quantile ratio of a Gamma(k) distribution; NaN when GSL cannot invert. */
static double gamma_quartile_ratio(double k)
{
    double q75 = gsl_cdf_gamma_Pinv(0.75, k, 1), q25 = gsl_cdf_gamma_Pinv(0.25, k, 1);
    return q25 > 0 && isfinite(q25) && isfinite(q75) ? q75 / q25 : NAN;
}

/* Gamma shape whose 75%/25% quantile ratio is `ratio` (the ratio falls as the shape grows):
 * bisection on log-shape over [0.2, 200]. Returns 0 when no shape there fits. */
static double gamma_shape_for_ratio(double ratio)
{
    double lo = log(0.2), hi = log(200.0);
    double rl = gamma_quartile_ratio(exp(lo)), rh = gamma_quartile_ratio(exp(hi));
    if (!(ratio <= rl && ratio >= rh))
        return 0;
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi);
        double r = gamma_quartile_ratio(exp(mid));
        if (!isfinite(r))
            return 0;
        if (r > ratio)
            lo = mid;
        else
            hi = mid;
    }
    return exp(0.5 * (lo + hi));
}

static double model_value(double x, feature_transform tr)
{
    if (!isfinite(x))
        return 0;
    return tr == TR_LOG1P ? log1p(x > 0 ? x : 0) : x;
}

lh_status model_score_unsupervised(const renter_features *rf, double alpha, model_scores *out,
                                   model_info *info, lh_error *err)
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
    out->contribution = xcalloc((n ? n : 1) * FEATURE_COUNT, sizeof *out->contribution);
    memset(out->reason, -1, (n ? n : 1) * MODEL_REASONS);
    if (n == 0)
        return LH_OK;

    double *col = xmalloc(n * sizeof *col), *e = xmalloc(n * sizeof *e);
    double *O = xcalloc(n, sizeof *O), *risk = xcalloc(n, sizeof *risk);
    for (int f = 0; f < FEATURE_COUNT; f++) {
        const feature_info *fi = feature_get((feature_id)f);
        if (fi->role == ROLE_CONTEXT)
            continue;
        if (fi->role == ROLE_TIME && !rf->has_time)
            continue;
        for (size_t i = 0; i < n; i++) {
            double v = rf->x[i * FEATURE_COUNT + f];
            info->nonfinite_inputs += !isfinite(v);
            col[i] = model_value(v, fi->transform);
        }
        info->constant_features += tail_evidence(col, n, e);
        for (size_t i = 0; i < n; i++) {
            double v = e[i];
            if (fi->role == ROLE_RISK)
                v = v > RISK_CAP ? RISK_CAP : v;
            out->contribution[i * FEATURE_COUNT + f] = v;
            if (fi->role == ROLE_RISK)
                risk[i] += v;
            else
                O[i] += v;
        }
    }
    for (size_t i = 0; i < n; i++)
        O[i] += risk[i] > RISK_GROUP_CAP ? RISK_GROUP_CAP : risk[i];

    /* empirical null: point mass at 0 and a Gamma for the positive scores */
    size_t npos = 0;
    for (size_t i = 0; i < n; i++)
        if (O[i] > 1e-12)
            col[npos++] = O[i];
    info->null_zero_mass = 1.0 - (double)npos / (double)n;
    double shape = 0, scale = 0;
    if (npos >= MIN_POSITIVE) {
        qsort(col, npos, sizeof *col, cmp_double);
        double q25 = quantile_sorted(col, npos, 0.25), q75 = quantile_sorted(col, npos, 0.75);
        if (q25 > 0 && q75 > q25) {
            shape = gamma_shape_for_ratio(q75 / q25);
            if (shape > 0)
                scale = q25 / gsl_cdf_gamma_Pinv(0.25, shape, 1);
            if (!isfinite(scale))
                scale = 0;
        }
        if (!(shape > 0 && scale > 0)) {
            double med = quantile_sorted(col, npos, 0.5);
            shape = 1;
            scale = med / log(2.0);
            snprintf(info->fallback, sizeof info->fallback,
                     "positive scores do not determine a Gamma null; exponential with their median");
        }
    } else {
        shape = 1;
        scale = 1;
        snprintf(info->fallback, sizeof info->fallback,
                 "fewer than %d renters with any evidence; exponential null with scale 1 nat",
                 MIN_POSITIVE);
    }
    info->null_shape = shape;
    info->null_scale = scale;
    double pos_mass = 1.0 - info->null_zero_mass;
    double *log10p = e; /* reuse: log10 of each p-value, finite even where p underflows */
    for (size_t i = 0; i < n; i++) {
        double lp = 0;
        if (O[i] > 1e-12) {
            double qg = gsl_cdf_gamma_Q(O[i], shape, scale);
            double lq = qg > 1e-290
                            ? log(qg)
                            /* leading term of the asymptotic expansion of the upper
                             * incomplete gamma function, where Q underflows */
                            : (shape - 1) * log(O[i] / scale) - O[i] / scale - gsl_sf_lngamma(shape);
            lp = (log(pos_mass) + lq) / log(10.0);
        }
        log10p[i] = lp;
        out->p[i] = pow(10.0, lp);
    }
    bh_qvalues(out->p, n, out->q);
    for (size_t i = 0; i < n; i++) {
        out->flag[i] = out->q[i] <= alpha;
        info->n_flagged += out->flag[i];
        double l = log10p[i] < 0 ? -log10p[i] : 0.0; /* no -0 */
        out->score[i] = l / (l + 2.0);
        /* reasons: the largest contributions of at least 1 nat, strongest first */
        const double *c = out->contribution + i * FEATURE_COUNT;
        for (int k = 0; k < MODEL_REASONS; k++) {
            int best = -1;
            for (int f = 0; f < FEATURE_COUNT; f++) {
                int used = 0;
                for (int j = 0; j < k; j++)
                    used |= out->reason[i * MODEL_REASONS + j] == f;
                if (!used && c[f] >= 1.0 && (best < 0 || c[f] > c[best]))
                    best = f;
            }
            out->reason[i * MODEL_REASONS + k] = (int8_t)best;
        }
    }
    free(col);
    free(e);
    free(O);
    free(risk);
    return LH_OK;
}

void model_scores_free(model_scores *s)
{
    free(s->score);
    free(s->p);
    free(s->q);
    free(s->flag);
    free(s->reason);
    free(s->contribution);
    memset(s, 0, sizeof *s);
}
