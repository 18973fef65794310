/* compare.c: see compare.h.
 *
 * jaro_winkler() is the textbook algorithm (Winkler 1990): matches within a window of
 * max(len)/2 - 1, transpositions counted over matched characters in order. O(n * window).
 * name_compare() matches tokens greedily, longest tokens of the shorter name first, each to the
 * most similar unused token of the longer name; greedy is exact enough for names of a few
 * tokens and keeps the cost at O(t^2) Jaro-Winkler calls.
 */
#include "link/compare.h"
#include "util/utf8.h"

#include <string.h>

#define NAME_MAX_TOKENS 12
#define TOKEN_JW        0.90 /* two tokens are the same word with a typo */
#define PARTIAL_JW      0.92 /* a shared token for the partial level */
#define WHOLE_JW        0.95 /* whole keys this close are one person */

/* The Jaro-Winkler core over any element type; `T` is uint32_t (code points) or unsigned char
 * (ASCII bytes). Flags are zeroed for the used lengths only. */
#define JARO_WINKLER_BODY(T)                                                                       \
    if (an == 0 && bn == 0)                                                                        \
        return 1.0;                                                                                \
    if (an == 0 || bn == 0)                                                                        \
        return 0.0;                                                                                \
    if (an > COMPARE_MAX_CHARS)                                                                    \
        an = COMPARE_MAX_CHARS;                                                                    \
    if (bn > COMPARE_MAX_CHARS)                                                                    \
        bn = COMPARE_MAX_CHARS;                                                                    \
    size_t maxlen = an > bn ? an : bn;                                                             \
    size_t window = maxlen / 2 > 0 ? maxlen / 2 - 1 : 0;                                           \
    unsigned char am[COMPARE_MAX_CHARS], bm[COMPARE_MAX_CHARS];                                    \
    memset(am, 0, an);                                                                             \
    memset(bm, 0, bn);                                                                             \
    size_t matches = 0;                                                                            \
    for (size_t i = 0; i < an; i++) {                                                              \
        size_t lo = i > window ? i - window : 0;                                                   \
        size_t hi = i + window + 1 < bn ? i + window + 1 : bn;                                     \
        T ai = a[i];                                                                               \
        for (size_t j = lo; j < hi; j++) {                                                         \
            if (!bm[j] && ai == b[j]) {                                                            \
                am[i] = bm[j] = 1;                                                                 \
                matches++;                                                                         \
                break;                                                                             \
            }                                                                                      \
        }                                                                                          \
    }                                                                                              \
    if (matches == 0)                                                                              \
        return 0.0;                                                                                \
    size_t t = 0, k = 0;                                                                           \
    for (size_t i = 0; i < an; i++) {                                                              \
        if (!am[i])                                                                                \
            continue;                                                                              \
        while (!bm[k])                                                                             \
            k++;                                                                                   \
        if (a[i] != b[k])                                                                          \
            t++;                                                                                   \
        k++;                                                                                       \
    }                                                                                              \
    double m = (double)matches;                                                                    \
    double jaro = (m / (double)an + m / (double)bn + (m - (double)t / 2.0) / m) / 3.0;             \
    if (jaro <= 0.7)                                                                               \
        return jaro;                                                                               \
    size_t prefix = 0;                                                                             \
    while (prefix < 4 && prefix < an && prefix < bn && a[prefix] == b[prefix])                     \
        prefix++;                                                                                  \
    return jaro + (double)prefix * 0.1 * (1.0 - jaro);

static double jaro_winkler_loop(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
    JARO_WINKLER_BODY(uint32_t)
}

static double jaro_winkler_bytes(const unsigned char *a, size_t an, const unsigned char *b,
                                 size_t bn)
{
    JARO_WINKLER_BODY(unsigned char)
}

static size_t decode(const char *s, size_t n, uint32_t *out)
{
    size_t k = 0;
    while (k < n && k < COMPARE_MAX_CHARS && (unsigned char)s[k] < 0x80) { /* ASCII prefix */
        out[k] = (unsigned char)s[k];
        k++;
    }
    if (k == n || k == COMPARE_MAX_CHARS)
        return k;
    for (size_t i = k; i < n && k < COMPARE_MAX_CHARS;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        out[k++] = cp;
    }
    return k;
}

static int is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

/* Jaro-Winkler of byte strings of at most 64 bytes with bit masks: pos[c] has bit j set when
 * b[j] == c, so the first unmatched b position in a's window is one AND and one count of
 * trailing zeros. Same result as the loop version (the first free match in window order). */
static double jaro_winkler_short(const unsigned char *a, size_t an, const unsigned char *b,
                                 size_t bn)
{
    if (an == 0 && bn == 0)
        return 1.0;
    if (an == 0 || bn == 0)
        return 0.0;
    uint64_t pos[256];
    for (size_t j = 0; j < bn; j++)
        pos[b[j]] = 0;
    for (size_t i = 0; i < an; i++)
        pos[a[i]] = 0;
    for (size_t j = 0; j < bn; j++)
        pos[b[j]] |= (uint64_t)1 << j;
    size_t maxlen = an > bn ? an : bn;
    size_t window = maxlen / 2 > 0 ? maxlen / 2 - 1 : 0;
    uint64_t bmatched = 0, amatched = 0;
    size_t matches = 0;
    for (size_t i = 0; i < an; i++) {
        size_t lo = i > window ? i - window : 0;
        size_t hi = i + window + 1 < bn ? i + window + 1 : bn;
        if (lo >= hi)
            continue;
        uint64_t range = (hi - lo == 64 ? ~(uint64_t)0 : (((uint64_t)1 << (hi - lo)) - 1)) << lo;
        uint64_t cand = pos[a[i]] & range & ~bmatched;
        if (cand) {
            bmatched |= cand & -cand;
            amatched |= (uint64_t)1 << i;
            matches++;
        }
    }
    if (matches == 0)
        return 0.0;
    size_t t = 0;
    uint64_t am = amatched, bm = bmatched;
    while (am) {
        size_t i = (size_t)__builtin_ctzll(am), j = (size_t)__builtin_ctzll(bm);
        t += a[i] != b[j];
        am &= am - 1;
        bm &= bm - 1;
    }
    double m = (double)matches;
    double jaro = (m / (double)an + m / (double)bn + (m - (double)t / 2.0) / m) / 3.0;
    if (jaro <= 0.7)
        return jaro;
    size_t prefix = 0;
    while (prefix < 4 && prefix < an && prefix < bn && a[prefix] == b[prefix])
        prefix++;
    return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

/* The bound of the two tests below, with m matches at most: J = (m/|a| + m/|b| + 1) / 3 and
 * JW <= J + 0.4 (1 - J), so JW may reach t when m (|a| + |b|) >= k |a| |b|, k = 5 (t - 0.4) - 1:
 * no division. k is lowered by 1e-9, so that rounding can only pass a pair that cannot reach t
 * (the exact Jaro-Winkler then says no), never fail one that can. */
static inline int bound_may_reach(size_t m, size_t an, size_t bn, double t)
{
    double k = 5.0 * (t - 0.4) - 1.0 - 1e-9;
    return (double)m * (double)(an + bn) >= k * (double)an * (double)bn;
}

/* 1 when Jaro-Winkler(a, b) may reach t: a cheap necessary condition. A character of a can
 * only match one of b whose 6-bit class (code point mod 64) occurs in b, so the matches m are at
 * most the characters of either string whose class occurs in the other, and
 * JW <= J + 0.4 (1 - J) with J <= (m/|a| + m/|b| + 1) / 3. Most random pairs fail it. */
static int jaro_winkler_may_reach(const uint32_t *a, size_t an, const uint32_t *b, size_t bn,
                                  double t)
{
    if (an == 0 || bn == 0)
        return 1;
    uint64_t ma = 0, mb = 0;
    for (size_t i = 0; i < an; i++)
        ma |= (uint64_t)1 << (a[i] & 63);
    for (size_t j = 0; j < bn; j++)
        mb |= (uint64_t)1 << (b[j] & 63);
    size_t ca = 0, cb = 0;
    for (size_t i = 0; i < an; i++)
        ca += (mb >> (a[i] & 63)) & 1;
    for (size_t j = 0; j < bn; j++)
        cb += (ma >> (b[j] & 63)) & 1;
    return bound_may_reach(ca < cb ? ca : cb, an, bn, t);
}

double jaro_winkler(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
    if (an <= 64 && bn <= 64) {
        unsigned char x[64], y[64];
        size_t i;
        for (i = 0; i < an && a[i] < 256; i++)
            x[i] = (unsigned char)a[i];
        if (i == an) {
            for (i = 0; i < bn && b[i] < 256; i++)
                y[i] = (unsigned char)b[i];
            if (i == bn)
                return jaro_winkler_short(x, an, y, bn);
        }
    }
    return jaro_winkler_loop(a, an, b, bn);
}

double jaro_winkler_utf8(const char *a, size_t an, const char *b, size_t bn)
{
    return jaro_winkler_utf8_floor(a, an, b, bn, 0.0);
}

double jaro_winkler_utf8_floor(const char *a, size_t an, const char *b, size_t bn, double floor)
{
    if (floor > 0 && an > 0 && bn > 0 && an <= 64 && bn <= 64 && is_ascii(a, an) &&
        is_ascii(b, bn)) {
        uint32_t x[64], y[64];
        for (size_t i = 0; i < an; i++)
            x[i] = (unsigned char)a[i];
        for (size_t j = 0; j < bn; j++)
            y[j] = (unsigned char)b[j];
        if (!jaro_winkler_may_reach(x, an, y, bn, floor))
            return 0.0;
        return jaro_winkler_short((const unsigned char *)a, an, (const unsigned char *)b, bn);
    }
    if (is_ascii(a, an) && is_ascii(b, bn)) {
        if (an <= 64 && bn <= 64)
            return jaro_winkler_short((const unsigned char *)a, an, (const unsigned char *)b, bn);
        return jaro_winkler_bytes((const unsigned char *)a, an, (const unsigned char *)b, bn);
    }
    uint32_t x[COMPARE_MAX_CHARS], y[COMPARE_MAX_CHARS];
    size_t xn = decode(a, an, x), yn = decode(b, bn, y);
    return jaro_winkler_loop(x, xn, y, yn);
}

double jaro_winkler_bound(size_t an, size_t bn)
{
    if (an == 0 || bn == 0)
        return an == bn ? 1.0 : 0.0;
    double lo = (double)(an < bn ? an : bn), hi = (double)(an > bn ? an : bn);
    double jaro = (lo / hi + 2.0) / 3.0; /* every character of the shorter string matched */
    return jaro + 0.4 * (1.0 - jaro);
}

/* Bits set in x, without a call to libgcc's __popcountdi2 (the build targets CPUs without the
 * popcnt instruction). */
static inline size_t popcount64(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (size_t)((x * 0x0101010101010101ULL) >> 56);
}

/* 1 when Jaro-Winkler(a, b) may reach t, from the strings' class masks (bit c: a character of
 * class c, code point mod 64, occurs) and lengths only: each class of one string absent from the
 * other holds at least one character that matches nothing, so m is at most the shorter of
 * |a| - |classes of a only| and |b| - |classes of b only|. Weaker than jaro_winkler_may_reach()
 * (which counts those characters), so it never rejects a pair that one accepts; it costs two
 * counts of bits, where that one reads both strings twice. */
static int masks_may_reach(uint64_t ma, size_t an, uint64_t mb, size_t bn, double t)
{
    if (an == 0 || bn == 0)
        return 1;
    size_t xa = popcount64(ma & ~mb), xb = popcount64(mb & ~ma);
    size_t ca = an - xa, cb = bn - xb;
    return bound_may_reach(ca < cb ? ca : cb, an, bn, t);
}

typedef struct token {
    const uint32_t *cp;
    size_t n;
    uint64_t mask; /* classes of its characters, as masks_may_reach() reads them */
} token;

/* The tokens of cp; *mask receives the classes of all its characters (spaces included). */
static size_t tokenize(const uint32_t *cp, size_t n, token *t, uint64_t *mask)
{
    size_t nt = 0;
    uint64_t all = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint64_t m = 0;
        while (j < n && cp[j] != ' ')
            m |= (uint64_t)1 << (cp[j++] & 63);
        all |= m;
        if (j < n)
            all |= (uint64_t)1 << (' ' & 63);
        if (j > i && nt < NAME_MAX_TOKENS)
            t[nt++] = (token){cp + i, j - i, m};
        i = j + 1;
    }
    *mask = all;
    return nt;
}

static int token_equal(const token *a, const token *b)
{
    return a->n == b->n && memcmp(a->cp, b->cp, a->n * sizeof *a->cp) == 0;
}

/* Similarity of two tokens: 1 for equal, 0.99 for an initial against a word starting with it
 * (reported separately through *initial), else Jaro-Winkler. */
static double token_similarity(const token *a, const token *b, int *initial)
{
    *initial = 0;
    if (token_equal(a, b))
        return 1.0;
    if ((a->n == 1 || b->n == 1) && a->cp[0] == b->cp[0]) {
        *initial = 1;
        return 0.99;
    }
    if (a->n == 1 || b->n == 1)
        return 0.0;
    /* only similarities of TOKEN_JW and above count (name_compare): below, 0 is as good */
    if (!masks_may_reach(a->mask, a->n, b->mask, b->n, TOKEN_JW) ||
        !jaro_winkler_may_reach(a->cp, a->n, b->cp, b->n, TOKEN_JW))
        return 0.0;
    return jaro_winkler(a->cp, a->n, b->cp, b->n);
}

/* 1 when the keys are equal once spaces are removed ("van der berg" / "vanderberg"). */
static int equal_without_spaces(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && a[i] == ' ')
            i++;
        while (j < bn && b[j] == ' ')
            j++;
        if (i == an || j == bn)
            return i == an && j == bn;
        if (a[i++] != b[j++])
            return 0;
    }
}

/* 1 when the single token `one` equals the tokens of `many` (2..4 of them) concatenated in
 * some order: "vanderberg" against the sorted key "berg der van", "yamadataro" against
 * "taro yamada". */
static int equals_a_concatenation(const token *one, const token *many, size_t k)
{
    if (k < 2 || k > 4)
        return 0;
    size_t total = 0;
    for (size_t i = 0; i < k; i++)
        total += many[i].n;
    if (total != one->n)
        return 0;
    size_t perm[4] = {0, 1, 2, 3};
    /* Heap's algorithm over at most 24 orders */
    size_t cnt[4] = {0};
    for (size_t level = 0;;) {
        size_t at = 0, i;
        for (i = 0; i < k; i++) {
            const token *t = &many[perm[i]];
            if (memcmp(one->cp + at, t->cp, t->n * sizeof *t->cp) != 0)
                break;
            at += t->n;
        }
        if (i == k)
            return 1;
        while (level < k && cnt[level] >= level) {
            cnt[level] = 0;
            level++;
        }
        if (level >= k)
            return 0;
        size_t j = level % 2 ? cnt[level] : 0, tmp = perm[j];
        perm[j] = perm[level];
        perm[level] = tmp;
        cnt[level]++;
        level = 1;
    }
}

/* ---- name_compare's quick test ----
 *
 * Most pairs name_compare sees are of different people (random pairs for u, the windows of a
 * common birth date): each of its paths to a level above NAME_DIFFERENT needs a bound that
 * their characters' classes already fail. The quick test reads the classes and lengths of a
 * name's tokens from its UTF-8, as decode and tokenize would give them, without writing the
 * code points out, and answers NAME_DIFFERENT only when every such bound fails; otherwise the
 * full comparison runs. */

int name_compare_quick = 1;

typedef struct name_sketch {
    size_t n, nospace, nt;
    uint64_t mask;         /* as tokenize's *mask: every character's class, and a space's */
    uint64_t nospace_mask; /* the classes of the tokens' characters */
    uint16_t len[NAME_MAX_TOKENS];
    uint64_t tmask[NAME_MAX_TOKENS];
} name_sketch;

/* The sketch of s[0..n), lengths in code points as decode reads them; 0 when s may be longer
 * than decode reads or has more tokens than tokenize keeps (the full comparison then runs). */
static int name_sketch_of(const char *s, size_t n, name_sketch *k)
{
    if (n > COMPARE_MAX_CHARS) /* bytes: no more code points than that */
        return 0;
    k->n = k->nospace = k->nt = 0;
    k->mask = k->nospace_mask = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, chars = 0;
        uint64_t m = 0;
        while (j < n && s[j] != ' ') {
            uint32_t cp = (unsigned char)s[j];
            j += cp < 0x80 ? 1 : utf8_decode(s + j, n - j, &cp);
            m |= (uint64_t)1 << (cp & 63);
            chars++;
        }
        k->mask |= m;
        k->n += chars;
        if (j < n) {
            k->mask |= (uint64_t)1 << (' ' & 63);
            k->n++;
        }
        if (chars) {
            if (k->nt == NAME_MAX_TOKENS)
                return 0;
            k->len[k->nt] = (uint16_t)chars;
            k->tmask[k->nt++] = m;
            k->nospace += chars;
            k->nospace_mask |= m;
        }
        i = j + 1;
    }
    return 1;
}

/* 1 when `one` may equal the tokens of `many` concatenated (equals_a_concatenation's lengths). */
static int sketch_may_concatenate(const name_sketch *one, const name_sketch *many)
{
    return one->nt == 1 && many->nt >= 2 && many->nt <= 4 && one->len[0] == many->nospace;
}

/* 1 when name_compare of two different names with these sketches is NAME_DIFFERENT. */
static int sketches_differ(const name_sketch *a, const name_sketch *b)
{
    /* equal without spaces: the same characters, as many */
    if (a->nospace == b->nospace && a->nospace_mask == b->nospace_mask)
        return 0;
    if (masks_may_reach(a->mask, a->n, b->mask, b->n, WHOLE_JW))
        return 0;
    if (a->nt == 0 || b->nt == 0)
        return 1;
    if (sketch_may_concatenate(a, b) || sketch_may_concatenate(b, a))
        return 0;
    /* the token loop: NAME_SAME_PERSON and NAME_PARTIAL both need a pair of tokens at TOKEN_JW
       or above that is not an initial against a word: equal tokens (of one character too), or
       two of two characters or more that pass the bound */
    for (size_t i = 0; i < a->nt; i++)
        for (size_t j = 0; j < b->nt; j++)
            if ((a->len[i] == b->len[j] && a->tmask[i] == b->tmask[j]) ||
                (a->len[i] >= 2 && b->len[j] >= 2 &&
                 masks_may_reach(a->tmask[i], a->len[i], b->tmask[j], b->len[j], TOKEN_JW)))
                return 0;
    return 1;
}

int name_compare(const char *as, size_t an, const char *bs, size_t bn)
{
    if (an == bn && memcmp(as, bs, an) == 0)
        return NAME_SAME;
    name_sketch ska, skb;
    if (name_compare_quick && name_sketch_of(as, an, &ska) && name_sketch_of(bs, bn, &skb) &&
        sketches_differ(&ska, &skb))
        return NAME_DIFFERENT;
    uint32_t a[COMPARE_MAX_CHARS], b[COMPARE_MAX_CHARS];
    size_t na = decode(as, an, a), nb = decode(bs, bn, b);
    token ta[NAME_MAX_TOKENS], tb[NAME_MAX_TOKENS];
    uint64_t ma, mb;
    size_t ka = tokenize(a, na, ta, &ma), kb = tokenize(b, nb, tb, &mb);
    if (equal_without_spaces(a, na, b, nb) ||
        (masks_may_reach(ma, na, mb, nb, WHOLE_JW) &&
         jaro_winkler_may_reach(a, na, b, nb, WHOLE_JW) && jaro_winkler(a, na, b, nb) >= WHOLE_JW))
        return NAME_SAME_PERSON;
    if (ka == 0 || kb == 0)
        return NAME_DIFFERENT;
    if ((ka == 1 && equals_a_concatenation(&ta[0], tb, kb)) ||
        (kb == 1 && equals_a_concatenation(&tb[0], ta, ka)))
        return NAME_SAME_PERSON;
    /* s = the shorter token list, l = the longer */
    token *s = ka <= kb ? ta : tb, *l = ka <= kb ? tb : ta;
    size_t ks = ka <= kb ? ka : kb, kl = ka <= kb ? kb : ka;
    unsigned char used[NAME_MAX_TOKENS] = {0}, done[NAME_MAX_TOKENS] = {0};
    size_t matched = 0, full = 0, partial = 0;
    for (size_t round = 0; round < ks; round++) {
        /* the longest unprocessed token of s */
        size_t pick = ks;
        for (size_t i = 0; i < ks; i++)
            if (!done[i] && (pick == ks || s[i].n > s[pick].n))
                pick = i;
        done[pick] = 1;
        double best = 0;
        size_t best_j = kl;
        int best_initial = 0;
        for (size_t j = 0; j < kl; j++) {
            if (used[j])
                continue;
            int initial;
            double sim = token_similarity(&s[pick], &l[j], &initial);
            if (sim > best) {
                best = sim;
                best_j = j;
                best_initial = initial;
            }
        }
        if (best_j == kl)
            continue;
        if (best >= TOKEN_JW) {
            used[best_j] = 1;
            matched++;
            full += !best_initial;
        }
        if (!best_initial && best >= PARTIAL_JW && s[pick].n >= 2)
            partial = 1;
    }
    if (matched == ks && full >= 1 && (ks >= 2 || kl == 1))
        return NAME_SAME_PERSON;
    return partial ? NAME_PARTIAL : NAME_DIFFERENT;
}

int date_compare(const char *a, size_t an, const char *b, size_t bn)
{
    if (an == bn && memcmp(a, b, an) == 0)
        return 2;
    if (an != 8 || bn != 8)
        return 0;
    /* day and month swapped: YYYY MM DD vs YYYY DD MM */
    if (memcmp(a, b, 4) == 0 && memcmp(a + 4, b + 6, 2) == 0 && memcmp(a + 6, b + 4, 2) == 0)
        return 1;
    size_t diff = 0, first = 8;
    for (size_t i = 0; i < 8; i++) {
        if (a[i] != b[i]) {
            if (diff == 0)
                first = i;
            diff++;
        }
    }
    if (diff == 1)
        return 1;
    if (diff == 2 && first < 7 && a[first] == b[first + 1] && a[first + 1] == b[first])
        return 1;
    return 0;
}
