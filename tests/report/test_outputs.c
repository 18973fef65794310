/* Unit tests of the output helpers that the writers share. */
#include "model/model.h"
#include "report/outputs.h"
#include "report/pipeline.h"
#include "support/test_support.h"
#include "util/strbuf.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* format_time writes ISO-8601 UTC by hand for four-digit years: it must match strftime's
 * "%Y-%m-%dT%H:%M:%SZ" everywhere, and fall back to strftime outside those years. */
Test(outputs, format_time_matches_strftime)
{
    const int64_t fixed[] = {0,
                             -1,
                             951782400,
                             951868799,
                             1709251200,
                             2147483647,
                             4102444800,
                             -2208988800,
                             7258118400,
                             -30610224000,
                             -30610224001,
                             253402300799,
                             253402300800,
                             -62135596800,
                             -12219292800};
    uint64_t x = 88172645463325252u;
    for (int k = 0; k < 40000 + (int)(sizeof fixed / sizeof *fixed); k++) {
        int64_t t;
        if (k < (int)(sizeof fixed / sizeof *fixed)) {
            t = fixed[k];
        } else {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            t = k % 2 ? (int64_t)(x % 8000000000u) - 1000000000     /* 1938 to 2223 */
                      : (int64_t)(x % 284012524800u) - 30610224000; /* years 1000 to 9999 */
        }
        char got[32], want[32];
        time_t tt = (time_t)t;
        struct tm tm;
        cr_assert_not_null(gmtime_r(&tt, &tm));
        strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
        format_time(t, got);
        cr_assert_str_eq(got, want, "t = %lld", (long long)t);
    }
    char buf[32];
    cr_expect_str_eq(format_time(LT_MISSING_TIME, buf), "", "a missing time is empty");
}

/* The rank order: score descending, q ascending, renter id (its first lease id) by strcmp. */
static const scan_view *ref_view;

static int ref_rank(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const model_scores *m = ref_view->model;
    if (m->score[x] != m->score[y])
        return m->score[x] > m->score[y] ? -1 : 1;
    if (m->q[x] != m->q[y])
        return m->q[x] < m->q[y] ? -1 : 1;
    char bx[512], by[512];
    return strcmp(scan_view_renter_id(ref_view, x, bx), scan_view_renter_id(ref_view, y, by));
}

/* The log in csv (freed), written to dir/name, linked and scored (the unsupervised model, on
 * `threads` threads), and the view of it that the writers take, not prepared yet. */
static scan_view scored_view(const char *dir, const char *name, strbuf *csv, int threads,
                             pipeline *p, model_scores *m)
{
    char *path = tmp_write(dir, name, csv->data, csv->len);
    strbuf_free(csv);
    lh_error err;
    cr_assert_eq(pipeline_run_one(p, path, &err), LH_OK, "%s", err.message);
    free(path);
    model_info mi;
    cr_assert_eq(model_score_unsupervised(&p->features, 0.05, threads, m, &mi, &err), LH_OK);
    return (scan_view){.table = p->table,
                       .spec = &p->spec,
                       .link = &p->link,
                       .features = &p->features,
                       .model = m,
                       .since = INT64_MIN};
}

/* Frees what scored_view made, and the test's folder dir. */
static void scored_view_free(scan_view *v, model_scores *m, pipeline *p, char *dir)
{
    scan_view_free(v);
    model_scores_free(m);
    pipeline_free(p);
    tmp_remove_tree(dir);
    free(dir);
}

/* scan_view_prepare ranks by radix keys (score, q, the first 8 bytes of the id) and settles
 * the ties those leave by comparison: the order must be the comparison sort's, whatever the
 * ties. Lease ids of many lengths sharing long prefixes, scores and q-values of a few values
 * each (-0 among them), every lease a renter of its own. write_scan_outputs, given a view with
 * only its ids prepared, makes the same rank and writes the same files. */
Test(outputs, ranks_are_the_comparison_order)
{
    char *dir = tmp_dir_new();
    strbuf csv;
    strbuf_init(&csv, (size_t)1 << 20);
    strbuf_append(&csv, "lease_id,created_at,email\n", 26);
    static const char *const stem[] = {"",   "L",        "L0000000",  "L0000000-",
                                       "ab", "abcdefgh", "abcdefghij"};
    int n = 0;
    for (size_t k = 0; k < sizeof stem / sizeof *stem; k++)
        for (int i = 0; i < 60; i++) {
            char row[128];
            int len = snprintf(row, sizeof row, "%s%d,2024-01-%02dT00:00:00Z,p%d@example.org\n",
                               stem[k], i * 7 % 60, 1 + i % 28, n++);
            strbuf_append(&csv, row, (size_t)len);
        }
    pipeline p;
    model_scores m;
    lh_error err;
    scan_view v = scored_view(dir, "ids.csv", &csv, 1, &p, &m);
    size_t nr = p.link.n_renters;
    cr_assert_eq(nr, (size_t)n, "every lease is a renter of its own");
    for (size_t r = 0; r < nr; r++) {
        static const double scores[] = {0.5, 0.0, -0.0, 0.25, 0.5};
        m.score[r] = scores[(r * 7) % 5];
        m.q[r] = (double)((r * 3) % 4) / 4;
    }
    scan_view_prepare(&v);
    uint32_t *want = malloc(nr * sizeof *want);
    for (size_t r = 0; r < nr; r++)
        want[r] = (uint32_t)r;
    ref_view = &v;
    qsort(want, nr, sizeof *want, ref_rank);
    for (size_t k = 0; k < nr; k++) {
        char buf[512];
        cr_assert_eq(v.by_rank[k], want[k], "rank %zu: renter %s", k + 1,
                     scan_view_renter_id(&v, want[k], buf));
        cr_assert_eq(v.rank[want[k]], (uint32_t)k + 1);
    }
    /* write_scan_outputs makes the rank itself when only the ids are prepared (beside
     * leases.csv on two threads, before it on one): the same rank and the same files */
    static const char *const files[] = {"leases.csv", "renters.csv", "evidence.jsonl"};
    char *ref[3];
    for (int run = 0; run < 3; run++) {
        scan_view w = v;
        if (run > 0) {
            w.rank = w.by_rank = w.first = NULL;
            w.reported = NULL;
            scan_view_prepare_ids(&w, run == 2 ? 1 : 2);
        }
        char out[1024];
        snprintf(out, sizeof out, "%s/out%d", dir, run);
        cr_assert_eq(mkdir(out, 0700), 0);
        cr_assert_eq(write_scan_outputs(&w, out, run == 2 ? 1 : 2, &err), LH_OK, "%s", err.message);
        cr_assert_eq(memcmp(w.by_rank, v.by_rank, nr * sizeof *v.by_rank), 0, "run %d", run);
        for (int f = 0; f < 3; f++) {
            char file[1100];
            snprintf(file, sizeof file, "%s/%s", out, files[f]);
            size_t len;
            char *text = slurp(file, &len);
            cr_assert_not_null(text, "%s", file);
            if (run == 0)
                ref[f] = text;
            else {
                cr_expect_str_eq(text, ref[f], "run %d: %s", run, files[f]);
                free(text);
            }
        }
        if (run > 0)
            scan_view_free(&w);
    }
    for (int f = 0; f < 3; f++)
        free(ref[f]);
    free(want);
    scored_view_free(&v, &m, &p, dir);
}

/* write_scan_outputs formats renters.csv and leases.csv in chunks of rows on its threads and
 * writes each file's chunks in order: on a log of more renters.csv chunks than the writer holds
 * at once, and several leases.csv chunks, every thread count writes the bytes of one thread,
 * and so do the writers of one file each. */
Test(outputs, chunks_are_written_in_order_for_any_thread_count, .timeout = 120)
{
    char *dir = tmp_dir_new();
    strbuf csv;
    strbuf_init(&csv, (size_t)16 << 20);
    strbuf_puts(&csv, "lease_id,created_at,email,first_name,last_name\n");
    enum { LEASES = 80000, PAIRED = 10000 }; /* the first PAIRED leases share e-mails in pairs */
    static const char *const first[] = {"Ann", "Bo", "Cem", "Dara", "Eli"};
    for (int i = 0; i < LEASES; i++) {
        char row[160];
        int len = snprintf(
            row, sizeof row, "L%06d,2024-%02d-%02dT%02d:%02d:00Z,p%d@example.org,%s,Fam%d\n", i,
            1 + i % 12, 1 + i % 28, i % 24, i % 60, i < PAIRED ? i / 2 : i, first[i % 5], i % 977);
        strbuf_append(&csv, row, (size_t)len);
    }
    pipeline p;
    model_scores m;
    lh_error err;
    scan_view v = scored_view(dir, "log.csv", &csv, 2, &p, &m);
    size_t nr = p.link.n_renters;
    cr_assert_gt(nr, (size_t)9 * 8192, "more renters.csv chunks than the ring holds: %zu", nr);
    for (size_t r = 0; r < nr; r++)
        m.flag[r] = r % 97 == 0; /* evidence.jsonl of many renters */
    scan_view_prepare(&v);
    static const char *const files[] = {"leases.csv", "renters.csv", "evidence.jsonl"};
    char *ref[3] = {NULL, NULL, NULL};
    size_t ref_len[3] = {0, 0, 0};
    static const int threads[] = {1, 2, 3, 0}; /* 0: the writers of one file each */
    for (int run = 0; run < 4; run++) {
        char out[1024];
        snprintf(out, sizeof out, "%s/out%d", dir, run);
        cr_assert_eq(mkdir(out, 0700), 0);
        if (threads[run] > 0) {
            scan_view w = v; /* ids only: the rank is made by the writer */
            w.rank = w.by_rank = w.first = NULL;
            w.reported = NULL;
            scan_view_prepare_ids(&w, threads[run]);
            cr_assert_eq(write_scan_outputs(&w, out, threads[run], &err), LH_OK, "%s", err.message);
            scan_view_free(&w);
        } else {
            cr_assert_eq(write_leases_csv(&v, out, &err), LH_OK, "%s", err.message);
            cr_assert_eq(write_renters_csv(&v, out, &err), LH_OK, "%s", err.message);
            cr_assert_eq(write_evidence_jsonl(&v, out, &err), LH_OK, "%s", err.message);
        }
        for (int f = 0; f < 3; f++) {
            char file[1100];
            snprintf(file, sizeof file, "%s/%s", out, files[f]);
            size_t len;
            char *text = slurp(file, &len);
            cr_assert_not_null(text, "%s", file);
            if (run == 0) {
                ref[f] = text;
                ref_len[f] = len;
                continue;
            }
            cr_expect(len == ref_len[f] && memcmp(text, ref[f], len) == 0,
                      "%s of run %d differs from one thread's", files[f], run);
            free(text);
        }
    }
    size_t lines[3] = {0, 0, 0};
    for (int f = 0; f < 3; f++)
        for (size_t k = 0; k < ref_len[f]; k++)
            lines[f] += ref[f][k] == '\n';
    cr_expect_eq(lines[0], (size_t)LEASES + 1, "leases.csv: a header and a row per lease");
    cr_expect_eq(lines[1], nr + 1, "renters.csv: a header and a row per renter");
    cr_expect_eq(lines[2], (nr + 96) / 97, "evidence.jsonl: a line per flagged renter");
    for (int f = 0; f < 3; f++)
        free(ref[f]);
    scored_view_free(&v, &m, &p, dir);
}
