/* supervised.h: L2-regularised logistic regression over renter features (`leasehound train`,
 * `scan --model FILE`).
 *
 * Training data are renters with at least one labelled lease: positive when any labelled lease
 * is 1 (DESIGN.md). Features are read as the unsupervised model reads them (log1p counts,
 * rates), then centred and scaled. The penalty is chosen by stratified k-fold cross-validation
 * on log-loss over a fixed grid; the model is refitted on all renters with it. The model file
 * is text (models/README.md) and carries what is needed to reproduce and to judge it: feature
 * names, scaling, coefficients, penalty, seed, the SHA-256 of the training inputs, the
 * cross-validated metrics, and the cross-validated scores' calibration (the benign renters'
 * score quantiles for p-values, the false-discovery curve for q-values).
 */
#ifndef LH_MODEL_SUPERVISED_H
#define LH_MODEL_SUPERVISED_H

#include "model/model.h"

#define LOGREG_MAX_CURVE 512
#define LOGREG_MAX_INPUTS 64

typedef struct logreg_model {
    int n_features;                 /* == FEATURE_COUNT when built by this version */
    char name[FEATURE_COUNT][48];
    double center[FEATURE_COUNT], scale[FEATURE_COUNT], coef[FEATURE_COUNT];
    double intercept;
    double lambda;                  /* the L2 penalty chosen */
    unsigned long seed;
    int folds;
    size_t n_renters, n_positive, n_rows;
    double cv_log_loss, cv_roc_auc, cv_average_precision;
    int n_inputs;
    char input_sha256[LOGREG_MAX_INPUTS][65];
    char input_name[LOGREG_MAX_INPUTS][256];
    /* calibration from the cross-validated scores */
    int n_null;                     /* quantiles of benign renters' CV scores, ascending */
    double null_q[LOGREG_MAX_CURVE];
    size_t n_null_scores;           /* benign renters behind them */
    int n_fdr;                      /* (threshold, FDR at or above it), thresholds ascending */
    double fdr_t[LOGREG_MAX_CURVE], fdr_v[LOGREG_MAX_CURVE];
} logreg_model;

typedef struct logreg_options {
    unsigned long seed;
    int folds;
} logreg_options;

/* Fits a model. label[r] is 1, 0 or -1 (unknown, left out) per renter. LH_EDATA when there are
 * fewer than `folds` renters of either class; LH_EINTERNAL on a numerical failure. */
lh_status logreg_train(logreg_model *m, const renter_features *rf, const int8_t *label,
                       const logreg_options *opt, lh_error *err);
/* Probability of each renter, p-values, q-values, flags and reasons, like the unsupervised
 * model. */
lh_status logreg_score(const logreg_model *m, const renter_features *rf, double alpha,
                       model_scores *out, model_info *info, lh_error *err);
lh_status logreg_save(const logreg_model *m, const char *path, lh_error *err);
lh_status logreg_load(logreg_model *m, const char *path, lh_error *err);

/* The fit itself, exposed for tests: IRLS on standardized rows x[n][p] with labels y and
 * penalty lambda (the intercept unpenalized), weights w (NULL = 1). beta has p + 1 entries,
 * the intercept last. Returns 0, or -1 when the Newton steps fail. */
int logreg_irls(const double *x, const double *y, const double *w, size_t n, size_t p,
                double lambda, double *beta);

#endif
