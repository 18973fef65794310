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
    double *score;        /* [n] in [0,1], higher = more suspicious */
    double *p;            /* [n] p-value under the benign null */
    double *q;            /* [n] Benjamini-Hochberg q-value */
    uint8_t *flag;        /* [n] q <= alpha */
    int8_t *reason;       /* [n * MODEL_REASONS] feature ids, strongest first, -1 = none */
    double *contribution; /* [n * FEATURE_COUNT] evidence of each feature (nats or log-odds) */
} model_scores;

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

lh_status model_score_unsupervised(const renter_features *rf, double alpha, model_scores *out,
                                   model_info *info, lh_error *err);
void model_scores_free(model_scores *s);

/* Benjamini-Hochberg q-values of p[0..n) (monotone, capped at 1). */
void bh_qvalues(const double *p, size_t n, double *q);

/* The score of a p-value: L / (L + 2) with L = -log10 p, so p = 0.01 scores 0.5; monotone. */
double score_from_p(double p);

#endif
