/* supervised.c: L2-regularised logistic regression (see supervised.h, models/README.md).
 *
 * Fit. Newton-Raphson, i.e. iteratively reweighted least squares: with mu = sigmoid(X beta)
 * and W = diag(w mu (1 - mu)), each step solves
 *     (X'WX + lambda I') delta = X'w(y - mu) - lambda I' beta
 * by Cholesky (GSL), I' being the identity without the intercept. The penalised log-likelihood
 * is strictly concave in the coefficients for lambda > 0, so the steps converge even on
 * separable data; a step that does not improve it is halved (at most 30 times). Stop when
 * max |delta| < IRLS_TOLERANCE or after IRLS_MAX_STEPS steps. Cost: O(steps * n * p^2) for n
 * renters and p features, plus O(p^3) per step.
 *
 * Fallbacks (each recorded in the model file and in scan's summary.json):
 *   constant column   a feature with one value over the training renters gets centre = that
 *                     value, scale 1 and a design column of exact zeros, so its coefficient
 *                     stays exactly 0: it cannot move a score.
 *   more features than labelled renters
 *                     the penalty alone makes the system definite; the fit is reported as
 *                     identified by the penalty, not by the data.
 *   singular system   a Newton matrix whose reciprocal condition number (Cholesky estimate) is
 *                     below SINGULAR_RCOND, or that is not positive definite, is solved by the
 *                     SVD pseudo-inverse (singular values below SVD_CUTOFF of the largest set
 *                     aside): the minimum-norm step, which splits weight equally between
 *                     duplicated columns. This happens when the intercept's weights vanish (every
 *                     probability at 0 or 1) or lambda is 0 (tests).
 *   NaN or Inf        a non-finite feature value is read as 0 (no evidence), and counted.
 *   no created_at     at scan time, a table without timestamps has no time features: they are
 *                     set to their training means (contribution 0) instead of to 0.
 *
 * Choice of lambda. Folds are stratified by label and assigned by a seeded GSL permutation, so
 * the same data and seed give the same model. The grid is walked from the strongest penalty
 * down, each fold's fit starting from its fit at the previous lambda (warm start: the optimum is
 * unique, so the start changes the number of steps, not the result beyond the tolerance). The
 * lambda with the smallest mean held-out log-loss wins (ties: the larger lambda). The held-out
 * probabilities at that lambda are the cross-validated scores behind the metrics and the
 * calibration.
 *
 * Calibration. scan turns a renter's log-odds z into a conformal p-value against the benign
 * training renters' cross-validated log-odds, p = (1 + #{benign CV log-odds >= z}) / (1 +
 * #benign), and the p-values of all scanned renters into Benjamini-Hochberg q-values; flagged
 * means q <= alpha. This bounds the expected share of benign renters among the flags by alpha
 * as far as the scanned benign renters score like the training's benign renters did under
 * cross-validation (Bates et al. 2023, "Testing for outliers with conformal p-values"); unlike
 * a false-discovery curve measured on the training set, it does not assume the scanned data
 * have the training's share of fake identities. The curve keeps the highest 256 benign scores
 * exactly and then every 2% of rank; between points the count is rounded up (p conservative).
 * Log-odds rather than probabilities: a probability rounds to 1 from z = 37 on.
 *
 * Beyond the highest benign score the empirical p-value stops at 1 / (1 + #benign), and BH
 * over many scanned renters then needs many renters at that floor before it flags any: a
 * scan of a million renters against 100000 benign training renters flags nothing at alpha
 * 0.05 unless 200 renters score above every benign one. So, as the unsupervised model does,
 * the tail is extrapolated under one stated assumption: the benign log-odds have an
 * exponential upper tail. It is fitted to the TAIL_RENTERS highest benign renters: u is the
 * lowest of them, sigma their mean excess over u, and above the highest benign score
 * p = min(1 / (1 + #benign), (1 + #{>= u}) / (1 + #benign) exp(-(z - u) / sigma)). The top
 * is fitted, not the top 1%: benign log-odds have a heavier tail than the bulk's exponential
 * (on models/default.model, a fit to the top 1% expects 0.006 benign renters above the
 * highest one, a fit to the top 50 expects 0.6). Within the benign range the empirical count
 * alone decides. With fewer than 2 TAIL_RENTERS benign renters there is no tail (recorded as a
 * fallback).
 */
#include "model/supervised.h"
#include "util/atomic_file.h"
#include "util/metrics.h"
#include "util/mem.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IRLS_MAX_STEPS 100
#define IRLS_TOLERANCE 1e-10
#define SINGULAR_RCOND 1e-13 /* a Newton matrix less well conditioned is solved by SVD */
#define SVD_CUTOFF     1e-12 /* singular values below this share of the largest are dropped */
#define CURVE_EXACT    256   /* benign ranks kept exactly at the top of the curve */
#define CURVE_GROWTH   1.02  /* beyond, one point per 2% of rank */
#define TAIL_RENTERS   50    /* the benign tail is fitted to this many top benign renters */
#define MODEL_FILE_MAX (1u << 20)

/* strongest penalty first: each fit starts from the previous one */
static const double lambda_grid[] = {1000, 100, 10, 1, 0.1, 0.01};
#define N_GRID (sizeof lambda_grid / sizeof *lambda_grid)

static double sigmoid(double z)
{
    return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
}

/* log(1 + e^z) without overflow */
static double softplus(double z)
{
    return z > 30 ? z : z < -30 ? exp(z) : log1p(exp(z));
}

static double penalized_loglik(const double *x, const double *y, const double *w, size_t n,
                               size_t p, double lambda, const double *beta)
{
    double ll = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1;
        if (wi == 0)
            continue;
        double z = beta[p];
        for (size_t j = 0; j < p; j++)
            z += x[i * p + j] * beta[j];
        ll += wi * (y[i] * z - softplus(z));
    }
    for (size_t j = 0; j < p; j++)
        ll -= 0.5 * lambda * beta[j] * beta[j];
    return ll;
}

/* Solves h d = g for symmetric positive semi-definite h (q x q) by the SVD pseudo-inverse.
 * h is overwritten. Returns 0 or -1. */
static int solve_svd(gsl_matrix *h, const gsl_vector *g, gsl_vector *d)
{
    size_t q = h->size1;
    gsl_matrix *v = gsl_matrix_alloc(q, q);
    gsl_vector *s = gsl_vector_alloc(q), *work = gsl_vector_alloc(q);
    int st = -1;
    if (v && s && work && gsl_linalg_SV_decomp(h, v, s, work) == GSL_SUCCESS) {
        double top = gsl_vector_get(s, 0);
        for (size_t k = 0; k < q; k++)
            if (!(gsl_vector_get(s, k) > SVD_CUTOFF * top))
                gsl_vector_set(s, k, 0); /* SV_solve ignores zero singular values */
        st = top > 0 && gsl_linalg_SV_solve(h, v, s, g, d) == GSL_SUCCESS ? 0 : -1;
        if (top == 0) { /* h = 0: no curvature, no step */
            gsl_vector_set_zero(d);
            st = 0;
        }
    }
    gsl_matrix_free(v);
    gsl_vector_free(s);
    gsl_vector_free(work);
    return st;
}

int logreg_irls(const double *x, const double *y, const double *w, size_t n, size_t p,
                double lambda, double *beta)
{
    gsl_set_error_handler_off(); /* statuses are checked here; main does the same */
    size_t q = p + 1;
    double *acc = xcalloc(q * q, sizeof *acc), *grad = xcalloc(q, sizeof *grad);
    double *trial = xmalloc(q * sizeof *trial);
    gsl_matrix *h = gsl_matrix_alloc(q, q), *hcopy = gsl_matrix_alloc(q, q);
    gsl_vector *g = gsl_vector_alloc(q), *d = gsl_vector_alloc(q), *work = gsl_vector_alloc(3 * q);
    int status = -1, singular = 0;
    if (!h || !hcopy || !g || !d || !work)
        goto done;
    double ll = penalized_loglik(x, y, w, n, p, lambda, beta);
    for (int it = 0; it < IRLS_MAX_STEPS; it++) {
        /* gradient and the lower triangle of X'WX; the intercept is column p */
        memset(acc, 0, q * q * sizeof *acc);
        memset(grad, 0, q * sizeof *grad);
        for (size_t i = 0; i < n; i++) {
            double wi = w ? w[i] : 1;
            if (wi == 0)
                continue;
            const double *xi = x + i * p;
            double z = beta[p];
            for (size_t j = 0; j < p; j++)
                z += xi[j] * beta[j];
            double mu = sigmoid(z);
            double r = wi * (y[i] - mu), v = wi * mu * (1 - mu);
            for (size_t a = 0; a < p; a++)
                grad[a] += r * xi[a];
            grad[p] += r;
            if (v == 0)
                continue;
            for (size_t a = 0; a < p; a++) {
                double va = v * xi[a];
                if (va == 0)
                    continue;
                double *row = acc + a * q;
                for (size_t b = 0; b <= a; b++)
                    row[b] += va * xi[b];
                acc[p * q + a] += va;
            }
            acc[p * q + p] += v;
        }
        for (size_t a = 0; a < q; a++) {
            for (size_t b = 0; b <= a; b++) {
                gsl_matrix_set(h, a, b, acc[a * q + b]);
                gsl_matrix_set(h, b, a, acc[a * q + b]);
            }
            double pen = a < p ? lambda : 0;
            *gsl_matrix_ptr(h, a, a) += pen;
            gsl_vector_set(g, a, grad[a] - pen * beta[a]);
        }
        gsl_matrix_memcpy(hcopy, h);
        double rcond = 0;
        int ok = gsl_linalg_cholesky_decomp1(h) == GSL_SUCCESS &&
                 gsl_linalg_cholesky_rcond(h, &rcond, work) == GSL_SUCCESS &&
                 rcond >= SINGULAR_RCOND && gsl_linalg_cholesky_solve(h, g, d) == GSL_SUCCESS;
        if (!ok) {
            if (solve_svd(hcopy, g, d) != 0)
                goto done;
            singular = 1;
        }
        double step = 1, newll = ll, maxd = 0;
        for (int half = 0; half < 30; half++) {
            for (size_t a = 0; a < q; a++)
                trial[a] = beta[a] + step * gsl_vector_get(d, a);
            newll = penalized_loglik(x, y, w, n, p, lambda, trial);
            if (newll >= ll - 1e-12 * fabs(ll))
                break;
            step /= 2;
        }
        for (size_t a = 0; a < q; a++) {
            if (!isfinite(trial[a]))
                goto done;
            double delta = fabs(trial[a] - beta[a]);
            maxd = delta > maxd ? delta : maxd;
            beta[a] = trial[a];
        }
        ll = newll;
        if (maxd < IRLS_TOLERANCE)
            break;
    }
    /* after IRLS_MAX_STEPS the optimum is approached within the last step: accepted */
    status = singular;
done:
    gsl_matrix_free(h);
    gsl_matrix_free(hcopy);
    gsl_vector_free(g);
    gsl_vector_free(d);
    gsl_vector_free(work);
    xfree(acc);
    xfree(grad);
    xfree(trial);
    return status;
}

static double model_value(double v, feature_transform tr)
{
    if (!isfinite(v))
        return 0;
    return tr == TR_LOG1P ? log1p(v > 0 ? v : 0) : v;
}

static double log_odds(const double *beta, const double *xi, size_t p)
{
    double z = beta[p];
    for (size_t j = 0; j < p; j++)
        z += xi[j] * beta[j];
    return z;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* The benign tail curve from the cross-validated scores (see the essay). */
static void calibrate(logreg_model *m, const double *cv, const double *y, size_t n)
{
    double *neg = xmalloc((n ? n : 1) * sizeof *neg);
    size_t nn = 0;
    for (size_t i = 0; i < n; i++)
        if (y[i] == 0)
            neg[nn++] = cv[i];
    qsort(neg, nn, sizeof *neg, cmp_desc);
    m->n_null_scores = nn;
    m->n_null = 0;
    for (size_t r = 1; r <= nn && m->n_null < LOGREG_MAX_CURVE;) {
        double s = neg[r - 1];
        size_t c = r; /* benign scoring at least s, ties in full */
        while (c < nn && neg[c] == s)
            c++;
        m->null_score[m->n_null] = s;
        m->null_count[m->n_null] = (double)c;
        m->n_null++;
        size_t next = c + 1;
        if (c >= CURVE_EXACT) {
            size_t grown = (size_t)ceil((double)c * CURVE_GROWTH);
            next = grown > next ? grown : next;
        }
        if (next > nn && c < nn)
            next = nn; /* always end at the lowest score */
        if (m->n_null == LOGREG_MAX_CURVE - 1 && next <= nn)
            next = nn;
        r = next;
    }
    /* the exponential tail */
    m->tail_renters = 0;
    m->tail_from = m->tail_scale = 0;
    size_t k = TAIL_RENTERS;
    if (nn >= 2 * TAIL_RENTERS) {
        double u = neg[k - 1], excess = 0;
        size_t above = 0, at_least = k;
        while (at_least < nn && neg[at_least] == u)
            at_least++;
        for (size_t i = 0; i < k; i++)
            if (neg[i] > u) {
                excess += neg[i] - u;
                above++;
            }
        if (above > 0 && excess > 0) {
            m->tail_renters = at_least;
            m->tail_from = u;
            m->tail_scale = excess / (double)above;
        }
    }
    xfree(neg);
}

double logreg_null_p(const logreg_model *m, double z)
{
    double nn = (double)m->n_null_scores;
    if (m->n_null == 0)
        return 1;
    /* the first point (descending) at or below z */
    int lo = 0, hi = m->n_null;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (m->null_score[mid] > z)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 && m->null_score[0] < z) { /* above every benign score */
        double p = 1 / (1 + nn);
        if (m->tail_renters > 0) {
            double tail =
                (1 + (double)m->tail_renters) / (1 + nn) * exp(-(z - m->tail_from) / m->tail_scale);
            p = tail < p ? tail : p;
        }
        return p;
    }
    double above = lo == m->n_null ? nn : m->null_count[lo];
    return (1 + above) / (1 + nn);
}

static void append_fallback(char *buf, size_t cap, const char *text)
{
    size_t len = strlen(buf);
    snprintf(buf + len, cap - len, "%s%s", len ? "; " : "", text);
}

lh_status logreg_train(logreg_model *m, const renter_features *rf, const int8_t *label,
                       const logreg_options *opt, lh_error *err)
{
    gsl_set_error_handler_off();
    memset(m, 0, sizeof *m);
    m->n_features = FEATURE_COUNT;
    m->seed = opt->seed;
    m->folds = opt->folds > 1 ? opt->folds : 5;
    for (int f = 0; f < FEATURE_COUNT; f++)
        snprintf(m->name[f], sizeof m->name[f], "%s", feature_get((feature_id)f)->name);
    size_t nr = rf->n_renters, n = 0, npos = 0;
    size_t *rows = xmalloc((nr ? nr : 1) * sizeof *rows);
    for (size_t r = 0; r < nr; r++)
        if (label[r] >= 0) {
            rows[n++] = r;
            npos += label[r] == 1;
        }
    m->n_renters = n;
    m->n_positive = npos;
    if (npos < (size_t)m->folds || n - npos < (size_t)m->folds) {
        xfree(rows);
        return LH_FAIL(err, LH_EDATA,
                       "training needs at least %d renters of each class with labels (have %zu "
                       "positive, %zu negative)",
                       m->folds, npos, n - npos);
    }
    size_t p = FEATURE_COUNT;
    /* model values, then centre and scale: mean and standard deviation; a constant column is
       centred on its value with scale 1, so that it is exactly 0 */
    double *x = xmalloc(n * p * sizeof *x);
    for (size_t i = 0; i < n; i++)
        for (size_t f = 0; f < p; f++) {
            double v = rf->x[rows[i] * p + f];
            m->nonfinite_inputs += !isfinite(v);
            x[i * p + f] = model_value(v, feature_get((feature_id)f)->transform);
        }
    for (size_t f = 0; f < p; f++) {
        double s = 0, lo = x[f], hi = x[f];
        for (size_t i = 0; i < n; i++) {
            double v = x[i * p + f];
            s += v;
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        double mean = s / (double)n, ss = 0;
        for (size_t i = 0; i < n; i++)
            ss += (x[i * p + f] - mean) * (x[i * p + f] - mean);
        double sd = sqrt(ss / (double)n);
        int constant = lo == hi || !(sd > 1e-12);
        m->constant_features += constant;
        m->center[f] = constant ? lo : mean;
        m->scale[f] = constant ? 1 : sd;
        for (size_t i = 0; i < n; i++)
            x[i * p + f] = constant ? 0 : (x[i * p + f] - m->center[f]) / m->scale[f];
    }
    double *y = xmalloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++)
        y[i] = label[rows[i]] == 1;

    /* stratified folds from a seeded permutation */
    int *fold = xmalloc(n * sizeof *fold);
    size_t *perm = xmalloc(n * sizeof *perm);
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, opt->seed);
    gsl_ran_shuffle(g, perm, n, sizeof *perm);
    gsl_rng_free(g);
    size_t cpos = 0, cneg = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = perm[k];
        fold[i] = y[i] > 0.5 ? (int)(cpos++ % (size_t)m->folds) : (int)(cneg++ % (size_t)m->folds);
    }
    xfree(perm);

    double best_loss = INFINITY;
    double *cv = xmalloc(n * sizeof *cv), *cv_best = xmalloc(n * sizeof *cv_best);
    double *betas = xcalloc((size_t)m->folds * (p + 1), sizeof *betas);
    double *beta = xcalloc(p + 1, sizeof *beta), *w = xmalloc(n * sizeof *w);
    int singular_fits = 0, fits = 0;
    lh_status st = LH_OK;
    for (size_t gi = 0; gi < N_GRID && st == LH_OK; gi++) {
        double loss = 0;
        for (int k = 0; k < m->folds; k++) {
            for (size_t i = 0; i < n; i++)
                w[i] = fold[i] != k;
            double *bk = betas + (size_t)k * (p + 1);
            int rc = logreg_irls(x, y, w, n, p, lambda_grid[gi], bk);
            fits++;
            if (rc < 0) {
                st = LH_FAIL(err, LH_EINTERNAL,
                             "logistic regression failed: a Newton step is not finite (lambda %g)",
                             lambda_grid[gi]);
                break;
            }
            singular_fits += rc == 1;
            for (size_t i = 0; i < n; i++)
                if (fold[i] == k) {
                    double z = log_odds(bk, x + i * p, p);
                    cv[i] = z;
                    loss += softplus(z) - y[i] * z; /* -log likelihood of y */
                }
        }
        loss /= (double)n;
        if (loss < best_loss) {
            best_loss = loss;
            m->lambda = lambda_grid[gi];
            memcpy(cv_best, cv, n * sizeof *cv);
        }
    }
    if (st == LH_OK) {
        m->cv_log_loss = best_loss;
        int8_t *lab = xmalloc(n);
        for (size_t i = 0; i < n; i++)
            lab[i] = (int8_t)(y[i] > 0.5);
        rank_metrics rm;
        metrics_ranking(&rm, cv_best, lab, n);
        m->cv_roc_auc = rm.roc_auc;
        m->cv_average_precision = rm.average_precision;
        xfree(lab);
        calibrate(m, cv_best, y, n);
        int rc = logreg_irls(x, y, NULL, n, p, m->lambda, beta);
        fits++;
        if (rc < 0)
            st = LH_FAIL(err, LH_EINTERNAL, "logistic regression failed on all renters");
        singular_fits += rc == 1;
        for (size_t j = 0; j < p; j++)
            m->coef[j] = beta[j];
        m->intercept = beta[p];
    }
    char text[160];
    if (n <= p + 1) {
        snprintf(text, sizeof text,
                 "more features (%zu and an intercept) than labelled renters (%zu): the fit is "
                 "identified by the penalty alone",
                 p, n);
        append_fallback(m->fallback, sizeof m->fallback, text);
    }
    if (singular_fits) {
        snprintf(text, sizeof text,
                 "%d of %d fits met a singular Newton system, solved by the SVD pseudo-inverse",
                 singular_fits, fits);
        append_fallback(m->fallback, sizeof m->fallback, text);
    }
    xfree(cv);
    xfree(cv_best);
    xfree(betas);
    xfree(beta);
    xfree(w);
    xfree(fold);
    xfree(x);
    xfree(y);
    xfree(rows);
    return st;
}

lh_status logreg_score(const logreg_model *m, const renter_features *rf, double alpha,
                       model_scores *out, model_info *info, lh_error *err)
{
    (void)err;
    size_t n = rf->n_renters, p = FEATURE_COUNT;
    memset(info, 0, sizeof *info);
    info->kind = "supervised";
    info->alpha = alpha;
    info->constant_features = m->constant_features;
    out->n = n;
    out->score = xcalloc(n ? n : 1, sizeof *out->score);
    out->p = xcalloc(n ? n : 1, sizeof *out->p);
    out->q = xcalloc(n ? n : 1, sizeof *out->q);
    out->flag = xcalloc(n ? n : 1, 1);
    out->reason = xmalloc((n ? n : 1) * MODEL_REASONS);
    memset(out->reason, -1, (n ? n : 1) * MODEL_REASONS);
    out->evidence = xcalloc((n ? n : 1) * MODEL_REASONS, sizeof *out->evidence);
    double beta[FEATURE_COUNT + 1];
    memcpy(beta, m->coef, sizeof m->coef);
    beta[p] = m->intercept;
    /* without timestamps the time features are unknown, not 0: their training means */
    int time_imputed = 0;
    if (!rf->has_time)
        for (size_t f = 0; f < p; f++)
            time_imputed += feature_uses_time((feature_id)f) && m->coef[f] != 0;
    double xi[FEATURE_COUNT];
    for (size_t r = 0; r < n; r++) {
        for (size_t f = 0; f < p; f++) {
            double v = rf->x[r * p + f];
            info->nonfinite_inputs += !isfinite(v);
            if (!rf->has_time && feature_uses_time((feature_id)f))
                xi[f] = 0;
            else
                xi[f] = (model_value(v, feature_get((feature_id)f)->transform) - m->center[f]) /
                        m->scale[f];
        }
        double z = log_odds(beta, xi, p);
        out->score[r] = sigmoid(z);
        out->p[r] = logreg_null_p(m, z);
        /* reasons: the largest contributions of at least 0.5 (log-odds), strongest first, of
           evidence features (not context) whose value is above the training mean: "5 persons
           share one card" is a reason, "no free-mail" is not, although a negative coefficient
           on free-mail makes its absence count */
        for (size_t f = 0; f < p; f++)
            if (feature_get((feature_id)f)->role != ROLE_CONTEXT && xi[f] > 0)
                model_offer_reason(out, r, (int)f, beta[f] * xi[f], 0.5);
    }
    bh_qvalues(out->p, n, 1, out->q);
    for (size_t r = 0; r < n; r++) {
        out->flag[r] = out->q[r] <= alpha;
        info->n_flagged += out->flag[r];
    }
    if (m->fallback[0]) {
        char text[LOGREG_FALLBACK_MAX + 16];
        snprintf(text, sizeof text, "training: %s", m->fallback);
        append_fallback(info->fallback, sizeof info->fallback, text);
    }
    if (m->tail_renters == 0) {
        char text[128];
        snprintf(text, sizeof text,
                 "training: %zu benign renters, too few for a tail: p-values at least 1/%zu",
                 m->n_null_scores, m->n_null_scores + 1);
        append_fallback(info->fallback, sizeof info->fallback, text);
    }
    if (m->nonfinite_inputs) {
        char text[96];
        snprintf(text, sizeof text, "training: %zu NaN or Inf feature values read as 0",
                 m->nonfinite_inputs);
        append_fallback(info->fallback, sizeof info->fallback, text);
    }
    if (time_imputed) {
        char text[128];
        snprintf(text, sizeof text, "no created_at: %d time features set to their training means",
                 time_imputed);
        append_fallback(info->fallback, sizeof info->fallback, text);
    }
    return LH_OK;
}

/* ---- the model file ---- */

static int all_finite(const logreg_model *m)
{
    int ok = isfinite(m->intercept) && isfinite(m->lambda);
    for (int f = 0; f < m->n_features; f++)
        ok &= isfinite(m->center[f]) && isfinite(m->scale[f]) && isfinite(m->coef[f]);
    for (int k = 0; k < m->n_null; k++)
        ok &= isfinite(m->null_score[k]) && isfinite(m->null_count[k]);
    return ok && isfinite(m->tail_from) && isfinite(m->tail_scale);
}

/* Within what training can make: |values| up to 1e6 (standardized features are O(1) and the
 * penalty keeps coefficients far below that), scales of at least 1e-6 (training uses 1 below a
 * variance of 1e-12), counts and the tail's scale not negative. Beyond it a finite model could
 * still overflow a score into Inf or NaN (a coefficient of 1e308, a scale of 1e-300). */
static int plausible(const logreg_model *m)
{
    const double big = 1e6;
    int ok = fabs(m->intercept) <= big && m->lambda >= 0 && m->lambda <= big;
    for (int f = 0; f < m->n_features; f++)
        ok &= fabs(m->center[f]) <= big && fabs(m->coef[f]) <= big && m->scale[f] >= 1e-6 &&
              m->scale[f] <= big;
    for (int k = 0; k < m->n_null; k++)
        ok &= fabs(m->null_score[k]) <= big && m->null_count[k] >= 0;
    return ok && fabs(m->tail_from) <= big && m->tail_scale >= 0 && m->tail_scale <= big;
}

static void print_metric(FILE *f, const char *name, double v)
{
    if (isfinite(v))
        fprintf(f, "%s %.17g\n", name, v);
    else
        fprintf(f, "%s n/a\n", name);
}

lh_status logreg_save(const logreg_model *m, const char *path, lh_error *err)
{
    if (!all_finite(m))
        return LH_FAIL(err, LH_EINTERNAL, "the model has a non-finite parameter; not written");
    /* the folder and the name, for the atomic write */
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    atomic_file af;
    lh_status st = atomic_file_open(&af, dir, slash ? slash + 1 : path, err);
    if (st != LH_OK)
        return st;
    FILE *f = af.f;
    fprintf(f, "# leasehound model: L2-regularised logistic regression over renter features\n");
    fprintf(f, "# documented in models/README.md; written by leasehound train\n");
    fprintf(f, "format %d\nkind logistic_l2\n", LOGREG_FORMAT);
    fprintf(f, "lambda %.17g\nseed %lu\nfolds %d\n", m->lambda, m->seed, m->folds);
    fprintf(f, "leases %zu\nrenters %zu\npositives %zu\n", m->n_rows, m->n_renters, m->n_positive);
    for (int i = 0; i < m->n_inputs; i++)
        fprintf(f, "input %s %s\n", m->input_sha256[i], m->input_name[i]);
    print_metric(f, "cv_log_loss", m->cv_log_loss);
    print_metric(f, "cv_roc_auc", m->cv_roc_auc);
    print_metric(f, "cv_average_precision", m->cv_average_precision);
    fprintf(f, "constant_features %d\nnonfinite_inputs %zu\nfallback %s\n", m->constant_features,
            m->nonfinite_inputs, m->fallback[0] ? m->fallback : "none");
    fprintf(f, "intercept %.17g\n", m->intercept);
    fprintf(f, "features %d\n", m->n_features);
    for (int j = 0; j < m->n_features; j++)
        fprintf(f, "feature %s %.17g %.17g %.17g\n", m->name[j], m->center[j], m->scale[j],
                m->coef[j]);
    fprintf(f, "benign_tail %zu %.17g %.17g\n", m->tail_renters, m->tail_from, m->tail_scale);
    fprintf(f, "benign_log_odds %zu %d\n", m->n_null_scores, m->n_null);
    for (int k = 0; k < m->n_null; k++)
        fprintf(f, "%.17g %.0f\n", m->null_score[k], m->null_count[k]);
    return atomic_file_commit(&af, err);
}

/* ---- reading it back: one statement per line, in the order written ---- */

typedef struct model_reader {
    char *at; /* the rest of the file, lines cut in place as they are read */
    int line; /* of the line last returned */
    const char *path;
    char *pending; /* a line read ahead and given back: returned again next */
} model_reader;

/* The next line that is neither blank nor a comment, or NULL at the end. */
static char *next_line(model_reader *r)
{
    if (r->pending) {
        char *line = r->pending;
        r->pending = NULL;
        return line;
    }
    while (r->at && *r->at) {
        char *line = r->at;
        char *nl = strchr(line, '\n');
        r->at = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        r->line++;
        if (line[0] != '#' && line[strspn(line, " \t\r")] != '\0')
            return line;
    }
    return NULL;
}

/* Reads "KEY VALUE" where VALUE is the rest of the line; NULL when the next line is not KEY. */
static char *expect(model_reader *r, const char *key)
{
    char *line = next_line(r);
    size_t k = strlen(key);
    if (line == NULL || strncmp(line, key, k) != 0 || line[k] != ' ')
        return NULL;
    return line + k + 1;
}

static int parse_double(const char *s, double *v)
{
    char *end;
    if (strcmp(s, "n/a") == 0) {
        *v = NAN;
        return 0;
    }
    errno = 0;
    *v = strtod(s, &end);
    return end == s || *end || errno == ERANGE ? -1 : 0;
}

static int parse_size(const char *s, size_t *v)
{
    char *end;
    errno = 0;
    unsigned long long u = strtoull(s, &end, 10);
    if (end == s || *end || errno || s[0] == '-')
        return -1;
    *v = (size_t)u;
    return 0;
}

static lh_status read_model(logreg_model *m, model_reader *r, lh_error *err)
{
    const char *path = r->path;
    char *v;
    size_t z;
#define BAD(what) LH_FAIL(err, LH_EUSAGE, "%s:%d: %s", path, r->line, what)
    v = expect(r, "format");
    if (v == NULL || parse_size(v, &z) != 0)
        return LH_FAIL(err, LH_EUSAGE, "%s is not a leasehound model (no format line)", path);
    if (z != LOGREG_FORMAT)
        return LH_FAIL(err, LH_EUSAGE,
                       "%s is a model of format %zu; this leasehound reads format %d (train it "
                       "again with leasehound train)",
                       path, z, LOGREG_FORMAT);
    if ((v = expect(r, "kind")) == NULL || strcmp(v, "logistic_l2") != 0)
        return BAD("kind must be logistic_l2");
    if ((v = expect(r, "lambda")) == NULL || parse_double(v, &m->lambda) || !(m->lambda >= 0))
        return BAD("malformed lambda");
    if ((v = expect(r, "seed")) == NULL || parse_size(v, &z))
        return BAD("malformed seed");
    m->seed = (unsigned long)z;
    if ((v = expect(r, "folds")) == NULL || parse_size(v, &z) || z < 2 || z > 1000)
        return BAD("malformed folds");
    m->folds = (int)z;
    if ((v = expect(r, "leases")) == NULL || parse_size(v, &m->n_rows))
        return BAD("malformed leases");
    if ((v = expect(r, "renters")) == NULL || parse_size(v, &m->n_renters))
        return BAD("malformed renters");
    if ((v = expect(r, "positives")) == NULL || parse_size(v, &m->n_positive))
        return BAD("malformed positives");
    char *line;
    for (;;) {
        line = next_line(r);
        if (line == NULL || strncmp(line, "input ", 6) != 0) {
            r->pending = line; /* read again as the next statement */
            break;
        }
        if (m->n_inputs == LOGREG_MAX_INPUTS)
            continue;
        char *sha = line + 6, *sp = strchr(sha, ' ');
        if (sp == NULL || sp - sha != 64)
            return BAD("malformed input (SHA-256 and name)");
        memcpy(m->input_sha256[m->n_inputs], sha, 64);
        m->input_sha256[m->n_inputs][64] = '\0';
        snprintf(m->input_name[m->n_inputs], sizeof m->input_name[0], "%s", sp + 1);
        m->n_inputs++;
    }
    if ((v = expect(r, "cv_log_loss")) == NULL || parse_double(v, &m->cv_log_loss))
        return BAD("malformed cv_log_loss");
    if ((v = expect(r, "cv_roc_auc")) == NULL || parse_double(v, &m->cv_roc_auc))
        return BAD("malformed cv_roc_auc");
    if ((v = expect(r, "cv_average_precision")) == NULL ||
        parse_double(v, &m->cv_average_precision))
        return BAD("malformed cv_average_precision");
    if ((v = expect(r, "constant_features")) == NULL || parse_size(v, &z) || z > FEATURE_COUNT)
        return BAD("malformed constant_features");
    m->constant_features = (int)z;
    if ((v = expect(r, "nonfinite_inputs")) == NULL || parse_size(v, &m->nonfinite_inputs))
        return BAD("malformed nonfinite_inputs");
    if ((v = expect(r, "fallback")) == NULL)
        return BAD("malformed fallback");
    snprintf(m->fallback, sizeof m->fallback, "%s", strcmp(v, "none") == 0 ? "" : v);
    if ((v = expect(r, "intercept")) == NULL || parse_double(v, &m->intercept))
        return BAD("malformed intercept");
    if ((v = expect(r, "features")) == NULL || parse_size(v, &z))
        return BAD("malformed features");
    if (z != FEATURE_COUNT)
        return LH_FAIL(err, LH_EUSAGE,
                       "%s has %zu features; this leasehound computes %d (train it again)", path, z,
                       FEATURE_COUNT);
    m->n_features = FEATURE_COUNT;
    for (int j = 0; j < FEATURE_COUNT; j++) {
        const char *want = feature_get((feature_id)j)->name;
        char name[48];
        if ((v = expect(r, "feature")) == NULL ||
            sscanf(v, "%47s %lf %lf %lf", name, &m->center[j], &m->scale[j], &m->coef[j]) != 4)
            return BAD("malformed feature line");
        if (strcmp(name, want) != 0)
            return LH_FAIL(err, LH_EUSAGE,
                           "%s:%d: feature %d is '%s'; this leasehound's feature %d is '%s' (train "
                           "it again)",
                           path, r->line, j, name, j, want);
        if (!(m->scale[j] > 0))
            return BAD("a feature's scale must be positive");
        snprintf(m->name[j], sizeof m->name[j], "%s", name);
    }
    if ((v = expect(r, "benign_tail")) == NULL ||
        sscanf(v, "%zu %lf %lf", &m->tail_renters, &m->tail_from, &m->tail_scale) != 3 ||
        (m->tail_renters > 0 && !(m->tail_scale > 0)))
        return BAD("malformed benign_tail");
    int k;
    if ((v = expect(r, "benign_log_odds")) == NULL ||
        sscanf(v, "%zu %d", &m->n_null_scores, &k) != 2 || k < 0 || k > LOGREG_MAX_CURVE)
        return BAD("malformed benign_log_odds");
    m->n_null = k;
    for (int i = 0; i < k; i++) {
        if ((line = next_line(r)) == NULL ||
            sscanf(line, "%lf %lf", &m->null_score[i], &m->null_count[i]) != 2)
            return BAD("malformed benign score");
        if (m->null_count[i] < 1 || m->null_count[i] > (double)m->n_null_scores ||
            (i > 0 &&
             !(m->null_score[i] < m->null_score[i - 1] && m->null_count[i] > m->null_count[i - 1])))
            return BAD("benign scores must descend with growing counts");
    }
    if (m->tail_renters > m->n_null_scores)
        return BAD("benign_tail counts more renters than benign_log_odds");
    if (next_line(r) != NULL)
        return BAD("text after the benign scores");
#undef BAD
    if (!all_finite(m))
        return LH_FAIL(err, LH_EUSAGE, "%s has a non-finite parameter", path);
    if (!plausible(m))
        return LH_FAIL(err, LH_EUSAGE,
                       "%s has a parameter no training makes (beyond 1e6, a scale below 1e-6, a "
                       "negative count or tail scale); scores from it could overflow",
                       path);
    return LH_OK;
}

lh_status logreg_load(logreg_model *m, const char *path, lh_error *err)
{
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return LH_FAIL(err, LH_ENOINPUT, "cannot open model %s: %s", path, strerror(errno));
    char *buf = xmalloc(MODEL_FILE_MAX + 1);
    size_t n = fread(buf, 1, MODEL_FILE_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    lh_status st;
    if (bad) {
        st = LH_FAIL(err, LH_ENOINPUT, "cannot read model %s", path);
    } else if (n > MODEL_FILE_MAX || memchr(buf, '\0', n)) {
        st = LH_FAIL(err, LH_EUSAGE, "%s is not a leasehound model (binary or over 1 MiB)", path);
    } else {
        buf[n] = '\0';
        model_reader r = {buf, 0, path, NULL};
        st = read_model(m, &r, err);
    }
    xfree(buf);
    return st;
}
