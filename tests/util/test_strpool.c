#include "util/strpool.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(strpool, empty_string_is_id_zero)
{
    strpool *p = strpool_new();
    cr_expect_eq(strpool_intern(p, "", 0, NULL), 0);
    cr_expect_str_eq(strpool_get(p, 0, NULL), "");
    cr_expect_eq(strpool_count(p), 1);
    strpool_free(p);
}

Test(strpool, ids_follow_first_appearance_and_repeat)
{
    strpool *p = strpool_new();
    int added;
    cr_expect_eq(strpool_intern(p, "b", 1, &added), 1);
    cr_expect(added);
    cr_expect_eq(strpool_intern(p, "a", 1, &added), 2);
    cr_expect_eq(strpool_intern(p, "b", 1, &added), 1);
    cr_expect(!added);
    cr_expect_eq(strpool_find(p, "a", 1), 2);
    cr_expect_eq(strpool_find(p, "c", 1), STRPOOL_NONE);
    strpool_free(p);
}

Test(strpool, survives_growth_and_keeps_every_string)
{
    strpool *p = strpool_new();
    char buf[32];
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(buf, sizeof buf, "key-%d", i);
        cr_assert_eq(strpool_intern(p, buf, (size_t)n, NULL), (uint32_t)i + 1);
    }
    /* every key, after the table has doubled many times (it is rebuilt in slot order) */
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(buf, sizeof buf, "key-%d", i);
        cr_assert_eq(strpool_find(p, buf, (size_t)n), (uint32_t)i + 1);
        int added = -1;
        cr_assert_eq(strpool_intern(p, buf, (size_t)n, &added), (uint32_t)i + 1);
        cr_assert_eq(added, 0);
        size_t len;
        cr_assert_str_eq(strpool_get(p, (uint32_t)i + 1, &len), buf);
        cr_assert_eq(len, (size_t)n);
    }
    cr_expect_eq(strpool_count(p), 100001);
    strpool_free(p);
}

/* A reserved index takes its room at once, and ids, finds and later growth are as without it. */
Test(strpool, a_reserved_index_keeps_ids_and_grows_on)
{
    strpool *a = strpool_new(), *b = strpool_new();
    char buf[32];
    size_t before = strpool_memory(b);
    strpool_reserve(b, 30000);
    cr_expect_geq(strpool_memory(b), before + 40000 * sizeof(uint64_t), "room for 30,000");
    size_t reserved = strpool_memory(b);
    strpool_reserve(b, 100); /* less than it has: nothing */
    cr_expect_eq(strpool_memory(b), reserved);
    for (int i = 0; i < 100000; i++) { /* past the reservation */
        int n = snprintf(buf, sizeof buf, "k%d", i % 70001);
        cr_assert_eq(strpool_intern(b, buf, (size_t)n, NULL),
                     strpool_intern(a, buf, (size_t)n, NULL));
    }
    for (int i = 0; i < 70001; i++) {
        int n = snprintf(buf, sizeof buf, "k%d", i);
        cr_assert_eq(strpool_find(b, buf, (size_t)n), (uint32_t)i + 1);
    }
    cr_expect_eq(strpool_count(b), 70002);
    strpool_free(a);
    strpool_free(b);
}

Test(strpool, bytes_with_embedded_nul_are_distinct)
{
    strpool *p = strpool_new();
    uint32_t a = strpool_intern(p, "a\0b", 3, NULL);
    uint32_t b = strpool_intern(p, "a\0c", 3, NULL);
    cr_expect_neq(a, b);
    strpool_free(p);
}

/* Lengths around the one-byte length's limit (255), and strings whose bytes are 255 or NUL,
 * keep their bytes and lengths, before and after the index is dropped and built again. */
Test(strpool, long_strings_keep_their_lengths)
{
    static const size_t lens[] = {1, 253, 254, 255, 256, 1000, 70000};
    enum { N = sizeof lens / sizeof *lens };
    strpool *p = strpool_new();
    char *v[2 * N];
    for (size_t k = 0; k < 2 * N; k++) {
        size_t n = lens[k % N];
        v[k] = malloc(n);
        for (size_t i = 0; i < n; i++)
            v[k][i] = (char)(k < N ? 255 : (i % 3 == 0 ? 0 : 'a' + (int)(i % 26)));
        cr_assert_eq(strpool_intern(p, v[k], n, NULL), (uint32_t)k + 1);
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < 2 * N; k++) {
            size_t n = lens[k % N], len = 0;
            const char *s = strpool_get(p, (uint32_t)k + 1, &len);
            cr_assert_eq(len, n, "length of string %zu", k);
            cr_assert(memcmp(s, v[k], n) == 0 && s[n] == '\0');
            cr_assert_eq(strpool_find(p, v[k], n), (uint32_t)k + 1);
        }
        strpool_drop_index(p);
    }
    for (size_t k = 0; k < 2 * N; k++)
        free(v[k]);
    strpool_free(p);
}

/* A complete pool may drop its hash index: ids and strings stay, a find scans, and interning
 * builds the index again, so the pool goes on as if it had never been dropped. */
Test(strpool, a_dropped_index_keeps_ids_and_is_built_again)
{
    strpool *p = strpool_new();
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "v%d", i);
        strpool_intern(p, buf, (size_t)n, NULL);
    }
    size_t before = strpool_memory(p);
    strpool_drop_index(p);
    cr_expect_lt(strpool_memory(p), before, "the index's memory is given back");
    cr_expect_str_eq(strpool_get(p, 4321, NULL), "v4320");
    cr_expect_eq(strpool_find(p, "v17", 3), 18, "a find scans");
    cr_expect_eq(strpool_find(p, "nope", 4), STRPOOL_NONE);
    cr_expect_eq(strpool_find(p, "", 0), 0);
    int added = -1;
    cr_expect_eq(strpool_intern(p, "v99", 3, &added), 100, "an intern builds the index again");
    cr_expect_eq(added, 0);
    cr_expect_eq(strpool_intern(p, "new", 3, &added), 5001);
    cr_expect_eq(added, 1);
    strpool_drop_index(p);
    strpool_build_index(p);
    strpool_build_index(p); /* a no-op with an index */
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "v%d", i);
        cr_assert_eq(strpool_find(p, buf, (size_t)n), (uint32_t)i + 1);
    }
    cr_expect_eq(strpool_find(p, "new", 3), 5001);
    cr_expect_eq(strpool_count(p), 5002);
    strpool_free(p);
}

/* The prefetch hints read the slots of a hash's cache line, and the entries they name: for any
 * hash, on a pool of any size, with or without its index (ASan checks the reads), and they
 * change nothing. */
Test(strpool, prefetch_hints_read_only_the_pool_and_change_nothing)
{
    strpool *p = strpool_new();
    char buf[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(buf, sizeof buf, "h%d", i);
        uint32_t h = strpool_hash(buf, (size_t)n);
        strpool_prefetch(p, h);
        strpool_prefetch_entry(p, h);
        strpool_prefetch_text(p, h);
        strpool_prefetch_entry(p, (uint32_t)i * 2654435761u); /* any hash, any home slot */
        strpool_prefetch_text(p, ~(uint32_t)i);
        cr_assert_eq(strpool_intern_hashed(p, buf, (size_t)n, h, NULL), (uint32_t)i + 1);
    }
    strpool_drop_index(p);
    strpool_prefetch(p, 7);
    strpool_prefetch_entry(p, 7);
    strpool_prefetch_text(p, 7);
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(buf, sizeof buf, "h%d", i);
        cr_assert_eq(strpool_intern(p, buf, (size_t)n, NULL), (uint32_t)i + 1);
    }
    cr_expect_eq(strpool_count(p), 20001);
    strpool_free(p);
}

/* Strings of one hash and one length are told apart by their bytes, wherever they differ: every
 * length up to 40 (the short ones compared by overlapping loads), every position. */
Test(strpool, equal_hashes_compare_every_byte)
{
    for (size_t len = 1; len <= 40; len++) {
        strpool *p = strpool_new();
        char base[41];
        for (size_t i = 0; i < len; i++)
            base[i] = (char)('a' + i % 26);
        uint32_t first = strpool_intern_hashed(p, base, len, 7, NULL);
        for (size_t at = 0; at < len; at++) {
            char other[41];
            memcpy(other, base, len);
            other[at] = 'Z';
            int added = 0;
            uint32_t id = strpool_intern_hashed(p, other, len, 7, &added);
            cr_assert(added && id != first, "length %zu, byte %zu", len, at);
            cr_assert_eq(strpool_intern_hashed(p, other, len, 7, &added), id);
            cr_assert(!added);
        }
        cr_assert_eq(strpool_intern_hashed(p, base, len, 7, NULL), first, "length %zu", len);
        strpool_free(p);
    }
}
