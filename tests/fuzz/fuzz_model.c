/* fuzz_model.c: the two model files that leasehound reads, on arbitrary bytes.
 *
 * Byte 0 chooses the reader: even, logreg_load (model/supervised.h, `scan --model`); odd,
 * link_params_load (link/link.h) against the built-in spec. The rest is the file, through a
 * memfd. Checked:
 *   - a failure is a usage error with a message (the file is readable);
 *   - a loaded logistic model is all-finite, has positive scales, curves within their
 *     maxima; scoring a fixed set of renters with it gives finite scores, p- and q-values in
 *     [0,1] and flags that agree with q <= alpha; saving it and loading it back gives the same
 *     numbers;
 *   - loaded linkage parameters are probabilities strictly between 0 and 1, and survive a save
 *     and a load unchanged.
 */
#include "fuzz/fuzz.h"
#include "link/link.h"
#include "model/model.h"
#include "model/supervised.h"

#include <math.h>
#include <string.h>

#define N_RENTERS 6

/* Feature rows as the features stage makes them: zeros, typical values, large counts. */
static void fixed_features(renter_features *rf, double *x)
{
    for (int r = 0; r < N_RENTERS; r++)
        for (int f = 0; f < FEATURE_COUNT; f++) {
            double v = 0;
            switch (r) {
            case 1:
                v = 1;
                break;
            case 2:
                v = feature_get((feature_id)f)->transform == TR_RATE ? 0.5 : 3;
                break;
            case 3:
                v = feature_get((feature_id)f)->transform == TR_RATE ? 1 : 1e6;
                break;
            case 4:
                v = feature_get((feature_id)f)->transform == TR_RATE ? 0.01 : 1e12;
                break;
            case 5:
                v = (double)f;
                break;
            }
            x[r * FEATURE_COUNT + f] = v;
        }
    rf->n_renters = N_RENTERS;
    rf->x = x;
    rf->has_time = 1;
}

static void check_logreg(const logreg_model *m)
{
    FUZZ_CHECK(m->n_features == FEATURE_COUNT, "%d features", m->n_features);
    FUZZ_CHECK(isfinite(m->intercept) && isfinite(m->lambda), "intercept or lambda");
    for (int f = 0; f < m->n_features; f++)
        FUZZ_CHECK(isfinite(m->center[f]) && isfinite(m->coef[f]) && isfinite(m->scale[f]) &&
                       m->scale[f] > 0,
                   "feature %d: center %g scale %g coef %g", f, m->center[f], m->scale[f],
                   m->coef[f]);
    FUZZ_CHECK(m->n_null >= 0 && m->n_null <= LOGREG_MAX_CURVE, "n_null %d", m->n_null);
    for (int k = 0; k < m->n_null; k++)
        FUZZ_CHECK(isfinite(m->null_score[k]) && isfinite(m->null_count[k]), "null point %d", k);
    FUZZ_CHECK(isfinite(m->tail_from) && isfinite(m->tail_scale), "tail");
    FUZZ_CHECK(m->n_inputs >= 0 && m->n_inputs <= LOGREG_MAX_INPUTS, "inputs");

    renter_features rf;
    double x[N_RENTERS * FEATURE_COUNT];
    fixed_features(&rf, x);
    model_scores ms;
    model_info mi;
    lh_error err;
    lh_error_clear(&err);
    const double alpha = 0.05;
    lh_status st = logreg_score(m, &rf, alpha, &ms, &mi, &err);
    FUZZ_CHECK(st == LH_OK || st == LH_EINTERNAL, "score status %d", (int)st);
    if (st == LH_OK) {
        for (size_t r = 0; r < ms.n; r++) {
            FUZZ_CHECK(isfinite(ms.score[r]) && ms.score[r] >= 0 && ms.score[r] <= 1,
                       "renter %zu: score %g", r, ms.score[r]);
            FUZZ_CHECK(isfinite(ms.p[r]) && ms.p[r] >= 0 && ms.p[r] <= 1, "renter %zu: p %g", r,
                       ms.p[r]);
            FUZZ_CHECK(isfinite(ms.q[r]) && ms.q[r] >= 0 && ms.q[r] <= 1, "renter %zu: q %g", r,
                       ms.q[r]);
            FUZZ_CHECK(ms.flag[r] == (ms.q[r] <= alpha), "renter %zu: flag", r);
            for (int k = 0; k < MODEL_REASONS; k++)
                FUZZ_CHECK(isfinite(ms.evidence[r * MODEL_REASONS + k]),
                           "renter %zu: evidence %d is %g", r, k,
                           ms.evidence[r * MODEL_REASONS + k]);
            for (int k = 0; k < MODEL_REASONS; k++)
                FUZZ_CHECK(ms.reason[r * MODEL_REASONS + k] >= -1 &&
                               ms.reason[r * MODEL_REASONS + k] < FEATURE_COUNT,
                           "reason");
        }
        model_scores_free(&ms);
    }
}

static int same_double(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

static void round_trip_logreg(const logreg_model *m)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/model", fuzz_tmp_dir());
    lh_error err;
    lh_error_clear(&err);
    FUZZ_CHECK(logreg_save(m, path, &err) == LH_OK, "save: %s", err.message);
    logreg_model *b = malloc(sizeof *b);
    FUZZ_CHECK(logreg_load(b, path, &err) == LH_OK, "a saved model does not load: %s", err.message);
    FUZZ_CHECK(b->intercept == m->intercept && b->lambda == m->lambda, "intercept or lambda");
    FUZZ_CHECK(same_double(b->cv_log_loss, m->cv_log_loss) &&
                   same_double(b->cv_roc_auc, m->cv_roc_auc) &&
                   same_double(b->cv_average_precision, m->cv_average_precision),
               "cv metrics");
    for (int f = 0; f < FEATURE_COUNT; f++)
        FUZZ_CHECK(b->center[f] == m->center[f] && b->scale[f] == m->scale[f] &&
                       b->coef[f] == m->coef[f],
                   "feature %d changed", f);
    FUZZ_CHECK(b->n_null == m->n_null && b->n_null_scores == m->n_null_scores &&
                   b->tail_renters == m->tail_renters,
               "curve sizes");
    for (int k = 0; k < m->n_null; k++)
        FUZZ_CHECK(b->null_score[k] == m->null_score[k] && b->null_count[k] == m->null_count[k],
                   "benign curve point %d", k);
    FUZZ_CHECK(same_double(b->tail_from, m->tail_from) && same_double(b->tail_scale, m->tail_scale),
               "tail");
    free(b);
}

static void check_params(const link_params *p, const link_spec *s)
{
    FUZZ_CHECK(p->n_field == s->n_field, "fields");
    FUZZ_CHECK(p->pi > 0 && p->pi < 1 && p->pi_persona > 0 && p->pi + p->pi_persona < 1 &&
                   p->lambda > 0 && p->lambda < 1,
               "pi %g pi_persona %g lambda %g", p->pi, p->pi_persona, p->lambda);
    for (int i = 0; i < s->n_field; i++) {
        const field_params *fp = &p->field[i];
        FUZZ_CHECK(fp->persona_share >= 0 && fp->persona_share < 1, "persona share");
        for (int l = 0; l < s->field[i].n_levels; l++)
            FUZZ_CHECK(fp->m_same[l] > 0 && fp->m_same[l] < 1 && fp->m_other[l] > 0 &&
                           fp->m_other[l] < 1 && fp->m_persona[l] > 0 && fp->m_persona[l] < 1 &&
                           fp->u[l] > 0 && fp->u[l] < 1,
                       "field %d level %d", i, l);
    }
}

int fuzz_model(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int which = data[0] & 1;
    const char *path = fuzz_file(2, data + 1, size - 1);
    lh_error err;
    lh_error_clear(&err);
    if (which == 0) {
        logreg_model *m = malloc(sizeof *m);
        lh_status st = logreg_load(m, path, &err);
        FUZZ_CHECK(st == LH_OK || st == LH_EUSAGE, "status %d", (int)st);
        FUZZ_CHECK(st == LH_OK || (err.code == st && err.message[0]), "failure without message");
        if (st == LH_OK) {
            check_logreg(m);
            round_trip_logreg(m);
        }
        free(m);
    } else {
        static link_spec spec;
        static int have_spec;
        if (!have_spec) {
            FUZZ_CHECK(link_spec_load(&spec, NULL, &err) == LH_OK, "built-in spec");
            have_spec = 1;
        }
        link_params *p = malloc(sizeof *p);
        lh_status st = link_params_load(p, &spec, path, &err);
        FUZZ_CHECK(st == LH_OK || st == LH_EUSAGE, "status %d", (int)st);
        FUZZ_CHECK(st == LH_OK || (err.code == st && err.message[0]), "failure without message");
        if (st == LH_OK) {
            check_params(p, &spec);
            char out[4200];
            snprintf(out, sizeof out, "%s/params", fuzz_tmp_dir());
            FUZZ_CHECK(link_params_save(p, &spec, out, &err) == LH_OK, "save: %s", err.message);
            link_params *q = malloc(sizeof *q);
            FUZZ_CHECK(link_params_load(q, &spec, out, &err) == LH_OK,
                       "saved parameters do not load: %s", err.message);
            FUZZ_CHECK(q->pi == p->pi && q->pi_persona == p->pi_persona && q->lambda == p->lambda,
                       "pi or lambda changed");
            for (int i = 0; i < spec.n_field; i++)
                for (int l = 0; l < spec.field[i].n_levels; l++)
                    FUZZ_CHECK(q->field[i].m_same[l] == p->field[i].m_same[l] &&
                                   q->field[i].m_other[l] == p->field[i].m_other[l] &&
                                   q->field[i].m_persona[l] == p->field[i].m_persona[l] &&
                                   q->field[i].u[l] == p->field[i].u[l],
                               "field %d level %d changed", i, l);
            free(q);
        }
        free(p);
    }
    return 0;
}

FUZZ_TARGET(fuzz_model)
