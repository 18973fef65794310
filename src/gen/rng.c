/* rng.c: random numbers for the generator (see rng.h).
 *
 * Streams are GSL's taus2 (L'Ecuyer's maximally equidistributed combined Tausworthe generator,
 * period 2^88), chosen because its state is three 32-bit words that can be set from a 64-bit
 * key in a few instructions: the generator reseeds a stream for every actor, person and lease it
 * renders, about 20 times per row, so seeding must cost nothing. Distributions use GSL's
 * (gsl_ran_*), except the Zipf sampler, a binary search over a cumulative table.
 * Cost: seeding O(1); gen_pick O(n); gen_zipf_draw O(log n).
 */
#include "gen/rng.h"
#include "util/error.h"
#include "util/mem.h"

#include <assert.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gsl_rng *gen_rng_new(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (r == NULL) {
        fprintf(stderr, "leasehound: out of memory allocating a random number stream\n");
        exit(LH_EINTERNAL);
    }
    return r;
}

void gen_rng_seed(gsl_rng *r, uint64_t key)
{
    /* taus2's state (gsl/rng/taus.c): struct { unsigned long s1, s2, s3; }, 32 bits used. */
    assert(gsl_rng_size(r) == 3 * sizeof(unsigned long));
    unsigned long *s = gsl_rng_state(r);
    uint64_t k2 = gen_mix(key ^ 0x5851f42d4c957f2dULL);
    s[0] = (unsigned long)(key & 0xffffffffu);
    s[1] = (unsigned long)(key >> 32);
    s[2] = (unsigned long)(k2 & 0xffffffffu);
    if (s[0] < 2)
        s[0] += 2;
    if (s[1] < 8)
        s[1] += 8;
    if (s[2] < 16)
        s[2] += 16;
}

size_t gen_pick(gsl_rng *r, const double *w, size_t n)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    assert(n > 0 && total > 0);
    double u = gsl_rng_uniform(r) * total;
    for (size_t i = 0; i < n; i++) {
        if (u < w[i])
            return i;
        u -= w[i];
    }
    /* rounding: the last index with a weight */
    for (size_t i = n; i-- > 0;)
        if (w[i] > 0)
            return i;
    return 0;
}

double gen_exponential(gsl_rng *r, double mean)
{
    return gsl_ran_exponential(r, mean);
}

unsigned gen_geometric(gsl_rng *r, double mean)
{
    if (mean <= 1.0)
        return 1;
    return gsl_ran_geometric(r, 1.0 / mean);
}

double gen_pareto(gsl_rng *r, double alpha, double lo)
{
    return gsl_ran_pareto(r, alpha, lo);
}

void gen_zipf_init(gen_zipf *z, size_t n, double s, double q)
{
    assert(n > 0);
    z->n = n;
    z->cum = xmalloc(n * sizeof *z->cum);
    double c = 0;
    for (size_t i = 0; i < n; i++) {
        c += 1.0 / pow((double)i + 1.0 + q, s);
        z->cum[i] = c;
    }
}

void gen_zipf_free(gen_zipf *z)
{
    xfree(z->cum);
    z->cum = NULL;
    z->n = 0;
}

size_t gen_zipf_draw(const gen_zipf *z, gsl_rng *r)
{
    double u = gsl_rng_uniform(r) * z->cum[z->n - 1];
    size_t lo = 0, hi = z->n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u < z->cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

uint64_t gen_perm40(uint64_t x, uint64_t key)
{
    const uint64_t half = 0xfffffu;
    assert(x < ((uint64_t)1 << 40));
    uint64_t l = x >> 20, r = x & half;
    for (uint64_t round = 0; round < 4; round++) {
        uint64_t f = gen_key3(key, round, r) & half;
        uint64_t nl = r;
        r = l ^ f;
        l = nl;
    }
    return (l << 20) | r;
}
