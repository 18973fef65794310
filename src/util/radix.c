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
    free(k2);
    free(v2);
    free(count);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

void sort_u64(uint64_t *v, size_t n)
{
    if (n > 16) {
        qsort(v, n, sizeof *v, cmp_u64);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}
