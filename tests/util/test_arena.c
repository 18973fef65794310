#include "util/arena.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* An arena that grows large takes larger chunks (an eighth of what it holds, at most 32
 * ARENA_CHUNKs) instead of one ARENA_CHUNK at a time: every allocation stays where it was and
 * keeps its bytes, and what is reserved exceeds what was asked by at most an eighth of it plus
 * the last two chunks. */
Test(arena, large_arenas_take_larger_chunks_and_keep_every_allocation)
{
    arena a;
    arena_init(&a);
    enum { N = 600000 };
    static char *at[N];
    size_t asked = 0;
    char buf[64];
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "value %d of an arena that grows past many chunks", i);
        at[i] = arena_strndup(&a, buf, (size_t)n);
        asked += (size_t)n + 1;
    }
    cr_assert_gt(asked, (size_t)ARENA_CHUNK * 16, "the test reaches the larger chunks");
    for (int i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "value %d of an arena that grows past many chunks", i);
        cr_assert_str_eq(at[i], buf);
    }
    /* allocations from one chunk are contiguous: the longest run shows the largest chunk */
    size_t run = 0, longest = 0;
    for (int i = 1; i < N; i++) {
        size_t step = strlen(at[i - 1]) + 1; /* strings are packed, not aligned */
        run = at[i] == at[i - 1] + step ? run + step : 0;
        if (run > longest)
            longest = run;
    }
    cr_expect_gt(longest, (size_t)ARENA_CHUNK * 2, "a chunk larger than ARENA_CHUNK was used");
    cr_expect_leq(longest, (size_t)ARENA_CHUNK * 32);
    cr_expect_geq(a.total, asked);
    cr_expect_leq(a.total, asked + asked / 8 + (size_t)ARENA_CHUNK * 32 + ARENA_CHUNK);
    /* a request over a quarter chunk still gets a chunk of its own */
    char *big = arena_alloc(&a, ARENA_CHUNK);
    memset(big, 'x', ARENA_CHUNK);
    cr_expect_str_eq(at[N - 1], buf);
    arena_free(&a);
    cr_expect_eq(a.total, 0);
    arena_free(&a); /* a no-op on a freed arena */
}

/* Strings are packed one after the other; arena_alloc, between them, still returns memory
 * aligned to 8, and the strings around it keep their bytes. */
Test(arena, strings_are_packed_and_allocations_stay_aligned)
{
    arena a;
    arena_init(&a);
    char *s1 = arena_strndup(&a, "abc", 3);
    char *s2 = arena_strndup(&a, "de", 2);
    cr_expect_eq(s2, s1 + 4, "packed: no padding after a string");
    for (size_t k = 1; k <= 17; k++) {
        char *s = arena_strndup(&a, "xyz", k % 4);
        uint64_t *p = arena_alloc(&a, sizeof *p);
        cr_assert_eq((uintptr_t)p % 8, 0, "aligned to 8 after a string of %zu bytes", k % 4);
        *p = k;
        cr_expect_eq(strlen(s), k % 4);
        cr_expect_eq(*p, k);
    }
    cr_expect_str_eq(s1, "abc");
    cr_expect_str_eq(s2, "de");
    arena_free(&a);
}
