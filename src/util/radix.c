/* radix.c: see radix.h. Four passes of 16 bits; a pass is skipped when every key has the same
 * digit there (the usual case for the high digits of small counts), and the whole sort when the
 * keys are in order already (edges sorted by lease rows are sorted by rows again, as ties). */
#include "util/radix.h"
#include "util/mem.h"

#include <stdlib.h>

void radix_sort(uint64_t *key, uint32_t *val, size_t n)
{
    size_t sorted = 1;
    while (sorted < n && key[sorted - 1] <= key[sorted])
        sorted++;
    if (sorted >= n)
        return; /* in order: a stable sort leaves it */
    uint64_t *k2 = xmalloc(n * sizeof *k2);
    uint32_t *v2 = val ? xmalloc(n * sizeof *v2) : NULL;
    size_t *count = xmalloc(65536 * sizeof *count);
    uint64_t *ks = key, *kd = k2;
    uint32_t *vs = val, *vd = v2;
    for (int shift = 0; shift < 64; shift += 16) {
        memset(count, 0, 65536 * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(ks[i] >> shift) & 0xffff]++;
        if (count[(ks[0] >> shift) & 0xffff] == n)
            continue; /* one digit for all: the order stands */
        size_t at = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = count[d];
            count[d] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++) {
            size_t to = count[(ks[i] >> shift) & 0xffff]++;
            kd[to] = ks[i];
            if (vs)
                vd[to] = vs[i];
        }
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

/* From this many keys on, sort_u64 sorts by radix: its passes clear a table of 65536 counts
 * each, which a qsort of fewer keys does not need. */
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
