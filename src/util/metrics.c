/* metrics.c: ranking, flag and linkage measures (see metrics.h).
 *
 * Everything reduces to sorting 64-bit keys and walking runs of equal keys:
 *
 *   ranking, precision@k  the scores of positives and of negatives are mapped to order-preserving
 *                         unsigned keys (score_key) and sorted separately; walking both lists
 *                         from the top, merged, visits the distinct scores from high to low with
 *                         the number of positives and negatives at each. A group of tied scores
 *                         is one threshold (AP), counts 1/2 per tied positive-negative pair
 *                         (ROC-AUC) and is shared by expectation at a cut (precision@k).
 *   linkage               key = cluster << 32 | actor: sorted, runs of equal keys are the cells
 *                         of the contingency table and runs of equal high halves are the
 *                         clusters; then key = actor << 32 | cluster for the actors. Pair counts
 *                         are sums of c*(c-1)/2 over runs, so nothing is quadratic.
 *
 * The sort is an LSD radix sort on bytes (8 passes at most, a pass skipped when every key has
 * the same byte there, which is the common case for small ids): O(n) time, n * 8 bytes of
 * scratch. Counts are uint64_t (2 * n_pos * n_neg fits for n < 4e9), sums of ratios long double.
 *
 * Invariant: a NAN result means "undefined on this input", never a numerical accident; scores
 * must be finite (asserted).
 */
#include "util/metrics.h"
#include "util/mem.h"

#include <assert.h>
#include <math.h>
#include <string.h>

/* Sorts a[0..n) ascending; tmp has room for n keys. */
static void sort_u64(uint64_t *a, uint64_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t count[8][256];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < 8; d++)
            count[d][(a[i] >> (8 * d)) & 0xff]++;
    uint64_t *src = a, *dst = tmp;
    for (int d = 0; d < 8; d++) {
        if (count[d][(a[0] >> (8 * d)) & 0xff] == n)
            continue; /* every key has this byte: the pass would not move anything */
        size_t pos = 0;
        for (int b = 0; b < 256; b++) {
            size_t c = count[d][b];
            count[d][b] = pos;
            pos += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[d][(src[i] >> (8 * d)) & 0xff]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

/* An unsigned key with the order of the doubles: flip all bits of negatives, the sign bit of
 * the rest; -0.0 and 0.0 give one key. */
static uint64_t score_key(double s)
{
    assert(isfinite(s));
    if (s == 0)
        s = 0.0;
    uint64_t b;
    memcpy(&b, &s, sizeof b);
    return (b >> 63) ? ~b : b | (UINT64_C(1) << 63);
}

/* The scores of positives and of negatives, each sorted ascending, walked from the top. */
typedef struct score_walk {
    uint64_t *pos, *neg; /* one allocation: pos[0..n_pos), neg = pos + n_pos */
    size_t n_pos, n_neg;
    size_t i, j; /* items not yet visited: pos[0..i), neg[0..j) */
} score_walk;

static void walk_init(score_walk *w, const double *score, const int8_t *label,
                      const uint8_t *positive, size_t n)
{
    memset(w, 0, sizeof *w);
    for (size_t k = 0; k < n; k++) {
        int l = label ? label[k] : positive[k] != 0;
        w->n_pos += l == 1;
        w->n_neg += l == 0;
    }
    size_t m = w->n_pos + w->n_neg;
    w->pos = xmalloc((2 * m + 1) * sizeof *w->pos);
    w->neg = w->pos + w->n_pos;
    uint64_t *tmp = w->pos + m;
    size_t p = 0, q = 0;
    for (size_t k = 0; k < n; k++) {
        int l = label ? label[k] : positive[k] != 0;
        if (l == 1)
            w->pos[p++] = score_key(score[k]);
        else if (l == 0)
            w->neg[q++] = score_key(score[k]);
    }
    sort_u64(w->pos, tmp, w->n_pos);
    sort_u64(w->neg, tmp, w->n_neg);
    w->i = w->n_pos;
    w->j = w->n_neg;
}

/* The next group of equal scores, from high to low: its positives and negatives. Returns 0
 * when every item has been visited. */
static int walk_next(score_walk *w, uint64_t *group_pos, uint64_t *group_neg)
{
    if (w->i == 0 && w->j == 0)
        return 0;
    uint64_t top;
    if (w->i == 0)
        top = w->neg[w->j - 1];
    else if (w->j == 0)
        top = w->pos[w->i - 1];
    else
        top = w->pos[w->i - 1] > w->neg[w->j - 1] ? w->pos[w->i - 1] : w->neg[w->j - 1];
    uint64_t gp = 0, gn = 0;
    while (w->i > 0 && w->pos[w->i - 1] == top) {
        w->i--;
        gp++;
    }
    while (w->j > 0 && w->neg[w->j - 1] == top) {
        w->j--;
        gn++;
    }
    assert(gp + gn > 0);
    *group_pos = gp;
    *group_neg = gn;
    return 1;
}

static void walk_free(score_walk *w)
{
    xfree(w->pos);
    memset(w, 0, sizeof *w);
}

void metrics_ranking(rank_metrics *out, const double *score, const int8_t *label, size_t n)
{
    score_walk w;
    walk_init(&w, score, label, NULL, n);
    out->n_pos = w.n_pos;
    out->n_neg = w.n_neg;
    out->average_precision = NAN;
    out->roc_auc = NAN;
    if (w.n_pos > 0 && w.n_neg > 0) {
        uint64_t P = w.n_pos, N = w.n_neg;
        uint64_t tp = 0, fp = 0, gp, gn;
        uint64_t twice_pairs = 0; /* 2 * (pos-neg pairs ordered right + 1/2 per tie) */
        long double ap = 0;
        while (walk_next(&w, &gp, &gn)) {
            tp += gp;
            fp += gn;
            /* threshold "score >= this group": recall rises by gp / P at precision tp/(tp+fp) */
            ap += ((long double)gp / P) * ((long double)tp / (tp + fp));
            twice_pairs += 2 * gp * (N - fp) + gp * gn;
        }
        assert(tp == P && fp == N);
        out->average_precision = (double)ap;
        out->roc_auc = (double)((long double)twice_pairs / (2.0L * P * N));
    }
    walk_free(&w);
}

void metrics_precision_at_k(precision_at_k *out, const uint64_t *ks, size_t n_k,
                            const double *score, const uint8_t *positive, size_t n)
{
    score_walk w;
    walk_init(&w, score, NULL, positive, n);
    for (size_t c = 0; c < n_k; c++) {
        precision_at_k *o = &out[c];
        o->k = ks[c];
        o->used = ks[c] < n ? ks[c] : n;
        o->hits = 0;
        o->precision = NAN;
        if (o->used == 0)
            continue;
        w.i = w.n_pos;
        w.j = w.n_neg;
        uint64_t slots = o->used, gp, gn;
        long double hits = 0;
        while (slots > 0 && walk_next(&w, &gp, &gn)) {
            uint64_t g = gp + gn;
            if (g <= slots) {
                hits += gp;
                slots -= g;
            } else { /* the group straddles the cut: each member is in with chance slots/g */
                hits += (long double)gp * slots / g;
                slots = 0;
            }
        }
        assert(slots == 0);
        o->hits = (double)hits;
        o->precision = (double)(hits / o->used);
    }
    walk_free(&w);
}

void metrics_flag_counts(flag_counts *out, const uint8_t *flagged, const int8_t *label, size_t n)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (label[i] == 1) {
            if (flagged[i])
                out->tp++;
            else
                out->fn++;
        } else if (label[i] == 0) {
            if (flagged[i])
                out->fp++;
            else
                out->tn++;
        }
    }
}

static double ratio(uint64_t num, uint64_t den)
{
    return den ? (double)num / (double)den : NAN;
}

double metrics_flag_precision(const flag_counts *c)
{
    return ratio(c->tp, c->tp + c->fp);
}

double metrics_flag_recall(const flag_counts *c)
{
    return ratio(c->tp, c->tp + c->fn);
}

double metrics_flag_fpr(const flag_counts *c)
{
    return ratio(c->fp, c->fp + c->tn);
}

double metrics_flag_fdr(const flag_counts *c)
{
    return ratio(c->fp, c->tp + c->fp);
}

static uint64_t pairs_of(uint64_t c)
{
    return c ? c * (c - 1) / 2 : 0;
}

/* Walks keys sorted by (group << 32 | other): for each group of size g, its cells of sizes c:
 * adds sum g*(g-1)/2 to *group_pairs, sum c*(c-1)/2 to *cell_pairs and sum (c^2 / g) to
 * *share (the B-cubed numerator seen from this side). */
static void walk_groups(const uint64_t *key, size_t n, uint64_t *group_pairs, uint64_t *cell_pairs,
                        long double *share)
{
    *group_pairs = *cell_pairs = 0;
    *share = 0;
    for (size_t a = 0; a < n;) {
        uint32_t group = (uint32_t)(key[a] >> 32);
        size_t b = a;
        uint64_t sum_sq = 0;
        while (b < n && (uint32_t)(key[b] >> 32) == group) {
            size_t c = b;
            while (c < n && key[c] == key[b])
                c++;
            uint64_t cell = c - b;
            sum_sq += cell * cell;
            *cell_pairs += pairs_of(cell);
            b = c;
        }
        uint64_t g = b - a;
        *group_pairs += pairs_of(g);
        *share += (long double)sum_sq / g;
        a = b;
    }
}

void metrics_linkage(linkage_metrics *out, const uint32_t *cluster, const uint32_t *actor, size_t n)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    uint64_t *key = xmalloc((2 * n + 1) * sizeof *key);
    uint64_t *tmp = key + n;
    for (size_t i = 0; i < n; i++)
        key[i] = (uint64_t)cluster[i] << 32 | actor[i];
    sort_u64(key, tmp, n);
    uint64_t cells_a;
    long double share_p;
    walk_groups(key, n, &out->predicted_pairs, &cells_a, &share_p);
    for (size_t i = 0; i < n; i++)
        key[i] = (uint64_t)actor[i] << 32 | cluster[i];
    sort_u64(key, tmp, n);
    uint64_t cells_b;
    long double share_r;
    walk_groups(key, n, &out->true_pairs, &cells_b, &share_r);
    assert(cells_a == cells_b);
    out->correct_pairs = cells_a;
    xfree(key);

    out->pair_precision = ratio(out->correct_pairs, out->predicted_pairs);
    out->pair_recall = ratio(out->correct_pairs, out->true_pairs);
    out->pair_f1 = ratio(2 * out->correct_pairs, out->predicted_pairs + out->true_pairs);
    out->bcubed_precision = out->bcubed_recall = out->bcubed_f1 = NAN;
    if (n > 0) {
        long double p = share_p / n, r = share_r / n;
        out->bcubed_precision = (double)p;
        out->bcubed_recall = (double)r;
        /* p, r > 0: every item shares its cluster and its actor with itself */
        out->bcubed_f1 = (double)(2 * p * r / (p + r));
    }
}
