#include "link/compare.h"
#include "util/rng.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

static double jw(const char *a, const char *b)
{
    return jaro_winkler_utf8(a, strlen(a), b, strlen(b));
}

Test(jaro_winkler, reference_values)
{
    /* Winkler (1990) / the usual textbook examples */
    cr_expect(fabs(jw("MARTHA", "MARHTA") - 0.9611) < 1e-4, "%f", jw("MARTHA", "MARHTA"));
    cr_expect(fabs(jw("DWAYNE", "DUANE") - 0.84) < 1e-4, "%f", jw("DWAYNE", "DUANE"));
    cr_expect(fabs(jw("DIXON", "DICKSONX") - 0.8133) < 1e-4, "%f", jw("DIXON", "DICKSONX"));
    cr_expect_eq(jw("", ""), 1.0);
    cr_expect_eq(jw("abc", ""), 0.0);
    cr_expect_eq(jw("abc", "xyz"), 0.0);
    cr_expect_eq(jw("same", "same"), 1.0);
}

Test(jaro_winkler, code_points_not_bytes)
{
    /* one kanji differs of four: jaro = (3/4 + 3/4 + 1) / 3, prefix 2 */
    double v = jw("山田太郎", "山田次郎");
    double jaro = (0.75 + 0.75 + 1.0) / 3.0;
    cr_expect(fabs(v - (jaro + 0.2 * (1 - jaro))) < 1e-9, "%f", v);
}

/* The bit-parallel version for short ASCII strings must agree with the textbook loop, which
 * the code-point path still uses: compare them on random strings over a small alphabet. */
Test(jaro_winkler, short_ascii_path_matches_the_general_algorithm)
{
    rng g;
    rng_seed(&g, 42);
    for (int k = 0; k < 20000; k++) {
        char a[70], b[70];
        uint32_t ca[70], cb[70];
        size_t an = (size_t)rng_below(&g, 65), bn = (size_t)rng_below(&g, 65);
        for (size_t i = 0; i < an; i++)
            a[i] = (char)('a' + rng_below(&g, 4)), ca[i] = (uint32_t)a[i];
        for (size_t i = 0; i < bn; i++)
            b[i] = (char)('a' + rng_below(&g, 4)), cb[i] = (uint32_t)b[i];
        double fast = jaro_winkler_utf8(a, an, b, bn);
        /* the reference: the same strings shifted above U+00FF take the loop version */
        for (size_t i = 0; i < an; i++)
            ca[i] += 0x4E00;
        for (size_t i = 0; i < bn; i++)
            cb[i] += 0x4E00;
        double ref = jaro_winkler(ca, an, cb, bn);
        cr_assert(fabs(fast - ref) < 1e-12, "%.*s / %.*s: %f vs %f", (int)an, a, (int)bn, b, fast,
                  ref);
    }
}

/* The quick test of jaro_winkler_utf8_floor may skip only pairs below the floor: on random
 * strings over alphabets of several sizes, the result equals the full similarity whenever that
 * reaches the floor, and is 0 or the full similarity otherwise. */
Test(jaro_winkler, floor_skips_only_pairs_below_it)
{
    rng g;
    rng_seed(&g, 7);
    size_t skipped = 0;
    for (int k = 0; k < 50000; k++) {
        char a[70], b[70];
        int alphabet = 2 + (int)rng_below(&g, 30);
        size_t an = 1 + (size_t)rng_below(&g, 20), bn = 1 + (size_t)rng_below(&g, 20);
        for (size_t i = 0; i < an; i++)
            a[i] = (char)('A' + rng_below(&g, (uint64_t)alphabet));
        for (size_t i = 0; i < bn; i++)
            b[i] = (char)('A' + rng_below(&g, (uint64_t)alphabet));
        double floor = 0.7 + 0.3 * (double)rng_below(&g, 1000) / 1000.0;
        double full = jaro_winkler_utf8(a, an, b, bn);
        double quick = jaro_winkler_utf8_floor(a, an, b, bn, floor);
        if (full >= floor)
            cr_assert_eq(quick, full, "%.*s / %.*s at %f", (int)an, a, (int)bn, b, floor);
        else
            cr_assert(quick == 0.0 || quick == full);
        skipped += quick != full;
    }
    cr_expect_gt(skipped, 1000); /* the quick test does skip work */
}

typedef struct {
    const char *a, *b;
    int level;
} name_case;

Test(name_compare, levels)
{
    static const name_case c[] = {
        {"taro yamada", "taro yamada", NAME_SAME},
        {"taro yamada", "taro yamda", NAME_SAME_PERSON},  /* typo */
        {"j smith", "john smith", NAME_SAME_PERSON},      /* initial */
        {"a john smith", "john smith", NAME_SAME_PERSON}, /* middle initial */
        {"berg der van", "vanderberg", NAME_SAME_PERSON}, /* spacing, in a sorted key */
        {"taro yamada", "yamadataro", NAME_SAME_PERSON},
        {"a b c d", "dcba", NAME_SAME_PERSON},
        {"a b c d", "dcbx", NAME_DIFFERENT},
        {"smith", "john smith", NAME_PARTIAL},      /* surname only */
        {"john smith", "mary smith", NAME_PARTIAL}, /* shared family name */
        {"jiro sato", "taro suzuki", NAME_DIFFERENT},
        {"j smith", "k smith", NAME_PARTIAL},
        {"山田太郎", "山田太郎", NAME_SAME},
        {"山田太郎", "鈴木一郎", NAME_DIFFERENT},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        cr_expect_eq(name_compare(c[i].a, strlen(c[i].a), c[i].b, strlen(c[i].b)), c[i].level,
                     "%s / %s", c[i].a, c[i].b);
}

Test(date_compare, levels)
{
    cr_expect_eq(date_compare("19850704", 8, "19850704", 8), 2);
    cr_expect_eq(date_compare("19850704", 8, "19850407", 8), 1, "day and month swapped");
    cr_expect_eq(date_compare("19850704", 8, "19850705", 8), 1, "one digit");
    cr_expect_eq(date_compare("19850704", 8, "19580704", 8), 1, "adjacent transposition");
    cr_expect_eq(date_compare("19850704", 8, "19860805", 8), 0);
}

/* name_compare's quick test answers only what the full comparison would: on names made of
 * words that are equal, typos of each other, initials, concatenations, non-ASCII and invalid
 * UTF-8, with stray spaces, long names and many tokens, every level is the same with it and
 * without it, and every level occurs. */
Test(name_compare, quick_test_changes_no_level)
{
    static const char *words[] = {
        "anna", "anne",       "ana",     "hanna", "maria",    "mario",      "marie",  "jon",
        "john", "johan",      "j",       "smith", "smyth",    "schmidt",    "van",    "der",
        "berg", "vanderberg", "山田",    "太郎",  "山田太郎", "müller",     "muller", "mueller",
        "x",    "ü",          "\xff",    "\x80",  "\xe5\xb1", "o'neil",     "oneil",  "@",
        "`",    "jean-luc",   "jeanluc", "taro",  "yamada",   "yamadataro",
    };
    size_t nw = sizeof words / sizeof *words;
    rng g;
    rng_seed(&g, 11);
    int seen[4] = {0};
    for (int k = 0; k < 200000; k++) {
        char name[2][400];
        size_t len[2];
        for (int s = 0; s < 2; s++) {
            size_t n = 0,
                   tokens = rng_below(&g, 16) == 0 ? 13 + rng_below(&g, 3) : rng_below(&g, 5);
            if (rng_below(&g, 8) == 0)
                name[s][n++] = ' ';
            for (size_t t = 0; t < tokens && n < 300; t++) {
                const char *w = words[rng_below(&g, nw)];
                size_t wl = strlen(w);
                memcpy(name[s] + n, w, wl);
                if (wl > 2 && rng_below(&g, 4) == 0) /* a typo: two letters swapped */
                    name[s][n + 1] = w[2], name[s][n + 2] = w[1];
                n += wl;
                if (t + 1 < tokens || rng_below(&g, 8) == 0)
                    name[s][n++] = ' ';
                if (rng_below(&g, 10) == 0)
                    name[s][n++] = ' ';
            }
            if (rng_below(&g, 50) == 0) /* longer than the compared characters */
                while (n < 300)
                    name[s][n++] = 'z';
            name[s][n] = '\0';
            len[s] = n;
        }
        name_compare_quick = 0;
        int full = name_compare(name[0], len[0], name[1], len[1]);
        name_compare_quick = 1;
        int quick = name_compare(name[0], len[0], name[1], len[1]);
        cr_assert_eq(quick, full, "\"%s\" / \"%s\"", name[0], name[1]);
        seen[full]++;
    }
    for (int l = 0; l < 4; l++)
        cr_expect_gt(seen[l], 100, "level %d: %d pairs", l, seen[l]);
}
