/* row.c: normalize_row() and raw_row_bind() (see row.h).
 *
 * The order of work matters in one place: the billing country is normalized before the phone
 * number, whose national form needs the country's calling code. A name comes from `name` when
 * present, otherwise from first_name and last_name joined with a space (order does not matter
 * for the key, which sorts its tokens).
 */
#include "normalize/row.h"
#include "normalize/domains.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void raw_row_bind(raw_row *out, const colbind *b, size_t n_extra, const csv_record *rec,
                  strbuf *join)
{
    size_t n_targets = CANON_COUNT + n_extra;
    size_t join_off[COLMAP_MAX_TARGETS];
    strbuf_reset(join);
    for (size_t t = 0; t < n_targets; t++) {
        const col_source *s = &b->src[t];
        out->field[t] = NULL;
        out->len[t] = 0;
        join_off[t] = (size_t)-1;
        if (s->n == 1) {
            out->field[t] = rec->field[s->col[0]];
            out->len[t] = rec->len[s->col[0]];
        } else if (s->n > 1) {
            /* A join is at most COLMAP_MAX_JOIN fields of a record that fitted in its limit,
             * and join's maximum is set by the caller to hold that; a refused append only
             * shortens the joined value. */
            join_off[t] = join->len;
            size_t start = join->len;
            for (size_t k = 0; k < s->n; k++) {
                size_t l = rec->len[s->col[k]];
                if (l == 0)
                    continue;
                if (join->len > start)
                    strbuf_putc(join, ' ');
                strbuf_append(join, rec->field[s->col[k]], l);
            }
            out->len[t] = join->len - start;
            strbuf_putc(join, '\0');
        }
    }
    for (size_t t = 0; t < n_targets; t++)
        if (join_off[t] != (size_t)-1)
            out->field[t] = strbuf_cstr(join) + join_off[t];
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n'))
        (*s)++, (*n)--;
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' ||
                      (*s)[*n - 1] == '\n'))
        (*n)--;
}

static void set(lease_row *out, int col, const char *s, size_t n)
{
    out->text[col] = s;
    out->len[col] = n;
}

/* Copies s trimmed into buf (cut to NORM_KEY_MAX - 1 bytes at a code point boundary). */
static size_t copy_trimmed(const char *s, size_t n, char *buf)
{
    trim(&s, &n);
    if (n >= NORM_KEY_MAX) {
        n = NORM_KEY_MAX - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    return n;
}

static int present(const raw_row *in, int c)
{
    const char *s = in->field[c];
    size_t n = in->len[c];
    if (s == NULL)
        return 0;
    trim(&s, &n);
    return n > 0;
}

/* Digits of s[0..n) from i on. */
static size_t digits_from(const char *s, size_t n, size_t i)
{
    size_t d = 0;
    while (i + d < n && s[i + d] >= '0' && s[i + d] <= '9')
        d++;
    return d;
}

/* 10^k, exact in a double for k <= 22. */
static const double pow10_exact[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* A plain decimal ("15", "-4.50") of at most 15 digits, as strtod reads it: the digits make an
 * integer that a double holds exactly, and dividing it by the exact power of ten rounds the
 * quotient once, to the double nearest the decimal, which is strtod's result. 1 with *v set,
 * else 0 (any other form, for the general reading). */
static int plain_decimal(const char *s, size_t n, double *v)
{
    size_t i = s[0] == '-', digits = 0, point = n, frac = 0;
    uint64_t m = 0;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            m = m * 10 + (uint64_t)(s[i] - '0');
            digits++;
            frac += point < n;
        } else if (s[i] == '.' && point == n && digits > 0) {
            point = i;
        } else {
            return 0;
        }
    }
    if (digits == 0 || digits > 15 || (point < n && frac == 0))
        return 0;
    double x = (double)m / pow10_exact[frac];
    *v = s[0] == '-' ? -x : x;
    return 1;
}

double amount_parse(const char *s, size_t n, int *ok)
{
    char buf[64];
    size_t o = 0;
    trim(&s, &n);
    *ok = 1;
    if (n == 0)
        return NAN;
    double plain;
    if (plain_decimal(s, n, &plain))
        return plain;
    /* a currency's three-letter code before or after the number ("USD 5.00", "12,50 EUR") */
    if (n > 4 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
        isupper((unsigned char)s[2]) && !isalpha((unsigned char)s[3]))
        s += 3, n -= 3;
    else if (n > 4 && isupper((unsigned char)s[n - 1]) && isupper((unsigned char)s[n - 2]) &&
             isupper((unsigned char)s[n - 3]) && !isalpha((unsigned char)s[n - 4]))
        n -= 3;
    trim(&s, &n);
    /* Which of '.' and ',' is the decimal separator: the later of the two when both occur
     * ("1,234.56", "1.234,56"); a lone comma unless three digits follow it after a whole part
     * that is not 0 ("12,50" and "0,125" but "1,234"); several dots and no comma are thousands
     * ("1.234.567"); else '.'. A thousands separator must be followed by three digits, before
     * the decimal one. */
    size_t dots = 0, commas = 0, last_dot = 0, last_comma = 0, first_digit = n;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            dots++, last_dot = i;
        else if (s[i] == ',')
            commas++, last_comma = i;
        else if (s[i] >= '0' && s[i] <= '9' && first_digit == n)
            first_digit = i;
    }
    char dec = '.';
    if (dots && commas)
        dec = last_comma > last_dot ? ',' : '.';
    else if (commas == 1) {
        int zero_whole = first_digit + 1 == last_comma && s[first_digit] == '0';
        dec = digits_from(s, n, last_comma + 1) == 3 && !zero_whole ? '.' : ',';
    } else if (dots > 1)
        dec = ',';
    int after_dec = 0;
    for (size_t i = 0; i < n && o < sizeof buf - 1; i++) {
        char c = s[i];
        if (c == dec && !after_dec) {
            buf[o++] = '.';
            after_dec = 1;
        } else if ((c >= '0' && c <= '9') || c == '-' || c == 'e' || c == 'E') {
            buf[o++] = c;
        } else if ((c == ',' || c == '.') && !after_dec && digits_from(s, n, i + 1) == 3) {
            continue; /* a thousands separator */
        } else if (c == ' ' || c == '\'' || c == '$' || (unsigned char)c >= 0x80) {
            continue; /* spaces, apostrophes and currency signs */
        } else {
            *ok = 0;
            return NAN;
        }
    }
    buf[o] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (o == 0 || *end != '\0' || !isfinite(v)) {
        *ok = 0;
        return NAN;
    }
    return v;
}

reject_reason normalize_row(const raw_row *in, size_t n_extra, uint64_t row_number, lease_row *out,
                            norm_buffers *buf, norm_counts *counts)
{
    for (size_t c = 0; c < LT_TEXT_COUNT + n_extra; c++)
        set(out, (int)c, "", 0);

    /* created_at first: it is the only field that can reject the row. */
    out->created_at = LT_MISSING_TIME;
    out->created_alt = 0;
    out->created_order = TS_ORDER_NONE;
    if (present(in, CANON_CREATED_AT)) {
        int64_t t, alt;
        int order;
        if (timestamp_parse_any(in->field[CANON_CREATED_AT], in->len[CANON_CREATED_AT], &t, &alt,
                                &order) != 0 ||
            t < LT_MIN_TIME || t >= LT_MAX_TIME ||
            (order == TS_AMBIGUOUS && (alt < LT_MIN_TIME || alt >= LT_MAX_TIME)))
            return REJECT_BAD_CREATED_AT;
        out->created_at = t;
        out->created_alt = alt;
        out->created_order = (uint8_t)order;
    } else if (in->field[CANON_CREATED_AT]) {
        counts->created_at_missing++;
    }

    char(*k)[NORM_KEY_MAX] = buf->key;
    size_t n;
    if (present(in, CANON_LEASE_ID)) {
        n = copy_trimmed(in->field[CANON_LEASE_ID], in->len[CANON_LEASE_ID], k[LT_LEASE_ID]);
    } else {
        n = (size_t)snprintf(k[LT_LEASE_ID], NORM_KEY_MAX, "row-%llu",
                             (unsigned long long)row_number);
    }
    set(out, LT_LEASE_ID, k[LT_LEASE_ID], n);
    if (in->field[CANON_ACCOUNT_ID])
        set(out, LT_ACCOUNT, k[LT_ACCOUNT],
            copy_trimmed(in->field[CANON_ACCOUNT_ID], in->len[CANON_ACCOUNT_ID], k[LT_ACCOUNT]));

    /* Name: `name`, else first + last. name_raw keeps the typed form for display. */
    char *raw = k[LT_NAME_RAW];
    size_t rn = 0;
    if (present(in, CANON_NAME)) {
        rn = copy_trimmed(in->field[CANON_NAME], in->len[CANON_NAME], raw);
    } else {
        char first[NORM_KEY_MAX], last[NORM_KEY_MAX];
        size_t fn = in->field[CANON_FIRST_NAME] ? copy_trimmed(in->field[CANON_FIRST_NAME],
                                                               in->len[CANON_FIRST_NAME], first)
                                                : 0;
        size_t ln = in->field[CANON_LAST_NAME]
                        ? copy_trimmed(in->field[CANON_LAST_NAME], in->len[CANON_LAST_NAME], last)
                        : 0;
        memcpy(raw, first, fn);
        rn = fn;
        if (ln && rn && rn + 1 < NORM_KEY_MAX)
            raw[rn++] = ' ';
        size_t take = ln < NORM_KEY_MAX - 1 - rn ? ln : NORM_KEY_MAX - 1 - rn;
        while (take > 0 && take < ln && ((unsigned char)last[take] & 0xC0) == 0x80)
            take--; /* never cut a code point */
        memcpy(raw + rn, last, take);
        rn += take;
        raw[rn] = '\0';
    }
    set(out, LT_NAME_RAW, raw, rn);
    if (rn)
        set(out, LT_NAME, k[LT_NAME], name_normalize(raw, rn, k[LT_NAME]));

    if (present(in, CANON_EMAIL)) {
        size_t dom = 0;
        n = email_normalize(in->field[CANON_EMAIL], in->len[CANON_EMAIL], k[LT_EMAIL], &dom);
        if (n) {
            set(out, LT_EMAIL, k[LT_EMAIL], n);
            set(out, LT_EMAIL_DOMAIN, k[LT_EMAIL] + dom, n - dom);
            if (domain_classify(k[LT_EMAIL] + dom, n - dom) == DOMAIN_OTHER)
                set(out, LT_ORG_DOMAIN, k[LT_EMAIL] + dom, n - dom);
        } else {
            counts->email_invalid++;
        }
    }

    if (present(in, CANON_COUNTRY)) {
        n = country_normalize(in->field[CANON_COUNTRY], in->len[CANON_COUNTRY], k[LT_COUNTRY]);
        set(out, LT_COUNTRY, k[LT_COUNTRY], n);
        if (!n)
            counts->country_unknown++;
    }
    if (present(in, CANON_PHONE)) {
        n = phone_normalize(in->field[CANON_PHONE], in->len[CANON_PHONE],
                            out->len[LT_COUNTRY] ? k[LT_COUNTRY] : NULL, k[LT_PHONE]);
        set(out, LT_PHONE, k[LT_PHONE], n);
        if (!n)
            counts->phone_invalid++;
    }
    if (in->field[CANON_ADDRESS])
        set(out, LT_ADDRESS, k[LT_ADDRESS],
            address_normalize(in->field[CANON_ADDRESS], in->len[CANON_ADDRESS], k[LT_ADDRESS]));
    if (in->field[CANON_CITY])
        set(out, LT_CITY, k[LT_CITY],
            address_normalize(in->field[CANON_CITY], in->len[CANON_CITY], k[LT_CITY]));
    if (in->field[CANON_POSTCODE])
        set(out, LT_POSTCODE, k[LT_POSTCODE],
            code_normalize(in->field[CANON_POSTCODE], in->len[CANON_POSTCODE], k[LT_POSTCODE]));
    if (present(in, CANON_DOB)) {
        n = date_normalize(in->field[CANON_DOB], in->len[CANON_DOB], k[LT_DOB]);
        set(out, LT_DOB, k[LT_DOB], n);
        if (!n)
            counts->dob_invalid++;
    }
    if (in->field[CANON_ID_NUMBER])
        set(out, LT_ID_NUMBER, k[LT_ID_NUMBER],
            code_normalize(in->field[CANON_ID_NUMBER], in->len[CANON_ID_NUMBER], k[LT_ID_NUMBER]));

    out->payment_type = in->field[CANON_PAYMENT_TYPE]
                            ? (uint8_t)payment_type_parse(in->field[CANON_PAYMENT_TYPE],
                                                          in->len[CANON_PAYMENT_TYPE])
                            : PAY_UNKNOWN;
    if (in->field[CANON_PAYMENT_FP])
        set(out, LT_PAYMENT_FP, k[LT_PAYMENT_FP],
            ident_normalize(in->field[CANON_PAYMENT_FP], in->len[CANON_PAYMENT_FP],
                            k[LT_PAYMENT_FP]));
    if (present(in, CANON_SIGNUP_IP)) {
        if (ip_normalize(in->field[CANON_SIGNUP_IP], in->len[CANON_SIGNUP_IP], k[LT_SIGNUP_IP],
                         buf->ip_prefix)) {
            set(out, LT_SIGNUP_IP, k[LT_SIGNUP_IP], strlen(k[LT_SIGNUP_IP]));
            set(out, LT_IP_PREFIX, buf->ip_prefix, strlen(buf->ip_prefix));
        } else {
            counts->ip_invalid++;
        }
    }
    if (present(in, CANON_IP_COUNTRY)) {
        n = country_normalize(in->field[CANON_IP_COUNTRY], in->len[CANON_IP_COUNTRY],
                              k[LT_IP_COUNTRY]);
        set(out, LT_IP_COUNTRY, k[LT_IP_COUNTRY], n);
        if (!n)
            counts->ip_country_unknown++;
    }
    out->ip_kind = in->field[CANON_IP_KIND]
                       ? (uint8_t)ip_kind_parse(in->field[CANON_IP_KIND], in->len[CANON_IP_KIND])
                       : IPK_UNKNOWN;
    /* A business or hosting network is an organisation's: its prefix is an identifier. A
     * residential or mobile prefix is shared by an ISP's unrelated subscribers and is not. */
    if ((out->ip_kind == IPK_BUSINESS || out->ip_kind == IPK_HOSTING) && out->len[LT_IP_PREFIX])
        set(out, LT_OFFICE_NET, out->text[LT_IP_PREFIX], out->len[LT_IP_PREFIX]);
    static const struct {
        int canon, col;
    } idents[] = {{CANON_DEVICE_FP, LT_DEVICE_FP},
                  {CANON_PLAN, LT_PLAN},
                  {CANON_REGION, LT_REGION},
                  {CANON_CURRENCY, LT_CURRENCY}};
    for (size_t i = 0; i < sizeof idents / sizeof *idents; i++)
        if (in->field[idents[i].canon])
            set(out, idents[i].col, k[idents[i].col],
                ident_normalize(in->field[idents[i].canon], in->len[idents[i].canon],
                                k[idents[i].col]));
    if (in->field[CANON_ACTOR_ID])
        set(out, LT_ACTOR, k[LT_ACTOR],
            copy_trimmed(in->field[CANON_ACTOR_ID], in->len[CANON_ACTOR_ID], k[LT_ACTOR]));

    int ok = 1;
    out->amount = NAN;
    if (in->field[CANON_AMOUNT]) {
        out->amount = amount_parse(in->field[CANON_AMOUNT], in->len[CANON_AMOUNT], &ok);
        counts->amount_invalid += !ok;
    }
    out->duration = -1;
    if (present(in, CANON_DURATION_DAYS)) {
        double d = amount_parse(in->field[CANON_DURATION_DAYS], in->len[CANON_DURATION_DAYS], &ok);
        if (ok && d >= 0 && d <= 36500 && d == (int32_t)d)
            out->duration = (int32_t)d;
        else
            counts->duration_invalid++;
    }
    out->label = -1;
    if (in->field[CANON_LABEL]) {
        out->label = (int8_t)label_parse(in->field[CANON_LABEL], in->len[CANON_LABEL], &ok);
        counts->label_invalid += !ok;
    }
    for (size_t e = 0; e < n_extra; e++) {
        size_t t = CANON_COUNT + e, c = LT_TEXT_COUNT + e;
        if (in->field[t])
            set(out, (int)c, k[c], ident_normalize(in->field[t], in->len[t], k[c]));
    }
    return REJECT_NONE;
}
