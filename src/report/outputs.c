/* outputs.c: the per-lease and per-renter outputs (see outputs.h).
 *
 * evidence.jsonl holds, for each flagged renter: its scores and reasons, its leases with the
 * values that link them (pseudonyms under --pseudonymize), and the links that joined them, each
 * with the fields that agreed, their level and their weight in bits (log2 m/u of the model
 * component, same person or another person, that dominates the link). Personal values are
 * written only through value_out(), the one place that pseudonymizes.
 */
#include "report/outputs.h"
#include "report/previous.h"
#include "util/atomic_file.h"
#include "util/csvout.h"
#include "util/json.h"
#include "util/mem.h"
#include "util/numfmt.h"
#include "util/radix.h"
#include "util/threads.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds from 1000-01-01 to 10000-01-01 (exclusive), the four-digit years: outside them
 * strftime's own padding rules apply. */
#define FOUR_DIGIT_FIRST (-30610224000LL)
#define FOUR_DIGIT_END   (253402300800LL)

const char *format_time(int64_t t, char *buf)
{
    buf[0] = '\0';
    if (t == LT_MISSING_TIME)
        return buf;
    if (t < FOUR_DIGIT_FIRST || t >= FOUR_DIGIT_END) {
        time_t tt = (time_t)t;
        struct tm tm;
        if (gmtime_r(&tt, &tm) != NULL)
            strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return buf;
    }
    /* "%Y-%m-%dT%H:%M:%SZ" by hand, two digits at a time, and the date by arithmetic: a million
       renters' times showed in the profile, gmtime_r with the lock it takes on the time zone */
    int64_t days = t / 86400, s = t % 86400;
    if (s < 0)
        s += 86400, days--;
    int y, mo, d;
    civil_from_days(days, &y, &mo, &d);
    int two[7] = {y / 100, y % 100, mo, d, (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60)};
    static const char after[7] = {0, '-', '-', 'T', ':', ':', 'Z'};
    char *o = buf;
    for (int k = 0; k < 7; k++) {
        *o++ = (char)('0' + two[k] / 10);
        *o++ = (char)('0' + two[k] % 10);
        if (after[k])
            *o++ = after[k];
    }
    *o = '\0';
    return buf;
}

/* Lease i's id and its length (len may be NULL). */
static const char *lease_id(const lease_table *t, size_t i, size_t *len)
{
    return strpool_get(t->text[LT_LEASE_ID].pool, t->text[LT_LEASE_ID].id[i], len);
}

#define IDS_THREADS_MIN 4096 /* renters: fewer are prepared on one thread */

static const scan_view *sort_view;

static int cmp_rank(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const model_scores *m = sort_view->model;
    if (m->score[x] != m->score[y])
        return m->score[x] > m->score[y] ? -1 : 1;
    if (m->q[x] != m->q[y])
        return m->q[x] < m->q[y] ? -1 : 1;
    /* renter ids are "R-" and a lease id: compare the lease ids */
    const lease_table *t = sort_view->table;
    return strcmp(lease_id(t, sort_view->first[x], NULL), lease_id(t, sort_view->first[y], NULL));
}

/* The first 8 bytes of renter r's id (its first lease's id), big-endian: orders as strcmp of
 * the ids does as far as they go. */
static uint64_t id_prefix_key(const scan_view *v, uint32_t r)
{
    size_t n;
    const char *s = lease_id(v->table, v->first[r], &n);
    uint64_t k = 0;
    for (size_t i = 0; i < 8; i++)
        k = k << 8 | (i < n ? (unsigned char)s[i] : 0);
    return k;
}

/* The renters in cmp_rank's order: stable radix sorts by id prefix, q and score, then cmp_rank
 * itself within the runs that those keys leave tied (ids sharing 8 bytes). The same order as a
 * comparison sort with cmp_rank, in a few passes instead of log2(n) comparisons of scattered
 * strings. */
static void sort_by_rank(const scan_view *v, uint32_t *order, size_t nr)
{
    uint64_t *key = xmalloc((nr ? nr : 1) * sizeof *key);
    for (size_t k = 0; k < nr; k++)
        key[k] = id_prefix_key(v, order[k]);
    radix_sort(key, order, nr);
    for (size_t k = 0; k < nr; k++)
        key[k] = radix_double_key(v->model->q[order[k]]);
    radix_sort(key, order, nr);
    for (size_t k = 0; k < nr; k++)
        key[k] = ~radix_double_key(v->model->score[order[k]]); /* descending */
    radix_sort(key, order, nr);
    xfree(key);
    sort_view = v;
    const double *score = v->model->score, *q = v->model->q;
    for (size_t lo = 0; lo < nr;) {
        size_t hi = lo + 1;
        uint64_t id = id_prefix_key(v, order[lo]);
        while (hi < nr && score[order[hi]] == score[order[lo]] && q[order[hi]] == q[order[lo]] &&
               id_prefix_key(v, order[hi]) == id)
            hi++;
        if (hi - lo > 1)
            qsort(order + lo, hi - lo, sizeof *order, cmp_rank);
        lo = hi;
    }
}

void scan_view_prepare(scan_view *v)
{
    scan_view_prepare_ids(v, 1);
    scan_view_rank(v);
}

/* The renters [lo, hi) of scan_view_prepare_ids, with the longest renter id among them in
 * id_max. */
typedef struct ids_job {
    scan_view *v;
    size_t lo, hi, id_max;
} ids_job;

static void *ids_range(void *arg)
{
    ids_job *j = arg;
    scan_view *v = j->v;
    const lease_table *t = v->table;
    const link_result *lr = v->link;
    j->id_max = 3;
    for (size_t r = j->lo; r < j->hi; r++) {
        uint32_t best = lr->renter_lease[lr->renter_start[r]];
        int in_since = v->since == INT64_MIN;
        for (uint32_t k = lr->renter_start[r]; k < lr->renter_start[r + 1]; k++) {
            uint32_t i = lr->renter_lease[k];
            int64_t ti = t->created_at[i], tb = t->created_at[best];
            if (ti != LT_MISSING_TIME && ti >= v->since)
                in_since = 1;
            int earlier = (tb == LT_MISSING_TIME && ti != LT_MISSING_TIME) ||
                          (ti != LT_MISSING_TIME && tb != LT_MISSING_TIME && ti < tb) ||
                          (ti == tb && i != best &&
                           strcmp(lease_id(t, i, NULL), lease_id(t, best, NULL)) < 0);
            if (earlier)
                best = i;
        }
        v->first[r] = best;
        v->reported[r] = (uint8_t)in_since;
        size_t len;
        lease_id(t, best, &len);
        if (len + 3 > j->id_max)
            j->id_max = len + 3;
    }
    return NULL;
}

void scan_view_prepare_ids(scan_view *v, int threads)
{
    const link_result *lr = v->link;
    size_t nr = lr->n_renters;
    v->first = xmalloc((nr ? nr : 1) * sizeof *v->first);
    v->reported = xmalloc(nr ? nr : 1);
    /* renters cut into ranges of about equal leases, one per thread; each renter's own */
    ids_job job[RUN_JOBS_MAX];
    size_t bound[RUN_JOBS_MAX + 1];
    int nt = run_jobs_count(threads, nr >= IDS_THREADS_MIN);
    split_by_weight(lr->renter_start, nr, nt, bound);
    for (int k = 0; k < nt; k++)
        job[k] = (ids_job){v, bound[k], bound[k + 1], 0};
    run_jobs(nt, ids_range, job, sizeof *job);
    v->renter_id_max = 3;
    for (int k = 0; k < nt; k++)
        if (job[k].id_max > v->renter_id_max)
            v->renter_id_max = job[k].id_max;
}

void scan_view_rank(scan_view *v)
{
    size_t nr = v->link->n_renters;
    v->by_rank = xmalloc((nr ? nr : 1) * sizeof *v->by_rank);
    v->rank = xmalloc((nr ? nr : 1) * sizeof *v->rank);
    for (size_t r = 0; r < nr; r++)
        v->by_rank[r] = (uint32_t)r;
    sort_by_rank(v, v->by_rank, nr);
    for (size_t k = 0; k < nr; k++)
        v->rank[v->by_rank[k]] = (uint32_t)k + 1;
}

/* scan_view_renter_id with its length. */
static const char *renter_id(const scan_view *v, size_t r, char *buf, size_t *len)
{
    size_t n;
    const char *lid = lease_id(v->table, v->first[r], &n);
    buf[0] = 'R';
    buf[1] = '-';
    memcpy(buf + 2, lid, n + 1);
    *len = n + 2;
    return buf;
}

const char *scan_view_renter_id(const scan_view *v, size_t r, char *buf)
{
    size_t len;
    return renter_id(v, r, buf, &len);
}

void scan_view_free(scan_view *v)
{
    xfree(v->rank);
    xfree(v->by_rank);
    xfree(v->first);
    xfree(v->reported);
    v->rank = v->by_rank = v->first = NULL;
    v->reported = NULL;
}

void renter_reasons(const scan_view *v, size_t r, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    const double *x = v->features->x + r * FEATURE_COUNT;
    for (int k = 0; k < MODEL_REASONS; k++) {
        int f = v->model->reason[r * MODEL_REASONS + k];
        if (f < 0)
            break;
        char words[160];
        feature_reason_text((feature_id)f, x, words, sizeof words);
        int w = snprintf(buf + o, n - o, "%s%s: %s", o ? "; " : "",
                         feature_get((feature_id)f)->name, words);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
}

/* Appends the decimal digits of v at o; returns the end. */
static char *put_uint(char *o, uint64_t v)
{
    return o + fmt_uint(o, v);
}

/* Appends x as printf's "%.*f" or "%.*g" would (fmt_double); returns the end. */
static char *put_double(char *o, double x, char conv, int prec)
{
    return o + fmt_double(o, x, conv, prec);
}

/* The most that ",score,q_value,flagged\n" of one renter takes (its ",renter_id" comes before) */
#define LEASE_TAIL (2 * FMT_DOUBLE_MAX + 16)

/* How far ahead of the lease it writes write_leases_csv fetches its renter's offset, then the
 * renter's columns: on a log of millions both are reads at random that miss the cache. */
enum { LEASES_AHEAD_AT = 16, LEASES_AHEAD_TAIL = 8 };

/* The three files are written in chunks of rows (write_scan_outputs below): each writer below
 * formats its rows [lo, hi) into memory, after scan_view_check. */

/* leases.csv's preparation: each renter's columns, from its id on, formatted once and packed
 * end to end, not looked up once per lease (renters are numbered by their first lease, so this
 * reads the ids of their first leases nearly in order). Renter r's are tail[at[r], at[r + 1]). */
static void leases_tails(const scan_view *v, size_t **at_out, char **tail_out)
{
    size_t nr = v->link->n_renters, used = 0, cap = 0;
    /* both read at random by the lease rows (each lease's renter) */
    size_t *at = xmalloc((nr + 1) * sizeof *at);
    mem_advise_huge(at, (nr + 1) * sizeof *at);
    char *tail = NULL, *rid = xmalloc(v->renter_id_max);
    for (size_t r = 0; r < nr; r++) {
        size_t rn;
        const char *s = renter_id(v, r, rid, &rn);
        size_t had = cap;
        tail = xgrow(tail, &cap, used + 1 + CSVOUT_MAX(rn) + LEASE_TAIL, 1);
        if (cap != had)
            mem_advise_huge(tail, cap);
        char *o = tail + used;
        *o++ = ',';
        o += csvout_put(o, s, rn, 1);
        *o++ = ',';
        o = put_double(o, v->model->score[r], 'f', 6);
        *o++ = ',';
        o = put_double(o, v->model->q[r], 'g', 6);
        *o++ = ',';
        o = put_uint(o, v->model->flag[r]);
        *o++ = '\n';
        at[r] = used;
        used = (size_t)(o - tail);
    }
    at[nr] = used;
    xfree(rid);
    *at_out = at;
    *tail_out = tail;
}

/* leases.csv's rows of leases [lo, hi). */
static void leases_rows(const scan_view *v, const size_t *at, const char *tail, csvout_buf *o,
                        size_t lo, size_t hi)
{
    const lease_table *t = v->table;
    const uint32_t *renter = v->link->renter;
    for (size_t i = lo; i < hi; i++) {
        if (i + LEASES_AHEAD_AT < hi)
            __builtin_prefetch(&at[renter[i + LEASES_AHEAD_AT]]);
        if (i + LEASES_AHEAD_TAIL < hi)
            __builtin_prefetch(tail + at[renter[i + LEASES_AHEAD_TAIL]]);
        uint32_t r = renter[i];
        size_t ln, tn = at[r + 1] - at[r];
        const char *lid = lease_id(t, i, &ln);
        char *w = csvout_room(o, CSVOUT_MAX(ln) + tn);
        w += csvout_put(w, lid, ln, 1);
        memcpy(w, tail + at[r], tn);
        csvout_wrote(o, w + tn);
    }
}

/* What renters.csv reads of renter r, fetched in stages ahead of it (renters are written in
 * rank order, so each is a read at random that misses the cache on a log of millions): stage 0
 * its own entries, which the later stages read; 1 its leases' numbers, its first lease's id
 * and the features of its reasons; 2 its leases' times and id numbers; 3 their ids' entries;
 * 4 the ids' bytes. At most RENTER_AHEAD_LEASES leases of a renter are fetched. */
enum { RENTER_AHEAD_STAGES = 5, RENTER_AHEAD_LEASES = 8 };
static const size_t renter_ahead[RENTER_AHEAD_STAGES] = {16, 12, 8, 5, 2};

static void prefetch_renter(const scan_view *v, uint32_t r, int stage)
{
    const link_result *lr = v->link;
    const lease_table *t = v->table;
    const uint32_t *lid = t->text[LT_LEASE_ID].id;
    const strpool *pool = t->text[LT_LEASE_ID].pool;
    const double *x = v->features->x + (size_t)r * FEATURE_COUNT;
    uint32_t start = 0, end = 0;
    if (stage > 0) {
        start = lr->renter_start[r];
        end = lr->renter_start[r + 1];
        if (end - start > RENTER_AHEAD_LEASES)
            end = start + RENTER_AHEAD_LEASES;
    }
    switch (stage) {
    case 0:
        __builtin_prefetch(&v->reported[r]);
        __builtin_prefetch(&lr->renter_start[r]);
        __builtin_prefetch(&v->first[r]);
        __builtin_prefetch(&v->model->score[r]);
        __builtin_prefetch(&v->model->q[r]);
        __builtin_prefetch(&v->model->flag[r]);
        __builtin_prefetch(&v->model->reason[(size_t)r * MODEL_REASONS]);
        __builtin_prefetch(&lr->renter_size[r]);
        __builtin_prefetch(&lr->renter_persons[r]);
        __builtin_prefetch(&x[F_ACCOUNTS]);
        break;
    case 1:
        __builtin_prefetch(&lr->renter_lease[start]);
        __builtin_prefetch(&lid[v->first[r]]);
        for (int k = 0; k < MODEL_REASONS; k++) {
            int f = v->model->reason[(size_t)r * MODEL_REASONS + k];
            if (f < 0)
                break;
            __builtin_prefetch(&x[f]);
        }
        break;
    case 2:
        strpool_prefetch_id(pool, lid[v->first[r]]);
        for (uint32_t k = start; k < end; k++) {
            __builtin_prefetch(&t->created_at[lr->renter_lease[k]]);
            __builtin_prefetch(&lid[lr->renter_lease[k]]);
        }
        break;
    case 3:
        strpool_prefetch_id_text(pool, lid[v->first[r]]);
        for (uint32_t k = start; k < end; k++)
            strpool_prefetch_id(pool, lid[lr->renter_lease[k]]);
        break;
    default:
        for (uint32_t k = start; k < end; k++)
            strpool_prefetch_id_text(pool, lid[lr->renter_lease[k]]);
        break;
    }
}

/* The most that renters.csv's numbers and times of one row take, with their commas: three
 * doubles, five integers and two times. */
#define ROW_NUMBERS (3 * FMT_DOUBLE_MAX + 5 * 21 + 2 * 32 + 10)

/* What a thread writing renters.csv reuses from row to row. */
typedef struct renters_scratch {
    char *rid; /* a renter id, v->renter_id_max bytes */
    char *ids; /* a renter's lease ids, space-separated */
    size_t ids_cap;
} renters_scratch;

/* renters.csv's rows of rank positions [lo, hi) (after the rank). */
static void renters_rows(const scan_view *v, renters_scratch *sc, csvout_buf *o, size_t k0,
                         size_t k1)
{
    const lease_table *t = v->table;
    const link_result *lr = v->link;
    char reasons[1024], t0[32], t1[32];
    for (size_t k = k0; k < k1; k++) {
        for (int stage = 0; stage < RENTER_AHEAD_STAGES; stage++)
            if (k + renter_ahead[stage] < k1)
                prefetch_renter(v, v->by_rank[k + renter_ahead[stage]], stage);
        uint32_t r = v->by_rank[k];
        if (!v->reported[r])
            continue;
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (uint32_t x = lr->renter_start[r]; x < lr->renter_start[r + 1]; x++) {
            int64_t ti = t->created_at[lr->renter_lease[x]];
            if (ti == LT_MISSING_TIME)
                continue;
            lo = ti < lo ? ti : lo;
            hi = ti > hi ? ti : hi;
        }
        const double *fx = v->features->x + (size_t)r * FEATURE_COUNT;
        size_t n;
        const char *s = renter_id(v, r, sc->rid, &n);
        renter_reasons(v, r, reasons, sizeof reasons);
        size_t rn = strlen(reasons);
        /* lease ids, space-separated, quoted as one field */
        size_t ni = 0;
        for (uint32_t x = lr->renter_start[r]; x < lr->renter_start[r + 1]; x++) {
            size_t l;
            const char *id = lease_id(t, lr->renter_lease[x], &l);
            sc->ids = xgrow(sc->ids, &sc->ids_cap, ni + l + 2, 1);
            if (ni)
                sc->ids[ni++] = ' ';
            memcpy(sc->ids + ni, id, l);
            ni += l;
        }
        const char *status = v->status ? previous_status_name((previous_status)v->status[r]) : "";
        size_t sn = strlen(status);
        char *w = csvout_room(o, CSVOUT_MAX(n) + ROW_NUMBERS + CSVOUT_MAX(rn) + 1 + CSVOUT_MAX(ni) +
                                     1 + sn + 1);
        w += csvout_put(w, s, n, 1);
        /* ",rank,score,q_value,flagged,n_leases,n_accounts,n_names,first_seen,last_seen," */
        *w++ = ',';
        w = put_uint(w, k + 1); /* v->rank[r], without reading it */
        *w++ = ',';
        w = put_double(w, v->model->score[r], 'f', 6);
        *w++ = ',';
        w = put_double(w, v->model->q[r], 'g', 6);
        *w++ = ',';
        w = put_uint(w, v->model->flag[r]);
        *w++ = ',';
        w = put_uint(w, lr->renter_size[r]);
        *w++ = ',';
        w = put_double(w, fx[F_ACCOUNTS], 'f', 0);
        *w++ = ',';
        w = put_uint(w, lr->renter_persons[r]);
        *w++ = ',';
        const char *times[2] = {format_time(lo == INT64_MAX ? LT_MISSING_TIME : lo, t0),
                                format_time(hi == INT64_MIN ? LT_MISSING_TIME : hi, t1)};
        for (int at = 0; at < 2; at++) {
            size_t len = strlen(times[at]);
            memcpy(w, times[at], len);
            w += len;
            *w++ = ',';
        }
        w += csvout_put(w, reasons, rn, 1);
        *w++ = ',';
        w += csvout_put(w, sc->ids, ni, 1);
        if (v->status) {
            *w++ = ',';
            memcpy(w, status, sn);
            w += sn;
        }
        *w++ = '\n';
        csvout_wrote(o, w);
    }
}

/* value_out with the value's length in *len. */
static const char *value_out_len(const scan_view *v, size_t col, uint32_t id, char *buf,
                                 size_t *len)
{
    const lease_table *t = v->table;
    const char *s = strpool_get(t->text[col].pool, id, len);
    static const int personal[LT_TEXT_COUNT] = {
        [LT_NAME] = 1,       [LT_NAME_RAW] = 1,   [LT_EMAIL] = 1,     [LT_PHONE] = 1,
        [LT_ADDRESS] = 1,    [LT_CITY] = 1,       [LT_POSTCODE] = 1,  [LT_DOB] = 1,
        [LT_ID_NUMBER] = 1,  [LT_PAYMENT_FP] = 1, [LT_SIGNUP_IP] = 1, [LT_IP_PREFIX] = 1,
        [LT_OFFICE_NET] = 1, [LT_DEVICE_FP] = 1,  [LT_ACCOUNT] = 1,   [LT_EMAIL_DOMAIN] = 1,
        [LT_ORG_DOMAIN] = 1,
    };
    /* extra columns are user data of unknown kind: pseudonymized too */
    if (v->pseudo && (col >= LT_TEXT_COUNT || personal[col])) {
        s = pseudo_value(v->pseudo, t->text[col].name, s, buf);
        *len = strlen(s);
    }
    return s;
}

const char *value_out(const scan_view *v, size_t col, uint32_t id, char *buf)
{
    size_t len;
    return value_out_len(v, col, id, buf, &len);
}

static void json_text(json_writer *w, const scan_view *v, const char *key, size_t col, uint32_t i)
{
    uint32_t id = v->table->text[col].id[i];
    if (id == 0)
        return;
    char buf[PSEUDO_LEN];
    size_t len;
    const char *s = value_out_len(v, col, id, buf, &len);
    json_key(w, key);
    json_string_n(w, s, len);
}

double link_field_bits(const scan_view *v, const link_edge *e, int f)
{
    int l = pattern_level(e->pattern, f);
    const field_params *fp = &v->link->params.field[f];
    const spec_field *sf = &v->spec->field[f];
    double m = e->kind == LINK_SAME_PERSON  ? fp->m_same[l]
               : e->kind == LINK_CO_LOCATED ? (sf->persona ? fp->u[l] : fp->m_other[l])
                                            : (f == e->via ? fp->m_persona[l] : fp->u[l]);
    return log2(m / fp->u[l]);
}

const char *link_explanation(const scan_view *v, const link_edge *e, char *buf, size_t n)
{
    static const char *const explained[] = {"same person", "co-located person", "persona"};
    if (e->kind != LINK_PERSONA)
        return explained[e->kind < 3 ? e->kind : 0];
    snprintf(buf, n, "persona tied by %s", v->spec->field[e->via].name);
    return buf;
}

/* The text columns of a lease in evidence.jsonl, and how far ahead of the lease it writes each
 * stage of prefetch_lease_values runs: the ids, then the pool entries, then the bytes (the
 * leases of a renter are scattered over the log: each is a miss of the cache on a large one). */
static const int evidence_col[] = {LT_LEASE_ID,  LT_NAME_RAW, LT_EMAIL,   LT_PHONE,
                                   LT_ACCOUNT,   LT_ADDRESS,  LT_COUNTRY, LT_PAYMENT_FP,
                                   LT_DEVICE_FP, LT_SIGNUP_IP};
enum { EVIDENCE_COLS = sizeof evidence_col / sizeof evidence_col[0], LEASE_STAGES = 3 };
static const uint32_t lease_ahead[LEASE_STAGES] = {6, 4, 2};

static void prefetch_lease_values(const scan_view *v, uint32_t i, int stage)
{
    const lease_table *t = v->table;
    for (int k = 0; k < EVIDENCE_COLS; k++) {
        const lt_column *col = &t->text[evidence_col[k]];
        if (stage == 0)
            __builtin_prefetch(&col->id[i]);
        else if (stage == 1)
            strpool_prefetch_id(col->pool, col->id[i]);
        else
            strpool_prefetch_id_text(col->pool, col->id[i]);
    }
    if (stage == 0) {
        __builtin_prefetch(&t->created_at[i]);
        __builtin_prefetch(&v->link->person[i]);
        __builtin_prefetch(&t->payment_type[i]);
        __builtin_prefetch(&t->ip_kind[i]);
    }
}

static void write_link(json_writer *w, const scan_view *v, const link_edge *e)
{
    const lease_table *t = v->table;
    const link_spec *s = v->spec;
    char via[SPEC_NAME_MAX + 32];
    json_object_begin(w);
    json_key(w, "a");
    json_string(w, lease_table_text(t, LT_LEASE_ID, e->a));
    json_key(w, "b");
    json_string(w, lease_table_text(t, LT_LEASE_ID, e->b));
    json_key(w, "log2_odds");
    json_double_prec(w, e->log_odds, 4);
    json_key(w, "explained_as");
    json_string(w, link_explanation(v, e, via, sizeof via));
    json_key(w, "fields");
    json_array_begin(w);
    for (int f = 0; f < s->n_field; f++) {
        int l = pattern_level(e->pattern, f);
        if (l == SPEC_LEVEL_NULL || l == 0)
            continue;
        json_object_begin(w);
        json_key(w, "field");
        json_string(w, s->field[f].name);
        json_key(w, "level");
        json_string(w, spec_level_name(&s->field[f], l));
        uint32_t id = t->text[s->field[f].col].id[e->a];
        char buf[PSEUDO_LEN];
        size_t len;
        const char *val = value_out_len(v, (size_t)s->field[f].col, id, buf, &len);
        json_key(w, "value");
        json_string_n(w, val, len);
        json_key(w, "weight_bits");
        json_double_prec(w, link_field_bits(v, e, f), 4);
        json_object_end(w);
    }
    json_array_end(w);
    json_object_end(w);
}

/* evidence.jsonl, after the rank: each flagged (and reported) renter in rank order. */
static void evidence_jsonl(const scan_view *v, FILE *out)
{
    const lease_table *t = v->table;
    const link_result *lr = v->link;
    const model_scores *m = v->model;
    json_writer w;
    char reasons_buf[160], tbuf[32];
    char *rid = xmalloc(v->renter_id_max);
    for (size_t k = 0; k < lr->n_renters; k++) {
        uint32_t r = v->by_rank[k];
        if (!m->flag[r] || !v->reported[r])
            continue;
        json_init(&w, out, 0);
        json_object_begin(&w);
        json_key(&w, "renter_id");
        json_string(&w, scan_view_renter_id(v, r, rid));
        json_key(&w, "rank");
        json_uint(&w, v->rank[r]);
        json_key(&w, "score");
        json_double(&w, m->score[r]);
        json_key(&w, "p_value");
        json_double(&w, m->p[r]);
        json_key(&w, "q_value");
        json_double(&w, m->q[r]);
        json_key(&w, "n_leases");
        json_uint(&w, lr->renter_size[r]);
        json_key(&w, "n_names");
        json_uint(&w, lr->renter_persons[r]);
        if (v->status) {
            json_key(&w, "status");
            json_string(&w, previous_status_name((previous_status)v->status[r]));
        }
        json_key(&w, "reasons");
        json_array_begin(&w);
        const double *x = v->features->x + (size_t)r * FEATURE_COUNT;
        for (int j = 0; j < MODEL_REASONS; j++) {
            int f = m->reason[r * MODEL_REASONS + j];
            if (f < 0)
                break;
            feature_reason_text((feature_id)f, x, reasons_buf, sizeof reasons_buf);
            json_object_begin(&w);
            json_key(&w, "code");
            json_string(&w, feature_get((feature_id)f)->name);
            json_key(&w, "text");
            json_string(&w, reasons_buf);
            json_key(&w, "evidence");
            json_double_prec(&w, m->evidence[(size_t)r * MODEL_REASONS + j], 4);
            json_object_end(&w);
        }
        json_array_end(&w);
        json_key(&w, "features");
        json_object_begin(&w);
        for (int f = 0; f < FEATURE_COUNT; f++) {
            json_key(&w, feature_get((feature_id)f)->name);
            json_double(&w, x[f]);
        }
        json_object_end(&w);
        json_key(&w, "leases");
        json_array_begin(&w);
        uint32_t first = lr->renter_start[r], end = lr->renter_start[r + 1];
        for (int stage = 0; stage < LEASE_STAGES; stage++)
            for (uint32_t x2 = first; x2 < end && x2 < first + lease_ahead[stage]; x2++)
                prefetch_lease_values(v, lr->renter_lease[x2], stage);
        for (uint32_t x2 = first; x2 < end; x2++) {
            for (int stage = 0; stage < LEASE_STAGES; stage++)
                if (x2 + lease_ahead[stage] < end)
                    prefetch_lease_values(v, lr->renter_lease[x2 + lease_ahead[stage]], stage);
            uint32_t i = lr->renter_lease[x2];
            json_object_begin(&w);
            json_key(&w, "lease_id");
            json_string(&w, lease_table_text(t, LT_LEASE_ID, i));
            if (t->created_at[i] != LT_MISSING_TIME) {
                json_key(&w, "created_at");
                json_string(&w, format_time(t->created_at[i], tbuf));
            }
            if (lr->person[i] != UINT32_MAX) {
                json_key(&w, "person");
                json_uint(&w, lr->person[i]);
            }
            json_text(&w, v, "name", LT_NAME_RAW, i);
            json_text(&w, v, "email", LT_EMAIL, i);
            json_text(&w, v, "phone", LT_PHONE, i);
            json_text(&w, v, "account_id", LT_ACCOUNT, i);
            json_text(&w, v, "address", LT_ADDRESS, i);
            json_text(&w, v, "country", LT_COUNTRY, i);
            json_text(&w, v, "payment_fp", LT_PAYMENT_FP, i);
            if (t->payment_type[i]) {
                json_key(&w, "payment_type");
                json_string(&w, payment_type_name((payment_type)t->payment_type[i]));
            }
            json_text(&w, v, "device_fp", LT_DEVICE_FP, i);
            json_text(&w, v, "signup_ip", LT_SIGNUP_IP, i);
            if (t->ip_kind[i]) {
                json_key(&w, "ip_kind");
                json_string(&w, ip_kind_name((ip_kind)t->ip_kind[i]));
            }
            json_object_end(&w);
        }
        json_array_end(&w);
        json_key(&w, "links");
        json_array_begin(&w);
        /* edges are sorted by renter: a flagged renter's are found by binary search (the
           flagged are a few in a thousand renters, an index of all renters' links read every
           link at random) */
        for (size_t e = link_first_edge_of(lr, r), e1 = link_first_edge_of(lr, r + 1); e < e1; e++)
            write_link(&w, v, &lr->edge[e]);
        json_array_end(&w);
        json_object_end(&w);
        fputc('\n', out);
    }
    xfree(rid);
}

/* Renter r's numbers (scan_view_check). */
static lh_status check_renter(const scan_view *v, size_t r, lh_error *err)
{
    static const char *const what[3] = {"score", "p-value", "q-value"};
    const model_scores *m = v->model;
    double num[3] = {m->score[r], m->p[r], m->q[r]};
    for (int k = 0; k < 3; k++)
        if (!(num[k] >= 0 && num[k] <= 1))
            return LH_FAIL(err, LH_EINTERNAL,
                           "renter %zu has a %s of %g; no output written (numerical error)", r,
                           what[k], num[k]);
    const double *x = v->features->x + r * FEATURE_COUNT;
    for (int f = 0; f < FEATURE_COUNT; f++)
        if (!isfinite(x[f]))
            return LH_FAIL(err, LH_EINTERNAL,
                           "renter %zu has a feature %s of %g; no output written "
                           "(numerical error)",
                           r, feature_get((feature_id)f)->name, x[f]);
    return LH_OK;
}

/* The renters [lo, hi) checked on a thread, up to the first at fault. */
typedef struct check_job {
    const scan_view *v;
    size_t lo, hi;
    lh_status st;
    lh_error err;
} check_job;

static void *check_range(void *arg)
{
    check_job *j = arg;
    j->st = LH_OK;
    for (size_t r = j->lo; r < j->hi && j->st == LH_OK; r++)
        j->st = check_renter(j->v, r, &j->err);
    return NULL;
}

/* scan_view_check on `threads` threads, each a range of renters: the renter at fault that it
 * names is the first, as in one pass. */
static lh_status check_view(const scan_view *v, int threads, lh_error *err)
{
    size_t n = v->link->n_renters;
    int nt = run_jobs_count(threads, n > 100000);
    check_job job[RUN_JOBS_MAX];
    for (int t = 0; t < nt; t++)
        job[t] = (check_job){
            .v = v, .lo = n * (size_t)t / (size_t)nt, .hi = n * (size_t)(t + 1) / (size_t)nt};
    run_jobs(nt, check_range, job, sizeof *job);
    for (int t = 0; t < nt; t++)
        if (job[t].st != LH_OK) {
            *err = job[t].err;
            return job[t].st;
        }
    return LH_OK;
}

lh_status scan_view_check(const scan_view *v, lh_error *err)
{
    return check_view(v, 1, err);
}

/* ---- the files on the threads ----
 *
 * renters.csv and leases.csv are cut into chunks of rows. The tasks are: the rank (when not made
 * yet), leases.csv's renter columns, evidence.jsonl whole (a few kilobytes per flagged renter,
 * written as it is formatted), then every chunk of renters.csv, then every chunk of leases.csv
 * (renters.csv first: it waits only for the rank, which is quick, where leases.csv waits for
 * its renter columns). Threads take the tasks in turn; a chunk is formatted into memory and a
 * file's chunks are written to it in order by whichever thread finished the next one. A task
 * waits for what it reads (the rank, the renter columns), and no thread takes a chunk more than
 * OUT_RING ahead of its file's next to write: what the threads hold is a few chunks, never a
 * file. A file is committed by the thread that wrote its last row, so that its fsync waits for
 * the disk while the other threads go on. The bytes are those of one thread writing the files
 * one after another, for any thread count. */
/* the files, in the order of their chunks and of their errors (the first error wins) */
enum { OUT_RENTERS, OUT_LEASES, OUT_EVIDENCE, OUT_FILES };
#define OUT_CHUNKED 2 /* renters.csv and leases.csv */
#define OUT_RING    8
static const char *const out_name[OUT_FILES] = {"renters.csv", "leases.csv", "evidence.jsonl"};
/* rows per chunk: about a megabyte of text each */
static const size_t out_chunk_rows[OUT_CHUNKED] = {8192, 32768};

typedef struct out_chunk {
    char *b;
    size_t n, cap;
    int ready;
} out_chunk;

/* Buffers of written chunks, for the chunks to come: their pages are mapped already (a fresh
 * megabyte for each chunk cost about as much to fault in as to format). */
#define OUT_SPARE (OUT_CHUNKED * OUT_RING + RUN_JOBS_MAX)

typedef struct out_file {
    atomic_file af;
    int open, committed;
    lh_status st; /* of its commit */
    lh_error err;
    size_t rows, chunks, next_write;
    int writing; /* a thread is writing this file's ready chunks */
    out_chunk ring[OUT_RING];
} out_file;

enum { TASK_RANK, TASK_TAILS, TASK_EVIDENCE, TASK_CHUNKS };

typedef struct out_run {
    scan_view *v;
    out_file file[OUT_FILES];
    size_t first_task[OUT_CHUNKED + 1]; /* file k's chunks: tasks [first_task[k], ...[k + 1]) */
    size_t next_task;
    int ranked, tails_done;
    size_t *at; /* leases.csv's renter columns (leases_tails) */
    char *tail;
    out_chunk spare[OUT_SPARE];
    int n_spare;
    pthread_mutex_t mu;
    pthread_cond_t moved;
} out_run;

/* Commits file f once its last row is written, outside the lock; with the lock held. */
static void commit_file(out_run *run, out_file *f)
{
    f->committed = 1;
    pthread_mutex_unlock(&run->mu);
    f->st = atomic_file_commit(&f->af, &f->err);
    pthread_mutex_lock(&run->mu);
}

/* Formats chunk c of file k into memory: into ch's buffer (a spare one), or a new one. */
static void format_chunk(out_run *run, int k, size_t c, renters_scratch *sc, out_chunk *ch)
{
    size_t lo = c * out_chunk_rows[k], hi = lo + out_chunk_rows[k];
    if (hi > run->file[k].rows)
        hi = run->file[k].rows;
    csvout_buf o;
    if (ch->b)
        o = (csvout_buf){NULL, ch->b, 0, ch->cap};
    else
        csvout_buf_init(&o, NULL);
    if (k == OUT_LEASES)
        leases_rows(run->v, run->at, run->tail, &o, lo, hi);
    else
        renters_rows(run->v, sc, &o, lo, hi);
    ch->b = o.b;
    ch->n = o.n;
    ch->cap = o.cap;
}

/* Chunk c of file k is formatted: it and the chunks after it that are ready are written, unless
 * another thread is writing the file (it writes them); after the last, the file is committed.
 * With the lock held. */
static void write_ready(out_run *run, int k, size_t c, out_chunk ch)
{
    out_file *f = &run->file[k];
    ch.ready = 1;
    f->ring[c % OUT_RING] = ch;
    if (f->writing)
        return;
    f->writing = 1;
    while (f->ring[f->next_write % OUT_RING].ready) {
        out_chunk w = f->ring[f->next_write % OUT_RING];
        f->ring[f->next_write % OUT_RING].ready = 0;
        pthread_mutex_unlock(&run->mu);
        fwrite(w.b, 1, w.n, f->af.f); /* an error shows in atomic_file_commit */
        pthread_mutex_lock(&run->mu);
        run->spare[run->n_spare++] = w; /* at most every buffer made is back */
        f->next_write++;
        pthread_cond_broadcast(&run->moved);
    }
    f->writing = 0;
    if (f->next_write == f->chunks && !f->committed)
        commit_file(run, f);
}

/* The rank (when a file needs it and the view has none), leases.csv's renter columns, or
 * evidence.jsonl: task t, outside the lock. */
static void run_task(out_run *run, size_t t)
{
    scan_view *v = run->v;
    if (t == TASK_RANK) {
        if (v->by_rank == NULL && (run->file[OUT_RENTERS].open || run->file[OUT_EVIDENCE].open))
            scan_view_rank(v);
    } else if (t == TASK_TAILS) {
        if (run->file[OUT_LEASES].open)
            leases_tails(v, &run->at, &run->tail);
    } else if (run->file[OUT_EVIDENCE].open) {
        evidence_jsonl(v, run->file[OUT_EVIDENCE].af.f);
    }
}

static void *out_worker(void *arg)
{
    out_run *run = arg;
    renters_scratch sc = {xmalloc(run->v->renter_id_max), NULL, 0};
    pthread_mutex_lock(&run->mu);
    while (run->next_task < run->first_task[OUT_CHUNKED]) {
        size_t t = run->next_task;
        int k = t < TASK_CHUNKS ? -1 : t < run->first_task[OUT_LEASES] ? OUT_RENTERS : OUT_LEASES;
        size_t c = k < 0 ? 0 : t - run->first_task[k];
        int ready = t == TASK_EVIDENCE ? run->ranked
                    : k == OUT_RENTERS ? run->ranked && c < run->file[k].next_write + OUT_RING
                    : k == OUT_LEASES  ? run->tails_done && c < run->file[k].next_write + OUT_RING
                                       : 1;
        if (!ready) {
            pthread_cond_wait(&run->moved, &run->mu);
            continue;
        }
        run->next_task++;
        if (k < 0) {
            pthread_mutex_unlock(&run->mu);
            run_task(run, t);
            pthread_mutex_lock(&run->mu);
            run->ranked |= t == TASK_RANK;
            run->tails_done |= t == TASK_TAILS;
            if (t == TASK_EVIDENCE && run->file[OUT_EVIDENCE].open)
                commit_file(run, &run->file[OUT_EVIDENCE]);
            pthread_cond_broadcast(&run->moved);
            continue;
        }
        out_chunk ch = {NULL, 0, 0, 0};
        if (run->n_spare > 0)
            ch = run->spare[--run->n_spare];
        pthread_mutex_unlock(&run->mu);
        format_chunk(run, k, c, &sc, &ch);
        pthread_mutex_lock(&run->mu);
        write_ready(run, k, c, ch);
    }
    pthread_mutex_unlock(&run->mu);
    xfree(sc.ids);
    xfree(sc.rid);
    return NULL;
}

/* Writes the files of `which` (bits 1 << OUT_*) on up to `threads` threads. The first error
 * wins. */
static lh_status write_files(scan_view *v, const char *dir, unsigned which, int threads,
                             lh_error *err)
{
    out_run *run = xcalloc(1, sizeof *run);
    run->v = v;
    lh_status st = LH_OK;
    static const char *const header[OUT_FILES] = {
        "renter_id,rank,score,q_value,flagged,n_leases,n_accounts,n_names,first_seen,last_seen,"
        "reasons,lease_ids",
        "lease_id,renter_id,score,q_value,flagged\n", ""};
    for (int k = 0; k < OUT_FILES && st == LH_OK; k++) {
        if (!(which >> k & 1u))
            continue;
        out_file *f = &run->file[k];
        st = atomic_file_open(&f->af, dir, out_name[k], err);
        if (st != LH_OK)
            break;
        f->open = 1;
        fputs(header[k], f->af.f);
        if (k == OUT_RENTERS)
            fputs(v->status ? ",status\n" : "\n", f->af.f);
    }
    if (st == LH_OK) {
        run->file[OUT_RENTERS].rows = run->file[OUT_RENTERS].open ? v->link->n_renters : 0;
        run->file[OUT_LEASES].rows = run->file[OUT_LEASES].open ? v->table->count : 0;
        run->first_task[0] = TASK_CHUNKS;
        for (int k = 0; k < OUT_CHUNKED; k++) {
            out_file *f = &run->file[k];
            f->chunks = (f->rows + out_chunk_rows[k] - 1) / out_chunk_rows[k];
            run->first_task[k + 1] = run->first_task[k] + f->chunks;
        }
        pthread_mutex_init(&run->mu, NULL);
        pthread_cond_init(&run->moved, NULL);
        run_jobs(run_jobs_count(threads, v->table->count > 10000), out_worker, run, 0);
        pthread_mutex_destroy(&run->mu);
        pthread_cond_destroy(&run->moved);
    }
    /* the files without rows are committed here; the first error wins, in the files' order:
       renters.csv's, then leases.csv's, then evidence.jsonl's */
    for (int k = 0; k < OUT_FILES; k++) {
        out_file *f = &run->file[k];
        if (!f->open)
            continue;
        if (st != LH_OK) {
            if (!f->committed)
                atomic_file_abort(&f->af);
            continue;
        }
        if (!f->committed)
            f->st = atomic_file_commit(&f->af, &f->err);
        if (f->st != LH_OK) {
            *err = f->err;
            st = f->st;
        }
    }
    for (int k = 0; k < run->n_spare; k++)
        xfree(run->spare[k].b);
    xfree(run->at);
    xfree(run->tail);
    xfree(run);
    return st;
}

lh_status write_scan_outputs(scan_view *v, const char *dir, int threads, lh_error *err)
{
    if (check_view(v, threads, err) != LH_OK) /* once for the three writers */
        return err->code;
#ifdef LH_FAULT_INJECTION /* injected faults count I/O calls: one thread */
    threads = 1;
#endif
    return write_files(v, dir, 1u << OUT_LEASES | 1u << OUT_RENTERS | 1u << OUT_EVIDENCE, threads,
                       err);
}

/* One file, on one thread, of a view whose rank is made (or not needed: leases.csv). */
static lh_status write_one(const scan_view *v, const char *dir, int k, lh_error *err)
{
    if (scan_view_check(v, err) != LH_OK)
        return err->code;
    scan_view w = *v; /* the writers do not change a ranked view */
    lh_status st = write_files(&w, dir, 1u << k, 1, err);
    if (w.by_rank != v->by_rank) { /* ranked here: the caller's view stays as it was */
        xfree(w.rank);
        xfree(w.by_rank);
    }
    return st;
}

lh_status write_leases_csv(const scan_view *v, const char *dir, lh_error *err)
{
    return write_one(v, dir, OUT_LEASES, err);
}

lh_status write_renters_csv(const scan_view *v, const char *dir, lh_error *err)
{
    return write_one(v, dir, OUT_RENTERS, err);
}

lh_status write_evidence_jsonl(const scan_view *v, const char *dir, lh_error *err)
{
    return write_one(v, dir, OUT_EVIDENCE, err);
}
