/* edgefile.c: reading and writing edge files (format in edgefile.h).
 *
 * Reading streams each file through the ingest stage's strict CSV reader (gzip and standard
 * input come with it), joins both ids to the table through an array from lease-id pool ids to
 * rows, and keeps the pairs in one growing array; duplicates are merged after one radix sort by
 * (a, b). A row that does not parse stops the read with LH_EDATA naming the file and line: an
 * edge file is made by a program, and a broken one means a broken run, not a bad row to skip.
 * Ids that the table does not hold are counted and skipped (a partition may have seen a lease
 * that this scan rejected, or was given another log).
 *
 * Memory: 24 bytes per edge read plus 4 bytes per lease for the id map; one record's fields.
 */
#include "link/edgefile.h"

#include "ingest/csvrec.h"
#include "util/csvout.h"
#include "util/mem.h"
#include "util/radix.h"
#include "util/version.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_name[3] = {"same_person", "co_located", "persona"};

static void rule_label(const spec_rule *r, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int k = 0; k < r->n_col; k++) {
        if (k)
            strncat(buf, "+", n - strlen(buf) - 1);
        strncat(buf, r->column[k], n - strlen(buf) - 1);
    }
}

void edge_file_write(FILE *f, const link_result *r, const lease_table *t, const link_spec *spec)
{
    fprintf(f, "# leasehound %s link: leases %llu candidate_pairs %llu linked_pairs %llu\n",
            LH_VERSION, (unsigned long long)r->n_leases, (unsigned long long)r->candidate_pairs,
            (unsigned long long)r->linked_pairs);
    for (int k = 0; k < spec->n_rule; k++) {
        if (r->rule[k].blocks == 0 && r->rule[k].pairs == 0)
            continue; /* a rule this run did not block on (link --block), or one without values */
        char name[SPEC_MAX_RULE_COLS * (SPEC_NAME_MAX + 1)];
        rule_label(&spec->rule[k], name, sizeof name);
        fprintf(f, "# rule %s pairs %llu blocks %llu windowed %llu\n", name,
                (unsigned long long)r->rule[k].pairs, (unsigned long long)r->rule[k].blocks,
                (unsigned long long)r->rule[k].large_blocks);
    }
    fputs(EDGE_FILE_HEADER "\n", f);
    for (size_t e = 0; e < r->n_edge; e++) {
        const link_edge *ed = &r->edge[e];
        csvout_str(f, lease_table_text(t, LT_LEASE_ID, ed->a), 0);
        csvout_sep(f);
        csvout_str(f, lease_table_text(t, LT_LEASE_ID, ed->b), 0);
        fprintf(f, ",%.9g,%s,%s,%016llx\n", (double)ed->log_odds,
                kind_name[ed->kind < 3 ? ed->kind : 0],
                ed->kind == LINK_PERSONA ? spec->field[ed->via].name : "",
                (unsigned long long)ed->pattern);
    }
}

/* ---- reading ---- */

static void trim(const char **s, size_t *n)
{
    while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t' || (*s)[0] == '\r'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
        (*n)--;
}

static int word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* Adds the figures of a comment line, if it holds any. LH_EDATA for a rule of another spec. */
static lh_status read_comment(const char *s, edge_input *in, const link_spec *spec,
                              const char *path, uint64_t line, lh_error *err)
{
    unsigned long long a, b, c;
    const char *p = strstr(s, " link: leases ");
    if (p &&
        sscanf(p, " link: leases %llu candidate_pairs %llu linked_pairs %llu", &a, &b, &c) == 3) {
        in->runs++;
        in->leases += a;
        in->candidate_pairs += b;
        in->linked_pairs += c;
        return LH_OK;
    }
    char name[256];
    if (sscanf(s, "# rule %255s pairs %llu blocks %llu windowed %llu", name, &a, &b, &c) == 4) {
        for (int k = 0; k < spec->n_rule; k++) {
            char rn[SPEC_MAX_RULE_COLS * (SPEC_NAME_MAX + 1)];
            rule_label(&spec->rule[k], rn, sizeof rn);
            if (strcmp(rn, name) == 0) {
                in->rule[k].pairs += a;
                in->rule[k].blocks += b;
                in->rule[k].large_blocks += c;
                return LH_OK;
            }
        }
        return LH_FAIL(err, LH_EDATA,
                       "%s:%llu: blocking rule %s is not in the spec (edges made with another "
                       "spec?)",
                       path, (unsigned long long)line, name);
    }
    return LH_OK; /* another comment */
}

/* The pattern: 1 to 16 hex digits, each spec field's level valid, no level beyond them. */
static int parse_pattern(const char *s, size_t n, const link_spec *spec, uint64_t *out)
{
    if (n == 0 || n > 16)
        return 0;
    uint64_t p = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (d < 0)
            return 0;
        p = p << 4 | (uint64_t)d;
    }
    for (int f = 0; f < 16; f++) {
        int l = pattern_level(p, f);
        if (f >= spec->n_field ? l != 0 : l != SPEC_LEVEL_NULL && l >= spec->field[f].n_levels)
            return 0;
    }
    *out = p;
    return 1;
}

/* One data row into *e; 0 with a reason in *why when malformed, -1 for an unknown id. */
static int parse_row(const csv_record *rec, const lease_table *t, const uint32_t *row_of,
                     const link_spec *spec, link_edge *e, const char **why, edge_input *in)
{
    if (rec->n_fields != 6) {
        *why = "not 6 fields";
        return 0;
    }
    const strpool *ids = t->text[LT_LEASE_ID].pool;
    uint32_t row[2];
    for (int k = 0; k < 2; k++) {
        if (rec->len[k] == 0) {
            *why = "an empty lease id";
            return 0;
        }
        uint32_t id = strpool_find(ids, rec->field[k], rec->len[k]);
        if (id == STRPOOL_NONE || row_of[id] == UINT32_MAX) {
            if (in->unknown++ == 0) {
                size_t n = rec->len[k] < EDGE_ID_SHOWN ? rec->len[k] : EDGE_ID_SHOWN;
                csv_excerpt(rec->field[k], n, n, in->first_unknown);
                in->first_unknown[EDGE_ID_SHOWN] = '\0';
            }
            return -1;
        }
        row[k] = row_of[id];
    }
    if (row[0] == row[1]) {
        *why = "a lease linked to itself";
        return 0;
    }
    const char *s = rec->field[2];
    size_t n = rec->len[2];
    trim(&s, &n);
    char num[64];
    if (n == 0 || n >= sizeof num) {
        *why = "log2_odds is not a number";
        return 0;
    }
    memcpy(num, s, n);
    num[n] = '\0';
    char *end;
    errno = 0;
    float lo = strtof(num, &end);
    if (*end || errno == ERANGE || !isfinite(lo)) {
        *why = "log2_odds is not a finite number";
        return 0;
    }
    s = rec->field[3], n = rec->len[3];
    trim(&s, &n);
    int kind = -1;
    for (int k = 0; k < 3; k++)
        if (word_is(s, n, kind_name[k]))
            kind = k;
    if (kind < 0) {
        *why = "kind is not same_person, co_located or persona";
        return 0;
    }
    s = rec->field[4], n = rec->len[4];
    trim(&s, &n);
    int via = -1;
    if (kind == LINK_PERSONA) {
        for (int f = 0; f < spec->n_field; f++)
            if (spec->field[f].key && word_is(s, n, spec->field[f].name))
                via = f;
        if (via < 0) {
            *why = "a persona's via is not an identifier field of the spec";
            return 0;
        }
    } else if (n != 0) {
        *why = "via given for a link that is not a persona";
        return 0;
    } else {
        via = 0;
    }
    s = rec->field[5], n = rec->len[5];
    trim(&s, &n);
    uint64_t pat;
    if (!parse_pattern(s, n, spec, &pat)) {
        *why = "pattern is not 16 hex digits of this spec's levels";
        return 0;
    }
    uint32_t a = row[0] < row[1] ? row[0] : row[1], b = row[0] < row[1] ? row[1] : row[0];
    *e = (link_edge){a, b, lo, (uint8_t)kind, (uint8_t)via, {0}, pat};
    return 1;
}

static int same_values(const link_edge *x, const link_edge *y)
{
    return x->log_odds == y->log_odds && x->kind == y->kind && x->via == y->via &&
           x->pattern == y->pattern;
}

/* 1 when x should be kept over y: higher log2 odds, then the smaller (kind, via, pattern), so
 * that the choice does not depend on the order of the files. */
static int better(const link_edge *x, const link_edge *y)
{
    if (x->log_odds != y->log_odds)
        return x->log_odds > y->log_odds;
    if (x->kind != y->kind)
        return x->kind < y->kind;
    if (x->via != y->via)
        return x->via < y->via;
    return x->pattern < y->pattern;
}

static lh_status read_one(const char *path, const lease_table *t, const uint32_t *row_of,
                          const link_spec *spec, link_edge **edge, size_t *n, size_t *cap,
                          edge_input *in, lh_error *err)
{
    byte_source *src;
    lh_status st = byte_source_open(&src, path, err);
    if (st != LH_OK)
        return st;
    csv_limits lim = {CSV_DEFAULT_MAX_FIELD, 0};
    csv_reader *rd = csv_reader_new(src, &lim);
    csv_record rec;
    int got, header = 0;
    while ((got = csv_reader_next(rd, &rec, err)) > 0) {
        if (rec.reason != REJECT_NONE) {
            if (rec.excerpt[0] == '#')
                continue; /* a comment the strict reader could not split: no figures in it */
            st = LH_FAIL(err, LH_EDATA, "%s:%llu: not an edge file row (%s)", path,
                         (unsigned long long)rec.line, reject_reason_name(rec.reason));
            break;
        }
        if (rec.n_fields >= 1 && rec.len[0] > 0 && rec.field[0][0] == '#') {
            if (rec.n_fields == 1 &&
                (st = read_comment(rec.field[0], in, spec, path, rec.line, err)) != LH_OK)
                break;
            continue;
        }
        /* the header, first or again after a concatenation */
        if (rec.n_fields == 6) {
            static const char *const names[6] = {"lease_id_a", "lease_id_b", "log2_odds",
                                                 "kind",       "via",        "pattern"};
            int is_header = 1;
            for (int k = 0; k < 6 && is_header; k++) {
                const char *s = rec.field[k];
                size_t len = rec.len[k];
                trim(&s, &len);
                is_header = word_is(s, len, names[k]);
            }
            if (is_header) {
                header = 1;
                continue;
            }
        }
        if (!header) {
            st = LH_FAIL(err, LH_EDATA, "%s:%llu: no header '%s' before the first edge", path,
                         (unsigned long long)rec.line, EDGE_FILE_HEADER);
            break;
        }
        in->rows++;
        link_edge e;
        const char *why = NULL;
        int ok = parse_row(&rec, t, row_of, spec, &e, &why, in);
        if (ok == 0) {
            st = LH_FAIL(err, LH_EDATA, "%s:%llu: not an edge: %s", path,
                         (unsigned long long)rec.line, why);
            break;
        }
        if (ok < 0)
            continue;
        *edge = xgrow(*edge, cap, *n + 1, sizeof **edge);
        (*edge)[(*n)++] = e;
    }
    if (got < 0)
        st = err->code;
    if (st == LH_OK && !header)
        st = LH_FAIL(err, LH_EDATA, "%s: no header '%s': not an edge file", path, EDGE_FILE_HEADER);
    csv_reader_free(rd);
    byte_source_close(src);
    return st;
}

lh_status edge_files_read(link_edge **out, size_t *n_out, edge_input *in, const char *const *paths,
                          size_t n_paths, const lease_table *t, const link_spec *spec,
                          lh_error *err)
{
    memset(in, 0, sizeof *in);
    *out = NULL;
    *n_out = 0;
    const lt_column *ids = &t->text[LT_LEASE_ID];
    uint32_t n_ids = strpool_count(ids->pool);
    uint32_t *row_of = xmalloc((n_ids ? n_ids : 1) * sizeof *row_of);
    for (uint32_t i = 0; i < n_ids; i++)
        row_of[i] = UINT32_MAX;
    for (size_t r = 0; r < t->count; r++)
        row_of[ids->id[r]] = (uint32_t)r;
    link_edge *edge = NULL;
    size_t n = 0, cap = 0;
    lh_status st = LH_OK;
    for (size_t i = 0; i < n_paths && st == LH_OK; i++) {
        st = read_one(paths[i], t, row_of, spec, &edge, &n, &cap, in, err);
        in->files++;
    }
    xfree(row_of);
    if (st != LH_OK) {
        xfree(edge);
        return st;
    }
    if (n > UINT32_MAX) {
        xfree(edge);
        return LH_FAIL(err, LH_EINTERNAL, "more than %u edges", UINT32_MAX);
    }
    /* sort by (a, b) and merge the duplicates */
    uint64_t *key = xmalloc((n ? n : 1) * sizeof *key);
    uint32_t *order = xmalloc((n ? n : 1) * sizeof *order);
    for (size_t e = 0; e < n; e++) {
        key[e] = (uint64_t)edge[e].a << 32 | edge[e].b;
        order[e] = (uint32_t)e;
    }
    radix_sort(key, order, n);
    link_edge *sorted = xmalloc((n ? n : 1) * sizeof *sorted);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        const link_edge *e = &edge[order[k]];
        if (m > 0 && sorted[m - 1].a == e->a && sorted[m - 1].b == e->b) {
            in->duplicates++;
            if (!same_values(&sorted[m - 1], e)) {
                in->conflicts++;
                if (better(e, &sorted[m - 1]))
                    sorted[m - 1] = *e;
            }
            continue;
        }
        sorted[m++] = *e;
    }
    xfree(key);
    xfree(order);
    xfree(edge);
    in->edges = m;
    *out = sorted;
    *n_out = m;
    return LH_OK;
}

/* ---- partition keys ---- */

void keys_file_write(FILE *f, const lease_table *t, const link_spec *spec, uint32_t mask)
{
    char names[SPEC_MAX_RULES][SPEC_MAX_RULE_COLS * (SPEC_NAME_MAX + 1)];
    for (int k = 0; k < spec->n_rule; k++)
        rule_label(&spec->rule[k], names[k], sizeof names[k]);
    fputs("lease_id,rule,key\n", f);
    for (size_t i = 0; i < t->count; i++)
        for (int k = 0; k < spec->n_rule; k++) {
            if (mask && !(mask >> k & 1))
                continue;
            const spec_rule *r = &spec->rule[k];
            uint64_t h = 0xcbf29ce484222325ULL;
            int all = 1;
            for (int c = 0; c < r->n_col && all; c++) {
                size_t len;
                const char *v = lease_table_text(t, (size_t)r->col[c], i);
                len = strlen(v);
                if (len == 0)
                    all = 0;
                for (size_t b = 0; b < len; b++) {
                    h ^= (unsigned char)v[b];
                    h *= 0x100000001b3ULL;
                }
                h ^= 0x1f;
                h *= 0x100000001b3ULL;
            }
            if (!all)
                continue;
            csvout_str(f, lease_table_text(t, LT_LEASE_ID, i), 0);
            fprintf(f, ",%s,%016llx\n", names[k], (unsigned long long)h);
        }
}
