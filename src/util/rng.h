/* rng.h: a small deterministic pseudo-random generator for sampling outside the statistics
 * stages (random pairs in link/). xoshiro256** seeded through splitmix64: fast, 256-bit state,
 * and the same sequence on every platform for the same seed. GSL stays the generator of model/
 * and gen/ (STYLE.md). */
#ifndef LH_UTIL_RNG_H
#define LH_UTIL_RNG_H

#include <stdint.h>

typedef struct rng {
    uint64_t s[4];
} rng;

static inline uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline void rng_seed(rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static inline uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5;
    uint64_t result = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform in [0, n), n > 0 (Lemire's multiply-shift; the bias is below 2^-64 * n). */
static inline uint64_t rng_below(rng *r, uint64_t n)
{
    return (uint64_t)(((__uint128_t)rng_next(r) * n) >> 64);
}

#endif
