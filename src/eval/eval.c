/* eval.c: reads a scan's leases.csv and a truth file, joins them, measures (see eval.h).
 *
 * Data structures: every string becomes an integer on the way in.
 *   lease     strpool of truth lease ids; truth lease i (1..n) has id i, so every per-lease
 *             array below is indexed by that id (slot 0 unused);
 *   label[]   int8: 1, 0 or -1 (unknown);       actor[], kind[]  ids in their own pools (0: empty);
 *   renter[]  id in the renter pool, 0 until leases.csv gives the lease a row;
 *   score[], flagged[]  from that row (0 and 0 until then).
 * leases.csv is read after the truth and only looked up in the lease pool (strpool_find), so
 * its leases outside the truth cost nothing. A truth lease still without a renter at the end
 * is missing from leases.csv; it gets a renter id of its own past the pool's.
 *
 * Cost: reading is O(rows) hash look-ups; renters are aggregated in one pass; renters per kind
 * by a counting sort of leases by renter, O(n); the measures of metrics.c are O(n) radix sorts.
 * Memory: the pools (about 40 bytes per lease id plus its text, about the same per renter id)
 * and 22 bytes per truth lease, plus metric scratch of 16-32 bytes per lease; no CSV row is
 * kept. Measured on a 2-core VM: 10M truth leases against 10M leases.csv rows (3.3M renters),
 * 26 s, 1.2 GB peak resident, most of the time in strpool look-ups (cache misses).
 * Rows that cannot be used are counted, never fatal: only a file that cannot be read,
 * has no header or lacks a required column stops the run.
 */
#include "eval/eval.h"
#include "normalize/normalize.h"
#include "ingest/csvrec.h"
#include "util/json.h"
#include "util/mem.h"
#include "util/radix.h"
#include "util/strpool.h"
#include "util/version.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EVAL_ID_SHOWN    64         /* bytes of an id kept as an example */
#define EVAL_SUMMARY_MAX (1u << 20) /* bytes of summary.json searched for alpha */

static const uint64_t at_k[EVAL_N_K] = {10, 100, 1000};

typedef struct join {
    strpool *lease, *actor, *kind, *renter;
    size_t cap; /* room in every per-lease array */
    int8_t *label;
    uint32_t *actor_id;
    uint32_t *kind_id;
    uint32_t *renter_id;
    double *score;
    uint8_t *flagged;
    uint32_t other_kind; /* the kind id standing for every kind past EVAL_MAX_KINDS; 0: none */
} join;

static void join_free(join *j)
{
    strpool_free(j->lease);
    strpool_free(j->actor);
    strpool_free(j->kind);
    strpool_free(j->renter);
    xfree(j->label);
    xfree(j->actor_id);
    xfree(j->kind_id);
    xfree(j->renter_id);
    xfree(j->score);
    xfree(j->flagged);
}

static void join_reserve(join *j, size_t need)
{
    if (need <= j->cap)
        return;
    size_t cap = xgrow_cap(j->cap, need, sizeof *j->score); /* the largest element */
    j->label = xrealloc(j->label, cap * sizeof *j->label);
    j->actor_id = xrealloc(j->actor_id, cap * sizeof *j->actor_id);
    j->kind_id = xrealloc(j->kind_id, cap * sizeof *j->kind_id);
    j->renter_id = xrealloc(j->renter_id, cap * sizeof *j->renter_id);
    j->score = xrealloc(j->score, cap * sizeof *j->score);
    j->flagged = xrealloc(j->flagged, cap * sizeof *j->flagged);
    j->cap = cap;
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n'))
        (*s)++, (*n)--;
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' ||
                      (*s)[*n - 1] == '\n'))
        (*n)--;
}

static int word_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* Counts a problem and keeps the id as an example while there is room (escaped for display). */
static void id_list_add(eval_id_list *l, const char *s, size_t n)
{
    l->count++;
    if (l->n_example == EVAL_EXAMPLES)
        return;
    char shown[EVAL_ID_SHOWN * 4 + 1];
    csv_excerpt(s, n, EVAL_ID_SHOWN, shown);
    l->example[l->n_example++] = xstrdup(shown);
}

static void id_list_add_line(eval_id_list *l, uint64_t line)
{
    char s[40];
    int n = snprintf(s, sizeof s, "line %llu", (unsigned long long)line);
    id_list_add(l, s, (size_t)n);
}

static void id_list_free(eval_id_list *l)
{
    for (size_t i = 0; i < l->n_example; i++)
        xfree(l->example[i]);
    memset(l, 0, sizeof *l);
}

/* A finite number, white space around allowed. s is NUL-terminated. */
static int score_parse(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(v))
        return 0;
    while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
        end++;
    if (*end != '\0')
        return 0;
    *out = v;
    return 1;
}

static int flag_parse(const char *s, size_t n, uint8_t *out)
{
    trim(&s, &n);
    if (word_is(s, n, "1") || word_is(s, n, "true")) {
        *out = 1;
        return 1;
    }
    if (word_is(s, n, "0") || word_is(s, n, "false")) {
        *out = 0;
        return 1;
    }
    return 0;
}

/* An open CSV file positioned after its header. */
typedef struct csv_in {
    byte_source *src;
    csv_reader *rd;
} csv_in;

static void csv_in_close(csv_in *in)
{
    csv_reader_free(in->rd);
    byte_source_close(in->src);
    memset(in, 0, sizeof *in);
}

/* Opens path, reads its header and finds names[i] (case-insensitive) in it: col[i] is the
 * column, or -1. LH_ENOINPUT, or LH_EDATA for an empty file or an unreadable header. */
static lh_status csv_in_open(csv_in *in, const char *path, const char *const *names, int *col,
                             size_t n_names, lh_error *err)
{
    memset(in, 0, sizeof *in);
    lh_status st = byte_source_open(&in->src, path, err);
    if (st != LH_OK)
        return st;
    csv_limits lim = {CSV_DEFAULT_MAX_FIELD, 0};
    in->rd = csv_reader_new(in->src, &lim);
    csv_record rec;
    int got = csv_reader_next(in->rd, &rec, err);
    if (got < 0)
        return err->code;
    if (got == 0)
        return LH_FAIL(err, LH_EDATA, "%s: empty file, no header", path);
    if (rec.reason != REJECT_NONE)
        return LH_FAIL(err, LH_EDATA, "%s: cannot read the header (line %llu: %s)", path,
                       (unsigned long long)rec.line, reject_reason_name(rec.reason));
    for (size_t i = 0; i < n_names; i++) {
        col[i] = -1;
        for (size_t h = 0; h < rec.n_fields && col[i] < 0; h++) {
            const char *s = rec.field[h];
            size_t n = rec.len[h];
            trim(&s, &n);
            if (word_is(s, n, names[i]))
                col[i] = (int)h;
        }
    }
    csv_reader_set_width(in->rd, rec.n_fields);
    return LH_OK;
}

static const char *field_of(const csv_record *rec, int col, size_t *len)
{
    if (col < 0) {
        *len = 0;
        return "";
    }
    *len = rec->len[col];
    return rec->field[col];
}

enum { T_LEASE, T_LABEL, T_ACTOR, T_KIND, T_COUNT };

static lh_status read_truth(join *j, eval_report *r, lh_error *err)
{
    static const char *const names[T_COUNT] = {"lease_id", "label", "actor_id", "kind"};
    int col[T_COUNT];
    csv_in in;
    lh_status st = csv_in_open(&in, r->truth_path, names, col, T_COUNT, err);
    if (st != LH_OK)
        goto done;
    if (col[T_LEASE] < 0 || (col[T_LABEL] < 0 && col[T_ACTOR] < 0)) {
        st = LH_FAIL(err, LH_EDATA,
                     "%s: a truth file needs a lease_id column and a label or actor_id column",
                     r->truth_path);
        goto done;
    }
    r->has_label = col[T_LABEL] >= 0;
    r->has_actor = col[T_ACTOR] >= 0;
    r->has_kind = col[T_KIND] >= 0;
    csv_record rec;
    int got;
    while ((got = csv_reader_next(in.rd, &rec, err)) > 0) {
        r->truth_rows++;
        if (rec.reason != REJECT_NONE) {
            id_list_add_line(&r->truth_bad_rows, rec.line);
            continue;
        }
        size_t n;
        const char *s = field_of(&rec, col[T_LEASE], &n);
        trim(&s, &n);
        if (n == 0) {
            id_list_add_line(&r->truth_bad_rows, rec.line);
            continue;
        }
        int added;
        uint32_t id = strpool_intern(j->lease, s, n, &added);
        if (!added) {
            id_list_add(&r->truth_duplicates, s, n);
            continue;
        }
        join_reserve(j, (size_t)id + 1);
        size_t ln;
        const char *ls = field_of(&rec, col[T_LABEL], &ln);
        int ok;
        j->label[id] = label_parse(ls, ln, &ok);
        if (!ok)
            id_list_add(&r->invalid_labels, s, n);

        const char *as = field_of(&rec, col[T_ACTOR], &ln);
        trim(&as, &ln);
        j->actor_id[id] = strpool_intern(j->actor, as, ln, NULL);

        const char *ks = field_of(&rec, col[T_KIND], &ln);
        trim(&ks, &ln);
        uint32_t kind = strpool_find(j->kind, ks, ln);
        if (kind == STRPOOL_NONE) {
            if (strpool_count(j->kind) <= EVAL_MAX_KINDS) {
                kind = strpool_intern(j->kind, ks, ln, NULL);
            } else {
                if (j->other_kind == 0)
                    j->other_kind = strpool_intern(j->kind, "(other)", 7, NULL);
                kind = j->other_kind;
            }
        }
        j->kind_id[id] = kind;
        j->renter_id[id] = 0;
        j->score[id] = 0;
        j->flagged[id] = 0;
    }
    if (got < 0)
        st = err->code;
done:
    csv_in_close(&in);
    return st;
}

enum { L_LEASE, L_RENTER, L_SCORE, L_FLAGGED, L_COUNT };

static lh_status read_leases(join *j, eval_report *r, lh_error *err)
{
    static const char *const names[L_COUNT] = {"lease_id", "renter_id", "score", "flagged"};
    int col[L_COUNT];
    csv_in in;
    lh_status st = csv_in_open(&in, r->leases_path, names, col, L_COUNT, err);
    if (st != LH_OK)
        goto done;
    for (int c = 0; c < L_COUNT; c++)
        if (col[c] < 0) {
            st = LH_FAIL(err, LH_EDATA,
                         "%s: no %s column (leases.csv has lease_id, renter_id, "
                         "score, q_value, flagged)",
                         r->leases_path, names[c]);
            goto done;
        }
    csv_record rec;
    int got;
    while ((got = csv_reader_next(in.rd, &rec, err)) > 0) {
        r->lease_rows++;
        if (rec.reason != REJECT_NONE) {
            id_list_add_line(&r->lease_bad_rows, rec.line);
            continue;
        }
        size_t n, rn, fn;
        const char *s = field_of(&rec, col[L_LEASE], &n);
        trim(&s, &n);
        const char *rs = field_of(&rec, col[L_RENTER], &rn);
        trim(&rs, &rn);
        const char *fs = field_of(&rec, col[L_FLAGGED], &fn);
        double score;
        uint8_t flag;
        if (n == 0 || rn == 0 || !score_parse(rec.field[col[L_SCORE]], &score) ||
            !flag_parse(fs, fn, &flag)) {
            id_list_add_line(&r->lease_bad_rows, rec.line);
            continue;
        }
        uint32_t id = strpool_find(j->lease, s, n);
        if (id == STRPOOL_NONE) {
            id_list_add(&r->not_in_truth, s, n);
            continue;
        }
        if (j->renter_id[id] != 0) {
            id_list_add(&r->lease_duplicates, s, n);
            continue;
        }
        j->renter_id[id] = strpool_intern(j->renter, rs, rn, NULL);
        assert(j->renter_id[id] != 0);
        j->score[id] = score;
        j->flagged[id] = flag;
    }
    if (got < 0)
        st = err->code;
done:
    csv_in_close(&in);
    return st;
}

/* "alpha" of the "parameters" object in a summary.json text, into out (cap bytes); "" when
 * absent or not a plain number. A string search, not a JSON parser: scan writes parameters as
 * one flat object of strings. */
static void alpha_find(const char *text, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = strstr(text, "\"parameters\"");
    if (p == NULL || (p = strchr(p, '{')) == NULL)
        return;
    const char *end = strchr(p, '}');
    const char *a = strstr(p, "\"alpha\"");
    if (a == NULL || (end && a > end))
        return;
    a += strlen("\"alpha\"");
    a += strspn(a, " \t\r\n");
    if (*a++ != ':')
        return;
    a += strspn(a, " \t\r\n");
    int quoted = *a == '"';
    a += quoted;
    size_t n = strspn(a, "0123456789.eE+-");
    if (n == 0 || n >= cap || (quoted && a[n] != '"'))
        return;
    memcpy(out, a, n);
    out[n] = '\0';
}

static void read_alpha(const char *dir, eval_report *r)
{
    size_t len = strlen(dir) + sizeof "/summary.json";
    char *path = xmalloc(len);
    snprintf(path, len, "%s/summary.json", dir);
    FILE *f = fopen(path, "rb");
    xfree(path);
    if (f == NULL)
        return;
    char *text = xmalloc(EVAL_SUMMARY_MAX + 1);
    size_t n = fread(text, 1, EVAL_SUMMARY_MAX, f);
    fclose(f);
    text[n] = '\0';
    alpha_find(text, r->alpha, sizeof r->alpha);
    xfree(text);
}

static int kind_by_name(const void *a, const void *b)
{
    return strcmp(((const eval_kind *)a)->name, ((const eval_kind *)b)->name);
}

/* Linkage per kind: pairs of one actor found in one renter, and leases merged with another
 * actor's, from the leases sorted by (actor, renter) and by (renter, actor). A lease's kind is
 * its own (an actor's leases normally share one). */
static void measure_kind_linkage(const join *j, size_t n, eval_kind *k)
{
    uint64_t *key = xmalloc((n + 1) * sizeof *key);
    uint32_t *lease = xmalloc((n + 1) * sizeof *lease);
    size_t m = 0;
    for (size_t i = 1; i <= n; i++)
        if (j->actor_id[i]) {
            key[m] = (uint64_t)j->actor_id[i] << 32 | j->renter_id[i];
            lease[m++] = (uint32_t)i;
        }
    radix_sort(key, lease, m);
    for (size_t lo = 0; lo < m;) { /* one actor */
        size_t hi = lo;
        while (hi < m && key[hi] >> 32 == key[lo] >> 32)
            hi++;
        for (size_t x = lo; x < hi;) { /* one (actor, renter) cell */
            size_t y = x;
            while (y < hi && key[y] == key[x])
                y++;
            uint64_t c = y - x;
            k[j->kind_id[lease[x]]].found_pairs += c * (c - 1) / 2;
            x = y;
        }
        uint64_t a = hi - lo;
        k[j->kind_id[lease[lo]]].true_pairs += a * (a - 1) / 2;
        lo = hi;
    }
    for (size_t x = 0; x < m; x++) {
        uint32_t i = lease[x];
        key[x] = (uint64_t)j->renter_id[i] << 32 | j->actor_id[i];
    }
    radix_sort(key, lease, m);
    for (size_t lo = 0; lo < m;) { /* one renter */
        size_t hi = lo;
        int mixed = 0;
        while (hi < m && key[hi] >> 32 == key[lo] >> 32) {
            mixed |= key[hi] != key[lo];
            hi++;
        }
        if (mixed)
            for (size_t x = lo; x < hi; x++)
                k[j->kind_id[lease[x]]].leases_merged++;
        lo = hi;
    }
    xfree(key);
    xfree(lease);
}

/* Leases and renters per kind. A renter counts once per kind it has a lease of: leases are
 * grouped by renter with a counting sort, and stamp[kind] remembers the last renter counted. */
static void measure_kinds(const join *j, size_t n, uint32_t n_renter, const uint8_t *rflag,
                          eval_report *r)
{
    uint32_t nk = strpool_count(j->kind);
    eval_kind *k = xcalloc(nk, sizeof *k);
    for (size_t i = 1; i <= n; i++) {
        eval_kind *e = &k[j->kind_id[i]];
        e->leases++;
        e->leases_positive += j->label[i] == 1;
        e->leases_flagged += j->flagged[i];
    }
    size_t *start = xcalloc((size_t)n_renter + 1, sizeof *start);
    uint32_t *order = xmalloc((n + 1) * sizeof *order);
    for (size_t i = 1; i <= n; i++)
        start[j->renter_id[i]]++;
    size_t sum = 0;
    for (uint32_t g = 0; g < n_renter; g++) {
        size_t c = start[g];
        start[g] = sum;
        sum += c;
    }
    start[n_renter] = sum;
    for (size_t i = 1; i <= n; i++)
        order[start[j->renter_id[i]]++] = (uint32_t)i;
    /* start[g] is now the end of renter g's leases, i.e. the start of renter g + 1's */
    uint32_t *stamp = xmalloc(nk * sizeof *stamp);
    for (uint32_t c = 0; c < nk; c++)
        stamp[c] = 0;
    size_t at = 0;
    for (uint32_t g = 1; g < n_renter; g++) {
        for (; at < start[g]; at++) {
            uint32_t kind = j->kind_id[order[at]];
            if (stamp[kind] == g)
                continue;
            stamp[kind] = g;
            k[kind].renters++;
            k[kind].renters_flagged += rflag[g];
        }
    }
    xfree(stamp);
    xfree(order);
    xfree(start);
    if (r->has_actor)
        measure_kind_linkage(j, n, k);

    r->kind = xcalloc(nk, sizeof *r->kind);
    for (uint32_t c = 0; c < nk; c++) {
        if (k[c].leases == 0)
            continue;
        eval_kind *e = &r->kind[r->n_kind++];
        *e = k[c];
        size_t len;
        const char *name = strpool_get(j->kind, c, &len);
        char shown[EVAL_ID_SHOWN * 4 + 1];
        csv_excerpt(name, len, EVAL_ID_SHOWN, shown);
        e->name = xstrdup(shown);
    }
    xfree(k);
    qsort(r->kind, r->n_kind, sizeof *r->kind, kind_by_name);
}

/* Everything after the join. */
static void measure(join *j, eval_report *r)
{
    size_t n = strpool_count(j->lease) - 1;
    r->leases = n;
    /* Missing leases: score 0 and unflagged already; each becomes a renter of its own. */
    uint32_t next_renter = strpool_count(j->renter);
    for (size_t i = 1; i <= n; i++) {
        if (j->renter_id[i] != 0)
            continue;
        size_t len;
        const char *s = strpool_get(j->lease, (uint32_t)i, &len);
        id_list_add(&r->missing, s, len);
        assert(next_renter < UINT32_MAX);
        j->renter_id[i] = next_renter++;
    }
    for (size_t i = 1; i <= n; i++)
        r->unknown_label += j->label[i] != 0 && j->label[i] != 1;

    metrics_ranking(&r->ranking, j->score + 1, j->label + 1, n);
    metrics_flag_counts(&r->lease_flags, j->flagged + 1, j->label + 1, n);

    /* Renters: highest score, flagged when any lease is, positive when any label is 1. */
    uint32_t nr = next_renter; /* ids 1..nr-1 */
    r->renters = nr - 1;
    double *rscore = xmalloc((size_t)nr * sizeof *rscore);
    uint8_t *rflag = xcalloc(nr, 1);
    int8_t *rlabel = xmalloc(nr);
    for (uint32_t g = 0; g < nr; g++) {
        rscore[g] = -INFINITY;
        rlabel[g] = -1;
    }
    for (size_t i = 1; i <= n; i++) {
        uint32_t g = j->renter_id[i];
        if (j->score[i] > rscore[g])
            rscore[g] = j->score[i];
        rflag[g] |= j->flagged[i];
        if (j->label[i] == 1 || (j->label[i] == 0 && rlabel[g] == -1))
            rlabel[g] = j->label[i];
    }
    metrics_flag_counts(&r->renter_flags, rflag + 1, rlabel + 1, nr - 1);

    /* Precision at k over the renters with a known label. */
    double *kscore = xmalloc((size_t)nr * sizeof *kscore);
    uint8_t *kpos = xmalloc(nr);
    size_t m = 0;
    for (uint32_t g = 1; g < nr; g++) {
        if (rlabel[g] < 0)
            continue;
        kscore[m] = rscore[g];
        kpos[m] = (uint8_t)rlabel[g];
        r->renters_positive += kpos[m];
        m++;
    }
    r->renters_labelled = m;
    metrics_precision_at_k(r->at_k, at_k, EVAL_N_K, kscore, kpos, m);
    xfree(kscore);
    xfree(kpos);

    if (r->has_kind)
        measure_kinds(j, n, nr, rflag, r);

    if (r->has_actor) {
        uint32_t *cl = xmalloc((n + 1) * sizeof *cl);
        uint32_t *ac = xmalloc((n + 1) * sizeof *ac);
        size_t c = 0;
        for (size_t i = 1; i <= n; i++) {
            if (j->actor_id[i] == 0)
                continue;
            cl[c] = j->renter_id[i];
            ac[c] = j->actor_id[i];
            c++;
        }
        metrics_linkage(&r->linkage, cl, ac, c);
        xfree(cl);
        xfree(ac);
    }
    xfree(rscore);
    xfree(rflag);
    xfree(rlabel);
}

lh_status eval_report_build(eval_report **out, const char *dir, const char *truth_path,
                            lh_error *err)
{
    eval_report *r = xcalloc(1, sizeof *r);
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--; /* "out/" names the same folder as "out" */
    size_t len = dl + sizeof "/leases.csv";
    r->leases_path = xmalloc(len);
    snprintf(r->leases_path, len, "%.*s/leases.csv", (int)dl, dir);
    r->truth_path = xstrdup(truth_path);
    join j = {0};
    j.lease = strpool_new();
    j.actor = strpool_new();
    j.kind = strpool_new();
    j.renter = strpool_new();
    join_reserve(&j, 1024);

    lh_status st = read_truth(&j, r, err);
    if (st == LH_OK)
        st = read_leases(&j, r, err);
    if (st == LH_OK) {
        read_alpha(dir, r);
        measure(&j, r);
        *out = r;
        r = NULL;
    }
    join_free(&j);
    eval_report_free(r);
    return st;
}

void eval_report_free(eval_report *r)
{
    if (r == NULL)
        return;
    xfree(r->leases_path);
    xfree(r->truth_path);
    id_list_free(&r->truth_bad_rows);
    id_list_free(&r->truth_duplicates);
    id_list_free(&r->invalid_labels);
    id_list_free(&r->lease_bad_rows);
    id_list_free(&r->lease_duplicates);
    id_list_free(&r->not_in_truth);
    id_list_free(&r->missing);
    for (size_t i = 0; i < r->n_kind; i++)
        xfree(r->kind[i].name);
    xfree(r->kind);
    xfree(r);
}

/* ---- text ---- */

/* A measure with four decimals, or "n/a": text output never shows "nan". */
static const char *num(char buf[32], double v)
{
    if (isnan(v))
        return "n/a";
    snprintf(buf, 32, "%.4f", v == 0 ? 0.0 : v);
    return buf;
}

static void print_examples(FILE *f, const eval_id_list *l)
{
    for (size_t i = 0; i < l->n_example; i++)
        fprintf(f, "%s%s", i ? ", " : ": ", l->example[i]);
    if (l->count > l->n_example)
        fprintf(f, ", ...");
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void eval_report_write_text(const eval_report *r, FILE *f)
{
    char a[32], b[32], c[32];
    unsigned long long n_labelled = r->ranking.n_pos + r->ranking.n_neg;
    fprintf(f, "leasehound eval: %s against %s\n\nInputs\n", r->leases_path, r->truth_path);
    fprintf(f, "  truth        %llu %s, %llu %s; %llu bad %s ignored",
            (unsigned long long)r->truth_rows, plural(r->truth_rows, "row", "rows"),
            (unsigned long long)r->leases, plural(r->leases, "lease", "leases"),
            (unsigned long long)r->truth_bad_rows.count,
            plural(r->truth_bad_rows.count, "row", "rows"));
    print_examples(f, &r->truth_bad_rows);
    fprintf(f, "; %llu duplicate %s ignored", (unsigned long long)r->truth_duplicates.count,
            plural(r->truth_duplicates.count, "id", "ids"));
    print_examples(f, &r->truth_duplicates);
    fprintf(f, "\n  labels       %llu positive, %llu negative, %llu unknown",
            (unsigned long long)r->ranking.n_pos, (unsigned long long)r->ranking.n_neg,
            (unsigned long long)r->unknown_label);
    if (!r->has_label)
        fprintf(f, " (no label column)");
    if (r->invalid_labels.count) {
        fprintf(f, " (%llu not understood, taken as unknown",
                (unsigned long long)r->invalid_labels.count);
        print_examples(f, &r->invalid_labels);
        fprintf(f, ")");
    }
    fprintf(f, "\n  leases.csv   %llu %s; %llu not in the truth (ignored)",
            (unsigned long long)r->lease_rows, plural(r->lease_rows, "row", "rows"),
            (unsigned long long)r->not_in_truth.count);
    print_examples(f, &r->not_in_truth);
    fprintf(f, "; %llu duplicate %s ignored", (unsigned long long)r->lease_duplicates.count,
            plural(r->lease_duplicates.count, "id", "ids"));
    print_examples(f, &r->lease_duplicates);
    fprintf(f, "; %llu bad %s ignored", (unsigned long long)r->lease_bad_rows.count,
            plural(r->lease_bad_rows.count, "row", "rows"));
    print_examples(f, &r->lease_bad_rows);
    fprintf(f, "\n  missing      %llu truth %s not in leases.csv (score 0, unflagged)",
            (unsigned long long)r->missing.count, plural(r->missing.count, "lease", "leases"));
    print_examples(f, &r->missing);

    fprintf(f, "\n\nRanking (lease score against label, %llu leases with a known label)\n",
            n_labelled);
    fprintf(f, "  average precision    %s\n", num(a, r->ranking.average_precision));
    fprintf(f, "  ROC-AUC              %s\n", num(a, r->ranking.roc_auc));
    if (isnan(r->ranking.roc_auc))
        fprintf(f, "  (n/a: the ranking needs both positive and negative labels)\n");

    const flag_counts *lf = &r->lease_flags;
    fprintf(f, "\nFlags (lease level)\n");
    fprintf(f,
            "  precision            %s  (%llu of %llu flagged leases with a known label are "
            "positive)\n",
            num(a, metrics_flag_precision(lf)), (unsigned long long)lf->tp,
            (unsigned long long)(lf->tp + lf->fp));
    fprintf(f, "  recall               %s  (%llu of %llu positive leases are flagged)\n",
            num(a, metrics_flag_recall(lf)), (unsigned long long)lf->tp,
            (unsigned long long)(lf->tp + lf->fn));
    fprintf(f, "  false-positive rate  %s  (%llu of %llu negative leases are flagged)\n",
            num(a, metrics_flag_fpr(lf)), (unsigned long long)lf->fp,
            (unsigned long long)(lf->fp + lf->tn));

    fprintf(f, "\nPrecision at k (renters by score, %llu with a known label, %llu positive)\n",
            (unsigned long long)r->renters_labelled, (unsigned long long)r->renters_positive);
    for (int i = 0; i < EVAL_N_K; i++) {
        const precision_at_k *p = &r->at_k[i];
        fprintf(f, "  k = %-16llu %s", (unsigned long long)p->k, num(a, p->precision));
        if (p->used < p->k)
            fprintf(f, "  (only %llu %s: all used)", (unsigned long long)p->used,
                    plural(p->used, "renter", "renters"));
        fputc('\n', f);
    }

    const flag_counts *rf = &r->renter_flags;
    fprintf(f, "\nFalse discovery rate of the flags (alpha %s)\n",
            r->alpha[0] ? r->alpha : "unknown");
    fprintf(f,
            "  leases               %s  (%llu of %llu flagged leases with a known label are "
            "negative)\n",
            num(a, metrics_flag_fdr(lf)), (unsigned long long)lf->fp,
            (unsigned long long)(lf->tp + lf->fp));
    fprintf(f,
            "  renters              %s  (%llu of %llu flagged renters with a known label are "
            "negative)\n",
            num(a, metrics_flag_fdr(rf)), (unsigned long long)rf->fp,
            (unsigned long long)(rf->tp + rf->fp));

    if (r->has_kind) {
        fprintf(f, "\nFlags by kind\n  %-18s %10s %10s %10s %8s %10s %10s %8s\n", "kind", "leases",
                "positive", "flagged", "rate", "renters", "flagged", "rate");
        for (size_t i = 0; i < r->n_kind; i++) {
            const eval_kind *k = &r->kind[i];
            fprintf(f, "  %-18s %10llu %10llu %10llu %8s %10llu %10llu %8s\n",
                    k->name[0] ? k->name : "(empty)", (unsigned long long)k->leases,
                    (unsigned long long)k->leases_positive, (unsigned long long)k->leases_flagged,
                    num(a, (double)k->leases_flagged / (double)k->leases),
                    (unsigned long long)k->renters, (unsigned long long)k->renters_flagged,
                    num(b, (double)k->renters_flagged / (double)k->renters));
        }
        if (r->has_actor) {
            fprintf(f,
                    "\nLinkage by kind (recall: pairs of one actor's leases in one renter; "
                    "merged: leases whose renter holds another actor's)\n  %-18s %12s %8s %10s "
                    "%8s\n",
                    "kind", "true pairs", "recall", "merged", "share");
            for (size_t i = 0; i < r->n_kind; i++) {
                const eval_kind *k = &r->kind[i];
                fprintf(
                    f, "  %-18s %12llu %8s %10llu %8s\n", k->name[0] ? k->name : "(empty)",
                    (unsigned long long)k->true_pairs,
                    num(a, k->true_pairs ? (double)k->found_pairs / (double)k->true_pairs : NAN),
                    (unsigned long long)k->leases_merged,
                    num(b, (double)k->leases_merged / (double)k->leases));
            }
        }
    }

    const linkage_metrics *lk = &r->linkage;
    if (r->has_actor) {
        fprintf(f, "\nLinkage (renter_id against actor_id, %llu leases with an actor_id)\n",
                (unsigned long long)lk->n);
        fprintf(f,
                "  pairwise  precision %s  recall %s  F1 %s  (%llu correct of %llu predicted "
                "pairs; %llu true pairs)\n",
                num(a, lk->pair_precision), num(b, lk->pair_recall), num(c, lk->pair_f1),
                (unsigned long long)lk->correct_pairs, (unsigned long long)lk->predicted_pairs,
                (unsigned long long)lk->true_pairs);
        fprintf(f, "  B-cubed   precision %s  recall %s  F1 %s\n", num(a, lk->bcubed_precision),
                num(b, lk->bcubed_recall), num(c, lk->bcubed_f1));
    } else {
        fprintf(f, "\nLinkage: n/a (the truth has no actor_id column)\n");
    }
}

/* ---- JSON ---- */

static void json_measure(json_writer *w, const char *key, double v)
{
    json_key(w, key);
    if (isnan(v))
        json_null(w);
    else
        json_double(w, v);
}

static void json_u(json_writer *w, const char *key, uint64_t v)
{
    json_key(w, key);
    json_uint(w, v);
}

static void json_id_list(json_writer *w, const char *key, const eval_id_list *l)
{
    json_key(w, key);
    json_object_begin(w);
    json_u(w, "count", l->count);
    json_key(w, "examples");
    json_array_begin(w);
    for (size_t i = 0; i < l->n_example; i++)
        json_string(w, l->example[i]);
    json_array_end(w);
    json_object_end(w);
}

static void json_flags(json_writer *w, const char *key, const flag_counts *c)
{
    json_key(w, key);
    json_object_begin(w);
    json_u(w, "tp", c->tp);
    json_u(w, "fp", c->fp);
    json_u(w, "fn", c->fn);
    json_u(w, "tn", c->tn);
    json_measure(w, "precision", metrics_flag_precision(c));
    json_measure(w, "recall", metrics_flag_recall(c));
    json_measure(w, "false_positive_rate", metrics_flag_fpr(c));
    json_measure(w, "false_discovery_rate", metrics_flag_fdr(c));
    json_object_end(w);
}

void eval_report_write_json(const eval_report *r, FILE *f)
{
    json_writer w;
    json_init(&w, f, 1);
    json_object_begin(&w);
    json_key(&w, "tool");
    json_string(&w, "leasehound");
    json_key(&w, "version");
    json_string(&w, LH_VERSION);
    json_key(&w, "command");
    json_string(&w, "eval");

    json_key(&w, "inputs");
    json_object_begin(&w);
    json_key(&w, "leases");
    json_string(&w, r->leases_path);
    json_key(&w, "truth");
    json_string(&w, r->truth_path);
    json_u(&w, "truth_rows", r->truth_rows);
    json_id_list(&w, "truth_bad_rows", &r->truth_bad_rows);
    json_id_list(&w, "truth_duplicates", &r->truth_duplicates);
    json_id_list(&w, "invalid_labels", &r->invalid_labels);
    json_key(&w, "truth_columns");
    json_object_begin(&w);
    json_key(&w, "label");
    json_bool(&w, r->has_label);
    json_key(&w, "actor_id");
    json_bool(&w, r->has_actor);
    json_key(&w, "kind");
    json_bool(&w, r->has_kind);
    json_object_end(&w);
    json_u(&w, "lease_rows", r->lease_rows);
    json_id_list(&w, "lease_bad_rows", &r->lease_bad_rows);
    json_id_list(&w, "lease_duplicates", &r->lease_duplicates);
    json_id_list(&w, "not_in_truth", &r->not_in_truth);
    json_id_list(&w, "missing", &r->missing);
    json_object_end(&w);

    json_key(&w, "leases");
    json_object_begin(&w);
    json_u(&w, "count", r->leases);
    json_u(&w, "positive", r->ranking.n_pos);
    json_u(&w, "negative", r->ranking.n_neg);
    json_u(&w, "unknown", r->unknown_label);
    json_measure(&w, "average_precision", r->ranking.average_precision);
    json_measure(&w, "roc_auc", r->ranking.roc_auc);
    json_flags(&w, "flags", &r->lease_flags);
    json_object_end(&w);

    json_key(&w, "renters");
    json_object_begin(&w);
    json_u(&w, "count", r->renters);
    json_u(&w, "labelled", r->renters_labelled);
    json_u(&w, "positive", r->renters_positive);
    json_flags(&w, "flags", &r->renter_flags);
    json_key(&w, "precision_at_k");
    json_array_begin(&w);
    for (int i = 0; i < EVAL_N_K; i++) {
        const precision_at_k *p = &r->at_k[i];
        json_object_begin(&w);
        json_u(&w, "k", p->k);
        json_u(&w, "renters_used", p->used);
        json_key(&w, "fewer_renters_than_k");
        json_bool(&w, p->used < p->k);
        json_measure(&w, "expected_positives", p->used ? p->hits : NAN);
        json_measure(&w, "precision", p->precision);
        json_object_end(&w);
    }
    json_array_end(&w);
    json_object_end(&w);

    json_key(&w, "alpha");
    if (r->alpha[0])
        json_string(&w, r->alpha);
    else
        json_null(&w);

    if (r->has_kind) {
        json_key(&w, "kinds");
        json_array_begin(&w);
        for (size_t i = 0; i < r->n_kind; i++) {
            const eval_kind *k = &r->kind[i];
            json_object_begin(&w);
            json_key(&w, "kind");
            json_string(&w, k->name);
            json_u(&w, "leases", k->leases);
            json_u(&w, "leases_positive", k->leases_positive);
            json_u(&w, "leases_flagged", k->leases_flagged);
            json_measure(&w, "lease_flag_rate", (double)k->leases_flagged / (double)k->leases);
            json_u(&w, "renters", k->renters);
            json_u(&w, "renters_flagged", k->renters_flagged);
            json_measure(&w, "renter_flag_rate", (double)k->renters_flagged / (double)k->renters);
            if (r->has_actor) {
                json_u(&w, "true_pairs", k->true_pairs);
                json_u(&w, "found_pairs", k->found_pairs);
                json_measure(&w, "pairwise_recall",
                             k->true_pairs ? (double)k->found_pairs / (double)k->true_pairs : NAN);
                json_u(&w, "leases_merged", k->leases_merged);
                json_measure(&w, "merged_share", (double)k->leases_merged / (double)k->leases);
            }
            json_object_end(&w);
        }
        json_array_end(&w);
    }

    if (r->has_actor) {
        const linkage_metrics *lk = &r->linkage;
        json_key(&w, "linkage");
        json_object_begin(&w);
        json_u(&w, "leases", lk->n);
        json_u(&w, "predicted_pairs", lk->predicted_pairs);
        json_u(&w, "true_pairs", lk->true_pairs);
        json_u(&w, "correct_pairs", lk->correct_pairs);
        json_measure(&w, "pairwise_precision", lk->pair_precision);
        json_measure(&w, "pairwise_recall", lk->pair_recall);
        json_measure(&w, "pairwise_f1", lk->pair_f1);
        json_measure(&w, "bcubed_precision", lk->bcubed_precision);
        json_measure(&w, "bcubed_recall", lk->bcubed_recall);
        json_measure(&w, "bcubed_f1", lk->bcubed_f1);
        json_object_end(&w);
    }
    json_object_end(&w);
    json_end(&w);
}
