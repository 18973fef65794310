/* radix.h: a stable least-significant-digit radix sort of 64-bit keys carrying 32-bit values.
 *
 * Used where the model sorts a column of a million doubles several times: O(n) per 16-bit
 * digit, passes whose digit is the same for every key skipped, against O(n log n) comparisons
 * through a function pointer for qsort. Stable: equal keys keep their input order.
 */
#ifndef LH_UTIL_RADIX_H
#define LH_UTIL_RADIX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A key that orders as the double does (-0 and +0 equal; no NaN expected). */
static inline uint64_t radix_double_key(double x)
{
    if (x == 0)
        x = 0.0; /* -0 and +0 are one value */
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b >> 63 ? ~b : b | (uint64_t)1 << 63;
}

/* Sorts key[0..n) ascending, permuting val alike (val may be NULL). Allocates O(n) scratch and
 * 2.5 MiB of counts per thread. */
void radix_sort(uint64_t *key, uint32_t *val, size_t n);
/* The same on up to `threads` threads from 262,144 keys on: each pass's keys are cut into one
 * range per thread, a digit's keys placed in range order, so the order is exactly the one
 * thread's. */
void radix_sort_threads(uint64_t *key, uint32_t *val, size_t n, int threads);

/* Sorts v[0..n) ascending in place: by insertion for a few keys (the many small sorts of a
 * renter's values or a block's leases, where a qsort call per sort showed in the profiles), by
 * qsort beyond, by radix_sort from 65536 keys on (a column's values over the whole table).
 * Keys without payload: any sort gives the same array. */
void sort_u64(uint64_t *v, size_t n);

/* A time and the index of what has it (a lease, a renter's local lease). */
typedef struct time_index {
    int64_t t;
    uint32_t i;
} time_index;

/* Sorts v[0..n) by (t, i), as sort_u64 does (insertion for a few, qsort beyond): a total order
 * where the indexes differ, so any sort gives the same array. */
void sort_time_index(time_index *v, size_t n);

#endif
