/* bench_ingest: ingest + normalize + lease table on one file, beside a plain read and a raw
 * libcsv parse of the same file, so that every figure reads as a ratio to those limits.
 *
 *   bench_ingest FILE [--runs N] [--preset P] [--threads T]
 *
 * Prints one line per measurement: what=read|libcsv|load, seconds (median of N runs), MB/s,
 * rows/s; then the lease table's memory per lease beyond the distinct strings. Plain files only
 * (the raw passes read bytes as they are on disk).
 */
#include "table/load.h"
#include "util/mem.h"

#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#define BLOCK (256u * 1024u)

static double plain_read(const char *path)
{
    int fd = open(path, O_RDONLY);
    char *buf = xmalloc(BLOCK);
    double t = now();
    volatile size_t sum = 0;
    ssize_t n;
    while ((n = read(fd, buf, BLOCK)) > 0)
        sum += (size_t)buf[n - 1];
    t = now() - t;
    close(fd);
    free(buf);
    return t;
}

static size_t raw_rows;
static void cb_field(void *s, size_t n, void *d)
{
    (void)s, (void)n, (void)d;
}
static void cb_row(int c, void *d)
{
    (void)c, (void)d;
    raw_rows++;
}

static double libcsv_parse(const char *path)
{
    int fd = open(path, O_RDONLY);
    char *buf = xmalloc(BLOCK);
    struct csv_parser p;
    csv_init(&p, CSV_STRICT);
    raw_rows = 0;
    double t = now();
    ssize_t n;
    while ((n = read(fd, buf, BLOCK)) > 0)
        csv_parse(&p, buf, (size_t)n, cb_field, cb_row, NULL);
    csv_fini(&p, cb_field, cb_row, NULL);
    t = now() - t;
    csv_free(&p);
    close(fd);
    free(buf);
    return t;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *preset = NULL;
    int runs = 3, threads = 2;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--preset") == 0 && i + 1 < argc)
            preset = argv[++i];
        else
            path = argv[i];
    }
    if (!path || runs < 1 || runs > 99) {
        fprintf(stderr, "usage: bench_ingest FILE [--runs N] [--preset P]\n");
        return 2;
    }
    struct stat sb;
    if (stat(path, &sb) != 0) {
        perror(path);
        return 1;
    }
    double mb = (double)sb.st_size / 1e6;
    double tr[99], tp[99], tl[99];
    size_t rows = 0, mem = 0, strings = 0, n = 0;
    for (int r = 0; r < runs; r++) {
        tr[r] = plain_read(path);
        tp[r] = libcsv_parse(path);
        colmap m;
        colmap_init(&m);
        lh_error err;
        lh_error_clear(&err);
        if (preset && colmap_add_preset(&m, preset, &err) != LH_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 2;
        }
        load_options o = {0};
        o.map = &m;
        o.max_rejects = UINT64_MAX;
        o.max_rejects_pct = -1;
        o.threads = threads;
        lease_table *t = NULL;
        load_stats st;
        double t0 = now();
        if (load_inputs(&t, (const char *const[]){path}, 1, &o, &st, &err) != LH_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        tl[r] = now() - t0;
        rows = st.records;
        n = t->count;
        mem = lease_table_memory(t);
        strings = 0;
        for (size_t c = 0; c < t->n_text; c++)
            strings += strpool_memory(t->text[c].pool);
        load_stats_free(&st);
        lease_table_free(t);
        colmap_free(&m);
    }
    double r = median(tr, runs), p = median(tp, runs), l = median(tl, runs);
    printf("what=read   seconds=%.3f mb_s=%.1f\n", r, mb / r);
    printf("what=libcsv seconds=%.3f mb_s=%.1f rows_s=%.0f\n", p, mb / p, (double)raw_rows / p);
    printf("what=load   seconds=%.3f mb_s=%.1f rows_s=%.0f ratio_to_libcsv=%.2f\n", l, mb / l,
           (double)rows / l, p / l);
    printf("table bytes_per_lease=%.1f strings_mb=%.1f leases=%zu file_mb=%.1f runs=%d\n",
           n ? (double)(mem - strings) / (double)n : 0, (double)strings / 1e6, n, mb, runs);
    return 0;
}
