#include "util/mem.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MB ((size_t)1 << 20)

/* A large block given to xfree is the next large allocation of about its size, in place. */
Test(mem, a_large_block_freed_is_the_next_large_allocation)
{
    if (!mem_keeps_blocks())
        cr_skip_test("xfree keeps no block in this build");
    char *p = xmalloc(48 * MB);
    memset(p, 1, 48 * MB);
    xfree(p);
    cr_expect_geq(mem_kept_bytes(), 48 * MB, "kept");
    char *q = xmalloc(44 * MB);
    cr_expect_eq(q, p, "the kept block, not new memory");
    cr_expect_eq(mem_kept_bytes(), 0);
    xfree(q);
    size_t kept = mem_kept_bytes();
    cr_expect_geq(kept, 48 * MB);
    /* a small block is freed, never kept */
    xfree(xmalloc(4096));
    cr_expect_eq(mem_kept_bytes(), kept);
}

/* xcalloc from a kept block is zero, however the block was left; only a block that holds the
 * request is taken. */
Test(mem, xcalloc_from_a_kept_block_is_zero)
{
    if (!mem_keeps_blocks())
        cr_skip_test("xfree keeps no block in this build");
    unsigned char *p = xmalloc(40 * MB);
    memset(p, 0xAB, 40 * MB);
    xfree(p);
    unsigned char *q = xcalloc(10 * MB, 4);
    cr_assert_eq(mem_kept_bytes(), 0, "the kept block was taken");
    size_t nonzero = 0;
    for (size_t i = 0; i < 40 * MB; i++)
        nonzero += q[i] != 0;
    cr_expect_eq(nonzero, 0);
    xfree(q);
    /* a kept block smaller than asked stays kept: calloc's new pages are zero untouched, and the
       block grown would be cleared whole */
    size_t kept = mem_kept_bytes();
    unsigned char *big = xcalloc(100 * MB, 1);
    cr_expect_eq(mem_kept_bytes(), kept);
    xfree(big);
}

/* A block that grows past 32 MiB into a kept block keeps its bytes; one kept block smaller than
 * an allocation is grown to it, its bytes not read. */
Test(mem, growing_into_a_kept_block_keeps_the_bytes)
{
    if (!mem_keeps_blocks())
        cr_skip_test("xfree keeps no block in this build");
    uint32_t *p = xmalloc(MB);
    for (uint32_t i = 0; i < MB / 4; i++)
        p[i] = i * 2654435761u;
    xfree(xmalloc(64 * MB));
    p = xrealloc(p, 40 * MB);
    cr_expect_eq(mem_kept_bytes(), 0, "the growth took the kept block");
    for (uint32_t i = 0; i < MB / 4; i++)
        cr_assert_eq(p[i], i * 2654435761u, "word %u", i);
    memset(p, 0, 40 * MB);
    xfree(p);
    char *q = xmalloc(100 * MB); /* the kept 40 MiB, grown */
    cr_expect_eq(mem_kept_bytes(), 0);
    memset(q, 7, 100 * MB);
    xfree(q);
}

/* Kept blocks never hold more than 2 GiB, nor more than 32 blocks: the oldest are freed. */
Test(mem, kept_blocks_stay_under_their_bounds)
{
    if (!mem_keeps_blocks())
        cr_skip_test("xfree keeps no block in this build");
    enum { N = 40 };
    void *big[N];
    for (int k = 0; k < 30; k++) /* never touched: address space, not memory */
        big[k] = xmalloc(100 * MB);
    for (int k = 0; k < 30; k++)
        xfree(big[k]);
    cr_expect_gt(mem_kept_bytes(), (size_t)19 * 100 * MB, "kept up to the bound");
    cr_expect_leq(mem_kept_bytes(), (size_t)2 << 30);
    for (int k = 0; k < N; k++) /* the kept blocks, then new ones */
        big[k] = xmalloc(33 * MB);
    cr_expect_eq(mem_kept_bytes(), 0);
    for (int k = 0; k < N; k++)
        xfree(big[k]);
    cr_expect_leq(mem_kept_bytes(), 32 * (34 * MB), "32 blocks at most");
    cr_expect_geq(mem_kept_bytes(), 32 * (33 * MB));
}

/* The mapping (a line of /proc/self/maps) that holds address a: [*lo, *hi). 0 when none. */
static int mapping_of(uintptr_t a, uintptr_t *lo, uintptr_t *hi)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (f == NULL)
        return 0;
    char line[512];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        unsigned long x, y;
        if (sscanf(line, "%lx-%lx", &x, &y) == 2 && x <= a && a < y)
            *lo = x, *hi = y, found = 1;
    }
    fclose(f);
    return found;
}

/* A block advised for huge pages stays one mapping: advising only its whole 2 MiB pages split
 * it in three, and glibc's realloc, whose mremap cannot span mappings, then copied the block to
 * grow it and kept it whole when asked to shrink it. */
Test(mem, a_block_advised_for_huge_pages_stays_one_mapping)
{
    uintptr_t lo, hi;
    char *p = malloc(40 * MB + 123);
    cr_assert_not_null(p);
    if (!mapping_of((uintptr_t)p, &lo, &hi))
        cr_skip_test("no /proc/self/maps here");
    mem_advise_huge(p, 40 * MB + 123);
    cr_assert(mapping_of((uintptr_t)p, &lo, &hi));
    cr_expect_leq(lo, (uintptr_t)p);
    cr_expect_geq(hi, (uintptr_t)p + 40 * MB + 123, "the block's end is in its first mapping");
    free(p);
}

/* A kept block handed out for less than it holds is advised whole, its room beyond the request
 * included: advising the request only would split its mapping again. */
Test(mem, a_kept_block_taken_for_less_is_advised_whole)
{
    if (!mem_keeps_blocks())
        cr_skip_test("xfree keeps no block in this build");
    uintptr_t lo, hi;
    char *p = xmalloc(48 * MB);
    memset(p, 1, 48 * MB);
    xfree(p);
    char *q = xmalloc(40 * MB); /* the kept block: a fifth more than asked is not cut */
    cr_assert_eq(q, p);
    if (!mapping_of((uintptr_t)q, &lo, &hi))
        cr_skip_test("no /proc/self/maps here");
    mem_advise_huge(q, 40 * MB);
    cr_assert(mapping_of((uintptr_t)q, &lo, &hi));
    cr_expect_geq(hi, (uintptr_t)q + 48 * MB, "the block's end is in its first mapping");
    xfree(q);
}
