/* explain.c: the evidence for one renter, from a scan's output folder (see explain.h).
 *
 * renters.csv is streamed through the library's CSV reader (ingest/csvrec.h) until the
 * renter's row; its fields are copied out, the rest of the file is not kept. summary.json is
 * read whole (at most EXPLAIN_SUMMARY_MAX bytes) into a util/json_read tree. evidence.jsonl is
 * read a line at a time (at most EXPLAIN_LINE_MAX bytes each); a line is parsed only when its
 * text contains the renter id as the JSON writer spells it (an id without '"', '\\' or control
 * characters is spelled as it is; any other id makes every line parsed), so finding one renter
 * among many costs a substring search per line and one parse.
 *
 * Output: text for a person, or Graphviz DOT. Every value from the files is printed through
 * put_safe() (text: control characters as \xNN, so a value cannot drive the terminal) or
 * dot_str() (DOT: quotes and backslashes escaped, control characters as spaces).
 *
 * Shared values: the links' agreeing fields grouped by field, level and (for the level "same",
 * where both leases hold it) value, with the range of their weights, the number of links and
 * of distinct leases (a bitmap per group over the renter's leases, found by binary search on
 * the sorted lease ids). Cost: O(links x fields x groups), groups at most EXPLAIN_MAX_SHARED.
 */
#include "report/explain.h"
#include "ingest/csvrec.h"
#include "ingest/source.h"
#include "util/json_read.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPLAIN_FIELD_MAX (1u << 20) /* bytes of one renters.csv field (lease_ids of a renter) */

/* ---- printing --------------------------------------------------------------------------- */

/* s[0..n) for a terminal: C0 and C1 control characters and DEL as \xNN. */
static void put_safe_n(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9F) {
            fprintf(out, "\\x%02X\\x%02X", c, (unsigned char)s[i + 1]);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(out, "\\x%02X", c);
        } else {
            putc(c, out);
        }
    }
}

static void put_safe(FILE *out, const char *s)
{
    put_safe_n(out, s ? s : "", s ? strlen(s) : 0);
}

static void put_json_str(FILE *out, const json_value *v)
{
    if (v && v->type == JSON_STRING)
        put_safe_n(out, v->str, v->len);
}

/* A DOT double-quoted string's content. */
static void dot_str_n(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            putc('\\', out);
            putc(c, out);
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                   (unsigned char)s[i + 1] <= 0x9F) {
            putc(' ', out);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            putc(' ', out);
        } else {
            putc(c, out);
        }
    }
}

static void dot_str(FILE *out, const char *s)
{
    dot_str_n(out, s ? s : "", s ? strlen(s) : 0);
}

static void dot_json_str(FILE *out, const json_value *v)
{
    if (v && v->type == JSON_STRING)
        dot_str_n(out, v->str, v->len);
}

/* ---- renters.csv ------------------------------------------------------------------------- */

typedef struct renter_row {
    size_t n;
    char **name, **value; /* header names and the renter's values, owned, [n] */
    uint64_t rows;        /* data rows read */
    char example[128];    /* the file's first renter id, for a not-found message */
} renter_row;

static void renter_row_free(renter_row *r)
{
    for (size_t i = 0; i < r->n; i++) {
        xfree(r->name[i]);
        xfree(r->value[i]);
    }
    xfree(r->name);
    xfree(r->value);
    memset(r, 0, sizeof *r);
}

static const char *row_get(const renter_row *r, const char *name)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->name[i], name) == 0)
            return r->value[i];
    return NULL;
}

/* Finds id in dir/renters.csv; *found 0 when it is not there (r->rows and example are set). */
static lh_status renter_row_read(renter_row *r, const char *dir, const char *id, int *found,
                                 lh_error *err)
{
    static const char *const required[] = {"renter_id", "rank",    "score",    "q_value",
                                           "flagged",   "reasons", "lease_ids"};
    memset(r, 0, sizeof *r);
    *found = 0;
    char *path = xpath_join(dir, "renters.csv");
    byte_source *src = NULL;
    csv_reader *rd = NULL;
    lh_status st = byte_source_open(&src, path, err);
    if (st != LH_OK)
        goto done;
    csv_limits lim = {EXPLAIN_FIELD_MAX, 0};
    rd = csv_reader_new(src, &lim);
    csv_record rec;
    int got = csv_reader_next(rd, &rec, err);
    if (got < 0) {
        st = err->code;
        goto done;
    }
    if (got == 0 || rec.reason != REJECT_NONE) {
        st = LH_FAIL(err, LH_EDATA, "%s: no header", path);
        goto done;
    }
    r->n = rec.n_fields;
    r->name = xcalloc(r->n, sizeof *r->name);
    r->value = xcalloc(r->n, sizeof *r->value);
    size_t id_col = SIZE_MAX;
    for (size_t i = 0; i < r->n; i++) {
        r->name[i] = xstrndup(rec.field[i], rec.len[i]);
        if (strcmp(r->name[i], "renter_id") == 0)
            id_col = i;
    }
    for (size_t k = 0; k < sizeof required / sizeof *required; k++) {
        int have = 0;
        for (size_t i = 0; i < r->n; i++)
            have |= strcmp(r->name[i], required[k]) == 0;
        if (!have) {
            st = LH_FAIL(err, LH_EDATA, "%s: no column %s (is %s a scan output folder?)", path,
                         required[k], dir);
            goto done;
        }
    }
    csv_reader_set_width(rd, r->n);
    while ((got = csv_reader_next(rd, &rec, err)) > 0) {
        if (rec.reason != REJECT_NONE) {
            st = LH_FAIL(err, LH_EDATA, "%s: line %llu cannot be read (%s)", path,
                         (unsigned long long)rec.line, reject_reason_name(rec.reason));
            goto done;
        }
        if (r->rows++ == 0)
            snprintf(r->example, sizeof r->example, "%.*s", (int)rec.len[id_col],
                     rec.field[id_col]);
        if (rec.len[id_col] == strlen(id) && memcmp(rec.field[id_col], id, rec.len[id_col]) == 0) {
            for (size_t i = 0; i < r->n; i++)
                r->value[i] = xstrndup(rec.field[i], rec.len[i]);
            *found = 1;
            break;
        }
    }
    if (got < 0)
        st = err->code;
done:
    csv_reader_free(rd);
    byte_source_close(src);
    xfree(path);
    return st;
}

/* ---- summary.json and evidence.jsonl ------------------------------------------------------ */

typedef struct run_facts {
    json_doc *doc; /* NULL when summary.json is absent */
    int have_alpha;
    double alpha;
    double renters; /* < 0: unknown */
    const char *kind;
    int pseudonymized;
} run_facts;

static lh_status run_facts_read(run_facts *rf, const char *dir, lh_error *err)
{
    memset(rf, 0, sizeof *rf);
    rf->renters = -1;
    char *path = xpath_join(dir, "summary.json");
    lh_status st = LH_OK;
    char *text = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (errno != ENOENT)
            st = LH_FAIL(err, LH_ENOINPUT, "cannot open %s: %s", path, strerror(errno));
        goto done;
    }
    text = xmalloc(EXPLAIN_SUMMARY_MAX + 1);
    size_t n = fread(text, 1, EXPLAIN_SUMMARY_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        st = LH_FAIL(err, LH_ENOINPUT, "cannot read %s", path);
        goto done;
    }
    if (n > EXPLAIN_SUMMARY_MAX) {
        st = LH_FAIL(err, LH_EDATA, "%s: longer than %u bytes", path, EXPLAIN_SUMMARY_MAX);
        goto done;
    }
    if ((st = json_doc_parse(&rf->doc, text, n, path, NULL, err)) != LH_OK)
        goto done;
    const json_value *root = json_doc_root(rf->doc);
    const json_value *model = json_value_get(root, "model");
    rf->have_alpha = json_value_number(json_value_get(model, "alpha"), &rf->alpha);
    if (!rf->have_alpha) {
        const char *a =
            json_value_string(json_value_get(json_value_get(root, "parameters"), "alpha"));
        char *end;
        if (a && *a) {
            rf->alpha = strtod(a, &end);
            rf->have_alpha = *end == '\0';
        }
    }
    if (!json_value_number(json_value_get(model, "renters"), &rf->renters))
        rf->renters = -1;
    rf->kind = json_value_string(json_value_get(model, "kind"));
    const char *ps =
        json_value_string(json_value_get(json_value_get(root, "parameters"), "pseudonymized"));
    rf->pseudonymized = ps && strcmp(ps, "yes") == 0;
done:
    xfree(text);
    xfree(path);
    return st;
}

/* The renter id as json.c writes it inside quotes, or 0 when it needs escapes (then every line
 * is parsed). */
static int plain_json(const char *id)
{
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (*p == '"' || *p == '\\' || *p < 0x20 || *p == 0x7F)
            return 0;
    return 1;
}

/* Reads one line (without its newline) into b; 1, 0 at the end, -1 when longer than b->max. */
static int read_line(FILE *f, strbuf *b)
{
    strbuf_reset(b);
    char chunk[65536];
    int any = 0;
    while (fgets(chunk, sizeof chunk, f)) {
        any = 1;
        size_t k = strlen(chunk);
        int nl = k && chunk[k - 1] == '\n';
        if (strbuf_append(b, chunk, k - (size_t)nl) != 0)
            return -1;
        if (nl)
            return 1;
    }
    return any;
}

/* The object of renter id in dir/evidence.jsonl into *out (owned). */
static lh_status evidence_read(json_doc **out, const char *dir, const char *id, lh_error *err)
{
    *out = NULL;
    char *path = xpath_join(dir, "evidence.jsonl");
    lh_status st = LH_OK;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        st = LH_FAIL(err, LH_ENOINPUT, "cannot open %s: %s", path, strerror(errno));
        xfree(path);
        return st;
    }
    size_t idn = strlen(id);
    char *needle = xmalloc(idn + 3);
    snprintf(needle, idn + 3, "\"%s\"", id);
    int filter = plain_json(id);
    strbuf line;
    strbuf_init(&line, EXPLAIN_LINE_MAX);
    uint64_t lineno = 0;
    int got;
    while ((got = read_line(f, &line)) > 0) {
        lineno++;
        if (line.len == 0 || (filter && strstr(strbuf_cstr(&line), needle) == NULL))
            continue;
        char origin[64];
        snprintf(origin, sizeof origin, "evidence.jsonl line %llu", (unsigned long long)lineno);
        json_doc *d;
        if ((st = json_doc_parse(&d, line.data, line.len, origin, NULL, err)) != LH_OK)
            break;
        const json_value *rid = json_value_get(json_doc_root(d), "renter_id");
        if (rid && rid->type == JSON_STRING && rid->len == idn && memcmp(rid->str, id, idn) == 0) {
            *out = d;
            break;
        }
        json_doc_free(d);
    }
    if (st == LH_OK && got < 0)
        st = LH_FAIL(err, LH_EDATA, "%s: line %llu is longer than %u bytes", path,
                     (unsigned long long)lineno + 1, EXPLAIN_LINE_MAX);
    if (st == LH_OK && ferror(f))
        st = LH_FAIL(err, LH_ENOINPUT, "cannot read %s", path);
    if (st == LH_OK && *out == NULL)
        st = LH_FAIL(err, LH_EDATA,
                     "renters.csv flags %s but %s has no entry for it (outputs of different runs?)",
                     id, path);
    fclose(f);
    strbuf_free(&line);
    xfree(needle);
    xfree(path);
    return st;
}

/* ---- shared values ----------------------------------------------------------------------- */

typedef struct shared_group {
    const json_value *field, *level, *value; /* value NULL unless level is "same" */
    double lo, hi;
    uint64_t links;
    uint8_t *leases; /* bitmap over the renter's leases */
} shared_group;

typedef struct lease_key {
    const char *id;
    size_t index;
} lease_key;

static int lease_key_cmp(const void *a, const void *b)
{
    return strcmp(((const lease_key *)a)->id, ((const lease_key *)b)->id);
}

static int str_eq(const json_value *a, const json_value *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return a->type == JSON_STRING && b->type == JSON_STRING && a->len == b->len &&
           memcmp(a->str, b->str, a->len) == 0;
}

static int is_same_level(const json_value *level)
{
    const char *s = json_value_string(level);
    return s && strcmp(s, "same") == 0;
}

typedef struct evidence_view {
    const json_value *root, *leases, *links;
    lease_key *key; /* [n_leases] sorted by id */
    size_t n_leases;
    shared_group *group;
    size_t n_group, cap_group;
    uint64_t other; /* agreements beyond EXPLAIN_MAX_SHARED groups */
} evidence_view;

static long lease_index(const evidence_view *ev, const json_value *id)
{
    const char *s = json_value_string(id);
    if (s == NULL || ev->n_leases == 0)
        return -1;
    lease_key k = {s, 0};
    const lease_key *hit = bsearch(&k, ev->key, ev->n_leases, sizeof k, lease_key_cmp);
    return hit ? (long)hit->index : -1;
}

static int group_cmp(const void *pa, const void *pb)
{
    const shared_group *a = pa, *b = pb;
    if (a->hi != b->hi)
        return a->hi > b->hi ? -1 : 1;
    if (a->links != b->links)
        return a->links > b->links ? -1 : 1;
    int c = strcmp(json_value_string(a->field), json_value_string(b->field));
    if (c)
        return c;
    if ((c = strcmp(json_value_string(a->level), json_value_string(b->level))) != 0)
        return c;
    return strcmp(a->value ? a->value->str : "", b->value ? b->value->str : "");
}

static void evidence_view_build(evidence_view *ev, const json_value *root)
{
    memset(ev, 0, sizeof *ev);
    ev->root = root;
    ev->leases = json_value_get(root, "leases");
    ev->links = json_value_get(root, "links");
    if (ev->leases && ev->leases->type != JSON_ARRAY)
        ev->leases = NULL;
    if (ev->links && ev->links->type != JSON_ARRAY)
        ev->links = NULL;
    size_t n = ev->leases ? ev->leases->len : 0;
    ev->key = xmalloc((n ? n : 1) * sizeof *ev->key);
    for (size_t i = 0; i < n; i++) {
        const char *id = json_value_string(json_value_get(ev->leases->item[i], "lease_id"));
        if (id)
            ev->key[ev->n_leases++] = (lease_key){id, i};
    }
    qsort(ev->key, ev->n_leases, sizeof *ev->key, lease_key_cmp);
    size_t bytes = (n + 7) / 8 + 1;
    for (size_t l = 0; ev->links && l < ev->links->len; l++) {
        const json_value *link = ev->links->item[l];
        const json_value *fields = json_value_get(link, "fields");
        long a = lease_index(ev, json_value_get(link, "a"));
        long b = lease_index(ev, json_value_get(link, "b"));
        for (size_t k = 0; fields && fields->type == JSON_ARRAY && k < fields->len; k++) {
            const json_value *fo = fields->item[k];
            const json_value *field = json_value_get(fo, "field"),
                             *level = json_value_get(fo, "level");
            if (json_value_string(field) == NULL || json_value_string(level) == NULL)
                continue;
            const json_value *value = is_same_level(level) ? json_value_get(fo, "value") : NULL;
            if (value && value->type != JSON_STRING)
                value = NULL;
            double w = NAN;
            json_value_number(json_value_get(fo, "weight_bits"), &w);
            size_t g = 0;
            while (g < ev->n_group &&
                   !(str_eq(ev->group[g].field, field) && str_eq(ev->group[g].level, level) &&
                     str_eq(ev->group[g].value, value)))
                g++;
            if (g == ev->n_group) {
                if (ev->n_group == EXPLAIN_MAX_SHARED) {
                    ev->other++;
                    continue;
                }
                ev->group = xgrow(ev->group, &ev->cap_group, ev->n_group + 1, sizeof *ev->group);
                ev->group[ev->n_group++] =
                    (shared_group){field, level, value, INFINITY, -INFINITY, 0, xcalloc(bytes, 1)};
            }
            shared_group *sg = &ev->group[g];
            sg->links++;
            if (isfinite(w)) {
                sg->lo = w < sg->lo ? w : sg->lo;
                sg->hi = w > sg->hi ? w : sg->hi;
            }
            if (a >= 0)
                sg->leases[a >> 3] |= (uint8_t)(1u << (a & 7));
            if (b >= 0)
                sg->leases[b >> 3] |= (uint8_t)(1u << (b & 7));
        }
    }
    if (ev->n_group)
        qsort(ev->group, ev->n_group, sizeof *ev->group, group_cmp);
}

static void evidence_view_free(evidence_view *ev)
{
    for (size_t g = 0; g < ev->n_group; g++)
        xfree(ev->group[g].leases);
    xfree(ev->group);
    xfree(ev->key);
}

/* 1 when v is a value that links of the renter agree on exactly. */
static int is_shared(const evidence_view *ev, const json_value *v)
{
    for (size_t g = 0; g < ev->n_group; g++)
        if (ev->group[g].value && str_eq(ev->group[g].value, v))
            return 1;
    return 0;
}

/* ---- text ------------------------------------------------------------------------------- */

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* "3 leases", "1 lease", "- leases" */
static void put_count(FILE *out, const char *n, const char *noun)
{
    put_safe(out, or_dash(n));
    fprintf(out, " %s%s", noun, n && strcmp(n, "1") == 0 ? "" : "s");
}

static void text_head(FILE *out, const renter_row *r, const run_facts *rf, int flagged)
{
    const char *id = row_get(r, "renter_id");
    put_safe(out, id);
    fprintf(out, ": %s, rank ", flagged ? "flagged" : "not flagged");
    put_safe(out, or_dash(row_get(r, "rank")));
    if (rf->renters >= 0)
        fprintf(out, " of %.0f renters", rf->renters);
    fputs("\n  score ", out);
    put_safe(out, or_dash(row_get(r, "score")));
    fputs(", q-value ", out);
    put_safe(out, or_dash(row_get(r, "q_value")));
    if (rf->have_alpha)
        fprintf(out, " (alpha %g", rf->alpha);
    else
        fputs(" (alpha unknown: no summary.json", out);
    if (rf->kind) {
        fputs(", ", out);
        put_safe(out, rf->kind);
        fputs(" model", out);
    }
    fputs(")\n  ", out);
    put_count(out, row_get(r, "n_leases"), "lease");
    fputs(", ", out);
    put_count(out, row_get(r, "n_accounts"), "account");
    fputs(", ", out);
    put_count(out, row_get(r, "n_names"), "name");
    const char *t0 = row_get(r, "first_seen"), *t1 = row_get(r, "last_seen");
    if (t0 && *t0) {
        fputs(", from ", out);
        put_safe(out, t0);
        fputs(" to ", out);
        put_safe(out, or_dash(t1));
    }
    fputs("\n", out);
}

static void text_why(FILE *out, const renter_row *r, const run_facts *rf, const json_value *root)
{
    const char *qs = row_get(r, "q_value");
    char *end;
    double q = qs ? strtod(qs, &end) : NAN;
    fputs("\nWhy it is flagged\n", out);
    if (rf->have_alpha && qs && *qs && *end == '\0') {
        fputs("  Its q-value ", out);
        put_safe(out, qs);
        if (q <= rf->alpha)
            fprintf(
                out,
                " is at or below alpha %g: of all the renters flagged at this\n"
                "  alpha, at most %g%% are expected to be honest customers (Benjamini-Hochberg).\n",
                rf->alpha, rf->alpha * 100);
        else
            fprintf(out, " is above alpha %g, yet renters.csv flags it (a different run?).\n",
                    rf->alpha);
    }
    fputs("  Its reasons, strongest first:\n", out);
    const json_value *reasons = json_value_get(root, "reasons");
    size_t n = 0;
    for (size_t i = 0; reasons && reasons->type == JSON_ARRAY && i < reasons->len; i++) {
        const json_value *o = reasons->item[i];
        fprintf(out, "    %zu. ", ++n);
        put_json_str(out, json_value_get(o, "code"));
        fputs(": ", out);
        put_json_str(out, json_value_get(o, "text"));
        double e;
        if (json_value_number(json_value_get(o, "evidence"), &e))
            fprintf(out, " (evidence %g)", e);
        fputs("\n", out);
    }
    if (n == 0) {
        fputs("    ", out);
        put_safe(out, or_dash(row_get(r, "reasons")));
        fputs("\n", out);
    }
}

static void text_shared(FILE *out, const evidence_view *ev)
{
    size_t nl = ev->links ? ev->links->len : 0;
    fprintf(out,
            "\nShared values (what its %zu link%s agree on; weight: bits of evidence that two "
            "leases are one actor)\n",
            nl, nl == 1 ? "" : "s");
    if (ev->n_group == 0) {
        fputs("  none: no links\n", out);
        return;
    }
    size_t bytes = (ev->leases ? ev->leases->len : 0) / 8 + 1;
    for (size_t g = 0; g < ev->n_group; g++) {
        const shared_group *sg = &ev->group[g];
        fputs("  ", out);
        put_json_str(out, sg->field);
        fputs(" ", out);
        put_json_str(out, sg->level);
        fputs("  ", out);
        if (sg->value)
            put_json_str(out, sg->value);
        else
            fputs("(values differ)", out);
        if (!isfinite(sg->lo))
            fputs("  weight unknown", out);
        else if (sg->hi - sg->lo < 0.005)
            fprintf(out, "  %.2f bits", sg->hi + 0.0);
        else
            fprintf(out, "  %.2f to %.2f bits", sg->lo, sg->hi);
        uint64_t leases = 0;
        for (size_t i = 0; i < bytes; i++)
            leases += (uint64_t)__builtin_popcount(sg->leases[i]);
        fprintf(out, "  in %llu link%s among %llu leases\n", (unsigned long long)sg->links,
                sg->links == 1 ? "" : "s", (unsigned long long)leases);
    }
    if (ev->other)
        fprintf(out, "  (%llu more agreements in other groups: see the links below)\n",
                (unsigned long long)ev->other);
}

static void text_leases(FILE *out, const evidence_view *ev)
{
    size_t n = ev->leases ? ev->leases->len : 0;
    fprintf(out, "\nLeases (%zu; * marks a value that its links agree on)\n", n);
    for (size_t i = 0; i < n; i++) {
        const json_value *o = ev->leases->item[i];
        fputs("  ", out);
        put_json_str(out, json_value_get(o, "lease_id"));
        const json_value *t = json_value_get(o, "created_at");
        if (t) {
            fputs("  ", out);
            put_json_str(out, t);
        }
        fputs("\n     ", out);
        size_t col = 5, shown = 0;
        for (size_t m = 0; o->type == JSON_OBJECT && m < o->len; m++) {
            const json_member *mb = &o->member[m];
            if (strcmp(mb->key, "lease_id") == 0 || strcmp(mb->key, "created_at") == 0 ||
                strcmp(mb->key, "person") == 0 || mb->value->type != JSON_STRING)
                continue;
            size_t w = mb->key_len + mb->value->len + 4;
            if (shown && col + w > 100) {
                fputs("\n     ", out);
                col = 5;
            }
            fputs(" ", out);
            put_safe_n(out, mb->key, mb->key_len);
            fputs(" ", out);
            put_json_str(out, mb->value);
            if (is_shared(ev, mb->value))
                fputs("*", out);
            fputs(";", out);
            col += w;
            shown++;
        }
        fputs("\n", out);
    }
}

static void text_links(FILE *out, const evidence_view *ev)
{
    size_t n = ev->links ? ev->links->len : 0;
    if (n == 0)
        return;
    fprintf(out, "\nLinks (%zu", n);
    if (n > EXPLAIN_MAX_LINKS)
        fprintf(out, "; the first %d, --dot writes them all", EXPLAIN_MAX_LINKS);
    fputs(")\n", out);
    for (size_t l = 0; l < n && l < EXPLAIN_MAX_LINKS; l++) {
        const json_value *o = ev->links->item[l];
        fputs("  ", out);
        put_json_str(out, json_value_get(o, "a"));
        fputs(" -- ", out);
        put_json_str(out, json_value_get(o, "b"));
        double odds;
        if (json_value_number(json_value_get(o, "log2_odds"), &odds))
            fprintf(out, "  log2 odds %g", odds);
        fputs(", ", out);
        put_json_str(out, json_value_get(o, "explained_as"));
        fputs(":", out);
        const json_value *fields = json_value_get(o, "fields");
        for (size_t k = 0; fields && fields->type == JSON_ARRAY && k < fields->len; k++) {
            const json_value *fo = fields->item[k];
            fputs(k ? "; " : " ", out);
            put_json_str(out, json_value_get(fo, "field"));
            fputs(" ", out);
            put_json_str(out, json_value_get(fo, "level"));
            const json_value *v = json_value_get(fo, "value");
            if (v && v->type == JSON_STRING && v->len) {
                fputs(" ", out);
                put_json_str(out, v);
            }
            double w;
            if (json_value_number(json_value_get(fo, "weight_bits"), &w))
                fprintf(out, " (%g bits)", w);
        }
        fputs("\n", out);
    }
}

static void text_unflagged(FILE *out, const renter_row *r, const char *dir)
{
    fputs("\nIts row of renters.csv:\n", out);
    for (size_t i = 0; i < r->n; i++) {
        fprintf(out, "  %-11s ", r->name[i]);
        put_safe(out, r->value[i]);
        fputs("\n", out);
    }
    fputs("\nevidence.jsonl holds flagged renters only, so ", out);
    put_safe(out, dir);
    fputs(" has no links or lease values for this renter.\n", out);
}

/* ---- DOT -------------------------------------------------------------------------------- */

static void dot_head(FILE *out, const renter_row *r, const run_facts *rf, int flagged)
{
    fputs("graph \"", out);
    dot_str(out, row_get(r, "renter_id"));
    fputs("\" {\n  label=\"", out);
    dot_str(out, row_get(r, "renter_id"));
    fputs(": rank ", out);
    dot_str(out, or_dash(row_get(r, "rank")));
    fputs(", score ", out);
    dot_str(out, or_dash(row_get(r, "score")));
    fputs(", q-value ", out);
    dot_str(out, or_dash(row_get(r, "q_value")));
    fputs(flagged ? ", flagged" : ", not flagged", out);
    if (rf->have_alpha)
        fprintf(out, " at alpha %g", rf->alpha);
    if (!flagged)
        fputs(" (evidence.jsonl holds flagged renters only: no links)", out);
    fputs("\";\n  labelloc=t;\n  fontname=\"Helvetica\";\n"
          "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n"
          "  edge [fontname=\"Helvetica\", fontsize=9];\n",
          out);
}

static void dot_flagged(FILE *out, const evidence_view *ev)
{
    for (size_t i = 0; ev->leases && i < ev->leases->len; i++) {
        const json_value *o = ev->leases->item[i];
        const json_value *id = json_value_get(o, "lease_id");
        if (json_value_string(id) == NULL)
            continue;
        fputs("  \"", out);
        dot_json_str(out, id);
        fputs("\" [label=\"", out);
        dot_json_str(out, id);
        const json_value *t = json_value_get(o, "created_at");
        if (json_value_string(t)) {
            fputs("\\n", out);
            dot_json_str(out, t);
        }
        fputs("\"];\n", out);
    }
    for (size_t l = 0; ev->links && l < ev->links->len; l++) {
        const json_value *o = ev->links->item[l];
        const json_value *a = json_value_get(o, "a"), *b = json_value_get(o, "b");
        if (json_value_string(a) == NULL || json_value_string(b) == NULL)
            continue;
        fputs("  \"", out);
        dot_json_str(out, a);
        fputs("\" -- \"", out);
        dot_json_str(out, b);
        fputs("\" [label=\"", out);
        const json_value *fields = json_value_get(o, "fields");
        for (size_t k = 0; fields && fields->type == JSON_ARRAY && k < fields->len; k++) {
            const json_value *fo = fields->item[k];
            if (k)
                fputs("\\n", out);
            dot_json_str(out, json_value_get(fo, "field"));
            fputs(" ", out);
            dot_json_str(out, json_value_get(fo, "level"));
            double w;
            if (json_value_number(json_value_get(fo, "weight_bits"), &w))
                fprintf(out, " %.1f bits", fabs(w) < 0.05 ? 0.0 : w);
        }
        fputs("\", tooltip=\"", out);
        double odds;
        if (json_value_number(json_value_get(o, "log2_odds"), &odds))
            fprintf(out, "log2 odds %g; ", odds);
        dot_json_str(out, json_value_get(o, "explained_as"));
        fputs("\"];\n", out);
    }
}

/* Unflagged: the leases of renters.csv (space-separated ids) as nodes, no edges. */
static void dot_unflagged(FILE *out, const renter_row *r)
{
    const char *ids = row_get(r, "lease_ids");
    for (const char *p = ids ? ids : ""; *p;) {
        size_t k = strcspn(p, " ");
        if (k) {
            fputs("  \"", out);
            dot_str_n(out, p, k);
            fputs("\";\n", out);
        }
        p += k + (p[k] == ' ');
    }
}

/* ---- entry ------------------------------------------------------------------------------ */

lh_status explain_renter(FILE *out, const char *dir, const char *renter_id, explain_format fmt,
                         lh_error *err)
{
    renter_row row;
    run_facts rf;
    memset(&rf, 0, sizeof rf);
    json_doc *ev_doc = NULL;
    int found;
    lh_status st = renter_row_read(&row, dir, renter_id, &found, err);
    if (st != LH_OK)
        goto done;
    if (!found) {
        if (row.rows)
            st = LH_FAIL(err, LH_EDATA,
                         "no renter '%.100s' in %s/renters.csv (%llu renters there, ids like %s)",
                         renter_id, dir, (unsigned long long)row.rows, row.example);
        else
            st = LH_FAIL(err, LH_EDATA, "no renter '%.100s' in %s/renters.csv (it has no rows)",
                         renter_id, dir);
        goto done;
    }
    if ((st = run_facts_read(&rf, dir, err)) != LH_OK)
        goto done;
    const char *fl = row_get(&row, "flagged");
    int flagged = fl && strcmp(fl, "1") == 0;
    evidence_view ev;
    memset(&ev, 0, sizeof ev);
    if (flagged) {
        if ((st = evidence_read(&ev_doc, dir, renter_id, err)) != LH_OK)
            goto done;
        evidence_view_build(&ev, json_doc_root(ev_doc));
    }
    if (fmt == EXPLAIN_DOT) {
        dot_head(out, &row, &rf, flagged);
        if (flagged)
            dot_flagged(out, &ev);
        else
            dot_unflagged(out, &row);
        fputs("}\n", out);
    } else {
        text_head(out, &row, &rf, flagged);
        if (rf.pseudonymized)
            fputs("  (the scan was pseudonymized: personal values below are pseudonyms)\n", out);
        if (flagged) {
            text_why(out, &row, &rf, ev.root);
            text_shared(out, &ev);
            text_leases(out, &ev);
            text_links(out, &ev);
        } else {
            text_unflagged(out, &row, dir);
        }
    }
    evidence_view_free(&ev);
done:
    json_doc_free(ev_doc);
    json_doc_free(rf.doc);
    renter_row_free(&row);
    return st;
}
