/* domains.c: lookup in the embedded domain lists (see domains.h).
 *
 * Each list is a text of lines ('#' lines are comments). The index is an array of
 * {offset, length} per line, built once, with an open-addressing hash set of the lines over it
 * (hash_bytes with the process seed, as every table): a lookup is a hash and a probe or two,
 * where a binary search of the 120,000 disposable domains missed the cache at every step (every
 * row's domain is looked up, and its parents as "*." rules).
 */
#include "normalize/domains.h"
#include "util/hash.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

extern const char lh_disposable_domains_text[];
extern const char lh_freemail_domains_text[];

typedef struct line_ref {
    const char *s;
    size_t len;
} line_ref;

typedef struct domain_list {
    line_ref *line;
    size_t n;
    uint32_t *slot; /* line index + 1, 0 = empty; mask + 1 slots, at most half full */
    size_t mask;
    uint64_t seed;
    char source[512]; /* the comment lines, '#' removed, joined by "; " */
} domain_list;

static domain_list lists[2];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void index_text(domain_list *l, const char *text)
{
    size_t cap = 0;
    size_t src = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > 0 && p[0] == '#') {
            const char *c = p + 1 + (len > 1 && p[1] == ' ');
            size_t cl = len - (size_t)(c - p);
            if (src + cl + 3 < sizeof l->source) {
                if (src)
                    memcpy(l->source + src, "; ", 2), src += 2;
                memcpy(l->source + src, c, cl);
                src += cl;
            }
        } else if (len > 0) {
            l->line = xgrow(l->line, &cap, l->n + 1, sizeof *l->line);
            l->line[l->n] = (line_ref){p, len};
            l->n++;
        }
        p += len + (nl != NULL);
    }
    l->source[src] = '\0';
}

static void hash_lines(domain_list *l)
{
    size_t cap = 16;
    while (cap < 2 * l->n)
        cap *= 2;
    l->slot = xcalloc(cap, sizeof *l->slot);
    l->mask = cap - 1;
    l->seed = hash_seed();
    for (size_t k = 0; k < l->n; k++) {
        size_t i = (size_t)hash_bytes(l->line[k].s, l->line[k].len, l->seed) & l->mask;
        while (l->slot[i])
            i = (i + 1) & l->mask;
        l->slot[i] = (uint32_t)k + 1;
    }
}

static void build(void)
{
    index_text(&lists[0], lh_freemail_domains_text);
    index_text(&lists[1], lh_disposable_domains_text);
    hash_lines(&lists[0]);
    hash_lines(&lists[1]);
}

static int contains(const domain_list *l, const char *s, size_t n)
{
    for (size_t i = (size_t)hash_bytes(s, n, l->seed) & l->mask; l->slot[i];
         i = (i + 1) & l->mask) {
        const line_ref *r = &l->line[l->slot[i] - 1];
        if (r->len == n && memcmp(r->s, s, n) == 0)
            return 1;
    }
    return 0;
}

static domain_kind classify(const char *domain, size_t n);

/* A direct-mapped cache of recent answers, per thread: free-mail domains repeat in nearly every
 * row, and a lookup hashes the domain and each of its parents into two lists. */
#define DOMAIN_CACHE 256
typedef struct domain_cache_entry {
    char name[48];
    unsigned char len;
    unsigned char kind;
} domain_cache_entry;
static _Thread_local domain_cache_entry domain_cache[DOMAIN_CACHE];

domain_kind domain_classify(const char *domain, size_t n)
{
    if (n == 0 || n >= sizeof domain_cache[0].name)
        return classify(domain, n);
    unsigned h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * 31 + (unsigned char)domain[i];
    domain_cache_entry *e = &domain_cache[h % DOMAIN_CACHE];
    if (e->len == n && memcmp(e->name, domain, n) == 0)
        return (domain_kind)e->kind;
    domain_kind k = classify(domain, n);
    memcpy(e->name, domain, n);
    e->len = (unsigned char)n;
    e->kind = (unsigned char)k;
    return k;
}

/* 1 for .edu, and for .ac.XX or .edu.XX with a two-letter country code. */
static int academic(const char *d, size_t n)
{
    size_t last = n; /* start of the last label */
    while (last > 0 && d[last - 1] != '.')
        last--;
    if (last == 0)
        return 0; /* a single label */
    if (n - last == 3 && memcmp(d + last, "edu", 3) == 0)
        return 1;
    if (n - last != 2)
        return 0;
    size_t second = last - 1; /* the second-to-last label is [second, last - 1) */
    while (second > 0 && d[second - 1] != '.')
        second--;
    if (second == 0)
        return 0; /* "ac.jp" itself is not a university */
    size_t len = last - 1 - second;
    return (len == 2 && memcmp(d + second, "ac", 2) == 0) ||
           (len == 3 && memcmp(d + second, "edu", 3) == 0);
}

static domain_kind classify(const char *domain, size_t n)
{
    pthread_once(&once, build);
    if (n == 0 || n > 253)
        return DOMAIN_OTHER;
    if (contains(&lists[1], domain, n))
        return DOMAIN_DISPOSABLE;
    char rule[256 + 2] = "*.";
    for (size_t i = 0; i < n; i++) {
        if (domain[i] != '.')
            continue;
        size_t rest = n - i - 1;
        memcpy(rule + 2, domain + i + 1, rest);
        if (contains(&lists[1], rule, rest + 2))
            return DOMAIN_DISPOSABLE;
    }
    if (contains(&lists[0], domain, n))
        return DOMAIN_FREEMAIL;
    return academic(domain, n) ? DOMAIN_ACADEMIC : DOMAIN_OTHER;
}

const char *domain_list_source(domain_kind which)
{
    pthread_once(&once, build);
    return which == DOMAIN_DISPOSABLE ? lists[1].source : lists[0].source;
}
