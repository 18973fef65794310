/* radix.c: see radix.h. Four passes of 16 bits; a pass is skipped when every key has the same
 * digit there (the usual case for the high digits of small counts), and the whole sort when the
 * keys are in order already (edges sorted by lease rows are sorted by rows again, as ties). The
 * counts of all four digits come from one read of the keys. */
#include "util/radix.h"
#include "util/mem.h"
#include "util/threads.h"

#include <stdlib.h>

/* From this many keys on, a sort takes the threads it is given (below, starting them costs more
 * than they save). */
#define RADIX_THREADS_MIN ((size_t)1 << 18)

#define DIGITS 65536
#define PASSES 4

/* One thread's share of a sort: keys [lo, hi) of the pass's source, its counts of each digit
 * (for every pass at once: the digits of a key do not depend on where the key is), then where
 * its keys of each digit go. */
typedef struct radix_job {
    size_t lo, hi;
    const uint64_t *ks;
    const uint32_t *vs;
    uint64_t *kd;
    uint32_t *vd;
    int shift;
    size_t *count; /* [PASSES][DIGITS] */
    size_t *to;    /* [DIGITS]: where the pass puts its next key of each digit */
} radix_job;

static void *count_digits(void *arg)
{
    radix_job *j = arg;
    memset(j->count, 0, (size_t)PASSES * DIGITS * sizeof *j->count);
    for (size_t i = j->lo; i < j->hi; i++) {
        uint64_t k = j->ks[i];
        for (int p = 0; p < PASSES; p++)
            j->count[(size_t)p * DIGITS + ((k >> (16 * p)) & 0xffff)]++;
    }
    return NULL;
}

/* The counts of one pass's digit (j->shift) in the range, after earlier passes moved the keys:
 * the range's counts have changed, not the totals. */
static void *count_pass(void *arg)
{
    radix_job *j = arg;
    size_t *count = j->count + (size_t)(j->shift / 16) * DIGITS;
    memset(count, 0, DIGITS * sizeof *count);
    for (size_t i = j->lo; i < j->hi; i++)
        count[(j->ks[i] >> j->shift) & 0xffff]++;
    return NULL;
}

static void *scatter(void *arg)
{
    radix_job *j = arg;
    for (size_t i = j->lo; i < j->hi; i++) {
        size_t d = j->to[(j->ks[i] >> j->shift) & 0xffff]++;
        j->kd[d] = j->ks[i];
        if (j->vs)
            j->vd[d] = j->vs[i];
    }
    return NULL;
}

void radix_sort_threads(uint64_t *key, uint32_t *val, size_t n, int threads)
{
    size_t sorted = 1;
    while (sorted < n && key[sorted - 1] <= key[sorted])
        sorted++;
    if (sorted >= n)
        return; /* in order: a stable sort leaves it */
    int nt = run_jobs_count(threads, n >= RADIX_THREADS_MIN);
    uint64_t *k2 = xmalloc(n * sizeof *k2);
    uint32_t *v2 = val ? xmalloc(n * sizeof *v2) : NULL;
    radix_job job[RUN_JOBS_MAX];
    size_t per = (PASSES + 1) * DIGITS;
    size_t *count = xmalloc((size_t)nt * per * sizeof *count);
    for (int t = 0; t < nt; t++)
        job[t] = (radix_job){.lo = n * (size_t)t / (size_t)nt,
                             .hi = n * (size_t)(t + 1) / (size_t)nt,
                             .ks = key,
                             .count = count + (size_t)t * per,
                             .to = count + (size_t)t * per + PASSES * DIGITS};
    run_jobs(nt, count_digits, job, sizeof *job);
    uint64_t *ks = key, *kd = k2;
    uint32_t *vs = val, *vd = v2;
    int moved = 0;
    for (int p = 0; p < PASSES; p++) {
        size_t first = (key[0] >> (16 * p)) & 0xffff, same = 0;
        for (int t = 0; t < nt; t++)
            same += job[t].count[(size_t)p * DIGITS + first];
        if (same == n)
            continue; /* one digit for all: the order stands */
        for (int t = 0; t < nt; t++) {
            job[t].ks = ks, job[t].vs = vs, job[t].kd = kd, job[t].vd = vd;
            job[t].shift = 16 * p;
        }
        if (moved && nt > 1)
            run_jobs(nt, count_pass, job, sizeof *job);
        /* a digit's keys go in thread order, each thread's in its order: stable, and the same
           order for any number of threads */
        size_t at = 0;
        for (size_t d = 0; d < DIGITS; d++)
            for (int t = 0; t < nt; t++) {
                job[t].to[d] = at;
                at += job[t].count[(size_t)p * DIGITS + d];
            }
        run_jobs(nt, scatter, job, sizeof *job);
        moved = 1;
        uint64_t *kt = ks;
        ks = kd, kd = kt;
        uint32_t *vt = vs;
        vs = vd, vd = vt;
    }
    if (ks != key) {
        memcpy(key, ks, n * sizeof *key);
        if (val)
            memcpy(val, vs, n * sizeof *val);
    }
    xfree(k2);
    xfree(v2);
    xfree(count);
}

void radix_sort(uint64_t *key, uint32_t *val, size_t n)
{
    radix_sort_threads(key, val, n, 1);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sorts v[0..n) of type T by insertion, a before b when less(a, b); most sorts here are of a
 * few items, where a qsort call per sort showed in the profiles. */
#define INSERTION_SORT(T, v, n, less)                                                              \
    for (size_t i_ = 1; i_ < (n); i_++) {                                                          \
        T x_ = (v)[i_];                                                                            \
        size_t j_ = i_;                                                                            \
        while (j_ > 0 && less(x_, (v)[j_ - 1])) {                                                  \
            (v)[j_] = (v)[j_ - 1];                                                                 \
            j_--;                                                                                  \
        }                                                                                          \
        (v)[j_] = x_;                                                                              \
    }

#define SORT_FEW 16 /* at most this many items are sorted by insertion */

#define U64_LESS(a, b) ((a) < (b))

/* From this many keys on, sort_u64 sorts by radix (65,536 keys: 3 ms against qsort's 8): it
 * clears 2 MiB of counts and takes a copy of the keys as scratch, which fewer keys do not
 * repay. */
#define SORT_RADIX_MIN 65536

void sort_u64(uint64_t *v, size_t n)
{
    if (n >= SORT_RADIX_MIN)
        radix_sort(v, NULL, n);
    else if (n > SORT_FEW)
        qsort(v, n, sizeof *v, cmp_u64);
    else
        INSERTION_SORT(uint64_t, v, n, U64_LESS);
}

#define TIME_INDEX_LESS(a, b) ((a).t < (b).t || ((a).t == (b).t && (a).i < (b).i))

static int cmp_time_index(const void *a, const void *b)
{
    const time_index *x = a, *y = b;
    return TIME_INDEX_LESS(*x, *y) ? -1 : TIME_INDEX_LESS(*y, *x);
}

void sort_time_index(time_index *v, size_t n)
{
    if (n > SORT_FEW)
        qsort(v, n, sizeof *v, cmp_time_index);
    else
        INSERTION_SORT(time_index, v, n, TIME_INDEX_LESS);
}
