/* infer.c: see infer.h. */
#include "table/infer.h"
#include "normalize/normalize.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const canon_col wanted[] = {CANON_EMAIL, CANON_SIGNUP_IP, CANON_PAYMENT_FP, CANON_DEVICE_FP};

int infer_wanted(const colbind *b)
{
    int missing = 0, unused = 0;
    for (size_t i = 0; i < sizeof wanted / sizeof *wanted; i++)
        missing |= b->src[wanted[i]].n == 0;
    for (size_t h = 0; h < b->n_header; h++)
        unused |= !b->used[h];
    return missing && unused;
}

static int token(const char *s, size_t n)
{
    if (n < 8 || n > 128)
        return 0;
    int letter = 0, digit = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digit = 1;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            letter = 1;
        else if (!strchr("_-:.+/=", c) || c == '\0')
            return 0;
    }
    return letter && digit;
}

/* Whether the header's words, lower-cased, hold one of the words. */
static int header_says(const char *h, size_t n, const char *const *words)
{
    char low[128];
    size_t k = n < sizeof low - 1 ? n : sizeof low - 1;
    for (size_t i = 0; i < k; i++)
        low[i] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] + 32 : h[i]);
    low[k] = '\0';
    for (size_t i = 0; words[i]; i++)
        if (strstr(low, words[i]))
            return 1;
    return 0;
}

static const char *const card_words[] = {"card",    "pay",   "token", "instrument", "karte",
                                         "tarjeta", "carte", "cc",    "pan",        NULL};
static const char *const device_words[] = {"device", "browser",   "finger",   "visitor", "gerät",
                                           "geraet", "dispositi", "appareil", "fp",      NULL};

static int cmp_str(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    return strcmp(*x, *y);
}

enum { KIND_NONE, KIND_EMAIL, KIND_IP, KIND_TOKEN };

/* What column h of the sample holds. */
static int column_kind(const char *const *field, const size_t *len, size_t nh, size_t h,
                       size_t n_rows)
{
    size_t present = 0, email = 0, ip = 0, tok = 0;
    const char **vals = xmalloc((n_rows ? n_rows : 1) * sizeof *vals);
    char key[NORM_KEY_MAX], prefix[NORM_KEY_MAX];
    for (size_t r = 0; r < n_rows; r++) {
        const char *s = field[r * nh + h];
        size_t n = len[r * nh + h];
        if (s == NULL || n == 0)
            continue;
        size_t dom;
        email += n < NORM_KEY_MAX && email_normalize(s, n, key, &dom) > 0;
        ip += n < NORM_KEY_MAX && ip_normalize(s, n, key, prefix) != 0;
        if (token(s, n))
            vals[tok++] = s;
        present++;
    }
    int kind = KIND_NONE;
    if (present >= INFER_MIN_VALUES) {
        if (email * 10 >= present * 9)
            kind = KIND_EMAIL;
        else if (ip * 10 >= present * 9)
            kind = KIND_IP;
        else if (tok * 10 >= present * 9) {
            qsort(vals, tok, sizeof *vals, cmp_str);
            size_t distinct = tok > 0;
            for (size_t i = 1; i < tok; i++)
                distinct += strcmp(vals[i], vals[i - 1]) != 0;
            if (distinct * 10 >= tok * 3)
                kind = KIND_TOKEN;
        }
    }
    free(vals);
    return kind;
}

void infer_columns(const colmap *m, colbind *b, const char *const *header, const size_t *hlen,
                   size_t nh, const char *const *field, const size_t *len, size_t n_rows)
{
    int kind[INFER_MAX_COLUMNS];
    size_t n = nh < INFER_MAX_COLUMNS ? nh : INFER_MAX_COLUMNS;
    for (size_t h = 0; h < n; h++)
        kind[h] = b->used[h] ? KIND_NONE : column_kind(field, len, nh, h, n_rows);
    for (size_t h = 0; h < n; h++) {
        if (kind[h] == KIND_EMAIL && b->src[CANON_EMAIL].n == 0)
            colbind_assign(m, b, CANON_EMAIL, h, header, hlen);
        else if (kind[h] == KIND_IP && b->src[CANON_SIGNUP_IP].n == 0)
            colbind_assign(m, b, CANON_SIGNUP_IP, h, header, hlen);
    }
    /* tokens: first those whose header says card or device, then the rest, card first */
    for (int pass = 0; pass < 2; pass++)
        for (size_t h = 0; h < n; h++) {
            if (kind[h] != KIND_TOKEN || b->used[h])
                continue;
            int card = header_says(header[h], hlen[h], card_words);
            int device = !card && header_says(header[h], hlen[h], device_words);
            canon_col c;
            if (card || device)
                c = card ? CANON_PAYMENT_FP : CANON_DEVICE_FP;
            else if (pass == 1)
                c = b->src[CANON_PAYMENT_FP].n == 0 ? CANON_PAYMENT_FP : CANON_DEVICE_FP;
            else
                continue;
            if (b->src[c].n == 0)
                colbind_assign(m, b, c, h, header, hlen);
        }
}
