/* bench_link: links one file and measures the result against its ground truth.
 *
 *   bench_link FILE [--preset P] [--truth febrl|actor|FILE] [--threads N] [--spec S] [--quiet]
 *
 * Truth: "febrl" takes the person from rec_id (rec-N-org / rec-N-dup-K share N), "actor" reads
 * the actor_id column (Splink's cluster through --preset splink), a FILE is a truth CSV
 * (lease_id,actor_id,...). Prints one line of key=value pairs: pairwise precision, recall, F1,
 * candidate and linked pairs, renters, timings and peak RSS, for scripts in bench/.
 */
#include "link/link.h"
#include "table/load.h"
#include "util/mem.h"
#include "util/strpool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const uint32_t *key_a, *key_b;

static int cmp2(const void *x, const void *y)
{
    uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
    if (key_a[i] != key_a[j])
        return key_a[i] < key_a[j] ? -1 : 1;
    if (key_b[i] != key_b[j])
        return key_b[i] < key_b[j] ? -1 : 1;
    return (i > j) - (i < j);
}

/* sum over groups of equal (a[, b]) of n(n-1)/2 */
static double pair_count(const uint32_t *a, const uint32_t *b, size_t n)
{
    uint32_t *idx = xmalloc(n * sizeof *idx);
    static uint32_t *zero;
    zero = xcalloc(n, sizeof *zero);
    for (size_t i = 0; i < n; i++)
        idx[i] = (uint32_t)i;
    key_a = a;
    key_b = b ? b : zero;
    qsort(idx, n, sizeof *idx, cmp2);
    double total = 0;
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && a[idx[hi]] == a[idx[lo]] && key_b[idx[hi]] == key_b[idx[lo]])
            hi++;
        double k = (double)(hi - lo);
        total += k * (k - 1) / 2;
        lo = hi;
    }
    free(idx);
    free(zero);
    return total;
}

int main(int argc, char **argv)
{
    const char *file = NULL, *preset = NULL, *truth = "actor", *spec_path = NULL;
    int threads = 1, quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--preset") == 0 && i + 1 < argc)
            preset = argv[++i];
        else if (strcmp(argv[i], "--truth") == 0 && i + 1 < argc)
            truth = argv[++i];
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--spec") == 0 && i + 1 < argc)
            spec_path = argv[++i];
        else if (strcmp(argv[i], "--quiet") == 0)
            quiet = 1;
        else
            file = argv[i];
    }
    if (!file) {
        fprintf(stderr, "usage: bench_link FILE [--preset P] [--truth febrl|actor|FILE]\n");
        return 2;
    }
    lh_error err;
    lh_error_clear(&err);
    link_spec spec;
    if (link_spec_load(&spec, spec_path, &err) != LH_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    colmap map;
    colmap_init(&map);
    if (preset && colmap_add_preset(&map, preset, &err) != LH_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    const char *cols[64];
    size_t nc = link_spec_columns(&spec, cols, 64);
    lease_table *probe = lease_table_new(NULL, 0);
    for (size_t i = 0; i < nc; i++)
        if (lease_table_column(probe, cols[i]) < 0)
            colmap_want_extra(&map, cols[i]);
    lease_table_free(probe);
    load_options lo = {0};
    lo.map = &map;
    lo.max_rejects = UINT64_MAX;
    lo.max_rejects_pct = -1;
    lo.threads = threads;
    lease_table *t = NULL;
    load_stats st;
    double t0 = now();
    if (load_inputs(&t, (const char *const[]){file}, 1, &lo, &st, &err) != LH_OK ||
        link_spec_resolve(&spec, t, &err) != LH_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double t1 = now();
    link_result r;
    link_options opt = {threads, NULL};
    if (link_run(&r, t, &spec, &opt, &err) != LH_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double t2 = now();

    size_t n = t->count;
    uint32_t *actor = xmalloc(n * sizeof *actor);
    if (strcmp(truth, "febrl") == 0) {
        for (size_t i = 0; i < n; i++)
            actor[i] = (uint32_t)strtoul(lease_table_text(t, LT_LEASE_ID, i) + 4, NULL, 10);
    } else if (strcmp(truth, "actor") == 0) {
        memcpy(actor, t->text[LT_ACTOR].id, n * sizeof *actor);
    } else {
        /* a truth file: lease_id,actor_id[,...] with a header */
        FILE *f = fopen(truth, "r");
        if (!f) {
            perror(truth);
            return 1;
        }
        strpool *actors = strpool_new();
        for (size_t i = 0; i < n; i++)
            actor[i] = UINT32_MAX;
        char line[4096];
        int lid = -1, aid = -1;
        if (fgets(line, sizeof line, f)) {
            int k = 0;
            for (char *p = strtok(line, ",\r\n"); p; p = strtok(NULL, ",\r\n"), k++) {
                if (strcmp(p, "lease_id") == 0)
                    lid = k;
                if (strcmp(p, "actor_id") == 0)
                    aid = k;
            }
        }
        while (fgets(line, sizeof line, f)) {
            char *field[16];
            int k = 0;
            for (char *p = strtok(line, ",\r\n"); p && k < 16; p = strtok(NULL, ",\r\n"))
                field[k++] = p;
            if (lid < 0 || aid < 0 || lid >= k || aid >= k)
                continue;
            uint32_t row = strpool_find(t->text[LT_LEASE_ID].pool, field[lid], strlen(field[lid]));
            if (row != STRPOOL_NONE && row > 0)
                actor[row - 1] = strpool_intern(actors, field[aid], strlen(field[aid]), NULL);
        }
        fclose(f);
        strpool_free(actors);
    }
    double tp = pair_count(r.renter, actor, n);
    double pred = pair_count(r.renter, NULL, n);
    double truep = pair_count(actor, NULL, n);
    double p = pred > 0 ? tp / pred : 1, rc = truep > 0 ? tp / truep : 1;
    double f1 = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("file=%s leases=%zu precision=%.4f recall=%.4f f1=%.4f true_pairs=%.0f pred_pairs=%.0f "
           "candidates=%llu linked=%llu renters=%zu suppressed=%zu bridges_cut=%llu "
           "size_cuts=%llu em_iter=%d pi=%.4g lambda=%.3g load_s=%.3f link_s=%.3f rss_mb=%.0f\n",
           file, n, p, rc, f1, truep, pred, (unsigned long long)r.candidate_pairs,
           (unsigned long long)r.linked_pairs, r.n_renters, r.n_suppressed,
           (unsigned long long)r.guard_bridges_cut, (unsigned long long)r.guard_size_cuts,
           r.params.em_iterations, r.params.pi, r.params.lambda, t1 - t0, t2 - t1,
           (double)ru.ru_maxrss / 1024);
    printf("phases:");
    for (int k = 0; k < 6; k++)
        printf(" %s=%.3f", link_phase_names[k], r.phase_seconds[k]);
    printf("\n");
    if (!quiet) {
        for (int f = 0; f < spec.n_field; f++) {
            const field_params *fp = &r.params.field[f];
            if (!fp->active)
                continue;
            printf("  %-9s", spec.field[f].name);
            for (int l = 0; l < spec.field[f].n_levels; l++)
                printf("  L%d s=%.3f o=%.3f u=%.2e", l, fp->m_same[l], fp->m_other[l], fp->u[l]);
            if (fp->overshare > 0)
                printf("  tau=%.0f supp=%llu", fp->overshare,
                       (unsigned long long)fp->suppressed_values);
            printf("\n");
        }
        for (int ru_ = 0; ru_ < spec.n_rule; ru_++)
            printf("  rule %-22s pairs=%llu blocks=%llu large=%llu lambda=%.3f\n",
                   spec.rule[ru_].column[0], (unsigned long long)r.rule[ru_].pairs,
                   (unsigned long long)r.rule[ru_].blocks,
                   (unsigned long long)r.rule[ru_].large_blocks, r.rule[ru_].lambda);
    }
    free(actor);
    link_result_free(&r);
    load_stats_free(&st);
    lease_table_free(t);
    colmap_free(&map);
    return 0;
}
