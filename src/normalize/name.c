/* name.c: person names and addresses (see normalize.h).
 *
 * A name is folded (fold.c), split into tokens at separators, stripped of titles, and the tokens
 * are sorted so that order ("Family, Given" / "Given Family" / "FAMILY Given") does not matter.
 * A name of CJK tokens only is the exception: native CJK order is always family first and spaces
 * are optional there, so its key is the tokens concatenated in typed order.
 * Cost: O(n + t log t) for n bytes and t tokens; at most NAME_MAX_TOKENS tokens are kept.
 */
#include "normalize/fold.h"
#include "normalize/normalize.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

#define NAME_MAX_TOKENS 16

static const char *const titles[] = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof"};

static int is_title(const char *t, size_t len)
{
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        if (strlen(titles[i]) == len && memcmp(titles[i], t, len) == 0)
            return 1;
    return 0;
}

typedef struct token {
    const char *s;
    size_t len;
} token;

static int token_cmp(const void *a, const void *b)
{
    const token *x = a, *y = b;
    size_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, m);
    if (c)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

static int token_is_cjk(const token *t)
{
    for (size_t i = 0; i < t->len;) {
        uint32_t cp;
        i += utf8_decode(t->s + i, t->len - i, &cp);
        if (!fold_is_cjk(cp))
            return 0;
    }
    return 1;
}

size_t name_normalize(const char *s, size_t n, char *out)
{
    char folded[NORM_KEY_MAX];
    size_t flen = fold_text(s, n, folded, sizeof folded);
    token tok[NAME_MAX_TOKENS];
    size_t nt = 0;
    int all_cjk = 1;
    for (size_t i = 0; i < flen && nt < NAME_MAX_TOKENS;) {
        size_t j = i;
        while (j < flen && folded[j] != ' ')
            j++;
        token t = {folded + i, j - i};
        if (!is_title(t.s, t.len)) {
            all_cjk = all_cjk && token_is_cjk(&t);
            tok[nt++] = t;
        }
        i = j + 1;
    }
    if (nt == 0) {
        out[0] = '\0';
        return 0;
    }
    if (!all_cjk)
        qsort(tok, nt, sizeof *tok, token_cmp);
    size_t o = 0;
    for (size_t i = 0; i < nt; i++) {
        if (i > 0 && !all_cjk)
            out[o++] = ' ';
        memcpy(out + o, tok[i].s, tok[i].len); /* fits: the tokens came from folded[] */
        o += tok[i].len;
    }
    out[o] = '\0';
    return o;
}

size_t address_normalize(const char *s, size_t n, char *out)
{
    return fold_text(s, n, out, NORM_KEY_MAX);
}

size_t ident_normalize(const char *s, size_t n, char *out)
{
    /* The common case first: ASCII from '!' to DEL, no spaces (tokens, hashes, plan names) is
     * the text lower-cased, copied without a branch per byte; anything else from the start,
     * byte by byte. */
    if (n < NORM_KEY_MAX - 1) {
        const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
        uint64_t other = 0;
        size_t i = 0;
        for (; i + 8 <= n; i += 8) { /* eight bytes at a time */
            uint64_t v;
            memcpy(&v, s + i, 8);
            /* a byte of 0x80 or more, or (all under 0x80) one under 0x21 */
            other |= (v | ((v - 0x21 * ones) & ~v)) & high;
            /* bytes from 'A' (0x41) to 'Z' (0x5a): + 0x3f reaches 0x80, + 0x25 does not */
            uint64_t upper = ((v + 0x3f * ones) ^ (v + 0x25 * ones)) & high;
            v |= upper >> 2;
            memcpy(out + i, &v, 8);
        }
        for (; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            other |= (c <= ' ') | (c >= 0x80);
            out[i] = (char)(c + (((unsigned)c - 'A' < 26u) << 5));
        }
        if (!other) {
            out[n] = '\0';
            return n;
        }
    }
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = o > 0;
            i++;
            continue;
        }
        if (c < 0x80) { /* ASCII: one byte, lower-cased */
            if (o + space + 2 > NORM_KEY_MAX)
                break;
            if (space)
                out[o++] = ' ';
            space = 0;
            out[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (o + space + len + 1 > NORM_KEY_MAX)
            break;
        if (space)
            out[o++] = ' ';
        space = 0;
        for (size_t k = 0; k < len; k++) {
            unsigned char b = (unsigned char)s[i + k];
            out[o++] = (char)((b >= 'A' && b <= 'Z') ? b + 32 : b);
        }
        i += len;
    }
    out[o] = '\0';
    return o;
}

size_t code_normalize(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        char buf[4];
        size_t blen = 0;
        if (fold_char(cp, buf, &blen) == FOLD_KEEP) {
            if (o + blen + 1 > NORM_KEY_MAX)
                break;
            memcpy(out + o, buf, blen);
            o += blen;
        }
        i += len;
    }
    out[o] = '\0';
    return o;
}
