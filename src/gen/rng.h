/* rng.h: the generator's random numbers (internal to gen/).
 *
 * Every value the generator writes is a pure function of the seed and of where it is used: a
 * 64-bit key is derived with splitmix64 from (seed, actor, lease, purpose), and a GSL taus2
 * stream is seeded from that key whenever a value is needed. Nothing depends on the order in
 * which actors are visited, on hash seeds or on threads, so the same arguments always give the
 * same bytes. Unique identifiers (card, device and account numbers) come from the keys
 * themselves, never from a stream, so that two actors can share one only by design.
 *
 * Only gen/ and model/ include <gsl/...> (STYLE.md); this header is not included by anything
 * outside gen/.
 */
#ifndef LH_GEN_RNG_H
#define LH_GEN_RNG_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

/* The splitmix64 output function (a bijection of 64-bit integers). */
static inline uint64_t gen_mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* A key for (a, b): order matters, (a, b) and (b, a) differ. */
static inline uint64_t gen_key(uint64_t a, uint64_t b)
{
    return gen_mix(gen_mix(a) ^ (b + 0x632be59bd9b4e019ULL));
}

static inline uint64_t gen_key3(uint64_t a, uint64_t b, uint64_t c)
{
    return gen_key(gen_key(a, b), c);
}

/* A new taus2 stream (caller frees with gsl_rng_free). Exits with status 70 when GSL cannot
 * allocate it. */
gsl_rng *gen_rng_new(void);

/* Seeds r from all 64 bits of key. gsl_rng_set() would keep only 32 bits of a seed for taus2,
 * which at 10^8 streams would make thousands of them identical; the state is written directly
 * instead, through gsl_rng_state(), with taus2's minimum-value rules (s1 > 1, s2 > 7, s3 > 15). */
void gen_rng_seed(gsl_rng *r, uint64_t key);

/* A uniform double in [0, 1). */
static inline double gen_unif(gsl_rng *r)
{
    return gsl_rng_uniform(r);
}

/* 1 with probability p. */
static inline int gen_chance(gsl_rng *r, double p)
{
    return gsl_rng_uniform(r) < p;
}

/* A uniform integer in [0, n), n >= 1. */
static inline uint32_t gen_below(gsl_rng *r, uint32_t n)
{
    return n <= 1 ? 0 : (uint32_t)gsl_rng_uniform_int(r, n);
}

/* A uniform integer in [lo, hi]. */
static inline int gen_between(gsl_rng *r, int lo, int hi)
{
    return lo + (int)gen_below(r, (uint32_t)(hi - lo + 1));
}

/* An index drawn with the weights w[0..n) (not necessarily normalized; all >= 0, sum > 0). */
size_t gen_pick(gsl_rng *r, const double *w, size_t n);

/* An exponential variate with the given mean. */
double gen_exponential(gsl_rng *r, double mean);
/* A geometric count >= 1 with the given mean (>= 1). */
unsigned gen_geometric(gsl_rng *r, double mean);
/* A Pareto variate >= lo with tail index alpha. */
double gen_pareto(gsl_rng *r, double alpha, double lo);

/* A roughly Zipf sampler over ranks 0..n-1: weight of rank r is 1 / (r + 1 + q)^s, the
 * Zipf-Mandelbrot law; q flattens the head so that a short list of names does not give its
 * first entry an implausible share. The cumulative table is built once. */
typedef struct gen_zipf {
    double *cum; /* owned: [n] cumulative weights, cum[n-1] = total */
    size_t n;
} gen_zipf;

void gen_zipf_init(gen_zipf *z, size_t n, double s, double q);
void gen_zipf_free(gen_zipf *z);
size_t gen_zipf_draw(const gen_zipf *z, gsl_rng *r);

/* A keyed bijection of [0, 2^40): a four-round Feistel network on 20-bit halves. Used to turn
 * (actor, slot) into account numbers that are unique but show no order. */
uint64_t gen_perm40(uint64_t x, uint64_t key);

#endif
