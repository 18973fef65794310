/* colmap.c: column maps, presets and binding (see colmap.h). Maps are tiny (tens of entries),
 * so every lookup here is a linear scan; binding happens once per input file. */
#include "ingest/colmap.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAP_FILE_MAX (1u << 20) /* a map file larger than this is not a map file */

typedef struct preset {
    const char *name;
    const char *spec;
} preset;

static const preset presets[] = {
    {"whmcs", "lease_id=id|ordernum,account_id=userid|id,first_name=firstname,"
              "last_name=lastname,company=companyname,email=email,"
              "address=address1+address2|address1,city=city,state=state,postcode=postcode,"
              "country=country,phone=phonenumber,signup_ip=ipaddress|ip,"
              "created_at=datecreated|date,amount=amount|total,payment_type=paymentmethod"},
    {"febrl", "lease_id=rec_id,first_name=given_name,last_name=surname,"
              "address=street_number+address_1+address_2,city=suburb,postcode=postcode,"
              "state=state,dob=date_of_birth,id_number=soc_sec_id"},
    {"splink", "lease_id=unique_id,first_name=first_name,last_name=surname,dob=dob,city=city,"
               "email=email,actor_id=cluster"},
};

void colmap_init(colmap *m)
{
    memset(m, 0, sizeof *m);
}

static void entry_clear(colmap_entry *e)
{
    for (size_t a = 0; a < e->n_alt; a++)
        for (size_t s = 0; s < e->alt[a].n_src; s++)
            xfree(e->alt[a].src[s]);
    e->n_alt = 0;
}

void colmap_free(colmap *m)
{
    for (size_t i = 0; i < m->n; i++) {
        entry_clear(&m->entry[i]);
        xfree(m->entry[i].target);
    }
    xfree(m->entry);
    for (size_t i = 0; i < m->n_extra; i++)
        xfree(m->extra[i]);
    colmap_init(m);
}

const char *colmap_preset_list(void)
{
    return "whmcs, febrl, splink";
}

static char *trimmed_dup(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return xstrndup(s, n);
}

int colmap_want_extra(colmap *m, const char *name)
{
    for (size_t i = 0; i < m->n_extra; i++)
        if (strcasecmp(m->extra[i], name) == 0)
            return (int)i;
    if (m->n_extra == COLMAP_MAX_EXTRA)
        return -1;
    char *lower = xstrdup(name);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    m->extra[m->n_extra] = lower;
    return (int)m->n_extra++;
}

static int valid_target(const char *t)
{
    if (!*t)
        return 0;
    for (const char *p = t; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_'))
            return 0;
    return 1;
}

/* Parses one "target=alt|alt" pair, alt = "src+src". */
static lh_status add_pair(colmap *m, const char *s, size_t n, int from_preset, lh_error *err)
{
    const char *eq = memchr(s, '=', n);
    if (eq == NULL)
        return LH_FAIL(err, LH_EUSAGE, "--map: '%.*s' is not canonical=source", (int)n, s);
    char *target = trimmed_dup(s, (size_t)(eq - s));
    for (char *p = target; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (!valid_target(target)) {
        lh_status st = LH_FAIL(err, LH_EUSAGE, "--map: bad column name '%s'", target);
        xfree(target);
        return st;
    }
    colmap_entry e = {0};
    e.target = target;
    e.canon = canon_lookup(target, strlen(target));
    e.from_preset = from_preset;
    /* first_name+last_name style targets are canonical; anything else becomes an extra. */
    if (e.canon < 0 && colmap_want_extra(m, target) < 0) {
        xfree(target);
        return LH_FAIL(err, LH_EUSAGE, "--map: more than %d extra columns", COLMAP_MAX_EXTRA);
    }
    const char *p = eq + 1, *end = s + n;
    while (p <= end) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        const char *alt_end = bar ? bar : end;
        if (e.n_alt == COLMAP_MAX_ALT) {
            entry_clear(&e);
            lh_status st = LH_FAIL(err, LH_EUSAGE, "--map: more than %d alternatives for %s",
                                   COLMAP_MAX_ALT, target);
            xfree(target);
            return st;
        }
        colmap_alt *alt = &e.alt[e.n_alt++];
        const char *q = p;
        while (q <= alt_end) {
            const char *plus = memchr(q, '+', (size_t)(alt_end - q));
            const char *src_end = plus ? plus : alt_end;
            char *src = trimmed_dup(q, (size_t)(src_end - q));
            if (!*src || alt->n_src == COLMAP_MAX_JOIN) {
                xfree(src);
                entry_clear(&e);
                lh_status st = LH_FAIL(err, LH_EUSAGE, "--map: bad source list for %s", target);
                xfree(target);
                return st;
            }
            alt->src[alt->n_src++] = src;
            q = src_end + 1;
        }
        p = alt_end + 1;
    }
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(m->entry[i].target, target) == 0) {
            entry_clear(&m->entry[i]);
            xfree(m->entry[i].target);
            m->entry[i] = e;
            return LH_OK;
        }
    }
    m->entry = xgrow(m->entry, &m->cap, m->n + 1, sizeof *m->entry);
    m->entry[m->n++] = e;
    return LH_OK;
}

static lh_status add_list(colmap *m, const char *s, int from_preset, lh_error *err)
{
    const char *p = s;
    for (;;) {
        size_t n = strcspn(p, ",\n");
        const char *hash = memchr(p, '#', n);
        size_t use = hash ? (size_t)(hash - p) : n;
        size_t k = use;
        const char *q = p;
        while (k && isspace((unsigned char)*q))
            q++, k--;
        if (k > 0) {
            lh_status st = add_pair(m, p, use, from_preset, err);
            if (st != LH_OK)
                return st;
        }
        if (p[n] == '\0')
            return LH_OK;
        p += n + 1;
    }
}

lh_status colmap_add_spec(colmap *m, const char *arg, lh_error *err)
{
    if (strchr(arg, '='))
        return add_list(m, arg, 0, err);
    FILE *f = fopen(arg, "r");
    if (f == NULL)
        return LH_FAIL(err, LH_ENOINPUT, "--map: cannot open map file %s: %s", arg,
                       strerror(errno));
    strbuf b;
    strbuf_init(&b, MAP_FILE_MAX);
    char chunk[4096];
    size_t n;
    lh_status st = LH_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (memchr(chunk, '\0', n) || strbuf_append(&b, chunk, n) != 0) {
            st = LH_FAIL(err, LH_EUSAGE, "--map: %s is not a map file", arg);
            break;
        }
    }
    if (st == LH_OK && ferror(f))
        st = LH_FAIL(err, LH_ENOINPUT, "--map: cannot read %s", arg);
    fclose(f);
    if (st == LH_OK)
        st = add_list(m, strbuf_cstr(&b), 0, err);
    strbuf_free(&b);
    return st;
}

lh_status colmap_add_preset(colmap *m, const char *name, lh_error *err)
{
    for (size_t i = 0; i < sizeof presets / sizeof *presets; i++)
        if (strcasecmp(presets[i].name, name) == 0)
            return add_list(m, presets[i].spec, 1, err);
    return LH_FAIL(err, LH_EUSAGE, "unknown preset '%s' (known: %s)", name, colmap_preset_list());
}

static long find_header(const char *const *header, const size_t *hlen, size_t nh, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < nh; i++)
        if (hlen[i] == n && strncasecmp(header[i], name, n) == 0)
            return (long)i;
    return -1;
}

static const char *target_name(const colmap *m, size_t t)
{
    return t < CANON_COUNT ? canon_get((canon_col)t)->name : m->extra[t - CANON_COUNT];
}

static size_t target_index(const colmap *m, const colmap_entry *e)
{
    if (e->canon >= 0)
        return (size_t)e->canon;
    for (size_t i = 0; i < m->n_extra; i++)
        if (strcmp(m->extra[i], e->target) == 0)
            return CANON_COUNT + i;
    return (size_t)-1;
}

static void describe(const colmap *m, colbind *b, const char *const *header, const size_t *hlen)
{
    size_t o = 0;
    size_t cap = sizeof b->description;
    b->description[0] = '\0';
    for (size_t t = 0; t < CANON_COUNT + m->n_extra; t++) {
        const col_source *s = &b->src[t];
        if (s->n == 0)
            continue;
        const char *name = target_name(m, t);
        int same = s->n == 1 && hlen[s->col[0]] == strlen(name) &&
                   strncasecmp(header[s->col[0]], name, hlen[s->col[0]]) == 0;
        int w = snprintf(b->description + o, cap - o, "%s%s", o ? ", " : "", name);
        if (w < 0 || (size_t)w >= cap - o)
            break;
        o += (size_t)w;
        for (size_t k = 0; k < s->n && !same; k++) {
            w = snprintf(b->description + o, cap - o, "%s%.*s", k ? "+" : "<-",
                         (int)(hlen[s->col[k]] > 64 ? 64 : hlen[s->col[k]]), header[s->col[k]]);
            if (w < 0 || (size_t)w >= cap - o)
                return;
            o += (size_t)w;
        }
        if (t < 32 && (b->inferred >> t & 1)) {
            w = snprintf(b->description + o, cap - o, " (by its values)");
            if (w < 0 || (size_t)w >= cap - o)
                return;
            o += (size_t)w;
        }
    }
}

static lh_status no_identifier(const char *file, const char *const *header, const size_t *hlen,
                               size_t nh, lh_error *err)
{
    char found[1024] = "", hints[1024] = "";
    size_t fo = 0, ho = 0;
    for (size_t i = 0; i < nh && fo + 70 < sizeof found; i++) {
        int n = (int)(hlen[i] > 40 ? 40 : hlen[i]);
        fo +=
            (size_t)snprintf(found + fo, sizeof found - fo, "%s%.*s", i ? ", " : "", n, header[i]);
        int c = canon_lookup(header[i], hlen[i]);
        if (c < 0)
            c = canon_lookup_alias(header[i], hlen[i]);
        if (c >= 0 && ho + 90 < sizeof hints)
            ho += (size_t)snprintf(hints + ho, sizeof hints - ho, "%s%.*s->%s", ho ? ", " : "", n,
                                   header[i], canon_get((canon_col)c)->name);
    }
    return LH_FAIL(err, LH_EDATA,
                   "%s: no identifying column (one of name, first_name, last_name, email, phone, "
                   "payment_fp, device_fp, signup_ip, account_id, id_number is needed). Headers "
                   "found: %s. They could map to: %s. Use --map canonical=source or --preset.",
                   file, found, ho ? hints : "(no canonical names recognised)");
}

lh_status colmap_bind(const colmap *m, const char *file, const char *const *header,
                      const size_t *hlen, size_t nh, colbind *b, lh_error *err)
{
    lh_status st = colmap_bind_names(m, file, header, hlen, nh, b, err);
    if (st != LH_OK)
        return st;
    return colbind_require_identifier(b, file, header, hlen, nh, err);
}

lh_status colbind_require_identifier(const colbind *b, const char *file, const char *const *header,
                                     const size_t *hlen, size_t nh, lh_error *err)
{
    for (int c = 0; c < CANON_COUNT; c++)
        if (canon_get((canon_col)c)->identifying && b->src[c].n)
            return LH_OK;
    return no_identifier(file, header, hlen, nh, err);
}

int colmap_header_usable(const colmap *m, const char *const *header, const size_t *hlen, size_t n,
                         int below)
{
    colbind b;
    lh_error err;
    int usable = 0;
    if (colmap_bind_names(m, "", header, hlen, n, &b, &err) == LH_OK) {
        for (int c = 0; c < CANON_COUNT && !usable; c++)
            usable = canon_get((canon_col)c)->identifying && b.src[c].n;
        size_t mapped = 0;
        for (size_t h = 0; h < n; h++)
            mapped += b.used[h];
        if (below)
            usable = usable && mapped >= 2 && (mapped >= COLMAP_HEADER_MIN_COLUMNS || mapped == n);
    }
    colbind_free(&b);
    return usable;
}

void colbind_assign(const colmap *m, colbind *b, canon_col c, size_t h, const char *const *header,
                    const size_t *hlen)
{
    b->src[c].n = 1;
    b->src[c].col[0] = h;
    b->used[h] = 1;
    b->inferred |= (uint32_t)1 << c;
    describe(m, b, header, hlen);
}

lh_status colmap_bind_names(const colmap *m, const char *file, const char *const *header,
                            const size_t *hlen, size_t nh, colbind *b, lh_error *err)
{
    b->inferred = 0;
    memset(b->src, 0, sizeof b->src);
    b->n_header = nh;
    b->used = xcalloc(nh ? nh : 1, 1);
    int explicit[COLMAP_MAX_TARGETS] = {0};

    for (size_t i = 0; i < m->n; i++) {
        const colmap_entry *e = &m->entry[i];
        size_t t = target_index(m, e);
        if (t == (size_t)-1)
            continue;
        explicit[t] = 1;
        for (size_t a = 0; a < e->n_alt && b->src[t].n == 0; a++) {
            const colmap_alt *alt = &e->alt[a];
            col_source s = {0};
            for (size_t k = 0; k < alt->n_src; k++) {
                long h = find_header(header, hlen, nh, alt->src[k]);
                if (h < 0) {
                    s.n = 0;
                    break;
                }
                s.col[s.n++] = (size_t)h;
            }
            if (s.n == alt->n_src)
                b->src[t] = s;
        }
        if (b->src[t].n == 0 && !e->from_preset)
            return LH_FAIL(err, LH_EDATA, "%s: --map %s=%s: no such column in the header", file,
                           e->target, e->alt[0].src[0]);
        for (size_t k = 0; k < b->src[t].n; k++)
            b->used[b->src[t].col[k]] = 1;
    }
    for (size_t t = 0; t < CANON_COUNT + m->n_extra; t++) {
        if (explicit[t] || b->src[t].n)
            continue;
        long h = find_header(header, hlen, nh, target_name(m, t));
        if (h >= 0) {
            b->src[t].n = 1;
            b->src[t].col[0] = (size_t)h;
            b->used[h] = 1;
        }
    }
    for (size_t h = 0; h < nh; h++) {
        if (b->used[h])
            continue;
        int c = canon_lookup_alias(header[h], hlen[h]);
        if (c >= 0 && !explicit[c] && b->src[c].n == 0) {
            b->src[c].n = 1;
            b->src[c].col[0] = h;
            b->used[h] = 1;
        }
    }
    /* "Vorname" and "Name", "Prénom" and "Nom": a name beside a first name and no last name is
       the family name, as German and French exports write them */
    size_t nc = b->src[CANON_NAME].col[0];
    if (b->src[CANON_NAME].n == 1 && b->src[CANON_FIRST_NAME].n && !b->src[CANON_LAST_NAME].n &&
        !explicit[CANON_NAME] && !explicit[CANON_LAST_NAME] && hlen[nc] == 4 &&
        strncasecmp(header[nc], "name", 4) == 0) { /* "Customer Name" stays a full name */
        b->src[CANON_LAST_NAME] = b->src[CANON_NAME];
        b->src[CANON_NAME].n = 0;
    }
    describe(m, b, header, hlen);
    return LH_OK;
}

void colbind_free(colbind *b)
{
    xfree(b->used);
    b->used = NULL;
}
