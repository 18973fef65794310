/* model.h: the statistical model, the only stage that does statistics (DESIGN.md).
 *
 * Unsupervised (the default): an anomaly score per renter from the features' empirical tails,
 * turned into p-values under an empirical null fitted to the bulk of the renters, and
 * Benjamini-Hochberg q-values; a renter is flagged when q <= alpha. Supervised (with a model
 * file from `leasehound train`): L2-regularised logistic regression, with p-values from the
 * cross-validated scores of benign renters. Either way every score carries its reasons.
 */
#ifndef LH_MODEL_MODEL_H
#define LH_MODEL_MODEL_H

#include "features/features.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

#define MODEL_REASONS 3

typedef struct model_scores {
    size_t n;
    double *score;    /* [n] in [0,1], higher = more suspicious */
    double *p;        /* [n] p-value under the benign null */
    double *q;        /* [n] Benjamini-Hochberg q-value */
    uint8_t *flag;    /* [n] q <= alpha */
    int8_t *reason;   /* [n * MODEL_REASONS] feature ids, strongest first, -1 = none */
    double *evidence; /* [n * MODEL_REASONS] each reason's contribution (nats or log-odds),
                         0 where there is none; the other features' are not kept */
} model_scores;

/* Offers feature f's contribution v to renter i's reasons: the MODEL_REASONS largest of at
 * least `floor`, strongest first, the lower feature id first among equals when the features
 * are offered in increasing id (as a repeated arg-max over the ids would choose them). */
static inline void model_offer_reason(model_scores *s, size_t i, int f, double v, double floor)
{
    if (!(v >= floor))
        return;
    int8_t *rs = s->reason + i * MODEL_REASONS;
    double *ev = s->evidence + i * MODEL_REASONS;
    int at = 0;
    while (at < MODEL_REASONS && rs[at] >= 0 && ev[at] >= v)
        at++;
    if (at == MODEL_REASONS)
        return;
    for (int k = MODEL_REASONS - 1; k > at; k--) {
        rs[k] = rs[k - 1];
        ev[k] = ev[k - 1];
    }
    rs[at] = (int8_t)f;
    ev[at] = v;
}

/* What happened numerically, for summary.json: fallbacks taken, the fitted null. */
typedef struct model_info {
    const char *kind; /* "unsupervised" or "supervised" */
    double alpha;
    double null_zero_mass;         /* share of renters with no evidence at all */
    double null_threshold;         /* the tail threshold u */
    double null_shape, null_scale; /* tail shape (0: exponential) and scale sigma */
    size_t n_flagged;
    int constant_features; /* features with one value: they contribute nothing */
    int nonfinite_inputs;  /* NaN or Inf feature values replaced by 0 */
    char fallback[256];    /* "" or what was done instead of the fit */
} model_info;

/* threads: the features' evidence, the p-values and the sorts of the scores run on up to this
 * many threads (the result does not depend on it). */
lh_status model_score_unsupervised(const renter_features *rf, double alpha, int threads,
                                   model_scores *out, model_info *info, lh_error *err);
void model_scores_free(model_scores *s);

/* Benjamini-Hochberg q-values of p[0..n) (monotone, capped at 1), sorting on up to `threads`
 * threads (the same q-values for any number). */
void bh_qvalues(const double *p, size_t n, int threads, double *q);

/* The score of a p-value: L / (L + 2) with L = -log10 p, so p = 0.01 scores 0.5; monotone. */
double score_from_p(double p);

#endif
