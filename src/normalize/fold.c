/* fold.c: the folding table of fold.h.
 *
 * Latin-1 Supplement and Latin Extended-A (U+00C0..U+017F) fold through one table of ASCII
 * strings; Vietnamese letters of Latin Extended Additional (U+1EA0..U+1EF9) through ranges;
 * Greek and Cyrillic capitals by their fixed offsets. Everything here is a pure function of its
 * input and allocates nothing.
 */
#include "normalize/fold.h"
#include "util/utf8.h"

#include <string.h>

/* U+00C0 .. U+017F; NULL = separator (× ÷). */
static const char *const latin_fold[] = {
    /* C0 */ "a",  "a", "a",  "a",  "a", "a", "ae", "c",
    "e",           "e", "e",  "e",  "i", "i", "i",  "i",
    /* D0 */ "d",  "n", "o",  "o",  "o", "o", "o",  NULL,
    "o",           "u", "u",  "u",  "u", "y", "th", "ss",
    /* E0 */ "a",  "a", "a",  "a",  "a", "a", "ae", "c",
    "e",           "e", "e",  "e",  "i", "i", "i",  "i",
    /* F0 */ "d",  "n", "o",  "o",  "o", "o", "o",  NULL,
    "o",           "u", "u",  "u",  "u", "y", "th", "y",
    /* 100 */ "a", "a", "a",  "a",  "a", "a", "c",  "c",
    "c",           "c", "c",  "c",  "c", "c", "d",  "d",
    /* 110 */ "d", "d", "e",  "e",  "e", "e", "e",  "e",
    "e",           "e", "e",  "e",  "g", "g", "g",  "g",
    /* 120 */ "g", "g", "g",  "g",  "h", "h", "h",  "h",
    "i",           "i", "i",  "i",  "i", "i", "i",  "i",
    /* 130 */ "i", "i", "ij", "ij", "j", "j", "k",  "k",
    "k",           "l", "l",  "l",  "l", "l", "l",  "l",
    /* 140 */ "l", "l", "l",  "n",  "n", "n", "n",  "n",
    "n",           "n", "n",  "n",  "o", "o", "o",  "o",
    /* 150 */ "o", "o", "oe", "oe", "r", "r", "r",  "r",
    "r",           "r", "s",  "s",  "s", "s", "s",  "s",
    /* 160 */ "s", "s", "t",  "t",  "t", "t", "t",  "t",
    "u",           "u", "u",  "u",  "u", "u", "u",  "u",
    /* 170 */ "u", "u", "u",  "u",  "w", "w", "y",  "y",
    "y",           "z", "z",  "z",  "z", "z", "z",  "s",
};

int fold_is_cjk(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x3040 && cp <= 0x30FA) || (cp >= 0x30FC && cp <= 0x30FF) ||
           (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
           (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) ||
           (cp >= 0x3130 && cp <= 0x318F) || cp == 0x3005;
}

static fold_class keep_ascii(char c, char *out, size_t *len)
{
    out[0] = c;
    *len = 1;
    return FOLD_KEEP;
}

#define ASCII_JOIN 1 /* fold_ascii(): an apostrophe or backtick, dropped without separating */

/* How each ASCII byte folds: a letter or digit lower-cased, ASCII_JOIN, or 0 for a separator. */
#define FOLD_DIGITS(x)  ['0' + (x)] = '0' + (x)
#define FOLD_LETTER(x)  ['A' + (x)] = 'a' + (x), ['a' + (x)] = 'a' + (x)
#define FOLD_LETTERS(x) FOLD_LETTER(x), FOLD_LETTER(x + 1)
static const char ascii_fold[128] = {
    FOLD_DIGITS(0),   FOLD_DIGITS(1),   FOLD_DIGITS(2),   FOLD_DIGITS(3),      FOLD_DIGITS(4),
    FOLD_DIGITS(5),   FOLD_DIGITS(6),   FOLD_DIGITS(7),   FOLD_DIGITS(8),      FOLD_DIGITS(9),
    FOLD_LETTERS(0),  FOLD_LETTERS(2),  FOLD_LETTERS(4),  FOLD_LETTERS(6),     FOLD_LETTERS(8),
    FOLD_LETTERS(10), FOLD_LETTERS(12), FOLD_LETTERS(14), FOLD_LETTERS(16),    FOLD_LETTERS(18),
    FOLD_LETTERS(20), FOLD_LETTERS(22), FOLD_LETTERS(24), ['\''] = ASCII_JOIN, ['`'] = ASCII_JOIN,
};

static inline char fold_ascii(unsigned char b)
{
    return ascii_fold[b & 0x7f];
}

fold_class fold_char(uint32_t cp, char *out, size_t *len)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E) /* fullwidth ASCII */
        cp -= 0xFEE0;
    if (cp < 0x80) {
        char k = fold_ascii((unsigned char)cp);
        return k == 0 ? FOLD_SEP : k == ASCII_JOIN ? FOLD_JOIN : keep_ascii(k, out, len);
    }
    if (cp >= 0xC0 && cp <= 0x17F) {
        const char *s = latin_fold[cp - 0xC0];
        if (s == NULL)
            return FOLD_SEP;
        *len = strlen(s);
        memcpy(out, s, *len);
        return FOLD_KEEP;
    }
    if (cp < 0xC0) /* Latin-1 punctuation and symbols, NBSP */
        return (cp == 0xAA || cp == 0xBA) ? keep_ascii(cp == 0xAA ? 'a' : 'o', out, len) : FOLD_SEP;
    if ((cp >= 0x300 && cp <= 0x36F) || cp == 0x2019 || cp == 0x2018 || cp == 0x2BC)
        return FOLD_JOIN;
    if (cp == 0x1A0 || cp == 0x1A1)
        return keep_ascii('o', out, len);
    if (cp == 0x1AF || cp == 0x1B0)
        return keep_ascii('u', out, len);
    if (cp >= 0x218 && cp <= 0x21B)
        return keep_ascii(cp < 0x21A ? 's' : 't', out, len);
    if (cp >= 0x1EA0 && cp <= 0x1EF9) {
        char c = cp <= 0x1EB7   ? 'a'
                 : cp <= 0x1EC7 ? 'e'
                 : cp <= 0x1ECB ? 'i'
                 : cp <= 0x1EE3 ? 'o'
                 : cp <= 0x1EF1 ? 'u'
                                : 'y';
        return keep_ascii(c, out, len);
    }
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
        cp += 0x20;
    else if (cp == 0x3C2) /* final sigma folds to sigma, as in Unicode case folding */
        cp = 0x3C3;
    else if (cp >= 0x410 && cp <= 0x42F)
        cp += 0x20;
    else if (cp >= 0x400 && cp <= 0x40F)
        cp += 0x50;
    if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000 || cp == 0x30FB || cp == 0x3001 ||
        cp == 0x3002 || cp == 0xFF65 || (cp >= 0x2E00 && cp <= 0x2E7F) ||
        (cp >= 0x3008 && cp <= 0x3011))
        return FOLD_SEP;
    *len = utf8_encode(cp, out);
    return FOLD_KEEP;
}

size_t fold_text(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    int pending_sep = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* ASCII as fold_char() folds it, without decoding */
            i++;
            char k = fold_ascii(b);
            if (k == 0)
                pending_sep = o > 0;
            if (k == 0 || k == ASCII_JOIN)
                continue;
            if (o + pending_sep + 2 > cap)
                break;
            if (pending_sep)
                out[o++] = ' ';
            pending_sep = 0;
            out[o++] = k;
            continue;
        }
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        char buf[4];
        size_t len = 0;
        fold_class c = fold_char(cp, buf, &len);
        if (c == FOLD_SEP) {
            pending_sep = o > 0;
            continue;
        }
        if (c == FOLD_JOIN)
            continue;
        if (o + pending_sep + len + 1 > cap)
            break;
        if (pending_sep)
            out[o++] = ' ';
        pending_sep = 0;
        memcpy(out + o, buf, len);
        o += len;
    }
    out[o] = '\0';
    return o;
}
