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

/* An opaque token: 12 to 128 letters, digits, '_' and '-', with a letter and a digit (a card's
 * or a device's fingerprint, "pm_6eb84e4e382db958"); not a date, a host name or an address. */
static int token(const char *s, size_t n)
{
    if (n < 12 || n > 128)
        return 0;
    int letter = 0, digit = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digit = 1;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            letter = 1;
        else if (c != '_' && c != '-')
            return 0;
    }
    int64_t t;
    return letter && digit && timestamp_parse(s, n, &t) != 0;
}

/* Whether a word of the header (ASCII letters, any case) holds one of `words`: one of four
 * letters or more anywhere in it ("Zahlkarte", "DeviceHash"), a shorter one at its start only
 * ("cc" in "CC Hash" but not in "Access", "pan" not in "Company"). Server words (inside = 0)
 * only at a word's start. */
static int header_says(const char *h, size_t n, const char *const *words, int inside)
{
    for (size_t i = 0; i < n;) {
        while (i < n && !((h[i] | 0x20) >= 'a' && (h[i] | 0x20) <= 'z'))
            i++;
        size_t j = i;
        while (j < n && (h[j] | 0x20) >= 'a' && (h[j] | 0x20) <= 'z')
            j++;
        for (size_t w = 0; words[w]; w++) {
            size_t k = strlen(words[w]);
            size_t last = inside && k >= 4 && j >= k ? j - k : i; /* last start tried */
            for (size_t at = i; at <= last && at + k <= j; at++) {
                size_t x = 0;
                while (x < k && (h[at + x] | 0x20) == words[w][x])
                    x++;
                if (x == k)
                    return 1;
            }
        }
        i = j;
    }
    return 0;
}

static const char *const card_words[] = {"card",    "pay",   "token", "instrument", "karte",
                                         "tarjeta", "carte", "cc",    "pan",        NULL};
static const char *const device_words[] = {"device", "browser",   "visitor",  "gerat",
                                           "geraet", "dispositi", "appareil", NULL};
static const char *const finger_words[] = {"finger", "fp", NULL};
static const char *const server_words[] = {"server", "dedicated", "assigned", "host",    "node",
                                           "vm",     "instance",  "nat",      "gateway", NULL};

static int cmp_str(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    return strcmp(*x, *y);
}

/* How many of v[0..n) are distinct (v is sorted). */
static size_t distinct(const char **v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_str);
    size_t d = n > 0;
    for (size_t i = 1; i < n; i++)
        d += strcmp(v[i], v[i - 1]) != 0;
    return d;
}

enum { KIND_NONE, KIND_EMAIL, KIND_IP, KIND_TOKEN };

typedef struct column_view {
    int kind;
    double spread; /* distinct values (for IPs: distinct /16s) per value */
} column_view;

/* What column h of the sample holds, with the share of its values that are distinct: customers'
 * identifiers are mostly their own, where a staff address, a plan code or the provider's own
 * server addresses repeat. */
static column_view column_kind(const char *const *field, const size_t *len, size_t nh, size_t h,
                               size_t n_rows)
{
    column_view v = {KIND_NONE, 0};
    size_t present = 0, n_email = 0, n_ip = 0, n_tok = 0;
    const char **email = xmalloc((n_rows ? n_rows : 1) * sizeof *email);
    const char **net = xmalloc((n_rows ? n_rows : 1) * sizeof *net);
    const char **tok = xmalloc((n_rows ? n_rows : 1) * sizeof *tok);
    char *nets = xmalloc((n_rows ? n_rows : 1) * NORM_KEY_MAX);
    char key[NORM_KEY_MAX], prefix[NORM_KEY_MAX];
    for (size_t r = 0; r < n_rows; r++) {
        const char *s = field[r * nh + h];
        size_t n = len[r * nh + h];
        if (s == NULL || n == 0)
            continue;
        present++;
        size_t dom;
        if (n < NORM_KEY_MAX && email_normalize(s, n, key, &dom) > 0)
            email[n_email++] = s;
        int ipv = n < NORM_KEY_MAX ? ip_normalize(s, n, key, prefix) : 0;
        if (ipv) {
            /* the /16 of an IPv4 address, the first two groups of an IPv6 one */
            char *o = nets + n_ip * NORM_KEY_MAX;
            size_t k = 0, dots = 0;
            char stop = ipv == 4 ? '.' : ':';
            while (key[k] && k < NORM_KEY_MAX - 1 && !(key[k] == stop && ++dots == 2))
                o[k] = key[k], k++;
            o[k] = '\0';
            net[n_ip++] = o;
        }
        if (token(s, n))
            tok[n_tok++] = s;
    }
    if (present >= INFER_MIN_VALUES) {
        if (n_email * 10 >= present * 9)
            v = (column_view){KIND_EMAIL, (double)distinct(email, n_email) / (double)n_email};
        else if (n_ip * 10 >= present * 9)
            v = (column_view){KIND_IP, (double)distinct(net, n_ip) / (double)n_ip};
        else if (n_tok * 10 >= present * 9)
            v = (column_view){KIND_TOKEN, (double)distinct(tok, n_tok) / (double)n_tok};
    }
    /* a column whose values mostly repeat is no customer's identifier */
    if ((v.kind == KIND_EMAIL && v.spread < 0.3) || (v.kind == KIND_TOKEN && v.spread < 0.3) ||
        (v.kind == KIND_IP && v.spread < 0.08))
        v.kind = KIND_NONE;
    xfree(email);
    xfree(net);
    xfree(tok);
    xfree(nets);
    return v;
}

/* The unused column of `kind` with the most spread values, or -1. */
static long best_column(const colbind *b, const column_view *view, size_t n, int kind)
{
    long best = -1;
    for (size_t h = 0; h < n; h++)
        if (!b->used[h] && view[h].kind == kind && (best < 0 || view[h].spread > view[best].spread))
            best = (long)h;
    return best;
}

void infer_columns(const colmap *m, colbind *b, const char *const *header, const size_t *hlen,
                   size_t nh, const char *const *field, const size_t *len, size_t n_rows)
{
    size_t n = nh < INFER_MAX_COLUMNS ? nh : INFER_MAX_COLUMNS;
    column_view *view = xcalloc(n ? n : 1, sizeof *view);
    for (size_t h = 0; h < n; h++) {
        if (b->used[h])
            continue;
        view[h] = column_kind(field, len, nh, h, n_rows);
        /* a server's address (a dedicated IP, a node) is the provider's, not the customer's */
        if (view[h].kind == KIND_IP && header_says(header[h], hlen[h], server_words, 0))
            view[h].kind = KIND_NONE;
    }
    long h;
    if (b->src[CANON_EMAIL].n == 0 && (h = best_column(b, view, n, KIND_EMAIL)) >= 0)
        colbind_assign(m, b, CANON_EMAIL, (size_t)h, header, hlen);
    if (b->src[CANON_SIGNUP_IP].n == 0 && (h = best_column(b, view, n, KIND_IP)) >= 0)
        colbind_assign(m, b, CANON_SIGNUP_IP, (size_t)h, header, hlen);
    /* tokens: those whose header says device or card first (a device's word over a card's, a
       card's over "fingerprint"), then the rest in header order, the card first */
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n; k++) {
            if (view[k].kind != KIND_TOKEN || b->used[k])
                continue;
            int device = header_says(header[k], hlen[k], device_words, 1);
            int card = !device && header_says(header[k], hlen[k], card_words, 1);
            device |= !card && header_says(header[k], hlen[k], finger_words, 1);
            canon_col want = device ? CANON_DEVICE_FP : CANON_PAYMENT_FP;
            canon_col other = device ? CANON_PAYMENT_FP : CANON_DEVICE_FP;
            if ((card || device) != (pass == 0))
                continue;
            if (b->src[want].n == 0)
                colbind_assign(m, b, want, k, header, hlen);
            else if (b->src[other].n == 0 && !(card || device))
                colbind_assign(m, b, other, k, header, hlen);
        }
    xfree(view);
}
