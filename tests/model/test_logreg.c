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
