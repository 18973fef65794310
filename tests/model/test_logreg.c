#include "model/supervised.h"
#include "support/test_support.h"
#include "util/rng.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double logit(double p)
{
    return log(p / (1 - p));
}

/* One binary predictor: the unpenalised maximum-likelihood fit is known in closed form,
 * beta0 = logit(P(y=1 | x=0)), beta1 = logit(P(y=1 | x=1)) - beta0. */
Test(logreg, matches_the_closed_form_of_a_two_by_two_table)
{
    /* x=0: 30 of 100 positive; x=1: 80 of 100 positive */
    size_t n = 200;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) {
        x[i] = i < 100 ? 0 : 1;
        y[i] = i < 100 ? (i < 30) : (i - 100 < 80);
    }
    double beta[2] = {0, 0};
    cr_assert_eq(logreg_irls(x, y, NULL, n, 1, 1e-12, beta), 0);
    double b0 = logit(0.3), b1 = logit(0.8) - logit(0.3);
    cr_expect(fabs(beta[1] - b0) < 1e-6, "intercept %.10f vs %.10f", beta[1], b0);
    cr_expect(fabs(beta[0] - b1) < 1e-6, "slope %.10f vs %.10f", beta[0], b1);
    free(x);
    free(y);
}

/* With a penalty there is no closed form, but the optimum is where the gradient of the
 * penalised log-likelihood vanishes: X'(y - mu) = lambda * beta (intercept unpenalised). */
Test(logreg, penalised_fit_satisfies_the_optimality_conditions)
{
    size_t n = 500, p = 4;
    double *x = malloc(n * p * sizeof *x), *y = malloc(n * sizeof *y);
    rng g;
    rng_seed(&g, 7);
    for (size_t i = 0; i < n; i++) {
        double z = -0.5;
        for (size_t j = 0; j < p; j++) {
            x[i * p + j] = (double)rng_below(&g, 2001) / 1000.0 - 1.0;
            z += (double)(j + 1) * 0.7 * x[i * p + j];
        }
        double pr = 1 / (1 + exp(-z));
        y[i] = (double)rng_below(&g, 1000000) / 1e6 < pr;
    }
    double lambda = 3.0, beta[5] = {0};
    cr_assert_eq(logreg_irls(x, y, NULL, n, p, lambda, beta), 0);
    double grad[5] = {0};
    for (size_t i = 0; i < n; i++) {
        double z = beta[p];
        for (size_t j = 0; j < p; j++)
            z += x[i * p + j] * beta[j];
        double r = y[i] - 1 / (1 + exp(-z));
        for (size_t j = 0; j < p; j++)
            grad[j] += r * x[i * p + j];
        grad[p] += r;
    }
    for (size_t j = 0; j < p; j++)
        grad[j] -= lambda * beta[j];
    for (size_t j = 0; j <= p; j++)
        cr_expect(fabs(grad[j]) < 1e-6, "gradient %zu = %g", j, grad[j]);
    free(x);
    free(y);
}

Test(logreg, separable_data_stay_finite_under_the_penalty)
{
    double x[6] = {-3, -2, -1, 1, 2, 3}, y[6] = {0, 0, 0, 1, 1, 1}, beta[2] = {0, 0};
    cr_assert_eq(logreg_irls(x, y, NULL, 6, 1, 0.1, beta), 0);
    cr_expect(isfinite(beta[0]) && beta[0] > 0);
}

/* ---- an independent reference fit ----
 *
 * The reference is computed here, not by the code under test: plain Newton-Raphson on the
 * penalised log-likelihood in long double, the Newton system solved by Gauss-Jordan elimination
 * with partial pivoting (no GSL, no Cholesky, no line search: the data are well conditioned),
 * iterated until the step is below 1e-15. */
static void reference_fit(const double *x, const double *y, const double *w, size_t n, size_t p,
                          double lambda, double *out)
{
    size_t q = p + 1;
    long double beta[8] = {0}, a[8][9];
    cr_assert(q <= 8);
    for (int it = 0; it < 200; it++) {
        memset(a, 0, sizeof a);
        for (size_t i = 0; i < n; i++) {
            long double xi[8], z = 0, wi = w ? w[i] : 1;
            for (size_t j = 0; j < p; j++)
                xi[j] = x[i * p + j];
            xi[p] = 1;
            for (size_t j = 0; j < q; j++)
                z += xi[j] * beta[j];
            long double mu = 1 / (1 + expl(-z));
            for (size_t r = 0; r < q; r++) {
                a[r][q] += wi * (y[i] - mu) * xi[r];
                for (size_t c = 0; c < q; c++)
                    a[r][c] += wi * mu * (1 - mu) * xi[r] * xi[c];
            }
        }
        for (size_t j = 0; j < p; j++) { /* the intercept is not penalised */
            a[j][j] += lambda;
            a[j][q] -= lambda * beta[j];
        }
        for (size_t c = 0; c < q; c++) { /* Gauss-Jordan with partial pivoting */
            size_t piv = c;
            for (size_t r = c + 1; r < q; r++)
                if (fabsl(a[r][c]) > fabsl(a[piv][c]))
                    piv = r;
            for (size_t k = 0; k <= q; k++) {
                long double tmp = a[c][k];
                a[c][k] = a[piv][k];
                a[piv][k] = tmp;
            }
            for (size_t r = 0; r < q; r++) {
                if (r == c)
                    continue;
                long double f = a[r][c] / a[c][c];
                for (size_t k = c; k <= q; k++)
                    a[r][k] -= f * a[c][k];
            }
        }
        long double step = 0;
        for (size_t j = 0; j < q; j++) {
            long double d = a[j][q] / a[j][j];
            beta[j] += d;
            step = fabsl(d) > step ? fabsl(d) : step;
        }
        if (step < 1e-15L)
            break;
    }
    for (size_t j = 0; j < q; j++)
        out[j] = (double)beta[j];
}

/* A hand-made dataset: 24 renters, 3 features (a count, a rate, a signed score), labels that
 * no line separates. */
static const double ref_x[24][3] = {
    {0.0, 0.10, -1.2}, {1.0, 0.00, 0.3},  {0.0, 0.50, 0.8},  {2.0, 0.20, -0.4}, {0.0, 0.00, 1.5},
    {3.0, 0.90, 0.1},  {1.0, 0.30, -0.7}, {0.0, 0.70, 0.0},  {4.0, 0.40, 1.1},  {1.0, 0.60, -1.5},
    {2.0, 1.00, 0.6},  {0.0, 0.20, -0.2}, {5.0, 0.80, 0.9},  {1.0, 0.10, 0.4},  {3.0, 0.30, -0.9},
    {0.0, 0.90, 1.3},  {2.0, 0.50, 0.2},  {6.0, 0.70, -0.1}, {1.0, 0.40, -1.1}, {4.0, 0.00, 0.7},
    {0.0, 0.60, -0.5}, {3.0, 0.10, 1.8},  {2.0, 0.80, -1.3}, {5.0, 0.20, 0.5},
};
static const double ref_y[24] = {0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0,
                                 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1};
static const double ref_w[24] = {1, 2, 1, 0.5, 1, 1, 3, 1, 1,   1, 0.25, 1,
                                 1, 1, 2, 1,   1, 1, 1, 1, 0.5, 1, 1,    2};

Test(logreg, matches_an_independent_newton_reference_fit_to_1e_6)
{
    const double lambdas[] = {0, 0.01, 2.5, 40};
    for (int weighted = 0; weighted < 2; weighted++)
        for (size_t k = 0; k < sizeof lambdas / sizeof *lambdas; k++) {
            double beta[4] = {0}, ref[4];
            const double *w = weighted ? ref_w : NULL;
            reference_fit(&ref_x[0][0], ref_y, w, 24, 3, lambdas[k], ref);
            cr_assert_eq(logreg_irls(&ref_x[0][0], ref_y, w, 24, 3, lambdas[k], beta), 0);
            for (int j = 0; j < 4; j++)
                cr_expect(fabs(beta[j] - ref[j]) < 1e-6,
                          "lambda %g weighted %d: beta[%d] = %.12f, reference %.12f", lambdas[k],
                          weighted, j, beta[j], ref[j]);
        }
    /* the reference is not trivial: the unpenalised fit has clearly non-zero slopes */
    double ref[4];
    reference_fit(&ref_x[0][0], ref_y, NULL, 24, 3, 0, ref);
    cr_expect(fabs(ref[0]) > 0.1 && fabs(ref[1]) > 0.1, "%g %g", ref[0], ref[1]);
}

/* Two identical columns: X'WX is singular without a penalty. The pseudo-inverse gives the
 * minimum-norm Newton steps, which keep the two coefficients equal: each is half of the slope
 * of the fit on one column (the 2x2 table's closed form), and the intercept is the same. */
Test(logreg, a_singular_system_falls_back_to_the_pseudo_inverse)
{
    size_t n = 200;
    double *x1 = malloc(n * sizeof *x1), *x2 = malloc(2 * n * sizeof *x2),
           *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) {
        x1[i] = i < 100 ? 0 : 1;
        x2[2 * i] = x2[2 * i + 1] = x1[i];
        y[i] = i < 100 ? (i < 30) : (i - 100 < 80);
    }
    double one[2] = {0, 0}, two[3] = {0, 0, 0};
    cr_assert_eq(logreg_irls(x1, y, NULL, n, 1, 0, one), 0, "one column is regular");
    cr_assert_eq(logreg_irls(x2, y, NULL, n, 2, 0, two), 1, "the fallback is reported");
    double b1 = logit(0.8) - logit(0.3);
    cr_expect(fabs(two[0] - b1 / 2) < 1e-6, "%.10f vs %.10f", two[0], b1 / 2);
    cr_expect(fabs(two[1] - b1 / 2) < 1e-6, "%.10f vs %.10f", two[1], b1 / 2);
    cr_expect(fabs(two[2] - logit(0.3)) < 1e-6, "intercept %.10f", two[2]);
    cr_expect(fabs(one[0] - b1) < 1e-6);
    free(x1);
    free(x2);
    free(y);
}

/* All labels equal: every weight tends to 0 and the intercept's curvature vanishes; the fit
 * must stay finite and report the fallback rather than fail. */
Test(logreg, vanishing_weights_stay_finite)
{
    double x[8] = {0, 1, 2, 3, 4, 5, 6, 7}, y[8] = {1, 1, 1, 1, 1, 1, 1, 1}, beta[2] = {0, 0};
    int rc = logreg_irls(x, y, NULL, 8, 1, 1.0, beta);
    cr_expect(rc == 0 || rc == 1, "rc %d", rc);
    cr_expect(isfinite(beta[0]) && isfinite(beta[1]) && beta[1] > 5, "%g %g", beta[0], beta[1]);
}

static void fill_features(renter_features *rf, size_t n, unsigned seed, int8_t *label)
{
    rf->n_renters = n;
    rf->has_time = 1;
    rf->x = calloc(n * FEATURE_COUNT, sizeof *rf->x);
    rng g;
    rng_seed(&g, seed);
    for (size_t r = 0; r < n; r++) {
        int bad = r % 10 == 0;
        label[r] = (int8_t)bad;
        double *x = rf->x + r * FEATURE_COUNT;
        x[F_LEASES] = 1 + (double)rng_below(&g, 4);
        x[F_ENTITIES] = bad ? 2 + (double)rng_below(&g, 5) : (double)(rng_below(&g, 20) == 0);
        x[F_CARD_PERSONS] = bad ? x[F_ENTITIES] : 0;
        x[F_DISPOSABLE] = (double)(rng_below(&g, bad ? 3 : 30) == 0);
    }
}

Test(logreg, trains_saves_loads_and_scores_identically)
{
    size_t n = 400;
    renter_features rf;
    int8_t *label = malloc(n);
    fill_features(&rf, n, 3, label);
    logreg_model m, back;
    lh_error err;
    lh_error_clear(&err);
    logreg_options o = {11, 5};
    cr_assert_eq(logreg_train(&m, &rf, label, &o, &err), LH_OK, "%s", err.message);
    cr_expect(m.cv_roc_auc > 0.9, "cross-validated AUC %f", m.cv_roc_auc);
    cr_expect(m.coef[F_ENTITIES] > 0);
    char *dir = tmp_dir_new();
    char path[4200];
    snprintf(path, sizeof path, "%s/m.model", dir);
    cr_assert_eq(logreg_save(&m, path, &err), LH_OK, "%s", err.message);
    cr_assert_eq(logreg_load(&back, path, &err), LH_OK, "%s", err.message);
    cr_expect_eq(back.lambda, m.lambda);
    cr_expect_eq(back.intercept, m.intercept, "%.17g vs %.17g", back.intercept, m.intercept);
    for (int f = 0; f < FEATURE_COUNT; f++)
        cr_expect_eq(back.coef[f], m.coef[f]);
    model_scores a, b;
    model_info ia, ib;
    cr_assert_eq(logreg_score(&m, &rf, 0.05, &a, &ia, &err), LH_OK);
    cr_assert_eq(logreg_score(&back, &rf, 0.05, &b, &ib, &err), LH_OK);
    cr_expect_eq(memcmp(a.score, b.score, n * sizeof *a.score), 0);
    cr_expect(ia.n_flagged > 0);
    model_scores_free(&a);
    model_scores_free(&b);
    /* a corrupted file is refused */
    char *text = slurp(path, NULL);
    char *at = strstr(text, "intercept ");
    memcpy(at + 10, "nan", 3);
    free(tmp_write_str(dir, "bad.model", text));
    snprintf(path, sizeof path, "%s/bad.model", dir);
    cr_expect_neq(logreg_load(&back, path, &err), LH_OK);
    free(text);
    tmp_remove_tree(dir);
    free(dir);
    free(rf.x);
    free(label);
}

Test(logreg, too_few_labelled_renters_is_a_data_error)
{
    renter_features rf;
    int8_t label[8];
    fill_features(&rf, 8, 1, label);
    logreg_model m;
    lh_error err;
    lh_error_clear(&err);
    logreg_options o = {1, 5};
    cr_expect_eq(logreg_train(&m, &rf, label, &o, &err), LH_EDATA);
    free(rf.x);
}

/* Fallbacks of training and scoring, each recorded where summary.json reads it. */
Test(logreg, constant_columns_get_exactly_zero_weight_and_are_counted)
{
    size_t n = 300;
    renter_features rf;
    int8_t *label = malloc(n);
    fill_features(&rf, n, 5, label);
    for (size_t r = 0; r < n; r++)
        rf.x[r * FEATURE_COUNT + F_PHONES] = 2; /* constant, but not 0 */
    int varying = 0;
    for (int f = 0; f < FEATURE_COUNT; f++) {
        int v = 0;
        for (size_t r = 1; r < n; r++)
            v |= rf.x[r * FEATURE_COUNT + f] != rf.x[f];
        varying += v;
    }
    logreg_model m;
    lh_error err;
    lh_error_clear(&err);
    logreg_options o = {3, 5};
    cr_assert_eq(logreg_train(&m, &rf, label, &o, &err), LH_OK, "%s", err.message);
    cr_expect_eq(m.constant_features, FEATURE_COUNT - varying);
    cr_expect_eq(m.coef[F_PHONES], 0.0, "a constant column cannot move a score");
    cr_expect_eq(m.scale[F_PHONES], 1.0);
    cr_expect_float_eq(m.center[F_PHONES], log1p(2.0), 1e-15);
    model_scores s;
    model_info info;
    cr_assert_eq(logreg_score(&m, &rf, 0.05, &s, &info, &err), LH_OK);
    cr_expect_eq(info.constant_features, m.constant_features, "summary.json gets the count");
    model_scores_free(&s);
    free(rf.x);
    free(label);
}

Test(logreg, more_features_than_renters_is_fitted_by_the_penalty_and_said_so)
{
    size_t n = 12; /* 31 features and an intercept */
    renter_features rf;
    int8_t *label = malloc(n);
    fill_features(&rf, n, 9, label);
    for (size_t r = 0; r < n; r++) {
        label[r] = r % 3 == 0;
        for (int f = 0; f < FEATURE_COUNT; f++)
            rf.x[r * FEATURE_COUNT + f] = (double)((r * 7 + (size_t)f * 3) % 5);
    }
    logreg_model m;
    lh_error err;
    lh_error_clear(&err);
    logreg_options o = {1, 2};
    cr_assert_eq(logreg_train(&m, &rf, label, &o, &err), LH_OK, "%s", err.message);
    cr_expect(strstr(m.fallback, "more features") != NULL, "fallback: '%s'", m.fallback);
    cr_expect(isfinite(m.intercept));
    for (int f = 0; f < FEATURE_COUNT; f++)
        cr_expect(isfinite(m.coef[f]));
    model_scores s;
    model_info info;
    cr_assert_eq(logreg_score(&m, &rf, 0.05, &s, &info, &err), LH_OK);
    cr_expect(strstr(info.fallback, "training: more features") != NULL, "'%s'", info.fallback);
    model_scores_free(&s);
    free(rf.x);
    free(label);
}

Test(logreg, non_finite_inputs_are_read_as_zero_and_counted)
{
    size_t n = 300;
    renter_features rf;
    int8_t *label = malloc(n);
    fill_features(&rf, n, 4, label);
    rf.x[3 * FEATURE_COUNT + F_DISPOSABLE] = NAN;
    rf.x[8 * FEATURE_COUNT + F_ENTITIES] = INFINITY;
    logreg_model m;
    lh_error err;
    lh_error_clear(&err);
    logreg_options o = {2, 5};
    cr_assert_eq(logreg_train(&m, &rf, label, &o, &err), LH_OK, "%s", err.message);
    cr_expect_eq(m.nonfinite_inputs, 2);
    rf.x[5 * FEATURE_COUNT + F_CARD_PERSONS] = -INFINITY;
    model_scores s;
    model_info info;
    cr_assert_eq(logreg_score(&m, &rf, 0.05, &s, &info, &err), LH_OK);
    cr_expect_eq(info.nonfinite_inputs, 3);
    cr_expect(strstr(info.fallback, "2 NaN or Inf") != NULL, "'%s'", info.fallback);
    for (size_t r = 0; r < n; r++)
        cr_expect(isfinite(s.score[r]) && isfinite(s.p[r]) && isfinite(s.q[r]));
    model_scores_free(&s);
    free(rf.x);
    free(label);
}

Test(logreg, without_timestamps_the_time_features_take_their_training_means)
{
    size_t n = 300;
    renter_features rf;
    int8_t *label = malloc(n);
    fill_features(&rf, n, 6, label);
    for (size_t r = 0; r < n; r++) /* a time feature that matters */
        rf.x[r * FEATURE_COUNT + F_GROUP_BURST] = label[r] ? 3 : (double)(r % 2);
    logreg_model m;
    lh_error err;
    lh_error_clear(&err);
    logreg_options o = {2, 5};
    cr_assert_eq(logreg_train(&m, &rf, label, &o, &err), LH_OK, "%s", err.message);
    cr_assert(m.coef[F_GROUP_BURST] > 0);
    rf.has_time = 0;
    for (size_t r = 0; r < n; r++)
        for (int f = 0; f < FEATURE_COUNT; f++)
            if (feature_uses_time((feature_id)f))
                rf.x[r * FEATURE_COUNT + f] = 0; /* what features.c leaves without created_at */
    model_scores s;
    model_info info;
    cr_assert_eq(logreg_score(&m, &rf, 0.05, &s, &info, &err), LH_OK);
    cr_expect(strstr(info.fallback, "no created_at") != NULL, "'%s'", info.fallback);
    for (size_t r = 0; r < n; r++)
        for (int k = 0; k < MODEL_REASONS; k++)
            cr_expect_neq(s.reason[r * MODEL_REASONS + k], F_GROUP_BURST,
                          "an imputed time feature is no reason");
    model_scores_free(&s);
    free(rf.x);
    free(label);
}

/* p-values from the benign curve: exact at the top, rounded up between points, monotone. */
Test(logreg, benign_curve_p_values_are_exact_at_the_top_and_conservative_below)
{
    logreg_model m;
    memset(&m, 0, sizeof m);
    /* benign scores 0.9, 0.8, 0.8, 0.5 and 96 at 0.1 */
    m.n_null_scores = 100;
    double sc[] = {0.9, 0.8, 0.5, 0.1}, cnt[] = {1, 3, 4, 100};
    m.n_null = 4;
    memcpy(m.null_score, sc, sizeof sc);
    memcpy(m.null_count, cnt, sizeof cnt);
    cr_expect_float_eq(logreg_null_p(&m, 0.95), 1.0 / 101, 1e-15, "above every benign score");
    cr_expect_float_eq(logreg_null_p(&m, 0.9), 2.0 / 101, 1e-15);
    cr_expect_float_eq(logreg_null_p(&m, 0.8), 4.0 / 101, 1e-15, "ties count in full");
    cr_expect_float_eq(logreg_null_p(&m, 0.85), 4.0 / 101, 1e-15, "between points: rounded up");
    cr_expect_float_eq(logreg_null_p(&m, 0.05), 1.0, 1e-15);
    double prev = 0;
    for (double s = 1.0; s >= 0; s -= 0.01) {
        double p = logreg_null_p(&m, s);
        cr_expect(p >= prev, "monotone at %g", s);
        prev = p;
    }
    /* an exponential tail beyond the highest benign score: below the empirical floor, falling
       by e every sigma, and equal to the empirical value at its start */
    m.tail_renters = 4;
    m.tail_from = 0.5;
    m.tail_scale = 0.2;
    cr_expect_float_eq(logreg_null_p(&m, 0.9), 2.0 / 101, 1e-15, "inside the benign range");
    double p1 = logreg_null_p(&m, 1.5), p2 = logreg_null_p(&m, 1.7);
    cr_expect_float_eq(p1, 5.0 / 101 * exp(-1.0 / 0.2), 1e-15);
    cr_expect_float_eq(p2 / p1, exp(-1.0), 1e-12);
    cr_expect(logreg_null_p(&m, 0.91) <= 1.0 / 101, "never above the empirical floor");
    m.tail_scale = 5; /* a flat tail: just above the top, the floor is the smaller */
    cr_expect_float_eq(logreg_null_p(&m, 0.91), 1.0 / 101, 1e-15);
}

/* Trained on one draw and scored on another, the realised share of benign renters among the
 * flags stays near or below alpha (BH over conformal p-values). */
Test(logreg, flags_are_calibrated_on_a_fresh_draw)
{
    size_t n = 4000;
    renter_features tr, te;
    int8_t *lt = malloc(n), *le = malloc(n);
    fill_features(&tr, n, 21, lt);
    fill_features(&te, n, 22, le);
    logreg_model m;
    lh_error err;
    lh_error_clear(&err);
    logreg_options o = {1, 5};
    cr_assert_eq(logreg_train(&m, &tr, lt, &o, &err), LH_OK, "%s", err.message);
    const double alphas[] = {0.05, 0.2};
    for (int k = 0; k < 2; k++) {
        model_scores s;
        model_info info;
        cr_assert_eq(logreg_score(&m, &te, alphas[k], &s, &info, &err), LH_OK);
        size_t flagged = 0, false_flags = 0;
        for (size_t r = 0; r < n; r++) {
            flagged += s.flag[r];
            false_flags += s.flag[r] && le[r] == 0;
        }
        cr_expect(flagged > 100, "alpha %g: %zu flagged", alphas[k], flagged);
        cr_expect((double)false_flags / (double)flagged <= 1.5 * alphas[k],
                  "alpha %g: %zu of %zu flags are benign", alphas[k], false_flags, flagged);
        model_scores_free(&s);
    }
    free(tr.x);
    free(te.x);
    free(lt);
    free(le);
}
