/* fuzz_normalize.c: every normalizer of normalize/normalize.h on arbitrary bytes.
 *
 * The first byte chooses the normalizer (and for the phone, whether a country comes with it, in
 * the next two bytes); the rest is the field. Keys are written into heap buffers of exactly
 * NORM_KEY_MAX bytes, so that a write past the documented size is an ASan report, not a silent
 * overwrite of the next key. Checked:
 *   - the key is NUL-terminated at the returned length, which is below NORM_KEY_MAX;
 *   - the key is valid UTF-8 without NUL whenever the field is (the reader hands the
 *     normalizers nothing else; on other input only memory safety and bounds are checked);
 *   - per kind: phone keys are 6..15 digits, country keys two capitals, dates eight digits of a
 *     real date between 1800 and 2200, IPs of version 4 or 6 with a prefix;
 *   - idempotence where a key is a fixed point by construction: name, address, ident, code,
 *     e-mail, country and date keys normalize to themselves, and an IP's canonical text parses
 *     back to itself with the same prefix.
 */
#include "fuzz/fuzz.h"
#include "normalize/normalize.h"
#include "util/utf8.h"

#include <string.h>

enum {
    K_NAME,
    K_ADDRESS,
    K_IDENT,
    K_CODE,
    K_EMAIL,
    K_COUNTRY,
    K_PHONE,
    K_PHONE_COUNTRY,
    K_IP,
    K_TIMESTAMP,
    K_DATE,
    K_CATEGORY,
    K_COUNT
};

static void check_key(const char *key, size_t len, int input_utf8, const char *what)
{
    FUZZ_CHECK(len < NORM_KEY_MAX, "%s: key of %zu bytes", what, len);
    FUZZ_CHECK(key[len] == '\0', "%s: key not terminated at %zu", what, len);
    if (input_utf8) { /* valid UTF-8 without NUL, as the reader hands fields over */
        FUZZ_CHECK(strlen(key) == len, "%s: NUL inside the key", what);
        FUZZ_CHECK(utf8_valid(key, len), "%s: key is not UTF-8", what);
    }
}

typedef size_t (*text_fn)(const char *, size_t, char *);

/* Normalizes s and checks the key; when idem, normalizing the key again gives the key. */
static void text_kind(text_fn fn, const char *s, size_t n, int utf8, int idem, const char *what)
{
    char *out = malloc(NORM_KEY_MAX), *again = malloc(NORM_KEY_MAX);
    size_t len = fn(s, n, out);
    check_key(out, len, utf8, what);
    if (idem && utf8) {
        size_t len2 = fn(out, len, again);
        FUZZ_CHECK(len2 == len && memcmp(out, again, len) == 0, "%s not idempotent: '%s' -> '%s'",
                   what, out, again);
    }
    free(out);
    free(again);
}

static void email_kind(const char *s, size_t n, int utf8)
{
    char *out = malloc(NORM_KEY_MAX), *again = malloc(NORM_KEY_MAX);
    size_t dom = 99999, dom2;
    size_t len = email_normalize(s, n, out, &dom);
    check_key(out, len, utf8, "email");
    if (len) {
        FUZZ_CHECK(dom > 0 && dom < len && out[dom - 1] == '@', "domain offset %zu of '%s'", dom,
                   out);
        size_t len2 = utf8 ? email_normalize(out, len, again, &dom2) : 0;
        FUZZ_CHECK(!utf8 || (len2 == len && memcmp(out, again, len) == 0 && dom2 == dom),
                   "email not idempotent: '%s' -> '%s'", out, again);
    } else {
        FUZZ_CHECK(dom == 0 && out[0] == '\0', "no key but domain offset %zu", dom);
    }
    free(out);
    free(again);
}

static void country_kind(const char *s, size_t n, int utf8)
{
    char *out = malloc(NORM_KEY_MAX), *again = malloc(NORM_KEY_MAX);
    size_t len = country_normalize(s, n, out);
    check_key(out, len, utf8, "country");
    FUZZ_CHECK(len == 0 ||
                   (len == 2 && out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'A' && out[1] <= 'Z'),
               "country key '%s'", out);
    if (len && utf8) {
        size_t len2 = country_normalize(out, len, again);
        FUZZ_CHECK(len2 == 2 && memcmp(out, again, 2) == 0, "country not idempotent: %s", out);
    }
    free(out);
    free(again);
}

static void phone_kind(const char *s, size_t n, const char *country, int utf8)
{
    char *out = malloc(NORM_KEY_MAX);
    size_t len = phone_normalize(s, n, country, out);
    check_key(out, len, utf8, "phone");
    FUZZ_CHECK(len == 0 || (len >= 6 && len <= 15), "phone key of %zu digits", len);
    for (size_t i = 0; i < len; i++)
        FUZZ_CHECK(out[i] >= '0' && out[i] <= '9', "phone key '%s'", out);
    free(out);
}

static void ip_kind_check(const char *s, size_t n, int utf8)
{
    char *out = malloc(NORM_KEY_MAX), *prefix = malloc(NORM_KEY_MAX);
    char *out2 = malloc(NORM_KEY_MAX), *prefix2 = malloc(NORM_KEY_MAX);
    int v = ip_normalize(s, n, out, prefix);
    FUZZ_CHECK(v == 0 || v == 4 || v == 6, "ip version %d", v);
    check_key(out, strlen(out), utf8, "ip");
    check_key(prefix, strlen(prefix), utf8, "ip prefix");
    if (v == 0) {
        FUZZ_CHECK(out[0] == '\0' && prefix[0] == '\0', "no address but text");
    } else {
        FUZZ_CHECK(out[0] != '\0' && prefix[0] != '\0', "address without text");
        int v2 = ip_normalize(out, strlen(out), out2, prefix2);
        FUZZ_CHECK(v2 == v && strcmp(out, out2) == 0 && strcmp(prefix, prefix2) == 0,
                   "ip canonical text '%s' (%s) reads back as '%s' (%s)", out, prefix, out2,
                   prefix2);
    }
    free(out);
    free(prefix);
    free(out2);
    free(prefix2);
}

static void timestamp_kind(const char *s, size_t n)
{
    int64_t t = 12345;
    int r = timestamp_parse(s, n, &t);
    FUZZ_CHECK(r == 0 || r == -1, "timestamp_parse returned %d", r);
    /* Whatever it accepts, the result must be usable by the range check of row.c. */
    if (r == 0)
        FUZZ_CHECK(t != INT64_MIN, "timestamp INT64_MIN is the missing marker");
    /* the wider reader agrees with it, and a date read two ways differs by less than a year */
    int64_t u = 0, alt = 0;
    int order = -1;
    int ra = timestamp_parse_any(s, n, &u, &alt, &order);
    FUZZ_CHECK(ra == 0 || ra == -1, "timestamp_parse_any returned %d", ra);
    FUZZ_CHECK(order >= TS_ORDER_NONE && order <= TS_AMBIGUOUS, "order %d", order);
    FUZZ_CHECK(r != 0 || (ra == 0 && u == t && order != TS_AMBIGUOUS),
               "parse and parse_any differ");
    if (ra == 0 && order == TS_AMBIGUOUS)
        FUZZ_CHECK(alt != u && (alt - u < 366 * 86400 && u - alt < 366 * 86400),
                   "two readings %lld and %lld", (long long)u, (long long)alt);
}

static void date_kind(const char *s, size_t n, int utf8)
{
    char *out = malloc(NORM_KEY_MAX), *again = malloc(NORM_KEY_MAX);
    size_t len = date_normalize(s, n, out);
    check_key(out, len, utf8, "date");
    FUZZ_CHECK(len == 0 || len == 8, "date key of %zu bytes", len);
    if (len) {
        for (int i = 0; i < 8; i++)
            FUZZ_CHECK(out[i] >= '0' && out[i] <= '9', "date key '%s'", out);
        int y = atoi((char[]){out[0], out[1], out[2], out[3], 0});
        FUZZ_CHECK(y >= 1800 && y <= 2200, "date year %d", y);
        size_t len2 = date_normalize(out, 8, again);
        FUZZ_CHECK(!utf8 || (len2 == 8 && memcmp(out, again, 8) == 0), "date not idempotent: %s",
                   out);
        int64_t t;
        FUZZ_CHECK(timestamp_parse(out, 8, &t) == 0, "date key %s is not a timestamp", out);
    }
    free(out);
    free(again);
}

static void category_kind(const char *s, size_t n)
{
    payment_type p = payment_type_parse(s, n);
    FUZZ_CHECK(p >= PAY_UNKNOWN && p < PAY_COUNT, "payment type %d", (int)p);
    FUZZ_CHECK(payment_type_name(p) != NULL, "payment type name");
    ip_kind k = ip_kind_parse(s, n);
    FUZZ_CHECK(k >= IPK_UNKNOWN && k < IPK_COUNT, "ip kind %d", (int)k);
    FUZZ_CHECK(ip_kind_name(k) != NULL, "ip kind name");
    int ok = 7;
    int l = label_parse(s, n, &ok);
    FUZZ_CHECK(l >= -1 && l <= 1 && (ok == 0 || ok == 1), "label %d ok %d", l, ok);
    FUZZ_CHECK(ok || l == -1, "an invalid label is unknown");
}

int fuzz_normalize(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int kind = data[0] % K_COUNT;
    data++, size--;
    char country[3] = {0};
    if (kind == K_PHONE_COUNTRY && size >= 2) {
        country[0] = (char)data[0];
        country[1] = (char)data[1];
        data += 2, size -= 2;
    }
    /* A copy of exactly `size` bytes: a read past the field is an ASan report. */
    char *s = malloc(size ? size : 1);
    if (size)
        memcpy(s, data, size);
    int utf8 = utf8_valid(s, size) && memchr(s, '\0', size) == NULL;
    switch (kind) {
    case K_NAME:
        text_kind(name_normalize, s, size, utf8, 1, "name");
        break;
    case K_ADDRESS:
        text_kind(address_normalize, s, size, utf8, 1, "address");
        break;
    case K_IDENT:
        text_kind(ident_normalize, s, size, utf8, 1, "ident");
        break;
    case K_CODE:
        text_kind(code_normalize, s, size, utf8, 1, "code");
        break;
    case K_EMAIL:
        email_kind(s, size, utf8);
        break;
    case K_COUNTRY:
        country_kind(s, size, utf8);
        break;
    case K_PHONE:
        phone_kind(s, size, NULL, utf8);
        break;
    case K_PHONE_COUNTRY:
        phone_kind(s, size, country, utf8);
        break;
    case K_IP:
        ip_kind_check(s, size, utf8);
        break;
    case K_TIMESTAMP:
        timestamp_kind(s, size);
        break;
    case K_DATE:
        date_kind(s, size, utf8);
        break;
    case K_CATEGORY:
        category_kind(s, size);
        break;
    }
    free(s);
    return 0;
}

FUZZ_TARGET(fuzz_normalize)
