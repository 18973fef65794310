/* prefetch.h: helpers whose only work is a prefetch.
 *
 * A prefetch changes nothing a program can observe, so GCC counts a function that only reads
 * memory and prefetches as pure, and a call to a pure function whose result (here none) is unused
 * as dead code. GCC 12 deleted every call of such a helper that it had not inlined before that
 * analysis (-fdump-tree-local-pure-const1: "found to be looping pure"): blocking, comparing and
 * deciding ran without any of their prefetches, where clang kept them all. LH_PREFETCHER forces
 * a helper inline, so that the prefetch is in its caller and stays there. A helper defined in
 * another file (strpool_prefetch) is safe from this without link-time optimisation. */
#ifndef LH_UTIL_PREFETCH_H
#define LH_UTIL_PREFETCH_H

#define LH_PREFETCHER static inline __attribute__((always_inline))

#endif
