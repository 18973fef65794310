/* supervised.c: L2-regularised logistic regression (see supervised.h).
 *
 * Fit. Iteratively reweighted least squares: with mu = sigmoid(X beta) and W = mu(1 - mu),
 * each Newton step solves (X'WX + lambda I') delta = X'(y - mu) - lambda I' beta by Cholesky
 * (GSL), I' being the identity without the intercept. The penalised log-likelihood is strictly
 * concave for lambda > 0, so the steps converge even on separable data; a step that does not
 * improve it is halved. Stop when max |delta| < 1e-10 or after 100 steps.
 * Cost: O(iterations * n * p^2) for n renters and p features.
 *
 * Choice of lambda. Folds are stratified by label and assigned by a seeded GSL permutation, so
 * the same data and seed give the same model. For each lambda of a fixed grid the mean held-out
 * log-loss is computed; the smallest wins (ties: the larger lambda). The held-out probabilities
 * at that lambda are the cross-validated scores behind the metrics and the calibration.
 *
 * Calibration. A renter's p-value is the share of benign renters whose cross-validated score is
 * at least its score (from up to LOGREG_MAX_CURVE quantiles, with +1 smoothing); its q-value is
 * the cross-validated false-discovery rate of flagging every renter scoring at least as high,
 * made monotone: it assumes the scanned renters resemble the training renters in prevalence.
 */
#include "model/supervised.h"
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

static const double lambda_grid[] = {0.01, 0.1, 1, 10, 100, 1000};
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
        double z = beta[p];
        for (size_t j = 0; j < p; j++)
            z += x[i * p + j] * beta[j];
        ll += (w ? w[i] : 1) * (y[i] * z - softplus(z));
    }
    for (size_t j = 0; j < p; j++)
        ll -= 0.5 * lambda * beta[j] * beta[j];
    return ll;
}

int logreg_irls(const double *x, const double *y, const double *w, size_t n, size_t p,
                double lambda, double *beta)
{
    size_t q = p + 1;
    gsl_matrix *h = gsl_matrix_alloc(q, q);
    gsl_vector *g = gsl_vector_alloc(q), *d = gsl_vector_alloc(q);
    double *trial = xmalloc(q * sizeof *trial);
    int status = -1;
    if (!h || !g || !d)
        goto done;
    double ll = penalized_loglik(x, y, w, n, p, lambda, beta);
    for (int it = 0; it < 100; it++) {
        gsl_matrix_set_zero(h);
        gsl_vector_set_zero(g);
        for (size_t i = 0; i < n; i++) {
            double z = beta[p];
            const double *xi = x + i * p;
            for (size_t j = 0; j < p; j++)
                z += xi[j] * beta[j];
            double mu = sigmoid(z), wi = w ? w[i] : 1;
            double r = wi * (y[i] - mu), v = wi * mu * (1 - mu);
            for (size_t a = 0; a < q; a++) {
                double xa = a < p ? xi[a] : 1;
                *gsl_vector_ptr(g, a) += r * xa;
                if (v == 0)
                    continue;
                for (size_t b = 0; b <= a; b++) {
                    double xb = b < p ? xi[b] : 1;
                    *gsl_matrix_ptr(h, a, b) += v * xa * xb;
                }
            }
        }
        for (size_t a = 0; a < q; a++)
            for (size_t b = 0; b < a; b++)
                gsl_matrix_set(h, b, a, gsl_matrix_get(h, a, b));
        for (size_t j = 0; j < p; j++) {
            *gsl_matrix_ptr(h, j, j) += lambda;
            *gsl_vector_ptr(g, j) -= lambda * beta[j];
        }
        /* the intercept has no penalty: a tiny ridge keeps the system definite if every
         * weight vanished (all probabilities at 0 or 1) */
        *gsl_matrix_ptr(h, p, p) += 1e-12;
        if (gsl_linalg_cholesky_decomp1(h) != GSL_SUCCESS || gsl_linalg_cholesky_solve(h, g, d) != GSL_SUCCESS)
            goto done;
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
            double delta = trial[a] - beta[a];
            if (!isfinite(trial[a]))
                goto done;
            maxd = fabs(delta) > maxd ? fabs(delta) : maxd;
            beta[a] = trial[a];
        }
        ll = newll;
        if (maxd < 1e-10) {
            status = 0;
            break;
        }
    }
    if (status != 0)
        status = 0; /* 100 steps: the penalised optimum is approached within the last step */
done:
    gsl_matrix_free(h);
    gsl_vector_free(g);
    gsl_vector_free(d);
    free(trial);
    return status;
}

static double model_value(double v, feature_transform tr)
{
    if (!isfinite(v))
        return 0;
    return tr == TR_LOG1P ? log1p(v > 0 ? v : 0) : v;
}

/* Standardized design matrix of the labelled renters. */
static double *design(const logreg_model *m, const renter_features *rf, const size_t *rows,
                      size_t n)
{
    double *x = xmalloc((n ? n : 1) * FEATURE_COUNT * sizeof *x);
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < FEATURE_COUNT; f++) {
            double v = model_value(rf->x[rows[i] * FEATURE_COUNT + f], feature_get((feature_id)f)->transform);
            x[i * FEATURE_COUNT + f] = (v - m->center[f]) / m->scale[f];
        }
    return x;
}

static double predict(const double *beta, const double *xi, size_t p)
{
    double z = beta[p];
    for (size_t j = 0; j < p; j++)
        z += xi[j] * beta[j];
    return sigmoid(z);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct scored {
    double s;
    int y;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    return (x->s > y->s) - (x->s < y->s);
}

static void calibrate(logreg_model *m, const double *cv, const double *y, size_t n)
{
    /* benign score quantiles */
    double *neg = xmalloc((n ? n : 1) * sizeof *neg);
    size_t nn = 0;
    for (size_t i = 0; i < n; i++)
        if (y[i] == 0)
            neg[nn++] = cv[i];
    qsort(neg, nn, sizeof *neg, cmp_double);
    m->n_null_scores = nn;
    m->n_null = nn < LOGREG_MAX_CURVE ? (int)nn : LOGREG_MAX_CURVE;
    for (int k = 0; k < m->n_null; k++)
        m->null_q[k] = neg[(size_t)((double)k * (double)(nn - 1) / (m->n_null > 1 ? m->n_null - 1 : 1))];
    free(neg);
    /* FDR of "flag every renter scoring >= t", at up to LOGREG_MAX_CURVE thresholds */
    scored *sv = xmalloc((n ? n : 1) * sizeof *sv);
    for (size_t i = 0; i < n; i++)
        sv[i] = (scored){cv[i], y[i] > 0.5};
    qsort(sv, n, sizeof *sv, cmp_scored);
    size_t pos_at_or_above = 0, neg_at_or_above = 0;
    for (size_t i = 0; i < n; i++)
        pos_at_or_above += sv[i].y, neg_at_or_above += !sv[i].y;
    int cap = n < LOGREG_MAX_CURVE ? (int)n : LOGREG_MAX_CURVE;
    m->n_fdr = 0;
    size_t i = 0;
    for (int k = 0; k < cap; k++) {
        size_t at = (size_t)((double)k * (double)n / cap);
        while (i < at) {
            pos_at_or_above -= sv[i].y;
            neg_at_or_above -= !sv[i].y;
            i++;
        }
        size_t tot = pos_at_or_above + neg_at_or_above;
        m->fdr_t[m->n_fdr] = sv[at].s;
        m->fdr_v[m->n_fdr] = tot ? (double)neg_at_or_above / (double)tot : 1;
        m->n_fdr++;
    }
    /* monotone: the q-value at t is the least FDR of any threshold at or below t */
    for (int k = 1; k < m->n_fdr; k++)
        if (m->fdr_v[k] > m->fdr_v[k - 1])
            m->fdr_v[k] = m->fdr_v[k - 1];
    free(sv);
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
        free(rows);
        return LH_FAIL(err, LH_EDATA,
                       "training needs at least %d renters of each class with labels (have %zu "
                       "positive, %zu negative)",
                       m->folds, npos, n - npos);
    }
    /* scaling: mean and standard deviation of the model values; constant -> scale 1 */
    for (int f = 0; f < FEATURE_COUNT; f++) {
        feature_transform tr = feature_get((feature_id)f)->transform;
        double s = 0, ss = 0;
        for (size_t i = 0; i < n; i++) {
            double v = model_value(rf->x[rows[i] * FEATURE_COUNT + f], tr);
            s += v;
            ss += v * v;
        }
        double mean = s / (double)n, var = ss / (double)n - mean * mean;
        m->center[f] = mean;
        m->scale[f] = var > 1e-12 ? sqrt(var) : 1;
    }
    size_t p = FEATURE_COUNT;
    double *x = design(m, rf, rows, n);
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
    free(perm);

    double best_loss = INFINITY;
    double *cv = xmalloc(n * sizeof *cv), *cv_best = xmalloc(n * sizeof *cv_best);
    double *beta = xmalloc((p + 1) * sizeof *beta), *w = xmalloc(n * sizeof *w);
    lh_status st = LH_OK;
    for (size_t gi = 0; gi < N_GRID && st == LH_OK; gi++) {
        double loss = 0;
        for (int k = 0; k < m->folds; k++) {
            for (size_t i = 0; i < n; i++)
                w[i] = fold[i] != k;
            memset(beta, 0, (p + 1) * sizeof *beta);
            if (logreg_irls(x, y, w, n, p, lambda_grid[gi], beta) != 0) {
                st = LH_FAIL(err, LH_EINTERNAL, "logistic regression failed (lambda %g)",
                             lambda_grid[gi]);
                break;
            }
            for (size_t i = 0; i < n; i++)
                if (fold[i] == k) {
                    double pr = predict(beta, x + i * p, p);
                    cv[i] = pr;
                    double c = fmin(fmax(pr, 1e-15), 1 - 1e-15);
                    loss -= y[i] > 0.5 ? log(c) : log(1 - c);
                }
        }
        loss /= (double)n;
        if (loss <= best_loss) {
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
        free(lab);
        calibrate(m, cv_best, y, n);
        memset(beta, 0, (p + 1) * sizeof *beta);
        if (logreg_irls(x, y, NULL, n, p, m->lambda, beta) != 0)
            st = LH_FAIL(err, LH_EINTERNAL, "logistic regression failed on all renters");
        for (size_t j = 0; j < p; j++)
            m->coef[j] = beta[j];
        m->intercept = beta[p];
    }
    free(cv);
    free(cv_best);
    free(beta);
    free(w);
    free(fold);
    free(x);
    free(y);
    free(rows);
    return st;
}

/* p-value from the benign quantiles: share of benign CV scores >= s, +1 smoothing. */
static double null_p(const logreg_model *m, double s)
{
    if (m->n_null == 0)
        return 1;
    int lo = 0, hi = m->n_null;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (m->null_q[mid] < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    double above = (double)(m->n_null - lo) / m->n_null * (double)m->n_null_scores;
    return (1 + above) / (1 + (double)m->n_null_scores);
}

static double fdr_at(const logreg_model *m, double s)
{
    double q = 1;
    for (int k = 0; k < m->n_fdr && m->fdr_t[k] <= s; k++)
        q = m->fdr_v[k];
    return q;
}

lh_status logreg_score(const logreg_model *m, const renter_features *rf, double alpha,
                       model_scores *out, model_info *info, lh_error *err)
{
    (void)err;
    size_t n = rf->n_renters, p = FEATURE_COUNT;
    memset(info, 0, sizeof *info);
    info->kind = "supervised";
    info->alpha = alpha;
    out->n = n;
    out->score = xcalloc(n ? n : 1, sizeof *out->score);
    out->p = xcalloc(n ? n : 1, sizeof *out->p);
    out->q = xcalloc(n ? n : 1, sizeof *out->q);
    out->flag = xcalloc(n ? n : 1, 1);
    out->reason = xmalloc((n ? n : 1) * MODEL_REASONS);
    memset(out->reason, -1, (n ? n : 1) * MODEL_REASONS);
    out->contribution = xcalloc((n ? n : 1) * FEATURE_COUNT, sizeof *out->contribution);
    double beta[FEATURE_COUNT + 1];
    memcpy(beta, m->coef, sizeof m->coef);
    beta[p] = m->intercept;
    double xi[FEATURE_COUNT];
    for (size_t r = 0; r < n; r++) {
        for (size_t f = 0; f < p; f++) {
            double v = rf->x[r * p + f];
            info->nonfinite_inputs += !isfinite(v);
            xi[f] = (model_value(v, feature_get((feature_id)f)->transform) - m->center[f]) / m->scale[f];
            out->contribution[r * p + f] = beta[f] * xi[f];
        }
        double s = predict(beta, xi, p);
        out->score[r] = s;
        out->p[r] = null_p(m, s);
        out->q[r] = fdr_at(m, s);
        out->flag[r] = out->q[r] <= alpha;
        info->n_flagged += out->flag[r];
        const double *c = out->contribution + r * p;
        for (int k = 0; k < MODEL_REASONS; k++) {
            int best = -1;
            for (int f = 0; f < FEATURE_COUNT; f++) {
                int used = 0;
                for (int j = 0; j < k; j++)
                    used |= out->reason[r * MODEL_REASONS + j] == f;
                if (!used && c[f] >= 0.5 && (best < 0 || c[f] > c[best]))
                    best = f;
            }
            out->reason[r * MODEL_REASONS + k] = (int8_t)best;
        }
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
        ok &= isfinite(m->null_q[k]);
    for (int k = 0; k < m->n_fdr; k++)
        ok &= isfinite(m->fdr_t[k]) && isfinite(m->fdr_v[k]);
    return ok;
}

/* Within what training can make: |values| up to 1e6 (standardized features are O(1) and the
 * penalty keeps coefficients far below that), scales of at least 1e-6 (training uses 1 below a
 * variance of 1e-12), calibration points in [0,1]. Beyond it a finite model could still
 * overflow a score into Inf or NaN (a coefficient of 1e308, a scale of 1e-300). */
static int plausible(const logreg_model *m)
{
    const double big = 1e6;
    int ok = fabs(m->intercept) <= big && m->lambda >= 0 && m->lambda <= big;
    for (int f = 0; f < m->n_features; f++)
        ok &= fabs(m->center[f]) <= big && fabs(m->coef[f]) <= big && m->scale[f] >= 1e-6 &&
              m->scale[f] <= big;
    for (int k = 0; k < m->n_null; k++)
        ok &= m->null_q[k] >= 0 && m->null_q[k] <= 1;
    for (int k = 0; k < m->n_fdr; k++)
        ok &= m->fdr_t[k] >= 0 && m->fdr_t[k] <= 1 && m->fdr_v[k] >= 0 && m->fdr_v[k] <= 1;
    return ok;
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
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f == NULL)
        return LH_FAIL(err, LH_ECANTCREAT, "cannot write %s: %s", path, strerror(errno));
    fprintf(f, "# leasehound model: L2-regularised logistic regression over renter features\n");
    fprintf(f, "# documented in models/README.md; written by leasehound train\n");
    fprintf(f, "format 1\nkind logistic_l2\n");
    fprintf(f, "lambda %.17g\nseed %lu\nfolds %d\n", m->lambda, m->seed, m->folds);
    fprintf(f, "renters %zu\npositives %zu\n", m->n_renters, m->n_positive);
    for (int i = 0; i < m->n_inputs; i++)
        fprintf(f, "input %s %s\n", m->input_sha256[i], m->input_name[i]);
    print_metric(f, "cv_log_loss", m->cv_log_loss);
    print_metric(f, "cv_roc_auc", m->cv_roc_auc);
    print_metric(f, "cv_average_precision", m->cv_average_precision);
    fprintf(f, "intercept %.17g\n", m->intercept);
    fprintf(f, "features %d\n", m->n_features);
    for (int j = 0; j < m->n_features; j++)
        fprintf(f, "feature %s %.17g %.17g %.17g\n", m->name[j], m->center[j], m->scale[j],
                m->coef[j]);
    fprintf(f, "benign_scores %zu %d\n", m->n_null_scores, m->n_null);
    for (int k = 0; k < m->n_null; k++)
        fprintf(f, "%.17g\n", m->null_q[k]);
    fprintf(f, "fdr_curve %d\n", m->n_fdr);
    for (int k = 0; k < m->n_fdr; k++)
        fprintf(f, "%.17g %.17g\n", m->fdr_t[k], m->fdr_v[k]);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        remove(tmp);
        return LH_FAIL(err, LH_ECANTCREAT, "cannot write %s", path);
    }
    return LH_OK;
}

static int read_metric(FILE *f, const char *name, double *v)
{
    char key[64], val[64];
    if (fscanf(f, " %63s %63s", key, val) != 2 || strcmp(key, name) != 0)
        return -1;
    if (strcmp(val, "n/a") == 0) {
        *v = NAN;
        return 0;
    }
    char *end;
    *v = strtod(val, &end);
    return *end ? -1 : 0;
}

lh_status logreg_load(logreg_model *m, const char *path, lh_error *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return LH_FAIL(err, LH_ENOINPUT, "cannot open model %s: %s", path, strerror(errno));
    memset(m, 0, sizeof *m);
    int c;
    while ((c = fgetc(f)) == '#')
        while ((c = fgetc(f)) != EOF && c != '\n')
            ;
    if (c != EOF)
        ungetc(c, f);
    lh_status st = LH_OK;
    int format = 0;
    char word[64], kind[64];
    if (fscanf(f, " format %d kind %63s lambda %lf seed %lu folds %d renters %zu positives %zu",
               &format, kind, &m->lambda, &m->seed, &m->folds, &m->n_renters,
               &m->n_positive) != 7 ||
        format != 1 || strcmp(kind, "logistic_l2") != 0) {
        st = LH_FAIL(err, LH_EUSAGE, "%s is not a leasehound model (format 1)", path);
        goto done;
    }
    while (fscanf(f, " %63s", word) == 1 && strcmp(word, "input") == 0 &&
           m->n_inputs < LOGREG_MAX_INPUTS) {
        if (fscanf(f, " %64s %255[^\n]", m->input_sha256[m->n_inputs],
                   m->input_name[m->n_inputs]) != 2)
            break;
        m->n_inputs++;
    }
    /* `word` now holds cv_log_loss: read its value */
    double v;
    char val[64];
    if (strcmp(word, "cv_log_loss") != 0 || fscanf(f, " %63s", val) != 1 ||
        read_metric(f, "cv_roc_auc", &m->cv_roc_auc) ||
        read_metric(f, "cv_average_precision", &m->cv_average_precision) ||
        fscanf(f, " intercept %lf features %d", &m->intercept, &m->n_features) != 2) {
        st = LH_FAIL(err, LH_EUSAGE, "%s: malformed model header", path);
        goto done;
    }
    m->cv_log_loss = strcmp(val, "n/a") == 0 ? NAN : strtod(val, NULL);
    if (m->n_features != FEATURE_COUNT) {
        st = LH_FAIL(err, LH_EUSAGE, "%s has %d features; this leasehound computes %d", path,
                     m->n_features, FEATURE_COUNT);
        goto done;
    }
    for (int j = 0; j < m->n_features; j++) {
        if (fscanf(f, " feature %47s %lf %lf %lf", m->name[j], &m->center[j], &m->scale[j],
                   &m->coef[j]) != 4 ||
            strcmp(m->name[j], feature_get((feature_id)j)->name) != 0 || !(m->scale[j] > 0)) {
            st = LH_FAIL(err, LH_EUSAGE, "%s: feature %d is not %s", path, j,
                         feature_get((feature_id)j)->name);
            goto done;
        }
    }
    if (fscanf(f, " benign_scores %zu %d", &m->n_null_scores, &m->n_null) != 2 || m->n_null < 0 ||
        m->n_null > LOGREG_MAX_CURVE) {
        st = LH_FAIL(err, LH_EUSAGE, "%s: malformed benign_scores", path);
        goto done;
    }
    for (int k = 0; k < m->n_null; k++)
        if (fscanf(f, " %lf", &m->null_q[k]) != 1) {
            st = LH_FAIL(err, LH_EUSAGE, "%s: malformed benign_scores", path);
            goto done;
        }
    if (fscanf(f, " fdr_curve %d", &m->n_fdr) != 1 || m->n_fdr < 0 || m->n_fdr > LOGREG_MAX_CURVE) {
        st = LH_FAIL(err, LH_EUSAGE, "%s: malformed fdr_curve", path);
        goto done;
    }
    for (int k = 0; k < m->n_fdr; k++)
        if (fscanf(f, " %lf %lf", &m->fdr_t[k], &m->fdr_v[k]) != 2) {
            st = LH_FAIL(err, LH_EUSAGE, "%s: malformed fdr_curve", path);
            goto done;
        }
    (void)v;
    if (!all_finite(m))
        st = LH_FAIL(err, LH_EUSAGE, "%s has a non-finite parameter", path);
    else if (!plausible(m))
        st = LH_FAIL(err, LH_EUSAGE,
                     "%s has a parameter no training makes (beyond 1e6, a scale below 1e-6 or "
                     "a calibration point outside [0,1]); scores from it could overflow",
                     path);
done:
    fclose(f);
    return st;
}
