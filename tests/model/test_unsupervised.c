#include "model/model.h"
#include "util/rng.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

Test(bh, q_values_by_hand)
{
    /* p sorted: 0.01 0.02 0.03 0.5 ; n = 4: raw p*n/rank = 0.04 0.04 0.04 0.5 */
    double p[4] = {0.03, 0.5, 0.01, 0.02}, q[4];
    bh_qvalues(p, 4, 1, q);
    cr_expect(fabs(q[0] - 0.04) < 1e-12 && fabs(q[2] - 0.04) < 1e-12 && fabs(q[3] - 0.04) < 1e-12);
    cr_expect(fabs(q[1] - 0.5) < 1e-12);
    /* monotone step-up: p = 0.01, 0.04 -> 0.02, 0.04 */
    double p2[2] = {0.04, 0.01}, q2[2];
    bh_qvalues(p2, 2, 1, q2);
    cr_expect(fabs(q2[0] - 0.04) < 1e-12 && fabs(q2[1] - 0.02) < 1e-12);
}

Test(score, follows_the_p_value)
{
    cr_expect_eq(score_from_p(1), 0);
    cr_expect(fabs(score_from_p(0.01) - 0.5) < 1e-12);
    cr_expect(score_from_p(1e-6) > score_from_p(1e-3));
    cr_expect_eq(score_from_p(0), 1);
}

/* 5000 ordinary renters with risk signals only, 13 with weak structure (one extra person, a
 * weak link), 5 with strong structure (four extra persons sharing a card): the strong ones are
 * flagged and rank above everything; risk signals alone are never flagged, however many. */
Test(unsupervised, flags_planted_structure_not_risk_signals_alone)
{
    size_t n = 5005;
    renter_features rf = {n, calloc(n * FEATURE_COUNT, sizeof(double)), 1};
    rng g;
    rng_seed(&g, 5);
    for (size_t r = 0; r < n; r++) {
        double *x = rf.x + r * FEATURE_COUNT;
        x[F_LEASES] = 1 + (double)rng_below(&g, 3);
        x[F_FREEMAIL] = (double)(rng_below(&g, 2) == 0);
        x[F_DISPOSABLE] = (double)(rng_below(&g, 50) == 0);
        x[F_ANON_IP] = (double)(rng_below(&g, 20) == 0);
        x[F_UNTRACEABLE_PAY] = (double)(rng_below(&g, 20) == 0);
        x[F_COUNTRY_MISMATCH] = (double)(rng_below(&g, 20) == 0);
        x[F_NO_PHONE] = (double)(rng_below(&g, 5) == 0);
        if (r >= 5000) {
            x[F_ENTITIES] = 4;
            x[F_CARD_PERSONS] = 4;
            x[F_SHARED_TRAITS] = 1;
            x[F_STRONGEST_LINK] = 20;
        } else if (r % 400 == 0) { /* rare benign weak structure */
            x[F_ENTITIES] = 1;
            x[F_STRONGEST_LINK] = 8;
        } else if (r % 97 == 0) { /* every risk signal at once */
            x[F_DISPOSABLE] = x[F_ANON_IP] = x[F_UNTRACEABLE_PAY] = 1;
            x[F_COUNTRY_MISMATCH] = x[F_NO_PHONE] = x[F_UNRELATED_LOCAL] = 1;
        }
    }
    model_scores s;
    model_info info;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(model_score_unsupervised(&rf, 0.05, 1, &s, &info, &err), LH_OK);
    double weakest_strong = 1, strongest_other = 0;
    for (size_t r = 0; r < n; r++) {
        cr_expect(s.score[r] >= 0 && s.score[r] <= 1 && isfinite(s.p[r]) && isfinite(s.q[r]));
        const double *x = rf.x + r * FEATURE_COUNT;
        if (r >= 5000) {
            cr_expect(s.flag[r], "strong structure %zu is flagged (q %g)", r, s.q[r]);
            weakest_strong = fmin(weakest_strong, s.score[r]);
        } else {
            strongest_other = fmax(strongest_other, s.score[r]);
        }
        if (x[F_ENTITIES] == 0)
            cr_expect(!s.flag[r], "risk signals alone never flag (renter %zu, q %g)", r, s.q[r]);
    }
    cr_expect(weakest_strong > strongest_other, "strong structure outranks everything else");
    int first = s.reason[5000 * MODEL_REASONS];
    cr_expect(first == F_ENTITIES || first == F_CARD_PERSONS || first == F_STRONGEST_LINK ||
                  first == F_SHARED_TRAITS,
              "first reason %d", first);
    cr_expect(info.constant_features > 0, "constant columns are noticed");
    model_scores_free(&s);
    free(rf.x);
}

Test(unsupervised, non_finite_inputs_never_reach_the_scores)
{
    size_t n = 200;
    renter_features rf = {n, calloc(n * FEATURE_COUNT, sizeof(double)), 0};
    for (size_t r = 0; r < n; r++) {
        rf.x[r * FEATURE_COUNT + F_ENTITIES] = r % 7 == 0 ? NAN : (double)(r % 3);
        rf.x[r * FEATURE_COUNT + F_DISPOSABLE] = r % 11 == 0 ? INFINITY : 0;
    }
    model_scores s;
    model_info info;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(model_score_unsupervised(&rf, 0.05, 1, &s, &info, &err), LH_OK);
    cr_expect(info.nonfinite_inputs > 0);
    for (size_t r = 0; r < n; r++)
        cr_expect(isfinite(s.score[r]) && isfinite(s.p[r]) && isfinite(s.q[r]));
    model_scores_free(&s);
    free(rf.x);
}

Test(unsupervised, no_renters_and_one_renter)
{
    renter_features rf = {0, NULL, 0};
    model_scores s;
    model_info info;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(model_score_unsupervised(&rf, 0.05, 1, &s, &info, &err), LH_OK);
    model_scores_free(&s);
    double x[FEATURE_COUNT] = {0};
    x[F_ENTITIES] = 3;
    rf = (renter_features){1, x, 1};
    cr_assert_eq(model_score_unsupervised(&rf, 0.05, 1, &s, &info, &err), LH_OK);
    cr_expect_eq(s.flag[0], 0, "one renter is its own population: nothing is unusual");
    cr_expect(info.fallback[0] != '\0');
    model_scores_free(&s);
}

/* The features' evidence is computed on threads and added up in feature order, and the p-values
 * on threads too from 100,000 renters: for any number of threads the same scores, p-values,
 * flags, reasons and counts (20,000 and 120,000 renters; random values, ties, a constant column
 * and non-finite ones). */
static void check_threads_change_nothing(size_t n)
{
    renter_features rf = {n, calloc(n * FEATURE_COUNT, sizeof(double)), 1};
    rng g;
    rng_seed(&g, 11);
    for (size_t r = 0; r < n; r++)
        for (int f = 0; f < FEATURE_COUNT; f++) {
            if (f == F_NO_PHONE)
                continue; /* constant */
            double v = (double)rng_below(&g, 1 + (uint64_t)f % 7);
            rf.x[r * FEATURE_COUNT + (size_t)f] = r % 997 == 0 ? NAN : v * (1 + f % 3);
        }
    for (size_t r = 1; r < n; r += 500) { /* planted: far beyond the random range */
        double *x = rf.x + r * FEATURE_COUNT;
        x[F_ENTITIES] = x[F_CARD_PERSONS] = x[F_STRONGEST_LINK] = 50;
    }
    model_scores a, b;
    model_info ia, ib;
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(model_score_unsupervised(&rf, 0.05, 1, &a, &ia, &err), LH_OK);
    cr_assert_eq(model_score_unsupervised(&rf, 0.05, 3, &b, &ib, &err), LH_OK);
    cr_expect_eq(memcmp(a.score, b.score, n * sizeof *a.score), 0, "scores");
    cr_expect_eq(memcmp(a.p, b.p, n * sizeof *a.p), 0, "p-values");
    cr_expect_eq(memcmp(a.q, b.q, n * sizeof *a.q), 0, "q-values");
    cr_expect_eq(memcmp(a.flag, b.flag, n), 0, "flags");
    cr_expect_eq(memcmp(a.reason, b.reason, n * MODEL_REASONS), 0, "reasons");
    cr_expect_eq(ia.constant_features, ib.constant_features);
    cr_expect_eq(ia.nonfinite_inputs, ib.nonfinite_inputs);
    cr_expect(ia.nonfinite_inputs > 0 && ia.constant_features > 0);
    cr_expect(ia.n_flagged > 0 && ia.n_flagged < n, "%zu flagged", ia.n_flagged);
    model_scores_free(&a);
    model_scores_free(&b);
    free(rf.x);
}

Test(unsupervised, threads_change_nothing)
{
    check_threads_change_nothing(20000);
    check_threads_change_nothing(120000);
}

/* A feature's evidence is -ln(share of renters at least as high), ties counted in full, whether
 * its column has a few distinct values (counted in a table) or thousands (sorted): one feature
 * varies, the others are constant, so each renter's first reason carries that evidence. */
Test(unsupervised, tail_evidence_counts_ties_in_full_for_few_and_many_values)
{
    const size_t n = 20000;
    const size_t distinct[] = {3, 50, 4096, 4097, 6000};
    for (size_t d = 0; d < sizeof distinct / sizeof *distinct; d++) {
        size_t m = distinct[d];
        renter_features rf = {n, calloc(n * FEATURE_COUNT, sizeof(double)), 1};
        size_t *at_least = calloc(m + 1, sizeof *at_least); /* renters with value >= v */
        for (size_t r = 0; r < n; r++) {
            size_t v = (r * 7919) % m; /* every value, in scrambled order */
            rf.x[r * FEATURE_COUNT + F_CARD_PERSONS] = (double)v;
            at_least[v]++;
        }
        for (size_t v = m - 1; v-- > 0;)
            at_least[v] += at_least[v + 1];
        model_scores s;
        model_info info;
        lh_error err;
        lh_error_clear(&err);
        cr_assert_eq(model_score_unsupervised(&rf, 0.05, 2, &s, &info, &err), LH_OK);
        size_t checked = 0;
        for (size_t r = 0; r < n; r++) {
            size_t v = (r * 7919) % m;
            double e = -log((double)at_least[v] / (double)n);
            if (e < 1) { /* below a reason's floor */
                cr_assert_eq(s.reason[r * MODEL_REASONS], -1, "%zu values: renter %zu", m, r);
                continue;
            }
            cr_assert_eq(s.reason[r * MODEL_REASONS], F_CARD_PERSONS, "%zu values: renter %zu", m,
                         r);
            cr_assert_eq(s.evidence[r * MODEL_REASONS], e,
                         "%zu values: renter %zu: %.17g, not %.17g", m, r,
                         s.evidence[r * MODEL_REASONS], e);
            checked++;
        }
        cr_assert_gt(checked, n / 4, "%zu values", m);
        model_scores_free(&s);
        free(at_least);
        free(rf.x);
    }
}
