/* NaN and Inf never reach a model file or an output (issue 8): non-finite features fed to both
 * models, non-finite and overflowing parameters in model files, non-finite values handed to the
 * report writers, and a whole scan of hostile numbers, whose outputs are searched for "nan" and
 * "inf". */
#include "model/model.h"
#include "model/supervised.h"
#include "report/outputs.h"
#include "report/pipeline.h"
#include "support/test_support.h"
#include "util/atomic_file.h"
#include "util/rng.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const double poison[] = {NAN, INFINITY, -INFINITY, 1e308, -1e308, 4.9e-324, -0.0};
#define N_POISON (sizeof poison / sizeof *poison)

/* n renters of plausible features (counts and rates), every k-th value poisoned. */
static void make_features(renter_features *rf, size_t n, size_t k, unsigned seed)
{
    rng g;
    rng_seed(&g, seed);
    rf->n_renters = n;
    rf->has_time = 1;
    rf->x = malloc(n * FEATURE_COUNT * sizeof *rf->x);
    size_t np = 0;
    for (size_t i = 0; i < n * FEATURE_COUNT; i++) {
        int rate = feature_get((feature_id)(i % FEATURE_COUNT))->transform == TR_RATE;
        double v = rate ? (double)rng_below(&g, 1001) / 1000.0 : (double)rng_below(&g, 4);
        if (i % 17 == 0)
            v *= 40; /* a tail */
        rf->x[i] = k && i % k == k - 1 ? poison[np++ % N_POISON] : v;
    }
}

static void expect_finite_scores(const model_scores *m, double alpha, const char *what)
{
    for (size_t r = 0; r < m->n; r++) {
        cr_assert(isfinite(m->score[r]) && m->score[r] >= 0 && m->score[r] <= 1, "%s: score %g",
                  what, m->score[r]);
        cr_assert(isfinite(m->p[r]) && m->p[r] >= 0 && m->p[r] <= 1, "%s: p %g", what, m->p[r]);
        cr_assert(isfinite(m->q[r]) && m->q[r] >= 0 && m->q[r] <= 1, "%s: q %g", what, m->q[r]);
        cr_assert_eq(m->flag[r], m->q[r] <= alpha, "%s: flag", what);
        for (int k = 0; k < MODEL_REASONS; k++)
            cr_assert(isfinite(m->evidence[r * MODEL_REASONS + k]), "%s: evidence %g", what,
                      m->evidence[r * MODEL_REASONS + k]);
    }
}

Test(nonfinite, unsupervised_model_reads_nan_and_inf_features_as_zero)
{
    for (size_t k = 0; k <= 5; k++) {
        renter_features rf;
        make_features(&rf, 300, k == 0 ? 0 : k + 2, 11);
        model_scores m;
        model_info mi;
        lh_error err;
        lh_error_clear(&err);
        cr_assert_eq(model_score_unsupervised(&rf, 0.05, 1, &m, &mi, &err), LH_OK, "%s",
                     err.message);
        expect_finite_scores(&m, 0.05, "unsupervised");
        if (k)
            cr_expect_gt(mi.nonfinite_inputs, 0, "non-finite inputs are counted");
        else
            cr_expect_eq(mi.nonfinite_inputs, 0);
        cr_expect(isfinite(mi.null_threshold) && isfinite(mi.null_scale) &&
                  isfinite(mi.null_zero_mass));
        model_scores_free(&m);
        free(rf.x);
    }
}

/* A model trained on clean features, as `leasehound train` makes one. */
static void train(logreg_model *m)
{
    renter_features rf;
    make_features(&rf, 400, 0, 5);
    int8_t *label = malloc(rf.n_renters);
    for (size_t r = 0; r < rf.n_renters; r++)
        label[r] = rf.x[r * FEATURE_COUNT + F_CARD_PERSONS] > 2 ? 1 : (r % 3 ? 0 : -1);
    logreg_options opt = {1, 5};
    lh_error err;
    lh_error_clear(&err);
    cr_assert_eq(logreg_train(m, &rf, label, &opt, &err), LH_OK, "%s", err.message);
    free(label);
    free(rf.x);
}

Test(nonfinite, supervised_model_reads_nan_and_inf_features_as_zero)
{
    logreg_model *m = malloc(sizeof *m);
    train(m);
    for (size_t k = 3; k <= 7; k++) {
        renter_features rf;
        make_features(&rf, 200, k, 13);
        model_scores ms;
        model_info mi;
        lh_error err;
        lh_error_clear(&err);
        cr_assert_eq(logreg_score(m, &rf, 0.05, &ms, &mi, &err), LH_OK, "%s", err.message);
        expect_finite_scores(&ms, 0.05, "supervised");
        cr_expect_gt(mi.nonfinite_inputs, 0);
        model_scores_free(&ms);
        free(rf.x);
    }
    free(m);
}

/* Writes the trained model, edits the first line starting with `key` to `line`, loads it. */
static lh_status load_edited(const logreg_model *m, const char *dir, const char *key,
                             const char *line, lh_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/m.model", dir);
    cr_assert_eq(logreg_save(m, path, err), LH_OK, "%s", err->message);
    char *text = slurp(path, NULL);
    char *at = strstr(text, key);
    cr_assert_not_null(at, "%s", key);
    char *eol = strchr(at, '\n');
    FILE *f = fopen(path, "w");
    fwrite(text, 1, (size_t)(at - text), f);
    fputs(line, f);
    fputs(eol, f);
    fclose(f);
    free(text);
    logreg_model *b = malloc(sizeof *b);
    lh_error_clear(err);
    lh_status st = logreg_load(b, path, err);
    free(b);
    return st;
}

Test(nonfinite, model_files_with_nonfinite_or_overflowing_numbers_are_refused)
{
    logreg_model *m = malloc(sizeof *m);
    train(m);
    char *dir = tmp_dir_new();
    lh_error err;
    lh_error_clear(&err);
    cr_expect_eq(
        load_edited(m, dir, "intercept ", m->intercept < 0 ? "intercept -1" : "intercept 1", &err),
        LH_OK, "an ordinary edit loads: %s", err.message);
    static const char *const bad[][2] = {
        {"intercept ", "intercept nan"},
        {"intercept ", "intercept inf"},
        {"intercept ", "intercept 1e999"},
        {"lambda ", "lambda -inf"},
        {"feature leases ", "feature leases nan 1 1"},
        {"feature leases ", "feature leases 0 inf 1"},
        {"feature leases ", "feature leases 0 1 1e308"},  /* overflows a score */
        {"feature leases ", "feature leases 0 1e-300 1"}, /* so does a vanishing scale */
        {"feature leases ", "feature leases 1e300 1 1"},
        {"intercept ", "intercept 1e300"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_expect_eq(load_edited(m, dir, bad[i][0], bad[i][1], &err), LH_EUSAGE, "'%s' loads",
                     bad[i][1]);

    /* and a model with a non-finite parameter is never written */
    char path[4200];
    snprintf(path, sizeof path, "%s/nan.model", dir);
    m->coef[F_CARDS] = NAN;
    lh_error_clear(&err);
    cr_expect_eq(logreg_save(m, path, &err), LH_EINTERNAL);
    cr_expect_neq(access(path, F_OK), 0, "no file written");
    tmp_remove_tree(dir);
    free(dir);
    free(m);
}

/* 1 when text holds "nan" or "inf" as a word of its own (any case), i.e. as a number. */
static int has_nonfinite_word(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
            continue;
        if (strncasecmp(p, "nan", 3) == 0 || strncasecmp(p, "inf", 3) == 0) {
            const char *q = p + 3;
            if (strncasecmp(p, "infinity", 8) == 0)
                q = p + 8;
            if (!isalnum((unsigned char)*q) && *q != '_')
                return 1;
        }
    }
    return 0;
}

Test(nonfinite, the_word_search_finds_printed_nan_and_inf)
{
    char buf[64];
    snprintf(buf, sizeof buf, "a,%f,b", NAN);
    cr_expect(has_nonfinite_word(buf), "%s", buf);
    snprintf(buf, sizeof buf, "%g\n", -INFINITY);
    cr_expect(has_nonfinite_word(buf), "%s", buf);
    cr_expect(!has_nonfinite_word("Infante,nano,information,null"));
}

static const char *const report_files[] = {"leases.csv", "renters.csv", "evidence.jsonl",
                                           "summary.json"};

Test(nonfinite, writers_refuse_nonfinite_scores_and_features)
{
    char *dir = tmp_dir_new();
    cr_assert_eq(
        run_leasehound(dir, "gen --scenario tick --leases 100 --seed 1 --out t.csv --quiet"), 0);
    char path[8400];
    snprintf(path, sizeof path, "%s/t.csv", dir);
    pipeline p;
    lh_error err;
    cr_assert_eq(pipeline_run_one(&p, path, &err), LH_OK, "%s", err.message);
    model_scores m;
    model_info mi;
    cr_assert_eq(model_score_unsupervised(&p.features, 0.05, 1, &m, &mi, &err), LH_OK);
    cr_assert_gt(mi.n_flagged, 0, "some renter is flagged, so evidence is written");
    scan_view v = {.table = p.table,
                   .spec = &p.spec,
                   .link = &p.link,
                   .features = &p.features,
                   .model = &m,
                   .since = INT64_MIN};
    scan_view_prepare(&v);
    char out[4200];
    snprintf(out, sizeof out, "%s/o", dir);
    cr_assert_eq(make_output_dir(out, &err), LH_OK);
    typedef lh_status (*writer)(const scan_view *, const char *, lh_error *);
    static const writer writers[] = {write_leases_csv, write_renters_csv, write_evidence_jsonl};

    /* clean: written */
    for (size_t w = 0; w < 3; w++)
        cr_expect_eq(writers[w](&v, out, &err), LH_OK, "%s", err.message);

    /* each poison in a score, a p, a q and a feature of a flagged renter: refused, and the
     * files written before stay as they were */
    size_t r = 0;
    while (!m.flag[r])
        r++;
    double *slots[] = {&m.score[r], &m.p[r], &m.q[r], &p.features.x[r * FEATURE_COUNT + F_ACCOUNTS],
                       &p.features.x[r * FEATURE_COUNT + F_CARD_PERSONS]};
    char *before[3];
    for (size_t w = 0; w < 3; w++) {
        snprintf(path, sizeof path, "%s/%s", out, report_files[w]);
        before[w] = slurp(path, NULL);
    }
    for (size_t s = 0; s < sizeof slots / sizeof *slots; s++) {
        double keep = *slots[s];
        for (size_t k = 0; k < 3; k++) {
            *slots[s] = poison[k];
            for (size_t w = 0; w < 3; w++) {
                lh_error_clear(&err);
                cr_expect_eq(writers[w](&v, out, &err), LH_EINTERNAL, "slot %zu = %g, writer %zu",
                             s, poison[k], w);
                snprintf(path, sizeof path, "%s/%s", out, report_files[w]);
                char *now = slurp(path, NULL);
                cr_expect_str_eq(now, before[w], "%s unchanged", report_files[w]);
                cr_expect(!has_nonfinite_word(now));
                free(now);
            }
        }
        *slots[s] = keep;
    }
    for (size_t w = 0; w < 3; w++)
        free(before[w]);
    scan_view_free(&v);
    model_scores_free(&m);
    pipeline_free(&p);
    tmp_remove_tree(dir);
    free(dir);
}

Test(nonfinite, a_scan_of_hostile_numbers_writes_no_nan_or_inf)
{
    char *dir = tmp_dir_new();
    cr_assert_eq(
        run_leasehound(dir, "gen --scenario tick --leases 150 --seed 1 --out t.csv --quiet"), 0);
    /* the same log with every amount and duration replaced by a hostile number, and rows of
     * hostile timestamps */
    char path[4200];
    snprintf(path, sizeof path, "%s/t.csv", dir);
    char *text = slurp(path, NULL);
    snprintf(path, sizeof path, "%s/h.csv", dir);
    FILE *f = fopen(path, "w");
    static const char *const numbers[] = {"NaN",   "inf",    "-Infinity", "1e308",
                                          "1e999", "-1e999", "0x1p1024",  "4.9e-324",
                                          "1e30",  "-0",     "nan(123)"};
    size_t row = 0, n_numbers = sizeof numbers / sizeof *numbers;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), row++) {
        if (row == 0) {
            fprintf(f, "%s\n", line);
            continue;
        }
        /* amount and duration_days are the last three columns' first and third */
        char *c = strrchr(line, ',');
        *c = '\0';
        char *cur = strrchr(line, ',');
        *cur = '\0';
        char *amount = strrchr(line, ',');
        *amount = '\0';
        fprintf(f, "%s,%s,%s,%s\n", line, numbers[row % n_numbers], cur + 1,
                numbers[(row + 3) % n_numbers]);
    }
    static const char *const times[] = {"9999-12-31T23:59:59Z",
                                        "-1",
                                        "1e30",
                                        "2024-01-01T10:00:00.5.5Z",
                                        "nan",
                                        "inf",
                                        "99999999999999",
                                        "-9223372036854775808"};
    for (size_t i = 0; i < sizeof times / sizeof *times; i++)
        fprintf(f, "H%zu,%s,,,,h%zu@example.org,,,,,,,,,,,,,,,,,,\n", i, times[i], i);
    fclose(f);
    free(text);
    cr_assert_eq(run_leasehound(dir, "scan h.csv --out o --quiet"), 0);
    for (size_t i = 0; i < sizeof report_files / sizeof *report_files; i++) {
        snprintf(path, sizeof path, "%s/o/%s", dir, report_files[i]);
        char *s = slurp(path, NULL);
        cr_assert_not_null(s, "%s", report_files[i]);
        cr_expect(!has_nonfinite_word(s), "%s holds nan or inf", report_files[i]);
        free(s);
    }
    snprintf(path, sizeof path, "%s/o/summary.json", dir);
    char *s = slurp(path, NULL);
    cr_expect(strstr(s, "\"bad_created_at\": 8") != NULL, "every hostile timestamp rejected: %s",
              s);
    cr_expect(strstr(s, "\"amount\": 0,") == NULL, "hostile amounts are counted as unusable");
    free(s);
    tmp_remove_tree(dir);
    free(dir);
}
