/* features.c: the renter feature matrix (see features.h for the columns).
 *
 * Per renter, over its leases (the link result's CSR):
 *   persons   a lease's person is its fuzzy-name person from the link stage. A lease without a
 *             name belongs to no person (a missing name is not evidence of another person) and
 *             is left out of the person-based columns; only in a table without any names do
 *             mailboxes (else the leases themselves) stand in for persons.
 *   entities  persons are joined by the benign explanations of DESIGN.md (union-find):
 *               household     one building (the same address, or addresses 0.9 alike in one
 *                             postcode) and a common family-name candidate (a
 *                             token of the typed name, or the first characters of a CJK name;
 *                             feminine forms such as Ivanov / Ivanova count as one name)
 *               organisation  same business e-mail domain (neither free-mail nor disposable) and
 *                             a common building, office network or account
 *               small office  same office network and one building (a campus dorm on the
 *                             campus network is one too)
 *               reseller      same account, with a business domain on the account
 *             what remains are the groups that nothing benign ties together.
 *   sharing   for each identifier column, the most entities holding one value.
 *   domains   across the whole log, before the renters: the persons of each private e-mail
 *             domain, joined into sites by a shared postcode, address, office network or
 *             account (domain_sites_build); a renter's value is the most sites of its domains.
 *             Personas behind a catch-all domain are not linked by any identifier, yet their
 *             domain is shared by persons that nothing else ties: this column sees them.
 *   time      leases sorted by created_at: spans, 72-hour windows (two pointers), the shortest
 *             gap between leases of different entities.
 *   risk      per-lease flags averaged over the leases where they can be judged.
 * Memory: a few arrays of n (stamps, local indexes) reused across renters.
 * Cost: O(n log n) overall for typical renters; pairwise work only inside value groups of one
 * renter's persons.
 */
#include "features/features.h"
#include "normalize/domains.h"
#include "link/compare.h"
#include "normalize/fold.h"
#include "util/utf8.h"
#include "util/mem.h"
#include "util/strpool.h"

#include <math.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const feature_info table[FEATURE_COUNT] = {
#define X(id, name, role, tr, meaning) {name, role, tr, meaning},
    FEATURE_TABLE(X)
#undef X
};

const feature_info *feature_get(feature_id f)
{
    return f < FEATURE_COUNT ? &table[f] : NULL;
}

int feature_uses_time(feature_id f)
{
    return f == F_SPAN_DAYS || f == F_PER_WEEK || f == F_BURST || f == F_GROUP_BURST ||
           f == F_SWITCH_SPEED;
}

void features_print_markdown(FILE *f)
{
    static const char *const roles[] = {"context", "structure", "time", "risk"};
    fprintf(f, "| # | feature | role | model reads | meaning |\n|---|---|---|---|---|\n");
    for (int i = 0; i < FEATURE_COUNT; i++)
        fprintf(f, "| %d | `%s` | %s | %s | %s |\n", i, table[i].name, roles[table[i].role],
                table[i].transform == TR_LOG1P ? "log(1+x)" : "x", table[i].meaning);
}

void feature_reason_text(feature_id f, const double *x, char *buf, size_t n)
{
    double leases = x[F_LEASES];
    long k = lround(x[f] * leases), groups = lround(x[f]) + 1;
    switch (f) {
    case F_ENTITIES:
        snprintf(buf, n, "%ld persons that no household, organisation or reseller explains",
                 groups);
        break;
    case F_CARD_PERSONS:
        snprintf(buf, n, "%ld unexplained persons share one payment instrument", groups);
        break;
    case F_DEVICE_PERSONS:
        snprintf(buf, n, "%ld unexplained persons share one device", groups);
        break;
    case F_PHONE_PERSONS:
        snprintf(buf, n, "%ld unexplained persons share one phone number", groups);
        break;
    case F_MAILBOX_PERSONS:
        snprintf(buf, n, "%ld unexplained persons share one mailbox", groups);
        break;
    case F_DOMAIN_PERSONS:
        snprintf(buf, n, "%ld persons with nothing else in common share one private e-mail domain",
                 groups);
        break;
    case F_NETWORK_PERSONS:
        snprintf(buf, n, "%ld unexplained persons share one sign-up address or office network",
                 groups);
        break;
    case F_SHARED_TRAITS:
        snprintf(buf, n, "%ld identifiers shared by different persons", lround(x[f]));
        break;
    case F_STRONGEST_LINK:
        snprintf(buf, n, "persons linked with %.0f bits of evidence", x[f]);
        break;
    case F_GROUP_BURST:
        snprintf(buf, n, "%ld persons leased within 72 h", groups);
        break;
    case F_SWITCH_SPEED: {
        double hours = x[f] > 0 ? 1000.0 / x[f] - 1 : 0;
        if (hours < 1)
            snprintf(buf, n, "a different person leased %.0f minutes after another", hours * 60);
        else if (hours < 48)
            snprintf(buf, n, "a different person leased %.0f h after another", hours);
        else
            snprintf(buf, n, "a different person leased %.0f days after another", hours / 24);
        break;
    }
    case F_DISPOSABLE:
        snprintf(buf, n, "disposable e-mail on %ld of %.0f leases", k, leases);
        break;
    case F_FREEMAIL:
        snprintf(buf, n, "free-mail on %ld of %.0f leases", k, leases);
        break;
    case F_UNRELATED_LOCAL:
        snprintf(buf, n, "e-mail unrelated to the name on %ld of %.0f leases", k, leases);
        break;
    case F_COUNTRY_MISMATCH:
        snprintf(buf, n, "billing country unlike the IP's on %ld of %.0f leases", k, leases);
        break;
    case F_ANON_IP:
        snprintf(buf, n, "VPN, Tor, proxy or hosting sign-up on %ld of %.0f leases", k, leases);
        break;
    case F_UNTRACEABLE_PAY:
        snprintf(buf, n, "prepaid or crypto payment on %ld of %.0f leases", k, leases);
        break;
    case F_NO_PHONE:
        snprintf(buf, n, "no phone on %ld of %.0f leases", k, leases);
        break;
    default:
        snprintf(buf, n, "%s %g", table[f].name, x[f]);
        break;
    }
}

/* ---- per-table caches ---- */

typedef struct caches {
    uint8_t *domain_kind; /* [email_domain ids] */
    uint32_t *tok_start;  /* [name ids + 1] CSR of token ids of each name key */
    uint32_t *tok;
    strpool *tokens;
} caches;

static void caches_build(caches *c, const lease_table *t)
{
    const strpool *dp = t->text[LT_EMAIL_DOMAIN].pool;
    uint32_t nd = strpool_count(dp);
    c->domain_kind = xmalloc(nd);
    for (uint32_t v = 0; v < nd; v++) {
        size_t len;
        const char *d = strpool_get(dp, v, &len);
        c->domain_kind[v] = (uint8_t)domain_classify(d, len);
    }
    /* Family-name candidates of each typed name: its folded tokens of two bytes or more (not
     * initials), and for a token in CJK script also its first one and two characters, because
     * CJK names put the family name first and are often typed without a space ("野村修"). */
    const strpool *np = t->text[LT_NAME_RAW].pool;
    uint32_t nn = strpool_count(np);
    c->tokens = strpool_new();
    c->tok_start = xmalloc((nn + 1) * sizeof *c->tok_start);
    size_t cap = 0, k = 0;
    c->tok = NULL;
    char folded[NORM_KEY_MAX];
    for (uint32_t v = 0; v < nn; v++) {
        c->tok_start[v] = (uint32_t)k;
        size_t len;
        const char *raw = strpool_get(np, v, &len);
        size_t flen = fold_text(raw, len, folded, sizeof folded);
        for (size_t i = 0; i < flen;) {
            size_t j = i;
            while (j < flen && folded[j] != ' ')
                j++;
            size_t cut[3] = {j - i, 0, 0};
            uint32_t cp;
            size_t c1 = utf8_decode(folded + i, j - i, &cp);
            if (fold_is_cjk(cp) && c1 < j - i) {
                cut[1] = c1;
                uint32_t cp2;
                size_t c2 = c1 + utf8_decode(folded + i + c1, j - i - c1, &cp2);
                if (c2 < j - i)
                    cut[2] = c2;
            }
            for (int x = 0; x < 3; x++) {
                if (cut[x] < 2)
                    continue;
                c->tok = xgrow(c->tok, &cap, k + 1, sizeof *c->tok);
                c->tok[k++] = strpool_intern(c->tokens, folded + i, cut[x], NULL);
            }
            i = j + 1;
        }
    }
    c->tok_start[nn] = (uint32_t)k;
}

static void caches_free(caches *c)
{
    free(c->domain_kind);
    free(c->tok_start);
    free(c->tok);
    strpool_free(c->tokens);
}

/* 1 when the e-mail's local part shares nothing with the (Latin) name: no name token of three
 * letters or more inside it, and it does not start with the initials. -1 when it cannot be
 * judged (no e-mail, no Latin name). */
static int local_unrelated(const char *email, size_t elen, const char *name, size_t nlen)
{
    const char *at = memchr(email, '@', elen);
    if (at == NULL || nlen == 0)
        return -1;
    size_t ll = (size_t)(at - email);
    char local[128];
    size_t lo = 0;
    for (size_t i = 0; i < ll && lo < sizeof local - 1; i++)
        if (email[i] >= 'a' && email[i] <= 'z')
            local[lo++] = email[i];
    local[lo] = '\0';
    int latin = 0;
    char initials[16];
    size_t ni = 0;
    for (size_t i = 0; i < nlen;) {
        size_t j = i;
        while (j < nlen && name[j] != ' ')
            j++;
        int ascii = 1;
        for (size_t k = i; k < j; k++)
            ascii &= (unsigned char)name[k] < 0x80;
        if (ascii && j > i) {
            latin = 1;
            if (ni < sizeof initials - 1 && name[i] >= 'a' && name[i] <= 'z')
                initials[ni++] = name[i];
            if (j - i >= 3) {
                char tokn[64];
                size_t tl = j - i < sizeof tokn - 1 ? j - i : sizeof tokn - 1;
                memcpy(tokn, name + i, tl);
                tokn[tl] = '\0';
                if (strstr(local, tokn))
                    return 0;
            }
        }
        i = j + 1;
    }
    if (!latin || lo == 0)
        return -1;
    /* initials in either order at the start: "ty" or "yt" for Taro Yamada */
    if (ni >= 2 && lo >= 2 &&
        ((local[0] == initials[0] && local[1] == initials[1]) ||
         (local[0] == initials[1] && local[1] == initials[0])))
        return 0;
    return 1;
}

/* ---- per renter ---- */

typedef struct scratch {
    uint32_t *local;  /* [global person key] -> local person + 1, 0 = none (reset after use) */
    uint32_t *parent; /* union-find over local persons */
    uint32_t *lease_person, *lease_entity;
    uint32_t *order;  /* renter leases by time */
    uint64_t *pairs;  /* (value << 32 | local) scratch for sorting */
    uint32_t *wcount; /* per-entity counts in a time window */
    size_t cap;
} scratch;

#define NO_PERSON ((size_t)-1)
#define NO_LOCAL  UINT32_MAX

/* The global person key of lease l, or NO_PERSON. */
static size_t person_key(const link_result *lr, const lease_table *t, uint32_t l, int names_present,
                         uint32_t max_person, uint32_t n_email)
{
    if (lr->person[l] != UINT32_MAX)
        return lr->person[l];
    if (names_present)
        return NO_PERSON;
    uint32_t em = t->text[LT_EMAIL].id[l];
    return em ? (size_t)max_person + em : (size_t)max_person + n_email + l;
}

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

static void uf_join(uint32_t *p, uint32_t a, uint32_t b)
{
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a != b)
        p[a > b ? a : b] = a > b ? b : a;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

typedef struct timed {
    int64_t t;
    uint32_t local;
} timed;

static int cmp_timed(const void *a, const void *b)
{
    const timed *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (x->local > y->local) - (x->local < y->local);
}

static int cmp_u32_fn(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Distinct values of column col among the renter's leases (value 0 = missing not counted). */
static double distinct(const lease_table *t, size_t col, const uint32_t *lease, size_t k,
                       uint64_t *pairs)
{
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        uint32_t v = t->text[col].id[lease[i]];
        if (v)
            pairs[m++] = v;
    }
    qsort(pairs, m, sizeof *pairs, cmp_u64);
    size_t d = 0;
    for (size_t i = 0; i < m; i++)
        d += i == 0 || pairs[i] != pairs[i - 1];
    return (double)d;
}

/* For column col: the most distinct entities sharing one value, minus one (0 when none), and
 * the count of values shared by >= 2 entities (added to *shared). */
static double entities_per_value(const lease_table *t, size_t col, const uint32_t *lease,
                                 const uint32_t *entity, size_t k, uint64_t *pairs, double *shared)
{
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        uint32_t v = t->text[col].id[lease[i]];
        if (v && entity[i] != NO_LOCAL)
            pairs[m++] = (uint64_t)v << 32 | entity[i];
    }
    qsort(pairs, m, sizeof *pairs, cmp_u64);
    double best = 0;
    for (size_t lo = 0; lo < m;) {
        size_t hi = lo;
        double e = 0;
        while (hi < m && pairs[hi] >> 32 == pairs[lo] >> 32) {
            e += hi == lo || pairs[hi] != pairs[hi - 1];
            hi++;
        }
        if (e >= 2)
            *shared += 1;
        if (e - 1 > best)
            best = e - 1;
        lo = hi;
    }
    return best;
}

/* One building: the same address, or addresses at least 0.9 alike (Jaro-Winkler) whose
 * postcodes do not differ: "966 Oak Ave" and "966 Oak Ave Apt 1104". */
static int same_building(const lease_table *t, uint32_t la, uint32_t lb)
{
    uint32_t a = t->text[LT_ADDRESS].id[la], b = t->text[LT_ADDRESS].id[lb];
    if (!a || !b)
        return 0;
    if (a == b)
        return 1;
    uint32_t pa = t->text[LT_POSTCODE].id[la], pb = t->text[LT_POSTCODE].id[lb];
    if (pa && pb && pa != pb)
        return 0;
    size_t an, bn;
    const char *as = strpool_get(t->text[LT_ADDRESS].pool, a, &an);
    const char *bs = strpool_get(t->text[LT_ADDRESS].pool, b, &bn);
    return jaro_winkler_utf8(as, an, bs, bn) >= 0.9;
}

/* 1 when some lease of person p and some lease of person q are in one building. */
static int building_shared(const lease_table *t, const uint32_t *lease, size_t k,
                           const uint32_t *person, uint32_t p, uint32_t q)
{
    for (size_t i = 0; i < k; i++) {
        if (person[i] != p)
            continue;
        for (size_t j = 0; j < k; j++)
            if (person[j] == q && same_building(t, lease[i], lease[j]))
                return 1;
    }
    return 0;
}

static int sets_intersect(const lease_table *t, size_t col, const uint32_t *lease, size_t k,
                          const uint32_t *person, uint32_t p, uint32_t q)
{
    for (size_t i = 0; i < k; i++) {
        if (person[i] != p)
            continue;
        uint32_t v = t->text[col].id[lease[i]];
        if (!v)
            continue;
        for (size_t j = 0; j < k; j++)
            if (person[j] == q && t->text[col].id[lease[j]] == v)
                return 1;
    }
    return 0;
}

/* Two family-name candidates agree when equal, or when they share a stem of at least four
 * characters and differ only by endings of at most three: Slavic and Baltic feminine forms
 * (Ivanov / Ivanova, Novák / Nováková, Kowalski / Kowalska, Tolstoy / Tolstaya). */
static int same_family(const strpool *tokens, uint32_t x, uint32_t y)
{
    if (x == y)
        return 1;
    size_t xl, yl;
    const char *xs = strpool_get(tokens, x, &xl), *ys = strpool_get(tokens, y, &yl);
    size_t i = 0, j = 0, common = 0;
    while (i < xl && j < yl) {
        uint32_t a, b;
        size_t la = utf8_decode(xs + i, xl - i, &a), lb = utf8_decode(ys + j, yl - j, &b);
        if (a != b)
            break;
        i += la, j += lb, common++;
    }
    if (common < 4)
        return 0;
    size_t rx = 0, ry = 0;
    for (; i < xl; rx++) {
        uint32_t a;
        i += utf8_decode(xs + i, xl - i, &a);
    }
    for (; j < yl; ry++) {
        uint32_t b;
        j += utf8_decode(ys + j, yl - j, &b);
    }
    return rx <= 3 && ry <= 3;
}

static int share_token(const caches *c, uint32_t na, uint32_t nb)
{
    if (!na || !nb)
        return 0;
    for (uint32_t x = c->tok_start[na]; x < c->tok_start[na + 1]; x++)
        for (uint32_t y = c->tok_start[nb]; y < c->tok_start[nb + 1]; y++)
            if (same_family(c->tokens, c->tok[x], c->tok[y]))
                return 1;
    return 0;
}

static int business_domain(const caches *c, uint32_t d)
{
    return d && c->domain_kind[d] == DOMAIN_OTHER;
}

/* Joins the persons of value groups of column `col` when `cond` holds for a pair. The leases are
 * grouped by sorting (value, lease index). */
typedef int (*pair_cond)(const lease_table *t, const caches *c, const uint32_t *lease, size_t k,
                         const uint32_t *person, size_t x, size_t y);

static void join_groups(const lease_table *t, const caches *c, size_t col, const uint32_t *lease,
                        size_t k, const uint32_t *person, uint32_t *parent, uint64_t *pairs,
                        pair_cond cond)
{
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        uint32_t v = t->text[col].id[lease[i]];
        if (v)
            pairs[m++] = (uint64_t)v << 32 | i;
    }
    qsort(pairs, m, sizeof *pairs, cmp_u64);
    for (size_t lo = 0; lo < m;) {
        size_t hi = lo;
        while (hi < m && pairs[hi] >> 32 == pairs[lo] >> 32)
            hi++;
        for (size_t a = lo; a < hi; a++)
            for (size_t b = a + 1; b < hi && b < a + 64; b++) {
                size_t x = (uint32_t)pairs[a], y = (uint32_t)pairs[b];
                if (person[x] != NO_LOCAL && person[y] != NO_LOCAL && person[x] != person[y] &&
                    uf_find(parent, person[x]) != uf_find(parent, person[y]) &&
                    cond(t, c, lease, k, person, x, y))
                    uf_join(parent, person[x], person[y]);
            }
        lo = hi;
    }
}

static int cond_household(const lease_table *t, const caches *c, const uint32_t *lease, size_t k,
                          const uint32_t *person, size_t x, size_t y)
{
    (void)k, (void)person;
    return same_building(t, lease[x], lease[y]) &&
           share_token(c, t->text[LT_NAME_RAW].id[lease[x]], t->text[LT_NAME_RAW].id[lease[y]]);
}

static int cond_organisation(const lease_table *t, const caches *c, const uint32_t *lease, size_t k,
                             const uint32_t *person, size_t x, size_t y)
{
    if (!business_domain(c, t->text[LT_EMAIL_DOMAIN].id[lease[x]]))
        return 0;
    uint32_t p = person[x], q = person[y];
    return building_shared(t, lease, k, person, p, q) ||
           sets_intersect(t, LT_OFFICE_NET, lease, k, person, p, q) ||
           sets_intersect(t, LT_ACCOUNT, lease, k, person, p, q);
}

static int cond_same_address(const lease_table *t, const caches *c, const uint32_t *lease, size_t k,
                             const uint32_t *person, size_t x, size_t y)
{
    (void)c;
    return building_shared(t, lease, k, person, person[x], person[y]);
}

static int cond_business_account(const lease_table *t, const caches *c, const uint32_t *lease,
                                 size_t k, const uint32_t *person, size_t x, size_t y)
{
    (void)k, (void)person;
    return business_domain(c, t->text[LT_EMAIL_DOMAIN].id[lease[x]]) ||
           business_domain(c, t->text[LT_EMAIL_DOMAIN].id[lease[y]]);
}

/* ---- private e-mail domains across the whole log ---- */

#define DOMAIN_FENCE_K                                                                             \
    3.0 /* over-share fence width, as for personal identifiers in link/values.c */

/* Sites of each private e-mail domain (org_domain: neither free-mail, disposable nor academic):
 * its persons, joined when their leases share a postcode, an address, an office network or an
 * account. An organisation is one site or a few; personas behind a catch-all domain are one site
 * each. A domain with more sites than the over-share fence is a crowd (an unlisted mail
 * provider) and gets 0. The fence is the link stage's (link/values.c): 2^(mean + 3 max(sd, 1))
 * of log2(sites) over the domains of two sites or more (with fewer than 20 such domains, 2^4),
 * clamped to the spec's overshare_min and overshare_max. Cost: O(n log n). */
static uint32_t *domain_sites_build(const lease_table *t, const link_result *lr,
                                    const link_spec *spec, int names_present, uint32_t max_person,
                                    uint32_t n_email, size_t n_keys)
{
    static const lt_text joins[] = {LT_POSTCODE, LT_ADDRESS, LT_OFFICE_NET, LT_ACCOUNT};
    const uint32_t *dom = t->text[LT_ORG_DOMAIN].id;
    uint32_t nd = strpool_count(t->text[LT_ORG_DOMAIN].pool);
    uint32_t *sites = xcalloc(nd ? nd : 1, sizeof *sites);
    size_t n = t->count, m = 0;
    uint64_t *rows = xmalloc((n ? n : 1) * sizeof *rows);
    for (size_t l = 0; l < n; l++)
        if (dom[l] &&
            person_key(lr, t, (uint32_t)l, names_present, max_person, n_email) != NO_PERSON)
            rows[m++] = (uint64_t)dom[l] << 32 | l;
    qsort(rows, m, sizeof *rows, cmp_u64);
    uint32_t *local = xcalloc(n_keys ? n_keys : 1, sizeof *local);
    uint32_t *parent = xmalloc((m ? m : 1) * sizeof *parent);
    uint32_t *person = xmalloc((m ? m : 1) * sizeof *person);
    uint64_t *pairs = xmalloc((m ? m : 1) * sizeof *pairs);
    for (size_t lo = 0; lo < m;) {
        size_t hi = lo;
        while (hi < m && rows[hi] >> 32 == rows[lo] >> 32)
            hi++;
        uint32_t np = 0;
        for (size_t i = lo; i < hi; i++) {
            size_t key = person_key(lr, t, (uint32_t)rows[i], names_present, max_person, n_email);
            if (local[key] == 0) {
                local[key] = ++np;
                parent[np - 1] = np - 1;
            }
            person[i - lo] = local[key] - 1;
        }
        for (size_t i = lo; i < hi; i++) /* reset the stamps */
            local[person_key(lr, t, (uint32_t)rows[i], names_present, max_person, n_email)] = 0;
        for (size_t j = 0; j < sizeof joins / sizeof *joins && np > 1; j++) {
            const uint32_t *id = t->text[joins[j]].id;
            size_t k = 0;
            for (size_t i = lo; i < hi; i++) {
                uint32_t v = id[(uint32_t)rows[i]];
                if (v)
                    pairs[k++] = (uint64_t)v << 32 | person[i - lo];
            }
            qsort(pairs, k, sizeof *pairs, cmp_u64);
            for (size_t i = 1; i < k; i++)
                if (pairs[i] >> 32 == pairs[i - 1] >> 32)
                    uf_join(parent, (uint32_t)pairs[i], (uint32_t)pairs[i - 1]);
        }
        uint32_t roots = 0;
        for (uint32_t p = 0; p < np; p++)
            roots += uf_find(parent, p) == p;
        sites[rows[lo] >> 32] = roots;
        lo = hi;
    }
    /* the fence */
    double sum = 0, sum2 = 0, k = 0;
    for (uint32_t d = 1; d < nd; d++)
        if (sites[d] >= 2) {
            double v = log2((double)sites[d]);
            sum += v, sum2 += v * v, k++;
        }
    double fence = exp2(1 + DOMAIN_FENCE_K);
    if (k >= 20) {
        double mean = sum / k, sd = sqrt(fmax(0, sum2 / k - mean * mean));
        fence = exp2(mean + DOMAIN_FENCE_K * (sd > 1 ? sd : 1));
    }
    double lo_fence = spec ? spec->overshare_min : 6, hi_fence = spec ? spec->overshare_max : 100;
    fence = fence < lo_fence ? lo_fence : fence > hi_fence ? hi_fence : fence;
    for (uint32_t d = 1; d < nd; d++)
        if ((double)sites[d] > fence)
            sites[d] = 0;
    free(rows);
    free(local);
    free(parent);
    free(person);
    free(pairs);
    return sites;
}

/* The context of one feature-building thread: renters [lo, hi). */
typedef struct build_job {
    renter_features *out;
    const lease_table *t;
    const link_result *lr;
    const caches *c;
    const uint32_t *domain_sites; /* [org_domain ids] sites of each private domain, 0 = crowd */
    int names_present;
    uint32_t max_person, n_email;
    size_t n_keys, lo, hi;
} build_job;

static void build_renter(const build_job *job, scratch *s, size_t r, size_t *edge_at_p)
{
    const lease_table *t = job->t;
    const link_result *lr = job->lr;
    const caches *c = job->c;
    int names_present = job->names_present;
    uint32_t max_person = job->max_person, n_email = job->n_email;
    size_t edge_at = *edge_at_p;
    renter_features *out = job->out;
    const uint32_t *lease = lr->renter_lease + lr->renter_start[r];
    size_t k = lr->renter_start[r + 1] - lr->renter_start[r];
    if (k > s->cap) {
        size_t cap = s->cap;
        s->parent = xgrow(s->parent, &cap, k, sizeof *s->parent);
        cap = s->cap;
        s->lease_person = xgrow(s->lease_person, &cap, k, sizeof *s->lease_person);
        cap = s->cap;
        s->lease_entity = xgrow(s->lease_entity, &cap, k, sizeof *s->lease_entity);
        cap = s->cap;
        s->order = xgrow(s->order, &cap, k, sizeof *s->order);
        cap = s->cap;
        s->wcount = xgrow(s->wcount, &cap, k, sizeof *s->wcount);
        cap = s->cap;
        s->pairs = xgrow(s->pairs, &cap, k, sizeof *s->pairs);
        s->cap = cap;
    }
    double *x = out->x + r * FEATURE_COUNT;

    /* persons; NO_PERSON for a lease without one */
    uint32_t np = 0;
    for (size_t i = 0; i < k; i++) {
        size_t key = person_key(lr, t, lease[i], names_present, max_person, n_email);
        if (key == NO_PERSON) {
            s->lease_person[i] = NO_LOCAL;
            continue;
        }
        if (s->local[key] == 0) {
            s->local[key] = ++np;
            s->parent[np - 1] = np - 1;
        }
        s->lease_person[i] = s->local[key] - 1;
    }
    for (size_t i = 0; i < k; i++) { /* reset the stamps */
        size_t key = person_key(lr, t, lease[i], names_present, max_person, n_email);
        if (key != NO_PERSON)
            s->local[key] = 0;
    }

    /* entities: persons joined by benign explanations */
    if (np > 1) {
        /* a building is found by its postcode, or by its exact address where none is
         * given */
        join_groups(t, c, LT_POSTCODE, lease, k, s->lease_person, s->parent, s->pairs,
                    cond_household);
        join_groups(t, c, LT_ADDRESS, lease, k, s->lease_person, s->parent, s->pairs,
                    cond_household);
        join_groups(t, c, LT_EMAIL_DOMAIN, lease, k, s->lease_person, s->parent, s->pairs,
                    cond_organisation);
        join_groups(t, c, LT_OFFICE_NET, lease, k, s->lease_person, s->parent, s->pairs,
                    cond_same_address);
        join_groups(t, c, LT_ACCOUNT, lease, k, s->lease_person, s->parent, s->pairs,
                    cond_business_account);
    }
    uint32_t entities = 0, in_group = 0;
    for (uint32_t p = 0; p < np; p++)
        entities += uf_find(s->parent, p) == p;
    for (size_t i = 0; i < k; i++)
        s->lease_entity[i] =
            s->lease_person[i] == NO_LOCAL ? NO_LOCAL : uf_find(s->parent, s->lease_person[i]);
    if (np > 1) {
        /* persons in a multi-person explanation group */
        uint32_t *sz = s->wcount;
        memset(sz, 0, np * sizeof *sz);
        for (uint32_t p = 0; p < np; p++)
            sz[uf_find(s->parent, p)]++;
        for (uint32_t p = 0; p < np; p++)
            in_group += sz[uf_find(s->parent, p)] >= 2;
    }

    x[F_LEASES] = (double)k;
    x[F_ACCOUNTS] = distinct(t, LT_ACCOUNT, lease, k, s->pairs);
    x[F_PERSONS] = (double)np;
    x[F_EMAILS] = distinct(t, LT_EMAIL, lease, k, s->pairs);
    x[F_PHONES] = distinct(t, LT_PHONE, lease, k, s->pairs);
    x[F_ADDRESSES] = distinct(t, LT_ADDRESS, lease, k, s->pairs);
    x[F_CARDS] = distinct(t, LT_PAYMENT_FP, lease, k, s->pairs);
    x[F_DEVICES] = distinct(t, LT_DEVICE_FP, lease, k, s->pairs);
    x[F_IPS] = distinct(t, LT_SIGNUP_IP, lease, k, s->pairs);
    x[F_IP_BLOCKS] = distinct(t, LT_IP_PREFIX, lease, k, s->pairs);
    x[F_EXPLAINED] = np > 1 ? (double)in_group / np : 0;
    x[F_ENTITIES] = entities > 0 ? entities - 1 : 0;

    double shared = 0, net;
    x[F_CARD_PERSONS] =
        entities_per_value(t, LT_PAYMENT_FP, lease, s->lease_entity, k, s->pairs, &shared);
    x[F_DEVICE_PERSONS] =
        entities_per_value(t, LT_DEVICE_FP, lease, s->lease_entity, k, s->pairs, &shared);
    x[F_PHONE_PERSONS] =
        entities_per_value(t, LT_PHONE, lease, s->lease_entity, k, s->pairs, &shared);
    x[F_MAILBOX_PERSONS] =
        entities_per_value(t, LT_EMAIL, lease, s->lease_entity, k, s->pairs, &shared);
    net = entities_per_value(t, LT_OFFICE_NET, lease, s->lease_entity, k, s->pairs, &shared);
    double ipshared = 0;
    double ip = entities_per_value(t, LT_SIGNUP_IP, lease, s->lease_entity, k, s->pairs, &ipshared);
    x[F_NETWORK_PERSONS] = net > ip ? net : ip;
    entities_per_value(t, LT_ACCOUNT, lease, s->lease_entity, k, s->pairs, &shared);
    x[F_SHARED_TRAITS] = shared;
    double sites = 0;
    for (size_t i = 0; i < k; i++) {
        uint32_t d = t->text[LT_ORG_DOMAIN].id[lease[i]];
        if (d && job->domain_sites[d] > sites)
            sites = job->domain_sites[d];
    }
    x[F_DOMAIN_PERSONS] = sites > 0 ? sites - 1 : 0;

    /* strongest link between different entities; edges are sorted by renter */
    double strongest = 0;
    while (edge_at < lr->n_edge && lr->renter[lr->edge[edge_at].a] < r)
        edge_at++;
    if (entities > 1) {
        /* local index of a lease row: a binary search in the renter's sorted lease list */
        for (size_t e = edge_at; e < lr->n_edge && lr->renter[lr->edge[e].a] == r; e++) {
            const link_edge *ed = &lr->edge[e];
            const uint32_t *pa = bsearch(&ed->a, lease, k, sizeof *lease, cmp_u32_fn);
            const uint32_t *pb = bsearch(&ed->b, lease, k, sizeof *lease, cmp_u32_fn);
            if (pa && pb && s->lease_entity[pa - lease] != NO_LOCAL &&
                s->lease_entity[pb - lease] != NO_LOCAL &&
                s->lease_entity[pa - lease] != s->lease_entity[pb - lease] &&
                ed->log_odds > strongest)
                strongest = ed->log_odds;
        }
    }
    x[F_STRONGEST_LINK] = strongest;

    /* time */
    size_t kt = 0;
    for (size_t i = 0; i < k; i++)
        if (t->created_at[lease[i]] != LT_MISSING_TIME)
            s->order[kt++] = (uint32_t)i;
    if (kt > 0) {
        /* the renter's dated leases in (time, row) order */
        timed *tv = xmalloc(kt * sizeof *tv);
        for (size_t i = 0; i < kt; i++)
            tv[i] = (timed){t->created_at[lease[s->order[i]]], s->order[i]};
        qsort(tv, kt, sizeof *tv, cmp_timed);
        int64_t *times = xmalloc(kt * sizeof *times);
        for (size_t i = 0; i < kt; i++) {
            s->order[i] = tv[i].local;
            times[i] = tv[i].t;
        }
        free(tv);
        double span = (double)(times[kt - 1] - times[0]) / 86400.0;
        x[F_SPAN_DAYS] = span;
        x[F_PER_WEEK] = (double)k / (span < 7 ? 1 : span / 7);
        size_t best = 0, lo = 0;
        uint32_t *wc = s->wcount;
        memset(wc, 0, np * sizeof *wc);
        size_t distinct_e = 0, best_e = 0;
        double min_gap = -1;
        uint32_t prev_e = NO_LOCAL;
        int64_t prev_t = 0;
        for (size_t hi = 0; hi < kt; hi++) {
            uint32_t e = s->lease_entity[s->order[hi]];
            if (e != NO_LOCAL)
                distinct_e += wc[e]++ == 0;
            while (times[hi] - times[lo] > 72 * 3600) {
                uint32_t f = s->lease_entity[s->order[lo]];
                if (f != NO_LOCAL)
                    distinct_e -= --wc[f] == 0;
                lo++;
            }
            if (hi - lo + 1 > best)
                best = hi - lo + 1;
            if (distinct_e > best_e)
                best_e = distinct_e;
            if (e != NO_LOCAL) {
                if (prev_e != NO_LOCAL && prev_e != e) {
                    double gap = (double)(times[hi] - prev_t) / 3600.0;
                    if (min_gap < 0 || gap < min_gap)
                        min_gap = gap;
                }
                prev_e = e;
                prev_t = times[hi];
            }
        }
        x[F_BURST] = (double)best;
        x[F_GROUP_BURST] = best_e > 0 ? (double)best_e - 1 : 0;
        x[F_SWITCH_SPEED] = min_gap < 0 ? 0 : 1000.0 / (1.0 + min_gap);
        free(times);
    }

    /* risk rates */
    double n_email_known = 0, disp = 0, freem = 0, unrel = 0, n_unrel = 0;
    double n_cty = 0, mism = 0, n_kind = 0, anon = 0, n_pay = 0, untr = 0, nophone = 0;
    for (size_t i = 0; i < k; i++) {
        uint32_t l = lease[i];
        uint32_t d = t->text[LT_EMAIL_DOMAIN].id[l];
        if (d) {
            n_email_known++;
            disp += c->domain_kind[d] == DOMAIN_DISPOSABLE;
            freem += c->domain_kind[d] == DOMAIN_FREEMAIL;
            size_t el, nl;
            const char *es = strpool_get(t->text[LT_EMAIL].pool, t->text[LT_EMAIL].id[l], &el);
            const char *ns = strpool_get(t->text[LT_NAME].pool, t->text[LT_NAME].id[l], &nl);
            int u = local_unrelated(es, el, ns, nl);
            if (u >= 0) {
                n_unrel++;
                unrel += u;
            }
        }
        uint32_t bc = t->text[LT_COUNTRY].id[l], ic = t->text[LT_IP_COUNTRY].id[l];
        if (bc && ic) {
            n_cty++;
            mism += strcmp(strpool_get(t->text[LT_COUNTRY].pool, bc, NULL),
                           strpool_get(t->text[LT_IP_COUNTRY].pool, ic, NULL)) != 0;
        }
        if (t->ip_kind[l] != IPK_UNKNOWN) {
            n_kind++;
            anon += t->ip_kind[l] == IPK_VPN || t->ip_kind[l] == IPK_TOR ||
                    t->ip_kind[l] == IPK_PROXY || t->ip_kind[l] == IPK_HOSTING;
        }
        if (t->payment_type[l] != PAY_UNKNOWN) {
            n_pay++;
            untr += t->payment_type[l] == PAY_PREPAID || t->payment_type[l] == PAY_CRYPTO;
        }
        nophone += t->text[LT_PHONE].id[l] == 0;
    }
    x[F_DISPOSABLE] = n_email_known ? disp / n_email_known : 0;
    x[F_FREEMAIL] = n_email_known ? freem / n_email_known : 0;
    x[F_UNRELATED_LOCAL] = n_unrel ? unrel / n_unrel : 0;
    x[F_COUNTRY_MISMATCH] = n_cty ? mism / n_cty : 0;
    x[F_ANON_IP] = n_kind ? anon / n_kind : 0;
    x[F_UNTRACEABLE_PAY] = n_pay ? untr / n_pay : 0;
    x[F_NO_PHONE] = nophone / (double)k;
    *edge_at_p = edge_at;
}

static void *build_range(void *arg)
{
    const build_job *job = arg;
    scratch s = {0};
    s.local = xcalloc(job->n_keys ? job->n_keys : 1, sizeof *s.local);
    /* the first edge of renter lo: edges are sorted by renter */
    const link_result *lr = job->lr;
    size_t lo_e = 0, hi_e = lr->n_edge;
    while (lo_e < hi_e) {
        size_t mid = lo_e + (hi_e - lo_e) / 2;
        if (lr->renter[lr->edge[mid].a] < job->lo)
            lo_e = mid + 1;
        else
            hi_e = mid;
    }
    size_t edge_at = lo_e;
    for (size_t r = job->lo; r < job->hi; r++)
        build_renter(job, &s, r, &edge_at);
    free(s.local);
    free(s.parent);
    free(s.lease_person);
    free(s.lease_entity);
    free(s.order);
    free(s.pairs);
    free(s.wcount);
    return NULL;
}

void renter_features_build(renter_features *out, const lease_table *t, const link_result *lr,
                           const link_spec *spec, int threads)
{
    size_t n = t->count, nr = lr->n_renters;
    out->n_renters = nr;
    out->x = xcalloc((nr ? nr : 1) * FEATURE_COUNT, sizeof *out->x);
    out->has_time = 0;
    for (size_t i = 0; i < n && !out->has_time; i++)
        out->has_time = t->created_at[i] != LT_MISSING_TIME;

    caches c;
    caches_build(&c, t);
    /* global person keys: fuzzy person, else mailbox, else the lease */
    uint32_t n_email = strpool_count(t->text[LT_EMAIL].pool);
    uint32_t max_person = 0;
    for (size_t i = 0; i < n; i++)
        if (lr->person[i] != UINT32_MAX && lr->person[i] + 1 > max_person)
            max_person = lr->person[i] + 1;
    size_t n_keys = (size_t)max_person + n_email + n;
    uint32_t *sites = domain_sites_build(t, lr, spec, max_person > 0, max_person, n_email, n_keys);
    build_job base = {out, t, lr, &c, sites, max_person > 0, max_person, n_email, n_keys, 0, nr};
    /* threads take contiguous renter ranges of about equal lease counts; every renter's row
     * depends on that renter alone, so the result does not depend on the split */
    int nt = threads > 1 && n > 20000 ? threads : 1;
    if (nt > 16)
        nt = 16;
    build_job job[16];
    pthread_t tid[16];
    size_t r = 0;
    for (int k = 0; k < nt; k++) {
        job[k] = base;
        job[k].lo = r;
        size_t want = n * (size_t)(k + 1) / (size_t)nt;
        while (r < nr && (k == nt - 1 || lr->renter_start[r + 1] <= want))
            r++;
        job[k].hi = k == nt - 1 ? nr : r;
        r = job[k].hi;
        if (k > 0 && pthread_create(&tid[k], NULL, build_range, &job[k]) != 0) {
            build_range(&job[k]);
            tid[k] = 0;
        }
    }
    build_range(&job[0]);
    for (int k = 1; k < nt; k++)
        if (tid[k])
            pthread_join(tid[k], NULL);
    caches_free(&c);
    free(sites);
}

void renter_features_free(renter_features *rf)
{
    free(rf->x);
    rf->x = NULL;
    rf->n_renters = 0;
}
