/* compare.h: string and value comparisons behind the spec's comparison methods.
 *
 * All functions are pure and allocation-free. Strings are the normalized keys of the lease
 * table (UTF-8); similarity is measured on code points, so a kanji counts as one character.
 */
#ifndef LH_LINK_COMPARE_H
#define LH_LINK_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#define COMPARE_MAX_CHARS 256 /* longer strings are compared on their first 256 code points */

/* Jaro-Winkler similarity in [0, 1] (Winkler's prefix scale 0.1, prefix up to 4, applied when
 * the Jaro similarity exceeds 0.7). Two empty strings are identical (1). */
double jaro_winkler(const uint32_t *a, size_t an, const uint32_t *b, size_t bn);
double jaro_winkler_utf8(const char *a, size_t an, const char *b, size_t bn);
/* jaro_winkler_utf8, except that it may return 0 for a similarity below floor (a quick
 * necessary test skips most dissimilar pairs): for callers that only compare with thresholds
 * of at least floor. */
double jaro_winkler_utf8_floor(const char *a, size_t an, const char *b, size_t bn, double floor);
/* An upper bound of the Jaro-Winkler similarity of strings of these lengths (in characters or
 * bytes: bytes over-estimate characters, so the bound holds for UTF-8 byte lengths too only when
 * both are ASCII; callers use it as a quick test on ASCII-dominated keys). */
double jaro_winkler_bound(size_t an, size_t bn);

/* Levels of the name method (name keys as produced by name_normalize, tokens sorted): */
enum {
    NAME_DIFFERENT = 0,
    NAME_PARTIAL = 1,     /* a full token in common, fuzzily: a shared family or given name */
    NAME_SAME_PERSON = 2, /* every token of the shorter name matches one of the longer, allowing
                             typos (Jaro-Winkler >= 0.9), initials and extra middle names */
    NAME_SAME = 3,        /* identical keys */
};
int name_compare(const char *a, size_t an, const char *b, size_t bn);
/* 1 (the default): name_compare answers NAME_DIFFERENT from its quick test where that is
 * certain; tests set 0 to compare every pair in full. */
extern int name_compare_quick;

/* Levels of the date method on YYYYMMDD keys: 2 same, 1 close (day and month swapped, one
 * digit different, or two adjacent digits transposed), 0 different. */
int date_compare(const char *a, size_t an, const char *b, size_t bn);

#endif
