/* cmd_scan.c: `leasehound scan`, the main job: the stages of DESIGN.md in order (the pipeline
 * up to the features, then the model, then the report files), and a short account. */
#include "cli/cli.h"
#include "model/model.h"
#include "model/supervised.h"
#include "normalize/normalize.h"
#include "report/html.h"
#include "report/outputs.h"
#include "report/previous.h"
#include "report/rejects.h"
#include "report/summary.h"
#include "util/atomic_file.h"
#include "util/mem.h"
#include "util/progress.h"
#include "util/rss.h"
#include "util/threads.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct scan_state {
    pipeline p;
    rejects_writer rw;
    int have_rejects;
    model_scores model;
    model_info minfo;
    scan_view view;
    pseudonymizer pseudo;
    logreg_model lr;
    previous_scan prev;
    uint8_t *status;
    progress prog;
    char **edge_paths; /* --edges, folders expanded; owned */
    size_t n_edge_paths;
} scan_state;

static void state_free(scan_state *s)
{
    progress_end(&s->prog);
    if (s->have_rejects)
        rejects_abort(&s->rw);
    atomic_file_batch_abort(); /* outputs written but not published: removed */
    scan_view_free(&s->view);
    previous_free(&s->prev);
    xfree(s->status);
    for (size_t i = 0; i < s->n_edge_paths; i++)
        xfree(s->edge_paths[i]);
    xfree(s->edge_paths);
    model_scores_free(&s->model);
    pipeline_free(&s->p);
}

/* summary.json and report.html: both only read the summary, so with two threads or more each
 * is written on a thread of its own. The first of them to fail (in that order) sets *err. Which
 * of the two is committed first, and so renamed first when the batch is published, depends on
 * timing; their bytes do not, and the batch is published whole or undone either way. */
typedef struct final_job {
    const char *dir;
    const summary_info *info;
    lh_status (*write)(const char *dir, const summary_info *info, lh_error *err);
    lh_status st;
    lh_error err;
} final_job;

static void *final_write(void *arg)
{
    final_job *j = arg;
    j->st = j->write(j->dir, j->info, &j->err);
    return NULL;
}

static lh_status summary_and_html_write(const char *dir, const summary_info *info, int threads,
                                        lh_error *err)
{
    final_job job[2] = {{dir, info, summary_write, LH_OK, {0}},
                        {dir, info, html_report_write, LH_OK, {0}}};
    if (run_jobs_count(threads, 1) >= 2) {
        run_jobs(2, final_write, job, sizeof *job);
    } else {
        final_write(&job[0]);
        final_write(&job[1]);
    }
    for (int k = 0; k < 2; k++)
        if (job[k].st != LH_OK) {
            if (err->code == LH_OK) /* an error already recorded stays the one reported */
                *err = job[k].err;
            return job[k].st;
        }
    return LH_OK;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds one --edges value: a file, or a folder whose files are all edge files (the part-NNNNN
 * files of a Hadoop or Spark output folder), in name order, names starting with '.' or '_'
 * (_SUCCESS, checksums) left out. */
static lh_status edge_paths_add(char ***paths, size_t *n, const char *arg, lh_error *err)
{
    struct stat sb;
    size_t cap = *n;
    if (strcmp(arg, "-") == 0 || stat(arg, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        *paths = xgrow(*paths, &cap, *n + 1, sizeof **paths);
        (*paths)[(*n)++] = xstrdup(arg); /* a file; unreadable ones fail when read (66) */
        return LH_OK;
    }
    DIR *d = opendir(arg);
    if (d == NULL)
        return LH_FAIL(err, LH_ENOINPUT, "cannot open folder %s: %s", arg, strerror(errno));
    size_t first = *n;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || de->d_name[0] == '_')
            continue;
        size_t len = strlen(arg) + strlen(de->d_name) + 2;
        char *path = xmalloc(len);
        snprintf(path, len, "%s%s%s", arg, arg[strlen(arg) - 1] == '/' ? "" : "/", de->d_name);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            xfree(path);
            continue;
        }
        *paths = xgrow(*paths, &cap, *n + 1, sizeof **paths);
        (*paths)[(*n)++] = path;
    }
    closedir(d);
    if (*n == first)
        return LH_FAIL(err, LH_ENOINPUT, "--edges %s: a folder without edge files", arg);
    qsort(*paths + first, *n - first, sizeof **paths, cmp_name);
    return LH_OK;
}

static void print_top(const scan_view *v, size_t k)
{
    const model_scores *m = v->model;
    size_t shown = 0;
    char reasons[1024];
    char *rid = xmalloc(v->renter_id_max);
    for (size_t i = 0; i < v->link->n_renters && shown < k; i++) {
        uint32_t r = v->by_rank[i];
        if (!m->flag[r] || !v->reported[r])
            continue;
        if (shown++ == 0)
            printf("top flagged renters:\n");
        renter_reasons(v, r, reasons, sizeof reasons);
        printf("  %3u. %-16s score %.3f  q %.2g  %u leases, %u names  %s%s%s%s\n", v->rank[r],
               scan_view_renter_id(v, r, rid), m->score[r], m->q[r], v->link->renter_size[r],
               v->link->renter_persons[r], v->status ? "[" : "",
               v->status ? previous_status_name((previous_status)v->status[r]) : "",
               v->status ? "] " : "", reasons);
    }
    xfree(rid);
}

int cmd_scan(int argc, char **argv)
{
    double t0 = now_seconds();
    lh_error err;
    lh_error_clear(&err);
    cli_args args;
    static scan_state s; /* large; used once per process */
    memset(&s, 0, sizeof s);
    pipeline_init(&s.p);
    stage_time timing[4];
    lh_status st_edges = LH_OK;
    size_t n_timing = 0;
    pipeline_options po;

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
    if (cli_pipeline_options(&args, &s.p, &po, &err) != LH_OK)
        goto fail;
    /* scale-out (docs/scale-out.md): given parameters, and links from edge files */
    for (size_t i = 0; i < args.n_opt && st_edges == LH_OK; i++)
        if (strcmp(args.opt[i]->name, "edges") == 0)
            st_edges = edge_paths_add(&s.edge_paths, &s.n_edge_paths, args.val[i], &err);
    if (st_edges != LH_OK)
        goto fail;
    size_t n_edges = s.n_edge_paths;
    const char *const *edge_paths = (const char *const *)s.edge_paths;
    po.params_path = cli_get(&args, "params");
    po.edge_paths = edge_paths;
    po.n_edge_paths = n_edges;
    if (n_edges && po.params_path == NULL) {
        LH_FAIL(&err, LH_EUSAGE,
                "scan --edges needs --params FILE, the parameters the edges were decided with");
        goto fail;
    }
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
    int64_t since = INT64_MIN;
    const char *since_s = cli_get(&args, "since");
    if (since_s && timestamp_parse(since_s, strlen(since_s), &since) != 0) {
        LH_FAIL(&err, LH_EUSAGE, "--since: '%s' is not a date (YYYY-MM-DD) or timestamp", since_s);
        goto fail;
    }
    const char *keyfile = cli_get(&args, "pseudonymize");
    if (keyfile && pseudo_load(&s.pseudo, keyfile, &err) != LH_OK)
        goto fail;
    const char *model_path = cli_get(&args, "model");
    if (model_path && logreg_load(&s.lr, model_path, &err) != LH_OK)
        goto fail;
    /* read before anything is written: --previous may name the output folder itself */
    const char *previous_dir = cli_get(&args, "previous");
    if (previous_dir && previous_load(&s.prev, previous_dir, &err) != LH_OK)
        goto fail;

    if (make_output_dir(out, &err) != LH_OK)
        goto fail;
    progress_init(&s.prog, !quiet);
    po.load.progress = &s.prog;
    /* Every output is published at the end, together: a failing run leaves the previous
     * report whole (util/atomic_file.h). */
    atomic_file_batch_begin();
    if (rejects_open(&s.rw, out, &err) != LH_OK)
        goto fail;
    s.have_rejects = 1;
    s.rw.hide_excerpt = keyfile != NULL;
    po.load.sink = rejects_sink(&s.rw);

    lh_status st = pipeline_run(&s.p, args.pos, args.n_pos, &po, &err);
    cli_note_spec(&s.p, quiet);
    if (st != LH_OK && !(st == LH_EDATA && s.p.stats.rejected > 0))
        goto fail;
    if (st == LH_OK && n_edges && s.p.edges_in.unknown)
        fprintf(stderr,
                "leasehound: %llu edge%s name a lease id not in the inputs (first: %s); "
                "skipped\n",
                (unsigned long long)s.p.edges_in.unknown, s.p.edges_in.unknown == 1 ? "" : "s",
                s.p.edges_in.first_unknown);
    /* Too many rejects: rejects.csv is still published, so the user can see why. */
    s.have_rejects = 0;
    if (rejects_commit(&s.rw, &err) != LH_OK)
        goto fail;
    if (st != LH_OK) {
        atomic_file_batch_publish(&err); /* rejects.csv alone; err keeps the data error */
        goto fail;
    }
    timing[n_timing++] = (stage_time){"link", s.p.link_seconds, s.p.peak_link};
    timing[n_timing++] = (stage_time){"features", s.p.features_seconds, s.p.peak_features};

    progress_stage(&s.prog, "model");
    double t1 = now_seconds();
    st = model_path
             ? logreg_score(&s.lr, &s.p.features, alpha, &s.model, &s.minfo, &err)
             : model_score_unsupervised(&s.p.features, alpha, po.threads, &s.model, &s.minfo, &err);
    if (st != LH_OK)
        goto fail;
    timing[n_timing++] = (stage_time){"model", now_seconds() - t1, rss_peak_bytes()};
    mem_release_free();
    t1 = now_seconds();

    s.view = (scan_view){.table = s.p.table,
                         .spec = &s.p.spec,
                         .link = &s.p.link,
                         .features = &s.p.features,
                         .model = &s.model,
                         .pseudo = keyfile ? &s.pseudo : NULL,
                         .since = since};
    progress_stage(&s.prog, "report");
    scan_view_prepare_ids(&s.view, po.threads); /* the rank: write_scan_outputs, on threads */
    previous_counts pc;
    if (previous_dir) {
        s.status = xmalloc(s.p.link.n_renters ? s.p.link.n_renters : 1);
        previous_compare(&s.prev, &s.view, s.status, &pc);
        s.view.status = s.status;
    }
    if (write_scan_outputs(&s.view, out, po.threads, &err) != LH_OK)
        goto fail;
    timing[n_timing++] = (stage_time){"report", now_seconds() - t1, rss_peak_bytes()};

    char max_field[32], alpha_buf[32], threads_buf[16];
    snprintf(max_field, sizeof max_field, "%zu", po.load.limits.max_field_bytes);
    snprintf(alpha_buf, sizeof alpha_buf, "%g", alpha);
    snprintf(threads_buf, sizeof threads_buf, "%d", po.threads);
    const char *preset = cli_get(&args, "preset"), *mr = cli_get(&args, "max-rejects");
    char edges_buf[64];
    snprintf(edges_buf, sizeof edges_buf, "%zu file%s", n_edges, n_edges == 1 ? "" : "s");
    summary_param params[11] = {
        {"alpha", alpha_buf},
        {"model", model_path ? model_path : "unsupervised"},
        {"preset", preset ? preset : ""},
        {"spec", s.p.spec.origin},
        {"since", since_s ? since_s : ""},
        {"pseudonymized", keyfile ? "yes" : "no"},
        {"max_rejects", mr ? mr : "none"},
        {"max_field_size", max_field},
        {"threads", threads_buf},
    };
    size_t n_params = 9; /* the scale-out options only when given: a plain scan's summary is
                            unchanged */
    if (po.params_path)
        params[n_params++] = (summary_param){"params", po.params_path};
    if (n_edges)
        params[n_params++] = (summary_param){"edges", edges_buf};
    summary_info info = {.command = "scan",
                         .load = &s.p.stats,
                         .view = &s.view,
                         .model = &s.minfo,
                         .param = params,
                         .n_param = n_params,
                         .timing = timing,
                         .n_timing = n_timing,
                         .total_seconds = now_seconds() - t0,
                         .load_peak_rss = s.p.peak_load,
                         .previous_dir = previous_dir,
                         .previous = previous_dir ? &pc : NULL,
                         .edges = n_edges ? &s.p.edges_in : NULL};
    if (summary_and_html_write(out, &info, po.threads, &err) != LH_OK ||
        atomic_file_batch_publish(&err) != LH_OK)
        goto fail;
    progress_end(&s.prog);
    s.prog.on = 0;
    if (!quiet) {
        const load_stats *ls = &s.p.stats;
        printf("read %llu rows from %zu file%s: %llu accepted, %llu rejected\n",
               (unsigned long long)ls->records, ls->n_file, ls->n_file == 1 ? "" : "s",
               (unsigned long long)ls->accepted, (unsigned long long)ls->rejected);
        for (int r = 1; r < REJECT_REASON_COUNT; r++)
            if (ls->by_reason[r])
                printf("  %-20s %llu\n", reject_reason_name((reject_reason)r),
                       (unsigned long long)ls->by_reason[r]);
        int read_as_utf8 = 0; /* by choice, not as --encoding asked */
        if (!cli_get(&args, "encoding"))
            for (size_t f = 0; f < ls->n_file; f++)
                read_as_utf8 |= strcmp(ls->file[f].encoding, "UTF-8") == 0;
        if (ls->by_reason[REJECT_INVALID_UTF8] && read_as_utf8)
            printf("  (rows that are not UTF-8: name the export's encoding with --encoding, for "
                   "example windows-1252 or iso-8859-2)\n");
        if (n_edges) {
            const edge_input *ei = &s.p.edges_in;
            printf("links from %llu edges in %zu edge file%s: %llu rows, %llu duplicates merged, "
                   "%llu naming leases not in the inputs\n",
                   (unsigned long long)ei->edges, n_edges, n_edges == 1 ? "" : "s",
                   (unsigned long long)ei->rows, (unsigned long long)ei->duplicates,
                   (unsigned long long)ei->unknown);
        }
        printf("linked into %zu renters; %zu flagged at alpha %g\n", s.p.link.n_renters,
               s.minfo.n_flagged, alpha);
        if (previous_dir)
            printf("against %s: %llu new, %llu escalated, %llu unchanged; %llu no longer "
                   "flagged\n",
                   previous_dir, (unsigned long long)pc.new_, (unsigned long long)pc.escalated,
                   (unsigned long long)pc.unchanged, (unsigned long long)pc.no_longer_flagged);
        print_top(&s.view, 10);
        printf("outputs in %s\n", out);
    }
    state_free(&s);
    return 0;

fail:
    state_free(&s);
    return cli_fail(&err);
}
