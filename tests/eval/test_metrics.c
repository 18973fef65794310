/* Tests of the evaluation measures on small cases worked out by hand (the working is in the
 * comments), ties included, plus a brute-force cross-check on random data: AP per threshold,
 * ROC-AUC over every positive-negative pair, pair counts over every pair of items. */
#include "util/metrics.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define TOL 1e-9

#define N_OF(a) (sizeof(a) / sizeof *(a))

static void expect_near(double got, double want, const char *what)
{
    cr_expect(fabs(got - want) < TOL, "%s: got %.12g, want %.12g", what, got, want);
}

Test(metrics, ranking_matches_the_sklearn_documentation_example)
{
    /* sklearn docs: y = [0 0 1 1], s = [.1 .4 .35 .8]: AP 0.8333, ROC-AUC 0.75.
     * High to low: .8 (+) P 1 R 1/2 -> 1/2 * 1; .4 (-); .35 (+) P 2/3 R 1 -> 1/2 * 2/3.
     * AP = 1/2 + 1/3 = 5/6. AUC: .8 beats both negatives (2), .35 beats .1 only (1): 3/4. */
    double s[] = {0.1, 0.4, 0.35, 0.8};
    int8_t y[] = {0, 0, 1, 1};
    rank_metrics m;
    metrics_ranking(&m, s, y, 4);
    cr_expect_eq(m.n_pos, 2);
    cr_expect_eq(m.n_neg, 2);
    expect_near(m.average_precision, 5.0 / 6.0, "AP");
    expect_near(m.roc_auc, 0.75, "ROC-AUC");
}

Test(metrics, tied_scores_form_one_threshold_and_count_half)
{
    /* y = [1 0 1 0 1], s = [.5 .5 .5 .2 .1]
     * Thresholds high to low: .5 takes 2 positives and 1 negative at once: P 2/3, R 2/3
     * -> 2/3 * 2/3 = 4/9; .2 (-) adds no recall; .1 (+): P 3/5, R 1 -> 1/3 * 3/5 = 1/5.
     * AP = 4/9 + 1/5 = 29/45 = 0.6444. (Breaking the tie as + - + would give 0.7556.)
     * AUC over 3 x 2 pairs: each .5 positive ties the .5 negative (1/2) and beats .2 (1):
     * 2 * 3/2 = 3; the .1 positive beats nothing: 3/6 = 0.5. */
    double s[] = {0.5, 0.5, 0.5, 0.2, 0.1};
    int8_t y[] = {1, 0, 1, 0, 1};
    rank_metrics m;
    metrics_ranking(&m, s, y, 5);
    expect_near(m.average_precision, 29.0 / 45.0, "AP");
    expect_near(m.roc_auc, 0.5, "ROC-AUC");

    /* Same multiset in another order: same answer, whatever the input order. */
    double s2[] = {0.1, 0.5, 0.2, 0.5, 0.5};
    int8_t y2[] = {1, 0, 0, 1, 1};
    metrics_ranking(&m, s2, y2, 5);
    expect_near(m.average_precision, 29.0 / 45.0, "AP permuted");
    expect_near(m.roc_auc, 0.5, "ROC-AUC permuted");
}

Test(metrics, all_scores_tied_give_the_base_rate_and_one_half)
{
    /* One threshold: P = 2/4 at R = 1, so AP = 0.5; every pair ties, so AUC = 0.5. */
    double s[] = {0.3, 0.3, 0.3, 0.3};
    int8_t y[] = {1, 0, 0, 1};
    rank_metrics m;
    metrics_ranking(&m, s, y, 4);
    expect_near(m.average_precision, 0.5, "AP");
    expect_near(m.roc_auc, 0.5, "ROC-AUC");
}

Test(metrics, negative_zero_ties_with_zero)
{
    double s[] = {-0.0, 0.0};
    int8_t y[] = {1, 0};
    rank_metrics m;
    metrics_ranking(&m, s, y, 2);
    expect_near(m.roc_auc, 0.5, "ROC-AUC");
    expect_near(m.average_precision, 0.5, "AP");
}

Test(metrics, unknown_labels_are_left_out_of_the_ranking)
{
    /* The -1 items sit at the very top and bottom; without them this is the sklearn case. */
    double s[] = {0.99, 0.1, 0.4, 0.35, 0.8, -3.0};
    int8_t y[] = {-1, 0, 0, 1, 1, -1};
    rank_metrics m;
    metrics_ranking(&m, s, y, 6);
    cr_expect_eq(m.n_pos + m.n_neg, 4);
    expect_near(m.average_precision, 5.0 / 6.0, "AP");
    expect_near(m.roc_auc, 0.75, "ROC-AUC");
}

Test(metrics, one_class_only_is_not_available)
{
    double s[] = {0.9, 0.1};
    int8_t pos[] = {1, 1}, neg[] = {0, 0}, none[] = {-1, -1};
    rank_metrics m;
    metrics_ranking(&m, s, pos, 2);
    cr_expect(isnan(m.average_precision) && isnan(m.roc_auc), "only positives");
    metrics_ranking(&m, s, neg, 2);
    cr_expect(isnan(m.average_precision) && isnan(m.roc_auc), "only negatives");
    metrics_ranking(&m, s, none, 2);
    cr_expect(isnan(m.average_precision) && isnan(m.roc_auc), "no labels");
    metrics_ranking(&m, NULL, NULL, 0);
    cr_expect(isnan(m.average_precision) && isnan(m.roc_auc), "empty");
}

Test(metrics, perfect_and_reversed_rankings)
{
    double s[] = {4, 3, 2, 1};
    int8_t good[] = {1, 1, 0, 0}, bad[] = {0, 0, 1, 1};
    rank_metrics m;
    metrics_ranking(&m, s, good, 4);
    expect_near(m.average_precision, 1.0, "AP perfect");
    expect_near(m.roc_auc, 1.0, "AUC perfect");
    /* reversed: positives found at ranks 3 and 4: AP = 1/2 * 1/3 + 1/2 * 2/4 = 5/12 */
    metrics_ranking(&m, s, bad, 4);
    expect_near(m.average_precision, 5.0 / 12.0, "AP reversed");
    expect_near(m.roc_auc, 0.0, "AUC reversed");
}

Test(metrics, precision_at_k_shares_a_tie_across_the_cut_by_expectation)
{
    /* Ranked: .9 (-) | .8 .8 .8 (one +) | .1 (+).
     * k = 2: .9 takes one slot, the tied group of 3 shares the last: 1 * 1/3 expected hits,
     *        precision = (1/3) / 2 = 1/6.
     * k = 4: the whole group fits: 1 hit in 4.   k = 5: 2 in 5.
     * k = 10: only 5 items, all used: 2 / 5.      k = 0: nothing, not available. */
    double s[] = {0.8, 0.1, 0.9, 0.8, 0.8};
    uint8_t p[] = {0, 1, 0, 1, 0};
    uint64_t ks[] = {2, 4, 5, 10, 0, 1};
    precision_at_k out[N_OF(ks)];
    metrics_precision_at_k(out, ks, N_OF(ks), s, p, 5);
    expect_near(out[0].hits, 1.0 / 3.0, "hits@2");
    expect_near(out[0].precision, 1.0 / 6.0, "P@2");
    cr_expect_eq(out[0].used, 2);
    expect_near(out[1].precision, 0.25, "P@4");
    expect_near(out[2].precision, 0.4, "P@5");
    cr_expect_eq(out[3].k, 10);
    cr_expect_eq(out[3].used, 5, "fewer items than k: all used");
    expect_near(out[3].precision, 0.4, "P@10");
    cr_expect(isnan(out[4].precision), "P@0 is not available");
    expect_near(out[5].precision, 0.0, "P@1: the top item is negative");
}

Test(metrics, precision_at_k_does_not_depend_on_input_order)
{
    /* 6 items tied at .5, two positive; k = 3: 2 * 3/6 = 1 expected hit -> 1/3. */
    double s[] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    uint8_t a[] = {1, 1, 0, 0, 0, 0}, b[] = {0, 0, 0, 0, 1, 1};
    uint64_t k = 3;
    precision_at_k pa, pb;
    metrics_precision_at_k(&pa, &k, 1, s, a, 6);
    metrics_precision_at_k(&pb, &k, 1, s, b, 6);
    expect_near(pa.precision, 1.0 / 3.0, "positives first");
    expect_near(pb.precision, 1.0 / 3.0, "positives last");
}

Test(metrics, flag_counts_precision_recall_fpr_and_fdr)
{
    /* item:    0  1  2  3  4  5
     * flagged: 1  1  0  0  1  1
     * label:   1  0  1  0  ?  1   -> tp = {0,5} 2, fp = {1} 1, fn = {2} 1, tn = {3} 1
     * precision 2/3, recall 2/3, FPR 1/2, FDR 1/3; item 4 (unknown) counts nowhere. */
    uint8_t f[] = {1, 1, 0, 0, 1, 1};
    int8_t y[] = {1, 0, 1, 0, -1, 1};
    flag_counts c;
    metrics_flag_counts(&c, f, y, 6);
    cr_expect_eq(c.tp, 2);
    cr_expect_eq(c.fp, 1);
    cr_expect_eq(c.fn, 1);
    cr_expect_eq(c.tn, 1);
    expect_near(metrics_flag_precision(&c), 2.0 / 3.0, "precision");
    expect_near(metrics_flag_recall(&c), 2.0 / 3.0, "recall");
    expect_near(metrics_flag_fpr(&c), 0.5, "FPR");
    expect_near(metrics_flag_fdr(&c), 1.0 / 3.0, "FDR");
}

Test(metrics, no_flags_leave_precision_and_fdr_undefined)
{
    uint8_t f[] = {0, 0, 0};
    int8_t y[] = {1, 0, 0};
    flag_counts c;
    metrics_flag_counts(&c, f, y, 3);
    cr_expect(isnan(metrics_flag_precision(&c)));
    cr_expect(isnan(metrics_flag_fdr(&c)));
    expect_near(metrics_flag_recall(&c), 0.0, "recall");
    expect_near(metrics_flag_fpr(&c), 0.0, "FPR");
    uint8_t all[] = {1, 1, 1};
    int8_t benign[] = {0, 0, 0};
    metrics_flag_counts(&c, all, benign, 3);
    expect_near(metrics_flag_fdr(&c), 1.0, "every flag false");
    cr_expect(isnan(metrics_flag_recall(&c)), "no positives: recall undefined");
}

Test(metrics, linkage_on_a_small_clustering_worked_by_hand)
{
    /* items:    0  1  2  3  4  5
     * renter:   1  1  1  1  2  3
     * actor:    a  a  b  b  b  c
     * cells: (1,a) 2, (1,b) 2, (2,b) 1, (3,c) 1; renters 4,1,1; actors a 2, b 3, c 1.
     * pairs: predicted C(4,2) = 6; true C(2,2) + C(3,2) = 4; correct C(2,2) + C(2,2) = 2.
     *   precision 2/6, recall 2/4, F1 = 2*2 / (6 + 4) = 0.4.
     * B-cubed precision: renter 1 items 2/4 each (2), items 4, 5: 1 each -> 4/6 = 2/3.
     * B-cubed recall: a items 2/2 (2), b in renter 1: 2/3 each (4/3), b in renter 2: 1/3, c 1
     *   -> (2 + 4/3 + 1/3 + 1) / 6 = 7/9.  F1 = 2 (2/3)(7/9) / (2/3 + 7/9) = 28/39. */
    uint32_t renter[] = {1, 1, 1, 1, 2, 3};
    uint32_t actor[] = {10, 10, 20, 20, 20, 30};
    linkage_metrics m;
    metrics_linkage(&m, renter, actor, 6);
    cr_expect_eq(m.predicted_pairs, 6);
    cr_expect_eq(m.true_pairs, 4);
    cr_expect_eq(m.correct_pairs, 2);
    expect_near(m.pair_precision, 1.0 / 3.0, "pair precision");
    expect_near(m.pair_recall, 0.5, "pair recall");
    expect_near(m.pair_f1, 0.4, "pair F1");
    expect_near(m.bcubed_precision, 2.0 / 3.0, "B3 precision");
    expect_near(m.bcubed_recall, 7.0 / 9.0, "B3 recall");
    expect_near(m.bcubed_f1, 28.0 / 39.0, "B3 F1");

    /* Swapping the roles swaps precision and recall. */
    metrics_linkage(&m, actor, renter, 6);
    expect_near(m.pair_precision, 0.5, "swapped pair precision");
    expect_near(m.bcubed_precision, 7.0 / 9.0, "swapped B3 precision");
}

Test(metrics, linkage_all_singletons)
{
    /* renters 1 2 3 4, actors a a b c: no predicted pair (precision undefined), 1 true pair.
     * recall 0, F1 = 0 / (0 + 1) = 0. B-cubed precision 1; recall: a items 1/2 each, b 1,
     * c 1 -> 3/4; F1 = 2 * 3/4 / (7/4) = 6/7. */
    uint32_t renter[] = {1, 2, 3, 4};
    uint32_t actor[] = {7, 7, 8, 9};
    linkage_metrics m;
    metrics_linkage(&m, renter, actor, 4);
    cr_expect_eq(m.predicted_pairs, 0);
    cr_expect_eq(m.true_pairs, 1);
    cr_expect(isnan(m.pair_precision), "no predicted pairs");
    expect_near(m.pair_recall, 0.0, "pair recall");
    expect_near(m.pair_f1, 0.0, "pair F1");
    expect_near(m.bcubed_precision, 1.0, "B3 precision");
    expect_near(m.bcubed_recall, 0.75, "B3 recall");
    expect_near(m.bcubed_f1, 6.0 / 7.0, "B3 F1");
}

Test(metrics, linkage_all_in_one_cluster)
{
    /* one renter, actors a a b c: predicted C(4,2) = 6, true 1, correct 1: precision 1/6,
     * recall 1, F1 2/7. B-cubed precision: a items 2/4 each (1), b 1/4, c 1/4 -> 1.5/4 = 3/8;
     * recall 1; F1 = 2 * 3/8 / (11/8) = 6/11. Renter id UINT32_MAX checks the key packing. */
    uint32_t renter[] = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX};
    uint32_t actor[] = {7, 7, 8, UINT32_MAX};
    linkage_metrics m;
    metrics_linkage(&m, renter, actor, 4);
    cr_expect_eq(m.predicted_pairs, 6);
    cr_expect_eq(m.correct_pairs, 1);
    expect_near(m.pair_precision, 1.0 / 6.0, "pair precision");
    expect_near(m.pair_recall, 1.0, "pair recall");
    expect_near(m.pair_f1, 2.0 / 7.0, "pair F1");
    expect_near(m.bcubed_precision, 3.0 / 8.0, "B3 precision");
    expect_near(m.bcubed_recall, 1.0, "B3 recall");
    expect_near(m.bcubed_f1, 6.0 / 11.0, "B3 F1");
}

Test(metrics, linkage_perfect_and_empty)
{
    uint32_t ids[] = {5, 5, 6, 9, 9, 9};
    linkage_metrics m;
    metrics_linkage(&m, ids, ids, 6);
    expect_near(m.pair_f1, 1.0, "pair F1");
    expect_near(m.bcubed_f1, 1.0, "B3 F1");
    metrics_linkage(&m, NULL, NULL, 0);
    cr_expect(isnan(m.pair_precision) && isnan(m.pair_recall) && isnan(m.pair_f1));
    cr_expect(isnan(m.bcubed_precision) && isnan(m.bcubed_f1));
}

Test(metrics, linkage_pair_counts_exceed_32_bits)
{
    /* 100000 items in one renter and one actor: C(100000, 2) = 4 999 950 000 > 2^32. */
    size_t n = 100000;
    uint32_t *one = calloc(n, sizeof *one);
    linkage_metrics m;
    metrics_linkage(&m, one, one, n);
    cr_expect_eq(m.predicted_pairs, UINT64_C(4999950000));
    cr_expect_eq(m.correct_pairs, UINT64_C(4999950000));
    free(one);
}

/* A small deterministic generator for the cross-check. */
static uint64_t rng = 88172645463325252ULL;
static uint32_t next(uint32_t bound)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % bound);
}

Test(metrics, agrees_with_brute_force_on_random_data)
{
    enum { N = 300 };
    double s[N];
    int8_t y[N];
    uint32_t cl[N], ac[N];
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < N; i++) {
            s[i] = next(12) / 4.0; /* few distinct values: many ties */
            y[i] = (int8_t)((int)next(3) - 1);
            cl[i] = next(40) * 1000003u;
            ac[i] = next(25);
        }
        /* AUC by pairs; AP by the definition, one threshold per distinct score. */
        double wins = 0, np = 0, nn = 0;
        for (int i = 0; i < N; i++) {
            np += y[i] == 1;
            nn += y[i] == 0;
            for (int j = 0; j < N; j++)
                if (y[i] == 1 && y[j] == 0)
                    wins += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
        }
        double ap = 0, prev_r = 0;
        for (int t = 11; t >= 0; t--) {
            double tp = 0, fp = 0;
            for (int i = 0; i < N; i++) {
                tp += y[i] == 1 && s[i] >= t / 4.0;
                fp += y[i] == 0 && s[i] >= t / 4.0;
            }
            if (tp + fp == 0)
                continue;
            ap += (tp / np - prev_r) * (tp / (tp + fp));
            prev_r = tp / np;
        }
        rank_metrics m;
        metrics_ranking(&m, s, y, N);
        expect_near(m.roc_auc, wins / (np * nn), "AUC vs pairs");
        expect_near(m.average_precision, ap, "AP vs thresholds");

        uint64_t pred = 0, truth = 0, both = 0;
        double b3p = 0, b3r = 0;
        for (int i = 0; i < N; i++) {
            double same_c = 0, same_a = 0, same_both = 0;
            for (int j = 0; j < N; j++) {
                same_c += cl[i] == cl[j];
                same_a += ac[i] == ac[j];
                same_both += cl[i] == cl[j] && ac[i] == ac[j];
                if (j > i) {
                    pred += cl[i] == cl[j];
                    truth += ac[i] == ac[j];
                    both += cl[i] == cl[j] && ac[i] == ac[j];
                }
            }
            b3p += same_both / same_c;
            b3r += same_both / same_a;
        }
        linkage_metrics l;
        metrics_linkage(&l, cl, ac, N);
        cr_expect_eq(l.predicted_pairs, pred);
        cr_expect_eq(l.true_pairs, truth);
        cr_expect_eq(l.correct_pairs, both);
        expect_near(l.bcubed_precision, b3p / N, "B3 precision vs items");
        expect_near(l.bcubed_recall, b3r / N, "B3 recall vs items");
    }
}
