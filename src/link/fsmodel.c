/* fsmodel.c: the Fellegi-Sunter model of the link stage.
 *
 * Comparison. Each candidate pair becomes a pattern: one agreement level per spec field, 4 bits
 * each, SPEC_LEVEL_NULL where either value is missing or over-shared (no evidence).
 *
 * Model. Four latent classes for a pair: S, one actor and the same person; H, one actor and a
 * co-located other person (a household member, an employee: another name, but often the same
 * address, network, card); P, one actor and another identity (a persona: a new name at a new
 * address, tied to the others only by an identifier the operator reused); U, different actors.
 * P is itself a mixture over which identifier is reused: P_f ties the persona through field f
 * alone (operators reuse a card, or a device, or a mailbox, not all of them). Fields are
 * independent given the class. Under H the personal attributes (spec `persona`: name, date of
 * birth) are distributed as for strangers, m = u; under P_f every field but f is. With prior
 * lambda of a match and shares pi (H) and pi_f (P_f) among matches, the Bayes factor is
 *     BF = (1 - pi - sum pi_f) prod m_S/u  +  pi prod m_H/u  +  sum_f pi_f m_Pf(f)/u(f)
 * A pair whose names disagree is therefore not penalised as a mismatch would be in a two-class
 * model (the several disagreeing attributes of a persona are one decision, not independent
 * evidence), and a persona's new address does not count against it as it would if households
 * alone taught the model what "another person of one actor" looks like.
 * The persona components are not estimated: a persona pair tied by identifier f looks exactly
 * like two strangers except for f, and f is the field that blocked it, which EM must leave out.
 * So P_f is fixed by the spec: m_Pf(agree) = 1 - 1e-9 and pi_f = persona_share; a shared
 * identifier that is not over-shared is worth log2(persona_share / u) bits as a persona link.
 * This is an assumption, stated: identifiers are owned, and shared values that are not an
 * owner's are crowds, suppressed before any comparison (values.c).
 *
 * Estimation. u is fixed before EM (DESIGN.md): the top (exact) level from the value counts,
 * u = sum c(c-1) / (M(M-1)) over non-suppressed values, the other levels from random pairs
 * (all pairs for small tables, else spec random_pairs of them, seeded). For identifier fields
 * (spec `key`) the agreement u is set by the spec, not measured: random pairs cannot measure how
 * often two different actors share a card (nearly every random pair that shares one is one
 * actor's), and the shared values that are not coincidences, crowds, are suppressed instead
 * (values.c). It is key_rate / (N - 1) for a log of N leases: a lease's identifier is shared by
 * coincidence with key_rate other leases in expectation, whatever the population, so the chance
 * per pair falls as 1 / N, as the prior of a match (matches per lease / N) does. N counts every
 * lease, not those with a value that is not suppressed: suppressing crowds must not weaken the
 * evidence of the values that remain. A fixed chance per pair (spec key_u) made the same evidence
 * weaker with every lease added: with 1e-10, a persona tied by one card linked at a million
 * leases and not at ten million.
 * m_S, m_H, m_P, pi, pi_p and one lambda per blocking rule are estimated by EM on the counts
 * of (rule, pattern), with the fields of a pair's own rule left out (they agree by construction).
 * m has a Dirichlet prior worth PRIOR_PAIRS pairs (below), lambda and pi Laplace pseudo-counts:
 * every probability stays away from 0 and 1.
 *
 * Decision. The prior of the decision is lambda = expected matches among candidates / all
 * pairs (or spec prior). Term-frequency adjustment (spec `tf`) replaces u of an exact agreement
 * by the value's frequency (c_v - 1)/(M - 1), so sharing a rare value means more than sharing a
 * common one; for an IP field the same holds for its prefix level. A pair is linked when its
 * posterior log2 odds reach log2(threshold / (1 - threshold)).
 *
 * Cost: comparisons O(pairs * fields), on `threads` threads; EM O(iterations * distinct (rule,
 * pattern) * fields), independent of the number of pairs.
 */
#include "link/compare.h"
#include "link/link_internal.h"
#include "util/mem.h"
#include "util/rng.h"
#include "util/threads.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RANDOM_SEED      0x6c65617365686f75ULL /* fixed: u must not vary between runs */
#define EXHAUSTIVE_PAIRS 2000000 /* tables with fewer pairs are compared exhaustively */
#define EM_TOLERANCE     1e-8
#define TF_MAX_ADJUST    30.0 /* bits: a term-frequency adjustment is clamped */
/* m is estimated with a Dirichlet prior worth this many pairs, centred on init_m's values (the
 * same person's name agrees at some level 95% of the time, ...): negligible with the thousands
 * of candidate pairs of a real log, decisive with a handful, where EM would otherwise learn
 * "the same person" from whatever few pairs there are (a dozen personas of one card, say). */
#define PRIOR_PAIRS 100.0

/* One word of the comparison records: the table column it copies, and the column's values when
 * its over-shared values are zeroed (NULL: copied as they are). */
typedef struct record_word {
    const uint32_t *id;
    const col_stats *suppress;
} record_word;

/* The records of the leases, in chunks of RECORDS_CHUNK that the threads take in turn: each
 * lease's words are written together, one or two cache lines at a time. Chunks, not halves:
 * part of the array may be pages the process has already touched (a kept block, mem.h), and
 * the rest costs the kernel a page clear per page, so equal halves are not equal work. */
#define RECORDS_CHUNK ((size_t)1 << 14)

typedef struct records_job {
    uint32_t *crec;
    const record_word *word;
    size_t w;
    chunk_queue q;
} records_job;

static void *records_worker(void *arg)
{
    records_job *j = arg;
    size_t lo, hi;
    while (chunk_queue_take(&j->q, NULL, &lo, &hi))
        for (size_t i = lo; i < hi; i++) {
            uint32_t *r = j->crec + i * j->w;
            for (size_t k = 0; k < j->w; k++) {
                const record_word *wd = &j->word[k];
                uint32_t v = wd->id[i];
                r[k] = v && !(wd->suppress && col_value_suppressed(wd->suppress, v)) ? v : 0;
            }
        }
    return NULL;
}

#define RECORDS_THREADS_MIN 16384 /* leases */

void link_records_build(link_ctx *c)
{
    const link_spec *s = c->spec;
    int w = 0;
    record_word word[SPEC_MAX_FIELDS * 3];
    for (int f = 0; f < s->n_field; f++) {
        const spec_field *sf = &s->field[f];
        long col[3] = {sf->col, sf->col2, sf->col3};
        int ci[3] = {c->field_col[f], c->field_col2[f], c->field_col3[f]};
        /* an exact field's second column (nat, members) is read by values.c, not compared */
        int used[3] = {1, sf->col2 >= 0 && sf->method != CMP_EXACT, sf->col3 >= 0};
        for (int k = 0; k < 3; k++) {
            c->crec_off[f][k] = used[k] ? w : -1;
            if (!used[k])
                continue;
            /* suppression applies to the compared value and to an IP field's prefix; a place's
               postcode and city are locations, not evidence of one controller */
            int sup = k == 0 || sf->method == CMP_IP;
            word[w++] = (record_word){c->t->text[col[k]].id, sup ? &c->col[ci[k]] : NULL};
        }
    }
    c->crec_w = w;
    c->crec = xmalloc((c->n ? c->n : 1) * (size_t)(w ? w : 1) * sizeof *c->crec);
    mem_advise_huge(c->crec, c->n * (size_t)w * sizeof *c->crec); /* read at random */
    /* on the threads from RECORDS_THREADS_MIN leases (the tests of blocking on threads reach
       it) */
    records_job job = {c->crec, word, (size_t)w, {0}};
    chunk_queue_init(&job.q, c->n, RECORDS_CHUNK);
    run_jobs(run_jobs_count(c->threads, c->n >= RECORDS_THREADS_MIN), records_worker, &job, 0);
    for (int f = 0; f < s->n_field; f++) {
        const spec_field *sf = &s->field[f];
        if (sf->method == CMP_DATE) {
            const strpool *pool = c->t->text[sf->col].pool;
            uint32_t nv = strpool_count(pool);
            c->date8[f] = xcalloc(nv, sizeof *c->date8[f]);
            for (uint32_t v = 1; v < nv; v++) {
                size_t len;
                const char *d = strpool_get(pool, v, &len);
                if (len == 8)
                    memcpy(&c->date8[f][v], d, 8);
            }
        }
    }
}

static void dates_free(link_ctx *c)
{
    for (int f = 0; f < SPEC_MAX_FIELDS; f++) {
        xfree(c->date8[f]);
        c->date8[f] = NULL;
    }
}

uint32_t link_narrow_patterns_max = UINT16_MAX;

void link_fit_release(link_ctx *c)
{
    xfree(c->rkey);
    c->rkey = NULL;
    dates_free(c);
    if (c->crec == NULL)
        return;
    /* the decision reads the records of term-frequency fields only: keep those words, in
       place (a record's new place is never after its old one) */
    int keep[SPEC_MAX_FIELDS * 3], nk = 0;
    for (int f = 0; f < c->spec->n_field; f++)
        for (int k = 0; k < 3; k++) {
            int o = c->crec_off[f][k];
            if (o < 0)
                continue;
            if (c->spec->field[f].tf) {
                keep[nk] = o;
                c->crec_off[f][k] = nk++;
            } else {
                c->crec_off[f][k] = -1;
            }
        }
    size_t w = (size_t)c->crec_w;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t row[SPEC_MAX_FIELDS * 3];
        for (int k = 0; k < nk; k++)
            row[k] = c->crec[i * w + (size_t)keep[k]];
        memcpy(c->crec + i * (size_t)nk, row, (size_t)nk * sizeof *row);
    }
    c->crec_w = nk;
    c->crec = xrealloc(c->crec, (c->n && nk ? c->n * (size_t)nk : 1) * sizeof *c->crec);
    mem_advise_huge(c->crec, c->n * (size_t)nk * sizeof *c->crec);
}

int link_name_memo_bits = NAME_MEMO_BITS;

/* name_compare of values a and b of field f's pool, through the memo when there is one. */
static int name_level(const strpool *pool, int f, uint32_t a, uint32_t b, name_memo *memo)
{
    size_t an, bn, k = 0;
    if (memo) {
        k = ((a * 0x9E3779B1u) ^ (b * 0x85EBCA77u) ^ ((uint32_t)f * 0xC2B2AE3Du)) >>
            (32 - link_name_memo_bits);
        if (memo->a[k] == a && memo->b[k] == b && memo->field[k] == f)
            return memo->level[k];
    }
    const char *as = strpool_get(pool, a, &an), *bs = strpool_get(pool, b, &bn);
    int level = name_compare(as, an, bs, bn);
    if (memo) {
        memo->a[k] = a;
        memo->b[k] = b;
        memo->field[k] = (uint8_t)f;
        memo->level[k] = (uint8_t)level;
    }
    return level;
}

static int compare_level(const link_ctx *c, int f, const uint32_t *ri, const uint32_t *rj,
                         name_memo *memo)
{
    const spec_field *sf = &c->spec->field[f];
    const int *off = c->crec_off[f];
    uint32_t a = ri[off[0]], b = rj[off[0]];
    if (a == 0 || b == 0)
        return SPEC_LEVEL_NULL;
    if (a == b)
        return sf->n_levels - 1;
    const strpool *pool = c->t->text[sf->col].pool;
    size_t an, bn;
    const char *as, *bs;
    switch (sf->method) {
    case CMP_EXACT:
        return 0;
    case CMP_JARO_WINKLER: {
        as = strpool_get(pool, a, &an);
        bs = strpool_get(pool, b, &bn);
        double jw = jaro_winkler_utf8_floor(as, an, bs, bn, sf->threshold[sf->n_threshold - 1]);
        for (int k = 0; k < sf->n_threshold; k++)
            if (jw >= sf->threshold[k])
                return sf->n_levels - 2 - k;
        return 0;
    }
    case CMP_NAME:
        return name_level(pool, f, a, b, memo);
    case CMP_DATE: {
        /* different ids are different texts (never level 2); a near miss needs 8 bytes each */
        uint64_t da = c->date8[f][a], db = c->date8[f][b];
        if (da == 0 || db == 0)
            return 0;
        char sa[8], sb[8];
        memcpy(sa, &da, 8);
        memcpy(sb, &db, 8);
        return date_compare(sa, 8, sb, 8);
    }
    case CMP_PLACE: {
        uint32_t pa = ri[off[1]], pb = rj[off[1]];
        as = strpool_get(pool, a, &an);
        bs = strpool_get(pool, b, &bn);
        if ((!pa || !pb || pa == pb) && jaro_winkler_utf8_floor(as, an, bs, bn, 0.9) >= 0.9)
            return 3;
        if (pa && pa == pb)
            return 2;
        uint32_t ca = ri[off[2]], cb = rj[off[2]];
        return ca && ca == cb ? 1 : 0;
    }
    case CMP_IP: {
        uint32_t pa = ri[off[1]], pb = rj[off[1]];
        return pa && pa == pb ? 1 : 0;
    }
    }
    return 0;
}

/* The agreement level of field f, or SPEC_LEVEL_NULL when either value is missing, or when
 * they differ on an `agree_only` field (part of another field, which counts the difference). */
static int compare_field(const link_ctx *c, int f, const uint32_t *ri, const uint32_t *rj,
                         name_memo *memo)
{
    int l = compare_level(c, f, ri, rj, memo);
    return l == 0 && c->spec->field[f].agree_only ? SPEC_LEVEL_NULL : l;
}

uint64_t link_compare(const link_ctx *c, uint32_t i, uint32_t j, name_memo *memo)
{
    const uint32_t *ri = c->crec + (size_t)i * (size_t)c->crec_w;
    const uint32_t *rj = c->crec + (size_t)j * (size_t)c->crec_w;
    uint64_t p = 0;
    for (int f = 0; f < c->spec->n_field; f++)
        p |= (uint64_t)compare_field(c, f, ri, rj, memo) << (4 * f);
    return p;
}

/* Whether a field is free (estimated) under H and under P; pinned fields take m = u. */
static int free_h(const spec_field *f)
{
    return !f->persona;
}

static int free_p(const spec_field *f)
{
    return f->key; /* identifier fields each have a persona component of their own */
}

/* ---- comparing a list of pairs ---- */

/* How many pairs ahead of the one compared the records of both leases are fetched: pairs in
 * blocking order share leases, random pairs (estimate_u) share none. */
#define PREFETCH_PAIRS 8

void link_text_fields_of(const link_ctx *c, link_text_fields *tf)
{
    tf->n = 0;
    for (int f = 0; f < c->spec->n_field; f++) {
        const spec_field *sf = &c->spec->field[f];
        if (sf->method == CMP_JARO_WINKLER || sf->method == CMP_NAME || sf->method == CMP_PLACE) {
            tf->off[tf->n] = c->crec_off[f][0];
            tf->pool[tf->n++] = c->t->text[sf->col].pool;
        }
    }
}

/* For the pair of leases i and j, a few pairs before it is compared (its records are in the
 * cache by then): the entries (stage 0), then the bytes (stage 1) of the two texts of each field
 * that compare_level will read, those whose ids differ. */
static void prefetch_texts(const link_ctx *c, const link_text_fields *tf, uint32_t i, uint32_t j,
                           int stage)
{
    const uint32_t *ri = c->crec + (size_t)i * (size_t)c->crec_w;
    const uint32_t *rj = c->crec + (size_t)j * (size_t)c->crec_w;
    for (int k = 0; k < tf->n; k++) {
        uint32_t a = ri[tf->off[k]], b = rj[tf->off[k]];
        if (a == 0 || b == 0 || a == b)
            continue;
        if (stage == 0) {
            strpool_prefetch_id(tf->pool[k], a);
            strpool_prefetch_id(tf->pool[k], b);
        } else {
            strpool_prefetch_id_text(tf->pool[k], a);
            strpool_prefetch_id_text(tf->pool[k], b);
        }
    }
}

/* How many pairs ahead the texts' entries and bytes are fetched (after the records, at
 * PREFETCH_PAIRS). */
#define PREFETCH_ENTRIES 4
#define PREFETCH_TEXTS   2

void link_compare_pairs(const link_ctx *c, const uint32_t *a, const uint32_t *b, size_t n,
                        uint64_t *out, uint32_t *rules, int rule, const link_text_fields *tf,
                        name_memo *memo)
{
    int nr = c->spec->n_rule;
    for (size_t k = 0; k < n; k++) {
        if (k + PREFETCH_PAIRS < n) {
            link_prefetch_lease(c, a[k + PREFETCH_PAIRS]);
            link_prefetch_lease(c, b[k + PREFETCH_PAIRS]);
        }
        if (k + PREFETCH_ENTRIES < n)
            prefetch_texts(c, tf, a[k + PREFETCH_ENTRIES], b[k + PREFETCH_ENTRIES], 0);
        if (k + PREFETCH_TEXTS < n)
            prefetch_texts(c, tf, a[k + PREFETCH_TEXTS], b[k + PREFETCH_TEXTS], 1);
        out[k] = link_compare(c, a[k], b[k], memo);
        if (rules) {
            /* blocking keeps a pair for the first rule that holds it (block.c, add_pair): the
               rules before the one that made it do not hold, that one does */
            uint32_t m = (uint32_t)1 << rule;
            for (int r = rule + 1; r < nr; r++)
                if (link_rule_holds(c, r, a[k], b[k]))
                    m |= (uint32_t)1 << r;
            rules[k] = m;
        }
    }
}

/* Random pairs (estimate_u), compared on the context's threads in chunks that they take in
 * turn. */
typedef struct compare_job {
    const link_ctx *c;
    const uint32_t *a, *b;
    uint64_t *out;
    chunk_queue q;
} compare_job;

/* How many pairs a thread of compare_all takes at a time: a few milliseconds of work. */
#define COMPARE_TAKE ((size_t)1 << 14)

static void *compare_worker(void *arg)
{
    compare_job *j = arg;
    name_memo *memo = link_name_memo_bits > 0 ? xcalloc(1, sizeof *memo) : NULL;
    link_text_fields tf;
    link_text_fields_of(j->c, &tf);
    size_t lo, hi;
    while (chunk_queue_take(&j->q, NULL, &lo, &hi))
        link_compare_pairs(j->c, j->a + lo, j->b + lo, hi - lo, j->out + lo, NULL, 0, &tf, memo);
    xfree(memo);
    return NULL;
}

static void compare_all(const link_ctx *c, const uint32_t *a, const uint32_t *b, uint64_t *out,
                        size_t n)
{
    compare_job job = {c, a, b, out, {0}};
    chunk_queue_init(&job.q, n, COMPARE_TAKE);
    run_jobs(run_jobs_count(c->threads, n > 10000), compare_worker, &job, 0);
}

/* ---- u: exact top levels, random pairs for the rest ---- */

static void estimate_u(link_ctx *c, link_result *r)
{
    const link_spec *s = c->spec;
    size_t n = c->n;
    double total_pairs = (double)n * (double)(n - 1) / 2;
    size_t m = total_pairs <= EXHAUSTIVE_PAIRS ? (size_t)total_pairs : s->random_pairs;
    uint32_t *a = xmalloc((m ? m : 1) * sizeof *a), *b = xmalloc((m ? m : 1) * sizeof *b);
    if (total_pairs <= EXHAUSTIVE_PAIRS) {
        size_t k = 0;
        for (uint32_t i = 0; i < n; i++)
            for (uint32_t j = i + 1; j < n; j++)
                a[k] = i, b[k] = j, k++;
    } else {
        rng g;
        rng_seed(&g, RANDOM_SEED);
        for (size_t k = 0; k < m; k++) {
            uint32_t i = (uint32_t)rng_below(&g, n), j = (uint32_t)rng_below(&g, n - 1);
            j += j >= i;
            a[k] = i, b[k] = j;
        }
    }
    uint64_t *pat = xmalloc((m ? m : 1) * sizeof *pat);
    compare_all(c, a, b, pat, m);
    r->random_pairs = m;
    /* each field's levels counted in one pass over the patterns */
    uint64_t count[SPEC_MAX_FIELDS][16] = {{0}};
    for (size_t k = 0; k < m; k++)
        for (int f = 0; f < s->n_field; f++)
            count[f][pattern_level(pat[k], f)]++;

    for (int f = 0; f < s->n_field; f++) {
        const spec_field *sf = &s->field[f];
        field_params *fp = &r->params.field[f];
        int top = sf->n_levels - 1;
        double seen[SPEC_MAX_LEVELS] = {0}, below = 0;
        for (int l = 0; l < top; l++) { /* the levels below the top, NULL apart */
            seen[l] = (double)count[f][l];
            below += seen[l];
        }
        /* exact top level from the counts of non-suppressed values */
        const col_stats *cs = &c->col[c->field_col[f]];
        double mm = cs->top_leases, agree = cs->top_agree;
        double p_top = mm > 1 ? agree / (mm * (mm - 1)) : 0;
        if (sf->key)
            p_top = s->key_u > 0 ? s->key_u : s->key_rate / (n > 2 ? (double)n - 1 : 1);
        double floor = 0.5 / ((double)m + 1);
        if (p_top < floor && !sf->key)
            p_top = floor;
        if (p_top > 0.999)
            p_top = 0.999;
        fp->u[top] = p_top;
        for (int l = 0; l < top; l++) {
            double q = below > 0 ? seen[l] / below : (l == 0 ? 1 : 0);
            double v = (1 - p_top) * q;
            fp->u[l] = v > floor ? v : floor;
        }
        /* renormalise after flooring */
        double sum = 0;
        for (int l = 0; l <= top; l++)
            sum += fp->u[l];
        for (int l = 0; l <= top; l++)
            fp->u[l] /= sum;
    }
    xfree(a);
    xfree(b);
    xfree(pat);
}

/* ---- patterns ---- */

static size_t pattern_hash(uint64_t p)
{
    p ^= p >> 33;
    p *= 0xff51afd7ed558ccdULL;
    p ^= p >> 33;
    return (size_t)p;
}

static uint32_t pattern_index(pattern_table *pt, uint64_t p)
{
    if ((pt->n + 1) * 4 > (pt->mask + 1) * 3) {
        size_t cap = (pt->mask + 1) * 2;
        uint32_t *slot = xcalloc(cap, sizeof *slot);
        for (size_t k = 0; k < pt->n; k++) {
            size_t i = pattern_hash(pt->pat[k]) & (cap - 1);
            while (slot[i])
                i = (i + 1) & (cap - 1);
            slot[i] = (uint32_t)k + 1;
        }
        xfree(pt->slot);
        pt->slot = slot;
        pt->mask = cap - 1;
    }
    size_t i = pattern_hash(p) & pt->mask;
    while (pt->slot[i]) {
        if (pt->pat[pt->slot[i] - 1] == p)
            return pt->slot[i] - 1;
        i = (i + 1) & pt->mask;
    }
    pt->pat = xgrow(pt->pat, &pt->cap, pt->n + 1, sizeof *pt->pat);
    pt->pat[pt->n] = p;
    pt->slot[i] = (uint32_t)pt->n + 1;
    return (uint32_t)pt->n++;
}

/* ---- EM ---- */

static void init_m(link_ctx *c, link_params *p)
{
    const link_spec *s = c->spec;
    for (int f = 0; f < s->n_field; f++) {
        const spec_field *sf = &s->field[f];
        field_params *fp = &p->field[f];
        int top = sf->n_levels - 1;
        for (int l = 0; l <= top; l++) {
            /* the same person: top level 85% (95% without middle levels), different 5% */
            fp->m_same[l] = l == 0 ? 0.05 : l < top ? 0.10 / (top - 1) : top > 1 ? 0.85 : 0.95;
            /* another person of one actor shares a free field more often than a stranger */
            fp->m_other[l] =
                free_h(sf) ? 0.5 * fp->u[l] + 0.5 * (l == top ? 0.5 : 0.5 / top) : fp->u[l];
            fp->m_persona[l] = free_p(sf) ? (l == top ? 1 - 1e-9 : 1e-9 / top) : fp->u[l];
        }
    }
    p->pi = 0.1;
    p->pi_persona = 0;
    for (int f = 0; f < s->n_field; f++) {
        p->field[f].persona_share = free_p(&s->field[f]) ? s->persona_share : 0;
        p->pi_persona += p->field[f].persona_share;
    }
}

/* Number of components: S, H, one P_f per field (zero share unless an identifier), U. */
#define N_COMP(nf) (3 + (nf))
#define COMP_S     0
#define COMP_H     1
#define COMP_P(f)  (2 + (f))
#define COMP_U(nf) (2 + (nf))

/* The logs class_logs() adds up, made once per EM iteration (and rule) rather than per pattern:
 * per field and level, log u, log m_S, the H term (log m_H of a free field, else log u) and
 * log m_Pf - log u; per rule, the components' log priors. */
typedef struct class_terms {
    double lu[SPEC_MAX_FIELDS][SPEC_MAX_LEVELS], ls[SPEC_MAX_FIELDS][SPEC_MAX_LEVELS],
        lb[SPEC_MAX_FIELDS][SPEC_MAX_LEVELS], own[SPEC_MAX_FIELDS][SPEC_MAX_LEVELS];
} class_terms;

typedef struct class_prior {
    double s, h, u;            /* log lambda + log w_S, log lambda + log pi, log(1 - lambda) */
    double p[SPEC_MAX_FIELDS]; /* log lambda + log persona share, -INFINITY without a share */
} class_prior;

static void class_terms_make(const link_spec *s, const link_params *p, class_terms *t)
{
    for (int f = 0; f < s->n_field; f++) {
        const spec_field *sf = &s->field[f];
        for (int l = 0; l < sf->n_levels; l++) {
            double lu = log(p->field[f].u[l]);
            t->lu[f][l] = lu;
            t->ls[f][l] = log(p->field[f].m_same[l]);
            t->lb[f][l] = free_h(sf) ? log(p->field[f].m_other[l]) : lu;
            t->own[f][l] = free_p(sf) ? log(p->field[f].m_persona[l]) - lu : 0;
        }
    }
}

static void class_prior_make(const link_spec *s, const link_params *p, double lambda,
                             class_prior *q)
{
    double ll = log(lambda);
    q->s = ll + log(1 - p->pi - p->pi_persona);
    q->h = ll + log(p->pi);
    q->u = log(1 - lambda);
    for (int f = 0; f < s->n_field; f++)
        q->p[f] = free_p(&s->field[f]) && p->field[f].persona_share > 0
                      ? ll + log(p->field[f].persona_share)
                      : -INFINITY;
}

/* log P(pattern, component | rule) for every component (natural logs), the fields of the rule
 * left out (skip bits); components with no share get -INFINITY. */
static void class_logs(int nf, const class_terms *t, const class_prior *q, uint64_t pat,
                       uint64_t skip, double *out)
{
    double a = q->s, b = q->h, d = 0;
    double own[SPEC_MAX_FIELDS] = {0}; /* log m_Pf - log u for field f's level */
    for (int f = 0; f < nf; f++) {
        int l = pattern_level(pat, f);
        if (l == SPEC_LEVEL_NULL || (skip >> f & 1))
            continue;
        a += t->ls[f][l];
        b += t->lb[f][l];
        d += t->lu[f][l];
        own[f] = t->own[f][l];
    }
    out[COMP_S] = a;
    out[COMP_H] = b;
    for (int f = 0; f < nf; f++)
        out[COMP_P(f)] = q->p[f] > -INFINITY ? q->p[f] + d + own[f] : -INFINITY;
    out[COMP_U(nf)] = q->u + d;
}

static double logsumexp(const double *v, int n)
{
    double mx = -INFINITY;
    for (int k = 0; k < n; k++)
        mx = v[k] > mx ? v[k] : mx;
    if (mx == -INFINITY)
        return mx;
    double sum = 0;
    for (int k = 0; k < n; k++)
        if (v[k] > -INFINITY) /* exp(-inf) adds 0 */
            sum += exp(v[k] - mx);
    return mx + log(sum);
}

/* ---- EM's E-step on the threads ---- */

/* cells whose posteriors one thread computes at a time (link_internal.h: a test hook) */
size_t link_em_block = 2048;

typedef struct em_cells {
    size_t n;
    uint8_t *ru;         /* the rule */
    uint32_t *g;         /* the pattern */
    double *cnt;         /* the pairs of the rule with the pattern */
    const uint64_t *pat; /* the pattern table */
} em_cells;

typedef struct em_job {
    const link_ctx *c;
    const em_cells *cells;
    const class_terms *terms;
    const class_prior *prior;
    size_t lo, hi, base;
    double *post;
} em_job;

/* For cells [lo, hi): the log-likelihood z of the cell's pattern and the posterior of each
 * component, at post[(k - base) * (components + 1)]. */
static void *em_posteriors_range(void *arg)
{
    const em_job *j = arg;
    const link_ctx *c = j->c;
    int nf = c->spec->n_field, nc = N_COMP(nf);
    for (size_t k = j->lo; k < j->hi; k++) {
        int ru = j->cells->ru[k];
        double v[N_COMP(SPEC_MAX_FIELDS)];
        class_logs(nf, j->terms, &j->prior[ru], j->cells->pat[j->cells->g[k]], c->rule_fields[ru],
                   v);
        /* z = mx + log(sum), and each posterior exp(v - mx) / sum: one exp per component */
        double *out = j->post + (k - j->base) * (size_t)(nc + 1);
        double mx = -INFINITY, sum = 0;
        for (int q = 0; q < nc; q++)
            mx = v[q] > mx ? v[q] : mx;
        for (int q = 0; q < nc; q++) {
            out[1 + q] = v[q] > -INFINITY ? exp(v[q] - mx) : 0;
            sum += out[1 + q];
        }
        out[0] = mx + log(sum);
        for (int q = 0; q < nc; q++)
            out[1 + q] /= sum;
    }
    return NULL;
}

/* One EM iteration's sums over the cells, in cell order. */
typedef struct em_sums {
    double acc[N_COMP(SPEC_MAX_FIELDS)][SPEC_MAX_FIELDS][SPEC_MAX_LEVELS];
    double match[SPEC_MAX_RULES], tot[N_COMP(SPEC_MAX_FIELDS)], ll;
} em_sums;

/* Adds the posteriors of cells [lo, hi) (post[(k - lo) * (components + 1)]) to the sums. */
static void em_add(const link_ctx *c, const em_cells *cells, const double *post, size_t lo,
                   size_t hi, em_sums *sum)
{
    int nf = c->spec->n_field, nc = N_COMP(nf);
    for (size_t k = lo; k < hi; k++) {
        const double *z = post + (k - lo) * (size_t)(nc + 1), *resp = z + 1;
        int ru = cells->ru[k];
        uint64_t skip = c->rule_fields[ru], pat = cells->pat[cells->g[k]];
        double cnt = cells->cnt[k];
        sum->ll += cnt * *z;
        sum->match[ru] += cnt * (1 - resp[COMP_U(nf)]);
        for (int q = 0; q < nc - 1; q++)
            sum->tot[q] += cnt * resp[q];
        for (int f = 0; f < nf; f++) {
            int l = pattern_level(pat, f);
            if (l == SPEC_LEVEL_NULL || (skip >> f & 1))
                continue;
            sum->acc[COMP_S][f][l] += cnt * resp[COMP_S];
            sum->acc[COMP_H][f][l] += cnt * resp[COMP_H];
            sum->acc[COMP_P(f)][f][l] += cnt * resp[COMP_P(f)];
        }
    }
}

/* One iteration's E-step on the context's threads: blocks of link_em_block cells, their posteriors
 * computed by whichever thread is free, and added to the sums in block order by whichever
 * thread finds the next block done (one at a time), while the others compute the blocks after
 * it. The sums are those of one pass in cell order, for any number of threads. No thread
 * computes a block more than EM_RING ahead of the next to add: the posteriors held are EM_RING
 * blocks'. */
#define EM_RING 8

typedef struct em_pass {
    const link_ctx *c;
    const em_cells *cells;
    const class_terms *terms;
    const class_prior *prior;
    double *post; /* [EM_RING][link_em_block * (components + 1)] */
    size_t n_blocks, next_block, next_add;
    uint8_t done[EM_RING];
    int adding;
    em_sums *sum;
    pthread_mutex_t mu;
    pthread_cond_t moved;
} em_pass;

/* The end of block b's cells. */
static size_t em_block_end(const em_pass *e, size_t b)
{
    size_t hi = (b + 1) * link_em_block;
    return hi < e->cells->n ? hi : e->cells->n;
}

static void *em_pass_worker(void *arg)
{
    em_pass *e = arg;
    size_t stride = link_em_block * (size_t)(N_COMP(e->c->spec->n_field) + 1);
    pthread_mutex_lock(&e->mu);
    while (e->next_block < e->n_blocks) {
        size_t b = e->next_block;
        if (b >= e->next_add + EM_RING) {
            pthread_cond_wait(&e->moved, &e->mu);
            continue;
        }
        e->next_block++;
        pthread_mutex_unlock(&e->mu);
        size_t lo = b * link_em_block;
        em_job job = {e->c, e->cells,           e->terms, e->prior,
                      lo,   em_block_end(e, b), lo,       e->post + (b % EM_RING) * stride};
        em_posteriors_range(&job);
        pthread_mutex_lock(&e->mu);
        e->done[b % EM_RING] = 1;
        if (e->adding)
            continue; /* the thread adding adds this block when its turn comes */
        e->adding = 1;
        while (e->next_add < e->n_blocks && e->done[e->next_add % EM_RING]) {
            size_t a = e->next_add;
            pthread_mutex_unlock(&e->mu);
            em_add(e->c, e->cells, e->post + (a % EM_RING) * stride, a * link_em_block,
                   em_block_end(e, a), e->sum);
            pthread_mutex_lock(&e->mu);
            e->done[a % EM_RING] = 0;
            e->next_add++;
            pthread_cond_broadcast(&e->moved);
        }
        e->adding = 0;
    }
    pthread_mutex_unlock(&e->mu);
    return NULL;
}

/* The E-step of one iteration: the cells' posteriors under terms and prior, added up in sum. */
static void em_estep(const link_ctx *c, const em_cells *cells, const class_terms *terms,
                     const class_prior *prior, double *post, em_sums *sum)
{
    memset(sum, 0, sizeof *sum);
    em_pass e = {.c = c,
                 .cells = cells,
                 .terms = terms,
                 .prior = prior,
                 .post = post,
                 .n_blocks = (cells->n + link_em_block - 1) / link_em_block,
                 .sum = sum};
    pthread_mutex_init(&e.mu, NULL);
    pthread_cond_init(&e.moved, NULL);
    run_jobs(run_jobs_count(c->threads, cells->n >= 2 * link_em_block), em_pass_worker, &e, 0);
    pthread_mutex_destroy(&e.mu);
    pthread_cond_destroy(&e.moved);
}

static void run_em(link_ctx *c, link_result *r, const pattern_table *pt, const double *count,
                   const double *dedup)
{
    const link_spec *s = c->spec;
    link_params *p = &r->params;
    int nf = s->n_field, nr = s->n_rule;
    size_t np = pt->n;
    double lambda[SPEC_MAX_RULES], npairs[SPEC_MAX_RULES] = {0};
    for (int ru = 0; ru < nr; ru++) {
        lambda[ru] = 0.5;
        for (size_t g = 0; g < np; g++)
            npairs[ru] += count[(size_t)ru * np + g];
    }
    static class_terms terms;
    /* the starting values of m are also the prior of the M-step (see PRIOR_PAIRS) */
    static double prior_s[SPEC_MAX_FIELDS][SPEC_MAX_LEVELS],
        prior_h[SPEC_MAX_FIELDS][SPEC_MAX_LEVELS];
    for (int f = 0; f < nf; f++)
        for (int l = 0; l < s->field[f].n_levels; l++) {
            prior_s[f][l] = p->field[f].m_same[l];
            prior_h[f][l] = p->field[f].m_other[l];
        }
    /* the cells of EM, (rule, pattern) with a count, rule by rule */
    em_cells cells = {0};
    for (int ru = 0; ru < nr; ru++)
        for (size_t g = 0; g < np && npairs[ru] > 0; g++)
            if (count[(size_t)ru * np + g] != 0)
                cells.n++;
    cells.ru = xmalloc((cells.n ? cells.n : 1) * sizeof *cells.ru);
    cells.g = xmalloc((cells.n ? cells.n : 1) * sizeof *cells.g);
    cells.cnt = xmalloc((cells.n ? cells.n : 1) * sizeof *cells.cnt);
    cells.n = 0;
    for (int ru = 0; ru < nr; ru++)
        for (size_t g = 0; g < np && npairs[ru] > 0; g++)
            if (count[(size_t)ru * np + g] != 0) {
                cells.ru[cells.n] = (uint8_t)ru;
                cells.g[cells.n] = (uint32_t)g;
                cells.cnt[cells.n++] = count[(size_t)ru * np + g];
            }
    cells.pat = pt->pat;
    class_prior rule_prior[SPEC_MAX_RULES];
    double *post = xmalloc(EM_RING * link_em_block * (size_t)(N_COMP(nf) + 1) * sizeof *post);
    em_sums *sum = xmalloc(sizeof *sum);
    double prev_ll = -INFINITY;
    p->em_converged = 0;
    int it;
    for (it = 0; it < s->em_iterations; it++) {
        class_terms_make(s, p, &terms);
        for (int ru = 0; ru < nr; ru++)
            if (npairs[ru] > 0)
                class_prior_make(s, p, lambda[ru], &rule_prior[ru]);
        em_estep(c, &cells, &terms, rule_prior, post, sum);
        const double *match = sum->match, *tot = sum->tot, ll = sum->ll;
        double(*acc)[SPEC_MAX_FIELDS][SPEC_MAX_LEVELS] = sum->acc;
        /* M-step; m with a Dirichlet prior of PRIOR_PAIRS pairs centred on the starting values */
        double change = 0;
        for (int ru = 0; ru < nr; ru++) {
            if (npairs[ru] == 0)
                continue;
            double nl = (match[ru] + 1) / (npairs[ru] + 2);
            change = fmax(change, fabs(nl - lambda[ru]));
            lambda[ru] = nl;
        }
        /* the persona shares are fixed: H takes its share of what they leave */
        double fixed = p->pi_persona;
        double npi = (1 - fixed) * (tot[COMP_H] + 1) / (tot[COMP_S] + tot[COMP_H] + 2);
        change = fmax(change, fabs(npi - p->pi));
        p->pi = npi;
        p->pi_persona = 0;
        for (int f = 0; f < nf; f++) {
            const spec_field *sf = &s->field[f];
            field_params *fp = &p->field[f];
            int L = sf->n_levels;
            p->pi_persona += fp->persona_share; /* fixed by the spec */
            double *target[2] = {fp->m_same, fp->m_other};
            const double *prior[2] = {prior_s[f], prior_h[f]};
            int comp[2] = {COMP_S, COMP_H};
            int is_free[2] = {1, free_h(sf)};
            for (int k = 0; k < 2; k++) {
                if (!is_free[k])
                    continue;
                double t = 0;
                for (int l = 0; l < L; l++)
                    t += acc[comp[k]][f][l];
                for (int l = 0; l < L; l++) {
                    double v = (acc[comp[k]][f][l] + PRIOR_PAIRS * prior[k][l]) / (t + PRIOR_PAIRS);
                    change = fmax(change, fabs(v - target[k][l]));
                    target[k][l] = v;
                }
            }
        }
        p->log_likelihood = ll;
        if (change < EM_TOLERANCE || fabs(ll - prev_ll) < EM_TOLERANCE * fabs(ll)) {
            p->em_converged = 1;
            it++;
            break;
        }
        prev_ll = ll;
    }
    p->em_iterations = it;
    xfree(cells.ru);
    xfree(cells.g);
    xfree(cells.cnt);
    xfree(post);
    xfree(sum);
    /* Expected matches among the distinct candidate pairs: each pair's posterior under the
     * rule that produced it, with that rule's lambda and its fields left out. */
    double expected = 0;
    class_terms_make(s, p, &terms);
    for (int ru = 0; ru < nr; ru++) {
        r->rule[ru].lambda = npairs[ru] > 0 ? lambda[ru] : 0;
        if (npairs[ru] == 0)
            continue;
        class_prior prior;
        class_prior_make(s, p, lambda[ru], &prior);
        for (size_t g = 0; g < np; g++) {
            double cnt = dedup[(size_t)ru * np + g];
            if (cnt == 0)
                continue;
            double v[N_COMP(SPEC_MAX_FIELDS)];
            class_logs(nf, &terms, &prior, pt->pat[g], c->rule_fields[ru], v);
            double z = logsumexp(v, N_COMP(nf));
            expected += cnt * (1 - exp(v[COMP_U(nf)] - z));
        }
    }
    double all = (double)c->n * (double)(c->n - 1) / 2;
    p->lambda = s->prior > 0 ? s->prior : all > 0 ? expected / all : 0.5;
    if (!(p->lambda > 1e-15))
        p->lambda = 1e-15;
    if (p->lambda > 0.5)
        p->lambda = 0.5;
}

void link_patterns_init(link_ctx *c)
{
    pattern_table *pt = &c->patterns;
    memset(pt, 0, sizeof *pt);
    pt->mask = 1023;
    pt->slot = xcalloc(pt->mask + 1, sizeof *pt->slot);
    memset(&c->counts, 0, sizeof c->counts);
    c->pair_pattern = NULL;
    c->pair_pattern16 = NULL;
    c->cap_pattern = 0;
}

void link_count_patterns(link_ctx *c, const uint64_t *pattern, const uint32_t *rules, size_t lo,
                         size_t m, int rule)
{
    pattern_table *pt = &c->patterns;
    pattern_counts *pc = &c->counts;
    size_t nr = (size_t)c->spec->n_rule;
    if (lo + m > c->cap_pattern) {
        size_t cap = c->cap_pattern;
        if (c->pair_pattern)
            c->pair_pattern = xgrow(c->pair_pattern, &cap, lo + m, sizeof *c->pair_pattern);
        else
            c->pair_pattern16 = xgrow(c->pair_pattern16, &cap, lo + m, sizeof *c->pair_pattern16);
        c->cap_pattern = cap;
    }
    for (size_t k = 0; k < m; k++) {
        uint32_t g = pattern_index(pt, pattern[k]);
        if (g > link_narrow_patterns_max && c->pair_pattern == NULL) {
            c->pair_pattern = xmalloc(c->cap_pattern * sizeof *c->pair_pattern);
            for (size_t q = 0; q < lo + k; q++)
                c->pair_pattern[q] = c->pair_pattern16[q];
            xfree(c->pair_pattern16);
            c->pair_pattern16 = NULL;
        }
        if (c->pair_pattern)
            c->pair_pattern[lo + k] = g;
        else
            c->pair_pattern16[lo + k] = (uint16_t)g;
        if (!rules)
            continue;
        if (pt->n > pc->count_cap) {
            size_t old = pc->count_cap, cap = old ? 2 * old : 1024;
            pc->held_count = xrealloc(pc->held_count, cap * nr * sizeof *pc->held_count);
            pc->first_count = xrealloc(pc->first_count, cap * nr * sizeof *pc->first_count);
            memset(pc->held_count + old * nr, 0, (cap - old) * nr * sizeof *pc->held_count);
            memset(pc->first_count + old * nr, 0, (cap - old) * nr * sizeof *pc->first_count);
            pc->count_cap = cap;
        }
        pc->first_count[(size_t)g * nr + (size_t)rule]++;
        for (uint32_t held = rules[k]; held; held &= held - 1)
            pc->held_count[(size_t)g * nr + (size_t)__builtin_ctz(held)]++;
    }
}

lh_status link_model_fit(link_ctx *c, link_result *r, const link_options *opt, lh_error *err)
{
    (void)err;
    const link_spec *s = c->spec;
    r->params.n_field = s->n_field;
    /* the pairs were compared, and their patterns counted, as blocking made them */
    uint64_t *held_count = c->counts.held_count, *first_count = c->counts.first_count;
    c->counts.held_count = c->counts.first_count = NULL;
    int nr = s->n_rule;

    if (opt->fixed) {
        for (int f = 0; f < s->n_field; f++) {
            int active = r->params.field[f].active;
            double os = r->params.field[f].overshare;
            uint64_t present = r->params.field[f].present,
                     sv = r->params.field[f].suppressed_values;
            r->params.field[f] = opt->fixed->field[f];
            r->params.field[f].active = active;
            r->params.field[f].overshare = os;
            r->params.field[f].present = present;
            r->params.field[f].suppressed_values = sv;
        }
        r->params.pi = opt->fixed->pi;
        r->params.pi_persona = opt->fixed->pi_persona;
        r->params.lambda = opt->fixed->lambda;
        r->params.em_iterations = 0;
        r->params.em_converged = 1;
        xfree(held_count);
        xfree(first_count);
        return LH_OK;
    }
    estimate_u(c, r);
    init_m(c, &r->params);
    /* Each rule learns from every candidate pair that satisfies it, not only from the pairs it
     * produced first: a pair produced by a later rule disagrees on the earlier rules' columns
     * by construction, and learning from those alone would bias m of the earlier rules' fields
     * towards disagreement. The decision's prior uses the deduplicated pairs (dedup). */
    const pattern_table *pt = &c->patterns;
    size_t np = pt->n;
    double *count = xcalloc((size_t)nr * (np ? np : 1), sizeof *count);
    double *dedup = xcalloc((size_t)nr * (np ? np : 1), sizeof *dedup);
    for (size_t g = 0; g < np; g++)
        for (int ru = 0; ru < nr; ru++) {
            count[(size_t)ru * np + g] = (double)held_count[g * (size_t)nr + (size_t)ru];
            dedup[(size_t)ru * np + g] = (double)first_count[g * (size_t)nr + (size_t)ru];
        }
    xfree(held_count);
    xfree(first_count);
    run_em(c, r, pt, count, dedup);
    xfree(count);
    xfree(dedup);
    return LH_OK;
}

/* Term-frequency u of value v in column stats cs. */
static double tf_u(const col_stats *cs, uint32_t v)
{
    double m = (double)cs->present;
    double cv = cs->count[v];
    return m > 1 ? (cv - 1) / (m - 1) : 1;
}

/* log2 Bayes factors of the components of a pattern (S, H, then P_f per field, -INFINITY for
 * fields without a persona share), without TF adjustments. */
static void component_bits(const link_spec *s, const link_params *p, uint64_t pat, double *out)
{
    int nf = s->n_field;
    double bs = log2(1 - p->pi - p->pi_persona), bh = log2(p->pi);
    for (int f = 0; f < nf; f++) {
        out[COMP_P(f)] = -INFINITY;
        const field_params *fp = &p->field[f];
        if (free_p(&s->field[f]) && fp->persona_share > 0)
            out[COMP_P(f)] = log2(fp->persona_share);
    }
    for (int f = 0; f < nf; f++) {
        int l = pattern_level(pat, f);
        if (l == SPEC_LEVEL_NULL)
            continue;
        const spec_field *sf = &s->field[f];
        const field_params *fp = &p->field[f];
        bs += log2(fp->m_same[l] / fp->u[l]);
        if (free_h(sf))
            bh += log2(fp->m_other[l] / fp->u[l]);
        if (out[COMP_P(f)] > -INFINITY)
            out[COMP_P(f)] += log2(fp->m_persona[l] / fp->u[l]);
    }
    out[COMP_S] = bs, out[COMP_H] = bh;
}

static double log2sumexp2(const double *v, int n)
{
    double mx = -INFINITY;
    for (int k = 0; k < n; k++)
        mx = v[k] > mx ? v[k] : mx;
    double sum = 0;
    for (int k = 0; k < n; k++)
        if (v[k] > -INFINITY) /* exp2(-inf) adds 0 */
            sum += exp2(v[k] - mx);
    return mx + log2(sum);
}

/* The explanation of a link, for the analyst and for persons: the same person when S
 * dominates; otherwise a co-located person when a network field (address, IP, office network)
 * agrees, else a persona tied by the agreeing identifier that weighs most. The posterior does
 * not depend on this label. */
static link_kind strongest(const link_spec *s, const link_params *p, uint64_t pat, const double *b,
                           int nf, int *via)
{
    *via = 0;
    int best = 0;
    for (int k = 1; k < 2 + nf; k++)
        if (b[k] > b[best])
            best = k;
    if (best == COMP_S)
        return LINK_SAME_PERSON;
    int co_located = 0, key = -1;
    double key_bits = -INFINITY;
    for (int f = 0; f < nf; f++) {
        int l = pattern_level(pat, f);
        if (l == SPEC_LEVEL_NULL || l == 0)
            continue;
        const spec_field *sf = &s->field[f];
        if (sf->network)
            co_located = 1;
        if (sf->key && l == sf->n_levels - 1) {
            double bits = log2(p->field[f].m_persona[l] / p->field[f].u[l]);
            if (bits > key_bits)
                key_bits = bits, key = f;
        }
    }
    if (co_located || key < 0)
        return LINK_CO_LOCATED;
    *via = key;
    return LINK_PERSONA;
}

/* Bit f set when field f agrees at some level above "different". */
static uint32_t pat_agree(uint64_t pat, int nf)
{
    uint32_t m = 0;
    for (int f = 0; f < nf; f++) {
        int l = pattern_level(pat, f);
        if (l != SPEC_LEVEL_NULL && l > 0)
            m |= (uint32_t)1 << f;
    }
    return m;
}

/* The term-frequency adjustment of each value, in bits, for the levels that have one: a tf
 * field's top level (its own column, k = 0), an IP field's same-prefix level (k = 1, the
 * prefix), a place's same-postcode level and its similar-address-in-one-postcode level (k = 1,
 * the postcode) and its same-city level (k = 2, the city). Computed once per value rather than
 * once per pair; clamped to +-TF_MAX_ADJUST. */
static double tf_table(const col_stats *cs, double u, double **out)
{
    *out = xmalloc((cs->n_values ? cs->n_values : 1) * sizeof **out);
    mem_advise_huge(*out, cs->n_values * sizeof **out); /* read at random, by value */
    double most = 0; /* no adjustment at all is one of the cases (value 0) */
    for (uint32_t v = 0; v < cs->n_values; v++) {
        double adj = v && cs->count[v] > 1 ? log2(u / tf_u(cs, v)) : 0;
        (*out)[v] = fmax(-TF_MAX_ADJUST, fmin(TF_MAX_ADJUST, adj));
        most = fmax(most, (*out)[v]);
    }
    return most;
}

/* One tf table to make: its column's counts, the u of its level, where it and its largest
 * adjustment go. */
typedef struct tf_task {
    const col_stats *cs;
    double u;
    double **out, *most;
} tf_task;

typedef struct tf_run {
    tf_task task[SPEC_MAX_FIELDS * 3];
    size_t n;
    chunk_queue q; /* the tasks, one at a time */
} tf_run;

static void *tf_worker(void *arg)
{
    tf_run *run = arg;
    size_t k, lo, hi;
    while (chunk_queue_take(&run->q, &k, &lo, &hi))
        *run->task[k].most = tf_table(run->task[k].cs, run->task[k].u, run->task[k].out);
    return NULL;
}

/* Every tf table, with in most[f][k] the largest adjustment of table tf[f][k], and 0 (no
 * adjustment: a missing value, or no adjusted level) when that is larger. The tables are
 * independent (a million values each at a million leases): the threads take them in turn. */
static void tf_tables(const link_ctx *c, const link_params *p, double *tf[][3], double most[][3])
{
    const link_spec *s = c->spec;
    tf_run run = {.n = 0};
    for (int f = 0; f < s->n_field; f++) {
        const spec_field *sf = &s->field[f];
        most[f][0] = most[f][1] = most[f][2] = 0;
        if (!sf->tf)
            continue;
        const field_params *fp = &p->field[f];
        run.task[run.n++] =
            (tf_task){&c->col[c->field_col[f]], fp->u[sf->n_levels - 1], &tf[f][0], &most[f][0]};
        if (sf->method == CMP_IP)
            run.task[run.n++] =
                (tf_task){&c->col[c->field_col2[f]], fp->u[1], &tf[f][1], &most[f][1]};
        if (sf->method == CMP_PLACE) {
            run.task[run.n++] =
                (tf_task){&c->col[c->field_col2[f]], fp->u[2], &tf[f][1], &most[f][1]};
            run.task[run.n++] =
                (tf_task){&c->col[c->field_col3[f]], fp->u[1], &tf[f][2], &most[f][2]};
        }
    }
    chunk_queue_init(&run.q, run.n, 1);
    run_jobs(run_jobs_count(c->threads, c->n > 20000 && run.n > 1), tf_worker, &run, 0);
}

int link_decide_bound = 1;

/* Whether a pair of pattern pat may link: an identity field agrees, and its log2 odds with the
 * largest term-frequency adjustment of every adjusted field (most, from tf_tables) reach cut.
 * The adjustments are added in decide_range's order and rounding is monotone, so a pair's own
 * odds never exceed this bound; the margin covers log2sumexp2's last bits. Pairs that cannot
 * link are passed over without reading their records. */
static int pattern_may_link(const link_spec *s, uint64_t pat, const double *b0, double prior,
                            double cut, uint32_t identity, const double (*most)[3])
{
    int nf = s->n_field, nb = 2 + nf;
    if (!(pat_agree(pat, nf) & identity))
        return 0;
    double b[2 + SPEC_MAX_FIELDS];
    memcpy(b, b0, (size_t)nb * sizeof *b);
    for (int f = 0; f < nf; f++) {
        const spec_field *sf = &s->field[f];
        if (!sf->tf || pattern_level(pat, f) == SPEC_LEVEL_NULL)
            continue;
        double adj = fmax(most[f][0], fmax(most[f][1], most[f][2]));
        b[COMP_S] += adj;
        if (free_h(sf))
            b[COMP_H] += adj;
        if (b[COMP_P(f)] > -INFINITY)
            b[COMP_P(f)] += adj;
    }
    return prior + log2sumexp2(b, nb) >= cut - 1e-6;
}

/* One chunk's accepted pairs, held until every chunk before it is in the links. */
typedef struct decide_out {
    link_edge *edge; /* in pair order */
    size_t n, cap;
    int done;
} decide_out;

typedef struct decide_job {
    const link_ctx *c;
    const link_params *p;
    const double *base;       /* component bits per pattern */
    const double *base_odds;  /* per pattern: log2 odds of a pair without a term-frequency
                                 adjustment, prior + log2sumexp2(base) */
    double prior, cut;        /* log2 prior odds of one actor; log2 odds of the threshold */
    uint32_t identity_fields; /* a link needs one of these to agree (see link_model_decide) */
    double *const (*tf)[3];   /* [field][column k] term-frequency adjustment in bits per value id
                                 (tf_tables), clamped; NULL where the field has none */
    const uint8_t *may;       /* per pattern: pattern_may_link */
    chunk_queue q;            /* the candidate pairs, in chunks that the threads take in turn */
    decide_out *out;          /* [chunk] */
    pthread_mutex_t mu;       /* guards out, appended and the links */
    size_t appended;          /* the chunks before this one are in the links */
    link_result *r;           /* the links: r->edge, r->n_edge */
    size_t cap;               /* of r->edge */
} decide_job;

/* How many candidate pairs a thread of link_model_decide takes at a time. */
#define DECIDE_TAKE ((size_t)1 << 14)

/* Scores the candidate pairs [lo, hi) into o. */
static void decide_range(const decide_job *job, size_t lo, size_t hi, decide_out *o)
{
    const link_ctx *c = job->c;
    const link_spec *s = c->spec;
    const link_params *p = job->p;
    const pattern_table *pt = &c->patterns;
    int nf = s->n_field, nb = 2 + nf;
    double prior = job->prior, cut = job->cut;
    for (size_t k = lo; k < hi; k++) {
        if (k + PREFETCH_PAIRS < hi && job->may[pair_pattern_at(c, k + PREFETCH_PAIRS)]) {
            link_prefetch_lease(c, c->pa[k + PREFETCH_PAIRS]);
            link_prefetch_lease(c, c->pb[k + PREFETCH_PAIRS]);
        }
        uint32_t g = pair_pattern_at(c, k);
        if (!job->may[g])
            continue;
        uint64_t pat = pt->pat[g];
        const double *b0 = job->base + (size_t)nb * g;
        double b[2 + SPEC_MAX_FIELDS];
        int adjusted = 0; /* b holds b0 and the adjustments; else b0 and base_odds hold */
        const uint32_t *ri = c->crec + (size_t)c->pa[k] * (size_t)c->crec_w;
        const uint32_t *rj = c->crec + (size_t)c->pb[k] * (size_t)c->crec_w;
        for (int f = 0; f < nf; f++) {
            const spec_field *sf = &s->field[f];
            if (!sf->tf)
                continue;
            int l = pattern_level(pat, f);
            int top = sf->n_levels - 1;
            const int *off = c->crec_off[f];
            double adj;
            if (l == top) {
                adj = job->tf[f][0][ri[off[0]]];
            } else if (sf->method == CMP_IP && l == 1) {
                adj = job->tf[f][1][ri[off[1]]];
            } else if (sf->method == CMP_PLACE && (l == 2 || l == 1)) {
                adj = job->tf[f][l == 2 ? 1 : 2][ri[off[l == 2 ? 1 : 2]]];
            } else if (sf->method == CMP_PLACE && l == 3 && ri[off[1]] &&
                       ri[off[1]] == rj[off[1]]) {
                /* similar addresses in one postcode: as rare as the postcode is, times the
                 * chance that two addresses of one postcode are this similar; the weight is
                 * log2(u3 / (tf(postcode) u3 / u2)), that of the postcode level */
                adj = job->tf[f][1][ri[off[1]]];
            } else {
                continue;
            }
            if (!adjusted) {
                memcpy(b, b0, (size_t)nb * sizeof *b);
                adjusted = 1;
            }
            b[COMP_S] += adj;
            if (free_h(sf))
                b[COMP_H] += adj;
            if (b[COMP_P(f)] > -INFINITY)
                b[COMP_P(f)] += adj;
        }
        double lo_odds = adjusted ? prior + log2sumexp2(b, nb) : job->base_odds[g];
        if (lo_odds < cut || !(pat_agree(pat, nf) & job->identity_fields))
            continue;
        int via;
        link_kind kind = strongest(s, p, pat, adjusted ? b : b0, nf, &via);
        o->edge = xgrow(o->edge, &o->cap, o->n + 1, sizeof *o->edge);
        o->edge[o->n++] =
            (link_edge){c->pa[k], c->pb[k], (float)lo_odds, (uint8_t)kind, (uint8_t)via, {0}, pat};
    }
}

/* One thread of link_model_decide: takes chunks of pairs until none is left; each chunk's links
 * join the result as soon as every chunk before it has, so they come in pair order, and a
 * chunk's buffer is freed once copied (the links are not held twice). */
static void *decide_worker(void *arg)
{
    decide_job *job = arg;
    size_t k, lo, hi, n_chunk = chunk_queue_count(&job->q);
    while (chunk_queue_take(&job->q, &k, &lo, &hi)) {
        decide_out o = {NULL, 0, 0, 1};
        decide_range(job, lo, hi, &o);
        pthread_mutex_lock(&job->mu);
        job->out[k] = o;
        link_result *r = job->r;
        while (job->appended < n_chunk && job->out[job->appended].done) {
            decide_out *d = &job->out[job->appended++];
            if (d->n) {
                r->edge = xgrow(r->edge, &job->cap, r->n_edge + d->n, sizeof *r->edge);
                memcpy(r->edge + r->n_edge, d->edge, d->n * sizeof *r->edge);
                r->n_edge += d->n;
            }
            xfree(d->edge);
            d->edge = NULL;
        }
        pthread_mutex_unlock(&job->mu);
    }
    return NULL;
}

/* Scores every candidate pair on the context's threads; the accepted pairs are appended in
 * pair order whatever the number of threads. Co-location alone is not identity: a pair whose
 * only agreements are on `network` fields that are not identifiers (a shared building, a shared
 * NAT address) is not linked, however rare the place: dorm-mates, neighbours and coworkers
 * share those with nobody's fake identity involved. A household or a company links through
 * what its members share besides (a card, an account, a family name). */
void link_model_decide(link_ctx *c, link_result *r)
{
    const link_spec *s = c->spec;
    const link_params *p = &r->params;
    int nf = s->n_field;
    const pattern_table *pt = &c->patterns;
    size_t np = pt->n;
    int nb = 2 + nf;
    double *base = xmalloc((np ? np : 1) * (size_t)nb * sizeof *base);
    double *base_odds = xmalloc((np ? np : 1) * sizeof *base_odds);
    double prior = log2(p->lambda / (1 - p->lambda));
    for (size_t g = 0; g < np; g++) {
        component_bits(s, p, pt->pat[g], base + (size_t)nb * g);
        base_odds[g] = prior + log2sumexp2(base + (size_t)nb * g, nb);
    }
    uint32_t identity = 0;
    for (int f = 0; f < nf; f++)
        if (!s->field[f].network || s->field[f].key)
            identity |= (uint32_t)1 << f;
    double *tf[SPEC_MAX_FIELDS][3] = {{NULL}}, most[SPEC_MAX_FIELDS][3];
    tf_tables(c, p, tf, most);
    double cut = log2(s->threshold / (1 - s->threshold));
    uint8_t *may = xmalloc(np ? np : 1);
    for (size_t g = 0; g < np; g++)
        may[g] = !link_decide_bound || pattern_may_link(s, pt->pat[g], base + (size_t)nb * g, prior,
                                                        cut, identity, (const double(*)[3])most);
    decide_job job = {.c = c,
                      .p = p,
                      .base = base,
                      .base_odds = base_odds,
                      .prior = prior,
                      .cut = cut,
                      .identity_fields = identity,
                      .tf = (double *const(*)[3])tf,
                      .may = may,
                      .r = r};
    chunk_queue_init(&job.q, c->n_pairs, DECIDE_TAKE);
    size_t n_chunk = chunk_queue_count(&job.q);
    job.out = xcalloc(n_chunk ? n_chunk : 1, sizeof *job.out);
    pthread_mutex_init(&job.mu, NULL);
    r->edge = NULL;
    r->n_edge = 0;
    run_jobs(run_jobs_count(c->threads, c->n_pairs > 10000), decide_worker, &job, 0);
    pthread_mutex_destroy(&job.mu);
    xfree(job.out);
    /* the links grew by doubling: give back the unused part */
    r->edge = xrealloc(r->edge, (r->n_edge ? r->n_edge : 1) * sizeof *r->edge);
    r->linked_pairs = r->n_edge;
    xfree(base);
    xfree(base_odds);
    xfree(may);
    for (int f = 0; f < nf; f++)
        for (int k = 0; k < 3; k++)
            xfree(tf[f][k]);
}

link_kind link_explain(const link_spec *s, const link_params *p, uint64_t pattern, double *bf)
{
    double b[2 + SPEC_MAX_FIELDS];
    component_bits(s, p, pattern, b);
    if (bf)
        memcpy(bf, b, (size_t)(2 + s->n_field) * sizeof *b);
    int via;
    return strongest(s, p, pattern, b, s->n_field, &via);
}

/* ---- saving and loading parameters ---- */

void link_params_write(const link_params *p, const link_spec *s, FILE *f)
{
    fprintf(f, "# leasehound linkage parameters, format 1; spec %s\n", s->origin);
    fprintf(f, "pi %.17g\npi_persona %.17g\nlambda %.17g\n", p->pi, p->pi_persona, p->lambda);
    for (int i = 0; i < s->n_field; i++) {
        const field_params *fp = &p->field[i];
        const spec_field *sf = &s->field[i];
        fprintf(f, "field %s %d %.17g\n", sf->name, sf->n_levels, fp->persona_share);
        const char *row[4] = {"m_same", "m_other", "m_persona", "u"};
        const double *val[4] = {fp->m_same, fp->m_other, fp->m_persona, fp->u};
        for (int k = 0; k < 4; k++) {
            fprintf(f, "%s", row[k]);
            for (int l = 0; l < sf->n_levels; l++)
                fprintf(f, " %.17g", val[k][l]);
            fputc('\n', f);
        }
    }
}

lh_status link_params_save(const link_params *p, const link_spec *s, const char *path,
                           lh_error *err)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return LH_FAIL(err, LH_ECANTCREAT, "cannot write %s: %s", path, strerror(errno));
    link_params_write(p, s, f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return LH_FAIL(err, LH_ECANTCREAT, "cannot write %s", path);
    return LH_OK;
}

static int read_row(FILE *f, const char *name, int n, double *out)
{
    char word[32];
    if (fscanf(f, "%31s", word) != 1 || strcmp(word, name) != 0)
        return -1;
    for (int l = 0; l < n; l++)
        if (fscanf(f, "%lf", &out[l]) != 1 || !(out[l] > 0 && out[l] < 1))
            return -1;
    return 0;
}

lh_status link_params_load(link_params *p, const link_spec *s, const char *path, lh_error *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return LH_FAIL(err, LH_ENOINPUT, "cannot open %s: %s", path, strerror(errno));
    memset(p, 0, sizeof *p);
    int c;
    while ((c = fgetc(f)) == '#')
        while ((c = fgetc(f)) != EOF && c != '\n')
            ;
    if (c != EOF)
        ungetc(c, f);
    lh_status st = LH_OK;
    if (fscanf(f, " pi %lf pi_persona %lf lambda %lf", &p->pi, &p->pi_persona, &p->lambda) != 3 ||
        !(p->pi > 0 && p->pi < 1) || !(p->pi_persona > 0 && p->pi + p->pi_persona < 1) ||
        !(p->lambda > 0 && p->lambda < 1))
        st = LH_FAIL(err, LH_EUSAGE, "%s: not a linkage parameter file", path);
    for (int i = 0; i < s->n_field && st == LH_OK; i++) {
        char name[SPEC_NAME_MAX + 1];
        int levels;
        const spec_field *sf = &s->field[i];
        field_params *fp = &p->field[i];
        if (fscanf(f, " field %48s %d %lf", name, &levels, &fp->persona_share) != 3 ||
            strcmp(name, sf->name) != 0 || !(fp->persona_share >= 0 && fp->persona_share < 1) ||
            levels != sf->n_levels || read_row(f, "m_same", levels, fp->m_same) ||
            read_row(f, "m_other", levels, fp->m_other) ||
            read_row(f, "m_persona", levels, fp->m_persona) || read_row(f, "u", levels, fp->u))
            st = LH_FAIL(err, LH_EUSAGE,
                         "%s: parameters do not match the spec at field %s (saved with another "
                         "spec or version: save them again, or give their spec with --spec)",
                         path, sf->name);
    }
    p->n_field = s->n_field;
    fclose(f);
    return st;
}
