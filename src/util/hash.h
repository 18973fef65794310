/* hash.h: a fast seeded 64-bit hash for in-memory tables.
 *
 * Every hash table in leasehound is keyed through hash_bytes() with the process seed from
 * hash_seed(), drawn from the operating system at first use, so an input crafted to collide in
 * one run does not collide in the next (hostile input, issue 8). Nothing written to an output
 * may depend on hash order: tables hand out ids in insertion order instead.
 */
#ifndef LH_UTIL_HASH_H
#define LH_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed);
/* The process seed; LEASEHOUND_HASH_SEED=<decimal> in the environment fixes it (debugging). */
uint64_t hash_seed(void);
/* A 64-bit integer mixer (a bijection), for hashing ids. */
static inline uint64_t hash_u64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

#endif
