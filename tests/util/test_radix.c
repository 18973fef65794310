#include "util/radix.h"
#include "util/rng.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Against an insertion-free reference: sorted ascending, and stable (equal keys keep their
 * input order, which the values record). Keys drawn so that some passes are skipped (small
 * keys) and some are not (full-width keys), with many ties. */
Test(radix, sorts_stably_against_a_reference)
{
    rng g;
    rng_seed(&g, 3);
    size_t sizes[] = {0, 1, 2, 7, 1000, 70000};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        for (int width = 0; width < 3; width++) {
            size_t n = sizes[s];
            uint64_t *key = malloc((n + 1) * sizeof *key);
            uint32_t *val = malloc((n + 1) * sizeof *val);
            for (size_t i = 0; i < n; i++) {
                uint64_t r = rng_next(&g);
                key[i] = width == 0   ? r % 5
                         : width == 1 ? (r % 300) << 20
                                      : r % 997 * 0x9e3779b97f4a7c15ULL;
                val[i] = (uint32_t)i;
            }
            uint64_t *orig = malloc((n + 1) * sizeof *orig);
            for (size_t i = 0; i < n; i++)
                orig[i] = key[i];
            radix_sort(key, val, n);
            for (size_t i = 0; i < n; i++) {
                cr_assert_eq(key[i], orig[val[i]]);
                if (i > 0) {
                    cr_assert(key[i - 1] <= key[i]);
                    if (key[i - 1] == key[i])
                        cr_assert_lt(val[i - 1], val[i], "stable");
                }
            }
            free(key);
            free(val);
            free(orig);
        }
    }
}

Test(radix, double_keys_order_as_the_doubles)
{
    double x[] = {-INFINITY, -1e300, -2.5, -1e-300, -0.0, 0.0, 1e-300, 1, 2.5, 1e300, INFINITY};
    size_t n = sizeof x / sizeof *x;
    for (size_t i = 0; i + 1 < n; i++) {
        if (x[i] == x[i + 1])
            cr_expect_eq(radix_double_key(x[i]), radix_double_key(x[i + 1]), "-0 == +0");
        else
            cr_expect_lt(radix_double_key(x[i]), radix_double_key(x[i + 1]), "%g < %g", x[i],
                         x[i + 1]);
    }
}

/* Keys in order already (ties among them) are left as they are: the values keep their order. */
Test(radix, keys_in_order_stay)
{
    size_t n = 5000;
    uint64_t *key = malloc(n * sizeof *key);
    uint32_t *val = malloc(n * sizeof *val);
    for (size_t i = 0; i < n; i++) {
        key[i] = (uint64_t)(i / 3) << 40 | (i / 3);
        val[i] = (uint32_t)(n - i); /* not an order of its own */
    }
    radix_sort(key, val, n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(key[i], (uint64_t)(i / 3) << 40 | (i / 3));
        cr_assert_eq(val[i], (uint32_t)(n - i));
    }
    key[n - 1] = 0; /* one key out of order: a real sort, still stable */
    radix_sort(key, val, n);
    cr_assert_eq(key[0], 0);
    cr_assert_eq(val[0], (uint32_t)(n - 0), "the first of the equal keys stays first");
    cr_assert_eq(val[3], 1u, "the moved key follows its equals (stable)");
    free(key);
    free(val);
}

/* sort_u64 against qsort, at the sizes of both its paths and the edge between them. */
static int cmp_u64_ref(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

Test(radix, sort_u64_sorts_as_qsort_does)
{
    rng g;
    rng_seed(&g, 5);
    for (size_t n = 0; n <= 40; n++)
        for (int k = 0; k < 200; k++) {
            uint64_t a[40], b[40];
            for (size_t i = 0; i < n; i++)
                a[i] = b[i] = k % 2 ? rng_next(&g) % 4 : rng_next(&g); /* ties, or none */
            sort_u64(a, n);
            qsort(b, n, sizeof *b, cmp_u64_ref);
            cr_assert(memcmp(a, b, n * sizeof *a) == 0, "n %zu", n);
        }
    /* the radix path, from 65536 keys: a value and a row as features.c sorts them, random
       keys, and keys in order (no pass needed) */
    size_t sizes[] = {65535, 65536, 200000};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (int kind = 0; kind < 3; kind++) {
            size_t n = sizes[s];
            uint64_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
            for (size_t i = 0; i < n; i++)
                a[i] = b[i] = kind == 0   ? (rng_next(&g) % 1000) << 32 | (uint64_t)i
                              : kind == 1 ? rng_next(&g)
                                          : (uint64_t)i * 7;
            sort_u64(a, n);
            qsort(b, n, sizeof *b, cmp_u64_ref);
            cr_assert(memcmp(a, b, n * sizeof *a) == 0, "n %zu, keys of kind %d", n, kind);
            free(a);
            free(b);
        }
}

/* On threads (a million keys, above the size at which they start): the order of one thread, ties
 * in input order, for any number of threads. Keys of one varying digit (one pass), of two
 * varying digits around a constant one (a pass skipped after keys have moved: the counts of the
 * next are taken again), and of all digits. */
Test(radix, threads_sort_as_one_thread_does)
{
    rng g;
    rng_seed(&g, 9);
    size_t n = ((size_t)1 << 20) + 12345;
    uint64_t *key0 = malloc(n * sizeof *key0), *key = malloc(n * sizeof *key);
    uint32_t *val0 = malloc(n * sizeof *val0), *val = malloc(n * sizeof *val);
    for (int kind = 0; kind < 3; kind++) {
        for (size_t i = 0; i < n; i++) {
            key0[i] = kind == 0   ? rng_next(&g) % 5000 << 32
                      : kind == 1 ? rng_next(&g) % 50000 << 32 | rng_next(&g) % 50000
                                  : rng_next(&g) % (n / 2) * 0x9E3779B97F4A7C15ull;
            val0[i] = (uint32_t)i;
        }
        memcpy(key, key0, n * sizeof *key);
        memcpy(val, val0, n * sizeof *val);
        radix_sort(key, val, n);
        for (size_t i = 1; i < n; i++)
            cr_assert(key[i - 1] < key[i] || (key[i - 1] == key[i] && val[i - 1] < val[i]),
                      "kind %d: keys ascending, ties in input order, at %zu", kind, i);
        uint64_t *k1 = malloc(n * sizeof *k1);
        uint32_t *v1 = malloc(n * sizeof *v1);
        for (int t = 2; t <= 3; t++) {
            memcpy(k1, key0, n * sizeof *k1);
            memcpy(v1, val0, n * sizeof *v1);
            radix_sort_threads(k1, v1, n, t);
            cr_assert(memcmp(k1, key, n * sizeof *k1) == 0, "kind %d, %d threads: keys", kind, t);
            cr_assert(memcmp(v1, val, n * sizeof *v1) == 0, "kind %d, %d threads: values", kind, t);
            memcpy(k1, key0, n * sizeof *k1);
            radix_sort_threads(k1, NULL, n, t);
            cr_assert(memcmp(k1, key, n * sizeof *k1) == 0, "kind %d, %d threads, keys alone", kind,
                      t);
        }
        free(k1);
        free(v1);
    }
    free(key0);
    free(key);
    free(val0);
    free(val);
}
