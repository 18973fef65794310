/* metrics.h: detection and linkage quality measures, as pure functions over arrays.
 *
 * Nothing here reads a file or knows a lease id: eval.c joins the files and hands over plain
 * arrays. A measure that is undefined on its input (no positives, no predicted pairs, nothing
 * to rank) is NAN here; every writer prints it as "n/a" or null, never as "nan".
 *
 * Labels are int8_t: 1 positive, 0 negative, anything else (-1: unknown) is skipped. Scores
 * are finite doubles, higher = more suspicious; equal scores tie exactly (no tolerance).
 */
#ifndef LH_UTIL_METRICS_H
#define LH_UTIL_METRICS_H

#include <stddef.h>
#include <stdint.h>

/* Threshold-free ranking quality of a score against labels. */
typedef struct rank_metrics {
    uint64_t n_pos, n_neg;    /* items with label 1 and 0 */
    double average_precision; /* sklearn's average_precision_score; NAN unless both classes */
    double roc_auc;           /* Mann-Whitney, ties count 1/2; NAN unless both classes */
} rank_metrics;

/* AP and ROC-AUC of score[i] against label[i], i < n, from one sort (O(n log n), n * 16
 * bytes of scratch). AP = sum over distinct scores, high to low, of (R_t - R_{t-1}) * P_t,
 * where P_t, R_t are precision and recall of "score >= t". */
void metrics_ranking(rank_metrics *out, const double *score, const int8_t *label, size_t n);

/* Precision of the top k items of a ranking. */
typedef struct precision_at_k {
    uint64_t k;       /* asked for */
    uint64_t used;    /* min(k, items): fewer items than k means all are used */
    double hits;      /* expected positives in the top `used`, ties by expectation */
    double precision; /* hits / used; NAN when used == 0 */
} precision_at_k;

/* For each ks[j], j < n_k: precision of the `ks[j]` highest-scoring items, item i positive when
 * positive[i] != 0. A group of tied scores that straddles the cut contributes
 * positives_in_group * slots_left / group_size, so the result does not depend on input order.
 * One sort, O(n log n). */
void metrics_precision_at_k(precision_at_k *out, const uint64_t *ks, size_t n_k,
                            const double *score, const uint8_t *positive, size_t n);

/* A 0/1 flag against labels: the confusion counts over items with a known label. */
typedef struct flag_counts {
    uint64_t tp, fp, fn, tn;
} flag_counts;

void metrics_flag_counts(flag_counts *out, const uint8_t *flagged, const int8_t *label, size_t n);
double metrics_flag_precision(const flag_counts *c); /* tp / (tp + fp), NAN with no flags */
double metrics_flag_recall(const flag_counts *c);    /* tp / (tp + fn), NAN with no positives */
double metrics_flag_fpr(const flag_counts *c);       /* fp / (fp + tn), NAN with no negatives */
double metrics_flag_fdr(const flag_counts *c);       /* fp / (tp + fp), NAN with no flags */

/* A predicted clustering (renters) against a true one (actors) over the same items. */
typedef struct linkage_metrics {
    uint64_t n;               /* items */
    uint64_t predicted_pairs; /* sum over clusters of a*(a-1)/2 */
    uint64_t true_pairs;      /* sum over actors of b*(b-1)/2 */
    uint64_t correct_pairs;   /* sum over (cluster, actor) cells of c*(c-1)/2 */
    double pair_precision;    /* correct / predicted; NAN when predicted == 0 */
    double pair_recall;       /* correct / true; NAN when true == 0 */
    double pair_f1;           /* 2 correct / (predicted + true); NAN when both are 0 */
    double bcubed_precision;  /* mean over items of |own cluster & own actor| / |own cluster| */
    double bcubed_recall;     /* mean over items of |own cluster & own actor| / |own actor| */
    double bcubed_f1;         /* harmonic mean of the two; NAN when n == 0 */
} linkage_metrics;

/* Item i is in cluster[i] and belongs to actor[i]; ids are any uint32 values (equal id = same
 * group). Computed from the contingency table, never by enumerating pairs: two sorts of n
 * 64-bit keys, O(n log n) time, 16 n bytes of scratch; counts are 64-bit, so exact. */
void metrics_linkage(linkage_metrics *out, const uint32_t *cluster, const uint32_t *actor,
                     size_t n);

#endif
