/* supervised.h: L2-regularised logistic regression over renter features (`leasehound train`,
 * `scan --model FILE`).
 *
 * Training data are renters with at least one labelled lease: positive when any labelled lease
 * is 1 (DESIGN.md). Features are read as the unsupervised model reads them (log1p counts,
 * rates), then centred and scaled. The penalty is chosen by stratified k-fold cross-validation
 * on log-loss over a fixed grid; the model is refitted on all renters with it. The model file
 * is text (models/README.md) and carries what is needed to reproduce and to judge it: feature
 * names, scaling, coefficients, penalty, seed, the SHA-256 of the training inputs, the
 * cross-validated metrics, the fallbacks taken, and the benign renters' cross-validated scores
 * (as a tail curve) from which scan computes p-values; q-values are Benjamini-Hochberg's over
 * the scanned renters.
 */
#ifndef LH_MODEL_SUPERVISED_H
#define LH_MODEL_SUPERVISED_H

#include "model/model.h"

#define LOGREG_FORMAT       2    /* the model file format written and read */
#define LOGREG_MAX_CURVE    1024 /* points of the benign score curve */
#define LOGREG_MAX_INPUTS   64
#define LOGREG_FALLBACK_MAX 256

typedef struct logreg_model {
    int n_features; /* == FEATURE_COUNT when built by this version */
    char name[FEATURE_COUNT][48];
    double center[FEATURE_COUNT], scale[FEATURE_COUNT], coef[FEATURE_COUNT];
    double intercept;
    double lambda; /* the L2 penalty chosen */
    unsigned long seed;
    int folds;
    size_t n_rows;                /* leases read for training */
    size_t n_renters, n_positive; /* labelled renters, positive among them */
    double cv_log_loss, cv_roc_auc, cv_average_precision;
    int n_inputs;
    char input_sha256[LOGREG_MAX_INPUTS][65];
    char input_name[LOGREG_MAX_INPUTS][256];
    /* fallbacks taken in training (also shown in scan's summary.json) */
    int constant_features;              /* features with one value over the training renters */
    size_t nonfinite_inputs;            /* NaN or Inf feature values read as 0 */
    char fallback[LOGREG_FALLBACK_MAX]; /* "" or what was done instead of the plain fit */
    /* calibration: the benign renters' cross-validated log-odds, as (log-odds, how many benign
       renters score at least it), descending; exact for the highest ranks */
    size_t n_null_scores; /* benign renters behind the curve */
    int n_null;
    double null_score[LOGREG_MAX_CURVE]; /* log-odds */
    double null_count[LOGREG_MAX_CURVE];
    /* beyond the highest benign score: an exponential tail of the log-odds, fitted to the top
       benign renters (0 renters: no tail, p-values are empirical only) */
    size_t tail_renters; /* benign renters at or above tail_from */
    double tail_from;    /* log-odds u where the tail starts */
    double tail_scale;   /* sigma: the mean excess over u of the benign log-odds above it */
} logreg_model;

typedef struct logreg_options {
    unsigned long seed;
    int folds;
} logreg_options;

/* Fits a model. label[r] is 1, 0 or -1 (unknown, left out) per renter. LH_EDATA when there are
 * fewer than `folds` renters of either class; LH_EINTERNAL on a numerical failure (a Newton
 * step that is not finite). */
lh_status logreg_train(logreg_model *m, const renter_features *rf, const int8_t *label,
                       const logreg_options *opt, lh_error *err);
/* Probability of each renter, p-values against the benign cross-validated scores, q-values
 * (Benjamini-Hochberg over the scanned renters), flags (q <= alpha) and reasons. Fallbacks of
 * the training and of this scoring are recorded in info. */
lh_status logreg_score(const logreg_model *m, const renter_features *rf, double alpha,
                       model_scores *out, model_info *info, lh_error *err);
/* Writes the model file atomically (temporary file, then rename). LH_EINTERNAL when a parameter
 * is not finite, LH_ECANTCREAT when it cannot be written. */
lh_status logreg_save(const logreg_model *m, const char *path, lh_error *err);
/* Reads a model file; LH_EUSAGE when it is not of format LOGREG_FORMAT, is malformed, or its
 * features are not this version's feature table (names and order). */
lh_status logreg_load(logreg_model *m, const char *path, lh_error *err);
/* The p-value of log-odds z under the model's benign curve: (1 + benign scoring >= z) / (1 +
 * benign), with the count rounded up between curve points (conservative); above the highest
 * benign score, the smaller of 1 / (1 + benign) and the exponential tail's value. */
double logreg_null_p(const logreg_model *m, double z);

/* The fit itself, exposed for tests: Newton-Raphson (IRLS) on standardized rows x[n][p] with
 * labels y in {0, 1} and penalty lambda on all but the intercept, weights w (NULL = 1); beta
 * has p + 1 entries, the intercept last, and holds the starting point on entry. Returns 0; 1
 * when some Newton system was singular (reciprocal condition below 1e-13) and was solved by the
 * SVD pseudo-inverse instead, which gives the minimum-norm step; -1 when a step is not finite. */
int logreg_irls(const double *x, const double *y, const double *w, size_t n, size_t p,
                double lambda, double *beta);

#endif
