/* cmd_scan.c: `leasehound scan`, the main job. Parses options, runs the pipeline stages of
 * DESIGN.md in order over the library (load -> link -> features -> model -> report) and prints
 * a short account. */
#include "cli/cli.h"
#include "features/features.h"
#include "link/link.h"
#include "model/model.h"
#include "normalize/normalize.h"
#include "report/outputs.h"
#include "report/rejects.h"
#include "report/summary.h"
#include "table/load.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* "N" or "P%" */
static lh_status parse_max_rejects(const char *s, load_options *o, lh_error *err)
{
    char *end;
    errno = 0;
    if (s[0] == '-' || s[0] == '\0')
        return LH_FAIL(err, LH_EUSAGE, "--max-rejects: '%s' is not N or P%%", s);
    double v = strtod(s, &end);
    if (errno || end == s)
        return LH_FAIL(err, LH_EUSAGE, "--max-rejects: '%s' is not N or P%%", s);
    if (*end == '%' && end[1] == '\0') {
        if (!(v >= 0 && v <= 100))
            return LH_FAIL(err, LH_EUSAGE, "--max-rejects: %s is not a percentage", s);
        o->max_rejects_pct = v;
        return LH_OK;
    }
    if (*end != '\0' || v != floor(v) || v > 1e18)
        return LH_FAIL(err, LH_EUSAGE, "--max-rejects: '%s' is not N or P%%", s);
    o->max_rejects = (uint64_t)v;
    return LH_OK;
}

static lh_status parse_size(const char *name, const char *s, size_t lo, size_t hi, size_t *out,
                            lh_error *err)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi)
        return LH_FAIL(err, LH_EUSAGE, "--%s: '%s' is not a number from %zu to %zu", name, s, lo,
                       hi);
    *out = (size_t)v;
    return LH_OK;
}

typedef struct scan_state {
    colmap map;
    link_spec spec;
    rejects_writer rw;
    int have_rejects;
    lease_table *table;
    load_stats stats;
    link_result link;
    renter_features features;
    model_scores model;
    model_info minfo;
    scan_view view;
    pseudonymizer pseudo;
} scan_state;

static void state_free(scan_state *s)
{
    if (s->have_rejects)
        rejects_abort(&s->rw);
    scan_view_free(&s->view);
    model_scores_free(&s->model);
    renter_features_free(&s->features);
    link_result_free(&s->link);
    load_stats_free(&s->stats);
    lease_table_free(s->table);
    colmap_free(&s->map);
}

static void print_top(const scan_view *v, size_t k)
{
    const model_scores *m = v->model;
    size_t shown = 0;
    char reasons[1024];
    for (size_t i = 0; i < v->link->n_renters && shown < k; i++) {
        uint32_t r = v->by_rank[i];
        if (!m->flag[r] || !v->reported[r])
            continue;
        if (shown++ == 0)
            printf("top flagged renters:\n");
        renter_reasons(v, r, reasons, sizeof reasons);
        printf("  %3u. %-16s score %.3f  q %.2g  %u leases, %u names  %s\n", v->rank[r],
               v->renter_id[r], m->score[r], m->q[r], v->link->renter_size[r],
               v->link->renter_persons[r], reasons);
    }
}

int cmd_scan(int argc, char **argv)
{
    double t0 = now_seconds();
    lh_error err;
    lh_error_clear(&err);
    cli_args args;
    static scan_state s; /* large; zeroed as a static, used once per process */
    memset(&s, 0, sizeof s);
    colmap_init(&s.map);
    stage_time timing[4];
    size_t n_timing = 0;

    if (cli_parse(&args, "scan", argc, argv, &err) != LH_OK)
        goto fail;
    if (args.help) {
        cli_print_help(stdout, cli_command_find("scan"));
        return 0;
    }
    const char *out = cli_get(&args, "out");
    if (args.n_pos == 0 || out == NULL) {
        LH_FAIL(&err, LH_EUSAGE, "scan needs INPUT... and --out DIR (see leasehound scan --help)");
        goto fail;
    }
    int quiet = cli_flag(&args, "quiet");

    load_options lo = {0};
    lo.map = &s.map;
    lo.max_rejects = UINT64_MAX;
    lo.max_rejects_pct = -1;
    lo.limits.max_field_bytes = CSV_DEFAULT_MAX_FIELD;
    lo.verbose = !quiet;
    const char *preset = cli_get(&args, "preset");
    if (preset && colmap_add_preset(&s.map, preset, &err) != LH_OK)
        goto fail;
    for (size_t i = 0; i < args.n_opt; i++)
        if (strcmp(args.opt[i]->name, "map") == 0 &&
            colmap_add_spec(&s.map, args.val[i], &err) != LH_OK)
            goto fail;
    const char *mr = cli_get(&args, "max-rejects");
    if (mr && parse_max_rejects(mr, &lo, &err) != LH_OK)
        goto fail;
    const char *mf = cli_get(&args, "max-field-size");
    if (mf && parse_size("max-field-size", mf, 16, (size_t)1 << 30, &lo.limits.max_field_bytes,
                         &err) != LH_OK)
        goto fail;
    double alpha = 0.05;
    const char *alpha_s = cli_get(&args, "alpha");
    if (alpha_s) {
        char *end;
        alpha = strtod(alpha_s, &end);
        if (*end || end == alpha_s || !(alpha > 0 && alpha < 1)) {
            LH_FAIL(&err, LH_EUSAGE, "--alpha: '%s' is not a rate between 0 and 1", alpha_s);
            goto fail;
        }
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t threads = cores > 0 ? (size_t)(cores > 16 ? 16 : cores) : 1;
    const char *threads_s = cli_get(&args, "threads");
    if (threads_s && parse_size("threads", threads_s, 1, 16, &threads, &err) != LH_OK)
        goto fail;
    int64_t since = INT64_MIN;
    const char *since_s = cli_get(&args, "since");
    if (since_s && timestamp_parse(since_s, strlen(since_s), &since) != 0) {
        LH_FAIL(&err, LH_EUSAGE, "--since: '%s' is not a date (YYYY-MM-DD) or timestamp", since_s);
        goto fail;
    }
    const char *keyfile = cli_get(&args, "pseudonymize");
    if (keyfile && pseudo_load(&s.pseudo, keyfile, &err) != LH_OK)
        goto fail;
    const char *spec_path = cli_get(&args, "spec");
    if (link_spec_load(&s.spec, spec_path, &err) != LH_OK)
        goto fail;
    /* keep every column the spec reads that is not a standard one */
    const char *cols[SPEC_MAX_FIELDS * 2 + SPEC_MAX_RULES * SPEC_MAX_RULE_COLS];
    size_t nc = link_spec_columns(&s.spec, cols, sizeof cols / sizeof *cols);
    lease_table *probe = lease_table_new(NULL, 0);
    for (size_t i = 0; i < nc; i++)
        if (lease_table_column(probe, cols[i]) < 0 && colmap_want_extra(&s.map, cols[i]) < 0) {
            LH_FAIL(&err, LH_EUSAGE, "the spec reads more than %d extra columns", COLMAP_MAX_EXTRA);
            break;
        }
    lease_table_free(probe);
    if (err.code != LH_OK)
        goto fail;

    if (make_output_dir(out, &err) != LH_OK || rejects_open(&s.rw, out, &err) != LH_OK)
        goto fail;
    s.have_rejects = 1;
    s.rw.hide_excerpt = keyfile != NULL;
    lo.sink = rejects_sink(&s.rw);

    lh_status st = load_inputs(&s.table, args.pos, args.n_pos, &lo, &s.stats, &err);
    if (st != LH_OK && st != LH_EDATA)
        goto fail;
    /* Too many rejects: rejects.csv is still published, so the user can see why. */
    s.have_rejects = 0;
    if (rejects_commit(&s.rw, &err) != LH_OK || st != LH_OK)
        goto fail;
    if (link_spec_resolve(&s.spec, s.table, &err) != LH_OK)
        goto fail;

    double t1 = now_seconds();
    link_options lopt = {(int)threads, NULL};
    if (link_run(&s.link, s.table, &s.spec, &lopt, &err) != LH_OK)
        goto fail;
    timing[n_timing++] = (stage_time){"link", now_seconds() - t1};
    t1 = now_seconds();
    renter_features_build(&s.features, s.table, &s.link, &s.spec);
    timing[n_timing++] = (stage_time){"features", now_seconds() - t1};
    t1 = now_seconds();
    if (model_score_unsupervised(&s.features, alpha, &s.model, &s.minfo, &err) != LH_OK)
        goto fail;
    timing[n_timing++] = (stage_time){"model", now_seconds() - t1};
    t1 = now_seconds();

    s.view = (scan_view){s.table, &s.spec, &s.link, &s.features, &s.model,
                         keyfile ? &s.pseudo : NULL, since, NULL, NULL, NULL, NULL, NULL};
    scan_view_prepare(&s.view);
    if (write_leases_csv(&s.view, out, &err) != LH_OK ||
        write_renters_csv(&s.view, out, &err) != LH_OK ||
        write_evidence_jsonl(&s.view, out, &err) != LH_OK)
        goto fail;
    timing[n_timing++] = (stage_time){"report", now_seconds() - t1};

    char max_field[32], alpha_buf[32], threads_buf[16];
    snprintf(max_field, sizeof max_field, "%zu", lo.limits.max_field_bytes);
    snprintf(alpha_buf, sizeof alpha_buf, "%g", alpha);
    snprintf(threads_buf, sizeof threads_buf, "%zu", threads);
    summary_param params[] = {
        {"alpha", alpha_buf},
        {"preset", preset ? preset : ""},
        {"spec", s.spec.origin},
        {"since", since_s ? since_s : ""},
        {"pseudonymized", keyfile ? "yes" : "no"},
        {"max_rejects", mr ? mr : "none"},
        {"max_field_size", max_field},
        {"threads", threads_buf},
    };
    summary_info info = {"scan", &s.stats, &s.view, &s.minfo, params,
                         sizeof params / sizeof *params, timing, n_timing, now_seconds() - t0};
    if (summary_write(out, &info, &err) != LH_OK)
        goto fail;
    if (!quiet) {
        printf("read %llu rows from %zu file%s: %llu accepted, %llu rejected\n",
               (unsigned long long)s.stats.records, s.stats.n_file, s.stats.n_file == 1 ? "" : "s",
               (unsigned long long)s.stats.accepted, (unsigned long long)s.stats.rejected);
        for (int r = 1; r < REJECT_REASON_COUNT; r++)
            if (s.stats.by_reason[r])
                printf("  %-20s %llu\n", reject_reason_name((reject_reason)r),
                       (unsigned long long)s.stats.by_reason[r]);
        printf("linked into %zu renters; %zu flagged at alpha %g\n", s.link.n_renters,
               s.minfo.n_flagged, alpha);
        print_top(&s.view, 10);
        printf("outputs in %s\n", out);
    }
    state_free(&s);
    return 0;

fail:
    state_free(&s);
    return cli_fail(&err);
}
