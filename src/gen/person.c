/* person.c: persons and the field renderers (see person.h).
 *
 * Every renderer is a pure function of its keys (and of the stream its caller passes, when it
 * takes one): an address key always gives the same street, number and postcode; a phone key the
 * same digits, typed in one of several formats that normalize/phone_normalize maps back to one
 * key; a person key the same mailbox. Formats follow each country's conventions: Japanese
 * "NNN-NNNN" postcodes and chome-ban-go numbers, British outward/inward postcodes, Spanish floor
 * and door, Russian "д." and "кв.", national numbers with their trunk prefix or +country code.
 *
 * The builders (gen_buf) never allocate; a field is at most GEN_FIELD_MAX bytes, far more than
 * any value rendered here.
 */
#include "gen/person.h"
#include "normalize/fold.h"
#include "normalize/normalize.h"
#include "util/utf8.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- builders */

void gen_buf_init(gen_buf *b, char *dst, size_t cap)
{
    b->p = dst;
    b->n = 0;
    b->cap = cap;
    dst[0] = '\0';
}

void gen_buf_mem(gen_buf *b, const char *s, size_t n)
{
    assert(b->n + n < b->cap);
    if (b->n + n >= b->cap)
        n = b->cap - 1 - b->n;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void gen_buf_printf(gen_buf *b, const char *fmt, ...)
{
    char tmp[GEN_FIELD_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert(n >= 0 && (size_t)n < sizeof tmp);
    gen_buf_mem(b, tmp, n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void gen_buf_str(gen_buf *b, const char *s)
{
    gen_buf_mem(b, s, strlen(s));
}

void gen_buf_chr(gen_buf *b, char c)
{
    gen_buf_mem(b, &c, 1);
}

void gen_buf_num(gen_buf *b, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width && n < (int)sizeof tmp)
        tmp[n++] = '0';
    char out[24];
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    gen_buf_mem(b, out, (size_t)n);
}

void gen_buf_hex(gen_buf *b, uint64_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    char out[16];
    assert(digits > 0 && digits <= 16);
    for (int i = digits - 1; i >= 0; i--) {
        out[i] = hex[v & 15];
        v >>= 4;
    }
    gen_buf_mem(b, out, (size_t)digits);
}

void gen_format_date(gen_buf *b, int64_t days)
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    gen_buf_num(b, (uint64_t)y, 4);
    gen_buf_chr(b, '-');
    gen_buf_num(b, (uint64_t)m, 2);
    gen_buf_chr(b, '-');
    gen_buf_num(b, (uint64_t)d, 2);
}

void gen_format_time(gen_buf *b, int64_t t)
{
    int64_t days = t / 86400, s = t % 86400;
    if (s < 0)
        s += 86400, days--;
    gen_format_date(b, days);
    gen_buf_chr(b, 'T');
    gen_buf_num(b, (uint64_t)(s / 3600), 2);
    gen_buf_chr(b, ':');
    gen_buf_num(b, (uint64_t)(s / 60 % 60), 2);
    gen_buf_chr(b, ':');
    gen_buf_num(b, (uint64_t)(s % 60), 2);
    gen_buf_chr(b, 'Z');
}

static void field(gen_row *row, int col, gen_buf *b)
{
    gen_buf_init(b, row->f[col], GEN_FIELD_MAX);
}

static void set(gen_row *row, int col, const char *s)
{
    gen_buf b;
    field(row, col, &b);
    gen_buf_str(&b, s);
}

/* ---------------------------------------------------------------- persons */

/* Payment types, numbered as normalize.h's payment_type. */
const char *gen_pay_name(int pay)
{
    return payment_type_name((payment_type)pay);
}

void gen_person_derive(gen_ctx *c, uint64_t key, int locale, gen_person *p)
{
    const gen_scenario *sc = c->sc;
    const gen_locale *L = gen_locale_get(locale);
    gsl_rng *r = c->r_person;
    gen_rng_seed(r, key);
    memset(p, 0, sizeof *p);
    p->key = key;
    p->locale = (uint8_t)locale;
    p->gender = (uint8_t)gen_below(r, 2);
    p->family = (uint16_t)gen_zipf_draw(&c->family[locale], r);
    p->family2 = (uint16_t)gen_zipf_draw(&c->family[locale], r);
    p->given = (uint16_t)gen_zipf_draw(p->gender ? &c->given_f[locale] : &c->given_m[locale], r);
    if (L->script != GS_LATIN && gen_chance(r, L->native_share))
        p->script = gen_chance(r, L->kana_share) ? 2 : 1;
    /* born 1955-2006: an adult of 18 to 70 over the log's years */
    p->dob = (int32_t)(days_from_civil(1955, 1, 1) + gen_below(r, 51 * 365));
    double u = gen_unif(r);
    if (u < sc->disposable) {
        p->mail_kind = GM_DISPOSABLE;
        double w[64];
        for (size_t i = 0; i < gen_n_disposable_domains; i++)
            w[i] = gen_disposable_domains[i].weight;
        p->mail_domain = (uint16_t)gen_pick(r, w, gen_n_disposable_domains);
    } else if (gen_chance(r, sc->freemail)) {
        p->mail_kind = GM_FREE;
        double w[64];
        for (size_t i = 0; i < L->n_freemail; i++)
            w[i] = L->freemail[i].weight;
        p->mail_domain = (uint16_t)gen_pick(r, w, L->n_freemail);
    } else {
        p->mail_kind = GM_WORK;
    }
    p->mail_style = (uint8_t)gen_below(r, 8);
    static const double digit_w[] = {0.12, 0, 0.45, 0.2, 0.23};
    p->mail_digits = (uint8_t)gen_pick(r, digit_w, 5);
    /* A free-mail provider refuses a taken name, so holders of common names carry numbers:
     * without them, unrelated people with common names would share one mailbox, which no real
     * mailbox allows (and which a linker would rightly read as one operator). More in a larger
     * log: gen_ctx_init. */
    int least = c->mail_digits;
    if (p->mail_digits < least)
        p->mail_digits = (uint8_t)least;
    if (p->mail_style >= 5 && p->mail_digits < least + 1)
        p->mail_digits = (uint8_t)(least + 1); /* a bare given name, family name or handle */
    p->mail_num = (uint32_t)gen_below(r, 4000000000u);
    p->has_phone = !gen_chance(r, sc->no_phone);
    static const double fmt_w[GEN_PHONE_FORMATS] = {0.40, 0.12, 0.15, 0.12, 0.06, 0.08, 0.02, 0.05};
    p->phone_fmt = (uint8_t)gen_pick(r, fmt_w, GEN_PHONE_FORMATS);
    const double pay_w[] = {0,
                            sc->pay_card,
                            sc->pay_paypal,
                            sc->pay_crypto,
                            sc->pay_bank,
                            sc->pay_prepaid,
                            sc->pay_other};
    p->pay = (uint8_t)gen_pick(r, pay_w, 7);
    p->isp = (uint8_t)gen_below(r, (uint32_t)L->n_res);
    p->v6 = gen_chance(r, sc->ipv6);
    double rw[16];
    for (size_t i = 0; i < L->n_region; i++)
        rw[i] = 1.0 / (double)(i + 1);
    p->region = (uint8_t)gen_pick(r, rw, L->n_region);
    p->usd = locale != GL_US && gen_chance(r, sc->pay_usd);
    double pw[32];
    for (size_t i = 0; i < gen_n_plans; i++)
        pw[i] = gen_plans[i].weight;
    p->plan = (uint8_t)gen_pick(r, pw, gen_n_plans);
}

/* ---------------------------------------------------------------- names */

/* Russian feminine family names add "a" (Иванов -> Иванова); in Cyrillic U+0430. */
void gen_name_parts(int locale, int gender, int script, int family, int family2, int given,
                    char *given_out, char *family_out, size_t cap)
{
    const gen_locale *L = gen_locale_get(locale);
    const gen_name *g = gender ? &L->given_f[given] : &L->given_m[given];
    const gen_name *f = &L->family[family];
    const char *gs = script == 2 && g->kana ? g->kana : script && g->native ? g->native : g->latin;
    const char *fs = script == 2 && f->kana ? f->kana : script && f->native ? f->native : f->latin;
    gen_buf b;
    gen_buf_init(&b, given_out, cap);
    gen_buf_str(&b, gs);
    gen_buf_init(&b, family_out, cap);
    gen_buf_str(&b, fs);
    if (L->fem_suffix && gender)
        gen_buf_str(&b, script ? "\xd0\xb0" : "a");
    if (L->two_surnames) {
        gen_buf_chr(&b, ' ');
        gen_buf_str(&b, L->family[family2].latin);
    }
}

/* Latin-1 letters in UTF-8 (C3 80..C3 BE) change case by 0x20 in the second byte. */
static void change_case(char *s, int upper)
{
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (upper && *p >= 'a' && *p <= 'z')
            *p = (unsigned char)(*p - 32);
        else if (!upper && *p >= 'A' && *p <= 'Z')
            *p = (unsigned char)(*p + 32);
        else if (*p == 0xC3 && p[1]) {
            unsigned char c = p[1];
            if (upper && c >= 0xA0 && c <= 0xBE && c != 0xB7)
                p[1] = (unsigned char)(c - 0x20);
            else if (!upper && c >= 0x80 && c <= 0x9E && c != 0x97)
                p[1] = (unsigned char)(c + 0x20);
            p++;
        }
    }
}

/* One-character edit of an ASCII letter: substitution by a keyboard neighbour, deletion,
 * doubling or transposition. Leaves non-ASCII bytes alone. */
static void typo_apply(char *s, unsigned v)
{
    static const char *const near = "qwertyuiopasdfghjklzxcvbnm";
    size_t n = strlen(s);
    size_t idx[64], m = 0;
    for (size_t i = 1; i < n && m < 64; i++) /* never the initial */
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))
            idx[m++] = i;
    if (m == 0)
        return;
    size_t i = idx[(v >> 2) % m];
    switch (v % 4) {
    case 0: { /* substitution */
        const char *q = strchr(near, s[i] | 32);
        char nc = q ? (q[1] ? q[1] : near[0]) : 'e';
        s[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(nc - 32) : nc;
        break;
    }
    case 1: /* deletion */
        if (n > 3)
            memmove(s + i, s + i + 1, n - i);
        break;
    case 2: /* doubling */
        if (n + 2 < 80) {
            memmove(s + i + 1, s + i, n - i + 1);
        }
        break;
    default: /* transposition with the next ASCII letter */
        if (i + 1 < n &&
            ((s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z'))) {
            char t = s[i];
            s[i] = s[i + 1];
            s[i + 1] = t;
        } else if (n > 3) {
            memmove(s + i, s + i + 1, n - i);
        }
    }
}

void gen_name_write(gen_row *row, const char *given, const char *family, int order, int kase,
                    int typo, int native)
{
    char g[96], f[96];
    snprintf(g, sizeof g, "%s", given);
    snprintf(f, sizeof f, "%s", family);
    if (typo >= 0 && !native)
        typo_apply((typo & 1) ? f : g, (unsigned)typo >> 1);
    if (!native && kase != NC_AS_IS) {
        change_case(g, kase == NC_UPPER);
        change_case(f, kase == NC_UPPER);
    }
    gen_buf fb, lb;
    field(row, GC_FIRST_NAME, &fb);
    field(row, GC_LAST_NAME, &lb);
    if (native) {
        /* CJK and Cyrillic: case plays no part; the "full" form is family first, unspaced
         * for CJK, as it is written natively. */
        switch (order) {
        case NO_SWAP:
        case NO_SWAP_UPPER:
            gen_buf_str(&fb, f);
            gen_buf_str(&lb, g);
            break;
        case NO_FULL:
        case NO_COMMA:
            gen_buf_str(&fb, f);
            if ((unsigned char)f[0] < 0xE0) /* Cyrillic (2-byte) keeps a space */
                gen_buf_chr(&fb, ' ');
            gen_buf_str(&fb, g);
            break;
        default:
            gen_buf_str(&fb, g);
            gen_buf_str(&lb, f);
        }
        return;
    }
    char fu[96];
    snprintf(fu, sizeof fu, "%s", f);
    change_case(fu, 1);
    switch (order) {
    case NO_SWAP:
        gen_buf_str(&fb, f);
        gen_buf_str(&lb, g);
        break;
    case NO_UPPER:
        gen_buf_str(&fb, g);
        gen_buf_str(&lb, fu);
        break;
    case NO_SWAP_UPPER:
        gen_buf_str(&fb, fu);
        gen_buf_str(&lb, g);
        break;
    case NO_FULL:
        gen_buf_str(&fb, g);
        gen_buf_chr(&fb, ' ');
        gen_buf_str(&fb, f);
        break;
    case NO_COMMA:
        gen_buf_str(&fb, f);
        gen_buf_str(&fb, ", ");
        gen_buf_str(&fb, g);
        break;
    default:
        gen_buf_str(&fb, g);
        gen_buf_str(&lb, f);
    }
}

/* ---------------------------------------------------------------- e-mail */

/* Lower-case ASCII letters and digits of a Latin name (accents folded, separators dropped);
 * only the first token of a multi-word name when first_only. */
static void ascii_name(const char *s, char *out, size_t cap, int first_only)
{
    size_t o = 0, n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        if (first_only && cp == ' ')
            break;
        char f[4];
        size_t fl = 0;
        if (fold_char(cp, f, &fl) != FOLD_KEEP)
            continue;
        for (size_t k = 0; k < fl; k++)
            if (((f[k] >= 'a' && f[k] <= 'z') || (f[k] >= '0' && f[k] <= '9')) && o + 1 < cap)
                out[o++] = f[k];
    }
    out[o] = '\0';
}

void gen_word(gen_buf *b, uint64_t id, uint64_t seed)
{
    /* a 24-bit keyed bijection (Feistel on 12-bit halves), then 4 base-n syllables:
     * n^4 > 2^24 for n >= 64, so distinct ids give distinct syllable strings, and the syllable
     * set is uniquely decodable (every syllable starts with a consonant). */
    uint64_t x = id & 0xffffffu, l = x >> 12, r = x & 0xfff;
    for (uint64_t round = 0; round < 3; round++) {
        uint64_t f = gen_key3(seed, 0x776f7264 + round, r) & 0xfff;
        uint64_t nl = r;
        r = l ^ f;
        l = nl;
    }
    x = (l << 12) | r;
    assert(gen_n_syllables >= 64);
    for (int i = 0; i < 4; i++) {
        gen_buf_str(b, gen_syllables[x % gen_n_syllables]);
        x /= gen_n_syllables;
    }
    if (id >> 24)
        gen_buf_num(b, id >> 24, 0);
}

void gen_email_local(gen_buf *b, const char *given_latin, const char *family_latin, int style,
                     int digits, uint32_t num, int birth_year)
{
    char g[64], f[64];
    ascii_name(given_latin, g, sizeof g, 0);
    ascii_name(family_latin, f, sizeof f, 1);
    switch (style) {
    case 0:
        gen_buf_printf(b, "%s.%s", g, f);
        break;
    case 1:
        gen_buf_printf(b, "%s%s", g, f);
        break;
    case 2:
        gen_buf_printf(b, "%c%s", g[0] ? g[0] : 'x', f);
        break;
    case 3:
        gen_buf_printf(b, "%s.%s", f, g);
        break;
    case 4:
        gen_buf_printf(b, "%s_%s", g, f);
        break;
    case 5:
        gen_buf_str(b, g);
        break;
    case 6:
        gen_buf_str(b, f);
        gen_buf_num(b, (uint64_t)(birth_year % 100), 2);
        break;
    default: { /* a handle of syllables, drawn from other bits of num than its digits */
        uint32_t h = num * 2654435761u;
        h ^= h >> 15;
        for (uint32_t k = h, i = 0; i < 2 + (h >> 31); i++, k /= (uint32_t)gen_n_syllables)
            gen_buf_str(b, gen_syllables[k % gen_n_syllables]);
        break;
    }
    }
    static const uint32_t mod[] = {1,      10,      100,      1000,      10000,
                                   100000, 1000000, 10000000, 100000000, 1000000000};
    if (digits > 9)
        digits = 9;
    if (digits > 0)
        gen_buf_num(b, num % mod[digits], style == 6 ? 0 : digits);
}

static int birth_year(int32_t dob)
{
    int y, m, d;
    civil_from_days(dob, &y, &m, &d);
    return y;
}

void gen_email_person(gen_ctx *c, gen_buf *b, const gen_person *p, int which)
{
    const gen_locale *L = gen_locale_get(p->locale);
    gen_person alt;
    if (which) {
        /* a second address: another provider, style and number of the same person */
        alt = *p;
        uint64_t k = gen_key(p->key, 0x2e6d61696c32ULL);
        alt.mail_style = (uint8_t)(k % 8);
        alt.mail_digits = (uint8_t)(2 + (k >> 8) % 3);
        if (alt.mail_digits < c->mail_digits - 1)
            alt.mail_digits = (uint8_t)(c->mail_digits - 1);
        alt.mail_num = (uint32_t)((k >> 16) % 4000000000u);
        alt.mail_kind = GM_FREE;
        alt.mail_domain =
            (uint16_t)((p->mail_domain + 1 + (k >> 40) % (L->n_freemail - 1)) % L->n_freemail);
        p = &alt;
    }
    char given[96], family[96];
    gen_name_parts(p->locale, p->gender, 0, p->family, p->family2, p->given, given, family,
                   sizeof given);
    const char *domain;
    if (p->mail_kind == GM_DISPOSABLE) {
        /* a throwaway handle, not the person's name */
        gen_email_local(b, given, family, 7, 3, p->mail_num, 0);
        domain = gen_disposable_domains[p->mail_domain].domain;
    } else if (p->mail_kind == GM_WORK) {
        gen_email_local(b, given, family, p->mail_style < 5 ? p->mail_style : 0, 0, 0, 0);
        gen_buf_chr(b, '@');
        gen_word(b, gen_key(p->key, 0x776f726bULL) & 0xffffff, c->seed);
        gen_buf_str(b, L->corp_tld);
        return;
    } else {
        domain = L->freemail[p->mail_domain].domain;
        if (strcmp(domain, "qq.com") == 0) {
            /* QQ mailboxes are the account number */
            gen_buf_num(b, 10000 + (p->key >> 20) % 3000000000ULL, 0);
        } else {
            gen_email_local(b, given, family, p->mail_style, p->mail_digits, p->mail_num,
                            birth_year(p->dob));
        }
    }
    gen_buf_chr(b, '@');
    gen_buf_str(b, domain);
}

/* ---------------------------------------------------------------- phones */

void gen_phone_mobile(int locale, uint64_t key, char *nsn)
{
    const gen_locale *L = gen_locale_get(locale);
    gen_buf b;
    gen_buf_init(&b, nsn, 24);
    uint64_t h = gen_mix(key ^ 0x70686f6e65ULL);
    if (L->n_mobile_prefix == 0) {
        /* North America: a geographic area code, an exchange that starts 2-9 */
        gen_buf_str(&b, L->city[h % L->n_city].area);
        h /= L->n_city;
        gen_buf_chr(&b, (char)('2' + h % 8));
        h /= 8;
    } else {
        gen_buf_str(&b, L->mobile_prefix[h % L->n_mobile_prefix]);
        h /= L->n_mobile_prefix;
    }
    while ((int)b.n < L->mobile_len) {
        gen_buf_chr(&b, (char)('0' + h % 10));
        h /= 10;
        if (h < 10)
            h = gen_mix(h ^ key);
    }
}

void gen_phone_land(int locale, int city, uint64_t key, char *nsn, int *area_len)
{
    const gen_locale *L = gen_locale_get(locale);
    gen_buf b;
    gen_buf_init(&b, nsn, 24);
    gen_buf_str(&b, L->city[city].area);
    *area_len = (int)b.n;
    uint64_t h = gen_mix(key ^ 0x6c616e64ULL);
    gen_buf_chr(&b, (char)('2' + h % 7)); /* subscriber numbers do not start with 0 or 1 */
    h /= 7;
    while ((int)b.n < L->land_len) {
        gen_buf_chr(&b, (char)('0' + h % 10));
        h /= 10;
        if (h < 10)
            h = gen_mix(h ^ key);
    }
}

int gen_phone_pick_format(gsl_rng *r, int preferred, double reformat)
{
    return gen_chance(r, reformat) ? (int)gen_below(r, GEN_PHONE_FORMATS) : preferred;
}

/* Writes nsn in groups (mobile: the locale's grouping; landline: area, then two halves). */
static void phone_groups(gen_buf *b, const gen_locale *L, const char *nsn, int area_len,
                         const char *prefix, char sep)
{
    size_t n = strlen(nsn), pos = 0;
    int first = 1;
    char groups[12];
    size_t ng = 0;
    if (area_len > 0) {
        size_t rest = n - (size_t)area_len;
        groups[ng++] = (char)area_len;
        groups[ng++] = (char)(rest / 2);
        groups[ng++] = (char)(rest - rest / 2);
    } else {
        for (const char *g = L->group; *g && ng < sizeof groups; g++)
            groups[ng++] = (char)(*g - '0');
    }
    for (size_t i = 0; i < ng && pos < n; i++) {
        if (!first)
            gen_buf_chr(b, sep);
        if (first && prefix)
            gen_buf_str(b, prefix);
        first = 0;
        size_t k = (size_t)groups[i];
        if (i + 1 == ng || pos + k > n)
            k = n - pos;
        gen_buf_mem(b, nsn + pos, k);
        pos += k;
    }
}

void gen_phone_format(gen_buf *b, int locale, const char *nsn, int area_len, int fmt)
{
    const gen_locale *L = gen_locale_get(locale);
    int land = area_len > 0;
    const char *trunk = (land || L->mobile_trunk) ? L->trunk : "";
    char plain[40];
    switch (fmt) {
    case 0: /* national, the country's usual punctuation */
        if (locale == GL_US) {
            gen_buf_chr(b, '(');
            gen_buf_mem(b, nsn, 3);
            gen_buf_str(b, ") ");
            gen_buf_mem(b, nsn + 3, 3);
            gen_buf_chr(b, '-');
            gen_buf_str(b, nsn + 6);
        } else if (locale == GL_RU) {
            gen_buf_str(b, L->trunk);
            gen_buf_str(b, " (");
            gen_buf_mem(b, nsn, 3);
            gen_buf_str(b, ") ");
            gen_buf_mem(b, nsn + 3, 3);
            gen_buf_chr(b, '-');
            gen_buf_mem(b, nsn + 6, 2);
            gen_buf_chr(b, '-');
            gen_buf_str(b, nsn + 8);
        } else {
            phone_groups(b, L, nsn, area_len, trunk,
                         (locale == GL_FR || locale == GL_GB || locale == GL_DE ||
                          locale == GL_ES || locale == GL_CN)
                             ? ' '
                             : '-');
        }
        break;
    case 1:
        phone_groups(b, L, nsn, area_len, trunk, ' ');
        break;
    case 2:
        snprintf(plain, sizeof plain, "%s%s", trunk, nsn);
        gen_buf_str(b, plain);
        break;
    case 3:
        gen_buf_chr(b, '+');
        gen_buf_str(b, L->calling);
        gen_buf_chr(b, ' ');
        phone_groups(b, L, nsn, area_len, NULL, '-');
        break;
    case 4:
        gen_buf_chr(b, '+');
        gen_buf_str(b, L->calling);
        gen_buf_chr(b, ' ');
        phone_groups(b, L, nsn, area_len, NULL, ' ');
        break;
    case 5:
        gen_buf_chr(b, '+');
        gen_buf_str(b, L->calling);
        gen_buf_str(b, nsn);
        break;
    case 6:
        gen_buf_str(b, "00");
        gen_buf_str(b, L->calling);
        gen_buf_chr(b, ' ');
        phone_groups(b, L, nsn, area_len, NULL, ' ');
        break;
    default:
        phone_groups(b, L, nsn, area_len, trunk, '.');
    }
}

/* ---------------------------------------------------------------- addresses */

static const int postcode_len[] = {
    [GA_JP] = 7, [GA_CN] = 6, [GA_KR] = 5, [GA_US] = 5, [GA_GB] = 0,
    [GA_DE] = 5, [GA_FR] = 5, [GA_ES] = 5, [GA_RU] = 6,
};

static size_t pick_city(gsl_rng *r, const gen_locale *L)
{
    double w[32];
    for (size_t i = 0; i < L->n_city; i++)
        w[i] = L->city[i].weight;
    return gen_pick(r, w, L->n_city);
}

int gen_address_city(gen_ctx *c, int locale, uint64_t addr_key)
{
    gen_rng_seed(c->r_addr, addr_key);
    return (int)pick_city(c->r_addr, gen_locale_get(locale));
}

void gen_address_write(gen_ctx *c, gen_row *row, int locale, uint64_t addr_key, int native,
                       uint64_t unit_key, double unit_p)
{
    const gen_locale *L = gen_locale_get(locale);
    gsl_rng *r = c->r_addr;
    gen_rng_seed(r, addr_key);
    size_t ci = pick_city(r, L); /* first draw: gen_address_city() depends on it */
    const gen_city *city = &L->city[ci];
    const gen_street *st = &L->street[gen_below(r, (uint32_t)L->n_street)];
    /* house numbers: small ones are more common */
    unsigned num = 1 + (unsigned)(gen_unif(r) * gen_unif(r) * 180);
    unsigned a1 = (unsigned)gen_between(r, 1, 5), a2 = (unsigned)gen_between(r, 1, 30),
             a3 = (unsigned)gen_between(r, 1, 20);
    uint64_t post = gsl_rng_get(r);
    gen_rng_seed(r, unit_key ^ 0x756e6974ULL);
    int unit = gen_chance(r, unit_p);
    unsigned room = (unsigned)gen_between(r, 1, 12) * 100 + (unsigned)gen_between(r, 1, 20);
    unsigned floor_ = room / 100, door = room % 4;
    native = native && L->script != GS_LATIN;

    gen_buf b;
    field(row, GC_ADDRESS, &b);
    switch (L->addr) {
    case GA_JP: /* chome-ban-go after the town, or before it in romaji */
        if (native)
            gen_buf_printf(&b, "%s%u-%u-%u", st->native, a1, a2, a3);
        else
            gen_buf_printf(&b, "%u-%u-%u %s", a1, a2, a3, st->latin);
        if (unit)
            gen_buf_printf(&b, native ? " %u号室" : " #%u", room);
        break;
    case GA_CN:
        if (native) {
            gen_buf_printf(&b, "%s%u号", st->native, num);
            if (unit)
                gen_buf_printf(&b, "%u栋%u室", floor_, room);
        } else {
            gen_buf_printf(&b, "No. %u %s", num, st->latin);
            if (unit)
                gen_buf_printf(&b, ", Room %u", room);
        }
        break;
    case GA_KR:
        if (native)
            gen_buf_printf(&b, "%s %u", st->native, num);
        else
            gen_buf_printf(&b, "%u %s", num, st->latin);
        if (unit)
            gen_buf_printf(&b, native ? ", %u호" : " #%u", room);
        break;
    case GA_US:
        gen_buf_printf(&b, "%u %s", num * 10 + a3, st->latin);
        if (unit)
            gen_buf_printf(&b, " Apt %u", room);
        break;
    case GA_GB:
        if (unit)
            gen_buf_printf(&b, "Flat %u, ", room % 100);
        gen_buf_printf(&b, "%u %s", num, st->latin);
        break;
    case GA_DE:
        gen_buf_printf(&b, "%s %u", st->latin, num);
        if (unit && door < 2)
            gen_buf_chr(&b, (char)('a' + door));
        break;
    case GA_FR:
        gen_buf_printf(&b, "%u %s", num, st->latin);
        if (unit)
            gen_buf_printf(&b, ", appt %u", room);
        break;
    case GA_ES: /* floor and door: "3º B" */
        gen_buf_printf(&b, "%s %u", st->latin, num);
        if (unit)
            gen_buf_printf(&b, ", %uº %c", floor_, 'A' + door);
        break;
    case GA_RU:
        if (native) {
            gen_buf_printf(&b, "%s, д. %u", st->native, num);
            if (unit)
                gen_buf_printf(&b, ", кв. %u", room % 300 + 1);
        } else {
            gen_buf_printf(&b, "%s %u", st->latin, num);
            if (unit)
                gen_buf_printf(&b, "-%u", room % 300 + 1);
        }
        break;
    }

    set(row, GC_CITY, native && city->native ? city->native : city->latin);
    field(row, GC_POSTCODE, &b);
    if (L->addr == GA_GB) {
        static const char inward[] = "ABDEFGHJLNPQRSTUWXYZ";
        gen_buf_str(&b, city->post);
        gen_buf_num(&b, 1 + post % 20, 0);
        post /= 20;
        gen_buf_chr(&b, ' ');
        gen_buf_num(&b, post % 10, 0);
        post /= 10;
        gen_buf_chr(&b, inward[post % 20]);
        gen_buf_chr(&b, inward[post / 20 % 20]);
    } else {
        char digits[12];
        gen_buf d;
        gen_buf_init(&d, digits, sizeof digits);
        gen_buf_str(&d, city->post);
        while ((int)d.n < postcode_len[L->addr]) {
            gen_buf_chr(&d, (char)('0' + post % 10));
            post /= 10;
        }
        if (L->addr == GA_JP) {
            gen_buf_mem(&b, digits, 3);
            gen_buf_chr(&b, '-');
            gen_buf_str(&b, digits + 3);
        } else {
            gen_buf_str(&b, digits);
        }
    }
    set(row, GC_COUNTRY, L->country);
}

/* ---------------------------------------------------------------- networks */

static void ip4(gen_row *row, unsigned a, unsigned b_, unsigned c_, unsigned d)
{
    gen_buf b;
    field(row, GC_SIGNUP_IP, &b);
    gen_buf_printf(&b, "%u.%u.%u.%u", a, b_, c_, d);
}

static void ip_meta(gen_row *row, const char *country, ip_kind kind)
{
    set(row, GC_IP_COUNTRY, country);
    set(row, GC_IP_KIND, ip_kind_name(kind));
}

void gen_ip_residential(gen_ctx *c, gen_row *row, int locale, int isp, uint64_t line,
                        uint64_t epoch, int v6)
{
    (void)c;
    const gen_locale *L = gen_locale_get(locale);
    uint64_t h = gen_key3(line, 0x7265736964ULL, epoch);
    if (v6) {
        /* the home's /48 belongs to the line; the interface id changes with the epoch */
        gen_buf b;
        field(row, GC_SIGNUP_IP, &b);
        gen_buf_str(&b, L->v6);
        char hex[8];
        snprintf(hex, sizeof hex, ":%x", (unsigned)(0x1000 + gen_mix(line ^ 0x7636ULL) % 0xe000));
        gen_buf_str(&b, hex);
        for (int i = 0; i < 5; i++) {
            h = gen_mix(h);
            snprintf(hex, sizeof hex, ":%x", (unsigned)(h & 0xffff));
            gen_buf_str(&b, hex);
        }
    } else {
        const uint8_t *net = L->res[isp % L->n_res];
        ip4(row, net[0], net[1], (unsigned)(h & 0xff), 1 + (unsigned)((h >> 8) % 254));
    }
    ip_meta(row, L->country, IPK_RESIDENTIAL);
}

void gen_ip_mobile(gen_ctx *c, gen_row *row, int locale, gsl_rng *r)
{
    const gen_locale *L = gen_locale_get(locale);
    const uint8_t *net = L->mob[gen_below(r, (uint32_t)L->n_mob)];
    uint32_t j = gen_below(r, c->nat_pool[locale]);
    ip4(row, net[0], net[1], j / 250, 1 + j % 250);
    ip_meta(row, L->country, IPK_MOBILE);
}

void gen_ip_vpn(gen_ctx *c, gen_row *row, gsl_rng *r)
{
    uint32_t v = gen_below(r, (uint32_t)gen_n_vpn_nets);
    uint32_t j = gen_below(r, c->vpn_pool);
    const uint8_t *net = gen_vpn_nets[v];
    ip4(row, net[0], net[1], j / 250, 1 + j % 250);
    /* an exit's country is a property of the exit */
    ip_meta(row, gen_vpn_countries[gen_key(v, j) % gen_n_vpn_countries], IPK_VPN);
}

void gen_ip_tor(gen_ctx *c, gen_row *row, gsl_rng *r)
{
    (void)c;
    static const char *const tor_countries[] = {"DE", "NL", "US", "FR", "SE", "CH", "RO", "GB"};
    uint32_t j = gen_below(r, 96);
    const uint8_t *net = gen_hosting_nets[j % gen_n_hosting_nets];
    uint64_t h = gen_key(0x746f72, j);
    ip4(row, net[0], net[1], (unsigned)(h & 0xff), 1 + (unsigned)((h >> 8) % 254));
    ip_meta(row, tor_countries[(h >> 16) % 8], IPK_TOR);
}

void gen_ip_proxy(gen_ctx *c, gen_row *row, gsl_rng *r)
{
    /* a residential proxy: someone's home line, sold by the hour */
    int locale = (int)gen_below(r, GL_COUNT);
    gen_ip_residential(c, row, locale, (int)gen_below(r, 8), gsl_rng_get(r), 0, 0);
    set(row, GC_IP_KIND, ip_kind_name(IPK_PROXY));
}

void gen_ip_block(gen_ctx *c, gen_row *row, int locale, uint64_t key, int hosting, int host)
{
    uint64_t h = gen_mix(key ^ 0x626c6f636bULL);
    if (hosting) {
        const uint8_t *net = gen_hosting_nets[h % gen_n_hosting_nets];
        static const char *const hosting_countries[] = {"DE", "NL", "US", "FR", "GB", "SG", "JP"};
        unsigned b = (net[1] + (unsigned)((h >> 24) % c->hosting_spread)) & 0xff;
        ip4(row, net[0], b, (unsigned)((h >> 8) & 0xff), (unsigned)host);
        ip_meta(row,
                locale >= 0 ? gen_locale_get(locale)->country : hosting_countries[(h >> 16) % 7],
                IPK_HOSTING);
    } else {
        const gen_locale *L = gen_locale_get(locale);
        ip4(row, L->biz[h % L->n_biz], (unsigned)((h >> 8) & 0xff), (unsigned)((h >> 16) & 0xff),
            (unsigned)host);
        ip_meta(row, L->country, IPK_BUSINESS);
    }
}

int gen_ip_nat_host(uint64_t key, gsl_rng *r)
{
    /* 1-4 NAT addresses per office, at a few fixed last octets */
    uint64_t h = gen_mix(key ^ 0x6e6174ULL);
    unsigned n = 1 + (unsigned)(h % 4);
    unsigned which = gen_below(r, n);
    return 2 + (int)(((h >> 8) + which * 37) % 250);
}

/* ---------------------------------------------------------------- identifiers */

void gen_fingerprint(gen_buf *b, uint64_t key, int hex_digits)
{
    uint64_t h = gen_mix(key ^ 0x66707269ULL);
    while (hex_digits > 0) {
        int k = hex_digits > 16 ? 16 : hex_digits;
        gen_buf_hex(b, h, k);
        hex_digits -= k;
        h = gen_mix(h);
    }
}

static void digits(gen_buf *b, uint64_t *h, int n)
{
    for (int i = 0; i < n; i++) {
        gen_buf_chr(b, (char)('0' + *h % 10));
        *h /= 10;
        if (*h < 10)
            *h = gen_mix(*h + 0x9e37);
    }
}

void gen_id_number(gen_buf *b, int locale, uint64_t key, int32_t dob, int gender)
{
    uint64_t h = gen_mix(key ^ 0x69646e6fULL);
    int y, m, d;
    civil_from_days(dob, &y, &m, &d);
    switch (locale) {
    case GL_CN: { /* resident identity card: region, birth date, sequence, check digit */
        static const char *const region[] = {"110101", "310104", "440106", "440305", "510107"};
        char id[19];
        gen_buf t;
        gen_buf_init(&t, id, sizeof id);
        gen_buf_str(&t, region[h % 5]);
        h /= 5;
        gen_buf_printf(&t, "%04d%02d%02d", y, m, d);
        gen_buf_num(&t, (uint64_t)(h % 500) * 2 + (gender ? 0 : 1), 3);
        static const int weight[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++)
            sum += (id[i] - '0') * weight[i];
        gen_buf_str(b, id);
        gen_buf_chr(b, "10X98765432"[sum % 11]);
        break;
    }
    case GL_KR: /* resident registration number: YYMMDD-G###### */
        gen_buf_printf(b, "%02d%02d%02d-", y % 100, m, d);
        gen_buf_chr(b, (char)('1' + (y >= 2000 ? 2 : 0) + (gender ? 1 : 0)));
        digits(b, &h, 6);
        break;
    case GL_DE: { /* identity card: a letter and eight letters or digits */
        static const char set[] = "CFGHJKLMNPRTVWXYZ0123456789";
        gen_buf_chr(b, set[h % 17]);
        h /= 17;
        for (int i = 0; i < 8; i++, h /= 27)
            gen_buf_chr(b, set[h % 27]);
        break;
    }
    case GL_FR: /* passport: two digits, two letters, five digits */
        digits(b, &h, 2);
        gen_buf_printf(b, "%c%c", (char)('A' + h % 26), (char)('A' + h / 26 % 26));
        h /= 26 * 26;
        digits(b, &h, 5);
        break;
    case GL_ES: { /* DNI: eight digits and the check letter */
        uint32_t n = (uint32_t)(h % 100000000);
        gen_buf_num(b, n, 8);
        gen_buf_chr(b, "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]);
        break;
    }
    case GL_RU: /* internal passport: series "NN NN" and six digits */
        digits(b, &h, 2);
        gen_buf_chr(b, ' ');
        digits(b, &h, 2);
        gen_buf_chr(b, ' ');
        digits(b, &h, 6);
        break;
    case GL_JP: /* driving licence: twelve digits */
        digits(b, &h, 12);
        break;
    default: /* passport: nine digits */
        digits(b, &h, 9);
    }
}

/* ---------------------------------------------------------------- products */

void gen_product_write(gen_ctx *c, gen_row *row, gsl_rng *r, int locale, int plan, int region,
                       int usd, int where)
{
    const gen_locale *L = gen_locale_get(locale);
    if (gen_chance(r, c->sc->plan_change)) {
        double pw[32];
        for (size_t i = 0; i < gen_n_plans; i++)
            pw[i] = gen_plans[i].weight;
        plan = (int)gen_pick(r, pw, gen_n_plans);
    }
    const gen_plan *p = &gen_plans[plan];
    set(row, GC_PLAN, p->name);
    if (where == GEN_REGION_JAPAN)
        set(row, GC_REGION, gen_jp_regions[gen_below(r, (uint32_t)gen_n_jp_regions)]);
    else if (where == GEN_REGION_NEAR && gen_chance(r, c->sc->region_near))
        set(row, GC_REGION, L->region[region % (int)L->n_region]);
    else
        set(row, GC_REGION, gen_regions_all[gen_below(r, (uint32_t)gen_n_regions_all)]);
    static const int days[] = {30, 365, 90, 7, 1};
    static const double dw[] = {0.72, 0.08, 0.06, 0.06, 0.08};
    int dur = days[gen_pick(r, dw, 5)];
    double usd_amount = p->usd_month * dur / 30.0 * (dur == 365 ? 0.85 : 1.0);
    const char *cur = usd ? "USD" : L->currency;
    double rate = usd ? 1.0 : L->per_usd;
    int dec = usd ? 2 : L->decimals;
    /* amounts in minor units, rounded to a price a shop would show */
    double v = usd_amount * rate;
    gen_buf b;
    field(row, GC_AMOUNT, &b);
    if (dec == 0) {
        uint64_t whole = (uint64_t)(v + 0.5);
        if (whole >= 100)
            whole = (whole + 5) / 10 * 10;
        gen_buf_num(&b, whole ? whole : 1, 0);
    } else {
        uint64_t cents = (uint64_t)(v * 100 + 0.5);
        if (cents < 1)
            cents = 1;
        gen_buf_num(&b, cents / 100, 0);
        gen_buf_chr(&b, '.');
        gen_buf_num(&b, cents % 100, 2);
    }
    set(row, GC_CURRENCY, cur);
    field(row, GC_DURATION_DAYS, &b);
    gen_buf_num(&b, (uint64_t)dur, 0);
}
